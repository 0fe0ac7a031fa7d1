/* tern-draft.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-draft"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tern-draft.h"
#include "tern-json-util.h"
#include "tern-utils.h"

struct _TernDraft
{
  GObject     parent_instance;

  char       *id;
  char       *account;
  char       *last_error;
  char       *reply_to;
  char       *quote;
  char       *reply_settings;
  GListStore *posts;
  gint64      modified;         /* wall clock, microseconds */
};

G_DEFINE_FINAL_TYPE (TernDraft, tern_draft, G_TYPE_OBJECT)

G_DEFINE_QUARK (tern-draft-error-quark, tern_draft_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT,
  PROP_LAST_ERROR,
  PROP_POSTS,
  PROP_REPLY_TO,
  PROP_QUOTE,
  PROP_REPLY_SETTINGS,
  PROP_MODIFIED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The id names the draft's file, so it must be safe as a file name. */
static gboolean
id_is_valid (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static void
emit_changed (TernDraft *self)
{
  /* Strictly increasing, so the draft changed last sorts first even when
   * two changes fall in the same microsecond. */
  TERN_SET_SCALAR (self, self->modified, MAX (g_get_real_time (), self->modified + 1),
                   properties[PROP_MODIFIED]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The person changed what would be posted: the reason the last send
 * stopped no longer describes this draft. Sending itself only records
 * upload state and ids, which does not count. */
static void
edited_cb (TernDraft *self)
{
  tern_draft_set_last_error (self, NULL);
}

static void
post_changed_cb (TernDraft     *self,
                 TernDraftPost *post)
{
  emit_changed (self);
}

static void
posts_items_changed_cb (TernDraft  *self,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GListModel *model)
{
  edited_cb (self);
  emit_changed (self);
}

static void
insert_post (TernDraft     *self,
             TernDraftPost *post)
{
  g_signal_connect_object (post, "changed",
                           G_CALLBACK (post_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (post, "notify::text",
                           G_CALLBACK (edited_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (tern_draft_post_get_attachments (post), "items-changed",
                           G_CALLBACK (edited_cb), self,
                           G_CONNECT_SWAPPED);
  g_list_store_append (self->posts, post);
}

static void
tern_draft_dispose (GObject *object)
{
  TernDraft *self = (TernDraft *)object;

  if (self->posts != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->posts));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TernDraftPost) post = g_list_model_get_item (G_LIST_MODEL (self->posts), i);

          g_signal_handlers_disconnect_by_data (post, self);
          g_signal_handlers_disconnect_by_data (tern_draft_post_get_attachments (post), self);
        }
      g_signal_handlers_disconnect_by_data (self->posts, self);
    }
  g_clear_object (&self->posts);

  G_OBJECT_CLASS (tern_draft_parent_class)->dispose (object);
}

static void
tern_draft_finalize (GObject *object)
{
  TernDraft *self = (TernDraft *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->account, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->reply_to, g_free);
  g_clear_pointer (&self->quote, g_free);
  g_clear_pointer (&self->reply_settings, g_free);

  G_OBJECT_CLASS (tern_draft_parent_class)->finalize (object);
}

static void
tern_draft_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TernDraft *self = TERN_DRAFT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_ACCOUNT:
      g_value_set_string (value, self->account);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_POSTS:
      g_value_set_object (value, self->posts);
      break;
    case PROP_REPLY_TO:
      g_value_set_string (value, self->reply_to);
      break;
    case PROP_QUOTE:
      g_value_set_string (value, self->quote);
      break;
    case PROP_REPLY_SETTINGS:
      g_value_set_string (value, self->reply_settings);
      break;
    case PROP_MODIFIED:
      g_value_set_int64 (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_draft_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TernDraft *self = TERN_DRAFT (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      tern_draft_set_account (self, g_value_get_string (value));
      break;
    case PROP_LAST_ERROR:
      tern_draft_set_last_error (self, g_value_get_string (value));
      break;
    case PROP_REPLY_TO:
      tern_draft_set_reply_to (self, g_value_get_string (value));
      break;
    case PROP_QUOTE:
      tern_draft_set_quote (self, g_value_get_string (value));
      break;
    case PROP_REPLY_SETTINGS:
      tern_draft_set_reply_settings (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_draft_class_init (TernDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tern_draft_dispose;
  object_class->finalize = tern_draft_finalize;
  object_class->get_property = tern_draft_get_property;
  object_class->set_property = tern_draft_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_string ("account", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSTS] =
    g_param_spec_object ("posts", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* The post the thread's first post replies to, or NULL. */
  properties[PROP_REPLY_TO] =
    g_param_spec_string ("reply-to", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The post the thread's first post quotes, or NULL. */
  properties[PROP_QUOTE] =
    g_param_spec_string ("quote", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Who can reply to the thread's posts (X's reply_settings), or NULL for
   * everyone. */
  properties[PROP_REPLY_SETTINGS] =
    g_param_spec_string ("reply-settings", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* When the draft last changed: wall-clock microseconds since 1970. */
  properties[PROP_MODIFIED] =
    g_param_spec_int64 ("modified", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TernDraft::changed:
   *
   * Emitted after any change to the draft, one of its posts or one of
   * their attachments.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tern_draft_init (TernDraft *self)
{
  self->posts = g_list_store_new (TERN_TYPE_DRAFT_POST);
  g_signal_connect_object (self->posts, "items-changed",
                           G_CALLBACK (posts_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/**
 * tern_draft_new:
 *
 * Returns: (transfer full): a draft with a fresh id and one empty post
 */
TernDraft *
tern_draft_new (void)
{
  g_autoptr(TernDraftPost) post = tern_draft_post_new ();
  TernDraft *self = g_object_new (TERN_TYPE_DRAFT, NULL);

  self->id = g_uuid_string_random ();
  insert_post (self, post);
  self->modified = g_get_real_time ();

  return self;
}

/**
 * tern_draft_new_from_json:
 * @node: what tern_draft_to_json() made, maybe by another version of Tern
 * @error: set to a %TERN_DRAFT_ERROR when @node is not a draft this
 *   version can read
 *
 * Members this version does not know are ignored.
 *
 * Returns: (transfer full) (nullable): the draft, or %NULL on error
 */
TernDraft *
tern_draft_new_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(TernDraft) self = NULL;
  JsonObject *object;
  JsonArray *posts;
  const char *id, *account, *last_error, *reply_to, *quote, *reply_settings;
  gint64 version, modified;
  guint n;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  object = tern_json_expect_object (node, _("draft"), error);
  if (object == NULL)
    return NULL;

  if (!tern_json_get_optional_int (object, "version", _("draft"), -1, &version, error))
    return NULL;
  if (version < 1)
    {
      g_set_error (error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_INVALID,
                   _("The file has no draft format version; it is not a Tern draft or it is damaged"));
      return NULL;
    }
  if (version > TERN_DRAFT_FORMAT_VERSION)
    {
      g_set_error (error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_NEWER_VERSION,
                   _("The draft was saved by a newer version of Tern; open it with that version"));
      return NULL;
    }

  if (!tern_json_get_optional_string (object, "id", _("draft"), &id, error) ||
      !tern_json_get_optional_string (object, "account", _("draft"), &account, error) ||
      !tern_json_get_optional_string (object, "last-error", _("draft"), &last_error, error) ||
      !tern_json_get_optional_string (object, "reply-to", _("draft"), &reply_to, error) ||
      !tern_json_get_optional_string (object, "quote", _("draft"), &quote, error) ||
      !tern_json_get_optional_string (object, "reply-settings", _("draft"), &reply_settings, error) ||
      !tern_json_get_optional_array (object, "posts", _("draft"), &posts, error) ||
      !tern_json_get_optional_int (object, "modified", _("draft"), 0, &modified, error))
    return NULL;

  if (!id_is_valid (id))
    {
      g_set_error (error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_INVALID,
                   _("The saved draft has no usable id; the file is damaged"));
      return NULL;
    }
  if (posts == NULL)
    {
      g_set_error (error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_INVALID,
                   _("The saved draft has no posts; the file is damaged"));
      return NULL;
    }

  self = g_object_new (TERN_TYPE_DRAFT, NULL);
  self->id = g_strdup (id);
  self->account = g_strdup (account);
  /* Checked again before sending; kept as saved so nothing is lost. */
  self->reply_to = g_strdup (reply_to);
  self->quote = g_strdup (quote);
  self->reply_settings = g_strdup (reply_settings);

  n = json_array_get_length (posts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TernDraftPost) post =
        tern_draft_post_new_from_json (json_array_get_element (posts, i), error);

      if (post == NULL)
        return NULL;
      insert_post (self, post);
    }

  /* A thread is never empty: an empty list is read as one empty post. */
  if (n == 0)
    {
      g_autoptr(TernDraftPost) post = tern_draft_post_new ();

      insert_post (self, post);
    }

  /* Set after the posts, whose arrival would count as an edit. */
  self->last_error = g_strdup (last_error);
  self->modified = CLAMP (modified, 0, G_MAXINT64);

  return g_steal_pointer (&self);
}

/**
 * tern_draft_to_json:
 *
 * Returns: (transfer full): the draft as a JSON object with a "version"
 */
JsonNode *
tern_draft_to_json (TernDraft *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n;

  g_return_val_if_fail (TERN_IS_DRAFT (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, TERN_DRAFT_FORMAT_VERSION);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  if (self->account != NULL)
    {
      json_builder_set_member_name (builder, "account");
      json_builder_add_string_value (builder, self->account);
    }
  if (self->modified > 0)
    {
      json_builder_set_member_name (builder, "modified");
      json_builder_add_int_value (builder, self->modified);
    }
  if (self->last_error != NULL)
    {
      json_builder_set_member_name (builder, "last-error");
      json_builder_add_string_value (builder, self->last_error);
    }
  if (self->reply_to != NULL)
    {
      json_builder_set_member_name (builder, "reply-to");
      json_builder_add_string_value (builder, self->reply_to);
    }
  if (self->quote != NULL)
    {
      json_builder_set_member_name (builder, "quote");
      json_builder_add_string_value (builder, self->quote);
    }
  if (self->reply_settings != NULL)
    {
      json_builder_set_member_name (builder, "reply-settings");
      json_builder_add_string_value (builder, self->reply_settings);
    }
  json_builder_set_member_name (builder, "posts");
  json_builder_begin_array (builder);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->posts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TernDraftPost) post = g_list_model_get_item (G_LIST_MODEL (self->posts), i);

      json_builder_add_value (builder, tern_draft_post_to_json (post));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
tern_draft_get_id (TernDraft *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT (self), NULL);

  return self->id;
}

/**
 * tern_draft_get_account:
 *
 * Returns: (nullable): the account the draft goes to, or %NULL for the
 *   active one
 */
const char *
tern_draft_get_account (TernDraft *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT (self), NULL);

  return self->account;
}

void
tern_draft_set_account (TernDraft  *self,
                        const char *account)
{
  g_return_if_fail (TERN_IS_DRAFT (self));

  if (!tern_set_string (self, &self->account, account, properties[PROP_ACCOUNT]))
    return;
  emit_changed (self);
}

/**
 * tern_draft_get_posts:
 *
 * Returns: (transfer none): a #GListModel of #TernDraftPost, never empty
 */
GListModel *
tern_draft_get_posts (TernDraft *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT (self), NULL);

  return G_LIST_MODEL (self->posts);
}

/**
 * tern_draft_get_post:
 *
 * Returns: (transfer none) (nullable): the post at @position
 */
TernDraftPost *
tern_draft_get_post (TernDraft *self,
                     guint      position)
{
  g_autoptr(TernDraftPost) post = NULL;

  g_return_val_if_fail (TERN_IS_DRAFT (self), NULL);

  post = g_list_model_get_item (G_LIST_MODEL (self->posts), position);
  /* The store keeps its own reference. */
  return post;
}

/**
 * tern_draft_append_post:
 *
 * Returns: (transfer none): the new, empty last post of the thread
 */
TernDraftPost *
tern_draft_append_post (TernDraft *self)
{
  g_autoptr(TernDraftPost) post = NULL;

  g_return_val_if_fail (TERN_IS_DRAFT (self), NULL);

  post = tern_draft_post_new ();
  insert_post (self, post);
  return post;
}

/**
 * tern_draft_remove_post:
 * @position: which post; the thread keeps at least one, so the only post
 *   cannot be removed
 */
void
tern_draft_remove_post (TernDraft *self,
                        guint      position)
{
  g_autoptr(TernDraftPost) post = NULL;

  g_return_if_fail (TERN_IS_DRAFT (self));
  g_return_if_fail (position < g_list_model_get_n_items (G_LIST_MODEL (self->posts)));
  g_return_if_fail (g_list_model_get_n_items (G_LIST_MODEL (self->posts)) > 1);

  post = g_list_model_get_item (G_LIST_MODEL (self->posts), position);
  g_signal_handlers_disconnect_by_data (post, self);
  g_signal_handlers_disconnect_by_data (tern_draft_post_get_attachments (post), self);
  g_list_store_remove (self->posts, position);
}

/**
 * tern_draft_insert_post:
 * @position: where it goes in the thread (past the end: last)
 * @post: a post not in this draft, such as one removed before and put
 *   back by Undo
 */
void
tern_draft_insert_post (TernDraft     *self,
                        guint          position,
                        TernDraftPost *post)
{
  guint found;

  g_return_if_fail (TERN_IS_DRAFT (self));
  g_return_if_fail (TERN_IS_DRAFT_POST (post));
  g_return_if_fail (!g_list_store_find (self->posts, post, &found));

  g_signal_connect_object (post, "changed",
                           G_CALLBACK (post_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_list_store_insert (self->posts,
                       MIN (position, g_list_model_get_n_items (G_LIST_MODEL (self->posts))),
                       post);
}

/**
 * tern_draft_move_post:
 * @from: the post's place now
 * @to: its place after the move
 *
 * Moves one post, in one change of the model (the posts between shift
 * by one), so a view can keep its widgets. The thread is posted in this
 * order.
 */
void
tern_draft_move_post (TernDraft *self,
                      guint      from,
                      guint      to)
{
  g_return_if_fail (TERN_IS_DRAFT (self));

  tern_list_store_move (self->posts, from, to);
}

/**
 * tern_draft_get_last_error:
 *
 * Returns: (nullable): why the last send stopped, or %NULL
 */
const char *
tern_draft_get_last_error (TernDraft *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT (self), NULL);

  return self->last_error;
}

void
tern_draft_set_last_error (TernDraft  *self,
                           const char *message)
{
  g_return_if_fail (TERN_IS_DRAFT (self));

  if (!tern_set_string (self, &self->last_error, message, properties[PROP_LAST_ERROR]))
    return;
  emit_changed (self);
}

/**
 * tern_draft_is_empty:
 *
 * Returns: %TRUE when no post has text or attachments
 */
gboolean
tern_draft_is_empty (TernDraft *self)
{
  guint n;

  g_return_val_if_fail (TERN_IS_DRAFT (self), TRUE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->posts));
  for (guint i = 0; i < n; i++)
    {
      TernDraftPost *post = tern_draft_get_post (self, i);

      if (*tern_draft_post_get_text (post) != '\0' ||
          g_list_model_get_n_items (tern_draft_post_get_attachments (post)) > 0)
        return FALSE;
    }
  return TRUE;
}

/**
 * tern_draft_is_finished:
 *
 * Returns: %TRUE when every post of the thread exists on X
 */
gboolean
tern_draft_is_finished (TernDraft *self)
{
  guint n;

  g_return_val_if_fail (TERN_IS_DRAFT (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->posts));
  for (guint i = 0; i < n; i++)
    if (tern_draft_post_get_posted_id (tern_draft_get_post (self, i)) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
set_string (TernDraft   *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  emit_changed (self);
  return TRUE;
}

/**
 * tern_draft_get_reply_to:
 *
 * Returns: (nullable): the id of the post the thread replies to
 */
const char *
tern_draft_get_reply_to (TernDraft *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT (self), NULL);

  return self->reply_to;
}

/**
 * tern_draft_set_reply_to:
 * @post_id: (nullable): the id of an existing post; the first post of the
 *   thread replies to it (the others reply to the post before them)
 */
void
tern_draft_set_reply_to (TernDraft  *self,
                         const char *post_id)
{
  g_return_if_fail (TERN_IS_DRAFT (self));

  set_string (self, &self->reply_to, post_id, PROP_REPLY_TO);
}

/**
 * tern_draft_get_quote:
 *
 * Returns: (nullable): the id of the post the thread's first post quotes
 */
const char *
tern_draft_get_quote (TernDraft *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT (self), NULL);

  return self->quote;
}

void
tern_draft_set_quote (TernDraft  *self,
                      const char *post_id)
{
  g_return_if_fail (TERN_IS_DRAFT (self));

  set_string (self, &self->quote, post_id, PROP_QUOTE);
}

/**
 * tern_draft_get_reply_settings:
 *
 * Returns: (nullable): X's `reply_settings` for every post of the thread,
 *   or %NULL when everyone can reply
 */
const char *
tern_draft_get_reply_settings (TernDraft *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT (self), NULL);

  return self->reply_settings;
}

/**
 * tern_draft_set_reply_settings:
 * @value: (nullable): `following`, `mentionedUsers`, `verified`,
 *   `subscribers`, or %NULL (or "") for everyone; anything else is refused
 *   when sending (tern_post_validate_draft())
 */
void
tern_draft_set_reply_settings (TernDraft  *self,
                               const char *value)
{
  g_return_if_fail (TERN_IS_DRAFT (self));

  set_string (self, &self->reply_settings, value, PROP_REPLY_SETTINGS);
}

/**
 * tern_draft_get_modified:
 *
 * Returns: when the draft last changed, in wall-clock microseconds since
 *   1970, or 0 when a saved draft did not say (the store then uses its
 *   file's time)
 */
gint64
tern_draft_get_modified (TernDraft *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT (self), 0);

  return self->modified;
}

/**
 * tern_draft_set_modified:
 * @modified: wall-clock microseconds since 1970
 *
 * For the store, which knows a file's time when the draft in it did not
 * record one. Changing it is not a change of the draft.
 */
void
tern_draft_set_modified (TernDraft *self,
                         gint64     modified)
{
  g_return_if_fail (TERN_IS_DRAFT (self));
  g_return_if_fail (modified >= 0);

  TERN_SET_SCALAR (self, self->modified, modified, properties[PROP_MODIFIED]);
}

/**
 * tern_draft_dup_first_line:
 * @max_chars: at most this many characters are returned
 *
 * What a list of drafts names the draft by: the first line with text in
 * the thread, without surrounding blanks. Only the start of the text is
 * read, so it is cheap for a long post.
 *
 * Returns: (transfer full) (nullable): the line, or %NULL when no post
 *   has text
 */
char *
tern_draft_dup_first_line (TernDraft *self,
                           guint      max_chars)
{
  guint n;

  g_return_val_if_fail (TERN_IS_DRAFT (self), NULL);
  g_return_val_if_fail (max_chars > 0, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->posts));
  for (guint i = 0; i < n; i++)
    {
      const char *text = tern_draft_post_get_text (tern_draft_get_post (self, i));
      const char *start = text, *end;
      GString *line;
      guint count = 0;

      while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
        start = g_utf8_next_char (start);
      if (*start == '\0')
        continue;

      for (end = start; *end != '\0' && *end != '\n' && count < max_chars; end = g_utf8_next_char (end))
        count++;
      line = g_string_new_len (start, end - start);
      while (line->len > 0 && g_ascii_isspace (line->str[line->len - 1]))
        g_string_truncate (line, line->len - 1);
      return g_string_free (line, FALSE);
    }
  return NULL;
}
