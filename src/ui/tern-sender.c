/* tern-sender.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-sender"

#include "config.h"

#include <glib/gi18n.h>

#include "core/tern-post.h"
#include "tern-application.h"
#include "tern-attach.h"
#include "tern-sender.h"
#include "tern-window.h"

#define X_API_BASE "https://api.x.com"

struct _TernSender
{
  GObject         parent_instance;

  TernWindow     *window;          /* weak */
  TernClient     *client;          /* set by hand (tests), else ... */
  TernAccount    *account;         /* ... the active account's */
  TernClient     *account_client;
  TernDraftStore *store;
  TernPost       *post;
  GCancellable   *cancellable;
  char           *last_url;
  AdwToast       *failure_toast;   /* weak: stays until dismissed */
  char           *post_label;
  char           *post_tooltip;
  gboolean        cancelled;
};

G_DEFINE_FINAL_TYPE (TernSender, tern_sender, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_SENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
toast (TernSender *self,
       AdwToast   *toast)
{
  if (self->window != NULL)
    tern_window_add_toast (self->window, toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static TernDraftStore *
get_store (TernSender *self)
{
  GtkApplication *app;

  if (self->store != NULL)
    return self->store;
  if (self->window == NULL)
    return NULL;
  app = gtk_window_get_application (GTK_WINDOW (self->window));
  return TERN_IS_APPLICATION (app) ? tern_application_get_draft_store (TERN_APPLICATION (app)) : NULL;
}

static TernAccountManager *
get_account_manager (TernSender *self)
{
  GtkApplication *app = self->window != NULL ? gtk_window_get_application (GTK_WINDOW (self->window)) : NULL;

  return TERN_IS_APPLICATION (app) ? tern_application_get_account_manager (TERN_APPLICATION (app)) : NULL;
}

/* The client posts go through: the one set with tern_sender_set_client(),
 * else one for the active account, made once per account (one session
 * per account, and its single refresh in flight). */
static TernClient *
get_client (TernSender   *self,
            TernAccount **account_out)
{
  TernAccountManager *manager;
  TernAccount *account;

  *account_out = NULL;
  if (self->client != NULL)
    return self->client;

  manager = get_account_manager (self);
  account = manager != NULL ? tern_account_manager_get_active (manager) : NULL;
  if (account == NULL)
    return NULL;

  if (self->account != account)
    {
      g_set_object (&self->account, account);
      g_clear_object (&self->account_client);
      self->account_client = tern_client_new (tern_account_get_api_base (account),
                                              TERN_TOKEN_SOURCE (account));
    }
  *account_out = account;
  return self->account_client;
}

static TernPostEditor *
editor_of_attachment (TernSender     *self,
                      TernAttachment *attachment)
{
  TernComposer *composer = tern_window_get_composer (self->window);

  for (guint i = 0; i < tern_composer_get_n_editors (composer); i++)
    {
      TernPostEditor *editor = tern_composer_get_editor (composer, i);

      if (tern_attach_get_tile (editor, attachment) != NULL)
        return editor;
    }
  return NULL;
}

/* Everything the user could change stays still while the draft goes out:
 * the texts, the attachments, the thread. The window itself (menus,
 * moving, resizing, Cancel) keeps working. */
static void
set_locked (TernSender *self,
            gboolean    locked)
{
  TernComposer *composer = tern_window_get_composer (self->window);
  GtkWidget *button = tern_composer_get_post_button (composer);

  for (guint i = 0; i < tern_composer_get_n_editors (composer); i++)
    {
      TernPostEditor *editor = tern_composer_get_editor (composer, i);
      gboolean posted = tern_draft_post_get_posted_id (tern_post_editor_get_post (editor)) != NULL;

      tern_attach_set_locked (editor, locked);
      gtk_text_view_set_editable (tern_post_editor_get_text_view (editor), !locked && !posted);
      gtk_widget_set_can_target (GTK_WIDGET (editor), !locked);
      gtk_widget_set_can_focus (GTK_WIDGET (editor), !locked);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (composer), "composer.add-post", !locked);
  /* What the thread replies to, quotes and lets reply is sent with it. */
  gtk_widget_set_sensitive (tern_composer_get_thread_options (composer), !locked);

  if (locked)
    {
      g_free (self->post_label);
      self->post_label = g_strdup (gtk_button_get_label (GTK_BUTTON (button)));
      g_free (self->post_tooltip);
      self->post_tooltip = g_strdup (gtk_widget_get_tooltip_text (button));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.cancel-post");
      gtk_button_set_label (GTK_BUTTON (button), _("_Cancel"));
      gtk_widget_set_tooltip_text (button, _("Stop Posting and Keep the Draft (Esc)"));
      gtk_widget_remove_css_class (button, "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (composer), "sending");
      gtk_widget_grab_focus (button);
    }
  else
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.post");
      if (self->post_label != NULL)
        gtk_button_set_label (GTK_BUTTON (button), self->post_label);
      gtk_widget_set_tooltip_text (button, self->post_tooltip);
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_widget_remove_css_class (GTK_WIDGET (composer), "sending");
    }
}

static char *
describe_phase (TernSender *self)
{
  TernPost *post = self->post;
  const char *message = tern_post_get_status_message (post);
  guint n = g_list_model_get_n_items (tern_draft_get_posts (tern_post_get_draft (post)));
  guint index = MIN (tern_post_get_current_index (post) + 1, n);

  /* Retries and waits say best what is happening. */
  if (message != NULL)
    return g_strdup (message);

  switch (tern_post_get_phase (post))
    {
    case TERN_POST_PHASE_VALIDATE:
      return g_strdup (_("Checking the draft…"));
    case TERN_POST_PHASE_ACCOUNT:
      return g_strdup (_("Connecting to X…"));
    case TERN_POST_PHASE_UPLOAD:
      if (n > 1)
        return g_strdup_printf (_("Uploading media for post %u of %u…"), index, n);
      return g_strdup (_("Uploading media…"));
    case TERN_POST_PHASE_CREATE:
      if (n > 1)
        return g_strdup_printf (_("Posting %u of %u…"), index, n);
      return g_strdup (_("Posting…"));
    case TERN_POST_PHASE_CHECK_DUPLICATE:
      return g_strdup (_("Checking whether X already has the post…"));
    case TERN_POST_PHASE_DONE:
      return g_strdup (_("Posted"));
    case TERN_POST_PHASE_NONE:
    case TERN_POST_PHASE_FAILED:
    default:
      return NULL;
    }
}

static void
clear_tile_progress (TernSender *self)
{
  TernComposer *composer = tern_window_get_composer (self->window);

  for (guint i = 0; i < tern_composer_get_n_editors (composer); i++)
    tern_attach_clear_progress (tern_composer_get_editor (composer, i));
}

static void
open_uri (TernSender *self,
          const char *uri)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

  gtk_uri_launcher_launch (launcher, self->window != NULL ? GTK_WINDOW (self->window) : NULL,
                           NULL, NULL, NULL);
  G_GNUC_END_IGNORE_DEPRECATIONS
#else
  gtk_show_uri (self->window != NULL ? GTK_WINDOW (self->window) : NULL, uri, GDK_CURRENT_TIME);
#endif
}

/* A failure stays on screen until it is read; it goes once the user
 * tries again, so the new outcome can be seen. */
static void
dismiss_failure (TernSender *self)
{
  AdwToast *failed = self->failure_toast;

  if (failed == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (failed), (gpointer *) &self->failure_toast);
  self->failure_toast = NULL;
  adw_toast_dismiss (failed);
}

/* Signal callbacks */

static void
view_clicked_cb (AdwToast   *toast,
                 TernSender *self)
{
  const char *uri = g_object_get_data (G_OBJECT (toast), "tern-uri");

  if (uri != NULL)
    open_uri (self, uri);
}

static void
retry_clicked_cb (AdwToast   *toast,
                  TernSender *self)
{
  if (self->window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->window), "win.post", NULL);
}

static void
post_progress_cb (TernSender *self,
                  GParamSpec *pspec,
                  TernPost   *post)
{
  g_autofree char *status = describe_phase (self);

  if (status != NULL && self->window != NULL)
    tern_composer_set_status (tern_window_get_composer (self->window), status);
}

static void
upload_started_cb (TernSender *self,
                   TernUpload *upload,
                   TernPost   *post)
{
  TernAttachment *attachment = tern_upload_get_attachment (upload);
  TernPostEditor *editor = self->window != NULL ? editor_of_attachment (self, attachment) : NULL;

  if (editor != NULL)
    tern_attach_follow_upload (editor, upload);
}

static void
send_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TernSender) self = user_data;
  g_autoptr(TernPost) post = g_steal_pointer (&self->post);
  g_autoptr(GError) error = NULL;
  TernDraft *draft = tern_post_get_draft (post);
  gboolean ok;

  ok = tern_post_send_finish (post, result, &error);
  g_signal_handlers_disconnect_by_data (post, self);
  g_clear_object (&self->cancellable);

  if (self->window == NULL)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
      return;
    }

  clear_tile_progress (self);
  set_locked (self, FALSE);

  if (ok)
    {
      TernDraftPost *first = tern_draft_get_post (draft, 0);
      const char *api_base = tern_client_get_api_base (tern_post_get_client (post));
      guint n = g_list_model_get_n_items (tern_draft_get_posts (draft));
      g_autoptr(TernDraft) fresh = tern_draft_new ();
      TernDraftStore *store = get_store (self);
      AdwToast *done;

      g_free (self->last_url);
      self->last_url = tern_sender_post_url (api_base, tern_post_get_username (post),
                                             tern_draft_post_get_posted_id (first));

      done = adw_toast_new (n > 1 ? _("Thread posted") : _("Posted"));
      adw_toast_set_timeout (done, 8);
      if (self->last_url != NULL)
        {
          adw_toast_set_button_label (done, _("_View"));
          g_object_set_data_full (G_OBJECT (done), "tern-uri", g_strdup (self->last_url), g_free);
          g_signal_connect_object (done, "button-clicked", G_CALLBACK (view_clicked_cb), self, 0);
        }
      toast (self, done);

      /* A clean page for the next post; the sent draft is gone from disk. */
      if (store != NULL)
        tern_draft_store_watch (store, fresh);
      tern_window_set_draft (self->window, fresh);
      tern_composer_set_status (tern_window_get_composer (self->window), NULL);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      AdwToast *stopped = adw_toast_new (_("Posting stopped. Your draft is kept; post again when you are ready."));

      tern_composer_set_status (tern_window_get_composer (self->window), _("Not posted"));
      adw_toast_set_timeout (stopped, 6);
      toast (self, stopped);
    }
  else
    {
      g_autofree char *title = NULL;
      GtkWidget *label;
      AdwToast *failed;

      /* The message from TernPost says what happened and what to do; the
       * draft, with the posts already made, stays for another try. The
       * whole message is shown, wrapped: a cut-off "what to do" is no use. */
      title = g_strdup_printf (_("Not posted: %s"), error->message);
      tern_composer_set_status (tern_window_get_composer (self->window), _("Not posted. Your draft is kept."));
      failed = adw_toast_new (title);
      label = gtk_label_new (title);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      adw_toast_set_custom_title (failed, label);
      adw_toast_set_timeout (failed, 0);
      adw_toast_set_priority (failed, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_button_label (failed, _("_Try Again"));
      g_signal_connect_object (failed, "button-clicked", G_CALLBACK (retry_clicked_cb), self, 0);
      dismiss_failure (self);
      self->failure_toast = failed;
      g_object_add_weak_pointer (G_OBJECT (failed), (gpointer *) &self->failure_toast);
      toast (self, failed);
    }

  tern_composer_focus (tern_window_get_composer (self->window));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
}

