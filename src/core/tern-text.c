/* tern-text.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-text"

#include "config.h"

#include "tern-text.h"

/* First cut: code point weights only. URLs, emoji and NFC come next. */
static int
code_point_weight (gunichar c)
{
  if (c <= 4351 || (c >= 8192 && c <= 8205) || (c >= 8208 && c <= 8223) ||
      (c >= 8242 && c <= 8247))
    return 100;
  return 200;
}

void
tern_text_parse (const char    *text,
                 TernTextParse *result)
{
  int weight = 0;
  int utf16 = 0;
  int valid_end = -1;
  gboolean bad_char = FALSE;

  g_return_if_fail (text != NULL);
  g_return_if_fail (result != NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int units = c > 0xFFFF ? 2 : 1;

      if (c == 0xFFFE || c == 0xFEFF || c == 0xFFFF)
        bad_char = TRUE;
      weight += code_point_weight (c);
      if (weight <= TERN_TEXT_MAX_WEIGHTED_LENGTH * 100)
        valid_end = utf16 + units - 1;
      utf16 += units;
    }

  result->weighted_length = weight / 100;
  result->permillage = (weight / 100) * 1000 / TERN_TEXT_MAX_WEIGHTED_LENGTH;
  result->valid = !bad_char && utf16 > 0 && weight <= TERN_TEXT_MAX_WEIGHTED_LENGTH * 100;
  result->display_range_start = 0;
  result->display_range_end = MAX (utf16 - 1, 0);
  result->valid_range_start = 0;
  result->valid_range_end = MAX (valid_end, 0);
}
