/* tern-sim.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-sim"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/socket.h>

#include "tern-sim.h"
#include "tern-sim-private.h"

typedef struct
{
  char    *kind;
  guint    n;
  GTask   *task;
  gulong   cancel_id;
} SimWaiter;

typedef void (*SimHandler) (SimRequest *req);

typedef struct
{
  const char *method;
  const char *pattern;     /* '*' matches one path segment */
  const char *kind;
  const char *scopes;      /* NULL: no bearer token needed */
  SimHandler  handler;
} SimRoute;

static void sim_handle_sim_path (SimRequest *req);

/* Scopes per endpoint, as X documents them. */
static const SimRoute routes[] = {
  { "GET",  "/i/oauth2/authorize", TERN_SIM_KIND_AUTHORIZE, NULL, tern_sim_handle_authorize },
  { "POST", "/i/oauth2/authorize", TERN_SIM_KIND_AUTHORIZE_DECISION, NULL, tern_sim_handle_authorize_decision },
  { "POST", "/2/oauth2/token", TERN_SIM_KIND_TOKEN, NULL, tern_sim_handle_token },
  { "POST", "/2/oauth2/revoke", TERN_SIM_KIND_REVOKE, NULL, tern_sim_handle_revoke },
  { "GET",  "/2/users/me", TERN_SIM_KIND_USERS_ME, "tweet.read users.read", tern_sim_handle_users_me },
  { "GET",  "/2/users/*/tweets", TERN_SIM_KIND_USERS_TWEETS, "tweet.read users.read", tern_sim_handle_users_tweets },
  { "POST", "/2/tweets", TERN_SIM_KIND_TWEETS_CREATE, "tweet.read tweet.write users.read", tern_sim_handle_tweets_create },
  { "POST", "/2/media/upload", TERN_SIM_KIND_MEDIA_UPLOAD, "media.write", tern_sim_handle_media_upload },
  { "GET",  "/2/media/upload", TERN_SIM_KIND_MEDIA_STATUS, "media.write", tern_sim_handle_media_status },
  { "POST", "/2/media/upload/initialize", TERN_SIM_KIND_MEDIA_INITIALIZE, "media.write", tern_sim_handle_media_initialize },
  { "POST", "/2/media/upload/*/append", TERN_SIM_KIND_MEDIA_APPEND, "media.write", tern_sim_handle_media_append },
  { "POST", "/2/media/upload/*/finalize", TERN_SIM_KIND_MEDIA_FINALIZE, "media.write", tern_sim_handle_media_finalize },
  { "POST", "/2/media/metadata", TERN_SIM_KIND_MEDIA_METADATA, "media.write", tern_sim_handle_media_metadata },
  { "POST", "/2/media/subtitles", TERN_SIM_KIND_MEDIA_SUBTITLES, "media.write", tern_sim_handle_media_subtitles },
  { "DELETE", "/2/media/subtitles", TERN_SIM_KIND_MEDIA_SUBTITLES_DELETE, "media.write", tern_sim_handle_media_subtitles_delete },
  { "GET",  "/2/tweets/*", TERN_SIM_KIND_TWEETS_LOOKUP, "tweet.read users.read", tern_sim_handle_tweets_lookup },
  { "DELETE", "/2/tweets/*", TERN_SIM_KIND_TWEETS_DELETE, "tweet.read tweet.write users.read", tern_sim_handle_tweets_delete },
  /* the sandbox's page of a post: what "View" opens, no token needed */
  { "GET",  "/*/status/*", TERN_SIM_KIND_POST_PAGE, NULL, tern_sim_handle_post_page },
};

/* Per user per 15 minutes (XAPI.md). */
static const struct { const char *kind; guint limit; } default_rate_limits[] = {
  { TERN_SIM_KIND_TWEETS_CREATE, 100 },
  { TERN_SIM_KIND_USERS_ME, 75 },
  { TERN_SIM_KIND_USERS_TWEETS, 900 },
  { TERN_SIM_KIND_MEDIA_UPLOAD, 500 },
  { TERN_SIM_KIND_MEDIA_STATUS, 1000 },
  { TERN_SIM_KIND_MEDIA_INITIALIZE, 1875 },
  { TERN_SIM_KIND_MEDIA_APPEND, 1875 },
  { TERN_SIM_KIND_MEDIA_FINALIZE, 1875 },
  { TERN_SIM_KIND_MEDIA_METADATA, 500 },
  { TERN_SIM_KIND_MEDIA_SUBTITLES, 500 },
  { TERN_SIM_KIND_MEDIA_SUBTITLES_DELETE, 500 },
  { TERN_SIM_KIND_TWEETS_LOOKUP, 900 },
  { TERN_SIM_KIND_TWEETS_DELETE, 50 },
};

#define SIM_POST_24H_LIMIT 2400

G_DEFINE_QUARK (tern-sim-error-quark, tern_sim_error)
G_DEFINE_BOXED_TYPE (TernSimRequest, tern_sim_request, tern_sim_request_copy, tern_sim_request_free)
G_DEFINE_BOXED_TYPE (TernSimPost, tern_sim_post, tern_sim_post_copy, tern_sim_post_free)
G_DEFINE_FINAL_TYPE (TernSim, tern_sim, G_TYPE_OBJECT)

/* Boxed types */

TernSimRequest *
tern_sim_request_copy (const TernSimRequest *request)
{
  TernSimRequest *copy = g_new0 (TernSimRequest, 1);

  *copy = *request;
  copy->method = g_strdup (request->method);
  copy->path = g_strdup (request->path);
  copy->kind = g_strdup (request->kind);
  copy->media_id = g_strdup (request->media_id);
  copy->fault = g_strdup (request->fault);
  return copy;
}

void
tern_sim_request_free (TernSimRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->method);
  g_free (request->path);
  g_free (request->kind);
  g_free (request->media_id);
  g_free (request->fault);
  g_free (request);
}

TernSimPost *
tern_sim_post_copy (const TernSimPost *post)
{
  TernSimPost *copy = g_new0 (TernSimPost, 1);

  copy->id = g_strdup (post->id);
  copy->author_id = g_strdup (post->author_id);
  copy->text = g_strdup (post->text);
  copy->in_reply_to_id = g_strdup (post->in_reply_to_id);
  copy->quote_id = g_strdup (post->quote_id);
  copy->media_ids = g_strdupv (post->media_ids);
  copy->created_at = post->created_at;
  copy->reply_settings = g_strdup (post->reply_settings);
  copy->poll_options = g_strdupv (post->poll_options);
  copy->poll_duration_minutes = post->poll_duration_minutes;
  return copy;
}

void
tern_sim_post_free (TernSimPost *post)
{
  if (post == NULL)
    return;
  g_free (post->id);
  g_free (post->author_id);
  g_free (post->text);
  g_free (post->in_reply_to_id);
  g_free (post->quote_id);
  g_strfreev (post->media_ids);
  g_free (post->reply_settings);
  g_strfreev (post->poll_options);
  g_free (post);
}

/* Small helpers */

static void
sim_client_free (SimClient *client)
{
  g_free (client->client_id);
  g_free (client->client_secret);
  g_strfreev (client->redirect_uris);
  g_free (client);
}

static void
sim_user_free (SimUser *user)
{
  g_free (user->id);
  g_free (user->username);
  g_free (user->name);
  g_free (user->profile_image_url);
  g_free (user);
}

static SimUser *
sim_user_new (const char *id,
              const char *username,
              const char *name,
              const char *image)
{
  SimUser *user = g_new0 (SimUser, 1);

  user->id = g_strdup (id);
  user->username = g_strdup (username);
  user->name = g_strdup (name);
  user->profile_image_url = g_strdup (image);
  return user;
}

static void
sim_auth_code_free (SimAuthCode *code)
{
  g_free (code->client_id);
  g_free (code->redirect_uri);
  g_free (code->code_challenge);
  g_free (code->scope);
  g_free (code->user_id);
  g_free (code);
}

static void
sim_consent_free (SimPendingConsent *consent)
{
  g_free (consent->client_id);
  g_free (consent->redirect_uri);
  g_free (consent->state);
  g_free (consent->code_challenge);
  g_free (consent->scope);
  g_free (consent);
}

static void
sim_access_token_free (SimAccessToken *token)
{
  sim_grant_unref (token->grant);
  g_free (token);
}

static void
sim_refresh_token_free (SimRefreshToken *token)
{
  sim_grant_unref (token->grant);
  g_free (token);
}

