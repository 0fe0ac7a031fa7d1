/* test-window-split.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Making a thread of a long post in a real window (under Xvfb): the
 * "Split into Thread" offer beside the counter and after a paste, and a
 * "---" line starting a new post, with real key presses where it matters. */

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "core/text/tern-text.h"
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

static void
focus_window (Fixture *fixture)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));
  g_autofree char *xid = NULL;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  tern_test_xdotool ("windowfocus", "--sync", xid, NULL);
}

static GtkTextBuffer *
buffer_of (TernPostEditor *editor)
{
  return gtk_text_view_get_buffer (tern_post_editor_get_text_view (editor));
}

static const char *
post_text (Fixture *fixture,
           guint    position)
{
  return tern_draft_post_get_text (tern_draft_get_post (fixture->draft, position));
}

static guint
n_posts (Fixture *fixture)
{
  return tern_composer_get_n_editors (fixture->composer);
}

static void
wait_for_posts (Fixture *fixture,
                guint    n)
{
  while (n_posts (fixture) != n)
    g_main_context_iteration (NULL, TRUE);
  tern_test_wait_until_idle ();
}

/* A button's activation shows it pressed, then clicks it. */
static void
click (Fixture   *fixture,
       GtkWidget *button)
{
  guint before = n_posts (fixture);

  g_assert_true (gtk_widget_activate (button));
  while (n_posts (fixture) == before)
    g_main_context_iteration (NULL, TRUE);
  tern_test_wait_until_idle ();
}

static gboolean
focus_in (Fixture        *fixture,
          TernPostEditor *editor)
{
  return gtk_window_get_focus (GTK_WINDOW (fixture->window)) ==
         GTK_WIDGET (tern_post_editor_get_text_view (editor));
}

/* The mapped button labelled @label: in a post editor (@in_editor) or not
 * (a toast). */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label,
             gboolean    in_editor)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 &&
      (gtk_widget_get_ancestor (widget, TERN_TYPE_POST_EDITOR) != NULL) == in_editor)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label, in_editor);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
wait_for_button (GtkWidget  *root,
                 const char *label,
                 gboolean    in_editor)
{
  GtkWidget *button;

  while ((button = find_button (root, label, in_editor)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  return button;
}

static const char *words[] = {
  "the", "terns", "came", "back", "to", "the", "island", "in", "late", "spring",
  "and", "built", "their", "nests", "on", "the", "shingle", "above", "the", "tide",
};

/* About @length characters of prose, sentences of 5 to 16 words. */
static char *
make_prose (gsize length)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);
  GString *text = g_string_new (NULL);

  while (text->len < length)
    {
      int n = g_rand_int_range (rand, 5, 17);

      g_string_append (text, text->len ? " The" : "The");
      for (int i = 0; i < n; i++)
        g_string_append_printf (text, " %s", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      g_string_append_c (text, g_rand_int_range (rand, 0, 4) == 0 ? '!' : '.');
    }
  return g_string_free (text, FALSE);
}

static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

/* Posts @first to @last hold @text, each a valid post cut at a sentence
 * end (but the last). */
static void
assert_split (Fixture    *fixture,
              guint       first,
              guint       last,
              const char *text)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autofree char *wanted = squeeze (text);
  g_autofree char *got = NULL;

  for (guint i = first; i <= last; i++)
    {
      TernPostEditor *editor = tern_composer_get_editor (fixture->composer, i);
      const char *part = post_text (fixture, i);
      char end = part[strlen (part) - 1];
      TernTextParse parse;

      tern_text_parse (part, &parse);
      g_assert_true (parse.valid);
      g_assert_true (tern_post_editor_get_valid (editor));
      g_assert_true (end == '.' || end == '!');
      g_assert_true (g_ascii_isupper (part[0]));
      /* The offer is gone once the post fits. */
      g_assert_false (find_button (GTK_WIDGET (editor), "_Split into Thread", TRUE));
      g_string_append_printf (joined, "%s ", part);
    }
  got = squeeze (joined->str);
  g_assert_cmpstr (got, ==, wanted);
}

/* Ctrl+V of 2,000 characters: a toast offers the split, and so does the
 * button by the counter; taking the toast's makes a thread of valid posts
 * cut at sentence ends, the keyboard in the last one. */
