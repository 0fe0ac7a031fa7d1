/* test-crash-restore.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Runs the real tern binary, types into it with real key events, kills it
 * with SIGKILL once the draft is on disk, starts it again and types once
 * more: the new keys must land after the restored text. */

#include "config.h"

#include <signal.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tern-test-fixtures.h"

#define FIRST_TEXT "Saved before the crash"
#define MORE_TEXT " and kept after it"

typedef struct
{
  char         *data_home;
  char         *drafts_dir;
} Fixture;

static GSubprocess *
start_tern (Fixture *fixture)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  const char *tern = g_getenv ("TERN_BIN");
  GSubprocess *process;

  g_assert_nonnull (tern);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->data_home, TRUE);
  /* With no account Tern opens on the sign-in page; give it one (not
   * signed in to anything) so the keys reach the composer. */
  {
    g_autofree char *config = g_build_filename (fixture->data_home, "config", NULL);
    g_autofree char *dir = g_build_filename (config, "tern", NULL);
    g_autofree char *accounts = g_build_filename (dir, "accounts.json", NULL);

    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
    g_assert_true (g_file_set_contents (accounts,
                                        "{\"accounts\": [{\"id\": \"1\", \"username\": \"writer\", "
                                        "\"api_base\": \"http://127.0.0.1:9\", \"client_id\": \"c\"}]}",
                                        -1, NULL));
    g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  }
  g_subprocess_launcher_set_child_setup (launcher, tern_test_die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, tern, NULL);
  g_assert_no_error (error);
  return process;
}

/* Waits for the window (xdotool's --sync waits for it to be mapped),
 * gives it the keyboard and types. */
static void
type_into (GSubprocess *process,
           const char  *text)
{
  g_autofree char *pid = g_strdup (g_subprocess_get_identifier (process));
  g_autofree char *windows = tern_test_run ("xdotool", "search", "--sync", "--onlyvisible", "--pid", pid, NULL);
  g_auto(GStrv) ids = g_strsplit (g_strstrip (windows), "\n", -1);
  g_autofree char *ignored = NULL;
  g_autofree char *typed = NULL;

  g_assert_nonnull (ids[0]);
  g_test_message ("tern %s has window %s", pid, ids[0]);
  ignored = tern_test_run ("xdotool", "windowfocus", "--sync", ids[0], NULL);
  typed = tern_test_run ("xdotool", "type", "--delay", "20", text, NULL);
}

/* The text of the first post of each draft file in the folder. */
static GPtrArray *
saved_texts (Fixture *fixture)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (fixture->drafts_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->drafts_dir, name, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *draft, *post;
      JsonArray *posts;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      /* The store renames finished files into place, so a file that is
       * there parses. */
      g_assert_true (json_parser_load_from_file (parser, path, NULL));
      draft = json_node_get_object (json_parser_get_root (parser));
      posts = json_object_get_array_member (draft, "posts");
      post = json_array_get_object_element (posts, 0);
      g_ptr_array_add (texts, g_strdup (json_object_get_string_member (post, "text")));
    }
  return g_steal_pointer (&texts);
}

static gboolean
some_text_ends_with (Fixture    *fixture,
                     const char *suffix)
{
  g_autoptr(GPtrArray) texts = saved_texts (fixture);

  for (guint i = 0; i < texts->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (texts, i), suffix))
      return TRUE;
  return FALSE;
}

static void
drafts_changed_cb (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other,
                   GFileMonitorEvent  event,
                   gboolean          *changed)
{
  *changed = TRUE;
}

/* Waits, on the folder's change notifications, until a saved draft ends
 * with @suffix. */
static void
wait_for_saved (Fixture    *fixture,
                const char *suffix)
{
  g_autoptr(GFile) dir = g_file_new_for_path (fixture->drafts_dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileMonitor) monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_NONE, NULL, &error);
  gboolean changed = TRUE;

  g_assert_no_error (error);
  g_signal_connect (monitor, "changed", G_CALLBACK (drafts_changed_cb), &changed);
  for (;;)
    {
      if (changed)
        {
          changed = FALSE;
          if (some_text_ends_with (fixture, suffix))
            return;
        }
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
name_vanished_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  gboolean *gone = user_data;

  *gone = TRUE;
}

