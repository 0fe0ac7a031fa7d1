/* test-transcoder.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "media/tern-media-info.h"
#include "media/tern-media-rules.h"
#include "media/tern-transcoder.h"
#include "tern-test-fixtures.h"

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
  guint progress_notifies;
  double last_progress;
  gboolean progress_went_back;
  GCancellable *cancel_on_progress;
} RunState;

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RunState *state = user_data;

  state->ok = tern_transcoder_run_finish (TERN_TRANSCODER (source), result, &state->error);
  state->done = TRUE;
}

static void
progress_cb (TernTranscoder *transcoder,
             GParamSpec     *pspec,
             gpointer        user_data)
{
  RunState *state = user_data;
  double progress = tern_transcoder_get_progress (transcoder);

  if (progress < state->last_progress)
    state->progress_went_back = TRUE;
  state->last_progress = progress;
  state->progress_notifies++;
}

/* The encoder is chosen just before the pipeline starts: cancelling here
 * stops a conversion that is under way, whatever the machine's speed. */
static void
encoder_chosen_cb (TernTranscoder *transcoder,
                   GParamSpec     *pspec,
                   gpointer        user_data)
{
  RunState *state = user_data;

  if (state->cancel_on_progress != NULL)
    g_cancellable_cancel (state->cancel_on_progress);
}

static char *
output_path (const char *name,
             const char *variant)
{
  g_autofree char *file = g_strconcat (name, variant, "-converted.mp4", NULL);
  return g_build_filename (tern_test_fixture_dir (), file, NULL);
}

static gboolean
convert (const char    *fixture,
         gboolean       trim,
         GCancellable  *cancellable,
         RunState      *state,
         char         **out_path)
{
  g_autofree char *in_path = tern_test_fixture (fixture);
  g_autofree char *path = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(TernTranscoder) transcoder = NULL;

  if (in_path == NULL)
    return FALSE;
  path = output_path (fixture, cancellable ? "-cancelled" : trim ? "" : "-untrimmed");
  input = g_file_new_for_path (in_path);
  output = g_file_new_for_path (path);
  transcoder = tern_transcoder_new (input, output);
  tern_transcoder_set_trim (transcoder, trim);
  g_signal_connect (transcoder, "notify::progress", G_CALLBACK (progress_cb), state);
  g_signal_connect (transcoder, "notify::video-encoder", G_CALLBACK (encoder_chosen_cb), state);

  tern_transcoder_run_async (transcoder, cancellable, run_cb, state);
  while (!state->done)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("%s converted with %s / %s", fixture,
                  tern_transcoder_get_video_encoder (transcoder),
                  tern_transcoder_get_audio_encoder (transcoder));
  *out_path = g_steal_pointer (&path);
  return TRUE;
}

/* Converts @fixture and checks the result passes X's rules with no error. */
static TernMediaInfo *
convert_and_check (const char *fixture)
{
  RunState state = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *partial = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  TernMediaInfo *info;

  if (!convert (fixture, TRUE, NULL, &state, &path))
    return NULL;
  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_false (state.progress_went_back);
  g_assert_cmpfloat (state.last_progress, ==, 1.0);

  partial = g_strconcat (path, ".part", NULL);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));

  file = g_file_new_for_path (path);
  info = tern_media_info_probe (file, NULL, &error);
  g_assert_no_error (error);
  problems = tern_media_rules_check (info);
  for (guint i = 0; i < problems->len; i++)
    {
      TernMediaProblem *p = g_ptr_array_index (problems, i);
      g_test_message ("after conversion: %s %s: %s",
                      tern_media_severity_to_string (p->severity), p->code, p->message);
    }
  g_assert_false (tern_media_problems_block (problems));
  g_assert_cmpstr (info->video_codec, ==, "h264");
  g_assert_cmpstr (info->chroma_format, ==, "4:2:0");
  g_assert_true (info->index_first);
  g_assert_cmpuint (info->par_n, ==, info->par_d);
  return info;
}

static void
test_convert_yuv444 (void)
{
  g_autoptr(TernMediaInfo) info = convert_and_check ("yuv444");

  if (info == NULL)
    return;
  g_assert_cmpstr (info->video_profile, ==, "high");
  g_assert_cmpuint (info->width, ==, 320);
  g_assert_cmpuint (info->height, ==, 240);
}

static void
test_convert_fps90 (void)
{
  g_autoptr(TernMediaInfo) info = convert_and_check ("fps90");

  if (info == NULL)
    return;
  g_assert_cmpuint (info->fps_n, <=, 60 * info->fps_d);
  g_assert_cmpuint (info->fps_n, >, 0);
}

static void
test_convert_interlaced (void)
{
  g_autoptr(TernMediaInfo) info = convert_and_check ("interlaced");

  if (info == NULL)
    return;
  g_assert_false (info->interlaced);
}

static void
test_convert_anamorphic (void)
{
  g_autoptr(TernMediaInfo) info = convert_and_check ("anamorphic");

  if (info == NULL)
    return;
  /* 320×240 with 4:3 pixels shows as 427×240: square pixels keep the shape. */
  g_assert_cmpuint (info->width, ==, 426);
  g_assert_cmpuint (info->height, ==, 240);
}

