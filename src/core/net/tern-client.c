/* tern-client.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-client"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-client.h"

#include <string.h>

#include "tern-utils.h"
#include "tern-x.h"

/* Backoff with full jitter: the n-th retry waits a random time between 0 and
 * min (BACKOFF_CAP_MS, BACKOFF_BASE_MS × 2ⁿ). */
#define BACKOFF_BASE_MS 1000
#define BACKOFF_CAP_MS 30000
#define DEFAULT_MAX_RETRIES 5
#define DEFAULT_MAX_RATE_LIMIT_WAIT 120
#define MAX_RATE_LIMIT_WAITS 3
/* X's own messages are shown to people; keep a runaway one readable. */
#define MAX_DETAIL_CHARS 300

struct _TernClient
{
  GObject          parent_instance;

  char            *api_base;
  TernTokenSource *tokens;
  SoupSession     *session;
  guint            max_retries;
  guint            max_rate_limit_wait;
};

typedef struct
{
  char            *method;
  char            *path;
  char            *content_type;
  GBytes          *body;
  TernClientBodyStreamFunc body_stream;
  gpointer         body_stream_data;
  goffset          body_length;
  TernClientFlags  flags;
  guint            retries;
  guint            rate_limit_waits;
  gboolean         refreshed;
  char            *sent_token;     /* what the last attempt sent */
  char            *rejected_token; /* set after a 401, for the next attempt */
  SoupMessage     *message;
  gint64           started;
  TernClientBodySentFunc body_sent;
  gpointer         body_sent_data;
  gboolean         body_reported;
} Request;

typedef struct
{
  guint  status;
  gint64 reset_time;
} TernClientErrorPrivate;

G_DEFINE_FINAL_TYPE (TernClient, tern_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_API_BASE,
  PROP_TOKEN_SOURCE,
  PROP_MAX_RETRIES,
  PROP_MAX_RATE_LIMIT_WAIT,
  N_PROPS
};

enum {
  RETRYING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void request_start (GTask *task);

static void
tern_client_error_private_init (TernClientErrorPrivate *priv)
{
}

static void
tern_client_error_private_copy (const TernClientErrorPrivate *src,
                                TernClientErrorPrivate       *dest)
{
  *dest = *src;
}

static void
tern_client_error_private_clear (TernClientErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (TernClientError, tern_client_error)

/**
 * tern_client_error_get_status:
 * @error: an error
 *
 * Returns: the HTTP status X answered with, or 0 when there was none (a
 *   network error) or @error is not a #TERN_CLIENT_ERROR
 */
guint
tern_client_error_get_status (const GError *error)
{
  TernClientErrorPrivate *priv;

  if (error == NULL || error->domain != TERN_CLIENT_ERROR)
    return 0;
  priv = tern_client_error_get_private (error);
  return priv ? priv->status : 0;
}

/**
 * tern_client_error_get_reset_time:
 * @error: an error
 *
 * Returns: for %TERN_CLIENT_ERROR_RATE_LIMITED, the Unix time at which X
 *   said the limit resets, or 0 when it did not say
 */
gint64
tern_client_error_get_reset_time (const GError *error)
{
  TernClientErrorPrivate *priv;

  if (error == NULL || error->domain != TERN_CLIENT_ERROR)
    return 0;
  priv = tern_client_error_get_private (error);
  return priv ? priv->reset_time : 0;
}

static GError *
client_error_new (TernClientError  code,
                  guint            status,
                  gint64           reset_time,
                  const char      *message)
{
  GError *error = g_error_new_literal (TERN_CLIENT_ERROR, code, message);
  TernClientErrorPrivate *priv = tern_client_error_get_private (error);

  priv->status = status;
  priv->reset_time = reset_time;
  return error;
}

static void
request_free (Request *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->content_type);
  g_clear_pointer (&request->sent_token, tern_secret_free);
  g_clear_pointer (&request->rejected_token, tern_secret_free);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_object (&request->message);
  g_free (request);
}

/* Which of X's limits a 429 met. */
typedef enum
{
  LIMIT_WINDOW,      /* the 15-minute limit of an endpoint (or unknown) */
  LIMIT_USER_DAY,    /* the account's daily posting cap */
  LIMIT_APP_DAY,     /* the app's daily posting cap, all its users together */
} LimitKind;

static gboolean
header_get_unsigned (SoupMessageHeaders *headers,
                     const char         *name,
                     guint64             max,
                     guint64            *value)
{
  const char *text = soup_message_headers_get_one (headers, name);
  g_autofree char *trimmed = text ? g_strstrip (g_strdup (text)) : NULL;

  return trimmed != NULL && g_ascii_string_to_unsigned (trimmed, 10, 0, max, value, NULL);
}

/* A daily cap that is used up: its remaining count is 0. Its reset, not
 * x-rate-limit-reset, says when posting works again: waiting for the
 * 15-minute window would only meet the same cap. */
static gint64
headers_get_daily_reset (SoupMessageHeaders *headers,
                         LimitKind          *kind)
{
  static const struct { const char *remaining; const char *reset; LimitKind kind; } caps[] = {
    { "x-user-limit-24hour-remaining", "x-user-limit-24hour-reset", LIMIT_USER_DAY },
    { "x-app-limit-24hour-remaining", "x-app-limit-24hour-reset", LIMIT_APP_DAY },
  };
  gint64 latest = 0;

  for (guint i = 0; i < G_N_ELEMENTS (caps); i++)
    {
      guint64 remaining, reset;

      if (header_get_unsigned (headers, caps[i].remaining, G_MAXINT64, &remaining) && remaining == 0 &&
          header_get_unsigned (headers, caps[i].reset, G_MAXINT64, &reset) && (gint64) reset > latest)
        {
          /* both used up: the later reset is the one that matters */
          latest = (gint64) reset;
          *kind = caps[i].kind;
        }
    }
  return latest;
}

/* The Unix time until which X asks us to wait, from a used-up daily cap,
 * Retry-After (seconds or an HTTP date) or x-rate-limit-reset (Unix
 * seconds); 0 if none. @kind says which limit it is. */
static gint64
headers_get_reset_time (SoupMessageHeaders *headers,
                        LimitKind          *kind)
{
  const char *value;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 daily;

  *kind = LIMIT_WINDOW;
  if (headers == NULL)
    return 0;

  daily = headers_get_daily_reset (headers, kind);
  if (daily > 0)
    return daily;

  value = soup_message_headers_get_one (headers, "Retry-After");
  if (value != NULL)
    {
      guint64 seconds;
      g_autoptr(GDateTime) date = NULL;
      g_autofree char *trimmed = g_strstrip (g_strdup (value));

      if (g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXINT32, &seconds, NULL))
        return now + (gint64) seconds;
      date = soup_date_time_new_from_http_string (value);
      if (date != NULL)
        return g_date_time_to_unix (date);
    }

