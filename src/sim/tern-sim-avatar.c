/* tern-sim-avatar.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-sim"

#include "config.h"

#include <string.h>

#include "tern-sim-private.h"

/* The sandbox users' profile pictures, drawn here and served by the
 * simulator itself, so that nothing in the sandbox reaches X's image
 * server. A PNG (what X serves), made from the user id: a coloured disc
 * with a person's outline, as X's default picture has. */

#define SIZE 48

static guint32 crc_table[256];

static void
crc_table_init (void)
{
  for (guint32 n = 0; n < 256; n++)
    {
      guint32 c = n;

      for (int k = 0; k < 8; k++)
        c = (c & 1) ? 0xedb88320U ^ (c >> 1) : c >> 1;
      crc_table[n] = c;
    }
}

static guint32
crc32_of (const guint8 *data,
          gsize         len)
{
  guint32 c = 0xffffffffU;

  for (gsize i = 0; i < len; i++)
    c = crc_table[(c ^ data[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffU;
}

static void
put_be32 (GByteArray *out,
          guint32     value)
{
  guint8 b[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (out, b, 4);
}

static void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         len)
{
  g_autoptr(GByteArray) crc_input = g_byte_array_new ();

  put_be32 (out, len);
  g_byte_array_append (crc_input, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (crc_input, data, len);
  g_byte_array_append (out, crc_input->data, crc_input->len);
  put_be32 (out, crc32_of (crc_input->data, crc_input->len));
}

static gboolean
inside (double x,
        double y,
        double cx,
        double cy,
        double r)
{
  return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
}

/**
 * tern_sim_avatar_png:
 * @seed: what picks the colour (a user id)
 *
 * Returns: (transfer full): a 48×48 PNG
 */
GBytes *
tern_sim_avatar_png (const char *seed)
{
  static gsize once = 0;
  guint hash = g_str_hash (seed ? seed : "");
  guint8 bg[3] = { 0x30 + (hash & 0x7f), 0x30 + ((hash >> 8) & 0x7f), 0x30 + ((hash >> 16) & 0x7f) };
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GConverter) zlib = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9));
  guint8 compressed[SIZE * (SIZE * 4 + 1) + 1024];
  gsize read = 0, written = 0;
  guint8 ihdr[13];
  GConverterResult result;

  if (g_once_init_enter (&once))
    {
      crc_table_init ();
      g_once_init_leave (&once, 1);
    }

  for (int y = 0; y < SIZE; y++)
    {
      guint8 filter = 0;

      g_byte_array_append (raw, &filter, 1);
      for (int x = 0; x < SIZE; x++)
        {
          double px = x + 0.5, py = y + 0.5;
          guint8 pixel[4] = { 0, 0, 0, 0 };

          if (inside (px, py, SIZE / 2.0, SIZE / 2.0, SIZE / 2.0))
            {
              gboolean person = inside (px, py, SIZE / 2.0, SIZE * 0.38, SIZE * 0.17) ||
                                (py > SIZE * 0.62 && inside (px, py, SIZE / 2.0, SIZE * 0.95, SIZE * 0.33));

              pixel[0] = person ? 0xf5 : bg[0];
              pixel[1] = person ? 0xf5 : bg[1];
              pixel[2] = person ? 0xf5 : bg[2];
              pixel[3] = 0xff;
            }
          g_byte_array_append (raw, pixel, 4);
        }
    }

  result = g_converter_convert (zlib, raw->data, raw->len, compressed, sizeof compressed,
                                G_CONVERTER_INPUT_AT_END, &read, &written, NULL);
  g_assert (result == G_CONVERTER_FINISHED && read == raw->len);

  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  memset (ihdr, 0, sizeof ihdr);
  ihdr[3] = SIZE;
  ihdr[7] = SIZE;
  ihdr[8] = 8;      /* bit depth */
  ihdr[9] = 6;      /* RGBA */
  put_chunk (png, "IHDR", ihdr, sizeof ihdr);
  put_chunk (png, "IDAT", compressed, written);
  put_chunk (png, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}
