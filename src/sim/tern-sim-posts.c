/* tern-sim-posts.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-sim"

#include "config.h"

#include <string.h>

#include "tern-sim-private.h"

/* users/me, a user's latest posts, and creating posts with X's checks. */

#define TEXT_LIMIT 280

static gboolean
fields_has (SimRequest *req,
            const char *param,
            const char *field)
{
  const char *value = req->query ? g_hash_table_lookup (req->query, param) : NULL;
  g_auto(GStrv) fields = NULL;

  if (value == NULL)
    return FALSE;
  fields = g_strsplit (value, ",", -1);
  return g_strv_contains ((const char * const *) fields, field);
}

void
tern_sim_handle_users_me (SimRequest *req)
{
  SimUser *user = tern_sim_find_user (req->sim, req->user_id);
  g_autoptr(JsonObject) data = json_object_new ();

  g_assert (user != NULL);
  json_object_set_string_member (data, "id", user->id);
  json_object_set_string_member (data, "name", user->name);
  json_object_set_string_member (data, "username", user->username);
  if (fields_has (req, "user.fields", "profile_image_url"))
    json_object_set_string_member (data, "profile_image_url", user->profile_image_url);
  if (fields_has (req, "user.fields", "verified"))
    json_object_set_boolean_member (data, "verified", FALSE);
  tern_sim_respond_data (req, 200, data);
}

static TernSimPost *
find_post (TernSim    *sim,
           const char *id)
{
  for (guint i = 0; id != NULL && i < sim->posts->len; i++)
    {
      TernSimPost *post = g_ptr_array_index (sim->posts, i);

      if (g_str_equal (post->id, id))
        return post;
    }
  return NULL;
}

static char *
iso8601 (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.000Z");
}

static JsonObject *
post_json (SimRequest  *req,
           TernSimPost *post)
{
  JsonObject *object = json_object_new ();
  JsonArray *history = json_array_new ();

  json_object_set_string_member (object, "id", post->id);
  json_object_set_string_member (object, "text", post->text);
  json_array_add_string_element (history, post->id);
  json_object_set_array_member (object, "edit_history_tweet_ids", history);

  if (fields_has (req, "tweet.fields", "created_at"))
    {
      g_autofree char *when = iso8601 (post->created_at);

      json_object_set_string_member (object, "created_at", when);
    }
  if (fields_has (req, "tweet.fields", "author_id"))
    json_object_set_string_member (object, "author_id", post->author_id);
  if (fields_has (req, "tweet.fields", "conversation_id"))
    {
      TernSimPost *root = post;

      while (root->in_reply_to_id != NULL && find_post (req->sim, root->in_reply_to_id) != NULL)
        root = find_post (req->sim, root->in_reply_to_id);
      json_object_set_string_member (object, "conversation_id", root->id);
    }
  if (fields_has (req, "tweet.fields", "attachments") && post->media_ids && post->media_ids[0])
    {
      JsonObject *attachments = json_object_new ();
      JsonArray *keys = json_array_new ();

      for (guint i = 0; post->media_ids[i]; i++)
        {
          SimMedia *media = g_hash_table_lookup (req->sim->media, post->media_ids[i]);

          json_array_add_string_element (keys, media ? media->media_key : post->media_ids[i]);
        }
      json_object_set_array_member (attachments, "media_keys", keys);
      json_object_set_object_member (object, "attachments", attachments);
    }
  if (fields_has (req, "tweet.fields", "referenced_tweets") &&
      (post->in_reply_to_id != NULL || post->quote_id != NULL))
    {
      JsonArray *refs = json_array_new ();
      JsonObject *ref = json_object_new ();

      json_object_set_string_member (ref, "type", post->in_reply_to_id ? "replied_to" : "quoted");
      json_object_set_string_member (ref, "id", post->in_reply_to_id ? post->in_reply_to_id : post->quote_id);
      json_array_add_object_element (refs, ref);
      json_object_set_array_member (object, "referenced_tweets", refs);
    }
  return object;
}

