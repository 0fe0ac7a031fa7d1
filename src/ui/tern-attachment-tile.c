/* tern-attachment-tile.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-attachment-tile"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "media/tern-media-rules.h"
#include "media/tern-media-thumbnail.h"
#include "media/tern-transcoder.h"

#include "tern-alt-text-dialog.h"
#include "tern-animation-paintable.h"
#include "tern-attachment-tile.h"
#include "tern-video-preview.h"

#define THUMBNAIL_SIZE 400

struct _TernAttachmentTile
{
  GtkWidget       parent_instance;

  GtkPicture     *thumbnail;
  GtkSpinner     *spinner;
  GtkButton      *play_button;
  GtkLabel       *kind_badge;
  GtkLabel       *name_label;
  GtkBox         *progress_box;
  GtkProgressBar *progress_bar;
  GtkLabel       *progress_label;
  GtkLabel       *error_label;
  GtkLabel       *warning_label;
  GtkButton      *alt_button;
  GtkButton      *convert_button;

  TernAttachment *attachment;
  GFileMonitor   *monitor;         /* re-checks when the file changes or goes */
  GCancellable   *cancellable;     /* probe and thumbnail of this attachment */
  GCancellable   *convert_cancellable;
  TernTranscoder *transcoder;
  TernMediaInfo  *info;
  GPtrArray      *problems;
  char           *convert_error;
  gboolean        checking;
  gboolean        blocking;
};

G_DEFINE_FINAL_TYPE (TernAttachmentTile, tern_attachment_tile, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ATTACHMENT,
  PROP_BLOCKING,
  PROP_CONVERTING,
  N_PROPS
};

enum {
  REMOVE_REQUESTED,
  ATTACHMENT_REPLACED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_checking (TernAttachmentTile *self);

/* ---- showing state ------------------------------------------------------- */

static void
update_blocking (TernAttachmentTile *self)
{
  gboolean blocking = self->checking || self->transcoder != NULL ||
                      tern_media_problems_block (self->problems);

  if (blocking == self->blocking)
    return;
  self->blocking = blocking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKING]);
}

static void
update_alt_button (TernAttachmentTile *self)
{
  const char *alt = self->attachment ? tern_attachment_get_alt_text (self->attachment) : NULL;
  gboolean has_alt = alt != NULL && *alt != '\0';

  gtk_button_set_label (self->alt_button, has_alt ? _("ALT ✓") : _("Add description"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->alt_button),
                               has_alt ? alt : _("Describe this for people who cannot see it"));
}

/* Pango may break a line after the dot of "H.264" (a letter, a dot, then
 * digits), leaving "H." on one line and "264" on the next: join them with
 * U+2060 WORD JOINER, which shows nothing and forbids that break. */
static char *
keep_words_whole (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 8);

  for (const char *p = text; *p != '\0'; p++)
    {
      g_string_append_c (out, *p);
      if (*p == '.' && p > text && g_ascii_isalpha (p[-1]) && g_ascii_isdigit (p[1]))
        g_string_append (out, "\u2060");
    }
  return g_string_free (out, FALSE);
}

static void
show_problems (TernAttachmentTile *self)
{
  g_autoptr(GString) errors = g_string_new (NULL);
  g_autofree char *error_text = NULL;
  g_autofree char *warnings = NULL;
  const char *first_error = NULL;
  gboolean converting = self->transcoder != NULL;

  for (guint i = 0; i < self->problems->len && first_error == NULL; i++)
    {
      const TernMediaProblem *p = g_ptr_array_index (self->problems, i);
      if (p->severity == TERN_MEDIA_SEVERITY_ERROR)
        first_error = p->message;
    }
  /* Two problems one Convert fixes say so once. */
  error_text = tern_media_problems_describe (self->problems, TERN_MEDIA_SEVERITY_ERROR);
  warnings = tern_media_problems_describe (self->problems, TERN_MEDIA_SEVERITY_WARNING);
  if (error_text != NULL)
    g_string_append (errors, error_text);
  if (self->convert_error != NULL)
    {
      if (errors->len > 0)
        g_string_append_c (errors, '\n');
      g_string_append (errors, self->convert_error);
    }

  {
    g_autofree char *whole = keep_words_whole (errors->str);
    gtk_label_set_text (self->error_label, whole);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), errors->len > 0);
  {
    g_autofree char *whole = keep_words_whole (warnings ? warnings : "");
    gtk_label_set_text (self->warning_label, whole);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), warnings != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->convert_button),
                          converting || tern_media_problems_convertible (self->problems));
  gtk_button_set_label (self->convert_button, converting ? _("Cancel") : _("Convert"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->convert_button),
                               converting ? _("Stop converting") : _("Make a copy X accepts"));

  if (self->attachment != NULL)
    tern_attachment_set_error (self->attachment, first_error);
  update_blocking (self);
}

