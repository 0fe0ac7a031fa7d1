/* test-post-sim.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Posting with media against the simulator, over real HTTP on loopback,
 * through each fault X is known for. Transient faults must end with the
 * post created once and the simulator holding exactly the file's bytes;
 * permanent ones with a clear error and the draft intact. */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "core/net/tern-client.h"
#include "core/draft/tern-draft-store.h"
#include "core/send/tern-post.h"
#include "core/send/tern-upload.h"
#include "tern-test-sim.h"
#include "tern-test-fixtures.h"

#define MiB (1024 * 1024)

typedef struct
{
  TernTestSim    *sim;
  TernClient     *client;
  TernDraftStore *store;
  char           *dir;
  char           *video;
  char           *video_sha;
  GPtrArray      *retry_messages;
} Fixture;

typedef struct
{
  const char *config;       /* extra simulator config, or NULL */
  gsize       video_size;
} Setup;

static const Setup default_setup = { NULL, 10 * MiB + 12345 };

static void
retrying_cb (TernClient *client,
             const char *message,
             guint       delay_ms,
             Fixture    *fixture)
{
  g_ptr_array_add (fixture->retry_messages, g_strdup (message));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const Setup *setup = data ? data : &default_setup;
  g_autoptr(GFile) drafts = NULL;
  g_autofree char *drafts_path = NULL;

  fixture->dir = g_dir_make_tmp ("tern-post-sim-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  fixture->sim = tern_test_sim_new (setup->config);
  fixture->client = tern_client_new (fixture->sim->base, fixture->sim->tokens);
  fixture->retry_messages = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->client, "retrying", G_CALLBACK (retrying_cb), fixture);

  drafts_path = g_build_filename (fixture->dir, "drafts", NULL);
  drafts = g_file_new_for_path (drafts_path);
  fixture->store = tern_draft_store_new (drafts);

  fixture->video = tern_test_make_video_file (fixture->dir, "clip.mp4", setup->video_size);
  fixture->video_sha = tern_test_file_sha256 (fixture->video);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->sim, tern_test_sim_free);
  tern_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->video);
  g_free (fixture->video_sha);
  g_ptr_array_unref (fixture->retry_messages);
}

static TernDraft *
draft_with_video (Fixture    *fixture,
                  const char *text)
{
  TernDraft *draft = tern_draft_new ();
  TernDraftPost *post = tern_draft_get_post (draft, 0);
  g_autoptr(GFile) file = g_file_new_for_path (fixture->video);
  g_autoptr(TernAttachment) attachment = tern_attachment_new (file);

  tern_draft_post_set_text (post, text);
  tern_attachment_set_alt_text (attachment, "Colour bars, then static");
  tern_draft_post_add_attachment (post, attachment);
  return draft;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} SendResult;

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendResult *r = user_data;

  r->ok = tern_post_send_finish (TERN_POST (object), result, &r->error);
  r->done = TRUE;
}

static gboolean
send_draft (Fixture    *fixture,
            TernDraft  *draft,
            guint       processing_cap,
            GError    **error)
{
  g_autoptr(TernPost) post = tern_post_new (fixture->client, draft);
  SendResult r = { 0 };

  tern_post_set_store (post, fixture->store);
  if (processing_cap > 0)
    tern_post_set_processing_wait_cap (post, processing_cap);
  tern_draft_store_watch (fixture->store, draft);
  tern_post_send_async (post, NULL, sent_cb, &r);
  tern_test_run_until (&r.done);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.ok;
}

static void
flush_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (tern_draft_store_flush_finish (TERN_DRAFT_STORE (object), result, NULL));
  *done = TRUE;
}

static void
flush_store (Fixture *fixture)
{
  gboolean done = FALSE;

  tern_draft_store_flush_async (fixture->store, NULL, flush_cb, &done);
  tern_test_run_until (&done);
}

/* The post exists once, with the media, and the simulator has exactly the
 * bytes of the file. */
static void
assert_posted_once (Fixture    *fixture,
                    TernDraft  *draft,
                    const char *text)
{
  g_autoptr(GPtrArray) posts = tern_sim_get_posts (fixture->sim->sim);
  TernSimPost *post;
  const char *posted_id = tern_draft_post_get_posted_id (tern_draft_get_post (draft, 0));
  g_autofree char *sha = NULL;
  g_autofree char *alt = NULL;
  g_autoptr(GFile) file = NULL;

  g_assert_cmpuint (posts->len, ==, 1);
  post = g_ptr_array_index (posts, 0);
  g_assert_cmpstr (post->text, ==, text);
  g_assert_cmpstr (post->id, ==, posted_id);
  g_assert_nonnull (post->media_ids);
  g_assert_cmpuint (g_strv_length (post->media_ids), ==, 1);
  sha = tern_sim_get_media_sha256 (fixture->sim->sim, post->media_ids[0]);
  g_assert_cmpstr (sha, ==, fixture->video_sha);
  alt = tern_sim_get_media_alt_text (fixture->sim->sim, post->media_ids[0]);
  g_assert_cmpstr (alt, ==, "Colour bars, then static");
  g_assert_null (tern_draft_get_last_error (draft));

  /* Sent: only now is the draft gone from the store. */
  flush_store (fixture);
  file = tern_draft_store_get_file (fixture->store, draft);
  g_assert_false (g_file_query_exists (file, NULL));
}

