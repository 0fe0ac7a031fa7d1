/* fuzz-seeds.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Writes the seed corpora of the fuzz targets at run time (nothing binary
 * is kept in git): `fuzz-seeds DIR` makes DIR/text, DIR/media, DIR/json. */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>
#include <glib/gstdio.h>

#include "tern-test-crafted.h"

static void
put (const char   *dir,
     const char   *name,
     const void   *data,
     gsize         size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, data, (gssize) size, &error))
    g_error ("%s", error->message);
}

static void
put_bytes (const char *dir,
           const char *name,
           GBytes     *bytes)
{
  put (dir, name, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_bytes_unref (bytes);
}

static void
put_image (const char *dir,
           const char *name,
           const char *type)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 7, 5);
  g_autofree char *buffer = NULL;
  gsize size = 0;
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, 0x3366ccff);
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, NULL))
    g_error ("%s", error->message);
  put (dir, name, buffer, size);
}

static const char *texts[] = {
  "Hello, world",
  "a_b.com. a_b.com. x.co_ x.co_",
  "https://example.com/path?q=1#frag and www.example.org",
  "\xf0\x9f\xa7\x91\xe2\x80\x8d\xf0\x9f\xa4\x9d\xe2\x80\x8d\xf0\x9f\xa7\x91 \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
  "\xea\xb0\x80\xea\xb0\x80\xea\xb0\x80 \xe6\xbc\xa2\xe5\xad\x97 e\xcc\x81",
  "@someone #tag $CASH \xef\xbb\xbf",
};

static const char *answers[] = {
  "\x01{\"data\":{\"id\":\"1234567890\",\"text\":\"hi\"}}",
  "\x04{\"title\":\"Invalid Request\",\"detail\":\"One or more parameters are invalid.\",\"type\":\"https://api.twitter.com/2/problems/invalid-request\",\"errors\":[{\"message\":\"bad\"}]}",
  "\x0b{\"errors\":[{\"code\":88,\"message\":\"Rate limit exceeded\"}]}",
  "\x05{\"error\":\"invalid_token\",\"error_description\":\"expired \\u001b[2J\"}",
  "\x00{\"data\":{\"id\":\"1\",\"media_key\":\"7_1\",\"expires_after_secs\":86400,\"processing_info\":{\"state\":\"pending\",\"check_after_secs\":1}}}",
  "\x00{\"version\":1,\"posts\":[{\"text\":\"Saved\",\"attachments\":[]}]}",
  "\x0e<html><body>Bad gateway</body></html>",
  "\x00[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
};

int
main (int   argc,
      char *argv[])
{
  g_autofree char *text = NULL;
  g_autofree char *media = NULL;
  g_autofree char *json = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: fuzz-seeds DIR\n");
      return 2;
    }
  text = g_build_filename (argv[1], "text", NULL);
  media = g_build_filename (argv[1], "media", NULL);
  json = g_build_filename (argv[1], "json", NULL);
  g_mkdir_with_parents (text, 0755);
  g_mkdir_with_parents (media, 0755);
  g_mkdir_with_parents (json, 0755);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *name = g_strdup_printf ("text-%u", i);
      put (text, name, texts[i], strlen (texts[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autofree char *name = g_strdup_printf ("answer-%u", i);
      /* The first byte is the status; a NUL one is written out whole. */
      put (json, name, answers[i], 1 + strlen (answers[i] + 1));
    }

  put_bytes (media, "good.mp4", tern_test_crafted_mp4 (CRAFTED_MP4_GOOD));
  put_bytes (media, "short-stco.mp4", tern_test_crafted_mp4 (CRAFTED_MP4_SHORT_STCO));
  put_bytes (media, "wrapping-stsc.mp4", tern_test_crafted_mp4 (CRAFTED_MP4_WRAPPING_STSC));
  put_bytes (media, "animated.gif", tern_test_crafted_gif (3, FALSE));
  put_bytes (media, "animated.webp", tern_test_crafted_webp (TRUE, 0));
  put_image (media, "small.png", "png");
  put_image (media, "small.jpeg", "jpeg");
  return 0;
}
