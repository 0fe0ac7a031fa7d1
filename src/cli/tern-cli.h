/* tern-cli.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean tern_cli_is_command (const char *name);
int      tern_cli_run        (int         argc,
                              char       *argv[]);

G_END_DECLS
