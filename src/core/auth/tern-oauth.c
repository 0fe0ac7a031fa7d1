/* tern-oauth.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-oauth"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "tern-oauth.h"
#include "tern-bounded-read.h"
#include "tern-client.h"
#include "tern-pkce.h"
#include "tern-token-endpoint.h"
#include "tern-untrusted.h"

/* The sign-in, one state per method: listen → open the browser → wait for
 * the callback → exchange the code → ask users/me → store. Each step starts
 * the next; any of them may end the flow through fail(). */

struct _TernOAuth
{
  GObject             parent_instance;

  TernAccountManager *manager;
  char               *api_base;
  char               *client_id;
  char               *client_secret;
  char               *configured_redirect_uri;
  guint               timeout_seconds;
  gboolean            ephemeral;

  TernOAuthOpenFunc   open_func;
  gpointer            open_data;
  GDestroyNotify      open_destroy;

  TernOAuthStep       step;
  GTask              *task;
  SoupSession        *session;
  SoupServer         *server;
  GSource            *timeout_source;
  GSource            *cancel_source;

  char               *redirect_uri;
  char               *redirect_path;
  char               *authorize_uri;
  char               *verifier;
  char               *state;
  char               *code;
  gboolean            callback_received;
  gboolean            answer_pending;
  GError             *store_error;   /* the keyring refused the new sign-in */
  TernTokens         *tokens;
  TernAccount        *account;
};

