/* tern-attach.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-attach"

#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <string.h>

#include "core/send/tern-upload.h"
#include "core/tern-x.h"
#include "media/tern-media-info.h"
#include "tern-attach.h"
#include "tern-subtitle-row.h"
#include "tern-post-editor-private.h"
#include "tern-ui-utils.h"

/* What one post editor needs to attach: the files waiting to be probed
 * (one at a time, so the mix check sees every earlier file), and the
 * tiles, in the order of the post's attachments. Part of the editor's
 * state (tern-post-editor-private.h). */
struct _TernEditorAttach
{
  TernPostEditor *editor;         /* not owned: its owner */
  GQueue          pending;        /* GFile */
  gboolean        probing;
  guint           saving;         /* pasted images being written */
  GCancellable   *cancellable;
  GPtrArray      *tiles;          /* TernAttachmentTile, model order */
  GListModel     *attachments;    /* the post's, followed by the tiles */
  GtkFlowBox     *flow;           /* the tiles, wrapping to the card's width */
  GHashTable     *checks;         /* TernAttachment → TernAttachmentCheck made
                                   * before its tile: a file probed once */
};

typedef TernEditorAttach EditorAttach;

#define TILE_WIDTH 200

static void process_next (EditorAttach *ea);

static EditorAttach *
get_ea (TernPostEditor *editor)
{
  return editor->attach;
}

static void
show_toast (GtkWidget  *widget,
            const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay == NULL)
    {
      g_message ("%s", message);
      return;
    }

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), tern_ui_toast_new_wrapped (message));
}

static char *
display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename);
}

/* Whether a file probed as @info may join the post's attachments under X's mix rule. */
static gboolean
check_mix (GListModel          *attachments,
           TernMediaInfo       *info,
           GFile               *file,
           GError             **error)
{
  guint n = g_list_model_get_n_items (attachments);
  g_autofree TernAttachmentKind *kinds = g_new (TernAttachmentKind, n + 1);
  g_autoptr(GError) mix_error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TernAttachment) attachment = g_list_model_get_item (attachments, i);

      kinds[i] = tern_x_mix_kind (tern_attachment_get_kind (attachment),
                                  tern_attachment_get_mime_type (attachment));
    }
  kinds[n] = tern_x_mix_kind (info->kind, info->mime_type);

  if (!tern_x_check_media_mix (kinds, n + 1, &mix_error))
    {
      g_autofree char *name = display_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” was not attached. %s"), name, mix_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
update_valid (EditorAttach *ea)
{
  gboolean valid = TRUE;

  for (guint i = 0; i < ea->tiles->len; i++)
    valid = valid && !tern_attachment_tile_get_blocking (g_ptr_array_index (ea->tiles, i));

  tern_post_editor_set_attachments_valid (ea->editor, valid);
}

/* The paperclip is off, saying why, once the post holds all X takes:
 * four images, or one video or GIF. */
static void
update_attach_enabled (EditorAttach *ea)
{
  guint n = ea->attachments != NULL ? g_list_model_get_n_items (ea->attachments) : 0;
  const char *why = NULL;

  for (guint i = 0; i < n && why == NULL; i++)
    {
      g_autoptr(TernAttachment) attachment = g_list_model_get_item (ea->attachments, i);
      TernAttachmentKind kind = tern_attachment_get_kind (attachment);

      if (kind == TERN_ATTACHMENT_KIND_VIDEO || kind == TERN_ATTACHMENT_KIND_GIF)
        why = _("A post with a video or GIF holds nothing else. Continue the thread for more.");
    }
  if (why == NULL && n >= TERN_X_MAX_IMAGES)
    why = _("This post has 4 images, the most X takes. Continue the thread for more.");

  gtk_widget_action_set_enabled (GTK_WIDGET (ea->editor), "post.attach",
                                 why == NULL && !ea->editor->locked);
  gtk_widget_set_tooltip_text (ea->editor->attach_button,
                               why != NULL ? why : _("Attach Images or a Video"));
}

/* Tiles */

static void
tile_blocking_cb (EditorAttach       *ea,
                  GParamSpec         *pspec,
                  TernAttachmentTile *tile)
{
  const TernMediaInfo *info = tern_attachment_tile_get_info (tile);

  /* Subtitles must fit the video, whose length the tile's probe knows. */
  if (info != NULL && info->kind == TERN_ATTACHMENT_KIND_VIDEO)
    tern_subtitle_row_set_video_duration (TERN_SUBTITLE_ROW (tern_post_editor_get_subtitle_row (ea->editor)),
                                          info->duration_usec / 1000);
  update_valid (ea);
}

static void
tile_remove_requested_cb (TernAttachmentTile *tile,
                          TernPostEditor     *editor)
{
  EditorAttach *ea = get_ea (editor);
  g_autoptr(TernAttachment) attachment = NULL;
  guint position;


  if (ea == NULL || editor->locked ||
      !g_ptr_array_find (ea->tiles, tile, &position))
    return;
  attachment = g_object_ref (tern_attachment_tile_get_attachment (tile));
  tern_draft_post_remove_attachment (tern_post_editor_get_post (editor), attachment);
  tern_post_editor_focus_text (editor);
  /* The composer offers Undo. */
  _tern_post_editor_attachment_removed (editor, attachment, position);
}

/* Reordering: a tile moves with Alt+Left and Alt+Right (the focus goes
 * with it), or is dragged onto another tile. The order is the post's. */

static void
move_tile (EditorAttach       *ea,
           TernAttachmentTile *tile,
           int                 delta)
{
  guint position;
  int to;

  if (ea->editor->locked || !g_ptr_array_find (ea->tiles, tile, &position))
    return;
  to = (int) position + delta;
  if (to < 0 || to >= (int) ea->tiles->len)
    return;
  tern_draft_post_move_attachment (tern_post_editor_get_post (ea->editor), position, to);
}

static gboolean
tile_move_left_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  TernPostEditor *editor = user_data;
  EditorAttach *ea = get_ea (editor);

  if (ea != NULL)
    move_tile (ea, TERN_ATTACHMENT_TILE (widget),
               gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? 1 : -1);
  return TRUE;
}