/* Nothing posted, a message saying what happened, and the draft still on
 * disk with the error, to retry. */
static void
assert_kept_with_error (Fixture    *fixture,
                        TernDraft  *draft,
                        GError     *error)
{
  g_autoptr(GFile) file = tern_draft_store_get_file (fixture->store, draft);
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(TernDraft) restored = NULL;

  g_assert_nonnull (error);
  g_assert_cmpuint (tern_sim_count_posts (fixture->sim->sim), ==, 0);
  g_assert_null (tern_draft_post_get_posted_id (tern_draft_get_post (draft, 0)));
  g_assert_cmpstr (tern_draft_get_last_error (draft), ==, error->message);

  flush_store (fixture);
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
  node = json_from_string (contents, NULL);
  restored = tern_draft_new_from_json (node, NULL);
  g_assert_nonnull (restored);
  g_assert_cmpstr (tern_draft_get_last_error (restored), ==, error->message);
  g_assert_cmpstr (tern_draft_post_get_text (tern_draft_get_post (restored, 0)), ==,
                   tern_draft_post_get_text (tern_draft_get_post (draft, 0)));
}

static guint
count_log (Fixture    *fixture,
           const char *kind,
           guint       status)
{
  g_autoptr(GPtrArray) log = tern_sim_get_requests (fixture->sim->sim);
  guint n = 0;

  for (guint i = 0; i < log->len; i++)
    {
      TernSimRequest *req = g_ptr_array_index (log, i);

      if (g_str_equal (req->kind, kind) && req->status == status)
        n++;
    }
  return n;
}

static void
test_clean (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "A clean upload");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  guint appends = 0;

  g_assert_true (send_draft (fixture, draft, 0, &error));
  g_assert_no_error (error);
  assert_posted_once (fixture, draft, "A clean upload");

  /* 10 MiB in 4 MiB pieces: three APPENDs, nothing sent twice. */
  log = tern_sim_get_requests (fixture->sim->sim);
  for (guint i = 0; i < log->len; i++)
    if (g_str_equal (((TernSimRequest *) g_ptr_array_index (log, i))->kind, TERN_SIM_KIND_MEDIA_APPEND))
      appends++;
  g_assert_cmpuint (appends, ==, 3);
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_MEDIA_INITIALIZE), ==, 1);
  g_assert_cmpuint (tern_sim_count_early_polls (fixture->sim->sim), ==, 0);
  g_assert_cmpuint (fixture->retry_messages->len, ==, 0);
}

static void
test_reset_during_append (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "Reset during APPEND");
  g_autoptr(GError) error = NULL;

  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"media_append\", \"action\": \"reset\", \"nth\": [2]}]}");
  g_assert_true (send_draft (fixture, draft, 0, &error));
  g_assert_no_error (error);
  assert_posted_once (fixture, draft, "Reset during APPEND");
  g_assert_cmpuint (count_log (fixture, TERN_SIM_KIND_MEDIA_APPEND, 0), ==, 1);
  g_assert_cmpuint (fixture->retry_messages->len, >=, 1);
}

static void
test_503_on_append (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "503 on APPEND");
  g_autoptr(GError) error = NULL;

  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"media_append\", \"action\": \"status\", \"status\": 503, \"nth\": [1, 3]}]}");
  g_assert_true (send_draft (fixture, draft, 0, &error));
  g_assert_no_error (error);
  assert_posted_once (fixture, draft, "503 on APPEND");
  g_assert_cmpuint (count_log (fixture, TERN_SIM_KIND_MEDIA_APPEND, 503), ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->retry_messages, 0), "503"));
}

static void
truncate_on_retry_cb (TernClient *client,
                      const char *message,
                      guint       delay_ms,
                      Fixture    *fixture)
{
  g_assert_cmpint (truncate (fixture->video, 1 * MiB), ==, 0);
}

/* The file shrinks while it uploads: the segment sent again after a 503
 * reads past its end. Segments are read from the file as they are sent,
 * so that is where it shows. */
