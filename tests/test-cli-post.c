/* test-cli-post.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `tern post` as a person runs it: a real `tern` process, signed in with
 * `tern login` against the simulator (tokens in the real keyring), posting
 * over loopback. The big one: a large upload killed with SIGKILL, then the
 * same command again, which must go on from the acknowledged segments. */

#include "config.h"

#include <signal.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "core/draft/tern-draft-store.h"
#include "core/text/tern-text.h"
#include "tern-test-sim.h"
#include "tern-test-fixtures.h"

#define MiB (1024 * 1024)

typedef struct
{
  TernTestSim          *sim;
  char                 *dir;
  char                 *drafts;
  GSubprocessLauncher  *launcher;
  const char           *tern;
} Fixture;

static GSubprocess *
spawn (Fixture             *fixture,
       GSubprocessFlags     flags,
       const char * const  *argv)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process = g_subprocess_launcher_spawnv (fixture->launcher, argv, &error);

  g_assert_no_error (error);
  return process;
}

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
} Communicated;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Communicated *c = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &c->out, &c->err, &error);
  g_assert_no_error (error);
  c->done = TRUE;
}

/* Runs tern with @argv and waits for it, without blocking the loop the
 * simulator does not need (it has its own thread) but the test might. */
static int
run_tern (Fixture            *fixture,
          const char * const *args,
          char              **out,
          char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  Communicated c = { 0 };

  g_ptr_array_add (argv, (gpointer) fixture->tern);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = spawn (fixture, 0, (const char * const *) argv->pdata);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &c);
  tern_test_run_until (&c.done);
  g_test_message ("tern %s → %d\nstdout: %s\nstderr: %s", args[0],
                  g_subprocess_get_exit_status (process), c.out, c.err);
  if (out)
    *out = g_steal_pointer (&c.out);
  if (err)
    *err = g_steal_pointer (&c.err);
  g_free (c.out);
  g_free (c.err);
  return g_subprocess_get_exit_status (process);
}

/* `tern login --no-browser`, with this test as the browser: follow the
 * consent address (the simulator approves at once) to tern's loopback
 * callback. */
static void
login (Fixture *fixture)
{
  g_autofree char *line = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) consent = NULL;
  g_autoptr(SoupMessage) callback = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *location;
  const char *argv[] = {
    fixture->tern, "login", "--no-browser",
    "--api-base", fixture->sim->base,
    "--client-id", fixture->sim->client_id,
    "--redirect-uri", fixture->sim->redirect_uri,
    NULL
  };

  g_subprocess_launcher_set_flags (fixture->launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  process = spawn (fixture, 0, argv);
  g_subprocess_launcher_set_flags (fixture->launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  /* The consent address is printed once tern listens for the callback. */
  while ((line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error)) != NULL &&
         !g_str_has_prefix (line, "http"))
    g_clear_pointer (&line, g_free);
  g_assert_no_error (error);
  g_assert_nonnull (line);

  consent = soup_message_new ("GET", line);
  soup_message_add_flags (consent, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, consent, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (consent), ==, 302);
  location = soup_message_headers_get_one (soup_message_get_response_headers (consent), "Location");
  g_assert_true (g_str_has_prefix (location, fixture->sim->redirect_uri));

  g_clear_pointer (&body, g_bytes_unref);
  callback = soup_message_new ("GET", location);
  body = soup_session_send_and_read (session, callback, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (callback), ==, 200);

  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", tern_test_free_port ());
  g_autofree char *data_dir = NULL;
  g_autofree char *config_dir = NULL;
  g_autofree char *state_dir = NULL;

  fixture->tern = g_getenv ("TERN_BIN");
  g_assert_nonnull (fixture->tern);
  fixture->dir = g_dir_make_tmp ("tern-cli-post-XXXXXX", NULL);
  fixture->sim = tern_test_sim_new_full (NULL, redirect);

  /* Its own data and config folders, so nothing else's drafts or accounts
   * mix with this test's; the keyring is the session's real one. */
  data_dir = g_build_filename (fixture->dir, "data", NULL);
  config_dir = g_build_filename (fixture->dir, "config", NULL);
  state_dir = g_build_filename (fixture->dir, "state", NULL);
  fixture->drafts = g_build_filename (data_dir, "tern", "drafts", NULL);
  fixture->launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                 G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (fixture->launcher, "XDG_DATA_HOME", data_dir, TRUE);
  g_subprocess_launcher_setenv (fixture->launcher, "XDG_CONFIG_HOME", config_dir, TRUE);
  g_subprocess_launcher_setenv (fixture->launcher, "XDG_STATE_HOME", state_dir, TRUE);
  g_subprocess_launcher_setenv (fixture->launcher, "LC_ALL", "C.UTF-8", TRUE);

  login (fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->sim, tern_test_sim_free);
  g_clear_object (&fixture->launcher);
  tern_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->drafts);
}

/* The acknowledged segment indexes in the one draft on disk, or NULL when
 * there is no draft file yet. */
static GArray *
saved_acked_segments (Fixture *fixture,
                      guint   *n_drafts)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->drafts, 0, NULL);
  const char *name;
  GArray *acked = NULL;

  *n_drafts = 0;
  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(JsonNode) root = NULL;
      JsonArray *posts;
      JsonObject *post;
      JsonArray *attachments;
      JsonObject *attachment;
      JsonObject *state;
      JsonArray *segments;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      (*n_drafts)++;
      path = g_build_filename (fixture->drafts, name, NULL);
      if (!g_file_get_contents (path, &contents, NULL, NULL))
        continue;
      root = json_from_string (contents, NULL);
      if (root == NULL)
        continue;

      /* draft → posts[0] → attachments[0] → upload state → segments */
      posts = json_object_get_array_member (json_node_get_object (root), "posts");
      post = json_array_get_object_element (posts, 0);
      if (!json_object_has_member (post, "attachments"))
        continue;
      attachments = json_object_get_array_member (post, "attachments");
      attachment = json_array_get_object_element (attachments, 0);
      if (!json_object_has_member (attachment, "upload-state"))
        continue;
      state = json_object_get_object_member (attachment, "upload-state");
      if (!json_object_has_member (state, "segments"))
        continue;
      segments = json_object_get_array_member (state, "segments");
      if (acked == NULL)
        acked = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < json_array_get_length (segments); i++)
        {
          gint64 index = json_array_get_int_element (json_array_get_array_element (segments, i), 0);
          g_array_append_val (acked, index);
        }
    }
  return acked;
}

