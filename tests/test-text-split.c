/* test-text-split.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "core/text/tern-text.h"
#include "core/text/tern-text-split.h"

/* The splitter's promises, checked with the exact counter: every part is
 * a valid post (with its number), cuts fall at sentence ends, else word
 * boundaries, never inside a URL, tag or emoji sequence, and nothing of
 * the text is lost or reordered. */

static const char *prose_words[] = {
  "the", "quiet", "river", "carried", "small", "boats", "past", "old", "stone",
  "houses", "while", "children", "watched", "from", "bridges", "and", "counted",
  "every", "sail", "they", "could", "see", "before", "evening", "came",
};

static int
weighted_length (const char *text)
{
  TernTextParse parse;

  tern_text_parse (text, &parse);
  return parse.weighted_length;
}

static void
assert_valid (const char *part)
{
  TernTextParse parse;

  tern_text_parse (part, &parse);
  if (!parse.valid)
    g_error ("part of %d characters is not valid: “%s”", parse.weighted_length, part);
  /* Cuts are trimmed. */
  g_assert_false (g_unichar_isspace (g_utf8_get_char (part)));
  g_assert_false (g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (part + strlen (part)))));
}

/* Sentences of 6 to 20 words, each ending in . ! or ? */
static char *
make_prose (GRand *rand,
            gsize  length)
{
  GString *text = g_string_new (NULL);
  static const char ends[] = ".!?";

  while (text->len < length)
    {
      int words = g_rand_int_range (rand, 6, 21);

      if (text->len > 0)
        g_string_append_c (text, ' ');
      for (int w = 0; w < words; w++)
        {
          const char *word = prose_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (prose_words))];

          if (w == 0)
            {
              g_string_append_unichar (text, g_unichar_toupper (word[0]));
              g_string_append (text, word + 1);
            }
          else
            g_string_append_printf (text, " %s", word);
        }
      g_string_append_c (text, ends[g_rand_int_range (rand, 0, 3)]);
    }
  return g_string_free (text, FALSE);
}

/* @text without any whitespace. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

/* The parts joined, their numbers taken off, whitespace squeezed out. */
static char *
squeeze_parts (char     **parts,
               gboolean   numbered)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  guint n = g_strv_length (parts);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = g_strdup_printf (" %u/%u", i + 1, n);

      if (numbered && n > 1)
        {
          g_assert_true (g_str_has_suffix (parts[i], number));
          g_string_append_len (joined, parts[i], strlen (parts[i]) - strlen (number));
        }
      else
        g_string_append (joined, parts[i]);
      g_string_append_c (joined, ' ');
    }
  return squeeze (joined->str);
}

static void
test_prose_sentences (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2000);
  g_autofree char *text = make_prose (rand, 2000);
  g_auto(GStrv) parts = tern_text_split (text, TERN_TEXT_SPLIT_NONE);
  guint n = g_strv_length (parts);
  g_autofree char *in = squeeze (text);
  g_autofree char *out = squeeze_parts (parts, FALSE);

  g_assert_cmpuint (strlen (text), >=, 2000);
  /* 2,000 characters need at least 8 posts of 280. */
  g_assert_cmpuint (n, >=, 8);
  for (guint i = 0; i < n; i++)
    {
      char last = parts[i][strlen (parts[i]) - 1];

      assert_valid (parts[i]);
      /* Every cut is at a sentence end, and no post is left short. */
      g_assert_true (last == '.' || last == '!' || last == '?');
      g_assert_true (g_ascii_isupper (parts[i][0]));
      if (i + 1 < n)
        g_assert_cmpint (weighted_length (parts[i]), >=, TERN_TEXT_MAX_WEIGHTED_LENGTH / 2);
    }
  g_assert_cmpstr (out, ==, in);
}

/* Long sentences: no sentence end fits, so the cut falls between words. */
static void
test_word_boundary (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) parts = NULL;

  for (guint i = 0; i < 120; i++)
    g_string_append_printf (text, "%s%s", i ? " " : "", prose_words[i % G_N_ELEMENTS (prose_words)]);
  g_string_append_c (text, '.');
  parts = tern_text_split (text->str, TERN_TEXT_SPLIT_NONE);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  for (guint i = 0; parts[i]; i++)
    {
      g_auto(GStrv) words = g_strsplit (parts[i], " ", -1);

      assert_valid (parts[i]);
      /* Whole words only, and the posts are full (a word more would not fit). */
      for (guint w = 0; words[w]; w++)
        {
          g_autofree char *bare = g_strdup (words[w]);

          if (g_str_has_suffix (bare, "."))
            bare[strlen (bare) - 1] = '\0';
          g_assert_true (g_strv_contains (prose_words, bare));
        }
      if (parts[i + 1] != NULL)
        g_assert_cmpint (weighted_length (parts[i]), >, TERN_TEXT_MAX_WEIGHTED_LENGTH - 9);
    }
}

