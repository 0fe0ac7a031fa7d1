/* tern-draft-post.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-draft-post"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-draft-post.h"
#include "tern-draft.h"
#include "tern-json-util.h"
#include "tern-utils.h"

struct _TernDraftPost
{
  GObject     parent_instance;

  char       *text;
  char       *posted_id;
  JsonObject *intent;
  GListStore *attachments;
};

G_DEFINE_FINAL_TYPE (TernDraftPost, tern_draft_post, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_POSTED_ID,
  PROP_INTENT,
  PROP_ATTACHMENTS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
emit_changed (TernDraftPost *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
attachment_notify_cb (TernDraftPost *self,
                      GParamSpec    *pspec,
                      gpointer       attachment)
{
  emit_changed (self);
}

static void
attachments_items_changed_cb (TernDraftPost *self,
                              guint          position,
                              guint          removed,
                              guint          added,
                              GListModel    *model)
{
  emit_changed (self);
}

static void
tern_draft_post_dispose (GObject *object)
{
  TernDraftPost *self = (TernDraftPost *)object;

  if (self->attachments != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->attachments));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TernAttachment) attachment =
            g_list_model_get_item (G_LIST_MODEL (self->attachments), i);

          g_signal_handlers_disconnect_by_data (attachment, self);
        }
      g_signal_handlers_disconnect_by_data (self->attachments, self);
    }
  g_clear_object (&self->attachments);

  G_OBJECT_CLASS (tern_draft_post_parent_class)->dispose (object);
}

static void
tern_draft_post_finalize (GObject *object)
{
  TernDraftPost *self = (TernDraftPost *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->posted_id, g_free);
  g_clear_pointer (&self->intent, json_object_unref);

  G_OBJECT_CLASS (tern_draft_post_parent_class)->finalize (object);
}

static void
tern_draft_post_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TernDraftPost *self = TERN_DRAFT_POST (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_POSTED_ID:
      g_value_set_string (value, self->posted_id);
      break;
    case PROP_INTENT:
      g_value_set_boxed (value, self->intent);
      break;
    case PROP_ATTACHMENTS:
      g_value_set_object (value, self->attachments);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_draft_post_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TernDraftPost *self = TERN_DRAFT_POST (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      tern_draft_post_set_text (self, g_value_get_string (value));
      break;
    case PROP_POSTED_ID:
      tern_draft_post_set_posted_id (self, g_value_get_string (value));
      break;
    case PROP_INTENT:
      tern_draft_post_set_intent (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_draft_post_class_init (TernDraftPostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tern_draft_post_dispose;
  object_class->finalize = tern_draft_post_finalize;
  object_class->get_property = tern_draft_post_get_property;
  object_class->set_property = tern_draft_post_set_property;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSTED_ID] =
    g_param_spec_string ("posted-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTENT] =
    g_param_spec_boxed ("intent", NULL, NULL, JSON_TYPE_OBJECT,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTACHMENTS] =
    g_param_spec_object ("attachments", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TernDraftPost::changed:
   *
   * Emitted after any change to the post or one of its attachments.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tern_draft_post_init (TernDraftPost *self)
{
  self->text = g_strdup ("");
  self->attachments = g_list_store_new (TERN_TYPE_ATTACHMENT);
  g_signal_connect_object (self->attachments, "items-changed",
                           G_CALLBACK (attachments_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/**
 * tern_draft_post_new:
 *
 * Returns: (transfer full): an empty post
 */
TernDraftPost *
tern_draft_post_new (void)
{
  return g_object_new (TERN_TYPE_DRAFT_POST, NULL);
}

/**
 * tern_draft_post_get_text:
 *
 * Returns: the post's text, never %NULL
 */
const char *
tern_draft_post_get_text (TernDraftPost *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT_POST (self), NULL);

  return self->text;
}

void
tern_draft_post_set_text (TernDraftPost *self,
                          const char    *text)
{
  g_return_if_fail (TERN_IS_DRAFT_POST (self));
  g_return_if_fail (text == NULL || g_utf8_validate (text, -1, NULL));

  if (text == NULL)
    text = "";
  if (!tern_set_string (self, &self->text, text, properties[PROP_TEXT]))
    return;
  emit_changed (self);
}

/**
 * tern_draft_post_get_attachments:
 *
 * Returns: (transfer none): a #GListModel of #TernAttachment
 */
GListModel *
tern_draft_post_get_attachments (TernDraftPost *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT_POST (self), NULL);

  return G_LIST_MODEL (self->attachments);
}

/**
 * tern_draft_post_add_attachment:
 * @attachment: one more attachment; at most
 *   %TERN_DRAFT_POST_MAX_ATTACHMENTS per post
 */
