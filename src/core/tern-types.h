/* tern-types.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Forward declarations, so headers need not include each other. */
typedef struct _TernDraft        TernDraft;
typedef struct _TernDraftStore   TernDraftStore;

G_END_DECLS