static void
set_problems (TernAttachmentTile *self,
              GPtrArray          *problems)
{
  TernMediaProblem *alt;

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = problems;
  alt = self->attachment ? tern_media_rules_check_alt_text (tern_attachment_get_alt_text (self->attachment))
                         : NULL;
  if (alt != NULL)
    g_ptr_array_add (self->problems, alt);
  show_problems (self);
}

static GPtrArray *
new_problem_list (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) tern_media_problem_free);
}

static void
set_checking (TernAttachmentTile *self,
              gboolean            checking)
{
  self->checking = checking;
  gtk_spinner_set_spinning (self->spinner, checking);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), checking);
  update_blocking (self);
}

/* ---- checking and thumbnails ------------------------------------------- */

static void
thumbnail_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TernAttachmentTile) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = tern_media_thumbnail_finish (result, &error);

  if (pixbuf == NULL)
    {
      g_autoptr(GtkIconPaintable) icon = NULL;
      gboolean video;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* No loader for the format (WEBP on some systems): show its kind. */
      g_debug ("No thumbnail: %s", error->message);
      video = self->info != NULL && self->info->kind == TERN_ATTACHMENT_KIND_VIDEO;
      icon = gtk_icon_theme_lookup_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self))),
                                         video ? "video-x-generic-symbolic" : "image-x-generic-symbolic",
                                         NULL, 64, gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                         gtk_widget_get_direction (GTK_WIDGET (self)), 0);
      gtk_picture_set_content_fit (self->thumbnail, GTK_CONTENT_FIT_SCALE_DOWN);
      gtk_picture_set_paintable (self->thumbnail, GDK_PAINTABLE (icon));
      return;
    }
  {
    g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (pixbuf);
    gtk_picture_set_content_fit (self->thumbnail, GTK_CONTENT_FIT_COVER);
    gtk_picture_set_paintable (self->thumbnail, GDK_PAINTABLE (texture));
  }
}

static void
animation_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TernAttachmentTile) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbufAnimation) animation = gdk_pixbuf_animation_new_from_stream_finish (result, &error);
  g_autoptr(GdkPaintable) paintable = NULL;

  if (animation == NULL)
    {
      /* The still thumbnail stays. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The GIF does not animate here: %s", error->message);
      return;
    }
  paintable = tern_animation_paintable_new (animation);
  gtk_picture_set_content_fit (self->thumbnail, GTK_CONTENT_FIT_COVER);
  gtk_picture_set_paintable (self->thumbnail, paintable);
}

static void
animation_file_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TernAttachmentTile) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) stream = g_file_read_finish (G_FILE (source), result, &error);

  if (stream == NULL)
    return;
  gdk_pixbuf_animation_new_from_stream_async (G_INPUT_STREAM (stream), self->cancellable,
                                              animation_cb, g_object_ref (self));
}

/* An animated GIF moves in its tile, as it will on X. */
static void
start_animation (TernAttachmentTile *self)
{
  g_file_read_async (tern_attachment_get_file (self->attachment), G_PRIORITY_DEFAULT,
                     self->cancellable, animation_file_cb, g_object_ref (self));
}

static void
probe_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TernAttachmentTile) self = user_data;
  g_autoptr(GError) error = NULL;
  TernMediaInfo *info = tern_media_info_probe_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_checking (self, FALSE);
  g_clear_pointer (&self->info, tern_media_info_free);
  self->info = info;

  if (info == NULL)
    {
      GPtrArray *problems = new_problem_list ();
      g_ptr_array_add (problems, tern_media_problem_new (TERN_MEDIA_SEVERITY_ERROR, "file-unreadable",
                                                         FALSE, error->message));
      gtk_widget_set_visible (GTK_WIDGET (self->kind_badge), FALSE);
      set_problems (self, problems);
      return;
    }

  tern_attachment_set_kind (self->attachment, info->kind);
  tern_attachment_set_mime_type (self->attachment, info->mime_type);

  switch (info->kind)
    {
    case TERN_ATTACHMENT_KIND_VIDEO:
      {
        g_autofree char *duration = tern_media_format_duration (info->duration_usec);
        g_autofree char *badge = g_strdup_printf (_("VIDEO %s"), duration);
        gtk_label_set_text (self->kind_badge, badge);
      }
      break;
    case TERN_ATTACHMENT_KIND_GIF:
      gtk_label_set_text (self->kind_badge, _("GIF"));
      break;
    case TERN_ATTACHMENT_KIND_IMAGE:
      gtk_label_set_text (self->kind_badge, _("IMAGE"));
      break;
    case TERN_ATTACHMENT_KIND_UNKNOWN:
    default:
      gtk_label_set_text (self->kind_badge, _("?"));
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->kind_badge), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->play_button), info->kind == TERN_ATTACHMENT_KIND_VIDEO);

  set_problems (self, tern_media_rules_check (info));

  if (info->kind == TERN_ATTACHMENT_KIND_GIF)
    start_animation (self);
  else if (info->kind != TERN_ATTACHMENT_KIND_UNKNOWN)
    tern_media_thumbnail_async (tern_attachment_get_file (self->attachment),
                                THUMBNAIL_SIZE, self->cancellable,
                                thumbnail_cb, g_object_ref (self));
}

