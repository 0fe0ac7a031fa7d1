/* tern-post.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-post"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-post.h"
#include "tern-x.h"
#include "tern-referenced-post.h"
#include "tern-sniff.h"
#include "tern-subtitles-upload.h"
#include "tern-text.h"
#include "tern-untrusted.h"
#include "tern-utils.h"

/* Sends a draft: checks everything locally first, then walks the thread,
 * uploading each post's media and creating the post as a reply to the one
 * before. Each created id goes into the draft at once, so a later send
 * resumes after it.
 *
 * Before every create request, what is about to be created (the request
 * itself and the time) is written into the draft and synced to disk: the
 * intent. Whatever then happens (a lost answer, a cancel, a crash, a kill),
 * an intent without a posted id means X may have the post. Such a post is
 * never blindly sent again: the account's latest posts are looked at first,
 * and a match (same text as X shows it, same reply target and quote, same
 * media) is adopted as the created post. */

#define MAX_CREATE_ATTEMPTS 3
#define GUARD_LOOKBACK 50
/* How much older than the intent (by X's clock) a post may be and still be
 * the one it asked for: clocks disagree a little. */
#define GUARD_CLOCK_SLACK_SECONDS (10 * 60)

/* Why the account's latest posts are being looked at. */
typedef enum
{
  GUARD_EARLIER_INTENT,  /* an intent left by an earlier send, unanswered */
  GUARD_LOST_ANSWER,     /* this send's create got no clear answer */
  GUARD_DUPLICATE,       /* X refused the post as a duplicate */
  GUARD_STOPPED,         /* cancelled while the create was in flight */
} GuardReason;

struct _TernPost
{
  GObject          parent_instance;

  TernClient      *client;
  TernDraft       *draft;
  TernDraftStore  *store;

  guint            parallelism;
  guint            chunk_size;
  guint            processing_wait_cap;

  GTask           *task;
  TernPostPhase    phase;
  char            *status_message;
  char            *user_id;
  char            *username;

  GPtrArray       *checks;        /* TernAttachment to sniff and measure */
  guint            check_index;
  guint            reference_index;  /* 0: the reply target, 1: the quote */

  guint            index;         /* the post being sent */
  guint            attachment_index;
  GPtrArray       *media_ids;
  TernUpload      *upload;
  guint            create_attempts;
  GuardReason      guard_reason;
  GError          *create_error;
  JsonNode        *create_body;
  GCancellable    *own_cancellable;   /* cancelled only on dispose */
  GHashTable      *adopted;           /* indexes + 1 of posts found, not made */
  gboolean         check_only;
};

static void post_sniff_next (TernPost *self);
static void post_measure_next (TernPost *self);
static void post_subtitles_check_next (TernPost *self);
static void post_account (TernPost *self);
static void post_next (TernPost *self);
static void post_references_next (TernPost *self);
static void post_upload_next (TernPost *self);
static void post_create (TernPost *self);
static void post_check_duplicate (TernPost    *self,
                                  GuardReason  reason);
static void post_finish (TernPost *self);

G_DEFINE_FINAL_TYPE (TernPost, tern_post, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TernPostPhase, tern_post_phase,
  G_DEFINE_ENUM_VALUE (TERN_POST_PHASE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (TERN_POST_PHASE_VALIDATE, "validate"),
  G_DEFINE_ENUM_VALUE (TERN_POST_PHASE_ACCOUNT, "account"),
  G_DEFINE_ENUM_VALUE (TERN_POST_PHASE_UPLOAD, "upload"),
  G_DEFINE_ENUM_VALUE (TERN_POST_PHASE_CREATE, "create"),
  G_DEFINE_ENUM_VALUE (TERN_POST_PHASE_CHECK_DUPLICATE, "check-duplicate"),
  G_DEFINE_ENUM_VALUE (TERN_POST_PHASE_DONE, "done"),
  G_DEFINE_ENUM_VALUE (TERN_POST_PHASE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_DRAFT,
  PROP_PHASE,
  PROP_CURRENT_INDEX,
  PROP_N_POSTS,
  PROP_CURRENT_UPLOAD,
  PROP_STATUS_MESSAGE,
  PROP_USERNAME,
  N_PROPS
};

enum {
  UPLOAD_STARTED,
  POST_CREATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static guint
n_posts (TernDraft *draft)
{
  return g_list_model_get_n_items (tern_draft_get_posts (draft));
}

static char *
attachment_name (TernAttachment *attachment)
{
  return g_file_get_basename (tern_attachment_get_file (attachment));
}

/* "Post 2 of 3: …" in a thread, the message alone for a single post. */
static GError *
post_error_new (TernDraft       *draft,
                guint            index,
                TernClientError  code,
                const char      *message)
{
  guint n = n_posts (draft);

  if (n > 1)
    return g_error_new (TERN_CLIENT_ERROR, code, _("Post %u of %u: %s"), index + 1, n, message);
  return g_error_new_literal (TERN_CLIENT_ERROR, code, message);
}

static void
set_phase (TernPost      *self,
           TernPostPhase  phase)
{
  if (self->phase == phase)
    return;
  self->phase = phase;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

static void
set_status_message (TernPost   *self,
                    const char *message)
{
  if (g_strcmp0 (self->status_message, message) == 0)
    return;
  g_free (self->status_message);
  self->status_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_MESSAGE]);
}

static void
set_index (TernPost *self,
           guint     index)
{
  if (self->index == index)
    return;
  self->index = index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_INDEX]);
}

static void
set_upload (TernPost   *self,
            TernUpload *upload)
{
  if (self->upload == upload)
    return;
  g_set_object (&self->upload, upload);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_UPLOAD]);
}

static GCancellable *
get_cancellable (TernPost *self)
{
  return g_task_get_cancellable (self->task);
}

static void
fail (TernPost *self,
      GError   *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  set_phase (self, TERN_POST_PHASE_FAILED);
  set_upload (self, NULL);
  /* The draft stays, with why it was not posted, for the drafts list. A
   * cancel's own message may be GIO's, so it is said here in Tern's words. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    tern_draft_set_last_error (self->draft, _("Posting was cancelled."));
  else
    tern_draft_set_last_error (self->draft, error->message);
  g_task_return_error (task, error);
}

static void
client_retrying_cb (TernClient *client,
                    const char *message,
                    guint       delay_ms,
                    TernPost   *self)
{
  if (self->task != NULL)
    set_status_message (self, message);
}

static gboolean
error_is_ambiguous (const GError *error)
{
  /* The request may have reached X and been acted on. */
  return g_error_matches (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_NETWORK) ||
         g_error_matches (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_SERVER) ||
         g_error_matches (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE);
}

#define TCO_PREFIX "https://t.co/"
/* 280 characters hold at most 12 links of 23; more is not a post of ours,
 * and would only make the match slow. */
#define MAX_LINKS 16

/* X answers a post's text with HTML entities escaped: undo that, and
 * normalise, before comparing. */
static char *
normalize_text (const char *text)
{
  g_autoptr(GString) s = g_string_new (text ? text : "");
  g_autofree char *nfc = NULL;

  g_string_replace (s, "&lt;", "<", 0);
  g_string_replace (s, "&gt;", ">", 0);
  g_string_replace (s, "&amp;", "&", 0);
  g_strstrip (s->str);
  s->len = strlen (s->str);

  nfc = g_utf8_normalize (s->str, -1, G_NORMALIZE_NFC);
  return nfc ? g_steal_pointer (&nfc) : g_strdup (s->str);
}

