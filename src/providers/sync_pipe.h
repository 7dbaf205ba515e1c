/*
 * sync_pipe.h: the fetch thread of tt_sync_pull (src/providers/sync_pipe.c).
 *
 * Why: a pull is two kinds of work, fetching a page (HTTP, JSON parsing and
 * mapping in the driver) and storing it (SQLite).  Done one after the other,
 * neither overlaps the other, and the store waits for the network and the
 * network for the store.  The pipe runs the driver on its own thread, one
 * page ahead, while the calling thread stores the previous page with its
 * cursor in one transaction exactly as before.
 *
 * Ownership, so nothing is shared without a lock:
 *   - the driver and its tt_http are used ONLY by the fetch thread between
 *     tt_pipe_start() and tt_pipe_free();
 *   - the store is used ONLY by the calling thread (it is not thread-safe);
 *   - everything else crosses as items through a small queue guarded by one
 *     mutex: pages (owned by whoever holds the item), rate-limit waits the
 *     net layer announced (the caller shows them and writes the sync status)
 *     and the pull's failure (its message and the net layer's failure class).
 *
 * At most `depth` finished pages wait in the queue; the fetch thread blocks
 * on a full queue.  Stopping (the caller failed to store, had enough pages,
 * or was cancelled) sets a flag the fetch thread checks before each pull and
 * while it waits, and that the net layer watches during requests and waits
 * (tt_pipe_stop_flag() is the tt_http cancel flag); a page fetched but not
 * yet stored is discarded, its cursor was never saved.
 */
#ifndef TICKETTY_SYNC_PIPE_H
#define TICKETTY_SYNC_PIPE_H

#include <stdbool.h>
#include <stdint.h>

#include "ticketty/err.h"
#include "ticketty/http.h"
#include "ticketty/provider.h"

enum tt_pipe_kind {
    TT_PIPE_PAGE, /* a page pulled; stored by the caller */
    TT_PIPE_WAIT, /* the net layer is about to wait (rate limit, retry backoff) */
    TT_PIPE_FAIL, /* the pull failed; nothing follows */
    TT_PIPE_END,  /* the fetch thread stopped (last page delivered, or page limit) */
};

struct tt_pipe_item {
    enum tt_pipe_kind kind;
    struct tt_pull_page page; /* PAGE: owned by the receiver (tt_pull_page_clear) */
    int64_t requests;         /* PAGE, FAIL: HTTP requests this pull() cost */
    enum tt_http_wait why;    /* WAIT */
    int64_t wait_ms;          /* WAIT */
    char *detail;             /* WAIT: owned by the receiver */
    enum tt_http_fail fail;   /* FAIL: the net layer's class (TT_HTTP_CLIENT for data errors) */
    struct tt_err err;        /* FAIL */
};

struct tt_pipe;

/* A stopped pipe; its stop flag exists from here on (for tt_http_opts.cancel).
 * depth: finished pages allowed to wait (1 or more).  max_pages: pull no more
 * than this many pages (0 = until done).  cancel: the caller's own flag (may
 * be NULL), turned into a stop while the caller waits for an item. */
struct tt_pipe *tt_pipe_new(int depth, int max_pages, volatile int *cancel);
volatile int *tt_pipe_stop_flag(struct tt_pipe *pp);

/* Start pulling from `cursor` (copied; NULL = the beginning) on a new thread.
 * The first pull gets full=true when `full`. */
int tt_pipe_start(struct tt_pipe *pp, struct tt_provider *p, struct tt_http *h, const char *cursor,
                  bool full, struct tt_err *err);

/* From the fetch thread (the net layer's on_wait): queue a wait notice. */
void tt_pipe_post_wait(struct tt_pipe *pp, enum tt_http_wait why, int64_t ms, const char *detail);

/* Take the next item, in order, blocking until there is one.  Returns -1
 * (nothing taken) when the caller's cancel flag was set while waiting. */
int tt_pipe_next(struct tt_pipe *pp, struct tt_pipe_item *out);

/* Stop the fetch thread (discarding pages not taken), join it and free. */
void tt_pipe_free(struct tt_pipe *pp);

#endif
