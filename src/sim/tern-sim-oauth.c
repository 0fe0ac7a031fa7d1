/* tern-sim-oauth.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-sim"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tern-sim-private.h"

/* OAuth 2.0 authorization code flow with PKCE, as X runs it: the consent
 * page, the token endpoint (code and refresh grants, refresh tokens that
 * rotate and die on use), and revocation. */

static const char *known_scopes[] = {
  "tweet.read", "tweet.write", "tweet.moderate.write", "users.read", "users.email",
  "follows.read", "follows.write", "offline.access", "space.read", "mute.read",
  "mute.write", "like.read", "like.write", "list.read", "list.write", "block.read",
  "block.write", "bookmark.read", "bookmark.write", "media.write", "dm.read",
  "dm.write", NULL,
};

#define INVALID_TOKEN "Value passed for the token was invalid."
#define INVALID_CODE "Value passed for the authorization code was invalid."

void
sim_grant_unref (SimGrant *grant)
{
  if (grant == NULL || --grant->ref_count > 0)
    return;
  g_free (grant->client_id);
  g_free (grant->user_id);
  g_free (grant->scope);
  g_free (grant);
}

static SimGrant *
sim_grant_ref (SimGrant *grant)
{
  grant->ref_count++;
  return grant;
}

static SimClient *
find_client (TernSim    *sim,
             const char *client_id)
{
  if (client_id == NULL)
    return NULL;
  for (guint i = 0; i < sim->clients->len; i++)
    {
      SimClient *client = g_ptr_array_index (sim->clients, i);

      if (g_str_equal (client->client_id, client_id))
        return client;
    }
  return NULL;
}

static gboolean
is_loopback_redirect (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (parsed == NULL || g_strcmp0 (g_uri_get_scheme (parsed), "http") != 0)
    return FALSE;
  host = g_uri_get_host (parsed);
  return g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "localhost") == 0 ||
         g_strcmp0 (host, "::1") == 0 || g_strcmp0 (host, "[::1]") == 0;
}

/* Exact match, trailing slash included, as X does. */
static gboolean
redirect_allowed (TernSim    *sim,
                  const char *client_id,
                  const char *redirect_uri)
{
  SimClient *client = find_client (sim, client_id);

  if (redirect_uri == NULL)
    return FALSE;
  if (client == NULL)
    return sim->sandbox && is_loopback_redirect (redirect_uri);
  return g_strv_contains ((const char * const *) client->redirect_uris, redirect_uri);
}

static gboolean
client_known (TernSim    *sim,
              const char *client_id)
{
  if (client_id == NULL || *client_id == '\0')
    return FALSE;
  return find_client (sim, client_id) != NULL || sim->sandbox;
}

static void
append_param (GString    *uri,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_c (uri, strchr (uri->str, '?') != NULL ? '&' : '?');
  g_string_append_printf (uri, "%s=%s", name, escaped);
}

static void
redirect (SimRequest *req,
          GString    *uri)
{
  soup_server_message_set_redirect (req->msg, 302, uri->str);
}

static void
redirect_with_error (SimRequest *req,
                     const char *redirect_uri,
                     const char *error,
                     const char *description,
                     const char *state)
{
  g_autoptr(GString) uri = g_string_new (redirect_uri);

  append_param (uri, "error", error);
  if (description != NULL)
    append_param (uri, "error_description", description);
  if (state != NULL)
    append_param (uri, "state", state);
  redirect (req, uri);
}

static void
respond_page (SimRequest *req,
              guint       status,
              const char *title,
              const char *body_html)
{
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *page = NULL;

  page = g_strdup_printf ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width\">"
                          "<title>%s</title>"
                          "<style>body{font-family:sans-serif;max-width:32em;margin:3em auto;padding:0 1em}"
                          ".sandbox{background:#fde68a;padding:.5em 1em;border-radius:6px}"
                          "button{font-size:1.1em;padding:.5em 1.5em;margin:.5em .5em 0 0}"
                          "</style></head><body>"
                          "<p class=\"sandbox\">%s</p>%s</body></html>\n",
                          escaped_title,
                          _("This is Tern’s local X simulator, not X. Nothing here reaches X."),
                          body_html);
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "text/html; charset=utf-8",
                                    SOUP_MEMORY_COPY, page, strlen (page));
}