/* The length of the t.co link at @p, or 0. */
static gsize
tco_link_length (const char *p)
{
  const char *end;

  if (!g_str_has_prefix (p, TCO_PREFIX))
    return 0;
  for (end = p + strlen (TCO_PREFIX); g_ascii_isalnum (*end); end++)
    ;
  return end == p + strlen (TCO_PREFIX) ? 0 : (gsize) (end - p);
}

/* Removes the last t.co link of @text if the text ends with it (the link X
 * appends for media). */
static gboolean
strip_last_link (GString *text)
{
  const char *last = g_strrstr (text->str, TCO_PREFIX);

  if (last == NULL || (last != text->str && !g_ascii_isspace (last[-1])) ||
      tco_link_length (last) != strlen (last))
    return FALSE;
  g_string_truncate (text, last - text->str);
  g_strchomp (text->str);
  text->len = strlen (text->str);
  return TRUE;
}

/* X shows every link in a text as a t.co link: @seen matches @sent if each
 * t.co link in it stands for some run of @sent without spaces that has a
 * dot (a host), and all the rest is the same. */
static gboolean
texts_match_with_links (const char *sent,
                        const char *seen)
{
  g_autoptr(GString) pattern = g_string_new ("^");
  g_autoptr(GRegex) regex = NULL;
  const char *p = seen, *literal = seen;
  guint links = 0;

  while ((p = strstr (p, TCO_PREFIX)) != NULL)
    {
      gsize length = tco_link_length (p);
      g_autofree char *escaped = NULL;

      if (length == 0)
        {
          p += strlen (TCO_PREFIX);
          continue;
        }
      escaped = g_regex_escape_string (literal, (int) (p - literal));
      g_string_append (pattern, escaped);
      /* a link has a dot in its host */
      g_string_append (pattern, "\\S*?\\.\\S+?");
      p += length;
      literal = p;
      if (++links > MAX_LINKS)
        return FALSE;
    }
  if (links == 0)
    return FALSE;

  {
    g_autofree char *escaped = g_regex_escape_string (literal, -1);

    g_string_append (pattern, escaped);
    g_string_append (pattern, "$");
  }
  regex = g_regex_new (pattern->str, G_REGEX_DOLLAR_ENDONLY, 0, NULL);
  return regex != NULL && g_regex_match (regex, sent, 0, NULL);
}

/**
 * tern_post_texts_match:
 * @sent: the text Tern sent
 * @seen: the text X shows for a post
 *
 * X escapes `&`, `<` and `>` as HTML entities, shows each link as a t.co
 * link, and appends a t.co link for the media of a post.
 *
 * Returns: whether @seen is how X shows @sent
 */
gboolean
tern_post_texts_match (const char *sent,
                       const char *seen)
{
  g_autofree char *a = normalize_text (sent);
  g_autofree char *b = normalize_text (seen);
  g_autoptr(GString) shown = g_string_new (b);

  /* Each trailing link may be the media's, or one of the text's own. */
  do
    {
      if (g_strcmp0 (a, shown->str) == 0 || texts_match_with_links (a, shown->str))
        return TRUE;
    }
  while (strip_last_link (shown));

  return FALSE;
}

static const char *
object_path_string (JsonObject *object,
                    const char *member,
                    const char *inner)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL)
    return NULL;
  if (inner != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), inner);
      if (node == NULL)
        return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The id a post refers to as @type ("replied_to", "quoted"), or NULL. */
static const char *
referenced_id (JsonObject *tweet,
               const char *type)
{
  JsonNode *refs = json_object_get_member (tweet, "referenced_tweets");
  JsonArray *array;

  if (refs == NULL || !JSON_NODE_HOLDS_ARRAY (refs))
    return NULL;
  array = json_node_get_array (refs);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *ref;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      ref = json_node_get_object (node);
      if (g_strcmp0 (object_path_string (ref, "type", NULL), type) == 0)
        return object_path_string (ref, "id", NULL);
    }
  return NULL;
}

/* X's media keys are "<kind>_<media id>". */
static gboolean
media_match (JsonObject *request,
             JsonObject *tweet)
{
  JsonNode *media = json_object_get_member (request, "media");
  JsonNode *ids = NULL, *attachments, *keys = NULL;
  guint n_ids = 0, n_keys = 0;

  if (media != NULL && JSON_NODE_HOLDS_OBJECT (media))
    ids = json_object_get_member (json_node_get_object (media), "media_ids");
  if (ids != NULL && JSON_NODE_HOLDS_ARRAY (ids))
    n_ids = json_array_get_length (json_node_get_array (ids));

  attachments = json_object_get_member (tweet, "attachments");
  if (attachments != NULL && JSON_NODE_HOLDS_OBJECT (attachments))
    keys = json_object_get_member (json_node_get_object (attachments), "media_keys");
  if (keys != NULL && JSON_NODE_HOLDS_ARRAY (keys))
    n_keys = json_array_get_length (json_node_get_array (keys));

  if (n_ids != n_keys)
    return FALSE;

  for (guint i = 0; i < n_ids; i++)
    {
      const char *id = json_array_get_string_element (json_node_get_array (ids), i);
      gboolean found = FALSE;

      for (guint j = 0; !found && id != NULL && j < n_keys; j++)
        {
          JsonNode *element = json_array_get_element (json_node_get_array (keys), j);
          const char *key, *underscore;

          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
            continue;
          key = json_node_get_string (element);
          underscore = strrchr (key, '_');
          found = g_strcmp0 (underscore ? underscore + 1 : key, id) == 0;
        }
      if (!found)
        return FALSE;
    }
  return TRUE;
}

/**
 * tern_post_request_matches:
 * @request: the body of a create request (`text`, `media.media_ids`,
 *   `reply.in_reply_to_tweet_id`, `quote_tweet_id`)
 * @tweet: a post as X shows it in a user's latest posts, with the
 *   `referenced_tweets` and `attachments` fields
 *
 * Returns: whether @tweet is what @request creates: the same text as X shows
 *   it, the same reply target and quote, the same media
 */
gboolean
tern_post_request_matches (JsonObject *request,
                           JsonObject *tweet)
{
  const char *text, *seen;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (tweet != NULL, FALSE);

  text = object_path_string (request, "text", NULL);
  seen = object_path_string (tweet, "text", NULL);

  return g_strcmp0 (object_path_string (request, "reply", "in_reply_to_tweet_id"),
                    referenced_id (tweet, "replied_to")) == 0 &&
         g_strcmp0 (object_path_string (request, "quote_tweet_id", NULL),
                    referenced_id (tweet, "quoted")) == 0 &&
         media_match (request, tweet) &&
         tern_post_texts_match (text ? text : "", seen ? seen : "");
}

/* Replies, quotes, polls, who can reply, subtitles: X's rules for them
 * (tern-post-kinds), and which of them X does not combine. */
