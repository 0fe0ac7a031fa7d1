/* test-post-rules.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What TernPost decides without the network: the local checks every draft
 * passes before anything is sent, how it recognises its own post among the
 * account's latest ones (the duplicate guard), and the GIF frame count that
 * picks tweet_gif over tweet_image. */

#include "config.h"

#include "core/send/tern-post.h"
#include "core/send/tern-sniff.h"

static TernAttachment *
attachment (TernAttachmentKind  kind,
            const char         *mime_type,
            const char         *alt_text)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/file");
  TernAttachment *a = tern_attachment_new (file);

  tern_attachment_set_kind (a, kind);
  tern_attachment_set_mime_type (a, mime_type);
  if (alt_text != NULL)
    tern_attachment_set_alt_text (a, alt_text);
  return a;
}

static void
add (TernDraftPost  *post,
     TernAttachment *a)
{
  tern_draft_post_add_attachment (post, a);
  g_object_unref (a);
}

static void
assert_invalid (TernDraft  *draft,
                const char *in_message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (tern_post_validate_draft (draft, &error));
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, in_message));
}

static void
test_validate_text (void)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  TernDraftPost *post = tern_draft_get_post (draft, 0);
  g_autofree char *long_text = g_strnfill (281, 'x');
  g_autoptr(GError) error = NULL;

  tern_draft_post_set_text (post, "");
  assert_invalid (draft, "empty");

  tern_draft_post_set_text (post, long_text);
  assert_invalid (draft, "Shorten it by 1");

  tern_draft_post_set_text (post, "Fine\xef\xbf\xbe");
  assert_invalid (draft, "U+FFFE");

  tern_draft_post_set_text (post, "Fine");
  g_assert_true (tern_post_validate_draft (draft, &error));
  g_assert_no_error (error);

  /* In a thread the message says which post. */
  tern_draft_post_set_text (tern_draft_append_post (draft), long_text);
  assert_invalid (draft, "Post 2 of 2");

  /* A post that already exists is not checked again. */
  tern_draft_post_set_posted_id (tern_draft_get_post (draft, 1), "1234");
  g_assert_true (tern_post_validate_draft (draft, NULL));
}

static void
test_validate_media (void)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  TernDraftPost *post = tern_draft_get_post (draft, 0);
  g_autofree char *long_alt = g_strnfill (1001, 'a');

  /* Media alone is a post. */
  add (post, attachment (TERN_ATTACHMENT_KIND_IMAGE, "image/png", NULL));
  g_assert_true (tern_post_validate_draft (draft, NULL));

  /* Four images: the most X takes (the draft model refuses a fifth). */
  for (guint i = 0; i < 3; i++)
    add (post, attachment (TERN_ATTACHMENT_KIND_IMAGE, "image/jpeg", NULL));
  g_assert_true (tern_post_validate_draft (draft, NULL));

  g_clear_object (&draft);
  draft = tern_draft_new ();
  post = tern_draft_get_post (draft, 0);
  add (post, attachment (TERN_ATTACHMENT_KIND_VIDEO, "video/mp4", NULL));
  g_assert_true (tern_post_validate_draft (draft, NULL));
  add (post, attachment (TERN_ATTACHMENT_KIND_IMAGE, "image/png", NULL));
  assert_invalid (draft, "1 GIF, or 1 video");

  g_clear_object (&draft);
  draft = tern_draft_new ();
  post = tern_draft_get_post (draft, 0);
  add (post, attachment (TERN_ATTACHMENT_KIND_GIF, "image/gif", NULL));
  add (post, attachment (TERN_ATTACHMENT_KIND_GIF, "image/gif", NULL));
  assert_invalid (draft, "1 GIF, or 1 video");

  g_clear_object (&draft);
  draft = tern_draft_new ();
  post = tern_draft_get_post (draft, 0);
  add (post, attachment (TERN_ATTACHMENT_KIND_IMAGE, "image/png", long_alt));
  assert_invalid (draft, "1001 characters");

  g_clear_object (&draft);
  draft = tern_draft_new ();
  post = tern_draft_get_post (draft, 0);
  add (post, attachment (TERN_ATTACHMENT_KIND_UNKNOWN, "application/pdf", NULL));
  assert_invalid (draft, "application/pdf");
}