typedef struct
{
  gboolean done;
  gboolean ok;
} Waited;

static void
appends_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waited *w = user_data;

  w->ok = tern_sim_wait_for_requests_finish (TERN_SIM (object), result, NULL);
  w->done = TRUE;
}

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

static void
test_resume_after_sigkill (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *video = tern_test_make_video_file (fixture->dir, "big.mp4", 64 * MiB + 777);
  g_autofree char *sha = tern_test_file_sha256 (video);
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GArray) acked = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected_url = NULL;
  g_autofree char *media_sha = NULL;
  guint n_drafts = 0;
  guint waiting_for = 1;
  gboolean exited = FALSE;
  const char *args[] = { "post", "--api-base", fixture->sim->base,
                         "Resumed after a crash", "--media", video, "--alt", "Noise", NULL };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  /* Slow APPENDs, so the kill lands in the middle. */
  tern_test_sim_set_faults (fixture->sim, "{\"append_processing_ms\": 400}");
  tern_sim_clear_requests (fixture->sim->sim);

  g_ptr_array_add (argv, (gpointer) fixture->tern);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_flags (fixture->launcher, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                      G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  first = spawn (fixture, 0, (const char * const *) argv->pdata);
  g_subprocess_launcher_set_flags (fixture->launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_wait_async (first, NULL, exited_cb, &exited);

  /* Each time the simulator answers another APPEND, look at what tern has
   * saved; kill it once the draft on disk records three segments. */
  for (;;)
    {
      Waited w = { 0 };

      tern_sim_wait_for_requests_async (fixture->sim->sim, TERN_SIM_KIND_MEDIA_APPEND,
                                        waiting_for++, NULL, appends_cb, &w);
      tern_test_run_until (&w.done);
      g_assert_true (w.ok);
      g_assert_false (exited);
      g_clear_pointer (&acked, g_array_unref);
      acked = saved_acked_segments (fixture, &n_drafts);
      if (acked != NULL && acked->len >= 3)
        break;
    }
  g_subprocess_send_signal (first, SIGKILL);
  tern_test_run_until (&exited);
  g_assert_true (g_subprocess_get_if_signaled (first));
  g_assert_cmpint (g_subprocess_get_term_sig (first), ==, SIGKILL);
  g_assert_cmpuint (tern_sim_count_posts (fixture->sim->sim), ==, 0);

  /* What the killed process left on disk is what the next one goes by. */
  g_clear_pointer (&acked, g_array_unref);
  acked = saved_acked_segments (fixture, &n_drafts);
  g_assert_cmpuint (n_drafts, ==, 1);
  g_assert_nonnull (acked);
  g_assert_cmpuint (acked->len, >=, 3);
  g_assert_cmpuint (acked->len, <, 17);

  tern_test_sim_set_faults (fixture->sim, NULL);
  tern_sim_clear_requests (fixture->sim->sim);
  g_assert_cmpint (run_tern (fixture, args, &out, &err), ==, 0);

  g_assert_nonnull (strstr (err, "Resuming"));
  posts = tern_sim_get_posts (fixture->sim->sim);
  g_assert_cmpuint (posts->len, ==, 1);
  expected_url = g_strdup_printf ("%s/%s/status/%s\n", fixture->sim->base, TERN_SIM_DEFAULT_USERNAME,
                                  ((TernSimPost *) g_ptr_array_index (posts, 0))->id);
  g_assert_cmpstr (out, ==, expected_url);
  media_sha = tern_sim_get_media_sha256 (fixture->sim->sim,
                                         ((TernSimPost *) g_ptr_array_index (posts, 0))->media_ids[0]);
  g_assert_cmpstr (media_sha, ==, sha);

  /* The same media id went on: no INIT, and no saved segment sent again. */
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_MEDIA_INITIALIZE), ==, 0);
  log = tern_sim_get_requests (fixture->sim->sim);
  for (guint i = 0; i < log->len; i++)
    {
      TernSimRequest *req = g_ptr_array_index (log, i);

      if (!g_str_equal (req->kind, TERN_SIM_KIND_MEDIA_APPEND))
        continue;
      for (guint j = 0; j < acked->len; j++)
        g_assert_cmpint (req->segment_index, !=, g_array_index (acked, gint64, j));
    }

  /* Posted: the draft is gone. */
  g_clear_pointer (&acked, g_array_unref);
  acked = saved_acked_segments (fixture, &n_drafts);
  g_assert_cmpuint (n_drafts, ==, 0);
}

static void
test_interrupt_keeps_draft (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *video = tern_test_make_video_file (fixture->dir, "clip.mp4", 24 * MiB);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GArray) acked = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  Communicated c = { 0 };
  Waited w = { 0 };
  guint n_drafts = 0;
  const char *args[] = { "post", "--api-base", fixture->sim->base,
                         "Interrupted", "--media", video, NULL };

  tern_test_sim_set_faults (fixture->sim, "{\"append_processing_ms\": 400}");
  tern_sim_clear_requests (fixture->sim->sim);

  g_ptr_array_add (argv, (gpointer) fixture->tern);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = spawn (fixture, 0, (const char * const *) argv->pdata);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &c);

  /* Ctrl+C once the first segment is in. */
  tern_sim_wait_for_requests_async (fixture->sim->sim, TERN_SIM_KIND_MEDIA_APPEND, 1,
                                    NULL, appends_cb, &w);
  tern_test_run_until (&w.done);
  g_subprocess_send_signal (process, SIGINT);
  tern_test_run_until (&c.done);

  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (c.err, "Stopped"));
  g_assert_nonnull (strstr (c.err, "run the same command again"));
  g_assert_cmpuint (tern_sim_count_posts (fixture->sim->sim), ==, 0);

  /* The draft, with what was acknowledged, is on disk for next time. */
  acked = saved_acked_segments (fixture, &n_drafts);
  g_assert_cmpuint (n_drafts, ==, 1);
  g_assert_nonnull (acked);
  g_free (c.out);
  g_free (c.err);
}

