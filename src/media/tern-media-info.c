/* tern-media-info.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-media-info"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <gst/video/video.h>

#include "tern-media-info.h"
#include "tern-media-info-private.h"

/* How much of the start of a file is read to tell what it is. */
#define SNIFF_BYTES (64 * 1024)
/* gdk-pixbuf learns an image's size from its header; a JPEG may carry big
 * EXIF blocks before it, so allow a few MiB before giving up. */
#define IMAGE_HEADER_MAX (4 * 1024 * 1024)
#define DISCOVER_TIMEOUT (10 * GST_SECOND)

G_DEFINE_QUARK (tern-media-error-quark, tern_media_error)
G_DEFINE_BOXED_TYPE (TernMediaInfo, tern_media_info, tern_media_info_copy, tern_media_info_free)

void
tern_media_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      gst_init (NULL, NULL);
      gst_pb_utils_init ();
      g_once_init_leave (&initialised, 1);
    }
}

TernMediaInfo *
tern_media_info_new (void)
{
  TernMediaInfo *info = g_new0 (TernMediaInfo, 1);

  info->par_n = 1;
  info->par_d = 1;
  info->fps_d = 1;
  return info;
}

TernMediaInfo *
tern_media_info_copy (const TernMediaInfo *info)
{
  TernMediaInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->mime_type = g_strdup (info->mime_type);
  copy->format = g_strdup (info->format);
  copy->video_codec = g_strdup (info->video_codec);
  copy->video_profile = g_strdup (info->video_profile);
  copy->chroma_format = g_strdup (info->chroma_format);
  copy->audio_codec = g_strdup (info->audio_codec);
  copy->audio_profile = g_strdup (info->audio_profile);
  return copy;
}

void
tern_media_info_free (TernMediaInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->mime_type);
  g_free (info->format);
  g_free (info->video_codec);
  g_free (info->video_profile);
  g_free (info->chroma_format);
  g_free (info->audio_codec);
  g_free (info->audio_profile);
  g_free (info);
}

gboolean
tern_media_can_decode_image (const char *mime_type)
{
  g_autoptr(GSList) formats = NULL;

  g_return_val_if_fail (mime_type != NULL, FALSE);

  formats = gdk_pixbuf_get_formats ();
  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_auto(GStrv) types = gdk_pixbuf_format_get_mime_types (l->data);

      if (!gdk_pixbuf_format_is_disabled (l->data) &&
          g_strv_contains ((const char * const *) types, mime_type))
        return TRUE;
    }
  return FALSE;
}

const char *
tern_media_kind_to_string (TernAttachmentKind kind)
{
  switch (kind)
    {
    case TERN_ATTACHMENT_KIND_IMAGE:
      return "image";
    case TERN_ATTACHMENT_KIND_GIF:
      return "gif";
    case TERN_ATTACHMENT_KIND_VIDEO:
      return "video";
    case TERN_ATTACHMENT_KIND_UNKNOWN:
    default:
      return "unknown";
    }
}

static char *
display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename != NULL ? basename : "?");
}

/* Size and modification time: the file's identity while Tern holds it. */
static gboolean
query_stamp (GFile         *file,
             GCancellable  *cancellable,
             guint64       *size,
             gint64        *mtime_usec,
             GError       **error)
{
  g_autoptr(GFileInfo) finfo = NULL;
  g_autoptr(GDateTime) mtime = NULL;

  finfo = g_file_query_info (file,
                             G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                             G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                             G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                             G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                             G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (finfo == NULL)
    return FALSE;

  if (g_file_info_get_file_type (finfo) == G_FILE_TYPE_DIRECTORY)
    {
      g_autofree char *name = display_name (file);
      g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_UNSUPPORTED,
                   _("“%s” is a folder. Choose an image or a video file."), name);
      return FALSE;
    }

  *size = g_file_info_get_size (finfo);
  mtime = g_file_info_get_modification_date_time (finfo);
  *mtime_usec = mtime != NULL ? g_date_time_to_unix (mtime) * G_USEC_PER_SEC +
                                g_date_time_get_microsecond (mtime)
                              : 0;
  return TRUE;
}

gboolean
tern_media_info_check_unchanged (const TernMediaInfo  *info,
                                 GFile                *file,
                                 GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  guint64 size = 0;
  gint64 mtime = 0;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = display_name (file);
  if (!query_stamp (file, NULL, &size, &mtime, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_CHANGED,
                     _("“%s” was moved or deleted. Add it again from where it is now."),
                     name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (size != info->size || mtime != info->mtime_usec)
    {
      g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_CHANGED,
                   _("“%s” changed after Tern checked it. Remove it and add it again so Tern checks the new version."),
                   name);
      return FALSE;
    }
  return TRUE;
}

/* ---- sniffing ---------------------------------------------------------- */

static gboolean
has_prefix (const guint8 *data,
            gsize         len,
            const char   *magic,
            gsize         magic_len)
{
  return len >= magic_len && memcmp (data, magic, magic_len) == 0;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
read_le24 (const guint8 *p)
{
  return p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16);
}

typedef enum
{
  SNIFF_UNKNOWN,
  SNIFF_JPEG,
  SNIFF_PNG,
  SNIFF_GIF,
  SNIFF_WEBP,
  SNIFF_BMP,
  SNIFF_TIFF,
  SNIFF_HEIF,
  SNIFF_ISO_BMFF,
} SniffResult;

static SniffResult
sniff (const guint8 *data,
       gsize         len)
{
  if (has_prefix (data, len, "\xff\xd8\xff", 3))
    return SNIFF_JPEG;
  if (has_prefix (data, len, "\x89PNG\r\n\x1a\n", 8))
    return SNIFF_PNG;
  if (has_prefix (data, len, "GIF87a", 6) || has_prefix (data, len, "GIF89a", 6))
    return SNIFF_GIF;
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return SNIFF_WEBP;
  if (has_prefix (data, len, "II*\0", 4) || has_prefix (data, len, "MM\0*", 4))
    return SNIFF_TIFF;
  if (len >= 14 && data[0] == 'B' && data[1] == 'M' &&
      data[6] == 0 && data[7] == 0 && data[8] == 0 && data[9] == 0)
    return SNIFF_BMP;
  if (len >= 12 && memcmp (data + 4, "ftyp", 4) == 0)
    {
      const guint8 *brand = data + 8;
      if (memcmp (brand, "heic", 4) == 0 || memcmp (brand, "heix", 4) == 0 ||
          memcmp (brand, "mif1", 4) == 0 || memcmp (brand, "msf1", 4) == 0 ||
          memcmp (brand, "avif", 4) == 0 || memcmp (brand, "avis", 4) == 0)
        return SNIFF_HEIF;
      return SNIFF_ISO_BMFF;
    }
  return SNIFF_UNKNOWN;
}

static GError *
damaged_error (const char *name,
               const char *what,
               const char *detail)
{
  if (detail != NULL)
    return g_error_new (TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_DAMAGED,
                        _("“%s” looks like %s but is damaged or incomplete (%s). Export or copy it again."),
                        name, what, detail);
  return g_error_new (TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_DAMAGED,
                      _("“%s” looks like %s but is damaged or incomplete. Export or copy it again."),
                      name, what);
}

/* ---- images ------------------------------------------------------------ */

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  TernMediaInfo *info = user_data;

  info->width = width;
  info->height = height;
  /* Only the size is wanted: ask for a 1×1 decode to keep memory small. */
  gdk_pixbuf_loader_set_size (loader, 1, 1);
}

/* Feeds the start of the file to a loader of the sniffed type until it
 * knows the size; never decodes the whole image. */
