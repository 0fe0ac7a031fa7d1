/* tern-reference-row.c
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tern-reference-row"

#include "config.h"

#include <glib/gi18n.h>

#include "core/tern-x.h"
#include "tern-reference-row.h"

struct _TernReferenceRow
{
  GtkWidget           parent_instance;

  TernReferenceKind   kind;
  TernDraft          *draft;
  TernClient         *client;
  TernReferencedPost *post;
  char               *error;
  char               *fetched_id;    /* what post and error are about */
  GCancellable       *cancellable;
  gboolean            editing;

  GtkStack           *stack;
  AdwButtonContent   *open_content;
  GtkEntry           *entry;
  GtkLabel           *entry_error_label;
  GtkImage           *kind_icon;
  GtkLabel           *title_label;
  GtkSpinner         *spinner;
  GtkWidget          *remove_button;
  GtkLabel           *text_label;
  GtkWidget          *media_box;
  GtkLabel           *error_label;
  GtkLabel           *conflict_label;
};

G_DEFINE_FINAL_TYPE (TernReferenceRow, tern_reference_row, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (TernReferenceKind, tern_reference_kind,
  G_DEFINE_ENUM_VALUE (TERN_REFERENCE_KIND_REPLY, "reply"),
  G_DEFINE_ENUM_VALUE (TERN_REFERENCE_KIND_QUOTE, "quote"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_DRAFT,
  PROP_CLIENT,
  PROP_POST,
  PROP_ERROR,
  PROP_BUSY,
  PROP_COLLAPSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void sync_from_draft (TernReferenceRow *self);

/* Helpers */

static const char *
draft_id (TernReferenceRow *self)
{
  if (self->draft == NULL)
    return NULL;
  return self->kind == TERN_REFERENCE_KIND_REPLY ? tern_draft_get_reply_to (self->draft)
                                                 : tern_draft_get_quote (self->draft);
}

static void
set_draft_id (TernReferenceRow *self,
              const char       *id)
{
  if (self->draft == NULL)
    return;
  if (self->kind == TERN_REFERENCE_KIND_REPLY)
    tern_draft_set_reply_to (self->draft, id);
  else
    tern_draft_set_quote (self->draft, id);
}

static void
set_error (TernReferenceRow *self,
           const char       *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_post (TernReferenceRow   *self,
          TernReferencedPost *post)
{
  if (self->post == post)
    return;
  g_set_object (&self->post, post);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POST]);
}

static void
set_busy (TernReferenceRow *self,
          gboolean          busy)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->spinner)) == busy)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_card (TernReferenceRow *self)
{
  const char *id = draft_id (self);
  gboolean reply = self->kind == TERN_REFERENCE_KIND_REPLY;
  g_autofree char *title = NULL;

  if (self->post != NULL)
    {
      const char *name = tern_referenced_post_get_author_name (self->post);
      const char *username = tern_referenced_post_get_author_username (self->post);
      g_autofree char *who = NULL;

      if (name != NULL && username != NULL)
        who = g_strdup_printf ("%s @%s", name, username);
      else if (username != NULL)
        who = g_strdup_printf ("@%s", username);
      else
        who = g_strdup (name ? name : _("a post"));
      title = g_strdup_printf (reply ? _("Replying to %s") : _("Quoting %s"), who);
      gtk_label_set_label (self->text_label, tern_referenced_post_get_text (self->post));
      gtk_widget_set_visible (self->media_box, tern_referenced_post_get_has_media (self->post));
    }
  else
    {
      title = g_strdup_printf (reply ? _("Replying to post %s") : _("Quoting post %s"), id);
      gtk_label_set_label (self->text_label, NULL);
      gtk_widget_set_visible (self->media_box, FALSE);
    }
  gtk_label_set_label (self->title_label, title);
  gtk_widget_set_visible (GTK_WIDGET (self->text_label), self->post != NULL);
  gtk_label_set_label (self->error_label, self->error);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error != NULL);
  if (self->error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->stack), "error-card");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->stack), "error-card");
  gtk_stack_set_visible_child_name (self->stack, "card");
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TernReferenceRow) self = user_data;
  g_autoptr(TernReferencedPost) post = NULL;
  g_autoptr(GError) error = NULL;

  post = tern_referenced_post_fetch_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  set_post (self, post);
  set_error (self, error != NULL ? error->message : NULL);
  if (draft_id (self) != NULL)
    show_card (self);
}

