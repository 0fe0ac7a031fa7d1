/* tern-image-converter.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-image-converter"

#include "config.h"

#include <glib/gi18n.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>
#include <string.h>

#include "tern-media-info.h"
#include "tern-media-rules.h"
#include "tern-image-converter.h"

#define DEFAULT_MAX_QUALITY 90
/* Below this a photo shows blocks: scale it down instead. */
#define MIN_QUALITY 60
#define MAX_SCALE_STEPS 8

struct _TernImageConverter
{
  GObject  parent_instance;

  GFile   *input;
  GFile   *output;
  guint    max_quality;

  char    *format;
  guint    quality;
  guint    width;
  guint    height;
};

G_DEFINE_FINAL_TYPE (TernImageConverter, tern_image_converter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INPUT,
  PROP_OUTPUT,
  PROP_MAX_QUALITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What one run found, handed from the worker thread to the object. */
typedef struct
{
  GFile *input;
  GFile *output;
  guint  max_quality;

  GFile *written;
  char  *format;
  guint  quality;
  guint  width;
  guint  height;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->input);
  g_clear_object (&job->output);
  g_clear_object (&job->written);
  g_free (job->format);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

/* ---- helpers --------------------------------------------------------------- */

static char *
display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  return g_filename_display_name (basename);
}

static gboolean
has_transparency (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);

  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    return FALSE;
  for (int y = 0; y < height; y++)
    {
      const guint8 *row = pixels + (gsize) y * stride;
      for (int x = 0; x < width; x++)
        if (row[x * n_channels + 3] != 0xff)
          return TRUE;
    }
  return FALSE;
}

/* An opaque copy without the alpha channel, which JPEG cannot carry. */
static GdkPixbuf *
drop_alpha (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int in_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *in = gdk_pixbuf_read_pixels (pixbuf);
  GdkPixbuf *out = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  int out_stride;
  guint8 *pixels;

  if (out == NULL)
    return NULL;
  out_stride = gdk_pixbuf_get_rowstride (out);
  pixels = gdk_pixbuf_get_pixels (out);
  for (int y = 0; y < height; y++)
    {
      const guint8 *src = in + (gsize) y * in_stride;
      guint8 *dst = pixels + (gsize) y * out_stride;
      for (int x = 0; x < width; x++)
        memcpy (dst + x * 3, src + x * 4, 3);
    }
  return out;
}

static GdkPixbuf *
scale_to (GdkPixbuf *pixbuf,
          double     scale)
{
  int width = MAX (1, (int) floor (gdk_pixbuf_get_width (pixbuf) * scale));
  int height = MAX (1, (int) floor (gdk_pixbuf_get_height (pixbuf) * scale));

  return gdk_pixbuf_scale_simple (pixbuf, width, height, GDK_INTERP_BILINEAR);
}

static GBytes *
encode (GdkPixbuf  *pixbuf,
        const char *format,
        guint       quality,
        GError    **error)
{
  g_autofree char *quality_str = g_strdup_printf ("%u", quality);
  char *data = NULL;
  gsize len = 0;
  gboolean ok;

  if (g_str_equal (format, "jpeg"))
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &data, &len, "jpeg", error,
                                    "quality", quality_str, NULL);
  else
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &data, &len, "png", error, NULL);
  if (!ok)
    return NULL;
  return g_bytes_new_take (data, len);
}

/* The highest JPEG quality in [MIN_QUALITY, max] whose encoding fits,
 * by bisection: size grows with quality. NULL with no error when even
 * MIN_QUALITY does not fit; then *@smallest is its size. */