static gboolean
probe_with_pixbuf (TernMediaInfo  *info,
                   GInputStream   *stream,
                   const guint8   *head,
                   gsize           head_len,
                   const char     *loader_type,
                   const char     *what,
                   const char     *name,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *buffer = NULL;
  gsize total = head_len;

  loader = gdk_pixbuf_loader_new_with_type (loader_type, &local_error);
  if (loader == NULL)
    {
      /* No loader: the format is still known, only its size is not. */
      g_debug ("No gdk-pixbuf loader for %s: %s", loader_type, local_error->message);
      return TRUE;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), info);

  if (!gdk_pixbuf_loader_write (loader, head, head_len, &local_error))
    {
      gdk_pixbuf_loader_close (loader, NULL);
      g_propagate_error (error, damaged_error (name, what, local_error->message));
      return FALSE;
    }

  buffer = g_malloc (SNIFF_BYTES);
  while (info->width == 0 && total < IMAGE_HEADER_MAX)
    {
      gssize n = g_input_stream_read (stream, buffer, SNIFF_BYTES, cancellable, error);
      if (n < 0)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          return FALSE;
        }
      if (n == 0)
        break;
      total += n;
      if (!gdk_pixbuf_loader_write (loader, buffer, n, &local_error))
        {
          gdk_pixbuf_loader_close (loader, NULL);
          g_propagate_error (error, damaged_error (name, what, local_error->message));
          return FALSE;
        }
    }

  /* Closing early complains that the image is incomplete: expected. */
  gdk_pixbuf_loader_close (loader, NULL);

  if (info->width == 0)
    {
      g_propagate_error (error, damaged_error (name, what, NULL));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_exact (GInputStream  *stream,
            guint8        *buf,
            gsize          len,
            GCancellable  *cancellable,
            gboolean      *eof,
            GError       **error)
{
  gsize got = 0;

  if (!g_input_stream_read_all (stream, buf, len, &got, cancellable, error))
    return FALSE;
  *eof = got < len;
  return TRUE;
}

static gboolean
skip_exact (GInputStream  *stream,
            gsize          len,
            GCancellable  *cancellable,
            gboolean      *eof,
            GError       **error)
{
  while (len > 0)
    {
      gssize n = g_input_stream_skip (stream, len, cancellable, error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          *eof = TRUE;
          return TRUE;
        }
      len -= n;
    }
  *eof = FALSE;
  return TRUE;
}

/* Skips a chain of GIF data sub-blocks (length byte, bytes, ..., 0). */
static gboolean
skip_gif_sub_blocks (GInputStream  *stream,
                     GCancellable  *cancellable,
                     gboolean      *eof,
                     GError       **error)
{
  for (;;)
    {
      guint8 len;

      if (!read_exact (stream, &len, 1, cancellable, eof, error) || *eof)
        return !*eof ? FALSE : TRUE;
      if (len == 0)
        return TRUE;
      if (!skip_exact (stream, len, cancellable, eof, error) || *eof)
        return !*eof ? FALSE : TRUE;
    }
}

/* Walks the GIF block structure to count frames without decoding them. The
 * stream is positioned at the start of the file. */
static gboolean
probe_gif (TernMediaInfo  *info,
           GInputStream   *stream,
           const char     *name,
           GCancellable   *cancellable,
           GError        **error)
{
  guint8 header[13];
  gboolean eof = FALSE;
  guint frames = 0;

  if (!read_exact (stream, header, sizeof header, cancellable, &eof, error))
    return FALSE;
  if (eof)
    goto truncated;

  info->width = header[6] | (header[7] << 8);
  info->height = header[8] | (header[9] << 8);
  if (header[10] & 0x80)
    {
      if (!skip_exact (stream, 3u << ((header[10] & 0x07) + 1), cancellable, &eof, error))
        return FALSE;
      if (eof)
        goto truncated;
    }

  for (;;)
    {
      guint8 block;

      if (!read_exact (stream, &block, 1, cancellable, &eof, error))
        return FALSE;
      if (eof)
        goto truncated;

      if (block == 0x3b) /* trailer */
        break;
      else if (block == 0x21) /* extension: label, then sub-blocks */
        {
          guint8 label;
          if (!read_exact (stream, &label, 1, cancellable, &eof, error))
            return FALSE;
          if (eof)
            goto truncated;
          if (!skip_gif_sub_blocks (stream, cancellable, &eof, error))
            return FALSE;
          if (eof)
            goto truncated;
        }
      else if (block == 0x2c) /* image descriptor */
        {
          guint8 desc[9];
          guint8 lzw_size;
          if (!read_exact (stream, desc, sizeof desc, cancellable, &eof, error))
            return FALSE;
          if (eof)
            goto truncated;
          if (desc[8] & 0x80)
            {
              if (!skip_exact (stream, 3u << ((desc[8] & 0x07) + 1), cancellable, &eof, error))
                return FALSE;
              if (eof)
                goto truncated;
            }
          if (!read_exact (stream, &lzw_size, 1, cancellable, &eof, error))
            return FALSE;
          if (eof)
            goto truncated;
          if (!skip_gif_sub_blocks (stream, cancellable, &eof, error))
            return FALSE;
          if (eof)
            goto truncated;
          frames++;
        }
      else
        {
          g_propagate_error (error, damaged_error (name, _("a GIF image"), _("unknown block")));
          return FALSE;
        }
    }

  if (frames == 0 || info->width == 0 || info->height == 0)
    {
      g_propagate_error (error, damaged_error (name, _("a GIF image"), _("no frames")));
      return FALSE;
    }
  info->n_frames = frames;
  return TRUE;

truncated:
  g_propagate_error (error, damaged_error (name, _("a GIF image"), _("it ends too early")));
  return FALSE;
}

/* WEBP is a RIFF file: walk its chunks for the canvas size and the number
 * of animation frames. Debian has no gdk-pixbuf loader for it. */
static gboolean
probe_webp (TernMediaInfo  *info,
            GInputStream   *stream,
            const char     *name,
            GCancellable   *cancellable,
            GError        **error)
{
  guint8 riff[12];
  gboolean eof = FALSE;
  guint anmf = 0;
  gboolean animated = FALSE;

  if (!read_exact (stream, riff, sizeof riff, cancellable, &eof, error))
    return FALSE;
  if (eof)
    goto truncated;

  for (;;)
    {
      guint8 chunk[8];
      guint8 body[10];
      guint32 size;
      gsize used = 0;

      if (!read_exact (stream, chunk, sizeof chunk, cancellable, &eof, error))
        return FALSE;
      if (eof)
        break;
      size = chunk[4] | (chunk[5] << 8) | (chunk[6] << 16) | ((guint32) chunk[7] << 24);

      if (memcmp (chunk, "VP8X", 4) == 0 || memcmp (chunk, "VP8 ", 4) == 0 ||
          memcmp (chunk, "VP8L", 4) == 0)
        {
          used = MIN (size, sizeof body);
          if (!read_exact (stream, body, used, cancellable, &eof, error))
            return FALSE;
          if (eof)
            goto truncated;

          if (memcmp (chunk, "VP8X", 4) == 0 && used >= 10)
            {
              animated = (body[0] & 0x02) != 0;
              info->width = read_le24 (body + 4) + 1;
              info->height = read_le24 (body + 7) + 1;
            }
          else if (memcmp (chunk, "VP8 ", 4) == 0 && used >= 10 && info->width == 0)
            {
              info->width = (body[6] | (body[7] << 8)) & 0x3fff;
              info->height = (body[8] | (body[9] << 8)) & 0x3fff;
            }
          else if (memcmp (chunk, "VP8L", 4) == 0 && used >= 5 && info->width == 0)
            {
              guint32 bits = body[1] | (body[2] << 8) | (body[3] << 16) | ((guint32) body[4] << 24);
              info->width = (bits & 0x3fff) + 1;
              info->height = ((bits >> 14) & 0x3fff) + 1;
            }
        }
      else if (memcmp (chunk, "ANMF", 4) == 0)
        anmf++;

      /* A chunk that claims more than the file has is a truncated file,
       * whether its size is odd or not. */
      if (!skip_exact (stream, size - used, cancellable, &eof, error))
        return FALSE;
      if (eof)
        goto truncated;
      if (size & 1)
        {
          if (!skip_exact (stream, 1, cancellable, &eof, error))
            return FALSE;
          /* The last chunk may lack its pad byte. */
          if (eof)
            break;
        }
    }

  if (info->width == 0 || info->height == 0)
    goto truncated;
  info->n_frames = animated ? MAX (anmf, 1) : 1;
  return TRUE;

truncated:
  g_propagate_error (error, damaged_error (name, _("a WEBP image"), _("it ends too early")));
  return FALSE;
}

/* ---- ISO BMFF (MP4, MOV) ------------------------------------------------- */

/* The moov box is small (a few MiB for a 512 MB video); larger means
 * something odd, and then the keyframe check is skipped. */
#define MOOV_MAX (64 * 1024 * 1024)

/* Finds the first child box of @type within [data, data + len). */
static gboolean
find_box (const guint8  *data,
          gsize          len,
          const char    *type,
          const guint8 **body,
          gsize         *body_len)
{
  gsize offset = 0;

  while (offset + 8 <= len)
    {
      guint64 size = read_be32 (data + offset);
      gsize header = 8;

      if (size == 1 && offset + 16 <= len)
        {
          size = ((guint64) read_be32 (data + offset + 8) << 32) | read_be32 (data + offset + 12);
          header = 16;
        }
      else if (size == 0)
        size = len - offset;
      if (size < header || size > len - offset)
        return FALSE;
      if (memcmp (data + offset + 4, type, 4) == 0)
        {
          *body = data + offset + header;
          *body_len = size - header;
          return TRUE;
        }
      offset += size;
    }
  return FALSE;
}

/* The sample tables of the first video track in a moov box. */
typedef struct
{
  const guint8 *stsz, *stss, *stsc, *stco, *co64, *stsd;
  gsize stsz_len, stss_len, stsc_len, stco_len, co64_len, stsd_len;
} VideoTables;

static gboolean
find_video_tables (const guint8 *moov,
                   gsize         len,
                   VideoTables  *t)
{
  gsize offset = 0;

  memset (t, 0, sizeof *t);
  while (offset + 8 <= len)
    {
      guint32 size = read_be32 (moov + offset);
      const guint8 *mdia, *hdlr, *minf, *stbl;
      gsize mdia_len, hdlr_len, minf_len, stbl_len;

      if (size < 8 || size > len - offset)
        return FALSE;
      if (memcmp (moov + offset + 4, "trak", 4) != 0 ||
          !find_box (moov + offset + 8, size - 8, "mdia", &mdia, &mdia_len) ||
          !find_box (mdia, mdia_len, "hdlr", &hdlr, &hdlr_len) || hdlr_len < 12 ||
          memcmp (hdlr + 8, "vide", 4) != 0)
        {
          offset += size;
          continue;
        }
      if (!find_box (mdia, mdia_len, "minf", &minf, &minf_len) ||
          !find_box (minf, minf_len, "stbl", &stbl, &stbl_len) ||
          !find_box (stbl, stbl_len, "stsz", &t->stsz, &t->stsz_len) || t->stsz_len < 12)
        return FALSE;
      find_box (stbl, stbl_len, "stss", &t->stss, &t->stss_len);
      find_box (stbl, stbl_len, "stsc", &t->stsc, &t->stsc_len);
      find_box (stbl, stbl_len, "stco", &t->stco, &t->stco_len);
      find_box (stbl, stbl_len, "co64", &t->co64, &t->co64_len);
      find_box (stbl, stbl_len, "stsd", &t->stsd, &t->stsd_len);
      return TRUE;
    }
  return FALSE;
}

static guint32
stss_entries (const VideoTables *t)
{
  guint32 entries;

  if (t->stss == NULL || t->stss_len < 8)
    return 0;
  entries = read_be32 (t->stss + 4);
  return (gsize) entries <= (t->stss_len - 8) / 4 ? entries : 0;
}

/* The longest run of frames from one sync sample (keyframe) to the next,
 * from the stss and stsz tables. No stss: every frame is a keyframe.
 * Returns 0 when the tables cannot be read. */
static guint
keyframe_interval (const VideoTables *t)
{
  guint32 samples = read_be32 (t->stsz + 8);
  guint32 entries, previous = 1, longest = 0;

  if (t->stss == NULL)
    return samples > 0 ? 1 : 0;
  entries = stss_entries (t);
  if (entries == 0)
    return 0;
  for (guint32 i = 0; i < entries; i++)
    {
      guint32 sample = read_be32 (t->stss + 8 + 4 * i);
      if (sample > previous)
        longest = MAX (longest, sample - previous);
      previous = MAX (previous, sample);
    }
  /* From the last keyframe to the end, and from the start to the first. */
  if (samples + 1 > previous)
    longest = MAX (longest, samples + 1 - previous);
  return MAX (longest, 1);
}

/* Where sample @number (1-based) starts in the file, and its size, from
 * the stsc, stco/co64 and stsz tables. */
static gboolean
sample_location (const VideoTables *t,
                 guint32            number,
                 guint64           *offset,
                 guint32           *size)
{
  guint32 fixed_size = read_be32 (t->stsz + 4);
  guint32 n_sizes = read_be32 (t->stsz + 8);
  guint32 n_entries, n_chunks;
  guint64 first_in_chunk = 1;
  const guint8 *chunks;
  gsize chunks_len, entry_size;

  if (t->stsc == NULL || t->stsc_len < 8 || number == 0 || number > n_sizes ||
      (fixed_size == 0 && (gsize) n_sizes > (t->stsz_len - 12) / 4))
    return FALSE;
  n_entries = read_be32 (t->stsc + 4);
  if ((gsize) n_entries > (t->stsc_len - 8) / 12)
    return FALSE;

  /* One chunk table, chosen once, and only if it can hold its own header:
   * a short stco beside a good co64 must not be read as if it were long. */
  if (t->stco != NULL && t->stco_len >= 8)
    {
      chunks = t->stco;
      chunks_len = t->stco_len;
      entry_size = 4;
    }
  else if (t->co64 != NULL && t->co64_len >= 8)
    {
      chunks = t->co64;
      chunks_len = t->co64_len;
      entry_size = 8;
    }
  else
    return FALSE;
  n_chunks = read_be32 (chunks + 4);
  if ((gsize) n_chunks > (chunks_len - 8) / entry_size)
    return FALSE;

  for (guint32 e = 0; e < n_entries; e++)
    {
      guint64 first_chunk = read_be32 (t->stsc + 8 + 12 * e);
      guint64 per_chunk = read_be32 (t->stsc + 8 + 12 * e + 4);
      guint64 end_chunk = e + 1 < n_entries ? read_be32 (t->stsc + 8 + 12 * (e + 1))
                                            : (guint64) n_chunks + 1;

      if (per_chunk == 0 || first_chunk == 0 || end_chunk < first_chunk ||
          number < first_in_chunk)
        return FALSE;
      /* All in 64 bits: 2³² chunks of 2³² samples do not wrap. */
      if ((guint64) number < first_in_chunk + (end_chunk - first_chunk) * per_chunk)
        {
          guint64 chunk = first_chunk + (number - first_in_chunk) / per_chunk;
          guint64 first_sample = first_in_chunk + (chunk - first_chunk) * per_chunk;
          const guint8 *entry;
          guint64 at;

          if (chunk == 0 || chunk > n_chunks || first_sample == 0 || first_sample > number)
            return FALSE;
          entry = chunks + 8 + entry_size * (chunk - 1);
          if (entry_size == 4)
            at = read_be32 (entry);
          else
            at = ((guint64) read_be32 (entry) << 32) | read_be32 (entry + 4);
          for (guint64 k = first_sample; k < number; k++)
            at += fixed_size ? fixed_size : read_be32 (t->stsz + 12 + 4 * (k - 1));
          *offset = at;
          *size = fixed_size ? fixed_size : read_be32 (t->stsz + 12 + 4 * (number - 1));
          return TRUE;
        }
      first_in_chunk += (end_chunk - first_chunk) * per_chunk;
    }
  return FALSE;
}

/* The NAL length size of an H.264 track (from avcC), or 0 when the track
 * is not H.264 in MP4 form. */
static guint
avc_length_size (const VideoTables *t)
{
  const guint8 *entry, *avcc;
  gsize entry_len, avcc_len;
  guint32 size;

  if (t->stsd == NULL || t->stsd_len < 16)
    return 0;
  entry = t->stsd + 8;
  size = read_be32 (entry);
  if (size < 8 + 78 || size > t->stsd_len - 8 ||
      (memcmp (entry + 4, "avc1", 4) != 0 && memcmp (entry + 4, "avc3", 4) != 0))
    return 0;
  entry_len = size - 8 - 78;
  if (!find_box (entry + 8 + 78, entry_len, "avcC", &avcc, &avcc_len) || avcc_len < 5)
    return 0;
  return (avcc[4] & 0x03) + 1;
}

/* Open GOP: a keyframe (sync sample) that is not an IDR picture, so frames
 * after it may refer to frames before it. Checks the slices of a few sync
 * samples after the first: a few hundred bytes read per keyframe. */
static gboolean
has_open_gop (const VideoTables  *t,
              guint64             file_size,
              GInputStream       *stream,
              GCancellable       *cancellable,
              gboolean           *open_gop,
              GError            **error)
{
  guint length_size = avc_length_size (t);
  guint32 entries = stss_entries (t);

  *open_gop = FALSE;
  if (length_size == 0)
    return TRUE;

  for (guint32 i = 1; i < entries && i <= 8 && !*open_gop; i++)
    {
      guint8 head[512];
      guint64 offset;
      guint32 size;
      gsize got = 0, pos = 0;

      if (!sample_location (t, read_be32 (t->stss + 8 + 4 * i), &offset, &size) ||
          offset >= file_size)
        return TRUE;
      if (!g_seekable_seek (G_SEEKABLE (stream), offset, G_SEEK_SET, cancellable, error) ||
          !g_input_stream_read_all (stream, head, MIN (size, sizeof head), &got, cancellable, error))
        return FALSE;

      while (pos + length_size < got)
        {
          guint32 nal_size = 0;
          guint type;

          for (guint b = 0; b < length_size; b++)
            nal_size = (nal_size << 8) | head[pos + b];
          type = head[pos + length_size] & 0x1f;
          if (type == 5)
            break;                /* IDR: closed */
          if (type == 1)
            {
              *open_gop = TRUE;   /* a non-IDR slice starts a keyframe */
              break;
            }
          /* In 64 bits: a NAL length near 2^32 must not wrap the step
           * to zero (found by the fuzzer: the walk never ended). */
          pos += (gsize) length_size + nal_size;
        }
    }
  return TRUE;
}

/* Walks the top-level boxes: a box that runs past the end of the file means
 * the copy is incomplete, which X would only say after the whole upload.
 * Also notes whether the index (moov) comes before the media data. Reads
 * eight or sixteen bytes per box and seeks over the rest. */
static gboolean
check_iso_boxes (TernMediaInfo  *info,
                 GInputStream   *stream,
                 const char     *name,
                 GCancellable   *cancellable,
                 GError        **error)
{
  goffset offset = 0;
  goffset moov_at = -1;
  goffset mdat_at = -1;
  guint64 moov_size = 0;
  guint boxes = 0;

  while ((guint64) offset < info->size && boxes++ < 100000)
    {
      guint8 header[16];
      gboolean eof = FALSE;
      guint64 box_size;

      if (!g_seekable_seek (G_SEEKABLE (stream), offset, G_SEEK_SET, cancellable, error))
        return FALSE;
      if (!read_exact (stream, header, 8, cancellable, &eof, error))
        return FALSE;
      if (eof)
        break;

      box_size = read_be32 (header);
      if (box_size == 1)
        {
          if (!read_exact (stream, header + 8, 8, cancellable, &eof, error))
            return FALSE;
          if (eof)
            break;
          box_size = ((guint64) read_be32 (header + 8) << 32) | read_be32 (header + 12);
        }
      else if (box_size == 0)
        box_size = info->size - offset;

      if (box_size < (read_be32 (header) == 1 ? 16 : 8))
        {
          g_propagate_error (error, damaged_error (name, _("an MP4 video"), _("a box has an impossible size")));
          return FALSE;
        }

      if (memcmp (header + 4, "moov", 4) == 0 && moov_at < 0 && read_be32 (header) != 1)
        {
          moov_at = offset;
          moov_size = box_size;
        }
      else if (memcmp (header + 4, "mdat", 4) == 0 && mdat_at < 0)
        mdat_at = offset;

      /* Compared with what remains, so a 64-bit size cannot wrap around. */
      if (box_size > info->size - (guint64) offset)
        {
          g_autofree char *have = g_format_size (info->size);
          g_autofree char *need = g_format_size (box_size > G_MAXUINT64 - (guint64) offset
                                                 ? G_MAXUINT64 : offset + box_size);
          g_autofree char *detail = g_strdup_printf (_("the file has %s but its data runs to %s"), have, need);
          g_propagate_error (error, damaged_error (name, _("an MP4 video"), detail));
          return FALSE;
        }
      offset += box_size;
    }

  if (moov_at < 0)
    {
      g_propagate_error (error, damaged_error (name, _("an MP4 video"), _("its index is missing")));
      return FALSE;
    }
  info->index_first = mdat_at < 0 || moov_at < mdat_at;

  /* Read the index itself for the keyframe interval. */
  if (moov_size > 8 && moov_size <= MOOV_MAX)
    {
      g_autofree guint8 *moov = g_malloc (moov_size);
      gboolean eof = FALSE;
      VideoTables tables;

      if (!g_seekable_seek (G_SEEKABLE (stream), moov_at, G_SEEK_SET, cancellable, error) ||
          !read_exact (stream, moov, moov_size, cancellable, &eof, error))
        return FALSE;
      if (!eof && find_video_tables (moov + 8, moov_size - 8, &tables))
        {
          info->keyframe_interval = keyframe_interval (&tables);
          if (!has_open_gop (&tables, info->size, stream, cancellable, &info->open_gop, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* ---- audio and video with GstDiscoverer --------------------------------- */

static const struct
{
  const char *caps_name;
  const char *format;
  const char *mime_type;
} containers[] = {
  { "video/quicktime", "mp4", "video/mp4" },
  { "video/x-matroska", "matroska", "video/x-matroska" },
  { "video/webm", "webm", "video/webm" },
  { "video/mpegts", "mpegts", "video/mp2t" },
  { "video/x-msvideo", "avi", "video/x-msvideo" },
  { "application/ogg", "ogg", "video/ogg" },
  { "video/x-flv", "flv", "video/x-flv" },
  { "video/mpeg", "mpeg", "video/mpeg" },
  { "application/x-3gp", "3gp", "video/3gpp" },
};

static void
set_container (TernMediaInfo *info,
               GstCaps       *caps)
{
  const GstStructure *s = gst_caps_get_structure (caps, 0);
  const char *caps_name = gst_structure_get_name (s);

  for (guint i = 0; i < G_N_ELEMENTS (containers); i++)
    if (g_str_equal (caps_name, containers[i].caps_name))
      {
        g_free (info->format);
        g_free (info->mime_type);
        info->format = g_strdup (containers[i].format);
        info->mime_type = g_strdup (containers[i].mime_type);
        if (g_str_equal (caps_name, "video/quicktime") &&
            g_strcmp0 (gst_structure_get_string (s, "variant"), "apple") == 0)
          {
            g_free (info->format);
            g_free (info->mime_type);
            info->format = g_strdup ("quicktime");
            info->mime_type = g_strdup ("video/quicktime");
          }
        return;
      }

  g_free (info->format);
  info->format = g_strdup (caps_name);
}

static char *
video_codec_from_caps (const GstStructure *s)
{
  const char *name = gst_structure_get_name (s);
  int version = 0;

  if (g_str_equal (name, "video/x-h264"))
    return g_strdup ("h264");
  if (g_str_equal (name, "video/x-h265"))
    return g_strdup ("hevc");
  if (g_str_equal (name, "video/x-vp8"))
    return g_strdup ("vp8");
  if (g_str_equal (name, "video/x-vp9"))
    return g_strdup ("vp9");
  if (g_str_equal (name, "video/x-av1"))
    return g_strdup ("av1");
  if (g_str_equal (name, "video/x-theora"))
    return g_strdup ("theora");
  if (g_str_equal (name, "video/x-prores"))
    return g_strdup ("prores");
  if (g_str_equal (name, "video/x-raw"))
    return g_strdup ("raw");
  if (g_str_equal (name, "video/mpeg") && gst_structure_get_int (s, "mpegversion", &version))
    return g_strdup_printf ("mpeg%d", version);
  if (g_str_has_prefix (name, "video/x-"))
    return g_strdup (name + strlen ("video/x-"));
  return g_strdup (name);
}

static char *
audio_codec_from_caps (const GstStructure *s)
{
  const char *name = gst_structure_get_name (s);
  int version = 0, layer = 0;

  if (g_str_equal (name, "audio/mpeg") && gst_structure_get_int (s, "mpegversion", &version))
    {
      if (version == 2 || version == 4)
        return g_strdup ("aac");
      if (gst_structure_get_int (s, "layer", &layer) && layer != 3)
        return g_strdup_printf ("mp%d", layer);
      return g_strdup ("mp3");
    }
  if (g_str_equal (name, "audio/x-opus"))
    return g_strdup ("opus");
  if (g_str_equal (name, "audio/x-vorbis"))
    return g_strdup ("vorbis");
  if (g_str_equal (name, "audio/x-ac3"))
    return g_strdup ("ac3");
  if (g_str_equal (name, "audio/x-eac3"))
    return g_strdup ("eac3");
  if (g_str_equal (name, "audio/x-flac"))
    return g_strdup ("flac");
  if (g_str_equal (name, "audio/x-alac"))
    return g_strdup ("alac");
  if (g_str_equal (name, "audio/x-raw"))
    return g_strdup ("pcm");
  if (g_str_has_prefix (name, "audio/x-"))
    return g_strdup (name + strlen ("audio/x-"));
  return g_strdup (name);
}

/* The AAC object type from the AudioSpecificConfig: HE-AAC with explicit
 * signalling shows up here even when the parser calls it "lc". HE-AAC
 * signalled only implicitly cannot be told apart from the headers. */
static const char *
aac_profile_from_codec_data (const GstStructure *s)
{
  const GValue *value = gst_structure_get_value (s, "codec_data");
  GstBuffer *buffer;
  GstMapInfo map;
  guint aot = 0;

  if (value == NULL || !GST_VALUE_HOLDS_BUFFER (value))
    return NULL;
  buffer = gst_value_get_buffer (value);
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return NULL;
  if (map.size >= 1)
    {
      aot = map.data[0] >> 3;
      if (aot == 31 && map.size >= 2)
        aot = 32 + (((map.data[0] & 0x07) << 3) | (map.data[1] >> 5));
    }
  gst_buffer_unmap (buffer, &map);

  switch (aot)
    {
    case 1: return "main";
    case 2: return "lc";
    case 3: return "ssr";
    case 4: return "ltp";
    case 5: return "he-aac";
    case 29: return "he-aac-v2";
    case 23: return "ld";
    case 39: return "eld";
    default: return NULL;
    }
}

static void
set_video_stream (TernMediaInfo           *info,
                  GstDiscovererVideoInfo  *vinfo)
{
  g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (GST_DISCOVERER_STREAM_INFO (vinfo));
  const char *chroma = NULL;
  int depth = 0;

  info->has_video = TRUE;
  info->width = gst_discoverer_video_info_get_width (vinfo);
  info->height = gst_discoverer_video_info_get_height (vinfo);
  info->par_n = gst_discoverer_video_info_get_par_num (vinfo);
  info->par_d = gst_discoverer_video_info_get_par_denom (vinfo);
  if (info->par_n == 0 || info->par_d == 0)
    info->par_n = info->par_d = 1;
  info->fps_n = gst_discoverer_video_info_get_framerate_num (vinfo);
  info->fps_d = gst_discoverer_video_info_get_framerate_denom (vinfo);
  if (info->fps_d == 0)
    info->fps_n = 0, info->fps_d = 1;
  info->interlaced = gst_discoverer_video_info_is_interlaced (vinfo);

  if (caps != NULL && gst_caps_get_size (caps) > 0)
    {
      const GstStructure *s = gst_caps_get_structure (caps, 0);
      const char *mode;
      guint udepth = 0;
      g_autofree char *caps_str = NULL;

      caps_str = gst_caps_to_string (caps);
      g_debug ("Video caps: %s", caps_str);
      info->video_codec = video_codec_from_caps (s);
      info->video_profile = g_strdup (gst_structure_get_string (s, "profile"));
      chroma = gst_structure_get_string (s, "chroma-format");
      if (gst_structure_get_uint (s, "bit-depth-luma", &udepth))
        info->bit_depth = udepth;
      else if (gst_structure_get_int (s, "bit-depth-luma", &depth))
        info->bit_depth = depth;

      /* Parsers say "mixed" for streams that may contain interlaced
       * frames (H.264 without frame_mbs_only): X rejects those too. */
      mode = gst_structure_get_string (s, "interlace-mode");
      if (mode != NULL && !g_str_equal (mode, "progressive"))
        info->interlaced = TRUE;
      /* h264parse says "field" when the stream is not frames only (PAFF
       * or MBAFF); the probe stops at the parser, so this is where it
       * shows. */
      mode = gst_structure_get_string (s, "coded-picture-structure");
      if (mode != NULL && !g_str_equal (mode, "frame"))
        info->interlaced = TRUE;

      if (chroma == NULL && gst_structure_has_name (s, "video/x-raw"))
        {
          GstVideoInfo raw;
          if (gst_video_info_from_caps (&raw, caps))
            {
              const GstVideoFormatInfo *finfo = raw.finfo;
              if (GST_VIDEO_FORMAT_INFO_IS_YUV (finfo))
                {
                  guint ws = GST_VIDEO_FORMAT_INFO_W_SUB (finfo, 1);
                  guint hs = GST_VIDEO_FORMAT_INFO_H_SUB (finfo, 1);
                  chroma = ws == 1 && hs == 1 ? "4:2:0" : ws == 1 ? "4:2:2" : ws == 0 ? "4:4:4" : "4:1:1";
                }
              info->bit_depth = GST_VIDEO_FORMAT_INFO_DEPTH (finfo, 0);
            }
        }
    }
  info->chroma_format = g_strdup (chroma);
}

static void
set_audio_stream (TernMediaInfo           *info,
                  GstDiscovererAudioInfo  *ainfo)
{
  g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (GST_DISCOVERER_STREAM_INFO (ainfo));

  info->has_audio = TRUE;
  info->channels = gst_discoverer_audio_info_get_channels (ainfo);
  info->sample_rate = gst_discoverer_audio_info_get_sample_rate (ainfo);

  if (caps != NULL && gst_caps_get_size (caps) > 0)
    {
      const GstStructure *s = gst_caps_get_structure (caps, 0);
      const char *profile = NULL;
      int value = 0;

      g_autofree char *caps_str = NULL;

      caps_str = gst_caps_to_string (caps);
      g_debug ("Audio caps: %s", caps_str);
      info->audio_codec = audio_codec_from_caps (s);
      if (g_strcmp0 (info->audio_codec, "aac") == 0)
        profile = aac_profile_from_codec_data (s);
      if (profile == NULL)
        profile = gst_structure_get_string (s, "profile");
      info->audio_profile = g_strdup (profile);
      if (info->channels == 0 && gst_structure_get_int (s, "channels", &value))
        info->channels = value;
      if (info->sample_rate == 0 && gst_structure_get_int (s, "rate", &value))
        info->sample_rate = value;
    }
}

/* What X's rules need (codec, profile, chroma format, bit depth,
 * interlacing, size, frame rate) is all in the caps the parsers give, so
 * the discoverer's decodebin stops there instead of plugging decoders: a
 * decoder such as avdec_h264 brings in libavcodec, libavfilter and their
 * dependencies, about 30 MB of resident memory that stays mapped for the
 * life of the process, for nothing the probe reads. Streams with no parser
 * in this list are still decoded, as before. */
#define PARSED_CAPS \
  "video/x-h264, parsed=(boolean)true; " \
  "video/x-h265, parsed=(boolean)true; " \
  "audio/mpeg, mpegversion=(int)4, framed=(boolean)true, stream-format=(string)raw; " \
  "audio/mpeg, mpegversion=(int)1, parsed=(boolean)true"

/* GstDiscoverer has no setting for this; its uridecodebin is the parent of
 * the source it announces, and passes its caps on to the decodebin it
 * makes next. */
static void
discoverer_source_setup_cb (GstDiscoverer *discoverer,
                            GstElement    *source,
                            gpointer       user_data)
{
  g_autoptr(GstObject) parent = gst_object_get_parent (GST_OBJECT (source));
  g_autoptr(GstCaps) caps = NULL;
  GParamSpec *pspec;

  if (parent == NULL)
    return;
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (parent), "caps");
  if (pspec == NULL || pspec->value_type != GST_TYPE_CAPS)
    return;

  g_object_get (parent, "caps", &caps, NULL);
  if (caps == NULL || gst_caps_is_any (caps))
    return;
  caps = gst_caps_make_writable (caps);
  gst_caps_append (caps, gst_caps_from_string (PARSED_CAPS));
  g_object_set (parent, "caps", caps, NULL);
}

static gboolean
probe_with_discoverer (TernMediaInfo  *info,
                       GFile          *file,
                       const char     *name,
                       gboolean        looks_like_media,
                       GError        **error)
{
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) dinfo = NULL;
  g_autoptr(GstDiscovererStreamInfo) top = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  GList *videos, *audios;
  GstDiscovererResult result;

  discoverer = gst_discoverer_new (DISCOVER_TIMEOUT, &local_error);
  if (discoverer == NULL)
    {
      g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_FAILED,
                   _("GStreamer could not start: %s. Check that GStreamer is installed."),
                   local_error->message);
      return FALSE;
    }
  g_signal_connect (discoverer, "source-setup", G_CALLBACK (discoverer_source_setup_cb), NULL);

  dinfo = gst_discoverer_discover_uri (discoverer, uri, &local_error);
  result = dinfo != NULL ? gst_discoverer_info_get_result (dinfo) : GST_DISCOVERER_ERROR;

  if (result == GST_DISCOVERER_TIMEOUT)
    {
      g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_TIMEOUT,
                   _("Checking “%s” took too long. If it is on a network drive, copy it to this computer first."),
                   name);
      return FALSE;
    }

  if (dinfo == NULL || (result != GST_DISCOVERER_OK && result != GST_DISCOVERER_MISSING_PLUGINS))
    {
      g_debug ("Discoverer failed on %s: %s", uri, local_error ? local_error->message : "?");
      if (looks_like_media)
        g_propagate_error (error, damaged_error (name, _("a video"), NULL));
      else
        {
          g_autofree char *desc = info->mime_type ? g_content_type_get_description (info->mime_type) : NULL;
          g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_UNSUPPORTED,
                       _("“%s” is not an image or a video Tern can read (it looks like: %s). Choose a JPEG, PNG, GIF or WEBP image or an MP4 or MOV video."),
                       name, desc ? desc : _("unknown data"));
        }
      return FALSE;
    }

  top = gst_discoverer_info_get_stream_info (dinfo);
  if (top != NULL && GST_IS_DISCOVERER_CONTAINER_INFO (top))
    {
      g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (top);
      if (caps != NULL && gst_caps_get_size (caps) > 0)
        set_container (info, caps);
    }

  info->duration_usec = gst_discoverer_info_get_duration (dinfo) / GST_USECOND;

  videos = gst_discoverer_info_get_video_streams (dinfo);
  audios = gst_discoverer_info_get_audio_streams (dinfo);
  for (GList *l = videos; l != NULL; l = l->next)
    if (!gst_discoverer_video_info_is_image (l->data))
      {
        set_video_stream (info, l->data);
        break;
      }
  if (audios != NULL)
    set_audio_stream (info, audios->data);
  gst_discoverer_stream_info_list_free (videos);
  gst_discoverer_stream_info_list_free (audios);

  if (!info->has_video && !info->has_audio)
    {
      if (looks_like_media)
        g_propagate_error (error, damaged_error (name, _("a video"), _("it has no playable streams")));
      else
        g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_UNSUPPORTED,
                     _("“%s” is not an image or a video Tern can read. Choose a JPEG, PNG, GIF or WEBP image or an MP4 or MOV video."),
                     name);
      return FALSE;
    }

  if (info->has_video)
    {
      info->kind = TERN_ATTACHMENT_KIND_VIDEO;
      if (info->format == NULL)
        info->format = g_strdup (info->video_codec);
    }
  else
    info->kind = TERN_ATTACHMENT_KIND_UNKNOWN;

  if (info->duration_usec > 0)
    info->bitrate = (guint) MIN ((double) info->size * 8.0 * G_USEC_PER_SEC / info->duration_usec,
                                 (double) G_MAXUINT);
  return TRUE;
}

