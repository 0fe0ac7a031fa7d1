/* tern-cli-login.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "tern-cli-private.h"
#include "core/auth/tern-account-manager.h"
#include "core/auth/tern-oauth.h"
#include "core/tern-x.h"

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  TernAccount  *account;
  GError       *error;
  gboolean      ok;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->account);
  g_clear_error (&run->error);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  Run *run = user_data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static TernAccountManager *
load_manager (void)
{
  g_autoptr(TernAccountManager) manager = tern_account_manager_new_default ();
  g_autoptr(GError) error = NULL;

  if (!tern_account_manager_load (manager, &error))
    {
      tern_cli_print_error ("%s", error->message);
      return NULL;
    }
  return g_steal_pointer (&manager);
}

/* The redirect URI set in the app's settings, when its schema is
 * installed; the default otherwise. */
static char *
configured_redirect_uri (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "redirect-uri"))
    return g_strdup (TERN_OAUTH_DEFAULT_REDIRECT_URI);

  settings = g_settings_new (APPLICATION_ID);
  return g_settings_get_string (settings, "redirect-uri");
}

static char *
read_secret_file (const char  *path,
                  GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  /* A trailing newline from an editor or `echo` is not part of the secret. */
  while (length > 0 && g_ascii_isspace (contents[length - 1]))
    contents[--length] = '\0';
  if (length == 0 || strlen (contents) != length)
    {
      tern_secret_free (g_steal_pointer (&contents));
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s does not hold a client secret. Put the secret from the X developer portal in it, on one line."),
                   path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

static void
print_uri (TernOAuth  *oauth,
           const char *uri,
           gpointer    user_data)
{
  fprintf (stderr, "%s\n", _("Open this address in a browser and approve Tern:"));
  fflush (stderr);
  /* On a line of its own, so a script can pick it up. */
  printf ("%s\n", uri);
  fflush (stdout);
  fprintf (stderr, "%s\n", _("Waiting for X (up to 5 minutes; press Ctrl+C to cancel)…"));
}

static void
launch_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TernOAuth) oauth = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    tern_oauth_open_failed (oauth, error);
}

static void
open_browser (TernOAuth  *oauth,
              const char *uri,
              gpointer    user_data)
{
  fprintf (stderr, "%s\n%s\n", _("Opening X in your browser. If nothing opens, visit:"), uri);
  fprintf (stderr, "%s\n", _("Waiting for X (up to 5 minutes; press Ctrl+C to cancel)…"));
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launch_cb, g_object_ref (oauth));
}

