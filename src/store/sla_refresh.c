/*
 * sla_refresh.c: the SLA engine on stored tickets, and the next-breach cache.
 * See store_sla.h for the contract (dirty marks by triggers, fingerprinted
 * configuration, synthesised events for sparse logs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "ticketty/store_sla.h"
#include "ticketty/util.h"

void tt_sla_ticket_clear(struct tt_sla_ticket *t)
{
    if (!t)
        return;
    tt_ticket_clear(&t->ticket);
    free(t->plan);
    tt_sla_results_free(t->results, t->n_results);
    memset(t, 0, sizeof *t);
}

void tt_sla_events_from_store(const struct tt_ticket *t, const struct tt_event *ev, size_t n,
                              struct tt_sla_event **out, size_t *n_out, int *initial_priority)
{
    struct tt_sla_event *v = xcalloc(n + 3, sizeof *v);
    size_t k = 0;
    bool has_created = false, has_status = false, has_reply = false;
    int last_status = TT_STATUS_NEW;
    int64_t last_at = t->created_at;
    *initial_priority = t->priority;
    bool seen_priority = false;
    for (size_t i = 0; i < n; i++) {
        const struct tt_event *e = &ev[i];
        struct tt_sla_event *s = &v[k];
        *s = (struct tt_sla_event){.at = e->at,
                                   .type = e->type,
                                   .author = e->author_role,
                                   .public = e->public,
                                   .status = -1,
                                   .priority = -1};
        switch (e->type) {
        case TT_EV_CREATED:
            has_created = true;
            if (e->new_value)
                s->status = tt_status_from_name(e->new_value);
            if (s->status >= 0)
                last_status = s->status;
            break;
        case TT_EV_STATUS:
            s->status = tt_status_from_name(e->new_value);
            if (s->status < 0)
                continue;
            has_status = true;
            last_status = s->status;
            break;
        case TT_EV_PRIORITY:
            s->priority = tt_priority_from_name(e->new_value);
            if (s->priority < 0)
                continue;
            if (!seen_priority) {
                int old = tt_priority_from_name(e->old_value);
                if (old >= 0)
                    *initial_priority = old;
                seen_priority = true;
            }
            break;
        case TT_EV_COMMENT:
            if (e->public && e->author_role != TT_AUTHOR_END_USER)
                has_reply = true;
            break;
        default:
            continue;
        }
        if (e->at > last_at)
            last_at = e->at;
        k++;
    }
    /* A sparse log: what the ticket row knows.  The row's status is the
     * current one: when the log ends in another, it changed at updated_at. */
    if (has_status && last_status != (int)t->status && last_status != TT_STATUS_CLOSED)
        v[k++] = (struct tt_sla_event){.at = t->updated_at > last_at ? t->updated_at : last_at,
                                       .type = TT_EV_STATUS,
                                       .status = (int)t->status,
                                       .priority = -1};
    if (!has_created)
        v[k++] = (struct tt_sla_event){
            .at = t->created_at, .type = TT_EV_CREATED, .status = -1, .priority = -1};
    if (!has_status && t->status != TT_STATUS_NEW) {
        int64_t at =
            (t->status == TT_STATUS_SOLVED || t->status == TT_STATUS_CLOSED) && t->resolved_at
                ? t->resolved_at
                : t->updated_at;
        if (at < t->created_at)
            at = t->created_at;
        v[k++] = (struct tt_sla_event){
            .at = at, .type = TT_EV_STATUS, .status = (int)t->status, .priority = -1};
    }
    if (!has_reply && t->first_response_at)
        v[k++] = (struct tt_sla_event){.at = t->first_response_at,
                                       .type = TT_EV_COMMENT,
                                       .author = TT_AUTHOR_AGENT,
                                       .public = true,
                                       .status = -1,
                                       .priority = -1};
    /* Keep time order (the synthesised ones were appended; insertion sort is
     * stable and the log is nearly sorted). */
    for (size_t i = 1; i < k; i++) {
        struct tt_sla_event x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1].at > x.at) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
    /* created first among equal times */
    for (size_t i = 0; i < k; i++)
        if (v[i].type == TT_EV_CREATED) {
            struct tt_sla_event x = v[i];
            size_t j = i;
            while (j > 0 && v[j - 1].at == x.at) {
                v[j] = v[j - 1];
                j--;
            }
            v[j] = x;
            break;
        }
    *out = v;
    *n_out = k;
}

