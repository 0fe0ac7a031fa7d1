/* tern-test-fixtures.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Helpers for any test program (tern-test-helpers.c, GLib only). */

void  tern_test_remove_tree      (const char *path);
void  tern_test_wait_until_idle  (void);
guint tern_test_free_port        (void);
void  tern_test_wait_for_process (GSubprocess *process);
char *tern_test_run              (const char  *first,
                                  ...) G_GNUC_NULL_TERMINATED;
void  tern_test_xdotool          (const char  *first,
                                  ...) G_GNUC_NULL_TERMINATED;
void  tern_test_die_with_parent  (gpointer     user_data);

/* Media fixtures made at test time with GStreamer (and a tiny GIF writer),
 * cached in a temporary directory for the life of the test program.
 *
 * Names: "good" (720p H.264 High + AAC stereo, 1 s), "good-faststart",
 * "too-long" (141 s, 64×64, 5 fps), "too-short" (0.2 s), "too-large"
 * (2000×1000), "tier" (1920×1080), "yuv444", "fps90", "interlaced",
 * "long-gop" (a keyframe every 400 frames), "open-gop", "no-audio", "mono", "mp3-audio", "anamorphic" (4:3 pixels), "hevc", "hevc-mp3",
 * "photo.jpg" (300×200), "still.webp" (300×200), "huge.png" (1600×1600
 * noise, over 5 MB), "photo-12mp.jpg" (4000×3000, over 5 MB, EXIF
 * orientation 6 and GPS, left quarter red), "alpha-huge.png" (1600×1600
 * half-transparent noise, over 5 MB), "photo.heic", "photo.avif" (300×200,
 * skipped when ImageMagick cannot write them), "gif-still" (1 frame), "gif-small" (4 frames), "gif-too-many-frames" (351 frames), "png-as-jpg",
 * "text.mp4", "empty.mp4", "truncated.mp4", "unknown.bin", "sparse-big"
 * (moov first, then a 1 GiB mdat, sparse on disk).
 *
 * Returns the path, or NULL after g_test_skip() when the GStreamer
 * element needed is not installed. */
char *tern_test_fixture          (const char *name);

/* Where fixtures live; made on first use. */
const char *tern_test_fixture_dir (void);

/* Removes the directory and everything in it; call after g_test_run(). */
void  tern_test_fixtures_cleanup (void);

/* Runs a gst-launch description to EOS, waiting on the bus. */
gboolean tern_test_run_pipeline  (const char  *description,
                                  GError     **error);

G_END_DECLS
