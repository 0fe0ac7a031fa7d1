/* tern-account.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-account"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "tern-account.h"
#include "tern-client.h"
#include "tern-oauth-error.h"
#include "tern-token-endpoint.h"

/* A token that will expire this soon is refreshed before it is handed out. */
#define REFRESH_MARGIN_SECONDS 60
/* After a refresh fails on the way (network, 5xx), a still-valid token is
 * used this long before the next try. */
#define RETRY_USEC (10 * G_USEC_PER_SEC)

struct _TernAccount
{
  GObject      parent_instance;

  char        *api_base;
  char        *client_id;
  char        *id;
  char        *username;
  char        *name;
  char        *avatar_url;
  guint        has_client_secret : 1;
  guint        needs_sign_in : 1;
  guint        ephemeral : 1;

  /* The one load or refresh in flight; everyone else waits in @waiters. */
  SoupSession *session;
  TernTokens  *tokens;
  TernTokens  *pending;
  gint64       refresh_failed_at;
  gboolean     refresh_forced;   /* the refresh in flight follows a 401 */
  int          lock_fd;          /* the refresh lock shared with other Terns */
  gboolean     busy;
  GQueue       waiters;

  /* The client whoever posts from this account shares while it is used;
   * weak, as a client holds its token source. */
  GWeakRef     client;
};

typedef struct
{
  char *rejected;   /* the token X answered 401 to, or NULL */
} TokenRequest;

static void
token_request_free (TokenRequest *request)
{
  g_clear_pointer (&request->rejected, tern_secret_free);
  g_free (request);
}

/* Whether X refused the very token this account holds (rather than one it
 * has replaced since the caller took it). */
static gboolean
holds_rejected_token (TernAccount  *self,
                      TokenRequest *request)
{
  return request->rejected != NULL &&
         self->tokens != NULL &&
         g_strcmp0 (request->rejected, self->tokens->access_token) == 0;
}

static void tern_account_token_source_init (TernTokenSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TernAccount, tern_account, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TERN_TYPE_TOKEN_SOURCE,
                                                      tern_account_token_source_init))

enum {
  PROP_0,
  PROP_API_BASE,
  PROP_CLIENT_ID,
  PROP_ID,
  PROP_USERNAME,
  PROP_NAME,
  PROP_AVATAR_URL,
  PROP_HAS_CLIENT_SECRET,
  PROP_NEEDS_SIGN_IN,
  PROP_EPHEMERAL,
  N_PROPS
};

enum {
  STORE_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void serve (TernAccount *self,
                   GTask       *task);
static void release_refresh_lock (TernAccount *self);

static GError *
needs_sign_in_error (TernAccount *self)
{
  return g_error_new (TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_NEEDS_SIGN_IN,
                      _("X no longer accepts this sign-in: @%s needs to sign in again. "
                        "Your drafts are kept."),
                      self->username ? self->username : self->id);
}

static void
fail_waiters (TernAccount  *self,
              const GError *error)
{
  GTask *task;

  while ((task = g_queue_pop_head (&self->waiters)))
    {
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
    }
}

static gboolean
token_still_valid (TernAccount *self)
{
  return self->tokens != NULL && self->tokens->access_token != NULL &&
         (self->tokens->expires_at == 0 ||
          self->tokens->expires_at > g_get_real_time () / G_USEC_PER_SEC);
}

/* The refresh failed on the way, not because X refused it: callers that
 * only need a token get the current one while it is valid; those that saw
 * it rejected get the error. */
static void
serve_waiters_after_failure (TernAccount  *self,
                             const GError *error)
{
  GTask *task;

  while ((task = g_queue_pop_head (&self->waiters)))
    {
      TokenRequest *request = g_task_get_task_data (task);

      if (!holds_rejected_token (self, request) && token_still_valid (self))
        g_task_return_pointer (task, g_strdup (self->tokens->access_token),
                               (GDestroyNotify) tern_secret_free);
      else
        g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
    }
}

static void
serve_waiters (TernAccount *self)
{
  GTask *task;

  while (!self->busy && (task = g_queue_pop_head (&self->waiters)))
    serve (self, task);
}

static void
install_tokens (TernAccount *self,
                TernTokens  *tokens)
{
  g_clear_pointer (&self->tokens, tern_tokens_free);
  self->tokens = tokens;
}


static void
mark_needs_sign_in (TernAccount *self)
{
  g_clear_pointer (&self->tokens, tern_tokens_free);
  tern_account_set_needs_sign_in (self, TRUE);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TernAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  TernTokens *tokens;

  tokens = tern_token_store_load_finish (result, &error);
  self->busy = FALSE;

  if (tokens == NULL)
    {
      g_debug ("account %s: no usable tokens in the keyring", self->id);
      if (g_error_matches (error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_NEEDS_SIGN_IN))
        {
          mark_needs_sign_in (self);
          g_clear_error (&error);
          error = needs_sign_in_error (self);
        }
      fail_waiters (self, error);
      return;
    }

  install_tokens (self, tokens);
  serve_waiters (self);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TernAccount) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A failed write must not lose the rotated token: the old one is already
   * dead at X. Keep it in memory and tell the person. */
  if (!tern_token_store_save_finish (result, &error))
    {
      g_message ("account %s: the refreshed sign-in is kept in memory only: %s",
                 self->id, error->message);
      g_signal_emit (self, signals[STORE_FAILED], 0, error);
    }

