/* tern-sim-page.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-sim"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tern-sim-private.h"

/* The sandbox's page of a post, at BASE/USER/status/ID: what Tern's "View"
 * opens for a post made against the simulator. A plain, readable HTML page
 * of what X would show: the author, the text, each attachment with its alt
 * text and subtitles, what the post replies to or quotes, its poll and who
 * can reply. It loads nothing from anywhere else. */

static const char page_style[] =
  "body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em;color:#0f1419}"
  ".sandbox{background:#fff4ce;border:1px solid #e0c060;padding:.5em 1em;border-radius:8px}"
  "article{border:1px solid #cfd9de;border-radius:12px;padding:1em;margin:1em 0}"
  "article article{margin:.5em 0 0}"
  ".author{display:flex;gap:.75em;align-items:center}"
  ".author img{border-radius:50%}"
  ".text{white-space:pre-wrap;font-size:1.2em}"
  ".media{background:#eff3f4;border-radius:8px;padding:2em 1em;text-align:center}"
  ".meta{color:#536471}"
  ".poll li{border:1px solid #cfd9de;border-radius:6px;padding:.3em .6em;margin:.3em 0;list-style:none}";

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

static void
append_author (GString     *out,
               TernSim     *sim,
               TernSimPost *post)
{
  SimUser *user = tern_sim_find_user (sim, post->author_id);
  g_autofree char *image = user ? tern_sim_user_image_url (sim, user) : NULL;

  g_string_append (out, "<div class=\"author\">");
  if (image != NULL)
    {
      g_string_append (out, "<img width=\"48\" height=\"48\" alt=\"\" src=\"");
      append_escaped (out, image);
      g_string_append (out, "\">");
    }
  g_string_append (out, "<div><strong class=\"name\">");
  append_escaped (out, user ? user->name : post->author_id);
  g_string_append (out, "</strong> <span class=\"username\">@");
  append_escaped (out, user ? user->username : post->author_id);
  g_string_append (out, "</span></div></div>\n");
}

static char *
post_path (TernSim     *sim,
           TernSimPost *post)
{
  SimUser *user = tern_sim_find_user (sim, post->author_id);

  return g_strdup_printf ("/%s/status/%s", user ? user->username : post->author_id, post->id);
}

static void
append_text (GString     *out,
             TernSimPost *post)
{
  g_string_append (out, "<p class=\"text\">");
  append_escaped (out, post->text);
  g_string_append (out, "</p>\n");
}

static void
append_media (GString     *out,
              TernSim     *sim,
              TernSimPost *post)
{
  for (guint i = 0; post->media_ids != NULL && post->media_ids[i] != NULL; i++)
    {
      SimMedia *media = g_hash_table_lookup (sim->media, post->media_ids[i]);
      const char *kind;

      if (media == NULL)
        continue;
      kind = g_str_has_suffix (media->category, "_video") ? "Video"
             : g_str_has_suffix (media->category, "_gif") ? "GIF" : "Image";
      g_string_append (out, "<figure class=\"attachment\">");
      g_string_append_printf (out, "<div class=\"media\" role=\"img\" aria-label=\"");
      append_escaped (out, media->alt_text ? media->alt_text : kind);
      g_string_append_printf (out, "\">%s", kind);
      if (media->media_type != NULL)
        {
          g_string_append (out, " · ");
          append_escaped (out, media->media_type);
        }
      if (media->width > 0)
        g_string_append_printf (out, " · %d×%d", media->width, media->height);
      g_string_append_printf (out, " · %" G_GINT64_FORMAT " bytes</div>", media->size);
      g_string_append (out, "<figcaption>");
      if (media->alt_text != NULL)
        {
          g_string_append_printf (out, "<span class=\"alt\">%s ", _("Alt text:"));
          append_escaped (out, media->alt_text);
          g_string_append (out, "</span>");
        }
      else
        g_string_append_printf (out, "<span class=\"alt missing\">%s</span>", _("No alt text"));
      if (media->subtitles != NULL && media->subtitles->len > 0)
        {
          g_string_append_printf (out, "<br><span class=\"subtitles\">%s ", _("Subtitles:"));
          for (guint j = 0; j < media->subtitles->len; j++)
            {
              SimSubtitles *track = g_ptr_array_index (media->subtitles, j);

              if (j > 0)
                g_string_append (out, ", ");
              append_escaped (out, track->display_name);
              g_string_append (out, " (");
              append_escaped (out, track->language_code);
              g_string_append (out, ")");
            }
          g_string_append (out, "</span>");
        }
      g_string_append (out, "</figcaption></figure>\n");
    }
}

static void
append_poll (GString     *out,
             TernSim     *sim,
             TernSimPost *post)
{
  gint64 minutes = post->poll_duration_minutes;
  g_autoptr(GDateTime) end = g_date_time_new_from_unix_utc (post->created_at + minutes * 60);
  g_autofree char *when = g_date_time_format (end, "%Y-%m-%d %H:%M UTC");
  g_autofree char *minutes_text = g_strdup_printf ("%" G_GINT64_FORMAT, minutes);

  if (post->poll_options == NULL)
    return;
  g_string_append (out, "<section class=\"poll\"><ul>");
  for (guint i = 0; post->poll_options[i] != NULL; i++)
    {
      g_string_append (out, "<li>");
      append_escaped (out, post->poll_options[i]);
      g_string_append_printf (out, " <span class=\"meta\">%s</span></li>", _("0 votes"));
    }
  g_string_append (out, "</ul><p class=\"meta\">");
  /* Translators: the first %s is a number of minutes, the second a date and time */
  g_string_append_printf (out, tern_sim_now (sim) < post->created_at + minutes * 60
                                 ? _("Poll of %s minutes, ends %s") : _("Poll of %s minutes, ended %s"),
                          minutes_text, when);
  g_string_append (out, "</p></section>\n");
}