static void
test_file_shrinks_during_upload (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "The file shrinks while it uploads");
  g_autoptr(GError) error = NULL;

  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"media_append\", \"action\": \"status\", \"status\": 503, \"nth\": 1}]}");
  g_signal_connect (fixture->client, "retrying", G_CALLBACK (truncate_on_retry_cb), fixture);
  g_assert_false (send_draft (fixture, draft, 0, &error));
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT);
  g_assert_nonnull (strstr (error->message, "changed while it was being uploaded"));
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_MEDIA_FINALIZE), ==, 0);
  assert_kept_with_error (fixture, draft, error);
}

static void
test_503_on_finalize (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "503 on FINALIZE");
  g_autoptr(GError) error = NULL;

  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"media_finalize\", \"action\": \"status\", \"status\": 503, \"body\": \"html\", \"nth\": 1}]}");
  g_assert_true (send_draft (fixture, draft, 0, &error));
  g_assert_no_error (error);
  assert_posted_once (fixture, draft, "503 on FINALIZE");
  g_assert_cmpuint (count_log (fixture, TERN_SIM_KIND_MEDIA_FINALIZE, 503), ==, 1);
}

static void
test_413_halves_chunk (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "413 above 2 MiB");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  gsize largest_ok = 0;

  /* Bodies above 2 MiB (plus room for the multipart wrapping) are refused
   * with an empty 413, as X's edge does. */
  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"media_append\", \"action\": \"status\", \"status\": 413, \"min_bytes\": 2101248}]}");
  g_assert_true (send_draft (fixture, draft, 0, &error));
  g_assert_no_error (error);
  assert_posted_once (fixture, draft, "413 above 2 MiB");

  log = tern_sim_get_requests (fixture->sim->sim);
  for (guint i = 0; i < log->len; i++)
    {
      TernSimRequest *req = g_ptr_array_index (log, i);

      if (g_str_equal (req->kind, TERN_SIM_KIND_MEDIA_APPEND) && req->status / 100 == 2)
        largest_ok = MAX (largest_ok, req->body_bytes);
    }
  g_assert_cmpuint (count_log (fixture, TERN_SIM_KIND_MEDIA_APPEND, 413), >=, 1);
  g_assert_cmpuint (largest_ok, >, 2 * MiB);
  g_assert_cmpuint (largest_ok, <, 2 * MiB + 4096);
}

static void
test_429_with_reset (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "429 with a reset");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  gint64 limited_at = 0;

  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"media_append\", \"action\": \"status\", \"status\": 429, \"nth\": 2, \"reset_after_secs\": 2}]}");
  g_assert_true (send_draft (fixture, draft, 0, &error));
  g_assert_no_error (error);
  assert_posted_once (fixture, draft, "429 with a reset");

  log = tern_sim_get_requests (fixture->sim->sim);
  for (guint i = 0; i < log->len; i++)
    {
      TernSimRequest *req = g_ptr_array_index (log, i);

      if (!g_str_equal (req->kind, TERN_SIM_KIND_MEDIA_APPEND))
        continue;
      if (req->status == 429)
        limited_at = req->received_us;
    }
  g_assert_cmpint (limited_at, >, 0);
  g_assert_cmpint (count_log (fixture, TERN_SIM_KIND_MEDIA_APPEND, 429), ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->retry_messages, 0), "waiting until"));
}

static void
test_token_expiry (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "Token expiry mid-upload");
  g_autoptr(GError) error = NULL;

  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"media_append\", \"action\": \"expire_tokens\", \"nth\": 2}]}");
  g_assert_true (send_draft (fixture, draft, 0, &error));
  g_assert_no_error (error);
  assert_posted_once (fixture, draft, "Token expiry mid-upload");
  g_assert_cmpuint (tern_sim_get_refresh_count (fixture->sim->sim), >=, 1);
  g_assert_cmpuint (count_log (fixture, TERN_SIM_KIND_MEDIA_APPEND, 401), >=, 1);
}

static void
test_processing_failed (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "Processing fails");
  g_autoptr(GError) error = NULL;

  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"media_finalize\", \"action\": \"fail_processing\","
    " \"error\": {\"code\": 3, \"name\": \"InvalidMedia\", \"message\": \"Video longer than 2 minutes 20 seconds.\"}}]}");
  g_assert_false (send_draft (fixture, draft, 0, &error));
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_PROCESSING_FAILED);
  /* X's own words, and what to do. */
  g_assert_nonnull (strstr (error->message, "Video longer than 2 minutes 20 seconds"));
  g_assert_nonnull (strstr (error->message, "clip.mp4"));
  assert_kept_with_error (fixture, draft, error);
}

