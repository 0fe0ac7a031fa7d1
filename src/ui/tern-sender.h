/* tern-sender.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/auth/tern-account-manager.h"
#include "core/net/tern-client.h"
#include "core/draft/tern-draft-store.h"
#include "tern-composer.h"

G_BEGIN_DECLS

#define TERN_TYPE_SENDER (tern_sender_get_type ())

G_DECLARE_FINAL_TYPE (TernSender, tern_sender, TERN, SENDER, GObject)

/* Posting a composer's draft with TernPost: property "sending" while it
 * runs, and the composer's "sending" too (which locks the posts and turns
 * Post into Cancel), each attachment's upload on its tile, the steps
 * in the composer's status line. Success: a "Posted" toast whose button
 * opens the post, the draft deleted from the store and a fresh one in the
 * composer. Failure or Cancel: the draft stays as it is and a toast says
 * what to do. Posts go through "client" when set, else the active account
 * of "account-manager"; "draft-store" is where sent drafts are deleted. */
TernSender     *tern_sender_new          (TernComposer   *composer);
TernClient     *tern_sender_get_client   (TernSender     *self);
void            tern_sender_set_client   (TernSender     *self,
                                          TernClient     *client);
TernAccountManager *tern_sender_get_account_manager (TernSender         *self);
void            tern_sender_set_account_manager (TernSender         *self,
                                                 TernAccountManager *manager);
TernDraftStore *tern_sender_get_store    (TernSender     *self);
void            tern_sender_set_store    (TernSender     *self,
                                          TernDraftStore *store);
gboolean        tern_sender_get_sending  (TernSender     *self);
const char     *tern_sender_get_last_url (TernSender     *self);
void            tern_sender_send         (TernSender     *self);
void            tern_sender_cancel       (TernSender     *self);

G_END_DECLS
