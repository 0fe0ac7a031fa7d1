/* test-sim-api.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The simulator through its in-process API, with real HTTP over loopback:
 * every fault of the plan, every error body, rate limits, the request log,
 * the clock, users and ownership, and running on a given main context. */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>
#include <unistd.h>

#include "sim/tern-sim.h"

#define REDIRECT "http://127.0.0.1:8723/callback"
#define CLIENT "tern-test"
#define VERIFIER "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
#define CHALLENGE "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;
  GError             *error;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

typedef struct
{
  TernSim     *sim;
  SoupSession *session;
  char        *access;
  char        *refresh;
} Fixture;

/* HTTP */

static Reply *
finish_reply (SoupMessage *msg,
              GBytes      *body,
              GError      *error)
{
  Reply *reply = g_new0 (Reply, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();

  reply->error = error;
  if (error != NULL)
    return reply;
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = body;
  if (g_bytes_get_size (body) > 0 &&
      json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
    reply->json = json_node_copy (json_parser_get_root (parser));
  return reply;
}

static SoupMessage *
build_message (const char *base,
               const char *method,
               const char *path,
               const char *token,
               const char *content_type,
               GBytes     *body)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  return msg;
}

static Reply *
send_bytes (Fixture    *f,
            const char *method,
            const char *path,
            const char *token,
            const char *content_type,
            GBytes     *body)
{
  g_autoptr(SoupMessage) msg = build_message (tern_sim_get_base_url (f->sim), method, path,
                                              token, content_type, body);
  GError *error = NULL;
  GBytes *bytes = soup_session_send_and_read (f->session, msg, NULL, &error);

  return finish_reply (msg, bytes, error);
}

static Reply *
send_text (Fixture    *f,
           const char *method,
           const char *path,
           const char *token,
           const char *content_type,
           const char *text)
{
  g_autoptr(GBytes) body = text ? g_bytes_new (text, strlen (text)) : NULL;

  return send_bytes (f, method, path, token, content_type, body);
}

static Reply *
send_json (Fixture    *f,
           const char *path,
           const char *token,
           const char *json)
{
  return send_text (f, "POST", path, token, "application/json", json);
}

static Reply *
send_form (Fixture    *f,
           const char *path,
           const char *form)
{
  return send_text (f, "POST", path, NULL, "application/x-www-form-urlencoded", form);
}

static Reply *
send_multipart (Fixture    *f,
                const char *path,
                const char *token,
                const char *field,
                const char *value,
                GBytes     *media)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  g_autoptr(GBytes) body = NULL;
  const char *type;

  if (field != NULL)
    soup_multipart_append_form_string (multipart, field, value);
  soup_multipart_append_form_file (multipart, "media", "blob", "application/octet-stream", media);
  soup_multipart_to_message (multipart, headers, &body);
  type = soup_message_headers_get_one (headers, "Content-Type");
  return send_bytes (f, "POST", path, token, type, body);
}

static JsonNode *
json_at (Reply      *reply,
         const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = reply->json;

  for (guint i = 0; node != NULL && parts[i] != NULL; i++)
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), parts[i]);
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          guint64 index = g_ascii_strtoull (parts[i], NULL, 10);
          JsonArray *array = json_node_get_array (node);

          node = index < json_array_get_length (array) ? json_array_get_element (array, index) : NULL;
        }
      else
        node = NULL;
    }
  return node;
}

static const char *
json_str (Reply      *reply,
          const char *path)
{
  JsonNode *node = json_at (reply, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
json_int (Reply      *reply,
          const char *path)
{
  JsonNode *node = json_at (reply, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return G_MININT64;
  return json_node_get_int (node);
}

static const char *
header (Reply      *reply,
        const char *name)
{
  return soup_message_headers_get_one (reply->headers, name);
}

static GBytes *
make_bytes (gsize   size,
            guint32 seed)
{
  guint8 *data = g_malloc (size);
  GRand *rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  g_rand_free (rand);
  return g_bytes_new_take (data, size);
}

/* A real PNG, written by hand: signature, IHDR, one stored-deflate IDAT, IEND. */
static GBytes *
make_png (guint w,
          guint h)
{
  GByteArray *png = g_byte_array_new ();
  GByteArray *raw = g_byte_array_new ();
  GByteArray *zdata = g_byte_array_new ();
  guint32 a = 1, b = 0;
  guint8 sig[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 ihdr[13];

  for (guint y = 0; y < h; y++)
    {
      guint8 zero = 0, grey = 128;

      g_byte_array_append (raw, &zero, 1);
      for (guint x = 0; x < w; x++)
        g_byte_array_append (raw, &grey, 1);
    }
  for (guint i = 0; i < raw->len; i++)
    {
      a = (a + raw->data[i]) % 65521;
      b = (b + a) % 65521;
    }
  {
    guint8 head[] = { 0x78, 0x01, 0x01, raw->len & 0xff, raw->len >> 8,
                      ~raw->len & 0xff, (~raw->len >> 8) & 0xff };
    guint8 adler[] = { b >> 8, b & 0xff, a >> 8, a & 0xff };

    g_assert_cmpuint (raw->len, <, 65535);
    g_byte_array_append (zdata, head, sizeof head);
    g_byte_array_append (zdata, raw->data, raw->len);
    g_byte_array_append (zdata, adler, sizeof adler);
  }

  ihdr[0] = w >> 24; ihdr[1] = w >> 16; ihdr[2] = w >> 8; ihdr[3] = w;
  ihdr[4] = h >> 24; ihdr[5] = h >> 16; ihdr[6] = h >> 8; ihdr[7] = h;
  ihdr[8] = 8; ihdr[9] = 0; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;

  g_byte_array_append (png, sig, sizeof sig);
  {
    struct { const char *type; const guint8 *data; guint len; } chunks[] = {
      { "IHDR", ihdr, sizeof ihdr },
      { "IDAT", zdata->data, zdata->len },
      { "IEND", NULL, 0 },
    };

    for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
      {
        guint32 crc = 0xffffffff;
        guint8 len[4] = { chunks[c].len >> 24, chunks[c].len >> 16, chunks[c].len >> 8, chunks[c].len };
        guint8 crcb[4];

        g_byte_array_append (png, len, 4);
        g_byte_array_append (png, (const guint8 *) chunks[c].type, 4);
        if (chunks[c].len > 0)
          g_byte_array_append (png, chunks[c].data, chunks[c].len);
        for (guint i = 0; i < 4 + chunks[c].len; i++)
          {
            guint8 byte = i < 4 ? (guint8) chunks[c].type[i] : chunks[c].data[i - 4];

            crc ^= byte;
            for (int k = 0; k < 8; k++)
              crc = (crc >> 1) ^ (0xEDB88320 & -(crc & 1));
          }
        crc ^= 0xffffffff;
        crcb[0] = crc >> 24; crcb[1] = crc >> 16; crcb[2] = crc >> 8; crcb[3] = crc;
        g_byte_array_append (png, crcb, 4);
      }
  }
  g_byte_array_unref (raw);
  g_byte_array_unref (zdata);
  return g_byte_array_free_to_bytes (png);
}

/* OAuth over HTTP, the only way a client gets tokens */

static char *
location_param (Reply      *reply,
                const char *name)
{
  const char *location = header (reply, "Location");
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;

  if (location == NULL)
    return NULL;
  uri = g_uri_parse (location, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_query (uri) == NULL)
    return NULL;
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  return params ? g_strdup (g_hash_table_lookup (params, name)) : NULL;
}

static char *
authorize_path (const char *client,
                const char *scope)
{
  g_autofree char *escaped_scope = g_uri_escape_string (scope, NULL, FALSE);
  g_autofree char *escaped_redirect = g_uri_escape_string (REDIRECT, NULL, FALSE);

  return g_strdup_printf ("/i/oauth2/authorize?response_type=code&client_id=%s&redirect_uri=%s"
                          "&scope=%s&state=st&code_challenge=" CHALLENGE "&code_challenge_method=S256",
                          client, escaped_redirect, escaped_scope);
}

static char *
get_code (Fixture    *f,
          const char *client,
          const char *scope,
          const char *user_id)
{
  g_autofree char *path = authorize_path (client, scope);
  g_autoptr(Reply) reply = send_text (f, "GET", path, NULL, NULL, NULL);

  g_assert_no_error (reply->error);
  if (reply->status == 200)
    {
      /* the consent page: answer it as a person would */
      const char *page = g_bytes_get_data (reply->body, NULL);
      g_autofree char *html = g_strndup (page, g_bytes_get_size (reply->body));
      const char *start = strstr (html, "name=\"consent\" value=\"");
      g_autofree char *consent = NULL;
      g_autofree char *form = NULL;
      g_autoptr(Reply) decided = NULL;

      g_assert_nonnull (start);
      start += strlen ("name=\"consent\" value=\"");
      consent = g_strndup (start, strchr (start, '"') - start);
      form = g_strdup_printf ("consent=%s&decision=allow%s%s", consent,
                              user_id ? "&user=" : "", user_id ? user_id : "");
      decided = send_form (f, "/i/oauth2/authorize", form);
      g_assert_cmpuint (decided->status, ==, 302);
      return location_param (decided, "code");
    }
  g_assert_cmpuint (reply->status, ==, 302);
  return location_param (reply, "code");
}

static void
sign_in_as (Fixture    *f,
            const char *client,
            const char *scope,
            const char *user_id)
{
  g_autofree char *code = get_code (f, client, scope, user_id);
  g_autofree char *escaped_redirect = g_uri_escape_string (REDIRECT, NULL, FALSE);
  g_autofree char *form = g_strdup_printf ("grant_type=authorization_code&code=%s&redirect_uri=%s"
                                           "&client_id=%s&code_verifier=" VERIFIER,
                                           code, escaped_redirect, client);
  g_autoptr(Reply) reply = send_form (f, "/2/oauth2/token", form);

  g_assert_cmpuint (reply->status, ==, 200);
  g_free (f->access);
  g_free (f->refresh);
  f->access = g_strdup (json_str (reply, "access_token"));
  f->refresh = g_strdup (json_str (reply, "refresh_token"));
  g_assert_nonnull (f->access);
}

static void
sign_in (Fixture *f)
{
  sign_in_as (f, CLIENT, TERN_SIM_ALL_SCOPES, NULL);
}

/* Fixtures */

static void
fixture_start (Fixture *f,
               TernSim *sim)
{
  g_autoptr(GError) error = NULL;

  f->sim = sim;
  g_assert_true (tern_sim_start (f->sim, &error));
  g_assert_no_error (error);
  f->session = soup_session_new ();
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  fixture_start (f, tern_sim_new_for_client (CLIENT, NULL, REDIRECT));
  sign_in (f);
}

static TernSim *
sim_from_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  TernSim *sim = tern_sim_new_from_string (json, &error);

  g_assert_no_error (error);
  return sim;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  if (f->sim != NULL)
    tern_sim_stop (f->sim);
  g_clear_object (&f->sim);
  g_free (f->access);
  g_free (f->refresh);
}

static void
set_plan (Fixture    *f,
          const char *json)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tern_sim_set_fault_plan_from_string (f->sim, json, &error));
  g_assert_no_error (error);
}

static TernSimRequest *
last_request (Fixture *f)
{
  g_autoptr(GPtrArray) log = tern_sim_get_requests (f->sim);

  g_assert_cmpuint (log->len, >, 0);
  return tern_sim_request_copy (g_ptr_array_index (log, log->len - 1));
}

/* A chunked upload up to FINALIZE; returns the media id. */
static char *
upload_chunked (Fixture    *f,
                GBytes     *bytes,
                const char *media_type,
                const char *category,
                gsize       chunk)
{
  g_autofree char *init = g_strdup_printf ("{\"total_bytes\": %" G_GSIZE_FORMAT ", \"media_type\": \"%s\", "
                                           "\"media_category\": \"%s\"}",
                                           g_bytes_get_size (bytes), media_type, category);
  g_autoptr(Reply) reply = send_json (f, "/2/media/upload/initialize", f->access, init);
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  gsize size = g_bytes_get_size (bytes);

  g_assert_cmpuint (reply->status, ==, 200);
  id = g_strdup (json_str (reply, "data.id"));
  path = g_strdup_printf ("/2/media/upload/%s/append", id);
  for (gsize offset = 0, index = 0; offset < size; offset += chunk, index++)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, offset, MIN (chunk, size - offset));
      g_autofree char *index_text = g_strdup_printf ("%" G_GSIZE_FORMAT, index);
      g_autoptr(Reply) appended = send_multipart (f, path, f->access, "segment_index", index_text, part);

      g_assert_cmpuint (appended->status, ==, 200);
    }
  return g_steal_pointer (&id);
}