static void
test_paste_offer (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *prose = make_prose (2000);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->window));
  TernPostEditor *editor = tern_composer_get_editor (fixture->composer, 0);
  GtkWidget *toast_button;
  GtkWidget *inline_button;
  guint n;

  gdk_clipboard_set_text (clipboard, prose);
  focus_window (fixture);
  tern_composer_focus (fixture->composer);
  tern_test_xdotool ("key", "ctrl+v", NULL);

  toast_button = wait_for_button (GTK_WIDGET (fixture->window), "_Split into Thread", FALSE);
  inline_button = wait_for_button (GTK_WIDGET (editor), "_Split into Thread", TRUE);
  g_assert_cmpstr (post_text (fixture, 0), ==, prose);
  g_assert_false (tern_post_editor_get_valid (editor));
  g_assert_false (gtk_widget_is_sensitive (tern_composer_get_post_button (fixture->composer)));
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "window-split-paste-offer");

  click (fixture, toast_button);
  n = tern_composer_get_n_editors (fixture->composer);
  /* 2,000 characters: at least 8 posts of 280. */
  g_assert_cmpuint (n, >=, 8);
  g_assert_cmpuint (g_list_model_get_n_items (tern_draft_get_posts (fixture->draft)), ==, n);
  tern_test_wait_until_idle ();
  assert_split (fixture, 0, n - 1, prose);
  g_assert_true (focus_in (fixture, tern_composer_get_editor (fixture->composer, n - 1)));
  g_assert_true (gtk_widget_is_sensitive (tern_composer_get_post_button (fixture->composer)));
  g_assert_false (gtk_widget_get_mapped (inline_button));
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "window-split-done");
}

/* The button by the counter, on the middle post of a thread: the new
 * posts go right after it, before the post that followed; links, tags
 * and emoji stay whole. */
static void
test_split_button (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *prose = make_prose (700);
  g_autofree char *text = g_strdup_printf ("%s See https://example.com/terns/nesting-season-report for "
                                           "@birdwatcher and #terns \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 "
                                           "The end.", prose);
  TernPostEditor *middle;
  GtkWidget *button;
  guint n;

  gtk_text_buffer_set_text (buffer_of (tern_composer_get_editor (fixture->composer, 0)), "The first.", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.add-post", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.add-post", NULL));
  gtk_text_buffer_set_text (buffer_of (tern_composer_get_editor (fixture->composer, 2)), "The last.", -1);
  middle = tern_composer_get_editor (fixture->composer, 1);
  g_assert_null (find_button (GTK_WIDGET (middle), "_Split into Thread", TRUE));
  gtk_text_buffer_insert_at_cursor (buffer_of (middle), text, -1);
  tern_test_wait_until_idle ();

  button = wait_for_button (GTK_WIDGET (middle), "_Split into Thread", TRUE);
  /* No paste, no toast. */
  g_assert_null (find_button (GTK_WIDGET (fixture->window), "_Split into Thread", FALSE));
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "window-split-button");
  click (fixture, button);

  n = n_posts (fixture);
  g_assert_cmpuint (n, >=, 6);
  g_assert_cmpstr (post_text (fixture, 0), ==, "The first.");
  g_assert_cmpstr (post_text (fixture, n - 1), ==, "The last.");
  assert_split (fixture, 1, n - 2, text);
  g_assert_true (focus_in (fixture, tern_composer_get_editor (fixture->composer, n - 2)));
  for (guint i = 1; i < n - 1; i++)
    {
      g_auto(GStrv) tokens = g_strsplit (post_text (fixture, i), " ", -1);

      for (guint k = 0; tokens[k]; k++)
        if (g_str_has_prefix (tokens[k], "http") || tokens[k][0] == '@' || tokens[k][0] == '#' ||
            (guchar) tokens[k][0] >= 0xF0)
          g_assert_true (g_str_equal (tokens[k], "https://example.com/terns/nesting-season-report") ||
                         g_str_equal (tokens[k], "@birdwatcher") ||
                         g_str_equal (tokens[k], "#terns") ||
                         g_str_equal (tokens[k], "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"));
    }
}

/* The split button's menu: the same split, each post ending with its
 * number; 3,000 characters make ten posts or more, so the numbers take
 * room of two digits ("10/12"), and every post still fits. */
