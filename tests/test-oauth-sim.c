/* test-oauth-sim.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole sign-in and the token life after it, over real HTTP against the
 * simulator, with tokens in the harness's real gnome-keyring: public and
 * confidential clients, refresh before expiry and after a 401, many
 * requests across an expiry with exactly one refresh, a revoked grant, a
 * keyring that cannot be written, sign-out.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "core/net/tern-client.h"
#include "core/draft/tern-draft.h"
#include "core/draft/tern-draft-post.h"
#include "core/draft/tern-draft-store.h"
#include "core/auth/tern-oauth.h"
#include "core/auth/tern-token-endpoint.h"
#include "core/auth/tern-token-store.h"
#include "sim/tern-sim.h"
#include "tern-test-fixtures.h"

#define CLIENT_ID "tern-test-client"

typedef struct
{
  TernSim            *sim;
  char               *redirect_uri;
  char               *accounts_path;
  TernAccountManager *manager;
  TernAccount        *account;
  GError             *error;
  gboolean            done;
} Fixture;

static void
start_sim (Fixture    *f,
           const char *secret)
{
  g_autoptr(GError) error = NULL;

  f->redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/callback", tern_test_free_port ());
  f->sim = tern_sim_new_for_client (CLIENT_ID, secret, f->redirect_uri);
  g_assert_true (tern_sim_start (f->sim, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  start_sim (f, data);
  f->accounts_path = g_build_filename (g_get_user_config_dir (), "tern", "accounts-sim-test.json", NULL);
  g_unlink (f->accounts_path);
  f->manager = tern_account_manager_new (f->accounts_path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->account);
  g_clear_object (&f->manager);
  g_clear_error (&f->error);
  if (f->sim != NULL)
    tern_sim_stop (f->sim);
  g_clear_object (&f->sim);
  g_unlink (f->accounts_path);
  g_free (f->accounts_path);
  g_free (f->redirect_uri);
}

static void
wait_done (Fixture *f)
{
  while (!f->done)
    g_main_context_iteration (NULL, TRUE);
  f->done = FALSE;
}

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;

  f->account = tern_oauth_sign_in_finish (TERN_OAUTH (source), result, &f->error);
  f->done = TRUE;
}

static void
sign_in (Fixture    *f,
         const char *secret,
         gboolean    ephemeral)
{
  g_autoptr(TernOAuth) oauth = tern_oauth_new (f->manager, tern_sim_get_base_url (f->sim),
                                               CLIENT_ID, secret, f->redirect_uri);

  tern_oauth_set_ephemeral (oauth, ephemeral);
  tern_oauth_set_open_func (oauth, tern_oauth_open_in_process, NULL, NULL);
  tern_oauth_sign_in_async (oauth, NULL, sign_in_cb, f);
  wait_done (f);
}

static TernTokens *
keyring_tokens (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  secret = secret_password_lookup_sync (tern_token_store_get_schema (), NULL, &error,
                                        "api-base", tern_sim_get_base_url (f->sim),
                                        "client-id", CLIENT_ID,
                                        "user-id", tern_account_get_id (f->account),
                                        NULL);
  g_assert_no_error (error);
  if (secret == NULL)
    return NULL;
  return tern_tokens_new_from_json (secret, NULL);
}

typedef struct
{
  guint   pending;
  guint   ok;
  guint   failed;
  GError *last_error;
} Batch;

static void
request_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Batch *batch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = tern_client_send_finish (TERN_CLIENT (source), result, &error);

  if (data != NULL)
    batch->ok++;
  else
    {
      batch->failed++;
      g_clear_error (&batch->last_error);
      batch->last_error = g_steal_pointer (&error);
    }
  batch->pending--;
}

/* @n users/me requests at once, as uploads and posts would send them. */
static void
run_requests (Fixture *f,
              guint    n,
              Batch   *batch)
{
  g_autoptr(TernClient) client = tern_client_new (tern_sim_get_base_url (f->sim),
                                                  TERN_TOKEN_SOURCE (f->account));

  tern_client_set_max_retries (client, 0);
  batch->pending = n;
  for (guint i = 0; i < n; i++)
    tern_client_get_json_async (client, "/2/users/me", TERN_CLIENT_FLAGS_IDEMPOTENT, NULL,
                                request_cb, batch);
  while (batch->pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

static guint
count_token_requests_with_status (Fixture *f,
                                  guint    status,
                                  gboolean equal)
{
  g_autoptr(GPtrArray) requests = tern_sim_get_requests (f->sim);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      TernSimRequest *request = g_ptr_array_index (requests, i);

      if (g_strcmp0 (request->kind, TERN_SIM_KIND_TOKEN) == 0 &&
          ((request->status == status) == equal))
        n++;
    }
  return n;
}

static void
test_public_client (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TernTokens) stored = NULL;
  g_autoptr(TernAccountManager) reloaded = tern_account_manager_new (f->accounts_path);
  g_autoptr(GError) error = NULL;
  Batch batch = { 0 };

  sign_in (f, NULL, FALSE);
  g_assert_no_error (f->error);
  g_assert_nonnull (f->account);
  g_assert_cmpstr (tern_account_get_id (f->account), ==, TERN_SIM_DEFAULT_USER_ID);
  g_assert_cmpstr (tern_account_get_username (f->account), ==, TERN_SIM_DEFAULT_USERNAME);
  g_assert_cmpstr (tern_account_get_name (f->account), ==, TERN_SIM_DEFAULT_NAME);
  g_assert_true (tern_account_manager_get_active (f->manager) == f->account);

  /* In the keyring, with every scope Tern asks for. */
  stored = keyring_tokens (f);
  g_assert_nonnull (stored);
  g_assert_nonnull (stored->access_token);
  g_assert_nonnull (stored->refresh_token);
  g_assert_cmpint (stored->expires_at, >, g_get_real_time () / G_USEC_PER_SEC + 3600);
  g_assert_nonnull (strstr (stored->scope, "media.write"));
  g_assert_nonnull (strstr (stored->scope, "offline.access"));

  /* The account survives a restart: the list from the file, the token
   * from the keyring. */
  g_assert_true (tern_account_manager_load (reloaded, &error));
  g_clear_object (&f->account);
  f->account = g_object_ref (tern_account_manager_find (reloaded, "@" TERN_SIM_DEFAULT_USERNAME));
  run_requests (f, 1, &batch);
  g_assert_no_error (batch.last_error);
  g_assert_cmpuint (batch.ok, ==, 1);
  g_assert_cmpuint (tern_sim_get_refresh_count (f->sim), ==, 0);
}

