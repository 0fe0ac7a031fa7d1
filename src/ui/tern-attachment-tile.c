/* tern-attachment-tile.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-attachment-tile"

#include "config.h"

#include <glib/gi18n.h>

#include "media/tern-media-rules.h"
#include "tern-attachment-tile.h"

struct _TernAttachmentTile
{
  GtkWidget       parent_instance;

  TernAttachment *attachment;
  TernUpload     *upload;
  GCancellable   *cancellable;
  GPtrArray      *problems;       /* TernMediaProblem */
  char           *message;
  char           *progress_label;
  gboolean        blocking;
  gboolean        locked;
  gboolean        has_thumbnail;

  GtkWidget      *frame;
  GtkPicture     *picture;
  GtkImage       *kind_icon;
  GtkWidget      *remove_button;
  GtkWidget      *alt_button;
  GtkWidget      *alt_popover;
  GtkTextView    *alt_view;
  GtkLabel       *alt_counter;
  GtkWidget      *progress_box;
  GtkLabel       *progress_text;
  GtkProgressBar *progress_bar;
  GtkImage       *problem_icon;
  GtkLabel       *problem_label;
  GtkWidget      *convert_button;
};

G_DEFINE_FINAL_TYPE (TernAttachmentTile, tern_attachment_tile, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ATTACHMENT,
  PROP_BLOCKING,
  N_PROPS
};

enum {
  REMOVE_REQUESTED,
  CONVERT_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static char *
display_name (TernAttachmentTile *self)
{
  g_autofree char *basename = g_file_get_basename (tern_attachment_get_file (self->attachment));

  return g_filename_display_name (basename);
}

static void
update_accessible (TernAttachmentTile *self)
{
  g_autofree char *name = display_name (self);
  const char *alt = tern_attachment_get_alt_text (self->attachment);
  g_autofree char *description = NULL;

  description = g_strjoin ("\n",
                           alt != NULL && *alt != '\0' ? alt : _("No alt text"),
                           self->message != NULL ? self->message : "",
                           self->progress_label != NULL ? self->progress_label : "",
                           NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
update_alt_button (TernAttachmentTile *self)
{
  const char *alt = tern_attachment_get_alt_text (self->attachment);
  gboolean has_alt = alt != NULL && *alt != '\0';

  /* A tick tells at a glance which images still need a description. */
  gtk_button_set_label (GTK_BUTTON (self->alt_button), has_alt ? _("ALT ✓") : _("ALT"));
  gtk_widget_set_tooltip_text (self->alt_button, has_alt ? alt : _("Describe This Image for People Who Cannot See It"));
  update_accessible (self);
}

/* What is shown under the thumbnail: the media problems first (errors,
 * then warnings), else the last upload error. */
static void
update_problems (TernAttachmentTile *self)
{
  const TernMediaProblem *first = NULL;
  g_autoptr(TernMediaProblem) alt_problem = NULL;
  const char *upload_error = tern_attachment_get_error (self->attachment);
  gboolean blocking = FALSE;
  gboolean convertible = FALSE;

  if (self->problems != NULL && self->problems->len > 0)
    {
      first = g_ptr_array_index (self->problems, 0);
      blocking = tern_media_problems_block (self->problems);
      convertible = blocking && tern_media_problems_convertible (self->problems);
    }

  alt_problem = tern_media_rules_check_alt_text (tern_attachment_get_alt_text (self->attachment));
  if (alt_problem != NULL && (first == NULL || first->severity != TERN_MEDIA_SEVERITY_ERROR))
    first = alt_problem;
  if (alt_problem != NULL && alt_problem->severity == TERN_MEDIA_SEVERITY_ERROR)
    blocking = TRUE;

  g_clear_pointer (&self->message, g_free);
  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "warning");

  if (first != NULL)
    {
      gboolean error = first->severity == TERN_MEDIA_SEVERITY_ERROR;

      self->message = g_strdup (first->message);
      gtk_image_set_from_icon_name (self->problem_icon,
                                    error ? "dialog-error-symbolic" : "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self), error ? "error" : "warning");
    }
  else if (upload_error != NULL && *upload_error != '\0')
    {
      self->message = g_strdup (upload_error);
      gtk_image_set_from_icon_name (self->problem_icon, "dialog-error-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
    }

  gtk_label_set_label (self->problem_label, self->message);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->problem_label), self->message);
  gtk_widget_set_visible (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (self->problem_label))),
                          self->message != NULL);
  gtk_widget_set_visible (self->convert_button, convertible && !self->locked);
  update_accessible (self);

