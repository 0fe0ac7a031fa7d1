/* tern-sign-in-page.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-sign-in-page"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-sign-in-page.h"
#include "tern-sandbox.h"
#include "tern-ui-utils.h"
#include "core/auth/tern-oauth.h"
#include "core/tern-x.h"
#include "core/tern-utils.h"

struct _TernSignInPage
{
  AdwBin              parent_instance;

  GtkStack           *stack;
  GtkLabel           *error_label;
  GtkLabel           *intro_label;
  AdwPreferencesGroup *app_group;
  AdwExpanderRow     *own_app_row;
  AdwEntryRow        *client_id_row;
  AdwPasswordEntryRow *client_secret_row;
  AdwEntryRow        *redirect_row;
  GtkButton          *sign_in_button;
  GtkButton          *sandbox_button;
  GtkButton          *back_button;
  AdwStatusPage      *waiting_page;
  GtkSpinner         *spinner;
  GtkLabel           *register_label;
  GtkWidget          *consent_box;
  GtkLabel           *consent_label;
  GtkLabel           *x_error_label;
  GtkWidget          *cancel_button;

  TernAccountManager *manager;
  GSettings          *settings;
  GCancellable       *cancellable;
  TernOAuth          *oauth;
  char               *builtin_client_id;
};

G_DEFINE_FINAL_TYPE (TernSignInPage, tern_sign_in_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_MANAGER,
  PROP_BUILTIN_CLIENT_ID,
  N_PROPS
};

enum {
  SIGNED_IN,
  BACK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_waiting (TernSignInPage *self,
             gboolean        waiting,
             const char     *title,
             const char     *description)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self));

  if (waiting)
    {
      adw_status_page_set_title (self->waiting_page, title);
      adw_status_page_set_description (self->waiting_page, description);
      gtk_label_set_text (self->consent_label, "");
      gtk_widget_set_visible (self->consent_box, FALSE);
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "waiting");
    }
  else
    {
      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "form");
    }

  /* The keyboard moves with the page: never left on a hidden button. */
  if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
update_register_label (TernSignInPage *self)
{
  g_autofree char *line = NULL;

  /* TRANSLATORS: %s is the loopback redirect URI, such as
   * http://127.0.0.1:8723/callback */
  line = g_strdup_printf (_("In the portal, set up OAuth 2.0 for a “Native App” (a public client) and register the callback URI %s"),
                          gtk_editable_get_text (GTK_EDITABLE (self->redirect_row)));
  gtk_label_set_text (self->register_label, line);
}

/* The client ID a sign-in uses: the person's own app's when they gave
 * one, else the one Tern was built with (if any). */
static char *
effective_client_id (TernSignInPage *self)
{
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->client_id_row))));

  if (typed[0] != '\0' || self->builtin_client_id == NULL)
    return g_steal_pointer (&typed);
  return g_strdup (self->builtin_client_id);
}

static void
update_sign_in_sensitive (TernSignInPage *self)
{
  g_autofree char *client_id = effective_client_id (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), client_id[0] != '\0');
}

static void
finish (TernSignInPage *self,
        TernAccount    *account,
        const GError   *error)
{
  g_clear_object (&self->oauth);
  g_clear_object (&self->cancellable);
  set_waiting (self, FALSE, NULL, NULL);

  if (account != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      g_signal_emit (self, signals[SIGNED_IN], 0, account);
      return;
    }

  /* Cancelling is the person's own choice: no message for it. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    tern_sign_in_page_show_error (self, error->message);
}

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TernSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TernAccount) account = NULL;

  account = tern_oauth_sign_in_finish (TERN_OAUTH (source), result, &error);
  finish (self, account, error);
}

static void
show_uri_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TernOAuth) oauth = user_data;
  g_autoptr(GError) error = NULL;

  if (!tern_ui_launch_uri_finish (result, &error))
    tern_oauth_open_failed (oauth, error);
}

static void
open_browser (TernOAuth  *oauth,
              const char *uri,
              gpointer    user_data)
{
  TernSignInPage *self = user_data;
  g_autofree char *x_error = NULL;

  /* Shown whether or not a browser opens: it may be the wrong one. */
  gtk_label_set_text (self->consent_label, uri);
  /* TRANSLATORS: %s is the redirect URI registered for the X app */
  x_error = g_strdup_printf (_("If X shows an error instead of asking to approve Tern, check the app in the developer portal: type “Native App”, OAuth 2.0 on, and the callback URI exactly %s. Then cancel and sign in again."),
                             gtk_editable_get_text (GTK_EDITABLE (self->redirect_row)));
  gtk_label_set_text (self->x_error_label, x_error);
  gtk_widget_set_visible (self->consent_box, TRUE);

  tern_ui_launch_uri_async (GTK_WIDGET (self), uri, NULL, show_uri_cb, g_object_ref (oauth));
}

