/* tern-subtitles-upload.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-subtitles"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tern-x.h"
#include "tern-subtitles-upload.h"

/* A video's subtitles go to X in two steps: the file is uploaded as media
 * of category "subtitles" (INIT, one APPEND, FINALIZE: the files are small),
 * then `POST /2/media/subtitles` ties it to the video's media id under its
 * language. Tying again under the same language replaces the track, so a
 * send that resumes after a failure may simply do both again. */

#define MAX_STATUS_POLLS 30

typedef struct
{
  TernClient          *client;
  char                *video_media_id;
  char                *language;
  GFile               *file;
  GBytes              *contents;
  TernSubtitlesFormat  format;
  gint64               end_ms;
  char                *media_id;
  guint                polls;
} Upload;

static void
upload_free (Upload *upload)
{
  g_clear_object (&upload->client);
  g_clear_object (&upload->file);
  g_clear_pointer (&upload->contents, g_bytes_unref);
  g_free (upload->video_media_id);
  g_free (upload->language);
  g_free (upload->media_id);
  g_free (upload);
}

/* Endonyms of the languages subtitles come in most; others show the code. */
const char *
tern_subtitles_language_name (const char *code)
{
  static const struct { const char *code; const char *name; } names[] = {
    { "ar", "العربية" }, { "de", "Deutsch" }, { "en", "English" }, { "es", "Español" },
    { "fr", "Français" }, { "hi", "हिन्दी" }, { "id", "Bahasa Indonesia" },
    { "it", "Italiano" }, { "ja", "日本語" }, { "ko", "한국어" }, { "nl", "Nederlands" },
    { "pl", "Polski" }, { "pt", "Português" }, { "ru", "Русский" }, { "sv", "Svenska" },
    { "tr", "Türkçe" }, { "uk", "Українська" }, { "zh", "中文" },
  };
  g_autofree char *primary = NULL;
  const char *dash;

  g_return_val_if_fail (code != NULL, NULL);

  dash = strchr (code, '-');
  primary = g_ascii_strdown (code, dash ? dash - code : -1);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (primary, names[i].code))
      return names[i].name;
  return code;
}

static char *
file_name (GFile *file)
{
  return g_file_get_basename (file);
}

/* Reading and checking */

static gboolean
check_contents (TernAttachment  *video,
                GBytes          *contents,
                TernSubtitlesFormat *format,
                gint64          *end_ms,
                GError         **error)
{
  GFile *file = tern_attachment_get_subtitles_file (video);
  g_autofree char *name = file_name (file);
  g_autoptr(GError) parse_error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (contents, &size);

  if (tern_attachment_get_kind (video) != TERN_ATTACHMENT_KIND_VIDEO)
    {
      g_autofree char *video_name = file_name (tern_attachment_get_file (video));

      g_set_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                   _("%s is not a video; X takes subtitles only for videos. Remove the subtitles."),
                   video_name);
      return FALSE;
    }
  if (!tern_x_language_code_is_valid (tern_attachment_get_subtitles_language (video)))
    {
      g_set_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                   _("The subtitles %s need a language code such as en or pt-BR. Set their language."),
                   name);
      return FALSE;
    }
  if (!tern_x_parse_subtitles (data, size, format, NULL, end_ms, &parse_error))
    {
      g_set_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                   "%s: %s", name, parse_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
check_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TernAttachment *video = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *name = file_name (G_FILE (object));
  TernSubtitlesFormat format;
  gint64 end_ms = 0;

  contents = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (contents == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                                 _("Could not read the subtitles %s (%s). Check that the file still exists, or remove the subtitles."),
                                 name, error->message);
      return;
    }

  if (!check_contents (video, contents, &format, &end_ms, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_int (task, end_ms);
}

/**
 * tern_subtitles_check_async:
 * @video: an attachment with subtitles
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads the subtitle file and checks what can be checked without the
 * video's length: the attachment is a video, the language is a code, the
 * file parses as SRT or WebVTT. Compare the end with the video's length
 * with tern_x_check_subtitles_fit().
 */
void
tern_subtitles_check_async (TernAttachment      *video,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TERN_IS_ATTACHMENT (video));
  g_return_if_fail (tern_attachment_get_subtitles_file (video) != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_subtitles_check_async);
  g_task_set_task_data (task, g_object_ref (video), g_object_unref);
  g_file_load_bytes_async (tern_attachment_get_subtitles_file (video), cancellable,
                           check_loaded_cb, g_steal_pointer (&task));
}

