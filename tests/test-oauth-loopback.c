/* test-oauth-loopback.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The loopback server of the sign-in, driven over real HTTP the way a
 * browser (or an attacker on the machine) would: every refused callback,
 * a cancelled sign-in at X, time-out, cancel, a port in use.
 */

#include "config.h"

#include <libsoup/soup.h>

#include "core/auth/tern-oauth.h"

typedef struct
{
  TernAccountManager *manager;
  SoupSession        *session;
  TernOAuth          *oauth;
  GCancellable       *cancellable;
  char               *authorize_uri;
  TernAccount        *account;
  GError             *error;
  gboolean            finished;
  gboolean            was_listening;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->manager = tern_account_manager_new (NULL);
  f->session = soup_session_new ();
  f->cancellable = g_cancellable_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->oauth);
  g_clear_object (&f->account);
  g_clear_error (&f->error);
  g_clear_pointer (&f->authorize_uri, g_free);
  g_clear_object (&f->cancellable);
  g_clear_object (&f->session);
  g_clear_object (&f->manager);
}

typedef struct
{
  gboolean  done;
  guint     status;
  GError   *error;
} Get;

static void
get_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Get *get = user_data;
  g_autoptr(GBytes) bytes = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &get->error);
  if (bytes != NULL)
    get->status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result));
  get->done = TRUE;
}

/* Returns the status, or 0 when nothing answered (connection refused). */
static guint
http_request (SoupSession *session,
              const char  *method,
              const char  *uri)
{
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  Get get = { 0 };

  g_assert_nonnull (message);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, get_cb, &get);
  while (!get.done)
    g_main_context_iteration (NULL, TRUE);
  g_clear_error (&get.error);
  return get.status;
}

static char *
query_value (const char *uri,
             const char *name)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GHashTable) params = g_uri_parse_params (g_uri_get_query (parsed), -1, "&",
                                                     G_URI_PARAMS_NONE, NULL);

  return g_strdup (g_hash_table_lookup (params, name));
}

static void
record_open (TernOAuth  *oauth,
             const char *uri,
             gpointer    user_data)
{
  Fixture *f = user_data;

  f->authorize_uri = g_strdup (uri);
  /* The server answers before the browser is asked to visit X. */
  f->was_listening = http_request (f->session, "GET", tern_oauth_get_redirect_uri (oauth)) != 0;
}

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;

  f->account = tern_oauth_sign_in_finish (TERN_OAUTH (source), result, &f->error);
  f->finished = TRUE;
}

static void
start (Fixture    *f,
       const char *redirect_uri)
{
  f->oauth = tern_oauth_new (f->manager, "http://127.0.0.1:9", "test-client", NULL, redirect_uri);
  tern_oauth_set_open_func (f->oauth, record_open, f, NULL);
  tern_oauth_sign_in_async (f->oauth, f->cancellable, sign_in_cb, f);
}

static void
wait_finished (Fixture *f)
{
  while (!f->finished)
    g_main_context_iteration (NULL, TRUE);
}

static char *
callback_uri (Fixture    *f,
              const char *path,
              const char *query)
{
  g_autoptr(GUri) redirect = g_uri_parse (tern_oauth_get_redirect_uri (f->oauth), G_URI_FLAGS_NONE, NULL);

  return g_strdup_printf ("http://%s:%d%s%s%s", g_uri_get_host (redirect), g_uri_get_port (redirect),
                          path ? path : g_uri_get_path (redirect),
                          query ? "?" : "", query ? query : "");
}