  if (blocking != self->blocking)
    {
      self->blocking = blocking;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKING]);
    }
}

static void
update_alt_counter (TernAttachmentTile *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->alt_view);
  int left = TERN_UPLOAD_MAX_ALT_TEXT - gtk_text_buffer_get_char_count (buffer);
  g_autofree char *text = NULL;

  if (left >= 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d character left",
                                         "%d characters left", left), left);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d character too many: shorten the description",
                                         "%d characters too many: shorten the description", -left), -left);
  gtk_label_set_label (self->alt_counter, text);
  if (left < 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->alt_counter), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->alt_counter), "error");
}

/* Thumbnails */

static void
thumbnail_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) rotated = NULL;
  GError *error = NULL;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "no local path");
      return;
    }

  /* Twice the tile's size, for high-density screens. */
  pixbuf = gdk_pixbuf_new_from_file_at_scale (path, TERN_ATTACHMENT_TILE_SIZE * 2,
                                              TERN_ATTACHMENT_TILE_SIZE * 2, TRUE, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  rotated = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  g_task_return_pointer (task, g_steal_pointer (&rotated), g_object_unref);
}

static void
thumbnail_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  TernAttachmentTile *self;

  pixbuf = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = TERN_ATTACHMENT_TILE (user_data);
  if (pixbuf == NULL)
    {
      g_debug ("No thumbnail: %s", error->message);
      return;
    }

  texture = gdk_texture_new_for_pixbuf (pixbuf);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->kind_icon), FALSE);
  self->has_thumbnail = TRUE;
}

static void
load_thumbnail (TernAttachmentTile *self)
{
  g_autoptr(GTask) task = NULL;
  TernAttachmentKind kind = tern_attachment_get_kind (self->attachment);

  gtk_image_set_from_icon_name (self->kind_icon,
                                kind == TERN_ATTACHMENT_KIND_VIDEO ? "video-x-generic-symbolic"
                                                                   : "image-x-generic-symbolic");
  if (kind == TERN_ATTACHMENT_KIND_VIDEO)
    return;

  /* The task holds no reference on the tile: the tile cancels it when it
   * goes, and the callback returns on cancellation before touching it. */
  task = g_task_new (NULL, self->cancellable, thumbnail_done_cb, self);
  g_task_set_source_tag (task, load_thumbnail);
  g_task_set_task_data (task, g_object_ref (tern_attachment_get_file (self->attachment)), g_object_unref);
  g_task_run_in_thread (task, thumbnail_thread);
}

/* Upload progress */

static void
update_from_upload (TernAttachmentTile *self)
{
  TernUpload *upload = self->upload;
  g_autofree char *label = NULL;
  double fraction = -1;

  switch (tern_upload_get_phase (upload))
    {
    case TERN_UPLOAD_PHASE_NONE:
    case TERN_UPLOAD_PHASE_CHECK:
      label = g_strdup (_("Waiting…"));
      fraction = 0;
      break;
    case TERN_UPLOAD_PHASE_ONE_SHOT:
    case TERN_UPLOAD_PHASE_INIT:
    case TERN_UPLOAD_PHASE_APPEND:
    case TERN_UPLOAD_PHASE_FINALIZE:
      fraction = tern_upload_get_fraction (upload);
      /* Translators: an attachment's upload progress, e.g. "Uploading 40%" */
      label = g_strdup_printf (_("Uploading %d%%"), (int) (fraction * 100));
      break;
    case TERN_UPLOAD_PHASE_PROCESSING:
      {
        int percent = tern_upload_get_processing_percent (upload);

        fraction = percent >= 0 ? percent / 100.0 : 0;
        /* Translators: X processing an uploaded video, e.g. "Processing 45%" */
        label = percent >= 0 ? g_strdup_printf (_("Processing %d%%"), percent)
                             : g_strdup (_("Processing…"));
      }
      break;
    case TERN_UPLOAD_PHASE_METADATA:
      label = g_strdup (_("Saving alt text…"));
      fraction = 1;
      break;
    case TERN_UPLOAD_PHASE_DONE:
      label = g_strdup (_("Uploaded"));
      fraction = 1;
      break;
    case TERN_UPLOAD_PHASE_FAILED:
    default:
      label = g_strdup (_("Not uploaded"));
      fraction = -1;
      break;
    }

  tern_attachment_tile_set_progress (self, fraction, label);
}

