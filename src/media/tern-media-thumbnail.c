/* tern-media-thumbnail.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-media-thumbnail"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "tern-media-info.h"
#include "tern-media-thumbnail.h"

#define PREROLL_TIMEOUT (10 * GST_SECOND)

static void
fit (double  width,
     double  height,
     int     size,
     int    *out_width,
     int    *out_height)
{
  double scale = MIN (size / width, size / height);

  scale = MIN (scale, 1.0);
  *out_width = MAX (1, (int) (width * scale + 0.5));
  *out_height = MAX (1, (int) (height * scale + 0.5));
}

static void
pad_added_cb (GstElement *decodebin,
              GstPad     *pad,
              gpointer    user_data)
{
  GstElement *convert = user_data;
  g_autoptr(GstPad) sinkpad = gst_element_get_static_pad (convert, "sink");
  g_autoptr(GstCaps) caps = gst_pad_query_caps (pad, NULL);

  if (!gst_pad_is_linked (sinkpad) && caps != NULL && gst_caps_get_size (caps) > 0 &&
      g_str_has_prefix (gst_structure_get_name (gst_caps_get_structure (caps, 0)), "video/"))
    gst_pad_link (pad, sinkpad);
  else
    {
      /* Sound and other streams: swallowed, so they do not stop preroll. */
      GstElement *pipeline = GST_ELEMENT (gst_element_get_parent (decodebin));
      GstElement *fakesink = gst_element_factory_make ("fakesink", NULL);
      g_autoptr(GstPad) fakepad = gst_element_get_static_pad (fakesink, "sink");

      g_object_set (fakesink, "async", FALSE, NULL);
      gst_bin_add (GST_BIN (pipeline), fakesink);
      gst_element_sync_state_with_parent (fakesink);
      gst_pad_link (pad, fakepad);
      gst_object_unref (pipeline);
    }
}

static gboolean
wait_for_preroll (GstElement  *pipeline,
                  GError     **error)
{
  GstStateChangeReturn ret = gst_element_get_state (pipeline, NULL, NULL, PREROLL_TIMEOUT);

  if (ret == GST_STATE_CHANGE_SUCCESS || ret == GST_STATE_CHANGE_NO_PREROLL)
    return TRUE;

  {
    g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
    g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    g_autoptr(GError) gerror = NULL;

    if (message != NULL)
      gst_message_parse_error (message, &gerror, NULL);
    g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_FAILED,
                 _("Tern could not show a frame of this video (%s)."),
                 gerror ? gerror->message : _("it took too long"));
  }
  return FALSE;
}

