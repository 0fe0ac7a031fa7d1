/* tern-window-drafts.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-draft-row.h"
#include "tern-window-private.h"

/* Many drafts: New Draft, switching between drafts from the list, and
 * deleting one with an Undo toast. A deleted draft stays on disk (in the
 * store's trash) until its toast goes, so a crash while Undo can still be
 * pressed keeps it. */

typedef struct
{
  TernWindow *window;        /* unowned: the window owns the record */
  TernDraft  *draft;
  AdwToast   *toast;         /* weak */
  gboolean    undone;
  gboolean    was_current;
} DeletedDraft;

static void
deleted_draft_free (DeletedDraft *deleted)
{
  if (deleted->toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (deleted->toast), (gpointer *) &deleted->toast);
  g_clear_object (&deleted->draft);
  g_free (deleted);
}

static gboolean
is_sending (TernWindow *self)
{
  return tern_sender_get_sending (self->sender);
}

/* Shows @draft in the composer. What was typed in the one it replaces is
 * written at once; that one goes if it holds nothing. */
static void
switch_to (TernWindow *self,
           TernDraft  *draft)
{
  g_autoptr(TernDraft) previous = NULL;
  TernDraft *shown = tern_window_get_draft (self);

  if (shown == draft)
    {
      tern_composer_focus (self->composer);
      return;
    }

  previous = shown != NULL ? g_object_ref (shown) : NULL;
  if (self->draft_store != NULL)
    tern_draft_store_watch (self->draft_store, draft);
  tern_window_set_draft (self, draft);

  if (previous == NULL || self->draft_store == NULL)
    return;
  if (tern_draft_store_is_trashed (self->draft_store, previous))
    return;
  if (tern_draft_is_empty (previous))
    tern_draft_store_delete_async (self->draft_store, previous, NULL, NULL, NULL);
  else
    tern_draft_store_save_async (self->draft_store, previous, NULL, NULL, NULL);
}

static DeletedDraft *
find_deleted (TernWindow *self,
              const char *id)
{
  for (guint i = 0; i < self->deleted_drafts->len; i++)
    {
      DeletedDraft *deleted = g_ptr_array_index (self->deleted_drafts, i);

      if (g_strcmp0 (tern_draft_get_id (deleted->draft), id) == 0)
        return deleted;
    }
  return NULL;
}

/* Signal callbacks */

static void
deleted_toast_dismissed_cb (AdwToast     *toast,
                            DeletedDraft *deleted)
{
  TernWindow *self = deleted->window;

  /* Undo can no longer be pressed: the deletion is final. */
  if (!deleted->undone && self->draft_store != NULL &&
      tern_draft_store_is_trashed (self->draft_store, deleted->draft))
    tern_draft_store_delete_async (self->draft_store, deleted->draft, NULL, NULL, NULL);
  g_ptr_array_remove_fast (self->deleted_drafts, deleted);
}

static void
draft_activated_cb (TernWindow     *self,
                    TernDraft      *draft,
                    TernDraftsList *list)
{
  if (is_sending (self))
    return;
  switch_to (self, draft);
}

static void
delete_draft_cb (TernWindow     *self,
                 TernDraft      *draft,
                 TernDraftsList *list)
{
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;
  DeletedDraft *deleted;
  AdwToast *toast;
  gboolean current = tern_window_get_draft (self) == draft;

  if (self->draft_store == NULL || (current && is_sending (self)))
    return;

  title = tern_draft_format_title (draft);
  tern_draft_store_trash (self->draft_store, draft);

  /* The composer moves on to the newest remaining draft, or a new one. */
  if (current)
    {
      GListModel *drafts = tern_draft_store_get_drafts (self->draft_store);
      g_autoptr(TernDraft) next = g_list_model_get_item (drafts, 0);

      if (next == NULL)
        next = tern_draft_new ();
      switch_to (self, next);
    }

  deleted = g_new0 (DeletedDraft, 1);
  deleted->window = self;
  deleted->draft = g_object_ref (draft);
  deleted->was_current = current;

  /* Translators: %s is the draft's first line */
  message = g_strdup_printf (_("“%s” deleted"), title);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete-draft");
  adw_toast_set_action_target_value (toast, g_variant_new_string (tern_draft_get_id (draft)));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  deleted->toast = toast;
  g_object_add_weak_pointer (G_OBJECT (toast), (gpointer *) &deleted->toast);
  g_signal_connect (toast, "dismissed", G_CALLBACK (deleted_toast_dismissed_cb), deleted);
  g_ptr_array_add (self->deleted_drafts, deleted);

  tern_window_add_toast (self, toast);
}

