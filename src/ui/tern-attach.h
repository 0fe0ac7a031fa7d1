/* tern-attach.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/send/tern-upload.h"
#include "tern-attachment-tile.h"
#include "tern-post-editor.h"

G_BEGIN_DECLS

/* Attaching files to a post, however they come: the file chooser (the
 * editor's paperclip, action "post.attach"), a drop on the window, or a
 * paste into the post's text (files, or an image saved as a PNG under the
 * cache directory). Each file is probed from its bytes; what X would not
 * take in one post (a fifth image, an image with a video, two videos) is
 * refused with a toast that says why. The editor's attachments box shows
 * one TernAttachmentTile per attachment, and "attachments-valid" is FALSE
 * while any attachment has an error. */
void                tern_attach_add_files      (TernPostEditor *editor,
                                                GSList         *files);
void                tern_attach_add_texture    (TernPostEditor *editor,
                                                GdkTexture     *texture);
gboolean            tern_attach_paste          (TernPostEditor *editor);
void                tern_attach_open_chooser   (TernPostEditor *editor);
gboolean            tern_attach_get_busy       (TernPostEditor *editor);
void                tern_attach_follow_upload  (TernPostEditor *editor,
                                                TernUpload     *upload);
void                tern_attach_clear_progress (TernPostEditor *editor);
TernAttachmentTile *tern_attach_get_tile       (TernPostEditor *editor,
                                                TernAttachment *attachment);

char               *tern_attach_get_pasted_dir (void);

G_END_DECLS
