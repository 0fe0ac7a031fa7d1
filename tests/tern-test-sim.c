/* tern-test-sim.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-test"

#include "config.h"

#include <stdio.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "tern-test-sim.h"
#include "tern-test-token-source.h"

#define CLIENT_ID "tern-integration-tests"

/* Sync HTTP is fine here: the simulator answers on its own thread, and this
 * is the test's fixture, not the app. */
static JsonObject *
token_request (TernTestSim  *sim,
               GHashTable   *form,
               GError      **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (sim->base, "/2/oauth2/token", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new_from_encoded_form ("POST", uri, soup_form_encode_hash (form));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  body = soup_session_send_and_read (session, msg, NULL, error);
  if (body == NULL)
    return NULL;
  if (soup_message_get_status (msg) != 200)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "token endpoint answered %u: %.*s",
                   soup_message_get_status (msg), (int) g_bytes_get_size (body),
                   (const char *) g_bytes_get_data (body, NULL));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), error))
    return NULL;
  root = json_parser_get_root (parser);
  return json_object_ref (json_node_get_object (root));
}

static gboolean
take_tokens (TernTestSim  *sim,
             JsonObject   *answer,
             GError      **error)
{
  const char *access = json_object_get_string_member_with_default (answer, "access_token", NULL);
  const char *refresh = json_object_get_string_member_with_default (answer, "refresh_token", NULL);

  if (access == NULL || refresh == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no tokens in the answer");
      return FALSE;
    }
  g_free (sim->access_token);
  sim->access_token = g_strdup (access);
  g_free (sim->refresh_token);
  sim->refresh_token = g_strdup (refresh);
  return TRUE;
}

static char *
refresh_cb (gpointer   user_data,
            GError   **error)
{
  TernTestSim *sim = user_data;
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonObject) answer = NULL;

  g_hash_table_insert (form, (gpointer) "grant_type", (gpointer) "refresh_token");
  g_hash_table_insert (form, (gpointer) "refresh_token", sim->refresh_token);
  g_hash_table_insert (form, (gpointer) "client_id", sim->client_id);
  answer = token_request (sim, form, error);
  if (answer == NULL || !take_tokens (sim, answer, error))
    return NULL;
  return g_strdup (sim->access_token);
}

static char *
random_urlsafe (gsize n_bytes)
{
  g_autofree guint8 *bytes = g_malloc (n_bytes);
  char *text;

  for (gsize i = 0; i < n_bytes; i++)
    bytes[i] = (guint8) g_random_int_range (0, 256);
  text = g_base64_encode (bytes, n_bytes);
  for (char *p = text; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }
  return text;
}

gboolean
tern_test_sim_sign_in (TernTestSim  *sim,
                       GError      **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *verifier = random_urlsafe (32);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autofree char *challenge = NULL;
  g_autofree char *query = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GUri) location = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonObject) answer = NULL;
  const char *code;

  g_checksum_update (checksum, (const guint8 *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &digest_len);
  challenge = g_base64_encode (digest, digest_len);
  for (char *p = challenge; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }

  query = soup_form_encode ("response_type", "code",
                            "client_id", sim->client_id,
                            "redirect_uri", sim->redirect_uri,
                            "scope", TERN_SIM_ALL_SCOPES,
                            "state", "test-state",
                            "code_challenge", challenge,
                            "code_challenge_method", "S256",
                            NULL);
  uri = g_strconcat (sim->base, "/i/oauth2/authorize?", query, NULL);
  msg = soup_message_new ("GET", uri);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, msg, NULL, error);
  if (body == NULL)
    return FALSE;
  if (soup_message_get_status (msg) != 302)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "authorize answered %u, not a redirect",
                   soup_message_get_status (msg));
      return FALSE;
    }
  location = g_uri_parse (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"),
                          G_URI_FLAGS_NONE, error);
  if (location == NULL)
    return FALSE;
  params = g_uri_parse_params (g_uri_get_query (location), -1, "&", G_URI_PARAMS_NONE, error);
  if (params == NULL)
    return FALSE;
  code = g_hash_table_lookup (params, "code");
  if (code == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no code in the redirect");
      return FALSE;
    }

  g_hash_table_insert (form, (gpointer) "grant_type", (gpointer) "authorization_code");
  g_hash_table_insert (form, (gpointer) "code", (gpointer) code);
  g_hash_table_insert (form, (gpointer) "redirect_uri", sim->redirect_uri);
  g_hash_table_insert (form, (gpointer) "client_id", sim->client_id);
  g_hash_table_insert (form, (gpointer) "code_verifier", verifier);
  answer = token_request (sim, form, error);
  return answer != NULL && take_tokens (sim, answer, error);
}

TernTestSim *
tern_test_sim_new (const char *extra_config_json)
{
  return tern_test_sim_new_full (extra_config_json, NULL);
}

