/* test-media-rules.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "media/tern-media-rules.h"

#define MIB (G_GUINT64_CONSTANT (1024) * 1024)

/* A video X accepts: every rule holds. Each test moves one value. */
static TernMediaInfo *
good_video (void)
{
  TernMediaInfo *info = tern_media_info_new ();

  info->kind = TERN_ATTACHMENT_KIND_VIDEO;
  info->mime_type = g_strdup ("video/mp4");
  info->format = g_strdup ("mp4");
  info->size = 10 * MIB;
  info->width = 1280;
  info->height = 720;
  info->has_video = TRUE;
  info->video_codec = g_strdup ("h264");
  info->video_profile = g_strdup ("high");
  info->fps_n = 30;
  info->fps_d = 1;
  info->duration_usec = 30 * G_USEC_PER_SEC;
  info->chroma_format = g_strdup ("4:2:0");
  info->bit_depth = 8;
  info->has_audio = TRUE;
  info->audio_codec = g_strdup ("aac");
  info->audio_profile = g_strdup ("lc");
  info->channels = 2;
  info->sample_rate = 48000;
  return info;
}

static TernMediaInfo *
good_image (const char *format)
{
  TernMediaInfo *info = tern_media_info_new ();

  info->kind = TERN_ATTACHMENT_KIND_IMAGE;
  info->format = g_strdup (format);
  info->mime_type = g_strdup_printf ("image/%s", format);
  info->size = MIB;
  info->width = 800;
  info->height = 600;
  info->n_frames = 1;
  return info;
}

static TernMediaInfo *
good_gif (void)
{
  TernMediaInfo *info = good_image ("gif");

  info->kind = TERN_ATTACHMENT_KIND_GIF;
  info->n_frames = 100;
  return info;
}

static char *
codes (const TernMediaInfo *info)
{
  g_autoptr(GPtrArray) problems = tern_media_rules_check (info);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const TernMediaProblem *p = g_ptr_array_index (problems, i);
      g_assert_nonnull (p->message);
      g_assert_cmpstr (p->message, !=, "");
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "%s:%s", tern_media_severity_to_string (p->severity), p->code);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const TernMediaProblem *
only_problem (GPtrArray *problems)
{
  g_assert_cmpuint (problems->len, ==, 1);
  return g_ptr_array_index (problems, 0);
}

#define ASSERT_CODES(info, expected) G_STMT_START { \
  g_autofree char *c_ = codes (info); \
  g_assert_cmpstr (c_, ==, expected); \
} G_STMT_END

static void
test_good_passes (void)
{
  g_autoptr(TernMediaInfo) video = good_video ();
  g_autoptr(TernMediaInfo) png = good_image ("png");
  g_autoptr(TernMediaInfo) jpeg = good_image ("jpeg");
  g_autoptr(TernMediaInfo) webp = good_image ("webp");
  g_autoptr(TernMediaInfo) gif = good_gif ();

  ASSERT_CODES (video, "");
  ASSERT_CODES (png, "");
  ASSERT_CODES (jpeg, "");
  ASSERT_CODES (webp, "");
  ASSERT_CODES (gif, "");
}

static void
test_image_size (void)
{
  g_autoptr(TernMediaInfo) info = good_image ("jpeg");
  g_autoptr(GPtrArray) problems = NULL;
  const TernMediaProblem *p;

  info->size = 5 * MIB - 1;
  ASSERT_CODES (info, "");
  info->size = 5 * MIB;
  ASSERT_CODES (info, "");
  info->size = 5 * MIB + 1;
  ASSERT_CODES (info, "error:image-file-too-large");

  info->size = 6 * MIB;
  problems = tern_media_rules_check (info);
  p = only_problem (problems);
  g_assert_false (p->convertible);
  g_assert_nonnull (strstr (p->message, "6.0"));
  g_assert_nonnull (strstr (p->message, "5.0"));
}

static void
test_image_format (void)
{
  g_autoptr(TernMediaInfo) bmp = good_image ("bmp");
  g_autoptr(TernMediaInfo) tiff = good_image ("tiff");

  ASSERT_CODES (bmp, "error:image-format");
  ASSERT_CODES (tiff, "error:image-format");
}

