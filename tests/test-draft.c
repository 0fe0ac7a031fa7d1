/* test-draft.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "core/draft/tern-draft.h"

static JsonNode *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
count_cb (gpointer object,
          guint   *count)
{
  (*count)++;
}

static void
test_new_draft (void)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(TernDraft) other = tern_draft_new ();

  g_assert_cmpuint (g_list_model_get_n_items (tern_draft_get_posts (draft)), ==, 1);
  g_assert_true (tern_draft_is_empty (draft));
  g_assert_false (tern_draft_is_finished (draft));
  g_assert_nonnull (tern_draft_get_id (draft));
  g_assert_cmpstr (tern_draft_get_id (draft), !=, tern_draft_get_id (other));
  g_assert_null (tern_draft_get_account (draft));
}

static void
test_round_trip (void)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(TernDraft) copy = NULL;
  g_autoptr(GFile) file = g_file_new_for_path ("/tmp/pictures/heron at dusk.png");
  g_autoptr(TernAttachment) attachment = tern_attachment_new (file);
  g_autoptr(JsonNode) state = parse ("{\"media-id\": \"123\", \"segments\": [0, 1]}");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) node2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) copied_file = NULL;
  TernDraftPost *first, *second;
  TernAttachment *copied;

  first = tern_draft_get_post (draft, 0);
  tern_draft_post_set_text (first, "First post — with “quotes”, emoji 🐦 and\nnew lines");
  tern_draft_post_set_posted_id (first, "1850000000000000001");
  second = tern_draft_append_post (draft);
  tern_draft_post_set_text (second, "Second post");
  tern_attachment_set_kind (attachment, TERN_ATTACHMENT_KIND_IMAGE);
  tern_attachment_set_mime_type (attachment, "image/png");
  tern_attachment_set_alt_text (attachment, "A heron standing in shallow water");
  tern_attachment_set_upload_state (attachment, state);
  tern_attachment_set_error (attachment, "The upload stopped");
  tern_draft_post_add_attachment (second, attachment);
  tern_draft_set_account (draft, "alice");
  tern_draft_set_last_error (draft, "The network went away");

  node = tern_draft_to_json (draft);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "version"), ==, 1);

  copy = tern_draft_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);

  g_assert_cmpstr (tern_draft_get_id (copy), ==, tern_draft_get_id (draft));
  g_assert_cmpstr (tern_draft_get_account (copy), ==, "alice");
  g_assert_cmpstr (tern_draft_get_last_error (copy), ==, "The network went away");
  g_assert_cmpuint (g_list_model_get_n_items (tern_draft_get_posts (copy)), ==, 2);
  g_assert_cmpstr (tern_draft_post_get_text (tern_draft_get_post (copy, 0)), ==,
                   "First post — with “quotes”, emoji 🐦 and\nnew lines");
  g_assert_cmpstr (tern_draft_post_get_posted_id (tern_draft_get_post (copy, 0)), ==,
                   "1850000000000000001");
  g_assert_null (tern_draft_post_get_posted_id (tern_draft_get_post (copy, 1)));

  copied = g_list_model_get_item (tern_draft_post_get_attachments (tern_draft_get_post (copy, 1)), 0);
  g_assert_nonnull (copied);
  g_object_unref (copied);  /* the post keeps it alive */
  copied_file = g_object_ref (tern_attachment_get_file (copied));
  g_assert_true (g_file_equal (copied_file, file));
  g_assert_cmpint (tern_attachment_get_kind (copied), ==, TERN_ATTACHMENT_KIND_IMAGE);
  g_assert_cmpstr (tern_attachment_get_mime_type (copied), ==, "image/png");
  g_assert_cmpstr (tern_attachment_get_alt_text (copied), ==, "A heron standing in shallow water");
  g_assert_cmpstr (tern_attachment_get_error (copied), ==, "The upload stopped");
  g_assert_true (json_node_equal (tern_attachment_get_upload_state (copied), state));

  /* What comes back saves to the same JSON. */
  node2 = tern_draft_to_json (copy);
  g_assert_true (json_node_equal (node, node2));
}