  /* Written (or kept in memory): another Tern may refresh now. */
  release_refresh_lock (self);
  self->busy = FALSE;
  install_tokens (self, g_steal_pointer (&self->pending));
  serve_waiters (self);
}

static void
refresh_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TernAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TernTokens) tokens = NULL;
  g_autofree char *label = NULL;

  tokens = tern_token_endpoint_finish (result, &error);
  if (tokens == NULL)
    {
      release_refresh_lock (self);
      self->busy = FALSE;
      g_debug ("account %s: refresh failed", self->id);
      if (g_error_matches (error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_INVALID_GRANT))
        {
          mark_needs_sign_in (self);
          g_clear_error (&error);
          error = needs_sign_in_error (self);
        }
      if (self->tokens != NULL)
        {
          self->refresh_failed_at = g_get_monotonic_time ();
          serve_waiters_after_failure (self, error);
        }
      else
        fail_waiters (self, error);
      return;
    }

  g_debug ("account %s: refreshed", self->id);
  self->refresh_failed_at = 0;

  /* X refused this access token, and the refresh gave the same one back:
   * refreshing again cannot help, and each try would write the keyring. */
  if (self->refresh_forced && self->tokens != NULL &&
      g_strcmp0 (tokens->access_token, self->tokens->access_token) == 0)
    {
      g_debug ("account %s: the refresh did not change the refused token", self->id);
      release_refresh_lock (self);
      self->busy = FALSE;
      mark_needs_sign_in (self);
      error = needs_sign_in_error (self);
      fail_waiters (self, error);
      return;
    }

  /* X may answer without a new refresh token; the old one then stays good. */
  if (tokens->refresh_token == NULL && self->tokens != NULL)
    tokens->refresh_token = g_strdup (self->tokens->refresh_token);
  if (self->tokens != NULL)
    tokens->client_secret = g_strdup (self->tokens->client_secret);

  if (self->ephemeral)
    {
      self->busy = FALSE;
      install_tokens (self, g_steal_pointer (&tokens));
      serve_waiters (self);
      return;
    }

  /* The rotated refresh token reaches the keyring before the new access
   * token is handed to anyone. */
  self->pending = g_steal_pointer (&tokens);
  label = g_strdup_printf (_("X sign-in for @%s (Tern)"), self->username);
  tern_token_store_save_async (self->api_base, self->client_id, self->id, label,
                               self->pending, NULL, store_cb, g_object_ref (self));
}

