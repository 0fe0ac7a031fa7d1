/* tern-draft-row.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-draft-row"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-draft-row.h"

/* Enough to fill the row; the label ellipsizes the rest. */
#define TITLE_MAX_CHARS 80

struct _TernDraftRow
{
  GtkListBoxRow  parent_instance;

  TernDraft     *draft;
  gboolean       stale;       /* changed while not shown */

  /* Template widgets */
  GtkLabel      *title_label;
  GtkLabel      *age_label;
  GtkLabel      *reason_label;
  GtkWidget     *delete_button;
};

G_DEFINE_FINAL_TYPE (TernDraftRow, tern_draft_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_DRAFT,
  N_PROPS
};

enum {
  DELETE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

/* Signal callbacks */

static void
draft_changed_cb (TernDraftRow *self)
{
  /* Typing changes the draft on every key: a row that is not on screen
   * catches up when it is shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    tern_draft_row_refresh (self);
  else
    self->stale = TRUE;
}

static void
delete_clicked_cb (TernDraftRow *self)
{
  g_signal_emit (self, signals[DELETE], 0);
}

/* GObject and GtkWidget */

static void
tern_draft_row_map (GtkWidget *widget)
{
  TernDraftRow *self = TERN_DRAFT_ROW (widget);

  GTK_WIDGET_CLASS (tern_draft_row_parent_class)->map (widget);

  /* The age moves on while the list is closed. */
  tern_draft_row_refresh (self);
}

static void
tern_draft_row_dispose (GObject *object)
{
  TernDraftRow *self = TERN_DRAFT_ROW (object);

  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_data (self->draft, self);
  g_clear_object (&self->draft);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERN_TYPE_DRAFT_ROW);

  G_OBJECT_CLASS (tern_draft_row_parent_class)->dispose (object);
}

static void
tern_draft_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TernDraftRow *self = TERN_DRAFT_ROW (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_draft_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TernDraftRow *self = TERN_DRAFT_ROW (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      /* Construct-only: a row is made for one draft. */
      self->draft = g_value_dup_object (value);
      if (self->draft != NULL)
        g_signal_connect_object (self->draft, "changed", G_CALLBACK (draft_changed_cb), self,
                                 G_CONNECT_SWAPPED);
      tern_draft_row_refresh (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_draft_row_class_init (TernDraftRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tern_draft_row_dispose;
  object_class->get_property = tern_draft_row_get_property;
  object_class->set_property = tern_draft_row_set_property;
  widget_class->map = tern_draft_row_map;

  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, TERN_TYPE_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TernDraftRow::delete:
   *
   * The row's Delete button was pressed.
   */
  signals[DELETE] =
    g_signal_new ("delete",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-draft-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TernDraftRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, TernDraftRow, age_label);
  gtk_widget_class_bind_template_child (widget_class, TernDraftRow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, TernDraftRow, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
}

static void
tern_draft_row_init (TernDraftRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

/**
 * tern_draft_row_new:
 * @draft: the draft the row shows
 *
 * Returns: (transfer full): a new row
 */
GtkWidget *
tern_draft_row_new (TernDraft *draft)
{
  g_return_val_if_fail (TERN_IS_DRAFT (draft), NULL);

  return g_object_new (TERN_TYPE_DRAFT_ROW, "draft", draft, NULL);
}

/**
 * tern_draft_row_get_draft:
 *
 * Returns: (transfer none): the row's draft
 */
TernDraft *
tern_draft_row_get_draft (TernDraftRow *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT_ROW (self), NULL);

  return self->draft;
}

/**
 * tern_draft_row_dup_title:
 *
 * Returns: (transfer full): what the row calls its draft
 */
char *
tern_draft_row_dup_title (TernDraftRow *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT_ROW (self), NULL);

  return g_strdup (gtk_label_get_label (self->title_label));
}

/**
 * tern_draft_row_refresh:
 *
 * Shows the draft as it is now, and its age as of now.
 */
void
tern_draft_row_refresh (TernDraftRow *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *title = NULL;
  g_autofree char *age = NULL;
  g_autofree char *label = NULL;
  g_autofree char *delete_label = NULL;
  const char *reason;

  g_return_if_fail (TERN_IS_DRAFT_ROW (self));

  self->stale = FALSE;
  if (self->draft == NULL)
    return;

  now = g_date_time_new_now_local ();
  title = tern_draft_format_title (self->draft);
  age = tern_draft_format_age (tern_draft_get_modified (self->draft), now);
  reason = tern_draft_get_last_error (self->draft);

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->age_label, age);
  gtk_label_set_label (self->reason_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL);

  /* Read as one item: what it is, when, and why it is still a draft. */
  if (reason != NULL)
    label = g_strdup_printf (_("%s, %s, not posted: %s"), title, age, reason);
  else
    label = g_strdup_printf (_("%s, %s"), title, age);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  delete_label = g_strdup_printf (_("Delete draft “%s”"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->delete_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label,
                                  -1);
}

/**
 * tern_draft_format_title:
 * @draft: a draft
 *
 * Returns: (transfer full): the draft's first line, or what it holds when
 *   it has media but no text ("Photo", "2 Photos", "GIF", "Video"), or
 *   "Empty draft"
 */
char *
tern_draft_format_title (TernDraft *draft)
{
  char *line;
  guint n_posts, images = 0, gifs = 0, videos = 0, others = 0;

  g_return_val_if_fail (TERN_IS_DRAFT (draft), NULL);

  line = tern_draft_dup_first_line (draft, TITLE_MAX_CHARS);
  if (line != NULL)
    return line;

  n_posts = g_list_model_get_n_items (tern_draft_get_posts (draft));
  for (guint i = 0; i < n_posts; i++)
    {
      GListModel *attachments = tern_draft_post_get_attachments (tern_draft_get_post (draft, i));

      for (guint j = 0; j < g_list_model_get_n_items (attachments); j++)
        {
          g_autoptr(TernAttachment) attachment = g_list_model_get_item (attachments, j);

          switch (tern_attachment_get_kind (attachment))
            {
            case TERN_ATTACHMENT_KIND_IMAGE:
              images++;
              break;
            case TERN_ATTACHMENT_KIND_GIF:
              gifs++;
              break;
            case TERN_ATTACHMENT_KIND_VIDEO:
              videos++;
              break;
            case TERN_ATTACHMENT_KIND_UNKNOWN:
            default:
              others++;
              break;
            }
        }
    }

  if (images + gifs + videos + others == 0)
    return g_strdup (_("Empty draft"));
  if (gifs + videos + others == 0)
    return images == 1 ? g_strdup (_("Photo"))
                       : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Photo", "%u Photos", images), images);
  if (images + videos + others == 0)
    return gifs == 1 ? g_strdup (_("GIF"))
                     : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u GIF", "%u GIFs", gifs), gifs);
  if (images + gifs + others == 0)
    return videos == 1 ? g_strdup (_("Video"))
                       : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Video", "%u Videos", videos), videos);
  return g_strdup (_("Media"));
}

/**
 * tern_draft_format_age:
 * @then_usec: wall-clock microseconds since 1970
 * @now: the time to measure from
 *
 * Returns: (transfer full): how long ago @then_usec was, as a list of
 *   drafts says it: "Just now", "2 min ago", "3 h ago", "Yesterday", a
 *   weekday within the week, else the date
 */
char *
tern_draft_format_age (gint64     then_usec,
                       GDateTime *now)
{
  g_autoptr(GDateTime) then_utc = NULL;
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) yesterday = NULL;
  GTimeSpan span;

  g_return_val_if_fail (now != NULL, NULL);

  then_utc = g_date_time_new_from_unix_utc (then_usec / G_USEC_PER_SEC);
  if (then_utc == NULL)
    return g_strdup (_("Some time ago"));
  then = g_date_time_to_timezone (then_utc, g_date_time_get_timezone (now));
  span = g_date_time_difference (now, then);

  /* A clock set back shows the draft as new, not as from the future. */
  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));
  if (span < G_TIME_SPAN_HOUR)
    {
      guint minutes = span / G_TIME_SPAN_MINUTE;

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u min ago", "%u min ago", minutes), minutes);
    }
  if (same_day (then, now))
    {
      guint hours = span / G_TIME_SPAN_HOUR;

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u h ago", "%u h ago", hours), hours);
    }
  yesterday = g_date_time_add_days (now, -1);
  if (same_day (then, yesterday))
    return g_strdup (_("Yesterday"));
  if (span < 6 * G_TIME_SPAN_DAY)
    /* Translators: a weekday, see g_date_time_format() */
    return g_date_time_format (then, _("%A"));
  if (g_date_time_get_year (then) == g_date_time_get_year (now))
    /* Translators: a day of this year, see g_date_time_format() */
    return g_date_time_format (then, _("%-d %B"));
  /* Translators: a day of another year, see g_date_time_format() */
  return g_date_time_format (then, _("%-d %B %Y"));
}