/* Tokens no cut may enter: a fragment of one is in no list. */
static const char *tokens[] = {
  "https://example.com/a/rather/long-path/to-a/page?with=query&and=more",
  "example.org/docs/getting-started",
  "@someone_long", "#HashTagged", "#日本語のタグ", "$TERN", "$BRK.B",
  "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7\xe2\x80\x8d\xf0\x9f\x91\xa6", /* family ZWJ */
  "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7",                   /* flag of France */
  "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",                   /* thumbs up, medium skin */
  "\xf0\x9f\x8f\xb3\xef\xb8\x8f\xe2\x80\x8d\xf0\x9f\x8c\x88", /* rainbow flag */
  "1\xef\xb8\x8f\xe2\x83\xa3",                          /* keycap 1 */
  "words", "between", "them",
};

static void
check_tokens_whole (char **parts)
{
  for (guint i = 0; parts[i]; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (parts[i], " \n", -1);

      assert_valid (parts[i]);
      for (guint w = 0; words[w]; w++)
        if (*words[w] && !g_strv_contains (tokens, words[w]))
          g_error ("a token was cut: “%s” in “%s”", words[w], parts[i]);
    }
}

static void
test_entities_whole (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint round = 0; round < 40; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_auto(GStrv) parts = NULL;
      g_auto(GStrv) numbered = NULL;
      g_autofree char *in = NULL;
      g_autofree char *out = NULL;
      g_autofree char *out_numbered = NULL;

      while (text->len < 1500)
        g_string_append_printf (text, "%s%s", text->len ? " " : "",
                                tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))]);
      parts = tern_text_split (text->str, TERN_TEXT_SPLIT_NONE);
      numbered = tern_text_split (text->str, TERN_TEXT_SPLIT_NUMBER);
      g_assert_cmpuint (g_strv_length (parts), >, 1);
      check_tokens_whole (parts);
      in = squeeze (text->str);
      out = squeeze_parts (parts, FALSE);
      out_numbered = squeeze_parts (numbered, TRUE);
      g_assert_cmpstr (out, ==, in);
      g_assert_cmpstr (out_numbered, ==, in);
      for (guint i = 0; numbered[i]; i++)
        assert_valid (numbered[i]);
    }
}

/* Ideographs weigh 2: 140 fit in a post. Cuts at 。 where one fits, else
 * between ideographs. */
static void
test_cjk (void)
{
  static const char *sentence = "今日は川の近くを歩いて小さな船を見ました。";
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) plain = g_string_new (NULL);
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) plain_parts = NULL;
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;

  for (guint i = 0; i < 40; i++)
    g_string_append (text, sentence);
  parts = tern_text_split (text->str, TERN_TEXT_SPLIT_NONE);
  /* 40 × 21 ideographs × 2 = 1,680: at least 6 posts of 280. */
  g_assert_cmpuint (g_strv_length (parts), >=, 6);
  for (guint i = 0; parts[i]; i++)
    {
      assert_valid (parts[i]);
      g_assert_true (g_str_has_suffix (parts[i], "。"));
      g_assert_true (g_str_has_prefix (parts[i], "今日"));
    }
  in = squeeze (text->str);
  out = squeeze_parts (parts, FALSE);
  g_assert_cmpstr (out, ==, in);

  /* No punctuation at all: full posts of 140 ideographs. */
  for (guint i = 0; i < 300; i++)
    g_string_append (plain, "語");
  plain_parts = tern_text_split (plain->str, TERN_TEXT_SPLIT_NONE);
  g_assert_cmpuint (g_strv_length (plain_parts), ==, 3);
  g_assert_cmpint (weighted_length (plain_parts[0]), ==, 280);
  g_assert_cmpint (weighted_length (plain_parts[1]), ==, 280);
  g_assert_cmpint (weighted_length (plain_parts[2]), ==, 40);
}

/* " 1/3" takes room; " 10/12" takes more. Every numbered part is valid
 * with its number, and numbering never gives fewer parts. */
