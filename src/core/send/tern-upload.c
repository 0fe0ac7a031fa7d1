/* tern-upload.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-upload"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <gio/gfiledescriptorbased.h>

#include "tern-upload.h"
#include "tern-segment-stream.h"
#include "tern-utils.h"
#include "tern-untrusted.h"

/* One attachment's upload as an explicit state machine: one method per
 * phase (check, one-shot or INIT → APPEND × n → FINALIZE → STATUS polling,
 * then alt text). After every step the state goes into the attachment's
 * "upload-state", so a later run resumes where this one stopped.
 *
 * Segments stream from the file: a local file's segment is read while
 * libsoup sends it (TernSegmentStream), 256 KiB at a time, so memory does
 * not grow with the chunk size or the file's size. Other files' segments
 * are read into a pooled buffer when a slot in the window frees up and
 * the buffer goes back when X acknowledges it. The window's segments are
 * paced over the shortest round trip seen (pace_wait_us()). */

#define STATE_VERSION 1
/* A media id this close to expiry is not worth resuming or posting. */
#define EXPIRY_MARGIN_SECS 300
#define POLL_INITIAL_MS 1000
#define POLL_MAX_MS 30000
/* X keeps media for a day; a server saying more is not believed. */
#define MAX_EXPIRES_AFTER_SECS (2 * 24 * 3600)

typedef enum
{
  SEGMENT_PENDING,
  SEGMENT_READING,
  SEGMENT_SENDING,
  SEGMENT_ACKED,
} SegmentState;

typedef struct
{
  guint        index;
  guint64      offset;
  gsize        length;
  SegmentState state;
} Segment;

struct _TernUpload
{
  GObject           parent_instance;

  TernClient       *client;
  TernAttachment   *attachment;

  guint             parallelism;
  guint             chunk_size;
  guint             processing_wait_cap;

  GTask            *task;
  TernUploadPhase   phase;
  gboolean          resumed;
  char             *status_message;

  /* What the state in the draft records. */
  char             *media_id;
  gint64            expires_at;
  const char       *category;
  char             *media_type;
  guint64           total_bytes;
  gint64            file_mtime_us;
  gsize             current_chunk;
  char             *alt_text_set;

  GArray           *segments;
  GFileInputStream *stream;
  char             *boundary;
  guint             in_flight;
  guint             on_wire;
  gboolean          reading;
  struct _SegmentJob *ready;
  TernBufferPool   *pool;
  guint             pump_source;
  gint64            last_send_us;
  gint64            min_rtt_us;
  gboolean          replan;
  GError           *segment_error;
  guint64           acked_bytes;

  int               processing_percent;
  gint64            processing_started;
  guint             poll_delay_ms;
};

static void upload_check (TernUpload *self);
static void upload_one_shot (TernUpload *self);
static void upload_init (TernUpload *self);
static void upload_append (TernUpload *self);
static void upload_finalize (TernUpload *self);
static void upload_status (TernUpload *self);
static void upload_metadata (TernUpload *self);
static void upload_done (TernUpload *self);
static void append_pump (TernUpload *self);

G_DEFINE_FINAL_TYPE (TernUpload, tern_upload, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TernUploadPhase, tern_upload_phase,
  G_DEFINE_ENUM_VALUE (TERN_UPLOAD_PHASE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (TERN_UPLOAD_PHASE_CHECK, "check"),
  G_DEFINE_ENUM_VALUE (TERN_UPLOAD_PHASE_ONE_SHOT, "one-shot"),
  G_DEFINE_ENUM_VALUE (TERN_UPLOAD_PHASE_INIT, "init"),
  G_DEFINE_ENUM_VALUE (TERN_UPLOAD_PHASE_APPEND, "append"),
  G_DEFINE_ENUM_VALUE (TERN_UPLOAD_PHASE_FINALIZE, "finalize"),
  G_DEFINE_ENUM_VALUE (TERN_UPLOAD_PHASE_PROCESSING, "processing"),
  G_DEFINE_ENUM_VALUE (TERN_UPLOAD_PHASE_METADATA, "metadata"),
  G_DEFINE_ENUM_VALUE (TERN_UPLOAD_PHASE_DONE, "done"),
  G_DEFINE_ENUM_VALUE (TERN_UPLOAD_PHASE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ATTACHMENT,
  PROP_PHASE,
  PROP_TOTAL_BYTES,
  PROP_ACKNOWLEDGED_BYTES,
  PROP_PROCESSING_PERCENT,
  PROP_FRACTION,
  PROP_MEDIA_ID,
  PROP_STATUS_MESSAGE,
  PROP_RESUMED,
  PROP_PARALLELISM,
  PROP_CHUNK_SIZE,
  PROP_PROCESSING_WAIT_CAP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static const char *
phase_to_string (TernUploadPhase phase)
{
  switch (phase)
    {
    case TERN_UPLOAD_PHASE_INIT: return "init";
    case TERN_UPLOAD_PHASE_APPEND: return "append";
    case TERN_UPLOAD_PHASE_FINALIZE: return "finalize";
    case TERN_UPLOAD_PHASE_PROCESSING: return "processing";
    case TERN_UPLOAD_PHASE_METADATA: return "metadata";
    case TERN_UPLOAD_PHASE_DONE: return "done";
    case TERN_UPLOAD_PHASE_NONE:
    case TERN_UPLOAD_PHASE_CHECK:
    case TERN_UPLOAD_PHASE_ONE_SHOT:
    case TERN_UPLOAD_PHASE_FAILED:
    default:
      return "none";
    }
}

static TernUploadPhase
phase_from_string (const char *s)
{
  static const TernUploadPhase phases[] = {
    TERN_UPLOAD_PHASE_INIT, TERN_UPLOAD_PHASE_APPEND, TERN_UPLOAD_PHASE_FINALIZE,
    TERN_UPLOAD_PHASE_PROCESSING, TERN_UPLOAD_PHASE_METADATA, TERN_UPLOAD_PHASE_DONE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    if (g_strcmp0 (s, phase_to_string (phases[i])) == 0)
      return phases[i];
  return TERN_UPLOAD_PHASE_NONE;
}

static char *
file_display_name (TernUpload *self)
{
  GFile *file = tern_attachment_get_file (self->attachment);

  return g_file_get_basename (file);
}

static void
set_phase (TernUpload      *self,
           TernUploadPhase  phase)
{
  if (self->phase == phase)
    return;
  g_debug ("upload %p: phase %s", self, phase_to_string (phase));
  self->phase = phase;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

static void
set_status_message (TernUpload *self,
                    const char *message)
{
  if (g_strcmp0 (self->status_message, message) == 0)
    return;
  g_free (self->status_message);
  self->status_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_MESSAGE]);
}

static void
set_acked_bytes (TernUpload *self,
                 guint64     acked)
{
  if (self->acked_bytes == acked)
    return;
  self->acked_bytes = acked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACKNOWLEDGED_BYTES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
set_total_bytes (TernUpload *self,
                 guint64     total)
{
  if (self->total_bytes == total)
    return;
  self->total_bytes = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_BYTES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
set_processing_percent (TernUpload *self,
                        int         percent)
{
  percent = CLAMP (percent, -1, 100);
  if (self->processing_percent == percent)
    return;
  self->processing_percent = percent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROCESSING_PERCENT]);
}

static void
set_media_id (TernUpload *self,
              const char *media_id)
{
  if (g_strcmp0 (self->media_id, media_id) == 0)
    return;
  g_free (self->media_id);
  self->media_id = g_strdup (media_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_ID]);
}

/* The saved state. Segments are listed by what was acknowledged, with their
 * offsets, because a chunk size halved midway makes them uneven. */
static void
save_state (TernUpload *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, STATE_VERSION);
  json_builder_set_member_name (builder, "phase");
  json_builder_add_string_value (builder, phase_to_string (self->phase));
  if (self->media_id != NULL)
    {
      json_builder_set_member_name (builder, "media_id");
      json_builder_add_string_value (builder, self->media_id);
      json_builder_set_member_name (builder, "expires_at");
      json_builder_add_int_value (builder, self->expires_at);
    }
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, self->category);
  json_builder_set_member_name (builder, "media_type");
  json_builder_add_string_value (builder, self->media_type);
  json_builder_set_member_name (builder, "total_bytes");
  json_builder_add_int_value (builder, (gint64) self->total_bytes);
  json_builder_set_member_name (builder, "file_size");
  json_builder_add_int_value (builder, (gint64) self->total_bytes);
  json_builder_set_member_name (builder, "file_mtime_us");
  json_builder_add_int_value (builder, self->file_mtime_us);
  json_builder_set_member_name (builder, "chunk_size");
  json_builder_add_int_value (builder, (gint64) self->current_chunk);
  json_builder_set_member_name (builder, "segments");
  json_builder_begin_array (builder);
  for (guint i = 0; self->segments != NULL && i < self->segments->len; i++)
    {
      Segment *s = &g_array_index (self->segments, Segment, i);

      if (s->state != SEGMENT_ACKED)
        continue;
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, s->index);
      json_builder_add_int_value (builder, (gint64) s->offset);
      json_builder_add_int_value (builder, (gint64) s->length);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  if (self->alt_text_set != NULL)
    {
      json_builder_set_member_name (builder, "alt_text_set");
      json_builder_add_string_value (builder, self->alt_text_set);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  tern_attachment_set_upload_state (self->attachment, root);
}

static void
fail (TernUpload *self,
      GError     *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_clear_object (&self->stream);
  set_phase (self, TERN_UPLOAD_PHASE_FAILED);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    tern_attachment_set_error (self->attachment, error->message);
  g_task_return_error (task, error);
}

static GCancellable *
get_cancellable (TernUpload *self)
{
  return g_task_get_cancellable (self->task);
}

static void
client_retrying_cb (TernClient *client,
                    const char *message,
                    guint       delay_ms,
                    TernUpload *self)
{
  if (self->task != NULL)
    set_status_message (self, message);
}

static void
wait_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TernUpload) self = user_data;

  if (self->task == NULL)
    return;
  if (!tern_wait_finish (result, NULL))
    fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The upload was cancelled.")));
  else
    upload_status (self);
}