static void
append_quoted (GString     *out,
               TernSim     *sim,
               TernSimPost *post)
{
  TernSimPost *quoted = post->quote_id ? tern_sim_find_post (sim, post->quote_id) : NULL;
  g_autofree char *path = NULL;

  if (post->quote_id == NULL)
    return;
  if (quoted == NULL)
    {
      g_string_append_printf (out, "<article class=\"quote\"><p class=\"meta\">%s</p></article>\n",
                              _("This post is unavailable."));
      return;
    }
  path = post_path (sim, quoted);
  g_string_append (out, "<article class=\"quote\">");
  append_author (out, sim, quoted);
  append_text (out, quoted);
  append_media (out, sim, quoted);
  g_string_append (out, "<a class=\"meta\" href=\"");
  append_escaped (out, path);
  g_string_append_printf (out, "\">%s</a></article>\n", _("Open the quoted post"));
}

static void
append_reply_to (GString     *out,
                 TernSim     *sim,
                 TernSimPost *post)
{
  TernSimPost *parent = post->in_reply_to_id ? tern_sim_find_post (sim, post->in_reply_to_id) : NULL;
  SimUser *user = parent ? tern_sim_find_user (sim, parent->author_id) : NULL;
  g_autofree char *path = NULL;

  if (post->in_reply_to_id == NULL)
    return;
  if (parent == NULL)
    {
      g_string_append_printf (out, "<p class=\"reply-to meta\">%s</p>\n", _("Replying to a post that is unavailable."));
      return;
    }
  path = post_path (sim, parent);
  g_string_append_printf (out, "<section class=\"reply-to\"><p class=\"meta\">%s <a href=\"",
                          /* Translators: followed by a link to @username */
                          _("Replying to"));
  append_escaped (out, path);
  g_string_append (out, "\">@");
  append_escaped (out, user ? user->username : parent->author_id);
  g_string_append (out, "</a></p><blockquote>");
  append_escaped (out, parent->text);
  g_string_append (out, "</blockquote></section>\n");
}

static const char *
reply_settings_words (const char *value)
{
  if (value == NULL)
    return _("Everyone can reply.");
  if (g_str_equal (value, "following"))
    return _("Only accounts the author follows can reply.");
  if (g_str_equal (value, "mentionedUsers"))
    return _("Only accounts mentioned in the post can reply.");
  if (g_str_equal (value, "verified"))
    return _("Only verified accounts can reply.");
  if (g_str_equal (value, "subscribers"))
    return _("Only the author’s subscribers can reply.");
  return value;
}

static void
respond_html (SimRequest *req,
              guint       status,
              GString    *body)
{
  tern_sim_respond_text (req, status, "text/html; charset=utf-8", body->str);
}

void
tern_sim_handle_post_page (SimRequest *req)
{
  TernSim *sim = req->sim;
  const char *id = req->parts[3];
  TernSimPost *post = tern_sim_find_post (sim, id);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;
  g_autofree char *iso = NULL;
  SimUser *user;

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                        "<meta name=\"viewport\" content=\"width=device-width\">");
  if (post == NULL)
    {
      g_string_append_printf (out, "<title>%s</title><style>%s</style></head><body>"
                              "<p class=\"sandbox\">%s</p><h1>%s</h1><p>%s</p></body></html>\n",
                              _("Post not found · Tern sandbox"), page_style,
                              _("Tern sandbox: a local X simulator. Nothing here is on X."),
                              _("This post doesn’t exist"),
                              _("There is no post with this id in this simulator: it was deleted, or the "
                                "simulator was restarted since."));
      respond_html (req, 404, out);
      return;
    }

  user = tern_sim_find_user (sim, post->author_id);
  when = g_date_time_new_from_unix_utc (post->created_at);
  date = g_date_time_format (when, "%Y-%m-%d %H:%M UTC");
  iso = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
  g_string_append (out, "<title>");
  append_escaped (out, user ? user->name : post->author_id);
  g_string_append (out, " · ");
  append_escaped (out, post->text);
  g_string_append_printf (out, "</title><style>%s</style></head><body>\n", page_style);
  g_string_append_printf (out, "<p class=\"sandbox\">%s</p>\n<main><article class=\"post\">\n",
                          _("Tern sandbox: this post was made against a local X simulator (tern-xsim). "
                            "Nothing here is on X."));
  append_reply_to (out, sim, post);
  append_author (out, sim, post);
  append_text (out, post);
  append_media (out, sim, post);
  append_poll (out, sim, post);
  append_quoted (out, sim, post);
  g_string_append (out, "<p class=\"meta\"><time datetime=\"");
  append_escaped (out, iso);
  g_string_append_printf (out, "\">%s</time> · <span class=\"reply-settings\">%s</span></p>\n",
                          date, reply_settings_words (post->reply_settings));
  g_string_append (out, "</article></main></body></html>\n");
  respond_html (req, 200, out);
}
