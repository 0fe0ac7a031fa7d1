/* tern-media-rules.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-media-rules"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "tern-media-rules.h"
#include "core/tern-x.h"

#define MIB (G_GUINT64_CONSTANT (1024) * 1024)

static const TernMediaLimits x_limits = {
  .image_max_bytes = 5 * MIB,
  .image_max_side = 4096,
  .gif_max_bytes = 15 * MIB,
  .gif_max_frames = 350,
  .gif_max_pixels = G_GUINT64_CONSTANT (300000000),
  .gif_recommended_width = 1280,
  .gif_recommended_height = 1080,
  .video_max_bytes = 512 * MIB,
  .video_min_duration_usec = G_USEC_PER_SEC / 2,
  .video_max_duration_usec = 140 * G_USEC_PER_SEC,
  .video_min_side = 32,
  .video_max_long_side = 1280,
  .video_max_short_side = 1024,
  .video_tier_long_side = 1920,
  .video_tier_short_side = 1200,
  .video_max_fps = 60,
  .video_max_aspect = 3,
  .video_max_keyframe_interval = 300,
  .audio_max_channels = 2,
  .alt_text_max_chars = 1000,
};

const TernMediaLimits *
tern_media_limits (void)
{
  return &x_limits;
}

G_DEFINE_BOXED_TYPE (TernMediaProblem, tern_media_problem, tern_media_problem_copy, tern_media_problem_free)

TernMediaProblem *
tern_media_problem_new (TernMediaSeverity  severity,
                        const char        *code,
                        gboolean           convertible,
                        const char        *message)
{
  TernMediaProblem *problem = g_new0 (TernMediaProblem, 1);

  problem->severity = severity;
  problem->code = g_strdup (code);
  problem->convertible = convertible;
  problem->message = g_strdup (message);
  problem->summary = g_strdup (message);
  return problem;
}

TernMediaProblem *
tern_media_problem_new_with_fix (TernMediaSeverity  severity,
                                 const char        *code,
                                 const char        *summary,
                                 const char        *fix)
{
  TernMediaProblem *problem;

  g_return_val_if_fail (summary != NULL, NULL);

  problem = g_new0 (TernMediaProblem, 1);
  problem->severity = severity;
  problem->code = g_strdup (code);
  problem->convertible = fix != NULL;
  problem->summary = g_strdup (summary);
  problem->fix = g_strdup (fix);
  problem->message = fix != NULL ? g_strconcat (summary, " ", fix, NULL) : g_strdup (summary);
  return problem;
}

TernMediaProblem *
tern_media_problem_copy (const TernMediaProblem *problem)
{
  TernMediaProblem *copy;

  g_return_val_if_fail (problem != NULL, NULL);

  copy = g_new0 (TernMediaProblem, 1);
  copy->severity = problem->severity;
  copy->code = g_strdup (problem->code);
  copy->convertible = problem->convertible;
  copy->message = g_strdup (problem->message);
  copy->summary = g_strdup (problem->summary);
  copy->fix = g_strdup (problem->fix);
  return copy;
}

void
tern_media_problem_free (TernMediaProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->code);
  g_free (problem->message);
  g_free (problem->summary);
  g_free (problem->fix);
  g_free (problem);
}

const char *
tern_media_severity_to_string (TernMediaSeverity severity)
{
  return severity == TERN_MEDIA_SEVERITY_ERROR ? "error" : "warning";
}

JsonNode *
tern_media_problem_to_json (const TernMediaProblem *problem)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "severity");
  json_builder_add_string_value (b, tern_media_severity_to_string (problem->severity));
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, problem->code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, problem->message);
  json_builder_set_member_name (b, "convertible");
  json_builder_add_boolean_value (b, problem->convertible);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
tern_media_format_duration (gint64 usec)
{
  gint64 seconds;

  if (usec < G_USEC_PER_SEC)
    return g_strdup_printf (_("%.1f s"), usec / (double) G_USEC_PER_SEC);

  /* Whole seconds, rounded down: 140.4 s is "2:20", over a 2:20 limit
   * by less than a second, and the message still says how much. */
  seconds = usec / G_USEC_PER_SEC;
  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600),
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static char *
format_size (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

static char *
format_fps (const TernMediaInfo *info)
{
  double fps = info->fps_n / (double) info->fps_d;

  if (info->fps_n % info->fps_d == 0)
    return g_strdup_printf ("%u", info->fps_n / info->fps_d);
  return g_strdup_printf ("%.2f", fps);
}

/* ---- names people know ---------------------------------------------------- */

const char *
tern_media_codec_display_name (const char *codec)
{
  static const struct
  {
    const char *id;
    const char *name;
  } names[] = {
    { "h264", "H.264" },
    { "hevc", "HEVC (H.265)" },
    { "h263", "H.263" },
    { "vp8", "VP8" },
    { "vp9", "VP9" },
    { "av1", "AV1" },
    { "mpeg4", "MPEG-4 Part 2" },
    { "mpeg2", "MPEG-2" },
    { "mpeg1", "MPEG-1" },
    { "theora", "Theora" },
    { "prores", "ProRes" },
    { "mjpeg", "Motion JPEG" },
    { "dnxhd", "DNxHD" },
    { "wmv", "WMV" },
    { "aac", "AAC" },
    { "mp3", "MP3" },
    { "mp2", "MP2" },
    { "opus", "Opus" },
    { "vorbis", "Vorbis" },
    { "flac", "FLAC" },
    { "ac3", "AC-3" },
    { "eac3", "E-AC-3" },
    { "alac", "ALAC" },
    { "pcm", "PCM" },
    { "wma", "WMA" },
    { "jpeg", "JPEG" },
    { "png", "PNG" },
    { "gif", "GIF" },
    { "webp", "WEBP" },
    { "bmp", "BMP" },
    { "tiff", "TIFF" },
    { "heif", "HEIC" },
    { "avif", "AVIF" },
    { "matroska", "Matroska (MKV)" },
    { "webm", "WebM" },
    { "mpegts", "MPEG-TS" },
    { "avi", "AVI" },
    { "ogg", "Ogg" },
    { "quicktime", "MOV" },
    { "mp4", "MP4" },
    { "flv", "FLV" },
  };

  if (codec == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (codec, names[i].id) == 0)
      return names[i].name;
  return codec;
}

/* ---- the rules, one function per row ------------------------------------ */

/* A rule returns NULL when it holds, else what is wrong; when converting
 * fixes it, it also says how in @fix (one sentence, kept apart so that
 * several problems one Convert fixes can say so once). */
typedef char *(*RuleCheck) (const TernMediaInfo *info, TernMediaSeverity *severity, char **fix);

static gboolean
is_image (const TernMediaInfo *info)
{
  return info->kind == TERN_ATTACHMENT_KIND_IMAGE || info->kind == TERN_ATTACHMENT_KIND_GIF;
}

static gboolean
is_video (const TernMediaInfo *info)
{
  return info->kind == TERN_ATTACHMENT_KIND_VIDEO;
}

/* Whether Tern's image conversion can read this picture: a still image
 * with an installed decoder. An animated GIF would lose its animation. */
static gboolean
image_convertible (const TernMediaInfo *info)
{
  return info->kind == TERN_ATTACHMENT_KIND_IMAGE && info->decodable;
}

static char *
check_kind (const TernMediaInfo *info,
            TernMediaSeverity   *severity,
            char               **fix)
{
  if (info->kind != TERN_ATTACHMENT_KIND_UNKNOWN)
    return NULL;
  if (info->has_audio)
    return g_strdup (_("This file has sound but no picture; X accepts images and videos. Add a video or an image instead."));
  return g_strdup (_("This file is not an image or a video. Choose a JPEG, PNG, GIF or WEBP image or an MP4 or MOV video."));
}

static char *
check_image_format (const TernMediaInfo *info,
                    TernMediaSeverity   *severity,
                    char               **fix)
{
  static const char *const accepted[] = { "jpeg", "png", "gif", "webp", NULL };
  const char *name = tern_media_codec_display_name (info->format);
  gboolean heif = g_strcmp0 (info->format, "heif") == 0 || g_strcmp0 (info->format, "avif") == 0;

  if (!is_image (info) || g_strv_contains (accepted, info->format ? info->format : ""))
    return NULL;
  if (image_convertible (info))
    {
      *fix = g_strdup (_("Convert makes a JPEG (or a PNG if it has transparency)."));
      return g_strdup_printf (_("This is a %s image; X accepts JPEG, PNG, GIF and WEBP."),
                              name ? name : _("unknown"));
    }
  if (heif)
    return g_strdup_printf (_("This is a %s photo; X does not accept %s, and no %s decoder is installed to convert it. "
                              "Install heif-gdk-pixbuf (Debian, Ubuntu) or libheif’s gdk-pixbuf loader, then add the photo again; "
                              "or export it as JPEG on the phone."),
                            name, name, name);
  return g_strdup_printf (_("This is a %s image; X accepts JPEG, PNG, GIF and WEBP. Save it as PNG or JPEG first."),
                          name ? name : _("unknown"));
}

static char *
check_image_bytes (const TernMediaInfo *info,
                   TernMediaSeverity   *severity,
                   char               **fix)
{
  g_autofree char *actual = NULL;
  g_autofree char *allowed = NULL;
  guint64 limit;

  if (!is_image (info))
    return NULL;
  limit = info->kind == TERN_ATTACHMENT_KIND_GIF ? x_limits.gif_max_bytes : x_limits.image_max_bytes;
  if (info->size <= limit)
    return NULL;
  actual = format_size (info->size);
  allowed = format_size (limit);
  if (info->kind == TERN_ATTACHMENT_KIND_GIF)
    return g_strdup_printf (_("This animated GIF is %s; X accepts at most %s. Make it shorter or smaller, or post it as a video."),
                            actual, allowed);
  if (image_convertible (info))
    {
      *fix = g_strdup (_("Convert makes a smaller copy, choosing the best quality that fits."));
      return g_strdup_printf (_("This image is %s; X accepts at most %s."), actual, allowed);
    }
  return g_strdup_printf (_("This image is %s; X accepts at most %s. Save it smaller or as JPEG."),
                          actual, allowed);
}

static char *
check_image_dimensions (const TernMediaInfo *info,
                        TernMediaSeverity   *severity,
                        char               **fix)
{
  if (info->kind != TERN_ATTACHMENT_KIND_IMAGE ||
      MAX (info->width, info->height) <= x_limits.image_max_side)
    return NULL;
  *severity = TERN_MEDIA_SEVERITY_WARNING;
  if (image_convertible (info))
    *fix = g_strdup (_("Convert scales it down here, where you can see the result."));
  return g_strdup_printf (_("This image is %u×%u; X keeps at most %u pixels on a side and shrinks larger ones itself."),
                          info->width, info->height, x_limits.image_max_side);
}

static char *
check_gif_frames (const TernMediaInfo *info,
                  TernMediaSeverity   *severity,
                  char               **fix)
{
  if (info->kind != TERN_ATTACHMENT_KIND_GIF || info->n_frames <= x_limits.gif_max_frames)
    return NULL;
  return g_strdup_printf (_("This GIF has %u frames; X accepts at most %u. Cut frames, or post it as a video."),
                          info->n_frames, x_limits.gif_max_frames);
}

static char *
check_gif_pixels (const TernMediaInfo *info,
                  TernMediaSeverity   *severity,
                  char               **fix)
{
  guint64 pixels = (guint64) info->width * info->height * info->n_frames;

  if (info->kind != TERN_ATTACHMENT_KIND_GIF || pixels <= x_limits.gif_max_pixels)
    return NULL;
  return g_strdup_printf (_("This GIF has %" PRIu64 " million pixels over all its frames (%u×%u × %u); X accepts at most %" PRIu64 " million. Make it smaller or shorter."),
                          (pixels + 999999) / 1000000, info->width, info->height, info->n_frames,
                          x_limits.gif_max_pixels / 1000000);
}

static char *
check_gif_dimensions (const TernMediaInfo *info,
                      TernMediaSeverity   *severity,
                      char               **fix)
{
  if (info->kind != TERN_ATTACHMENT_KIND_GIF ||
      (info->width <= x_limits.gif_recommended_width && info->height <= x_limits.gif_recommended_height))
    return NULL;
  *severity = TERN_MEDIA_SEVERITY_WARNING;
  return g_strdup_printf (_("This GIF is %u×%u; X recommends at most %u×%u and may reject it."),
                          info->width, info->height,
                          x_limits.gif_recommended_width, x_limits.gif_recommended_height);
}

static char *
check_video_bytes (const TernMediaInfo *info,
                   TernMediaSeverity   *severity,
                   char               **fix)
{
  g_autofree char *actual = NULL;
  g_autofree char *allowed = NULL;

  if (!is_video (info) || info->size <= x_limits.video_max_bytes)
    return NULL;
  actual = format_size (info->size);
  allowed = format_size (x_limits.video_max_bytes);
  *fix = g_strdup (_("Convert makes it smaller."));
  return g_strdup_printf (_("This video is %s; X accepts at most %s."), actual, allowed);
}

static char *
check_video_too_short (const TernMediaInfo *info,
                       TernMediaSeverity   *severity,
                       char               **fix)
{
  g_autofree char *actual = NULL;
  g_autofree char *allowed = NULL;

  if (!is_video (info) || info->duration_usec >= x_limits.video_min_duration_usec)
    return NULL;
  actual = tern_media_format_duration (info->duration_usec);
  allowed = tern_media_format_duration (x_limits.video_min_duration_usec);
  return g_strdup_printf (_("This video is %s long; X needs at least %s. Choose a longer clip."),
                          actual, allowed);
}

static char *
check_video_too_long (const TernMediaInfo *info,
                      TernMediaSeverity   *severity,
                      char               **fix)
{
  g_autofree char *actual = NULL;
  g_autofree char *allowed = NULL;

  if (!is_video (info) || info->duration_usec <= x_limits.video_max_duration_usec)
    return NULL;
  actual = tern_media_format_duration (info->duration_usec);
  allowed = tern_media_format_duration (x_limits.video_max_duration_usec);
  if (g_str_equal (actual, allowed))
    {
      /* Over by less than a second: "2:20" against "2:20" says nothing. */
      g_free (actual);
      actual = g_strdup_printf (_("%.1f s"), info->duration_usec / (double) G_USEC_PER_SEC);
      g_free (allowed);
      allowed = g_strdup_printf (_("%.1f s"), x_limits.video_max_duration_usec / (double) G_USEC_PER_SEC);
    }
  *fix = g_strdup_printf (_("Convert keeps the first %s."), allowed);
  return g_strdup_printf (_("This video is %s long; X accepts at most %s."), actual, allowed);
}

static void
display_size (const TernMediaInfo *info,
              guint               *long_side,
              guint               *short_side)
{
  *long_side = MAX (info->width, info->height);
  *short_side = MIN (info->width, info->height);
}

static char *
check_video_too_small (const TernMediaInfo *info,
                       TernMediaSeverity   *severity,
                       char               **fix)
{
  if (!is_video (info) ||
      (info->width >= x_limits.video_min_side && info->height >= x_limits.video_min_side))
    return NULL;
  return g_strdup_printf (_("This video is %u×%u; X needs at least %u×%u. Choose a larger video."),
                          info->width, info->height, x_limits.video_min_side, x_limits.video_min_side);
}

static char *
check_video_dimensions (const TernMediaInfo *info,
                        TernMediaSeverity   *severity,
                        char               **fix)
{
  guint long_side, short_side;

  if (!is_video (info))
    return NULL;
  display_size (info, &long_side, &short_side);
  if (long_side <= x_limits.video_max_long_side && short_side <= x_limits.video_max_short_side)
    return NULL;

  if (long_side <= x_limits.video_tier_long_side && short_side <= x_limits.video_tier_short_side)
    {
      *severity = TERN_MEDIA_SEVERITY_WARNING;
      *fix = g_strdup (_("Convert it if the upload fails."));
      return g_strdup_printf (_("This video is %u×%u; X accepts up to %u×%u for every account and up to %u×%u only for some."),
                              info->width, info->height,
                              x_limits.video_max_long_side, x_limits.video_max_short_side,
                              x_limits.video_tier_long_side, x_limits.video_tier_short_side);
    }
  *fix = g_strdup (_("Convert scales it down."));
  return g_strdup_printf (_("This video is %u×%u; X accepts at most %u×%u."),
                          info->width, info->height,
                          x_limits.video_max_long_side, x_limits.video_max_short_side);
}

static char *
check_video_fps (const TernMediaInfo *info,
                 TernMediaSeverity   *severity,
                 char               **fix)
{
  g_autofree char *fps = NULL;

  if (!is_video (info) || info->fps_n == 0 ||
      (guint64) info->fps_n <= (guint64) x_limits.video_max_fps * info->fps_d)
    return NULL;
  fps = format_fps (info);
  *fix = g_strdup (_("Convert lowers the rate."));
  return g_strdup_printf (_("This video has %s frames per second; X accepts at most %u."),
                          fps, x_limits.video_max_fps);
}

static char *
check_video_aspect (const TernMediaInfo *info,
                    TernMediaSeverity   *severity,
                    char               **fix)
{
  double w, h;

  if (!is_video (info) || info->width == 0 || info->height == 0)
    return NULL;
  w = (double) info->width * info->par_n / info->par_d;
  h = info->height;
  if (w <= h * x_limits.video_max_aspect && h <= w * x_limits.video_max_aspect)
    return NULL;
  return g_strdup_printf (_("This video’s shape is %.1f:1; X accepts shapes from 1:%u to %u:1. Crop it in a video editor."),
                          MAX (w, h) / MIN (w, h), x_limits.video_max_aspect, x_limits.video_max_aspect);
}

static char *
check_video_par (const TernMediaInfo *info,
                 TernMediaSeverity   *severity,
                 char               **fix)
{
  if (!is_video (info) || info->par_n == info->par_d)
    return NULL;
  *fix = g_strdup (_("Convert fixes it."));
  return g_strdup_printf (_("This video has non-square pixels (%u:%u); X needs square pixels."),
                          info->par_n, info->par_d);
}

static const char *
chroma_of (const TernMediaInfo *info)
{
  if (info->chroma_format != NULL)
    return info->chroma_format;
  if (info->video_profile != NULL && strstr (info->video_profile, "4:4:4") != NULL)
    return "4:4:4";
  if (info->video_profile != NULL && strstr (info->video_profile, "4:2:2") != NULL)
    return "4:2:2";
  return NULL;
}

static char *
check_video_chroma (const TernMediaInfo *info,
                    TernMediaSeverity   *severity,
                    char               **fix)
{
  const char *chroma = chroma_of (info);

  if (!is_video (info) || chroma == NULL || g_str_equal (chroma, "4:2:0"))
    return NULL;
  *fix = g_strdup (_("Convert fixes it."));
  return g_strdup_printf (_("This video’s colour is stored as YUV %s; X accepts only YUV 4:2:0."),
                          chroma);
}

static char *
check_video_depth (const TernMediaInfo *info,
                   TernMediaSeverity   *severity,
                   char               **fix)
{
  if (!is_video (info) || info->bit_depth <= 8)
    return NULL;
  *fix = g_strdup (_("Convert fixes it."));
  return g_strdup_printf (_("This video has %u-bit colour; X accepts only 8-bit."),
                          info->bit_depth);
}

static char *
check_video_keyframes (const TernMediaInfo *info,
                       TernMediaSeverity   *severity,
                       char               **fix)
{
  if (!is_video (info) || info->keyframe_interval <= x_limits.video_max_keyframe_interval)
    return NULL;
  *fix = g_strdup (_("Convert adds a keyframe every 2 seconds."));
  return g_strdup_printf (_("This video has up to %u frames between keyframes; X rejects videos with more than %u."),
                          info->keyframe_interval, x_limits.video_max_keyframe_interval);
}

static char *
check_video_open_gop (const TernMediaInfo *info,
                      TernMediaSeverity   *severity,
                      char               **fix)
{
  if (!is_video (info) || !info->open_gop)
    return NULL;
  *fix = g_strdup (_("Convert re-encodes it with closed GOPs."));
  return g_strdup (_("This video uses open GOPs (keyframes that depend on earlier frames); X rejects them."));
}

static char *
check_video_interlaced (const TernMediaInfo *info,
                        TernMediaSeverity   *severity,
                        char               **fix)
{
  if (!is_video (info) || !info->interlaced)
    return NULL;
  *fix = g_strdup (_("Convert deinterlaces it."));
  return g_strdup (_("This video is interlaced; X accepts only progressive video."));
}

static char *
check_video_codec (const TernMediaInfo *info,
                   TernMediaSeverity   *severity,
                   char               **fix)
{
  if (!is_video (info) || g_strcmp0 (info->video_codec, "h264") == 0)
    return NULL;
  *fix = g_strdup (_("Convert re-encodes it."));
  if (g_strcmp0 (info->video_codec, "hevc") == 0)
    return g_strdup (_("This video is HEVC (H.265), as phones record it; X accepts H.264."));
  return g_strdup_printf (_("This video is encoded as %s; X accepts H.264."),
                          info->video_codec ? tern_media_codec_display_name (info->video_codec)
                                            : _("an unknown codec"));
}

static char *
check_video_profile (const TernMediaInfo *info,
                     TernMediaSeverity   *severity,
                     char               **fix)
{
  /* The high-4:4:4, high-10 ... profiles are caught by the colour rules. */
  if (!is_video (info) || g_strcmp0 (info->video_codec, "h264") != 0 ||
      info->video_profile == NULL || g_str_has_prefix (info->video_profile, "high"))
    return NULL;
  *severity = TERN_MEDIA_SEVERITY_WARNING;
  *fix = g_strdup (_("Convert it if X rejects it."));
  return g_strdup_printf (_("This video uses the H.264 %s profile; X recommends High."),
                          info->video_profile);
}

static char *
check_video_container (const TernMediaInfo *info,
                       TernMediaSeverity   *severity,
                       char               **fix)
{
  if (!is_video (info) || g_strcmp0 (info->format, "mp4") == 0 ||
      g_strcmp0 (info->format, "quicktime") == 0)
    return NULL;
  /* X takes WebM and MPEG-TS at upload but recommends MP4 or MOV. */
  if (g_strcmp0 (info->format, "webm") == 0 || g_strcmp0 (info->format, "mpegts") == 0)
    *severity = TERN_MEDIA_SEVERITY_WARNING;
  *fix = g_strdup (_("Convert makes an MP4."));
  return g_strdup_printf (_("This video is in a %s file; X recommends MP4 or MOV."),
                          info->format ? tern_media_codec_display_name (info->format) : _("unknown"));
}

static char *
check_audio_codec (const TernMediaInfo *info,
                   TernMediaSeverity   *severity,
                   char               **fix)
{
  if (!is_video (info) || !info->has_audio || g_strcmp0 (info->audio_codec, "aac") == 0)
    return NULL;
  *fix = g_strdup (_("Convert re-encodes the sound."));
  return g_strdup_printf (_("This video’s sound is %s; X accepts AAC."),
                          info->audio_codec ? tern_media_codec_display_name (info->audio_codec)
                                            : _("in an unknown format"));
}

static char *
check_audio_profile (const TernMediaInfo *info,
                     TernMediaSeverity   *severity,
                     char               **fix)
{
  if (!is_video (info) || !info->has_audio || g_strcmp0 (info->audio_codec, "aac") != 0 ||
      info->audio_profile == NULL || g_str_equal (info->audio_profile, "lc"))
    return NULL;
  *fix = g_strdup (_("Convert re-encodes the sound."));
  if (g_str_has_prefix (info->audio_profile, "he-aac"))
    return g_strdup (_("This video’s sound is HE-AAC; X accepts only AAC-LC."));
  return g_strdup_printf (_("This video’s sound is AAC %s; X accepts only AAC-LC."),
                          info->audio_profile);
}

static char *
check_audio_channels (const TernMediaInfo *info,
                      TernMediaSeverity   *severity,
                      char               **fix)
{
  if (!is_video (info) || !info->has_audio || info->channels <= x_limits.audio_max_channels)
    return NULL;
  *fix = g_strdup (_("Convert mixes it down to stereo."));
  return g_strdup_printf (_("This video’s sound has %u channels; X accepts mono or stereo."),
                          info->channels);
}

/* X's rules as a table: code and check. A check returns NULL when the
 * rule holds, else a message; it may lower the severity to a warning, and
 * it says how converting fixes it when it does. */
static const struct
{
  const char *code;
  RuleCheck   check;
} rules[] = {
  { "not-media", check_kind },
  { "image-format", check_image_format },
  { "image-file-too-large", check_image_bytes },
  { "image-dimensions", check_image_dimensions },
  { "gif-too-many-frames", check_gif_frames },
  { "gif-too-many-pixels", check_gif_pixels },
  { "gif-dimensions", check_gif_dimensions },
  { "video-file-too-large", check_video_bytes },
  { "video-too-short", check_video_too_short },
  { "video-too-long", check_video_too_long },
  { "video-too-small", check_video_too_small },
  { "video-dimensions", check_video_dimensions },
  { "video-frame-rate", check_video_fps },
  { "video-aspect-ratio", check_video_aspect },
  { "video-pixel-aspect", check_video_par },
  { "video-chroma", check_video_chroma },
  { "video-bit-depth", check_video_depth },
  { "video-interlaced", check_video_interlaced },
  { "video-keyframes", check_video_keyframes },
  { "video-open-gop", check_video_open_gop },
  { "video-codec", check_video_codec },
  { "video-profile", check_video_profile },
  { "video-container", check_video_container },
  { "audio-codec", check_audio_codec },
  { "audio-profile", check_audio_profile },
  { "audio-channels", check_audio_channels },
};

static int
compare_severity (gconstpointer a,
                  gconstpointer b)
{
  const TernMediaProblem *pa = *(TernMediaProblem **) a;
  const TernMediaProblem *pb = *(TernMediaProblem **) b;

  return (int) pb->severity - (int) pa->severity;
}

GPtrArray *
tern_media_rules_check (const TernMediaInfo *info)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tern_media_problem_free);

  g_return_val_if_fail (info != NULL, problems);

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      TernMediaSeverity severity = TERN_MEDIA_SEVERITY_ERROR;
      g_autofree char *fix = NULL;
      g_autofree char *message = rules[i].check (info, &severity, &fix);

      if (message != NULL)
        g_ptr_array_add (problems, tern_media_problem_new_with_fix (severity, rules[i].code,
                                                                    message, fix));
    }

  /* Stable: keeps the table's order within each severity. */
  g_ptr_array_sort (problems, compare_severity);
  return problems;
}

