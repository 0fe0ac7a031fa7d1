/* tern-cli-post.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <glib-unix.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tern-cli-private.h"
#include "tern-cli-media.h"
#include "tern-cli-post-kinds.h"
#include "core/auth/tern-account-manager.h"
#include "core/net/tern-client.h"
#include "core/draft/tern-draft-store.h"
#include "core/draft/tern-draft.h"
#include "core/send/tern-post.h"
#include "core/text/tern-text.h"
#include "core/text/tern-text-split.h"
#include "core/send/tern-upload.h"
#include "core/tern-untrusted.h"
#include "core/tern-x.h"

/* `tern post`: builds a draft from the command line, saves it in the draft
 * store, and sends it. A draft that fails stays in the store; running the
 * same command again finds it and carries on from where it stopped. */


typedef struct
{
  char *path;
  char *alt;
  char *subtitles;
  char *subtitles_lang;
} MediaSpec;

typedef struct
{
  char      *text;
  GPtrArray *media;   /* MediaSpec */
  GPtrArray *poll;    /* char *, NULL when not a poll */
  guint      poll_duration;
} PostSpec;

typedef struct
{
  GPtrArray          *posts;   /* PostSpec */
  GError             *error;
  TernCliThreadKinds  kinds;
} Spec;

typedef struct
{
  GMainLoop      *loop;
  TernAccountManager *manager;
  TernAccount    *account;      /* the manager's */
  TernClient     *client;
  TernDraft      *draft;
  TernDraftStore *store;
  TernPost       *post;
  GCancellable   *cancellable;
  char           *api_base;
  gboolean        json;
  gboolean        tty;
  gboolean        ok;
  GError         *error;
  int             last_percent;
  int             last_processing;
  gboolean        progress_line;
} Run;

static void
media_spec_free (MediaSpec *media)
{
  g_free (media->path);
  g_free (media->alt);
  g_free (media->subtitles);
  g_free (media->subtitles_lang);
  g_free (media);
}

static void
post_spec_free (PostSpec *post)
{
  g_free (post->text);
  g_ptr_array_unref (post->media);
  g_clear_pointer (&post->poll, g_ptr_array_unref);
  g_free (post);
}

static PostSpec *
spec_add_post (Spec       *spec,
               const char *text)
{
  PostSpec *post = g_new0 (PostSpec, 1);

  post->text = g_strdup (text);
  post->media = g_ptr_array_new_with_free_func ((GDestroyNotify) media_spec_free);
  post->poll_duration = TERN_X_POLL_DEFAULT_MINUTES;
  g_ptr_array_add (spec->posts, post);
  return post;
}

static PostSpec *
spec_current (Spec *spec)
{
  return g_ptr_array_index (spec->posts, spec->posts->len - 1);
}

static gboolean
media_option_cb (const char  *option_name,
                 const char  *value,
                 gpointer     data,
                 GError     **error)
{
  Spec *spec = data;
  MediaSpec *media = g_new0 (MediaSpec, 1);

  media->path = g_strdup (value);
  g_ptr_array_add (spec_current (spec)->media, media);
  /* The media layer's collector probes and reports them (--dry-run, and
   * before posting). */
  return tern_cli_media_option_cb (option_name, value, NULL, error);
}

static gboolean
alt_option_cb (const char  *option_name,
               const char  *value,
               gpointer     data,
               GError     **error)
{
  Spec *spec = data;
  PostSpec *post = spec_current (spec);
  MediaSpec *media;

  /* --alt belongs to a --media of the same post. */
  if (post->media->len == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--alt describes the --media before it: put --media FILE first."));
      return FALSE;
    }
  if (!tern_cli_alt_option_cb (option_name, value, NULL, error))
    return FALSE;
  media = g_ptr_array_index (post->media, post->media->len - 1);
  media->alt = g_strdup (value);
  return TRUE;
}

/* --subtitles FILE and --subtitles-lang CODE belong to the --media video
 * before them. */
static MediaSpec *
last_media (Spec        *spec,
            const char  *option_name,
            GError     **error)
{
  PostSpec *post = spec_current (spec);

  if (post->media->len == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s belongs to the --media video before it: put --media FILE first."),
                   option_name);
      return NULL;
    }
  return g_ptr_array_index (post->media, post->media->len - 1);
}

static gboolean
subtitles_option_cb (const char  *option_name,
                     const char  *value,
                     gpointer     data,
                     GError     **error)
{
  MediaSpec *media = last_media (data, option_name, error);

  if (media == NULL)
    return FALSE;
  g_free (media->subtitles);
  media->subtitles = g_strdup (value);
  return TRUE;
}

static gboolean
subtitles_lang_option_cb (const char  *option_name,
                          const char  *value,
                          gpointer     data,
                          GError     **error)
{
  MediaSpec *media = last_media (data, option_name, error);

  if (media == NULL)
    return FALSE;
  if (!tern_x_language_code_is_valid (value))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: “%s” is not a language code. Use one such as en, fr or pt-BR."),
                   option_name, value);
      return FALSE;
    }
  g_free (media->subtitles_lang);
  media->subtitles_lang = g_strdup (value);
  return TRUE;
}

/* --poll OPTION, repeated, makes the current post a poll. */
static gboolean
poll_option_cb (const char  *option_name,
                const char  *value,
                gpointer     data,
                GError     **error)
{
  PostSpec *post = spec_current (data);

  if (post->poll == NULL)
    post->poll = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (post->poll, g_strdup (value));
  return TRUE;
}

static gboolean
poll_duration_option_cb (const char  *option_name,
                         const char  *value,
                         gpointer     data,
                         GError     **error)
{
  return tern_cli_poll_duration_parse (value, &spec_current (data)->poll_duration, error);
}

static gboolean
reply_to_option_cb (const char  *option_name,
                    const char  *value,
                    gpointer     data,
                    GError     **error)
{
  Spec *spec = data;

  g_free (spec->kinds.reply_to);
  spec->kinds.reply_to = g_strdup (value);
  return TRUE;
}

