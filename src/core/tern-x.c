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
