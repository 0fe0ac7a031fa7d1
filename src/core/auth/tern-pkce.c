/* tern-pkce.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-pkce"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "tern-pkce.h"

#define RANDOM_OCTETS 32

/* The operating system's random source, never GRand: the verifier and the
 * state are what stand between an attacker on the machine and the account. */
static gboolean
fill_random (guint8  *buffer,
             gsize    length,
             GError **error)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("The system could not provide random numbers for sign-in (%s). Try again."),
                       g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }

  return TRUE;
}

/**
 * tern_base64url_encode:
 *
 * Base64url (RFC 4648 §5) without padding, as RFC 7636 uses it.
 *
 * Returns: (transfer full): the encoded text
 */
char *
tern_base64url_encode (const guint8 *data,
                       gsize         length)
{
  char *text = g_base64_encode (data, length);
  char *out = text;

  for (char *p = text; *p; p++)
    {
      if (*p == '=')
        break;
      *out++ = *p == '+' ? '-' : *p == '/' ? '_' : *p;
    }
  *out = '\0';

  return text;
}

static char *
new_random_string (GError **error)
{
  guint8 octets[RANDOM_OCTETS];
  char *text;

  if (!fill_random (octets, sizeof octets, error))
    return NULL;

  text = tern_base64url_encode (octets, sizeof octets);
  explicit_bzero (octets, sizeof octets);
  return text;
}

/**
 * tern_pkce_new_verifier:
 *
 * Returns: (transfer full) (nullable): a code verifier of 43 characters from
 *   the unreserved alphabet of RFC 7636
 */
char *
tern_pkce_new_verifier (GError **error)
{
  return new_random_string (error);
}

/**
 * tern_pkce_new_state:
 *
 * Returns: (transfer full) (nullable): an unguessable OAuth state value
 */
char *
tern_pkce_new_state (GError **error)
{
  return new_random_string (error);
}

/**
 * tern_pkce_challenge:
 *
 * Returns: (transfer full): the S256 challenge, base64url (SHA-256 (verifier))
 */
char *
tern_pkce_challenge (const char *verifier)
{
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_return_val_if_fail (verifier != NULL, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &digest_len);

  return tern_base64url_encode (digest, digest_len);
}

/**
 * tern_pkce_equal:
 *
 * Compares two secrets in time that depends only on their lengths, so a
 * callback cannot learn the state one character at a time.
 *
 * Returns: %TRUE if both are non-%NULL and equal
 */
gboolean
tern_pkce_equal (const char *a,
                 const char *b)
{
  gsize len_a, len_b;
  guint8 diff = 0;

  if (a == NULL || b == NULL)
    return FALSE;

  len_a = strlen (a);
  len_b = strlen (b);
  if (len_a != len_b)
    return FALSE;

  for (gsize i = 0; i < len_a; i++)
    diff |= (guint8) a[i] ^ (guint8) b[i];

  return diff == 0;
}