static void
upload_notify_cb (TernAttachmentTile *self,
                  GParamSpec         *pspec,
                  TernUpload         *upload)
{
  update_from_upload (self);
}

/* Signal callbacks */

static void
attachment_notify_cb (TernAttachmentTile *self,
                      GParamSpec         *pspec,
                      TernAttachment     *attachment)
{
  update_alt_button (self);
  update_problems (self);
}

static void
remove_clicked_cb (TernAttachmentTile *self)
{
  g_signal_emit (self, signals[REMOVE_REQUESTED], 0);
}

static void
convert_clicked_cb (TernAttachmentTile *self)
{
  g_signal_emit (self, signals[CONVERT_REQUESTED], 0);
}

static void
alt_changed_cb (TernAttachmentTile *self,
                GtkTextBuffer      *buffer)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  update_alt_counter (self);
  tern_attachment_set_alt_text (self->attachment, *text != '\0' ? text : NULL);
}

static void
alt_done_clicked_cb (TernAttachmentTile *self)
{
  gtk_popover_popdown (GTK_POPOVER (self->alt_popover));
}

static void
alt_clicked_cb (TernAttachmentTile *self)
{
  gtk_popover_popup (GTK_POPOVER (self->alt_popover));
}

static void
alt_popover_show_cb (TernAttachmentTile *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->alt_view));
}

/* Building */

static GtkWidget *
build_alt_popover (TernAttachmentTile *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("Alt Text"));
  GtkWidget *hint = gtk_label_new (_("Describe what is in the image for people who use a screen reader."));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *footer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *done = gtk_button_new_with_mnemonic (_("_Done"));
  GtkTextBuffer *buffer;

  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (hint), 36);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "caption");

  self->alt_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->alt_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->alt_view, FALSE);
  gtk_text_view_set_top_margin (self->alt_view, 6);
  gtk_text_view_set_bottom_margin (self->alt_view, 6);
  gtk_text_view_set_left_margin (self->alt_view, 6);
  gtk_text_view_set_right_margin (self->alt_view, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->alt_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Alt Text"),
                                  -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->alt_view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scroller, 300, 120);
  gtk_widget_add_css_class (scroller, "card");
  gtk_widget_add_css_class (scroller, "alt-text");

  self->alt_counter = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->alt_counter, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->alt_counter), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->alt_counter), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->alt_counter), "numeric");
  gtk_widget_add_css_class (done, "suggested-action");
  g_signal_connect_swapped (done, "clicked", G_CALLBACK (alt_done_clicked_cb), self);

  gtk_box_append (GTK_BOX (footer), GTK_WIDGET (self->alt_counter));
  gtk_box_append (GTK_BOX (footer), done);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), hint);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), footer);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_signal_connect_swapped (popover, "show", G_CALLBACK (alt_popover_show_cb), self);

  buffer = gtk_text_view_get_buffer (self->alt_view);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (alt_changed_cb), self, G_CONNECT_SWAPPED);

  return popover;
}

static GtkWidget *
osd_button (const char *icon_name,
            const char *label,
            const char *tooltip)
{
  GtkWidget *button = icon_name != NULL ? gtk_button_new_from_icon_name (icon_name)
                                        : gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "osd");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_margin_top (button, 6);
  gtk_widget_set_margin_bottom (button, 6);
  gtk_widget_set_margin_start (button, 6);
  gtk_widget_set_margin_end (button, 6);
  return button;
}