static gboolean
quote_option_cb (const char  *option_name,
                 const char  *value,
                 gpointer     data,
                 GError     **error)
{
  Spec *spec = data;

  g_free (spec->kinds.quote);
  spec->kinds.quote = g_strdup (value);
  return TRUE;
}

static gboolean
reply_settings_option_cb (const char  *option_name,
                          const char  *value,
                          gpointer     data,
                          GError     **error)
{
  Spec *spec = data;

  g_free (spec->kinds.reply_settings);
  spec->kinds.reply_settings = g_strdup (value);
  return TRUE;
}

static gboolean
then_option_cb (const char  *option_name,
                const char  *value,
                gpointer     data,
                GError     **error)
{
  spec_add_post (data, value);
  return TRUE;
}

static char *
read_text_file (const char  *path,
                GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  gsize size;
  char *data;
  const char *nul;

  if (g_strcmp0 (path, "-") == 0)
    stream = g_unix_input_stream_new (0, FALSE);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
      stream = G_INPUT_STREAM (g_file_read (file, NULL, error));
      if (stream == NULL)
        return NULL;
    }

  memory = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (memory, stream,
                              G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              NULL, error) < 0)
    return NULL;

  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory));
  data = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
  data = g_realloc (data, size + 1);
  data[size] = '\0';
  /* Everything after a NUL byte would be lost without a word. */
  nul = memchr (data, '\0', size);
  if (nul != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s holds a NUL byte (at byte %" PRIu64 "), so it is not plain text. Save the text as plain UTF-8 and try again."),
                   g_strcmp0 (path, "-") == 0 ? _("The standard input") : path,
                   (guint64) (nul - data) + 1);
      g_free (data);
      return NULL;
    }
  /* A byte order mark tells the encoding of the file; it is not part of
   * the text (and X would refuse U+FEFF). */
  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    memmove (data, data + 3, size - 2);
  return data;
}

static void
print_parse_json (const TernTextParse *parse,
                  GPtrArray           *media,
                  TernDraft           *draft,
                  GPtrArray           *problems)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "weighted_length");
  json_builder_add_int_value (builder, parse->weighted_length);
  json_builder_set_member_name (builder, "valid");
  json_builder_add_boolean_value (builder, parse->valid);
  json_builder_set_member_name (builder, "permillage");
  json_builder_add_int_value (builder, parse->permillage);
  json_builder_set_member_name (builder, "display_range_start");
  json_builder_add_int_value (builder, parse->display_range_start);
  json_builder_set_member_name (builder, "display_range_end");
  json_builder_add_int_value (builder, parse->display_range_end);
  json_builder_set_member_name (builder, "valid_range_start");
  json_builder_add_int_value (builder, parse->valid_range_start);
  json_builder_set_member_name (builder, "valid_range_end");
  json_builder_add_int_value (builder, parse->valid_range_end);
  tern_cli_media_add_json (builder, media);
  tern_cli_post_kinds_add_json (builder, draft, problems);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  printf ("%s\n", json);
}

/* The dry run of one post: the text count, and each file probed and
 * checked against X's rules. */
static int
dry_run_single (const char *text,
                GPtrArray  *media,
                TernDraft  *draft,
                gboolean    json)
{
  TernTextParse parse;
  g_autoptr(GPtrArray) problems = NULL;
  GListModel *attachments = tern_draft_post_get_attachments (tern_draft_get_post (draft, 0));

  tern_text_parse (text, &parse);
  tern_cli_media_check (media);
  tern_cli_media_warn_missing_alt (media);
  /* What the probe found decides which rules apply (subtitles: videos). */
  for (guint i = 0; i < media->len && i < g_list_model_get_n_items (attachments); i++)
    {
      TernCliMedia *m = g_ptr_array_index (media, i);
      g_autoptr(TernAttachment) attachment = g_list_model_get_item (attachments, i);

      if (m->info != NULL)
        tern_attachment_set_kind (attachment, m->info->kind);
    }
  problems = tern_cli_post_kinds_check (draft, media);
  if (json)
    print_parse_json (&parse, media, draft, problems);
  else
    tern_cli_media_print_text (media);

  /* A post with media may have no text. */
  if (parse.weighted_length == 0 && media->len > 0)
    parse.valid = TRUE;

  if (!json)
    for (guint i = 0; i < problems->len; i++)
      tern_cli_print_error ("%s", (const char *) g_ptr_array_index (problems, i));
  if (problems->len > 0)
    return 1;

  if (!json && parse.valid && !tern_cli_media_blocks (media))
    printf (_("The post is ready: %d of %d characters.\n"),
            parse.weighted_length, TERN_TEXT_MAX_WEIGHTED_LENGTH);

  if (!parse.valid)
    {
      if (!json)
        {
          if (parse.weighted_length > TERN_TEXT_MAX_WEIGHTED_LENGTH)
            tern_cli_print_error (_("The post is %d characters long; X accepts at most %d. Shorten it by %d."),
                                  parse.weighted_length, TERN_TEXT_MAX_WEIGHTED_LENGTH,
                                  parse.weighted_length - TERN_TEXT_MAX_WEIGHTED_LENGTH);
          else if (parse.weighted_length == 0)
            tern_cli_print_error (_("The post is empty: write some text."));
          else
            tern_cli_print_error (_("The post contains characters X does not accept (U+FFFE, U+FEFF or U+FFFF): remove them."));
        }
      return 1;
    }

  if (tern_cli_media_blocks (media))
    {
      if (!json)
        tern_cli_print_error (_("Some media cannot be posted as it is: see the errors above."));
      return 1;
    }
  return 0;
}

