/* tern-drafts-list.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-drafts-list"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-draft-row.h"
#include "tern-drafts-list.h"
#include "core/tern-utils.h"

struct _TernDraftsList
{
  GtkWidget       parent_instance;

  TernDraftStore *store;
  TernDraft      *current;
  GCancellable   *cancellable;

  /* Template widgets */
  GtkMenuButton  *menu_button;
  GtkPopover     *popover;
  GtkListBox     *list_box;
};

G_DEFINE_FINAL_TYPE (TernDraftsList, tern_drafts_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CURRENT,
  N_PROPS
};

enum {
  DRAFT_ACTIVATED,
  DELETE_DRAFT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static TernDraftRow *
row_of (TernDraftsList *self,
        TernDraft      *draft)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (TERN_IS_DRAFT_ROW (child) && tern_draft_row_get_draft (TERN_DRAFT_ROW (child)) == draft)
      return TERN_DRAFT_ROW (child);
  return NULL;
}

/* The row of the draft being written is selected, so the list shows
 * where the writer is. */
static void
select_current (TernDraftsList *self)
{
  TernDraftRow *row = self->current != NULL ? row_of (self, self->current) : NULL;

  if (row != NULL)
    gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (row));
  else
    gtk_list_box_unselect_all (self->list_box);
}

/* Signal callbacks */

static void
row_delete_cb (TernDraftsList *self,
               TernDraftRow   *row)
{
  g_autoptr(TernDraft) draft = g_object_ref (tern_draft_row_get_draft (row));

  g_signal_emit (self, signals[DELETE_DRAFT], 0, draft);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  TernDraftsList *self = user_data;
  GtkWidget *row = tern_draft_row_new (TERN_DRAFT (item));

  g_signal_connect_object (row, "delete", G_CALLBACK (row_delete_cb), self, G_CONNECT_SWAPPED);
  return row;
}

static void
drafts_changed_cb (TernDraftsList *self,
                   guint           position,
                   guint           removed,
                   guint           added,
                   GListModel     *model)
{
  /* A row moved to the top when its draft changed is a new row. */
  select_current (self);
}