/* Made when first needed, on the context of the thread that needs it:
 * an account may be made on one thread (the sandbox signs in on its own)
 * and used on another, and most accounts never refresh in a session. */
static SoupSession *
account_session (TernAccount *self)
{
  if (self->session == NULL)
    self->session = soup_session_new_with_options ("timeout", 60, NULL);
  return self->session;
}

static void
start_refresh (TernAccount *self)
{
  /* Not cancellable: a refresh abandoned half-way could leave X holding
   * the only copy of the rotated token. */
  tern_token_endpoint_refresh_async (account_session (self), self->api_base, self->client_id,
                                     self->tokens->client_secret, self->tokens->refresh_token,
                                     NULL, refresh_cb, g_object_ref (self));
}

/* Another Tern (the command line beside the window) may have refreshed
 * this account already: its refresh token is then in the keyring and ours
 * is spent. Sending a spent one can make X end the whole grant, so look
 * first. */
static void
recheck_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TernAccount) self = user_data;
  g_autoptr(TernTokens) stored = NULL;

  stored = tern_token_store_load_finish (result, NULL);
  if (stored != NULL && stored->refresh_token != NULL && self->tokens != NULL &&
      g_strcmp0 (stored->refresh_token, self->tokens->refresh_token) != 0)
    {
      g_debug ("account %s: the keyring has newer tokens", self->id);
      release_refresh_lock (self);
      self->busy = FALSE;
      install_tokens (self, g_steal_pointer (&stored));
      serve_waiters (self);
      return;
    }

  start_refresh (self);
}

/* Refreshes of one account are serialised across processes (the window
 * and `tern post`): a rotated refresh token spent twice can make X end the
 * grant. The lock is a file per account under $XDG_RUNTIME_DIR, taken with
 * flock() in a worker thread, held from re-reading the keyring until the
 * new tokens are written back. */

static char *
refresh_lock_path (TernAccount *self)
{
  g_autofree char *key = g_strjoin ("\n", self->api_base, self->client_id, self->id, NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autofree char *name = g_strdup_printf ("refresh-%.32s.lock", digest);

  return g_build_filename (g_get_user_runtime_dir (), "tern", name, NULL);
}

static void
lock_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      (fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "%s: %s", path, g_strerror (saved_errno));
      return;
    }

  /* Waits here, off the main loop, while another Tern refreshes. */
  while (flock (fd, LOCK_EX) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EINTR)
        continue;
      close (fd);
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "%s: %s", path, g_strerror (saved_errno));
      return;
    }

  g_task_return_int (task, fd);
}

static void
release_refresh_lock (TernAccount *self)
{
  if (self->lock_fd < 0)
    return;
  /* Closing the only descriptor ends the flock. */
  close (self->lock_fd);
  self->lock_fd = -1;
}

static void
locked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TernAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  gssize fd;

  fd = g_task_propagate_int (G_TASK (result), &error);
  if (fd < 0)
    /* Better an unserialised refresh than none. */
    g_message ("account %s: refreshing without the lock shared with other Terns: %s",
               self->id, error->message);
  else
    self->lock_fd = (int) fd;

  /* Now that no other Tern refreshes, see whether one already did. */
  tern_token_store_load_async (self->api_base, self->client_id, self->id, NULL,
                               recheck_cb, g_object_ref (self));
}

static void
take_refresh_lock (TernAccount *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, locked_cb, g_object_ref (self));

  g_task_set_source_tag (task, take_refresh_lock);
  g_task_set_task_data (task, refresh_lock_path (self), g_free);
  g_task_run_in_thread (task, lock_thread);
}