void
tern_sim_handle_users_tweets (SimRequest *req)
{
  TernSim *sim = req->sim;
  const char *id = req->parts[3];
  const char *max_text = req->query ? g_hash_table_lookup (req->query, "max_results") : NULL;
  const char *token = req->query ? g_hash_table_lookup (req->query, "pagination_token") : NULL;
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *meta = json_object_new ();
  JsonArray *data = json_array_new ();
  guint64 max = 10;
  guint count = 0;
  TernSimPost *newest = NULL, *oldest = NULL;
  gboolean more = FALSE;
  gboolean started = token == NULL;

  for (const char *p = id; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        {
          json_array_unref (data);
          json_object_unref (meta);
          tern_sim_respond_problem (req, 400, "The `id` query parameter value is not valid.", "id", id);
          return;
        }
    }
  if (max_text != NULL && !g_ascii_string_to_unsigned (max_text, 10, 5, 100, &max, NULL))
    {
      json_array_unref (data);
      json_object_unref (meta);
      tern_sim_respond_problem (req, 400,
                                "The `max_results` query parameter value is not between 5 and 100",
                                "max_results", max_text);
      return;
    }

  if (tern_sim_find_user (sim, id) == NULL)
    {
      JsonArray *errors = json_array_new ();
      JsonObject *error = json_object_new ();
      g_autofree char *detail = g_strdup_printf ("Could not find user with id: [%s].", id);

      json_array_unref (data);
      json_object_unref (meta);
      json_object_set_string_member (error, "value", id);
      json_object_set_string_member (error, "detail", detail);
      json_object_set_string_member (error, "title", "Not Found Error");
      json_object_set_string_member (error, "resource_type", "user");
      json_object_set_string_member (error, "parameter", "id");
      json_object_set_string_member (error, "resource_id", id);
      json_object_set_string_member (error, "type", "https://api.twitter.com/2/problems/resource-not-found");
      json_array_add_object_element (errors, error);
      json_object_set_array_member (root, "errors", errors);
      json_node_set_object (node, root);
      tern_sim_respond_json (req, 200, node);
      return;
    }

  /* newest first; the pagination token is the id of the last post given */
  for (guint i = sim->posts->len; i > 0; i--)
    {
      TernSimPost *post = g_ptr_array_index (sim->posts, i - 1);

      if (!g_str_equal (post->author_id, id))
        continue;
      if (!started)
        {
          started = g_str_equal (post->id, token);
          continue;
        }
      if (count == max)
        {
          more = TRUE;
          break;
        }
      json_array_add_object_element (data, post_json (req, post));
      if (newest == NULL)
        newest = post;
      oldest = post;
      count++;
    }

  if (count > 0)
    json_object_set_array_member (root, "data", data);
  else
    json_array_unref (data);
  json_object_set_int_member (meta, "result_count", count);
  if (newest != NULL)
    {
      json_object_set_string_member (meta, "newest_id", newest->id);
      json_object_set_string_member (meta, "oldest_id", oldest->id);
    }
  if (more)
    json_object_set_string_member (meta, "next_token", oldest->id);
  json_object_set_object_member (root, "meta", meta);
  json_node_set_object (node, root);
  tern_sim_respond_json (req, 200, node);
}

static gboolean
media_is_single_kind (SimMedia *media)
{
  return g_str_has_suffix (media->category, "_video") || g_str_has_suffix (media->category, "_gif");
}