/* A killed instance still owns the application's bus name until the bus
 * notices; a second one started before that would hand over to it. */
static void
wait_for_bus_name_gone (void)
{
  gboolean gone = FALSE;
  guint watch;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return;

  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, APPLICATION_ID, G_BUS_NAME_WATCHER_FLAGS_NONE,
                            NULL, name_vanished_cb, &gone, NULL);
  while (!gone)
    g_main_context_iteration (NULL, TRUE);
  g_bus_unwatch_name (watch);
}

static void
save_screenshot (const char *name)
{
  const char *dir = g_getenv ("TERN_TEST_ARTIFACTS");
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *ignored = NULL;

  if (dir == NULL)
    return;
  file_name = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file_name, NULL);
  ignored = tern_test_run ("import", "-window", "root", path, NULL);
  g_test_message ("screenshot: %s", path);
}

static void
test_sigkill_then_restore (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  fixture.data_home = g_dir_make_tmp ("tern-crash-XXXXXX", &error);
  g_assert_no_error (error);
  fixture.drafts_dir = g_build_filename (fixture.data_home, "tern", "drafts", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture.drafts_dir, 0700), ==, 0);

  first = start_tern (&fixture);
  type_into (first, FIRST_TEXT);
  wait_for_saved (&fixture, FIRST_TEXT);

  /* No chance to clean up or save anything more. */
  g_subprocess_send_signal (first, SIGKILL);
  tern_test_wait_for_process (first);
  g_assert_true (g_subprocess_get_if_signaled (first));
  g_assert_cmpint (g_subprocess_get_term_sig (first), ==, SIGKILL);
  wait_for_bus_name_gone ();

  second = start_tern (&fixture);
  type_into (second, MORE_TEXT);
  wait_for_saved (&fixture, MORE_TEXT);
  save_screenshot ("crash-restore");

  /* The keys typed after the restart went after the restored text, in
   * the same draft: the window showed it, cursor at its end. */
  texts = saved_texts (&fixture);
  g_assert_cmpuint (texts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (texts, 0), ==, FIRST_TEXT MORE_TEXT);

  g_subprocess_send_signal (second, SIGTERM);
  tern_test_wait_for_process (second);
  wait_for_bus_name_gone ();

  tern_test_remove_tree (fixture.data_home);
  g_free (fixture.data_home);
  g_free (fixture.drafts_dir);
}

static void
test_damaged_draft_set_aside (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) tern = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *contents = NULL;
  const char *bytes = "{\"version\": 1, \"id\": \"cut\", \"posts\": [{\"text\": \"Half a tho";

  fixture.data_home = g_dir_make_tmp ("tern-damaged-XXXXXX", &error);
  g_assert_no_error (error);
  fixture.drafts_dir = g_build_filename (fixture.data_home, "tern", "drafts", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture.drafts_dir, 0700), ==, 0);
  damaged = g_build_filename (fixture.drafts_dir, "cut.json", NULL);
  aside = g_strconcat (damaged, ".corrupt", NULL);
  g_file_set_contents (damaged, bytes, -1, &error);
  g_assert_no_error (error);

  /* Tern still starts, with a new draft, and keeps the damaged bytes. */
  tern = start_tern (&fixture);
  type_into (tern, "A fresh start");
  wait_for_saved (&fixture, "A fresh start");
  save_screenshot ("damaged-draft");

  g_assert_false (g_file_test (damaged, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (aside, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, bytes);
  texts = saved_texts (&fixture);
  g_assert_cmpuint (texts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (texts, 0), ==, "A fresh start");

  g_subprocess_send_signal (tern, SIGTERM);
  tern_test_wait_for_process (tern);
  wait_for_bus_name_gone ();

  tern_test_remove_tree (fixture.data_home);
  g_free (fixture.data_home);
  g_free (fixture.drafts_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crash/sigkill-then-restore", test_sigkill_then_restore);
  g_test_add_func ("/crash/damaged-draft-set-aside", test_damaged_draft_set_aside);

  return g_test_run ();
}
