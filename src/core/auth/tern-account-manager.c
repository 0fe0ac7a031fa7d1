/* tern-account-manager.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-account-manager"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <json-glib/json-glib.h>

#include "tern-account-manager.h"
#include "tern-oauth-error.h"

/* The accounts Tern knows, in order of sign-in, with what is not secret
 * about them in accounts.json. Tokens and client secrets are in the keyring
 * only. A manager without a path (the sandbox) keeps everything in memory. */

struct _TernAccountManager
{
  GObject      parent_instance;

  char        *path;
  GPtrArray   *accounts;
  TernAccount *active;
};

static void tern_account_manager_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TernAccountManager, tern_account_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      tern_account_manager_list_model_init))

enum {
  PROP_0,
  PROP_ACTIVE_ACCOUNT,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_bool (JsonObject *object,
          const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  return json_node_get_boolean (node);
}

static void
account_needs_sign_in_cb (TernAccount        *account,
                          GParamSpec         *pspec,
                          TernAccountManager *self)
{
  g_autoptr(GError) error = NULL;

  /* Remember across restarts that this account must sign in again. */
  if (!tern_account_manager_save (self, &error))
    g_message ("Could not save the account list: %s", error->message);
}

static void
take_account (TernAccountManager *self,
              TernAccount        *account)
{
  g_signal_connect_object (account, "notify::needs-sign-in",
                           G_CALLBACK (account_needs_sign_in_cb), self, 0);
  g_ptr_array_add (self->accounts, account);
}

static GType
tern_account_manager_get_item_type (GListModel *model)
{
  return TERN_TYPE_ACCOUNT;
}

static guint
tern_account_manager_get_n_items (GListModel *model)
{
  return TERN_ACCOUNT_MANAGER (model)->accounts->len;
}

static gpointer
tern_account_manager_get_item (GListModel *model,
                               guint       position)
{
  TernAccountManager *self = TERN_ACCOUNT_MANAGER (model);

  if (position >= self->accounts->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
tern_account_manager_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = tern_account_manager_get_item_type;
  iface->get_n_items = tern_account_manager_get_n_items;
  iface->get_item = tern_account_manager_get_item;
}

static void
tern_account_manager_finalize (GObject *object)
{
  TernAccountManager *self = TERN_ACCOUNT_MANAGER (object);

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_object (&self->active);
  g_free (self->path);

  G_OBJECT_CLASS (tern_account_manager_parent_class)->finalize (object);
}

static void
tern_account_manager_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TernAccountManager *self = TERN_ACCOUNT_MANAGER (object);

  switch (prop_id)
    {
    case PROP_ACTIVE_ACCOUNT:
      g_value_set_object (value, self->active);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->accounts->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_account_manager_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TernAccountManager *self = TERN_ACCOUNT_MANAGER (object);

  switch (prop_id)
    {
    case PROP_ACTIVE_ACCOUNT:
      tern_account_manager_set_active (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_account_manager_class_init (TernAccountManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tern_account_manager_finalize;
  object_class->get_property = tern_account_manager_get_property;
  object_class->set_property = tern_account_manager_set_property;

  properties[PROP_ACTIVE_ACCOUNT] =
    g_param_spec_object ("active-account", NULL, NULL, TERN_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tern_account_manager_init (TernAccountManager *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * tern_account_manager_new:
 * @path: (nullable): the accounts file, or %NULL to keep accounts in
 *   memory only (the sandbox)
 *
 * Returns: (transfer full): a manager with no accounts; call
 *   tern_account_manager_load() to read the file
 */
TernAccountManager *
tern_account_manager_new (const char *path)
{
  TernAccountManager *self = g_object_new (TERN_TYPE_ACCOUNT_MANAGER, NULL);

  self->path = g_strdup (path);
  return self;
}

/**
 * tern_account_manager_new_default:
 *
 * Returns: (transfer full): a manager for the user's accounts file,
 *   `$XDG_CONFIG_HOME/tern/accounts.json`
 */
TernAccountManager *
tern_account_manager_new_default (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "tern", "accounts.json", NULL);

  return tern_account_manager_new (path);
}

const char *
tern_account_manager_get_path (TernAccountManager *self)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT_MANAGER (self), NULL);
  return self->path;
}

/**
 * tern_account_manager_load:
 *
 * Reads the accounts file (a few hundred bytes; read at start-up). A
 * missing file means no accounts. A damaged file is left as it is and
 * reported, so nothing is lost by writing over it.
 */
gboolean
tern_account_manager_load (TernAccountManager  *self,
                           GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  const char *active_id = NULL, *active_base = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonArray *array = NULL;
  guint removed;

  g_return_val_if_fail (TERN_IS_ACCOUNT_MANAGER (self), FALSE);

  if (self->path == NULL)
    return TRUE;

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Tern could not read its account list %s: %s"),
                   self->path, local_error->message);
      return FALSE;
    }

  if (!json_parser_load_from_data (parser, contents, length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The account list %s is damaged. Move it away and sign in again."),
                   self->path);
      return FALSE;
    }

  object = json_node_get_object (root);
  if (json_object_has_member (object, "accounts") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "accounts")))
    array = json_object_get_array_member (object, "accounts");
  active_id = get_string (object, "active_id");
  active_base = get_string (object, "active_api_base");

  removed = self->accounts->len;
  g_ptr_array_set_size (self->accounts, 0);
  g_clear_object (&self->active);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *entry;
      TernAccount *account;
      const char *api_base, *client_id, *id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = json_node_get_object (node);
      api_base = get_string (entry, "api_base");
      client_id = get_string (entry, "client_id");
      id = get_string (entry, "id");
      if (api_base == NULL || client_id == NULL || id == NULL)
        continue;

      account = tern_account_new (api_base, client_id, id,
                                  get_string (entry, "username"),
                                  get_string (entry, "name"),
                                  get_string (entry, "avatar_url"));
      tern_account_set_has_client_secret (account, get_bool (entry, "has_client_secret"));
      tern_account_set_needs_sign_in (account, get_bool (entry, "needs_sign_in"));
      take_account (self, account);

      if (self->active == NULL && g_strcmp0 (id, active_id) == 0 &&
          g_strcmp0 (api_base, active_base) == 0)
        self->active = g_object_ref (account);
    }

