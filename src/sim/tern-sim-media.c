/* tern-sim-media.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE   /* O_DIRECT */
#define G_LOG_DOMAIN "tern-sim"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "tern-sim-private.h"

/* Media upload: one-shot for images, and INIT / APPEND / FINALIZE / STATUS
 * for anything. Segments go to a file each (never the whole upload in
 * memory), assembled by index. The serving thread only checks an APPEND;
 * storing it and hashing it happen on the simulator's store worker, which
 * answers it once the segment is stored. Each segment is hashed once: the
 * SHA-256 of the whole is fed as segments follow on (a few that come early
 * are held in memory until their turn, more are read back from their
 * files), and recomputed from the files at FINALIZE only when a segment
 * already hashed was replaced by different bytes. */

#define MB (1024 * 1024)

/* Bytes of early segments held in memory for the running hash, at most
 * (about the segments a client has in flight). */
#define AHEAD_LIMIT (32 * MB)

/* Grace for clients whose timers fire a little early (GLib's
 * g_timeout_add_seconds() may fire up to a quarter second early). */
#define EARLY_POLL_GRACE_US (250 * 1000)

/* INIT's media_type values, as the spec (X's SDK) lists them. */
static const char *media_types[] = {
  "video/mp4", "video/webm", "video/mp2t", "video/quicktime", "text/srt", "text/vtt",
  "image/jpeg", "image/gif", "image/bmp", "image/png", "image/webp", "image/pjpeg",
  "image/tiff", "model/gltf-binary", "model/vnd.usdz+zip", NULL,
};

/* The one-shot upload's media_type values: images only, and no GIF (a GIF
 * goes through INIT as tweet_gif). */
static const char *one_shot_media_types[] = {
  "image/jpeg", "image/bmp", "image/png", "image/webp", "image/pjpeg", "image/tiff", NULL,
};

/* The one-shot upload's media_category values. */
static const char *one_shot_categories[] = {
  "tweet_image", "tweet_video", "tweet_gif", "dm_image", "dm_video", "dm_gif", "subtitles", NULL,
};

static const struct { const char *name; gint64 limit; const char *key_prefix; } categories[] = {
  { "tweet_image", 5 * MB, "3" },
  { "dm_image", 5 * MB, "3" },
  { "tweet_gif", 15 * MB, "16" },
  { "dm_gif", 15 * MB, "16" },
  { "tweet_video", 512 * MB, "7" },
  { "dm_video", 512 * MB, "7" },
  { "amplify_video", 512 * MB, "13" },
  { "subtitles", 5 * MB, "23" },
};

const char *
tern_sim_media_state_name (TernSimMediaState state)
{
  switch (state)
    {
    case TERN_SIM_MEDIA_PENDING: return "pending";
    case TERN_SIM_MEDIA_IN_PROGRESS: return "in_progress";
    case TERN_SIM_MEDIA_SUCCEEDED: return "succeeded";
    case TERN_SIM_MEDIA_FAILED: return "failed";
    case TERN_SIM_MEDIA_UPLOADING: return "uploading";
    case TERN_SIM_MEDIA_NONE:
    default:
      return "none";
    }
}

static int
category_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (g_strcmp0 (categories[i].name, name) == 0)
      return i;
  return -1;
}

static void
sim_segment_free (SimSegment *segment)
{
  g_free (segment);
}

void
sim_media_free (SimMedia *media)
{
  g_free (media->id);
  g_free (media->media_key);
  g_free (media->owner_id);
  g_strfreev (media->additional_owners);
  g_free (media->media_type);
  g_free (media->category);
  g_free (media->dir);
  g_clear_pointer (&media->segments, g_hash_table_unref);
  if (media->running != NULL)
    gnutls_hash_deinit (media->running, NULL);
  g_clear_pointer (&media->ahead, g_hash_table_unref);
  g_free (media->sha256);
  g_free (media->alt_text);
  g_free (media->image_type);
  g_free (media->video_type);
  g_clear_pointer (&media->subtitles, g_ptr_array_unref);
  g_free (media->error_name);
  g_free (media->error_message);
  g_free (media);
}

static SimMedia *
media_new (TernSim    *sim,
           const char *owner_id,
           const char *category,
           const char *media_type)
{
  SimMedia *media = g_new0 (SimMedia, 1);
  int index = category_index (category);

  media->id = g_strdup_printf ("%" G_GUINT64_FORMAT, sim->next_media_id++);
  media->media_key = g_strdup_printf ("%s_%s", index >= 0 ? categories[index].key_prefix : "3", media->id);
  media->owner_id = g_strdup (owner_id);
  media->category = g_strdup (category);
  media->media_type = g_strdup (media_type);
  media->created_at = tern_sim_now (sim);
  media->expires_at = media->created_at + sim->media_expires_secs;
  media->state = TERN_SIM_MEDIA_UPLOADING;
  g_hash_table_insert (sim->media, media->id, media);
  return media;
}

static gboolean
media_category_matches_type (const char *category,
                             const char *media_type)
{
  if (media_type == NULL)
    return TRUE;
  if (g_str_has_suffix (category, "_image"))
    return g_str_has_prefix (media_type, "image/");
  if (g_str_has_suffix (category, "_gif"))
    return g_str_equal (media_type, "image/gif");
  if (g_str_has_suffix (category, "_video"))
    return g_str_has_prefix (media_type, "video/");
  if (g_str_equal (category, "subtitles"))
    return g_str_has_prefix (media_type, "text/");
  return TRUE;
}

/* Media ids are the caller's, or shared with them at INIT. */
static SimMedia *
lookup_owned_media (SimRequest *req,
                    const char *id)
{
  SimMedia *media = id ? g_hash_table_lookup (req->sim->media, id) : NULL;

  if (media == NULL)
    return NULL;
  if (media->expires_at <= tern_sim_now (req->sim))
    return NULL;
  if (g_strcmp0 (media->owner_id, req->user_id) == 0)
    return media;
  if (media->additional_owners != NULL &&
      g_strv_contains ((const char * const *) media->additional_owners, req->user_id))
    return media;
  return NULL;
}

static JsonObject *
error_json (SimMedia *media)
{
  JsonObject *error = json_object_new ();

  json_object_set_int_member (error, "code", media->error_code);
  json_object_set_string_member (error, "name", media->error_name);
  json_object_set_string_member (error, "message", media->error_message);
  return error;
}

static JsonObject *
processing_info_json (TernSim  *sim,
                      SimMedia *media)
{
  JsonObject *info = json_object_new ();

  json_object_set_string_member (info, "state", tern_sim_media_state_name (media->state));
  if ((media->state == TERN_SIM_MEDIA_PENDING || media->state == TERN_SIM_MEDIA_IN_PROGRESS) &&
      media->error_name == NULL)
    json_object_set_int_member (info, "check_after_secs", sim->check_after_secs);
  json_object_set_int_member (info, "progress_percent", media->progress);
  if (media->error_name != NULL && !media->fail_pending)
    json_object_set_object_member (info, "error", error_json (media));
  return info;
}