static void
sim_waiter_free (SimWaiter *waiter)
{
  g_free (waiter->kind);
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static void
sim_request_free (SimRequest *req)
{
  if (req->plan != NULL)
    {
      g_mutex_lock (&req->sim->lock);
      tern_sim_fault_plan_free (req->plan);
      g_mutex_unlock (&req->sim->lock);
    }
  if (req->msg != NULL)
    g_signal_handlers_disconnect_by_data (req->msg, req);
  g_clear_object (&req->msg);
  g_free (req->path);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_strfreev (req->parts);
  g_free (req->media_id);
  g_string_free (req->faults, TRUE);
  g_free (req->user_id);
  g_free (req->scope);
  g_free (req);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

gint64
tern_sim_now (TernSim *sim)
{
  return g_get_real_time () / G_USEC_PER_SEC + sim->clock_offset;
}

gint64
tern_sim_now_us (TernSim *sim)
{
  return g_get_real_time () + sim->clock_offset * G_USEC_PER_SEC;
}

char *
tern_sim_random_token (TernSim *sim,
                       gsize    n_bytes)
{
  g_autofree guchar *bytes = g_malloc (n_bytes);
  char *text;

  for (gsize i = 0; i < n_bytes; i++)
    bytes[i] = g_rand_int_range (sim->rand, 0, 256);
  text = g_base64_encode (bytes, n_bytes);
  /* base64url without padding, like X's tokens */
  for (char *p = text; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  return text;
}

SimUser *
tern_sim_find_user (TernSim    *sim,
                    const char *id)
{
  for (guint i = 0; i < sim->users->len; i++)
    {
      SimUser *user = g_ptr_array_index (sim->users, i);

      if (g_strcmp0 (user->id, id) == 0 || g_strcmp0 (user->username, id) == 0)
        return user;
    }
  return NULL;
}

/* Answers */

static void
set_body (SimRequest  *req,
          const char  *content_type,
          const char  *data,
          gsize        len)
{
  /* set_response() appends to a body already set: replace it instead */
  soup_message_body_truncate (soup_server_message_get_response_body (req->msg));
  soup_server_message_set_response (req->msg, content_type, SOUP_MEMORY_COPY,
                                    data, len);
}

void
tern_sim_respond_json (SimRequest *req,
                       guint       status,
                       JsonNode   *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  soup_server_message_set_status (req->msg, status, NULL);
  set_body (req, "application/json; charset=utf-8", text, strlen (text));
}

void
tern_sim_respond_data (SimRequest *req,
                       guint       status,
                       JsonObject *data)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_object_member (root, "data", json_object_ref (data));
  json_node_set_object (node, root);
  tern_sim_respond_json (req, status, node);
}

static JsonNode *
problem_node (guint              status,
              const char        *detail,
              const char        *parameter,
              const char *const *values)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  const char *title;
  const char *type = "about:blank";

  switch (status)
    {
    case 400:
      title = "Invalid Request";
      type = "https://api.x.com/2/problems/invalid-request";
      break;
    case 401:
      title = "Unauthorized";
      break;
    case 403:
      title = "Forbidden";
      break;
    case 404:
      title = "Not Found Error";
      type = "https://api.x.com/2/problems/resource-not-found";
      break;
    case 413:
      title = "Payload Too Large";
      break;
    case 429:
      title = "Too Many Requests";
      break;
    case 503:
      title = "Service Unavailable";
      break;
    default:
      title = status >= 500 ? "Internal Server Error" : "Error";
      break;
    }

  if (status == 400 && detail != NULL)
    {
      JsonArray *errors = json_array_new ();
      JsonObject *error = json_object_new ();
      JsonObject *parameters = json_object_new ();

      if (parameter != NULL)
        {
          JsonArray *array = json_array_new ();

          for (guint i = 0; values != NULL && values[i] != NULL; i++)
            json_array_add_string_element (array, values[i]);
          json_object_set_array_member (parameters, parameter, array);
        }
      json_object_set_object_member (error, "parameters", parameters);
      json_object_set_string_member (error, "message", detail);
      json_array_add_object_element (errors, error);
      json_object_set_array_member (root, "errors", errors);
      detail = "One or more parameters to your request was invalid.";
    }

  json_object_set_string_member (root, "title", title);
  json_object_set_string_member (root, "detail", detail ? detail : title);
  json_object_set_string_member (root, "type", type);
  json_object_set_int_member (root, "status", status);
  json_node_set_object (node, root);
  return node;
}

/**
 * tern_sim_respond_problem:
 * @detail: (nullable): for 400, the message of the one entry in `errors`
 *   (the detail is then X's fixed sentence); otherwise the detail
 *
 * X's v2 problem body.
 */
void
tern_sim_respond_problem (SimRequest *req,
                          guint       status,
                          const char *detail,
                          const char *parameter,
                          const char *value)
{
  const char *values[] = { value ? value : "", NULL };
  g_autoptr(JsonNode) node = problem_node (status, detail, parameter, values);

  tern_sim_respond_json (req, status, node);
}

/* The same, naming several values of one parameter, as X does for
 * media.media_ids. */
void
tern_sim_respond_problem_values (SimRequest        *req,
                                 guint              status,
                                 const char        *detail,
                                 const char        *parameter,
                                 const char *const *values)
{
  g_autoptr(JsonNode) node = problem_node (status, detail, parameter, values);

  tern_sim_respond_json (req, status, node);
}

void
tern_sim_respond_oauth_error (SimRequest *req,
                              guint       status,
                              const char *error,
                              const char *description)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (root, "error", error);
  json_object_set_string_member (root, "error_description", description);
  json_node_set_object (node, root);
  tern_sim_respond_json (req, status, node);
}

static JsonNode *
legacy_node (int         code,
             const char *message)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonArray *errors = json_array_new ();
  JsonObject *error = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  json_array_add_object_element (errors, error);
  json_object_set_array_member (root, "errors", errors);
  json_node_set_object (node, root);
  return node;
}

void
tern_sim_respond_legacy_error (SimRequest *req,
                               guint       status,
                               int         code,
                               const char *message)
{
  g_autoptr(JsonNode) node = legacy_node (code, message);

  tern_sim_respond_json (req, status, node);
}

void
tern_sim_respond_text (SimRequest *req,
                       guint       status,
                       const char *content_type,
                       const char *text)
{
  soup_server_message_set_status (req->msg, status, NULL);
  set_body (req, content_type, text, text ? strlen (text) : 0);
}

static GBytes *
request_body (SimRequest *req)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);

  return soup_message_body_flatten (body);
}