static void
test_thread_json (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  JsonArray *array;
  g_autofree char *text_file = g_build_filename (fixture->dir, "thread.txt", NULL);
  const char *args[] = { "post", "--json", "--api-base", fixture->sim->base,
                         "--text-file", text_file, "--then", "Third, from --then", NULL };

  g_assert_true (g_file_set_contents (text_file, "First post\n---\nSecond post\n", -1, NULL));
  /* With every debug message on, standard output is still only the JSON. */
  g_subprocess_launcher_setenv (fixture->launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_assert_cmpint (run_tern (fixture, args, &out, &err), ==, 0);
  g_subprocess_launcher_unsetenv (fixture->launcher, "G_MESSAGES_DEBUG");
  g_assert_nonnull (strstr (err, "POST /2/tweets"));

  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "ok"));
  array = json_object_get_array_member (json_node_get_object (root), "posts");
  g_assert_cmpuint (json_array_get_length (array), ==, 3);

  posts = tern_sim_get_posts (fixture->sim->sim);
  g_assert_cmpuint (posts->len, ==, 3);
  g_assert_cmpstr (((TernSimPost *) g_ptr_array_index (posts, 0))->text, ==, "First post");
  g_assert_cmpstr (((TernSimPost *) g_ptr_array_index (posts, 1))->text, ==, "Second post");
  g_assert_cmpstr (((TernSimPost *) g_ptr_array_index (posts, 2))->text, ==, "Third, from --then");
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *p = json_array_get_object_element (array, i);
      TernSimPost *post = g_ptr_array_index (posts, i);

      g_assert_cmpstr (json_object_get_string_member (p, "id"), ==, post->id);
      if (i > 0)
        g_assert_cmpstr (post->in_reply_to_id, ==, ((TernSimPost *) g_ptr_array_index (posts, i - 1))->id);
    }
}

static void
test_failure_exits_nonzero (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *long_text = g_strnfill (300, 'a');
  const char *too_long[] = { "post", "--api-base", fixture->sim->base, long_text, NULL };
  const char *alt_first[] = { "post", "--alt", "orphan", "text", NULL };
  const char *duplicate[] = { "post", "--api-base", fixture->sim->base, "Same text twice", NULL };

  g_assert_cmpint (run_tern (fixture, too_long, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "Shorten it by 20"));
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_TWEETS_CREATE), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_tern (fixture, alt_first, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--media"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_tern (fixture, duplicate, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* X refuses the same text again: the post it has is the one asked
   * for, so say so and where it is, and never invite a second one. */
  {
    g_autoptr(GPtrArray) posts = tern_sim_get_posts (fixture->sim->sim);
    g_autofree char *url = g_strdup_printf ("%s/%s/status/%s", fixture->sim->base, TERN_SIM_DEFAULT_USERNAME,
                                            ((TernSimPost *) g_ptr_array_index (posts, 0))->id);
    g_autofree char *line = g_strdup_printf ("%s\n", url);

    g_assert_cmpint (run_tern (fixture, duplicate, &out, &err), ==, 0);
    g_assert_nonnull (strstr (err, "It was already posted"));
    g_assert_nonnull (strstr (err, url));
    g_assert_null (strstr (err, "Change the text"));
    g_assert_cmpstr (out, ==, line);
  }
  g_assert_cmpuint (tern_sim_count_posts (fixture->sim->sim), ==, 1);
}

/* A post X turned away stays a draft, with the reason, where the window's
 * drafts list (the same store) finds it. */
static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_failure_leaves_draft_with_reason (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GFile) directory = g_file_new_for_path (fixture->drafts);
  g_autoptr(TernDraftStore) store = tern_draft_store_new (directory);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TernDraft) draft = NULL;
  GListModel *drafts;
  const char *reason;
  const char *args[] = { "post", "--api-base", fixture->sim->base, "Posted when X is back", NULL };

  tern_test_sim_set_faults (fixture->sim,
                            "{\"faults\":[{\"kind\":\"tweets_create\",\"action\":\"status\",\"status\":503}]}");
  g_assert_cmpint (run_tern (fixture, args, &out, &err), ==, 1);
  tern_test_sim_set_faults (fixture->sim, "{}");
  g_assert_cmpuint (tern_sim_count_posts (fixture->sim->sim), ==, 0);

  tern_draft_store_load_async (store, NULL, load_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (tern_draft_store_load_finish (store, result, NULL, &error));
  g_assert_no_error (error);

  drafts = tern_draft_store_get_drafts (store);
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 1);
  draft = g_list_model_get_item (drafts, 0);
  g_assert_cmpstr (tern_draft_post_get_text (tern_draft_get_post (draft, 0)), ==, "Posted when X is back");
  reason = tern_draft_get_last_error (draft);
  g_test_message ("reason: %s", reason);
  g_assert_nonnull (reason);
  /* The reason in the draft is what the command said. */
  g_assert_nonnull (strstr (err, reason));
  g_assert_nonnull (strstr (reason, "503"));
}