/* The `data` X answers for FINALIZE, STATUS and the one-shot upload. */
static JsonObject *
api_media_json (TernSim  *sim,
                SimMedia *media,
                gboolean  with_processing)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "id", media->id);
  json_object_set_string_member (data, "media_key", media->media_key);
  if (media->sha256 != NULL)
    json_object_set_int_member (data, "size", media->size);
  json_object_set_int_member (data, "expires_after_secs",
                              MAX (media->expires_at - tern_sim_now (sim), 0));
  if (media->image_type != NULL)
    {
      JsonObject *image = json_object_new ();

      json_object_set_string_member (image, "image_type", media->image_type);
      json_object_set_int_member (image, "w", media->width);
      json_object_set_int_member (image, "h", media->height);
      json_object_set_object_member (data, "image", image);
    }
  if (media->video_type != NULL)
    {
      JsonObject *video = json_object_new ();

      json_object_set_string_member (video, "video_type", media->video_type);
      json_object_set_object_member (data, "video", video);
    }
  if (with_processing)
    json_object_set_object_member (data, "processing_info", processing_info_json (sim, media));
  return data;
}

/* What /sim/media/{id} shows: everything, for scripts. */
JsonObject *
tern_sim_media_to_json (TernSim  *sim,
                        SimMedia *media)
{
  JsonObject *object = json_object_new ();

  tern_sim_media_advance (sim, media, FALSE);
  json_object_set_string_member (object, "id", media->id);
  json_object_set_string_member (object, "media_key", media->media_key);
  json_object_set_string_member (object, "owner_id", media->owner_id);
  json_object_set_string_member (object, "media_category", media->category);
  if (media->media_type)
    json_object_set_string_member (object, "media_type", media->media_type);
  json_object_set_string_member (object, "state", tern_sim_media_state_name (media->state));
  json_object_set_int_member (object, "progress_percent", media->progress);
  json_object_set_int_member (object, "total_bytes", media->total_bytes);
  if (media->sha256 != NULL)
    {
      json_object_set_int_member (object, "size", media->size);
      json_object_set_string_member (object, "sha256", media->sha256);
    }
  if (media->segments != NULL)
    json_object_set_int_member (object, "segments", g_hash_table_size (media->segments));
  if (media->alt_text != NULL)
    json_object_set_string_member (object, "alt_text", media->alt_text);
  if (media->error_name != NULL)
    json_object_set_object_member (object, "error", error_json (media));
  json_object_set_int_member (object, "polls", media->polls);
  return object;
}

/* Processing moves on with each STATUS poll that honoured check_after_secs,
 * and with the clock. Called with the lock held. */
void
tern_sim_media_advance (TernSim  *sim,
                        SimMedia *media,
                        gboolean  by_poll)
{
  gint64 elapsed;
  gboolean done;
  int progress;

  if (media->state != TERN_SIM_MEDIA_PENDING && media->state != TERN_SIM_MEDIA_IN_PROGRESS)
    return;
  if (media->error_name != NULL && !media->fail_pending)
    return;   /* stuck in_progress with an error */

  if (by_poll)
    media->polls++;
  elapsed = tern_sim_now_us (sim) - media->finalized_us;
  done = media->polls >= sim->processing_polls ||
         (sim->processing_secs > 0 && elapsed >= sim->processing_secs * G_USEC_PER_SEC);

  if (media->fail_pending && (by_poll || done))
    {
      media->fail_pending = FALSE;
      if (media->fail_in_progress)
        {
          media->state = TERN_SIM_MEDIA_IN_PROGRESS;
          media->progress = MAX (media->progress, 10);
        }
      else
        media->state = TERN_SIM_MEDIA_FAILED;
      return;
    }

  if (done)
    {
      media->state = TERN_SIM_MEDIA_SUCCEEDED;
      media->progress = 100;
      return;
    }

  progress = sim->processing_polls > 0 ? (int) (media->polls * 100 / sim->processing_polls) : 0;
  if (sim->processing_secs > 0)
    progress = MAX (progress, (int) (elapsed * 100 / (sim->processing_secs * G_USEC_PER_SEC)));
  progress = CLAMP (progress, 0, 99);
  if (progress > media->progress)
    media->progress = progress;
  if (media->progress > 0)
    media->state = TERN_SIM_MEDIA_IN_PROGRESS;
}

static void
apply_processing_fault (SimRequest *req,
                        SimMedia   *media)
{
  SimFault *fault = req->processing_fault;

  if (fault == NULL)
    return;
  g_free (media->error_name);
  g_free (media->error_message);
  media->error_code = fault->error_code;
  media->error_name = g_strdup (fault->error_name);
  media->error_message = g_strdup (fault->error_message);
  media->fail_in_progress = fault->stay_in_progress;
  media->fail_pending = TRUE;
}

void
tern_sim_media_classify_poll (TernSim    *sim,
                              SimRequest *req)
{
  const char *id = req->query ? g_hash_table_lookup (req->query, "media_id") : NULL;
  SimMedia *media = id ? g_hash_table_lookup (sim->media, id) : NULL;

  if (media == NULL || !media->needs_processing || sim->check_after_secs == 0)
    return;
  if (media->state != TERN_SIM_MEDIA_PENDING && media->state != TERN_SIM_MEDIA_IN_PROGRESS)
    return;
  req->early_poll = tern_sim_now_us (sim) - media->last_poll_us + EARLY_POLL_GRACE_US <
                    (gint64) sim->check_after_secs * G_USEC_PER_SEC;
}

/* Content sniffing for one-shot images: the type and size from the header. */

static guint
be32 (const guint8 *p)
{
  return ((guint) p[0] << 24) | ((guint) p[1] << 16) | ((guint) p[2] << 8) | p[3];
}

static guint
le16 (const guint8 *p)
{
  return p[0] | ((guint) p[1] << 8);
}

static guint
le24 (const guint8 *p)
{
  return p[0] | ((guint) p[1] << 8) | ((guint) p[2] << 16);
}

