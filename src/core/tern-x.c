/* tern-x.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-x"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tern-x.h"

#define X_WEB_BASE "https://x.com"

G_DEFINE_QUARK (tern-x-error-quark, tern_x_error)

static gsize
base_length (const char *api_base)
{
  gsize len = strlen (api_base);

  while (len > 0 && api_base[len - 1] == '/')
    len--;
  return len;
}

/**
 * tern_x_is_official_api_base:
 * @api_base: (nullable): an API base address
 *
 * Whether @api_base is X's own API (`https://api.x.com`, or the older
 * `https://api.twitter.com`), trailing slashes aside, rather than a
 * simulator or sandbox. %NULL means the default, X.
 *
 * Returns: whether @api_base is X's API
 */
gboolean
tern_x_is_official_api_base (const char *api_base)
{
  gsize len;

  if (api_base == NULL)
    return TRUE;

  len = base_length (api_base);
  return (len == strlen (TERN_X_API_BASE) && strncmp (api_base, TERN_X_API_BASE, len) == 0) ||
         (len == strlen ("https://api.twitter.com") &&
          strncmp (api_base, "https://api.twitter.com", len) == 0);
}

/**
 * tern_x_post_url:
 * @api_base: (nullable): the API the post went to
 * @username: (nullable): the author's username
 * @id: (nullable): the post's id
 *
 * The address of a created post on the web: `https://x.com/USER/status/ID`
 * for X, and the same path under @api_base for any other API (the
 * simulator and the sandbox serve it). Without a username, `i/web` stands
 * in for it; X redirects that to the post whoever wrote it.
 *
 * Returns: (transfer full) (nullable): the address, or %NULL without an id
 */
char *
tern_x_post_url (const char *api_base,
                 const char *username,
                 const char *id)
{
  if (id == NULL || *id == '\0')
    return NULL;
  if (username == NULL || *username == '\0')
    username = "i/web";

  if (tern_x_is_official_api_base (api_base))
    return g_strdup_printf (X_WEB_BASE "/%s/status/%s", username, id);
  return g_strdup_printf ("%.*s/%s/status/%s",
                          (int) base_length (api_base), api_base, username, id);
}

/**
 * tern_x_mix_kind:
 * @kind: an attachment's kind, from its content
 * @mime_type: (nullable): its sniffed MIME type
 *
 * The kind X counts an attachment as in the mix rule. A GIF, even a still
 * one, goes up through INIT as `tweet_gif` (X's spec lists GIF among
 * INIT's media types and not among the one-shot upload's), and X lets a
 * GIF stand only alone: for the mix rule it is a GIF.
 *
 * Returns: the kind to give tern_x_check_media_mix()
 */
TernAttachmentKind
tern_x_mix_kind (TernAttachmentKind  kind,
                 const char         *mime_type)
{
  if (kind == TERN_ATTACHMENT_KIND_IMAGE && g_strcmp0 (mime_type, "image/gif") == 0)
    return TERN_ATTACHMENT_KIND_GIF;
  return kind;
}

/**
 * tern_x_check_media_mix:
 * @kinds: (array length=n_kinds): the kinds of one post's attachments
 * @n_kinds: the length of @kinds
 * @error: return location for a %TERN_X_ERROR
 *
 * X's mix rule for one post: up to 4 images, or 1 animated GIF, or 1
 * video, never together. Kinds not known are not counted: whoever has one
 * reports it on its own.
 *
 * Returns: whether X accepts these attachments in one post
 */
