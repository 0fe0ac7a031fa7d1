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
#include "tern-x.h"
#include "tern-utils.h"

struct _TernDraftPost
{
  GObject     parent_instance;

  char       *text;
  char       *posted_id;
  JsonObject *intent;
  GListStore *attachments;
  char      **poll_options;     /* NULL: not a poll */
  guint       poll_duration;    /* minutes */
};

G_DEFINE_FINAL_TYPE (TernDraftPost, tern_draft_post, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_POSTED_ID,
  PROP_INTENT,
  PROP_ATTACHMENTS,
  PROP_POLL_OPTIONS,
  PROP_POLL_DURATION,
  PROP_IS_POLL,
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
  g_clear_pointer (&self->poll_options, g_strfreev);
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
    case PROP_POLL_OPTIONS:
      g_value_set_boxed (value, self->poll_options);
      break;
    case PROP_POLL_DURATION:
      g_value_set_uint (value, self->poll_duration);
      break;
    case PROP_IS_POLL:
      g_value_set_boolean (value, self->poll_options != NULL);
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
    case PROP_POLL_OPTIONS:
      tern_draft_post_set_poll_options (self, g_value_get_boxed (value));
      break;
    case PROP_POLL_DURATION:
      tern_draft_post_set_poll_duration (self, g_value_get_uint (value));
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
  /* The choices of the post's poll, or NULL when it is not a poll. */
  properties[PROP_POLL_OPTIONS] =
    g_param_spec_boxed ("poll-options", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLL_DURATION] =
    g_param_spec_uint ("poll-duration", NULL, NULL, 0, G_MAXUINT, TERN_X_POLL_DEFAULT_MINUTES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_POLL] =
    g_param_spec_boolean ("is-poll", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

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
  self->poll_duration = TERN_X_POLL_DEFAULT_MINUTES;
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
 * tern_draft_post_insert_attachment:
 * @position: where it goes among the attachments (past the end: last)
 * @attachment: an attachment not in this post yet, such as one removed
 *   before and put back by Undo
 */
void
tern_draft_post_insert_attachment (TernDraftPost  *self,
                                   guint           position,
                                   TernAttachment *attachment)
{
  guint n, found;

  g_return_if_fail (TERN_IS_DRAFT_POST (self));
  g_return_if_fail (TERN_IS_ATTACHMENT (attachment));
  g_return_if_fail (!g_list_store_find (self->attachments, attachment, &found));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->attachments));
  g_return_if_fail (n < TERN_DRAFT_POST_MAX_ATTACHMENTS);

  g_signal_connect_object (attachment, "notify",
                           G_CALLBACK (attachment_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_list_store_insert (self->attachments, MIN (position, n), attachment);
}

/**
 * tern_draft_post_replace_attachment:
 * @old: an attachment of this post
 * @replacement: what takes its place, such as a converted copy
 *
 * Puts @replacement where @old was, in one change of the model, so the
 * order the user chose is what is posted.
 */
void
tern_draft_post_replace_attachment (TernDraftPost  *self,
                                    TernAttachment *old,
                                    TernAttachment *replacement)
{
  guint position, found;

  g_return_if_fail (TERN_IS_DRAFT_POST (self));
  g_return_if_fail (TERN_IS_ATTACHMENT (old));
  g_return_if_fail (TERN_IS_ATTACHMENT (replacement));
  g_return_if_fail (!g_list_store_find (self->attachments, replacement, &found));

  if (!g_list_store_find (self->attachments, old, &position))
    return;

  g_signal_handlers_disconnect_by_func (old, attachment_notify_cb, self);
  g_signal_connect_object (replacement, "notify",
                           G_CALLBACK (attachment_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_list_store_splice (self->attachments, position, 1, (gpointer *) &replacement, 1);
}

/**
 * tern_draft_post_move_attachment:
 * @from: the attachment's place now
 * @to: its place after the move
 *
 * Moves one attachment, in one change of the model: the attachments
 * between shift by one. X shows them in this order.
 */
void
tern_draft_post_move_attachment (TernDraftPost *self,
                                 guint          from,
                                 guint          to)
{
  g_return_if_fail (TERN_IS_DRAFT_POST (self));

  tern_list_store_move (self->attachments, from, to);
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
  if (self->poll_options != NULL)
    {
      json_builder_set_member_name (builder, "poll");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "options");
      json_builder_begin_array (builder);
      for (guint i = 0; self->poll_options[i] != NULL; i++)
        json_builder_add_string_value (builder, self->poll_options[i]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "duration-minutes");
      json_builder_add_int_value (builder, self->poll_duration);
      json_builder_end_object (builder);
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
  JsonNode *poll;
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

  poll = json_object_get_member (object, "poll");
  if (poll != NULL && !JSON_NODE_HOLDS_NULL (poll))
    {
      JsonObject *poll_object = tern_json_expect_object (poll, _("poll"), error);
      JsonArray *options = NULL;
      gint64 minutes;
      g_autoptr(GPtrArray) strv = g_ptr_array_new ();

      if (poll_object == NULL ||
          !tern_json_get_optional_array (poll_object, "options", _("poll"), &options, error) ||
          !tern_json_get_optional_int (poll_object, "duration-minutes", _("poll"),
                                       TERN_X_POLL_DEFAULT_MINUTES, &minutes, error))
        return NULL;
      /* Kept as saved, even when X would refuse it: the check before
       * sending says what to change, and nothing the person typed is lost. */
      for (guint i = 0; options != NULL && i < json_array_get_length (options) && i < 64; i++)
        {
          JsonNode *option = json_array_get_element (options, i);

          if (json_node_get_value_type (option) != G_TYPE_STRING ||
              !g_utf8_validate (json_node_get_string (option), -1, NULL))
            {
              g_set_error (error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_INVALID,
                           _("A saved poll choice is not text; the file is damaged"));
              return NULL;
            }
          g_ptr_array_add (strv, g_strdup (json_node_get_string (option)));
        }
      g_ptr_array_add (strv, NULL);
      self->poll_options = (char **) g_ptr_array_free (g_steal_pointer (&strv), FALSE);
      self->poll_duration = (guint) CLAMP (minutes, 0, G_MAXUINT);
    }

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

/**
 * tern_draft_post_get_poll_options:
 *
 * Returns: (transfer none) (nullable): the poll's choices, or %NULL when
 *   the post is not a poll
 */
const char * const *
tern_draft_post_get_poll_options (TernDraftPost *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT_POST (self), NULL);

  return (const char * const *) self->poll_options;
}

/**
 * tern_draft_post_set_poll_options:
 * @options: (nullable) (array zero-terminated=1): the poll's choices (an
 *   empty list makes an empty poll, being written), or %NULL to make the
 *   post an ordinary one again
 */
void
tern_draft_post_set_poll_options (TernDraftPost      *self,
                                  const char * const *options)
{
  gboolean was_poll;

  g_return_if_fail (TERN_IS_DRAFT_POST (self));

  if (options == NULL && self->poll_options == NULL)
    return;
  if (options != NULL && self->poll_options != NULL &&
      g_strv_equal ((const char * const *) self->poll_options, options))
    return;

  was_poll = self->poll_options != NULL;
  g_strfreev (self->poll_options);
  self->poll_options = g_strdupv ((char **) options);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_OPTIONS]);
  if (was_poll != (self->poll_options != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_POLL]);
  emit_changed (self);
}

/**
 * tern_draft_post_get_poll_duration:
 *
 * Returns: how long the poll runs, in minutes
 */
guint
tern_draft_post_get_poll_duration (TernDraftPost *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT_POST (self), 0);

  return self->poll_duration;
}

void
tern_draft_post_set_poll_duration (TernDraftPost *self,
                                   guint          minutes)
{
  g_return_if_fail (TERN_IS_DRAFT_POST (self));

  if (self->poll_duration == minutes)
    return;
  self->poll_duration = minutes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_DURATION]);
  emit_changed (self);
}

/**
 * tern_draft_post_is_poll:
 *
 * Returns: whether the post is a poll
 */
gboolean
tern_draft_post_is_poll (TernDraftPost *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT_POST (self), FALSE);

  return self->poll_options != NULL;
}