static char *
check_post_kinds (TernDraft     *draft,
                  guint          index,
                  TernDraftPost *post,
                  guint          n_attachments)
{
  const char *quote = index == 0 ? tern_draft_get_quote (draft) : NULL;
  GListModel *attachments = tern_draft_post_get_attachments (post);
  g_autoptr(GError) error = NULL;

  if (index == 0 && tern_draft_get_reply_to (draft) != NULL &&
      !tern_x_post_id_is_valid (tern_draft_get_reply_to (draft)))
    return g_strdup (_("The post to reply to is not a post’s number. Paste its address again."));
  if (quote != NULL && !tern_x_post_id_is_valid (quote))
    return g_strdup (_("The post to quote is not a post’s number. Paste its address again."));
  if (index == 0 && !tern_x_reply_settings_is_valid (tern_draft_get_reply_settings (draft)))
    return g_strdup_printf (_("“%s” is not a choice X knows for who can reply. Choose everyone, following, mentionedUsers, verified or subscribers."),
                            tern_draft_get_reply_settings (draft));

  if (!tern_x_check_combination (quote != NULL, tern_draft_post_is_poll (post),
                                 n_attachments, &error))
    return g_strdup (error->message);
  if (tern_draft_post_is_poll (post) &&
      !tern_x_check_poll (tern_draft_post_get_poll_options (post),
                          tern_draft_post_get_poll_duration (post), &error))
    return g_strdup (error->message);

  for (guint j = 0; j < n_attachments; j++)
    {
      g_autoptr(TernAttachment) attachment = g_list_model_get_item (attachments, j);
      GFile *subtitles = tern_attachment_get_subtitles_file (attachment);
      g_autofree char *name = NULL;

      if (subtitles == NULL)
        continue;
      name = attachment_name (attachment);
      if (tern_attachment_get_kind (attachment) != TERN_ATTACHMENT_KIND_VIDEO)
        return g_strdup_printf (_("%s is not a video; X takes subtitles only for videos. Remove the subtitles."),
                                name);
      if (!tern_x_language_code_is_valid (tern_attachment_get_subtitles_language (attachment)))
        return g_strdup_printf (_("The subtitles of %s need a language code such as en or pt-BR. Set their language."),
                                name);
    }

  return NULL;
}

/**
 * tern_post_validate_kinds:
 * @draft: a draft whose attachments' kinds are known
 * @error: return location for a %TERN_CLIENT_ERROR_INVALID_DRAFT
 *
 * Only the part of tern_post_validate_draft() about replies, quotes, polls,
 * who can reply and subtitles, for a report that checks text and media on
 * its own.
 *
 * Returns: whether X accepts them
 */
gboolean
tern_post_validate_kinds (TernDraft  *draft,
                          GError    **error)
{
  guint n;

  g_return_val_if_fail (TERN_IS_DRAFT (draft), FALSE);

  n = n_posts (draft);
  for (guint i = 0; i < n; i++)
    {
      TernDraftPost *post = tern_draft_get_post (draft, i);
      g_autofree char *message = NULL;

      if (tern_draft_post_get_posted_id (post) != NULL)
        continue;
      message = check_post_kinds (draft, i, post,
                                  g_list_model_get_n_items (tern_draft_post_get_attachments (post)));
      if (message != NULL)
        {
          g_propagate_error (error, post_error_new (draft, i, TERN_CLIENT_ERROR_INVALID_DRAFT, message));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * tern_post_validate_draft:
 * @draft: a draft
 * @error: return location for a %TERN_CLIENT_ERROR_INVALID_DRAFT
 *
 * Checks, without any network or file access, what X would refuse in the
 * posts not yet created: weighted text length, media count and mix, alt
 * text length, media whose kind is not known. File sizes are checked when
 * sending.
 *
 * Returns: whether the draft can be sent
 */
gboolean
tern_post_validate_draft (TernDraft  *draft,
                          GError    **error)
{
  guint n;

  g_return_val_if_fail (TERN_IS_DRAFT (draft), FALSE);

  n = n_posts (draft);
  if (n == 0)
    {
      g_set_error_literal (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                           _("The draft has no posts. Write something first."));
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      TernDraftPost *post = tern_draft_get_post (draft, i);
      GListModel *attachments = tern_draft_post_get_attachments (post);
      guint n_attachments = g_list_model_get_n_items (attachments);
      g_autofree TernAttachmentKind *kinds = g_new0 (TernAttachmentKind, MAX (n_attachments, 1));
      g_autoptr(GError) mix_error = NULL;
      const char *text = tern_draft_post_get_text (post);
      TernTextParse parse;
      g_autofree char *message = NULL;

      if (tern_draft_post_get_posted_id (post) != NULL)
        continue;

      if (text == NULL)
        text = "";
      if (!g_utf8_validate (text, -1, NULL))
        message = g_strdup (_("The text is not valid UTF-8. Retype it."));

      tern_text_parse (text, &parse);
      if (message == NULL && parse.weighted_length > TERN_TEXT_MAX_WEIGHTED_LENGTH)
        message = g_strdup_printf (_("The text is %d characters long; X accepts at most %d. Shorten it by %d."),
                                   parse.weighted_length, TERN_TEXT_MAX_WEIGHTED_LENGTH,
                                   parse.weighted_length - TERN_TEXT_MAX_WEIGHTED_LENGTH);
      else if (message == NULL && parse.weighted_length == 0 && tern_draft_post_is_poll (post))
        message = g_strdup (_("The poll has no question. Write it in the post’s text."));
      else if (message == NULL && parse.weighted_length == 0 && n_attachments == 0)
        message = g_strdup (_("The post is empty. Write some text or attach media."));
      else if (message == NULL && !parse.valid && parse.weighted_length > 0)
        message = g_strdup (_("The text contains characters X does not accept (U+FFFE, U+FEFF or U+FFFF). Remove them."));

      for (guint j = 0; message == NULL && j < n_attachments; j++)
        {
          g_autoptr(TernAttachment) attachment = g_list_model_get_item (attachments, j);
          const char *alt_text = tern_attachment_get_alt_text (attachment);
          g_autofree char *name = attachment_name (attachment);

          kinds[j] = tern_x_mix_kind (tern_attachment_get_kind (attachment),
                                      tern_attachment_get_mime_type (attachment));
          if (kinds[j] == TERN_ATTACHMENT_KIND_UNKNOWN)
            message = g_strdup_printf (_("%s is not an image, GIF or video X accepts (%s). Attach another file."),
                                       name,
                                       tern_attachment_get_mime_type (attachment)
                                         ? tern_attachment_get_mime_type (attachment)
                                         : _("unknown type"));

          if (message == NULL && alt_text != NULL &&
              g_utf8_strlen (alt_text, -1) > TERN_UPLOAD_MAX_ALT_TEXT)
            message = g_strdup_printf (_("The alt text of %s is %ld characters long; X accepts at most %d. Shorten it."),
                                       name, g_utf8_strlen (alt_text, -1), TERN_UPLOAD_MAX_ALT_TEXT);
        }

      if (message == NULL && !tern_x_check_media_mix (kinds, n_attachments, &mix_error))
        message = g_strdup (mix_error->message);

      if (message == NULL)
        message = check_post_kinds (draft, i, post, n_attachments);

      if (message != NULL)
        {
          g_propagate_error (error, post_error_new (draft, i, TERN_CLIENT_ERROR_INVALID_DRAFT, message));
          return FALSE;
        }
    }

  return TRUE;
}

/* Validate: sniff attachments whose kind is not known, check the rules,
 * then each file's size. Nothing goes to the network before this is done. */

static void
collect_checks (TernPost *self)
{
  guint n = n_posts (self->draft);

  g_clear_pointer (&self->checks, g_ptr_array_unref);
  self->checks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      TernDraftPost *post = tern_draft_get_post (self->draft, i);
      GListModel *attachments = tern_draft_post_get_attachments (post);

      if (tern_draft_post_get_posted_id (post) != NULL)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (attachments); j++)
        g_ptr_array_add (self->checks, g_list_model_get_item (attachments, j));
    }
}

static void
sniff_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TernPost) self = user_data;
  TernAttachment *attachment = g_ptr_array_index (self->checks, self->check_index);
  g_autoptr(GError) error = NULL;
  g_autofree char *mime_type = NULL;
  TernAttachmentKind kind = TERN_ATTACHMENT_KIND_UNKNOWN;

  if (!tern_sniff_file_finish (G_FILE (object), result, &kind, &mime_type, &error))
    {
      g_autofree char *name = attachment_name (attachment);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, g_steal_pointer (&error));
      else
        fail (self, g_error_new (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                                 _("Could not read %s (%s). Check that the file still exists, or remove it from the post."),
                                 name, error->message));
      return;
    }

  tern_attachment_set_kind (attachment, kind);
  tern_attachment_set_mime_type (attachment, mime_type);
  self->check_index++;
  post_sniff_next (self);
}