static void
test_authorize_uri (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *scope = NULL, *method = NULL, *redirect = NULL, *state = NULL, *challenge = NULL;

  start (f, "http://127.0.0.1:0/callback");
  g_assert_nonnull (f->authorize_uri);
  g_assert_true (f->was_listening);
  g_assert_cmpint (tern_oauth_get_step (f->oauth), ==, TERN_OAUTH_STEP_WAITING);

  g_assert_true (g_str_has_prefix (f->authorize_uri, "http://127.0.0.1:9/i/oauth2/authorize?"));
  scope = query_value (f->authorize_uri, "scope");
  g_assert_cmpstr (scope, ==, "tweet.read tweet.write users.read media.write offline.access");
  method = query_value (f->authorize_uri, "code_challenge_method");
  g_assert_cmpstr (method, ==, "S256");
  redirect = query_value (f->authorize_uri, "redirect_uri");
  g_assert_cmpstr (redirect, ==, tern_oauth_get_redirect_uri (f->oauth));
  g_assert_false (g_str_has_suffix (redirect, ":0/callback"));
  state = query_value (f->authorize_uri, "state");
  g_assert_cmpuint (strlen (state), >=, 43);
  challenge = query_value (f->authorize_uri, "code_challenge");
  g_assert_cmpuint (strlen (challenge), ==, 43);

  g_cancellable_cancel (f->cancellable);
  wait_finished (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_authorize_uri_for_x (Fixture       *f,
                          gconstpointer  data)
{
  f->oauth = tern_oauth_new (f->manager, "https://api.x.com", "test-client", NULL,
                             "http://127.0.0.1:0/callback");
  tern_oauth_set_open_func (f->oauth, record_open, f, NULL);
  tern_oauth_sign_in_async (f->oauth, f->cancellable, sign_in_cb, f);
  g_assert_true (g_str_has_prefix (f->authorize_uri, "https://x.com/i/oauth2/authorize?response_type=code&"));
  g_cancellable_cancel (f->cancellable);
  wait_finished (f);
}

/* Wrong path, missing or wrong state, a POST: each refused, none of them
 * ends the sign-in. Then X says the person declined: a clear message, and
 * the server stops listening. */
static void
test_refused_then_denied (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *state = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *query = NULL;

  start (f, "http://127.0.0.1:0/callback");
  state = query_value (f->authorize_uri, "state");

  g_clear_pointer (&uri, g_free);
  query = g_strdup_printf ("code=abc&state=%s", state);
  uri = callback_uri (f, "/other", query);
  g_assert_cmpuint (http_request (f->session, "GET", uri), ==, 404);
  g_clear_pointer (&uri, g_free);
  uri = callback_uri (f, "/callback/", query);
  g_assert_cmpuint (http_request (f->session, "GET", uri), ==, 404);

  g_clear_pointer (&uri, g_free);
  uri = callback_uri (f, NULL, "code=abc");
  g_assert_cmpuint (http_request (f->session, "GET", uri), ==, 400);

  g_clear_pointer (&uri, g_free);
  uri = callback_uri (f, NULL, "code=abc&state=not-the-state");
  g_assert_cmpuint (http_request (f->session, "GET", uri), ==, 400);

  g_clear_pointer (&uri, g_free);
  uri = callback_uri (f, NULL, query);
  g_assert_cmpuint (http_request (f->session, "POST", uri), ==, 405);

  g_assert_false (f->finished);
  g_assert_cmpint (tern_oauth_get_step (f->oauth), ==, TERN_OAUTH_STEP_WAITING);

  g_clear_pointer (&query, g_free);
  g_clear_pointer (&uri, g_free);
  query = g_strdup_printf ("error=access_denied&state=%s", state);
  uri = callback_uri (f, NULL, query);
  g_assert_cmpuint (http_request (f->session, "GET", uri), ==, 200);

  wait_finished (f);
  g_assert_error (f->error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_CANCELLED_AT_X);
  g_assert_nonnull (strstr (f->error->message, "cancelled"));
  g_assert_null (f->account);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->manager)), ==, 0);

  /* A second callback finds nobody listening. */
  g_assert_cmpuint (http_request (f->session, "GET", uri), ==, 0);
}

static void
test_other_error (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *state = NULL, *query = NULL, *uri = NULL;

  start (f, "http://127.0.0.1:0/callback");
  state = query_value (f->authorize_uri, "state");
  query = g_strdup_printf ("error=invalid_scope&state=%s", state);
  uri = callback_uri (f, NULL, query);
  http_request (f->session, "GET", uri);
  wait_finished (f);
  g_assert_error (f->error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_DENIED);
  g_assert_nonnull (strstr (f->error->message, "invalid_scope"));
}

/* The first good callback is the only one: while its code is being
 * exchanged, a replay is refused, and then nothing listens. */
