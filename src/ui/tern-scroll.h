/* tern-scroll.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean tern_scroll_to_show (GtkWidget             *widget,
                              const graphene_rect_t *area);

G_END_DECLS
