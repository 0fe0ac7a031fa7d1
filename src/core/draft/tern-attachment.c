/* tern-attachment.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-attachment"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-attachment.h"
#include "tern-draft.h"
#include "tern-json-util.h"
#include "tern-utils.h"

struct _TernAttachment
{
  GObject             parent_instance;

  GFile              *file;
  TernAttachmentKind  kind;
  char               *mime_type;
  char               *alt_text;
  JsonNode           *upload_state;
  char               *error;
  GFile              *subtitles_file;
  char               *subtitles_language;
};

G_DEFINE_FINAL_TYPE (TernAttachment, tern_attachment, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TernAttachmentKind, tern_attachment_kind,
  G_DEFINE_ENUM_VALUE (TERN_ATTACHMENT_KIND_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (TERN_ATTACHMENT_KIND_IMAGE, "image"),
  G_DEFINE_ENUM_VALUE (TERN_ATTACHMENT_KIND_GIF, "gif"),
  G_DEFINE_ENUM_VALUE (TERN_ATTACHMENT_KIND_VIDEO, "video"))

enum {
  PROP_0,
  PROP_FILE,
  PROP_KIND,
  PROP_MIME_TYPE,
  PROP_ALT_TEXT,
  PROP_UPLOAD_STATE,
  PROP_ERROR,
  PROP_SUBTITLES_FILE,
  PROP_SUBTITLES_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tern_attachment_finalize (GObject *object)
{
  TernAttachment *self = (TernAttachment *)object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->mime_type, g_free);
  g_clear_pointer (&self->alt_text, g_free);
  g_clear_pointer (&self->upload_state, json_node_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_object (&self->subtitles_file);
  g_clear_pointer (&self->subtitles_language, g_free);

  G_OBJECT_CLASS (tern_attachment_parent_class)->finalize (object);
}

static void
tern_attachment_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TernAttachment *self = TERN_ATTACHMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_MIME_TYPE:
      g_value_set_string (value, self->mime_type);
      break;
    case PROP_ALT_TEXT:
      g_value_set_string (value, self->alt_text);
      break;
    case PROP_UPLOAD_STATE:
      g_value_set_boxed (value, self->upload_state);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_SUBTITLES_FILE:
      g_value_set_object (value, self->subtitles_file);
      break;
    case PROP_SUBTITLES_LANGUAGE:
      g_value_set_string (value, self->subtitles_language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_attachment_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TernAttachment *self = TERN_ATTACHMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_set_object (&self->file, g_value_get_object (value));
      break;
    case PROP_KIND:
      tern_attachment_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_MIME_TYPE:
      tern_attachment_set_mime_type (self, g_value_get_string (value));
      break;
    case PROP_ALT_TEXT:
      tern_attachment_set_alt_text (self, g_value_get_string (value));
      break;
    case PROP_UPLOAD_STATE:
      tern_attachment_set_upload_state (self, g_value_get_boxed (value));
      break;
    case PROP_ERROR:
      tern_attachment_set_error (self, g_value_get_string (value));
      break;
    case PROP_SUBTITLES_FILE:
      tern_attachment_set_subtitles (self, g_value_get_object (value), self->subtitles_language);
      break;
    case PROP_SUBTITLES_LANGUAGE:
      tern_attachment_set_subtitles (self, self->subtitles_file, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_attachment_class_init (TernAttachmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tern_attachment_finalize;
  object_class->get_property = tern_attachment_get_property;
  object_class->set_property = tern_attachment_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       TERN_TYPE_ATTACHMENT_KIND, TERN_ATTACHMENT_KIND_UNKNOWN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIME_TYPE] =
    g_param_spec_string ("mime-type", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALT_TEXT] =
    g_param_spec_string ("alt-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPLOAD_STATE] =
    g_param_spec_boxed ("upload-state", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A video's subtitles: an .srt or .vtt file and its language. */
  properties[PROP_SUBTITLES_FILE] =
    g_param_spec_object ("subtitles-file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLES_LANGUAGE] =
    g_param_spec_string ("subtitles-language", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tern_attachment_init (TernAttachment *self)
{
}

/**
 * tern_attachment_new:
 * @file: the file to attach
 *
 * Returns: (transfer full): a new attachment of unknown kind
 */
TernAttachment *
tern_attachment_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (TERN_TYPE_ATTACHMENT, "file", file, NULL);
}

/**
 * tern_attachment_get_file:
 *
 * Returns: (transfer none): the attached file
 */
GFile *
tern_attachment_get_file (TernAttachment *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT (self), NULL);

  return self->file;
}