static void
post_sniff_next (TernPost *self)
{
  g_autoptr(GError) error = NULL;

  for (; self->check_index < self->checks->len; self->check_index++)
    {
      TernAttachment *attachment = g_ptr_array_index (self->checks, self->check_index);

      if (tern_attachment_get_kind (attachment) == TERN_ATTACHMENT_KIND_UNKNOWN ||
          tern_attachment_get_mime_type (attachment) == NULL)
        {
          tern_sniff_file_async (tern_attachment_get_file (attachment), get_cancellable (self),
                                 sniff_cb, g_object_ref (self));
          return;
        }
    }

  if (!tern_post_validate_draft (self->draft, &error))
    {
      fail (self, g_steal_pointer (&error));
      return;
    }

  self->check_index = 0;
  post_measure_next (self);
}

static void
measure_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TernPost) self = user_data;
  TernAttachment *attachment = g_ptr_array_index (self->checks, self->check_index);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = attachment_name (attachment);
  goffset size, limit;
  const char *what;

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (info == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, g_steal_pointer (&error));
      else
        fail (self, g_error_new (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                                 _("Could not read %s (%s). Check that the file still exists, or remove it from the post."),
                                 name, error->message));
      return;
    }

  size = g_file_info_get_size (info);
  switch (tern_attachment_get_kind (attachment))
    {
    case TERN_ATTACHMENT_KIND_GIF:
      limit = TERN_POST_MAX_GIF_BYTES;
      what = _("an animated GIF");
      break;
    case TERN_ATTACHMENT_KIND_VIDEO:
      limit = TERN_POST_MAX_VIDEO_BYTES;
      what = _("a video");
      break;
    case TERN_ATTACHMENT_KIND_IMAGE:
    case TERN_ATTACHMENT_KIND_UNKNOWN:
    default:
      limit = TERN_POST_MAX_IMAGE_BYTES;
      what = _("an image");
      break;
    }

  if (size <= 0)
    {
      fail (self, g_error_new (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                               _("%s is empty. Attach another file."), name));
      return;
    }
  if (size > limit)
    {
      g_autofree char *have = g_format_size (size);
      g_autofree char *most = g_format_size (limit);

      fail (self, g_error_new (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_INVALID_DRAFT,
                               _("%s is %s; X accepts at most %s for %s. Attach a smaller file."),
                               name, have, most, what));
      return;
    }

  self->check_index++;
  post_measure_next (self);
}

static void
post_measure_next (TernPost *self)
{
  if (self->check_index < self->checks->len)
    {
      TernAttachment *attachment = g_ptr_array_index (self->checks, self->check_index);

      g_file_query_info_async (tern_attachment_get_file (attachment),
                               G_FILE_ATTRIBUTE_STANDARD_SIZE,
                               G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                               get_cancellable (self), measure_cb, g_object_ref (self));
      return;
    }

  self->check_index = 0;
  post_subtitles_check_next (self);
}

static void
subtitles_checked_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(TernPost) self = user_data;
  GError *error = NULL;

  if (!tern_subtitles_check_finish (result, NULL, &error))
    {
      fail (self, error);
      return;
    }
  self->check_index++;
  post_subtitles_check_next (self);
}

/* Subtitle files parse (their fit to the video's length is the media
 * check's: it knows the length). */
static void
post_subtitles_check_next (TernPost *self)
{
  for (; self->check_index < self->checks->len; self->check_index++)
    {
      TernAttachment *attachment = g_ptr_array_index (self->checks, self->check_index);

      if (tern_attachment_get_subtitles_file (attachment) != NULL)
        {
          tern_subtitles_check_async (attachment, get_cancellable (self),
                                      subtitles_checked_cb, g_object_ref (self));
          return;
        }
    }

  g_clear_pointer (&self->checks, g_ptr_array_unref);
  if (self->check_only)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      set_phase (self, TERN_POST_PHASE_NONE);
      g_task_return_boolean (task, TRUE);
      return;
    }
  post_account (self);
}

/* Account: who posts, for the duplicate guard and for the post addresses. */

/* X's usernames are letters, digits and underscores; anything else (a
 * slash, an escape) must not reach an address or a terminal. */
static gboolean
username_is_valid (const char *username)
{
  if (*username == '\0' || strlen (username) > 50)
    return FALSE;
  for (const char *p = username; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static void
account_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TernPost) self = user_data;
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;
  JsonObject *user;
  const char *id, *username;

  data = tern_client_send_finish (TERN_CLIENT (object), result, &error);
  if (data == NULL)
    {
      fail (self, error);
      return;
    }
  user = tern_client_get_object (data, &error);
  if (user == NULL)
    {
      fail (self, error);
      return;
    }
  id = tern_untrusted_json_id (user, "id");
  username = tern_untrusted_json_string (user, "username");
  if (username != NULL && !username_is_valid (username))
    username = NULL;
  if (id == NULL)
    {
      fail (self, g_error_new_literal (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE,
                                       _("X did not say which account is signed in. Try again in a few minutes.")));
      return;
    }
  g_free (self->user_id);
  self->user_id = g_strdup (id);
  if (g_strcmp0 (self->username, username) != 0)
    {
      g_free (self->username);
      self->username = g_strdup (username);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
    }

  self->reference_index = 0;
  post_references_next (self);
}

static void
post_account (TernPost *self)
{
  if (self->user_id != NULL)
    {
      self->reference_index = 0;
      post_references_next (self);
      return;
    }
  set_phase (self, TERN_POST_PHASE_ACCOUNT);
  tern_client_get_json_async (self->client, "/2/users/me", TERN_CLIENT_FLAGS_IDEMPOTENT,
                              get_cancellable (self), account_cb, g_object_ref (self));
}

/* The posts the thread replies to and quotes must still be there: a post
 * deleted or hidden since it was chosen gets a clear message before
 * anything is uploaded. */

static void
reference_fetched_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(TernPost) self = user_data;
  g_autoptr(TernReferencedPost) post = NULL;
  g_autoptr(GError) error = NULL;

  post = tern_referenced_post_fetch_finish (result, &error);
  if (post == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, g_steal_pointer (&error));
      else
        {
          g_autofree char *message =
            g_strdup_printf (self->reference_index == 0
                               ? _("Cannot reply: %s")
                               : _("Cannot quote: %s"),
                             error->message);
          fail (self, g_error_new_literal (TERN_CLIENT_ERROR, error->code, message));
        }
      return;
    }

  self->reference_index++;
  post_references_next (self);
}

