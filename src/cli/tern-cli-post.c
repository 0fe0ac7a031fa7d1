/* tern-cli-post.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "tern-cli-private.h"
#include "core/tern-text.h"

static char *
read_text_file (const char  *path,
                GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) memory = NULL;

  if (g_strcmp0 (path, "-") == 0)
    stream = g_unix_input_stream_new (0, FALSE);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
      stream = G_INPUT_STREAM (g_file_read (file, NULL, error));
      if (stream == NULL)
        return NULL;
    }

  memory = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (memory, stream,
                              G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              NULL, error) < 0)
    return NULL;

  /* NUL-terminate what was read. */
  {
    gsize size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory));
    char *data = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
    data = g_realloc (data, size + 1);
    data[size] = '\0';
    /* A byte order mark tells the encoding of the file; it is not part of
     * the text (and X would refuse U+FEFF). */
    if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
      memmove (data, data + 3, size - 2);
    return data;
  }
}

static void
print_parse_json (const TernTextParse *parse)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "weighted_length");
  json_builder_add_int_value (builder, parse->weighted_length);
  json_builder_set_member_name (builder, "valid");
  json_builder_add_boolean_value (builder, parse->valid);
  json_builder_set_member_name (builder, "permillage");
  json_builder_add_int_value (builder, parse->permillage);
  json_builder_set_member_name (builder, "display_range_start");
  json_builder_add_int_value (builder, parse->display_range_start);
  json_builder_set_member_name (builder, "display_range_end");
  json_builder_add_int_value (builder, parse->display_range_end);
  json_builder_set_member_name (builder, "valid_range_start");
  json_builder_add_int_value (builder, parse->valid_range_start);
  json_builder_set_member_name (builder, "valid_range_end");
  json_builder_add_int_value (builder, parse->valid_range_end);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  printf ("%s\n", json);
}

int
tern_cli_post (int   argc,
               char *argv[])
{
  gboolean dry_run = FALSE;
  gboolean json = FALSE;
  g_autofree char *text_file = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  TernTextParse parse;
  const GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Check the post and send nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print results as JSON"), NULL },
    { "text-file", 0, 0, G_OPTION_ARG_FILENAME, &text_file, N_("Read the text from FILE, or - for standard input"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("[TEXT] — post to X"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      tern_cli_print_error ("%s", error->message);
      return 2;
    }

  if (text_file != NULL && argc > 1)
    {
      tern_cli_print_error (_("Give the text either as an argument or with --text-file, not both."));
      return 2;
    }
  if (argc > 2)
    {
      tern_cli_print_error (_("Too many arguments: put the text in quotes."));
      return 2;
    }

  if (text_file != NULL)
    {
      text = read_text_file (text_file, &error);
      if (text == NULL)
        {
          tern_cli_print_error (_("Could not read the text: %s"), error->message);
          return 1;
        }
    }
  else if (argc == 2)
    text = g_strdup (argv[1]);
  else
    text = g_strdup ("");

  if (!g_utf8_validate (text, -1, NULL))
    {
      tern_cli_print_error (_("The text is not valid UTF-8."));
      return 1;
    }

  tern_text_parse (text, &parse);

  if (!dry_run)
    {
      tern_cli_print_error (_("Posting is not available in this version yet; use --dry-run to check a post."));
      return 1;
    }

  if (json)
    print_parse_json (&parse);
  else if (parse.valid)
    printf (_("The post is ready: %d of %d characters.\n"),
            parse.weighted_length, TERN_TEXT_MAX_WEIGHTED_LENGTH);

  if (!parse.valid)
    {
      if (!json)
        {
          if (parse.weighted_length > TERN_TEXT_MAX_WEIGHTED_LENGTH)
            tern_cli_print_error (_("The post is %d characters long; X accepts at most %d. Shorten it by %d."),
                                  parse.weighted_length, TERN_TEXT_MAX_WEIGHTED_LENGTH,
                                  parse.weighted_length - TERN_TEXT_MAX_WEIGHTED_LENGTH);
          else if (parse.weighted_length == 0)
            tern_cli_print_error (_("The post is empty: write some text."));
          else
            tern_cli_print_error (_("The post contains characters X does not accept (U+FFFE, U+FEFF or U+FFFF): remove them."));
        }
      return 1;
    }

  return 0;
}
