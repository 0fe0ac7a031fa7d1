/* tern-thread-options.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-thread-options"

#include "config.h"

#include <glib/gi18n.h>

#include "core/tern-x.h"
#include "tern-thread-options.h"

struct _TernThreadOptions
{
  GtkWidget         parent_instance;

  TernDraft        *draft;
  TernClient       *client;
  GSettings        *settings;
  gboolean          syncing;

  GtkBox           *buttons_box;
  GtkBox           *cards_box;
  TernReferenceRow *reply_row;
  TernReferenceRow *quote_row;
  GtkDropDown      *who_can_reply;
};

G_DEFINE_FINAL_TYPE (TernThreadOptions, tern_thread_options, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DRAFT,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Position 0 is everyone (no reply_settings); then X's values in order. */
static const char *
value_at (guint position)
{
  const char * const *values = tern_x_reply_settings_values ();

  if (position == 0 || position == GTK_INVALID_LIST_POSITION)
    return NULL;
  for (guint i = 1; *values != NULL; values++, i++)
    if (i == position)
      return *values;
  return NULL;
}

static guint
position_of (const char *value)
{
  const char * const *values = tern_x_reply_settings_values ();

  if (value == NULL)
    return 0;
  for (guint i = 1; *values != NULL; values++, i++)
    if (g_str_equal (*values, value))
      return i;
  return 0;
}

static void
sync_from_draft (TernThreadOptions *self)
{
  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->who_can_reply,
                              position_of (self->draft ? tern_draft_get_reply_settings (self->draft) : NULL));
  self->syncing = FALSE;
}

static void
draft_reply_settings_cb (TernThreadOptions *self,
                         GParamSpec        *pspec,
                         TernDraft         *draft)
{
  sync_from_draft (self);
}

static void
who_can_reply_selected_cb (TernThreadOptions *self,
                           GParamSpec        *pspec,
                           GtkDropDown       *dropdown)
{
  const char *value = value_at (gtk_drop_down_get_selected (dropdown));

  if (self->syncing || self->draft == NULL)
    return;
  tern_draft_set_reply_settings (self->draft, value);
  /* The next thread starts with the same choice. */
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "reply-settings", value ? value : "");
}

/* Collapsed rows are buttons on one line; a field or a card takes the
 * width below. The reply comes before the quote in both places. */
static void
place_rows (TernThreadOptions *self)
{
  TernReferenceRow *rows[] = { self->reply_row, self->quote_row };
  GtkWidget *after_button = NULL, *after_card = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *row = GTK_WIDGET (rows[i]);
      GtkBox *wanted = tern_reference_row_get_collapsed (rows[i]) ? self->buttons_box : self->cards_box;
      GtkWidget **after = wanted == self->buttons_box ? &after_button : &after_card;

      if (gtk_widget_get_parent (row) != GTK_WIDGET (wanted))
        {
          g_object_ref (row);
          gtk_box_remove (GTK_BOX (gtk_widget_get_parent (row)), row);
          gtk_box_insert_child_after (wanted, row, *after);
          g_object_unref (row);
        }
      *after = row;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->cards_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->cards_box)) != NULL);
}

static void
row_collapsed_cb (TernThreadOptions *self,
                  GParamSpec        *pspec,
                  TernReferenceRow  *row)
{
  place_rows (self);
}

