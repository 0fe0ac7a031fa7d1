/* test-post-kinds-widgets.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window's parts for replies, quotes, polls, who can reply and
 * subtitles, in real windows under Xvfb, each with a screenshot a person
 * can look at (TERN_TEST_ARTIFACTS): the card of a post pasted into
 * "Reply to", the editor turned into a poll editor and back, the subtitle
 * row of a video. */

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "core/net/tern-client.h"
#include "core/send/tern-post.h"
#include "ui/tern-poll-editor.h"
#include "ui/tern-post-editor.h"
#include "ui/tern-reference-row.h"
#include "ui/tern-subtitle-row.h"
#include "ui/tern-thread-options.h"
#include "tern-test-sim.h"

/* Waits on the main loop, never on a clock. */
#define WAIT_UNTIL(cond) G_STMT_START { while (!(cond)) g_main_context_iteration (NULL, TRUE); } G_STMT_END

typedef gboolean (*WidgetMatch) (GtkWidget *widget, gpointer data);

static GtkWidget *
find_widget (GtkWidget   *root,
             WidgetMatch  match,
             gpointer     data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_visible_label_containing (GtkWidget *widget,
                             gpointer   text)
{
  /* Mapped: on the page the stack shows, in a shown window. */
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
is_visible_error_label (GtkWidget *widget,
                        gpointer   data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         gtk_widget_has_css_class (widget, "error") &&
         *gtk_label_get_text (GTK_LABEL (widget)) != '\0';
}

static gboolean
is_entry (GtkWidget *widget,
          gpointer   data)
{
  return GTK_IS_ENTRY (widget) && gtk_widget_is_visible (widget);
}

/* The poll button of the editor's footer. */
static gboolean
is_toggle (GtkWidget *widget,
           gpointer   data)
{
  return GTK_IS_TOGGLE_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "view-list-bullet-symbolic") == 0;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* A screenshot of the X display (Xvfb) into TERN_TEST_ARTIFACTS. */
static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  const char *dir = g_getenv ("TERN_TEST_ARTIFACTS");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = NULL;
  g_autofree char *import = g_find_program_in_path ("import");
  g_autoptr(GError) error = NULL;
  gboolean painted = FALSE;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  int status = 0;

  gtk_widget_queue_draw (window);
  WAIT_UNTIL (painted);
  g_signal_handler_disconnect (clock, handler);
  gdk_display_sync (gtk_widget_get_display (window));

  if (dir == NULL || import == NULL || g_getenv ("DISPLAY") == NULL)
    {
      g_test_message ("no screenshot: TERN_TEST_ARTIFACTS, ImageMagick's import or an X display is missing");
      return;
    }
  path = g_build_filename (dir, file, NULL);
  {
    const char *argv[] = { import, "-window", "root", path, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_test_message ("screenshot: %s", path);
}

static GtkWidget *
show_in_window (GtkWidget *child,
                int        width,
                int        height)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_set_margin_top (child, 12);
  gtk_widget_set_margin_bottom (child, 12);
  gtk_widget_set_margin_start (child, 12);
  gtk_widget_set_margin_end (child, 12);
  gtk_box_append (GTK_BOX (box), child);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0);
  return window;
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (tern_post_send_finish (TERN_POST (object), result, NULL));
  *done = TRUE;
}

static char *
post_on_sim (TernClient *client,
             const char *text)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(TernPost) post = NULL;
  gboolean done = FALSE;

  tern_draft_post_set_text (tern_draft_get_post (draft, 0), text);
  post = tern_post_new (client, draft);
  tern_post_send_async (post, NULL, sent_cb, &done);
  WAIT_UNTIL (done);
  return g_strdup (tern_draft_post_get_posted_id (tern_draft_get_post (draft, 0)));
}

/* A post's address pasted into "Reply to" becomes a card of the post;
 * a post that does not exist says so on its card. Who can reply is
 * remembered for the next thread. */