static void
test_processing_failed_in_progress (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "In progress with an error");
  g_autoptr(GError) error = NULL;

  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"media_finalize\", \"action\": \"fail_processing\", \"stay_in_progress\": true}]}");
  g_assert_false (send_draft (fixture, draft, 0, &error));
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_PROCESSING_FAILED);
  g_assert_nonnull (strstr (error->message, "UnsupportedMedia"));
  assert_kept_with_error (fixture, draft, error);
}

static void
test_status_without_check_after (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "STATUS without check_after_secs");
  g_autoptr(GError) error = NULL;

  /* The first two STATUS answers leave check_after_secs out: Tern waits 1 s,
   * then longer, and still gets there. (The fault answers "before", so the
   * simulator's processing does not move on with those two polls.) */
  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"media_status\", \"action\": \"status\", \"status\": 200, \"nth\": [1, 2],"
    " \"json\": {\"data\": {\"id\": \"0\", \"processing_info\": {\"state\": \"in_progress\", \"progress_percent\": 40}}}}]}");
  g_assert_true (send_draft (fixture, draft, 0, &error));
  g_assert_no_error (error);
  assert_posted_once (fixture, draft, "STATUS without check_after_secs");
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_MEDIA_STATUS), >=, 3);
}

static const Setup never_done_setup = {
  "{\"processing\": {\"check_after_secs\": 1, \"polls\": 100000, \"seconds\": 0}}",
  3 * MiB,
};

static void
test_processing_cap (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "Processing never ends");
  g_autoptr(GError) error = NULL;

  /* A cap of 3 s instead of 10 minutes, so the test is short. */
  g_assert_false (send_draft (fixture, draft, 3, &error));
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_PROCESSING_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "still processing"));
  assert_kept_with_error (fixture, draft, error);
  g_assert_cmpuint (tern_sim_count_early_polls (fixture->sim->sim), ==, 0);
}

static void
test_lost_create_answer (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "The answer to this one is lost");
  g_autoptr(GError) error = NULL;

  /* X creates the post, then the connection drops before the answer. */
  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"tweets_create\", \"action\": \"reset\", \"nth\": 1, \"when\": \"after\"}]}");
  g_assert_true (send_draft (fixture, draft, 0, &error));
  g_assert_no_error (error);
  assert_posted_once (fixture, draft, "The answer to this one is lost");
  /* Found by looking, not by sending again. */
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_TWEETS_CREATE), ==, 1);
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_USERS_TWEETS), ==, 1);
}

static void
test_create_503_not_created (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "503 before creating");
  g_autoptr(GError) error = NULL;

  /* X failed before creating anything: Tern looks, finds nothing, sends
   * again, and the post exists once. */
  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"tweets_create\", \"action\": \"status\", \"status\": 503, \"nth\": 1}]}");
  g_assert_true (send_draft (fixture, draft, 0, &error));
  g_assert_no_error (error);
  assert_posted_once (fixture, draft, "503 before creating");
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_TWEETS_CREATE), ==, 2);
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_USERS_TWEETS), ==, 1);
}

static void
test_create_503_after_creating (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "Created, then a 503");
  g_autoptr(GError) error = NULL;

  /* X creates the post but its edge answers 503: the post is found, not
   * sent again. */
  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"tweets_create\", \"action\": \"status\", \"status\": 503, \"body\": \"html\", \"nth\": 1, \"when\": \"after\"}]}");
  g_assert_true (send_draft (fixture, draft, 0, &error));
  g_assert_no_error (error);
  assert_posted_once (fixture, draft, "Created, then a 503");
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_TWEETS_CREATE), ==, 1);
}

static void
test_create_rate_limited (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "Rate limited once");
  g_autoptr(GError) error = NULL;

  /* A 429 proves X did nothing: waiting for the reset and sending again
   * cannot post twice. */
  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"tweets_create\", \"action\": \"status\", \"status\": 429, \"nth\": 1, \"reset_after_secs\": 2}]}");
  g_assert_true (send_draft (fixture, draft, 0, &error));
  g_assert_no_error (error);
  assert_posted_once (fixture, draft, "Rate limited once");
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_TWEETS_CREATE), ==, 2);
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_USERS_TWEETS), ==, 0);
}

static TernDraft *
reload_draft (Fixture   *fixture,
              TernDraft *draft)
{
  g_autoptr(GFile) file = tern_draft_store_get_file (fixture->store, draft);
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  TernDraft *restored;

  flush_store (fixture);
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
  node = json_from_string (contents, &error);
  g_assert_no_error (error);
  restored = tern_draft_new_from_json (node, &error);
  g_assert_no_error (error);
  return restored;
}

/* X made the post, its answer was lost, and the look for it failed too:
 * the send says it cannot tell, and keeps the intent. Sending again as it
 * is adopts the post; sending a rewritten text posts the rewrite. */
