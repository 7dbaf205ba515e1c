/*
 * store.h: the local SQLite database, the one place ticketty keeps state.
 *
 * Only src/store/ calls sqlite3.  The database runs in WAL mode with a busy
 * timeout and foreign keys on; its schema is migrated forward on open by
 * PRAGMA user_version inside one transaction, and a database written by a newer
 * ticketty is refused rather than damaged.  All SQL uses prepared statements.
 *
 * Modules keep their tables' SQL in src/store/schema_<module>.c and their
 * queries in src/store/<module>.c, declared in include/ticketty/store_<module>.h.
 * This header is the core: opening, transactions, accounts, customers,
 * contacts, tickets and the ticket event log.
 *
 * Ownership: structs filled by tt_store_* reads own their strings; release them
 * with the model's *_clear functions (or the list helpers below).
 */
#ifndef TICKETTY_STORE_H
#define TICKETTY_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/err.h"
#include "ticketty/model.h"

struct tt_store;

/* Open (creating if needed) and migrate the database at path.  ":memory:" works. */
struct tt_store *tt_store_open(const char *path, struct tt_err *err);
void tt_store_close(struct tt_store *st);
const char *tt_store_path(const struct tt_store *st);
/* Whether the database was opened read-only (a file the user may only read):
 * by-products of reading (the KB search log) are then not written. */
bool tt_store_readonly(struct tt_store *st);
int tt_store_schema_version(void); /* the version this build writes */

/* Let long reads give way: while check(arg) returns true (the console passes
 * "a key is waiting"), a running query stops and its call fails; then
 * tt_store_was_interrupted() returns true once.  NULL check removes it. */
void tt_store_set_interrupt(struct tt_store *st, bool (*check)(void *arg), void *arg);
bool tt_store_was_interrupted(struct tt_store *st);

/* A number that changes when another connection (sync, another ticketty)
 * commits to the database, or this connection changes rows: the console
 * re-reads only when it moved. */
int tt_store_data_version(struct tt_store *st, int64_t *out, struct tt_err *err);

/* Transactions nest by counting: only the outermost begin/commit touch SQLite.
 * A commit that fails (an inner rollback, or COMMIT itself) leaves nothing of
 * the transaction behind: it is rolled back and -1 returned. */
int tt_store_begin(struct tt_store *st, struct tt_err *err);
int tt_store_commit(struct tt_store *st, struct tt_err *err);
void tt_store_rollback(struct tt_store *st);

/* Accounts: one per helpdesk connection.  The demo and imports use "local". */
struct tt_account {
    int64_t id;
    char *name;
    char *provider; /* zendesk, freshdesk, intercom, local */
    char *base_url;
};
void tt_account_clear(struct tt_account *a);
/* Insert or update by name; *id_out gets the row id. */
int tt_store_account_upsert(struct tt_store *st, const char *name, const char *provider,
                            const char *base_url, int64_t *id_out, struct tt_err *err);
/* Returns 1 when found, 0 when absent, -1 on error. */
int tt_store_account_get(struct tt_store *st, const char *name, struct tt_account *out,
                         struct tt_err *err);
int tt_store_account_delete(struct tt_store *st, const char *name, struct tt_err *err);
/* Every account row (configured, local, and removed from the configuration
 * but not purged), by name.  Free with tt_account_list_free. */
int tt_store_account_list(struct tt_store *st, struct tt_account **out, size_t *n,
                          struct tt_err *err);
void tt_account_list_free(struct tt_account *l, size_t n);

/* Customers (organisations) upserted by key; contacts by (account, external id). */
int tt_store_customer_upsert(struct tt_store *st, const struct tt_customer *c, int64_t *id_out,
                             struct tt_err *err);
int tt_store_customer_get(struct tt_store *st, int64_t id, struct tt_customer *out,
                          struct tt_err *err); /* 1 found, 0 absent, -1 error */
int tt_store_customer_by_key(struct tt_store *st, const char *key, struct tt_customer *out,
                             struct tt_err *err); /* 1 found, 0 absent, -1 error */
int tt_store_contact_upsert(struct tt_store *st, const struct tt_contact *c, int64_t *id_out,
                            struct tt_err *err);

/* Agents and groups by (account, external id); names may be NULL to keep. */
int tt_store_group_upsert(struct tt_store *st, int64_t account_id, const char *external_id,
                          const char *name, const char *email, int64_t *id_out, struct tt_err *err);