static void
no_file_writes (gpointer user_data)
{
  struct rlimit limit = { 0, 0 };

  /* Every write to a file fails as on a full disk (EFBIG), and the
   * process is told so by errno, not killed by SIGXFSZ. */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

static gboolean
has_control_characters (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (*p != '\n' && g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* What a hostile or broken X says reaches the terminal defanged, and local
 * trouble is said once, clearly. */
static void
test_hostile_output (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *nul_file = g_build_filename (fixture->dir, "nul.txt", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) reset = g_date_time_add_seconds (now, 40000000);
  g_autofree char *reset_year = g_strdup_printf ("%d", g_date_time_get_year (reset));
  const char *escapes[] = { "post", "--api-base", fixture->sim->base, "Escapes from X", NULL };
  const char *limited[] = { "post", "--api-base", fixture->sim->base, "Limited for long", NULL };
  const char *nul[] = { "post", "--api-base", fixture->sim->base, "--text-file", nul_file, NULL };
  const char *unsaved[] = { "post", "--api-base", fixture->sim->base, "Saved nowhere", NULL };
  guint creates;

  tern_test_sim_set_faults (fixture->sim,
                            "{\"faults\":[{\"kind\":\"tweets_create\",\"action\":\"status\",\"status\":400,"
                            "\"json\":{\"title\":\"Invalid Request\",\"type\":\"about:blank\","
                            "\"detail\":\"Bad \\u001b]0;owned\\u0007 \\u001b[2J\\u009b31m text\"}}]}");
  g_assert_cmpint (run_tern (fixture, escapes, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "owned"));
  g_assert_false (has_control_characters (err));
  g_assert_false (has_control_characters (out));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A reset more than a year away: a date with its year. */
  tern_test_sim_set_faults (fixture->sim,
                            "{\"faults\":[{\"kind\":\"tweets_create\",\"action\":\"status\",\"status\":429,"
                            "\"reset_after_secs\":40000000}]}");
  g_assert_cmpint (run_tern (fixture, limited, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, reset_year));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  tern_test_sim_set_faults (fixture->sim, "{}");

  /* A NUL byte would cut the text there: refused, nothing posted. */
  creates = tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_TWEETS_CREATE);
  g_assert_true (g_file_set_contents (nul_file, "Before\0after", 12, NULL));
  g_assert_cmpint (run_tern (fixture, nul, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "NUL byte"));
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_TWEETS_CREATE), ==, creates);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Nothing can be written (as on a full disk): nothing is posted (the
   * intent record must be on disk first), and the message says it could
   * not save the draft without a doubled prefix. */
  g_subprocess_launcher_set_child_setup (fixture->launcher, no_file_writes, NULL, NULL);
  g_assert_cmpint (run_tern (fixture, unsaved, &out, &err), ==, 1);
  g_subprocess_launcher_set_child_setup (fixture->launcher, NULL, NULL, NULL);
  g_assert_nonnull (strstr (err, "Could not save the draft"));
  g_assert_null (strstr (err, "Could not save the draft: Could not save the draft"));
  g_assert_null (strstr (err, "Could not save the draft (Could not save the draft"));
  g_assert_cmpuint (tern_sim_count_posts (fixture->sim->sim), ==, 0);
}

/* The id at the end of the address `tern post` printed. */
static char *
printed_id (const char *out)
{
  g_autofree char *line = g_strstrip (g_strdup (out));
  const char *slash = strrchr (line, '/');

  g_assert_nonnull (slash);
  g_assert_nonnull (strstr (line, "/status/"));
  return g_strdup (slash + 1);
}

static TernSimPost *
sim_post (Fixture    *fixture,
          const char *id)
{
  g_autoptr(GPtrArray) posts = tern_sim_get_posts (fixture->sim->sim);

  for (guint i = 0; i < posts->len; i++)
    if (g_strcmp0 (((TernSimPost *) g_ptr_array_index (posts, i))->id, id) == 0)
      return tern_sim_post_copy (g_ptr_array_index (posts, i));
  g_assert_not_reached ();
}

/* A reply (to the address tern printed), a poll limited to followers, and
 * a quote, from the command line. */
static void
test_post_kinds (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *target_address = NULL;
  g_autofree char *target = NULL;
  g_autofree char *reply_id = NULL;
  g_autofree char *quote_id = NULL;
  g_autoptr(TernSimPost) reply = NULL;
  g_autoptr(TernSimPost) quote = NULL;
  const char *options[] = { "Common", "Arctic", NULL };
  const char *first[] = { "post", "--api-base", fixture->sim->base, "Which tern is best?", NULL };

  g_assert_cmpint (run_tern (fixture, first, &out, NULL), ==, 0);
  target_address = g_strstrip (g_strdup (out));
  target = printed_id (out);
  g_clear_pointer (&out, g_free);

  {
    const char *args[] = { "post", "--api-base", fixture->sim->base,
                           "--reply-to", target_address, "--reply-settings", "following",
                           "--poll", "Common", "--poll", "Arctic", "--poll-duration", "30m",
                           "Vote:", NULL };

    g_assert_cmpint (run_tern (fixture, args, &out, NULL), ==, 0);
    reply_id = printed_id (out);
    g_clear_pointer (&out, g_free);
  }
  reply = sim_post (fixture, reply_id);
  g_assert_cmpstr (reply->in_reply_to_id, ==, target);
  g_assert_cmpstr (reply->reply_settings, ==, "following");
  g_assert_true (g_strv_equal ((const char * const *) reply->poll_options, options));
  g_assert_cmpint (reply->poll_duration_minutes, ==, 30);

  {
    g_autofree char *twitter = g_strdup_printf ("https://twitter.com/someone/status/%s?s=20", target);
    const char *args[] = { "post", "--api-base", fixture->sim->base, "--quote", twitter, "Good question", NULL };

    g_assert_cmpint (run_tern (fixture, args, &out, NULL), ==, 0);
    quote_id = printed_id (out);
  }
  quote = sim_post (fixture, quote_id);
  g_assert_cmpstr (quote->quote_id, ==, target);
  g_assert_null (quote->in_reply_to_id);
  g_assert_null (quote->poll_options);
}

/* What X refuses is refused before anything is sent. */
static void
test_post_kinds_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *quote_poll[] = { "post", "--api-base", fixture->sim->base, "--quote", "20",
                               "--poll", "Yes", "--poll", "No", "Agree?", NULL };
  const char *one_choice[] = { "post", "--api-base", fixture->sim->base, "--poll", "Yes", "Agree?", NULL };
  const char *bad_address[] = { "post", "--api-base", fixture->sim->base,
                                "--reply-to", "https://example.com/a/status/1", "Hi", NULL };
  const char *gone[] = { "post", "--api-base", fixture->sim->base, "--reply-to", "999999999", "Hi", NULL };

  g_assert_cmpint (run_tern (fixture, quote_poll, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "X does not allow a poll in a post that quotes another. Remove the quote or the poll."));
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_tern (fixture, one_choice, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "The poll has 1 option; X needs at least 2. Add another choice."));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_tern (fixture, bad_address, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--reply-to: “https://example.com/a/status/1” is an address on example.com, not on X."));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A post that does not exist: said before anything is created. */
  g_assert_cmpint (run_tern (fixture, gone, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "Cannot reply: The post 999999999 does not exist or was deleted."));
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_TWEETS_CREATE), ==, 0);
}