static void
test_texts_match (void)
{
  /* X escapes &, < and > in the text it answers with. */
  g_assert_true (tern_post_texts_match ("Fish & chips <3", "Fish &amp; chips &lt;3"));
  /* A post with media comes back with its t.co link at the end. */
  g_assert_true (tern_post_texts_match ("Look at this", "Look at this https://t.co/AbC123xyz"));
  g_assert_true (tern_post_texts_match ("", "https://t.co/AbC123xyz"));
  /* Normalised the same way (NFC) on both sides. */
  g_assert_true (tern_post_texts_match ("Cafe\xcc\x81", "Caf\xc3\xa9"));
  g_assert_true (tern_post_texts_match ("  spaced  ", "spaced"));

  g_assert_false (tern_post_texts_match ("Look at this", "Look at that"));
  g_assert_false (tern_post_texts_match ("Look", "Look at this https://t.co/AbC123xyz"));
  /* A link the person wrote is part of the text. */
  g_assert_false (tern_post_texts_match ("See https://t.co/keep", "See"));

  /* X shows the links a person wrote as t.co links, media link or not. */
  g_assert_true (tern_post_texts_match ("Read example.org/a?b=1 now", "Read https://t.co/Zz9 now"));
  g_assert_true (tern_post_texts_match ("(see https://example.org)", "(see https://t.co/Zz9)"));
  g_assert_true (tern_post_texts_match ("End example.org", "End https://t.co/Zz9 https://t.co/Media1"));
  g_assert_false (tern_post_texts_match ("Read example.org now", "Read https://t.co/Zz9 later"));
  /* A word is not a link: a one-word post is not a media-only one. */
  g_assert_false (tern_post_texts_match ("Look", "https://t.co/AbC123xyz"));
  /* Whatever a server says, the comparison stays quick: no post of ours
   * has this many links. */
  {
    g_autoptr(GString) sent = g_string_new (NULL);
    g_autoptr(GString) seen = g_string_new (NULL);

    for (guint i = 0; i < 200; i++)
      {
        g_string_append (sent, "a.b");
        g_string_append_printf (seen, "https://t.co/x%u", i);
      }
    g_assert_false (tern_post_texts_match (sent->str, seen->str));
  }
}

