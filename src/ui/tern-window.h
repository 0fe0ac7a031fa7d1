/* tern-window.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/auth/tern-account-manager.h"
#include "core/draft/tern-draft.h"
#include "core/draft/tern-draft-store.h"
#include "core/net/tern-client.h"
#include "tern-composer.h"
#include "tern-sender.h"

G_BEGIN_DECLS

#define TERN_TYPE_WINDOW (tern_window_get_type ())

G_DECLARE_FINAL_TYPE (TernWindow, tern_window, TERN, WINDOW, AdwApplicationWindow)

/* The main window: a header bar with the account button and the primary
 * menu over a GtkStack with the "compose" page (the TernComposer) and the
 * "sign-in" page, all inside an AdwToastOverlay. The active account of
 * "account-manager" decides the page; the sandbox shows a banner. The
 * action "win.post" is enabled only while the composer's thread is valid;
 * Ctrl+Enter activates it, "win.cancel-post" (Esc) stops it. Files
 * dropped on the window go to the post with the keyboard, or the last. */
TernWindow         *tern_window_new                 (GtkApplication     *application);
TernAccountManager *tern_window_get_account_manager (TernWindow         *self);
void                tern_window_set_account_manager (TernWindow         *self,
                                                     TernAccountManager *manager);
TernDraftStore     *tern_window_get_draft_store     (TernWindow         *self);
void                tern_window_set_draft_store     (TernWindow         *self,
                                                     TernDraftStore     *store);
TernDraft          *tern_window_get_draft           (TernWindow         *self);
void                tern_window_set_draft           (TernWindow         *self,
                                                     TernDraft          *draft);
TernComposer       *tern_window_get_composer        (TernWindow         *self);
GtkStack           *tern_window_get_stack           (TernWindow         *self);
AdwToastOverlay    *tern_window_get_toast_overlay   (TernWindow         *self);
void                tern_window_add_toast           (TernWindow         *self,
                                                     AdwToast           *toast);
TernSender         *tern_window_get_sender          (TernWindow         *self);
void                tern_window_set_client          (TernWindow         *self,
                                                     TernClient         *client);
void                tern_window_show_error          (TernWindow         *self,
                                                     const char         *message);
void                tern_window_start_sandbox       (TernWindow         *self);
void                tern_window_add_account         (TernWindow         *self);

G_END_DECLS