/* A video with subtitles: --dry-run --json reports them and whether they
 * fit; posting uploads them and ties them to the video. */
static void
test_subtitles (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *video = tern_test_make_video_file (fixture->dir, "clip.mp4", 1 * MiB);
  g_autofree char *good = g_build_filename (fixture->dir, "clip.vtt", NULL);
  g_autofree char *late = g_build_filename (fixture->dir, "late.srt", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(TernSimPost) posted = NULL;
  g_auto(GStrv) languages = NULL;
  g_autofree char *id = NULL;
  JsonObject *object, *subtitles;
  JsonArray *problems;
  const char *expected[] = { "pt-BR", NULL };
  const char *dry_late[] = { "post", "--dry-run", "--json", "--media", video,
                             "--subtitles", late, "--subtitles-lang", "en", "Late", NULL };
  const char *post[] = { "post", "--api-base", fixture->sim->base, "--media", video,
                         "--subtitles", good, "--subtitles-lang", "pt-BR", "Legendado", NULL };

  g_assert_true (g_file_set_contents (good, "WEBVTT\n\n00:00.000 --> 00:00.800\nOlá\n", -1, NULL));
  g_assert_true (g_file_set_contents (late, "1\n00:00:00,000 --> 00:00:09,000\nToo long\n", -1, NULL));

  g_assert_cmpint (run_tern (fixture, dry_late, &out, &err), ==, 1);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  object = json_node_get_object (root);
  subtitles = json_array_get_object_element (json_object_get_array_member (object, "subtitles"), 0);
  g_assert_cmpstr (json_object_get_string_member (subtitles, "file"), ==, late);
  g_assert_cmpstr (json_object_get_string_member (subtitles, "language"), ==, "en");
  problems = json_object_get_array_member (object, "post_kind_problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (problems, 0), ==,
                   "late.srt: The subtitles run until 0:09 but the video is only 0:01 long. Check that they belong to this video.");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_tern (fixture, post, &out, &err), ==, 0);
  id = printed_id (out);
  posted = sim_post (fixture, id);
  languages = tern_sim_get_media_subtitles (fixture->sim->sim, posted->media_ids[0]);
  g_assert_true (g_strv_equal ((const char * const *) languages, expected));
}

/* The crash matrix: `tern post` killed with SIGKILL at each step of a post
 * with media and of a three-post thread, then the same command again. Every
 * kill waits on an event (a request the simulator answered); the step after
 * it is held open by the fault plan, so the kill lands where it should.
 * Afterwards exactly the posts the draft asked for exist, each once. */

typedef struct
{
  const char *name;
  gboolean    thread;        /* three posts of text, else one with a video */
  gboolean    media_only;    /* the video post has no text */
  const char *faults;        /* holds the step after the kill open */
  const char *kill_after;    /* kind of request whose answer triggers it */
  guint       kill_after_n;
  const char *rerun_says;    /* on the second run's standard error, or NULL */
  const char *kill_on_line;  /* or: a progress line that triggers it; then
                              * the rerun waits for X to answer the
                              * kill_after request the dead process sent */
} CrashCase;

/* Holding a request: a latency far longer than any test. */
static const CrashCase crash_cases[] = {
  { "during-upload", FALSE, FALSE,
    "{\"append_processing_ms\": 400}",
    TERN_SIM_KIND_MEDIA_APPEND, 1, NULL },
  { "after-alt-text", FALSE, FALSE,
    "{\"faults\": [{\"kind\": \"tweets_create\", \"action\": \"latency\", \"ms\": 600000}]}",
    TERN_SIM_KIND_MEDIA_METADATA, 1, NULL },
  /* X creates the post, its answer is lost, and tern dies looking for it. */
  { "during-create", FALSE, FALSE,
    "{\"faults\": [{\"kind\": \"tweets_create\", \"action\": \"reset\", \"nth\": 1, \"when\": \"after\"},"
    " {\"kind\": \"users_tweets\", \"action\": \"latency\", \"ms\": 600000}]}",
    TERN_SIM_KIND_TWEETS_CREATE, 1, "It was already posted" },
  { "during-create-media-only", FALSE, TRUE,
    "{\"faults\": [{\"kind\": \"tweets_create\", \"action\": \"reset\", \"nth\": 1, \"when\": \"after\"},"
    " {\"kind\": \"users_tweets\", \"action\": \"latency\", \"ms\": 600000}]}",
    TERN_SIM_KIND_TWEETS_CREATE, 1, "It was already posted" },
  { "thread-during-create", TRUE, FALSE,
    "{\"faults\": [{\"kind\": \"tweets_create\", \"action\": \"reset\", \"nth\": 2, \"when\": \"after\"},"
    " {\"kind\": \"users_tweets\", \"action\": \"latency\", \"ms\": 600000}]}",
    TERN_SIM_KIND_TWEETS_CREATE, 2, "Post 2 of 3 was already posted" },
  /* The case: killed while X holds the create; X then makes the
   * post, and nobody hears the answer. */
  { "during-create-held", FALSE, FALSE,
    "{\"faults\": [{\"kind\": \"tweets_create\", \"action\": \"latency\", \"ms\": 1500}]}",
    TERN_SIM_KIND_TWEETS_CREATE, 1, "It was already posted", "waiting for X to confirm" },
  { "thread-during-create-held", TRUE, FALSE,
    "{\"faults\": [{\"kind\": \"tweets_create\", \"action\": \"latency\", \"ms\": 1500, \"nth\": 3}]}",
    TERN_SIM_KIND_TWEETS_CREATE, 3, "Post 3 of 3 was already posted", "Post 3 of 3 is sent" },
  { "thread-between-posts", TRUE, FALSE,
    "{\"faults\": [{\"kind\": \"tweets_create\", \"action\": \"latency\", \"ms\": 600000, \"nth\": 2}]}",
    TERN_SIM_KIND_TWEETS_CREATE, 1, NULL },
};

