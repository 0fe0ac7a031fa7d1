/* tern-composer.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-composer"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-composer.h"
#include "tern-ui-utils.h"
#include "tern-thread-options.h"
#include "core/tern-utils.h"
#include "core/tern-x.h"
#include "core/text/tern-text-split.h"

/* A post or an attachment the user removed, kept for Undo. */
typedef struct
{
  TernDraftPost  *post;        /* the post removed, or the attachment's */
  TernAttachment *attachment;  /* NULL when the whole post went */
  guint           position;    /* where it was */
} Removal;

struct _TernComposer
{
  GtkWidget  parent_instance;

  TernDraft *draft;
  GPtrArray *editors;     /* TernPostEditor, in thread order */
  gboolean   valid;
  gboolean   sending;
  GPtrArray *removals;    /* Removal, the last one last */
  AdwToast  *undo_toast;  /* not owned: the overlay's, while shown */
  char      *blocked_reason;

  GtkWidget *scroller;
  GtkWidget *thread_options;
  GtkBox    *posts_box;
  GtkWidget *add_button;
  GtkLabel  *status_label;
  GtkWidget *post_button;
  GtkRevealer *error_revealer;
  GtkLabel  *error_label;
  GtkButton *error_button;
};

G_DEFINE_FINAL_TYPE (TernComposer, tern_composer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DRAFT,
  PROP_VALID,
  PROP_SENDING,
  PROP_BLOCKED_REASON,
  N_PROPS
};

enum {
  EDITOR_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A post combining what X refuses together (a poll or media with the
 * quote, a poll with media), asked of core as TernPost does before
 * sending. The quote card says so when the quote is one half of it.
 * Returns the reason, or NULL. */
static char *
check_combinations (TernComposer *self)
{
  const char *quote = self->draft != NULL ? tern_draft_get_quote (self->draft) : NULL;
  TernReferenceRow *quote_row;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->editors->len && error == NULL; i++)
    {
      TernDraftPost *post = tern_post_editor_get_post (g_ptr_array_index (self->editors, i));

      if (tern_draft_post_get_posted_id (post) != NULL)
        continue;
      tern_x_check_combination (i == 0 && quote != NULL, tern_draft_post_is_poll (post),
                                g_list_model_get_n_items (tern_draft_post_get_attachments (post)),
                                &error);
    }

  quote_row = tern_thread_options_get_reference (TERN_THREAD_OPTIONS (self->thread_options),
                                                 TERN_REFERENCE_KIND_QUOTE);
  tern_reference_row_set_conflict (quote_row,
                                   error != NULL && !g_error_matches (error, TERN_X_ERROR,
                                                                      TERN_X_ERROR_POLL_WITH_MEDIA)
                                   ? error->message : NULL);
  return error != NULL ? g_strdup (error->message) : NULL;
}

/* Why Post is off, for its tooltip: what X refuses to combine, and an
 * empty post after the first, the cases nothing else on screen explains
 * at Post's side. Returns whether a combination blocks Post. */
static gboolean
update_blocked_reason (TernComposer *self)
{
  g_autofree char *reason = check_combinations (self);
  gboolean conflict = reason != NULL;

  for (guint i = 1; i < self->editors->len && reason == NULL; i++)
    {
      TernDraftPost *post = tern_post_editor_get_post (g_ptr_array_index (self->editors, i));

      if (*tern_draft_post_get_text (post) == '\0' &&
          g_list_model_get_n_items (tern_draft_post_get_attachments (post)) == 0 &&
          !tern_draft_post_is_poll (post))
        /* TRANSLATORS: %u is the place of a post in the thread, from 2 */
        reason = g_strdup_printf (_("Post %u is empty: write in it or remove it"), i + 1);
    }

  tern_set_string (self, &self->blocked_reason, reason, properties[PROP_BLOCKED_REASON]);
  return conflict;
}

static void
removal_free (Removal *removal)
{
  g_clear_object (&removal->post);
  g_clear_object (&removal->attachment);
  g_free (removal);
}