static Reply *
finalize (Fixture    *f,
          const char *id)
{
  g_autofree char *path = g_strdup_printf ("/2/media/upload/%s/finalize", id);

  return send_text (f, "POST", path, f->access, NULL, NULL);
}

static Reply *
status (Fixture    *f,
        const char *id)
{
  g_autofree char *path = g_strdup_printf ("/2/media/upload?command=STATUS&media_id=%s", id);

  return send_text (f, "GET", path, f->access, NULL, NULL);
}

static void
assert_problem (Reply      *reply,
                guint       code,
                const char *title)
{
  g_assert_cmpuint (reply->status, ==, code);
  g_assert_nonnull (reply->json);
  g_assert_cmpstr (json_str (reply, "title"), ==, title);
  g_assert_cmpint (json_int (reply, "status"), ==, code);
  g_assert_nonnull (json_str (reply, "type"));
  g_assert_nonnull (json_str (reply, "detail"));
}

/* Tests: running */

static void
test_start_stop (void)
{
  g_autoptr(TernSim) sim = tern_sim_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  g_assert_null (tern_sim_get_base_url (sim));
  g_assert_true (tern_sim_start (sim, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (tern_sim_get_base_url (sim), "http://127.0.0.1:"));
  g_assert_cmpuint (tern_sim_get_port (sim), >, 0);

  g_assert_false (tern_sim_start (sim, &error));
  g_assert_error (error, TERN_SIM_ERROR, TERN_SIM_ERROR_STATE);
  g_clear_error (&error);

  url = g_strconcat (tern_sim_get_base_url (sim), "/2/users/me", NULL);
  msg = soup_message_new ("GET", url);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 401);

  tern_sim_stop (sim);
  tern_sim_stop (sim);
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_object (&msg);
  msg = soup_message_new ("GET", url);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_nonnull (error);   /* nobody listens any more */
}

typedef struct
{
  GBytes *body;
  guint   status;
  gboolean done;
} AsyncResult;

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncResult *out = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  out->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  out->status = soup_message_get_status (msg);
  out->done = TRUE;
}

static void
test_given_context (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(TernSim) sim = tern_sim_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  AsyncResult result = { 0 };

  g_main_context_push_thread_default (context);
  g_assert_true (tern_sim_start_full (sim, "127.0.0.1", 0, context, &error));
  g_assert_no_error (error);

  session = soup_session_new ();
  url = g_strconcat (tern_sim_get_base_url (sim), "/2/users/me", NULL);
  msg = soup_message_new ("GET", url);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &result);
  while (!result.done)
    g_main_context_iteration (context, TRUE);
  g_assert_cmpuint (result.status, ==, 401);
  g_assert_cmpuint (tern_sim_count_requests (sim, TERN_SIM_KIND_USERS_ME), ==, 1);
  g_bytes_unref (result.body);

  tern_sim_stop (sim);
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
}

/* Tests: config */

static void
test_config_errors (void)
{
  static const struct { const char *json; const char *says; } cases[] = {
    { "{\"client\": []}", "Unknown key" },
    { "{\"clients\": [{\"redirect_uris\": []}]}", "client_id" },
    { "{\"users\": [{\"id\": \"12ab\", \"username\": \"x\"}]}", "digits" },
    { "{\"access_token_lifetime_secs\": \"long\"}", "number" },
    { "{\"faults\": [{\"kind\": \"media_append\", \"action\": \"explode\"}]}", "action" },
    { "{\"faults\": [{\"kind\": \"nothing\", \"action\": \"reset\"}]}", "kind" },
    { "{\"faults\": [{\"kind\": \"media_append\", \"action\": \"status\"}]}", "status" },
    { "{\"faults\": [{\"kind\": \"media_append\", \"action\": \"reset\", \"probability\": 2}]}", "probability" },
    { "{\"faults\": [{\"kind\": \"tweets_create\", \"action\": \"fail_processing\"}]}", "media_finalize" },
    { "{\"faults\": [{\"kind\": \"*\", \"action\": \"reset\", \"nth\": \"two\"}]}", "nth" },
    { "{\"fault_plan\": {\"latency_ms\": {\"teleport\": 5}}}", "teleport" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(TernSim) sim = NULL;

      g_assert_true (json_parser_load_from_data (parser, cases[i].json, -1, NULL));
      sim = tern_sim_new_from_config (json_node_get_object (json_parser_get_root (parser)), &error);
      g_assert_null (sim);
      g_assert_error (error, TERN_SIM_ERROR, TERN_SIM_ERROR_CONFIG);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("config %s: error “%s” does not mention “%s”", cases[i].json, error->message, cases[i].says);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TernSim) sim = tern_sim_new_from_string ("{\"clients\": ", &error);

    g_assert_null (sim);
    g_assert_error (error, TERN_SIM_ERROR, TERN_SIM_ERROR_CONFIG);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TernSim) sim = tern_sim_new_from_file ("/nonexistent/tern-sim.json", &error);

    g_assert_null (sim);
    g_assert_error (error, TERN_SIM_ERROR, TERN_SIM_ERROR_CONFIG);
    g_assert_nonnull (strstr (error->message, "/nonexistent/tern-sim.json"));
  }
}

static void
test_config_file (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("tern-sim-XXXXXX.json", &path, &error);
  const char *json = "{\"clients\": [{\"client_id\": \"tern-test\", \"redirect_uris\": [\"" REDIRECT "\"]}],"
                     " \"auto_approve\": true, \"access_token_lifetime_secs\": 60}";
  Fixture f = { 0 };

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, json, -1, &error));
  close (fd);
  fixture_start (&f, tern_sim_new_from_file (path, &error));
  g_assert_no_error (error);
  g_unlink (path);

  {
    g_autofree char *code = get_code (&f, CLIENT, TERN_SIM_ALL_SCOPES, NULL);
    g_autofree char *redirect = g_uri_escape_string (REDIRECT, NULL, FALSE);
    g_autofree char *form = g_strdup_printf ("grant_type=authorization_code&code=%s&redirect_uri=%s"
                                             "&client_id=" CLIENT "&code_verifier=" VERIFIER,
                                             code, redirect);
    g_autoptr(Reply) reply = send_form (&f, "/2/oauth2/token", form);

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_cmpint (json_int (reply, "expires_in"), ==, 60);
  }
  fixture_tear_down (&f, NULL);
}

/* Tests: OAuth details the curl test does not reach */

