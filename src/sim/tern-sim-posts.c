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

/* A post's fields are asked for with tweet.fields (X's documentation) or
 * post.fields (what X's SDK sends). */
static gboolean
post_fields_has (SimRequest *req,
                 const char *field)
{
  return fields_has (req, "tweet.fields", field) || fields_has (req, "post.fields", field);
}

/**
 * tern_sim_user_image_url:
 *
 * The user's picture: the one the config gave, or the simulator's own
 * (never an address on X's image server: the sandbox reaches nothing).
 */
char *
tern_sim_user_image_url (TernSim *sim,
                         SimUser *user)
{
  if (user->profile_image_url != NULL)
    return g_strdup (user->profile_image_url);
  return g_strdup_printf ("%s/sim/avatar/%s.png", sim->base_url ? sim->base_url : "", user->id);
}

static JsonObject *
user_json (SimRequest *req,
           SimUser    *user)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "id", user->id);
  json_object_set_string_member (data, "name", user->name);
  json_object_set_string_member (data, "username", user->username);
  if (fields_has (req, "user.fields", "profile_image_url"))
    {
      g_autofree char *image = tern_sim_user_image_url (req->sim, user);

      json_object_set_string_member (data, "profile_image_url", image);
    }
  if (fields_has (req, "user.fields", "verified"))
    json_object_set_boolean_member (data, "verified", FALSE);
  return data;
}

void
tern_sim_handle_users_me (SimRequest *req)
{
  SimUser *user = tern_sim_find_user (req->sim, req->user_id);
  g_autoptr(JsonObject) data = NULL;

  g_assert (user != NULL);
  data = user_json (req, user);
  tern_sim_respond_data (req, 200, data);
}

