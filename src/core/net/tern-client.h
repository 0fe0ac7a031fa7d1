/* tern-client.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "tern-token-source.h"

G_BEGIN_DECLS

#define TERN_CLIENT_ERROR (tern_client_error_quark ())

/**
 * TernClientError:
 * @TERN_CLIENT_ERROR_AUTH: X did not accept the sign-in (401); sign in again
 * @TERN_CLIENT_ERROR_FORBIDDEN: X refused the request (403), for example a
 *   missing scope or a protected resource
 * @TERN_CLIENT_ERROR_DUPLICATE: X refused a post as a duplicate of an
 *   earlier one (403 "duplicate content")
 * @TERN_CLIENT_ERROR_RATE_LIMITED: a rate limit or usage cap was reached
 *   (429); see tern_client_error_get_reset_time()
 * @TERN_CLIENT_ERROR_INVALID_REQUEST: X did not accept the request (400, 404,
 *   409, 422 and other 4xx)
 * @TERN_CLIENT_ERROR_TOO_LARGE: X refused the size of the request (413, 431)
 * @TERN_CLIENT_ERROR_SERVER: X failed (5xx)
 * @TERN_CLIENT_ERROR_BAD_RESPONSE: the answer could not be read (not JSON,
 *   empty where a body was needed, an HTML page, a wrong shape)
 * @TERN_CLIENT_ERROR_NETWORK: the request did not reach X or its answer was
 *   lost (connection refused or reset, DNS, TLS, timeout)
 * @TERN_CLIENT_ERROR_PROCESSING_FAILED: X could not process uploaded media
 * @TERN_CLIENT_ERROR_PROCESSING_TIMEOUT: X took longer than the wait cap to
 *   process uploaded media
 * @TERN_CLIENT_ERROR_INVALID_DRAFT: the draft breaks one of X's rules (found
 *   before anything was sent), or one of its files cannot be used
 *
 * Every failure of a request to X becomes one of these, with a translated
 * message a person can act on.
 */
typedef enum
{
  TERN_CLIENT_ERROR_AUTH = 1,
  TERN_CLIENT_ERROR_FORBIDDEN,
  TERN_CLIENT_ERROR_DUPLICATE,
  TERN_CLIENT_ERROR_RATE_LIMITED,
  TERN_CLIENT_ERROR_INVALID_REQUEST,
  TERN_CLIENT_ERROR_TOO_LARGE,
  TERN_CLIENT_ERROR_SERVER,
  TERN_CLIENT_ERROR_BAD_RESPONSE,
  TERN_CLIENT_ERROR_NETWORK,
  TERN_CLIENT_ERROR_PROCESSING_FAILED,
  TERN_CLIENT_ERROR_PROCESSING_TIMEOUT,
  TERN_CLIENT_ERROR_INVALID_DRAFT,
} TernClientError;

GQuark   tern_client_error_quark          (void);
guint    tern_client_error_get_status     (const GError *error);
gint64   tern_client_error_get_reset_time (const GError *error);

/**
 * TernClientFlags:
 * @TERN_CLIENT_FLAGS_NONE: sent once; a 401 still refreshes the token and
 *   sends again, because X did nothing with the request
 * @TERN_CLIENT_FLAGS_IDEMPOTENT: sending the request twice does no harm: it
 *   is retried with backoff after transport errors, 5xx and 429, and may
 *   reuse a kept-alive connection
 * @TERN_CLIENT_FLAGS_RETRY_RATE_LIMITED: retry after a 429 only (a 429 proves
 *   X did not act on the request); for creating posts
 * @TERN_CLIENT_FLAGS_WHOLE_BODY: a 2xx answer gives the whole JSON object
 *   (`data`, `includes`, `errors`), not only `data`; for lookups
 */