/* A BMP's info header is one of a few fixed sizes (12 for OS/2 1.x, 16 to
 * 64 for OS/2 2.x, 40 to 124 for Windows' versions) and lies within the
 * file's first bytes. */
static gboolean
bmp_header_is_sane (const guint8 *head,
                    gsize         head_len)
{
  guint32 info_size;

  if (head_len < 18)
    return FALSE;
  info_size = head[14] | ((guint32) head[15] << 8) | ((guint32) head[16] << 16) |
              ((guint32) head[17] << 24);
  return info_size >= 12 && info_size <= 124 && 14 + (gsize) info_size <= head_len;
}

/* What Tern itself reads of a file, before GStreamer: image headers
 * (through gdk-pixbuf), the GIF and WEBP block walks, the MP4/MOV boxes.
 * @stream is seekable and positioned after @head. */
static gboolean
probe_structure (TernMediaInfo  *info,
                 GInputStream   *stream,
                 const guint8   *head,
                 gsize           head_len,
                 SniffResult     kind,
                 const char     *name,
                 GCancellable   *cancellable,
                 GError        **error)
{
  gboolean ok = TRUE;

  switch (kind)
    {
    case SNIFF_JPEG:
    case SNIFF_PNG:
    case SNIFF_BMP:
    case SNIFF_TIFF:
      {
        static const char *const types[][3] = {
          [SNIFF_JPEG] = { "jpeg", "image/jpeg", N_("a JPEG image") },
          [SNIFF_PNG] = { "png", "image/png", N_("a PNG image") },
          [SNIFF_BMP] = { "bmp", "image/bmp", N_("a BMP image") },
          [SNIFF_TIFF] = { "tiff", "image/tiff", N_("a TIFF image") },
        };
        info->kind = TERN_ATTACHMENT_KIND_IMAGE;
        info->format = g_strdup (types[kind][0]);
        info->mime_type = g_strdup (types[kind][1]);
        info->n_frames = 1;
        /* gdk-pixbuf's BMP loader allocates whatever header size the file
         * claims (gigabytes, found by fuzzing) before it looks at it. */
        if (kind == SNIFF_BMP && !bmp_header_is_sane (head, head_len))
          {
            g_propagate_error (error, damaged_error (name, _(types[kind][2]),
                                                     _("its header has an impossible size")));
            return FALSE;
          }
        ok = probe_with_pixbuf (info, stream, head, head_len,
                                types[kind][0], _(types[kind][2]), name, cancellable, error);
      }
      break;

    case SNIFF_GIF:
    case SNIFF_WEBP:
      info->format = g_strdup (kind == SNIFF_GIF ? "gif" : "webp");
      info->mime_type = g_strdup (kind == SNIFF_GIF ? "image/gif" : "image/webp");
      ok = g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, cancellable, error);
      if (ok)
        {
          /* Buffer the walk: it reads a byte or a few at a time. */
          g_autoptr(GInputStream) buffered = g_buffered_input_stream_new_sized (stream, 64 * 1024);
          g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (buffered), FALSE);
          if (kind == SNIFF_GIF)
            ok = probe_gif (info, buffered, name, cancellable, error);
          else
            ok = probe_webp (info, buffered, name, cancellable, error);
        }
      info->kind = kind == SNIFF_GIF && info->n_frames > 1 ? TERN_ATTACHMENT_KIND_GIF
                                                           : TERN_ATTACHMENT_KIND_IMAGE;
      break;

    case SNIFF_ISO_BMFF:
      info->format = g_strdup (memcmp (head + 8, "qt  ", 4) == 0 ? "quicktime" : "mp4");
      info->mime_type = g_strdup (memcmp (head + 8, "qt  ", 4) == 0 ? "video/quicktime" : "video/mp4");
      ok = check_iso_boxes (info, stream, name, cancellable, error);
      break;

    case SNIFF_HEIF:
    case SNIFF_UNKNOWN:
    default:
      break;
    }
  return ok;
}

