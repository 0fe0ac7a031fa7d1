/* bench-text.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "core/text/tern-text.h"

/* The text parse runs on every keystroke. This benchmark times it on the
 * input classes a person types (ASCII, CJK, Hangul, emoji, URL-heavy, a
 * 25,000-character mix, a short post) and on adversarial inputs made to
 * defeat a scanner that re-reads text, each at 1×, 4× and 16× its size:
 * the time must grow about as the size does, so it prints the ratios.
 * Not a test: nothing is asserted (the machines are shared and noisy).
 *
 *   bench-text [--quick] [--only NAME] [--write-inputs DIR]
 *
 * --write-inputs writes every input (NAME@SCALE.txt) for
 * build-aux/bench-text.sh, which times twitter-text on the same texts, and
 * for the conformance test, which compares the results. */

#define CHARS 25000

typedef struct
{
  const char *name;
  /* Built by repeating @unit @count times (at 1×), or by @build. */
  const char *unit;
  guint       count;
  const char *prefix;
  const char *suffix;
  void      (*build) (GString *out, guint scale);
  gboolean    adversarial;
} Input;

static void
append_until (GString            *out,
              const char * const *pieces,
              guint               n_pieces,
              glong               chars)
{
  glong have = 0;

  for (guint i = 0; have < chars; i++)
    {
      const char *piece = pieces[i % n_pieces];
      glong piece_chars = g_utf8_strlen (piece, -1);

      if (have + piece_chars > chars)
        break;
      g_string_append (out, piece);
      have += piece_chars;
    }
  for (; have < chars; have++)
    g_string_append_c (out, 'x');
}

static void
build_mixed (GString *out,
             guint    scale)
{
  static const char * const pieces[] = {
    "The quick brown fox jumps over the lazy dog. ",
    "今日は良い天気ですね。",
    "👨\u200d👩\u200d👧\u200d👦 👍🏽 🇫🇷 1\ufe0f\u20e3 ",
    "see https://example.com/path/to/page?query=1&x=2 and www.gnome.org ",
    "cafe\u0301 na\u00efve ",
    "a.b.c.d not.a.tld x@example.com ",
  };

  append_until (out, pieces, G_N_ELEMENTS (pieces), (glong) CHARS * scale);
}

static void
build_short (GString *out,
             guint    scale)
{
  static const char * const pieces[] = {
    "Trying Tern 🐦 today: https://example.com/tern?x=1 — ça marche! ",
    "日本語も 한국어도 👍🏽 #gnome @someone ",
  };

  append_until (out, pieces, G_N_ELEMENTS (pieces), 140 * scale);
}

static void
build_emoji (GString *out,
             guint    scale)
{
  static const char * const pieces[] = {
    "😀", "👍🏽", "👨\u200d👩\u200d👧\u200d👦", "🇯🇵", "❤\ufe0f", "🧑\u200d🤝\u200d🧑",
    "🏳\ufe0f\u200d🌈", "1\ufe0f\u20e3", "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F",
    "🙂", " ",
  };

  append_until (out, pieces, G_N_ELEMENTS (pieces), (glong) CHARS * scale);
}

static void
build_urls (GString *out,
            guint    scale)
{
  static const char * const pieces[] = {
    "https://example.com/a/b?c=d ", "www.gnome.org ", "t.co/AbCd12 ",
    "see x.com/wiki/Primer_(film). ", "http://例え.jp/パス ", "docs.gtk.org/gtk4 ",
  };

  append_until (out, pieces, G_N_ELEMENTS (pieces), (glong) CHARS * scale);
}

static const Input inputs[] = {
  { "short-mixed", .build = build_short },
  { "ascii", "The quick brown fox jumps over the lazy dog. ", CHARS / 45 },
  { "cjk", "今日は良い天気ですね", CHARS / 10 },
  { "hangul", "가", CHARS },
  { "emoji", .build = build_emoji },
  { "url-heavy", .build = build_urls },
  { "mixed-25000", .build = build_mixed },

  /* Adversarial: each made to make a naive scanner re-read the text. */
  { "a_b.com.", "a_b.com.", 4000, .adversarial = TRUE },
  { "x.co_", "x.co_", 6400, .adversarial = TRUE },
  { "dots", ".", 32000, .adversarial = TRUE },
  { "a.-labels", "a.", 16000, .adversarial = TRUE },
  { "hyphens", "a-", 16000, .adversarial = TRUE },
  { "underscores", "a_", 16000, .adversarial = TRUE },
  { "at-signs", "@a.co", 6400, .adversarial = TRUE },
  { "hashes", "#a.co", 6400, .adversarial = TRUE },
  { "schemes", "https://", 4000, .adversarial = TRUE },
  { "scheme-labels", "http://a.", 3600, .adversarial = TRUE },
  { "huge-label", "a", 32000, .suffix = ".com", .adversarial = TRUE },
  { "huge-idn-label", "ü", 32000, .prefix = "https://", .suffix = ".com", .adversarial = TRUE },
  { "idn-labels", "例.", 16000, .adversarial = TRUE },
  { "paths", "a.co/(", 5400, .adversarial = TRUE },
  { "queries", "a.co?.", 5400, .adversarial = TRUE },
  { "zwj-unended", "👨\u200d", 10000, .adversarial = TRUE },
  { "tags-unended", "\U000E0067", 16000, .prefix = "🏴", .adversarial = TRUE },
  { "keycap-unended", "1\ufe0f", 16000, .adversarial = TRUE },
  { "regional-odd", "🇦", 16000, .adversarial = TRUE },
  { "decomposed", "e\u0301", 16000, .adversarial = TRUE },
  { "jamo", "\u1100\u1161", 16000, .adversarial = TRUE },
  { "marks", "\u0301\u0316", 8000, .prefix = "a", .adversarial = TRUE },
};