static gboolean
tile_move_right_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  TernPostEditor *editor = user_data;
  EditorAttach *ea = get_ea (editor);

  if (ea != NULL)
    move_tile (ea, TERN_ATTACHMENT_TILE (widget),
               gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? -1 : 1);
  return TRUE;
}

static GdkContentProvider *
tile_drag_prepare_cb (GtkDragSource *source,
                      double         x,
                      double         y,
                      TernPostEditor *editor)
{
  GtkWidget *tile = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));

  if (editor->locked)
    return NULL;
  return gdk_content_provider_new_typed (TERN_TYPE_ATTACHMENT,
                                         tern_attachment_tile_get_attachment (TERN_ATTACHMENT_TILE (tile)));
}

static void
tile_drag_begin_cb (GtkDragSource *source,
                    GdkDrag       *drag,
                    gpointer       user_data)
{
  GtkWidget *tile = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (tile);

  gtk_drag_source_set_icon (source, paintable, 12, 12);
}

static gboolean
tile_drop_cb (GtkDropTarget  *target,
              const GValue   *value,
              double          x,
              double          y,
              TernPostEditor *editor)
{
  EditorAttach *ea = get_ea (editor);
  GtkWidget *tile = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  TernAttachment *dragged = g_value_get_object (value);
  TernDraftPost *post = tern_post_editor_get_post (editor);
  guint from, to;

  /* Only between the tiles of one post: X's mix rule is per post. */
  if (ea == NULL || editor->locked || dragged == NULL ||
      !g_list_store_find (G_LIST_STORE (tern_draft_post_get_attachments (post)), dragged, &from) ||
      !g_ptr_array_find (ea->tiles, tile, &to) || from == to)
    return FALSE;
  tern_draft_post_move_attachment (post, from, to);
  return TRUE;
}

