/* test-token-store.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tokens in the real gnome-keyring that build-aux/run-tests.sh starts, and
 * account metadata beside it in accounts.json.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>
#include <sys/stat.h>

#include "core/auth/tern-account-manager.h"
#include "core/auth/tern-oauth-error.h"
#include "core/auth/tern-token-store.h"

#define BASE "http://127.0.0.1:1"

typedef struct
{
  gboolean      done;
  gboolean      ok;
  TernTokens   *tokens;
  char         *token;
  GError       *error;
} Wait;

static void
wait_for (Wait *wait)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_clear (Wait *wait)
{
  g_clear_pointer (&wait->tokens, tern_tokens_free);
  g_clear_pointer (&wait->token, g_free);
  g_clear_error (&wait->error);
  wait->done = FALSE;
  wait->ok = FALSE;
}

static void
save_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;
  wait->ok = tern_token_store_save_finish (result, &wait->error);
  wait->done = TRUE;
}

static void
load_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;
  wait->tokens = tern_token_store_load_finish (result, &wait->error);
  wait->done = TRUE;
}

static void
delete_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;
  wait->ok = tern_token_store_delete_finish (result, &wait->error);
  wait->done = TRUE;
}

static void
token_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;
  wait->token = tern_token_source_get_token_finish (TERN_TOKEN_SOURCE (source), result, &wait->error);
  wait->done = TRUE;
}

static void
remove_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;
  wait->ok = tern_account_manager_remove_finish (TERN_ACCOUNT_MANAGER (source), result, &wait->error);
  wait->done = TRUE;
}

static TernTokens *
sample_tokens (const char *tag)
{
  TernTokens *tokens = tern_tokens_new ();

  tokens->access_token = g_strdup_printf ("access-%s-%d", tag, g_test_rand_int ());
  tokens->refresh_token = g_strdup_printf ("refresh-%s-%d", tag, g_test_rand_int ());
  tokens->expires_at = g_get_real_time () / G_USEC_PER_SEC + 7200;
  tokens->scope = g_strdup ("tweet.read tweet.write users.read media.write offline.access");
  return tokens;
}

static void
save (const char *user_id, const TernTokens *tokens)
{
  Wait wait = { 0 };

  tern_token_store_save_async (BASE, "client", user_id, "Tern test", tokens, NULL, save_cb, &wait);
  wait_for (&wait);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
}

static void
test_round_trip (void)
{
  g_autoptr(TernTokens) tokens = sample_tokens ("round");
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  Wait wait = { 0 };

  tokens->client_secret = g_strdup ("the-client-secret");
  save ("1001", tokens);

  tern_token_store_load_async (BASE, "client", "1001", NULL, load_cb, &wait);
  wait_for (&wait);
  g_assert_no_error (wait.error);
  g_assert_cmpstr (wait.tokens->access_token, ==, tokens->access_token);
  g_assert_cmpstr (wait.tokens->refresh_token, ==, tokens->refresh_token);
  g_assert_cmpint (wait.tokens->expires_at, ==, tokens->expires_at);
  g_assert_cmpstr (wait.tokens->scope, ==, tokens->scope);
  g_assert_cmpstr (wait.tokens->client_secret, ==, "the-client-secret");
  wait_clear (&wait);

  /* The item is found by the schema's three attributes, as other tools
   * (secret-tool, Seahorse) would find it. */
  secret = secret_password_lookup_sync (tern_token_store_get_schema (), NULL, &error,
                                        "api-base", BASE, "client-id", "client", "user-id", "1001",
                                        NULL);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (secret, tokens->refresh_token));

  /* Another client id is another item. */
  tern_token_store_load_async (BASE, "other-client", "1001", NULL, load_cb, &wait);
  wait_for (&wait);
  g_assert_error (wait.error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_NEEDS_SIGN_IN);
  wait_clear (&wait);

  tern_token_store_delete_async (BASE, "client", "1001", NULL, delete_cb, &wait);
  wait_for (&wait);
  g_assert_no_error (wait.error);
  wait_clear (&wait);

  tern_token_store_load_async (BASE, "client", "1001", NULL, load_cb, &wait);
  wait_for (&wait);
  g_assert_error (wait.error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_NEEDS_SIGN_IN);
  wait_clear (&wait);
}

