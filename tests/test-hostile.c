/* test-hostile.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A hostile server on loopback (not the simulator: a few hundred lines of
 * raw HTTP that say what a broken or malicious X could say) against the
 * real client, upload and post code. Every case must end with a clear
 * error, with memory bounded (read from /proc), without a crash, and with
 * the draft as it was. The generous meson timeout is the only clock. */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "core/net/tern-client.h"
#include "core/draft/tern-draft.h"
#include "core/draft/tern-draft-post.h"
#include "core/send/tern-post.h"
#include "core/send/tern-upload.h"
#include "tern-test-crafted.h"
#include "tern-test-token-source.h"

typedef struct _Hostile Hostile;

/* Answers one request; runs on a server thread and may block there. */
typedef void (*RespondFunc) (Hostile       *hostile,
                             GOutputStream *out,
                             const char    *method,
                             const char    *path);

struct _Hostile
{
  GSocketService *service;
  char           *base;
  RespondFunc     respond;
  GMutex          lock;
  GCond           cond;
  gboolean        stopping;
  guint           active;      /* handlers running, under lock */
  GPtrArray      *connections; /* theirs, under lock */
  GPtrArray      *requests;    /* "METHOD /path", under lock */
  guint           status_polls;
};

/* Memory: the process's peak resident size, in KiB. */
static guint64
vm_hwm_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + 6, NULL, 10);
}

/* What a runaway answer would have cost many times over; a cap of 512 KiB
 * (and a few buffers) stays far below it. */
#define MEMORY_BOUND_KIB (96 * 1024)

static gboolean
write_all (GOutputStream *out,
           const void    *data,
           gsize          len)
{
  return g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
}

static gboolean
write_str (GOutputStream *out,
           const char    *text)
{
  return write_all (out, text, strlen (text));
}

static void
send_json (GOutputStream *out,
           guint          status,
           const char    *extra_headers,
           const char    *json)
{
  g_autofree char *head =
    g_strdup_printf ("HTTP/1.1 %u X\r\nContent-Type: application/json\r\n"
                     "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n%s\r\n",
                     status, strlen (json), extra_headers ? extra_headers : "");

  write_str (out, head);
  write_str (out, json);
}

/* Waits on the server thread for @ms, or until the test stops the
 * server: a drip's pace, not a test waiting for something. */
static gboolean
pause_or_stop (Hostile *hostile,
               guint    ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;
  gboolean stopping;

  g_mutex_lock (&hostile->lock);
  while (!hostile->stopping && g_cond_wait_until (&hostile->cond, &hostile->lock, until))
    ;
  stopping = hostile->stopping;
  g_mutex_unlock (&hostile->lock);
  return !stopping;
}

static void handle (Hostile           *hostile,
                    GSocketConnection *connection);

static gboolean
run_cb (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source,
        gpointer                user_data)
{
  Hostile *hostile = user_data;

  g_mutex_lock (&hostile->lock);
  hostile->active++;
  g_ptr_array_add (hostile->connections, g_object_ref (connection));
  g_mutex_unlock (&hostile->lock);
  handle (hostile, connection);
  g_mutex_lock (&hostile->lock);
  g_ptr_array_remove_fast (hostile->connections, connection);
  hostile->active--;
  g_cond_broadcast (&hostile->cond);
  g_mutex_unlock (&hostile->lock);
  return TRUE;
}

/* Reads one request and answers it; the connection closes after. */
static void
handle (Hostile           *hostile,
        GSocketConnection *connection)
{
  g_autoptr(GDataInputStream) in =
    g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autofree char *request_line = NULL;
  g_auto(GStrv) parts = NULL;
  guint64 length = 0;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  request_line = g_data_input_stream_read_line (in, NULL, NULL, NULL);
  if (request_line == NULL)
    return;
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);

      if (line == NULL || *line == '\0')
        break;
      if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        length = g_ascii_strtoull (line + 15, NULL, 10);
    }
  /* The request body is not looked at: read and drop it. */
  while (length > 0)
    {
      guint8 buffer[16384];
      gssize n = g_input_stream_read (G_INPUT_STREAM (in), buffer, MIN (length, sizeof buffer),
                                      NULL, NULL);
      if (n <= 0)
        return;
      length -= n;
    }

  parts = g_strsplit (request_line, " ", 3);
  if (g_strv_length (parts) < 2)
    return;
  g_mutex_lock (&hostile->lock);
  g_ptr_array_add (hostile->requests, g_strdup_printf ("%s %s", parts[0], parts[1]));
  g_mutex_unlock (&hostile->lock);

  hostile->respond (hostile, out, parts[0], parts[1]);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