static void
test_second_callback (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *state = NULL, *query = NULL, *uri = NULL;
  guint second;

  start (f, "http://127.0.0.1:0/callback");
  state = query_value (f->authorize_uri, "state");
  query = g_strdup_printf ("code=first&state=%s", state);
  uri = callback_uri (f, NULL, query);
  g_assert_cmpuint (http_request (f->session, "GET", uri), ==, 200);
  g_assert_cmpint (tern_oauth_get_step (f->oauth), !=, TERN_OAUTH_STEP_WAITING);

  second = http_request (f->session, "GET", uri);
  g_assert_true (second == 0 || second == 410);

  /* Nothing serves the token endpoint here: the exchange fails, clearly. */
  wait_finished (f);
  g_assert_nonnull (f->error);
  g_assert_null (f->account);
  g_assert_cmpuint (http_request (f->session, "GET", uri), ==, 0);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  f->oauth = tern_oauth_new (f->manager, "http://127.0.0.1:9", "test-client", NULL,
                             "http://127.0.0.1:0/callback");
  tern_oauth_set_open_func (f->oauth, record_open, f, NULL);
  tern_oauth_set_timeout (f->oauth, 1);
  tern_oauth_sign_in_async (f->oauth, NULL, sign_in_cb, f);
  wait_finished (f);
  g_assert_error (f->error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_TIMED_OUT);
  g_assert_cmpint (tern_oauth_get_step (f->oauth), ==, TERN_OAUTH_STEP_FAILED);
}

static void
test_cancel_closes_port (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *uri = NULL;

  start (f, "http://127.0.0.1:0/callback");
  uri = g_strdup (tern_oauth_get_redirect_uri (f->oauth));
  g_assert_cmpuint (http_request (f->session, "GET", uri), ==, 400);
  g_cancellable_cancel (f->cancellable);
  wait_finished (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (http_request (f->session, "GET", uri), ==, 0);
}

static void
test_port_in_use (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SoupServer) other = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *redirect = NULL;
  g_autofree char *port_text = NULL;
  guint port;

  g_assert_true (soup_server_listen_local (other, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (other);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  start (f, redirect);
  wait_finished (f);
  g_assert_error (f->error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_PORT_IN_USE);
  port_text = g_strdup_printf ("%u", port);
  g_assert_nonnull (strstr (f->error->message, port_text));
  g_assert_nonnull (strstr (f->error->message, "redirect URI"));
  g_assert_null (f->authorize_uri);
}

static void
test_not_loopback (Fixture       *f,
                   gconstpointer  data)
{
  start (f, "https://example.com/callback");
  wait_finished (f);
  g_assert_error (f->error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_INVALID_ARGUMENT);
  g_assert_null (f->authorize_uri);
}

/* With localhost the browser may pick either address family. */
static void
test_localhost_both_families (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GUri) redirect = NULL;
  g_autofree char *v4 = NULL, *v6 = NULL;

  start (f, "http://localhost:0/callback");
  g_assert_nonnull (f->authorize_uri);
  redirect = g_uri_parse (tern_oauth_get_redirect_uri (f->oauth), G_URI_FLAGS_NONE, NULL);
  g_assert_cmpstr (g_uri_get_host (redirect), ==, "localhost");

  v4 = g_strdup_printf ("http://127.0.0.1:%d/callback", g_uri_get_port (redirect));
  v6 = g_strdup_printf ("http://[::1]:%d/callback", g_uri_get_port (redirect));
  g_assert_cmpuint (http_request (f->session, "GET", v4), ==, 400);
  g_assert_cmpuint (http_request (f->session, "GET", v6), ==, 400);

  g_cancellable_cancel (f->cancellable);
  wait_finished (f);
}

/* The process's resident memory in KiB, from /proc. */
static gsize
resident_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line != NULL ? (gsize) g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10) : 0;
}

typedef struct
{
  GOutputStream *out;
  guchar        *block;
  gsize          block_size;
  guint64        sent;
  guint64        limit;
  gsize          peak_kib;
  gboolean       done;
  GError        *error;
} Flood;

static void flood_next (Flood *flood);