static void
test_sandbox_clients (void)
{
  Fixture f = { 0 };
  g_autofree char *path = NULL;

  fixture_start (&f, tern_sim_new ());

  /* any client id, any loopback redirect, and the consent page */
  sign_in_as (&f, "whatever-client", TERN_SIM_ALL_SCOPES, NULL);
  {
    g_autoptr(Reply) me = send_text (&f, "GET", "/2/users/me", f.access, NULL, NULL);

    g_assert_cmpuint (me->status, ==, 200);
    g_assert_cmpstr (json_str (me, "data.id"), ==, TERN_SIM_DEFAULT_USER_ID);
    g_assert_cmpstr (json_str (me, "data.name"), ==, TERN_SIM_DEFAULT_NAME);
    g_assert_null (json_str (me, "data.profile_image_url"));
  }

  path = g_strdup_printf ("/i/oauth2/authorize?response_type=code&client_id=c&redirect_uri=%s"
                          "&scope=tweet.read&state=s&code_challenge=" CHALLENGE "&code_challenge_method=S256",
                          "https%3A%2F%2Fevil.example%2Fcb");
  {
    g_autoptr(Reply) reply = send_text (&f, "GET", path, NULL, NULL, NULL);

    g_assert_cmpuint (reply->status, ==, 400);
    g_assert_null (header (reply, "Location"));
  }
  fixture_tear_down (&f, NULL);
}

static void
test_second_client_revokes_first (void)
{
  Fixture f = { 0 };
  g_autofree char *first = NULL;

  fixture_start (&f, sim_from_json ("{\"auto_approve\": true, \"clients\": ["
                                    "{\"client_id\": \"one\", \"redirect_uris\": [\"" REDIRECT "\"]},"
                                    "{\"client_id\": \"two\", \"redirect_uris\": [\"" REDIRECT "\"]}]}"));
  sign_in_as (&f, "one", TERN_SIM_ALL_SCOPES, NULL);
  first = g_strdup (f.access);
  g_assert_cmpuint (tern_sim_count_live_access_tokens (f.sim), ==, 1);
  sign_in_as (&f, "two", TERN_SIM_ALL_SCOPES, NULL);
  {
    g_autoptr(Reply) old = send_text (&f, "GET", "/2/users/me", first, NULL, NULL);
    g_autoptr(Reply) now = send_text (&f, "GET", "/2/users/me", f.access, NULL, NULL);

    g_assert_cmpuint (old->status, ==, 401);
    g_assert_cmpuint (now->status, ==, 200);
  }
  g_assert_cmpuint (tern_sim_count_live_access_tokens (f.sim), ==, 1);
  fixture_tear_down (&f, NULL);
}

static void
test_token_errors (Fixture       *f,
                   gconstpointer  data)
{
  static const struct { const char *form; guint status; const char *error; const char *description; } cases[] = {
    { "grant_type=authorization_code&client_id=" CLIENT, 400, "invalid_request", "Missing required parameter [code]." },
    { "grant_type=password&client_id=" CLIENT, 400, "unsupported_grant_type", NULL },
    { "client_id=" CLIENT, 400, "invalid_request", "Missing required parameter [grant_type]." },
    { "grant_type=refresh_token", 400, "invalid_request", "Missing required parameter [client_id]." },
    { "grant_type=refresh_token&client_id=someone-else&refresh_token=x", 400, "invalid_request", NULL },
    { "grant_type=refresh_token&client_id=" CLIENT "&refresh_token=nope", 400, "invalid_request",
      "Value passed for the token was invalid." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = send_form (f, "/2/oauth2/token", cases[i].form);

      g_assert_cmpuint (reply->status, ==, cases[i].status);
      g_assert_cmpstr (json_str (reply, "error"), ==, cases[i].error);
      g_assert_nonnull (json_str (reply, "error_description"));
      if (cases[i].description != NULL)
        g_assert_cmpstr (json_str (reply, "error_description"), ==, cases[i].description);
    }
}

static void
test_refresh_count_and_expiry (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *form = g_strdup_printf ("grant_type=refresh_token&client_id=" CLIENT "&refresh_token=%s",
                                           f->refresh);
  g_autoptr(Reply) refreshed = NULL;
  g_autoptr(Reply) me = NULL;

  g_assert_cmpuint (tern_sim_get_refresh_count (f->sim), ==, 0);
  tern_sim_advance_clock (f->sim, 7000);
  me = send_text (f, "GET", "/2/users/me", f->access, NULL, NULL);
  g_assert_cmpuint (me->status, ==, 200);
  g_clear_pointer (&me, reply_free);

  tern_sim_advance_clock (f->sim, 200);
  me = send_text (f, "GET", "/2/users/me", f->access, NULL, NULL);
  assert_problem (me, 401, "Unauthorized");
  g_assert_cmpuint (tern_sim_count_live_access_tokens (f->sim), ==, 0);
  g_clear_pointer (&me, reply_free);

  refreshed = send_form (f, "/2/oauth2/token", form);
  g_assert_cmpuint (refreshed->status, ==, 200);
  g_assert_cmpuint (tern_sim_get_refresh_count (f->sim), ==, 1);

  tern_sim_expire_access_tokens (f->sim);
  me = send_text (f, "GET", "/2/users/me", json_str (refreshed, "access_token"), NULL, NULL);
  g_assert_cmpuint (me->status, ==, 401);
}

static void
test_no_offline_access (Fixture       *f,
                        gconstpointer  data)
{
  sign_in_as (f, CLIENT, "tweet.read users.read", NULL);
  g_assert_null (f->refresh);
  {
    g_autoptr(Reply) post = send_json (f, "/2/tweets", f->access, "{\"text\": \"no write scope\"}");

    assert_problem (post, 403, "Forbidden");
  }
}

/* Tests: users and ownership */

static void
test_users_and_ownership (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) png = make_png (4, 4);
  g_autofree char *alice_token = NULL;
  g_autofree char *alice_media = NULL;
  g_autofree char *shared = NULL;
  g_autofree char *post_json = NULL;

  fixture_start (&f, sim_from_json ("{\"clients\": [{\"client_id\": \"" CLIENT "\", \"redirect_uris\": [\"" REDIRECT "\"]}],"
                                    " \"users\": [{\"id\": \"1111111111111111111\", \"username\": \"alice\"},"
                                    "             {\"id\": \"2222222222222222222\", \"username\": \"bob\", \"name\": \"Bob\"}]}"));

  sign_in_as (&f, CLIENT, TERN_SIM_ALL_SCOPES, "1111111111111111111");
  alice_token = g_strdup (f.access);
  {
    g_autoptr(Reply) me = send_text (&f, "GET", "/2/users/me", f.access, NULL, NULL);
    g_autoptr(Reply) up = send_multipart (&f, "/2/media/upload", f.access, "media_category", "tweet_image", png);

    g_assert_cmpstr (json_str (me, "data.username"), ==, "alice");
    g_assert_cmpuint (up->status, ==, 200);
    alice_media = g_strdup (json_str (up, "data.id"));
  }
  {
    g_autoptr(Reply) init = send_json (&f, "/2/media/upload/initialize", f.access,
                                       "{\"total_bytes\": 3, \"media_type\": \"image/png\", \"media_category\": \"tweet_image\","
                                       " \"additional_owners\": [\"2222222222222222222\"]}");
    shared = g_strdup (json_str (init, "data.id"));
  }

  /* the same client signing in bob keeps alice's tokens */
  sign_in_as (&f, CLIENT, TERN_SIM_ALL_SCOPES, "2222222222222222222");
  {
    g_autoptr(Reply) me = send_text (&f, "GET", "/2/users/me", f.access, NULL, NULL);
    g_autoptr(Reply) still = send_text (&f, "GET", "/2/users/me", alice_token, NULL, NULL);
    g_autofree char *path = g_strdup_printf ("/2/media/upload/%s/append", shared);
    g_autoptr(GBytes) three = g_bytes_new ("abc", 3);
    g_autoptr(Reply) append = send_multipart (&f, path, f.access, "segment_index", "0", three);

    g_assert_cmpstr (json_str (me, "data.username"), ==, "bob");
    g_assert_cmpuint (still->status, ==, 200);
    g_assert_cmpuint (append->status, ==, 200);   /* additional_owners */
  }

  post_json = g_strdup_printf ("{\"text\": \"not mine\", \"media\": {\"media_ids\": [\"%s\"]}}", alice_media);
  {
    g_autoptr(Reply) post = send_json (&f, "/2/tweets", f.access, post_json);
    g_autoptr(Reply) theirs = send_text (&f, "GET", "/2/users/1111111111111111111/tweets", f.access, NULL, NULL);
    g_autoptr(Reply) nobody = send_text (&f, "GET", "/2/users/3333333333333333333/tweets", f.access, NULL, NULL);

    assert_problem (post, 400, "Invalid Request");
    g_assert_cmpstr (json_str (post, "errors.0.message"), ==, "Your media IDs are invalid.");
    g_assert_cmpuint (theirs->status, ==, 200);
    g_assert_cmpint (json_int (theirs, "meta.result_count"), ==, 0);
    g_assert_cmpuint (nobody->status, ==, 200);
    g_assert_cmpstr (json_str (nobody, "errors.0.title"), ==, "Not Found Error");
    g_assert_cmpstr (json_str (nobody, "errors.0.detail"), ==, "Could not find user with id: [3333333333333333333].");
  }
  {
    g_autoptr(Reply) post = send_json (&f, "/2/tweets", alice_token, post_json);

    g_assert_cmpuint (post->status, ==, 201);
  }
  fixture_tear_down (&f, NULL);
}

/* Tests: media through the API */

