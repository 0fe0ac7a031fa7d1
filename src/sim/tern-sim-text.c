/* tern-sim-text.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-sim"

#include "config.h"

#include <string.h>

#include "tern-sim-private.h"

/* X's weighted length of a post (twitter-text v3's rule), written here on
 * purpose apart from the client's: NFC first; each URL counts 23; each
 * emoji sequence counts 2; other code points count 1 in the light ranges
 * and 2 elsewhere. The simulator only needs the total, to refuse posts
 * over 280 as X does. */

#define URL_WEIGHT 23

static const char *tlds[] = {
  "com", "org", "net", "io", "co", "uk", "de", "fr", "jp", "app", "dev", "me", "tv",
  "info", "edu", "gov", "ly", "gl", "be", "us", "ca", "au", "in", "it", "es", "nl",
  "ru", "br", "ch", "se", "no", "fi", "dk", "pl", "cz", "at", "eu", "xyz", "ai", "gg",
  "so", "to", "fm", "is", "im", "sh", "tech", "news", "blog", "social", "online", "site",
  NULL,
};

static gboolean
light (gunichar c)
{
  return c <= 4351 || (c >= 8192 && c <= 8205) || (c >= 8208 && c <= 8223) ||
         (c >= 8242 && c <= 8247);
}

static gboolean
pictographic (gunichar c)
{
  return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) ||
         (c >= 0x2300 && c <= 0x23FF) || (c >= 0x2B00 && c <= 0x2BFF) ||
         (c >= 0x1FC00 && c <= 0x1FFFD);
}

static gboolean
regional (gunichar c)
{
  return c >= 0x1F1E6 && c <= 0x1F1FF;
}

static gboolean
modifier (gunichar c)
{
  return c >= 0x1F3FB && c <= 0x1F3FF;
}

/* Length in code points of the emoji sequence at cps[i], or 0. */
static gsize
emoji_at (const gunichar *cps,
          gsize           n,
          gsize           i)
{
  gsize j = i;

  /* keycap: [0-9#*] FE0F? 20E3 */
  if (cps[i] < 128 && (g_ascii_isdigit (cps[i]) || cps[i] == '#' || cps[i] == '*'))
    {
      j = i + 1;
      if (j < n && cps[j] == 0xFE0F)
        j++;
      return j < n && cps[j] == 0x20E3 ? j + 1 - i : 0;
    }

  if (regional (cps[i]))
    return i + 1 < n && regional (cps[i + 1]) ? 2 : 0;

  /* text-presentation symbols (©, ®, ‼, ™, arrows) only with FE0F */
  if (!pictographic (cps[i]))
    {
      if (cps[i] >= 0xA9 && i + 1 < n && cps[i + 1] == 0xFE0F)
        return 2;
      return 0;
    }

  for (;;)
    {
      j++;
      if (j < n && modifier (cps[j]))
        j++;
      if (j < n && cps[j] == 0xFE0F)
        j++;
      while (j < n && cps[j] >= 0xE0020 && cps[j] <= 0xE007F)
        j++;
      if (j + 1 < n && cps[j] == 0x200D && (pictographic (cps[j + 1]) || cps[j + 1] == 0x2640 ||
                                           cps[j + 1] == 0x2642 || cps[j + 1] == 0x2695))
        {
          j++;
          continue;
        }
      break;
    }
  return j - i;
}

static gboolean
url_char (gunichar c)
{
  return c > 32 && c < 127 && strchr ("<>\"`{}|\\^", (int) c) == NULL;
}

static gboolean
domain_char (gunichar c)
{
  return c < 128 && (g_ascii_isalnum (c) || c == '-' || c == '.');
}

/* Checks labels of host cps[start..end): at least two, each 1–63
 * characters, the last a known TLD when @need_tld. */
static gboolean
valid_host (const gunichar *cps,
            gsize           start,
            gsize           end,
            gboolean        need_tld)
{
  GString *label = g_string_new (NULL);
  gboolean ok = TRUE;
  guint labels = 0;

  for (gsize k = start; k <= end && ok; k++)
    {
      if (k == end || cps[k] == '.')
        {
          if (label->len == 0 || label->len > 63)
            ok = FALSE;
          labels++;
          if (k == end && need_tld)
            {
              g_autofree char *lower = g_ascii_strdown (label->str, -1);

              ok = ok && g_strv_contains (tlds, lower);
            }
          g_string_truncate (label, 0);
        }
      else
        g_string_append_c (label, (char) cps[k]);
    }
  g_string_free (label, TRUE);
  return ok && labels >= 2;
}

