/* test-window-drafts.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Many drafts in a real window: New Draft, the drafts list (first line,
 * age, why a draft was not posted), switching, and deleting with Undo,
 * against a real store on disk. */

#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "ui/tern-window.h"
#include "ui/tern-draft-row.h"
#include "ui/tern-drafts-list.h"
#include "tern-test-fixtures.h"
#include "tern-test-ui.h"

#define REASON "X was unavailable (503). Try again later."

typedef struct
{
  char           *path;
  GFile          *directory;
  TernDraftStore *store;
  TernWindow     *window;
  TernComposer   *composer;
  TernDraftsList *list;
} Fixture;

static GtkWidget *
find_of_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autoptr(GError) error = NULL;

  fixture->path = g_dir_make_tmp ("tern-window-drafts-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->directory = g_file_new_build_filename (fixture->path, "drafts", NULL);
  fixture->store = tern_draft_store_new (fixture->directory);

  fixture->window = tern_window_new (NULL);
  g_object_ref_sink (fixture->window);
  tern_window_set_draft_store (fixture->window, fixture->store);
  fixture->composer = tern_window_get_composer (fixture->window);
  fixture->list = TERN_DRAFTS_LIST (find_of_type (GTK_WIDGET (fixture->window), TERN_TYPE_DRAFTS_LIST));
  g_assert_nonnull (fixture->list);

  tern_draft_store_watch (fixture->store, draft);
  tern_window_set_draft (fixture->window, draft);
  gtk_window_present (GTK_WINDOW (fixture->window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (fixture->window)))
    g_main_context_iteration (NULL, TRUE);
  tern_test_wait_until_idle ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkPopover *popover = tern_drafts_list_get_popover (fixture->list);

  /* Close the list first, as a person would before closing the window:
   * GTK 4.8 has been seen to ask for the pointer of a surface already
   * gone when a window goes with its popover still open. */
  gtk_popover_popdown (popover);
  while (gtk_widget_get_mapped (GTK_WIDGET (popover)))
    g_main_context_iteration (NULL, TRUE);
  tern_test_wait_until_idle ();
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->directory);
  tern_test_wait_until_idle ();
  tern_test_remove_tree (fixture->path);
  g_free (fixture->path);
}

static TernDraft *
current (Fixture *fixture)
{
  return tern_window_get_draft (fixture->window);
}

/* Types into the first post, as a person would (through the buffer). */
static void
type_text (Fixture    *fixture,
           const char *text)
{
  GtkTextBuffer *buffer =
    gtk_text_view_get_buffer (tern_post_editor_get_text_view (tern_composer_get_editor (fixture->composer, 0)));

  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  tern_test_wait_until_idle ();
}

static char *
shown_text (Fixture *fixture)
{
  GtkTextBuffer *buffer =
    gtk_text_view_get_buffer (tern_post_editor_get_text_view (tern_composer_get_editor (fixture->composer, 0)));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GPtrArray *
rows (Fixture *fixture)
{
  GPtrArray *found = g_ptr_array_new ();
  GtkListBox *box = tern_drafts_list_get_list_box (fixture->list);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (TERN_IS_DRAFT_ROW (child))
      g_ptr_array_add (found, child);
  return found;
}

/* The rows' titles, top to bottom, joined by "|". */
static char *
row_titles (Fixture *fixture)
{
  g_autoptr(GPtrArray) list = rows (fixture);
  g_autoptr(GString) titles = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *title = tern_draft_row_dup_title (g_ptr_array_index (list, i));

      g_string_append_printf (titles, "%s%s", i > 0 ? "|" : "", title);
    }
  return g_strdup (titles->str);
}

static TernDraftRow *
row_for (Fixture   *fixture,
         TernDraft *draft)
{
  g_autoptr(GPtrArray) list = rows (fixture);

  for (guint i = 0; i < list->len; i++)
    if (tern_draft_row_get_draft (g_ptr_array_index (list, i)) == draft)
      return g_ptr_array_index (list, i);
  return NULL;
}

