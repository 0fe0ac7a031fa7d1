/* tern-media-rules.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tern-media-info.h"

G_BEGIN_DECLS

/* X's published limits (XAPI.md), in one place. Sizes are in bytes with
 * X's "MB" read as MiB. Video dimensions are orientation-free: the long
 * side against the first number, the short side against the second, so a
 * portrait 720×1280 phone video is within 1280×1024. */
typedef struct
{
  guint64 image_max_bytes;          /* 5 MB */
  guint   image_max_side;           /* 4096: X shrinks larger images itself */
  guint64 gif_max_bytes;            /* 15 MB, animated GIF */
  guint   gif_max_frames;           /* 350 */
  guint64 gif_max_pixels;           /* 300 million: width × height × frames */
  guint   gif_recommended_width;    /* 1280 */
  guint   gif_recommended_height;   /* 1080 */
  guint64 video_max_bytes;          /* 512 MB */
  gint64  video_min_duration_usec;  /* 0.5 s */
  gint64  video_max_duration_usec;  /* 140 s */
  guint   video_min_side;           /* 32 */
  guint   video_max_long_side;      /* 1280 */
  guint   video_max_short_side;     /* 1024 */
  guint   video_tier_long_side;     /* 1920: beyond 1280×1024 up to here, a warning */
  guint   video_tier_short_side;    /* 1200 */
  guint   video_max_fps;            /* 60 */
  guint   video_max_aspect;         /* 3: display aspect between 1:3 and 3:1 */
  guint   video_max_keyframe_interval; /* 300 frames ("a few hundred", XAPI.md) */
  guint   audio_max_channels;       /* 2 */
  guint   alt_text_max_chars;       /* 1000 */
} TernMediaLimits;

const TernMediaLimits *tern_media_limits (void);

typedef enum
{
  TERN_MEDIA_SEVERITY_WARNING,   /* informs; posting goes ahead */
  TERN_MEDIA_SEVERITY_ERROR,     /* X would reject it: blocks posting */
} TernMediaSeverity;

#define TERN_TYPE_MEDIA_PROBLEM (tern_media_problem_get_type ())

typedef struct
{
  TernMediaSeverity  severity;
  char              *code;         /* stable id, e.g. "video-too-long" */
  char              *message;      /* translated, with actual and allowed values:
                                    * the summary, then the fix if any */
  gboolean           convertible;  /* tern-transcoder fixes it */
  char              *summary;      /* what is wrong, without the fix */
  char              *fix;          /* how Convert fixes it, or NULL */
} TernMediaProblem;

GType             tern_media_problem_get_type   (void) G_GNUC_CONST;
TernMediaProblem *tern_media_problem_new        (TernMediaSeverity        severity,
                                                 const char              *code,
                                                 gboolean                 convertible,
                                                 const char              *message);
/* A problem Convert fixes when @fix (one sentence) is not NULL. */
TernMediaProblem *tern_media_problem_new_with_fix (TernMediaSeverity      severity,
                                                 const char              *code,
                                                 const char              *summary,
                                                 const char              *fix);
TernMediaProblem *tern_media_problem_copy       (const TernMediaProblem  *problem);
void              tern_media_problem_free       (TernMediaProblem        *problem);
JsonNode         *tern_media_problem_to_json    (const TernMediaProblem  *problem);
const char       *tern_media_severity_to_string (TernMediaSeverity        severity);

/* Applies X's limits to @info. Returns: (transfer full) (element-type
 * TernMediaProblem): the problems, errors first, possibly empty. */
GPtrArray        *tern_media_rules_check        (const TernMediaInfo     *info);

/* Returns: (nullable) (transfer full): an error if @alt_text is over
 * X's 1000-character limit. */
TernMediaProblem *tern_media_rules_check_alt_text (const char            *alt_text);

/* Returns: (nullable) (transfer full): an error when the attachments of
 * one post break X's mix: up to 4 images, or 1 animated GIF, or 1 video. */
TernMediaProblem *tern_media_rules_check_mix    (const TernAttachmentKind *kinds,
                                                 guint                     n_kinds);

/* Whether any problem in @problems blocks posting. */
gboolean          tern_media_problems_block     (GPtrArray               *problems);
/* Whether converting fixes at least one problem in @problems (an error or
 * a warning) and every error: then Convert is offered. */
gboolean          tern_media_problems_convertible (GPtrArray             *problems);
/* Returns: (nullable) (transfer full): the problems of @severity, one a
 * line; when several have the same fix (Convert), the fix is said once,
 * on a last line. NULL when there is none. */
char             *tern_media_problems_describe  (GPtrArray               *problems,
                                                 TernMediaSeverity        severity);
/* The name people know a codec or container by ("h264" → "H.264",
 * "vp9" → "VP9"); @codec itself when Tern does not know it. */
const char       *tern_media_codec_display_name (const char              *codec);

/* "2:20", or "0.3 s" under a second. */
char             *tern_media_format_duration    (gint64                   usec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TernMediaProblem, tern_media_problem_free)

G_END_DECLS
