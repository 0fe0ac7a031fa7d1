/* tern-untrusted.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *tern_untrusted_clean_text     (const char *text,
                                         gssize      length);
char     *tern_untrusted_clean_lines    (const char *text,
                                         gssize      length);
gboolean  tern_untrusted_id_is_valid    (const char *id);
gint64    tern_untrusted_clamp_seconds  (gint64      seconds,
                                         gint64      min,
                                         gint64      max);
gint64    tern_untrusted_time_after     (gint64      now,
                                         gint64      seconds,
                                         gint64      max_seconds);

G_END_DECLS
