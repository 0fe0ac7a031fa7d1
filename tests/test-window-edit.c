/* test-window-edit.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Editing a thread in a real window: reordering posts and attachments,
 * removing them and putting them back, undoing typing, the emoji chooser,
 * and a layout that follows the caret and fits a phone's width. Keys are
 * real X key events (xdotool). */

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "ui/tern-attach.h"
#include "ui/tern-attachment-tile.h"
#include "ui/tern-window.h"
#include "tern-test-fixtures.h"
#include "tern-test-ui.h"

typedef struct
{
  TernDraft      *draft;
  TernWindow     *window;
  TernComposer   *composer;
  guint           keys_released;   /* keys other than modifiers */
} Fixture;

typedef gboolean (*Condition) (Fixture *fixture);

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 Fixture               *fixture)
{
  switch (keyval)
    {
    case GDK_KEY_Shift_L: case GDK_KEY_Shift_R:
    case GDK_KEY_Control_L: case GDK_KEY_Control_R:
    case GDK_KEY_Alt_L: case GDK_KEY_Alt_R:
    case GDK_KEY_Meta_L: case GDK_KEY_Meta_R:
    case GDK_KEY_Super_L: case GDK_KEY_Super_R:
    case GDK_KEY_ISO_Level3_Shift:
      return;
    default:
      fixture->keys_released++;
    }
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  GtkEventController *keys;

  fixture->draft = tern_draft_new ();
  fixture->window = tern_window_new (NULL);
  g_object_ref_sink (fixture->window);
  fixture->composer = tern_window_get_composer (fixture->window);
  tern_window_set_draft (fixture->window, fixture->draft);
  /* Counts the keys the window got, to know when xdotool's have arrived. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-released", G_CALLBACK (key_released_cb), fixture);
  gtk_widget_add_controller (GTK_WIDGET (fixture->window), keys);
  gtk_window_present (GTK_WINDOW (fixture->window));

  while (!gtk_widget_get_mapped (GTK_WIDGET (fixture->window)))
    g_main_context_iteration (NULL, TRUE);
  tern_test_wait_until_idle ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->draft);
  tern_test_wait_until_idle ();
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates until @condition holds; the meson timeout ends a test that
 * never gets there. A source wakes the loop now and then for work done in
 * other threads (thumbnails, probes). */
static void
wait_for (Fixture   *fixture,
          Condition  condition)
{
  while (!condition (fixture))
    {
      gboolean woke = FALSE;
      guint id = g_timeout_add (50, timeout_cb, &woke);

      g_main_context_iteration (NULL, TRUE);
      if (!woke)
        g_source_remove (id);
    }
}

/* Two frames drawn: what changed has been laid out, and what that layout
 * asked for (a scroll) too. */
static void
settle (Fixture *fixture)
{
  tern_test_wait_for_frame (GTK_WIDGET (fixture->window));
  tern_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

/* Xvfb has no window manager: the window gets the X focus from xdotool. */
static void
focus_window (Fixture *fixture)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));
  g_autofree char *xid = NULL;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  tern_test_xdotool ("windowfocus", "--sync", xid, NULL);
}

/* Waits until the window has had @n more keys (modifiers aside) than
 * @before, and has handled what they caused. */
static void
wait_for_keys (Fixture *fixture,
               guint    before,
               guint    n)
{
  while (fixture->keys_released < before + n)
    g_main_context_iteration (NULL, TRUE);
  tern_test_wait_until_idle ();
}

/* A key pressed (with its modifiers), and everything it caused handled. */
static void
press (Fixture    *fixture,
       const char *keys)
{
  guint before = fixture->keys_released;

  tern_test_xdotool ("key", "--clearmodifiers", keys, NULL);
  wait_for_keys (fixture, before, 1);
}

/* Text typed, one key per character. */
static void
type (Fixture    *fixture,
      const char *text)
{
  guint before = fixture->keys_released;

  tern_test_xdotool ("type", "--delay", "15", text, NULL);
  wait_for_keys (fixture, before, g_utf8_strlen (text, -1));
}

static TernPostEditor *
editor_at (Fixture *fixture,
           guint    position)
{
  TernPostEditor *editor = tern_composer_get_editor (fixture->composer, position);

  g_assert_nonnull (editor);
  return editor;
}

static GtkTextBuffer *
buffer_of (TernPostEditor *editor)
{
  return gtk_text_view_get_buffer (tern_post_editor_get_text_view (editor));
}

static char *
buffer_text (TernPostEditor *editor)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer_of (editor), &start, &end);
  return gtk_text_buffer_get_text (buffer_of (editor), &start, &end, FALSE);
}

/* The thread's texts, in the draft's order, as they would be saved. */
static char *
draft_texts (Fixture *fixture)
{
  g_autoptr(JsonNode) node = tern_draft_to_json (fixture->draft);
  JsonArray *posts = json_object_get_array_member (json_node_get_object (node), "posts");
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (posts); i++)
    {
      JsonObject *post = json_array_get_object_element (posts, i);

      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, json_object_get_string_member_with_default (post, "text", ""));
    }
  return g_strdup (out->str);
}

