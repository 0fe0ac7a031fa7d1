/* tern-post-editor.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-post-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-poll-editor.h"
#include "tern-subtitle-row.h"
#include "tern-post-editor-private.h"
#include "tern-scroll.h"
#include "tern-ui-utils.h"
#include "core/tern-utils.h"

static void
attachment_kind_cb (TernPostEditor *self,
                    GParamSpec     *pspec,
                    TernAttachment *attachment);
static void update_subtitle_row (TernPostEditor *self);
static void update_poll (TernPostEditor *self);

G_DEFINE_FINAL_TYPE (TernPostEditor, tern_post_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_POST,
  PROP_VALID,
  PROP_ATTACHMENTS_VALID,
  PROP_REMOVABLE,
  PROP_LOCKED,
  N_PROPS
};

enum {
  REMOVE_REQUESTED,
  MOVE_REQUESTED,
  POST_DROPPED,
  ATTACHMENT_REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
has_attachments (TernPostEditor *self)
{
  return g_list_model_get_n_items (tern_draft_post_get_attachments (self->post)) > 0;
}

static gboolean
is_posted (TernPostEditor *self)
{
  return self->post != NULL && tern_draft_post_get_posted_id (self->post) != NULL;
}

/* Moving and removing are for posts still being written. */
static void
update_actions (TernPostEditor *self)
{
  gboolean movable = !self->locked && !is_posted (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "post.move-up",
                                 movable && self->position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "post.move-down",
                                 movable && self->position + 1 < self->n_posts);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "post.remove",
                                 self->removable && !self->locked);
  gtk_widget_set_visible (self->drag_handle, movable);
}

/* Scrolling into view: the positions are only right once the frame is
 * laid out (a new post, a new line), so it waits for the layout phase of
 * the frame, after the window's own handler has allocated everything. */

static void
cancel_reveal (TernPostEditor *self)
{
  /* A clock whose window went away may have dropped its handlers. */
  if (self->reveal_clock != NULL && self->reveal_id != 0 &&
      g_signal_handler_is_connected (self->reveal_clock, self->reveal_id))
    g_signal_handler_disconnect (self->reveal_clock, self->reveal_id);
  self->reveal_id = 0;
  g_clear_object (&self->reveal_clock);
}

static void
reveal_layout_cb (GdkFrameClock  *clock,
                  TernPostEditor *self)
{
  cancel_reveal (self);

  if (self->reveal_card)
    {
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (self->card, GTK_WIDGET (self), &bounds))
        tern_scroll_to_show (GTK_WIDGET (self), &bounds);
    }
  else if (self->reveal_cursor)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
      GdkRectangle location;
      GtkTextIter iter;
      int x, y;

      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
      gtk_text_view_get_iter_location (self->text_view, &iter, &location);
      gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                             location.x, location.y, &x, &y);
      /* The line below the caret too, so typing never touches the edge. */
      tern_scroll_to_show (GTK_WIDGET (self->text_view),
                           &GRAPHENE_RECT_INIT (x, y, 1, location.height +
                                                gtk_text_view_get_bottom_margin (self->text_view)));
    }
  self->reveal_card = self->reveal_cursor = FALSE;
}

/* GTK 4.8's text view keeps the height it measured before its width,
 * the text scale or the font changed (a narrower window, Settings' large
 * text), and its text then runs under the tiles: it is measured again
 * once its lines are laid out anew (an idle after the change). */
static gboolean
remeasure_idle_cb (gpointer user_data)
{
  TernPostEditor *self = user_data;

  self->remeasure_id = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self->text_view));
  return G_SOURCE_REMOVE;
}

static void
schedule_remeasure (TernPostEditor *self)
{
  if (self->remeasure_id == 0)
    self->remeasure_id = g_idle_add_full (G_PRIORITY_LOW, remeasure_idle_cb, self, NULL);
}

/* A new text size or font: its lines are laid out anew in the next
 * frame's layout, after which it is measured again, as for a new width
 * (measured before that layout, it would keep the old height). */
static void
text_settings_changed_cb (TernPostEditor *self,
                          GParamSpec     *pspec,
                          GtkSettings    *settings)
{
  self->text_width = -1;
  gtk_widget_queue_resize (GTK_WIDGET (self->text_view));
}

/* After each layout of the window: a new width wraps the text anew. */
static void
width_layout_cb (GdkFrameClock  *clock,
                 TernPostEditor *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->text_view));

  if (width == self->text_width)
    return;
  self->text_width = width;
  schedule_remeasure (self);
}