  value = soup_message_headers_get_one (headers, "x-rate-limit-reset");
  if (value != NULL)
    {
      guint64 reset;

      if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &reset, NULL))
        return (gint64) reset;
    }

  return 0;
}

static char *
format_reset_time (gint64 reset_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (reset_time);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (when == NULL)
    return g_strdup ("?");
  if (g_date_time_difference (when, now) > 20 * G_TIME_SPAN_HOUR)
    /* Translators: a date and time, in strftime format */
    return g_date_time_format (when, _("%b %-d, %H:%M"));
  /* Translators: a time of day, in strftime format */
  return g_date_time_format (when, _("%H:%M"));
}

static const char *
object_get_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
object_get_first_error (JsonObject *object)
{
  JsonNode *node;
  JsonArray *array;
  JsonNode *first;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, "errors");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return NULL;
  first = json_array_get_element (array, 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return NULL;
  return json_node_get_object (first);
}

/* X's own explanation, from whichever of its error shapes the body has. */
static char *
problem_get_detail (JsonObject *object,
                    gint64     *legacy_code)
{
  JsonObject *first = object_get_first_error (object);
  const char *detail = NULL;
  g_autofree char *clean = NULL;

  *legacy_code = 0;
  if (first != NULL && json_object_has_member (first, "code"))
    {
      JsonNode *code = json_object_get_member (first, "code");
      if (json_node_get_value_type (code) == G_TYPE_INT64)
        *legacy_code = json_node_get_int (code);
    }

  detail = object_get_string (object, "detail");
  if (detail == NULL)
    detail = object_get_string (object, "error_description");
  if (detail == NULL)
    detail = object_get_string (first, "message");
  if (detail == NULL)
    detail = object_get_string (object, "title");
  if (detail == NULL)
    detail = object_get_string (object, "error");
  if (detail == NULL || *detail == '\0' || !g_utf8_validate (detail, -1, NULL))
    return NULL;

  clean = g_strstrip (g_strdup (detail));
  if (g_utf8_strlen (clean, -1) > MAX_DETAIL_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (clean, 0, MAX_DETAIL_CHARS);
      return g_strconcat (cut, "…", NULL);
    }
  /* Drop a final full stop: the message adds its own punctuation. */
  if (g_str_has_suffix (clean, "."))
    clean[strlen (clean) - 1] = '\0';
  return g_steal_pointer (&clean);
}

