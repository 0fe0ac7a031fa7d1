/* tern-text.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-text"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "tern-text.h"
#include "tern-text-private.h"
#include "tern-text-emoji.h"
#include "tern-text-tld.h"

/*
 * The twitter-text v3 parse, as its documentation and conformance cases
 * describe it:
 *
 *  - the text is normalised to NFC first;
 *  - a URL counts 23 characters whatever its length (twitter-text's URL
 *    grammar, which works on UTF-16 code units; the top-level domains it
 *    knows, labels measured after punycode);
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

typedef guint32 Cp;

/* Character classes, as twitter-text's URL grammar names them. */

static inline gboolean
is_ascii_alnum (Cp c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* (Not g_ascii_isdigit(), which would see only the low byte of @c.) */
static inline gboolean
is_ascii_digit (Cp c)
{
  return c >= '0' && c <= '9';
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

/* ASCII character classes of twitter-text's URL grammar, one bit each in
 * a table made once (a lookup per character instead of a string search). */
enum
{
  CLASS_PUNCT      = 1 << 0,
  CLASS_PATH       = 1 << 1,
  CLASS_PATH_END   = 1 << 2,
  CLASS_QUERY      = 1 << 3,
  CLASS_QUERY_END  = 1 << 4,
  CLASS_AFTER_TLD  = 1 << 5,  /* may not follow a TLD */
  CLASS_BEFORE_BARE = 1 << 6, /* may not precede a URL without a scheme */
};

static const struct
{
  guint8      flag;
  const char *members;
} class_members[] = {
  { CLASS_PUNCT, "!'#%&()*+,\\-./:;<=>?@[]^_{|}~$" },
  { CLASS_PATH, "!*';:=+,.$/%#[]-_~@|&" },
  { CLASS_PATH_END, "+-=_#/" },
  { CLASS_QUERY, "!?*'@();:&=+$/%#[]-_.,~|" },
  { CLASS_QUERY_END, "-_&=#/" },
  { CLASS_AFTER_TLD, "@+-" },
  { CLASS_BEFORE_BARE, "-_./" },
};

static guint8 ascii_classes[128];

static void
init_ascii_classes (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < G_N_ELEMENTS (class_members); i++)
        for (const char *p = class_members[i].members; *p; p++)
          ascii_classes[(guchar) *p] |= class_members[i].flag;
      g_once_init_leave (&initialized, 1);
    }
}

static inline gboolean
is_in (Cp    c,
       guint flag)
{
  return c < 0x80 && (ascii_classes[c] & flag) != 0;
}