TernMediaProblem *
tern_media_rules_check_alt_text (const char *alt_text)
{
  glong chars;

  if (alt_text == NULL)
    return NULL;
  chars = g_utf8_strlen (alt_text, -1);
  if (chars <= x_limits.alt_text_max_chars)
    return NULL;
  {
    g_autofree char *message =
      g_strdup_printf (_("The description is %ld characters long; X accepts at most %u. Shorten it by %ld."),
                       chars, x_limits.alt_text_max_chars, chars - x_limits.alt_text_max_chars);
    return tern_media_problem_new (TERN_MEDIA_SEVERITY_ERROR, "alt-text-too-long", FALSE, message);
  }
}

TernMediaProblem *
tern_media_rules_check_mix (const TernAttachmentKind *kinds,
                            guint                     n_kinds)
{
  g_autoptr(GError) error = NULL;

  if (tern_x_check_media_mix (kinds, n_kinds, &error))
    return NULL;
  return tern_media_problem_new (TERN_MEDIA_SEVERITY_ERROR, "media-mix", FALSE, error->message);
}

gboolean
tern_media_problems_block (GPtrArray *problems)
{
  g_return_val_if_fail (problems != NULL, FALSE);

  for (guint i = 0; i < problems->len; i++)
    {
      const TernMediaProblem *problem = g_ptr_array_index (problems, i);
      if (problem->severity == TERN_MEDIA_SEVERITY_ERROR)
        return TRUE;
    }
  return FALSE;
}

