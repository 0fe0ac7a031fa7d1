/* tern-token-endpoint.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "tern-token-store.h"

G_BEGIN_DECLS

#define TERN_OAUTH_SCOPES "tweet.read tweet.write users.read media.write offline.access"

char       *tern_oauth_authorize_base_for_api (const char          *api_base);

void        tern_token_endpoint_exchange_async  (SoupSession         *session,
                                                 const char          *api_base,
                                                 const char          *client_id,
                                                 const char          *client_secret,
                                                 const char          *code,
                                                 const char          *redirect_uri,
                                                 const char          *code_verifier,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
void        tern_token_endpoint_refresh_async   (SoupSession         *session,
                                                 const char          *api_base,
                                                 const char          *client_id,
                                                 const char          *client_secret,
                                                 const char          *refresh_token,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
TernTokens *tern_token_endpoint_finish          (GAsyncResult        *result,
                                                 GError             **error);

void        tern_token_endpoint_revoke_async    (SoupSession         *session,
                                                 const char          *api_base,
                                                 const char          *client_id,
                                                 const char          *client_secret,
                                                 const char          *token,
                                                 const char          *token_type_hint,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean    tern_token_endpoint_revoke_finish   (GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
