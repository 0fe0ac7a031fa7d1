/* tern-sign-in-page.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/auth/tern-account-manager.h"

G_BEGIN_DECLS

#define TERN_TYPE_SIGN_IN_PAGE (tern_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (TernSignInPage, tern_sign_in_page, TERN, SIGN_IN_PAGE, AdwBin)

GtkWidget          *tern_sign_in_page_new            (TernAccountManager *manager);
TernAccountManager *tern_sign_in_page_get_manager    (TernSignInPage     *self);
void                tern_sign_in_page_set_manager    (TernSignInPage     *self,
                                                      TernAccountManager *manager);
void                tern_sign_in_page_set_can_go_back (TernSignInPage    *self,
                                                       gboolean           can_go_back);
void                tern_sign_in_page_set_can_try_sandbox (TernSignInPage *self,
                                                          gboolean        can_try_sandbox);
void                tern_sign_in_page_set_builtin_client_id (TernSignInPage *self,
                                                             const char     *client_id);
char               *tern_sign_in_page_get_client_id  (TernSignInPage     *self);
void                tern_sign_in_page_show_error     (TernSignInPage     *self,
                                                      const char         *message);
void                tern_sign_in_page_start_sandbox  (TernSignInPage     *self);
void                tern_sign_in_page_cancel         (TernSignInPage     *self);

G_END_DECLS
