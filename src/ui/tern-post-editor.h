/* tern-post-editor.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/draft/tern-draft-post.h"
#include "core/text/tern-text.h"

G_BEGIN_DECLS

/* Remaining characters at or below which the counter warns. */
#define TERN_POST_EDITOR_WARNING_REMAINING 20

#define TERN_TYPE_POST_EDITOR (tern_post_editor_get_type ())

G_DECLARE_FINAL_TYPE (TernPostEditor, tern_post_editor, TERN, POST_EDITOR, GtkWidget)

/* One post of the thread, as a card: the text, a counter of what is left,
 * the text past the limit highlighted, and a box for attachments.
 * Properties: "post" (construct-only), "valid" (read-only: the text and
 * the attachments can be posted), "attachments-valid" (set by whoever
 * checks the attachments; TRUE by default), "removable", "locked"
 * (while sending: nothing can change). Signals "remove-requested" and
 * "move-requested" (delta) when the user asks to drop or move this post,
 * "post-dropped" (post) when another post is dragged onto it, and
 * "attachment-removed" (attachment, position) after an attachment went. */
TernPostEditor      *tern_post_editor_new                   (TernDraftPost  *post);
TernDraftPost       *tern_post_editor_get_post              (TernPostEditor *self);
GtkTextView         *tern_post_editor_get_text_view         (TernPostEditor *self);
GtkLabel            *tern_post_editor_get_counter           (TernPostEditor *self);
GtkBox              *tern_post_editor_get_attachments_box   (TernPostEditor *self);
const TernTextParse *tern_post_editor_get_parse             (TernPostEditor *self);
gboolean             tern_post_editor_get_valid             (TernPostEditor *self);
gboolean             tern_post_editor_get_attachments_valid (TernPostEditor *self);
void                 tern_post_editor_set_attachments_valid (TernPostEditor *self,
                                                             gboolean        valid);
gboolean             tern_post_editor_get_removable         (TernPostEditor *self);
void                 tern_post_editor_set_removable         (TernPostEditor *self,
                                                             gboolean        removable);
void                 tern_post_editor_set_position          (TernPostEditor *self,
                                                             guint           position,
                                                             guint           n_posts);
gboolean             tern_post_editor_get_locked            (TernPostEditor *self);
void                 tern_post_editor_set_locked            (TernPostEditor *self,
                                                             gboolean        locked);
void                 tern_post_editor_focus_text            (TernPostEditor *self);
void                 tern_post_editor_reveal                (TernPostEditor *self);
GtkWidget           *tern_post_editor_get_poll_editor       (TernPostEditor *self);
GtkWidget           *tern_post_editor_get_subtitle_row      (TernPostEditor *self);

G_END_DECLS
