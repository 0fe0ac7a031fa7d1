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
#include "tern-json-util.h"
#include "tern-untrusted.h"
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
  gboolean        listed;     /* in the store's list of drafts */
  gboolean        trashed;    /* deleted, but still on disk until purged */
} Entry;

struct _TernDraftStore
{
  GObject     parent_instance;

  GFile      *directory;
  guint       delay_ms;
  GHashTable *entries;        /* TernDraft * → Entry * */
  GListStore *drafts;         /* TernDraft, the listed entries, newest first */
  GHashTable *deleted_ids;    /* drafts deleted here: a load in flight may
                               * still have read their files */
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
  TernDraft *draft;           /* restore: the newest */
  GPtrArray *drafts;          /* load: every unfinished one */
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
  g_clear_pointer (&result->drafts, g_ptr_array_unref);
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

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  gint64 ma = tern_draft_get_modified ((TernDraft *) a);
  gint64 mb = tern_draft_get_modified ((TernDraft *) b);

  if (ma != mb)
    return ma > mb ? -1 : 1;
  return g_strcmp0 (tern_draft_get_id ((TernDraft *) a), tern_draft_get_id ((TernDraft *) b));
}

/* Whether the item at @position sorts between its neighbours. */
static gboolean
in_order (GListModel *model,
          guint       position)
{
  g_autoptr(TernDraft) item = g_list_model_get_item (model, position);
  g_autoptr(TernDraft) before = position > 0 ? g_list_model_get_item (model, position - 1) : NULL;
  g_autoptr(TernDraft) after = g_list_model_get_item (model, position + 1);

  return (before == NULL || compare_newest_first (before, item, NULL) < 0) &&
         (after == NULL || compare_newest_first (item, after, NULL) < 0);
}

static void
entry_unlist (Entry *entry)
{
  guint position;

  if (!entry->listed)
    return;
  entry->listed = FALSE;
  if (g_list_store_find (entry->store->drafts, entry->draft, &position))
    g_list_store_remove (entry->store->drafts, position);
}

/* Listed: drafts with something in them that are still to be posted and
 * not deleted; in order of their last change. Runs on every change, so
 * the common case (the draft being typed in is already first) is cheap. */
static void
entry_update_listing (Entry *entry)
{
  GListStore *drafts = entry->store->drafts;
  gboolean wanted = !entry->trashed &&
                    !tern_draft_is_empty (entry->draft) &&
                    !tern_draft_is_finished (entry->draft);
  guint position;

  if (entry->listed && wanted &&
      g_list_store_find (drafts, entry->draft, &position) &&
      in_order (G_LIST_MODEL (drafts), position))
    return;

  entry_unlist (entry);
  if (!wanted)
    return;
  g_list_store_insert_sorted (drafts, entry->draft, compare_newest_first, NULL);
  entry->listed = TRUE;
}