static void
test_numbering (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (gsize length = 1500; length <= 4500; length += 250)
    {
      g_autofree char *text = make_prose (rand, length);
      g_auto(GStrv) plain = tern_text_split (text, TERN_TEXT_SPLIT_NONE);
      g_auto(GStrv) numbered = tern_text_split (text, TERN_TEXT_SPLIT_NUMBER);
      guint n = g_strv_length (numbered);
      g_autofree char *in = squeeze (text);
      g_autofree char *out = squeeze_parts (numbered, TRUE);

      g_assert_cmpuint (n, >=, g_strv_length (plain));
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *number = g_strdup_printf (" %u/%u", i + 1, n);

          assert_valid (numbered[i]);
          g_assert_true (g_str_has_suffix (numbered[i], number));
        }
      g_assert_cmpstr (out, ==, in);
      if (length == 4500)
        g_assert_cmpuint (n, >=, 10);
    }
}

/* With numbers of two digits every part must leave room for " 10/12":
 * a text of 280-character sentences cut one post each. */
static void
test_numbering_tight (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) numbered = NULL;
  g_autofree char *tenth = NULL;
  guint n;

  /* Sentences of exactly 273 characters: with " 1/9" (4) they fit, with
   * " 10/12" (6) too, but not two in one post. */
  for (guint i = 0; i < 12; i++)
    {
      GString *sentence = g_string_new (i ? " S" : "S");

      while (sentence->len < (i ? 273 : 272))
        g_string_append (sentence, sentence->len % 6 == 5 ? " " : "x");
      g_string_append_c (sentence, '.');
      g_string_append (text, sentence->str);
      g_string_free (sentence, TRUE);
    }
  numbered = tern_text_split (text->str, TERN_TEXT_SPLIT_NUMBER);
  n = g_strv_length (numbered);
  g_assert_cmpuint (n, >=, 12);
  for (guint i = 0; i < n; i++)
    assert_valid (numbered[i]);
  tenth = g_strdup_printf (" 10/%u", n);
  g_assert_true (g_str_has_suffix (numbered[9], tenth));
}

static void
test_idempotent (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *prose = make_prose (rand, 2500);
  const TernTextSplitFlags all_flags[] = { TERN_TEXT_SPLIT_NONE, TERN_TEXT_SPLIT_NUMBER };
  const char *valid[] = { "Hello, world.", "A post with a URL https://example.com/x and #tag.",
                          "日本語", "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", NULL };

  for (guint i = 0; valid[i]; i++)
    for (guint f = 0; f < G_N_ELEMENTS (all_flags); f++)
      {
        g_auto(GStrv) parts = tern_text_split (valid[i], all_flags[f]);

        g_assert_cmpuint (g_strv_length (parts), ==, 1);
        g_assert_cmpstr (parts[0], ==, valid[i]);
      }

  for (guint f = 0; f < G_N_ELEMENTS (all_flags); f++)
    {
      g_auto(GStrv) parts = tern_text_split (prose, all_flags[f]);

      for (guint i = 0; parts[i]; i++)
        {
          g_auto(GStrv) again = tern_text_split (parts[i], all_flags[f]);

          g_assert_cmpuint (g_strv_length (again), ==, 1);
          g_assert_cmpstr (again[0], ==, parts[i]);
        }
    }
}

static void
test_hard_breaks (void)
{
  g_auto(GStrv) parts = tern_text_split ("First post.\n---\nSecond post.\r\n---\r\n\n---\n  Third.  \n--- \nstill third",
                                         TERN_TEXT_SPLIT_NONE);
  g_auto(GStrv) numbered = tern_text_split ("One\n---\nTwo", TERN_TEXT_SPLIT_NUMBER);
  g_auto(GStrv) blank = tern_text_split (" \n---\n ", TERN_TEXT_SPLIT_NONE);

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_cmpstr (parts[0], ==, "First post.");
  g_assert_cmpstr (parts[1], ==, "Second post.");
  /* Only a line of exactly --- breaks; empty posts are left out. */
  g_assert_cmpstr (parts[2], ==, "Third.  \n--- \nstill third");
  g_assert_cmpuint (g_strv_length (numbered), ==, 2);
  g_assert_cmpstr (numbered[0], ==, "One 1/2");
  g_assert_cmpstr (numbered[1], ==, "Two 2/2");
  g_assert_cmpuint (g_strv_length (blank), ==, 0);
}

/* A single token longer than a post is cut at a grapheme boundary as a
 * last resort, and every part is still valid. */
