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
 *   With @rejected_token, the caller sent that token and X answered 401: if
 *   the source still holds it, it refreshes (once, however many callers ask
 *   at the same time) and gives the new token; if it already holds a newer
 *   one, it gives that without asking X again.
 * @get_token_finish: the token, or %NULL with an error that says what to do
 *   (for example, sign in again).
 * @refused_again: optional: X refused @token too, the one the source gave
 *   right after a refresh that a refusal caused. Refreshing again would not
 *   help: the source stops handing it out and returns the error to report
 *   (for an account: sign in again), or %NULL when it already holds a newer
 *   token.
 *
 * What #TernClient asks for the token it sends. A signed-in #TernAccount is
 * one; tests may use a fixed token.
 */
struct _TernTokenSourceInterface
{
  GTypeInterface parent_iface;

  void   (*get_token_async)  (TernTokenSource     *self,
                              const char          *rejected_token,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  char * (*get_token_finish) (TernTokenSource     *self,
                              GAsyncResult        *result,
                              GError             **error);
  GError *(*refused_again)   (TernTokenSource     *self,
                              const char          *token);
};

void  tern_token_source_get_token_async  (TernTokenSource     *self,
                                          const char          *rejected_token,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
char *tern_token_source_get_token_finish (TernTokenSource     *self,
                                          GAsyncResult        *result,
                                          GError             **error);
GError *tern_token_source_refused_again  (TernTokenSource     *self,
                                          const char          *token);

G_END_DECLS
