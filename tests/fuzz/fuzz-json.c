/* fuzz-json.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target: what Tern does with JSON from outside. The first byte
 * picks an HTTP status; the rest is an answer body given to the client's
 * parser (every shape of X's errors), or a saved draft. */

#include "config.h"

#include <glib.h>

#include "core/net/tern-client.h"
#include "core/draft/tern-draft.h"
#include "core/tern-untrusted.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const guint statuses[] = {
  200, 201, 204, 301, 400, 401, 403, 404, 409, 413, 422, 429, 431, 500, 503,
};

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  guint status;

  if (size == 0)
    return 0;
  status = statuses[data[0] % G_N_ELEMENTS (statuses)];
  body = g_bytes_new (data + 1, size - 1);
  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  if (data[0] & 0x80)
    soup_message_headers_replace (headers, "x-rate-limit-reset", "9223372036854775807");

  answer = tern_client_parse_response (status, headers, body, &error);
  g_assert_true ((answer == NULL) != (error == NULL));
  if (error != NULL)
    {
      /* What X said is shown and printed: no control characters left. */
      for (const char *p = error->message; *p != '\0'; p = g_utf8_next_char (p))
        g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
      g_clear_error (&error);
    }

  parser = json_parser_new ();
  if (tern_untrusted_json_load (parser, (const char *) data + 1, (gssize) size - 1, NULL) &&
      json_parser_get_root (parser) != NULL)
    {
      g_autoptr(TernDraft) draft = tern_draft_new_from_json (json_parser_get_root (parser), &error);
      g_assert_true ((draft == NULL) != (error == NULL));
    }
  return 0;
}
