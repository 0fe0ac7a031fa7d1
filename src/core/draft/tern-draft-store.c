/* tern-draft-store.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-draft-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "tern-draft-store.h"
#include "tern-utils.h"

typedef struct
{
  TernDraftStore *store;      /* unowned: the store owns the entry */
  TernDraft      *draft;
  GFile          *file;
  gulong          changed_id;
  guint           timeout_id;
  gboolean        writing;
  gboolean        needs_save; /* the draft has changes that are not on disk */
  GError         *last_error;
  GPtrArray      *waiters;    /* GTask, completed when the entry settles */
  GTask          *delete_task;
} Entry;

struct _TernDraftStore
{
  GObject     parent_instance;

  GFile      *directory;
  guint       delay_ms;
  GHashTable *entries;        /* TernDraft * → Entry * */
};

typedef struct
{
  char   *directory;
  char   *path;
  char   *contents;
  gsize   length;
} WriteData;

typedef struct
{
  TernDraft *draft;
  GPtrArray *moved_aside;
} RestoreResult;

typedef struct
{
  guint   pending;
  GError *error;
} FlushData;

static void entry_start_write (Entry *entry);

G_DEFINE_FINAL_TYPE (TernDraftStore, tern_draft_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_DELAY,
  N_PROPS
};

enum {
  SAVED,
  SAVE_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
write_data_free (WriteData *data)
{
  g_free (data->directory);
  g_free (data->path);
  g_free (data->contents);
  g_free (data);
}

static void
restore_result_free (RestoreResult *result)
{
  g_clear_object (&result->draft);
  g_clear_pointer (&result->moved_aside, g_ptr_array_unref);
  g_free (result);
}

static void
flush_data_free (FlushData *data)
{
  g_clear_error (&data->error);
  g_free (data);
}

static void
entry_free (Entry *entry)
{
  g_assert (!entry->writing);

  g_clear_handle_id (&entry->timeout_id, g_source_remove);
  g_clear_signal_handler (&entry->changed_id, entry->draft);
  g_clear_object (&entry->draft);
  g_clear_object (&entry->file);
  g_clear_error (&entry->last_error);
  if (entry->waiters != NULL)
    {
      /* The store is going away with saves still awaited. */
      for (guint i = 0; i < entry->waiters->len; i++)
        g_task_return_new_error (g_ptr_array_index (entry->waiters, i),
                                 G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("The draft store was closed before the draft was saved"));
      g_ptr_array_unref (entry->waiters);
    }
  g_free (entry);
}

/* Makes the rename that g_file_set_contents_full() did durable as well. */
static void
sync_directory (const char *directory)
{
  int fd = open (directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return;
  if (fsync (fd) != 0)
    g_debug ("Could not sync %s: %s", directory, g_strerror (errno));
  close (fd);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (data->directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not create the drafts folder %s: %s. Check its permissions and free space; Tern tries again on the next change."),
                               data->directory, g_strerror (saved_errno));
      return;
    }

  /* A temporary file in the same folder, fsync, then rename over the old
   * draft: a reader, or Tern after a crash, sees either the old file or the
   * new one, never part of one. */
  if (!g_file_set_contents_full (data->path, data->contents, data->length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &error))
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not save the draft: %s. Free some disk space or check the folder’s permissions; Tern tries again on the next change."),
                               error->message);
      return;
    }

  sync_directory (data->directory);
  g_task_return_boolean (task, TRUE);
}

static void
delete_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *directory = g_path_get_dirname (path);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not remove the draft %s: %s. Check the folder’s permissions."),
                               path, g_strerror (saved_errno));
      return;
    }

  sync_directory (directory);
  g_task_return_boolean (task, TRUE);
}

static void
start_delete (TernDraftStore *self,
              GTask          *task,
              GFile          *file)
{
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, delete_thread);
}