/* Texts as a restored draft has them: set on the model, not typed. */
static void
make_thread (Fixture            *fixture,
             const char * const *texts)
{
  for (guint i = 0; texts[i] != NULL; i++)
    {
      TernDraftPost *post = i == 0 ? tern_draft_get_post (fixture->draft, 0)
                                   : tern_draft_append_post (fixture->draft);

      tern_draft_post_set_text (post, texts[i]);
    }
  tern_test_wait_until_idle ();
}

static GtkWidget *
focused (Fixture *fixture)
{
  return gtk_window_get_focus (GTK_WINDOW (fixture->window));
}

static void
assert_focus_in_text_of (Fixture        *fixture,
                         TernPostEditor *editor)
{
  g_assert_true (focused (fixture) == GTK_WIDGET (tern_post_editor_get_text_view (editor)));
}

/* The first @type under @widget whose tooltip, button label or label
 * text is @tooltip_or_label (any, when NULL). */
static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *tooltip_or_label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (tooltip_or_label == NULL ||
       g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip_or_label) == 0 ||
       (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), tooltip_or_label) == 0) ||
       (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), tooltip_or_label) == 0)))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, tooltip_or_label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
undo_button (Fixture *fixture)
{
  GtkWidget *button = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_BUTTON, "_Undo");

  return button != NULL && gtk_widget_get_mapped (button) && gtk_widget_is_sensitive (button) ? button : NULL;
}

/* A click: gtk_widget_activate() would show the button pressed for a
 * moment first and emit "clicked" only then. */
static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  tern_test_wait_until_idle ();
}

static gboolean
undo_toast_shown (Fixture *fixture)
{
  return undo_button (fixture) != NULL;
}

static gboolean
undo_toast_gone (Fixture *fixture)
{
  return undo_button (fixture) == NULL;
}

static gboolean
label_shown (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_shown (child, text))
      return TRUE;
  return FALSE;
}

/* The part of @widget's @area the composer's scrolled window shows. */
static void
assert_visible_in_scroller (Fixture               *fixture,
                            GtkWidget             *widget,
                            const graphene_rect_t *area)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t view;
  double x, top, bottom;

  g_assert_nonnull (scroller);
  g_assert_true (gtk_widget_compute_bounds (scroller, scroller, &view));
  g_assert_true (gtk_widget_translate_coordinates (widget, scroller, area->origin.x, area->origin.y,
                                                   &x, &top));
  bottom = top + area->size.height;
  g_test_message ("area %.0f..%.0f in a view of %.0f", top, bottom, view.size.height);
  g_assert_cmpfloat (top, >=, 0);
  g_assert_cmpfloat (bottom, <=, view.size.height);
}

static void
insert_mark_rect (TernPostEditor  *editor,
                  graphene_rect_t *rect)
{
  GtkTextView *view = tern_post_editor_get_text_view (editor);
  GtkTextIter iter;
  GdkRectangle location;
  int x, y;

  gtk_text_buffer_get_iter_at_mark (buffer_of (editor), &iter,
                                    gtk_text_buffer_get_insert (buffer_of (editor)));
  gtk_text_view_get_iter_location (view, &iter, &location);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, location.x, location.y, &x, &y);
  graphene_rect_init (rect, x, y, MAX (location.width, 1), location.height);
}

/* Reorder */

static void
test_reorder_with_keys (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *texts[] = { "First", "Second", "Third", NULL };
  g_autofree char *order = NULL;
  TernPostEditor *third;
  GtkTextIter end;

  make_thread (fixture, texts);
  third = editor_at (fixture, 2);
  tern_post_editor_focus_text (third);
  gtk_text_buffer_get_end_iter (buffer_of (third), &end);
  gtk_text_buffer_place_cursor (buffer_of (third), &end);
  focus_window (fixture);

  /* Alt+Up: the post moves up, the keyboard stays in it, and the draft
   * (what is saved and posted) has the new order. */
  press (fixture, "alt+Up");
  order = draft_texts (fixture);
  g_assert_cmpstr (order, ==, "First|Third|Second");
  g_clear_pointer (&order, g_free);
  g_assert_true (editor_at (fixture, 1) == third);
  assert_focus_in_text_of (fixture, third);

  press (fixture, "alt+Up");
  order = draft_texts (fixture);
  g_assert_cmpstr (order, ==, "Third|First|Second");
  g_clear_pointer (&order, g_free);
  assert_focus_in_text_of (fixture, third);

  /* At the top it stays, and types on as before. */
  press (fixture, "alt+Up");
  order = draft_texts (fixture);
  g_assert_cmpstr (order, ==, "Third|First|Second");
  g_clear_pointer (&order, g_free);
  type (fixture, "!");
  order = draft_texts (fixture);
  g_assert_cmpstr (order, ==, "Third!|First|Second");
  g_clear_pointer (&order, g_free);

  press (fixture, "alt+Down");
  order = draft_texts (fixture);
  g_assert_cmpstr (order, ==, "First|Third!|Second");
  g_clear_pointer (&order, g_free);
  assert_focus_in_text_of (fixture, third);

  /* The position labels follow ("2 of 3" on the moved post). */
  g_assert_true (label_shown (GTK_WIDGET (third), "2 of 3"));

  /* The menu's Move Down does the same, for those who look for it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (third), "post.move-down", NULL));
  tern_test_wait_until_idle ();
  order = draft_texts (fixture);
  g_assert_cmpstr (order, ==, "First|Second|Third!");
  g_clear_pointer (&order, g_free);

  settle (fixture);
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "edit-reordered");
}

/* Where @widget's centre is, in the X window's coordinates, for xdotool. */
static void
surface_point (Fixture   *fixture,
               GtkWidget *widget,
               char     **x,
               char     **y)
{
  graphene_rect_t bounds;
  double sx, sy;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (fixture->window), &bounds));
  gtk_native_get_surface_transform (GTK_NATIVE (fixture->window), &sx, &sy);
  *x = g_strdup_printf ("%d", (int) (sx + bounds.origin.x + bounds.size.width / 2));
  *y = g_strdup_printf ("%d", (int) (sy + bounds.origin.y + bounds.size.height / 2));
}