static void
respond_went_wrong (SimRequest *req,
                    const char *why)
{
  g_autofree char *escaped = g_markup_escape_text (why, -1);
  g_autofree char *body = g_strdup_printf ("<h1>%s</h1><p>%s</p><p>%s</p>",
                                           _("Something went wrong"),
                                           _("You weren’t able to give access to the app. Go back and try signing in again."),
                                           escaped);

  respond_page (req, 400, _("Something went wrong"), body);
}

static char *
new_code (TernSim    *sim,
          const char *client_id,
          const char *redirect_uri,
          const char *challenge,
          const char *scope,
          const char *user_id)
{
  SimAuthCode *code = g_new0 (SimAuthCode, 1);
  char *value = tern_sim_random_token (sim, 48);

  code->client_id = g_strdup (client_id);
  code->redirect_uri = g_strdup (redirect_uri);
  code->code_challenge = g_strdup (challenge);
  code->scope = g_strdup (scope);
  code->user_id = g_strdup (user_id);
  code->created_at = tern_sim_now (sim);
  g_hash_table_insert (sim->codes, g_strdup (value), code);
  return value;
}

static void
redirect_with_code (SimRequest        *req,
                    SimPendingConsent *consent,
                    const char        *user_id)
{
  g_autofree char *code = new_code (req->sim, consent->client_id, consent->redirect_uri,
                                    consent->code_challenge, consent->scope, user_id);
  g_autoptr(GString) uri = g_string_new (consent->redirect_uri);

  append_param (uri, "state", consent->state);
  append_param (uri, "code", code);
  redirect (req, uri);
}

static const char *
query_get (SimRequest *req,
           const char *name)
{
  return req->query ? g_hash_table_lookup (req->query, name) : NULL;
}

static char *
consent_page_body (TernSim           *sim,
                   const char        *consent_id,
                   SimPendingConsent *consent)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_auto(GStrv) scopes = g_strsplit (consent->scope, " ", -1);
  g_autofree char *client = g_markup_escape_text (consent->client_id, -1);
  g_autofree char *title = g_strdup_printf (_("%s wants to access your X account"), client);

  g_string_append_printf (html, "<h1>%s</h1>", title);
  g_string_append_printf (html, "<p>%s</p><ul>", _("It will be able to:"));
  for (guint i = 0; scopes[i] != NULL; i++)
    {
      g_autofree char *scope = g_markup_escape_text (scopes[i], -1);

      if (*scopes[i] != '\0')
        g_string_append_printf (html, "<li><code>%s</code></li>", scope);
    }
  g_string_append (html, "</ul>");
  g_string_append (html, "<form method=\"post\" action=\"/i/oauth2/authorize\">");
  g_string_append_printf (html, "<input type=\"hidden\" name=\"consent\" value=\"%s\">", consent_id);
  if (sim->users->len > 1)
    {
      g_string_append_printf (html, "<p><label for=\"user\">%s</label> <select id=\"user\" name=\"user\">",
                              _("Sign in as"));
      for (guint i = 0; i < sim->users->len; i++)
        {
          SimUser *user = g_ptr_array_index (sim->users, i);
          g_autofree char *name = g_markup_escape_text (user->username, -1);

          g_string_append_printf (html, "<option value=\"%s\">@%s</option>", user->id, name);
        }
      g_string_append (html, "</select></p>");
    }
  else
    {
      SimUser *user = g_ptr_array_index (sim->users, 0);
      g_autofree char *name = g_markup_escape_text (user->username, -1);
      g_autofree char *line = g_strdup_printf (_("You are signed in as @%s."), name);

      g_string_append_printf (html, "<p>%s</p>", line);
      g_string_append_printf (html, "<input type=\"hidden\" name=\"user\" value=\"%s\">", user->id);
    }
  g_string_append_printf (html,
                          "<button type=\"submit\" id=\"allow\" name=\"decision\" value=\"allow\">%s</button>"
                          "<button type=\"submit\" id=\"cancel\" name=\"decision\" value=\"deny\">%s</button>",
                          _("Authorize app"), _("Cancel"));
  g_string_append (html, "</form>");
  return g_string_free (g_steal_pointer (&html), FALSE);
}

