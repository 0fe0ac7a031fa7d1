/* test-client.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How TernClient reads every error shape X answers with, retries, and
 * refreshes. An in-test SoupServer plays X's edge, answering with the shapes
 * XAPI.md lists, so each shape can be asserted on its own. */

#include "config.h"

#include <libsoup/soup.h>

#include "core/auth/tern-account.h"
#include "core/net/tern-client.h"
#include "tern-test-token-source.h"

typedef struct
{
  SoupServer      *server;
  char            *base;
  TernTokenSource *tokens;
  TernClient      *client;
  GHashTable      *hits;      /* path → count */
  GPtrArray       *retries;   /* messages of "retrying" */
  char            *last_authorization;
  char            *last_content_type;
  GBytes          *last_body;
} Fixture;

typedef struct
{
  gboolean   done;
  JsonNode  *data;
  GError    *error;
} Result;

static GPtrArray *debug_lines;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && debug_lines != NULL)
      g_ptr_array_add (debug_lines, g_strdup (fields[i].value));
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static guint
count_hit (Fixture    *fixture,
           const char *path)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (fixture->hits, path)) + 1;

  g_hash_table_insert (fixture->hits, g_strdup (path), GUINT_TO_POINTER (count));
  return count;
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  const char *authorization = soup_message_headers_get_one (request_headers, "Authorization");
  guint hit = count_hit (fixture, path);

  g_free (fixture->last_authorization);
  fixture->last_authorization = g_strdup (authorization);
  g_free (fixture->last_content_type);
  fixture->last_content_type = g_strdup (soup_message_headers_get_one (request_headers, "Content-Type"));
  g_clear_pointer (&fixture->last_body, g_bytes_unref);
  fixture->last_body = soup_message_body_flatten (request_body);

  if (g_str_equal (path, "/2/envelope"))
    respond (msg, 200, "application/json",
             "{\"data\":{\"id\":\"1234567890123456789\",\"text\":\"hi\"},\"unknown\":1}");
  else if (g_str_equal (path, "/2/bare"))
    respond (msg, 201, "application/json", "{\"id\":\"42\"}");
  else if (g_str_equal (path, "/2/empty204"))
    respond (msg, 204, NULL, NULL);
  else if (g_str_equal (path, "/2/partial"))
    respond (msg, 200, "application/json",
             "{\"data\":{\"id\":\"7\"},\"errors\":[{\"message\":\"one field missing\"}]}");
  else if (g_str_equal (path, "/2/errors-only"))
    respond (msg, 200, "application/json",
             "{\"errors\":[{\"message\":\"Could not find tweet with ids: [1].\"}]}");
  else if (g_str_equal (path, "/2/v2problem"))
    respond (msg, 400, "application/problem+json",
             "{\"title\":\"Invalid Request\",\"detail\":\"One or more parameters to your request was invalid.\","
             "\"type\":\"https://api.x.com/2/problems/invalid-request\",\"status\":400,"
             "\"errors\":[{\"message\":\"The `text` field is too long.\",\"parameters\":{}}]}");
  else if (g_str_equal (path, "/2/oauth"))
    respond (msg, 400, "application/json",
             "{\"error\":\"invalid_request\",\"error_description\":\"Missing required parameter [code_verifier].\"}");
  else if (g_str_equal (path, "/2/oauth-grant"))
    respond (msg, 400, "application/json",
             "{\"error\":\"invalid_grant\",\"error_description\":\"Value passed for the token was invalid.\"}");
  else if (g_str_equal (path, "/2/legacy88"))
    {
      soup_message_headers_replace (response_headers, "x-rate-limit-reset", "4102444800");
      respond (msg, 429, "application/json",
               "{\"errors\":[{\"code\":88,\"message\":\"Rate limit exceeded\"}]}");
    }
  else if (g_str_equal (path, "/2/usage-capped"))
    respond (msg, 429, "application/json",
             "{\"title\":\"UsageCapExceeded\",\"detail\":\"Usage cap exceeded: Monthly product cap\","
             "\"type\":\"https://api.twitter.com/2/problems/usage-capped\",\"status\":429}");
  else if (g_str_equal (path, "/2/html502"))
    respond (msg, 502, "text/html",
             "<html><head><title>502 Bad Gateway</title></head><body>upstream</body></html>");
  else if (g_str_equal (path, "/2/empty500"))
    respond (msg, 500, NULL, NULL);
  else if (g_str_equal (path, "/2/html200"))
    respond (msg, 200, "text/html", "<html><body>Welcome to the captive portal</body></html>");
  else if (g_str_equal (path, "/2/malformed200"))
    respond (msg, 200, "application/json", "{\"data\": {\"id\": ");
  else if (g_str_equal (path, "/2/array200"))
    respond (msg, 200, "application/json", "[1, 2]");
  else if (g_str_equal (path, "/2/duplicate"))
    respond (msg, 403, "application/json",
             "{\"detail\":\"You are not allowed to create a Tweet with duplicate content.\","
             "\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403}");
  else if (g_str_equal (path, "/2/forbidden"))
    respond (msg, 403, "application/json",
             "{\"title\":\"Unsupported Authentication\",\"detail\":\"Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.\","
             "\"type\":\"https://api.x.com/2/problems/unsupported-authentication\",\"status\":403}");
  else if (g_str_equal (path, "/2/too-large"))
    respond (msg, 413, NULL, NULL);
  else if (g_str_equal (path, "/2/not-found"))
    respond (msg, 404, "application/json",
             "{\"title\":\"Not Found Error\",\"detail\":\"Could not find media.\",\"type\":\"https://api.x.com/2/problems/resource-not-found\",\"status\":404}");
  else if (g_str_equal (path, "/2/always401"))
    respond (msg, 401, "application/json",
             "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}");
  else if (g_str_equal (path, "/2/needs-new-token"))
    {
      if (g_strcmp0 (authorization, "Bearer new-token") == 0)
        respond (msg, 200, "application/json", "{\"data\":{\"ok\":true}}");
      else
        respond (msg, 401, "application/json", "{\"title\":\"Unauthorized\",\"status\":401}");
    }
  else if (g_str_equal (path, "/2/flaky503"))
    {
      if (hit <= 2)
        respond (msg, 503, "application/json",
                 "{\"title\":\"Service Unavailable\",\"detail\":\"Service Unavailable\",\"status\":503}");
      else
        respond (msg, 200, "application/json", "{\"data\":{\"attempt\":3}}");
    }
  else if (g_str_equal (path, "/2/always503"))
    respond (msg, 503, "text/plain", "Service Unavailable");
  else if (g_str_equal (path, "/2/rate-reset-soon"))
    {
      if (hit == 1)
        {
          g_autofree char *reset = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                    g_get_real_time () / G_USEC_PER_SEC + 1);
          soup_message_headers_replace (response_headers, "x-rate-limit-limit", "100");
          soup_message_headers_replace (response_headers, "x-rate-limit-remaining", "0");
          soup_message_headers_replace (response_headers, "x-rate-limit-reset", reset);
          respond (msg, 429, "application/json",
                   "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}");
        }
      else
        respond (msg, 200, "application/json", "{\"data\":{\"ok\":true}}");
    }
  else if (g_str_equal (path, "/2/retry-after"))
    {
      if (hit == 1)
        {
          soup_message_headers_replace (response_headers, "Retry-After", "1");
          respond (msg, 429, NULL, NULL);
        }
      else
        respond (msg, 200, "application/json", "{\"data\":{\"ok\":true}}");
    }
  else if (g_str_equal (path, "/2/rate-reset-far"))
    {
      g_autofree char *reset = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                g_get_real_time () / G_USEC_PER_SEC + 3600);
      soup_message_headers_replace (response_headers, "x-rate-limit-reset", reset);
      respond (msg, 429, "application/json", "{\"title\":\"Too Many Requests\",\"status\":429}");
    }
  else if (g_str_equal (path, "/2/echo"))
    respond (msg, 200, "application/json", "{\"data\":{}}");
  else
    respond (msg, 404, "text/plain", "no such path in the test server");
}

