/* test-sign-in-page.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sign-in page and the account button in a real window under Xvfb.
 */

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <string.h>

#include "ui/tern-account-button.h"
#include "ui/tern-sign-in-page.h"
#include "ui/tern-window.h"
#include "tern-test-fixtures.h"
#include "tern-test-ui.h"

typedef struct
{
  GtkWindow          *window;
  TernAccountManager *manager;
  TernSignInPage     *page;
  TernAccountButton  *button;
  TernAccount        *signed_in;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  f->manager = tern_account_manager_new (NULL);
  f->page = TERN_SIGN_IN_PAGE (tern_sign_in_page_new (f->manager));
  f->button = TERN_ACCOUNT_BUTTON (tern_account_button_new (f->manager));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->button));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->page));
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), box);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (f->window, overlay);
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->signed_in);
  g_clear_object (&f->manager);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)))
        return found;
    }
  return NULL;
}

static GtkWidget *
find_visible_error (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "error") && gtk_widget_get_visible (child))
        return child;
      if ((found = find_visible_error (child)))
        return found;
    }
  return NULL;
}

static void
signed_in_cb (TernSignInPage *page,
              TernAccount    *account,
              Fixture        *f)
{
  g_set_object (&f->signed_in, account);
}

/* Try the Sandbox: the in-process simulator starts and Tern signs in to it
 * through the same OAuth flow; the header then shows the account, marked
 * as the sandbox. */
static void
test_sandbox (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *sandbox = find_button (GTK_WIDGET (f->page), "Try the Sandbox");

  g_assert_nonnull (sandbox);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->button)));
  g_signal_connect (f->page, "signed-in", G_CALLBACK (signed_in_cb), f);

  gtk_widget_activate (sandbox);
  while (f->signed_in == NULL && find_visible_error (GTK_WIDGET (f->page)) == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_null (find_visible_error (GTK_WIDGET (f->page)));
  g_assert_true (tern_account_get_ephemeral (f->signed_in));
  g_assert_true (tern_account_manager_get_active (f->manager) == f->signed_in);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->button)));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (gtk_widget_get_first_child (GTK_WIDGET (f->button))),
                            "sandbox"));
}

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_PREFERENCES_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      if ((found = find_row (child, title)))
        return found;
    }
  return NULL;
}

/* The redirect URI's port is taken: the page says so, naming the port and
 * where to change it, and the form stays usable. */
static void
test_port_in_use (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSocketService) blocker = g_socket_service_new ();
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *redirect = NULL;
  g_autofree char *port_text = NULL;
  GtkWidget *sign_in = find_button (GTK_WIDGET (f->page), "Sign in with X");
  GtkWidget *client_id = find_row (GTK_WIDGET (f->page), "Client ID");
  GtkWidget *redirect_row = find_row (GTK_WIDGET (f->page), "Redirect URI to register for the app");
  GtkWidget *error_label;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint port;

  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (blocker), address,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, NULL));
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  g_settings_set_string (settings, "redirect-uri", redirect);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (redirect_row)), ==, redirect);

  g_assert_false (gtk_widget_get_sensitive (sign_in));
  gtk_editable_set_text (GTK_EDITABLE (client_id), "my-client-id");
  g_assert_true (gtk_widget_get_sensitive (sign_in));

  gtk_widget_activate (sign_in);
  while ((error_label = find_visible_error (GTK_WIDGET (f->page))) == NULL)
    g_main_context_iteration (NULL, TRUE);

  port_text = g_strdup_printf ("Port %u", port);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), port_text));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "redirect URI"));
  g_assert_true (gtk_widget_get_sensitive (sign_in));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->manager)), ==, 0);
  g_settings_reset (settings, "redirect-uri");
}

/* A build with -Dx_client_id: "Sign in with X" works with nothing typed,
 * the rows for a person's own app wait under "Use your own X app", and a
 * client ID typed there wins. Unset, the page is as before. */
