/* tern-segment-stream.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-segment-stream"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "tern-segment-stream.h"
#include "tern-client.h"

/* Segment bodies come from a small pool: at most `parallelism` of them
 * exist at once, and reusing them keeps the heap from growing with the
 * number of segments. A buffer in use holds the pool; the pool outlives the
 * upload until the last body X still had is given back. */
struct _TernBufferPool
{
  GPtrArray *free;
  guint      keep;
};

static void
pooled_buffer_free (TernPooledBuffer *buffer)
{
  g_free (buffer->data);
  g_free (buffer);
}

static void
buffer_pool_clear (TernBufferPool *pool)
{
  g_ptr_array_unref (pool->free);
}

/* A segment's body read straight from the file while libsoup sends it:
 * the multipart head, the segment's byte range (pread on the upload's open
 * file, so streams in flight at once never share a file position), the
 * tail. Nothing of the segment is held in memory beyond one read buffer
 * of SEGMENT_READ_SIZE, whatever the chunk size. Reads from the file run
 * in GIO's worker threads (libsoup splices the body asynchronously). */
#define SEGMENT_READ_SIZE (256 * 1024)

struct _TernSegmentStream
{
  GInputStream      parent_instance;

  GFileInputStream *file;   /* keeps fd open */
  int               fd;
  GBytes           *head;
  GBytes           *tail;
  guint64           offset;
  gsize             length;
  gsize             pos;
  char             *name;
  guint8           *buffer;   /* SEGMENT_READ_SIZE, for async reads */
  gsize             buffer_len;
  gsize             buffer_pos;
};

G_DEFINE_FINAL_TYPE (TernSegmentStream, tern_segment_stream, G_TYPE_INPUT_STREAM)

static gssize
copy_from_bytes (GBytes *bytes,
                 gsize   from,
                 void   *buffer,
                 gsize   count)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  gsize n = MIN (count, size - from);

  memcpy (buffer, data + from, n);
  return (gssize) n;
}

/* Whether the next byte comes from the file and is not buffered: a read
 * that may block. */
static gboolean
segment_stream_needs_file (TernSegmentStream *self)
{
  gsize head_len = g_bytes_get_size (self->head);

  return self->buffer_pos >= self->buffer_len &&
         self->pos >= head_len && self->pos < head_len + self->length;
}

static gssize
tern_segment_stream_read (GInputStream  *stream,
                          void          *buffer,
                          gsize          count,
                          GCancellable  *cancellable,
                          GError       **error)
{
  TernSegmentStream *self = TERN_SEGMENT_STREAM (stream);
  gsize head_len = g_bytes_get_size (self->head);
  gsize tail_len = g_bytes_get_size (self->tail);
  gssize n;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  if (count == 0 || self->pos >= head_len + self->length + tail_len)
    return 0;

  if (self->buffer_pos < self->buffer_len)
    {
      n = MIN (count, self->buffer_len - self->buffer_pos);
      memcpy (buffer, self->buffer + self->buffer_pos, n);
      self->buffer_pos += n;
    }
  else if (self->pos < head_len)
    n = copy_from_bytes (self->head, self->pos, buffer, count);
  else if (self->pos < head_len + self->length)
    {
      gsize done = self->pos - head_len;

      do
        n = pread (self->fd, buffer, MIN (count, self->length - done),
                   (off_t) (self->offset + done));
      while (n < 0 && errno == EINTR);

      /* Not a network problem: TERN_CLIENT_ERROR, so the client gives it
       * back as it is instead of sending again. */
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                       _("Could not read %s (%s). Check the file and try again."),
                       self->name, g_strerror (saved));
          return -1;
        }
      if (n == 0)
        {
          g_set_error (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                       _("%s changed while it was being uploaded. Attach it again."),
                       self->name);
          return -1;
        }
    }
  else
    n = copy_from_bytes (self->tail, self->pos - head_len - self->length, buffer, count);

  self->pos += (gsize) n;
  return n;
}

/* In a worker thread: fills the buffer from the file, then serves the
 * read from it. */
static void
segment_stream_fill_thread (GTask        *task,
                            gpointer      source_object,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
  TernSegmentStream *self = source_object;
  gsize count = GPOINTER_TO_SIZE (task_data);
  gsize done = self->pos - g_bytes_get_size (self->head);
  void *out = g_object_get_data (G_OBJECT (task), "out");
  GError *error = NULL;
  gssize n;

  if (self->buffer == NULL)
    self->buffer = g_malloc (SEGMENT_READ_SIZE);
  n = tern_segment_stream_read (G_INPUT_STREAM (self), self->buffer,
                                MIN ((gsize) SEGMENT_READ_SIZE, self->length - done),
                                cancellable, &error);
  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }
  /* what was read is buffered, not yet handed out */
  self->pos -= (gsize) n;
  self->buffer_len = (gsize) n;
  self->buffer_pos = 0;
  n = tern_segment_stream_read (G_INPUT_STREAM (self), out, count, cancellable, &error);
  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