static void
retrying_cb (TernClient *client,
             const char *message,
             guint       delay_ms,
             Fixture    *fixture)
{
  g_ptr_array_add (fixture->retries, g_strdup (message));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *uri = NULL;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  uri = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  fixture->base = g_strdup (uri);

  fixture->tokens = tern_test_token_source_new ("secret-token-value");
  fixture->client = tern_client_new (fixture->base, fixture->tokens);
  fixture->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->retries = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->client, "retrying", G_CALLBACK (retrying_cb), fixture);
  debug_lines = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->tokens);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_free (fixture->base);
  g_hash_table_unref (fixture->hits);
  g_ptr_array_unref (fixture->retries);
  g_free (fixture->last_authorization);
  g_free (fixture->last_content_type);
  g_clear_pointer (&fixture->last_body, g_bytes_unref);
  g_clear_pointer (&debug_lines, g_ptr_array_unref);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *r = user_data;

  r->data = tern_client_send_finish (TERN_CLIENT (object), result, &r->error);
  r->done = TRUE;
}

static void
wait_result (Result *r)
{
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
request (Fixture         *fixture,
         const char      *path,
         TernClientFlags  flags,
         Result          *r)
{
  memset (r, 0, sizeof *r);
  tern_client_get_json_async (fixture->client, path, flags, NULL, send_cb, r);
  wait_result (r);
}

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->data, json_node_unref);
  g_clear_error (&r->error);
}