static void
test_media_api (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) bytes = make_bytes (3 * 1024 * 1024 + 17, 11);
  g_autofree char *expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *id = upload_chunked (f, bytes, "video/mp4", "tweet_video", 1024 * 1024);
  g_autofree char *sha = NULL;
  g_autofree char *category = NULL;
  g_autofree char *alt = NULL;
  g_autoptr(Reply) fin = NULL;
  g_autofree char *meta = NULL;

  g_assert_cmpint (tern_sim_get_media_state (f->sim, id), ==, TERN_SIM_MEDIA_UPLOADING);
  g_assert_null (tern_sim_get_media_sha256 (f->sim, id));
  g_assert_cmpint (tern_sim_get_media_size (f->sim, id), ==, -1);

  fin = finalize (f, id);
  g_assert_cmpuint (fin->status, ==, 200);
  g_assert_cmpint (tern_sim_get_media_state (f->sim, id), ==, TERN_SIM_MEDIA_PENDING);
  sha = tern_sim_get_media_sha256 (f->sim, id);
  g_assert_cmpstr (sha, ==, expected);
  g_assert_cmpint (tern_sim_get_media_size (f->sim, id), ==, g_bytes_get_size (bytes));
  category = tern_sim_get_media_category (f->sim, id);
  g_assert_cmpstr (category, ==, "tweet_video");

  /* processing also moves with the clock */
  tern_sim_advance_clock (f->sim, 60);
  g_assert_cmpint (tern_sim_get_media_state (f->sim, id), ==, TERN_SIM_MEDIA_SUCCEEDED);

  meta = g_strdup_printf ("{\"id\": \"%s\", \"metadata\": {\"alt_text\": {\"text\": \"A grey square\"}}}", id);
  {
    g_autoptr(Reply) reply = send_json (f, "/2/media/metadata", f->access, meta);

    g_assert_cmpuint (reply->status, ==, 200);
  }
  alt = tern_sim_get_media_alt_text (f->sim, id);
  g_assert_cmpstr (alt, ==, "A grey square");
  g_assert_cmpint (tern_sim_get_media_state (f->sim, "1"), ==, TERN_SIM_MEDIA_NONE);
}

static void
test_append_out_of_order_and_json (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GBytes) bytes = make_bytes (300000, 5);
  g_autofree char *expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *init = g_strdup_printf ("{\"total_bytes\": %" G_GSIZE_FORMAT ", \"media_type\": \"image/gif\"}",
                                           g_bytes_get_size (bytes));
  g_autoptr(Reply) reply = send_json (f, "/2/media/upload/initialize", f->access, init);
  g_autofree char *id = g_strdup (json_str (reply, "data.id"));
  g_autofree char *path = g_strdup_printf ("/2/media/upload/%s/append", id);
  g_autofree char *sha = NULL;
  g_autofree char *category = NULL;
  g_autofree char *key = g_strdup_printf ("16_%s", id);
  const int order[] = { 2, 0, 1 };

  g_assert_cmpstr (json_str (reply, "data.media_key"), ==, key);
  category = tern_sim_get_media_category (f->sim, id);
  g_assert_cmpstr (category, ==, "tweet_gif");   /* chosen from the type */

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, order[i] * 100000, 100000);
      g_autofree char *b64 = g_base64_encode (g_bytes_get_data (part, NULL), g_bytes_get_size (part));
      g_autofree char *json = g_strdup_printf ("{\"segment_index\": %d, \"media\": \"%s\"}", order[i], b64);
      g_autoptr(Reply) appended = send_json (f, path, f->access, json);

      g_assert_cmpuint (appended->status, ==, 200);
      g_assert_cmpint (json_int (appended, "data.expires_at"), >, 0);
    }
  {
    g_autoptr(Reply) fin = finalize (f, id);
    g_autoptr(Reply) again = finalize (f, id);

    g_assert_cmpuint (fin->status, ==, 200);
    g_assert_cmpuint (again->status, ==, 200);   /* FINALIZE again answers the state */
  }
  sha = tern_sim_get_media_sha256 (f->sim, id);
  g_assert_cmpstr (sha, ==, expected);
  {
    g_autoptr(Reply) late = send_multipart (f, path, f->access, "segment_index", "3", bytes);

    assert_problem (late, 400, "Invalid Request");
  }
}

static void
test_wrong_category_fails_later (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GBytes) bytes = make_bytes (1000, 9);
  g_autofree char *id = upload_chunked (f, bytes, "video/mp4", "tweet_image", 1000);
  g_autoptr(Reply) fin = finalize (f, id);
  g_autoptr(Reply) poll = NULL;

  g_assert_cmpstr (json_str (fin, "data.processing_info.state"), ==, "pending");
  tern_sim_advance_clock (f->sim, 1);
  poll = status (f, id);
  g_assert_cmpstr (json_str (poll, "data.processing_info.state"), ==, "failed");
  g_assert_cmpstr (json_str (poll, "data.processing_info.error.name"), ==, "InvalidMedia");
  g_assert_cmpint (tern_sim_get_media_state (f->sim, id), ==, TERN_SIM_MEDIA_FAILED);
}

static void
test_media_limits (Fixture       *f,
                   gconstpointer  data)
{
  static const struct { const char *json; const char *message; } cases[] = {
    { "{\"total_bytes\": 15728641, \"media_type\": \"image/gif\", \"media_category\": \"tweet_gif\"}",
      "File size exceeds 15728640 bytes." },
    { "{\"total_bytes\": 5242881, \"media_type\": \"image/png\", \"media_category\": \"tweet_image\"}",
      "File size exceeds 5242880 bytes." },
    { "{\"total_bytes\": 0, \"media_type\": \"video/mp4\"}", NULL },
    { "{\"total_bytes\": 10, \"media_type\": \"application/zip\"}", NULL },
    { "{\"total_bytes\": 10, \"media_type\": \"video/mp4\", \"media_category\": \"tweet_hologram\"}", NULL },
    { "not json", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = send_json (f, "/2/media/upload/initialize", f->access, cases[i].json);

      assert_problem (reply, 400, "Invalid Request");
      g_assert_cmpstr (json_str (reply, "type"), ==, "https://api.x.com/2/problems/invalid-request");
      g_assert_nonnull (json_str (reply, "errors.0.message"));
      if (cases[i].message)
        g_assert_cmpstr (json_str (reply, "errors.0.message"), ==, cases[i].message);
    }

  /* media ids expire */
  {
    g_autoptr(Reply) init = send_json (f, "/2/media/upload/initialize", f->access,
                                       "{\"total_bytes\": 3, \"media_type\": \"video/mp4\"}");
    g_autofree char *path = g_strdup_printf ("/2/media/upload/%s/append", json_str (init, "data.id"));
    g_autoptr(GBytes) three = g_bytes_new ("abc", 3);
    g_autoptr(Reply) late = NULL;

    tern_sim_advance_clock (f->sim, 86401);
    sign_in (f);
    late = send_multipart (f, path, f->access, "segment_index", "0", three);
    assert_problem (late, 400, "Invalid Request");
  }
}

static void
test_post_errors (Fixture       *f,
                  gconstpointer  data)
{
  static const struct { const char *json; guint status; } cases[] = {
    { "{}", 400 },
    { "{\"text\": \"\"}", 400 },
    { "{\"text\": 42}", 400 },
    { "{\"text\": \"bad \\ufffe char\"}", 400 },
    { "{\"text\": \"x\", \"media\": {}}", 400 },
    { "{\"text\": \"x\", \"media\": {\"media_ids\": []}}", 400 },
    { "{\"text\": \"x\", \"media\": {\"media_ids\": [\"1880000000000000999\"]}}", 400 },
    { "{\"text\": \"x\", \"quote_tweet_id\": \"1234\"}", 403 },
    { "{\"text\": \"x\", \"poll\": {\"options\": [\"only one\"], \"duration_minutes\": 60}}", 400 },
    { "[1, 2]", 400 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = send_json (f, "/2/tweets", f->access, cases[i].json);

      assert_problem (reply, cases[i].status, cases[i].status == 400 ? "Invalid Request" : "Forbidden");
    }
  g_assert_cmpuint (tern_sim_count_posts (f->sim), ==, 0);

  {
    g_autoptr(Reply) poll = send_json (f, "/2/tweets", f->access,
                                       "{\"text\": \"which?\", \"poll\": {\"options\": [\"a\", \"b\"], \"duration_minutes\": 60}}");
    g_autoptr(Reply) unknown = send_text (f, "GET", "/2/nothing/here", f->access, NULL, NULL);
    g_autoptr(GPtrArray) posts = NULL;

    g_assert_cmpuint (poll->status, ==, 201);
    posts = tern_sim_get_posts (f->sim);
    g_assert_cmpuint (posts->len, ==, 1);
    g_assert_cmpstr (((TernSimPost *) posts->pdata[0])->text, ==, "which?");
    g_assert_cmpstr (((TernSimPost *) posts->pdata[0])->author_id, ==, TERN_SIM_DEFAULT_USER_ID);

    g_assert_cmpuint (unknown->status, ==, 404);
    g_assert_cmpint (json_int (unknown, "errors.0.code"), ==, 34);
    g_assert_cmpstr (json_str (unknown, "errors.0.message"), ==, "Sorry, that page does not exist");
  }
}

static void
test_thread_posts (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *previous = NULL;
  g_autoptr(GPtrArray) posts = NULL;

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *json = previous
        ? g_strdup_printf ("{\"text\": \"part %d\", \"reply\": {\"in_reply_to_tweet_id\": \"%s\"}}", i, previous)
        : g_strdup_printf ("{\"text\": \"part %d\"}", i);
      g_autoptr(Reply) reply = send_json (f, "/2/tweets", f->access, json);

      g_assert_cmpuint (reply->status, ==, 201);
      g_free (previous);
      previous = g_strdup (json_str (reply, "data.id"));
    }
  posts = tern_sim_get_posts (f->sim);
  g_assert_cmpuint (posts->len, ==, 3);
  g_assert_null (((TernSimPost *) posts->pdata[0])->in_reply_to_id);
  g_assert_cmpstr (((TernSimPost *) posts->pdata[2])->in_reply_to_id, ==, ((TernSimPost *) posts->pdata[1])->id);
  {
    g_autoptr(Reply) list = send_text (f, "GET", "/2/users/" TERN_SIM_DEFAULT_USER_ID "/tweets?max_results=5&tweet.fields=conversation_id,author_id",
                                       f->access, NULL, NULL);

    g_assert_cmpstr (json_str (list, "data.0.text"), ==, "part 2");
    g_assert_cmpstr (json_str (list, "data.0.conversation_id"), ==, ((TernSimPost *) posts->pdata[0])->id);
    g_assert_cmpstr (json_str (list, "data.0.author_id"), ==, TERN_SIM_DEFAULT_USER_ID);
  }
  {
    g_autoptr(Reply) bad = send_text (f, "GET", "/2/users/" TERN_SIM_DEFAULT_USER_ID "/tweets?max_results=500",
                                      f->access, NULL, NULL);

    assert_problem (bad, 400, "Invalid Request");
  }
}

/* What tests of post kinds read back from the simulator itself: a poll,
 * who can reply, a quote, and the languages of a video's subtitles. */
static void
test_post_kinds_recorded (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GBytes) video = g_bytes_new_static ("\0\0\0\x18" "ftypmp42" "\0\0\0\0" "mp42isom", 24);
  g_autoptr(GBytes) srt = g_bytes_new_static ("1\n00:00:00,000 --> 00:00:01,000\nHi\n", 35);
  g_autofree char *first = NULL;
  g_autofree char *video_id = NULL;
  g_autofree char *srt_id = NULL;
  g_auto(GStrv) languages = NULL;
  TernSimPost *poll, *quote;

  {
    g_autoptr(Reply) reply = send_json (f, "/2/tweets", f->access, "{\"text\": \"first\"}");

    first = g_strdup (json_str (reply, "data.id"));
  }
  {
    g_autofree char *json = g_strdup_printf ("{\"text\": \"quoting\", \"quote_tweet_id\": \"%s\"}", first);
    g_autoptr(Reply) quoted = send_json (f, "/2/tweets", f->access, json);
    g_autoptr(Reply) polled = send_json (f, "/2/tweets", f->access,
                                         "{\"text\": \"poll\", \"reply_settings\": \"verified\","
                                         " \"poll\": {\"options\": [\"yes\", \"no\"], \"duration_minutes\": 30}}");

    g_assert_cmpuint (quoted->status, ==, 201);
    g_assert_cmpuint (polled->status, ==, 201);
  }
  posts = tern_sim_get_posts (f->sim);
  g_assert_cmpuint (posts->len, ==, 3);
  quote = posts->pdata[1];
  poll = posts->pdata[2];
  g_assert_cmpstr (quote->quote_id, ==, first);
  g_assert_null (quote->poll_options);
  g_assert_null (quote->reply_settings);
  g_assert_cmpstr (poll->reply_settings, ==, "verified");
  g_assert_cmpuint (g_strv_length (poll->poll_options), ==, 2);
  g_assert_cmpstr (poll->poll_options[1], ==, "no");
  g_assert_cmpint (poll->poll_duration_minutes, ==, 30);

  {
    g_autoptr(Reply) up = send_multipart (f, "/2/media/upload", f->access, "media_category", "tweet_video", video);
    g_autoptr(Reply) sub = send_multipart (f, "/2/media/upload", f->access, "media_category", "subtitles", srt);

    g_assert_cmpuint (up->status, ==, 200);
    g_assert_cmpuint (sub->status, ==, 200);
    video_id = g_strdup (json_str (up, "data.id"));
    srt_id = g_strdup (json_str (sub, "data.id"));
  }
  languages = tern_sim_get_media_subtitles (f->sim, video_id);
  g_assert_nonnull (languages);
  g_assert_cmpuint (g_strv_length (languages), ==, 0);
  g_clear_pointer (&languages, g_strfreev);
  {
    g_autofree char *json = g_strdup_printf ("{\"id\": \"%s\", \"media_category\": \"TweetVideo\","
                                             " \"subtitles\": {\"id\": \"%s\", \"language_code\": \"pt-BR\"}}",
                                             video_id, srt_id);
    g_autoptr(Reply) associated = send_json (f, "/2/media/subtitles", f->access, json);

    g_assert_cmpuint (associated->status, ==, 200);
  }
  languages = tern_sim_get_media_subtitles (f->sim, video_id);
  g_assert_cmpuint (g_strv_length (languages), ==, 1);
  g_assert_cmpstr (languages[0], ==, "pt-BR");
  g_assert_null (tern_sim_get_media_subtitles (f->sim, "42"));
}

