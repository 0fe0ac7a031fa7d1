/* tern-media-info-private.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tern-media-info.h"

G_BEGIN_DECLS

TernMediaInfo *tern_media_info_probe_structure (const guint8  *data,
                                                gsize          size,
                                                GError       **error);

G_END_DECLS