static guint
count_drafts (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->drafts, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      n++;
  return n;
}

typedef struct
{
  const char *needle;
  gboolean    seen;
  gboolean    ended;
} LineWait;

static void
line_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  LineWait *w = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                     result, NULL, NULL);

  if (line == NULL)
    {
      w->ended = TRUE;
      return;
    }
  if (strstr (line, w->needle) != NULL)
    {
      w->seen = TRUE;
      return;
    }
  g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (object), G_PRIORITY_DEFAULT, NULL,
                                       line_cb, w);
}

/* Reads @stream's lines until one holds @needle. */
static void
wait_for_line (GInputStream *stream,
               const char   *needle)
{
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (stream);
  LineWait w = { needle, FALSE, FALSE };

  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, line_cb, &w);
  while (!w.seen && !w.ended)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (w.seen);
}

static void
wait_answered (Fixture    *fixture,
               const char *kind,
               guint       n)
{
  Waited w = { 0 };

  tern_sim_wait_for_requests_async (fixture->sim->sim, kind, n, NULL, appends_cb, &w);
  tern_test_run_until (&w.done);
  g_assert_true (w.ok);
}

static void
test_crash_matrix (Fixture       *fixture,
                   gconstpointer  data)
{
  const CrashCase *c = data;
  static const char *texts[] = { "1/3 A thread that crashes", "2/3 and goes on", "3/3 once each" };
  g_autofree char *video = NULL;
  g_autofree char *sha = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GString) want_out = g_string_new (NULL);
  gboolean exited = FALSE;
  guint n_posts = c->thread ? 3 : 1;

  g_ptr_array_add (args, (gpointer) "post");
  g_ptr_array_add (args, (gpointer) "--api-base");
  g_ptr_array_add (args, fixture->sim->base);
  if (c->thread)
    {
      g_ptr_array_add (args, (gpointer) texts[0]);
      g_ptr_array_add (args, (gpointer) "--then");
      g_ptr_array_add (args, (gpointer) texts[1]);
      g_ptr_array_add (args, (gpointer) "--then");
      g_ptr_array_add (args, (gpointer) texts[2]);
    }
  else
    {
      video = tern_test_make_video_file (fixture->dir, "crash.mp4", 10 * MiB + 99);
      sha = tern_test_file_sha256 (video);
      if (!c->media_only)
        g_ptr_array_add (args, (gpointer) c->name);
      g_ptr_array_add (args, (gpointer) "--media");
      g_ptr_array_add (args, video);
      g_ptr_array_add (args, (gpointer) "--alt");
      g_ptr_array_add (args, (gpointer) "Bars and noise");
    }
  g_ptr_array_add (args, NULL);

  tern_test_sim_set_faults (fixture->sim, c->faults);
  tern_sim_clear_requests (fixture->sim->sim);

  g_ptr_array_add (argv, (gpointer) fixture->tern);
  g_ptr_array_extend (argv, args, NULL, NULL);
  g_subprocess_launcher_set_flags (fixture->launcher, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                      (c->kill_on_line ? G_SUBPROCESS_FLAGS_STDERR_PIPE
                                                                       : G_SUBPROCESS_FLAGS_STDERR_SILENCE));
  first = spawn (fixture, 0, (const char * const *) argv->pdata);
  g_subprocess_launcher_set_flags (fixture->launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_wait_async (first, NULL, exited_cb, &exited);

  if (c->kill_on_line != NULL)
    wait_for_line (g_subprocess_get_stderr_pipe (first), c->kill_on_line);
  else
    wait_answered (fixture, c->kill_after, c->kill_after_n);
  g_assert_false (exited);
  g_subprocess_send_signal (first, SIGKILL);
  tern_test_run_until (&exited);
  g_assert_true (g_subprocess_get_if_signaled (first));
  /* The request the dead process left with X: X finishes it. */
  if (c->kill_on_line != NULL)
    wait_answered (fixture, c->kill_after, c->kill_after_n);

  g_assert_cmpuint (count_drafts (fixture), ==, 1);

  /* The same command again, with X behaving. */
  tern_test_sim_set_faults (fixture->sim, NULL);
  g_assert_cmpint (run_tern (fixture, (const char * const *) args->pdata, &out, &err), ==, 0);
  if (c->rerun_says != NULL)
    g_assert_nonnull (strstr (err, c->rerun_says));

  /* Exactly the posts asked for, each once, in order. */
  posts = tern_sim_get_posts (fixture->sim->sim);
  g_assert_cmpuint (posts->len, ==, n_posts);
  for (guint i = 0; i < n_posts; i++)
    {
      TernSimPost *post = g_ptr_array_index (posts, i);

      g_string_append_printf (want_out, "%s/%s/status/%s\n", fixture->sim->base,
                              TERN_SIM_DEFAULT_USERNAME, post->id);
      if (c->thread)
        {
          g_assert_cmpstr (post->text, ==, texts[i]);
          if (i == 0)
            g_assert_null (post->in_reply_to_id);
          else
            g_assert_cmpstr (post->in_reply_to_id, ==, ((TernSimPost *) g_ptr_array_index (posts, i - 1))->id);
        }
      else
        {
          g_autofree char *media_sha = NULL;

          g_assert_cmpstr (post->text, ==, c->media_only ? "" : c->name);
          g_assert_cmpuint (g_strv_length (post->media_ids), ==, 1);
          media_sha = tern_sim_get_media_sha256 (fixture->sim->sim, post->media_ids[0]);
          g_assert_cmpstr (media_sha, ==, sha);
        }
    }
  /* Every address on standard output; the ones made before the kill once
   * the rerun found or resumed them. */
  if (!c->thread || c->rerun_says != NULL)
    g_assert_true (g_str_has_suffix (want_out->str, out));

  /* Sent: the draft is gone. */
  g_assert_cmpuint (count_drafts (fixture), ==, 0);
}