gboolean
tern_x_check_media_mix (const TernAttachmentKind *kinds,
                        guint                     n_kinds,
                        GError                  **error)
{
  guint images = 0, videos = 0;

  g_return_val_if_fail (kinds != NULL || n_kinds == 0, FALSE);

  for (guint i = 0; i < n_kinds; i++)
    {
      if (kinds[i] == TERN_ATTACHMENT_KIND_IMAGE)
        images++;
      else if (kinds[i] == TERN_ATTACHMENT_KIND_GIF || kinds[i] == TERN_ATTACHMENT_KIND_VIDEO)
        videos++;
    }

  if (videos > 0 && images > 0)
    {
      g_set_error_literal (error, TERN_X_ERROR, TERN_X_ERROR_IMAGES_WITH_VIDEO,
                           _("X does not take images together with a video or a GIF: a post has up to 4 images, or 1 GIF, or 1 video. Put the others in another post of the thread."));
      return FALSE;
    }
  if (videos > 1)
    {
      g_set_error_literal (error, TERN_X_ERROR, TERN_X_ERROR_TOO_MANY_VIDEOS,
                           _("A video or an animated GIF must be alone in its post: a post has up to 4 images, or 1 GIF, or 1 video. Put the others in another post of the thread."));
      return FALSE;
    }
  if (images > TERN_X_MAX_IMAGES)
    {
      g_set_error (error, TERN_X_ERROR, TERN_X_ERROR_TOO_MANY_IMAGES,
                   _("A post can have at most 4 images, or 1 GIF, or 1 video; this one has %u images. Put the others in another post of the thread."),
                   images);
      return FALSE;
    }

  return TRUE;
}

/* Replies, quotes, polls, who can reply, subtitles */

/* X's ids are decimal strings of up to 19 digits. */
#define MAX_ID_DIGITS 19

static const char * const reply_settings[] = {
  "following", "mentionedUsers", "verified", "subscribers", NULL
};

/* Post addresses */

/**
 * tern_x_post_id_is_valid:
 * @id: (nullable): a post id
 *
 * Returns: whether @id has the shape of X's post ids (1 to 19 digits)
 */
gboolean
tern_x_post_id_is_valid (const char *id)
{
  gsize n = 0;

  if (id == NULL || *id == '\0')
    return FALSE;
  for (const char *p = id; *p; p++, n++)
    if (!g_ascii_isdigit (*p) || n >= MAX_ID_DIGITS)
      return FALSE;
  return TRUE;
}

static gboolean
host_is_x (const char *host)
{
  static const char * const hosts[] = {
    "x.com", "www.x.com", "mobile.x.com",
    "twitter.com", "www.twitter.com", "mobile.twitter.com", NULL
  };

  return host != NULL && g_strv_contains (hosts, host);
}

/* Another API (the simulator, the sandbox) shows its posts under its own
 * base address: accept that host too. */
static gboolean
host_is_api_base (GUri       *uri,
                  const char *api_base)
{
  g_autoptr(GUri) base = NULL;

  if (api_base == NULL)
    return FALSE;
  base = g_uri_parse (api_base, G_URI_FLAGS_NONE, NULL);
  if (base == NULL || g_uri_get_host (base) == NULL)
    return FALSE;
  return g_ascii_strcasecmp (g_uri_get_host (base), g_uri_get_host (uri)) == 0 &&
         g_uri_get_port (base) == g_uri_get_port (uri);
}

static gboolean
username_is_plausible (const char *name)
{
  gsize n = strlen (name);

  if (n == 0 || n > 50)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static void
set_not_an_address (GError     **error,
                    const char  *text)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not the address of a post. Paste an address like https://x.com/USER/status/1234567890, or the post’s number."),
               text);
}

/**
 * tern_x_parse_post_address:
 * @text: what a person pasted: `https://x.com/USER/status/ID` (or
 *   twitter.com, with or without `www.`, `mobile.`, a query or a fragment,
 *   with or without the scheme), or the bare id
 * @api_base: (nullable): the account's API base, whose host also shows
 *   posts (the simulator's sandbox page)
 * @id: (out) (optional): the post's id
 * @username: (out) (optional) (nullable): the author's username when the
 *   address names one
 * @error: return location for a %G_IO_ERROR_INVALID_ARGUMENT
 *
 * Returns: whether @text names a post
 */