static void
test_builtin_client_id (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSocketService) blocker = g_socket_service_new ();
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *redirect = NULL;
  g_autofree char *used = NULL;
  GtkWidget *sign_in = find_button (GTK_WIDGET (f->page), "Sign in with X");
  GtkWidget *client_id = find_row (GTK_WIDGET (f->page), "Client ID");
  GtkWidget *own_app = find_row (GTK_WIDGET (f->page), "Use your own X app");
  GtkWidget *error_label;

  /* This build has none: the client ID is asked for, as always. */
  g_assert_nonnull (own_app);
  g_assert_false (gtk_widget_get_visible (own_app));
  g_assert_null (gtk_widget_get_ancestor (client_id, ADW_TYPE_EXPANDER_ROW));
  g_assert_false (gtk_widget_get_sensitive (sign_in));

  tern_sign_in_page_set_builtin_client_id (f->page, "distro-app");
  g_assert_true (gtk_widget_get_visible (own_app));
  g_assert_true (gtk_widget_get_ancestor (client_id, ADW_TYPE_EXPANDER_ROW) == own_app);
  g_assert_true (gtk_widget_get_ancestor (find_row (GTK_WIDGET (f->page), "Redirect URI to register for the app"),
                                          ADW_TYPE_EXPANDER_ROW) == own_app);
  g_assert_true (gtk_widget_get_sensitive (sign_in));
  used = tern_sign_in_page_get_client_id (f->page);
  g_assert_cmpstr (used, ==, "distro-app");
  g_clear_pointer (&used, g_free);

  gtk_editable_set_text (GTK_EDITABLE (client_id), " my-own-app ");
  used = tern_sign_in_page_get_client_id (f->page);
  g_assert_cmpstr (used, ==, "my-own-app");
  g_clear_pointer (&used, g_free);
  gtk_editable_set_text (GTK_EDITABLE (client_id), "");
  g_assert_true (gtk_widget_get_sensitive (sign_in));

  /* Signing in starts at once: it gets as far as listening for X's
   * answer (here the port is taken, so it stops there and says so). */
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (blocker), address,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, NULL));
  redirect = g_strdup_printf ("http://127.0.0.1:%u/callback",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_settings_set_string (settings, "redirect-uri", redirect);
  gtk_widget_activate (sign_in);
  while ((error_label = find_visible_error (GTK_WIDGET (f->page))) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "Port"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "client ID"));
  g_settings_reset (settings, "redirect-uri");

  tern_sign_in_page_set_builtin_client_id (f->page, NULL);
  g_assert_false (gtk_widget_get_visible (own_app));
  g_assert_null (gtk_widget_get_ancestor (client_id, ADW_TYPE_EXPANDER_ROW));
  g_assert_false (gtk_widget_get_sensitive (sign_in));
}

static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child) &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return TRUE;
      if (has_label (child, text))
        return TRUE;
    }
  return FALSE;
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
add_account_cb (TernAccountButton *button,
                gboolean          *asked)
{
  *asked = TRUE;
}

/* The header's account menu: it shows the active account, switches to
 * another, asks before removing one, and asks the window to add one. */