JsonNode *
tern_sim_parse_json_body (SimRequest *req)
{
  g_autoptr(GBytes) bytes = request_body (req);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (len == 0 || !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

GHashTable *
tern_sim_parse_form_body (SimRequest *req)
{
  g_autoptr(GBytes) bytes = request_body (req);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return soup_form_decode (text);
}

/* json-glib 1.6 has no _with_default getters for these */
JsonObject *
tern_sim_json_object_member (JsonObject *object,
                             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
tern_sim_json_array_member (JsonObject *object,
                            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* Authentication, scopes and rate limits */

SimAccessToken *
tern_sim_lookup_access_token (TernSim    *sim,
                              const char *token)
{
  SimAccessToken *access = g_hash_table_lookup (sim->access_tokens, token);

  if (access == NULL || access->revoked || access->grant->revoked ||
      access->expires_at <= tern_sim_now (sim))
    return NULL;
  return access;
}

static gboolean
scope_has (const char *scope,
           const char *wanted)
{
  g_auto(GStrv) have = g_strsplit (scope ? scope : "", " ", -1);

  return g_strv_contains ((const char * const *) have, wanted);
}

gboolean
tern_sim_authenticate (SimRequest *req,
                       const char *scopes)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  SimAccessToken *access = NULL;
  g_auto(GStrv) wanted = NULL;

  if (auth != NULL && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    access = tern_sim_lookup_access_token (req->sim, auth + 7);

  if (access == NULL)
    {
      tern_sim_respond_problem (req, 401, "Unauthorized", NULL, NULL);
      return FALSE;
    }

  wanted = g_strsplit (scopes, " ", -1);
  for (guint i = 0; wanted[i]; i++)
    {
      if (!scope_has (access->grant->scope, wanted[i]))
        {
          tern_sim_respond_problem (req, 403, "Forbidden", NULL, NULL);
          return FALSE;
        }
    }

  g_free (req->user_id);
  req->user_id = g_strdup (access->grant->user_id);
  g_free (req->scope);
  req->scope = g_strdup (access->grant->scope);
  return TRUE;
}

static gboolean
rate_window_take (TernSim    *sim,
                  const char *key,
                  guint       limit,
                  gint64      window,
                  guint      *remaining,
                  gint64     *reset)
{
  SimRateWindow *state = g_hash_table_lookup (sim->rate_state, key);
  gint64 now = tern_sim_now (sim);
  gboolean ok;

  if (state == NULL)
    {
      state = g_new0 (SimRateWindow, 1);
      state->window_start = now;
      g_hash_table_insert (sim->rate_state, g_strdup (key), state);
    }
  if (now >= state->window_start + window)
    {
      state->window_start = now;
      state->used = 0;
    }

  ok = state->used < limit;
  if (ok)
    state->used++;
  *remaining = limit - state->used;
  *reset = state->window_start + window;
  return ok;
}

static void
set_number_header (SoupMessageHeaders *headers,
                   const char         *name,
                   gint64              value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  soup_message_headers_replace (headers, name, text);
}

gboolean
tern_sim_check_rate_limit (SimRequest *req)
{
  TernSim *sim = req->sim;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  gpointer value;
  g_autofree char *key = NULL;
  guint limit, remaining;
  gint64 reset;
  gboolean ok;

  if (!g_hash_table_lookup_extended (sim->rate_limits, req->kind, NULL, &value))
    return TRUE;
  limit = GPOINTER_TO_UINT (value);

  key = g_strdup_printf ("%s\n%s", req->user_id ? req->user_id : "", req->kind);
  ok = rate_window_take (sim, key, limit, sim->rate_window, &remaining, &reset);
  set_number_header (headers, "x-rate-limit-limit", limit);
  set_number_header (headers, "x-rate-limit-remaining", remaining);
  set_number_header (headers, "x-rate-limit-reset", reset);

  if (ok && g_str_equal (req->kind, TERN_SIM_KIND_TWEETS_CREATE))
    {
      /* X's daily posting caps: one per user, one for the whole app. A
       * post counts against both only when both have room. */
      g_autofree char *day_key = g_strdup_printf ("%s\nday", req->user_id);
      guint user_remaining, app_remaining;
      gint64 user_reset, app_reset;
      gboolean user_ok, app_ok;

      user_ok = rate_window_take (sim, day_key, sim->user_day_limit, 86400,
                                  &user_remaining, &user_reset);
      app_ok = rate_window_take (sim, "\napp-day", sim->app_day_limit, 86400,
                                 &app_remaining, &app_reset);
      if (user_ok && !app_ok)
        {
          SimRateWindow *state = g_hash_table_lookup (sim->rate_state, day_key);

          state->used--;
          user_remaining++;
        }
      else if (app_ok && !user_ok)
        {
          SimRateWindow *state = g_hash_table_lookup (sim->rate_state, "\napp-day");

          state->used--;
          app_remaining++;
        }
      ok = user_ok && app_ok;
      set_number_header (headers, "x-user-limit-24hour-limit", sim->user_day_limit);
      set_number_header (headers, "x-user-limit-24hour-remaining", user_remaining);
      set_number_header (headers, "x-user-limit-24hour-reset", user_reset);
      set_number_header (headers, "x-app-limit-24hour-limit", sim->app_day_limit);
      set_number_header (headers, "x-app-limit-24hour-remaining", app_remaining);
      set_number_header (headers, "x-app-limit-24hour-reset", app_reset);
    }

  if (!ok)
    {
      req->rate_limited = TRUE;
      tern_sim_respond_problem (req, 429, "Too Many Requests", NULL, NULL);
    }
  return ok;
}

/* The request log and waiting on it */

static guint
count_requests_locked (TernSim    *sim,
                       const char *kind)
{
  guint n = 0;

  for (guint i = 0; i < sim->log->len; i++)
    {
      TernSimRequest *entry = g_ptr_array_index (sim->log, i);

      if (kind == NULL || g_str_equal (entry->kind, kind))
        n++;
    }
  return n;
}

static GList *
take_satisfied_waiters_locked (TernSim *sim)
{
  GList *done = NULL;

  for (GList *l = sim->waiters; l != NULL;)
    {
      SimWaiter *waiter = l->data;
      GList *next = l->next;

      if (count_requests_locked (sim, waiter->kind) >= waiter->n)
        {
          sim->waiters = g_list_delete_link (sim->waiters, l);
          done = g_list_prepend (done, waiter);
        }
      l = next;
    }
  return done;
}

static void
finish_waiters (GList *done)
{
  for (GList *l = done; l != NULL; l = l->next)
    {
      SimWaiter *waiter = l->data;
      GCancellable *cancellable = g_task_get_cancellable (waiter->task);

      if (waiter->cancel_id != 0)
        g_cancellable_disconnect (cancellable, waiter->cancel_id);
      waiter->cancel_id = 0;
      g_task_return_boolean (waiter->task, TRUE);
      sim_waiter_free (waiter);
    }
  g_list_free (done);
}

static void
log_request_locked (SimRequest *req,
                    guint       status)
{
  TernSim *sim = req->sim;
  TernSimRequest *entry = g_new0 (TernSimRequest, 1);
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);

  entry->method = g_strdup (soup_server_message_get_method (req->msg));
  entry->path = g_strdup (req->path);
  entry->kind = g_strdup (req->kind);
  entry->status = status;
  entry->received_us = req->received_us;
  entry->duration_us = g_get_real_time () - req->received_us;
  entry->body_bytes = body ? (gsize) body->length : 0;
  entry->segment_index = req->segment_index;
  entry->media_id = g_strdup (req->media_id);
  entry->fault = req->faults->len > 0 ? g_strdup (req->faults->str) : NULL;
  entry->early_poll = req->early_poll;
  g_ptr_array_add (sim->log, entry);
  g_cond_broadcast (&sim->cond);

  g_debug ("%s %s -> %u (%s, %" G_GINT64_FORMAT " ms)%s%s", entry->method, entry->path, status,
           entry->kind, entry->duration_us / 1000,
           entry->fault ? " fault: " : "", entry->fault ? entry->fault : "");
}

void
tern_sim_note_fault (SimRequest *req,
                     const char *name)
{
  if (req->faults->len > 0)
    g_string_append_c (req->faults, ',');
  g_string_append (req->faults, name);
}

/* Faults applied to the answer */

static void
apply_status_fault (SimRequest *req,
                    SimFault   *fault)
{
  TernSim *sim = req->sim;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  const char *body = fault->body;
  guint status = fault->status;

  if (fault->reset_after_secs >= 0 || status == 429)
    {
      g_autofree char *reset = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                tern_sim_now (sim) +
                                                MAX (fault->reset_after_secs, 0));
      gpointer limit;

      if (g_hash_table_lookup_extended (sim->rate_limits, req->kind, NULL, &limit))
        {
          g_autofree char *text = g_strdup_printf ("%u", GPOINTER_TO_UINT (limit));

          soup_message_headers_replace (headers, "x-rate-limit-limit", text);
        }
      soup_message_headers_replace (headers, "x-rate-limit-remaining", "0");
      soup_message_headers_replace (headers, "x-rate-limit-reset", reset);
    }

  if (fault->json != NULL)
    {
      tern_sim_respond_json (req, status, fault->json);
      return;
    }

  if (body == NULL)
    body = (status == 413 || status == 431) ? "empty" : "problem";

  if (g_str_equal (body, "problem"))
    tern_sim_respond_problem (req, status, NULL, NULL, NULL);
  else if (g_str_equal (body, "legacy"))
    tern_sim_respond_legacy_error (req, status, status == 429 ? 88 : 131,
                                   status == 429 ? "Rate limit exceeded" : "Internal error");
  else if (g_str_equal (body, "oauth"))
    tern_sim_respond_oauth_error (req, status, "invalid_request",
                                  "Value passed for the token was invalid.");
  else if (g_str_equal (body, "html"))
    tern_sim_respond_text (req, status, "text/html; charset=utf-8",
                           "<!DOCTYPE html><html><head><title>Error</title></head>"
                           "<body><h1>Something went wrong</h1></body></html>");
  else if (g_str_equal (body, "malformed"))
    tern_sim_respond_text (req, status, "application/json", "{\"data\": {\"id\": ");
  else
    tern_sim_respond_text (req, status, "application/json", "");
}

static void
apply_corrupt_fault (SimRequest *req,
                     SimFault   *fault)
{
  const char *body = fault->body ? fault->body : "malformed";
  guint status = soup_server_message_get_status (req->msg);

  if (g_str_equal (body, "empty"))
    tern_sim_respond_text (req, status, "application/json", "");
  else if (g_str_equal (body, "html"))
    tern_sim_respond_text (req, status, "text/html; charset=utf-8",
                           "<!DOCTYPE html><html><body>Bad gateway</body></html>");
  else if (g_str_equal (body, "bare"))
    {
      /* the shape some tutorials show: the object without its envelope */
      SoupMessageBody *response = soup_server_message_get_response_body (req->msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (response);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root, *data;

      if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
        return;
      root = json_parser_get_root (parser);
      if (!JSON_NODE_HOLDS_OBJECT (root))
        return;
      data = json_object_get_member (json_node_get_object (root), "data");
      if (data != NULL)
        tern_sim_respond_json (req, status, data);
    }
  else
    {
      /* the real answer cut in half */
      SoupMessageBody *response = soup_server_message_get_response_body (req->msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (response);
      gsize len = g_bytes_get_size (bytes);
      g_autofree char *half = g_strndup (g_bytes_get_data (bytes, NULL), len / 2);

      if (len < 4)
        tern_sim_respond_text (req, status, "application/json", "{\"data\": ");
      else
        tern_sim_respond_text (req, status, "application/json", half);
    }
}

/* Dispatch */

static gboolean
path_matches (const char *pattern,
              char      **parts)
{
  g_auto(GStrv) want = g_strsplit (pattern, "/", -1);
  guint i;

  for (i = 0; want[i] != NULL && parts[i] != NULL; i++)
    {
      if (g_str_equal (want[i], "*"))
        {
          if (parts[i][0] == '\0')
            return FALSE;
          continue;
        }
      if (!g_str_equal (want[i], parts[i]))
        return FALSE;
    }
  return want[i] == NULL && parts[i] == NULL;
}

static const SimRoute *
find_route (const char  *method,
            char       **parts)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (g_str_equal (routes[i].method, method) && path_matches (routes[i].pattern, parts))
        return &routes[i];
    }
  return NULL;
}

static void
run_endpoint (SimRequest     *req,
              const SimRoute *route)
{
  if (route == NULL)
    {
      if (g_str_equal (req->kind, TERN_SIM_KIND_SIM))
        sim_handle_sim_path (req);
      else
        tern_sim_respond_legacy_error (req, 404, 34, "Sorry, that page does not exist");
      return;
    }

  if (route->scopes != NULL)
    {
      if (!tern_sim_authenticate (req, route->scopes))
        return;
      if (!tern_sim_check_rate_limit (req))
        {
          tern_sim_note_fault (req, "rate_limit");
          return;
        }
    }
  route->handler (req);
}

static void
expire_all_tokens_locked (TernSim *sim)
{
  GHashTableIter iter;
  gpointer value;
  gint64 now = tern_sim_now (sim);

  g_hash_table_iter_init (&iter, sim->access_tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SimAccessToken *token = value;

      if (token->expires_at > now)
        token->expires_at = now;
    }
}

/* Sends the answer the endpoint (or a fault) set, or resets the
 * connection, and logs it. Called with the lock held; releases it. */
static void
answer_request_unlock (SimRequest *req,
                       gboolean    reset)
{
  TernSim *sim = req->sim;
  GList *done;

  log_request_locked (req, reset ? 0 : soup_server_message_get_status (req->msg));
  done = take_satisfied_waiters_locked (sim);
  g_mutex_unlock (&sim->lock);

  if (req->gone)
    req->paused = FALSE;
  else if (reset)
    {
      g_autoptr(GIOStream) stream = NULL;

      stream = soup_server_message_steal_connection (req->msg);
      req->paused = FALSE;
      if (stream != NULL)
        {
          /* a real reset (RST), not a polite close */
          if (G_IS_SOCKET_CONNECTION (stream))
            {
              GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
              struct linger linger = { 1, 0 };

              setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
            }
          g_io_stream_close (stream, NULL, NULL);
        }
    }
  else if (req->paused)
    {
      soup_server_message_unpause (req->msg);
      req->paused = FALSE;
    }

  finish_waiters (done);
}

/* The faults that change an answer the endpoint gave, then the answer.
 * Called with the lock held; releases it. */
static void
answer_endpoint_unlock (SimRequest *req)
{
  gboolean reset = FALSE;

  if (req->terminal != NULL)
    {
      if (req->terminal->action == SIM_FAULT_RESET)
        reset = TRUE;
      else
        apply_status_fault (req, req->terminal);
    }
  if (req->corrupt != NULL)
    apply_corrupt_fault (req, req->corrupt);
  answer_request_unlock (req, reset);
}

/* Runs the request for real, after any injected latency. Unless the
 * endpoint deferred part of its work (req->deferred), the request is
 * answered when this returns and the caller frees it. */
static void
complete_request (SimRequest *req)
{
  TernSim *sim = req->sim;
  const SimRoute *route;

  g_mutex_lock (&sim->lock);

  route = find_route (soup_server_message_get_method (req->msg), req->parts);

  if (req->expire_tokens)
    expire_all_tokens_locked (sim);

  if (req->terminal != NULL && !req->terminal->after)
    {
      gboolean reset = req->terminal->action == SIM_FAULT_RESET;

      if (!reset)
        apply_status_fault (req, req->terminal);
      answer_request_unlock (req, reset);
      return;
    }

  run_endpoint (req, route);
  if (req->deferred)
    {
      /* answered when the store worker is done with it */
      if (!req->paused)
        {
          soup_server_message_pause (req->msg);
          req->paused = TRUE;
        }
      g_mutex_unlock (&sim->lock);
      return;
    }
  answer_endpoint_unlock (req);
}

/* Frees @req unless the store worker still has it. */
static void
release_request (SimRequest *req)
{
  if (!req->deferred)
    sim_request_free (req);
}

typedef struct
{
  SimRequest      *req;
  SimDeferredFunc  work;
  SimDeferredFunc  answer;
  gpointer         data;
  GDestroyNotify   free_data;
  GSource         *source;
} SimDeferred;

static void
sim_deferred_free (SimDeferred *job)
{
  if (job->free_data != NULL)
    job->free_data (job->data);
  job->req->deferred = FALSE;
  sim_request_free (job->req);
  g_free (job);
}

static gboolean
deferred_answer_cb (gpointer user_data)
{
  SimDeferred *job = user_data;
  TernSim *sim = job->req->sim;

  g_mutex_lock (&sim->lock);
  if (g_ptr_array_remove_fast (sim->answering, job->source))
    g_source_unref (job->source);
  job->answer (job->req, job->data);
  answer_endpoint_unlock (job->req);
  return G_SOURCE_REMOVE;
}

/* On the store worker. */
static void
store_worker_func (gpointer data,
                   gpointer user_data)
{
  SimDeferred *job = data;
  TernSim *sim = user_data;
  GSource *source;

  job->work (job->req, job->data);

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deferred_answer_cb, job, (GDestroyNotify) sim_deferred_free);
  g_mutex_lock (&sim->lock);
  job->source = source;
  /* tern_sim_stop() destroys what is left */
  g_ptr_array_add (sim->answering, g_source_ref (source));
  g_source_attach (source, sim->context);
  g_mutex_unlock (&sim->lock);
  g_source_unref (source);
}

/* Called by an endpoint with the lock held: see SimDeferredFunc. */
void
tern_sim_defer (SimRequest      *req,
                SimDeferredFunc  work,
                SimDeferredFunc  answer,
                gpointer         data,
                GDestroyNotify   free_data)
{
  SimDeferred *job = g_new0 (SimDeferred, 1);

  g_assert (req->sim->store != NULL);
  job->req = req;
  job->work = work;
  job->answer = answer;
  job->data = data;
  job->free_data = free_data;
  req->deferred = TRUE;
  g_thread_pool_push (req->sim->store, job, NULL);
}

static gboolean
delayed_request_cb (gpointer user_data)
{
  SimRequest *req = user_data;

  if (g_ptr_array_remove_fast (req->sim->delayed, req->source))
    g_source_unref (req->source);
  complete_request (req);
  return G_SOURCE_REMOVE;
}

static const char *
classify (const char  *method,
          char       **parts,
          const SimRoute **route_out)
{
  const SimRoute *route = find_route (method, parts);

  *route_out = route;
  if (route != NULL)
    return route->kind;
  if (parts[0] != NULL && parts[1] != NULL && g_str_equal (parts[1], "sim"))
    return TERN_SIM_KIND_SIM;
  return TERN_SIM_KIND_UNKNOWN;
}

static void
request_gone_cb (SimRequest *req)
{
  req->gone = TRUE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  TernSim *sim = user_data;
  SimRequest *req = g_new0 (SimRequest, 1);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const SimRoute *route;
  guint latency;

  req->sim = sim;
  req->msg = g_object_ref (msg);
  /* A client that hangs up while its request waits (latency, the store
   * worker) leaves a message libsoup has done with: not to be answered. */
  g_signal_connect_swapped (msg, "disconnected", G_CALLBACK (request_gone_cb), req);
  g_signal_connect_swapped (msg, "finished", G_CALLBACK (request_gone_cb), req);
  req->path = g_strdup (path);
  req->query = query ? g_hash_table_ref (query) : NULL;
  req->parts = g_strsplit (path, "/", -1);
  req->received_us = g_get_real_time ();
  req->segment_index = -1;
  req->faults = g_string_new (NULL);
  req->kind = classify (soup_server_message_get_method (msg), req->parts, &route);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "server", "tern-xsim");

  /* known before any fault decides the answer, so the log always has it */
  if (g_str_equal (req->kind, TERN_SIM_KIND_MEDIA_APPEND) ||
      g_str_equal (req->kind, TERN_SIM_KIND_MEDIA_FINALIZE))
    req->media_id = g_strdup (req->parts[4]);
  else if (g_str_equal (req->kind, TERN_SIM_KIND_MEDIA_STATUS) && query != NULL)
    req->media_id = g_strdup (g_hash_table_lookup (query, "media_id"));

  g_mutex_lock (&sim->lock);
  if (g_str_equal (req->kind, TERN_SIM_KIND_MEDIA_STATUS))
    tern_sim_media_classify_poll (sim, req);
  /* the helper paths and the sandbox's post pages are not X's API */
  if (sim->plan != NULL && !g_str_equal (req->kind, TERN_SIM_KIND_SIM) &&
      !g_str_equal (req->kind, TERN_SIM_KIND_POST_PAGE))
    tern_sim_fault_plan_match (sim->plan, req, body ? (gsize) body->length : 0);
  latency = req->latency_ms;
  g_mutex_unlock (&sim->lock);

  if (latency == 0)
    {
      complete_request (req);
      release_request (req);
      return;
    }

  {
    GSource *source = g_timeout_source_new (latency);

    soup_server_message_pause (msg);
    req->paused = TRUE;
    req->source = source;
    g_source_set_callback (source, delayed_request_cb, req,
                           (GDestroyNotify) release_request);
    /* kept (and only touched) on the serving thread; tern_sim_stop()
     * destroys what is left */
    g_ptr_array_add (sim->delayed, g_source_ref (source));
    g_source_attach (source, sim->context);
    g_source_unref (source);
  }
}

