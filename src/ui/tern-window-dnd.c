/* tern-window-dnd.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-window"

#include "config.h"

#include "core/tern-x.h"
#include "tern-attach.h"
#include "tern-thread-options.h"
#include "tern-window-private.h"

/* Files dropped anywhere on the window: collected here and handed to the
 * post that has the keyboard, or the last one, whose attach code probes
 * and checks them (tern-attach.c). */

static TernPostEditor *
target_editor (TernWindow *self)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));
  GtkWidget *editor = focus != NULL ? gtk_widget_get_ancestor (focus, TERN_TYPE_POST_EDITOR) : NULL;
  guint n;

  if (editor != NULL)
    return TERN_POST_EDITOR (editor);

  n = tern_composer_get_n_editors (self->composer);
  return n > 0 ? tern_composer_get_editor (self->composer, n - 1) : NULL;
}

/* A post's address dragged from a browser comes as a one-item file list
 * of an https URI: the thread replies to that post (the "Quote…" field
 * takes drops of its own). */
static gboolean
drop_post_address (TernWindow   *self,
                   const GValue *value)
{
  GSList *files;
  g_autofree char *uri = NULL;
  g_autofree char *scheme = NULL;
  GtkWidget *options;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL || files->next != NULL)
    return FALSE;
  scheme = g_file_get_uri_scheme (files->data);
  if (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0)
    return FALSE;
  uri = g_file_get_uri (files->data);
  if (!tern_x_parse_post_address (uri, NULL, NULL, NULL, NULL))
    return FALSE;
  options = tern_composer_get_thread_options (self->composer);
  return tern_reference_row_set_address (tern_thread_options_get_reference (TERN_THREAD_OPTIONS (options),
                                                                            TERN_REFERENCE_KIND_REPLY),
                                         uri);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         TernWindow    *self)
{
  TernPostEditor *editor;

  /* Nothing changes while the thread goes out. */
  if (tern_composer_get_sending (self->composer))
    return FALSE;

  if (drop_post_address (self, value))
    return TRUE;

  editor = target_editor (self);
  if (editor == NULL)
    return FALSE;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    tern_attach_add_files (editor, g_value_get_boxed (value));
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    tern_attach_add_files (editor, &(GSList) { .data = g_value_get_object (value), .next = NULL });
  else
    return FALSE;

  return TRUE;
}

/**
 * tern_window_add_files:
 * @files: (element-type GFile): the files, in order
 *
 * Attaches @files where a drop would put them: to the post that has the
 * keyboard, or the last one. Files opened with Tern (the file manager's
 * "Open With Tern", a second `tern FILE…`) arrive this way.
 */
void
tern_window_add_files (TernWindow *self,
                       GSList     *files)
{
  TernPostEditor *editor;

  g_return_if_fail (TERN_IS_WINDOW (self));

  if (tern_composer_get_sending (self->composer))
    return;
  editor = target_editor (self);
  if (editor != NULL)
    tern_attach_add_files (editor, files);
}

void
_tern_window_dnd_init (TernWindow *self)
{
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
  GtkDropTarget *target;

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  /* Before the text view, which would paste the files' addresses. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (target), GTK_PHASE_CAPTURE);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