gboolean
tern_x_parse_post_address (const char  *text,
                           const char  *api_base,
                           char       **id,
                           char       **username,
                           GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  g_auto(GStrv) segments = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  const char *user = NULL, *found = NULL;
  g_autofree char *host = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  if (tern_x_post_id_is_valid (trimmed))
    {
      if (id != NULL)
        *id = g_strdup (trimmed);
      if (username != NULL)
        *username = NULL;
      return TRUE;
    }

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No post was given. Paste an address like https://x.com/USER/status/1234567890, or the post’s number."));
      return FALSE;
    }

  if (strstr (trimmed, "://") == NULL)
    with_scheme = g_strconcat ("https://", trimmed, NULL);
  else
    with_scheme = g_strdup (trimmed);

  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      set_not_an_address (error, trimmed);
      return FALSE;
    }

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  /* A word, not an address. */
  if (strchr (host, '.') == NULL && strchr (host, ':') == NULL &&
      !host_is_api_base (uri, api_base))
    {
      set_not_an_address (error, trimmed);
      return FALSE;
    }
  if (!host_is_x (host) && !host_is_api_base (uri, api_base))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is an address on %s, not on X. Paste the address of a post on x.com."),
                   trimmed, host);
      return FALSE;
    }

  /* USER/status/ID, i/web/status/ID, i/status/ID; anything after the id
   * (/photo/1, /video/1, /analytics) is fine. */
  segments = g_strsplit (g_uri_get_path (uri), "/", -1);
  parts = g_ptr_array_new ();
  for (guint i = 0; segments[i] != NULL; i++)
    if (*segments[i] != '\0')
      g_ptr_array_add (parts, segments[i]);

  for (guint i = 0; i + 1 < parts->len; i++)
    {
      const char *segment = g_ptr_array_index (parts, i);

      if (g_strcmp0 (segment, "status") == 0 || g_strcmp0 (segment, "statuses") == 0)
        {
          found = g_ptr_array_index (parts, i + 1);
          if (i == 1 && g_strcmp0 (g_ptr_array_index (parts, 0), "i") != 0)
            user = g_ptr_array_index (parts, 0);
          else if (!(i == 1 || (i == 2 && g_strcmp0 (g_ptr_array_index (parts, 0), "i") == 0 &&
                                 g_strcmp0 (g_ptr_array_index (parts, 1), "web") == 0)))
            found = NULL;
          break;
        }
    }

  if (found == NULL || !tern_x_post_id_is_valid (found) ||
      (user != NULL && !username_is_plausible (user)))
    {
      set_not_an_address (error, trimmed);
      return FALSE;
    }

  if (id != NULL)
    *id = g_strdup (found);
  if (username != NULL)
    *username = g_strdup (user);
  return TRUE;
}

/* Polls */

/**
 * tern_x_check_combination:
 * @quotes: whether the post quotes another (only a thread's first post can)
 * @poll: whether the post is a poll
 * @n_media: how many media the post carries
 * @error: return location for a %TERN_X_ERROR
 *
 * X refuses a poll in a post that quotes another or that carries media,
 * and media in a post that quotes another. The window turns Post off with
 * this message as soon as a post combines them; TernPost refuses them
 * before sending.
 *
 * Returns: whether X accepts the combination
 */
gboolean
tern_x_check_combination (gboolean   quotes,
                          gboolean   poll,
                          guint      n_media,
                          GError   **error)
{
  if (poll && quotes)
    {
      g_set_error_literal (error, TERN_X_ERROR, TERN_X_ERROR_POLL_WITH_QUOTE,
                           _("X does not allow a poll in a post that quotes another. Remove the quote or the poll."));
      return FALSE;
    }
  if (poll && n_media > 0)
    {
      g_set_error_literal (error, TERN_X_ERROR, TERN_X_ERROR_POLL_WITH_MEDIA,
                           _("X does not allow a poll in a post with media. Move the media to another post of the thread, or remove the poll."));
      return FALSE;
    }
  if (quotes && n_media > 0)
    {
      g_set_error_literal (error, TERN_X_ERROR, TERN_X_ERROR_MEDIA_WITH_QUOTE,
                           _("X does not allow media in a post that quotes another. Move the media to the next post of the thread, or remove the quote."));
      return FALSE;
    }
  return TRUE;
}

/**
 * tern_x_check_poll:
 * @options: the poll's options
 * @duration_minutes: how long it runs
 * @error: return location for a %G_IO_ERROR_INVALID_ARGUMENT
 *
 * X's rules: 2 to 4 options, each 1 to 25 characters, 5 minutes to 7 days.
 *
 * Returns: whether X accepts the poll
 */
