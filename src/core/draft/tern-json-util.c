/* tern-json-util.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-json-util"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-json-util.h"
#include "tern-draft.h"

static gboolean
wrong_type (const char  *what,
            const char  *member,
            const char  *expected,
            GError     **error)
{
  g_set_error (error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_INVALID,
               /* Translators: e.g. "In the saved post, “text” should be a string" */
               _("In the saved %s, “%s” should be %s; the file is damaged"),
               what, member, expected);
  return FALSE;
}

static JsonNode *
get_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

gboolean
tern_json_get_optional_string (JsonObject   *object,
                               const char   *member,
                               const char   *what,
                               const char  **value,
                               GError      **error)
{
  JsonNode *node = get_member (object, member);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (what, member, _("a string"), error);
  *value = json_node_get_string (node);
  if (!g_utf8_validate (*value, -1, NULL))
    return wrong_type (what, member, _("valid UTF-8 text"), error);
  return TRUE;
}

gboolean
tern_json_get_optional_int (JsonObject   *object,
                            const char   *member,
                            const char   *what,
                            gint64        default_value,
                            gint64       *value,
                            GError      **error)
{
  JsonNode *node = get_member (object, member);

  *value = default_value;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return wrong_type (what, member, _("a whole number"), error);
  *value = json_node_get_int (node);
  return TRUE;
}

gboolean
tern_json_get_optional_array (JsonObject   *object,
                              const char   *member,
                              const char   *what,
                              JsonArray   **value,
                              GError      **error)
{
  JsonNode *node = get_member (object, member);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (what, member, _("a list"), error);
  *value = json_node_get_array (node);
  return TRUE;
}

JsonObject *
tern_json_expect_object (JsonNode    *node,
                         const char  *what,
                         GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_INVALID,
                   _("The saved %s is not a JSON object; the file is damaged"), what);
      return NULL;
    }
  return json_node_get_object (node);
}