/* After Convert, the converted copy takes the original's place in the
 * post, at the same position; its check, which already follows the
 * copy, goes with it to the new tile. */
static void
check_replaced_cb (TernAttachmentCheck *check,
                   TernAttachment      *old,
                   TernAttachment      *replacement,
                   TernPostEditor      *editor)
{
  TernDraftPost *post = tern_post_editor_get_post (editor);
  EditorAttach *ea = get_ea (editor);
  g_autoptr(TernAttachment) keep_old = g_object_ref (old);
  g_autoptr(TernAttachment) keep_new = g_object_ref (replacement);

  if (ea != NULL)
    g_hash_table_insert (ea->checks, g_object_ref (replacement), g_object_ref (check));
  tern_draft_post_replace_attachment (post, keep_old, keep_new);
}

/* A new file's check comes from its probe; a restored attachment's is
 * made here and probes the file. The tile is "blocking" while its check
 * checks, converts, or finds an error. */
static GtkWidget *
create_tile (EditorAttach   *ea,
             TernAttachment *attachment)
{
  g_autoptr(TernAttachmentCheck) check = NULL;
  GtkEventController *shortcuts;
  GtkDragSource *source;
  GtkDropTarget *target;
  GtkWidget *tile;

  if (!g_hash_table_steal_extended (ea->checks, attachment, NULL, (gpointer *) &check))
    check = tern_attachment_check_new (attachment, NULL);
  else
    g_object_unref (attachment);   /* the key's reference */

  tile = tern_attachment_tile_new_for_check (check);
  g_signal_connect_swapped (tile, "notify::blocking", G_CALLBACK (tile_blocking_cb), ea);
  g_signal_connect (tile, "remove-requested", G_CALLBACK (tile_remove_requested_cb), ea->editor);
  g_signal_connect_object (check, "replaced", G_CALLBACK (check_replaced_cb), ea->editor, 0);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Left, GDK_ALT_MASK),
                                                          gtk_callback_action_new (tile_move_left_cb, ea->editor, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Right, GDK_ALT_MASK),
                                                          gtk_callback_action_new (tile_move_right_cb, ea->editor, NULL)));
  gtk_widget_add_controller (tile, shortcuts);

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (tile_drag_prepare_cb), ea->editor);
  g_signal_connect (source, "drag-begin", G_CALLBACK (tile_drag_begin_cb), NULL);
  gtk_widget_add_controller (tile, GTK_EVENT_CONTROLLER (source));

  target = gtk_drop_target_new (TERN_TYPE_ATTACHMENT, GDK_ACTION_MOVE);
  g_signal_connect (target, "drop", G_CALLBACK (tile_drop_cb), ea->editor);
  gtk_widget_add_controller (tile, GTK_EVENT_CONTROLLER (target));
  return tile;
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The flow box shows the tiles in the post's order. */
static int
tile_order_cb (GtkFlowBoxChild *a,
               GtkFlowBoxChild *b,
               gpointer         user_data)
{
  EditorAttach *ea = user_data;
  GtkWidget *tile_a = adw_clamp_get_child (ADW_CLAMP (gtk_flow_box_child_get_child (a)));
  GtkWidget *tile_b = adw_clamp_get_child (ADW_CLAMP (gtk_flow_box_child_get_child (b)));
  guint index_a = G_MAXUINT, index_b = G_MAXUINT;

  g_ptr_array_find (ea->tiles, tile_a, &index_a);
  g_ptr_array_find (ea->tiles, tile_b, &index_b);
  return index_a < index_b ? -1 : index_a > index_b;
}

/* A moved attachment keeps its tile, which stays in the flow box and is
 * sorted to its new place: its thumbnail, its check and the keyboard
 * focus go with it. A converted copy gets a new tile in the same place;
 * when the old tile had the focus, the new one takes it (or the text),
 * so the view stays where the user was. */
