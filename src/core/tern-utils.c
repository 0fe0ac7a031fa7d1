/* tern-utils.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-utils"

#include "config.h"

#include <string.h>

#include "tern-utils.h"

/**
 * tern_secret_free:
 * @secret: (nullable): a string that held a secret
 *
 * Frees @secret, overwriting it first.
 */
void
tern_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static gboolean
wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  /* The parent source dispatches as soon as this child is ready. */
  return G_SOURCE_REMOVE;
}

/**
 * tern_wait_async:
 * @delay_ms: how long to wait
 * @cancellable: (nullable): ends the wait early
 * @callback: called when the time is up or the wait is cancelled
 * @user_data: data for @callback
 *
 * Waits @delay_ms without blocking. The wait runs on the thread-default
 * main context of the caller, like every GTask, so a flow driven from a
 * worker thread's context waits there and not on the default one.
 */
void
tern_wait_async (guint                delay_ms,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSource) source = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_wait_async);
  g_task_set_name (task, "[tern] wait");

  source = g_timeout_source_new (delay_ms);
  if (cancellable != NULL)
    {
      g_autoptr(GSource) cancel_source = g_cancellable_source_new (cancellable);

      g_source_set_callback (cancel_source, G_SOURCE_FUNC (wait_cancelled_cb), NULL, NULL);
      g_source_add_child_source (source, cancel_source);
    }
  g_source_set_callback (source, wait_done_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[tern] wait");
  g_source_attach (source, g_task_get_context (task));
}

/**
 * tern_wait_finish:
 * @result: the result given to the callback
 * @error: return location for %G_IO_ERROR_CANCELLED
 *
 * Returns: %TRUE when the time is up, %FALSE when the wait was cancelled
 */
gboolean
tern_wait_finish (GAsyncResult  *result,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * tern_list_store_move:
 * @store: a list of objects
 * @from: the item's place now
 * @to: its place after the move
 *
 * Moves one item in one change of the model (the items between shift by
 * one), so a view can keep its widgets for them.
 */
void
tern_list_store_move (GListStore *store,
                      guint       from,
                      guint       to)
{
  guint n, first, count;
  g_autoptr(GPtrArray) items = NULL;

  g_return_if_fail (G_IS_LIST_STORE (store));

  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_return_if_fail (from < n && to < n);
  if (from == to)
    return;

  first = MIN (from, to);
  count = MAX (from, to) - first + 1;
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = first; i < first + count; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (store), i));
  if (from < to)
    g_ptr_array_add (items, g_ptr_array_steal_index (items, 0));
  else
    g_ptr_array_insert (items, 0, g_ptr_array_steal_index (items, count - 1));
  g_list_store_splice (store, first, count, items->pdata, count);
}
