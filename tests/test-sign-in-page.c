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
#include <string.h>

#include "ui/tern-account-button.h"
#include "ui/tern-sign-in-page.h"
#include "ui/tern-window.h"

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

  gtk_window_present (window);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "sign-in");
  g_assert_nonnull (find_account_button (box));
  banner = find_label_containing (box, "Sandbox —");
  g_assert_nonnull (banner);
  g_assert_false (gtk_widget_get_visible (banner));

  tern_window_start_sandbox (tern_window);
  while (g_list_model_get_n_items (G_LIST_MODEL (manager)) == 0 ||
         g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "compose") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_visible (banner));

  /* Another account: the page offers a way back while adding it. */
  tern_window_add_account (tern_window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "sign-in");
  back = find_button (stack, "Back to Writing");
  g_assert_true (gtk_widget_get_visible (back));
  g_signal_emit_by_name (back, "clicked");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "compose");

  /* A real account: no banner. */
  tern_account_manager_add (manager, writer, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "compose");
  g_assert_false (gtk_widget_get_visible (banner));

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/sign-in-page/sandbox", Fixture, NULL, fixture_set_up, test_sandbox, fixture_tear_down);
  g_test_add ("/sign-in-page/port-in-use", Fixture, NULL, fixture_set_up, test_port_in_use, fixture_tear_down);
  g_test_add_func ("/window/pages", test_window_pages);
  g_test_add ("/account-button/switch-remove-add", Fixture, NULL, fixture_set_up, test_account_button, fixture_tear_down);

  return g_test_run ();
}
