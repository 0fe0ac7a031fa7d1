/* tern-poll-editor.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/draft/tern-draft-post.h"

G_BEGIN_DECLS

#define TERN_TYPE_POLL_EDITOR (tern_poll_editor_get_type ())

G_DECLARE_FINAL_TYPE (TernPollEditor, tern_poll_editor, TERN, POLL_EDITOR, GtkWidget)

/* The choices and the length of a post's poll: two to four entries, each
 * with what is left of its 25 characters, a length from 5 minutes to 7
 * days, and "Remove Poll". Writes to the post's "poll-options" and
 * "poll-duration" as the person types. Properties: "post", "valid"
 * (read-only: X takes the poll), "message" (read-only: what to change, or
 * NULL). */
GtkWidget     *tern_poll_editor_new         (void);
TernDraftPost *tern_poll_editor_get_post    (TernPollEditor *self);
void           tern_poll_editor_set_post    (TernPollEditor *self,
                                             TernDraftPost  *post);
gboolean       tern_poll_editor_get_valid   (TernPollEditor *self);
const char    *tern_poll_editor_get_message (TernPollEditor *self);
GtkEditable   *tern_poll_editor_get_choice  (TernPollEditor *self,
                                             guint           index);
void           tern_poll_editor_add_choice  (TernPollEditor *self);

G_END_DECLS