static char *
build_input (const Input *input,
             guint        scale)
{
  GString *out = g_string_new (input->prefix);

  if (input->build != NULL)
    input->build (out, scale);
  else
    for (guint i = 0; i < input->count * scale; i++)
      g_string_append (out, input->unit);
  if (input->suffix != NULL)
    g_string_append (out, input->suffix);
  return g_string_free (out, FALSE);
}

/* Seconds per parse: enough repetitions to fill @budget seconds, best of
 * three rounds (the least disturbed by other work on the machine). */
static double
time_parse (const char *text,
            double      budget)
{
  TernTextParse parse;
  double best = G_MAXDOUBLE;

  /* Warm up (loads the public suffix list once). */
  tern_text_parse (text, &parse);

  for (guint round = 0; round < 3; round++)
    {
      gint64 start = g_get_monotonic_time ();
      gint64 elapsed;
      guint iterations = 0;

      do
        {
          tern_text_parse (text, &parse);
          iterations++;
          elapsed = g_get_monotonic_time () - start;
        }
      while (elapsed < budget * G_USEC_PER_SEC / 3);

      best = MIN (best, (double) elapsed / G_USEC_PER_SEC / iterations);
    }
  return best;
}

static const guint scales[] = { 1, 4, 16 };

static int
write_inputs (const char *dir)
{
  g_mkdir_with_parents (dir, 0755);
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
      {
        g_autofree char *text = NULL;
        g_autofree char *name = NULL;
        g_autofree char *path = NULL;
        g_autoptr(GError) error = NULL;

        if (!inputs[i].adversarial && scales[s] != 1)
          continue;
        text = build_input (&inputs[i], scales[s]);
        name = g_strdup_printf ("%s@%u.txt", inputs[i].name, scales[s]);
        path = g_build_filename (dir, name, NULL);
        if (!g_file_set_contents (path, text, -1, &error))
          {
            fprintf (stderr, "%s\n", error->message);
            return 1;
          }
      }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *write_dir = NULL;
  g_autofree char *only = NULL;
  gboolean quick = FALSE;
  double budget;
  GOptionEntry entries[] = {
    { "write-inputs", 0, 0, G_OPTION_ARG_FILENAME, &write_dir, "Write the inputs to DIR and exit", "DIR" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Time only the input NAME", "NAME" },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "Shorter timing rounds", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time Tern's text parse");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (write_dir != NULL)
    return write_inputs (write_dir);

  budget = quick ? 0.03 : 0.3;
  printf ("%-16s %10s %12s %12s %8s %8s\n",
          "input", "chars@1x", "ms/parse@1x", "parses/s@1x", "4x/1x", "16x/1x");
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *text1 = NULL;
      double t[G_N_ELEMENTS (scales)];

      if (only != NULL && g_strcmp0 (only, inputs[i].name) != 0)
        continue;

      text1 = build_input (&inputs[i], 1);
      for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
        {
          g_autofree char *text = NULL;

          if (!inputs[i].adversarial && s > 0)
            break;
          text = build_input (&inputs[i], scales[s]);
          t[s] = time_parse (text, budget);
        }

      if (inputs[i].adversarial)
        printf ("%-16s %10ld %12.3f %12.0f %8.2f %8.2f\n", inputs[i].name,
                g_utf8_strlen (text1, -1), t[0] * 1000, 1 / t[0], t[1] / t[0], t[2] / t[0]);
      else
        printf ("%-16s %10ld %12.3f %12.0f %8s %8s\n", inputs[i].name,
                g_utf8_strlen (text1, -1), t[0] * 1000, 1 / t[0], "-", "-");
      fflush (stdout);
    }

  return 0;
}