/* libsoup splices a body 8 KiB at a time; a stream with no async read of
 * its own costs a hop to a worker thread for each. Here only a read from
 * the file goes to a thread, SEGMENT_READ_SIZE at a time; the rest is
 * served from memory. */
static void
tern_segment_stream_read_async (GInputStream        *stream,
                                void                *buffer,
                                gsize                count,
                                int                  io_priority,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  TernSegmentStream *self = TERN_SEGMENT_STREAM (stream);
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);
  GError *error = NULL;
  gssize n;

  g_task_set_source_tag (task, tern_segment_stream_read_async);
  g_task_set_priority (task, io_priority);
  if (segment_stream_needs_file (self) && count > 0)
    {
      g_task_set_task_data (task, GSIZE_TO_POINTER (count), NULL);
      g_object_set_data (G_OBJECT (task), "out", buffer);
      g_task_run_in_thread (task, segment_stream_fill_thread);
      return;
    }

  n = tern_segment_stream_read (stream, buffer, count, cancellable, &error);
  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

static gssize
tern_segment_stream_read_finish (GInputStream  *stream,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static void
tern_segment_stream_finalize (GObject *object)
{
  TernSegmentStream *self = TERN_SEGMENT_STREAM (object);

  g_free (self->buffer);
  g_clear_object (&self->file);
  g_clear_pointer (&self->head, g_bytes_unref);
  g_clear_pointer (&self->tail, g_bytes_unref);
  g_free (self->name);

  G_OBJECT_CLASS (tern_segment_stream_parent_class)->finalize (object);
}

static void
tern_segment_stream_class_init (TernSegmentStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tern_segment_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = tern_segment_stream_read;
  G_INPUT_STREAM_CLASS (klass)->read_async = tern_segment_stream_read_async;
  G_INPUT_STREAM_CLASS (klass)->read_finish = tern_segment_stream_read_finish;
}

static void
tern_segment_stream_init (TernSegmentStream *self)
{
  self->fd = -1;
}

/**
 * tern_segment_stream_new:
 * @file: the open file, kept open while the stream lives
 * @fd: @file's descriptor, for pread
 * @head: the bytes before the segment (the multipart head)
 * @tail: the bytes after it
 * @offset: where the segment starts in the file
 * @length: how long it is
 * @name: the file's name for messages
 *
 * Returns: (transfer full): a stream of @head, the segment, @tail
 */
GInputStream *
tern_segment_stream_new (GFileInputStream *file,
                         int               fd,
                         GBytes           *head,
                         GBytes           *tail,
                         guint64           offset,
                         gsize             length,
                         const char       *name)
{
  TernSegmentStream *self;

  g_return_val_if_fail (G_IS_FILE_INPUT_STREAM (file), NULL);
  g_return_val_if_fail (head != NULL && tail != NULL, NULL);

  self = g_object_new (TERN_TYPE_SEGMENT_STREAM, NULL);
  self->file = g_object_ref (file);
  self->fd = fd;
  self->head = g_bytes_ref (head);
  self->tail = g_bytes_ref (tail);
  self->offset = offset;
  self->length = length;
  self->name = g_strdup (name);
  return G_INPUT_STREAM (self);
}

TernBufferPool *
tern_buffer_pool_new (guint keep)
{
  TernBufferPool *pool = g_rc_box_new0 (TernBufferPool);

  pool->free = g_ptr_array_new_with_free_func ((GDestroyNotify) pooled_buffer_free);
  pool->keep = keep;
  return pool;
}

void
tern_buffer_pool_release (TernBufferPool *pool)
{
  g_rc_box_release_full (pool, (GDestroyNotify) buffer_pool_clear);
}

TernPooledBuffer *
tern_buffer_pool_take (TernBufferPool *pool,
                       gsize           size)
{
  TernPooledBuffer *buffer = NULL;

  for (guint i = 0; i < pool->free->len; i++)
    {
      TernPooledBuffer *candidate = g_ptr_array_index (pool->free, i);

      if (candidate->capacity >= size)
        {
          buffer = g_ptr_array_steal_index_fast (pool->free, i);
          break;
        }
    }
  if (buffer == NULL)
    {
      buffer = g_new0 (TernPooledBuffer, 1);
      buffer->data = g_malloc (size);
      buffer->capacity = size;
    }
  buffer->pool = g_rc_box_acquire (pool);
  return buffer;
}

void
tern_buffer_pool_give (TernPooledBuffer *buffer)
{
  TernBufferPool *pool = g_steal_pointer (&buffer->pool);

  if (pool->free->len < pool->keep)
    g_ptr_array_add (pool->free, buffer);
  else
    pooled_buffer_free (buffer);
  tern_buffer_pool_release (pool);
}