static inline gboolean
is_punct (Cp c)
{
  return is_in (c, CLASS_PUNCT);
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

/* twitter-text's URL expressions ignore case (JavaScript's rule: a
 * character matches when its upper case, as one UTF-16 unit, is that of a
 * member), so a few letters outside the listed ranges match them too. */
static inline gboolean
is_latin_accent (Cp c)
{
  if ((c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) ||
      (c >= 0xF8 && c <= 0x24F) || c == 0x253 || c == 0x254 || c == 0x256 ||
      c == 0x257 || c == 0x259 || c == 0x25B || c == 0x263 || c == 0x268 ||
      c == 0x26F || c == 0x272 || c == 0x289 || c == 0x28B || c == 0x2BB ||
      (c >= 0x300 && c <= 0x36F) || (c >= 0x1E00 && c <= 0x1EFF))
    return TRUE;

  /* Upper case in U+0100..U+024F (ɠ ɩ ɵ ʀ ʃ ʈ ʊ ʌ ʒ, ⱥ ⱦ), U+1E00..U+1EFF
   * (Ȿ Ɀ, ꟝) or that of U+0345 (Ι, ι, ι). */
  switch (c)
    {
    case 0x260: case 0x269: case 0x275: case 0x280: case 0x283: case 0x288:
    case 0x28A: case 0x28C: case 0x292: case 0x399: case 0x3B9: case 0x1FBE:
    case 0x2C65: case 0x2C66: case 0x2C7E: case 0x2C7F: case 0xA7DC:
      return TRUE;
    default:
      return FALSE;
    }
}

/* U+0400..U+04FF, and the Cyrillic letter variants whose upper case is in
 * it (see is_latin_accent()). */
static inline gboolean
is_cyrillic (Cp c)
{
  return (c >= 0x400 && c <= 0x4FF) || (c >= 0x1C80 && c <= 0x1C87);
}

static inline gboolean
is_path_char (Cp c)
{
  return is_ascii_alnum (c) || is_cyrillic (c) || is_latin_accent (c) ||
         c == 0x2013 || is_in (c, CLASS_PATH);
}

static inline gboolean
is_path_ending_char (Cp c)
{
  return is_ascii_alnum (c) || is_cyrillic (c) || is_latin_accent (c) ||
         is_in (c, CLASS_PATH_END);
}

static inline gboolean
is_query_char (Cp c)
{
  return is_ascii_alnum (c) || is_in (c, CLASS_QUERY);
}

static inline gboolean
is_query_ending_char (Cp c)
{
  return is_ascii_alnum (c) || is_in (c, CLASS_QUERY_END);
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

/* Top-level domains: the ones twitter-text 3.1.0 knows (tern-text-tld.h,
 * generated from it), matched without regard to case. */

static int
compare_tld (const void *key,
             const void *member)
{
  return strcmp (key, *(const char * const *) member);
}

static gboolean
is_tld (const Cp *s,
        gsize     len)
{
  char buf[TERN_TLD_MAX_CHARS * 6 + 1];
  gsize used = 0;

  if (len == 0 || len > TERN_TLD_MAX_CHARS)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    used += g_unichar_to_utf8 (g_unichar_tolower (s[i]), buf + used);
  buf[used] = '\0';

  return bsearch (buf, tern_tlds, G_N_ELEMENTS (tern_tlds), sizeof tern_tlds[0],
                  compare_tld) != NULL;
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

  if (pos >= limit || !is_domain_char (s[pos]))
    return 0;

  /* The longest known TLD among the prefixes of this run of domain
   * characters ("vermögensberatung" mixes ASCII and not; in a run of ASCII
   * letters only the whole run is followed by a character that allows it). */
  for (end = pos; end < limit && end - pos < TERN_TLD_MAX_CHARS && is_domain_char (s[end]); end++)
    ;
  for (; end > pos; end--)
    {
      if (end < limit && (is_ascii_alnum (s[end]) || is_in (s[end], CLASS_AFTER_TLD)))
        continue;
      if (is_tld (s + pos, end - pos))
        return end;
    }

  if (has_prefix_ci (s, limit, pos, "xn--") && pos + 4 < limit &&
      (is_ascii_alnum (s[pos + 4]) || s[pos + 4] == '-'))
    {
      for (end = pos + 4; end < limit && (is_ascii_alnum (s[end]) || s[end] == '-'); end++)
        ;
      return end;
    }
  return 0;
}

/* The domain of a URL starting at a position: labels separated by dots,
 * then a TLD; the label right before the TLD may not contain '_'. Like the
 * greedy regular expression twitter-text uses, the longest such domain
 * wins.
 *
 * The scanner asks at every position a URL may start, and a run of labels
 * ("a_b.com.a_b.com.…", "x.co_x.co_…", a long hyphenated word) holds many
 * such positions. The labels from any start inside a run are a suffix of
 * the run's labels, so the run is scanned once, from its first start, and
 * what a later start needs is kept: the last TLD after a label with no '_'
 * (valid for every start before its dot), and the label holding the start
 * (its part after its last '_' may be the label before a TLD). Each
 * question is then answered in constant time, and the parse stays linear. */
typedef struct
{
  gsize start;        /* the run was scanned from here … */
  gsize stop;         /* … to here; G_MAXSIZE: nothing kept */
  gsize clean_dot;    /* the dot before the last TLD after a clean label */
  gsize clean_end;    /* that TLD's end; 0: none */

  /* the label holding the latest start asked about */
  gsize label_from;   /* scanned from here … */
  gsize label_end;    /* … to its end (the dot, or where the run stops) */
  gsize underscore;   /* its last '_' after label_from, or G_MAXSIZE */
  gsize tld_end;      /* the TLD after its dot, or 0 */
} DomainRun;

static void
domain_run_scan (DomainRun *run,
                 const Cp  *s,
                 gsize      n,
                 gsize      start)
{
  gsize pos = start;

  run->start = start;
  run->clean_end = 0;
  run->clean_dot = 0;
  run->label_from = G_MAXSIZE;

  for (;;)
    {
      gsize q = pos;
      gboolean underscore = FALSE;
      gsize tld_end;

      if (q >= n || !is_domain_char (s[q]))
        break;
      while (q < n && (is_domain_char (s[q]) || s[q] == '-' || s[q] == '_'))
        {
          underscore |= s[q] == '_';
          q++;
        }
      pos = q;
      if (q >= n || s[q] != '.' || !is_domain_char (s[q - 1]))
        break;

      tld_end = match_tld (s, n, q + 1);
      if (tld_end != 0 && !underscore)
        {
          run->clean_dot = q;
          run->clean_end = tld_end;
        }
      pos = q + 1;
    }

  run->stop = MAX (pos, start + 1);
}

/* Scans the label holding @start (from @start), unless it is the one kept. */
static void
domain_run_label (DomainRun *run,
                  const Cp  *s,
                  gsize      n,
                  gsize      start)
{
  gsize q;

  if (run->label_from != G_MAXSIZE && start >= run->label_from && start < run->label_end)
    return;

  run->label_from = start;
  run->underscore = G_MAXSIZE;
  run->tld_end = 0;
  for (q = start; q < n && (is_domain_char (s[q]) || s[q] == '-' || s[q] == '_'); q++)
    if (s[q] == '_')
      run->underscore = q;
  run->label_end = q;
  if (q < n && s[q] == '.' && q > start && is_domain_char (s[q - 1]))
    run->tld_end = match_tld (s, n, q + 1);
}

static gboolean
match_domain (DomainRun *run,
              const Cp  *s,
              gsize      n,
              gsize      start,
              gsize     *domain_end)
{
  if (start >= n || !is_domain_char (s[start]))
    return FALSE;

  if (run->stop == G_MAXSIZE || start < run->start || start >= run->stop)
    domain_run_scan (run, s, n, start);

  /* A TLD after a clean label further on is the longest domain. */
  if (run->clean_end != 0 && start < run->clean_dot)
    {
      *domain_end = run->clean_end;
      return TRUE;
    }

  /* Else only the label holding @start may be the one before a TLD: when
   * no '_' lies between @start and its dot. */
  domain_run_label (run, s, n, start);
  if (run->tld_end != 0 && (run->underscore == G_MAXSIZE || run->underscore < start))
    {
      *domain_end = run->tld_end;
      return TRUE;
    }

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
  gsize     jump_units;   /* when not 0, the walk jumps this many code units */
  gboolean  found;

  DomainRun run;
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
  gsize domain_start, domain_end = 0;
  gsize end, url_end;
  gboolean has_path = FALSE;

  if (half)
    ;
  else if (has_prefix_ci (s, n, start, "https://"))
    protocol = 8;
  else if (has_prefix_ci (s, n, start, "http://"))
    protocol = 7;
  domain_start = start + protocol;

  if (!match_domain (&sc->run, s, n, domain_start, &domain_end))
    {
      *resume = start + 1;
      return URL_NO_MATCH;
    }

  end = domain_end;
  if (end + 1 < n && s[end] == ':' && is_ascii_digit (s[end + 1]))
    {
      for (end++; end < n && is_ascii_digit (s[end]); end++)
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
      if (!half && start > 0 && is_in (s[start - 1], CLASS_BEFORE_BARE))
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
  sc->jump_units = 0;
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
  sc->jump_units = 0;

  if (sc->has_path)
    {
      gsize b_start, b_end;

      if (!find_ascii_domain (sc->s, sc->domain_end, a_end, &b_start, &b_end))
        {
          /* The URL's text becomes this domain followed by the path, and the
           * walk jumps by that length. */
          sc->end = a_start + (a_end - a_start) + (sc->url_end - sc->domain_end);
          sc->jump_units = utf16_length (sc->s, a_start, a_end) +
                           utf16_length (sc->s, sc->domain_end, sc->url_end);
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

/* Emoji sequences: the ones twitter-text 3.1.0 counts as one, from the
 * table generated out of its emoji expression (tern-text-emoji.h). At each
 * position the expression's first matching alternative wins, which is the
 * lowest-ranked match along the trie path. */

static inline const TernEmojiNode *
emoji_child (const TernEmojiNode *node,
             Cp                   c)
{
  const TernEmojiNode *lo = tern_emoji_nodes + node->first;
  const TernEmojiNode *hi = lo + node->n_children;

  while (lo < hi)
    {
      const TernEmojiNode *mid = lo + (hi - lo) / 2;

      if (mid->cp < c)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (lo < tern_emoji_nodes + node->first + node->n_children && lo->cp == c) ? lo : NULL;
}

/* Whether @c may start an emoji sequence: below U+00A9 only keycaps do,
 * and none starts in the blocks of letters, ideographs and syllables. */
static inline gboolean
may_start_emoji (Cp c)
{
  if (c < 0xA9)
    return c == '#' || c == '*' || (c >= '0' && c <= '9');
  return c < 0x20000 && (tern_emoji_start_blocks[c >> 10] >> ((c >> 4) & 63) & 1) != 0;
}

/* The emoji sequence starting at @pos; returns its end, or @pos when there
 * is none. Walks at most as deep as the longest sequence (10 code points). */
static gsize
match_emoji (const Cp *s,
             gsize     n,
             gsize     pos)
{
  const TernEmojiNode *node = tern_emoji_nodes;
  guint best = TERN_EMOJI_NO_RANK;
  gsize end = pos;

  if (!may_start_emoji (s[pos]))
    return pos;

  for (gsize k = pos; k < n && (node = emoji_child (node, s[k])) != NULL; k++)
    {
      guint rank = node->rank;

      if (node->rank_unless_fe0e < rank && (k + 1 >= n || s[k + 1] != 0xFE0E))
        rank = node->rank_unless_fe0e;
      if (rank < best)
        {
          best = rank;
          end = k + 1;
        }
    }

  return end;
}

static inline int
code_point_weight (Cp c)
{
  if (c <= 4351 || (c >= 8192 && c <= 8205) || (c >= 8208 && c <= 8223) ||
      (c >= 8242 && c <= 8247))
    return 100;
  return DEFAULT_WEIGHT;
}

/* The text, normalised. ICU's normaliser works in one linear pass, and
 * its quick check finds the (usual) text that is in NFC already, which is
 * then only decoded. */
typedef struct
{
  UChar   *utf16;      /* the text as given, in UTF-16 */
  int32_t  units;      /* its length in code units */
  Cp      *s;          /* the normalised text, as code points */
  gsize    n;
  gboolean changed;    /* whether NFC changed anything */
} Normalized;

static void
normalized_clear (Normalized *norm)
{
  g_clear_pointer (&norm->utf16, g_free);
  g_clear_pointer (&norm->s, g_free);
}

static const UNormalizer2 *
tern_text_nfc (void)
{
  static gsize initialized;
  static const UNormalizer2 *nfc;

  if (g_once_init_enter (&initialized))
    {
      UErrorCode error = U_ZERO_ERROR;

      nfc = unorm2_getNFCInstance (&error);
      if (U_FAILURE (error))
        g_error ("ICU has no NFC normaliser: %s", u_errorName (error));
      g_once_init_leave (&initialized, 1);
    }
  return nfc;
}

static Cp *
decode_utf16 (const UChar *u,
              int32_t      len,
              gsize       *n_out)
{
  Cp *buf = g_new (Cp, (gsize) len + 1);
  gsize n = 0;

  for (int32_t i = 0; i < len;)
    {
      UChar32 c;

      U16_NEXT_UNSAFE (u, i, c);
      buf[n++] = (Cp) c;
    }
  *n_out = n;
  return buf;
}

/* Whether @u holds a long stretch with no normalisation boundary: a run of
 * combining marks, which ICU (like every normaliser that sorts marks by
 * insertion) puts in canonical order in time growing with the square of
 * its length. */
static gboolean
has_long_segment (const UChar *u,
                  int32_t      len)
{
  const UNormalizer2 *nfc = tern_text_nfc ();
  int32_t segment = 0;
  int32_t run = 0;
  gboolean long_run = FALSE;

  /* Characters below U+0300 all have a boundary before them: most text
   * with marks has no long run of others, and needs no closer look. */
  for (int32_t i = 0; i < len && !long_run; i++)
    {
      run = u[i] < 0x300 ? 0 : run + 1;
      long_run = run > 32;
    }
  if (!long_run)
    return FALSE;

  for (int32_t i = 0; i < len;)
    {
      UChar32 c;

      U16_NEXT_UNSAFE (u, i, c);
      if (c < 0x300 || unorm2_hasBoundaryBefore (nfc, c))
        segment = 0;
      else if (++segment > 32)
        return TRUE;
    }
  return FALSE;
}

static int
compare_keys (const void *a,
              const void *b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* @u decomposed (NFD) and put in canonical order by a stable sort of each
 * run of combining marks (n log n), so that NFC of the result, which is NFC
 * of @u, only has to append and compose. */
static UChar *
decompose_sorted (const UChar *u,
                  int32_t      len,
                  int32_t     *out_len)
{
  UErrorCode error = U_ZERO_ERROR;
  const UNormalizer2 *nfd = unorm2_getNFDInstance (&error);
  g_autoptr(GArray) cps = g_array_sized_new (FALSE, FALSE, sizeof (Cp), (guint) len);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint64));
  UChar *out;
  int32_t used = 0;
  gsize run = 0;

  for (int32_t i = 0; i < len;)
    {
      UChar decomposition[32];
      UChar32 c;
      int32_t d;

      U16_NEXT_UNSAFE (u, i, c);
      error = U_ZERO_ERROR;
      d = U_SUCCESS (error) ? unorm2_getDecomposition (nfd, c, decomposition, G_N_ELEMENTS (decomposition), &error) : -1;
      if (d < 0 || U_FAILURE (error))
        {
          Cp cp = (Cp) c;
          g_array_append_val (cps, cp);
        }
      else
        for (int32_t k = 0; k < d;)
          {
            Cp cp;

            U16_NEXT_UNSAFE (decomposition, k, c);
            cp = (Cp) c;
            g_array_append_val (cps, cp);
          }
    }

  /* Sort each run of marks by combining class, keeping their order within
   * a class (the key holds the class, then the position). */
  for (gsize i = 0; i <= cps->len; i++)
    {
      guint8 ccc = i < cps->len ? u_getCombiningClass ((UChar32) g_array_index (cps, Cp, i)) : 0;

      if (ccc != 0)
        continue;
      if (i - run > 1)
        {
          g_array_set_size (keys, 0);
          for (gsize k = run; k < i; k++)
            {
              Cp cp = g_array_index (cps, Cp, k);
              guint64 key = ((guint64) u_getCombiningClass ((UChar32) cp) << 56) |
                            ((guint64) (k - run) << 21) | cp;

              g_array_append_val (keys, key);
            }
          qsort (keys->data, keys->len, sizeof (guint64), compare_keys);
          for (gsize k = run; k < i; k++)
            g_array_index (cps, Cp, k) = (Cp) (g_array_index (keys, guint64, k - run) & 0x1FFFFF);
        }
      run = i + 1;
    }

  out = g_new (UChar, (gsize) cps->len * 2 + 1);
  for (guint i = 0; i < cps->len; i++)
    U16_APPEND_UNSAFE (out, used, (UChar32) g_array_index (cps, Cp, i));
  *out_len = used;
  return out;
}

/* Returns FALSE for text that is not UTF-8 (or too long for ICU). */
static gboolean
normalize_text (const char *text,
                gsize       bytes,
                Normalized *norm)
{
  const UNormalizer2 *nfc = tern_text_nfc ();
  UErrorCode error = U_ZERO_ERROR;
  gboolean ascii = TRUE;
  int32_t yes, capacity, len, sorted_len = 0, src_len;
  g_autofree UChar *out = NULL;
  g_autofree UChar *sorted = NULL;
  const UChar *src;

  memset (norm, 0, sizeof *norm);
  if (bytes > G_MAXINT32 / 2 || !g_utf8_validate_len (text, bytes, NULL))
    return FALSE;

  for (gsize i = 0; i < bytes && ascii; i++)
    ascii = (guchar) text[i] < 0x80;
  if (ascii)
    {
      /* ASCII is NFC, one code unit per character. */
      norm->s = g_new (Cp, bytes + 1);
      for (gsize i = 0; i < bytes; i++)
        norm->s[i] = (guchar) text[i];
      norm->n = bytes;
      norm->units = (int32_t) bytes;
      return TRUE;
    }

  norm->utf16 = g_new (UChar, bytes + 1);
  u_strFromUTF8 (norm->utf16, (int32_t) bytes + 1, &norm->units, text, (int32_t) bytes, &error);
  if (U_FAILURE (error))
    return FALSE;

  yes = unorm2_spanQuickCheckYes (nfc, norm->utf16, norm->units, &error);
  if (U_SUCCESS (error) && yes == norm->units)
    {
      norm->s = decode_utf16 (norm->utf16, norm->units, &norm->n);
      return TRUE;
    }

  if (has_long_segment (norm->utf16, norm->units))
    sorted = decompose_sorted (norm->utf16, norm->units, &sorted_len);
  src = sorted != NULL ? sorted : norm->utf16;
  src_len = sorted != NULL ? sorted_len : norm->units;

  /* NFC lengthens text at most threefold; ask again if ICU wants more. */
  error = U_ZERO_ERROR;
  capacity = src_len < G_MAXINT32 / 3 - 16 ? src_len * 3 + 16 : G_MAXINT32;
  out = g_new (UChar, capacity);
  len = unorm2_normalize (nfc, src, src_len, out, capacity, &error);
  if (error == U_BUFFER_OVERFLOW_ERROR)
    {
      error = U_ZERO_ERROR;
      g_free (out);
      capacity = len;
      out = g_new (UChar, capacity);
      len = unorm2_normalize (nfc, src, src_len, out, capacity, &error);
    }
  if (U_FAILURE (error))
    return FALSE;

  norm->changed = len != norm->units || memcmp (out, norm->utf16, (gsize) len * sizeof (UChar)) != 0;
  norm->s = decode_utf16 (out, len, &norm->n);
  return TRUE;
}

/* Where (in code points of the text as given) the normalisation segment
 * holding normalised code point @index starts. Segments end before a
 * character ICU says has a boundary before it; each is normalised once. */
static gsize
original_offset (const Normalized *norm,
                 gsize             index)
{
  const UNormalizer2 *nfc = tern_text_nfc ();
  g_autofree UChar *scratch = NULL;
  int32_t scratch_len = 0;
  gsize normalized = 0;
  gsize offset = 0;
  gsize segment_chars = 0;
  int32_t segment = 0;

  for (int32_t i = 0; i <= norm->units;)
    {
      int32_t at = i;
      UChar32 c = 0;

      if (i < norm->units)
        U16_NEXT_UNSAFE (norm->utf16, i, c);
      else
        i++;

      if (at == norm->units || (at > 0 && unorm2_hasBoundaryBefore (nfc, c)))
        {
          UErrorCode error = U_ZERO_ERROR;
          int32_t len = at - segment;
          int32_t out_len;
          gsize count = 0;

          if (scratch_len < len * 3 + 16)
            {
              scratch_len = len * 3 + 16;
              g_free (scratch);
              scratch = g_new (UChar, scratch_len);
            }
          out_len = unorm2_normalize (nfc, norm->utf16 + segment, len, scratch, scratch_len, &error);
          for (int32_t k = 0; U_SUCCESS (error) && k < out_len; k++)
            if (!U16_IS_TRAIL (scratch[k]))
              count++;

          if (normalized + count > index)
            return offset;
          normalized += count;
          offset += segment_chars;
          segment_chars = 0;
          segment = at;
        }
      segment_chars++;
    }

  return offset;
}

static inline int
saturate_int (guint64 value)
{
  return value > G_MAXINT ? G_MAXINT : (int) value;
}

/* The seven fields from what the walk counted; wide and saturating, so no
 * length of text can wrap them around (see tern-text-private.h). */
void
tern_text_finish_parse (guint64        weight,
                        gboolean       chars_valid,
                        guint64        original_units,
                        guint64        normalized_units,
                        guint64        valid_end,
                        TernTextParse *result)
{
  guint64 length = weight / SCALE;
  gint64 valid_range_end;

  result->weighted_length = saturate_int (length);
  result->valid = chars_valid && weight > 0 && weight <= MAX_WEIGHT;
  /* floor (length / 280 × 1000), exactly, in integers */
  result->permillage = saturate_int (length <= G_MAXUINT64 / 1000 ?
                                     length * 1000 / TERN_TEXT_MAX_WEIGHTED_LENGTH :
                                     G_MAXUINT64);
  result->display_range_start = 0;
  result->display_range_end = original_units > 0 ? saturate_int (original_units - 1) : 0;
  result->valid_range_start = 0;
  /* twitter-text shifts the end by the length NFC added or removed (which
   * can make it -1 when the text starts with an invalid character and NFC
   * lengthened it). */
  valid_range_end = (gint64) MIN (valid_end, (guint64) G_MAXINT64 / 4) +
                    (gint64) MIN (original_units, (guint64) G_MAXINT64 / 4) -
                    (gint64) MIN (normalized_units, (guint64) G_MAXINT64 / 4);
  result->valid_range_end = (int) CLAMP (valid_range_end, G_MININT, G_MAXINT);
}

/* The parse, and (when @overflow_offset is given) where in @text, in code
 * points, the part past the limit begins, or -1. */
static void
parse_text (const char    *text,
            TernTextParse *result,
            int           *overflow_offset,
            GArray        *url_spans)
{
  Normalized norm;
  const Cp *s;
  gsize bytes = strlen (text);
  gsize n;
  guint64 units = 0;
  guint64 valid_end = 0;
  gssize overflow = -1;
  guint64 weight = 0;
  gboolean chars_valid = TRUE;
  UrlScanner scanner = { 0 };
  gboolean have_url;
  gboolean split_half = FALSE;

  memset (result, 0, sizeof *result);
  if (overflow_offset)
    *overflow_offset = -1;
  init_ascii_classes ();

  if (!normalize_text (text, bytes, &norm))
    {
      guint64 original_units = 0;

      /* Not UTF-8: nothing X would take. */
      for (const char *p = text; *p; p++)
        {
          guchar b = (guchar) *p;

          if ((b & 0xC0) != 0x80)
            original_units += b >= 0xF0 ? 2 : 1;
        }
      normalized_clear (&norm);
      result->valid = FALSE;
      result->display_range_end = original_units > 0 ? saturate_int (original_units - 1) : 0;
      return;
    }
  s = norm.s;
  n = norm.n;

  scanner.s = s;
  scanner.n = n;
  scanner.half_at = G_MAXSIZE;
  scanner.run.stop = G_MAXSIZE;
  /* Every URL has a dot before its TLD: text without one (much CJK,
   * Hangul, emoji) needs no scanning for URLs, as twitter-text also
   * decides. */
  have_url = FALSE;
  for (gsize i = 0; i < n; i++)
    if (s[i] == '.')
      {
        have_url = scanner_next (&scanner);
        break;
      }

  for (gsize i = 0; i < n;)
    {
      gsize start = i;
      gsize end;
      Cp last;

      while (have_url && scanner.start < i)
        have_url = scanner_next (&scanner);

      if (have_url && scanner.start == i)
        {
          gsize url_start = i;

          weight += URL_WEIGHT;
          if (scanner.jump_units == 0)
            {
              end = MIN (scanner.end, n);
              units += utf16_length (s, start, end);
            }
          else
            {
              /* twitter-text jumps by the length of the URL it spliced
               * together (domain and path), in code units, which can end
               * inside a character outside the BMP: its second half then
               * counts as a character of its own (weight 200). */
              guint64 jump = 0;

              for (end = i; end < n && jump < scanner.jump_units; end++)
                jump += s[end] > 0xFFFF ? 2 : 1;
              units += scanner.jump_units;
              split_half = jump > scanner.jump_units;
            }
          if (url_spans != NULL)
            {
              TernTextSpan span = { (int) url_start, (int) end };

              /* Conservative when NFC changed the text: the segments
               * holding the URL's ends, whole. */
              if (norm.changed)
                {
                  span.start = saturate_int (original_offset (&norm, url_start));
                  span.end = end < n ? saturate_int (original_offset (&norm, end) + 1) : -1;
                }
              g_array_append_val (url_spans, span);
            }
          have_url = scanner_next (&scanner);
        }
      else if ((end = match_emoji (s, n, i)) > i)
        {
          weight += DEFAULT_WEIGHT;
          units += utf16_length (s, start, end);
        }
      else
        {
          end = i + 1;
          weight += code_point_weight (s[i]);
          units += s[i] > 0xFFFF ? 2 : 1;
        }

      last = s[end - 1];
      i = end;

      if (chars_valid)
        chars_valid = !is_invalid_char (last);
      if (chars_valid && weight <= MAX_WEIGHT)
        valid_end = units - 1;
      else if (weight > MAX_WEIGHT && overflow < 0)
        overflow = (gssize) start;

      if (split_half)
        {
          split_half = FALSE;
          weight += DEFAULT_WEIGHT;
          units++;
          if (chars_valid && weight <= MAX_WEIGHT)
            valid_end = units - 1;
          else if (weight > MAX_WEIGHT && overflow < 0)
            overflow = (gssize) end - 1;
        }
    }

  tern_text_finish_parse (weight, chars_valid, (guint64) norm.units, units, valid_end, result);

  if (overflow_offset != NULL && overflow >= 0)
    *overflow_offset = saturate_int (norm.changed ? original_offset (&norm, (gsize) overflow) :
                                                    (gsize) overflow);
  normalized_clear (&norm);
}

/**
 * tern_text_parse:
 * @text: the post's text, UTF-8
 * @result: (out caller-allocates): where to store the parse
 *
 * Parses @text the way X counts it (twitter-text 3.1.0): NFC, URLs as 23,
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

/**
 * tern_text_parse_with_overflow:
 * @text: the post's text, UTF-8
 * @result: (out caller-allocates): where to store the parse
 * @overflow_offset: (out): where the part past the limit begins
 *
 * What tern_text_parse() and tern_text_overflow_offset() give, in one pass
 * over @text: what an editor needs on every change.
 */
void
tern_text_parse_with_overflow (const char    *text,
                               TernTextParse *result,
                               int           *overflow_offset)
{
  g_return_if_fail (text != NULL);
  g_return_if_fail (result != NULL);
  g_return_if_fail (overflow_offset != NULL);

  parse_text (text, result, overflow_offset, NULL);
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
  int offset;

  g_return_val_if_fail (text != NULL, -1);

  parse_text (text, &parse, &offset, NULL);
  return offset;
}

/* The URLs the parse counts as 23, as [start, end) code point offsets into
 * @text as given (see tern-text-private.h). */
GArray *
tern_text_url_spans (const char *text)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (TernTextSpan));
  TernTextParse parse;
  glong length;

  g_return_val_if_fail (text != NULL, spans);

  parse_text (text, &parse, NULL, spans);
  length = g_utf8_strlen (text, -1);
  for (guint i = 0; i < spans->len; i++)
    {
      TernTextSpan *span = &g_array_index (spans, TernTextSpan, i);

      if (span->end < 0 || span->end > length)
        span->end = (int) MIN (length, G_MAXINT);
    }
  return spans;
}