static void
serve (TernAccount *self,
       GTask       *task)
{
  TokenRequest *request = g_task_get_task_data (task);
  gboolean expiring, forced;
  gint64 now;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (self->needs_sign_in)
    {
      g_task_return_error (task, needs_sign_in_error (self));
      g_object_unref (task);
      return;
    }

  if (self->busy)
    {
      g_queue_push_tail (&self->waiters, task);
      return;
    }

  if (self->tokens == NULL)
    {
      if (self->ephemeral)
        {
          mark_needs_sign_in (self);
          g_task_return_error (task, needs_sign_in_error (self));
          g_object_unref (task);
          return;
        }

      self->busy = TRUE;
      g_queue_push_tail (&self->waiters, task);
      tern_token_store_load_async (self->api_base, self->client_id, self->id, NULL,
                                   load_cb, g_object_ref (self));
      return;
    }

  now = g_get_real_time () / G_USEC_PER_SEC;
  expiring = self->tokens->expires_at != 0 &&
             self->tokens->expires_at - now <= REFRESH_MARGIN_SECONDS;
  forced = holds_rejected_token (self, request);

  /* Right after a failed refresh, a token that still works is used as it
   * is rather than asking X again at once. */
  if (expiring && !forced && self->refresh_failed_at != 0 &&
      g_get_monotonic_time () - self->refresh_failed_at < RETRY_USEC &&
      token_still_valid (self))
    expiring = FALSE;

  if (!expiring && !forced)
    {
      g_task_return_pointer (task, g_strdup (self->tokens->access_token), (GDestroyNotify) tern_secret_free);
      g_object_unref (task);
      return;
    }

  if (self->tokens->refresh_token == NULL)
    {
      mark_needs_sign_in (self);
      g_task_return_error (task, needs_sign_in_error (self));
      g_object_unref (task);
      return;
    }

  g_debug ("account %s: refreshing (%s)", self->id, forced ? "after a 401" : "about to expire");
  self->busy = TRUE;
  self->refresh_forced = forced;
  g_queue_push_tail (&self->waiters, task);

  if (self->ephemeral)
    start_refresh (self);
  else
    take_refresh_lock (self);
}

static void
tern_account_get_token_async (TernTokenSource     *source,
                              const char          *rejected_token,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  TernAccount *self = TERN_ACCOUNT (source);
  GTask *task;
  TokenRequest *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_account_get_token_async);
  request = g_new0 (TokenRequest, 1);
  request->rejected = g_strdup (rejected_token);
  g_task_set_task_data (task, request, (GDestroyNotify) token_request_free);

  serve (self, task);
}

/* X refused the token the refresh after a 401 gave: the new tokens are no
 * better than the old, so this ends here instead of refreshing on. */
static GError *
tern_account_refused_again (TernTokenSource *source,
                            const char      *token)
{
  TernAccount *self = TERN_ACCOUNT (source);

  if (self->needs_sign_in)
    return needs_sign_in_error (self);
  if (self->tokens == NULL || g_strcmp0 (token, self->tokens->access_token) != 0)
    return NULL;
  g_debug ("account %s: refused again right after a refresh", self->id);
  mark_needs_sign_in (self);
  return needs_sign_in_error (self);
}

