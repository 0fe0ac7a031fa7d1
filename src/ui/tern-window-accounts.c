/* tern-window-accounts.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-window-accounts.h"
#include "tern-account-button.h"
#include "tern-sign-in-page.h"

#define SIGN_IN_PAGE "sign-in"
#define COMPOSE_PAGE "compose"

typedef struct
{
  GtkWindow          *window;
  TernAccountManager *manager;
  AdwToastOverlay    *overlay;
  GtkStack           *stack;
  GtkWidget          *sign_in_page;
  GtkWidget          *account_button;
  GtkWidget          *banner;
  TernAccount        *watched;
  gboolean            adding;
} WindowAccounts;

static void
window_accounts_free (gpointer data)
{
  WindowAccounts *accounts = data;

  if (accounts->watched != NULL)
    g_signal_handlers_disconnect_by_data (accounts->watched, accounts);
  g_clear_object (&accounts->watched);
  g_signal_handlers_disconnect_by_data (accounts->manager, accounts);
  g_clear_object (&accounts->manager);
  g_free (accounts);
}

static WindowAccounts *
get_accounts (GtkWindow *window)
{
  return g_object_get_data (G_OBJECT (window), "tern-window-accounts");
}

static void
toast (WindowAccounts *accounts,
       const char     *message,
       guint           timeout)
{
  AdwToast *new_toast = adw_toast_new (message);

  adw_toast_set_timeout (new_toast, timeout);
  adw_toast_overlay_add_toast (accounts->overlay, new_toast);
}

/* The active account decides the page: none (or one that must sign in
 * again) shows the sign-in page; the sandbox shows the banner. */
static void
update (WindowAccounts *accounts)
{
  TernAccount *active = tern_account_manager_get_active (accounts->manager);
  gboolean sign_in = active == NULL || accounts->adding;

  tern_sign_in_page_set_can_go_back (TERN_SIGN_IN_PAGE (accounts->sign_in_page),
                                     active != NULL && accounts->adding);
  if (gtk_stack_get_child_by_name (accounts->stack, COMPOSE_PAGE) == NULL)
    sign_in = TRUE;
  gtk_stack_set_visible_child_name (accounts->stack, sign_in ? SIGN_IN_PAGE : COMPOSE_PAGE);
  gtk_widget_set_visible (accounts->banner, !sign_in && active != NULL &&
                                            tern_account_get_ephemeral (active));
}

static void
needs_sign_in_cb (TernAccount    *account,
                  GParamSpec     *pspec,
                  WindowAccounts *accounts)
{
  g_autofree char *handle = NULL;
  g_autofree char *message = NULL;

  if (!tern_account_get_needs_sign_in (account))
    return;

  handle = tern_account_dup_handle (account);
  /* TRANSLATORS: %s is @username */
  message = g_strdup_printf (_("X no longer accepts the sign-in of %s. Sign in again to post; your drafts are kept."),
                             handle);
  {
    AdwToast *new_toast = adw_toast_new (message);

    adw_toast_set_timeout (new_toast, 0);
    adw_toast_set_button_label (new_toast, _("_Sign In"));
    adw_toast_set_action_name (new_toast, "win.sign-in");
    adw_toast_overlay_add_toast (accounts->overlay, new_toast);
  }
}

static void
sign_in_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  WindowAccounts *accounts = user_data;

  accounts->adding = TRUE;
  update (accounts);
}

static void
store_failed_cb (TernAccount    *account,
                 const GError   *error,
                 WindowAccounts *accounts)
{
  g_autofree char *message = NULL;

  /* TRANSLATORS: %s explains why the keyring could not be written */
  message = g_strdup_printf (_("%s. Tern keeps the sign-in until you quit; fix the keyring to keep it longer."),
                             error->message);
  toast (accounts, message, 0);
}

static void
active_changed_cb (WindowAccounts *accounts)
{
  TernAccount *active = tern_account_manager_get_active (accounts->manager);

  if (accounts->watched != active)
    {
      if (accounts->watched != NULL)
        g_signal_handlers_disconnect_by_data (accounts->watched, accounts);
      g_set_object (&accounts->watched, active);
      if (active != NULL)
        {
          g_signal_connect (active, "notify::needs-sign-in", G_CALLBACK (needs_sign_in_cb), accounts);
          g_signal_connect (active, "store-failed", G_CALLBACK (store_failed_cb), accounts);
        }
    }
  update (accounts);
}