static gboolean
problem_type_is (JsonObject *object,
                 const char *name)
{
  const char *type = object_get_string (object, "type");
  g_autofree char *suffix = g_strconcat ("/2/problems/", name, NULL);

  return type != NULL && g_str_has_suffix (type, suffix);
}

static gboolean
text_mentions_duplicate (const char *detail)
{
  g_autofree char *folded = NULL;

  if (detail == NULL)
    return FALSE;
  folded = g_utf8_casefold (detail, -1);
  return strstr (folded, "duplicate") != NULL;
}

static GError *
error_from_problem (guint               status,
                    SoupMessageHeaders *headers,
                    JsonObject         *object)
{
  gint64 legacy_code = 0;
  g_autofree char *detail = problem_get_detail (object, &legacy_code);
  const char *oauth_error = object_get_string (object, "error");
  const char *phrase = soup_status_get_phrase (status);
  const char *what = detail ? detail : (phrase ? phrase : "");
  g_autofree char *message = NULL;
  TernClientError code;
  gint64 reset_time = 0;
  LimitKind limit = LIMIT_WINDOW;

  if (status == 429 || legacy_code == 88 || problem_type_is (object, "usage-capped"))
    code = TERN_CLIENT_ERROR_RATE_LIMITED;
  else if (status == 401 || legacy_code == 89 || legacy_code == 32 ||
           g_strcmp0 (oauth_error, "invalid_grant") == 0 ||
           g_strcmp0 (oauth_error, "invalid_token") == 0)
    code = TERN_CLIENT_ERROR_AUTH;
  else if (status == 403 && (legacy_code == 187 || text_mentions_duplicate (detail)))
    code = TERN_CLIENT_ERROR_DUPLICATE;
  else if (status == 403)
    code = TERN_CLIENT_ERROR_FORBIDDEN;
  else if (status == 413 || status == 431)
    code = TERN_CLIENT_ERROR_TOO_LARGE;
  else if (status >= 500)
    code = TERN_CLIENT_ERROR_SERVER;
  else if (status >= 400)
    code = TERN_CLIENT_ERROR_INVALID_REQUEST;
  else
    code = TERN_CLIENT_ERROR_BAD_RESPONSE;

  switch (code)
    {
    case TERN_CLIENT_ERROR_RATE_LIMITED:
      reset_time = headers_get_reset_time (headers, &limit);
      if (reset_time > 0 && limit == LIMIT_USER_DAY)
        {
          g_autofree char *until = format_reset_time (reset_time);
          message = g_strdup_printf (_("X’s daily posting limit for this account is reached until %s. Try again after that."),
                                     until);
        }
      else if (reset_time > 0 && limit == LIMIT_APP_DAY)
        {
          g_autofree char *until = format_reset_time (reset_time);
          message = g_strdup_printf (_("X’s daily posting limit for this app (all its users together) is reached until %s. "
                                       "Try again after that, or sign in with an X app of your own."),
                                     until);
        }
      else if (reset_time > 0)
        {
          g_autofree char *until = format_reset_time (reset_time);
          message = g_strdup_printf (_("X’s rate limit for this account is reached until %s. Try again after that."),
                                     until);
        }
      else
        message = g_strdup (_("X’s rate limit for this account is reached. Wait a few minutes and try again."));
      break;

    case TERN_CLIENT_ERROR_AUTH:
      if (detail != NULL)
        message = g_strdup_printf (_("X did not accept this account’s sign-in (%s). Sign in again."), detail);
      else
        message = g_strdup (_("X did not accept this account’s sign-in. Sign in again."));
      break;

    case TERN_CLIENT_ERROR_DUPLICATE:
      message = g_strdup (_("X refused the post because this account already posted the same text."));
      break;

    case TERN_CLIENT_ERROR_FORBIDDEN:
      message = g_strdup_printf (_("X refused the request (%s). Check that the account may do this; signing in again gives Tern the permissions it needs."),
                                 what);
      break;

    case TERN_CLIENT_ERROR_TOO_LARGE:
      message = g_strdup_printf (_("X refused a request of this size (HTTP %u). Try again with smaller pieces."),
                                 status);
      break;

    case TERN_CLIENT_ERROR_SERVER:
      message = g_strdup_printf (_("X answered %u (%s) and could not do the request. Try again in a few minutes."),
                                 status, what);
      break;

    case TERN_CLIENT_ERROR_INVALID_REQUEST:
      message = g_strdup_printf (_("X did not accept the request (HTTP %u: %s). Check the post and its media, then try again."),
                                 status, what);
      break;

    case TERN_CLIENT_ERROR_BAD_RESPONSE:
    case TERN_CLIENT_ERROR_NETWORK:
    case TERN_CLIENT_ERROR_PROCESSING_FAILED:
    case TERN_CLIENT_ERROR_PROCESSING_TIMEOUT:
    case TERN_CLIENT_ERROR_INVALID_DRAFT:
    default:
      message = g_strdup_printf (_("X answered with an unexpected status (HTTP %u). Try again later."),
                                 status);
      break;
    }

  return client_error_new (code, status, reset_time, message);
}