static void
schedule_reveal (TernPostEditor *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL)
    return;
  if (clock != self->reveal_clock)
    cancel_reveal (self);
  if (self->reveal_id == 0)
    {
      self->reveal_clock = g_object_ref (clock);
      self->reveal_id = g_signal_connect (clock, "layout", G_CALLBACK (reveal_layout_cb), self);
    }
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}


static void
update_validity (TernPostEditor *self,
                 gboolean        text_empty)
{
  gboolean valid;

  /* X takes a post of media alone, with no text; a poll needs its
   * question and choices X accepts, and subtitles must parse and fit. */
  valid = (self->parse.valid || (text_empty && has_attachments (self))) &&
          self->attachments_valid &&
          (!tern_draft_post_is_poll (self->post) ||
           tern_poll_editor_get_valid (TERN_POLL_EDITOR (self->poll_editor))) &&
          (!gtk_widget_get_visible (self->subtitle_row) ||
           (tern_subtitle_row_get_valid (TERN_SUBTITLE_ROW (self->subtitle_row)) &&
            !tern_subtitle_row_get_busy (TERN_SUBTITLE_ROW (self->subtitle_row))));

  tern_set_boolean (self, &self->valid, valid, properties[PROP_VALID]);

  /* An empty post after the first holds Post back: say so where it is. */
  if (self->position > 0 && text_empty && !has_attachments (self) &&
      !tern_draft_post_is_poll (self->post))
    gtk_label_set_label (self->hint_label, _("This post is empty: write in it or remove it from the thread."));
  else if (g_strcmp0 (gtk_label_get_label (self->hint_label),
                      _("This post is empty: write in it or remove it from the thread.")) == 0)
    gtk_label_set_label (self->hint_label, NULL);
}

static void
update_counter (TernPostEditor *self)
{
  int remaining = TERN_TEXT_MAX_WEIGHTED_LENGTH - self->parse.weighted_length;
  g_autofree char *number = g_strdup_printf ("%d", remaining);
  g_autofree char *description = NULL;

  gtk_label_set_label (self->counter, number);

  if (remaining >= 0)
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%d character left",
                                                "%d characters left",
                                                remaining),
                                   remaining);
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%d character too many: shorten the post or continue in a new one",
                                                "%d characters too many: shorten the post or continue in a new one",
                                                -remaining),
                                   -remaining);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->counter), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->counter),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);

  if (remaining < 0)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->counter), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->counter), "error");
      gtk_label_set_label (self->hint_label, description);
    }
  else if (remaining <= TERN_POST_EDITOR_WARNING_REMAINING)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->counter), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->counter), "warning");
      gtk_label_set_label (self->hint_label, NULL);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->counter), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->counter), "warning");
      gtk_label_set_label (self->hint_label, NULL);
    }

  if (tern_draft_post_get_posted_id (self->post) != NULL)
    gtk_label_set_label (self->hint_label, _("Posted"));
}

/* The tag over [@from, @to) (in characters) on or off. */
static void
set_overflow (TernPostEditor *self,
              int             from,
              int             to,
              gboolean        on)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  if (from >= to)
    return;
  gtk_text_buffer_get_iter_at_offset (buffer, &start, from);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, to);
  if (on)
    gtk_text_buffer_apply_tag (buffer, self->overflow_tag, &start, &end);
  else
    gtk_text_buffer_remove_tag (buffer, self->overflow_tag, &start, &end);
}

/* @offset: where the part past the limit begins, in the buffer's
 * characters (the parse maps it back from the NFC text), or -1
 *
 * Marks what X would not take the way X does, with a red background, over
 * [@offset, end). Before this change the tag covered [mark, end), the mark
 * having moved with the text; only the edit itself (text inserted may or
 * may not have taken the tag) and the span between the old and the new
 * start are touched, so a key costs the same at any length. */
static void
update_overflow (TernPostEditor *self,
                 int             offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  int length = gtk_text_buffer_get_char_count (buffer);
  int was, now = offset < 0 ? length : offset;
  GtkTextIter iter;

  if (self->edits_unknown)
    {
      set_overflow (self, 0, length, FALSE);
      set_overflow (self, now, length, TRUE);
    }
  else
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &iter, self->overflow_mark);
      was = gtk_text_iter_get_offset (&iter);
      if (now > was)
        set_overflow (self, was, now, FALSE);
      else
        set_overflow (self, now, was, TRUE);

      if (self->edit_start >= 0)
        {
          int start = MIN (self->edit_start, length);
          int end = MIN (self->edit_end, length);

          set_overflow (self, start, MIN (end, now), FALSE);
          set_overflow (self, MAX (start, now), end, TRUE);
        }
    }

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, now);
  gtk_text_buffer_move_mark (buffer, self->overflow_mark, &iter);
  self->edit_start = -1;
  self->edits_unknown = FALSE;
}