static TernDraft *
draft_from_spec (Spec       *spec,
                 const char *account_id)
{
  TernDraft *draft = tern_draft_new ();

  tern_draft_set_account (draft, account_id);
  for (guint i = 0; i < spec->posts->len; i++)
    {
      PostSpec *post_spec = g_ptr_array_index (spec->posts, i);
      TernDraftPost *post = i == 0 ? tern_draft_get_post (draft, 0) : tern_draft_append_post (draft);

      tern_draft_post_set_text (post, post_spec->text);
      for (guint j = 0; j < post_spec->media->len; j++)
        {
          MediaSpec *media = g_ptr_array_index (post_spec->media, j);
          g_autoptr(GFile) file = g_file_new_for_commandline_arg (media->path);
          g_autoptr(TernAttachment) attachment = tern_attachment_new (file);

          if (media->alt != NULL)
            tern_attachment_set_alt_text (attachment, media->alt);
          if (media->subtitles != NULL)
            {
              g_autoptr(GFile) subtitles = g_file_new_for_commandline_arg (media->subtitles);

              tern_attachment_set_subtitles (attachment, subtitles, media->subtitles_lang);
            }
          tern_draft_post_add_attachment (post, attachment);
        }
      if (post_spec->poll != NULL)
        {
          g_ptr_array_add (post_spec->poll, NULL);
          tern_draft_post_set_poll_options (post, (const char * const *) post_spec->poll->pdata);
          g_ptr_array_remove_index (post_spec->poll, post_spec->poll->len - 1);
        }
      tern_draft_post_set_poll_duration (post, post_spec->poll_duration);
    }
  return draft;
}

/* Probes every --media with GStreamer (what the file really is) and applies
 * X's rules post by post. Sets each attachment's kind and MIME type from
 * the probe. Returns FALSE, having said why, when something blocks posting. */
static gboolean
probe_media (Spec      *spec,
             GPtrArray *collected,
             TernDraft *draft)
{
  guint next = 0;
  gboolean ok = TRUE;

  for (guint i = 0; i < spec->posts->len; i++)
    {
      PostSpec *post_spec = g_ptr_array_index (spec->posts, i);
      TernDraftPost *post = tern_draft_get_post (draft, i);
      GListModel *attachments = tern_draft_post_get_attachments (post);
      g_autoptr(GPtrArray) media = g_ptr_array_new ();

      if (post_spec->media->len == 0)
        continue;
      for (guint j = 0; j < post_spec->media->len && next < collected->len; j++)
        g_ptr_array_add (media, g_ptr_array_index (collected, next++));

      /* A post already created needs no look at its files. */
      if (tern_draft_post_get_posted_id (post) != NULL)
        continue;

      tern_cli_media_check (media);
      tern_cli_media_warn_missing_alt (media);
      for (guint j = 0; j < media->len; j++)
        {
          TernCliMedia *m = g_ptr_array_index (media, j);
          g_autoptr(TernAttachment) attachment = g_list_model_get_item (attachments, j);

          for (guint k = 0; k < m->problems->len; k++)
            {
              TernMediaProblem *problem = g_ptr_array_index (m->problems, k);

              if (problem->severity == TERN_MEDIA_SEVERITY_ERROR)
                {
                  tern_cli_print_error ("%s: %s", m->path, problem->message);
                  ok = FALSE;
                }
              else
                fprintf (stderr, _("%s: warning: %s\n"), m->path, problem->message);
            }
          if (m->info != NULL && attachment != NULL)
            {
              tern_attachment_set_kind (attachment, m->info->kind);
              tern_attachment_set_mime_type (attachment, m->info->mime_type);
            }
        }
    }

  if (!ok)
    tern_cli_print_error ("%s", _("Nothing was sent: fix the media above (tern post --dry-run checks it), then try again."));
  return ok;
}

static gboolean
drafts_match (TernDraft *a,
              TernDraft *b)
{
  guint n = g_list_model_get_n_items (tern_draft_get_posts (a));

  if (g_strcmp0 (tern_draft_get_account (a), tern_draft_get_account (b)) != 0 ||
      n != g_list_model_get_n_items (tern_draft_get_posts (b)) ||
      !tern_cli_post_kinds_match (a, b))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      TernDraftPost *pa = tern_draft_get_post (a, i);
      TernDraftPost *pb = tern_draft_get_post (b, i);
      GListModel *ma = tern_draft_post_get_attachments (pa);
      GListModel *mb = tern_draft_post_get_attachments (pb);
      guint m = g_list_model_get_n_items (ma);

      if (g_strcmp0 (tern_draft_post_get_text (pa), tern_draft_post_get_text (pb)) != 0 ||
          m != g_list_model_get_n_items (mb))
        return FALSE;
      for (guint j = 0; j < m; j++)
        {
          g_autoptr(TernAttachment) xa = g_list_model_get_item (ma, j);
          g_autoptr(TernAttachment) xb = g_list_model_get_item (mb, j);

          if (!g_file_equal (tern_attachment_get_file (xa), tern_attachment_get_file (xb)) ||
              g_strcmp0 (tern_attachment_get_alt_text (xa), tern_attachment_get_alt_text (xb)) != 0)
            return FALSE;
        }
    }
  return TRUE;
}

/* An earlier `tern post` of the same thing that did not finish, if any.
 * The files are small and this runs before the main loop starts. */
static TernDraft *
find_unfinished_draft (TernDraftStore *store,
                       TernDraft      *wanted)
{
  GFile *directory = tern_draft_store_get_directory (store);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  TernDraft *found = NULL;

  enumerator = g_file_enumerate_children (directory, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (enumerator == NULL)
    return NULL;

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      g_autofree char *contents = NULL;
      gsize length;
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(TernDraft) draft = NULL;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, NULL) || info == NULL)
        break;
      if (!g_str_has_suffix (g_file_info_get_name (info), ".json"))
        continue;
      if (!g_file_load_contents (child, NULL, &contents, &length, NULL, NULL))
        continue;
      parser = json_parser_new ();
      if (!tern_untrusted_json_load (parser, contents, (gssize) length, NULL))
        continue;
      draft = tern_draft_new_from_json (json_parser_get_root (parser), NULL);
      if (draft != NULL && drafts_match (draft, wanted))
        {
          found = g_steal_pointer (&draft);
          break;
        }
    }

  return found;
}

