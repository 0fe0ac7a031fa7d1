/* tern-video-preview.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-video-preview"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "media/tern-media-info.h"
#include "media/tern-media-rules.h"

#include "tern-video-paintable.h"
#include "tern-video-preview.h"

#define POSITION_INTERVAL_MS 200

/* Shared between the streaming thread (which fills it) and the main thread
 * (which empties it): at most one frame waits and one idle is scheduled,
 * so a slow main loop drops frames instead of queueing them. */
typedef struct
{
  gatomicrefcount ref;
  GMutex          lock;
  GstSample      *sample;
  gboolean        scheduled;
  GWeakRef        preview;
} FrameSlot;

struct _TernVideoPreview
{
  GtkWidget           parent_instance;

  GtkPicture         *picture;
  GtkButton          *play_button;
  GtkScale           *scale;
  GtkAdjustment      *adjustment;
  GtkLabel           *time_label;
  GtkLabel           *error_label;

  TernVideoPaintable *paintable;
  GFile              *file;
  GstElement         *pipeline;
  GstElement         *video_branch;
  GstElement         *audio_branch;
  guint               bus_watch;
  guint               position_timeout;
  FrameSlot          *slot;
  char               *error;
  GCancellable       *cancellable;   /* the check before playing */
  gboolean            checking;
  gboolean            playing;
  gint64              duration;
};

G_DEFINE_FINAL_TYPE (TernVideoPreview, tern_video_preview, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FILE,
  PROP_PLAYING,
  PROP_PAINTABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- frames: streaming thread to main thread ---------------------------- */

static FrameSlot *
frame_slot_new (TernVideoPreview *preview)
{
  FrameSlot *slot = g_new0 (FrameSlot, 1);

  g_atomic_ref_count_init (&slot->ref);
  g_mutex_init (&slot->lock);
  g_weak_ref_init (&slot->preview, preview);
  return slot;
}

static FrameSlot *
frame_slot_ref (FrameSlot *slot)
{
  g_atomic_ref_count_inc (&slot->ref);
  return slot;
}

static void
frame_slot_unref (FrameSlot *slot)
{
  if (!g_atomic_ref_count_dec (&slot->ref))
    return;
  g_clear_pointer (&slot->sample, gst_sample_unref);
  g_weak_ref_clear (&slot->preview);
  g_mutex_clear (&slot->lock);
  g_free (slot);
}

static void
video_frame_free (GstVideoFrame *frame)
{
  gst_video_frame_unmap (frame);
  g_free (frame);
}

/* Wraps the sample's memory in a texture without copying; the buffer stays
 * mapped until GTK drops the texture. */
static GdkTexture *
texture_from_sample (GstSample *sample,
                     int       *par_n,
                     int       *par_d)
{
  GstVideoInfo info;
  GstVideoFrame *frame;
  g_autoptr(GBytes) bytes = NULL;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    return NULL;
  frame = g_new0 (GstVideoFrame, 1);
  if (!gst_video_frame_map (frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      g_free (frame);
      return NULL;
    }

  *par_n = GST_VIDEO_INFO_PAR_N (&info);
  *par_d = GST_VIDEO_INFO_PAR_D (&info);
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (frame, 0),
                                      (gsize) GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0) *
                                      GST_VIDEO_FRAME_HEIGHT (frame),
                                      (GDestroyNotify) video_frame_free, frame);
  return gdk_memory_texture_new (GST_VIDEO_FRAME_WIDTH (frame), GST_VIDEO_FRAME_HEIGHT (frame),
                                 GDK_MEMORY_R8G8B8A8, bytes,
                                 GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0));
}