static GtkWidget *
find_label_with (GtkWidget  *widget,
                 const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first line of the saved file of @draft, or NULL when it has none. */
static char *
saved_text (Fixture   *fixture,
            TernDraft *draft)
{
  g_autoptr(GFile) file = tern_draft_store_get_file (fixture->store, draft);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *post;

  if (!json_parser_load_from_file (parser, path, NULL))
    return NULL;
  post = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                                      "posts"), 0);
  return g_strdup (json_object_get_string_member (post, "text"));
}

static void
changed_cb (GFileMonitor      *monitor,
            GFile             *file,
            GFile             *other,
            GFileMonitorEvent  event,
            gboolean          *changed)
{
  *changed = TRUE;
}

/* Waits, on the folder's change notifications, until @draft's file holds
 * @text (or, with %NULL, until it is gone). */
static void
wait_for_file (Fixture    *fixture,
               TernDraft  *draft,
               const char *text)
{
  g_autoptr(GFileMonitor) monitor = NULL;
  gboolean changed = TRUE;

  g_assert_cmpint (g_mkdir_with_parents (g_file_peek_path (fixture->directory), 0700), ==, 0);
  monitor = g_file_monitor_directory (fixture->directory, G_FILE_MONITOR_NONE, NULL, NULL);
  g_assert_nonnull (monitor);
  g_signal_connect (monitor, "changed", G_CALLBACK (changed_cb), &changed);
  for (;;)
    {
      if (changed)
        {
          g_autofree char *saved = saved_text (fixture, draft);

          changed = FALSE;
          if (g_strcmp0 (saved, text) == 0)
            return;
        }
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Waits, a frame at a time, until @widget stops moving (a toast sliding
 * in), so a screenshot shows it whole. */
static void
wait_until_still (Fixture   *fixture,
                  GtkWidget *widget)
{
  graphene_rect_t before = GRAPHENE_RECT_INIT (-1, -1, -1, -1), now;

  for (;;)
    {
      tern_test_wait_for_frame (GTK_WIDGET (fixture->window));
      g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (fixture->window), &now));
      if (graphene_rect_equal (&before, &now))
        return;
      before = now;
    }
}

static void
open_list (Fixture *fixture)
{
  GtkPopover *popover = tern_drafts_list_get_popover (fixture->list);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-drafts", NULL);
  while (!gtk_widget_get_mapped (GTK_WIDGET (popover)))
    g_main_context_iteration (NULL, TRUE);
  tern_test_wait_until_idle ();
}

static void
test_new_switch_and_list (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TernDraft) first = g_object_ref (current (fixture));
  g_autoptr(TernDraft) second = NULL;
  g_autofree char *titles = NULL;
  g_autofree char *text = NULL;
  TernDraftRow *row;
  GtkListBox *box = tern_drafts_list_get_list_box (fixture->list);

  /* Nothing typed: nothing listed. */
  g_assert_cmpuint (g_list_model_get_n_items (tern_draft_store_get_drafts (fixture->store)), ==, 0);
  gtk_test_accessible_assert_property (box, GTK_ACCESSIBLE_PROPERTY_LABEL, "Drafts");

  type_text (fixture, "Ideas for the launch\nand more");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-draft", NULL);
  second = g_object_ref (current (fixture));
  g_assert_true (second != first);
  g_assert_true (tern_draft_is_empty (second));
  g_clear_pointer (&text, g_free);
  text = shown_text (fixture);
  g_assert_cmpstr (text, ==, "");
  /* The first one is written at once on leaving it. */
  wait_for_file (fixture, first, "Ideas for the launch\nand more");

  /* New Draft on an empty page stays on it. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-draft", NULL);
  g_assert_true (current (fixture) == second);

  type_text (fixture, "Thread about drafts");
  titles = row_titles (fixture);
  g_assert_cmpstr (titles, ==, "Thread about drafts|Ideas for the launch");

  /* Rows say how old each draft is and why it was not posted. */
  tern_draft_set_last_error (first, REASON);
  tern_draft_set_modified (first, g_get_real_time () - 150 * G_USEC_PER_SEC);
  tern_draft_store_watch (fixture->store, first);
  open_list (fixture);
  row = row_for (fixture, first);
  g_assert_nonnull (row);
  tern_draft_row_refresh (row);
  g_assert_nonnull (find_label_with (GTK_WIDGET (row), REASON));
  g_assert_true (gtk_widget_get_visible (find_label_with (GTK_WIDGET (row), REASON)));
  g_assert_nonnull (find_label_with (GTK_WIDGET (row), "2 min ago"));
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Ideas for the launch, 2 min ago, not posted: " REASON);
  g_assert_null (find_label_with (GTK_WIDGET (row_for (fixture, second)), REASON));
  /* The draft being written is the selected row. */
  g_assert_true (gtk_list_box_get_selected_row (box) == GTK_LIST_BOX_ROW (row_for (fixture, second)));
  tern_test_save_screenshot (GTK_WIDGET (tern_drafts_list_get_popover (fixture->list)), "drafts-list");
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "drafts-list-window");

  /* Choosing a row shows that draft; what was typed in the other is kept. */
  g_signal_emit_by_name (box, "row-activated", row);
  tern_test_wait_until_idle ();
  g_assert_true (current (fixture) == first);
  g_clear_pointer (&text, g_free);
  text = shown_text (fixture);
  g_assert_cmpstr (text, ==, "Ideas for the launch\nand more");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (tern_drafts_list_get_popover (fixture->list))));
  wait_for_file (fixture, second, "Thread about drafts");

  /* Editing clears the reason, in the list too. */
  type_text (fixture, " and a fix");
  g_assert_null (tern_draft_get_last_error (first));
  open_list (fixture);
  g_assert_null (find_label_with (GTK_WIDGET (row_for (fixture, first)), REASON));
  g_clear_pointer (&titles, g_free);
  titles = row_titles (fixture);
  g_assert_cmpstr (titles, ==, "Ideas for the launch|Thread about drafts");
}

