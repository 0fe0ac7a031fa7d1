/* tern-test-crafted.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tern-test-crafted.h"

static void
put32 (GByteArray *a,
       guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (a, b, 4);
}

static void
put64 (GByteArray *a,
       guint64     v)
{
  put32 (a, (guint32) (v >> 32));
  put32 (a, (guint32) v);
}

static void
put_le32 (GByteArray *a,
          guint32     v)
{
  guint8 b[4] = { v, v >> 8, v >> 16, v >> 24 };

  g_byte_array_append (a, b, 4);
}

/* Wraps @body (taken) in a box of @type. */
static GByteArray *
box (const char *type,
     GByteArray *body)
{
  GByteArray *a = g_byte_array_new ();

  put32 (a, 8 + body->len);
  g_byte_array_append (a, (const guint8 *) type, 4);
  g_byte_array_append (a, body->data, body->len);
  g_byte_array_unref (body);
  return a;
}

static GByteArray *
concat (GByteArray *first,
        ...)
{
  GByteArray *a = g_byte_array_new ();
  va_list args;

  va_start (args, first);
  for (GByteArray *part = first; part != NULL; part = va_arg (args, GByteArray *))
    {
      g_byte_array_append (a, part->data, part->len);
      g_byte_array_unref (part);
    }
  va_end (args);
  return a;
}

static GByteArray *
words (guint n,
       ...)
{
  GByteArray *a = g_byte_array_new ();
  va_list args;

  va_start (args, n);
  for (guint i = 0; i < n; i++)
    put32 (a, va_arg (args, guint32));
  va_end (args);
  return a;
}

#define SAMPLE_SIZE 64
#define N_SAMPLES 3

/* The video samples: each an AVC sample with one NAL of 4-byte length.
 * Sample 1 is an IDR slice (type 5), sample 3 a non-IDR slice (type 1)
 * although stss marks it a keyframe: an open GOP. */
static GByteArray *
mdat_body (CraftedMp4 kind)
{
  GByteArray *a = g_byte_array_new ();

  for (guint i = 1; i <= N_SAMPLES; i++)
    {
      guint8 sample[SAMPLE_SIZE] = { 0 };

      sample[3] = SAMPLE_SIZE - 4;
      sample[4] = i == 1 ? 0x65 : 0x41;
      /* A NAL (SEI, neither IDR nor slice) whose length plus the 4-byte
       * length field is 2³²: a step that wraps to zero in 32 bits. */
      if (kind == CRAFTED_MP4_WRAPPING_NAL && i == 3)
        {
          sample[0] = 0xff; sample[1] = 0xff; sample[2] = 0xff; sample[3] = 0xfc;
          sample[4] = 0x06;
        }
      g_byte_array_append (a, sample, sizeof sample);
    }
  return a;
}

GBytes *
tern_test_crafted_mp4 (CraftedMp4 kind)
{
  GByteArray *ftyp, *avcc, *avc1, *stsd, *stsz, *stss, *stsc, *chunks, *stbl;
  GByteArray *hdlr, *minf, *mdia, *trak, *moov, *mdat, *file;
  GByteArray *entry;
  guint32 moov_len, mdat_data;

  ftyp = box ("ftyp", concat (words (2, 0x69736f6d, 0), words (1, 0x69736f6d), NULL));

  /* avc1 sample entry: 78 bytes of visual sample entry fields, then avcC
   * (version 1, profile High, level 3.1, lengthSizeMinusOne 3). */
  avcc = g_byte_array_new ();
  g_byte_array_append (avcc, (const guint8 *) "\x01\x64\x00\x1f\xff\xe0\x00", 7);
  avcc = box ("avcC", avcc);
  entry = g_byte_array_new ();
  g_byte_array_set_size (entry, 78);
  memset (entry->data, 0, 78);
  entry->data[7] = 1;                          /* data reference index */
  entry->data[24] = 0; entry->data[25] = 16;   /* width */
  entry->data[26] = 0; entry->data[27] = 16;   /* height */
  avc1 = box ("avc1", concat (entry, avcc, NULL));
  stsd = box ("stsd", concat (words (2, 0, 1), avc1, NULL));

  /* fullbox header, fixed size 0 (sizes follow), count, sizes */
  stsz = box ("stsz", words (3 + N_SAMPLES, 0, 0, N_SAMPLES, SAMPLE_SIZE, SAMPLE_SIZE, SAMPLE_SIZE));
  stss = box ("stss", words (4, 0, 2, 1, 3));
  if (kind == CRAFTED_MP4_WRAPPING_STSC)
    stsc = box ("stsc", words (8, 0, 2, 1, 0xffffffff, 1, 0xfffffff0, 0x10, 1));
  else
    stsc = box ("stsc", words (5, 0, 1, 1, 1, 1));

  /* The chunk offsets are filled in below, once the moov size is known. */
  moov_len = 0;
  if (kind == CRAFTED_MP4_SHORT_STCO)
    {
      GByteArray *co64 = g_byte_array_new ();
      put32 (co64, 0);
      put32 (co64, N_SAMPLES);
      for (guint i = 0; i < N_SAMPLES; i++)
        put64 (co64, 0);
      /* Last in the index, so a read past its four bytes leaves the moov
       * buffer altogether. */
      chunks = concat (box ("co64", co64), box ("stco", words (1, 0)), NULL);
    }
  else
    chunks = box ("stco", words (2 + N_SAMPLES, 0, N_SAMPLES, 0, 0, 0));

  stbl = box ("stbl", concat (stsd, stsz, stss, stsc, chunks, NULL));
  minf = box ("minf", stbl);
  hdlr = box ("hdlr", concat (words (2, 0, 0), words (1, 0x76696465), words (3, 0, 0, 0), NULL));
  g_byte_array_append (hdlr, (const guint8 *) "", 1);
  /* The trailing NUL went outside the box: grow the size to include it. */
  hdlr->data[3] += 1;
  mdia = box ("mdia", concat (hdlr, minf, NULL));
  trak = box ("trak", mdia);
  moov = box ("moov", trak);
  moov_len = moov->len;

  /* Patch the chunk offsets: one sample per chunk, data after mdat's
   * header. */
  mdat_data = ftyp->len + moov_len + 8;
  for (guint i = 0; i + 8 <= moov->len; i++)
    {
      if (memcmp (moov->data + i + 4, "stco", 4) == 0 && kind != CRAFTED_MP4_SHORT_STCO)
        {
          guint8 *p = moov->data + i + 16;
          for (guint s = 0; s < N_SAMPLES; s++, p += 4)
            {
              guint32 at = mdat_data + s * SAMPLE_SIZE;
              p[0] = at >> 24; p[1] = at >> 16; p[2] = at >> 8; p[3] = at;
            }
          break;
        }
      if (memcmp (moov->data + i + 4, "co64", 4) == 0)
        {
          guint8 *p = moov->data + i + 16;
          for (guint s = 0; s < N_SAMPLES; s++, p += 8)
            {
              guint32 at = mdat_data + s * SAMPLE_SIZE;
              p[4] = at >> 24; p[5] = at >> 16; p[6] = at >> 8; p[7] = at;
            }
          break;
        }
    }

  mdat = box ("mdat", mdat_body (kind));
  if (kind == CRAFTED_MP4_HUGE_BOX)
    {
      GByteArray *huge = g_byte_array_new ();
      put32 (huge, 1);
      g_byte_array_append (huge, (const guint8 *) "free", 4);
      put64 (huge, G_MAXUINT64 - 15);
      file = concat (ftyp, huge, moov, mdat, NULL);
    }
  else
    file = concat (ftyp, moov, mdat, NULL);
  return g_byte_array_free_to_bytes (file);
}