static void
signed_in_cb (TernSignInPage *page,
              TernAccount    *account,
              WindowAccounts *accounts)
{
  g_autofree char *handle = tern_account_dup_handle (account);
  g_autofree char *message = NULL;

  accounts->adding = FALSE;
  if (tern_account_get_ephemeral (account))
    /* TRANSLATORS: %s is @username */
    message = g_strdup_printf (_("Signed in to the sandbox as %s"), handle);
  else
    /* TRANSLATORS: %s is @username */
    message = g_strdup_printf (_("Signed in as %s"), handle);
  toast (accounts, message, 5);
  update (accounts);
}

static void
back_cb (TernSignInPage *page,
         WindowAccounts *accounts)
{
  accounts->adding = FALSE;
  update (accounts);
}

static void
add_account_cb (TernAccountButton *button,
                WindowAccounts    *accounts)
{
  accounts->adding = TRUE;
  update (accounts);
}

static GtkWidget *
new_banner (void)
{
  GtkWidget *banner = gtk_label_new (_("Sandbox — posts go to a local simulator, not to X"));

  gtk_label_set_wrap (GTK_LABEL (banner), TRUE);
  gtk_widget_set_margin_top (banner, 6);
  gtk_widget_set_margin_bottom (banner, 6);
  gtk_widget_add_css_class (banner, "warning");
  gtk_widget_add_css_class (banner, "heading");
  gtk_widget_set_visible (banner, FALSE);
  return banner;
}

/**
 * tern_window_accounts_setup:
 * @window: the window
 * @manager: the accounts
 * @overlay: where toasts go
 * @header: where the account button goes (at the end)
 * @content: the vertical box holding @stack; the sandbox banner goes
 *   just above @stack
 * @stack: the window's pages; a "sign-in" page is added
 */
void
tern_window_accounts_setup (GtkWindow          *window,
                            TernAccountManager *manager,
                            AdwToastOverlay    *overlay,
                            AdwHeaderBar       *header,
                            GtkBox             *content,
                            GtkStack           *stack)
{
  WindowAccounts *accounts;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (TERN_IS_ACCOUNT_MANAGER (manager));

  accounts = g_new0 (WindowAccounts, 1);
  accounts->window = window;
  accounts->manager = g_object_ref (manager);
  accounts->overlay = overlay;
  accounts->stack = stack;
  g_object_set_data_full (G_OBJECT (window), "tern-window-accounts", accounts, window_accounts_free);

  accounts->sign_in_page = tern_sign_in_page_new (manager);
  gtk_stack_add_named (stack, accounts->sign_in_page, SIGN_IN_PAGE);
  g_signal_connect (accounts->sign_in_page, "signed-in", G_CALLBACK (signed_in_cb), accounts);
  g_signal_connect (accounts->sign_in_page, "back", G_CALLBACK (back_cb), accounts);

  accounts->account_button = tern_account_button_new (manager);
  adw_header_bar_pack_start (header, accounts->account_button);
  g_signal_connect (accounts->account_button, "add-account", G_CALLBACK (add_account_cb), accounts);

  accounts->banner = new_banner ();
  gtk_box_insert_child_after (content, accounts->banner,
                              gtk_widget_get_prev_sibling (GTK_WIDGET (stack)));

  /* "win.sign-in" opens the sign-in page, from a toast or a menu. */
  if (G_IS_ACTION_MAP (window))
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new ("sign-in", NULL);

      g_signal_connect (action, "activate", G_CALLBACK (sign_in_action), accounts);
      g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
    }

  g_signal_connect_swapped (manager, "notify::active-account", G_CALLBACK (active_changed_cb), accounts);
  active_changed_cb (accounts);
}

/**
 * tern_window_accounts_show_error:
 *
 * Shows @message as a toast that stays until dismissed.
 */
void
tern_window_accounts_show_error (GtkWindow  *window,
                                 const char *message)
{
  WindowAccounts *accounts = get_accounts (window);

  if (accounts == NULL)
    {
      g_message ("%s", message);
      return;
    }
  toast (accounts, message, 0);
}

/**
 * tern_window_accounts_start_sandbox:
 *
 * Signs in to the sandbox from the sign-in page, as its button does.
 */
void
tern_window_accounts_start_sandbox (GtkWindow *window)
{
  WindowAccounts *accounts = get_accounts (window);

  g_return_if_fail (accounts != NULL);
  accounts->adding = TRUE;
  update (accounts);
  tern_sign_in_page_start_sandbox (TERN_SIGN_IN_PAGE (accounts->sign_in_page));
}

void
tern_window_accounts_add_account (GtkWindow *window)
{
  WindowAccounts *accounts = get_accounts (window);

  g_return_if_fail (accounts != NULL);
  accounts->adding = TRUE;
  update (accounts);
}