static void
test_confidential_client (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(TernTokens) stored = NULL;

  sign_in (f, "wrong-secret", FALSE);
  g_assert_error (f->error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_INVALID_CLIENT);
  g_assert_null (f->account);
  g_clear_error (&f->error);

  sign_in (f, data, FALSE);
  g_assert_no_error (f->error);
  g_assert_true (tern_account_get_has_client_secret (f->account));
  stored = keyring_tokens (f);
  g_assert_cmpstr (stored->client_secret, ==, data);
}

/* A token about to expire is refreshed before it is handed out, and the
 * rotated refresh token is in the keyring by then. */
static void
test_refresh_before_expiry (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(TernTokens) stored = NULL;
  g_autoptr(TernTokens) after = NULL;
  Batch batch = { 0 };

  sign_in (f, NULL, FALSE);
  g_assert_no_error (f->error);
  stored = keyring_tokens (f);

  /* Thirty seconds left, as the account sees it. */
  stored->expires_at = g_get_real_time () / G_USEC_PER_SEC + 30;
  tern_account_set_tokens (f->account, stored);

  run_requests (f, 5, &batch);
  g_assert_no_error (batch.last_error);
  g_assert_cmpuint (batch.ok, ==, 5);
  g_assert_cmpuint (tern_sim_get_refresh_count (f->sim), ==, 1);

  after = keyring_tokens (f);
  g_assert_cmpstr (after->refresh_token, !=, stored->refresh_token);
  g_assert_cmpstr (after->access_token, !=, stored->access_token);
  g_assert_cmpint (after->expires_at, >, stored->expires_at);
}