static void
start_checking (TernAttachmentTile *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->info, tern_media_info_free);
  gtk_picture_set_paintable (self->thumbnail, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->play_button), FALSE);
  set_problems (self, new_problem_list ());

  if (self->attachment == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  set_checking (self, TRUE);
  tern_media_info_probe_async (tern_attachment_get_file (self->attachment), self->cancellable,
                               probe_cb, g_object_ref (self));
}

static void
file_changed_cb (GFileMonitor       *monitor,
                 GFile              *file,
                 GFile              *other,
                 GFileMonitorEvent   event,
                 TernAttachmentTile *self)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
      /* What is checked must be what is sent. */
      if (self->transcoder == NULL)
        start_checking (self);
      break;
    default:
      break;
    }
}

static void
watch_file (TernAttachmentTile *self)
{
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->monitor, file_changed_cb, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->attachment == NULL)
    return;
  self->monitor = g_file_monitor_file (tern_attachment_get_file (self->attachment),
                                       G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect (self->monitor, "changed", G_CALLBACK (file_changed_cb), self);
}

/* ---- converting ---------------------------------------------------------- */

static void
convert_progress_cb (TernTranscoder     *transcoder,
                     GParamSpec         *pspec,
                     TernAttachmentTile *self)
{
  double fraction = tern_transcoder_get_progress (transcoder);
  g_autofree char *text = g_strdup_printf (_("Converting… %d %%"), (int) (fraction * 100));

  tern_attachment_tile_set_upload_progress (self, fraction, text);
}

static void
convert_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TernAttachmentTile) self = user_data;
  g_autoptr(TernTranscoder) transcoder = g_steal_pointer (&self->transcoder);
  g_autoptr(GError) error = NULL;
  g_autoptr(TernAttachment) old = NULL;
  g_autoptr(TernAttachment) replacement = NULL;
  gboolean ok = tern_transcoder_run_finish (transcoder, result, &error);

  g_clear_object (&self->convert_cancellable);
  g_signal_handlers_disconnect_by_func (transcoder, convert_progress_cb, self);
  /* Disposed while converting: the template children are gone. */
  if (self->progress_box == NULL)
    return;
  tern_attachment_tile_set_upload_progress (self, -1, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERTING]);

  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->convert_error = g_strdup (error->message);
      show_problems (self);
      return;
    }

  old = g_object_ref (self->attachment);
  replacement = tern_attachment_new (tern_transcoder_get_output (transcoder));
  tern_attachment_set_alt_text (replacement, tern_attachment_get_alt_text (old));
  tern_attachment_tile_set_attachment (self, replacement);
  g_signal_emit (self, signals[ATTACHMENT_REPLACED], 0, old, replacement);
}

static GFile *
converted_file_for (GFile    *input,
                    gboolean  image)
{
  g_autofree char *basename = g_file_get_basename (input);
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "tern", "converted", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = NULL;
  char *dot;

  g_mkdir_with_parents (dir, 0700);
  dot = strrchr (basename, '.');
  if (dot != NULL)
    *dot = '\0';
  /* An image's copy is a JPEG (the converter makes it .png when it keeps
   * transparency). */
  name = g_strdup_printf ("%s-for-x-%s-%06d.%s", basename, stamp,
                          g_date_time_get_microsecond (now), image ? "jpg" : "mp4");
  return g_file_new_build_filename (dir, name, NULL);
}

/* ---- actions --------------------------------------------------------- */

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE_REQUESTED], 0);
}

