/* test-pkce.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "core/auth/tern-pkce.h"

static gboolean
is_unreserved_base64url (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* RFC 7636 §4.1: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~]; 32 random
 * octets in base64url give exactly 43, with no padding. */
static void
test_verifier_shape (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *verifier = tern_pkce_new_verifier (&error);

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (verifier), ==, TERN_PKCE_VERIFIER_LENGTH);
  g_assert_true (is_unreserved_base64url (verifier));
}

static void
test_two_runs_differ (void)
{
  g_autofree char *a = tern_pkce_new_verifier (NULL);
  g_autofree char *b = tern_pkce_new_verifier (NULL);
  g_autofree char *s1 = tern_pkce_new_state (NULL);
  g_autofree char *s2 = tern_pkce_new_state (NULL);

  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (s1, !=, s2);
  g_assert_cmpstr (a, !=, s1);
}

/* Over many verifiers every base64url symbol turns up: the source is not
 * stuck on a small alphabet. */
static void
test_alphabet_is_used (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (int i = 0; i < 400; i++)
    {
      g_autofree char *verifier = tern_pkce_new_verifier (NULL);

      /* The last character carries only 4 random bits of 6. */
      for (int j = 0; j < TERN_PKCE_VERIFIER_LENGTH - 1; j++)
        g_hash_table_add (seen, GINT_TO_POINTER ((int) verifier[j]));
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, 64);
}

static void
test_state_shape (void)
{
  g_autofree char *state = tern_pkce_new_state (NULL);

  g_assert_cmpuint (strlen (state), >=, 43);
  g_assert_true (is_unreserved_base64url (state));
}

/* RFC 7636 Appendix B. */
static void
test_challenge_rfc_example (void)
{
  g_autofree char *challenge = tern_pkce_challenge ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

static void
test_challenge_shape (void)
{
  g_autofree char *verifier = tern_pkce_new_verifier (NULL);
  g_autofree char *challenge = tern_pkce_challenge (verifier);

  g_assert_cmpuint (strlen (challenge), ==, 43);
  g_assert_true (is_unreserved_base64url (challenge));
}

static void
test_equal (void)
{
  g_assert_true (tern_pkce_equal ("abc", "abc"));
  g_assert_false (tern_pkce_equal ("abc", "abd"));
  g_assert_false (tern_pkce_equal ("abc", "abcd"));
  g_assert_false (tern_pkce_equal ("abc", NULL));
  g_assert_false (tern_pkce_equal (NULL, NULL));
  g_assert_false (tern_pkce_equal ("", "x"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pkce/verifier-shape", test_verifier_shape);
  g_test_add_func ("/pkce/two-runs-differ", test_two_runs_differ);
  g_test_add_func ("/pkce/alphabet-is-used", test_alphabet_is_used);
  g_test_add_func ("/pkce/state-shape", test_state_shape);
  g_test_add_func ("/pkce/challenge-rfc-example", test_challenge_rfc_example);
  g_test_add_func ("/pkce/challenge-shape", test_challenge_shape);
  g_test_add_func ("/pkce/equal", test_equal);

  return g_test_run ();
}