TernAttachmentKind
tern_attachment_get_kind (TernAttachment *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT (self), TERN_ATTACHMENT_KIND_UNKNOWN);

  return self->kind;
}

void
tern_attachment_set_kind (TernAttachment     *self,
                          TernAttachmentKind  kind)
{
  g_return_if_fail (TERN_IS_ATTACHMENT (self));
  g_return_if_fail (kind <= TERN_ATTACHMENT_KIND_VIDEO);

  TERN_SET_SCALAR (self, self->kind, kind, properties[PROP_KIND]);
}

/**
 * tern_attachment_get_mime_type:
 *
 * Returns: (nullable): the MIME type sniffed from the file's bytes
 */
const char *
tern_attachment_get_mime_type (TernAttachment *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT (self), NULL);

  return self->mime_type;
}

void
tern_attachment_set_mime_type (TernAttachment *self,
                               const char     *mime_type)
{
  g_return_if_fail (TERN_IS_ATTACHMENT (self));

  tern_set_string (self, &self->mime_type, mime_type, properties[PROP_MIME_TYPE]);
}

/**
 * tern_attachment_get_alt_text:
 *
 * Returns: (nullable): the alt text, or %NULL when there is none
 */
const char *
tern_attachment_get_alt_text (TernAttachment *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT (self), NULL);

  return self->alt_text;
}

void
tern_attachment_set_alt_text (TernAttachment *self,
                              const char     *alt_text)
{
  g_return_if_fail (TERN_IS_ATTACHMENT (self));
  g_return_if_fail (alt_text == NULL || g_utf8_validate (alt_text, -1, NULL));

  tern_set_string (self, &self->alt_text, alt_text, properties[PROP_ALT_TEXT]);
}

/**
 * tern_attachment_get_upload_state:
 *
 * Returns: (nullable) (transfer none): the upload's saved state
 */
JsonNode *
tern_attachment_get_upload_state (TernAttachment *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT (self), NULL);

  return self->upload_state;
}

/**
 * tern_attachment_set_upload_state:
 * @state: (nullable): the new state; the attachment keeps a copy
 *
 * A copy is kept so a caller changing its node later cannot change what
 * was saved behind the draft's back: set it again to save a change.
 */
void
tern_attachment_set_upload_state (TernAttachment *self,
                                  JsonNode       *state)
{
  g_return_if_fail (TERN_IS_ATTACHMENT (self));

  if (self->upload_state == NULL && state == NULL)
    return;
  if (self->upload_state != NULL && state != NULL &&
      json_node_equal (self->upload_state, state))
    return;

  g_clear_pointer (&self->upload_state, json_node_unref);
  if (state != NULL)
    self->upload_state = json_node_copy (state);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPLOAD_STATE]);
}

/**
 * tern_attachment_get_error:
 *
 * Returns: (nullable): the last failure message
 */
const char *
tern_attachment_get_error (TernAttachment *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT (self), NULL);

  return self->error;
}

void
tern_attachment_set_error (TernAttachment *self,
                           const char     *message)
{
  g_return_if_fail (TERN_IS_ATTACHMENT (self));

  tern_set_string (self, &self->error, message, properties[PROP_ERROR]);
}

