/* tern-transcoder.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-transcoder"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "tern-image-converter.h"
#include "tern-media-info.h"
#include "tern-media-rules.h"
#include "tern-transcoder.h"

#define PROGRESS_INTERVAL_MS 250
#define AUDIO_BITRATE 128000

struct _TernTranscoder
{
  GObject       parent_instance;

  GFile        *input;
  GFile        *output;
  GFile        *partial;
  gboolean      trim;
  double        progress;
  char         *video_encoder;
  char         *audio_encoder;
  guint         image_quality;

  /* While running. */
  GTask        *task;
  TernMediaInfo *info;
  GstElement   *pipeline;
  GstElement   *video_sink;   /* first element of each branch */
  GstElement   *audio_sink;
  GSource      *bus_source;
  GSource      *progress_source;
  GSource      *cancel_source;
  GstClockTime  limit;        /* stream time to stop at, or NONE */
  GstClockTime  total;        /* expected output duration, for progress */
};

G_DEFINE_FINAL_TYPE (TernTranscoder, tern_transcoder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INPUT,
  PROP_OUTPUT,
  PROP_TRIM,
  PROP_PROGRESS,
  PROP_VIDEO_ENCODER,
  PROP_AUDIO_ENCODER,
  PROP_IMAGE_QUALITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Any H.264 encoder GStreamer has: software first (x264 is the best at
 * X's bitrates; OpenH264 is what the Flatpak runtime can download), then
 * the hardware ones (VA-API new and old, NVIDIA, Intel Quick Sync,
 * V4L2 on ARM boards), then libav's wrappers. */
static const char *const default_video_encoders[] = {
  "x264enc", "openh264enc", "vah264enc", "vah264lpenc", "vaapih264enc",
  "nvh264enc", "qsvh264enc", "v4l2h264enc", "avenc_h264_vaapi", "avenc_h264", NULL
};
static const char *const default_audio_encoders[] = {
  "avenc_aac", "fdkaacenc", "voaacenc", "faac", NULL
};

/* ---- encoders ------------------------------------------------------------ */

static char *
find_element (const char * const *candidates)
{
  for (guint i = 0; candidates[i] != NULL; i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (candidates[i]);
      if (factory != NULL)
        return g_strdup (candidates[i]);
    }
  return NULL;
}

char *
tern_transcoder_find_video_encoder (const char * const  *candidates,
                                    GError             **error)
{
  char *name;

  tern_media_init ();
  name = find_element (candidates ? candidates : default_video_encoders);
  /* In the Flatpak the GNOME runtime's encoder is openh264enc, whose
   * library comes from an extension that may not be installed. */
  if (name == NULL && g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_NO_ENCODER,
                 _("No H.264 video encoder is available, so Tern cannot convert videos. "
                   "Install the runtime’s OpenH264 extension: "
                   "flatpak install flathub org.freedesktop.Platform.openh264"));
  else if (name == NULL)
    g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_NO_ENCODER,
                 _("No H.264 video encoder is installed, so Tern cannot convert videos. "
                   "Install gstreamer1.0-plugins-ugly (x264enc) or gstreamer1.0-plugins-bad (openh264enc)."));
  return name;
}

char *
tern_transcoder_find_audio_encoder (const char * const  *candidates,
                                    GError             **error)
{
  char *name;

  tern_media_init ();
  name = find_element (candidates ? candidates : default_audio_encoders);
  if (name == NULL)
    g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_NO_ENCODER,
                 _("No AAC audio encoder is installed, so Tern cannot convert this video’s sound. "
                   "Install gstreamer1.0-libav (avenc_aac) or gstreamer1.0-plugins-bad (voaacenc); "
                   "in the Flatpak, install the org.freedesktop.Platform.codecs-extra extension."));
  return name;
}

/* ---- helpers --------------------------------------------------------------- */