/* Many requests in flight when X's clock passes the expiry: every one gets
 * a 401, asks for a refresh, and exactly one refresh reaches X; no refresh
 * token is ever refused; every request then succeeds. */
static void
test_concurrent_expiry (Fixture       *f,
                        gconstpointer  data)
{
  Batch batch = { 0 };

  sign_in (f, NULL, FALSE);
  g_assert_no_error (f->error);
  tern_sim_clear_requests (f->sim);

  tern_sim_advance_clock (f->sim, 7200 + 60);
  run_requests (f, 24, &batch);

  g_assert_no_error (batch.last_error);
  g_assert_cmpuint (batch.ok, ==, 24);
  g_assert_cmpuint (tern_sim_get_refresh_count (f->sim), ==, 1);
  g_assert_cmpuint (tern_sim_count_requests (f->sim, TERN_SIM_KIND_TOKEN), ==, 1);
  g_assert_cmpuint (count_token_requests_with_status (f, 200, FALSE), ==, 0);

  /* And again: a second expiry, a second single refresh. */
  batch = (Batch) { 0 };
  tern_sim_advance_clock (f->sim, 7200 + 60);
  run_requests (f, 24, &batch);
  g_assert_cmpuint (batch.ok, ==, 24);
  g_assert_cmpuint (tern_sim_get_refresh_count (f->sim), ==, 2);
  g_assert_cmpuint (count_token_requests_with_status (f, 200, FALSE), ==, 0);
}

/* X stops accepting the token early (revoked, clock skew): the 401 is
 * fixed by one refresh and the request goes through. */
static void
test_401_fixed_by_refresh (Fixture       *f,
                           gconstpointer  data)
{
  Batch batch = { 0 };

  sign_in (f, NULL, FALSE);
  g_assert_no_error (f->error);

  tern_sim_expire_access_tokens (f->sim);
  run_requests (f, 1, &batch);
  g_assert_no_error (batch.last_error);
  g_assert_cmpuint (batch.ok, ==, 1);
  g_assert_cmpuint (tern_sim_get_refresh_count (f->sim), ==, 1);
}

static void
revoke_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;

  tern_token_endpoint_revoke_finish (result, &f->error);
  f->done = TRUE;
}

static void
draft_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Fixture *f = user_data;

  tern_draft_store_save_finish (TERN_DRAFT_STORE (source), result, &f->error);
  f->done = TRUE;
}

/* X's token endpoint fails once (503) while the token has a few seconds
 * left: requests go on with the token that still works, nothing is lost,
 * and a later 401 refreshes normally. */
static void
test_refresh_blip (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TernTokens) stored = NULL;
  g_autoptr(GError) error = NULL;
  Batch batch = { 0 };

  sign_in (f, NULL, FALSE);
  g_assert_no_error (f->error);
  stored = keyring_tokens (f);
  stored->expires_at = g_get_real_time () / G_USEC_PER_SEC + 30;
  tern_account_set_tokens (f->account, stored);
  tern_sim_clear_requests (f->sim);

  g_assert_true (tern_sim_set_fault_plan_from_string (f->sim,
      "{\"faults\": [{\"kind\": \"token\", \"nth\": 1, \"action\": \"status\", \"status\": 503}]}",
      &error));
  g_assert_no_error (error);

  run_requests (f, 3, &batch);
  g_assert_no_error (batch.last_error);
  g_assert_cmpuint (batch.ok, ==, 3);
  g_assert_cmpuint (tern_sim_count_requests (f->sim, TERN_SIM_KIND_TOKEN), ==, 1);
  g_assert_cmpuint (tern_sim_get_refresh_count (f->sim), ==, 0);
  g_assert_false (tern_account_get_needs_sign_in (f->account));

  /* The token stops working: the 401 refreshes at once, blip or not. */
  tern_sim_expire_access_tokens (f->sim);
  batch = (Batch) { 0 };
  run_requests (f, 2, &batch);
  g_assert_no_error (batch.last_error);
  g_assert_cmpuint (batch.ok, ==, 2);
  g_assert_cmpuint (tern_sim_get_refresh_count (f->sim), ==, 1);
}