static const char *
sniff_image (const guint8 *data,
             gsize         len,
             int          *w,
             int          *h)
{
  *w = *h = 0;
  if (len >= 24 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    {
      if (memcmp (data + 12, "IHDR", 4) == 0)
        {
          *w = be32 (data + 16);
          *h = be32 (data + 20);
        }
      return "image/png";
    }
  if (len >= 10 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    {
      *w = le16 (data + 6);
      *h = le16 (data + 8);
      return "image/gif";
    }
  if (len >= 4 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    {
      gsize i = 2;

      while (i + 9 < len)
        {
          guint8 marker;
          guint seg_len;

          if (data[i] != 0xFF)
            break;
          marker = data[i + 1];
          if (marker == 0xFF)
            {
              i++;
              continue;
            }
          seg_len = ((guint) data[i + 2] << 8) | data[i + 3];
          if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
            {
              *h = ((guint) data[i + 5] << 8) | data[i + 6];
              *w = ((guint) data[i + 7] << 8) | data[i + 8];
              break;
            }
          i += 2 + seg_len;
        }
      return "image/jpeg";
    }
  if (len >= 30 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    {
      if (memcmp (data + 12, "VP8X", 4) == 0)
        {
          *w = 1 + le24 (data + 24);
          *h = 1 + le24 (data + 27);
        }
      else if (memcmp (data + 12, "VP8 ", 4) == 0)
        {
          *w = le16 (data + 26) & 0x3fff;
          *h = le16 (data + 28) & 0x3fff;
        }
      else if (memcmp (data + 12, "VP8L", 4) == 0 && len >= 25)
        {
          guint bits = data[21] | ((guint) data[22] << 8) | ((guint) data[23] << 16) | ((guint) data[24] << 24);

          *w = 1 + (bits & 0x3fff);
          *h = 1 + ((bits >> 14) & 0x3fff);
        }
      return "image/webp";
    }
  if (len >= 26 && data[0] == 'B' && data[1] == 'M')
    {
      *w = (int) (data[18] | (data[19] << 8) | (data[20] << 16) | ((guint) data[21] << 24));
      *h = ABS ((int) (data[22] | (data[23] << 8) | (data[24] << 16) | ((guint) data[25] << 24)));
      return "image/bmp";
    }
  if (len >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return "image/tiff";
  return NULL;
}

static char *
digest_hex (const guint8 digest[32])
{
  GString *hex = g_string_sized_new (64);

  for (guint i = 0; i < 32; i++)
    g_string_append_printf (hex, "%02x", digest[i]);
  return g_string_free (hex, FALSE);
}

/* GnuTLS's SHA-256 uses the CPU's SHA instructions where it has them:
 * several times GChecksum's speed, which a 512 MB upload feels. */
static char *
sha256_hex (const guint8 *data,
            gsize         len)
{
  guint8 digest[32];

  if (gnutls_hash_fast (GNUTLS_DIG_SHA256, data, len, digest) < 0)
    return NULL;
  return digest_hex (digest);
}

/* Request bodies */

static gboolean
is_multipart (SimRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  return type != NULL && g_ascii_strcasecmp (type, "multipart/form-data") == 0;
}

/* Reads a multipart body into its text fields and the `media` part (or a
 * base64 `media_data` field). */
static GHashTable *
parse_multipart (SimRequest  *req,
                 GBytes     **media)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  SoupMultipart *multipart = soup_multipart_new_from_message (headers, bytes);
  GHashTable *fields;
  const char *base64;

  *media = NULL;
  if (multipart == NULL)
    return NULL;
  fields = soup_form_decode_multipart (multipart, "media", NULL, NULL, media);
  if (fields == NULL)
    return NULL;   /* soup_form_decode_multipart() freed the multipart */

  if (*media == NULL && (base64 = g_hash_table_lookup (fields, "media_data")) != NULL)
    {
      gsize len = 0;
      guchar *decoded = g_base64_decode (base64, &len);

      *media = g_bytes_new_take (decoded, len);
    }
  return fields;
}

static gboolean
parse_index (const char *text,
             gint64      max,
             gint64     *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    return FALSE;
  *out = value;
  return TRUE;
}

/* What a whole upload is, from its first bytes: an image (with its size),
 * a video container, or subtitles. */
static const char *
sniff_media (const guint8 *data,
             gsize         len,
             int          *w,
             int          *h)
{
  const char *image = sniff_image (data, len, w, h);

  if (image != NULL)
    return image;
  if (len >= 12 && memcmp (data + 4, "ftyp", 4) == 0)
    return memcmp (data + 8, "qt  ", 4) == 0 ? "video/quicktime" : "video/mp4";
  if (len >= 4 && memcmp (data, "\x1a\x45\xdf\xa3", 4) == 0)
    return "video/webm";
  if (len >= 189 && data[0] == 0x47 && data[188] == 0x47)
    return "video/mp2t";
  if (len >= 6 && memcmp (data, "WEBVTT", 6) == 0)
    return "text/vtt";
  if (len > 0 && memchr (data, '\0', MIN (len, 4096)) == NULL &&
      g_strstr_len ((const char *) data, MIN (len, 4096), "-->") != NULL)
    return "text/srt";
  return NULL;
}

/* The kind of content a category holds, and whether @sniffed is of it. */
static gboolean
category_accepts (const char *category,
                  const char *sniffed)
{
  if (sniffed == NULL)
    return FALSE;
  if (g_str_has_suffix (category, "_image"))
    return g_str_has_prefix (sniffed, "image/");
  if (g_str_has_suffix (category, "_gif"))
    return g_str_equal (sniffed, "image/gif");
  if (g_str_has_suffix (category, "_video"))
    return g_str_has_prefix (sniffed, "video/");
  if (g_str_equal (category, "subtitles"))
    return g_str_has_prefix (sniffed, "text/");
  return FALSE;
}

/* Sets what FINALIZE, STATUS and the one-shot answer say about the media
 * (`image` or `video`), from its first bytes. */
static void
describe_content (SimMedia     *media,
                  const guint8 *data,
                  gsize         len)
{
  int w, h;
  const char *sniffed = sniff_media (data, len, &w, &h);

  if (media->media_type == NULL && sniffed != NULL)
    media->media_type = g_strdup (sniffed);
  if (g_str_has_suffix (media->category, "_image") && sniffed && g_str_has_prefix (sniffed, "image/"))
    {
      g_free (media->image_type);
      media->image_type = g_strdup (sniffed);
      media->width = w;
      media->height = h;
    }
  else if (g_str_has_suffix (media->category, "_video") || g_str_has_suffix (media->category, "_gif"))
    {
      /* what X serves after processing: an MP4 */
      g_free (media->video_type);
      media->video_type = g_strdup ("video/mp4");
    }
}

static char **
split_owners (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text ? text : "", ",", -1);
  g_autoptr(GPtrArray) owners = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_ptr_array_add (owners, g_strdup (parts[i]));
    }
  g_ptr_array_add (owners, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&owners), FALSE);
}

static gboolean
is_decimal_id (const char *text)
{
  gsize n = text ? strlen (text) : 0;

  if (n == 0 || n > 19)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* One-shot upload: multipart (raw bytes in a `media` part) or JSON (base64
 * `media`), as the spec allows both. */

void
tern_sim_handle_media_upload (SimRequest *req)
{
  TernSim *sim = req->sim;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) owners = NULL;
  const char *category = NULL, *declared = NULL, *owners_text = NULL;
  const char *sniffed;
  const guint8 *data;
  gsize len;
  int w, h;
  SimMedia *media;

  if (is_multipart (req))
    {
      fields = parse_multipart (req, &bytes);
      if (fields == NULL)
        {
          tern_sim_respond_problem (req, 400, "The multipart body could not be read.", "media", "");
          return;
        }
      category = g_hash_table_lookup (fields, "media_category");
      declared = g_hash_table_lookup (fields, "media_type");
      owners_text = g_hash_table_lookup (fields, "additional_owners");
    }
  else if ((json = tern_sim_parse_json_body (req)) != NULL)
    {
      JsonObject *object = json_node_get_object (json);
      const char *names[] = { "media", "media_category", "media_type", "additional_owners", "shared" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          JsonNode *member = json_object_get_member (object, names[i]);
          gboolean is_bool = g_str_equal (names[i], "shared");

          if (member != NULL && (!JSON_NODE_HOLDS_VALUE (member) ||
                                 json_node_get_value_type (member) != (is_bool ? G_TYPE_BOOLEAN : G_TYPE_STRING)))
            {
              g_autofree char *message = g_strdup_printf ("$.%s: %s expected", names[i],
                                                          is_bool ? "boolean" : "string");

              tern_sim_respond_problem (req, 400, message, names[i], "");
              return;
            }
        }
      category = json_object_get_string_member_with_default (object, "media_category", NULL);
      declared = json_object_get_string_member_with_default (object, "media_type", NULL);
      owners_text = json_object_get_string_member_with_default (object, "additional_owners", NULL);
      if (json_object_has_member (object, "media"))
        {
          gsize n = 0;
          guchar *decoded = g_base64_decode (json_object_get_string_member (object, "media"), &n);

          bytes = g_bytes_new_take (decoded, n);
        }
    }
  else
    {
      tern_sim_respond_problem (req, 400,
                                "The body must be multipart/form-data with a media part, or a JSON object "
                                "with base64 media.", "media", "");
      return;
    }

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      tern_sim_respond_problem (req, 400, "$.media: is missing but it is required", "media", "");
      return;
    }
  if (category == NULL)
    {
      tern_sim_respond_problem (req, 400, "$.media_category: is missing but it is required",
                                "media_category", "");
      return;
    }
  if (!g_strv_contains (one_shot_categories, category))
    {
      tern_sim_respond_problem (req, 400,
                                "$.media_category: does not have a value in the enumeration [tweet_image, "
                                "tweet_video, tweet_gif, dm_image, dm_video, dm_gif, subtitles]",
                                "media_category", category);
      return;
    }
  if (declared != NULL && !g_strv_contains (one_shot_media_types, declared))
    {
      tern_sim_respond_problem (req, 400,
                                "$.media_type: does not have a value in the enumeration [image/jpeg, "
                                "image/bmp, image/png, image/webp, image/pjpeg, image/tiff]",
                                "media_type", declared);
      return;
    }
  owners = split_owners (owners_text);
  for (guint i = 0; owners[i] != NULL; i++)
    {
      if (!is_decimal_id (owners[i]))
        {
          tern_sim_respond_problem (req, 400, "additional_owners must be user ids, separated by commas.",
                                    "additional_owners", owners[i]);
          return;
        }
    }

  data = g_bytes_get_data (bytes, &len);
  if ((gint64) len > categories[category_index (category)].limit)
    {
      g_autofree char *message = g_strdup_printf ("File size exceeds %" G_GINT64_FORMAT " bytes.",
                                                  categories[category_index (category)].limit);

      tern_sim_respond_problem (req, 400, message, "media", "");
      return;
    }

  sniffed = sniff_media (data, len, &w, &h);
  if (!category_accepts (category, sniffed))
    {
      tern_sim_respond_problem (req, 400, "media type unrecognized.", "media", "");
      return;
    }

  media = media_new (sim, req->user_id, category, sniffed);
  media->total_bytes = len;
  media->size = len;
  media->sha256 = sha256_hex (data, len);
  if (owners[0] != NULL)
    media->additional_owners = g_steal_pointer (&owners);
  describe_content (media, data, len);
  req->media_id = g_strdup (media->id);

  /* Video and GIF are processed as after FINALIZE; images and subtitles
   * are ready at once. */
  media->needs_processing = g_str_has_suffix (category, "_video") || g_str_has_suffix (category, "_gif");
  media->finalized_us = tern_sim_now_us (sim);
  media->last_poll_us = media->finalized_us;
  if (media->needs_processing)
    {
      media->state = TERN_SIM_MEDIA_PENDING;
      media->progress = 0;
    }
  else
    {
      media->state = TERN_SIM_MEDIA_SUCCEEDED;
      media->progress = 100;
    }

  {
    g_autoptr(JsonObject) out = api_media_json (sim, media, media->needs_processing);

    tern_sim_respond_data (req, 200, out);
  }
}

