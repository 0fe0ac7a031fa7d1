/* tern-application.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-application"

#include "config.h"

#include <glib/gi18n.h>

#include "core/draft/tern-draft-store.h"
#include "tern-application.h"
#include "tern-ui-utils.h"
#include "tern-window.h"

struct _TernApplication
{
  AdwApplication  parent_instance;

  TernDraftStore *draft_store;
  gboolean        restoring;
  gboolean        last_save_failed;

  TernAccountManager *account_manager;
  char               *accounts_error;
  gboolean            sandbox;
};

G_DEFINE_FINAL_TYPE (TernApplication, tern_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_ACCOUNT_MANAGER,
  PROP_DRAFT_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static TernWindow *
get_window (TernApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return TERN_IS_WINDOW (window) ? TERN_WINDOW (window) : NULL;
}

static void
show_toast (TernApplication *self,
            const char      *message)
{
  TernWindow *window = get_window (self);

  if (window != NULL)
    tern_window_add_toast (window, adw_toast_new (message));
}

static void
draft_saved_cb (TernApplication *self,
                TernDraft       *draft,
                TernDraftStore  *store)
{
  TernWindow *window = get_window (self);

  self->last_save_failed = FALSE;
  if (window != NULL && tern_window_get_draft (window) == draft)
    tern_composer_set_status (tern_window_get_composer (window), _("Draft saved"));
}

static void
draft_save_failed_cb (TernApplication *self,
                      TernDraft       *draft,
                      GError          *error,
                      TernDraftStore  *store)
{
  TernWindow *window = get_window (self);

  if (window != NULL && tern_window_get_draft (window) == draft)
    tern_composer_set_status (tern_window_get_composer (window), _("Draft not saved"));

  /* One toast per run of failures, not one per keystroke. */
  if (!self->last_save_failed)
    show_toast (self, error->message);
  self->last_save_failed = TRUE;
}

static void
flush_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GApplication) app = user_data;
  g_autoptr(GError) error = NULL;

  if (!tern_draft_store_flush_finish (TERN_DRAFT_STORE (object), result, &error))
    g_warning ("The draft could not be saved on closing: %s", error->message);

  g_application_release (app);
}

static gboolean
window_close_request_cb (GtkWindow       *window,
                         TernApplication *self)
{
  /* The window goes at once, but Tern stays until the last change is on
   * disk: closing must never lose the last few keystrokes. */
  g_application_hold (G_APPLICATION (self));
  tern_draft_store_flush_async (self->draft_store, NULL, flush_done_cb, g_object_ref (self));

  return FALSE;
}

static void
restore_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TernApplication) self = user_data;
  g_autoptr(TernDraft) draft = NULL;
  g_autoptr(GPtrArray) moved_aside = NULL;
  g_autoptr(GError) error = NULL;
  TernWindow *window;

  self->restoring = FALSE;
  draft = tern_draft_store_restore_finish (TERN_DRAFT_STORE (object), result, &moved_aside, &error);
  if (draft == NULL)
    draft = tern_draft_new ();
  tern_draft_store_watch (self->draft_store, draft);

  window = tern_window_new (GTK_APPLICATION (self));
  g_signal_connect_object (window, "close-request", G_CALLBACK (window_close_request_cb), self, 0);
  tern_window_set_draft (window, draft);

  /* --sandbox: sign in to the in-process simulator, once, behind the
   * composer, which is what the first frame shows. */
  if (self->sandbox)
    {
      self->sandbox = FALSE;
      tern_window_start_sandbox (window);
    }
  gtk_window_present (GTK_WINDOW (window));

  if (error != NULL)
    show_toast (self, error->message);

  if (self->accounts_error != NULL)
    tern_window_show_error (window, self->accounts_error);
  g_clear_pointer (&self->accounts_error, g_free);

  for (guint i = 0; moved_aside != NULL && i < moved_aside->len; i++)
    {
      g_autofree char *path = g_file_get_path (g_ptr_array_index (moved_aside, i));
      /* Toasts are one short line: the button leads to the file. */
      AdwToast *toast = adw_toast_new (_("A damaged draft was set aside"));

      g_message ("A damaged draft was kept as %s", path);

      adw_toast_set_timeout (toast, 0);
      adw_toast_set_button_label (toast, _("_Open Folder"));
      adw_toast_set_action_name (toast, "app.show-drafts-folder");
      tern_window_add_toast (window, toast);
    }

  g_application_release (G_APPLICATION (self));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing each window saves what is pending; Tern exits after that. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "The Tern developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", "Tern",
                         "application-icon", APPLICATION_ID,
                         "developer-name", "The Tern developers",
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Write posts and threads for X"),
                         NULL);
}

