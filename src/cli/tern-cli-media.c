/* tern-cli-media.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "tern-cli-media.h"
#include "core/tern-x.h"

/* The option parser's callbacks have no user data for the main group:
 * `tern post` runs once per process, so a file-level list is enough. */
static GPtrArray *collected;

void
tern_cli_media_free (TernCliMedia *media)
{
  if (media == NULL)
    return;
  g_free (media->path);
  g_free (media->alt_text);
  g_clear_pointer (&media->info, tern_media_info_free);
  g_clear_pointer (&media->problems, g_ptr_array_unref);
  g_free (media);
}

gboolean
tern_cli_media_option_cb (const char  *option_name,
                          const char  *value,
                          gpointer     data,
                          GError     **error)
{
  TernCliMedia *media = g_new0 (TernCliMedia, 1);

  if (collected == NULL)
    collected = g_ptr_array_new_with_free_func ((GDestroyNotify) tern_cli_media_free);
  media->path = g_strdup (value);
  media->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tern_media_problem_free);
  g_ptr_array_add (collected, media);
  return TRUE;
}

gboolean
tern_cli_alt_option_cb (const char  *option_name,
                        const char  *value,
                        gpointer     data,
                        GError     **error)
{
  TernCliMedia *media;

  if (collected == NULL || collected->len == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--alt describes the --media before it: put --media FILE first."));
      return FALSE;
    }
  media = g_ptr_array_index (collected, collected->len - 1);
  if (media->alt_text != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” already has a description: give one --alt per --media."),
                   media->path);
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The description of “%s” is not valid UTF-8."), media->path);
      return FALSE;
    }
  media->alt_text = g_strdup (value);
  return TRUE;
}

GPtrArray *
tern_cli_media_take_options (void)
{
  if (collected == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) tern_cli_media_free);
  return g_steal_pointer (&collected);
}

static const char *
problem_code_for_error (const GError *error)
{
  if (error->domain == TERN_MEDIA_ERROR)
    switch (error->code)
      {
      case TERN_MEDIA_ERROR_EMPTY: return "file-empty";
      case TERN_MEDIA_ERROR_UNSUPPORTED: return "file-unsupported";
      case TERN_MEDIA_ERROR_DAMAGED: return "file-damaged";
      case TERN_MEDIA_ERROR_CHANGED: return "file-changed";
      case TERN_MEDIA_ERROR_TIMEOUT: return "file-timeout";
      default: break;
      }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return "file-not-found";
  return "file-unreadable";
}

void
tern_cli_media_check (GPtrArray *media)
{
  g_autofree TernAttachmentKind *kinds = g_new0 (TernAttachmentKind, MAX (media->len, 1));
  g_autoptr(TernMediaProblem) mix = NULL;

  for (guint i = 0; i < media->len; i++)
    {
      TernCliMedia *m = g_ptr_array_index (media, i);
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (m->path);
      g_autoptr(GError) error = NULL;
      TernMediaProblem *alt;

      m->info = tern_media_info_probe (file, NULL, &error);
      if (m->info == NULL)
        g_ptr_array_add (m->problems,
                         tern_media_problem_new (TERN_MEDIA_SEVERITY_ERROR,
                                                 problem_code_for_error (error),
                                                 FALSE, error->message));
      else
        {
          g_autoptr(GPtrArray) problems = tern_media_rules_check (m->info);
          g_ptr_array_extend_and_steal (m->problems, g_steal_pointer (&problems));
          kinds[i] = tern_x_mix_kind (m->info->kind, m->info->mime_type);
        }

      alt = tern_media_rules_check_alt_text (m->alt_text);
      if (alt != NULL)
        g_ptr_array_add (m->problems, alt);
    }

  /* The mix is a property of the post: report it on the last attachment. */
  mix = tern_media_rules_check_mix (kinds, media->len);
  if (mix != NULL && media->len > 0)
    {
      TernCliMedia *last = g_ptr_array_index (media, media->len - 1);
      g_ptr_array_add (last->problems, g_steal_pointer (&mix));
    }
}

gboolean
tern_cli_media_blocks (GPtrArray *media)
{
  for (guint i = 0; i < media->len; i++)
    {
      TernCliMedia *m = g_ptr_array_index (media, i);
      if (tern_media_problems_block (m->problems))
        return TRUE;
    }
  return FALSE;
}