static char *
post_url (Run        *run,
          const char *id)
{
  return tern_x_post_url (run->api_base, tern_post_get_username (run->post), id);
}

static void
end_progress_line (Run *run)
{
  if (run->progress_line)
    {
      fputc ('\n', stderr);
      run->progress_line = FALSE;
    }
}

static void
say (Run        *run,
     const char *message)
{
  g_autofree char *clean = tern_untrusted_clean_lines (message, -1);

  end_progress_line (run);
  fprintf (stderr, "%s\n", clean);
}

static void
upload_progress_cb (TernUpload *upload,
                    GParamSpec *pspec,
                    Run        *run)
{
  GFile *file = tern_attachment_get_file (tern_upload_get_attachment (upload));
  g_autofree char *name = g_file_get_basename (file);
  guint64 total = tern_upload_get_total_bytes (upload);
  guint64 acked = tern_upload_get_acknowledged_bytes (upload);
  int percent = total ? (int) (acked * 100 / total) : 0;
  g_autofree char *have = g_format_size (acked);
  g_autofree char *all = g_format_size (total);
  g_autofree char *line = NULL;

  /* Resuming sets the progress before the upload goes on: the phase
   * message says how much X already has. */
  if (percent == run->last_percent || tern_upload_get_phase (upload) == TERN_UPLOAD_PHASE_CHECK)
    return;
  /* On a terminal one line that updates; in a log, every tenth. */
  if (!run->tty && percent / 10 == run->last_percent / 10 && percent != 100)
    return;
  run->last_percent = percent;

  line = g_strdup_printf (_("Uploading %s: %d%% (%s of %s)"), name, percent, have, all);
  if (run->tty)
    {
      fprintf (stderr, "\r\033[K%s", line);
      run->progress_line = TRUE;
    }
  else
    fprintf (stderr, "%s\n", line);
}

static void
upload_processing_cb (TernUpload *upload,
                      GParamSpec *pspec,
                      Run        *run)
{
  GFile *file = tern_attachment_get_file (tern_upload_get_attachment (upload));
  g_autofree char *name = g_file_get_basename (file);
  int percent = tern_upload_get_processing_percent (upload);
  g_autofree char *line = NULL;

  if (percent < 0 || percent == run->last_processing ||
      tern_upload_get_phase (upload) != TERN_UPLOAD_PHASE_PROCESSING)
    return;
  run->last_processing = percent;
  line = g_strdup_printf (_("X is processing %s: %d%%"), name, percent);
  say (run, line);
}

static void
upload_phase_cb (TernUpload *upload,
                 GParamSpec *pspec,
                 Run        *run)
{
  GFile *file = tern_attachment_get_file (tern_upload_get_attachment (upload));
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *line = NULL;

  switch (tern_upload_get_phase (upload))
    {
    case TERN_UPLOAD_PHASE_APPEND:
      if (tern_upload_get_resumed (upload))
        {
          g_autofree char *have = g_format_size (tern_upload_get_acknowledged_bytes (upload));
          line = g_strdup_printf (_("Resuming the upload of %s: X already has %s of it."), name, have);
        }
      break;
    case TERN_UPLOAD_PHASE_PROCESSING:
      line = g_strdup_printf (_("Waiting for X to process %s…"), name);
      break;
    case TERN_UPLOAD_PHASE_METADATA:
      line = g_strdup_printf (_("Setting the alt text of %s…"), name);
      break;
    case TERN_UPLOAD_PHASE_DONE:
      if (tern_upload_get_resumed (upload) && run->last_percent < 0)
        line = g_strdup_printf (_("%s was already uploaded; reusing it."), name);
      break;
    case TERN_UPLOAD_PHASE_NONE:
    case TERN_UPLOAD_PHASE_CHECK:
    case TERN_UPLOAD_PHASE_ONE_SHOT:
    case TERN_UPLOAD_PHASE_INIT:
    case TERN_UPLOAD_PHASE_FINALIZE:
    case TERN_UPLOAD_PHASE_FAILED:
    default:
      break;
    }
  if (line != NULL)
    say (run, line);
}

static void
status_message_cb (GObject    *object,
                   GParamSpec *pspec,
                   Run        *run)
{
  g_autofree char *message = NULL;

  g_object_get (object, "status-message", &message, NULL);
  if (message != NULL)
    say (run, message);
}

static void
upload_started_cb (TernPost   *post,
                   TernUpload *upload,
                   Run        *run)
{
  run->last_percent = -1;
  run->last_processing = -1;
  g_signal_connect (upload, "notify::acknowledged-bytes", G_CALLBACK (upload_progress_cb), run);
  g_signal_connect (upload, "notify::processing-percent", G_CALLBACK (upload_processing_cb), run);
  g_signal_connect (upload, "notify::phase", G_CALLBACK (upload_phase_cb), run);
  g_signal_connect (upload, "notify::status-message", G_CALLBACK (status_message_cb), run);
}

static void
post_created_cb (TernPost   *post,
                 guint       index,
                 const char *id,
                 Run        *run)
{
  guint n = g_list_model_get_n_items (tern_draft_get_posts (run->draft));
  g_autofree char *url = post_url (run, id);
  g_autofree char *line = NULL;

  /* Found among the account's posts: an earlier run created it without
   * hearing so. Said as it is, with its address, never posted again. */
  if (tern_post_get_adopted (post, index) && n > 1)
    line = g_strdup_printf (_("Post %u of %u was already posted: %s"), index + 1, n, url);
  else if (tern_post_get_adopted (post, index))
    line = g_strdup_printf (_("It was already posted: %s"), url);
  else if (n > 1)
    line = g_strdup_printf (_("Posted %u of %u."), index + 1, n);
  else
    line = g_strdup (_("Posted."));
  say (run, line);
  if (!run->json)
    {
      printf ("%s\n", url);
      fflush (stdout);
    }
}