static void
show_drafts_folder_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  TernApplication *self = TERN_APPLICATION (user_data);
  g_autofree char *uri = g_file_get_uri (tern_draft_store_get_directory (self->draft_store));

  tern_ui_launch_uri (GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (self))), uri);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "show-drafts-folder", show_drafts_folder_action },
};

static void
tern_application_activate (GApplication *app)
{
  TernApplication *self = TERN_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  if (self->restoring)
    return;

  /* The window appears once the draft is back, so nothing typed into it
   * can be overwritten by the restore. */
  self->restoring = TRUE;
  g_application_hold (app);
  tern_draft_store_restore_async (self->draft_store, NULL, restore_done_cb, g_object_ref (self));
}

static void
tern_application_startup (GApplication *app)
{
  TernApplication *self = TERN_APPLICATION (app);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (tern_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);

  self->draft_store = tern_draft_store_new_default ();
  g_signal_connect_object (self->draft_store, "saved",
                           G_CALLBACK (draft_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->draft_store, "save-failed",
                           G_CALLBACK (draft_save_failed_cb), self, G_CONNECT_SWAPPED);

  /* A damaged account list is reported and left alone; Tern starts with
   * no account rather than writing over it. */
  {
    g_autoptr(GError) error = NULL;

    self->account_manager = tern_account_manager_new_default ();
    if (!tern_account_manager_load (self->account_manager, &error))
      {
        self->accounts_error = g_strdup (error->message);
        g_clear_object (&self->account_manager);
        self->account_manager = tern_account_manager_new (NULL);
      }
  }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT_STORE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_MANAGER]);
}

static int
tern_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  if (g_variant_dict_contains (options, "sandbox"))
    TERN_APPLICATION (app)->sandbox = TRUE;

  return -1;
}

static void
tern_application_dispose (GObject *object)
{
  TernApplication *self = TERN_APPLICATION (object);

  g_clear_object (&self->draft_store);
  g_clear_object (&self->account_manager);
  g_clear_pointer (&self->accounts_error, g_free);

  G_OBJECT_CLASS (tern_application_parent_class)->dispose (object);
}

static void
tern_application_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TernApplication *self = TERN_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_MANAGER:
      g_value_set_object (value, self->account_manager);
      break;
    case PROP_DRAFT_STORE:
      g_value_set_object (value, self->draft_store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_application_class_init (TernApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = tern_application_dispose;
  object_class->get_property = tern_application_get_property;

  /* Windows take these by property name (tern-window.c). Made at startup. */
  properties[PROP_ACCOUNT_MANAGER] =
    g_param_spec_object ("account-manager", NULL, NULL, TERN_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFT_STORE] =
    g_param_spec_object ("draft-store", NULL, NULL, TERN_TYPE_DRAFT_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  app_class->activate = tern_application_activate;
  app_class->startup = tern_application_startup;
  app_class->handle_local_options = tern_application_handle_local_options;
}

static void
tern_application_init (TernApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "sandbox", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE,
                                 _("Sign in to a local X simulator: try Tern without an X account"),
                                 NULL);
}

TernApplication *
tern_application_new (void)
{
  return g_object_new (TERN_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

/**
 * tern_application_get_draft_store:
 *
 * The store that saves the window's draft as it changes. The sender
 * saves through it after each step and deletes the draft once its last
 * post exists.
 *
 * Returns: (transfer none): the draft store
 */
TernDraftStore *
tern_application_get_draft_store (TernApplication *self)
{
  g_return_val_if_fail (TERN_IS_APPLICATION (self), NULL);

  return self->draft_store;
}

/**
 * tern_application_get_account_manager:
 *
 * Returns: (transfer none): the accounts Tern knows, loaded at start-up
 */
TernAccountManager *
tern_application_get_account_manager (TernApplication *self)
{
  g_return_val_if_fail (TERN_IS_APPLICATION (self), NULL);

  if (self->account_manager == NULL)
    self->account_manager = tern_account_manager_new (NULL);
  return self->account_manager;
}