static void
set_progress (TernTranscoder *self,
              double          progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  /* Notify in steps of a thousandth: enough for a progress bar. */
  if ((int) (progress * 1000) == (int) (self->progress * 1000))
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_if_exists (GstElement *element,
               const char *property,
               const char *value)
{
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (element), property) != NULL)
    gst_util_set_object_arg (G_OBJECT (element), property, value);
}

/* Fits the display size (pixel aspect applied) within X's box, long side
 * against 1280 and short side against 1024, as even numbers for 4:2:0. */
static void
target_size (const TernMediaInfo *info,
             int                 *width,
             int                 *height)
{
  const TernMediaLimits *limits = tern_media_limits ();
  double w = (double) info->width * info->par_n / info->par_d;
  double h = info->height;
  double long_max = limits->video_max_long_side;
  double short_max = limits->video_max_short_side;
  double scale = 1.0;

  if (w >= h)
    scale = MIN (MIN (long_max / w, short_max / h), 1.0);
  else
    scale = MIN (MIN (short_max / w, long_max / h), 1.0);

  *width = MAX (2, ((int) (w * scale + 0.5)) & ~1);
  *height = MAX (2, ((int) (h * scale + 0.5)) & ~1);
}

static void
cleanup_run (TernTranscoder *self)
{
  if (self->bus_source != NULL)
    {
      g_source_destroy (self->bus_source);
      g_clear_pointer (&self->bus_source, g_source_unref);
    }
  if (self->progress_source != NULL)
    {
      g_source_destroy (self->progress_source);
      g_clear_pointer (&self->progress_source, g_source_unref);
    }
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_clear_object (&self->pipeline);
    }
  self->video_sink = NULL;
  self->audio_sink = NULL;
  g_clear_pointer (&self->info, tern_media_info_free);
}

static void
finish_with_error (TernTranscoder *self,
                   GError         *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  cleanup_run (self);
  if (self->partial != NULL)
    g_file_delete (self->partial, NULL, NULL);
  g_task_return_error (task, error);
}

static void
finish_ok (TernTranscoder *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autoptr(GError) error = NULL;

  cleanup_run (self);
  if (!g_file_move (self->partial, self->output, G_FILE_COPY_OVERWRITE,
                    NULL, NULL, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (self->output);
      g_file_delete (self->partial, NULL, NULL);
      g_task_return_new_error (task, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_FAILED,
                               _("The converted video could not be saved as “%s”: %s. Choose another folder."),
                               name, error->message);
      return;
    }
  set_progress (self, 1.0);
  g_task_return_boolean (task, TRUE);
}

/* ---- pipeline callbacks ------------------------------------------------- */

typedef struct
{
  GstClockTime limit;
  GstSegment   segment;
  gboolean     ended;
} TrimState;

/* Ends one branch at the length limit: the first buffer past it is
 * replaced by EOS, later ones are dropped. Runs on a streaming thread. */
static GstPadProbeReturn
trim_probe_cb (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         user_data)
{
  TrimState *state = user_data;

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
      if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT)
        {
          gst_event_copy_segment (event, &state->segment);
          if (state->segment.format == GST_FORMAT_TIME)
            {
              /* End the segment at the limit too, or videorate and the
               * like fill the gap up to the old end with copies. */
              guint64 stop = gst_segment_position_from_stream_time (&state->segment, GST_FORMAT_TIME,
                                                                    state->limit);
              if (GST_CLOCK_TIME_IS_VALID (stop) &&
                  (!GST_CLOCK_TIME_IS_VALID (state->segment.stop) || state->segment.stop > stop))
                {
                  state->segment.stop = stop;
                  gst_event_unref (event);
                  GST_PAD_PROBE_INFO_DATA (info) = gst_event_new_segment (&state->segment);
                }
            }
        }
      else if (GST_EVENT_TYPE (event) == GST_EVENT_EOS && state->ended)
        return GST_PAD_PROBE_DROP; /* already sent one */
      return GST_PAD_PROBE_OK;
    }

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER)
    {
      GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
      GstClockTime pts = GST_BUFFER_PTS (buffer);

      if (state->ended)
        return GST_PAD_PROBE_DROP;
      if (state->segment.format != GST_FORMAT_TIME)
        {
          /* The segment may have gone by before this probe was added. */
          GstEvent *segment = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);
          if (segment != NULL)
            {
              gst_event_copy_segment (segment, &state->segment);
              gst_event_unref (segment);
            }
        }
      if (GST_CLOCK_TIME_IS_VALID (pts) && state->segment.format == GST_FORMAT_TIME)
        {
          GstClockTime stream_time = gst_segment_to_stream_time (&state->segment, GST_FORMAT_TIME, pts);
          if (GST_CLOCK_TIME_IS_VALID (stream_time) && stream_time >= state->limit)
            {
              /* This EOS passes through this probe too: mark only after. */
              gst_pad_push_event (pad, gst_event_new_eos ());
              state->ended = TRUE;
              return GST_PAD_PROBE_DROP;
            }
        }
    }
  return GST_PAD_PROBE_OK;
}