/* /sim/... helpers for scripts */

static JsonObject *
request_to_json (TernSimRequest *entry)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "method", entry->method);
  json_object_set_string_member (object, "path", entry->path);
  json_object_set_string_member (object, "kind", entry->kind);
  json_object_set_int_member (object, "status", entry->status);
  json_object_set_int_member (object, "received_us", entry->received_us);
  json_object_set_int_member (object, "duration_us", entry->duration_us);
  json_object_set_int_member (object, "body_bytes", entry->body_bytes);
  if (entry->segment_index >= 0)
    json_object_set_int_member (object, "segment_index", entry->segment_index);
  if (entry->media_id)
    json_object_set_string_member (object, "media_id", entry->media_id);
  if (entry->fault)
    json_object_set_string_member (object, "fault", entry->fault);
  if (entry->early_poll)
    json_object_set_boolean_member (object, "early_poll", TRUE);
  return object;
}

static JsonObject *
post_to_json (TernSimPost *post)
{
  JsonObject *object = json_object_new ();
  JsonArray *media = json_array_new ();

  json_object_set_string_member (object, "id", post->id);
  json_object_set_string_member (object, "author_id", post->author_id);
  json_object_set_string_member (object, "text", post->text);
  if (post->in_reply_to_id)
    json_object_set_string_member (object, "in_reply_to_tweet_id", post->in_reply_to_id);
  if (post->quote_id)
    json_object_set_string_member (object, "quote_tweet_id", post->quote_id);
  for (guint i = 0; post->media_ids && post->media_ids[i]; i++)
    json_array_add_string_element (media, post->media_ids[i]);
  json_object_set_array_member (object, "media_ids", media);
  json_object_set_int_member (object, "created_at", post->created_at);
  if (post->reply_settings)
    json_object_set_string_member (object, "reply_settings", post->reply_settings);
  if (post->poll_options)
    {
      JsonObject *poll = json_object_new ();
      JsonArray *options = json_array_new ();

      for (guint i = 0; post->poll_options[i]; i++)
        json_array_add_string_element (options, post->poll_options[i]);
      json_object_set_array_member (poll, "options", options);
      json_object_set_int_member (poll, "duration_minutes", post->poll_duration_minutes);
      json_object_set_object_member (object, "poll", poll);
    }
  return object;
}

static void
respond_object (SimRequest *req,
                guint       status,
                JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  tern_sim_respond_json (req, status, node);
}