/* Tests: rate limits */

static void
test_rate_limits (void)
{
  Fixture f = { 0 };
  g_autoptr(Reply) third = NULL;
  g_autoptr(Reply) later = NULL;
  gint64 now;

  fixture_start (&f, sim_from_json ("{\"clients\": [{\"client_id\": \"" CLIENT "\", \"redirect_uris\": [\"" REDIRECT "\"]}],"
                                    " \"auto_approve\": true, \"rate_limits\": {\"users_me\": 2}}"));
  sign_in (&f);
  now = tern_sim_get_time (f.sim);
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(Reply) ok = send_text (&f, "GET", "/2/users/me", f.access, NULL, NULL);

      g_assert_cmpuint (ok->status, ==, 200);
      g_assert_cmpint (g_ascii_strtoll (header (ok, "x-rate-limit-remaining"), NULL, 10), ==, 1 - i);
    }
  third = send_text (&f, "GET", "/2/users/me", f.access, NULL, NULL);
  assert_problem (third, 429, "Too Many Requests");
  g_assert_cmpstr (header (third, "x-rate-limit-limit"), ==, "2");
  g_assert_cmpstr (header (third, "x-rate-limit-remaining"), ==, "0");
  g_assert_cmpint (g_ascii_strtoll (header (third, "x-rate-limit-reset"), NULL, 10), >=, now + 899);
  {
    g_autoptr(TernSimRequest) last = last_request (&f);

    g_assert_cmpstr (last->fault, ==, "rate_limit");
    g_assert_cmpuint (last->status, ==, 429);
  }

  tern_sim_advance_clock (f.sim, 900);
  sign_in (&f);
  later = send_text (&f, "GET", "/2/users/me", f.access, NULL, NULL);
  g_assert_cmpuint (later->status, ==, 200);
  fixture_tear_down (&f, NULL);
}

/* Tests: the request log and waiting */

static void
test_request_log (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(Reply) me = send_text (f, "GET", "/2/users/me?user.fields=profile_image_url", f->access, NULL, NULL);

  log = tern_sim_get_requests (f->sim);
  g_assert_cmpuint (log->len, ==, 3);   /* authorize, token, users/me */
  for (guint i = 0; i < log->len; i++)
    {
      TernSimRequest *entry = log->pdata[i];

      /* no secrets: no token, code or verifier anywhere */
      g_assert_null (strstr (entry->path, f->access));
      g_assert_null (strstr (entry->path, "code"));
      g_assert_cmpint (entry->received_us, >, 0);
      g_assert_cmpint (entry->duration_us, >=, 0);
    }
  g_assert_cmpstr (((TernSimRequest *) log->pdata[0])->kind, ==, TERN_SIM_KIND_AUTHORIZE);
  g_assert_cmpuint (((TernSimRequest *) log->pdata[0])->status, ==, 302);
  g_assert_cmpstr (((TernSimRequest *) log->pdata[1])->kind, ==, TERN_SIM_KIND_TOKEN);
  g_assert_cmpstr (((TernSimRequest *) log->pdata[1])->method, ==, "POST");
  g_assert_cmpuint (((TernSimRequest *) log->pdata[1])->body_bytes, >, 0);
  g_assert_cmpstr (((TernSimRequest *) log->pdata[2])->path, ==, "/2/users/me");
  g_assert_cmpuint (((TernSimRequest *) log->pdata[2])->status, ==, 200);
  g_assert_cmpuint (tern_sim_count_requests (f->sim, NULL), ==, 3);
  g_assert_cmpuint (tern_sim_count_requests (f->sim, TERN_SIM_KIND_TOKEN), ==, 1);

  tern_sim_clear_requests (f->sim);
  g_assert_cmpuint (tern_sim_count_requests (f->sim, NULL), ==, 0);
}

typedef struct
{
  Fixture *f;
  guint    n;
} SenderData;

static gpointer
sender_thread (gpointer user_data)
{
  SenderData *data = user_data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (tern_sim_get_base_url (data->f->sim), "/2/users/me", NULL);

  for (guint i = 0; i < data->n; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);
    }
  return NULL;
}

typedef struct
{
  GError *error;
  int     done;
} AsyncWait;

static void
wait_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncWait *state = user_data;

  if (!tern_sim_wait_for_requests_finish (TERN_SIM (source), result, &state->error))
    g_assert_nonnull (state->error);
  g_atomic_int_set (&state->done, 1);
}