/**
 * tern_media_info_probe_structure:
 * @data: a whole file's bytes
 * @size: how many
 * @error: return location for a #TERN_MEDIA_ERROR
 *
 * Runs the parts of tern_media_info_probe() that Tern wrote itself (image
 * headers, GIF and WEBP walks, MP4/MOV boxes) over bytes in memory; for
 * fuzzing and for tests with crafted files.
 *
 * Returns: (transfer full) (nullable): what was found
 */
TernMediaInfo *
tern_media_info_probe_structure (const guint8  *data,
                                 gsize          size,
                                 GError       **error)
{
  g_autoptr(TernMediaInfo) info = tern_media_info_new ();
  g_autoptr(GInputStream) stream = NULL;
  gsize head_len = MIN (size, (gsize) SNIFF_BYTES);

  tern_media_init ();
  info->size = size;
  stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  if (!g_seekable_seek (G_SEEKABLE (stream), (goffset) head_len, G_SEEK_SET, NULL, error))
    return NULL;
  if (!probe_structure (info, stream, data, head_len, sniff (data, head_len),
                        "fuzz", NULL, error))
    return NULL;
  return g_steal_pointer (&info);
}

/* ---- still photos: EXIF orientation, HEIF size -------------------------- */

static guint16
read_u16 (const guint8 *p,
          gboolean      big_endian)
{
  return big_endian ? (guint16) ((p[0] << 8) | p[1]) : (guint16) (p[0] | (p[1] << 8));
}