G_DEFINE_FINAL_TYPE (TernOAuth, tern_oauth, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STEP,
  PROP_AUTHORIZE_URI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void step_exchange (TernOAuth *self);

static const char page_template[] =
  "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Tern</title>"
  "<style>body{font-family:sans-serif;max-width:32em;margin:4em auto;line-height:1.5}</style>"
  "</head><body><h1>%s</h1><p>%s</p></body></html>";

static void
set_step (TernOAuth     *self,
          TernOAuthStep  step)
{
  if (self->step == step)
    return;
  self->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

static void
respond (SoupServerMessage *message,
         guint              status,
         const char        *title,
         const char        *text)
{
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_text = g_markup_escape_text (text, -1);
  g_autofree char *page = g_strdup_printf (page_template, escaped_title, escaped_text);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_server_message_set_status (message, status, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "Connection", "close");
  soup_server_message_set_response (message, "text/html; charset=utf-8",
                                    SOUP_MEMORY_COPY, page, strlen (page));
}

static void
stop_listening (TernOAuth *self)
{
  if (self->server == NULL)
    return;
  g_debug ("sign-in: loopback server stops listening");
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
}

static void
stop_timers (TernOAuth *self)
{
  if (self->timeout_source != NULL)
    {
      g_source_destroy (self->timeout_source);
      g_clear_pointer (&self->timeout_source, g_source_unref);
    }
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
}

static void
forget_secrets (TernOAuth *self)
{
  g_clear_pointer (&self->verifier, tern_secret_free);
  g_clear_pointer (&self->state, tern_secret_free);
  g_clear_pointer (&self->code, tern_secret_free);
  g_clear_pointer (&self->tokens, tern_tokens_free);
}

static void
fail (TernOAuth *self,
      GError    *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (task == NULL)
    {
      g_error_free (error);
      return;
    }

  g_debug ("sign-in: failed at step %d", self->step);
  if (!self->answer_pending)
    stop_listening (self);
  stop_timers (self);
  forget_secrets (self);
  set_step (self, TERN_OAUTH_STEP_FAILED);
  g_task_return_error (task, error);
}

static void
succeed (TernOAuth *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (task == NULL)
    return;

  if (!self->answer_pending)
    stop_listening (self);
  stop_timers (self);
  forget_secrets (self);
  set_step (self, TERN_OAUTH_STEP_DONE);
  g_task_return_pointer (task, g_object_ref (self->account), g_object_unref);
}

/* --- wait: the one callback ------------------------------------------- */

static gboolean
stop_listening_idle_cb (gpointer user_data)
{
  stop_listening (user_data);
  return G_SOURCE_REMOVE;
}

/* The answer to the callback has gone out: only now may the server close,
 * or the browser would show a reset connection instead of the page. */
static void
callback_finished_cb (SoupServerMessage *message,
                      TernOAuth         *self)
{
  g_autoptr(GSource) idle = g_idle_source_new ();

  self->answer_pending = FALSE;
  /* On the context the sign-in runs on, which need not be the default
   * one (the sandbox signs in on a thread of its own). */
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, stop_listening_idle_cb, g_object_ref (self), g_object_unref);
  g_source_attach (idle, g_main_context_get_thread_default ());
}

/* X's answer is a GET with everything in the query. A request that
 * announces a body is not one, and a local process could stream
 * gigabytes into it (libsoup reads a body in full before any handler
 * runs, and keeps it): hang up on it as soon as its headers are read, and
 * never keep a body's bytes. Headers are already bounded by libsoup. */
static void
request_got_headers_cb (SoupServerMessage *message,
                        gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  g_autoptr(GIOStream) stream = NULL;

  soup_message_body_set_accumulate (soup_server_message_get_request_body (message), FALSE);

  if (encoding == SOUP_ENCODING_NONE ||
      (encoding == SOUP_ENCODING_CONTENT_LENGTH && soup_message_headers_get_content_length (headers) == 0))
    return;

  g_message ("sign-in: hung up on a request to the loopback server that carries a body");
  stream = soup_server_message_steal_connection (message);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *message,
                    gpointer           user_data)
{
  g_signal_connect (message, "got-headers", G_CALLBACK (request_got_headers_cb), NULL);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  TernOAuth *self = user_data;
  const char *state, *error_code, *code;

  if (self->callback_received || self->step != TERN_OAUTH_STEP_WAITING)
    {
      g_message ("sign-in: refused a request to the loopback server: the callback was already received");
      respond (message, SOUP_STATUS_GONE, _("This sign-in is already finished"),
               _("You can close this tab and return to Tern."));
      return;
    }

  if (g_strcmp0 (soup_server_message_get_method (message), "GET") != 0)
    {
      g_message ("sign-in: refused a request to the loopback server: method %s",
                 soup_server_message_get_method (message));
      respond (message, SOUP_STATUS_METHOD_NOT_ALLOWED, _("Not a sign-in answer"),
               _("Tern only accepts X's answer here. Start the sign-in again from Tern."));
      return;
    }

  if (g_strcmp0 (path, self->redirect_path) != 0)
    {
      g_message ("sign-in: refused a request to the loopback server: wrong path");
      respond (message, SOUP_STATUS_NOT_FOUND, _("Not a sign-in answer"),
               _("This address is not the one Tern registered. Start the sign-in again from Tern."));
      return;
    }

  state = query ? g_hash_table_lookup (query, "state") : NULL;
  if (!tern_pkce_equal (state, self->state))
    {
      g_message ("sign-in: refused a callback: the state is %s", state ? "wrong" : "missing");
      respond (message, SOUP_STATUS_BAD_REQUEST, _("This sign-in link is not Tern’s"),
               _("It does not match the sign-in Tern started. Start the sign-in again from Tern."));
      return;
    }

  /* The one callback: whatever it says, nothing after it is accepted. */
  self->callback_received = TRUE;
  self->answer_pending = TRUE;
  g_signal_connect_object (message, "finished", G_CALLBACK (callback_finished_cb), self, 0);

  error_code = g_hash_table_lookup (query, "error");
  code = g_hash_table_lookup (query, "code");

  if (error_code != NULL)
    {
      g_message ("sign-in: X answered with error %s", error_code);
      if (g_str_equal (error_code, "access_denied"))
        {
          respond (message, SOUP_STATUS_OK, _("Sign-in was cancelled"),
                   _("Tern was not given access. You can close this tab."));
          fail (self, g_error_new_literal (TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_CANCELLED_AT_X,
                                           _("Sign-in was cancelled at X. Sign in again when you are ready.")));
        }
      else
        {
          respond (message, SOUP_STATUS_OK, _("X did not sign you in"),
                   _("You can close this tab; Tern says what happened."));
          fail (self, g_error_new (TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_DENIED,
                                   _("X did not sign you in (%s). Check the app's settings in the X developer portal and try again."),
                                   error_code));
        }
      return;
    }

  if (code == NULL || code[0] == '\0')
    {
      g_message ("sign-in: refused a callback: no code");
      respond (message, SOUP_STATUS_BAD_REQUEST, _("X's answer was incomplete"),
               _("It had no sign-in code. Start the sign-in again from Tern."));
      fail (self, g_error_new_literal (TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_BAD_RESPONSE,
                                       _("X's answer had no sign-in code. Sign in again.")));
      return;
    }

  g_debug ("sign-in: callback accepted");
  respond (message, SOUP_STATUS_OK, _("Signed in to Tern"),
           _("You can close this tab and return to Tern."));
  self->code = g_strdup (code);

  /* The code lives 30 seconds: exchange it at once. */
  step_exchange (self);
}

static gboolean
timeout_cb (gpointer user_data)
{
  TernOAuth *self = user_data;

  g_clear_pointer (&self->timeout_source, g_source_unref);
  fail (self, g_error_new (TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_TIMED_OUT,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "X did not answer within %u minute. Sign in again, and finish in the browser.",
                                        "X did not answer within %u minutes. Sign in again, and finish in the browser.",
                                        MAX (1, self->timeout_seconds / 60)),
                           MAX (1, self->timeout_seconds / 60)));
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  TernOAuth *self = user_data;

  g_clear_pointer (&self->cancel_source, g_source_unref);
  fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   _("Sign-in was cancelled.")));
  return G_SOURCE_REMOVE;
}

