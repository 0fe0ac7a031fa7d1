/* tern-window.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tern-application.h"

G_BEGIN_DECLS

#define TERN_TYPE_WINDOW (tern_window_get_type ())

G_DECLARE_FINAL_TYPE (TernWindow, tern_window, TERN, WINDOW, AdwApplicationWindow)

TernWindow *tern_window_new           (TernApplication *application);
void        tern_window_show_error    (TernWindow      *self,
                                       const char      *message);
void        tern_window_start_sandbox (TernWindow      *self);

G_END_DECLS
