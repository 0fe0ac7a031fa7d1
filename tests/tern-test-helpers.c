/* tern-test-helpers.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Helpers every test program may use: GLib and GIO only, so a test of
 * core links them without GStreamer or GTK. Declared in
 * tern-test-fixtures.h. */

#include "config.h"

#include "tern-test-fixtures.h"

static void
remove_file_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFile *child;

      while (g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) && child != NULL)
        remove_file_tree (child);
    }
  g_file_delete (file, NULL, NULL);
}

/**
 * tern_test_remove_tree:
 * @path: a file or directory
 *
 * Deletes @path and, for a directory, everything in it. Symbolic links
 * are removed, never followed.
 */
void
tern_test_remove_tree (const char *path)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (path != NULL);

  file = g_file_new_for_path (path);
  remove_file_tree (file);
}

/**
 * tern_test_wait_until_idle:
 *
 * Runs the default main context until nothing is ready to dispatch.
 */
void
tern_test_wait_until_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