static GBytes *
encode_jpeg_fitting (GdkPixbuf     *pixbuf,
                     guint          max_quality,
                     guint         *quality_out,
                     gsize         *smallest,
                     GCancellable  *cancellable,
                     GError       **error)
{
  guint low = MIN (MIN_QUALITY, max_quality);
  guint high = max_quality;
  g_autoptr(GBytes) best = NULL;
  guint best_quality = 0;

  /* Most photos fit at the highest quality: try it first. */
  {
    g_autoptr(GBytes) bytes = encode (pixbuf, "jpeg", high, error);
    if (bytes == NULL)
      return NULL;
    if (g_bytes_get_size (bytes) <= TERN_IMAGE_CONVERTER_TARGET_BYTES)
      {
        *quality_out = high;
        return g_steal_pointer (&bytes);
      }
  }
  if (low == high)
    {
      g_autoptr(GBytes) bytes = encode (pixbuf, "jpeg", low, error);
      if (bytes != NULL)
        *smallest = g_bytes_get_size (bytes);
      return NULL;
    }
  high--;

  while (low <= high)
    {
      guint mid = (low + high + 1) / 2;
      g_autoptr(GBytes) bytes = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      bytes = encode (pixbuf, "jpeg", mid, error);
      if (bytes == NULL)
        return NULL;
      if (g_bytes_get_size (bytes) <= TERN_IMAGE_CONVERTER_TARGET_BYTES)
        {
          g_clear_pointer (&best, g_bytes_unref);
          best = g_steal_pointer (&bytes);
          best_quality = mid;
          low = mid + 1;
        }
      else
        {
          if (mid == MIN (MIN_QUALITY, max_quality))
            {
              *smallest = g_bytes_get_size (bytes);
              return NULL;
            }
          high = mid - 1;
        }
    }
  if (best == NULL)
    {
      g_autoptr(GBytes) bytes = encode (pixbuf, "jpeg", MIN (MIN_QUALITY, max_quality), error);
      if (bytes != NULL)
        *smallest = g_bytes_get_size (bytes);
      return NULL;
    }
  *quality_out = best_quality;
  return g_steal_pointer (&best);
}

/* Replaces the extension of @output by @format's when it is not one of
 * that format's already. */
static GFile *
output_for_format (GFile      *output,
                   const char *format)
{
  g_autofree char *basename = g_file_get_basename (output);
  g_autoptr(GFile) parent = g_file_get_parent (output);
  g_autofree char *lower = g_ascii_strdown (basename, -1);
  g_autofree char *renamed = NULL;
  char *dot;

  if (g_str_equal (format, "jpeg") &&
      (g_str_has_suffix (lower, ".jpg") || g_str_has_suffix (lower, ".jpeg")))
    return g_object_ref (output);
  if (g_str_equal (format, "png") && g_str_has_suffix (lower, ".png"))
    return g_object_ref (output);

  dot = strrchr (basename, '.');
  if (dot != NULL && dot != basename)
    *dot = '\0';
  renamed = g_strconcat (basename, g_str_equal (format, "jpeg") ? ".jpg" : ".png", NULL);
  return parent ? g_file_get_child (parent, renamed) : g_file_new_for_path (renamed);
}

static GdkPixbuf *
load (GFile         *input,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autofree char *name = display_name (input);
  g_autoptr(TernMediaInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  info = tern_media_info_probe (input, cancellable, error);
  if (info == NULL)
    return NULL;
  if (info->kind == TERN_ATTACHMENT_KIND_GIF)
    {
      g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_UNSUPPORTED,
                   _("“%s” is an animated GIF; converting it to a still image would stop it moving. Post it as it is, or make it smaller in a GIF editor."),
                   name);
      return NULL;
    }
  if (info->kind != TERN_ATTACHMENT_KIND_IMAGE)
    {
      g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_UNSUPPORTED,
                   _("“%s” is not an image. Choose a photo or a picture to convert."), name);
      return NULL;
    }
  if (!info->decodable)
    {
      const char *format = tern_media_codec_display_name (info->format);

      if (g_strcmp0 (info->format, "heif") == 0 || g_strcmp0 (info->format, "avif") == 0)
        g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_NO_ENCODER,
                     _("No %s decoder is installed, so Tern cannot convert “%s”. Install heif-gdk-pixbuf (Debian, Ubuntu) or libheif’s gdk-pixbuf loader, or export the photo as JPEG on the phone."),
                     format, name);
      else
        g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_NO_ENCODER,
                     _("No %s decoder is installed, so Tern cannot convert “%s”. Save it as JPEG or PNG in an image editor."),
                     format ? format : _("image"), name);
      return NULL;
    }

  stream = g_file_read (input, cancellable, error);
  if (stream == NULL)
    return NULL;
  pixbuf = gdk_pixbuf_new_from_stream (G_INPUT_STREAM (stream), cancellable, &local_error);
  if (pixbuf == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_DAMAGED,
                     _("“%s” could not be read as a picture (%s). Export or copy it again."),
                     name, local_error->message);
      return NULL;
    }
  /* A phone stores a photo as the sensor saw it and says in EXIF how to
   * turn it; X shows the pixels as they are, so turn them here. */
  return gdk_pixbuf_apply_embedded_orientation (pixbuf);
}