static void
test_unknown_members_ignored (void)
{
  g_autoptr(JsonNode) node =
    parse ("{\"version\": 1, \"id\": \"abc-123\", \"from-the-future\": [1, 2],"
           " \"posts\": [{\"text\": \"hi\", \"colour\": \"blue\","
           "  \"attachments\": [{\"uri\": \"file:///tmp/a.gif\", \"kind\": \"hologram\","
           "                     \"sparkle\": true}]}]}");
  g_autoptr(TernDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TernAttachment) attachment = NULL;

  draft = tern_draft_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tern_draft_post_get_text (tern_draft_get_post (draft, 0)), ==, "hi");
  attachment = g_list_model_get_item (tern_draft_post_get_attachments (tern_draft_get_post (draft, 0)), 0);
  g_assert_cmpint (tern_attachment_get_kind (attachment), ==, TERN_ATTACHMENT_KIND_UNKNOWN);
}

static void
test_malformed (void)
{
  const struct {
    const char *json;
    int code;
  } cases[] = {
    { "[]", TERN_DRAFT_ERROR_INVALID },
    { "\"draft\"", TERN_DRAFT_ERROR_INVALID },
    { "{}", TERN_DRAFT_ERROR_INVALID },
    { "{\"version\": \"1\", \"id\": \"a\", \"posts\": []}", TERN_DRAFT_ERROR_INVALID },
    { "{\"version\": 1, \"posts\": []}", TERN_DRAFT_ERROR_INVALID },
    { "{\"version\": 1, \"id\": \"../../etc/passwd\", \"posts\": []}", TERN_DRAFT_ERROR_INVALID },
    { "{\"version\": 1, \"id\": \"a\"}", TERN_DRAFT_ERROR_INVALID },
    { "{\"version\": 1, \"id\": \"a\", \"posts\": {}}", TERN_DRAFT_ERROR_INVALID },
    { "{\"version\": 1, \"id\": \"a\", \"posts\": [42]}", TERN_DRAFT_ERROR_INVALID },
    { "{\"version\": 1, \"id\": \"a\", \"posts\": [{\"text\": 42}]}", TERN_DRAFT_ERROR_INVALID },
    { "{\"version\": 1, \"id\": \"a\", \"posts\": [{\"attachments\": [{}]}]}", TERN_DRAFT_ERROR_INVALID },
    { "{\"version\": 1, \"id\": \"a\", \"posts\": [{\"attachments\": [{\"uri\": 1}]}]}", TERN_DRAFT_ERROR_INVALID },
    { "{\"version\": 1, \"id\": \"a\", \"posts\": [{\"attachments\": [{\"uri\": \"file:///a\"},"
      "{\"uri\": \"file:///b\"}, {\"uri\": \"file:///c\"}, {\"uri\": \"file:///d\"},"
      "{\"uri\": \"file:///e\"}]}]}", TERN_DRAFT_ERROR_INVALID },
    { "{\"version\": 2, \"id\": \"a\", \"posts\": []}", TERN_DRAFT_ERROR_NEWER_VERSION },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(TernDraft) draft = NULL;

      g_test_message ("case %u: %s", i, cases[i].json);
      draft = tern_draft_new_from_json (node, &error);
      g_assert_null (draft);
      g_assert_error (error, TERN_DRAFT_ERROR, cases[i].code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_empty_posts_list (void)
{
  g_autoptr(JsonNode) node = parse ("{\"version\": 1, \"id\": \"a\", \"posts\": []}");
  g_autoptr(GError) error = NULL;
  g_autoptr(TernDraft) draft = tern_draft_new_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (tern_draft_get_posts (draft)), ==, 1);
}

static void
test_changed_signal (void)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GFile) file = g_file_new_for_path ("/tmp/clip.mp4");
  g_autoptr(TernAttachment) attachment = tern_attachment_new (file);
  TernDraftPost *post = tern_draft_get_post (draft, 0);
  TernDraftPost *second;
  guint count = 0;

  g_signal_connect (draft, "changed", G_CALLBACK (count_cb), &count);

  tern_draft_post_set_text (post, "hello");
  g_assert_cmpuint (count, ==, 1);
  tern_draft_post_set_text (post, "hello");   /* no change, no signal */
  g_assert_cmpuint (count, ==, 1);

  tern_draft_post_add_attachment (post, attachment);
  g_assert_cmpuint (count, ==, 2);
  tern_attachment_set_alt_text (attachment, "A film");
  g_assert_cmpuint (count, ==, 3);
  tern_attachment_set_kind (attachment, TERN_ATTACHMENT_KIND_VIDEO);
  g_assert_cmpuint (count, ==, 4);

  second = tern_draft_append_post (draft);
  g_assert_cmpuint (count, ==, 5);
  tern_draft_post_set_text (second, "more");
  g_assert_cmpuint (count, ==, 6);

  g_object_ref (second);
  tern_draft_remove_post (draft, 1);
  g_assert_cmpuint (count, ==, 7);
  /* A removed post no longer changes the draft. */
  tern_draft_post_set_text (second, "gone");
  g_assert_cmpuint (count, ==, 7);
  g_object_unref (second);

  tern_draft_post_remove_attachment (post, attachment);
  g_assert_cmpuint (count, ==, 8);
  tern_attachment_set_alt_text (attachment, "Still a film");
  g_assert_cmpuint (count, ==, 8);

  tern_draft_set_account (draft, "bob");
  g_assert_cmpuint (count, ==, 9);
}

