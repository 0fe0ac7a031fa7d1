/* tern-cli-media.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "media/tern-media-info.h"
#include "media/tern-media-rules.h"

G_BEGIN_DECLS

/* One --media FILE of `tern post`, with its --alt TEXT, once checked. */
typedef struct
{
  char           *path;
  char           *alt_text;     /* NULL when no --alt followed it */
  TernMediaInfo  *info;         /* NULL when the file could not be read */
  GPtrArray      *problems;     /* TernMediaProblem: unreadable, rules, alt text, mix */
} TernCliMedia;

void       tern_cli_media_free          (TernCliMedia *media);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TernCliMedia, tern_cli_media_free)

/* GOption callbacks for --media FILE (repeatable) and --alt TEXT (for the
 * --media before it); they collect into the state below. */
gboolean   tern_cli_media_option_cb     (const char  *option_name,
                                         const char  *value,
                                         gpointer     data,
                                         GError     **error);
gboolean   tern_cli_alt_option_cb       (const char  *option_name,
                                         const char  *value,
                                         gpointer     data,
                                         GError     **error);
/* Returns: (transfer full) (element-type TernCliMedia): the --media
 * options seen so far, unchecked; clears the collected state. */
GPtrArray *tern_cli_media_take_options  (void);

/* Probes each file and applies X's rules (file by file, then the mix). */
void       tern_cli_media_check         (GPtrArray    *media);
/* Says on stderr which media have no description (alt text), unless the
 * app's "warn-missing-alt-text" setting is off. Returns how many. */
guint      tern_cli_media_warn_missing_alt (GPtrArray *media);
/* Whether any problem blocks posting. */
gboolean   tern_cli_media_blocks        (GPtrArray    *media);

/* Adds a "media" member (an array) to the object being built. */
void       tern_cli_media_add_json      (JsonBuilder  *builder,
                                         GPtrArray    *media);
/* A readable report on stdout. */
void       tern_cli_media_print_text    (GPtrArray    *media);

G_END_DECLS
