/* test-post-kinds-sim.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Replies, quotes, polls, who can reply and subtitles, sent to the
 * simulator over real HTTP on loopback: what arrives is what the person
 * asked for, a post that cannot be replied to or quoted gets a message
 * before anything else happens, and what X refuses is refused locally. */

#include "config.h"

#include <glib/gstdio.h>

#include "core/net/tern-client.h"
#include "core/send/tern-post.h"
#include "core/tern-x.h"
#include "core/send/tern-referenced-post.h"
#include "tern-test-sim.h"

#define MiB (1024 * 1024)

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
  fixture->dir = g_dir_make_tmp ("tern-post-kinds-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  fixture->sim = tern_test_sim_new (NULL);
  fixture->client = tern_client_new (fixture->sim->base, fixture->sim->tokens);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->sim, tern_test_sim_free);
  g_free (fixture->dir);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  gpointer  value;
  GError   *error;
} Result;

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *r = user_data;

  r->ok = tern_post_send_finish (TERN_POST (object), result, &r->error);
  r->done = TRUE;
}

static gboolean
send_draft (Fixture    *fixture,
            TernDraft  *draft,
            GError    **error)
{
  g_autoptr(TernPost) post = tern_post_new (fixture->client, draft);
  Result r = { 0 };

  tern_post_send_async (post, NULL, sent_cb, &r);
  tern_test_run_until (&r.done);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.ok;
}

static char *
post_text (Fixture    *fixture,
           const char *text)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GError) error = NULL;

  tern_draft_post_set_text (tern_draft_get_post (draft, 0), text);
  g_assert_true (send_draft (fixture, draft, &error));
  g_assert_no_error (error);
  return g_strdup (tern_draft_post_get_posted_id (tern_draft_get_post (draft, 0)));
}

static TernSimPost *
find_sim_post (Fixture    *fixture,
               const char *id)
{
  g_autoptr(GPtrArray) posts = tern_sim_get_posts (fixture->sim->sim);

  for (guint i = 0; i < posts->len; i++)
    {
      TernSimPost *post = g_ptr_array_index (posts, i);

      if (g_strcmp0 (post->id, id) == 0)
        return tern_sim_post_copy (post);
    }
  g_assert_not_reached ();
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *r = user_data;

  r->value = tern_referenced_post_fetch_finish (result, &r->error);
  r->done = TRUE;
}

static TernReferencedPost *
fetch (Fixture     *fixture,
       const char  *id,
       GError     **error)
{
  Result r = { 0 };

  tern_referenced_post_fetch_async (fixture->client, id, NULL, fetched_cb, &r);
  tern_test_run_until (&r.done);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.value;
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *r = user_data;
  g_autoptr(JsonNode) answer = tern_client_send_finish (TERN_CLIENT (object), result, &r->error);

  r->ok = answer != NULL;
  r->done = TRUE;
}

static void
delete_post (Fixture    *fixture,
             const char *id)
{
  g_autofree char *path = g_strdup_printf ("/2/tweets/%s", id);
  Result r = { 0 };

  tern_client_send_async (fixture->client, "DELETE", path, NULL, NULL, TERN_CLIENT_FLAGS_NONE,
                          NULL, deleted_cb, &r);
  tern_test_run_until (&r.done);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
}

/* A pasted address is looked up: the card shows the author and the text. */
static void
test_fetch_card (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *id = post_text (fixture, "Tern & the sea <3");
  g_autofree char *address = g_strdup_printf ("https://x.com/whoever/status/%s?s=20", id);
  g_autofree char *parsed = NULL;
  g_autoptr(TernReferencedPost) card = NULL;
  g_autoptr(TernReferencedPost) gone = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (tern_x_parse_post_address (address, fixture->sim->base, &parsed, NULL, NULL));
  card = fetch (fixture, parsed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tern_referenced_post_get_id (card), ==, id);
  g_assert_cmpstr (tern_referenced_post_get_text (card), ==, "Tern &amp; the sea &lt;3");
  g_assert_nonnull (tern_referenced_post_get_author_username (card));
  g_assert_nonnull (tern_referenced_post_get_author_name (card));
  g_assert_false (tern_referenced_post_get_has_media (card));

  /* A post that never existed, and one that was deleted. */
  gone = fetch (fixture, "1234567890123", &error);
  g_assert_null (gone);
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_REQUEST);
  g_assert_cmpstr (error->message, ==,
                   "The post 1234567890123 does not exist or was deleted. Check the address, or choose another post.");
  g_clear_error (&error);

  delete_post (fixture, id);
  gone = fetch (fixture, id, &error);
  g_assert_null (gone);
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "does not exist or was deleted"));
}

/* A single post replying to an existing one. */
static void
test_reply (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *target = post_text (fixture, "What do terns eat?");
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(TernSimPost) reply = NULL;
  g_autoptr(GError) error = NULL;

  tern_draft_set_reply_to (draft, target);
  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Mostly fish.");
  g_assert_true (send_draft (fixture, draft, &error));
  g_assert_no_error (error);

  reply = find_sim_post (fixture, tern_draft_post_get_posted_id (tern_draft_get_post (draft, 0)));
  g_assert_cmpstr (reply->text, ==, "Mostly fish.");
  g_assert_cmpstr (reply->in_reply_to_id, ==, target);
  g_assert_null (reply->quote_id);
  g_assert_null (reply->reply_settings);
}