static void
update_from_buffer (TernPostEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  int overflow;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  /* One parse gives both the count and where the overflow starts. */
  tern_text_parse_with_overflow (text, &self->parse, &overflow);
  self->storing_text = TRUE;
  tern_draft_post_set_text (self->post, text);
  self->storing_text = FALSE;

  gtk_widget_set_visible (self->placeholder, *text == '\0');
  update_counter (self);
  update_overflow (self, overflow);
  update_validity (self, *text == '\0');
}

/* Edits are noted before the buffer makes them ("changed" comes from
 * within): one edit since the last update is highlighted by itself; more
 * (a change made with the update held back) re-highlight everything. */
static void
note_edit (TernPostEditor *self,
           int             start,
           int             inserted)
{
  if (self->edit_start >= 0)
    self->edits_unknown = TRUE;
  self->edit_start = start;
  self->edit_end = start + inserted;
}

static void
insert_text_cb (TernPostEditor *self,
                GtkTextIter    *location,
                const char     *text,
                int             length,
                GtkTextBuffer  *buffer)
{
  note_edit (self, gtk_text_iter_get_offset (location), (int) g_utf8_strlen (text, length));
}

static void
delete_range_cb (TernPostEditor *self,
                 GtkTextIter    *start,
                 GtkTextIter    *end,
                 GtkTextBuffer  *buffer)
{
  note_edit (self, MIN (gtk_text_iter_get_offset (start), gtk_text_iter_get_offset (end)), 0);
}

static void
buffer_changed_cb (TernPostEditor *self,
                   GtkTextBuffer  *buffer)
{
  static gboolean first_change_logged;

  /* build-aux/bench-startup.sh times "ready to type" by this line. */
  if (!first_change_logged)
    {
      first_change_logged = TRUE;
      g_debug ("first change to a post's text");
    }
  update_from_buffer (self);
}

/* The caret stays in sight while typing or moving through a long post:
 * the text view is not scrollable itself, the composer's list is. */
static void
buffer_mark_set_cb (TernPostEditor *self,
                    GtkTextIter    *location,
                    GtkTextMark    *mark,
                    GtkTextBuffer  *buffer)
{
  if (mark != gtk_text_buffer_get_insert (buffer) ||
      !gtk_widget_has_focus (GTK_WIDGET (self->text_view)))
    return;
  self->reveal_cursor = TRUE;
  schedule_reveal (self);
}

static void
buffer_end_user_action_cb (TernPostEditor *self,
                           GtkTextBuffer  *buffer)
{
  if (!gtk_widget_has_focus (GTK_WIDGET (self->text_view)))
    return;
  self->reveal_cursor = TRUE;
  schedule_reveal (self);
}

/* Text set by the program (a restored draft, a split) is where undoing
 * stops: Ctrl+Z takes back what the user typed, never the draft. */
static void
set_text_irreversibly (TernPostEditor *self,
                       const char     *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_end_irreversible_action (buffer);
}

static void
post_text_changed_cb (TernPostEditor *self,
                      GParamSpec     *pspec,
                      TernDraftPost  *post)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *current = NULL;
  g_autofree char *wanted = NULL;
  GtkTextIter start, end;

  /* Only changes made elsewhere (a restore, a send, a split) are copied
   * in; the editor's own need no comparison of the whole text. */
  if (self->storing_text)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  current = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (g_strcmp0 (current, tern_draft_post_get_text (post)) == 0)
    return;

  /* A copy: emptying the buffer first sets the post's text, which frees
   * the string the post held. */
  wanted = g_strdup (tern_draft_post_get_text (post));
  set_text_irreversibly (self, wanted);
}