static void
test_finished (void)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  TernDraftPost *second = tern_draft_append_post (draft);

  tern_draft_post_set_posted_id (tern_draft_get_post (draft, 0), "1");
  g_assert_false (tern_draft_is_finished (draft));
  tern_draft_post_set_posted_id (second, "2");
  g_assert_true (tern_draft_is_finished (draft));
}

/* The intent (what was about to be created) is saved with the post, and
 * the post's id, once known, ends it. */
static void
test_intent (void)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(TernDraft) copy = NULL;
  g_autoptr(TernDraft) posted_copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) request = json_from_string ("{\"text\": \"Hello\", \"media\": {\"media_ids\": [\"5\"]}}", NULL);
  g_autoptr(JsonObject) intent = json_object_new ();
  g_autoptr(GError) error = NULL;
  TernDraftPost *post = tern_draft_get_post (draft, 0);
  JsonObject *restored;

  json_object_set_member (intent, "request", json_node_copy (request));
  json_object_set_int_member (intent, "at", 1800000000);
  tern_draft_post_set_text (post, "Hello");
  tern_draft_post_set_intent (post, intent);

  node = tern_draft_to_json (draft);
  copy = tern_draft_new_from_json (node, &error);
  g_assert_no_error (error);
  restored = tern_draft_post_get_intent (tern_draft_get_post (copy, 0));
  g_assert_nonnull (restored);
  g_assert_cmpint (json_object_get_int_member (restored, "at"), ==, 1800000000);
  g_assert_true (json_node_equal (json_object_get_member (restored, "request"), request));
  g_assert_false (tern_draft_is_finished (copy));

  tern_draft_post_set_posted_id (post, "77");
  g_assert_null (tern_draft_post_get_intent (post));
  g_clear_pointer (&node, json_node_unref);
  node = tern_draft_to_json (draft);
  posted_copy = tern_draft_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_null (tern_draft_post_get_intent (tern_draft_get_post (posted_copy, 0)));
  g_assert_true (tern_draft_is_finished (posted_copy));

  /* A damaged intent is a damaged file, not a silent "nothing pending". */
  g_clear_pointer (&node, json_node_unref);
  node = json_from_string ("{\"version\": 1, \"id\": \"d1\", \"posts\": [{\"text\": \"x\", \"intent\": 5}]}", NULL);
  g_clear_object (&copy);
  copy = tern_draft_new_from_json (node, &error);
  g_assert_null (copy);
  g_assert_error (error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_INVALID);
}

static char *
texts_of (TernDraft *draft)
{
  GListModel *posts = tern_draft_get_posts (draft);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (posts); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, tern_draft_post_get_text (tern_draft_get_post (draft, i)));
    }
  return g_strdup (out->str);
}

static void
items_changed_count_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        guint      *count)
{
  (*count)++;
}

/* Reordering and Undo: a move is one change of the model, a removed post
 * goes back where it was, and the saved draft keeps the new order. */