TernTestSim *
tern_test_sim_new_full (const char *extra_config_json,
                        const char *redirect_uri)
{
  TernTestSim *sim = g_new0 (TernTestSim, 1);
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clients = NULL;
  g_autoptr(JsonNode) clients_node = NULL;

  sim->client_id = g_strdup (CLIENT_ID);
  sim->redirect_uri = g_strdup (redirect_uri ? redirect_uri : "http://127.0.0.1:8723/callback");

  if (extra_config_json != NULL)
    {
      JsonNode *node = json_from_string (extra_config_json, &error);

      g_assert_no_error (error);
      config = json_object_ref (json_node_get_object (node));
      json_node_unref (node);
    }
  else
    config = json_object_new ();

  clients = g_strdup_printf ("[{\"client_id\": \"%s\", \"redirect_uris\": [\"%s\"]}]",
                             sim->client_id, sim->redirect_uri);
  clients_node = json_from_string (clients, NULL);
  json_object_set_member (config, "clients", g_steal_pointer (&clients_node));
  json_object_set_boolean_member (config, "auto_approve", TRUE);

  sim->sim = tern_sim_new_from_config (config, &error);
  g_assert_no_error (error);
  tern_sim_start (sim->sim, &error);
  g_assert_no_error (error);
  sim->base = g_strdup (tern_sim_get_base_url (sim->sim));
  while (g_str_has_suffix (sim->base, "/"))
    sim->base[strlen (sim->base) - 1] = '\0';

  tern_test_sim_sign_in (sim, &error);
  g_assert_no_error (error);

  sim->tokens = tern_test_token_source_new (sim->access_token);
  tern_test_token_source_set_refresh_func (TERN_TEST_TOKEN_SOURCE (sim->tokens), refresh_cb, sim);
  return sim;
}

void
tern_test_sim_set_faults (TernTestSim *sim,
                          const char  *plan_json)
{
  g_autoptr(GError) error = NULL;

  if (plan_json == NULL)
    tern_sim_clear_fault_plan (sim->sim);
  else
    {
      tern_sim_set_fault_plan_from_string (sim->sim, plan_json, &error);
      g_assert_no_error (error);
    }
}

void
tern_test_sim_free (TernTestSim *sim)
{
  g_clear_object (&sim->tokens);
  tern_sim_stop (sim->sim);
  g_clear_object (&sim->sim);
  g_free (sim->base);
  g_free (sim->client_id);
  g_free (sim->redirect_uri);
  g_free (sim->access_token);
  g_free (sim->refresh_token);
  g_free (sim);
}

char *
tern_test_file_sha256 (const char *path)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autofree guint8 *buffer = g_malloc (1 << 20);
  gssize n;

  g_assert_nonnull (stream);
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, 1 << 20, NULL, NULL)) > 0)
    g_checksum_update (checksum, buffer, n);
  return g_strdup (g_checksum_get_string (checksum));
}

/* A real MP4 (one second of H.264 High, 4:2:0, index first, made with
 * GStreamer), padded to @size with a top-level "free" box of random bytes:
 * a valid file GStreamer probes as what X accepts, of any size, cheap to
 * make. */
char *
tern_test_make_video_file (const char *dir,
                           const char *name,
                           gsize       size)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *seed = g_build_filename (dir, ".seed.mp4", NULL);
  g_autofree char *location = g_strdup_printf ("location=%s", seed);
  const char *argv[] = {
    "gst-launch-1.0", "-q", "videotestsrc", "num-buffers=30", "!",
    "video/x-raw,format=I420,width=320,height=240,framerate=30/1", "!",
    "x264enc", "!", "video/x-h264,profile=high", "!",
    "mp4mux", "faststart=true", "!", "filesink", location, NULL
  };
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *block = g_malloc (1 << 20);
  GRand *rand = g_rand_new ();
  guint8 header[8];
  gsize padding, written = 0;
  FILE *out;
  int status = 0;

  if (!g_file_test (seed, G_FILE_TEST_EXISTS))
    {
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  g_assert_true (g_file_get_contents (seed, &contents, &length, NULL));
  g_assert_cmpuint (size, >=, length + sizeof header);
  padding = size - length;

  out = fopen (path, "wb");
  g_assert_nonnull (out);
  fwrite (contents, 1, length, out);
  header[0] = (padding >> 24) & 0xff;
  header[1] = (padding >> 16) & 0xff;
  header[2] = (padding >> 8) & 0xff;
  header[3] = padding & 0xff;
  memcpy (header + 4, "free", 4);
  fwrite (header, 1, sizeof header, out);
  padding -= sizeof header;
  while (written < padding)
    {
      gsize n = MIN ((gsize) (1 << 20), padding - written);

      for (gsize i = 0; i < (1 << 20) / 4; i++)
        block[i] = g_rand_int (rand);
      fwrite (block, 1, n, out);
      written += n;
    }
  g_rand_free (rand);
  fclose (out);
  return path;
}

void
tern_test_run_until (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}