static void
sim_handle_sim_path (SimRequest *req)
{
  TernSim *sim = req->sim;
  const char *method = soup_server_message_get_method (req->msg);
  char **parts = req->parts;   /* "", "sim", ... */
  g_autoptr(JsonObject) out = json_object_new ();

  if (g_str_equal (method, "GET") && path_matches ("/sim/media/*", parts))
    {
      SimMedia *media = g_hash_table_lookup (sim->media, parts[3]);

      if (media == NULL)
        {
          tern_sim_respond_problem (req, 404, "No such media id in this simulator.", NULL, NULL);
          return;
        }
      req->media_id = g_strdup (media->id);
      respond_object (req, 200, tern_sim_media_to_json (sim, media));
      return;
    }

  if (g_str_equal (method, "GET") && path_matches ("/sim/avatar/*", parts) &&
      g_str_has_suffix (parts[3], ".png"))
    {
      g_autofree char *id = g_strndup (parts[3], strlen (parts[3]) - 4);
      g_autoptr(GBytes) png = NULL;

      if (tern_sim_find_user (sim, id) == NULL)
        {
          tern_sim_respond_problem (req, 404, "No such user in this simulator.", NULL, NULL);
          return;
        }
      png = tern_sim_avatar_png (id);
      soup_server_message_set_status (req->msg, 200, NULL);
      soup_message_body_truncate (soup_server_message_get_response_body (req->msg));
      soup_server_message_set_response (req->msg, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (png, NULL), g_bytes_get_size (png));
      return;
    }
  if (g_str_equal (method, "GET") && path_matches ("/sim/requests", parts))
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < sim->log->len; i++)
        json_array_add_object_element (array, request_to_json (g_ptr_array_index (sim->log, i)));
      json_object_set_array_member (out, "requests", array);
      respond_object (req, 200, g_steal_pointer (&out));
      return;
    }

  if (g_str_equal (method, "GET") && path_matches ("/sim/posts", parts))
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < sim->posts->len; i++)
        json_array_add_object_element (array, post_to_json (g_ptr_array_index (sim->posts, i)));
      json_object_set_array_member (out, "posts", array);
      respond_object (req, 200, g_steal_pointer (&out));
      return;
    }

  if (g_str_equal (method, "GET") && path_matches ("/sim/stats", parts))
    {
      GHashTableIter iter;
      gpointer value;
      guint live = 0, early = 0;

      g_hash_table_iter_init (&iter, sim->access_tokens);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          SimAccessToken *token = value;

          if (!token->revoked && !token->grant->revoked && token->expires_at > tern_sim_now (sim))
            live++;
        }
      for (guint i = 0; i < sim->log->len; i++)
        early += ((TernSimRequest *) g_ptr_array_index (sim->log, i))->early_poll ? 1 : 0;
      json_object_set_int_member (out, "refresh_count", sim->refresh_count);
      json_object_set_int_member (out, "live_access_tokens", live);
      json_object_set_int_member (out, "early_polls", early);
      json_object_set_int_member (out, "posts", sim->posts->len);
      json_object_set_int_member (out, "now", tern_sim_now (sim));
      respond_object (req, 200, g_steal_pointer (&out));
      return;
    }

  if (g_str_equal (method, "POST") && path_matches ("/sim/clock", parts))
    {
      const char *advance = req->query ? g_hash_table_lookup (req->query, "advance") : NULL;

      if (advance != NULL)
        sim->clock_offset += g_ascii_strtoll (advance, NULL, 10);
      json_object_set_int_member (out, "now", tern_sim_now (sim));
      respond_object (req, 200, g_steal_pointer (&out));
      return;
    }

  if (g_str_equal (method, "POST") && path_matches ("/sim/expire-tokens", parts))
    {
      expire_all_tokens_locked (sim);
      json_object_set_boolean_member (out, "expired", TRUE);
      respond_object (req, 200, g_steal_pointer (&out));
      return;
    }

  if (g_str_equal (method, "POST") && path_matches ("/sim/fault-plan", parts))
    {
      g_autoptr(JsonNode) node = tern_sim_parse_json_body (req);
      g_autoptr(GError) error = NULL;
      SimFaultPlan *plan;

      if (node == NULL)
        {
          tern_sim_respond_problem (req, 400, "The fault plan must be a JSON object.", NULL, NULL);
          return;
        }
      plan = tern_sim_fault_plan_new (json_node_get_object (node), &error);
      if (plan == NULL)
        {
          tern_sim_respond_problem (req, 400, error->message, NULL, NULL);
          return;
        }
      g_clear_pointer (&sim->plan, tern_sim_fault_plan_free);
      sim->plan = plan;
      json_object_set_boolean_member (out, "ok", TRUE);
      respond_object (req, 200, g_steal_pointer (&out));
      return;
    }

  tern_sim_respond_legacy_error (req, 404, 34, "Sorry, that page does not exist");
}

/* Configuration */

static gboolean
config_error (GError    **error,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static gboolean
config_error (GError    **error,
              const char *format,
              ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, TERN_SIM_ERROR, TERN_SIM_ERROR_CONFIG, message);
  return FALSE;
}

static gboolean
get_int (JsonObject  *object,
         const char  *name,
         gint64       min,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return config_error (error, _("“%s” in the simulator config must be a number."), name);
  *out = json_node_get_value_type (node) == G_TYPE_INT64
         ? json_node_get_int (node) : (gint64) json_node_get_double (node);
  if (*out < min)
    return config_error (error, _("“%s” in the simulator config must be at least %" PRId64 "."),
                         name, min);
  return TRUE;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
parse_clients (TernSim    *sim,
               JsonNode   *node,
               GError    **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return config_error (error, _("“clients” in the simulator config must be a list of objects."));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *object;
      SimClient *client;
      JsonNode *uris;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return config_error (error, _("Each entry of “clients” must be an object with a “client_id”."));
      object = json_node_get_object (item);
      if (get_string (object, "client_id") == NULL || *get_string (object, "client_id") == '\0')
        return config_error (error, _("Each entry of “clients” must have a “client_id” string."));

      client = g_new0 (SimClient, 1);
      client->client_id = g_strdup (get_string (object, "client_id"));
      client->client_secret = g_strdup (get_string (object, "client_secret"));
      if (client->client_secret != NULL && *client->client_secret == '\0')
        g_clear_pointer (&client->client_secret, g_free);
      uris = json_object_get_member (object, "redirect_uris");
      if (uris != NULL && JSON_NODE_HOLDS_ARRAY (uris))
        {
          JsonArray *list = json_node_get_array (uris);
          GPtrArray *strv = g_ptr_array_new ();

          for (guint j = 0; j < json_array_get_length (list); j++)
            {
              const char *uri = json_array_get_string_element (list, j);

              if (uri != NULL)
                g_ptr_array_add (strv, g_strdup (uri));
            }
          g_ptr_array_add (strv, NULL);
          client->redirect_uris = (char **) g_ptr_array_free (strv, FALSE);
        }
      else
        client->redirect_uris = g_new0 (char *, 1);
      g_ptr_array_add (sim->clients, client);
    }
  return TRUE;
}

static gboolean
parse_users (TernSim   *sim,
             JsonNode  *node,
             GError   **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return config_error (error, _("“users” in the simulator config must be a list of objects."));
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return config_error (error, _("“users” in the simulator config must list at least one user."));
  g_ptr_array_set_size (sim->users, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *object;
      const char *id, *username, *name, *image;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return config_error (error, _("Each entry of “users” must be an object."));
      object = json_node_get_object (item);
      id = get_string (object, "id");
      username = get_string (object, "username");
      if (id == NULL || username == NULL)
        return config_error (error, _("Each entry of “users” needs an “id” and a “username”."));
      for (const char *p = id; *p; p++)
        if (!g_ascii_isdigit (*p))
          return config_error (error, _("User ids must be strings of digits, like X's."));
      name = get_string (object, "name");
      image = get_string (object, "profile_image_url");
      g_ptr_array_add (sim->users,
                       sim_user_new (id, username, name ? name : username,
                                     image));
    }
  return TRUE;
}