static guint32
read_u32 (const guint8 *p,
          gboolean      big_endian)
{
  return big_endian ? read_be32 (p) : (guint32) (p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24));
}

/* The Orientation tag (0x0112) of IFD0 in a TIFF structure, or 0. Every
 * offset is checked against @len. */
static guint
tiff_orientation (const guint8 *tiff,
                  gsize         len)
{
  gboolean big_endian;
  guint32 ifd;
  guint16 n_entries;

  if (len < 8)
    return 0;
  if (memcmp (tiff, "MM\0*", 4) == 0)
    big_endian = TRUE;
  else if (memcmp (tiff, "II*\0", 4) == 0)
    big_endian = FALSE;
  else
    return 0;
  ifd = read_u32 (tiff + 4, big_endian);
  if (ifd > len - 2)
    return 0;
  n_entries = read_u16 (tiff + ifd, big_endian);
  for (guint i = 0; i < n_entries; i++)
    {
      gsize entry = ifd + 2 + (gsize) i * 12;
      guint value;

      if (entry + 12 > len)
        return 0;
      if (read_u16 (tiff + entry, big_endian) != 0x0112)
        continue;
      /* SHORT, one value, stored in the first two bytes of the field. */
      value = read_u16 (tiff + entry + 8, big_endian);
      return value >= 1 && value <= 8 ? value : 0;
    }
  return 0;
}

