/* test-cli-media.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "tern-test-fixtures.h"

typedef struct
{
  int status;
  char *out;
  char *err;
} RunResult;

static void
run_result_clear (RunResult *r)
{
  g_free (r->out);
  g_free (r->err);
}

static void run_argv (RunResult *result, GPtrArray *argv);

/* Runs `tern post --dry-run ARGS...` and waits for it to exit. */
static void
run_tern (RunResult  *result,
          const char *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *bin = g_getenv ("TERN_BIN");
  va_list args;

  g_assert_nonnull (bin);
  g_ptr_array_add (argv, (char *) bin);
  g_ptr_array_add (argv, (char *) "post");
  g_ptr_array_add (argv, (char *) "--dry-run");
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  run_argv (result, argv);
}

static void
run_argv (RunResult *result,
          GPtrArray *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_exit_status (proc);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", result->status, result->out, result->err);
}

static JsonObject *
parse_json (JsonParser *parser,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static JsonObject *
media_at (JsonObject *root,
          guint       index)
{
  JsonArray *media = json_object_get_array_member (root, "media");
  g_assert_cmpuint (json_array_get_length (media), >, index);
  return json_array_get_object_element (media, index);
}

static JsonObject *
problem_at (JsonObject *media,
            guint       index)
{
  JsonArray *problems = json_object_get_array_member (media, "problems");
  g_assert_cmpuint (json_array_get_length (problems), >, index);
  return json_array_get_object_element (problems, index);
}

static guint
n_problems (JsonObject *media)
{
  return json_array_get_length (json_object_get_array_member (media, "problems"));
}

static void
test_good_video_json (void)
{
  g_autofree char *path = tern_test_fixture ("good");
  g_autoptr(JsonParser) parser = json_parser_new ();
  RunResult r = { 0 };
  JsonObject *root, *media, *info;

  if (path == NULL)
    return;
  run_tern (&r, "--json", "--media", path, "--alt", "A ball bouncing", "Look at this", NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (parser, r.out);

  /* The seven text-parse fields stay at the top. */
  g_assert_cmpint (json_object_get_int_member (root, "weighted_length"), ==, 12);
  g_assert_true (json_object_get_boolean_member (root, "valid"));
  g_assert_true (json_object_has_member (root, "permillage"));
  g_assert_true (json_object_has_member (root, "display_range_start"));
  g_assert_true (json_object_has_member (root, "display_range_end"));
  g_assert_true (json_object_has_member (root, "valid_range_start"));
  g_assert_true (json_object_has_member (root, "valid_range_end"));

  media = media_at (root, 0);
  g_assert_cmpstr (json_object_get_string_member (media, "file"), ==, path);
  g_assert_cmpstr (json_object_get_string_member (media, "kind"), ==, "video");
  g_assert_cmpstr (json_object_get_string_member (media, "mime_type"), ==, "video/mp4");
  g_assert_cmpstr (json_object_get_string_member (media, "alt_text"), ==, "A ball bouncing");
  info = json_object_get_object_member (media, "info");
  g_assert_cmpint (json_object_get_int_member (info, "width"), ==, 1280);
  g_assert_cmpstr (json_object_get_string_member (info, "video_codec"), ==, "h264");
  g_assert_cmpuint (n_problems (media), ==, 0);
  run_result_clear (&r);
}

static void
test_bad_video_json (void)
{
  g_autofree char *path = tern_test_fixture ("yuv444");
  g_autoptr(JsonParser) parser = json_parser_new ();
  RunResult r = { 0 };
  JsonObject *problem;

  if (path == NULL)
    return;
  run_tern (&r, "--json", "--media", path, "Colours", NULL);
  g_assert_cmpint (r.status, ==, 1);
  problem = problem_at (media_at (parse_json (parser, r.out), 0), 0);
  g_assert_cmpstr (json_object_get_string_member (problem, "severity"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (problem, "code"), ==, "video-chroma");
  g_assert_true (json_object_get_boolean_member (problem, "convertible"));
  g_assert_nonnull (strstr (json_object_get_string_member (problem, "message"), "4:4:4"));
  run_result_clear (&r);
}

static void
test_warning_does_not_block (void)
{
  g_autofree char *path = tern_test_fixture ("tier");
  g_autoptr(JsonParser) parser = json_parser_new ();
  RunResult r = { 0 };
  JsonObject *problem;

  if (path == NULL)
    return;
  run_tern (&r, "--json", "--media", path, NULL);
  /* No text but media: still a post. */
  g_assert_cmpint (r.status, ==, 0);
  problem = problem_at (media_at (parse_json (parser, r.out), 0), 0);
  g_assert_cmpstr (json_object_get_string_member (problem, "severity"), ==, "warning");
  g_assert_cmpstr (json_object_get_string_member (problem, "code"), ==, "video-dimensions");
  run_result_clear (&r);
}

static void
test_unreadable_files (void)
{
  g_autofree char *text = tern_test_fixture ("text.mp4");
  g_autofree char *empty = tern_test_fixture ("empty.mp4");
  g_autofree char *missing = g_build_filename (tern_test_fixture_dir (), "gone.mp4", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  RunResult r = { 0 };
  JsonObject *root;

  run_tern (&r, "--json", "--media", text, "--media", empty, "--media", missing, "Hi", NULL);
  g_assert_cmpint (r.status, ==, 1);
  root = parse_json (parser, r.out);
  g_assert_cmpstr (json_object_get_string_member (problem_at (media_at (root, 0), 0), "code"), ==, "file-unsupported");
  g_assert_cmpstr (json_object_get_string_member (media_at (root, 0), "kind"), ==, "unknown");
  g_assert_true (json_object_get_null_member (media_at (root, 0), "info"));
  g_assert_cmpstr (json_object_get_string_member (problem_at (media_at (root, 1), 0), "code"), ==, "file-empty");
  g_assert_cmpstr (json_object_get_string_member (problem_at (media_at (root, 2), 0), "code"), ==, "file-not-found");
  run_result_clear (&r);
}

static void
test_alt_text_too_long (void)
{
  g_autofree char *path = tern_test_fixture ("png-as-jpg");
  g_autofree char *alt = g_strnfill (1001, 'a');
  g_autofree char *alt_ok = g_strnfill (1000, 'a');
  g_autoptr(JsonParser) parser = json_parser_new ();
  RunResult r = { 0 };
  JsonObject *media;

  run_tern (&r, "--json", "--media", path, "--alt", alt_ok, "Hi", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_result_clear (&r);

  run_tern (&r, "--json", "--media", path, "--alt", alt, "Hi", NULL);
  g_assert_cmpint (r.status, ==, 1);
  media = media_at (parse_json (parser, r.out), 0);
  g_assert_cmpstr (json_object_get_string_member (media, "kind"), ==, "image");
  g_assert_cmpstr (json_object_get_string_member (media, "mime_type"), ==, "image/png");
  g_assert_cmpstr (json_object_get_string_member (problem_at (media, 0), "code"), ==, "alt-text-too-long");
  run_result_clear (&r);
}

static void
test_too_many_images (void)
{
  g_autofree char *p = tern_test_fixture ("png-as-jpg");
  g_autoptr(JsonParser) parser = json_parser_new ();
  RunResult r = { 0 };
  JsonObject *last;

  run_tern (&r, "--json", "--media", p, "--media", p, "--media", p, "--media", p, "--media", p, "Five", NULL);
  g_assert_cmpint (r.status, ==, 1);
  last = media_at (parse_json (parser, r.out), 4);
  g_assert_cmpstr (json_object_get_string_member (problem_at (last, 0), "code"), ==, "media-mix");
  run_result_clear (&r);
}

static void
test_text_report (void)
{
  g_autofree char *bad = tern_test_fixture ("fps90");
  g_autofree char *good = tern_test_fixture ("gif-small");
  RunResult r = { 0 };

  if (bad == NULL)
    return;
  run_tern (&r, "--media", bad, "Fast", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "error: This video has 90 frames per second; X accepts at most 60."));
  g_assert_nonnull (strstr (r.err, "cannot be posted"));
  run_result_clear (&r);

  run_tern (&r, "--media", good, "A GIF", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "animated GIF, 16×16, 4 frames"));
  g_assert_nonnull (strstr (r.out, "ready to post"));
  run_result_clear (&r);
}

static void
test_alt_without_media (void)
{
  RunResult r = { 0 };

  run_tern (&r, "--alt", "Lost description", "Hi", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--media FILE first"));
  run_result_clear (&r);
}

static void
test_convert_command (void)
{
  g_autofree char *bad = tern_test_fixture ("fps90");
  g_autofree char *out = g_build_filename (tern_test_fixture_dir (), "fps90-cli.mp4", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  RunResult r = { 0 };

  if (bad == NULL)
    return;
  g_ptr_array_add (argv, (char *) g_getenv ("TERN_BIN"));
  g_ptr_array_add (argv, (char *) "convert");
  g_ptr_array_add (argv, bad);
  g_ptr_array_add (argv, out);
  run_argv (&r, argv);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Saved"));
  g_assert_nonnull (strstr (r.err, "Converting… 100 %"));
  run_result_clear (&r);

  /* The copy passes the dry run. */
  run_tern (&r, "--media", out, "Smooth now", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "ready to post"));
  run_result_clear (&r);

  /* A text file cannot be converted, and says so. */
  g_ptr_array_set_size (argv, 0);
  g_ptr_array_add (argv, (char *) g_getenv ("TERN_BIN"));
  g_ptr_array_add (argv, (char *) "convert");
  g_ptr_array_add (argv, tern_test_fixture ("text.mp4"));
  g_ptr_array_add (argv, out);
  run_argv (&r, argv);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "not an image or a video"));
  g_free (argv->pdata[2]);
  run_result_clear (&r);
}

/* `tern convert` makes a phone photo fit: the copy passes the dry run;
 * the dry run names the orientation and says which copy to make. */
static void
test_convert_photo_command (void)
{
  g_autofree char *photo = tern_test_fixture ("photo-12mp.jpg");
  g_autofree char *out = g_build_filename (tern_test_fixture_dir (), "photo-cli.jpg", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  RunResult r = { 0 };

  if (photo == NULL)
    return;

  run_tern (&r, "--media", photo, "--alt", "A red stripe over grey noise", "Holiday", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "EXIF orientation 6"));
  g_assert_nonnull (strstr (r.out, "tern convert"));
  g_assert_nonnull (strstr (r.out, "COPY.jpg"));
  run_result_clear (&r);

  g_ptr_array_add (argv, (char *) g_getenv ("TERN_BIN"));
  g_ptr_array_add (argv, (char *) "convert");
  g_ptr_array_add (argv, photo);
  g_ptr_array_add (argv, out);
  run_argv (&r, argv);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Saved"));
  g_assert_nonnull (strstr (r.out, "3000×4000"));
  run_result_clear (&r);

  run_tern (&r, "--media", out, "--alt", "A red stripe over grey noise", "Holiday", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "ready to post"));
  run_result_clear (&r);

  /* An out-of-range quality is refused before anything is written. */
  g_ptr_array_set_size (argv, 0);
  g_ptr_array_add (argv, (char *) g_getenv ("TERN_BIN"));
  g_ptr_array_add (argv, (char *) "convert");
  g_ptr_array_add (argv, (char *) "--quality=20");
  g_ptr_array_add (argv, photo);
  g_ptr_array_add (argv, out);
  run_argv (&r, argv);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "between 50 and 100"));
  run_result_clear (&r);
}