static void
test_account_button (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TernAccount) alice = tern_account_new ("http://127.0.0.1:9", "c", "1", "alice", "Alice", NULL);
  g_autoptr(TernAccount) bob = tern_account_new ("http://127.0.0.1:9", "c", "2", "bob", "Bob", NULL);
  AdwMessageDialog *dialog;
  gboolean asked = FALSE;

  /* Signed out already, in memory only: removing them needs no X. */
  for (guint i = 0; i < 2; i++)
    {
      TernAccount *account = i == 0 ? alice : bob;

      tern_account_set_ephemeral (account, TRUE);
      tern_account_set_needs_sign_in (account, TRUE);
      tern_account_manager_add (f->manager, account, NULL);
    }

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->button)));
  g_assert_true (has_label (GTK_WIDGET (f->button), "@bob"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->button), "account.switch", "u", 0));
  g_assert_true (tern_account_manager_get_active (f->manager) == alice);
  g_assert_true (has_label (GTK_WIDGET (f->button), "@alice"));
  g_assert_false (has_label (GTK_WIDGET (f->button), "@bob"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->button), "account.remove", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "@alice"));
  /* Alice is in the sandbox (in memory): it is the sandbox she leaves. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "sandbox"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "signs out of X"));
  adw_message_dialog_response (dialog, "cancel");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->manager)), ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->button), "account.remove", NULL));
  dialog = find_dialog ();
  adw_message_dialog_response (dialog, "remove");
  while (g_list_model_get_n_items (G_LIST_MODEL (f->manager)) != 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (tern_account_manager_get_active (f->manager) == bob);
  g_assert_true (has_label (GTK_WIDGET (f->button), "@bob"));

  g_signal_connect (f->button, "add-account", G_CALLBACK (add_account_cb), &asked);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->button), "account.add", NULL));
  g_assert_true (asked);
}

static GtkWidget *
find_label_containing (GtkWidget  *root,
                       const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL)
        return child;
      if ((found = find_label_containing (child, text)))
        return found;
    }
  return NULL;
}

static TernAccountButton *
find_account_button (GtkWidget *root)
{
  if (TERN_IS_ACCOUNT_BUTTON (root))
    return TERN_ACCOUNT_BUTTON (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      TernAccountButton *found = find_account_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A real Esc key to the window (Xvfb has no window manager: xdotool
 * gives the window the X focus first). */
static void
press_escape (GtkWindow *window)
{
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (
                                            gtk_native_get_surface (GTK_NATIVE (window))));
  const char *argv[] = { "xdotool", "windowfocus", "--sync", xid, "key", "Escape", NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* The window's pages follow the accounts: with none it shows the sign-in
 * page; in the sandbox the compose page with a banner saying so; adding an
 * account shows the sign-in page with a way back. */
static void
test_window_pages (void)
{
  g_autoptr(TernAccountManager) manager = tern_account_manager_new (NULL);
  g_autoptr(TernAccount) writer = tern_account_new ("http://127.0.0.1:9", "c", "7", "writer", "Writer", NULL);
  /* Made the way a GtkBuilder or an application would: the window takes
   * its accounts by property and sets up its sign-in page and button. */
  TernWindow *tern_window = g_object_new (TERN_TYPE_WINDOW, "account-manager", manager, NULL);
  GtkWindow *window = GTK_WINDOW (tern_window);
  GtkWidget *box = GTK_WIDGET (window);
  GtkWidget *stack = GTK_WIDGET (tern_window_get_stack (tern_window));
  GtkWidget *banner, *back;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  gtk_window_present (window);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "sign-in");
  g_assert_nonnull (find_account_button (box));
  banner = find_label_containing (box, "Sandbox —");
  g_assert_nonnull (banner);
  g_assert_false (gtk_widget_get_visible (banner));

  g_settings_reset (settings, "sandbox-introduced");
  tern_window_start_sandbox (tern_window);
  while (g_list_model_get_n_items (G_LIST_MODEL (manager)) == 0 ||
         g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "compose") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_visible (banner));
  /* The first time in the sandbox, it says so. */
  g_assert_nonnull (find_label_containing (box, "Signed in to the sandbox as"));

  /* Another account: the page offers a way back while adding it, not the
   * sandbox it is already in; Esc goes back too. */
  tern_window_add_account (tern_window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "sign-in");
  back = find_button (stack, "Back to Writing");
  g_assert_true (gtk_widget_get_visible (back));
  g_assert_false (gtk_widget_get_visible (find_button (stack, "Try the Sandbox")));
  g_signal_emit_by_name (back, "clicked");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "compose");

  tern_window_add_account (tern_window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "sign-in");
  press_escape (window);
  while (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "compose") != 0)
    g_main_context_iteration (NULL, TRUE);

  /* A real account: no banner, and the sandbox is offered again. */
  tern_account_manager_add (manager, writer, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "compose");
  g_assert_false (gtk_widget_get_visible (banner));
  tern_window_add_account (tern_window);
  g_assert_true (gtk_widget_get_visible (find_button (stack, "Try the Sandbox")));

  gtk_window_destroy (window);

  /* The next launch in the sandbox: the banner, no toast again. */
  {
    g_autoptr(TernAccountManager) again = tern_account_manager_new (NULL);
    TernWindow *second = g_object_new (TERN_TYPE_WINDOW, "account-manager", again, NULL);

    gtk_window_present (GTK_WINDOW (second));
    tern_window_start_sandbox (second);
    while (g_list_model_get_n_items (G_LIST_MODEL (again)) == 0 ||
           g_strcmp0 (gtk_stack_get_visible_child_name (tern_window_get_stack (second)), "compose") != 0)
      g_main_context_iteration (NULL, TRUE);
    tern_test_wait_until_idle ();
    g_assert_true (gtk_widget_get_visible (find_label_containing (GTK_WIDGET (second), "Sandbox —")));
    g_assert_null (find_label_containing (GTK_WIDGET (second), "Signed in to the sandbox as"));
    gtk_window_destroy (GTK_WINDOW (second));
  }
}