/* Shows the video in a window of its own, so the person can check it is
 * the right one before anything is sent. */
static void
preview_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TernAttachmentTile *self = TERN_ATTACHMENT_TILE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *basename = NULL;
  g_autofree char *title = NULL;
  GtkWidget *window, *preview;
  GtkEventController *shortcuts;

  if (self->attachment == NULL)
    return;

  basename = g_file_get_basename (tern_attachment_get_file (self->attachment));
  title = g_filename_display_name (basename);
  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 480);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);

  preview = tern_video_preview_new ();
  gtk_widget_set_margin_start (preview, 12);
  gtk_widget_set_margin_end (preview, 12);
  gtk_widget_set_margin_top (preview, 12);
  gtk_widget_set_margin_bottom (preview, 12);
  tern_video_preview_set_file (TERN_VIDEO_PREVIEW (preview), tern_attachment_get_file (self->attachment));
  gtk_window_set_child (GTK_WINDOW (window), preview);
  gtk_window_present (GTK_WINDOW (window));
  tern_video_preview_set_playing (TERN_VIDEO_PREVIEW (preview), TRUE);
  gtk_widget_grab_focus (preview);
}

static void
convert_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  tern_attachment_tile_convert (TERN_ATTACHMENT_TILE (widget));
}

/* The description is written in a dialog of its own, with the picture
 * beside it: a one-line field invites "image1.jpg". */
static void
describe_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  tern_attachment_tile_describe (TERN_ATTACHMENT_TILE (widget));
}

static void
alt_text_changed_cb (TernAttachment     *attachment,
                     GParamSpec         *pspec,
                     TernAttachmentTile *self)
{
  update_alt_button (self);
  /* Re-apply the rules with the new description. */
  if (self->info != NULL)
    set_problems (self, tern_media_rules_check (self->info));
}

/* ---- GObject ------------------------------------------------------------ */

static void
tern_attachment_tile_dispose (GObject *object)
{
  GtkWidget *child;
  TernAttachmentTile *self = TERN_ATTACHMENT_TILE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->convert_cancellable);
  if (self->attachment != NULL)
    g_signal_handlers_disconnect_by_func (self->attachment, alt_text_changed_cb, self);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->monitor, file_changed_cb, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), TERN_TYPE_ATTACHMENT_TILE);
  /* Unnamed template children are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tern_attachment_tile_parent_class)->dispose (object);
}

static void
tern_attachment_tile_finalize (GObject *object)
{
  TernAttachmentTile *self = TERN_ATTACHMENT_TILE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->convert_cancellable);
  g_clear_object (&self->transcoder);
  g_clear_object (&self->attachment);
  g_clear_pointer (&self->info, tern_media_info_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_free (self->convert_error);

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
    case PROP_CONVERTING:
      g_value_set_boolean (value, self->transcoder != NULL);
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
      tern_attachment_tile_set_attachment (self, g_value_get_object (value));
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

  object_class->dispose = tern_attachment_tile_dispose;
  object_class->finalize = tern_attachment_tile_finalize;
  object_class->get_property = tern_attachment_tile_get_property;
  object_class->set_property = tern_attachment_tile_set_property;

  properties[PROP_ATTACHMENT] =
    g_param_spec_object ("attachment", NULL, NULL, TERN_TYPE_ATTACHMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BLOCKING] =
    g_param_spec_boolean ("blocking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONVERTING] =
    g_param_spec_boolean ("converting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REMOVE_REQUESTED] =
    g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ATTACHMENT_REPLACED] =
    g_signal_new ("attachment-replaced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, TERN_TYPE_ATTACHMENT, TERN_TYPE_ATTACHMENT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-attachment-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, TernAttachmentTile, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, TernAttachmentTile, spinner);
  gtk_widget_class_bind_template_child (widget_class, TernAttachmentTile, play_button);
  gtk_widget_class_bind_template_child (widget_class, TernAttachmentTile, kind_badge);
  gtk_widget_class_bind_template_child (widget_class, TernAttachmentTile, name_label);
  gtk_widget_class_bind_template_child (widget_class, TernAttachmentTile, progress_box);
  gtk_widget_class_bind_template_child (widget_class, TernAttachmentTile, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TernAttachmentTile, progress_label);
  gtk_widget_class_bind_template_child (widget_class, TernAttachmentTile, error_label);
  gtk_widget_class_bind_template_child (widget_class, TernAttachmentTile, warning_label);
  gtk_widget_class_bind_template_child (widget_class, TernAttachmentTile, alt_button);
  gtk_widget_class_bind_template_child (widget_class, TernAttachmentTile, convert_button);

  gtk_widget_class_install_action (widget_class, "tile.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "tile.convert", NULL, convert_action);
  gtk_widget_class_install_action (widget_class, "tile.preview", NULL, preview_action);
  gtk_widget_class_install_action (widget_class, "tile.describe", NULL, describe_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "tile.remove", NULL);
  gtk_widget_class_set_css_name (widget_class, "ternattachmenttile");
}

static void
tern_attachment_tile_init (TernAttachmentTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->problems = new_problem_list ();
}

/* ---- public API --------------------------------------------------------- */

