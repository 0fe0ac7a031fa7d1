/* tern-subtitle-row.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/draft/tern-attachment.h"

G_BEGIN_DECLS

#define TERN_TYPE_SUBTITLE_ROW (tern_subtitle_row_get_type ())

G_DECLARE_FINAL_TYPE (TernSubtitleRow, tern_subtitle_row, TERN, SUBTITLE_ROW, GtkWidget)

/* A video's subtitles, under its tile: the .srt or .vtt file, its language,
 * and whether X takes them (they parse, and fit the video's length).
 * Properties: "attachment", "video-duration" (milliseconds, 0 when not
 * known), "valid" and "message" (read-only), "busy" (read-only: the file
 * is being read). */
GtkWidget      *tern_subtitle_row_new                (void);
TernAttachment *tern_subtitle_row_get_attachment     (TernSubtitleRow *self);
void            tern_subtitle_row_set_attachment     (TernSubtitleRow *self,
                                                      TernAttachment  *attachment);
void            tern_subtitle_row_set_video_duration (TernSubtitleRow *self,
                                                      gint64           milliseconds);
gboolean        tern_subtitle_row_get_valid          (TernSubtitleRow *self);
const char     *tern_subtitle_row_get_message        (TernSubtitleRow *self);
gboolean        tern_subtitle_row_get_busy           (TernSubtitleRow *self);
void            tern_subtitle_row_set_file           (TernSubtitleRow *self,
                                                      GFile           *file);

G_END_DECLS
