/* tern-text-private.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tern-text.h"

G_BEGIN_DECLS

/* The last step of the parse, apart so tests can reach lengths no test
 * machine holds in memory: @weight is the sum of weights (scale 100),
 * @chars_valid whether no invalid character came before the end,
 * @original_units and @normalized_units the text's UTF-16 lengths before
 * and after NFC, @valid_end the last normalised code unit within the limit.
 * Fields that cannot hold a value saturate at G_MAXINT. */
void tern_text_finish_parse (guint64        weight,
                             gboolean       chars_valid,
                             guint64        original_units,
                             guint64        normalized_units,
                             guint64        valid_end,
                             TernTextParse *result);

/* A stretch of a text, as code point offsets into it: [start, end). */
typedef struct
{
  int start;
  int end;
} TernTextSpan;

/* The URLs the parse counts (23 each), in order, as spans of @text as
 * given; where NFC changed the text, each span covers the normalisation
 * segments that hold its ends. The splitter never cuts inside one. */
GArray *tern_text_url_spans (const char *text);

G_END_DECLS
