/*
 * sync_pipe.c: the fetch thread of tt_sync_pull and the queue between it and
 * the storing thread (see sync_pipe.h for why and who owns what).
 *
 *   fetch thread:  loop { stop? -> out;  page <- driver.pull(cursor);
 *                         queue page (wait while `depth` pages are queued) }
 *   caller:        loop { item <- next();  page: store it with its cursor }
 *
 * Wait notices and the failure are queued in order with the pages but never
 * count against the depth, so a notice cannot block the net layer.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sync_pipe.h"
#include "ticketty/util.h"

struct node {
    struct tt_pipe_item it;
    struct node *next;
};

struct tt_pipe {
    pthread_mutex_t mu;
    pthread_cond_t ready; /* an item was queued (the caller waits on it) */
    pthread_cond_t space; /* a page was taken or stop was asked (the fetch thread waits) */
    struct node *head, *tail;
    int queued_pages;
    int depth, max_pages;
    volatile int stop; /* also the tt_http cancel flag; atomic loads/stores only */
    volatile int *cancel;
    /* What the fetch thread works with (its own while it runs). */
    struct tt_provider *p;
    struct tt_http *h;
    char *cursor;
    bool full;
    pthread_t th;
    bool started;
};

static bool stopping(struct tt_pipe *pp)
{
    return __atomic_load_n(&pp->stop, __ATOMIC_ACQUIRE) != 0;
}

static void item_clear(struct tt_pipe_item *it)
{
    tt_pull_page_clear(&it->page);
    free(it->detail);
    it->detail = NULL;
}

struct tt_pipe *tt_pipe_new(int depth, int max_pages, volatile int *cancel)
{
    struct tt_pipe *pp = xcalloc(1, sizeof *pp);
    pthread_mutex_init(&pp->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&pp->ready, &ca);
    pthread_cond_init(&pp->space, &ca);
    pthread_condattr_destroy(&ca);
    pp->depth = depth > 0 ? depth : 1;
    pp->max_pages = max_pages > 0 ? max_pages : 0;
    pp->cancel = cancel;
    return pp;
}

volatile int *tt_pipe_stop_flag(struct tt_pipe *pp)
{
    return &pp->stop;
}

/* Queue an item (the lock is not held).  A page waits for room first; false
 * when the pipe was stopped meanwhile (the item is then not queued). */
static bool put(struct tt_pipe *pp, struct node *n)
{
    bool page = n->it.kind == TT_PIPE_PAGE;
    pthread_mutex_lock(&pp->mu);
    while (page && pp->queued_pages >= pp->depth && !stopping(pp))
        pthread_cond_wait(&pp->space, &pp->mu);
    if (page && stopping(pp)) {
        pthread_mutex_unlock(&pp->mu);
        return false;
    }
    n->next = NULL;
    if (pp->tail)
        pp->tail->next = n;
    else
        pp->head = n;
    pp->tail = n;
    pp->queued_pages += page;
    pthread_cond_signal(&pp->ready);
    pthread_mutex_unlock(&pp->mu);
    return true;
}

static void put_end(struct tt_pipe *pp)
{
    struct node *n = xcalloc(1, sizeof *n);
    n->it.kind = TT_PIPE_END;
    put(pp, n);
}

