/* tern-attachment-check.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-attachment-check"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tern-attachment-check.h"
#include "tern-media-rules.h"
#include "tern-transcoder.h"
#include "core/tern-utils.h"

struct _TernAttachmentCheck
{
  GObject         parent_instance;

  TernAttachment *attachment;
  TernMediaInfo  *info;
  GPtrArray      *problems;          /* TernMediaProblem */
  GFileMonitor   *monitor;           /* checks again when the file changes or goes */
  GCancellable   *cancellable;       /* the probe */
  TernTranscoder *transcoder;
  GCancellable   *convert_cancellable;
  double          convert_progress;
  char           *convert_error;
  gboolean        checking;
  gboolean        blocking;
};

static void set_attachment (TernAttachmentCheck *self,
                            TernAttachment      *attachment);

G_DEFINE_FINAL_TYPE (TernAttachmentCheck, tern_attachment_check, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ATTACHMENT,
  PROP_INFO,
  PROP_PROBLEMS,
  PROP_CHECKING,
  PROP_BLOCKING,
  PROP_CONVERTING,
  PROP_CONVERT_PROGRESS,
  PROP_CONVERT_ERROR,
  N_PROPS
};

enum {
  REPLACED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static void
update_blocking (TernAttachmentCheck *self)
{
  tern_set_boolean (self, &self->blocking,
                    self->checking || self->transcoder != NULL ||
                    tern_media_problems_block (self->problems),
                    properties[PROP_BLOCKING]);
}

static void
set_checking (TernAttachmentCheck *self,
              gboolean             checking)
{
  tern_set_boolean (self, &self->checking, checking, properties[PROP_CHECKING]);
  update_blocking (self);
}

/* The problems: X's rules for the file, once known, and for its alt text. */
static void
update_problems (TernAttachmentCheck *self,
                 TernMediaProblem    *unreadable)
{
  TernMediaProblem *alt;
  const char *first_error = NULL;

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (self->info != NULL)
    self->problems = tern_media_rules_check (self->info);
  else
    self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tern_media_problem_free);
  if (unreadable != NULL)
    g_ptr_array_add (self->problems, unreadable);
  alt = self->attachment != NULL ? tern_media_rules_check_alt_text (tern_attachment_get_alt_text (self->attachment))
                                 : NULL;
  if (alt != NULL)
    g_ptr_array_add (self->problems, alt);

  for (guint i = 0; i < self->problems->len && first_error == NULL; i++)
    {
      const TernMediaProblem *p = g_ptr_array_index (self->problems, i);

      if (p->severity == TERN_MEDIA_SEVERITY_ERROR)
        first_error = p->message;
    }
  if (self->attachment != NULL)
    tern_attachment_set_error (self->attachment, first_error);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);
  update_blocking (self);
}

static void
set_info (TernAttachmentCheck *self,
          TernMediaInfo       *info)
{
  g_clear_pointer (&self->info, tern_media_info_free);
  self->info = info;
  if (info != NULL && self->attachment != NULL)
    {
      tern_attachment_set_kind (self->attachment, info->kind);
      tern_attachment_set_mime_type (self->attachment, info->mime_type);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
}

static void
set_convert_error (TernAttachmentCheck *self,
                   const char          *message)
{
  tern_set_string (self, &self->convert_error, message, properties[PROP_CONVERT_ERROR]);
}

static GFile *
converted_file_for (GFile *input)
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
  name = g_strdup_printf ("%s-for-x-%s-%06d.mp4", basename, stamp,
                          g_date_time_get_microsecond (now));
  return g_file_new_build_filename (dir, name, NULL);
}

/* Signal callbacks */

static void
probe_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TernAttachmentCheck) self = user_data;
  g_autoptr(GError) error = NULL;
  TernMediaInfo *info = tern_media_info_probe_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_info (self, info);
  update_problems (self, info == NULL
                         ? tern_media_problem_new (TERN_MEDIA_SEVERITY_ERROR, "file-unreadable",
                                                   FALSE, error->message)
                         : NULL);
  set_checking (self, FALSE);
}

static void
alt_text_cb (TernAttachmentCheck *self,
             GParamSpec          *pspec,
             TernAttachment      *attachment)
{
  /* The rules again, with the new description. */
  if (!self->checking)
    update_problems (self, NULL);
}

static void
file_changed_cb (TernAttachmentCheck *self,
                 GFile               *file,
                 GFile               *other,
                 GFileMonitorEvent    event,
                 GFileMonitor        *monitor)
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
        tern_attachment_check_recheck (self);
      break;
    default:
      break;
    }
}