/**
 * tern_subtitles_check_finish:
 * @end_ms: (out) (optional): when the last cue ends
 *
 * Returns: whether the subtitles can be sent, else a
 *   %TERN_CLIENT_ERROR_INVALID_DRAFT saying what to change
 */
gboolean
tern_subtitles_check_finish (GAsyncResult  *result,
                             gint64        *end_ms,
                             GError       **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;
  if (end_ms != NULL)
    *end_ms = value;
  return TRUE;
}

/* Uploading */

static void upload_status (GTask *task);

static void
associated_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;

  data = tern_client_send_finish (TERN_CLIENT (object), result, &error);
  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_debug ("subtitles %s (%s) tied to video %s", upload->media_id, upload->language,
           upload->video_media_id);
  g_task_return_pointer (task, g_strdup (upload->media_id), g_free);
}

static void
upload_associate (GTask *task)
{
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, upload->video_media_id);
  json_builder_set_member_name (builder, "media_category");
  json_builder_add_string_value (builder, "TweetVideo");
  json_builder_set_member_name (builder, "subtitles");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, upload->media_id);
  json_builder_set_member_name (builder, "language_code");
  json_builder_add_string_value (builder, upload->language);
  json_builder_set_member_name (builder, "display_name");
  json_builder_add_string_value (builder, tern_subtitles_language_name (upload->language));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  tern_client_post_json_async (upload->client, "/2/media/subtitles", body,
                               TERN_CLIENT_FLAGS_IDEMPOTENT, g_task_get_cancellable (task),
                               associated_cb, g_object_ref (task));
}

static gboolean
status_timeout_cb (gpointer user_data)
{
  upload_status (user_data);
  return G_SOURCE_REMOVE;
}

/* FINALIZE's or STATUS's answer: ready, failed, or look again later. */
static void
processing_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;
  JsonObject *answer, *info;
  const char *state;
  gint64 after;

  data = tern_client_send_finish (TERN_CLIENT (object), result, &error);
  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  answer = JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL;
  info = answer != NULL && json_object_has_member (answer, "processing_info") &&
         JSON_NODE_HOLDS_OBJECT (json_object_get_member (answer, "processing_info"))
    ? json_object_get_object_member (answer, "processing_info") : NULL;
  state = info != NULL ? json_object_get_string_member_with_default (info, "state", NULL) : NULL;

  if (info == NULL || g_strcmp0 (state, "succeeded") == 0)
    {
      upload_associate (task);
      return;
    }
  if (g_strcmp0 (state, "failed") == 0 || json_object_has_member (info, "error") ||
      ++upload->polls > MAX_STATUS_POLLS)
    {
      g_autofree char *name = file_name (upload->file);

      g_task_return_new_error (task, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_PROCESSING_FAILED,
                               _("X could not process the subtitles %s. Check the file with tern post --dry-run, or post without them."),
                               name);
      return;
    }
  /* Clamped: a server's number is not trusted with the wait. */
  after = json_object_get_int_member_with_default (info, "check_after_secs", 1);
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, (guint) CLAMP (after, 1, 10),
                              status_timeout_cb, g_object_ref (task), g_object_unref);
}

static void
upload_status (GTask *task)
{
  Upload *upload = g_task_get_task_data (task);
  g_autofree char *path = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  path = g_strdup_printf ("/2/media/upload?media_id=%s&command=STATUS", upload->media_id);
  tern_client_get_json_async (upload->client, path, TERN_CLIENT_FLAGS_IDEMPOTENT,
                              g_task_get_cancellable (task), processing_cb, g_object_ref (task));
}