static void
test_gif_size (void)
{
  g_autoptr(TernMediaInfo) info = good_gif ();

  info->size = 15 * MIB - 1;
  ASSERT_CODES (info, "");
  info->size = 15 * MIB;
  ASSERT_CODES (info, "");
  info->size = 15 * MIB + 1;
  ASSERT_CODES (info, "error:image-file-too-large");

  /* A still GIF is an image: 5 MB applies. */
  info->kind = TERN_ATTACHMENT_KIND_IMAGE;
  info->n_frames = 1;
  info->size = 5 * MIB + 1;
  ASSERT_CODES (info, "error:image-file-too-large");
}

static void
test_gif_frames (void)
{
  g_autoptr(TernMediaInfo) info = good_gif ();

  info->width = info->height = 10;
  info->n_frames = 349;
  ASSERT_CODES (info, "");
  info->n_frames = 350;
  ASSERT_CODES (info, "");
  info->n_frames = 351;
  ASSERT_CODES (info, "error:gif-too-many-frames");
}

static void
test_gif_pixels (void)
{
  g_autoptr(TernMediaInfo) info = good_gif ();

  /* 1000 × 1000 × 300 = 300 million exactly. */
  info->width = 1000;
  info->height = 1000;
  info->n_frames = 300;
  ASSERT_CODES (info, "");
  info->height = 999;
  ASSERT_CODES (info, "");
  info->height = 1001;
  ASSERT_CODES (info, "error:gif-too-many-pixels");
}

static void
test_gif_dimensions (void)
{
  g_autoptr(TernMediaInfo) info = good_gif ();

  info->n_frames = 2;
  info->width = 1280;
  info->height = 1080;
  ASSERT_CODES (info, "");
  info->width = 1279;
  info->height = 1079;
  ASSERT_CODES (info, "");
  info->width = 1281;
  ASSERT_CODES (info, "warning:gif-dimensions");
  info->width = 1280;
  info->height = 1081;
  ASSERT_CODES (info, "warning:gif-dimensions");
}

static void
test_video_size (void)
{
  g_autoptr(TernMediaInfo) info = good_video ();

  info->size = 512 * MIB - 1;
  ASSERT_CODES (info, "");
  info->size = 512 * MIB;
  ASSERT_CODES (info, "");
  info->size = 512 * MIB + 1;
  ASSERT_CODES (info, "error:video-file-too-large");
}

static void
test_video_duration (void)
{
  g_autoptr(TernMediaInfo) info = good_video ();
  g_autoptr(GPtrArray) problems = NULL;
  const TernMediaProblem *p;

  info->duration_usec = 140 * G_USEC_PER_SEC - 1;
  ASSERT_CODES (info, "");
  info->duration_usec = 140 * G_USEC_PER_SEC;
  ASSERT_CODES (info, "");
  info->duration_usec = 140 * G_USEC_PER_SEC + 1;
  ASSERT_CODES (info, "error:video-too-long");

  info->duration_usec = G_USEC_PER_SEC / 2 + 1;
  ASSERT_CODES (info, "");
  info->duration_usec = G_USEC_PER_SEC / 2;
  ASSERT_CODES (info, "");
  info->duration_usec = G_USEC_PER_SEC / 2 - 1;
  ASSERT_CODES (info, "error:video-too-short");

  /* The example, word for word in the numbers. */
  info->duration_usec = 182 * G_USEC_PER_SEC;
  problems = tern_media_rules_check (info);
  p = only_problem (problems);
  g_assert_true (p->convertible);
  g_assert_cmpint (p->severity, ==, TERN_MEDIA_SEVERITY_ERROR);
  g_assert_true (g_str_has_prefix (p->message, "This video is 3:02 long; X accepts at most 2:20."));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Over by a fraction of a second: the message must still show it. */
  info->duration_usec = 140 * G_USEC_PER_SEC + 300000;
  problems = tern_media_rules_check (info);
  p = only_problem (problems);
  g_assert_nonnull (strstr (p->message, "140.3 s"));
}

static void
test_video_dimensions (void)
{
  g_autoptr(TernMediaInfo) info = good_video ();

  info->width = 1280;
  info->height = 1024;
  ASSERT_CODES (info, "");
  info->width = 1279;
  info->height = 1023;
  ASSERT_CODES (info, "");
  info->width = 1281;
  ASSERT_CODES (info, "warning:video-dimensions");

  /* Portrait phone video: long side 1280, short side 720. */
  info->width = 720;
  info->height = 1280;
  ASSERT_CODES (info, "");

  /* The warning tier ends at 1920×1200. */
  info->width = 1920;
  info->height = 1200;
  ASSERT_CODES (info, "warning:video-dimensions");
  info->width = 1919;
  info->height = 1080;
  ASSERT_CODES (info, "warning:video-dimensions");
  info->width = 1921;
  info->height = 1080;
  ASSERT_CODES (info, "error:video-dimensions");
  info->width = 1920;
  info->height = 1201;
  ASSERT_CODES (info, "error:video-dimensions");
}