static gboolean
prefix_ci (const gunichar *cps,
           gsize           n,
           gsize           i,
           const char     *prefix)
{
  for (gsize k = 0; prefix[k]; k++)
    if (i + k >= n || cps[i + k] >= 128 || g_ascii_tolower (cps[i + k]) != prefix[k])
      return FALSE;
  return TRUE;
}

/* Length in code points of a URL starting at cps[i], or 0. */
static gsize
url_at (const gunichar *cps,
        gsize           n,
        gsize           i)
{
  gsize host_start, j;
  gboolean scheme = FALSE;

  if (i > 0 && (g_unichar_isalnum (cps[i - 1]) || cps[i - 1] == '@' || cps[i - 1] == '.' ||
                cps[i - 1] == '_' || cps[i - 1] == '/' || cps[i - 1] == '#' || cps[i - 1] == '$'))
    return 0;

  if (prefix_ci (cps, n, i, "https://"))
    {
      host_start = i + 8;
      scheme = TRUE;
    }
  else if (prefix_ci (cps, n, i, "http://"))
    {
      host_start = i + 7;
      scheme = TRUE;
    }
  else
    host_start = i;

  j = host_start;
  if (scheme)
    {
      /* any host, punycode or not, without a TLD list */
      while (j < n && (domain_char (cps[j]) || (cps[j] >= 128 && g_unichar_isalnum (cps[j]))))
        j++;
      if (j == host_start)
        return 0;
      {
        gsize end = j;

        while (end > host_start && cps[end - 1] == '.')
          end--;
        for (gsize k = host_start, label = 0; k < end; k++)
          {
            label = cps[k] == '.' ? 0 : label + 1;
            if (label > 63)
              return 0;
          }
        if (end == host_start)
          return 0;
        j = end;
      }
    }
  else
    {
      gsize end;

      while (j < n && domain_char (cps[j]))
        j++;
      end = j;
      while (end > host_start && (cps[end - 1] == '.' || cps[end - 1] == '-'))
        end--;
      if (end == host_start || cps[host_start] == '.' || cps[host_start] == '-')
        return 0;
      /* followed by @ it is an e-mail address, not a URL */
      if (end < n && cps[end] == '@')
        return 0;
      if (!valid_host (cps, host_start, end, TRUE))
        return 0;
      j = end;
    }

  /* port, path, query */
  if (j < n && (cps[j] == ':' || cps[j] == '/' || cps[j] == '?' || cps[j] == '#'))
    {
      while (j < n && url_char (cps[j]))
        j++;
      /* trailing punctuation belongs to the sentence */
      while (j > host_start && strchr (".,;:!?'\")]", (int) (cps[j - 1] < 128 ? cps[j - 1] : 'x')) != NULL &&
             cps[j - 1] < 128)
        j--;
    }
  return j - i;
}

/**
 * tern_sim_text_weighted_length:
 * @valid_chars: (out): %FALSE when the text holds U+FFFE, U+FEFF or U+FFFF
 *
 * Returns: X's weighted length of @text, in characters (the limit is 280)
 */
int
tern_sim_text_weighted_length (const char *text,
                               gboolean   *valid_chars)
{
  g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  g_autofree gunichar *cps = NULL;
  glong n = 0;
  gsize i = 0;
  gint64 weight = 0;

  *valid_chars = TRUE;
  if (nfc == NULL)
    {
      *valid_chars = FALSE;
      return 0;
    }
  cps = g_utf8_to_ucs4_fast (nfc, -1, &n);

  while (i < (gsize) n)
    {
      gsize len;

      if (cps[i] == 0xFFFE || cps[i] == 0xFEFF || cps[i] == 0xFFFF)
        *valid_chars = FALSE;

      if ((len = url_at (cps, n, i)) > 0)
        {
          weight += URL_WEIGHT * 100;
          i += len;
          continue;
        }
      if ((len = emoji_at (cps, n, i)) > 0)
        {
          weight += 200;
          i += len;
          continue;
        }
      weight += light (cps[i]) ? 100 : 200;
      i++;
    }
  return (int) (weight / 100);
}