static gboolean
run_job (Job           *job,
         GCancellable  *cancellable,
         GError       **error)
{
  const TernMediaLimits *limits = tern_media_limits ();
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = display_name (job->input);
  const char *format;
  guint long_side;
  guint quality = 0;

  pixbuf = load (job->input, cancellable, error);
  if (pixbuf == NULL)
    return FALSE;

  format = has_transparency (pixbuf) ? "png" : "jpeg";
  if (g_str_equal (format, "jpeg") && gdk_pixbuf_get_has_alpha (pixbuf))
    {
      GdkPixbuf *opaque = drop_alpha (pixbuf);
      if (opaque == NULL)
        {
          g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_FAILED,
                       _("There is not enough memory to convert “%s”. Close other programs and try again."), name);
          return FALSE;
        }
      g_object_unref (pixbuf);
      pixbuf = opaque;
    }

  long_side = MAX (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf));
  if (long_side > limits->image_max_side)
    {
      GdkPixbuf *smaller = scale_to (pixbuf, limits->image_max_side / (double) long_side);
      g_object_unref (pixbuf);
      pixbuf = smaller;
    }

  for (guint step = 0; step < MAX_SCALE_STEPS; step++)
    {
      gsize size = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (g_str_equal (format, "jpeg"))
        bytes = encode_jpeg_fitting (pixbuf, job->max_quality, &quality, &size, cancellable, &local_error);
      else
        {
          bytes = encode (pixbuf, "png", 0, &local_error);
          if (bytes != NULL && g_bytes_get_size (bytes) > TERN_IMAGE_CONVERTER_TARGET_BYTES)
            {
              size = g_bytes_get_size (bytes);
              g_clear_pointer (&bytes, g_bytes_unref);
            }
        }
      if (local_error != NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_FAILED,
                         _("Converting “%s” failed: %s. The original is unchanged; save it as JPEG in an image editor."),
                         name, local_error->message);
          return FALSE;
        }
      if (bytes != NULL)
        break;

      /* Too big even at the lowest quality: bytes go roughly with the
       * area, so shrink the area by the ratio, with some room. */
      {
        double scale = sqrt (TERN_IMAGE_CONVERTER_TARGET_BYTES / (double) size) * 0.95;
        GdkPixbuf *smaller = scale_to (pixbuf, MIN (scale, 0.9));
        g_debug ("%s: %" G_GSIZE_FORMAT " bytes at the lowest quality; scaling by %.2f",
                 name, size, scale);
        g_object_unref (pixbuf);
        pixbuf = smaller;
      }
    }
  if (bytes == NULL)
    {
      g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_FAILED,
                   _("“%s” could not be made small enough for X. Crop or shrink it in an image editor."), name);
      return FALSE;
    }

  job->written = output_for_format (job->output, format);
  if (!g_file_replace_contents (job->written, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                cancellable, &local_error))
    {
      g_autofree char *out_name = g_file_get_parse_name (job->written);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_FAILED,
                     _("The converted image could not be saved as “%s”: %s. Choose another folder."),
                     out_name, local_error->message);
      return FALSE;
    }

  job->format = g_strdup (format);
  job->quality = g_str_equal (format, "jpeg") ? quality : 0;
  job->width = gdk_pixbuf_get_width (pixbuf);
  job->height = gdk_pixbuf_get_height (pixbuf);
  return TRUE;
}

static Job *
job_new (TernImageConverter *self)
{
  Job *job = g_new0 (Job, 1);

  job->input = g_object_ref (self->input);
  job->output = g_object_ref (self->output);
  job->max_quality = self->max_quality;
  return job;
}

/* Takes the results of @job into @self, on the thread that owns it. */
static void
apply_job (TernImageConverter *self,
           Job                *job)
{
  g_free (self->format);
  self->format = g_strdup (job->format);
  self->quality = job->quality;
  self->width = job->width;
  self->height = job->height;
  if (job->written != NULL && !g_file_equal (job->written, self->output))
    {
      g_set_object (&self->output, job->written);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT]);
    }
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_job (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TernImageConverter *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  apply_job (self, g_task_get_task_data (G_TASK (result)));
  g_task_return_boolean (task, TRUE);
}

/* ---- GObject ------------------------------------------------------------ */

static void
tern_image_converter_finalize (GObject *object)
{
  TernImageConverter *self = TERN_IMAGE_CONVERTER (object);

  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_free (self->format);

  G_OBJECT_CLASS (tern_image_converter_parent_class)->finalize (object);
}