/* The grant is revoked at X (the person removed the app): the refresh is
 * refused, the account is marked as needing sign-in, across restarts, with
 * a message that says so, and the draft waiting to go is untouched. */
static void
test_revoked_grant (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TernTokens) stored = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(TernAccountManager) reloaded = tern_account_manager_new (f->accounts_path);
  g_autofree char *draft_dir = NULL;
  g_autoptr(GFile) directory = NULL;
  g_autoptr(GFile) draft_file = NULL;
  g_autoptr(TernDraftStore) drafts = NULL;
  g_autoptr(TernDraft) draft = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;
  Batch batch = { 0 };

  sign_in (f, NULL, FALSE);
  g_assert_no_error (f->error);
  stored = keyring_tokens (f);

  /* A draft waiting to go out from this account. */
  draft_dir = g_dir_make_tmp ("tern-drafts-XXXXXX", NULL);
  directory = g_file_new_for_path (draft_dir);
  drafts = tern_draft_store_new (directory);
  draft = tern_draft_new ();
  tern_draft_set_account (draft, tern_account_get_id (f->account));
  tern_draft_post_set_text (tern_draft_get_post (draft, 0), "Not posted yet");
  tern_draft_store_save_async (drafts, draft, NULL, draft_saved_cb, f);
  wait_done (f);
  g_assert_no_error (f->error);
  draft_file = tern_draft_store_get_file (drafts, draft);
  g_assert_true (g_file_load_contents (draft_file, NULL, &before, &before_len, NULL, NULL));

  tern_token_endpoint_revoke_async (session, tern_sim_get_base_url (f->sim), CLIENT_ID, NULL,
                                    stored->refresh_token, "refresh_token", NULL, revoke_cb, f);
  wait_done (f);
  g_assert_no_error (f->error);

  tern_sim_expire_access_tokens (f->sim);
  run_requests (f, 3, &batch);
  g_assert_cmpuint (batch.ok, ==, 0);
  g_assert_cmpuint (batch.failed, ==, 3);
  g_assert_error (batch.last_error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_NEEDS_SIGN_IN);
  g_assert_nonnull (strstr (batch.last_error->message, "@" TERN_SIM_DEFAULT_USERNAME " needs to sign in again"));
  g_assert_true (tern_account_get_needs_sign_in (f->account));
  g_assert_cmpuint (tern_sim_count_requests (f->sim, TERN_SIM_KIND_TOKEN), <=, 2);

  g_assert_true (tern_account_manager_load (reloaded, NULL));
  g_assert_true (tern_account_get_needs_sign_in (tern_account_manager_find (reloaded, TERN_SIM_DEFAULT_USER_ID)));

  /* The draft is exactly as it was. */
  g_assert_true (g_file_load_contents (draft_file, NULL, &after, &after_len, NULL, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_file_delete (draft_file, NULL, NULL);
  g_rmdir (draft_dir);
}

/* Two Terns at once (the window and `tern post`), each with its own copy of
 * the account: when one has refreshed, the other takes the rotated tokens
 * from the keyring instead of sending the spent refresh token, which could
 * make X end the grant for both. */
static void
test_two_processes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TernAccount) window_copy = NULL;
  g_autoptr(TernAccount) cli_copy = NULL;
  Batch batch = { 0 };

  sign_in (f, NULL, FALSE);
  g_assert_no_error (f->error);
  window_copy = g_steal_pointer (&f->account);
  cli_copy = tern_account_new (tern_sim_get_base_url (f->sim), CLIENT_ID,
                               tern_account_get_id (window_copy),
                               tern_account_get_username (window_copy), NULL, NULL);

  f->account = g_object_ref (cli_copy);
  run_requests (f, 1, &batch);
  g_assert_cmpuint (batch.ok, ==, 1);
  g_clear_object (&f->account);

  tern_sim_expire_access_tokens (f->sim);
  batch = (Batch) { 0 };
  f->account = g_object_ref (window_copy);
  run_requests (f, 2, &batch);
  g_assert_cmpuint (batch.ok, ==, 2);
  g_assert_cmpuint (tern_sim_get_refresh_count (f->sim), ==, 1);
  g_clear_object (&f->account);

  batch = (Batch) { 0 };
  f->account = g_object_ref (cli_copy);
  run_requests (f, 2, &batch);
  g_assert_no_error (batch.last_error);
  g_assert_cmpuint (batch.ok, ==, 2);
  g_assert_cmpuint (tern_sim_get_refresh_count (f->sim), ==, 1);
  g_assert_cmpuint (count_token_requests_with_status (f, 200, FALSE), ==, 0);
  g_assert_false (tern_account_get_needs_sign_in (cli_copy));
  g_assert_false (tern_account_get_needs_sign_in (window_copy));
}

