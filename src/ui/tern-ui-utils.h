/* tern-ui-utils.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwToast *tern_ui_toast_new_wrapped  (const char           *message);
void      tern_ui_launch_uri_async   (GtkWidget            *widget,
                                      const char           *uri,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean  tern_ui_launch_uri_finish  (GAsyncResult         *result,
                                      GError              **error);
void      tern_ui_launch_uri         (GtkWidget            *widget,
                                      const char           *uri);
void      tern_ui_fix_mnemonic_names (void);
void      tern_ui_fix_mnemonic_names_in (GtkWidget          *root);
gboolean  tern_ui_focus_children     (GtkWidget            *widget,
                                      GtkDirectionType      direction);

G_END_DECLS