void
tern_cli_media_add_json (JsonBuilder *builder,
                         GPtrArray   *media)
{
  json_builder_set_member_name (builder, "media");
  json_builder_begin_array (builder);
  for (guint i = 0; i < media->len; i++)
    {
      TernCliMedia *m = g_ptr_array_index (media, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, m->path);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, tern_media_kind_to_string (m->info ? m->info->kind
                                                                                 : TERN_ATTACHMENT_KIND_UNKNOWN));
      json_builder_set_member_name (builder, "mime_type");
      if (m->info != NULL && m->info->mime_type != NULL)
        json_builder_add_string_value (builder, m->info->mime_type);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "alt_text");
      if (m->alt_text != NULL)
        json_builder_add_string_value (builder, m->alt_text);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "info");
      if (m->info != NULL)
        json_builder_add_value (builder, tern_media_info_to_json (m->info));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "problems");
      json_builder_begin_array (builder);
      for (guint j = 0; j < m->problems->len; j++)
        json_builder_add_value (builder, tern_media_problem_to_json (g_ptr_array_index (m->problems, j)));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static char *
describe (const TernMediaInfo *info)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *size = g_format_size (info->size);
  const char *format = info->format ? tern_media_codec_display_name (info->format) : "?";

  if (info->kind == TERN_ATTACHMENT_KIND_VIDEO)
    {
      g_autofree char *duration = tern_media_format_duration (info->duration_usec);
      const char *codec = info->video_codec ? tern_media_codec_display_name (info->video_codec) : "?";

      /* TRANSLATORS: container, codec, profile, width, height, frames per second, duration */
      g_string_append_printf (out, _("%s video, %s %s, %u×%u, %.3g fps, %s"),
                              format, codec, info->video_profile ? info->video_profile : "",
                              info->width, info->height,
                              info->fps_d ? info->fps_n / (double) info->fps_d : 0.0, duration);
      if (info->chroma_format != NULL)
        g_string_append_printf (out, ", YUV %s", info->chroma_format);
      if (info->has_audio)
        {
          const char *acodec = info->audio_codec ? tern_media_codec_display_name (info->audio_codec) : "?";
          /* TRANSLATORS: sound codec, profile, channels, sample rate in kHz */
          g_string_append_printf (out, _(", sound %s %s, %u ch, %.1f kHz"),
                                  acodec, info->audio_profile ? info->audio_profile : "",
                                  info->channels, info->sample_rate / 1000.0);
        }
      else
        g_string_append (out, _(", no sound"));
    }
  else if (info->kind == TERN_ATTACHMENT_KIND_GIF)
    g_string_append_printf (out, _("animated GIF, %u×%u, %u frames"),
                            info->width, info->height, info->n_frames);
  else if (info->kind == TERN_ATTACHMENT_KIND_IMAGE)
    {
      g_string_append_printf (out, _("%s image, %u×%u"), format, info->width, info->height);
      if (info->orientation > 1)
        /* TRANSLATORS: a photo's EXIF orientation tag, 2 to 8 */
        g_string_append_printf (out, _(", EXIF orientation %u"), info->orientation);
    }
  else
    g_string_append (out, _("not an image or a video"));

  g_string_append_printf (out, ", %s", size);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
alt_reminder_wanted (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "warn-missing-alt-text"))
    return TRUE;
  settings = g_settings_new (APPLICATION_ID);
  return g_settings_get_boolean (settings, "warn-missing-alt-text");
}

guint
tern_cli_media_warn_missing_alt (GPtrArray *media)
{
  guint missing = 0;

  g_return_val_if_fail (media != NULL, 0);

  if (!alt_reminder_wanted ())
    return 0;
  for (guint i = 0; i < media->len; i++)
    {
      TernCliMedia *m = g_ptr_array_index (media, i);

      if (m->info == NULL || m->info->kind == TERN_ATTACHMENT_KIND_UNKNOWN ||
          (m->alt_text != NULL && *m->alt_text != '\0'))
        continue;
      missing++;
      fprintf (stderr, _("%s: warning: no description (alt text); people who cannot see it will not know what it shows. Add --alt TEXT after --media %s.\n"),
               m->path, m->path);
    }
  return missing;
}

void
tern_cli_media_print_text (GPtrArray *media)
{
  for (guint i = 0; i < media->len; i++)
    {
      TernCliMedia *m = g_ptr_array_index (media, i);

      if (m->info != NULL)
        {
          g_autofree char *description = describe (m->info);
          printf ("%s: %s\n", m->path, description);
        }
      else
        printf ("%s:\n", m->path);

      if (m->problems->len == 0)
        printf ("  %s\n", _("ready to post"));
      for (guint j = 0; j < m->problems->len; j++)
        {
          const TernMediaProblem *p = g_ptr_array_index (m->problems, j);
          printf ("  %s: %s\n",
                  p->severity == TERN_MEDIA_SEVERITY_ERROR ? _("error") : _("warning"),
                  p->message);
        }
      if (tern_media_problems_convertible (m->problems))
        /* TRANSLATORS: the command must stay as it is */
        printf (_("  To make a copy X accepts: tern convert %s %s\n"), m->path,
                m->info != NULL && m->info->kind == TERN_ATTACHMENT_KIND_IMAGE ? "COPY.jpg" : "COPY.mp4");
    }
}
