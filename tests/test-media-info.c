/* test-media-info.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "media/tern-media-info.h"
#include "media/tern-media-rules.h"
#include "media/tern-media-thumbnail.h"
#include "tern-test-fixtures.h"

/* "error:video-too-long,warning:..." in the rules' order. */
static char *
problem_codes (const TernMediaInfo *info)
{
  g_autoptr(GPtrArray) problems = tern_media_rules_check (info);
  g_autoptr(GString) codes = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const TernMediaProblem *p = g_ptr_array_index (problems, i);
      g_test_message ("%s %s: %s", tern_media_severity_to_string (p->severity), p->code, p->message);
      if (codes->len > 0)
        g_string_append_c (codes, ',');
      g_string_append_printf (codes, "%s:%s", tern_media_severity_to_string (p->severity), p->code);
    }
  return g_string_free (g_steal_pointer (&codes), FALSE);
}

static TernMediaInfo *
probe_fixture (const char *name)
{
  g_autofree char *path = tern_test_fixture (name);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  TernMediaInfo *info;

  if (path == NULL)
    return NULL;
  file = g_file_new_for_path (path);
  info = tern_media_info_probe (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

static void
assert_problems (const char *fixture,
                 const char *expected)
{
  g_autoptr(TernMediaInfo) info = probe_fixture (fixture);
  g_autofree char *codes = NULL;

  if (info == NULL)
    return;
  codes = problem_codes (info);
  g_assert_cmpstr (codes, ==, expected);
}

static void
test_good_video (void)
{
  g_autoptr(TernMediaInfo) info = probe_fixture ("good");
  g_autofree char *codes = NULL;

  if (info == NULL)
    return;
  g_assert_cmpint (info->kind, ==, TERN_ATTACHMENT_KIND_VIDEO);
  g_assert_cmpstr (info->mime_type, ==, "video/mp4");
  g_assert_cmpstr (info->format, ==, "mp4");
  g_assert_cmpstr (info->video_codec, ==, "h264");
  g_assert_cmpstr (info->video_profile, ==, "high");
  g_assert_cmpuint (info->width, ==, 1280);
  g_assert_cmpuint (info->height, ==, 720);
  g_assert_cmpuint (info->par_n, ==, 1);
  g_assert_cmpuint (info->par_d, ==, 1);
  g_assert_cmpuint (info->fps_n, ==, 30);
  g_assert_cmpuint (info->fps_d, ==, 1);
  g_assert_cmpstr (info->chroma_format, ==, "4:2:0");
  g_assert_cmpuint (info->bit_depth, ==, 8);
  g_assert_false (info->interlaced);
  g_assert_cmpint (info->duration_usec, >=, 950000);
  g_assert_cmpint (info->duration_usec, <=, 1100000);
  g_assert_cmpuint (info->bitrate, >, 0);
  g_assert_false (info->index_first);
  g_assert_cmpuint (info->keyframe_interval, ==, 30);
  g_assert_true (info->has_audio);
  g_assert_cmpstr (info->audio_codec, ==, "aac");
  g_assert_cmpstr (info->audio_profile, ==, "lc");
  g_assert_cmpuint (info->channels, ==, 2);
  g_assert_cmpuint (info->sample_rate, ==, 48000);

  codes = problem_codes (info);
  g_assert_cmpstr (codes, ==, "");
}

static void
test_faststart (void)
{
  g_autoptr(TernMediaInfo) info = probe_fixture ("good-faststart");

  if (info == NULL)
    return;
  g_assert_true (info->index_first);
}

static void
test_too_long (void)
{
  g_autoptr(TernMediaInfo) info = probe_fixture ("too-long");
  g_autoptr(GPtrArray) problems = NULL;
  const TernMediaProblem *p;

  if (info == NULL)
    return;
  problems = tern_media_rules_check (info);
  g_assert_cmpuint (problems->len, ==, 1);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (p->code, ==, "video-too-long");
  g_assert_cmpint (p->severity, ==, TERN_MEDIA_SEVERITY_ERROR);
  g_assert_true (p->convertible);
  g_assert_nonnull (strstr (p->message, "2:21"));
  g_assert_nonnull (strstr (p->message, "2:20"));
}

static void
test_too_short (void)
{
  assert_problems ("too-short", "error:video-too-short");
}

static void
test_too_large (void)
{
  assert_problems ("too-large", "error:video-dimensions");
}

static void
test_dimension_tier (void)
{
  assert_problems ("tier", "warning:video-dimensions");
}

static void
test_yuv444 (void)
{
  g_autoptr(TernMediaInfo) info = probe_fixture ("yuv444");
  g_autofree char *codes = NULL;

  if (info == NULL)
    return;
  g_assert_cmpstr (info->chroma_format, ==, "4:4:4");
  codes = problem_codes (info);
  g_assert_cmpstr (codes, ==, "error:video-chroma");
}

static void
test_fps90 (void)
{
  assert_problems ("fps90", "error:video-frame-rate");
}

static void
test_interlaced (void)
{
  assert_problems ("interlaced", "error:video-interlaced");
}

static void
test_long_gop (void)
{
  g_autoptr(TernMediaInfo) info = probe_fixture ("long-gop");
  g_autofree char *codes = NULL;

  if (info == NULL)
    return;
  g_assert_cmpuint (info->keyframe_interval, ==, 400);
  codes = problem_codes (info);
  g_assert_cmpstr (codes, ==, "error:video-keyframes");
}

static void
test_open_gop (void)
{
  g_autoptr(TernMediaInfo) info = probe_fixture ("open-gop");
  g_autoptr(TernMediaInfo) closed = probe_fixture ("long-gop");
  g_autofree char *codes = NULL;

  if (info == NULL || closed == NULL)
    return;
  g_assert_true (info->open_gop);
  g_assert_false (closed->open_gop);
  codes = problem_codes (info);
  g_assert_cmpstr (codes, ==, "error:video-open-gop");
}

static void
test_no_audio (void)
{
  g_autoptr(TernMediaInfo) info = probe_fixture ("no-audio");
  g_autofree char *codes = NULL;

  if (info == NULL)
    return;
  g_assert_false (info->has_audio);
  codes = problem_codes (info);
  g_assert_cmpstr (codes, ==, "");
}

static void
test_mono (void)
{
  g_autoptr(TernMediaInfo) info = probe_fixture ("mono");
  g_autofree char *codes = NULL;

  if (info == NULL)
    return;
  g_assert_cmpuint (info->channels, ==, 1);
  codes = problem_codes (info);
  g_assert_cmpstr (codes, ==, "");
}

static void
test_mp3_audio (void)
{
  assert_problems ("mp3-audio", "error:audio-codec");
}

static void
test_anamorphic (void)
{
  assert_problems ("anamorphic", "error:video-pixel-aspect");
}

static void
test_hevc (void)
{
  g_autoptr(TernMediaInfo) info = probe_fixture ("hevc");
  g_autoptr(GPtrArray) problems = NULL;

  if (info == NULL)
    return;
  g_assert_cmpstr (info->video_codec, ==, "hevc");
  problems = tern_media_rules_check (info);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((TernMediaProblem *) problems->pdata[0])->code, ==, "video-codec");
  g_assert_true (((TernMediaProblem *) problems->pdata[0])->convertible);
  g_assert_true (tern_media_problems_convertible (problems));
}

static void
test_gif_small (void)
{
  g_autoptr(TernMediaInfo) info = probe_fixture ("gif-small");
  g_autofree char *codes = NULL;

  g_assert_cmpint (info->kind, ==, TERN_ATTACHMENT_KIND_GIF);
  g_assert_cmpstr (info->mime_type, ==, "image/gif");
  g_assert_cmpuint (info->width, ==, 16);
  g_assert_cmpuint (info->height, ==, 16);
  g_assert_cmpuint (info->n_frames, ==, 4);
  codes = problem_codes (info);
  g_assert_cmpstr (codes, ==, "");
}

static void
test_gif_too_many_frames (void)
{
  g_autoptr(TernMediaInfo) info = probe_fixture ("gif-too-many-frames");
  g_autofree char *codes = NULL;

  g_assert_cmpuint (info->n_frames, ==, 351);
  codes = problem_codes (info);
  g_assert_cmpstr (codes, ==, "error:gif-too-many-frames");
}

static void
assert_image (const char *fixture,
              const char *mime_type,
              guint       width,
              guint       height,
              const char *expected)
{
  g_autoptr(TernMediaInfo) info = probe_fixture (fixture);
  g_autofree char *codes = NULL;

  if (info == NULL)
    return;
  g_assert_cmpint (info->kind, ==, TERN_ATTACHMENT_KIND_IMAGE);
  g_assert_cmpstr (info->mime_type, ==, mime_type);
  g_assert_cmpuint (info->width, ==, width);
  g_assert_cmpuint (info->height, ==, height);
  g_assert_cmpuint (info->n_frames, ==, 1);
  codes = problem_codes (info);
  g_assert_cmpstr (codes, ==, expected);
}

static void
test_images (void)
{
  assert_image ("photo.jpg", "image/jpeg", 300, 200, "");
  assert_image ("still.webp", "image/webp", 300, 200, "");
  assert_image ("huge.png", "image/png", 1600, 1600, "error:image-file-too-large");
}

static void
test_png_named_jpg (void)
{
  g_autofree char *png = tern_test_fixture ("png-as-jpg");
  g_autofree char *jpg = g_build_filename (tern_test_fixture_dir (), "photo.jpg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (jpg);
  g_autoptr(TernMediaInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *codes = NULL;

  g_assert_cmpint (g_rename (png, jpg), ==, 0);
  info = tern_media_info_probe (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->kind, ==, TERN_ATTACHMENT_KIND_IMAGE);
  g_assert_cmpstr (info->mime_type, ==, "image/png");
  g_assert_cmpstr (info->format, ==, "png");
  g_assert_cmpuint (info->width, ==, 120);
  g_assert_cmpuint (info->height, ==, 80);
  codes = problem_codes (info);
  g_assert_cmpstr (codes, ==, "");
}

static void
assert_probe_fails (const char *path,
                    GQuark      domain,
                    int         code,
                    const char *message_part)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(TernMediaInfo) info = tern_media_info_probe (file, NULL, &error);

  g_assert_null (info);
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_text_named_mp4 (void)
{
  g_autofree char *path = tern_test_fixture ("text.mp4");
  assert_probe_fails (path, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_UNSUPPORTED, "not an image or a video");
}

static void
test_empty (void)
{
  g_autofree char *path = tern_test_fixture ("empty.mp4");
  assert_probe_fails (path, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_EMPTY, "is empty");
}

static void
test_truncated (void)
{
  g_autofree char *path = tern_test_fixture ("truncated.mp4");
  if (path == NULL)
    return;
  assert_probe_fails (path, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_DAMAGED, "damaged or incomplete");
}

static void
test_truncated_faststart (void)
{
  g_autofree char *good = tern_test_fixture ("good-faststart");
  g_autofree char *path = g_build_filename (tern_test_fixture_dir (), "cut.mp4", NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  if (good == NULL)
    return;
  /* The index survives; the media data is cut short. */
  g_file_get_contents (good, &data, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, data, len - len / 4, &error);
  g_assert_no_error (error);
  assert_probe_fails (path, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_DAMAGED, "runs to");
}

static void
test_unknown_format (void)
{
  g_autofree char *path = tern_test_fixture ("unknown.bin");
  assert_probe_fails (path, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_UNSUPPORTED, "not an image or a video");
}

static void
test_missing_file (void)
{
  g_autofree char *path = g_build_filename (tern_test_fixture_dir (), "no-such-video.mp4", NULL);
  assert_probe_fails (path, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no-such-video.mp4");
}

static void
test_changed_after_probe (void)
{
  g_autofree char *src = tern_test_fixture ("png-as-jpg");
  g_autofree char *path = g_build_filename (tern_test_fixture_dir (), "changing.png", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(TernMediaInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  FILE *f;

  g_file_get_contents (src, &data, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);

  info = tern_media_info_probe (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tern_media_info_check_unchanged (info, file, &error));
  g_assert_no_error (error);

  /* Someone appends to it while Tern holds it. */
  f = fopen (path, "ab");
  g_assert_nonnull (f);
  fputs ("more", f);
  fclose (f);
  g_assert_false (tern_media_info_check_unchanged (info, file, &error));
  g_assert_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_CHANGED);
  g_assert_nonnull (strstr (error->message, "changing.png"));
  g_clear_error (&error);

  /* And then deletes it. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_false (tern_media_info_check_unchanged (info, file, &error));
  g_assert_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_CHANGED);
  g_assert_nonnull (strstr (error->message, "moved or deleted"));
}

static guint64
read_rchar (void)
{
  g_autofree char *io = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/io", &io, NULL, NULL))
    return 0;
  line = strstr (io, "rchar:");
  return line ? g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

static void
test_reads_headers_only (void)
{
  g_autofree char *path = tern_test_fixture ("sparse-big");
  g_autoptr(GFile) file = NULL;
  g_autoptr(TernMediaInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  guint64 before, after;

  if (path == NULL)
    return;
  if (read_rchar () == 0)
    {
      g_test_skip ("/proc/self/io is not readable here");
      return;
    }
  file = g_file_new_for_path (path);
  before = read_rchar ();
  info = tern_media_info_probe (file, NULL, &error);
  after = read_rchar ();
  g_assert_no_error (error);
  g_assert_cmpuint (info->size, >, G_GUINT64_CONSTANT (1024) * 1024 * 1024);
  g_test_message ("probing a %" G_GUINT64_FORMAT "-byte file read %" G_GUINT64_FORMAT " bytes",
                  info->size, after - before);
  /* Far less than the file: a few headers and the first samples. */
  g_assert_cmpuint (after - before, <, 32 * 1024 * 1024);
  g_assert_true (info->index_first);
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  TernMediaInfo **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = tern_media_info_probe_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_probe_async (void)
{
  g_autofree char *path = tern_test_fixture ("gif-small");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(TernMediaInfo) info = NULL;

  tern_media_info_probe_async (file, NULL, probe_done_cb, &info);
  while (info == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (info->kind, ==, TERN_ATTACHMENT_KIND_GIF);
}

static void
test_json (void)
{
  g_autoptr(TernMediaInfo) info = probe_fixture ("mono");
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object, *audio;

  if (info == NULL)
    return;
  node = tern_media_info_to_json (info);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "video");
  g_assert_cmpstr (json_object_get_string_member (object, "video_codec"), ==, "h264");
  g_assert_cmpstr (json_object_get_string_member (object, "frame_rate"), ==, "10/1");
  audio = json_object_get_object_member (object, "audio");
  g_assert_cmpint (json_object_get_int_member (audio, "channels"), ==, 1);
}

static GdkPixbuf *
thumbnail_of (const char *fixture,
              int         size)
{
  g_autofree char *path = tern_test_fixture (fixture);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf;

  if (path == NULL)
    return NULL;
  file = g_file_new_for_path (path);
  pixbuf = tern_media_thumbnail (file, size, NULL, &error);
  g_assert_no_error (error);
  return pixbuf;
}

static void
test_thumbnails (void)
{
  g_autoptr(GdkPixbuf) video = thumbnail_of ("good", 160);
  g_autoptr(GdkPixbuf) anamorphic = thumbnail_of ("anamorphic", 160);
  g_autoptr(GdkPixbuf) image = thumbnail_of ("png-as-jpg", 60);
  g_autoptr(GdkPixbuf) gif = thumbnail_of ("gif-small", 64);
  guint8 *pixels;

  if (video != NULL)
    {
      /* 16:9 kept; videotestsrc's ball is white on black, so not all black. */
      g_assert_cmpint (gdk_pixbuf_get_width (video), ==, 160);
      g_assert_cmpint (gdk_pixbuf_get_height (video), ==, 90);
    }
  if (anamorphic != NULL)
    {
      /* 320×240 with 4:3 pixels is shown 16:9. */
      g_assert_cmpint (gdk_pixbuf_get_width (anamorphic), ==, 160);
      g_assert_cmpint (gdk_pixbuf_get_height (anamorphic), ==, 90);
    }
  g_assert_cmpint (gdk_pixbuf_get_width (image), ==, 60);
  g_assert_cmpint (gdk_pixbuf_get_height (image), ==, 40);
  pixels = gdk_pixbuf_get_pixels (image);
  g_assert_cmpint (pixels[0], ==, 0x33);
  g_assert_cmpint (pixels[1], ==, 0x66);
  g_assert_cmpint (pixels[2], ==, 0xcc);
  /* Not enlarged. */
  g_assert_cmpint (gdk_pixbuf_get_width (gif), ==, 16);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tern_media_init ();

  g_test_add_func ("/media-info/good-video", test_good_video);
  g_test_add_func ("/media-info/faststart", test_faststart);
  g_test_add_func ("/media-info/too-long", test_too_long);
  g_test_add_func ("/media-info/too-short", test_too_short);
  g_test_add_func ("/media-info/too-large", test_too_large);
  g_test_add_func ("/media-info/dimension-tier", test_dimension_tier);
  g_test_add_func ("/media-info/yuv444", test_yuv444);
  g_test_add_func ("/media-info/fps90", test_fps90);
  g_test_add_func ("/media-info/interlaced", test_interlaced);
  g_test_add_func ("/media-info/long-gop", test_long_gop);
  g_test_add_func ("/media-info/open-gop", test_open_gop);
  g_test_add_func ("/media-info/no-audio", test_no_audio);
  g_test_add_func ("/media-info/mono", test_mono);
  g_test_add_func ("/media-info/mp3-audio", test_mp3_audio);
  g_test_add_func ("/media-info/anamorphic", test_anamorphic);
  g_test_add_func ("/media-info/hevc", test_hevc);
  g_test_add_func ("/media-info/gif-small", test_gif_small);
  g_test_add_func ("/media-info/gif-too-many-frames", test_gif_too_many_frames);
  g_test_add_func ("/media-info/images", test_images);
  g_test_add_func ("/media-info/png-named-jpg", test_png_named_jpg);
  g_test_add_func ("/media-info/text-named-mp4", test_text_named_mp4);
  g_test_add_func ("/media-info/empty", test_empty);
  g_test_add_func ("/media-info/truncated", test_truncated);
  g_test_add_func ("/media-info/truncated-faststart", test_truncated_faststart);
  g_test_add_func ("/media-info/unknown-format", test_unknown_format);
  g_test_add_func ("/media-info/missing-file", test_missing_file);
  g_test_add_func ("/media-info/changed-after-probe", test_changed_after_probe);
  g_test_add_func ("/media-info/reads-headers-only", test_reads_headers_only);
  g_test_add_func ("/media-info/probe-async", test_probe_async);
  g_test_add_func ("/media-info/json", test_json);
  g_test_add_func ("/media-info/thumbnails", test_thumbnails);

  ret = g_test_run ();
  tern_test_fixtures_cleanup ();
  return ret;
}
