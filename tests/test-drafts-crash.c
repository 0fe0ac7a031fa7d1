/* test-drafts-crash.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Many drafts through a crash: the real tern binary, driven with real key
 * events (Ctrl+N for a new draft, Ctrl+D and the arrow keys to switch in
 * the drafts list), killed with SIGKILL while the second draft is being
 * typed, then started again: both drafts are there with their text, and
 * the list still switches between them. Every wait is on the drafts
 * folder's change notifications. */

#include "config.h"

#include <signal.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tern-test-fixtures.h"

#define FIRST       "First draft"
#define FIRST_MORE  "First draft, switched back to"
#define SECOND      "Second draft"
#define TYPING      " typed when the power went"

typedef struct
{
  char         *data_home;
  char         *drafts_dir;
} Fixture;

static GSubprocess *
start_tern_with (Fixture    *fixture,
                 const char *argument)
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
  process = g_subprocess_launcher_spawn (launcher, &error, tern, argument, NULL);
  g_assert_no_error (error);
  return process;
}

static GSubprocess *
start_tern (Fixture *fixture)
{
  return start_tern_with (fixture, NULL);
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

typedef gboolean (*TextsCheck) (GPtrArray *texts);

static void
drafts_changed_cb (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other,
                   GFileMonitorEvent  event,
                   gboolean          *changed)
{
  *changed = TRUE;
}

/* Waits, on the folder's change notifications, until the saved drafts'
 * texts pass @check. */
static void
wait_for_drafts (Fixture    *fixture,
                 TextsCheck  check)
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
          g_autoptr(GPtrArray) texts = saved_texts (fixture);
          g_autoptr(GString) seen = g_string_new (NULL);

          changed = FALSE;
          if (check (texts))
            return;
          /* What is on disk, for when a wait never ends. */
          for (guint i = 0; i < texts->len; i++)
            g_string_append_printf (seen, " “%s”", (const char *) g_ptr_array_index (texts, i));
          g_test_message ("drafts on disk:%s", seen->str);
        }
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
has_text (GPtrArray  *texts,
          const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;
  return FALSE;
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

/* Sends key presses (xdotool names, e.g. "ctrl+n") to tern's window. */
static void
press (GSubprocess *process,
       const char  *keys)
{
  g_autofree char *pid = g_strdup (g_subprocess_get_identifier (process));
  g_autofree char *windows = tern_test_run ("xdotool", "search", "--sync", "--onlyvisible", "--pid", pid, NULL);
  g_auto(GStrv) ids = g_strsplit (g_strstrip (windows), "\n", -1);
  g_auto(GStrv) names = g_strsplit (keys, " ", -1);
  g_autofree char *ignored = NULL;

  g_assert_nonnull (ids[0]);
  ignored = tern_test_run ("xdotool", "windowfocus", "--sync", ids[0], NULL);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *done = tern_test_run ("xdotool", "key", names[i], NULL);
    }
}

/* Switches with the keyboard to the draft below the one being written:
 * Ctrl+D opens the list on the current draft, Down, Enter. */
static void
switch_to_next_in_list (GSubprocess *process)
{
  press (process, "ctrl+d Down Return");
}

static gboolean
has_first (GPtrArray *texts)
{
  return has_text (texts, FIRST);
}

static gboolean
has_both (GPtrArray *texts)
{
  return has_text (texts, FIRST) && has_text (texts, SECOND);
}

static gboolean
first_switched_back (GPtrArray *texts)
{
  return texts->len == 2 && has_text (texts, FIRST_MORE) && has_text (texts, SECOND);
}

/* Part of the second draft's new keys is on disk, not all of it. */
static gboolean
second_partly_typed (GPtrArray *texts)
{
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);

      if (g_str_has_prefix (text, SECOND " ") && strlen (text) > strlen (SECOND " "))
        return TRUE;
    }
  return FALSE;
}

static char *partial_second;

static gboolean
second_continued (GPtrArray *texts)
{
  g_autofree char *expected = g_strconcat (partial_second, "!", NULL);

  return has_text (texts, expected) && has_text (texts, FIRST_MORE);
}

static gboolean
first_continued (GPtrArray *texts)
{
  g_autofree char *expected = g_strconcat (partial_second, "!", NULL);

  return has_text (texts, expected) && has_text (texts, FIRST_MORE "?");
}

static gboolean
has_third (GPtrArray *texts)
{
  return texts->len == 3 && has_text (texts, "Third, from --new-draft");
}