static void
on_sign_in_clicked_cb (TernSignInPage *self)
{
  g_autofree char *client_id = NULL;
  const char *secret;
  const char *redirect;

  if (self->oauth != NULL || self->manager == NULL)
    return;

  client_id = effective_client_id (self);
  if (client_id[0] == '\0')
    {
      tern_sign_in_page_show_error (self, _("Enter your X app's client ID first. The X developer portal shows it under Keys and tokens."));
      return;
    }
  secret = gtk_editable_get_text (GTK_EDITABLE (self->client_secret_row));
  redirect = gtk_editable_get_text (GTK_EDITABLE (self->redirect_row));

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  self->cancellable = g_cancellable_new ();
  self->oauth = tern_oauth_new (self->manager, TERN_X_API_BASE, client_id, secret,
                                redirect[0] ? redirect : NULL);
  tern_oauth_set_open_func (self->oauth, open_browser, self, NULL);
  set_waiting (self, TRUE, _("Waiting for X…"),
               _("Approve Tern in the browser window that opened. Tern stops waiting after 5 minutes."));
  tern_oauth_sign_in_async (self->oauth, self->cancellable, sign_in_cb, g_object_ref (self));
}

static void
sandbox_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TernSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TernAccount) account = NULL;

  account = tern_sandbox_sign_in_finish (TERN_SANDBOX (source), result, &error);
  finish (self, account, error);
}

static void
on_sandbox_clicked_cb (TernSignInPage *self)
{
  tern_sign_in_page_start_sandbox (self);
}

static void
on_cancel_clicked_cb (TernSignInPage *self)
{
  tern_sign_in_page_cancel (self);
}

static void
on_back_clicked_cb (TernSignInPage *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
on_copy_clicked_cb (TernSignInPage *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));
  GtkWidget *overlay;

  gdk_clipboard_set_text (clipboard, gtk_editable_get_text (GTK_EDITABLE (self->redirect_row)));

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                 adw_toast_new (_("Redirect URI copied")));
}

static void
on_copy_consent_clicked_cb (TernSignInPage *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));
  GtkWidget *overlay;

  gdk_clipboard_set_text (clipboard, gtk_label_get_text (self->consent_label));

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                 adw_toast_new (_("Address copied")));
}

/* The portal opens the way every address does (portal, GTK 4.10 guards). */
static gboolean
on_portal_activate_link_cb (TernSignInPage *self,
                            GtkLinkButton  *button)
{
  tern_ui_launch_uri (GTK_WIDGET (self), gtk_link_button_get_uri (button));
  return TRUE;
}

static void
on_client_id_changed_cb (TernSignInPage *self)
{
  update_sign_in_sensitive (self);
}

static void
on_redirect_changed_cb (TernSignInPage *self)
{
  update_register_label (self);
}

/* Esc stops waiting, or goes back to writing when there is an account
 * to go back to; otherwise it is the window's. */
static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  TernSignInPage *self = TERN_SIGN_IN_PAGE (widget);

  if (self->cancellable != NULL)
    {
      tern_sign_in_page_cancel (self);
      return TRUE;
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self->back_button)))
    {
      g_signal_emit (self, signals[BACK], 0);
      return TRUE;
    }
  return FALSE;
}

/* The first thing to do on the page on screen: the client ID (or, with a
 * built-in app, Sign in with X) on the form; Copy Address, else Cancel,
 * while waiting. */