void
tern_draft_post_add_attachment (TernDraftPost  *self,
                                TernAttachment *attachment)
{
  guint position;

  g_return_if_fail (TERN_IS_DRAFT_POST (self));
  g_return_if_fail (TERN_IS_ATTACHMENT (attachment));
  g_return_if_fail (!g_list_store_find (self->attachments, attachment, &position));
  g_return_if_fail (g_list_model_get_n_items (G_LIST_MODEL (self->attachments)) <
                    TERN_DRAFT_POST_MAX_ATTACHMENTS);

  g_signal_connect_object (attachment, "notify",
                           G_CALLBACK (attachment_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_list_store_append (self->attachments, attachment);
}

void
tern_draft_post_remove_attachment (TernDraftPost  *self,
                                   TernAttachment *attachment)
{
  guint position;

  g_return_if_fail (TERN_IS_DRAFT_POST (self));
  g_return_if_fail (TERN_IS_ATTACHMENT (attachment));

  if (!g_list_store_find (self->attachments, attachment, &position))
    return;

  g_signal_handlers_disconnect_by_func (attachment, attachment_notify_cb, self);
  g_list_store_remove (self->attachments, position);
}

/**
 * tern_draft_post_get_posted_id:
 *
 * Returns: (nullable): the id X gave the post, or %NULL before it exists
 */
const char *
tern_draft_post_get_posted_id (TernDraftPost *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT_POST (self), NULL);

  return self->posted_id;
}

void
tern_draft_post_set_posted_id (TernDraftPost *self,
                               const char    *posted_id)
{
  g_return_if_fail (TERN_IS_DRAFT_POST (self));

  if (!tern_set_string (self, &self->posted_id, posted_id, properties[PROP_POSTED_ID]))
    return;

  /* The answer to the intent has come: nothing is left to look for. */
  if (posted_id != NULL && self->intent != NULL)
    {
      g_clear_pointer (&self->intent, json_object_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTENT]);
    }
  emit_changed (self);
}

/**
 * tern_draft_post_get_intent:
 * @self: a post
 *
 * Returns: (transfer none) (nullable): the create request Tern made (or
 *   was about to make) and has no answer to: `{"request": {…}, "at": unix
 *   seconds}`
 */
JsonObject *
tern_draft_post_get_intent (TernDraftPost *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT_POST (self), NULL);

  return self->intent;
}

/**
 * tern_draft_post_set_intent:
 * @self: a post
 * @intent: (nullable): what is about to be created, or %NULL once X has
 *   answered that it created nothing
 */
void
tern_draft_post_set_intent (TernDraftPost *self,
                            JsonObject    *intent)
{
  g_return_if_fail (TERN_IS_DRAFT_POST (self));

  if (self->intent == intent)
    return;
  g_clear_pointer (&self->intent, json_object_unref);
  if (intent != NULL)
    self->intent = json_object_ref (intent);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTENT]);
  emit_changed (self);
}

/**
 * tern_draft_post_to_json:
 *
 * Returns: (transfer full): the post as a JSON object
 */
JsonNode *
tern_draft_post_to_json (TernDraftPost *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n;

  g_return_val_if_fail (TERN_IS_DRAFT_POST (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, self->text);
  if (self->posted_id != NULL)
    {
      json_builder_set_member_name (builder, "posted-id");
      json_builder_add_string_value (builder, self->posted_id);
    }
  if (self->intent != NULL)
    {
      g_autoptr(JsonNode) intent = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (intent, self->intent);
      json_builder_set_member_name (builder, "intent");
      json_builder_add_value (builder, json_node_copy (intent));
    }
  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->attachments));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TernAttachment) attachment =
        g_list_model_get_item (G_LIST_MODEL (self->attachments), i);

      json_builder_add_value (builder, tern_attachment_to_json (attachment));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * tern_draft_post_new_from_json:
 * @node: what tern_draft_post_to_json() made
 * @error: set to a %TERN_DRAFT_ERROR when @node is not a post
 *
 * Returns: (transfer full) (nullable): the post, or %NULL on error
 */
TernDraftPost *
tern_draft_post_new_from_json (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(TernDraftPost) self = NULL;
  JsonObject *object;
  JsonArray *attachments;
  JsonNode *intent;
  const char *text, *posted_id;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  object = tern_json_expect_object (node, _("post"), error);
  if (object == NULL)
    return NULL;

  if (!tern_json_get_optional_string (object, "text", _("post"), &text, error) ||
      !tern_json_get_optional_string (object, "posted-id", _("post"), &posted_id, error) ||
      !tern_json_get_optional_array (object, "attachments", _("post"), &attachments, error))
    return NULL;

  self = tern_draft_post_new ();
  g_free (self->text);
  self->text = g_strdup (text != NULL ? text : "");
  self->posted_id = g_strdup (posted_id);

  intent = json_object_get_member (object, "intent");
  if (intent != NULL && !JSON_NODE_HOLDS_NULL (intent))
    {
      JsonNode *request = JSON_NODE_HOLDS_OBJECT (intent)
                          ? json_object_get_member (json_node_get_object (intent), "request")
                          : NULL;

      if (request == NULL || !JSON_NODE_HOLDS_OBJECT (request))
        {
          g_set_error_literal (error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_INVALID,
                               _("A saved post has an unreadable record of what was being posted; the file is damaged"));
          return NULL;
        }
      if (posted_id == NULL)
        self->intent = json_object_ref (json_node_get_object (intent));
    }

  if (attachments != NULL)
    {
      guint n = json_array_get_length (attachments);

      if (n > TERN_DRAFT_POST_MAX_ATTACHMENTS)
        {
          g_set_error (error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_INVALID,
                       _("A saved post has %u attachments, more than X allows; the file is damaged"),
                       n);
          return NULL;
        }

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TernAttachment) attachment =
            tern_attachment_new_from_json (json_array_get_element (attachments, i), error);

          if (attachment == NULL)
            return NULL;
          tern_draft_post_add_attachment (self, attachment);
        }
    }

  return g_steal_pointer (&self);
}