static void
wait_then_poll (TernUpload *self,
                guint       delay_ms)
{
  tern_wait_async (delay_ms, get_cancellable (self), wait_done_cb, g_object_ref (self));
}

/* Lays segments out: keeps the contiguous acknowledged prefix of @acked
 * (index 0, 1, … with touching offsets), cuts the rest of the file into
 * @chunk-sized pieces (larger if needed to stay within 1000 segments), and
 * keeps as acknowledged any other segment of @acked that the new layout
 * repeats exactly. */
static gboolean
plan_segments (TernUpload  *self,
               GArray      *acked,
               gsize        chunk,
               GError     **error)
{
  g_autoptr(GArray) plan = g_array_new (FALSE, TRUE, sizeof (Segment));
  guint64 offset = 0;
  guint64 acked_bytes = 0;
  guint i;

  for (i = 0; acked != NULL && i < acked->len; i++)
    {
      Segment s = g_array_index (acked, Segment, i);

      if (s.index != i || s.offset != offset || s.length == 0 ||
          s.offset + s.length > self->total_bytes)
        break;
      s.state = SEGMENT_ACKED;
      g_array_append_val (plan, s);
      offset += s.length;
    }

  if (offset < self->total_bytes)
    {
      guint64 remaining = self->total_bytes - offset;
      guint slots;
      guint64 min_chunk;

      if (plan->len >= TERN_UPLOAD_MAX_SEGMENTS)
        {
          g_set_error_literal (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_TOO_LARGE,
                               _("The file needs more than 1000 pieces to upload. Attach a smaller file."));
          return FALSE;
        }
      slots = TERN_UPLOAD_MAX_SEGMENTS - plan->len;
      min_chunk = (remaining + slots - 1) / slots;
      chunk = MAX (chunk, min_chunk);

      while (offset < self->total_bytes)
        {
          Segment s = { plan->len, offset, (gsize) MIN ((guint64) chunk, self->total_bytes - offset), SEGMENT_PENDING };

          g_array_append_val (plan, s);
          offset += s.length;
        }
    }

  for (; acked != NULL && i < acked->len; i++)
    {
      Segment *old = &g_array_index (acked, Segment, i);
      Segment *s;

      if (old->index >= plan->len)
        continue;
      s = &g_array_index (plan, Segment, old->index);
      if (s->offset == old->offset && s->length == old->length)
        s->state = SEGMENT_ACKED;
    }

  for (i = 0; i < plan->len; i++)
    if (g_array_index (plan, Segment, i).state == SEGMENT_ACKED)
      acked_bytes += g_array_index (plan, Segment, i).length;

  g_clear_pointer (&self->segments, g_array_unref);
  self->segments = g_steal_pointer (&plan);
  self->current_chunk = chunk;
  set_acked_bytes (self, acked_bytes);
  return TRUE;
}

static GArray *
acked_segments (TernUpload *self)
{
  GArray *acked = g_array_new (FALSE, TRUE, sizeof (Segment));

  for (guint i = 0; self->segments != NULL && i < self->segments->len; i++)
    if (g_array_index (self->segments, Segment, i).state == SEGMENT_ACKED)
      g_array_append_val (acked, g_array_index (self->segments, Segment, i));
  return acked;
}

static gint
segment_compare (gconstpointer a,
                 gconstpointer b)
{
  const Segment *sa = a, *sb = b;

  return (sa->index > sb->index) - (sa->index < sb->index);
}

static GArray *
segments_from_state (JsonObject *state)
{
  GArray *acked = g_array_new (FALSE, TRUE, sizeof (Segment));
  JsonArray *array;

  if (!json_object_has_member (state, "segments") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (state, "segments")))
    return acked;

  array = json_object_get_array_member (state, "segments");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonArray *triple;
      Segment s = { 0, 0, 0, SEGMENT_ACKED };
      gint64 index, offset, length;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        continue;
      triple = json_node_get_array (node);
      if (json_array_get_length (triple) != 3)
        continue;
      index = json_array_get_int_element (triple, 0);
      offset = json_array_get_int_element (triple, 1);
      length = json_array_get_int_element (triple, 2);
      if (index < 0 || index >= TERN_UPLOAD_MAX_SEGMENTS || offset < 0 || length <= 0)
        continue;
      s.index = (guint) index;
      s.offset = (guint64) offset;
      s.length = (gsize) length;
      g_array_append_val (acked, s);
    }
  g_array_sort (acked, segment_compare);
  return acked;
}