static gboolean
first_is_third (Fixture *fixture)
{
  g_autofree char *order = draft_texts (fixture);

  return g_strcmp0 (order, "Third|First|Second") == 0;
}

/* A post dragged by its handle with the mouse onto the first one. */
static void
test_drag_post (Fixture       *fixture,
                gconstpointer  data)
{
  const char *texts[] = { "First", "Second", "Third", NULL };
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));
  g_autofree char *xid = NULL;
  g_autofree char *from_x = NULL, *from_y = NULL, *to_x = NULL, *to_y = NULL;
  GtkWidget *handle;
  TernPostEditor *third;

  /* All three posts in sight. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 560, 960);
  make_thread (fixture, texts);
  settle (fixture);
  third = editor_at (fixture, 2);
  handle = find_widget (GTK_WIDGET (third), GTK_TYPE_IMAGE, "Drag to Move the Post (Alt+Up, Alt+Down)");
  g_assert_nonnull (handle);
  g_assert_true (gtk_widget_get_mapped (handle));

  surface_point (fixture, handle, &from_x, &from_y);
  surface_point (fixture, GTK_WIDGET (tern_post_editor_get_text_view (editor_at (fixture, 0))), &to_x, &to_y);
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  g_test_message ("drag from %s,%s to %s,%s", from_x, from_y, to_x, to_y);
  focus_window (fixture);
  /* Each step is handled before the next is sent: the drag must have
   * begun (and grabbed the pointer) before the moves and the release
   * that belong to it arrive. Sent all at once they could be handled in
   * one batch on a busy machine, the release before the drag took the
   * pointer, and the drop never came. */
  tern_test_xdotool ("mousemove", "--window", xid, from_x, from_y, NULL);
  settle (fixture);
  tern_test_xdotool ("mousedown", "1", NULL);
  settle (fixture);
  /* Past GTK's drag threshold, then over the first post, in steps. */
  tern_test_xdotool ("mousemove_relative", "--", "0", "-20", NULL);
  settle (fixture);
  tern_test_xdotool ("mousemove_relative", "--", "0", "-20", NULL);
  settle (fixture);
  tern_test_xdotool ("mousemove", "--window", xid, to_x, to_y, NULL);
  settle (fixture);
  tern_test_xdotool ("mousemove_relative", "--", "0", "5", NULL);
  settle (fixture);
  tern_test_xdotool ("mouseup", "1", NULL);
  wait_for (fixture, first_is_third);
  g_assert_true (editor_at (fixture, 0) == third);

  /* The pointer leaves the place where the next tests' windows open (the
   * display is shared): hovering there would show tooltips in them. */
  tern_test_xdotool ("mousemove", "1279", "1023", NULL);
}

/* Remove and Undo */