static Hostile *
hostile_new (RespondFunc respond)
{
  Hostile *hostile = g_new0 (Hostile, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_mutex_init (&hostile->lock);
  g_cond_init (&hostile->cond);
  hostile->respond = respond;
  hostile->requests = g_ptr_array_new_with_free_func (g_free);
  hostile->connections = g_ptr_array_new_with_free_func (g_object_unref);
  hostile->service = g_threaded_socket_service_new (8);
  g_socket_listener_add_address (G_SOCKET_LISTENER (hostile->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  hostile->base = g_strdup_printf ("http://127.0.0.1:%u",
                                   g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_signal_connect (hostile->service, "run", G_CALLBACK (run_cb), hostile);
  g_socket_service_start (hostile->service);
  return hostile;
}

static void
hostile_free (Hostile *hostile)
{
  g_socket_service_stop (hostile->service);
  g_socket_listener_close (G_SOCKET_LISTENER (hostile->service));
  /* Handlers end once their writes fail (the client has gone) or their
   * pause is cut short; wait for the last before freeing what they use. */
  g_mutex_lock (&hostile->lock);
  hostile->stopping = TRUE;
  g_cond_broadcast (&hostile->cond);
  /* A connection the client opened and never used blocks its handler in a
   * read; shutting the socket down wakes it. */
  for (guint i = 0; i < hostile->connections->len; i++)
    g_socket_shutdown (g_socket_connection_get_socket (g_ptr_array_index (hostile->connections, i)),
                       TRUE, TRUE, NULL);
  while (hostile->active > 0)
    g_cond_wait (&hostile->cond, &hostile->lock);
  g_mutex_unlock (&hostile->lock);
  g_object_unref (hostile->service);
  g_mutex_clear (&hostile->lock);
  g_cond_clear (&hostile->cond);
  g_free (hostile->base);
  g_ptr_array_unref (hostile->requests);
  g_ptr_array_unref (hostile->connections);
  g_free (hostile);
}

static gboolean
hostile_saw (Hostile    *hostile,
             const char *prefix)
{
  gboolean seen = FALSE;

  g_mutex_lock (&hostile->lock);
  for (guint i = 0; i < hostile->requests->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (hostile->requests, i), prefix))
      seen = TRUE;
  g_mutex_unlock (&hostile->lock);
  return seen;
}

static guint
hostile_count (Hostile    *hostile,
               const char *prefix)
{
  guint n = 0;

  g_mutex_lock (&hostile->lock);
  for (guint i = 0; i < hostile->requests->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (hostile->requests, i), prefix))
      n++;
  g_mutex_unlock (&hostile->lock);
  return n;
}

/* ---- answers ----------------------------------------------------------- */

static void
respond_endless_chunked (Hostile       *hostile,
                         GOutputStream *out,
                         const char    *method,
                         const char    *path)
{
  g_autofree char *block = g_strnfill (65536, ' ');
  g_autofree char *size = g_strdup_printf ("%x\r\n", 65536);

  write_str (out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                  "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
  /* Until the client hangs up (or 64 GiB, which it never gets near). */
  for (guint i = 0; i < 1024 * 1024; i++)
    if (!write_str (out, size) || !write_str (out, block) || !write_str (out, "\r\n"))
      break;
}

static void
respond_huge_length (Hostile       *hostile,
                     GOutputStream *out,
                     const char    *method,
                     const char    *path)
{
  g_autofree char *block = g_strnfill (65536, '7');

  write_str (out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                  "Content-Length: 1073741824\r\nConnection: close\r\n\r\n");
  for (guint i = 0; i < 16384; i++)
    if (!write_str (out, block))
      break;
}

static void
respond_until_close (Hostile       *hostile,
                     GOutputStream *out,
                     const char    *method,
                     const char    *path)
{
  g_autofree char *block = g_strnfill (65536, '[');

  /* No length, no chunks: the body ends when the connection does. */
  write_str (out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
  for (guint i = 0; i < 1024 * 1024; i++)
    if (!write_str (out, block))
      break;
}

static void
respond_drip (Hostile       *hostile,
              GOutputStream *out,
              const char    *method,
              const char    *path)
{
  write_str (out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                  "Content-Length: 1000\r\nConnection: close\r\n\r\n");
  /* A byte now and then: never idle long enough for an idle timeout. */
  for (guint i = 0; i < 1000; i++)
    if (!write_str (out, " ") || !pause_or_stop (hostile, 700))
      break;
}

static void
respond_deep_nesting (Hostile       *hostile,
                      GOutputStream *out,
                      const char    *method,
                      const char    *path)
{
  GString *json = g_string_sized_new (400001);

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (json, ']');
  send_json (out, g_str_has_suffix (path, "400") ? 400 : 200, NULL, json->str);
  g_string_free (json, TRUE);
}

static void
respond_malformed (Hostile       *hostile,
                   GOutputStream *out,
                   const char    *method,
                   const char    *path)
{
  static const char *bodies[] = {
    "{\"data\":{\"id\":\"1\"",             /* cut short */
    "{\"data\":{\"id\":\"1\"}}}}}",          /* closed too often */
    "\xff\xfe{\"data\":1}",                  /* not UTF-8 */
    "<html>Bad gateway</html>",
  };
  guint i = g_ascii_strtoull (strrchr (path, '=') + 1, NULL, 10);

  send_json (out, 200, NULL, bodies[i % G_N_ELEMENTS (bodies)]);
}

static void
respond_control_characters (Hostile       *hostile,
                            GOutputStream *out,
                            const char    *method,
                            const char    *path)
{
  send_json (out, 400, NULL,
             "{\"title\":\"Invalid Request\",\"detail\":\"Bad \\u001b]0;owned\\u0007 text"
             "\\u001b[2J\\r\\nFAKE: sign in at evil.example\\u009b31m\",\"type\":\"about:blank\"}");
}

static void
respond_far_reset (Hostile       *hostile,
                   GOutputStream *out,
                   const char    *method,
                   const char    *path)
{
  g_autofree char *headers =
    g_strdup_printf ("x-rate-limit-reset: %s\r\n",
                     g_str_has_suffix (path, "max") ? "9223372036854775807" : "4102444800");

  send_json (out, 429, headers, "{\"title\":\"Too Many Requests\",\"status\":429}");
}

/* An account whose every answer is wrongly typed. */
static void
respond_wrong_types (Hostile       *hostile,
                     GOutputStream *out,
                     const char    *method,
                     const char    *path)
{
  if (g_str_has_prefix (path, "/2/users/me"))
    send_json (out, 200, NULL, "{\"data\":{\"id\":[1,2],\"username\":{\"a\":1}}}");
  else
    send_json (out, 200, NULL, "{\"data\":{\"id\":12345}}");
}

/* A good account; the post's create answer runs forever. */
static void
respond_endless_create (Hostile       *hostile,
                        GOutputStream *out,
                        const char    *method,
                        const char    *path)
{
  if (g_str_has_prefix (path, "/2/users/me"))
    send_json (out, 200, NULL, "{\"data\":{\"id\":\"42\",\"username\":\"hostile\"}}");
  else if (g_str_has_prefix (path, "/2/users/42/tweets"))
    send_json (out, 200, NULL, "{\"meta\":{\"result_count\":0}}");
  else
    respond_endless_chunked (hostile, out, method, path);
}

static void
respond_upload (Hostile       *hostile,
                GOutputStream *out,
                const char    *method,
                const char    *path,
                const char    *init_id,
                const char    *expires,
                gboolean       processing_forever)
{
  if (g_str_equal (path, "/2/media/upload/initialize"))
    {
      g_autofree char *json =
        g_strdup_printf ("{\"data\":{\"id\":\"%s\",\"media_key\":\"7_1\",\"expires_after_secs\":%s}}",
                         init_id, expires);
      send_json (out, 200, NULL, json);
    }
  else if (g_str_has_suffix (path, "/append"))
    send_json (out, 200, NULL, "{}");
  else if (g_str_has_suffix (path, "/finalize") ||
           g_str_has_prefix (path, "/2/media/upload?command=STATUS"))
    {
      g_autofree char *json = NULL;

      if (!g_str_has_suffix (path, "/finalize"))
        {
          g_mutex_lock (&hostile->lock);
          hostile->status_polls++;
          g_mutex_unlock (&hostile->lock);
        }
      if (processing_forever)
        json = g_strdup_printf ("{\"data\":{\"id\":\"%s\",\"expires_after_secs\":%s,"
                                "\"processing_info\":{\"state\":\"in_progress\",\"check_after_secs\":0}}}",
                                init_id, expires);
      else
        json = g_strdup_printf ("{\"data\":{\"id\":\"%s\",\"expires_after_secs\":%s}}",
                                init_id, expires);
      send_json (out, 200, NULL, json);
    }
  else
    send_json (out, 404, NULL, "{\"title\":\"Not Found\"}");
}

static void
respond_path_id (Hostile       *hostile,
                 GOutputStream *out,
                 const char    *method,
                 const char    *path)
{
  respond_upload (hostile, out, method, path, "../../../2/tweets?x=", "86400", FALSE);
}

static void
respond_busy_poll (Hostile       *hostile,
                   GOutputStream *out,
                   const char    *method,
                   const char    *path)
{
  respond_upload (hostile, out, method, path, "1234567890", "86400", TRUE);
}

static void
respond_forever_expiry (Hostile       *hostile,
                        GOutputStream *out,
                        const char    *method,
                        const char    *path)
{
  respond_upload (hostile, out, method, path, "1234567890", "9223372036854775807", FALSE);
}

/* ---- the client's side ------------------------------------------------- */

typedef struct
{
  Hostile    *hostile;
  TernClient *client;
  guint64     hwm_before;
  char       *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TernTokenSource) tokens = tern_test_token_source_new ("hostile-token");

  fixture->hostile = hostile_new ((RespondFunc) data);
  fixture->client = tern_client_new (fixture->hostile->base, tokens);
  /* Short enough for the drip to end this test soon; the default is two
   * minutes. */
  tern_client_set_deadline (fixture->client, 3);
  tern_client_set_max_retries (fixture->client, 1);
  fixture->dir = g_dir_make_tmp ("tern-hostile-XXXXXX", NULL);
  fixture->hwm_before = vm_hwm_kib ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  /* The kernel updates the peak lazily, so it can read lower later than
   * the resident size it reported at the start: count only growth. */
  gint64 grew = MAX ((gint64) vm_hwm_kib () - (gint64) fixture->hwm_before, 0);

  g_test_message ("peak memory grew by %" G_GINT64_FORMAT " KiB", grew);
  g_assert_cmpint (grew, <, MEMORY_BOUND_KIB);
  g_clear_object (&fixture->client);
  hostile_free (fixture->hostile);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static void
run_until (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  gboolean  done;
  JsonNode *data;
  GError   *error;
} Answer;

static void
answer_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Answer *answer = user_data;

  answer->data = tern_client_send_finish (TERN_CLIENT (object), result, &answer->error);
  answer->done = TRUE;
}

/* Sends POST @path with a small JSON body and waits for the outcome. */
static GError *
post_and_fail (Fixture    *fixture,
               const char *path)
{
  g_autoptr(JsonNode) body = json_from_string ("{\"text\":\"hello\"}", NULL);
  Answer answer = { 0 };

  tern_client_post_json_async (fixture->client, path, body, TERN_CLIENT_FLAGS_NONE, NULL,
                               answer_cb, &answer);
  run_until (&answer.done);
  g_assert_null (answer.data);
  g_assert_nonnull (answer.error);
  g_test_message ("%s", answer.error->message);
  return answer.error;
}

static void
assert_printable (const char *message)
{
  for (const char *p = message; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
}

static void
test_endless_chunked (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = post_and_fail (fixture, "/2/tweets");

  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "POST /2/tweets"));
  g_assert_nonnull (strstr (error->message, "512 KiB"));
}

static void
test_huge_length (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = post_and_fail (fixture, "/2/tweets");

  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "POST /2/tweets"));
}