/* A post that exists on X is history: it is shown, not edited. */
static void
post_posted_id_changed_cb (TernPostEditor *self,
                           GParamSpec     *pspec,
                           TernDraftPost  *post)
{
  gboolean posted = tern_draft_post_get_posted_id (post) != NULL;

  gtk_text_view_set_editable (self->text_view, !posted && !self->locked);
  /* The caret is hidden by style, not with set_cursor_visible(): GTK 4.8
   * keeps a blink running in a text view that lost the focus (to a poll
   * choice, say) and aborts when that blink finds the cursor turned off. */
  if (posted)
    gtk_widget_add_css_class (GTK_WIDGET (self->text_view), "posted");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->text_view), "posted");
  gtk_widget_set_visible (GTK_WIDGET (self->counter), !posted);
  gtk_widget_set_sensitive (self->emoji_button, !posted);
  update_actions (self);
  update_poll (self);
  if (posted)
    gtk_label_set_label (self->hint_label, _("Posted"));
  else
    update_counter (self);
}

static void
attachments_changed_cb (TernPostEditor *self,
                        guint           position,
                        guint           removed,
                        guint           added,
                        GListModel     *model)
{
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(TernAttachment) attachment = g_list_model_get_item (model, position + i);

      g_signal_connect_object (attachment, "notify::kind", G_CALLBACK (attachment_kind_cb),
                               self, G_CONNECT_SWAPPED);
    }
  update_subtitle_row (self);
  update_poll (self);
  update_validity (self, *tern_draft_post_get_text (self->post) == '\0');
}

/* One video takes subtitles; X puts a video alone in its post. */
static void
update_subtitle_row (TernPostEditor *self)
{
  GListModel *attachments = tern_draft_post_get_attachments (self->post);
  g_autoptr(TernAttachment) video = NULL;

  if (g_list_model_get_n_items (attachments) == 1)
    {
      video = g_list_model_get_item (attachments, 0);
      if (tern_attachment_get_kind (video) != TERN_ATTACHMENT_KIND_VIDEO)
        g_clear_object (&video);
    }
  tern_subtitle_row_set_attachment (TERN_SUBTITLE_ROW (self->subtitle_row), video);
  gtk_widget_set_visible (self->subtitle_row, video != NULL);
}

static void
attachment_kind_cb (TernPostEditor *self,
                    GParamSpec     *pspec,
                    TernAttachment *attachment)
{
  update_subtitle_row (self);
  update_validity (self, *tern_draft_post_get_text (self->post) == '\0');
}

/* X refuses a poll with media: while a post has one, the other is off. */
static void
update_poll (TernPostEditor *self)
{
  gboolean poll = tern_draft_post_is_poll (self->post);
  gboolean media = has_attachments (self);
  gboolean posted = tern_draft_post_get_posted_id (self->post) != NULL;

  gtk_widget_set_visible (self->poll_editor, poll);
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->poll_button)) != poll)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->poll_button), poll);
  gtk_widget_set_sensitive (self->poll_button, !media && !posted);
  gtk_widget_set_sensitive (self->attach_button, !poll && !posted);
  gtk_widget_set_tooltip_text (self->poll_button,
                               poll ? _("Make This Post an Ordinary One")
                                    : media ? _("A Post With Media Cannot Be a Poll")
                                            : _("Make This Post a Poll"));
  gtk_label_set_label (GTK_LABEL (self->placeholder),
                       poll ? _("Ask a question…") : _("Share what is on your mind…"));
}

static void
post_poll_cb (TernPostEditor *self,
              GParamSpec     *pspec,
              TernDraftPost  *post)
{
  update_poll (self);
  update_validity (self, *tern_draft_post_get_text (self->post) == '\0');
}

static void
poll_toggled_cb (TernPostEditor  *self,
                 GtkToggleButton *button)
{
  gboolean active = gtk_toggle_button_get_active (button);

  if (active == tern_draft_post_is_poll (self->post))
    return;
  if (active)
    {
      const char *empty[] = { "", "", NULL };

      tern_draft_post_set_poll_options (self->post, empty);
      if (tern_poll_editor_get_choice (TERN_POLL_EDITOR (self->poll_editor), 0) != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (tern_poll_editor_get_choice (TERN_POLL_EDITOR (self->poll_editor), 0)));
    }
  else
    tern_draft_post_set_poll_options (self->post, NULL);
}

static void
part_valid_cb (TernPostEditor *self,
               GParamSpec     *pspec,
               GtkWidget      *part)
{
  update_validity (self, *tern_draft_post_get_text (self->post) == '\0');
}

static void
remove_clicked_cb (TernPostEditor *self)
{
  g_signal_emit (self, signals[REMOVE_REQUESTED], 0);
}

/* GTK's own chooser, the one Ctrl+; and Ctrl+. open: it inserts at the
 * caret and gives the keyboard back to the text. */