static void
build (TernAttachmentTile *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *problem_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *square;
  GtkWidget *clamp;

  gtk_widget_set_parent (box, GTK_WIDGET (self));

  self->frame = gtk_frame_new (NULL);
  gtk_widget_add_css_class (self->frame, "attachment-thumbnail");
  gtk_widget_set_size_request (self->frame, TERN_ATTACHMENT_TILE_SIZE, TERN_ATTACHMENT_TILE_SIZE);
  gtk_widget_set_overflow (self->frame, GTK_OVERFLOW_HIDDEN);

  self->kind_icon = GTK_IMAGE (gtk_image_new ());
  gtk_image_set_pixel_size (self->kind_icon, 32);
  gtk_widget_add_css_class (GTK_WIDGET (self->kind_icon), "dim-label");

  /* The overlay takes its size from its main child only: an empty
   * square. The picture, as an overlay, fills it whatever its shape. */
  square = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_size_request (square, TERN_ATTACHMENT_TILE_SIZE, TERN_ATTACHMENT_TILE_SIZE);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), square);
  self->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->picture, TRUE);
  gtk_picture_set_content_fit (self->picture, GTK_CONTENT_FIT_COVER);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->picture));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->kind_icon));

  self->remove_button = osd_button ("window-close-symbolic", NULL, _("Remove Attachment"));
  gtk_widget_add_css_class (self->remove_button, "circular");
  gtk_widget_set_halign (self->remove_button, GTK_ALIGN_END);
  gtk_widget_set_valign (self->remove_button, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Attachment"),
                                  -1);
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (remove_clicked_cb), self);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->remove_button);

  self->alt_button = gtk_button_new_with_label (_("ALT"));
  self->alt_popover = build_alt_popover (self);
  gtk_widget_set_parent (self->alt_popover, self->alt_button);
  g_signal_connect_swapped (self->alt_button, "clicked", G_CALLBACK (alt_clicked_cb), self);
  gtk_widget_add_css_class (self->alt_button, "osd");
  gtk_widget_add_css_class (self->alt_button, "alt-button");
  gtk_widget_set_halign (self->alt_button, GTK_ALIGN_START);
  gtk_widget_set_valign (self->alt_button, GTK_ALIGN_END);
  gtk_widget_set_margin_start (self->alt_button, 6);
  gtk_widget_set_margin_bottom (self->alt_button, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->alt_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Edit Alt Text"),
                                  -1);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->alt_button);

  self->progress_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (self->progress_box, "osd");
  gtk_widget_add_css_class (self->progress_box, "attachment-progress");
  gtk_widget_set_valign (self->progress_box, GTK_ALIGN_END);
  gtk_widget_set_visible (self->progress_box, FALSE);
  self->progress_text = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_text), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_text), "numeric");
  gtk_label_set_ellipsize (self->progress_text, PANGO_ELLIPSIZE_END);
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_box_append (GTK_BOX (self->progress_box), GTK_WIDGET (self->progress_text));
  gtk_box_append (GTK_BOX (self->progress_box), GTK_WIDGET (self->progress_bar));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->progress_box);

  gtk_frame_set_child (GTK_FRAME (self->frame), overlay);
  gtk_box_append (GTK_BOX (box), self->frame);

  self->problem_icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->problem_icon), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (self->problem_icon), "problem-icon");
  self->problem_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->problem_label, TRUE);
  gtk_label_set_wrap_mode (self->problem_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (self->problem_label, 5);
  gtk_label_set_ellipsize (self->problem_label, PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (self->problem_label, 0);
  gtk_label_set_max_width_chars (self->problem_label, 16);
  gtk_label_set_width_chars (self->problem_label, 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "caption");
  gtk_box_append (GTK_BOX (problem_box), GTK_WIDGET (self->problem_icon));
  gtk_box_append (GTK_BOX (problem_box), GTK_WIDGET (self->problem_label));
  gtk_widget_set_size_request (problem_box, TERN_ATTACHMENT_TILE_SIZE, -1);
  gtk_widget_add_css_class (problem_box, "attachment-problem");
  /* A message wraps to the tile's width instead of widening it. */
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), TERN_ATTACHMENT_TILE_SIZE);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), TERN_ATTACHMENT_TILE_SIZE);
  adw_clamp_set_child (ADW_CLAMP (clamp), problem_box);
  gtk_widget_set_visible (clamp, FALSE);
  gtk_box_append (GTK_BOX (box), clamp);

  self->convert_button = gtk_button_new_with_mnemonic (_("_Convert"));
  gtk_widget_set_tooltip_text (self->convert_button, _("Convert to a Format X Accepts"));
  gtk_widget_add_css_class (self->convert_button, "pill");
  gtk_widget_add_css_class (self->convert_button, "small");
  gtk_widget_set_visible (self->convert_button, FALSE);
  g_signal_connect_swapped (self->convert_button, "clicked", G_CALLBACK (convert_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), self->convert_button);
}

