/* tern-video-paintable.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-video-paintable"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-video-paintable.h"

struct _TernVideoPaintable
{
  GObject     parent_instance;

  GdkTexture *texture;
  int         width;    /* display size */
  int         height;
  guint       n_frames;
};

static void tern_video_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TernVideoPaintable, tern_video_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, tern_video_paintable_iface_init))

static void
tern_video_paintable_snapshot (GdkPaintable *paintable,
                               GdkSnapshot  *snapshot,
                               double        width,
                               double        height)
{
  TernVideoPaintable *self = TERN_VIDEO_PAINTABLE (paintable);

  if (self->texture != NULL)
    gtk_snapshot_append_texture (GTK_SNAPSHOT (snapshot), self->texture,
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
  else
    gtk_snapshot_append_color (GTK_SNAPSHOT (snapshot), &(GdkRGBA) { 0, 0, 0, 1 },
                               &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static int
tern_video_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return TERN_VIDEO_PAINTABLE (paintable)->width;
}

static int
tern_video_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return TERN_VIDEO_PAINTABLE (paintable)->height;
}

static double
tern_video_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  TernVideoPaintable *self = TERN_VIDEO_PAINTABLE (paintable);

  return self->height > 0 ? (double) self->width / self->height : 0.0;
}

static void
tern_video_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = tern_video_paintable_snapshot;
  iface->get_intrinsic_width = tern_video_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = tern_video_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = tern_video_paintable_get_intrinsic_aspect_ratio;
}

static void
tern_video_paintable_finalize (GObject *object)
{
  TernVideoPaintable *self = TERN_VIDEO_PAINTABLE (object);

  g_clear_object (&self->texture);

  G_OBJECT_CLASS (tern_video_paintable_parent_class)->finalize (object);
}

static void
tern_video_paintable_class_init (TernVideoPaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tern_video_paintable_finalize;
}

static void
tern_video_paintable_init (TernVideoPaintable *self)
{
}

TernVideoPaintable *
tern_video_paintable_new (void)
{
  return g_object_new (TERN_TYPE_VIDEO_PAINTABLE, NULL);
}

void
tern_video_paintable_set_frame (TernVideoPaintable *self,
                                GdkTexture         *texture,
                                int                 par_n,
                                int                 par_d)
{
  int width, height;

  g_return_if_fail (TERN_IS_VIDEO_PAINTABLE (self));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  if (par_n <= 0 || par_d <= 0)
    par_n = par_d = 1;
  width = (int) ((gint64) gdk_texture_get_width (texture) * par_n / par_d);
  height = gdk_texture_get_height (texture);

  g_set_object (&self->texture, texture);
  self->n_frames++;

  if (width != self->width || height != self->height)
    {
      self->width = width;
      self->height = height;
      gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
    }
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

GdkTexture *
tern_video_paintable_get_texture (TernVideoPaintable *self)
{
  g_return_val_if_fail (TERN_IS_VIDEO_PAINTABLE (self), NULL);
  return self->texture;
}

guint
tern_video_paintable_get_n_frames (TernVideoPaintable *self)
{
  g_return_val_if_fail (TERN_IS_VIDEO_PAINTABLE (self), 0);
  return self->n_frames;
}
