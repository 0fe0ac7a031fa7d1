/* tern-sim-faults.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-sim"

#include "config.h"

#include <glib/gi18n.h>

#include "tern-sim-private.h"

/* The fault plan: which requests get latency, a status, a reset, expired
 * tokens, failed processing or a broken body. Everything random comes from
 * one GRand seeded by the plan, drawn only for requests that match all the
 * other conditions, so the same run of requests replays the same faults. */

static const char *kinds[] = {
  TERN_SIM_KIND_AUTHORIZE, TERN_SIM_KIND_AUTHORIZE_DECISION, TERN_SIM_KIND_TOKEN,
  TERN_SIM_KIND_REVOKE, TERN_SIM_KIND_USERS_ME, TERN_SIM_KIND_USERS_TWEETS,
  TERN_SIM_KIND_TWEETS_CREATE, TERN_SIM_KIND_MEDIA_UPLOAD, TERN_SIM_KIND_MEDIA_INITIALIZE,
  TERN_SIM_KIND_MEDIA_APPEND, TERN_SIM_KIND_MEDIA_FINALIZE, TERN_SIM_KIND_MEDIA_STATUS,
  TERN_SIM_KIND_MEDIA_METADATA, TERN_SIM_KIND_UNKNOWN, "*", NULL,
};

static const char *bodies[] = {
  "problem", "legacy", "oauth", "empty", "malformed", "html", "truncated", "bare", NULL,
};

static const struct { const char *name; SimFaultAction action; } actions[] = {
  { "latency", SIM_FAULT_LATENCY },
  { "status", SIM_FAULT_STATUS },
  { "reset", SIM_FAULT_RESET },
  { "expire_tokens", SIM_FAULT_EXPIRE_TOKENS },
  { "fail_processing", SIM_FAULT_FAIL_PROCESSING },
  { "corrupt_body", SIM_FAULT_CORRUPT_BODY },
};

static void
sim_fault_free (SimFault *fault)
{
  g_free (fault->kind);
  g_clear_pointer (&fault->nth, g_array_unref);
  g_free (fault->body);
  g_clear_pointer (&fault->json, json_node_unref);
  g_free (fault->error_name);
  g_free (fault->error_message);
  g_free (fault);
}

void
tern_sim_fault_plan_free (SimFaultPlan *plan)
{
  if (plan == NULL || --plan->ref_count > 0)
    return;
  g_rand_free (plan->rand);
  g_ptr_array_unref (plan->faults);
  g_hash_table_unref (plan->latency_ms);
  g_hash_table_unref (plan->counts);
  g_free (plan);
}

static gboolean
plan_error (GError    **error,
            guint       index,
            const char *message)
{
  if (index == G_MAXUINT)
    g_set_error (error, TERN_SIM_ERROR, TERN_SIM_ERROR_CONFIG,
                 _("Fault plan: %s"), message);
  else
    g_set_error (error, TERN_SIM_ERROR, TERN_SIM_ERROR_CONFIG,
                 _("Fault plan, fault %u: %s"), index + 1, message);
  return FALSE;
}

static gboolean
node_is_number (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 ||
          json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

static gboolean
read_uint (JsonObject  *object,
           const char  *name,
           gint64      *out,
           guint        index,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return TRUE;
  if (!node_is_number (node) || json_node_get_double (node) < 0)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be a number of at least 0."), name);
      return plan_error (error, index, message);
    }
  *out = json_node_get_value_type (node) == G_TYPE_INT64
         ? json_node_get_int (node) : (gint64) json_node_get_double (node);
  return TRUE;
}

