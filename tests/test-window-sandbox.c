/* test-window-sandbox.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "ui/tern-application.h"
#include "ui/tern-attach.h"
#include "ui/tern-sandbox.h"
#include "ui/tern-window.h"

/* The real path, end to end in one process: the application starts, signs
 * in to the sandbox (the in-process simulator, through the same OAuth flow
 * as X), and a post with an image goes out from the active account, as
 * `tern --sandbox` does. Nothing here hands the window a client. */

static gboolean
wake_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates, waking now and then: the sandbox answers from its own thread. */
static void
iterate (void)
{
  gboolean woke = FALSE;
  guint id = g_timeout_add (50, wake_cb, &woke);

  g_main_context_iteration (NULL, TRUE);
  if (!woke)
    g_source_remove (id);
}

static gboolean
find_toast_label (GtkWidget  *widget,
                  const char *needle,
                  gboolean    in_toast)
{
  in_toast = in_toast || g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget");
  if (in_toast && GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_label (GTK_LABEL (widget)), needle) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_toast_label (child, needle, in_toast))
      return TRUE;
  return FALSE;
}

static char *
make_png (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "sandbox.png", NULL);
  guint8 *pixels = g_malloc (64 * 64 * 4);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  for (guint i = 0; i < 64 * 64; i++)
    {
      pixels[i * 4] = (guint8) (i % 64 * 4);
      pixels[i * 4 + 1] = (guint8) (i / 64 * 4);
      pixels[i * 4 + 2] = 160;
      pixels[i * 4 + 3] = 255;
    }
  bytes = g_bytes_new_take (pixels, 64 * 64 * 4);
  texture = gdk_memory_texture_new (64, 64, GDK_MEMORY_R8G8B8A8, bytes, 64 * 4);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  return g_steal_pointer (&path);
}