static void
attachments_changed_cb (EditorAttach *ea,
                        guint         position,
                        guint         removed,
                        guint         added,
                        GListModel   *model)
{
  GtkBox *box = tern_post_editor_get_attachments_box (ea->editor);
  g_autoptr(GHashTable) kept = g_hash_table_new (NULL, NULL);
  gboolean had_focus = FALSE;
  guint focused_at = 0;
  GHashTableIter iter;
  gpointer key, tile;

  for (guint i = 0; i < removed; i++)
    {
      tile = g_ptr_array_steal_index (ea->tiles, position);
      g_hash_table_insert (kept, tern_attachment_tile_get_attachment (tile), tile);
    }

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(TernAttachment) attachment = g_list_model_get_item (model, position + i);
      GtkWidget *clamp;

      if (g_hash_table_steal_extended (kept, attachment, NULL, &tile))
        {
          g_ptr_array_insert (ea->tiles, position + i, tile);
          continue;
        }

      tile = create_tile (ea, attachment);
      /* A thumbnail's natural width is its picture's: the clamp keeps
       * tiles side by side, as many as the card has room for. */
      clamp = adw_clamp_new ();
      adw_clamp_set_maximum_size (ADW_CLAMP (clamp), TILE_WIDTH);
      adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), TILE_WIDTH);
      adw_clamp_set_child (ADW_CLAMP (clamp), tile);
      gtk_widget_set_halign (clamp, GTK_ALIGN_START);
      g_ptr_array_insert (ea->tiles, position + i, tile);
      gtk_flow_box_insert (ea->flow, clamp, -1);
      /* The tile's own buttons take the keyboard, not its wrapper. */
      gtk_widget_set_focusable (gtk_widget_get_parent (clamp), FALSE);
    }

  /* What is left was removed (or replaced): its tile goes. */
  g_hash_table_iter_init (&iter, kept);
  while (g_hash_table_iter_next (&iter, &key, &tile))
    {
      GtkWidget *clamp = gtk_widget_get_parent (tile);

      if (has_focus_within (tile))
        {
          had_focus = TRUE;
          focused_at = position;
        }
      g_signal_handlers_disconnect_by_data (tile, ea);
      gtk_flow_box_remove (ea->flow, gtk_widget_get_parent (clamp));
    }

  gtk_flow_box_invalidate_sort (ea->flow);

  if (had_focus &&
      !(removed == added && focused_at < ea->tiles->len &&
        gtk_widget_child_focus (g_ptr_array_index (ea->tiles, focused_at), GTK_DIR_TAB_FORWARD)))
    tern_post_editor_focus_text (ea->editor);

  gtk_widget_set_visible (GTK_WIDGET (box), ea->tiles->len > 0);
  update_valid (ea);
  update_attach_enabled (ea);
}

/* Probing */

typedef struct
{
  EditorAttach   *ea;
  TernAttachment *attachment;    /* NULL for a new file */
  GFile          *file;
} ProbeData;

static void
probe_data_free (ProbeData *data)
{
  g_clear_object (&data->attachment);
  g_clear_object (&data->file);
  g_free (data);
}

static void
new_file_probed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ProbeData *data = user_data;
  EditorAttach *ea = data->ea;
  g_autoptr(TernMediaInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TernAttachment) attachment = NULL;
  TernDraftPost *post;

  info = tern_media_info_probe_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      probe_data_free (data);
      return;
    }

  ea->probing = FALSE;
  post = tern_post_editor_get_post (ea->editor);

  if (info == NULL)
    show_toast (GTK_WIDGET (ea->editor), error->message);
  else if (!check_mix (tern_draft_post_get_attachments (post), info, data->file, &error))
    show_toast (GTK_WIDGET (ea->editor), error->message);
  else
    {
      attachment = tern_attachment_new (data->file);
      tern_attachment_set_kind (attachment, info->kind);
      tern_attachment_set_mime_type (attachment, info->mime_type);
      /* Its tile shows this probe rather than probing the file again. */
      g_hash_table_insert (ea->checks, g_object_ref (attachment),
                           tern_attachment_check_new (attachment, info));
      tern_draft_post_add_attachment (post, attachment);
    }

  probe_data_free (data);
  process_next (ea);
}