static void
flood_wrote_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Flood *flood = user_data;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, &written, &flood->error))
    {
      flood->done = TRUE;
      return;
    }
  flood->sent += written;
  flood->peak_kib = MAX (flood->peak_kib, resident_kib ());
  flood_next (flood);
}

static void
flood_next (Flood *flood)
{
  if (flood->sent >= flood->limit)
    {
      flood->done = TRUE;
      return;
    }
  g_output_stream_write_all_async (flood->out, flood->block, flood->block_size,
                                   G_PRIORITY_DEFAULT, NULL, flood_wrote_cb, flood);
}

/* A local process streams a request far larger than any callback: a body
 * of hundreds of megabytes, or headers that never end. The sign-in's
 * memory stays flat, the connection is closed, and the sign-in goes on
 * waiting for the real answer. */
static void
flood_loopback (Fixture    *f,
                const char *head,
                guchar      fill)
{
  g_autoptr(GUri) redirect = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL, *query = NULL, *uri = NULL;
  Flood flood = { 0 };
  gsize before;

  start (f, "http://127.0.0.1:0/callback");
  redirect = g_uri_parse (tern_oauth_get_redirect_uri (f->oauth), G_URI_FLAGS_NONE, NULL);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (redirect), NULL, &error);
  g_assert_no_error (error);

  flood.out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_output_stream_write_all (flood.out, head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);

  before = resident_kib ();
  g_assert_cmpuint (before, >, 0);
  flood.block_size = 1024 * 1024;
  flood.block = g_malloc (flood.block_size);
  memset (flood.block, fill, flood.block_size);
  flood.limit = G_GUINT64_CONSTANT (256) * 1024 * 1024;
  flood.peak_kib = before;
  flood_next (&flood);
  while (!flood.done)
    g_main_context_iteration (NULL, TRUE);

  g_test_message ("sent %" G_GUINT64_FORMAT " bytes, resident grew by %" G_GSIZE_FORMAT " KiB", flood.sent, flood.peak_kib - before);
  /* Tern hung up long before the end, and never held the flood. */
  g_assert_nonnull (flood.error);
  g_assert_cmpuint (flood.sent, <, flood.limit);
  g_assert_cmpuint (flood.peak_kib - before, <, 16 * 1024);
  g_clear_error (&flood.error);
  g_free (flood.block);

  /* The sign-in still waits, and still answers. */
  g_assert_false (f->finished);
  g_assert_cmpint (tern_oauth_get_step (f->oauth), ==, TERN_OAUTH_STEP_WAITING);
  state = query_value (f->authorize_uri, "state");
  query = g_strdup_printf ("error=access_denied&state=%s", state);
  uri = callback_uri (f, NULL, query);
  g_assert_cmpuint (http_request (f->session, "GET", uri), ==, 200);
  wait_finished (f);
  g_assert_error (f->error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_CANCELLED_AT_X);
}

static void
test_oversized_body (Fixture       *f,
                     gconstpointer  data)
{
  flood_loopback (f,
                  "POST /callback HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  "Content-Length: 1099511627776\r\n\r\n",
                  'x');
}

static void
test_endless_headers (Fixture       *f,
                      gconstpointer  data)
{
  /* One header line that never ends. */
  flood_loopback (f, "GET /callback HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Flood: ", 'a');
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/oauth/loopback/authorize-uri", test_authorize_uri);
  ADD ("/oauth/loopback/authorize-uri-for-x", test_authorize_uri_for_x);
  ADD ("/oauth/loopback/refused-then-denied", test_refused_then_denied);
  ADD ("/oauth/loopback/other-error", test_other_error);
  ADD ("/oauth/loopback/second-callback", test_second_callback);
  ADD ("/oauth/loopback/timeout", test_timeout);
  ADD ("/oauth/loopback/cancel-closes-port", test_cancel_closes_port);
  ADD ("/oauth/loopback/port-in-use", test_port_in_use);
  ADD ("/oauth/loopback/not-loopback", test_not_loopback);
  ADD ("/oauth/loopback/localhost-both-families", test_localhost_both_families);
  ADD ("/oauth/loopback/oversized-body", test_oversized_body);
  ADD ("/oauth/loopback/endless-headers", test_endless_headers);

  return g_test_run ();
}
