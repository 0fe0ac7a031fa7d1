/* tern-attachment.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  TERN_ATTACHMENT_KIND_UNKNOWN,
  TERN_ATTACHMENT_KIND_IMAGE,
  TERN_ATTACHMENT_KIND_GIF,      /* animated GIF: chunked, tweet_gif */
  TERN_ATTACHMENT_KIND_VIDEO,
} TernAttachmentKind;

#define TERN_TYPE_ATTACHMENT_KIND (tern_attachment_kind_get_type ())
#define TERN_TYPE_ATTACHMENT (tern_attachment_get_type ())

GType tern_attachment_kind_get_type (void);

G_DECLARE_FINAL_TYPE (TernAttachment, tern_attachment, TERN, ATTACHMENT, GObject)

/* One file attached to one post. Properties: "file" (GFile, construct-only),
 * "kind", "mime-type" (sniffed from the bytes, never the name), "alt-text",
 * "upload-state" (a JsonNode that tern-upload owns and interprets; the draft
 * only saves and restores it), "error" (the last failure message, or NULL).
 * Every change notifies, and the owning draft emits "changed". */
TernAttachment     *tern_attachment_new               (GFile              *file);
GFile              *tern_attachment_get_file          (TernAttachment     *self);
TernAttachmentKind  tern_attachment_get_kind          (TernAttachment     *self);
void                tern_attachment_set_kind          (TernAttachment     *self,
                                                       TernAttachmentKind  kind);
const char         *tern_attachment_get_mime_type     (TernAttachment     *self);
void                tern_attachment_set_mime_type     (TernAttachment     *self,
                                                       const char         *mime_type);
const char         *tern_attachment_get_alt_text      (TernAttachment     *self);
void                tern_attachment_set_alt_text      (TernAttachment     *self,
                                                       const char         *alt_text);
JsonNode           *tern_attachment_get_upload_state  (TernAttachment     *self);
void                tern_attachment_set_upload_state  (TernAttachment     *self,
                                                       JsonNode           *state);
const char         *tern_attachment_get_error         (TernAttachment     *self);
void                tern_attachment_set_error         (TernAttachment     *self,
                                                       const char         *message);
GFile              *tern_attachment_get_subtitles_file (TernAttachment   *self);
const char         *tern_attachment_get_subtitles_language (TernAttachment *self);
void                tern_attachment_set_subtitles     (TernAttachment     *self,
                                                       GFile              *file,
                                                       const char         *language);

/* Saving and restoring, used by TernDraft: an object with the fields above;
 * unknown fields are ignored, a malformed node gives TERN_DRAFT_ERROR. */
JsonNode           *tern_attachment_to_json           (TernAttachment     *self);
TernAttachment     *tern_attachment_new_from_json     (JsonNode           *node,
                                                       GError            **error);

G_END_DECLS