static guint
hits (Fixture    *fixture,
      const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (fixture->hits, path));
}

static void
test_envelope (Fixture       *fixture,
               gconstpointer  data)
{
  Result r;
  JsonObject *object;

  request (fixture, "/2/envelope", TERN_CLIENT_FLAGS_NONE, &r);
  g_assert_no_error (r.error);
  object = tern_client_get_object (r.data, NULL);
  /* A 19-digit id survives as a string: never through a double. */
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "1234567890123456789");
  g_assert_cmpstr (fixture->last_authorization, ==, "Bearer secret-token-value");
  result_clear (&r);

  request (fixture, "/2/bare", TERN_CLIENT_FLAGS_NONE, &r);
  g_assert_no_error (r.error);
  g_assert_cmpstr (json_object_get_string_member (tern_client_get_object (r.data, NULL), "id"), ==, "42");
  result_clear (&r);

  request (fixture, "/2/partial", TERN_CLIENT_FLAGS_NONE, &r);
  g_assert_no_error (r.error);
  g_assert_cmpstr (json_object_get_string_member (tern_client_get_object (r.data, NULL), "id"), ==, "7");
  result_clear (&r);

  request (fixture, "/2/empty204", TERN_CLIENT_FLAGS_NONE, &r);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.data);
  g_assert_true (JSON_NODE_HOLDS_NULL (r.data));
  result_clear (&r);
}

typedef struct
{
  const char      *path;
  TernClientError  code;
  guint            status;
  const char      *in_message;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "/2/v2problem", TERN_CLIENT_ERROR_INVALID_REQUEST, 400, "One or more parameters" },
  { "/2/oauth", TERN_CLIENT_ERROR_INVALID_REQUEST, 400, "Missing required parameter [code_verifier]" },
  { "/2/oauth-grant", TERN_CLIENT_ERROR_AUTH, 400, "Sign in again" },
  { "/2/legacy88", TERN_CLIENT_ERROR_RATE_LIMITED, 429, "Try again after" },
  { "/2/usage-capped", TERN_CLIENT_ERROR_RATE_LIMITED, 429, "rate limit" },
  { "/2/html502", TERN_CLIENT_ERROR_SERVER, 502, "502" },
  { "/2/empty500", TERN_CLIENT_ERROR_SERVER, 500, "500" },
  { "/2/html200", TERN_CLIENT_ERROR_BAD_RESPONSE, 200, "HTTP 200" },
  { "/2/malformed200", TERN_CLIENT_ERROR_BAD_RESPONSE, 200, "HTTP 200" },
  { "/2/errors-only", TERN_CLIENT_ERROR_INVALID_REQUEST, 400, "Could not find tweet" },
  { "/2/duplicate", TERN_CLIENT_ERROR_DUPLICATE, 403, "same text" },
  { "/2/forbidden", TERN_CLIENT_ERROR_FORBIDDEN, 403, "Application-Only is forbidden" },
  { "/2/too-large", TERN_CLIENT_ERROR_TOO_LARGE, 413, "413" },
  { "/2/not-found", TERN_CLIENT_ERROR_INVALID_REQUEST, 404, "Could not find media" },
  { "/2/always503", TERN_CLIENT_ERROR_SERVER, 503, "503" },
};