static void
forgotten_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!tern_account_manager_remove_finish (TERN_ACCOUNT_MANAGER (source), result, &error))
    g_debug ("could not revoke the sign-in that was not stored: %s", error->message);
  g_main_loop_quit (run->loop);
}

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;

  run->account = tern_oauth_sign_in_finish (TERN_OAUTH (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

int
tern_cli_login (int   argc,
                char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TernAccountManager) manager = NULL;
  g_autoptr(TernOAuth) oauth = NULL;
  g_autofree char *api_base = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *secret_file = NULL;
  g_autofree char *redirect_uri = NULL;
  g_autofree char *handle = NULL;
  char *client_secret = NULL;
  gboolean no_browser = FALSE;
  guint sigint_id, sigterm_id;
  Run run = { 0 };
  int status;
  const GOptionEntry entries[] = {
    { "api-base", 0, 0, G_OPTION_ARG_STRING, &api_base,
      N_("The API to sign in to (default: https://api.x.com)"), N_("URL") },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &client_id,
      N_("Your X app's OAuth 2.0 client ID"), N_("ID") },
    { "client-secret-file", 0, 0, G_OPTION_ARG_FILENAME, &secret_file,
      N_("A file holding the client secret (confidential clients only)"), N_("FILE") },
    { "redirect-uri", 0, 0, G_OPTION_ARG_STRING, &redirect_uri,
      N_("The loopback redirect URI registered for the app"), N_("URI") },
    { "no-browser", 0, 0, G_OPTION_ARG_NONE, &no_browser,
      N_("Print the consent address instead of opening a browser"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— sign in to X"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      tern_cli_print_error ("%s", error->message);
      return 2;
    }
  if (argc > 1)
    {
      tern_cli_print_error (_("“tern login” takes no arguments; see “tern login --help”."));
      return 2;
    }

  manager = load_manager ();
  if (manager == NULL)
    return 1;

  if (api_base == NULL)
    api_base = g_strdup (TERN_X_API_BASE);
  while (g_str_has_suffix (api_base, "/") && strlen (api_base) > 1)
    api_base[strlen (api_base) - 1] = '\0';

  /* Signing in again reuses the client of an account on the same API. */
  if (client_id == NULL)
    {
      TernAccount *active = tern_account_manager_get_active (manager);

      if (active != NULL && g_strcmp0 (tern_account_get_api_base (active), api_base) == 0)
        client_id = g_strdup (tern_account_get_client_id (active));
    }
  /* A build for a distribution may carry an X app of its own, for X. */
  if (client_id == NULL && X_CLIENT_ID[0] != '\0' && tern_x_is_official_api_base (api_base))
    client_id = g_strdup (X_CLIENT_ID);
  if (client_id == NULL || client_id[0] == '\0')
    {
      tern_cli_print_error (_("Give your X app's OAuth 2.0 client ID: tern login --client-id ID "
                              "(the X developer portal shows it under Keys and tokens)."));
      return 2;
    }

  if (secret_file != NULL)
    {
      client_secret = read_secret_file (secret_file, &error);
      if (client_secret == NULL)
        {
          tern_cli_print_error ("%s", error->message);
          return 2;
        }
    }

  if (redirect_uri == NULL)
    redirect_uri = configured_redirect_uri ();

  oauth = tern_oauth_new (manager, api_base, client_id, client_secret, redirect_uri);
  tern_secret_free (g_steal_pointer (&client_secret));
  tern_oauth_set_open_func (oauth, no_browser ? print_uri : open_browser, NULL, NULL);

  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &run);

  tern_oauth_sign_in_async (oauth, run.cancellable, sign_in_cb, &run);
  g_main_loop_run (run.loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (run.account == NULL)
    {
      tern_cli_print_error ("%s", run.error->message);
      status = g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? 130 : 1;
      run_clear (&run);
      return status;
    }

  if (tern_oauth_get_store_error (oauth) != NULL)
    {
      /* This process ends here, and the sign-in with it: nothing is left
       * in the account list, and X is told to forget the tokens. */
      tern_cli_print_error ("%s", tern_oauth_get_store_error (oauth)->message);
      tern_cli_print_error ("%s", _("X accepted the sign-in, but Tern cannot keep it without the keyring, so it ends with this command. Set up or unlock the keyring (such as GNOME Keyring), then sign in again."));
      tern_account_set_ephemeral (run.account, TRUE);
      if (!tern_account_manager_save (manager, &error))
        g_debug ("could not drop the sign-in that was not stored: %s", error->message);
      tern_account_manager_remove_async (manager, run.account, NULL, forgotten_cb, &run);
      g_main_loop_run (run.loop);
      run_clear (&run);
      return 1;
    }

  handle = tern_account_dup_handle (run.account);
  /* TRANSLATORS: first %s is @username, second the account's display name, third the API */
  fprintf (stderr, _("Signed in as %s (%s) at %s.\n"), handle,
           tern_account_get_name (run.account) ? tern_account_get_name (run.account) : "",
           tern_account_get_api_base (run.account));
  run_clear (&run);
  return 0;
}

static void
print_accounts_json (TernAccountManager *manager)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  TernAccount *active = tern_account_manager_get_active (manager);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (manager));

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TernAccount) account = g_list_model_get_item (G_LIST_MODEL (manager), i);
      struct { const char *name; const char *value; } members[] = {
        { "id", tern_account_get_id (account) },
        { "username", tern_account_get_username (account) },
        { "name", tern_account_get_name (account) },
        { "avatar_url", tern_account_get_avatar_url (account) },
        { "api_base", tern_account_get_api_base (account) },
        { "client_id", tern_account_get_client_id (account) },
      };

      json_builder_begin_object (builder);
      for (guint j = 0; j < G_N_ELEMENTS (members); j++)
        {
          json_builder_set_member_name (builder, members[j].name);
          if (members[j].value != NULL)
            json_builder_add_string_value (builder, members[j].value);
          else
            json_builder_add_null_value (builder);
        }
      json_builder_set_member_name (builder, "active");
      json_builder_add_boolean_value (builder, account == active);
      json_builder_set_member_name (builder, "needs_sign_in");
      json_builder_add_boolean_value (builder, tern_account_get_needs_sign_in (account));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  printf ("%s\n", json);
}