static void
update_valid (TernComposer *self)
{
  gboolean valid = self->editors->len > 0;

  for (guint i = 0; i < self->editors->len; i++)
    valid = valid && tern_post_editor_get_valid (g_ptr_array_index (self->editors, i));

  if (update_blocked_reason (self))
    valid = FALSE;
  if (valid == self->valid)
    return;
  self->valid = valid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

static void
update_positions (TernComposer *self)
{
  for (guint i = 0; i < self->editors->len; i++)
    {
      TernPostEditor *editor = g_ptr_array_index (self->editors, i);

      tern_post_editor_set_position (editor, i, self->editors->len);
      tern_post_editor_set_removable (editor, self->editors->len > 1);
    }
}

static void
draft_changed_cb (TernComposer *self,
                  TernDraft    *draft)
{
  update_valid (self);
}

static void
editor_valid_cb (TernComposer   *self,
                 GParamSpec     *pspec,
                 TernPostEditor *editor)
{
  update_valid (self);
}

static TernPostEditor *
find_editor (TernComposer  *self,
             TernDraftPost *post,
             guint         *position)
{
  for (guint i = 0; i < self->editors->len; i++)
    {
      TernPostEditor *editor = g_ptr_array_index (self->editors, i);

      if (tern_post_editor_get_post (editor) == post)
        {
          if (position != NULL)
            *position = i;
          return editor;
        }
    }
  return NULL;
}

/* Puts back what @removal took away, at its place; the post's editor
 * takes the keyboard. */
static gboolean
restore (TernComposer *self,
         Removal      *removal)
{
  TernPostEditor *editor;
  guint position;

  if (self->draft == NULL || self->sending)
    return FALSE;

  if (removal->attachment == NULL)
    {
      tern_draft_insert_post (self->draft, removal->position, removal->post);
      editor = find_editor (self, removal->post, NULL);
      g_assert (editor != NULL);
    }
  else
    {
      GListModel *attachments = tern_draft_post_get_attachments (removal->post);

      editor = find_editor (self, removal->post, &position);
      if (editor == NULL ||
          tern_draft_post_get_posted_id (removal->post) != NULL ||
          g_list_model_get_n_items (attachments) >= TERN_DRAFT_POST_MAX_ATTACHMENTS)
        return FALSE;
      tern_draft_post_insert_attachment (removal->post, removal->position, removal->attachment);
    }

  tern_post_editor_focus_text (editor);
  tern_post_editor_reveal (editor);
  return TRUE;
}

static char *
removal_title (Removal *removal)
{
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;

  if (removal->attachment == NULL)
    return g_strdup (_("Post removed"));

  basename = g_file_get_basename (tern_attachment_get_file (removal->attachment));
  name = g_filename_display_name (basename);
  /* Translators: a toast; %s is a file name */
  return g_strdup_printf (_("“%s” removed"), name);
}

/* One toast serves every removal while it is shown: it names the last
 * one, and its Undo puts that back. (Changing a shown toast rather than
 * stacking or dismissing toasts also keeps clear of libadwaita 1.2's
 * crashes when toasts come and go during their animations.) */
static void
update_undo_toast (TernComposer *self,
                   gboolean      restored)
{
  g_autofree char *title = NULL;

  if (self->undo_toast == NULL)
    return;

  if (self->removals->len > 0)
    {
      title = removal_title (g_ptr_array_index (self->removals, self->removals->len - 1));
      adw_toast_set_title (self->undo_toast, title);
      adw_toast_set_button_label (self->undo_toast, _("_Undo"));
    }
  else if (restored)
    {
      adw_toast_set_title (self->undo_toast, _("Put back"));
      adw_toast_set_button_label (self->undo_toast, NULL);
    }
}

static void
undo_toast_dismissed_cb (TernComposer *self,
                         AdwToast     *toast)
{
  if (self->undo_toast == toast)
    self->undo_toast = NULL;
}

static void
undo_last (TernComposer *self)
{
  Removal *removal;

  if (self->removals->len == 0)
    return;
  removal = g_ptr_array_steal_index (self->removals, self->removals->len - 1);
  restore (self, removal);
  removal_free (removal);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.undo-remove", self->removals->len > 0);
  update_undo_toast (self, TRUE);
}

static void
undo_toast_clicked_cb (TernComposer *self,
                       AdwToast     *toast)
{
  undo_last (self);
}

static void
remember_removal (TernComposer   *self,
                  TernDraftPost  *post,
                  TernAttachment *attachment,
                  guint           position)
{
  Removal *removal = g_new0 (Removal, 1);
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  removal->post = g_object_ref (post);
  removal->attachment = attachment != NULL ? g_object_ref (attachment) : NULL;
  removal->position = position;
  g_ptr_array_add (self->removals, removal);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.undo-remove", TRUE);

  if (self->undo_toast == NULL && overlay != NULL)
    {
      self->undo_toast = adw_toast_new ("");
      g_signal_connect_object (self->undo_toast, "button-clicked",
                               G_CALLBACK (undo_toast_clicked_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->undo_toast, "dismissed",
                               G_CALLBACK (undo_toast_dismissed_cb), self, G_CONNECT_SWAPPED);
      update_undo_toast (self, FALSE);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), self->undo_toast);
    }
  else
    update_undo_toast (self, FALSE);
}

