/* test-image-converter.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gst/gst.h>
#include <gst/tag/tag.h>

#include "media/tern-image-converter.h"
#include "media/tern-media-info.h"
#include "media/tern-media-rules.h"
#include "media/tern-transcoder.h"
#include "tern-test-fixtures.h"

/* The tags of a JPEG's APP1 Exif segment, read with GStreamer's own EXIF
 * reader (not Tern's), or NULL when the file has none. */
static GstTagList *
jpeg_exif_tags (const char *path)
{
  g_autofree guint8 *data = NULL;
  gsize len = 0;
  gsize offset = 2;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, (char **) &data, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 4);
  g_assert_cmpint (data[0], ==, 0xff);
  g_assert_cmpint (data[1], ==, 0xd8);

  while (offset + 4 <= len && data[offset] == 0xff && data[offset + 1] != 0xda)
    {
      gsize segment = (data[offset + 2] << 8) | data[offset + 3];

      if (data[offset + 1] == 0xe1 && segment > 8 && offset + 2 + segment <= len &&
          memcmp (data + offset + 4, "Exif\0\0", 6) == 0)
        {
          g_autoptr(GstBuffer) buffer = gst_buffer_new_memdup (data + offset + 10, segment - 8);
          return gst_tag_list_from_exif_buffer_with_tiff_header (buffer);
        }
      offset += 2 + segment;
    }
  return NULL;
}

static gboolean
has_gps (GstTagList *tags)
{
  double latitude;
  return tags != NULL && gst_tag_list_get_double (tags, GST_TAG_GEO_LOCATION_LATITUDE, &latitude);
}

static gboolean
is_red (GdkPixbuf *pixbuf,
        int        x,
        int        y)
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf) +
                    (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);
  return p[0] > 200 && p[1] < 60 && p[2] < 60;
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} RunState;

static void
transcoder_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RunState *state = user_data;

  state->ok = tern_transcoder_run_finish (TERN_TRANSCODER (source), result, &state->error);
  state->done = TRUE;
}

static void
converter_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RunState *state = user_data;

  state->ok = tern_image_converter_run_finish (TERN_IMAGE_CONVERTER (source), result, &state->error);
  state->done = TRUE;
}

/* Converts @in_path to @out_name (in the fixture directory) the way the
 * Convert button does; returns where the copy went. */
static char *
convert_like_the_button (const char *in_path,
                         const char *out_name,
                         GError    **error)
{
  g_autoptr(GFile) input = g_file_new_for_path (in_path);
  g_autofree char *out_path = g_build_filename (tern_test_fixture_dir (), out_name, NULL);
  g_autoptr(GFile) output = g_file_new_for_path (out_path);
  g_autoptr(TernTranscoder) transcoder = tern_transcoder_new (input, output);
  RunState state = { 0 };

  tern_transcoder_run_async (transcoder, NULL, transcoder_done_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  if (!state.ok)
    {
      g_propagate_error (error, state.error);
      return NULL;
    }
  g_assert_cmpfloat (tern_transcoder_get_progress (transcoder), ==, 1.0);
  return g_file_get_path (tern_transcoder_get_output (transcoder));
}

static void
test_phone_photo (void)
{
  g_autofree char *path = tern_test_fixture ("photo-12mp.jpg");
  g_autofree char *converted = NULL;
  g_autoptr(TernMediaInfo) before = NULL;
  g_autoptr(TernMediaInfo) after = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GstTagList) tags_before = NULL;
  g_autoptr(GstTagList) tags_after = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return;

  /* The fixture is what a phone makes: sideways, located, too big. */
  file = g_file_new_for_path (path);
  before = tern_media_info_probe (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->size, >, 5 * 1024 * 1024);
  g_assert_cmpuint (before->width, ==, 4000);
  g_assert_cmpuint (before->height, ==, 3000);
  g_assert_cmpuint (before->orientation, ==, 6);
  g_assert_true (before->decodable);
  tags_before = jpeg_exif_tags (path);
  g_assert_true (has_gps (tags_before));

  /* The rules offer Convert for it. */
  problems = tern_media_rules_check (before);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((TernMediaProblem *) g_ptr_array_index (problems, 0))->code, ==, "image-file-too-large");
  g_assert_true (tern_media_problems_block (problems));
  g_assert_true (tern_media_problems_convertible (problems));

  converted = convert_like_the_button (path, "photo-12mp-for-x.jpg", &error);
  g_assert_no_error (error);
  g_clear_object (&file);
  file = g_file_new_for_path (converted);
  after = tern_media_info_probe (file, NULL, &error);
  g_assert_no_error (error);

  /* Under 5 MB however X counts a megabyte, a JPEG, nothing to fix. */
  g_assert_cmpstr (after->format, ==, "jpeg");
  g_assert_cmpuint (after->size, <, 5000000);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = tern_media_rules_check (after);
  g_assert_cmpuint (problems->len, ==, 0);

  /* Upright: portrait, and the red that was on the left is on top. */
  g_assert_cmpuint (after->width, ==, 3000);
  g_assert_cmpuint (after->height, ==, 4000);
  g_assert_cmpuint (after->orientation, ==, 0);
  pixbuf = gdk_pixbuf_new_from_file (converted, &error);
  g_assert_no_error (error);
  g_assert_true (is_red (pixbuf, 1500, 300));
  g_assert_false (is_red (pixbuf, 1500, 3500));
  g_assert_false (is_red (pixbuf, 300, 1500) && is_red (pixbuf, 300, 3500));

  /* No location left. */
  tags_after = jpeg_exif_tags (converted);
  g_assert_false (has_gps (tags_after));
}

