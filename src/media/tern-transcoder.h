/* tern-transcoder.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TERN_TYPE_TRANSCODER (tern_transcoder_get_type ())

G_DECLARE_FINAL_TYPE (TernTranscoder, tern_transcoder, TERN, TRANSCODER, GObject)

/* Converts a video (or a still image, through TernImageConverter) to
 * what X accepts. A video: H.264 High, YUV 4:2:0, square
 * pixels, at most 1280×1024 and 60 fps, within 512 MB, AAC-LC stereo, MP4
 * with the index first; optionally (default on) trimmed to 2:20. Writes to
 * "OUTPUT.part" and renames it on success; a failure or a cancel deletes
 * the partial file.
 *
 * Properties: "input", "output" (GFile, construct-only), "trim" (boolean),
 * "progress" (double 0..1, notified on the main context that was current
 * when run_async was called), "video-encoder" and "audio-encoder" (the
 * element names chosen, once running), "image-quality" (the highest JPEG
 * quality an image conversion may use, 30..100, default 90).
 *
 * An image's copy is a JPEG, or a PNG when it has transparency; "output"
 * then changes (and notifies) to the name actually written when its
 * extension did not match. */
TernTranscoder *tern_transcoder_new               (GFile                *input,
                                                   GFile                *output);
GFile          *tern_transcoder_get_input         (TernTranscoder       *self);
GFile          *tern_transcoder_get_output        (TernTranscoder       *self);
gboolean        tern_transcoder_get_trim          (TernTranscoder       *self);
void            tern_transcoder_set_trim          (TernTranscoder       *self,
                                                   gboolean              trim);
guint           tern_transcoder_get_image_quality (TernTranscoder       *self);
void            tern_transcoder_set_image_quality (TernTranscoder       *self,
                                                   guint                 quality);
double          tern_transcoder_get_progress      (TernTranscoder       *self);
const char     *tern_transcoder_get_video_encoder (TernTranscoder       *self);
const char     *tern_transcoder_get_audio_encoder (TernTranscoder       *self);

void            tern_transcoder_run_async         (TernTranscoder       *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean        tern_transcoder_run_finish        (TernTranscoder       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* The first installed element of @candidates (NULL: Tern's preference
 * list). Fails with TERN_MEDIA_ERROR_NO_ENCODER naming the packages that
 * would provide one. */
char           *tern_transcoder_find_video_encoder (const char * const  *candidates,
                                                    GError             **error);
char           *tern_transcoder_find_audio_encoder (const char * const  *candidates,
                                                    GError             **error);

G_END_DECLS
