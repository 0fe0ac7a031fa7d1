/* tern-bounded-read.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* JSON answers from X are small; a few hundred KiB is plenty. */
#define TERN_MAX_ANSWER_BYTES (512 * 1024)
/* How long a request may take, start to end, however it trickles. */
#define TERN_DEFAULT_DEADLINE_SECONDS 120

void     tern_bounded_read_async  (SoupSession         *session,
                                   SoupMessage         *message,
                                   gsize                max_bytes,
                                   guint                deadline_seconds,
                                   int                  io_priority,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
GBytes  *tern_bounded_read_finish (SoupMessage         *message,
                                   GAsyncResult        *result,
                                   GError             **error);

G_END_DECLS