/* Main thread. */
static gboolean
deliver_frame_cb (gpointer user_data)
{
  FrameSlot *slot = user_data;
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(TernVideoPreview) self = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int par_n = 1, par_d = 1;

  g_mutex_lock (&slot->lock);
  sample = g_steal_pointer (&slot->sample);
  slot->scheduled = FALSE;
  g_mutex_unlock (&slot->lock);

  self = g_weak_ref_get (&slot->preview);
  if (self == NULL || sample == NULL)
    return G_SOURCE_REMOVE;

  texture = texture_from_sample (sample, &par_n, &par_d);
  if (texture != NULL)
    tern_video_paintable_set_frame (self->paintable, texture, par_n, par_d);
  return G_SOURCE_REMOVE;
}

/* Streaming thread: never touches GTK. */
static void
offer_sample (FrameSlot *slot,
              GstSample *sample)
{
  gboolean schedule;

  g_mutex_lock (&slot->lock);
  if (slot->sample != NULL)
    gst_sample_unref (slot->sample);
  slot->sample = sample;
  schedule = !slot->scheduled;
  slot->scheduled = TRUE;
  g_mutex_unlock (&slot->lock);

  if (schedule)
    g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, deliver_frame_cb,
                                frame_slot_ref (slot), (GDestroyNotify) frame_slot_unref);
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    user_data)
{
  GstSample *sample = gst_app_sink_pull_sample (sink);

  if (sample == NULL)
    return GST_FLOW_EOS;
  offer_sample (user_data, sample);
  return GST_FLOW_OK;
}

static GstFlowReturn
new_preroll_cb (GstAppSink *sink,
                gpointer    user_data)
{
  GstSample *sample = gst_app_sink_pull_preroll (sink);

  if (sample != NULL)
    offer_sample (user_data, sample);
  return GST_FLOW_OK;
}

/* ---- pipeline ---------------------------------------------------------- */