static void
test_reply_card (void)
{
  g_autoptr(TernTestSim) sim = tern_test_sim_new (NULL);
  g_autoptr(TernClient) client = tern_client_new (sim->base, sim->tokens);
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(TernDraft) next = tern_draft_new ();
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *id = post_on_sim (client, "Terns nest on the ground, in colonies, and dive for small fish.");
  g_autofree char *address = g_strdup_printf ("https://x.com/whoever/status/%s?s=46", id);
  GtkWidget *options = tern_thread_options_new ();
  TernReferenceRow *reply = tern_thread_options_get_reference (TERN_THREAD_OPTIONS (options),
                                                               TERN_REFERENCE_KIND_REPLY);
  TernReferenceRow *quote = tern_thread_options_get_reference (TERN_THREAD_OPTIONS (options),
                                                               TERN_REFERENCE_KIND_QUOTE);
  GtkDropDown *who = tern_thread_options_get_who_can_reply (TERN_THREAD_OPTIONS (options));
  GtkWidget *window, *entry;

  g_settings_set_string (settings, "reply-settings", "");
  tern_thread_options_set_client (TERN_THREAD_OPTIONS (options), client);
  tern_thread_options_set_draft (TERN_THREAD_OPTIONS (options), draft);
  window = show_in_window (options, 480, 360);

  /* "Reply to a Post…" opens the field; pasting an address looks it up. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reply), "reference.open", NULL));
  entry = find_widget (GTK_WIDGET (reply), is_entry, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), address);
  g_assert_cmpstr (tern_draft_get_reply_to (draft), ==, id);
  WAIT_UNTIL (!tern_reference_row_get_busy (reply));
  g_assert_null (tern_reference_row_get_error (reply));
  g_assert_nonnull (tern_reference_row_get_post (reply));
  g_assert_nonnull (find_widget (GTK_WIDGET (reply), is_visible_label_containing, (gpointer) "Replying to"));
  g_assert_nonnull (find_widget (GTK_WIDGET (reply), is_visible_label_containing,
                                 (gpointer) "Terns nest on the ground"));

  /* A mistyped address is explained where it was typed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (quote), "reference.open", NULL));
  g_assert_false (tern_reference_row_set_address (quote, "https://example.com/a/status/1"));
  g_assert_nonnull (find_widget (GTK_WIDGET (quote), is_visible_error_label, NULL));
  g_assert_null (tern_draft_get_quote (draft));

  /* A post that is not there: the card says so in words. */
  g_assert_true (tern_reference_row_set_address (quote, "1234567890123"));
  WAIT_UNTIL (!tern_reference_row_get_busy (quote));
  g_assert_cmpstr (tern_reference_row_get_error (quote), ==,
                   "The post 1234567890123 does not exist or was deleted. Check the address, or choose another post.");
  g_assert_nonnull (find_widget (GTK_WIDGET (quote), is_visible_error_label, NULL));

  /* Who can reply: into the draft, and remembered for a new one. */
  gtk_drop_down_set_selected (who, 1);
  g_assert_cmpstr (tern_draft_get_reply_settings (draft), ==, "following");
  save_screenshot (window, "reply-card");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (quote), "reference.remove", NULL));
  g_assert_null (tern_draft_get_quote (draft));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reply), "reference.remove", NULL));
  g_assert_null (tern_draft_get_reply_to (draft));

  g_assert_cmpstr (g_settings_get_string (settings, "reply-settings"), ==, "following");
  tern_thread_options_set_draft (TERN_THREAD_OPTIONS (options), next);
  g_assert_cmpstr (tern_draft_get_reply_settings (next), ==, "following");
  g_assert_cmpuint (gtk_drop_down_get_selected (who), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The editor turns into a poll editor and back; the counters and the check
 * follow X's rules, and Post is off while X would refuse the poll. */
static void
test_poll_editor (void)
{
  g_autoptr(TernDraftPost) post = tern_draft_post_new ();
  TernPostEditor *editor = tern_post_editor_new (post);
  GtkWidget *poll, *window;
  GtkEditable *choice;
  GtkToggleButton *toggle;

  window = show_in_window (GTK_WIDGET (editor), 480, 520);
  poll = tern_post_editor_get_poll_editor (editor);
  g_assert_false (gtk_widget_get_visible (poll));

  tern_draft_post_set_text (post, "Which tern have you seen?");
  g_assert_true (tern_post_editor_get_valid (editor));
  /* The poll button in the footer turns the editor into a poll editor. */
  toggle = GTK_TOGGLE_BUTTON (find_widget (GTK_WIDGET (editor), is_toggle, NULL));
  g_assert_nonnull (toggle);
  gtk_toggle_button_set_active (toggle, TRUE);
  g_assert_true (tern_draft_post_is_poll (post));
  g_assert_true (gtk_widget_get_visible (poll));
  /* Two empty choices: not yet a poll X takes. */
  g_assert_false (tern_post_editor_get_valid (editor));

  choice = tern_poll_editor_get_choice (TERN_POLL_EDITOR (poll), 0);
  gtk_editable_set_text (choice, "Common tern");
  choice = tern_poll_editor_get_choice (TERN_POLL_EDITOR (poll), 1);
  gtk_editable_set_text (choice, "Arctic tern");
  g_assert_true (tern_poll_editor_get_valid (TERN_POLL_EDITOR (poll)));
  g_assert_true (tern_post_editor_get_valid (editor));
  {
    const char *expected[] = { "Common tern", "Arctic tern", NULL };
    g_assert_true (g_strv_equal (tern_draft_post_get_poll_options (post), expected));
  }

  /* A third choice, too long: the message says by how much. */
  tern_poll_editor_add_choice (TERN_POLL_EDITOR (poll));
  choice = tern_poll_editor_get_choice (TERN_POLL_EDITOR (poll), 2);
  gtk_editable_set_text (choice, "Sandwich tern, on the beach");
  g_assert_false (tern_post_editor_get_valid (editor));
  g_assert_cmpstr (tern_poll_editor_get_message (TERN_POLL_EDITOR (poll)), ==,
                   "Poll choice 3 (“Sandwich tern, on the beach”) is 27 characters long; X accepts at most 25. Shorten it by 2.");
  g_assert_nonnull (find_widget (poll, is_visible_label_containing, (gpointer) "-2"));
  save_screenshot (window, "poll-editor");

  gtk_editable_set_text (choice, "Sandwich tern");
  g_assert_true (tern_post_editor_get_valid (editor));
  g_assert_null (tern_poll_editor_get_message (TERN_POLL_EDITOR (poll)));

  /* A fifth is not offered. */
  tern_poll_editor_add_choice (TERN_POLL_EDITOR (poll));
  tern_poll_editor_add_choice (TERN_POLL_EDITOR (poll));
  g_assert_nonnull (tern_poll_editor_get_choice (TERN_POLL_EDITOR (poll), 3));
  g_assert_null (tern_poll_editor_get_choice (TERN_POLL_EDITOR (poll), 4));

  /* And back to an ordinary post. */
  g_assert_true (gtk_widget_activate_action (poll, "poll.remove", NULL));
  g_assert_false (tern_draft_post_is_poll (post));
  g_assert_false (gtk_widget_get_visible (poll));
  g_assert_false (gtk_toggle_button_get_active (toggle));
  g_assert_true (tern_post_editor_get_valid (editor));

  gtk_window_destroy (GTK_WINDOW (window));
}

static char *
write_temp (const char *dir,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* A video in a post gets a subtitle row: the file, its language (from the
 * name), and a message when the subtitles do not fit the video. */
static void
test_subtitle_row (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tern-subtitles-XXXXXX", NULL);
  /* A real one-second video: the editor's tile probes it. */
  g_autofree char *video_path = tern_test_make_video_file (dir, "clip.mp4", 256 * 1024);
  g_autofree char *good = write_temp (dir, "clip.fr.srt", "1\n00:00:00,000 --> 00:00:00,900\nBonjour\n");
  g_autofree char *late = write_temp (dir, "late.srt", "1\n00:00:00,000 --> 00:00:09,000\nTrop long\n");
  g_autoptr(GFile) video_file = g_file_new_for_path (video_path);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  g_autoptr(GFile) late_file = g_file_new_for_path (late);
  g_autoptr(TernAttachment) video = tern_attachment_new (video_file);
  g_autoptr(TernDraftPost) post = tern_draft_post_new ();
  TernPostEditor *editor = tern_post_editor_new (post);
  TernSubtitleRow *row = TERN_SUBTITLE_ROW (tern_post_editor_get_subtitle_row (editor));
  GtkWidget *window;

  tern_draft_post_set_text (post, "Sous-titré");
  tern_attachment_set_kind (video, TERN_ATTACHMENT_KIND_VIDEO);
  window = show_in_window (GTK_WIDGET (editor), 480, 360);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (row)));
  tern_draft_post_add_attachment (post, video);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_assert_true (tern_subtitle_row_get_attachment (row) == video);

  tern_subtitle_row_set_file (row, good_file);
  g_assert_cmpstr (tern_attachment_get_subtitles_language (video), ==, "fr");
  /* The tile's probe gives the row the video's length. */
  WAIT_UNTIL (tern_post_editor_get_valid (editor));
  g_assert_true (tern_subtitle_row_get_valid (row));
  g_assert_nonnull (find_widget (GTK_WIDGET (row), is_visible_label_containing, (gpointer) "clip.fr.srt"));
  save_screenshot (window, "subtitle-row");

  tern_attachment_set_subtitles (video, late_file, "fr");
  WAIT_UNTIL (!tern_subtitle_row_get_busy (row));
  g_assert_false (tern_subtitle_row_get_valid (row));
  g_assert_cmpstr (tern_subtitle_row_get_message (row), ==,
                   "The subtitles run until 0:09 but the video is only 0:01 long. Check that they belong to this video.");
  g_assert_false (tern_post_editor_get_valid (editor));
  g_assert_nonnull (find_widget (GTK_WIDGET (row), is_visible_error_label, NULL));
  save_screenshot (window, "subtitle-row-error");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "subtitles.remove", NULL));
  g_assert_null (tern_attachment_get_subtitles_file (video));
  WAIT_UNTIL (!tern_subtitle_row_get_busy (row));
  g_assert_true (tern_post_editor_get_valid (editor));

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (good);
  g_unlink (late);
  g_unlink (video_path);
  {
    g_autofree char *seed = g_build_filename (dir, ".seed.mp4", NULL);
    g_unlink (seed);
  }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* Screenshots that look the same on every machine. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return 77;
    }
  adw_init ();
  /* The app's own style, as the application loads it. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/post-kinds-widgets/reply-card", test_reply_card);
  g_test_add_func ("/post-kinds-widgets/poll-editor", test_poll_editor);
  g_test_add_func ("/post-kinds-widgets/subtitle-row", test_subtitle_row);

  return g_test_run ();
}
