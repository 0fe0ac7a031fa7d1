/* tern-sender.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-sender"

#include "config.h"

#include <glib/gi18n.h>

#include "core/send/tern-post.h"
#include "tern-attach.h"
#include "tern-sender.h"
#include "tern-ui-utils.h"
#include "core/tern-x.h"
#include "core/tern-utils.h"

struct _TernSender
{
  GObject         parent_instance;

  TernComposer   *composer;        /* weak */
  TernClient     *client;          /* set by hand (tests), else ... */
  TernAccountManager *manager;     /* ... the active account's */
  TernClient     *account_client;
  TernDraftStore *store;
  TernPost       *post;
  GCancellable   *cancellable;
  char           *last_url;
  gboolean        cancelled;       /* Cancel was pressed during this send */
  gboolean        alt_confirmed;   /* "Post without" was answered */
  GtkWidget      *alt_question;    /* weak: the question, while it shows */
};

G_DEFINE_FINAL_TYPE (TernSender, tern_sender, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ACCOUNT_MANAGER,
  PROP_DRAFT_STORE,
  PROP_SENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

/* Toasts go to the overlay the composer sits in. */
static void
toast (TernSender *self,
       AdwToast   *toast)
{
  GtkWidget *overlay = self->composer != NULL
                       ? gtk_widget_get_ancestor (GTK_WIDGET (self->composer), ADW_TYPE_TOAST_OVERLAY)
                       : NULL;

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* The client posts go through: the one set with tern_sender_set_client(),
 * else the active account's (the account keeps one client while it is
 * used: one session, and its single refresh in flight). */
static TernClient *
get_client (TernSender   *self,
            TernAccount **account_out)
{
  TernAccount *account;

  *account_out = NULL;
  if (self->client != NULL)
    return self->client;

  account = self->manager != NULL ? tern_account_manager_get_active (self->manager) : NULL;
  if (account == NULL)
    return NULL;

  g_clear_object (&self->account_client);
  self->account_client = tern_account_dup_client (account);
  *account_out = account;
  return self->account_client;
}

static TernPostEditor *
editor_of_attachment (TernSender     *self,
                      TernAttachment *attachment)
{
  for (guint i = 0; i < tern_composer_get_n_editors (self->composer); i++)
    {
      TernPostEditor *editor = tern_composer_get_editor (self->composer, i);

      if (tern_attach_get_tile (editor, attachment) != NULL)
        return editor;
    }
  return NULL;
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
  for (guint i = 0; i < tern_composer_get_n_editors (self->composer); i++)
    tern_attach_clear_progress (tern_composer_get_editor (self->composer, i));
}

/* A toast with a View button that opens @url. */
static AdwToast *
toast_with_view (const char *title,
                 const char *url)
{
  AdwToast *t = adw_toast_new (title);

  if (url != NULL)
    {
      adw_toast_set_button_label (t, _("_View"));
      adw_toast_set_action_name (t, "win.open-uri");
      adw_toast_set_action_target_value (t, g_variant_new_string (url));
    }
  return t;
}

/* Whether a create went out for a post of @draft and X's answer never
 * came: whether it exists is not known. */
static gboolean
has_unanswered_intent (TernDraft *draft)
{
  guint n = g_list_model_get_n_items (tern_draft_get_posts (draft));

  for (guint i = 0; i < n; i++)
    {
      TernDraftPost *post = tern_draft_get_post (draft, i);

      if (tern_draft_post_get_posted_id (post) == NULL && tern_draft_post_get_intent (post) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* A failure stays on screen until it is read; it goes once the user
 * tries again, so the new outcome can be seen. */
static void
dismiss_failure (TernSender *self)
{
  if (self->composer != NULL)
    tern_composer_show_error (self->composer, NULL, NULL, NULL);
}

/* Signal callbacks */

/* Another draft in the composer: a failure's Try Again would post that
 * one, so the failure goes (its reason stays in its draft, in the list). */
static void
composer_draft_cb (TernSender *self)
{
  dismiss_failure (self);
}

static void
post_progress_cb (TernSender *self,
                  GParamSpec *pspec,
                  TernPost   *post)
{
  g_autofree char *status = describe_phase (self);

  if (status != NULL && self->composer != NULL)
    tern_composer_set_status (self->composer, status);
}

static void
upload_started_cb (TernSender *self,
                   TernUpload *upload,
                   TernPost   *post)
{
  TernAttachment *attachment = tern_upload_get_attachment (upload);
  TernPostEditor *editor = self->composer != NULL ? editor_of_attachment (self, attachment) : NULL;

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

  if (self->composer == NULL)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
      return;
    }

  clear_tile_progress (self);
  tern_composer_set_sending (self->composer, FALSE);

  if (ok)
    {
      TernDraftPost *first = tern_draft_get_post (draft, 0);
      const char *api_base = tern_client_get_api_base (tern_post_get_client (post));
      guint n = g_list_model_get_n_items (tern_draft_get_posts (draft));
      g_autoptr(TernDraft) fresh = tern_draft_new ();
      TernDraftStore *store = self->store;
      AdwToast *done;

      gboolean adopted = FALSE;

      for (guint i = 0; i < n; i++)
        adopted = adopted || tern_post_get_adopted (post, i);

      g_free (self->last_url);
      self->last_url = tern_x_post_url (api_base, tern_post_get_username (post),
                                        tern_draft_post_get_posted_id (first));

      /* Cancel came after the post had gone out, or the post was found
       * among the account's: it exists, and that is what is said. */
      if (self->cancelled || adopted)
        done = toast_with_view (n > 1 ? _("The thread was posted") : _("It was posted"),
                                self->last_url);
      else
        done = toast_with_view (n > 1 ? _("Thread posted") : _("Posted"), self->last_url);
      adw_toast_set_timeout (done, 8);
      toast (self, done);

      /* A clean page for the next post; the sent draft is gone from disk. */
      if (store != NULL)
        tern_draft_store_watch (store, fresh);
      tern_composer_set_draft (self->composer, fresh);
      tern_composer_set_status (self->composer, NULL);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      guint n = g_list_model_get_n_items (tern_draft_get_posts (draft));
      guint made = 0;
      AdwToast *stopped;

      for (guint i = 0; i < n; i++)
        if (tern_draft_post_get_posted_id (tern_draft_get_post (draft, i)) != NULL)
          made++;

      if (made > 0)
        {
          const char *api_base = tern_client_get_api_base (tern_post_get_client (post));
          g_autofree char *title =
            /* TRANSLATORS: a one-line toast: posts made of the thread's */
            g_strdup_printf (_("Posting stopped after %u of %u; the rest is kept"),
                             made, n);

          g_free (self->last_url);
          self->last_url = tern_x_post_url (api_base, tern_post_get_username (post),
                                            tern_draft_post_get_posted_id (tern_draft_get_post (draft, 0)));
          stopped = toast_with_view (title, self->last_url);
          tern_composer_set_status (self->composer, _("Partly posted"));
        }
      else if (has_unanswered_intent (draft))
        {
          /* X's answer never came and the look failed: say so, and that
           * posting again looks first. */
          tern_composer_show_error (self->composer,
                                    _("Posting stopped. Tern could not tell whether X got the post; posting again looks for it first, so it is not posted twice."),
                                    _("_Try Again"), "win.post");
          stopped = adw_toast_new (_("Posting stopped"));
          tern_composer_set_status (self->composer, _("Not confirmed"));
        }
      else
        {
          /* Toasts stay one line; the status line says the rest. */
          stopped = adw_toast_new (_("Posting stopped; the draft is kept"));
          tern_composer_set_status (self->composer, _("Not posted"));
        }
      adw_toast_set_timeout (stopped, 6);
      toast (self, stopped);
    }
  else
    {
      g_autofree char *title = NULL;

      /* The message from TernPost says what happened and what to do; the
       * draft, with the posts already made, stays for another try. The
       * whole message is shown, wrapped, in the composer's banner: a
       * cut-off "what to do" is no use. */
      if (has_unanswered_intent (draft))
        {
          /* Maybe posted: the message says so, and trying again is safe. */
          title = g_strdup (error->message);
          /* The create went out and X's answer was an error or never
           * came: "Not posted" could be wrong, and trying again is safe. */
          tern_composer_set_status (self->composer, _("Not confirmed by X. Trying again checks for it first."));
        }
      else
        {
          title = g_strdup_printf (_("Not posted: %s"), error->message);
          tern_composer_set_status (self->composer, _("Not posted. Your draft is kept."));
        }
      tern_composer_show_error (self->composer, title, _("_Try Again"), "win.post");
    }

  tern_composer_focus (self->composer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
}

/* GObject */

static void
tern_sender_dispose (GObject *object)
{
  TernSender *self = (TernSender *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->composer != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->composer), (gpointer *) &self->composer);
  self->composer = NULL;
  g_clear_weak_pointer (&self->alt_question);
  g_clear_object (&self->client);
  g_clear_object (&self->account_client);
  g_clear_object (&self->manager);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tern_sender_parent_class)->dispose (object);
}

static void
tern_sender_finalize (GObject *object)
{
  TernSender *self = (TernSender *)object;

  g_clear_object (&self->cancellable);
  g_free (self->last_url);

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
    case PROP_ACCOUNT_MANAGER:
      g_value_set_object (value, self->manager);
      break;
    case PROP_DRAFT_STORE:
      g_value_set_object (value, self->store);
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
    case PROP_ACCOUNT_MANAGER:
      tern_sender_set_account_manager (self, g_value_get_object (value));
      break;
    case PROP_DRAFT_STORE:
      tern_sender_set_store (self, g_value_get_object (value));
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
  properties[PROP_ACCOUNT_MANAGER] =
    g_param_spec_object ("account-manager", NULL, NULL, TERN_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFT_STORE] =
    g_param_spec_object ("draft-store", NULL, NULL, TERN_TYPE_DRAFT_STORE,
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
 * @composer: the #TernComposer whose draft is sent
 *
 * Returns: (transfer full): a sender; the composer's window owns it
 */
TernSender *
tern_sender_new (TernComposer *composer)
{
  TernSender *self;

  g_return_val_if_fail (TERN_IS_COMPOSER (composer), NULL);

  self = g_object_new (TERN_TYPE_SENDER, NULL);
  self->composer = composer;
  g_object_add_weak_pointer (G_OBJECT (composer), (gpointer *) &self->composer);
  g_signal_connect_object (composer, "notify::draft", G_CALLBACK (composer_draft_cb), self,
                           G_CONNECT_SWAPPED);
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

  tern_set_object (self, (gpointer *) &self->client, client, properties[PROP_CLIENT]);
}

/**
 * tern_sender_get_account_manager:
 *
 * Returns: (transfer none) (nullable): the accounts whose active one posts
 */
TernAccountManager *
tern_sender_get_account_manager (TernSender *self)
{
  g_return_val_if_fail (TERN_IS_SENDER (self), NULL);

  return self->manager;
}

/**
 * tern_sender_set_account_manager:
 * @manager: (nullable): the accounts; without a client set by hand, the
 *   active one posts
 */
void
tern_sender_set_account_manager (TernSender         *self,
                                 TernAccountManager *manager)
{
  g_return_if_fail (TERN_IS_SENDER (self));
  g_return_if_fail (manager == NULL || TERN_IS_ACCOUNT_MANAGER (manager));

  tern_set_object (self, (gpointer *) &self->manager, manager, properties[PROP_ACCOUNT_MANAGER]);
}

/**
 * tern_sender_get_store:
 *
 * Returns: (transfer none) (nullable): where sent drafts are deleted from
 */
TernDraftStore *
tern_sender_get_store (TernSender *self)
{
  g_return_val_if_fail (TERN_IS_SENDER (self), NULL);

  return self->store;
}

/**
 * tern_sender_set_store:
 * @store: (nullable): where the draft is saved (the window binds the
 *   application's)
 */
void
tern_sender_set_store (TernSender     *self,
                       TernDraftStore *store)
{
  g_return_if_fail (TERN_IS_SENDER (self));
  g_return_if_fail (store == NULL || TERN_IS_DRAFT_STORE (store));

  tern_set_object (self, (gpointer *) &self->store, store, properties[PROP_DRAFT_STORE]);
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

/* ---- the missing-description question --------------------------------- */

static gboolean
alt_reminder_wanted (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "warn-missing-alt-text"))
    return FALSE;
  settings = g_settings_new (APPLICATION_ID);
  return g_settings_get_boolean (settings, "warn-missing-alt-text");
}

/* The attachments of the posts still to send that have no description;
 * the first one in *@first. */
static guint
count_missing_alt (TernDraft       *draft,
                   TernAttachment **first)
{
  GListModel *posts = tern_draft_get_posts (draft);
  guint missing = 0;

  *first = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (posts); i++)
    {
      g_autoptr(TernDraftPost) post = g_list_model_get_item (posts, i);
      GListModel *attachments = tern_draft_post_get_attachments (post);

      if (tern_draft_post_get_posted_id (post) != NULL)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (attachments); j++)
        {
          g_autoptr(TernAttachment) attachment = g_list_model_get_item (attachments, j);
          const char *alt = tern_attachment_get_alt_text (attachment);

          if (alt != NULL && *alt != '\0')
            continue;
          if (missing++ == 0)
            *first = attachment;
        }
    }
  return missing;
}

static gboolean
send_after_question_cb (gpointer user_data)
{
  TernSender *self = user_data;

  if (self->composer != NULL && self->alt_confirmed)
    tern_sender_send (self);
  return G_SOURCE_REMOVE;
}

static void
alt_question_gone_cb (TernSender *self)
{
  g_idle_add_full (G_PRIORITY_LOW, send_after_question_cb, g_object_ref (self), g_object_unref);
}

static void
alt_question_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          TernSender       *self)
{
  TernAttachment *first = NULL;

  g_clear_weak_pointer (&self->alt_question);
  if (self->composer == NULL)
    return;
  if (g_strcmp0 (response, "post") == 0)
    {
      /* Sent once the question is gone and the window has its focus
       * back, not while the focus moves back into the text. */
      self->alt_confirmed = TRUE;
      g_signal_connect_object (dialog, "destroy", G_CALLBACK (alt_question_gone_cb), self, G_CONNECT_SWAPPED);
      return;
    }
  /* "Add descriptions": start with the first that has none. */
  if (count_missing_alt (tern_composer_get_draft (self->composer), &first) > 0)
    {
      TernPostEditor *editor = editor_of_attachment (self, first);
      TernAttachmentTile *tile = editor ? tern_attach_get_tile (editor, first) : NULL;

      if (tile != NULL)
        tern_attachment_tile_describe (tile);
    }
}