static void
emoji_clicked_cb (TernPostEditor *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  g_signal_emit_by_name (self->text_view, "insert-emoji");
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TernPostEditor *self = TERN_POST_EDITOR (widget);

  g_signal_emit (self, signals[MOVE_REQUESTED], 0,
                 g_str_equal (action_name, "post.move-up") ? -1 : 1);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE_REQUESTED], 0);
}

/* Dragging a post by its handle onto another one. */

static GdkContentProvider *
drag_prepare_cb (TernPostEditor *self,
                 double          x,
                 double          y,
                 GtkDragSource  *source)
{
  if (self->locked || is_posted (self))
    return NULL;
  return gdk_content_provider_new_typed (TERN_TYPE_DRAFT_POST, self->post);
}

static void
drag_begin_cb (TernPostEditor *self,
               GdkDrag        *drag,
               GtkDragSource  *source)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (self->card);

  gtk_drag_source_set_icon (source, paintable, 12, 12);
}

static gboolean
drop_cb (TernPostEditor *self,
         const GValue   *value,
         double          x,
         double          y,
         GtkDropTarget  *target)
{
  TernDraftPost *post = g_value_get_object (value);

  if (post == NULL || post == self->post || self->locked)
    return FALSE;
  g_signal_emit (self, signals[POST_DROPPED], 0, post);
  return TRUE;
}