static void
post_references_next (TernPost *self)
{
  gboolean first_pending =
    tern_draft_post_get_posted_id (tern_draft_get_post (self->draft, 0)) == NULL;

  for (; first_pending && self->reference_index < 2; self->reference_index++)
    {
      const char *id = self->reference_index == 0 ? tern_draft_get_reply_to (self->draft)
                                                  : tern_draft_get_quote (self->draft);

      if (id != NULL)
        {
          tern_referenced_post_fetch_async (self->client, id, get_cancellable (self),
                                            reference_fetched_cb, g_object_ref (self));
          return;
        }
    }

  set_index (self, 0);
  post_next (self);
}

/* The thread, one post at a time. */

/* Whether @post has an unanswered intent that still describes it. One
 * whose text was changed since is another post now: the person saw that
 * the earlier one was not confirmed and rewrote it, so the rewrite is
 * posted rather than the earlier text adopted (which would drop it). */
static gboolean
intent_is_current (TernDraftPost *post)
{
  JsonObject *intent = tern_draft_post_get_intent (post);
  const char *sent;

  if (intent == NULL)
    return FALSE;
  sent = object_path_string (json_object_get_object_member (intent, "request"), "text", NULL);
  if (g_strcmp0 (sent ? sent : "", tern_draft_post_get_text (post)) == 0)
    return TRUE;
  g_debug ("the post was rewritten since its unanswered intent; posting the new text");
  tern_draft_post_set_intent (post, NULL);
  return FALSE;
}

static void
post_next (TernPost *self)
{
  guint n = n_posts (self->draft);

  while (self->index < n &&
         tern_draft_post_get_posted_id (tern_draft_get_post (self->draft, self->index)) != NULL)
    set_index (self, self->index + 1);

  if (self->index >= n)
    {
      post_finish (self);
      return;
    }

  /* Cancelled while finding out what became of a create. */
  if (g_cancellable_is_cancelled (get_cancellable (self)))
    {
      fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sending was cancelled.")));
      return;
    }

  self->attachment_index = 0;
  self->create_attempts = 0;
  g_clear_error (&self->create_error);
  g_ptr_array_set_size (self->media_ids, 0);

  if (intent_is_current (tern_draft_get_post (self->draft, self->index)))
    {
      /* An earlier send asked X for this post and never heard back. */
      g_debug ("post %u has an unanswered intent; looking before posting", self->index + 1);
      post_check_duplicate (self, GUARD_EARLIER_INTENT);
      return;
    }

  set_phase (self, TERN_POST_PHASE_UPLOAD);
  post_upload_next (self);
}

static void
subtitles_uploaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(TernPost) self = user_data;
  g_autofree char *media_id = NULL;
  GError *error = NULL;

  media_id = tern_subtitles_upload_finish (result, &error);
  if (media_id == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup (error->message);
          TernClientError code = error->domain == TERN_CLIENT_ERROR ? error->code
                                                                    : TERN_CLIENT_ERROR_INVALID_DRAFT;
          g_clear_error (&error);
          error = post_error_new (self->draft, self->index, code, message);
        }
      fail (self, error);
      return;
    }

  self->attachment_index++;
  post_upload_next (self);
}

/* A video's subtitles go up once the video has its media id. */
static gboolean
post_upload_subtitles (TernPost   *self,
                       const char *video_media_id)
{
  TernDraftPost *post = tern_draft_get_post (self->draft, self->index);
  g_autoptr(TernAttachment) attachment =
    g_list_model_get_item (tern_draft_post_get_attachments (post), self->attachment_index);

  if (attachment == NULL || tern_attachment_get_subtitles_file (attachment) == NULL)
    return FALSE;
  tern_subtitles_upload_async (self->client, attachment, video_media_id, get_cancellable (self),
                               subtitles_uploaded_cb, g_object_ref (self));
  return TRUE;
}

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TernPost) self = user_data;
  GError *error = NULL;
  char *media_id;

  media_id = tern_upload_run_finish (TERN_UPLOAD (object), result, &error);
  if (media_id == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup (error->message);
          TernClientError code = error->domain == TERN_CLIENT_ERROR ? error->code
                                                                    : TERN_CLIENT_ERROR_INVALID_DRAFT;
          g_clear_error (&error);
          error = post_error_new (self->draft, self->index, code, message);
        }
      fail (self, error);
      return;
    }

  g_ptr_array_add (self->media_ids, media_id);
  if (post_upload_subtitles (self, media_id))
    return;
  self->attachment_index++;
  post_upload_next (self);
}

static void
post_upload_next (TernPost *self)
{
  TernDraftPost *post = tern_draft_get_post (self->draft, self->index);
  GListModel *attachments = tern_draft_post_get_attachments (post);
  g_autoptr(TernAttachment) attachment = NULL;
  g_autoptr(TernUpload) upload = NULL;

  if (self->attachment_index >= g_list_model_get_n_items (attachments))
    {
      set_upload (self, NULL);
      post_create (self);
      return;
    }

  attachment = g_list_model_get_item (attachments, self->attachment_index);
  upload = tern_upload_new (self->client, attachment);
  tern_upload_set_parallelism (upload, self->parallelism);
  tern_upload_set_chunk_size (upload, self->chunk_size);
  tern_upload_set_processing_wait_cap (upload, self->processing_wait_cap);
  set_upload (self, upload);
  g_signal_emit (self, signals[UPLOAD_STARTED], 0, upload);
  tern_upload_run_async (upload, get_cancellable (self), upload_cb, g_object_ref (self));
}

static void
post_created (TernPost   *self,
              const char *id,
              gboolean    adopted)
{
  TernDraftPost *post = tern_draft_get_post (self->draft, self->index);

  g_debug ("post %u of %u is %s%s", self->index + 1, n_posts (self->draft), id,
           adopted ? " (found among the account's posts)" : "");
  if (adopted)
    g_hash_table_add (self->adopted, GUINT_TO_POINTER (self->index + 1));
  /* Into the draft at once (this also ends the intent): a later send must
   * not post this again. */
  tern_draft_post_set_posted_id (post, id);
  set_status_message (self, NULL);
  g_signal_emit (self, signals[POST_CREATED], 0, self->index, id);
  set_index (self, self->index + 1);
  post_next (self);
}

/* What the current post replies to: the post before it, or for the first
 * the post the draft replies to (or none). */
static const char *
previous_post_id (TernPost *self)
{
  if (self->index == 0)
    return tern_draft_get_reply_to (self->draft);
  return tern_draft_post_get_posted_id (tern_draft_get_post (self->draft, self->index - 1));
}

