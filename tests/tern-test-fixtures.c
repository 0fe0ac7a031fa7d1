/* tern-test-fixtures.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gst/gst.h>
#include <glib/gstdio.h>

#include "tern-test-fixtures.h"

static char *fixture_dir;

const char *
tern_test_fixture_dir (void)
{
  if (fixture_dir == NULL)
    {
      g_autoptr(GError) error = NULL;
      fixture_dir = g_dir_make_tmp ("tern-fixtures-XXXXXX", &error);
      g_assert_no_error (error);
    }
  return fixture_dir;
}

void
tern_test_fixtures_cleanup (void)
{
  if (fixture_dir != NULL)
    {
      tern_test_remove_tree (fixture_dir);
      g_clear_pointer (&fixture_dir, g_free);
    }
}

gboolean
tern_test_run_pipeline (const char  *description,
                        GError     **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  gboolean ok;

  pipeline = gst_parse_launch (description, error);
  if (pipeline == NULL)
    return FALSE;

  bus = gst_element_get_bus (pipeline);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not start: %s", description);
      gst_element_set_state (pipeline, GST_STATE_NULL);
      return FALSE;
    }

  /* Wait on the bus, not on a clock. */
  message = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
                                        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  ok = GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS;
  if (!ok)
    {
      g_autoptr(GError) gerror = NULL;
      g_autofree char *debug = NULL;
      gst_message_parse_error (message, &gerror, &debug);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s (%s): %s",
                   gerror->message, debug ? debug : "", description);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return ok;
}

static gboolean
have_elements (const char *first,
               ...)
{
  va_list args;
  const char *name = first;
  gboolean ok = TRUE;

  va_start (args, first);
  while (name != NULL)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (name);
      if (factory == NULL)
        {
          g_autofree char *msg = g_strdup_printf ("GStreamer element %s is not installed", name);
          g_test_skip (msg);
          ok = FALSE;
          break;
        }
      name = va_arg (args, const char *);
    }
  va_end (args);
  return ok;
}

typedef struct
{
  int width, height;
  int fps_n, fps_d;
  int n_frames;
  const char *format;        /* raw format fed to the encoder */
  const char *encoder;       /* encoder and its options */
  const char *extra_caps;    /* appended to the raw caps */
  int channels;              /* 0: no audio */
  const char *audio_encoder;
  gboolean faststart;
} VideoSpec;

static void
make_video (const char      *path,
            const VideoSpec *spec)
{
  g_autoptr(GString) desc = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  double seconds = spec->n_frames * (double) spec->fps_d / spec->fps_n;

  g_string_append_printf (desc,
                          "videotestsrc num-buffers=%d pattern=ball ! "
                          "video/x-raw,format=%s,width=%d,height=%d,framerate=%d/%d%s ! "
                          "%s ! queue ! mp4mux name=mux faststart=%s ! filesink location=\"%s\" ",
                          spec->n_frames, spec->format ? spec->format : "I420",
                          spec->width, spec->height, spec->fps_n, spec->fps_d,
                          spec->extra_caps ? spec->extra_caps : "",
                          spec->encoder ? spec->encoder : "x264enc speed-preset=superfast key-int-max=30",
                          spec->faststart ? "true" : "false", path);
  if (spec->channels > 0)
    {
      /* 0.1 s buffers at 48 kHz, covering the video. */
      int buffers = (int) (seconds * 10 + 0.999);
      g_string_append_printf (desc,
                              "audiotestsrc num-buffers=%d samplesperbuffer=4800 ! "
                              "audio/x-raw,rate=48000,channels=%d ! audioconvert ! %s ! queue ! mux. ",
                              buffers, spec->channels,
                              spec->audio_encoder ? spec->audio_encoder : "avenc_aac");
    }

  if (!tern_test_run_pipeline (desc->str, &error))
    g_error ("Could not make fixture %s: %s", path, error->message);
}

/* A GIF writer small enough to trust: two colours, LZW codes of three
 * bits, a clear code after every two pixels so the code size never grows. */