static void
fetch (TernReferenceRow *self)
{
  const char *id = draft_id (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_free (self->fetched_id);
  self->fetched_id = g_strdup (id);
  set_post (self, NULL);

  if (self->client == NULL)
    {
      set_busy (self, FALSE);
      set_error (self, _("Sign in to see the post; it is looked up before posting."));
      show_card (self);
      return;
    }

  set_error (self, NULL);
  set_busy (self, TRUE);
  show_card (self);
  self->cancellable = g_cancellable_new ();
  tern_referenced_post_fetch_async (self->client, id, self->cancellable, fetched_cb,
                                    g_object_ref (self));
}

static void
sync_from_draft (TernReferenceRow *self)
{
  const char *id = draft_id (self);

  if (id == NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_pointer (&self->fetched_id, g_free);
      set_busy (self, FALSE);
      set_post (self, NULL);
      set_error (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, self->editing ? "entry" : "button");
      return;
    }
  self->editing = FALSE;
  if (g_strcmp0 (id, self->fetched_id) != 0 ||
      (self->post == NULL && !gtk_widget_get_visible (GTK_WIDGET (self->spinner))))
    fetch (self);
  else
    show_card (self);
}

static void
draft_id_changed_cb (TernReferenceRow *self,
                     GParamSpec       *pspec,
                     TernDraft        *draft)
{
  sync_from_draft (self);
}

static void
visible_page_cb (TernReferenceRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLLAPSED]);
}

