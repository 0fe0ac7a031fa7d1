/* tern-sandbox.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-sandbox"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-sandbox.h"
#include "core/auth/tern-oauth.h"
#include "sim/tern-sim.h"

/* The sandbox: an X simulator inside Tern, signed in to through the same
 * OAuth flow as X itself. Its consent page approves at once, so the
 * "browser" step visits it in-process and follows its redirect to the
 * loopback server. The account lives in memory only. */

#define SANDBOX_CLIENT_ID "tern-sandbox"

struct _TernSandbox
{
  GObject  parent_instance;

  TernSim *sim;
  char    *redirect_uri;
};

G_DEFINE_FINAL_TYPE (TernSandbox, tern_sandbox, G_TYPE_OBJECT)

static void
tern_sandbox_finalize (GObject *object)
{
  TernSandbox *self = TERN_SANDBOX (object);

  if (self->sim != NULL)
    tern_sim_stop (self->sim);
  g_clear_object (&self->sim);
  g_free (self->redirect_uri);

  G_OBJECT_CLASS (tern_sandbox_parent_class)->finalize (object);
}

static void
tern_sandbox_class_init (TernSandboxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tern_sandbox_finalize;
}

static void
tern_sandbox_init (TernSandbox *self)
{
}

/**
 * tern_sandbox_get_default:
 *
 * Returns: (transfer none): the one sandbox of this process
 */
TernSandbox *
tern_sandbox_get_default (void)
{
  static TernSandbox *sandbox;

  if (sandbox == NULL)
    sandbox = g_object_new (TERN_TYPE_SANDBOX, NULL);
  return sandbox;
}

/**
 * tern_sandbox_get_api_base:
 *
 * Returns: (nullable): the simulator's address, once started
 */
const char *
tern_sandbox_get_api_base (TernSandbox *self)
{
  g_return_val_if_fail (TERN_IS_SANDBOX (self), NULL);

  return self->sim ? tern_sim_get_base_url (self->sim) : NULL;
}

/**
 * tern_sandbox_get_sim:
 *
 * Returns: (transfer none) (nullable): the simulator, once started (for
 *   tests, which look at what it received)
 */
TernSim *
tern_sandbox_get_sim (TernSandbox *self)
{
  g_return_val_if_fail (TERN_IS_SANDBOX (self), NULL);

  return self->sim;
}

/* The simulator checks the redirect URI exactly, as X does, so the port
 * is chosen before either side starts. */
static guint
free_loopback_port (GError **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return 0;
  any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  if (!g_socket_bind (socket, any, FALSE, error))
    return 0;
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
ensure_started (TernSandbox  *self,
                GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  guint port;

  if (self->sim != NULL)
    return TRUE;

  port = free_loopback_port (&local_error);
  if (port == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The sandbox could not find a free local port (%s). Close some programs and try again."),
                   local_error->message);
      return FALSE;
    }

  self->redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  self->sim = tern_sim_new_for_client (SANDBOX_CLIENT_ID, NULL, self->redirect_uri);
  if (!tern_sim_start (self->sim, &local_error))
    {
      g_clear_object (&self->sim);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The sandbox could not start (%s). Try again, or sign in to X instead."),
                   local_error->message);
      return FALSE;
    }

  g_debug ("sandbox listening at %s", tern_sim_get_base_url (self->sim));
  return TRUE;
}

/* One sign-in, run on a thread of its own with its own main context: the
 * loopback server, the in-process "browser" and the HTTP client answer one
 * another there, however long the GTK main loop is busy drawing the first
 * frames. Only the account crosses back, to be added on the main thread. */
typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  char         *api_base;
  char         *redirect_uri;
  TernAccount  *account;
  GError       *error;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  g_clear_pointer (&sign_in->loop, g_main_loop_unref);
  g_clear_pointer (&sign_in->context, g_main_context_unref);
  g_free (sign_in->api_base);
  g_free (sign_in->redirect_uri);
  g_clear_object (&sign_in->account);
  g_clear_error (&sign_in->error);
  g_free (sign_in);
}

static void
sign_in_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SignIn *sign_in = user_data;

  sign_in->account = tern_oauth_sign_in_finish (TERN_OAUTH (source), result, &sign_in->error);
  g_main_loop_quit (sign_in->loop);
}

static gpointer
sign_in_thread_func (gpointer data)
{
  g_autoptr(GTask) task = data;
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(TernOAuth) oauth = NULL;
  gpointer alive;

  g_main_context_push_thread_default (sign_in->context);

  oauth = tern_oauth_new (NULL, sign_in->api_base, SANDBOX_CLIENT_ID, NULL, sign_in->redirect_uri);
  tern_oauth_set_ephemeral (oauth, TRUE);
  tern_oauth_set_open_func (oauth, tern_oauth_open_in_process, NULL, NULL);
  tern_oauth_sign_in_async (oauth, g_task_get_cancellable (task), sign_in_done_cb, sign_in);
  g_main_loop_run (sign_in->loop);

  /* The account goes back at once; what is left (the page answering the
   * callback, closing the server) finishes here, so that nothing of the
   * sign-in outlives this thread's context. */
  if (sign_in->account != NULL)
    g_task_return_pointer (task, g_steal_pointer (&sign_in->account), g_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&sign_in->error));

  alive = oauth;
  g_object_add_weak_pointer (G_OBJECT (oauth), &alive);
  g_clear_object (&oauth);
  while (alive != NULL)
    g_main_context_iteration (sign_in->context, TRUE);

  g_main_context_pop_thread_default (sign_in->context);
  return NULL;
}

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TernAccountManager *manager = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(TernAccount) account = NULL;

  account = g_task_propagate_pointer (G_TASK (result), &error);
  if (account == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Ephemeral: nothing is written, so this cannot fail for the disk. */
  if (tern_account_manager_add (manager, account, &error) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_debug ("sandbox account active");
  g_task_return_pointer (task, g_steal_pointer (&account), g_object_unref);
}

/**
 * tern_sandbox_sign_in_async:
 *
 * Starts the simulator if it is not running and signs in to it; the
 * account is added to @manager, made active, and kept in memory only.
 * The sign-in runs on a thread of its own: the calling thread's main loop
 * only hears the result.
 */
void
tern_sandbox_sign_in_async (TernSandbox         *self,
                            TernAccountManager  *manager,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GError) error = NULL;
  SignIn *sign_in;

  g_return_if_fail (TERN_IS_SANDBOX (self));
  g_return_if_fail (TERN_IS_ACCOUNT_MANAGER (manager));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_sandbox_sign_in_async);
  g_task_set_task_data (task, g_object_ref (manager), g_object_unref);

  if (!ensure_started (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sign_in = g_new0 (SignIn, 1);
  sign_in->context = g_main_context_new ();
  sign_in->loop = g_main_loop_new (sign_in->context, FALSE);
  sign_in->api_base = g_strdup (tern_sim_get_base_url (self->sim));
  sign_in->redirect_uri = g_strdup (self->redirect_uri);

  /* Its callback runs here, on the caller's context. */
  worker = g_task_new (self, cancellable, sign_in_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, sign_in_thread_func);
  g_task_set_task_data (worker, sign_in, (GDestroyNotify) sign_in_free);
  g_thread_unref (g_thread_new ("tern-sandbox-sign-in", sign_in_thread_func,
                                g_steal_pointer (&worker)));
}

/**
 * tern_sandbox_sign_in_finish:
 *
 * Returns: (transfer full) (nullable): the sandbox account
 */
TernAccount *
tern_sandbox_sign_in_finish (TernSandbox   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