int tt_sla_ticket_eval(struct tt_store *st, const struct tt_sla_config *cfg, int64_t ticket_id,
                       int64_t now, struct tt_sla_ticket *out, struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    int found = tt_store_ticket_get(st, ticket_id, &out->ticket, err);
    if (found <= 0)
        return found;
    const struct tt_ticket *t = &out->ticket;
    if (t->customer_id) {
        struct tt_customer c;
        int cf = tt_store_customer_get(st, t->customer_id, &c, err);
        if (cf < 0) {
            tt_sla_ticket_clear(out);
            return -1;
        }
        if (cf) {
            out->plan = c.plan ? xstrdup(c.plan) : NULL;
            out->mrr = c.mrr;
            tt_customer_clear(&c);
        }
    }
    struct tt_sla_subject subj = {.priority = t->priority,
                                  .plan = out->plan,
                                  .organization = t->organization,
                                  .tags = t->tags,
                                  .channel = t->channel,
                                  .group = t->group,
                                  .mrr = out->mrr};
    out->policy = tt_sla_config_match(cfg, &subj, out->why, sizeof out->why);
    if (!out->policy)
        return 1;
    struct tt_event *ev;
    size_t n;
    if (tt_store_event_list(st, ticket_id, &ev, &n, err) < 0) {
        tt_sla_ticket_clear(out);
        return -1;
    }
    struct tt_sla_event *sev;
    size_t ns;
    int prio;
    tt_sla_events_from_store(t, ev, n, &sev, &ns, &prio);
    tt_event_list_free(ev, n);
    tt_sla_evaluate(out->policy, sev, ns, prio, now, &out->results, &out->n_results);
    free(sev);
    out->next_breach = tt_sla_next_breach(out->results, out->n_results);
    return 1;
}

/* When the earliest active target enters its warning (0 = none). */
static int64_t warn_start(const struct tt_sla_result *r, int64_t now)
{
    const struct tt_sla_target *t = r->target;
    const struct tt_sla_schedule *s = t->mode == TT_SLA_BUSINESS ? t->schedule : NULL;
    if (r->breached || r->state != TT_SLA_ACTIVE)
        return 0;
    int64_t need = t->minutes * 60, warn = t->warn_before * 60;
    int64_t at = r->remaining <= warn ? now : tt_sla_advance(s, now, r->remaining - warn);
    if (t->warn_percent > 0) {
        int64_t pct = (int64_t)((double)need * t->warn_percent / 100.0);
        int64_t p = r->elapsed >= pct ? now : tt_sla_advance(s, now, pct - r->elapsed);
        if (p < at)
            at = p;
    }
    return at;
}

static const char sql_clock_put[] =
    "INSERT INTO sla_clock(ticket_id, policy, next_breach_at, next_metric, warn_at,"
    " paused_remaining, n_targets, computed_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)"
    " ON CONFLICT(ticket_id) DO UPDATE SET policy = excluded.policy,"
    " next_breach_at = excluded.next_breach_at, next_metric = excluded.next_metric,"
    " warn_at = excluded.warn_at, paused_remaining = excluded.paused_remaining,"
    " n_targets = excluded.n_targets, computed_at = excluded.computed_at";
static const char sql_ticket_nb[] = "UPDATE tickets SET next_breach_at = ?2 WHERE id = ?1";
static const char sql_undirty[] = "DELETE FROM sla_dirty WHERE ticket_id = ?";

