/* tern-preferences-window.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TERN_TYPE_PREFERENCES_WINDOW (tern_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (TernPreferencesWindow, tern_preferences_window, TERN, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The app's settings: the alt-text reminder, the image conversion
 * quality, upload parallelism, the processing wait cap and the sign-in
 * redirect address, each bound to @settings (the app's schema). The
 * redirect address is saved when applied, and only when it is a loopback
 * http address X can send the browser back to. */
GtkWidget *tern_preferences_window_new (GSettings *settings,
                                        GtkWindow *parent);

G_END_DECLS