/* GObject */

static void
tern_sender_dispose (GObject *object)
{
  TernSender *self = (TernSender *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->failure_toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->failure_toast), (gpointer *) &self->failure_toast);
  self->failure_toast = NULL;
  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
  g_clear_object (&self->client);
  g_clear_object (&self->account_client);
  g_clear_object (&self->account);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tern_sender_parent_class)->dispose (object);
}

static void
tern_sender_finalize (GObject *object)
{
  TernSender *self = (TernSender *)object;

  g_clear_object (&self->cancellable);
  g_free (self->last_url);
  g_free (self->post_label);
  g_free (self->post_tooltip);

  G_OBJECT_CLASS (tern_sender_parent_class)->finalize (object);
}

static void
tern_sender_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TernSender *self = TERN_SENDER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_SENDING:
      g_value_set_boolean (value, tern_sender_get_sending (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_sender_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TernSender *self = TERN_SENDER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      tern_sender_set_client (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_sender_class_init (TernSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tern_sender_dispose;
  object_class->finalize = tern_sender_finalize;
  object_class->get_property = tern_sender_get_property;
  object_class->set_property = tern_sender_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TERN_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SENDING] =
    g_param_spec_boolean ("sending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tern_sender_init (TernSender *self)
{
}

/* Public API */

/**
 * tern_sender_new:
 * @window: the #TernWindow whose draft is sent
 *
 * Returns: (transfer full): a sender; the window owns it
 */
TernSender *
tern_sender_new (GtkWidget *window)
{
  TernSender *self;

  g_return_val_if_fail (TERN_IS_WINDOW (window), NULL);

  self = g_object_new (TERN_TYPE_SENDER, NULL);
  self->window = TERN_WINDOW (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  return self;
}

/**
 * tern_sender_get_client:
 *
 * Returns: (transfer none) (nullable): the client of the account posts go to
 */
TernClient *
tern_sender_get_client (TernSender *self)
{
  g_return_val_if_fail (TERN_IS_SENDER (self), NULL);

  return self->client;
}

/**
 * tern_sender_set_client:
 * @client: (nullable): the signed-in account's client, or %NULL when no
 *   one is signed in
 */
void
tern_sender_set_client (TernSender *self,
                        TernClient *client)
{
  g_return_if_fail (TERN_IS_SENDER (self));
  g_return_if_fail (client == NULL || TERN_IS_CLIENT (client));

  if (g_set_object (&self->client, client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

/**
 * tern_sender_get_store:
 *
 * Returns: (transfer none) (nullable): the store set with
 *   tern_sender_set_store(), else the application's
 */
TernDraftStore *
tern_sender_get_store (TernSender *self)
{
  g_return_val_if_fail (TERN_IS_SENDER (self), NULL);

  return get_store (self);
}

/**
 * tern_sender_set_store:
 * @store: (nullable): where the draft is saved; by default the
 *   application's store
 */
void
tern_sender_set_store (TernSender     *self,
                       TernDraftStore *store)
{
  g_return_if_fail (TERN_IS_SENDER (self));

  g_set_object (&self->store, store);
}

gboolean
tern_sender_get_sending (TernSender *self)
{
  g_return_val_if_fail (TERN_IS_SENDER (self), FALSE);

  return self->post != NULL;
}

/**
 * tern_sender_get_last_url:
 *
 * Returns: (nullable): the address of the last post made, for "View"
 */
const char *
tern_sender_get_last_url (TernSender *self)
{
  g_return_val_if_fail (TERN_IS_SENDER (self), NULL);

  return self->last_url;
}

/**
 * tern_sender_send:
 *
 * Sends the window's draft, unless it is already being sent or cannot be
 * posted as it is.
 */
void
tern_sender_send (TernSender *self)
{
  TernComposer *composer;
  TernDraft *draft;
  TernClient *client;
  TernAccount *account = NULL;
  AdwToast *t;

  g_return_if_fail (TERN_IS_SENDER (self));

  if (self->window == NULL || self->post != NULL)
    return;

  composer = tern_window_get_composer (self->window);
  draft = tern_window_get_draft (self->window);
  if (draft == NULL || !tern_composer_get_valid (composer))
    return;

  for (guint i = 0; i < tern_composer_get_n_editors (composer); i++)
    if (tern_attach_get_busy (tern_composer_get_editor (composer, i)))
      {
        t = adw_toast_new (_("Still reading the attached files. Post again in a moment."));
        adw_toast_set_timeout (t, 4);
        toast (self, t);
        return;
      }

  client = get_client (self, &account);
  if (client == NULL || (account != NULL && tern_account_get_needs_sign_in (account)))
    {
      t = adw_toast_new (account != NULL
                         ? _("Sign in to X again to post. Your draft is kept.")
                         : _("Sign in to X to post. Your draft is kept."));
      adw_toast_set_timeout (t, 6);
      if (g_action_group_has_action (G_ACTION_GROUP (self->window), "sign-in"))
        {
          adw_toast_set_button_label (t, _("_Sign In"));
          adw_toast_set_action_name (t, "win.sign-in");
        }
      toast (self, t);
      return;
    }

  /* The draft remembers where it goes, as `tern post` does. */
  if (account != NULL && tern_draft_get_account (draft) == NULL)
    tern_draft_set_account (draft, tern_account_get_id (account));

  self->post = tern_post_new (client, draft);
  tern_post_set_store (self->post, get_store (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->post, "notify::phase", G_CALLBACK (post_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->post, "notify::current-index", G_CALLBACK (post_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->post, "notify::status-message", G_CALLBACK (post_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->post, "upload-started", G_CALLBACK (upload_started_cb), self, G_CONNECT_SWAPPED);

  dismiss_failure (self);
  set_locked (self, TRUE);
  tern_composer_set_status (composer, _("Checking the draft…"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);

  tern_post_send_async (self->post, self->cancellable, send_done_cb, g_object_ref (self));
}

/**
 * tern_sender_cancel:
 *
 * Stops sending. Posts already made stay made and are marked so in the
 * draft; the rest of the draft is kept for another try.
 */
void
tern_sender_cancel (TernSender *self)
{
  g_return_if_fail (TERN_IS_SENDER (self));

  if (self->post == NULL)
    return;
  tern_composer_set_status (tern_window_get_composer (self->window), _("Stopping…"));
  g_cancellable_cancel (self->cancellable);
}

/**
 * tern_sender_post_url:
 * @api_base: the API the post went to
 * @username: (nullable): the account's username
 * @id: (nullable): the post's id
 *
 * Returns: (transfer full) (nullable): the address of the post on the web
 */
char *
tern_sender_post_url (const char *api_base,
                      const char *username,
                      const char *id)
{
  if (id == NULL || *id == '\0')
    return NULL;

  if (api_base == NULL || g_str_equal (api_base, X_API_BASE) ||
      g_str_equal (api_base, "https://api.twitter.com"))
    {
      if (username != NULL && *username != '\0')
        return g_strdup_printf ("https://x.com/%s/status/%s", username, id);
      /* X redirects this to the post whoever wrote it. */
      return g_strdup_printf ("https://x.com/i/web/status/%s", id);
    }

  /* Another API (the sandbox): its post, as that API shows it. */
  return g_strdup_printf ("%s/2/tweets/%s", api_base, id);
}
