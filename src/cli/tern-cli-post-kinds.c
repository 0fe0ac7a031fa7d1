/* tern-cli-post-kinds.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-cli-post-kinds.h"
#include "tern-cli-media.h"
#include "core/send/tern-post.h"
#include "core/tern-x.h"

/* Replies, quotes, polls, who can reply and subtitles for `tern post`:
 * from the options into the draft, checked with X's rules (core), and
 * reported in --dry-run --json. */

void
tern_cli_thread_kinds_clear (TernCliThreadKinds *kinds)
{
  g_clear_pointer (&kinds->reply_to, g_free);
  g_clear_pointer (&kinds->quote, g_free);
  g_clear_pointer (&kinds->reply_settings, g_free);
}

/* --reply-to and --quote take an address or an id; @api_base lets the
 * simulator's own addresses through too. */
gboolean
tern_cli_thread_kinds_apply (TernCliThreadKinds  *kinds,
                             TernDraft           *draft,
                             const char          *api_base,
                             GError             **error)
{
  g_autofree char *reply_to = NULL;
  g_autofree char *quote = NULL;
  g_autoptr(GError) local = NULL;

  if (kinds->reply_to != NULL &&
      !tern_x_parse_post_address (kinds->reply_to, api_base, &reply_to, NULL, &local))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--reply-to: %s", local->message);
      return FALSE;
    }
  if (kinds->quote != NULL &&
      !tern_x_parse_post_address (kinds->quote, api_base, &quote, NULL, &local))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--quote: %s", local->message);
      return FALSE;
    }
  if (kinds->reply_settings != NULL && !tern_x_reply_settings_is_valid (kinds->reply_settings))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--reply-settings: “%s” is not a choice X knows. Use following, mentionedUsers, verified or subscribers (leave it out for everyone)."),
                   kinds->reply_settings);
      return FALSE;
    }

  tern_draft_set_reply_to (draft, reply_to);
  tern_draft_set_quote (draft, quote);
  tern_draft_set_reply_settings (draft, kinds->reply_settings);
  return TRUE;
}

gboolean
tern_cli_poll_duration_parse (const char  *text,
                              guint       *minutes,
                              GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (!tern_x_parse_poll_duration (text, minutes, &local))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--poll-duration: %s", local->message);
      return FALSE;
    }
  return TRUE;
}

static TernCliMedia *
media_for (GPtrArray      *media,
           TernAttachment *attachment)
{
  for (guint i = 0; media != NULL && i < media->len; i++)
    {
      TernCliMedia *m = g_ptr_array_index (media, i);
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (m->path);

      if (g_file_equal (file, tern_attachment_get_file (attachment)))
        return m;
    }
  return NULL;
}

/* A subtitle file is small: it is read here, before anything is sent. */
static void
check_subtitles (TernAttachment *attachment,
                 TernCliMedia   *m,
                 GPtrArray      *problems)
{
  GFile *file = tern_attachment_get_subtitles_file (attachment);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *contents = NULL;
  gsize length = 0;
  gint64 end_ms = 0;
  g_autoptr(GError) error = NULL;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &error))
    {
      g_ptr_array_add (problems, g_strdup_printf (_("Could not read the subtitles %s (%s). Check the file name."),
                                                  name, error->message));
      return;
    }
  if (!tern_x_parse_subtitles (contents, length, NULL, NULL, &end_ms, &error))
    {
      g_ptr_array_add (problems, g_strdup_printf ("%s: %s", name, error->message));
      return;
    }
  if (m != NULL && m->info != NULL &&
      !tern_x_check_subtitles_fit (end_ms, m->info->duration_usec / 1000, &error))
    g_ptr_array_add (problems, g_strdup_printf ("%s: %s", name, error->message));
}

/**
 * tern_cli_post_kinds_check:
 *
 * Returns: (transfer full) (element-type utf8): what to change, possibly
 *   nothing
 */
GPtrArray *
tern_cli_post_kinds_check (TernDraft *draft,
                           GPtrArray *media)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (tern_draft_get_posts (draft));

  if (!tern_post_validate_kinds (draft, &error))
    g_ptr_array_add (problems, g_strdup (error->message));

  for (guint i = 0; i < n; i++)
    {
      TernDraftPost *post = tern_draft_get_post (draft, i);
      GListModel *attachments = tern_draft_post_get_attachments (post);

      if (tern_draft_post_get_posted_id (post) != NULL)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (attachments); j++)
        {
          g_autoptr(TernAttachment) attachment = g_list_model_get_item (attachments, j);

          if (tern_attachment_get_subtitles_file (attachment) != NULL)
            check_subtitles (attachment, media_for (media, attachment), problems);
        }
    }
  return problems;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Adds "reply_to", "quote", "reply_settings", "polls" (per post, null for
 * an ordinary one), "subtitles" and "post_kind_problems" to the object
 * being built. */
