/* tern-window-accounts.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-window-private.h"
#include "tern-sandbox.h"

/* The accounts part of the window: the sign-in page, the account button
 * and the sandbox banner (declared in tern-window.ui, bound to the
 * window's "account-manager"), the page the active account calls for,
 * and what it says when the account needs attention. */

#define SIGN_IN_PAGE "sign-in"
#define COMPOSE_PAGE "compose"

static void update_page   (TernWindow  *self);
static void watch_account (TernWindow  *self,
                           TernAccount *account);

static void
toast (TernWindow *self,
       const char *message,
       guint       timeout)
{
  AdwToast *new_toast = adw_toast_new (message);

  adw_toast_set_timeout (new_toast, timeout);
  adw_toast_overlay_add_toast (self->toast_overlay, new_toast);
}

/* Signal callbacks */

static void
needs_sign_in_cb (TernWindow  *self,
                  GParamSpec  *pspec,
                  TernAccount *account)
{
  g_autofree char *handle = NULL;
  g_autofree char *message = NULL;

  if (!tern_account_get_needs_sign_in (account))
    return;

  handle = tern_account_dup_handle (account);
  /* TRANSLATORS: %s is @username */
  message = g_strdup_printf (_("X no longer accepts the sign-in of %s. Sign in again to post; your drafts are kept."),
                             handle);
  /* It needs reading and acting on: the composer's banner, not a toast. */
  tern_composer_show_error (self->composer, message, _("Sign _In"), "win.sign-in");
}

static void
store_failed_cb (TernWindow   *self,
                 const GError *error,
                 TernAccount  *account)
{
  g_autofree char *message = NULL;

  /* TRANSLATORS: %s explains why the keyring could not be written */
  message = g_strdup_printf (_("%s. Tern keeps the sign-in until you quit; fix the keyring to keep it longer."),
                             error->message);
  toast (self, message, 0);
}

static void
active_changed_cb (TernWindow         *self,
                   GParamSpec         *pspec,
                   TernAccountManager *manager)
{
  update_page (self);
}

static void
signed_in_cb (TernWindow     *self,
              TernAccount    *account,
              TernSignInPage *page)
{
  g_autofree char *handle = tern_account_dup_handle (account);
  g_autofree char *message = NULL;

  self->adding_account = FALSE;
  if (tern_account_get_ephemeral (account))
    /* TRANSLATORS: %s is @username */
    message = g_strdup_printf (_("Signed in to the sandbox as %s"), handle);
  else
    /* TRANSLATORS: %s is @username */
    message = g_strdup_printf (_("Signed in as %s"), handle);
  toast (self, message, 5);
  update_page (self);
}

static void
sign_in_back_cb (TernWindow     *self,
                 TernSignInPage *page)
{
  self->adding_account = FALSE;
  update_page (self);
}

/* The sign-in page is made the first time it is shown: most starts (an
 * account, or the sandbox) never show it, and building and laying it out
 * would delay the composer's first frame. Shown means on screen: until
 * the window is realized, what it will show can still change (tern
 * --sandbox makes the window with no account, then starts the sandbox
 * behind the composer). Switching pages before the window was mapped
 * also made GTK 4.8 walk the focus on the first layouts, from the post's
 * text on to its Attach button, so the first space typed opened the file
 * chooser. */
