/* test-x.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* X's rules and addresses (tern-x): which API is X's own, where a created
 * post is on the web (the window's "View" and `tern post` both print
 * this), and which media can share a post. */

#include "config.h"

#include <string.h>

#include "core/tern-x.h"

static void
test_official_api_base (void)
{
  g_assert_true (tern_x_is_official_api_base (NULL));
  g_assert_true (tern_x_is_official_api_base (TERN_X_API_BASE));
  g_assert_true (tern_x_is_official_api_base ("https://api.x.com/"));
  g_assert_true (tern_x_is_official_api_base ("https://api.twitter.com"));
  g_assert_false (tern_x_is_official_api_base ("http://127.0.0.1:9000"));
  g_assert_false (tern_x_is_official_api_base ("https://api.x.com.example.org"));
  g_assert_false (tern_x_is_official_api_base ("https://api.x.co"));
}

static void
test_post_url (void)
{
  struct {
    const char *api_base, *username, *id, *url;
  } cases[] = {
    { "https://api.x.com", "tern", "123", "https://x.com/tern/status/123" },
    { "https://api.twitter.com/", "tern", "123", "https://x.com/tern/status/123" },
    { NULL, "tern", "123", "https://x.com/tern/status/123" },
    /* X redirects i/web to the post, whoever wrote it. */
    { "https://api.x.com", NULL, "123", "https://x.com/i/web/status/123" },
    /* Any other API (the simulator, the sandbox) serves the same path:
     * the page a person opens, not the JSON of /2/tweets/ID. */
    { "http://127.0.0.1:9000", "sandbox", "5", "http://127.0.0.1:9000/sandbox/status/5" },
    { "http://127.0.0.1:9000/", "sandbox", "5", "http://127.0.0.1:9000/sandbox/status/5" },
    { "http://127.0.0.1:9000", "", "5", "http://127.0.0.1:9000/i/web/status/5" },
    { "https://api.x.com", "tern", NULL, NULL },
    { "https://api.x.com", "tern", "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = tern_x_post_url (cases[i].api_base, cases[i].username, cases[i].id);

      g_assert_cmpstr (url, ==, cases[i].url);
    }
}

static void
assert_mix (const TernAttachmentKind *kinds,
            guint                     n_kinds,
            int                       code)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = tern_x_check_media_mix (kinds, n_kinds, &error);

  if (code == 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }
  g_assert_false (ok);
  g_assert_error (error, TERN_X_ERROR, code);
  /* Every refusal states the rule and what to do. */
  g_assert_nonnull (strstr (error->message, "4 images, or 1 GIF, or 1 video"));
  g_assert_nonnull (strstr (error->message, "another post"));
}

static void
test_media_mix (void)
{
  const TernAttachmentKind I = TERN_ATTACHMENT_KIND_IMAGE;
  const TernAttachmentKind G = TERN_ATTACHMENT_KIND_GIF;
  const TernAttachmentKind V = TERN_ATTACHMENT_KIND_VIDEO;
  const TernAttachmentKind U = TERN_ATTACHMENT_KIND_UNKNOWN;

  assert_mix (NULL, 0, 0);
  assert_mix ((TernAttachmentKind[]) { I, I, I, I }, 4, 0);
  assert_mix ((TernAttachmentKind[]) { G }, 1, 0);
  assert_mix ((TernAttachmentKind[]) { V }, 1, 0);
  /* A file whose kind is not known is reported on its own, not here. */
  assert_mix ((TernAttachmentKind[]) { V, U }, 2, 0);

  assert_mix ((TernAttachmentKind[]) { I, I, I, I, I }, 5, TERN_X_ERROR_TOO_MANY_IMAGES);
  assert_mix ((TernAttachmentKind[]) { I, V }, 2, TERN_X_ERROR_IMAGES_WITH_VIDEO);
  assert_mix ((TernAttachmentKind[]) { G, I }, 2, TERN_X_ERROR_IMAGES_WITH_VIDEO);
  assert_mix ((TernAttachmentKind[]) { V, V }, 2, TERN_X_ERROR_TOO_MANY_VIDEOS);
  assert_mix ((TernAttachmentKind[]) { G, G }, 2, TERN_X_ERROR_TOO_MANY_VIDEOS);
  assert_mix ((TernAttachmentKind[]) { G, V }, 2, TERN_X_ERROR_TOO_MANY_VIDEOS);
}

/* A still GIF is an image by its content, but it goes up as tweet_gif, so
 * X lets it stand only alone: the window, TernPost and the CLI all count it
 * as a GIF, and none of them lets it join a photo that X would refuse. */
static void
test_mix_kind (void)
{
  const TernAttachmentKind still_gif =
    tern_x_mix_kind (TERN_ATTACHMENT_KIND_IMAGE, "image/gif");

  g_assert_cmpint (still_gif, ==, TERN_ATTACHMENT_KIND_GIF);
  g_assert_cmpint (tern_x_mix_kind (TERN_ATTACHMENT_KIND_IMAGE, "image/png"), ==,
                   TERN_ATTACHMENT_KIND_IMAGE);
  g_assert_cmpint (tern_x_mix_kind (TERN_ATTACHMENT_KIND_IMAGE, NULL), ==,
                   TERN_ATTACHMENT_KIND_IMAGE);
  g_assert_cmpint (tern_x_mix_kind (TERN_ATTACHMENT_KIND_VIDEO, "image/gif"), ==,
                   TERN_ATTACHMENT_KIND_VIDEO);
  assert_mix ((TernAttachmentKind[]) { still_gif, TERN_ATTACHMENT_KIND_IMAGE }, 2,
              TERN_X_ERROR_IMAGES_WITH_VIDEO);
}

/* The kinds of post X does not combine, each with a message that names
 * both halves, and what it does combine. */
static void
test_combination (void)
{
  struct {
    gboolean quotes, poll;
    guint n_media;
    int code;           /* 0: accepted */
  } cases[] = {
    { FALSE, FALSE, 0, 0 },
    { TRUE,  FALSE, 0, 0 },
    { FALSE, TRUE,  0, 0 },
    { FALSE, FALSE, 4, 0 },
    { TRUE,  TRUE,  0, TERN_X_ERROR_POLL_WITH_QUOTE },
    { TRUE,  TRUE,  2, TERN_X_ERROR_POLL_WITH_QUOTE },
    { FALSE, TRUE,  1, TERN_X_ERROR_POLL_WITH_MEDIA },
    { TRUE,  FALSE, 1, TERN_X_ERROR_MEDIA_WITH_QUOTE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = tern_x_check_combination (cases[i].quotes, cases[i].poll,
                                              cases[i].n_media, &error);

      if (cases[i].code == 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          continue;
        }
      g_assert_false (ok);
      g_assert_error (error, TERN_X_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].poll ? "poll" : "media"));
      g_assert_nonnull (strstr (error->message, cases[i].code == TERN_X_ERROR_POLL_WITH_MEDIA
                                                ? "media" : "quote"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/x/official-api-base", test_official_api_base);
  g_test_add_func ("/x/post-url", test_post_url);
  g_test_add_func ("/x/media-mix", test_media_mix);
  g_test_add_func ("/x/mix-kind", test_mix_kind);
  g_test_add_func ("/x/combination", test_combination);

  return g_test_run ();
}