/* Walks the JPEG markers in @head up to the image data, looking for the
 * APP1 Exif segment. */
static guint
jpeg_orientation (const guint8 *head,
                  gsize         len)
{
  gsize offset = 2;

  while (offset + 4 <= len)
    {
      guint8 marker;
      gsize segment;

      if (head[offset] != 0xff)
        return 0;
      marker = head[offset + 1];
      if (marker == 0xff)
        {
          offset++;
          continue;
        }
      if (marker == 0xda || marker == 0xd9)
        return 0; /* image data: no EXIF before it */
      segment = read_u16 (head + offset + 2, TRUE);
      if (segment < 2 || segment > len - offset - 2)
        return 0;
      if (marker == 0xe1 && segment >= 8 && memcmp (head + offset + 4, "Exif\0\0", 6) == 0)
        return tiff_orientation (head + offset + 10, segment - 8);
      offset += 2 + segment;
    }
  return 0;
}

/* Width and height from the first "ispe" property of a HEIF file
 * (ftyp, meta > iprp > ipco > ispe), if the meta box is in @head. */
static void
heif_size (const guint8 *head,
           gsize         len,
           guint        *width,
           guint        *height)
{
  const guint8 *meta, *iprp, *ipco, *ispe;
  gsize meta_len, iprp_len, ipco_len, ispe_len;

  if (!find_box (head, len, "meta", &meta, &meta_len) || meta_len < 4 ||
      /* meta is a full box: version and flags first. */
      !find_box (meta + 4, meta_len - 4, "iprp", &iprp, &iprp_len) ||
      !find_box (iprp, iprp_len, "ipco", &ipco, &ipco_len) ||
      !find_box (ipco, ipco_len, "ispe", &ispe, &ispe_len) || ispe_len < 12)
    return;
  *width = read_be32 (ispe + 4);
  *height = read_be32 (ispe + 8);
}