static void
test_error_shapes (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      Result r;

      g_test_message ("%s", c->path);
      request (fixture, c->path, TERN_CLIENT_FLAGS_NONE, &r);
      g_assert_null (r.data);
      g_assert_error (r.error, TERN_CLIENT_ERROR, (int) c->code);
      g_assert_cmpuint (tern_client_error_get_status (r.error), ==, c->status);
      g_assert_nonnull (strstr (r.error->message, c->in_message));
      /* Not idempotent: sent exactly once. */
      g_assert_cmpuint (hits (fixture, c->path), ==, 1);
      result_clear (&r);
    }
}

static void
test_array_body (Fixture       *fixture,
                 gconstpointer  data)
{
  Result r;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) number = json_from_string ("17", NULL);

  /* Valid JSON but not the shape of any answer: an error naming the
   * status, not a crash. */
  request (fixture, "/2/array200", TERN_CLIENT_FLAGS_NONE, &r);
  g_assert_error (r.error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (r.error->message, "200"));
  result_clear (&r);

  g_assert_null (tern_client_get_object (number, &error));
  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE);
}

static void
test_rate_limit_reset_time (Fixture       *fixture,
                            gconstpointer  data)
{
  Result r;
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (4102444800);
  g_autofree char *day = g_date_time_format (when, "%H:%M");

  request (fixture, "/2/legacy88", TERN_CLIENT_FLAGS_IDEMPOTENT, &r);
  g_assert_error (r.error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_RATE_LIMITED);
  g_assert_cmpint (tern_client_error_get_reset_time (r.error), ==, 4102444800);
  g_assert_nonnull (strstr (r.error->message, day));
  /* The reset is far away: failing at once beats waiting for years. */
  g_assert_cmpuint (hits (fixture, "/2/legacy88"), ==, 1);
  result_clear (&r);

  request (fixture, "/2/rate-reset-far", TERN_CLIENT_FLAGS_IDEMPOTENT, &r);
  g_assert_error (r.error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_RATE_LIMITED);
  g_assert_cmpuint (hits (fixture, "/2/rate-reset-far"), ==, 1);
  result_clear (&r);
}

static void
test_rate_limit_wait (Fixture       *fixture,
                      gconstpointer  data)
{
  Result r;

  request (fixture, "/2/rate-reset-soon", TERN_CLIENT_FLAGS_RETRY_RATE_LIMITED, &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (hits (fixture, "/2/rate-reset-soon"), ==, 2);
  g_assert_cmpuint (fixture->retries->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->retries, 0), "waiting until"));
  result_clear (&r);

  request (fixture, "/2/retry-after", TERN_CLIENT_FLAGS_IDEMPOTENT, &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (hits (fixture, "/2/retry-after"), ==, 2);
  result_clear (&r);
}

static void
test_server_error_retry (Fixture       *fixture,
                         gconstpointer  data)
{
  Result r;

  request (fixture, "/2/flaky503", TERN_CLIENT_FLAGS_IDEMPOTENT, &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (json_object_get_int_member (tern_client_get_object (r.data, NULL), "attempt"), ==, 3);
  g_assert_cmpuint (hits (fixture, "/2/flaky503"), ==, 3);
  g_assert_cmpuint (fixture->retries->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->retries, 0), "503"));
  result_clear (&r);

  /* Bounded: it gives up after max-retries and says why. */
  tern_client_set_max_retries (fixture->client, 2);
  request (fixture, "/2/always503", TERN_CLIENT_FLAGS_IDEMPOTENT, &r);
  g_assert_error (r.error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (hits (fixture, "/2/always503"), ==, 3);
  result_clear (&r);
}