static SimFault *
parse_fault (JsonNode  *node,
             guint      index,
             GError   **error)
{
  static const char *known[] = {
    "kind", "action", "nth", "from", "every", "probability", "min_bytes", "early",
    "times", "when", "ms", "status", "body", "json", "reset_after_secs", "error",
    "stay_in_progress", "comment", NULL,
  };
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  SimFault *fault;
  const char *text;
  JsonNode *member;
  gint64 value;
  gboolean found = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      plan_error (error, index, _("each fault must be a JSON object."));
      return NULL;
    }
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (known, l->data))
        {
          g_autofree char *message = g_strdup_printf (_("unknown key “%s”."), (const char *) l->data);
          plan_error (error, index, message);
          return NULL;
        }
    }

  fault = g_new0 (SimFault, 1);
  fault->probability = -1;
  fault->min_bytes = -1;
  fault->early = -1;
  fault->times = -1;
  fault->reset_after_secs = -1;

  text = json_object_get_string_member_with_default (object, "kind", NULL);
  if (text == NULL || !g_strv_contains (kinds, text))
    {
      plan_error (error, index, _("“kind” must be a request kind such as “media_append”, or “*”."));
      sim_fault_free (fault);
      return NULL;
    }
  fault->kind = g_strdup (text);

  text = json_object_get_string_member_with_default (object, "action", NULL);
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (actions); i++)
    {
      if (g_str_equal (text, actions[i].name))
        {
          fault->action = actions[i].action;
          found = TRUE;
        }
    }
  if (!found)
    {
      plan_error (error, index, _("“action” must be one of latency, status, reset, expire_tokens, fail_processing, corrupt_body."));
      sim_fault_free (fault);
      return NULL;
    }

  member = json_object_get_member (object, "nth");
  if (member != NULL)
    {
      fault->nth = g_array_new (FALSE, FALSE, sizeof (guint));
      if (node_is_number (member))
        {
          guint n = json_node_get_int (member);

          g_array_append_val (fault->nth, n);
        }
      else if (JSON_NODE_HOLDS_ARRAY (member))
        {
          JsonArray *array = json_node_get_array (member);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);
              guint n;

              if (!node_is_number (element))
                break;
              n = json_node_get_int (element);
              g_array_append_val (fault->nth, n);
            }
          if (fault->nth->len != json_array_get_length (array))
            {
              plan_error (error, index, _("“nth” must be a number or a list of numbers (1 is the first request of that kind)."));
              sim_fault_free (fault);
              return NULL;
            }
        }
      else
        {
          plan_error (error, index, _("“nth” must be a number or a list of numbers (1 is the first request of that kind)."));
          sim_fault_free (fault);
          return NULL;
        }
    }

  value = 0;
  if (!read_uint (object, "from", &value, index, error))
    goto fail;
  fault->from = value;
  value = 0;
  if (!read_uint (object, "every", &value, index, error))
    goto fail;
  fault->every = value;
  value = -1;
  if (!read_uint (object, "min_bytes", &value, index, error))
    goto fail;
  fault->min_bytes = value;
  value = -1;
  if (!read_uint (object, "times", &value, index, error))
    goto fail;
  fault->times = value;
  value = 0;
  if (!read_uint (object, "ms", &value, index, error))
    goto fail;
  fault->ms = value;
  value = 0;
  if (!read_uint (object, "status", &value, index, error))
    goto fail;
  fault->status = value;
  value = -1;
  if (!read_uint (object, "reset_after_secs", &value, index, error))
    goto fail;
  fault->reset_after_secs = value;

  member = json_object_get_member (object, "probability");
  if (member != NULL)
    {
      if (!node_is_number (member) || json_node_get_double (member) < 0 ||
          json_node_get_double (member) > 1)
        {
          plan_error (error, index, _("“probability” must be a number from 0 to 1."));
          goto fail;
        }
      fault->probability = json_node_get_double (member);
    }

  if (json_object_has_member (object, "early"))
    fault->early = json_object_get_boolean_member (object, "early") ? 1 : 0;
  fault->stay_in_progress = json_object_get_boolean_member_with_default (object, "stay_in_progress", FALSE);

  text = json_object_get_string_member_with_default (object, "when", "before");
  if (!g_str_equal (text, "before") && !g_str_equal (text, "after"))
    {
      plan_error (error, index, _("“when” must be “before” (the request has no effect) or “after” (it takes effect, then the answer is replaced)."));
      goto fail;
    }
  fault->after = g_str_equal (text, "after");

  text = json_object_get_string_member_with_default (object, "body", NULL);
  if (text != NULL && !g_strv_contains (bodies, text))
    {
      plan_error (error, index, _("“body” must be one of problem, legacy, oauth, empty, malformed, html, truncated, bare."));
      goto fail;
    }
  fault->body = g_strdup (text);

  member = json_object_get_member (object, "json");
  if (member != NULL)
    fault->json = json_node_copy (member);

  member = json_object_get_member (object, "error");
  if (member != NULL)
    {
      JsonObject *err;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          plan_error (error, index, _("“error” must be an object with “code”, “name” and “message”."));
          goto fail;
        }
      err = json_node_get_object (member);
      fault->error_code = json_object_get_int_member_with_default (err, "code", 1);
      fault->error_name = g_strdup (json_object_get_string_member_with_default (err, "name", "InvalidMedia"));
      fault->error_message = g_strdup (json_object_get_string_member_with_default (err, "message", "Invalid or Unsupported media."));
    }
  else if (fault->action == SIM_FAULT_FAIL_PROCESSING)
    {
      fault->error_code = 1;
      fault->error_name = g_strdup ("InvalidMedia");
      fault->error_message = g_strdup ("Invalid or Unsupported media, Reason: UnsupportedMedia.");
    }

  if (fault->action == SIM_FAULT_STATUS && (fault->status < 100 || fault->status > 599))
    {
      plan_error (error, index, _("a “status” fault needs a “status” from 100 to 599."));
      goto fail;
    }
  if (fault->action == SIM_FAULT_LATENCY && fault->ms == 0)
    {
      plan_error (error, index, _("a “latency” fault needs “ms”, the delay in milliseconds."));
      goto fail;
    }
  if (fault->action == SIM_FAULT_FAIL_PROCESSING &&
      !g_str_equal (fault->kind, TERN_SIM_KIND_MEDIA_FINALIZE) &&
      !g_str_equal (fault->kind, TERN_SIM_KIND_MEDIA_STATUS))
    {
      plan_error (error, index, _("“fail_processing” applies to media_finalize or media_status requests."));
      goto fail;
    }

  return fault;