int tt_store_agent_upsert(struct tt_store *st, int64_t account_id, const char *external_id,
                          const char *name, const char *email, int64_t group_id, int64_t *id_out,
                          struct tt_err *err);

/* Tickets are upserted by (account_id, external_id); *id_out gets the local id. */
int tt_store_ticket_upsert(struct tt_store *st, const struct tt_ticket *t, int64_t *id_out,
                           struct tt_err *err);
/* 1 found, 0 absent, -1 error.  Fills joined names (account, requester, ...). */
int tt_store_ticket_get(struct tt_store *st, int64_t id, struct tt_ticket *out, struct tt_err *err);
int tt_store_ticket_by_external(struct tt_store *st, int64_t account_id, const char *external_id,
                                struct tt_ticket *out, struct tt_err *err);

enum tt_ticket_order {
    TT_ORDER_UPDATED_DESC, /* most recently updated first (default) */
    TT_ORDER_NEXT_BREACH,  /* earliest SLA next-breach first, none last */
    TT_ORDER_ID,
};

struct tt_ticket_filter {
    int status;           /* enum tt_status, or -1 for any */
    bool open_only;       /* new, open, pending, on_hold */
    int priority;         /* enum tt_priority, or -1 for any */
    int64_t customer_id;  /* 0 for any */
    int64_t requester_id; /* 0 for any */
    const char *text;     /* substring of subject, requester or organisation (case
                           * ignored as tt_text_fold folds it), or a ticket id
                           * (local or the helpdesk's); NULL = any */
    bool include_deleted;
    enum tt_ticket_order order;
    /* How `text` is looked up; the results are the same either way.  0: the
     * subject trigram index (by the term's trigrams, or for 1-2 characters by
     * the indexed trigrams starting with it) when it finds fewer than a few
     * thousand candidates, else the scan; 1: the index whenever the term
     * allows it; -1: always the scan (tests compare the two). */
    int text_index;
};
void tt_ticket_filter_init(struct tt_ticket_filter *f); /* any status/priority, by updated */

/* Read the window [offset, offset+limit) of matching tickets into a new array
 * (*out, *n_out); free it with tt_ticket_list_free.  Description is not loaded. */
int tt_store_ticket_list(struct tt_store *st, const struct tt_ticket_filter *f, int64_t offset,
                         int64_t limit, struct tt_ticket **out, size_t *n_out, struct tt_err *err);
/* The same counted from the end: the `limit` rows that come before the last
 * `skip` ones, in the filter's order.  An OFFSET walks every row it skips, so
 * the console reads windows in the second half of a long queue this way
 * (the last page of a million tickets without walking a million rows). */
int tt_store_ticket_list_tail(struct tt_store *st, const struct tt_ticket_filter *f, int64_t skip,
                              int64_t limit, struct tt_ticket **out, size_t *n_out,
                              struct tt_err *err);
int tt_store_ticket_count(struct tt_store *st, const struct tt_ticket_filter *f, int64_t *n_out,
                          struct tt_err *err);
/* min(count, cap): stops scanning after cap matches, so the console can show
 * "1,000+" without counting a million rows. */
int tt_store_ticket_count_upto(struct tt_store *st, const struct tt_ticket_filter *f, int64_t cap,
                               int64_t *n_out, struct tt_err *err);
void tt_ticket_list_free(struct tt_ticket *list, size_t n);
/* Re-index the subjects of the tickets inserted, deleted or retitled since the
 * last call, for the text filter (src/store/schema_filter.c).  Writers call it
 * after a batch (sync after each page, demo init); the filter is right without
 * it, only slower while the backlog grows.  Nothing written when up to date. */
int tt_store_ticket_filter_refresh(struct tt_store *st, struct tt_err *err);

/* Ticket event log.  Events with an external_id are de-duplicated per ticket:
 * adding the same (ticket, type, external_id) again updates nothing and
 * returns 0 with *id_out set to the existing row. */
int tt_store_event_add(struct tt_store *st, const struct tt_event *e, int64_t *id_out,
                       struct tt_err *err);
/* All events of a ticket in time order, into a new array. */
int tt_store_event_list(struct tt_store *st, int64_t ticket_id, struct tt_event **out,
                        size_t *n_out, struct tt_err *err);
void tt_event_list_free(struct tt_event *list, size_t n);

/* Number of tickets a customer has filed (for the ticket screen's panel). */
int tt_store_customer_ticket_count(struct tt_store *st, int64_t customer_id, int64_t *n_out,
                                   struct tt_err *err);

#endif