/* AVIF files are HEIF files with an AV1 picture: the major or one of the
 * compatible brands says so. */
static gboolean
heif_is_avif (const guint8 *head,
              gsize         len)
{
  guint32 ftyp_len = read_be32 (head);

  if (ftyp_len < 16 || ftyp_len > len)
    return FALSE;
  for (gsize offset = 8; offset + 4 <= ftyp_len; offset += 4)
    {
      /* Offset 12 is the minor version, not a brand. */
      if (offset == 12)
        continue;
      if (memcmp (head + offset, "avif", 4) == 0 || memcmp (head + offset, "avis", 4) == 0)
        return TRUE;
    }
  return FALSE;
}

/* ---- probing ------------------------------------------------------------- */

TernMediaInfo *
tern_media_info_probe (GFile         *file,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(TernMediaInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *head = NULL;
  g_autofree char *name = NULL;
  gsize head_len = 0;
  guint64 size_after = 0;
  gint64 mtime_after = 0;
  gboolean ok = TRUE;
  SniffResult kind;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  tern_media_init ();
  name = display_name (file);
  info = tern_media_info_new ();

  if (!query_stamp (file, cancellable, &info->size, &info->mtime_usec, &local_error) ||
      !(stream = g_file_read (file, cancellable, &local_error)))
    {
      if (local_error->domain == TERN_MEDIA_ERROR ||
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("“%s” does not exist. Check where the file is and add it again."), name);
      else
        g_set_error (error, local_error->domain, local_error->code,
                     _("Cannot open “%s”: %s. Check that the file exists and you may read it."),
                     name, local_error->message);
      return NULL;
    }

  if (info->size == 0)
    {
      g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_EMPTY,
                   _("“%s” is empty. Choose the file again once it is completely saved."), name);
      return NULL;
    }

  head = g_malloc (SNIFF_BYTES);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), head, SNIFF_BYTES, &head_len,
                                cancellable, error))
    return NULL;
  if (head_len == 0)
    {
      g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_CHANGED,
                   _("“%s” became empty while Tern was reading it. Add it again once it is saved."), name);
      return NULL;
    }

  kind = sniff (head, head_len);
  switch (kind)
    {
    case SNIFF_JPEG:
    case SNIFF_PNG:
    case SNIFF_BMP:
    case SNIFF_TIFF:
    case SNIFF_GIF:
    case SNIFF_WEBP:
      ok = probe_structure (info, G_INPUT_STREAM (stream), head, head_len, kind, name,
                            cancellable, error);
      break;

    case SNIFF_HEIF:
      {
        /* What phones save. X does not take it, but the rules offer to
         * convert it when a decoder is installed. */
        gboolean avif = heif_is_avif (head, head_len);

        info->kind = TERN_ATTACHMENT_KIND_IMAGE;
        info->format = g_strdup (avif ? "avif" : "heif");
        info->mime_type = g_strdup (avif ? "image/avif" : "image/heif");
        info->n_frames = 1;
        heif_size (head, head_len, &info->width, &info->height);
      }
      break;

    case SNIFF_ISO_BMFF:
      ok = probe_structure (info, G_INPUT_STREAM (stream), head, head_len, kind, name,
                            cancellable, error) &&
           probe_with_discoverer (info, file, name, TRUE, error);
      break;

    case SNIFF_UNKNOWN:
    default:
      {
        gboolean uncertain = FALSE;
        g_autofree char *type = g_content_type_guess (NULL, head, head_len, &uncertain);
        g_autofree char *mime = g_content_type_get_mime_type (type);

        info->mime_type = g_strdup (mime != NULL ? mime : type);
        if (g_content_type_is_a (type, "text/plain") ||
            g_str_has_prefix (info->mime_type, "text/") ||
            g_str_has_prefix (info->mime_type, "image/") ||
            g_str_has_prefix (info->mime_type, "application/pdf") ||
            g_str_has_prefix (info->mime_type, "application/zip"))
          {
            g_autofree char *desc = g_content_type_get_description (type);
            g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_UNSUPPORTED,
                         _("“%s” is not an image or a video (it looks like: %s). Choose a JPEG, PNG, GIF or WEBP image or an MP4 or MOV video."),
                         name, desc);
            return NULL;
          }
        ok = probe_with_discoverer (info, file, name,
                                    !uncertain && (g_str_has_prefix (info->mime_type, "video/") ||
                                                   g_str_has_prefix (info->mime_type, "audio/")),
                                    error);
      }
      break;
    }

  if (!ok)
    return NULL;

  if (info->kind == TERN_ATTACHMENT_KIND_IMAGE || info->kind == TERN_ATTACHMENT_KIND_GIF)
    {
      info->decodable = tern_media_can_decode_image (info->mime_type);
      if (kind == SNIFF_JPEG)
        info->orientation = jpeg_orientation (head, head_len);
      else if (kind == SNIFF_TIFF)
        info->orientation = tiff_orientation (head, head_len);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* The file must be the same at the end as at the start. */
  if (!query_stamp (file, cancellable, &size_after, &mtime_after, &local_error))
    {
      g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_CHANGED,
                   _("“%s” was moved or deleted while Tern was checking it. Add it again from where it is now."),
                   name);
      return NULL;
    }
  if (size_after != info->size || mtime_after != info->mtime_usec)
    {
      g_set_error (error, TERN_MEDIA_ERROR, TERN_MEDIA_ERROR_CHANGED,
                   _("“%s” changed while Tern was checking it. Wait until it is completely saved, then add it again."),
                   name);
      return NULL;
    }

  return g_steal_pointer (&info);
}

