/* test-window.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "ui/tern-window.h"
#include "tern-test-fixtures.h"
#include "tern-test-ui.h"

typedef struct
{
  TernDraft      *draft;
  TernWindow     *window;
  TernComposer   *composer;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->draft = tern_draft_new ();
  fixture->window = tern_window_new (NULL);
  g_object_ref_sink (fixture->window);
  fixture->composer = tern_window_get_composer (fixture->window);
  tern_window_set_draft (fixture->window, fixture->draft);
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

static GtkTextBuffer *
buffer_of (TernPostEditor *editor)
{
  return gtk_text_view_get_buffer (tern_post_editor_get_text_view (editor));
}

static void
set_text (TernPostEditor *editor,
          const char     *text)
{
  GtkTextBuffer *buffer = buffer_of (editor);

  gtk_text_buffer_set_text (buffer, "", -1);
  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  tern_test_wait_until_idle ();
}

static char *
repeat (const char *unit,
        guint       times)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

static void
assert_counter (TernPostEditor *editor,
                const char     *expected,
                const char     *style)
{
  GtkWidget *counter = GTK_WIDGET (tern_post_editor_get_counter (editor));

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (counter)), ==, expected);
  g_assert_true (gtk_widget_has_css_class (counter, "warning") == (g_strcmp0 (style, "warning") == 0));
  g_assert_true (gtk_widget_has_css_class (counter, "error") == (g_strcmp0 (style, "error") == 0));
}

static gboolean
post_button_sensitive (Fixture *fixture)
{
  return gtk_widget_is_sensitive (tern_composer_get_post_button (fixture->composer));
}

static gboolean
has_overflow_at (TernPostEditor *editor,
                 int             offset)
{
  GtkTextBuffer *buffer = buffer_of (editor);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "overflow");
  GtkTextIter iter;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  return gtk_text_iter_has_tag (&iter, tag);
}

static gboolean
find_label (GtkWidget  *widget,
            const char *needle)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_label (GTK_LABEL (widget)), needle) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_label (child, needle))
      return TRUE;
  return FALSE;
}

static void
save_screenshot (Fixture    *fixture,
                 const char *name)
{
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), name);
}

static void
test_starts_ready_to_type (Fixture       *fixture,
                           gconstpointer  data)
{
  TernPostEditor *editor = tern_composer_get_editor (fixture->composer, 0);

  g_assert_nonnull (editor);
  g_assert_cmpuint (tern_composer_get_n_editors (fixture->composer), ==, 1);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fixture->window)) ==
                 GTK_WIDGET (tern_post_editor_get_text_view (editor)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (tern_window_get_stack (fixture->window)), ==, "compose");
  g_assert_true (find_label (GTK_WIDGET (editor), "mind"));   /* the placeholder */
  assert_counter (editor, "280", NULL);
  g_assert_false (post_button_sensitive (fixture));
  g_assert_nonnull (tern_post_editor_get_attachments_box (editor));

  save_screenshot (fixture, "window-empty");
}

static void
test_counter_and_post_button (Fixture       *fixture,
                              gconstpointer  data)
{
  TernPostEditor *editor = tern_composer_get_editor (fixture->composer, 0);
  g_autofree char *near = repeat ("a", 262);
  g_autofree char *full = repeat ("b", 280);
  g_autofree char *over = repeat ("c", 285);
  g_autofree char *wide = repeat ("日", 141);
  g_autofree char *decomposed = repeat ("e\xcc\x81", 285);

  set_text (editor, "Hello, X");
  assert_counter (editor, "272", NULL);
  g_assert_true (post_button_sensitive (fixture));
  g_assert_false (find_label (GTK_WIDGET (editor), "mind"));
  /* What is typed is what the draft holds, so it gets saved. */
  g_assert_cmpstr (tern_draft_post_get_text (tern_draft_get_post (fixture->draft, 0)), ==, "Hello, X");

  set_text (editor, near);
  assert_counter (editor, "18", "warning");
  g_assert_true (post_button_sensitive (fixture));

  set_text (editor, full);
  assert_counter (editor, "0", "warning");
  g_assert_true (post_button_sensitive (fixture));
  g_assert_false (has_overflow_at (editor, 279));

  set_text (editor, over);
  assert_counter (editor, "-5", "error");
  g_assert_false (post_button_sensitive (fixture));
  /* Exactly the five characters past the limit are marked. */
  g_assert_false (has_overflow_at (editor, 279));
  g_assert_true (has_overflow_at (editor, 280));
  g_assert_true (has_overflow_at (editor, 284));
  save_screenshot (fixture, "window-over-limit");

  /* Wide characters count twice: 141 of them are 2 over. */
  set_text (editor, wide);
  assert_counter (editor, "-2", "error");
  g_assert_false (post_button_sensitive (fixture));
  g_assert_false (has_overflow_at (editor, 139));
  g_assert_true (has_overflow_at (editor, 140));

  /* Decomposed accents count once each after NFC, and the highlight
   * still starts at the right character of the text as typed. */
  set_text (editor, decomposed);
  assert_counter (editor, "-5", "error");
  g_assert_false (has_overflow_at (editor, 559));
  g_assert_true (has_overflow_at (editor, 560));

  set_text (editor, "");
  assert_counter (editor, "280", NULL);
  g_assert_false (post_button_sensitive (fixture));
  g_assert_false (has_overflow_at (editor, 0));
}

