/* tern-window.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-attach.h"
#include "tern-sender.h"
#include "tern-window.h"
#include "tern-window-accounts.h"

struct _TernWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  TernComposer         *composer;

  TernSender           *sender;
};

G_DEFINE_FINAL_TYPE (TernWindow, tern_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_title (TernWindow *self)
{
  TernDraft *draft = tern_composer_get_draft (self->composer);
  guint n = draft != NULL ? g_list_model_get_n_items (tern_draft_get_posts (draft)) : 0;
  g_autofree char *title = NULL;

  /* Away from the composer (signing in), the page says what it is about;
   * the title names the app rather than a post that is not on screen. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "compose") != 0)
    title = g_strdup ("Tern");
  else if (n > 1)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Thread of %u Post",
                                          "Thread of %u Posts", n), n);
  else
    title = g_strdup (_("New Post"));

  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
posts_changed_cb (TernWindow *self,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *posts)
{
  update_title (self);
}

static void
visible_page_cb (TernWindow *self,
                 GParamSpec *pspec,
                 GtkStack   *stack)
{
  update_title (self);
}

static void
composer_valid_cb (TernWindow   *self,
                   GParamSpec   *pspec,
                   TernComposer *composer)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.post",
                                 tern_composer_get_valid (composer));
}

static void
post_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  tern_sender_send (TERN_WINDOW (widget)->sender);
}

static void
cancel_post_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  tern_sender_cancel (TERN_WINDOW (widget)->sender);
}

static void
sending_cb (TernWindow *self,
            GParamSpec *pspec,
            TernSender *sender)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-post",
                                 tern_sender_get_sending (sender));
}

static void
editor_added_cb (TernWindow     *self,
                 TernPostEditor *editor)
{
  tern_attach_setup_editor (editor);
}

static gboolean
post_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  /* Swallowed even when posting is not possible, so Ctrl+Enter never
   * turns into a new line. */
  gtk_widget_activate_action (widget, "win.post", NULL);
  return TRUE;
}

static void
save_window_state (TernWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
tern_window_close_request (GtkWindow *window)
{
  save_window_state (TERN_WINDOW (window));

  return GTK_WINDOW_CLASS (tern_window_parent_class)->close_request (window);
}

static void
tern_window_dispose (GObject *object)
{
  TernWindow *self = (TernWindow *)object;
  TernDraft *draft = self->composer != NULL ? tern_composer_get_draft (self->composer) : NULL;

  if (draft != NULL)
    g_signal_handlers_disconnect_by_data (tern_draft_get_posts (draft), self);
  g_clear_object (&self->sender);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERN_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tern_window_parent_class)->dispose (object);
}

static void
tern_window_class_init (TernWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tern_window_dispose;
  window_class->close_request = tern_window_close_request;

  gtk_widget_class_install_action (widget_class, "win.post", NULL, post_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-post", NULL, cancel_post_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-post", NULL);

  g_type_ensure (TERN_TYPE_COMPOSER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TernWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TernWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TernWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TernWindow, composer);
}

static void
tern_window_init (TernWindow *self)
{
  GtkEventController *shortcuts;
  GtkShortcutAction *action;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_strcmp0 (PROFILE, "Devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (APPLICATION_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* In the capture phase, so the text view does not take Ctrl+Enter first. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  action = gtk_callback_action_new (post_shortcut_cb, NULL, NULL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (
                                                            gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                            gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                                                          action));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  /* Attaching and sending (tern-attach.c, tern-sender.c). */
  self->sender = tern_sender_new (GTK_WIDGET (self));
  g_signal_connect_object (self->sender, "notify::sending", G_CALLBACK (sending_cb), self,
                           G_CONNECT_SWAPPED);
  sending_cb (self, NULL, self->sender);
  /* Replies and quotes are looked up with the account that posts them. */
  g_object_bind_property (self->sender, "client",
                          tern_composer_get_thread_options (self->composer), "client",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->composer, "editor-added", G_CALLBACK (editor_added_cb), self,
                           G_CONNECT_SWAPPED);
  tern_attach_setup_drop_target (GTK_WIDGET (self));

  g_signal_connect_object (self->composer, "notify::valid",
                           G_CALLBACK (composer_valid_cb), self,
                           G_CONNECT_SWAPPED);
  composer_valid_cb (self, NULL, self->composer);

  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (visible_page_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_stack_set_visible_child_name (self->stack, "compose");
}