static void
show_error (TernVideoPreview *self,
            const char       *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_time_label (TernVideoPreview *self,
                   gint64            position)
{
  /* Whole seconds read better here than "0.4 s". */
  g_autofree char *pos = position < GST_SECOND ? g_strdup ("0:00")
                                               : tern_media_format_duration (position / GST_USECOND);
  g_autofree char *dur = self->duration < GST_SECOND ? g_strdup ("0:00")
                                                     : tern_media_format_duration (self->duration / GST_USECOND);
  g_autofree char *text = g_strdup_printf ("%s / %s", pos, dur);
  gtk_label_set_text (self->time_label, text);
}

static void
update_play_button (TernVideoPreview *self)
{
  const char *tooltip = self->playing ? _("Pause") : _("Play");

  gtk_button_set_icon_name (self->play_button,
                            self->playing ? "media-playback-pause-symbolic"
                                          : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static gboolean
position_cb (gpointer user_data)
{
  TernVideoPreview *self = user_data;
  gint64 position = 0;

  if (self->pipeline == NULL)
    return G_SOURCE_CONTINUE;
  if (self->duration <= 0)
    gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &self->duration);
  if (gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position))
    {
      gtk_adjustment_set_upper (self->adjustment, MAX (self->duration, 1) / (double) GST_SECOND);
      gtk_adjustment_set_value (self->adjustment, position / (double) GST_SECOND);
      update_time_label (self, position);
    }
  return G_SOURCE_CONTINUE;
}

static void
set_playing_internal (TernVideoPreview *self,
                      gboolean          playing)
{
  if (self->playing == playing)
    return;
  self->playing = playing;
  update_play_button (self);
  if (playing && self->position_timeout == 0)
    self->position_timeout = g_timeout_add (POSITION_INTERVAL_MS, position_cb, self);
  else if (!playing)
    g_clear_handle_id (&self->position_timeout, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  TernVideoPreview *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *text = NULL;

        gst_message_parse_error (message, &error, NULL);
        text = g_strdup_printf (_("This video cannot be played here (%s). Check that it is the right file."),
                                error->message);
        show_error (self, text);
        gst_element_set_state (self->pipeline, GST_STATE_NULL);
        set_playing_internal (self, FALSE);
      }
      break;

    case GST_MESSAGE_EOS:
      /* Back to the start, paused, ready to play again. */
      gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
      gst_element_seek_simple (self->pipeline, GST_FORMAT_TIME,
                               GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT, 0);
      set_playing_internal (self, FALSE);
      gtk_adjustment_set_value (self->adjustment, 0);
      update_time_label (self, 0);
      break;

    case GST_MESSAGE_ASYNC_DONE:
      if (gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &self->duration))
        {
          gtk_adjustment_set_upper (self->adjustment, MAX (self->duration, 1) / (double) GST_SECOND);
          position_cb (self);
        }
      break;

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static const char *
audio_sink_description (void)
{
  g_autoptr(GstElement) sink = gst_element_factory_make ("autoaudiosink", NULL);
  gboolean works;

  /* No sound device (a server, a test run): play silently, in time. */
  if (sink == NULL)
    return "fakesink sync=true";
  gst_object_ref_sink (sink);
  works = gst_element_set_state (sink, GST_STATE_READY) != GST_STATE_CHANGE_FAILURE;
  gst_element_set_state (sink, GST_STATE_NULL);
  return works ? "autoaudiosink" : "fakesink sync=true";
}

static GstElement *
make_branch (const char *description)
{
  g_autoptr(GError) error = NULL;
  GstElement *bin = gst_parse_bin_from_description (description, TRUE, &error);

  if (bin == NULL)
    g_warning ("Could not build %s: %s", description, error->message);
  return bin;
}

static void
pad_added_cb (GstElement       *decodebin,
              GstPad           *pad,
              TernVideoPreview *self)
{
  g_autoptr(GstCaps) caps = gst_pad_query_caps (pad, NULL);
  const char *name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  GstElement *branch = NULL;
  g_autoptr(GstPad) sinkpad = NULL;

  /* Runs on a streaming thread: only GStreamer calls here. */
  if (g_str_has_prefix (name, "video/") && self->video_branch != NULL)
    branch = g_steal_pointer (&self->video_branch);
  else if (g_str_has_prefix (name, "audio/") && self->audio_branch != NULL)
    branch = g_steal_pointer (&self->audio_branch);
  else
    {
      branch = gst_element_factory_make ("fakesink", NULL);
      g_object_set (branch, "async", FALSE, NULL);
      gst_bin_add (GST_BIN (self->pipeline), branch);
    }
  gst_element_sync_state_with_parent (branch);
  sinkpad = gst_element_get_static_pad (branch, "sink");
  gst_pad_link (pad, sinkpad);
}

/* A sound track decodebin cannot decode (a missing decoder) leaves the
 * audio branch unlinked, and its sink would hold the pipeline before the
 * first frame for ever: take it out once every pad is known. Runs on a
 * streaming thread, after every pad-added. */
static void
no_more_pads_cb (GstElement       *decodebin,
                 TernVideoPreview *self)
{
  GstElement *audio = g_steal_pointer (&self->audio_branch);

  if (audio == NULL)
    return;
  gst_element_set_locked_state (audio, TRUE);
  gst_element_set_state (audio, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (self->pipeline), audio);
}

static void
teardown (TernVideoPreview *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->checking = FALSE;
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_handle_id (&self->position_timeout, g_source_remove);
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_clear_object (&self->pipeline);
    }
  self->video_branch = NULL;
  self->audio_branch = NULL;
  if (self->slot != NULL)
    {
      g_weak_ref_set (&self->slot->preview, NULL);
      g_clear_pointer (&self->slot, frame_slot_unref);
    }
  self->duration = 0;
  self->playing = FALSE;
}

/* The audio branch only when the file has sound: a branch nothing feeds
 * never prerolls, and the video would stay at 0:00. */
