/* tern-sandbox.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "core/auth/tern-account-manager.h"
#include "sim/tern-sim.h"

G_BEGIN_DECLS

#define TERN_TYPE_SANDBOX (tern_sandbox_get_type ())

G_DECLARE_FINAL_TYPE (TernSandbox, tern_sandbox, TERN, SANDBOX, GObject)

TernSandbox *tern_sandbox_get_default     (void);
const char  *tern_sandbox_get_api_base    (TernSandbox         *self);
TernSim     *tern_sandbox_get_sim         (TernSandbox         *self);
void         tern_sandbox_sign_in_async   (TernSandbox         *self,
                                           TernAccountManager  *manager,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
TernAccount *tern_sandbox_sign_in_finish  (TernSandbox         *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