  if (self->active == NULL && self->accounts->len > 0)
    self->active = g_object_ref (g_ptr_array_index (self->accounts, 0));

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->accounts->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_ACCOUNT]);

  return TRUE;
}

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/**
 * tern_account_manager_save:
 *
 * Writes the account list atomically (temporary file, fsync, rename),
 * readable by the user only. Ephemeral accounts are not written.
 */
gboolean
tern_account_manager_save (TernAccountManager  *self,
                           GError             **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (TERN_IS_ACCOUNT_MANAGER (self), FALSE);

  if (self->path == NULL)
    return TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  if (self->active != NULL && !tern_account_get_ephemeral (self->active))
    {
      add_member (builder, "active_id", tern_account_get_id (self->active));
      add_member (builder, "active_api_base", tern_account_get_api_base (self->active));
    }
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->accounts->len; i++)
    {
      TernAccount *account = g_ptr_array_index (self->accounts, i);

      if (tern_account_get_ephemeral (account))
        continue;

      json_builder_begin_object (builder);
      add_member (builder, "id", tern_account_get_id (account));
      add_member (builder, "username", tern_account_get_username (account));
      add_member (builder, "name", tern_account_get_name (account));
      add_member (builder, "avatar_url", tern_account_get_avatar_url (account));
      add_member (builder, "api_base", tern_account_get_api_base (account));
      add_member (builder, "client_id", tern_account_get_client_id (account));
      json_builder_set_member_name (builder, "has_client_secret");
      json_builder_add_boolean_value (builder, tern_account_get_has_client_secret (account));
      json_builder_set_member_name (builder, "needs_sign_in");
      json_builder_add_boolean_value (builder, tern_account_get_needs_sign_in (account));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (self->path, json, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Tern could not save its account list to %s: %s. Check that the folder is writable."),
                   self->path, local_error ? local_error->message : g_strerror (errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * tern_account_manager_find:
 * @name: "@username", "username" or the numeric id
 *
 * Returns: (transfer none) (nullable): the account @name names
 */
TernAccount *
tern_account_manager_find (TernAccountManager *self,
                           const char         *name)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT_MANAGER (self), NULL);

  for (guint i = 0; i < self->accounts->len; i++)
    if (tern_account_matches (g_ptr_array_index (self->accounts, i), name))
      return g_ptr_array_index (self->accounts, i);
  return NULL;
}

/**
 * tern_account_manager_lookup:
 *
 * Returns: (transfer none) (nullable): the account with this user id on
 *   this API base
 */
TernAccount *
tern_account_manager_lookup (TernAccountManager *self,
                             const char         *api_base,
                             const char         *id)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT_MANAGER (self), NULL);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      TernAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_strcmp0 (tern_account_get_api_base (account), api_base) == 0 &&
          g_strcmp0 (tern_account_get_id (account), id) == 0)
        return account;
    }
  return NULL;
}

