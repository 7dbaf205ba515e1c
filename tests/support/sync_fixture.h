/*
 * sync_fixture.h: a fake Zendesk on loopback, a real SQLite store in a
 * temporary directory and a configured account pointing at the fake, for the
 * sync suites.
 */
#ifndef TICKETTY_SYNC_FIXTURE_H
#define TICKETTY_SYNC_FIXTURE_H

#include "fake_zendesk.h"
#include "fakesrv.h"
#include "ticketty/accounts.h"
#include "ticketty/config.h"
#include "ticketty/store.h"
#include "ticketty/store_sync.h"
#include "ticketty/sync.h"

struct zfx {
    char *dir;
    struct tt_store *st;
    struct fake_zendesk *z;
    struct fakesrv *srv;
    struct tt_config *cfg;
    struct tt_account_conf acct;
    struct tt_sync_opts opts;
    int64_t account_id;
};

/* tickets and comments per ticket; page_size 0 = driver default. */
struct zfx *zfx_start(int tickets, int comments, int page_size);
void zfx_stop(struct zfx *f);
/* Pull; returns tt_sync_pull's result, stats and error filled. */
int zfx_pull(struct zfx *f, struct tt_sync_stats *s, struct tt_err *err);
/* Scalar SQL helper on the fixture's database (a second connection). */
long long zfx_sql(struct zfx *f, const char *sql);

/* The state of outbox item id in st (for every suite that queues writes);
 * its last error, heap (NULL when none), into *error when error is not NULL.
 * Fails the test when there is no such item. */
enum tt_outbox_state tu_outbox_state(struct tt_store *st, int64_t id, char **error);

#endif
