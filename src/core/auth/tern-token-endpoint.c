/* tern-token-endpoint.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-token-endpoint"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tern-token-endpoint.h"
#include "tern-oauth-error.h"
#include "tern-x.h"

/* X's token and revoke endpoints. Every form here carries a secret, so the
 * bodies are built by hand into buffers that are wiped when libsoup is done
 * with them, and only method, path and status are ever logged. */

typedef struct
{
  const char *path;
  gboolean    is_refresh;
} EndpointCall;

/**
 * tern_oauth_authorize_base_for_api:
 *
 * Returns: (transfer full): where the consent page lives for @api_base:
 *   X's own site for the real API, the same host for a simulator
 */
char *
tern_oauth_authorize_base_for_api (const char *api_base)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (api_base != NULL, NULL);

  trimmed = g_strdup (api_base);
  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';

  if (tern_x_is_official_api_base (trimmed))
    return g_strdup ("https://x.com/i/oauth2/authorize");

  return g_strconcat (trimmed, "/i/oauth2/authorize", NULL);
}

static char *
endpoint_uri (const char *api_base,
              const char *path)
{
  g_autofree char *trimmed = g_strdup (api_base);

  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';
  return g_strconcat (trimmed, path, NULL);
}

static void
append_form_field (GString    *form,
                   const char *name,
                   const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;
  if (form->len > 0)
    g_string_append_c (form, '&');
  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append (form, name);
  g_string_append_c (form, '=');
  g_string_append (form, escaped);
  explicit_bzero (escaped, strlen (escaped));
}

static void
wipe_and_free (gpointer data)
{
  GString *form = data;

  explicit_bzero (form->str, form->len);
  g_string_free (form, TRUE);
}

/* Public clients name themselves in the body; confidential ones in a Basic
 * header, because X refuses a secret in the body. */
static SoupMessage *
new_form_message (const char *api_base,
                  const char *path,
                  const char *client_id,
                  const char *client_secret,
                  GString    *form)
{
  g_autofree char *uri = endpoint_uri (api_base, path);
  g_autoptr(GBytes) body = NULL;
  SoupMessage *message;

  message = soup_message_new ("POST", uri);
  if (message == NULL)
    {
      wipe_and_free (form);
      return NULL;
    }

  if (client_secret != NULL && client_secret[0] != '\0')
    {
      /* RFC 6749 §2.3.1: both parts form-encoded before base64. */
      g_autofree char *id = g_uri_escape_string (client_id, NULL, FALSE);
      g_autofree char *secret = g_uri_escape_string (client_secret, NULL, FALSE);
      g_autofree char *pair = g_strconcat (id, ":", secret, NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *header = g_strconcat ("Basic ", encoded, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", header);
      explicit_bzero (secret, strlen (secret));
      explicit_bzero (pair, strlen (pair));
      explicit_bzero (encoded, strlen (encoded));
      explicit_bzero (header, strlen (header));
    }
  else
    append_form_field (form, "client_id", client_id);

  body = g_bytes_new_with_free_func (form->str, form->len, wipe_and_free, form);
  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", body);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Accept", "application/json");

  return message;
}

static JsonObject *
parse_object (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data;
  JsonNode *root;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  if (size == 0 || !json_parser_load_from_data (parser, data, size, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* One error a person can act on, from the OAuth error body or the status. */
static GError *
endpoint_error (guint        status,
                JsonObject  *object,
                gboolean     is_refresh)
{
  const char *code = get_string (object, "error");
  const char *description = get_string (object, "error_description");

  if (code == NULL && object != NULL)
    {
      /* A v2 problem body: {"title", "detail", ...}. */
      code = get_string (object, "title");
      description = get_string (object, "detail");
    }

  if (g_strcmp0 (code, "invalid_grant") == 0 ||
      (is_refresh && status == 400 && g_strcmp0 (code, "invalid_request") == 0 &&
       description != NULL && strstr (description, "token was invalid") != NULL))
    {
      if (is_refresh)
        return g_error_new_literal (TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_INVALID_GRANT,
                                    _("X no longer accepts this sign-in (it was revoked or has expired). "
                                      "Sign in again; your drafts are kept."));
      return g_error_new_literal (TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_INVALID_GRANT,
                                  _("X refused the sign-in code (it may have expired). Sign in again."));
    }

  if (g_strcmp0 (code, "invalid_client") == 0 || g_strcmp0 (code, "unauthorized_client") == 0 ||
      status == 401)
    return g_error_new_literal (TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_INVALID_CLIENT,
                                _("X did not accept the client ID or client secret. "
                                  "Check them against your app in the X developer portal."));

  if (code != NULL)
    return g_error_new (TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_HTTP,
                        _("X refused the sign-in request (HTTP %u, %s%s%s). "
                          "Check the app's settings in the X developer portal and try again."),
                        status, code,
                        description ? ": " : "", description ? description : "");

  return g_error_new (TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_HTTP,
                      _("X answered the sign-in request with HTTP %u and no explanation. Try again later."),
                      status);
}

static void
token_send_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(TernTokens) tokens = NULL;
  const EndpointCall *call = g_task_get_task_data (task);
  SoupMessage *message;
  guint status;
  JsonNode *expires;

  message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      g_debug ("POST %s failed before an answer", call->path);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE,
                                 _("Tern could not reach X to sign in (%s). Check the network connection and try again."),
                                 error->message);
      return;
    }

  status = soup_message_get_status (message);
  g_debug ("POST %s %u", call->path, status);
  object = parse_object (bytes);

  if (status < 200 || status >= 300)
    {
      g_task_return_error (task, endpoint_error (status, object, call->is_refresh));
      return;
    }

  if (get_string (object, "access_token") == NULL)
    {
      g_task_return_new_error (task, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_BAD_RESPONSE,
                               _("X's answer to the sign-in request (HTTP %u) had no access token. Try again later."),
                               status);
      return;
    }

  tokens = tern_tokens_new ();
  tokens->access_token = g_strdup (get_string (object, "access_token"));
  tokens->refresh_token = g_strdup (get_string (object, "refresh_token"));
  tokens->scope = g_strdup (get_string (object, "scope"));
  expires = json_object_get_member (object, "expires_in");
  if (expires != NULL && JSON_NODE_HOLDS_VALUE (expires))
    {
      gint64 seconds = json_node_get_value_type (expires) == G_TYPE_STRING
        ? g_ascii_strtoll (json_node_get_string (expires), NULL, 10)
        : json_node_get_int (expires);
      if (seconds > 0)
        tokens->expires_at = g_get_real_time () / G_USEC_PER_SEC + seconds;
    }

  g_task_return_pointer (task, g_steal_pointer (&tokens), (GDestroyNotify) tern_tokens_free);
}

static void
token_request (SoupSession         *session,
               const char          *api_base,
               const char          *client_id,
               const char          *client_secret,
               GString             *form,
               gboolean             is_refresh,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  static const EndpointCall exchange = { "/2/oauth2/token", FALSE };
  static const EndpointCall refresh = { "/2/oauth2/token", TRUE };
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) (is_refresh ? &refresh : &exchange), NULL);

  message = new_form_message (api_base, "/2/oauth2/token", client_id, client_secret, form);
  if (message == NULL)
    {
      g_task_return_new_error (task, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a usable API address. Give an address such as https://api.x.com."),
                               api_base);
      return;
    }

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, cancellable,
                                    token_send_cb, g_steal_pointer (&task));
}