static void
test_save_replaces (void)
{
  g_autoptr(TernTokens) first = sample_tokens ("first");
  g_autoptr(TernTokens) second = sample_tokens ("second");
  Wait wait = { 0 };

  save ("1002", first);
  save ("1002", second);
  tern_token_store_load_async (BASE, "client", "1002", NULL, load_cb, &wait);
  wait_for (&wait);
  g_assert_cmpstr (wait.tokens->refresh_token, ==, second->refresh_token);
  wait_clear (&wait);
}

/* No Secret Service at all: a clear error, nothing crashes. Runs in a
 * child whose session bus address leads nowhere. */
static void
test_keyring_unavailable (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(TernTokens) tokens = sample_tokens ("nobus");
      Wait wait = { 0 };

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/tern-test-bus", TRUE);
      tern_token_store_save_async (BASE, "client", "1003", NULL, tokens, NULL, save_cb, &wait);
      wait_for (&wait);
      g_assert_error (wait.error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_KEYRING);
      g_assert_nonnull (strstr (wait.error->message, "keyring"));
      g_assert_null (strstr (wait.error->message, tokens->access_token));
      g_print ("%s\n", wait.error->message);
      wait_clear (&wait);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*could not save the sign-in in the keyring*");
}

static char *
accounts_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "tern", "accounts-test.json", NULL);
}

static void
test_manager_round_trip (void)
{
  g_autofree char *path = accounts_path ();
  g_autoptr(TernAccountManager) manager = tern_account_manager_new (path);
  g_autoptr(TernAccountManager) again = tern_account_manager_new (path);
  g_autoptr(TernAccount) alice = tern_account_new (BASE, "client", "2001", "alice", "Alice A", "http://127.0.0.1:1/a.png");
  g_autoptr(TernAccount) bob = tern_account_new (BASE, "client", "2002", "Bob", "Bob B", NULL);
  g_autoptr(TernTokens) tokens = sample_tokens ("manager");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  TernAccount *found;
  GStatBuf st;

  g_unlink (path);
  tokens->client_secret = g_strdup ("secret-not-in-file");
  tern_account_set_tokens (alice, tokens);
  g_assert_nonnull (tern_account_manager_add (manager, alice, &error));
  g_assert_nonnull (tern_account_manager_add (manager, bob, &error));
  g_assert_no_error (error);
  g_assert_true (tern_account_manager_get_active (manager) == bob);
  tern_account_manager_set_active (manager, alice);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, tokens->access_token));
  g_assert_null (strstr (contents, tokens->refresh_token));
  g_assert_null (strstr (contents, "secret-not-in-file"));
  g_assert_nonnull (strstr (contents, "\"has_client_secret\" : true"));

  g_assert_true (tern_account_manager_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  found = tern_account_manager_get_active (again);
  g_assert_cmpstr (tern_account_get_username (found), ==, "alice");
  g_assert_cmpstr (tern_account_get_name (found), ==, "Alice A");
  g_assert_cmpstr (tern_account_get_avatar_url (found), ==, "http://127.0.0.1:1/a.png");
  g_assert_cmpstr (tern_account_get_api_base (found), ==, BASE);
  g_assert_cmpstr (tern_account_get_client_id (found), ==, "client");
  g_assert_true (tern_account_get_has_client_secret (found));

  g_assert_true (tern_account_manager_find (again, "@alice") == found);
  g_assert_true (tern_account_manager_find (again, "ALICE") == found);
  g_assert_true (tern_account_manager_find (again, "2001") == found);
  g_assert_cmpstr (tern_account_get_id (tern_account_manager_find (again, "@bob")), ==, "2002");
  g_assert_null (tern_account_manager_find (again, "@carol"));
  g_assert_null (tern_account_manager_find (again, "200"));
}