static void
print_result_json (Run *run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  guint n = g_list_model_get_n_items (tern_draft_get_posts (run->draft));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, run->ok);
  json_builder_set_member_name (builder, "draft");
  json_builder_add_string_value (builder, tern_draft_get_id (run->draft));
  if (run->error != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, run->error->message);
    }
  json_builder_set_member_name (builder, "posts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      const char *id = tern_draft_post_get_posted_id (tern_draft_get_post (run->draft, i));
      g_autofree char *url = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      if (id != NULL)
        {
          url = post_url (run, id);
          json_builder_add_string_value (builder, id);
          json_builder_set_member_name (builder, "url");
          json_builder_add_string_value (builder, url);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  printf ("%s\n", json);
}

static void
flushed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!tern_draft_store_flush_finish (TERN_DRAFT_STORE (object), result, &error))
    {
      end_progress_line (run);
      /* The store's message already says it could not save the draft. */
      tern_cli_print_error ("%s", error->message);
    }
  g_main_loop_quit (run->loop);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  run->ok = tern_post_send_finish (TERN_POST (object), result, &run->error);
  /* Whatever happened is on disk before the process ends. */
  tern_draft_store_flush_async (run->store, NULL, flushed_cb, run);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!tern_draft_store_save_finish (TERN_DRAFT_STORE (object), result, &error))
    {
      /* Posting can go on; only resuming later is at risk. */
      end_progress_line (run);
      tern_cli_print_error (_("%s Posting goes on, but if it fails it cannot be resumed."),
                            error->message);
    }
  tern_post_send_async (run->post, run->cancellable, sent_cb, run);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  Run *run = user_data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;

  run->ok = tern_post_send_finish (TERN_POST (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

/* The upload settings the app has (Preferences), when its schema is
 * installed; the command line overrides them. */
static void
apply_settings (TernPost *post)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL ||
      !g_settings_schema_has_key (schema, "upload-parallelism") ||
      !g_settings_schema_has_key (schema, "processing-wait-cap"))
    return;

  settings = g_settings_new (APPLICATION_ID);
  tern_post_set_parallelism (post, g_settings_get_uint (settings, "upload-parallelism"));
  tern_post_set_processing_wait_cap (post, g_settings_get_uint (settings, "processing-wait-cap"));
}

static TernAccount *
choose_account (TernAccountManager  *manager,
                const char          *name,
                const char          *api_base,
                GError             **error)
{
  TernAccount *account = NULL;

  if (name != NULL)
    {
      account = tern_account_manager_find (manager, name);
      if (account == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("No account named %s is signed in. See “tern accounts”, or sign in with “tern login”."),
                       name);
          return NULL;
        }
      if (api_base != NULL && g_strcmp0 (tern_account_get_api_base (account), api_base) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("The account %s is signed in to %s, not %s. Sign in there with “tern login --api-base %s”."),
                       name, tern_account_get_api_base (account), api_base, api_base);
          return NULL;
        }
      return account;
    }

  account = tern_account_manager_get_active (manager);
  if (account != NULL && (api_base == NULL || g_strcmp0 (tern_account_get_api_base (account), api_base) == 0))
    return account;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (manager)); i++)
    {
      g_autoptr(TernAccount) candidate = g_list_model_get_item (G_LIST_MODEL (manager), i);

      if (api_base == NULL || g_strcmp0 (tern_account_get_api_base (candidate), api_base) == 0)
        return candidate;
    }

  if (api_base != NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("No account is signed in to %s. Sign in with “tern login --api-base %s”."),
                 api_base, api_base);
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("No account is signed in. Sign in with “tern login”."));
  return NULL;
}

/* One `tern post`: what was asked (the options and the thread they
 * describe), then the steps that carry it out on a Run. Each step prints
 * its own error and gives the exit status; -1 means carry on. */

typedef struct
{
  gboolean   dry_run;
  gboolean   json;
  gboolean   split;       /* cut the text into posts that fit */
  gboolean   number;      /* and end each with "N/TOTAL" */
  char      *text_file;
  char      *account_name;
  char      *api_base;
  int        parallelism;
  char      *text;        /* the first post's text, before "---" splits it */
  GPtrArray *collected;   /* every --media, as the media layer saw it */
  Spec       spec;
  gboolean   has_media;
} Options;

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->text_file, g_free);
  g_clear_pointer (&options->account_name, g_free);
  g_clear_pointer (&options->api_base, g_free);
  g_clear_pointer (&options->text, g_free);
  g_clear_pointer (&options->collected, g_ptr_array_unref);
  g_clear_pointer (&options->spec.posts, g_ptr_array_unref);
  tern_cli_thread_kinds_clear (&options->spec.kinds);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static void