static void
test_wait_for_requests (Fixture       *f,
                        gconstpointer  data)
{
  SenderData sender = { f, 3 };
  GThread *thread;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncWait async_state = { NULL, 0 };

  thread = g_thread_new ("sender", sender_thread, &sender);
  g_assert_true (tern_sim_wait_for_requests (f->sim, TERN_SIM_KIND_USERS_ME, 3, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tern_sim_count_requests (f->sim, TERN_SIM_KIND_USERS_ME), >=, 3);
  g_thread_join (thread);

  /* async: completes on this thread's main context */
  tern_sim_wait_for_requests_async (f->sim, TERN_SIM_KIND_USERS_ME, 5, NULL, wait_done_cb, &async_state);
  thread = g_thread_new ("sender", sender_thread, &sender);
  while (!g_atomic_int_get (&async_state.done))
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (async_state.error);
  g_thread_join (thread);

  /* already satisfied: completes at once (from an idle) */
  async_state.done = 0;
  tern_sim_wait_for_requests_async (f->sim, TERN_SIM_KIND_USERS_ME, 1, NULL, wait_done_cb, &async_state);
  while (!g_atomic_int_get (&async_state.done))
    g_main_context_iteration (NULL, TRUE);

  /* cancelled while nothing comes */
  async_state.done = 0;
  tern_sim_wait_for_requests_async (f->sim, TERN_SIM_KIND_TWEETS_CREATE, 1, cancellable, wait_done_cb, &async_state);
  g_cancellable_cancel (cancellable);
  while (!g_atomic_int_get (&async_state.done))
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (async_state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&async_state.error);

  g_assert_false (tern_sim_wait_for_requests (f->sim, TERN_SIM_KIND_TWEETS_CREATE, 1, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Tests: the fault plan */

static void
test_fault_nth_status (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) bytes = make_bytes (4000, 1);
  g_autoptr(Reply) init = send_json (f, "/2/media/upload/initialize", f->access,
                                     "{\"total_bytes\": 4000, \"media_type\": \"video/mp4\"}");
  g_autofree char *path = g_strdup_printf ("/2/media/upload/%s/append", json_str (init, "data.id"));
  guint statuses[4];

  set_plan (f, "{\"faults\": [{\"kind\": \"media_append\", \"nth\": [2, 4], \"action\": \"status\", \"status\": 503}]}");
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, i * 1000, 1000);
      g_autofree char *index = g_strdup_printf ("%u", i);
      g_autoptr(Reply) reply = send_multipart (f, path, f->access, "segment_index", index, part);

      statuses[i] = reply->status;
      if (reply->status == 503)
        assert_problem (reply, 503, "Service Unavailable");
    }
  g_assert_cmpuint (statuses[0], ==, 200);
  g_assert_cmpuint (statuses[1], ==, 503);
  g_assert_cmpuint (statuses[2], ==, 200);
  g_assert_cmpuint (statuses[3], ==, 503);

  /* a 5xx "before" means the segment never arrived: FINALIZE finds bytes missing */
  {
    g_autoptr(Reply) fin = finalize (f, json_str (init, "data.id"));

    g_assert_cmpstr (json_str (fin, "errors.0.message"), ==, "Segments do not add up to provided total file size.");
  }
  {
    g_autoptr(GPtrArray) log = tern_sim_get_requests (f->sim);
    guint faults = 0;

    for (guint i = 0; i < log->len; i++)
      {
        TernSimRequest *entry = log->pdata[i];

        if (g_strcmp0 (entry->fault, "status") == 0)
          {
            faults++;
            g_assert_cmpuint (entry->status, ==, 503);
            g_assert_cmpint (entry->segment_index, ==, -1);
          }
      }
    g_assert_cmpuint (faults, ==, 2);
  }
}

static void
test_fault_chunk_size (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) big = make_bytes (2 * 1024 * 1024, 2);
  g_autoptr(GBytes) small = make_bytes (512 * 1024, 3);
  g_autoptr(Reply) init = send_json (f, "/2/media/upload/initialize", f->access,
                                     "{\"total_bytes\": 3000000, \"media_type\": \"video/mp4\"}");
  g_autofree char *path = g_strdup_printf ("/2/media/upload/%s/append", json_str (init, "data.id"));
  static const guint codes[] = { 413, 431 };

  for (guint c = 0; c < G_N_ELEMENTS (codes); c++)
    {
      g_autofree char *plan = g_strdup_printf ("{\"faults\": [{\"kind\": \"media_append\", \"min_bytes\": 1048576,"
                                               " \"action\": \"status\", \"status\": %u}]}", codes[c]);
      g_autoptr(Reply) refused = NULL;
      g_autoptr(Reply) taken = NULL;

      set_plan (f, plan);
      refused = send_multipart (f, path, f->access, "segment_index", "0", big);
      g_assert_cmpuint (refused->status, ==, codes[c]);
      g_assert_cmpuint (g_bytes_get_size (refused->body), ==, 0);   /* as seen: an empty body */
      taken = send_multipart (f, path, f->access, "segment_index", "0", small);
      g_assert_cmpuint (taken->status, ==, 200);
    }
}

static void
test_fault_429 (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Reply) legacy = NULL;
  gint64 now = tern_sim_get_time (f->sim);

  set_plan (f, "{\"faults\": [{\"kind\": \"users_me\", \"nth\": 1, \"action\": \"status\", \"status\": 429,"
               " \"reset_after_secs\": 30},"
               " {\"kind\": \"users_me\", \"nth\": 2, \"action\": \"status\", \"status\": 429, \"body\": \"legacy\"}]}");
  reply = send_text (f, "GET", "/2/users/me", f->access, NULL, NULL);
  assert_problem (reply, 429, "Too Many Requests");
  g_assert_cmpstr (header (reply, "x-rate-limit-remaining"), ==, "0");
  g_assert_cmpint (g_ascii_strtoll (header (reply, "x-rate-limit-reset"), NULL, 10), >=, now + 30);
  g_assert_cmpint (g_ascii_strtoll (header (reply, "x-rate-limit-reset"), NULL, 10), <=,
                   tern_sim_get_time (f->sim) + 30);

  legacy = send_text (f, "GET", "/2/users/me", f->access, NULL, NULL);
  g_assert_cmpuint (legacy->status, ==, 429);
  g_assert_cmpint (json_int (legacy, "errors.0.code"), ==, 88);
  g_assert_cmpstr (json_str (legacy, "errors.0.message"), ==, "Rate limit exceeded");
}

static void
test_fault_bodies (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Reply) oauth = NULL;
  g_autoptr(Reply) html = NULL;
  g_autoptr(Reply) malformed = NULL;
  g_autoptr(Reply) empty = NULL;
  g_autoptr(Reply) custom = NULL;
  g_autofree char *html_text = NULL;

  set_plan (f, "{\"faults\": ["
               " {\"kind\": \"token\", \"nth\": 1, \"action\": \"status\", \"status\": 400, \"body\": \"oauth\"},"
               " {\"kind\": \"users_me\", \"nth\": 1, \"action\": \"status\", \"status\": 502, \"body\": \"html\"},"
               " {\"kind\": \"users_me\", \"nth\": 2, \"action\": \"status\", \"status\": 500, \"body\": \"malformed\"},"
               " {\"kind\": \"users_me\", \"nth\": 3, \"action\": \"status\", \"status\": 503, \"body\": \"empty\"},"
               " {\"kind\": \"users_me\", \"nth\": 4, \"action\": \"status\", \"status\": 200,"
               "  \"json\": {\"id\": \"1000000000000000001\", \"username\": \"bare\"}}]}");
  oauth = send_form (f, "/2/oauth2/token", "grant_type=refresh_token&client_id=" CLIENT "&refresh_token=x");
  g_assert_cmpuint (oauth->status, ==, 400);
  g_assert_cmpstr (json_str (oauth, "error"), ==, "invalid_request");
  g_assert_cmpstr (json_str (oauth, "error_description"), ==, "Value passed for the token was invalid.");

  html = send_text (f, "GET", "/2/users/me", f->access, NULL, NULL);
  g_assert_cmpuint (html->status, ==, 502);
  g_assert_null (html->json);
  html_text = g_strndup (g_bytes_get_data (html->body, NULL), g_bytes_get_size (html->body));
  g_assert_nonnull (strstr (html_text, "<html>"));
  g_assert_cmpstr (header (html, "Content-Type"), ==, "text/html; charset=utf-8");

  malformed = send_text (f, "GET", "/2/users/me", f->access, NULL, NULL);
  g_assert_cmpuint (malformed->status, ==, 500);
  g_assert_cmpuint (g_bytes_get_size (malformed->body), >, 0);
  g_assert_null (malformed->json);

  empty = send_text (f, "GET", "/2/users/me", f->access, NULL, NULL);
  g_assert_cmpuint (empty->status, ==, 503);
  g_assert_cmpuint (g_bytes_get_size (empty->body), ==, 0);

  custom = send_text (f, "GET", "/2/users/me", f->access, NULL, NULL);
  g_assert_cmpuint (custom->status, ==, 200);
  g_assert_cmpstr (json_str (custom, "username"), ==, "bare");   /* a bare object, no envelope */
}

