/* tern-referenced-post.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-referenced-post"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-x.h"
#include "tern-referenced-post.h"

/* What is shown of a post's text on a card, and of names: X's own limits
 * are far below, but a server's answer is never trusted to keep them. */
#define MAX_TEXT_CHARS 2000
#define MAX_NAME_CHARS 100

struct _TernReferencedPost
{
  GObject   parent_instance;

  char     *id;
  char     *author_name;
  char     *author_username;
  char     *text;
  gboolean  has_media;
};

G_DEFINE_FINAL_TYPE (TernReferencedPost, tern_referenced_post, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_AUTHOR_NAME,
  PROP_AUTHOR_USERNAME,
  PROP_TEXT,
  PROP_HAS_MEDIA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Printable text only, cut to @max characters: what a server says is
 * shown to a person. */
static char *
clean_text (const char *text,
            glong       max)
{
  GString *s;
  glong n = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  s = g_string_new (NULL);
  for (const char *p = text; *p && n < max; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || (!g_unichar_iscntrl (c) && g_unichar_type (c) != G_UNICODE_FORMAT) ||
          c == 0x200D /* emoji joiner */)
        g_string_append_unichar (s, c);
    }
  if (*text != '\0' && n >= max && g_utf8_strlen (text, -1) > max)
    g_string_append (s, "…");
  return g_string_free (s, FALSE);
}