static void
entry_settle (Entry *entry)
{
  g_autoptr(GPtrArray) waiters = NULL;

  if (entry->writing || entry->timeout_id != 0 || entry->waiters->len == 0)
    return;

  waiters = g_steal_pointer (&entry->waiters);
  entry->waiters = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (entry->needs_save && entry->last_error != NULL)
        g_task_return_error (task, g_error_copy (entry->last_error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static gboolean
entry_timeout_cb (gpointer user_data)
{
  Entry *entry = user_data;

  entry->timeout_id = 0;
  entry_start_write (entry);

  return G_SOURCE_REMOVE;
}

static void
entry_schedule (Entry *entry)
{
  /* The first change of a burst starts the clock and later ones ride along,
   * so fast typing cannot push the save further away than the delay. */
  if (entry->writing || entry->timeout_id != 0)
    return;
  entry->timeout_id = g_timeout_add (entry->store->delay_ms, entry_timeout_cb, entry);
}

static void
draft_changed_cb (TernDraft *draft,
                  Entry     *entry)
{
  entry->needs_save = TRUE;
  entry_schedule (entry);
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TernDraftStore *self = TERN_DRAFT_STORE (object);
  Entry *entry = user_data;
  g_autoptr(GError) error = NULL;

  entry->writing = FALSE;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_message ("%s", error->message);
      entry->needs_save = TRUE;
      g_clear_error (&entry->last_error);
      entry->last_error = g_error_copy (error);
    }
  else
    {
      g_clear_error (&entry->last_error);
    }

  if (entry->delete_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&entry->delete_task);
      g_autoptr(GFile) file = g_object_ref (entry->file);

      g_hash_table_remove (self->entries, entry->draft);
      start_delete (self, task, file);
      return;
    }

  if (error != NULL)
    g_signal_emit (self, signals[SAVE_FAILED], 0, entry->draft, error);
  else
    g_signal_emit (self, signals[SAVED], 0, entry->draft);

  if (entry->needs_save && error == NULL)
    {
      if (entry->waiters->len > 0)
        entry_start_write (entry);
      else
        entry_schedule (entry);
      return;
    }

  entry_settle (entry);
}

static void
entry_start_write (Entry *entry)
{
  TernDraftStore *self = entry->store;
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) node = NULL;
  WriteData *data;

  g_assert (!entry->writing);
  g_assert (entry->timeout_id == 0);

  if (!entry->needs_save)
    {
      entry_settle (entry);
      return;
    }

  /* The snapshot is taken here, on the main thread; the thread only writes. */
  node = tern_draft_to_json (entry->draft);
  data = g_new0 (WriteData, 1);
  data->directory = g_file_get_path (self->directory);
  data->path = g_file_get_path (entry->file);
  data->contents = json_to_string (node, TRUE);
  data->length = strlen (data->contents);

  entry->needs_save = FALSE;
  entry->writing = TRUE;

  task = g_task_new (self, NULL, write_done_cb, entry);
  g_task_set_source_tag (task, entry_start_write);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

static Entry *
ensure_entry (TernDraftStore *self,
              TernDraft      *draft)
{
  Entry *entry = g_hash_table_lookup (self->entries, draft);

  if (entry != NULL)
    return entry;

  entry = g_new0 (Entry, 1);
  entry->store = self;
  entry->draft = g_object_ref (draft);
  entry->file = tern_draft_store_get_file (self, draft);
  entry->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  entry->changed_id = g_signal_connect (draft, "changed", G_CALLBACK (draft_changed_cb), entry);
  g_hash_table_insert (self->entries, draft, entry);

  return entry;
}

/* Takes @task; it completes once everything in the entry is on disk. */
static void
entry_wait (Entry    *entry,
            gboolean  force,
            GTask    *task)
{
  g_ptr_array_add (entry->waiters, task);
  if (force)
    entry->needs_save = TRUE;
  if (entry->writing)
    return;
  g_clear_handle_id (&entry->timeout_id, g_source_remove);
  entry_start_write (entry);
}

static char *
unused_corrupt_name (const char *path)
{
  char *target = g_strconcat (path, ".corrupt", NULL);

  for (guint i = 1; g_file_test (target, G_FILE_TEST_EXISTS) && i < 1000; i++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.%u.corrupt", path, i);
    }
  return target;
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *directory = task_data;
  g_autofree char *dir_path = g_file_get_path (directory);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(TernDraft) best = NULL;
  g_autoptr(GPtrArray) moved_aside = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 best_mtime = G_MININT64;
  RestoreResult *result;
  const char *name;

  dir = g_dir_open (dir_path, 0, &error);
  if (dir == NULL && !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Could not read the drafts folder: %s. Check its permissions."),
                               error->message);
      return;
    }

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(TernDraft) draft = NULL;
      gsize length;
      GStatBuf st;
      gint64 mtime;

      if (g_task_return_error_if_cancelled (task))
        return;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      mtime = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;

      if (!g_file_get_contents (path, &contents, &length, &local_error))
        {
          /* Unreadable is not damaged: leave it for a later start. */
          g_message ("Skipping draft %s: %s", path, local_error->message);
          continue;
        }

      parser = json_parser_new ();
      if (json_parser_load_from_data (parser, contents, length, &local_error))
        {
          if (json_parser_get_root (parser) == NULL)
            g_set_error (&local_error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_INVALID,
                         _("The draft file is empty"));
          else
            draft = tern_draft_new_from_json (json_parser_get_root (parser), &local_error);
        }

      if (draft == NULL)
        {
          g_autofree char *target = NULL;

          if (g_error_matches (local_error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_NEWER_VERSION))
            {
              g_message ("Leaving %s alone: %s", path, local_error->message);
              continue;
            }

          /* Never deleted: the text in it may be all the user has. */
          target = unused_corrupt_name (path);
          g_message ("Draft %s is damaged (%s); moving it to %s", path, local_error->message, target);
          if (g_rename (path, target) == 0)
            g_ptr_array_add (moved_aside, g_file_new_for_path (target));
          else
            g_message ("Could not move %s aside: %s", path, g_strerror (errno));
          continue;
        }

      if (tern_draft_is_finished (draft))
        continue;

      if (best == NULL || mtime > best_mtime)
        {
          g_set_object (&best, draft);
          best_mtime = mtime;
        }
    }

  result = g_new0 (RestoreResult, 1);
  result->draft = g_steal_pointer (&best);
  result->moved_aside = g_steal_pointer (&moved_aside);
  g_task_return_pointer (task, result, (GDestroyNotify) restore_result_free);
}