static char *
tern_account_get_token_finish (TernTokenSource  *source,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
tern_account_token_source_init (TernTokenSourceInterface *iface)
{
  iface->get_token_async = tern_account_get_token_async;
  iface->get_token_finish = tern_account_get_token_finish;
  iface->refused_again = tern_account_refused_again;
}

static void
tern_account_finalize (GObject *object)
{
  TernAccount *self = TERN_ACCOUNT (object);

  g_assert (g_queue_is_empty (&self->waiters));

  release_refresh_lock (self);
  g_clear_pointer (&self->tokens, tern_tokens_free);
  g_clear_pointer (&self->pending, tern_tokens_free);
  g_clear_object (&self->session);
  g_weak_ref_clear (&self->client);
  g_free (self->api_base);
  g_free (self->client_id);
  g_free (self->id);
  g_free (self->username);
  g_free (self->name);
  g_free (self->avatar_url);

  G_OBJECT_CLASS (tern_account_parent_class)->finalize (object);
}

static void
tern_account_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TernAccount *self = TERN_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_API_BASE: g_value_set_string (value, self->api_base); break;
    case PROP_CLIENT_ID: g_value_set_string (value, self->client_id); break;
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_USERNAME: g_value_set_string (value, self->username); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_AVATAR_URL: g_value_set_string (value, self->avatar_url); break;
    case PROP_HAS_CLIENT_SECRET: g_value_set_boolean (value, self->has_client_secret); break;
    case PROP_NEEDS_SIGN_IN: g_value_set_boolean (value, self->needs_sign_in); break;
    case PROP_EPHEMERAL: g_value_set_boolean (value, self->ephemeral); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_account_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TernAccount *self = TERN_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_API_BASE: self->api_base = g_value_dup_string (value); break;
    case PROP_CLIENT_ID: self->client_id = g_value_dup_string (value); break;
    case PROP_ID: self->id = g_value_dup_string (value); break;
    case PROP_USERNAME: self->username = g_value_dup_string (value); break;
    case PROP_NAME: self->name = g_value_dup_string (value); break;
    case PROP_AVATAR_URL: self->avatar_url = g_value_dup_string (value); break;
    case PROP_HAS_CLIENT_SECRET: tern_account_set_has_client_secret (self, g_value_get_boolean (value)); break;
    case PROP_NEEDS_SIGN_IN: tern_account_set_needs_sign_in (self, g_value_get_boolean (value)); break;
    case PROP_EPHEMERAL: tern_account_set_ephemeral (self, g_value_get_boolean (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_account_class_init (TernAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags writable = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tern_account_finalize;
  object_class->get_property = tern_account_get_property;
  object_class->set_property = tern_account_set_property;

  properties[PROP_API_BASE] = g_param_spec_string ("api-base", NULL, NULL, NULL, construct);
  properties[PROP_CLIENT_ID] = g_param_spec_string ("client-id", NULL, NULL, NULL, construct);
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL,
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AVATAR_URL] = g_param_spec_string ("avatar-url", NULL, NULL, NULL,
                                                     G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_CLIENT_SECRET] = g_param_spec_boolean ("has-client-secret", NULL, NULL, FALSE, writable);
  properties[PROP_NEEDS_SIGN_IN] = g_param_spec_boolean ("needs-sign-in", NULL, NULL, FALSE, writable);
  properties[PROP_EPHEMERAL] = g_param_spec_boolean ("ephemeral", NULL, NULL, FALSE, writable);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TernAccount::store-failed:
   * @error: why the keyring could not be written
   *
   * A new or refreshed sign-in could not be written to the keyring. It is
   * kept in memory, so posting goes on, but it is lost when Tern quits.
   */
  signals[STORE_FAILED] = g_signal_new ("store-failed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
tern_account_init (TernAccount *self)
{
  g_queue_init (&self->waiters);
  self->lock_fd = -1;
  g_weak_ref_init (&self->client, NULL);
}

/**
 * tern_account_new:
 *
 * An account as X names it. Its tokens come from the keyring when first
 * asked for, or from tern_account_set_tokens() after a sign-in.
 *
 * Returns: (transfer full): a new account
 */
TernAccount *
tern_account_new (const char *api_base,
                  const char *client_id,
                  const char *id,
                  const char *username,
                  const char *name,
                  const char *avatar_url)
{
  g_return_val_if_fail (api_base != NULL, NULL);
  g_return_val_if_fail (client_id != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (TERN_TYPE_ACCOUNT,
                       "api-base", api_base,
                       "client-id", client_id,
                       "id", id,
                       "username", username,
                       "name", name,
                       "avatar-url", avatar_url,
                       NULL);
}

const char *
tern_account_get_api_base (TernAccount *self)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT (self), NULL);
  return self->api_base;
}

const char *
tern_account_get_client_id (TernAccount *self)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT (self), NULL);
  return self->client_id;
}

const char *
tern_account_get_id (TernAccount *self)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT (self), NULL);
  return self->id;
}

const char *
tern_account_get_username (TernAccount *self)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT (self), NULL);
  return self->username;
}

const char *
tern_account_get_name (TernAccount *self)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT (self), NULL);
  return self->name;
}