static void
test_video_min_dimensions (void)
{
  g_autoptr(TernMediaInfo) info = good_video ();

  info->width = info->height = 32;
  ASSERT_CODES (info, "");
  info->width = info->height = 33;
  ASSERT_CODES (info, "");
  info->width = 31;
  ASSERT_CODES (info, "error:video-too-small");
  info->width = 32;
  info->height = 31;
  ASSERT_CODES (info, "error:video-too-small");
}

static void
test_video_frame_rate (void)
{
  g_autoptr(TernMediaInfo) info = good_video ();

  info->fps_n = 60;
  info->fps_d = 1;
  ASSERT_CODES (info, "");
  info->fps_n = 60000;
  info->fps_d = 1001;
  ASSERT_CODES (info, "");
  info->fps_n = 6001;
  info->fps_d = 100;
  ASSERT_CODES (info, "error:video-frame-rate");
  info->fps_n = 0; /* variable: nothing to say from the headers */
  info->fps_d = 1;
  ASSERT_CODES (info, "");
}

static void
test_video_aspect (void)
{
  g_autoptr(TernMediaInfo) info = good_video ();

  info->width = 960;
  info->height = 320;
  ASSERT_CODES (info, "");
  info->width = 959;
  ASSERT_CODES (info, "");
  info->width = 961;
  ASSERT_CODES (info, "error:video-aspect-ratio");
  info->width = 320;
  info->height = 961;
  ASSERT_CODES (info, "error:video-aspect-ratio");
  info->height = 960;
  ASSERT_CODES (info, "");
}

static void
test_video_pixels (void)
{
  g_autoptr(TernMediaInfo) info = good_video ();

  info->par_n = 4;
  info->par_d = 3;
  ASSERT_CODES (info, "error:video-pixel-aspect");
  info->par_n = info->par_d = 1;
  g_free (info->chroma_format);
  info->chroma_format = g_strdup ("4:2:2");
  ASSERT_CODES (info, "error:video-chroma");
  g_clear_pointer (&info->chroma_format, g_free);
  g_free (info->video_profile);
  info->video_profile = g_strdup ("high-4:4:4");
  ASSERT_CODES (info, "error:video-chroma");
  g_free (info->video_profile);
  info->video_profile = g_strdup ("high");
  info->bit_depth = 10;
  ASSERT_CODES (info, "error:video-bit-depth");
  info->bit_depth = 8;
  info->interlaced = TRUE;
  ASSERT_CODES (info, "error:video-interlaced");
}

static void
test_video_keyframes (void)
{
  g_autoptr(TernMediaInfo) info = good_video ();

  info->keyframe_interval = 0; /* unknown: nothing to say */
  ASSERT_CODES (info, "");
  info->keyframe_interval = 299;
  ASSERT_CODES (info, "");
  info->keyframe_interval = 300;
  ASSERT_CODES (info, "");
  info->keyframe_interval = 301;
  ASSERT_CODES (info, "error:video-keyframes");
  info->keyframe_interval = 60;
  info->open_gop = TRUE;
  ASSERT_CODES (info, "error:video-open-gop");
}

static void
test_video_codec (void)
{
  g_autoptr(TernMediaInfo) info = good_video ();
  g_autoptr(GPtrArray) problems = NULL;

  g_free (info->video_codec);
  info->video_codec = g_strdup ("hevc");
  g_clear_pointer (&info->video_profile, g_free);
  problems = tern_media_rules_check (info);
  g_assert_true (only_problem (problems)->convertible);
  g_assert_cmpstr (only_problem (problems)->code, ==, "video-codec");
  g_assert_true (tern_media_problems_convertible (problems));

  g_free (info->video_codec);
  info->video_codec = g_strdup ("h264");
  info->video_profile = g_strdup ("main");
  ASSERT_CODES (info, "warning:video-profile");
}

