/* tern-window.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-window.h"
#include "tern-window-accounts.h"

struct _TernWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkBox          *content_box;
  AdwHeaderBar    *header_bar;
  GtkStack        *stack;
  GtkTextView     *text_view;
};

G_DEFINE_FINAL_TYPE (TernWindow, tern_window, ADW_TYPE_APPLICATION_WINDOW)

static void
tern_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TERN_TYPE_WINDOW);

  G_OBJECT_CLASS (tern_window_parent_class)->dispose (object);
}

static void
tern_window_class_init (TernWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tern_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TernWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TernWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, TernWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, TernWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TernWindow, text_view);
}

static void
tern_window_init (TernWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_strcmp0 (PROFILE, "Devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

TernWindow *
tern_window_new (TernApplication *application)
{
  TernWindow *self = g_object_new (TERN_TYPE_WINDOW, "application", application, NULL);

  tern_window_accounts_setup (GTK_WINDOW (self), tern_application_get_account_manager (application),
                              self->toast_overlay, self->header_bar, self->content_box, self->stack);
  return self;
}

void
tern_window_show_error (TernWindow *self,
                        const char *message)
{
  g_return_if_fail (TERN_IS_WINDOW (self));
  tern_window_accounts_show_error (GTK_WINDOW (self), message);
}

void
tern_window_start_sandbox (TernWindow *self)
{
  g_return_if_fail (TERN_IS_WINDOW (self));
  tern_window_accounts_start_sandbox (GTK_WINDOW (self));
}