static void
test_refresh_on_401 (Fixture       *fixture,
                     gconstpointer  data)
{
  TernTestTokenSource *tokens = TERN_TEST_TOKEN_SOURCE (fixture->tokens);
  Result r;

  tern_test_token_source_set_refreshed_token (tokens, "new-token");
  request (fixture, "/2/needs-new-token", TERN_CLIENT_FLAGS_NONE, &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (hits (fixture, "/2/needs-new-token"), ==, 2);
  g_assert_cmpuint (tern_test_token_source_get_refresh_count (tokens), ==, 1);
  result_clear (&r);

  /* A second 401 with a fresh token is final: sign in again. */
  request (fixture, "/2/always401", TERN_CLIENT_FLAGS_IDEMPOTENT, &r);
  g_assert_error (r.error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_AUTH);
  g_assert_nonnull (strstr (r.error->message, "Sign in again"));
  g_assert_cmpuint (hits (fixture, "/2/always401"), ==, 2);
  g_assert_cmpuint (tern_test_token_source_get_refresh_count (tokens), ==, 2);
  result_clear (&r);
}

static void
test_network_error (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(TernClient) client = NULL;
  g_autofree char *base = NULL;
  Result r = { 0 };

  /* A port that is bound but not listening refuses connections. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  base = g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  client = tern_client_new (base, fixture->tokens);
  tern_client_get_json_async (client, "/2/users/me", TERN_CLIENT_FLAGS_NONE, NULL, send_cb, &r);
  wait_result (&r);
  g_assert_error (r.error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_NETWORK);
  g_assert_cmpuint (tern_client_error_get_status (r.error), ==, 0);
  g_assert_nonnull (strstr (r.error->message, "network"));
  result_clear (&r);
}

static void
cancel_cb (TernClient   *client,
           const char   *message,
           guint         delay_ms,
           GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
test_cancel_during_wait (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result r = { 0 };

  tern_client_set_max_retries (fixture->client, 20);
  g_signal_connect (fixture->client, "retrying", G_CALLBACK (cancel_cb), cancellable);
  tern_client_get_json_async (fixture->client, "/2/always503", TERN_CLIENT_FLAGS_IDEMPOTENT,
                              cancellable, send_cb, &r);
  wait_result (&r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (hits (fixture, "/2/always503"), ==, 1);
  result_clear (&r);
}

static void
test_bodies (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonNode) json = json_from_string ("{\"text\":\"héllo\"}", NULL);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autoptr(GBytes) part = g_bytes_new_static ("\0\1\2binary", 9);
  Result r = { 0 };
  gsize size;
  const char *body;

  tern_client_post_json_async (fixture->client, "/2/echo", json, TERN_CLIENT_FLAGS_NONE,
                               NULL, send_cb, &r);
  wait_result (&r);
  g_assert_no_error (r.error);
  g_assert_cmpstr (fixture->last_content_type, ==, "application/json");
  body = g_bytes_get_data (fixture->last_body, &size);
  g_assert_cmpmem (body, size, "{\"text\":\"héllo\"}", strlen ("{\"text\":\"héllo\"}"));
  result_clear (&r);

  g_hash_table_insert (form, (gpointer) "grant_type", (gpointer) "refresh_token");
  memset (&r, 0, sizeof r);
  tern_client_post_form_async (fixture->client, "/2/echo", form, TERN_CLIENT_FLAGS_NONE,
                               NULL, send_cb, &r);
  wait_result (&r);
  g_assert_no_error (r.error);
  g_assert_cmpstr (fixture->last_content_type, ==, "application/x-www-form-urlencoded");
  body = g_bytes_get_data (fixture->last_body, &size);
  g_assert_cmpmem (body, size, "grant_type=refresh_token", strlen ("grant_type=refresh_token"));
  result_clear (&r);

  soup_multipart_append_form_string (multipart, "segment_index", "3");
  soup_multipart_append_form_file (multipart, "media", "blob", "application/octet-stream", part);
  memset (&r, 0, sizeof r);
  tern_client_post_multipart_async (fixture->client, "/2/echo", multipart, TERN_CLIENT_FLAGS_NONE,
                                    NULL, send_cb, &r);
  wait_result (&r);
  g_assert_no_error (r.error);
  g_assert_true (g_str_has_prefix (fixture->last_content_type, "multipart/form-data; boundary="));
  {
    g_autoptr(SoupMultipart) received = NULL;
    g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
    SoupMessageHeaders *part_headers;
    GBytes *part_body;

    soup_message_headers_replace (headers, "Content-Type", fixture->last_content_type);
    received = soup_multipart_new_from_message (headers, fixture->last_body);
    g_assert_nonnull (received);
    g_assert_cmpint (soup_multipart_get_length (received), ==, 2);
    g_assert_true (soup_multipart_get_part (received, 1, &part_headers, &part_body));
    g_assert_cmpmem (g_bytes_get_data (part_body, NULL), g_bytes_get_size (part_body), "\0\1\2binary", 9);
  }
  result_clear (&r);
}

static void
test_debug_never_shows_token (Fixture       *fixture,
                              gconstpointer  data)
{
  Result r;
  gboolean saw_request_line = FALSE;

  g_log_set_debug_enabled (TRUE);
  request (fixture, "/2/envelope", TERN_CLIENT_FLAGS_NONE, &r);
  result_clear (&r);
  request (fixture, "/2/always401", TERN_CLIENT_FLAGS_NONE, &r);
  result_clear (&r);
  g_log_set_debug_enabled (FALSE);

  for (guint i = 0; i < debug_lines->len; i++)
    {
      const char *line = g_ptr_array_index (debug_lines, i);
      g_assert_null (strstr (line, "secret-token-value"));
      if (strstr (line, "GET /2/envelope") && strstr (line, "200"))
        saw_request_line = TRUE;
    }
  g_assert_true (saw_request_line);
}

/* Everyone posting from one account shares its client (one session, one
 * refresh in flight), and the account does not keep it alive: a client
 * holds its token source, so a strong reference back would leak both. */
static void
test_account_shares_client (void)
{
  TernAccount *account = tern_account_new ("http://127.0.0.1:9", "c", "7", "writer", "Writer", NULL);
  TernClient *first = tern_account_dup_client (account);
  TernClient *second = tern_account_dup_client (account);

  g_assert_true (first == second);
  g_assert_true (tern_client_get_token_source (first) == TERN_TOKEN_SOURCE (account));
  g_assert_cmpstr (tern_client_get_api_base (first), ==, "http://127.0.0.1:9");
  g_object_unref (second);
  g_assert_finalize_object (first);

  second = tern_account_dup_client (account);
  g_assert_nonnull (second);
  g_assert_finalize_object (second);
  g_assert_finalize_object (account);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/client/envelope", test_envelope);
  ADD ("/client/error-shapes", test_error_shapes);
  ADD ("/client/array-body", test_array_body);
  ADD ("/client/rate-limit/reset-time", test_rate_limit_reset_time);
  ADD ("/client/rate-limit/wait", test_rate_limit_wait);
  ADD ("/client/server-error-retry", test_server_error_retry);
  ADD ("/client/refresh-on-401", test_refresh_on_401);
  ADD ("/client/network-error", test_network_error);
  ADD ("/client/cancel-during-wait", test_cancel_during_wait);
  ADD ("/client/bodies", test_bodies);
  ADD ("/client/debug-never-shows-token", test_debug_never_shows_token);
#undef ADD
  g_test_add_func ("/client/account-shares-client", test_account_shares_client);

  return g_test_run ();
}