static GError *
bad_response_new (guint status)
{
  g_autofree char *message =
    g_strdup_printf (_("X answered HTTP %u with something Tern could not read. Try again in a few minutes; if it keeps happening, X may be having trouble."),
                     status);

  return client_error_new (TERN_CLIENT_ERROR_BAD_RESPONSE, status, 0, message);
}

/**
 * tern_client_parse_response:
 * @status: the HTTP status
 * @headers: (nullable): the response headers
 * @body: (nullable): the response body
 * @error: return location for a #TERN_CLIENT_ERROR
 *
 * Reads an answer from X. A success gives the `data` member of the v2
 * envelope, or the whole object when the body has no envelope, or a JSON
 * null node for an empty body. A failure, whatever the shape of its body
 * (v2 problem, OAuth error, legacy errors, HTML, nothing), gives one error
 * naming the status.
 *
 * Returns: (transfer full) (nullable): the answer's data
 */
JsonNode *
tern_client_parse_response (guint                status,
                            SoupMessageHeaders  *headers,
                            GBytes              *body,
                            GError             **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root = NULL;
  JsonObject *object = NULL;
  gsize size = 0;
  const char *data = NULL;

  if (body != NULL)
    data = g_bytes_get_data (body, &size);

  if (size > 0)
    {
      parser = json_parser_new_immutable ();
      if (json_parser_load_from_data (parser, data, size, NULL))
        {
          root = json_parser_get_root (parser);
          if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
            object = json_node_get_object (root);
        }
    }

  if (status >= 200 && status < 300)
    {
      if (size == 0)
        return json_node_new (JSON_NODE_NULL);
      if (object == NULL)
        {
          g_propagate_error (error, bad_response_new (status));
          return NULL;
        }
      if (json_object_has_member (object, "data"))
        return json_node_copy (json_object_get_member (object, "data"));
      /* Errors with no data: the request failed although the status says
       * otherwise. */
      if (object_get_first_error (object) != NULL)
        {
          g_propagate_error (error, error_from_problem (400, headers, object));
          return NULL;
        }
      return json_node_copy (root);
    }

  if (status < 200 || (status >= 300 && status < 400))
    {
      g_propagate_error (error, bad_response_new (status));
      return NULL;
    }

  g_propagate_error (error, error_from_problem (status, headers, object));
  return NULL;
}

/**
 * tern_client_get_object:
 * @data: (nullable): what tern_client_send_finish() returned
 * @error: return location for an error
 *
 * Returns: (transfer none) (nullable): @data as an object, or %NULL with a
 *   %TERN_CLIENT_ERROR_BAD_RESPONSE when it is not one
 */
JsonObject *
tern_client_get_object (JsonNode  *data,
                        GError   **error)
{
  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      g_propagate_error (error, bad_response_new (200));
      return NULL;
    }
  return json_node_get_object (data);
}

static void
wait_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (tern_wait_finish (result, &error))
    request_start (task);
  else
    g_task_return_error (task, error);
}

/* Waits without blocking, on the task's context; cancelling ends the wait. */
static void
request_retry_after (GTask      *task,
                     guint       delay_ms,
                     const char *reason)
{
  TernClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  g_debug ("%s %s: %s; retrying in %u ms", request->method, request->path, reason, delay_ms);
  g_signal_emit (self, signals[RETRYING], 0, reason, delay_ms);
  tern_wait_async (delay_ms, g_task_get_cancellable (task), wait_done_cb, g_object_ref (task));
}

static guint
backoff_delay_ms (guint retries)
{
  guint64 ceiling = BACKOFF_BASE_MS;

  for (guint i = 0; i < retries && ceiling < BACKOFF_CAP_MS; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, BACKOFF_CAP_MS);
  return (guint) g_random_int_range (0, (gint32) ceiling + 1);
}

