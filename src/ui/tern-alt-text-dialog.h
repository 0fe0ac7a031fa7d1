/* tern-alt-text-dialog.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/draft/tern-attachment.h"

G_BEGIN_DECLS

#define TERN_TYPE_ALT_TEXT_DIALOG (tern_alt_text_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TernAltTextDialog, tern_alt_text_dialog, TERN, ALT_TEXT_DIALOG, AdwWindow)

/* Writing the description (alt text) of one attachment: the picture (a
 * video's first frame) beside a multi-line text area, a counter that
 * turns red over X's 1,000 characters, and Save, which is blocked while
 * the text is too long. The file's name is in the title. Save writes the
 * text into the attachment and closes; Cancel (Escape) leaves it as it
 * was. Properties: "attachment" (construct-only), "can-save", "count"
 * (characters). */
GtkWidget      *tern_alt_text_dialog_new            (TernAttachment    *attachment,
                                                     GtkWindow         *parent);
TernAttachment *tern_alt_text_dialog_get_attachment (TernAltTextDialog *self);
gboolean        tern_alt_text_dialog_get_can_save   (TernAltTextDialog *self);
guint           tern_alt_text_dialog_get_count      (TernAltTextDialog *self);
/* Replaces the text being written (what typing does). */
void            tern_alt_text_dialog_set_text       (TernAltTextDialog *self,
                                                     const char        *text);
/* Saves, if the text may be saved (what Save does). */
void            tern_alt_text_dialog_save           (TernAltTextDialog *self);

G_END_DECLS
