/* test-draft-store.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>
#include <utime.h>

#include "core/draft/tern-draft-store.h"
#include "tern-test-fixtures.h"

typedef struct
{
  char           *path;
  GFile          *directory;
  TernDraftStore *store;
  guint           saved;
  guint           failed;
  GError         *last_failure;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->path = g_dir_make_tmp ("tern-drafts-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->directory = g_file_new_build_filename (fixture->path, "tern", "drafts", NULL);
  fixture->store = tern_draft_store_new (fixture->directory);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->directory);
  g_clear_error (&fixture->last_failure);
  tern_test_remove_tree (fixture->path);
  g_free (fixture->path);
}

static char *
drafts_path (Fixture    *fixture,
             const char *name)
{
  return g_build_filename (fixture->path, "tern", "drafts", name, NULL);
}

static void
saved_cb (TernDraftStore *store,
          TernDraft      *draft,
          Fixture        *fixture)
{
  fixture->saved++;
}

static void
save_failed_cb (TernDraftStore *store,
                TernDraft      *draft,
                GError         *error,
                Fixture        *fixture)
{
  fixture->failed++;
  g_clear_error (&fixture->last_failure);
  fixture->last_failure = g_error_copy (error);
}

static void
connect_counters (Fixture *fixture)
{
  g_signal_connect (fixture->store, "saved", G_CALLBACK (saved_cb), fixture);
  g_signal_connect (fixture->store, "save-failed", G_CALLBACK (save_failed_cb), fixture);
}

static void
wait_for_count (guint *counter,
                guint  target)
{
  while (*counter < target)
    g_main_context_iteration (NULL, TRUE);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static TernDraft *
restore (TernDraftStore  *store,
         GPtrArray      **moved_aside)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TernDraft *draft;

  tern_draft_store_restore_async (store, NULL, store_result_cb, &result);
  draft = tern_draft_store_restore_finish (store, wait_for_result (&result), moved_aside, &error);
  g_assert_no_error (error);
  return draft;
}

static void
save (TernDraftStore *store,
      TernDraft      *draft)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tern_draft_store_save_async (store, draft, NULL, store_result_cb, &result);
  tern_draft_store_save_finish (store, wait_for_result (&result), &error);
  g_assert_no_error (error);
}

static char *
read_text_of_saved (Fixture   *fixture,
                    TernDraft *draft)
{
  g_autoptr(GFile) file = tern_draft_store_get_file (fixture->store, draft);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TernDraft) copy = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  copy = tern_draft_new_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  return g_strdup (tern_draft_post_get_text (tern_draft_get_post (copy, 0)));
}

static void
test_save_and_restore (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(TernDraft) restored = NULL;
  g_autoptr(TernDraftStore) second = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  g_autofree char *path = NULL;
  GStatBuf st;

  connect_counters (fixture);

  /* Nothing on disk yet: restore gives nothing. */
  restored = restore (fixture->store, &moved);
  g_assert_null (restored);
  g_assert_cmpuint (moved->len, ==, 0);
  g_clear_pointer (&moved, g_ptr_array_unref);

  tern_draft_store_watch (fixture->store, draft);
  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Saved as I type");
  tern_draft_post_set_text (tern_draft_append_post (draft), "and the second post");
  wait_for_count (&fixture->saved, 1);

  /* Only the owner can read a draft. */
  path = drafts_path (fixture, "");
  g_free (path);
  {
    g_autoptr(GFile) file = tern_draft_store_get_file (fixture->store, draft);
    path = g_file_get_path (file);
  }
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  second = tern_draft_store_new (fixture->directory);
  restored = restore (second, &moved);
  g_assert_nonnull (restored);
  g_assert_cmpuint (moved->len, ==, 0);
  g_assert_cmpstr (tern_draft_get_id (restored), ==, tern_draft_get_id (draft));
  g_assert_cmpuint (g_list_model_get_n_items (tern_draft_get_posts (restored)), ==, 2);
  g_assert_cmpstr (tern_draft_post_get_text (tern_draft_get_post (restored, 0)), ==, "Saved as I type");
  g_assert_cmpstr (tern_draft_post_get_text (tern_draft_get_post (restored, 1)), ==, "and the second post");
  g_assert_cmpuint (fixture->failed, ==, 0);
}

