/* tern-ui-utils.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-ui-utils"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-ui-utils.h"

/**
 * tern_ui_toast_new_wrapped:
 * @message: what happened and what to do
 *
 * A toast for a message that says why and what to do: shown whole,
 * wrapped, never cut off. It stays 8 seconds; callers may change that.
 *
 * Returns: (transfer full): a new toast
 */
AdwToast *
tern_ui_toast_new_wrapped (const char *message)
{
  AdwToast *toast;
  GtkWidget *label;

  g_return_val_if_fail (message != NULL, NULL);

  toast = adw_toast_new (message);
  label = gtk_label_new (message);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  adw_toast_set_custom_title (toast, label);
  adw_toast_set_timeout (toast, 8);
  return toast;
}

static void
launch_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

#if GTK_CHECK_VERSION (4, 10, 0)
  if (!gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (source), result, &error))
#else
  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
#endif
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * tern_ui_launch_uri_async:
 * @widget: (nullable): a widget in the window the browser opens over
 * @uri: the address
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the browser has it, or could not be started
 * @user_data: data for @callback
 *
 * Opens @uri in the user's browser: GtkUriLauncher from GTK 4.10,
 * gtk_show_uri_full() before (Debian 12 has GTK 4.8).
 */
void
tern_ui_launch_uri_async (GtkWidget           *widget,
                          const char          *uri,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GtkRoot *root;
  GtkWindow *window;

  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));
  g_return_if_fail (uri != NULL);

  root = widget != NULL ? gtk_widget_get_root (widget) : NULL;
  window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_ui_launch_uri_async);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

    gtk_uri_launcher_launch (launcher, window, cancellable, launch_done_cb, g_steal_pointer (&task));
  }
#else
  gtk_show_uri_full (window, uri, GDK_CURRENT_TIME, cancellable, launch_done_cb, g_steal_pointer (&task));
#endif
}

gboolean
tern_ui_launch_uri_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
launch_logged_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tern_ui_launch_uri_finish (result, &error))
    g_message ("Could not open the browser: %s", error->message);
}

/**
 * tern_ui_launch_uri:
 * @widget: (nullable): a widget in the window the browser opens over
 * @uri: the address
 *
 * Opens @uri in the user's browser; a failure goes to the log.
 */
void
tern_ui_launch_uri (GtkWidget  *widget,
                    const char *uri)
{
  tern_ui_launch_uri_async (widget, uri, NULL, launch_logged_cb, NULL);
}

/* GTK 4.8 gives a button with a mnemonic label that label, underscore
 * and all, as its accessible label, and names it by its child label as
 * well: a screen reader reads "_Post Post". Without the property the name
 * is the child label's text alone, read once. */
static void
drop_mnemonic_label (GtkButton *button)
{
  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
button_label_cb (GtkButton  *button,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  drop_mnemonic_label (button);
}

/* An icon-only button of GTK's or libadwaita's own (a toast's close
 * button, a password row's eye) has no name but its image's type
 * ("GtkImage"): it reads what its tooltip says. */
static void
name_icon_button (GtkButton *button)
{
  const char *name = gtk_widget_get_tooltip_text (GTK_WIDGET (button));

  if (name == NULL && g_strcmp0 (gtk_button_get_icon_name (button), "window-close-symbolic") == 0)
    name = _("Close");
  if (name != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);
}

static void
button_tooltip_cb (GtkButton  *button,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  name_icon_button (button);
}

static void
follow_button (GtkButton *button)
{
  if (gtk_button_get_label (button) == NULL && gtk_button_get_icon_name (button) != NULL &&
      !gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      name_icon_button (button);
      g_signal_connect (button, "notify::tooltip-text", G_CALLBACK (button_tooltip_cb), NULL);
    }

  drop_mnemonic_label (button);
  if (g_signal_handler_find (button, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, button_label_cb, NULL) == 0)
    {
      g_signal_connect (button, "notify::label", G_CALLBACK (button_label_cb), NULL);
      g_signal_connect (button, "notify::use-underline", G_CALLBACK (button_label_cb), NULL);
    }
}

/* "notify" takes no emission hooks; every button is mapped before it is
 * seen, and from then on follows its label. */
static gboolean
button_map_hook (GSignalInvocationHint *hint,
                 guint                  n_params,
                 const GValue          *params,
                 gpointer               user_data)
{
  GObject *object = g_value_get_object (&params[0]);

  if (GTK_IS_BUTTON (object))
    follow_button (GTK_BUTTON (object));

  return TRUE;
}

/**
 * tern_ui_fix_mnemonic_names_in:
 * @root: a widget, typically a template's root after its init
 *
 * Makes the buttons under @root with a mnemonic label read it once now,
 * even those not shown yet (a screen reader walks hidden pages too).
 */
void
tern_ui_fix_mnemonic_names_in (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root))
    follow_button (GTK_BUTTON (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    tern_ui_fix_mnemonic_names_in (child);
}

/**
 * tern_ui_fix_mnemonic_names:
 *
 * Makes every button with a mnemonic label ("_Post", also those of
 * toasts and dialogs) read its label once from when it is first shown.
 * Call it before the first window; calling it again does nothing.
 */
void
tern_ui_fix_mnemonic_names (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                                  button_map_hook, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}

/**
 * tern_ui_focus_children:
 * @widget: a widget whose grab_focus() puts the keyboard somewhere inside
 * @direction: the direction the focus moves
 *
 * A focus() for a widget that overrides grab_focus() to pick its first
 * focus (the post text, the Client ID). GTK's default focus() calls
 * grab_focus() when Tab comes in from outside, so Tab from the header
 * would land there and skip whatever is above it; and Shift+Tab out of
 * the top would jump back to it. This moves through @widget's children
 * in order instead, top to bottom, from the one that has the focus.
 *
 * Returns: whether the focus moved to something inside @widget
 */
gboolean
tern_ui_focus_children (GtkWidget        *widget,
                        GtkDirectionType  direction)
{
  gboolean backward = direction == GTK_DIR_TAB_BACKWARD ||
                      direction == GTK_DIR_UP || direction == GTK_DIR_LEFT;
  GtkWidget *child;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  child = gtk_widget_get_focus_child (widget);
  if (child == NULL)
    child = backward ? gtk_widget_get_last_child (widget) : gtk_widget_get_first_child (widget);
  for (; child != NULL;
       child = backward ? gtk_widget_get_prev_sibling (child) : gtk_widget_get_next_sibling (child))
    if (gtk_widget_child_focus (child, direction))
      return TRUE;
  return FALSE;
}