void
tern_sim_handle_authorize (SimRequest *req)
{
  TernSim *sim = req->sim;
  const char *client_id = query_get (req, "client_id");
  const char *redirect_uri = query_get (req, "redirect_uri");
  const char *response_type = query_get (req, "response_type");
  const char *scope = query_get (req, "scope");
  const char *state = query_get (req, "state");
  const char *challenge = query_get (req, "code_challenge");
  const char *method = query_get (req, "code_challenge_method");
  g_auto(GStrv) scopes = NULL;
  SimPendingConsent *consent;
  g_autofree char *consent_id = NULL;
  g_autofree char *body = NULL;

  /* Before the redirect URI is trusted, errors show a page: never redirect
   * to a URI the client did not register. */
  if (!client_known (sim, client_id))
    {
      respond_went_wrong (req, _("The app’s client_id is missing or not registered."));
      return;
    }
  if (!redirect_allowed (sim, client_id, redirect_uri))
    {
      respond_went_wrong (req, _("The app’s redirect_uri is missing or does not exactly match a registered one."));
      return;
    }

  if (g_strcmp0 (response_type, "code") != 0)
    {
      redirect_with_error (req, redirect_uri, "unsupported_response_type",
                           "response_type must be code", state);
      return;
    }
  if (state == NULL || *state == '\0')
    {
      redirect_with_error (req, redirect_uri, "invalid_request",
                           "Missing required parameter [state].", NULL);
      return;
    }
  if (challenge == NULL || *challenge == '\0')
    {
      redirect_with_error (req, redirect_uri, "invalid_request",
                           "Missing required parameter [code_challenge].", state);
      return;
    }
  if (g_strcmp0 (method, "S256") != 0)
    {
      redirect_with_error (req, redirect_uri, "invalid_request",
                           "code_challenge_method must be S256", state);
      return;
    }
  if (scope == NULL || *scope == '\0')
    {
      redirect_with_error (req, redirect_uri, "invalid_request",
                           "Missing required parameter [scope].", state);
      return;
    }
  scopes = g_strsplit (scope, " ", -1);
  for (guint i = 0; scopes[i] != NULL; i++)
    {
      if (*scopes[i] != '\0' && !g_strv_contains (known_scopes, scopes[i]))
        {
          redirect_with_error (req, redirect_uri, "invalid_scope",
                               "The requested scope is invalid.", state);
          return;
        }
    }

  consent = g_new0 (SimPendingConsent, 1);
  consent->client_id = g_strdup (client_id);
  consent->redirect_uri = g_strdup (redirect_uri);
  consent->state = g_strdup (state);
  consent->code_challenge = g_strdup (challenge);
  consent->scope = g_strdup (scope);

  if (sim->auto_approve)
    {
      const char *user_id = sim->auto_approve_user
                            ? sim->auto_approve_user
                            : ((SimUser *) g_ptr_array_index (sim->users, 0))->id;

      redirect_with_code (req, consent, user_id);
      g_free (consent->client_id);
      g_free (consent->redirect_uri);
      g_free (consent->state);
      g_free (consent->code_challenge);
      g_free (consent->scope);
      g_free (consent);
      return;
    }

  consent_id = tern_sim_random_token (sim, 18);
  body = consent_page_body (sim, consent_id, consent);
  g_hash_table_insert (sim->consents, g_strdup (consent_id), consent);
  respond_page (req, 200, _("Authorize app"), body);
}