static void
test_empty_new_draft_goes_away (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(TernDraft) kept = g_object_ref (current (fixture));
  g_autoptr(TernDraft) blank = NULL;
  g_autoptr(GFile) blank_file = NULL;

  type_text (fixture, "Kept");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-draft", NULL);
  blank = g_object_ref (current (fixture));
  blank_file = tern_draft_store_get_file (fixture->store, blank);

  /* Typed in and emptied again, then left: it is not kept as clutter. */
  type_text (fixture, "x");
  g_assert_cmpuint (g_list_model_get_n_items (tern_draft_store_get_drafts (fixture->store)), ==, 2);
  {
    GtkTextBuffer *buffer =
      gtk_text_view_get_buffer (tern_post_editor_get_text_view (tern_composer_get_editor (fixture->composer, 0)));

    gtk_text_buffer_set_text (buffer, "", -1);
    tern_test_wait_until_idle ();
  }
  g_assert_cmpuint (g_list_model_get_n_items (tern_draft_store_get_drafts (fixture->store)), ==, 1);
  open_list (fixture);
  g_signal_emit_by_name (tern_drafts_list_get_list_box (fixture->list), "row-activated", row_for (fixture, kept));
  tern_test_wait_until_idle ();
  g_assert_true (current (fixture) == kept);
  wait_for_file (fixture, blank, NULL);
  g_assert_false (g_file_query_exists (blank_file, NULL));
}