void
tern_cli_post_kinds_add_json (JsonBuilder *builder,
                              TernDraft   *draft,
                              GPtrArray   *problems)
{
  guint n = g_list_model_get_n_items (tern_draft_get_posts (draft));

  add_string (builder, "reply_to", tern_draft_get_reply_to (draft));
  add_string (builder, "quote", tern_draft_get_quote (draft));
  add_string (builder, "reply_settings", tern_draft_get_reply_settings (draft));

  json_builder_set_member_name (builder, "polls");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      TernDraftPost *post = tern_draft_get_post (draft, i);
      const char * const *options = tern_draft_post_get_poll_options (post);

      if (options == NULL)
        {
          json_builder_add_null_value (builder);
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "options");
      json_builder_begin_array (builder);
      for (guint k = 0; options[k] != NULL; k++)
        json_builder_add_string_value (builder, options[k]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "duration_minutes");
      json_builder_add_int_value (builder, tern_draft_post_get_poll_duration (post));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "subtitles");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      GListModel *attachments = tern_draft_post_get_attachments (tern_draft_get_post (draft, i));

      for (guint j = 0; j < g_list_model_get_n_items (attachments); j++)
        {
          g_autoptr(TernAttachment) attachment = g_list_model_get_item (attachments, j);
          GFile *file = tern_attachment_get_subtitles_file (attachment);
          g_autofree char *video = NULL;
          g_autofree char *path = NULL;

          if (file == NULL)
            continue;
          video = g_file_get_path (tern_attachment_get_file (attachment));
          path = g_file_get_path (file);
          json_builder_begin_object (builder);
          add_string (builder, "media", video);
          add_string (builder, "file", path);
          add_string (builder, "language", tern_attachment_get_subtitles_language (attachment));
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "post_kind_problems");
  json_builder_begin_array (builder);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (problems, i));
  json_builder_end_array (builder);
}

static gboolean
files_equal (GFile *a,
             GFile *b)
{
  return a == b || (a != NULL && b != NULL && g_file_equal (a, b));
}

/* An earlier attempt is the same post only if it replies, quotes, polls
 * and subtitles the same. */
gboolean
tern_cli_post_kinds_match (TernDraft *a,
                           TernDraft *b)
{
  guint n = g_list_model_get_n_items (tern_draft_get_posts (a));

  if (g_strcmp0 (tern_draft_get_reply_to (a), tern_draft_get_reply_to (b)) != 0 ||
      g_strcmp0 (tern_draft_get_quote (a), tern_draft_get_quote (b)) != 0 ||
      g_strcmp0 (tern_draft_get_reply_settings (a), tern_draft_get_reply_settings (b)) != 0 ||
      n != g_list_model_get_n_items (tern_draft_get_posts (b)))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      TernDraftPost *pa = tern_draft_get_post (a, i);
      TernDraftPost *pb = tern_draft_get_post (b, i);
      const char * const *oa = tern_draft_post_get_poll_options (pa);
      const char * const *ob = tern_draft_post_get_poll_options (pb);
      GListModel *ma = tern_draft_post_get_attachments (pa);
      GListModel *mb = tern_draft_post_get_attachments (pb);

      if ((oa == NULL) != (ob == NULL) || (oa != NULL && !g_strv_equal (oa, ob)) ||
          (oa != NULL && tern_draft_post_get_poll_duration (pa) != tern_draft_post_get_poll_duration (pb)) ||
          g_list_model_get_n_items (ma) != g_list_model_get_n_items (mb))
        return FALSE;
      for (guint j = 0; j < g_list_model_get_n_items (ma); j++)
        {
          g_autoptr(TernAttachment) xa = g_list_model_get_item (ma, j);
          g_autoptr(TernAttachment) xb = g_list_model_get_item (mb, j);

          if (!files_equal (tern_attachment_get_subtitles_file (xa), tern_attachment_get_subtitles_file (xb)) ||
              g_strcmp0 (tern_attachment_get_subtitles_language (xa),
                         tern_attachment_get_subtitles_language (xb)) != 0)
            return FALSE;
        }
    }
  return TRUE;
}
