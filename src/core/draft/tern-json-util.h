/* tern-json-util.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Reading saved files defensively: a member may be missing or null (then
 * the default is used), but when it is there it must have the right type,
 * else a TERN_DRAFT_ERROR_INVALID naming @what and @member. */
gboolean tern_json_get_optional_string (JsonObject   *object,
                                        const char   *member,
                                        const char   *what,
                                        const char  **value,
                                        GError      **error);
gboolean tern_json_get_optional_int    (JsonObject   *object,
                                        const char   *member,
                                        const char   *what,
                                        gint64        default_value,
                                        gint64       *value,
                                        GError      **error);
gboolean tern_json_get_optional_array  (JsonObject   *object,
                                        const char   *member,
                                        const char   *what,
                                        JsonArray   **value,
                                        GError      **error);
JsonObject *tern_json_expect_object    (JsonNode     *node,
                                        const char   *what,
                                        GError      **error);

G_END_DECLS
