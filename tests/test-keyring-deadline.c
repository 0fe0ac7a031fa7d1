/* test-keyring-deadline.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A keyring that never answers: on a private session bus of its own, a
 * Secret Service (tests/hostile-keyring.py) that hands out a password
 * prompt which never completes, as a locked keyring does when its prompt
 * cannot show. Reading, saving and removing a sign-in each end with an
 * error that says so, instead of waiting for ever (a `tern post`, a
 * sign-in, a token refresh). The deadline is shortened for the test.
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "core/auth/tern-oauth-error.h"
#include "core/auth/tern-token-store.h"

#define BASE "http://127.0.0.1:1"

typedef struct
{
  gboolean    done;
  TernTokens *tokens;
  gboolean    ok;
  GError     *error;
} Wait;

static void
load_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  wait->tokens = tern_token_store_load_finish (result, &wait->error);
  wait->done = TRUE;
}

static void
save_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  wait->ok = tern_token_store_save_finish (result, &wait->error);
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
wait_for (Wait *wait)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
assert_deadline_error (Wait *wait)
{
  g_assert_error (wait->error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_KEYRING);
  g_test_message ("%s", wait->error->message);
  g_assert_nonnull (strstr (wait->error->message, "The keyring did not answer within 2 seconds"));
  g_assert_nonnull (strstr (wait->error->message, "unlock it"));
  g_clear_error (&wait->error);
}

static void
test_load (void)
{
  Wait wait = { 0 };

  tern_token_store_load_async (BASE, "client", "1", NULL, load_cb, &wait);
  wait_for (&wait);
  g_assert_null (wait.tokens);
  assert_deadline_error (&wait);
}

static void
test_save (void)
{
  g_autoptr(TernTokens) tokens = tern_tokens_new ();
  Wait wait = { 0 };

  tokens->access_token = g_strdup ("access");
  tokens->refresh_token = g_strdup ("refresh");
  tern_token_store_save_async (BASE, "client", "1", "Tern", tokens, NULL, save_cb, &wait);
  wait_for (&wait);
  g_assert_false (wait.ok);
  assert_deadline_error (&wait);
}

static void
test_delete (void)
{
  Wait wait = { 0 };

  tern_token_store_delete_async (BASE, "client", "unlocked", NULL, delete_cb, &wait);
  wait_for (&wait);
  g_assert_false (wait.ok);
  assert_deadline_error (&wait);
}

/* Cancelled by the caller before the deadline: a cancellation, as any
 * other call gives. */
static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait wait = { 0 };

  tern_token_store_load_async (BASE, "client", "1", cancellable, load_cb, &wait);
  g_cancellable_cancel (cancellable);
  wait_for (&wait);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
}

static void
ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  char **line = user_data;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  if (*line == NULL)
    *line = g_strdup ("");
}

int
main (int argc, char *argv[])
{
  GTestDBus *bus;
  g_autoptr(GSubprocess) keyring = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *line = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("TERN_KEYRING_DEADLINE", "2", TRUE);

  /* A bus of its own: the session's real keyring stays out of it. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  script = g_test_build_filename (G_TEST_DIST, "hostile-keyring.py", NULL);
  keyring = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              "/usr/bin/python3", script, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (keyring));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, ready_cb, &line);
  while (line == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (line, ==, "ready");

  g_test_add_func ("/keyring-deadline/load", test_load);
  g_test_add_func ("/keyring-deadline/save", test_save);
  g_test_add_func ("/keyring-deadline/delete", test_delete);
  g_test_add_func ("/keyring-deadline/cancel", test_cancel);
  status = g_test_run ();

  g_subprocess_force_exit (keyring);
  g_subprocess_wait (keyring, NULL, NULL);
  /* Not g_test_dbus_down() (nor the last unref, which calls it): it
   * runs the main loop until the connection goes, and libsecret (0.20.5)
   * then ends the prompts it still waits on with a NULL error, a critical
   * of its own. The process ends here anyway. */
  g_test_dbus_stop (bus);
  return status;
}