TernSimPost *
tern_sim_find_post (TernSim    *sim,
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

/* A t.co address for a post's media, stable for the post. */
static char *
media_link (TernSimPost *post)
{
  static const char digits[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  guint64 hash = 14695981039346656037ULL;
  char code[11];

  for (const char *p = post->id; *p; p++)
    hash = (hash ^ (guint8) *p) * 1099511628211ULL;
  for (guint i = 0; i < 10; i++)
    {
      code[i] = digits[hash % 62];
      hash /= 62;
      if (hash == 0)
        hash = 0x9e3779b97f4a7c15ULL + i;
    }
  code[10] = '\0';
  return g_strconcat ("https://t.co/", code, NULL);
}

/**
 * tern_sim_post_display_text:
 *
 * A post's text as X answers it: `&`, `<` and `>` escaped as HTML
 * entities, and a t.co link to the media appended when it has media.
 */
char *
tern_sim_post_display_text (TernSimPost *post)
{
  GString *out = g_string_new (NULL);

  for (const char *p = post->text; *p; p++)
    {
      switch (*p)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
  if (post->media_ids != NULL && post->media_ids[0] != NULL)
    {
      g_autofree char *link = media_link (post);

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, link);
    }
  return g_string_free (out, FALSE);
}

static char *
poll_id (TernSimPost *post)
{
  /* X's poll ids are numbers of their own; this one follows the post's */
  return g_strdup_printf ("%" G_GUINT64_FORMAT,
                          g_ascii_strtoull (post->id, NULL, 10) - G_GUINT64_CONSTANT (1000000000000000));
}

static JsonObject *
post_json (SimRequest  *req,
           TernSimPost *post)
{
  JsonObject *object = json_object_new ();
  JsonArray *history = json_array_new ();
  g_autofree char *text = tern_sim_post_display_text (post);

  json_object_set_string_member (object, "id", post->id);
  json_object_set_string_member (object, "text", text);
  json_array_add_string_element (history, post->id);
  json_object_set_array_member (object, "edit_history_tweet_ids", history);

  if (post_fields_has (req, "created_at"))
    {
      g_autofree char *when = iso8601 (post->created_at);

      json_object_set_string_member (object, "created_at", when);
    }
  if (post_fields_has (req, "author_id"))
    json_object_set_string_member (object, "author_id", post->author_id);
  if (post_fields_has (req, "conversation_id"))
    {
      TernSimPost *root = post;

      while (root->in_reply_to_id != NULL && tern_sim_find_post (req->sim, root->in_reply_to_id) != NULL)
        root = tern_sim_find_post (req->sim, root->in_reply_to_id);
      json_object_set_string_member (object, "conversation_id", root->id);
    }
  if (post_fields_has (req, "in_reply_to_user_id") && post->in_reply_to_id != NULL)
    {
      TernSimPost *parent = tern_sim_find_post (req->sim, post->in_reply_to_id);

      if (parent != NULL)
        json_object_set_string_member (object, "in_reply_to_user_id", parent->author_id);
    }
  if (post_fields_has (req, "reply_settings"))
    json_object_set_string_member (object, "reply_settings",
                                   post->reply_settings ? post->reply_settings : "everyone");
  if (post_fields_has (req, "attachments") &&
      ((post->media_ids && post->media_ids[0]) || post->poll_options != NULL))
    {
      JsonObject *attachments = json_object_new ();

      if (post->media_ids && post->media_ids[0])
        {
          JsonArray *keys = json_array_new ();

          for (guint i = 0; post->media_ids[i]; i++)
            {
              SimMedia *media = g_hash_table_lookup (req->sim->media, post->media_ids[i]);

              json_array_add_string_element (keys, media ? media->media_key : post->media_ids[i]);
            }
          json_object_set_array_member (attachments, "media_keys", keys);
        }
      if (post->poll_options != NULL)
        {
          JsonArray *ids = json_array_new ();
          g_autofree char *id = poll_id (post);

          json_array_add_string_element (ids, id);
          json_object_set_array_member (attachments, "poll_ids", ids);
        }
      json_object_set_object_member (object, "attachments", attachments);
    }
  if (post_fields_has (req, "referenced_tweets") &&
      (post->in_reply_to_id != NULL || post->quote_id != NULL))
    {
      JsonArray *refs = json_array_new ();

      if (post->in_reply_to_id != NULL)
        {
          JsonObject *ref = json_object_new ();

          json_object_set_string_member (ref, "type", "replied_to");
          json_object_set_string_member (ref, "id", post->in_reply_to_id);
          json_array_add_object_element (refs, ref);
        }
      if (post->quote_id != NULL)
        {
          JsonObject *ref = json_object_new ();

          json_object_set_string_member (ref, "type", "quoted");
          json_object_set_string_member (ref, "id", post->quote_id);
          json_array_add_object_element (refs, ref);
        }
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
      json_object_set_string_member (error, "type", "https://api.x.com/2/problems/resource-not-found");
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

/* The create request's schema, as X's spec (its SDK's CreatePostsRequest)
 * types it, with the wire's snake_case names. Anything not in it is
 * refused, as X refuses it. */

typedef enum
{
  F_STRING,
  F_ID,            /* a decimal id string */
  F_BOOL,
  F_INT,
  F_OBJECT,
  F_STRING_ARRAY,
  F_ID_ARRAY,
  F_ENUM,
} FieldType;

typedef struct SimField SimField;
struct SimField
{
  const char        *name;
  FieldType          type;
  gboolean           required;
  const SimField    *children;    /* F_OBJECT */
  const char *const *values;      /* F_ENUM */
  gint64             min, max;    /* F_INT: value; arrays: items; -1: none */
  gint64             item_min, item_max;   /* string arrays: characters per item */
};

#define END_FIELDS { NULL, 0, FALSE, NULL, NULL, -1, -1, -1, -1 }
#define FIELD(n, t) { n, t, FALSE, NULL, NULL, -1, -1, -1, -1 }
#define REQUIRED(n, t) { n, t, TRUE, NULL, NULL, -1, -1, -1, -1 }
#define OBJECT(n, c) { n, F_OBJECT, FALSE, c, NULL, -1, -1, -1, -1 }

static const char *const reply_settings_values[] = {
  "following", "mentionedUsers", "subscribers", "verified", NULL,
};

static const SimField app_install_fields[] = {
  FIELD ("app_store_id", F_STRING), FIELD ("ipad_app_store_id", F_STRING),
  FIELD ("play_store_id", F_STRING), END_FIELDS,
};
static const SimField url_fields[] = { REQUIRED ("url", F_STRING), END_FIELDS };
static const SimField call_to_actions_fields[] = {
  OBJECT ("app_install", app_install_fields), OBJECT ("visit_site", url_fields),
  OBJECT ("watch_now", url_fields), END_FIELDS,
};
static const SimField media_fields[] = {
  OBJECT ("call_to_actions", call_to_actions_fields),
  FIELD ("description", F_STRING),
  FIELD ("embeddable", F_BOOL),
  { "media_ids", F_ID_ARRAY, TRUE, NULL, NULL, 1, 4, -1, -1 },
  FIELD ("preview_media_id", F_ID),
  { "tagged_user_ids", F_ID_ARRAY, FALSE, NULL, NULL, 0, 10, -1, -1 },
  FIELD ("title", F_STRING),
  END_FIELDS,
};
static const SimField poll_fields[] = {
  { "duration_minutes", F_INT, TRUE, NULL, NULL, 5, 10080, -1, -1 },
  { "options", F_STRING_ARRAY, TRUE, NULL, NULL, 2, 4, 1, 25 },
  { "reply_settings", F_ENUM, FALSE, NULL, reply_settings_values, -1, -1, -1, -1 },
  END_FIELDS,
};
static const SimField reply_fields[] = {
  FIELD ("auto_populate_reply_metadata", F_BOOL),
  FIELD ("exclude_reply_user_ids", F_ID_ARRAY),
  REQUIRED ("in_reply_to_tweet_id", F_ID),
  END_FIELDS,
};
static const SimField edit_options_fields[] = { REQUIRED ("previous_post_id", F_ID), END_FIELDS };
static const SimField geo_fields[] = { REQUIRED ("place_id", F_STRING), END_FIELDS };
static const SimField create_fields[] = {
  FIELD ("card_uri", F_STRING),
  FIELD ("community_id", F_ID),
  FIELD ("direct_message_deep_link", F_STRING),
  OBJECT ("edit_options", edit_options_fields),
  FIELD ("for_super_followers_only", F_BOOL),
  OBJECT ("geo", geo_fields),
  FIELD ("made_with_ai", F_BOOL),
  OBJECT ("media", media_fields),
  FIELD ("nullcast", F_BOOL),
  FIELD ("paid_partnership", F_BOOL),
  OBJECT ("poll", poll_fields),
  FIELD ("quote_tweet_id", F_ID),
  OBJECT ("reply", reply_fields),
  { "reply_settings", F_ENUM, FALSE, NULL, reply_settings_values, -1, -1, -1, -1 },
  FIELD ("share_with_followers", F_BOOL),
  FIELD ("text", F_STRING),
  END_FIELDS,
};

static const char *
node_type_name (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "array";
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return "string";
    case G_TYPE_BOOLEAN: return "boolean";
    case G_TYPE_INT64: return "integer";
    default: return "number";
    }
}

static gboolean
is_value_of (JsonNode *node,
             GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
is_decimal_id (const char *text)
{
  gsize n = strlen (text);

  if (n == 0 || n > 19)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* Checks one value against its field; on a mismatch sets *message and
 * *where (the path of the offending value). */
static gboolean
check_field (const SimField *field,
             JsonNode       *node,
             const char     *path,
             char          **message,
             char          **where);

static gboolean
check_object (const SimField *fields,
              JsonObject     *object,
              const char     *path,
              char          **message,
              char          **where)
{
  g_autoptr(GList) members = json_object_get_members (object);

  /* a name outside the schema first: that is what X names */
  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = FALSE;

      for (const SimField *f = fields; f->name != NULL && !known; f++)
        known = g_str_equal (f->name, l->data);
      if (!known)
        {
          *where = g_strdup_printf ("%s%s", path, (const char *) l->data);
          *message = g_strdup_printf ("$.%s: is not defined in the schema and the schema does not allow "
                                      "additional properties", *where);
          return FALSE;
        }
    }
  for (const SimField *f = fields; f->name != NULL; f++)
    {
      JsonNode *member = json_object_get_member (object, f->name);
      g_autofree char *child = g_strdup_printf ("%s%s", path, f->name);

      if (member == NULL)
        {
          if (f->required)
            {
              *where = g_steal_pointer (&child);
              *message = g_strdup_printf ("$.%s: is missing but it is required", *where);
              return FALSE;
            }
          continue;
        }
      if (!check_field (f, member, child, message, where))
        return FALSE;
    }
  return TRUE;
}

static gboolean
wrong_type (JsonNode    *node,
            const char  *path,
            const char  *expected,
            char       **message,
            char       **where)
{
  *where = g_strdup (path);
  *message = g_strdup_printf ("$.%s: %s found, %s expected", path, node_type_name (node), expected);
  return FALSE;
}

static gboolean
check_field (const SimField *field,
             JsonNode       *node,
             const char     *path,
             char          **message,
             char          **where)
{
  switch (field->type)
    {
    case F_STRING:
      return is_value_of (node, G_TYPE_STRING) || wrong_type (node, path, "string", message, where);
    case F_BOOL:
      return is_value_of (node, G_TYPE_BOOLEAN) || wrong_type (node, path, "boolean", message, where);
    case F_ID:
      if (!is_value_of (node, G_TYPE_STRING))
        return wrong_type (node, path, "string", message, where);
      if (!is_decimal_id (json_node_get_string (node)))
        {
          *where = g_strdup (path);
          *message = g_strdup_printf ("$.%s: does not match the regex pattern ^[0-9]{1,19}$", path);
          return FALSE;
        }
      return TRUE;
    case F_ENUM:
      if (!is_value_of (node, G_TYPE_STRING))
        return wrong_type (node, path, "string", message, where);
      if (!g_strv_contains (field->values, json_node_get_string (node)))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) field->values);

          *where = g_strdup (path);
          *message = g_strdup_printf ("$.%s: does not have a value in the enumeration [%s]", path, list);
          return FALSE;
        }
      return TRUE;
    case F_INT:
      if (!is_value_of (node, G_TYPE_INT64))
        return wrong_type (node, path, "integer", message, where);
      if (field->min >= 0 && json_node_get_int (node) < field->min)
        {
          *where = g_strdup (path);
          *message = g_strdup_printf ("$.%s: must have a minimum value of %" G_GINT64_FORMAT, path, field->min);
          return FALSE;
        }
      if (field->max >= 0 && json_node_get_int (node) > field->max)
        {
          *where = g_strdup (path);
          *message = g_strdup_printf ("$.%s: must have a maximum value of %" G_GINT64_FORMAT, path, field->max);
          return FALSE;
        }
      return TRUE;
    case F_OBJECT:
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return wrong_type (node, path, "object", message, where);
      {
        g_autofree char *prefix = g_strconcat (path, ".", NULL);

        return check_object (field->children, json_node_get_object (node), prefix, message, where);
      }
    case F_STRING_ARRAY:
    case F_ID_ARRAY:
      {
        JsonArray *array;
        guint n;

        if (!JSON_NODE_HOLDS_ARRAY (node))
          return wrong_type (node, path, "array", message, where);
        array = json_node_get_array (node);
        n = json_array_get_length (array);
        if (field->min >= 0 && n < field->min)
          {
            *where = g_strdup (path);
            *message = g_strdup_printf ("$.%s: there must be a minimum of %" G_GINT64_FORMAT " items in the array",
                                        path, field->min);
            return FALSE;
          }
        if (field->max >= 0 && n > field->max)
          {
            *where = g_strdup (path);
            *message = g_strdup_printf ("$.%s: there must be a maximum of %" G_GINT64_FORMAT " items in the array",
                                        path, field->max);
            return FALSE;
          }
        for (guint i = 0; i < n; i++)
          {
            JsonNode *element = json_array_get_element (array, i);
            g_autofree char *item = g_strdup_printf ("%s[%u]", path, i);
            const char *text;
            glong chars;

            if (!is_value_of (element, G_TYPE_STRING))
              return wrong_type (element, item, "string", message, where);
            text = json_node_get_string (element);
            if (field->type == F_ID_ARRAY && !is_decimal_id (text))
              {
                *where = g_steal_pointer (&item);
                *message = g_strdup_printf ("$.%s: does not match the regex pattern ^[0-9]{1,19}$", *where);
                return FALSE;
              }
            chars = g_utf8_validate (text, -1, NULL) ? g_utf8_strlen (text, -1) : (glong) strlen (text);
            if (field->item_min >= 0 && chars < field->item_min)
              {
                *where = g_steal_pointer (&item);
                *message = g_strdup_printf ("$.%s: must be at least %" G_GINT64_FORMAT " characters long",
                                            *where, field->item_min);
                return FALSE;
              }
            if (field->item_max >= 0 && chars > field->item_max)
              {
                *where = g_steal_pointer (&item);
                *message = g_strdup_printf ("$.%s: may only be %" G_GINT64_FORMAT " characters long",
                                            *where, field->item_max);
                return FALSE;
              }
          }
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static char **
string_array (JsonArray *array)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_ptr_array_add (out, g_strdup (json_array_get_string_element (array, i)));
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

void
tern_sim_handle_tweets_create (SimRequest *req)
{
  TernSim *sim = req->sim;
  g_autoptr(JsonNode) node = tern_sim_parse_json_body (req);
  g_autoptr(GPtrArray) media_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) data = NULL;
  g_autofree char *message = NULL;
  g_autofree char *where = NULL;
  g_autofree char *shown = NULL;
  JsonObject *body;
  JsonObject *media_object, *reply, *poll, *edit;
  const char *text, *reply_to = NULL, *quote, *reply_settings;
  TernSimPost *post;
  guint singles = 0;

  if (node == NULL)
    {
      tern_sim_respond_problem (req, 400, "The request body must be a JSON object.", "body", "");
      return;
    }
  body = json_node_get_object (node);

  if (!check_object (create_fields, body, "", &message, &where))
    {
      tern_sim_respond_problem (req, 400, message, where, "");
      return;
    }

  /* The spec marks text optional, but notes that X's backend rejects an
   * absent one: a media-only post sends "text": "". */
  if (!json_object_has_member (body, "text"))
    {
      tern_sim_respond_problem (req, 400, "$.text: is missing but it is required (send \"\" for a media-only post)",
                                "text", "");
      return;
    }
  text = json_object_get_string_member_with_default (body, "text", NULL);
  media_object = tern_sim_json_object_member (body, "media");
  if (media_object != NULL)
    {
      JsonArray *ids = tern_sim_json_array_member (media_object, "media_ids");

      for (guint i = 0; i < json_array_get_length (ids); i++)
        g_ptr_array_add (media_ids, g_strdup (json_array_get_string_element (ids, i)));
    }
  reply = tern_sim_json_object_member (body, "reply");
  if (reply != NULL)
    reply_to = json_object_get_string_member (reply, "in_reply_to_tweet_id");
  quote = json_object_get_string_member_with_default (body, "quote_tweet_id", NULL);
  poll = tern_sim_json_object_member (body, "poll");
  reply_settings = json_object_get_string_member_with_default (body, "reply_settings", NULL);
  edit = tern_sim_json_object_member (body, "edit_options");

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
  if (poll != NULL && quote != NULL)
    {
      tern_sim_respond_problem (req, 400, "$.poll: poll and quote_tweet_id cannot both be present",
                                "quote_tweet_id", quote);
      return;
    }
  if (json_object_has_member (body, "community_id"))
    {
      tern_sim_respond_problem (req, 400, "$.community_id: this user is not a member of the community",
                                "community_id", json_object_get_string_member (body, "community_id"));
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

  for (guint i = 0; i < media_ids->len; i++)
    {
      const char *id = g_ptr_array_index (media_ids, i);
      SimMedia *media = g_hash_table_lookup (sim->media, id);

      if (media != NULL)
        tern_sim_media_advance (sim, media, FALSE);
      if (media == NULL || media->state != TERN_SIM_MEDIA_SUCCEEDED ||
          g_str_equal (media->category, "subtitles") ||
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

  if (reply_to != NULL && tern_sim_find_post (sim, reply_to) == NULL)
    {
      tern_sim_respond_problem (req, 403, "You attempted to reply to a Tweet that is deleted or not visible to you.",
                                NULL, NULL);
      return;
    }
  if (quote != NULL && tern_sim_find_post (sim, quote) == NULL)
    {
      tern_sim_respond_problem (req, 403, "You attempted to quote a Tweet that is deleted or not visible to you.",
                                NULL, NULL);
      return;
    }
  if (edit != NULL)
    {
      /* editing is for paying subscribers; the sandbox's users are not */
      tern_sim_respond_problem (req, 403, "You are not permitted to edit this Tweet.", NULL, NULL);
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
  post->reply_settings = g_strdup (reply_settings);
  if (poll != NULL)
    {
      post->poll_options = string_array (tern_sim_json_array_member (poll, "options"));
      post->poll_duration_minutes = json_object_get_int_member (poll, "duration_minutes");
    }
  g_ptr_array_add (sim->posts, post);

  data = json_object_new ();
  shown = tern_sim_post_display_text (post);
  json_object_set_string_member (data, "id", post->id);
  json_object_set_string_member (data, "text", shown);
  {
    JsonArray *history = json_array_new ();

    json_array_add_string_element (history, post->id);
    json_object_set_array_member (data, "edit_history_tweet_ids", history);
  }
  tern_sim_respond_data (req, 201, data);
}

/* GET /2/tweets/:id */

static const char *const known_expansions[] = {
  "article.cover_media", "article.media_entities", "attachments.media_keys",
  "attachments.media_source_tweet", "attachments.poll_ids", "author_id", "edit_history_tweet_ids",
  "entities.mentions.username", "geo.place_id", "in_reply_to_user_id",
  "entities.note.mentions.username", "referenced_tweets.id", "referenced_tweets.id.attachments.media_keys",
  "referenced_tweets.id.author_id", NULL,
};

static void
respond_not_found (SimRequest *req,
                   const char *id)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonArray *errors = json_array_new ();
  JsonObject *error = json_object_new ();
  g_autofree char *detail = g_strdup_printf ("Could not find tweet with id: [%s].", id);

  json_object_set_string_member (error, "value", id);
  json_object_set_string_member (error, "detail", detail);
  json_object_set_string_member (error, "title", "Not Found Error");
  json_object_set_string_member (error, "resource_type", "tweet");
  json_object_set_string_member (error, "parameter", "id");
  json_object_set_string_member (error, "resource_id", id);
  json_object_set_string_member (error, "type", "https://api.x.com/2/problems/resource-not-found");
  json_array_add_object_element (errors, error);
  json_object_set_array_member (root, "errors", errors);
  json_node_set_object (node, root);
  /* X answers 200 with only `errors` for a post that is not there */
  tern_sim_respond_json (req, 200, node);
}

static JsonObject *
media_include (SimMedia *media)
{
  JsonObject *object = json_object_new ();
  const char *type = g_str_has_suffix (media->category, "_video") ? "video"
                     : g_str_has_suffix (media->category, "_gif") ? "animated_gif" : "photo";

  json_object_set_string_member (object, "media_key", media->media_key);
  json_object_set_string_member (object, "type", type);
  if (media->width > 0)
    {
      json_object_set_int_member (object, "width", media->width);
      json_object_set_int_member (object, "height", media->height);
    }
  return object;
}

static JsonObject *
poll_include (TernSim     *sim,
              TernSimPost *post)
{
  JsonObject *object = json_object_new ();
  JsonArray *options = json_array_new ();
  g_autofree char *id = poll_id (post);
  gint64 end = post->created_at + post->poll_duration_minutes * 60;
  g_autofree char *when = iso8601 (end);

  json_object_set_string_member (object, "id", id);
  for (guint i = 0; post->poll_options[i]; i++)
    {
      JsonObject *option = json_object_new ();

      json_object_set_int_member (option, "position", i + 1);
      json_object_set_string_member (option, "label", post->poll_options[i]);
      json_object_set_int_member (option, "votes", 0);
      json_array_add_object_element (options, option);
    }
  json_object_set_array_member (object, "options", options);
  json_object_set_int_member (object, "duration_minutes", post->poll_duration_minutes);
  json_object_set_string_member (object, "end_datetime", when);
  json_object_set_string_member (object, "voting_status", tern_sim_now (sim) < end ? "open" : "closed");
  return object;
}

void
tern_sim_handle_tweets_lookup (SimRequest *req)
{
  TernSim *sim = req->sim;
  const char *id = req->parts[3];
  const char *expansions = req->query ? g_hash_table_lookup (req->query, "expansions") : NULL;
  g_auto(GStrv) wanted = g_strsplit (expansions ? expansions : "", ",", -1);
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *includes;
  TernSimPost *post;

  if (!is_decimal_id (id))
    {
      g_autofree char *detail = g_strdup_printf ("The `id` query parameter value [%s] does not match ^[0-9]{1,19}$",
                                                 id);

      tern_sim_respond_problem (req, 400, detail, "id", id);
      return;
    }
  for (guint i = 0; wanted[i] != NULL; i++)
    {
      if (*wanted[i] != '\0' && !g_strv_contains (known_expansions, wanted[i]))
        {
          g_autofree char *list = g_strjoinv (",", (char **) known_expansions);
          g_autofree char *detail = g_strdup_printf ("The `expansions` query parameter value [%s] is not one of [%s]",
                                                     wanted[i], list);

          tern_sim_respond_problem (req, 400, detail, "expansions", wanted[i]);
          return;
        }
    }

  post = tern_sim_find_post (sim, id);
  if (post == NULL)
    {
      respond_not_found (req, id);
      return;
    }

  json_object_set_object_member (root, "data", post_json (req, post));
  includes = json_object_new ();
  if (g_strv_contains ((const char * const *) wanted, "author_id"))
    {
      SimUser *author = tern_sim_find_user (sim, post->author_id);
      JsonArray *users = json_array_new ();

      if (author != NULL)
        json_array_add_object_element (users, user_json (req, author));
      json_object_set_array_member (includes, "users", users);
    }
  if (g_strv_contains ((const char * const *) wanted, "attachments.media_keys") &&
      post->media_ids != NULL && post->media_ids[0] != NULL)
    {
      JsonArray *media = json_array_new ();

      for (guint i = 0; post->media_ids[i]; i++)
        {
          SimMedia *item = g_hash_table_lookup (sim->media, post->media_ids[i]);

          if (item != NULL)
            json_array_add_object_element (media, media_include (item));
        }
      json_object_set_array_member (includes, "media", media);
    }
  if (g_strv_contains ((const char * const *) wanted, "attachments.poll_ids") && post->poll_options != NULL)
    {
      JsonArray *polls = json_array_new ();

      json_array_add_object_element (polls, poll_include (sim, post));
      json_object_set_array_member (includes, "polls", polls);
    }
  if (g_strv_contains ((const char * const *) wanted, "referenced_tweets.id"))
    {
      JsonArray *tweets = json_array_new ();
      const char *refs[] = { post->in_reply_to_id, post->quote_id };

      for (guint i = 0; i < G_N_ELEMENTS (refs); i++)
        {
          TernSimPost *other = refs[i] ? tern_sim_find_post (sim, refs[i]) : NULL;

          if (other != NULL)
            json_array_add_object_element (tweets, post_json (req, other));
        }
      if (json_array_get_length (tweets) > 0)
        json_object_set_array_member (includes, "tweets", tweets);
      else
        json_array_unref (tweets);
    }
  if (json_object_get_size (includes) > 0)
    json_object_set_object_member (root, "includes", includes);
  else
    json_object_unref (includes);
  json_node_set_object (node, root);
  tern_sim_respond_json (req, 200, node);
}

/* DELETE /2/tweets/:id: the post is gone; looking it up then answers as
 * for an unknown id. */
void
tern_sim_handle_tweets_delete (SimRequest *req)
{
  TernSim *sim = req->sim;
  const char *id = req->parts[3];
  TernSimPost *post = is_decimal_id (id) ? tern_sim_find_post (sim, id) : NULL;
  g_autoptr(JsonObject) data = NULL;

  if (!is_decimal_id (id))
    {
      tern_sim_respond_problem (req, 400, "The `id` path parameter is not a post id.", "id", id);
      return;
    }
  if (post != NULL && !g_str_equal (post->author_id, req->user_id))
    {
      tern_sim_respond_problem (req, 403, "You are not allowed to delete a Tweet that is not yours.", NULL, NULL);
      return;
    }
  if (post != NULL)
    g_ptr_array_remove (sim->posts, post);

  data = json_object_new ();
  json_object_set_boolean_member (data, "deleted", post != NULL);
  tern_sim_respond_data (req, 200, data);
}
