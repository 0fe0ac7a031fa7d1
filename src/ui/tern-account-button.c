/* tern-account-button.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-account-button"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "tern-account-button.h"

#include "core/net/tern-bounded-read.h"

#define AVATAR_MAX_BYTES (4 * 1024 * 1024)
#define AVATAR_DEADLINE_SECONDS 60

/* The header's account switcher: avatar and @username of the active
 * account (with a Sandbox tag when it is the simulator), and a menu to
 * switch, add or remove accounts. */

struct _TernAccountButton
{
  AdwBin              parent_instance;

  GtkMenuButton      *menu_button;
  AdwAvatar          *avatar;
  GtkLabel           *handle_label;
  GtkLabel           *sandbox_label;
  gboolean            compact;

  TernAccountManager *manager;
  TernAccount        *shown;
  SoupSession        *session;
  GCancellable       *avatar_cancellable;
  TernAccount        *removing;   /* the account the open dialog asks about */
};

G_DEFINE_FINAL_TYPE (TernAccountButton, tern_account_button, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_MANAGER,
  N_PROPS
};

enum {
  ADD_ACCOUNT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
toast (TernAccountButton *self,
       const char        *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *new_toast;

  if (overlay == NULL)
    {
      g_message ("%s", message);
      return;
    }
  new_toast = adw_toast_new (message);
  adw_toast_set_timeout (new_toast, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), new_toast);
}

static void
avatar_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TernAccountButton) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  SoupMessage *message;

  message = SOUP_MESSAGE (source);
  bytes = tern_bounded_read_finish (message, result, &error);
  if (bytes == NULL || soup_message_get_status (message) != 200)
    return;

  texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture != NULL)
    adw_avatar_set_custom_image (self->avatar, GDK_PAINTABLE (texture));
}

static void
load_avatar (TernAccountButton *self,
             TernAccount       *account)
{
  const char *url = account ? tern_account_get_avatar_url (account) : NULL;
  g_autoptr(SoupMessage) message = NULL;

  g_cancellable_cancel (self->avatar_cancellable);
  g_clear_object (&self->avatar_cancellable);
  adw_avatar_set_custom_image (self->avatar, NULL);

  if (url == NULL || !(g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://")))
    return;
  message = soup_message_new ("GET", url);
  if (message == NULL)
    return;

  if (self->session == NULL)
    self->session = soup_session_new_with_options ("timeout", 30, NULL);
  self->avatar_cancellable = g_cancellable_new ();
  /* An avatar is a small picture; anything bigger or slower is not one. */
  tern_bounded_read_async (self->session, message, AVATAR_MAX_BYTES, AVATAR_DEADLINE_SECONDS,
                           G_PRIORITY_LOW, self->avatar_cancellable, avatar_cb,
                           g_object_ref (self));
}

static void
rebuild_menu (TernAccountButton *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) accounts = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();
  TernAccount *active = self->manager ? tern_account_manager_get_active (self->manager) : NULL;
  guint n = self->manager ? g_list_model_get_n_items (G_LIST_MODEL (self->manager)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TernAccount) account = g_list_model_get_item (G_LIST_MODEL (self->manager), i);
      g_autofree char *handle = tern_account_dup_handle (account);
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (tern_account_get_ephemeral (account))
        /* TRANSLATORS: an account in the menu; %s is @username */
        label = g_strdup_printf (_("%s (Sandbox)"), handle);
      else if (tern_account_get_needs_sign_in (account))
        /* TRANSLATORS: an account in the menu; %s is @username */
        label = g_strdup_printf (_("%s (sign in again)"), handle);
      else
        label = g_strdup (handle);

      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "account.switch", "u", i);
      g_menu_append_item (accounts, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (accounts));

  g_menu_append (actions, _("_Add Account…"), "account.add");
  if (active != NULL)
    {
      g_autofree char *handle = tern_account_dup_handle (active);
      /* TRANSLATORS: %s is @username */
      g_autofree char *label = g_strdup_printf (_("_Remove %s…"), handle);

      g_menu_append (actions, label, "account.remove");
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions));

  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
}

static void
update (TernAccountButton *self)
{
  TernAccount *active = self->manager ? tern_account_manager_get_active (self->manager) : NULL;
  g_autofree char *handle = NULL;
  g_autofree char *tooltip = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), active != NULL);
  rebuild_menu (self);

  if (active == NULL)
    {
      g_clear_object (&self->shown);
      return;
    }

  handle = tern_account_dup_handle (active);
  gtk_label_set_text (self->handle_label, handle);
  adw_avatar_set_text (self->avatar, tern_account_get_name (active) ? tern_account_get_name (active) : handle);
  gtk_widget_set_visible (GTK_WIDGET (self->handle_label), !self->compact);
  gtk_widget_set_visible (GTK_WIDGET (self->sandbox_label), !self->compact && tern_account_get_ephemeral (active));

  if (tern_account_get_ephemeral (active))
    /* TRANSLATORS: %s is @username */
    tooltip = g_strdup_printf (_("Posting as %s in the sandbox: posts go to a local simulator, not to X"), handle);
  else
    /* TRANSLATORS: %s is @username */
    tooltip = g_strdup_printf (_("Posting as %s. Switch, add or remove accounts"), handle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), tooltip);

  if (self->shown != active)
    {
      g_set_object (&self->shown, active);
      load_avatar (self, active);
    }
}