static void
test_fault_corrupt_body (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(Reply) cut = NULL;
  g_autoptr(Reply) empty = NULL;
  g_autoptr(Reply) html = NULL;

  set_plan (f, "{\"faults\": ["
               " {\"kind\": \"tweets_create\", \"nth\": 1, \"action\": \"corrupt_body\", \"body\": \"truncated\"},"
               " {\"kind\": \"tweets_create\", \"nth\": 2, \"action\": \"corrupt_body\", \"body\": \"empty\"},"
               " {\"kind\": \"tweets_create\", \"nth\": 3, \"action\": \"corrupt_body\", \"body\": \"html\"}]}");
  cut = send_json (f, "/2/tweets", f->access, "{\"text\": \"one\"}");
  g_assert_cmpuint (cut->status, ==, 201);   /* the post exists; its answer is broken */
  g_assert_null (cut->json);
  g_assert_cmpuint (g_bytes_get_size (cut->body), >, 0);
  empty = send_json (f, "/2/tweets", f->access, "{\"text\": \"two\"}");
  g_assert_cmpuint (empty->status, ==, 201);
  g_assert_cmpuint (g_bytes_get_size (empty->body), ==, 0);
  html = send_json (f, "/2/tweets", f->access, "{\"text\": \"three\"}");
  g_assert_cmpuint (html->status, ==, 201);
  g_assert_null (html->json);
  g_assert_cmpuint (tern_sim_count_posts (f->sim), ==, 3);

  /* a bare object instead of {"data": ...}, and APPEND's 204 with no body */
  set_plan (f, "{\"faults\": [{\"kind\": \"tweets_create\", \"action\": \"corrupt_body\", \"body\": \"bare\"},"
               " {\"kind\": \"media_append\", \"action\": \"status\", \"status\": 204, \"body\": \"empty\","
               "  \"when\": \"after\"}]}");
  {
    g_autoptr(Reply) bare = send_json (f, "/2/tweets", f->access, "{\"text\": \"four\"}");
    g_autoptr(GPtrArray) posts = tern_sim_get_posts (f->sim);
    g_autoptr(GBytes) bytes = make_bytes (10, 1);
    g_autoptr(Reply) init = send_json (f, "/2/media/upload/initialize", f->access,
                                       "{\"total_bytes\": 10, \"media_type\": \"video/mp4\"}");
    g_autofree char *path = g_strdup_printf ("/2/media/upload/%s/append", json_str (init, "data.id"));
    g_autoptr(Reply) appended = send_multipart (f, path, f->access, "segment_index", "0", bytes);
    g_autoptr(Reply) fin = finalize (f, json_str (init, "data.id"));

    g_assert_cmpuint (bare->status, ==, 201);
    g_assert_cmpstr (json_str (bare, "id"), ==, ((TernSimPost *) posts->pdata[3])->id);
    g_assert_cmpstr (json_str (bare, "text"), ==, "four");
    g_assert_null (json_at (bare, "data"));
    g_assert_cmpuint (appended->status, ==, 204);
    g_assert_cmpuint (g_bytes_get_size (appended->body), ==, 0);
    g_assert_cmpuint (fin->status, ==, 200);   /* the segment did arrive */
  }
}

static void
test_fault_reset (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Reply) before = NULL;
  g_autoptr(Reply) after = NULL;
  g_autoptr(Reply) again = NULL;
  g_autoptr(TernSimRequest) last = NULL;

  set_plan (f, "{\"faults\": ["
               " {\"kind\": \"tweets_create\", \"nth\": 1, \"action\": \"reset\"},"
               " {\"kind\": \"tweets_create\", \"nth\": 2, \"action\": \"reset\", \"when\": \"after\"},"
               " {\"kind\": \"users_me\", \"action\": \"latency\", \"ms\": 50},"
               " {\"kind\": \"users_me\", \"nth\": 1, \"action\": \"reset\"}]}");
  before = send_json (f, "/2/tweets", f->access, "{\"text\": \"lost on the way in\"}");
  g_assert_nonnull (before->error);
  g_assert_cmpuint (tern_sim_count_posts (f->sim), ==, 0);
  last = last_request (f);
  g_assert_cmpuint (last->status, ==, 0);
  g_assert_cmpstr (last->fault, ==, "reset");

  /* the answer lost on the way out: the post exists */
  after = send_json (f, "/2/tweets", f->access, "{\"text\": \"lost on the way out\"}");
  g_assert_nonnull (after->error);
  g_assert_cmpuint (tern_sim_count_posts (f->sim), ==, 1);

  again = send_json (f, "/2/tweets", f->access, "{\"text\": \"lost on the way out\"}");
  assert_problem (again, 403, "Forbidden");
  g_assert_cmpstr (json_str (again, "detail"), ==, "You are not allowed to create a Tweet with duplicate content.");

  /* a reset after a delay; libsoup sends an idempotent GET once more
   * when a kept-alive connection drops before any answer, so the second
   * try answers */
  {
    g_autoptr(Reply) slow = send_text (f, "GET", "/2/users/me", f->access, NULL, NULL);
    g_autoptr(GPtrArray) log = tern_sim_get_requests (f->sim);
    TernSimRequest *reset = log->pdata[log->len - 2];
    TernSimRequest *retried = log->pdata[log->len - 1];

    g_assert_no_error (slow->error);
    g_assert_cmpuint (slow->status, ==, 200);
    g_assert_cmpstr (reset->kind, ==, TERN_SIM_KIND_USERS_ME);
    g_assert_cmpuint (reset->status, ==, 0);
    g_assert_cmpstr (reset->fault, ==, "latency,reset");
    g_assert_cmpint (reset->duration_us, >=, 50 * 1000);
    g_assert_cmpstr (retried->fault, ==, "latency");
    g_assert_cmpuint (retried->status, ==, 200);
  }
}

static void
test_fault_latency (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) bytes = make_bytes (100, 4);
  g_autoptr(Reply) init = send_json (f, "/2/media/upload/initialize", f->access,
                                     "{\"total_bytes\": 100, \"media_type\": \"video/mp4\"}");
  g_autofree char *path = g_strdup_printf ("/2/media/upload/%s/append", json_str (init, "data.id"));
  g_autoptr(Reply) appended = NULL;
  g_autoptr(Reply) me = NULL;
  g_autoptr(TernSimRequest) append_entry = NULL;
  g_autoptr(TernSimRequest) me_entry = NULL;

  set_plan (f, "{\"latency_ms\": {\"users_me\": 150}, \"append_processing_ms\": 120,"
               " \"faults\": [{\"kind\": \"media_append\", \"action\": \"latency\", \"ms\": 100}]}");
  appended = send_multipart (f, path, f->access, "segment_index", "0", bytes);
  g_assert_cmpuint (appended->status, ==, 200);
  append_entry = last_request (f);
  /* a lower bound the simulator guarantees: it waits at least this long */
  g_assert_cmpint (append_entry->duration_us, >=, 220 * 1000);
  g_assert_cmpstr (append_entry->fault, ==, "latency");
  g_assert_cmpint (append_entry->segment_index, ==, 0);

  me = send_text (f, "GET", "/2/users/me", f->access, NULL, NULL);
  g_assert_cmpuint (me->status, ==, 200);
  me_entry = last_request (f);
  g_assert_cmpint (me_entry->duration_us, >=, 150 * 1000);
}

static void
test_fault_expire_tokens (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) refreshed = NULL;
  g_autoptr(Reply) second = NULL;
  g_autofree char *form = g_strdup_printf ("grant_type=refresh_token&client_id=" CLIENT "&refresh_token=%s",
                                           f->refresh);

  set_plan (f, "{\"faults\": [{\"kind\": \"users_me\", \"nth\": 1, \"action\": \"expire_tokens\"}]}");
  first = send_text (f, "GET", "/2/users/me", f->access, NULL, NULL);
  assert_problem (first, 401, "Unauthorized");
  refreshed = send_form (f, "/2/oauth2/token", form);
  g_assert_cmpuint (refreshed->status, ==, 200);
  second = send_text (f, "GET", "/2/users/me", json_str (refreshed, "access_token"), NULL, NULL);
  g_assert_cmpuint (second->status, ==, 200);
}

static void
test_fault_fail_processing (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GBytes) bytes = make_bytes (2000, 6);
  g_autofree char *failing = NULL;
  g_autofree char *stuck = NULL;
  g_autofree char *post = NULL;

  set_plan (f, "{\"faults\": ["
               " {\"kind\": \"media_finalize\", \"nth\": 1, \"action\": \"fail_processing\","
               "  \"error\": {\"code\": 1, \"name\": \"UnsupportedMedia\", \"message\": \"video too long\"}},"
               " {\"kind\": \"media_status\", \"nth\": 2, \"action\": \"fail_processing\", \"stay_in_progress\": true}]}");

  failing = upload_chunked (f, bytes, "video/mp4", "tweet_video", 1000);
  {
    g_autoptr(Reply) fin = finalize (f, failing);
    g_autoptr(Reply) poll = NULL;

    g_assert_cmpstr (json_str (fin, "data.processing_info.state"), ==, "pending");
    g_assert_null (json_at (fin, "data.processing_info.error"));
    tern_sim_advance_clock (f->sim, 1);
    poll = status (f, failing);
    g_assert_cmpstr (json_str (poll, "data.processing_info.state"), ==, "failed");
    g_assert_cmpint (json_int (poll, "data.processing_info.error.code"), ==, 1);
    g_assert_cmpstr (json_str (poll, "data.processing_info.error.name"), ==, "UnsupportedMedia");
    g_assert_cmpstr (json_str (poll, "data.processing_info.error.message"), ==, "video too long");
  }

  stuck = upload_chunked (f, bytes, "video/mp4", "tweet_video", 1000);
  {
    g_autoptr(Reply) fin = finalize (f, stuck);
    g_autoptr(Reply) poll = NULL;

    tern_sim_advance_clock (f->sim, 1);
    poll = status (f, stuck);
    g_assert_cmpstr (json_str (poll, "data.processing_info.state"), ==, "in_progress");
    g_assert_cmpstr (json_str (poll, "data.processing_info.error.name"), ==, "InvalidMedia");
    g_assert_null (json_at (poll, "data.processing_info.check_after_secs"));
    tern_sim_advance_clock (f->sim, 600);
    g_assert_cmpint (tern_sim_get_media_state (f->sim, stuck), ==, TERN_SIM_MEDIA_IN_PROGRESS);
  }

  post = g_strdup_printf ("{\"text\": \"never\", \"media\": {\"media_ids\": [\"%s\"]}}", stuck);
  {
    g_autoptr(Reply) reply = send_json (f, "/2/tweets", f->access, post);

    g_assert_cmpuint (reply->status, ==, 400);
  }

  /* an image has no processing: it fails at FINALIZE itself */
  set_plan (f, "{\"faults\": [{\"kind\": \"media_finalize\", \"action\": \"fail_processing\"}]}");
  {
    g_autoptr(GBytes) png = make_png (2, 2);
    g_autofree char *id = upload_chunked (f, png, "image/png", "tweet_image", 1000);
    g_autoptr(Reply) fin = finalize (f, id);

    g_assert_cmpstr (json_str (fin, "data.processing_info.state"), ==, "failed");
    g_assert_cmpstr (json_str (fin, "data.processing_info.error.name"), ==, "InvalidMedia");
  }
}

