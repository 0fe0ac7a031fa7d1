/* tern-preferences-window.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-preferences-window.h"

struct _TernPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GtkSwitch            *alt_text_switch;
  GtkSpinButton        *image_quality_spin;
  GtkSpinButton        *parallelism_spin;
  GtkSpinButton        *wait_cap_spin;
  AdwEntryRow          *redirect_row;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (TernPreferencesWindow, tern_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* X sends the browser back to the app over plain http on this machine. */
static gboolean
is_loopback_redirect (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;
  host = g_uri_get_host (uri);
  return g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "localhost") == 0 ||
         g_strcmp0 (host, "::1") == 0 || g_strcmp0 (host, "[::1]") == 0;
}

static void
redirect_apply_cb (AdwEntryRow           *row,
                   TernPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  AdwToast *toast;

  if (!is_loopback_redirect (text))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      toast = adw_toast_new (_("Use an http address on this computer, such as http://127.0.0.1:8723/callback, the same as registered for your X app."));
      adw_toast_set_timeout (toast, 8);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (self->settings, "redirect-uri", text);
}

static void
bind_settings (TernPreferencesWindow *self)
{
  g_autofree char *redirect = g_settings_get_string (self->settings, "redirect-uri");

  g_settings_bind (self->settings, "warn-missing-alt-text", self->alt_text_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "image-quality",
                   gtk_spin_button_get_adjustment (self->image_quality_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "upload-parallelism",
                   gtk_spin_button_get_adjustment (self->parallelism_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "processing-wait-cap",
                   gtk_spin_button_get_adjustment (self->wait_cap_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  gtk_editable_set_text (GTK_EDITABLE (self->redirect_row), redirect);
}

/* ---- GObject ------------------------------------------------------------ */

static void
tern_preferences_window_constructed (GObject *object)
{
  TernPreferencesWindow *self = TERN_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (tern_preferences_window_parent_class)->constructed (object);
  g_assert (self->settings != NULL);
  bind_settings (self);
}

static void
tern_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TERN_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (tern_preferences_window_parent_class)->dispose (object);
}

static void
tern_preferences_window_finalize (GObject *object)
{
  TernPreferencesWindow *self = TERN_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tern_preferences_window_parent_class)->finalize (object);
}

static void
tern_preferences_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  TernPreferencesWindow *self = TERN_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_preferences_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  TernPreferencesWindow *self = TERN_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_preferences_window_class_init (TernPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tern_preferences_window_constructed;
  object_class->dispose = tern_preferences_window_dispose;
  object_class->finalize = tern_preferences_window_finalize;
  object_class->get_property = tern_preferences_window_get_property;
  object_class->set_property = tern_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TernPreferencesWindow, alt_text_switch);
  gtk_widget_class_bind_template_child (widget_class, TernPreferencesWindow, image_quality_spin);
  gtk_widget_class_bind_template_child (widget_class, TernPreferencesWindow, parallelism_spin);
  gtk_widget_class_bind_template_child (widget_class, TernPreferencesWindow, wait_cap_spin);
  gtk_widget_class_bind_template_child (widget_class, TernPreferencesWindow, redirect_row);
  gtk_widget_class_bind_template_callback (widget_class, redirect_apply_cb);
}

static void
tern_preferences_window_init (TernPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- public API ---------------------------------------------------------- */

GtkWidget *
tern_preferences_window_new (GSettings *settings,
                             GtkWindow *parent)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (TERN_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       "transient-for", parent,
                       NULL);
}