static void
manager_changed_cb (TernAccountButton *self)
{
  update (self);
}

static void
switch_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TernAccountButton *self = TERN_ACCOUNT_BUTTON (widget);
  g_autoptr(TernAccount) account = NULL;

  if (self->manager == NULL)
    return;
  account = g_list_model_get_item (G_LIST_MODEL (self->manager), g_variant_get_uint32 (parameter));
  if (account != NULL)
    tern_account_manager_set_active (self->manager, account);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  g_signal_emit (widget, signals[ADD_ACCOUNT], 0);
}

static void
remove_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TernAccountButton) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tern_account_manager_remove_finish (TERN_ACCOUNT_MANAGER (source), result, &error))
    toast (self, error->message);
}

static void
remove_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    TernAccountButton *self)
{
  g_autoptr(TernAccount) account = g_steal_pointer (&self->removing);

  if (g_strcmp0 (response, "remove") != 0 || self->manager == NULL || account == NULL)
    return;
  tern_account_manager_remove_async (self->manager, account, NULL, remove_cb, g_object_ref (self));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TernAccountButton *self = TERN_ACCOUNT_BUTTON (widget);
  TernAccount *active = self->manager ? tern_account_manager_get_active (self->manager) : NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *handle = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (active == NULL)
    return;

  handle = tern_account_dup_handle (active);
  /* TRANSLATORS: %s is @username */
  heading = g_strdup_printf (_("Remove %s?"), handle);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   tern_account_get_ephemeral (active)
                                   ? _("Tern signs out of the sandbox, the local X simulator, for this account. "
                                       "Your drafts are kept.")
                                   : _("Tern signs out of X for this account and forgets its sign-in. "
                                       "Your drafts are kept."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_set_object (&self->removing, active);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
tern_account_button_dispose (GObject *object)
{
  TernAccountButton *self = TERN_ACCOUNT_BUTTON (object);

  tern_account_button_set_manager (self, NULL);
  g_cancellable_cancel (self->avatar_cancellable);
  g_clear_object (&self->avatar_cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->removing);
  g_clear_object (&self->shown);

  /* AdwBin keeps its own pointer to the template's root: let it go first. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), TERN_TYPE_ACCOUNT_BUTTON);

  G_OBJECT_CLASS (tern_account_button_parent_class)->dispose (object);
}

static void
tern_account_button_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TernAccountButton *self = TERN_ACCOUNT_BUTTON (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_account_button_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TernAccountButton *self = TERN_ACCOUNT_BUTTON (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      tern_account_button_set_manager (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_account_button_class_init (TernAccountButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tern_account_button_dispose;
  object_class->get_property = tern_account_button_get_property;
  object_class->set_property = tern_account_button_set_property;

  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, TERN_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TernAccountButton::add-account:
   *
   * The person chose "Add Account…": show the sign-in page.
   */
  signals[ADD_ACCOUNT] = g_signal_new ("add-account", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "account.switch", "u", switch_action);
  gtk_widget_class_install_action (widget_class, "account.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "account.remove", NULL, remove_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-account-button.ui");
  gtk_widget_class_bind_template_child (widget_class, TernAccountButton, menu_button);
  gtk_widget_class_bind_template_child (widget_class, TernAccountButton, avatar);
  gtk_widget_class_bind_template_child (widget_class, TernAccountButton, handle_label);
  gtk_widget_class_bind_template_child (widget_class, TernAccountButton, sandbox_label);
}

static void
tern_account_button_init (TernAccountButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

GtkWidget *
tern_account_button_new (TernAccountManager *manager)
{
  return g_object_new (TERN_TYPE_ACCOUNT_BUTTON, "manager", manager, NULL);
}

/**
 * tern_account_button_get_manager:
 *
 * Returns: (transfer none) (nullable): the accounts shown
 */
TernAccountManager *
tern_account_button_get_manager (TernAccountButton *self)
{
  g_return_val_if_fail (TERN_IS_ACCOUNT_BUTTON (self), NULL);
  return self->manager;
}

/**
 * tern_account_button_set_compact:
 * @compact: whether to show only the avatar
 *
 * In a narrow window the button shows only the account's avatar; its
 * tooltip and accessible name still say which account it is.
 */
void
tern_account_button_set_compact (TernAccountButton *self,
                                 gboolean           compact)
{
  g_return_if_fail (TERN_IS_ACCOUNT_BUTTON (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  update (self);
}

void
tern_account_button_set_manager (TernAccountButton  *self,
                                 TernAccountManager *manager)
{
  g_return_if_fail (TERN_IS_ACCOUNT_BUTTON (self));
  g_return_if_fail (!manager || TERN_IS_ACCOUNT_MANAGER (manager));

  if (self->manager == manager)
    return;

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_set_object (&self->manager, manager);
  if (manager != NULL)
    {
      g_signal_connect_swapped (manager, "items-changed", G_CALLBACK (manager_changed_cb), self);
      g_signal_connect_swapped (manager, "notify::active-account", G_CALLBACK (manager_changed_cb), self);
    }

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANAGER]);
}
