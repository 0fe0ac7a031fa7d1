/* tern-sim.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * SECTION:tern-sim
 *
 * A local X API: OAuth 2.0 with PKCE, users/me, media upload (one-shot and
 * chunked, with processing), alt text and posts, with X's shapes, errors,
 * rate limits and a fault plan. It shares no code with Tern's client.
 *
 * Every function here may be called from any thread: the simulator keeps its
 * state behind one lock and answers HTTP on its own thread (tern_sim_start())
 * or on a main context the caller gives (tern_sim_start_full()).
 *
 * Request kinds, as used in the request log and in the fault plan:
 * "authorize" (GET /i/oauth2/authorize), "authorize_decision" (the consent
 * form's POST), "token", "revoke", "users_me", "users_tweets",
 * "tweets_create", "tweets_lookup" (GET /2/tweets/:id), "tweets_delete",
 * "media_upload" (one-shot), "media_initialize", "media_append",
 * "media_finalize", "media_status", "media_metadata", "media_subtitles",
 * "media_subtitles_delete", "post_page" (the sandbox's HTML page of a post,
 * GET /USER/status/ID), "sim" (the /sim/... helper paths) and "unknown".
 */

#define TERN_SIM_KIND_AUTHORIZE          "authorize"
#define TERN_SIM_KIND_AUTHORIZE_DECISION "authorize_decision"
#define TERN_SIM_KIND_TOKEN              "token"
#define TERN_SIM_KIND_REVOKE             "revoke"
#define TERN_SIM_KIND_USERS_ME           "users_me"
#define TERN_SIM_KIND_USERS_TWEETS       "users_tweets"
#define TERN_SIM_KIND_TWEETS_CREATE      "tweets_create"
#define TERN_SIM_KIND_TWEETS_LOOKUP      "tweets_lookup"
#define TERN_SIM_KIND_TWEETS_DELETE      "tweets_delete"
#define TERN_SIM_KIND_MEDIA_SUBTITLES    "media_subtitles"
#define TERN_SIM_KIND_MEDIA_SUBTITLES_DELETE "media_subtitles_delete"
#define TERN_SIM_KIND_POST_PAGE          "post_page"
#define TERN_SIM_KIND_MEDIA_UPLOAD       "media_upload"
#define TERN_SIM_KIND_MEDIA_INITIALIZE   "media_initialize"
#define TERN_SIM_KIND_MEDIA_APPEND       "media_append"
#define TERN_SIM_KIND_MEDIA_FINALIZE     "media_finalize"
#define TERN_SIM_KIND_MEDIA_STATUS       "media_status"
#define TERN_SIM_KIND_MEDIA_METADATA     "media_metadata"
#define TERN_SIM_KIND_SIM                "sim"
#define TERN_SIM_KIND_UNKNOWN            "unknown"

/* The user every simulator has unless its config lists others. */
#define TERN_SIM_DEFAULT_USER_ID   "1000000000000000001"
#define TERN_SIM_DEFAULT_USERNAME  "sandbox"
#define TERN_SIM_DEFAULT_NAME      "Sandbox User"

/* What Tern asks for; handy for tests. */
#define TERN_SIM_ALL_SCOPES "tweet.read tweet.write users.read media.write offline.access"

#define TERN_SIM_ERROR (tern_sim_error_quark ())

typedef enum
{
  TERN_SIM_ERROR_CONFIG = 1,  /* the config or fault plan is not valid */
  TERN_SIM_ERROR_STATE,       /* started twice, not started, ... */
} TernSimError;

GQuark tern_sim_error_quark (void);

/**
 * TernSimMediaState:
 * @TERN_SIM_MEDIA_NONE: no such media id
 * @TERN_SIM_MEDIA_UPLOADING: initialized, not finalized
 * @TERN_SIM_MEDIA_PENDING: finalized, processing not started
 * @TERN_SIM_MEDIA_IN_PROGRESS: processing
 * @TERN_SIM_MEDIA_SUCCEEDED: ready to post
 * @TERN_SIM_MEDIA_FAILED: processing failed
 */
typedef enum
{
  TERN_SIM_MEDIA_NONE,
  TERN_SIM_MEDIA_UPLOADING,
  TERN_SIM_MEDIA_PENDING,
  TERN_SIM_MEDIA_IN_PROGRESS,
  TERN_SIM_MEDIA_SUCCEEDED,
  TERN_SIM_MEDIA_FAILED,
} TernSimMediaState;

/**
 * TernSimRequest:
 * @method: "GET", "POST", ...
 * @path: the path, without the query (no secrets: tokens and codes never
 *   appear in paths)
 * @kind: one of the TERN_SIM_KIND_* strings
 * @status: the HTTP status answered, or 0 when the connection was reset
 * @received_us: wall-clock time (g_get_real_time()) the request arrived
 * @duration_us: from arrival to answer, including injected latency
 * @body_bytes: size of the request body
 * @segment_index: for APPEND, the segment index; otherwise -1
 * @media_id: (nullable): the media id the request was about
 * @fault: (nullable): the faults the plan injected, comma-separated
 *   ("latency", "status", "reset", "expire_tokens", "fail_processing",
 *   "corrupt_body", "rate_limit" for a real rate limit)
 * @early_poll: for STATUS, whether it came before check_after_secs had passed
 *
 * One request as the simulator saw it.
 */