void
tern_token_endpoint_exchange_async (SoupSession         *session,
                                    const char          *api_base,
                                    const char          *client_id,
                                    const char          *client_secret,
                                    const char          *code,
                                    const char          *redirect_uri,
                                    const char          *code_verifier,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GString *form = g_string_new (NULL);

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (code != NULL && redirect_uri != NULL && code_verifier != NULL);

  append_form_field (form, "grant_type", "authorization_code");
  append_form_field (form, "code", code);
  append_form_field (form, "redirect_uri", redirect_uri);
  append_form_field (form, "code_verifier", code_verifier);

  token_request (session, api_base, client_id, client_secret, form, FALSE,
                 cancellable, callback, user_data, tern_token_endpoint_exchange_async);
}

void
tern_token_endpoint_refresh_async (SoupSession         *session,
                                   const char          *api_base,
                                   const char          *client_id,
                                   const char          *client_secret,
                                   const char          *refresh_token,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GString *form = g_string_new (NULL);

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (refresh_token != NULL);

  append_form_field (form, "grant_type", "refresh_token");
  append_form_field (form, "refresh_token", refresh_token);

  token_request (session, api_base, client_id, client_secret, form, TRUE,
                 cancellable, callback, user_data, tern_token_endpoint_refresh_async);
}

/**
 * tern_token_endpoint_finish:
 *
 * Returns: (transfer full) (nullable): the tokens X issued
 */
TernTokens *
tern_token_endpoint_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
revoke_send_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) object = NULL;
  SoupMessage *message;
  guint status;

  message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      g_debug ("POST /2/oauth2/revoke failed before an answer");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE,
                                 _("Tern could not reach X to sign out (%s). Nothing was removed; try again when you are online."),
                                 error->message);
      return;
    }

  status = soup_message_get_status (message);
  g_debug ("POST /2/oauth2/revoke %u", status);
  if (status < 200 || status >= 300)
    {
      object = parse_object (bytes);
      g_task_return_error (task, endpoint_error (status, object, TRUE));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
tern_token_endpoint_revoke_async (SoupSession         *session,
                                  const char          *api_base,
                                  const char          *client_id,
                                  const char          *client_secret,
                                  const char          *token,
                                  const char          *token_type_hint,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  GString *form = g_string_new (NULL);

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (token != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_token_endpoint_revoke_async);

  append_form_field (form, "token", token);
  append_form_field (form, "token_type_hint", token_type_hint);
  message = new_form_message (api_base, "/2/oauth2/revoke", client_id, client_secret, form);
  if (message == NULL)
    {
      g_task_return_new_error (task, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a usable API address. Give an address such as https://api.x.com."),
                               api_base);
      return;
    }

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, cancellable,
                                    revoke_send_cb, g_steal_pointer (&task));
}

gboolean
tern_token_endpoint_revoke_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