/* INITIALIZE: every field is optional in the spec. Without media_type the
 * content decides at FINALIZE; without total_bytes any total is taken (up
 * to the category's limit). */

void
tern_sim_handle_media_initialize (SimRequest *req)
{
  TernSim *sim = req->sim;
  g_autoptr(JsonNode) node = tern_sim_parse_json_body (req);
  JsonObject *body;
  JsonNode *member;
  const char *media_type, *category;
  gint64 total_bytes = -1;
  int index;
  SimMedia *media;
  g_autoptr(JsonObject) out = NULL;

  if (node == NULL)
    {
      tern_sim_respond_problem (req, 400, "The request body must be a JSON object.", "body", "");
      return;
    }
  body = json_node_get_object (node);

  member = json_object_get_member (body, "total_bytes");
  if (member != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64 ||
          json_node_get_int (member) <= 0)
        {
          tern_sim_respond_problem (req, 400, "$.total_bytes: must be a positive integer", "total_bytes", "");
          return;
        }
      total_bytes = json_node_get_int (member);
    }

  member = json_object_get_member (body, "media_type");
  media_type = NULL;
  if (member != NULL)
    {
      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
        media_type = json_node_get_string (member);
      if (media_type == NULL || !g_strv_contains (media_types, media_type))
        {
          tern_sim_respond_problem (req, 400, "$.media_type: does not have a value in the enumeration "
                                    "[video/mp4, video/webm, video/mp2t, video/quicktime, text/srt, text/vtt, "
                                    "image/jpeg, image/gif, image/bmp, image/png, image/webp, image/pjpeg, "
                                    "image/tiff, model/gltf-binary, model/vnd.usdz+zip]",
                                    "media_type", media_type ? media_type : "");
          return;
        }
    }

  member = json_object_get_member (body, "shared");
  if (member != NULL && (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN))
    {
      tern_sim_respond_problem (req, 400, "$.shared: boolean expected", "shared", "");
      return;
    }

  category = json_object_get_string_member_with_default (body, "media_category", NULL);
  if (category == NULL && media_type != NULL)
    category = g_str_has_prefix (media_type, "video/") ? "tweet_video"
               : g_str_equal (media_type, "image/gif") ? "tweet_gif"
               : g_str_has_prefix (media_type, "text/") ? "subtitles" : "tweet_image";
  else if (category == NULL)
    category = "tweet_image";
  index = category_index (category);
  if (index < 0)
    {
      tern_sim_respond_problem (req, 400, "Invalid media_category.", "media_category", category);
      return;
    }
  if (total_bytes > categories[index].limit)
    {
      g_autofree char *message = g_strdup_printf ("File size exceeds %" G_GINT64_FORMAT " bytes.",
                                                  categories[index].limit);

      tern_sim_respond_problem (req, 400, message, "total_bytes", "");
      return;
    }

  media = media_new (sim, req->user_id, category, media_type);
  media->total_bytes = total_bytes;
  media->segments = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                           (GDestroyNotify) sim_segment_free);
  media->running_valid = gnutls_hash_init (&media->running, GNUTLS_DIG_SHA256) >= 0;
  if (!media->running_valid)
    media->running = NULL;
  media->ahead = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                        (GDestroyNotify) g_bytes_unref);
  media->dir = g_build_filename (sim->media_dir, media->id, NULL);
  g_mkdir_with_parents (media->dir, 0700);
  /* Video and animated GIF are processed; so is anything whose category
   * does not fit its type: it fails there, as X's does. */
  media->needs_processing = !g_str_has_suffix (category, "_image") ||
                            !media_category_matches_type (category, media_type);
  if (g_str_equal (category, "subtitles") && media_category_matches_type (category, media_type))
    media->needs_processing = FALSE;
  if (json_object_has_member (body, "additional_owners"))
    {
      JsonNode *owners = json_object_get_member (body, "additional_owners");

      if (JSON_NODE_HOLDS_ARRAY (owners))
        {
          JsonArray *array = json_node_get_array (owners);
          GPtrArray *list = g_ptr_array_new ();

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              const char *owner = json_array_get_string_element (array, i);

              if (owner != NULL)
                g_ptr_array_add (list, g_strdup (owner));
            }
          g_ptr_array_add (list, NULL);
          media->additional_owners = (char **) g_ptr_array_free (list, FALSE);
        }
    }
  req->media_id = g_strdup (media->id);

  out = json_object_new ();
  json_object_set_string_member (out, "id", media->id);
  json_object_set_string_member (out, "media_key", media->media_key);
  json_object_set_int_member (out, "expires_after_secs", sim->media_expires_secs);
  tern_sim_respond_data (req, 200, out);
}

