/* tern-utils.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Setters that notify only when the value changes (properties are
 * G_PARAM_EXPLICIT_NOTIFY, STYLE.md). Each returns whether it changed. */

static inline gboolean
tern_set_string (gpointer     object,
                 char       **field,
                 const char  *value,
                 GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (object), pspec);
  return TRUE;
}

static inline gboolean
tern_set_object (gpointer     object,
                 gpointer    *field,
                 gpointer     value,
                 GParamSpec  *pspec)
{
  if (!g_set_object ((GObject **) field, value))
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (object), pspec);
  return TRUE;
}

static inline gboolean
tern_set_boolean (gpointer     object,
                  gboolean    *field,
                  gboolean     value,
                  GParamSpec  *pspec)
{
  value = !!value;
  if (*field == value)
    return FALSE;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (object), pspec);
  return TRUE;
}

/* For numbers and enums: @field is an lvalue, @value is evaluated twice. */
#define TERN_SET_SCALAR(object, field, value, pspec) \
  ((field) == (value) ? FALSE \
                      : ((field) = (value), g_object_notify_by_pspec (G_OBJECT (object), (pspec)), TRUE))

void     tern_secret_free (char                 *secret);

void     tern_list_store_move (GListStore       *store,
                               guint             from,
                               guint             to);

/* Waiting without blocking, on the caller's thread-default main context;
 * cancelling ends the wait at once with G_IO_ERROR_CANCELLED. */
void     tern_wait_async  (guint                 delay_ms,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data);
gboolean tern_wait_finish (GAsyncResult         *result,
                           GError              **error);

G_END_DECLS
