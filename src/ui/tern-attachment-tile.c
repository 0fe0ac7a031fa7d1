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

#include "media/tern-attachment-check.h"
#include "media/tern-media-rules.h"
#include "media/tern-media-thumbnail.h"

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
  GtkButton      *remove_button;
  GtkLabel       *kind_badge;
  GtkLabel       *name_label;
  GtkBox         *progress_box;
  GtkProgressBar *progress_bar;
  GtkLabel       *progress_label;
  GtkLabel       *error_label;
  GtkLabel       *warning_label;
  GtkButton      *alt_button;
  GtkButton      *convert_button;

  /* What the tile shows: the attachment, what X says about it, and its
   * conversion, all kept by the check. */
  TernAttachmentCheck *check;
  GCancellable   *cancellable;     /* the thumbnail */
};

G_DEFINE_FINAL_TYPE (TernAttachmentTile, tern_attachment_tile, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHECK,
  PROP_BLOCKING,
  N_PROPS
};

enum {
  REMOVE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static TernAttachment *
attachment_of (TernAttachmentTile *self)
{
  return self->check != NULL ? tern_attachment_check_get_attachment (self->check) : NULL;
}

/* ---- showing state ------------------------------------------------------- */

/* A screen reader hears which file a button acts on, and what the
 * thumbnail shows: its description, else its name and kind. */
static void
update_accessible_names (TernAttachmentTile *self)
{
  TernAttachment *attachment = attachment_of (self);
  const TernMediaInfo *info = self->check != NULL ? tern_attachment_check_get_info (self->check) : NULL;
  const char *alt = attachment != NULL ? tern_attachment_get_alt_text (attachment) : NULL;
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  g_autofree char *remove = NULL;
  g_autofree char *describe = NULL;
  g_autofree char *shows = NULL;

  if (attachment == NULL)
    return;

  basename = g_file_get_basename (tern_attachment_get_file (attachment));
  name = g_filename_display_name (basename);
  /* TRANSLATORS: a button's name for screen readers; %s is a file name */
  remove = g_strdup_printf (_("Remove %s"), name);
  /* TRANSLATORS: a button's name for screen readers; %s is a file name */
  describe = g_strdup_printf (_("Describe %s"), name);
  if (alt != NULL && *alt != '\0')
    shows = g_strdup (alt);
  else if (info != NULL && info->kind == TERN_ATTACHMENT_KIND_VIDEO)
    /* TRANSLATORS: what a thumbnail shows, for screen readers; %s is a file name */
    shows = g_strdup_printf (_("%s, video"), name);
  else if (info != NULL && info->kind == TERN_ATTACHMENT_KIND_GIF)
    /* TRANSLATORS: what a thumbnail shows, for screen readers; %s is a file name */
    shows = g_strdup_printf (_("%s, animated GIF"), name);
  else
    /* TRANSLATORS: what a thumbnail shows, for screen readers; %s is a file name */
    shows = g_strdup_printf (_("%s, image"), name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->alt_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, describe,
                                  -1);
  gtk_picture_set_alternative_text (self->thumbnail, shows);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->thumbnail),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static void
update_alt_button (TernAttachmentTile *self)
{
  TernAttachment *attachment = attachment_of (self);
  const char *alt = attachment != NULL ? tern_attachment_get_alt_text (attachment) : NULL;
  gboolean has_alt = alt != NULL && *alt != '\0';

  gtk_button_set_label (self->alt_button, has_alt ? _("ALT ✓") : _("Add description"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->alt_button),
                               has_alt ? alt : _("Describe this for people who cannot see it"));
  update_accessible_names (self);
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
  GPtrArray *problems = tern_attachment_check_get_problems (self->check);
  const char *convert_error = tern_attachment_check_get_convert_error (self->check);
  gboolean converting = tern_attachment_check_get_converting (self->check);
  /* Two problems one Convert fixes say so once. */
  g_autofree char *error_text = tern_media_problems_describe (problems, TERN_MEDIA_SEVERITY_ERROR);
  g_autofree char *warnings = tern_media_problems_describe (problems, TERN_MEDIA_SEVERITY_WARNING);

  if (error_text != NULL)
    g_string_append (errors, error_text);
  if (convert_error != NULL)
    {
      if (errors->len > 0)
        g_string_append_c (errors, '\n');
      g_string_append (errors, convert_error);
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
                          converting || tern_media_problems_convertible (problems));
  gtk_button_set_label (self->convert_button, converting ? _("Cancel") : _("Convert"));
  /* Converting is the suggested way out; stopping it is not. */
  if (converting)
    gtk_widget_remove_css_class (GTK_WIDGET (self->convert_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->convert_button), "suggested-action");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->convert_button),
                               converting ? _("Stop converting") : _("Make a copy X accepts"));
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
      video = tern_attachment_check_get_info (self->check) != NULL &&
              tern_attachment_check_get_info (self->check)->kind == TERN_ATTACHMENT_KIND_VIDEO;
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

  if (stream == NULL || self->cancellable == NULL)
    return;
  gdk_pixbuf_animation_new_from_stream_async (G_INPUT_STREAM (stream), self->cancellable,
                                              animation_cb, g_object_ref (self));
}

