/* tern-segment-stream.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The bodies of upload segments (APPEND, tern-upload.c): a segment
 * streamed from the file with its multipart head and tail, or held in a
 * buffer from a small pool when the file has no descriptor. */

typedef struct _TernBufferPool TernBufferPool;

typedef struct
{
  TernBufferPool *pool;
  guint8         *data;
  gsize           capacity;
} TernPooledBuffer;

TernBufferPool   *tern_buffer_pool_new     (guint             keep);
void              tern_buffer_pool_release (TernBufferPool   *pool);
TernPooledBuffer *tern_buffer_pool_take    (TernBufferPool   *pool,
                                            gsize             size);
void              tern_buffer_pool_give    (TernPooledBuffer *buffer);

#define TERN_TYPE_SEGMENT_STREAM (tern_segment_stream_get_type ())

G_DECLARE_FINAL_TYPE (TernSegmentStream, tern_segment_stream, TERN, SEGMENT_STREAM, GInputStream)

GInputStream     *tern_segment_stream_new  (GFileInputStream *file,
                                            int               fd,
                                            GBytes           *head,
                                            GBytes           *tail,
                                            guint64           offset,
                                            gsize             length,
                                            const char       *name);

G_END_DECLS