static gboolean
tern_sign_in_page_grab_focus (GtkWidget *widget)
{
  TernSignInPage *self = TERN_SIGN_IN_PAGE (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "waiting") == 0)
    return gtk_widget_child_focus (GTK_WIDGET (self->waiting_page), GTK_DIR_TAB_FORWARD) ||
           gtk_widget_grab_focus (self->cancel_button);
  if (self->builtin_client_id != NULL)
    return gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_button));
  return gtk_widget_grab_focus (GTK_WIDGET (self->client_id_row));
}

static void
tern_sign_in_page_dispose (GObject *object)
{
  TernSignInPage *self = TERN_SIGN_IN_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->oauth);
  g_clear_object (&self->settings);
  g_clear_object (&self->manager);
  g_clear_pointer (&self->builtin_client_id, g_free);

  /* AdwBin keeps its own pointer to the template's root: let it go first. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), TERN_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (tern_sign_in_page_parent_class)->dispose (object);
}

static void
tern_sign_in_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TernSignInPage *self = TERN_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;
    case PROP_BUILTIN_CLIENT_ID:
      g_value_set_string (value, self->builtin_client_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_sign_in_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TernSignInPage *self = TERN_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      tern_sign_in_page_set_manager (self, g_value_get_object (value));
      break;
    case PROP_BUILTIN_CLIENT_ID:
      tern_sign_in_page_set_builtin_client_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_sign_in_page_class_init (TernSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tern_sign_in_page_dispose;
  object_class->get_property = tern_sign_in_page_get_property;
  object_class->set_property = tern_sign_in_page_set_property;
  widget_class->grab_focus = tern_sign_in_page_grab_focus;
  /* Tab from the header comes to the portal link first, not the Client ID. */
  widget_class->focus = tern_ui_focus_children;

  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, TERN_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TernSignInPage:builtin-client-id:
   *
   * The X app Tern was built with (`-Dx_client_id`), or %NULL. With one,
   * "Sign in with X" needs nothing typed, and the fields for a person's
   * own app wait under "Use your own X app".
   */
  properties[PROP_BUILTIN_CLIENT_ID] =
    g_param_spec_string ("builtin-client-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TernSignInPage::signed-in:
   * @account: the account now signed in (and active in the manager)
   */
  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, TERN_TYPE_ACCOUNT);
  /**
   * TernSignInPage::back:
   *
   * The person chose to go back to writing without adding an account.
   */
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, stack);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, app_group);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, own_app_row);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, client_secret_row);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, redirect_row);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, sandbox_button);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, waiting_page);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, register_label);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, consent_box);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, consent_label);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, x_error_label);
  gtk_widget_class_bind_template_child (widget_class, TernSignInPage, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sandbox_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_client_id_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_redirect_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_consent_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_portal_activate_link_cb);
}

static void
tern_sign_in_page_init (TernSignInPage *self)
{
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  tern_ui_fix_mnemonic_names_in (GTK_WIDGET (self));

  /* The redirect URI is a setting: X must know it exactly, so it is shown
   * to copy, and editable when the default port is taken. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new (APPLICATION_ID);
      g_settings_bind (self->settings, "redirect-uri", self->redirect_row, "text",
                       G_SETTINGS_BIND_DEFAULT);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->redirect_row), TERN_OAUTH_DEFAULT_REDIRECT_URI);
  update_register_label (self);

  tern_sign_in_page_set_builtin_client_id (self, X_CLIENT_ID);
}

GtkWidget *
tern_sign_in_page_new (TernAccountManager *manager)
{
  return g_object_new (TERN_TYPE_SIGN_IN_PAGE, "manager", manager, NULL);
}

/**
 * tern_sign_in_page_get_manager:
 *
 * Returns: (transfer none) (nullable): where signed-in accounts go
 */
TernAccountManager *
tern_sign_in_page_get_manager (TernSignInPage *self)
{
  g_return_val_if_fail (TERN_IS_SIGN_IN_PAGE (self), NULL);
  return self->manager;
}

void
tern_sign_in_page_set_manager (TernSignInPage     *self,
                               TernAccountManager *manager)
{
  g_return_if_fail (TERN_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (!manager || TERN_IS_ACCOUNT_MANAGER (manager));

  tern_set_object (self, (gpointer *) &self->manager, manager, properties[PROP_MANAGER]);
}

/**
 * tern_sign_in_page_set_can_go_back:
 *
 * Shows "Back to Writing" when there is an account to go back to (the
 * page was opened to add another one).
 */
void
tern_sign_in_page_set_can_go_back (TernSignInPage *self,
                                   gboolean        can_go_back)
{
  g_return_if_fail (TERN_IS_SIGN_IN_PAGE (self));
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), can_go_back);
}

