/* tern-draft-post.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tern-attachment.h"

G_BEGIN_DECLS

#define TERN_DRAFT_POST_MAX_ATTACHMENTS 4

#define TERN_TYPE_DRAFT_POST (tern_draft_post_get_type ())

G_DECLARE_FINAL_TYPE (TernDraftPost, tern_draft_post, TERN, DRAFT_POST, GObject)

/* One post of a thread: its text, its attachments (a GListModel of
 * TernAttachment), and, once X created it, the post's id. Properties "text"
 * and "posted-id" notify; the attachments model emits items-changed.
 *
 * The intent is what Tern is about to ask X to create (the create request
 * and when it was made), saved before the request goes out. An intent
 * without a posted id means X may have created the post without Tern
 * hearing of it: the next send looks before posting. Setting a posted id
 * clears the intent. */
TernDraftPost *tern_draft_post_new               (void);
const char    *tern_draft_post_get_text          (TernDraftPost  *self);
void           tern_draft_post_set_text          (TernDraftPost  *self,
                                                  const char     *text);
GListModel    *tern_draft_post_get_attachments   (TernDraftPost  *self);
void           tern_draft_post_add_attachment    (TernDraftPost  *self,
                                                  TernAttachment *attachment);
void           tern_draft_post_remove_attachment (TernDraftPost  *self,
                                                  TernAttachment *attachment);
void           tern_draft_post_insert_attachment (TernDraftPost  *self,
                                                  guint           position,
                                                  TernAttachment *attachment);
void           tern_draft_post_replace_attachment (TernDraftPost  *self,
                                                   TernAttachment *old,
                                                   TernAttachment *replacement);
void           tern_draft_post_move_attachment   (TernDraftPost  *self,
                                                  guint           from,
                                                  guint           to);
const char    *tern_draft_post_get_posted_id     (TernDraftPost  *self);
void           tern_draft_post_set_posted_id     (TernDraftPost  *self,
                                                  const char     *posted_id);
const char * const *tern_draft_post_get_poll_options (TernDraftPost   *self);
void           tern_draft_post_set_poll_options  (TernDraftPost      *self,
                                                  const char * const *options);
guint          tern_draft_post_get_poll_duration (TernDraftPost  *self);
void           tern_draft_post_set_poll_duration (TernDraftPost  *self,
                                                  guint           minutes);
gboolean       tern_draft_post_is_poll           (TernDraftPost  *self);
JsonObject    *tern_draft_post_get_intent        (TernDraftPost  *self);
void           tern_draft_post_set_intent        (TernDraftPost  *self,
                                                  JsonObject     *intent);

/* Saving and restoring, used by TernDraft. The post also emits "changed"
 * after any change to itself or one of its attachments. */
JsonNode      *tern_draft_post_to_json           (TernDraftPost  *self);
TernDraftPost *tern_draft_post_new_from_json     (JsonNode       *node,
                                                  GError        **error);

G_END_DECLS