static gboolean
has_visible_label (GtkWidget  *widget,
                   const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_visible_label (child, text))
      return TRUE;
  return FALSE;
}

static void
test_thread (Fixture       *fixture,
             gconstpointer  data)
{
  TernPostEditor *first = tern_composer_get_editor (fixture->composer, 0);
  TernPostEditor *second;
  g_autofree char *over = repeat ("d", 300);

  set_text (first, "First of two");
  g_assert_true (post_button_sensitive (fixture));
  g_assert_false (tern_post_editor_get_removable (first));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.add-post", NULL));
  tern_test_wait_until_idle ();
  g_assert_cmpuint (tern_composer_get_n_editors (fixture->composer), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (tern_draft_get_posts (fixture->draft)), ==, 2);
  second = tern_composer_get_editor (fixture->composer, 1);
  g_assert_true (tern_post_editor_get_removable (second));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fixture->window)) ==
                 GTK_WIDGET (tern_post_editor_get_text_view (second)));

  /* An empty post in the thread blocks posting, and says so: on Post's
   * tooltip and in the empty post itself. */
  g_assert_false (post_button_sensitive (fixture));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (tern_composer_get_post_button (fixture->composer)), ==,
                   "Post 2 is empty: write in it or remove it");
  g_assert_true (has_visible_label (GTK_WIDGET (second), "This post is empty: write in it or remove it from the thread."));
  save_screenshot (fixture, "window-empty-post-reason");
  set_text (second, "Second of two");
  g_assert_true (post_button_sensitive (fixture));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (tern_composer_get_post_button (fixture->composer)), ==,
                   "Post the Thread (Ctrl+Enter)");
  g_assert_false (has_visible_label (GTK_WIDGET (second), "This post is empty: write in it or remove it from the thread."));
  g_assert_cmpstr (tern_draft_post_get_text (tern_draft_get_post (fixture->draft, 1)), ==, "Second of two");

  /* So does any post over the limit. */
  set_text (first, over);
  g_assert_false (post_button_sensitive (fixture));
  set_text (first, "First of two");
  g_assert_true (post_button_sensitive (fixture));

  save_screenshot (fixture, "window-thread");

  g_signal_emit_by_name (second, "remove-requested");
  tern_test_wait_until_idle ();
  g_assert_cmpuint (tern_composer_get_n_editors (fixture->composer), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (tern_draft_get_posts (fixture->draft)), ==, 1);
  g_assert_cmpstr (tern_draft_post_get_text (tern_draft_get_post (fixture->draft, 0)), ==, "First of two");
}

/* The title says what the window shows: the post or thread being written,
 * or, on another page (signing in), just the app. */
static void
test_title_follows_page (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkStack *stack = tern_window_get_stack (fixture->window);
  GtkWindow *window = GTK_WINDOW (fixture->window);

  g_assert_cmpstr (gtk_window_get_title (window), ==, "New Post");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.add-post", NULL));
  tern_test_wait_until_idle ();
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Thread of 2 Posts");

  gtk_stack_add_named (stack, gtk_label_new ("another page"), "another");
  gtk_stack_set_visible_child_name (stack, "another");
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Tern");

  gtk_stack_set_visible_child_name (stack, "compose");
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Thread of 2 Posts");
}