/* APPEND */

static char *
segment_path (SimMedia *media,
              gint64    index)
{
  g_autofree char *name = g_strdup_printf ("seg-%03" G_GINT64_FORMAT, index);

  return g_build_filename (media->dir, name, NULL);
}

/* On the store worker: feeds the running hash with every stored segment
 * that now follows on. */
static void
feed_running_hash (SimMedia *media)
{
  while (media->running_valid &&
         g_hash_table_contains (media->segments, GINT_TO_POINTER (media->next_hash)))
    {
      gpointer key = GINT_TO_POINTER (media->next_hash);
      g_autoptr(GBytes) held = NULL;
      g_autofree char *contents = NULL;
      const guint8 *data;
      gsize n = 0;

      if (g_hash_table_steal_extended (media->ahead, key, NULL, (gpointer *) &held))
        {
          data = g_bytes_get_data (held, &n);
          media->ahead_bytes -= n;
        }
      else
        {
          g_autofree char *path = segment_path (media, media->next_hash);

          if (!g_file_get_contents (path, &contents, &n, NULL))
            {
              media->running_valid = FALSE;
              return;
            }
          data = (const guint8 *) contents;
        }
      if (gnutls_hash (media->running, data, n) < 0)
        {
          media->running_valid = FALSE;
          return;
        }
      media->next_hash++;
    }
}

/* Whether the file at @path holds exactly @data. */
static gboolean
file_holds (const char   *path,
            const guint8 *data,
            gsize         len)
{
  g_autofree char *contents = NULL;
  gsize n = 0;

  return g_file_get_contents (path, &contents, &n, NULL) && n == len &&
         memcmp (contents, data, len) == 0;
}

static gboolean
media_uploadable (SimRequest *req,
                  SimMedia   *media)
{
  if (media == NULL)
    {
      tern_sim_respond_problem (req, 400, "The media id is not valid, has expired, or is not yours.",
                                "id", req->media_id ? req->media_id : "");
      return FALSE;
    }
  return TRUE;
}

/* O_DIRECT's alignment, of memory, file offset and length. */
#define DIRECT_ALIGN 4096

/* The store worker's bounce buffer for O_DIRECT, aligned as it needs. */
typedef struct
{
  guint8 *data;
  gsize   size;
} DirectBuffer;

static void
direct_buffer_free (DirectBuffer *buffer)
{
  g_aligned_free (buffer->data);
  g_free (buffer);
}

static GPrivate direct_buffer = G_PRIVATE_INIT ((GDestroyNotify) direct_buffer_free);

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

/* On the store worker: writes a segment's file. Through O_DIRECT where the
 * file system has it: copying 512 MB into freshly allocated page cache
 * costs this machine seconds of CPU, more than the disk's own time, and
 * the segments are read back rarely (a repeat, a late hash, FINALIZE's
 * first bytes). */
static gboolean
write_segment (const char    *path,
               const guint8  *data,
               gsize          len,
               GError       **error)
{
  DirectBuffer *buffer = g_private_get (&direct_buffer);
  gsize direct = len - len % DIRECT_ALIGN;
  int saved, fd = -1;

  if (direct > 0)
    fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_DIRECT, 0600);
  if (fd >= 0)
    {
      if (buffer == NULL)
        {
          buffer = g_new0 (DirectBuffer, 1);
          g_private_set (&direct_buffer, buffer);
        }
      if (buffer->size < direct)
        {
          g_aligned_free (buffer->data);
          buffer->data = g_aligned_alloc (1, direct, DIRECT_ALIGN);
          buffer->size = direct;
        }
      memcpy (buffer->data, data, direct);
      if (write_all (fd, buffer->data, direct) &&
          fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_DIRECT) == 0 &&
          write_all (fd, data + direct, len - direct) &&
          close (fd) == 0)
        return TRUE;
      saved = errno;
      close (fd);
      g_unlink (path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  /* no O_DIRECT here (tmpfs), or a small segment */
  return g_file_set_contents (path, (const char *) data, len, error);
}

typedef struct
{
  SimMedia *media;      /* lives as long as the simulator */
  gint64    index;
  GBytes   *bytes;
  GError   *error;
} AppendJob;

static void
append_job_free (AppendJob *job)
{
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_error (&job->error);
  g_free (job);
}