static void *fetch_main(void *arg)
{
    struct tt_pipe *pp = arg;
    char *cursor = pp->cursor;
    pp->cursor = NULL;
    bool first = true;
    int pages = 0;
    for (;;) {
        if (stopping(pp) || (pp->max_pages && pages >= pp->max_pages)) {
            put_end(pp);
            break;
        }
        struct node *n = xcalloc(1, sizeof *n);
        n->it.kind = TT_PIPE_PAGE;
        int64_t before = tt_http_requests(pp->h);
        int rc = pp->p->ops->pull(pp->p, cursor, pp->full && first, &n->it.page, &n->it.err);
        n->it.requests = tt_http_requests(pp->h) - before;
        first = false;
        if (rc < 0) {
            tt_pull_page_clear(&n->it.page);
            enum tt_http_fail f = tt_http_last_fail(pp->h);
            n->it.kind = TT_PIPE_FAIL;
            n->it.fail = f != TT_HTTP_OK ? f : TT_HTTP_CLIENT;
            put(pp, n);
            break;
        }
        pages++;
        bool done = n->it.page.done;
        free(cursor);
        cursor = n->it.page.next_cursor ? xstrdup(n->it.page.next_cursor) : NULL;
        if (!put(pp, n)) {
            item_clear(&n->it); /* stopped: fetched but never stored */
            free(n);
            break;
        }
        if (done) {
            put_end(pp);
            break;
        }
    }
    free(cursor);
    return NULL;
}

int tt_pipe_start(struct tt_pipe *pp, struct tt_provider *p, struct tt_http *h, const char *cursor,
                  bool full, struct tt_err *err)
{
    pp->p = p;
    pp->h = h;
    pp->cursor = cursor ? xstrdup(cursor) : NULL;
    pp->full = full;
    /* Signals stay with the calling thread (the new one starts with all blocked). */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&pp->th, NULL, fetch_main, pp);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        free(pp->cursor);
        pp->cursor = NULL;
        return tt_errf(err, "sync: could not start the fetch thread: %s", strerror(rc));
    }
    pp->started = true;
    return 0;
}

void tt_pipe_post_wait(struct tt_pipe *pp, enum tt_http_wait why, int64_t ms, const char *detail)
{
    struct node *n = xcalloc(1, sizeof *n);
    n->it.kind = TT_PIPE_WAIT;
    n->it.why = why;
    n->it.wait_ms = ms;
    n->it.detail = xstrdup(detail ? detail : "");
    put(pp, n);
}

static bool cancelled(struct tt_pipe *pp)
{
    return pp->cancel && *pp->cancel;
}

int tt_pipe_next(struct tt_pipe *pp, struct tt_pipe_item *out)
{
    pthread_mutex_lock(&pp->mu);
    while (!pp->head) {
        if (cancelled(pp)) {
            __atomic_store_n(&pp->stop, 1, __ATOMIC_RELEASE);
            pthread_cond_broadcast(&pp->space);
            pthread_mutex_unlock(&pp->mu);
            return -1;
        }
        if (!pp->cancel) {
            pthread_cond_wait(&pp->ready, &pp->mu);
            continue;
        }
        /* The caller's cancel flag is set from a signal handler, which cannot
         * signal a condition variable: look at it every 100 ms. */
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += 100 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        int rc = pthread_cond_timedwait(&pp->ready, &pp->mu, &ts);
        (void)rc; /* ETIMEDOUT or a wakeup: the loop looks again either way */
    }
    struct node *n = pp->head;
    pp->head = n->next;
    if (!pp->head)
        pp->tail = NULL;
    if (n->it.kind == TT_PIPE_PAGE) {
        pp->queued_pages--;
        pthread_cond_signal(&pp->space);
    }
    pthread_mutex_unlock(&pp->mu);
    *out = n->it;
    free(n);
    return 0;
}

void tt_pipe_free(struct tt_pipe *pp)
{
    if (!pp)
        return;
    pthread_mutex_lock(&pp->mu);
    __atomic_store_n(&pp->stop, 1, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&pp->space);
    pthread_mutex_unlock(&pp->mu);
    if (pp->started)
        pthread_join(pp->th, NULL);
    for (struct node *n = pp->head, *next; n; n = next) {
        next = n->next;
        item_clear(&n->it);
        free(n);
    }
    free(pp->cursor);
    pthread_cond_destroy(&pp->ready);
    pthread_cond_destroy(&pp->space);
    pthread_mutex_destroy(&pp->mu);
    free(pp);
}