static void
test_restored_draft_shown (void)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(TernWindow) window = NULL;
  TernComposer *composer;
  TernPostEditor *editor;
  g_autofree char *over = repeat ("e", 290);

  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Restored text");
  tern_draft_post_set_text (tern_draft_append_post (draft), over);

  window = g_object_ref_sink (tern_window_new (NULL));
  tern_window_set_draft (window, draft);
  composer = tern_window_get_composer (window);

  g_assert_cmpuint (tern_composer_get_n_editors (composer), ==, 2);
  editor = tern_composer_get_editor (composer, 0);
  assert_counter (editor, "267", NULL);
  editor = tern_composer_get_editor (composer, 1);
  assert_counter (editor, "-10", "error");
  g_assert_true (has_overflow_at (editor, 285));
  g_assert_false (tern_composer_get_valid (composer));

  /* Once X has a post, it is shown but no longer editable. */
  editor = tern_composer_get_editor (composer, 0);
  g_assert_true (gtk_text_view_get_editable (tern_post_editor_get_text_view (editor)));
  tern_draft_post_set_posted_id (tern_draft_get_post (draft, 0), "1860000000000000000");
  g_assert_false (gtk_text_view_get_editable (tern_post_editor_get_text_view (editor)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (tern_post_editor_get_counter (editor))));

  gtk_window_destroy (GTK_WINDOW (window));
}

static char *
buffer_text (TernPostEditor *editor)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer_of (editor), &start, &end);
  return gtk_text_buffer_get_text (buffer_of (editor), &start, &end, FALSE);
}

static void
wait_for_text (TernPostEditor *editor,
               const char     *expected)
{
  for (;;)
    {
      g_autofree char *text = buffer_text (editor);

      if (g_strcmp0 (text, expected) == 0)
        return;
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_real_keys (Fixture       *fixture,
                gconstpointer  data)
{
  TernPostEditor *editor = tern_composer_get_editor (fixture->composer, 0);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));
  g_autofree char *xid = NULL;
  g_autofree char *text = NULL;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  tern_test_xdotool ("windowfocus", "--sync", xid, NULL);

  /* Ctrl+Enter with nothing to post: no toast, and no new line either. */
  tern_test_xdotool ("key", "ctrl+Return", NULL);
  tern_test_xdotool ("type", "--delay", "15", "Typed on a keyboard", NULL);
  wait_for_text (editor, "Typed on a keyboard");
  g_assert_false (find_label (GTK_WIDGET (fixture->window), "Sign in"));
  assert_counter (editor, "261", NULL);
  g_assert_true (post_button_sensitive (fixture));

  /* Ctrl+Enter with a valid post and no account: the window says to sign
   * in, and keeps every character. */
  tern_test_xdotool ("key", "ctrl+Return", NULL);
  while (!find_label (GTK_WIDGET (fixture->window), "Sign in"))
    g_main_context_iteration (NULL, TRUE);
  text = buffer_text (editor);
  g_assert_cmpstr (text, ==, "Typed on a keyboard");
  g_assert_cmpstr (tern_draft_post_get_text (tern_draft_get_post (fixture->draft, 0)), ==,
                   "Typed on a keyboard");

  save_screenshot (fixture, "window-post-toast");
}

static void
test_window_size_saved (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(TernWindow) second = NULL;
  int width, height;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 700, 800);
  gtk_window_close (GTK_WINDOW (fixture->window));
  tern_test_wait_until_idle ();
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 800);

  second = g_object_ref_sink (tern_window_new (NULL));
  gtk_window_get_default_size (GTK_WINDOW (second), &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 800);
  gtk_window_destroy (GTK_WINDOW (second));

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  if (!gtk_init_check ())
    g_error ("The display tests need a display; run them through build-aux/run-tests.sh");
  adw_init ();

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

  ADD ("/window/starts-ready-to-type", test_starts_ready_to_type);
  ADD ("/window/counter-and-post-button", test_counter_and_post_button);
  ADD ("/window/thread", test_thread);
  ADD ("/window/title-follows-page", test_title_follows_page);
  ADD ("/window/real-keys", test_real_keys);
  ADD ("/window/size-saved", test_window_size_saved);
  g_test_add_func ("/window/restored-draft-shown", test_restored_draft_shown);

#undef ADD

  return g_test_run ();
}