run_clear (Run *run)
{
  g_clear_error (&run->error);
  g_clear_object (&run->post);
  g_clear_object (&run->draft);
  g_clear_object (&run->store);
  g_clear_object (&run->client);
  g_clear_object (&run->manager);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_pointer (&run->api_base, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_init (Run     *run,
          gboolean json)
{
  run->json = json;
  run->tty = isatty (STDERR_FILENO);
  run->loop = g_main_loop_new (NULL, FALSE);
  run->cancellable = g_cancellable_new ();
  run->last_percent = -1;
  run->last_processing = -1;
}

/* Step: the command line. */
static int
parse_options (Options  *options,
               int      *argc,
               char   ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GOptionGroup *group;
  gboolean parsed;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &options->account_name,
      N_("Post from this account (@username or id; default: the active one)"), N_("NAME") },
    { "api-base", 0, 0, G_OPTION_ARG_STRING, &options->api_base,
      N_("The API to post to (default: the account’s, https://api.x.com)"), N_("URL") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &options->dry_run, N_("Check the post and send nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json, N_("Print results as JSON"), NULL },
    { "split", 0, 0, G_OPTION_ARG_NONE, &options->split,
      N_("Cut a text longer than a post into a thread, at sentence ends where they fit"), NULL },
    { "number", 0, 0, G_OPTION_ARG_NONE, &options->number,
      N_("With --split, end each post of the thread with its number, such as 1/3"), NULL },
    { "text-file", 0, 0, G_OPTION_ARG_FILENAME, &options->text_file,
      N_("Read the text from FILE, or - for standard input"), N_("FILE") },
    { "media", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, media_option_cb,
      N_("Attach FILE to the current post (up to 4 images, or 1 GIF, or 1 video)"), N_("FILE") },
    { "alt", 0, 0, G_OPTION_ARG_CALLBACK, alt_option_cb,
      N_("Alt text for the --media FILE just before"), N_("TEXT") },
    { "then", 0, 0, G_OPTION_ARG_CALLBACK, then_option_cb,
      N_("Start the next post of a thread, with TEXT; --media after it attaches to it"), N_("TEXT") },
    { "reply-to", 0, 0, G_OPTION_ARG_CALLBACK, reply_to_option_cb,
      N_("The first post replies to this post (its address, or its id)"), N_("URL|ID") },
    { "quote", 0, 0, G_OPTION_ARG_CALLBACK, quote_option_cb,
      N_("The first post quotes this post (its address, or its id)"), N_("URL|ID") },
    { "poll", 0, 0, G_OPTION_ARG_CALLBACK, poll_option_cb,
      N_("A choice of the current post’s poll (repeat for 2–4 choices of up to 25 characters)"), N_("OPTION") },
    { "poll-duration", 0, 0, G_OPTION_ARG_CALLBACK, poll_duration_option_cb,
      N_("How long the current post’s poll runs: 5m to 7d, such as 30m, 6h, 1d (default 1d)"), N_("DURATION") },
    { "reply-settings", 0, 0, G_OPTION_ARG_CALLBACK, reply_settings_option_cb,
      N_("Who can reply to the thread: following, mentionedUsers, verified or subscribers (default: everyone)"),
      N_("WHO") },
    { "subtitles", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, subtitles_option_cb,
      N_("Subtitles (.srt or .vtt) for the --media video just before"), N_("FILE") },
    { "subtitles-lang", 0, 0, G_OPTION_ARG_CALLBACK, subtitles_lang_option_cb,
      N_("The language of those subtitles, such as en or pt-BR"), N_("CODE") },
    { "parallelism", 0, 0, G_OPTION_ARG_INT, &options->parallelism,
      N_("Send up to N pieces of a video at once (1–8, default 8)"), N_("N") },
    { NULL }
  };

  options->spec.posts = g_ptr_array_new_with_free_func ((GDestroyNotify) post_spec_free);
  spec_add_post (&options->spec, NULL);

  context = g_option_context_new (_("[TEXT] — post to X"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Threads: --then TEXT starts the next post, and the --media and --alt that follow\n"
      "belong to it. In the text (argument or --text-file) a line holding only ---\n"
      "also starts the next post. --split cuts that text into posts that fit, at\n"
      "sentence ends where it can, else between words, never inside a link, mention,\n"
      "hashtag or emoji; --number adds “ 1/3” to each. Try it with --dry-run first.\n"
      "\n"
      "Progress goes to standard error, the address of each created post to standard\n"
      "output. If sending fails the draft is kept: run the same command again and Tern\n"
      "carries on where it stopped, without posting anything twice.\n"
      "\n"
      "Addresses are https://x.com/USERNAME/status/ID for X, and the same path under\n"
      "the API base address for any other API (such as tern-xsim).\n"
      "\n"
      "Replies and quotes: --reply-to and --quote take such an address, or the post’s\n"
      "id; the first post replies to or quotes it, and the rest of the thread replies\n"
      "post by post. A poll: --poll OPTION for each choice, on a post without media\n"
      "or quote. --dry-run checks all of it against X's rules and sends nothing."));
  group = g_option_group_new ("post", NULL, NULL, &options->spec, NULL);
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, group);
  parsed = g_option_context_parse (context, argc, argv, &error);
  options->collected = tern_cli_media_take_options ();
  if (!parsed)
    {
      tern_cli_print_error ("%s", error->message);
      return 2;
    }

  if (options->text_file != NULL && *argc > 1)
    {
      tern_cli_print_error (_("Give the text either as an argument or with --text-file, not both."));
      return 2;
    }
  if (*argc > 2)
    {
      tern_cli_print_error (_("Too many arguments: put the text in quotes."));
      return 2;
    }
  if (options->number && !options->split)
    {
      tern_cli_print_error (_("--number numbers the posts that --split makes: add --split."));
      return 2;
    }
  return -1;
}

/* Step: the text, from the argument or the file, split into the posts
 * of the thread at "---" lines. */
static int
read_thread (Options *options,
             int      argc,
             char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) thread = NULL;
  PostSpec *first;

  if (options->text_file != NULL)
    {
      options->text = read_text_file (options->text_file, &error);
      if (options->text == NULL)
        {
          tern_cli_print_error (_("Could not read the text: %s"), error->message);
          return 1;
        }
    }
  else
    options->text = g_strdup (argc == 2 ? argv[1] : "");

  if (!g_utf8_validate (options->text, -1, NULL))
    {
      tern_cli_print_error (_("The text is not valid UTF-8."));
      return 1;
    }
  for (guint i = 0; i < options->spec.posts->len; i++)
    {
      PostSpec *post = g_ptr_array_index (options->spec.posts, i);

      if (post->media->len > 0)
        options->has_media = TRUE;
      if (post->text != NULL && !g_utf8_validate (post->text, -1, NULL))
        {
          tern_cli_print_error (_("The text is not valid UTF-8."));
          return 1;
        }
    }

  if (options->split)
    {
      thread = tern_text_split (options->text, options->number ? TERN_TEXT_SPLIT_NUMBER
                                                               : TERN_TEXT_SPLIT_NONE);
      /* A blank text still makes one post (media alone, or the error). */
      if (thread[0] == NULL)
        {
          g_strfreev (thread);
          thread = g_new0 (char *, 2);
          thread[0] = g_strdup ("");
        }
    }
  else
    thread = tern_text_split_at_breaks (options->text);
  first = g_ptr_array_index (options->spec.posts, 0);
  g_free (first->text);
  first->text = g_strdup (thread[0]);
  for (guint i = 1; thread[i] != NULL; i++)
    {
      PostSpec *post = g_new0 (PostSpec, 1);

      post->text = g_strdup (thread[i]);
      post->media = g_ptr_array_new_with_free_func ((GDestroyNotify) media_spec_free);
      g_ptr_array_insert (options->spec.posts, (int) i, post);
    }
  return -1;
}

