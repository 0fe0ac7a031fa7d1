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
  guint          position;       /* in the thread, from 0 */
  guint          n_posts;
  GtkTextTag    *overflow_tag;
  gulong         buffer_changed_id;

  /* Scrolling what changed into view once the frame is laid out. */
  GdkFrameClock *reveal_clock;
  gulong         reveal_id;
  gboolean       reveal_card;
  gboolean       reveal_cursor;
  guint          remeasure_id;
  GdkFrameClock *width_clock;
  gulong         width_id;
  int            text_width;
  /* Highlighting, updated by the edit rather than over the whole text:
   * where the overflow tag begins (moving with the text), and the one
   * edit since the last update ([edit_start, edit_end) in characters,
   * what was inserted), or edit_start -1 for none. */
  GtkTextMark   *overflow_mark;
  int            edit_start;
  int            edit_end;
  gboolean       edits_unknown;
  gboolean       storing_text;

  GtkWidget     *card;
  GtkWidget     *header;
  GtkLabel      *position_label;
  GtkWidget     *drag_handle;
  GtkWidget     *menu_button;
  GtkWidget     *remove_button;
  GtkTextView   *text_view;
  GtkWidget     *placeholder;
  GtkBox        *attachments_box;
  GtkLabel      *hint_label;
  GtkLabel      *counter;
  GtkWidget     *attach_button;
  GtkWidget     *emoji_button;
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

/* For tern-attach.c: the user removed @attachment from @position (Undo
 * can put it back). */
void _tern_post_editor_attachment_removed (TernPostEditor *self,
                                           TernAttachment *attachment,
                                           guint           position);

G_END_DECLS
