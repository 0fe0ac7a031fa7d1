/* tern-reference-row.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/net/tern-client.h"
#include "core/draft/tern-draft.h"
#include "core/send/tern-referenced-post.h"

G_BEGIN_DECLS

typedef enum
{
  TERN_REFERENCE_KIND_REPLY,
  TERN_REFERENCE_KIND_QUOTE,
} TernReferenceKind;

#define TERN_TYPE_REFERENCE_KIND (tern_reference_kind_get_type ())
GType tern_reference_kind_get_type (void);

#define TERN_TYPE_REFERENCE_ROW (tern_reference_row_get_type ())

G_DECLARE_FINAL_TYPE (TernReferenceRow, tern_reference_row, TERN, REFERENCE_ROW, GtkWidget)

/* "Reply to" or "Quote" above the composer: a button that opens a field to
 * paste a post's address (or a drop of one), then a small card of the post
 * as X shows it (author, text, whether it has media), or what is wrong
 * with it. Writes the post's id to the draft's "reply-to" or "quote".
 * Properties: "kind" (construct-only), "draft", "client" (the account's,
 * to look posts up; without one the card says to sign in), "post" (the
 * TernReferencedPost shown, read-only), "error" (read-only), "busy",
 * "collapsed" (read-only: only the button shows). */
GtkWidget          *tern_reference_row_new         (TernReferenceKind  kind);
TernDraft          *tern_reference_row_get_draft   (TernReferenceRow  *self);
void                tern_reference_row_set_draft   (TernReferenceRow  *self,
                                                    TernDraft         *draft);
TernClient         *tern_reference_row_get_client  (TernReferenceRow  *self);
void                tern_reference_row_set_client  (TernReferenceRow  *self,
                                                    TernClient        *client);
TernReferencedPost *tern_reference_row_get_post    (TernReferenceRow  *self);
const char         *tern_reference_row_get_error   (TernReferenceRow  *self);
gboolean            tern_reference_row_get_busy    (TernReferenceRow  *self);
gboolean            tern_reference_row_get_collapsed (TernReferenceRow *self);
gboolean            tern_reference_row_set_address (TernReferenceRow  *self,
                                                    const char        *text);
const char         *tern_reference_row_get_conflict (TernReferenceRow *self);
void                tern_reference_row_set_conflict (TernReferenceRow *self,
                                                     const char       *conflict);

G_END_DECLS