static void
convert_progress_cb (TernAttachmentCheck *self,
                     GParamSpec          *pspec,
                     TernTranscoder      *transcoder)
{
  self->convert_progress = tern_transcoder_get_progress (transcoder);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERT_PROGRESS]);
}

static void
convert_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TernAttachmentCheck) self = user_data;
  g_autoptr(TernTranscoder) transcoder = g_steal_pointer (&self->transcoder);
  g_autoptr(GError) error = NULL;
  g_autoptr(TernAttachment) old = NULL;
  g_autoptr(TernAttachment) replacement = NULL;
  gboolean ok = tern_transcoder_run_finish (transcoder, result, &error);

  g_clear_object (&self->convert_cancellable);
  g_signal_handlers_disconnect_by_func (transcoder, convert_progress_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERTING]);

  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_convert_error (self, error->message);
      update_blocking (self);
      return;
    }

  old = g_object_ref (self->attachment);
  replacement = tern_attachment_new (tern_transcoder_get_output (transcoder));
  tern_attachment_set_alt_text (replacement, tern_attachment_get_alt_text (old));
  set_attachment (self, replacement);
  g_signal_emit (self, signals[REPLACED], 0, old, replacement);
}

static void
watch_file (TernAttachmentCheck *self)
{
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->attachment == NULL)
    return;
  self->monitor = g_file_monitor_file (tern_attachment_get_file (self->attachment),
                                       G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect_swapped (self->monitor, "changed", G_CALLBACK (file_changed_cb), self);
}

static void
set_attachment (TernAttachmentCheck *self,
                TernAttachment      *attachment)
{
  if (self->attachment != NULL)
    g_signal_handlers_disconnect_by_data (self->attachment, self);
  g_set_object (&self->attachment, attachment);
  if (attachment != NULL)
    g_signal_connect_swapped (attachment, "notify::alt-text", G_CALLBACK (alt_text_cb), self);
  set_convert_error (self, NULL);
  watch_file (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTACHMENT]);
  tern_attachment_check_recheck (self);
}

/* GObject */

static void
tern_attachment_check_dispose (GObject *object)
{
  TernAttachmentCheck *self = TERN_ATTACHMENT_CHECK (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->convert_cancellable);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->attachment != NULL)
    g_signal_handlers_disconnect_by_data (self->attachment, self);

  G_OBJECT_CLASS (tern_attachment_check_parent_class)->dispose (object);
}

static void
tern_attachment_check_finalize (GObject *object)
{
  TernAttachmentCheck *self = TERN_ATTACHMENT_CHECK (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->convert_cancellable);
  g_clear_object (&self->transcoder);
  g_clear_object (&self->attachment);
  g_clear_pointer (&self->info, tern_media_info_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_free (self->convert_error);

  G_OBJECT_CLASS (tern_attachment_check_parent_class)->finalize (object);
}

static void
tern_attachment_check_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TernAttachmentCheck *self = TERN_ATTACHMENT_CHECK (object);

  switch (prop_id)
    {
    case PROP_ATTACHMENT:
      g_value_set_object (value, self->attachment);
      break;
    case PROP_INFO:
      g_value_set_pointer (value, self->info);
      break;
    case PROP_PROBLEMS:
      g_value_set_boxed (value, self->problems);
      break;
    case PROP_CHECKING:
      g_value_set_boolean (value, self->checking);
      break;
    case PROP_BLOCKING:
      g_value_set_boolean (value, self->blocking);
      break;
    case PROP_CONVERTING:
      g_value_set_boolean (value, self->transcoder != NULL);
      break;
    case PROP_CONVERT_PROGRESS:
      g_value_set_double (value, self->convert_progress);
      break;
    case PROP_CONVERT_ERROR:
      g_value_set_string (value, self->convert_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_attachment_check_class_init (TernAttachmentCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tern_attachment_check_dispose;
  object_class->finalize = tern_attachment_check_finalize;
  object_class->get_property = tern_attachment_check_get_property;

  properties[PROP_ATTACHMENT] =
    g_param_spec_object ("attachment", NULL, NULL, TERN_TYPE_ATTACHMENT, flags);
  properties[PROP_INFO] =
    g_param_spec_pointer ("info", NULL, NULL, flags);
  properties[PROP_PROBLEMS] =
    g_param_spec_boxed ("problems", NULL, NULL, G_TYPE_PTR_ARRAY, flags);
  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL, FALSE, flags);
  properties[PROP_BLOCKING] =
    g_param_spec_boolean ("blocking", NULL, NULL, FALSE, flags);
  properties[PROP_CONVERTING] =
    g_param_spec_boolean ("converting", NULL, NULL, FALSE, flags);
  properties[PROP_CONVERT_PROGRESS] =
    g_param_spec_double ("convert-progress", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_CONVERT_ERROR] =
    g_param_spec_string ("convert-error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REPLACED] =
    g_signal_new ("replaced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, TERN_TYPE_ATTACHMENT, TERN_TYPE_ATTACHMENT);
}

static void
tern_attachment_check_init (TernAttachmentCheck *self)
{
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tern_media_problem_free);
}

/* Public API */

/**
 * tern_attachment_check_new:
 * @attachment: the attachment to check
 * @info: (nullable): what the file is, when it was just probed; else it
 *   is probed now
 *
 * Returns: (transfer full): a check following @attachment
 */
TernAttachmentCheck *
tern_attachment_check_new (TernAttachment      *attachment,
                           const TernMediaInfo *info)
{
  TernAttachmentCheck *self;

  g_return_val_if_fail (TERN_IS_ATTACHMENT (attachment), NULL);

  self = g_object_new (TERN_TYPE_ATTACHMENT_CHECK, NULL);
  self->attachment = g_object_ref (attachment);
  g_signal_connect_swapped (attachment, "notify::alt-text", G_CALLBACK (alt_text_cb), self);
  watch_file (self);
  if (info != NULL)
    {
      set_info (self, tern_media_info_copy (info));
      update_problems (self, NULL);
    }
  else
    tern_attachment_check_recheck (self);
  return self;
}

TernAttachment *
tern_attachment_check_get_attachment (TernAttachmentCheck *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_CHECK (self), NULL);
  return self->attachment;
}

/* Returns: (nullable): what the file is, once probed. */
const TernMediaInfo *
tern_attachment_check_get_info (TernAttachmentCheck *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_CHECK (self), NULL);
  return self->info;
}

/* Returns: (transfer none) (element-type TernMediaProblem): the problems,
 * errors first; empty while checking. */
GPtrArray *
tern_attachment_check_get_problems (TernAttachmentCheck *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_CHECK (self), NULL);
  return self->problems;
}

