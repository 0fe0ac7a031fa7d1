/* tern-media-rules.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-media-rules"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tern-media-rules.h"
#include "core/tern-x.h"

#define MIB (G_GUINT64_CONSTANT (1024) * 1024)

static const TernMediaLimits x_limits = {
  .image_max_bytes = 5 * MIB,
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
  return problem;
}

TernMediaProblem *
tern_media_problem_copy (const TernMediaProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);
  return tern_media_problem_new (problem->severity, problem->code,
                                 problem->convertible, problem->message);
}

void
tern_media_problem_free (TernMediaProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->code);
  g_free (problem->message);
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

/* ---- the rules, one function per row ------------------------------------ */

typedef char *(*RuleCheck) (const TernMediaInfo *info, TernMediaSeverity *severity);

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

static char *
check_kind (const TernMediaInfo *info,
            TernMediaSeverity   *severity)
{
  if (info->kind != TERN_ATTACHMENT_KIND_UNKNOWN)
    return NULL;
  if (info->has_audio)
    return g_strdup (_("This file has sound but no picture; X accepts images and videos. Add a video or an image instead."));
  return g_strdup (_("This file is not an image or a video. Choose a JPEG, PNG, GIF or WEBP image or an MP4 or MOV video."));
}

static char *
check_image_format (const TernMediaInfo *info,
                    TernMediaSeverity   *severity)
{
  static const char *const accepted[] = { "jpeg", "png", "gif", "webp", NULL };

  if (!is_image (info) || g_strv_contains (accepted, info->format ? info->format : ""))
    return NULL;
  return g_strdup_printf (_("This is a %s image; X accepts JPEG, PNG, GIF and WEBP. Save it as PNG or JPEG first."),
                          info->format ? info->format : _("unknown"));
}

static char *
check_image_bytes (const TernMediaInfo *info,
                   TernMediaSeverity   *severity)
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
  return g_strdup_printf (_("This image is %s; X accepts at most %s. Save it smaller or as JPEG."),
                          actual, allowed);
}

static char *
check_gif_frames (const TernMediaInfo *info,
                  TernMediaSeverity   *severity)
{
  if (info->kind != TERN_ATTACHMENT_KIND_GIF || info->n_frames <= x_limits.gif_max_frames)
    return NULL;
  return g_strdup_printf (_("This GIF has %u frames; X accepts at most %u. Cut frames, or post it as a video."),
                          info->n_frames, x_limits.gif_max_frames);
}

static char *
check_gif_pixels (const TernMediaInfo *info,
                  TernMediaSeverity   *severity)
{
  guint64 pixels = (guint64) info->width * info->height * info->n_frames;

  if (info->kind != TERN_ATTACHMENT_KIND_GIF || pixels <= x_limits.gif_max_pixels)
    return NULL;
  return g_strdup_printf (_("This GIF has %" G_GUINT64_FORMAT " million pixels over all its frames (%u×%u × %u); X accepts at most %" G_GUINT64_FORMAT " million. Make it smaller or shorter."),
                          (pixels + 999999) / 1000000, info->width, info->height, info->n_frames,
                          x_limits.gif_max_pixels / 1000000);
}

static char *
check_gif_dimensions (const TernMediaInfo *info,
                      TernMediaSeverity   *severity)
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
                   TernMediaSeverity   *severity)
{
  g_autofree char *actual = NULL;
  g_autofree char *allowed = NULL;

  if (!is_video (info) || info->size <= x_limits.video_max_bytes)
    return NULL;
  actual = format_size (info->size);
  allowed = format_size (x_limits.video_max_bytes);
  return g_strdup_printf (_("This video is %s; X accepts at most %s. Convert it to make it smaller."),
                          actual, allowed);
}

static char *
check_video_too_short (const TernMediaInfo *info,
                       TernMediaSeverity   *severity)
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
                      TernMediaSeverity   *severity)
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
  return g_strdup_printf (_("This video is %s long; X accepts at most %s. Convert keeps the first %s."),
                          actual, allowed, allowed);
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
                       TernMediaSeverity   *severity)
{
  if (!is_video (info) ||
      (info->width >= x_limits.video_min_side && info->height >= x_limits.video_min_side))
    return NULL;
  return g_strdup_printf (_("This video is %u×%u; X needs at least %u×%u. Choose a larger video."),
                          info->width, info->height, x_limits.video_min_side, x_limits.video_min_side);
}