/* The quality is the highest that fits, not a fixed value: one step more
 * would not fit. */
static void
test_quality_search (void)
{
  g_autofree char *path = tern_test_fixture ("photo-12mp.jpg");
  g_autofree char *out_path = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(TernImageConverter) converter = NULL;
  g_autoptr(GdkPixbuf) source = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next_quality = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  guint quality;

  if (path == NULL)
    return;
  input = g_file_new_for_path (path);
  out_path = g_build_filename (tern_test_fixture_dir (), "photo-12mp-q100.jpg", NULL);
  output = g_file_new_for_path (out_path);
  converter = tern_image_converter_new (input, output);
  tern_image_converter_set_max_quality (converter, 100);
  g_assert_true (tern_image_converter_run (converter, NULL, &error));
  g_assert_no_error (error);

  quality = tern_image_converter_get_quality (converter);
  g_test_message ("quality chosen: %u", quality);
  g_assert_cmpstr (tern_image_converter_get_format (converter), ==, "jpeg");
  g_assert_cmpuint (quality, <, 100);
  g_assert_cmpuint (quality, >=, 60);
  g_assert_true (g_file_get_contents (out_path, &data, &len, &error));
  g_assert_cmpuint (len, <=, TERN_IMAGE_CONVERTER_TARGET_BYTES);
  g_clear_pointer (&data, g_free);

  source = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  upright = gdk_pixbuf_apply_embedded_orientation (source);
  next_quality = g_strdup_printf ("%u", quality + 1);
  g_assert_true (gdk_pixbuf_save_to_buffer (upright, &data, &len, "jpeg", &error,
                                            "quality", next_quality, NULL));
  g_assert_cmpuint (len, >, TERN_IMAGE_CONVERTER_TARGET_BYTES);

  /* With the default ceiling it stays at the ceiling when that fits. */
  g_clear_object (&converter);
  converter = tern_image_converter_new (input, output);
  tern_image_converter_set_max_quality (converter, 70);
  g_assert_true (tern_image_converter_run (converter, NULL, &error));
  g_assert_cmpuint (tern_image_converter_get_quality (converter), ==, 70);
}

static void
test_transparent_png (void)
{
  g_autofree char *path = tern_test_fixture ("alpha-huge.png");
  g_autofree char *out_path = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(TernImageConverter) converter = NULL;
  g_autoptr(TernMediaInfo) before = NULL;
  g_autoptr(TernMediaInfo) after = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  RunState state = { 0 };
  guint8 alpha;

  if (path == NULL)
    return;
  input = g_file_new_for_path (path);
  before = tern_media_info_probe (input, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->size, >, 5 * 1024 * 1024);
  problems = tern_media_rules_check (before);
  g_assert_true (tern_media_problems_convertible (problems));

  /* Asked for a JPEG, it keeps the transparency in a PNG instead. */
  out_path = g_build_filename (tern_test_fixture_dir (), "alpha-for-x.jpg", NULL);
  expected = g_build_filename (tern_test_fixture_dir (), "alpha-for-x.png", NULL);
  output = g_file_new_for_path (out_path);
  converter = tern_image_converter_new (input, output);
  tern_image_converter_run_async (converter, NULL, converter_done_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_cmpstr (tern_image_converter_get_format (converter), ==, "png");
  g_assert_cmpstr (g_file_peek_path (tern_image_converter_get_output (converter)), ==, expected);
  g_assert_false (g_file_test (out_path, G_FILE_TEST_EXISTS));

  file = g_file_new_for_path (expected);
  after = tern_media_info_probe (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->format, ==, "png");
  g_assert_cmpuint (after->size, <=, TERN_IMAGE_CONVERTER_TARGET_BYTES);
  g_assert_cmpuint (after->width, <, 1600);
  g_assert_cmpuint (after->width, ==, after->height);

  pixbuf = gdk_pixbuf_new_from_file (expected, &error);
  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));
  alpha = gdk_pixbuf_read_pixels (pixbuf)[3];
  g_assert_cmpuint (alpha, <, 200);
  g_assert_cmpuint (alpha, >, 60);
}