/* On the store worker: stores the segment and feeds the hash. */
static void
append_store (SimRequest *req,
              gpointer    data)
{
  AppendJob *job = data;
  SimMedia *media = job->media;
  gpointer key = GINT_TO_POINTER (job->index);
  g_autofree char *path = segment_path (media, job->index);
  SimSegment *old, *segment;
  const guint8 *bytes;
  gsize len;

  bytes = g_bytes_get_data (job->bytes, &len);
  /* only this thread changes the table, so it reads it without the lock */
  old = g_hash_table_lookup (media->segments, key);
  if (old != NULL && job->index < media->next_hash)
    {
      /* a repeated segment already hashed: the same bytes change nothing */
      if (old->size == len && file_holds (path, bytes, len))
        return;
      media->running_valid = FALSE;
    }
  /* a repeated segment replaces the earlier one */
  if (!write_segment (path, bytes, len, &job->error))
    return;

  if (g_hash_table_remove (media->ahead, key))
    media->ahead_bytes -= old->size;
  if (media->running_valid && job->index > media->next_hash &&
      media->ahead_bytes + len <= AHEAD_LIMIT)
    {
      g_hash_table_insert (media->ahead, key, g_bytes_ref (job->bytes));
      media->ahead_bytes += len;
    }

  segment = g_new0 (SimSegment, 1);
  segment->size = len;
  g_mutex_lock (&req->sim->lock);
  g_hash_table_replace (media->segments, key, segment);
  g_mutex_unlock (&req->sim->lock);

  if (job->index == media->next_hash && media->running_valid)
    {
      if (gnutls_hash (media->running, bytes, len) < 0)
        media->running_valid = FALSE;
      else
        media->next_hash++;
      feed_running_hash (media);
    }
}

/* On the serving thread, with the lock held. */
static void
append_answer (SimRequest *req,
               gpointer    data)
{
  AppendJob *job = data;
  g_autoptr(JsonObject) out = NULL;

  if (job->error != NULL)
    {
      g_warning ("Could not store segment %" G_GINT64_FORMAT " of %s: %s",
                 job->index, job->media->id, job->error->message);
      tern_sim_respond_problem (req, 500, "Internal Server Error", NULL, NULL);
      return;
    }
  out = json_object_new ();
  json_object_set_int_member (out, "expires_at", job->media->expires_at);
  tern_sim_respond_data (req, 200, out);
}

void
tern_sim_handle_media_append (SimRequest *req)
{
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) json = NULL;
  const char *index_text = NULL;
  g_autofree char *index_owned = NULL;
  SimMedia *media;
  AppendJob *job;
  gint64 index;

  media = lookup_owned_media (req, req->media_id);
  if (!media_uploadable (req, media))
    return;
  /* an APPEND behind a FINALIZE counts as after it */
  if (media->state != TERN_SIM_MEDIA_UPLOADING || media->finalizing > 0)
    {
      tern_sim_respond_problem (req, 400, "This media was already finalized; start a new upload.",
                                "id", media->id);
      return;
    }

  if (is_multipart (req))
    {
      fields = parse_multipart (req, &bytes);
      if (fields != NULL)
        index_text = g_hash_table_lookup (fields, "segment_index");
    }
  else if ((json = tern_sim_parse_json_body (req)) != NULL)
    {
      JsonObject *object = json_node_get_object (json);
      JsonNode *member = json_object_get_member (object, "segment_index");
      const char *base64 = json_object_get_string_member_with_default (object, "media", NULL);

      if (base64 == NULL)
        base64 = json_object_get_string_member_with_default (object, "media_data", NULL);
      if (base64 != NULL)
        {
          gsize n = 0;
          guchar *decoded = g_base64_decode (base64, &n);

          bytes = g_bytes_new_take (decoded, n);
        }
      if (member != NULL && JSON_NODE_HOLDS_VALUE (member))
        {
          if (json_node_get_value_type (member) == G_TYPE_INT64)
            index_text = index_owned = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (member));
          else if (json_node_get_value_type (member) == G_TYPE_STRING)
            index_text = json_node_get_string (member);
        }
    }

  if (!parse_index (index_text, 999, &index))
    {
      tern_sim_respond_problem (req, 400, "segment_index must be an integer from 0 to 999.",
                                "segment_index", index_text ? index_text : "");
      return;
    }
  req->segment_index = index;
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      tern_sim_respond_problem (req, 400, "The media field is required.", "media", "");
      return;
    }

  job = g_new0 (AppendJob, 1);
  job->media = media;
  job->index = index;
  job->bytes = g_steal_pointer (&bytes);
  tern_sim_defer (req, append_store, append_answer, job, (GDestroyNotify) append_job_free);
}

/* FINALIZE */

static gint
compare_index (gconstpointer a,
               gconstpointer b)
{
  return GPOINTER_TO_INT (a) - GPOINTER_TO_INT (b);
}

static char *
hash_segments_from_disk (SimMedia *media)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (media->segments), compare_index);
  gnutls_hash_hd_t hash;
  guint8 digest[32];
  gboolean ok = TRUE;

  if (gnutls_hash_init (&hash, GNUTLS_DIG_SHA256) < 0)
    return NULL;
  for (GList *l = keys; l != NULL && ok; l = l->next)
    {
      g_autofree char *path = segment_path (media, GPOINTER_TO_INT (l->data));
      g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);

      ok = file != NULL &&
           gnutls_hash (hash, g_mapped_file_get_contents (file), g_mapped_file_get_length (file)) >= 0;
    }
  gnutls_hash_deinit (hash, digest);
  return ok ? digest_hex (digest) : NULL;
}

static void
drop_segments (SimMedia *media)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, media->segments);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *path = segment_path (media, GPOINTER_TO_INT (key));

      g_unlink (path);
    }
  g_rmdir (media->dir);
}

static void
respond_media_state (SimRequest *req,
                     SimMedia   *media)
{
  g_autoptr(JsonObject) out = api_media_json (req->sim, media, media->needs_processing);

  tern_sim_respond_data (req, 200, out);
}

typedef struct
{
  SimMedia *media;      /* lives as long as the simulator */
  char     *sha256;
} FinalizeJob;

static void
finalize_job_free (FinalizeJob *job)
{
  g_free (job->sha256);
  g_free (job);
}

/* On the store worker, after every APPEND before it is stored: the hash
 * of the whole, from the running hash when that has every segment. */
static void
finalize_hash (SimRequest *req,
               gpointer    data)
{
  FinalizeJob *job = data;
  SimMedia *media = job->media;

  if (media->running_valid && media->next_hash == (int) g_hash_table_size (media->segments))
    {
      gnutls_hash_hd_t copy = gnutls_hash_copy (media->running);
      guint8 digest[32];

      if (copy != NULL)
        {
          gnutls_hash_deinit (copy, digest);
          job->sha256 = digest_hex (digest);
          return;
        }
    }
  job->sha256 = hash_segments_from_disk (media);
}

static void finalize_answer (SimRequest *req,
                             gpointer    data);