gboolean
tern_x_check_poll (const char * const  *options,
                   guint                duration_minutes,
                   GError             **error)
{
  guint n = options != NULL ? g_strv_length ((char **) options) : 0;

  if (n < TERN_X_POLL_MIN_OPTIONS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The poll has %u option; X needs at least %d. Add another choice.",
                                "The poll has %u options; X needs at least %d. Add another choice.",
                                n),
                   n, TERN_X_POLL_MIN_OPTIONS);
      return FALSE;
    }
  if (n > TERN_X_POLL_MAX_OPTIONS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The poll has %u options; X accepts at most %d. Remove %u."),
                   n, TERN_X_POLL_MAX_OPTIONS, n - TERN_X_POLL_MAX_OPTIONS);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *stripped = NULL;
      g_autofree char *nfc = NULL;
      glong chars;

      if (!g_utf8_validate (options[i], -1, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Poll choice %u is not valid UTF-8. Retype it."), i + 1);
          return FALSE;
        }
      stripped = g_strstrip (g_strdup (options[i]));
      if (*stripped == '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Poll choice %u is empty. Write it, or remove it."), i + 1);
          return FALSE;
        }
      /* Sent without the spaces around it. */
      nfc = g_utf8_normalize (stripped, -1, G_NORMALIZE_NFC);
      chars = g_utf8_strlen (nfc != NULL ? nfc : stripped, -1);
      if (chars > TERN_X_POLL_OPTION_MAX_CHARS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Poll choice %u (“%s”) is %ld characters long; X accepts at most %d. Shorten it by %ld."),
                       i + 1, stripped, chars, TERN_X_POLL_OPTION_MAX_CHARS,
                       chars - TERN_X_POLL_OPTION_MAX_CHARS);
          return FALSE;
        }
    }

  if (duration_minutes < TERN_X_POLL_MIN_MINUTES || duration_minutes > TERN_X_POLL_MAX_MINUTES)
    {
      g_autofree char *have = tern_x_format_poll_duration (duration_minutes);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The poll runs for %s; X accepts 5 minutes to 7 days. Choose a duration in that range."),
                   have);
      return FALSE;
    }

  return TRUE;
}

/**
 * tern_x_parse_poll_duration:
 * @text: a duration such as `30m`, `6h`, `1d`, `1d12h`, or plain minutes
 * @minutes: (out): the duration in minutes
 * @error: return location for a %G_IO_ERROR_INVALID_ARGUMENT
 *
 * Only the form is checked here; tern_x_check_poll() checks the range.
 *
 * Returns: whether @text is a duration
 */
gboolean
tern_x_parse_poll_duration (const char  *text,
                            guint       *minutes,
                            GError     **error)
{
  guint64 total = 0;
  const char *p = text;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (minutes != NULL, FALSE);

  if (*p == '\0')
    goto bad;

  while (*p != '\0')
    {
      guint64 value = 0;
      guint64 unit;

      if (!g_ascii_isdigit (*p))
        goto bad;
      while (g_ascii_isdigit (*p))
        {
          value = value * 10 + (guint64) (*p - '0');
          if (value > 1000000)
            goto bad;
          p++;
        }
      switch (*p)
        {
        case 'm':
          unit = 1;
          p++;
          break;
        case 'h':
          unit = 60;
          p++;
          break;
        case 'd':
          unit = 24 * 60;
          p++;
          break;
        case '\0':
          if (p == text || total != 0)
            goto bad;
          unit = 1;
          break;
        default:
          goto bad;
        }
      total += value * unit;
      if (total > G_MAXUINT / 2)
        goto bad;
    }

  *minutes = (guint) total;
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a duration. Write it like 30m, 6h or 1d (5 minutes to 7 days)."),
               text);
  return FALSE;
}

/**
 * tern_x_format_poll_duration:
 *
 * Returns: (transfer full): @minutes for people: “1 day 6 hours”
 */
char *
tern_x_format_poll_duration (guint minutes)
{
  GString *s = g_string_new (NULL);
  guint days = minutes / (24 * 60);
  guint hours = (minutes / 60) % 24;
  guint rest = minutes % 60;

  if (days > 0)
    g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", days), days);
  if (hours > 0)
    {
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", hours), hours);
    }
  if (rest > 0 || s->len == 0)
    {
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", rest), rest);
    }
  return g_string_free (s, FALSE);
}

/* Who can reply */