static void
flush_one_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlushData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) && data->error == NULL)
    data->error = g_steal_pointer (&error);

  g_assert (data->pending > 0);
  if (--data->pending > 0)
    return;

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
tern_draft_store_dispose (GObject *object)
{
  TernDraftStore *self = (TernDraftStore *)object;

  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (tern_draft_store_parent_class)->dispose (object);
}

static void
tern_draft_store_finalize (GObject *object)
{
  TernDraftStore *self = (TernDraftStore *)object;

  g_clear_object (&self->directory);

  G_OBJECT_CLASS (tern_draft_store_parent_class)->finalize (object);
}

static void
tern_draft_store_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TernDraftStore *self = TERN_DRAFT_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;
    case PROP_DELAY:
      g_value_set_uint (value, self->delay_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_draft_store_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TernDraftStore *self = TERN_DRAFT_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_object (value);
      break;
    case PROP_DELAY:
      tern_draft_store_set_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_draft_store_class_init (TernDraftStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tern_draft_store_dispose;
  object_class->finalize = tern_draft_store_finalize;
  object_class->get_property = tern_draft_store_get_property;
  object_class->set_property = tern_draft_store_set_property;

  properties[PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELAY] =
    g_param_spec_uint ("delay", NULL, NULL, 0, 500, TERN_DRAFT_STORE_DEFAULT_DELAY_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TernDraftStore::saved:
   * @draft: the draft that is now on disk
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, TERN_TYPE_DRAFT);

  /**
   * TernDraftStore::save-failed:
   * @draft: the draft that could not be written
   * @error: why, in words a person can act on
   */
  signals[SAVE_FAILED] =
    g_signal_new ("save-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TERN_TYPE_DRAFT, G_TYPE_ERROR);
}

static void
tern_draft_store_init (TernDraftStore *self)
{
  self->delay_ms = TERN_DRAFT_STORE_DEFAULT_DELAY_MS;
  self->entries = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) entry_free);
}