static void
appended_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;

  data = tern_client_send_finish (TERN_CLIENT (object), result, &error);
  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  path = g_strdup_printf ("/2/media/upload/%s/finalize", upload->media_id);
  tern_client_send_async (upload->client, "POST", path, NULL, NULL,
                          TERN_CLIENT_FLAGS_IDEMPOTENT, g_task_get_cancellable (task),
                          processing_cb, g_object_ref (task));
}

static void
initialized_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  JsonObject *answer;
  const char *id;

  data = tern_client_send_finish (TERN_CLIENT (object), result, &error);
  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  answer = tern_client_get_object (data, &error);
  id = answer != NULL ? json_object_get_string_member_with_default (answer, "id", NULL) : NULL;
  if (!tern_x_post_id_is_valid (id))
    {
      g_clear_error (&error);
      g_task_return_new_error (task, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE,
                               _("X did not give the subtitles a media id. Try again in a few minutes."));
      return;
    }
  upload->media_id = g_strdup (id);

  multipart = soup_multipart_new ("multipart/form-data");
  soup_multipart_append_form_string (multipart, "segment_index", "0");
  soup_multipart_append_form_file (multipart, "media", "media",
                                   tern_x_subtitles_mime_type (upload->format), upload->contents);
  path = g_strdup_printf ("/2/media/upload/%s/append", upload->media_id);
  tern_client_post_multipart_async (upload->client, path, multipart,
                                    TERN_CLIENT_FLAGS_IDEMPOTENT, g_task_get_cancellable (task),
                                    appended_cb, g_object_ref (task));
}

static void
upload_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upload *upload = g_task_get_task_data (task);
  TernAttachment *video = g_task_get_source_object (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;

  upload->contents = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (upload->contents == NULL)
    {
      g_autofree char *name = file_name (upload->file);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                                 _("Could not read the subtitles %s (%s). Check that the file still exists, or remove the subtitles."),
                                 name, error->message);
      return;
    }
  /* The file may have changed since the check before sending. */
  if (!check_contents (video, upload->contents, &upload->format, &upload->end_ms, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total_bytes");
  json_builder_add_int_value (builder, (gint64) g_bytes_get_size (upload->contents));
  json_builder_set_member_name (builder, "media_type");
  json_builder_add_string_value (builder, tern_x_subtitles_mime_type (upload->format));
  json_builder_set_member_name (builder, "media_category");
  json_builder_add_string_value (builder, "subtitles");
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  tern_client_post_json_async (upload->client, "/2/media/upload/initialize", body,
                               TERN_CLIENT_FLAGS_IDEMPOTENT, g_task_get_cancellable (task),
                               initialized_cb, g_object_ref (task));
}

/**
 * tern_subtitles_upload_async:
 * @client: the account's client
 * @video: the video attachment, with a subtitle file and language
 * @video_media_id: the media id X gave the video
 * @cancellable: (nullable): a cancellable
 * @callback: called when the subtitles are tied to the video, or on failure
 * @user_data: data for @callback
 *
 * Uploads the subtitles and ties them to the video.
 */
void
tern_subtitles_upload_async (TernClient          *client,
                             TernAttachment      *video,
                             const char          *video_media_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Upload *upload;

  g_return_if_fail (TERN_IS_CLIENT (client));
  g_return_if_fail (TERN_IS_ATTACHMENT (video));
  g_return_if_fail (tern_attachment_get_subtitles_file (video) != NULL);
  g_return_if_fail (video_media_id != NULL);

  upload = g_new0 (Upload, 1);
  upload->client = g_object_ref (client);
  upload->video_media_id = g_strdup (video_media_id);
  upload->language = g_strdup (tern_attachment_get_subtitles_language (video));
  upload->file = g_object_ref (tern_attachment_get_subtitles_file (video));

  task = g_task_new (video, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_subtitles_upload_async);
  g_task_set_task_data (task, upload, (GDestroyNotify) upload_free);
  g_file_load_bytes_async (upload->file, cancellable, upload_loaded_cb, g_steal_pointer (&task));
}

/**
 * tern_subtitles_upload_finish:
 *
 * Returns: (transfer full) (nullable): the subtitles' media id, or %NULL
 *   with an error
 */
char *
tern_subtitles_upload_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
