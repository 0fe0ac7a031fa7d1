/* test-utils.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Core plumbing (tern-utils): the one cancellable wait every flow uses
 * between tries, and the setters that notify only on change. */

#include "config.h"

#include "core/tern-utils.h"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  GMainContext *context;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  /* Back on the context the wait was started from. */
  g_assert_true (g_main_context_get_thread_default () == wait->context ||
                 (wait->context == g_main_context_default () &&
                  g_main_context_get_thread_default () == NULL));
  wait->ok = tern_wait_finish (result, &wait->error);
  wait->done = TRUE;
}

static void
test_wait_ends (void)
{
  Wait wait = { .context = g_main_context_default () };

  tern_wait_async (1, NULL, wait_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
}

/* A wait of an hour ends as soon as it is cancelled: the test would
 * otherwise run into its timeout. */
static void
test_wait_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait wait = { .context = g_main_context_default () };

  tern_wait_async (3600 * 1000, cancellable, wait_cb, &wait);
  g_cancellable_cancel (cancellable);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (wait.ok);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
}

/* Started from a thread-default context, the wait runs there: only that
 * context is iterated here, so a wait on the default one never ends. */
static void
test_wait_thread_default (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  Wait wait = { .context = context };

  g_main_context_push_thread_default (context);
  tern_wait_async (1, NULL, wait_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  g_assert_true (wait.ok);
  g_assert_false (g_main_context_pending (NULL));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_setters_notify_on_change (void)
{
  g_autoptr(GObject) object = g_object_new (G_TYPE_BINDING_GROUP, NULL);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), "source");
  g_autofree char *text = NULL;
  gboolean flag = FALSE;
  guint number = 0;
  guint count = 0;

  g_signal_connect (object, "notify::source", G_CALLBACK (notify_cb), &count);

  g_assert_true (tern_set_string (object, &text, "a", pspec));
  g_assert_false (tern_set_string (object, &text, "a", pspec));
  g_assert_cmpstr (text, ==, "a");
  g_assert_true (tern_set_string (object, &text, NULL, pspec));
  g_assert_null (text);
  g_assert_cmpuint (count, ==, 2);

  g_assert_true (tern_set_boolean (object, &flag, 42, pspec));
  g_assert_false (tern_set_boolean (object, &flag, TRUE, pspec));
  g_assert_cmpint (flag, ==, TRUE);
  g_assert_cmpuint (count, ==, 3);

  g_assert_true (TERN_SET_SCALAR (object, number, 7u, pspec));
  g_assert_false (TERN_SET_SCALAR (object, number, 7u, pspec));
  g_assert_cmpuint (number, ==, 7);
  g_assert_cmpuint (count, ==, 4);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *changes)
{
  (*changes)++;
}

static char *
names (GListStore *store)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_string_append (out, g_object_get_data (item, "name"));
    }
  return g_string_free (out, FALSE);
}

/* A move is one change of the model, and the items between shift by one. */
static void
test_list_store_move (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  const char *letters[] = { "a", "b", "c", "d", "e" };
  guint changes = 0;
  g_autofree char *after_down = NULL, *after_up = NULL, *after_same = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
    {
      g_autoptr(GObject) item = g_object_new (G_TYPE_OBJECT, NULL);
      g_object_set_data (item, "name", (gpointer) letters[i]);
      g_list_store_append (store, item);
    }
  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  tern_list_store_move (store, 1, 3);
  after_down = names (store);
  g_assert_cmpstr (after_down, ==, "acdbe");
  g_assert_cmpuint (changes, ==, 1);

  tern_list_store_move (store, 4, 0);
  after_up = names (store);
  g_assert_cmpstr (after_up, ==, "eacdb");
  g_assert_cmpuint (changes, ==, 2);

  tern_list_store_move (store, 2, 2);
  after_same = names (store);
  g_assert_cmpstr (after_same, ==, "eacdb");
  g_assert_cmpuint (changes, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/utils/wait/ends", test_wait_ends);
  g_test_add_func ("/utils/wait/cancelled", test_wait_cancelled);
  g_test_add_func ("/utils/wait/thread-default", test_wait_thread_default);
  g_test_add_func ("/utils/setters-notify-on-change", test_setters_notify_on_change);
  g_test_add_func ("/utils/list-store-move", test_list_store_move);

  return g_test_run ();
}
