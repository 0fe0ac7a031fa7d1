/* tern-test-crafted.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Media files built byte by byte at test time, good and deliberately bad,
 * for the probe's own parsers (and as seeds for their fuzz targets). */

typedef enum
{
  CRAFTED_MP4_GOOD,          /* stco and stss, keyframe 3 an open GOP */
  CRAFTED_MP4_SHORT_STCO,    /* an stco shorter than its header, a good co64 */
  CRAFTED_MP4_WRAPPING_STSC, /* stsc counts that wrap 32 bits */
  CRAFTED_MP4_HUGE_BOX,      /* a 64-bit box size near 2⁶⁴ */
  CRAFTED_MP4_WRAPPING_NAL,  /* keyframe 3's NAL length near 2³² */
} CraftedMp4;

GBytes *tern_test_crafted_mp4        (CraftedMp4 kind);
GBytes *tern_test_crafted_gif        (guint      frames,
                                      gboolean   truncate);
GBytes *tern_test_crafted_webp       (gboolean   animated,
                                      guint32    bogus_chunk_size);

G_END_DECLS