static const char *
state_get_string (JsonObject *state,
                  const char *member)
{
  JsonNode *node = json_object_get_member (state, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
state_get_int (JsonObject *state,
               const char *member)
{
  JsonNode *node = json_object_get_member (state, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  return json_node_get_int (node);
}

static void
reset_progress (TernUpload *self)
{
  set_media_id (self, NULL);
  self->expires_at = 0;
  g_clear_pointer (&self->alt_text_set, g_free);
  g_clear_pointer (&self->segments, g_array_unref);
  set_acked_bytes (self, 0);
  set_processing_percent (self, -1);
}

/* Check: the file as it is now, and whether an earlier attempt can go on. */

static gboolean
resume_from_state (TernUpload *self)
{
  JsonNode *node = tern_attachment_get_upload_state (self->attachment);
  JsonObject *state;
  TernUploadPhase phase;
  const char *media_id;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GArray) acked = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  state = json_node_get_object (node);

  phase = phase_from_string (state_get_string (state, "phase"));
  media_id = state_get_string (state, "media_id");
  if (state_get_int (state, "version") != STATE_VERSION ||
      phase == TERN_UPLOAD_PHASE_NONE || phase == TERN_UPLOAD_PHASE_INIT ||
      !tern_untrusted_id_is_valid (media_id) ||
      state_get_int (state, "expires_at") < now + EXPIRY_MARGIN_SECS ||
      state_get_int (state, "file_size") != (gint64) self->total_bytes ||
      state_get_int (state, "file_mtime_us") != self->file_mtime_us ||
      g_strcmp0 (state_get_string (state, "category"), self->category) != 0 ||
      g_strcmp0 (state_get_string (state, "media_type"), self->media_type) != 0)
    {
      g_debug ("upload %p: earlier state not reusable; starting over", self);
      return FALSE;
    }

  set_media_id (self, media_id);
  self->expires_at = state_get_int (state, "expires_at");
  g_free (self->alt_text_set);
  self->alt_text_set = g_strdup (state_get_string (state, "alt_text_set"));

  if (phase == TERN_UPLOAD_PHASE_APPEND)
    {
      gint64 chunk = state_get_int (state, "chunk_size");

      if (chunk < TERN_UPLOAD_MIN_CHUNK_SIZE)
        chunk = self->chunk_size;
      acked = segments_from_state (state);
      if (!plan_segments (self, acked, (gsize) chunk, NULL))
        return FALSE;
    }
  else
    set_acked_bytes (self, self->total_bytes);

  self->resumed = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESUMED]);
  g_debug ("upload %p: resuming media %s at %s, %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes acknowledged",
           self, media_id, phase_to_string (phase), self->acked_bytes, self->total_bytes);

  switch (phase)
    {
    case TERN_UPLOAD_PHASE_APPEND:
      upload_append (self);
      break;
    case TERN_UPLOAD_PHASE_FINALIZE:
      upload_finalize (self);
      break;
    case TERN_UPLOAD_PHASE_PROCESSING:
      self->processing_started = g_get_monotonic_time ();
      self->poll_delay_ms = POLL_INITIAL_MS;
      set_phase (self, TERN_UPLOAD_PHASE_PROCESSING);
      upload_status (self);
      break;
    case TERN_UPLOAD_PHASE_METADATA:
    case TERN_UPLOAD_PHASE_DONE:
      upload_metadata (self);
      break;
    case TERN_UPLOAD_PHASE_NONE:
    case TERN_UPLOAD_PHASE_CHECK:
    case TERN_UPLOAD_PHASE_ONE_SHOT:
    case TERN_UPLOAD_PHASE_INIT:
    case TERN_UPLOAD_PHASE_FAILED:
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

static void
check_info_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TernUpload) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) mtime = NULL;
  g_autofree char *name = file_display_name (self);
  TernAttachmentKind kind = tern_attachment_get_kind (self->attachment);
  const char *alt_text = tern_attachment_get_alt_text (self->attachment);

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (info == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, g_steal_pointer (&error));
      else
        fail (self, g_error_new (G_IO_ERROR, error->code,
                                 _("Could not read %s (%s). Check that the file still exists, or remove it from the post."),
                                 name, error->message));
      return;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR || g_file_info_get_size (info) <= 0)
    {
      fail (self, g_error_new (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                               _("%s is empty or not a regular file. Attach another file."), name));
      return;
    }

  if (alt_text != NULL && g_utf8_strlen (alt_text, -1) > TERN_UPLOAD_MAX_ALT_TEXT)
    {
      fail (self, g_error_new (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                               _("The alt text of %s is %ld characters long; X accepts at most %d. Shorten it."),
                               name, g_utf8_strlen (alt_text, -1), TERN_UPLOAD_MAX_ALT_TEXT));
      return;
    }

  self->category = tern_upload_category_for_attachment (kind, tern_attachment_get_mime_type (self->attachment));
  if (self->category == NULL || tern_attachment_get_mime_type (self->attachment) == NULL)
    {
      fail (self, g_error_new (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                               _("Tern could not tell what kind of media %s is. Attach an image, a GIF or a video."),
                               name));
      return;
    }
  g_free (self->media_type);
  self->media_type = g_strdup (tern_attachment_get_mime_type (self->attachment));

  set_total_bytes (self, (guint64) g_file_info_get_size (info));
  mtime = g_file_info_get_modification_date_time (info);
  self->file_mtime_us = mtime ? g_date_time_to_unix (mtime) * G_USEC_PER_SEC + g_date_time_get_microsecond (mtime) : 0;

  if (resume_from_state (self))
    return;

  reset_progress (self);
  /* The one-shot upload takes images, but its media_type list has no GIF:
   * a GIF, even a still one, goes through INIT as tweet_gif. */
  if (g_str_equal (self->category, "tweet_image"))
    upload_one_shot (self);
  else
    upload_init (self);
}

static void
upload_check (TernUpload *self)
{
  GFile *file = tern_attachment_get_file (self->attachment);

  set_phase (self, TERN_UPLOAD_PHASE_CHECK);
  g_file_query_info_async (file,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                           G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                           G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                           G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           get_cancellable (self), check_info_cb, g_object_ref (self));
}

/* The address of a step for this upload's media, its id escaped as a
 * path segment (it is checked to be a number, but paths are built one way). */
static char *
media_path (TernUpload *self,
            const char *step)
{
  g_autofree char *escaped = g_uri_escape_string (self->media_id, NULL, FALSE);

  return g_strdup_printf ("/2/media/upload/%s/%s", escaped, step);
}

/* Reads the media id and expiry out of an answer. */
static gboolean
take_media_answer (TernUpload  *self,
                   JsonNode    *data,
                   GError     **error)
{
  JsonObject *object = tern_client_get_object (data, error);
  const char *id;
  gint64 expires_after;

  if (object == NULL)
    return FALSE;

  id = state_get_string (object, "id");
  if (id == NULL)
    id = state_get_string (object, "media_id_string");
  if (id == NULL || *id == '\0')
    {
      g_set_error_literal (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE,
                           _("X’s answer to the upload had no media id. Try again in a few minutes."));
      return FALSE;
    }
  /* The id goes into the next requests' paths: a slash or a question mark
   * in it would send the media somewhere else. */
  if (!tern_untrusted_id_is_valid (id))
    {
      g_set_error_literal (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE,
                           _("X’s answer to the upload had a media id that is not a number; Tern did not use it. Try again in a few minutes."));
      return FALSE;
    }
  if (self->media_id == NULL || g_strcmp0 (self->media_id, id) != 0)
    set_media_id (self, id);

  expires_after = state_get_int (object, "expires_after_secs");
  if (expires_after > 0)
    self->expires_at = tern_untrusted_time_after (g_get_real_time () / G_USEC_PER_SEC,
                                                  expires_after, MAX_EXPIRES_AFTER_SECS);
  else if (self->expires_at == 0)
    self->expires_at = g_get_real_time () / G_USEC_PER_SEC + 24 * 3600;
  return TRUE;
}

/* One-shot: an image in a single multipart request. Images are at most
 * 5 MB, so reading one whole is fine. */

static void
one_shot_sent_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TernUpload) self = user_data;
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;

  data = tern_client_send_finish (TERN_CLIENT (object), result, &error);
  if (data == NULL || !take_media_answer (self, data, &error))
    {
      fail (self, error);
      return;
    }
  set_acked_bytes (self, self->total_bytes);
  upload_metadata (self);
}