static void
store_failed_cb (TernAccount  *account,
                 const GError *error,
                 gpointer      user_data)
{
  GError **out = user_data;

  g_clear_error (out);
  *out = g_error_copy (error);
}

static void
active_account_cb (GError            **out,
                   GParamSpec         *pspec,
                   TernAccountManager *manager)
{
  TernAccount *active = tern_account_manager_get_active (manager);

  if (active != NULL)
    g_signal_connect (active, "store-failed", G_CALLBACK (store_failed_cb), out);
}

/* The keyring cannot be written when the rotated token arrives: the person
 * is told, and the token is kept in memory so posting goes on. Runs in a
 * child with no Secret Service. */
static void
test_keyring_write_fails (Fixture       *f,
                          gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) store_error = NULL;
      Batch batch = { 0 };

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/tern-test-bus", TRUE);
      /* Signed in without the keyring, then treated as a keyring account. */
      sign_in (f, NULL, TRUE);
      g_assert_no_error (f->error);
      tern_account_set_ephemeral (f->account, FALSE);
      g_signal_connect (f->account, "store-failed", G_CALLBACK (store_failed_cb), &store_error);

      tern_sim_expire_access_tokens (f->sim);
      run_requests (f, 4, &batch);
      g_assert_error (store_error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_KEYRING);
      g_assert_cmpuint (batch.ok, ==, 4);
      g_assert_cmpuint (tern_sim_get_refresh_count (f->sim), ==, 1);
      g_assert_false (tern_account_get_needs_sign_in (f->account));

      /* Still in memory: the next expiry refreshes with the rotated token. */
      batch = (Batch) { 0 };
      tern_sim_expire_access_tokens (f->sim);
      run_requests (f, 2, &batch);
      g_assert_cmpuint (batch.ok, ==, 2);
      g_assert_cmpuint (tern_sim_get_refresh_count (f->sim), ==, 2);
      g_assert_cmpuint (count_token_requests_with_status (f, 200, FALSE), ==, 0);
      g_print ("%s\n", store_error->message);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*keyring*");
}

/* The keyring cannot be written at the first sign-in: the sign-in still
 * works for this run, and says that the token could not be stored. Runs in
 * a child with no Secret Service. */