static void
write_gif (const char *path,
           int         width,
           int         height,
           int         frames)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  static const guint8 header[] = {
    'G', 'I', 'F', '8', '9', 'a',
  };
  guint8 lsd[7] = { width & 0xff, width >> 8, height & 0xff, height >> 8, 0x80, 0, 0 };
  static const guint8 palette[] = { 0, 0, 0, 255, 255, 255 };
  static const guint8 loop[] = {
    0x21, 0xff, 0x0b, 'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0', 3, 1, 0, 0, 0,
  };
  g_autoptr(GError) error = NULL;

  g_byte_array_append (out, header, sizeof header);
  g_byte_array_append (out, lsd, sizeof lsd);
  g_byte_array_append (out, palette, sizeof palette);
  g_byte_array_append (out, loop, sizeof loop);

  for (int f = 0; f < frames; f++)
    {
      guint8 gce[] = { 0x21, 0xf9, 4, 0, 10, 0, 0, 0 };
      guint8 desc[] = { 0x2c, 0, 0, 0, 0, width & 0xff, width >> 8, height & 0xff, height >> 8, 0, 2 };
      g_autoptr(GByteArray) data = g_byte_array_new ();
      guint32 bits = 0;
      int nbits = 0;
      int n = width * height;

#define PUT(code) G_STMT_START { bits |= (guint32) (code) << nbits; nbits += 3; \
  while (nbits >= 8) { guint8 byte = bits & 0xff; g_byte_array_append (data, &byte, 1); bits >>= 8; nbits -= 8; } } G_STMT_END

      for (int i = 0; i < n; i++)
        {
          int x = i % width, y = i / width;
          if (i % 2 == 0)
            PUT (4); /* clear */
          PUT (((x + y + f) / 2) % 2);
        }
      PUT (5); /* end of information */
      if (nbits > 0)
        {
          guint8 byte = bits & 0xff;
          g_byte_array_append (data, &byte, 1);
        }
#undef PUT

      g_byte_array_append (out, gce, sizeof gce);
      g_byte_array_append (out, desc, sizeof desc);
      for (guint off = 0; off < data->len; off += 255)
        {
          guint8 len = MIN (255, data->len - off);
          g_byte_array_append (out, &len, 1);
          g_byte_array_append (out, data->data + off, len);
        }
      g_byte_array_append (out, (const guint8 *) "\0", 1);
    }
  g_byte_array_append (out, (const guint8 *) "\x3b", 1);

  g_file_set_contents (path, (const char *) out->data, out->len, &error);
  g_assert_no_error (error);
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Grows the last box (the mdat of a faststart MP4) to @extra more bytes,
 * as a hole in the file: a big video that costs no disk space. */
static void
extend_mdat (const char *path,
             guint32     extra)
{
  g_autofree guint8 *data = NULL;
  gsize len = 0;
  gsize offset = 0, last = 0;
  g_autoptr(GError) error = NULL;
  FILE *f;

  g_file_get_contents (path, (char **) &data, &len, &error);
  g_assert_no_error (error);
  while (offset + 8 <= len)
    {
      last = offset;
      offset += be32 (data + offset);
    }
  g_assert_cmpmem (data + last + 4, 4, "mdat", 4);

  f = fopen (path, "r+b");
  g_assert_nonnull (f);
  {
    guint32 size = be32 (data + last) + extra;
    guint8 field[4] = { size >> 24, size >> 16, size >> 8, size };
    g_assert_cmpint (fseek (f, last, SEEK_SET), ==, 0);
    g_assert_cmpint (fwrite (field, 1, 4, f), ==, 4);
  }
  g_assert_cmpint (ftruncate (fileno (f), len + extra), ==, 0);
  fclose (f);
}

