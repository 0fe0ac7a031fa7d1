/* tern-text-split.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-text"

#include "config.h"

#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "tern-text-split.h"
#include "tern-text.h"
#include "tern-text-private.h"

/*
 * Splitting a text into the posts of a thread.
 *
 * Lines holding only "---" are hard breaks. Each stretch between them is
 * cut into parts that X accepts, measured by the exact parse (the part
 * with its number, when numbered). A part ends at the last place that
 * fits, preferring, in order:
 *
 *  1. a sentence end (ICU's sentence boundaries, which include line
 *     breaks), when the part keeps at least half of the room;
 *  2. a word boundary (ICU's line-break opportunities: spaces, and between
 *     ideographs in CJK text);
 *  3. a grapheme boundary outside any URL, mention, hashtag or cashtag;
 *  4. a grapheme boundary (a single token longer than a post);
 *  5. a code point boundary (a grapheme longer than a post).
 *
 * Levels 1 and 2 are grapheme boundaries outside those entities too, so an
 * emoji sequence (ZWJ family, flag, skin tone, keycap) or a URL is never
 * cut unless it alone is longer than a post. Whitespace at the cuts is
 * trimmed, as is whitespace at the ends of each part.
 *
 * Numbering appends " N/TOTAL" to every part when there is more than one.
 * The room it takes depends on how many digits TOTAL has, so the cutting
 * reserves room for a TOTAL of one digit, then two, … until the parts
 * found fit the number of digits reserved.
 */

enum
{
  LEVEL_CODE_POINT,
  LEVEL_GRAPHEME,
  LEVEL_GRAPHEME_OUTSIDE,
  LEVEL_WORD,
  LEVEL_SENTENCE,
};

typedef struct
{
  const char *text;
  int         n;        /* code points */
  gsize      *byte;     /* byte offset of each code point, and of the end */
  gunichar   *cp;
  guint8     *level;    /* the best kind of cut allowed before each code point */
} Segment;