const char *
tern_account_get_avatar_url (TernAccount *self)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT (self), NULL);
  return self->avatar_url;
}

/**
 * tern_account_dup_handle:
 *
 * Returns: (transfer full): "@username", or the id when X gave no username
 */
char *
tern_account_dup_handle (TernAccount *self)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT (self), NULL);

  if (self->username != NULL && self->username[0] != '\0')
    return g_strconcat ("@", self->username, NULL);
  return g_strdup (self->id);
}

gboolean
tern_account_get_has_client_secret (TernAccount *self)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT (self), FALSE);
  return self->has_client_secret;
}

void
tern_account_set_has_client_secret (TernAccount *self,
                                    gboolean     has_client_secret)
{
  g_return_if_fail (TERN_IS_ACCOUNT (self));

  has_client_secret = !!has_client_secret;
  if (self->has_client_secret == has_client_secret)
    return;
  self->has_client_secret = has_client_secret;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_CLIENT_SECRET]);
}

gboolean
tern_account_get_needs_sign_in (TernAccount *self)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT (self), FALSE);
  return self->needs_sign_in;
}

void
tern_account_set_needs_sign_in (TernAccount *self,
                                gboolean     needs_sign_in)
{
  g_return_if_fail (TERN_IS_ACCOUNT (self));

  needs_sign_in = !!needs_sign_in;
  if (self->needs_sign_in == needs_sign_in)
    return;
  self->needs_sign_in = needs_sign_in;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_SIGN_IN]);
}

/**
 * tern_account_get_ephemeral:
 *
 * Whether the account lives only in memory (the sandbox): its tokens never
 * touch the keyring.
 */
gboolean
tern_account_get_ephemeral (TernAccount *self)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT (self), FALSE);
  return self->ephemeral;
}

void
tern_account_set_ephemeral (TernAccount *self,
                            gboolean     ephemeral)
{
  g_return_if_fail (TERN_IS_ACCOUNT (self));

  ephemeral = !!ephemeral;
  if (self->ephemeral == ephemeral)
    return;
  self->ephemeral = ephemeral;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPHEMERAL]);
}

static void
replace_string (TernAccount  *self,
                char        **field,
                const char   *value,
                guint         prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
tern_account_update_profile (TernAccount *self,
                             const char  *username,
                             const char  *name,
                             const char  *avatar_url)
{
  g_return_if_fail (TERN_IS_ACCOUNT (self));

  replace_string (self, &self->username, username, PROP_USERNAME);
  replace_string (self, &self->name, name, PROP_NAME);
  replace_string (self, &self->avatar_url, avatar_url, PROP_AVATAR_URL);
}

/**
 * tern_account_set_tokens:
 *
 * Gives the account tokens X has just issued (after a sign-in). The account
 * no longer needs to sign in. The caller stores them in the keyring.
 */
void
tern_account_set_tokens (TernAccount      *self,
                         const TernTokens *tokens)
{
  g_return_if_fail (TERN_IS_ACCOUNT (self));
  g_return_if_fail (tokens != NULL);
  g_return_if_fail (!self->busy);

  install_tokens (self, tern_tokens_copy (tokens));
  tern_account_set_has_client_secret (self, tokens->client_secret != NULL);
  tern_account_set_needs_sign_in (self, FALSE);
}

/**
 * tern_account_report_store_failed:
 * @self: an account
 * @error: why the keyring could not be written
 *
 * Says (through #TernAccount::store-failed) that the account's tokens
 * could not be written to the keyring and live in memory only. Used by
 * the sign-in, which stores the first tokens.
 */
void
tern_account_report_store_failed (TernAccount  *self,
                                  const GError *error)
{
  g_return_if_fail (TERN_IS_ACCOUNT (self));
  g_return_if_fail (error != NULL);

  g_signal_emit (self, signals[STORE_FAILED], 0, error);
}

/**
 * tern_account_matches:
 *
 * Whether @name names this account on the command line: "@username",
 * "username" (case-insensitive, as X treats them) or the numeric id.
 */
gboolean
tern_account_matches (TernAccount *self,
                      const char  *name)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT (self), FALSE);

  if (name == NULL)
    return FALSE;
  if (g_strcmp0 (self->id, name) == 0)
    return TRUE;
  if (name[0] == '@')
    name++;
  return self->username != NULL && g_ascii_strcasecmp (self->username, name) == 0;
}