static GdkPixbuf *
video_poster (GFile                *file,
              const TernMediaInfo  *info,
              int                   size,
              GError              **error)
{
  g_autoptr(GstElement) pipeline = gst_pipeline_new ("tern-poster");
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GstCaps) want = NULL;
  g_autoptr(GstSample) sample = NULL;
  GstElement *decodebin, *convert, *scale, *filter, *sink;
  GstVideoInfo vinfo;
  GstVideoFrame frame;
  GdkPixbuf *pixbuf;
  int width, height;
  gint64 position;

  decodebin = gst_element_factory_make ("uridecodebin", NULL);
  convert = gst_element_factory_make ("videoconvert", NULL);
  scale = gst_element_factory_make ("videoscale", NULL);
  filter = gst_element_factory_make ("capsfilter", NULL);
  sink = gst_element_factory_make ("appsink", NULL);
  if (!decodebin || !convert || !scale || !filter || !sink)
    {
      g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_FAILED,
                   _("GStreamer's base plugins are missing. Install gstreamer1.0-plugins-base."));
      return NULL;
    }

  fit ((double) info->width * info->par_n / info->par_d, info->height, size, &width, &height);
  want = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "RGB",
                              "width", G_TYPE_INT, width,
                              "height", G_TYPE_INT, height,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                              NULL);
  g_object_set (decodebin, "uri", uri, NULL);
  g_object_set (filter, "caps", want, NULL);
  g_object_set (sink, "sync", FALSE, "max-buffers", 1, "drop", TRUE, NULL);

  gst_bin_add_many (GST_BIN (pipeline), decodebin, convert, scale, filter, sink, NULL);
  gst_element_link_many (convert, scale, filter, sink, NULL);
  g_signal_connect (decodebin, "pad-added", G_CALLBACK (pad_added_cb), convert);

  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  if (!wait_for_preroll (pipeline, error))
    {
      gst_element_set_state (pipeline, GST_STATE_NULL);
      return NULL;
    }

  /* The very first frame is often black: take one a little way in. */
  position = MIN (info->duration_usec / 10, G_USEC_PER_SEC) * GST_USECOND;
  if (position > 0 &&
      gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
                               GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT, position) &&
      !wait_for_preroll (pipeline, error))
    {
      gst_element_set_state (pipeline, GST_STATE_NULL);
      return NULL;
    }

  sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (sink), PREROLL_TIMEOUT);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (sample == NULL || !gst_video_info_from_caps (&vinfo, gst_sample_get_caps (sample)) ||
      !gst_video_frame_map (&frame, &vinfo, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_FAILED,
                   _("Tern could not show a frame of this video."));
      return NULL;
    }

  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                           GST_VIDEO_FRAME_WIDTH (&frame), GST_VIDEO_FRAME_HEIGHT (&frame));
  for (int y = 0; y < GST_VIDEO_FRAME_HEIGHT (&frame); y++)
    memcpy (gdk_pixbuf_get_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf),
            (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) + y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
            GST_VIDEO_FRAME_WIDTH (&frame) * 3);
  gst_video_frame_unmap (&frame);
  return pixbuf;
}

GdkPixbuf *
tern_media_thumbnail (GFile         *file,
                      int            size,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(TernMediaInfo) info = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (size > 0, NULL);

  info = tern_media_info_probe (file, cancellable, error);
  if (info == NULL)
    return NULL;

  if (info->kind == TERN_ATTACHMENT_KIND_VIDEO)
    return video_poster (file, info, size, error);

  if (info->kind == TERN_ATTACHMENT_KIND_IMAGE || info->kind == TERN_ATTACHMENT_KIND_GIF)
    {
      g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
      GdkPixbuf *pixbuf;
      int width, height;

      if (stream == NULL)
        return NULL;
      fit (info->width, info->height, size, &width, &height);
      pixbuf = gdk_pixbuf_new_from_stream_at_scale (G_INPUT_STREAM (stream), width, height,
                                                    TRUE, cancellable, error);
      if (pixbuf != NULL)
        {
          /* A phone photo shows upright, as Convert will send it. */
          GdkPixbuf *upright = gdk_pixbuf_apply_embedded_orientation (pixbuf);
          g_object_unref (pixbuf);
          pixbuf = upright;
        }
      return pixbuf;
    }

  g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_UNSUPPORTED,
               _("This file is not an image or a video."));
  return NULL;
}

typedef struct
{
  GFile *file;
  int    size;
} ThumbnailData;

static void
thumbnail_data_free (ThumbnailData *data)
{
  g_object_unref (data->file);
  g_free (data);
}

static void
thumbnail_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ThumbnailData *data = task_data;
  GError *error = NULL;
  GdkPixbuf *pixbuf = tern_media_thumbnail (data->file, data->size, cancellable, &error);

  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

void
tern_media_thumbnail_async (GFile               *file,
                            int                  size,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ThumbnailData *data;

  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ThumbnailData, 1);
  data->file = g_object_ref (file);
  data->size = size;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_media_thumbnail_async);
  g_task_set_task_data (task, data, (GDestroyNotify) thumbnail_data_free);
  g_task_run_in_thread (task, thumbnail_thread);
}

GdkPixbuf *
tern_media_thumbnail_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
