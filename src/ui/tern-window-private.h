/* tern-window-private.h
 *
 * Copyright 2026 The Tern developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tern-window.h"
#include "tern-account-button.h"
#include "tern-drafts-list.h"
#include "tern-sign-in-page.h"

G_BEGIN_DECLS

/* The window's state, shared by its split files: tern-window.c (writing
 * and posting), tern-window-accounts.c (signing in, the account button,
 * the sandbox banner), tern-window-dnd.c (files dropped on it) and
 * tern-window-drafts.c (many drafts: new, switch, delete with undo). Each
 * split file has an _init hook called from tern_window_init(), and a
 * class hook for its actions. */
struct _TernWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  TernAccountManager   *account_manager;
  TernDraftStore       *draft_store;
  TernSender           *sender;
  GSignalGroup         *posts_signals;   /* the composer's draft's posts */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkWidget            *banner;
  GtkStack             *stack;
  TernComposer         *composer;
  TernAccountButton    *account_button;
  TernDraftsList       *drafts_list;
  GtkWindow            *shortcuts_window; /* weak: made when first shown */

  /* tern-window-accounts.c */
  TernSignInPage       *sign_in_page;    /* in the stack once first shown */
  TernAccount          *watched_account;
  gboolean              adding_account;
  gboolean              starting_sandbox;

  /* tern-window-drafts.c */
  GPtrArray            *deleted_drafts;  /* deleted, while Undo shows */
};

void _tern_window_class_accounts_init (TernWindowClass *klass);
void _tern_window_accounts_init       (TernWindow      *self);
void _tern_window_accounts_connect    (TernWindow      *self);
void _tern_window_accounts_disconnect (TernWindow      *self);
void _tern_window_dnd_init            (TernWindow      *self);
void _tern_window_class_drafts_init   (TernWindowClass *klass);
void _tern_window_drafts_init         (TernWindow      *self);
void _tern_window_drafts_dispose      (TernWindow      *self);

G_END_DECLS