static void
process_next (EditorAttach *ea)
{
  ProbeData *data;

  if (ea->probing || g_queue_is_empty (&ea->pending))
    return;

  data = g_new0 (ProbeData, 1);
  data->ea = ea;
  data->file = g_queue_pop_head (&ea->pending);
  ea->probing = TRUE;
  tern_media_info_probe_async (data->file, ea->cancellable, new_file_probed_cb, data);
}

/* Pasted images */

static void
save_texture_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GdkTexture *texture = task_data;
  g_autofree char *dir = tern_attach_get_pasted_dir ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H-%M-%S");
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("The pasted image cannot be saved in %s: %s. Check the free space in your home folder."),
                               dir, g_strerror (saved_errno));
      return;
    }

  bytes = gdk_texture_save_to_png_bytes (texture);
  /* A readable name, with a random part so two pastes in one second do
   * not meet. Translators: the file name of a pasted image */
  name = g_strdup_printf (_("Pasted image %s %04x.png"), stamp, g_random_int_range (0, 0xffff));
  path = g_build_filename (dir, name, NULL);

  if (!g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_file_new_for_path (path), g_object_unref);
}

static void
texture_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TernPostEditor) editor = user_data;
  EditorAttach *ea = get_ea (editor);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = g_task_propagate_pointer (G_TASK (result), &error);
  if (ea != NULL)
    ea->saving--;
  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (GTK_WIDGET (editor), error->message);
      return;
    }

  tern_attach_add_files (editor, &(GSList) { .data = file, .next = NULL });
}

static void
clipboard_files_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TernPostEditor) editor = user_data;
  g_autoptr(GError) error = NULL;
  const GValue *value;

  value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (object), result, &error);
  if (value == NULL)
    {
      show_toast (GTK_WIDGET (editor), _("The copied files cannot be read. Copy them again, or attach them with the paperclip button."));
      g_debug ("Clipboard files: %s", error->message);
      return;
    }
  tern_attach_add_files (editor, g_value_get_boxed (value));
}

static void
clipboard_texture_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(TernPostEditor) editor = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (object), result, &error);
  if (texture == NULL)
    {
      show_toast (GTK_WIDGET (editor), _("The copied image cannot be read. Copy it again, or save it and attach the file."));
      g_debug ("Clipboard image: %s", error->message);
      return;
    }
  tern_attach_add_texture (editor, texture);
}

static void
paste_clipboard_cb (GtkTextView    *text_view,
                    TernPostEditor *editor)
{
  if (tern_attach_paste (editor))
    g_signal_stop_emission_by_name (text_view, "paste-clipboard");
}

/* The file chooser */

static GListModel *
make_filters (void)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) media = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (media, _("Images and Videos"));
  gtk_file_filter_add_mime_type (media, "image/jpeg");
  gtk_file_filter_add_mime_type (media, "image/png");
  gtk_file_filter_add_mime_type (media, "image/gif");
  gtk_file_filter_add_mime_type (media, "image/webp");
  gtk_file_filter_add_mime_type (media, "video/*");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  g_list_store_append (filters, media);
  g_list_store_append (filters, all);
  return G_LIST_MODEL (filters);
}

static void
add_file_model (TernPostEditor *editor,
                GListModel     *files)
{
  g_autoptr(GSList) list = NULL;
  guint n = g_list_model_get_n_items (files);

  for (guint i = n; i > 0; i--)
    list = g_slist_prepend (list, g_list_model_get_item (files, i - 1));
  tern_attach_add_files (editor, list);
  for (GSList *l = list; l != NULL; l = l->next)
    g_object_unref (l->data);
}

