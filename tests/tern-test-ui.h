/* tern-test-ui.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Helpers for tests of a real window (under Xvfb). */

void tern_test_wait_for_frame   (GtkWidget  *widget);
void tern_test_save_screenshot  (GtkWidget  *window,
                                 const char *name);

G_END_DECLS
