/* tern-poll-editor.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-poll-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "core/tern-x.h"
#include "tern-poll-editor.h"
#include "tern-ui-utils.h"

struct _TernPollEditor
{
  GtkWidget      parent_instance;

  TernDraftPost *post;
  gboolean       valid;
  char          *message;
  gboolean       syncing;
  GArray        *durations;   /* guint minutes, one per dropdown item */

  GtkBox        *choices_box;
  GtkWidget     *add_button;
  GtkDropDown   *duration_dropdown;
  GtkLabel      *message_label;
};

G_DEFINE_FINAL_TYPE (TernPollEditor, tern_poll_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_POST,
  PROP_VALID,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The lengths X's own composer offers, within X's 5 minutes to 7 days. */
static const guint standard_durations[] = { 5, 15, 30, 60, 6 * 60, 24 * 60, 3 * 24 * 60, 7 * 24 * 60 };

static void sync_from_post (TernPollEditor *self);

/* Helpers */

static guint
n_choices (TernPollEditor *self)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->choices_box));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

static GtkWidget *
choice_row (TernPollEditor *self,
            guint           index)
{
  GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->choices_box));

  while (row != NULL && index-- > 0)
    row = gtk_widget_get_next_sibling (row);
  return row;
}

/* Each row: entry, counter, remove button (choices 3 and 4 only). */
static GtkEditable *
row_entry (GtkWidget *row)
{
  return GTK_EDITABLE (gtk_widget_get_first_child (row));
}

static GtkLabel *
row_counter (GtkWidget *row)
{
  return GTK_LABEL (gtk_widget_get_next_sibling (gtk_widget_get_first_child (row)));
}

static void
set_valid (TernPollEditor *self,
           gboolean        valid,
           const char     *message)
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

/* The counters and the check follow X's rules (core): characters, not
 * bytes, and the message says what to change. */
static void
update_check (TernPollEditor *self)
{
  g_autoptr(GError) error = NULL;
  const char * const *options = self->post ? tern_draft_post_get_poll_options (self->post) : NULL;
  guint n = n_choices (self);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = choice_row (self, i);
      const char *text = gtk_editable_get_text (row_entry (row));
      g_autofree char *stripped = g_strstrip (g_strdup (text));
      glong left = TERN_X_POLL_OPTION_MAX_CHARS - g_utf8_strlen (stripped, -1);
      g_autofree char *number = g_strdup_printf ("%ld", left);
      GtkLabel *counter = row_counter (row);

      gtk_label_set_label (counter, number);
      if (left < 0)
        gtk_widget_add_css_class (GTK_WIDGET (counter), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (counter), "error");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "poll.add-choice", n < TERN_X_POLL_MAX_OPTIONS);
  gtk_widget_set_visible (self->add_button, n < TERN_X_POLL_MAX_OPTIONS);

  if (self->post == NULL || options == NULL)
    {
      set_valid (self, FALSE, NULL);
      return;
    }
  if (tern_x_check_poll (options, tern_draft_post_get_poll_duration (self->post), &error))
    {
      set_valid (self, TRUE, NULL);
      return;
    }

  /* An empty choice is being written, not a mistake worth a message yet;
   * the Post button is off all the same. */
  for (guint i = 0; options[i] != NULL; i++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (options[i]));

      if (*stripped == '\0')
        {
          set_valid (self, FALSE, NULL);
          return;
        }
    }
  set_valid (self, FALSE, error->message);
}

static void
write_to_post (TernPollEditor *self)
{
  g_autoptr(GPtrArray) options = g_ptr_array_new ();
  guint n = n_choices (self);

  if (self->post == NULL || self->syncing)
    return;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (options, (gpointer) gtk_editable_get_text (row_entry (choice_row (self, i))));
  g_ptr_array_add (options, NULL);

  self->syncing = TRUE;
  tern_draft_post_set_poll_options (self->post, (const char * const *) options->pdata);
  self->syncing = FALSE;
  update_check (self);
}

static void
choice_changed_cb (TernPollEditor *self,
                   GtkEditable    *entry)
{
  write_to_post (self);
}

static void
remove_choice_clicked_cb (GtkButton      *button,
                          TernPollEditor *self)
{
  GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (button));

  gtk_box_remove (self->choices_box, row);
  write_to_post (self);
}