static gboolean
apply_config (TernSim     *sim,
              JsonObject  *config,
              GError     **error)
{
  static const char *known[] = {
    "clients", "auto_approve", "auto_approve_user", "users",
    "access_token_lifetime_secs", "code_lifetime_secs", "media_expires_after_secs",
    "processing", "rate_limits", "rate_limit_window_secs",
    "revoke_grant_on_refresh_reuse", "revoke_other_clients_on_sign_in",
    "fault_plan", "faults", "seed", "latency_ms", "append_processing_ms",
    "daily_post_limits", "comment", NULL,
  };
  g_autoptr(GList) members = json_object_get_members (config);
  JsonNode *node;
  gint64 value;

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      return config_error (error, _("Unknown key “%s” in the simulator config; see the README for the keys it takes."),
                           (const char *) l->data);

  if ((node = json_object_get_member (config, "clients")) != NULL)
    {
      if (!parse_clients (sim, node, error))
        return FALSE;
      sim->sandbox = FALSE;
    }
  if ((node = json_object_get_member (config, "users")) != NULL &&
      !parse_users (sim, node, error))
    return FALSE;
  if (json_object_has_member (config, "auto_approve"))
    sim->auto_approve = json_object_get_boolean_member (config, "auto_approve");
  if (get_string (config, "auto_approve_user") != NULL)
    {
      SimUser *user = tern_sim_find_user (sim, get_string (config, "auto_approve_user"));

      if (user == NULL)
        return config_error (error, _("“auto_approve_user” names no user of the config."));
      sim->auto_approve_user = g_strdup (user->id);
    }
  if (json_object_has_member (config, "revoke_grant_on_refresh_reuse"))
    sim->revoke_grant_on_reuse = json_object_get_boolean_member (config, "revoke_grant_on_refresh_reuse");
  if (json_object_has_member (config, "revoke_other_clients_on_sign_in"))
    sim->revoke_other_clients = json_object_get_boolean_member (config, "revoke_other_clients_on_sign_in");

  value = sim->access_token_lifetime;
  if (!get_int (config, "access_token_lifetime_secs", 1, &value, error))
    return FALSE;
  sim->access_token_lifetime = value;
  value = sim->code_lifetime;
  if (!get_int (config, "code_lifetime_secs", 1, &value, error))
    return FALSE;
  sim->code_lifetime = value;
  value = sim->media_expires_secs;
  if (!get_int (config, "media_expires_after_secs", 1, &value, error))
    return FALSE;
  sim->media_expires_secs = value;
  value = sim->rate_window;
  if (!get_int (config, "rate_limit_window_secs", 1, &value, error))
    return FALSE;
  sim->rate_window = value;

  if ((node = json_object_get_member (config, "processing")) != NULL)
    {
      JsonObject *processing;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return config_error (error, _("“processing” in the simulator config must be an object."));
      processing = json_node_get_object (node);
      value = sim->check_after_secs;
      if (!get_int (processing, "check_after_secs", 0, &value, error))
        return FALSE;
      sim->check_after_secs = value;
      value = sim->processing_polls;
      if (!get_int (processing, "polls", 0, &value, error))
        return FALSE;
      sim->processing_polls = value;
      value = sim->processing_secs;
      if (!get_int (processing, "seconds", 0, &value, error))
        return FALSE;
      sim->processing_secs = value;
    }

  if ((node = json_object_get_member (config, "rate_limits")) != NULL)
    {
      JsonObject *limits;
      g_autoptr(GList) kinds = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return config_error (error, _("“rate_limits” in the simulator config must map request kinds to numbers."));
      limits = json_node_get_object (node);
      kinds = json_object_get_members (limits);
      for (GList *l = kinds; l != NULL; l = l->next)
        {
          value = 0;
          if (!get_int (limits, l->data, 0, &value, error))
            return FALSE;
          g_hash_table_insert (sim->rate_limits, g_strdup (l->data), GUINT_TO_POINTER ((guint) value));
        }
    }

  if ((node = json_object_get_member (config, "daily_post_limits")) != NULL)
    {
      JsonObject *limits;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return config_error (error, _("“daily_post_limits” in the simulator config must be an object with “user” and “app”."));
      limits = json_node_get_object (node);
      value = sim->user_day_limit;
      if (!get_int (limits, "user", 0, &value, error))
        return FALSE;
      sim->user_day_limit = value;
      value = sim->app_day_limit;
      if (!get_int (limits, "app", 0, &value, error))
        return FALSE;
      sim->app_day_limit = value;
    }

  if ((node = json_object_get_member (config, "fault_plan")) != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return config_error (error, _("“fault_plan” in the simulator config must be an object."));
      sim->plan = tern_sim_fault_plan_new (json_node_get_object (node), error);
      if (sim->plan == NULL)
        return FALSE;
    }
  else if (json_object_has_member (config, "faults") ||
           json_object_has_member (config, "latency_ms") ||
           json_object_has_member (config, "append_processing_ms") ||
           json_object_has_member (config, "seed"))
    {
      g_autoptr(JsonObject) plan = json_object_new ();
      static const char *plan_keys[] = { "faults", "latency_ms", "append_processing_ms", "seed" };

      for (guint i = 0; i < G_N_ELEMENTS (plan_keys); i++)
        if ((node = json_object_get_member (config, plan_keys[i])) != NULL)
          json_object_set_member (plan, plan_keys[i], json_node_copy (node));
      sim->plan = tern_sim_fault_plan_new (plan, error);
      if (sim->plan == NULL)
        return FALSE;
    }

  return TRUE;
}

/* GObject */

static void
tern_sim_finalize (GObject *object)
{
  TernSim *self = (TernSim *) object;

  tern_sim_stop (self);

  for (GList *l = self->waiters; l != NULL; l = l->next)
    {
      SimWaiter *waiter = l->data;

      if (waiter->cancel_id != 0)
        g_cancellable_disconnect (g_task_get_cancellable (waiter->task), waiter->cancel_id);
      g_task_return_new_error (waiter->task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               "The simulator was destroyed");
      sim_waiter_free (waiter);
    }
  g_list_free (self->waiters);

  g_ptr_array_unref (self->clients);
  g_ptr_array_unref (self->users);
  g_free (self->auto_approve_user);
  g_hash_table_unref (self->rate_limits);
  g_clear_pointer (&self->plan, tern_sim_fault_plan_free);
  g_rand_free (self->rand);
  g_hash_table_unref (self->codes);
  g_hash_table_unref (self->consents);
  g_hash_table_unref (self->access_tokens);
  g_hash_table_unref (self->refresh_tokens);
  g_hash_table_unref (self->media);
  g_ptr_array_unref (self->posts);
  g_hash_table_unref (self->rate_state);
  g_ptr_array_unref (self->log);
  g_ptr_array_unref (self->delayed);
  g_ptr_array_unref (self->answering);
  if (self->media_dir != NULL)
    remove_tree (self->media_dir);
  g_free (self->media_dir);
  g_free (self->base_url);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (tern_sim_parent_class)->finalize (object);
}

static void
tern_sim_class_init (TernSimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tern_sim_finalize;
}

static void
tern_sim_init (TernSim *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  self->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_client_free);
  self->users = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_user_free);
  g_ptr_array_add (self->users,
                   sim_user_new (TERN_SIM_DEFAULT_USER_ID, TERN_SIM_DEFAULT_USERNAME,
                                 TERN_SIM_DEFAULT_NAME, NULL));
  self->sandbox = TRUE;
  self->auto_approve = FALSE;
  self->access_token_lifetime = 7200;
  self->code_lifetime = 30;
  self->media_expires_secs = 86400;
  self->check_after_secs = 1;
  self->processing_polls = 2;
  self->processing_secs = 5;
  self->rate_window = 900;
  self->user_day_limit = SIM_POST_24H_LIMIT;
  self->app_day_limit = SIM_POST_24H_LIMIT;
  self->revoke_grant_on_reuse = TRUE;
  self->revoke_other_clients = TRUE;
  self->rate_limits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (default_rate_limits); i++)
    g_hash_table_insert (self->rate_limits, g_strdup (default_rate_limits[i].kind),
                         GUINT_TO_POINTER (default_rate_limits[i].limit));

  self->rand = g_rand_new ();
  self->next_media_id = G_GUINT64_CONSTANT (1880000000000000001);
  self->next_post_id = G_GUINT64_CONSTANT (1890000000000000001);
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) sim_auth_code_free);
  self->consents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) sim_consent_free);
  self->access_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) sim_access_token_free);
  self->refresh_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) sim_refresh_token_free);
  self->media = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) sim_media_free);
  self->posts = g_ptr_array_new_with_free_func ((GDestroyNotify) tern_sim_post_free);
  self->rate_state = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->log = g_ptr_array_new_with_free_func ((GDestroyNotify) tern_sim_request_free);
  self->delayed = g_ptr_array_new ();
  self->answering = g_ptr_array_new ();
}

/* Public API */

/**
 * tern_sim_new:
 *
 * A sandbox: any client id with any loopback redirect URI, the consent page
 * shown, one user.
 *
 * Returns: (transfer full): a new simulator, not yet listening
 */
TernSim *
tern_sim_new (void)
{
  return g_object_new (TERN_TYPE_SIM, NULL);
}

/**
 * tern_sim_new_from_config:
 * @config: the config (see the README: clients, users, auto_approve, fault plan, knobs)
 *
 * Returns: (transfer full) (nullable): a new simulator, or %NULL if @config is not valid
 */
TernSim *
tern_sim_new_from_config (JsonObject  *config,
                          GError     **error)
{
  g_autoptr(TernSim) sim = tern_sim_new ();

  g_return_val_if_fail (config != NULL, NULL);

  if (!apply_config (sim, config, error))
    return NULL;
  return g_steal_pointer (&sim);
}

/**
 * tern_sim_new_from_file:
 * @path: a JSON file holding the config
 *
 * Returns: (transfer full) (nullable): a new simulator, or %NULL
 */
TernSim *
tern_sim_new_from_file (const char  *path,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (path != NULL, NULL);

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, TERN_SIM_ERROR, TERN_SIM_ERROR_CONFIG,
                   _("Could not read the simulator config %s: %s"), path, local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TERN_SIM_ERROR, TERN_SIM_ERROR_CONFIG,
                   _("The simulator config %s must hold one JSON object."), path);
      return NULL;
    }
  return tern_sim_new_from_config (json_node_get_object (root), error);
}

/**
 * tern_sim_new_from_string:
 * @json: the config as JSON text
 *
 * Returns: (transfer full) (nullable): a new simulator, or %NULL
 */
TernSim *
tern_sim_new_from_string (const char  *json,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, TERN_SIM_ERROR, TERN_SIM_ERROR_CONFIG,
                   _("The simulator config is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, TERN_SIM_ERROR, TERN_SIM_ERROR_CONFIG,
                           _("The simulator config must be one JSON object."));
      return NULL;
    }
  return tern_sim_new_from_config (json_node_get_object (root), error);
}

/**
 * tern_sim_new_for_client:
 * @client_id: the client to register
 * @client_secret: (nullable): its secret, for a confidential client
 * @redirect_uri: its one redirect URI
 *
 * The usual simulator for a client's tests: one registered client, and the
 * consent page skipped (the authorize URL redirects at once with a code).
 *
 * Returns: (transfer full): a new simulator, not yet listening
 */
TernSim *
tern_sim_new_for_client (const char *client_id,
                         const char *client_secret,
                         const char *redirect_uri)
{
  TernSim *sim = tern_sim_new ();
  SimClient *client = g_new0 (SimClient, 1);

  g_return_val_if_fail (client_id != NULL, sim);
  g_return_val_if_fail (redirect_uri != NULL, sim);

  client->client_id = g_strdup (client_id);
  client->client_secret = g_strdup (client_secret);
  client->redirect_uris = g_new0 (char *, 2);
  client->redirect_uris[0] = g_strdup (redirect_uri);
  g_ptr_array_add (sim->clients, client);
  sim->sandbox = FALSE;
  sim->auto_approve = TRUE;
  return sim;
}

static gpointer
sim_thread_func (gpointer data)
{
  TernSim *sim = data;

  g_main_context_push_thread_default (sim->context);
  g_main_loop_run (sim->loop);
  g_main_context_pop_thread_default (sim->context);
  return NULL;
}

/**
 * tern_sim_start:
 *
 * Listens on 127.0.0.1 on a free port, answering on a thread of its own.
 */
gboolean
tern_sim_start (TernSim  *sim,
                GError  **error)
{
  return tern_sim_start_full (sim, "127.0.0.1", 0, NULL, error);
}

