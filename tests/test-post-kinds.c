/* test-post-kinds.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* X's rules for replies, quotes, polls, who can reply and subtitles, as a
 * person meets them: which addresses name a post, which polls X takes,
 * which subtitle files parse and fit, what the draft keeps through a
 * restart, and which combinations are refused before anything is sent,
 * with a message that says what to change. */

#include "config.h"

#include "core/draft/tern-draft.h"
#include "core/send/tern-post.h"
#include "core/tern-x.h"

static void
test_address (void)
{
  static const struct { const char *text; const char *id; const char *user; } good[] = {
    { "https://x.com/jack/status/20", "20", "jack" },
    { "https://twitter.com/jack/status/20?s=20&t=abc", "20", "jack" },
    { "x.com/Some_User/status/1790000000000000001", "1790000000000000001", "Some_User" },
    { "  https://www.x.com/jack/status/20/photo/1  ", "20", "jack" },
    { "https://mobile.twitter.com/jack/status/20#reply", "20", "jack" },
    { "http://x.com/jack/statuses/20", "20", "jack" },
    { "https://x.com/i/web/status/20", "20", NULL },
    { "https://x.com/i/status/20", "20", NULL },
    { "1790000000000000001", "1790000000000000001", NULL },
    { "http://127.0.0.1:8080/sandbox/status/7", "7", "sandbox" },
  };
  static const char *bad[] = {
    "", "hello", "https://example.com/jack/status/20", "https://x.com/jack",
    "https://x.com/jack/status/", "https://x.com/jack/status/abc",
    "https://x.com/jack/status/12345678901234567890", "https://x.com/status/20",
    "ftp://x.com/jack/status/20", "https://x.com/a/b/status/20",
    "http://127.0.0.1:9999/sandbox/status/7",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *id = NULL;
      g_autofree char *user = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", good[i].text);
      g_assert_true (tern_x_parse_post_address (good[i].text, "http://127.0.0.1:8080",
                                                &id, &user, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (id, ==, good[i].id);
      g_assert_cmpstr (user, ==, good[i].user);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *id = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (tern_x_parse_post_address (bad[i], "http://127.0.0.1:8080", &id, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_null (id);
      /* The message shows what a good address looks like. */
      if (g_str_has_prefix (bad[i], "https://example.com") || strstr (bad[i], ":9999") != NULL)
        g_assert_nonnull (strstr (error->message, "not on X"));
      else
        g_assert_nonnull (strstr (error->message, "x.com/USER/status/"));
    }
}

static void
assert_poll_refused (const char * const *options,
                     guint               minutes,
                     const char         *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (tern_x_check_poll (options, minutes, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, expected));
}

static void
test_poll_rules (void)
{
  const char *two[] = { "Yes", "No", NULL };
  const char *four[] = { "A", "B", "C", "D", NULL };
  const char *one[] = { "Alone", NULL };
  const char *five[] = { "A", "B", "C", "D", "E", NULL };
  const char *long_choice[] = { "Yes", "This choice is far too long!", NULL };
  /* 25 characters, some of them two UTF-8 bytes or more: characters count. */
  const char *exactly_25[] = { "ééééééééééééééééééééééééé", "日本語", NULL };
  const char *blank[] = { "Yes", "   ", NULL };

  g_assert_true (tern_x_check_poll (two, 5, NULL));
  g_assert_true (tern_x_check_poll (four, 10080, NULL));
  g_assert_true (tern_x_check_poll (exactly_25, 60, NULL));

  assert_poll_refused (one, 60, "at least 2");
  assert_poll_refused (NULL, 60, "at least 2");
  assert_poll_refused (five, 60, "at most 4. Remove 1");
  assert_poll_refused (long_choice, 60, "Poll choice 2 (“This choice is far too long!”) is 28 characters long; X accepts at most 25. Shorten it by 3.");
  assert_poll_refused (blank, 60, "Poll choice 2 is empty");
  assert_poll_refused (two, 4, "4 minutes; X accepts 5 minutes to 7 days");
  assert_poll_refused (two, 10081, "7 days 1 minute");
}

static void
test_poll_duration (void)
{
  static const struct { const char *text; guint minutes; } good[] = {
    { "30m", 30 }, { "6h", 360 }, { "1d", 1440 }, { "1d12h", 2160 }, { "7d", 10080 },
    { "90", 90 }, { "2h30m", 150 },
  };
  static const char *bad[] = { "", "h", "1w", "1.5h", "-5m", "10 m", "1d2", "99999999999m" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      guint minutes = 0;

      g_assert_true (tern_x_parse_poll_duration (good[i].text, &minutes, NULL));
      g_assert_cmpuint (minutes, ==, good[i].minutes);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      guint minutes = 0;
      g_autoptr(GError) error = NULL;

      g_assert_false (tern_x_parse_poll_duration (bad[i], &minutes, &error));
      g_assert_nonnull (strstr (error->message, "30m, 6h or 1d"));
    }
}

static void
test_reply_settings (void)
{
  g_assert_true (tern_x_reply_settings_is_valid (NULL));
  for (const char * const *v = tern_x_reply_settings_values (); *v; v++)
    {
      g_assert_true (tern_x_reply_settings_is_valid (*v));
      g_assert_nonnull (tern_x_reply_settings_describe (*v));
    }
  g_assert_true (tern_x_reply_settings_is_valid ("mentionedUsers"));
  g_assert_false (tern_x_reply_settings_is_valid ("mentioned_users"));
  g_assert_false (tern_x_reply_settings_is_valid ("everyone"));
  g_assert_null (tern_x_reply_settings_describe ("nobody"));
}

static void
test_subtitles_parse (void)
{
  const char *srt =
    "\xef\xbb\xbf" "1\r\n00:00:00,500 --> 00:00:01,250\r\nHello\r\n\r\n"
    "2\r\n00:00:01,300 --> 00:00:02,900\r\nWorld\r\n";
  const char *vtt =
    "WEBVTT - a title\n\nNOTE a comment\n\n00:00.000 --> 00:01.000\nOne\n\n"
    "intro\n01:02:03.004 --> 01:02:04.000 align:start\nTwo\n";
  TernSubtitlesFormat format;
  guint cues = 0;
  gint64 end = 0;
  static const struct { const char *data; const char *message; } bad[] = {
    { "", "neither SRT nor WebVTT" },
    { "just some text\n", "neither SRT nor WebVTT" },
    { "WEBVTT\n\nno cues here\n", "no cues" },
    { "1\n00:00:02,000 --> 00:00:01,000\nBackwards\n", "Line 2" },
    { "1\n00:00:01,000 --> 00:00:02,000\nFine\n\n2\n00:00:61,000 --> 00:01:02,000\nBad\n", "Line 6" },
    { "WEBVTTX\n\n00:00.000 --> 00:01.000\nOne\n", "neither SRT nor WebVTT" },
    { "1\n00:00:01 --> 00:00:02\nNo millis\n", "Line 2" },
  };

  g_assert_true (tern_x_parse_subtitles (srt, strlen (srt), &format, &cues, &end, NULL));
  g_assert_cmpint (format, ==, TERN_SUBTITLES_FORMAT_SRT);
  g_assert_cmpuint (cues, ==, 2);
  g_assert_cmpint (end, ==, 2900);
  g_assert_cmpstr (tern_x_subtitles_mime_type (format), ==, "text/srt");

  g_assert_true (tern_x_parse_subtitles (vtt, strlen (vtt), &format, &cues, &end, NULL));
  g_assert_cmpint (format, ==, TERN_SUBTITLES_FORMAT_VTT);
  g_assert_cmpuint (cues, ==, 2);
  g_assert_cmpint (end, ==, ((1 * 60 + 2) * 60 + 4) * 1000);
  g_assert_cmpstr (tern_x_subtitles_mime_type (format), ==, "text/vtt");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (tern_x_parse_subtitles (bad[i].data, strlen (bad[i].data), NULL, NULL, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].message));
    }

  /* Binary data is not subtitles. */
  {
    const char binary[] = { '1', '\n', 0, (char) 0xff, 'x' };
    g_autoptr(GError) error = NULL;

    g_assert_false (tern_x_parse_subtitles (binary, sizeof binary, NULL, NULL, NULL, &error));
    g_assert_nonnull (strstr (error->message, "not UTF-8 text"));
  }
}

static void
test_subtitles_fit (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tern_x_check_subtitles_fit (2900, 3000, NULL));
  /* A last cue rounded up past the end is fine. */
  g_assert_true (tern_x_check_subtitles_fit (3500, 3000, NULL));
  g_assert_false (tern_x_check_subtitles_fit (151000, 140000, &error));
  g_assert_cmpstr (error->message, ==,
                   "The subtitles run until 2:31 but the video is only 2:20 long. Check that they belong to this video.");

  g_assert_true (tern_x_language_code_is_valid ("en"));
  g_assert_true (tern_x_language_code_is_valid ("pt-BR"));
  g_assert_true (tern_x_language_code_is_valid ("zh-Hant-TW"));
  g_assert_false (tern_x_language_code_is_valid (NULL));
  g_assert_false (tern_x_language_code_is_valid (""));
  g_assert_false (tern_x_language_code_is_valid ("english"));
  g_assert_false (tern_x_language_code_is_valid ("en_US"));
  g_assert_false (tern_x_language_code_is_valid ("e1"));
}

/* Everything a post can be survives a save and a restore (a crash). */
static void
test_draft_round_trip (void)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(TernDraft) restored = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GFile) video = g_file_new_for_path ("/tmp/clip.mp4");
  g_autoptr(GFile) subtitles = g_file_new_for_path ("/tmp/clip.en.srt");
  g_autoptr(TernAttachment) attachment = tern_attachment_new (video);
  g_autoptr(TernAttachment) restored_attachment = NULL;
  g_autofree char *json = NULL;
  const char *options[] = { "Tea", "Coffee", NULL };
  TernDraftPost *poll_post, *video_post;
  guint changes = 0;

  g_signal_connect_swapped (draft, "changed", G_CALLBACK (g_atomic_int_inc), &changes);

  tern_draft_set_reply_to (draft, "1234");
  tern_draft_set_quote (draft, "5678");
  tern_draft_set_reply_settings (draft, "following");
  poll_post = tern_draft_get_post (draft, 0);
  tern_draft_post_set_text (poll_post, "Which?");
  tern_draft_post_set_poll_options (poll_post, options);
  tern_draft_post_set_poll_duration (poll_post, 360);
  video_post = tern_draft_append_post (draft);
  tern_attachment_set_kind (attachment, TERN_ATTACHMENT_KIND_VIDEO);
  tern_attachment_set_subtitles (attachment, subtitles, "en");
  tern_draft_post_add_attachment (video_post, attachment);
  g_assert_cmpuint (changes, >=, 7);

  /* Setting the same again is no change. */
  changes = 0;
  tern_draft_set_reply_to (draft, "1234");
  tern_draft_post_set_poll_options (poll_post, options);
  tern_attachment_set_subtitles (attachment, subtitles, "en");
  g_assert_cmpuint (changes, ==, 0);

  node = tern_draft_to_json (draft);
  json = json_to_string (node, FALSE);
  restored = tern_draft_new_from_json (json_from_string (json, NULL), NULL);
  g_assert_nonnull (restored);
  g_assert_cmpstr (tern_draft_get_reply_to (restored), ==, "1234");
  g_assert_cmpstr (tern_draft_get_quote (restored), ==, "5678");
  g_assert_cmpstr (tern_draft_get_reply_settings (restored), ==, "following");
  poll_post = tern_draft_get_post (restored, 0);
  g_assert_true (tern_draft_post_is_poll (poll_post));
  g_assert_true (g_strv_equal (tern_draft_post_get_poll_options (poll_post), options));
  g_assert_cmpuint (tern_draft_post_get_poll_duration (poll_post), ==, 360);
  video_post = tern_draft_get_post (restored, 1);
  g_assert_false (tern_draft_post_is_poll (video_post));
  restored_attachment = g_list_model_get_item (tern_draft_post_get_attachments (video_post), 0);
  g_assert_true (g_file_equal (tern_attachment_get_subtitles_file (restored_attachment), subtitles));
  g_assert_cmpstr (tern_attachment_get_subtitles_language (restored_attachment), ==, "en");

  /* Back to an ordinary post, and everyone may reply. */
  tern_draft_post_set_poll_options (poll_post, NULL);
  tern_draft_set_reply_settings (restored, "");
  g_assert_false (tern_draft_post_is_poll (poll_post));
  g_assert_null (tern_draft_get_reply_settings (restored));
}