static void
tern_post_editor_constructed (GObject *object)
{
  TernPostEditor *self = (TernPostEditor *)object;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter end;

  G_OBJECT_CLASS (tern_post_editor_parent_class)->constructed (object);

  g_assert (self->post != NULL);

  set_text_irreversibly (self, tern_draft_post_get_text (self->post));
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  self->overflow_mark = gtk_text_buffer_create_mark (buffer, NULL, &end, TRUE);
  self->edits_unknown = TRUE;
  g_signal_connect_object (buffer, "insert-text", G_CALLBACK (insert_text_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "delete-range", G_CALLBACK (delete_range_cb), self,
                           G_CONNECT_SWAPPED);
  self->buffer_changed_id =
    g_signal_connect_object (buffer, "changed", G_CALLBACK (buffer_changed_cb), self,
                             G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "mark-set", G_CALLBACK (buffer_mark_set_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "end-user-action", G_CALLBACK (buffer_end_user_action_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->post, "notify::text",
                           G_CALLBACK (post_text_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->post, "notify::posted-id",
                           G_CALLBACK (post_posted_id_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (tern_draft_post_get_attachments (self->post), "items-changed",
                           G_CALLBACK (attachments_changed_cb), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->post, "notify::is-poll",
                           G_CALLBACK (post_poll_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->poll_editor, "notify::valid",
                           G_CALLBACK (part_valid_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->subtitle_row, "notify::valid",
                           G_CALLBACK (part_valid_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->subtitle_row, "notify::busy",
                           G_CALLBACK (part_valid_cb), self, G_CONNECT_SWAPPED);
  tern_poll_editor_set_post (TERN_POLL_EDITOR (self->poll_editor), self->post);
  attachments_changed_cb (self, 0, 0, g_list_model_get_n_items (tern_draft_post_get_attachments (self->post)),
                          tern_draft_post_get_attachments (self->post));

  update_from_buffer (self);
  if (tern_draft_post_get_posted_id (self->post) != NULL)
    post_posted_id_changed_cb (self, NULL, self->post);

  update_actions (self);
  _tern_post_editor_attach_init (self);
  _tern_post_editor_split_init (self);
}

static void
tern_post_editor_dispose (GObject *object)
{
  TernPostEditor *self = (TernPostEditor *)object;

  cancel_reveal (self);
  g_clear_handle_id (&self->remeasure_id, g_source_remove);
  _tern_post_editor_attach_dispose (self);
  _tern_post_editor_split_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERN_TYPE_POST_EDITOR);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);
  g_clear_object (&self->post);

  G_OBJECT_CLASS (tern_post_editor_parent_class)->dispose (object);
}

static void
tern_post_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TernPostEditor *self = TERN_POST_EDITOR (object);

  switch (prop_id)
    {
    case PROP_POST:
      g_value_set_object (value, self->post);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_ATTACHMENTS_VALID:
      g_value_set_boolean (value, self->attachments_valid);
      break;
    case PROP_REMOVABLE:
      g_value_set_boolean (value, self->removable);
      break;
    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_post_editor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TernPostEditor *self = TERN_POST_EDITOR (object);

  switch (prop_id)
    {
    case PROP_POST:
      self->post = g_value_dup_object (value);
      break;
    case PROP_ATTACHMENTS_VALID:
      tern_post_editor_set_attachments_valid (self, g_value_get_boolean (value));
      break;
    case PROP_REMOVABLE:
      tern_post_editor_set_removable (self, g_value_get_boolean (value));
      break;
    case PROP_LOCKED:
      tern_post_editor_set_locked (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_post_editor_map (GtkWidget *widget)
{
  TernPostEditor *self = TERN_POST_EDITOR (widget);

  GTK_WIDGET_CLASS (tern_post_editor_parent_class)->map (widget);

  self->width_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->width_id = g_signal_connect (self->width_clock, "layout", G_CALLBACK (width_layout_cb), self);
}

static void
tern_post_editor_unmap (GtkWidget *widget)
{
  TernPostEditor *self = TERN_POST_EDITOR (widget);

  if (self->width_clock != NULL && self->width_id != 0 &&
      g_signal_handler_is_connected (self->width_clock, self->width_id))
    g_signal_handler_disconnect (self->width_clock, self->width_id);
  self->width_id = 0;
  g_clear_object (&self->width_clock);

  GTK_WIDGET_CLASS (tern_post_editor_parent_class)->unmap (widget);
}

static gboolean
tern_post_editor_grab_focus (GtkWidget *widget)
{
  TernPostEditor *self = TERN_POST_EDITOR (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
tern_post_editor_class_init (TernPostEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tern_post_editor_constructed;
  object_class->dispose = tern_post_editor_dispose;
  object_class->get_property = tern_post_editor_get_property;
  object_class->set_property = tern_post_editor_set_property;

  widget_class->grab_focus = tern_post_editor_grab_focus;
  /* Shift+Tab out of the text goes up, not back into the text. */
  widget_class->focus = tern_ui_focus_children;
  widget_class->map = tern_post_editor_map;
  widget_class->unmap = tern_post_editor_unmap;

  properties[PROP_POST] =
    g_param_spec_object ("post", NULL, NULL, TERN_TYPE_DRAFT_POST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTACHMENTS_VALID] =
    g_param_spec_boolean ("attachments-valid", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REMOVABLE] =
    g_param_spec_boolean ("removable", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TernPostEditor:locked:
   *
   * While the thread is being sent, nothing in the post changes: the
   * text, the attachments, the post itself.
   */
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TernPostEditor::remove-requested:
   *
   * The user asked to remove this post from the thread.
   */
  signals[REMOVE_REQUESTED] =
    g_signal_new ("remove-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * TernPostEditor::move-requested:
   * @delta: -1 to move the post up the thread, 1 to move it down
   *
   * The user asked to move this post (Alt+Up, Alt+Down, the menu).
   */
  signals[MOVE_REQUESTED] =
    g_signal_new ("move-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /**
   * TernPostEditor::post-dropped:
   * @post: the post dragged by its handle
   *
   * The user dropped another post of the thread on this one: @post takes
   * this post's place.
   */
  signals[POST_DROPPED] =
    g_signal_new ("post-dropped",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, TERN_TYPE_DRAFT_POST);

  /**
   * TernPostEditor::attachment-removed:
   * @attachment: what the user removed
   * @position: where it was among the post's attachments
   *
   * Emitted after the user removed an attachment, so it can be put back.
   */
  signals[ATTACHMENT_REMOVED] =
    g_signal_new ("attachment-removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TERN_TYPE_ATTACHMENT, G_TYPE_UINT);

  g_type_ensure (TERN_TYPE_POLL_EDITOR);
  g_type_ensure (TERN_TYPE_SUBTITLE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-post-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, card);
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, header);
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, position_label);
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, drag_handle);
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, menu_button);
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, remove_button);
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, text_view);
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, placeholder);
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, attachments_box);
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, hint_label);
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, counter);
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, attach_button);
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, emoji_button);
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, poll_button);
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, poll_editor);
  gtk_widget_class_bind_template_child (widget_class, TernPostEditor, subtitle_row);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, poll_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, emoji_clicked_cb);

  /* Reordering from the keyboard, with the focus anywhere in the post. */
  gtk_widget_class_install_action (widget_class, "post.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "post.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "post.remove", NULL, remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "post.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, GDK_ALT_MASK, "post.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "post.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, GDK_ALT_MASK, "post.move-down", NULL);

  /* The paperclip from the keyboard: attaching is opening files into the
   * post being written. "post.attach" is the editor's own action group. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "post.attach", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "posteditor");

  _tern_post_editor_class_attach_init (klass);
  _tern_post_editor_class_split_init (klass);
}

static void
tern_post_editor_init (TernPostEditor *self)
{
  GtkTextBuffer *buffer;
  GtkDragSource *source;
  GtkDropTarget *target;
  GtkSettings *settings;
  GdkRGBA overflow;

  self->attachments_valid = TRUE;
  self->n_posts = 1;
  self->edit_start = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect_object (source, "prepare", G_CALLBACK (drag_prepare_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (drag_begin_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->drag_handle, GTK_EVENT_CONTROLLER (source));

  settings = gtk_settings_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  g_signal_connect_object (settings, "notify::gtk-xft-dpi", G_CALLBACK (text_settings_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::gtk-font-name", G_CALLBACK (text_settings_changed_cb),
                           self, G_CONNECT_SWAPPED);

  target = gtk_drop_target_new (TERN_TYPE_DRAFT_POST, GDK_ACTION_MOVE);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  /* A translucent red reads on both light and dark styles. */
  gdk_rgba_parse (&overflow, "rgba(224, 27, 36, 0.3)");
  buffer = gtk_text_view_get_buffer (self->text_view);
  self->overflow_tag = gtk_text_buffer_create_tag (buffer, "overflow",
                                                   "background-rgba", &overflow,
                                                   NULL);
}

/**
 * tern_post_editor_new:
 * @post: the post to edit
 *
 * Returns: (transfer full): a new editor
 */
TernPostEditor *
tern_post_editor_new (TernDraftPost *post)
{
  g_return_val_if_fail (TERN_IS_DRAFT_POST (post), NULL);

  return g_object_new (TERN_TYPE_POST_EDITOR, "post", post, NULL);
}

/**
 * tern_post_editor_get_post:
 *
 * Returns: (transfer none): the post being edited
 */
TernDraftPost *
tern_post_editor_get_post (TernPostEditor *self)
{
  g_return_val_if_fail (TERN_IS_POST_EDITOR (self), NULL);

  return self->post;
}

/**
 * tern_post_editor_get_text_view:
 *
 * Returns: (transfer none): the text view
 */
GtkTextView *
tern_post_editor_get_text_view (TernPostEditor *self)
{
  g_return_val_if_fail (TERN_IS_POST_EDITOR (self), NULL);

  return self->text_view;
}

/**
 * tern_post_editor_get_counter:
 *
 * Returns: (transfer none): the label that shows the characters left; it
 *   has the style class "warning" near the limit and "error" past it
 */
GtkLabel *
tern_post_editor_get_counter (TernPostEditor *self)
{
  g_return_val_if_fail (TERN_IS_POST_EDITOR (self), NULL);

  return self->counter;
}

/**
 * tern_post_editor_get_attachments_box:
 *
 * Where the attachments' widgets go, between the text and the counter.
 * It is empty until someone adds to it.
 *
 * Returns: (transfer none): a horizontal #GtkBox
 */
GtkBox *
tern_post_editor_get_attachments_box (TernPostEditor *self)
{
  g_return_val_if_fail (TERN_IS_POST_EDITOR (self), NULL);

  return self->attachments_box;
}

/**
 * tern_post_editor_get_parse:
 *
 * Returns: (transfer none): the parse of the current text
 */
const TernTextParse *
tern_post_editor_get_parse (TernPostEditor *self)
{
  g_return_val_if_fail (TERN_IS_POST_EDITOR (self), NULL);

  return &self->parse;
}

gboolean
tern_post_editor_get_valid (TernPostEditor *self)
{
  g_return_val_if_fail (TERN_IS_POST_EDITOR (self), FALSE);

  return self->valid;
}

gboolean
tern_post_editor_get_attachments_valid (TernPostEditor *self)
{
  g_return_val_if_fail (TERN_IS_POST_EDITOR (self), FALSE);

  return self->attachments_valid;
}

/**
 * tern_post_editor_set_attachments_valid:
 * @valid: whether the attachments can be posted as they are
 *
 * For the media checks: an attachment X would refuse makes the post, and
 * so the thread, invalid.
 */
void
tern_post_editor_set_attachments_valid (TernPostEditor *self,
                                        gboolean        valid)
{
  g_return_if_fail (TERN_IS_POST_EDITOR (self));

  if (!tern_set_boolean (self, &self->attachments_valid, valid, properties[PROP_ATTACHMENTS_VALID]))
    return;
  if (self->post != NULL)
    update_validity (self, *tern_draft_post_get_text (self->post) == '\0');
}

gboolean
tern_post_editor_get_removable (TernPostEditor *self)
{
  g_return_val_if_fail (TERN_IS_POST_EDITOR (self), FALSE);

  return self->removable;
}

void
tern_post_editor_set_removable (TernPostEditor *self,
                                gboolean        removable)
{
  g_return_if_fail (TERN_IS_POST_EDITOR (self));

  removable = !!removable;
  if (self->removable == removable)
    return;

  self->removable = removable;
  gtk_widget_set_visible (self->remove_button, removable);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOVABLE]);
}