void
tern_sim_handle_tweets_create (SimRequest *req)
{
  TernSim *sim = req->sim;
  g_autoptr(JsonNode) node = tern_sim_parse_json_body (req);
  g_autoptr(GPtrArray) media_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) data = NULL;
  JsonObject *body;
  JsonNode *member;
  JsonObject *media_object = NULL, *reply = NULL, *poll = NULL;
  const char *text = NULL, *reply_to = NULL, *quote = NULL;
  TernSimPost *post;
  guint singles = 0;

  if (node == NULL)
    {
      tern_sim_respond_problem (req, 400, "The request body must be a JSON object.", "body", "");
      return;
    }
  body = json_node_get_object (node);

  member = json_object_get_member (body, "text");
  if (member != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
        {
          tern_sim_respond_problem (req, 400, "$.text: must be a string", "text", "");
          return;
        }
      text = json_node_get_string (member);
    }

  member = json_object_get_member (body, "media");
  if (member != NULL)
    {
      JsonNode *ids;

      media_object = JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
      ids = media_object ? json_object_get_member (media_object, "media_ids") : NULL;
      if (ids == NULL || !JSON_NODE_HOLDS_ARRAY (ids))
        {
          tern_sim_respond_problem (req, 400, "$.media.media_ids: is missing but it is required",
                                    "media.media_ids", "");
          return;
        }
      for (guint i = 0; i < json_array_get_length (json_node_get_array (ids)); i++)
        {
          JsonNode *element = json_array_get_element (json_node_get_array (ids), i);

          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
            {
              tern_sim_respond_problem (req, 400, "$.media.media_ids: media ids must be strings",
                                        "media.media_ids", "");
              return;
            }
          g_ptr_array_add (media_ids, g_strdup (json_node_get_string (element)));
        }
      if (media_ids->len < 1 || media_ids->len > 4)
        {
          tern_sim_respond_problem (req, 400, "$.media.media_ids: must have from 1 to 4 items",
                                    "media.media_ids", "");
          return;
        }
    }

  reply = tern_sim_json_object_member (body, "reply");
  if (reply != NULL)
    reply_to = json_object_get_string_member_with_default (reply, "in_reply_to_tweet_id", NULL);
  quote = json_object_get_string_member_with_default (body, "quote_tweet_id", NULL);
  poll = tern_sim_json_object_member (body, "poll");

  if ((text == NULL || *text == '\0') && media_ids->len == 0)
    {
      tern_sim_respond_problem (req, 400, "You must provide either text or media for the Tweet.", "text", "");
      return;
    }
  if (media_ids->len > 0 && poll != NULL)
    {
      tern_sim_respond_problem (req, 400, "$.media: media and poll cannot both be present", "media", "");
      return;
    }
  if (media_ids->len > 0 && quote != NULL)
    {
      tern_sim_respond_problem (req, 400, "$.media: media and quote_tweet_id cannot both be present",
                                "quote_tweet_id", quote);
      return;
    }

  if (text != NULL)
    {
      gboolean valid_chars;
      int length = tern_sim_text_weighted_length (text, &valid_chars);

      if (!g_utf8_validate (text, -1, NULL) || !valid_chars)
        {
          tern_sim_respond_problem (req, 400, "The Tweet text contains characters that are not allowed.",
                                    "text", "");
          return;
        }
      if (length > TEXT_LIMIT)
        {
          tern_sim_respond_problem (req, 400, "Your Tweet text is too long. For more information on how Twitter determines "
                                    "text length see https://github.com/twitter/twitter-text.",
                                    "text", "");
          return;
        }
    }

  if (poll != NULL)
    {
      JsonArray *options = tern_sim_json_array_member (poll, "options");
      gint64 minutes = json_object_get_int_member_with_default (poll, "duration_minutes", 0);

      if (options == NULL || json_array_get_length (options) < 2 || json_array_get_length (options) > 4 ||
          minutes < 5 || minutes > 10080)
        {
          tern_sim_respond_problem (req, 400, "A poll needs 2 to 4 options and duration_minutes from 5 to 10080.",
                                    "poll", "");
          return;
        }
    }

  for (guint i = 0; i < media_ids->len; i++)
    {
      const char *id = g_ptr_array_index (media_ids, i);
      SimMedia *media = g_hash_table_lookup (sim->media, id);

      if (media != NULL)
        tern_sim_media_advance (sim, media, FALSE);
      if (media == NULL || media->state != TERN_SIM_MEDIA_SUCCEEDED ||
          media->expires_at <= tern_sim_now (sim) ||
          (g_strcmp0 (media->owner_id, req->user_id) != 0 &&
           !(media->additional_owners &&
             g_strv_contains ((const char * const *) media->additional_owners, req->user_id))))
        {
          g_ptr_array_add (media_ids, NULL);
          tern_sim_respond_problem_values (req, 400, "Your media IDs are invalid.", "media.media_ids",
                                           (const char *const *) media_ids->pdata);
          return;
        }
      if (media_is_single_kind (media))
        singles++;
    }
  if (singles > 0 && media_ids->len > 1)
    {
      tern_sim_respond_problem (req, 400,
                                "Your Tweet has too many attachments: it can have up to 4 images, 1 GIF or 1 video.",
                                "media.media_ids", "");
      return;
    }

  if (reply_to != NULL && find_post (sim, reply_to) == NULL)
    {
      tern_sim_respond_problem (req, 403, "You attempted to reply to a Tweet that is deleted or not visible to you.",
                                NULL, NULL);
      return;
    }
  if (quote != NULL && find_post (sim, quote) == NULL)
    {
      tern_sim_respond_problem (req, 403, "You attempted to quote a Tweet that is deleted or not visible to you.",
                                NULL, NULL);
      return;
    }

  if (text != NULL && *text != '\0')
    {
      for (guint i = 0; i < sim->posts->len; i++)
        {
          TernSimPost *earlier = g_ptr_array_index (sim->posts, i);

          if (g_str_equal (earlier->author_id, req->user_id) && g_str_equal (earlier->text, text))
            {
              tern_sim_respond_problem (req, 403, "You are not allowed to create a Tweet with duplicate content.",
                                        NULL, NULL);
              return;
            }
        }
    }

  post = g_new0 (TernSimPost, 1);
  post->id = g_strdup_printf ("%" G_GUINT64_FORMAT, sim->next_post_id++);
  post->author_id = g_strdup (req->user_id);
  post->text = g_strdup (text ? text : "");
  post->in_reply_to_id = g_strdup (reply_to);
  post->quote_id = g_strdup (quote);
  g_ptr_array_add (media_ids, NULL);
  post->media_ids = (char **) g_ptr_array_free (g_steal_pointer (&media_ids), FALSE);
  post->created_at = tern_sim_now (sim);
  g_ptr_array_add (sim->posts, post);

  data = json_object_new ();
  json_object_set_string_member (data, "id", post->id);
  json_object_set_string_member (data, "text", post->text);
  {
    JsonArray *history = json_array_new ();

    json_array_add_string_element (history, post->id);
    json_object_set_array_member (data, "edit_history_tweet_ids", history);
  }
  tern_sim_respond_data (req, 201, data);
}
