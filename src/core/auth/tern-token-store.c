/* tern-token-store.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-token-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tern-token-store.h"
#include "tern-oauth-error.h"
#include "tern-untrusted.h"

G_DEFINE_BOXED_TYPE (TernTokens, tern_tokens, tern_tokens_copy, tern_tokens_free)

G_DEFINE_QUARK (tern-oauth-error-quark, tern_oauth_error)

TernTokens *
tern_tokens_new (void)
{
  return g_new0 (TernTokens, 1);
}

TernTokens *
tern_tokens_copy (const TernTokens *tokens)
{
  TernTokens *copy;

  g_return_val_if_fail (tokens != NULL, NULL);

  copy = tern_tokens_new ();
  copy->access_token = g_strdup (tokens->access_token);
  copy->refresh_token = g_strdup (tokens->refresh_token);
  copy->expires_at = tokens->expires_at;
  copy->scope = g_strdup (tokens->scope);
  copy->client_secret = g_strdup (tokens->client_secret);
  return copy;
}

void
tern_tokens_free (TernTokens *tokens)
{
  if (tokens == NULL)
    return;
  tern_secret_free (tokens->access_token);
  tern_secret_free (tokens->refresh_token);
  g_free (tokens->scope);
  tern_secret_free (tokens->client_secret);
  g_free (tokens);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/**
 * tern_tokens_to_json:
 *
 * Returns: (transfer full): the keyring secret; free with tern_secret_free()
 */