static void
test_keyring_fails_at_sign_in (Fixture       *f,
                               gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) store_error = NULL;
      g_autoptr(TernOAuth) oauth = NULL;
      Batch batch = { 0 };

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/tern-test-bus", TRUE);
      oauth = tern_oauth_new (f->manager, tern_sim_get_base_url (f->sim), CLIENT_ID, NULL, f->redirect_uri);
      tern_oauth_set_open_func (oauth, tern_oauth_open_in_process, NULL, NULL);
      /* Whoever shows the active account hears of it. */
      g_signal_connect_swapped (f->manager, "notify::active-account",
                                G_CALLBACK (active_account_cb), &store_error);
      tern_oauth_sign_in_async (oauth, NULL, sign_in_cb, f);
      wait_done (f);

      g_assert_no_error (f->error);
      g_assert_nonnull (f->account);
      g_assert_false (tern_account_get_ephemeral (f->account));
      g_assert_true (tern_account_manager_get_active (f->manager) == f->account);
      g_assert_error (tern_oauth_get_store_error (oauth), TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_KEYRING);
      g_assert_error (store_error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_KEYRING);

      /* Usable for this run, refresh included. */
      run_requests (f, 2, &batch);
      g_assert_cmpuint (batch.ok, ==, 2);
      batch = (Batch) { 0 };
      tern_sim_expire_access_tokens (f->sim);
      run_requests (f, 2, &batch);
      g_assert_cmpuint (batch.ok, ==, 2);
      g_assert_cmpuint (tern_sim_get_refresh_count (f->sim), ==, 1);
      g_assert_false (tern_account_get_needs_sign_in (f->account));
      g_print ("%s\n", tern_oauth_get_store_error (oauth)->message);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*keyring*");
}

static void
remove_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;

  tern_account_manager_remove_finish (TERN_ACCOUNT_MANAGER (source), result, &f->error);
  f->done = TRUE;
}

/* Sign-out revokes at X first, then forgets locally. */
static void
test_logout (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TernTokens) stored = NULL;
  g_autoptr(TernAccountManager) reloaded = tern_account_manager_new (f->accounts_path);

  sign_in (f, NULL, FALSE);
  g_assert_no_error (f->error);
  tern_sim_clear_requests (f->sim);

  tern_account_manager_remove_async (f->manager, f->account, NULL, remove_cb, f);
  wait_done (f);
  g_assert_no_error (f->error);
  g_assert_cmpuint (tern_sim_count_requests (f->sim, TERN_SIM_KIND_REVOKE), >=, 1);
  g_assert_cmpuint (tern_sim_count_live_access_tokens (f->sim), ==, 0);

  stored = keyring_tokens (f);
  g_assert_null (stored);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->manager)), ==, 0);
  g_assert_true (tern_account_manager_load (reloaded, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 0);
}

static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0)
      g_string_append_printf (captured_log, "%s=%s\n", fields[i].key, (const char *) fields[i].value);
    else if (fields[i].value != NULL)
      {
        g_string_append_printf (captured_log, "%s=", fields[i].key);
        g_string_append_len (captured_log, fields[i].value, fields[i].length);
        g_string_append_c (captured_log, '\n');
      }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
collect_tokens (GPtrArray        *seen,
                const TernTokens *tokens)
{
  if (tokens == NULL)
    return;
  g_ptr_array_add (seen, g_strdup (tokens->access_token));
  g_ptr_array_add (seen, g_strdup (tokens->refresh_token));
}

static void
assert_no_token_in_tree (const char *path,
                         GPtrArray  *tokens)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          assert_no_token_in_tree (child, tokens);
          continue;
        }
      if (!g_file_get_contents (child, &contents, &length, NULL))
        continue;
      for (guint i = 0; i < tokens->len; i++)
        if (g_strstr_len (contents, length, g_ptr_array_index (tokens, i)) != NULL)
          g_error ("a token was written to %s", child);
    }
}

