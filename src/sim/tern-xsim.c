/* tern-xsim.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-xsim"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "tern-sim.h"

/* tern-xsim: the simulator as a program, for benchmarks and for pointing
 * other clients at it. Its first line of output is the URL it listens on. */

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *host = NULL;
  g_autofree char *config = NULL;
  int port = 0;
  gboolean version = FALSE;
  gboolean verbose = FALSE;
  GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host,
      N_("Address to listen on (default 127.0.0.1; loopback only unless you say otherwise)"), N_("ADDRESS") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("Port to listen on (default 0: any free port)"), N_("PORT") },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config,
      N_("JSON file with clients, users, knobs and the fault plan"), N_("FILE") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Print each request on standard error (method, path, status, time; never a token)"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TernSim) sim = NULL;
  g_autoptr(GMainLoop) loop = NULL;

  /* Standard output carries the URL line and nothing else: scripts read
   * that line and may never read another, so logs go to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("A local X API for trying Tern and other clients without an X developer account."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr (_("tern-xsim: %s (see tern-xsim --help)\n"), error->message);
      return 2;
    }
  if (version)
    {
      g_print ("tern-xsim %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (verbose)
    {
      const char *domains = g_getenv ("G_MESSAGES_DEBUG");
      g_autofree char *value = domains && *domains ? g_strconcat (domains, " tern-sim", NULL)
                                                   : g_strdup ("tern-sim");

      g_setenv ("G_MESSAGES_DEBUG", value, TRUE);
    }
  if (port < 0 || port > 65535)
    {
      g_printerr (_("tern-xsim: the port must be from 0 to 65535.\n"));
      return 2;
    }

  if (config != NULL)
    sim = tern_sim_new_from_file (config, &error);
  else
    sim = tern_sim_new ();
  if (sim == NULL)
    {
      g_printerr ("tern-xsim: %s\n", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  if (!tern_sim_start_full (sim, host ? host : "127.0.0.1", port, g_main_context_default (), &error))
    {
      g_printerr (_("tern-xsim: could not listen: %s\n"), error->message);
      return 1;
    }

  g_print ("listening on %s\n", tern_sim_get_base_url (sim));
  fflush (stdout);

  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  tern_sim_stop (sim);
  return 0;
}
