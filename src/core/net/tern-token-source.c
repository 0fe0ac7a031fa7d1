/* tern-token-source.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-token-source"

#include "config.h"

#include "tern-token-source.h"

G_DEFINE_INTERFACE (TernTokenSource, tern_token_source, G_TYPE_OBJECT)

static void
tern_token_source_default_init (TernTokenSourceInterface *iface)
{
}

/**
 * tern_token_source_get_token_async:
 * @self: a token source
 * @rejected_token: (nullable): the token X just answered 401 to, or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the token
 * @user_data: data for @callback
 *
 * Asks for a bearer token; see #TernTokenSourceInterface.
 */

void
tern_token_source_get_token_async (TernTokenSource     *self,
                                   const char          *rejected_token,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (TERN_IS_TOKEN_SOURCE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  TERN_TOKEN_SOURCE_GET_IFACE (self)->get_token_async (self, rejected_token, cancellable,
                                                       callback, user_data);
}

/**
 * tern_token_source_get_token_finish:
 *
 * Returns: (transfer full) (nullable): the bearer token
 */
char *
tern_token_source_get_token_finish (TernTokenSource  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (TERN_IS_TOKEN_SOURCE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return TERN_TOKEN_SOURCE_GET_IFACE (self)->get_token_finish (self, result, error);
}

/**
 * tern_token_source_refused_again:
 * @self: a token source
 * @token: the token X refused, right after a refresh
 *
 * Returns: (transfer full) (nullable): the error to report instead of X's
 *   refusal, or %NULL
 */
GError *
tern_token_source_refused_again (TernTokenSource *self,
                                 const char      *token)
{
  TernTokenSourceInterface *iface;

  g_return_val_if_fail (TERN_IS_TOKEN_SOURCE (self), NULL);

  iface = TERN_TOKEN_SOURCE_GET_IFACE (self);
  if (iface->refused_again == NULL || token == NULL)
    return NULL;
  return iface->refused_again (self, token);
}
