/* tern-media-info.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "core/draft/tern-attachment.h"

G_BEGIN_DECLS

#define TERN_MEDIA_ERROR (tern_media_error_quark ())

typedef enum
{
  TERN_MEDIA_ERROR_EMPTY = 1,       /* the file has no bytes */
  TERN_MEDIA_ERROR_UNSUPPORTED,     /* not an image or video Tern knows */
  TERN_MEDIA_ERROR_DAMAGED,         /* a known format, but truncated or broken */
  TERN_MEDIA_ERROR_CHANGED,         /* the file changed or vanished while held */
  TERN_MEDIA_ERROR_TIMEOUT,         /* probing took too long */
  TERN_MEDIA_ERROR_NO_ENCODER,      /* no installed encoder for conversion */
  TERN_MEDIA_ERROR_FAILED,          /* conversion or playback failed */
} TernMediaError;

GQuark tern_media_error_quark (void);

#define TERN_TYPE_MEDIA_INFO (tern_media_info_get_type ())

/* What a file really is, from its bytes (never its name). Plain fields so
 * the rules and their tests can build one directly. Strings are owned;
 * unknown values are NULL or 0. */
typedef struct
{
  TernAttachmentKind kind;
  char     *mime_type;       /* "image/png", "video/mp4", ... */
  char     *format;          /* images: "jpeg" "png" "gif" "webp" "bmp" "tiff";
                              * video: the container: "mp4" "quicktime"
                              * "matroska" "webm" "mpegts" "avi" "ogg" ... */
  guint64   size;            /* bytes */
  gint64    mtime_usec;      /* modification time when probed */

  /* images and video */
  guint     width;           /* pixels as stored */
  guint     height;
  guint     n_frames;        /* images: 1, or the frame count of an animation */

  /* video */
  gboolean  has_video;
  char     *video_codec;     /* "h264" "hevc" "vp8" "vp9" "av1" "mpeg4" ... */
  char     *video_profile;   /* "high" "main" "high-4:4:4" ..., or NULL */
  guint     par_n;           /* pixel aspect ratio; 1/1 is square */
  guint     par_d;
  guint     fps_n;           /* frame rate; 0/1 when variable or unknown */
  guint     fps_d;
  gint64    duration_usec;
  char     *chroma_format;   /* "4:2:0" "4:2:2" "4:4:4", NULL if unknown */
  guint     bit_depth;       /* luma bits, 0 if unknown */
  gboolean  interlaced;
  guint     bitrate;         /* bits per second over the whole file */
  gboolean  index_first;     /* MP4/MOV: the moov box comes before mdat */
  guint     keyframe_interval; /* MP4/MOV: most frames from one keyframe to
                              * the next (or to the end), 0 if unknown */
  gboolean  open_gop;        /* MP4/MOV H.264: a keyframe is not an IDR picture */

  /* audio */
  gboolean  has_audio;
  char     *audio_codec;     /* "aac" "mp3" "opus" "vorbis" "ac3" ... */
  char     *audio_profile;   /* AAC: "lc" "he-aac" "he-aac-v2" "main" ... */
  guint     channels;
  guint     sample_rate;
} TernMediaInfo;

GType          tern_media_info_get_type      (void) G_GNUC_CONST;
TernMediaInfo *tern_media_info_new           (void);
TernMediaInfo *tern_media_info_copy          (const TernMediaInfo  *info);
void           tern_media_info_free          (TernMediaInfo        *info);

/* Probes @file: reads its headers (not the whole file), uses GstDiscoverer
 * for audio and video (10 s timeout) and gdk-pixbuf for images. Blocks:
 * call it from a worker thread or a command-line tool, or use the async
 * variant. Errors are TERN_MEDIA_ERROR with a message a person can act on,
 * or G_IO_ERROR_CANCELLED. */
TernMediaInfo *tern_media_info_probe         (GFile                *file,
                                              GCancellable         *cancellable,
                                              GError              **error);
void           tern_media_info_probe_async   (GFile                *file,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
TernMediaInfo *tern_media_info_probe_finish  (GAsyncResult         *result,
                                              GError              **error);

/* Whether @file still is the file that was probed (same size and mtime).
 * Use it before uploading: a file that changed must be probed again. */
gboolean       tern_media_info_check_unchanged (const TernMediaInfo *info,
                                                GFile               *file,
                                                GError             **error);

/* A JSON object with every known field, for `tern post --dry-run --json`. */
JsonNode      *tern_media_info_to_json       (const TernMediaInfo  *info);

/* "image", "gif", "video" or "unknown". */
const char    *tern_media_kind_to_string     (TernAttachmentKind    kind);

/* Calls gst_init() once; safe from any thread. */
void           tern_media_init               (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TernMediaInfo, tern_media_info_free)

G_END_DECLS