typedef struct
{
  char     *method;
  char     *path;
  char     *kind;
  guint     status;
  gint64    received_us;
  gint64    duration_us;
  gsize     body_bytes;
  int       segment_index;
  char     *media_id;
  char     *fault;
  gboolean  early_poll;
} TernSimRequest;

#define TERN_TYPE_SIM_REQUEST (tern_sim_request_get_type ())
GType           tern_sim_request_get_type (void) G_GNUC_CONST;
TernSimRequest *tern_sim_request_copy     (const TernSimRequest *request);
void            tern_sim_request_free     (TernSimRequest       *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TernSimRequest, tern_sim_request_free)

/**
 * TernSimPost:
 * @id: the post's id
 * @author_id: the user who posted it
 * @text: its text
 * @in_reply_to_id: (nullable): the post it replies to
 * @quote_id: (nullable): the post it quotes
 * @media_ids: (array zero-terminated=1): the media attached, possibly empty
 * @created_at: simulator time, Unix seconds
 * @reply_settings: (nullable): who can reply, as sent (`following`, ...);
 *   %NULL for everyone
 * @poll_options: (array zero-terminated=1) (nullable): the poll's options
 * @poll_duration_minutes: the poll's duration, 0 without a poll
 */
typedef struct
{
  char   *id;
  char   *author_id;
  char   *text;
  char   *in_reply_to_id;
  char   *quote_id;
  char  **media_ids;
  gint64  created_at;
  char   *reply_settings;
  char  **poll_options;
  gint64  poll_duration_minutes;
} TernSimPost;

#define TERN_TYPE_SIM_POST (tern_sim_post_get_type ())
GType        tern_sim_post_get_type (void) G_GNUC_CONST;
TernSimPost *tern_sim_post_copy     (const TernSimPost *post);
void         tern_sim_post_free     (TernSimPost       *post);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TernSimPost, tern_sim_post_free)

#define TERN_TYPE_SIM (tern_sim_get_type ())

G_DECLARE_FINAL_TYPE (TernSim, tern_sim, TERN, SIM, GObject)

/* Creating */
TernSim    *tern_sim_new                 (void);
TernSim    *tern_sim_new_from_config     (JsonObject    *config,
                                          GError       **error);
TernSim    *tern_sim_new_from_file       (const char    *path,
                                          GError       **error);
TernSim    *tern_sim_new_from_string     (const char    *json,
                                          GError       **error);
TernSim    *tern_sim_new_for_client      (const char    *client_id,
                                          const char    *client_secret,
                                          const char    *redirect_uri);

/* Running */
gboolean    tern_sim_start               (TernSim       *sim,
                                          GError       **error);
gboolean    tern_sim_start_full          (TernSim       *sim,
                                          const char    *host,
                                          guint          port,
                                          GMainContext  *context,
                                          GError       **error);
void        tern_sim_stop                (TernSim       *sim);
const char *tern_sim_get_base_url        (TernSim       *sim);
guint       tern_sim_get_port            (TernSim       *sim);

/* Fault plan */
gboolean    tern_sim_set_fault_plan      (TernSim       *sim,
                                          JsonObject    *plan,
                                          GError       **error);
gboolean    tern_sim_set_fault_plan_from_string (TernSim    *sim,
                                                 const char *json,
                                                 GError    **error);
void        tern_sim_clear_fault_plan    (TernSim       *sim);

/* Clock */
void        tern_sim_advance_clock       (TernSim       *sim,
                                          gint64         seconds);
gint64      tern_sim_get_time            (TernSim       *sim);

/* Tokens */
void        tern_sim_expire_access_tokens (TernSim      *sim);
guint       tern_sim_get_refresh_count   (TernSim       *sim);
guint       tern_sim_count_live_access_tokens (TernSim  *sim);

/* Request log */
GPtrArray  *tern_sim_get_requests        (TernSim       *sim);
guint       tern_sim_count_requests      (TernSim       *sim,
                                          const char    *kind);
guint       tern_sim_count_early_polls   (TernSim       *sim);
void        tern_sim_clear_requests      (TernSim       *sim);
gboolean    tern_sim_wait_for_requests   (TernSim       *sim,
                                          const char    *kind,
                                          guint          n,
                                          GCancellable  *cancellable,
                                          GError       **error);
void        tern_sim_wait_for_requests_async  (TernSim             *sim,
                                               const char          *kind,
                                               guint                n,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    tern_sim_wait_for_requests_finish (TernSim             *sim,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Media */
char      **tern_sim_get_media_subtitles (TernSim     *sim,
                                          const char  *media_id);
TernSimMediaState tern_sim_get_media_state  (TernSim    *sim,
                                             const char *media_id);
char       *tern_sim_get_media_sha256    (TernSim       *sim,
                                          const char    *media_id);
gint64      tern_sim_get_media_size      (TernSim       *sim,
                                          const char    *media_id);
char       *tern_sim_get_media_alt_text  (TernSim       *sim,
                                          const char    *media_id);
char       *tern_sim_get_media_category  (TernSim       *sim,
                                          const char    *media_id);

/* Posts */
GPtrArray  *tern_sim_get_posts           (TernSim       *sim);
guint       tern_sim_count_posts         (TernSim       *sim);

G_END_DECLS