static void
one_shot_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TernUpload) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autofree char *name = file_display_name (self);

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, g_steal_pointer (&error));
      else
        fail (self, g_error_new (G_IO_ERROR, error->code,
                                 _("Could not read %s (%s). Check the file, or remove it from the post."),
                                 name, error->message));
      return;
    }
  if (g_bytes_get_size (bytes) != self->total_bytes)
    {
      fail (self, g_error_new (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                               _("%s changed while Tern was reading it. Try again."), name));
      return;
    }

  multipart = soup_multipart_new ("multipart/form-data");
  soup_multipart_append_form_string (multipart, "media_category", self->category);
  soup_multipart_append_form_string (multipart, "media_type", self->media_type);
  soup_multipart_append_form_file (multipart, "media", "media", self->media_type, bytes);
  g_clear_pointer (&bytes, g_bytes_unref);

  tern_client_post_multipart_async (self->client, "/2/media/upload", multipart,
                                    TERN_CLIENT_FLAGS_IDEMPOTENT, get_cancellable (self),
                                    one_shot_sent_cb, g_object_ref (self));
}

static void
upload_one_shot (TernUpload *self)
{
  set_phase (self, TERN_UPLOAD_PHASE_ONE_SHOT);
  g_file_load_bytes_async (tern_attachment_get_file (self->attachment), get_cancellable (self),
                           one_shot_loaded_cb, g_object_ref (self));
}

/* INIT */

static void
init_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TernUpload) self = user_data;
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;

  data = tern_client_send_finish (TERN_CLIENT (object), result, &error);
  if (data == NULL || !take_media_answer (self, data, &error))
    {
      fail (self, error);
      return;
    }

  if (!plan_segments (self, NULL, self->chunk_size, &error))
    {
      fail (self, error);
      return;
    }
  upload_append (self);
}

static void
upload_init (TernUpload *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  set_phase (self, TERN_UPLOAD_PHASE_INIT);
  save_state (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total_bytes");
  json_builder_add_int_value (builder, (gint64) self->total_bytes);
  json_builder_set_member_name (builder, "media_type");
  json_builder_add_string_value (builder, self->media_type);
  json_builder_set_member_name (builder, "media_category");
  json_builder_add_string_value (builder, self->category);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  tern_client_post_json_async (self->client, "/2/media/upload/initialize", body,
                               TERN_CLIENT_FLAGS_IDEMPOTENT, get_cancellable (self),
                               init_cb, g_object_ref (self));
}

/* APPEND: a window of segments in flight. */

typedef struct _SegmentJob
{
  TernUpload   *self;
  guint         index;
  TernPooledBuffer *buffer;
  GBytes       *head;     /* streamed: the multipart head and tail */
  GBytes       *tail;
  gsize         size;
  gboolean      on_wire;
  gint64        sent_us;
} SegmentJob;

static void
segment_job_free (SegmentJob *job)
{
  g_clear_object (&job->self);
  g_clear_pointer (&job->buffer, tern_buffer_pool_give);
  g_clear_pointer (&job->head, g_bytes_unref);
  g_clear_pointer (&job->tail, g_bytes_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegmentJob, segment_job_free)

static void
append_finish (TernUpload *self)
{
  g_clear_object (&self->stream);

  if (self->segment_error != NULL)
    {
      fail (self, g_steal_pointer (&self->segment_error));
      return;
    }
  upload_finalize (self);
}

/* After a 413 or 431 every segment in flight has come back: lay out the
 * rest of the file in pieces half as large, down to 1 MiB. */
static gboolean
append_replan (TernUpload  *self,
               GError     **error)
{
  g_autoptr(GArray) acked = acked_segments (self);
  gsize old_chunk = self->current_chunk;
  gsize new_chunk = MAX (old_chunk / 2, (gsize) TERN_UPLOAD_MIN_CHUNK_SIZE);

  self->replan = FALSE;
  if (old_chunk <= TERN_UPLOAD_MIN_CHUNK_SIZE || !plan_segments (self, acked, new_chunk, NULL) ||
      self->current_chunk >= old_chunk)
    {
      g_set_error_literal (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_TOO_LARGE,
                           _("X refused the upload’s pieces even at the smallest size. Try again later."));
      return FALSE;
    }
  g_debug ("upload %p: X refused %zu-byte segments; now %zu bytes", self, old_chunk, self->current_chunk);
  save_state (self);
  return TRUE;
}

static gboolean
pump_idle_cb (gpointer user_data)
{
  TernUpload *self = user_data;

  self->pump_source = 0;
  if (self->task != NULL && self->phase == TERN_UPLOAD_PHASE_APPEND)
    append_pump (self);
  return G_SOURCE_REMOVE;
}

/* Pumps from a clean stack: the caller may be inside a libsoup signal;
 * after @delay_us when pacing asks for it. */
static void
schedule_pump_after (TernUpload *self,
                     gint64      delay_us)
{
  g_autoptr(GSource) source = NULL;

  if (self->pump_source != 0 || self->task == NULL)
    return;
  if (delay_us > 0)
    source = g_timeout_source_new ((guint) ((delay_us + 999) / 1000));
  else
    source = g_idle_source_new ();
  g_source_set_callback (source, pump_idle_cb, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[tern] upload pump");
  self->pump_source = g_source_attach (source, g_task_get_context (self->task));
}

static void
schedule_pump (TernUpload *self)
{
  schedule_pump_after (self, 0);
}

/* Pacing: the window's segments go out spread over the shortest round
 * trip seen so far, one every min_rtt / parallelism, instead of in a burst
 * whenever several answers come back together. A burst makes the bodies
 * share the link and the server, so they all finish, wait and are answered
 * at the same moment, and the next window starts as a burst again: the
 * window then covers a whole round trip plus all its transfers. Spread
 * out, each slot is busy for one transfer plus the server's time. The pace
 * never limits the rate below what the window allows, as no slot frees up
 * sooner than the shortest round trip. Returns how long to wait. */
static gint64
pace_wait_us (TernUpload *self)
{
  gint64 gap, next;

  if (self->min_rtt_us == 0 || self->in_flight == 0)
    return 0;
  gap = self->min_rtt_us / self->parallelism;
  next = self->last_send_us + gap;
  return MAX (next - g_get_monotonic_time (), 0);
}

static void
segment_off_wire (SegmentJob *job)
{
  if (job->on_wire)
    {
      job->on_wire = FALSE;
      job->self->on_wire--;
    }
}

/* The body is out: the next one may go while this one waits for X. */
static void
append_body_sent (gpointer user_data)
{
  SegmentJob *job = user_data;

  segment_off_wire (job);
  schedule_pump (job->self);
}

static void
append_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SegmentJob) job = user_data;
  TernUpload *self = job->self;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  Segment *segment = &g_array_index (self->segments, Segment, job->index);
  gint64 rtt;

  segment_off_wire (job);
  self->in_flight--;

  data = tern_client_send_finish (TERN_CLIENT (object), result, &error);
  if (data == NULL)
    {
      segment->state = SEGMENT_PENDING;
      if (g_error_matches (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_TOO_LARGE) &&
          self->segment_error == NULL)
        self->replan = TRUE;
      else if (self->segment_error == NULL)
        self->segment_error = g_steal_pointer (&error);
      append_pump (self);
      return;
    }

  rtt = g_get_monotonic_time () - job->sent_us;
  if (self->min_rtt_us == 0 || rtt < self->min_rtt_us)
    self->min_rtt_us = rtt;
  segment->state = SEGMENT_ACKED;
  set_acked_bytes (self, self->acked_bytes + segment->length);
  set_status_message (self, NULL);
  save_state (self);
  append_pump (self);
}

/* The upload's file as a descriptor for pread, or -1 when the file is not
 * a local one (then segments are read into pooled buffers instead). */
static int
stream_fd (TernUpload *self)
{
  if (self->stream != NULL && G_IS_FILE_DESCRIPTOR_BASED (self->stream))
    return g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (self->stream));
  return -1;
}