/* A thread replying to an existing post: the first post replies to it,
 * each next one to the post before. */
static void
test_thread_reply (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *target = post_text (fixture, "Tell me about terns.");
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GError) error = NULL;
  const char *texts[] = { "1/3 Terns are seabirds.", "2/3 They dive for fish.", "3/3 Some migrate pole to pole." };
  const char *previous = target;

  tern_draft_set_reply_to (draft, target);
  tern_draft_set_reply_settings (draft, "mentionedUsers");
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    tern_draft_post_set_text (i == 0 ? tern_draft_get_post (draft, 0) : tern_draft_append_post (draft),
                              texts[i]);
  g_assert_true (send_draft (fixture, draft, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tern_sim_count_posts (fixture->sim->sim), ==, 4);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      const char *id = tern_draft_post_get_posted_id (tern_draft_get_post (draft, i));
      g_autoptr(TernSimPost) post = find_sim_post (fixture, id);

      g_assert_cmpstr (post->text, ==, texts[i]);
      g_assert_cmpstr (post->in_reply_to_id, ==, previous);
      /* Who can reply was chosen for the whole thread. */
      g_assert_cmpstr (post->reply_settings, ==, "mentionedUsers");
      previous = id;
    }
}

static void
test_quote (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *target = post_text (fixture, "Arctic terns fly 70,000 km a year.");
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(TernSimPost) quote = NULL;
  g_autoptr(TernSimPost) next = NULL;
  g_autoptr(GError) error = NULL;

  tern_draft_set_quote (draft, target);
  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Worth repeating:");
  tern_draft_post_set_text (tern_draft_append_post (draft), "Every year.");
  g_assert_true (send_draft (fixture, draft, &error));
  g_assert_no_error (error);

  quote = find_sim_post (fixture, tern_draft_post_get_posted_id (tern_draft_get_post (draft, 0)));
  g_assert_cmpstr (quote->quote_id, ==, target);
  g_assert_null (quote->in_reply_to_id);
  /* Only the first post quotes. */
  next = find_sim_post (fixture, tern_draft_post_get_posted_id (tern_draft_get_post (draft, 1)));
  g_assert_null (next->quote_id);
  g_assert_cmpstr (next->in_reply_to_id, ==, quote->id);
}

static void
test_poll (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  TernDraftPost *first = tern_draft_get_post (draft, 0);
  const char *options[] = { " Common tern ", "Arctic tern", "Sandwich tern", NULL };
  const char *sent[] = { "Common tern", "Arctic tern", "Sandwich tern", NULL };
  g_autoptr(TernSimPost) poll = NULL;
  g_autoptr(GError) error = NULL;

  tern_draft_set_reply_settings (draft, "following");
  tern_draft_post_set_text (first, "Favourite tern?");
  tern_draft_post_set_poll_options (first, options);
  tern_draft_post_set_poll_duration (first, 6 * 60);
  g_assert_true (send_draft (fixture, draft, &error));
  g_assert_no_error (error);

  poll = find_sim_post (fixture, tern_draft_post_get_posted_id (first));
  g_assert_cmpstr (poll->text, ==, "Favourite tern?");
  g_assert_nonnull (poll->poll_options);
  g_assert_true (g_strv_equal ((const char * const *) poll->poll_options, sent));
  g_assert_cmpint (poll->poll_duration_minutes, ==, 360);
  g_assert_cmpstr (poll->reply_settings, ==, "following");
}

/* Refused before anything is sent, with the message a person needs; the
 * draft keeps the error and nothing reaches the simulator. */
static void
test_refused_locally (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *target = post_text (fixture, "Quote me.");
  g_autoptr(TernDraft) draft = tern_draft_new ();
  TernDraftPost *first = tern_draft_get_post (draft, 0);
  const char *options[] = { "Yes", "No", NULL };
  const char *long_options[] = { "Yes", "No, and here is a long reason why", NULL };
  guint requests;
  g_autoptr(GError) error = NULL;

  tern_sim_clear_requests (fixture->sim->sim);
  tern_draft_set_quote (draft, target);
  tern_draft_post_set_text (first, "Agree?");
  tern_draft_post_set_poll_options (first, options);
  g_assert_false (send_draft (fixture, draft, &error));
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT);
  g_assert_cmpstr (error->message, ==, "X does not allow a poll in a post that quotes another. Remove the quote or the poll.");
  g_assert_cmpstr (tern_draft_get_last_error (draft), ==, error->message);
  g_clear_error (&error);

  tern_draft_set_quote (draft, NULL);
  tern_draft_post_set_poll_options (first, long_options);
  g_assert_false (send_draft (fixture, draft, &error));
  g_assert_cmpstr (error->message, ==,
                   "Poll choice 2 (“No, and here is a long reason why”) is 33 characters long; X accepts at most 25. Shorten it by 8.");
  g_clear_error (&error);

  tern_draft_post_set_poll_options (first, options);
  tern_draft_post_set_poll_duration (first, 8 * 24 * 60);
  g_assert_false (send_draft (fixture, draft, &error));
  g_assert_cmpstr (error->message, ==,
                   "The poll runs for 8 days; X accepts 5 minutes to 7 days. Choose a duration in that range.");
  g_clear_error (&error);

  tern_draft_post_set_poll_duration (first, 60);
  tern_draft_set_reply_settings (draft, "nobody");
  g_assert_false (send_draft (fixture, draft, &error));
  g_assert_nonnull (strstr (error->message, "“nobody” is not a choice X knows for who can reply"));
  g_clear_error (&error);

  requests = tern_sim_count_requests (fixture->sim->sim, NULL);
  g_assert_cmpuint (requests, ==, 0);
  g_assert_cmpuint (tern_sim_count_posts (fixture->sim->sim), ==, 1);

  /* Fixed, it goes. */
  tern_draft_set_reply_settings (draft, NULL);
  g_assert_true (send_draft (fixture, draft, &error));
  g_assert_no_error (error);
}