#if GTK_CHECK_VERSION (4, 10, 0)
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
dialog_open_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TernPostEditor) editor = user_data;
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GError) error = NULL;

  files = gtk_file_dialog_open_multiple_finish (GTK_FILE_DIALOG (object), result, &error);
  if (files == NULL)
    {
      if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) &&
          !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
        show_toast (GTK_WIDGET (editor), error->message);
      return;
    }
  add_file_model (editor, files);
}
G_GNUC_END_IGNORE_DEPRECATIONS
#else
static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    TernPostEditor  *editor)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));

      add_file_model (editor, files);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (editor);
}
#endif

/* The paperclip. */
static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  tern_attach_open_chooser (TERN_POST_EDITOR (widget));
}

/* Editor hooks */

void
_tern_post_editor_class_attach_init (TernPostEditorClass *klass)
{
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "post.attach", NULL, attach_action);
}

/* Gives a new editor its tiles, its paperclip action ("post.attach")
 * and its paste handling; a restored post's attachments are probed
 * again by their tiles. */
void
_tern_post_editor_attach_init (TernPostEditor *editor)
{
  EditorAttach *ea;
  GListModel *attachments;

  g_assert (editor->attach == NULL);

  ea = editor->attach = g_new0 (EditorAttach, 1);
  ea->editor = editor;
  ea->cancellable = g_cancellable_new ();
  ea->tiles = g_ptr_array_new ();
  ea->checks = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  g_queue_init (&ea->pending);

  /* Four tiles do not fit beside each other in a narrow window: they
   * wrap instead of widening it. */
  ea->flow = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (ea->flow, GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (ea->flow, FALSE);
  gtk_flow_box_set_column_spacing (ea->flow, 6);
  gtk_flow_box_set_row_spacing (ea->flow, 6);
  gtk_flow_box_set_max_children_per_line (ea->flow, TERN_DRAFT_POST_MAX_ATTACHMENTS);
  gtk_widget_set_hexpand (GTK_WIDGET (ea->flow), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (ea->flow), GTK_ALIGN_START);
  gtk_flow_box_set_sort_func (ea->flow, tile_order_cb, ea, NULL);
  gtk_box_append (tern_post_editor_get_attachments_box (editor), GTK_WIDGET (ea->flow));

  g_signal_connect_object (tern_post_editor_get_text_view (editor), "paste-clipboard",
                           G_CALLBACK (paste_clipboard_cb), editor, 0);

  attachments = tern_draft_post_get_attachments (tern_post_editor_get_post (editor));
  ea->attachments = g_object_ref (attachments);
  g_signal_connect_swapped (attachments, "items-changed", G_CALLBACK (attachments_changed_cb), ea);

  attachments_changed_cb (ea, 0, 0, g_list_model_get_n_items (attachments), attachments);
}

/* The editor is going: nothing more arrives for its tiles. */
void
_tern_post_editor_attach_dispose (TernPostEditor *editor)
{
  EditorAttach *ea = g_steal_pointer (&editor->attach);

  if (ea == NULL)
    return;

  g_cancellable_cancel (ea->cancellable);
  if (ea->attachments != NULL)
    g_signal_handlers_disconnect_by_data (ea->attachments, ea);
  for (guint i = 0; i < ea->tiles->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (ea->tiles, i), ea);
  g_clear_object (&ea->attachments);
  g_clear_object (&ea->cancellable);
  g_queue_clear_full (&ea->pending, g_object_unref);
  g_clear_pointer (&ea->tiles, g_ptr_array_unref);
  g_clear_pointer (&ea->checks, g_hash_table_unref);
  g_free (ea);
}

/* While a post is sent, nothing is attached, removed or changed. */
void
_tern_post_editor_attach_set_locked (TernPostEditor *editor)
{
  if (editor->attach != NULL)
    update_attach_enabled (editor->attach);
  else
    gtk_widget_action_set_enabled (GTK_WIDGET (editor), "post.attach", !editor->locked);
  /* The tiles cannot be reached while locked: the editor takes pointer
   * and keyboard away from itself. */
}

/* Public API */

/**
 * tern_attach_add_files:
 * @files: (element-type GFile): the files, in order
 *
 * Probes each file and attaches those X can take in this post; each one
 * refused gets a toast that says why.
 */
void
tern_attach_add_files (TernPostEditor *editor,
                       GSList         *files)
{
  EditorAttach *ea;

  g_return_if_fail (TERN_IS_POST_EDITOR (editor));

  ea = get_ea (editor);
  g_return_if_fail (ea != NULL);

  if (editor->locked)
    return;
  if (tern_draft_post_get_posted_id (tern_post_editor_get_post (editor)) != NULL)
    {
      show_toast (GTK_WIDGET (editor), _("This post is already on X and cannot change. Attach the files to a new post in the thread."));
      return;
    }

  for (GSList *l = files; l != NULL; l = l->next)
    g_queue_push_tail (&ea->pending, g_object_ref (G_FILE (l->data)));
  process_next (ea);
}

/**
 * tern_attach_add_texture:
 * @texture: an image, for example from the clipboard
 *
 * Saves @texture as a PNG in the cache (in a worker thread) and attaches
 * the file.
 */
void
tern_attach_add_texture (TernPostEditor *editor,
                         GdkTexture     *texture)
{
  EditorAttach *ea;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TERN_IS_POST_EDITOR (editor));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  ea = get_ea (editor);
  g_return_if_fail (ea != NULL);

  ea->saving++;
  task = g_task_new (NULL, ea->cancellable, texture_saved_cb, g_object_ref (editor));
  g_task_set_source_tag (task, tern_attach_add_texture);
  g_task_set_task_data (task, g_object_ref (texture), g_object_unref);
  g_task_run_in_thread (task, save_texture_thread);
}

