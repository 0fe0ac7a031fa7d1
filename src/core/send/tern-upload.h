/* tern-upload.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tern-attachment.h"
#include "tern-client.h"

G_BEGIN_DECLS

/**
 * TernUploadPhase:
 * @TERN_UPLOAD_PHASE_NONE: not started
 * @TERN_UPLOAD_PHASE_CHECK: looking at the file and at any earlier attempt
 * @TERN_UPLOAD_PHASE_ONE_SHOT: sending an image in one request
 * @TERN_UPLOAD_PHASE_INIT: asking X for a media id
 * @TERN_UPLOAD_PHASE_APPEND: sending segments
 * @TERN_UPLOAD_PHASE_FINALIZE: telling X every segment is there
 * @TERN_UPLOAD_PHASE_PROCESSING: waiting for X to process the media
 * @TERN_UPLOAD_PHASE_METADATA: setting the alt text
 * @TERN_UPLOAD_PHASE_DONE: the media id can be posted
 * @TERN_UPLOAD_PHASE_FAILED: stopped with an error
 *
 * The states of one attachment's upload, in order.
 */
typedef enum
{
  TERN_UPLOAD_PHASE_NONE,
  TERN_UPLOAD_PHASE_CHECK,
  TERN_UPLOAD_PHASE_ONE_SHOT,
  TERN_UPLOAD_PHASE_INIT,
  TERN_UPLOAD_PHASE_APPEND,
  TERN_UPLOAD_PHASE_FINALIZE,
  TERN_UPLOAD_PHASE_PROCESSING,
  TERN_UPLOAD_PHASE_METADATA,
  TERN_UPLOAD_PHASE_DONE,
  TERN_UPLOAD_PHASE_FAILED,
} TernUploadPhase;

/* Enough segments waiting for X to keep it busy while each waits out X's
 * time per APPEND (150 ms in build-aux/bench-upload.sh): with 3 in flight
 * the simulator sat idle about 7 s of a 20 s upload of 512 MB, with 8 about
 * 3.5 s of 15 (1 s of it the processing wait X asks for). Only one body is
 * on the wire at a time, so more in flight does not split a slow link. */
#define TERN_UPLOAD_DEFAULT_PARALLELISM      8
#define TERN_UPLOAD_DEFAULT_CHUNK_SIZE       (4 * 1024 * 1024)
#define TERN_UPLOAD_MIN_CHUNK_SIZE           (1024 * 1024)
#define TERN_UPLOAD_MAX_SEGMENTS             1000
#define TERN_UPLOAD_DEFAULT_PROCESSING_CAP   600
#define TERN_UPLOAD_MAX_ALT_TEXT             1000

/* The attachment's "upload-state", which TernUpload owns (the draft only
 * saves and restores it), is a JSON object:
 *
 *   version        1
 *   phase          "init" "append" "finalize" "processing" "metadata" "done"
 *   media_id       X's media id (string), once INIT or the one-shot answered
 *   expires_at     Unix seconds when X said the media id expires
 *   category       "tweet_image" "tweet_gif" "tweet_video"
 *   media_type     the MIME type sent at INIT
 *   total_bytes    the file's size, as sent at INIT
 *   file_size      the file's size and modification time (microseconds) when
 *   file_mtime_us    the upload started: a file that differs is uploaded anew
 *   chunk_size     the segment size now (halved after a 413 or 431)
 *   segments       [[index, offset, length], ...] acknowledged by X
 *   alt_text_set   the alt text X has for the media, once set
 *
 * A later run goes on from it while the media id has more than five minutes
 * left and the file is unchanged; otherwise that attachment starts over. */

#define TERN_TYPE_UPLOAD_PHASE (tern_upload_phase_get_type ())
GType tern_upload_phase_get_type (void);

#define TERN_TYPE_UPLOAD (tern_upload_get_type ())

G_DECLARE_FINAL_TYPE (TernUpload, tern_upload, TERN, UPLOAD, GObject)

TernUpload      *tern_upload_new                       (TernClient           *client,
                                                        TernAttachment       *attachment);
TernAttachment  *tern_upload_get_attachment            (TernUpload           *self);
TernUploadPhase  tern_upload_get_phase                 (TernUpload           *self);
guint64          tern_upload_get_total_bytes           (TernUpload           *self);
guint64          tern_upload_get_acknowledged_bytes    (TernUpload           *self);
int              tern_upload_get_processing_percent    (TernUpload           *self);
double           tern_upload_get_fraction              (TernUpload           *self);
const char      *tern_upload_get_media_id              (TernUpload           *self);
const char      *tern_upload_get_status_message        (TernUpload           *self);
gboolean         tern_upload_get_resumed               (TernUpload           *self);

guint            tern_upload_get_parallelism           (TernUpload           *self);
void             tern_upload_set_parallelism           (TernUpload           *self,
                                                        guint                 parallelism);
guint            tern_upload_get_chunk_size            (TernUpload           *self);
void             tern_upload_set_chunk_size            (TernUpload           *self,
                                                        guint                 chunk_size);
guint            tern_upload_get_processing_wait_cap   (TernUpload           *self);
void             tern_upload_set_processing_wait_cap   (TernUpload           *self,
                                                        guint                 seconds);

void             tern_upload_run_async                 (TernUpload           *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
char            *tern_upload_run_finish                (TernUpload           *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

const char      *tern_upload_category_for_kind         (TernAttachmentKind    kind);
const char      *tern_upload_category_for_attachment   (TernAttachmentKind    kind,
                                                        const char           *mime_type);
const char      *tern_upload_state_get_media_id        (JsonNode             *state);
gboolean         tern_upload_state_is_reusable         (JsonNode             *state);

G_END_DECLS
