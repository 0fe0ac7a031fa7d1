/* tern-subtitles-upload.h
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

void      tern_subtitles_check_async   (TernAttachment       *video,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean  tern_subtitles_check_finish  (GAsyncResult         *result,
                                        gint64               *end_ms,
                                        GError              **error);

void      tern_subtitles_upload_async  (TernClient           *client,
                                        TernAttachment       *video,
                                        const char           *video_media_id,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
char     *tern_subtitles_upload_finish (GAsyncResult         *result,
                                        GError              **error);

const char *tern_subtitles_language_name (const char         *code);

G_END_DECLS