static void
test_unbreakable (void)
{
  g_autofree char *word = g_strnfill (300, 'a');
  g_autofree char *text = g_strdup_printf ("Short start. %s end", word);
  g_auto(GStrv) parts = tern_text_split (text, TERN_TEXT_SPLIT_NONE);
  g_autoptr(GString) thumbs = g_string_new (NULL);
  g_auto(GStrv) thumb_parts = NULL;
  g_autoptr(GString) hashtag = g_string_new ("#");
  g_auto(GStrv) hashtag_parts = NULL;
  g_autofree char *in = squeeze (text);
  g_autofree char *out = squeeze_parts (parts, FALSE);

  g_assert_cmpuint (g_strv_length (parts), >=, 2);
  for (guint i = 0; parts[i]; i++)
    assert_valid (parts[i]);
  g_assert_cmpstr (out, ==, in);
  /* The word boundary first, then the long word cut where the post is full. */
  g_assert_cmpstr (parts[0], ==, "Short start.");
  g_assert_cmpint (weighted_length (parts[1]), ==, 280);

  /* 200 thumbs with a skin tone, one word of 400: cut between emoji. */
  for (guint i = 0; i < 200; i++)
    g_string_append (thumbs, "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd");
  thumb_parts = tern_text_split (thumbs->str, TERN_TEXT_SPLIT_NUMBER);
  g_assert_cmpuint (g_strv_length (thumb_parts), ==, 2);
  for (guint i = 0; thumb_parts[i]; i++)
    {
      gsize len = strlen (thumb_parts[i]) - strlen (" 1/2");

      assert_valid (thumb_parts[i]);
      g_assert_cmpuint (len % 8, ==, 0);
      for (gsize k = 0; k < len; k += 8)
        g_assert_cmpmem (thumb_parts[i] + k, 8, "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", 8);
    }

  /* A hashtag longer than a post: cut only because nothing else fits. */
  for (guint i = 0; i < 400; i++)
    g_string_append_c (hashtag, 'a' + i % 26);
  hashtag_parts = tern_text_split (hashtag->str, TERN_TEXT_SPLIT_NONE);
  g_assert_cmpuint (g_strv_length (hashtag_parts), ==, 2);
  g_assert_cmpint (weighted_length (hashtag_parts[0]), ==, 280);
}

/* Random texts from a seed: words, URLs, emoji, CJK, tags, long runs,
 * line breaks and --- lines. Every part is valid and the parts hold the
 * text's words in order. */
static void
test_random (void)
{
  static const char *extra[] = {
    "Hello.", "Wait!", "Why?", "\n", "\n\n", "\n---\n", "日本語です。", "한국어",
    "https://tern.example/p", "naïve", "café", "e\xcc\x81", "…", "—", "\t",
  };
  guint seed = g_test_rand_int ();

  for (guint round = 0; round < 150; round++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed + round);
      g_autoptr(GString) text = g_string_new (NULL);
      gsize length = g_rand_int_range (rand, 1, 3500);
      g_autofree char *wanted = NULL;

      while (text->len < length)
        {
          int kind = g_rand_int_range (rand, 0, 20);

          if (kind < 8)
            g_string_append (text, prose_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (prose_words))]);
          else if (kind < 12)
            g_string_append (text, tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))]);
          else if (kind < 18)
            g_string_append (text, extra[g_rand_int_range (rand, 0, G_N_ELEMENTS (extra))]);
          else if (kind < 19)
            for (int k = g_rand_int_range (rand, 50, 400); k > 0; k--)
              g_string_append_c (text, 'z');
          else
            g_string_append_unichar (text, g_rand_int_range (rand, 0x4E00, 0x9FA0));
          g_string_append_c (text, ' ');
        }

      {
        g_auto(GStrv) breaks = tern_text_split_at_breaks (text->str);
        g_autofree char *joined = g_strjoinv (" ", breaks);

        wanted = squeeze (joined);
      }

      for (guint numbered = 0; numbered < 2; numbered++)
        {
          g_auto(GStrv) parts = tern_text_split (text->str, numbered ? TERN_TEXT_SPLIT_NUMBER : 0);
          g_autofree char *got = squeeze_parts (parts, numbered);

          for (guint i = 0; parts[i]; i++)
            assert_valid (parts[i]);
          if (g_strcmp0 (got, wanted) != 0)
            g_error ("seed %u: the parts of “%s” do not hold its text", seed + round, text->str);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-split/prose-sentences", test_prose_sentences);
  g_test_add_func ("/text-split/word-boundary", test_word_boundary);
  g_test_add_func ("/text-split/entities-whole", test_entities_whole);
  g_test_add_func ("/text-split/cjk", test_cjk);
  g_test_add_func ("/text-split/numbering", test_numbering);
  g_test_add_func ("/text-split/numbering-tight", test_numbering_tight);
  g_test_add_func ("/text-split/idempotent", test_idempotent);
  g_test_add_func ("/text-split/hard-breaks", test_hard_breaks);
  g_test_add_func ("/text-split/unbreakable", test_unbreakable);
  g_test_add_func ("/text-split/random", test_random);

  return g_test_run ();
}