/* What a screen reader would call the focused widget: an entry row's
 * title, a button's label or tooltip. */
static const char *
focus_name (GtkWidget *focus)
{
  GtkWidget *row = gtk_widget_get_ancestor (focus, ADW_TYPE_PREFERENCES_ROW);

  if (GTK_IS_TEXT (focus) && row != NULL)
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  if (GTK_IS_BUTTON (focus) && gtk_button_get_label (GTK_BUTTON (focus)) != NULL)
    return gtk_button_get_label (GTK_BUTTON (focus));
  if (gtk_widget_get_tooltip_text (focus) == NULL && GTK_IS_MENU_BUTTON (gtk_widget_get_parent (focus)))
    return gtk_widget_get_tooltip_text (gtk_widget_get_parent (focus));
  return gtk_widget_get_tooltip_text (focus);
}

/* What the Tab key does in a window: GtkWindow binds Tab and Shift+Tab
 * to its "move-focus" signal, after the focused widget has had the key
 * (the post text and the entries do not take Tab). */
static GtkWidget *
press_tab (GtkWindow        *window,
           GtkDirectionType  direction)
{
  g_signal_emit_by_name (window, "move-focus", direction);
  return gtk_root_get_focus (GTK_ROOT (window));
}

/* A name for a focused widget in a sequence: its accessible name as
 * focus_name() finds it, else what it is. */
static const char *
tab_stop_name (GtkWidget *focus)
{
  if (GTK_IS_TEXT_VIEW (focus))
    return "post text";
  if (gtk_widget_get_ancestor (focus, GTK_TYPE_DROP_DOWN) != NULL)
    return gtk_widget_get_tooltip_text (gtk_widget_get_ancestor (focus, GTK_TYPE_DROP_DOWN));
  if (focus_name (focus) != NULL)
    return focus_name (focus);
  if (GTK_IS_BUTTON (focus) && ADW_IS_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (focus))))
    return adw_button_content_get_label (ADW_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (focus))));
  return G_OBJECT_TYPE_NAME (focus);
}

/* X stops accepting an account's sign-in: the composer says so in its
 * banner, whole, and its Sign In opens the sign-in page. */
static void
test_needs_sign_in_banner (void)
{
  g_autoptr(TernAccountManager) manager = tern_account_manager_new (NULL);
  g_autoptr(TernAccount) writer = tern_account_new ("http://127.0.0.1:9", "c", "7", "writer", "Writer", NULL);
  TernWindow *window;
  g_autoptr(TernDraft) draft = tern_draft_new ();
  TernComposer *composer;
  GtkWidget *sign_in;

  tern_account_set_ephemeral (writer, TRUE);   /* nothing in the keyring */
  tern_account_manager_add (manager, writer, NULL);
  window = g_object_new (TERN_TYPE_WINDOW, "account-manager", manager, NULL);
  composer = tern_window_get_composer (window);
  tern_window_set_draft (window, draft);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (tern_window_get_stack (window)), ==, "compose");
  g_assert_null (tern_composer_get_error (composer));

  tern_account_set_needs_sign_in (writer, TRUE);
  g_assert_nonnull (tern_composer_get_error (composer));
  g_assert_nonnull (strstr (tern_composer_get_error (composer), "X no longer accepts the sign-in of @writer"));
  sign_in = find_button (GTK_WIDGET (composer), "Sign _In");
  g_assert_nonnull (sign_in);
  g_signal_emit_by_name (sign_in, "clicked");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (tern_window_get_stack (window)), ==, "sign-in");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The first run, from the keyboard: with no account the keyboard starts
 * in the Client ID of the sign-in page on screen, and Tab goes through
 * that page and the header, never into the composer hidden behind it,
 * round to the Client ID again. */
