/* tern-cli.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "tern-cli.h"
#include "tern-cli-private.h"

#include "core/tern-untrusted.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char *argv[]);
} TernCliCommand;

static const TernCliCommand commands[] = {
  { "post", tern_cli_post },
  { "login", tern_cli_login },
  { "accounts", tern_cli_accounts },
  { "logout", tern_cli_logout },
  { "convert", tern_cli_convert },
};

static const TernCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

gboolean
tern_cli_is_command (const char *name)
{
  return find_command (name) != NULL;
}

void
tern_cli_print_error (const char *format,
                      ...)
{
  g_autofree char *message = NULL;
  g_autofree char *clean = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Messages may quote what a server said: no terminal escapes. */
  clean = tern_untrusted_clean_lines (message, -1);
  fprintf (stderr, "tern: %s\n", clean);
}

int
tern_cli_run (int   argc,
              char *argv[])
{
  const TernCliCommand *command;
  g_autofree char *prgname = NULL;

  g_return_val_if_fail (argc > 1, 2);

  command = find_command (argv[1]);
  g_return_val_if_fail (command != NULL, 2);

  prgname = g_strdup_printf ("tern %s", command->name);
  g_set_prgname (prgname);

  /* stdout carries results (a consent address, JSON); every log message,
   * debug ones included, goes to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);

  /* argv[1] becomes the program name the option parser shows. */
  return command->run (argc - 1, argv + 1);
}
