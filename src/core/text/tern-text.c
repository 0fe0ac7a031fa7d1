/* tern-text.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-text"

#include "config.h"

#include <glib/gi18n.h>
#include <libpsl.h>
#include <math.h>
#include <unicode/uchar.h>

#include "tern-text.h"

/*
 * The twitter-text v3 parse, as its documentation and conformance cases
 * describe it:
 *
 *  - the text is normalised to NFC first;
 *  - a URL counts 23 characters whatever its length (twitter-text's URL
 *    grammar, which works on UTF-16 code units; top-level domains from the
 *    Public Suffix List, labels measured after punycode);
 *  - an emoji sequence counts 2 characters (weight 200): a keycap, or a
 *    sequence Unicode recommends (ICU's RGI_Emoji), ZWJ sequences also
 *    without their U+FE0F;
 *  - any other code point weighs 100 in the listed ranges, else 200;
 *  - U+FFFE, U+FEFF and U+FFFF make the text invalid;
 *  - the ranges are UTF-16 indices: the display range covers the text as
 *    given, the valid range ends at the last code unit within the limit,
 *    shifted by the length difference NFC made (as twitter-text does).
 *
 * The work is one walk over the normalised code points. URLs are found by a
 * scanner that keeps its own position and runs ahead of the walk only as far
 * as the next URL; every step it takes either moves forward or skips a stretch
 * it has proved holds no URL start, so the whole parse stays linear.
 */

#define SCALE 100
#define DEFAULT_WEIGHT 200
#define URL_WEIGHT (23 * SCALE)
#define MAX_WEIGHT (TERN_TEXT_MAX_WEIGHTED_LENGTH * SCALE)
#define MAX_URL_LENGTH 4096
#define DEFAULT_PROTOCOL_LENGTH 8 /* "https://" */
#define MAX_TCO_SLUG_LENGTH 40
#define MAX_LABEL_LENGTH 63
#define MAX_UNICODE_TLD_LENGTH 24

typedef guint32 Cp;

/* Character classes, as twitter-text's URL grammar names them. */

static inline gboolean
is_ascii_alnum (Cp c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline gboolean
is_ascii_alpha (Cp c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline gboolean
is_invalid_char (Cp c)
{
  return c == 0xFFFE || c == 0xFEFF || c == 0xFFFF;
}

static inline gboolean
is_in (Cp          c,
       const char *set)
{
  return c < 0x80 && c != 0 && strchr (set, (int) c) != NULL;
}

static inline gboolean
is_punct (Cp c)
{
  return is_in (c, "!'#%&()*+,\\-./:;<=>?@[]^_{|}~$");
}

static inline gboolean
is_space (Cp c)
{
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static inline gboolean
is_direction_mark (Cp c)
{
  return (c >= 0x202A && c <= 0x202E) || c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x2066 && c <= 0x2069);
}

static inline gboolean
is_domain_char (Cp c)
{
  return !is_punct (c) && !is_space (c) && !is_invalid_char (c) && !is_direction_mark (c);
}

/* A URL may start after this character (or at the start of the text). */
static inline gboolean
is_url_preceding_char (Cp c)
{
  return !is_ascii_alnum (c) && c != '@' && c != 0xFF20 && c != '$' &&
         c != '#' && c != 0xFF03 && !is_invalid_char (c);
}

static inline gboolean
is_latin_accent (Cp c)
{
  return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) ||
         (c >= 0xF8 && c <= 0x24F) || c == 0x253 || c == 0x254 || c == 0x256 ||
         c == 0x257 || c == 0x259 || c == 0x25B || c == 0x263 || c == 0x268 ||
         c == 0x26F || c == 0x272 || c == 0x289 || c == 0x28B || c == 0x2BB ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x1E00 && c <= 0x1EFF);
}

static inline gboolean
is_cyrillic (Cp c)
{
  return c >= 0x400 && c <= 0x4FF;
}

static inline gboolean
is_path_char (Cp c)
{
  return is_ascii_alnum (c) || is_cyrillic (c) || is_latin_accent (c) ||
         c == 0x2013 || is_in (c, "!*';:=+,.$/%#[]-_~@|&");
}

static inline gboolean
is_path_ending_char (Cp c)
{
  return is_ascii_alnum (c) || is_cyrillic (c) || is_latin_accent (c) ||
         is_in (c, "+-=_#/");
}

static inline gboolean
is_query_char (Cp c)
{
  return is_ascii_alnum (c) || is_in (c, "!?*'@();:&=+$/%#[]-_.,~|");
}

static inline gboolean
is_query_ending_char (Cp c)
{
  return is_ascii_alnum (c) || is_in (c, "-_&=#/");
}