/* A sign-in, a refresh and a sign-out with every debug message on: no
 * token reaches the log, and none is written to any file under HOME or
 * the XDG folders (the keyring's own file is encrypted). */
static void
test_no_token_in_logs (Fixture       *f,
                       gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(TernTokens) first = NULL;
      g_autoptr(TernTokens) second = NULL;
      Batch batch = { 0 };
      const char *dirs[] = {
        g_get_home_dir (), g_get_user_config_dir (), g_get_user_data_dir (),
        g_get_user_cache_dir (), g_get_user_state_dir (),
      };

      captured_log = g_string_new (NULL);
      g_log_set_writer_func (capture_writer, NULL, NULL);
      g_log_set_debug_enabled (TRUE);

      sign_in (f, NULL, FALSE);
      g_assert_no_error (f->error);
      first = keyring_tokens (f);
      collect_tokens (tokens, first);

      tern_sim_expire_access_tokens (f->sim);
      run_requests (f, 2, &batch);
      g_assert_cmpuint (batch.ok, ==, 2);
      second = keyring_tokens (f);
      collect_tokens (tokens, second);
      g_assert_cmpstr (first->refresh_token, !=, second->refresh_token);

      tern_account_manager_remove_async (f->manager, f->account, NULL, remove_cb, f);
      wait_done (f);
      g_assert_no_error (f->error);

      /* The log did record the requests, by method, path and status. */
      g_assert_nonnull (strstr (captured_log->str, "/2/oauth2/token"));
      for (guint i = 0; i < tokens->len; i++)
        g_assert_null (strstr (captured_log->str, g_ptr_array_index (tokens, i)));
      for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
        assert_no_token_in_tree (dirs[i], tokens);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Signing in again as the same user updates the one account. */
static void
test_sign_in_again_replaces (Fixture       *f,
                             gconstpointer  data)
{
  TernAccount *first;

  sign_in (f, NULL, FALSE);
  g_assert_no_error (f->error);
  first = f->account;
  f->account = NULL;
  sign_in (f, NULL, FALSE);
  g_assert_no_error (f->error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->manager)), ==, 1);
  g_assert_true (tern_account_manager_get_active (f->manager) == f->account);
  g_object_unref (first);
}

/* A server that refuses every token (401 forever) and a token endpoint
 * that answers each refresh: with the same access token (@same), or with a
 * new one each time. Written here on loopback: the simulator never does
 * this. */
typedef struct
{
  SoupServer *server;
  char       *base;
  gboolean    same;
  guint       refreshes;
  guint       refusals;
} Refuser;

