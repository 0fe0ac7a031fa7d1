/* tern-text.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TERN_TEXT_MAX_WEIGHTED_LENGTH 280

/**
 * TernTextParse:
 * @weighted_length: the length X counts, in characters (weight 100 = 1)
 * @valid: whether X would accept the text
 * @permillage: weighted length per thousand of the limit
 * @display_range_start: first UTF-16 index of the text (inclusive)
 * @display_range_end: last UTF-16 index of the text (inclusive)
 * @valid_range_start: first UTF-16 index within the limit (inclusive)
 * @valid_range_end: last UTF-16 index within the limit (inclusive)
 *
 * The seven fields of a twitter-text v3 parse. Ranges are UTF-16 code-unit
 * indices, inclusive, as twitter-text defines them: the display range covers
 * the text as given; the valid range ends at the last code unit within the
 * limit, counted in the NFC-normalised text and then shifted by the number
 * of code units NFC added or removed (so it indexes the text as given when
 * NFC changed nothing; it can even be -1 when the text starts with an
 * invalid character and NFC lengthened it). To highlight the part past the
 * limit, use tern_text_parse_with_overflow(), which maps exactly.
 *
 * The counts are summed in 64 bits; a field that cannot hold its value
 * (texts of billions of characters) saturates at G_MAXINT.
 */
typedef struct
{
  int      weighted_length;
  gboolean valid;
  int      permillage;
  int      display_range_start;
  int      display_range_end;
  int      valid_range_start;
  int      valid_range_end;
} TernTextParse;

void tern_text_parse               (const char    *text,
                                    TernTextParse *result);
void tern_text_parse_with_overflow (const char    *text,
                                    TernTextParse *result,
                                    int           *overflow_offset);
int  tern_text_overflow_offset     (const char    *text);

G_END_DECLS