static char *
describe_retry (const GError *error,
                guint         delay_ms)
{
  guint status = tern_client_error_get_status (error);
  guint seconds = (delay_ms + 999) / 1000;

  if (g_error_matches (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_RATE_LIMITED))
    {
      gint64 reset_time = tern_client_error_get_reset_time (error);
      if (reset_time > 0)
        {
          g_autofree char *until = format_reset_time (reset_time);
          return g_strdup_printf (_("X’s rate limit is reached; waiting until %s."), until);
        }
    }
  if (status != 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "X answered %u; trying again in %u second.",
                                         "X answered %u; trying again in %u seconds.",
                                         seconds),
                            status, seconds);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The connection to X failed; trying again in %u second.",
                                       "The connection to X failed; trying again in %u seconds.",
                                       seconds),
                          seconds);
}

/* Decides whether a failed attempt is tried again. Takes @error. */
static void
request_failed (GTask  *task,
                GError *error)
{
  TernClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  gboolean idempotent = (request->flags & TERN_CLIENT_FLAGS_IDEMPOTENT) != 0;
  guint delay_ms = 0;
  gboolean retry = FALSE;

  if (g_error_matches (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_RATE_LIMITED) &&
      (idempotent || (request->flags & TERN_CLIENT_FLAGS_RETRY_RATE_LIMITED)))
    {
      gint64 reset_time = tern_client_error_get_reset_time (error);
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;

      if (reset_time > 0 && reset_time - now <= (gint64) self->max_rate_limit_wait &&
          request->rate_limit_waits < MAX_RATE_LIMIT_WAITS)
        {
          request->rate_limit_waits++;
          /* One second past the reset, so the window has really turned. */
          delay_ms = (guint) (MAX (reset_time - now, 0) + 1) * 1000;
          retry = TRUE;
        }
      else if (reset_time == 0 && request->retries < self->max_retries)
        {
          delay_ms = backoff_delay_ms (request->retries++);
          retry = TRUE;
        }
    }
  else if (idempotent && request->retries < self->max_retries &&
           (g_error_matches (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_NETWORK) ||
            g_error_matches (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_SERVER) ||
            g_error_matches (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE)))
    {
      delay_ms = backoff_delay_ms (request->retries++);
      retry = TRUE;
    }

  if (retry)
    {
      g_autofree char *reason = describe_retry (error, delay_ms);
      g_error_free (error);
      request_retry_after (task, delay_ms, reason);
      return;
    }

  g_task_return_error (task, error);
}

static GError *
network_error_new (const GError *cause)
{
  g_autofree char *message =
    g_strdup_printf (_("Could not reach X (%s). Check the network connection and try again."),
                     cause->message);

  return client_error_new (TERN_CLIENT_ERROR_NETWORK, 0, 0, message);
}

static void
report_body_sent (Request *request)
{
  if (request->body_sent != NULL && !request->body_reported)
    {
      request->body_reported = TRUE;
      request->body_sent (request->body_sent_data);
    }
}

static void
message_wrote_body_cb (SoupMessage *message,
                       Request     *request)
{
  report_body_sent (request);
}

