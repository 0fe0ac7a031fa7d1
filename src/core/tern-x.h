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
 *
 * Ways the media of one post break X's mix rule.
 */
typedef enum
{
  TERN_X_ERROR_TOO_MANY_IMAGES = 1,
  TERN_X_ERROR_IMAGES_WITH_VIDEO,
  TERN_X_ERROR_TOO_MANY_VIDEOS,
} TernXError;

#define TERN_X_MAX_IMAGES 4

GQuark    tern_x_error_quark          (void);

gboolean  tern_x_is_official_api_base (const char               *api_base);
char     *tern_x_post_url             (const char               *api_base,
                                       const char               *username,
                                       const char               *id);
gboolean  tern_x_check_media_mix      (const TernAttachmentKind *kinds,
                                       guint                     n_kinds,
                                       GError                  **error);

G_END_DECLS