static void
retry_create_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TernPost) self = user_data;

  if (self->task == NULL)
    return;
  if (!tern_wait_finish (result, NULL))
    fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sending was cancelled.")));
  else
    post_create (self);
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TernPost) self = user_data;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *created;
  const char *id;

  data = tern_client_send_finish (TERN_CLIENT (object), result, &error);
  if (data != NULL)
    {
      created = tern_client_get_object (data, &error);
      /* Printed and put into addresses: only X's kind of id is believed. */
      id = created ? tern_untrusted_json_id (created, "id") : NULL;
      if (id != NULL)
        {
          post_created (self, id, FALSE);
          return;
        }
      /* A 2xx without an id: treat it like a lost answer. */
      if (error == NULL)
        error = g_error_new_literal (TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_BAD_RESPONSE,
                                     _("X’s answer to the new post had no id."));
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Cancelled mid-request: the post may exist. Find out now, so what
       * the person is told is true. */
      g_debug ("post %u: cancelled while the create was in flight; looking", self->index + 1);
      post_check_duplicate (self, GUARD_STOPPED);
      return;
    }

  if (error_is_ambiguous (error) ||
      g_error_matches (error, TERN_CLIENT_ERROR, TERN_CLIENT_ERROR_DUPLICATE))
    {
      g_debug ("answer to post %u lost, doubtful or a duplicate (%s); checking the latest posts",
               self->index + 1, error->message);
      g_clear_error (&self->create_error);
      self->create_error = g_steal_pointer (&error);
      post_check_duplicate (self, g_error_matches (self->create_error, TERN_CLIENT_ERROR,
                                                   TERN_CLIENT_ERROR_DUPLICATE)
                                  ? GUARD_DUPLICATE : GUARD_LOST_ANSWER);
      return;
    }

  /* X answered, and created nothing: there is nothing to look for later. */
  tern_draft_post_set_intent (tern_draft_get_post (self->draft, self->index), NULL);
  fail (self, post_error_new (self->draft, self->index, error->code, error->message));
}

static void
create_sent_cb (gpointer user_data)
{
  TernPost *self = user_data;
  guint n = n_posts (self->draft);
  g_autofree char *message = NULL;

  g_debug ("post %u is sent", self->index + 1);
  if (self->task == NULL)
    return;
  if (n > 1)
    message = g_strdup_printf (_("Post %u of %u is sent; waiting for X to confirm it…"), self->index + 1, n);
  else
    message = g_strdup (_("The post is sent; waiting for X to confirm it…"));
  set_status_message (self, message);
}

static void
send_create (TernPost *self)
{
  g_autoptr(JsonNode) body = g_steal_pointer (&self->create_body);
  char *json = json_to_string (body, FALSE);
  gsize length = strlen (json);
  g_autoptr(GBytes) bytes = g_bytes_new_take (json, length);

  /* Never retried blindly: only a 429 (which proves X did nothing) is.
   * Not cancelled with the send either: once the request is out, only X's
   * answer says whether the post exists, and that is what the person is
   * told; a cancel takes effect after it. */
  tern_client_send_full_async (self->client, "POST", "/2/tweets", "application/json", bytes,
                               TERN_CLIENT_FLAGS_RETRY_RATE_LIMITED, create_sent_cb, self,
                               self->own_cancellable, create_cb, g_object_ref (self));
}

static void
intent_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TernPost) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tern_draft_store_save_finish (TERN_DRAFT_STORE (object), result, &error))
    {
      TernDraftPost *post = tern_draft_get_post (self->draft, self->index);
      g_autofree char *message = NULL;

      /* Nothing went to X: without the intent on disk, a crash during the
       * request could post this twice. */
      g_clear_pointer (&self->create_body, json_node_unref);
      tern_draft_post_set_intent (post, NULL);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_cancellable_is_cancelled (get_cancellable (self)))
        {
          fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sending was cancelled.")));
          return;
        }
      message = g_strdup_printf (_("Nothing was posted, because the draft could not be saved first (%s)."),
                                 error->message);
      fail (self, post_error_new (self->draft, self->index, TERN_CLIENT_ERROR_INVALID_DRAFT, message));
      return;
    }

  if (g_cancellable_is_cancelled (get_cancellable (self)))
    {
      /* Not sent: the intent on disk only makes the next send look first. */
      g_clear_pointer (&self->create_body, json_node_unref);
      fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sending was cancelled.")));
      return;
    }

  send_create (self);
}

static void
post_create (TernPost *self)
{
  TernDraftPost *post = tern_draft_get_post (self->draft, self->index);
  const char *text = tern_draft_post_get_text (post);
  const char *reply_to = previous_post_id (self);
  const char *quote = self->index == 0 ? tern_draft_get_quote (self->draft) : NULL;
  const char *reply_settings = tern_draft_get_reply_settings (self->draft);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonObject) intent = NULL;

  set_phase (self, TERN_POST_PHASE_CREATE);
  self->create_attempts++;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  /* Always sent, "" for a media-only post: the spec notes that X's backend
   * rejects a post without text. */
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text ? text : "");
  if (self->media_ids->len > 0)
    {
      json_builder_set_member_name (builder, "media");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "media_ids");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->media_ids->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (self->media_ids, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  if (reply_to != NULL)
    {
      json_builder_set_member_name (builder, "reply");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "in_reply_to_tweet_id");
      json_builder_add_string_value (builder, reply_to);
      json_builder_end_object (builder);
    }
  if (quote != NULL)
    {
      json_builder_set_member_name (builder, "quote_tweet_id");
      json_builder_add_string_value (builder, quote);
    }
  if (tern_draft_post_is_poll (post))
    {
      const char * const *options = tern_draft_post_get_poll_options (post);

      json_builder_set_member_name (builder, "poll");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "options");
      json_builder_begin_array (builder);
      for (guint i = 0; options[i] != NULL; i++)
        {
          g_autofree char *option = g_strstrip (g_strdup (options[i]));

          json_builder_add_string_value (builder, option);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "duration_minutes");
      json_builder_add_int_value (builder, tern_draft_post_get_poll_duration (post));
      json_builder_end_object (builder);
    }
  /* Chosen for the thread: every post of it carries it. */
  if (reply_settings != NULL)
    {
      json_builder_set_member_name (builder, "reply_settings");
      json_builder_add_string_value (builder, reply_settings);
    }
  json_builder_end_object (builder);
  g_clear_pointer (&self->create_body, json_node_unref);
  self->create_body = json_builder_get_root (builder);

  /* The intent: the request itself, and when. */
  intent = json_object_new ();
  json_object_set_member (intent, "request", json_node_copy (self->create_body));
  json_object_set_int_member (intent, "at", g_get_real_time () / G_USEC_PER_SEC);
  tern_draft_post_set_intent (post, intent);

  if (self->store == NULL)
    {
      send_create (self);
      return;
    }

  /* On disk, synced, before the request goes out. */
  tern_draft_store_save_async (self->store, self->draft, NULL, intent_saved_cb, g_object_ref (self));
}