static void
request_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *data;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  report_body_sent (request);
  if (body == NULL)
    {
      g_debug ("%s %s → %s after %.0f ms", request->method, request->path, error->message,
               (g_get_monotonic_time () - request->started) / 1000.0);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          (request->body_stream != NULL && error->domain == TERN_CLIENT_ERROR))
        /* cancelled, or the body could not be read: not a network
         * problem, and sending again would not help */
        g_task_return_error (task, g_steal_pointer (&error));
      else
        request_failed (task, network_error_new (error));
      return;
    }

  status = soup_message_get_status (request->message);
  g_debug ("%s %s → %u in %.0f ms", request->method, request->path, status,
           (g_get_monotonic_time () - request->started) / 1000.0);

  if (status == SOUP_STATUS_UNAUTHORIZED && !request->refreshed)
    {
      /* X did nothing with the request: refresh once and send it again. */
      request->refreshed = TRUE;
      g_clear_pointer (&request->rejected_token, tern_secret_free);
      request->rejected_token = g_steal_pointer (&request->sent_token);
      request_start (task);
      return;
    }

  data = tern_client_parse_response (status,
                                     soup_message_get_response_headers (request->message),
                                     body, &error);
  if (data == NULL && status == SOUP_STATUS_UNAUTHORIZED)
    {
      TernClient *self = g_task_get_source_object (task);
      GError *verdict;

      /* Refused again right after the refresh: not sent again, and the
       * token source hears of it, so that it stops refreshing in vain and
       * says what to do. */
      verdict = tern_token_source_refused_again (self->tokens, request->sent_token);
      if (verdict != NULL)
        {
          g_clear_error (&error);
          error = verdict;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data == NULL)
    {
      request_failed (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, data, (GDestroyNotify) json_node_unref);
}

static void
request_got_token_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TernClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *authorization = NULL;
  SoupMessageHeaders *headers;
  GCancellable *cancellable;

  token = tern_token_source_get_token_finish (TERN_TOKEN_SOURCE (object), result, &error);
  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_str_has_prefix (request->path, "http://") || g_str_has_prefix (request->path, "https://"))
    uri = g_strdup (request->path);
  else
    uri = g_strconcat (self->api_base, request->path, NULL);

  g_clear_object (&request->message);
  request->message = soup_message_new (request->method, uri);
  if (request->message == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The address %s is not valid. Check the API base address."), uri);
      g_task_return_error (task, client_error_new (TERN_CLIENT_ERROR_INVALID_REQUEST, 0, 0, message));
      return;
    }

  headers = soup_message_get_request_headers (request->message);
  authorization = g_strconcat ("Bearer ", token, NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (request->body_stream != NULL)
    {
      g_autoptr(GInputStream) stream = request->body_stream (request->body_stream_data);

      soup_message_set_request_body (request->message, request->content_type,
                                     stream, request->body_length);
    }
  else if (request->body != NULL)
    soup_message_set_request_body_from_bytes (request->message, request->content_type,
                                              request->body);
  if (request->flags & TERN_CLIENT_FLAGS_IDEMPOTENT)
    soup_message_add_flags (request->message, SOUP_MESSAGE_IDEMPOTENT);
  request->body_reported = FALSE;
  if (request->body_sent != NULL)
    g_signal_connect (request->message, "wrote-body", G_CALLBACK (message_wrote_body_cb), request);

  /* Kept only to say which token X refused, should it answer 401. */
  g_clear_pointer (&request->sent_token, tern_secret_free);
  request->sent_token = g_strdup (token);
  explicit_bzero (token, strlen (token));
  explicit_bzero (authorization, strlen (authorization));

  request->started = g_get_monotonic_time ();
  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (self->session, request->message, G_PRIORITY_DEFAULT,
                                    cancellable, request_sent_cb, g_steal_pointer (&task));
}

static void
request_start (GTask *task)
{
  TernClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autofree char *rejected = g_steal_pointer (&request->rejected_token);

  tern_token_source_get_token_async (self->tokens, rejected, g_task_get_cancellable (task),
                                     request_got_token_cb, g_object_ref (task));
  if (rejected != NULL)
    explicit_bzero (rejected, strlen (rejected));
}

static void
tern_client_finalize (GObject *object)
{
  TernClient *self = (TernClient *)object;

  g_clear_pointer (&self->api_base, g_free);
  g_clear_object (&self->tokens);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (tern_client_parent_class)->finalize (object);
}