/* Media without a description: a warning on stderr, which does not stop
 * the post; described media get none. */
static void
test_missing_alt_warning (void)
{
  g_autofree char *photo = tern_test_fixture ("photo.jpg");
  RunResult r = { 0 };

  if (photo == NULL)
    return;
  run_tern (&r, "--media", photo, "Look", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "no description"));
  g_assert_nonnull (strstr (r.err, "--alt"));
  run_result_clear (&r);

  run_tern (&r, "--media", photo, "--alt", "Colour bars", "Look", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.err, "no description"));
  run_result_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-media/good-video-json", test_good_video_json);
  g_test_add_func ("/cli-media/bad-video-json", test_bad_video_json);
  g_test_add_func ("/cli-media/warning-does-not-block", test_warning_does_not_block);
  g_test_add_func ("/cli-media/unreadable-files", test_unreadable_files);
  g_test_add_func ("/cli-media/alt-text-too-long", test_alt_text_too_long);
  g_test_add_func ("/cli-media/too-many-images", test_too_many_images);
  g_test_add_func ("/cli-media/text-report", test_text_report);
  g_test_add_func ("/cli-media/alt-without-media", test_alt_without_media);
  g_test_add_func ("/cli-media/convert-command", test_convert_command);
  g_test_add_func ("/cli-media/convert-photo-command", test_convert_photo_command);
  g_test_add_func ("/cli-media/missing-alt-warning", test_missing_alt_warning);

  ret = g_test_run ();
  tern_test_fixtures_cleanup ();
  return ret;
}