static void
row_activated_cb (TernDraftsList *self,
                  GtkListBoxRow  *row)
{
  TernDraft *draft;

  if (!TERN_IS_DRAFT_ROW (row))
    return;
  draft = tern_draft_row_get_draft (TERN_DRAFT_ROW (row));
  gtk_popover_popdown (self->popover);
  g_signal_emit (self, signals[DRAFT_ACTIVATED], 0, draft);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* An unreadable folder was said at start; the list shows what it has. */
  if (!tern_draft_store_load_finish (TERN_DRAFT_STORE (object), result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Could not read the drafts folder again: %s", error->message);
}

static void
popover_show_cb (TernDraftsList *self)
{
  GtkListBoxRow *focus;

  /* Drafts `tern post` left since the window opened join the list. */
  if (self->store != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      tern_draft_store_load_async (self->store, self->cancellable, loaded_cb, NULL);
    }

  select_current (self);
  /* The keyboard starts on the draft being written, so Down reaches the
   * others; New Draft is one Tab away. */
  focus = gtk_list_box_get_selected_row (self->list_box);
  if (focus == NULL)
    focus = gtk_list_box_get_row_at_index (self->list_box, 0);
  if (focus != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (focus));
}

/* GObject and GtkWidget */

static void
tern_drafts_list_dispose (GObject *object)
{
  TernDraftsList *self = TERN_DRAFTS_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (tern_draft_store_get_drafts (self->store), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERN_TYPE_DRAFTS_LIST);
  g_clear_object (&self->store);
  g_clear_object (&self->current);

  G_OBJECT_CLASS (tern_drafts_list_parent_class)->dispose (object);
}

static void
tern_drafts_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TernDraftsList *self = TERN_DRAFTS_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CURRENT:
      g_value_set_object (value, self->current);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_drafts_list_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TernDraftsList *self = TERN_DRAFTS_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      tern_drafts_list_set_store (self, g_value_get_object (value));
      break;
    case PROP_CURRENT:
      tern_drafts_list_set_current (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_drafts_list_class_init (TernDraftsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tern_drafts_list_dispose;
  object_class->get_property = tern_drafts_list_get_property;
  object_class->set_property = tern_drafts_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TERN_TYPE_DRAFT_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT] =
    g_param_spec_object ("current", NULL, NULL, TERN_TYPE_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TernDraftsList::draft-activated:
   * @draft: the draft chosen in the list
   */
  signals[DRAFT_ACTIVATED] =
    g_signal_new ("draft-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, TERN_TYPE_DRAFT);

  /**
   * TernDraftsList::delete-draft:
   * @draft: the draft whose Delete button was pressed
   */
  signals[DELETE_DRAFT] =
    g_signal_new ("delete-draft",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, TERN_TYPE_DRAFT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-drafts-list.ui");
  gtk_widget_class_bind_template_child (widget_class, TernDraftsList, menu_button);
  gtk_widget_class_bind_template_child (widget_class, TernDraftsList, popover);
  gtk_widget_class_bind_template_child (widget_class, TernDraftsList, list_box);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
tern_drafts_list_init (TernDraftsList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
tern_drafts_list_new (void)
{
  return g_object_new (TERN_TYPE_DRAFTS_LIST, NULL);
}

/**
 * tern_drafts_list_get_store:
 *
 * Returns: (transfer none) (nullable): the store whose drafts are listed
 */
TernDraftStore *
tern_drafts_list_get_store (TernDraftsList *self)
{
  g_return_val_if_fail (TERN_IS_DRAFTS_LIST (self), NULL);

  return self->store;
}

void
tern_drafts_list_set_store (TernDraftsList *self,
                            TernDraftStore *store)
{
  g_return_if_fail (TERN_IS_DRAFTS_LIST (self));
  g_return_if_fail (store == NULL || TERN_IS_DRAFT_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (tern_draft_store_get_drafts (self->store), self);
  g_set_object (&self->store, store);

  if (store != NULL)
    {
      GListModel *drafts = tern_draft_store_get_drafts (store);

      gtk_list_box_bind_model (self->list_box, drafts, create_row_cb, self, NULL);
      /* After the list box's own handler, so the rows exist. */
      g_signal_connect_object (drafts, "items-changed", G_CALLBACK (drafts_changed_cb), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }
  else
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);

  select_current (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * tern_drafts_list_get_current:
 *
 * Returns: (transfer none) (nullable): the draft being written
 */
TernDraft *
tern_drafts_list_get_current (TernDraftsList *self)
{
  g_return_val_if_fail (TERN_IS_DRAFTS_LIST (self), NULL);

  return self->current;
}

void
tern_drafts_list_set_current (TernDraftsList *self,
                              TernDraft      *draft)
{
  g_return_if_fail (TERN_IS_DRAFTS_LIST (self));
  g_return_if_fail (draft == NULL || TERN_IS_DRAFT (draft));

  if (tern_set_object (self, (gpointer *) &self->current, draft, properties[PROP_CURRENT]))
    select_current (self);
}

/**
 * tern_drafts_list_popup:
 *
 * Opens the list, the keyboard on the draft being written.
 */
void
tern_drafts_list_popup (TernDraftsList *self)
{
  g_return_if_fail (TERN_IS_DRAFTS_LIST (self));

  gtk_menu_button_popup (self->menu_button);
}

void
tern_drafts_list_popdown (TernDraftsList *self)
{
  g_return_if_fail (TERN_IS_DRAFTS_LIST (self));

  gtk_menu_button_popdown (self->menu_button);
}

/**
 * tern_drafts_list_get_list_box:
 *
 * Returns: (transfer none): the list of rows, one #TernDraftRow a draft
 */
GtkListBox *
tern_drafts_list_get_list_box (TernDraftsList *self)
{
  g_return_val_if_fail (TERN_IS_DRAFTS_LIST (self), NULL);

  return self->list_box;
}

/**
 * tern_drafts_list_get_popover:
 *
 * Returns: (transfer none): the popover the list is in
 */
GtkPopover *
tern_drafts_list_get_popover (TernDraftsList *self)
{
  g_return_val_if_fail (TERN_IS_DRAFTS_LIST (self), NULL);

  return self->popover;
}