static GInputStream *
segment_body_stream_cb (gpointer user_data)
{
  SegmentJob *job = user_data;
  TernUpload *self = job->self;
  Segment *segment = &g_array_index (self->segments, Segment, job->index);
  g_autofree char *name = file_display_name (self);

  return tern_segment_stream_new (self->stream, stream_fd (self), job->head, job->tail,
                                  segment->offset, segment->length, name);
}

static void
append_send (TernUpload *self,
             SegmentJob *job)
{
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *content_type = NULL;
  Segment *segment = &g_array_index (self->segments, Segment, job->index);
  GCancellable *cancellable = get_cancellable (self);
  TernPooledBuffer *buffer;

  segment->state = SEGMENT_SENDING;
  self->in_flight++;
  self->on_wire++;
  job->on_wire = TRUE;
  job->sent_us = self->last_send_us = g_get_monotonic_time ();

  path = media_path (self, "append");
  content_type = g_strdup_printf ("multipart/form-data; boundary=%s", self->boundary);

  if (job->head != NULL)
    {
      /* The stream is made from the job for each attempt; the job lives
       * until the answer. */
      tern_client_send_stream_async (self->client, "POST", path, content_type, (goffset) job->size,
                                     segment_body_stream_cb, job,
                                     TERN_CLIENT_FLAGS_IDEMPOTENT,
                                     append_body_sent, job,
                                     cancellable, append_sent_cb, job);
      return;
    }

  /* The body was built around the segment in place: no copy of the bytes.
   * The request owns it from here and gives it back to the pool once X has
   * answered. */
  buffer = g_steal_pointer (&job->buffer);
  body = g_bytes_new_with_free_func (buffer->data, job->size,
                                     (GDestroyNotify) tern_buffer_pool_give, buffer);
  tern_client_send_full_async (self->client, "POST", path, content_type, body,
                               TERN_CLIENT_FLAGS_IDEMPOTENT,
                               append_body_sent, job,
                               cancellable, append_sent_cb, job);
}

static void
append_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SegmentJob) job = user_data;
  TernUpload *self = job->self;
  g_autoptr(GError) error = NULL;
  Segment *segment = &g_array_index (self->segments, Segment, job->index);
  gsize bytes_read = 0;

  self->reading = FALSE;
  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (object), result, &bytes_read, &error) ||
      bytes_read != segment->length)
    {
      g_autofree char *name = file_display_name (self);

      segment->state = SEGMENT_PENDING;
      if (self->segment_error == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            self->segment_error = g_steal_pointer (&error);
          else if (error != NULL)
            self->segment_error = g_error_new (G_IO_ERROR, error->code,
                                               _("Could not read %s (%s). Check the file and try again."),
                                               name, error->message);
          else
            self->segment_error = g_error_new (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                                               _("%s changed while it was being uploaded. Attach it again."),
                                               name);
        }
      append_pump (self);
      return;
    }

  /* Ready: it goes on the wire as soon as no other body is on it. */
  g_assert (self->ready == NULL);
  self->ready = g_steal_pointer (&job);
  append_pump (self);
}

static void
append_read (TernUpload *self,
             Segment    *segment)
{
  g_autoptr(SegmentJob) job = g_new0 (SegmentJob, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  g_autofree char *tail = NULL;
  gsize head_len, tail_len;
  GCancellable *cancellable = get_cancellable (self);

  head = g_strdup_printf ("--%s\r\n"
                          "Content-Disposition: form-data; name=\"segment_index\"\r\n"
                          "\r\n"
                          "%u\r\n"
                          "--%s\r\n"
                          "Content-Disposition: form-data; name=\"media\"; filename=\"media\"\r\n"
                          "Content-Type: application/octet-stream\r\n"
                          "\r\n",
                          self->boundary, segment->index, self->boundary);
  tail = g_strdup_printf ("\r\n--%s--\r\n", self->boundary);
  head_len = strlen (head);
  tail_len = strlen (tail);

  job->self = g_object_ref (self);
  job->index = segment->index;
  job->size = head_len + segment->length + tail_len;

  if (stream_fd (self) >= 0)
    {
      /* Read as it is sent: ready at once, and nothing read yet. */
      job->head = g_bytes_new_take (g_steal_pointer (&head), head_len);
      job->tail = g_bytes_new_take (g_steal_pointer (&tail), tail_len);
      segment->state = SEGMENT_READING;
      g_assert (self->ready == NULL);
      self->ready = g_steal_pointer (&job);
      schedule_pump (self);
      return;
    }

  job->buffer = tern_buffer_pool_take (self->pool, job->size);
  memcpy (job->buffer->data, head, head_len);
  memcpy (job->buffer->data + head_len + segment->length, tail, tail_len);

  segment->state = SEGMENT_READING;
  self->reading = TRUE;

  if (!g_seekable_seek (G_SEEKABLE (self->stream), (goffset) segment->offset, G_SEEK_SET,
                        cancellable, &error))
    {
      g_autofree char *name = file_display_name (self);

      self->reading = FALSE;
      segment->state = SEGMENT_PENDING;
      if (self->segment_error == NULL)
        self->segment_error = g_error_new (G_IO_ERROR, error->code,
                                           _("Could not read %s (%s). Check the file and try again."),
                                           name, error->message);
      return;
    }

  g_input_stream_read_all_async (G_INPUT_STREAM (self->stream),
                                 job->buffer->data + head_len, segment->length,
                                 G_PRIORITY_DEFAULT, cancellable,
                                 append_read_cb, job);
  g_steal_pointer (&job);
}

static Segment *
next_pending_segment (TernUpload *self)
{
  for (guint i = 0; i < self->segments->len; i++)
    {
      Segment *s = &g_array_index (self->segments, Segment, i);

      if (s->state == SEGMENT_PENDING)
        return s;
    }
  return NULL;
}

/* The window: at most `parallelism` segments waiting for X, and one more
 * read ahead; one body on the wire at a time, so transfers follow each
 * other at full speed while earlier segments wait for their answers. */
static void
append_pump (TernUpload *self)
{
  g_autoptr(GError) error = NULL;

  if (self->segment_error != NULL || self->replan)
    {
      if (self->ready != NULL)
        {
          /* Not sent: the layout is about to change, or the upload stops. */
          g_array_index (self->segments, Segment, self->ready->index).state = SEGMENT_PENDING;
          g_clear_pointer (&self->ready, segment_job_free);
        }
      if (self->in_flight > 0 || self->reading)
        return;
      if (self->segment_error == NULL && !append_replan (self, &error))
        self->segment_error = g_steal_pointer (&error);
      if (self->segment_error != NULL)
        {
          append_finish (self);
          return;
        }
    }

  if (self->ready != NULL && self->on_wire == 0 && self->in_flight < self->parallelism)
    {
      gint64 wait_us = pace_wait_us (self);

      if (wait_us > 0)
        schedule_pump_after (self, wait_us);
      else
        append_send (self, g_steal_pointer (&self->ready));
    }

  /* One segment is read ahead, so an answer from X is followed at once by
   * the next body, not by a read from disk. */
  if (!self->reading && self->ready == NULL && self->in_flight <= self->parallelism)
    {
      Segment *segment = next_pending_segment (self);

      if (segment != NULL)
        {
          append_read (self, segment);
          if (self->segment_error != NULL)
            {
              append_pump (self);
              return;
            }
        }
    }

  if (!self->reading && self->ready == NULL && self->in_flight == 0 &&
      next_pending_segment (self) == NULL)
    append_finish (self);
}

static void
append_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TernUpload) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = file_display_name (self);

  self->stream = g_file_read_finish (G_FILE (object), result, &error);
  if (self->stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, g_steal_pointer (&error));
      else
        fail (self, g_error_new (G_IO_ERROR, error->code,
                                 _("Could not read %s (%s). Check the file, or remove it from the post."),
                                 name, error->message));
      return;
    }
  append_pump (self);
}

