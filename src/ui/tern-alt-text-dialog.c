/* tern-alt-text-dialog.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-alt-text-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "media/tern-media-rules.h"
#include "media/tern-media-thumbnail.h"

#include "tern-alt-text-dialog.h"
#include "tern-ui-utils.h"

#define PICTURE_SIZE 600

struct _TernAltTextDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkPicture     *picture;
  GtkTextView    *text_view;
  GtkLabel       *count_label;
  GtkButton      *save_button;

  TernAttachment *attachment;
  GCancellable   *cancellable;
  guint           count;
  gboolean        can_save;
};

G_DEFINE_FINAL_TYPE (TernAltTextDialog, tern_alt_text_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ATTACHMENT,
  PROP_CAN_SAVE,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
get_text (TernAltTextDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_count (TernAltTextDialog *self)
{
  guint limit = tern_media_limits ()->alt_text_max_chars;
  g_autofree char *text = get_text (self);
  g_autofree char *label = NULL;
  guint count = g_utf8_strlen (text, -1);
  gboolean can_save = count <= limit;

  /* TRANSLATORS: characters written of those X accepts */
  label = g_strdup_printf (_("%u / %u"), count, limit);
  gtk_label_set_text (self->count_label, label);
  if (can_save)
    gtk_widget_remove_css_class (GTK_WIDGET (self->count_label), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label),
                               can_save ? NULL : _("X accepts at most 1,000 characters: shorten the description to save it."));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alt.save", can_save);

  if (self->count != count)
    {
      self->count = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
    }
  if (self->can_save != can_save)
    {
      self->can_save = can_save;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SAVE]);
    }
}

static void
buffer_changed_cb (GtkTextBuffer     *buffer,
                   TernAltTextDialog *self)
{
  update_count (self);
}

static void
thumbnail_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TernAltTextDialog *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = tern_media_thumbnail_finish (result, &error);
  g_autoptr(GdkTexture) texture = NULL;

  /* No reference is held while the picture is made: a window must not
   * outlive its parent in a callback. Disposing cancels, and then
   * @user_data is not touched. */
  if (pixbuf == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No picture to show: %s", error->message);
      return;
    }
  self = user_data;
  texture = gdk_texture_new_for_pixbuf (pixbuf);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  tern_alt_text_dialog_save (TERN_ALT_TEXT_DIALOG (widget));
}

static void
setup_attachment (TernAltTextDialog *self)
{
  GFile *file = tern_attachment_get_file (self->attachment);
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *name = g_filename_display_name (basename);
  /* TRANSLATORS: the window's title; %s is a file name */
  g_autofree char *title = g_strdup_printf (_("Describe “%s”"), name);
  const char *alt = tern_attachment_get_alt_text (self->attachment);

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), alt ? alt : "", -1);
  update_count (self);

  self->cancellable = g_cancellable_new ();
  tern_media_thumbnail_async (file, PICTURE_SIZE, self->cancellable, thumbnail_cb, self);
}

/* ---- GObject ------------------------------------------------------------ */

static void
tern_alt_text_dialog_constructed (GObject *object)
{
  TernAltTextDialog *self = TERN_ALT_TEXT_DIALOG (object);

  G_OBJECT_CLASS (tern_alt_text_dialog_parent_class)->constructed (object);
  g_assert (self->attachment != NULL);
  setup_attachment (self);
}

static void
tern_alt_text_dialog_dispose (GObject *object)
{
  TernAltTextDialog *self = TERN_ALT_TEXT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERN_TYPE_ALT_TEXT_DIALOG);

  G_OBJECT_CLASS (tern_alt_text_dialog_parent_class)->dispose (object);
}

static void
tern_alt_text_dialog_finalize (GObject *object)
{
  TernAltTextDialog *self = TERN_ALT_TEXT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->attachment);

  G_OBJECT_CLASS (tern_alt_text_dialog_parent_class)->finalize (object);
}

static void
tern_alt_text_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TernAltTextDialog *self = TERN_ALT_TEXT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ATTACHMENT:
      g_value_set_object (value, self->attachment);
      break;
    case PROP_CAN_SAVE:
      g_value_set_boolean (value, self->can_save);
      break;
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_alt_text_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TernAltTextDialog *self = TERN_ALT_TEXT_DIALOG (object);

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
tern_alt_text_dialog_class_init (TernAltTextDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tern_alt_text_dialog_constructed;
  object_class->dispose = tern_alt_text_dialog_dispose;
  object_class->finalize = tern_alt_text_dialog_finalize;
  object_class->get_property = tern_alt_text_dialog_get_property;
  object_class->set_property = tern_alt_text_dialog_set_property;

  properties[PROP_ATTACHMENT] =
    g_param_spec_object ("attachment", NULL, NULL, TERN_TYPE_ATTACHMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_SAVE] =
    g_param_spec_boolean ("can-save", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-alt-text-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TernAltTextDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, TernAltTextDialog, picture);
  gtk_widget_class_bind_template_child (widget_class, TernAltTextDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, TernAltTextDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, TernAltTextDialog, save_button);

  gtk_widget_class_install_action (widget_class, "alt.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "alt.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tern_alt_text_dialog_init (TernAltTextDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  tern_ui_fix_mnemonic_names_in (GTK_WIDGET (self));
  self->can_save = TRUE;
  g_signal_connect (gtk_text_view_get_buffer (self->text_view), "changed",
                    G_CALLBACK (buffer_changed_cb), self);
}

/* ---- public API ---------------------------------------------------------- */

GtkWidget *
tern_alt_text_dialog_new (TernAttachment *attachment,
                          GtkWindow      *parent)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT (attachment), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (TERN_TYPE_ALT_TEXT_DIALOG,
                       "attachment", attachment,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       NULL);
}

TernAttachment *
tern_alt_text_dialog_get_attachment (TernAltTextDialog *self)
{
  g_return_val_if_fail (TERN_IS_ALT_TEXT_DIALOG (self), NULL);
  return self->attachment;
}

gboolean
tern_alt_text_dialog_get_can_save (TernAltTextDialog *self)
{
  g_return_val_if_fail (TERN_IS_ALT_TEXT_DIALOG (self), FALSE);
  return self->can_save;
}

guint
tern_alt_text_dialog_get_count (TernAltTextDialog *self)
{
  g_return_val_if_fail (TERN_IS_ALT_TEXT_DIALOG (self), 0);
  return self->count;
}

void
tern_alt_text_dialog_set_text (TernAltTextDialog *self,
                               const char        *text)
{
  g_return_if_fail (TERN_IS_ALT_TEXT_DIALOG (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text ? text : "", -1);
}

void
tern_alt_text_dialog_save (TernAltTextDialog *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TERN_IS_ALT_TEXT_DIALOG (self));

  if (!self->can_save)
    return;
  text = g_strstrip (get_text (self));
  tern_attachment_set_alt_text (self->attachment, *text ? text : NULL);
  gtk_window_close (GTK_WINDOW (self));
}