static void
test_remove_post_and_undo (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *texts[] = { "First", "Second, with words to keep", "Third", NULL };
  g_autofree char *order = NULL;
  TernPostEditor *second;

  make_thread (fixture, texts);
  second = editor_at (fixture, 1);

  /* Removing shows an Undo toast; Undo puts the post back in its place
   * with its text. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (second), "post.remove", NULL));
  tern_test_wait_until_idle ();
  order = draft_texts (fixture);
  g_assert_cmpstr (order, ==, "First|Third");
  g_clear_pointer (&order, g_free);
  wait_for (fixture, undo_toast_shown);
  g_assert_true (label_shown (GTK_WIDGET (fixture->window), "Post removed"));
  settle (fixture);
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "edit-post-removed");

  click (undo_button (fixture));
  tern_test_wait_until_idle ();
  order = draft_texts (fixture);
  g_assert_cmpstr (order, ==, "First|Second, with words to keep|Third");
  g_clear_pointer (&order, g_free);
  wait_for (fixture, undo_toast_gone);

  /* Ctrl+Z does it too: the focus is in the post before, whose text (set
   * by the program, not typed) has nothing of its own to undo. */
  second = editor_at (fixture, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (second), "post.remove", NULL));
  tern_test_wait_until_idle ();
  assert_focus_in_text_of (fixture, editor_at (fixture, 0));
  order = draft_texts (fixture);
  g_assert_cmpstr (order, ==, "First|Third");
  g_clear_pointer (&order, g_free);

  focus_window (fixture);
  press (fixture, "ctrl+z");
  order = draft_texts (fixture);
  g_assert_cmpstr (order, ==, "First|Second, with words to keep|Third");
  g_clear_pointer (&order, g_free);
  assert_focus_in_text_of (fixture, editor_at (fixture, 1));
  g_assert_cmpstr (tern_draft_post_get_text (tern_post_editor_get_post (editor_at (fixture, 1))), ==,
                   "Second, with words to keep");
  {
    g_autofree char *shown = buffer_text (editor_at (fixture, 1));

    g_assert_cmpstr (shown, ==, "Second, with words to keep");
  }

  /* The first post can go too, and comes back first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor_at (fixture, 0)), "post.remove", NULL));
  tern_test_wait_until_idle ();
  press (fixture, "ctrl+z");
  order = draft_texts (fixture);
  g_assert_cmpstr (order, ==, "First|Second, with words to keep|Third");
  g_clear_pointer (&order, g_free);

  /* Nothing left to restore: Ctrl+Z changes nothing. */
  press (fixture, "ctrl+z");
  order = draft_texts (fixture);
  g_assert_cmpstr (order, ==, "First|Second, with words to keep|Third");
}

/* Typing undone and redone per post, never the text the draft brought. */
static void
test_text_undo (Fixture       *fixture,
                gconstpointer  data)
{
  const char *texts[] = { "Loaded", "Other post", NULL };
  TernPostEditor *first;
  g_autofree char *text = NULL;
  GtkTextIter end;

  make_thread (fixture, texts);
  first = editor_at (fixture, 0);
  tern_post_editor_focus_text (first);
  gtk_text_buffer_get_end_iter (buffer_of (first), &end);
  gtk_text_buffer_place_cursor (buffer_of (first), &end);
  focus_window (fixture);

  type (fixture, " words");
  text = buffer_text (first);
  g_assert_cmpstr (text, ==, "Loaded words");
  g_clear_pointer (&text, g_free);

  press (fixture, "ctrl+z");
  text = buffer_text (first);
  g_assert_cmpstr (text, ==, "Loaded");
  g_assert_cmpstr (tern_draft_post_get_text (tern_post_editor_get_post (first)), ==, "Loaded");
  g_clear_pointer (&text, g_free);

  press (fixture, "ctrl+shift+z");
  text = buffer_text (first);
  g_assert_cmpstr (text, ==, "Loaded words");
  g_clear_pointer (&text, g_free);

  /* Undoing past the typing stops at the draft's text. */
  press (fixture, "ctrl+z");
  press (fixture, "ctrl+z");
  text = buffer_text (first);
  g_assert_cmpstr (text, ==, "Loaded");
  g_clear_pointer (&text, g_free);

  /* The other post's history is its own. */
  text = buffer_text (editor_at (fixture, 1));
  g_assert_cmpstr (text, ==, "Other post");
}

/* Attachments */

static GListModel *
attachments_of (TernPostEditor *editor)
{
  return tern_draft_post_get_attachments (tern_post_editor_get_post (editor));
}

static gboolean
two_tiles_checked (Fixture *fixture)
{
  GListModel *attachments = attachments_of (editor_at (fixture, 0));

  if (g_list_model_get_n_items (attachments) != 2)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TernAttachment) attachment = g_list_model_get_item (attachments, i);
      TernAttachmentTile *tile = tern_attach_get_tile (editor_at (fixture, 0), attachment);

      if (tile == NULL || tern_attachment_tile_get_info (tile) == NULL)
        return FALSE;
    }
  return TRUE;
}

static char *
attachment_names (TernPostEditor *editor)
{
  GListModel *attachments = attachments_of (editor);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (attachments); i++)
    {
      g_autoptr(TernAttachment) attachment = g_list_model_get_item (attachments, i);
      g_autofree char *name = g_file_get_basename (tern_attachment_get_file (attachment));

      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, name);
    }
  return g_strdup (out->str);
}