/* --- open the browser -------------------------------------------------- */

static void
launch_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TernOAuth) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    tern_oauth_open_failed (self, error);
}

static void
open_with_default_browser (TernOAuth  *self,
                           const char *uri,
                           gpointer    user_data)
{
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launch_cb, g_object_ref (self));
}

static void
step_open_browser (TernOAuth *self)
{
  set_step (self, TERN_OAUTH_STEP_OPENING_BROWSER);
  g_debug ("sign-in: opening the consent page");
  /* Waiting starts before the browser is asked, so a fast callback finds
   * the server ready for it. */
  set_step (self, TERN_OAUTH_STEP_WAITING);

  if (self->open_func != NULL)
    self->open_func (self, self->authorize_uri, self->open_data);
  else
    open_with_default_browser (self, self->authorize_uri, NULL);
}

/* --- listen ------------------------------------------------------------ */

static gboolean
listen_on (TernOAuth   *self,
           const char  *address,
           guint        port,
           GError     **error)
{
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new_from_string (address, port);
  g_autoptr(GError) local_error = NULL;

  if (soup_server_listen (self->server, socket_address, 0, &local_error))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    g_set_error (error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_PORT_IN_USE,
                 _("Port %u on %s is already in use by another program, so Tern cannot receive X's answer. "
                   "Close that program, or choose another port in the redirect URI (on the sign-in page, "
                   "or with tern login --redirect-uri) and register that URI for your app in the X developer portal."),
                 port, address);
  else
    g_set_error (error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_INVALID_ARGUMENT,
                 _("Tern could not listen on %s port %u for X's answer: %s. Check the redirect URI."),
                 address, port, local_error->message);
  return FALSE;
}

