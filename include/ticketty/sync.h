/*
 * sync.h: the sync engine (src/providers/sync.c, src/providers/outbox.c).
 *
 * tt_sync_pull() asks an account's driver for pages and stores each page with
 * its cursor in ONE transaction: killing ticketty at any moment and syncing
 * again loses nothing and duplicates nothing.  The driver runs on a fetch
 * thread one page ahead of the store (src/providers/sync_pipe.c); the store,
 * the callbacks and the sync status stay on the calling thread.  It resolves the drivers'
 * external ids to local rows (contacts, customers keyed "ACCOUNT:ext", agents,
 * groups), de-duplicates events, and flags deleted and merged tickets.
 *
 * tt_sync_push() sends an account's due outbox items (store_sync.h describes
 * the states): durable before the network, marked sent only on the provider's
 * confirmation, checked against the remote after a possible crash, and held
 * when the remote ticket changed since the agent opened it.
 *
 * Both report progress through a callback and write the account's sync status
 * to the store, which is all the console reads.  Owner: the sync helper.
 */
#ifndef TICKETTY_SYNC_H
#define TICKETTY_SYNC_H

#include <stdbool.h>
#include <stdint.h>

#include "ticketty/accounts.h"
#include "ticketty/config.h"
#include "ticketty/err.h"
#include "ticketty/http.h"
#include "ticketty/store.h"

struct tt_sync_stats {
    int64_t pages, tickets, contacts, customers, events, deleted, requests;
    int64_t waits, wait_ms;     /* rate-limit / budget waits */
    int64_t sent, failed, held; /* outbox: failed = for good in this run (waits for the agent) */
    int64_t retrying;           /* outbox: failed for now (network, 5xx, 429), retried later */
    enum tt_http_fail fail;     /* why the account failed, TT_HTTP_OK if it did not */
};

struct tt_sync_opts {
    bool full;                      /* ignore the saved cursor */
    bool verbose;                   /* HTTP log on stderr (credential redacted) */
    int max_pages;                  /* stop after this many pages (0 = all); for tests */
    const struct tt_config *config; /* sync.* keys; NULL = defaults */
    volatile int *cancel;
    /* Called on the calling thread after every page and when a wait begins. */
    void (*on_progress)(void *ud, const char *account, const struct tt_sync_stats *s,
                        const char *what);
    void *ud;
};

/* Pull one account.  0 ok, -1 with err (the stats say how far it got). */
int tt_sync_pull(struct tt_store *st, const struct tt_account_conf *a, const struct tt_sync_opts *o,
                 struct tt_sync_stats *stats, struct tt_err *err);
/* Send an account's due outbox items.  -1 when the account could not be
 * reached at all; per-item failures are recorded on the items and counted:
 * stats->retrying for those that will be retried by themselves (network,
 * 5xx, 429, attempts left), stats->failed for the rest (refused by the
 * helpdesk, out of attempts), held for the stale-reply guard. */
int tt_sync_push(struct tt_store *st, const struct tt_account_conf *a, const struct tt_sync_opts *o,
                 struct tt_sync_stats *stats, struct tt_err *err);

/* Accounts with no helpdesk behind them: provider "local" (the demo workspace,
 * TT_DEMO_PROVIDER, and imports).  There is still one path for every write —
 * tt_outbox_queue() puts it in the outbox and a push delivers it — but a local
 * account's push writes into the store what a helpdesk's echo would bring back
 * with the next pull (src/providers/outbox.c says exactly what), marks the
 * item sent in the same transaction, and recomputes the SLA cache of the
 * tickets it touched (config: the `sla` section; NULL = built-in).
 * account_id 0 = every local account.  -1 when account_id is not local or the
 * store fails; per-item failures are recorded on the items and counted. */
int tt_sync_push_local(struct tt_store *st, int64_t account_id, const struct tt_config *config,
                       struct tt_sync_stats *stats, struct tt_err *err);
/* 1 when the account (by name) has provider "local", 0 when not (or absent), -1 on error. */
int tt_sync_account_is_local(struct tt_store *st, const char *account, struct tt_err *err);
/* An account still in the store but no longer configured and not local (removed
 * with `account remove` without --purge): its due items can reach no helpdesk,
 * and must not be "delivered" locally either.  Each is failed, without a retry
 * time, with an error naming the account and the way out (add the account back
 * and `outbox retry`, or `outbox drop`); counted in stats->failed. */
int tt_sync_fail_unconfigured(struct tt_store *st, int64_t account_id, struct tt_sync_stats *stats,
                              struct tt_err *err);

/* Local account row for a configured account (created on first use). */
int tt_sync_account_id(struct tt_store *st, const struct tt_account_conf *a, int64_t *id,
                       struct tt_err *err);

/* Whether a reply or note (kind; any other kind passes) may go to ticket t:
 * -1 with err "ticket #N is closed: ..." when t is closed and its account's
 * provider treats closed as final (tt_provider_closed_is_final: Zendesk, which
 * refuses every update of a closed ticket, and the local provider, which
 * imitates it).  A closed Freshdesk ticket takes replies and notes, and a
 * closed Intercom conversation (our solved) reopens on reply: both pass.  A
 * deleted ticket (deleted on the helpdesk, marked by the pull) takes nothing,
 * whatever the kind: -1 with "ticket #N was deleted: ...".  tt_outbox_queue
 * refuses what this refuses, `reply`/`note` and the console check it before
 * opening the editor, `outbox retry` before requeueing, and a local account's
 * delivery fails an item queued before the ticket closed.  A solved ticket
 * takes them (its status stays solved, as on Zendesk). */
int tt_outbox_check_comment(struct tt_store *st, const struct tt_ticket *t, const char *kind,
                            struct tt_err *err);
/* Whether an agent's field change (status, priority, assignee, group, tags)
 * may go to ticket t: refused as above for a deleted ticket, and for a closed
 * one whose provider treats closed as final ("ticket #N is closed: ...").
 * `ticket set` and the console check it up front; tt_outbox_queue does not (a
 * command that closes a ticket may queue more changes after the status). */
int tt_outbox_check_change(struct tt_store *st, const struct tt_ticket *t, struct tt_err *err);

/* Queue a write for a local ticket (durable on return).  kind: reply, note,
 * status, priority, assignee, group, tags; the value is checked here (status
 * and priority names, non-empty text).  The stale-reply guard uses the ticket's
 * updated_at as the agent saw it (base_updated_at; 0 = the stored one).
 * Status and priority names are taken in any case and queued canonical. */
int tt_outbox_queue(struct tt_store *st, int64_t ticket_id, const char *kind, const char *value,
                    int64_t base_updated_at, int64_t *id_out, struct tt_err *err);
/* An agent's change (console, `ticket set`): as tt_outbox_queue, but a field
 * (status, priority, assignee, group, tags) set to the value the ticket
 * already has, with no item of that kind still unsent, is no change: 1,
 * nothing queued, *id_out = 0, err says why ("priority is already high").
 * Callers that write the local row first (triage) use tt_outbox_queue. */
int tt_outbox_set(struct tt_store *st, int64_t ticket_id, const char *kind, const char *value,
                  int64_t base_updated_at, int64_t *id_out, struct tt_err *err);

#endif