/**
 * tern_account_manager_get_active:
 *
 * Returns: (transfer none) (nullable): the account posts go from
 */
TernAccount *
tern_account_manager_get_active (TernAccountManager *self)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT_MANAGER (self), NULL);
  return self->active;
}

void
tern_account_manager_set_active (TernAccountManager *self,
                                 TernAccount        *account)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TERN_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (!account || TERN_IS_ACCOUNT (account));

  if (!g_set_object (&self->active, account))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_ACCOUNT]);
  if (!tern_account_manager_save (self, &error))
    g_message ("%s", error->message);
}

/**
 * tern_account_manager_add:
 *
 * Adds a signed-in account, or updates the one with the same id on the
 * same API base (signing in again), makes it active and saves the list.
 *
 * Returns: (transfer none) (nullable): the account the manager holds
 */
TernAccount *
tern_account_manager_add (TernAccountManager  *self,
                          TernAccount         *account,
                          GError             **error)
{
  TernAccount *existing;

  g_return_val_if_fail (TERN_IS_ACCOUNT_MANAGER (self), NULL);
  g_return_val_if_fail (TERN_IS_ACCOUNT (account), NULL);

  existing = tern_account_manager_lookup (self, tern_account_get_api_base (account),
                                          tern_account_get_id (account));
  if (existing != NULL && existing != account)
    {
      guint position = 0;

      /* Signing in again, possibly from another client: the new object
       * holds the new tokens, so it replaces the old one. */
      g_ptr_array_find (self->accounts, existing, &position);
      g_ptr_array_index (self->accounts, position) = g_object_ref (account);
      g_signal_connect_object (account, "notify::needs-sign-in",
                               G_CALLBACK (account_needs_sign_in_cb), self, 0);
      if (self->active == existing)
        g_set_object (&self->active, account);
      g_object_unref (existing);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
  else if (existing == NULL)
    {
      take_account (self, g_object_ref (account));
      g_list_model_items_changed (G_LIST_MODEL (self), self->accounts->len - 1, 0, 1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  if (g_set_object (&self->active, account))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_ACCOUNT]);

  if (!tern_account_manager_save (self, error))
    return NULL;

  return account;
}

static void
forget (TernAccountManager *self,
        TernAccount        *account)
{
  guint position;

  if (!g_ptr_array_find (self->accounts, account, &position))
    return;

  g_signal_handlers_disconnect_by_data (account, self);
  g_ptr_array_remove_index (self->accounts, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  if (self->active == account)
    {
      g_clear_object (&self->active);
      if (self->accounts->len > 0)
        self->active = g_object_ref (g_ptr_array_index (self->accounts, 0));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_ACCOUNT]);
    }
}

static void
remove_delete_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  TernAccountManager *self = g_task_get_source_object (task);
  TernAccount *account = g_task_get_task_data (task);

  if (!tern_token_store_delete_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  forget (self, account);
  if (!tern_account_manager_save (self, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
remove_revoke_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  TernAccountManager *self = g_task_get_source_object (task);
  TernAccount *account = TERN_ACCOUNT (source);
  GCancellable *cancellable;

  if (!tern_account_revoke_finish (account, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (tern_account_get_ephemeral (account))
    {
      forget (self, account);
      g_task_return_boolean (task, TRUE);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  tern_token_store_delete_async (tern_account_get_api_base (account),
                                 tern_account_get_client_id (account),
                                 tern_account_get_id (account),
                                 cancellable, remove_delete_cb, g_steal_pointer (&task));
}

/**
 * tern_account_manager_remove_async:
 *
 * Signs @account out: revokes its tokens at X, then deletes them from the
 * keyring, then forgets the account. If X cannot be reached nothing is
 * removed, so the person can try again.
 */
void
tern_account_manager_remove_async (TernAccountManager  *self,
                                   TernAccount         *account,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TERN_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (TERN_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_account_manager_remove_async);
  g_task_set_task_data (task, g_object_ref (account), g_object_unref);

  tern_account_revoke_async (account, cancellable, remove_revoke_cb, task);
}

gboolean
tern_account_manager_remove_finish (TernAccountManager  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
