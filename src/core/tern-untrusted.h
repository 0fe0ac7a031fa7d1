/* tern-untrusted.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

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

/* Deeper than anything X, a sign-in server or Tern itself writes. */
#define TERN_UNTRUSTED_JSON_MAX_DEPTH 64

gboolean tern_untrusted_json_check_depth          (const char   *data,
                                        gsize         length,
                                        guint         max_depth,
                                        GError      **error);
const char *tern_untrusted_json_string        (JsonObject   *object,
                                        const char   *member);
const char *tern_untrusted_json_string_or     (JsonObject   *object,
                                        const char   *member,
                                        const char   *fallback);
const char *tern_untrusted_json_id            (JsonObject   *object,
                                        const char   *member);
gboolean tern_untrusted_json_load          (JsonParser   *parser,
                                        const char   *data,
                                        gssize        length,
                                        GError      **error);

G_END_DECLS
