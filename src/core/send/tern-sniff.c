/* tern-sniff.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-sniff"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-sniff.h"

#define HEAD_SIZE 65536
/* Animated GIFs X takes are at most 15 MB; read no more than this to count
 * frames. */
#define GIF_READ_LIMIT (16 * 1024 * 1024)

typedef struct
{
  TernAttachmentKind  kind;
  char               *mime_type;
} SniffResult;

static void
sniff_result_free (SniffResult *result)
{
  g_free (result->mime_type);
  g_free (result);
}

/* Skips GIF data sub-blocks starting at @pos; returns the position after the
 * block terminator, or 0 if the data ends first. */
static gsize
skip_sub_blocks (const guint8 *data,
                 gsize         size,
                 gsize         pos)
{
  while (pos < size)
    {
      guint8 len = data[pos++];

      if (len == 0)
        return pos;
      pos += len;
    }
  return 0;
}

/**
 * tern_sniff_gif_frames:
 * @data: the start of a GIF file
 * @size: how many bytes @data has
 * @stop_at: stop counting at this many frames (0: count all)
 *
 * Returns: how many image descriptors (frames) the GIF has, as far as
 *   @data reaches
 */
guint
tern_sniff_gif_frames (const guint8 *data,
                       gsize         size,
                       guint         stop_at)
{
  gsize pos;
  guint frames = 0;

  if (size < 13 || memcmp (data, "GIF8", 4) != 0)
    return 0;

  pos = 13;
  if (data[10] & 0x80)
    pos += 3u * (1u << ((data[10] & 0x07) + 1));

  while (pos < size)
    {
      guint8 block = data[pos];

      if (block == 0x3B)
        break;
      else if (block == 0x21)
        {
          if (pos + 2 > size)
            break;
          pos = skip_sub_blocks (data, size, pos + 2);
        }
      else if (block == 0x2C)
        {
          guint8 flags;

          if (pos + 10 > size)
            break;
          flags = data[pos + 9];
          pos += 10;
          if (flags & 0x80)
            pos += 3u * (1u << ((flags & 0x07) + 1));
          pos += 1; /* LZW minimum code size */
          if (pos > size)
            break;
          pos = skip_sub_blocks (data, size, pos);
          frames++;
          if (stop_at > 0 && frames >= stop_at)
            break;
        }
      else
        break;

      if (pos == 0)
        break;
    }

  return frames;
}

/**
 * tern_sniff_kind_for_mime:
 * @mime_type: (nullable): a sniffed MIME type
 * @gif_frames: for a GIF, how many frames it has
 *
 * Returns: the attachment kind X would treat it as
 */
TernAttachmentKind
tern_sniff_kind_for_mime (const char *mime_type,
                          guint       gif_frames)
{
  static const char * const images[] = {
    "image/jpeg", "image/png", "image/webp", "image/bmp", "image/tiff",
  };

  if (mime_type == NULL)
    return TERN_ATTACHMENT_KIND_UNKNOWN;
  if (g_str_equal (mime_type, "image/gif"))
    return gif_frames > 1 ? TERN_ATTACHMENT_KIND_GIF : TERN_ATTACHMENT_KIND_IMAGE;
  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    if (g_str_equal (mime_type, images[i]))
      return TERN_ATTACHMENT_KIND_IMAGE;
  if (g_str_has_prefix (mime_type, "video/"))
    return TERN_ATTACHMENT_KIND_VIDEO;
  return TERN_ATTACHMENT_KIND_UNKNOWN;
}

static void
gif_loaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SniffResult *sniff = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize size;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data = g_bytes_get_data (bytes, &size);
  sniff->kind = tern_sniff_kind_for_mime ("image/gif", tern_sniff_gif_frames (data, size, 2));
  g_task_return_boolean (task, TRUE);
}

static void
head_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SniffResult *sniff = g_task_get_task_data (task);
  GInputStream *stream = G_INPUT_STREAM (object);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  const guint8 *data;
  gsize size;
  gboolean uncertain = FALSE;

  bytes = g_input_stream_read_bytes_finish (stream, result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  content_type = g_content_type_guess (NULL, data, size, &uncertain);
  sniff->mime_type = g_content_type_get_mime_type (content_type);
  g_debug ("sniffed %s (%s)", sniff->mime_type ? sniff->mime_type : "?",
           uncertain ? "uncertain" : "certain");

  if (g_strcmp0 (sniff->mime_type, "image/gif") == 0)
    {
      if (!g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_input_stream_read_bytes_async (stream, GIF_READ_LIMIT, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task), gif_loaded_cb,
                                       g_object_ref (task));
      return;
    }

  sniff->kind = tern_sniff_kind_for_mime (sniff->mime_type, 0);
  g_task_return_boolean (task, TRUE);
}

static void
file_opened_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_file_read_finish (G_FILE (object), result, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_input_stream_read_bytes_async (G_INPUT_STREAM (stream), HEAD_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), head_read_cb,
                                   g_object_ref (task));
}

/**
 * tern_sniff_file_async:
 * @file: a file
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Finds a file's MIME type from its first bytes, and for a GIF whether it
 * is animated.
 */
void
tern_sniff_file_async (GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_sniff_file_async);
  g_task_set_task_data (task, g_new0 (SniffResult, 1), (GDestroyNotify) sniff_result_free);
  g_file_read_async (file, G_PRIORITY_DEFAULT, cancellable, file_opened_cb,
                     g_steal_pointer (&task));
}

/**
 * tern_sniff_file_finish:
 * @file: the file
 * @result: the result
 * @kind: (out): the attachment kind
 * @mime_type: (out) (transfer full) (nullable): the MIME type
 * @error: return location for an error
 *
 * Returns: whether the file could be read
 */
gboolean
tern_sniff_file_finish (GFile               *file,
                        GAsyncResult        *result,
                        TernAttachmentKind  *kind,
                        char               **mime_type,
                        GError             **error)
{
  SniffResult *sniff;

  g_return_val_if_fail (g_task_is_valid (result, file), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  sniff = g_task_get_task_data (G_TASK (result));
  if (kind != NULL)
    *kind = sniff->kind;
  if (mime_type != NULL)
    *mime_type = g_strdup (sniff->mime_type);
  return TRUE;
}
