/* tern-referenced-post.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tern-client.h"

G_BEGIN_DECLS

#define TERN_TYPE_REFERENCED_POST (tern_referenced_post_get_type ())

G_DECLARE_FINAL_TYPE (TernReferencedPost, tern_referenced_post, TERN, REFERENCED_POST, GObject)

/* A post on X that a draft replies to or quotes, as X showed it: enough
 * for a small card (author, text, whether it has media). Read-only
 * properties "id", "author-name", "author-username", "text", "has-media". */
void                tern_referenced_post_fetch_async      (TernClient          *client,
                                                           const char          *id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
TernReferencedPost *tern_referenced_post_fetch_finish     (GAsyncResult        *result,
                                                           GError             **error);
TernReferencedPost *tern_referenced_post_new_from_json    (JsonNode            *body,
                                                           const char          *id,
                                                           GError             **error);

const char         *tern_referenced_post_get_id           (TernReferencedPost  *self);
const char         *tern_referenced_post_get_author_name  (TernReferencedPost  *self);
const char         *tern_referenced_post_get_author_username (TernReferencedPost *self);
const char         *tern_referenced_post_get_text         (TernReferencedPost  *self);
gboolean            tern_referenced_post_get_has_media    (TernReferencedPost  *self);

G_END_DECLS
