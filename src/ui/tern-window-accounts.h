/* tern-window-accounts.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/auth/tern-account-manager.h"

G_BEGIN_DECLS

/* The window's accounts: the sign-in page in its stack, the account button
 * in its header, the sandbox banner above its content. Kept apart from
 * tern-window.c so the window stays about writing. */
void tern_window_accounts_setup         (GtkWindow          *window,
                                         TernAccountManager *manager,
                                         AdwToastOverlay    *overlay,
                                         AdwHeaderBar       *header,
                                         GtkBox             *content,
                                         GtkStack           *stack);
void tern_window_accounts_show_error    (GtkWindow          *window,
                                         const char         *message);
void tern_window_accounts_start_sandbox (GtkWindow          *window);
void tern_window_accounts_add_account   (GtkWindow          *window);

G_END_DECLS