static void
test_keyboard_first_run (void)
{
  g_autoptr(TernAccountManager) manager = tern_account_manager_new (NULL);
  TernWindow *window = g_object_new (TERN_TYPE_WINDOW, "account-manager", manager, NULL);
  g_autoptr(TernDraft) draft = tern_draft_new ();
  GtkWidget *composer = GTK_WIDGET (tern_window_get_composer (window));
  GtkWidget *focus;
  g_autoptr(GString) order = g_string_new (NULL);
  /* From the header Tab comes to the top of the page: the portal link,
   * then the Client ID; Shift+Tab from the Client ID goes up to the link. */
  const char *expected = "Client secret (confidential apps only)|Show Text|"
                         "Redirect URI to register for the app|Copy the redirect URI|"
                         "Try the Sandbox|Drafts|Main Menu|Open the X Developer Portal|Client ID";

  /* As the application does: a draft, then the window on screen. */
  tern_window_set_draft (window, draft);
  gtk_window_present (GTK_WINDOW (window));
  tern_test_wait_for_frame (GTK_WIDGET (window));

  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  /* The entry inside the row is presentational: the row is the text box. */
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (focus)), ==,
                   GTK_ACCESSIBLE_ROLE_NONE);
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW))),
                   ==, GTK_ACCESSIBLE_ROLE_TEXT_BOX);
  g_assert_cmpstr (focus_name (focus), ==, "Client ID");

  /* What the Tab key does. */
  for (guint i = 0; i < 20; i++)
    {
      focus = press_tab (GTK_WINDOW (window), GTK_DIR_TAB_FORWARD);
      g_assert_nonnull (focus);
      g_assert_false (gtk_widget_is_ancestor (focus, composer));
      g_assert_true (gtk_widget_get_mapped (focus));
      g_string_append_printf (order, "%s%s", order->len > 0 ? "|" : "", focus_name (focus));
      if (g_strcmp0 (focus_name (focus), "Client ID") == 0)
        break;
    }
  g_assert_cmpstr (order->str, ==, expected);

  /* What Shift+Tab does: from the Client ID up to the portal link. */
  focus = press_tab (GTK_WINDOW (window), GTK_DIR_TAB_BACKWARD);
  g_test_message ("Shift+Tab: %s", G_OBJECT_TYPE_NAME (focus));
  g_assert_cmpstr (focus_name (focus), ==, "Open the X Developer Portal");
  /* And out of the top of the page to the header, not round again. */
  focus = press_tab (GTK_WINDOW (window), GTK_DIR_TAB_BACKWARD);
  g_assert_cmpstr (focus_name (focus), ==, "Main Menu");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Tab goes top to bottom: from the header bar into the composer's first
 * row (Reply To, Quote, who can reply), then the post, never straight to
 * the post text; Shift+Tab from that row goes back up to the header. The
 * keyboard still starts in the post text. */