/* Overrides */

static void
tern_attachment_tile_constructed (GObject *object)
{
  TernAttachmentTile *self = (TernAttachmentTile *)object;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->alt_view);
  const char *alt;

  G_OBJECT_CLASS (tern_attachment_tile_parent_class)->constructed (object);

  g_assert (self->attachment != NULL);

  alt = tern_attachment_get_alt_text (self->attachment);
  gtk_text_buffer_set_text (buffer, alt != NULL ? alt : "", -1);
  update_alt_counter (self);

  g_signal_connect_object (self->attachment, "notify::alt-text",
                           G_CALLBACK (attachment_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->attachment, "notify::error",
                           G_CALLBACK (attachment_notify_cb), self, G_CONNECT_SWAPPED);

  /* Only images and GIFs take alt text on X. */
  gtk_widget_set_visible (self->alt_button,
                          tern_attachment_get_kind (self->attachment) != TERN_ATTACHMENT_KIND_VIDEO);
  update_alt_button (self);
  update_problems (self);
  load_thumbnail (self);
}

static void
tern_attachment_tile_dispose (GObject *object)
{
  TernAttachmentTile *self = (TernAttachmentTile *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  tern_attachment_tile_set_upload (self, NULL);
  if (self->alt_popover != NULL)
    gtk_widget_unparent (self->alt_popover);
  self->alt_popover = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tern_attachment_tile_parent_class)->dispose (object);
}

static void
tern_attachment_tile_finalize (GObject *object)
{
  TernAttachmentTile *self = (TernAttachmentTile *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->attachment);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_free (self->message);
  g_free (self->progress_label);

  G_OBJECT_CLASS (tern_attachment_tile_parent_class)->finalize (object);
}

static void
tern_attachment_tile_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TernAttachmentTile *self = TERN_ATTACHMENT_TILE (object);

  switch (prop_id)
    {
    case PROP_ATTACHMENT:
      g_value_set_object (value, self->attachment);
      break;
    case PROP_BLOCKING:
      g_value_set_boolean (value, self->blocking);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_attachment_tile_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TernAttachmentTile *self = TERN_ATTACHMENT_TILE (object);

  switch (prop_id)
    {
    case PROP_ATTACHMENT:
      self->attachment = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_attachment_tile_class_init (TernAttachmentTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tern_attachment_tile_constructed;
  object_class->dispose = tern_attachment_tile_dispose;
  object_class->finalize = tern_attachment_tile_finalize;
  object_class->get_property = tern_attachment_tile_get_property;
  object_class->set_property = tern_attachment_tile_set_property;

  properties[PROP_ATTACHMENT] =
    g_param_spec_object ("attachment", NULL, NULL, TERN_TYPE_ATTACHMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BLOCKING] =
    g_param_spec_boolean ("blocking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TernAttachmentTile::remove-requested:
   *
   * The user asked to take this attachment off the post.
   */
  signals[REMOVE_REQUESTED] =
    g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * TernAttachmentTile::convert-requested:
   *
   * The user asked to convert the file to what X accepts.
   */
  signals[CONVERT_REQUESTED] =
    g_signal_new ("convert-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "attachmenttile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
tern_attachment_tile_init (TernAttachmentTile *self)
{
  self->cancellable = g_cancellable_new ();
  build (self);
}

/* Public API */

/**
 * tern_attachment_tile_new:
 * @attachment: what the tile shows
 *
 * Returns: (transfer floating): a new tile
 */
GtkWidget *
tern_attachment_tile_new (TernAttachment *attachment)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT (attachment), NULL);

  return g_object_new (TERN_TYPE_ATTACHMENT_TILE, "attachment", attachment, NULL);
}

/**
 * tern_attachment_tile_get_attachment:
 *
 * Returns: (transfer none): the attachment
 */
TernAttachment *
tern_attachment_tile_get_attachment (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), NULL);

  return self->attachment;
}

/**
 * tern_attachment_tile_set_problems:
 * @problems: (nullable) (element-type TernMediaProblem): what the media
 *   rules found, errors first
 *
 * Shows the first problem under the thumbnail; an error makes the tile
 * "blocking" and offers "Convert" when converting fixes every error.
 */
void
tern_attachment_tile_set_problems (TernAttachmentTile *self,
                                   GPtrArray          *problems)
{
  g_return_if_fail (TERN_IS_ATTACHMENT_TILE (self));

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (problems != NULL)
    self->problems = g_ptr_array_ref (problems);
  update_problems (self);
}

/**
 * tern_attachment_tile_get_blocking:
 *
 * Returns: whether the attachment has a problem that stops posting
 */
gboolean
tern_attachment_tile_get_blocking (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), FALSE);

  return self->blocking;
}