static void
test_sandbox_post (void)
{
  g_autoptr(TernApplication) app = tern_application_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tern-window-sandbox-XXXXXX", NULL);
  g_autofree char *image = make_png (dir);
  g_autoptr(GFile) file = g_file_new_for_path (image);
  TernAccountManager *manager;
  TernAccount *account;
  TernWindow *window = NULL;
  TernComposer *composer;
  TernPostEditor *editor;
  TernDraft *sent;
  const char *url;

  /* One application per process: each test runs in a child of its own. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));
  g_application_activate (G_APPLICATION (app));

  while (window == NULL)
    {
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));

      if (TERN_IS_WINDOW (active) && gtk_widget_get_mapped (GTK_WIDGET (active)))
        window = TERN_WINDOW (active);
      else
        iterate ();
    }

  /* What `tern --sandbox` does once the window is up. */
  manager = tern_application_get_account_manager (app);
  tern_window_start_sandbox (window);
  while ((account = tern_account_manager_get_active (manager)) == NULL ||
         g_strcmp0 (gtk_stack_get_visible_child_name (tern_window_get_stack (window)), "compose") != 0)
    iterate ();
  g_assert_nonnull (tern_account_get_username (account));

  composer = tern_window_get_composer (window);
  editor = tern_composer_get_editor (composer, 0);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (tern_post_editor_get_text_view (editor)),
                            "Hello from the sandbox", -1);
  tern_attach_add_files (editor, &(GSList) { .data = file, .next = NULL });
  while (g_list_model_get_n_items (tern_draft_post_get_attachments (tern_post_editor_get_post (editor))) == 0 ||
         !tern_composer_get_valid (composer))
    iterate ();

  /* Described, so Post sends without asking about alt text. */
  {
    g_autoptr(TernAttachment) attachment =
      g_list_model_get_item (tern_draft_post_get_attachments (tern_post_editor_get_post (editor)), 0);
    tern_attachment_set_alt_text (attachment, "A test picture");
  }
  sent = g_object_ref (tern_window_get_draft (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.post", NULL);
  g_assert_true (tern_sender_get_sending (tern_window_get_sender (window)));
  while (tern_sender_get_sending (tern_window_get_sender (window)) ||
         !find_toast_label (GTK_WIDGET (window), "Posted", FALSE))
    iterate ();

  /* Posted from the signed-in account, and the composer is fresh. */
  g_assert_cmpstr (tern_draft_get_account (sent), ==, tern_account_get_id (account));
  g_assert_nonnull (tern_draft_post_get_posted_id (tern_draft_get_post (sent, 0)));
  g_assert_true (tern_window_get_draft (window) != sent);
  url = tern_sender_get_last_url (tern_window_get_sender (window));
  g_assert_nonnull (url);
  g_assert_true (strstr (url, tern_draft_post_get_posted_id (tern_draft_get_post (sent, 0))) != NULL);
  g_object_unref (sent);

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_release (G_APPLICATION (app));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unlink (image);
  g_rmdir (dir);
}

/* `tern --sandbox` puts the composer up first: keys typed the moment the
 * window maps, while the sandbox is still starting and signing in, all
 * land in the draft, and the sign-in finishes behind them. The keys are
 * real X key events (xdotool) to the focused window. */
static void
test_sandbox_type_at_once (void)
{
  g_autoptr(TernApplication) app = tern_application_new ();
  g_autoptr(GError) error = NULL;
  const char *typed = "typed at once, before sign-in";
  g_autofree char *xid = NULL;
  const char *argv[] = { "xdotool", "windowfocus", "--sync", NULL, "type", "--delay", "1", typed, NULL };
  TernAccountManager *manager;
  TernWindow *window = NULL;
  GtkTextBuffer *buffer;
  g_autofree char *text = NULL;
  int status = 0;

  /* One application per process: each test runs in a child of its own. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  if (g_find_program_in_path ("xdotool") == NULL)
    {
      g_test_skip ("xdotool is not installed (build-aux/install-deps.sh --with-tests installs it)");
      return;
    }

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));
  g_application_activate (G_APPLICATION (app));
  manager = tern_application_get_account_manager (app);

  /* No account: the window comes up on the sign-in page; the sandbox
   * starts as the window appears, as with --sandbox. */
  while (window == NULL)
    {
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));

      if (TERN_IS_WINDOW (active))
        {
          window = TERN_WINDOW (active);
          tern_window_start_sandbox (window);
        }
      else
        iterate ();
    }
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    iterate ();

  /* At first paint: the composer shows and holds the keyboard. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (tern_window_get_stack (window)), ==, "compose");
  buffer = gtk_text_view_get_buffer (tern_post_editor_get_text_view (
    tern_composer_get_editor (tern_window_get_composer (window), 0)));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (tern_post_editor_get_text_view (
    tern_composer_get_editor (tern_window_get_composer (window), 0)))));

  /* Xvfb has no window manager: xdotool gives the window the X focus,
   * as a window manager would on map, then types. */
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (
    gtk_native_get_surface (GTK_NATIVE (window))));
  argv[3] = xid;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* Every key reaches the window (the X server has them once it answers
   * a round trip), and the sign-in completes behind the composer. */
  while (tern_account_manager_get_active (manager) == NULL)
    iterate ();
  gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (window)));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  {
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  }
  g_assert_cmpstr (text, ==, typed);
  g_assert_cmpstr (tern_draft_post_get_text (tern_draft_get_post (tern_window_get_draft (window), 0)), ==, typed);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (tern_window_get_stack (window)), ==, "compose");

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_release (G_APPLICATION (app));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
sandbox_signed_in_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  TernAccount **account = user_data;
  g_autoptr(GError) error = NULL;

  *account = tern_sandbox_sign_in_finish (TERN_SANDBOX (source), result, &error);
  g_assert_no_error (error);
}

/* The sandbox signs in on a thread of its own: while the main loop is
 * busy (as it is drawing the first frames), the whole OAuth flow (the
 * consent page, its redirect to the loopback server, the code exchange,
 * users/me) still runs to the end; only adding the account waits for the
 * main loop. Here the main thread does not iterate at all until the
 * simulator has answered users/me. */
static void
test_sandbox_sign_in_off_main_loop (void)
{
  g_autoptr(TernAccountManager) manager = tern_account_manager_new (NULL);
  g_autoptr(GError) error = NULL;
  TernSandbox *sandbox = tern_sandbox_get_default ();
  TernAccount *account = NULL;

  tern_sandbox_sign_in_async (sandbox, manager, NULL, sandbox_signed_in_cb, &account);
  g_assert_nonnull (tern_sandbox_get_sim (sandbox));
  g_assert_true (tern_sim_wait_for_requests (tern_sandbox_get_sim (sandbox), TERN_SIM_KIND_USERS_ME, 1,
                                             NULL, &error));
  g_assert_no_error (error);
  g_assert_null (tern_account_manager_get_active (manager));

  while (account == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (tern_account_manager_get_active (manager) == account);
  g_assert_true (tern_account_get_ephemeral (account));
  g_assert_nonnull (tern_account_get_username (account));
  g_object_unref (account);
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

  g_test_add_func ("/window-sandbox/post", test_sandbox_post);
  g_test_add_func ("/window-sandbox/type-at-once", test_sandbox_type_at_once);
  g_test_add_func ("/window-sandbox/sign-in-off-main-loop", test_sandbox_sign_in_off_main_loop);

  return g_test_run ();
}