static void
pad_added_cb (GstElement *decodebin,
              GstPad     *pad,
              gpointer    user_data)
{
  TernTranscoder *self = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *name;
  GstElement *branch = NULL;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));

  if (g_str_has_prefix (name, "video/") && self->video_sink != NULL)
    branch = g_steal_pointer (&self->video_sink);
  else if (g_str_has_prefix (name, "audio/") && self->audio_sink != NULL)
    branch = g_steal_pointer (&self->audio_sink);

  if (branch == NULL)
    {
      /* A second track, subtitles, data: not wanted in the output. */
      GstElement *fakesink = gst_element_factory_make ("fakesink", NULL);
      g_autoptr(GstPad) sinkpad = NULL;

      g_object_set (fakesink, "sync", FALSE, "async", FALSE, NULL);
      gst_bin_add (GST_BIN (self->pipeline), fakesink);
      gst_element_sync_state_with_parent (fakesink);
      sinkpad = gst_element_get_static_pad (fakesink, "sink");
      gst_pad_link (pad, sinkpad);
      return;
    }

  {
    g_autoptr(GstPad) sinkpad = gst_element_get_static_pad (branch, "sink");
    if (gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK)
      g_warning ("Could not link the decoded %s stream", name);
  }

  if (GST_CLOCK_TIME_IS_VALID (self->limit))
    {
      TrimState *state = g_new0 (TrimState, 1);
      state->limit = self->limit;
      gst_segment_init (&state->segment, GST_FORMAT_UNDEFINED);
      gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                         trim_probe_cb, state, g_free);
    }
}

/* A stream the probe saw but decodebin could not decode (a missing
 * decoder) leaves its branch unlinked, and the muxer would wait for it
 * forever: take such a branch out once all pads are known. */
static void
drop_branch (TernTranscoder *self,
             GstElement     *first)
{
  GstElement *element = first;
  GstElement *mux = gst_bin_get_by_name (GST_BIN (self->pipeline), "mux");

  while (element != NULL && element != mux)
    {
      g_autoptr(GstPad) src = gst_element_get_static_pad (element, "src");
      g_autoptr(GstPad) peer = src ? gst_pad_get_peer (src) : NULL;
      GstElement *next = peer ? gst_pad_get_parent_element (peer) : NULL;

      if (next == mux && peer != NULL)
        {
          gst_pad_unlink (src, peer);
          gst_element_release_request_pad (mux, peer);
        }
      gst_element_set_locked_state (element, TRUE);
      gst_element_set_state (element, GST_STATE_NULL);
      gst_bin_remove (GST_BIN (self->pipeline), element);
      if (next != NULL)
        gst_object_unref (next);
      element = next == mux ? NULL : next;
    }
  gst_clear_object (&mux);
}

