/* tern-x.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tern-attachment.h"

G_BEGIN_DECLS

/* X's rules and addresses, written once: the window, TernPost, the media
 * checks and the command line all ask here (XAPI.md). */

/* The official API; "https://api.twitter.com" is the same API. */
#define TERN_X_API_BASE "https://api.x.com"

#define TERN_X_ERROR (tern_x_error_quark ())

/**
 * TernXError:
 * @TERN_X_ERROR_TOO_MANY_IMAGES: more than 4 images in one post
 * @TERN_X_ERROR_IMAGES_WITH_VIDEO: images together with a video or a GIF
 * @TERN_X_ERROR_TOO_MANY_VIDEOS: more than one video or GIF in one post
 * @TERN_X_ERROR_POLL_WITH_QUOTE: a poll in a post that quotes another
 * @TERN_X_ERROR_POLL_WITH_MEDIA: a poll in a post with media
 * @TERN_X_ERROR_MEDIA_WITH_QUOTE: media in a post that quotes another
 *
 * Ways the media of one post break X's mix rule, and the kinds of post X
 * does not combine in one post.
 */
typedef enum
{
  TERN_X_ERROR_TOO_MANY_IMAGES = 1,
  TERN_X_ERROR_IMAGES_WITH_VIDEO,
  TERN_X_ERROR_TOO_MANY_VIDEOS,
  TERN_X_ERROR_POLL_WITH_QUOTE,
  TERN_X_ERROR_POLL_WITH_MEDIA,
  TERN_X_ERROR_MEDIA_WITH_QUOTE,
} TernXError;

#define TERN_X_MAX_IMAGES 4

GQuark    tern_x_error_quark          (void);

gboolean  tern_x_is_official_api_base (const char               *api_base);
char     *tern_x_post_url             (const char               *api_base,
                                       const char               *username,
                                       const char               *id);
TernAttachmentKind tern_x_mix_kind       (TernAttachmentKind        kind,
                                         const char               *mime_type);
gboolean  tern_x_check_media_mix      (const TernAttachmentKind *kinds,
                                       guint                     n_kinds,
                                       GError                  **error);

/* X's rules for the kinds of post beyond text and media: replies, quotes,
 * polls, who can reply, and subtitles. The CLI, the window and the sender
 * all ask these; none keeps its own copy of a limit.
 *
 * Failures are G_IO_ERROR_INVALID_ARGUMENT (a value X refuses) or
 * G_IO_ERROR_INVALID_DATA (a subtitle file that does not parse), with a
 * message that says what to change. */

/* CreatePostsRequest.poll in X's OpenAPI spec (@xdevplatform/xdk). */
#define TERN_X_POLL_MIN_OPTIONS        2
#define TERN_X_POLL_MAX_OPTIONS        4
#define TERN_X_POLL_OPTION_MAX_CHARS  25
#define TERN_X_POLL_MIN_MINUTES        5
#define TERN_X_POLL_MAX_MINUTES    10080   /* 7 days */
#define TERN_X_POLL_DEFAULT_MINUTES 1440   /* X's own composer: 1 day */

/* The subtitles media category's size limit (5 MB). */
#define TERN_X_SUBTITLES_MAX_BYTES (5 * 1000 * 1000)

/* Subtitles may end this much after the video without being refused: the
 * last cue's end is often rounded up. */
#define TERN_X_SUBTITLES_SLACK_MS 1000

typedef enum
{
  TERN_SUBTITLES_FORMAT_SRT,
  TERN_SUBTITLES_FORMAT_VTT,
} TernSubtitlesFormat;

gboolean     tern_x_parse_post_address    (const char           *text,
                                           const char           *api_base,
                                           char                **id,
                                           char                **username,
                                           GError              **error);
gboolean     tern_x_post_id_is_valid      (const char           *id);

gboolean     tern_x_check_combination     (gboolean              quotes,
                                           gboolean              poll,
                                           guint                 n_media,
                                           GError              **error);
gboolean     tern_x_check_poll            (const char * const   *options,
                                           guint                 duration_minutes,
                                           GError              **error);
gboolean     tern_x_parse_poll_duration   (const char           *text,
                                           guint                *minutes,
                                           GError              **error);
char        *tern_x_format_poll_duration  (guint                 minutes);

gboolean     tern_x_reply_settings_is_valid (const char         *value);
const char * const *tern_x_reply_settings_values (void);
const char  *tern_x_reply_settings_describe (const char         *value);

gboolean     tern_x_parse_subtitles       (const char           *data,
                                           gsize                 length,
                                           TernSubtitlesFormat  *format,
                                           guint                *n_cues,
                                           gint64               *end_ms,
                                           GError              **error);
const char  *tern_x_subtitles_mime_type   (TernSubtitlesFormat   format);
gboolean     tern_x_check_subtitles_fit   (gint64                end_ms,
                                           gint64                video_ms,
                                           GError              **error);
gboolean     tern_x_language_code_is_valid (const char          *code);

G_END_DECLS