static void
test_debounce (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GFile) file = tern_draft_store_get_file (fixture->store, draft);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GString *typed = g_string_new (NULL);
  const char *words = "A burst of typing is written once";

  connect_counters (fixture);
  tern_draft_store_watch (fixture->store, draft);

  /* Keystrokes in one burst: the store must not write, or even wait for
   * the disk, on each of them. */
  for (const char *p = words; *p; p++)
    {
      g_string_append_c (typed, *p);
      tern_draft_post_set_text (tern_draft_get_post (draft, 0), typed->str);
      g_assert_false (g_file_query_exists (file, NULL));
    }

  wait_for_count (&fixture->saved, 1);
  text = read_text_of_saved (fixture, draft);
  g_assert_cmpstr (text, ==, words);

  /* Nothing else is pending: a flush finds nothing to write. */
  tern_draft_store_flush_async (fixture->store, NULL, store_result_cb, &result);
  tern_draft_store_flush_finish (fixture->store, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->saved, ==, 1);

  g_string_free (typed, TRUE);
}

static void
test_untouched_draft_leaves_no_file (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GFile) file = tern_draft_store_get_file (fixture->store, draft);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  connect_counters (fixture);
  tern_draft_store_watch (fixture->store, draft);
  tern_draft_store_flush_async (fixture->store, NULL, store_result_cb, &result);
  g_assert_true (tern_draft_store_flush_finish (fixture->store, wait_for_result (&result), &error));
  g_assert_no_error (error);
  g_assert_false (g_file_query_exists (file, NULL));
  g_assert_cmpuint (fixture->saved, ==, 0);
}

static void
test_flush_writes_pending_change (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  tern_draft_store_set_delay (fixture->store, 500);
  tern_draft_store_watch (fixture->store, draft);
  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Quit right after typing");

  tern_draft_store_flush_async (fixture->store, NULL, store_result_cb, &result);
  g_assert_true (tern_draft_store_flush_finish (fixture->store, wait_for_result (&result), &error));
  g_assert_no_error (error);

  text = read_text_of_saved (fixture, draft);
  g_assert_cmpstr (text, ==, "Quit right after typing");
}

typedef struct
{
  char          *path;
  volatile gint  stop;
  guint          reads;
  guint          bad_reads;
  char          *first_bad;
} Reader;

static gpointer
reader_thread (gpointer user_data)
{
  Reader *reader = user_data;

  do
    {
      g_autofree char *contents = NULL;
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(TernDraft) draft = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      if (!g_file_get_contents (reader->path, &contents, &length, NULL))
        continue;

      reader->reads++;
      parser = json_parser_new ();
      if (json_parser_load_from_data (parser, contents, length, &error))
        draft = tern_draft_new_from_json (json_parser_get_root (parser), &error);
      if (draft == NULL)
        {
          reader->bad_reads++;
          if (reader->first_bad == NULL)
            reader->first_bad = g_strdup_printf ("%zu bytes: %s", length, error->message);
        }
    }
  while (!g_atomic_int_get (&reader->stop));

  return NULL;
}