static void
check_heif (const char *fixture,
            const char *format,
            const char *mime_type)
{
  g_autofree char *path = tern_test_fixture (fixture);
  g_autofree char *out_name = NULL;
  g_autofree char *converted = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(TernMediaInfo) info = NULL;
  g_autoptr(TernMediaInfo) after = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  const TernMediaProblem *p;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  info = tern_media_info_probe (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->kind, ==, TERN_ATTACHMENT_KIND_IMAGE);
  g_assert_cmpstr (info->format, ==, format);
  g_assert_cmpstr (info->mime_type, ==, mime_type);
  g_assert_cmpuint (info->width, ==, 300);
  g_assert_cmpuint (info->height, ==, 200);
  if (!info->decodable)
    {
      g_test_skip ("No gdk-pixbuf loader for HEIF/AVIF is installed (heif-gdk-pixbuf)");
      return;
    }

  /* X does not take it: Convert does. */
  problems = tern_media_rules_check (info);
  g_assert_cmpuint (problems->len, ==, 1);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (p->code, ==, "image-format");
  g_assert_true (p->convertible);
  g_assert_true (tern_media_problems_convertible (problems));

  out_name = g_strconcat (fixture, "-for-x.jpg", NULL);
  converted = convert_like_the_button (path, out_name, &error);
  g_assert_no_error (error);
  g_clear_object (&file);
  file = g_file_new_for_path (converted);
  after = tern_media_info_probe (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->format, ==, "jpeg");
  g_assert_cmpuint (after->width, ==, 300);
  g_assert_cmpuint (after->height, ==, 200);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = tern_media_rules_check (after);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_heic (void)
{
  check_heif ("photo.heic", "heif", "image/heif");
}

static void
test_avif (void)
{
  check_heif ("photo.avif", "avif", "image/avif");
}

/* Without a HEIF loader, the photo is named as what it is, and the
 * message says what to install; Convert is not offered. */
static void
test_heic_without_decoder (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *path = NULL;
      g_autofree char *empty = g_build_filename (tern_test_fixture_dir (), "no-loaders.cache", NULL);
      g_autoptr(GFile) file = NULL;
      g_autoptr(TernMediaInfo) info = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;
      const TernMediaProblem *p;

      /* Before gdk-pixbuf reads its list of loaders. */
      g_file_set_contents (empty, "", 0, NULL);
      g_setenv ("GDK_PIXBUF_MODULE_FILE", empty, TRUE);
      path = tern_test_fixture ("photo.heic");
      if (path == NULL)
        return;
      file = g_file_new_for_path (path);
      info = tern_media_info_probe (file, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (info->format, ==, "heif");
      g_assert_false (info->decodable);
      problems = tern_media_rules_check (info);
      g_assert_cmpuint (problems->len, ==, 1);
      p = g_ptr_array_index (problems, 0);
      g_assert_true (p->severity == TERN_MEDIA_SEVERITY_ERROR);
      g_assert_false (p->convertible);
      g_assert_false (tern_media_problems_convertible (problems));
      g_assert_nonnull (strstr (p->message, "HEIC"));
      g_assert_nonnull (strstr (p->message, "heif-gdk-pixbuf"));

      {
        g_autofree char *out = g_build_filename (tern_test_fixture_dir (), "never.jpg", NULL);
        g_autoptr(GFile) output = g_file_new_for_path (out);
        g_autoptr(TernImageConverter) converter = tern_image_converter_new (file, output);
        g_assert_false (tern_image_converter_run (converter, NULL, &error));
        g_assert_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_NO_ENCODER);
        g_assert_nonnull (strstr (error->message, "heif-gdk-pixbuf"));
        g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      }
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A still GIF is an image (it goes up as one); an animated one is a GIF
 * (chunked, tweet_gif), and Convert does not flatten it. */
static void
test_still_and_animated_gif (void)
{
  g_autofree char *still = tern_test_fixture ("gif-still");
  g_autofree char *animated = tern_test_fixture ("gif-small");
  g_autoptr(GFile) still_file = g_file_new_for_path (still);
  g_autoptr(GFile) animated_file = g_file_new_for_path (animated);
  g_autoptr(TernMediaInfo) still_info = NULL;
  g_autoptr(TernMediaInfo) animated_info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *converted = NULL;

  still_info = tern_media_info_probe (still_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (still_info->kind, ==, TERN_ATTACHMENT_KIND_IMAGE);
  g_assert_cmpstr (still_info->mime_type, ==, "image/gif");
  g_assert_cmpuint (still_info->n_frames, ==, 1);

  animated_info = tern_media_info_probe (animated_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (animated_info->kind, ==, TERN_ATTACHMENT_KIND_GIF);
  g_assert_cmpuint (animated_info->n_frames, ==, 4);

  converted = convert_like_the_button (animated, "gif-small-flat.jpg", &error);
  g_assert_null (converted);
  g_assert_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "GIF"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tern_media_init ();

  g_test_add_func ("/image-converter/phone-photo", test_phone_photo);
  g_test_add_func ("/image-converter/quality-search", test_quality_search);
  g_test_add_func ("/image-converter/transparent-png", test_transparent_png);
  g_test_add_func ("/image-converter/heic", test_heic);
  g_test_add_func ("/image-converter/avif", test_avif);
  g_test_add_func ("/image-converter/heic-without-decoder", test_heic_without_decoder);
  g_test_add_func ("/image-converter/still-and-animated-gif", test_still_and_animated_gif);

  ret = g_test_run ();
  /* A subprocess has a fixture directory of its own. */
  tern_test_fixtures_cleanup ();
  return ret;
}