static void
test_attachments_reorder_remove_undo (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autofree char *photo = tern_test_fixture ("photo.jpg");
  g_autofree char *still = tern_test_fixture ("still.webp");
  g_autoptr(GFile) photo_file = NULL;
  g_autoptr(GFile) still_file = NULL;
  g_autoptr(TernAttachment) first = NULL;
  g_autofree char *names = NULL;
  TernPostEditor *editor = editor_at (fixture, 0);
  TernAttachmentTile *tile;
  GtkWidget *focus;
  GSList *files = NULL;

  if (photo == NULL || still == NULL)
    return;
  photo_file = g_file_new_for_path (photo);
  still_file = g_file_new_for_path (still);
  files = g_slist_append (files, photo_file);
  files = g_slist_append (files, still_file);
  tern_attach_add_files (editor, files);
  g_slist_free (files);
  wait_for (fixture, two_tiles_checked);

  first = g_list_model_get_item (attachments_of (editor), 0);
  tern_attachment_set_alt_text (first, "A photo of the test pattern");

  /* Alt+Right on a focused tile moves it right; the keyboard stays on it. */
  tile = tern_attach_get_tile (editor, first);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (tile), GTK_DIR_TAB_FORWARD));
  focus = focused (fixture);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (tile)));
  focus_window (fixture);
  press (fixture, "alt+Right");
  names = attachment_names (editor);
  g_assert_cmpstr (names, ==, "still.webp|photo.jpg");
  g_clear_pointer (&names, g_free);
  g_assert_true (focused (fixture) == focus);
  g_assert_true (tern_attach_get_tile (editor, first) == tile);

  press (fixture, "alt+Left");
  names = attachment_names (editor);
  g_assert_cmpstr (names, ==, "photo.jpg|still.webp");
  g_clear_pointer (&names, g_free);
  settle (fixture);
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "edit-attachments");

  /* Delete on the tile removes it; the toast names the file; Ctrl+Z
   * brings it back first, with its description. */
  press (fixture, "Delete");
  names = attachment_names (editor);
  g_assert_cmpstr (names, ==, "still.webp");
  g_clear_pointer (&names, g_free);
  wait_for (fixture, undo_toast_shown);
  g_assert_true (label_shown (GTK_WIDGET (fixture->window), "“photo.jpg” removed"));
  assert_focus_in_text_of (fixture, editor);
  settle (fixture);
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "edit-attachment-removed");

  press (fixture, "ctrl+z");
  names = attachment_names (editor);
  g_assert_cmpstr (names, ==, "photo.jpg|still.webp");
  g_clear_pointer (&names, g_free);
  {
    g_autoptr(TernAttachment) back = g_list_model_get_item (attachments_of (editor), 0);

    g_assert_true (back == first);
    g_assert_cmpstr (tern_attachment_get_alt_text (back), ==, "A photo of the test pattern");
  }
  wait_for (fixture, two_tiles_checked);
  /* Undone, the toast has nothing more to offer. */
  wait_for (fixture, undo_toast_gone);

  /* The toast's Undo does the same. */
  tile = tern_attach_get_tile (editor, first);
  g_signal_emit_by_name (tile, "remove-requested");
  tern_test_wait_until_idle ();
  wait_for (fixture, undo_toast_shown);
  click (undo_button (fixture));
  tern_test_wait_until_idle ();
  names = attachment_names (editor);
  g_assert_cmpstr (names, ==, "photo.jpg|still.webp");
}

/* Emoji */

static GtkWidget *
emoji_chooser (TernPostEditor *editor)
{
  GtkWidget *chooser = find_widget (GTK_WIDGET (tern_post_editor_get_text_view (editor)),
                                    GTK_TYPE_EMOJI_CHOOSER, NULL);

  return chooser != NULL && gtk_widget_get_visible (chooser) ? chooser : NULL;
}

static gboolean
chooser_shown (Fixture *fixture)
{
  GtkWidget *chooser = emoji_chooser (editor_at (fixture, 0));

  return chooser != NULL && gtk_widget_get_mapped (chooser);
}

static gboolean
chooser_hidden (Fixture *fixture)
{
  return emoji_chooser (editor_at (fixture, 0)) == NULL;
}