static void
build_pipeline (TernVideoPreview *self,
                gboolean          has_audio)
{
  g_autofree char *uri = g_file_get_uri (self->file);
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *audio_description = NULL;
  GstElement *decodebin, *appsink;
  GstAppSinkCallbacks callbacks = { 0 };

  tern_media_init ();

  self->pipeline = gst_pipeline_new ("tern-preview");
  decodebin = gst_element_factory_make ("uridecodebin", NULL);
  self->video_branch = make_branch ("queue ! videoconvert ! appsink name=frames "
                                    "caps=video/x-raw,format=RGBA max-buffers=2 drop=true");
  if (has_audio)
    {
      audio_description = g_strdup_printf ("queue ! audioconvert ! audioresample ! %s",
                                           audio_sink_description ());
      self->audio_branch = make_branch (audio_description);
    }
  if (decodebin == NULL || self->video_branch == NULL || (has_audio && self->audio_branch == NULL))
    {
      show_error (self, _("Video preview needs GStreamer's base plugins. Install gstreamer1.0-plugins-base."));
      gst_clear_object (&self->pipeline);
      return;
    }

  g_object_set (decodebin, "uri", uri, NULL);
  gst_bin_add_many (GST_BIN (self->pipeline), decodebin, self->video_branch, NULL);
  if (self->audio_branch != NULL)
    gst_bin_add (GST_BIN (self->pipeline), self->audio_branch);

  self->slot = frame_slot_new (self);
  appsink = gst_bin_get_by_name (GST_BIN (self->video_branch), "frames");
  callbacks.new_sample = new_sample_cb;
  callbacks.new_preroll = new_preroll_cb;
  gst_app_sink_set_callbacks (GST_APP_SINK (appsink), &callbacks,
                              frame_slot_ref (self->slot), (GDestroyNotify) frame_slot_unref);
  gst_object_unref (appsink);

  g_signal_connect (decodebin, "pad-added", G_CALLBACK (pad_added_cb), self);
  g_signal_connect (decodebin, "no-more-pads", G_CALLBACK (no_more_pads_cb), self);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);

  gst_element_set_state (self->pipeline, self->playing ? GST_STATE_PLAYING : GST_STATE_PAUSED);
}

/* A damaged file can make a demuxer fail while decodebin is still trying
 * it, and then nothing reports the failure: check the file first, which
 * also gives a clearer message than the pipeline would. */
static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TernVideoPreview) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TernMediaInfo) info = tern_media_info_probe_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->checking = FALSE;
  g_clear_object (&self->cancellable);

  if (info == NULL)
    show_error (self, error->message);
  else if (info->kind != TERN_ATTACHMENT_KIND_VIDEO)
    show_error (self, _("This file has no picture to play. Check that it is the right file."));
  else
    {
      build_pipeline (self, info->has_audio);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.toggle-play", self->pipeline != NULL);
      if (self->playing && self->pipeline != NULL && self->position_timeout == 0)
        self->position_timeout = g_timeout_add (POSITION_INTERVAL_MS, position_cb, self);
      return;
    }
  set_playing_internal (self, FALSE);
}

/* ---- actions and callbacks --------------------------------------------- */

static gboolean
scale_change_value_cb (GtkRange         *range,
                       GtkScrollType     scroll,
                       double            value,
                       TernVideoPreview *self)
{
  if (self->pipeline != NULL)
    gst_element_seek_simple (self->pipeline, GST_FORMAT_TIME,
                             GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT,
                             (gint64) (MAX (value, 0) * GST_SECOND));
  update_time_label (self, (gint64) (MAX (value, 0) * GST_SECOND));
  return FALSE;
}

static void
toggle_play_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TernVideoPreview *self = TERN_VIDEO_PREVIEW (widget);

  tern_video_preview_set_playing (self, !self->playing);
}

/* ---- GObject ------------------------------------------------------------ */

