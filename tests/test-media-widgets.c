/* test-media-widgets.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "core/draft/tern-attachment.h"
#include "media/tern-media-rules.h"
#include "ui/tern-alt-text-dialog.h"
#include "ui/tern-animation-paintable.h"
#include "ui/tern-preferences-window.h"
#include "ui/tern-attachment-tile.h"
#include "ui/tern-video-paintable.h"
#include "ui/tern-video-preview.h"
#include "tern-test-fixtures.h"

/* Waits on the main loop, never on a clock. */
#define WAIT_UNTIL(cond) G_STMT_START { while (!(cond)) g_main_context_iteration (NULL, TRUE); } G_STMT_END

typedef gboolean (*WidgetMatch) (GtkWidget *widget, gpointer data);

static GtkWidget *
find_widget (GtkWidget   *root,
             WidgetMatch  match,
             gpointer     data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_label_with_class (GtkWidget *widget,
                     gpointer   css_class)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class);
}

static gboolean
is_button_labelled (GtkWidget *widget,
                    gpointer   label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_picture_with_paintable (GtkWidget *widget,
                           gpointer   data)
{
  return GTK_IS_PICTURE (widget) && gtk_picture_get_paintable (GTK_PICTURE (widget)) != NULL;
}

static gboolean
is_progress_bar (GtkWidget *widget,
                 gpointer   data)
{
  return GTK_IS_PROGRESS_BAR (widget);
}

static gboolean
is_visible_now (GtkWidget *widget)
{
  return widget != NULL && gtk_widget_is_visible (widget);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Takes a screenshot of the X display (the test runs under Xvfb) into
 * TERN_TEST_ARTIFACTS, so a person can look at what the test saw. */
static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  const char *dir = g_getenv ("TERN_TEST_ARTIFACTS");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir ? dir : tern_test_fixture_dir (), file, NULL);
  g_autofree char *import = g_find_program_in_path ("import");
  g_autoptr(GError) error = NULL;
  gboolean painted = FALSE;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  int status = 0;

  /* Let the window draw what it shows now. */
  gtk_widget_queue_draw (window);
  WAIT_UNTIL (painted);
  g_signal_handler_disconnect (clock, handler);
  gdk_display_sync (gtk_widget_get_display (window));

  if (import == NULL || g_getenv ("DISPLAY") == NULL)
    {
      g_test_message ("no screenshot: ImageMagick's import or an X display is missing");
      return;
    }
  {
    const char *argv[] = { import, "-window", "root", path, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_test_message ("screenshot: %s", path);
}

static GtkWidget *
show_in_window (GtkWidget *child,
                int        width,
                int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0);
  return window;
}

typedef struct
{
  TernAttachment *old;
  TernAttachment *replacement;
} Replaced;

static void
attachment_replaced_cb (TernAttachmentCheck *check,
                        TernAttachment      *old,
                        TernAttachment      *replacement,
                        Replaced            *replaced)
{
  replaced->old = g_object_ref (old);
  replaced->replacement = g_object_ref (replacement);
}

static void
test_tile_error_and_convert (void)
{
  g_autofree char *path = tern_test_fixture ("yuv444");
  g_autoptr(GFile) file = NULL;
  g_autoptr(TernAttachment) attachment = NULL;
  Replaced replaced = { NULL, NULL };
  GtkWidget *box, *tile, *post, *window, *error_label, *convert;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  attachment = tern_attachment_new (file);
  tern_attachment_set_alt_text (attachment, "A ball on a test pattern");

  /* A Post button bound the way the composer binds it. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  tile = tern_attachment_tile_new (attachment);
  post = gtk_button_new_with_label ("Post");
  g_object_bind_property (tile, "blocking", post, "sensitive",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  gtk_box_append (GTK_BOX (box), tile);
  gtk_box_append (GTK_BOX (box), post);
  /* The tile's check does the converting; the tile follows it. */
  g_signal_connect (tern_attachment_tile_get_check (TERN_ATTACHMENT_TILE (tile)), "replaced",
                    G_CALLBACK (attachment_replaced_cb), &replaced);
  window = show_in_window (box, 260, 420);

  /* Checking blocks posting until it is done. */
  g_assert_true (tern_attachment_tile_get_blocking (TERN_ATTACHMENT_TILE (tile)));
  WAIT_UNTIL (tern_attachment_tile_get_info (TERN_ATTACHMENT_TILE (tile)) != NULL);

  g_assert_cmpint (tern_attachment_get_kind (attachment), ==, TERN_ATTACHMENT_KIND_VIDEO);
  g_assert_cmpstr (tern_attachment_get_mime_type (attachment), ==, "video/mp4");
  g_assert_nonnull (strstr (tern_attachment_get_error (attachment), "4:4:4"));
  g_assert_true (tern_attachment_tile_get_blocking (TERN_ATTACHMENT_TILE (tile)));
  g_assert_false (gtk_widget_get_sensitive (post));

  error_label = find_widget (tile, is_label_with_class, (gpointer) "error");
  g_assert_true (is_visible_now (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "YUV 4:4:4"));
  convert = find_widget (tile, is_button_labelled, (gpointer) "Convert");
  g_assert_true (is_visible_now (convert));
  g_assert_true (gtk_widget_is_sensitive (convert));

  /* The poster frame arrives without blocking the window. */
  WAIT_UNTIL (find_widget (tile, is_picture_with_paintable, NULL) != NULL);
  save_screenshot (window, "attachment-tile-error");

  /* Convert: the tile swaps in the converted file, which passes. */
  g_assert_true (gtk_widget_activate_action (tile, "tile.convert", NULL));
  g_assert_true (tern_attachment_tile_get_converting (TERN_ATTACHMENT_TILE (tile)));
  /* While it runs, Cancel is there, and not styled as the way forward. */
  {
    GtkWidget *cancel = find_widget (tile, is_button_labelled, (gpointer) "Cancel");

    g_assert_nonnull (cancel);
    g_assert_false (gtk_widget_has_css_class (cancel, "suggested-action"));
  }
  WAIT_UNTIL (replaced.replacement != NULL);
  g_assert_true (replaced.old == attachment);
  g_assert_cmpstr (tern_attachment_get_alt_text (replaced.replacement), ==, "A ball on a test pattern");
  g_assert_true (tern_attachment_tile_get_attachment (TERN_ATTACHMENT_TILE (tile)) == replaced.replacement);
  WAIT_UNTIL (tern_attachment_tile_get_info (TERN_ATTACHMENT_TILE (tile)) != NULL);

  g_assert_false (tern_media_problems_block (tern_attachment_tile_get_problems (TERN_ATTACHMENT_TILE (tile))));
  g_assert_false (tern_attachment_tile_get_blocking (TERN_ATTACHMENT_TILE (tile)));
  g_assert_true (gtk_widget_get_sensitive (post));
  g_assert_null (tern_attachment_get_error (replaced.replacement));
  g_assert_false (is_visible_now (find_widget (tile, is_label_with_class, (gpointer) "error")));
  g_assert_null (find_widget (tile, is_button_labelled, (gpointer) "Cancel"));
  g_assert_false (is_visible_now (find_widget (tile, is_button_labelled, (gpointer) "Convert")));
  g_assert_true (gtk_widget_has_css_class (find_widget (tile, is_button_labelled, (gpointer) "Convert"),
                                           "suggested-action"));
  WAIT_UNTIL (find_widget (tile, is_picture_with_paintable, NULL) != NULL);
  save_screenshot (window, "attachment-tile-converted");

  g_file_delete (tern_attachment_get_file (replaced.replacement), NULL, NULL);
  g_clear_object (&replaced.old);
  g_clear_object (&replaced.replacement);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_video_preview (GtkWidget *widget,
                  gpointer   data)
{
  return TERN_IS_VIDEO_PREVIEW (widget);
}

static void
test_tile_opens_preview (void)
{
  g_autofree char *path = tern_test_fixture ("mono");
  g_autoptr(GFile) file = NULL;
  g_autoptr(TernAttachment) attachment = NULL;
  GListModel *toplevels;
  GtkWidget *tile, *window, *preview = NULL;
  GdkPaintable *paintable;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  attachment = tern_attachment_new (file);
  tile = tern_attachment_tile_new (attachment);
  window = show_in_window (tile, 260, 360);
  WAIT_UNTIL (tern_attachment_tile_get_info (TERN_ATTACHMENT_TILE (tile)) != NULL);

  g_assert_true (gtk_widget_activate_action (tile, "tile.preview", NULL));

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && preview == NULL; i++)
    {
      g_autoptr(GtkWidget) top = g_list_model_get_item (toplevels, i);
      if (top != window)
        preview = find_widget (top, is_video_preview, NULL);
    }
  g_assert_nonnull (preview);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (gtk_widget_get_root (preview))) == GTK_WINDOW (window));
  g_assert_true (g_file_equal (tern_video_preview_get_file (TERN_VIDEO_PREVIEW (preview)), file));
  g_assert_true (tern_video_preview_get_playing (TERN_VIDEO_PREVIEW (preview)));
  paintable = tern_video_preview_get_paintable (TERN_VIDEO_PREVIEW (preview));
  WAIT_UNTIL (tern_video_paintable_get_n_frames (TERN_VIDEO_PAINTABLE (paintable)) >= 3);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 320);

  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (preview)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_partial_file (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".part"))
      return TRUE;
  return FALSE;
}

