/*
 * store_demo.h: writing the demo workspace into the database (src/store/demo.c).
 *
 * tt_demo_populate generates the world of demo.h and saves it through the
 * public store API (accounts, groups, agents, customers, contacts, tickets,
 * ticket events) — the same calls sync uses — in transactions of
 * TT_DEMO_BATCH tickets, so a million tickets take bounded memory.  The demo
 * lives in the account TT_DEMO_ACCOUNT and customers keyed "demo:...", so it
 * can be found and replaced without touching other accounts.
 */
#ifndef TICKETTY_STORE_DEMO_H
#define TICKETTY_STORE_DEMO_H

#include <stdint.h>

#include "ticketty/demo.h"
#include "ticketty/err.h"
#include "ticketty/store.h"

#define TT_DEMO_BATCH 5000

struct tt_demo_stats {
    long customers, customers_by_plan[3]; /* free, pro, enterprise */
    long customers_by_health[3];          /* enum tt_demo_health */
    long contacts, agents, groups;
    long tickets, by_status[TT_STATUS__COUNT], by_priority[TT_PRIORITY__COUNT];
    long events, chinese, hostile;
    long open_past_first_reply; /* new tickets already past their first-reply target */
};

/* Called after each committed batch with the tickets written so far. */
typedef void (*tt_demo_progress_fn)(long done, long total, void *ud);

/* 1 when the database already holds the demo account, 0 when not, -1 on error. */
int tt_store_demo_exists(struct tt_store *st, struct tt_err *err);
/* Remove the demo account with its tickets, events, contacts, agents and
 * groups, and the demo customers.  Other accounts are untouched. */
int tt_store_demo_purge(struct tt_store *st, struct tt_err *err);
/* Generate and save the demo workspace; stats (may be NULL) gets the counts. */
int tt_demo_populate(struct tt_store *st, const struct tt_demo_opts *opts,
                     tt_demo_progress_fn progress, void *ud, struct tt_demo_stats *stats,
                     struct tt_err *err);

#endif
