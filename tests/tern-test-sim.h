/* tern-test-sim.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "core/net/tern-token-source.h"
#include "sim/tern-sim.h"

G_BEGIN_DECLS

/* The simulator on its own thread, with one registered public client, and
 * a real sign-in over HTTP (authorize with auto-approve, code, token) so a
 * test holds a token X... the simulator really issued. */
typedef struct
{
  TernSim         *sim;
  char            *base;
  char            *client_id;
  char            *redirect_uri;
  char            *access_token;
  char            *refresh_token;
  TernTokenSource *tokens;
} TernTestSim;

TernTestSim *tern_test_sim_new         (const char   *extra_config_json);
TernTestSim *tern_test_sim_new_full    (const char   *extra_config_json,
                                        const char   *redirect_uri);
void         tern_test_sim_free        (TernTestSim  *sim);
gboolean     tern_test_sim_sign_in     (TernTestSim  *sim,
                                        GError      **error);
void         tern_test_sim_set_faults  (TernTestSim  *sim,
                                        const char   *plan_json);

char        *tern_test_file_sha256     (const char   *path);
char        *tern_test_make_video_file (const char   *dir,
                                        const char   *name,
                                        gsize         size);
void         tern_test_run_until       (gboolean     *done);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TernTestSim, tern_test_sim_free)

G_END_DECLS