char *
tern_test_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (tern_test_fixture_dir (), name, NULL);
  VideoSpec spec = { 320, 240, 10, 1, 10, NULL, NULL, NULL, 0, NULL, FALSE };

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);

  gst_init (NULL, NULL);

  if (g_str_equal (name, "good") || g_str_equal (name, "good-faststart"))
    {
      if (!have_elements ("x264enc", "avenc_aac", "mp4mux", NULL))
        return NULL;
      spec = (VideoSpec) { 1280, 720, 30, 1, 30, NULL, NULL, NULL, 2, NULL,
                           g_str_equal (name, "good-faststart") };
      make_video (path, &spec);
    }
  else if (g_str_equal (name, "too-long"))
    {
      if (!have_elements ("x264enc", "mp4mux", NULL))
        return NULL;
      spec = (VideoSpec) { 64, 64, 5, 1, 705, NULL, NULL, NULL, 0, NULL, FALSE };
      make_video (path, &spec);
    }
  else if (g_str_equal (name, "too-short"))
    {
      if (!have_elements ("x264enc", "mp4mux", NULL))
        return NULL;
      spec.n_frames = 2;
      make_video (path, &spec);
    }
  else if (g_str_equal (name, "too-large") || g_str_equal (name, "tier"))
    {
      if (!have_elements ("x264enc", "mp4mux", NULL))
        return NULL;
      spec = g_str_equal (name, "tier")
        ? (VideoSpec) { 1920, 1080, 5, 1, 4, NULL, NULL, NULL, 0, NULL, FALSE }
        : (VideoSpec) { 2000, 1000, 5, 1, 4, NULL, NULL, NULL, 0, NULL, FALSE };
      spec.encoder = "x264enc speed-preset=superfast key-int-max=30";
      make_video (path, &spec);
    }
  else if (g_str_equal (name, "yuv444"))
    {
      if (!have_elements ("x264enc", "mp4mux", NULL))
        return NULL;
      spec.format = "Y444";
      make_video (path, &spec);
    }
  else if (g_str_equal (name, "fps90"))
    {
      if (!have_elements ("x264enc", "mp4mux", NULL))
        return NULL;
      spec = (VideoSpec) { 160, 120, 90, 1, 90, NULL, NULL, NULL, 0, NULL, FALSE };
      make_video (path, &spec);
    }
  else if (g_str_equal (name, "interlaced"))
    {
      if (!have_elements ("x264enc", "mp4mux", NULL))
        return NULL;
      spec.extra_caps = ",interlace-mode=interleaved";
      spec.encoder = "x264enc speed-preset=superfast interlaced=true";
      make_video (path, &spec);
    }
  else if (g_str_equal (name, "long-gop"))
    {
      /* Keyframes at frames 1 and 401 only (no scene cuts), 500 frames. */
      if (!have_elements ("x264enc", "mp4mux", NULL))
        return NULL;
      spec = (VideoSpec) { 64, 64, 25, 1, 500, NULL, NULL, NULL, 0, NULL, FALSE };
      spec.encoder = "x264enc speed-preset=superfast key-int-max=400 option-string=scenecut=0";
      make_video (path, &spec);
    }
  else if (g_str_equal (name, "open-gop"))
    {
      /* Keyframes every 50 frames, as recovery points rather than IDRs. */
      if (!have_elements ("x264enc", "mp4mux", NULL))
        return NULL;
      spec = (VideoSpec) { 64, 64, 25, 1, 200, NULL, NULL, NULL, 0, NULL, FALSE };
      spec.encoder = "x264enc speed-preset=superfast key-int-max=50 option-string=open-gop=1:scenecut=0";
      make_video (path, &spec);
    }
  else if (g_str_equal (name, "no-audio"))
    {
      if (!have_elements ("x264enc", "mp4mux", NULL))
        return NULL;
      make_video (path, &spec);
    }
  else if (g_str_equal (name, "mono"))
    {
      if (!have_elements ("x264enc", "avenc_aac", "mp4mux", NULL))
        return NULL;
      spec.channels = 1;
      make_video (path, &spec);
    }
  else if (g_str_equal (name, "mp3-audio"))
    {
      if (!have_elements ("x264enc", "lamemp3enc", "mp4mux", NULL))
        return NULL;
      spec.channels = 2;
      spec.audio_encoder = "lamemp3enc ! mpegaudioparse";
      make_video (path, &spec);
    }
  else if (g_str_equal (name, "anamorphic"))
    {
      if (!have_elements ("x264enc", "mp4mux", NULL))
        return NULL;
      spec.extra_caps = ",pixel-aspect-ratio=4/3";
      make_video (path, &spec);
    }
  else if (g_str_equal (name, "hevc"))
    {
      if (!have_elements ("x265enc", "h265parse", "mp4mux", NULL))
        return NULL;
      spec.encoder = "x265enc speed-preset=ultrafast ! h265parse";
      make_video (path, &spec);
    }
  else if (g_str_equal (name, "photo.jpg") || g_str_equal (name, "still.webp") ||
           g_str_equal (name, "huge.png"))
    {
      /* One frame through an image encoder; noise for the big PNG so it
       * does not compress below 5 MB. */
      g_autofree char *desc = NULL;
      g_autoptr(GError) error = NULL;
      const char *encoder = g_str_equal (name, "photo.jpg") ? "jpegenc"
                            : g_str_equal (name, "still.webp") ? "webpenc" : "pngenc compression-level=0";
      gboolean huge = g_str_equal (name, "huge.png");

      if (!have_elements (g_str_equal (name, "photo.jpg") ? "jpegenc"
                          : g_str_equal (name, "still.webp") ? "webpenc" : "pngenc", NULL))
        return NULL;
      desc = g_strdup_printf ("videotestsrc num-buffers=1 pattern=%s ! "
                              "video/x-raw,format=RGB,width=%d,height=%d ! videoconvert ! %s ! filesink location=\"%s\"",
                              huge ? "snow" : "smpte", huge ? 1600 : 300, huge ? 1600 : 200,
                              encoder, path);
      if (!tern_test_run_pipeline (desc, &error))
        g_error ("Could not make fixture %s: %s", path, error->message);
    }
  else if (g_str_equal (name, "gif-small"))
    write_gif (path, 16, 16, 4);
  else if (g_str_equal (name, "gif-too-many-frames"))
    write_gif (path, 8, 8, 351);
  else if (g_str_equal (name, "png-as-jpg"))
    {
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 120, 80);
      g_autoptr(GError) error = NULL;
      gdk_pixbuf_fill (pixbuf, 0x3366ccff);
      gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
      g_assert_no_error (error);
    }
  else if (g_str_equal (name, "text.mp4"))
    {
      g_autoptr(GError) error = NULL;
      g_file_set_contents (path, "This is a note, not a video.\nSecond line.\n", -1, &error);
      g_assert_no_error (error);
    }
  else if (g_str_equal (name, "empty.mp4"))
    {
      g_autoptr(GError) error = NULL;
      g_file_set_contents (path, "", 0, &error);
      g_assert_no_error (error);
    }
  else if (g_str_equal (name, "unknown.bin"))
    {
      g_autoptr(GError) error = NULL;
      guint8 noise[8192];
      g_autoptr(GRand) rand = g_rand_new_with_seed (42);
      for (guint i = 0; i < sizeof noise; i++)
        noise[i] = g_rand_int_range (rand, 0, 256);
      g_file_set_contents (path, (const char *) noise, sizeof noise, &error);
      g_assert_no_error (error);
    }
  else if (g_str_equal (name, "truncated.mp4"))
    {
      g_autofree char *good = tern_test_fixture ("good");
      g_autofree char *data = NULL;
      gsize len = 0;
      g_autoptr(GError) error = NULL;
      if (good == NULL)
        return NULL;
      g_file_get_contents (good, &data, &len, &error);
      g_assert_no_error (error);
      g_file_set_contents (path, data, len / 2, &error);
      g_assert_no_error (error);
    }
  else if (g_str_equal (name, "sparse-big"))
    {
      g_autofree char *good = tern_test_fixture ("good-faststart");
      g_autofree char *data = NULL;
      gsize len = 0;
      g_autoptr(GError) error = NULL;
      if (good == NULL)
        return NULL;
      g_file_get_contents (good, &data, &len, &error);
      g_assert_no_error (error);
      g_file_set_contents (path, data, len, &error);
      g_assert_no_error (error);
      extend_mdat (path, 1024u * 1024 * 1024);
    }
  else
    g_error ("Unknown fixture %s", name);

  return g_steal_pointer (&path);
}