static guint
listening_port (SoupServer *server)
{
  g_autoptr(GSList) uris = soup_server_get_uris (server);
  guint port = 0;

  if (uris != NULL)
    port = g_uri_get_port (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return port;
}

static void
step_listen (TernOAuth *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *authorize_base = NULL;
  g_autofree char *host_in_uri = NULL;
  const char *host;
  int port;

  set_step (self, TERN_OAUTH_STEP_LISTENING);

  uri = g_uri_parse (self->configured_redirect_uri, G_URI_FLAGS_NONE, NULL);
  host = uri ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 ||
      !(g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "::1") == 0 ||
        g_strcmp0 (host, "localhost") == 0))
    {
      fail (self, g_error_new (TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_INVALID_ARGUMENT,
                               _("The redirect URI “%s” is not a loopback address. "
                                 "Use one such as http://127.0.0.1:8723/callback, and register it for your app at X."),
                               self->configured_redirect_uri));
      return;
    }

  port = g_uri_get_port (uri);
  if (port < 0)
    port = 80;
  self->redirect_path = g_strdup (g_uri_get_path (uri)[0] ? g_uri_get_path (uri) : "/");

  self->server = soup_server_new ("server-header", NULL, NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);
  g_signal_connect (self->server, "request-started", G_CALLBACK (request_started_cb), NULL);

  if (g_str_equal (host, "localhost"))
    {
      if (!listen_on (self, "127.0.0.1", port, &error))
        {
          fail (self, g_steal_pointer (&error));
          return;
        }
      port = listening_port (self->server);
      if (!listen_on (self, "::1", port, &error))
        {
          fail (self, g_steal_pointer (&error));
          return;
        }
      host_in_uri = g_strdup (host);
    }
  else
    {
      if (!listen_on (self, host, port, &error))
        {
          fail (self, g_steal_pointer (&error));
          return;
        }
      port = listening_port (self->server);
      host_in_uri = g_str_equal (host, "::1") ? g_strdup ("[::1]") : g_strdup (host);
    }

  /* With port 0 (tests, the sandbox) the port chosen is the one X sees. */
  self->redirect_uri = g_strdup_printf ("http://%s:%d%s%s%s", host_in_uri, port,
                                        g_uri_get_path (uri),
                                        g_uri_get_query (uri) ? "?" : "",
                                        g_uri_get_query (uri) ? g_uri_get_query (uri) : "");
  g_debug ("sign-in: listening on port %d", port);

  self->verifier = tern_pkce_new_verifier (&error);
  self->state = self->verifier ? tern_pkce_new_state (&error) : NULL;
  if (self->state == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  challenge = tern_pkce_challenge (self->verifier);

  authorize_base = tern_oauth_authorize_base_for_api (self->api_base);
  {
    g_autofree char *e_client = g_uri_escape_string (self->client_id, NULL, FALSE);
    g_autofree char *e_redirect = g_uri_escape_string (self->redirect_uri, NULL, FALSE);
    g_autofree char *e_scope = g_uri_escape_string (TERN_OAUTH_SCOPES, NULL, FALSE);

    g_free (self->authorize_uri);
    self->authorize_uri = g_strdup_printf ("%s?response_type=code&client_id=%s&redirect_uri=%s"
                                           "&scope=%s&state=%s&code_challenge=%s"
                                           "&code_challenge_method=S256",
                                           authorize_base, e_client, e_redirect, e_scope,
                                           self->state, challenge);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHORIZE_URI]);
  }

  step_open_browser (self);
}

/* --- store ------------------------------------------------------------- */

static void
finish_with_account (TernOAuth *self)
{
  g_autoptr(GError) error = NULL;
  TernAccount *held;

  /* Without a manager the caller adds the account (on its own thread). */
  if (self->manager == NULL)
    {
      succeed (self);
      return;
    }

  held = tern_account_manager_add (self->manager, self->account, &error);
  if (held == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  succeed (self);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TernOAuth) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tern_token_store_save_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          fail (self, g_steal_pointer (&error));
          return;
        }
      /* X signed the person in; only the keyring said no. The account
       * works with the tokens in memory until Tern quits, and the person
       * is told (tern_oauth_get_store_error(), the account's
       * "store-failed"). */
      g_info ("sign-in: the sign-in is kept in memory only: %s", error->message);
      g_clear_error (&self->store_error);
      self->store_error = g_steal_pointer (&error);
    }

  if (self->task == NULL)
    return;
  finish_with_account (self);
  if (self->store_error != NULL && self->account != NULL)
    tern_account_report_store_failed (self->account, self->store_error);
}

static void
step_store (TernOAuth *self)
{
  g_autofree char *label = NULL;

  set_step (self, TERN_OAUTH_STEP_STORING);

  if (self->ephemeral)
    {
      finish_with_account (self);
      return;
    }

  label = g_strdup_printf (_("X sign-in for @%s (Tern)"), tern_account_get_username (self->account));
  tern_token_store_save_async (self->api_base, self->client_id,
                               tern_account_get_id (self->account), label, self->tokens,
                               g_task_get_cancellable (self->task), store_cb, g_object_ref (self));
}

/* --- users/me ---------------------------------------------------------- */

/* The token just issued, for the one users/me call before the account
 * exists. It cannot refresh: a 401 here means the sign-in did not work. */

#define TERN_TYPE_OAUTH_FRESH_TOKEN (tern_oauth_fresh_token_get_type ())
G_DECLARE_FINAL_TYPE (TernOAuthFreshToken, tern_oauth_fresh_token, TERN, OAUTH_FRESH_TOKEN, GObject)

struct _TernOAuthFreshToken
{
  GObject  parent_instance;
  char    *token;
};

static void fresh_token_source_init (TernTokenSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TernOAuthFreshToken, tern_oauth_fresh_token, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TERN_TYPE_TOKEN_SOURCE, fresh_token_source_init))

