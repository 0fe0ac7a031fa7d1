/* tern-scroll.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-scroll"

#include "config.h"

#include "tern-scroll.h"

/**
 * tern_scroll_to_show:
 * @widget: a widget inside a #GtkScrolledWindow
 * @area: a rectangle in @widget's coordinates
 *
 * Scrolls the nearest scrolled window around @widget as little as it
 * takes to show @area; when @area is taller than the view, its top is
 * shown. Call it once the widgets are allocated (after the frame's
 * layout), or the positions are those of the last frame.
 *
 * Returns: whether @widget is in a scrolled window that could be asked
 */
gboolean
tern_scroll_to_show (GtkWidget             *widget,
                     const graphene_rect_t *area)
{
  GtkWidget *scroller;
  GtkWidget *view;
  GtkAdjustment *adjustment;
  double x, top, bottom, value, page, target;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  if (scroller == NULL)
    return FALSE;
  view = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  if (view == NULL ||
      !gtk_widget_translate_coordinates (widget, view, area->origin.x, area->origin.y, &x, &top))
    return FALSE;

  /* @view is the viewport: its coordinates are those of what is seen. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  bottom = top + area->size.height;

  target = value;
  if (bottom > page)
    target = value + (bottom - page);
  if (top - (target - value) < 0)
    target = value + top;

  gtk_adjustment_set_value (adjustment, target);
  return TRUE;
}
