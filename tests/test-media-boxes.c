/* test-media-boxes.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The parsers Tern wrote itself for media files (MP4/MOV boxes, GIF and
 * WEBP blocks), fed files crafted at test time to lie about their
 * lengths. Each must end with a clear answer, never a read outside the
 * file (the sanitizer build of CI checks every read). */

#include "config.h"

#include <glib/gstdio.h>

#include "core/send/tern-sniff.h"
#include "media/tern-media-info.h"
#include "media/tern-media-info-private.h"
#include "tern-test-crafted.h"

static TernMediaInfo *
probe_bytes (GBytes  *bytes,
             GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  /* An exact copy on the heap, so a read past its end is a read past an
   * allocation. */
  g_autofree guint8 *copy = g_memdup2 (data, size);

  return tern_media_info_probe_structure (copy, size, error);
}

static void
test_mp4_good (void)
{
  g_autoptr(GBytes) bytes = tern_test_crafted_mp4 (CRAFTED_MP4_GOOD);
  g_autoptr(GError) error = NULL;
  g_autoptr(TernMediaInfo) info = probe_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (info->format, ==, "mp4");
  g_assert_true (info->index_first);
  g_assert_cmpuint (info->keyframe_interval, ==, 2);
  /* Keyframe 3 is a non-IDR slice, found through stco. */
  g_assert_true (info->open_gop);
}

/* Issue 9 item 3: an stco shorter than its own header beside a valid
 * co64. The probe must use co64 (and so still find the open GOP) and never
 * read the stco's missing entries. */
static void
test_mp4_short_stco (void)
{
  g_autoptr(GBytes) bytes = tern_test_crafted_mp4 (CRAFTED_MP4_SHORT_STCO);
  g_autoptr(GError) error = NULL;
  g_autoptr(TernMediaInfo) info = probe_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (info->keyframe_interval, ==, 2);
  g_assert_true (info->open_gop);
}

static void
test_mp4_wrapping_stsc (void)
{
  g_autoptr(GBytes) bytes = tern_test_crafted_mp4 (CRAFTED_MP4_WRAPPING_STSC);
  g_autoptr(GError) error = NULL;
  g_autoptr(TernMediaInfo) info = probe_bytes (bytes, &error);

  /* Sample-to-chunk counts near 2³²: the walk stays within its tables
   * and still answers from the first entry. */
  g_assert_no_error (error);
  g_assert_cmpuint (info->keyframe_interval, ==, 2);
}

/* Found by the fuzzer: a keyframe's NAL length near 2³² made the open-GOP
 * walk step by zero, and the probe never ended. It ends, and the keyframe
 * is not taken for an open GOP. */
static void
test_mp4_wrapping_nal (void)
{
  g_autoptr(GBytes) bytes = tern_test_crafted_mp4 (CRAFTED_MP4_WRAPPING_NAL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TernMediaInfo) info = probe_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (info->keyframe_interval, ==, 2);
  g_assert_false (info->open_gop);
}

static void
test_mp4_huge_box (void)
{
  g_autoptr(GBytes) bytes = tern_test_crafted_mp4 (CRAFTED_MP4_HUGE_BOX);
  g_autoptr(GError) error = NULL;
  g_autoptr(TernMediaInfo) info = probe_bytes (bytes, &error);

  g_assert_null (info);
  g_assert_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_DAMAGED);
  g_test_message ("%s", error->message);
}

/* Every cut of a good MP4 and of the bad ones: an answer each time, and
 * with the sanitizers, no read outside the cut. */
static void
test_mp4_every_truncation (void)
{
  static const CraftedMp4 kinds[] = {
    CRAFTED_MP4_GOOD, CRAFTED_MP4_SHORT_STCO, CRAFTED_MP4_WRAPPING_STSC,
  };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GBytes) bytes = tern_test_crafted_mp4 (kinds[k]);
      gsize size = g_bytes_get_size (bytes);

      for (gsize cut = 12; cut < size; cut++)
        {
          g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, 0, cut);
          g_autoptr(GError) error = NULL;
          g_autoptr(TernMediaInfo) info = probe_bytes (part, &error);

          /* The top-level walk sees the missing end of the last box;
           * a cut between boxes leaves a shorter, whole file. */
          if (info == NULL)
            g_assert_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_DAMAGED);
          else
            g_assert_no_error (error);
        }
    }
}