static inline gboolean
is_ascii_domain_char (Cp c)
{
  return is_ascii_alnum (c) || c == '-' || is_latin_accent (c);
}

static inline Cp
ascii_lower (Cp c)
{
  return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static gboolean
has_prefix_ci (const Cp   *s,
               gsize       n,
               gsize       pos,
               const char *prefix)
{
  for (gsize i = 0; prefix[i]; i++)
    if (pos + i >= n || ascii_lower (s[pos + i]) != (Cp) prefix[i])
      return FALSE;
  return TRUE;
}

/* Top-level domains: the ICANN section of the Public Suffix List (libpsl).
 * Every TLD IANA delegates is a rule there; NO_STAR_RULE keeps unknown names
 * from matching the implicit "*" rule. */

static const psl_ctx_t *
tern_text_psl (void)
{
  static gsize initialized;
  static const psl_ctx_t *psl;

  if (g_once_init_enter (&initialized))
    {
      psl = psl_latest (NULL);
      if (psl == NULL)
        psl = psl_builtin ();
      g_once_init_leave (&initialized, 1);
    }

  return psl;
}

static gboolean
is_tld (const Cp *s,
        gsize     len)
{
  static const char second_level[][3] = { "co", "ac" };
  const psl_ctx_t *psl = tern_text_psl ();
  char buf[MAX_LABEL_LENGTH * 6 + 1];
  gsize used = 0;

  if (psl == NULL || len == 0 || len > MAX_LABEL_LENGTH)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    used += g_unichar_to_utf8 (g_unichar_tolower (s[i]), buf + used);
  buf[used] = '\0';

  if (psl_is_public_suffix2 (psl, buf, PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE))
    return TRUE;

  /* A few country TLDs (za) appear in the list only through their
   * second-level suffixes; ask for the usual ones. */
  if (used == 2)
    {
      for (guint i = 0; i < G_N_ELEMENTS (second_level); i++)
        {
          char probe[8];

          memcpy (probe, second_level[i], 3);
          probe[2] = '.';
          memcpy (probe + 3, buf, 3);
          if (psl_is_public_suffix2 (psl, probe, PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE))
            return TRUE;
        }
    }

  return FALSE;
}

/* A top-level domain starting at @pos, not running past @limit. Like
 * twitter-text, a known TLD must not be followed by an ASCII letter or digit,
 * '@', '+' or '-'; "xn--" and a punycode run is accepted as it is.
 * Returns the end of the TLD, or 0 when there is none (a TLD never ends at 0). */
static gsize
match_tld (const Cp *s,
           gsize     limit,
           gsize     pos)
{
  gsize end;

  if (pos >= limit)
    return 0;

  if (s[pos] < 0x80)
    {
      if (!is_ascii_alpha (s[pos]))
        return 0;

      for (end = pos; end < limit && is_ascii_alnum (s[end]); end++)
        ;
      if ((end >= limit || !is_in (s[end], "@+-")) && is_tld (s + pos, end - pos))
        return end;

      if (has_prefix_ci (s, limit, pos, "xn--") && pos + 4 < limit &&
          (is_ascii_alnum (s[pos + 4]) || s[pos + 4] == '-'))
        {
          for (end = pos + 4; end < limit && (is_ascii_alnum (s[end]) || s[end] == '-'); end++)
            ;
          return end;
        }
      return 0;
    }

  /* An internationalised TLD: the longest known one among the prefixes of
   * this run of non-ASCII domain characters. */
  for (end = pos; end < limit && end - pos < MAX_UNICODE_TLD_LENGTH &&
       s[end] >= 0x80 && is_domain_char (s[end]); end++)
    ;
  for (; end > pos; end--)
    {
      if (end < limit && (is_ascii_alnum (s[end]) || is_in (s[end], "@+-")))
        continue;
      if (is_tld (s + pos, end - pos))
        return end;
    }
  return 0;
}

/* The domain of a URL starting at @start: labels separated by dots, then a
 * TLD. Like the greedy regular expression twitter-text uses, the longest
 * such domain wins. On failure, *@skip_to says how far no URL can start:
 * every start inside the labels scanned sees a subset of the same TLDs,
 * except a start after the last '_' of a label, which may then be the
 * label before a TLD. */
static gboolean
match_domain (const Cp *s,
              gsize     n,
              gsize     start,
              gsize    *domain_end,
              gsize    *skip_to)
{
  gsize pos = start;
  gsize best = 0;
  gsize underscore_skip = G_MAXSIZE;
  gsize run_end = 0;

  for (;;)
    {
      gsize q = pos;
      gsize last_underscore = G_MAXSIZE;
      gsize tld_end;

      if (q >= n || !is_domain_char (s[q]))
        break;
      while (q < n && (is_domain_char (s[q]) || s[q] == '-' || s[q] == '_'))
        {
          if (s[q] == '_')
            last_underscore = q;
          q++;
        }
      if (q >= n || s[q] != '.' || !is_domain_char (s[q - 1]))
        {
          /* A label starting anywhere in this run ends the same way; but
           * "http" or "https" ending it may start a URL with a protocol. */
          run_end = (q < n && s[q] == ':') ? MAX (pos, q >= 5 ? q - 5 : 0) : q;
          break;
        }

      /* The label right before the TLD may not contain '_'. */
      tld_end = match_tld (s, n, q + 1);
      if (tld_end != 0)
        {
          if (last_underscore == G_MAXSIZE)
            best = tld_end;
          else if (underscore_skip == G_MAXSIZE)
            underscore_skip = last_underscore + 1;
        }
      pos = q + 1;
    }

  if (best != 0)
    {
      *domain_end = best;
      return TRUE;
    }

  *skip_to = MIN (MAX (pos, run_end), underscore_skip);
  return FALSE;
}

/* The leftmost "ASCII" domain (twitter-text's name: ASCII letters, digits,
 * '-', Latin accented letters, then a TLD) in [@from, @limit). */
static gboolean
find_ascii_domain (const Cp *s,
                   gsize     limit,
                   gsize     from,
                   gsize    *found_start,
                   gsize    *found_end)
{
  gsize q = from;

  while (q < limit)
    {
      gsize r = q;
      gsize best = 0;

      for (;;)
        {
          gsize e = r;
          gsize tld_end;

          while (e < limit && is_ascii_domain_char (s[e]))
            e++;
          if (e == r || e >= limit || s[e] != '.')
            break;
          tld_end = match_tld (s, limit, e + 1);
          if (tld_end != 0)
            best = tld_end;
          r = e + 1;
        }

      if (best != 0)
        {
          *found_start = q;
          *found_end = best;
          return TRUE;
        }
      q = MAX (q + 1, r);
    }

  return FALSE;
}

/* RFC 3492 bias adaptation. */
static guint64
punycode_adapt (guint64  delta,
                guint64  points,
                gboolean first)
{
  guint64 k = 0;

  delta = first ? delta / 700 : delta / 2;
  delta += delta / points;
  while (delta > ((36 - 1) * 26) / 2)
    {
      delta /= 36 - 1;
      k += 36;
    }
  return k + (36 * delta) / (delta + 38);
}

/* The length of a label once punycode-encoded ("xn--" and the RFC 3492
 * encoding, or the label itself when it is ASCII), counting only as far as
 * it takes to know whether it exceeds 63. */
static gsize
punycode_length (const Cp *s,
                 gsize     len)
{
  gsize basic = 0;
  gsize out;
  guint64 n = 0x80, delta = 0, bias = 72, h;

  for (gsize i = 0; i < len; i++)
    if (s[i] < 0x80)
      basic++;
  if (basic == len)
    return len;
  /* Every code point adds at least one character to the encoding. */
  if (len > MAX_LABEL_LENGTH)
    return len + 4;

  out = 4 + basic + (basic > 0 ? 1 : 0);
  h = basic;
  while (h < len)
    {
      guint64 m = G_MAXUINT64;

      for (gsize i = 0; i < len; i++)
        if (s[i] >= n && s[i] < m)
          m = s[i];
      delta += (m - n) * (h + 1);
      n = m;
      for (gsize i = 0; i < len; i++)
        {
          if (s[i] < n)
            delta++;
          if (s[i] == n)
            {
              guint64 q = delta;

              for (guint64 k = 36;; k += 36)
                {
                  guint64 t = k <= bias ? 1 : (k >= bias + 26 ? 26 : k - bias);

                  if (q < t)
                    break;
                  out++;
                  q = (q - t) / (36 - t);
                }
              out++;
              bias = punycode_adapt (delta, h + 1, h == basic);
              delta = 0;
              h++;
            }
        }
      delta++;
      n++;
    }

  return out;
}

static inline gboolean
is_ideographic_full_stop (Cp c)
{
  return c == 0x3002 || c == 0xFF0E || c == 0xFF61;
}

/* The punycode length of one dot-separated label. The punycode converter
 * twitter-text uses also splits at the ideographic full stops, so a label
 * holding one is measured piece by piece, the stops counting one each. */
static gsize
label_ascii_length (const Cp *s,
                    gsize     len)
{
  gsize total = 0;
  gsize piece = 0;

  for (gsize i = 0; i <= len; i++)
    {
      if (i == len || is_ideographic_full_stop (s[i]))
        {
          total += punycode_length (s + piece, i - piece);
          if (i < len)
            total++;
          piece = i + 1;
        }
    }
  return total;
}

/* With @half, the first code point stands for its low surrogate alone (see
 * scanner_try()), which is what gets encoded. */
static gboolean
domain_labels_valid (const Cp *s,
                     gsize     start,
                     gsize     end,
                     gboolean  half)
{
  gsize label = start;

  for (gsize i = start; i <= end; i++)
    {
      if (i == end || s[i] == '.')
        {
          gsize length;

          if (half && label == start && i - label <= MAX_LABEL_LENGTH)
            {
              Cp copy[MAX_LABEL_LENGTH];

              memcpy (copy, s + label, (i - label) * sizeof (Cp));
              copy[0] = 0xDC00 | ((copy[0] - 0x10000) & 0x3FF);
              length = label_ascii_length (copy, i - label);
            }
          else
            length = label_ascii_length (s + label, i - label);

          if (length < 1 || length > MAX_LABEL_LENGTH)
            return FALSE;
          label = i + 1;
        }
    }
  return TRUE;
}

static gsize
utf16_length (const Cp *s,
              gsize     start,
              gsize     end)
{
  gsize units = 0;

  for (gsize i = start; i < end; i++)
    units += s[i] > 0xFFFF ? 2 : 1;
  return units;
}

/* A parenthesised group in a path (two levels at most); returns its end,
 * or 0 when there is none at @pos. */
static gsize
match_balanced_parens (const Cp *s,
                       gsize     n,
                       gsize     pos)
{
  gsize q, inner;

  if (pos >= n || s[pos] != '(')
    return 0;

  /* '(' path-chars+ ')' */
  for (q = pos + 1; q < n && is_path_char (s[q]); q++)
    ;
  if (q > pos + 1 && q < n && s[q] == ')')
    return q + 1;

  /* '(' path-chars* '(' path-chars+ ')' path-chars* ')' */
  if (q >= n || s[q] != '(')
    return 0;
  for (inner = q + 1; inner < n && is_path_char (s[inner]); inner++)
    ;
  if (inner == q + 1 || inner >= n || s[inner] != ')')
    return 0;
  for (q = inner + 1; q < n && is_path_char (s[q]); q++)
    ;
  if (q < n && s[q] == ')')
    return q + 1;
  return 0;
}

/* twitter-text's path is '/' and then units: path characters and
 * parenthesised groups up to the last path-ending character (a group
 * cannot end one), or a bare group. So the path runs to the last
 * path-ending character outside a group, plus the groups right after it. */
static gsize
match_path (const Cp *s,
            gsize     n,
            gsize     slash)
{
  gsize q = slash + 1;
  gsize last_ending = 0;
  gsize paren_end;

  while (q < n)
    {
      if (is_path_char (s[q]))
        {
          if (is_path_ending_char (s[q]))
            last_ending = q + 1;
          q++;
        }
      else if ((paren_end = match_balanced_parens (s, n, q)) != 0)
        q = paren_end;
      else
        break;
    }

  q = last_ending != 0 ? last_ending : slash + 1;
  while ((paren_end = match_balanced_parens (s, n, q)) != 0)
    q = paren_end;

  return q;
}

/* '?' then query characters up to the last query-ending one; returns @pos
 * when there is no such query. */
static gsize
match_query (const Cp *s,
             gsize     n,
             gsize     pos)
{
  gsize end = pos;

  if (pos >= n || s[pos] != '?')
    return pos;
  for (gsize q = pos + 1; q < n && is_query_char (s[q]); q++)
    if (is_query_ending_char (s[q]))
      end = q + 1;
  return end;
}

/* The URL scanner. It walks the text the way twitter-text's global regular
 * expression does: a match consumes its text even when it is then rejected. */
typedef struct
{
  const Cp *s;
  gsize     n;
  gsize     next_start;   /* next candidate start of a URL */
  gsize     half_at;      /* a start allowed only as a second half */
  gboolean  started;

  /* ASCII domains still to hand out from a URL without a protocol */
  gboolean  pending;
  gsize     domain_end;
  gsize     search_from;
  gsize     url_end;
  gboolean  has_path;

  /* the entity handed out last */
  gsize     start;
  gsize     end;
  gboolean  found;
} UrlScanner;

typedef enum
{
  URL_NO_MATCH,
  URL_REJECTED,
  URL_ACCEPTED,
} UrlAttempt;

static gboolean scanner_pending_next (UrlScanner *sc);

/* @half: the start is the second half of a character outside the BMP.
 * twitter-text matches UTF-16 code units, so a URL without a protocol may
 * start after the high surrogate of such a character whatever precedes it;
 * it counts only if an ASCII domain inside it is found. */
static UrlAttempt
scanner_try (UrlScanner *sc,
             gsize       start,
             gboolean    half,
             gsize      *resume)
{
  const Cp *s = sc->s;
  gsize n = sc->n;
  gsize protocol = 0;
  gsize domain_start, domain_end = 0, skip_to = start + 1;
  gsize end, url_end;
  gboolean has_path = FALSE;

  if (half)
    ;
  else if (has_prefix_ci (s, n, start, "https://"))
    protocol = 8;
  else if (has_prefix_ci (s, n, start, "http://"))
    protocol = 7;
  domain_start = start + protocol;

  if (!match_domain (s, n, domain_start, &domain_end, &skip_to))
    {
      *resume = MAX (skip_to, start + 1);
      return URL_NO_MATCH;
    }

  end = domain_end;
  if (end + 1 < n && s[end] == ':' && g_ascii_isdigit (s[end + 1]))
    {
      for (end++; end < n && g_ascii_isdigit (s[end]); end++)
        ;
    }
  if (end < n && s[end] == '/')
    {
      end = match_path (s, n, end);
      has_path = TRUE;
    }
  url_end = match_query (s, n, end);
  /* The search goes on after the match: its next character may precede a
   * URL, or be the first half of one outside the BMP. */
  *resume = url_end + 1;
  sc->half_at = (url_end < n && s[url_end] > 0xFFFF) ? url_end : G_MAXSIZE;

  /* twitter-text counts the protocol twice here, or https:// when there is
   * none; a domain given in punycode must hold an ASCII domain. */
  if ((protocol != 0 ? protocol : DEFAULT_PROTOCOL_LENGTH) +
      utf16_length (s, start, url_end) - (half ? 1 : 0) > MAX_URL_LENGTH)
    return URL_REJECTED;
  if (domain_end - domain_start >= 4 && s[domain_start] == 'x' && s[domain_start + 1] == 'n' &&
      s[domain_start + 2] == '-' && s[domain_start + 3] == '-')
    {
      gsize a, b;

      if (!find_ascii_domain (s, domain_end, domain_start, &a, &b))
        return URL_REJECTED;
    }
  if (!domain_labels_valid (s, domain_start, domain_end, half))
    return URL_REJECTED;

  if (protocol == 0)
    {
      if (!half && start > 0 && is_in (s[start - 1], "-_./"))
        return URL_REJECTED;

      sc->pending = TRUE;
      sc->domain_end = domain_end;
      sc->search_from = start;
      sc->url_end = url_end;
      sc->has_path = has_path;
      return scanner_pending_next (sc) ? URL_ACCEPTED : URL_REJECTED;
    }

  /* A t.co link ends after its slug (and query); the rest is plain text. */
  if (domain_end - domain_start == 4 && has_prefix_ci (s, n, domain_start, "t.co/"))
    {
      gsize slug = domain_end + 1;
      gsize slug_end;

      for (slug_end = slug; slug_end < url_end && is_ascii_alnum (s[slug_end]); slug_end++)
        ;
      if (slug_end > slug)
        {
          if (slug_end - slug > MAX_TCO_SLUG_LENGTH)
            return URL_REJECTED;
          url_end = MIN (match_query (s, url_end, slug_end), url_end);
        }
    }

  sc->start = start;
  sc->end = url_end;
  return URL_ACCEPTED;
}

/* Hands out the next ASCII domain of a protocol-less URL; the last one
 * carries the path and query (as twitter-text splices them onto it). */
static gboolean
scanner_pending_next (UrlScanner *sc)
{
  gsize a_start, a_end;

  if (!sc->pending)
    return FALSE;

  if (!find_ascii_domain (sc->s, sc->domain_end, sc->search_from, &a_start, &a_end))
    {
      sc->pending = FALSE;
      return FALSE;
    }

  sc->search_from = a_end;
  sc->start = a_start;
  sc->end = a_end;

  if (sc->has_path)
    {
      gsize b_start, b_end;

      if (!find_ascii_domain (sc->s, sc->domain_end, a_end, &b_start, &b_end))
        {
          /* The URL's text becomes this domain followed by the path, and the
           * walk jumps by that length. */
          sc->end = a_start + (a_end - a_start) + (sc->url_end - sc->domain_end);
          sc->pending = FALSE;
        }
    }

  return TRUE;
}

/* The first attempt: at the very start, twitter-text's expression tries the
 * form with a preceding character first (a URL from index 1), then the start
 * of the text itself. */
static gboolean
scanner_first (UrlScanner *sc)
{
  gsize resume0 = 1, resume1 = 1;
  gboolean tried_1 = FALSE;
  UrlAttempt r;

  /* (Unless the first character is outside the BMP: then its second half
   * comes first.) */
  if (sc->n > 1 && sc->s[0] <= 0xFFFF && is_url_preceding_char (sc->s[0]))
    {
      tried_1 = TRUE;
      r = scanner_try (sc, 1, FALSE, &resume1);
      if (r != URL_NO_MATCH)
        {
          sc->next_start = resume1;
          return r == URL_ACCEPTED;
        }
    }

  r = scanner_try (sc, 0, sc->s[0] > 0xFFFF, &resume0);
  if (r != URL_NO_MATCH)
    sc->next_start = resume0;
  else if (tried_1)
    sc->next_start = MAX (MAX (resume0, resume1), 2);
  else
    sc->next_start = MAX (resume0, 1);
  return r == URL_ACCEPTED;
}

/* Finds the next URL entity; FALSE when there are no more. */
static gboolean
scanner_next (UrlScanner *sc)
{
  if (sc->pending && scanner_pending_next (sc))
    return TRUE;

  if (!sc->started)
    {
      sc->started = TRUE;
      if (sc->n == 0)
        return FALSE;
      if (scanner_first (sc))
        return TRUE;
    }

  while (sc->next_start < sc->n)
    {
      gsize s = sc->next_start;
      gsize resume;
      UrlAttempt r;

      gboolean half = FALSE;

      if (sc->half_at != G_MAXSIZE && sc->half_at < s)
        {
          s = sc->half_at;
          half = TRUE;
        }
      else if (!is_url_preceding_char (sc->s[s - 1]))
        {
          if (sc->s[s] <= 0xFFFF)
            {
              sc->next_start = s + 1;
              continue;
            }
          half = TRUE;
        }
      sc->half_at = G_MAXSIZE;
      r = scanner_try (sc, s, half, &resume);
      sc->next_start = resume;
      if (r == URL_ACCEPTED)
        return TRUE;
    }

  return FALSE;
}

/* Emoji sequences: what Unicode recommends for general interchange (ICU's
 * RGI_Emoji set of strings), as the emoji parser twitter-text uses matches
 * them; keycaps and ZWJ sequences also without their U+FE0F. */

#define MAX_EMOJI_SPAN 16 /* the longest recommended sequence has 10 */

static inline gboolean
is_pictographic (Cp c)
{
  if (c < 0xA9) /* the first pictograph is U+00A9 */
    return FALSE;
  return u_hasBinaryProperty ((UChar32) c, UCHAR_EXTENDED_PICTOGRAPHIC);
}

static inline gboolean
is_regional_indicator (Cp c)
{
  return c >= 0x1F1E6 && c <= 0x1F1FF;
}

static inline gboolean
is_emoji_modifier (Cp c)
{
  return c >= 0x1F3FB && c <= 0x1F3FF;
}

static inline gboolean
is_tag (Cp c)
{
  return c >= 0xE0020 && c <= 0xE007F;
}

static gboolean
contains_cp (const Cp *s,
           gsize     len,
           Cp        c)
{
  for (gsize i = 0; i < len; i++)
    if (s[i] == c)
      return TRUE;
  return FALSE;
}

/* Whether @s (@len code points) is a recommended emoji; with @qualify, a
 * text-default pictograph lacking its U+FE0F is given one first. */
static gboolean
is_rgi_emoji (const Cp *s,
              gsize     len,
              gboolean  qualify)
{
  UChar buf[MAX_EMOJI_SPAN * 3];
  int32_t used = 0;

  g_assert (len <= MAX_EMOJI_SPAN);

  for (gsize i = 0; i < len; i++)
    {
      U16_APPEND_UNSAFE (buf, used, (UChar32) s[i]);
      if (qualify && s[i] >= 0x80 && (i + 1 == len || (s[i + 1] != 0xFE0F && !is_emoji_modifier (s[i + 1]))) &&
          u_hasBinaryProperty ((UChar32) s[i], UCHAR_EMOJI) &&
          !u_hasBinaryProperty ((UChar32) s[i], UCHAR_EMOJI_PRESENTATION) &&
          !u_hasBinaryProperty ((UChar32) s[i], UCHAR_EMOJI_COMPONENT))
        buf[used++] = 0xFE0F;
    }

  return u_stringHasBinaryProperty (buf, used, UCHAR_RGI_EMOJI);
}

/* The emoji sequence starting at @pos: a keycap, or the longest recommended
 * emoji among the prefixes of the run of pictographs, presentation
 * selectors, skin tones, tags and joiners there. Returns its end, or @pos
 * when there is none. */
static gsize
match_emoji (const Cp *s,
             gsize     n,
             gsize     pos)
{
  Cp c = s[pos];
  gsize end, limit;
  gboolean joined = FALSE;

  if (c == '#' || c == '*' || (c >= '0' && c <= '9'))
    {
      end = pos + 1;
      if (end < n && s[end] == 0xFE0F)
        end++;
      return (end < n && s[end] == 0x20E3) ? end + 1 : pos;
    }

  if (c < 0xA9)
    return pos;

  limit = MIN (n, pos + MAX_EMOJI_SPAN);
  if (is_regional_indicator (c))
    end = (pos + 1 < limit && is_regional_indicator (s[pos + 1])) ? pos + 2 : pos + 1;
  else if (is_pictographic (c) || is_emoji_modifier (c))
    {
      end = pos + 1;
      for (;;)
        {
          while (end < limit && (s[end] == 0xFE0F || is_emoji_modifier (s[end]) || is_tag (s[end])))
            end++;
          if (end + 1 < limit && s[end] == 0x200D && is_pictographic (s[end + 1]))
            {
              end += 2;
              joined = TRUE;
              continue;
            }
          break;
        }
    }
  else
    return pos;

  for (; end > pos; end--)
    {
      if (s[end - 1] == 0x200D)
        continue;
      if (is_rgi_emoji (s + pos, end - pos, FALSE))
        return end;
      if (joined && contains_cp (s + pos, end - pos, 0x200D) &&
          is_rgi_emoji (s + pos, end - pos, TRUE))
        return end;
    }

  return pos;
}

static inline int
code_point_weight (Cp c)
{
  if (c <= 4351 || (c >= 8192 && c <= 8205) || (c >= 8208 && c <= 8223) ||
      (c >= 8242 && c <= 8247))
    return 100;
  return DEFAULT_WEIGHT;
}

/* Decodes @text into NFC code points (two allocations: the normalised
 * text and the code points). Returns NULL for invalid UTF-8. */
static Cp *
normalize_text (const char *text,
                gsize       bytes,
                gsize      *n_out,
                gboolean   *changed)
{
  gboolean simple = TRUE;
  Cp *buf;
  gsize n;

  *changed = FALSE;
  if (!g_utf8_validate_len (text, bytes, NULL))
    return NULL;

  /* Text below U+0300 is NFC already: no composition involves only such
   * characters. */
  for (gsize i = 0; i < bytes; i++)
    {
      guchar b = (guchar) text[i];

      if (b >= 0xCC) /* a lead byte of U+0300 or above */
        {
          simple = FALSE;
          break;
        }
    }

  if (simple)
    {
      gsize count = 0;

      buf = g_new (Cp, bytes + 1);
      for (const char *p = text; p < text + bytes; p = g_utf8_next_char (p))
        buf[count++] = g_utf8_get_char (p);
      *n_out = count;
      return buf;
    }

  {
    g_autofree char *nfc = g_utf8_normalize (text, (gssize) bytes, G_NORMALIZE_NFC);
    gsize count = 0;

    if (nfc == NULL)
      return NULL;
    *changed = strcmp (nfc, text) != 0;
    n = (gsize) g_utf8_strlen (nfc, -1);
    buf = g_new (Cp, n + 1);
    for (const char *p = nfc; *p; p = g_utf8_next_char (p))
      buf[count++] = g_utf8_get_char (p);
  }

  *n_out = n;
  return buf;
}

/* The parse, plus the index (in normalised code points) of the first one
 * past the limit, or -1. */
static void
parse_text (const char    *text,
            TernTextParse *result,
            gssize        *overflow_index,
            gboolean      *normalization_changed)
{
  g_autofree Cp *s = NULL;
  gsize bytes = strlen (text);
  gsize n = 0;
  gsize original_units = 0;
  gsize units = 0;
  gsize valid_end = 0;
  gssize overflow = -1;
  int weight = 0;
  gboolean chars_valid = TRUE;
  gboolean changed = FALSE;
  UrlScanner scanner = { 0 };
  gboolean have_url;
  gssize valid_range_end;

  memset (result, 0, sizeof *result);
  if (overflow_index)
    *overflow_index = -1;
  if (normalization_changed)
    *normalization_changed = FALSE;

  for (const char *p = text; *p; p++)
    {
      guchar b = (guchar) *p;

      if ((b & 0xC0) != 0x80)
        original_units += b >= 0xF0 ? 2 : 1;
    }

  s = normalize_text (text, bytes, &n, &changed);
  if (s == NULL)
    {
      /* Not UTF-8: nothing X would take. */
      result->valid = FALSE;
      result->display_range_end = original_units > 0 ? (int) original_units - 1 : 0;
      return;
    }

  scanner.s = s;
  scanner.n = n;
  scanner.half_at = G_MAXSIZE;
  have_url = scanner_next (&scanner);

  for (gsize i = 0; i < n;)
    {
      gsize start = i;
      gsize end;
      Cp last;

      while (have_url && scanner.start < i)
        have_url = scanner_next (&scanner);

      if (have_url && scanner.start == i)
        {
          weight += URL_WEIGHT;
          end = MIN (scanner.end, n);
          have_url = scanner_next (&scanner);
        }
      else if ((end = match_emoji (s, n, i)) > i)
        weight += DEFAULT_WEIGHT;
      else
        {
          end = i + 1;
          weight += code_point_weight (s[i]);
        }

      units += utf16_length (s, start, end);
      last = s[end - 1];
      i = end;

      if (chars_valid)
        chars_valid = !is_invalid_char (last);
      if (chars_valid && weight <= MAX_WEIGHT)
        valid_end = units - 1;
      else if (weight > MAX_WEIGHT && overflow < 0)
        overflow = (gssize) start;
    }

  result->weighted_length = weight / SCALE;
  result->valid = chars_valid && weight > 0 && weight <= MAX_WEIGHT;
  result->permillage = (int) floor ((double) result->weighted_length /
                                    TERN_TEXT_MAX_WEIGHTED_LENGTH * 1000);
  result->display_range_start = 0;
  result->display_range_end = original_units > 0 ? (int) original_units - 1 : 0;
  result->valid_range_start = 0;
  /* twitter-text shifts the end by the length NFC added or removed (which
   * can make it -1 when the text starts with an invalid character and NFC
   * lengthened it). */
  valid_range_end = (gssize) valid_end + (gssize) original_units - (gssize) units;
  result->valid_range_end = (int) valid_range_end;

  if (overflow_index)
    *overflow_index = overflow;
  if (normalization_changed)
    *normalization_changed = changed;
}

/**
 * tern_text_parse:
 * @text: the post's text, UTF-8
 * @result: (out caller-allocates): where to store the parse
 *
 * Parses @text the way X counts it (twitter-text v3): NFC, URLs as 23,
 * emoji sequences as 2, code point weights otherwise. Linear in the length
 * of @text, a few allocations per call (none per character).
 *
 * Invalid UTF-8 gives an invalid result with weighted length 0.
 */
void
tern_text_parse (const char    *text,
                 TernTextParse *result)
{
  g_return_if_fail (text != NULL);
  g_return_if_fail (result != NULL);

  parse_text (text, result, NULL, NULL);
}

/* A normalisation segment ends before a starter that does not compose with
 * what precedes it. */
static gboolean
starts_segment (gunichar prev,
                gunichar c)
{
  gunichar composed;

  if (g_unichar_combining_class (c) != 0)
    return FALSE;
  return !g_unichar_compose (prev, c, &composed);
}

/**
 * tern_text_overflow_offset:
 * @text: the post's text, UTF-8
 *
 * Finds where the part of @text that X would not accept begins, for
 * highlighting it: the first character past the limit of
 * %TERN_TEXT_MAX_WEIGHTED_LENGTH.
 *
 * A URL or emoji sequence that crosses the limit counts as past it. When NFC
 * changes the text, the offset is that of the start of the (normalisation)
 * character sequence holding the first character past the limit.
 *
 * Returns: the offset in characters (code points, as #GtkTextBuffer counts
 *   them) into @text, or -1 when the text is within the limit
 */
int
tern_text_overflow_offset (const char *text)
{
  TernTextParse parse;
  gssize overflow;
  gboolean changed;
  gssize normalized = 0;
  int offset = 0;
  const char *segment;
  const char *p;
  gunichar prev = 0;

  g_return_val_if_fail (text != NULL, -1);

  parse_text (text, &parse, &overflow, &changed);
  if (overflow < 0)
    return -1;
  if (!changed)
    return (int) overflow;

  /* Normalise segment by segment to see where the normalised index falls. */
  segment = text;
  for (p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (p > text && starts_segment (prev, c))
        {
          g_autofree char *nfc = g_utf8_normalize (segment, p - segment, G_NORMALIZE_NFC);
          gssize count = nfc != NULL ? g_utf8_strlen (nfc, -1) : 0;

          if (normalized + count > overflow)
            return offset;
          normalized += count;
          offset += (int) g_utf8_strlen (segment, p - segment);
          segment = p;
        }
      prev = c;
    }

  return offset;
}
