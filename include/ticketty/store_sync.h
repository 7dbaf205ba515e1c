/*
 * store_sync.h: the sync module's tables (src/store/schema_sync.c) and queries
 * (src/store/sync.c): per-account cursors, per-account sync status (what the
 * console's status line shows), id resolution for pulled pages, tombstones,
 * and the outbox of writes waiting to reach a provider.
 *
 * Owner: the sync helper.  Outbox state machine:
 *
 *   pending --send--> sending --confirmed--> sent
 *      ^                 |  \--error------> failed (next_attempt_at set while
 *      |                 |                   retries remain; NULL = give up)
 *      |                 \--remote changed--> held (stale-reply guard)
 *      +---- retry ID (failed/held) ---------+
 *   drop ID deletes a pending/failed/held item (never a sent one's record).
 * An item found in `sending` at start-up may have reached the provider before a
 * crash: the sender checks the remote for its idempotency key before resending.
 */
#ifndef TICKETTY_STORE_SYNC_H
#define TICKETTY_STORE_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/err.h"
#include "ticketty/store.h"

/* Cursor of (account, resource); *out NULL when none.  Caller frees. */
int tt_store_sync_cursor(struct tt_store *st, int64_t account_id, const char *resource, char **out,
                         struct tt_err *err);
/* Set (NULL clears) inside the caller's transaction. */
int tt_store_sync_cursor_set(struct tt_store *st, int64_t account_id, const char *resource,
                             const char *cursor, struct tt_err *err);

/* Tune this connection for a bulk pull (a larger page cache). */
int tt_store_sync_bulk(struct tt_store *st, struct tt_err *err);

/* Sync status of an account, for `account list` and the console. */
enum tt_sync_state {
    TT_SYNC_IDLE,    /* never synced or finished */
    TT_SYNC_RUNNING, /* syncing */
    TT_SYNC_WAITING, /* waiting for a rate limit */
    TT_SYNC_OFFLINE, /* network failure on the last run */
    TT_SYNC_AUTH,    /* authentication failed on the last run */
    TT_SYNC_ERROR,   /* another failure on the last run */
    TT_SYNC__COUNT
};
const char *tt_sync_state_name(enum tt_sync_state s);
struct tt_sync_status {
    int64_t account_id;
    char *account; /* name */
    enum tt_sync_state state;
    char *detail; /* last error or progress text */
    int64_t items, pages, requests;
    int64_t started_at, finished_at, last_ok_at;
    int64_t heartbeat; /* last update while running (a stale one = the syncer died) */
};
void tt_sync_status_clear(struct tt_sync_status *s);
int tt_store_sync_status_set(struct tt_store *st, const struct tt_sync_status *s,
                             struct tt_err *err);
/* All accounts' statuses (accounts without one get IDLE).  Free with _list_free. */
int tt_store_sync_status_list(struct tt_store *st, struct tt_sync_status **out, size_t *n,
                              struct tt_err *err);
void tt_sync_status_list_free(struct tt_sync_status *l, size_t n);

/* Id resolution for pulled pages: local id of (account, external id), 0 when absent. */
int tt_store_contact_id(struct tt_store *st, int64_t account_id, const char *ext, int64_t *id,
                        struct tt_err *err);
int tt_store_customer_id_by_key(struct tt_store *st, const char *key, int64_t *id,
                                struct tt_err *err);
/* A placeholder customer (name = key) when the organisation was not pulled yet. */
int tt_store_customer_ensure(struct tt_store *st, int64_t account_id, const char *key,
                             const char *ext, int64_t *id, struct tt_err *err);
/* Upsert a pulled customer, but write nothing when the stored row already
 * holds the same values (a write would make the SLA module re-evaluate every
 * ticket of the customer). */
int tt_store_customer_sync(struct tt_store *st, const struct tt_customer *c, int64_t *id,
                           struct tt_err *err);
/* An agent's or group's external id (caller frees) and, when id is not NULL,
 * its local row id, from its external id, email or name (case-insensitive
 * beyond ASCII too, tt_text_fold: "émile zola" finds "Émile Zola")
 * within an account; *ext NULL (and *id 0) when none or ambiguous. */
int tt_store_agent_lookup(struct tt_store *st, int64_t account_id, const char *text, char **ext,
                          int64_t *id, struct tt_err *err);