char *
tern_tokens_to_json (const TernTokens *tokens)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (tokens != NULL, NULL);

  json_builder_begin_object (builder);
  add_string_member (builder, "access_token", tokens->access_token);
  add_string_member (builder, "refresh_token", tokens->refresh_token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_int_value (builder, tokens->expires_at);
  add_string_member (builder, "scope", tokens->scope);
  add_string_member (builder, "client_secret", tokens->client_secret);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  /* The node tree still holds copies; they go with the builder. json-glib
   * does not wipe them, which is the one place a token lingers in freed
   * memory. */
  return json_generator_to_data (generator, NULL);
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/**
 * tern_tokens_new_from_json:
 *
 * Returns: (transfer full) (nullable): the tokens in a keyring secret
 */
TernTokens *
tern_tokens_new_from_json (const char  *json,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(TernTokens) tokens = NULL;
  JsonNode *root;
  JsonObject *object;

  g_return_val_if_fail (json != NULL, NULL);

  if (!tern_untrusted_json_load (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_KEYRING,
                           _("The sign-in saved in the keyring is damaged. Sign in again."));
      return NULL;
    }

  object = json_node_get_object (root);
  tokens = tern_tokens_new ();
  tokens->access_token = dup_member (object, "access_token");
  tokens->refresh_token = dup_member (object, "refresh_token");
  tokens->scope = dup_member (object, "scope");
  tokens->client_secret = dup_member (object, "client_secret");
  if (json_object_has_member (object, "expires_at"))
    tokens->expires_at = json_object_get_int_member (object, "expires_at");

  if (tokens->access_token == NULL && tokens->refresh_token == NULL)
    {
      g_set_error_literal (error, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_KEYRING,
                           _("The sign-in saved in the keyring is damaged. Sign in again."));
      return NULL;
    }

  return g_steal_pointer (&tokens);
}

const SecretSchema *
tern_token_store_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.tern_app.Tern.Token", SECRET_SCHEMA_NONE,
    {
      { "api-base", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "client-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* A keyring that never answers (a locked one whose password prompt
 * cannot show, a Secret portal that is stuck) would hold a sign-in, a
 * post or a token refresh forever: each call has a deadline, long enough
 * for a person to type the keyring's password. TERN_KEYRING_DEADLINE
 * (seconds) shortens it, for tests. */
#define KEYRING_DEADLINE_SECONDS 120

typedef struct
{
  GTask        *task;          /* unowned: it owns this */
  GCancellable *cancellable;   /* what libsecret is given */
  GCancellable *outer;         /* the caller's, or NULL */
  gulong        outer_id;
  GSource      *timeout;
  guint         seconds;
  gboolean      passed;        /* the task has ended with it */
} Deadline;

static void
deadline_free (Deadline *deadline)
{
  if (deadline->timeout != NULL)
    {
      g_source_destroy (deadline->timeout);
      g_source_unref (deadline->timeout);
    }
  if (deadline->outer != NULL)
    {
      g_cancellable_disconnect (deadline->outer, deadline->outer_id);
      g_object_unref (deadline->outer);
    }
  g_object_unref (deadline->cancellable);
  g_free (deadline);
}

/* The task ends now, whether or not libsecret ever calls back; when it
 * does, it finds the task ended (keyring_deadline_passed()). */
static gboolean
deadline_passed_cb (gpointer user_data)
{
  Deadline *deadline = user_data;

  g_clear_pointer (&deadline->timeout, g_source_unref);
  deadline->passed = TRUE;
  g_task_return_new_error (deadline->task, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_KEYRING,
                           _("The keyring did not answer within %u seconds. If it is asking for "
                             "its password, unlock it, then try again."),
                           deadline->seconds);
  g_cancellable_cancel (deadline->cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
keyring_deadline_passed (GTask *task)
{
  Deadline *deadline = g_task_get_task_data (task);

  return deadline != NULL && deadline->passed;
}

static void
outer_cancelled_cb (GCancellable *outer,
                    gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* Gives @task a deadline; returns the cancellable to hand to libsecret. */
static GCancellable *
task_add_deadline (GTask        *task,
                   GCancellable *outer)
{
  Deadline *deadline = g_new0 (Deadline, 1);
  const char *env = g_getenv ("TERN_KEYRING_DEADLINE");
  guint64 seconds = KEYRING_DEADLINE_SECONDS;

  if (env != NULL && !g_ascii_string_to_unsigned (env, 10, 1, G_MAXUINT / 1000, &seconds, NULL))
    seconds = KEYRING_DEADLINE_SECONDS;
  deadline->task = task;
  deadline->seconds = (guint) seconds;
  deadline->cancellable = g_cancellable_new ();
  if (outer != NULL)
    {
      deadline->outer = g_object_ref (outer);
      deadline->outer_id = g_cancellable_connect (outer, G_CALLBACK (outer_cancelled_cb),
                                                  g_object_ref (deadline->cancellable),
                                                  g_object_unref);
    }
  deadline->timeout = g_timeout_source_new_seconds (deadline->seconds);
  g_source_set_callback (deadline->timeout, deadline_passed_cb, deadline, NULL);
  g_source_set_static_name (deadline->timeout, "[tern] keyring deadline");
  g_source_attach (deadline->timeout, g_main_context_get_thread_default ());
  g_task_set_task_data (task, deadline, (GDestroyNotify) deadline_free);
  return deadline->cancellable;
}

/* Ends @task with @cause: a cancellation as it is, anything else as a
 * keyring error saying @what went wrong. libsecret's messages name D-Bus
 * services and paths, never the secret. */
static void
return_keyring_error (GTask      *task,
                      GError     *cause,
                      const char *what)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_error_copy (cause));
  else
    g_task_return_new_error (task, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_KEYRING,
                             "%s (%s)", what, cause->message);
}

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean stored = secret_password_store_finish (result, &error);

  /* Whatever the answer, a passed deadline has ended the task. */
  if (keyring_deadline_passed (task))
    return;
  if (!stored)
    {
      g_debug ("keyring: store failed");
      return_keyring_error (task, error,
                            _("Tern could not save the sign-in in the keyring. "
                              "Check that a keyring (GNOME Keyring or another Secret Service) is running and unlocked"));
      return;
    }

  g_debug ("keyring: stored");
  g_task_return_boolean (task, TRUE);
}

/**
 * tern_token_store_save_async:
 *
 * Writes @tokens to the default keyring collection, replacing the item for
 * the same API base, client id and user id.
 */
void
tern_token_store_save_async (const char          *api_base,
                             const char          *client_id,
                             const char          *user_id,
                             const char          *label,
                             const TernTokens    *tokens,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GCancellable *keyring_cancellable;
  char *secret;

  g_return_if_fail (api_base != NULL);
  g_return_if_fail (client_id != NULL);
  g_return_if_fail (user_id != NULL);
  g_return_if_fail (tokens != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_token_store_save_async);

  secret = tern_tokens_to_json (tokens);
  keyring_cancellable = task_add_deadline (task, cancellable);
  secret_password_store (tern_token_store_get_schema (), SECRET_COLLECTION_DEFAULT,
                         label ? label : "Tern", secret, keyring_cancellable,
                         save_cb, g_steal_pointer (&task),
                         "api-base", api_base,
                         "client-id", client_id,
                         "user-id", user_id,
                         NULL);
  tern_secret_free (secret);
}

gboolean
tern_token_store_save_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;
  TernTokens *tokens;

  secret = secret_password_lookup_finish (result, &error);
  if (keyring_deadline_passed (task))
    {
      secret_password_free (secret);
      return;
    }
  if (error != NULL)
    {
      g_debug ("keyring: lookup failed");
      return_keyring_error (task, error,
                            _("Tern could not read the sign-in from the keyring. "
                              "Check that a keyring is running and unlocked, then try again"));
      return;
    }

  if (secret == NULL)
    {
      g_debug ("keyring: no item");
      g_task_return_new_error (task, TERN_OAUTH_ERROR, TERN_OAUTH_ERROR_NEEDS_SIGN_IN,
                               _("The keyring holds no sign-in for this account. Sign in again."));
      return;
    }

  tokens = tern_tokens_new_from_json (secret, &error);
  secret_password_free (secret);
  if (tokens == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, tokens, (GDestroyNotify) tern_tokens_free);
}

void
tern_token_store_load_async (const char          *api_base,
                             const char          *client_id,
                             const char          *user_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (api_base != NULL);
  g_return_if_fail (client_id != NULL);
  g_return_if_fail (user_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_token_store_load_async);

  secret_password_lookup (tern_token_store_get_schema (), task_add_deadline (task, cancellable),
                          load_cb, task,
                          "api-base", api_base,
                          "client-id", client_id,
                          "user-id", user_id,
                          NULL);
}

/**
 * tern_token_store_load_finish:
 *
 * Returns: (transfer full) (nullable): the stored tokens; the error is
 *   %TERN_OAUTH_ERROR_NEEDS_SIGN_IN when there are none
 */
TernTokens *
tern_token_store_load_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
delete_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to delete, which is fine. */
  secret_password_clear_finish (result, &error);
  if (keyring_deadline_passed (task))
    return;
  if (error != NULL)
    {
      return_keyring_error (task, error,
                            _("Tern could not remove the sign-in from the keyring. "
                              "Check that a keyring is running and unlocked, then try again"));
      return;
    }

  g_debug ("keyring: cleared");
  g_task_return_boolean (task, TRUE);
}

void
tern_token_store_delete_async (const char          *api_base,
                               const char          *client_id,
                               const char          *user_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (api_base != NULL);
  g_return_if_fail (client_id != NULL);
  g_return_if_fail (user_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_token_store_delete_async);

  secret_password_clear (tern_token_store_get_schema (), task_add_deadline (task, cancellable),
                         delete_cb, task,
                         "api-base", api_base,
                         "client-id", client_id,
                         "user-id", user_id,
                         NULL);
}

gboolean
tern_token_store_delete_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