typedef enum
{
  TERN_CLIENT_FLAGS_NONE               = 0,
  TERN_CLIENT_FLAGS_IDEMPOTENT         = 1 << 0,
  TERN_CLIENT_FLAGS_RETRY_RATE_LIMITED = 1 << 1,
  TERN_CLIENT_FLAGS_WHOLE_BODY         = 1 << 2,
} TernClientFlags;

#define TERN_TYPE_CLIENT (tern_client_get_type ())

G_DECLARE_FINAL_TYPE (TernClient, tern_client, TERN, CLIENT, GObject)

TernClient      *tern_client_new                   (const char           *api_base,
                                                    TernTokenSource      *tokens);
const char      *tern_client_get_api_base          (TernClient           *self);
TernTokenSource *tern_client_get_token_source      (TernClient           *self);
guint            tern_client_get_max_retries       (TernClient           *self);
void             tern_client_set_max_retries       (TernClient           *self,
                                                    guint                 max_retries);
guint            tern_client_get_max_rate_limit_wait (TernClient         *self);
void             tern_client_set_max_rate_limit_wait (TernClient         *self,
                                                      guint               seconds);
guint            tern_client_get_deadline          (TernClient           *self);
void             tern_client_set_deadline          (TernClient           *self,
                                                    guint                 seconds);

void             tern_client_send_async            (TernClient           *self,
                                                    const char           *method,
                                                    const char           *path,
                                                    const char           *content_type,
                                                    GBytes               *body,
                                                    TernClientFlags       flags,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/**
 * TernClientBodySentFunc:
 * @user_data: the data given with the function
 *
 * Called each time an attempt of a request has written its whole body, or
 * ended without doing so (the next attempt, if any, writes it again).
 */
typedef void (*TernClientBodySentFunc) (gpointer user_data);

void             tern_client_send_full_async       (TernClient           *self,
                                                    const char           *method,
                                                    const char           *path,
                                                    const char           *content_type,
                                                    GBytes               *body,
                                                    TernClientFlags       flags,
                                                    TernClientBodySentFunc body_sent,
                                                    gpointer              body_sent_data,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/**
 * TernClientBodyStreamFunc:
 * @user_data: the data given with the function
 *
 * Gives a new stream over a request's whole body, from its first byte; it
 * is called once for each attempt. Reads from it run outside the main
 * loop. A read that fails with a #TERN_CLIENT_ERROR ends the request with
 * that error as it is, not retried.
 *
 * Returns: (transfer full): the body
 */
typedef GInputStream *(*TernClientBodyStreamFunc) (gpointer user_data);

void             tern_client_send_stream_async     (TernClient           *self,
                                                    const char           *method,
                                                    const char           *path,
                                                    const char           *content_type,
                                                    goffset               content_length,
                                                    TernClientBodyStreamFunc body_stream,
                                                    gpointer              body_stream_data,
                                                    TernClientFlags       flags,
                                                    TernClientBodySentFunc body_sent,
                                                    gpointer              body_sent_data,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
JsonNode        *tern_client_send_finish           (TernClient           *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void             tern_client_get_json_async        (TernClient           *self,
                                                    const char           *path,
                                                    TernClientFlags       flags,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
void             tern_client_post_json_async       (TernClient           *self,
                                                    const char           *path,
                                                    JsonNode             *body,
                                                    TernClientFlags       flags,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
void             tern_client_post_form_async       (TernClient           *self,
                                                    const char           *path,
                                                    GHashTable           *form,
                                                    TernClientFlags       flags,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
void             tern_client_post_multipart_async  (TernClient           *self,
                                                    const char           *path,
                                                    SoupMultipart        *multipart,
                                                    TernClientFlags       flags,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);

JsonNode        *tern_client_parse_response        (guint                 status,
                                                    SoupMessageHeaders   *headers,
                                                    GBytes               *body,
                                                    GError              **error);
JsonObject      *tern_client_get_object            (JsonNode             *data,
                                                    GError              **error);

G_END_DECLS