/**
 * tern_post_editor_set_position:
 * @position: the post's place in the thread, from 0
 * @n_posts: how many posts the thread has
 *
 * Shows "2 of 3" above the text when the thread has more than one post.
 */
void
tern_post_editor_set_position (TernPostEditor *self,
                               guint           position,
                               guint           n_posts)
{
  g_autofree char *label = NULL;
  g_autofree char *accessible = NULL;

  g_return_if_fail (TERN_IS_POST_EDITOR (self));
  g_return_if_fail (position < n_posts);

  self->position = position;
  self->n_posts = n_posts;
  update_actions (self);

  /* Translators: a post's place in a thread, e.g. "2 of 3" */
  label = g_strdup_printf (_("%u of %u"), position + 1, n_posts);
  /* Translators: the accessible name of a post's text, e.g. "Post 2 of 3" */
  accessible = g_strdup_printf (_("Post %u of %u"), position + 1, n_posts);

  update_validity (self, *tern_draft_post_get_text (self->post) == '\0');
  gtk_label_set_label (self->position_label, label);
  gtk_widget_set_visible (self->header, n_posts > 1);
  /* The header takes the place of the text's top margin. */
  gtk_text_view_set_top_margin (self->text_view, n_posts > 1 ? 2 : 18);
  gtk_widget_set_margin_top (self->placeholder, n_posts > 1 ? 2 : 18);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  n_posts > 1 ? accessible : _("Post Text"),
                                  -1);
}

