/* tern-token-store.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "tern-utils.h"

G_BEGIN_DECLS

/**
 * TernTokens:
 * @access_token: the bearer token
 * @refresh_token: (nullable): the refresh token (rotates at each use)
 * @expires_at: when @access_token expires, Unix seconds (0: unknown)
 * @scope: (nullable): the scopes granted, space-separated
 * @client_secret: (nullable): a confidential client's secret
 *
 * What Tern keeps in the keyring for one account. Freed with its strings
 * wiped; never logged or written anywhere else.
 */
typedef struct
{
  char   *access_token;
  char   *refresh_token;
  gint64  expires_at;
  char   *scope;
  char   *client_secret;
} TernTokens;

#define TERN_TYPE_TOKENS (tern_tokens_get_type ())

GType       tern_tokens_get_type    (void) G_GNUC_CONST;
TernTokens *tern_tokens_new         (void);
TernTokens *tern_tokens_copy        (const TernTokens *tokens);
void        tern_tokens_free        (TernTokens       *tokens);
char       *tern_tokens_to_json     (const TernTokens *tokens);
TernTokens *tern_tokens_new_from_json (const char     *json,
                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TernTokens, tern_tokens_free)

const SecretSchema *tern_token_store_get_schema (void);

void        tern_token_store_save_async   (const char          *api_base,
                                           const char          *client_id,
                                           const char          *user_id,
                                           const char          *label,
                                           const TernTokens    *tokens,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    tern_token_store_save_finish  (GAsyncResult        *result,
                                           GError             **error);
void        tern_token_store_load_async   (const char          *api_base,
                                           const char          *client_id,
                                           const char          *user_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
TernTokens *tern_token_store_load_finish  (GAsyncResult        *result,
                                           GError             **error);
void        tern_token_store_delete_async (const char          *api_base,
                                           const char          *client_id,
                                           const char          *user_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    tern_token_store_delete_finish (GAsyncResult       *result,
                                            GError            **error);

G_END_DECLS
