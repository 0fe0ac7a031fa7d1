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
#include "tern-untrusted.h"

#include <string.h>

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

/**
 * tern_json_check_depth:
 * @data: JSON text
 * @length: its length in bytes
 * @max_depth: the deepest nesting of arrays and objects allowed
 * @error: return location for a %JSON_PARSER_ERROR
 *
 * json-glib parses recursively: text nested deeply enough (`[` a few
 * hundred thousand times) overflows the stack. This looks at the brackets
 * outside strings, in one pass, before any parser sees the text.
 *
 * Returns: %TRUE when @data is nested at most @max_depth deep
 */
gboolean
tern_json_check_depth (const char  *data,
                       gsize        length,
                       guint        max_depth,
                       GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            {
              g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           _("the JSON is nested more than %u levels deep"), max_depth);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }
  return TRUE;
}

/**
 * tern_json_parser_load:
 * @parser: a parser
 * @data: JSON text from outside (a server, a file)
 * @length: its length, or -1 when it ends with a NUL
 * @error: return location for a %JSON_PARSER_ERROR
 *
 * json_parser_load_from_data(), refusing text nested deeper than
 * %TERN_JSON_MAX_DEPTH first. Every parse of JSON that Tern did not make
 * in this process goes through here.
 *
 * Returns: %TRUE when @parser holds the parsed text
 */
gboolean
tern_json_parser_load (JsonParser  *parser,
                       const char  *data,
                       gssize       length,
                       GError     **error)
{
  gsize size;

  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  size = length < 0 ? strlen (data) : (gsize) length;
  if (!tern_json_check_depth (data, size, TERN_JSON_MAX_DEPTH, error))
    return FALSE;
  return json_parser_load_from_data (parser, data, (gssize) size, error);
}

/**
 * tern_json_get_string:
 * @object: (nullable): an object from outside
 * @member: a member name
 *
 * Unlike json_object_get_string_member_with_default(), a member of another
 * type (a number, an object, a list) is no string and no warning.
 *
 * Returns: (nullable): the member's string, or %NULL
 */
const char *
tern_json_get_string (JsonObject *object,
                      const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * tern_json_get_string_or:
 * @object: (nullable): an object from outside
 * @member: a member name
 * @fallback: what to give when there is no such string
 *
 * Returns: the member's string, or @fallback
 */
const char *
tern_json_get_string_or (JsonObject *object,
                         const char *member,
                         const char *fallback)
{
  const char *value = tern_json_get_string (object, member);

  return value ? value : fallback;
}

/**
 * tern_json_get_id:
 * @object: (nullable): an object from a server
 * @member: a member name, such as "id"
 *
 * Returns: (nullable): the member when it is one of X's ids (a decimal
 *   string), else %NULL
 */
const char *
tern_json_get_id (JsonObject *object,
                  const char *member)
{
  const char *value = tern_json_get_string (object, member);

  return tern_untrusted_id_is_valid (value) ? value : NULL;
}