/* Two `tern post` at the same instant (say the window and a script) with
 * a token X no longer takes: both must refresh, but the rotating refresh
 * token may be spent only once. The token endpoint is slow, so without the
 * shared lock both would send the same refresh token. One rotation, both
 * post, nothing refused. */
static void
test_two_processes_refresh (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *a[] = { "post", "--api-base", fixture->sim->base, "From the first process", NULL };
  const char *b[] = { "post", "--api-base", fixture->sim->base, "From the second process", NULL };
  const char * const *args[] = { a, b };
  GSubprocess *processes[2];
  Communicated c[2] = { { 0 }, { 0 } };
  g_autoptr(GPtrArray) log = NULL;
  guint refused = 0;

  tern_sim_expire_access_tokens (fixture->sim->sim);
  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"token\", \"action\": \"latency\", \"ms\": 1500}]}");
  tern_sim_clear_requests (fixture->sim->sim);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();

      g_ptr_array_add (argv, (gpointer) fixture->tern);
      for (guint j = 0; args[i][j] != NULL; j++)
        g_ptr_array_add (argv, (gpointer) args[i][j]);
      g_ptr_array_add (argv, NULL);
      processes[i] = spawn (fixture, 0, (const char * const *) argv->pdata);
    }
  for (guint i = 0; i < 2; i++)
    g_subprocess_communicate_utf8_async (processes[i], NULL, NULL, communicate_cb, &c[i]);
  for (guint i = 0; i < 2; i++)
    {
      tern_test_run_until (&c[i].done);
      g_test_message ("process %u: %s%s", i, c[i].out, c[i].err);
      g_assert_cmpint (g_subprocess_get_exit_status (processes[i]), ==, 0);
      g_free (c[i].out);
      g_free (c[i].err);
      g_object_unref (processes[i]);
    }

  g_assert_cmpuint (tern_sim_count_posts (fixture->sim->sim), ==, 2);
  g_assert_cmpuint (tern_sim_get_refresh_count (fixture->sim->sim), ==, 1);
  log = tern_sim_get_requests (fixture->sim->sim);
  for (guint i = 0; i < log->len; i++)
    {
      TernSimRequest *req = g_ptr_array_index (log, i);

      if (g_str_equal (req->kind, TERN_SIM_KIND_TOKEN) && req->status != 200)
        refused++;
    }
  g_assert_cmpuint (refused, ==, 0);
}

/* Sentences of a few words, about @length bytes. */
static char *
make_prose (gsize length)
{
  static const char *words[] = { "terns", "fly", "far", "over", "the", "cold", "grey", "sea",
                                 "and", "come", "back", "each", "spring", "to", "nest" };
  GString *text = g_string_new (NULL);

  for (guint i = 0; text->len < length; i++)
    {
      g_string_append (text, i % 9 == 0 ? (text->len ? " Some " : "Some ") : " ");
      g_string_append (text, words[(i * 7) % G_N_ELEMENTS (words)]);
      if (i % 9 == 8)
        g_string_append_c (text, '.');
    }
  g_string_append_c (text, '.');
  return g_string_free (text, FALSE);
}

/* @text without its whitespace. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* `tern post --split --number` of a long text: a thread in the simulator,
 * each post valid, numbered, replying to the one before, holding the text
 * in order. */
static void
test_split (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *text = make_prose (1500);
  g_autofree char *text_file = g_build_filename (fixture->dir, "long.txt", NULL);
  g_autofree char *out = NULL;
  g_autofree char *wanted = squeeze (text);
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(GPtrArray) posts = NULL;
  g_auto(GStrv) lines = NULL;
  const char *args[] = { "post", "--api-base", fixture->sim->base, "--split", "--number",
                         "--text-file", text_file, NULL };
  const char *unsplit[] = { "post", "--api-base", fixture->sim->base, "--text-file", text_file, NULL };
  const char *number_alone[] = { "post", "--number", "Hello", NULL };

  g_assert_true (g_file_set_contents (text_file, text, -1, NULL));
  /* Without --split the text is refused, and nothing is sent. */
  g_assert_cmpint (run_tern (fixture, unsplit, NULL, NULL), ==, 1);
  g_assert_cmpint (run_tern (fixture, number_alone, NULL, NULL), ==, 2);
  posts = tern_sim_get_posts (fixture->sim->sim);
  g_assert_cmpuint (posts->len, ==, 0);
  g_clear_pointer (&posts, g_ptr_array_unref);

  g_assert_cmpint (run_tern (fixture, args, &out, NULL), ==, 0);
  posts = tern_sim_get_posts (fixture->sim->sim);
  /* 1,500 characters take at least 6 posts of 280. */
  g_assert_cmpuint (posts->len, >=, 6);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, posts->len);
  for (guint i = 0; i < posts->len; i++)
    {
      TernSimPost *post = g_ptr_array_index (posts, i);
      g_autofree char *number = g_strdup_printf (" %u/%u", i + 1, posts->len);
      TernTextParse parse;

      tern_text_parse (post->text, &parse);
      g_assert_true (parse.valid);
      g_assert_true (g_str_has_suffix (post->text, number));
      /* Cut at sentence ends. */
      g_assert_cmpint (post->text[strlen (post->text) - strlen (number) - 1], ==, '.');
      g_assert_true (g_str_has_suffix (lines[i], post->id));
      if (i > 0)
        g_assert_cmpstr (post->in_reply_to_id, ==, ((TernSimPost *) g_ptr_array_index (posts, i - 1))->id);
      else
        g_assert_null (post->in_reply_to_id);
      g_string_append_len (got, post->text, strlen (post->text) - strlen (number));
    }
  {
    g_autofree char *squeezed = squeeze (got->str);

    g_assert_cmpstr (squeezed, ==, wanted);
  }
}

/* `tern post --dry-run --json` of a thread: one object, each post with the
 * fields of a single post's dry run (checked against the parse), its text
 * and its media; one bad post makes the whole invalid. */