void
tern_post_editor_focus_text (TernPostEditor *self)
{
  g_return_if_fail (TERN_IS_POST_EDITOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/**
 * tern_post_editor_reveal:
 *
 * Scrolls the composer to show the whole post (its top, when it is
 * taller than the view) once the frame is laid out: for a post just added
 * or moved, which has no place on screen yet.
 */
void
tern_post_editor_reveal (TernPostEditor *self)
{
  g_return_if_fail (TERN_IS_POST_EDITOR (self));

  self->reveal_card = TRUE;
  schedule_reveal (self);
}

void
_tern_post_editor_attachment_removed (TernPostEditor *self,
                                      TernAttachment *attachment,
                                      guint           position)
{
  g_signal_emit (self, signals[ATTACHMENT_REMOVED], 0, attachment, position);
}

/**
 * tern_post_editor_get_poll_editor:
 *
 * Returns: (transfer none): the poll's editor, shown while the post is one
 */
GtkWidget *
tern_post_editor_get_poll_editor (TernPostEditor *self)
{
  g_return_val_if_fail (TERN_IS_POST_EDITOR (self), NULL);

  return self->poll_editor;
}

/**
 * tern_post_editor_get_subtitle_row:
 *
 * Returns: (transfer none): the video's subtitle row, shown while the post
 *   has a video
 */
GtkWidget *
tern_post_editor_get_subtitle_row (TernPostEditor *self)
{
  g_return_val_if_fail (TERN_IS_POST_EDITOR (self), NULL);

  return self->subtitle_row;
}

gboolean
tern_post_editor_get_locked (TernPostEditor *self)
{
  g_return_val_if_fail (TERN_IS_POST_EDITOR (self), FALSE);

  return self->locked;
}

void
tern_post_editor_set_locked (TernPostEditor *self,
                             gboolean        locked)
{
  gboolean posted;

  g_return_if_fail (TERN_IS_POST_EDITOR (self));

  if (!tern_set_boolean (self, &self->locked, locked, properties[PROP_LOCKED]))
    return;

  posted = self->post != NULL && tern_draft_post_get_posted_id (self->post) != NULL;
  gtk_text_view_set_editable (self->text_view, !self->locked && !posted);
  gtk_widget_set_can_target (GTK_WIDGET (self), !self->locked);
  gtk_widget_set_can_focus (GTK_WIDGET (self), !self->locked);
  update_actions (self);
  _tern_post_editor_attach_set_locked (self);
}
