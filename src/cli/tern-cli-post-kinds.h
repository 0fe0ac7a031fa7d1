/* tern-cli-post-kinds.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "core/draft/tern-draft.h"

G_BEGIN_DECLS

/* The options of `tern post` for the thread as a whole: --reply-to,
 * --quote, --reply-settings, as given. */
typedef struct
{
  char *reply_to;
  char *quote;
  char *reply_settings;
} TernCliThreadKinds;

void      tern_cli_thread_kinds_clear   (TernCliThreadKinds  *kinds);

gboolean  tern_cli_thread_kinds_apply   (TernCliThreadKinds  *kinds,
                                         TernDraft           *draft,
                                         const char          *api_base,
                                         GError             **error);

gboolean  tern_cli_poll_duration_parse  (const char          *text,
                                         guint               *minutes,
                                         GError             **error);

/* Problems (strings) with the draft's replies, quotes, polls, reply
 * settings and subtitles; @media is the probed --media (TernCliMedia, in
 * order over the thread), for the videos' lengths. */
GPtrArray *tern_cli_post_kinds_check    (TernDraft           *draft,
                                         GPtrArray           *media);

void      tern_cli_post_kinds_add_json  (JsonBuilder         *builder,
                                         TernDraft           *draft,
                                         GPtrArray           *problems);

gboolean  tern_cli_post_kinds_match     (TernDraft           *a,
                                         TernDraft           *b);

G_END_DECLS
