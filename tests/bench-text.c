/* bench-text.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <stdio.h>

#include "core/text/tern-text.h"

/* tern_text_parse runs on every keystroke: time it on 25,000 characters of
 * mixed text (Latin, CJK, emoji, URLs, a decomposed accent so NFC has work
 * to do) and print the time per parse. Not a test: nothing is asserted. */

#define TARGET_CHARS 25000

static const char * const pieces[] = {
  "The quick brown fox jumps over the lazy dog. ",
  "今日は良い天気ですね。",
  "👨\u200d👩\u200d👧\u200d👦 👍🏽 🇫🇷 1\ufe0f\u20e3 ",
  "see https://example.com/path/to/page?query=1&x=2 and www.gnome.org ",
  "cafe\u0301 na\u00efve ",
  "a.b.c.d not.a.tld x@example.com ",
};

int
main (int   argc,
      char *argv[])
{
  GString *text = g_string_new (NULL);
  TernTextParse parse;
  glong chars = 0;
  guint iterations = 200;
  gint64 start, elapsed;

  if (argc > 1)
    iterations = (guint) g_ascii_strtoull (argv[1], NULL, 10);

  for (guint i = 0; chars < TARGET_CHARS; i++)
    {
      const char *piece = pieces[i % G_N_ELEMENTS (pieces)];
      glong piece_chars = g_utf8_strlen (piece, -1);

      if (chars + piece_chars > TARGET_CHARS)
        break;
      g_string_append (text, piece);
      chars += piece_chars;
    }
  while (chars < TARGET_CHARS)
    {
      g_string_append_c (text, 'x');
      chars++;
    }

  /* Warm up (loads the public suffix list once). */
  tern_text_parse (text->str, &parse);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < iterations; i++)
    tern_text_parse (text->str, &parse);
  elapsed = g_get_monotonic_time () - start;

  printf ("tern_text_parse: %ld characters (%zu bytes), weighted length %d, "
          "%.3f ms per parse over %u parses\n",
          chars, text->len, parse.weighted_length,
          (double) elapsed / 1000.0 / MAX (iterations, 1), iterations);

  g_string_free (text, TRUE);
  return 0;
}
