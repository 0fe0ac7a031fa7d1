/* tern-post.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tern-client.h"
#include "tern-draft.h"
#include "tern-draft-store.h"
#include "tern-upload.h"

G_BEGIN_DECLS

/* X's size limits per kind (XAPI.md: 5 MB, 15 MB, 512 MB). */
#define TERN_POST_MAX_IMAGE_BYTES (5 * 1024 * 1024)
#define TERN_POST_MAX_GIF_BYTES   (15 * 1024 * 1024)
#define TERN_POST_MAX_VIDEO_BYTES (512 * 1024 * 1024)

/**
 * TernPostPhase:
 * @TERN_POST_PHASE_NONE: not started
 * @TERN_POST_PHASE_VALIDATE: checking the draft and its files, nothing sent
 * @TERN_POST_PHASE_ACCOUNT: asking X who the account is
 * @TERN_POST_PHASE_UPLOAD: uploading the current post's media
 * @TERN_POST_PHASE_CREATE: creating the current post
 * @TERN_POST_PHASE_CHECK_DUPLICATE: a create may have happened unheard (an
 *   earlier send's intent, a lost answer, a cancel, a duplicate); looking
 *   at the account's latest posts for it
 * @TERN_POST_PHASE_DONE: every post exists
 * @TERN_POST_PHASE_FAILED: stopped; the draft keeps the error
 */
typedef enum
{
  TERN_POST_PHASE_NONE,
  TERN_POST_PHASE_VALIDATE,
  TERN_POST_PHASE_ACCOUNT,
  TERN_POST_PHASE_UPLOAD,
  TERN_POST_PHASE_CREATE,
  TERN_POST_PHASE_CHECK_DUPLICATE,
  TERN_POST_PHASE_DONE,
  TERN_POST_PHASE_FAILED,
} TernPostPhase;

#define TERN_TYPE_POST_PHASE (tern_post_phase_get_type ())
GType tern_post_phase_get_type (void);

#define TERN_TYPE_POST (tern_post_get_type ())

G_DECLARE_FINAL_TYPE (TernPost, tern_post, TERN, POST, GObject)

TernPost       *tern_post_new                     (TernClient      *client,
                                                   TernDraft       *draft);
TernDraft      *tern_post_get_draft               (TernPost        *self);
TernClient     *tern_post_get_client              (TernPost        *self);
void            tern_post_set_store               (TernPost        *self,
                                                   TernDraftStore  *store);
TernPostPhase   tern_post_get_phase               (TernPost        *self);
guint           tern_post_get_current_index       (TernPost        *self);
TernUpload     *tern_post_get_current_upload      (TernPost        *self);
const char     *tern_post_get_status_message      (TernPost        *self);
const char     *tern_post_get_user_id             (TernPost        *self);
const char     *tern_post_get_username            (TernPost        *self);
void            tern_post_set_parallelism         (TernPost        *self,
                                                   guint            parallelism);
void            tern_post_set_chunk_size          (TernPost        *self,
                                                   guint            chunk_size);
void            tern_post_set_processing_wait_cap (TernPost        *self,
                                                   guint            seconds);

void            tern_post_send_async              (TernPost        *self,
                                                   GCancellable    *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer         user_data);
void            tern_post_check_async             (TernPost        *self,
                                                   GCancellable    *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer         user_data);
gboolean        tern_post_send_finish             (TernPost        *self,
                                                   GAsyncResult    *result,
                                                   GError         **error);
gboolean        tern_post_get_adopted             (TernPost        *self,
                                                   guint            index);

gboolean        tern_post_validate_draft          (TernDraft       *draft,
                                                   GError         **error);
gboolean        tern_post_texts_match             (const char      *sent,
                                                   const char      *seen);
gboolean        tern_post_request_matches         (JsonObject      *request,
                                                   JsonObject      *tweet);

G_END_DECLS
