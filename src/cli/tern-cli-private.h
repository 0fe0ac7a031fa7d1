/* tern-cli-private.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each subcommand gets argv with argv[0] set to "tern NAME" and returns the
 * process exit status. Messages go to stderr; results to stdout. */
int tern_cli_post (int argc, char *argv[]);
int tern_cli_login (int argc, char *argv[]);
int tern_cli_accounts (int argc, char *argv[]);
int tern_cli_logout (int argc, char *argv[]);
int tern_cli_convert (int argc, char *argv[]);

void tern_cli_print_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