/**
 * tern_window_new:
 * @application: (nullable): the application
 *
 * Returns: (transfer full): a new window with no draft yet
 */
TernWindow *
tern_window_new (TernApplication *application)
{
  TernWindow *self = g_object_new (TERN_TYPE_WINDOW, "application", application, NULL);
  GtkWidget *content = gtk_widget_get_parent (GTK_WIDGET (self->stack));

  /* The sign-in page, the account button and the sandbox banner; a window
   * without an application (tests of the composer) has no accounts. */
  if (application != NULL)
    tern_window_accounts_setup (GTK_WINDOW (self), tern_application_get_account_manager (application),
                              self->toast_overlay,
                              ADW_HEADER_BAR (gtk_widget_get_first_child (content)),
                              GTK_BOX (content), self->stack);
  return self;
}

void
tern_window_show_error (TernWindow *self,
                        const char *message)
{
  g_return_if_fail (TERN_IS_WINDOW (self));
  tern_window_accounts_show_error (GTK_WINDOW (self), message);
}

void
tern_window_start_sandbox (TernWindow *self)
{
  g_return_if_fail (TERN_IS_WINDOW (self));
  tern_window_accounts_start_sandbox (GTK_WINDOW (self));
}

/**
 * tern_window_get_draft:
 *
 * Returns: (transfer none) (nullable): the draft in the composer
 */
TernDraft *
tern_window_get_draft (TernWindow *self)
{
  g_return_val_if_fail (TERN_IS_WINDOW (self), NULL);

  return tern_composer_get_draft (self->composer);
}

/**
 * tern_window_set_draft:
 * @draft: the draft to write; the window shows it and puts the keyboard
 *   in its first post
 */
void
tern_window_set_draft (TernWindow *self,
                       TernDraft  *draft)
{
  TernDraft *old;

  g_return_if_fail (TERN_IS_WINDOW (self));
  g_return_if_fail (draft == NULL || TERN_IS_DRAFT (draft));

  old = tern_composer_get_draft (self->composer);
  if (old == draft)
    return;
  if (old != NULL)
    g_signal_handlers_disconnect_by_data (tern_draft_get_posts (old), self);

  tern_composer_set_draft (self->composer, draft);
  if (draft != NULL)
    g_signal_connect_object (tern_draft_get_posts (draft), "items-changed",
                             G_CALLBACK (posts_changed_cb), self,
                             G_CONNECT_SWAPPED);
  update_title (self);
  tern_composer_focus (self->composer);
}

/**
 * tern_window_get_composer:
 *
 * Returns: (transfer none): the composer on the "compose" page
 */
TernComposer *
tern_window_get_composer (TernWindow *self)
{
  g_return_val_if_fail (TERN_IS_WINDOW (self), NULL);

  return self->composer;
}

/**
 * tern_window_get_stack:
 *
 * The window's pages; the composer is the page named "compose".
 *
 * Returns: (transfer none): the stack
 */
GtkStack *
tern_window_get_stack (TernWindow *self)
{
  g_return_val_if_fail (TERN_IS_WINDOW (self), NULL);

  return self->stack;
}

/**
 * tern_window_get_toast_overlay:
 *
 * Returns: (transfer none): the overlay for transient messages
 */
AdwToastOverlay *
tern_window_get_toast_overlay (TernWindow *self)
{
  g_return_val_if_fail (TERN_IS_WINDOW (self), NULL);

  return self->toast_overlay;
}

/**
 * tern_window_add_toast:
 * @toast: (transfer full): the message to show
 */
void
tern_window_add_toast (TernWindow *self,
                       AdwToast   *toast)
{
  g_return_if_fail (TERN_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * tern_window_get_sender:
 *
 * Returns: (transfer none): what posts the window's draft
 */
TernSender *
tern_window_get_sender (TernWindow *self)
{
  g_return_val_if_fail (TERN_IS_WINDOW (self), NULL);

  return self->sender;
}

/**
 * tern_window_set_client:
 * @client: (nullable): the signed-in account's client, or %NULL
 *
 * Where Post sends the draft. Without one, Post asks to sign in.
 */
void
tern_window_set_client (TernWindow *self,
                        TernClient *client)
{
  g_return_if_fail (TERN_IS_WINDOW (self));

  tern_sender_set_client (self->sender, client);
}