/* Replying to a post deleted after it was chosen: X's refusal is said in
 * words, and the draft is kept to fix. */
static void
test_reply_to_deleted (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *target = post_text (fixture, "Soon gone.");
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  delete_post (fixture, target);
  tern_draft_set_reply_to (draft, target);
  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Too late?");
  g_assert_false (send_draft (fixture, draft, &error));
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_REQUEST);
  expected =
    g_strdup_printf ("Cannot reply: The post %s does not exist or was deleted. Check the address, or choose another post.",
                     target);
  g_assert_cmpstr (error->message, ==, expected);
  /* Nothing was created. */
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_TWEETS_CREATE), ==, 1);
  g_assert_null (tern_draft_post_get_posted_id (tern_draft_get_post (draft, 0)));
  g_assert_cmpstr (tern_draft_get_last_error (draft), ==, error->message);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* A video with subtitles in two languages? One track per video here: the
 * subtitles go up as their own media and are tied to the video. */
static void
test_video_subtitles (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *video_path = tern_test_make_video_file (fixture->dir, "clip.mp4", 2 * MiB);
  g_autofree char *srt = write_file (fixture, "clip.fr.srt",
                                     "1\n00:00:00,000 --> 00:00:00,900\nBonjour les sternes\n");
  g_autoptr(GFile) video_file = g_file_new_for_path (video_path);
  g_autoptr(GFile) srt_file = g_file_new_for_path (srt);
  g_autoptr(TernAttachment) video = tern_attachment_new (video_file);
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(TernSimPost) posted = NULL;
  g_auto(GStrv) languages = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "fr", NULL };

  tern_attachment_set_subtitles (video, srt_file, "fr");
  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Sous-titré");
  tern_draft_post_add_attachment (tern_draft_get_post (draft, 0), video);
  g_assert_true (send_draft (fixture, draft, &error));
  g_assert_no_error (error);

  posted = find_sim_post (fixture, tern_draft_post_get_posted_id (tern_draft_get_post (draft, 0)));
  g_assert_cmpuint (g_strv_length (posted->media_ids), ==, 1);
  languages = tern_sim_get_media_subtitles (fixture->sim->sim, posted->media_ids[0]);
  g_assert_nonnull (languages);
  g_assert_true (g_strv_equal ((const char * const *) languages, expected));
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, TERN_SIM_KIND_MEDIA_SUBTITLES), ==, 1);
}

/* A broken subtitle file stops the send before the video is uploaded. */
static void
test_bad_subtitles (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *video_path = tern_test_make_video_file (fixture->dir, "clip.mp4", 2 * MiB);
  g_autofree char *bad = write_file (fixture, "clip.srt", "1\n00:00:02,000 --> 00:00:01,000\nBackwards\n");
  g_autoptr(GFile) video_file = g_file_new_for_path (video_path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr(TernAttachment) video = tern_attachment_new (video_file);
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GError) error = NULL;

  tern_sim_clear_requests (fixture->sim->sim);
  tern_attachment_set_subtitles (video, bad_file, "en");
  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Broken subtitles");
  tern_draft_post_add_attachment (tern_draft_get_post (draft, 0), video);
  g_assert_false (send_draft (fixture, draft, &error));
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT);
  g_assert_cmpstr (error->message, ==,
                   "clip.srt: Line 2 of the subtitle file has a cue that ends before it starts. Fix its times.");
  g_assert_cmpuint (tern_sim_count_requests (fixture->sim->sim, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/post-kinds-sim/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("fetch-card", test_fetch_card);
  ADD ("reply", test_reply);
  ADD ("thread-reply", test_thread_reply);
  ADD ("quote", test_quote);
  ADD ("poll", test_poll);
  ADD ("refused-locally", test_refused_locally);
  ADD ("reply-to-deleted", test_reply_to_deleted);
  ADD ("video-subtitles", test_video_subtitles);
  ADD ("bad-subtitles", test_bad_subtitles);
#undef ADD

  return g_test_run ();
}