static JsonObject *
object_from (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static gboolean
request_matches (const char *request,
                 const char *tweet)
{
  g_autoptr(JsonObject) r = object_from (request);
  g_autoptr(JsonObject) t = object_from (tweet);

  return tern_post_request_matches (r, t);
}

/* How a post found among the account's latest is recognised as the one an
 * intent asked for: text as X shows it, reply target, quote, media keys. */
static void
test_request_matches (void)
{
  const char *reply = "{\"text\": \"2/3 & more\", \"reply\": {\"in_reply_to_tweet_id\": \"11\"}}";
  const char *media = "{\"text\": \"Look\", \"media\": {\"media_ids\": [\"501\", \"502\"]}}";
  const char *media_only = "{\"media\": {\"media_ids\": [\"777\"]}}";

  g_assert_true (request_matches (reply,
    "{\"id\": \"12\", \"text\": \"2/3 &amp; more\", "
    "\"referenced_tweets\": [{\"type\": \"replied_to\", \"id\": \"11\"}]}"));
  /* The same text replying to another post, or to none, is another post. */
  g_assert_false (request_matches (reply,
    "{\"id\": \"12\", \"text\": \"2/3 &amp; more\", "
    "\"referenced_tweets\": [{\"type\": \"replied_to\", \"id\": \"10\"}]}"));
  g_assert_false (request_matches (reply, "{\"id\": \"12\", \"text\": \"2/3 &amp; more\"}"));
  /* A quote is part of what was asked for. */
  g_assert_false (request_matches ("{\"text\": \"Hm\"}",
    "{\"id\": \"12\", \"text\": \"Hm\", "
    "\"referenced_tweets\": [{\"type\": \"quoted\", \"id\": \"9\"}]}"));
  g_assert_true (request_matches ("{\"text\": \"Hm\", \"quote_tweet_id\": \"9\"}",
    "{\"id\": \"12\", \"text\": \"Hm\", "
    "\"referenced_tweets\": [{\"type\": \"quoted\", \"id\": \"9\"}]}"));

  /* Media keys are "<kind>_<media id>", in any order. */
  g_assert_true (request_matches (media,
    "{\"id\": \"13\", \"text\": \"Look https://t.co/x1\", "
    "\"attachments\": {\"media_keys\": [\"3_502\", \"3_501\"]}}"));
  g_assert_false (request_matches (media,
    "{\"id\": \"13\", \"text\": \"Look https://t.co/x1\", "
    "\"attachments\": {\"media_keys\": [\"3_501\"]}}"));
  g_assert_false (request_matches (media, "{\"id\": \"13\", \"text\": \"Look\"}"));

  /* A media-only post: no text sent, only the media link shown. */
  g_assert_true (request_matches (media_only,
    "{\"id\": \"14\", \"text\": \"https://t.co/m7\", "
    "\"attachments\": {\"media_keys\": [\"7_777\"]}}"));
  g_assert_false (request_matches (media_only,
    "{\"id\": \"14\", \"text\": \"https://t.co/m7\", "
    "\"attachments\": {\"media_keys\": [\"7_778\"]}}"));
}

/* A GIF built by hand: header, a global colour table, then @frames image
 * descriptors, each with a graphic control extension and one data block. */
static GByteArray *
make_gif (guint frames)
{
  static const guint8 header[] = {
    'G', 'I', 'F', '8', '9', 'a', 2, 0, 2, 0, 0x80, 0, 0,   /* 2×2, 2-colour table */
    0, 0, 0, 255, 255, 255,
  };
  static const guint8 control[] = { 0x21, 0xF9, 4, 0x04, 10, 0, 0, 0 };
  static const guint8 image[] = {
    0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0,   /* descriptor, no local table */
    2, 2, 0x44, 0x01, 0,               /* LZW min size, one sub-block, terminator */
  };
  GByteArray *gif = g_byte_array_new ();

  g_byte_array_append (gif, header, sizeof header);
  for (guint i = 0; i < frames; i++)
    {
      g_byte_array_append (gif, control, sizeof control);
      g_byte_array_append (gif, image, sizeof image);
    }
  g_byte_array_append (gif, (const guint8 *) "\x3B", 1);
  return gif;
}

static void
test_gif_frames (void)
{
  g_autoptr(GByteArray) still = make_gif (1);
  g_autoptr(GByteArray) animated = make_gif (3);

  g_assert_cmpuint (tern_sniff_gif_frames (still->data, still->len, 0), ==, 1);
  g_assert_cmpuint (tern_sniff_gif_frames (animated->data, animated->len, 0), ==, 3);
  g_assert_cmpuint (tern_sniff_gif_frames (animated->data, animated->len, 2), ==, 2);
  /* Cut short: counts what is there, never reads past the end. */
  g_assert_cmpuint (tern_sniff_gif_frames (animated->data, 30, 0), <=, 1);
  g_assert_cmpuint (tern_sniff_gif_frames ((const guint8 *) "not a gif at all", 16, 0), ==, 0);

  g_assert_cmpint (tern_sniff_kind_for_mime ("image/gif", 1), ==, TERN_ATTACHMENT_KIND_IMAGE);
  g_assert_cmpint (tern_sniff_kind_for_mime ("image/gif", 3), ==, TERN_ATTACHMENT_KIND_GIF);
  g_assert_cmpint (tern_sniff_kind_for_mime ("video/quicktime", 0), ==, TERN_ATTACHMENT_KIND_VIDEO);
  g_assert_cmpint (tern_sniff_kind_for_mime ("image/webp", 0), ==, TERN_ATTACHMENT_KIND_IMAGE);
  g_assert_cmpint (tern_sniff_kind_for_mime ("application/pdf", 0), ==, TERN_ATTACHMENT_KIND_UNKNOWN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/post-rules/validate/text", test_validate_text);
  g_test_add_func ("/post-rules/validate/media", test_validate_media);
  g_test_add_func ("/post-rules/duplicate-guard/texts-match", test_texts_match);
  g_test_add_func ("/post-rules/duplicate-guard/request-matches", test_request_matches);
  g_test_add_func ("/post-rules/sniff/gif-frames", test_gif_frames);

  return g_test_run ();
}