static void
test_video_container (void)
{
  g_autoptr(TernMediaInfo) info = good_video ();

  g_free (info->format);
  info->format = g_strdup ("quicktime");
  ASSERT_CODES (info, "");
  g_free (info->format);
  info->format = g_strdup ("mpegts");
  ASSERT_CODES (info, "warning:video-container");
  g_free (info->format);
  info->format = g_strdup ("matroska");
  ASSERT_CODES (info, "error:video-container");
}

static void
test_audio (void)
{
  g_autoptr(TernMediaInfo) info = good_video ();

  info->channels = 1;
  ASSERT_CODES (info, "");
  info->channels = 2;
  ASSERT_CODES (info, "");
  info->channels = 3;
  ASSERT_CODES (info, "error:audio-channels");
  info->channels = 2;

  g_free (info->audio_profile);
  info->audio_profile = g_strdup ("he-aac");
  ASSERT_CODES (info, "error:audio-profile");
  g_free (info->audio_profile);
  info->audio_profile = g_strdup ("he-aac-v2");
  ASSERT_CODES (info, "error:audio-profile");
  g_free (info->audio_profile);
  info->audio_profile = g_strdup ("lc");

  g_free (info->audio_codec);
  info->audio_codec = g_strdup ("opus");
  ASSERT_CODES (info, "error:audio-codec");

  info->has_audio = FALSE;
  ASSERT_CODES (info, "");
}

static void
test_not_media (void)
{
  g_autoptr(TernMediaInfo) info = tern_media_info_new ();

  info->has_audio = TRUE;
  info->audio_codec = g_strdup ("mp3");
  ASSERT_CODES (info, "error:not-media");
}

static void
test_severity_order_and_block (void)
{
  g_autoptr(TernMediaInfo) info = good_video ();
  g_autoptr(GPtrArray) problems = NULL;

  /* A warning (profile) and two errors (frame rate, length). */
  g_free (info->video_profile);
  info->video_profile = g_strdup ("main");
  info->fps_n = 120;
  info->duration_usec = 200 * G_USEC_PER_SEC;
  ASSERT_CODES (info, "error:video-too-long,error:video-frame-rate,warning:video-profile");

  problems = tern_media_rules_check (info);
  g_assert_true (tern_media_problems_block (problems));
  g_assert_true (tern_media_problems_convertible (problems));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Too short cannot be converted away. */
  info->duration_usec = G_USEC_PER_SEC / 4;
  problems = tern_media_rules_check (info);
  g_assert_true (tern_media_problems_block (problems));
  g_assert_false (tern_media_problems_convertible (problems));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Warnings alone do not block; Convert is still offered for one it
   * fixes (the profile: "Convert it if X rejects it"). */
  info->duration_usec = G_USEC_PER_SEC;
  info->fps_n = 30;
  problems = tern_media_rules_check (info);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_false (tern_media_problems_block (problems));
  g_assert_true (tern_media_problems_convertible (problems));
}

static void
test_alt_text (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(TernMediaProblem) problem = NULL;

  for (int i = 0; i < 999; i++)
    g_string_append (text, "é");
  g_assert_null (tern_media_rules_check_alt_text (text->str));
  g_string_append (text, "é");
  g_assert_null (tern_media_rules_check_alt_text (text->str));
  g_string_append (text, "é");
  problem = tern_media_rules_check_alt_text (text->str);
  g_assert_nonnull (problem);
  g_assert_cmpstr (problem->code, ==, "alt-text-too-long");
  g_assert_cmpint (problem->severity, ==, TERN_MEDIA_SEVERITY_ERROR);
  g_assert_nonnull (strstr (problem->message, "1001"));
  g_assert_null (tern_media_rules_check_alt_text (NULL));
}

static void
test_mix (void)
{
  const TernAttachmentKind four[] = { 1, 1, 1, 1 };
  const TernAttachmentKind five[] = { 1, 1, 1, 1, 1 };
  const TernAttachmentKind video[] = { TERN_ATTACHMENT_KIND_VIDEO };
  const TernAttachmentKind two_videos[] = { TERN_ATTACHMENT_KIND_VIDEO, TERN_ATTACHMENT_KIND_VIDEO };
  const TernAttachmentKind gif_image[] = { TERN_ATTACHMENT_KIND_GIF, TERN_ATTACHMENT_KIND_IMAGE };
  g_autoptr(TernMediaProblem) p5 = NULL;
  g_autoptr(TernMediaProblem) p2v = NULL;
  g_autoptr(TernMediaProblem) pgi = NULL;

  g_assert_null (tern_media_rules_check_mix (four, 3));
  g_assert_null (tern_media_rules_check_mix (four, 4));
  g_assert_null (tern_media_rules_check_mix (video, 1));
  g_assert_null (tern_media_rules_check_mix (NULL, 0));
  p5 = tern_media_rules_check_mix (five, 5);
  g_assert_nonnull (p5);
  g_assert_nonnull (strstr (p5->message, "5 images"));
  p2v = tern_media_rules_check_mix (two_videos, 2);
  g_assert_nonnull (p2v);
  pgi = tern_media_rules_check_mix (gif_image, 2);
  g_assert_nonnull (pgi);
  g_assert_cmpstr (pgi->code, ==, "media-mix");
}