static void
test_draft_damaged (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node =
    json_from_string ("{\"version\":1,\"id\":\"a\",\"posts\":[{\"text\":\"x\",\"poll\":{\"options\":[\"a\",3]}}]}", NULL);

  g_assert_null (tern_draft_new_from_json (node, &error));
  g_assert_error (error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_INVALID);
}

static void
assert_refused (TernDraft  *draft,
                const char *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (tern_post_validate_draft (draft, &error));
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (error->message, ==, expected);
}

static TernAttachment *
attachment_of_kind (const char         *path,
                    TernAttachmentKind  kind)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  TernAttachment *attachment = tern_attachment_new (file);

  tern_attachment_set_kind (attachment, kind);
  return attachment;
}

/* What X refuses is refused before anything is sent, saying what to do. */
static void
test_refused_combinations (void)
{
  const char *options[] = { "Tea", "Coffee", NULL };
  const char *too_many[] = { "A", "B", "C", "D", "E", NULL };
  g_autoptr(TernDraft) draft = tern_draft_new ();
  TernDraftPost *first = tern_draft_get_post (draft, 0);
  TernDraftPost *second;
  g_autoptr(TernAttachment) image = attachment_of_kind ("/tmp/a.png", TERN_ATTACHMENT_KIND_IMAGE);
  g_autoptr(TernAttachment) video = attachment_of_kind ("/tmp/b.mp4", TERN_ATTACHMENT_KIND_VIDEO);
  g_autoptr(GFile) subtitles = g_file_new_for_path ("/tmp/b.srt");

  tern_draft_post_set_text (first, "Tea or coffee?");
  tern_draft_post_set_poll_options (first, options);
  g_assert_true (tern_post_validate_draft (draft, NULL));

  tern_draft_set_quote (draft, "20");
  assert_refused (draft, "X does not allow a poll in a post that quotes another. Remove the quote or the poll.");
  tern_draft_set_quote (draft, NULL);

  tern_draft_post_add_attachment (first, image);
  assert_refused (draft, "X does not allow a poll in a post with media. Move the media to another post of the thread, or remove the poll.");

  tern_draft_post_set_poll_options (first, NULL);
  tern_draft_set_quote (draft, "20");
  assert_refused (draft, "X does not allow media in a post that quotes another. Move the media to the next post of the thread, or remove the quote.");
  tern_draft_post_remove_attachment (first, image);
  g_assert_true (tern_post_validate_draft (draft, NULL));

  /* A thread: the quote is the first post's; a poll further on is fine. */
  second = tern_draft_append_post (draft);
  tern_draft_post_set_text (second, "And you?");
  tern_draft_post_set_poll_options (second, too_many);
  assert_refused (draft, "Post 2 of 2: The poll has 5 options; X accepts at most 4. Remove 1.");
  tern_draft_post_set_poll_options (second, options);
  tern_draft_post_set_poll_duration (second, 3);
  assert_refused (draft, "Post 2 of 2: The poll runs for 3 minutes; X accepts 5 minutes to 7 days. Choose a duration in that range.");
  tern_draft_post_set_poll_duration (second, 30);
  g_assert_true (tern_post_validate_draft (draft, NULL));
  tern_draft_post_set_text (second, "");
  assert_refused (draft, "Post 2 of 2: The poll has no question. Write it in the post’s text.");
  tern_draft_post_set_text (second, "And you?");

  tern_draft_set_reply_settings (draft, "friends");
  assert_refused (draft, "Post 1 of 2: “friends” is not a choice X knows for who can reply. Choose everyone, following, mentionedUsers, verified or subscribers.");
  tern_draft_set_reply_settings (draft, "verified");
  g_assert_true (tern_post_validate_draft (draft, NULL));

  tern_draft_set_reply_to (draft, "not-a-number");
  assert_refused (draft, "Post 1 of 2: The post to reply to is not a post’s number. Paste its address again.");
  tern_draft_set_reply_to (draft, "12");
  g_assert_true (tern_post_validate_draft (draft, NULL));

  /* Subtitles: only on a video, and with a language. */
  tern_draft_post_set_poll_options (second, NULL);
  tern_attachment_set_subtitles (image, subtitles, "en");
  tern_draft_post_add_attachment (second, image);
  assert_refused (draft, "Post 2 of 2: a.png is not a video; X takes subtitles only for videos. Remove the subtitles.");
  tern_draft_post_remove_attachment (second, image);
  tern_attachment_set_subtitles (video, subtitles, NULL);
  tern_draft_post_add_attachment (second, video);
  assert_refused (draft, "Post 2 of 2: The subtitles of b.mp4 need a language code such as en or pt-BR. Set their language.");
  tern_attachment_set_subtitles (video, subtitles, "en");
  g_assert_true (tern_post_validate_draft (draft, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/post-kinds/address", test_address);
  g_test_add_func ("/post-kinds/poll-rules", test_poll_rules);
  g_test_add_func ("/post-kinds/poll-duration", test_poll_duration);
  g_test_add_func ("/post-kinds/reply-settings", test_reply_settings);
  g_test_add_func ("/post-kinds/subtitles-parse", test_subtitles_parse);
  g_test_add_func ("/post-kinds/subtitles-fit", test_subtitles_fit);
  g_test_add_func ("/post-kinds/draft-round-trip", test_draft_round_trip);
  g_test_add_func ("/post-kinds/draft-damaged", test_draft_damaged);
  g_test_add_func ("/post-kinds/refused-combinations", test_refused_combinations);

  return g_test_run ();
}
