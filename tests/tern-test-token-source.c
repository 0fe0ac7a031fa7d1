/* tern-test-token-source.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-test"

#include "config.h"

#include "tern-test-token-source.h"

struct _TernTestTokenSource
{
  GObject              parent_instance;
  char                *token;
  char                *refreshed_token;
  TernTestRefreshFunc  refresh_func;
  gpointer             refresh_data;
  guint                refresh_count;
};

static void token_source_iface_init (TernTokenSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TernTestTokenSource, tern_test_token_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TERN_TYPE_TOKEN_SOURCE, token_source_iface_init))

static void
test_get_token_async (TernTokenSource     *source,
                      const char          *rejected_token,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  TernTestTokenSource *self = TERN_TEST_TOKEN_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  /* Like an account: refresh only when X refused the token held now. */
  if (rejected_token != NULL && g_strcmp0 (rejected_token, self->token) == 0)
    {
      self->refresh_count++;
      if (self->refresh_func != NULL)
        {
          GError *error = NULL;
          char *token = self->refresh_func (self->refresh_data, &error);

          if (token == NULL)
            {
              g_task_return_error (task, error);
              return;
            }
          g_free (self->token);
          self->token = token;
        }
      else if (self->refreshed_token != NULL)
        {
          g_free (self->token);
          self->token = g_steal_pointer (&self->refreshed_token);
        }
    }

  g_task_return_pointer (task, g_strdup (self->token), g_free);
}

static char *
test_get_token_finish (TernTokenSource  *source,
                       GAsyncResult     *result,
                       GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
token_source_iface_init (TernTokenSourceInterface *iface)
{
  iface->get_token_async = test_get_token_async;
  iface->get_token_finish = test_get_token_finish;
}

static void
tern_test_token_source_finalize (GObject *object)
{
  TernTestTokenSource *self = TERN_TEST_TOKEN_SOURCE (object);

  g_free (self->token);
  g_free (self->refreshed_token);
  G_OBJECT_CLASS (tern_test_token_source_parent_class)->finalize (object);
}

static void
tern_test_token_source_class_init (TernTestTokenSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tern_test_token_source_finalize;
}

static void
tern_test_token_source_init (TernTestTokenSource *self)
{
}

TernTokenSource *
tern_test_token_source_new (const char *token)
{
  TernTestTokenSource *self = g_object_new (TERN_TYPE_TEST_TOKEN_SOURCE, NULL);

  self->token = g_strdup (token);
  return TERN_TOKEN_SOURCE (self);
}

void
tern_test_token_source_set_refreshed_token (TernTestTokenSource *self,
                                            const char          *token)
{
  g_free (self->refreshed_token);
  self->refreshed_token = g_strdup (token);
}

void
tern_test_token_source_set_refresh_func (TernTestTokenSource *self,
                                         TernTestRefreshFunc  func,
                                         gpointer             user_data)
{
  self->refresh_func = func;
  self->refresh_data = user_data;
}

guint
tern_test_token_source_get_refresh_count (TernTestTokenSource *self)
{
  return self->refresh_count;
}