static char *
check_video_dimensions (const TernMediaInfo *info,
                        TernMediaSeverity   *severity)
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
      return g_strdup_printf (_("This video is %u×%u; X accepts up to %u×%u for every account and up to %u×%u only for some. Convert it if the upload fails."),
                              info->width, info->height,
                              x_limits.video_max_long_side, x_limits.video_max_short_side,
                              x_limits.video_tier_long_side, x_limits.video_tier_short_side);
    }
  return g_strdup_printf (_("This video is %u×%u; X accepts at most %u×%u. Convert scales it down."),
                          info->width, info->height,
                          x_limits.video_max_long_side, x_limits.video_max_short_side);
}

static char *
check_video_fps (const TernMediaInfo *info,
                 TernMediaSeverity   *severity)
{
  g_autofree char *fps = NULL;

  if (!is_video (info) || info->fps_n == 0 ||
      (guint64) info->fps_n <= (guint64) x_limits.video_max_fps * info->fps_d)
    return NULL;
  fps = format_fps (info);
  return g_strdup_printf (_("This video has %s frames per second; X accepts at most %u. Convert lowers the rate."),
                          fps, x_limits.video_max_fps);
}

static char *
check_video_aspect (const TernMediaInfo *info,
                    TernMediaSeverity   *severity)
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
                 TernMediaSeverity   *severity)
{
  if (!is_video (info) || info->par_n == info->par_d)
    return NULL;
  return g_strdup_printf (_("This video has non-square pixels (%u:%u); X needs square pixels. Convert fixes it."),
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
                    TernMediaSeverity   *severity)
{
  const char *chroma = chroma_of (info);

  if (!is_video (info) || chroma == NULL || g_str_equal (chroma, "4:2:0"))
    return NULL;
  return g_strdup_printf (_("This video’s colour is stored as YUV %s; X accepts only YUV 4:2:0. Convert fixes it."),
                          chroma);
}

static char *
check_video_depth (const TernMediaInfo *info,
                   TernMediaSeverity   *severity)
{
  if (!is_video (info) || info->bit_depth <= 8)
    return NULL;
  return g_strdup_printf (_("This video has %u-bit colour; X accepts only 8-bit. Convert fixes it."),
                          info->bit_depth);
}

static char *
check_video_keyframes (const TernMediaInfo *info,
                       TernMediaSeverity   *severity)
{
  if (!is_video (info) || info->keyframe_interval <= x_limits.video_max_keyframe_interval)
    return NULL;
  return g_strdup_printf (_("This video has up to %u frames between keyframes; X rejects videos with more than %u. Convert adds a keyframe every 2 seconds."),
                          info->keyframe_interval, x_limits.video_max_keyframe_interval);
}

static char *
check_video_open_gop (const TernMediaInfo *info,
                      TernMediaSeverity   *severity)
{
  if (!is_video (info) || !info->open_gop)
    return NULL;
  return g_strdup (_("This video uses open GOPs (keyframes that depend on earlier frames); X rejects them. Convert re-encodes it with closed GOPs."));
}

static char *
check_video_interlaced (const TernMediaInfo *info,
                        TernMediaSeverity   *severity)
{
  if (!is_video (info) || !info->interlaced)
    return NULL;
  return g_strdup (_("This video is interlaced; X accepts only progressive video. Convert deinterlaces it."));
}

static char *
check_video_codec (const TernMediaInfo *info,
                   TernMediaSeverity   *severity)
{
  if (!is_video (info) || g_strcmp0 (info->video_codec, "h264") == 0)
    return NULL;
  if (g_strcmp0 (info->video_codec, "hevc") == 0)
    return g_strdup (_("This video is HEVC (H.265), as phones record it; X accepts H.264. Convert re-encodes it."));
  return g_strdup_printf (_("This video is encoded as %s; X accepts H.264. Convert re-encodes it."),
                          info->video_codec ? info->video_codec : _("an unknown codec"));
}

static char *
check_video_profile (const TernMediaInfo *info,
                     TernMediaSeverity   *severity)
{
  /* The high-4:4:4, high-10 ... profiles are caught by the colour rules. */
  if (!is_video (info) || g_strcmp0 (info->video_codec, "h264") != 0 ||
      info->video_profile == NULL || g_str_has_prefix (info->video_profile, "high"))
    return NULL;
  *severity = TERN_MEDIA_SEVERITY_WARNING;
  return g_strdup_printf (_("This video uses the H.264 %s profile; X recommends High. Convert it if X rejects it."),
                          info->video_profile);
}

static char *
check_video_container (const TernMediaInfo *info,
                       TernMediaSeverity   *severity)
{
  if (!is_video (info) || g_strcmp0 (info->format, "mp4") == 0 ||
      g_strcmp0 (info->format, "quicktime") == 0)
    return NULL;
  /* X takes WebM and MPEG-TS at upload but recommends MP4 or MOV. */
  if (g_strcmp0 (info->format, "webm") == 0 || g_strcmp0 (info->format, "mpegts") == 0)
    *severity = TERN_MEDIA_SEVERITY_WARNING;
  return g_strdup_printf (_("This video is in a %s file; X recommends MP4 or MOV. Convert makes an MP4."),
                          info->format ? info->format : _("unknown"));
}

static char *
check_audio_codec (const TernMediaInfo *info,
                   TernMediaSeverity   *severity)
{
  if (!is_video (info) || !info->has_audio || g_strcmp0 (info->audio_codec, "aac") == 0)
    return NULL;
  return g_strdup_printf (_("This video’s sound is %s; X accepts AAC. Convert re-encodes the sound."),
                          info->audio_codec ? info->audio_codec : _("in an unknown format"));
}

static char *
check_audio_profile (const TernMediaInfo *info,
                     TernMediaSeverity   *severity)
{
  if (!is_video (info) || !info->has_audio || g_strcmp0 (info->audio_codec, "aac") != 0 ||
      info->audio_profile == NULL || g_str_equal (info->audio_profile, "lc"))
    return NULL;
  if (g_str_has_prefix (info->audio_profile, "he-aac"))
    return g_strdup (_("This video’s sound is HE-AAC; X accepts only AAC-LC. Convert re-encodes the sound."));
  return g_strdup_printf (_("This video’s sound is AAC %s; X accepts only AAC-LC. Convert re-encodes the sound."),
                          info->audio_profile);
}

static char *
check_audio_channels (const TernMediaInfo *info,
                      TernMediaSeverity   *severity)
{
  if (!is_video (info) || !info->has_audio || info->channels <= x_limits.audio_max_channels)
    return NULL;
  return g_strdup_printf (_("This video’s sound has %u channels; X accepts mono or stereo. Convert mixes it down to stereo."),
                          info->channels);
}

/* X's rules as a table: code, whether Tern's converter fixes it, check.
 * A check returns NULL when the rule holds, else a message; it may lower
 * the severity to a warning. */
static const struct
{
  const char *code;
  gboolean    convertible;
  RuleCheck   check;
} rules[] = {
  { "not-media", FALSE, check_kind },
  { "image-format", FALSE, check_image_format },
  { "image-file-too-large", FALSE, check_image_bytes },
  { "gif-too-many-frames", FALSE, check_gif_frames },
  { "gif-too-many-pixels", FALSE, check_gif_pixels },
  { "gif-dimensions", FALSE, check_gif_dimensions },
  { "video-file-too-large", TRUE, check_video_bytes },
  { "video-too-short", FALSE, check_video_too_short },
  { "video-too-long", TRUE, check_video_too_long },
  { "video-too-small", FALSE, check_video_too_small },
  { "video-dimensions", TRUE, check_video_dimensions },
  { "video-frame-rate", TRUE, check_video_fps },
  { "video-aspect-ratio", FALSE, check_video_aspect },
  { "video-pixel-aspect", TRUE, check_video_par },
  { "video-chroma", TRUE, check_video_chroma },
  { "video-bit-depth", TRUE, check_video_depth },
  { "video-interlaced", TRUE, check_video_interlaced },
  { "video-keyframes", TRUE, check_video_keyframes },
  { "video-open-gop", TRUE, check_video_open_gop },
  { "video-codec", TRUE, check_video_codec },
  { "video-profile", TRUE, check_video_profile },
  { "video-container", TRUE, check_video_container },
  { "audio-codec", TRUE, check_audio_codec },
  { "audio-profile", TRUE, check_audio_profile },
  { "audio-channels", TRUE, check_audio_channels },
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
      g_autofree char *message = rules[i].check (info, &severity);

      if (message != NULL)
        g_ptr_array_add (problems, tern_media_problem_new (severity, rules[i].code,
                                                           rules[i].convertible, message));
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
      if (problem->severity != TERN_MEDIA_SEVERITY_ERROR)
        continue;
      if (!problem->convertible)
        return FALSE;
      any = TRUE;
    }
  return any;
}