static void
test_no_partial_file_visible (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GFile) file = tern_draft_store_get_file (fixture->store, draft);
  g_autoptr(GDir) dir = NULL;
  g_autofree char *dir_path = NULL;
  g_autofree char *text = NULL;
  Reader reader = { 0 };
  GThread *thread;
  const char *name;
  guint n_files = 0;

  reader.path = g_file_get_path (file);
  thread = g_thread_new ("reader", reader_thread, &reader);

  /* Large drafts, so a write that is not atomic would be caught half done. */
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GString) big = g_string_new (NULL);

      for (guint j = 0; j < 20000; j++)
        g_string_append_printf (big, "%c", 'a' + (i + j) % 26);
      g_string_append_printf (big, " version %u", i);
      tern_draft_post_set_text (tern_draft_get_post (draft, 0), big->str);
      save (fixture->store, draft);
    }

  g_atomic_int_set (&reader.stop, 1);
  g_thread_join (thread);

  g_test_message ("%u reads, %u bad", reader.reads, reader.bad_reads);
  g_assert_cmpuint (reader.reads, >, 0);
  g_assert_cmpstr (reader.first_bad, ==, NULL);
  g_assert_cmpuint (reader.bad_reads, ==, 0);

  text = read_text_of_saved (fixture, draft);
  g_assert_true (g_str_has_suffix (text, " version 39"));

  /* No temporary files are left behind. */
  dir_path = g_file_get_path (fixture->directory);
  dir = g_dir_open (dir_path, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_cmpstr (name, ==, strrchr (reader.path, '/') + 1);
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 1);

  g_free (reader.path);
}

static void
write_file (const char *path,
            const char *contents,
            time_t      mtime)
{
  g_autoptr(GError) error = NULL;
  struct utimbuf times = { mtime, mtime };

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (utime (path, &times), ==, 0);
}

