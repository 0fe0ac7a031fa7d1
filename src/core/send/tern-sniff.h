/* tern-sniff.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tern-attachment.h"

G_BEGIN_DECLS

/* What a file is, from its bytes alone (never its name), with what GIO
 * knows: enough to pick X's media category when no GStreamer probe is at
 * hand. The media layer's probe is richer; this is core's fallback. */
void     tern_sniff_file_async     (GFile               *file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean tern_sniff_file_finish    (GFile               *file,
                                    GAsyncResult        *result,
                                    TernAttachmentKind  *kind,
                                    char               **mime_type,
                                    GError             **error);

guint    tern_sniff_gif_frames     (const guint8        *data,
                                    gsize                size,
                                    guint                stop_at);
TernAttachmentKind
         tern_sniff_kind_for_mime  (const char          *mime_type,
                                    guint                gif_frames);

G_END_DECLS