static TernDraft *
unconfirmed_post (Fixture    *fixture,
                  const char *text)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GError) error = NULL;

  tern_draft_post_set_text (tern_draft_get_post (draft, 0), text);
  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"tweets_create\", \"action\": \"reset\", \"nth\": 1, \"when\": \"after\"},"
    " {\"kind\": \"users_tweets\", \"action\": \"status\", \"status\": 400}]}");
  g_assert_false (send_draft (fixture, draft, 0, &error));
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "could not tell whether X created the post"));
  g_assert_null (tern_draft_post_get_posted_id (tern_draft_get_post (draft, 0)));
  g_assert_nonnull (tern_draft_post_get_intent (tern_draft_get_post (draft, 0)));
  g_assert_cmpuint (tern_sim_count_posts (fixture->sim->sim), ==, 1);
  tern_test_sim_set_faults (fixture->sim, NULL);
  tern_sim_clear_requests (fixture->sim->sim);

  /* As after a restart. */
  return reload_draft (fixture, draft);
}

static void
test_unconfirmed_sent_again (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(TernDraft) again = unconfirmed_post (fixture, "Did it go out?");
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (tern_draft_post_get_intent (tern_draft_get_post (again, 0)));
  g_assert_true (send_draft (fixture, again, 0, &error));
  g_assert_no_error (error);
  posts = tern_sim_get_posts (fixture->sim->sim);
  g_assert_cmpuint (posts->len, ==, 1);
  g_assert_cmpstr (tern_draft_post_get_posted_id (tern_draft_get_post (again, 0)), ==,
                   ((TernSimPost *) g_ptr_array_index (posts, 0))->id);
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_TWEETS_CREATE), ==, 0);
}

static void
test_unconfirmed_rewritten (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(TernDraft) again = unconfirmed_post (fixture, "First words");
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;

  /* The person rewrote it after being told it was not confirmed. */
  tern_draft_post_set_text (tern_draft_get_post (again, 0), "Better words");
  g_assert_true (send_draft (fixture, again, 0, &error));
  g_assert_no_error (error);
  posts = tern_sim_get_posts (fixture->sim->sim);
  g_assert_cmpuint (posts->len, ==, 2);
  g_assert_cmpstr (((TernSimPost *) g_ptr_array_index (posts, 1))->text, ==, "Better words");
  g_assert_cmpstr (tern_draft_post_get_posted_id (tern_draft_get_post (again, 0)), ==,
                   ((TernSimPost *) g_ptr_array_index (posts, 1))->id);
}

static void
test_thread_resumes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(TernDraft) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  const char *texts[] = { "1/5 A thread", "2/5 goes on", "3/5 fails here once", "4/5 then", "5/5 ends" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      TernDraftPost *post = i == 0 ? tern_draft_get_post (draft, 0) : tern_draft_append_post (draft);
      tern_draft_post_set_text (post, texts[i]);
    }

  /* Post 3 is refused (a 400 is not ambiguous: X did nothing). */
  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"tweets_create\", \"action\": \"status\", \"status\": 400, \"nth\": 3}]}");
  g_assert_false (send_draft (fixture, draft, 0, &error));
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "Post 3 of 5"));
  g_assert_nonnull (tern_draft_post_get_posted_id (tern_draft_get_post (draft, 0)));
  g_assert_nonnull (tern_draft_post_get_posted_id (tern_draft_get_post (draft, 1)));
  g_assert_null (tern_draft_post_get_posted_id (tern_draft_get_post (draft, 2)));
  g_assert_cmpuint (tern_sim_count_posts (fixture->sim->sim), ==, 2);
  g_clear_error (&error);

  /* As after a restart: the draft as saved on disk, sent again. */
  again = reload_draft (fixture, draft);
  g_assert_cmpstr (tern_draft_get_last_error (again), ==, tern_draft_get_last_error (draft));
  tern_test_sim_set_faults (fixture->sim, NULL);
  g_assert_true (send_draft (fixture, again, 0, &error));
  g_assert_no_error (error);

  posts = tern_sim_get_posts (fixture->sim->sim);
  g_assert_cmpuint (posts->len, ==, 5);
  for (guint i = 0; i < posts->len; i++)
    {
      TernSimPost *post = g_ptr_array_index (posts, i);

      g_assert_cmpstr (post->text, ==, texts[i]);
      g_assert_cmpstr (post->id, ==, tern_draft_post_get_posted_id (tern_draft_get_post (again, i)));
      if (i == 0)
        g_assert_null (post->in_reply_to_id);
      else
        g_assert_cmpstr (post->in_reply_to_id, ==, ((TernSimPost *) g_ptr_array_index (posts, i - 1))->id);
    }
  /* 1 and 2 were not posted again: five creates worked, one was refused. */
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_TWEETS_CREATE), ==, 6);
}