static void
tern_image_converter_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TernImageConverter *self = TERN_IMAGE_CONVERTER (object);

  switch (prop_id)
    {
    case PROP_INPUT:
      g_value_set_object (value, self->input);
      break;
    case PROP_OUTPUT:
      g_value_set_object (value, self->output);
      break;
    case PROP_MAX_QUALITY:
      g_value_set_uint (value, self->max_quality);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_image_converter_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TernImageConverter *self = TERN_IMAGE_CONVERTER (object);

  switch (prop_id)
    {
    case PROP_INPUT:
      self->input = g_value_dup_object (value);
      break;
    case PROP_OUTPUT:
      self->output = g_value_dup_object (value);
      break;
    case PROP_MAX_QUALITY:
      tern_image_converter_set_max_quality (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_image_converter_class_init (TernImageConverterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tern_image_converter_finalize;
  object_class->get_property = tern_image_converter_get_property;
  object_class->set_property = tern_image_converter_set_property;

  properties[PROP_INPUT] =
    g_param_spec_object ("input", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTPUT] =
    g_param_spec_object ("output", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_QUALITY] =
    g_param_spec_uint ("max-quality", NULL, NULL, 30, 100, DEFAULT_MAX_QUALITY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tern_image_converter_init (TernImageConverter *self)
{
  self->max_quality = DEFAULT_MAX_QUALITY;
}

/* ---- public API ---------------------------------------------------------- */

TernImageConverter *
tern_image_converter_new (GFile *input,
                          GFile *output)
{
  g_return_val_if_fail (G_IS_FILE (input), NULL);
  g_return_val_if_fail (G_IS_FILE (output), NULL);

  return g_object_new (TERN_TYPE_IMAGE_CONVERTER, "input", input, "output", output, NULL);
}

GFile *
tern_image_converter_get_input (TernImageConverter *self)
{
  g_return_val_if_fail (TERN_IS_IMAGE_CONVERTER (self), NULL);
  return self->input;
}

GFile *
tern_image_converter_get_output (TernImageConverter *self)
{
  g_return_val_if_fail (TERN_IS_IMAGE_CONVERTER (self), NULL);
  return self->output;
}

guint
tern_image_converter_get_max_quality (TernImageConverter *self)
{
  g_return_val_if_fail (TERN_IS_IMAGE_CONVERTER (self), 0);
  return self->max_quality;
}

void
tern_image_converter_set_max_quality (TernImageConverter *self,
                                      guint               quality)
{
  g_return_if_fail (TERN_IS_IMAGE_CONVERTER (self));

  quality = CLAMP (quality, 30, 100);
  if (self->max_quality == quality)
    return;
  self->max_quality = quality;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_QUALITY]);
}

const char *
tern_image_converter_get_format (TernImageConverter *self)
{
  g_return_val_if_fail (TERN_IS_IMAGE_CONVERTER (self), NULL);
  return self->format;
}

guint
tern_image_converter_get_quality (TernImageConverter *self)
{
  g_return_val_if_fail (TERN_IS_IMAGE_CONVERTER (self), 0);
  return self->quality;
}

guint
tern_image_converter_get_width (TernImageConverter *self)
{
  g_return_val_if_fail (TERN_IS_IMAGE_CONVERTER (self), 0);
  return self->width;
}

guint
tern_image_converter_get_height (TernImageConverter *self)
{
  g_return_val_if_fail (TERN_IS_IMAGE_CONVERTER (self), 0);
  return self->height;
}

gboolean
tern_image_converter_run (TernImageConverter  *self,
                          GCancellable        *cancellable,
                          GError             **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (TERN_IS_IMAGE_CONVERTER (self), FALSE);

  job = job_new (self);
  if (!run_job (job, cancellable, error))
    return FALSE;
  apply_job (self, job);
  return TRUE;
}

void
tern_image_converter_run_async (TernImageConverter  *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;

  g_return_if_fail (TERN_IS_IMAGE_CONVERTER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_image_converter_run_async);

  /* The worker's result comes back here first, so the results are taken
   * into the object (and notified) on this thread. */
  worker = g_task_new (self, cancellable, run_done_cb, g_steal_pointer (&task));
  g_task_set_task_data (worker, job_new (self), (GDestroyNotify) job_free);
  g_task_run_in_thread (worker, run_thread);
}

gboolean
tern_image_converter_run_finish (TernImageConverter  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (TERN_IS_IMAGE_CONVERTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