static void
test_until_close (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = post_and_fail (fixture, "/2/tweets");

  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "POST /2/tweets"));
}

static void
test_drip (Fixture       *fixture,
           gconstpointer  data)
{
  Answer answer = { 0 };

  /* Idempotent, so retried after network errors: the deadline must not be. */
  tern_client_get_json_async (fixture->client, "/2/users/me", TERN_CLIENT_FLAGS_IDEMPOTENT,
                              NULL, answer_cb, &answer);
  run_until (&answer.done);
  g_assert_null (answer.data);
  g_assert_error (answer.error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_NETWORK);
  g_test_message ("%s", answer.error->message);
  g_assert_nonnull (strstr (answer.error->message, "GET /2/users/me"));
  g_assert_cmpuint (hostile_count (fixture->hostile, "GET /2/users/me"), ==, 1);
  g_clear_error (&answer.error);
}

static void
test_deep_nesting (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) ok_status = post_and_fail (fixture, "/2/tweets");
  g_autoptr(GError) bad_status = post_and_fail (fixture, "/2/tweets?status=400");

  g_assert_error (ok_status, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE);
  /* A failure still says what failed, whatever its body. */
  g_assert_error (bad_status, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (bad_status->message, "400"));
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *path = g_strdup_printf ("/2/tweets?body=%u", i);
      g_autoptr(GError) error = post_and_fail (fixture, path);

      g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE);
      g_assert_nonnull (strstr (error->message, "200"));
    }
}