static void
test_invalid_draft_sends_nothing (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "A video and an image do not mix");
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (fixture->dir, "still.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (png);
  g_autoptr(TernAttachment) image = tern_attachment_new (file);
  static const guint8 png_head[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

  g_assert_true (g_file_set_contents (png, (const char *) png_head, sizeof png_head, NULL));
  tern_draft_post_add_attachment (tern_draft_get_post (draft, 0), image);
  g_assert_false (send_draft (fixture, draft, 0, &error));
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT);
  g_assert_nonnull (strstr (error->message, "1 GIF, or 1 video"));
  /* Checked before any request: only the sign-in reached the simulator. */
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_USERS_ME), ==, 0);
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_MEDIA_INITIALIZE), ==, 0);
  assert_kept_with_error (fixture, draft, error);
}

static void
test_resume_upload_in_process (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "Resumed upload");
  g_autoptr(TernDraft) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  TernAttachment *attachment;
  JsonNode *state;
  JsonArray *segments;
  g_autoptr(GArray) acked = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* The third APPEND fails for good (400), after two were acknowledged. */
  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"media_append\", \"action\": \"status\", \"status\": 400, \"nth\": 3}]}");
  g_assert_false (send_draft (fixture, draft, 0, &error));
  g_clear_error (&error);

  again = reload_draft (fixture, draft);
  attachment = g_list_model_get_item (tern_draft_post_get_attachments (tern_draft_get_post (again, 0)), 0);
  state = tern_attachment_get_upload_state (attachment);
  g_assert_nonnull (state);
  segments = json_object_get_array_member (json_node_get_object (state), "segments");
  g_assert_cmpuint (json_array_get_length (segments), >=, 1);
  for (guint j = 0; j < json_array_get_length (segments); j++)
    {
      gint64 index = json_array_get_int_element (json_array_get_array_element (segments, j), 0);
      g_array_append_val (acked, index);
    }
  g_object_unref (attachment);

  tern_test_sim_set_faults (fixture->sim, NULL);
  tern_sim_clear_requests (fixture->sim->sim);
  g_assert_true (send_draft (fixture, again, 0, &error));
  g_assert_no_error (error);

  /* No new INIT, and no acknowledged segment sent again. */
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
  assert_posted_once (fixture, again, "Resumed upload");
}

/* Fails the upload after two acknowledged segments, and gives back the
 * draft as it was saved. */
static TernDraft *
upload_fails_midway (Fixture    *fixture,
                     const char *text)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, text);
  g_autoptr(GError) error = NULL;

  tern_test_sim_set_faults (fixture->sim,
    "{\"faults\": [{\"kind\": \"media_append\", \"action\": \"status\", \"status\": 400, \"nth\": 3}]}");
  g_assert_false (send_draft (fixture, draft, 0, &error));
  tern_test_sim_set_faults (fixture->sim, NULL);
  return reload_draft (fixture, draft);
}

static void
test_resume_file_changed (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TernDraft) again = upload_fails_midway (fixture, "The file changes in between");
  g_autoptr(GError) error = NULL;
  g_autofree char *new_sha = NULL;
  FILE *out;

  /* The same name, other bytes: what X has is no use any more. */
  out = fopen (fixture->video, "ab");
  g_assert_nonnull (out);
  fwrite ("more bytes", 1, 10, out);
  fclose (out);
  new_sha = tern_test_file_sha256 (fixture->video);
  g_free (fixture->video_sha);
  fixture->video_sha = g_steal_pointer (&new_sha);

  tern_sim_clear_requests (fixture->sim->sim);
  g_assert_true (send_draft (fixture, again, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_MEDIA_INITIALIZE), ==, 1);
  assert_posted_once (fixture, again, "The file changes in between");
}

static const Setup short_media_life = {
  "{\"media_expires_after_secs\": 120}",
  10 * MiB + 12345,
};

static void
test_resume_media_expiring (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(TernDraft) again = upload_fails_midway (fixture, "The media id is about to expire");
  g_autoptr(GError) error = NULL;

  /* A media id with two minutes left is not worth finishing: start over. */
  tern_sim_clear_requests (fixture->sim->sim);
  g_assert_true (send_draft (fixture, again, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_MEDIA_INITIALIZE), ==, 1);
  assert_posted_once (fixture, again, "The media id is about to expire");
}

/* Real images, made at test time with ImageMagick. */
static char *
make_image (Fixture    *fixture,
            const char *name,
            const char *spec)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *command = g_strdup_printf ("convert %s %s", spec, path);
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&path);
}

