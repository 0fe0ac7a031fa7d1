/* tern-animation-paintable.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-animation-paintable"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-animation-paintable.h"

/* GIFs that ask for no delay are shown at this rate, as browsers do. */
#define MIN_DELAY_MS 20

struct _TernAnimationPaintable
{
  GObject                 parent_instance;

  GdkPixbufAnimation     *animation;
  GdkPixbufAnimationIter *iter;
  GdkTexture             *texture;
  guint                   timeout;
  guint                   frames_shown;
  gboolean                playing;
};

static void tern_animation_paintable_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TernAnimationPaintable, tern_animation_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      tern_animation_paintable_paintable_init))

enum {
  PROP_0,
  PROP_PLAYING,
  PROP_FRAMES_SHOWN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_next (TernAnimationPaintable *self);

static void
show_current_frame (TernAnimationPaintable *self)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_animation_iter_get_pixbuf (self->iter);

  g_clear_object (&self->texture);
  if (pixbuf != NULL)
    self->texture = gdk_texture_new_for_pixbuf (pixbuf);
  self->frames_shown++;
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMES_SHOWN]);
}

static gboolean
advance_cb (gpointer user_data)
{
  TernAnimationPaintable *self = user_data;

  self->timeout = 0;
  /* The iterator picks the frame for the time given: a late timeout
   * skips frames rather than slowing the animation down. */
  if (gdk_pixbuf_animation_iter_advance (self->iter, NULL))
    show_current_frame (self);
  schedule_next (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_next (TernAnimationPaintable *self)
{
  int delay;

  g_clear_handle_id (&self->timeout, g_source_remove);
  if (!self->playing)
    return;
  delay = gdk_pixbuf_animation_iter_get_delay_time (self->iter);
  if (delay < 0)
    return; /* the last frame of an animation that does not loop */
  self->timeout = g_timeout_add (MAX (delay, MIN_DELAY_MS), advance_cb, self);
}

/* ---- GdkPaintable ------------------------------------------------------- */

static void
tern_animation_paintable_snapshot (GdkPaintable *paintable,
                                   GdkSnapshot  *snapshot,
                                   double        width,
                                   double        height)
{
  TernAnimationPaintable *self = TERN_ANIMATION_PAINTABLE (paintable);

  if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static int
tern_animation_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return gdk_pixbuf_animation_get_width (TERN_ANIMATION_PAINTABLE (paintable)->animation);
}

static int
tern_animation_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return gdk_pixbuf_animation_get_height (TERN_ANIMATION_PAINTABLE (paintable)->animation);
}

static GdkPaintable *
tern_animation_paintable_get_current_image (GdkPaintable *paintable)
{
  TernAnimationPaintable *self = TERN_ANIMATION_PAINTABLE (paintable);

  if (self->texture != NULL)
    return g_object_ref (GDK_PAINTABLE (self->texture));
  return gdk_paintable_new_empty (gdk_paintable_get_intrinsic_width (paintable),
                                  gdk_paintable_get_intrinsic_height (paintable));
}

static void
tern_animation_paintable_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = tern_animation_paintable_snapshot;
  iface->get_intrinsic_width = tern_animation_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = tern_animation_paintable_get_intrinsic_height;
  iface->get_current_image = tern_animation_paintable_get_current_image;
}

/* ---- GObject ------------------------------------------------------------ */

static void
tern_animation_paintable_dispose (GObject *object)
{
  TernAnimationPaintable *self = TERN_ANIMATION_PAINTABLE (object);

  g_clear_handle_id (&self->timeout, g_source_remove);

  G_OBJECT_CLASS (tern_animation_paintable_parent_class)->dispose (object);
}

static void
tern_animation_paintable_finalize (GObject *object)
{
  TernAnimationPaintable *self = TERN_ANIMATION_PAINTABLE (object);

  g_clear_object (&self->texture);
  g_clear_object (&self->iter);
  g_clear_object (&self->animation);

  G_OBJECT_CLASS (tern_animation_paintable_parent_class)->finalize (object);
}

static void
tern_animation_paintable_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  TernAnimationPaintable *self = TERN_ANIMATION_PAINTABLE (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_FRAMES_SHOWN:
      g_value_set_uint (value, self->frames_shown);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_animation_paintable_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  TernAnimationPaintable *self = TERN_ANIMATION_PAINTABLE (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      tern_animation_paintable_set_playing (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_animation_paintable_class_init (TernAnimationPaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tern_animation_paintable_dispose;
  object_class->finalize = tern_animation_paintable_finalize;
  object_class->get_property = tern_animation_paintable_get_property;
  object_class->set_property = tern_animation_paintable_set_property;

  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRAMES_SHOWN] =
    g_param_spec_uint ("frames-shown", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tern_animation_paintable_init (TernAnimationPaintable *self)
{
  self->playing = TRUE;
}

/* ---- public API ---------------------------------------------------------- */

GdkPaintable *
tern_animation_paintable_new (GdkPixbufAnimation *animation)
{
  TernAnimationPaintable *self;

  g_return_val_if_fail (GDK_IS_PIXBUF_ANIMATION (animation), NULL);

  self = g_object_new (TERN_TYPE_ANIMATION_PAINTABLE, NULL);
  self->animation = g_object_ref (animation);
  self->iter = gdk_pixbuf_animation_get_iter (animation, NULL);
  show_current_frame (self);
  schedule_next (self);
  return GDK_PAINTABLE (self);
}

gboolean
tern_animation_paintable_get_playing (TernAnimationPaintable *self)
{
  g_return_val_if_fail (TERN_IS_ANIMATION_PAINTABLE (self), FALSE);
  return self->playing;
}

void
tern_animation_paintable_set_playing (TernAnimationPaintable *self,
                                      gboolean                playing)
{
  g_return_if_fail (TERN_IS_ANIMATION_PAINTABLE (self));

  playing = !!playing;
  if (self->playing == playing)
    return;
  self->playing = playing;
  if (self->iter != NULL)
    schedule_next (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

guint
tern_animation_paintable_get_frames_shown (TernAnimationPaintable *self)
{
  g_return_val_if_fail (TERN_IS_ANIMATION_PAINTABLE (self), 0);
  return self->frames_shown;
}