static void
tern_thread_options_dispose (GObject *object)
{
  TernThreadOptions *self = (TernThreadOptions *)object;

  tern_thread_options_set_draft (self, NULL);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERN_TYPE_THREAD_OPTIONS);
  /* The template's root box has no id: it is unparented here. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tern_thread_options_parent_class)->dispose (object);
}

static void
tern_thread_options_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TernThreadOptions *self = TERN_THREAD_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_thread_options_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TernThreadOptions *self = TERN_THREAD_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      tern_thread_options_set_draft (self, g_value_get_object (value));
      break;
    case PROP_CLIENT:
      tern_thread_options_set_client (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_thread_options_class_init (TernThreadOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tern_thread_options_dispose;
  object_class->get_property = tern_thread_options_get_property;
  object_class->set_property = tern_thread_options_set_property;

  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, TERN_TYPE_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TERN_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TERN_TYPE_REFERENCE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-thread-options.ui");
  gtk_widget_class_bind_template_child (widget_class, TernThreadOptions, buttons_box);
  gtk_widget_class_bind_template_child (widget_class, TernThreadOptions, cards_box);
  gtk_widget_class_bind_template_child (widget_class, TernThreadOptions, reply_row);
  gtk_widget_class_bind_template_child (widget_class, TernThreadOptions, quote_row);
  gtk_widget_class_bind_template_child (widget_class, TernThreadOptions, who_can_reply);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "threadoptions");
}

static void
tern_thread_options_init (TernThreadOptions *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->reply_row, "notify::collapsed", G_CALLBACK (row_collapsed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->quote_row, "notify::collapsed", G_CALLBACK (row_collapsed_cb),
                           self, G_CONNECT_SWAPPED);
  place_rows (self);

  gtk_string_list_append (labels, tern_x_reply_settings_describe (NULL));
  for (const char * const *v = tern_x_reply_settings_values (); *v != NULL; v++)
    gtk_string_list_append (labels, tern_x_reply_settings_describe (*v));
  gtk_drop_down_set_model (self->who_can_reply, G_LIST_MODEL (labels));
  /* The drop-down's own button is what takes the keyboard; GTK 4.8 names
   * it after its type. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->who_can_reply));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Who Can Reply"),
                                      -1);
  g_signal_connect_object (self->who_can_reply, "notify::selected",
                           G_CALLBACK (who_can_reply_selected_cb), self, G_CONNECT_SWAPPED);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "reply-settings"))
    self->settings = g_settings_new (APPLICATION_ID);
}

GtkWidget *
tern_thread_options_new (void)
{
  return g_object_new (TERN_TYPE_THREAD_OPTIONS, NULL);
}

/**
 * tern_thread_options_get_draft:
 *
 * Returns: (transfer none) (nullable): the draft
 */
TernDraft *
tern_thread_options_get_draft (TernThreadOptions *self)
{
  g_return_val_if_fail (TERN_IS_THREAD_OPTIONS (self), NULL);
  return self->draft;
}

void
tern_thread_options_set_draft (TernThreadOptions *self,
                               TernDraft         *draft)
{
  g_return_if_fail (TERN_IS_THREAD_OPTIONS (self));
  g_return_if_fail (draft == NULL || TERN_IS_DRAFT (draft));

  if (self->draft == draft)
    return;
  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_data (self->draft, self);
  g_set_object (&self->draft, draft);
  if (draft != NULL)
    {
      g_autofree char *remembered = NULL;

      /* A new thread gets the last choice; a restored one keeps its own. */
      if (self->settings != NULL && tern_draft_is_empty (draft) &&
          tern_draft_get_reply_settings (draft) == NULL)
        {
          remembered = g_settings_get_string (self->settings, "reply-settings");
          if (tern_x_reply_settings_is_valid (remembered))
            tern_draft_set_reply_settings (draft, remembered);
        }
      g_signal_connect_object (draft, "notify::reply-settings",
                               G_CALLBACK (draft_reply_settings_cb), self, G_CONNECT_SWAPPED);
    }
  tern_reference_row_set_draft (self->reply_row, draft);
  tern_reference_row_set_draft (self->quote_row, draft);
  sync_from_draft (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
}

/**
 * tern_thread_options_get_client:
 *
 * Returns: (transfer none) (nullable): the client posts are looked up with
 */
TernClient *
tern_thread_options_get_client (TernThreadOptions *self)
{
  g_return_val_if_fail (TERN_IS_THREAD_OPTIONS (self), NULL);
  return self->client;
}

void
tern_thread_options_set_client (TernThreadOptions *self,
                                TernClient        *client)
{
  g_return_if_fail (TERN_IS_THREAD_OPTIONS (self));

  if (self->client == client)
    return;
  g_set_object (&self->client, client);
  tern_reference_row_set_client (self->reply_row, client);
  tern_reference_row_set_client (self->quote_row, client);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

/**
 * tern_thread_options_get_reference:
 *
 * Returns: (transfer none): the "Reply to" or the "Quote" row
 */
TernReferenceRow *
tern_thread_options_get_reference (TernThreadOptions *self,
                                   TernReferenceKind  kind)
{
  g_return_val_if_fail (TERN_IS_THREAD_OPTIONS (self), NULL);
  return kind == TERN_REFERENCE_KIND_REPLY ? self->reply_row : self->quote_row;
}

/**
 * tern_thread_options_get_who_can_reply:
 *
 * Returns: (transfer none): the choice of who can reply
 */
GtkDropDown *
tern_thread_options_get_who_can_reply (TernThreadOptions *self)
{
  g_return_val_if_fail (TERN_IS_THREAD_OPTIONS (self), NULL);
  return self->who_can_reply;
}
