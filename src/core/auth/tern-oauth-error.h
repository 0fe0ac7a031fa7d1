/* tern-oauth-error.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TERN_OAUTH_ERROR (tern_oauth_error_quark ())

/**
 * TernOAuthError:
 * @TERN_OAUTH_ERROR_PORT_IN_USE: the redirect URI's port is taken
 * @TERN_OAUTH_ERROR_CANCELLED_AT_X: the person said no on X's page
 * @TERN_OAUTH_ERROR_DENIED: X answered the callback with another error
 * @TERN_OAUTH_ERROR_TIMED_OUT: no callback within the time allowed
 * @TERN_OAUTH_ERROR_BROWSER: no browser could be opened
 * @TERN_OAUTH_ERROR_INVALID_CLIENT: X does not know the client ID or secret
 * @TERN_OAUTH_ERROR_INVALID_GRANT: the code or refresh token was refused
 * @TERN_OAUTH_ERROR_NEEDS_SIGN_IN: the account must sign in again
 * @TERN_OAUTH_ERROR_KEYRING: the keyring could not be read or written
 * @TERN_OAUTH_ERROR_BAD_RESPONSE: X's answer could not be understood
 * @TERN_OAUTH_ERROR_HTTP: X answered with an HTTP error
 * @TERN_OAUTH_ERROR_INVALID_ARGUMENT: a redirect URI or API base is unusable
 * @TERN_OAUTH_ERROR_NOT_FOUND: no such account
 */
typedef enum
{
  TERN_OAUTH_ERROR_PORT_IN_USE = 1,
  TERN_OAUTH_ERROR_CANCELLED_AT_X,
  TERN_OAUTH_ERROR_DENIED,
  TERN_OAUTH_ERROR_TIMED_OUT,
  TERN_OAUTH_ERROR_BROWSER,
  TERN_OAUTH_ERROR_INVALID_CLIENT,
  TERN_OAUTH_ERROR_INVALID_GRANT,
  TERN_OAUTH_ERROR_NEEDS_SIGN_IN,
  TERN_OAUTH_ERROR_KEYRING,
  TERN_OAUTH_ERROR_BAD_RESPONSE,
  TERN_OAUTH_ERROR_HTTP,
  TERN_OAUTH_ERROR_INVALID_ARGUMENT,
  TERN_OAUTH_ERROR_NOT_FOUND,
} TernOAuthError;

GQuark tern_oauth_error_quark (void);

G_END_DECLS