static void
upload_append (TernUpload *self)
{
  set_phase (self, TERN_UPLOAD_PHASE_APPEND);
  save_state (self);

  g_free (self->boundary);
  self->boundary = g_strdup_printf ("tern-%08x%08x%08x%08x",
                                    g_random_int (), g_random_int (),
                                    g_random_int (), g_random_int ());
  self->in_flight = 0;
  self->on_wire = 0;
  self->last_send_us = 0;
  self->min_rtt_us = 0;
  self->reading = FALSE;
  self->replan = FALSE;
  g_clear_pointer (&self->ready, segment_job_free);
  g_clear_pointer (&self->pool, tern_buffer_pool_release);
  self->pool = tern_buffer_pool_new (self->parallelism + 1);
  g_clear_error (&self->segment_error);
  for (guint i = 0; i < self->segments->len; i++)
    if (g_array_index (self->segments, Segment, i).state != SEGMENT_ACKED)
      g_array_index (self->segments, Segment, i).state = SEGMENT_PENDING;

  g_file_read_async (tern_attachment_get_file (self->attachment), G_PRIORITY_DEFAULT,
                     get_cancellable (self), append_opened_cb, g_object_ref (self));
}

/* FINALIZE and STATUS */

static void
handle_processing (TernUpload *self,
                   JsonObject *object)
{
  JsonNode *info_node = object ? json_object_get_member (object, "processing_info") : NULL;
  JsonObject *info;
  const char *state;
  JsonNode *error_node;
  gint64 check_after;
  gint64 elapsed_ms;
  guint delay_ms;
  g_autofree char *name = file_display_name (self);

  if (info_node == NULL || !JSON_NODE_HOLDS_OBJECT (info_node))
    {
      /* No processing_info: the media is ready. */
      set_processing_percent (self, 100);
      upload_metadata (self);
      return;
    }

  info = json_node_get_object (info_node);
  state = state_get_string (info, "state");
  error_node = json_object_get_member (info, "error");
  if (json_object_has_member (info, "progress_percent"))
    set_processing_percent (self, (int) state_get_int (info, "progress_percent"));

  if (g_strcmp0 (state, "succeeded") == 0)
    {
      set_processing_percent (self, 100);
      upload_metadata (self);
      return;
    }

  if (g_strcmp0 (state, "failed") == 0 ||
      (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node)))
    {
      JsonObject *x_error = (error_node && JSON_NODE_HOLDS_OBJECT (error_node))
                              ? json_node_get_object (error_node) : NULL;
      const char *why = state_get_string (x_error ? x_error : info, "message");
      g_autofree char *clean = NULL;

      if (why == NULL && x_error != NULL)
        why = state_get_string (x_error, "name");

      /* Media that failed is no use to resume: start over next time. */
      g_clear_pointer (&self->media_id, g_free);
      tern_attachment_set_upload_state (self->attachment, NULL);
      if (why != NULL)
        {
          clean = g_strstrip (tern_untrusted_clean_text (why, -1));
          if (g_utf8_strlen (clean, -1) > 300)
            {
              char *cut = g_utf8_substring (clean, 0, 300);
              g_free (clean);
              clean = cut;
            }
          if (g_str_has_suffix (clean, "."))
            clean[strlen (clean) - 1] = '\0';
          fail (self, g_error_new (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_PROCESSING_FAILED,
                                   _("X could not process %s: %s. Check that the media follows X’s rules, then attach it again."),
                                   name, clean));
        }
      else
        fail (self, g_error_new (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_PROCESSING_FAILED,
                                 _("X could not process %s. Check that the media follows X’s rules, then attach it again."),
                                 name));
      return;
    }

  /* pending, in_progress, or a state X has not documented: wait. */
  if (self->phase != TERN_UPLOAD_PHASE_PROCESSING)
    {
      set_phase (self, TERN_UPLOAD_PHASE_PROCESSING);
      self->processing_started = g_get_monotonic_time ();
      self->poll_delay_ms = POLL_INITIAL_MS;
      save_state (self);
    }

  /* X's hint, but never less than a second: a server saying 0 again and
   * again gets the growing wait instead of a busy loop. */
  check_after = state_get_int (info, "check_after_secs");
  if (check_after >= 1)
    delay_ms = (guint) tern_untrusted_clamp_seconds (check_after, 1, 3600) * 1000;
  else
    {
      delay_ms = self->poll_delay_ms;
      self->poll_delay_ms = MIN (self->poll_delay_ms * 2, POLL_MAX_MS);
    }

  elapsed_ms = (g_get_monotonic_time () - self->processing_started) / 1000;
  if (elapsed_ms >= (gint64) self->processing_wait_cap * 1000)
    {
      guint minutes = (self->processing_wait_cap + 59) / 60;

      fail (self, g_error_new (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_PROCESSING_TIMEOUT,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "X was still processing %s after %u minute. Try sending again later; Tern keeps the upload and checks on it then.",
                                            "X was still processing %s after %u minutes. Try sending again later; Tern keeps the upload and checks on it then.",
                                            minutes),
                               name, minutes));
      return;
    }
  delay_ms = (guint) MIN ((gint64) delay_ms, (gint64) self->processing_wait_cap * 1000 - elapsed_ms);
  wait_then_poll (self, delay_ms);
}

static void
processing_answer_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(TernUpload) self = user_data;
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;
  JsonObject *object_data;

  data = tern_client_send_finish (TERN_CLIENT (object), result, &error);
  if (data == NULL)
    {
      fail (self, error);
      return;
    }
  set_status_message (self, NULL);

  /* FINALIZE may answer with no body when nothing needs processing. */
  if (JSON_NODE_HOLDS_NULL (data))
    {
      upload_metadata (self);
      return;
    }
  object_data = tern_client_get_object (data, &error);
  if (object_data == NULL)
    {
      fail (self, error);
      return;
    }
  if (state_get_int (object_data, "expires_after_secs") > 0)
    self->expires_at = tern_untrusted_time_after (g_get_real_time () / G_USEC_PER_SEC,
                                                  state_get_int (object_data, "expires_after_secs"),
                                                  MAX_EXPIRES_AFTER_SECS);
  handle_processing (self, object_data);
}

static void
upload_finalize (TernUpload *self)
{
  g_autofree char *path = media_path (self, "finalize");

  set_phase (self, TERN_UPLOAD_PHASE_FINALIZE);
  save_state (self);
  tern_client_send_async (self->client, "POST", path, NULL, NULL,
                          TERN_CLIENT_FLAGS_IDEMPOTENT, get_cancellable (self),
                          processing_answer_cb, g_object_ref (self));
}