static GtkWidget *
append_choice (TernPollEditor *self)
{
  guint index = n_choices (self);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *counter = gtk_label_new (NULL);
  g_autofree char *placeholder = NULL;

  placeholder = index < TERN_X_POLL_MIN_OPTIONS
    ? g_strdup_printf (_("Choice %u"), index + 1)
    : g_strdup_printf (_("Choice %u (optional)"), index + 1);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_box_append (GTK_BOX (row), entry);

  gtk_widget_add_css_class (counter, "numeric");
  gtk_widget_add_css_class (counter, "dim-label");
  gtk_label_set_width_chars (GTK_LABEL (counter), 3);
  gtk_label_set_xalign (GTK_LABEL (counter), 1);
  gtk_box_append (GTK_BOX (row), counter);

  if (index >= TERN_X_POLL_MIN_OPTIONS)
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_add_css_class (remove, "circular");
      gtk_widget_set_tooltip_text (remove, _("Remove This Choice"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Choice"), -1);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_choice_clicked_cb), self);
      gtk_box_append (GTK_BOX (row), remove);
    }
  else
    {
      /* Rows line up whether they have the button or not. */
      GtkWidget *space = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      gtk_widget_set_size_request (space, 34, -1);
      gtk_box_append (GTK_BOX (row), space);
    }

  g_signal_connect_object (entry, "changed", G_CALLBACK (choice_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->choices_box, row);
  return entry;
}

static void
fill_durations (TernPollEditor *self,
                guint           current)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;

  g_array_set_size (self->durations, 0);
  for (guint i = 0; i < G_N_ELEMENTS (standard_durations); i++)
    g_array_append_val (self->durations, standard_durations[i]);
  /* A length set elsewhere (the command line, an older draft) is kept. */
  for (guint i = 0; i < self->durations->len; i++)
    if (g_array_index (self->durations, guint, i) == current)
      selected = i;
  if (selected == GTK_INVALID_LIST_POSITION)
    {
      g_array_append_val (self->durations, current);
      selected = self->durations->len - 1;
    }
  for (guint i = 0; i < self->durations->len; i++)
    {
      g_autofree char *label = tern_x_format_poll_duration (g_array_index (self->durations, guint, i));

      gtk_string_list_append (labels, label);
    }
  gtk_drop_down_set_model (self->duration_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->duration_dropdown, selected);
}

static void
duration_selected_cb (TernPollEditor *self,
                      GParamSpec     *pspec,
                      GtkDropDown    *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->post == NULL || self->syncing || selected >= self->durations->len)
    return;
  self->syncing = TRUE;
  tern_draft_post_set_poll_duration (self->post, g_array_index (self->durations, guint, selected));
  self->syncing = FALSE;
  update_check (self);
}

static void
sync_from_post (TernPollEditor *self)
{
  const char * const *options;
  guint n;

  if (self->syncing)
    return;
  self->syncing = TRUE;

  while (gtk_widget_get_first_child (GTK_WIDGET (self->choices_box)) != NULL)
    gtk_box_remove (self->choices_box, gtk_widget_get_first_child (GTK_WIDGET (self->choices_box)));

  options = self->post ? tern_draft_post_get_poll_options (self->post) : NULL;
  n = options ? g_strv_length ((char **) options) : 0;
  for (guint i = 0; i < MAX (n, TERN_X_POLL_MIN_OPTIONS) && i < TERN_X_POLL_MAX_OPTIONS; i++)
    {
      GtkWidget *entry = append_choice (self);

      if (i < n)
        gtk_editable_set_text (GTK_EDITABLE (entry), options[i]);
    }
  fill_durations (self, self->post ? tern_draft_post_get_poll_duration (self->post)
                                   : TERN_X_POLL_DEFAULT_MINUTES);

  self->syncing = FALSE;
  update_check (self);
}

static void
post_poll_changed_cb (TernPollEditor *self,
                      GParamSpec     *pspec,
                      TernDraftPost  *post)
{
  sync_from_post (self);
}

/* Actions */

static void
add_choice_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  tern_poll_editor_add_choice (TERN_POLL_EDITOR (widget));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TernPollEditor *self = TERN_POLL_EDITOR (widget);

  if (self->post != NULL)
    tern_draft_post_set_poll_options (self->post, NULL);
}

/* GObject */