static void
test_tab_order_composer (void)
{
  g_autoptr(TernAccountManager) manager = tern_account_manager_new (NULL);
  g_autoptr(TernAccount) writer = tern_account_new ("http://127.0.0.1:9", "c", "7", "writer", "Writer", NULL);
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GString) order = g_string_new (NULL);
  GtkWidget *options, *focus;
  TernWindow *window;
  const char *expected = "Attach Images or a Video|Insert Emoji (Ctrl+;)|Make This Post a Poll|"
                         "Continue With Another Post Below This One|"
                         "Posting as @writer in the sandbox: posts go to a local simulator, not to X|"
                         "Drafts|Main Menu|"
                         "_Reply To…|_Quote…|Who Can Reply to the Thread|post text";

  tern_account_set_ephemeral (writer, TRUE);
  tern_account_manager_add (manager, writer, NULL);
  window = g_object_new (TERN_TYPE_WINDOW, "account-manager", manager, NULL);
  options = tern_composer_get_thread_options (tern_window_get_composer (window));
  tern_window_set_draft (window, draft);
  gtk_window_present (GTK_WINDOW (window));
  tern_test_wait_for_frame (GTK_WIDGET (window));

  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_TEXT_VIEW (focus));

  /* Round the window once, from the post text back to it. */
  for (guint i = 0; i < 30; i++)
    {
      focus = press_tab (GTK_WINDOW (window), GTK_DIR_TAB_FORWARD);
      g_assert_nonnull (focus);
      g_assert_true (gtk_widget_get_mapped (focus));
      g_string_append_printf (order, "%s%s", order->len > 0 ? "|" : "", tab_stop_name (focus));
      if (GTK_IS_TEXT_VIEW (focus))
        break;
    }
  g_test_message ("Tab: %s", order->str);
  g_assert_cmpstr (order->str, ==, expected);

  /* Back up: from the post text into the row, and out of its top to the
   * header, not round to the text again. */
  g_string_truncate (order, 0);
  for (guint i = 0; i < 4; i++)
    {
      focus = press_tab (GTK_WINDOW (window), GTK_DIR_TAB_BACKWARD);
      g_assert_nonnull (focus);
      g_string_append_printf (order, "%s%s", order->len > 0 ? "|" : "", tab_stop_name (focus));
    }
  g_test_message ("Shift+Tab: %s", order->str);
  g_assert_cmpstr (order->str, ==, "Who Can Reply to the Thread|_Quote…|_Reply To…|Main Menu");
  g_assert_false (gtk_widget_is_ancestor (focus, options));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
clipboard_text_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

/* The page's crossfade over, the new page drawn. */
static void
wait_for_page (Fixture *f)
{
  GtkWidget *stack = gtk_widget_get_first_child (GTK_WIDGET (f->page));

  while (gtk_stack_get_transition_running (GTK_STACK (stack)))
    g_main_context_iteration (NULL, TRUE);
  tern_test_wait_for_frame (GTK_WIDGET (f->window));
}

static gboolean
port_is_free (guint port)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  return g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                        G_SOCKET_PROTOCOL_TCP, NULL, NULL, NULL);
}

/* Waiting for the browser: the page shows X's consent address with a
 * Copy button (the clipboard gets the whole address), says what to do if
 * X shows an error, and Cancel goes back to the form with the keyboard in
 * it and the loopback server closed. The form links to the developer
 * portal and says what to register. */