static void
test_numbered (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *prose = make_prose (3000);
  TernPostEditor *editor = tern_composer_get_editor (fixture->composer, 0);
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autofree char *wanted = squeeze (prose);
  g_autofree char *got = NULL;
  guint n;

  gtk_text_buffer_set_text (buffer_of (editor), prose, -1);
  tern_test_wait_until_idle ();
  wait_for_button (GTK_WIDGET (editor), "_Split into Thread", TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "post.split-numbered", NULL));
  tern_test_wait_until_idle ();

  n = n_posts (fixture);
  g_assert_cmpuint (n, >=, 10);
  for (guint i = 0; i < n; i++)
    {
      const char *part = post_text (fixture, i);
      g_autofree char *number = g_strdup_printf (" %u/%u", i + 1, n);
      TernTextParse parse;

      tern_text_parse (part, &parse);
      g_assert_true (parse.valid);
      g_assert_true (tern_post_editor_get_valid (tern_composer_get_editor (fixture->composer, i)));
      g_assert_true (g_str_has_suffix (part, number));
      g_string_append_len (joined, part, strlen (part) - strlen (number));
      g_string_append_c (joined, ' ');
    }
  got = squeeze (joined->str);
  g_assert_cmpstr (got, ==, wanted);
  g_assert_true (gtk_widget_is_sensitive (tern_composer_get_post_button (fixture->composer)));
}

/* "---" typed on a line of its own, then Enter, starts a new post with
 * the keyboard in it; a pasted text with --- lines becomes that many. */
static void
test_break_line (Fixture       *fixture,
                 gconstpointer  data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->window));
  TernPostEditor *second;

  focus_window (fixture);
  tern_composer_focus (fixture->composer);
  tern_test_xdotool ("type", "--delay", "15", "First post", NULL);
  tern_test_xdotool ("key", "Return", NULL);
  /* Not yet: the line is not ended. */
  tern_test_xdotool ("key", "--delay", "40", "minus", "minus", "minus", NULL);
  while (g_strcmp0 (post_text (fixture, 0), "First post\n---") != 0)
    g_main_context_iteration (NULL, TRUE);
  tern_test_wait_until_idle ();
  g_assert_cmpuint (n_posts (fixture), ==, 1);
  tern_test_xdotool ("key", "Return", NULL);
  wait_for_posts (fixture, 2);
  second = tern_composer_get_editor (fixture->composer, 1);
  g_assert_cmpstr (post_text (fixture, 0), ==, "First post");
  g_assert_cmpstr (post_text (fixture, 1), ==, "");
  g_assert_true (focus_in (fixture, second));

  tern_test_xdotool ("type", "--delay", "15", "Second post", NULL);
  while (g_strcmp0 (post_text (fixture, 1), "Second post") != 0)
    g_main_context_iteration (NULL, TRUE);
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "window-split-break-line");

  /* A line like "--- " or "----" is text. */
  gdk_clipboard_set_text (clipboard, "\n---- not a break\n--- \nstill the second");
  tern_test_xdotool ("key", "ctrl+v", NULL);
  while (!g_str_has_suffix (post_text (fixture, 1), "still the second"))
    g_main_context_iteration (NULL, TRUE);
  tern_test_wait_until_idle ();
  g_assert_cmpuint (n_posts (fixture), ==, 2);

  gdk_clipboard_set_text (clipboard, "\n---\nThird\n---\nFourth");
  tern_test_xdotool ("key", "ctrl+v", NULL);
  wait_for_posts (fixture, 4);
  g_assert_cmpstr (post_text (fixture, 1), ==, "Second post\n---- not a break\n--- \nstill the second");
  g_assert_cmpstr (post_text (fixture, 2), ==, "Third");
  g_assert_cmpstr (post_text (fixture, 3), ==, "Fourth");
  g_assert_true (focus_in (fixture, tern_composer_get_editor (fixture->composer, 3)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

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

  ADD ("/window-split/paste-offer", test_paste_offer);
  ADD ("/window-split/split-button", test_split_button);
  ADD ("/window-split/numbered", test_numbered);
  ADD ("/window-split/break-line", test_break_line);

#undef ADD

  return g_test_run ();
}
