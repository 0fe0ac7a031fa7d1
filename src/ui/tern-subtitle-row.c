/* tern-subtitle-row.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-subtitle-row"

#include "config.h"

#include <glib/gi18n.h>

#include "core/tern-x.h"
#include "tern-subtitle-row.h"
#include "tern-ui-utils.h"

struct _TernSubtitleRow
{
  GtkWidget       parent_instance;

  TernAttachment *attachment;
  gint64          video_duration;
  gboolean        valid;
  char           *message;
  GCancellable   *cancellable;
  gboolean        syncing;

  GtkLabel       *file_label;
  GtkEntry       *language_entry;
  GtkWidget      *choose_button;
  GtkWidget      *remove_button;
  GtkLabel       *message_label;
};

G_DEFINE_FINAL_TYPE (TernSubtitleRow, tern_subtitle_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ATTACHMENT,
  PROP_VIDEO_DURATION,
  PROP_VALID,
  PROP_MESSAGE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void check (TernSubtitleRow *self);

static void
set_result (TernSubtitleRow *self,
            gboolean         valid,
            const char      *message)
{
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      gtk_label_set_label (self->message_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  if (self->valid != valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
set_busy (TernSubtitleRow *self,
          GCancellable    *cancellable)
{
  gboolean was_busy = self->cancellable != NULL;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, cancellable);
  if (was_busy != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* "clip.fr.srt" says its language; else the person's own. */
static char *
guess_language (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_auto(GStrv) parts = g_strsplit (name, ".", -1);
  guint n = g_strv_length (parts);
  const char *locale = g_get_language_names ()[0];
  g_autofree char *language = NULL;

  if (n >= 3 && tern_x_language_code_is_valid (parts[n - 2]))
    return g_strdup (parts[n - 2]);
  language = g_strndup (locale, strcspn (locale, "_.@"));
  if (tern_x_language_code_is_valid (language))
    return g_steal_pointer (&language);
  return NULL;
}

static void
sync_from_attachment (TernSubtitleRow *self)
{
  GFile *file = self->attachment ? tern_attachment_get_subtitles_file (self->attachment) : NULL;
  const char *language = self->attachment ? tern_attachment_get_subtitles_language (self->attachment) : NULL;

  self->syncing = TRUE;
  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      gtk_label_set_label (self->file_label, name);
      gtk_widget_remove_css_class (GTK_WIDGET (self->file_label), "dim-label");
    }
  else
    {
      gtk_label_set_label (self->file_label, _("No subtitles"));
      gtk_widget_add_css_class (GTK_WIDGET (self->file_label), "dim-label");
    }
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->language_entry)), language ? language : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->language_entry), language ? language : "");
  gtk_widget_set_visible (GTK_WIDGET (self->language_entry), file != NULL);
  gtk_widget_set_visible (self->remove_button, file != NULL);
  gtk_widget_set_visible (self->choose_button, file == NULL);
  self->syncing = FALSE;
  check (self);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TernSubtitleRow) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (object));
  g_autofree char *message = NULL;
  const char *data;
  gsize length;
  gint64 end_ms = 0;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, NULL);

  if (bytes == NULL)
    message = g_strdup_printf (_("Could not read %s (%s). Choose the file again."), name, error->message);
  else
    {
      data = g_bytes_get_data (bytes, &length);
      if (!tern_x_parse_subtitles (data, length, NULL, NULL, &end_ms, &error) ||
          !tern_x_check_subtitles_fit (end_ms, self->video_duration, &error))
        message = g_strdup (error->message);
    }
  if (message == NULL &&
      !tern_x_language_code_is_valid (tern_attachment_get_subtitles_language (self->attachment)))
    message = g_strdup (_("Write the language of the subtitles, such as en or pt-BR."));

  set_result (self, message == NULL, message);
}

/* The file is read again on every change: it is small, and it may have
 * been edited since. */
static void
check (TernSubtitleRow *self)
{
  GFile *file = self->attachment ? tern_attachment_get_subtitles_file (self->attachment) : NULL;
  g_autoptr(GCancellable) cancellable = NULL;

  if (file == NULL)
    {
      set_busy (self, NULL);
      set_result (self, TRUE, NULL);
      return;
    }
  cancellable = g_cancellable_new ();
  set_busy (self, cancellable);
  g_file_load_bytes_async (file, cancellable, loaded_cb, g_object_ref (self));
}

static void
attachment_notify_cb (TernSubtitleRow *self,
                      GParamSpec      *pspec,
                      TernAttachment  *attachment)
{
  sync_from_attachment (self);
}