/* One post of a thread's dry run in JSON: the fields of a single post's
 * (print_parse_json), with its text. Returns whether the post is valid. */
static gboolean
add_thread_post_json (JsonBuilder *builder,
                      const char  *text,
                      GPtrArray   *media)
{
  TernTextParse parse;

  tern_text_parse (text, &parse);
  /* A post with media may have no text. */
  if (parse.weighted_length == 0 && media->len > 0)
    parse.valid = TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "weighted_length");
  json_builder_add_int_value (builder, parse.weighted_length);
  json_builder_set_member_name (builder, "valid");
  json_builder_add_boolean_value (builder, parse.valid);
  json_builder_set_member_name (builder, "permillage");
  json_builder_add_int_value (builder, parse.permillage);
  json_builder_set_member_name (builder, "display_range_start");
  json_builder_add_int_value (builder, parse.display_range_start);
  json_builder_set_member_name (builder, "display_range_end");
  json_builder_add_int_value (builder, parse.display_range_end);
  json_builder_set_member_name (builder, "valid_range_start");
  json_builder_add_int_value (builder, parse.valid_range_start);
  json_builder_set_member_name (builder, "valid_range_end");
  json_builder_add_int_value (builder, parse.valid_range_end);
  tern_cli_media_add_json (builder, media);
  json_builder_end_object (builder);

  return parse.valid && !tern_cli_media_blocks (media);
}

/* The dry run of a thread in JSON: one object, {"valid", "posts": […]},
 * each post as a single post's dry run prints it, media probed. */
static void
print_thread_json (Run     *run,
                   Options *options)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonBuilder) posts = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *json = NULL;
  gboolean valid = run->ok;
  guint next = 0;

  json_builder_begin_array (posts);
  for (guint i = 0; i < options->spec.posts->len; i++)
    {
      PostSpec *post_spec = g_ptr_array_index (options->spec.posts, i);
      GListModel *attachments = tern_draft_post_get_attachments (tern_draft_get_post (run->draft, i));
      g_autoptr(GPtrArray) media = g_ptr_array_new ();

      for (guint j = 0; j < post_spec->media->len && next < options->collected->len; j++)
        g_ptr_array_add (media, g_ptr_array_index (options->collected, next++));
      tern_cli_media_check (media);
      tern_cli_media_warn_missing_alt (media);
      /* What the probe found decides which rules apply (subtitles: videos). */
      for (guint j = 0; j < media->len && j < g_list_model_get_n_items (attachments); j++)
        {
          TernCliMedia *m = g_ptr_array_index (media, j);
          g_autoptr(TernAttachment) attachment = g_list_model_get_item (attachments, j);

          if (m->info != NULL)
            tern_attachment_set_kind (attachment, m->info->kind);
        }
      if (!add_thread_post_json (posts, post_spec->text ? post_spec->text : "", media))
        valid = FALSE;
    }
  json_builder_end_array (posts);

  problems = tern_cli_post_kinds_check (run->draft, options->collected);
  if (problems->len > 0)
    valid = FALSE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "valid");
  json_builder_add_boolean_value (builder, valid);
  json_builder_set_member_name (builder, "posts");
  json_builder_add_value (builder, json_builder_get_root (posts));
  tern_cli_post_kinds_add_json (builder, run->draft, problems);
  json_builder_set_member_name (builder, "error");
  if (run->error != NULL)
    json_builder_add_string_value (builder, run->error->message);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  printf ("%s\n", json);
  run->ok = valid;
}

/* Step (--dry-run of a thread): TernPost's checks, nothing sent. */
static int
check_thread (Run     *run,
              Options *options)
{
  guint n = options->spec.posts->len;

  g_autoptr(GError) error = NULL;

  run->draft = draft_from_spec (&options->spec, NULL);
  if (!tern_cli_thread_kinds_apply (&options->spec.kinds, run->draft, options->api_base, &error))
    {
      tern_cli_print_error ("%s", error->message);
      return 2;
    }
  run->post = tern_post_new (NULL, run->draft);
  tern_post_check_async (run->post, run->cancellable, checked_cb, run);
  g_main_loop_run (run->loop);
  if (options->json)
    {
      print_thread_json (run, options);
      return run->ok ? 0 : 1;
    }
  /* What --split made, to read before sending it. */
  if (options->split)
    for (guint i = 0; i < n; i++)
      {
        PostSpec *post_spec = g_ptr_array_index (options->spec.posts, i);
        TernTextParse parse;

        tern_text_parse (post_spec->text ? post_spec->text : "", &parse);
        printf (_("Post %u of %u (%d characters):\n%s\n\n"), i + 1, n, parse.weighted_length,
                post_spec->text ? post_spec->text : "");
      }
  if (run->ok)
    printf (g_dngettext (GETTEXT_PACKAGE, "The post is ready.\n",
                         "The %u posts are ready.\n", n),
            n);
  else
    tern_cli_print_error ("%s", run->error->message);
  return run->ok ? 0 : 1;
}