/**
 * tern_attach_paste:
 *
 * Attaches what the clipboard holds when it is files or an image (and
 * not text).
 *
 * Returns: %TRUE if the clipboard is handled here, %FALSE to paste text
 */
gboolean
tern_attach_paste (TernPostEditor *editor)
{
  GdkClipboard *clipboard;
  g_autoptr(GdkContentFormats) formats = NULL;
  EditorAttach *ea;

  g_return_val_if_fail (TERN_IS_POST_EDITOR (editor), FALSE);

  ea = get_ea (editor);
  if (ea == NULL || editor->locked)
    return FALSE;

  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (tern_post_editor_get_text_view (editor)));
  formats = gdk_content_formats_union_deserialize_gtypes (gdk_content_formats_ref (gdk_clipboard_get_formats (clipboard)));

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    {
      gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT,
                                      ea->cancellable, clipboard_files_cb, g_object_ref (editor));
      return TRUE;
    }

  /* An image copied from a browser often comes with its address as text:
   * the image wins unless plain text is all the user could mean. */
  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE) &&
      !gdk_content_formats_contain_mime_type (formats, "text/plain;charset=utf-8") &&
      !gdk_content_formats_contain_mime_type (formats, "text/plain"))
    {
      gdk_clipboard_read_texture_async (clipboard, ea->cancellable, clipboard_texture_cb,
                                        g_object_ref (editor));
      return TRUE;
    }

  return FALSE;
}

/**
 * tern_attach_open_chooser:
 *
 * Asks for files to attach, through the portal where there is one.
 */
void
tern_attach_open_chooser (TernPostEditor *editor)
{
  GtkRoot *root;
  g_autoptr(GListModel) filters = make_filters ();

  g_return_if_fail (TERN_IS_POST_EDITOR (editor));

  root = gtk_widget_get_root (GTK_WIDGET (editor));

#if GTK_CHECK_VERSION (4, 10, 0)
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, _("Attach Images or a Video"));
    gtk_file_dialog_set_accept_label (dialog, _("_Attach"));
    gtk_file_dialog_set_filters (dialog, filters);
    gtk_file_dialog_open_multiple (dialog, GTK_WINDOW (root), get_ea (editor)->cancellable,
                                   dialog_open_cb, g_object_ref (editor));
  }
  G_GNUC_END_IGNORE_DEPRECATIONS