static void
test_control_characters (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = post_and_fail (fixture, "/2/tweets");

  g_assert_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_REQUEST);
  assert_printable (error->message);
  /* What X said is still there, only defanged. */
  g_assert_nonnull (strstr (error->message, "owned"));
}

static void
test_far_reset (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) year2100 = post_and_fail (fixture, "/2/tweets");
  g_autoptr(GError) max = post_and_fail (fixture, "/2/tweets?reset=max");

  g_assert_error (year2100, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_RATE_LIMITED);
  g_assert_error (max, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_RATE_LIMITED);
  /* Not this year, so the year is said; INT64_MAX becomes the last
   * date a calendar can show, not "?" or an overflow. */
  g_assert_nonnull (strstr (year2100->message, "2100"));
  g_assert_nonnull (strstr (max->message, "9999"));
  g_assert_null (strstr (max->message, "?"));
  g_assert_cmpint (tern_client_error_get_reset_time (max), >, 0);
}

/* ---- posts and uploads ------------------------------------------------- */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  char     *media_id;
} Outcome;

static void
post_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = tern_post_send_finish (TERN_POST (object), result, &outcome->error);
  outcome->done = TRUE;
}

static void
upload_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->media_id = tern_upload_run_finish (TERN_UPLOAD (object), result, &outcome->error);
  outcome->ok = outcome->media_id != NULL;
  outcome->done = TRUE;
}