static int write_cache(struct tt_store *st, int64_t id, const struct tt_sla_ticket *e, int64_t now,
                       struct tt_err *err)
{
    int64_t next = 0, warn = 0, paused = -1;
    const char *metric = NULL;
    /* Monitoring covers open tickets: solved and closed ones never breach next. */
    bool open = !e->ticket.deleted && tt_status_is_open(e->ticket.status);
    for (size_t i = 0; open && i < e->n_results; i++) {
        const struct tt_sla_result *r = &e->results[i];
        if (r->state == TT_SLA_ACTIVE && r->deadline && (!next || r->deadline < next)) {
            next = r->deadline;
            metric = tt_sla_metric_name(r->metric);
        }
        int64_t w = warn_start(r, now);
        if (w && (!warn || w < warn))
            warn = w;
        if (r->state == TT_SLA_PAUSED && !r->breached && (paused < 0 || r->remaining < paused))
            paused = r->remaining;
    }
    if (next == INT64_MAX)
        next = 0;
    sqlite3_stmt *s = tt_sql_cached(st, sql_clock_put, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    tt_bind_text(s, 2, e->policy ? e->policy->name : NULL);
    tt_bind_time(s, 3, next);
    tt_bind_text(s, 4, metric);
    tt_bind_time(s, 5, warn);
    if (paused >= 0)
        sqlite3_bind_int64(s, 6, paused);
    else
        sqlite3_bind_null(s, 6);
    sqlite3_bind_int64(s, 7, (int64_t)e->n_results);
    sqlite3_bind_int64(s, 8, now);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "save SLA clock");
    s = tt_sql_cached(st, sql_ticket_nb, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    tt_bind_time(s, 2, next);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "save next breach");
    s = tt_sql_cached(st, sql_undirty, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "clear SLA dirty mark");
    return 0;
}

int tt_sla_refresh(struct tt_store *st, const struct tt_sla_config *cfg, int64_t ticket_id,
                   int64_t now, struct tt_err *err)
{
    struct tt_sla_ticket e;
    int found = tt_sla_ticket_eval(st, cfg, ticket_id, now, &e, err);
    if (found < 0)
        return tt_err_prefix(err, "SLA of ticket %lld", (long long)ticket_id);
    if (!found)
        return 0;
    int rc = write_cache(st, ticket_id, &e, now, err);
    tt_sla_ticket_clear(&e);
    return rc;
}

int tt_store_sla_mark_all_dirty(struct tt_store *st, struct tt_err *err)
{
    return tt_sql_exec(st, "INSERT OR IGNORE INTO sla_dirty(ticket_id) SELECT id FROM tickets",
                       err);
}

static int check_fingerprint(struct tt_store *st, const struct tt_sla_config *cfg,
                             struct tt_err *err)
{
    char fp[32];
    snprintf(fp, sizeof fp, "%016llx", (unsigned long long)tt_sla_config_fingerprint(cfg));
    sqlite3_stmt *s = tt_sql_cached(st, "SELECT value FROM sla_meta WHERE key = 'config'", err);
    if (!s)
        return -1;
    bool same =
        sqlite3_step(s) == SQLITE_ROW && tt_streq((const char *)sqlite3_column_text(s, 0), fp);
    sqlite3_reset(s);
    if (same)
        return 0;
    if (tt_store_sla_mark_all_dirty(st, err) < 0)
        return -1;
    s = tt_sql_cached(st, "INSERT OR REPLACE INTO sla_meta(key, value) VALUES ('config', ?)", err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, fp);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "save SLA config fingerprint");
}

int tt_sla_refresh_dirty(struct tt_store *st, const struct tt_sla_config *cfg, int64_t now,
                         int64_t *n_out, struct tt_err *err)
{
    if (n_out)
        *n_out = 0;
    if (tt_store_begin(st, err) < 0)
        return -1;
    if (check_fingerprint(st, cfg, err) < 0)
        goto fail;
    sqlite3_stmt *s = tt_sql_prepare(st, "SELECT ticket_id FROM sla_dirty ORDER BY ticket_id", err);
    if (!s)
        goto fail;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            ids = xrealloc(ids, cap * sizeof *ids);
        }
        ids[n++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(ids);
        tt_sql_fail(st, err, "list dirty SLA clocks");
        goto fail;
    }
    for (size_t i = 0; i < n; i++)
        if (tt_sla_refresh(st, cfg, ids[i], now, err) < 0) {
            free(ids);
            goto fail;
        }
    free(ids);
    if (tt_store_commit(st, err) < 0)
        return -1;
    if (n_out)
        *n_out = (int64_t)n;
    return 0;
fail:
    tt_store_rollback(st);
    return -1;
}

int tt_sla_refresh_pending(struct tt_store *st, const struct tt_config *config, struct tt_err *err)
{
    struct tt_sla_config cfg;
    if (tt_sla_config_load(&cfg, config, err) < 0)
        return -1;
    int rc = tt_sla_refresh_dirty(st, &cfg, tt_now(), NULL, err);
    tt_sla_config_clear(&cfg);
    return rc;
}