static void
language_changed_cb (TernSubtitleRow *self,
                     GtkEditable     *entry)
{
  g_autofree char *language = NULL;

  if (self->syncing || self->attachment == NULL)
    return;
  language = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  tern_attachment_set_subtitles (self->attachment, tern_attachment_get_subtitles_file (self->attachment),
                                 language);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     TernSubtitleRow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        tern_subtitle_row_set_file (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/* Actions */

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TernSubtitleRow *self = TERN_SUBTITLE_ROW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose Subtitles"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), NULL);
  gtk_file_filter_set_name (filter, _("Subtitles (SRT, WebVTT)"));
  gtk_file_filter_add_pattern (filter, "*.srt");
  gtk_file_filter_add_pattern (filter, "*.vtt");
  gtk_file_filter_add_mime_type (filter, "application/x-subrip");
  gtk_file_filter_add_mime_type (filter, "text/vtt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TernSubtitleRow *self = TERN_SUBTITLE_ROW (widget);

  if (self->attachment != NULL)
    tern_attachment_set_subtitles (self->attachment, NULL, NULL);
}

/* GObject */

static void
tern_subtitle_row_dispose (GObject *object)
{
  TernSubtitleRow *self = (TernSubtitleRow *)object;

  set_busy (self, NULL);
  tern_subtitle_row_set_attachment (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERN_TYPE_SUBTITLE_ROW);
  /* The template's root box has no id: it is unparented here. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tern_subtitle_row_parent_class)->dispose (object);
}

static void
tern_subtitle_row_finalize (GObject *object)
{
  TernSubtitleRow *self = (TernSubtitleRow *)object;

  g_free (self->message);

  G_OBJECT_CLASS (tern_subtitle_row_parent_class)->finalize (object);
}

static void
tern_subtitle_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TernSubtitleRow *self = TERN_SUBTITLE_ROW (object);

  switch (prop_id)
    {
    case PROP_ATTACHMENT:
      g_value_set_object (value, self->attachment);
      break;
    case PROP_VIDEO_DURATION:
      g_value_set_int64 (value, self->video_duration);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_subtitle_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TernSubtitleRow *self = TERN_SUBTITLE_ROW (object);

  switch (prop_id)
    {
    case PROP_ATTACHMENT:
      tern_subtitle_row_set_attachment (self, g_value_get_object (value));
      break;
    case PROP_VIDEO_DURATION:
      tern_subtitle_row_set_video_duration (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_subtitle_row_class_init (TernSubtitleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tern_subtitle_row_dispose;
  object_class->finalize = tern_subtitle_row_finalize;
  object_class->get_property = tern_subtitle_row_get_property;
  object_class->set_property = tern_subtitle_row_set_property;

  properties[PROP_ATTACHMENT] =
    g_param_spec_object ("attachment", NULL, NULL, TERN_TYPE_ATTACHMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIDEO_DURATION] =
    g_param_spec_int64 ("video-duration", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "subtitles.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "subtitles.remove", NULL, remove_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-subtitle-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TernSubtitleRow, file_label);
  gtk_widget_class_bind_template_child (widget_class, TernSubtitleRow, language_entry);
  gtk_widget_class_bind_template_child (widget_class, TernSubtitleRow, choose_button);
  gtk_widget_class_bind_template_child (widget_class, TernSubtitleRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, TernSubtitleRow, message_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "subtitlerow");
}

static void
tern_subtitle_row_init (TernSubtitleRow *self)
{
  self->valid = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  tern_ui_fix_mnemonic_names_in (GTK_WIDGET (self));
  g_signal_connect_object (self->language_entry, "changed", G_CALLBACK (language_changed_cb),
                           self, G_CONNECT_SWAPPED);
  sync_from_attachment (self);
}

/* Public API */

GtkWidget *
tern_subtitle_row_new (void)
{
  return g_object_new (TERN_TYPE_SUBTITLE_ROW, NULL);
}

/**
 * tern_subtitle_row_get_attachment:
 *
 * Returns: (transfer none) (nullable): the video
 */
TernAttachment *
tern_subtitle_row_get_attachment (TernSubtitleRow *self)
{
  g_return_val_if_fail (TERN_IS_SUBTITLE_ROW (self), NULL);
  return self->attachment;
}

void
tern_subtitle_row_set_attachment (TernSubtitleRow *self,
                                  TernAttachment  *attachment)
{
  g_return_if_fail (TERN_IS_SUBTITLE_ROW (self));
  g_return_if_fail (attachment == NULL || TERN_IS_ATTACHMENT (attachment));

  if (self->attachment == attachment)
    return;
  if (self->attachment != NULL)
    g_signal_handlers_disconnect_by_data (self->attachment, self);
  g_set_object (&self->attachment, attachment);
  if (attachment != NULL)
    {
      g_signal_connect_object (attachment, "notify::subtitles-file",
                               G_CALLBACK (attachment_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (attachment, "notify::subtitles-language",
                               G_CALLBACK (attachment_notify_cb), self, G_CONNECT_SWAPPED);
    }
  sync_from_attachment (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTACHMENT]);
}

void
tern_subtitle_row_set_video_duration (TernSubtitleRow *self,
                                      gint64           milliseconds)
{
  g_return_if_fail (TERN_IS_SUBTITLE_ROW (self));

  if (self->video_duration == milliseconds)
    return;
  self->video_duration = milliseconds;
  check (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIDEO_DURATION]);
}

gboolean
tern_subtitle_row_get_valid (TernSubtitleRow *self)
{
  g_return_val_if_fail (TERN_IS_SUBTITLE_ROW (self), FALSE);
  return self->valid;
}

/**
 * tern_subtitle_row_get_message:
 *
 * Returns: (nullable): what is wrong with the subtitles, for people
 */
const char *
tern_subtitle_row_get_message (TernSubtitleRow *self)
{
  g_return_val_if_fail (TERN_IS_SUBTITLE_ROW (self), NULL);
  return self->message;
}

gboolean
tern_subtitle_row_get_busy (TernSubtitleRow *self)
{
  g_return_val_if_fail (TERN_IS_SUBTITLE_ROW (self), FALSE);
  return self->cancellable != NULL;
}

/**
 * tern_subtitle_row_set_file:
 * @file: an .srt or .vtt file chosen or dropped
 *
 * Gives the video these subtitles, with the language their name says or
 * the person's own; both can be changed in the row.
 */
void
tern_subtitle_row_set_file (TernSubtitleRow *self,
                            GFile           *file)
{
  g_autofree char *language = NULL;
  const char *current;

  g_return_if_fail (TERN_IS_SUBTITLE_ROW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->attachment == NULL)
    return;
  current = tern_attachment_get_subtitles_language (self->attachment);
  language = current != NULL ? g_strdup (current) : guess_language (file);
  tern_attachment_set_subtitles (self->attachment, file, language);
}