gboolean
tern_media_problems_convertible (GPtrArray *problems)
{
  gboolean any = FALSE;

  g_return_val_if_fail (problems != NULL, FALSE);

  for (guint i = 0; i < problems->len; i++)
    {
      const TernMediaProblem *problem = g_ptr_array_index (problems, i);
      if (problem->convertible)
        any = TRUE;
      else if (problem->severity == TERN_MEDIA_SEVERITY_ERROR)
        return FALSE;
    }
  return any;
}

char *
tern_media_problems_describe (GPtrArray         *problems,
                              TernMediaSeverity  severity)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_fixed = 0;

  g_return_val_if_fail (problems != NULL, NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const TernMediaProblem *problem = g_ptr_array_index (problems, i);
      if (problem->severity == severity && problem->fix != NULL)
        n_fixed++;
    }

  for (guint i = 0; i < problems->len; i++)
    {
      const TernMediaProblem *problem = g_ptr_array_index (problems, i);

      if (problem->severity != severity)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      /* Several problems that one Convert fixes: say it once, below. */
      g_string_append (out, n_fixed > 1 && problem->fix != NULL && problem->summary != NULL
                            ? problem->summary : problem->message);
    }
  if (n_fixed > 1)
    {
      g_string_append_c (out, '\n');
      if (n_fixed == 2)
        g_string_append (out, _("One Convert fixes both."));
      else
        g_string_append_printf (out, _("One Convert fixes all %u."), n_fixed);
    }
  return g_string_free (g_steal_pointer (&out), out->len == 0);
}