void
tern_sim_handle_authorize_decision (SimRequest *req)
{
  TernSim *sim = req->sim;
  g_autoptr(GHashTable) form = tern_sim_parse_form_body (req);
  const char *consent_id = form ? g_hash_table_lookup (form, "consent") : NULL;
  const char *decision = form ? g_hash_table_lookup (form, "decision") : NULL;
  const char *user_id = form ? g_hash_table_lookup (form, "user") : NULL;
  SimPendingConsent *consent;
  SimUser *user;

  consent = consent_id ? g_hash_table_lookup (sim->consents, consent_id) : NULL;
  if (consent == NULL)
    {
      respond_went_wrong (req, _("This sign-in request is unknown or was already answered. Start signing in again from the app."));
      return;
    }

  user = tern_sim_find_user (sim, user_id ? user_id : "");
  if (user == NULL)
    user = g_ptr_array_index (sim->users, 0);

  if (g_strcmp0 (decision, "allow") == 0)
    redirect_with_code (req, consent, user->id);
  else
    redirect_with_error (req, consent->redirect_uri, "access_denied", NULL, consent->state);

  g_hash_table_remove (sim->consents, consent_id);
}

/* The token endpoint */

/* Longer than anything a client sends (the SDK: 171), short enough to
 * refuse garbage. */
#define MAX_VERIFIER_LENGTH 256

static gboolean
verifier_matches (const char *verifier,
                  const char *challenge)
{
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize len = sizeof digest;
  g_autofree char *encoded = NULL;
  gsize n = strlen (verifier);

  /* RFC 7636 says 43 to 128 unreserved characters, but X accepts longer
   * ones: its own SDK sends 171 (128 random bytes, base64url) and was
   * verified against X. Accept what X accepts, and say so in the log: a
   * client that relies on it may meet a stricter server elsewhere. Not
   * g_warning(): a test program makes warnings fatal. */
  if (n < 43 || n > MAX_VERIFIER_LENGTH)
    return FALSE;
  if (n > 128)
    g_message ("warning: a code_verifier of %" G_GSIZE_FORMAT " characters; "
               "RFC 7636 allows at most 128, X accepts it", n);
  for (const char *p = verifier; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-._~", *p) == NULL)
      return FALSE;

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) verifier, n);
  g_checksum_get_digest (checksum, digest, &len);
  encoded = g_base64_encode (digest, len);
  for (char *p = encoded; *p; p++)
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
  return g_str_equal (encoded, challenge);
}

/* Finds which client is calling: Basic auth for confidential clients,
 * client_id in the body for public ones. Answers the error itself and
 * returns NULL when the client cannot be accepted. */
static char *
authenticate_client (SimRequest *req,
                     GHashTable *form)
{
  TernSim *sim = req->sim;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  const char *body_id = g_hash_table_lookup (form, "client_id");
  SimClient *client;

  if (g_hash_table_contains (form, "client_secret"))
    {
      tern_sim_respond_oauth_error (req, 400, "invalid_request",
                                    "Client secrets must be sent with HTTP Basic authentication, not in the request body.");
      return NULL;
    }

  if (auth != NULL && g_ascii_strncasecmp (auth, "Basic ", 6) == 0)
    {
      gsize len = 0;
      g_autofree guchar *decoded = g_base64_decode (auth + 6, &len);
      g_autofree char *pair = g_strndup ((const char *) decoded, len);
      char *colon = strchr (pair, ':');
      g_autofree char *id = NULL;
      g_autofree char *secret = NULL;

      if (colon == NULL)
        {
          tern_sim_respond_oauth_error (req, 401, "unauthorized_client", "Missing valid authorization header");
          return NULL;
        }
      *colon = '\0';
      id = g_uri_unescape_string (pair, NULL);
      secret = g_uri_unescape_string (colon + 1, NULL);
      client = find_client (sim, id);
      if (client == NULL && !sim->sandbox)
        {
          tern_sim_respond_oauth_error (req, 401, "unauthorized_client", "Missing valid authorization header");
          return NULL;
        }
      if (client != NULL && g_strcmp0 (client->client_secret, secret) != 0)
        {
          tern_sim_respond_oauth_error (req, 401, "unauthorized_client", "Missing valid authorization header");
          return NULL;
        }
      if (body_id != NULL && g_strcmp0 (body_id, id) != 0)
        {
          tern_sim_respond_oauth_error (req, 400, "invalid_request",
                                        "client_id in the body does not match the Authorization header.");
          return NULL;
        }
      return g_steal_pointer (&id);
    }

  if (body_id == NULL || *body_id == '\0')
    {
      tern_sim_respond_oauth_error (req, 400, "invalid_request", "Missing required parameter [client_id].");
      return NULL;
    }
  client = find_client (sim, body_id);
  if (client == NULL && !sim->sandbox)
    {
      tern_sim_respond_oauth_error (req, 400, "invalid_request", "Value passed for the client_id was invalid.");
      return NULL;
    }
  if (client != NULL && client->client_secret != NULL)
    {
      /* a confidential client must authenticate */
      tern_sim_respond_oauth_error (req, 401, "unauthorized_client", "Missing valid authorization header");
      return NULL;
    }
  return g_strdup (body_id);
}