static void
draft_changed_cb (TernDraft *draft,
                  Entry     *entry)
{
  entry->needs_save = TRUE;
  entry_schedule (entry);
  entry_update_listing (entry);
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
  entry_update_listing (entry);

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

/* Reads every draft in the folder (in a worker thread). Damaged files are
 * moved aside, never deleted; files from a newer Tern are left alone. A
 * draft that did not record when it changed gets its file's time. Returns
 * FALSE only when the folder itself cannot be read. */
static gboolean
scan_directory (GFile         *directory,
                GCancellable  *cancellable,
                GPtrArray     *drafts,
                GPtrArray     *moved_aside,
                GError       **error)
{
  g_autofree char *dir_path = g_file_get_path (directory);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (dir_path, 0, &local_error);
  if (dir == NULL && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not read the drafts folder: %s. Check its permissions."),
                   local_error->message);
      return FALSE;
    }

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GError) file_error = NULL;
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(TernDraft) draft = NULL;
      gsize length;
      GStatBuf st;
      gint64 mtime;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      mtime = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;

      if (!g_file_get_contents (path, &contents, &length, &file_error))
        {
          /* Unreadable is not damaged: leave it for a later start. */
          g_message ("Skipping draft %s: %s", path, file_error->message);
          continue;
        }

      parser = json_parser_new ();
      if (tern_untrusted_json_load (parser, contents, length, &file_error))
        {
          if (json_parser_get_root (parser) == NULL)
            g_set_error (&file_error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_INVALID,
                         _("The draft file is empty"));
          else
            draft = tern_draft_new_from_json (json_parser_get_root (parser), &file_error);
        }

      if (draft == NULL)
        {
          g_autofree char *target = NULL;

          if (g_error_matches (file_error, TERN_DRAFT_ERROR, TERN_DRAFT_ERROR_NEWER_VERSION))
            {
              g_message ("Leaving %s alone: %s", path, file_error->message);
              continue;
            }

          /* Never deleted: the text in it may be all the user has. */
          target = unused_corrupt_name (path);
          g_message ("Draft %s is damaged (%s); moving it to %s", path, file_error->message, target);
          if (g_rename (path, target) == 0)
            g_ptr_array_add (moved_aside, g_file_new_for_path (target));
          else
            g_message ("Could not move %s aside: %s", path, g_strerror (errno));
          continue;
        }

      if (tern_draft_is_finished (draft))
        continue;

      if (tern_draft_get_modified (draft) == 0)
        tern_draft_set_modified (draft, MAX (mtime, 1));
      g_ptr_array_add (drafts, g_steal_pointer (&draft));
    }

  return TRUE;
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *directory = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) moved_aside = g_ptr_array_new_with_free_func (g_object_unref);
  TernDraft *best = NULL;
  RestoreResult *result;

  if (!scan_directory (directory, cancellable, drafts, moved_aside, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < drafts->len; i++)
    {
      TernDraft *draft = g_ptr_array_index (drafts, i);

      if (best == NULL || tern_draft_get_modified (draft) > tern_draft_get_modified (best))
        best = draft;
    }

  result = g_new0 (RestoreResult, 1);
  result->draft = best != NULL ? g_object_ref (best) : NULL;
  result->moved_aside = g_steal_pointer (&moved_aside);
  g_task_return_pointer (task, result, (GDestroyNotify) restore_result_free);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *directory = task_data;
  g_autoptr(GError) error = NULL;
  RestoreResult *result = g_new0 (RestoreResult, 1);
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func (g_object_unref);

  result->moved_aside = g_ptr_array_new_with_free_func (g_object_unref);
  if (!scan_directory (directory, cancellable, drafts, result->moved_aside, &error))
    {
      restore_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result->drafts = g_steal_pointer (&drafts);
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
  if (self->drafts != NULL)
    g_list_store_remove_all (self->drafts);

  G_OBJECT_CLASS (tern_draft_store_parent_class)->dispose (object);
}

static void
tern_draft_store_finalize (GObject *object)
{
  TernDraftStore *self = (TernDraftStore *)object;

  g_clear_object (&self->directory);
  g_clear_object (&self->drafts);
  g_clear_pointer (&self->deleted_ids, g_hash_table_unref);

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
  self->drafts = g_list_store_new (TERN_TYPE_DRAFT);
  self->deleted_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
 * completes when all of them are on disk. Drafts in the trash
 * (tern_draft_store_trash()) are deleted for good. Call it before
 * quitting.
 */
void
tern_draft_store_flush_async (TernDraftStore      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) busy = g_ptr_array_new ();
  g_autoptr(GPtrArray) trashed = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  FlushData *data;
  Entry *entry;

  g_return_if_fail (TERN_IS_DRAFT_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_draft_store_flush_async);

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (entry->trashed)
        g_ptr_array_add (trashed, g_object_ref (entry->draft));
      else if (entry->writing || entry->timeout_id != 0 || entry->needs_save)
        g_ptr_array_add (busy, entry);
    }

  if (busy->len == 0 && trashed->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  data = g_new0 (FlushData, 1);
  data->pending = busy->len + trashed->len;
  g_task_set_task_data (task, data, (GDestroyNotify) flush_data_free);

  for (guint i = 0; i < busy->len; i++)
    {
      GTask *one = g_task_new (self, NULL, flush_one_cb, g_object_ref (task));

      entry_wait (g_ptr_array_index (busy, i), FALSE, one);
    }
  /* Deleted drafts whose Undo can no longer be pressed go for good. */
  for (guint i = 0; i < trashed->len; i++)
    tern_draft_store_delete_async (self, g_ptr_array_index (trashed, i), NULL,
                                   flush_one_cb, g_object_ref (task));
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
  g_hash_table_add (self->deleted_ids, g_strdup (tern_draft_get_id (draft)));

  entry = g_hash_table_lookup (self->entries, draft);
  if (entry != NULL)
    {
      g_clear_signal_handler (&entry->changed_id, entry->draft);
      g_clear_handle_id (&entry->timeout_id, g_source_remove);
      entry->needs_save = FALSE;
      entry_unlist (entry);
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

/**
 * tern_draft_store_get_drafts:
 *
 * The drafts to show in a list: every watched or loaded draft that has
 * text or media, is not posted yet and is not in the trash, the one
 * changed last first. It follows the drafts as they change.
 *
 * Returns: (transfer none): a #GListModel of #TernDraft
 */
GListModel *
tern_draft_store_get_drafts (TernDraftStore *self)
{
  g_return_val_if_fail (TERN_IS_DRAFT_STORE (self), NULL);

  return G_LIST_MODEL (self->drafts);
}

static gboolean
knows_id (TernDraftStore *self,
          const char     *id)
{
  GHashTableIter iter;
  TernDraft *draft;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, (gpointer *) &draft, NULL))
    if (g_strcmp0 (tern_draft_get_id (draft), id) == 0)
      return TRUE;
  return FALSE;
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TernDraftStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  RestoreResult *loaded;

  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (loaded == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < loaded->drafts->len; i++)
    {
      TernDraft *draft = g_ptr_array_index (loaded->drafts, i);

      /* What this process holds is newer than its file, and what it
       * deleted stays deleted. */
      if (knows_id (self, tern_draft_get_id (draft)) ||
          g_hash_table_contains (self->deleted_ids, tern_draft_get_id (draft)))
        continue;
      /* A draft emptied before Tern closed is clutter, not work. */
      if (tern_draft_is_empty (draft))
        tern_draft_store_delete_async (self, draft, NULL, NULL, NULL);
      else
        ensure_entry (self, draft);
    }

  g_task_return_pointer (task, g_steal_pointer (&loaded->moved_aside),
                         (GDestroyNotify) g_ptr_array_unref);
  restore_result_free (loaded);
}

/**
 * tern_draft_store_load_async:
 *
 * Reads the drafts folder into tern_draft_store_get_drafts(): every
 * unfinished draft there, also those `tern post` left, is watched from
 * then on. Drafts this store already has are kept as they are in memory.
 * Damaged files are renamed to `NAME.json.corrupt` (never deleted) and
 * reported; files from a newer Tern are left alone; empty drafts are
 * removed.
 */
void
tern_draft_store_load_async (TernDraftStore      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  g_autoptr(GTask) scan = NULL;

  g_return_if_fail (TERN_IS_DRAFT_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_draft_store_load_async);

  scan = g_task_new (self, cancellable, loaded_cb, task);
  g_task_set_task_data (scan, g_object_ref (self->directory), g_object_unref);
  g_task_run_in_thread (scan, load_thread);
}

/**
 * tern_draft_store_load_finish:
 * @moved_aside: (out) (optional) (transfer full): the #GFile names damaged
 *   drafts were moved to, so the user can be told
 * @error: set when the folder could not be read
 *
 * Returns: %TRUE when the folder was read
 */
gboolean
tern_draft_store_load_finish (TernDraftStore  *self,
                              GAsyncResult    *result,
                              GPtrArray      **moved_aside,
                              GError         **error)
{
  g_autoptr(GPtrArray) aside = NULL;

  g_return_val_if_fail (TERN_IS_DRAFT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (moved_aside != NULL)
    *moved_aside = NULL;
  aside = g_task_propagate_pointer (G_TASK (result), error);
  if (aside == NULL)
    return FALSE;
  if (moved_aside != NULL)
    *moved_aside = g_steal_pointer (&aside);
  return TRUE;
}

/**
 * tern_draft_store_trash:
 * @draft: a watched draft the person deleted
 *
 * Takes @draft out of the list at once but leaves its file, so a crash
 * before the deletion is final loses nothing: it comes back on the next
 * start. Undo with tern_draft_store_untrash(); make it final with
 * tern_draft_store_delete_async() (or tern_draft_store_flush_async(),
 * which deletes everything in the trash).
 */
void
tern_draft_store_trash (TernDraftStore *self,
                        TernDraft      *draft)
{
  Entry *entry;

  g_return_if_fail (TERN_IS_DRAFT_STORE (self));
  g_return_if_fail (TERN_IS_DRAFT (draft));

  entry = ensure_entry (self, draft);
  entry->trashed = TRUE;
  entry_update_listing (entry);
}

/**
 * tern_draft_store_untrash:
 * @draft: a draft given to tern_draft_store_trash() and not deleted since
 *
 * Puts @draft back in the list, where its last change puts it.
 */
void
tern_draft_store_untrash (TernDraftStore *self,
                          TernDraft      *draft)
{
  Entry *entry;

  g_return_if_fail (TERN_IS_DRAFT_STORE (self));
  g_return_if_fail (TERN_IS_DRAFT (draft));

  entry = g_hash_table_lookup (self->entries, draft);
  if (entry == NULL || !entry->trashed)
    return;
  entry->trashed = FALSE;
  entry_update_listing (entry);
}

/**
 * tern_draft_store_is_trashed:
 *
 * Returns: %TRUE while @draft is in the trash
 */
gboolean
tern_draft_store_is_trashed (TernDraftStore *self,
                             TernDraft      *draft)
{
  Entry *entry;

  g_return_val_if_fail (TERN_IS_DRAFT_STORE (self), FALSE);
  g_return_val_if_fail (TERN_IS_DRAFT (draft), FALSE);

  entry = g_hash_table_lookup (self->entries, draft);
  return entry != NULL && entry->trashed;
}
