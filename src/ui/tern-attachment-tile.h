/* tern-attachment-tile.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "core/draft/tern-attachment.h"
#include "media/tern-attachment-check.h"
#include "media/tern-media-info.h"

G_BEGIN_DECLS

#define TERN_TYPE_ATTACHMENT_TILE (tern_attachment_tile_get_type ())

G_DECLARE_FINAL_TYPE (TernAttachmentTile, tern_attachment_tile, TERN, ATTACHMENT_TILE, GtkWidget)

/* One attachment in the composer: a thumbnail (an image scaled, a video's
 * poster frame, both made off the main thread), a kind badge, a remove
 * button, an alt-text button, a place for upload progress, and X's
 * problems with a "Convert" button when converting fixes them.
 *
 * What it shows comes from a TernAttachmentCheck (src/media): the probe,
 * the problems, the conversion. The tile holds no state of its own about
 * the file; tern_attachment_tile_new() makes a check for the attachment.
 *
 * Properties: "check" (construct-only), "blocking" (the check's: TRUE
 * while the file is being checked or converted, or when a problem would
 * make X reject it). Signal: "remove-requested" (). */
GtkWidget           *tern_attachment_tile_new                 (TernAttachment      *attachment);
GtkWidget           *tern_attachment_tile_new_for_check       (TernAttachmentCheck *check);
TernAttachmentCheck *tern_attachment_tile_get_check           (TernAttachmentTile  *self);
TernAttachment      *tern_attachment_tile_get_attachment      (TernAttachmentTile  *self);
/* Returns: (nullable): what the file is, once checked. */
const TernMediaInfo *tern_attachment_tile_get_info            (TernAttachmentTile  *self);
/* Returns: (transfer none) (element-type TernMediaProblem): the problems
 * shown, empty while checking. */
GPtrArray           *tern_attachment_tile_get_problems        (TernAttachmentTile  *self);
gboolean             tern_attachment_tile_get_blocking        (TernAttachmentTile  *self);
gboolean             tern_attachment_tile_get_converting      (TernAttachmentTile  *self);

/* Upload progress, driven by the uploader: @fraction in 0..1 shows the bar
 * with @text (e.g. "Uploading… 3 of 12 MB", "Processing… 40 %"); a
 * negative @fraction hides it. */
void             tern_attachment_tile_set_upload_progress (TernAttachmentTile *self,
                                                           double              fraction,
                                                           const char         *text);

/* Starts converting (what the Convert button does); while converting, the
 * button cancels. The converted file goes to the user cache directory. */
void             tern_attachment_tile_convert             (TernAttachmentTile *self);

G_END_DECLS