static void
test_emoji (Fixture       *fixture,
            gconstpointer  data)
{
  const char *texts[] = { "Hello world", NULL };
  /* woman technologist, medium skin tone: five code points, one emoji,
   * which X counts as 2 */
  const char *technologist = "\U0001F469\U0001F3FD\u200D\U0001F4BB";
  g_autofree char *expected = g_strdup_printf ("Hello%s world", technologist);
  g_autofree char *text = NULL;
  TernPostEditor *editor;
  GtkWidget *button;
  GtkTextIter iter;

  make_thread (fixture, texts);
  editor = editor_at (fixture, 0);
  gtk_text_buffer_get_iter_at_offset (buffer_of (editor), &iter, 5);
  gtk_text_buffer_place_cursor (buffer_of (editor), &iter);

  /* The button, named for a screen reader. */
  button = find_widget (GTK_WIDGET (editor), GTK_TYPE_BUTTON, "Insert Emoji (Ctrl+;)");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  click (button);
  wait_for (fixture, chooser_shown);
  settle (fixture);
  /* The chooser is a surface of its own. */
  tern_test_save_screenshot (emoji_chooser (editor), "edit-emoji-chooser");
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "edit-emoji-button");

  /* Picking inserts at the caret, and the counter counts it as X does. */
  g_signal_emit_by_name (emoji_chooser (editor), "emoji-picked", technologist);
  /* (A click on an emoji would also close it.) */
  gtk_popover_popdown (GTK_POPOVER (emoji_chooser (editor)));
  wait_for (fixture, chooser_hidden);
  text = buffer_text (editor);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (gtk_label_get_label (tern_post_editor_get_counter (editor)), ==, "267");
  g_assert_cmpint (tern_post_editor_get_parse (editor)->weighted_length, ==, 13);
  /* The keyboard is back in the text, after the emoji. */
  assert_focus_in_text_of (fixture, editor);
  {
    GtkTextIter cursor;

    gtk_text_buffer_get_iter_at_mark (buffer_of (editor), &cursor, gtk_text_buffer_get_insert (buffer_of (editor)));
    g_assert_cmpint (gtk_text_iter_get_offset (&cursor), ==, 5 + g_utf8_strlen (technologist, -1));
  }

  /* Ctrl+; and Ctrl+. open it from the keyboard. */
  tern_post_editor_focus_text (editor);
  focus_window (fixture);
  /* The chooser is a popover with the keyboard grab: the window does not
   * see these keys go up, so the wait is on the chooser. */
  tern_test_xdotool ("key", "--clearmodifiers", "ctrl+semicolon", NULL);
  wait_for (fixture, chooser_shown);
  tern_test_xdotool ("key", "Escape", NULL);
  wait_for (fixture, chooser_hidden);
  tern_test_xdotool ("key", "--clearmodifiers", "ctrl+period", NULL);
  wait_for (fixture, chooser_shown);
  tern_test_xdotool ("key", "Escape", NULL);
  wait_for (fixture, chooser_hidden);
}

/* Layout */

static char *
long_text (guint lines)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < lines; i++)
    g_string_append_printf (text, "%sLine %u", i > 0 ? "\n" : "", i + 1);
  return g_string_free (text, FALSE);
}

/* The text view is as tall as its text, which ends above the tiles. */
static void
assert_text_fits (TernPostEditor *editor)
{
  GtkTextView *view = tern_post_editor_get_text_view (editor);
  GtkWidget *tiles = GTK_WIDGET (tern_post_editor_get_attachments_box (editor));
  graphene_rect_t view_bounds, tiles_bounds;
  GtkTextIter end;
  int y, height, bottom;

  gtk_text_buffer_get_end_iter (buffer_of (editor), &end);
  gtk_text_view_get_line_yrange (view, &end, &y, &height);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, 0, y + height, NULL, &bottom);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (view), GTK_WIDGET (editor), &view_bounds));
  g_test_message ("text ends at %d in a view %.0f tall", bottom, view_bounds.size.height);
  g_assert_cmpint (bottom, <=, (int) view_bounds.size.height);
  if (gtk_widget_get_visible (tiles))
    {
      g_assert_true (gtk_widget_compute_bounds (tiles, GTK_WIDGET (editor), &tiles_bounds));
      g_test_message ("tiles start at %.0f, text view ends at %.0f", tiles_bounds.origin.y,
                      view_bounds.origin.y + view_bounds.size.height);
      g_assert_cmpfloat (view_bounds.origin.y + bottom, <=, tiles_bounds.origin.y);
    }
}

static gboolean
one_tile_checked (Fixture *fixture)
{
  GListModel *attachments = attachments_of (editor_at (fixture, 0));
  g_autoptr(TernAttachment) attachment = NULL;
  TernAttachmentTile *tile;

  if (g_list_model_get_n_items (attachments) != 1)
    return FALSE;
  attachment = g_list_model_get_item (attachments, 0);
  tile = tern_attach_get_tile (editor_at (fixture, 0), attachment);
  return tile != NULL && tern_attachment_tile_get_info (tile) != NULL;
}

/* Large text (Settings' text scale) and a narrower window: the text is
 * measured again, and none of it goes under the tiles. */
static void
test_text_scale_and_resize (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *texts[] = { "A post whose text wraps over several lines once the window is narrow "
                          "or the text is large, above a picture that must not cover it. "
                          "One more sentence, so the last line is far down.", NULL };
  g_autofree char *photo = tern_test_fixture ("photo.jpg");
  g_autoptr(GFile) file = NULL;
  GtkSettings *settings = gtk_settings_get_default ();
  TernPostEditor *editor;
  int dpi;

  if (photo == NULL)
    return;
  make_thread (fixture, texts);
  editor = editor_at (fixture, 0);
  file = g_file_new_for_path (photo);
  tern_attach_add_files (editor, &(GSList) { .data = file, .next = NULL });
  wait_for (fixture, one_tile_checked);
  settle (fixture);
  assert_text_fits (editor);

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * 1.6), NULL);
  settle (fixture);
  assert_text_fits (editor);
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "edit-large-text");

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
  settle (fixture);
  assert_text_fits (editor);
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "edit-large-text-360");

  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  settle (fixture);
  assert_text_fits (editor);
}

/* Signed in (the header bar holds the account's avatar, handle and
 * "Sandbox" tag): the window still fits 360 px, the button showing only
 * the avatar; wide again, the handle is back. */