static void
test_move_and_insert_posts (void)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(TernDraft) restored = NULL;
  g_autoptr(TernDraftPost) removed = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *texts = NULL;
  guint changes = 0, saves = 0;

  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "a");
  tern_draft_post_set_text (tern_draft_append_post (draft), "b");
  tern_draft_post_set_text (tern_draft_append_post (draft), "c");
  g_signal_connect (tern_draft_get_posts (draft), "items-changed",
                    G_CALLBACK (items_changed_count_cb), &changes);
  g_signal_connect (draft, "changed", G_CALLBACK (count_cb), &saves);

  tern_draft_move_post (draft, 2, 0);
  texts = texts_of (draft);
  g_assert_cmpstr (texts, ==, "c,a,b");
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (saves, ==, 1);
  g_clear_pointer (&texts, g_free);

  tern_draft_move_post (draft, 0, 1);
  texts = texts_of (draft);
  g_assert_cmpstr (texts, ==, "a,c,b");
  g_clear_pointer (&texts, g_free);

  /* Undo puts the same post back, and its edits still save the draft. */
  removed = g_object_ref (tern_draft_get_post (draft, 1));
  tern_draft_remove_post (draft, 1);
  tern_draft_insert_post (draft, 1, removed);
  texts = texts_of (draft);
  g_assert_cmpstr (texts, ==, "a,c,b");
  g_clear_pointer (&texts, g_free);
  saves = 0;
  tern_draft_post_set_text (removed, "C");
  g_assert_cmpuint (saves, ==, 1);

  node = tern_draft_to_json (draft);
  restored = tern_draft_new_from_json (node, &error);
  g_assert_no_error (error);
  texts = texts_of (restored);
  g_assert_cmpstr (texts, ==, "a,C,b");
}

static char *
names_of (TernDraftPost *post)
{
  GListModel *attachments = tern_draft_post_get_attachments (post);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (attachments); i++)
    {
      g_autoptr(TernAttachment) attachment = g_list_model_get_item (attachments, i);
      g_autofree char *name = g_file_get_basename (tern_attachment_get_file (attachment));

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, name);
    }
  return g_strdup (out->str);
}

static void
test_move_and_insert_attachments (void)
{
  g_autoptr(TernDraftPost) post = tern_draft_post_new ();
  g_autoptr(TernAttachment) replacement = NULL;
  g_autoptr(TernAttachment) second = NULL;
  g_autofree char *names = NULL;
  const char *files[] = { "/tmp/1.png", "/tmp/2.png", "/tmp/3.png" };
  guint changes = 0;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (files[i]);
      g_autoptr(TernAttachment) attachment = tern_attachment_new (file);

      tern_draft_post_add_attachment (post, attachment);
    }
  g_signal_connect (tern_draft_post_get_attachments (post), "items-changed",
                    G_CALLBACK (items_changed_count_cb), &changes);

  tern_draft_post_move_attachment (post, 0, 2);
  names = names_of (post);
  g_assert_cmpstr (names, ==, "2.png,3.png,1.png");
  g_assert_cmpuint (changes, ==, 1);
  g_clear_pointer (&names, g_free);

  /* A converted copy takes the original's place, not the last one. */
  second = g_list_model_get_item (tern_draft_post_get_attachments (post), 1);
  {
    g_autoptr(GFile) file = g_file_new_for_path ("/tmp/3-converted.jpg");

    replacement = tern_attachment_new (file);
  }
  tern_draft_post_replace_attachment (post, second, replacement);
  names = names_of (post);
  g_assert_cmpstr (names, ==, "2.png,3-converted.jpg,1.png");
  g_clear_pointer (&names, g_free);

  /* Undo of a removed attachment puts it back at its place, alt text and all. */
  tern_attachment_set_alt_text (replacement, "A heron");
  tern_draft_post_remove_attachment (post, replacement);
  tern_draft_post_insert_attachment (post, 1, replacement);
  names = names_of (post);
  g_assert_cmpstr (names, ==, "2.png,3-converted.jpg,1.png");
  g_assert_cmpstr (tern_attachment_get_alt_text (replacement), ==, "A heron");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/draft/new", test_new_draft);
  g_test_add_func ("/draft/round-trip", test_round_trip);
  g_test_add_func ("/draft/unknown-members-ignored", test_unknown_members_ignored);
  g_test_add_func ("/draft/malformed", test_malformed);
  g_test_add_func ("/draft/empty-posts-list", test_empty_posts_list);
  g_test_add_func ("/draft/changed-signal", test_changed_signal);
  g_test_add_func ("/draft/finished", test_finished);
  g_test_add_func ("/draft/intent", test_intent);
  g_test_add_func ("/draft/move-and-insert-posts", test_move_and_insert_posts);
  g_test_add_func ("/draft/move-and-insert-attachments", test_move_and_insert_attachments);

  return g_test_run ();
}
