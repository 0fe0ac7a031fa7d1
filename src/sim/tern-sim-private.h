/* tern-sim-private.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gnutls/crypto.h>
#include <libsoup/soup.h>

#include "tern-sim.h"

G_BEGIN_DECLS

typedef struct
{
  char  *client_id;
  char  *client_secret;   /* NULL: a public client */
  char **redirect_uris;
} SimClient;

typedef struct
{
  char *id;
  char *username;
  char *name;
  char *profile_image_url;
} SimUser;

/* One sign-in of one user through one client: the refresh chain hangs on it. */
typedef struct
{
  guint     ref_count;
  char     *client_id;
  char     *user_id;
  char     *scope;
  gboolean  revoked;
} SimGrant;

typedef struct
{
  SimGrant *grant;
  gint64    expires_at;      /* sim seconds */
  gboolean  revoked;
} SimAccessToken;

typedef struct
{
  SimGrant *grant;
  gboolean  spent;
  gboolean  revoked;
} SimRefreshToken;

typedef struct
{
  char     *client_id;
  char     *redirect_uri;
  char     *code_challenge;
  char     *scope;
  char     *user_id;
  gint64    created_at;      /* sim seconds */
  gboolean  used;
} SimAuthCode;

/* An authorize request waiting on the consent page's answer. */
typedef struct
{
  char *client_id;
  char *redirect_uri;
  char *state;
  char *code_challenge;
  char *scope;
} SimPendingConsent;

typedef struct
{
  char              *id;
  char              *media_key;
  char              *owner_id;
  char             **additional_owners;
  char              *media_type;
  char              *category;
  gint64             total_bytes;
  gint64             created_at;
  gint64             expires_at;
  TernSimMediaState  state;
  /* chunked upload: the store worker writes segments and the table
   * (under the lock); the running hash and what feeds it are its own */
  char              *dir;           /* segments as files seg-NNN */
  GHashTable        *segments;      /* index -> SimSegment */
  gnutls_hash_hd_t   running;       /* SHA-256 of segments 0..next_hash-1 */
  int                next_hash;
  gboolean           running_valid;
  GHashTable        *ahead;         /* index -> GBytes: stored, not yet hashed */
  gsize              ahead_bytes;
  guint              finalizing;    /* FINALIZEs with the store worker */
  /* result */
  gint64             size;
  char              *sha256;
  char              *alt_text;
  char              *image_type;
  int                width;
  int                height;
  char              *video_type;
  GPtrArray         *subtitles;     /* SimSubtitles, for a video */
  /* processing */
  gboolean           needs_processing;
  int                progress;
  gint64             finalized_us;   /* sim clock, microseconds */
  gint64             last_poll_us;
  gboolean           fail_pending;
  guint              polls;
  char              *error_name;
  char              *error_message;
  int                error_code;
  gboolean           fail_in_progress;
} SimMedia;

typedef struct
{
  gsize size;
} SimSegment;

/* A subtitle track associated with a video. */
typedef struct
{
  char *media_id;        /* the subtitles upload */
  char *language_code;
  char *display_name;
} SimSubtitles;

typedef struct
{
  gint64 window_start;
  guint  used;
} SimRateWindow;

typedef enum
{
  SIM_FAULT_LATENCY,
  SIM_FAULT_STATUS,
  SIM_FAULT_RESET,
  SIM_FAULT_EXPIRE_TOKENS,
  SIM_FAULT_FAIL_PROCESSING,
  SIM_FAULT_CORRUPT_BODY,
} SimFaultAction;

typedef struct
{
  char           *kind;           /* or "*" */
  SimFaultAction  action;
  /* when */
  GArray         *nth;            /* guint, 1-based */
  guint           from;
  guint           every;
  double          probability;    /* < 0: not set */
  gint64          min_bytes;      /* < 0: not set */
  int             early;          /* -1 any, 0 only on-time polls, 1 only early */
  int             times;          /* < 0: unlimited */
  gboolean        after;          /* apply after the endpoint ran */
  /* what */
  guint           ms;
  guint           status;
  char           *body;           /* "problem" "legacy" "oauth" "empty" "malformed" "html" "truncated" */
  JsonNode       *json;           /* a body of one's own */
  gint64          reset_after_secs;
  int             error_code;
  char           *error_name;
  char           *error_message;
  gboolean        stay_in_progress;
  /* state */
  int             fired;
} SimFault;