/**
 * tern_sim_start_full:
 * @host: (nullable): the address to listen on; %NULL for 127.0.0.1
 * @port: the port, 0 for any free one
 * @context: (nullable): answer on this main context (it must be the calling
 *   thread's); %NULL for a thread of the simulator's own
 *
 * Starts listening.
 */
gboolean
tern_sim_start_full (TernSim       *sim,
                     const char    *host,
                     guint          port,
                     GMainContext  *context,
                     GError       **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSList) uris = NULL;
  gboolean ok;

  g_return_val_if_fail (TERN_IS_SIM (sim), FALSE);

  if (sim->server != NULL)
    {
      g_set_error_literal (error, TERN_SIM_ERROR, TERN_SIM_ERROR_STATE,
                           _("The simulator is already running."));
      return FALSE;
    }

  address = g_inet_socket_address_new_from_string (host ? host : "127.0.0.1", port);
  if (address == NULL)
    {
      g_set_error (error, TERN_SIM_ERROR, TERN_SIM_ERROR_CONFIG,
                   _("“%s” is not an IP address; give one such as 127.0.0.1."), host);
      return FALSE;
    }

  if (sim->media_dir == NULL)
    {
      sim->media_dir = g_dir_make_tmp ("tern-sim-XXXXXX", error);
      if (sim->media_dir == NULL)
        return FALSE;
    }

  sim->own_thread = context == NULL;
  sim->context = context ? g_main_context_ref (context) : g_main_context_new ();
  sim->store = g_thread_pool_new_full (store_worker_func, sim, (GDestroyNotify) sim_deferred_free,
                                       1, TRUE, NULL);

  g_main_context_push_thread_default (sim->context);
  sim->server = soup_server_new ("server-header", "tern-xsim", NULL);
  soup_server_add_handler (sim->server, NULL, server_cb, sim, NULL);
  ok = soup_server_listen (sim->server, address, 0, error);
  g_main_context_pop_thread_default (sim->context);

  if (!ok)
    {
      g_clear_object (&sim->server);
      g_thread_pool_free (g_steal_pointer (&sim->store), TRUE, TRUE);
      g_clear_pointer (&sim->context, g_main_context_unref);
      return FALSE;
    }

  uris = soup_server_get_uris (sim->server);
  if (uris != NULL)
    {
      GUri *uri = uris->data;
      const char *h = g_uri_get_host (uri);

      sim->port = g_uri_get_port (uri);
      g_free (sim->base_url);
      if (strchr (h, ':') != NULL)
        sim->base_url = g_strdup_printf ("http://[%s]:%u", h, sim->port);
      else
        sim->base_url = g_strdup_printf ("http://%s:%u", h, sim->port);
      g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
    }

  if (sim->own_thread)
    {
      sim->loop = g_main_loop_new (sim->context, FALSE);
      sim->thread = g_thread_new ("tern-sim", sim_thread_func, sim);
    }
  return TRUE;
}

static gboolean
stop_in_thread_cb (gpointer user_data)
{
  TernSim *sim = user_data;

  soup_server_disconnect (sim->server);
  g_main_loop_quit (sim->loop);
  return G_SOURCE_REMOVE;
}

/**
 * tern_sim_stop:
 *
 * Stops listening and drops every connection. Safe to call twice.
 */
void
tern_sim_stop (TernSim *sim)
{
  g_return_if_fail (TERN_IS_SIM (sim));

  if (sim->server == NULL)
    return;

  if (sim->own_thread)
    {
      g_main_context_invoke (sim->context, stop_in_thread_cb, sim);
      g_thread_join (g_steal_pointer (&sim->thread));
      g_clear_pointer (&sim->loop, g_main_loop_unref);
    }
  else
    soup_server_disconnect (sim->server);

  /* requests still waiting out their latency or their store never
   * complete (the worker finishes the job it is on) */
  while (sim->delayed->len > 0)
    {
      GSource *source = g_ptr_array_steal_index_fast (sim->delayed, sim->delayed->len - 1);

      g_source_destroy (source);
      g_source_unref (source);
    }
  g_thread_pool_free (g_steal_pointer (&sim->store), TRUE, TRUE);
  for (;;)
    {
      GSource *source = NULL;

      g_mutex_lock (&sim->lock);
      if (sim->answering->len > 0)
        source = g_ptr_array_steal_index_fast (sim->answering, sim->answering->len - 1);
      g_mutex_unlock (&sim->lock);
      if (source == NULL)
        break;
      g_source_destroy (source);
      g_source_unref (source);
    }
  g_clear_object (&sim->server);
  g_clear_pointer (&sim->context, g_main_context_unref);
}

/**
 * tern_sim_get_base_url:
 *
 * Returns: (nullable): "http://127.0.0.1:PORT" (no trailing slash) once started
 */
const char *
tern_sim_get_base_url (TernSim *sim)
{
  g_return_val_if_fail (TERN_IS_SIM (sim), NULL);

  return sim->base_url;
}

guint
tern_sim_get_port (TernSim *sim)
{
  g_return_val_if_fail (TERN_IS_SIM (sim), 0);

  return sim->port;
}

/**
 * tern_sim_set_fault_plan:
 * @plan: the plan (see the README), replacing any earlier one; its counts
 *   of requests per kind start again from zero
 */
gboolean
tern_sim_set_fault_plan (TernSim     *sim,
                         JsonObject  *plan,
                         GError     **error)
{
  SimFaultPlan *parsed;

  g_return_val_if_fail (TERN_IS_SIM (sim), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);

  parsed = tern_sim_fault_plan_new (plan, error);
  if (parsed == NULL)
    return FALSE;

  g_mutex_lock (&sim->lock);
  g_clear_pointer (&sim->plan, tern_sim_fault_plan_free);
  sim->plan = parsed;
  g_mutex_unlock (&sim->lock);
  return TRUE;
}

gboolean
tern_sim_set_fault_plan_from_string (TernSim     *sim,
                                     const char  *json,
                                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  g_return_val_if_fail (TERN_IS_SIM (sim), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  if (!json_parser_load_from_data (parser, json, -1, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return config_error (error, _("A fault plan must be one JSON object."));
  return tern_sim_set_fault_plan (sim, json_node_get_object (root), error);
}

void
tern_sim_clear_fault_plan (TernSim *sim)
{
  g_return_if_fail (TERN_IS_SIM (sim));

  g_mutex_lock (&sim->lock);
  g_clear_pointer (&sim->plan, tern_sim_fault_plan_free);
  g_mutex_unlock (&sim->lock);
}

/**
 * tern_sim_advance_clock:
 * @seconds: how far the simulator's clock jumps ahead
 *
 * Reaches token expiry, code expiry, check_after_secs and rate-limit resets
 * without waiting.
 */
void
tern_sim_advance_clock (TernSim *sim,
                        gint64   seconds)
{
  g_return_if_fail (TERN_IS_SIM (sim));

  g_mutex_lock (&sim->lock);
  sim->clock_offset += seconds;
  g_mutex_unlock (&sim->lock);
}

/**
 * tern_sim_get_time:
 *
 * Returns: the simulator's clock, Unix seconds
 */
gint64
tern_sim_get_time (TernSim *sim)
{
  gint64 now;

  g_return_val_if_fail (TERN_IS_SIM (sim), 0);

  g_mutex_lock (&sim->lock);
  now = tern_sim_now (sim);
  g_mutex_unlock (&sim->lock);
  return now;
}

/**
 * tern_sim_expire_access_tokens:
 *
 * Every access token given so far expires now; refresh tokens still work.
 */
void
tern_sim_expire_access_tokens (TernSim *sim)
{
  g_return_if_fail (TERN_IS_SIM (sim));

  g_mutex_lock (&sim->lock);
  expire_all_tokens_locked (sim);
  g_mutex_unlock (&sim->lock);
}

/**
 * tern_sim_get_refresh_count:
 *
 * Returns: how many refresh_token grants succeeded
 */
guint
tern_sim_get_refresh_count (TernSim *sim)
{
  guint n;

  g_return_val_if_fail (TERN_IS_SIM (sim), 0);

  g_mutex_lock (&sim->lock);
  n = sim->refresh_count;
  g_mutex_unlock (&sim->lock);
  return n;
}

guint
tern_sim_count_live_access_tokens (TernSim *sim)
{
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  g_return_val_if_fail (TERN_IS_SIM (sim), 0);

  g_mutex_lock (&sim->lock);
  g_hash_table_iter_init (&iter, sim->access_tokens);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (tern_sim_lookup_access_token (sim, key) != NULL)
      n++;
  g_mutex_unlock (&sim->lock);
  return n;
}

/**
 * tern_sim_get_requests:
 *
 * Returns: (transfer container) (element-type TernSimRequest): copies of
 *   every request answered so far, oldest first
 */
GPtrArray *
tern_sim_get_requests (TernSim *sim)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) tern_sim_request_free);

  g_return_val_if_fail (TERN_IS_SIM (sim), copy);

  g_mutex_lock (&sim->lock);
  for (guint i = 0; i < sim->log->len; i++)
    g_ptr_array_add (copy, tern_sim_request_copy (g_ptr_array_index (sim->log, i)));
  g_mutex_unlock (&sim->lock);
  return copy;
}

/**
 * tern_sim_count_requests:
 * @kind: (nullable): a TERN_SIM_KIND_* string, or %NULL for all
 *
 * Returns: how many requests of @kind were answered (or reset) so far
 */
guint
tern_sim_count_requests (TernSim    *sim,
                         const char *kind)
{
  guint n;

  g_return_val_if_fail (TERN_IS_SIM (sim), 0);

  g_mutex_lock (&sim->lock);
  n = count_requests_locked (sim, kind);
  g_mutex_unlock (&sim->lock);
  return n;
}

/**
 * tern_sim_count_early_polls:
 *
 * Returns: how many STATUS polls came before check_after_secs had passed
 */