/* A GIF of @frames 2×2 frames, global colour table of two colours. */
GBytes *
tern_test_crafted_gif (guint    frames,
                       gboolean truncate)
{
  GByteArray *a = g_byte_array_new ();
  static const guint8 header[] = {
    'G', 'I', 'F', '8', '9', 'a', 2, 0, 2, 0, 0x80, 0, 0,
    0, 0, 0, 255, 255, 255,
  };
  static const guint8 loop[] = {
    0x21, 0xff, 11, 'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0', 3, 1, 0, 0, 0,
  };
  static const guint8 frame[] = {
    0x21, 0xf9, 4, 0, 10, 0, 0, 0,                 /* graphic control */
    0x2c, 0, 0, 0, 0, 2, 0, 2, 0, 0,              /* image descriptor */
    2, 2, 0x44, 0x01, 0,                          /* LZW data */
  };

  g_byte_array_append (a, header, sizeof header);
  g_byte_array_append (a, loop, sizeof loop);
  for (guint i = 0; i < frames; i++)
    g_byte_array_append (a, frame, sizeof frame);
  if (truncate)
    {
      /* A sub-block that claims 200 bytes and has 3. */
      static const guint8 cut[] = { 0x2c, 0, 0, 0, 0, 2, 0, 2, 0, 0, 2, 200, 1, 2, 3 };
      g_byte_array_append (a, cut, sizeof cut);
    }
  else
    g_byte_array_append (a, (const guint8 *) "\x3b", 1);
  return g_byte_array_free_to_bytes (a);
}

/* A WEBP with a VP8X header and, when @animated, two ANMF frames; a chunk
 * whose size says @bogus_chunk_size when that is not 0. */
GBytes *
tern_test_crafted_webp (gboolean animated,
                        guint32  bogus_chunk_size)
{
  GByteArray *body = g_byte_array_new ();
  GByteArray *a = g_byte_array_new ();
  guint8 vp8x[10] = { animated ? 0x02 : 0, 0, 0, 0, 31, 0, 0, 15, 0, 0 };

  g_byte_array_append (body, (const guint8 *) "WEBP", 4);
  g_byte_array_append (body, (const guint8 *) "VP8X", 4);
  put_le32 (body, sizeof vp8x);
  g_byte_array_append (body, vp8x, sizeof vp8x);
  if (animated)
    for (guint i = 0; i < 2; i++)
      {
        static const guint8 frame[16] = { 0 };
        g_byte_array_append (body, (const guint8 *) "ANMF", 4);
        put_le32 (body, sizeof frame);
        g_byte_array_append (body, frame, sizeof frame);
      }
  if (bogus_chunk_size != 0)
    {
      g_byte_array_append (body, (const guint8 *) "EXIF", 4);
      put_le32 (body, bogus_chunk_size);
      g_byte_array_append (body, (const guint8 *) "abcd", 4);
    }

  g_byte_array_append (a, (const guint8 *) "RIFF", 4);
  put_le32 (a, body->len);
  g_byte_array_append (a, body->data, body->len);
  g_byte_array_unref (body);
  return g_byte_array_free_to_bytes (a);
}
