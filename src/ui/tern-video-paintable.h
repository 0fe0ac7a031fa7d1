/* tern-video-paintable.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TERN_TYPE_VIDEO_PAINTABLE (tern_video_paintable_get_type ())

G_DECLARE_FINAL_TYPE (TernVideoPaintable, tern_video_paintable, TERN, VIDEO_PAINTABLE, GObject)

/* A GdkPaintable showing the latest video frame. Its intrinsic size is the
 * video's display size (pixel aspect applied). Main thread only. */
TernVideoPaintable *tern_video_paintable_new          (void);
/* Shows @texture, stored with pixels @par_n:@par_d wide:high. Invalidates
 * the size when the display size changes and the contents always. */
void                tern_video_paintable_set_frame    (TernVideoPaintable *self,
                                                       GdkTexture         *texture,
                                                       int                 par_n,
                                                       int                 par_d);
GdkTexture         *tern_video_paintable_get_texture  (TernVideoPaintable *self);
guint               tern_video_paintable_get_n_frames (TernVideoPaintable *self);

G_END_DECLS