static void
fresh_token_get_async (TernTokenSource     *source,
                       const char          *rejected_token,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  TernOAuthFreshToken *self = TERN_OAUTH_FRESH_TOKEN (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  if (rejected_token != NULL)
    g_task_return_new_error (task, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_INVALID_GRANT,
                             _("X did not accept the token it had just issued. Sign in again."));
  else
    g_task_return_pointer (task, g_strdup (self->token), (GDestroyNotify) tern_secret_free);
}

static char *
fresh_token_get_finish (TernTokenSource  *source,
                        GAsyncResult     *result,
                        GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fresh_token_source_init (TernTokenSourceInterface *iface)
{
  iface->get_token_async = fresh_token_get_async;
  iface->get_token_finish = fresh_token_get_finish;
}

static void
tern_oauth_fresh_token_finalize (GObject *object)
{
  tern_secret_free (TERN_OAUTH_FRESH_TOKEN (object)->token);
  G_OBJECT_CLASS (tern_oauth_fresh_token_parent_class)->finalize (object);
}

static void
tern_oauth_fresh_token_class_init (TernOAuthFreshTokenClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tern_oauth_fresh_token_finalize;
}

static void
tern_oauth_fresh_token_init (TernOAuthFreshToken *self)
{
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
me_cb (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(TernOAuth) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  JsonObject *object;
  const char *id;
  g_autofree char *username = NULL;
  g_autofree char *name = NULL;

  data = tern_client_send_finish (TERN_CLIENT (source), result, &error);
  if (self->task == NULL)
    return;
  if (data == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          fail (self, g_steal_pointer (&error));
          return;
        }
      fail (self, g_error_new (TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_HTTP,
                               _("X signed you in but would not say who you are: %s"),
                               error->message));
      return;
    }

  object = tern_client_get_object (data, &error);
  id = member_string (object, "id");
  if (!tern_untrusted_id_is_valid (id))
    {
      fail (self, g_error_new_literal (TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_BAD_RESPONSE,
                                       _("X's answer about who signed in had no user id. Sign in again.")));
      return;
    }

  /* Shown in the window and printed by tern login: no terminal escapes. */
  username = tern_untrusted_clean_text (member_string (object, "username"), -1);
  name = tern_untrusted_clean_text (member_string (object, "name"), -1);
  self->account = tern_account_new (self->api_base, self->client_id, id, username, name,
                                    member_string (object, "profile_image_url"));
  tern_account_set_ephemeral (self->account, self->ephemeral);
  tern_account_set_tokens (self->account, self->tokens);

  step_store (self);
}

/* The one call that asks X who signed in, through the client every other
 * request uses. */
static void
step_fetch_user (TernOAuth *self)
{
  g_autoptr(TernOAuthFreshToken) token = g_object_new (TERN_TYPE_OAUTH_FRESH_TOKEN, NULL);
  g_autoptr(TernClient) client = NULL;

  set_step (self, TERN_OAUTH_STEP_FETCHING_USER);

  token->token = g_strdup (self->tokens->access_token);
  client = tern_client_new (self->api_base, TERN_TOKEN_SOURCE (token));
  tern_client_get_json_async (client, "/2/users/me?user.fields=profile_image_url",
                              TERN_CLIENT_FLAGS_IDEMPOTENT, g_task_get_cancellable (self->task),
                              me_cb, g_object_ref (self));
}

/* --- exchange ---------------------------------------------------------- */

static void
exchange_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TernOAuth) self = user_data;
  g_autoptr(GError) error = NULL;
  TernTokens *tokens;

  tokens = tern_token_endpoint_finish (result, &error);
  if (self->task == NULL)
    {
      tern_tokens_free (tokens);
      return;
    }
  if (tokens == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }

  if (tokens->refresh_token == NULL)
    g_message ("sign-in: X gave no refresh token; the account must sign in again in two hours");

  tokens->client_secret = g_strdup (self->client_secret);
  self->tokens = tokens;
  step_fetch_user (self);
}

static void
step_exchange (TernOAuth *self)
{
  set_step (self, TERN_OAUTH_STEP_EXCHANGING);
  tern_token_endpoint_exchange_async (self->session, self->api_base, self->client_id,
                                      self->client_secret, self->code, self->redirect_uri,
                                      self->verifier, g_task_get_cancellable (self->task),
                                      exchange_cb, g_object_ref (self));
  g_clear_pointer (&self->code, tern_secret_free);
}