void
tern_sim_handle_media_finalize (SimRequest *req)
{
  SimMedia *media;
  FinalizeJob *job;

  media = lookup_owned_media (req, req->media_id);
  if (!media_uploadable (req, media))
    return;

  if (media->state != TERN_SIM_MEDIA_UPLOADING)
    {
      /* a FINALIZE whose answer was lost, sent again */
      respond_media_state (req, media);
      return;
    }

  /* answered once the APPENDs before it are stored */
  job = g_new0 (FinalizeJob, 1);
  job->media = media;
  media->finalizing++;
  tern_sim_defer (req, finalize_hash, finalize_answer, job, (GDestroyNotify) finalize_job_free);
}

/* On the serving thread, with the lock held. */
static void
finalize_answer (SimRequest *req,
                 gpointer    data)
{
  FinalizeJob *job = data;
  SimMedia *media = job->media;
  TernSim *sim = req->sim;
  GHashTableIter iter;
  gpointer value;
  gint64 sum = 0;

  media->finalizing--;
  if (media->state != TERN_SIM_MEDIA_UPLOADING)
    {
      /* two FINALIZEs at once: the second one's answer */
      respond_media_state (req, media);
      return;
    }

  g_hash_table_iter_init (&iter, media->segments);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    sum += ((SimSegment *) value)->size;
  if (media->total_bytes < 0)
    {
      gint64 limit = categories[category_index (media->category)].limit;

      if (sum == 0)
        {
          tern_sim_respond_problem (req, 400, "No segments were appended to this upload.", "id", media->id);
          return;
        }
      if (sum > limit)
        {
          g_autofree char *message = g_strdup_printf ("File size exceeds %" G_GINT64_FORMAT " bytes.", limit);

          tern_sim_respond_problem (req, 400, message, "total_bytes", "");
          return;
        }
      media->total_bytes = sum;
    }
  if (sum != media->total_bytes)
    {
      tern_sim_respond_problem (req, 400, "Segments do not add up to provided total file size.",
                                "total_bytes", "");
      return;
    }

  media->sha256 = g_steal_pointer (&job->sha256);
  if (media->sha256 == NULL)
    {
      tern_sim_respond_problem (req, 500, "Internal Server Error", NULL, NULL);
      return;
    }
  media->size = sum;
  {
    g_autofree char *first = segment_path (media, 0);
    g_autofree char *head = NULL;
    g_autoptr(GFile) file = g_file_new_for_path (first);
    g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
    guint8 buffer[64 * 1024];
    gsize got = 0;

    if (stream != NULL &&
        g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, sizeof buffer, &got, NULL, NULL))
      describe_content (media, buffer, got);
  }
  if (media->media_type == NULL)
    {
      /* nothing said what it is, and the bytes do not either */
      media->media_type = g_strdup ("application/octet-stream");
      media->needs_processing = TRUE;
    }
  drop_segments (media);

  if (!media_category_matches_type (media->category, media->media_type))
    media->needs_processing = TRUE;
  media->finalized_us = tern_sim_now_us (sim);
  media->last_poll_us = media->finalized_us;
  media->progress = 0;
  if (media->needs_processing)
    {
      media->state = TERN_SIM_MEDIA_PENDING;
      if (!media_category_matches_type (media->category, media->media_type) &&
          req->processing_fault == NULL)
        {
          media->error_code = 1;
          media->error_name = g_strdup ("InvalidMedia");
          media->error_message = g_strdup ("Invalid or Unsupported media, Reason: UnsupportedMedia.");
          media->fail_pending = TRUE;
        }
      apply_processing_fault (req, media);
    }
  else if (req->processing_fault != NULL)
    {
      /* an image has no processing step: it fails at once */
      apply_processing_fault (req, media);
      media->needs_processing = TRUE;
      media->fail_pending = FALSE;
      media->state = media->fail_in_progress ? TERN_SIM_MEDIA_IN_PROGRESS : TERN_SIM_MEDIA_FAILED;
    }
  else
    {
      media->state = TERN_SIM_MEDIA_SUCCEEDED;
      media->progress = 100;
    }

  respond_media_state (req, media);
}

/* STATUS */

void
tern_sim_handle_media_status (SimRequest *req)
{
  const char *command = req->query ? g_hash_table_lookup (req->query, "command") : NULL;
  const char *id = req->query ? g_hash_table_lookup (req->query, "media_id") : NULL;
  SimMedia *media;

  if (command != NULL && g_strcmp0 (command, "STATUS") != 0)
    {
      tern_sim_respond_problem (req, 400, "command must be STATUS.", "command", command ? command : "");
      return;
    }
  if (id == NULL)
    {
      tern_sim_respond_problem (req, 400, "media_id is required.", "media_id", "");
      return;
    }
  media = lookup_owned_media (req, id);
  /* Media that needs no processing has no status to ask for. */
  if (media == NULL || !media->needs_processing || media->state == TERN_SIM_MEDIA_UPLOADING)
    {
      tern_sim_respond_problem (req, 400, "Not found", "media_id", id);
      return;
    }

  if (req->processing_fault != NULL &&
      (media->state == TERN_SIM_MEDIA_PENDING || media->state == TERN_SIM_MEDIA_IN_PROGRESS))
    apply_processing_fault (req, media);
  tern_sim_media_advance (req->sim, media, !req->early_poll);
  media->last_poll_us = tern_sim_now_us (req->sim);
  respond_media_state (req, media);
}

/* Alt text */

void
tern_sim_handle_media_metadata (SimRequest *req)
{
  g_autoptr(JsonNode) node = tern_sim_parse_json_body (req);
  g_autoptr(JsonObject) out = NULL;
  JsonObject *body, *metadata, *alt;
  const char *id, *text;
  SimMedia *media;

  if (node == NULL)
    {
      tern_sim_respond_problem (req, 400, "The request body must be a JSON object.", "body", "");
      return;
    }
  body = json_node_get_object (node);
  id = json_object_get_string_member_with_default (body, "id", NULL);
  if (id == NULL)
    id = json_object_get_string_member_with_default (body, "media_id", NULL);
  if (id == NULL)
    {
      tern_sim_respond_problem (req, 400, "id is required.", "id", "");
      return;
    }
  req->media_id = g_strdup (id);

  metadata = tern_sim_json_object_member (body, "metadata");
  if (metadata == NULL)
    metadata = body;   /* the v1.1 shape puts alt_text at the top */
  alt = tern_sim_json_object_member (metadata, "alt_text");
  text = alt ? json_object_get_string_member_with_default (alt, "text", NULL) : NULL;
  if (text == NULL)
    {
      tern_sim_respond_problem (req, 400, "metadata.alt_text.text is required.", "metadata.alt_text.text", "");
      return;
    }
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > 1000)
    {
      tern_sim_respond_problem (req, 400, "Alt text can be at most 1000 characters.",
                                "metadata.alt_text.text", "");
      return;
    }

  media = lookup_owned_media (req, id);
  if (media == NULL)
    {
      tern_sim_respond_problem (req, 400, "The media id is not valid, has expired, or is not yours.", "id", id);
      return;
    }
  g_free (media->alt_text);
  media->alt_text = g_strdup (text);

  out = json_object_new ();
  json_object_set_string_member (out, "id", media->id);
  tern_sim_respond_data (req, 200, out);
}