fail:
  sim_fault_free (fault);
  return NULL;
}

SimFaultPlan *
tern_sim_fault_plan_new (JsonObject  *object,
                         GError     **error)
{
  static const char *known[] = {
    "seed", "faults", "latency_ms", "append_processing_ms", "comment", NULL,
  };
  g_autoptr(GList) members = json_object_get_members (object);
  SimFaultPlan *plan = g_new0 (SimFaultPlan, 1);
  JsonNode *node;
  gint64 value;

  plan->ref_count = 1;
  plan->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_fault_free);
  plan->latency_ms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  plan->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (known, l->data))
        {
          g_autofree char *message = g_strdup_printf (_("unknown key “%s”."), (const char *) l->data);
          plan_error (error, G_MAXUINT, message);
          goto fail;
        }
    }

  value = 0;
  if (!read_uint (object, "seed", &value, G_MAXUINT, error))
    goto fail;
  plan->seed = value;
  plan->rand = g_rand_new_with_seed (plan->seed);

  value = 0;
  if (!read_uint (object, "append_processing_ms", &value, G_MAXUINT, error))
    goto fail;
  plan->append_processing_ms = value;

  node = json_object_get_member (object, "latency_ms");
  if (node != NULL)
    {
      JsonObject *latency;
      g_autoptr(GList) names = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          plan_error (error, G_MAXUINT, _("“latency_ms” must map request kinds (or “*”) to milliseconds."));
          goto fail;
        }
      latency = json_node_get_object (node);
      names = json_object_get_members (latency);
      for (GList *l = names; l != NULL; l = l->next)
        {
          if (!g_strv_contains (kinds, l->data))
            {
              g_autofree char *message = g_strdup_printf (_("“%s” in “latency_ms” is not a request kind."),
                                                          (const char *) l->data);
              plan_error (error, G_MAXUINT, message);
              goto fail;
            }
          value = 0;
          if (!read_uint (latency, l->data, &value, G_MAXUINT, error))
            goto fail;
          g_hash_table_insert (plan->latency_ms, g_strdup (l->data), GUINT_TO_POINTER ((guint) value));
        }
    }

  node = json_object_get_member (object, "faults");
  if (node != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          plan_error (error, G_MAXUINT, _("“faults” must be a list of fault objects."));
          goto fail;
        }
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          SimFault *fault = parse_fault (json_array_get_element (array, i), i, error);

          if (fault == NULL)
            goto fail;
          g_ptr_array_add (plan->faults, fault);
        }
    }

  return plan;

