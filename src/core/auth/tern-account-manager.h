/* tern-account-manager.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tern-account.h"

G_BEGIN_DECLS

#define TERN_TYPE_ACCOUNT_MANAGER (tern_account_manager_get_type ())

G_DECLARE_FINAL_TYPE (TernAccountManager, tern_account_manager, TERN, ACCOUNT_MANAGER, GObject)

TernAccountManager *tern_account_manager_new            (const char          *path);
TernAccountManager *tern_account_manager_new_default    (void);
const char         *tern_account_manager_get_path       (TernAccountManager  *self);
gboolean            tern_account_manager_load           (TernAccountManager  *self,
                                                         GError             **error);
gboolean            tern_account_manager_save           (TernAccountManager  *self,
                                                         GError             **error);
TernAccount        *tern_account_manager_find           (TernAccountManager  *self,
                                                         const char          *name);
TernAccount        *tern_account_manager_lookup         (TernAccountManager  *self,
                                                         const char          *api_base,
                                                         const char          *id);
TernAccount        *tern_account_manager_get_active     (TernAccountManager  *self);
void                tern_account_manager_set_active     (TernAccountManager  *self,
                                                         TernAccount         *account);
TernAccount        *tern_account_manager_add            (TernAccountManager  *self,
                                                         TernAccount         *account,
                                                         GError             **error);
void                tern_account_manager_remove_async   (TernAccountManager  *self,
                                                         TernAccount         *account,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean            tern_account_manager_remove_finish  (TernAccountManager  *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