static void
test_thread_dry_run_json (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *video = tern_test_make_video_file (fixture->dir, "clip.mp4", 1 * MiB);
  g_autofree char *prose = make_prose (700);
  g_autofree char *text = g_strdup_printf ("%s See https://example.com/a/long/path/to/the/page for more.\n"
                                           "---\n"
                                           "日本語の投稿です。", prose);
  g_autofree char *text_file = g_build_filename (fixture->dir, "thread.txt", NULL);
  g_autofree char *bad_file = g_build_filename (fixture->dir, "bad.txt", NULL);
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  JsonObject *object;
  JsonArray *posts;
  guint n;
  const char *args[] = { "post", "--dry-run", "--json", "--split", "--text-file", text_file,
                         "--media", video, "--alt", "A test card", NULL };
  const char *bad[] = { "post", "--dry-run", "--json", "--text-file", bad_file, NULL };

  g_assert_true (g_file_set_contents (text_file, text, -1, NULL));
  g_assert_cmpint (run_tern (fixture, args, &out, NULL), ==, 0);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  object = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (object, "valid"));
  posts = json_object_get_array_member (object, "posts");
  n = json_array_get_length (posts);
  /* The prose is cut into 3 or more; the --- line makes the last post. */
  g_assert_cmpuint (n, >=, 4);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *post = json_array_get_object_element (posts, i);
      const char *post_text = json_object_get_string_member (post, "text");
      JsonArray *media = json_object_get_array_member (post, "media");
      g_autofree gunichar2 *utf16 = NULL;
      glong units = 0;
      TernTextParse parse;

      tern_text_parse (post_text, &parse);
      utf16 = g_utf8_to_utf16 (post_text, -1, NULL, &units, NULL);
      g_assert_true (json_object_get_boolean_member (post, "valid"));
      g_assert_cmpint (json_object_get_int_member (post, "weighted_length"), ==, parse.weighted_length);
      g_assert_cmpint (json_object_get_int_member (post, "weighted_length"), <=, 280);
      g_assert_cmpint (json_object_get_int_member (post, "permillage"), ==,
                       parse.weighted_length * 1000 / 280);
      g_assert_cmpint (json_object_get_int_member (post, "display_range_start"), ==, 0);
      g_assert_cmpint (json_object_get_int_member (post, "display_range_end"), ==, units - 1);
      g_assert_cmpint (json_object_get_int_member (post, "valid_range_start"), ==, 0);
      g_assert_cmpint (json_object_get_int_member (post, "valid_range_end"), ==, units - 1);
      /* The media stays with the first post. */
      g_assert_cmpuint (json_array_get_length (media), ==, i == 0 ? 1 : 0);
      if (i == 0)
        {
          JsonObject *m = json_array_get_object_element (media, 0);

          g_assert_cmpstr (json_object_get_string_member (m, "file"), ==, video);
          g_assert_cmpstr (json_object_get_string_member (m, "alt_text"), ==, "A test card");
          g_assert_cmpstr (json_object_get_string_member (m, "kind"), ==, "video");
        }
      if (i == n - 1)
        g_assert_cmpstr (post_text, ==, "日本語の投稿です。");
      else
        g_assert_true (g_str_has_suffix (post_text, "."));
    }
  /* The URL is whole, in one post. */
  g_assert_nonnull (strstr (out, "https://example.com/a/long/path/to/the/page for more."));
  g_assert_true (json_object_get_null_member (object, "error"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&root, json_node_unref);

  /* Without --split the long post is invalid, and so is the thread. */
  g_assert_true (g_file_set_contents (bad_file, text, -1, NULL));
  g_assert_cmpint (run_tern (fixture, bad, &out, NULL), ==, 1);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  object = json_node_get_object (root);
  g_assert_false (json_object_get_boolean_member (object, "valid"));
  posts = json_object_get_array_member (object, "posts");
  g_assert_cmpuint (json_array_get_length (posts), ==, 2);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (posts, 0), "valid"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (posts, 0), "weighted_length"), >, 280);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (posts, 1), "valid"));

  /* A dry run sends nothing. */
  sent = tern_sim_get_posts (fixture->sim->sim);
  g_assert_cmpuint (sent->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli-post/resume-after-sigkill", Fixture, NULL, fixture_setup,
              test_resume_after_sigkill, fixture_teardown);
  g_test_add ("/cli-post/interrupt-keeps-draft", Fixture, NULL, fixture_setup,
              test_interrupt_keeps_draft, fixture_teardown);
  g_test_add ("/cli-post/thread-json", Fixture, NULL, fixture_setup,
              test_thread_json, fixture_teardown);
  g_test_add ("/cli-post/failure-exits-nonzero", Fixture, NULL, fixture_setup,
              test_failure_exits_nonzero, fixture_teardown);
  g_test_add ("/cli-post/failure-leaves-draft-with-reason", Fixture, NULL, fixture_setup,
              test_failure_leaves_draft_with_reason, fixture_teardown);
  g_test_add ("/cli-post/hostile-output", Fixture, NULL, fixture_setup,
              test_hostile_output, fixture_teardown);
  g_test_add ("/cli-post/post-kinds", Fixture, NULL, fixture_setup,
              test_post_kinds, fixture_teardown);
  g_test_add ("/cli-post/post-kinds-refused", Fixture, NULL, fixture_setup,
              test_post_kinds_refused, fixture_teardown);
  g_test_add ("/cli-post/subtitles", Fixture, NULL, fixture_setup,
              test_subtitles, fixture_teardown);
  g_test_add ("/cli-post/two-processes-refresh", Fixture, NULL, fixture_setup,
              test_two_processes_refresh, fixture_teardown);
  g_test_add ("/cli-post/split", Fixture, NULL, fixture_setup, test_split, fixture_teardown);
  g_test_add ("/cli-post/thread-dry-run-json", Fixture, NULL, fixture_setup,
              test_thread_dry_run_json, fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (crash_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli-post/crash-matrix/%s", crash_cases[i].name);

      g_test_add (path, Fixture, &crash_cases[i], fixture_setup, test_crash_matrix, fixture_teardown);
    }

  return g_test_run ();
}