static void
upload_status (TernUpload *self)
{
  g_autofree char *escaped = g_uri_escape_string (self->media_id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/2/media/upload?command=STATUS&media_id=%s", escaped);

  tern_client_get_json_async (self->client, path, TERN_CLIENT_FLAGS_IDEMPOTENT,
                              get_cancellable (self), processing_answer_cb, g_object_ref (self));
}

/* Alt text */

static void
metadata_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TernUpload) self = user_data;
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;

  data = tern_client_send_finish (TERN_CLIENT (object), result, &error);
  if (data == NULL)
    {
      fail (self, error);
      return;
    }
  g_free (self->alt_text_set);
  self->alt_text_set = g_strdup (tern_attachment_get_alt_text (self->attachment));
  upload_done (self);
}

static void
upload_metadata (TernUpload *self)
{
  const char *alt_text = tern_attachment_get_alt_text (self->attachment);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (alt_text == NULL || *alt_text == '\0' || g_strcmp0 (alt_text, self->alt_text_set) == 0)
    {
      upload_done (self);
      return;
    }

  set_phase (self, TERN_UPLOAD_PHASE_METADATA);
  save_state (self);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->media_id);
  json_builder_set_member_name (builder, "metadata");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "alt_text");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, alt_text);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  tern_client_post_json_async (self->client, "/2/media/metadata", body,
                               TERN_CLIENT_FLAGS_IDEMPOTENT, get_cancellable (self),
                               metadata_cb, g_object_ref (self));
}

static void
upload_done (TernUpload *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_clear_pointer (&self->segments, g_array_unref);
  set_acked_bytes (self, self->total_bytes);
  set_phase (self, TERN_UPLOAD_PHASE_DONE);
  set_status_message (self, NULL);
  save_state (self);
  tern_attachment_set_error (self->attachment, NULL);
  g_task_return_pointer (task, g_strdup (self->media_id), g_free);
}

/* GObject */

static void
tern_upload_dispose (GObject *object)
{
  TernUpload *self = (TernUpload *)object;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, client_retrying_cb, self);
  g_clear_object (&self->client);
  g_clear_object (&self->attachment);
  g_clear_object (&self->stream);

  G_OBJECT_CLASS (tern_upload_parent_class)->dispose (object);
}

static void
tern_upload_finalize (GObject *object)
{
  TernUpload *self = (TernUpload *)object;

  g_assert (self->task == NULL);
  g_free (self->status_message);
  g_free (self->media_id);
  g_free (self->media_type);
  g_free (self->alt_text_set);
  g_free (self->boundary);
  g_clear_pointer (&self->segments, g_array_unref);
  g_clear_error (&self->segment_error);
  g_clear_pointer (&self->pool, tern_buffer_pool_release);

  G_OBJECT_CLASS (tern_upload_parent_class)->finalize (object);
}