static void
test_format_duration (void)
{
  g_autofree char *a = tern_media_format_duration (140 * G_USEC_PER_SEC);
  g_autofree char *b = tern_media_format_duration (5 * G_USEC_PER_SEC);
  g_autofree char *c = tern_media_format_duration ((gint64) 3725 * G_USEC_PER_SEC);

  g_assert_cmpstr (a, ==, "2:20");
  g_assert_cmpstr (b, ==, "0:05");
  g_assert_cmpstr (c, ==, "1:02:05");
}

/* An image over 5 MB that Tern can decode gets Convert; one it cannot
 * decode says what to do instead. */
static void
test_image_convert_offered (void)
{
  g_autoptr(TernMediaInfo) info = good_image ("jpeg");
  g_autoptr(GPtrArray) problems = NULL;
  const TernMediaProblem *p;

  info->size = 9 * MIB;
  info->decodable = TRUE;
  problems = tern_media_rules_check (info);
  p = only_problem (problems);
  g_assert_true (p->convertible);
  g_assert_nonnull (p->fix);
  g_assert_true (tern_media_problems_convertible (problems));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* An animated GIF is never flattened into a still. */
  g_clear_pointer (&info, tern_media_info_free);
  info = good_gif ();
  info->size = 20 * MIB;
  info->decodable = TRUE;
  problems = tern_media_rules_check (info);
  g_assert_false (only_problem (problems)->convertible);
}

/* HEIC/AVIF: named as people know them; Convert when a decoder is
 * installed, else the package to install. */
static void
test_image_heif (void)
{
  g_autoptr(TernMediaInfo) info = good_image ("heif");
  g_autoptr(GPtrArray) problems = NULL;
  const TernMediaProblem *p;

  info->decodable = TRUE;
  ASSERT_CODES (info, "error:image-format");
  problems = tern_media_rules_check (info);
  p = only_problem (problems);
  g_assert_true (p->convertible);
  g_assert_nonnull (strstr (p->message, "HEIC"));
  g_assert_null (strstr (p->message, "heif "));
  g_clear_pointer (&problems, g_ptr_array_unref);

  info->decodable = FALSE;
  problems = tern_media_rules_check (info);
  p = only_problem (problems);
  g_assert_false (p->convertible);
  g_assert_nonnull (strstr (p->message, "heif-gdk-pixbuf"));
  g_assert_false (tern_media_problems_convertible (problems));
  g_clear_pointer (&problems, g_ptr_array_unref);

  g_free (info->format);
  info->format = g_strdup ("avif");
  problems = tern_media_rules_check (info);
  g_assert_nonnull (strstr (only_problem (problems)->message, "AVIF"));
}

/* Larger than X keeps: a warning, with Convert offered. */
static void
test_image_dimensions (void)
{
  g_autoptr(TernMediaInfo) info = good_image ("jpeg");
  g_autoptr(GPtrArray) problems = NULL;

  info->decodable = TRUE;
  info->width = 4096;
  info->height = 3072;
  ASSERT_CODES (info, "");
  info->width = 6000;
  info->height = 4000;
  ASSERT_CODES (info, "warning:image-dimensions");
  problems = tern_media_rules_check (info);
  g_assert_false (tern_media_problems_block (problems));
  g_assert_true (tern_media_problems_convertible (problems));
}

