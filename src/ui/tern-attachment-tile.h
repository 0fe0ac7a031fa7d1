/* tern-attachment-tile.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/tern-attachment.h"
#include "core/tern-upload.h"

G_BEGIN_DECLS

#define TERN_ATTACHMENT_TILE_SIZE 112

#define TERN_TYPE_ATTACHMENT_TILE (tern_attachment_tile_get_type ())

G_DECLARE_FINAL_TYPE (TernAttachmentTile, tern_attachment_tile, TERN, ATTACHMENT_TILE, GtkWidget)

/* One attachment of a post, as a square tile: a thumbnail (made off the
 * main thread) or a kind icon, a remove button, an "ALT" button that edits
 * the alt text in a popover, the upload's progress, and the attachment's
 * problems (errors block posting, warnings only inform) with a "Convert"
 * button when converting would fix them. Signals "remove-requested" and
 * "convert-requested". */
GtkWidget      *tern_attachment_tile_new            (TernAttachment     *attachment);
TernAttachment *tern_attachment_tile_get_attachment (TernAttachmentTile *self);
void            tern_attachment_tile_set_problems   (TernAttachmentTile *self,
                                                     GPtrArray          *problems);
gboolean        tern_attachment_tile_get_blocking   (TernAttachmentTile *self);
const char     *tern_attachment_tile_get_message    (TernAttachmentTile *self);
void            tern_attachment_tile_set_upload     (TernAttachmentTile *self,
                                                     TernUpload         *upload);
void            tern_attachment_tile_set_progress   (TernAttachmentTile *self,
                                                     double              fraction,
                                                     const char         *label);
const char     *tern_attachment_tile_get_progress_label (TernAttachmentTile *self);
void            tern_attachment_tile_set_locked     (TernAttachmentTile *self,
                                                     gboolean            locked);
gboolean        tern_attachment_tile_get_has_thumbnail (TernAttachmentTile *self);

G_END_DECLS
