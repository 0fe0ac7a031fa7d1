/* tern-video-preview.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TERN_TYPE_VIDEO_PREVIEW (tern_video_preview_get_type ())

G_DECLARE_FINAL_TYPE (TernVideoPreview, tern_video_preview, TERN, VIDEO_PREVIEW, GtkWidget)

/* Plays a video inside Tern: a GStreamer pipeline Tern builds hands frames
 * from its streaming thread to the main thread, where they go into a
 * TernVideoPaintable shown by a GtkPicture; play/pause and a position
 * scale. Properties: "file" (GFile), "playing" (boolean), "paintable"
 * (the TernVideoPaintable, read-only). */
GtkWidget    *tern_video_preview_new           (void);
GFile        *tern_video_preview_get_file      (TernVideoPreview *self);
/* Loads @file (or unloads with NULL) and shows its first frame, paused. */
void          tern_video_preview_set_file      (TernVideoPreview *self,
                                                GFile            *file);
gboolean      tern_video_preview_get_playing   (TernVideoPreview *self);
void          tern_video_preview_set_playing   (TernVideoPreview *self,
                                                gboolean          playing);
GdkPaintable *tern_video_preview_get_paintable (TernVideoPreview *self);
/* The last playback error shown to the user, or NULL. */
const char   *tern_video_preview_get_error     (TernVideoPreview *self);

G_END_DECLS