static void
tern_client_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TernClient *self = TERN_CLIENT (object);

  switch (prop_id)
    {
    case PROP_API_BASE:
      g_value_set_string (value, self->api_base);
      break;
    case PROP_TOKEN_SOURCE:
      g_value_set_object (value, self->tokens);
      break;
    case PROP_MAX_RETRIES:
      g_value_set_uint (value, self->max_retries);
      break;
    case PROP_MAX_RATE_LIMIT_WAIT:
      g_value_set_uint (value, self->max_rate_limit_wait);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_client_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TernClient *self = TERN_CLIENT (object);

  switch (prop_id)
    {
    case PROP_API_BASE:
      {
        const char *base = g_value_get_string (value);
        gsize len = base ? strlen (base) : 0;

        while (len > 0 && base[len - 1] == '/')
          len--;
        self->api_base = g_strndup (base ? base : "", len);
      }
      break;
    case PROP_TOKEN_SOURCE:
      self->tokens = g_value_dup_object (value);
      break;
    case PROP_MAX_RETRIES:
      tern_client_set_max_retries (self, g_value_get_uint (value));
      break;
    case PROP_MAX_RATE_LIMIT_WAIT:
      tern_client_set_max_rate_limit_wait (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_client_class_init (TernClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tern_client_finalize;
  object_class->get_property = tern_client_get_property;
  object_class->set_property = tern_client_set_property;

  properties[PROP_API_BASE] =
    g_param_spec_string ("api-base", NULL, NULL,
                         TERN_X_API_BASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN_SOURCE] =
    g_param_spec_object ("token-source", NULL, NULL,
                         TERN_TYPE_TOKEN_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL,
                       0, 20, DEFAULT_MAX_RETRIES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_RATE_LIMIT_WAIT] =
    g_param_spec_uint ("max-rate-limit-wait", NULL, NULL,
                       0, 24 * 3600, DEFAULT_MAX_RATE_LIMIT_WAIT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TernClient::retrying:
   * @self: the client
   * @message: what happened and what the client does, for people
   * @delay_ms: how long it waits before trying again
   *
   * Emitted, on the context the request was made from, when a request
   * failed in a way that is worth trying again and the client is waiting
   * to do so.
   */
  signals[RETRYING] =
    g_signal_new ("retrying",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
}

static void
tern_client_init (TernClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Tern/%s", PACKAGE_VERSION);

  self->max_retries = DEFAULT_MAX_RETRIES;
  self->max_rate_limit_wait = DEFAULT_MAX_RATE_LIMIT_WAIT;
  /* Enough connections for a few segments in flight plus a status poll. */
  self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                 "max-conns", 16,
                                                 "max-conns-per-host", 10,
                                                 "timeout", 120,
                                                 NULL);
}

/**
 * tern_client_new:
 * @api_base: the API's base address, such as `https://api.x.com`
 * @tokens: where bearer tokens come from
 *
 * Returns: (transfer full): a client with its own HTTP session
 */
TernClient *
tern_client_new (const char      *api_base,
                 TernTokenSource *tokens)
{
  g_return_val_if_fail (api_base != NULL, NULL);
  g_return_val_if_fail (TERN_IS_TOKEN_SOURCE (tokens), NULL);

  return g_object_new (TERN_TYPE_CLIENT,
                       "api-base", api_base,
                       "token-source", tokens,
                       NULL);
}

const char *
tern_client_get_api_base (TernClient *self)
{
  g_return_val_if_fail (TERN_IS_CLIENT (self), NULL);
  return self->api_base;
}

/**
 * tern_client_get_token_source:
 *
 * Returns: (transfer none): the token source
 */
TernTokenSource *
tern_client_get_token_source (TernClient *self)
{
  g_return_val_if_fail (TERN_IS_CLIENT (self), NULL);
  return self->tokens;
}

guint
tern_client_get_max_retries (TernClient *self)
{
  g_return_val_if_fail (TERN_IS_CLIENT (self), 0);
  return self->max_retries;
}

void
tern_client_set_max_retries (TernClient *self,
                             guint       max_retries)
{
  g_return_if_fail (TERN_IS_CLIENT (self));

  if (self->max_retries == max_retries)
    return;
  self->max_retries = max_retries;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRIES]);
}

guint
tern_client_get_max_rate_limit_wait (TernClient *self)
{
  g_return_val_if_fail (TERN_IS_CLIENT (self), 0);
  return self->max_rate_limit_wait;
}

/**
 * tern_client_set_max_rate_limit_wait:
 * @self: a client
 * @seconds: the longest wait for a rate limit to reset
 *
 * A retryable request that meets a 429 whose reset is at most @seconds away
 * waits for it; one further away fails at once, saying until when.
 */
void
tern_client_set_max_rate_limit_wait (TernClient *self,
                                     guint       seconds)
{
  g_return_if_fail (TERN_IS_CLIENT (self));

  if (self->max_rate_limit_wait == seconds)
    return;
  self->max_rate_limit_wait = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RATE_LIMIT_WAIT]);
}

/**
 * tern_client_send_async:
 * @self: a client
 * @method: the HTTP method
 * @path: the path under the API base (`/2/tweets`, with any query), or an
 *   absolute `http(s)://` address
 * @content_type: (nullable): the body's content type
 * @body: (nullable): the body, sent again as it is on a retry
 * @flags: how the request may be retried
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's thread-default context when done
 * @user_data: data for @callback
 *
 * Sends one request to X with the account's bearer token, refreshing the
 * token once on a 401 and retrying as @flags allow. Finish with
 * tern_client_send_finish().
 */
void
tern_client_send_async (TernClient          *self,
                        const char          *method,
                        const char          *path,
                        const char          *content_type,
                        GBytes              *body,
                        TernClientFlags      flags,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  tern_client_send_full_async (self, method, path, content_type, body, flags, NULL, NULL,
                               cancellable, callback, user_data);
}