/* --- GObject ----------------------------------------------------------- */

static void
tern_oauth_dispose (GObject *object)
{
  TernOAuth *self = TERN_OAUTH (object);

  stop_listening (self);
  stop_timers (self);
  if (self->open_destroy != NULL)
    g_clear_pointer (&self->open_data, self->open_destroy);
  self->open_func = NULL;

  G_OBJECT_CLASS (tern_oauth_parent_class)->dispose (object);
}

static void
tern_oauth_finalize (GObject *object)
{
  TernOAuth *self = TERN_OAUTH (object);

  forget_secrets (self);
  g_clear_object (&self->manager);
  g_clear_object (&self->session);
  g_clear_object (&self->account);
  g_free (self->api_base);
  g_free (self->client_id);
  tern_secret_free (self->client_secret);
  g_free (self->configured_redirect_uri);
  g_free (self->redirect_uri);
  g_free (self->redirect_path);
  g_free (self->authorize_uri);

  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (tern_oauth_parent_class)->finalize (object);
}

static void
tern_oauth_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TernOAuth *self = TERN_OAUTH (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_int (value, self->step);
      break;
    case PROP_AUTHORIZE_URI:
      g_value_set_string (value, self->authorize_uri);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_oauth_class_init (TernOAuthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tern_oauth_dispose;
  object_class->finalize = tern_oauth_finalize;
  object_class->get_property = tern_oauth_get_property;

  properties[PROP_STEP] =
    g_param_spec_int ("step", NULL, NULL, TERN_OAUTH_STEP_IDLE, TERN_OAUTH_STEP_FAILED,
                      TERN_OAUTH_STEP_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTHORIZE_URI] =
    g_param_spec_string ("authorize-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tern_oauth_init (TernOAuth *self)
{
  self->timeout_seconds = TERN_OAUTH_DEFAULT_TIMEOUT_SECONDS;
  self->session = soup_session_new_with_options ("timeout", 60, NULL);
}

/**
 * tern_oauth_new:
 * @manager: (nullable): where the signed-in account goes; %NULL leaves
 *   adding it to the caller (a sign-in run on another thread than the
 *   manager's)
 * @api_base: the API, such as https://api.x.com, or a simulator's address
 * @client_id: the X app's OAuth 2.0 client ID
 * @client_secret: (nullable): the secret of a confidential client
 * @redirect_uri: (nullable): the loopback redirect URI registered for the
 *   app; port 0 takes any free port
 *
 * Returns: (transfer full): a sign-in, not yet started
 */
TernOAuth *
tern_oauth_new (TernAccountManager *manager,
                const char         *api_base,
                const char         *client_id,
                const char         *client_secret,
                const char         *redirect_uri)
{
  TernOAuth *self;

  g_return_val_if_fail (manager == NULL || TERN_IS_ACCOUNT_MANAGER (manager), NULL);
  g_return_val_if_fail (api_base != NULL, NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  self = g_object_new (TERN_TYPE_OAUTH, NULL);
  self->manager = manager ? g_object_ref (manager) : NULL;
  self->api_base = g_strdup (api_base);
  self->client_id = g_strdup (client_id);
  self->client_secret = client_secret && client_secret[0] ? g_strdup (client_secret) : NULL;
  self->configured_redirect_uri = g_strdup (redirect_uri ? redirect_uri : TERN_OAUTH_DEFAULT_REDIRECT_URI);
  return self;
}

/**
 * tern_oauth_set_open_func:
 * @func: (nullable): how to show the consent page; %NULL opens the
 *   default browser
 */
void
tern_oauth_set_open_func (TernOAuth         *self,
                          TernOAuthOpenFunc  func,
                          gpointer           user_data,
                          GDestroyNotify     destroy)
{
  g_return_if_fail (TERN_IS_OAUTH (self));

  if (self->open_destroy != NULL)
    self->open_destroy (self->open_data);
  self->open_func = func;
  self->open_data = user_data;
  self->open_destroy = destroy;
}

/**
 * tern_oauth_open_failed:
 *
 * The consent page could not be shown: the sign-in stops with a message
 * that gives the address to open by hand.
 */
void
tern_oauth_open_failed (TernOAuth    *self,
                        const GError *error)
{
  g_return_if_fail (TERN_IS_OAUTH (self));
  g_return_if_fail (error != NULL);

  if (self->task == NULL)
    return;
  fail (self, g_error_new (TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_BROWSER,
                           _("Tern could not open a web browser (%s). Install or set a default browser, "
                             "or sign in with “tern login --no-browser” and open the address it prints."),
                           error->message));
}

static void
in_process_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TernOAuth) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessage *message;

  message = SOUP_MESSAGE (source);
  bytes = tern_bounded_read_finish (message, result, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tern_oauth_open_failed (self, error);
      return;
    }
  g_debug ("sandbox consent page: %u", soup_message_get_status (message));
}

/**
 * tern_oauth_open_in_process:
 *
 * A #TernOAuthOpenFunc for a simulator that approves at once: visits the
 * consent page here and follows its redirect to the loopback server, as a
 * browser would.
 */
void
tern_oauth_open_in_process (TernOAuth  *self,
                            const char *uri,
                            gpointer    user_data)
{
  g_autoptr(SoupMessage) message = NULL;

  g_return_if_fail (TERN_IS_OAUTH (self));

  message = soup_message_new ("GET", uri);
  tern_bounded_read_async (self->session, message, TERN_MAX_ANSWER_BYTES,
                           TERN_DEFAULT_DEADLINE_SECONDS, G_PRIORITY_DEFAULT,
                           self->task ? g_task_get_cancellable (self->task) : NULL,
                           in_process_cb, g_object_ref (self));
}

void
tern_oauth_set_timeout (TernOAuth *self,
                        guint      seconds)
{
  g_return_if_fail (TERN_IS_OAUTH (self));
  g_return_if_fail (seconds > 0);

  self->timeout_seconds = seconds;
}

/**
 * tern_oauth_set_ephemeral:
 *
 * The account signed in lives in memory only (the sandbox): its tokens are
 * not written to the keyring.
 */
void
tern_oauth_set_ephemeral (TernOAuth *self,
                          gboolean   ephemeral)
{
  g_return_if_fail (TERN_IS_OAUTH (self));
  self->ephemeral = !!ephemeral;
}

TernOAuthStep
tern_oauth_get_step (TernOAuth *self)
{
  g_return_val_if_fail (TERN_IS_OAUTH (self), TERN_OAUTH_STEP_IDLE);
  return self->step;
}

/**
 * tern_oauth_get_redirect_uri:
 *
 * Returns: (nullable): the redirect URI in use, with the port filled in,
 *   once listening
 */
const char *
tern_oauth_get_redirect_uri (TernOAuth *self)
{
  g_return_val_if_fail (TERN_IS_OAUTH (self), NULL);
  return self->redirect_uri;
}

/**
 * tern_oauth_get_authorize_uri:
 *
 * Returns: (nullable): the consent page address, once listening
 */
const char *
tern_oauth_get_authorize_uri (TernOAuth *self)
{
  g_return_val_if_fail (TERN_IS_OAUTH (self), NULL);
  return self->authorize_uri;
}

/**
 * tern_oauth_sign_in_async:
 *
 * Runs the whole sign-in. Cancelling @cancellable stops it at any step
 * and closes the loopback server. One sign-in per object.
 */
void
tern_oauth_sign_in_async (TernOAuth           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (TERN_IS_OAUTH (self));
  g_return_if_fail (self->step == TERN_OAUTH_STEP_IDLE);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, tern_oauth_sign_in_async);

  self->timeout_source = g_timeout_source_new_seconds (self->timeout_seconds);
  g_source_set_callback (self->timeout_source, timeout_cb, self, NULL);
  g_source_attach (self->timeout_source, g_main_context_get_thread_default ());

  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (cancelled_cb), self, NULL);
      g_source_attach (self->cancel_source, g_main_context_get_thread_default ());
    }

  step_listen (self);
}

/**
 * tern_oauth_sign_in_finish:
 *
 * Returns: (transfer full) (nullable): the signed-in account, already in
 *   the manager and active when the sign-in was given one
 */
TernAccount *
tern_oauth_sign_in_finish (TernOAuth     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * tern_oauth_get_store_error:
 * @self: a sign-in
 *
 * Returns: (nullable): why the keyring did not take the new sign-in, if it
 *   did not; the account then works only until Tern quits
 */
const GError *
tern_oauth_get_store_error (TernOAuth *self)
{
  g_return_val_if_fail (TERN_IS_OAUTH (self), NULL);

  return self->store_error;
}