static const char *
kind_to_nick (TernAttachmentKind kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (TERN_TYPE_ATTACHMENT_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  return value != NULL ? value->value_nick : "unknown";
}

/**
 * tern_attachment_to_json:
 *
 * Returns: (transfer full): the attachment as a JSON object
 */
JsonNode *
tern_attachment_to_json (TernAttachment *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *uri = NULL;

  g_return_val_if_fail (TERN_IS_ATTACHMENT (self), NULL);

  uri = g_file_get_uri (self->file);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uri");
  json_builder_add_string_value (builder, uri);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind_to_nick (self->kind));
  if (self->mime_type != NULL)
    {
      json_builder_set_member_name (builder, "mime-type");
      json_builder_add_string_value (builder, self->mime_type);
    }
  if (self->alt_text != NULL)
    {
      json_builder_set_member_name (builder, "alt-text");
      json_builder_add_string_value (builder, self->alt_text);
    }
  if (self->upload_state != NULL)
    {
      json_builder_set_member_name (builder, "upload-state");
      json_builder_add_value (builder, json_node_copy (self->upload_state));
    }
  if (self->error != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, self->error);
    }
  if (self->subtitles_file != NULL)
    {
      g_autofree char *subtitles_uri = g_file_get_uri (self->subtitles_file);

      json_builder_set_member_name (builder, "subtitles");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uri");
      json_builder_add_string_value (builder, subtitles_uri);
      if (self->subtitles_language != NULL)
        {
          json_builder_set_member_name (builder, "language");
          json_builder_add_string_value (builder, self->subtitles_language);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * tern_attachment_new_from_json:
 * @node: what tern_attachment_to_json() made
 * @error: set to a %TERN_DRAFT_ERROR when @node is not an attachment
 *
 * Returns: (transfer full) (nullable): the attachment, or %NULL on error
 */
TernAttachment *
tern_attachment_new_from_json (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(TernAttachment) self = NULL;
  g_autoptr(GEnumClass) kinds = NULL;
  g_autoptr(GFile) file = NULL;
  JsonObject *object;
  const char *uri, *kind, *mime_type, *alt_text, *message;
  JsonNode *state, *subtitles;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  object = tern_json_expect_object (node, _("attachment"), error);
  if (object == NULL)
    return NULL;

  if (!tern_json_get_optional_string (object, "uri", _("attachment"), &uri, error) ||
      !tern_json_get_optional_string (object, "kind", _("attachment"), &kind, error) ||
      !tern_json_get_optional_string (object, "mime-type", _("attachment"), &mime_type, error) ||
      !tern_json_get_optional_string (object, "alt-text", _("attachment"), &alt_text, error) ||
      !tern_json_get_optional_string (object, "error", _("attachment"), &message, error))
    return NULL;

  if (uri == NULL || *uri == '\0')
    {
      g_set_error (error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_INVALID,
                   _("A saved attachment does not say which file it is; the file is damaged"));
      return NULL;
    }

  file = g_file_new_for_uri (uri);
  self = tern_attachment_new (file);

  /* A kind this version does not know is left unknown: the media check
   * finds out again from the file's bytes. */
  kinds = g_type_class_ref (TERN_TYPE_ATTACHMENT_KIND);
  if (kind != NULL)
    {
      GEnumValue *value = g_enum_get_value_by_nick (kinds, kind);

      if (value != NULL)
        self->kind = value->value;
    }

  self->mime_type = g_strdup (mime_type);
  self->alt_text = g_strdup (alt_text);
  self->error = g_strdup (message);

  state = json_object_get_member (object, "upload-state");
  if (state != NULL && !JSON_NODE_HOLDS_NULL (state))
    self->upload_state = json_node_copy (state);

  subtitles = json_object_get_member (object, "subtitles");
  if (subtitles != NULL && !JSON_NODE_HOLDS_NULL (subtitles))
    {
      JsonObject *subtitles_object = tern_json_expect_object (subtitles, _("subtitles"), error);
      const char *subtitles_uri, *language;

      if (subtitles_object == NULL ||
          !tern_json_get_optional_string (subtitles_object, "uri", _("subtitles"), &subtitles_uri, error) ||
          !tern_json_get_optional_string (subtitles_object, "language", _("subtitles"), &language, error))
        return NULL;
      if (subtitles_uri != NULL && *subtitles_uri != '\0')
        {
          self->subtitles_file = g_file_new_for_uri (subtitles_uri);
          self->subtitles_language = g_strdup (language);
        }
    }

  return g_steal_pointer (&self);
}

/**
 * tern_attachment_get_subtitles_file:
 *
 * Returns: (transfer none) (nullable): the video's subtitle file
 */
GFile *
tern_attachment_get_subtitles_file (TernAttachment *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT (self), NULL);

  return self->subtitles_file;
}

/**
 * tern_attachment_get_subtitles_language:
 *
 * Returns: (nullable): the language of the subtitles (BCP 47, `en`)
 */
const char *
tern_attachment_get_subtitles_language (TernAttachment *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT (self), NULL);

  return self->subtitles_language;
}

/**
 * tern_attachment_set_subtitles:
 * @file: (nullable): an .srt or .vtt file for the video, or %NULL for none
 * @language: (nullable): its language code
 *
 * Only a video takes subtitles; the sender checks that, and the file.
 */
void
tern_attachment_set_subtitles (TernAttachment *self,
                               GFile          *file,
                               const char     *language)
{
  gboolean file_changed;

  g_return_if_fail (TERN_IS_ATTACHMENT (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (language != NULL && *language == '\0')
    language = NULL;

  file_changed = !(file == self->subtitles_file ||
                   (file != NULL && self->subtitles_file != NULL &&
                    g_file_equal (file, self->subtitles_file)));
  if (file_changed)
    g_set_object (&self->subtitles_file, file);
  tern_set_string (self, &self->subtitles_language, language, properties[PROP_SUBTITLES_LANGUAGE]);
  if (file_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLES_FILE]);
}