static void
refuser_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Refuser *r = user_data;
  g_autofree char *body = NULL;
  int status;

  if (g_str_equal (path, "/2/oauth2/token"))
    {
      r->refreshes++;
      status = 200;
      body = g_strdup_printf ("{\"token_type\": \"bearer\", \"expires_in\": 7200,"
                              " \"access_token\": \"%s\", \"refresh_token\": \"refresh-%u\","
                              " \"scope\": \"" TERN_SIM_ALL_SCOPES "\"}",
                              r->same ? "refused-access" : "", r->refreshes);
      if (!r->same)
        {
          g_free (body);
          body = g_strdup_printf ("{\"token_type\": \"bearer\", \"expires_in\": 7200,"
                                  " \"access_token\": \"access-%u\", \"refresh_token\": \"refresh-%u\","
                                  " \"scope\": \"" TERN_SIM_ALL_SCOPES "\"}",
                                  r->refreshes, r->refreshes);
        }
    }
  else
    {
      r->refusals++;
      status = 401;
      body = g_strdup ("{\"title\": \"Unauthorized\", \"type\": \"about:blank\", \"status\": 401,"
                       " \"detail\": \"Unauthorized\"}");
    }
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
refuser_start (Refuser *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *uri = NULL;

  r->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (r->server, NULL, refuser_cb, r, NULL);
  g_assert_true (soup_server_listen_local (r->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (r->server);
  uri = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  r->base = g_strndup (uri, strlen (uri) - (g_str_has_suffix (uri, "/") ? 1 : 0));
}

/* Item: 401 forever while refreshing gives the same token, or a fresh one
 * that is refused too. Requests keep coming (as a window's would): there
 * is one refresh, then "X no longer accepts this sign-in", and no more
 * refreshes (each would be a keyring write). */
static void
test_refused_forever (Fixture       *f,
                      gconstpointer  data)
{
  Refuser r = { 0 };
  g_autoptr(TernTokens) tokens = tern_tokens_new ();
  g_autoptr(TernClient) client = NULL;
  g_autoptr(TernAccount) account = NULL;
  guint needs_sign_in_errors = 0;

  r.same = g_str_equal (data, "same");
  refuser_start (&r);

  account = tern_account_new (r.base, CLIENT_ID, "4242", "refused", NULL, NULL);
  tokens->access_token = g_strdup ("refused-access");
  tokens->refresh_token = g_strdup ("refresh-0");
  tokens->expires_at = g_get_real_time () / G_USEC_PER_SEC + 7200;
  tern_account_set_tokens (account, tokens);
  client = tern_client_new (r.base, TERN_TOKEN_SOURCE (account));
  tern_client_set_max_retries (client, 0);

  for (guint i = 0; i < 20; i++)
    {
      Batch batch = { 0 };

      batch.pending = 1;
      tern_client_get_json_async (client, "/2/users/me", TERN_CLIENT_FLAGS_IDEMPOTENT, NULL,
                                  request_cb, &batch);
      while (batch.pending > 0)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (batch.ok, ==, 0);
      if (g_error_matches (batch.last_error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_NEEDS_SIGN_IN))
        {
          g_assert_nonnull (strstr (batch.last_error->message, "X no longer accepts this sign-in"));
          g_assert_nonnull (strstr (batch.last_error->message, "sign in again"));
          needs_sign_in_errors++;
        }
      g_clear_error (&batch.last_error);
    }

  g_assert_cmpuint (r.refreshes, ==, 1);
  g_assert_cmpuint (needs_sign_in_errors, ==, 20);
  g_assert_true (tern_account_get_needs_sign_in (account));
  /* Nothing is sent with a token X refused after the first request. */
  g_assert_cmpuint (r.refusals, ==, r.same ? 1 : 2);

  soup_server_disconnect (r.server);
  g_object_unref (r.server);
  g_free (r.base);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/oauth/sim/public-client", test_public_client, NULL);
  ADD ("/oauth/sim/confidential-client", test_confidential_client, "the-client-secret");
  ADD ("/oauth/sim/refresh-before-expiry", test_refresh_before_expiry, NULL);
  ADD ("/oauth/sim/concurrent-expiry", test_concurrent_expiry, NULL);
  ADD ("/oauth/sim/401-fixed-by-refresh", test_401_fixed_by_refresh, NULL);
  ADD ("/oauth/sim/refresh-blip", test_refresh_blip, NULL);
  ADD ("/oauth/sim/revoked-grant", test_revoked_grant, NULL);
  ADD ("/oauth/sim/two-processes", test_two_processes, NULL);
  ADD ("/oauth/sim/keyring-write-fails", test_keyring_write_fails, NULL);
  ADD ("/oauth/sim/keyring-fails-at-sign-in", test_keyring_fails_at_sign_in, NULL);
  ADD ("/oauth/sim/logout", test_logout, NULL);
  ADD ("/oauth/sim/sign-in-again-replaces", test_sign_in_again_replaces, NULL);
  ADD ("/oauth/sim/no-token-in-logs", test_no_token_in_logs, NULL);
  ADD ("/oauth/refused-forever/same-token", test_refused_forever, "same");
  ADD ("/oauth/refused-forever/new-token", test_refused_forever, "new");

  return g_test_run ();
}
