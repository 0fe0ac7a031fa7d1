/* tern-bounded-read.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-bounded-read"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "tern-bounded-read.h"

/* Sends a request and reads its answer, but never more than a given size
 * and never for longer than a given time in all: libsoup's own timeout
 * only covers a connection that goes quiet, so a server dripping a byte
 * now and then, or sending an endless body, would otherwise hold Tern (and
 * its memory) forever. */

#define READ_CHUNK 16384

typedef struct
{
  SoupSession  *session;
  GCancellable *inner;       /* cancelled by the caller or the deadline */
  GCancellable *outer;
  gulong        outer_id;
  GSource      *deadline;
  GInputStream *stream;
  GByteArray   *buffer;
  gsize         max_bytes;
  guint         deadline_seconds;
  int           io_priority;
  gboolean      timed_out;
} BoundedRead;

static void
bounded_read_free (BoundedRead *read)
{
  if (read->outer_id != 0)
    g_cancellable_disconnect (read->outer, read->outer_id);
  if (read->deadline != NULL)
    {
      g_source_destroy (read->deadline);
      g_source_unref (read->deadline);
    }
  if (read->stream != NULL)
    {
      /* An answer that was cut short must not be drained on close: the
       * connection is dropped instead. */
      g_cancellable_cancel (read->inner);
      g_input_stream_close (read->stream, read->inner, NULL);
      g_object_unref (read->stream);
    }
  g_clear_object (&read->inner);
  g_clear_object (&read->outer);
  g_clear_object (&read->session);
  g_clear_pointer (&read->buffer, g_byte_array_unref);
  g_free (read);
}

static char *
describe_endpoint (SoupMessage *message)
{
  GUri *uri = soup_message_get_uri (message);

  return g_strdup_printf ("%s %s", soup_message_get_method (message),
                          uri ? g_uri_get_path (uri) : "?");
}

static void
outer_cancelled_cb (GCancellable *cancellable,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

static gboolean
deadline_cb (gpointer user_data)
{
  BoundedRead *read = user_data;

  read->timed_out = TRUE;
  g_cancellable_cancel (read->inner);
  return G_SOURCE_REMOVE;
}

static void
return_error (GTask  *task,
              GError *error)
{
  BoundedRead *read = g_task_get_task_data (task);
  SoupMessage *message = g_task_get_source_object (task);

  if (read->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *endpoint = describe_endpoint (message);

      g_error_free (error);
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%s took longer than %u second in all",
                                        "%s took longer than %u seconds in all",
                                        read->deadline_seconds),
                           endpoint, read->deadline_seconds);
    }
  g_task_return_error (task, error);
}

static void
return_too_large (GTask *task)
{
  BoundedRead *read = g_task_get_task_data (task);
  SoupMessage *message = g_task_get_source_object (task);
  g_autofree char *endpoint = describe_endpoint (message);

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                           _("the answer to %s was larger than %" PRIu64 " KiB"),
                           endpoint, (guint64) read->max_bytes / 1024);
}

static void read_next (GTask *task);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BoundedRead *read = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;
  gsize size;
  gconstpointer data;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      return_error (task, error);
      return;
    }
  data = g_bytes_get_data (chunk, &size);
  if (size == 0)
    {
      g_autoptr(GError) close_error = NULL;
      GBytes *bytes;

      g_input_stream_close (read->stream, NULL, &close_error);
      g_clear_object (&read->stream);
      bytes = g_byte_array_free_to_bytes (g_steal_pointer (&read->buffer));
      g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
      return;
    }
  if (read->buffer->len + size > read->max_bytes)
    {
      return_too_large (task);
      return;
    }
  g_byte_array_append (read->buffer, data, size);
  read_next (task);
}

static void
read_next (GTask *task)
{
  BoundedRead *read = g_task_get_task_data (task);
  gsize want = MIN ((gsize) READ_CHUNK, read->max_bytes - read->buffer->len + 1);

  g_input_stream_read_bytes_async (read->stream, want, read->io_priority, read->inner,
                                   read_cb, g_object_ref (task));
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BoundedRead *read = g_task_get_task_data (task);
  SoupMessage *message = g_task_get_source_object (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;

  read->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (read->stream == NULL)
    {
      return_error (task, error);
      return;
    }

  /* Refuse at once what says it is too big. */
  headers = soup_message_get_response_headers (message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) read->max_bytes)
    {
      return_too_large (task);
      return;
    }
  read_next (task);
}

/**
 * tern_bounded_read_async:
 * @session: the session to send with
 * @message: the request
 * @max_bytes: the largest answer body accepted
 * @deadline_seconds: how long the whole request may take, from now until
 *   the last byte of the answer
 * @io_priority: the I/O priority
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the answer is read or the request failed
 * @user_data: data for @callback
 *
 * Like soup_session_send_and_read_async(), with a cap on the answer's size
 * and a total deadline. The task's source object is @message.
 */
void
tern_bounded_read_async (SoupSession         *session,
                         SoupMessage         *message,
                         gsize                max_bytes,
                         guint                deadline_seconds,
                         int                  io_priority,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BoundedRead *read;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (max_bytes > 0);
  g_return_if_fail (deadline_seconds > 0);

  task = g_task_new (message, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_bounded_read_async);

  read = g_new0 (BoundedRead, 1);
  read->session = g_object_ref (session);
  read->inner = g_cancellable_new ();
  read->buffer = g_byte_array_new ();
  read->max_bytes = max_bytes;
  read->deadline_seconds = deadline_seconds;
  read->io_priority = io_priority;
  g_task_set_task_data (task, read, (GDestroyNotify) bounded_read_free);

  if (cancellable != NULL)
    {
      read->outer = g_object_ref (cancellable);
      read->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                              read->inner, NULL);
    }

  read->deadline = g_timeout_source_new_seconds (deadline_seconds);
  g_source_set_callback (read->deadline, deadline_cb, read, NULL);
  g_source_set_static_name (read->deadline, "[tern] request deadline");
  g_source_attach (read->deadline, g_task_get_context (task));

  soup_session_send_async (session, message, io_priority, read->inner,
                           sent_cb, g_steal_pointer (&task));
}

/**
 * tern_bounded_read_finish:
 * @message: the request given to tern_bounded_read_async()
 * @result: the result
 * @error: return location for an error: %G_IO_ERROR_MESSAGE_TOO_LARGE or
 *   %G_IO_ERROR_TIMED_OUT (their messages name the endpoint, in lower
 *   case, to be put into a sentence), %G_IO_ERROR_CANCELLED, or what
 *   libsoup reported
 *
 * Returns: (transfer full) (nullable): the whole answer body
 */
GBytes *
tern_bounded_read_finish (SoupMessage   *message,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, message), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