int tt_store_group_lookup(struct tt_store *st, int64_t account_id, const char *text, char **ext,
                          int64_t *id, struct tt_err *err);
/* The external ids of a ticket's assignee and group (*NULL when none). */
int tt_store_ticket_assigned_ext(struct tt_store *st, int64_t ticket_id, char **agent_ext,
                                 char **group_ext, struct tt_err *err);
/* How many outbox items of `kind` for the ticket are not sent yet. */
int tt_store_outbox_unsent(struct tt_store *st, int64_t ticket_id, const char *kind, int64_t *n,
                           struct tt_err *err);
/* Mark a ticket deleted remotely (kept, flagged); 1 when a row changed. */
int tt_store_ticket_mark_deleted(struct tt_store *st, int64_t account_id, const char *ext,
                                 struct tt_err *err);
/* Tickets of an account (all, deleted included), for tests and checks. */
int tt_store_ticket_count_account(struct tt_store *st, int64_t account_id, int64_t *n,
                                  struct tt_err *err);

/* ---- outbox ---------------------------------------------------------------- */

enum tt_outbox_state {
    TT_OUT_PENDING,
    TT_OUT_SENDING,
    TT_OUT_SENT,
    TT_OUT_FAILED,
    TT_OUT_HELD,
    TT_OUT__COUNT
};
const char *tt_outbox_state_name(enum tt_outbox_state s);

struct tt_outbox_item {
    int64_t id;
    int64_t account_id;
    char *account; /* name (read only) */
    int64_t ticket_id;
    char *ticket_ext; /* read only: the ticket's external id */
    char *kind;       /* reply, note, status, priority, assignee, group, tags */
    char *payload;    /* text (reply/note) or value */
    enum tt_outbox_state state;
    char *idempotency_key;
    int attempts;
    char *last_error;
    int64_t base_updated_at; /* remote updated_at the agent saw; 0 = no guard */
    int64_t next_attempt_at;
    int64_t created_at, updated_at;
};
void tt_outbox_item_clear(struct tt_outbox_item *it);

/* Queue a write (durably: committed before return).  key NULL = generate. */
int tt_store_outbox_add(struct tt_store *st, int64_t account_id, int64_t ticket_id,
                        const char *kind, const char *payload, int64_t base_updated_at,
                        int64_t *id_out, struct tt_err *err);
/* 1 found, 0 absent. */
int tt_store_outbox_get(struct tt_store *st, int64_t id, struct tt_outbox_item *out,
                        struct tt_err *err);
/* Items not yet sent (all_states: also sent ones), oldest first.  account_id 0 = any. */
int tt_store_outbox_list(struct tt_store *st, int64_t account_id, bool all_states,
                         struct tt_outbox_item **out, size_t *n, struct tt_err *err);
void tt_outbox_list_free(struct tt_outbox_item *l, size_t n);
/* Items to send now for an account: pending, sending (crash recovery), and
 * failed with next_attempt_at <= now. */
int tt_store_outbox_due(struct tt_store *st, int64_t account_id, int64_t now,
                        struct tt_outbox_item **out, size_t *n, struct tt_err *err);
/* Transition to state with last_error = error (NULL clears it) and
 * next_attempt_at (0 = none); attempts_inc adds one attempt. */
int tt_store_outbox_set_state(struct tt_store *st, int64_t id, enum tt_outbox_state state,
                              const char *error, int64_t next_attempt_at, bool attempts_inc,
                              struct tt_err *err);
/* Move the stale-reply guard's baseline (after our own write to the ticket). */
int tt_store_outbox_set_base(struct tt_store *st, int64_t id, int64_t base_updated_at,
                             struct tt_err *err);
/* retry: failed/held -> pending now; force clears the stale guard. 1 done, 0 not retryable. */
int tt_store_outbox_retry(struct tt_store *st, int64_t id, bool clear_guard, struct tt_err *err);
/* drop: 1 removed, 0 not droppable (absent, sent or sending). */
int tt_store_outbox_drop(struct tt_store *st, int64_t id, struct tt_err *err);
/* Counts by state for the status line. */
int tt_store_outbox_counts(struct tt_store *st, int64_t counts[TT_OUT__COUNT], struct tt_err *err);

#endif