static void
entry_activate_cb (TernReferenceRow *self)
{
  tern_reference_row_set_address (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

/* A pasted address goes at once; a bare id waits for Enter. */
static void
entry_changed_cb (TernReferenceRow *self,
                  GtkEditable      *entry)
{
  const char *text = gtk_editable_get_text (entry);

  gtk_widget_set_visible (GTK_WIDGET (self->entry_error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  if (strstr (text, "/status") != NULL &&
      tern_x_parse_post_address (text, self->client ? tern_client_get_api_base (self->client) : NULL,
                                 NULL, NULL, NULL))
    tern_reference_row_set_address (self, text);
}

static gboolean
drop_cb (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         TernReferenceRow *self)
{
  return tern_reference_row_set_address (self, g_value_get_string (value));
}

/* Actions */

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TernReferenceRow *self = TERN_REFERENCE_ROW (widget);

  self->editing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  gtk_stack_set_visible_child_name (self->stack, "entry");
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TernReferenceRow *self = TERN_REFERENCE_ROW (widget);

  self->editing = FALSE;
  set_draft_id (self, NULL);
  sync_from_draft (self);
}

/* GObject */

static void
tern_reference_row_dispose (GObject *object)
{
  TernReferenceRow *self = (TernReferenceRow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  tern_reference_row_set_draft (self, NULL);
  g_clear_object (&self->client);
  g_clear_object (&self->post);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERN_TYPE_REFERENCE_ROW);
  /* The template's root box has no id: it is unparented here. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tern_reference_row_parent_class)->dispose (object);
}

static void
tern_reference_row_finalize (GObject *object)
{
  TernReferenceRow *self = (TernReferenceRow *)object;

  g_free (self->error);
  g_free (self->fetched_id);

  G_OBJECT_CLASS (tern_reference_row_parent_class)->finalize (object);
}

static void
tern_reference_row_constructed (GObject *object)
{
  TernReferenceRow *self = (TernReferenceRow *)object;
  gboolean reply = self->kind == TERN_REFERENCE_KIND_REPLY;

  G_OBJECT_CLASS (tern_reference_row_parent_class)->constructed (object);

  adw_button_content_set_icon_name (self->open_content, reply ? "mail-reply-sender-symbolic"
                                                              : "mail-forward-symbolic");
  adw_button_content_set_label (self->open_content, reply ? _("_Reply To…") : _("_Quote…"));
  adw_button_content_set_use_underline (self->open_content, TRUE);
  gtk_image_set_from_icon_name (self->kind_icon, reply ? "mail-reply-sender-symbolic"
                                                       : "mail-forward-symbolic");
  gtk_entry_set_placeholder_text (self->entry, reply ? _("Paste the address of the post to reply to")
                                                     : _("Paste the address of the post to quote"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  reply ? _("Reply To") : _("Quote"), -1);
  gtk_widget_set_tooltip_text (self->remove_button, reply ? _("Do Not Reply to This Post")
                                                          : _("Do Not Quote This Post"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  reply ? _("Remove Reply") : _("Remove Quote"), -1);
}

static void
tern_reference_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TernReferenceRow *self = TERN_REFERENCE_ROW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_POST:
      g_value_set_object (value, self->post);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, tern_reference_row_get_busy (self));
      break;
    case PROP_COLLAPSED:
      g_value_set_boolean (value, tern_reference_row_get_collapsed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_reference_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TernReferenceRow *self = TERN_REFERENCE_ROW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_DRAFT:
      tern_reference_row_set_draft (self, g_value_get_object (value));
      break;
    case PROP_CLIENT:
      tern_reference_row_set_client (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tern_reference_row_class_init (TernReferenceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tern_reference_row_dispose;
  object_class->finalize = tern_reference_row_finalize;
  object_class->constructed = tern_reference_row_constructed;
  object_class->get_property = tern_reference_row_get_property;
  object_class->set_property = tern_reference_row_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, TERN_TYPE_REFERENCE_KIND, TERN_REFERENCE_KIND_REPLY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, TERN_TYPE_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TERN_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POST] =
    g_param_spec_object ("post", NULL, NULL, TERN_TYPE_REFERENCED_POST,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLLAPSED] =
    g_param_spec_boolean ("collapsed", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "reference.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "reference.remove", NULL, remove_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tern-reference-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TernReferenceRow, stack);
  gtk_widget_class_bind_template_child (widget_class, TernReferenceRow, open_content);
  gtk_widget_class_bind_template_child (widget_class, TernReferenceRow, entry);
  gtk_widget_class_bind_template_child (widget_class, TernReferenceRow, entry_error_label);
  gtk_widget_class_bind_template_child (widget_class, TernReferenceRow, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, TernReferenceRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, TernReferenceRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, TernReferenceRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, TernReferenceRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, TernReferenceRow, media_box);
  gtk_widget_class_bind_template_child (widget_class, TernReferenceRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, TernReferenceRow, conflict_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "referencerow");
}

static void
tern_reference_row_init (TernReferenceRow *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->entry, "changed", G_CALLBACK (entry_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* A post's address dragged from a browser. */
  target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/* Public API */

/**
 * tern_reference_row_new:
 *
 * Returns: (transfer full): a "Reply to" or "Quote" row
 */
GtkWidget *
tern_reference_row_new (TernReferenceKind kind)
{
  return g_object_new (TERN_TYPE_REFERENCE_ROW, "kind", kind, NULL);
}

/**
 * tern_reference_row_get_draft:
 *
 * Returns: (transfer none) (nullable): the draft
 */
TernDraft *
tern_reference_row_get_draft (TernReferenceRow *self)
{
  g_return_val_if_fail (TERN_IS_REFERENCE_ROW (self), NULL);
  return self->draft;
}

void
tern_reference_row_set_draft (TernReferenceRow *self,
                              TernDraft        *draft)
{
  g_return_if_fail (TERN_IS_REFERENCE_ROW (self));
  g_return_if_fail (draft == NULL || TERN_IS_DRAFT (draft));

  if (self->draft == draft)
    return;
  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_data (self->draft, self);
  g_set_object (&self->draft, draft);
  if (draft != NULL)
    g_signal_connect_object (draft,
                             self->kind == TERN_REFERENCE_KIND_REPLY ? "notify::reply-to" : "notify::quote",
                             G_CALLBACK (draft_id_changed_cb), self, G_CONNECT_SWAPPED);
  self->editing = FALSE;
  g_clear_pointer (&self->fetched_id, g_free);
  sync_from_draft (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
}

/**
 * tern_reference_row_get_client:
 *
 * Returns: (transfer none) (nullable): the client posts are looked up with
 */
TernClient *
tern_reference_row_get_client (TernReferenceRow *self)
{
  g_return_val_if_fail (TERN_IS_REFERENCE_ROW (self), NULL);
  return self->client;
}

void
tern_reference_row_set_client (TernReferenceRow *self,
                               TernClient       *client)
{
  g_return_if_fail (TERN_IS_REFERENCE_ROW (self));
  g_return_if_fail (client == NULL || TERN_IS_CLIENT (client));

  if (self->client == client)
    return;
  g_set_object (&self->client, client);
  /* Another account may see the post differently: look again. */
  if (draft_id (self) != NULL)
    fetch (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

/**
 * tern_reference_row_get_post:
 *
 * Returns: (transfer none) (nullable): the post as X showed it
 */
TernReferencedPost *
tern_reference_row_get_post (TernReferenceRow *self)
{
  g_return_val_if_fail (TERN_IS_REFERENCE_ROW (self), NULL);
  return self->post;
}

/**
 * tern_reference_row_get_error:
 *
 * Returns: (nullable): why the post cannot be shown, for people
 */
const char *
tern_reference_row_get_error (TernReferenceRow *self)
{
  g_return_val_if_fail (TERN_IS_REFERENCE_ROW (self), NULL);
  return self->error;
}

gboolean
tern_reference_row_get_busy (TernReferenceRow *self)
{
  g_return_val_if_fail (TERN_IS_REFERENCE_ROW (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->spinner));
}

/**
 * tern_reference_row_set_address:
 * @text: a post's address or id, as pasted or dropped
 *
 * Returns: whether @text named a post; if not, the row says why
 */
gboolean
tern_reference_row_set_address (TernReferenceRow *self,
                                const char       *text)
{
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (TERN_IS_REFERENCE_ROW (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!tern_x_parse_post_address (text, self->client ? tern_client_get_api_base (self->client) : NULL,
                                  &id, NULL, &error))
    {
      self->editing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
      gtk_label_set_label (self->entry_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->entry_error_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      gtk_stack_set_visible_child_name (self->stack, "entry");
      return FALSE;
    }

  self->editing = FALSE;
  set_draft_id (self, id);
  sync_from_draft (self);
  return TRUE;
}

/**
 * tern_reference_row_get_collapsed:
 *
 * Returns: whether the row is only its button (no field, no card)
 */
gboolean
tern_reference_row_get_collapsed (TernReferenceRow *self)
{
  g_return_val_if_fail (TERN_IS_REFERENCE_ROW (self), TRUE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "button") == 0;
}

/**
 * tern_reference_row_set_conflict:
 * @conflict: (nullable): what X refuses together with this post's
 *   reference, such as a poll in a post that quotes another
 *
 * Shows @conflict under the card, where the quote is, while the thread
 * combines it with something X refuses.
 */
void
tern_reference_row_set_conflict (TernReferenceRow *self,
                                 const char       *conflict)
{
  g_return_if_fail (TERN_IS_REFERENCE_ROW (self));

  if (g_strcmp0 (gtk_label_get_label (self->conflict_label), conflict ? conflict : "") != 0)
    gtk_label_set_label (self->conflict_label, conflict);
  gtk_widget_set_visible (GTK_WIDGET (self->conflict_label), conflict != NULL);
}

/**
 * tern_reference_row_get_conflict:
 *
 * Returns: (nullable): the conflict shown under the card, or %NULL
 */
const char *
tern_reference_row_get_conflict (TernReferenceRow *self)
{
  g_return_val_if_fail (TERN_IS_REFERENCE_ROW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->conflict_label))
    ? gtk_label_get_label (self->conflict_label) : NULL;
}