static void
test_images_one_shot (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  TernDraftPost *post = tern_draft_get_post (draft, 0);
  g_autofree char *red = make_image (fixture, "red.png", "-size 64x48 xc:red");
  g_autofree char *blue = make_image (fixture, "blue.jpg", "-size 40x30 xc:blue");
  g_autofree char *png = make_image (fixture, "green.png", "-size 20x20 xc:green");
  g_autofree char *liar = g_build_filename (fixture->dir, "green.gif", NULL);
  const char *paths[] = { red, blue, NULL };
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;
  char **media_ids;

  /* Named .gif, but a PNG: the kind comes from the bytes. */
  g_assert_cmpint (g_rename (png, liar), ==, 0);

  tern_draft_post_set_text (post, "Three images");
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(TernAttachment) attachment = tern_attachment_new (file);

      tern_attachment_set_alt_text (attachment, i == 0 ? "A red rectangle" : "");
      tern_draft_post_add_attachment (post, attachment);
    }
  {
    g_autoptr(GFile) file = g_file_new_for_path (liar);
    g_autoptr(TernAttachment) attachment = tern_attachment_new (file);

    tern_draft_post_add_attachment (post, attachment);
    g_assert_true (send_draft (fixture, draft, 0, &error));
    g_assert_no_error (error);
    g_assert_cmpint (tern_attachment_get_kind (attachment), ==, TERN_ATTACHMENT_KIND_IMAGE);
    g_assert_cmpstr (tern_attachment_get_mime_type (attachment), ==, "image/png");
  }

  posts = tern_sim_get_posts (fixture->sim->sim);
  g_assert_cmpuint (posts->len, ==, 1);
  media_ids = ((TernSimPost *) g_ptr_array_index (posts, 0))->media_ids;
  g_assert_cmpuint (g_strv_length (media_ids), ==, 3);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *sha = tern_sim_get_media_sha256 (fixture->sim->sim, media_ids[i]);
      g_autofree char *want = tern_test_file_sha256 (paths[i]);
      g_autofree char *category = tern_sim_get_media_category (fixture->sim->sim, media_ids[i]);

      g_assert_cmpstr (sha, ==, want);
      g_assert_cmpstr (category, ==, "tweet_image");
    }
  {
    g_autofree char *alt = tern_sim_get_media_alt_text (fixture->sim->sim, media_ids[0]);
    g_assert_cmpstr (alt, ==, "A red rectangle");
  }
  /* Images go up in one request each; no chunked upload. */
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_MEDIA_UPLOAD), ==, 3);
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_MEDIA_INITIALIZE), ==, 0);
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_MEDIA_METADATA), ==, 1);
}

static gint
compare_events (gconstpointer a,
                gconstpointer b)
{
  const gint64 *ea = a, *eb = b;

  if (ea[0] != eb[0])
    return ea[0] < eb[0] ? -1 : 1;
  return (ea[1] > eb[1]) - (ea[1] < eb[1]);
}

/* Eleven segments, the default number in flight, each answered only after
 * a long server time, some failing once: every segment arrives exactly once
 * with the file's bytes in order of index, and X holds as many at once as
 * the setting allows, never more. */
static const Setup eleven_segments = { NULL, 40 * MiB + 12345 };

static void
test_many_segments_in_flight (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TernDraft) draft = draft_with_video (fixture, "Many segments in flight");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  guint answered[11] = { 0 };
  int held = 0, most = 0;

  /* The server time is long next to sending a segment over loopback, so
   * the window fills before the first answer. */
  tern_test_sim_set_faults (fixture->sim,
    "{\"append_processing_ms\": 1500, \"faults\": ["
    "{\"kind\": \"media_append\", \"action\": \"status\", \"status\": 503, \"nth\": [3, 9]},"
    "{\"kind\": \"media_append\", \"action\": \"reset\", \"nth\": [6]}]}");
  g_assert_true (send_draft (fixture, draft, 0, &error));
  g_assert_no_error (error);
  assert_posted_once (fixture, draft, "Many segments in flight");
  g_assert_cmpuint (fixture->retry_messages->len, >=, 3);

  log = tern_sim_get_requests (fixture->sim->sim);
  for (guint i = 0; i < log->len; i++)
    {
      TernSimRequest *req = g_ptr_array_index (log, i);
      gint64 start[2], end[2];

      if (!g_str_equal (req->kind, TERN_SIM_KIND_MEDIA_APPEND))
        continue;
      if (req->status == 200)
        {
          g_assert_cmpint (req->segment_index, >=, 0);
          g_assert_cmpint (req->segment_index, <, (int) G_N_ELEMENTS (answered));
          answered[req->segment_index]++;
        }
      start[0] = req->received_us;
      start[1] = 1;
      end[0] = req->received_us + req->duration_us;
      end[1] = -1;
      g_array_append_vals (events, start, 1);
      g_array_append_vals (events, end, 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (answered); i++)
    g_assert_cmpuint (answered[i], ==, 1);

  /* Segments the simulator held at once, received and not yet answered:
   * an answer ending at the moment another arrives counts first. */
  g_array_sort (events, compare_events);
  for (guint i = 0; i < events->len; i++)
    {
      held += (int) ((gint64 *) events->data)[2 * i + 1];
      most = MAX (most, held);
    }
  g_assert_cmpint (most, ==, TERN_UPLOAD_DEFAULT_PARALLELISM);
}