static void
assert_draft_intact (TernDraft  *draft,
                     const char *text)
{
  TernDraftPost *post = tern_draft_get_post (draft, 0);
  g_autoptr(JsonNode) node = tern_draft_to_json (draft);
  g_autoptr(TernDraft) copy = tern_draft_new_from_json (node, NULL);

  g_assert_cmpstr (tern_draft_post_get_text (post), ==, text);
  g_assert_null (tern_draft_post_get_posted_id (post));
  g_assert_nonnull (copy);
  g_assert_cmpstr (tern_draft_post_get_text (tern_draft_get_post (copy, 0)), ==, text);
}

static GError *
send_text_post (Fixture    *fixture,
                const char *text)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(TernPost) post = NULL;
  Outcome outcome = { 0 };

  tern_draft_post_set_text (tern_draft_get_post (draft, 0), text);
  post = tern_post_new (fixture->client, draft);
  tern_post_send_async (post, NULL, post_sent_cb, &outcome);
  run_until (&outcome.done);
  g_assert_false (outcome.ok);
  g_assert_nonnull (outcome.error);
  g_test_message ("%s", outcome.error->message);
  assert_printable (outcome.error->message);
  assert_draft_intact (draft, text);
  return outcome.error;
}

static void
test_wrong_types (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = send_text_post (fixture, "Typed wrongly");

  g_assert_true (error->domain == TERN_CLIENT_ERROR);
  g_assert_false (hostile_saw (fixture->hostile, "POST /2/tweets"));
}

static void
test_endless_create (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = send_text_post (fixture, "Never answered");

  g_assert_true (error->domain == TERN_CLIENT_ERROR);
  g_assert_nonnull (strstr (error->message, "/2/tweets"));
}