static void
sending_changed_cb (TernWindow *self,
                    GParamSpec *pspec,
                    TernSender *sender)
{
  gboolean sending = tern_sender_get_sending (sender);

  /* The draft being posted stays in the composer until it is done. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-draft", !sending);
  gtk_widget_set_sensitive (GTK_WIDGET (self->drafts_list), !sending);
}

/* Actions */

static void
new_draft_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TernWindow *self = TERN_WINDOW (widget);
  TernDraft *shown = tern_window_get_draft (self);
  g_autoptr(TernDraft) fresh = NULL;

  if (is_sending (self))
    return;
  tern_drafts_list_popdown (self->drafts_list);
  gtk_stack_set_visible_child_name (self->stack, "compose");

  /* An empty page is already a new draft. */
  if (shown != NULL && tern_draft_is_empty (shown) &&
      (self->draft_store == NULL || !tern_draft_store_is_trashed (self->draft_store, shown)))
    {
      tern_composer_focus (self->composer);
      return;
    }

  fresh = tern_draft_new ();
  switch_to (self, fresh);
}

static void
show_drafts_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TernWindow *self = TERN_WINDOW (widget);

  if (gtk_widget_is_sensitive (GTK_WIDGET (self->drafts_list)))
    tern_drafts_list_popup (self->drafts_list);
}

static void
undo_delete_draft_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  TernWindow *self = TERN_WINDOW (widget);
  DeletedDraft *deleted = find_deleted (self, g_variant_get_string (parameter, NULL));

  if (deleted == NULL || deleted->undone || self->draft_store == NULL)
    return;

  deleted->undone = TRUE;
  tern_draft_store_untrash (self->draft_store, deleted->draft);
  if (deleted->was_current && !is_sending (self))
    switch_to (self, deleted->draft);
}

/* Hooks */

void
_tern_window_class_drafts_init (TernWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (TERN_TYPE_DRAFTS_LIST);

  gtk_widget_class_install_action (widget_class, "win.new-draft", NULL, new_draft_action);
  gtk_widget_class_install_action (widget_class, "win.show-drafts", NULL, show_drafts_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete-draft", "s", undo_delete_draft_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-draft", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.show-drafts", NULL);

  gtk_widget_class_bind_template_child (widget_class, TernWindow, drafts_list);
}

void
_tern_window_drafts_init (TernWindow *self)
{
  self->deleted_drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) deleted_draft_free);

  g_object_bind_property (self, "draft-store", self->drafts_list, "store", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->composer, "draft", self->drafts_list, "current", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->drafts_list, "draft-activated",
                           G_CALLBACK (draft_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drafts_list, "delete-draft",
                           G_CALLBACK (delete_draft_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sender, "notify::sending",
                           G_CALLBACK (sending_changed_cb), self, G_CONNECT_SWAPPED);
  sending_changed_cb (self, NULL, self->sender);
}

void
_tern_window_drafts_dispose (TernWindow *self)
{
  /* Toasts still showing go with the window; the application's flush on
   * closing makes their deletions final. */
  if (self->deleted_drafts != NULL)
    for (guint i = 0; i < self->deleted_drafts->len; i++)
      {
        DeletedDraft *deleted = g_ptr_array_index (self->deleted_drafts, i);

        if (deleted->toast != NULL)
          g_signal_handlers_disconnect_by_data (deleted->toast, deleted);
      }
  g_clear_pointer (&self->deleted_drafts, g_ptr_array_unref);
}
