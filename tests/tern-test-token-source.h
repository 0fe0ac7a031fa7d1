/* tern-test-token-source.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "core/net/tern-token-source.h"

G_BEGIN_DECLS

#define TERN_TYPE_TEST_TOKEN_SOURCE (tern_test_token_source_get_type ())

G_DECLARE_FINAL_TYPE (TernTestTokenSource, tern_test_token_source, TERN, TEST_TOKEN_SOURCE, GObject)

/* A token source for tests: gives a fixed token; a forced refresh gives the
 * next one set with tern_test_token_source_set_refreshed_token(), or, when a
 * refresh function is set, what it returns (for example a real refresh
 * against the simulator's token endpoint). */
typedef char *(*TernTestRefreshFunc) (gpointer user_data, GError **error);

TernTokenSource *tern_test_token_source_new                   (const char          *token);
void             tern_test_token_source_set_refreshed_token   (TernTestTokenSource *self,
                                                               const char          *token);
void             tern_test_token_source_set_refresh_func      (TernTestTokenSource *self,
                                                               TernTestRefreshFunc  func,
                                                               gpointer             user_data);
guint            tern_test_token_source_get_refresh_count     (TernTestTokenSource *self);

G_END_DECLS
