/* tern-draft.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tern-draft-post.h"

G_BEGIN_DECLS

#define TERN_DRAFT_ERROR (tern_draft_error_quark ())

/* Errors from reading a saved draft. */
typedef enum
{
  TERN_DRAFT_ERROR_INVALID = 1,     /* not a draft, or a damaged one */
  TERN_DRAFT_ERROR_NEWER_VERSION,   /* saved by a newer Tern: leave it alone */
} TernDraftError;

#define TERN_DRAFT_FORMAT_VERSION 1

#define TERN_TYPE_DRAFT (tern_draft_get_type ())

GQuark tern_draft_error_quark (void);

G_DECLARE_FINAL_TYPE (TernDraft, tern_draft, TERN, DRAFT, GObject)

/* The unit that is saved, restored and sent: an ordered thread of posts
 * (a GListModel of TernDraftPost, never empty), an id, and the account it
 * goes to. Emits "changed" after any change to itself, a post or an
 * attachment, so the store can save it; "modified" is when that last
 * happened. "last-error" says why the last send stopped; an edit of the
 * text, the attachments or the posts clears it. */
TernDraft     *tern_draft_new             (void);
TernDraft     *tern_draft_new_from_json   (JsonNode    *node,
                                           GError     **error);
JsonNode      *tern_draft_to_json         (TernDraft   *self);
const char    *tern_draft_get_id          (TernDraft   *self);
const char    *tern_draft_get_account     (TernDraft   *self);
void           tern_draft_set_account     (TernDraft   *self,
                                           const char  *account);
GListModel    *tern_draft_get_posts       (TernDraft   *self);
TernDraftPost *tern_draft_get_post        (TernDraft   *self,
                                           guint        position);
TernDraftPost *tern_draft_append_post     (TernDraft   *self);
void           tern_draft_remove_post     (TernDraft   *self,
                                           guint        position);
void           tern_draft_insert_post     (TernDraft     *self,
                                           guint          position,
                                           TernDraftPost *post);
void           tern_draft_move_post       (TernDraft   *self,
                                           guint        from,
                                           guint        to);
const char    *tern_draft_get_last_error  (TernDraft   *self);
void           tern_draft_set_last_error  (TernDraft   *self,
                                           const char  *message);
const char    *tern_draft_get_reply_to    (TernDraft   *self);
void           tern_draft_set_reply_to    (TernDraft   *self,
                                           const char  *post_id);
const char    *tern_draft_get_quote       (TernDraft   *self);
void           tern_draft_set_quote       (TernDraft   *self,
                                           const char  *post_id);
const char    *tern_draft_get_reply_settings (TernDraft *self);
void           tern_draft_set_reply_settings (TernDraft *self,
                                              const char *value);
gint64         tern_draft_get_modified    (TernDraft   *self);
void           tern_draft_set_modified    (TernDraft   *self,
                                           gint64       modified);
char          *tern_draft_dup_first_line  (TernDraft   *self,
                                           guint        max_chars);
gboolean       tern_draft_is_empty        (TernDraft   *self);
gboolean       tern_draft_is_finished     (TernDraft   *self);

G_END_DECLS