gboolean
tern_attachment_check_get_checking (TernAttachmentCheck *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_CHECK (self), FALSE);
  return self->checking;
}

gboolean
tern_attachment_check_get_blocking (TernAttachmentCheck *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_CHECK (self), FALSE);
  return self->blocking;
}

gboolean
tern_attachment_check_get_converting (TernAttachmentCheck *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_CHECK (self), FALSE);
  return self->transcoder != NULL;
}

double
tern_attachment_check_get_convert_progress (TernAttachmentCheck *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_CHECK (self), 0);
  return self->convert_progress;
}

/* Returns: (nullable): why the last conversion failed */
const char *
tern_attachment_check_get_convert_error (TernAttachmentCheck *self)
{
  g_return_val_if_fail (TERN_IS_ATTACHMENT_CHECK (self), NULL);
  return self->convert_error;
}

/**
 * tern_attachment_check_recheck:
 *
 * Probes the file again (it changed on disk) and applies the rules.
 */
void
tern_attachment_check_recheck (TernAttachmentCheck *self)
{
  g_return_if_fail (TERN_IS_ATTACHMENT_CHECK (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_info (self, NULL);
  update_problems (self, NULL);
  if (self->attachment == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  set_checking (self, TRUE);
  tern_media_info_probe_async (tern_attachment_get_file (self->attachment), self->cancellable,
                               probe_cb, g_object_ref (self));
}

/**
 * tern_attachment_check_convert:
 *
 * Makes a copy X accepts, in the user cache directory; once done the
 * check follows the copy and emits "replaced".
 */
void
tern_attachment_check_convert (TernAttachmentCheck *self)
{
  g_autoptr(GFile) output = NULL;

  g_return_if_fail (TERN_IS_ATTACHMENT_CHECK (self));

  if (self->transcoder != NULL || self->attachment == NULL)
    return;

  set_convert_error (self, NULL);
  output = converted_file_for (tern_attachment_get_file (self->attachment));
  self->transcoder = tern_transcoder_new (tern_attachment_get_file (self->attachment), output);
  self->convert_cancellable = g_cancellable_new ();
  self->convert_progress = 0;
  g_signal_connect_swapped (self->transcoder, "notify::progress", G_CALLBACK (convert_progress_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERT_PROGRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERTING]);
  update_blocking (self);

  tern_transcoder_run_async (self->transcoder, self->convert_cancellable,
                             convert_cb, g_object_ref (self));
}

void
tern_attachment_check_cancel_convert (TernAttachmentCheck *self)
{
  g_return_if_fail (TERN_IS_ATTACHMENT_CHECK (self));

  g_cancellable_cancel (self->convert_cancellable);
}