/* What the file is changed: probed for the first time, or again after
 * it changed on disk. */
static void
info_cb (TernAttachmentTile  *self,
         GParamSpec          *pspec,
         TernAttachmentCheck *check)
{
  const TernMediaInfo *info = tern_attachment_check_get_info (check);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (info == NULL)
    {
      gtk_picture_set_paintable (self->thumbnail, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->play_button), FALSE);
      /* Unreadable: no kind to show. */
      if (!tern_attachment_check_get_checking (check))
        gtk_widget_set_visible (GTK_WIDGET (self->kind_badge), FALSE);
      return;
    }

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
  update_accessible_names (self);

  if (info->kind == TERN_ATTACHMENT_KIND_GIF)
    {
      /* An animated GIF moves in its tile, as it will on X. */
      self->cancellable = g_cancellable_new ();
      g_file_read_async (tern_attachment_get_file (tern_attachment_check_get_attachment (check)),
                         G_PRIORITY_DEFAULT, self->cancellable, animation_file_cb, g_object_ref (self));
    }
  else if (info->kind != TERN_ATTACHMENT_KIND_UNKNOWN)
    {
      self->cancellable = g_cancellable_new ();
      tern_media_thumbnail_async (tern_attachment_get_file (tern_attachment_check_get_attachment (check)),
                                  THUMBNAIL_SIZE, self->cancellable,
                                  thumbnail_cb, g_object_ref (self));
    }
}

static void
checking_cb (TernAttachmentTile  *self,
             GParamSpec          *pspec,
             TernAttachmentCheck *check)
{
  gboolean checking = tern_attachment_check_get_checking (check);

  gtk_spinner_set_spinning (self->spinner, checking);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), checking);
  if (!checking && tern_attachment_check_get_info (check) == NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->kind_badge), FALSE);
}

static void
problems_cb (TernAttachmentTile  *self,
             GParamSpec          *pspec,
             TernAttachmentCheck *check)
{
  show_problems (self);
}

static void
blocking_cb (TernAttachmentTile  *self,
             GParamSpec          *pspec,
             TernAttachmentCheck *check)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKING]);
}

/* The attachment changed: a converted copy took the original's place. */
static void
attachment_cb (TernAttachmentTile  *self,
               GParamSpec          *pspec,
               TernAttachmentCheck *check)
{
  TernAttachment *attachment = tern_attachment_check_get_attachment (check);
  g_autofree char *basename = g_file_get_basename (tern_attachment_get_file (attachment));
  g_autofree char *name = g_filename_display_name (basename);

  gtk_label_set_text (self->name_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), name);
  /* The description is written in its dialog; the button shows it. */
  g_signal_connect_object (attachment, "notify::alt-text", G_CALLBACK (update_alt_button),
                           self, G_CONNECT_SWAPPED);
  update_alt_button (self);
}

/* ---- converting ---------------------------------------------------------- */

static void
convert_progress_cb (TernAttachmentTile  *self,
                     GParamSpec          *pspec,
                     TernAttachmentCheck *check)
{
  double fraction = tern_attachment_check_get_convert_progress (check);
  g_autofree char *text = g_strdup_printf (_("Converting… %d %%"), (int) (fraction * 100));

  if (tern_attachment_check_get_converting (check))
    tern_attachment_tile_set_upload_progress (self, fraction, text);
}

