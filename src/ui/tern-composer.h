/* tern-composer.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/draft/tern-draft.h"
#include "tern-post-editor.h"

G_BEGIN_DECLS

#define TERN_TYPE_COMPOSER (tern_composer_get_type ())

G_DECLARE_FINAL_TYPE (TernComposer, tern_composer, TERN, COMPOSER, GtkWidget)

/* The thread being written: one TernPostEditor per post of the draft, an
 * "Add to Thread" button, a status line and the Post button (which
 * activates "win.post"). Properties: "draft", "valid" (read-only: every
 * post can be posted), "sending" (the thread is going out: the posts are
 * locked and Post becomes Cancel, "win.cancel-post"). Signal "editor-added" (TernPostEditor *) for each
 * editor created, so attachments and checks can be hooked in. */
TernComposer   *tern_composer_new             (void);
TernDraft      *tern_composer_get_draft       (TernComposer *self);
void            tern_composer_set_draft       (TernComposer *self,
                                               TernDraft    *draft);
gboolean        tern_composer_get_valid       (TernComposer *self);
guint           tern_composer_get_n_editors   (TernComposer *self);
TernPostEditor *tern_composer_get_editor      (TernComposer *self,
                                               guint         position);
GtkWidget      *tern_composer_get_post_button (TernComposer *self);
gboolean        tern_composer_get_sending     (TernComposer *self);
void            tern_composer_set_sending     (TernComposer *self,
                                               gboolean      sending);
void            tern_composer_set_status      (TernComposer *self,
                                               const char   *status);
void            tern_composer_focus           (TernComposer *self);
GtkWidget      *tern_composer_get_thread_options (TernComposer *self);
guint           tern_composer_split_post      (TernComposer *self,
                                               guint         position,
                                               gboolean      numbered);
void            tern_composer_show_error      (TernComposer *self,
                                               const char   *message,
                                               const char   *button_label,
                                               const char   *action_name);
const char     *tern_composer_get_error       (TernComposer *self);

G_END_DECLS