/**
 * tern_draft_store_new:
 * @directory: where the drafts live; created on the first save
 *
 * Returns: (transfer full): a store
 */
TernDraftStore *
tern_draft_store_new (GFile *directory)
{
  g_return_val_if_fail (G_IS_FILE (directory), NULL);
  g_return_val_if_fail (g_file_is_native (directory), NULL);

  return g_object_new (TERN_TYPE_DRAFT_STORE, "directory", directory, NULL);
}

/**
 * tern_draft_store_new_default:
 *
 * Returns: (transfer full): a store in `$XDG_DATA_HOME/tern/drafts`
 */
TernDraftStore *
tern_draft_store_new_default (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "tern", "drafts", NULL);
  g_autoptr(GFile) directory = g_file_new_for_path (path);

  return tern_draft_store_new (directory);
}

/**
 * tern_draft_store_get_directory:
 *
 * Returns: (transfer none): the drafts folder
 */
GFile *
tern_draft_store_get_directory (TernDraftStore *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT_STORE (self), NULL);

  return self->directory;
}

/**
 * tern_draft_store_get_file:
 *
 * Returns: (transfer full): the file @draft is saved in
 */
GFile *
tern_draft_store_get_file (TernDraftStore *self,
                           TernDraft      *draft)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (TERN_IS_DRAFT_STORE (self), NULL);
  g_return_val_if_fail (TERN_IS_DRAFT (draft), NULL);

  name = g_strconcat (tern_draft_get_id (draft), ".json", NULL);
  return g_file_get_child (self->directory, name);
}

guint
tern_draft_store_get_delay (TernDraftStore *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT_STORE (self), 0);

  return self->delay_ms;
}

/**
 * tern_draft_store_set_delay:
 * @delay_ms: how long after the first change of a burst to write, at most
 *   500 so a change is on disk within about half a second
 */
void
tern_draft_store_set_delay (TernDraftStore *self,
                            guint           delay_ms)
{
  g_return_if_fail (TERN_IS_DRAFT_STORE (self));
  g_return_if_fail (delay_ms <= 500);

  TERN_SET_SCALAR (self, self->delay_ms, delay_ms, properties[PROP_DELAY]);
}

/**
 * tern_draft_store_watch:
 * @draft: a draft to save after each change from now on
 *
 * Nothing is written until the draft changes (or is saved explicitly), so
 * a new, untouched draft leaves no file behind.
 */
void
tern_draft_store_watch (TernDraftStore *self,
                        TernDraft      *draft)
{
  g_return_if_fail (TERN_IS_DRAFT_STORE (self));
  g_return_if_fail (TERN_IS_DRAFT (draft));

  ensure_entry (self, draft);
}

/**
 * tern_draft_store_save_async:
 * @draft: the draft to write now; it is watched from now on
 *
 * Completes once the draft as it is now (or newer) is on disk.
 */
void
tern_draft_store_save_async (TernDraftStore      *self,
                             TernDraft           *draft,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TERN_IS_DRAFT_STORE (self));
  g_return_if_fail (TERN_IS_DRAFT (draft));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_draft_store_save_async);
  entry_wait (ensure_entry (self, draft), TRUE, task);
}