static void
test_manager_damaged_file (void)
{
  g_autofree char *path = accounts_path ();
  g_autoptr(TernAccountManager) manager = tern_account_manager_new (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, "{\"accounts\": [", -1, NULL));
  g_assert_false (tern_account_manager_load (manager, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "{\"accounts\": [");
  g_unlink (path);
}

/* An account listed but with nothing in the keyring must sign in again,
 * and remembers that across restarts. */
static void
test_account_without_keyring_item (void)
{
  g_autofree char *path = accounts_path ();
  g_autoptr(TernAccountManager) manager = tern_account_manager_new (path);
  g_autoptr(TernAccountManager) again = tern_account_manager_new (path);
  g_autoptr(TernAccount) carol = tern_account_new (BASE, "client", "2003", "carol", "Carol", NULL);
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  g_unlink (path);
  tern_account_manager_add (manager, carol, &error);
  g_assert_no_error (error);

  tern_token_source_get_token_async (TERN_TOKEN_SOURCE (carol), NULL, NULL, token_cb, &wait);
  wait_for (&wait);
  g_assert_error (wait.error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_NEEDS_SIGN_IN);
  g_assert_nonnull (strstr (wait.error->message, "@carol"));
  g_assert_true (tern_account_get_needs_sign_in (carol));
  wait_clear (&wait);

  g_assert_true (tern_account_manager_load (again, &error));
  g_assert_true (tern_account_get_needs_sign_in (tern_account_manager_find (again, "carol")));
}

/* A token from the keyring is handed out as it is while it is valid. */
static void
test_account_loads_token (void)
{
  g_autoptr(TernAccount) dave = tern_account_new (BASE, "client", "2004", "dave", "Dave", NULL);
  g_autoptr(TernTokens) tokens = sample_tokens ("dave");
  Wait wait = { 0 };

  save ("2004", tokens);
  tern_token_source_get_token_async (TERN_TOKEN_SOURCE (dave), NULL, NULL, token_cb, &wait);
  wait_for (&wait);
  g_assert_no_error (wait.error);
  g_assert_cmpstr (wait.token, ==, tokens->access_token);
  wait_clear (&wait);
}

/* Removing an account that X no longer accepts: nothing to revoke, the
 * keyring item and the metadata go. */
static void
test_remove_signed_out_account (void)
{
  g_autofree char *path = accounts_path ();
  g_autoptr(TernAccountManager) manager = tern_account_manager_new (path);
  g_autoptr(TernAccountManager) again = tern_account_manager_new (path);
  g_autoptr(TernAccount) erin = tern_account_new (BASE, "client", "2005", "erin", "Erin", NULL);
  g_autoptr(TernTokens) tokens = sample_tokens ("erin");
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  g_unlink (path);
  save ("2005", tokens);
  tern_account_manager_add (manager, erin, &error);
  tern_account_set_needs_sign_in (erin, TRUE);

  tern_account_manager_remove_async (manager, erin, NULL, remove_cb, &wait);
  wait_for (&wait);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  wait_clear (&wait);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);
  g_assert_null (tern_account_manager_get_active (manager));

  tern_token_store_load_async (BASE, "client", "2005", NULL, load_cb, &wait);
  wait_for (&wait);
  g_assert_error (wait.error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_NEEDS_SIGN_IN);
  wait_clear (&wait);

  g_assert_true (tern_account_manager_load (again, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/token-store/round-trip", test_round_trip);
  g_test_add_func ("/token-store/save-replaces", test_save_replaces);
  g_test_add_func ("/token-store/keyring-unavailable", test_keyring_unavailable);
  g_test_add_func ("/account-manager/round-trip", test_manager_round_trip);
  g_test_add_func ("/account-manager/damaged-file", test_manager_damaged_file);
  g_test_add_func ("/account-manager/remove-signed-out", test_remove_signed_out_account);
  g_test_add_func ("/account/without-keyring-item", test_account_without_keyring_item);
  g_test_add_func ("/account/loads-token", test_account_loads_token);

  return g_test_run ();
}