static void
test_consent_copy_cancel (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *redirect = NULL;
  g_autofree char *copied = NULL;
  GtkWidget *sign_in = find_button (GTK_WIDGET (f->page), "Sign in with X");
  GtkWidget *client_id = find_row (GTK_WIDGET (f->page), "Client ID");
  GtkWidget *copy, *cancel, *address, *focus;
  guint port;

  gtk_window_set_default_size (f->window, 480, 900);
  port = tern_test_free_port ();
  redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  g_settings_set_string (settings, "redirect-uri", redirect);

  g_assert_nonnull (find_button (GTK_WIDGET (f->page), "Open the X Developer Portal"));
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (find_button (GTK_WIDGET (f->page), "Open the X Developer Portal"))),
                   ==, "https://developer.x.com/en/portal/dashboard");
  g_assert_nonnull (find_label_containing (GTK_WIDGET (f->page), "“Native App”"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_label_containing (GTK_WIDGET (f->page), "set up OAuth 2.0"))),
                            redirect));

  gtk_editable_set_text (GTK_EDITABLE (client_id), "my-client-id");
  gtk_widget_grab_focus (client_id);
  gtk_widget_activate (sign_in);

  /* Listening, then the consent page is opened (here by the test's
   * stand-in browser) and its address shown. */
  copy = find_button (GTK_WIDGET (f->page), "Co_py Address");
  g_assert_nonnull (copy);
  while (!gtk_widget_is_visible (copy) && find_visible_error (GTK_WIDGET (f->page)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (find_visible_error (GTK_WIDGET (f->page)));
  g_assert_false (port_is_free (port));
  address = find_label_containing (GTK_WIDGET (f->page), "/i/oauth2/authorize?");
  g_assert_nonnull (address);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (address)), "https://"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (address)), "client_id=my-client-id"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (f->page), "If X shows an error"));
  /* The keyboard went along to the waiting page. */
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_get_mapped (focus));
  g_assert_false (gtk_widget_is_ancestor (focus, client_id));
  wait_for_page (f);
  tern_test_save_screenshot (GTK_WIDGET (f->window), "sign-in-waiting");

  g_signal_emit_by_name (copy, "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (copy), NULL, clipboard_text_cb, &copied);
  while (copied == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (copied, ==, gtk_label_get_text (GTK_LABEL (address)));

  cancel = find_button (GTK_WIDGET (f->page), "_Cancel");
  gtk_widget_grab_focus (cancel);
  g_signal_emit_by_name (cancel, "clicked");
  while (!gtk_widget_is_visible (client_id))
    g_main_context_iteration (NULL, TRUE);
  /* The listening socket closes as the main loop goes on. */
  tern_test_wait_until_idle ();
  g_assert_true (port_is_free (port));
  g_assert_null (find_visible_error (GTK_WIDGET (f->page)));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, client_id));
  wait_for_page (f);
  tern_test_save_screenshot (GTK_WIDGET (f->window), "sign-in-form");

  g_settings_reset (settings, "redirect-uri");
}

/* The test's browser: the consent page "opens" in a program that does
 * nothing, so no real browser starts. */
static char *
install_stand_in_browser (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tern-sign-in-XXXXXX", &error);
  g_autofree char *apps = NULL;
  g_autofree char *config = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *mimeapps = NULL;

  g_assert_no_error (error);
  apps = g_build_filename (dir, "data", "applications", NULL);
  config = g_build_filename (dir, "config", NULL);
  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  desktop = g_build_filename (apps, "tern-test-browser.desktop", NULL);
  g_assert_true (g_file_set_contents (desktop,
                                      "[Desktop Entry]\nType=Application\nName=Test Browser\n"
                                      "Exec=true %u\nMimeType=x-scheme-handler/https;x-scheme-handler/http;\n",
                                      -1, NULL));
  mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_assert_true (g_file_set_contents (mimeapps,
                                      "[Default Applications]\n"
                                      "x-scheme-handler/https=tern-test-browser.desktop\n"
                                      "x-scheme-handler/http=tern-test-browser.desktop\n",
                                      -1, NULL));
  g_free (apps);
  apps = g_build_filename (dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", apps, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  return g_steal_pointer (&dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *browser_dir = install_stand_in_browser ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/sign-in-page/sandbox", Fixture, NULL, fixture_set_up, test_sandbox, fixture_tear_down);
  g_test_add ("/sign-in-page/port-in-use", Fixture, NULL, fixture_set_up, test_port_in_use, fixture_tear_down);
  g_test_add ("/sign-in-page/builtin-client-id", Fixture, NULL, fixture_set_up, test_builtin_client_id, fixture_tear_down);
  g_test_add ("/sign-in-page/consent-copy-cancel", Fixture, NULL, fixture_set_up, test_consent_copy_cancel, fixture_tear_down);
  g_test_add_func ("/window/pages", test_window_pages);
  g_test_add_func ("/window/keyboard-first-run", test_keyboard_first_run);
  g_test_add_func ("/window/tab-order-composer", test_tab_order_composer);
  g_test_add_func ("/window/needs-sign-in-banner", test_needs_sign_in_banner);
  g_test_add ("/account-button/switch-remove-add", Fixture, NULL, fixture_set_up, test_account_button, fixture_tear_down);

  {
    int status = g_test_run ();

    tern_test_remove_tree (browser_dir);
    return status;
  }
}