static void
no_more_pads_cb (GstElement *decodebin,
                 gpointer    user_data)
{
  TernTranscoder *self = user_data;
  GstElement *audio = g_steal_pointer (&self->audio_sink);

  if (audio != NULL)
    {
      g_message ("The sound of %s could not be decoded; converting without it",
                 g_file_peek_path (self->input));
      drop_branch (self, audio);
    }
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  TernTranscoder *self = user_data;

  if (self->task == NULL)
    return G_SOURCE_REMOVE;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      finish_ok (self);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gerror = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &gerror, &debug);
        g_debug ("Conversion failed: %s (%s)", gerror->message, debug ? debug : "");
        finish_with_error (self, g_error_new (TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_FAILED,
                                              _("Converting the video failed: %s. The original file is unchanged; try another video or convert it with another program."),
                                              gerror->message));
        return G_SOURCE_REMOVE;
      }

    default:
      return G_SOURCE_CONTINUE;
    }
}

static gboolean
progress_cb (gpointer user_data)
{
  TernTranscoder *self = user_data;
  gint64 position = 0;

  if (self->pipeline != NULL && GST_CLOCK_TIME_IS_VALID (self->total) && self->total > 0 &&
      gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position))
    set_progress (self, MIN ((double) position / self->total, 0.99));
  return G_SOURCE_CONTINUE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  TernTranscoder *self = user_data;

  if (self->task != NULL)
    finish_with_error (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                          _("Conversion cancelled.")));
  return G_SOURCE_REMOVE;
}

/* ---- building the pipeline ----------------------------------------------- */

static GstElement *
make (const char  *factory,
      GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_NO_ENCODER,
                 _("The GStreamer element “%s” is missing, so Tern cannot convert videos. Install gstreamer1.0-plugins-base and gstreamer1.0-plugins-good."),
                 factory);
  return element;
}

/* Adds @names in order to the pipeline, links them, and returns the first. */
static GstElement *
add_chain (GstBin      *bin,
           GstElement **elements,
           guint        n,
           GError     **error)
{
  for (guint i = 0; i < n; i++)
    gst_bin_add (bin, elements[i]);
  for (guint i = 0; i + 1 < n; i++)
    if (!gst_element_link (elements[i], elements[i + 1]))
      {
        g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_FAILED,
                     _("Tern could not set up the conversion (%s to %s). Please report this."),
                     GST_ELEMENT_NAME (elements[i]), GST_ELEMENT_NAME (elements[i + 1]));
        return NULL;
      }
  return elements[0];
}

/* Asks the muxer for a pad of the right kind: the queue before it has ANY
 * caps, so gst_element_link() could pick the wrong template. */
static gboolean
link_to_mux (GstElement *last,
             GstElement *mux,
             const char *template)
{
  g_autoptr(GstPad) srcpad = gst_element_get_static_pad (last, "src");
  g_autoptr(GstPad) muxpad = gst_element_request_pad_simple (mux, template);

  return muxpad != NULL && gst_pad_link (srcpad, muxpad) == GST_PAD_LINK_OK;
}

static guint
video_bitrate_kbps (const TernMediaInfo *info,
                    int                  width,
                    int                  height,
                    double               fps,
                    GstClockTime         duration)
{
  const TernMediaLimits *limits = tern_media_limits ();
  double kbps = width * height * (fps > 0 ? fps : 30) * 0.1 / 1000.0;
  double seconds = duration / (double) GST_SECOND;

  kbps = CLAMP (kbps, 300, 8000);
  if (seconds > 0)
    {
      /* Stay well within the size limit, leaving room for sound and the index. */
      double budget = limits->video_max_bytes * 8.0 * 0.9 / seconds / 1000.0 - AUDIO_BITRATE / 1000.0;
      kbps = MIN (kbps, budget);
    }
  return (guint) MAX (kbps, 100);
}