static void
test_switch_then_sigkill (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) typist = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  if (g_find_program_in_path ("xdotool") == NULL)
    {
      g_test_skip ("xdotool is not installed (build-aux/install-deps.sh --with-tests installs it)");
      return;
    }

  fixture.data_home = g_dir_make_tmp ("tern-drafts-crash-XXXXXX", &error);
  g_assert_no_error (error);
  fixture.drafts_dir = g_build_filename (fixture.data_home, "tern", "drafts", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture.drafts_dir, 0700), ==, 0);

  /* Two drafts: one typed, then Ctrl+N and another. */
  first = start_tern (&fixture);
  type_into (first, FIRST);
  wait_for_drafts (&fixture, has_first);
  press (first, "ctrl+n");
  type_into (first, SECOND);
  wait_for_drafts (&fixture, has_both);

  /* Back to the first from the list; the keys land in it. */
  switch_to_next_in_list (first);
  type_into (first, ", switched back to");
  wait_for_drafts (&fixture, first_switched_back);

  /* To the second again, and killed while it is being typed. */
  switch_to_next_in_list (first);
  {
    g_autofree char *pid = g_strdup (g_subprocess_get_identifier (first));
    g_autofree char *windows = tern_test_run ("xdotool", "search", "--sync", "--onlyvisible", "--pid", pid, NULL);
    g_auto(GStrv) ids = g_strsplit (g_strstrip (windows), "\n", -1);
    g_autofree char *ignored = tern_test_run ("xdotool", "windowfocus", "--sync", ids[0], NULL);

    typist = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                               "xdotool", "type", "--delay", "60", TYPING, NULL);
    g_assert_no_error (error);
  }
  wait_for_drafts (&fixture, second_partly_typed);
  g_subprocess_send_signal (first, SIGKILL);
  tern_test_wait_for_process (first);
  g_assert_true (g_subprocess_get_if_signaled (first));
  g_assert_cmpint (g_subprocess_get_term_sig (first), ==, SIGKILL);
  /* The rest of the keys go nowhere; xdotool is let finish, as killing it
   * between a key's press and release would leave the key held down (and
   * repeating) for whatever window comes next. */
  tern_test_wait_for_process (typist);
  wait_for_bus_name_gone ();

  /* On disk: both drafts, the first whole, the second with what was
   * typed before the kill. */
  texts = saved_texts (&fixture);
  g_assert_cmpuint (texts->len, ==, 2);
  g_assert_true (has_text (texts, FIRST_MORE));
  for (guint i = 0; i < texts->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (texts, i), SECOND))
      partial_second = g_strdup (g_ptr_array_index (texts, i));
  g_assert_nonnull (partial_second);
  g_assert_true (g_str_has_prefix (SECOND TYPING, partial_second));

  /* Started again: the newest draft (the second) is in the composer... */
  second = start_tern (&fixture);
  type_into (second, "!");
  wait_for_drafts (&fixture, second_continued);

  /* ...and the list has the first one too. */
  switch_to_next_in_list (second);
  type_into (second, "?");
  wait_for_drafts (&fixture, first_continued);
  save_screenshot ("drafts-after-crash");

  g_clear_pointer (&texts, g_ptr_array_unref);
  texts = saved_texts (&fixture);
  g_assert_cmpuint (texts->len, ==, 2);

  /* The desktop file's launcher, `tern --new-draft`, gives the running
   * Tern a new draft and ends. */
  {
    g_autoptr(GFile) dir = g_file_new_for_path (fixture.drafts_dir);
    g_autoptr(GFileMonitor) monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_NONE, NULL, &error);
    g_autoptr(GSubprocess) launcher = NULL;
    gboolean changed = FALSE;

    g_assert_no_error (error);
    g_signal_connect (monitor, "changed", G_CALLBACK (drafts_changed_cb), &changed);
    launcher = start_tern_with (&fixture, "--new-draft");
    tern_test_wait_for_process (launcher);
    g_assert_true (g_subprocess_get_if_exited (launcher));
    g_assert_cmpint (g_subprocess_get_exit_status (launcher), ==, 0);
    /* Leaving the draft being written saves it at once: the sign that the
     * new one is in the composer. */
    while (!changed)
      g_main_context_iteration (NULL, TRUE);
  }
  type_into (second, "Third, from --new-draft");
  wait_for_drafts (&fixture, has_third);

  g_subprocess_send_signal (second, SIGTERM);
  tern_test_wait_for_process (second);
  wait_for_bus_name_gone ();

  g_clear_pointer (&partial_second, g_free);
  tern_test_remove_tree (fixture.data_home);
  g_free (fixture.data_home);
  g_free (fixture.drafts_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/drafts-crash/switch-then-sigkill", test_switch_then_sigkill);

  return g_test_run ();
}