/* Asks once, before sending, when images or videos have no description:
 * people who use screen readers cannot know what they show. */
static void
ask_about_missing_alt (TernSender *self,
                       guint       missing)
{
  AdwMessageDialog *dialog;
  GtkRoot *root;
  g_autofree char *body = NULL;

  if (self->alt_question != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->alt_question));
      return;
    }
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u image or video has no description (alt text). People who use a screen reader will not know what it shows.",
                                       "%u images or videos have no description (alt text). People who use a screen reader will not know what they show.",
                                       missing),
                          missing);
  root = gtk_widget_get_root (GTK_WIDGET (self->composer));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Post Without Descriptions?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "post", _("_Post Without"),
                                    "add", _("_Add Descriptions"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_close_response (dialog, "add");
  g_signal_connect_object (dialog, "response", G_CALLBACK (alt_question_response_cb), self, 0);
  g_set_weak_pointer (&self->alt_question, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * tern_sender_send:
 *
 * Sends the composer's draft, unless it is already being sent or cannot be
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

  if (self->composer == NULL || self->post != NULL)
    return;

  composer = self->composer;
  draft = tern_composer_get_draft (composer);
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

  {
    TernAttachment *first = NULL;
    guint missing;

    if (!self->alt_confirmed && alt_reminder_wanted () &&
        (missing = count_missing_alt (draft, &first)) > 0)
      {
        ask_about_missing_alt (self, missing);
        return;
      }
    /* The answer holds for this Post only. */
    self->alt_confirmed = FALSE;
  }

  client = get_client (self, &account);
  if (client == NULL || (account != NULL && tern_account_get_needs_sign_in (account)))
    {
      t = adw_toast_new (account != NULL
                         ? _("Sign in to X again to post. Your draft is kept.")
                         : _("Sign in to X to post. Your draft is kept."));
      adw_toast_set_timeout (t, 6);
      if (self->manager != NULL)
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
  tern_post_set_store (self->post, self->store);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->post, "notify::phase", G_CALLBACK (post_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->post, "notify::current-index", G_CALLBACK (post_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->post, "notify::status-message", G_CALLBACK (post_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->post, "upload-started", G_CALLBACK (upload_started_cb), self, G_CONNECT_SWAPPED);

  dismiss_failure (self);
  self->cancelled = FALSE;
  tern_composer_set_sending (composer, TRUE);
  tern_composer_set_status (composer, _("Checking the draft…"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);

  tern_post_send_async (self->post, self->cancellable, send_done_cb, g_object_ref (self));
}

/**
 * tern_sender_cancel:
 *
 * Stops sending. Posts already made stay made and are marked so in the
 * draft; the rest of the draft is kept for another try. A post already on
 * its way to X is not taken back: sending stops once X has answered (or
 * Tern has looked for it), and the window says whether it exists.
 */
void
tern_sender_cancel (TernSender *self)
{
  g_return_if_fail (TERN_IS_SENDER (self));

  if (self->post == NULL)
    return;
  self->cancelled = TRUE;
  /* A post already on its way is not taken back: X's answer decides what
   * is said, then sending stops. */
  if (tern_post_get_phase (self->post) == TERN_POST_PHASE_CREATE ||
      tern_post_get_phase (self->post) == TERN_POST_PHASE_CHECK_DUPLICATE)
    tern_composer_set_status (self->composer,
                              _("Stopping once X answers about the post on its way…"));
  else
    tern_composer_set_status (self->composer, _("Stopping…"));
  g_cancellable_cancel (self->cancellable);
}
