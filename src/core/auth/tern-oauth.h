/* tern-oauth.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tern-account.h"
#include "tern-account-manager.h"
#include "tern-oauth-error.h"

G_BEGIN_DECLS

#define TERN_OAUTH_DEFAULT_REDIRECT_URI "http://127.0.0.1:8723/callback"
#define TERN_OAUTH_DEFAULT_TIMEOUT_SECONDS (5 * 60)

/**
 * TernOAuthStep:
 * @TERN_OAUTH_STEP_IDLE: not started
 * @TERN_OAUTH_STEP_LISTENING: opening the loopback server
 * @TERN_OAUTH_STEP_OPENING_BROWSER: handing the consent page to the browser
 * @TERN_OAUTH_STEP_WAITING: waiting for X to call back
 * @TERN_OAUTH_STEP_EXCHANGING: trading the code for tokens
 * @TERN_OAUTH_STEP_FETCHING_USER: asking X who signed in
 * @TERN_OAUTH_STEP_STORING: writing the tokens to the keyring
 * @TERN_OAUTH_STEP_DONE: signed in
 * @TERN_OAUTH_STEP_FAILED: stopped with an error
 */
typedef enum
{
  TERN_OAUTH_STEP_IDLE,
  TERN_OAUTH_STEP_LISTENING,
  TERN_OAUTH_STEP_OPENING_BROWSER,
  TERN_OAUTH_STEP_WAITING,
  TERN_OAUTH_STEP_EXCHANGING,
  TERN_OAUTH_STEP_FETCHING_USER,
  TERN_OAUTH_STEP_STORING,
  TERN_OAUTH_STEP_DONE,
  TERN_OAUTH_STEP_FAILED,
} TernOAuthStep;

#define TERN_TYPE_OAUTH (tern_oauth_get_type ())

G_DECLARE_FINAL_TYPE (TernOAuth, tern_oauth, TERN, OAUTH, GObject)

/**
 * TernOAuthOpenFunc:
 * @oauth: the sign-in
 * @uri: X's consent page for this sign-in
 * @user_data: data given to tern_oauth_set_open_func()
 *
 * Shows the consent page to the person: opens a browser, prints the
 * address, or (the sandbox) visits it in-process. Called once the loopback
 * server is listening. Report a failure with tern_oauth_open_failed().
 */
typedef void (*TernOAuthOpenFunc) (TernOAuth  *oauth,
                                   const char *uri,
                                   gpointer    user_data);

TernOAuth     *tern_oauth_new                (TernAccountManager  *manager,
                                              const char          *api_base,
                                              const char          *client_id,
                                              const char          *client_secret,
                                              const char          *redirect_uri);
void           tern_oauth_set_open_func      (TernOAuth           *self,
                                              TernOAuthOpenFunc    func,
                                              gpointer             user_data,
                                              GDestroyNotify       destroy);
void           tern_oauth_open_failed        (TernOAuth           *self,
                                              const GError        *error);
void           tern_oauth_open_in_process    (TernOAuth           *self,
                                              const char          *uri,
                                              gpointer             user_data);
void           tern_oauth_set_timeout        (TernOAuth           *self,
                                              guint                seconds);
void           tern_oauth_set_ephemeral      (TernOAuth           *self,
                                              gboolean             ephemeral);
TernOAuthStep  tern_oauth_get_step           (TernOAuth           *self);
const GError  *tern_oauth_get_store_error    (TernOAuth           *self);
const char    *tern_oauth_get_redirect_uri   (TernOAuth           *self);
const char    *tern_oauth_get_authorize_uri  (TernOAuth           *self);
void           tern_oauth_sign_in_async      (TernOAuth           *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
TernAccount   *tern_oauth_sign_in_finish     (TernOAuth           *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
