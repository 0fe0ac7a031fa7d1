/* tern-draft-row.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/draft/tern-draft.h"

G_BEGIN_DECLS

#define TERN_TYPE_DRAFT_ROW (tern_draft_row_get_type ())

G_DECLARE_FINAL_TYPE (TernDraftRow, tern_draft_row, TERN, DRAFT_ROW, GtkListBoxRow)

/* One draft in the drafts list: its first line (or "Photo", "Video"… for
 * media only), how long ago it changed, why it was not posted when it was
 * not, and a Delete button (signal "delete"). Property "draft". */
GtkWidget *tern_draft_row_new         (TernDraft    *draft);
TernDraft *tern_draft_row_get_draft   (TernDraftRow *self);
char      *tern_draft_row_dup_title   (TernDraftRow *self);
void       tern_draft_row_refresh     (TernDraftRow *self);

char      *tern_draft_format_title    (TernDraft    *draft);
char      *tern_draft_format_age      (gint64        then_usec,
                                       GDateTime    *now);

G_END_DECLS
