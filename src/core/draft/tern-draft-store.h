/* tern-draft-store.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tern-draft.h"

G_BEGIN_DECLS

#define TERN_DRAFT_STORE_DEFAULT_DELAY_MS 250

#define TERN_TYPE_DRAFT_STORE (tern_draft_store_get_type ())

G_DECLARE_FINAL_TYPE (TernDraftStore, tern_draft_store, TERN, DRAFT_STORE, GObject)

/* Drafts as JSON files named "<id>.json" in one directory, many at once:
 * tern_draft_store_get_drafts() lists them newest first. A watched draft
 * is written (temporary file, fsync, rename, in a worker thread) "delay"
 * milliseconds after a burst of changes, so it is on disk within half a
 * second. Signals: "saved" (TernDraft *) after each write, "save-failed"
 * (TernDraft *, GError *) when one fails; the next change tries again. */
TernDraftStore *tern_draft_store_new            (GFile                *directory);
TernDraftStore *tern_draft_store_new_default    (void);
GFile          *tern_draft_store_get_directory  (TernDraftStore       *self);
GFile          *tern_draft_store_get_file       (TernDraftStore       *self,
                                                 TernDraft            *draft);
guint           tern_draft_store_get_delay      (TernDraftStore       *self);
void            tern_draft_store_set_delay      (TernDraftStore       *self,
                                                 guint                 delay_ms);

void            tern_draft_store_watch          (TernDraftStore       *self,
                                                 TernDraft            *draft);

void            tern_draft_store_save_async     (TernDraftStore       *self,
                                                 TernDraft            *draft,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        tern_draft_store_save_finish    (TernDraftStore       *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void            tern_draft_store_flush_async    (TernDraftStore       *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        tern_draft_store_flush_finish   (TernDraftStore       *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void            tern_draft_store_restore_async  (TernDraftStore       *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
TernDraft      *tern_draft_store_restore_finish (TernDraftStore       *self,
                                                 GAsyncResult         *result,
                                                 GPtrArray           **moved_aside,
                                                 GError              **error);

GListModel     *tern_draft_store_get_drafts     (TernDraftStore       *self);
void            tern_draft_store_load_async     (TernDraftStore       *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        tern_draft_store_load_finish    (TernDraftStore       *self,
                                                 GAsyncResult         *result,
                                                 GPtrArray           **moved_aside,
                                                 GError              **error);
void            tern_draft_store_trash          (TernDraftStore       *self,
                                                 TernDraft            *draft);
void            tern_draft_store_untrash        (TernDraftStore       *self,
                                                 TernDraft            *draft);
gboolean        tern_draft_store_is_trashed     (TernDraftStore       *self,
                                                 TernDraft            *draft);

void            tern_draft_store_delete_async   (TernDraftStore       *self,
                                                 TernDraft            *draft,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        tern_draft_store_delete_finish  (TernDraftStore       *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