/* Codecs by the names people know, in the messages. */
static void
test_codec_names (void)
{
  g_autoptr(TernMediaInfo) info = good_video ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *errors = NULL;

  g_free (info->video_codec);
  info->video_codec = g_strdup ("vp9");
  g_free (info->audio_codec);
  info->audio_codec = g_strdup ("opus");
  g_free (info->format);
  info->format = g_strdup ("webm");
  problems = tern_media_rules_check (info);
  errors = tern_media_problems_describe (problems, TERN_MEDIA_SEVERITY_ERROR);
  g_assert_nonnull (strstr (errors, "VP9"));
  g_assert_nonnull (strstr (errors, "Opus"));
  g_assert_null (strstr (errors, "vp9"));
  g_assert_null (strstr (errors, "opus"));
  g_assert_cmpstr (tern_media_codec_display_name ("h264"), ==, "H.264");
  g_assert_cmpstr (tern_media_codec_display_name ("hevc"), ==, "HEVC (H.265)");
  g_assert_cmpstr (tern_media_codec_display_name ("something-new"), ==, "something-new");
}

/* Two problems one Convert fixes say so once. */
static void
test_describe_fix_once (void)
{
  g_autoptr(TernMediaInfo) info = good_video ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *errors = NULL;
  g_autofree char *warnings = NULL;
  const char *first;

  g_free (info->video_codec);
  info->video_codec = g_strdup ("hevc");
  g_free (info->audio_codec);
  info->audio_codec = g_strdup ("mp3");
  problems = tern_media_rules_check (info);
  g_assert_cmpuint (problems->len, ==, 2);
  errors = tern_media_problems_describe (problems, TERN_MEDIA_SEVERITY_ERROR);
  g_test_message ("%s", errors);
  first = strstr (errors, "Convert");
  g_assert_nonnull (first);
  g_assert_null (strstr (first + 1, "Convert"));
  g_assert_nonnull (strstr (errors, "One Convert fixes both."));
  g_assert_nonnull (strstr (errors, "HEVC"));
  g_assert_nonnull (strstr (errors, "MP3"));
  warnings = tern_media_problems_describe (problems, TERN_MEDIA_SEVERITY_WARNING);
  g_assert_null (warnings);
  g_clear_pointer (&errors, g_free);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* One problem keeps its own fix. */
  g_free (info->audio_codec);
  info->audio_codec = g_strdup ("aac");
  problems = tern_media_rules_check (info);
  errors = tern_media_problems_describe (problems, TERN_MEDIA_SEVERITY_ERROR);
  g_assert_cmpstr (errors, ==, ((TernMediaProblem *) g_ptr_array_index (problems, 0))->message);
  g_assert_nonnull (strstr (errors, "Convert re-encodes it."));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media-rules/good-passes", test_good_passes);
  g_test_add_func ("/media-rules/image-size", test_image_size);
  g_test_add_func ("/media-rules/image-format", test_image_format);
  g_test_add_func ("/media-rules/gif-size", test_gif_size);
  g_test_add_func ("/media-rules/gif-frames", test_gif_frames);
  g_test_add_func ("/media-rules/gif-pixels", test_gif_pixels);
  g_test_add_func ("/media-rules/gif-dimensions", test_gif_dimensions);
  g_test_add_func ("/media-rules/video-size", test_video_size);
  g_test_add_func ("/media-rules/video-duration", test_video_duration);
  g_test_add_func ("/media-rules/video-dimensions", test_video_dimensions);
  g_test_add_func ("/media-rules/video-min-dimensions", test_video_min_dimensions);
  g_test_add_func ("/media-rules/video-frame-rate", test_video_frame_rate);
  g_test_add_func ("/media-rules/video-aspect", test_video_aspect);
  g_test_add_func ("/media-rules/video-pixels", test_video_pixels);
  g_test_add_func ("/media-rules/video-keyframes", test_video_keyframes);
  g_test_add_func ("/media-rules/video-codec", test_video_codec);
  g_test_add_func ("/media-rules/video-container", test_video_container);
  g_test_add_func ("/media-rules/audio", test_audio);
  g_test_add_func ("/media-rules/not-media", test_not_media);
  g_test_add_func ("/media-rules/severity-order-and-block", test_severity_order_and_block);
  g_test_add_func ("/media-rules/alt-text", test_alt_text);
  g_test_add_func ("/media-rules/mix", test_mix);
  g_test_add_func ("/media-rules/format-duration", test_format_duration);
  g_test_add_func ("/media-rules/image-convert-offered", test_image_convert_offered);
  g_test_add_func ("/media-rules/image-heif", test_image_heif);
  g_test_add_func ("/media-rules/image-dimensions", test_image_dimensions);
  g_test_add_func ("/media-rules/codec-names", test_codec_names);
  g_test_add_func ("/media-rules/describe-fix-once", test_describe_fix_once);

  return g_test_run ();
}
