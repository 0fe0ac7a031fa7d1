/* tern-account.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tern-client.h"
#include "tern-token-source.h"
#include "tern-token-store.h"

G_BEGIN_DECLS

#define TERN_TYPE_ACCOUNT (tern_account_get_type ())

G_DECLARE_FINAL_TYPE (TernAccount, tern_account, TERN, ACCOUNT, GObject)

TernAccount *tern_account_new                   (const char          *api_base,
                                                 const char          *client_id,
                                                 const char          *id,
                                                 const char          *username,
                                                 const char          *name,
                                                 const char          *avatar_url);
const char  *tern_account_get_api_base          (TernAccount         *self);
const char  *tern_account_get_client_id         (TernAccount         *self);
const char  *tern_account_get_id                (TernAccount         *self);
const char  *tern_account_get_username          (TernAccount         *self);
const char  *tern_account_get_name              (TernAccount         *self);
const char  *tern_account_get_avatar_url        (TernAccount         *self);
char        *tern_account_dup_handle            (TernAccount         *self);
gboolean     tern_account_get_has_client_secret (TernAccount         *self);
void         tern_account_set_has_client_secret (TernAccount         *self,
                                                 gboolean             has_client_secret);
gboolean     tern_account_get_needs_sign_in     (TernAccount         *self);
void         tern_account_set_needs_sign_in     (TernAccount         *self,
                                                 gboolean             needs_sign_in);
gboolean     tern_account_get_ephemeral         (TernAccount         *self);
void         tern_account_set_ephemeral         (TernAccount         *self,
                                                 gboolean             ephemeral);
void         tern_account_update_profile        (TernAccount         *self,
                                                 const char          *username,
                                                 const char          *name,
                                                 const char          *avatar_url);
void         tern_account_set_tokens            (TernAccount         *self,
                                                 const TernTokens    *tokens);
gboolean     tern_account_matches               (TernAccount         *self,
                                                 const char          *name);
void         tern_account_report_store_failed   (TernAccount         *self,
                                                 const GError        *error);
TernClient  *tern_account_dup_client            (TernAccount         *self);

void         tern_account_revoke_async          (TernAccount         *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean     tern_account_revoke_finish         (TernAccount         *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