/**
 * tern_attachment_tile_get_message:
 *
 * Returns: (nullable): the problem shown on the tile
 */
const char *
tern_attachment_tile_get_message (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), NULL);

  return self->message;
}

/**
 * tern_attachment_tile_set_upload:
 * @upload: (nullable): the upload to follow, or %NULL to stop
 *
 * Shows @upload's progress on the tile ("Uploading 40%", then
 * "Processing 45%") as it runs.
 */
void
tern_attachment_tile_set_upload (TernAttachmentTile *self,
                                 TernUpload         *upload)
{
  g_return_if_fail (TERN_IS_ATTACHMENT_TILE (self));
  g_return_if_fail (upload == NULL || TERN_IS_UPLOAD (upload));

  if (self->upload == upload)
    return;

  if (self->upload != NULL)
    g_signal_handlers_disconnect_by_data (self->upload, self);
  g_set_object (&self->upload, upload);
  if (upload == NULL)
    return;

  g_signal_connect_object (upload, "notify::phase", G_CALLBACK (upload_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (upload, "notify::fraction", G_CALLBACK (upload_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (upload, "notify::processing-percent", G_CALLBACK (upload_notify_cb), self, G_CONNECT_SWAPPED);
  update_from_upload (self);
}

/**
 * tern_attachment_tile_set_progress:
 * @fraction: from 0 to 1, or negative to hide the bar
 * @label: (nullable): what is happening, or %NULL to hide the progress
 */
void
tern_attachment_tile_set_progress (TernAttachmentTile *self,
                                   double              fraction,
                                   const char         *label)
{
  g_return_if_fail (TERN_IS_ATTACHMENT_TILE (self));

  g_free (self->progress_label);
  self->progress_label = g_strdup (label);

  gtk_widget_set_visible (self->progress_box, label != NULL);
  /* The progress takes the bottom of the tile, where ALT is. */
  gtk_widget_set_visible (self->alt_button,
                          label == NULL && tern_attachment_get_kind (self->attachment) != TERN_ATTACHMENT_KIND_VIDEO);
  gtk_label_set_label (self->progress_text, label);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), fraction >= 0);
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
  update_accessible (self);
}

/**
 * tern_attachment_tile_get_progress_label:
 *
 * Returns: (nullable): the progress shown, such as "Uploading 40%"
 */
const char *
tern_attachment_tile_get_progress_label (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), NULL);

  return self->progress_label;
}

/**
 * tern_attachment_tile_set_locked:
 * @locked: whether the attachment may be changed now
 *
 * While the post is being sent, the attachment is neither removed nor
 * described differently.
 */
void
tern_attachment_tile_set_locked (TernAttachmentTile *self,
                                 gboolean            locked)
{
  g_return_if_fail (TERN_IS_ATTACHMENT_TILE (self));

  self->locked = !!locked;
  gtk_widget_set_sensitive (self->remove_button, !locked);
  gtk_widget_set_sensitive (self->alt_button, !locked);
  if (locked && self->alt_popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->alt_popover));
  update_problems (self);
}

/**
 * tern_attachment_tile_get_has_thumbnail:
 *
 * Returns: whether the thumbnail is made and shown
 */
gboolean
tern_attachment_tile_get_has_thumbnail (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), FALSE);

  return self->has_thumbnail;
}
