/*
 * sync.c: the pull side of the sync engine (see sync.h).
 *
 *   cursor <- sync_state(account, "pull")          (NULL on --full)
 *   fetch thread (sync_pipe.c):  page <- driver.pull(cursor), one page ahead
 *   this thread:  loop: take page;
 *                       BEGIN; upsert page rows; cursor_set(page.next_cursor); COMMIT
 *                 until page.done
 *
 * The driver and its HTTP client belong to the fetch thread while it runs,
 * the store to this thread; they meet only in the pipe's queue.
 *
 * External ids are resolved through per-run caches so a 100,000-ticket pull
 * does not ask SQLite the same question for every ticket.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync_internal.h"
#include "sync_pipe.h"
#include "ticketty/http.h"
#include "ticketty/provider.h"
#include "ticketty/store_sla.h"
#include "ticketty/store_sync.h"
#include "ticketty/sync.h"
#include "ticketty/util.h"

/* ---- string -> id cache (open addressing) ----------------------------------- */

struct idmap {
    char **keys;
    int64_t *vals;
    size_t cap, n;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int64_t idmap_get(const struct idmap *m, const char *k)
{
    if (!m->cap)
        return 0;
    for (size_t i = hash(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i])
            return 0;
        if (!strcmp(m->keys[i], k))
            return m->vals[i];
    }
}

static void idmap_put(struct idmap *m, const char *k, int64_t v)
{
    if ((m->n + 1) * 2 > m->cap) {
        struct idmap g = {xcalloc(m->cap ? m->cap * 2 : 256, sizeof(char *)),
                          xcalloc(m->cap ? m->cap * 2 : 256, sizeof(int64_t)),
                          m->cap ? m->cap * 2 : 256, 0};
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                size_t j = hash(m->keys[i]) & (g.cap - 1);
                while (g.keys[j])
                    j = (j + 1) & (g.cap - 1);
                g.keys[j] = m->keys[i];
                g.vals[j] = m->vals[i];
                g.n++;
            }
        free(m->keys);
        free(m->vals);
        *m = g;
    }
    size_t i = hash(k) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], k))
        i = (i + 1) & (m->cap - 1);
    if (!m->keys[i]) {
        m->keys[i] = xstrdup(k);
        m->n++;
    }
    m->vals[i] = v;
}

