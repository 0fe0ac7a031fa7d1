/* tern-application.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-application"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-application.h"
#include "tern-window.h"

struct _TernApplication
{
  AdwApplication      parent_instance;

  TernAccountManager *manager;
  char               *accounts_error;
  gboolean            sandbox;
};

G_DEFINE_FINAL_TYPE (TernApplication, tern_application, ADW_TYPE_APPLICATION)

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
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

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
};

static void
tern_application_activate (GApplication *app)
{
  TernApplication *self = TERN_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (tern_window_new (self));

  gtk_window_present (window);

  if (self->accounts_error != NULL)
    {
      tern_window_show_error (TERN_WINDOW (window), self->accounts_error);
      g_clear_pointer (&self->accounts_error, g_free);
    }

  /* --sandbox: sign in to the in-process simulator, once. */
  if (self->sandbox)
    {
      self->sandbox = FALSE;
      tern_window_start_sandbox (TERN_WINDOW (window));
    }
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
tern_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (tern_application_parent_class)->startup (app);

  {
    TernApplication *self = TERN_APPLICATION (app);
    g_autoptr(GError) error = NULL;

    /* A damaged account list is reported and left alone; Tern starts with
     * no account rather than writing over it. */
    self->manager = tern_account_manager_new_default ();
    if (!tern_account_manager_load (self->manager, &error))
      {
        self->accounts_error = g_strdup (error->message);
        g_clear_object (&self->manager);
        self->manager = tern_account_manager_new (NULL);
      }
  }

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
tern_application_finalize (GObject *object)
{
  TernApplication *self = TERN_APPLICATION (object);

  g_clear_object (&self->manager);
  g_free (self->accounts_error);

  G_OBJECT_CLASS (tern_application_parent_class)->finalize (object);
}

static void
tern_application_class_init (TernApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = tern_application_finalize;
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
 * tern_application_get_account_manager:
 *
 * Returns: (transfer none): the accounts Tern knows, loaded at start-up
 */
TernAccountManager *
tern_application_get_account_manager (TernApplication *self)
{
  g_return_val_if_fail (TERN_IS_APPLICATION (self), NULL);

  if (self->manager == NULL)
    self->manager = tern_account_manager_new (NULL);
  return self->manager;
}