static void
segment_clear (Segment *seg)
{
  g_clear_pointer (&seg->byte, g_free);
  g_clear_pointer (&seg->cp, g_free);
  g_clear_pointer (&seg->level, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Segment, segment_clear)

static gboolean
is_word_char (gunichar c)
{
  return c == '_' || g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Mentions, hashtags and cashtags, the shapes twitter-text gives them:
 * @name ([A-Za-z0-9_]), #tag (letters, marks, digits, _), $TICKER (1–6
 * letters, optionally .XX or _XX). Marks every position inside one. */
static void
mark_tags (const gunichar *cp,
           int             n,
           gboolean       *inside)
{
  for (int i = 0; i < n; i++)
    {
      gunichar c = cp[i];
      gunichar before = i > 0 ? cp[i - 1] : ' ';
      int end = i + 1;

      if ((c == '@' || c == 0xFF20) && !is_word_char (before))
        while (end < n && cp[end] < 128 && is_word_char (cp[end]))
          end++;
      else if ((c == '#' || c == 0xFF03) && !is_word_char (before) && before != '&')
        while (end < n && (is_word_char (cp[end]) || cp[end] == 0x200C || cp[end] == 0x200D))
          end++;
      else if (c == '$' && (g_unichar_isspace (before) || i == 0))
        {
          while (end < n && end - i <= 6 && cp[end] < 128 && g_ascii_isalpha (cp[end]))
            end++;
          if (end + 1 < n && (cp[end] == '.' || cp[end] == '_') &&
              cp[end + 1] < 128 && g_ascii_isalpha (cp[end + 1]))
            {
              end++;
              while (end < n && end - i <= 10 && cp[end] < 128 && g_ascii_isalpha (cp[end]))
                end++;
            }
        }
      for (int k = i + 1; k < end; k++)
        inside[k] = TRUE;
      i = end - 1;
    }
}

/* Marks each ICU boundary of @type with at least @level. */
static void
mark_breaks (UBreakIteratorType  type,
             const UChar        *utf16,
             int32_t             units,
             const int          *u16_to_cp,
             const gboolean     *allowed,
             guint8              level,
             guint8             *levels)
{
  UErrorCode error = U_ZERO_ERROR;
  UBreakIterator *it = ubrk_open (type, "", utf16, units, &error);

  if (U_FAILURE (error))
    {
      g_warning ("ICU break iterator: %s", u_errorName (error));
      return;
    }
  for (int32_t b = ubrk_first (it); b != UBRK_DONE; b = ubrk_next (it))
    {
      int p = u16_to_cp[b];

      if (p >= 0 && allowed[p] && levels[p] < level)
        levels[p] = level;
    }
  ubrk_close (it);
}

static void
segment_init (Segment    *seg,
              const char *text)
{
  g_autofree UChar *utf16 = NULL;
  g_autofree int *u16_to_cp = NULL;
  g_autofree gboolean *inside = NULL;
  g_autofree gboolean *grapheme = NULL;
  g_autofree gboolean *word_ok = NULL;
  g_autoptr(GArray) urls = NULL;
  int32_t units = 0;
  gsize length;
  int i = 0;

  memset (seg, 0, sizeof *seg);
  seg->text = text;
  length = (gsize) g_utf8_strlen (text, -1);
  /* Posts are short; a text of 2^31 characters is not one. */
  g_return_if_fail (length < G_MAXINT);
  seg->n = (int) length;
  seg->byte = g_new (gsize, length + 1);
  seg->cp = g_new (gunichar, length + 1);
  seg->level = g_new0 (guint8, length + 1);
  for (const char *p = text; *p; p = g_utf8_next_char (p), i++)
    {
      seg->byte[i] = (gsize) (p - text);
      seg->cp[i] = g_utf8_get_char (p);
      units += seg->cp[i] > 0xFFFF ? 2 : 1;
    }
  seg->byte[seg->n] = strlen (text);
  seg->cp[seg->n] = 0;

  utf16 = g_new (UChar, units + 1);
  u16_to_cp = g_new (int, units + 1);
  units = 0;
  for (i = 0; i < seg->n; i++)
    {
      u16_to_cp[units] = i;
      if (seg->cp[i] > 0xFFFF)
        {
          utf16[units++] = (UChar) (0xD7C0 + (seg->cp[i] >> 10));
          u16_to_cp[units] = -1;
          utf16[units++] = (UChar) (0xDC00 | (seg->cp[i] & 0x3FF));
        }
      else
        utf16[units++] = (UChar) seg->cp[i];
    }
  u16_to_cp[units] = seg->n;

  /* Inside a URL (as the parse finds them) or a tag. */
  inside = g_new0 (gboolean, seg->n + 1);
  urls = tern_text_url_spans (text);
  for (guint u = 0; u < urls->len; u++)
    {
      TernTextSpan *span = &g_array_index (urls, TernTextSpan, u);

      for (int k = MAX (span->start + 1, 0); k < span->end && k <= seg->n; k++)
        inside[k] = TRUE;
    }
  mark_tags (seg->cp, seg->n, inside);

  grapheme = g_new0 (gboolean, seg->n + 1);
  word_ok = g_new0 (gboolean, seg->n + 1);
  for (i = 0; i <= seg->n; i++)
    grapheme[i] = TRUE;
  mark_breaks (UBRK_CHARACTER, utf16, units, u16_to_cp, grapheme, LEVEL_GRAPHEME, seg->level);
  for (i = 0; i <= seg->n; i++)
    {
      grapheme[i] = seg->level[i] >= LEVEL_GRAPHEME;
      word_ok[i] = grapheme[i] && !inside[i];
      if (word_ok[i])
        seg->level[i] = LEVEL_GRAPHEME_OUTSIDE;
    }
  mark_breaks (UBRK_LINE, utf16, units, u16_to_cp, word_ok, LEVEL_WORD, seg->level);
  mark_breaks (UBRK_SENTENCE, utf16, units, u16_to_cp, word_ok, LEVEL_SENTENCE, seg->level);
  seg->level[0] = LEVEL_SENTENCE;
  seg->level[seg->n] = LEVEL_SENTENCE;
}

/* The part from code point @start to @end with the whitespace at its ends
 * trimmed, and @suffix after it. */
static char *
segment_part (Segment    *seg,
              int         start,
              int         end,
              const char *suffix)
{
  while (start < end && g_unichar_isspace (seg->cp[start]))
    start++;
  while (end > start && g_unichar_isspace (seg->cp[end - 1]))
    end--;
  if (start == end)
    return NULL;
  return g_strdup_printf ("%.*s%s", (int) (seg->byte[end] - seg->byte[start]),
                          seg->text + seg->byte[start], suffix);
}

/* Whether X would take the part by its length (characters X refuses make
 * a part invalid wherever it is cut: the caller's check says so). */
static gboolean
part_fits (const char *part,
           int        *weighted_length)
{
  TernTextParse parse;

  tern_text_parse (part, &parse);
  if (weighted_length)
    *weighted_length = parse.weighted_length;
  return parse.weighted_length > 0 && parse.weighted_length <= TERN_TEXT_MAX_WEIGHTED_LENGTH;
}

/* Where the part starting at @start ends. */
static int
choose_cut (Segment    *seg,
            int         start,
            const char *suffix)
{
  g_autofree char *rest = segment_part (seg, start, seg->n, suffix);
  TernTextParse parse;
  int overflow;
  int bound;

  if (part_fits (rest, NULL))
    return seg->n;

  /* Nothing from the first character past the limit on fits, apart from
   * whitespace, which the trimming drops. */
  tern_text_parse_with_overflow (seg->text + seg->byte[start], &parse, &overflow);
  bound = overflow < 0 ? seg->n : MIN (start + overflow, seg->n);
  while (bound < seg->n && g_unichar_isspace (seg->cp[bound]))
    bound++;

  for (int level = LEVEL_SENTENCE; level >= LEVEL_CODE_POINT; level--)
    for (int c = bound; c > start; c--)
      {
        g_autofree char *part = NULL;
        int weighted_length;

        if (seg->level[c] < level)
          continue;
        part = segment_part (seg, start, c, suffix);
        if (part == NULL || !part_fits (part, &weighted_length))
          continue;
        /* A sentence end far back leaves a short post: a word boundary
         * further on is better then. */
        if (level == LEVEL_SENTENCE && weighted_length < TERN_TEXT_MAX_WEIGHTED_LENGTH / 2)
          break;
        return c;
      }

  /* Not even one character fits beside the number: it goes alone. */
  return MIN (start + 1, seg->n);
}

static char *
reserve_suffix (guint index,
                guint digits)
{
  g_autofree char *nines = NULL;

  if (digits == 0)
    return g_strdup ("");
  nines = g_strnfill (digits, '9');
  return g_strdup_printf (" %u/%s", index, nines);
}

/* The parts of every segment, numbered with room for a total of @digits
 * digits; NULL when there are more parts than that many digits count. */
static GPtrArray *
split_segments (char  **segments,
                guint   digits)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint most = 1;

  for (guint d = 0; d < digits; d++)
    most *= 10;

  for (guint i = 0; segments[i] != NULL; i++)
    {
      g_auto(Segment) seg;
      int start = 0;

      segment_init (&seg, segments[i]);
      while (start < seg.n)
        {
          g_autofree char *suffix = NULL;
          char *part;
          int end;

          while (start < seg.n && g_unichar_isspace (seg.cp[start]))
            start++;
          if (start == seg.n)
            break;
          if (digits > 0 && parts->len + 1 >= most)
            return NULL;
          suffix = reserve_suffix (parts->len + 1, digits);
          end = choose_cut (&seg, start, suffix);
          part = segment_part (&seg, start, end, "");
          if (part != NULL)
            g_ptr_array_add (parts, part);
          start = end;
        }
    }
  return g_steal_pointer (&parts);
}

