/* tern-animation-paintable.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TERN_TYPE_ANIMATION_PAINTABLE (tern_animation_paintable_get_type ())

G_DECLARE_FINAL_TYPE (TernAnimationPaintable, tern_animation_paintable, TERN, ANIMATION_PAINTABLE, GObject)

/* Plays a GdkPixbufAnimation (an animated GIF) as a GdkPaintable, frame
 * by frame at the delays the file gives, looping as the file says. Frames
 * advance on the main context's timeouts while "playing" is TRUE (the
 * default); "frames-shown" counts the frames shown so far. */
GdkPaintable *tern_animation_paintable_new              (GdkPixbufAnimation     *animation);
gboolean      tern_animation_paintable_get_playing      (TernAnimationPaintable *self);
void          tern_animation_paintable_set_playing      (TernAnimationPaintable *self,
                                                         gboolean                playing);
guint         tern_animation_paintable_get_frames_shown (TernAnimationPaintable *self);

G_END_DECLS
