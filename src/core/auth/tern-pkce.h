/* tern-pkce.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* RFC 7636: 32 random octets, base64url without padding, give 43 characters. */
#define TERN_PKCE_VERIFIER_LENGTH 43

char     *tern_pkce_new_verifier (GError     **error);
char     *tern_pkce_new_state    (GError     **error);
char     *tern_pkce_challenge    (const char  *verifier);
gboolean  tern_pkce_equal        (const char  *a,
                                  const char  *b);
char     *tern_base64url_encode  (const guint8 *data,
                                  gsize         length);

G_END_DECLS