static void
test_tile_closed_while_converting (void)
{
  g_autofree char *path = tern_test_fixture ("fps90");
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "tern", "converted", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(TernAttachment) attachment = NULL;
  GtkWidget *tile, *window;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  attachment = tern_attachment_new (file);
  tile = tern_attachment_tile_new (attachment);
  window = show_in_window (tile, 260, 360);
  WAIT_UNTIL (tern_attachment_tile_get_info (TERN_ATTACHMENT_TILE (tile)) != NULL);

  g_assert_true (gtk_widget_activate_action (tile, "tile.convert", NULL));
  g_object_add_weak_pointer (G_OBJECT (tile), (gpointer *) &tile);
  gtk_window_destroy (GTK_WINDOW (window));

  /* The conversion is cancelled and the tile goes away cleanly. The
   * cancel reaches the converter on its next turn of the main loop, and
   * only then does it remove its unfinished file: wait for that. */
  WAIT_UNTIL (tile == NULL);
  WAIT_UNTIL (!has_partial_file (dir));
}

static void
test_tile_warning_does_not_block (void)
{
  g_autofree char *path = tern_test_fixture ("tier");
  g_autoptr(GFile) file = NULL;
  g_autoptr(TernAttachment) attachment = NULL;
  GtkWidget *tile, *window;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  attachment = tern_attachment_new (file);
  tile = tern_attachment_tile_new (attachment);
  window = show_in_window (tile, 260, 360);
  WAIT_UNTIL (tern_attachment_tile_get_info (TERN_ATTACHMENT_TILE (tile)) != NULL);

  g_assert_false (tern_attachment_tile_get_blocking (TERN_ATTACHMENT_TILE (tile)));
  g_assert_null (tern_attachment_get_error (attachment));
  g_assert_true (is_visible_now (find_widget (tile, is_label_with_class, (gpointer) "warning")));
  g_assert_false (is_visible_now (find_widget (tile, is_label_with_class, (gpointer) "error")));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_tile_image_without_loader (void)
{
  g_autofree char *path = tern_test_fixture ("still.webp");
  g_autoptr(GFile) file = NULL;
  g_autoptr(TernAttachment) attachment = NULL;
  GtkWidget *tile, *window;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  attachment = tern_attachment_new (file);
  tile = tern_attachment_tile_new (attachment);
  window = show_in_window (tile, 260, 360);

  /* A picture of some kind arrives, whether or not a WEBP loader exists. */
  WAIT_UNTIL (find_widget (tile, is_picture_with_paintable, NULL) != NULL);
  g_assert_cmpint (tern_attachment_get_kind (attachment), ==, TERN_ATTACHMENT_KIND_IMAGE);
  g_assert_cmpstr (tern_attachment_get_mime_type (attachment), ==, "image/webp");
  g_assert_false (tern_attachment_tile_get_blocking (TERN_ATTACHMENT_TILE (tile)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
error_mentions (TernAttachmentTile *tile,
                const char         *text)
{
  GPtrArray *problems = tern_attachment_tile_get_problems (tile);

  for (guint i = 0; i < problems->len; i++)
    if (strstr (((TernMediaProblem *) problems->pdata[i])->message, text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_tile_file_goes_away (void)
{
  g_autofree char *src = tern_test_fixture ("gif-small");
  g_autofree char *path = g_build_filename (tern_test_fixture_dir (), "vanishing.gif", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(TernAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *tile, *window;
  gsize len = 0;

  g_file_get_contents (src, &data, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);

  attachment = tern_attachment_new (file);
  tile = tern_attachment_tile_new (attachment);
  window = show_in_window (tile, 260, 360);
  WAIT_UNTIL (tern_attachment_tile_get_info (TERN_ATTACHMENT_TILE (tile)) != NULL);
  g_assert_false (tern_attachment_tile_get_blocking (TERN_ATTACHMENT_TILE (tile)));

  /* Replaced by text behind Tern's back: checked again, and refused. */
  g_file_set_contents (path, "not a picture any more", -1, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (error_mentions (TERN_ATTACHMENT_TILE (tile), "not an image or a video"));
  g_assert_true (tern_attachment_tile_get_blocking (TERN_ATTACHMENT_TILE (tile)));

  /* Deleted: says so. */
  g_assert_true (g_file_delete (file, NULL, NULL));
  WAIT_UNTIL (error_mentions (TERN_ATTACHMENT_TILE (tile), "does not exist"));
  g_assert_true (tern_attachment_tile_get_blocking (TERN_ATTACHMENT_TILE (tile)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_tile_unreadable (void)
{
  g_autofree char *path = tern_test_fixture ("text.mp4");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(TernAttachment) attachment = tern_attachment_new (file);
  GtkWidget *tile = tern_attachment_tile_new (attachment);
  GtkWidget *window = show_in_window (tile, 260, 360);
  GtkWidget *error_label;

  WAIT_UNTIL (tern_attachment_tile_get_problems (TERN_ATTACHMENT_TILE (tile))->len > 0);
  g_assert_true (tern_attachment_tile_get_blocking (TERN_ATTACHMENT_TILE (tile)));
  error_label = find_widget (tile, is_label_with_class, (gpointer) "error");
  g_assert_true (is_visible_now (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "not an image or a video"));
  /* Converting cannot help a text file. */
  g_assert_false (is_visible_now (find_widget (tile, is_button_labelled, (gpointer) "Convert")));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_tile_upload_progress (void)
{
  g_autofree char *path = tern_test_fixture ("gif-small");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(TernAttachment) attachment = tern_attachment_new (file);
  GtkWidget *tile = tern_attachment_tile_new (attachment);
  GtkWidget *window = show_in_window (tile, 260, 360);
  GtkWidget *bar;

  WAIT_UNTIL (tern_attachment_tile_get_info (TERN_ATTACHMENT_TILE (tile)) != NULL);
  g_assert_cmpint (tern_attachment_get_kind (attachment), ==, TERN_ATTACHMENT_KIND_GIF);

  tern_attachment_tile_set_upload_progress (TERN_ATTACHMENT_TILE (tile), 0.4, "Uploading… 40 %");
  bar = find_widget (tile, is_progress_bar, NULL);
  g_assert_true (is_visible_now (bar));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)), ==, 0.4);
  tern_attachment_tile_set_upload_progress (TERN_ATTACHMENT_TILE (tile), -1, NULL);
  g_assert_false (is_visible_now (bar));
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  guint contents;
  guint size;
} Invalidations;

static void
contents_cb (GdkPaintable  *paintable,
             Invalidations *inv)
{
  inv->contents++;
}

static void
size_cb (GdkPaintable  *paintable,
         Invalidations *inv)
{
  inv->size++;
}

static void
test_preview_receives_frames (void)
{
  g_autofree char *path = tern_test_fixture ("good");
  g_autoptr(GFile) file = NULL;
  Invalidations inv = { 0, 0 };
  GtkWidget *preview, *window;
  GdkPaintable *paintable;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  preview = tern_video_preview_new ();
  paintable = tern_video_preview_get_paintable (TERN_VIDEO_PREVIEW (preview));
  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (contents_cb), &inv);
  g_signal_connect (paintable, "invalidate-size", G_CALLBACK (size_cb), &inv);
  window = show_in_window (preview, 480, 360);

  tern_video_preview_set_file (TERN_VIDEO_PREVIEW (preview), file);
  /* Paused, it shows the first frame. */
  WAIT_UNTIL (inv.contents >= 1 || tern_video_preview_get_error (TERN_VIDEO_PREVIEW (preview)));
  g_assert_null (tern_video_preview_get_error (TERN_VIDEO_PREVIEW (preview)));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 1280);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 720);
  g_assert_cmpuint (inv.size, ==, 1);

  /* Playing delivers more frames, then stops at the end by itself. */
  tern_video_preview_set_playing (TERN_VIDEO_PREVIEW (preview), TRUE);
  g_assert_true (tern_video_preview_get_playing (TERN_VIDEO_PREVIEW (preview)));
  WAIT_UNTIL (inv.contents >= 10 || tern_video_preview_get_error (TERN_VIDEO_PREVIEW (preview)));
  g_assert_null (tern_video_preview_get_error (TERN_VIDEO_PREVIEW (preview)));
  save_screenshot (window, "video-preview");
  WAIT_UNTIL (!tern_video_preview_get_playing (TERN_VIDEO_PREVIEW (preview)));
  g_assert_null (tern_video_preview_get_error (TERN_VIDEO_PREVIEW (preview)));
  g_assert_cmpuint (inv.size, ==, 1);
  g_test_message ("%u frames shown", inv.contents);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_preview_bad_file (void)
{
  g_autofree char *path = tern_test_fixture ("truncated.mp4");
  g_autoptr(GFile) file = NULL;
  GtkWidget *preview, *window;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  preview = tern_video_preview_new ();
  window = show_in_window (preview, 320, 240);
  tern_video_preview_set_file (TERN_VIDEO_PREVIEW (preview), file);
  WAIT_UNTIL (tern_video_preview_get_error (TERN_VIDEO_PREVIEW (preview)) != NULL);
  g_assert_nonnull (strstr (tern_video_preview_get_error (TERN_VIDEO_PREVIEW (preview)), "damaged or incomplete"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A video without sound plays to its end: the position moves on, and it
 * stops by itself (it used to wait for sound that never came, at 0:00). */
static void
max_value_cb (GtkAdjustment *adjustment,
              GParamSpec    *pspec,
              double        *max)
{
  *max = MAX (*max, gtk_adjustment_get_value (adjustment));
}

static gboolean
is_scale (GtkWidget *widget,
          gpointer   data)
{
  return GTK_IS_SCALE (widget);
}

static void
test_preview_silent_video_plays (void)
{
  g_autofree char *path = tern_test_fixture ("no-audio");
  g_autoptr(GFile) file = NULL;
  GtkWidget *preview, *window, *scale;
  GtkAdjustment *adjustment;
  double max = 0;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  preview = tern_video_preview_new ();
  window = show_in_window (preview, 480, 360);
  scale = find_widget (preview, is_scale, NULL);
  g_assert_nonnull (scale);
  adjustment = gtk_range_get_adjustment (GTK_RANGE (scale));
  g_signal_connect (adjustment, "notify::value", G_CALLBACK (max_value_cb), &max);

  tern_video_preview_set_file (TERN_VIDEO_PREVIEW (preview), file);
  tern_video_preview_set_playing (TERN_VIDEO_PREVIEW (preview), TRUE);
  g_assert_true (tern_video_preview_get_playing (TERN_VIDEO_PREVIEW (preview)));
  WAIT_UNTIL (max > 0 || tern_video_preview_get_error (TERN_VIDEO_PREVIEW (preview)));
  g_assert_null (tern_video_preview_get_error (TERN_VIDEO_PREVIEW (preview)));
  save_screenshot (window, "video-preview-silent");
  WAIT_UNTIL (!tern_video_preview_get_playing (TERN_VIDEO_PREVIEW (preview)));
  g_assert_null (tern_video_preview_get_error (TERN_VIDEO_PREVIEW (preview)));
  /* The fixture lasts 1 s; positions are polled every few hundred ms. */
  g_test_message ("furthest position shown: %.2f s", max);
  g_assert_cmpfloat (max, >=, 0.5);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_animated_picture (GtkWidget *widget,
                     gpointer   data)
{
  return GTK_IS_PICTURE (widget) &&
         TERN_IS_ANIMATION_PAINTABLE (gtk_picture_get_paintable (GTK_PICTURE (widget)));
}

static void
contents_count_cb (GdkPaintable *paintable,
                   guint        *count)
{
  (*count)++;
}

/* An animated GIF moves in its tile. */
static void
test_tile_gif_animates (void)
{
  g_autofree char *path = tern_test_fixture ("gif-small");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(TernAttachment) attachment = tern_attachment_new (file);
  GtkWidget *tile = tern_attachment_tile_new (attachment);
  GtkWidget *window = show_in_window (tile, 320, 360);
  GtkWidget *picture;
  GdkPaintable *paintable;
  guint invalidations = 0;
  guint start;

  WAIT_UNTIL ((picture = find_widget (tile, is_animated_picture, NULL)) != NULL);
  paintable = gtk_picture_get_paintable (GTK_PICTURE (picture));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 16);
  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (contents_count_cb), &invalidations);
  start = tern_animation_paintable_get_frames_shown (TERN_ANIMATION_PAINTABLE (paintable));
  /* Four frames: showing five more means it went round. */
  WAIT_UNTIL (tern_animation_paintable_get_frames_shown (TERN_ANIMATION_PAINTABLE (paintable)) >= start + 5);
  g_assert_cmpuint (invalidations, >=, 5);
  g_assert_cmpint (tern_attachment_get_kind (attachment), ==, TERN_ATTACHMENT_KIND_GIF);
  g_signal_handlers_disconnect_by_func (paintable, contents_count_cb, &invalidations);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every wrapped line of @label starts after a space or a line break:
 * no word (not "H.264") is cut in two. */
static void
assert_words_whole (GtkLabel *label)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  const char *text = pango_layout_get_text (layout);
  GSList *lines = pango_layout_get_lines_readonly (layout);

  g_auto(GStrv) words = g_strsplit_set (text, " \n", -1);
  int minimum = 0;
  int widest = 0;

  /* However narrow the tile is squeezed, the label stays as wide as its
   * widest word, so wrapping happens only between words. */
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autoptr(PangoLayout) word = gtk_widget_create_pango_layout (GTK_WIDGET (label), words[i]);
      int width;
      pango_layout_get_pixel_size (word, &width, NULL);
      widest = MAX (widest, width);
    }
  g_assert_cmpint (minimum, >=, widest);

  g_assert_cmpuint (g_slist_length (lines), >, 2);
  for (GSList *l = lines->next; l != NULL; l = l->next)
    {
      PangoLayoutLine *line = l->data;
      char before = text[line->start_index - 1];

      if (before != ' ' && before != '\n')
        g_error ("A line of “%s” starts inside a word, at “%.12s”", text, text + line->start_index);
    }
}

/* Two problems one Convert fixes: codecs named as people know them, the
 * fix said once, and no word broken across lines in a narrow tile. */
static void
test_tile_problems_read_well (void)
{
  g_autofree char *path = tern_test_fixture ("hevc-mp3");
  g_autoptr(GFile) file = NULL;
  g_autoptr(TernAttachment) attachment = NULL;
  GtkWidget *tile, *window, *error_label;
  g_autofree char *visible = NULL;
  const char *text;
  const char *first;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  attachment = tern_attachment_new (file);
  tile = tern_attachment_tile_new (attachment);
  window = show_in_window (tile, 200, 400);
  WAIT_UNTIL (is_visible_now (find_widget (tile, is_label_with_class, (gpointer) "error")));
  error_label = find_widget (tile, is_label_with_class, (gpointer) "error");
  /* What a person reads: without the invisible word joiners. */
  {
    g_auto(GStrv) parts = g_strsplit (gtk_label_get_text (GTK_LABEL (error_label)), "\u2060", -1);
    visible = g_strjoinv ("", parts);
  }
  text = visible;
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "HEVC (H.265)"));
  g_assert_nonnull (strstr (text, "H.264"));
  g_assert_nonnull (strstr (text, "MP3"));
  first = strstr (text, "Convert");
  g_assert_nonnull (first);
  g_assert_null (strstr (first + 1, "Convert"));
  g_assert_nonnull (find_widget (tile, is_button_labelled, (gpointer) "Convert"));
  save_screenshot (window, "tile-two-problems");
  WAIT_UNTIL (gtk_widget_get_width (error_label) > 0);
  assert_words_whole (GTK_LABEL (error_label));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_text_view (GtkWidget *widget,
              gpointer   data)
{
  return GTK_IS_TEXT_VIEW (widget);
}

static gboolean
is_numeric_label (GtkWidget *widget,
                  gpointer   data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "numeric");
}

/* The description dialog: the picture beside a text area, the file name
 * in the title, a counter that turns red over 1,000 characters, and Save
 * blocked until the text is short enough. */
static void
test_alt_text_dialog (void)
{
  g_autofree char *path = tern_test_fixture ("photo.jpg");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(TernAttachment) attachment = tern_attachment_new (file);
  g_autoptr(GString) long_text = g_string_new (NULL);
  GtkWidget *parent = show_in_window (gtk_label_new ("Composer"), 400, 300);
  GtkWidget *dialog, *counter, *save, *picture;
  TernAltTextDialog *alt;

  tern_attachment_set_alt_text (attachment, "Colour bars");
  dialog = tern_alt_text_dialog_new (attachment, GTK_WINDOW (parent));
  alt = TERN_ALT_TEXT_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  WAIT_UNTIL (gtk_widget_get_mapped (dialog));

  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (dialog)), "photo.jpg"));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_nonnull (find_widget (dialog, is_text_view, NULL));
  counter = find_widget (dialog, is_numeric_label, NULL);
  save = find_widget (dialog, is_button_labelled, (gpointer) "_Save");
  g_assert_nonnull (counter);
  g_assert_nonnull (save);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (counter)), ==, "11 / 1000");
  g_assert_false (gtk_widget_has_css_class (counter, "error"));
  /* The picture is beside the text. */
  WAIT_UNTIL ((picture = find_widget (dialog, is_picture_with_paintable, NULL)) != NULL);

  /* Over 1,000: red, and Save does nothing. */
  for (int i = 0; i < 1001; i++)
    g_string_append (long_text, "é");
  tern_alt_text_dialog_set_text (alt, long_text->str);
  g_assert_cmpuint (tern_alt_text_dialog_get_count (alt), ==, 1001);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (counter)), ==, "1001 / 1000");
  g_assert_true (gtk_widget_has_css_class (counter, "error"));
  g_assert_false (tern_alt_text_dialog_get_can_save (alt));
  g_assert_false (gtk_widget_is_sensitive (save));
  save_screenshot (dialog, "alt-text-dialog-too-long");
  tern_alt_text_dialog_save (alt);
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_cmpstr (tern_attachment_get_alt_text (attachment), ==, "Colour bars");

  /* Exactly 1,000 is fine; Save writes it and closes. */
  g_string_truncate (long_text, 0);
  for (int i = 0; i < 1000; i++)
    g_string_append (long_text, "é");
  tern_alt_text_dialog_set_text (alt, long_text->str);
  g_assert_false (gtk_widget_has_css_class (counter, "error"));
  g_assert_true (gtk_widget_is_sensitive (save));
  tern_alt_text_dialog_set_text (alt, "SMPTE colour bars on a grey card, seen from the front");
  save_screenshot (dialog, "alt-text-dialog");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  /* Ctrl+Enter and the Save button run this action. */
  gtk_widget_activate_action (dialog, "alt.save", NULL);
  g_assert_cmpstr (tern_attachment_get_alt_text (attachment), ==,
                   "SMPTE colour bars on a grey card, seen from the front");
  WAIT_UNTIL (dialog == NULL);
  gtk_window_destroy (GTK_WINDOW (parent));
}

static gboolean
is_spin_button (GtkWidget *widget,
                gpointer   data)
{
  return GTK_IS_SPIN_BUTTON (widget);
}

static gboolean
is_switch (GtkWidget *widget,
           gpointer   data)
{
  return GTK_IS_SWITCH (widget);
}

/* Preferences change the settings the app and tern post read. */
static void
test_preferences_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkWidget *window = tern_preferences_window_new (settings, NULL);
  GtkWidget *toggle, *spin;

  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (window));
  g_assert_true (ADW_IS_PREFERENCES_WINDOW (window));
  save_screenshot (window, "preferences");

  toggle = find_widget (window, is_switch, NULL);
  g_assert_nonnull (toggle);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "warn-missing-alt-text"));

  /* The first spin button is the image quality. */
  spin = find_widget (window, is_spin_button, NULL);
  g_assert_nonnull (spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 90);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 75);
  g_assert_cmpuint (g_settings_get_uint (settings, "image-quality"), ==, 75);
  g_settings_set_uint (settings, "image-quality", 95);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 95);

  g_settings_reset (settings, "warn-missing-alt-text");
  g_settings_reset (settings, "image-quality");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return 77;
    }
  adw_init ();
  tern_media_init ();

  g_test_add_func ("/media-widgets/tile-error-and-convert", test_tile_error_and_convert);
  g_test_add_func ("/media-widgets/tile-opens-preview", test_tile_opens_preview);
  g_test_add_func ("/media-widgets/tile-closed-while-converting", test_tile_closed_while_converting);
  g_test_add_func ("/media-widgets/tile-warning-does-not-block", test_tile_warning_does_not_block);
  g_test_add_func ("/media-widgets/tile-image-without-loader", test_tile_image_without_loader);
  g_test_add_func ("/media-widgets/tile-unreadable", test_tile_unreadable);
  g_test_add_func ("/media-widgets/tile-file-goes-away", test_tile_file_goes_away);
  g_test_add_func ("/media-widgets/tile-upload-progress", test_tile_upload_progress);
  g_test_add_func ("/media-widgets/preview-receives-frames", test_preview_receives_frames);
  g_test_add_func ("/media-widgets/preview-bad-file", test_preview_bad_file);
  g_test_add_func ("/media-widgets/preview-silent-video-plays", test_preview_silent_video_plays);
  g_test_add_func ("/media-widgets/tile-gif-animates", test_tile_gif_animates);
  g_test_add_func ("/media-widgets/tile-problems-read-well", test_tile_problems_read_well);
  g_test_add_func ("/media-widgets/alt-text-dialog", test_alt_text_dialog);
  g_test_add_func ("/media-widgets/preferences-window", test_preferences_window);

  ret = g_test_run ();
  tern_test_fixtures_cleanup ();
  return ret;
}