typedef struct
{
  guint       ref_count;         /* under the simulator's lock */
  guint       seed;
  GRand      *rand;
  GPtrArray  *faults;            /* SimFault */
  GHashTable *latency_ms;        /* kind -> guint */
  guint       append_processing_ms;
  GHashTable *counts;            /* kind -> guint */
} SimFaultPlan;

/* One request while it is being answered. */
typedef struct
{
  TernSim           *sim;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
  const char        *kind;
  char             **parts;          /* path split on '/' */
  gint64             received_us;
  guint              nth;
  SimFaultPlan      *plan;
  guint              latency_ms;
  SimFault          *terminal;       /* status or reset */
  SimFault          *corrupt;
  SimFault          *processing_fault;
  gboolean           expire_tokens;
  gboolean           early_poll;
  gboolean           paused;
  gboolean           gone;            /* the client hung up (or it was answered) */
  gboolean           deferred;        /* answered later, from the store worker */
  GSource           *source;          /* the latency timer, if any */
  gboolean           rate_limited;
  int                segment_index;
  char              *media_id;
  GString           *faults;
  /* set by the endpoint */
  char              *user_id;
  char              *scope;
} SimRequest;

struct _TernSim
{
  GObject       parent_instance;

  GMutex        lock;
  GCond         cond;

  /* configuration */
  GPtrArray    *clients;             /* SimClient */
  gboolean      sandbox;
  gboolean      auto_approve;
  char         *auto_approve_user;
  GPtrArray    *users;               /* SimUser */
  gint64        access_token_lifetime;
  gint64        code_lifetime;
  gint64        media_expires_secs;
  guint         check_after_secs;
  guint         processing_polls;
  gint64        processing_secs;
  gint64        rate_window;
  GHashTable   *rate_limits;         /* kind -> guint */
  guint         user_day_limit;      /* posts per user per 24 hours */
  guint         app_day_limit;       /* posts per app per 24 hours */
  gboolean      revoke_grant_on_reuse;
  gboolean      revoke_other_clients;
  SimFaultPlan *plan;

  /* state */
  gint64        clock_offset;        /* seconds */
  GRand        *rand;
  guint64       next_media_id;
  guint64       next_post_id;
  GHashTable   *codes;               /* code -> SimAuthCode */
  GHashTable   *consents;            /* id -> SimPendingConsent */
  GHashTable   *access_tokens;       /* token -> SimAccessToken */
  GHashTable   *refresh_tokens;      /* token -> SimRefreshToken */
  GHashTable   *media;               /* id -> SimMedia */
  GPtrArray    *posts;               /* TernSimPost, oldest first */
  GHashTable   *rate_state;          /* "user\nkind" -> SimRateWindow */
  GPtrArray    *log;                 /* TernSimRequest */
  GList        *waiters;
  GPtrArray    *delayed;             /* GSource, latency timers pending */
  GThreadPool  *store;               /* SimDeferred: one worker, in order */
  GPtrArray    *answering;           /* GSource, deferred answers pending; under the lock */
  guint         refresh_count;
  char         *media_dir;

  /* serving */
  SoupServer   *server;
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  gboolean      own_thread;
  char         *base_url;
  guint         port;
};

/* Work a request hands to the simulator's store worker (one thread, jobs
 * in the order given), so the serving thread does not wait for it: @work
 * runs there without the lock, then @answer runs on the serving thread with
 * the lock held and answers the request. */
typedef void (*SimDeferredFunc) (SimRequest *req,
                                 gpointer    data);

/* tern-sim.c */
void        tern_sim_defer                (SimRequest      *req,
                                           SimDeferredFunc  work,
                                           SimDeferredFunc  answer,
                                           gpointer         data,
                                           GDestroyNotify   free_data);
gint64      tern_sim_now                  (TernSim      *sim);
char       *tern_sim_random_token         (TernSim      *sim,
                                           gsize         n_bytes);
SimUser    *tern_sim_find_user            (TernSim      *sim,
                                           const char   *id);
void        tern_sim_respond_json         (SimRequest   *req,
                                           guint         status,
                                           JsonNode     *node);
void        tern_sim_respond_data         (SimRequest   *req,
                                           guint         status,
                                           JsonObject   *data);