static const char *
form_require (SimRequest *req,
              GHashTable *form,
              const char *name)
{
  const char *value = g_hash_table_lookup (form, name);

  if (value == NULL || *value == '\0')
    {
      g_autofree char *message = g_strdup_printf ("Missing required parameter [%s].", name);

      tern_sim_respond_oauth_error (req, 400, "invalid_request", message);
      return NULL;
    }
  return value;
}

static void
respond_tokens (SimRequest *req,
                SimGrant   *grant)
{
  TernSim *sim = req->sim;
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  SimAccessToken *access = g_new0 (SimAccessToken, 1);
  g_autofree char *access_value = tern_sim_random_token (sim, 48);

  access->grant = sim_grant_ref (grant);
  access->expires_at = tern_sim_now (sim) + sim->access_token_lifetime;
  g_hash_table_insert (sim->access_tokens, g_strdup (access_value), access);

  json_object_set_string_member (root, "token_type", "bearer");
  json_object_set_int_member (root, "expires_in", sim->access_token_lifetime);
  json_object_set_string_member (root, "access_token", access_value);
  json_object_set_string_member (root, "scope", grant->scope);

  if (strstr (grant->scope, "offline.access") != NULL)
    {
      SimRefreshToken *refresh = g_new0 (SimRefreshToken, 1);
      g_autofree char *refresh_value = tern_sim_random_token (sim, 48);

      refresh->grant = sim_grant_ref (grant);
      g_hash_table_insert (sim->refresh_tokens, g_strdup (refresh_value), refresh);
      json_object_set_string_member (root, "refresh_token", refresh_value);
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "cache-control", "no-store");
  json_node_set_object (node, root);
  tern_sim_respond_json (req, 200, node);
}

static void
revoke_other_clients (TernSim    *sim,
                      const char *user_id,
                      const char *client_id)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, sim->access_tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SimAccessToken *token = value;

      if (g_str_equal (token->grant->user_id, user_id) &&
          !g_str_equal (token->grant->client_id, client_id))
        token->grant->revoked = TRUE;
    }
  g_hash_table_iter_init (&iter, sim->refresh_tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SimRefreshToken *token = value;

      if (g_str_equal (token->grant->user_id, user_id) &&
          !g_str_equal (token->grant->client_id, client_id))
        token->grant->revoked = TRUE;
    }
}

