/* tern-test-helpers.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Helpers every test program may use: GLib and GIO only, so a test of
 * core links them without GStreamer or GTK. Declared in
 * tern-test-fixtures.h. */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include "tern-test-fixtures.h"

static void
remove_file_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFile *child;

      while (g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) && child != NULL)
        remove_file_tree (child);
    }
  g_file_delete (file, NULL, NULL);
}

/**
 * tern_test_remove_tree:
 * @path: a file or directory
 *
 * Deletes @path and, for a directory, everything in it. Symbolic links
 * are removed, never followed.
 */
void
tern_test_remove_tree (const char *path)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (path != NULL);

  file = g_file_new_for_path (path);
  remove_file_tree (file);
}

/**
 * tern_test_wait_until_idle:
 *
 * Runs the default main context until nothing is ready to dispatch.
 */
void
tern_test_wait_until_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A loopback port nobody listens on, for a redirect URI that must be known
 * before the server that listens on it starts. Port 0 would hand out a port
 * from the ephemeral range, which the kernel may give to one of the many
 * outgoing connections a test makes before the listener binds it ("already
 * in use"): so pick below that range, where no outgoing connection lands. */
guint
tern_test_free_port (void)
{
  g_autofree char *range = NULL;
  guint low = 32768;

  if (g_file_get_contents ("/proc/sys/net/ipv4/ip_local_port_range", &range, NULL, NULL))
    low = (guint) g_ascii_strtoull (range, NULL, 10);
  g_assert_cmpuint (low, >, 12000);

  for (guint tries = 0; tries < 1000; tries++)
    {
      guint port = (guint) g_random_int_range (10000, (gint32) low);
      g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL);
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

      if (g_socket_bind (socket, address, FALSE, NULL))
        return port;
    }
  g_assert_not_reached ();
}

static void
process_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

/**
 * tern_test_wait_for_process:
 * @process: a started process
 *
 * Waits for @process to end, running the main loop meanwhile.
 */
void
tern_test_wait_for_process (GSubprocess *process)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (process, NULL, process_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, out, NULL, &error))
    g_error ("%s", error->message);
  if (*out == NULL)
    *out = g_strdup ("");
}

/**
 * tern_test_run:
 * @first: the program, then its arguments, then %NULL
 *
 * Runs a helper program (xdotool, say) without blocking the main loop,
 * failing the test when it fails.
 *
 * Returns: (transfer full): its standard output
 */
static char *
run_argv (GPtrArray *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &out);
  while (out == NULL)
    g_main_context_iteration (NULL, TRUE);
  tern_test_wait_for_process (process);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("%s failed", (const char *) argv->pdata[0]);
  return out;
}

char *
tern_test_run (const char *first,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  return run_argv (argv);
}

/**
 * tern_test_xdotool:
 * @first: xdotool's first argument, then the others, then %NULL
 *
 * Real key presses or pointer moves through xdotool, with the main loop
 * running while they arrive; fails the test when xdotool fails.
 */
void
tern_test_xdotool (const char *first,
                   ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_free (run_argv (argv));
}

/**
 * tern_test_die_with_parent:
 *
 * A #GSubprocessLauncher child setup: a failed assertion ends the test
 * at once, and the program it started must not outlive it.
 */
void
tern_test_die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}
