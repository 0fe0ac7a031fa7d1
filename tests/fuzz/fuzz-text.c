/* fuzz-text.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target: the twitter-text parse that runs on every keystroke,
 * on any valid UTF-8 (the editor and the CLI give it nothing else), and
 * the thread splitter built on it. */

#include "config.h"

#include <string.h>
#include <glib.h>

#include "core/text/tern-text.h"
#include "core/text/tern-text-split.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = NULL;
  TernTextParse parse;
  int offset;

  if (!g_utf8_validate_len ((const char *) data, size, NULL))
    return 0;
  text = g_strndup ((const char *) data, size);
  tern_text_parse (text, &parse);
  offset = tern_text_overflow_offset (text);

  g_assert_cmpint (parse.weighted_length, >=, 0);
  /* -1 (within the limit) or a character offset inside the text. */
  g_assert_cmpint (offset, >=, -1);
  g_assert_cmpint (offset, <=, (int) g_utf8_strlen (text, -1));
  g_assert_true (parse.display_range_start <= parse.display_range_end + 1);
  /* Over the limit exactly when there is an offset past it (or the text
   * holds a character X refuses). */
  if (offset >= 0)
    g_assert_false (parse.valid);

  /* Every part of a split fits a post, its number included. */
  for (guint flags = 0; flags <= TERN_TEXT_SPLIT_NUMBER; flags++)
    {
      g_auto(GStrv) parts = tern_text_split (text, flags);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          TernTextParse part;

          tern_text_parse (parts[i], &part);
          g_assert_cmpint (part.weighted_length, >, 0);
          g_assert_cmpint (part.weighted_length, <=, TERN_TEXT_MAX_WEIGHTED_LENGTH);
        }
    }
  return 0;
}
