/* test-shortcuts.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shortcuts window lists every shortcut Tern registers: the
 * application's accelerators and the key bindings of the window's own
 * widgets, collected from the running application, not from a list.
 * And the About window's icon is there when Tern runs uninstalled.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ui/tern-application.h"
#include "ui/tern-window.h"
#include "tern-test-ui.h"

/* One application per process, started as the desktop starts it (its
 * accelerators set, its resources and icons in place). */
static TernApplication *the_app;

/* "keyval|mods" for a trigger, the way both sides are compared. */
static char *
trigger_key (guint           keyval,
             GdkModifierType mods)
{
  return g_strdup_printf ("%u|%u", gdk_keyval_to_lower (keyval),
                          mods & gtk_accelerator_get_default_mod_mask ());
}

static void
add_accelerator (GHashTable *set,
                 const char *accelerator,
                 const char *where)
{
  guint keyval;
  GdkModifierType mods;

  g_assert_true (gtk_accelerator_parse (accelerator, &keyval, &mods));
  g_hash_table_insert (set, trigger_key (keyval, mods), g_strdup (where));
}

static void
add_trigger (GHashTable         *set,
             GtkShortcutTrigger *trigger,
             const char         *where)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      add_trigger (set, gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), where);
      add_trigger (set, gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), where);
    }
  else if (GTK_IS_KEYVAL_TRIGGER (trigger))
    {
      guint keyval = gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger));

      /* The keypad's keys are their main keys' twins; the window lists
       * the main keys. */
      switch (keyval)
        {
        case GDK_KEY_KP_Enter: keyval = GDK_KEY_Return; break;
        case GDK_KEY_KP_Up:    keyval = GDK_KEY_Up;     break;
        case GDK_KEY_KP_Down:  keyval = GDK_KEY_Down;   break;
        case GDK_KEY_KP_Left:  keyval = GDK_KEY_Left;   break;
        case GDK_KEY_KP_Right: keyval = GDK_KEY_Right;  break;
        case GDK_KEY_KP_Delete: keyval = GDK_KEY_Delete; break;
        default: break;
        }
      g_hash_table_insert (set,
                           trigger_key (keyval, gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))),
                           g_strdup (where));
    }
}

/* The shortcuts Tern's own widgets bind (GTK's and libadwaita's own
 * classes are theirs to document). */
static void
collect_widget_shortcuts (GtkWidget  *widget,
                          GHashTable *set)
{
  const char *type = G_OBJECT_TYPE_NAME (widget);

  if (g_str_has_prefix (type, "Tern"))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
              GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

              /* GTK's own key bindings are signal actions. */
              if (GTK_IS_SIGNAL_ACTION (action))
                continue;
              add_trigger (set, gtk_shortcut_get_trigger (shortcut), type);
            }
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widget_shortcuts (child, set);
}

static void
collect_listed (GObject    *object,
                GHashTable *listed)
{
  g_autofree char *accelerator = NULL;
  g_autofree char *action = NULL;

  if (!GTK_IS_SHORTCUTS_SHORTCUT (object))
    return;
  g_object_get (object, "accelerator", &accelerator, "action-name", &action, NULL);
  if (accelerator != NULL)
    {
      g_auto(GStrv) each = g_strsplit (accelerator, " ", -1);

      for (guint i = 0; each[i] != NULL; i++)
        if (each[i][0] != '\0')
          add_accelerator (listed, each[i], "help overlay");
    }
}

static gboolean
has_tile (GtkWidget *widget)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "TernAttachmentTile"))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_tile (child))
      return TRUE;
  return FALSE;
}

/* An attached image, so the attachment tiles' own keys are counted too. */
static void
attach_an_image (TernWindow *window,
                 const char *dir)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 32, 32);
  g_autofree char *path = g_build_filename (dir, "square.png", NULL);
  g_autoptr(GError) error = NULL;
  GSList *files;

  gdk_pixbuf_fill (pixbuf, 0x3584e4ff);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  files = g_slist_prepend (NULL, g_file_new_for_path (path));
  tern_window_add_files (window, files);
  g_slist_free_full (files, g_object_unref);
  while (!has_tile (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_every_shortcut_listed (void)
{
  TernApplication *app = the_app;
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GHashTable) registered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) actions = NULL;
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autofree char *dir = g_dir_make_tmp ("tern-shortcuts-XXXXXX", NULL);
  GHashTableIter iter;
  gpointer key, where;
  TernWindow *window;
  GSList *objects;

  window = tern_window_new (GTK_APPLICATION (app));
  tern_window_set_draft (window, draft);
  gtk_window_present (GTK_WINDOW (window));
  tern_test_wait_for_frame (GTK_WIDGET (window));
  attach_an_image (window, dir);

  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        add_accelerator (registered, accels[j], actions[i]);
    }
  collect_widget_shortcuts (GTK_WIDGET (window), registered);
  g_assert_cmpuint (g_hash_table_size (registered), >=, 6);

  builder = gtk_builder_new_from_resource (RESOURCE_PATH "/tern-shortcuts-window.ui");
  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    collect_listed (l->data, listed);
  g_slist_free (objects);

  /* The window itself, as Ctrl+? shows it. */
  {
    GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "shortcuts_window"));

    gtk_window_set_default_size (GTK_WINDOW (overlay), 1000, 700);
    gtk_window_present (GTK_WINDOW (overlay));
    tern_test_wait_for_frame (overlay);
    tern_test_save_screenshot (overlay, "shortcuts");
    gtk_window_destroy (GTK_WINDOW (overlay));
  }

  g_hash_table_iter_init (&iter, registered);
  while (g_hash_table_iter_next (&iter, &key, &where))
    if (!g_hash_table_contains (listed, key))
      {
        g_auto(GStrv) parts = g_strsplit (key, "|", 2);
        g_autofree char *label = gtk_accelerator_get_label ((guint) g_ascii_strtoull (parts[0], NULL, 10),
                                                            (GdkModifierType) g_ascii_strtoull (parts[1], NULL, 10));

        g_string_append_printf (missing, " %s (%s)", label, (char *) where);
      }
  g_assert_cmpstr (missing->str, ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
  {
    g_autofree char *png = g_build_filename (dir, "square.png", NULL);
    g_unlink (png);
    g_rmdir (dir);
  }
}

/* Run from the build tree (nothing installed), the application's icon
 * comes from its resources; the About window shows it. */
static void
test_about_icon (void)
{
  TernApplication *app = the_app;
  g_autoptr(GtkIconPaintable) icon = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  TernWindow *window;
  GtkWindow *about = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();

  window = tern_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  tern_test_wait_for_frame (GTK_WIDGET (window));

  icon = gtk_icon_theme_lookup_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                     APPLICATION_ID, NULL, 128, 1, GTK_TEXT_DIR_NONE, 0);
  file = gtk_icon_paintable_get_file (icon);
  g_assert_nonnull (file);
  uri = g_file_get_uri (file);
  g_assert_true (g_str_has_prefix (uri, "resource:///io/github/tern_app/Tern/icons/"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && about == NULL; i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        about = toplevel;
    }
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, APPLICATION_ID);
  tern_test_wait_for_frame (GTK_WIDGET (about));
  tern_test_save_screenshot (GTK_WIDGET (about), "about");

  gtk_window_destroy (about);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  the_app = tern_application_new ();
  g_application_set_flags (G_APPLICATION (the_app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (the_app), NULL, &error))
    g_error ("The application did not start: %s", error->message);

  g_test_add_func ("/shortcuts/every-shortcut-listed", test_every_shortcut_listed);
  g_test_add_func ("/application/about-icon", test_about_icon);

  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
