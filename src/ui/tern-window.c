/* tern-window.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-sender.h"
#include "tern-ui-utils.h"
#include "tern-window-private.h"
#include "core/tern-utils.h"

G_DEFINE_FINAL_TYPE (TernWindow, tern_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_ACCOUNT_MANAGER,
  PROP_DRAFT_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

/* The application's accounts and drafts, unless they were given: a
 * window made with g_object_new (TERN_TYPE_WINDOW, "application", app)
 * works like one from tern_window_new(). Asked by property name, so the
 * window needs nothing of the application's type. */
static void
take_from_application (TernWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GObjectClass *klass = app != NULL ? G_OBJECT_GET_CLASS (app) : NULL;

  if (app == NULL)
    return;
  if (self->account_manager == NULL && g_object_class_find_property (klass, "account-manager"))
    {
      g_autoptr(TernAccountManager) manager = NULL;

      g_object_get (app, "account-manager", &manager, NULL);
      tern_window_set_account_manager (self, manager);
    }
  if (self->draft_store == NULL && g_object_class_find_property (klass, "draft-store"))
    {
      g_autoptr(TernDraftStore) store = NULL;

      g_object_get (app, "draft-store", &store, NULL);
      tern_window_set_draft_store (self, store);
    }
}

/* Signal callbacks */

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
composer_draft_cb (TernWindow   *self,
                   GParamSpec   *pspec,
                   TernComposer *composer)
{
  TernDraft *draft = tern_composer_get_draft (composer);

  g_signal_group_set_target (self->posts_signals, draft != NULL ? tern_draft_get_posts (draft) : NULL);
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
sending_cb (TernWindow *self,
            GParamSpec *pspec,
            TernSender *sender)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-post",
                                 tern_sender_get_sending (sender));
}

static void
application_cb (TernWindow *self,
                GParamSpec *pspec,
                gpointer    unused)
{
  take_from_application (self);
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

/* Actions */

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

/* The target of links in toasts, such as a new post's "View". */
static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  tern_ui_launch_uri (widget, g_variant_get_string (parameter, NULL));
}

/* GObject and GtkWindow */

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

  _tern_window_accounts_disconnect (self);
  _tern_window_drafts_dispose (self);
  if (self->shortcuts_window != NULL)
    gtk_window_destroy (self->shortcuts_window);
  g_clear_weak_pointer (&self->shortcuts_window);
  g_clear_object (&self->sender);
  g_clear_object (&self->posts_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERN_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->account_manager);
  g_clear_object (&self->draft_store);

  G_OBJECT_CLASS (tern_window_parent_class)->dispose (object);
}

static void
tern_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TernWindow *self = TERN_WINDOW (object);

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
tern_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TernWindow *self = TERN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_MANAGER:
      tern_window_set_account_manager (self, g_value_get_object (value));
      break;
    case PROP_DRAFT_STORE:
      tern_window_set_draft_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* "win.show-help-overlay" (Ctrl+?): the shortcuts window is built the
 * first time it is asked for. (GtkApplication would build it with every
 * window from gtk/help-overlay.ui, a tenth of the time to the first
 * frame, for a window most starts never show.) */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  TernWindow *self = TERN_WINDOW (widget);

  if (self->shortcuts_window == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PATH "/tern-shortcuts-window.ui");

      g_set_weak_pointer (&self->shortcuts_window,
                          GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window")));
      gtk_window_set_transient_for (self->shortcuts_window, GTK_WINDOW (self));
      gtk_window_set_hide_on_close (self->shortcuts_window, TRUE);
    }
  gtk_window_present (self->shortcuts_window);
}

