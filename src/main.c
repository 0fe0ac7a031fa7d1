/* main.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cli/tern-cli.h"
#include "ui/tern-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* Uninstalled (tests, build-aux/run-tern.sh) the translations are in
   * the build directory, not under LOCALEDIR. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TERN_LOCALEDIR") ? g_getenv ("TERN_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* A subcommand runs without a display; anything else is the GUI. */
  if (argc > 1 && tern_cli_is_command (argv[1]))
    return tern_cli_run (argc, argv);

  app = G_APPLICATION (tern_application_new ());
  return g_application_run (app, argc, argv);
}
