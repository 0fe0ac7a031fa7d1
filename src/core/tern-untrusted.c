/* tern-untrusted.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-untrusted"

#include "config.h"

#include "tern-untrusted.h"

#include <glib/gi18n.h>

#include <string.h>

/* What a server says is data, never instructions: text loses the control
 * characters that would steer a terminal, ids must look like X's, and
 * numbers are clamped before any arithmetic. */

#define MAX_ID_LENGTH 32

/**
 * tern_untrusted_clean_text:
 * @text: (nullable): text a server sent
 * @length: its length in bytes, or -1 when it ends with a NUL
 *
 * Makes text fit to print or show: bytes that are not UTF-8 become U+FFFD,
 * control characters (C0 and C1: ESC, BEL, CR, a newline, DEL, …) become
 * a space, as do the invisible characters that reorder text (bidi
 * overrides and isolates), so a message cannot move the cursor, ring, set
 * a terminal's title or pretend to be something else.
 *
 * Returns: (transfer full) (nullable): the clean text, %NULL for %NULL
 */
static char *
clean (const char *text,
       gssize      length,
       gboolean    keep_newlines)
{
  g_autofree char *valid = NULL;
  GString *clean;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, length);
  clean = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (keep_newlines && c == '\n')
        g_string_append_c (clean, '\n');
      else if (g_unichar_type (c) == G_UNICODE_CONTROL ||
          (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
        g_string_append_c (clean, ' ');
      else
        g_string_append_unichar (clean, c);
    }
  return g_string_free (clean, FALSE);
}

char *
tern_untrusted_clean_text (const char *text,
                           gssize      length)
{
  return clean (text, length, FALSE);
}

/**
 * tern_untrusted_clean_lines:
 * @text: (nullable): text to print, which may hold what a server said
 * @length: its length in bytes, or -1 when it ends with a NUL
 *
 * Like tern_untrusted_clean_text(), but keeps line breaks (`\n`).
 *
 * Returns: (transfer full) (nullable): the clean text
 */
char *
tern_untrusted_clean_lines (const char *text,
                            gssize      length)
{
  return clean (text, length, TRUE);
}

/**
 * tern_untrusted_id_is_valid:
 * @id: (nullable): an id a server sent (a media id, a post id, a user id)
 *
 * X's ids are decimal strings. Anything else (a slash, a dot, a question
 * mark, a control character) must never reach a path or a terminal.
 *
 * Returns: %TRUE when @id is 1 to 32 ASCII digits
 */
gboolean
tern_untrusted_id_is_valid (const char *id)
{
  gsize n = 0;

  if (id == NULL || *id == '\0')
    return FALSE;
  for (; id[n] != '\0'; n++)
    if (!g_ascii_isdigit (id[n]) || n >= MAX_ID_LENGTH)
      return FALSE;
  return TRUE;
}

/**
 * tern_untrusted_clamp_seconds:
 * @seconds: a duration a server gave
 * @min: the least that makes sense
 * @max: the most that makes sense
 *
 * Returns: @seconds within [@min, @max]
 */
gint64
tern_untrusted_clamp_seconds (gint64 seconds,
                              gint64 min,
                              gint64 max)
{
  g_return_val_if_fail (min <= max, min);

  return CLAMP (seconds, min, max);
}

/**
 * tern_untrusted_time_after:
 * @now: a Unix time
 * @seconds: a duration a server gave, any value
 * @max_seconds: the longest duration believed
 *
 * @now plus @seconds with @seconds clamped to [0, @max_seconds] first, so
 * INT64_MAX or a negative number cannot overflow or go back in time.
 *
 * Returns: the Unix time
 */
gint64
tern_untrusted_time_after (gint64 now,
                           gint64 seconds,
                           gint64 max_seconds)
{
  return now + tern_untrusted_clamp_seconds (seconds, 0, MAX (max_seconds, 0));
}

/**
 * tern_untrusted_json_check_depth:
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
tern_untrusted_json_check_depth (const char  *data,
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
 * tern_untrusted_json_load:
 * @parser: a parser
 * @data: JSON text from outside (a server, a file)
 * @length: its length, or -1 when it ends with a NUL
 * @error: return location for a %JSON_PARSER_ERROR
 *
 * json_parser_load_from_data(), refusing text nested deeper than
 * %TERN_UNTRUSTED_JSON_MAX_DEPTH first. Every parse of JSON that Tern did not make
 * in this process goes through here.
 *
 * Returns: %TRUE when @parser holds the parsed text
 */
gboolean
tern_untrusted_json_load (JsonParser  *parser,
                       const char  *data,
                       gssize       length,
                       GError     **error)
{
  gsize size;

  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  size = length < 0 ? strlen (data) : (gsize) length;
  if (!tern_untrusted_json_check_depth (data, size, TERN_UNTRUSTED_JSON_MAX_DEPTH, error))
    return FALSE;
  return json_parser_load_from_data (parser, data, (gssize) size, error);
}

/**
 * tern_untrusted_json_string:
 * @object: (nullable): an object from outside
 * @member: a member name
 *
 * Unlike json_object_get_string_member_with_default(), a member of another
 * type (a number, an object, a list) is no string and no warning.
 *
 * Returns: (nullable): the member's string, or %NULL
 */
const char *
tern_untrusted_json_string (JsonObject *object,
                      const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * tern_untrusted_json_string_or:
 * @object: (nullable): an object from outside
 * @member: a member name
 * @fallback: what to give when there is no such string
 *
 * Returns: the member's string, or @fallback
 */
const char *
tern_untrusted_json_string_or (JsonObject *object,
                         const char *member,
                         const char *fallback)
{
  const char *value = tern_untrusted_json_string (object, member);

  return value ? value : fallback;
}

/**
 * tern_untrusted_json_id:
 * @object: (nullable): an object from a server
 * @member: a member name, such as "id"
 *
 * Returns: (nullable): the member when it is one of X's ids (a decimal
 *   string), else %NULL
 */
const char *
tern_untrusted_json_id (JsonObject *object,
                  const char *member)
{
  const char *value = tern_untrusted_json_string (object, member);

  return tern_untrusted_id_is_valid (value) ? value : NULL;
}