static void
tern_window_class_init (TernWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tern_window_dispose;
  object_class->get_property = tern_window_get_property;
  object_class->set_property = tern_window_set_property;
  window_class->close_request = tern_window_close_request;

  /**
   * TernWindow:account-manager:
   *
   * The accounts: the sign-in page, the account button and the sender
   * follow them (bound in tern-window.ui). Without any, the window only
   * writes. By default the application's "account-manager".
   */
  properties[PROP_ACCOUNT_MANAGER] =
    g_param_spec_object ("account-manager", NULL, NULL, TERN_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TernWindow:draft-store:
   *
   * Where drafts are saved; a sent one is deleted from it. By default the
   * application's "draft-store".
   */
  properties[PROP_DRAFT_STORE] =
    g_param_spec_object ("draft-store", NULL, NULL, TERN_TYPE_DRAFT_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "win.post", NULL, post_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-post", NULL, cancel_post_action);
  gtk_widget_class_install_action (widget_class, "win.open-uri", "s", open_uri_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-post", NULL);

  /* Before any button of the window, its toasts and dialogs is made. */
  tern_ui_fix_mnemonic_names ();

  g_type_ensure (TERN_TYPE_COMPOSER);
  g_type_ensure (TERN_TYPE_ACCOUNT_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TernWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TernWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TernWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, TernWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TernWindow, composer);
  gtk_widget_class_bind_template_child (widget_class, TernWindow, account_button);

  _tern_window_class_accounts_init (klass);
  _tern_window_class_drafts_init (klass);
}

/* Below this width the header bar has no room for the account's handle
 * beside the title: the account button shows its avatar only, so the
 * window can go down to 360 px. */
#define COMPACT_HEADER_WIDTH 520

static void
default_width_cb (TernWindow *self,
                  GParamSpec *pspec,
                  gpointer    unused)
{
  int width, height;

  /* (GTK 4.8 needs both pointers.) */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  tern_account_button_set_compact (self->account_button, width > 0 && width < COMPACT_HEADER_WIDTH);
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

  /* Sending: the sender drives the composer's "sending" (Post becomes
   * Cancel); the window enables Cancel while it runs. */
  self->sender = tern_sender_new (self->composer);
  g_signal_connect_object (self->sender, "notify::sending", G_CALLBACK (sending_cb), self,
                           G_CONNECT_SWAPPED);
  sending_cb (self, NULL, self->sender);
  /* Replies and quotes are looked up with the account that posts them. */
  g_object_bind_property (self->sender, "client",
                          tern_composer_get_thread_options (self->composer), "client",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "account-manager", self->sender, "account-manager", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "draft-store", self->sender, "draft-store", G_BINDING_SYNC_CREATE);

  g_signal_connect_object (self->composer, "notify::valid",
                           G_CALLBACK (composer_valid_cb), self,
                           G_CONNECT_SWAPPED);
  composer_valid_cb (self, NULL, self->composer);
  /* The title counts the posts of whichever draft is in the composer. */
  self->posts_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->posts_signals, "items-changed",
                                  G_CALLBACK (posts_changed_cb), self);
  g_signal_connect_object (self->composer, "notify::draft",
                           G_CALLBACK (composer_draft_cb), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (visible_page_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::default-width", G_CALLBACK (default_width_cb), NULL);
  default_width_cb (self, NULL, NULL);
  gtk_stack_set_visible_child_name (self->stack, "compose");

  g_signal_connect (self, "notify::application", G_CALLBACK (application_cb), NULL);

  _tern_window_accounts_init (self);
  _tern_window_dnd_init (self);
  _tern_window_drafts_init (self);
}

/* Public API */

/**
 * tern_window_new:
 * @application: (nullable): the application; the window takes its
 *   accounts and draft store
 *
 * Returns: (transfer full): a new window with no draft yet
 */
TernWindow *
tern_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (TERN_TYPE_WINDOW, "application", application, NULL);
}

/**
 * tern_window_get_account_manager:
 *
 * Returns: (transfer none) (nullable): the accounts
 */
TernAccountManager *
tern_window_get_account_manager (TernWindow *self)
{
  g_return_val_if_fail (TERN_IS_WINDOW (self), NULL);

  return self->account_manager;
}

void
tern_window_set_account_manager (TernWindow         *self,
                                 TernAccountManager *manager)
{
  g_return_if_fail (TERN_IS_WINDOW (self));
  g_return_if_fail (manager == NULL || TERN_IS_ACCOUNT_MANAGER (manager));

  if (self->account_manager == manager)
    return;

  _tern_window_accounts_disconnect (self);
  g_set_object (&self->account_manager, manager);
  _tern_window_accounts_connect (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_MANAGER]);
}

/**
 * tern_window_get_draft_store:
 *
 * Returns: (transfer none) (nullable): where drafts are saved
 */
TernDraftStore *
tern_window_get_draft_store (TernWindow *self)
{
  g_return_val_if_fail (TERN_IS_WINDOW (self), NULL);

  return self->draft_store;
}

void
tern_window_set_draft_store (TernWindow     *self,
                             TernDraftStore *store)
{
  g_return_if_fail (TERN_IS_WINDOW (self));
  g_return_if_fail (store == NULL || TERN_IS_DRAFT_STORE (store));

  tern_set_object (self, (gpointer *) &self->draft_store, store, properties[PROP_DRAFT_STORE]);
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
 * @draft: the draft to write; the window shows it and, when the composer
 *   is the page on screen, puts the keyboard in its first post
 */
void
tern_window_set_draft (TernWindow *self,
                       TernDraft  *draft)
{
  g_return_if_fail (TERN_IS_WINDOW (self));
  g_return_if_fail (draft == NULL || TERN_IS_DRAFT (draft));

  if (tern_composer_get_draft (self->composer) == draft)
    return;

  tern_composer_set_draft (self->composer, draft);
  /* Never into a hidden page: signing in keeps the keyboard. */
  if (gtk_stack_get_visible_child (self->stack) == GTK_WIDGET (self->composer))
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
 * The window's pages: "compose" (the composer) and "sign-in".
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
 * tern_window_show_error:
 * @message: what went wrong and what to do
 *
 * Shows @message as a toast that stays until dismissed.
 */
void
tern_window_show_error (TernWindow *self,
                        const char *message)
{
  AdwToast *toast;

  g_return_if_fail (TERN_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 0);
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
