/* tern-image-converter.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TERN_TYPE_IMAGE_CONVERTER (tern_image_converter_get_type ())

G_DECLARE_FINAL_TYPE (TernImageConverter, tern_image_converter, TERN, IMAGE_CONVERTER, GObject)

/* At most this many bytes: under X's 5 MB whether X counts a megabyte as
 * 1,000,000 or 1,048,576 bytes. */
#define TERN_IMAGE_CONVERTER_TARGET_BYTES 5000000

/* Converts a still image to what X accepts: turned upright as its EXIF
 * orientation says, at most 4096 pixels on a side, a JPEG (or a PNG when
 * it has transparency) under TERN_IMAGE_CONVERTER_TARGET_BYTES, with the
 * highest JPEG quality up to "max-quality" that fits, found by search.
 * Nothing of the original's metadata is copied, so the location a phone
 * wrote into the photo is dropped. Reads whatever gdk-pixbuf can decode:
 * JPEG, PNG, BMP, TIFF, a still GIF, and HEIC/AVIF when a loader for them
 * is installed.
 *
 * The copy is written next to "output" under a temporary name and renamed
 * when complete. Its extension follows the format chosen: asked for
 * "photo.jpg" with transparency, it saves "photo.png"; "output" then
 * names the file written. */
TernImageConverter *tern_image_converter_new             (GFile               *input,
                                                          GFile               *output);
GFile              *tern_image_converter_get_input       (TernImageConverter  *self);
GFile              *tern_image_converter_get_output      (TernImageConverter  *self);
guint               tern_image_converter_get_max_quality (TernImageConverter  *self);
void                tern_image_converter_set_max_quality (TernImageConverter  *self,
                                                          guint                quality);
/* After a run: "jpeg" or "png", the JPEG quality chosen (0 for PNG) and
 * the size of the copy. */
const char         *tern_image_converter_get_format      (TernImageConverter  *self);
guint               tern_image_converter_get_quality     (TernImageConverter  *self);
guint               tern_image_converter_get_width       (TernImageConverter  *self);
guint               tern_image_converter_get_height      (TernImageConverter  *self);

/* Blocks: for a worker thread, a command-line tool or a benchmark. */
gboolean            tern_image_converter_run             (TernImageConverter  *self,
                                                          GCancellable        *cancellable,
                                                          GError             **error);
void                tern_image_converter_run_async       (TernImageConverter  *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean            tern_image_converter_run_finish      (TernImageConverter  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