/**
 * tern_text_split_at_breaks:
 * @text: UTF-8 text
 *
 * Splits @text at the lines that hold only `---` (a line may end in
 * "\r\n"), each piece with the ASCII whitespace at its ends removed. Empty
 * pieces stay, so that the caller can say so.
 *
 * Returns: (transfer full): the pieces, at least one
 */
char **
tern_text_split_at_breaks (const char *text)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) posts = g_ptr_array_new ();
  g_autoptr(GString) current = g_string_new (NULL);
  gboolean first_line = TRUE;

  g_return_val_if_fail (text != NULL, NULL);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup (lines[i]);

      if (g_str_has_suffix (line, "\r"))
        line[strlen (line) - 1] = '\0';
      if (strcmp (line, "---") == 0)
        {
          g_ptr_array_add (posts, g_strstrip (g_string_free (g_steal_pointer (&current), FALSE)));
          current = g_string_new (NULL);
          first_line = TRUE;
          continue;
        }
      if (!first_line)
        g_string_append_c (current, '\n');
      g_string_append (current, line);
      first_line = FALSE;
    }
  g_ptr_array_add (posts, g_strstrip (g_string_free (g_steal_pointer (&current), FALSE)));
  g_ptr_array_add (posts, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&posts), FALSE);
}

/**
 * tern_text_split:
 * @text: UTF-8 text
 * @flags: whether to number the parts
 *
 * Splits @text into posts that X accepts: at `---` lines, then where a
 * stretch is longer than a post, at a sentence end where one fits, else at
 * a word boundary, never inside a URL, mention, hashtag, cashtag or emoji
 * sequence unless that alone is longer than a post. Whitespace at the cuts
 * is trimmed; empty parts are left out.
 *
 * Every part fits X's limit as tern_text_parse() counts it, including the
 * " N/TOTAL" that %TERN_TEXT_SPLIT_NUMBER appends when there is more than
 * one part. A part can still be invalid for characters X refuses
 * (U+FFFE, U+FEFF, U+FFFF): cutting cannot mend those.
 *
 * A text that is already one valid post comes back as it is, trimmed.
 *
 * Returns: (transfer full): the parts (none for a blank text)
 */
char **
tern_text_split (const char         *text,
                 TernTextSplitFlags  flags)
{
  g_auto(GStrv) segments = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  guint digits = 0;

  g_return_val_if_fail (text != NULL, NULL);

  segments = tern_text_split_at_breaks (text);
  if (flags & TERN_TEXT_SPLIT_NUMBER)
    {
      g_autoptr(GPtrArray) plain = split_segments (segments, 0);

      /* One post needs no number. */
      if (plain->len <= 1)
        parts = g_steal_pointer (&plain);
      else
        digits = 1;
    }

  while (parts == NULL)
    parts = split_segments (segments, digits++);

  if ((flags & TERN_TEXT_SPLIT_NUMBER) && parts->len > 1)
    for (guint i = 0; i < parts->len; i++)
      {
        char *numbered = g_strdup_printf ("%s %u/%u", (char *) parts->pdata[i], i + 1, parts->len);

        g_free (parts->pdata[i]);
        parts->pdata[i] = numbered;
      }

  g_ptr_array_add (parts, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&parts), FALSE);
}