static void
test_convert_hevc_mp3 (void)
{
  g_autoptr(TernMediaInfo) hevc = convert_and_check ("hevc");
  g_autoptr(TernMediaInfo) mp3 = convert_and_check ("mp3-audio");

  if (mp3 == NULL)
    return;
  g_assert_cmpstr (mp3->audio_codec, ==, "aac");
  g_assert_cmpstr (mp3->audio_profile, ==, "lc");
  g_assert_cmpuint (mp3->channels, ==, 2);
}

static void
test_convert_mono_to_stereo (void)
{
  g_autoptr(TernMediaInfo) info = convert_and_check ("mono");

  if (info == NULL)
    return;
  g_assert_true (info->has_audio);
  g_assert_cmpuint (info->channels, ==, 2);
}

static void
test_convert_long_gop (void)
{
  g_autoptr(TernMediaInfo) info = convert_and_check ("long-gop");

  if (info == NULL)
    return;
  /* 25 fps: a keyframe at least every 2 seconds. */
  g_assert_cmpuint (info->keyframe_interval, <=, 50);
}

static void
test_convert_open_gop (void)
{
  g_autoptr(TernMediaInfo) info = convert_and_check ("open-gop");

  if (info == NULL)
    return;
  g_assert_false (info->open_gop);
}

static void
test_convert_too_large (void)
{
  g_autoptr(TernMediaInfo) info = convert_and_check ("too-large");

  if (info == NULL)
    return;
  /* 2000×1000 fits 1280 wide. */
  g_assert_cmpuint (info->width, ==, 1280);
  g_assert_cmpuint (info->height, ==, 640);
}

static void
test_convert_trims_too_long (void)
{
  g_autoptr(TernMediaInfo) info = NULL;
  RunState state = { 0 };

  info = convert_and_check ("too-long");
  if (info == NULL)
    return;
  g_assert_cmpint (info->duration_usec, <=, 140 * G_USEC_PER_SEC);
  g_assert_cmpint (info->duration_usec, >=, 139 * G_USEC_PER_SEC);
  (void) state;
}

static void
test_convert_without_trim_keeps_length (void)
{
  RunState state = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(TernMediaInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  if (!convert ("too-long", FALSE, NULL, &state, &path))
    return;
  g_assert_no_error (state.error);
  file = g_file_new_for_path (path);
  info = tern_media_info_probe (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->duration_usec, >, 140 * G_USEC_PER_SEC);
  problems = tern_media_rules_check (info);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((TernMediaProblem *) problems->pdata[0])->code, ==, "video-too-long");
}

static void
test_cancel_deletes_output (void)
{
  RunState state = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = NULL;
  g_autofree char *partial = NULL;

  state.cancel_on_progress = cancellable;
  if (!convert ("too-long", FALSE, cancellable, &state, &path))
    return;
  g_assert_false (state.ok);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);
  partial = g_strconcat (path, ".part", NULL);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_not_a_video (void)
{
  RunState state = { 0 };
  g_autofree char *path = NULL;

  /* An animated GIF would lose its animation as a still image. */
  convert ("gif-small", TRUE, NULL, &state, &path);
  g_assert_error (state.error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_UNSUPPORTED);
  g_clear_error (&state.error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_missing_encoder_named (void)
{
  const char *const none[] = { "tern-no-such-encoder", NULL };
  const char *const some[] = { "tern-no-such-encoder", "x264enc", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *video = NULL;
  g_autofree char *audio = NULL;
  g_autofree char *found = NULL;

  video = tern_transcoder_find_video_encoder (none, &error);
  g_assert_null (video);
  g_assert_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_NO_ENCODER);
  g_assert_nonnull (strstr (error->message, "gstreamer1.0-plugins-ugly"));
  g_clear_error (&error);

  audio = tern_transcoder_find_audio_encoder (none, &error);
  g_assert_null (audio);
  g_assert_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_NO_ENCODER);
  g_assert_nonnull (strstr (error->message, "gstreamer1.0-libav"));
  g_clear_error (&error);

  found = tern_transcoder_find_video_encoder (some, &error);
  if (found == NULL)
    {
      g_test_skip ("x264enc is not installed");
      return;
    }
  g_assert_cmpstr (found, ==, "x264enc");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tern_media_init ();

  g_test_add_func ("/transcoder/yuv444", test_convert_yuv444);
  g_test_add_func ("/transcoder/fps90", test_convert_fps90);
  g_test_add_func ("/transcoder/interlaced", test_convert_interlaced);
  g_test_add_func ("/transcoder/anamorphic", test_convert_anamorphic);
  g_test_add_func ("/transcoder/hevc-mp3", test_convert_hevc_mp3);
  g_test_add_func ("/transcoder/mono-to-stereo", test_convert_mono_to_stereo);
  g_test_add_func ("/transcoder/too-large", test_convert_too_large);
  g_test_add_func ("/transcoder/long-gop", test_convert_long_gop);
  g_test_add_func ("/transcoder/open-gop", test_convert_open_gop);
  g_test_add_func ("/transcoder/trims-too-long", test_convert_trims_too_long);
  g_test_add_func ("/transcoder/without-trim", test_convert_without_trim_keeps_length);
  g_test_add_func ("/transcoder/cancel-deletes-output", test_cancel_deletes_output);
  g_test_add_func ("/transcoder/not-a-video", test_not_a_video);
  g_test_add_func ("/transcoder/missing-encoder-named", test_missing_encoder_named);

  ret = g_test_run ();
  tern_test_fixtures_cleanup ();
  return ret;
}