static gboolean
build_pipeline (TernTranscoder  *self,
                GError         **error)
{
  const TernMediaInfo *info = self->info;
  const TernMediaLimits *limits = tern_media_limits ();
  g_autofree char *uri = g_file_get_uri (self->input);
  g_autofree char *partial_path = g_file_get_path (self->partial);
  GstBin *bin;
  GstElement *decodebin, *mux, *sink;
  int width, height;
  double fps = info->fps_d ? info->fps_n / (double) info->fps_d : 0;
  GstClockTime duration = info->duration_usec * GST_USECOND;

  if (partial_path == NULL)
    {
      g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_FAILED,
                   _("Tern can only save converted videos to a local folder. Choose one on this computer."));
      return FALSE;
    }

  self->pipeline = gst_pipeline_new ("tern-transcoder");
  bin = GST_BIN (self->pipeline);

  decodebin = make ("uridecodebin", error);
  mux = gst_element_factory_make ("mp4mux", "mux");
  if (mux == NULL)
    mux = make ("mp4mux", error);
  sink = make ("filesink", error);
  if (decodebin == NULL || mux == NULL || sink == NULL)
    return FALSE;
  g_object_set (decodebin, "uri", uri, NULL);
  g_object_set (mux, "faststart", TRUE, NULL);
  /* mp4mux with faststart writes only at EOS: no preroll to wait for. */
  g_object_set (sink, "location", partial_path, "async", FALSE, NULL);
  gst_bin_add_many (bin, decodebin, mux, sink, NULL);
  if (!gst_element_link (mux, sink))
    return FALSE;

  self->limit = GST_CLOCK_TIME_NONE;
  if (self->trim && info->duration_usec > limits->video_max_duration_usec)
    {
      self->limit = limits->video_max_duration_usec * GST_USECOND;
      duration = self->limit;
    }
  self->total = duration > 0 ? duration : GST_CLOCK_TIME_NONE;

  /* Video: deinterlace if needed, 4:2:0, square pixels within the box,
   * at most 60 fps, H.264 High. */
  {
    GstElement *chain[12];
    guint n = 0;
    GstElement *encoder, *caps_out;
    g_autoptr(GstCaps) raw_caps = NULL;
    g_autofree char *key_int = NULL;
    g_autofree char *kbps = NULL;

    target_size (info, &width, &height);
    raw_caps = gst_caps_new_simple ("video/x-raw",
                                    "format", G_TYPE_STRING, "I420",
                                    "width", G_TYPE_INT, width,
                                    "height", G_TYPE_INT, height,
                                    "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                    "interlace-mode", G_TYPE_STRING, "progressive",
                                    NULL);
    if (fps > limits->video_max_fps)
      {
        gst_caps_set_simple (raw_caps, "framerate", GST_TYPE_FRACTION, limits->video_max_fps, 1, NULL);
        fps = limits->video_max_fps;
      }

    chain[n++] = make ("queue", error);
    if (info->interlaced)
      chain[n++] = make ("deinterlace", error);
    chain[n++] = make ("videoconvert", error);
    chain[n++] = make ("videoscale", error);
    chain[n++] = make ("videorate", error);
    chain[n++] = make ("capsfilter", error);
    for (guint i = 0; i < n; i++)
      if (chain[i] == NULL)
        return FALSE;
    g_object_set (chain[n - 3], "add-borders", FALSE, NULL);
    g_object_set (chain[n - 1], "caps", raw_caps, NULL);

    encoder = gst_element_factory_make (self->video_encoder, NULL);
    if (encoder == NULL)
      return FALSE;
    kbps = g_strdup_printf ("%u", video_bitrate_kbps (info, width, height, fps, duration));
    key_int = g_strdup_printf ("%d", (int) CLAMP (fps * 2, 2, 120));
    if (g_str_equal (self->video_encoder, "x264enc"))
      {
        set_if_exists (encoder, "speed-preset", "veryfast");
        set_if_exists (encoder, "bitrate", kbps);
        set_if_exists (encoder, "key-int-max", key_int);
      }
    else if (g_str_equal (self->video_encoder, "openh264enc"))
      {
        g_autofree char *bps = g_strdup_printf ("%u", video_bitrate_kbps (info, width, height, fps, duration) * 1000);
        set_if_exists (encoder, "bitrate", bps);
        set_if_exists (encoder, "gop-size", key_int);
      }
    chain[n++] = encoder;
    chain[n++] = make ("h264parse", error);
    if (chain[n - 1] == NULL)
      return FALSE;
    caps_out = gst_element_factory_make ("capsfilter", NULL);
    if (g_str_equal (self->video_encoder, "x264enc"))
      {
        g_autoptr(GstCaps) h264 = gst_caps_from_string ("video/x-h264,profile=high");
        g_object_set (caps_out, "caps", h264, NULL);
      }
    chain[n++] = caps_out;
    chain[n++] = gst_element_factory_make ("queue", NULL);
    self->video_sink = add_chain (bin, chain, n, error);
    if (self->video_sink == NULL || !link_to_mux (chain[n - 1], mux, "video_%u"))
      {
        g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_FAILED,
                     _("Tern could not set up the video conversion with %s. Please report this."),
                     self->video_encoder);
        return FALSE;
      }
  }

  /* Audio: AAC-LC stereo, 48 kHz. */
  if (info->has_audio)
    {
      GstElement *chain[8];
      guint n = 0;
      GstElement *encoder;
      g_autoptr(GstCaps) raw_caps = gst_caps_from_string ("audio/x-raw,channels=2,rate=48000");

      chain[n++] = make ("queue", error);
      chain[n++] = make ("audioconvert", error);
      chain[n++] = make ("audioresample", error);
      chain[n++] = make ("capsfilter", error);
      for (guint i = 0; i < n; i++)
        if (chain[i] == NULL)
          return FALSE;
      g_object_set (chain[n - 1], "caps", raw_caps, NULL);
      encoder = gst_element_factory_make (self->audio_encoder, NULL);
      if (encoder == NULL)
        return FALSE;
      set_if_exists (encoder, "bitrate", G_STRINGIFY (AUDIO_BITRATE));
      chain[n++] = encoder;
      chain[n++] = gst_element_factory_make ("queue", NULL);
      self->audio_sink = add_chain (bin, chain, n, error);
      if (self->audio_sink == NULL || !link_to_mux (chain[n - 1], mux, "audio_%u"))
        {
          g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_FAILED,
                       _("Tern could not set up the sound conversion with %s. Please report this."),
                       self->audio_encoder);
          return FALSE;
        }
    }

  g_signal_connect (decodebin, "pad-added", G_CALLBACK (pad_added_cb), self);
  g_signal_connect (decodebin, "no-more-pads", G_CALLBACK (no_more_pads_cb), self);
  return TRUE;
}