static TernAttachment *
crafted_video (Fixture *fixture)
{
  g_autoptr(GBytes) bytes = tern_test_crafted_mp4 (CRAFTED_MP4_GOOD);
  g_autofree char *path = g_build_filename (fixture->dir, "clip.mp4", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  TernAttachment *attachment;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  attachment = tern_attachment_new (file);
  tern_attachment_set_kind (attachment, TERN_ATTACHMENT_KIND_VIDEO);
  tern_attachment_set_mime_type (attachment, "video/mp4");
  return attachment;
}

static void
remove_video (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "clip.mp4", NULL);

  g_unlink (path);
}

static Outcome
run_upload (Fixture        *fixture,
            TernAttachment *attachment,
            guint           wait_cap)
{
  g_autoptr(TernUpload) upload = tern_upload_new (fixture->client, attachment);
  Outcome outcome = { 0 };

  if (wait_cap > 0)
    tern_upload_set_processing_wait_cap (upload, wait_cap);
  tern_upload_run_async (upload, NULL, upload_done_cb, &outcome);
  run_until (&outcome.done);
  return outcome;
}

static void
test_path_id (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TernAttachment) attachment = crafted_video (fixture);
  Outcome outcome = run_upload (fixture, attachment, 0);

  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE);
  g_test_message ("%s", outcome.error->message);
  /* The media bytes went nowhere but INIT. */
  g_assert_false (hostile_saw (fixture->hostile, "POST /2/tweets"));
  g_assert_cmpuint (hostile_count (fixture->hostile, "POST"), ==, 1);
  g_clear_error (&outcome.error);
  remove_video (fixture);
}

static void
test_busy_poll (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TernAttachment) attachment = crafted_video (fixture);
  Outcome outcome = run_upload (fixture, attachment, 5);
  guint polls;

  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_PROCESSING_TIMEOUT);
  g_clear_error (&outcome.error);
  g_mutex_lock (&fixture->hostile->lock);
  polls = fixture->hostile->status_polls;
  g_mutex_unlock (&fixture->hostile->lock);
  /* check_after_secs: 0 over a five-second wait cap: a second apart at
   * least, growing; a busy loop made hundreds. */
  g_test_message ("%u STATUS requests", polls);
  g_assert_cmpuint (polls, >=, 1);
  g_assert_cmpuint (polls, <=, 5);
  remove_video (fixture);
}

static void
test_forever_expiry (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TernAttachment) attachment = crafted_video (fixture);
  Outcome outcome = run_upload (fixture, attachment, 0);
  JsonNode *state;
  gint64 expires_at, now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_no_error (outcome.error);
  g_assert_cmpstr (outcome.media_id, ==, "1234567890");
  g_free (outcome.media_id);
  state = tern_attachment_get_upload_state (attachment);
  g_assert_nonnull (state);
  expires_at = json_object_get_int_member (json_node_get_object (state), "expires_at");
  /* INT64_MAX seconds from now neither overflows nor is believed. */
  g_assert_cmpint (expires_at, >, now);
  g_assert_cmpint (expires_at, <=, now + 3 * 24 * 3600);
  remove_video (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, respond, test) \
  g_test_add ("/hostile/" name, Fixture, (gconstpointer) respond, fixture_setup, test, fixture_teardown)

  ADD ("endless-chunked", respond_endless_chunked, test_endless_chunked);
  ADD ("huge-length", respond_huge_length, test_huge_length);
  ADD ("until-close", respond_until_close, test_until_close);
  ADD ("drip", respond_drip, test_drip);
  ADD ("deep-nesting", respond_deep_nesting, test_deep_nesting);
  ADD ("malformed", respond_malformed, test_malformed);
  ADD ("control-characters", respond_control_characters, test_control_characters);
  ADD ("far-reset", respond_far_reset, test_far_reset);
  ADD ("wrong-types", respond_wrong_types, test_wrong_types);
  ADD ("endless-create", respond_endless_create, test_endless_create);
  ADD ("path-id", respond_path_id, test_path_id);
  ADD ("busy-poll", respond_busy_poll, test_busy_poll);
  ADD ("forever-expiry", respond_forever_expiry, test_forever_expiry);

#undef ADD

  return g_test_run ();
}