static void
fixture_set_up_slow_polls (Fixture       *f,
                           gconstpointer  data)
{
  /* check_after_secs long enough that "early" never depends on how
   * fast a loaded machine runs the test */
  fixture_start (f, sim_from_json ("{\"clients\": [{\"client_id\": \"" CLIENT "\", \"redirect_uris\": [\"" REDIRECT "\"]}],"
                                   " \"auto_approve\": true, \"processing\": {\"check_after_secs\": 60, \"seconds\": 0}}"));
  sign_in (f);
}

static void
test_fault_early_poll (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) bytes = make_bytes (500, 8);
  g_autofree char *id = upload_chunked (f, bytes, "video/mp4", "tweet_video", 500);
  g_autoptr(Reply) fin = finalize (f, id);
  g_autoptr(Reply) early = NULL;
  g_autoptr(Reply) on_time = NULL;
  g_autoptr(TernSimRequest) entry = NULL;

  set_plan (f, "{\"faults\": [{\"kind\": \"media_status\", \"early\": true, \"action\": \"status\", \"status\": 429,"
               " \"reset_after_secs\": 1}]}");
  early = status (f, id);
  assert_problem (early, 429, "Too Many Requests");
  entry = last_request (f);
  g_assert_true (entry->early_poll);
  g_assert_cmpstr (entry->media_id, ==, id);
  g_assert_cmpuint (tern_sim_count_early_polls (f->sim), ==, 1);

  tern_sim_advance_clock (f->sim, 60);
  on_time = status (f, id);
  g_assert_cmpuint (on_time->status, ==, 200);
  g_assert_cmpuint (tern_sim_count_early_polls (f->sim), ==, 1);
}

/* Which requests of a run fail, as a string of 0s and 1s. */
static char *
run_probability_plan (guint seed)
{
  Fixture f = { 0 };
  g_autoptr(GString) pattern = g_string_new (NULL);
  g_autofree char *plan = g_strdup_printf ("{\"seed\": %u, \"faults\": [{\"kind\": \"users_me\", \"probability\": 0.5,"
                                           " \"action\": \"status\", \"status\": 500}]}", seed);

  fixture_set_up (&f, NULL);
  set_plan (&f, plan);
  for (int i = 0; i < 40; i++)
    {
      g_autoptr(Reply) reply = send_text (&f, "GET", "/2/users/me", f.access, NULL, NULL);

      g_string_append_c (pattern, reply->status == 500 ? '1' : '0');
    }
  fixture_tear_down (&f, NULL);
  return g_string_free (g_steal_pointer (&pattern), FALSE);
}

static void
test_fault_probability_replays (void)
{
  g_autofree char *first = run_probability_plan (1234);
  g_autofree char *second = run_probability_plan (1234);
  g_autofree char *other = run_probability_plan (99);

  /* the same seed replays the same failures; they are neither none nor all */
  g_assert_cmpstr (first, ==, second);
  g_assert_nonnull (strchr (first, '1'));
  g_assert_nonnull (strchr (first, '0'));
  g_assert_cmpstr (first, !=, other);
}

static void
test_fault_times_every_from (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GString) pattern = g_string_new (NULL);

  set_plan (f, "{\"faults\": [{\"kind\": \"users_me\", \"from\": 3, \"every\": 2, \"times\": 2,"
               " \"action\": \"status\", \"status\": 502}]}");
  for (int i = 0; i < 10; i++)
    {
      g_autoptr(Reply) reply = send_text (f, "GET", "/2/users/me", f->access, NULL, NULL);

      g_string_append_c (pattern, reply->status == 502 ? '1' : '0');
    }
  /* requests 4 and 6 (even, from the 3rd on), then no more */
  g_assert_cmpstr (pattern->str, ==, "0001010000");

  /* the plan can be cleared at run time */
  tern_sim_clear_fault_plan (f->sim);
  {
    g_autoptr(Reply) reply = send_text (f, "GET", "/2/users/me", f->access, NULL, NULL);

    g_assert_cmpuint (reply->status, ==, 200);
  }
}

static void
test_fault_plan_over_http (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(Reply) bad = send_json (f, "/sim/fault-plan", NULL, "{\"faults\": [{\"kind\": \"x\"}]}");
  g_autoptr(Reply) good = send_json (f, "/sim/fault-plan", NULL,
                                     "{\"faults\": [{\"kind\": \"users_me\", \"action\": \"status\", \"status\": 418}]}");
  g_autoptr(Reply) me = send_text (f, "GET", "/2/users/me", f->access, NULL, NULL);
  g_autoptr(Reply) stats = send_text (f, "GET", "/sim/stats", NULL, NULL, NULL);

  g_assert_cmpuint (bad->status, ==, 400);
  g_assert_cmpuint (good->status, ==, 200);
  g_assert_cmpuint (me->status, ==, 418);
  g_assert_cmpint (json_int (stats, "live_access_tokens"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/run/start-stop", test_start_stop);
  g_test_add_func ("/sim/run/given-context", test_given_context);
  g_test_add_func ("/sim/config/errors", test_config_errors);
  g_test_add_func ("/sim/config/file", test_config_file);
  g_test_add_func ("/sim/oauth/sandbox-clients", test_sandbox_clients);
  g_test_add_func ("/sim/oauth/second-client-revokes-first", test_second_client_revokes_first);
  g_test_add ("/sim/oauth/token-errors", Fixture, NULL, fixture_set_up, test_token_errors, fixture_tear_down);
  g_test_add ("/sim/oauth/refresh-count-and-expiry", Fixture, NULL, fixture_set_up, test_refresh_count_and_expiry, fixture_tear_down);
  g_test_add ("/sim/oauth/no-offline-access", Fixture, NULL, fixture_set_up, test_no_offline_access, fixture_tear_down);
  g_test_add_func ("/sim/users/ownership", test_users_and_ownership);
  g_test_add ("/sim/media/api", Fixture, NULL, fixture_set_up, test_media_api, fixture_tear_down);
  g_test_add ("/sim/media/out-of-order-json", Fixture, NULL, fixture_set_up, test_append_out_of_order_and_json, fixture_tear_down);
  g_test_add ("/sim/media/wrong-category", Fixture, NULL, fixture_set_up, test_wrong_category_fails_later, fixture_tear_down);
  g_test_add ("/sim/media/limits", Fixture, NULL, fixture_set_up, test_media_limits, fixture_tear_down);
  g_test_add ("/sim/posts/errors", Fixture, NULL, fixture_set_up, test_post_errors, fixture_tear_down);
  g_test_add ("/sim/posts/thread", Fixture, NULL, fixture_set_up, test_thread_posts, fixture_tear_down);
  g_test_add ("/sim/posts/kinds-recorded", Fixture, NULL, fixture_set_up, test_post_kinds_recorded, fixture_tear_down);
  g_test_add_func ("/sim/rate-limits", test_rate_limits);
  g_test_add ("/sim/log/requests", Fixture, NULL, fixture_set_up, test_request_log, fixture_tear_down);
  g_test_add ("/sim/log/wait", Fixture, NULL, fixture_set_up, test_wait_for_requests, fixture_tear_down);
  g_test_add ("/sim/faults/nth-status", Fixture, NULL, fixture_set_up, test_fault_nth_status, fixture_tear_down);
  g_test_add ("/sim/faults/chunk-size", Fixture, NULL, fixture_set_up, test_fault_chunk_size, fixture_tear_down);
  g_test_add ("/sim/faults/429", Fixture, NULL, fixture_set_up, test_fault_429, fixture_tear_down);
  g_test_add ("/sim/faults/bodies", Fixture, NULL, fixture_set_up, test_fault_bodies, fixture_tear_down);
  g_test_add ("/sim/faults/corrupt-body", Fixture, NULL, fixture_set_up, test_fault_corrupt_body, fixture_tear_down);
  g_test_add ("/sim/faults/reset", Fixture, NULL, fixture_set_up, test_fault_reset, fixture_tear_down);
  g_test_add ("/sim/faults/latency", Fixture, NULL, fixture_set_up, test_fault_latency, fixture_tear_down);
  g_test_add ("/sim/faults/expire-tokens", Fixture, NULL, fixture_set_up, test_fault_expire_tokens, fixture_tear_down);
  g_test_add ("/sim/faults/fail-processing", Fixture, NULL, fixture_set_up, test_fault_fail_processing, fixture_tear_down);
  g_test_add ("/sim/faults/early-poll", Fixture, NULL, fixture_set_up_slow_polls, test_fault_early_poll, fixture_tear_down);
  g_test_add_func ("/sim/faults/probability-replays", test_fault_probability_replays);
  g_test_add ("/sim/faults/times-every-from", Fixture, NULL, fixture_set_up, test_fault_times_every_from, fixture_tear_down);
  g_test_add ("/sim/faults/plan-over-http", Fixture, NULL, fixture_set_up, test_fault_plan_over_http, fixture_tear_down);

  return g_test_run ();
}