static void
test_corrupt_files_moved_aside (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *dir = g_file_get_path (fixture->directory);
  g_autofree char *garbage = drafts_path (fixture, "garbage.json");
  g_autofree char *wrong_shape = drafts_path (fixture, "wrong-shape.json");
  g_autofree char *truncated = drafts_path (fixture, "truncated.json");
  g_autofree char *empty = drafts_path (fixture, "empty.json");
  g_autofree char *future = drafts_path (fixture, "future.json");
  g_autofree char *good = drafts_path (fixture, "good.json");
  g_autofree char *notes = drafts_path (fixture, "notes.txt");
  g_autofree char *garbage_aside = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  g_autoptr(TernDraft) restored = NULL;
  time_t now = time (NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_file (good, "{\"version\": 1, \"id\": \"good\", \"posts\": [{\"text\": \"Keep me\"}]}", now - 100);
  /* The damaged ones are newer, so they would win if they were readable. */
  write_file (garbage, "{this is not json", now);
  write_file (wrong_shape, "[\"a\", \"list\"]", now);
  write_file (truncated, "{\"version\": 1, \"id\": \"t\", \"posts\": [{\"text\": \"Half a dr", now);
  write_file (empty, "", now);
  write_file (future, "{\"version\": 99, \"id\": \"future\", \"posts\": []}", now);
  write_file (notes, "not a draft at all", now);

  restored = restore (fixture->store, &moved);
  g_assert_nonnull (restored);
  g_assert_cmpstr (tern_draft_get_id (restored), ==, "good");
  g_assert_cmpstr (tern_draft_post_get_text (tern_draft_get_post (restored, 0)), ==, "Keep me");

  g_assert_cmpuint (moved->len, ==, 4);
  g_assert_false (g_file_test (garbage, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wrong_shape, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (truncated, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (empty, G_FILE_TEST_EXISTS));

  /* Moved, never deleted: the bytes are all still there. */
  garbage_aside = g_strconcat (garbage, ".corrupt", NULL);
  g_assert_true (g_file_get_contents (garbage_aside, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "{this is not json");
  for (guint i = 0; i < moved->len; i++)
    {
      g_autofree char *path = g_file_get_path (g_ptr_array_index (moved, i));

      g_assert_true (g_str_has_suffix (path, ".json.corrupt"));
      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  /* A newer Tern's draft and other files are left alone. */
  g_assert_true (g_file_test (future, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (notes, G_FILE_TEST_EXISTS));

  /* Next start: nothing more to move; a second damaged file of the same
   * name does not overwrite the first one set aside. */
  g_clear_pointer (&moved, g_ptr_array_unref);
  g_clear_object (&restored);
  write_file (garbage, "{again", now);
  restored = restore (fixture->store, &moved);
  g_assert_cmpuint (moved->len, ==, 1);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (garbage_aside, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "{this is not json");
}

static void
test_restores_newest_unfinished (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *dir = g_file_get_path (fixture->directory);
  g_autofree char *old = drafts_path (fixture, "old.json");
  g_autofree char *recent = drafts_path (fixture, "recent.json");
  g_autofree char *posted = drafts_path (fixture, "posted.json");
  g_autoptr(TernDraft) restored = NULL;
  time_t now = time (NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_file (old, "{\"version\": 1, \"id\": \"old\", \"posts\": [{\"text\": \"old\"}]}", now - 300);
  write_file (recent, "{\"version\": 1, \"id\": \"recent\", \"posts\": [{\"text\": \"recent\"}]}", now - 200);
  /* Newest, but every post of it exists on X already. */
  write_file (posted, "{\"version\": 1, \"id\": \"posted\", \"posts\": [{\"text\": \"done\", \"posted-id\": \"9\"}]}", now);

  restored = restore (fixture->store, NULL);
  g_assert_nonnull (restored);
  g_assert_cmpstr (tern_draft_get_id (restored), ==, "recent");
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GFile) file = tern_draft_store_get_file (fixture->store, draft);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) flushed = NULL;
  g_autoptr(GError) error = NULL;

  connect_counters (fixture);
  tern_draft_store_watch (fixture->store, draft);
  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Posted, then forgotten");
  save (fixture->store, draft);
  g_assert_true (g_file_query_exists (file, NULL));

  /* A change is pending when the delete comes: it must not bring the file back. */
  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "A last change");
  tern_draft_store_delete_async (fixture->store, draft, NULL, store_result_cb, &result);
  g_assert_true (tern_draft_store_delete_finish (fixture->store, wait_for_result (&result), &error));
  g_assert_no_error (error);
  g_assert_false (g_file_query_exists (file, NULL));

  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Typed after the delete");
  tern_draft_store_flush_async (fixture->store, NULL, store_result_cb, &flushed);
  g_assert_true (tern_draft_store_flush_finish (fixture->store, wait_for_result (&flushed), &error));
  g_assert_false (g_file_query_exists (file, NULL));
}

static void
test_write_failure_keeps_draft (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_build_filename (fixture->path, "tern", NULL);
  g_autofree char *text = NULL;

  connect_counters (fixture);

  /* A file where the drafts folder should be: the folder cannot be made. */
  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  {
    g_autofree char *blocker = g_file_get_path (fixture->directory);
    g_file_set_contents (blocker, "in the way", -1, NULL);
  }

  tern_draft_store_watch (fixture->store, draft);
  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Do not lose this");
  wait_for_count (&fixture->failed, 1);
  g_assert_nonnull (fixture->last_failure);
  g_test_message ("%s", fixture->last_failure->message);
  g_assert_nonnull (strstr (fixture->last_failure->message, "tries again"));
  g_assert_cmpstr (tern_draft_post_get_text (tern_draft_get_post (draft, 0)), ==, "Do not lose this");

  /* A flush reports the failure rather than pretending. */
  tern_draft_store_flush_async (fixture->store, NULL, store_result_cb, &result);
  g_assert_false (tern_draft_store_flush_finish (fixture->store, wait_for_result (&result), &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Once the way is clear, the next change saves everything. */
  {
    g_autofree char *blocker = g_file_get_path (fixture->directory);
    g_unlink (blocker);
  }
  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Do not lose this, please");
  wait_for_count (&fixture->saved, 1);
  text = read_text_of_saved (fixture, draft);
  g_assert_cmpstr (text, ==, "Do not lose this, please");
}

static void
load (TernDraftStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tern_draft_store_load_async (store, NULL, store_result_cb, &result);
  g_assert_true (tern_draft_store_load_finish (store, wait_for_result (&result), NULL, &error));
  g_assert_no_error (error);
}

static void
flush (TernDraftStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tern_draft_store_flush_async (store, NULL, store_result_cb, &result);
  g_assert_true (tern_draft_store_flush_finish (store, wait_for_result (&result), &error));
  g_assert_no_error (error);
}

/* The first lines of the listed drafts, newest first, joined by "|". */
static char *
listed (TernDraftStore *store)
{
  GListModel *drafts = tern_draft_store_get_drafts (store);
  g_autoptr(GString) lines = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (drafts); i++)
    {
      g_autoptr(TernDraft) draft = g_list_model_get_item (drafts, i);
      g_autofree char *line = tern_draft_dup_first_line (draft, 40);

      if (i > 0)
        g_string_append_c (lines, '|');
      g_string_append (lines, line != NULL ? line : "(empty)");
    }
  return g_strdup (lines->str);
}

static TernDraft *
find_listed (TernDraftStore *store,
             const char     *id)
{
  GListModel *drafts = tern_draft_store_get_drafts (store);

  for (guint i = 0; i < g_list_model_get_n_items (drafts); i++)
    {
      g_autoptr(TernDraft) draft = g_list_model_get_item (drafts, i);

      if (g_strcmp0 (tern_draft_get_id (draft), id) == 0)
        return draft;
    }
  return NULL;
}

static void
test_many_drafts_newest_first (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(TernDraft) first = tern_draft_new ();
  g_autoptr(TernDraft) second = tern_draft_new ();
  g_autoptr(TernDraft) blank = tern_draft_new ();
  g_autoptr(TernDraftStore) reopened = NULL;
  g_autofree char *order = NULL;

  tern_draft_store_watch (fixture->store, first);
  tern_draft_store_watch (fixture->store, second);
  tern_draft_store_watch (fixture->store, blank);
  g_assert_cmpuint (g_list_model_get_n_items (tern_draft_store_get_drafts (fixture->store)), ==, 0);

  tern_draft_post_set_text (tern_draft_get_post (first, 0), "\n  Groceries: eggs  \nmilk");
  tern_draft_post_set_text (tern_draft_get_post (second, 0), "Launch thread");
  /* A draft only typed into and emptied again is not listed. */
  tern_draft_post_set_text (tern_draft_get_post (blank, 0), "x");
  tern_draft_post_set_text (tern_draft_get_post (blank, 0), "");
  order = listed (fixture->store);
  g_assert_cmpstr (order, ==, "Launch thread|Groceries: eggs");

  /* Writing in the older one brings it to the top. */
  tern_draft_post_set_text (tern_draft_get_post (first, 0), "Groceries: eggs, bread");
  g_clear_pointer (&order, g_free);
  order = listed (fixture->store);
  g_assert_cmpstr (order, ==, "Groceries: eggs, bread|Launch thread");
  g_assert_cmpint (tern_draft_get_modified (first), >, tern_draft_get_modified (second));

  /* Each one is on disk; another store (the next start) lists them in the
   * same order, and the emptied one is not kept as clutter. */
  flush (fixture->store);
  reopened = tern_draft_store_new (fixture->directory);
  load (reopened);
  g_clear_pointer (&order, g_free);
  order = listed (reopened);
  g_assert_cmpstr (order, ==, "Groceries: eggs, bread|Launch thread");
  {
    g_autoptr(GFile) file = tern_draft_store_get_file (reopened, blank);

    while (g_file_query_exists (file, NULL))
      g_main_context_iteration (NULL, TRUE);
  }
}

static void
test_first_line (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autofree char *line = NULL;
  g_autofree char *capped = NULL;
  g_autofree char *long_text = g_strnfill (25000, 'a');

  g_assert_null (tern_draft_dup_first_line (draft, 40));
  /* The first post may be media only: the thread's first words name it. */
  tern_draft_append_post (draft);
  tern_draft_post_set_text (tern_draft_get_post (draft, 1), "  \n\nSecond post’s line\nmore");
  line = tern_draft_dup_first_line (draft, 40);
  g_assert_cmpstr (line, ==, "Second post’s line");

  tern_draft_post_set_text (tern_draft_get_post (draft, 0), long_text);
  capped = tern_draft_dup_first_line (draft, 40);
  g_assert_cmpuint (g_utf8_strlen (capped, -1), ==, 40);
}

static void
test_delete_with_undo (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TernDraft) keep = tern_draft_new ();
  g_autoptr(TernDraft) doomed = tern_draft_new ();
  g_autoptr(GFile) doomed_file = tern_draft_store_get_file (fixture->store, doomed);
  g_autofree char *order = NULL;

  tern_draft_store_watch (fixture->store, keep);
  tern_draft_store_watch (fixture->store, doomed);
  tern_draft_post_set_text (tern_draft_get_post (keep, 0), "Keep me");
  tern_draft_post_set_text (tern_draft_get_post (doomed, 0), "Delete me");
  save (fixture->store, keep);
  save (fixture->store, doomed);

  /* Deleted: gone from the list at once, but still on disk while Undo can
   * be pressed. */
  tern_draft_store_trash (fixture->store, doomed);
  order = listed (fixture->store);
  g_assert_cmpstr (order, ==, "Keep me");
  g_assert_true (tern_draft_store_is_trashed (fixture->store, doomed));
  g_assert_true (g_file_query_exists (doomed_file, NULL));

  /* Undo puts it back where it was. */
  tern_draft_store_untrash (fixture->store, doomed);
  g_clear_pointer (&order, g_free);
  order = listed (fixture->store);
  g_assert_cmpstr (order, ==, "Delete me|Keep me");

  /* A crash while the toast shows: the next start has it again. */
  tern_draft_store_trash (fixture->store, doomed);
  {
    g_autoptr(TernDraftStore) after_crash = tern_draft_store_new (fixture->directory);

    load (after_crash);
    g_clear_pointer (&order, g_free);
    order = listed (after_crash);
    g_assert_cmpstr (order, ==, "Delete me|Keep me");
  }

  /* Closing (a flush) makes the deletion final. */
  flush (fixture->store);
  g_assert_false (g_file_query_exists (doomed_file, NULL));
  {
    g_autoptr(TernDraftStore) next_start = tern_draft_store_new (fixture->directory);

    load (next_start);
    g_clear_pointer (&order, g_free);
    order = listed (next_start);
    g_assert_cmpstr (order, ==, "Keep me");
  }
}

static void
test_reason_kept_and_cleared (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  const char *reason = "X was unavailable (503). Try again later.";

  tern_draft_store_watch (fixture->store, draft);
  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Not posted yet");
  tern_draft_set_last_error (draft, reason);
  save (fixture->store, draft);

  /* The reason is saved with the draft. */
  {
    g_autoptr(TernDraftStore) reopened = tern_draft_store_new (fixture->directory);
    TernDraft *copy;

    load (reopened);
    copy = find_listed (reopened, tern_draft_get_id (draft));
    g_assert_nonnull (copy);
    g_assert_cmpstr (tern_draft_get_last_error (copy), ==, reason);
  }

  /* Sending records its progress without touching the reason... */
  tern_draft_post_set_intent (tern_draft_get_post (draft, 0), NULL);
  g_assert_cmpstr (tern_draft_get_last_error (draft), ==, reason);
  /* ...an edit of the text clears it, and that is saved too. */
  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Not posted yet, edited");
  g_assert_null (tern_draft_get_last_error (draft));
  save (fixture->store, draft);
  {
    g_autoptr(TernDraftStore) reopened = tern_draft_store_new (fixture->directory);
    TernDraft *copy;

    load (reopened);
    copy = find_listed (reopened, tern_draft_get_id (draft));
    g_assert_nonnull (copy);
    g_assert_null (tern_draft_get_last_error (copy));
  }

  /* Adding a post to the thread is an edit as well. */
  tern_draft_set_last_error (draft, reason);
  tern_draft_append_post (draft);
  g_assert_null (tern_draft_get_last_error (draft));
}

static void
test_other_process_draft_listed (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(TernDraft) mine = tern_draft_new ();
  g_autoptr(TernDraft) theirs = tern_draft_new ();
  g_autoptr(TernDraftStore) cli = tern_draft_store_new (fixture->directory);
  TernDraft *seen;
  g_autofree char *order = NULL;

  /* The window's store, with a draft being written. */
  load (fixture->store);
  tern_draft_store_watch (fixture->store, mine);
  tern_draft_post_set_text (tern_draft_get_post (mine, 0), "Typed in the window");

  /* `tern post` (its own store, its own process) left a failed draft. */
  tern_draft_post_set_text (tern_draft_get_post (theirs, 0), "From the command line");
  tern_draft_set_last_error (theirs, "X was unavailable (503). Try again later.");
  save (cli, theirs);

  /* Reading the folder again adds it, with its reason, and keeps the
   * window's draft as it is in memory. */
  load (fixture->store);
  seen = find_listed (fixture->store, tern_draft_get_id (theirs));
  g_assert_nonnull (seen);
  g_assert_true (seen != theirs);
  g_assert_cmpstr (tern_draft_get_last_error (seen), ==, "X was unavailable (503). Try again later.");
  g_assert_true (find_listed (fixture->store, tern_draft_get_id (mine)) == mine);
  order = listed (fixture->store);
  g_assert_cmpstr (order, ==, "From the command line|Typed in the window");

  /* Loading again adds nothing twice. */
  load (fixture->store);
  g_assert_cmpuint (g_list_model_get_n_items (tern_draft_store_get_drafts (fixture->store)), ==, 2);
}

static void
test_deleted_stays_deleted (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(GError) error = NULL;

  tern_draft_store_watch (fixture->store, draft);
  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Posted and gone");
  save (fixture->store, draft);

  /* The folder is read (opening the list) while the draft is deleted
   * (its post went out): whatever the reader saw, it stays deleted. */
  tern_draft_store_load_async (fixture->store, NULL, store_result_cb, &loaded);
  tern_draft_store_delete_async (fixture->store, draft, NULL, store_result_cb, &deleted);
  g_assert_true (tern_draft_store_delete_finish (fixture->store, wait_for_result (&deleted), &error));
  g_assert_true (tern_draft_store_load_finish (fixture->store, wait_for_result (&loaded), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (tern_draft_store_get_drafts (fixture->store)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/draft-store/save-and-restore", test_save_and_restore);
  ADD ("/draft-store/debounce", test_debounce);
  ADD ("/draft-store/untouched-draft-leaves-no-file", test_untouched_draft_leaves_no_file);
  ADD ("/draft-store/flush-writes-pending-change", test_flush_writes_pending_change);
  ADD ("/draft-store/no-partial-file-visible", test_no_partial_file_visible);
  ADD ("/draft-store/corrupt-files-moved-aside", test_corrupt_files_moved_aside);
  ADD ("/draft-store/restores-newest-unfinished", test_restores_newest_unfinished);
  ADD ("/draft-store/delete", test_delete);
  ADD ("/draft-store/write-failure-keeps-draft", test_write_failure_keeps_draft);
  ADD ("/draft-store/many-drafts-newest-first", test_many_drafts_newest_first);
  ADD ("/draft-store/first-line", test_first_line);
  ADD ("/draft-store/delete-with-undo", test_delete_with_undo);
  ADD ("/draft-store/reason-kept-and-cleared", test_reason_kept_and_cleared);
  ADD ("/draft-store/other-process-draft-listed", test_other_process_draft_listed);
  ADD ("/draft-store/deleted-stays-deleted", test_deleted_stays_deleted);

#undef ADD

  return g_test_run ();
}