static void
image_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TernTranscoder) self = user_data;
  TernImageConverter *converter = TERN_IMAGE_CONVERTER (source);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  if (!tern_image_converter_run_finish (converter, result, &error))
    {
      /* Nothing partial to delete: the converter writes atomically. */
      g_clear_object (&self->partial);
      finish_with_error (self, g_steal_pointer (&error));
      return;
    }
  task = g_steal_pointer (&self->task);
  cleanup_run (self);
  /* The extension follows the format: a PNG when it has transparency. */
  if (!g_file_equal (self->output, tern_image_converter_get_output (converter)))
    {
      g_set_object (&self->output, tern_image_converter_get_output (converter));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT]);
    }
  set_progress (self, 1.0);
  g_task_return_boolean (task, TRUE);
}

static void
probe_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TernTranscoder) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;
  GMainContext *context;
  GCancellable *cancellable;

  self->info = tern_media_info_probe_finish (result, &error);
  if (self->info == NULL)
    {
      finish_with_error (self, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (self->task))
    {
      g_clear_object (&self->task);
      cleanup_run (self);
      return;
    }

  if (self->info->kind == TERN_ATTACHMENT_KIND_IMAGE)
    {
      /* A still image: the same Convert, through gdk-pixbuf. */
      g_autoptr(TernImageConverter) converter = tern_image_converter_new (self->input, self->output);

      tern_image_converter_set_max_quality (converter, self->image_quality);
      tern_image_converter_run_async (converter, g_task_get_cancellable (self->task),
                                      image_done_cb, g_object_ref (self));
      return;
    }
  if (self->info->kind != TERN_ATTACHMENT_KIND_VIDEO)
    {
      finish_with_error (self, g_error_new (TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_UNSUPPORTED,
                                            _("Only videos and still images can be converted. Make an animated GIF smaller in a GIF editor, or post it as a video.")));
      return;
    }

  g_clear_pointer (&self->video_encoder, g_free);
  g_clear_pointer (&self->audio_encoder, g_free);
  self->video_encoder = tern_transcoder_find_video_encoder (NULL, &error);
  if (self->video_encoder == NULL)
    {
      finish_with_error (self, g_steal_pointer (&error));
      return;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIDEO_ENCODER]);
  if (self->info->has_audio)
    {
      self->audio_encoder = tern_transcoder_find_audio_encoder (NULL, &error);
      if (self->audio_encoder == NULL)
        {
          finish_with_error (self, g_steal_pointer (&error));
          return;
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO_ENCODER]);
    }

  if (!build_pipeline (self, &error))
    {
      if (error == NULL)
        g_set_error (&error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_FAILED,
                     _("Tern could not set up the conversion. Please report this."));
      finish_with_error (self, g_steal_pointer (&error));
      return;
    }

  context = g_task_get_context (self->task);
  cancellable = g_task_get_cancellable (self->task);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, (GSourceFunc) (void (*) (void)) bus_cb, self, NULL);
  g_source_attach (self->bus_source, context);

  self->progress_source = g_timeout_source_new (PROGRESS_INTERVAL_MS);
  g_source_set_callback (self->progress_source, progress_cb, self, NULL);
  g_source_attach (self->progress_source, context);

  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, (GSourceFunc) (void (*) (void)) cancelled_cb, self, NULL);
      g_source_attach (self->cancel_source, context);
    }

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      /* The bus has the reason; bus_cb reports it. */
      g_debug ("Pipeline refused to start");
    }
}

