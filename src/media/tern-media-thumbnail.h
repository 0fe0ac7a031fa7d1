/* tern-media-thumbnail.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* A thumbnail of at most @size × @size pixels (aspect kept, square
 * pixels): the image itself scaled, or for a video a poster frame from a
 * tenth of the way in (at most 1 s). Made in a worker thread. */
void       tern_media_thumbnail_async  (GFile                *file,
                                        int                   size,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
GdkPixbuf *tern_media_thumbnail_finish (GAsyncResult         *result,
                                        GError              **error);

/* The same, blocking: for worker threads and tests. */
GdkPixbuf *tern_media_thumbnail        (GFile                *file,
                                        int                   size,
                                        GCancellable         *cancellable,
                                        GError              **error);

G_END_DECLS
