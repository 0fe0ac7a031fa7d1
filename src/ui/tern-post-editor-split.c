/* tern-post-editor-split.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-post-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-post-editor-private.h"

/* The post editor's part that offers to make a thread of a post: the
 * "Split into Thread" button beside the counter while the post is over
 * the limit (its menu: the same with numbers, " 1/3"), a toast offering the
 * same when a paste takes it over, and a
 * line holding only "---" (typed, then Enter; or pasted) starting a new
 * post. The editor only asks, with "split-requested"; the composer, which
 * owns the thread, does the splitting (tern_composer_split_post()). */

static guint split_requested_signal;

static gboolean
over_limit (TernPostEditor *self)
{
  return self->parse.weighted_length > TERN_TEXT_MAX_WEIGHTED_LENGTH &&
         !self->locked &&
         tern_draft_post_get_posted_id (self->post) == NULL;
}

static void
update_split_offer (TernPostEditor *self)
{
  gboolean offer = over_limit (self);

  gtk_widget_set_visible (self->split_button, offer);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "post.split-numbered", offer);
  if (!offer && self->split_toast != NULL)
    {
      adw_toast_dismiss (self->split_toast);
      g_clear_object (&self->split_toast);
    }
}

static void
split_clicked_cb (TernPostEditor *self)
{
  if (self->split_toast != NULL)
    {
      adw_toast_dismiss (self->split_toast);
      g_clear_object (&self->split_toast);
    }
  if (over_limit (self))
    g_signal_emit (self, split_requested_signal, 0, TRUE, FALSE);
}

static void
split_numbered_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TernPostEditor *self = TERN_POST_EDITOR (widget);

  if (over_limit (self))
    g_signal_emit (self, split_requested_signal, 0, TRUE, TRUE);
}

static void
split_toast_dismissed_cb (TernPostEditor *self,
                          AdwToast       *toast)
{
  if (self->split_toast == toast)
    g_clear_object (&self->split_toast);
}

static void
split_buffer_changed_cb (TernPostEditor *self,
                         GtkTextBuffer  *buffer)
{
  update_split_offer (self);
}

static void
split_state_cb (TernPostEditor *self,
                GParamSpec     *pspec,
                GObject        *object)
{
  update_split_offer (self);
}

/* A paste that takes the post over the limit: the offer, where the eye
 * is after a paste, and in the toast area that reads it out. */
static void
paste_done_cb (TernPostEditor *self,
               GdkClipboard   *clipboard,
               GtkTextBuffer  *buffer)
{
  GtkWidget *overlay;
  AdwToast *toast;

  if (!over_limit (self))
    return;
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;

  if (self->split_toast != NULL)
    adw_toast_dismiss (self->split_toast);
  toast = adw_toast_new (_("Too long for one post"));
  adw_toast_set_button_label (toast, _("_Split into Thread"));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (split_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (split_toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_object (&self->split_toast, toast);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static gboolean
break_idle_cb (gpointer user_data)
{
  TernPostEditor *self = user_data;

  self->break_idle = 0;
  if (!self->locked && tern_draft_post_get_posted_id (self->post) == NULL)
    g_signal_emit (self, split_requested_signal, 0, FALSE, FALSE);
  return G_SOURCE_REMOVE;
}

/* Whether @line holds only "---" and is ended ("---" then Enter, or pasted
 * with more after it). Looks at four characters whatever the line's
 * length, so typing stays cheap in a long post. */
static gboolean
is_break_line (GtkTextBuffer *buffer,
               int            line)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (line < 0 || !gtk_text_buffer_get_iter_at_line (buffer, &start, line))
    return FALSE;
  end = start;
  if (!gtk_text_iter_forward_chars (&end, 3))
    return FALSE;
  text = gtk_text_iter_get_slice (&start, &end);
  if (!g_str_equal (text, "---"))
    return FALSE;
  if (gtk_text_iter_get_char (&end) == '\r')
    gtk_text_iter_forward_char (&end);
  return gtk_text_iter_ends_line (&end) && !gtk_text_iter_is_end (&end);
}

/* Only the lines the insertion touched are looked at. The split waits for
 * the insertion to finish. */
static void
insert_text_cb (TernPostEditor *self,
                GtkTextIter    *location,
                const char     *text,
                int             len,
                GtkTextBuffer  *buffer)
{
  int last = gtk_text_iter_get_line (location);
  int first = last;

  for (int i = 0; i < len; i++)
    if (text[i] == '\n')
      first--;

  for (int line = first; line <= last && self->break_idle == 0; line++)
    if (is_break_line (buffer, line))
      self->break_idle = g_idle_add (break_idle_cb, self);
}

void
_tern_post_editor_class_split_init (TernPostEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * TernPostEditor::split-requested:
   * @overflow: %TRUE to cut what does not fit into new posts ("Split into
   *   Thread"), %FALSE to start a new post at each "---" line only
   * @numbered: whether each post of the thread ends with " N/TOTAL"
   *
   * The user asked to make a thread of this post.
   */
  split_requested_signal =
    g_signal_new ("split-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_BOOLEAN);

  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, split_button);
  gtk_widget_class_bind_template_callback (widget_class, split_clicked_cb);
  gtk_widget_class_install_action (widget_class, "post.split-numbered", NULL, split_numbered_action);
}

void
_tern_post_editor_split_init (TernPostEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  g_signal_connect_object (buffer, "changed", G_CALLBACK (split_buffer_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "paste-done", G_CALLBACK (paste_done_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "insert-text", G_CALLBACK (insert_text_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self, "notify::locked", G_CALLBACK (split_state_cb), self,
                           G_CONNECT_SWAPPED);
  /* Also after the count, should it ever come later than the change. */
  g_signal_connect_object (self, "notify::valid", G_CALLBACK (split_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->post, "notify::posted-id", G_CALLBACK (split_state_cb), self,
                           G_CONNECT_SWAPPED);
  update_split_offer (self);
}

void
_tern_post_editor_split_dispose (TernPostEditor *self)
{
  g_clear_handle_id (&self->break_idle, g_source_remove);
  if (self->split_toast != NULL)
    adw_toast_dismiss (self->split_toast);
  g_clear_object (&self->split_toast);
}