static void
tern_video_preview_dispose (GObject *object)
{
  GtkWidget *child;
  TernVideoPreview *self = TERN_VIDEO_PREVIEW (object);

  teardown (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERN_TYPE_VIDEO_PREVIEW);
  /* Unnamed template children are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tern_video_preview_parent_class)->dispose (object);
}

static void
tern_video_preview_finalize (GObject *object)
{
  TernVideoPreview *self = TERN_VIDEO_PREVIEW (object);

  g_clear_object (&self->paintable);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_free (self->error);

  G_OBJECT_CLASS (tern_video_preview_parent_class)->finalize (object);
}

static void
tern_video_preview_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TernVideoPreview *self = TERN_VIDEO_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_video_preview_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TernVideoPreview *self = TERN_VIDEO_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      tern_video_preview_set_file (self, g_value_get_object (value));
      break;
    case PROP_PLAYING:
      tern_video_preview_set_playing (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_video_preview_class_init (TernVideoPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tern_video_preview_dispose;
  object_class->finalize = tern_video_preview_finalize;
  object_class->get_property = tern_video_preview_get_property;
  object_class->set_property = tern_video_preview_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-video-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, TernVideoPreview, picture);
  gtk_widget_class_bind_template_child (widget_class, TernVideoPreview, play_button);
  gtk_widget_class_bind_template_child (widget_class, TernVideoPreview, scale);
  gtk_widget_class_bind_template_child (widget_class, TernVideoPreview, adjustment);
  gtk_widget_class_bind_template_child (widget_class, TernVideoPreview, time_label);
  gtk_widget_class_bind_template_child (widget_class, TernVideoPreview, error_label);
  gtk_widget_class_bind_template_callback (widget_class, scale_change_value_cb);

  gtk_widget_class_install_action (widget_class, "preview.toggle-play", NULL, toggle_play_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "preview.toggle-play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "preview.toggle-play", NULL);
  gtk_widget_class_set_css_name (widget_class, "ternvideopreview");
}

static void
tern_video_preview_init (TernVideoPreview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);

  self->paintable = tern_video_paintable_new ();
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->paintable));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.toggle-play", FALSE);
  update_play_button (self);
}

/* ---- public API --------------------------------------------------------- */

GtkWidget *
tern_video_preview_new (void)
{
  return g_object_new (TERN_TYPE_VIDEO_PREVIEW, NULL);
}

GFile *
tern_video_preview_get_file (TernVideoPreview *self)
{
  g_return_val_if_fail (TERN_IS_VIDEO_PREVIEW (self), NULL);
  return self->file;
}

void
tern_video_preview_set_file (TernVideoPreview *self,
                             GFile            *file)
{
  gboolean was_playing;

  g_return_if_fail (TERN_IS_VIDEO_PREVIEW (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (self->file == file)
    return;

  was_playing = self->playing;
  teardown (self);
  g_set_object (&self->file, file);
  show_error (self, NULL);
  gtk_adjustment_set_value (self->adjustment, 0);
  update_time_label (self, 0);

  if (file != NULL)
    {
      self->checking = TRUE;
      self->cancellable = g_cancellable_new ();
      tern_media_info_probe_async (file, self->cancellable, checked_cb, g_object_ref (self));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.toggle-play", self->pipeline != NULL);
  update_play_button (self);
  if (was_playing)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

gboolean
tern_video_preview_get_playing (TernVideoPreview *self)
{
  g_return_val_if_fail (TERN_IS_VIDEO_PREVIEW (self), FALSE);
  return self->playing;
}

void
tern_video_preview_set_playing (TernVideoPreview *self,
                                gboolean          playing)
{
  g_return_if_fail (TERN_IS_VIDEO_PREVIEW (self));

  /* While the file is being checked, remember what was asked for. */
  if (self->pipeline == NULL && !self->checking)
    return;
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, playing ? GST_STATE_PLAYING : GST_STATE_PAUSED);
  set_playing_internal (self, !!playing);
}

GdkPaintable *
tern_video_preview_get_paintable (TernVideoPreview *self)
{
  g_return_val_if_fail (TERN_IS_VIDEO_PREVIEW (self), NULL);
  return GDK_PAINTABLE (self->paintable);
}

const char *
tern_video_preview_get_error (TernVideoPreview *self)
{
  g_return_val_if_fail (TERN_IS_VIDEO_PREVIEW (self), NULL);
  return self->error;
}