static void
editor_remove_requested_cb (TernComposer   *self,
                            TernPostEditor *editor)
{
  g_autoptr(TernDraftPost) post = NULL;
  guint position;

  if (self->sending || self->editors->len < 2 ||
      !g_ptr_array_find (self->editors, editor, &position))
    return;

  post = g_object_ref (tern_post_editor_get_post (editor));
  tern_draft_remove_post (self->draft, position);

  /* Keep the keyboard where the user was: on the post before (or the
   * new first one). */
  tern_post_editor_focus_text (g_ptr_array_index (self->editors, position > 0 ? position - 1 : 0));
  remember_removal (self, post, NULL, position);
}

static void
editor_attachment_removed_cb (TernComposer   *self,
                              TernAttachment *attachment,
                              guint           position,
                              TernPostEditor *editor)
{
  remember_removal (self, tern_post_editor_get_post (editor), attachment, position);
}

/* A post cannot pass one that is already on X: the thread there is
 * fixed. */
static gboolean
can_move (TernComposer *self,
          guint         from,
          guint         to)
{
  for (guint i = MIN (from, to); i <= MAX (from, to); i++)
    if (tern_draft_post_get_posted_id (tern_post_editor_get_post (g_ptr_array_index (self->editors, i))) != NULL)
      return FALSE;
  return TRUE;
}

static void
move_post (TernComposer *self,
           guint         from,
           guint         to)
{
  TernPostEditor *editor;

  if (self->sending || from == to || from >= self->editors->len ||
      to >= self->editors->len || !can_move (self, from, to))
    return;

  editor = g_ptr_array_index (self->editors, from);
  tern_draft_move_post (self->draft, from, to);
  /* The editor is the same widget, moved: the keyboard stays in it. */
  tern_post_editor_reveal (editor);
}

static void
editor_move_requested_cb (TernComposer   *self,
                          int             delta,
                          TernPostEditor *editor)
{
  guint position;

  if (!g_ptr_array_find (self->editors, editor, &position) ||
      (delta < 0 && position == 0))
    return;
  move_post (self, position, position + delta);
}

static void
editor_post_dropped_cb (TernComposer   *self,
                        TernDraftPost  *post,
                        TernPostEditor *editor)
{
  guint from, to;

  if (find_editor (self, post, &from) == NULL ||
      !g_ptr_array_find (self->editors, editor, &to))
    return;
  move_post (self, from, to);
}

static void
undo_remove_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  undo_last (TERN_COMPOSER (widget));
}

/* Ctrl+Z anywhere in the window, once the focused text (if any) has
 * nothing of its own to undo: the text view takes the key first. */
static gboolean
undo_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  TernComposer *self = TERN_COMPOSER (widget);

  if (self->removals->len == 0 || self->sending ||
      !gtk_widget_get_mapped (widget))
    return FALSE;
  undo_remove_action (widget, "composer.undo-remove", NULL);
  return TRUE;
}

/* Post @position becomes @parts (none: empty), the new ones right after
 * it; the keyboard goes to the last, where the writing goes on. */
static guint
replace_post (TernComposer *self,
              guint         position,
              char        **parts)
{
  TernDraftPost *post = tern_draft_get_post (self->draft, position);
  guint n = g_strv_length (parts);

  if (n <= 1 && g_strcmp0 (parts[0], tern_draft_post_get_text (post)) == 0)
    return 1;

  tern_draft_post_set_text (post, n > 0 ? parts[0] : "");
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(TernDraftPost) next = tern_draft_post_new ();

      tern_draft_post_set_text (next, parts[i]);
      tern_draft_insert_post (self->draft, position + i, next);
    }
  tern_post_editor_focus_text (g_ptr_array_index (self->editors, position + MAX (n, 1) - 1));
  return MAX (n, 1);
}

