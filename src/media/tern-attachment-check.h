/* tern-attachment-check.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "core/draft/tern-attachment.h"
#include "media/tern-media-info.h"

G_BEGIN_DECLS

#define TERN_TYPE_ATTACHMENT_CHECK (tern_attachment_check_get_type ())

G_DECLARE_FINAL_TYPE (TernAttachmentCheck, tern_attachment_check, TERN, ATTACHMENT_CHECK, GObject)

/* What X would say about one attached file, kept up to date: the probe
 * (done once, or given by whoever probed the file before attaching it),
 * X's problems with it including its alt text, and converting it into a
 * copy X accepts. The file is checked again when it changes on disk. It
 * writes the sniffed kind and MIME type into the attachment and sets the
 * attachment's "error" to the first blocking problem.
 *
 * Properties (read-only, notified on change): "attachment", "info",
 * "problems", "checking", "blocking" (checking, converting, or a problem
 * X would reject), "converting", "convert-progress", "convert-error".
 * Signal "replaced" (TernAttachment *old, TernAttachment *new) after a
 * conversion: the check now follows @new, and the owner puts it in the
 * post in place of @old. No widgets: a tile binds to it. */
TernAttachmentCheck *tern_attachment_check_new                  (TernAttachment      *attachment,
                                                                 const TernMediaInfo *info);
TernAttachment      *tern_attachment_check_get_attachment       (TernAttachmentCheck *self);
const TernMediaInfo *tern_attachment_check_get_info             (TernAttachmentCheck *self);
GPtrArray           *tern_attachment_check_get_problems         (TernAttachmentCheck *self);
gboolean             tern_attachment_check_get_checking         (TernAttachmentCheck *self);
gboolean             tern_attachment_check_get_blocking         (TernAttachmentCheck *self);
gboolean             tern_attachment_check_get_converting       (TernAttachmentCheck *self);
double               tern_attachment_check_get_convert_progress (TernAttachmentCheck *self);
const char          *tern_attachment_check_get_convert_error    (TernAttachmentCheck *self);
void                 tern_attachment_check_recheck              (TernAttachmentCheck *self);
void                 tern_attachment_check_convert              (TernAttachmentCheck *self);
void                 tern_attachment_check_cancel_convert       (TernAttachmentCheck *self);

G_END_DECLS