void        tern_sim_respond_problem      (SimRequest   *req,
                                           guint         status,
                                           const char   *detail,
                                           const char   *parameter,
                                           const char   *value);
void        tern_sim_respond_problem_values (SimRequest        *req,
                                             guint              status,
                                             const char        *detail,
                                             const char        *parameter,
                                             const char *const *values);
void        tern_sim_respond_oauth_error  (SimRequest   *req,
                                           guint         status,
                                           const char   *error,
                                           const char   *description);
void        tern_sim_respond_legacy_error (SimRequest   *req,
                                           guint         status,
                                           int           code,
                                           const char   *message);
void        tern_sim_respond_text         (SimRequest   *req,
                                           guint         status,
                                           const char   *content_type,
                                           const char   *text);
JsonNode   *tern_sim_parse_json_body      (SimRequest   *req);
GHashTable *tern_sim_parse_form_body      (SimRequest   *req);
gboolean    tern_sim_authenticate         (SimRequest   *req,
                                           const char   *scopes);
gboolean    tern_sim_check_rate_limit     (SimRequest   *req);
void        tern_sim_note_fault           (SimRequest   *req,
                                           const char   *name);
gint64      tern_sim_now_us               (TernSim      *sim);

JsonObject *tern_sim_json_object_member  (JsonObject   *object,
                                           const char   *name);
char       *tern_sim_user_image_url      (TernSim      *sim,
                                           SimUser      *user);
JsonArray  *tern_sim_json_array_member   (JsonObject   *object,
                                           const char   *name);

/* tern-sim-faults.c */
SimFaultPlan *tern_sim_fault_plan_new     (JsonObject   *object,
                                           GError      **error);
void        tern_sim_fault_plan_free      (SimFaultPlan *plan);
void        tern_sim_fault_plan_match     (SimFaultPlan *plan,
                                           SimRequest   *req,
                                           gsize         body_bytes);

/* tern-sim-oauth.c */
void        tern_sim_handle_authorize     (SimRequest   *req);
void        tern_sim_handle_authorize_decision (SimRequest *req);
void        tern_sim_handle_token         (SimRequest   *req);
void        tern_sim_handle_revoke        (SimRequest   *req);
SimAccessToken *tern_sim_lookup_access_token (TernSim   *sim,
                                              const char *token);
void        sim_grant_unref               (SimGrant     *grant);

/* tern-sim-media.c */
void        tern_sim_handle_media_upload  (SimRequest   *req);
void        tern_sim_handle_media_initialize (SimRequest *req);
void        tern_sim_handle_media_append  (SimRequest   *req);
void        tern_sim_handle_media_finalize (SimRequest  *req);
void        tern_sim_handle_media_status  (SimRequest   *req);
void        tern_sim_handle_media_metadata (SimRequest  *req);
void        tern_sim_handle_media_subtitles (SimRequest *req);
void        tern_sim_handle_media_subtitles_delete (SimRequest *req);
void        tern_sim_media_advance        (TernSim      *sim,
                                           SimMedia     *media,
                                           gboolean      by_poll);
void        tern_sim_media_classify_poll  (TernSim      *sim,
                                           SimRequest   *req);
JsonObject *tern_sim_media_to_json        (TernSim      *sim,
                                           SimMedia     *media);
void        sim_media_free                (SimMedia     *media);
const char *tern_sim_media_state_name     (TernSimMediaState state);

/* tern-sim-posts.c */
void        tern_sim_handle_users_me      (SimRequest   *req);
void        tern_sim_handle_users_tweets  (SimRequest   *req);
void        tern_sim_handle_tweets_create (SimRequest   *req);
void        tern_sim_handle_tweets_lookup (SimRequest   *req);
void        tern_sim_handle_tweets_delete (SimRequest   *req);
void        tern_sim_handle_post_page     (SimRequest   *req);
char       *tern_sim_post_display_text    (TernSimPost  *post);
TernSimPost *tern_sim_find_post           (TernSim      *sim,
                                           const char   *id);

/* tern-sim-avatar.c */
GBytes     *tern_sim_avatar_png           (const char   *seed);

/* tern-sim-text.c */
int         tern_sim_text_weighted_length (const char   *text,
                                           gboolean     *valid_chars);

G_END_DECLS