/**
 * tern_sign_in_page_set_can_try_sandbox:
 *
 * Offers "Try the Sandbox" unless the active account already is the
 * sandbox's.
 */
void
tern_sign_in_page_set_can_try_sandbox (TernSignInPage *self,
                                       gboolean        can_try_sandbox)
{
  g_return_if_fail (TERN_IS_SIGN_IN_PAGE (self));
  gtk_widget_set_visible (GTK_WIDGET (self->sandbox_button), can_try_sandbox);
}

/**
 * tern_sign_in_page_set_builtin_client_id:
 * @client_id: (nullable): the X app Tern was built with; %NULL or "" for none
 *
 * Moves the rows for a person's own X app under "Use your own X app"
 * when there is a built-in one, and back into the form when there is not.
 */
void
tern_sign_in_page_set_builtin_client_id (TernSignInPage *self,
                                         const char     *client_id)
{
  GtkWidget *rows[3];
  gboolean builtin;

  g_return_if_fail (TERN_IS_SIGN_IN_PAGE (self));

  if (client_id != NULL && client_id[0] == '\0')
    client_id = NULL;
  if (g_strcmp0 (self->builtin_client_id, client_id) == 0)
    return;
  g_free (self->builtin_client_id);
  self->builtin_client_id = g_strdup (client_id);

  builtin = client_id != NULL;
  rows[0] = GTK_WIDGET (self->client_id_row);
  rows[1] = GTK_WIDGET (self->client_secret_row);
  rows[2] = GTK_WIDGET (self->redirect_row);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_object_ref (rows[i]);
      if (gtk_widget_get_parent (rows[i]) != NULL)
        {
          if (gtk_widget_get_ancestor (rows[i], ADW_TYPE_EXPANDER_ROW) != NULL)
            adw_expander_row_remove (self->own_app_row, rows[i]);
          else
            adw_preferences_group_remove (self->app_group, rows[i]);
        }
      if (builtin)
        adw_expander_row_add_row (self->own_app_row, rows[i]);
      else
        adw_preferences_group_add (self->app_group, rows[i]);
      g_object_unref (rows[i]);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->own_app_row), builtin);

  gtk_label_set_text (self->intro_label,
                      builtin
                      ? _("Sign in with your X account. To post through an X app of your own, open “Use your own X app”. Or try Tern first in the sandbox.")
                      : _("Tern posts through your own X app. Create one in the X developer portal and enter its client ID below. Or try Tern first in the sandbox."));
  update_sign_in_sensitive (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILTIN_CLIENT_ID]);
}

/**
 * tern_sign_in_page_get_client_id:
 *
 * Returns: (transfer full): the client ID "Sign in with X" would use now:
 *   the one typed for the person's own app, else the built-in one, else ""
 */
char *
tern_sign_in_page_get_client_id (TernSignInPage *self)
{
  g_return_val_if_fail (TERN_IS_SIGN_IN_PAGE (self), NULL);

  return effective_client_id (self);
}

void
tern_sign_in_page_show_error (TernSignInPage *self,
                              const char     *message)
{
  g_return_if_fail (TERN_IS_SIGN_IN_PAGE (self));

  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && message[0] != '\0');
}

void
tern_sign_in_page_start_sandbox (TernSignInPage *self)
{
  g_return_if_fail (TERN_IS_SIGN_IN_PAGE (self));

  if (self->cancellable != NULL || self->manager == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  self->cancellable = g_cancellable_new ();
  set_waiting (self, TRUE, _("Starting the sandbox…"),
               _("Tern is signing in to a local X simulator. Nothing you post there reaches X."));
  tern_sandbox_sign_in_async (tern_sandbox_get_default (), self->manager, self->cancellable,
                              sandbox_cb, g_object_ref (self));
}

void
tern_sign_in_page_cancel (TernSignInPage *self)
{
  g_return_if_fail (TERN_IS_SIGN_IN_PAGE (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}