static void
tern_poll_editor_dispose (GObject *object)
{
  TernPollEditor *self = (TernPollEditor *)object;

  tern_poll_editor_set_post (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERN_TYPE_POLL_EDITOR);
  /* The template's root box has no id: it is unparented here. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tern_poll_editor_parent_class)->dispose (object);
}

static void
tern_poll_editor_finalize (GObject *object)
{
  TernPollEditor *self = (TernPollEditor *)object;

  g_free (self->message);
  g_array_unref (self->durations);

  G_OBJECT_CLASS (tern_poll_editor_parent_class)->finalize (object);
}

static void
tern_poll_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TernPollEditor *self = TERN_POLL_EDITOR (object);

  switch (prop_id)
    {
    case PROP_POST:
      g_value_set_object (value, self->post);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_poll_editor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TernPollEditor *self = TERN_POLL_EDITOR (object);

  switch (prop_id)
    {
    case PROP_POST:
      tern_poll_editor_set_post (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_poll_editor_class_init (TernPollEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tern_poll_editor_dispose;
  object_class->finalize = tern_poll_editor_finalize;
  object_class->get_property = tern_poll_editor_get_property;
  object_class->set_property = tern_poll_editor_set_property;

  properties[PROP_POST] =
    g_param_spec_object ("post", NULL, NULL, TERN_TYPE_DRAFT_POST,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "poll.add-choice", NULL, add_choice_action);
  gtk_widget_class_install_action (widget_class, "poll.remove", NULL, remove_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-poll-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TernPollEditor, choices_box);
  gtk_widget_class_bind_template_child (widget_class, TernPollEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, TernPollEditor, duration_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TernPollEditor, message_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "polleditor");
}

static void
tern_poll_editor_init (TernPollEditor *self)
{
  self->durations = g_array_new (FALSE, FALSE, sizeof (guint));

  gtk_widget_init_template (GTK_WIDGET (self));
  tern_ui_fix_mnemonic_names_in (GTK_WIDGET (self));
  g_signal_connect_object (self->duration_dropdown, "notify::selected",
                           G_CALLBACK (duration_selected_cb), self, G_CONNECT_SWAPPED);
  sync_from_post (self);
}

/* Public API */

GtkWidget *
tern_poll_editor_new (void)
{
  return g_object_new (TERN_TYPE_POLL_EDITOR, NULL);
}

/**
 * tern_poll_editor_get_post:
 *
 * Returns: (transfer none) (nullable): the post whose poll is edited
 */
TernDraftPost *
tern_poll_editor_get_post (TernPollEditor *self)
{
  g_return_val_if_fail (TERN_IS_POLL_EDITOR (self), NULL);
  return self->post;
}

void
tern_poll_editor_set_post (TernPollEditor *self,
                           TernDraftPost  *post)
{
  g_return_if_fail (TERN_IS_POLL_EDITOR (self));
  g_return_if_fail (post == NULL || TERN_IS_DRAFT_POST (post));

  if (self->post == post)
    return;
  if (self->post != NULL)
    g_signal_handlers_disconnect_by_data (self->post, self);
  g_set_object (&self->post, post);
  if (post != NULL)
    {
      g_signal_connect_object (post, "notify::poll-options", G_CALLBACK (post_poll_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (post, "notify::poll-duration", G_CALLBACK (post_poll_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  sync_from_post (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POST]);
}

gboolean
tern_poll_editor_get_valid (TernPollEditor *self)
{
  g_return_val_if_fail (TERN_IS_POLL_EDITOR (self), FALSE);
  return self->valid;
}

/**
 * tern_poll_editor_get_message:
 *
 * Returns: (nullable): what X would refuse about the poll, for people
 */
const char *
tern_poll_editor_get_message (TernPollEditor *self)
{
  g_return_val_if_fail (TERN_IS_POLL_EDITOR (self), NULL);
  return self->message;
}

/**
 * tern_poll_editor_get_choice:
 *
 * Returns: (transfer none) (nullable): the entry of choice @index
 */
GtkEditable *
tern_poll_editor_get_choice (TernPollEditor *self,
                             guint           index)
{
  GtkWidget *row;

  g_return_val_if_fail (TERN_IS_POLL_EDITOR (self), NULL);

  row = choice_row (self, index);
  return row != NULL ? row_entry (row) : NULL;
}

/**
 * tern_poll_editor_add_choice:
 *
 * Adds an empty choice, up to X's four, and focuses it.
 */
void
tern_poll_editor_add_choice (TernPollEditor *self)
{
  GtkWidget *entry;

  g_return_if_fail (TERN_IS_POLL_EDITOR (self));

  if (n_choices (self) >= TERN_X_POLL_MAX_OPTIONS)
    return;
  self->syncing = TRUE;
  entry = append_choice (self);
  self->syncing = FALSE;
  write_to_post (self);
  gtk_widget_grab_focus (entry);
}