int
tern_cli_accounts (int   argc,
                   char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TernAccountManager) manager = NULL;
  gboolean json = FALSE;
  TernAccount *active;
  guint n;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the accounts as JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— list the accounts Tern is signed in to"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      tern_cli_print_error ("%s", error->message);
      return 2;
    }

  manager = load_manager ();
  if (manager == NULL)
    return 1;

  if (json)
    {
      print_accounts_json (manager);
      return 0;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (manager));
  if (n == 0)
    {
      fprintf (stderr, "%s\n", _("No accounts yet. Sign in with “tern login --client-id ID”."));
      return 0;
    }

  active = tern_account_manager_get_active (manager);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TernAccount) account = g_list_model_get_item (G_LIST_MODEL (manager), i);
      g_autofree char *handle = tern_account_dup_handle (account);

      /* handle, name, id, API; then flags. Tab-separated for scripts. */
      printf ("%s\t%s\t%s\t%s%s%s\n", handle,
              tern_account_get_name (account) ? tern_account_get_name (account) : "",
              tern_account_get_id (account),
              tern_account_get_api_base (account),
              account == active ? _("\tactive") : "",
              tern_account_get_needs_sign_in (account) ? _("\tneeds sign-in (tern login)") : "");
    }
  return 0;
}

static void
remove_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;

  run->ok = tern_account_manager_remove_finish (TERN_ACCOUNT_MANAGER (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

int
tern_cli_logout (int   argc,
                 char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TernAccountManager) manager = NULL;
  g_autofree char *handle = NULL;
  TernAccount *account;
  Run run = { 0 };

  context = g_option_context_new (_("NAME — sign out of X and forget the account"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("NAME is the account's @username or id, as “tern accounts” lists them."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      tern_cli_print_error ("%s", error->message);
      return 2;
    }
  if (argc != 2)
    {
      tern_cli_print_error (_("Name one account to sign out, such as “tern logout @username”; “tern accounts” lists them."));
      return 2;
    }

  manager = load_manager ();
  if (manager == NULL)
    return 1;

  account = tern_account_manager_find (manager, argv[1]);
  if (account == NULL)
    {
      tern_cli_print_error (_("No account is named “%s”. “tern accounts” lists the accounts."), argv[1]);
      return 1;
    }

  handle = tern_account_dup_handle (account);
  run.loop = g_main_loop_new (NULL, FALSE);
  tern_account_manager_remove_async (manager, account, NULL, remove_cb, &run);
  g_main_loop_run (run.loop);

  if (!run.ok)
    {
      tern_cli_print_error ("%s", run.error->message);
      run_clear (&run);
      return 1;
    }

  fprintf (stderr, _("Signed out %s; Tern no longer keeps its sign-in.\n"), handle);
  run_clear (&run);
  return 0;
}
