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
#include "tern-thread-options.h"
#include "core/tern-utils.h"
#include "core/text/tern-text-split.h"

struct _TernComposer
{
  GtkWidget  parent_instance;

  TernDraft *draft;
  GPtrArray *editors;     /* TernPostEditor, in thread order */
  gboolean   valid;
  gboolean   sending;

  GtkWidget *scroller;
  GtkWidget *thread_options;
  GtkBox    *posts_box;
  GtkWidget *add_button;
  GtkLabel  *status_label;
  GtkWidget *post_button;
};

G_DEFINE_FINAL_TYPE (TernComposer, tern_composer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DRAFT,
  PROP_VALID,
  PROP_SENDING,
  N_PROPS
};

enum {
  EDITOR_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_valid (TernComposer *self)
{
  gboolean valid = self->editors->len > 0;

  for (guint i = 0; i < self->editors->len; i++)
    valid = valid && tern_post_editor_get_valid (g_ptr_array_index (self->editors, i));

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
      tern_post_editor_set_removable (editor, i > 0);
    }
}

static void
editor_valid_cb (TernComposer   *self,
                 GParamSpec     *pspec,
                 TernPostEditor *editor)
{
  update_valid (self);
}

static void
editor_remove_requested_cb (TernComposer   *self,
                            TernPostEditor *editor)
{
  guint position;

  if (!g_ptr_array_find (self->editors, editor, &position) || position == 0)
    return;

  tern_draft_remove_post (self->draft, position);

  /* Keep the keyboard where the user was: on the post before. */
  tern_post_editor_focus_text (g_ptr_array_index (self->editors, position - 1));
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
  for (guint i = 0; i < removed; i++)
    remove_editor (self, position);

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(TernDraftPost) post = g_list_model_get_item (posts, position + i);

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
post_button_tooltip_cb (gpointer unused,
                        gboolean sending)
{
  return g_strdup (sending ? _("Stop Posting and Keep the Draft (Esc)")
                           : _("Post the Thread (Ctrl+Enter)"));
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

  g_type_ensure (TERN_TYPE_POST_EDITOR);

  g_type_ensure (TERN_TYPE_THREAD_OPTIONS);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, TernComposer, scroller);
  gtk_widget_class_bind_template_child (widget_class, TernComposer, thread_options);
  gtk_widget_class_bind_template_child (widget_class, TernComposer, posts_box);
  gtk_widget_class_bind_template_child (widget_class, TernComposer, add_button);
  gtk_widget_class_bind_template_child (widget_class, TernComposer, status_label);
  gtk_widget_class_bind_template_child (widget_class, TernComposer, post_button);
  gtk_widget_class_bind_template_callback (widget_class, post_button_label_cb);
  gtk_widget_class_bind_template_callback (widget_class, post_button_action_cb);
  gtk_widget_class_bind_template_callback (widget_class, post_button_tooltip_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "composer");
}

static void
tern_composer_init (TernComposer *self)
{
  self->editors = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.add-post", FALSE);
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
  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_data (tern_draft_get_posts (self->draft), self);

  g_set_object (&self->draft, draft);

  if (draft != NULL)
    {
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