static void
probe_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  TernMediaInfo *info = tern_media_info_probe (task_data, cancellable, &error);

  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) tern_media_info_free);
}

void
tern_media_info_probe_async (GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_media_info_probe_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, probe_thread);
}

TernMediaInfo *
tern_media_info_probe_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- JSON ---------------------------------------------------------------- */

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

JsonNode *
tern_media_info_to_json (const TernMediaInfo *info)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (info != NULL, NULL);

  json_builder_begin_object (b);
  add_string (b, "kind", tern_media_kind_to_string (info->kind));
  add_string (b, "mime_type", info->mime_type);
  add_string (b, "format", info->format);
  add_int (b, "size", info->size);
  add_int (b, "width", info->width);
  add_int (b, "height", info->height);

  if (!info->has_video && !info->has_audio)
    {
      add_int (b, "frames", info->n_frames);
      if (info->kind == TERN_ATTACHMENT_KIND_IMAGE || info->kind == TERN_ATTACHMENT_KIND_GIF)
        {
          add_int (b, "orientation", info->orientation);
          json_builder_set_member_name (b, "decodable");
          json_builder_add_boolean_value (b, info->decodable);
        }
    }
  else
    {
      g_autofree char *par = g_strdup_printf ("%u:%u", info->par_n, info->par_d);
      g_autofree char *fps = g_strdup_printf ("%u/%u", info->fps_n, info->fps_d);

      json_builder_set_member_name (b, "duration");
      json_builder_add_double_value (b, info->duration_usec / (double) G_USEC_PER_SEC);
      add_string (b, "container", info->format);
      add_string (b, "video_codec", info->video_codec);
      add_string (b, "video_profile", info->video_profile);
      add_string (b, "pixel_aspect_ratio", par);
      add_string (b, "frame_rate", fps);
      json_builder_set_member_name (b, "frames_per_second");
      json_builder_add_double_value (b, info->fps_d ? info->fps_n / (double) info->fps_d : 0.0);
      add_string (b, "chroma_format", info->chroma_format);
      add_int (b, "bit_depth", info->bit_depth);
      json_builder_set_member_name (b, "interlaced");
      json_builder_add_boolean_value (b, info->interlaced);
      add_int (b, "bitrate", info->bitrate);
      add_int (b, "keyframe_interval", info->keyframe_interval);
      json_builder_set_member_name (b, "open_gop");
      json_builder_add_boolean_value (b, info->open_gop);
      json_builder_set_member_name (b, "index_first");
      json_builder_add_boolean_value (b, info->index_first);

      json_builder_set_member_name (b, "audio");
      if (info->has_audio)
        {
          json_builder_begin_object (b);
          add_string (b, "codec", info->audio_codec);
          add_string (b, "profile", info->audio_profile);
          add_int (b, "channels", info->channels);
          add_int (b, "sample_rate", info->sample_rate);
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
    }
  json_builder_end_object (b);

  return json_builder_get_root (b);
}
