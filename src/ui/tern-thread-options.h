/* tern-thread-options.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/net/tern-client.h"
#include "core/draft/tern-draft.h"
#include "tern-reference-row.h"

G_BEGIN_DECLS

#define TERN_TYPE_THREAD_OPTIONS (tern_thread_options_get_type ())

G_DECLARE_FINAL_TYPE (TernThreadOptions, tern_thread_options, TERN, THREAD_OPTIONS, GtkWidget)

/* What applies to the whole thread, above its posts: the post it replies
 * to, the post it quotes (each a TernReferenceRow), and who can reply.
 * The choice of who can reply is remembered (GSettings "reply-settings")
 * and given to each new draft. Properties: "draft", "client". */
GtkWidget        *tern_thread_options_new             (void);
TernDraft        *tern_thread_options_get_draft       (TernThreadOptions *self);
void              tern_thread_options_set_draft       (TernThreadOptions *self,
                                                       TernDraft         *draft);
TernClient       *tern_thread_options_get_client      (TernThreadOptions *self);
void              tern_thread_options_set_client      (TernThreadOptions *self,
                                                       TernClient        *client);
TernReferenceRow *tern_thread_options_get_reference   (TernThreadOptions *self,
                                                       TernReferenceKind  kind);
GtkDropDown      *tern_thread_options_get_who_can_reply (TernThreadOptions *self);

G_END_DECLS