/* The whole probe, as `tern post --dry-run` and attaching run it, on the
 * file that crashed it. */
static void
test_mp4_short_stco_file (void)
{
  g_autoptr(GBytes) bytes = tern_test_crafted_mp4 (CRAFTED_MP4_SHORT_STCO);
  g_autofree char *dir = g_dir_make_tmp ("tern-boxes-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "short-stco.mp4", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(TernMediaInfo) info = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  info = tern_media_info_probe (file, NULL, &error);
  /* The samples are not real video: GStreamer says so; what matters is
   * a clear answer. */
  if (info == NULL)
    {
      g_assert_true (error->domain == TERN_MEDIA_ERROR);
      g_assert_cmpstr (error->message, !=, "");
    }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_gif (void)
{
  g_autoptr(GBytes) good = tern_test_crafted_gif (3, FALSE);
  g_autoptr(GBytes) cut = tern_test_crafted_gif (2, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(TernMediaInfo) info = probe_bytes (good, &error);
  gsize size;
  const guint8 *data;

  g_assert_no_error (error);
  g_assert_cmpuint (info->n_frames, ==, 3);
  g_assert_cmpuint (info->width, ==, 2);
  g_clear_pointer (&info, tern_media_info_free);

  info = probe_bytes (cut, &error);
  g_assert_null (info);
  g_assert_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_DAMAGED);

  /* The core's frame counter (used when attaching) on every cut. */
  data = g_bytes_get_data (good, &size);
  g_assert_cmpuint (tern_sniff_gif_frames (data, size, 0), ==, 3);
  for (gsize n = 0; n < size; n++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, n);
      g_assert_cmpuint (tern_sniff_gif_frames (copy, n, 0), <=, 3);
    }
  data = g_bytes_get_data (cut, &size);
  for (gsize n = 0; n <= size; n++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, n);
      g_assert_cmpuint (tern_sniff_gif_frames (copy, n, 0), <=, 3);
    }
}

static void
test_webp (void)
{
  g_autoptr(GBytes) animated = tern_test_crafted_webp (TRUE, 0);
  g_autoptr(GBytes) bogus = tern_test_crafted_webp (FALSE, 0xffffffff);
  g_autoptr(GError) error = NULL;
  g_autoptr(TernMediaInfo) info = probe_bytes (animated, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (info->width, ==, 32);
  g_assert_cmpuint (info->height, ==, 16);
  g_assert_cmpuint (info->n_frames, ==, 2);
  g_clear_pointer (&info, tern_media_info_free);

  info = probe_bytes (bogus, &error);
  g_assert_null (info);
  g_assert_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_DAMAGED);
}

/* Found by fuzzing: a BMP header claiming a 1.9 GB info header made
 * gdk-pixbuf allocate it. Refused before any loader sees it. */
static void
test_bmp_huge_header (void)
{
  static const guint8 bmp[] = {
    'B', 'M', 0x4d, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0,
    0x00, 0x14, 0x66, 0x74, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 24, 0,
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (bmp, sizeof bmp);
  g_autoptr(GError) error = NULL;
  g_autoptr(TernMediaInfo) info = probe_bytes (bytes, &error);

  g_assert_null (info);
  g_assert_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_DAMAGED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media-boxes/mp4/good", test_mp4_good);
  g_test_add_func ("/media-boxes/mp4/short-stco", test_mp4_short_stco);
  g_test_add_func ("/media-boxes/mp4/wrapping-stsc", test_mp4_wrapping_stsc);
  g_test_add_func ("/media-boxes/mp4/huge-box", test_mp4_huge_box);
  g_test_add_func ("/media-boxes/mp4/wrapping-nal", test_mp4_wrapping_nal);
  g_test_add_func ("/media-boxes/mp4/every-truncation", test_mp4_every_truncation);
  g_test_add_func ("/media-boxes/mp4/short-stco-file", test_mp4_short_stco_file);
  g_test_add_func ("/media-boxes/gif", test_gif);
  g_test_add_func ("/media-boxes/webp", test_webp);
  g_test_add_func ("/media-boxes/bmp-huge-header", test_bmp_huge_header);

  return g_test_run ();
}
