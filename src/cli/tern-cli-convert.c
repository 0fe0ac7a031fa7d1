/* tern-cli-convert.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "tern-cli-private.h"
#include "media/tern-media-info.h"
#include "media/tern-media-rules.h"
#include "media/tern-transcoder.h"

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
  int        last_percent;
} ConvertRun;

static void
progress_cb (TernTranscoder *transcoder,
             GParamSpec     *pspec,
             ConvertRun     *run)
{
  int percent = (int) (tern_transcoder_get_progress (transcoder) * 100);

  if (percent == run->last_percent)
    return;
  run->last_percent = percent;
  fprintf (stderr, _("Converting… %d %%\n"), percent);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  ConvertRun *run = user_data;

  run->ok = tern_transcoder_run_finish (TERN_TRANSCODER (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

/* The image quality set in Preferences, when the app's schema is
 * installed; 0 otherwise. */
static guint
settings_image_quality (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "image-quality"))
    return 0;
  settings = g_settings_new (APPLICATION_ID);
  return g_settings_get_uint (settings, "image-quality");
}

/* `tern convert INPUT OUTPUT`: what the GUI's Convert button does, for
 * the command line; then checks the result against X's rules. */
int
tern_cli_convert (int   argc,
                  char *argv[])
{
  gboolean no_trim = FALSE;
  int quality = 0;
  const char *saved;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(TernTranscoder) transcoder = NULL;
  g_autoptr(TernMediaInfo) info = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  ConvertRun run = { NULL, FALSE, NULL, -1 };
  const GOptionEntry entries[] = {
    { "no-trim", 0, 0, G_OPTION_ARG_NONE, &no_trim, N_("Keep the whole video even if it is longer than X accepts"), NULL },
    { "quality", 0, 0, G_OPTION_ARG_INT, &quality, N_("Highest JPEG quality for an image, 50 to 100 (default: the app’s setting, or 90)"), N_("N") },
    { NULL }
  };

  context = g_option_context_new (_("INPUT OUTPUT — make a copy of a video or image that X accepts"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      tern_cli_print_error ("%s", error->message);
      return 2;
    }
  if (argc != 3)
    {
      tern_cli_print_error (_("Give the video or image to convert and where to save the copy: tern convert INPUT OUTPUT"));
      return 2;
    }

  input = g_file_new_for_commandline_arg (argv[1]);
  output = g_file_new_for_commandline_arg (argv[2]);
  if (g_file_equal (input, output))
    {
      tern_cli_print_error (_("Save the copy under another name: Tern does not overwrite the original."));
      return 2;
    }

  if (quality != 0 && (quality < 50 || quality > 100))
    {
      tern_cli_print_error (_("The quality must be between 50 and 100, not %d."), quality);
      return 2;
    }
  if (quality == 0)
    quality = settings_image_quality ();

  transcoder = tern_transcoder_new (input, output);
  tern_transcoder_set_trim (transcoder, !no_trim);
  if (quality != 0)
    tern_transcoder_set_image_quality (transcoder, quality);
  g_signal_connect (transcoder, "notify::progress", G_CALLBACK (progress_cb), &run);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  tern_transcoder_run_async (transcoder, NULL, done_cb, &run);
  g_main_loop_run (loop);

  if (!run.ok)
    {
      tern_cli_print_error ("%s", run.error->message);
      g_clear_error (&run.error);
      return 1;
    }

  /* An image's copy may have another extension than asked (PNG). */
  g_set_object (&output, tern_transcoder_get_output (transcoder));
  saved = g_file_peek_path (output) ? g_file_peek_path (output) : argv[2];
  info = tern_media_info_probe (output, NULL, &error);
  if (info == NULL)
    {
      tern_cli_print_error (_("The converted copy cannot be read: %s"), error->message);
      return 1;
    }
  problems = tern_media_rules_check (info);
  for (guint i = 0; i < problems->len; i++)
    {
      const TernMediaProblem *p = g_ptr_array_index (problems, i);
      fprintf (stderr, "%s: %s\n",
               p->severity == TERN_MEDIA_SEVERITY_ERROR ? _("error") : _("warning"), p->message);
    }
  if (info->kind == TERN_ATTACHMENT_KIND_VIDEO)
    printf (_("Saved %s (converted with %s).\n"), saved, tern_transcoder_get_video_encoder (transcoder));
  else
    {
      g_autofree char *size = g_format_size_full (info->size, G_FORMAT_SIZE_IEC_UNITS);
      printf (_("Saved %s (%s, %u×%u, %s).\n"), saved,
              tern_media_codec_display_name (info->format), info->width, info->height, size);
    }
  return tern_media_problems_block (problems) ? 1 : 0;
}