/* ---- GObject ----------------------------------------------------------- */

static void
tern_transcoder_finalize (GObject *object)
{
  TernTranscoder *self = TERN_TRANSCODER (object);

  g_assert (self->task == NULL);
  cleanup_run (self);
  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_clear_object (&self->partial);
  g_free (self->video_encoder);
  g_free (self->audio_encoder);

  G_OBJECT_CLASS (tern_transcoder_parent_class)->finalize (object);
}

static void
tern_transcoder_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TernTranscoder *self = TERN_TRANSCODER (object);

  switch (prop_id)
    {
    case PROP_INPUT:
      g_value_set_object (value, self->input);
      break;
    case PROP_OUTPUT:
      g_value_set_object (value, self->output);
      break;
    case PROP_TRIM:
      g_value_set_boolean (value, self->trim);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_VIDEO_ENCODER:
      g_value_set_string (value, self->video_encoder);
      break;
    case PROP_AUDIO_ENCODER:
      g_value_set_string (value, self->audio_encoder);
      break;
    case PROP_IMAGE_QUALITY:
      g_value_set_uint (value, self->image_quality);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_transcoder_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TernTranscoder *self = TERN_TRANSCODER (object);

  switch (prop_id)
    {
    case PROP_INPUT:
      self->input = g_value_dup_object (value);
      break;
    case PROP_OUTPUT:
      self->output = g_value_dup_object (value);
      break;
    case PROP_TRIM:
      tern_transcoder_set_trim (self, g_value_get_boolean (value));
      break;
    case PROP_IMAGE_QUALITY:
      tern_transcoder_set_image_quality (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_transcoder_class_init (TernTranscoderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tern_transcoder_finalize;
  object_class->get_property = tern_transcoder_get_property;
  object_class->set_property = tern_transcoder_set_property;

  properties[PROP_INPUT] =
    g_param_spec_object ("input", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTPUT] =
    g_param_spec_object ("output", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRIM] =
    g_param_spec_boolean ("trim", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIDEO_ENCODER] =
    g_param_spec_string ("video-encoder", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUDIO_ENCODER] =
    g_param_spec_string ("audio-encoder", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_IMAGE_QUALITY] =
    g_param_spec_uint ("image-quality", NULL, NULL, 30, 100, 90,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tern_transcoder_init (TernTranscoder *self)
{
  self->image_quality = 90;
  self->trim = TRUE;
  self->limit = GST_CLOCK_TIME_NONE;
  self->total = GST_CLOCK_TIME_NONE;
}

/* ---- public API ---------------------------------------------------------- */

TernTranscoder *
tern_transcoder_new (GFile *input,
                     GFile *output)
{
  g_return_val_if_fail (G_IS_FILE (input), NULL);
  g_return_val_if_fail (G_IS_FILE (output), NULL);

  return g_object_new (TERN_TYPE_TRANSCODER, "input", input, "output", output, NULL);
}

GFile *
tern_transcoder_get_input (TernTranscoder *self)
{
  g_return_val_if_fail (TERN_IS_TRANSCODER (self), NULL);
  return self->input;
}

GFile *
tern_transcoder_get_output (TernTranscoder *self)
{
  g_return_val_if_fail (TERN_IS_TRANSCODER (self), NULL);
  return self->output;
}

gboolean
tern_transcoder_get_trim (TernTranscoder *self)
{
  g_return_val_if_fail (TERN_IS_TRANSCODER (self), FALSE);
  return self->trim;
}

void
tern_transcoder_set_trim (TernTranscoder *self,
                          gboolean        trim)
{
  g_return_if_fail (TERN_IS_TRANSCODER (self));

  trim = !!trim;
  if (self->trim == trim)
    return;
  self->trim = trim;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIM]);
}

guint
tern_transcoder_get_image_quality (TernTranscoder *self)
{
  g_return_val_if_fail (TERN_IS_TRANSCODER (self), 0);
  return self->image_quality;
}

void
tern_transcoder_set_image_quality (TernTranscoder *self,
                                   guint           quality)
{
  g_return_if_fail (TERN_IS_TRANSCODER (self));

  quality = CLAMP (quality, 30, 100);
  if (self->image_quality == quality)
    return;
  self->image_quality = quality;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE_QUALITY]);
}

double
tern_transcoder_get_progress (TernTranscoder *self)
{
  g_return_val_if_fail (TERN_IS_TRANSCODER (self), 0.0);
  return self->progress;
}

const char *
tern_transcoder_get_video_encoder (TernTranscoder *self)
{
  g_return_val_if_fail (TERN_IS_TRANSCODER (self), NULL);
  return self->video_encoder;
}

const char *
tern_transcoder_get_audio_encoder (TernTranscoder *self)
{
  g_return_val_if_fail (TERN_IS_TRANSCODER (self), NULL);
  return self->audio_encoder;
}

void
tern_transcoder_run_async (TernTranscoder      *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *partial_name = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(GFile) parent = NULL;

  g_return_if_fail (TERN_IS_TRANSCODER (self));
  g_return_if_fail (self->task == NULL);

  tern_media_init ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_transcoder_run_async);

  basename = g_file_get_basename (self->output);
  partial_name = g_strconcat (basename, ".part", NULL);
  parent = g_file_get_parent (self->output);
  g_clear_object (&self->partial);
  self->partial = parent ? g_file_get_child (parent, partial_name) : g_file_new_for_path (partial_name);

  self->progress = 0.0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);

  self->task = g_steal_pointer (&task);
  tern_media_info_probe_async (self->input, cancellable, probe_cb, g_object_ref (self));
}

gboolean
tern_transcoder_run_finish (TernTranscoder  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (TERN_IS_TRANSCODER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