static void
test_delete_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TernDraft) first = g_object_ref (current (fixture));
  g_autoptr(TernDraft) second = NULL;
  g_autoptr(GFile) second_file = NULL;
  g_autofree char *titles = NULL;
  TernDraftRow *row;

  type_text (fixture, "Keep this one");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-draft", NULL);
  second = g_object_ref (current (fixture));
  second_file = tern_draft_store_get_file (fixture->store, second);
  type_text (fixture, "Delete this one");
  wait_for_file (fixture, second, "Delete this one");
  open_list (fixture);

  /* Deleting the draft being written: it leaves the list, the composer
   * moves to the other draft, and the file stays while Undo shows. */
  row = row_for (fixture, second);
  gtk_test_accessible_assert_property (gtk_widget_get_last_child (gtk_widget_get_first_child (GTK_WIDGET (row))),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Delete draft “Delete this one”");
  g_signal_emit_by_name (gtk_widget_get_last_child (gtk_widget_get_first_child (GTK_WIDGET (row))), "clicked");
  tern_test_wait_until_idle ();
  titles = row_titles (fixture);
  g_assert_cmpstr (titles, ==, "Keep this one");
  g_assert_true (current (fixture) == first);
  g_assert_true (g_file_query_exists (second_file, NULL));
  g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->window), "“Delete this one” deleted"));
  wait_until_still (fixture, find_label_with (GTK_WIDGET (fixture->window), "“Delete this one” deleted"));
  tern_test_save_screenshot (GTK_WIDGET (fixture->window), "drafts-deleted-undo");

  /* Undo (the toast's button) brings it back, into the composer too. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo-delete-draft", "s",
                              tern_draft_get_id (second));
  tern_test_wait_until_idle ();
  g_clear_pointer (&titles, g_free);
  titles = row_titles (fixture);
  g_assert_cmpstr (titles, ==, "Delete this one|Keep this one");
  g_assert_true (current (fixture) == second);

  /* Deleted again and left: once the toast goes, the file goes. */
  open_list (fixture);
  row = row_for (fixture, second);
  g_signal_emit_by_name (gtk_widget_get_last_child (gtk_widget_get_first_child (GTK_WIDGET (row))), "clicked");
  tern_test_wait_until_idle ();
  wait_for_file (fixture, second, NULL);
  g_assert_false (g_file_query_exists (second_file, NULL));
  g_clear_pointer (&titles, g_free);
  titles = row_titles (fixture);
  g_assert_cmpstr (titles, ==, "Keep this one");
}

/* The Drafts button keeps the header bar within 360 px (a phone). */
static void
test_fits_narrow_window (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *header = gtk_widget_get_ancestor (GTK_WIDGET (fixture->list), ADW_TYPE_HEADER_BAR);
  int minimum = 0;

  type_text (fixture, "A first line long enough to be cut in a narrow window's list");
  g_assert_nonnull (header);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->list)));
  gtk_widget_measure (header, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
}

static void
test_titles_and_ages (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new (utc, 2026, 12, 3, 15, 0, 0);
  g_autoptr(TernDraft) draft = tern_draft_new ();
  g_autofree char *photo = g_build_filename (g_get_tmp_dir (), "beach.png", NULL);
  gint64 t = g_date_time_to_unix (now) * G_USEC_PER_SEC;
  struct { gint64 ago; const char *expected; } ages[] = {
    { 20, "Just now" },
    { 2 * 60 + 5, "2 min ago" },
    { 3 * 3600, "3 h ago" },
    { 20 * 3600, "Yesterday" },
    { 3 * 86400, "Monday" },
    { 40 * 86400, "24 October" },
    { 400 * 86400, "29 October 2025" },
    /* A clock set back: not "in the future". */
    { -3600, "Just now" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ages); i++)
    {
      g_autofree char *age = tern_draft_format_age (t - ages[i].ago * G_USEC_PER_SEC, now);

      g_assert_cmpstr (age, ==, ages[i].expected);
    }

  {
    g_autofree char *title = tern_draft_format_title (draft);

    g_assert_cmpstr (title, ==, "Empty draft");
  }
  {
    g_autoptr(GFile) file = g_file_new_for_path (photo);
    g_autoptr(TernAttachment) attachment = tern_attachment_new (file);
    g_autofree char *title = NULL;

    tern_attachment_set_kind (attachment, TERN_ATTACHMENT_KIND_IMAGE);
    tern_draft_post_add_attachment (tern_draft_get_post (draft, 0), attachment);
    title = tern_draft_format_title (draft);
    g_assert_cmpstr (title, ==, "Photo");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The application loads the style sheet in the real program. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/window-drafts/new-switch-and-list", test_new_switch_and_list);
  ADD ("/window-drafts/empty-new-draft-goes-away", test_empty_new_draft_goes_away);
  ADD ("/window-drafts/delete-and-undo", test_delete_and_undo);
  ADD ("/window-drafts/fits-narrow-window", test_fits_narrow_window);
  g_test_add_func ("/window-drafts/titles-and-ages", test_titles_and_ages);

#undef ADD

  return g_test_run ();
}