/**
 * tern_client_send_full_async:
 * @self: a client
 * @method: the HTTP method
 * @path: as for tern_client_send_async()
 * @content_type: (nullable): the body's content type
 * @body: (nullable): the body
 * @flags: how the request may be retried
 * @body_sent: (nullable) (scope call): told when each attempt's body is out
 * @body_sent_data: data for @body_sent
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * As tern_client_send_async(), and tells @body_sent when the body has left,
 * so an upload can put the next body on the wire while this one waits for
 * its answer.
 */
void
tern_client_send_full_async (TernClient             *self,
                             const char             *method,
                             const char             *path,
                             const char             *content_type,
                             GBytes                 *body,
                             TernClientFlags         flags,
                             TernClientBodySentFunc  body_sent,
                             gpointer                body_sent_data,
                             GCancellable           *cancellable,
                             GAsyncReadyCallback     callback,
                             gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (TERN_IS_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_client_send_async);

  request = g_new0 (Request, 1);
  request->body_sent = body_sent;
  request->body_sent_data = body_sent_data;
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->content_type = g_strdup (content_type);
  request->body = body ? g_bytes_ref (body) : NULL;
  request->flags = flags;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  request_start (task);
}

/**
 * tern_client_send_stream_async:
 * @self: a client
 * @method: the HTTP method
 * @path: the path under the API base, or a whole URL
 * @content_type: the body's content type
 * @content_length: how many bytes each stream from @body_stream gives
 * @body_stream: gives the body, once for each attempt
 * @body_stream_data: data for @body_stream; must live until @callback
 * @flags: the request's flags
 * @body_sent: (nullable): called as with tern_client_send_full_async()
 * @body_sent_data: data for @body_sent
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * As tern_client_send_full_async(), with a body read as it is sent rather
 * than held in memory: a large upload segment is never wholly in memory.
 * Finish with tern_client_send_finish().
 */
void
tern_client_send_stream_async (TernClient               *self,
                               const char               *method,
                               const char               *path,
                               const char               *content_type,
                               goffset                   content_length,
                               TernClientBodyStreamFunc  body_stream,
                               gpointer                  body_stream_data,
                               TernClientFlags           flags,
                               TernClientBodySentFunc    body_sent,
                               gpointer                  body_sent_data,
                               GCancellable             *cancellable,
                               GAsyncReadyCallback       callback,
                               gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (TERN_IS_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (body_stream != NULL);
  g_return_if_fail (content_length >= 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_client_send_async);

  request = g_new0 (Request, 1);
  request->body_sent = body_sent;
  request->body_sent_data = body_sent_data;
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->content_type = g_strdup (content_type);
  request->body_stream = body_stream;
  request->body_stream_data = body_stream_data;
  request->body_length = content_length;
  request->flags = flags;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  request_start (task);
}

/**
 * tern_client_send_finish:
 * @self: a client
 * @result: the result
 * @error: return location for a #TERN_CLIENT_ERROR, a token source's error,
 *   or %G_IO_ERROR_CANCELLED
 *
 * Finishes any of the client's requests.
 *
 * Returns: (transfer full) (nullable): as tern_client_parse_response()
 */
JsonNode *
tern_client_send_finish (TernClient    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (TERN_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tern_client_get_json_async (TernClient          *self,
                            const char          *path,
                            TernClientFlags      flags,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  tern_client_send_async (self, "GET", path, NULL, NULL, flags, cancellable, callback, user_data);
}

void
tern_client_post_json_async (TernClient          *self,
                             const char          *path,
                             JsonNode            *body,
                             TernClientFlags      flags,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;
  char *json;

  g_return_if_fail (body != NULL);

  json = json_to_string (body, FALSE);
  bytes = g_bytes_new_take (json, strlen (json));
  tern_client_send_async (self, "POST", path, "application/json", bytes, flags,
                          cancellable, callback, user_data);
}

void
tern_client_post_form_async (TernClient          *self,
                             const char          *path,
                             GHashTable          *form,
                             TernClientFlags      flags,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;
  char *encoded;

  g_return_if_fail (form != NULL);

  encoded = soup_form_encode_hash (form);
  bytes = g_bytes_new_take (encoded, strlen (encoded));
  tern_client_send_async (self, "POST", path, "application/x-www-form-urlencoded", bytes,
                          flags, cancellable, callback, user_data);
}

void
tern_client_post_multipart_async (TernClient          *self,
                                  const char          *path,
                                  SoupMultipart       *multipart,
                                  TernClientFlags      flags,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (multipart != NULL);

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_multipart_to_message (multipart, headers, &bytes);
  tern_client_send_async (self, "POST", path,
                          soup_message_headers_get_one (headers, "Content-Type"),
                          bytes, flags, cancellable, callback, user_data);
}