static void
test_fits_360_signed_in (void)
{
  g_autoptr(TernAccountManager) manager = tern_account_manager_new (NULL);
  g_autoptr(TernAccount) writer = tern_account_new ("http://127.0.0.1:9", "c", "7", "writer", "Writer", NULL);
  g_autoptr(TernDraft) draft = tern_draft_new ();
  TernWindow *window;
  GtkWidget *handle;

  tern_account_set_ephemeral (writer, TRUE);   /* nothing in the keyring */
  tern_account_manager_add (manager, writer, NULL);
  window = g_object_new (TERN_TYPE_WINDOW, "account-manager", manager, NULL);
  tern_window_set_draft (window, draft);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  tern_test_wait_for_frame (GTK_WIDGET (window));
  tern_test_wait_for_frame (GTK_WIDGET (window));

  handle = find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "@writer");
  g_assert_nonnull (handle);
  g_assert_false (gtk_widget_get_mapped (handle));
  g_assert_cmpint (gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  tern_test_save_screenshot (GTK_WIDGET (window), "edit-360-signed-in");

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 640);
  tern_test_wait_for_frame (GTK_WIDGET (window));
  tern_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (handle));

  gtk_window_destroy (GTK_WINDOW (window));
  tern_test_wait_until_idle ();
}

static void
test_fits_360 (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *over = long_text (50);
  const char *texts[] = { "A thread read on a phone, with a first post long enough to wrap over a few lines at this width.",
                          over, NULL };
  int width;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
  /* The second post is over the limit: its footer shows why, and Split
   * into Thread. */
  make_thread (fixture, texts);
  settle (fixture);
  g_assert_true (find_widget (GTK_WIDGET (editor_at (fixture, 1)), ADW_TYPE_SPLIT_BUTTON, NULL) != NULL);
  g_assert_true (gtk_widget_get_mapped (find_widget (GTK_WIDGET (editor_at (fixture, 1)), ADW_TYPE_SPLIT_BUTTON, NULL)));

  /* The window is no wider than asked (its widget is the surface less
   * the decorations' shadow), and nothing in it asks for more. */
  width = gtk_widget_get_width (GTK_WIDGET (fixture->window));
  g_test_message ("window %d, surface %d", width,
                  gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (fixture->window))));
  g_assert_cmpint (gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (fixture->window))), <=, 360);
  g_assert_cmpint (width, <=, 360);
  {
    int min;

    gtk_widget_measure (GTK_WIDGET (fixture->composer), GTK_ORIENTATION_HORIZONTAL, -1,
                        &min, NULL, NULL, NULL);
    g_assert_cmpint (min, <=, width);
  }
  for (guint i = 0; i < tern_composer_get_n_editors (fixture->composer); i++)
    {
      TernPostEditor *editor = editor_at (fixture, i);
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (editor), GTK_WIDGET (fixture->window), &bounds));
      g_test_message ("post %u: x %.0f, width %.0f", i, bounds.origin.x, bounds.size.width);
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, width);
      /* The counter, the last thing on the footer's line, is inside too,
       * and so is Split into Thread. */
      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (tern_post_editor_get_counter (editor)),
                                                GTK_WIDGET (fixture->window), &bounds));
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, width);
      if (i == 1)
        {
          g_assert_true (gtk_widget_compute_bounds (find_widget (GTK_WIDGET (editor), ADW_TYPE_SPLIT_BUTTON, NULL),
                                                    GTK_WIDGET (fixture->window), &bounds));
          g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, width);
        }
    }
  {
    graphene_rect_t post;

    g_assert_true (gtk_widget_compute_bounds (tern_composer_get_post_button (fixture->composer),
                                              GTK_WIDGET (fixture->window), &post));
    g_assert_cmpfloat (post.origin.x + post.size.width, <=, width);
  }
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "edit-360");
  /* Down to the end of the thread, to see the over-limit footer. */
  {
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (editor_at (fixture, 1)), GTK_TYPE_SCROLLED_WINDOW)));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    settle (fixture);
  }
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "edit-360-over-limit");
}


static void
test_caret_stays_visible (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *text = long_text (40);
  const char *texts[] = { text, NULL };
  TernPostEditor *editor;
  graphene_rect_t caret;
  GtkTextIter end;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
  make_thread (fixture, texts);
  editor = editor_at (fixture, 0);
  tern_post_editor_focus_text (editor);
  gtk_text_buffer_get_start_iter (buffer_of (editor), &end);
  gtk_text_buffer_place_cursor (buffer_of (editor), &end);
  settle (fixture);

  /* Typing at the end of the long post: the view follows the caret. */
  focus_window (fixture);
  press (fixture, "ctrl+End");
  press (fixture, "Return");
  type (fixture, "and more");
  settle (fixture);
  insert_mark_rect (editor, &caret);
  assert_visible_in_scroller (fixture, GTK_WIDGET (tern_post_editor_get_text_view (editor)), &caret);
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "edit-caret-at-end");

  /* A new post scrolls into view and takes the keyboard. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.add-post", NULL));
  tern_test_wait_until_idle ();
  settle (fixture);
  assert_focus_in_text_of (fixture, editor_at (fixture, 1));
  {
    graphene_rect_t bounds;
    GtkWidget *view = GTK_WIDGET (tern_post_editor_get_text_view (editor_at (fixture, 1)));

    g_assert_true (gtk_widget_compute_bounds (view, view, &bounds));
    assert_visible_in_scroller (fixture, view, &bounds);
  }
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "edit-new-post");
}

/* Convert, far down a long thread */

