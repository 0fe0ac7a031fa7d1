/* tern-window-dnd.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-window"

#include "config.h"

#include "tern-attach.h"
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
