/* tern-token-source.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TERN_TYPE_TOKEN_SOURCE (tern_token_source_get_type ())

G_DECLARE_INTERFACE (TernTokenSource, tern_token_source, TERN, TOKEN_SOURCE, GObject)

/**
 * TernTokenSourceInterface:
 * @get_token_async: gives a bearer token that is valid for at least a minute.
 *   With @force_refresh, the caller saw a 401 with the token it had: the
 *   source refreshes (once, however many callers ask at the same time) and
 *   gives the new token.
 * @get_token_finish: the token, or %NULL with an error that says what to do
 *   (for example, sign in again).
 *
 * What #TernClient asks for the token it sends. A signed-in #TernAccount is
 * one; tests may use a fixed token.
 */
struct _TernTokenSourceInterface
{
  GTypeInterface parent_iface;

  void   (*get_token_async)  (TernTokenSource     *self,
                              gboolean             force_refresh,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  char * (*get_token_finish) (TernTokenSource     *self,
                              GAsyncResult        *result,
                              GError             **error);
};

void  tern_token_source_get_token_async  (TernTokenSource     *self,
                                          gboolean             force_refresh,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
char *tern_token_source_get_token_finish (TernTokenSource     *self,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
