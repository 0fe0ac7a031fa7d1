/* tern-text-split.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * TernTextSplitFlags:
 * @TERN_TEXT_SPLIT_NONE: parts as they are
 * @TERN_TEXT_SPLIT_NUMBER: end each part with " N/TOTAL" (only when there
 *   is more than one part)
 *
 * How tern_text_split() writes the parts.
 */
typedef enum
{
  TERN_TEXT_SPLIT_NONE   = 0,
  TERN_TEXT_SPLIT_NUMBER = 1 << 0,
} TernTextSplitFlags;

char **tern_text_split_at_breaks (const char         *text);
char **tern_text_split           (const char         *text,
                                  TernTextSplitFlags  flags);

G_END_DECLS
