/* tern-account-button.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/auth/tern-account-manager.h"

G_BEGIN_DECLS

#define TERN_TYPE_ACCOUNT_BUTTON (tern_account_button_get_type ())

G_DECLARE_FINAL_TYPE (TernAccountButton, tern_account_button, TERN, ACCOUNT_BUTTON, AdwBin)

GtkWidget          *tern_account_button_new         (TernAccountManager *manager);
TernAccountManager *tern_account_button_get_manager (TernAccountButton  *self);
void                tern_account_button_set_compact (TernAccountButton  *self,
                                                     gboolean            compact);
void                tern_account_button_set_manager (TernAccountButton  *self,
                                                     TernAccountManager *manager);

G_END_DECLS