/**
 * tern_x_reply_settings_values:
 *
 * Returns: (transfer none): the values of `reply_settings` X accepts;
 *   leaving the field out means everyone can reply
 */
const char * const *
tern_x_reply_settings_values (void)
{
  return reply_settings;
}

/**
 * tern_x_reply_settings_is_valid:
 * @value: (nullable): a `reply_settings` value, or %NULL for everyone
 */
gboolean
tern_x_reply_settings_is_valid (const char *value)
{
  return value == NULL || g_strv_contains (reply_settings, value);
}

/**
 * tern_x_reply_settings_describe:
 * @value: (nullable): a `reply_settings` value, or %NULL for everyone
 *
 * Returns: (nullable): who can reply, for people, or %NULL for a value X
 *   does not know
 */
const char *
tern_x_reply_settings_describe (const char *value)
{
  if (value == NULL)
    return _("Everyone can reply");
  if (g_str_equal (value, "following"))
    return _("Accounts you follow can reply");
  if (g_str_equal (value, "mentionedUsers"))
    return _("Only accounts you mention can reply");
  if (g_str_equal (value, "verified"))
    return _("Verified accounts can reply");
  if (g_str_equal (value, "subscribers"))
    return _("Your subscribers can reply");
  return NULL;
}

/* Subtitles */

static char *
format_ms (gint64 ms)
{
  gint64 s = ms / 1000;

  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) ((s / 60) % 60), (int) (s % 60));
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", s / 60, (int) (s % 60));
}

/* [hh:]mm:ss(.|,)ttt; SRT writes a comma, WebVTT a full stop. */
static gboolean
parse_timestamp (const char **pp,
                 gint64      *ms)
{
  const char *p = *pp;
  gint64 fields[3] = { 0 };
  guint n_fields = 0;
  gint64 millis = 0;
  guint digits;

  while (*p == ' ' || *p == '\t')
    p++;
  for (;;)
    {
      gint64 value = 0;

      digits = 0;
      while (g_ascii_isdigit (*p) && digits < 9)
        {
          value = value * 10 + (*p - '0');
          p++;
          digits++;
        }
      if (digits == 0 || n_fields == 3)
        return FALSE;
      fields[n_fields++] = value;
      if (*p != ':')
        break;
      p++;
    }
  if (n_fields < 2 || (*p != '.' && *p != ','))
    return FALSE;
  p++;
  digits = 0;
  while (g_ascii_isdigit (*p) && digits < 3)
    {
      millis = millis * 10 + (*p - '0');
      p++;
      digits++;
    }
  if (digits != 3)
    return FALSE;

  if (n_fields == 2)
    {
      fields[2] = fields[1];
      fields[1] = fields[0];
      fields[0] = 0;
    }
  if (fields[1] > 59 || fields[2] > 59)
    return FALSE;
  *ms = ((fields[0] * 60 + fields[1]) * 60 + fields[2]) * 1000 + millis;
  *pp = p;
  return TRUE;
}