static TernSignInPage *
ensure_sign_in_page (TernWindow *self)
{
  GtkWidget *page;

  if (self->sign_in_page != NULL)
    return self->sign_in_page;

  page = tern_sign_in_page_new (NULL);
  g_object_bind_property (self, "account-manager", page, "manager", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (page, "signed-in", G_CALLBACK (signed_in_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "back", G_CALLBACK (sign_in_back_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_titled (self->stack, page, SIGN_IN_PAGE, _("Sign In"));
  self->sign_in_page = TERN_SIGN_IN_PAGE (page);
  return self->sign_in_page;
}

static void
add_account_cb (TernWindow        *self,
                TernAccountButton *button)
{
  tern_window_add_account (self);
}

/* Actions */

/* "win.sign-in" opens the sign-in page, from a toast or a menu. */
static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  tern_window_add_account (TERN_WINDOW (widget));
}

static void
watch_account (TernWindow  *self,
               TernAccount *account)
{
  if (self->watched_account == account)
    return;
  if (self->watched_account != NULL)
    g_signal_handlers_disconnect_by_data (self->watched_account, self);
  g_set_object (&self->watched_account, account);
  if (account != NULL)
    {
      g_signal_connect_swapped (account, "notify::needs-sign-in", G_CALLBACK (needs_sign_in_cb), self);
      g_signal_connect_swapped (account, "store-failed", G_CALLBACK (store_failed_cb), self);
    }
}

/* Hooks from tern-window.c */

void
_tern_window_class_accounts_init (TernWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);

  gtk_widget_class_bind_template_callback (widget_class, add_account_cb);
}

void
_tern_window_accounts_init (TernWindow *self)
{
  /* Before the first size of the window is computed. */
  g_signal_connect (self, "realize", G_CALLBACK (update_page), NULL);
  update_page (self);
}

/* Before the window's manager changes, and when it goes. */
void
_tern_window_accounts_disconnect (TernWindow *self)
{
  watch_account (self, NULL);
  if (self->account_manager != NULL)
    g_signal_handlers_disconnect_by_func (self->account_manager, active_changed_cb, self);
}

/* After the window's manager changed. */
void
_tern_window_accounts_connect (TernWindow *self)
{
  if (self->account_manager != NULL)
    g_signal_connect_object (self->account_manager, "notify::active-account",
                             G_CALLBACK (active_changed_cb), self, G_CONNECT_SWAPPED);
  update_page (self);
}

/* The active account decides the page: none (or one that must sign in
 * again) shows the sign-in page; the sandbox shows the banner. A window
 * without accounts only writes. */
static void
update_page (TernWindow *self)
{
  TernAccountManager *manager = self->account_manager;
  TernAccount *active = manager != NULL ? tern_account_manager_get_active (manager) : NULL;
  const char *was;
  gboolean sign_in;

  watch_account (self, active);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-in", manager != NULL);
  if (manager == NULL)
    {
      gtk_widget_set_visible (self->banner, FALSE);
      return;
    }

  /* While the sandbox starts, the composer is what shows: the keys typed
   * before the account is ready go into the draft. */
  sign_in = (active == NULL && !self->starting_sandbox) || self->adding_account;
  if (sign_in && gtk_widget_get_realized (GTK_WIDGET (self)))
    ensure_sign_in_page (self);
  sign_in = sign_in && self->sign_in_page != NULL;
  if (self->sign_in_page != NULL)
    {
      tern_sign_in_page_set_can_go_back (self->sign_in_page, active != NULL && self->adding_account);
      /* Already in the sandbox: the page offers only real accounts. */
      tern_sign_in_page_set_can_try_sandbox (self->sign_in_page,
                                             active == NULL || !tern_account_get_ephemeral (active));
    }
  was = gtk_stack_get_visible_child_name (self->stack);
  gtk_stack_set_visible_child_name (self->stack, sign_in ? SIGN_IN_PAGE : COMPOSE_PAGE);
  gtk_widget_set_visible (self->banner, !sign_in && (self->starting_sandbox ||
                                                     (active != NULL && tern_account_get_ephemeral (active))));

  /* The keyboard follows the page: never left in a hidden one. */
  if (!sign_in && g_strcmp0 (was, COMPOSE_PAGE) != 0)
    tern_composer_focus (self->composer);
  else if (sign_in && g_strcmp0 (was, SIGN_IN_PAGE) != 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_page));
}

static void
sandbox_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TernWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TernAccount) account = NULL;
  g_autofree char *handle = NULL;
  g_autofree char *message = NULL;

  account = tern_sandbox_sign_in_finish (TERN_SANDBOX (source), result, &error);
  self->starting_sandbox = FALSE;
  if (account == NULL)
    {
      /* The draft stays; the sign-in page says what went wrong. */
      tern_sign_in_page_show_error (ensure_sign_in_page (self), error->message);
      update_page (self);
      return;
    }

  /* Said once, on the first launch in the sandbox; the banner says it
   * every time after. */
  if (!g_settings_get_boolean (self->settings, "sandbox-introduced"))
    {
      handle = tern_account_dup_handle (account);
      /* TRANSLATORS: %s is @username */
      message = g_strdup_printf (_("Signed in to the sandbox as %s"), handle);
      toast (self, message, 5);
      g_settings_set_boolean (self->settings, "sandbox-introduced", TRUE);
    }
  update_page (self);
}

static void
begin_sandbox_sign_in (TernWindow *self)
{
  tern_sandbox_sign_in_async (tern_sandbox_get_default (), self->account_manager, NULL,
                              sandbox_cb, g_object_ref (self));
}

static void
sandbox_first_paint_cb (GdkFrameClock *clock,
                        TernWindow    *self)
{
  g_signal_handlers_disconnect_by_func (clock, sandbox_first_paint_cb, self);
  begin_sandbox_sign_in (self);
}

static void
sandbox_map_cb (TernWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, sandbox_map_cb, NULL);
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (sandbox_first_paint_cb), self, 0);
}

/* Public API */

/**
 * tern_window_start_sandbox:
 *
 * Signs in to the sandbox behind the composer: the compose page shows at
 * once and takes keys while the simulator starts (on its own thread, once
 * the window's first frame is painted) and the sign-in runs; a failure
 * shows the sign-in page with the reason.
 */
void
tern_window_start_sandbox (TernWindow *self)
{
  g_return_if_fail (TERN_IS_WINDOW (self));
  g_return_if_fail (self->account_manager != NULL);

  if (self->starting_sandbox)
    return;
  self->starting_sandbox = TRUE;
  self->adding_account = FALSE;
  update_page (self);

  /* Before the window is on screen, the simulator's threads and the
   * sign-in would compete with its first frame for the processor: they
   * start once that frame is painted. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    begin_sandbox_sign_in (self);
  else
    g_signal_connect (self, "map", G_CALLBACK (sandbox_map_cb), NULL);
}

/**
 * tern_window_add_account:
 *
 * Shows the sign-in page, with a way back when an account is signed in.
 */
void
tern_window_add_account (TernWindow *self)
{
  g_return_if_fail (TERN_IS_WINDOW (self));

  if (self->account_manager == NULL)
    return;
  self->adding_account = TRUE;
  update_page (self);
}
