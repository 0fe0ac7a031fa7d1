/* tern-post-editor-private.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tern-post-editor.h"

G_BEGIN_DECLS

/* The editor's state, shared with its split file tern-attach.c (the
 * attachments: probing, tiles, paste, the paperclip). */
typedef struct _TernEditorAttach TernEditorAttach;

struct _TernPostEditor
{
  GtkWidget      parent_instance;

  TernDraftPost *post;
  TernTextParse  parse;
  gboolean       valid;
  gboolean       attachments_valid;
  gboolean       removable;
  gboolean       locked;
  GtkTextTag    *overflow_tag;
  gulong         buffer_changed_id;

  GtkWidget     *card;
  GtkWidget     *header;
  GtkLabel      *position_label;
  GtkWidget     *remove_button;
  GtkTextView   *text_view;
  GtkWidget     *placeholder;
  GtkBox        *attachments_box;
  GtkLabel      *hint_label;
  GtkLabel      *counter;
  GtkWidget     *attach_button;
  GtkWidget     *poll_button;
  GtkWidget     *poll_editor;
  GtkWidget     *subtitle_row;

  /* Attaching files (tern-attach.c). */
  TernEditorAttach *attach;

  /* Making a thread of the post (tern-post-editor-split.c). */
  GtkWidget     *split_button;
  AdwToast      *split_toast;    /* the offer after a paste, while shown */
  guint          break_idle;     /* a "---" line waiting to start a post */
};

void _tern_post_editor_class_attach_init (TernPostEditorClass *klass);
void _tern_post_editor_attach_init       (TernPostEditor *self);
void _tern_post_editor_attach_dispose    (TernPostEditor *self);
void _tern_post_editor_attach_set_locked (TernPostEditor *self);

void _tern_post_editor_class_split_init  (TernPostEditorClass *klass);
void _tern_post_editor_split_init        (TernPostEditor *self);
void _tern_post_editor_split_dispose     (TernPostEditor *self);

G_END_DECLS
