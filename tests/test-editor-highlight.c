/* test-editor-highlight.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The post editor marks the part of a post past X's limit by the edit,
 * not over the whole text on every key: after many edits anywhere in a
 * long post, what is marked is still exactly what a highlight of the whole
 * text from scratch marks.
 */

#include "config.h"

#include <adwaita.h>

#include "core/text/tern-text.h"
#include "ui/tern-post-editor.h"

/* Pieces that move the limit differently: weight 1 and 2, emoji sequences
 * (2 whatever their length), URLs (23), marks that NFC composes, lines. */
static const char *pieces[] = {
  "a", "hello ", "world. ", "가", "日本語", "😀", "👩‍👩‍👧", "e\xcc\x81", "\xcc\x81",
  "https://example.com/a/path ", "example.org ", "\n", "@someone ", "#tag ", "  ",
};

static char *
random_text (guint pieces_count)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < pieces_count; i++)
    g_string_append (text, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
  return g_string_free (text, FALSE);
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The marked ranges, in characters, as "[a,b)" one after another. */
static char *
marked_ranges (GtkTextBuffer *buffer,
               GtkTextTag    *tag)
{
  GString *ranges = g_string_new (NULL);
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  if (gtk_text_iter_has_tag (&iter, tag))
    g_string_append (ranges, "[0,");
  while (gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    {
      if (gtk_text_iter_starts_tag (&iter, tag))
        g_string_append_printf (ranges, "[%d,", gtk_text_iter_get_offset (&iter));
      else
        g_string_append_printf (ranges, "%d)", gtk_text_iter_get_offset (&iter));
    }
  return g_string_free (ranges, FALSE);
}

/* What highlighting the whole text from scratch marks. */
static char *
expected_ranges (GtkTextBuffer *buffer)
{
  g_autofree char *text = buffer_text (buffer);
  int offset = tern_text_overflow_offset (text);

  if (offset < 0)
    return g_strdup ("");
  return g_strdup_printf ("[%d,%d)", offset, gtk_text_buffer_get_char_count (buffer));
}

static void
random_edit (TernDraftPost *post,
             GtkTextBuffer *buffer)
{
  int length = gtk_text_buffer_get_char_count (buffer);
  int at = g_test_rand_int_range (0, length + 1);
  GtkTextIter start, end;
  int kind = g_test_rand_int_range (0, 20);

  if (kind < 9)
    {
      g_autofree char *text = random_text (g_test_rand_int_range (1, 4));

      /* Typed, as the text view inserts a key. */
      gtk_text_buffer_get_iter_at_offset (buffer, &start, at);
      gtk_text_buffer_place_cursor (buffer, &start);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
    }
  else if (kind < 16)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &start, at);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, at + g_test_rand_int_range (1, 12));
      gtk_text_buffer_delete_interactive (buffer, &start, &end, TRUE);
    }
  else if (kind < 18)
    {
      g_autofree char *text = random_text (g_test_rand_int_range (1, 30));

      /* A selection replaced by a paste. */
      gtk_text_buffer_get_iter_at_offset (buffer, &start, at);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, at + g_test_rand_int_range (1, 200));
      gtk_text_buffer_select_range (buffer, &start, &end);
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
      gtk_text_buffer_end_user_action (buffer);
    }
  else if (kind < 19)
    {
      /* A big cut, often back under the limit. */
      gtk_text_buffer_get_iter_at_offset (buffer, &start, at / 4);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, at);
      gtk_text_buffer_delete (buffer, &start, &end);
    }
  else
    {
      g_autofree char *text = random_text (g_test_rand_int_range (50, 400));

      /* A change from elsewhere (a restore), copied into the editor. */
      tern_draft_post_set_text (post, text);
    }
}

static void
test_incremental_matches_full (void)
{
  g_autofree char *initial = random_text (600);
  g_autoptr(TernDraftPost) post = tern_draft_post_new ();
  TernPostEditor *editor;
  GtkTextBuffer *buffer;
  GtkTextTag *tag;
  guint marked = 0, unmarked = 0;

  tern_draft_post_set_text (post, initial);
  editor = g_object_ref_sink (tern_post_editor_new (post));
  buffer = gtk_text_view_get_buffer (tern_post_editor_get_text_view (editor));
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "overflow");
  g_assert_nonnull (tag);
  for (guint i = 0; i < 1500; i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *got = NULL;
      g_autofree char *want = NULL;

      /* Now and then back under the limit (ten pieces weigh at most 240)
       * and then far over it again, typed at the end. */
      if (i % 300 == 0)
        {
          g_autofree char *short_text = random_text (10);

          gtk_text_buffer_set_text (buffer, short_text, -1);
        }
      else if (i % 300 == 150)
        {
          g_autofree char *long_text = random_text (200);
          GtkTextIter end;

          gtk_text_buffer_get_end_iter (buffer, &end);
          gtk_text_buffer_insert (buffer, &end, long_text, -1);
        }
      else
        random_edit (post, buffer);
      text = buffer_text (buffer);
      got = marked_ranges (buffer, tag);
      want = expected_ranges (buffer);
      if (g_strcmp0 (got, want) != 0)
        g_test_message ("after edit %u of a %d-character post", i, gtk_text_buffer_get_char_count (buffer));
      g_assert_cmpstr (got, ==, want);
      /* The draft follows the editor, whichever side changed. */
      g_assert_cmpstr (tern_draft_post_get_text (post), ==, text);
      if (want[0] != '\0')
        marked++;
      else
        unmarked++;
    }
  /* The edits went both over and under the limit. */
  g_assert_cmpuint (marked, >, 0);
  g_assert_cmpuint (unmarked, >, 0);

  g_assert_finalize_object (editor);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/editor-highlight/incremental-matches-full", test_incremental_matches_full);

  return g_test_run ();
}