/* Sign-out: revoke the refresh token (which ends the grant), then the access
 * token. An answer from X that the token is already dead is fine; not
 * reaching X at all is not, and nothing is removed then. */

typedef struct
{
  TernTokens *tokens;
  gboolean    revoked_refresh;
} RevokeData;

static void
revoke_data_free (gpointer data)
{
  RevokeData *revoke = data;

  tern_tokens_free (revoke->tokens);
  g_free (revoke);
}

static void revoke_next (GTask *task);

static void
revoke_step_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!tern_token_endpoint_revoke_finish (result, &error))
    {
      if (error->domain != TERN_OAUTH_ERROR)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("revoke: X refused, the token is dead already");
    }

  revoke_next (g_steal_pointer (&task));
}

static void
revoke_next (GTask *task)
{
  TernAccount *self = g_task_get_source_object (task);
  RevokeData *revoke = g_task_get_task_data (task);
  TernTokens *tokens = revoke->tokens;

  if (!revoke->revoked_refresh && tokens->refresh_token != NULL)
    {
      revoke->revoked_refresh = TRUE;
      tern_token_endpoint_revoke_async (account_session (self), self->api_base, self->client_id,
                                        tokens->client_secret, tokens->refresh_token,
                                        "refresh_token", g_task_get_cancellable (task),
                                        revoke_step_cb, task);
      return;
    }

  if (tokens->access_token != NULL)
    {
      g_autofree char *access = g_steal_pointer (&tokens->access_token);

      tern_token_endpoint_revoke_async (account_session (self), self->api_base, self->client_id,
                                        tokens->client_secret, access,
                                        "access_token", g_task_get_cancellable (task),
                                        revoke_step_cb, task);
      tern_secret_free (g_steal_pointer (&access));
      return;
    }

  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
revoke_load_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  RevokeData *revoke = g_task_get_task_data (task);

  revoke->tokens = tern_token_store_load_finish (result, &error);
  if (revoke->tokens == NULL)
    {
      /* Nothing in the keyring: nothing to revoke. */
      if (g_error_matches (error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_NEEDS_SIGN_IN))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  revoke_next (g_steal_pointer (&task));
}

void
tern_account_revoke_async (TernAccount         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  RevokeData *revoke;

  g_return_if_fail (TERN_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_account_revoke_async);
  revoke = g_new0 (RevokeData, 1);
  g_task_set_task_data (task, revoke, revoke_data_free);

  if (self->needs_sign_in)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  if (self->tokens != NULL)
    {
      revoke->tokens = tern_tokens_copy (self->pending ? self->pending : self->tokens);
      revoke_next (task);
      return;
    }

  if (self->ephemeral)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  tern_token_store_load_async (self->api_base, self->client_id, self->id, cancellable,
                               revoke_load_cb, task);
}

gboolean
tern_account_revoke_finish (TernAccount   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * tern_account_dup_client:
 *
 * The client to call X as this account. Everyone who posts from the
 * account at the same time gets the same one: one HTTP session, and one
 * refresh of the tokens in flight. A new one is made once no one holds
 * the last.
 *
 * Returns: (transfer full): the account's client
 */
TernClient *
tern_account_dup_client (TernAccount *self)
{
  TernClient *client;

  g_return_val_if_fail (TERN_IS_ACCOUNT (self), NULL);

  client = g_weak_ref_get (&self->client);
  if (client == NULL)
    {
      client = tern_client_new (self->api_base, TERN_TOKEN_SOURCE (self));
      g_weak_ref_set (&self->client, client);
    }
  return client;
}
