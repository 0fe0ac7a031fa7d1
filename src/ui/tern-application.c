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
#include "tern-preferences-window.h"
#include "tern-ui-utils.h"
#include "tern-window.h"

/* The hint g_application_open() carries from `tern --new-draft FILE…` (the
 * desktop file's "Open With Tern") to the running instance. */
#define NEW_DRAFT_HINT "new-draft"

struct _TernApplication
{
  AdwApplication  parent_instance;

  TernDraftStore *draft_store;
  gboolean        restoring;
  gboolean        last_save_failed;

  TernAccountManager *account_manager;
  char               *accounts_error;
  gboolean            sandbox;

  /* Files opened before the window exists, attached once it does. */
  GPtrArray          *pending_files;
  gboolean            pending_new_draft;
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
open_files_in_window (TernApplication *self,
                      TernWindow      *window,
                      GPtrArray       *files,
                      gboolean         new_draft)
{
  g_autoptr(GSList) list = NULL;

  /* Open With Tern starts a new draft; the one being written stays on
   * disk, and a toast says where. An empty draft is simply reused. */
  if (new_draft && !tern_draft_is_empty (tern_window_get_draft (window)))
    {
      g_autoptr(TernDraft) fresh = tern_draft_new ();
      AdwToast *toast = adw_toast_new (_("The draft you were writing is kept in the drafts folder"));

      tern_draft_store_watch (self->draft_store, fresh);
      tern_window_set_draft (window, fresh);
      adw_toast_set_button_label (toast, _("_Open Folder"));
      adw_toast_set_action_name (toast, "app.show-drafts-folder");
      tern_window_add_toast (window, toast);
    }

  for (guint i = files->len; i > 0; i--)
    list = g_slist_prepend (list, g_ptr_array_index (files, i - 1));
  tern_window_add_files (window, list);
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
  /* Every draft is in the list; the window continues the newest. */
  tern_draft_store_load_finish (TERN_DRAFT_STORE (object), result, &moved_aside, &error);
  draft = g_list_model_get_item (tern_draft_store_get_drafts (TERN_DRAFT_STORE (object)), 0);
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

  if (self->pending_files != NULL)
    {
      g_autoptr(GPtrArray) files = g_steal_pointer (&self->pending_files);

      open_files_in_window (self, window, files, self->pending_new_draft);
      self->pending_new_draft = FALSE;
    }
  else if (self->pending_new_draft)
    {
      self->pending_new_draft = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (window), "win.new-draft", NULL);
    }

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
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkWidget *window = tern_preferences_window_new (settings, gtk_application_get_active_window (app));

  gtk_window_present (GTK_WINDOW (window));
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

/* `tern --new-draft` (the desktop file's launcher) with no files: a new
 * draft in the running window, or in the one about to open. */
static void
new_draft_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  TernApplication *self = TERN_APPLICATION (user_data);
  TernWindow *window = get_window (self);

  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      gtk_widget_activate_action (GTK_WIDGET (window), "win.new-draft", NULL);
      return;
    }
  self->pending_new_draft = TRUE;
  g_application_activate (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "new-draft", new_draft_action },
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
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
  tern_draft_store_load_async (self->draft_store, NULL, restore_done_cb, g_object_ref (self));
}

static void
tern_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  TernApplication *self = TERN_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  gboolean new_draft = g_strcmp0 (hint, NEW_DRAFT_HINT) == 0;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

  for (int i = 0; i < n_files; i++)
    g_ptr_array_add (list, g_object_ref (files[i]));

  if (TERN_IS_WINDOW (window))
    {
      gtk_window_present (window);
      open_files_in_window (self, TERN_WINDOW (window), list, new_draft);
      return;
    }

  /* The window comes once the draft is restored; the files wait for it. */
  if (self->pending_files == NULL)
    self->pending_files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (self->pending_files, g_object_ref (g_ptr_array_index (list, i)));
  self->pending_new_draft |= new_draft;
  g_application_activate (app);
}

static void
tern_application_startup (GApplication *app)
{
  TernApplication *self = TERN_APPLICATION (app);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *close_accels[] = { "<Control>w", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };
  const char *shortcuts_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (tern_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", shortcuts_accels);

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
  g_autofree const char **paths = NULL;

  if (g_variant_dict_contains (options, "sandbox"))
    TERN_APPLICATION (app)->sandbox = TRUE;

  /* FILE…: open the files in the running instance (or this one, once
   * registered), with a hint for --new-draft, the desktop file's
   * "Open With Tern". */
  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &paths) && paths[0] != NULL)
    {
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;
      gboolean new_draft = g_variant_dict_contains (options, "new-draft");

      for (guint i = 0; paths[i] != NULL; i++)
        g_ptr_array_add (files, g_file_new_for_commandline_arg (paths[i]));
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("tern: %s\n", error->message);
          return 1;
        }
      g_application_open (app, (GFile **) files->pdata, files->len, new_draft ? NEW_DRAFT_HINT : "");
      return 0;
    }

  /* --new-draft alone: the running Tern (or this one) opens a new draft. */
  if (g_variant_dict_contains (options, "new-draft"))
    {
      g_autoptr(GError) error = NULL;

      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("tern: %s\n", error->message);
          return 1;
        }
      g_action_group_activate_action (G_ACTION_GROUP (app), "new-draft", NULL);
      return 0;
    }

  return -1;
}

static void
tern_application_dispose (GObject *object)
{
  TernApplication *self = TERN_APPLICATION (object);

  g_clear_object (&self->draft_store);
  g_clear_object (&self->account_manager);
  g_clear_pointer (&self->accounts_error, g_free);
  g_clear_pointer (&self->pending_files, g_ptr_array_unref);

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
  app_class->open = tern_application_open;
  app_class->handle_local_options = tern_application_handle_local_options;
}

static const GOptionEntry file_entries[] = {
  /* Kept in the options, so handle_local_options can open them with a hint. */
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, NULL },
  { NULL }
};

static void
tern_application_init (TernApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "sandbox", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE,
                                 _("Sign in to a local X simulator: try Tern without an X account"),
                                 NULL);
  g_application_add_main_option (G_APPLICATION (self), "new-draft", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE,
                                 _("Attach the files to a new draft instead of the current one"),
                                 NULL);
  g_application_add_main_option_entries (G_APPLICATION (self), file_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…] or COMMAND"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Opens the composer, attaching any FILE to the draft.\n"
                                              "A running Tern is brought forward and gets the files."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _("Commands (no display needed; see tern COMMAND --help):\n"
                                                  "  post       Check a post or a thread, or post it\n"
                                                  "  login      Sign in to X with your X app\n"
                                                  "  accounts   List the signed-in accounts\n"
                                                  "  logout     Sign out and forget an account\n"
                                                  "  convert    Make a copy of a video that X accepts"));
}

TernApplication *
tern_application_new (void)
{
  return g_object_new (TERN_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
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
