/* tern-drafts-list.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/draft/tern-draft-store.h"

G_BEGIN_DECLS

#define TERN_TYPE_DRAFTS_LIST (tern_drafts_list_get_type ())

G_DECLARE_FINAL_TYPE (TernDraftsList, tern_drafts_list, TERN, DRAFTS_LIST, GtkWidget)

/* The header bar's Drafts button and its popover: New Draft
 * (win.new-draft) and the store's drafts, newest first, the one being
 * written selected. Opening it reads the drafts folder again, so drafts
 * `tern post` left appear. Properties "store" and "current" (the draft in
 * the composer); signals "draft-activated" and "delete-draft" (TernDraft). */
GtkWidget      *tern_drafts_list_new          (void);
TernDraftStore *tern_drafts_list_get_store    (TernDraftsList *self);
void            tern_drafts_list_set_store    (TernDraftsList *self,
                                               TernDraftStore *store);
TernDraft      *tern_drafts_list_get_current  (TernDraftsList *self);
void            tern_drafts_list_set_current  (TernDraftsList *self,
                                               TernDraft      *draft);
void            tern_drafts_list_popup        (TernDraftsList *self);
void            tern_drafts_list_popdown      (TernDraftsList *self);
GtkListBox     *tern_drafts_list_get_list_box (TernDraftsList *self);
GtkPopover     *tern_drafts_list_get_popover  (TernDraftsList *self);

G_END_DECLS
