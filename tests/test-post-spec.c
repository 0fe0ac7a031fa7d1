/* test-post-spec.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Where X's spec (its SDK's types) asks something of the client, against
 * the simulator over real HTTP: a media-only post sends "text": "", a still
 * GIF goes chunked as tweet_gif (GIF is not a one-shot media_type), and a
 * 429 from a daily posting cap waits for that cap's reset and says which
 * cap it is. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "core/net/tern-client.h"
#include "core/send/tern-post.h"
#include "tern-test-sim.h"

typedef struct
{
  TernTestSim *sim;
  TernClient  *client;
  char        *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("tern-post-spec-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  fixture->sim = tern_test_sim_new (data);
  fixture->client = tern_client_new (fixture->sim->base, fixture->sim->tokens);
  /* only what the test sends, not the sign-in */
  tern_sim_clear_requests (fixture->sim->sim);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->sim, tern_test_sim_free);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* A still GIF, 2×2, two colours, one frame. */
static char *
write_still_gif (Fixture    *fixture,
                 const char *name)
{
  static const guint8 gif[] = {
    'G', 'I', 'F', '8', '9', 'a', 2, 0, 2, 0, 0x80, 0, 0,
    0, 0, 0, 255, 255, 255,
    0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0,
    2, 2, 0x44, 0x01, 0,
    0x3B,
  };
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, (const char *) gif, sizeof gif, NULL));
  return path;
}

static TernDraft *
draft_with_files (const char         *text,
                  const char * const *paths)
{
  TernDraft *draft = tern_draft_new ();
  TernDraftPost *post = tern_draft_get_post (draft, 0);

  tern_draft_post_set_text (post, text);
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(TernAttachment) attachment = tern_attachment_new (file);

      tern_attachment_set_alt_text (attachment, "Two pixels of black, two of white");
      tern_draft_post_add_attachment (post, attachment);
    }
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
            GError    **error)
{
  g_autoptr(TernPost) post = tern_post_new (fixture->client, draft);
  SendResult r = { 0 };

  tern_post_send_async (post, NULL, sent_cb, &r);
  tern_test_run_until (&r.done);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.ok;
}

/* A post with a still GIF and no text: X's backend refuses a post without
 * `text` (the simulator too), and refuses GIF as a one-shot media_type. */
static void
test_media_only_still_gif (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *gif = write_still_gif (fixture, "still.gif");
  const char *paths[] = { gif, NULL };
  g_autoptr(TernDraft) draft = draft_with_files ("", paths);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autofree char *category = NULL;
  TernSimPost *post;

  g_assert_true (send_draft (fixture, draft, &error));
  g_assert_no_error (error);

  posts = tern_sim_get_posts (fixture->sim->sim);
  g_assert_cmpuint (posts->len, ==, 1);
  post = g_ptr_array_index (posts, 0);
  g_assert_cmpstr (post->text, ==, "");
  g_assert_cmpstr (post->id, ==, tern_draft_post_get_posted_id (tern_draft_get_post (draft, 0)));
  g_assert_nonnull (post->media_ids);
  g_assert_nonnull (post->media_ids[0]);
  g_assert_null (post->media_ids[1]);

  /* chunked, as a GIF */
  category = tern_sim_get_media_category (fixture->sim->sim, post->media_ids[0]);
  g_assert_cmpstr (category, ==, "tweet_gif");
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_MEDIA_UPLOAD), ==, 0);
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_MEDIA_INITIALIZE), ==, 1);
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_MEDIA_FINALIZE), ==, 1);
}

/* Since a still GIF goes up as a GIF, X lets it stand only alone: Tern says
 * so before sending anything. */
static void
test_still_gif_stands_alone (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *a = write_still_gif (fixture, "a.gif");
  g_autofree char *b = write_still_gif (fixture, "b.gif");
  const char *paths[] = { a, b, NULL };
  g_autoptr(TernDraft) draft = draft_with_files ("Two GIFs", paths);
  g_autoptr(GError) error = NULL;

  g_assert_false (send_draft (fixture, draft, &error));
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT);
  g_assert_nonnull (strstr (error->message, "1 GIF"));
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, NULL), ==, 0);
  g_assert_cmpuint (tern_sim_count_posts (fixture->sim->sim), ==, 0);
}

/* Posts until a daily cap answers 429; returns that error. */
static GError *
post_until_capped (Fixture *fixture)
{
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("Post number %u of the day", i + 1);
      g_autoptr(TernDraft) draft = draft_with_files (text, NULL);
      GError *error = NULL;

      if (!send_draft (fixture, draft, &error))
        return error;
    }
  g_assert_not_reached ();
  return NULL;
}

typedef struct
{
  gboolean  done;
  GError   *error;
} ClientResult;

static void
client_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ClientResult *r = user_data;
  g_autoptr(JsonNode) node = tern_client_send_finish (TERN_CLIENT (object), result, &r->error);

  r->done = TRUE;
}

static void
assert_daily_cap (Fixture    *fixture,
                  GError     *error,
                  const char *words)
{
  g_autoptr(JsonNode) body = json_from_string ("{\"text\": \"One more\"}", NULL);
  ClientResult r = { 0 };
  gint64 reset;
  guint creates;

  /* what the person reads: which cap, and until when */
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, words));
  g_assert_nonnull (strstr (error->message, "until"));
  g_assert_cmpuint (tern_sim_count_posts (fixture->sim->sim), ==, 2);

  /* The request Tern makes for a post: the reset it keeps is the cap's own,
   * a day after the first post, not the 15-minute window's (which would
   * only meet the same cap); so it gives up at once instead of waiting. */
  creates = tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_TWEETS_CREATE);
  tern_client_post_json_async (fixture->client, "/2/tweets", body, TERN_CLIENT_FLAGS_RETRY_RATE_LIMITED,
                               NULL, client_sent_cb, &r);
  tern_test_run_until (&r.done);
  g_assert_error (r.error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_RATE_LIMITED);
  reset = tern_client_error_get_reset_time (r.error);
  g_assert_cmpint (reset, >, tern_sim_get_time (fixture->sim->sim) + 900);
  g_assert_cmpint (reset, <=, tern_sim_get_time (fixture->sim->sim) + 86400);
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_TWEETS_CREATE), ==, creates + 1);
  g_clear_error (&r.error);
}

static void
test_user_daily_cap (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = post_until_capped (fixture);

  assert_daily_cap (fixture, error, "daily posting limit for this account");
}

static void
test_app_daily_cap (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = post_until_capped (fixture);

  assert_daily_cap (fixture, error, "daily posting limit for this app");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/post-spec/media-only-still-gif", Fixture, NULL,
              fixture_setup, test_media_only_still_gif, fixture_teardown);
  g_test_add ("/post-spec/still-gif-stands-alone", Fixture, NULL,
              fixture_setup, test_still_gif_stands_alone, fixture_teardown);
  g_test_add ("/post-spec/user-daily-cap", Fixture, "{\"daily_post_limits\": {\"user\": 2}}",
              fixture_setup, test_user_daily_cap, fixture_teardown);
  g_test_add ("/post-spec/app-daily-cap", Fixture, "{\"daily_post_limits\": {\"app\": 2}}",
              fixture_setup, test_app_daily_cap, fixture_teardown);

  return g_test_run ();
}