guint
tern_sim_count_early_polls (TernSim *sim)
{
  guint n = 0;

  g_return_val_if_fail (TERN_IS_SIM (sim), 0);

  g_mutex_lock (&sim->lock);
  for (guint i = 0; i < sim->log->len; i++)
    if (((TernSimRequest *) g_ptr_array_index (sim->log, i))->early_poll)
      n++;
  g_mutex_unlock (&sim->lock);
  return n;
}

void
tern_sim_clear_requests (TernSim *sim)
{
  g_return_if_fail (TERN_IS_SIM (sim));

  g_mutex_lock (&sim->lock);
  g_ptr_array_set_size (sim->log, 0);
  g_mutex_unlock (&sim->lock);
}

static void
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  TernSim *sim = user_data;

  g_mutex_lock (&sim->lock);
  g_cond_broadcast (&sim->cond);
  g_mutex_unlock (&sim->lock);
}

/**
 * tern_sim_wait_for_requests:
 * @kind: (nullable): a TERN_SIM_KIND_* string, or %NULL for any
 * @n: how many
 *
 * Blocks the calling thread until @n requests of @kind have been answered
 * in all (counting those before the call). Only for a simulator on its own
 * thread, and only when the requests do not need the caller's main loop to
 * be sent; otherwise use tern_sim_wait_for_requests_async().
 *
 * Returns: %TRUE, or %FALSE when @cancellable was cancelled
 */
gboolean
tern_sim_wait_for_requests (TernSim       *sim,
                            const char    *kind,
                            guint          n,
                            GCancellable  *cancellable,
                            GError       **error)
{
  gulong id = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (TERN_IS_SIM (sim), FALSE);

  if (cancellable != NULL)
    id = g_cancellable_connect (cancellable, G_CALLBACK (wait_cancelled_cb), sim, NULL);

  g_mutex_lock (&sim->lock);
  while (count_requests_locked (sim, kind) < n)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          ok = FALSE;
          break;
        }
      g_cond_wait (&sim->cond, &sim->lock);
    }
  g_mutex_unlock (&sim->lock);

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, id);
  if (!ok)
    g_cancellable_set_error_if_cancelled (cancellable, error);
  return ok;
}

static void
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  /* Runs in the thread that cancelled: complete from an idle so that the
   * task's callback never runs inside g_cancellable_cancel(). */
  GTask *task = user_data;
  TernSim *sim = g_task_get_source_object (task);
  SimWaiter *found = NULL;

  g_mutex_lock (&sim->lock);
  for (GList *l = sim->waiters; l != NULL; l = l->next)
    {
      SimWaiter *waiter = l->data;

      if (waiter->task == task)
        {
          found = waiter;
          sim->waiters = g_list_delete_link (sim->waiters, l);
          break;
        }
    }
  g_mutex_unlock (&sim->lock);

  if (found != NULL)
    {
      found->cancel_id = 0;   /* cannot disconnect from inside the handler */
      g_task_return_error_if_cancelled (found->task);
      sim_waiter_free (found);
    }
}

/**
 * tern_sim_wait_for_requests_async:
 *
 * Like tern_sim_wait_for_requests(), without blocking: @callback runs on
 * the caller's thread-default main context once @n requests of @kind have
 * been answered.
 */
void
tern_sim_wait_for_requests_async (TernSim             *sim,
                                  const char          *kind,
                                  guint                n,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SimWaiter *waiter;
  gboolean already, cancelled = FALSE;

  g_return_if_fail (TERN_IS_SIM (sim));

  task = g_task_new (sim, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_sim_wait_for_requests_async);

  waiter = g_new0 (SimWaiter, 1);
  waiter->kind = g_strdup (kind);
  waiter->n = n;
  waiter->task = g_object_ref (task);
  /* Connected before the waiter is listed, so a cancellation can never
   * find a freed waiter; the handler holds its own ref on the task. */
  if (cancellable != NULL)
    waiter->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (waiter_cancelled_cb),
                                               g_object_ref (task), g_object_unref);

  g_mutex_lock (&sim->lock);
  already = count_requests_locked (sim, kind) >= n;
  if (!already)
    {
      cancelled = g_cancellable_is_cancelled (cancellable);
      if (!cancelled)
        sim->waiters = g_list_prepend (sim->waiters, waiter);
    }
  g_mutex_unlock (&sim->lock);

  if (already || cancelled)
    {
      if (waiter->cancel_id != 0)
        g_cancellable_disconnect (cancellable, waiter->cancel_id);
      sim_waiter_free (waiter);
      if (already)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error_if_cancelled (task);
    }
}

gboolean
tern_sim_wait_for_requests_finish (TernSim       *sim,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, sim), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

TernSimMediaState
tern_sim_get_media_state (TernSim    *sim,
                          const char *media_id)
{
  TernSimMediaState state = TERN_SIM_MEDIA_NONE;
  SimMedia *media;

  g_return_val_if_fail (TERN_IS_SIM (sim), TERN_SIM_MEDIA_NONE);
  g_return_val_if_fail (media_id != NULL, TERN_SIM_MEDIA_NONE);

  g_mutex_lock (&sim->lock);
  media = g_hash_table_lookup (sim->media, media_id);
  if (media != NULL)
    {
      tern_sim_media_advance (sim, media, FALSE);
      state = media->state;
    }
  g_mutex_unlock (&sim->lock);
  return state;
}

/**
 * tern_sim_get_media_sha256:
 *
 * Returns: (transfer full) (nullable): the SHA-256, in lowercase hex, of the
 *   bytes the media id holds, once FINALIZE (or the one-shot upload) is done
 */
char *
tern_sim_get_media_sha256 (TernSim    *sim,
                           const char *media_id)
{
  char *sha = NULL;
  SimMedia *media;

  g_return_val_if_fail (TERN_IS_SIM (sim), NULL);
  g_return_val_if_fail (media_id != NULL, NULL);

  g_mutex_lock (&sim->lock);
  media = g_hash_table_lookup (sim->media, media_id);
  if (media != NULL)
    sha = g_strdup (media->sha256);
  g_mutex_unlock (&sim->lock);
  return sha;
}

/**
 * tern_sim_get_media_size:
 *
 * Returns: the media's size in bytes once finalized, or -1
 */
gint64
tern_sim_get_media_size (TernSim    *sim,
                         const char *media_id)
{
  gint64 size = -1;
  SimMedia *media;

  g_return_val_if_fail (TERN_IS_SIM (sim), -1);
  g_return_val_if_fail (media_id != NULL, -1);

  g_mutex_lock (&sim->lock);
  media = g_hash_table_lookup (sim->media, media_id);
  if (media != NULL && media->sha256 != NULL)
    size = media->size;
  g_mutex_unlock (&sim->lock);
  return size;
}

/**
 * tern_sim_get_media_alt_text:
 *
 * Returns: (transfer full) (nullable): the alt text set on the media
 */
char *
tern_sim_get_media_alt_text (TernSim    *sim,
                             const char *media_id)
{
  char *text = NULL;
  SimMedia *media;

  g_return_val_if_fail (TERN_IS_SIM (sim), NULL);
  g_return_val_if_fail (media_id != NULL, NULL);

  g_mutex_lock (&sim->lock);
  media = g_hash_table_lookup (sim->media, media_id);
  if (media != NULL)
    text = g_strdup (media->alt_text);
  g_mutex_unlock (&sim->lock);
  return text;
}

/**
 * tern_sim_get_media_category:
 *
 * Returns: (transfer full) (nullable): the media_category given at upload
 */
char *
tern_sim_get_media_category (TernSim    *sim,
                             const char *media_id)
{
  char *category = NULL;
  SimMedia *media;

  g_return_val_if_fail (TERN_IS_SIM (sim), NULL);
  g_return_val_if_fail (media_id != NULL, NULL);

  g_mutex_lock (&sim->lock);
  media = g_hash_table_lookup (sim->media, media_id);
  if (media != NULL)
    category = g_strdup (media->category);
  g_mutex_unlock (&sim->lock);
  return category;
}

/**
 * tern_sim_get_posts:
 *
 * Returns: (transfer container) (element-type TernSimPost): copies of every
 *   post created, oldest first
 */
GPtrArray *
tern_sim_get_posts (TernSim *sim)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) tern_sim_post_free);

  g_return_val_if_fail (TERN_IS_SIM (sim), copy);

  g_mutex_lock (&sim->lock);
  for (guint i = 0; i < sim->posts->len; i++)
    g_ptr_array_add (copy, tern_sim_post_copy (g_ptr_array_index (sim->posts, i)));
  g_mutex_unlock (&sim->lock);
  return copy;
}

guint
tern_sim_count_posts (TernSim *sim)
{
  guint n;

  g_return_val_if_fail (TERN_IS_SIM (sim), 0);

  g_mutex_lock (&sim->lock);
  n = sim->posts->len;
  g_mutex_unlock (&sim->lock);
  return n;
}

/**
 * tern_sim_get_media_subtitles:
 * @media_id: a video's media id
 *
 * Returns: (transfer full) (nullable): the language codes of the subtitle
 *   tracks associated with the video, or %NULL for an unknown id
 */
char **
tern_sim_get_media_subtitles (TernSim    *sim,
                              const char *media_id)
{
  SimMedia *media;
  GPtrArray *out;

  g_return_val_if_fail (TERN_IS_SIM (sim), NULL);

  g_mutex_lock (&sim->lock);
  media = g_hash_table_lookup (sim->media, media_id);
  if (media == NULL)
    {
      g_mutex_unlock (&sim->lock);
      return NULL;
    }
  out = g_ptr_array_new ();
  for (guint i = 0; media->subtitles != NULL && i < media->subtitles->len; i++)
    g_ptr_array_add (out, g_strdup (((SimSubtitles *) g_ptr_array_index (media->subtitles, i))->language_code));
  g_ptr_array_add (out, NULL);
  g_mutex_unlock (&sim->lock);
  return (char **) g_ptr_array_free (out, FALSE);
}