static void
editor_split_requested_cb (TernComposer   *self,
                           gboolean        overflow,
                           gboolean        numbered,
                           TernPostEditor *editor)
{
  guint position;

  if (self->sending || !g_ptr_array_find (self->editors, editor, &position))
    return;

  if (overflow)
    tern_composer_split_post (self, position, numbered);
  else
    {
      /* A "---" line: a new post from there, as on the command line. */
      TernDraftPost *post = tern_post_editor_get_post (editor);
      g_auto(GStrv) parts = tern_text_split_at_breaks (tern_draft_post_get_text (post));

      replace_post (self, position, parts);
    }
}

static void
remove_editor (TernComposer *self,
               guint         position)
{
  TernPostEditor *editor = g_ptr_array_index (self->editors, position);

  g_signal_handlers_disconnect_by_data (editor, self);
  gtk_box_remove (self->posts_box, GTK_WIDGET (editor));
  g_ptr_array_remove_index (self->editors, position);
}

static void
insert_editor (TernComposer  *self,
               guint          position,
               TernDraftPost *post)
{
  TernPostEditor *editor = tern_post_editor_new (post);
  GtkWidget *sibling = position > 0 ? g_ptr_array_index (self->editors, position - 1) : NULL;

  g_signal_connect_object (editor, "notify::valid", G_CALLBACK (editor_valid_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "remove-requested", G_CALLBACK (editor_remove_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "move-requested", G_CALLBACK (editor_move_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "post-dropped", G_CALLBACK (editor_post_dropped_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "attachment-removed", G_CALLBACK (editor_attachment_removed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "split-requested", G_CALLBACK (editor_split_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_object_bind_property (self, "sending", editor, "locked", G_BINDING_SYNC_CREATE);
  gtk_box_insert_child_after (self->posts_box, GTK_WIDGET (editor), sibling);
  g_ptr_array_insert (self->editors, position, editor);

  g_signal_emit (self, signals[EDITOR_ADDED], 0, editor);
}

static void
posts_changed_cb (TernComposer *self,
                  guint         position,
                  guint         removed,
                  guint         added,
                  GListModel   *posts)
{
  g_autoptr(GHashTable) moved = g_hash_table_new (NULL, NULL);

  /* A post that leaves and comes back in one change was moved: its
   * editor is moved too, never rebuilt, so the keyboard focus, the
   * text's undo history and the tiles stay. */
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(TernDraftPost) post = g_list_model_get_item (posts, position + i);

      for (guint j = 0; j < removed; j++)
        {
          TernPostEditor *editor = g_ptr_array_index (self->editors, position + j);

          if (tern_post_editor_get_post (editor) == post)
            g_hash_table_insert (moved, post, editor);
        }
    }

  for (guint i = 0; i < removed; i++)
    {
      TernPostEditor *editor = g_ptr_array_index (self->editors, position);

      if (g_hash_table_contains (moved, tern_post_editor_get_post (editor)))
        g_ptr_array_remove_index (self->editors, position);
      else
        remove_editor (self, position);
    }

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(TernDraftPost) post = g_list_model_get_item (posts, position + i);
      TernPostEditor *editor = g_hash_table_lookup (moved, post);

      if (editor != NULL)
        {
          GtkWidget *sibling = position + i > 0 ? g_ptr_array_index (self->editors, position + i - 1) : NULL;

          gtk_box_reorder_child_after (self->posts_box, GTK_WIDGET (editor), sibling);
          g_ptr_array_insert (self->editors, position + i, editor);
        }
      else
        insert_editor (self, position + i, post);
    }

  update_positions (self);
  update_valid (self);
}

static void
add_post_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TernComposer *self = TERN_COMPOSER (widget);
  TernPostEditor *editor;

  if (self->draft == NULL)
    return;

  tern_draft_append_post (self->draft);
  editor = g_ptr_array_index (self->editors, self->editors->len - 1);
  tern_post_editor_focus_text (editor);
  /* It has no place on screen yet: show it once it has one. */
  tern_post_editor_reveal (editor);
}

static void
tern_composer_dispose (GObject *object)
{
  TernComposer *self = (TernComposer *)object;

  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_data (tern_draft_get_posts (self->draft), self);
  g_clear_object (&self->draft);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERN_TYPE_COMPOSER);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->editors, g_ptr_array_unref);
  g_clear_pointer (&self->removals, g_ptr_array_unref);
  g_clear_pointer (&self->blocked_reason, g_free);

  G_OBJECT_CLASS (tern_composer_parent_class)->dispose (object);
}

static void
tern_composer_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TernComposer *self = TERN_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_SENDING:
      g_value_set_boolean (value, self->sending);
      break;
    case PROP_BLOCKED_REASON:
      g_value_set_string (value, self->blocked_reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_composer_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TernComposer *self = TERN_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      tern_composer_set_draft (self, g_value_get_object (value));
      break;
    case PROP_SENDING:
      tern_composer_set_sending (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Template closures: the Post button turns into Cancel while sending. */

static char *
post_button_label_cb (gpointer unused,
                      gboolean sending)
{
  return g_strdup (sending ? _("_Cancel") : _("_Post"));
}

static char *
post_button_action_cb (gpointer unused,
                       gboolean sending)
{
  return g_strdup (sending ? "win.cancel-post" : "win.post");
}

static char *
post_button_tooltip_cb (gpointer    unused,
                        gboolean    sending,
                        const char *blocked_reason)
{
  if (sending)
    return g_strdup (_("Stop Posting and Keep the Draft (Esc)"));
  if (blocked_reason != NULL)
    return g_strdup (blocked_reason);
  return g_strdup (_("Post the Thread (Ctrl+Enter)"));
}

static void
error_dismiss_clicked_cb (TernComposer *self)
{
  tern_composer_show_error (self, NULL, NULL, NULL);
}

static gboolean
tern_composer_grab_focus (GtkWidget *widget)
{
  TernComposer *self = TERN_COMPOSER (widget);

  if (self->editors->len == 0)
    return FALSE;
  return gtk_widget_grab_focus (g_ptr_array_index (self->editors, 0));
}

static void
tern_composer_class_init (TernComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tern_composer_dispose;
  object_class->get_property = tern_composer_get_property;
  object_class->set_property = tern_composer_set_property;

  widget_class->grab_focus = tern_composer_grab_focus;
  /* Tab from the header comes to the Reply To row first, not the text. */
  widget_class->focus = tern_ui_focus_children;

  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, TERN_TYPE_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * TernComposer:sending:
   *
   * Whether the thread is going out: the posts cannot change, and Post
   * becomes Cancel (bound in tern-composer.ui).
   */
  properties[PROP_SENDING] =
    g_param_spec_boolean ("sending", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TernComposer:blocked-reason:
   *
   * Why Post is off when nothing beside it says so (an empty post after
   * the first), or %NULL; Post's tooltip shows it.
   */
  properties[PROP_BLOCKED_REASON] =
    g_param_spec_string ("blocked-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TernComposer::editor-added:
   * @editor: the new #TernPostEditor
   *
   * Emitted for each post editor the composer creates, after it is in
   * place, including those for a restored draft.
   */
  signals[EDITOR_ADDED] =
    g_signal_new ("editor-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, TERN_TYPE_POST_EDITOR);

  gtk_widget_class_install_action (widget_class, "composer.add-post", NULL, add_post_action);
  gtk_widget_class_install_action (widget_class, "composer.undo-remove", NULL, undo_remove_action);

  g_type_ensure (TERN_TYPE_POST_EDITOR);

  g_type_ensure (TERN_TYPE_THREAD_OPTIONS);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, TernComposer, scroller);
  gtk_widget_class_bind_template_child (widget_class, TernComposer, thread_options);
  gtk_widget_class_bind_template_child (widget_class, TernComposer, posts_box);
  gtk_widget_class_bind_template_child (widget_class, TernComposer, add_button);
  gtk_widget_class_bind_template_child (widget_class, TernComposer, status_label);
  gtk_widget_class_bind_template_child (widget_class, TernComposer, post_button);
  gtk_widget_class_bind_template_child (widget_class, TernComposer, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, TernComposer, error_label);
  gtk_widget_class_bind_template_child (widget_class, TernComposer, error_button);
  gtk_widget_class_bind_template_callback (widget_class, error_dismiss_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, post_button_label_cb);
  gtk_widget_class_bind_template_callback (widget_class, post_button_action_cb);
  gtk_widget_class_bind_template_callback (widget_class, post_button_tooltip_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "composer");
}

static void
tern_composer_init (TernComposer *self)
{
  GtkEventController *shortcuts;

  self->editors = g_ptr_array_new ();
  self->removals = g_ptr_array_new_with_free_func ((GDestroyNotify) removal_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  tern_ui_fix_mnemonic_names_in (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.add-post", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.undo-remove", FALSE);

  /* Global: Ctrl+Z restores a removed post or attachment from anywhere in
   * the window, after the focused widget (a text view with its own
   * history) had its turn. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (undo_shortcut_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/**
 * tern_composer_new:
 *
 * Returns: (transfer full): a composer with no draft yet
 */
TernComposer *
tern_composer_new (void)
{
  return g_object_new (TERN_TYPE_COMPOSER, NULL);
}

/**
 * tern_composer_get_draft:
 *
 * Returns: (transfer none) (nullable): the draft being written
 */
TernDraft *
tern_composer_get_draft (TernComposer *self)
{
  g_return_val_if_fail (TERN_IS_COMPOSER (self), NULL);

  return self->draft;
}

void
tern_composer_set_draft (TernComposer *self,
                         TernDraft    *draft)
{
  GListModel *posts;

  g_return_if_fail (TERN_IS_COMPOSER (self));
  g_return_if_fail (draft == NULL || TERN_IS_DRAFT (draft));

  if (self->draft == draft)
    return;

  while (self->editors->len > 0)
    remove_editor (self, self->editors->len - 1);
  /* What was removed from another draft is not put back into this one. */
  g_ptr_array_set_size (self->removals, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.undo-remove", FALSE);
  if (self->draft != NULL)
    {
      g_signal_handlers_disconnect_by_data (tern_draft_get_posts (self->draft), self);
      g_signal_handlers_disconnect_by_data (self->draft, self);
    }

  g_set_object (&self->draft, draft);

  if (draft != NULL)
    {
      /* A quote, a poll or media coming or going may make or end a
       * combination X refuses. */
      g_signal_connect_object (draft, "changed", G_CALLBACK (draft_changed_cb), self,
                               G_CONNECT_SWAPPED);
      posts = tern_draft_get_posts (draft);
      g_signal_connect_object (posts, "items-changed", G_CALLBACK (posts_changed_cb), self,
                               G_CONNECT_SWAPPED);
      posts_changed_cb (self, 0, 0, g_list_model_get_n_items (posts), posts);
    }
  else
    {
      update_valid (self);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.add-post",
                                 draft != NULL && !self->sending);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
}

gboolean
tern_composer_get_valid (TernComposer *self)
{
  g_return_val_if_fail (TERN_IS_COMPOSER (self), FALSE);

  return self->valid;
}

guint
tern_composer_get_n_editors (TernComposer *self)
{
  g_return_val_if_fail (TERN_IS_COMPOSER (self), 0);

  return self->editors->len;
}

/**
 * tern_composer_get_editor:
 * @position: which post of the thread, from 0
 *
 * Returns: (transfer none) (nullable): its editor
 */
TernPostEditor *
tern_composer_get_editor (TernComposer *self,
                          guint         position)
{
  g_return_val_if_fail (TERN_IS_COMPOSER (self), NULL);

  if (position >= self->editors->len)
    return NULL;
  return g_ptr_array_index (self->editors, position);
}

/**
 * tern_composer_get_post_button:
 *
 * Returns: (transfer none): the Post button
 */
GtkWidget *
tern_composer_get_post_button (TernComposer *self)
{
  g_return_val_if_fail (TERN_IS_COMPOSER (self), NULL);

  return self->post_button;
}

gboolean
tern_composer_get_sending (TernComposer *self)
{
  g_return_val_if_fail (TERN_IS_COMPOSER (self), FALSE);

  return self->sending;
}

/**
 * tern_composer_set_sending:
 * @sending: whether the thread is going out
 *
 * Everything the user could change stays still while the draft goes out:
 * the texts, the attachments, the thread. The window itself (menus,
 * moving, resizing, Cancel) keeps working.
 */
void
tern_composer_set_sending (TernComposer *self,
                           gboolean      sending)
{
  g_return_if_fail (TERN_IS_COMPOSER (self));

  sending = !!sending;
  if (self->sending == sending)
    return;
  self->sending = sending;

  /* The posts lock (they follow this property) and Post becomes Cancel. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
  if (sending)
    gtk_widget_grab_focus (self->post_button);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.add-post",
                                 self->draft != NULL && !self->sending);
  /* What the thread replies to, quotes and lets reply goes out with it. */
  gtk_widget_set_sensitive (self->thread_options, !self->sending);
  /* One suggested action, and only when it posts. */
  if (self->sending)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "sending");
      gtk_widget_remove_css_class (self->post_button, "suggested-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "sending");
      gtk_widget_add_css_class (self->post_button, "suggested-action");
    }
}

/**
 * tern_composer_set_status:
 * @status: (nullable): a short line beside the Post button, such as
 *   "Draft saved" or an upload's progress
 */
void
tern_composer_set_status (TernComposer *self,
                          const char   *status)
{
  g_return_if_fail (TERN_IS_COMPOSER (self));

  gtk_label_set_label (self->status_label, status);
}

/**
 * tern_composer_focus:
 *
 * Puts the keyboard in the first post, ready to type.
 */
void
tern_composer_focus (TernComposer *self)
{
  g_return_if_fail (TERN_IS_COMPOSER (self));

  if (self->editors->len > 0)
    tern_post_editor_focus_text (g_ptr_array_index (self->editors, 0));
}

/**
 * tern_composer_get_thread_options:
 *
 * Returns: (transfer none): the reply, quote and who-can-reply options of
 *   the thread
 */
GtkWidget *
tern_composer_get_thread_options (TernComposer *self)
{
  g_return_val_if_fail (TERN_IS_COMPOSER (self), NULL);

  return self->thread_options;
}

/**
 * tern_composer_split_post:
 * @position: which post of the thread, from 0
 * @numbered: whether each new post, and this one, end with " N/TOTAL"
 *
 * "Split into Thread": the text of post @position that X would not take
 * moves into new posts right after it, cut by tern_text_split() (sentence
 * ends where they fit, else word boundaries; never inside a link, tag or
 * emoji), and "---" lines start new posts too. Its attachments, poll and
 * place stay with the first part. The keyboard goes to the last new post.
 *
 * Returns: how many posts the text became (1 when it already fits)
 */
guint
tern_composer_split_post (TernComposer *self,
                          guint         position,
                          gboolean      numbered)
{
  g_auto(GStrv) parts = NULL;
  TernDraftPost *post;

  g_return_val_if_fail (TERN_IS_COMPOSER (self), 0);
  g_return_val_if_fail (self->draft != NULL, 0);
  g_return_val_if_fail (position < self->editors->len, 0);

  post = tern_draft_get_post (self->draft, position);
  if (self->sending || tern_draft_post_get_posted_id (post) != NULL)
    return 1;
  parts = tern_text_split (tern_draft_post_get_text (post),
                           numbered ? TERN_TEXT_SPLIT_NUMBER : TERN_TEXT_SPLIT_NONE);
  return replace_post (self, position, parts);
}

/**
 * tern_composer_show_error:
 * @message: (nullable): what went wrong and what to do, shown whole; %NULL
 *   hides the banner
 * @button_label: (nullable): the banner's action, such as "_Try Again"
 * @action_name: (nullable): the action its button activates
 *
 * Shows a failure that needs reading in a banner above the Post bar:
 * wrapped, never cut off, and never covering Post. Toasts stay for short
 * news.
 */
void
tern_composer_show_error (TernComposer *self,
                          const char   *message,
                          const char   *button_label,
                          const char   *action_name)
{
  g_return_if_fail (TERN_IS_COMPOSER (self));

  if (message == NULL)
    {
      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
      return;
    }

  gtk_label_set_text (self->error_label, message);
  gtk_button_set_label (self->error_button, button_label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->error_button), action_name);
  gtk_widget_set_visible (GTK_WIDGET (self->error_button), button_label != NULL && action_name != NULL);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

/**
 * tern_composer_get_error:
 *
 * Returns: (nullable): the failure the banner shows, or %NULL
 */
const char *
tern_composer_get_error (TernComposer *self)
{
  g_return_val_if_fail (TERN_IS_COMPOSER (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;
  return gtk_label_get_text (self->error_label);
}