gboolean
tern_draft_store_save_finish (TernDraftStore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (TERN_IS_DRAFT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * tern_draft_store_flush_async:
 *
 * Writes every pending change now, without waiting for the delay, and
 * completes when all of them are on disk. Call it before quitting.
 */
void
tern_draft_store_flush_async (TernDraftStore      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) busy = g_ptr_array_new ();
  GHashTableIter iter;
  FlushData *data;
  Entry *entry;

  g_return_if_fail (TERN_IS_DRAFT_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_draft_store_flush_async);

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->writing || entry->timeout_id != 0 || entry->needs_save)
      g_ptr_array_add (busy, entry);

  if (busy->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  data = g_new0 (FlushData, 1);
  data->pending = busy->len;
  g_task_set_task_data (task, data, (GDestroyNotify) flush_data_free);

  for (guint i = 0; i < busy->len; i++)
    {
      GTask *one = g_task_new (self, NULL, flush_one_cb, g_object_ref (task));

      entry_wait (g_ptr_array_index (busy, i), FALSE, one);
    }
}

gboolean
tern_draft_store_flush_finish (TernDraftStore  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (TERN_IS_DRAFT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * tern_draft_store_restore_async:
 *
 * Finds the newest unfinished draft. Damaged files are renamed to
 * `NAME.json.corrupt` (never deleted) and reported; files from a newer
 * Tern are left alone.
 */
void
tern_draft_store_restore_async (TernDraftStore      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TERN_IS_DRAFT_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_draft_store_restore_async);
  g_task_set_task_data (task, g_object_ref (self->directory), g_object_unref);
  g_task_run_in_thread (task, restore_thread);
}

/**
 * tern_draft_store_restore_finish:
 * @moved_aside: (out) (optional) (transfer full): the #GFile names damaged
 *   drafts were moved to, so the user can be told
 * @error: set when the folder could not be read
 *
 * Returns: (transfer full) (nullable): the draft to continue, or %NULL when
 *   there is none (the caller starts a new one)
 */
TernDraft *
tern_draft_store_restore_finish (TernDraftStore  *self,
                                 GAsyncResult    *result,
                                 GPtrArray      **moved_aside,
                                 GError         **error)
{
  RestoreResult *restored;
  TernDraft *draft;

  g_return_val_if_fail (TERN_IS_DRAFT_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (moved_aside != NULL)
    *moved_aside = NULL;

  restored = g_task_propagate_pointer (G_TASK (result), error);
  if (restored == NULL)
    return NULL;

  draft = g_steal_pointer (&restored->draft);
  if (moved_aside != NULL)
    *moved_aside = g_steal_pointer (&restored->moved_aside);
  restore_result_free (restored);

  return draft;
}

/**
 * tern_draft_store_delete_async:
 * @draft: the draft to forget; its file is removed after any write in
 *   flight, and it is no longer saved
 *
 * For the poster, once the thread's last post exists.
 */
void
tern_draft_store_delete_async (TernDraftStore      *self,
                               TernDraft           *draft,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) file = NULL;
  Entry *entry;

  g_return_if_fail (TERN_IS_DRAFT_STORE (self));
  g_return_if_fail (TERN_IS_DRAFT (draft));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_draft_store_delete_async);

  entry = g_hash_table_lookup (self->entries, draft);
  if (entry != NULL)
    {
      g_clear_signal_handler (&entry->changed_id, entry->draft);
      g_clear_handle_id (&entry->timeout_id, g_source_remove);
      entry->needs_save = FALSE;
      entry_settle (entry);

      if (entry->writing)
        {
          g_return_if_fail (entry->delete_task == NULL);
          entry->delete_task = g_steal_pointer (&task);
          return;
        }
      g_hash_table_remove (self->entries, draft);
    }

  file = tern_draft_store_get_file (self, draft);
  start_delete (self, task, file);
}

gboolean
tern_draft_store_delete_finish (TernDraftStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (TERN_IS_DRAFT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