static void
adopt_or_go_on (TernPost   *self,
                JsonNode   *data,
                JsonObject *intent)
{
  JsonObject *request = json_object_get_object_member (intent, "request");
  gint64 at = json_object_get_int_member_with_default (intent, "at", 0);
  const char *reply_to = previous_post_id (self);
  guint delay_ms;

  /* No posts at all answers with no "data" array. */
  if (JSON_NODE_HOLDS_ARRAY (data))
    {
      JsonArray *tweets = json_node_get_array (data);

      for (guint i = 0; i < json_array_get_length (tweets); i++)
        {
          JsonNode *node = json_array_get_element (tweets, i);
          JsonObject *tweet;
          const char *id, *created_at;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          tweet = json_node_get_object (node);
          id = object_path_string (tweet, "id", NULL);
          /* Adopted ids are printed and put into addresses: X's kind only. */
          if (!tern_untrusted_id_is_valid (id) || g_strcmp0 (id, reply_to) == 0)
            continue;

          /* A duplicate may be from any time; otherwise the post cannot be
           * older than the request that made it. */
          created_at = object_path_string (tweet, "created_at", NULL);
          if (self->guard_reason != GUARD_DUPLICATE && created_at != NULL && at > 0)
            {
              g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (created_at, NULL);

              if (when != NULL && g_date_time_to_unix (when) < at - GUARD_CLOCK_SLACK_SECONDS)
                continue;
            }

          if (tern_post_request_matches (request, tweet))
            {
              g_debug ("post %u was created after all: %s", self->index + 1, id);
              post_created (self, id, TRUE);
              return;
            }
        }
    }

  switch (self->guard_reason)
    {
    case GUARD_EARLIER_INTENT:
      /* The earlier request never made it: post it now. */
      tern_draft_post_set_intent (tern_draft_get_post (self->draft, self->index), NULL);
      set_phase (self, TERN_POST_PHASE_UPLOAD);
      post_upload_next (self);
      return;

    case GUARD_STOPPED:
      /* The intent stays: should the post still appear, the next send
       * finds it. */
      fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sending was cancelled.")));
      return;

    case GUARD_DUPLICATE:
      fail (self, post_error_new (self->draft, self->index, TERN_CLIENT_ERROR_DUPLICATE,
                                  _("X says this account already posted the same text, but it is not among the account’s latest posts. Look at the account’s posts on X; the draft is kept.")));
      return;

    case GUARD_LOST_ANSWER:
    default:
      break;
    }

  if (g_cancellable_is_cancelled (get_cancellable (self)))
    {
      fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sending was cancelled.")));
      return;
    }

  if (self->create_attempts >= MAX_CREATE_ATTEMPTS || self->create_error == NULL)
    {
      GError *last = g_steal_pointer (&self->create_error);

      fail (self, post_error_new (self->draft, self->index,
                                  last ? last->code : TERN_CLIENT_ERROR_NETWORK,
                                  last ? last->message : _("X did not create the post. Try again later.")));
      g_clear_error (&last);
      return;
    }

  /* Not there: the create did not happen. Send it again, after a pause. */
  delay_ms = g_random_int_range (500, 1000 * (1 << self->create_attempts) + 1);
  {
    g_autofree char *message =
      g_strdup_printf (_("X did not confirm the post and does not show it; sending it again in %u seconds."),
                       (delay_ms + 999) / 1000);
    set_status_message (self, message);
  }
  tern_wait_async (delay_ms, get_cancellable (self), retry_create_cb, g_object_ref (self));
}

static void
guard_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TernPost) self = user_data;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  TernDraftPost *post = tern_draft_get_post (self->draft, self->index);
  JsonObject *intent = tern_draft_post_get_intent (post);

  data = tern_client_send_finish (TERN_CLIENT (object), result, &error);
  if (data == NULL)
    {
      if (self->guard_reason == GUARD_STOPPED || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sending was cancelled.")));
      else
        {
          g_autofree char *message =
            g_strdup_printf (_("Tern could not tell whether X created the post (%s). The draft is kept; posting again looks for the post first, so nothing is posted twice."),
                             error->message);
          fail (self, post_error_new (self->draft, self->index, TERN_CLIENT_ERROR_NETWORK, message));
        }
      return;
    }

  g_assert (intent != NULL);
  json_object_ref (intent);
  adopt_or_go_on (self, data, intent);
  json_object_unref (intent);
}

static void
post_check_duplicate (TernPost    *self,
                      GuardReason  reason)
{
  g_autofree char *path = NULL;
  GCancellable *cancellable = get_cancellable (self);

  self->guard_reason = reason;
  set_phase (self, TERN_POST_PHASE_CHECK_DUPLICATE);
  /* Once a create went out, the look happens even after a cancel (it is
   * one quick read), so that the person is told whether the post exists. */
  if (reason != GUARD_EARLIER_INTENT)
    cancellable = self->own_cancellable;
  path = g_strdup_printf ("/2/users/%s/tweets?max_results=%d"
                          "&tweet.fields=created_at,referenced_tweets,attachments",
                          self->user_id, GUARD_LOOKBACK);
  tern_client_get_json_async (self->client, path, TERN_CLIENT_FLAGS_IDEMPOTENT,
                              cancellable, guard_cb, g_object_ref (self));
}

/* Done: every post exists; only now may the draft go. */

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TernPost) self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autoptr(GError) error = NULL;

  if (!tern_draft_store_delete_finish (TERN_DRAFT_STORE (object), result, &error))
    g_warning ("Could not delete the sent draft: %s", error->message);
  set_phase (self, TERN_POST_PHASE_DONE);
  g_task_return_boolean (task, TRUE);
}

static void
post_finish (TernPost *self)
{
  set_upload (self, NULL);
  set_status_message (self, NULL);
  tern_draft_set_last_error (self->draft, NULL);

  if (self->store != NULL)
    {
      tern_draft_store_delete_async (self->store, self->draft, NULL, deleted_cb,
                                     g_object_ref (self));
      return;
    }

  {
    g_autoptr(GTask) task = g_steal_pointer (&self->task);

    set_phase (self, TERN_POST_PHASE_DONE);
    g_task_return_boolean (task, TRUE);
  }
}

/* GObject */

static void
tern_post_dispose (GObject *object)
{
  TernPost *self = (TernPost *)object;

  g_cancellable_cancel (self->own_cancellable);
  g_clear_object (&self->upload);
  g_clear_object (&self->store);
  g_clear_object (&self->draft);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (tern_post_parent_class)->dispose (object);
}

static void
tern_post_finalize (GObject *object)
{
  TernPost *self = (TernPost *)object;

  g_assert (self->task == NULL);
  g_free (self->status_message);
  g_free (self->user_id);
  g_free (self->username);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->media_ids, g_ptr_array_unref);
  g_clear_pointer (&self->create_body, json_node_unref);
  g_clear_pointer (&self->adopted, g_hash_table_unref);
  g_clear_object (&self->own_cancellable);
  g_clear_error (&self->create_error);

  G_OBJECT_CLASS (tern_post_parent_class)->finalize (object);
}

static void
tern_post_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TernPost *self = TERN_POST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;
    case PROP_PHASE:
      g_value_set_enum (value, self->phase);
      break;
    case PROP_CURRENT_INDEX:
      g_value_set_uint (value, self->index);
      break;
    case PROP_N_POSTS:
      g_value_set_uint (value, self->draft ? n_posts (self->draft) : 0);
      break;
    case PROP_CURRENT_UPLOAD:
      g_value_set_object (value, self->upload);
      break;
    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, self->status_message);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_post_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TernPost *self = TERN_POST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_DRAFT:
      self->draft = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_post_constructed (GObject *object)
{
  TernPost *self = TERN_POST (object);

  G_OBJECT_CLASS (tern_post_parent_class)->constructed (object);
  if (self->client != NULL)
    g_signal_connect_object (self->client, "retrying", G_CALLBACK (client_retrying_cb), self, 0);
}