static const char *
object_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
object_object (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static JsonArray *
object_array (JsonObject *object,
              const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static void
tern_referenced_post_finalize (GObject *object)
{
  TernReferencedPost *self = (TernReferencedPost *)object;

  g_free (self->id);
  g_free (self->author_name);
  g_free (self->author_username);
  g_free (self->text);

  G_OBJECT_CLASS (tern_referenced_post_parent_class)->finalize (object);
}

static void
tern_referenced_post_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TernReferencedPost *self = TERN_REFERENCED_POST (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_AUTHOR_NAME:
      g_value_set_string (value, self->author_name);
      break;
    case PROP_AUTHOR_USERNAME:
      g_value_set_string (value, self->author_username);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_HAS_MEDIA:
      g_value_set_boolean (value, self->has_media);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_referenced_post_class_init (TernReferencedPostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tern_referenced_post_finalize;
  object_class->get_property = tern_referenced_post_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTHOR_NAME] =
    g_param_spec_string ("author-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTHOR_USERNAME] =
    g_param_spec_string ("author-username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_MEDIA] =
    g_param_spec_boolean ("has-media", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tern_referenced_post_init (TernReferencedPost *self)
{
}

static GError *
lookup_error_new (gboolean    invisible,
                  const char *id)
{
  if (invisible)
    return g_error_new (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_FORBIDDEN,
                        _("The post %s is not visible to this account: its author protects their posts, or has blocked you, or it was withheld. Choose another post."),
                        id);
  return g_error_new (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_REQUEST,
                      _("The post %s does not exist or was deleted. Check the address, or choose another post."),
                      id);
}

/* X answers a lookup of a post it will not show with 200 and "errors"
 * naming a problem type instead of "data". */
static gboolean
problem_is_invisible (JsonObject *problem)
{
  const char *type = object_string (problem, "type");
  const char *title = object_string (problem, "title");

  return (type != NULL && (g_str_has_suffix (type, "/not-authorized-for-resource") ||
                           g_str_has_suffix (type, "/resource-unavailable"))) ||
         g_strcmp0 (title, "Authorization Error") == 0 ||
         g_strcmp0 (title, "Forbidden") == 0;
}

/**
 * tern_referenced_post_new_from_json:
 * @body: X's whole answer to `GET /2/tweets/:id?expansions=author_id`
 * @id: the id asked for
 * @error: return location for a %TERN_CLIENT_ERROR
 *
 * Returns: (transfer full) (nullable): the post, or %NULL with an error
 *   saying why X does not show it
 */
TernReferencedPost *
tern_referenced_post_new_from_json (JsonNode    *body,
                                    const char  *id,
                                    GError     **error)
{
  g_autoptr(TernReferencedPost) self = NULL;
  JsonObject *root, *data, *includes, *attachments;
  JsonArray *users, *errors, *media_keys;
  const char *author_id;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  root = JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
  data = object_object (root, "data");
  if (data == NULL)
    {
      errors = object_array (root, "errors");
      if (errors != NULL && json_array_get_length (errors) > 0 &&
          JSON_NODE_HOLDS_OBJECT (json_array_get_element (errors, 0)))
        {
          JsonObject *problem = json_array_get_object_element (errors, 0);

          g_propagate_error (error, lookup_error_new (problem_is_invisible (problem), id));
          return NULL;
        }
      g_set_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE,
                   _("X’s answer about the post %s could not be read. Try again in a few minutes."),
                   id);
      return NULL;
    }

  if (g_strcmp0 (object_string (data, "id"), id) != 0)
    {
      g_set_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE,
                   _("X answered about another post than %s. Try again in a few minutes."), id);
      return NULL;
    }

  self = g_object_new (TERN_TYPE_REFERENCED_POST, NULL);
  self->id = g_strdup (id);
  self->text = clean_text (object_string (data, "text"), MAX_TEXT_CHARS);
  if (self->text == NULL)
    self->text = g_strdup ("");

  attachments = object_object (data, "attachments");
  media_keys = object_array (attachments, "media_keys");
  self->has_media = media_keys != NULL && json_array_get_length (media_keys) > 0;

  author_id = object_string (data, "author_id");
  includes = object_object (root, "includes");
  users = object_array (includes, "users");
  for (guint i = 0; users != NULL && i < json_array_get_length (users); i++)
    {
      JsonNode *node = json_array_get_element (users, i);
      JsonObject *user = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (user != NULL && author_id != NULL && g_strcmp0 (object_string (user, "id"), author_id) == 0)
        {
          const char *username = object_string (user, "username");

          self->author_name = clean_text (object_string (user, "name"), MAX_NAME_CHARS);
          /* Usernames are letters, digits and underscores. */
          if (username != NULL && g_regex_match_simple ("^[A-Za-z0-9_]{1,50}$", username, 0, 0))
            self->author_username = g_strdup (username);
          break;
        }
    }

  return g_steal_pointer (&self);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *id = g_task_get_task_data (task);
  g_autoptr(JsonNode) body = NULL;
  GError *error = NULL;
  TernReferencedPost *post;

  body = tern_client_send_finish (TERN_CLIENT (object), result, &error);
  if (body == NULL)
    {
      guint status = tern_client_error_get_status (error);

      /* Some servers answer a missing post with a 404 and a problem body. */
      if (status == 404 || status == 403)
        {
          g_clear_error (&error);
          error = lookup_error_new (status == 403, id);
        }
      g_task_return_error (task, error);
      return;
    }

  post = tern_referenced_post_new_from_json (body, id, &error);
  if (post == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, post, g_object_unref);
}

/**
 * tern_referenced_post_fetch_async:
 * @client: the client of the account that replies or quotes
 * @id: the post's id (see tern_x_parse_post_address())
 * @cancellable: (nullable): a cancellable
 * @callback: called with the post, or why X does not show it
 * @user_data: data for @callback
 *
 * Asks X for the post and its author.
 */
void
tern_referenced_post_fetch_async (TernClient          *client,
                                  const char          *id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TERN_IS_CLIENT (client));
  g_return_if_fail (id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_referenced_post_fetch_async);
  g_task_set_task_data (task, g_strdup (id), g_free);

  /* The id goes into a path: only digits. */
  if (!tern_x_post_id_is_valid (id))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not the number of a post. Paste the post’s address."), id);
      return;
    }

  path = g_strdup_printf ("/2/tweets/%s?expansions=author_id&tweet.fields=attachments,author_id"
                          "&user.fields=name,username", id);
  tern_client_get_json_async (client, path,
                              TERN_CLIENT_FLAGS_IDEMPOTENT | TERN_CLIENT_FLAGS_WHOLE_BODY,
                              cancellable, fetch_cb, g_steal_pointer (&task));
}

/**
 * tern_referenced_post_fetch_finish:
 *
 * Returns: (transfer full) (nullable): the post, or %NULL with an error
 */
TernReferencedPost *
tern_referenced_post_fetch_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tern_referenced_post_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
tern_referenced_post_get_id (TernReferencedPost *self)
{
  g_return_val_if_fail (TERN_IS_REFERENCED_POST (self), NULL);
  return self->id;
}

/**
 * tern_referenced_post_get_author_name:
 *
 * Returns: (nullable): the author's display name, when X said it
 */
const char *
tern_referenced_post_get_author_name (TernReferencedPost *self)
{
  g_return_val_if_fail (TERN_IS_REFERENCED_POST (self), NULL);
  return self->author_name;
}

/**
 * tern_referenced_post_get_author_username:
 *
 * Returns: (nullable): the author's username, without the @
 */
const char *
tern_referenced_post_get_author_username (TernReferencedPost *self)
{
  g_return_val_if_fail (TERN_IS_REFERENCED_POST (self), NULL);
  return self->author_username;
}

/**
 * tern_referenced_post_get_text:
 *
 * Returns: the post's text, control characters removed, never %NULL
 */
const char *
tern_referenced_post_get_text (TernReferencedPost *self)
{
  g_return_val_if_fail (TERN_IS_REFERENCED_POST (self), NULL);
  return self->text;
}

gboolean
tern_referenced_post_get_has_media (TernReferencedPost *self)
{
  g_return_val_if_fail (TERN_IS_REFERENCED_POST (self), FALSE);
  return self->has_media;
}