fail:
  if (plan->rand == NULL)
    plan->rand = g_rand_new_with_seed (0);
  tern_sim_fault_plan_free (plan);
  return NULL;
}

static gboolean
nth_contains (GArray *nth,
              guint   n)
{
  for (guint i = 0; i < nth->len; i++)
    if (g_array_index (nth, guint, i) == n)
      return TRUE;
  return FALSE;
}

static const char *
action_name (SimFaultAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (actions[i].action == action)
      return actions[i].name;
  return "fault";
}

/* Called with the simulator's lock held, once per request, in the order
 * requests arrive. */
void
tern_sim_fault_plan_match (SimFaultPlan *plan,
                           SimRequest   *req,
                           gsize         body_bytes)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (plan->counts, req->kind)) + 1;
  gpointer value;

  g_hash_table_insert (plan->counts, g_strdup (req->kind), GUINT_TO_POINTER (count));
  req->nth = count;
  /* the request keeps the faults it matched alive if the plan is replaced
   * while it waits out its latency */
  if (req->plan == NULL)
    {
      plan->ref_count++;
      req->plan = plan;
    }

  if (g_hash_table_lookup_extended (plan->latency_ms, req->kind, NULL, &value) ||
      g_hash_table_lookup_extended (plan->latency_ms, "*", NULL, &value))
    req->latency_ms += GPOINTER_TO_UINT (value);
  if (g_str_equal (req->kind, TERN_SIM_KIND_MEDIA_APPEND))
    req->latency_ms += plan->append_processing_ms;

  for (guint i = 0; i < plan->faults->len; i++)
    {
      SimFault *fault = g_ptr_array_index (plan->faults, i);

      if (!g_str_equal (fault->kind, "*") && !g_str_equal (fault->kind, req->kind))
        continue;
      if (fault->nth != NULL && !nth_contains (fault->nth, count))
        continue;
      if (fault->from > 0 && count < fault->from)
        continue;
      if (fault->every > 0 && count % fault->every != 0)
        continue;
      if (fault->min_bytes >= 0 && (gint64) body_bytes < fault->min_bytes)
        continue;
      if (fault->early >= 0 && fault->early != (req->early_poll ? 1 : 0))
        continue;
      if (fault->times >= 0 && fault->fired >= fault->times)
        continue;
      if (fault->probability >= 0 && g_rand_double (plan->rand) >= fault->probability)
        continue;

      switch (fault->action)
        {
        case SIM_FAULT_LATENCY:
          req->latency_ms += fault->ms;
          break;
        case SIM_FAULT_STATUS:
        case SIM_FAULT_RESET:
          if (req->terminal != NULL)
            continue;
          req->terminal = fault;
          break;
        case SIM_FAULT_EXPIRE_TOKENS:
          req->expire_tokens = TRUE;
          break;
        case SIM_FAULT_FAIL_PROCESSING:
          if (req->processing_fault != NULL)
            continue;
          req->processing_fault = fault;
          break;
        case SIM_FAULT_CORRUPT_BODY:
          if (req->corrupt != NULL)
            continue;
          req->corrupt = fault;
          break;
        default:
          g_assert_not_reached ();
        }
      fault->fired++;
      tern_sim_note_fault (req, action_name (fault->action));
    }
}