static gboolean
line_is_number (const char *line)
{
  if (*line == '\0')
    return FALSE;
  for (const char *p = line; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/**
 * tern_x_parse_subtitles:
 * @data: the file's bytes
 * @length: their length
 * @format: (out) (optional): SRT or WebVTT
 * @n_cues: (out) (optional): how many cues it has
 * @end_ms: (out) (optional): when its last cue ends
 * @error: return location for a %G_IO_ERROR_INVALID_DATA
 *
 * Reads an SRT or WebVTT file as far as X needs it to be right: text,
 * at least one cue, every cue timing well formed and ending after it
 * starts.
 *
 * Returns: whether @data is subtitles X can take
 */
gboolean
tern_x_parse_subtitles (const char           *data,
                        gsize                 length,
                        TernSubtitlesFormat  *format,
                        guint                *n_cues,
                        gint64               *end_ms,
                        GError              **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  TernSubtitlesFormat found;
  guint cues = 0, first = 0;
  gint64 last_end = 0;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (length > TERN_X_SUBTITLES_MAX_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The subtitle file is larger than the 5 MB X accepts. Split it or remove unused cues."));
      return FALSE;
    }
  if (memchr (data, '\0', length) != NULL || !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The subtitle file is not UTF-8 text. Save it as UTF-8 SRT or WebVTT."));
      return FALSE;
    }

  text = g_strndup (data, length);
  if (g_str_has_prefix (text, "\xef\xbb\xbf"))
    memmove (text, text + 3, strlen (text + 3) + 1);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_strchomp (lines[i]);

  if (lines[0] != NULL && g_str_has_prefix (lines[0], "WEBVTT") &&
      (lines[0][6] == '\0' || lines[0][6] == ' ' || lines[0][6] == '\t'))
    {
      found = TERN_SUBTITLES_FORMAT_VTT;
      first = 1;
    }
  else
    {
      guint i = 0;

      while (lines[i] != NULL && *lines[i] == '\0')
        i++;
      if (lines[i] == NULL || !line_is_number (lines[i]) ||
          lines[i + 1] == NULL || strstr (lines[i + 1], "-->") == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The subtitle file is neither SRT nor WebVTT. X takes .srt files (numbered cues with times like 00:00:01,000 --> 00:00:02,500) or .vtt files starting with WEBVTT."));
          return FALSE;
        }
      found = TERN_SUBTITLES_FORMAT_SRT;
      first = i;
    }

  for (guint i = first; lines[i] != NULL; i++)
    {
      const char *arrow = strstr (lines[i], "-->");
      const char *p = lines[i];
      gint64 start, end;

      if (arrow == NULL)
        continue;
      if (!parse_timestamp (&p, &start) || (p = strstr (p, "-->")) != arrow ||
          (p += 3, !parse_timestamp (&p, &end)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Line %u of the subtitle file has a cue time Tern cannot read (“%s”). Write times like 00:01:02%s500."),
                       i + 1, lines[i], found == TERN_SUBTITLES_FORMAT_SRT ? "," : ".");
          return FALSE;
        }
      if (end <= start)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Line %u of the subtitle file has a cue that ends before it starts. Fix its times."),
                       i + 1);
          return FALSE;
        }
      cues++;
      last_end = MAX (last_end, end);
    }

  if (cues == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The subtitle file has no cues. Add at least one timed line."));
      return FALSE;
    }

  if (format != NULL)
    *format = found;
  if (n_cues != NULL)
    *n_cues = cues;
  if (end_ms != NULL)
    *end_ms = last_end;
  return TRUE;
}

/**
 * tern_x_subtitles_mime_type:
 *
 * Returns: the `media_type` X takes for @format at upload
 */
const char *
tern_x_subtitles_mime_type (TernSubtitlesFormat format)
{
  return format == TERN_SUBTITLES_FORMAT_VTT ? "text/vtt" : "text/srt";
}

/**
 * tern_x_check_subtitles_fit:
 * @end_ms: when the subtitles' last cue ends
 * @video_ms: how long the video is
 * @error: return location for a %G_IO_ERROR_INVALID_ARGUMENT
 *
 * Returns: whether the subtitles fit the video
 */
gboolean
tern_x_check_subtitles_fit (gint64   end_ms,
                            gint64   video_ms,
                            GError **error)
{
  if (video_ms > 0 && end_ms > video_ms + TERN_X_SUBTITLES_SLACK_MS)
    {
      g_autofree char *subs = format_ms (end_ms);
      g_autofree char *video = format_ms (video_ms);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The subtitles run until %s but the video is only %s long. Check that they belong to this video."),
                   subs, video);
      return FALSE;
    }
  return TRUE;
}

/**
 * tern_x_language_code_is_valid:
 * @code: (nullable): a BCP 47 language code such as `en` or `pt-BR`
 */
gboolean
tern_x_language_code_is_valid (const char *code)
{
  g_auto(GStrv) parts = NULL;
  gsize n;

  if (code == NULL || *code == '\0' || strlen (code) > 35)
    return FALSE;
  parts = g_strsplit (code, "-", -1);
  n = strlen (parts[0]);
  if (n < 2 || n > 3)
    return FALSE;
  for (const char *p = parts[0]; *p; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;
  for (guint i = 1; parts[i] != NULL; i++)
    {
      n = strlen (parts[i]);
      if (n < 2 || n > 8)
        return FALSE;
      for (const char *p = parts[i]; *p; p++)
        if (!g_ascii_isalnum (*p))
          return FALSE;
    }
  return TRUE;
}