static void
converting_cb (TernAttachmentTile  *self,
               GParamSpec          *pspec,
               TernAttachmentCheck *check)
{
  if (tern_attachment_check_get_converting (check))
    tern_attachment_tile_set_upload_progress (self, 0, _("Converting…"));
  else
    tern_attachment_tile_set_upload_progress (self, -1, NULL);
  show_problems (self);
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

  if (attachment_of (self) == NULL)
    return;

  basename = g_file_get_basename (tern_attachment_get_file (attachment_of (self)));
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
  tern_video_preview_set_file (TERN_VIDEO_PREVIEW (preview), tern_attachment_get_file (attachment_of (self)));
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
set_check (TernAttachmentTile  *self,
           TernAttachmentCheck *check)
{
  g_assert (self->check == NULL);

  if (check == NULL)
    return;
  self->check = g_object_ref (check);
  g_signal_connect_object (check, "notify::attachment", G_CALLBACK (attachment_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (check, "notify::info", G_CALLBACK (info_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (check, "notify::checking", G_CALLBACK (checking_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (check, "notify::problems", G_CALLBACK (problems_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (check, "notify::convert-error", G_CALLBACK (problems_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (check, "notify::converting", G_CALLBACK (converting_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (check, "notify::convert-progress", G_CALLBACK (convert_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (check, "notify::blocking", G_CALLBACK (blocking_cb), self, G_CONNECT_SWAPPED);

  attachment_cb (self, NULL, check);
  checking_cb (self, NULL, check);
  info_cb (self, NULL, check);
  show_problems (self);
}

/* ---- GObject ------------------------------------------------------------ */

static void
tern_attachment_tile_dispose (GObject *object)
{
  GtkWidget *child;
  TernAttachmentTile *self = TERN_ATTACHMENT_TILE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->check != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->check, self);
      /* No one sees the conversion any more: it stops, nothing is left
       * half-written. */
      tern_attachment_check_cancel_convert (self->check);
    }
  g_clear_object (&self->check);
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
    case PROP_CHECK:
      g_value_set_object (value, self->check);
      break;
    case PROP_BLOCKING:
      g_value_set_boolean (value, tern_attachment_tile_get_blocking (self));
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
    case PROP_CHECK:
      set_check (self, g_value_get_object (value));
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

  properties[PROP_CHECK] =
    g_param_spec_object ("check", NULL, NULL, TERN_TYPE_ATTACHMENT_CHECK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BLOCKING] =
    g_param_spec_boolean ("blocking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REMOVE_REQUESTED] =
    g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

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
  gtk_widget_class_bind_template_child (widget_class, TernAttachmentTile, remove_button);
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
}

/* ---- public API --------------------------------------------------------- */

/**
 * tern_attachment_tile_new:
 * @attachment: the attachment to show
 *
 * Returns: (transfer full): a tile with a check of its own, which probes
 *   the file
 */
GtkWidget *
tern_attachment_tile_new (TernAttachment *attachment)
{
  g_autoptr(TernAttachmentCheck) check = NULL;

  g_return_val_if_fail (TERN_IS_ATTACHMENT (attachment), NULL);

  check = tern_attachment_check_new (attachment, NULL);
  return tern_attachment_tile_new_for_check (check);
}

/**
 * tern_attachment_tile_new_for_check:
 * @check: what is known of the attachment
 *
 * Returns: (transfer full): a tile showing @check
 */
GtkWidget *
tern_attachment_tile_new_for_check (TernAttachmentCheck *check)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_CHECK (check), NULL);

  return g_object_new (TERN_TYPE_ATTACHMENT_TILE, "check", check, NULL);
}

TernAttachmentCheck *
tern_attachment_tile_get_check (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), NULL);
  return self->check;
}

TernAttachment *
tern_attachment_tile_get_attachment (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), NULL);
  return attachment_of (self);
}

const TernMediaInfo *
tern_attachment_tile_get_info (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), NULL);
  return self->check != NULL ? tern_attachment_check_get_info (self->check) : NULL;
}

GPtrArray *
tern_attachment_tile_get_problems (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), NULL);
  return self->check != NULL ? tern_attachment_check_get_problems (self->check) : NULL;
}

gboolean
tern_attachment_tile_get_blocking (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), FALSE);
  return self->check != NULL && tern_attachment_check_get_blocking (self->check);
}

gboolean
tern_attachment_tile_get_converting (TernAttachmentTile *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_TILE (self), FALSE);
  return self->check != NULL && tern_attachment_check_get_converting (self->check);
}

void
tern_attachment_tile_set_upload_progress (TernAttachmentTile *self,
                                          double              fraction,
                                          const char         *text)
{
  g_return_if_fail (TERN_IS_ATTACHMENT_TILE (self));

  /* Disposed while converting: the template children are gone. */
  if (self->progress_box == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), fraction >= 0);
  if (fraction < 0)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  gtk_label_set_text (self->progress_label, text ? text : "");
}

/**
 * tern_attachment_tile_convert:
 *
 * What the Convert button does: starts converting, or, while converting
 * (the button says Cancel), stops.
 */
void
tern_attachment_tile_convert (TernAttachmentTile *self)
{
  g_return_if_fail (TERN_IS_ATTACHMENT_TILE (self));

  if (self->check == NULL)
    return;
  if (tern_attachment_check_get_converting (self->check))
    tern_attachment_check_cancel_convert (self->check);
  else
    tern_attachment_check_convert (self->check);
}

void
tern_attachment_tile_describe (TernAttachmentTile *self)
{
  TernAttachment *attachment;
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (TERN_IS_ATTACHMENT_TILE (self));

  attachment = attachment_of (self);
  if (attachment == NULL)
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = tern_alt_text_dialog_new (attachment, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}