static void
tern_post_class_init (TernPostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tern_post_dispose;
  object_class->finalize = tern_post_finalize;
  object_class->constructed = tern_post_constructed;
  object_class->get_property = tern_post_get_property;
  object_class->set_property = tern_post_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TERN_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, TERN_TYPE_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL, TERN_TYPE_POST_PHASE, TERN_POST_PHASE_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_INDEX] =
    g_param_spec_uint ("current-index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_POSTS] =
    g_param_spec_uint ("n-posts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_UPLOAD] =
    g_param_spec_object ("current-upload", NULL, NULL, TERN_TYPE_UPLOAD,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_MESSAGE] =
    g_param_spec_string ("status-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TernPost::upload-started:
   * @self: the sender
   * @upload: the upload of one attachment, about to run
   *
   * Bind a tile's progress to @upload's properties here.
   */
  signals[UPLOAD_STARTED] =
    g_signal_new ("upload-started",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, TERN_TYPE_UPLOAD);

  /**
   * TernPost::post-created:
   * @self: the sender
   * @index: the post's position in the thread
   * @id: the id X gave it (already saved in the draft)
   */
  signals[POST_CREATED] =
    g_signal_new ("post-created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
tern_post_init (TernPost *self)
{
  self->parallelism = TERN_UPLOAD_DEFAULT_PARALLELISM;
  self->chunk_size = TERN_UPLOAD_DEFAULT_CHUNK_SIZE;
  self->processing_wait_cap = TERN_UPLOAD_DEFAULT_PROCESSING_CAP;
  self->media_ids = g_ptr_array_new_with_free_func (g_free);
  self->adopted = g_hash_table_new (NULL, NULL);
  self->own_cancellable = g_cancellable_new ();
}

/* Public API */

/**
 * tern_post_new:
 * @client: (nullable): the client of the account to post from; %NULL
 *   allows only tern_post_check_async()
 * @draft: the draft to send
 *
 * Returns: (transfer full): a sender for @draft
 */
TernPost *
tern_post_new (TernClient *client,
               TernDraft  *draft)
{
  g_return_val_if_fail (client == NULL || TERN_IS_CLIENT (client), NULL);
  g_return_val_if_fail (TERN_IS_DRAFT (draft), NULL);

  return g_object_new (TERN_TYPE_POST, "client", client, "draft", draft, NULL);
}

/**
 * tern_post_get_draft:
 *
 * Returns: (transfer none): the draft
 */
TernDraft *
tern_post_get_draft (TernPost *self)
{
  g_return_val_if_fail (TERN_IS_POST (self), NULL);
  return self->draft;
}

/**
 * tern_post_get_client:
 *
 * Returns: (transfer none): the client
 */
TernClient *
tern_post_get_client (TernPost *self)
{
  g_return_val_if_fail (TERN_IS_POST (self), NULL);
  return self->client;
}

/**
 * tern_post_set_store:
 * @self: a sender
 * @store: (nullable): the store the draft lives in
 *
 * With a store, the draft is deleted from it once its last post exists,
 * and not before.
 */
void
tern_post_set_store (TernPost       *self,
                     TernDraftStore *store)
{
  g_return_if_fail (TERN_IS_POST (self));
  g_set_object (&self->store, store);
}

TernPostPhase
tern_post_get_phase (TernPost *self)
{
  g_return_val_if_fail (TERN_IS_POST (self), TERN_POST_PHASE_NONE);
  return self->phase;
}

guint
tern_post_get_current_index (TernPost *self)
{
  g_return_val_if_fail (TERN_IS_POST (self), 0);
  return self->index;
}

/**
 * tern_post_get_current_upload:
 *
 * Returns: (transfer none) (nullable): the upload running now
 */
TernUpload *
tern_post_get_current_upload (TernPost *self)
{
  g_return_val_if_fail (TERN_IS_POST (self), NULL);
  return self->upload;
}

/**
 * tern_post_get_status_message:
 *
 * Returns: (nullable): what sending waits for, for people, or %NULL
 */
const char *
tern_post_get_status_message (TernPost *self)
{
  g_return_val_if_fail (TERN_IS_POST (self), NULL);
  return self->status_message;
}

/**
 * tern_post_get_user_id:
 *
 * Returns: (nullable): the account's user id, once known
 */
const char *
tern_post_get_user_id (TernPost *self)
{
  g_return_val_if_fail (TERN_IS_POST (self), NULL);
  return self->user_id;
}

/**
 * tern_post_get_username:
 *
 * Returns: (nullable): the account's username, once known
 */
const char *
tern_post_get_username (TernPost *self)
{
  g_return_val_if_fail (TERN_IS_POST (self), NULL);
  return self->username;
}

void
tern_post_set_parallelism (TernPost *self,
                           guint     parallelism)
{
  g_return_if_fail (TERN_IS_POST (self));
  self->parallelism = CLAMP (parallelism, 1, 8);
}

void
tern_post_set_chunk_size (TernPost *self,
                          guint     chunk_size)
{
  g_return_if_fail (TERN_IS_POST (self));
  self->chunk_size = MAX (chunk_size, TERN_UPLOAD_MIN_CHUNK_SIZE);
}

void
tern_post_set_processing_wait_cap (TernPost *self,
                                   guint     seconds)
{
  g_return_if_fail (TERN_IS_POST (self));
  self->processing_wait_cap = MAX (seconds, 1);
}

/**
 * tern_post_send_async:
 * @self: a sender
 * @cancellable: (nullable): a cancellable
 * @callback: called when every post exists, or on failure
 * @user_data: data for @callback
 *
 * Sends the draft, or the rest of it after an earlier failure. Before any
 * request it checks the whole draft locally. Each created post's id is
 * saved in the draft at once; on failure the draft keeps the error.
 */
void
tern_post_send_async (TernPost            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TERN_IS_POST (self));
  g_return_if_fail (TERN_IS_CLIENT (self->client));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_post_send_async);
  /* A cancel that comes while a create is on its way does not undo the
   * post: the result says what really happened. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("This draft is already being sent."));
      return;
    }

  self->task = g_steal_pointer (&task);
  self->check_only = FALSE;
  g_hash_table_remove_all (self->adopted);
  set_phase (self, TERN_POST_PHASE_VALIDATE);
  set_status_message (self, NULL);
  collect_checks (self);
  self->check_index = 0;
  post_sniff_next (self);
}

/**
 * tern_post_check_async:
 * @self: a sender
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Does only what sending does before its first request: finds the kind of
 * attachments whose kind is not known, and checks X's rules and the file
 * sizes. Sends nothing. Finish with tern_post_send_finish().
 */
void
tern_post_check_async (TernPost            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TERN_IS_POST (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tern_post_send_async);

  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("This draft is already being sent."));
      return;
    }

  self->task = g_steal_pointer (&task);
  self->check_only = TRUE;
  set_phase (self, TERN_POST_PHASE_VALIDATE);
  collect_checks (self);
  self->check_index = 0;
  post_sniff_next (self);
}

/**
 * tern_post_get_adopted:
 * @self: a sender
 * @index: a post's position in the thread
 *
 * Returns: whether the post at @index was found among the account's posts
 *   during this send (an earlier request had created it without Tern
 *   hearing so), rather than created now
 */
gboolean
tern_post_get_adopted (TernPost *self,
                       guint     index)
{
  g_return_val_if_fail (TERN_IS_POST (self), FALSE);

  return g_hash_table_contains (self->adopted, GUINT_TO_POINTER (index + 1));
}

/**
 * tern_post_send_finish:
 * @self: a sender
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether every post of the draft exists
 */
gboolean
tern_post_send_finish (TernPost      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (TERN_IS_POST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