/* Subtitles: a `subtitles` upload associated with a video, by language. */

static void
sim_subtitles_free (SimSubtitles *subtitles)
{
  g_free (subtitles->media_id);
  g_free (subtitles->language_code);
  g_free (subtitles->display_name);
  g_free (subtitles);
}

/* BCP 47 as X takes it: a 2–3 letter language, optionally a region or
 * script ("en", "pt-BR", "zh-Hant"). */
static gboolean
is_language_code (const char *code)
{
  g_auto(GStrv) parts = g_strsplit (code, "-", -1);
  gsize n = strlen (parts[0]);

  if (n < 2 || n > 3)
    return FALSE;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gsize len = strlen (parts[i]);

      if (len == 0 || len > 8)
        return FALSE;
      for (gsize j = 0; j < len; j++)
        if (!g_ascii_isalnum (parts[i][j]) || (i == 0 && !g_ascii_isalpha (parts[i][j])))
          return FALSE;
    }
  return TRUE;
}

static gboolean
subtitles_request (SimRequest  *req,
                   JsonObject **body_out,
                   JsonNode   **node_out,
                   SimMedia   **video_out)
{
  JsonNode *node = tern_sim_parse_json_body (req);
  JsonObject *body;
  const char *id, *category;
  SimMedia *video;

  if (node == NULL)
    {
      tern_sim_respond_problem (req, 400, "The request body must be a JSON object.", "body", "");
      return FALSE;
    }
  *node_out = node;
  body = json_node_get_object (node);
  *body_out = body;
  id = json_object_get_string_member_with_default (body, "id", NULL);
  if (id == NULL)
    {
      tern_sim_respond_problem (req, 400, "$.id: is missing but it is required", "id", "");
      return FALSE;
    }
  req->media_id = g_strdup (id);
  category = json_object_get_string_member_with_default (body, "media_category", NULL);
  if (category != NULL && !g_str_equal (category, "TweetVideo") && !g_str_equal (category, "AmplifyVideo"))
    {
      tern_sim_respond_problem (req, 400, "$.media_category: does not have a value in the enumeration "
                                "[AmplifyVideo, TweetVideo]", "media_category", category);
      return FALSE;
    }
  video = lookup_owned_media (req, id);
  if (video == NULL || !g_str_has_suffix (video->category, "_video"))
    {
      tern_sim_respond_problem (req, 400, "The media id is not a video of yours, or it has expired.", "id", id);
      return FALSE;
    }
  *video_out = video;
  return TRUE;
}

void
tern_sim_handle_media_subtitles (SimRequest *req)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) out = NULL;
  JsonObject *body, *subtitles, *associated, *entry;
  const char *sub_id, *language, *display;
  SimMedia *video, *track;
  SimSubtitles *item;

  if (!subtitles_request (req, &body, &node, &video))
    return;
  subtitles = tern_sim_json_object_member (body, "subtitles");
  if (subtitles == NULL)
    {
      tern_sim_respond_problem (req, 400, "$.subtitles: is missing but it is required", "subtitles", "");
      return;
    }
  sub_id = json_object_get_string_member_with_default (subtitles, "id", NULL);
  language = json_object_get_string_member_with_default (subtitles, "language_code", NULL);
  display = json_object_get_string_member_with_default (subtitles, "display_name", NULL);
  if (sub_id == NULL)
    {
      tern_sim_respond_problem (req, 400, "$.subtitles.id: is missing but it is required", "subtitles.id", "");
      return;
    }
  if (language == NULL || !is_language_code (language))
    {
      tern_sim_respond_problem (req, 400, "$.subtitles.language_code: must be a BCP 47 language code such as en "
                                "or pt-BR", "subtitles.language_code", language ? language : "");
      return;
    }
  track = lookup_owned_media (req, sub_id);
  if (track == NULL || !g_str_equal (track->category, "subtitles") || track->state != TERN_SIM_MEDIA_SUCCEEDED)
    {
      tern_sim_respond_problem (req, 400, "The subtitles id is not a finished subtitles upload of yours.",
                                "subtitles.id", sub_id);
      return;
    }

  if (video->subtitles == NULL)
    video->subtitles = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_subtitles_free);
  /* one track per language: a new one replaces the old */
  for (guint i = 0; i < video->subtitles->len; i++)
    {
      SimSubtitles *old = g_ptr_array_index (video->subtitles, i);

      if (g_ascii_strcasecmp (old->language_code, language) == 0)
        {
          g_ptr_array_remove_index (video->subtitles, i);
          break;
        }
    }
  item = g_new0 (SimSubtitles, 1);
  item->media_id = g_strdup (sub_id);
  item->language_code = g_strdup (language);
  item->display_name = g_strdup (display ? display : language);
  g_ptr_array_add (video->subtitles, item);

  out = json_object_new ();
  json_object_set_string_member (out, "id", video->id);
  json_object_set_string_member (out, "media_category",
                                 g_str_equal (video->category, "amplify_video") ? "AmplifyVideo" : "TweetVideo");
  associated = json_object_new ();
  for (guint i = 0; i < video->subtitles->len; i++)
    {
      SimSubtitles *s = g_ptr_array_index (video->subtitles, i);

      entry = json_object_new ();
      json_object_set_string_member (entry, "id", s->media_id);
      json_object_set_string_member (entry, "language_code", s->language_code);
      json_object_set_string_member (entry, "display_name", s->display_name);
      json_object_set_object_member (associated, s->language_code, entry);
    }
  json_object_set_object_member (out, "associated_subtitles", associated);
  tern_sim_respond_data (req, 200, out);
}

void
tern_sim_handle_media_subtitles_delete (SimRequest *req)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) out = NULL;
  JsonObject *body;
  const char *language;
  SimMedia *video;
  gboolean deleted = FALSE;

  if (!subtitles_request (req, &body, &node, &video))
    return;
  language = json_object_get_string_member_with_default (body, "language_code", NULL);
  if (language == NULL)
    {
      tern_sim_respond_problem (req, 400, "$.language_code: is missing but it is required", "language_code", "");
      return;
    }
  if (!json_object_has_member (body, "media_category"))
    {
      tern_sim_respond_problem (req, 400, "$.media_category: is missing but it is required", "media_category", "");
      return;
    }
  for (guint i = 0; video->subtitles != NULL && i < video->subtitles->len; i++)
    {
      SimSubtitles *s = g_ptr_array_index (video->subtitles, i);

      if (g_ascii_strcasecmp (s->language_code, language) == 0)
        {
          g_ptr_array_remove_index (video->subtitles, i);
          deleted = TRUE;
          break;
        }
    }
  out = json_object_new ();
  json_object_set_boolean_member (out, "deleted", deleted);
  tern_sim_respond_data (req, 200, out);
}