static void
tern_upload_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TernUpload *self = TERN_UPLOAD (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_ATTACHMENT:
      g_value_set_object (value, self->attachment);
      break;
    case PROP_PHASE:
      g_value_set_enum (value, self->phase);
      break;
    case PROP_TOTAL_BYTES:
      g_value_set_uint64 (value, self->total_bytes);
      break;
    case PROP_ACKNOWLEDGED_BYTES:
      g_value_set_uint64 (value, self->acked_bytes);
      break;
    case PROP_PROCESSING_PERCENT:
      g_value_set_int (value, self->processing_percent);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, tern_upload_get_fraction (self));
      break;
    case PROP_MEDIA_ID:
      g_value_set_string (value, self->media_id);
      break;
    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, self->status_message);
      break;
    case PROP_RESUMED:
      g_value_set_boolean (value, self->resumed);
      break;
    case PROP_PARALLELISM:
      g_value_set_uint (value, self->parallelism);
      break;
    case PROP_CHUNK_SIZE:
      g_value_set_uint (value, self->chunk_size);
      break;
    case PROP_PROCESSING_WAIT_CAP:
      g_value_set_uint (value, self->processing_wait_cap);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_upload_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TernUpload *self = TERN_UPLOAD (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_ATTACHMENT:
      self->attachment = g_value_dup_object (value);
      break;
    case PROP_PARALLELISM:
      tern_upload_set_parallelism (self, g_value_get_uint (value));
      break;
    case PROP_CHUNK_SIZE:
      tern_upload_set_chunk_size (self, g_value_get_uint (value));
      break;
    case PROP_PROCESSING_WAIT_CAP:
      tern_upload_set_processing_wait_cap (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_upload_constructed (GObject *object)
{
  TernUpload *self = TERN_UPLOAD (object);

  G_OBJECT_CLASS (tern_upload_parent_class)->constructed (object);

  g_signal_connect_object (self->client, "retrying", G_CALLBACK (client_retrying_cb), self, 0);
}

static void
tern_upload_class_init (TernUploadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tern_upload_dispose;
  object_class->finalize = tern_upload_finalize;
  object_class->constructed = tern_upload_constructed;
  object_class->get_property = tern_upload_get_property;
  object_class->set_property = tern_upload_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TERN_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTACHMENT] =
    g_param_spec_object ("attachment", NULL, NULL, TERN_TYPE_ATTACHMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL, TERN_TYPE_UPLOAD_PHASE, TERN_UPLOAD_PHASE_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL_BYTES] =
    g_param_spec_uint64 ("total-bytes", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACKNOWLEDGED_BYTES] =
    g_param_spec_uint64 ("acknowledged-bytes", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROCESSING_PERCENT] =
    g_param_spec_int ("processing-percent", NULL, NULL, -1, 100, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEDIA_ID] =
    g_param_spec_string ("media-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_MESSAGE] =
    g_param_spec_string ("status-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESUMED] =
    g_param_spec_boolean ("resumed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PARALLELISM] =
    g_param_spec_uint ("parallelism", NULL, NULL, 1, 8, TERN_UPLOAD_DEFAULT_PARALLELISM,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHUNK_SIZE] =
    g_param_spec_uint ("chunk-size", NULL, NULL,
                       TERN_UPLOAD_MIN_CHUNK_SIZE, 64 * 1024 * 1024, TERN_UPLOAD_DEFAULT_CHUNK_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROCESSING_WAIT_CAP] =
    g_param_spec_uint ("processing-wait-cap", NULL, NULL, 1, 24 * 3600, TERN_UPLOAD_DEFAULT_PROCESSING_CAP,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tern_upload_init (TernUpload *self)
{
  self->parallelism = TERN_UPLOAD_DEFAULT_PARALLELISM;
  self->chunk_size = TERN_UPLOAD_DEFAULT_CHUNK_SIZE;
  self->processing_wait_cap = TERN_UPLOAD_DEFAULT_PROCESSING_CAP;
  self->processing_percent = -1;
}

/* Public API */

/**
 * tern_upload_new:
 * @client: the client of the account the media goes to
 * @attachment: the attachment to upload; its kind and MIME type must be set
 *
 * Returns: (transfer full): an upload, not started
 */
TernUpload *
tern_upload_new (TernClient     *client,
                 TernAttachment *attachment)
{
  g_return_val_if_fail (TERN_IS_CLIENT (client), NULL);
  g_return_val_if_fail (TERN_IS_ATTACHMENT (attachment), NULL);

  return g_object_new (TERN_TYPE_UPLOAD,
                       "client", client,
                       "attachment", attachment,
                       NULL);
}

/**
 * tern_upload_get_attachment:
 *
 * Returns: (transfer none): the attachment
 */
TernAttachment *
tern_upload_get_attachment (TernUpload *self)
{
  g_return_val_if_fail (TERN_IS_UPLOAD (self), NULL);
  return self->attachment;
}

TernUploadPhase
tern_upload_get_phase (TernUpload *self)
{
  g_return_val_if_fail (TERN_IS_UPLOAD (self), TERN_UPLOAD_PHASE_NONE);
  return self->phase;
}

guint64
tern_upload_get_total_bytes (TernUpload *self)
{
  g_return_val_if_fail (TERN_IS_UPLOAD (self), 0);
  return self->total_bytes;
}

guint64
tern_upload_get_acknowledged_bytes (TernUpload *self)
{
  g_return_val_if_fail (TERN_IS_UPLOAD (self), 0);
  return self->acked_bytes;
}

/**
 * tern_upload_get_processing_percent:
 *
 * Returns: how far X says its processing is, or -1 before X said
 */
int
tern_upload_get_processing_percent (TernUpload *self)
{
  g_return_val_if_fail (TERN_IS_UPLOAD (self), -1);
  return self->processing_percent;
}

/**
 * tern_upload_get_fraction:
 *
 * Returns: the share of the file X has acknowledged, from 0 to 1
 */
double
tern_upload_get_fraction (TernUpload *self)
{
  g_return_val_if_fail (TERN_IS_UPLOAD (self), 0.0);
  if (self->total_bytes == 0)
    return 0.0;
  return (double) self->acked_bytes / (double) self->total_bytes;
}

/**
 * tern_upload_get_media_id:
 *
 * Returns: (nullable): the media id, once X gave one
 */
const char *
tern_upload_get_media_id (TernUpload *self)
{
  g_return_val_if_fail (TERN_IS_UPLOAD (self), NULL);
  return self->media_id;
}

/**
 * tern_upload_get_status_message:
 *
 * Returns: (nullable): what the upload is waiting for, for people ("X
 *   answered 503; trying again in 2 seconds."), or %NULL
 */
const char *
tern_upload_get_status_message (TernUpload *self)
{
  g_return_val_if_fail (TERN_IS_UPLOAD (self), NULL);
  return self->status_message;
}

/**
 * tern_upload_get_resumed:
 *
 * Returns: whether the run went on from an earlier attempt's state
 */
gboolean
tern_upload_get_resumed (TernUpload *self)
{
  g_return_val_if_fail (TERN_IS_UPLOAD (self), FALSE);
  return self->resumed;
}

guint
tern_upload_get_parallelism (TernUpload *self)
{
  g_return_val_if_fail (TERN_IS_UPLOAD (self), 0);
  return self->parallelism;
}

/**
 * tern_upload_set_parallelism:
 * @self: an upload
 * @parallelism: how many segments may be in flight at once, 1 to 8
 */
void
tern_upload_set_parallelism (TernUpload *self,
                             guint       parallelism)
{
  g_return_if_fail (TERN_IS_UPLOAD (self));

  TERN_SET_SCALAR (self, self->parallelism, CLAMP (parallelism, 1, 8),
                   properties[PROP_PARALLELISM]);
}

guint
tern_upload_get_chunk_size (TernUpload *self)
{
  g_return_val_if_fail (TERN_IS_UPLOAD (self), 0);
  return self->chunk_size;
}

/**
 * tern_upload_set_chunk_size:
 * @self: an upload
 * @chunk_size: the size of a segment at the start, at least 1 MiB
 *
 * After a 413 or 431 the upload halves it, down to 1 MiB.
 */
void
tern_upload_set_chunk_size (TernUpload *self,
                            guint       chunk_size)
{
  g_return_if_fail (TERN_IS_UPLOAD (self));

  TERN_SET_SCALAR (self, self->chunk_size, MAX (chunk_size, TERN_UPLOAD_MIN_CHUNK_SIZE),
                   properties[PROP_CHUNK_SIZE]);
}

guint
tern_upload_get_processing_wait_cap (TernUpload *self)
{
  g_return_val_if_fail (TERN_IS_UPLOAD (self), 0);
  return self->processing_wait_cap;
}

/**
 * tern_upload_set_processing_wait_cap:
 * @self: an upload
 * @seconds: how long to wait for X's processing before giving up
 */
void
tern_upload_set_processing_wait_cap (TernUpload *self,
                                     guint       seconds)
{
  g_return_if_fail (TERN_IS_UPLOAD (self));

  TERN_SET_SCALAR (self, self->processing_wait_cap, MAX (seconds, 1),
                   properties[PROP_PROCESSING_WAIT_CAP]);
}

/**
 * tern_upload_run_async:
 * @self: an upload
 * @cancellable: (nullable): a cancellable
 * @callback: called when the media id can be posted, or on failure
 * @user_data: data for @callback
 *
 * Uploads the attachment, or goes on from where an earlier run stopped
 * (recorded in the attachment's upload state) while its media id is valid
 * and the file is unchanged. Progress shows in the properties, notified on
 * the caller's thread-default context. On failure the attachment's error
 * is set and its upload state kept for the next try.
 */
void
tern_upload_run_async (TernUpload          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TERN_IS_UPLOAD (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_upload_run_async);

  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("This file is already being uploaded."));
      return;
    }

  self->task = g_steal_pointer (&task);
  self->resumed = FALSE;
  set_status_message (self, NULL);
  upload_check (self);
}

/**
 * tern_upload_run_finish:
 * @self: an upload
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the media id to post
 */
char *
tern_upload_run_finish (TernUpload    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (TERN_IS_UPLOAD (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * tern_upload_category_for_attachment:
 * @kind: an attachment kind
 * @mime_type: (nullable): the attachment's sniffed MIME type
 *
 * Like tern_upload_category_for_kind(), but a GIF is `tweet_gif` even when
 * it is still (of kind %TERN_ATTACHMENT_KIND_IMAGE): X's spec lists GIF
 * among INIT's media types and not among the one-shot upload's.
 *
 * Returns: (nullable): X's media category for the attachment
 */
const char *
tern_upload_category_for_attachment (TernAttachmentKind  kind,
                                     const char         *mime_type)
{
  if (kind == TERN_ATTACHMENT_KIND_IMAGE && g_strcmp0 (mime_type, "image/gif") == 0)
    return "tweet_gif";
  return tern_upload_category_for_kind (kind);
}

/**
 * tern_upload_category_for_kind:
 * @kind: an attachment kind
 *
 * Returns: (nullable): X's media category for @kind
 */
const char *
tern_upload_category_for_kind (TernAttachmentKind kind)
{
  switch (kind)
    {
    case TERN_ATTACHMENT_KIND_IMAGE:
      return "tweet_image";
    case TERN_ATTACHMENT_KIND_GIF:
      return "tweet_gif";
    case TERN_ATTACHMENT_KIND_VIDEO:
      return "tweet_video";
    case TERN_ATTACHMENT_KIND_UNKNOWN:
    default:
      return NULL;
    }
}

/**
 * tern_upload_state_get_media_id:
 * @state: (nullable): an attachment's upload state
 *
 * Returns: (nullable): the media id the state records
 */
const char *
tern_upload_state_get_media_id (JsonNode *state)
{
  if (state == NULL || !JSON_NODE_HOLDS_OBJECT (state))
    return NULL;
  return state_get_string (json_node_get_object (state), "media_id");
}

/**
 * tern_upload_state_is_reusable:
 * @state: (nullable): an attachment's upload state
 *
 * Returns: whether @state records a finished upload whose media id has not
 *   expired (the file itself is checked when the upload runs)
 */
gboolean
tern_upload_state_is_reusable (JsonNode *state)
{
  JsonObject *object;

  if (state == NULL || !JSON_NODE_HOLDS_OBJECT (state))
    return FALSE;
  object = json_node_get_object (state);
  return g_strcmp0 (state_get_string (object, "phase"), "done") == 0 &&
         state_get_string (object, "media_id") != NULL &&
         state_get_int (object, "expires_at") > g_get_real_time () / G_USEC_PER_SEC + EXPIRY_MARGIN_SECS;
}