static void
test_animated_gif_chunked (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  TernDraftPost *post = tern_draft_get_post (draft, 0);
  g_autofree char *gif = make_image (fixture, "blink.gif",
                                     "-delay 10 -size 32x32 xc:red xc:blue xc:green -loop 0");
  g_autoptr(GFile) file = g_file_new_for_path (gif);
  g_autoptr(TernAttachment) attachment = tern_attachment_new (file);
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *category = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *want = tern_test_file_sha256 (gif);

  tern_draft_post_set_text (post, "An animated GIF");
  tern_draft_post_add_attachment (post, attachment);
  g_assert_true (send_draft (fixture, draft, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tern_attachment_get_kind (attachment), ==, TERN_ATTACHMENT_KIND_GIF);

  posts = tern_sim_get_posts (fixture->sim->sim);
  g_assert_cmpuint (posts->len, ==, 1);
  category = tern_sim_get_media_category (fixture->sim->sim, ((TernSimPost *) g_ptr_array_index (posts, 0))->media_ids[0]);
  g_assert_cmpstr (category, ==, "tweet_gif");
  sha = tern_sim_get_media_sha256 (fixture->sim->sim, ((TernSimPost *) g_ptr_array_index (posts, 0))->media_ids[0]);
  g_assert_cmpstr (sha, ==, want);
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_MEDIA_INITIALIZE), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, setup, func) g_test_add (name, Fixture, setup, fixture_setup, func, fixture_teardown)
  ADD ("/post-sim/clean", NULL, test_clean);
  ADD ("/post-sim/fault/reset-during-append", NULL, test_reset_during_append);
  ADD ("/post-sim/fault/503-on-append", NULL, test_503_on_append);
  ADD ("/post-sim/fault/file-shrinks-during-upload", NULL, test_file_shrinks_during_upload);
  ADD ("/post-sim/fault/503-on-finalize", NULL, test_503_on_finalize);
  ADD ("/post-sim/fault/413-halves-chunk", NULL, test_413_halves_chunk);
  ADD ("/post-sim/fault/429-with-reset", NULL, test_429_with_reset);
  ADD ("/post-sim/fault/token-expiry", NULL, test_token_expiry);
  ADD ("/post-sim/fault/processing-failed", NULL, test_processing_failed);
  ADD ("/post-sim/fault/processing-failed-in-progress", NULL, test_processing_failed_in_progress);
  ADD ("/post-sim/fault/status-without-check-after", NULL, test_status_without_check_after);
  ADD ("/post-sim/fault/processing-cap", &never_done_setup, test_processing_cap);
  ADD ("/post-sim/fault/lost-create-answer", NULL, test_lost_create_answer);
  ADD ("/post-sim/fault/create-503-not-created", NULL, test_create_503_not_created);
  ADD ("/post-sim/fault/create-503-after-creating", NULL, test_create_503_after_creating);
  ADD ("/post-sim/fault/create-rate-limited", NULL, test_create_rate_limited);
  ADD ("/post-sim/unconfirmed/sent-again", NULL, test_unconfirmed_sent_again);
  ADD ("/post-sim/unconfirmed/rewritten", NULL, test_unconfirmed_rewritten);
  ADD ("/post-sim/thread-resumes", NULL, test_thread_resumes);
  ADD ("/post-sim/invalid-draft-sends-nothing", NULL, test_invalid_draft_sends_nothing);
  ADD ("/post-sim/resume-upload", NULL, test_resume_upload_in_process);
  ADD ("/post-sim/resume-file-changed", NULL, test_resume_file_changed);
  ADD ("/post-sim/resume-media-expiring", &short_media_life, test_resume_media_expiring);
  ADD ("/post-sim/images-one-shot", NULL, test_images_one_shot);
  ADD ("/post-sim/animated-gif-chunked", NULL, test_animated_gif_chunked);
  ADD ("/post-sim/many-segments-in-flight", &eleven_segments, test_many_segments_in_flight);
#undef ADD

  return g_test_run ();
}