static void
grant_authorization_code (SimRequest *req,
                          GHashTable *form,
                          const char *client_id)
{
  TernSim *sim = req->sim;
  const char *code_value, *redirect_uri, *verifier;
  SimAuthCode *code;
  SimGrant *grant;

  if ((code_value = form_require (req, form, "code")) == NULL ||
      (redirect_uri = form_require (req, form, "redirect_uri")) == NULL ||
      (verifier = form_require (req, form, "code_verifier")) == NULL)
    return;

  code = g_hash_table_lookup (sim->codes, code_value);
  if (code == NULL || code->used ||
      tern_sim_now (sim) >= code->created_at + sim->code_lifetime ||
      !g_str_equal (code->client_id, client_id) ||
      !g_str_equal (code->redirect_uri, redirect_uri))
    {
      tern_sim_respond_oauth_error (req, 400, "invalid_request", INVALID_CODE);
      return;
    }
  /* single use, even when the verifier is wrong */
  code->used = TRUE;
  if (!verifier_matches (verifier, code->code_challenge))
    {
      tern_sim_respond_oauth_error (req, 400, "invalid_request",
                                    "Value passed for the code_verifier was invalid.");
      return;
    }

  if (sim->revoke_other_clients)
    revoke_other_clients (sim, code->user_id, client_id);

  grant = g_new0 (SimGrant, 1);
  grant->ref_count = 1;
  grant->client_id = g_strdup (client_id);
  grant->user_id = g_strdup (code->user_id);
  grant->scope = g_strdup (code->scope);
  respond_tokens (req, grant);
  sim_grant_unref (grant);
}

static void
grant_refresh_token (SimRequest *req,
                     GHashTable *form,
                     const char *client_id)
{
  TernSim *sim = req->sim;
  const char *value;
  SimRefreshToken *refresh;

  if ((value = form_require (req, form, "refresh_token")) == NULL)
    return;

  refresh = g_hash_table_lookup (sim->refresh_tokens, value);
  if (refresh == NULL || refresh->revoked || refresh->grant->revoked ||
      !g_str_equal (refresh->grant->client_id, client_id))
    {
      tern_sim_respond_oauth_error (req, 400, "invalid_request", INVALID_TOKEN);
      return;
    }
  if (refresh->spent)
    {
      /* A spent token coming back means two parties hold the chain: X may
       * end the whole grant. */
      if (sim->revoke_grant_on_reuse)
        refresh->grant->revoked = TRUE;
      tern_sim_respond_oauth_error (req, 400, "invalid_request", INVALID_TOKEN);
      return;
    }

  refresh->spent = TRUE;
  sim->refresh_count++;
  respond_tokens (req, refresh->grant);
}

void
tern_sim_handle_token (SimRequest *req)
{
  g_autoptr(GHashTable) form = tern_sim_parse_form_body (req);
  g_autofree char *client_id = NULL;
  const char *grant_type;

  if (form == NULL)
    form = g_hash_table_new (g_str_hash, g_str_equal);

  client_id = authenticate_client (req, form);
  if (client_id == NULL)
    return;

  grant_type = g_hash_table_lookup (form, "grant_type");
  if (grant_type == NULL)
    tern_sim_respond_oauth_error (req, 400, "invalid_request", "Missing required parameter [grant_type].");
  else if (g_str_equal (grant_type, "authorization_code"))
    grant_authorization_code (req, form, client_id);
  else if (g_str_equal (grant_type, "refresh_token"))
    grant_refresh_token (req, form, client_id);
  else
    tern_sim_respond_oauth_error (req, 400, "unsupported_grant_type",
                                  "Value passed for the grant type was invalid.");
}

void
tern_sim_handle_revoke (SimRequest *req)
{
  TernSim *sim = req->sim;
  g_autoptr(GHashTable) form = tern_sim_parse_form_body (req);
  g_autofree char *client_id = NULL;
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  const char *token;
  SimAccessToken *access;
  SimRefreshToken *refresh;

  if (form == NULL)
    form = g_hash_table_new (g_str_hash, g_str_equal);

  client_id = authenticate_client (req, form);
  if (client_id == NULL)
    return;
  if ((token = form_require (req, form, "token")) == NULL)
    return;

  /* RFC 7009: an unknown token is not an error */
  access = g_hash_table_lookup (sim->access_tokens, token);
  if (access != NULL && g_str_equal (access->grant->client_id, client_id))
    access->revoked = TRUE;
  refresh = g_hash_table_lookup (sim->refresh_tokens, token);
  if (refresh != NULL && g_str_equal (refresh->grant->client_id, client_id))
    {
      refresh->revoked = TRUE;
      refresh->grant->revoked = TRUE;
    }

  json_object_set_boolean_member (root, "revoked", TRUE);
  json_node_set_object (node, root);
  tern_sim_respond_json (req, 200, node);
}