GtkWidget *
tern_attachment_tile_new (TernAttachment *attachment)
{
  return g_object_new (TERN_TYPE_ATTACHMENT_TILE, "attachment", attachment, NULL);
}

TernAttachment *
tern_attachment_tile_get_attachment (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), NULL);
  return self->attachment;
}

void
tern_attachment_tile_set_attachment (TernAttachmentTile *self,
                                     TernAttachment     *attachment)
{
  g_return_if_fail (TERN_IS_ATTACHMENT_TILE (self));
  g_return_if_fail (attachment == NULL || TERN_IS_ATTACHMENT (attachment));

  if (self->attachment == attachment)
    return;

  if (self->attachment != NULL)
    g_signal_handlers_disconnect_by_func (self->attachment, alt_text_changed_cb, self);
  g_set_object (&self->attachment, attachment);
  g_clear_pointer (&self->convert_error, g_free);

  if (attachment != NULL)
    {
      g_autofree char *basename = g_file_get_basename (tern_attachment_get_file (attachment));
      g_autofree char *name = g_filename_display_name (basename);

      gtk_label_set_text (self->name_label, name);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), name);
      g_signal_connect (attachment, "notify::alt-text", G_CALLBACK (alt_text_changed_cb), self);
    }
  else
    gtk_label_set_text (self->name_label, "");
  update_alt_button (self);
  watch_file (self);
  start_checking (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTACHMENT]);
}

const TernMediaInfo *
tern_attachment_tile_get_info (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), NULL);
  return self->info;
}

GPtrArray *
tern_attachment_tile_get_problems (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), NULL);
  return self->problems;
}

gboolean
tern_attachment_tile_get_blocking (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), FALSE);
  return self->blocking;
}

gboolean
tern_attachment_tile_get_converting (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), FALSE);
  return self->transcoder != NULL;
}

void
tern_attachment_tile_set_upload_progress (TernAttachmentTile *self,
                                          double              fraction,
                                          const char         *text)
{
  g_return_if_fail (TERN_IS_ATTACHMENT_TILE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), fraction >= 0);
  if (fraction < 0)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  gtk_label_set_text (self->progress_label, text ? text : "");
}

void
tern_attachment_tile_convert (TernAttachmentTile *self)
{
  g_autoptr(GFile) output = NULL;

  g_return_if_fail (TERN_IS_ATTACHMENT_TILE (self));

  if (self->transcoder != NULL)
    {
      /* The button says Cancel while converting. */
      g_cancellable_cancel (self->convert_cancellable);
      return;
    }
  if (self->attachment == NULL)
    return;

  g_clear_pointer (&self->convert_error, g_free);
  output = converted_file_for (tern_attachment_get_file (self->attachment),
                              self->info != NULL && self->info->kind == TERN_ATTACHMENT_KIND_IMAGE);
  self->transcoder = tern_transcoder_new (tern_attachment_get_file (self->attachment), output);
  {
    /* The image quality ceiling from Preferences. */
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE) : NULL;

    if (schema != NULL && g_settings_schema_has_key (schema, "image-quality"))
      {
        g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
        tern_transcoder_set_image_quality (self->transcoder, g_settings_get_uint (settings, "image-quality"));
      }
  }
  self->convert_cancellable = g_cancellable_new ();
  g_signal_connect (self->transcoder, "notify::progress", G_CALLBACK (convert_progress_cb), self);
  tern_attachment_tile_set_upload_progress (self, 0, _("Converting…"));
  show_problems (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERTING]);

  tern_transcoder_run_async (self->transcoder, self->convert_cancellable,
                             convert_cb, g_object_ref (self));
}

void
tern_attachment_tile_describe (TernAttachmentTile *self)
{
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (TERN_IS_ATTACHMENT_TILE (self));

  if (self->attachment == NULL)
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = tern_alt_text_dialog_new (self->attachment, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}
