/* tern-text-dump.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <stdio.h>

#include "core/text/tern-text.h"

/* Reads NUL-terminated texts on stdin and prints, for each, one line with
 * the seven fields of its parse, in twitter-text's order: weightedLength
 * valid permillage validRangeStart validRangeEnd displayRangeStart
 * displayRangeEnd. The conformance test compares them with twitter-text. */

int
main (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  int c;

  while ((c = getchar ()) != EOF)
    {
      TernTextParse parse;

      if (c != '\0')
        {
          g_string_append_c (text, (char) c);
          continue;
        }

      tern_text_parse (text->str, &parse);
      printf ("%" G_GINT64_FORMAT " %d %" G_GINT64_FORMAT " %d %d %d %d\n",
              (gint64) parse.weighted_length, parse.valid ? 1 : 0,
              (gint64) parse.permillage,
              parse.valid_range_start, parse.valid_range_end,
              parse.display_range_start, parse.display_range_end);
      g_string_truncate (text, 0);
    }

  return 0;
}
