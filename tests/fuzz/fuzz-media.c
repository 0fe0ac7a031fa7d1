/* fuzz-media.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target: the media probe's own parsers (MP4/MOV boxes, GIF and
 * WEBP blocks, JPEG/PNG headers through gdk-pixbuf) and the core's GIF
 * frame counter, on any bytes a file could hold. */

#include "config.h"

#include <glib.h>

#include "core/send/tern-sniff.h"
#include "media/tern-media-info.h"
#include "media/tern-media-info-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TernMediaInfo) info = NULL;

  tern_sniff_gif_frames (data, size, 0);

  info = tern_media_info_probe_structure (data, size, &error);
  /* An answer or a clear error, never both, never neither. */
  g_assert_true ((info == NULL) != (error == NULL));
  if (error != NULL)
    g_assert_true (error->message != NULL && *error->message != '\0');
  return 0;
}