#else
  {
    GtkFileChooserNative *native;

    native = gtk_file_chooser_native_new (_("Attach Images or a Video"),
                                          GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                          GTK_FILE_CHOOSER_ACTION_OPEN,
                                          _("_Attach"), _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
    for (guint i = 0; i < g_list_model_get_n_items (filters); i++)
      {
        g_autoptr(GtkFileFilter) filter = g_list_model_get_item (filters, i);

        gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
      }
    g_signal_connect (native, "response", G_CALLBACK (native_response_cb), g_object_ref (editor));
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}

/* Upload progress on the tiles */

static void
upload_progress_cb (TernAttachmentTile *tile,
                    GParamSpec         *pspec,
                    TernUpload         *upload)
{
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
      fraction = 0;
      break;
    }

  tern_attachment_tile_set_upload_progress (tile, fraction, label);
}

/**
 * tern_attach_follow_upload:
 * @upload: the upload of one of @editor's attachments, about to run
 *
 * Shows @upload's progress on its attachment's tile: "Uploading 40%",
 * then, for media X processes, "Processing 45%".
 */
void
tern_attach_follow_upload (TernPostEditor *editor,
                           TernUpload     *upload)
{
  TernAttachmentTile *tile;

  g_return_if_fail (TERN_IS_POST_EDITOR (editor));
  g_return_if_fail (TERN_IS_UPLOAD (upload));

  tile = tern_attach_get_tile (editor, tern_upload_get_attachment (upload));
  if (tile == NULL)
    return;

  g_signal_connect_object (upload, "notify::phase", G_CALLBACK (upload_progress_cb), tile, G_CONNECT_SWAPPED);
  g_signal_connect_object (upload, "notify::fraction", G_CALLBACK (upload_progress_cb), tile, G_CONNECT_SWAPPED);
  g_signal_connect_object (upload, "notify::processing-percent", G_CALLBACK (upload_progress_cb), tile, G_CONNECT_SWAPPED);
  upload_progress_cb (tile, NULL, upload);
}

/**
 * tern_attach_clear_progress:
 *
 * Takes the upload progress off @editor's tiles, after a send.
 */
void
tern_attach_clear_progress (TernPostEditor *editor)
{
  EditorAttach *ea;

  g_return_if_fail (TERN_IS_POST_EDITOR (editor));

  ea = get_ea (editor);
  for (guint i = 0; ea != NULL && i < ea->tiles->len; i++)
    tern_attachment_tile_set_upload_progress (g_ptr_array_index (ea->tiles, i), -1, NULL);
}

/**
 * tern_attach_get_busy:
 *
 * Returns: whether files are still being probed or saved for @editor
 */
gboolean
tern_attach_get_busy (TernPostEditor *editor)
{
  EditorAttach *ea;

  g_return_val_if_fail (TERN_IS_POST_EDITOR (editor), FALSE);

  ea = get_ea (editor);
  return ea != NULL && (ea->probing || ea->saving > 0 || !g_queue_is_empty (&ea->pending));
}

/**
 * tern_attach_get_tile:
 *
 * Returns: (transfer none) (nullable): the tile showing @attachment
 */
TernAttachmentTile *
tern_attach_get_tile (TernPostEditor *editor,
                      TernAttachment *attachment)
{
  EditorAttach *ea;

  g_return_val_if_fail (TERN_IS_POST_EDITOR (editor), NULL);

  ea = get_ea (editor);
  for (guint i = 0; ea != NULL && i < ea->tiles->len; i++)
    {
      TernAttachmentTile *tile = g_ptr_array_index (ea->tiles, i);

      if (tern_attachment_tile_get_attachment (tile) == attachment)
        return tile;
    }
  return NULL;
}

/**
 * tern_attach_get_pasted_dir:
 *
 * Returns: (transfer full): where pasted images are saved
 */
char *
tern_attach_get_pasted_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "tern", "pasted", NULL);
}