/* Step: the account to post from, and its client. */
static int
open_account (Run     *run,
              Options *options)
{
  g_autoptr(GError) error = NULL;
  TernAccount *account;

  run->manager = tern_account_manager_new_default ();
  if (!tern_account_manager_load (run->manager, &error))
    {
      tern_cli_print_error ("%s", error->message);
      return 1;
    }
  if (options->api_base != NULL)
    while (g_str_has_suffix (options->api_base, "/") && strlen (options->api_base) > 1)
      options->api_base[strlen (options->api_base) - 1] = '\0';
  account = choose_account (run->manager, options->account_name, options->api_base, &error);
  if (account == NULL)
    {
      tern_cli_print_error ("%s", error->message);
      return 1;
    }
  if (tern_account_get_needs_sign_in (account))
    {
      g_autofree char *handle = tern_account_dup_handle (account);

      tern_cli_print_error (_("X no longer accepts the sign-in of %s. Sign in again with “tern login --api-base %s”."),
                            handle, tern_account_get_api_base (account));
      return 1;
    }

  run->account = account;
  run->api_base = g_strdup (tern_account_get_api_base (account));
  run->client = tern_account_dup_client (account);
  return -1;
}

/* Step: the draft to send: an earlier attempt at the same thread from
 * this account if one was left unfinished, else a new one. */
static int
choose_draft (Run     *run,
              Options *options)
{
  g_autoptr(TernDraft) wanted = NULL;
  g_autoptr(TernDraft) earlier = NULL;
  g_autoptr(GError) error = NULL;
  guint n, done = 0;

  run->store = tern_draft_store_new_default ();
  wanted = draft_from_spec (&options->spec, tern_account_get_id (run->account));
  if (!tern_cli_thread_kinds_apply (&options->spec.kinds, wanted, run->api_base, &error))
    {
      tern_cli_print_error ("%s", error->message);
      return 2;
    }
  earlier = find_unfinished_draft (run->store, wanted);
  if (earlier == NULL)
    {
      run->draft = g_steal_pointer (&wanted);
      return -1;
    }

  n = g_list_model_get_n_items (tern_draft_get_posts (earlier));
  for (guint i = 0; i < n; i++)
    if (tern_draft_post_get_posted_id (tern_draft_get_post (earlier, i)) != NULL)
      done++;
  if (done > 0)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                  "Resuming an earlier attempt: %u of %u post already exists.\n",
                                  "Resuming an earlier attempt: %u of %u posts already exist.\n",
                                  done),
             done, n);
  else
    fprintf (stderr, "%s\n", _("Resuming an earlier attempt at this post."));
  run->draft = g_steal_pointer (&earlier);
  return -1;
}

/* Step: replies, quotes, polls and subtitles against X's rules, with the
 * videos' lengths the probe found. */
static int
check_post_kinds (Run     *run,
                  Options *options)
{
  g_autoptr(GPtrArray) problems = tern_cli_post_kinds_check (run->draft, options->collected);

  for (guint i = 0; i < problems->len; i++)
    tern_cli_print_error ("%s", (const char *) g_ptr_array_index (problems, i));
  if (problems->len == 0)
    return -1;
  tern_cli_print_error ("%s", _("Nothing was sent: fix the above (tern post --dry-run checks it), then try again."));
  return 1;
}

/* Step: send the draft, saved first so a crash can resume it; Ctrl+C
 * stops it and keeps the draft. */
static void
send_thread (Run     *run,
             Options *options)
{
  guint sigint_id, sigterm_id;

  run->post = tern_post_new (run->client, run->draft);
  tern_post_set_store (run->post, run->store);
  apply_settings (run->post);
  if (options->parallelism > 0)
    tern_post_set_parallelism (run->post, (guint) options->parallelism);
  g_signal_connect (run->post, "upload-started", G_CALLBACK (upload_started_cb), run);
  g_signal_connect (run->post, "post-created", G_CALLBACK (post_created_cb), run);
  g_signal_connect (run->post, "notify::status-message", G_CALLBACK (status_message_cb), run);

  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, run);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, run);

  tern_draft_store_save_async (run->store, run->draft, run->cancellable, saved_cb, run);
  g_main_loop_run (run->loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  end_progress_line (run);
}

/* Step: what came of it, and the exit status. */
static int
report (Run *run)
{
  if (run->json)
    print_result_json (run);
  if (run->ok)
    return 0;

  if (g_error_matches (run->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    tern_cli_print_error ("%s", _("Stopped. The draft is kept: run the same command again to carry on."));
  else
    {
      tern_cli_print_error ("%s", run->error->message);
      tern_cli_print_error ("%s", _("The draft is kept: run the same command again to retry from where it stopped."));
    }
  return 1;
}

int
tern_cli_post (int   argc,
               char *argv[])
{
  g_auto(Options) options = { 0 };
  g_auto(Run) run = { 0 };
  int status;

  if ((status = parse_options (&options, &argc, &argv)) >= 0 ||
      (status = read_thread (&options, argc, argv)) >= 0)
    return status;

  if (options.dry_run && options.spec.posts->len == 1 && !options.split)
    {
      g_autoptr(TernDraft) draft = draft_from_spec (&options.spec, NULL);
      g_autoptr(GError) error = NULL;

      if (!tern_cli_thread_kinds_apply (&options.spec.kinds, draft, options.api_base, &error))
        {
          tern_cli_print_error ("%s", error->message);
          return 2;
        }
      return dry_run_single (options.text, options.collected, draft, options.json);
    }

  run_init (&run, options.json);
  if (options.dry_run)
    return check_thread (&run, &options);

  if ((status = open_account (&run, &options)) >= 0)
    return status;
  if ((status = choose_draft (&run, &options)) >= 0)
    return status;
  if (options.has_media && !probe_media (&options.spec, options.collected, run.draft))
    return 1;
  if ((status = check_post_kinds (&run, &options)) >= 0)
    return status;

  send_thread (&run, &options);
  return report (&run);
}
