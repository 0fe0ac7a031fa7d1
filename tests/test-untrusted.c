/* test-untrusted.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The helpers every piece of server or file input goes through: JSON
 * nesting refused before json-glib recurses, text made safe to print, ids
 * checked, times clamped. */

#include "config.h"

#include <string.h>

#include "core/tern-untrusted.h"

static char *
nested (guint depth)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static void
test_json_depth (void)
{
  g_autofree char *fine = nested (TERN_UNTRUSTED_JSON_MAX_DEPTH);
  g_autofree char *deep = nested (TERN_UNTRUSTED_JSON_MAX_DEPTH + 1);
  g_autofree char *absurd = nested (200000);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (tern_untrusted_json_load (parser, fine, -1, &error));
  g_assert_no_error (error);

  g_assert_false (tern_untrusted_json_load (parser, deep, -1, &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "nested"));
  g_clear_error (&error);

  /* The crash of issue 9 item 5: refused, not parsed. */
  g_assert_false (tern_untrusted_json_load (parser, absurd, -1, &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  g_clear_error (&error);
}

static void
test_json_depth_strings (void)
{
  g_autofree char *brackets = g_strnfill (1000, '[');
  g_autofree char *in_string = g_strdup_printf ("{\"text\":\"%s\\\"[[\"}", brackets);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  /* Brackets inside a string (after an escaped quote, too) are text. */
  g_assert_true (tern_untrusted_json_load (parser, in_string, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "text")), ==, 1003);
}

static void
test_json_wrong_types (void)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"id\":12,\"name\":[\"x\"],\"ok\":\"42\","
                                               "\"path\":\"1/../2\",\"empty\":\"\",\"null\":null}", NULL);
  JsonObject *object = json_node_get_object (node);

  g_assert_null (tern_untrusted_json_string (object, "id"));
  g_assert_null (tern_untrusted_json_string (object, "name"));
  g_assert_null (tern_untrusted_json_string (object, "null"));
  g_assert_null (tern_untrusted_json_string (object, "missing"));
  g_assert_null (tern_untrusted_json_string (NULL, "id"));
  g_assert_cmpstr (tern_untrusted_json_string_or (object, "name", "fallback"), ==, "fallback");
  g_assert_cmpstr (tern_untrusted_json_id (object, "ok"), ==, "42");
  g_assert_null (tern_untrusted_json_id (object, "id"));
  g_assert_null (tern_untrusted_json_id (object, "path"));
  g_assert_null (tern_untrusted_json_id (object, "empty"));
}

static void
test_clean_text (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "plain text", "plain text" },
    { "bell\a and \x1b[2Jclear", "bell  and  [2Jclear" },
    { "title \x1b]0;owned\x07", "title  ]0;owned " },
    { "C1 \xc2\x9b" "31m red", "C1  31m red" },
    { "bidi \xe2\x80\xae" "txt.exe", "bidi  txt.exe" },
    { "line\r\nbreak\ttab", "line  break tab" },
    { "del\x7f", "del " },
    { "bad \xff utf8", "bad \xef\xbf\xbd utf8" },
    { "caf\xc3\xa9 \xf0\x9f\x91\x8d", "caf\xc3\xa9 \xf0\x9f\x91\x8d" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *clean = tern_untrusted_clean_text (cases[i].in, -1);
      g_assert_cmpstr (clean, ==, cases[i].out);
    }
  g_assert_null (tern_untrusted_clean_text (NULL, -1));
}

static void
test_clean_lines (void)
{
  g_autofree char *clean = tern_untrusted_clean_lines ("one\n\x1b[1mtwo\r\n", -1);

  g_assert_cmpstr (clean, ==, "one\n [1mtwo \n");
}

static void
test_ids (void)
{
  g_assert_true (tern_untrusted_id_is_valid ("1"));
  g_assert_true (tern_untrusted_id_is_valid ("1880028106020515840"));
  g_assert_true (tern_untrusted_id_is_valid ("12345678901234567890123456789012"));
  g_assert_false (tern_untrusted_id_is_valid ("123456789012345678901234567890123"));
  g_assert_false (tern_untrusted_id_is_valid (NULL));
  g_assert_false (tern_untrusted_id_is_valid (""));
  g_assert_false (tern_untrusted_id_is_valid ("../../../2/tweets?x="));
  g_assert_false (tern_untrusted_id_is_valid ("12/append"));
  g_assert_false (tern_untrusted_id_is_valid ("12\x1b"));
  g_assert_false (tern_untrusted_id_is_valid ("-12"));
  g_assert_false (tern_untrusted_id_is_valid (" 12"));
}

static void
test_times (void)
{
  gint64 now = 1767225600;

  g_assert_cmpint (tern_untrusted_time_after (now, G_MAXINT64, 86400), ==, now + 86400);
  g_assert_cmpint (tern_untrusted_time_after (now, G_MININT64, 86400), ==, now);
  g_assert_cmpint (tern_untrusted_time_after (now, 60, 86400), ==, now + 60);
  g_assert_cmpint (tern_untrusted_clamp_seconds (0, 1, 3600), ==, 1);
  g_assert_cmpint (tern_untrusted_clamp_seconds (G_MAXINT64, 1, 3600), ==, 3600);
  g_assert_cmpint (tern_untrusted_clamp_seconds (-5, 1, 3600), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/untrusted/json-depth", test_json_depth);
  g_test_add_func ("/untrusted/json-depth-strings", test_json_depth_strings);
  g_test_add_func ("/untrusted/json-wrong-types", test_json_wrong_types);
  g_test_add_func ("/untrusted/clean-text", test_clean_text);
  g_test_add_func ("/untrusted/clean-lines", test_clean_lines);
  g_test_add_func ("/untrusted/ids", test_ids);
  g_test_add_func ("/untrusted/times", test_times);

  return g_test_run ();
}