static void idmap_free(struct idmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

struct resolver {
    struct tt_store *st;
    int64_t account_id;
    const char *account;
    struct idmap contacts, customers, agents, groups;
};

static int group_id(struct resolver *r, const char *ext, int64_t *id, struct tt_err *err)
{
    *id = 0;
    if (!ext)
        return 0;
    if ((*id = idmap_get(&r->groups, ext)))
        return 0;
    if (tt_store_group_upsert(r->st, r->account_id, ext, NULL, NULL, id, err) < 0)
        return -1;
    idmap_put(&r->groups, ext, *id);
    return 0;
}

static int agent_id(struct resolver *r, const char *ext, int64_t *id, struct tt_err *err)
{
    *id = 0;
    if (!ext)
        return 0;
    if ((*id = idmap_get(&r->agents, ext)))
        return 0;
    if (tt_store_agent_upsert(r->st, r->account_id, ext, NULL, NULL, 0, id, err) < 0)
        return -1;
    idmap_put(&r->agents, ext, *id);
    return 0;
}

static int customer_id(struct resolver *r, const char *ext, int64_t *id, struct tt_err *err)
{
    *id = 0;
    if (!ext)
        return 0;
    if ((*id = idmap_get(&r->customers, ext)))
        return 0;
    char *key = xasprintf("%s:%s", r->account, ext);
    int rc = tt_store_customer_ensure(r->st, r->account_id, key, ext, id, err);
    free(key);
    if (rc == 0)
        idmap_put(&r->customers, ext, *id);
    return rc;
}

static int contact_id(struct resolver *r, const char *ext, int64_t *id, struct tt_err *err)
{
    *id = 0;
    if (!ext)
        return 0;
    if ((*id = idmap_get(&r->contacts, ext)))
        return 0;
    if (tt_store_contact_id(r->st, r->account_id, ext, id, err) < 0)
        return -1;
    if (!*id) {
        struct tt_contact c = {.account_id = r->account_id, .external_id = (char *)ext};
        if (tt_store_contact_upsert(r->st, &c, id, err) < 0)
            return -1;
    }
    idmap_put(&r->contacts, ext, *id);
    return 0;
}

static int apply_page(struct resolver *r, struct tt_pull_page *p, struct tt_sync_stats *s,
                      struct tt_err *err)
{
    struct tt_store *st = r->st;
    for (size_t i = 0; i < p->n_customers; i++) {
        struct tt_customer *c = &p->customers[i];
        if (!c->external_id)
            continue;
        c->account_id = r->account_id;
        if (!c->key)
            c->key = xasprintf("%s:%s", r->account, c->external_id);
        int64_t id;
        if (tt_store_customer_sync(st, c, &id, err) < 0)
            return -1;
        idmap_put(&r->customers, c->external_id, id);
        s->customers++;
    }
    for (size_t i = 0; i < p->n_groups; i++) {
        int64_t id;
        if (tt_store_group_upsert(st, r->account_id, p->groups[i].external_id, p->groups[i].name,
                                  p->groups[i].email, &id, err) < 0)
            return -1;
        idmap_put(&r->groups, p->groups[i].external_id, id);
    }
    for (size_t i = 0; i < p->n_agents; i++) {
        int64_t gid, id;
        if (group_id(r, p->agents[i].group_ext, &gid, err) < 0 ||
            tt_store_agent_upsert(st, r->account_id, p->agents[i].external_id, p->agents[i].name,
                                  p->agents[i].email, gid, &id, err) < 0)
            return -1;
        idmap_put(&r->agents, p->agents[i].external_id, id);
    }
    for (size_t i = 0; i < p->n_contacts; i++) {
        struct tt_contact *c = &p->contacts[i];
        c->account_id = r->account_id;
        if (p->contact_org_ext && customer_id(r, p->contact_org_ext[i], &c->customer_id, err) < 0)
            return -1;
        int64_t id;
        if (tt_store_contact_upsert(st, c, &id, err) < 0)
            return -1;
        idmap_put(&r->contacts, c->external_id, id);
        s->contacts++;
    }
    for (size_t i = 0; i < p->n_tickets; i++) {
        struct tt_pull_ticket *pt = &p->tickets[i];
        struct tt_ticket *t = &pt->ticket;
        t->account_id = r->account_id;
        if (contact_id(r, pt->requester_ext, &t->requester_id, err) < 0 ||
            customer_id(r, pt->organization_ext, &t->customer_id, err) < 0 ||
            agent_id(r, pt->assignee_ext, &t->assignee_id, err) < 0 ||
            group_id(r, pt->group_ext, &t->group_id, err) < 0)
            return -1;
        if (!t->created_at)
            t->created_at = t->updated_at;
        int64_t tid;
        if (tt_store_ticket_upsert(st, t, &tid, err) < 0)
            return tt_err_prefix(err, "ticket %s", t->external_id);
        for (size_t j = 0; j < pt->n_events; j++) {
            pt->events[j].ticket_id = tid;
            if (!pt->events[j].at)
                pt->events[j].at = t->updated_at;
            if (tt_store_event_add(st, &pt->events[j], NULL, err) < 0)
                return tt_err_prefix(err, "ticket %s", t->external_id);
        }
        s->events += (int64_t)pt->n_events;
        s->tickets++;
    }
    for (size_t i = 0; i < p->n_deleted; i++) {
        int rc = tt_store_ticket_mark_deleted(st, r->account_id, p->deleted_ext[i], err);
        if (rc < 0)
            return -1;
        s->deleted += rc;
    }
    return 0;
}

int tt_sync_account_id(struct tt_store *st, const struct tt_account_conf *a, int64_t *id,
                       struct tt_err *err)
{
    return tt_store_account_upsert(st, a->name, a->provider, a->url, id, err);
}

/* ---- connecting ---------------------------------------------------------------- */

struct progress_ctx {
    const struct tt_sync_opts *o;
    const char *account;
    struct tt_sync_stats *s;
    struct tt_store *st;
    struct tt_sync_status *status;
    /* Pulling: the net layer waits on the fetch thread, which hands the
     * notice to this thread through the pipe (NULL when pushing). */
    struct tt_pipe *pipe;
};

/* Count and show a wait (on the thread that owns the store). */
static void show_wait(struct progress_ctx *pc, enum tt_http_wait why, int64_t ms,
                      const char *detail)
{
    if (why == TT_WAIT_RATE_LIMIT) {
        pc->s->waits++;
        pc->s->wait_ms += ms;
    }
    if (pc->status && pc->st) {
        pc->status->state = why == TT_WAIT_RATE_LIMIT ? TT_SYNC_WAITING : TT_SYNC_RUNNING;
        free(pc->status->detail);
        pc->status->detail = xstrdup(detail);
        tt_store_sync_status_set(pc->st, pc->status, NULL);
    }
    if (pc->o->on_progress) {
        char what[200];
        snprintf(what, sizeof what, "%s (%.1fs)", detail, (double)ms / 1000);
        pc->o->on_progress(pc->o->ud, pc->account, pc->s, what);
    }
}

static void on_wait(void *ud, enum tt_http_wait why, int64_t ms, const char *detail)
{
    struct progress_ctx *pc = ud;
    if (why == TT_WAIT_BUDGET)
        return; /* the account's own pacing: routine, not worth reporting */
    if (pc->pipe)
        tt_pipe_post_wait(pc->pipe, why, ms, detail);
    else
        show_wait(pc, why, ms, detail);
}

static int64_t cfg_int(const struct tt_config *c, const char *k, int64_t def)
{
    return c ? tt_config_int(c, k) : def;
}

/* The net client and driver for an account; the client stops when *cancel is set. */
static int connect_account(const struct tt_account_conf *a, const struct tt_sync_opts *o,
                           struct progress_ctx *pc, volatile int *cancel, struct tt_http **hp,
                           struct tt_provider **pp, struct tt_err *err)
{
    *hp = NULL;
    *pp = NULL;
    struct tt_http_opts ho = {
        .base_url = a->url,
        .budget_per_minute = a->budget,
        .timeout_seconds = (int)cfg_int(o->config, "sync.timeout_seconds", 120),
        .max_retries = (int)cfg_int(o->config, "sync.retries", 5),
        .backoff_ms = (int)cfg_int(o->config, "sync.backoff_ms", 500),
        .max_wait_seconds = (int)cfg_int(o->config, "sync.max_wait_seconds", 900),
        .verbose = o->verbose,
        .on_wait = on_wait,
        .ud = pc,
        .cancel = cancel,
    };
    struct tt_http *h = tt_http_new(&ho, err);
    if (!h)
        return tt_err_prefix(err, "account %s", a->name);
    char *token = NULL;
    if (tt_account_token(a, &token, err) < 0) {
        tt_http_free(h);
        return -1;
    }
    struct tt_provider_config pc2 = {
        .account = a->name,
        .base_url = a->url,
        .email = a->email,
        .token = token,
        .admin_id = a->admin_id,
        .page_size = a->page_size,
        .start_time = a->start_time,
        .field_plan = a->field_plan,
        .field_mrr = a->field_mrr,
        .field_csm = a->field_csm,
        .status_map = a->status_map,
    };
    struct tt_provider *p = tt_provider_new(a->provider, &pc2, h, err);
    memset(token, 0, strlen(token));
    free(token);
    if (!p) {
        tt_http_free(h);
        return tt_err_prefix(err, "account %s", a->name);
    }
    *hp = h;
    *pp = p;
    return 0;
}

static enum tt_sync_state state_for(enum tt_http_fail f)
{
    switch (f) {
    case TT_HTTP_NETWORK:
        return TT_SYNC_OFFLINE;
    case TT_HTTP_AUTH:
        return TT_SYNC_AUTH;
    default:
        return TT_SYNC_ERROR;
    }
}

/* Finished pages allowed to wait for the store: one is enough to keep both
 * threads busy; two absorb a page that is slow to fetch or to store. */
#define PIPE_DEPTH 2

int tt_sync_pull(struct tt_store *st, const struct tt_account_conf *a, const struct tt_sync_opts *o,
                 struct tt_sync_stats *s, struct tt_err *err)
{
    int64_t acct;
    if (tt_sync_account_id(st, a, &acct, err) < 0)
        return -1;
    struct tt_sync_status status = {
        .account_id = acct, .state = TT_SYNC_RUNNING, .started_at = tt_now()};
    struct tt_pipe *pipe = tt_pipe_new(PIPE_DEPTH, o->max_pages, o->cancel);
    struct progress_ctx pc = {o, a->name, s, st, &status, pipe};
    struct tt_http *h;
    struct tt_provider *p;
    if (connect_account(a, o, &pc, tt_pipe_stop_flag(pipe), &h, &p, err) < 0) {
        tt_pipe_free(pipe);
        status.state = TT_SYNC_ERROR;
        status.detail = xstrdup(err->msg);
        status.finished_at = tt_now();
        tt_store_sync_status_set(st, &status, NULL);
        tt_sync_status_clear(&status);
        s->fail = TT_HTTP_REFUSED;
        return -1;
    }
    tt_store_sync_status_set(st, &status, NULL);
    tt_store_sync_bulk(st, NULL);
    struct resolver r = {.st = st, .account_id = acct, .account = a->name};
    char *cursor = NULL;
    int rc = 0;
    if (!o->full && tt_store_sync_cursor(st, acct, "pull", &cursor, err) < 0)
        rc = -1;
    /* The SLA policy, read once for all pages of this pull. */
    struct tt_sla_config sla;
    bool sla_loaded = false;
    if (rc == 0 && tt_sla_config_load(&sla, o->config, err) < 0) {
        tt_err_prefix(err, "account %s: SLA refresh", a->name);
        rc = -1;
    } else if (rc == 0) {
        sla_loaded = true;
    }
    /* From here until tt_pipe_free(), p and h belong to the fetch thread. */
    if (rc == 0 && tt_pipe_start(pipe, p, h, cursor, o->full, err) < 0) {
        s->fail = TT_HTTP_REFUSED;
        rc = -1;
    }
    free(cursor);
    while (rc == 0) {
        struct tt_pipe_item it;
        if (tt_pipe_next(pipe, &it) < 0) {
            rc = tt_errf(err, "account %s: cancelled", a->name);
            s->fail = TT_HTTP_REFUSED;
            break;
        }
        if (it.kind == TT_PIPE_WAIT) {
            show_wait(&pc, it.why, it.wait_ms, it.detail);
            free(it.detail);
            continue;
        }
        if (it.kind == TT_PIPE_END) {
            /* Only after a last page or the page limit, both handled below. */
            rc = tt_errf(err, "account %s: the pull stopped before its last page", a->name);
            s->fail = TT_HTTP_CLIENT;
            break;
        }
        s->requests += it.requests;
        if (it.kind == TT_PIPE_FAIL) {
            *err = it.err;
            s->fail = it.fail;
            tt_err_prefix(err, "account %s", a->name);
            rc = -1;
            break;
        }
        struct tt_pull_page *page = &it.page;
        if (tt_store_begin(st, err) < 0) {
            tt_pull_page_clear(page);
            rc = -1;
            break;
        }
        if (apply_page(&r, page, s, err) < 0 ||
            tt_store_sync_cursor_set(st, acct, "pull", page->next_cursor, err) < 0) {
            tt_store_rollback(st);
            tt_err_prefix(err, "account %s", a->name);
            tt_pull_page_clear(page);
            rc = -1;
            break;
        }
        if (tt_store_commit(st, err) < 0) {
            tt_pull_page_clear(page);
            rc = -1;
            break;
        }
        /* SLA clocks of the tickets this page touched (marked by triggers),
         * and their subjects in the queue filter's index. */
        if (tt_sla_refresh_dirty(st, &sla, tt_now(), NULL, err) < 0 ||
            tt_store_ticket_filter_refresh(st, err) < 0) {
            tt_err_prefix(err, "account %s: SLA refresh", a->name);
            tt_pull_page_clear(page);
            rc = -1;
            break;
        }
        s->pages++;
        bool done = page->done;
        tt_pull_page_clear(page);
        status.state = TT_SYNC_RUNNING;
        status.items = s->tickets + s->events + s->contacts + s->customers;
        status.pages = s->pages;
        status.requests = s->requests;
        free(status.detail);
        status.detail = NULL;
        tt_store_sync_status_set(st, &status, NULL);
        if (o->on_progress)
            o->on_progress(o->ud, a->name, s, "page");
        if (done)
            break;
        if (o->max_pages && s->pages >= o->max_pages) {
            rc = tt_errf(err, "account %s: stopped after %d pages as asked", a->name, o->max_pages);
            s->fail = TT_HTTP_REFUSED;
            break;
        }
        if (o->cancel && *o->cancel) {
            rc = tt_errf(err, "account %s: cancelled", a->name);
            s->fail = TT_HTTP_REFUSED;
            break;
        }
    }
    /* Stops and joins the fetch thread; a page it fetched is dropped unsaved. */
    tt_pipe_free(pipe);
    if (sla_loaded)
        tt_sla_config_clear(&sla);
    status.finished_at = tt_now();
    if (rc == 0) {
        status.state = TT_SYNC_IDLE;
        status.last_ok_at = status.finished_at;
    } else {
        status.state = state_for(s->fail);
        free(status.detail);
        status.detail = xstrdup(err->msg);
    }
    tt_store_sync_status_set(st, &status, NULL);
    tt_sync_status_clear(&status);
    idmap_free(&r.contacts);
    idmap_free(&r.customers);
    idmap_free(&r.agents);
    idmap_free(&r.groups);
    tt_provider_free(p);
    tt_http_free(h);
    return rc;
}

/* ---- push --------------------------------------------------------------------- */

int tt_sync_push(struct tt_store *st, const struct tt_account_conf *a, const struct tt_sync_opts *o,
                 struct tt_sync_stats *s, struct tt_err *err)
{
    int64_t acct;
    if (tt_sync_account_id(st, a, &acct, err) < 0)
        return -1;
    struct tt_outbox_item *due;
    size_t n;
    if (tt_store_outbox_due(st, acct, tt_now(), &due, &n, err) < 0)
        return -1;
    tt_outbox_list_free(due, n);
    if (n == 0)
        return 0; /* nothing to send: no connection, no token needed */
    struct progress_ctx pc = {o, a->name, s, NULL, NULL, NULL};
    struct tt_http *h;
    struct tt_provider *p;
    if (connect_account(a, o, &pc, o->cancel, &h, &p, err) < 0)
        return -1;
    int rc = tt_sync_push_items(st, p, h, acct,
                                (int)cfg_int(o->config, "sync.outbox_max_attempts", 5), s, err);
    tt_provider_free(p);
    tt_http_free(h);
    return rc;
}