static TernAttachmentTile *
last_tile (Fixture *fixture)
{
  TernPostEditor *editor = editor_at (fixture, tern_composer_get_n_editors (fixture->composer) - 1);
  GListModel *attachments = attachments_of (editor);
  g_autoptr(TernAttachment) attachment = NULL;

  if (g_list_model_get_n_items (attachments) != 1)
    return NULL;
  attachment = g_list_model_get_item (attachments, 0);
  return tern_attach_get_tile (editor, attachment);
}

static gboolean
convert_offered (Fixture *fixture)
{
  TernAttachmentTile *tile = last_tile (fixture);
  GtkWidget *button = tile != NULL ? find_widget (GTK_WIDGET (tile), GTK_TYPE_BUTTON, "Convert") : NULL;

  return button != NULL && gtk_widget_get_visible (button);
}

static gboolean
converted (Fixture *fixture)
{
  TernAttachmentTile *tile = last_tile (fixture);
  g_autofree char *path = NULL;

  if (tile == NULL || tern_attachment_tile_get_info (tile) == NULL ||
      tern_attachment_tile_get_blocking (tile))
    return FALSE;
  path = g_file_get_path (tern_attachment_get_file (tern_attachment_tile_get_attachment (tile)));
  return strstr (path, "converted") != NULL;
}

static void
test_convert_keeps_the_view (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *text = long_text (30);
  const char *texts[] = { text, "The picture is in this post", NULL };
  g_autofree char *huge = tern_test_fixture ("huge.png");
  g_autoptr(GFile) file = NULL;
  TernPostEditor *last;
  GtkAdjustment *adjustment;
  GtkWidget *convert;
  graphene_rect_t bounds;
  double before;

  if (huge == NULL)
    return;
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
  make_thread (fixture, texts);
  last = editor_at (fixture, 1);
  file = g_file_new_for_path (huge);
  tern_attach_add_files (last, &(GSList) { .data = file, .next = NULL });
  wait_for (fixture, convert_offered);
  settle (fixture);

  /* Down at the tile, the keyboard on its Convert button. */
  convert = find_widget (GTK_WIDGET (last_tile (fixture)), GTK_TYPE_BUTTON, "Convert");
  g_assert_true (gtk_widget_grab_focus (convert));
  settle (fixture);
  adjustment = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (last), GTK_TYPE_SCROLLED_WINDOW)));
  before = gtk_adjustment_get_value (adjustment);
  g_test_message ("scrolled to %.0f", before);
  g_assert_cmpfloat (before, >, 0);

  click (convert);
  wait_for (fixture, converted);
  settle (fixture);

  /* The converted copy is where the original was, and so is the view. */
  g_test_message ("scrolled to %.0f after converting", gtk_adjustment_get_value (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >=, before - 1);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (last_tile (fixture)), GTK_WIDGET (last_tile (fixture)), &bounds));
  bounds.size.height = MIN (bounds.size.height, 40);
  assert_visible_in_scroller (fixture, GTK_WIDGET (last_tile (fixture)), &bounds);
  g_assert_true (gtk_widget_is_ancestor (focused (fixture), GTK_WIDGET (last)));
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "edit-converted");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  if (!gtk_init_check ())
    g_error ("The display tests need a display; run them through build-aux/run-tests.sh");
  adw_init ();
  if (g_find_program_in_path ("xdotool") == NULL)
    g_error ("xdotool is missing: build-aux/install-deps.sh --with-tests installs it");

  /* The application loads the style sheet in the real program. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/window-edit/reorder-with-keys", test_reorder_with_keys);
  ADD ("/window-edit/drag-post", test_drag_post);
  ADD ("/window-edit/remove-post-and-undo", test_remove_post_and_undo);
  ADD ("/window-edit/text-undo", test_text_undo);
  ADD ("/window-edit/attachments", test_attachments_reorder_remove_undo);
  ADD ("/window-edit/emoji", test_emoji);
  ADD ("/window-edit/fits-360", test_fits_360);
  g_test_add_func ("/window-edit/fits-360-signed-in", test_fits_360_signed_in);
  ADD ("/window-edit/caret-stays-visible", test_caret_stays_visible);
  ADD ("/window-edit/text-scale-and-resize", test_text_scale_and_resize);
  ADD ("/window-edit/convert-keeps-the-view", test_convert_keeps_the_view);

#undef ADD

  status = g_test_run ();
  tern_test_fixtures_cleanup ();
  return status;
}
