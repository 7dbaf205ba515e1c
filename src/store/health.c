/*
 * health.c: scoring runs, history and alert queue of the health module (see
 * store_health.h).  Scores come from the pure functions in src/core/health.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "ticketty/store_health.h"
#include "ticketty/util.h"

#define DAY 86400

/* Customers with their inputs; support figures derived from tickets when the
 * customer has none (?1 = start of the 90-day window). */
#define INPUTS_SQL                                                                                 \
    "SELECT c.id, c.key, c.name, c.plan, c.mrr, c.csm, c.subscription_status,"                     \
    " coalesce(c.login_days_last_30, -1), c.features_used,"                                        \
    " CASE WHEN c.tickets_last_90_days IS NULL THEN coalesce(t.n, 0)"                              \
    "      ELSE c.tickets_last_90_days END,"                                                       \
    " CASE WHEN c.tickets_last_90_days IS NULL THEN coalesce(t.r, 0)"                              \
    "      ELSE coalesce(c.resolved_tickets_last_90_days, 0) END,"                                 \
    " coalesce(c.current_month_usage, -1), coalesce(c.previous_month_usage, -1),"                  \
    " coalesce(c.failed_payments_last_90_days, -1)"                                                \
    " FROM customers c LEFT JOIN (SELECT customer_id, count(*) AS n,"                              \
    "   sum(resolved_at IS NOT NULL OR status IN ('solved','closed')) AS r"                        \
    "   FROM tickets WHERE NOT deleted AND customer_id IS NOT NULL AND created_at >= ?1"           \
    "   GROUP BY customer_id) t ON t.customer_id = c.id"

static void read_inputs(sqlite3_stmt *s, struct tt_customer *c, bool copy)
{
    memset(c, 0, sizeof *c);
    c->id = tt_col_int(s, 0);
    if (copy) {
        c->key = tt_col_text(s, 1);
        c->name = tt_col_text(s, 2);
        c->plan = tt_col_text(s, 3);
        c->csm = tt_col_text(s, 5);
        c->subscription_status = tt_col_text(s, 6);
        c->features_used = tt_col_text(s, 8);
    } else {
        /* Borrowed until the next step: for scoring in place. */
        c->features_used = (char *)sqlite3_column_text(s, 8);
    }
    c->mrr = sqlite3_column_double(s, 4);
    c->login_days_last_30 = sqlite3_column_int(s, 7);
    c->tickets_last_90_days = sqlite3_column_int(s, 9);
    c->resolved_tickets_last_90_days = sqlite3_column_int(s, 10);
    c->current_month_usage = sqlite3_column_double(s, 11);
    c->previous_month_usage = sqlite3_column_double(s, 12);
    c->failed_payments_last_90_days = sqlite3_column_int(s, 13);
}

int tt_store_health_customers(struct tt_store *st, int64_t now, bool active_only,
                              struct tt_customer **out, size_t *n_out, struct tt_err *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *s = tt_sql_prepare(st,
                                     active_only ? INPUTS_SQL
                                         " WHERE c.subscription_status = 'active' ORDER BY c.id"
                                                 : INPUTS_SQL " ORDER BY c.id",
                                     err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, now - 90 * DAY);
    size_t n = 0, cap = 0;
    struct tt_customer *list = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            list = xrealloc(list, cap * sizeof *list);
        }
        read_inputs(s, &list[n++], true);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        tt_health_customer_list_free(list, n);
        return tt_sql_fail(st, err, "read customers");
    }
    *out = list;
    *n_out = n;
    return 0;
}

void tt_health_customer_list_free(struct tt_customer *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tt_customer_clear(&list[i]);
    free(list);
}

/* ---- a scoring run -------------------------------------------------------- */

struct scored {
    int64_t id;
    double mrr;
    struct tt_health_result r;
    int prev; /* previous effective status, -1 = never scored */
    int ov;   /* active override score, -1 = none */
};

static const char update_read_sql[] =
    INPUTS_SQL " LEFT JOIN health_current hc ON hc.customer_id = c.id"
               " LEFT JOIN health_overrides o ON o.customer_id = c.id AND o.until > ?2"
               " WHERE c.subscription_status = 'active'"
               " ORDER BY c.id";
/* The same SELECT with two more columns: hc.effective_status and o.score. */
static char *update_sql(void)
{
    const char *from = strstr(update_read_sql, " FROM customers c");
    return xasprintf("%.*s, hc.effective_status, o.score%s", (int)(from - update_read_sql),
                     update_read_sql, from);
}

static const char history_sql[] =
    "INSERT OR REPLACE INTO health_history(customer_id, day, at, raw, score, status,"
    " effective_score, effective_status, overridden, product_usage, feature_adoption,"
    " support_sentiment, expansion_signals, payment_health)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)";
static const char prune_sql[] = "DELETE FROM health_history WHERE customer_id = ?1 AND day < ?2";
static const char current_sql[] =
    "INSERT INTO health_current(customer_id, day, at, raw, score, status,"
    " effective_score, effective_status, overridden, product_usage, feature_adoption,"
    " support_sentiment, expansion_signals, payment_health, status_since)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?3)"
    " ON CONFLICT(customer_id) DO UPDATE SET day = excluded.day, at = excluded.at,"
    " raw = excluded.raw, score = excluded.score, status = excluded.status,"
    " effective_score = excluded.effective_score,"
    " status_since = CASE WHEN effective_status = excluded.effective_status THEN status_since"
    "   ELSE excluded.at END,"
    " effective_status = excluded.effective_status, overridden = excluded.overridden,"
    " product_usage = excluded.product_usage, feature_adoption = excluded.feature_adoption,"
    " support_sentiment = excluded.support_sentiment,"
    " expansion_signals = excluded.expansion_signals, payment_health = excluded.payment_health";
static const char alert_sql[] =
    "INSERT INTO health_alerts(customer_id, at, score, previous_status, failing)"
    " VALUES (?,?,?,?,?)";

static void bind_row(sqlite3_stmt *s, const struct scored *x, const char *day, int64_t now,
                     int eff_score, enum tt_health_status eff_status)
{
    sqlite3_bind_int64(s, 1, x->id);
    sqlite3_bind_text(s, 2, day, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, now);
    sqlite3_bind_double(s, 4, x->r.raw);
    sqlite3_bind_int(s, 5, x->r.score);
    sqlite3_bind_text(s, 6, tt_health_status_name(x->r.status), -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 7, eff_score);
    sqlite3_bind_text(s, 8, tt_health_status_name(eff_status), -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 9, x->ov >= 0);
    for (int i = 0; i < TT_SIG__COUNT; i++)
        sqlite3_bind_double(s, 10 + i, x->r.signal[i]);
}

static char *failing_text(const struct tt_health_config *cfg, const struct tt_health_result *r)
{
    unsigned bits = tt_health_failing(cfg, r);
    struct tt_buf b = {0};
    for (int i = 0; i < TT_SIG__COUNT; i++) {
        if (!(bits & (1u << i)))
            continue;
        if (b.len)
            tt_buf_putc(&b, ';');
        tt_buf_printf(&b, "%s=%g", tt_health_signal_name((enum tt_health_signal)i),
                      tt_health_round(r->signal[i] * 10) / 10);
    }
    return b.data ? tt_buf_steal(&b) : xstrdup("");
}

int tt_store_health_update(struct tt_store *st, const struct tt_health_config *cfg, int64_t now,
                           struct tt_health_update_stats *stats, struct tt_err *err)
{
    memset(stats, 0, sizeof *stats);
    char day[11];
    tt_health_day(now, day);
    memcpy(stats->day, day, sizeof day);
    char oldest[11]; /* the first day kept */
    tt_health_day(now - (int64_t)(cfg->history_days > 0 ? cfg->history_days - 1 : 0) * DAY, oldest);

    /* Read and score everything first, then write (no writes under an open read). */
    char *sql = update_sql();
    sqlite3_stmt *s = tt_sql_prepare(st, sql, err);
    free(sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, now - 90 * DAY);
    sqlite3_bind_int64(s, 2, now);
    size_t n = 0, cap = 0;
    struct scored *xs = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            xs = xrealloc(xs, cap * sizeof *xs);
        }
        struct tt_customer c;
        read_inputs(s, &c, false);
        struct scored *x = &xs[n++];
        x->id = c.id;
        x->mrr = c.mrr;
        tt_health_score(cfg, &c, &x->r);
        x->prev = sqlite3_column_type(s, 14) == SQLITE_NULL
                      ? -1
                      : tt_health_status_from_name((const char *)sqlite3_column_text(s, 14));
        x->ov = sqlite3_column_type(s, 15) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 15);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(xs);
        return tt_sql_fail(st, err, "read customers for scoring");
    }

    if (tt_store_begin(st, err) < 0) {
        free(xs);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const struct scored *x = &xs[i];
        int eff_score = x->ov >= 0 ? x->ov : x->r.score;
        enum tt_health_status eff = x->ov >= 0 ? tt_health_status_of(cfg, x->ov) : x->r.status;
        stats->scored++;
        stats->overridden += x->ov >= 0;
        stats->by_status[eff]++;
        sqlite3_stmt *h = tt_sql_cached(st, history_sql, err);
        if (!h)
            goto fail;
        bind_row(h, x, day, now, eff_score, eff);
        if (sqlite3_step(h) != SQLITE_DONE) {
            tt_sql_fail(st, err, "save health history");
            goto fail;
        }
        if (cfg->history_days > 0) {
            sqlite3_stmt *p = tt_sql_cached(st, prune_sql, err);
            if (!p)
                goto fail;
            sqlite3_bind_int64(p, 1, x->id);
            sqlite3_bind_text(p, 2, oldest, -1, SQLITE_STATIC);
            if (sqlite3_step(p) != SQLITE_DONE) {
                tt_sql_fail(st, err, "prune health history");
                goto fail;
            }
            stats->history_pruned += (size_t)sqlite3_changes(st->db);
        }
        sqlite3_stmt *cur = tt_sql_cached(st, current_sql, err);
        if (!cur)
            goto fail;
        bind_row(cur, x, day, now, eff_score, eff);
        if (sqlite3_step(cur) != SQLITE_DONE) {
            tt_sql_fail(st, err, "save current health");
            goto fail;
        }
        if (tt_health_should_alert(cfg, x->prev, eff, x->mrr)) {
            sqlite3_stmt *a = tt_sql_cached(st, alert_sql, err);
            if (!a)
                goto fail;
            char *failing = failing_text(cfg, &x->r);
            sqlite3_bind_int64(a, 1, x->id);
            sqlite3_bind_int64(a, 2, now);
            sqlite3_bind_int(a, 3, eff_score);
            if (x->prev >= 0)
                sqlite3_bind_text(a, 4, tt_health_status_name((enum tt_health_status)x->prev), -1,
                                  SQLITE_STATIC);
            sqlite3_bind_text(a, 5, failing, -1, SQLITE_TRANSIENT);
            free(failing);
            if (sqlite3_step(a) != SQLITE_DONE) {
                tt_sql_fail(st, err, "queue health alert");
                goto fail;
            }
            stats->alerts_queued++;
        }
    }
    free(xs);
    return tt_store_commit(st, err);
fail:
    free(xs);
    tt_store_rollback(st);
    return -1;
}

/* ---- alerts --------------------------------------------------------------- */

#define ALERT_COLS                                                                                 \
    "SELECT a.id, a.customer_id, c.key, c.name, c.csm, c.mrr, a.score, a.previous_status,"         \
    " a.failing, a.at, a.attempts, a.last_error, a.sent_at"                                        \
    " FROM health_alerts a JOIN customers c ON c.id = a.customer_id"

void tt_health_alert_list_free(struct tt_health_alert *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i].customer_key);
        free(list[i].customer_name);
        free(list[i].csm);
        free(list[i].previous_status);
        free(list[i].failing);
        free(list[i].last_error);
    }
    free(list);
}

static int read_alerts(struct tt_store *st, sqlite3_stmt *s, struct tt_health_alert **out,
                       size_t *n_out, struct tt_err *err)
{
    size_t n = 0, cap = 0;
    struct tt_health_alert *list = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            list = xrealloc(list, cap * sizeof *list);
        }
        struct tt_health_alert *a = &list[n++];
        a->id = tt_col_int(s, 0);
        a->customer_id = tt_col_int(s, 1);
        a->customer_key = tt_col_text(s, 2);
        a->customer_name = tt_col_text(s, 3);
        a->csm = tt_col_text(s, 4);
        a->mrr = sqlite3_column_double(s, 5);
        a->score = sqlite3_column_int(s, 6);
        a->previous_status = tt_col_text(s, 7);
        a->failing = tt_col_text(s, 8);
        a->at = tt_col_int(s, 9);
        a->attempts = sqlite3_column_int(s, 10);
        a->last_error = tt_col_text(s, 11);
        a->sent_at = tt_col_int(s, 12);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        tt_health_alert_list_free(list, n);
        return tt_sql_fail(st, err, "read health alerts");
    }
    *out = list;
    *n_out = n;
    return 0;
}

int tt_store_health_alerts_pending(struct tt_store *st, struct tt_health_alert **out, size_t *n_out,
                                   struct tt_err *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *s = tt_sql_prepare(st, ALERT_COLS " WHERE a.sent_at IS NULL ORDER BY a.id", err);
    return s ? read_alerts(st, s, out, n_out, err) : -1;
}

int tt_store_health_alerts(struct tt_store *st, int64_t customer_id, int64_t limit,
                           struct tt_health_alert **out, size_t *n_out, struct tt_err *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *s = tt_sql_prepare(
        st, ALERT_COLS " WHERE ?1 = 0 OR a.customer_id = ?1 ORDER BY a.at DESC, a.id DESC LIMIT ?2",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, customer_id);
    sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
    return read_alerts(st, s, out, n_out, err);
}

int tt_store_health_alert_done(struct tt_store *st, int64_t id, int64_t sent_at, const char *error,
                               struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(st,
                                     "UPDATE health_alerts SET attempts = attempts + 1,"
                                     " sent_at = ?2, last_error = ?3 WHERE id = ?1",
                                     err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    tt_bind_time(s, 2, sent_at);
    tt_bind_text(s, 3, error);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "update health alert");
}

/* ---- overrides ------------------------------------------------------------ */

int tt_store_health_alert_delivered(struct tt_store *st, int64_t id, const char *destination,
                                    int64_t at, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st,
                                    "INSERT OR IGNORE INTO health_alert_deliveries"
                                    "(alert_id, destination, at) VALUES (?1, ?2, ?3)",
                                    err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, destination, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, at);
    return sqlite3_step(s) == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "record alert delivery");
}

int tt_store_health_alert_was_delivered(struct tt_store *st, int64_t id, const char *destination,
                                        bool *yes, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st,
                                    "SELECT 1 FROM health_alert_deliveries"
                                    " WHERE alert_id = ?1 AND destination = ?2",
                                    err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, destination, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    *yes = rc == SQLITE_ROW;
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
                                                 : tt_sql_fail(st, err, "read alert deliveries");
}

int tt_store_health_override_set(struct tt_store *st, int64_t customer_id,
                                 const struct tt_health_override *o, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(
        st,
        "INSERT OR REPLACE INTO health_overrides(customer_id, score, reason, set_by, until, set_at)"
        " VALUES (?,?,?,?,?,?)",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, customer_id);
    sqlite3_bind_int(s, 2, o->score);
    tt_bind_text(s, 3, o->reason ? o->reason : "");
    tt_bind_text(s, 4, o->by);
    sqlite3_bind_int64(s, 5, o->until);
    sqlite3_bind_int64(s, 6, o->set_at);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "save health override");
}

int tt_store_health_override_clear(struct tt_store *st, int64_t customer_id, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(st, "DELETE FROM health_overrides WHERE customer_id = ?", err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, customer_id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "clear health override");
    return sqlite3_changes(st->db) > 0 ? 1 : 0;
}

int tt_store_health_override_get(struct tt_store *st, int64_t customer_id,
                                 struct tt_health_override *out, struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = tt_sql_prepare(
        st,
        "SELECT score, reason, set_by, until, set_at FROM health_overrides WHERE customer_id = ?",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, customer_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->score = sqlite3_column_int(s, 0);
        out->reason = tt_col_text(s, 1);
        out->by = tt_col_text(s, 2);
        out->until = tt_col_int(s, 3);
        out->set_at = tt_col_int(s, 4);
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "read health override");
}

/* ---- current health and history ------------------------------------------ */

#define ROW_COLS                                                                                   \
    "day, at, raw, score, status, effective_score, effective_status, overridden, product_usage,"   \
    " feature_adoption, support_sentiment, expansion_signals, payment_health"

static void read_row(sqlite3_stmt *s, int base, struct tt_health_row *r)
{
    const unsigned char *day = sqlite3_column_text(s, base);
    snprintf(r->day, sizeof r->day, "%s", day ? (const char *)day : "");
    r->at = tt_col_int(s, base + 1);
    r->raw = sqlite3_column_double(s, base + 2);
    r->score = sqlite3_column_int(s, base + 3);
    int v = tt_health_status_from_name((const char *)sqlite3_column_text(s, base + 4));
    r->status = v < 0 ? TT_HEALTH_CRITICAL : (enum tt_health_status)v;
    r->effective_score = sqlite3_column_int(s, base + 5);
    v = tt_health_status_from_name((const char *)sqlite3_column_text(s, base + 6));
    r->effective_status = v < 0 ? TT_HEALTH_CRITICAL : (enum tt_health_status)v;
    r->overridden = sqlite3_column_int(s, base + 7) != 0;
    for (int i = 0; i < TT_SIG__COUNT; i++)
        r->signal[i] = sqlite3_column_double(s, base + 8 + i);
}

void tt_health_entry_clear(struct tt_health_entry *e)
{
    tt_customer_clear(&e->customer);
    tt_health_override_clear(&e->ov);
    memset(e, 0, sizeof *e);
}

void tt_health_entry_list_free(struct tt_health_entry *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tt_health_entry_clear(&list[i]);
    free(list);
}

static const char list_sql[] =
    "SELECT c.id, c.key, c.name, c.plan, c.mrr, c.csm, c.subscription_status,"
    " hc.day, hc.at, hc.raw, hc.score, hc.status, hc.effective_score, hc.effective_status,"
    " hc.overridden, hc.product_usage, hc.feature_adoption, hc.support_sentiment,"
    " hc.expansion_signals, hc.payment_health,"
    " o.score, o.reason, o.set_by, o.until, o.set_at,"
    " (SELECT h.score FROM health_history h WHERE h.customer_id = c.id"
    "   AND h.day >= ?2 ORDER BY h.day LIMIT 1)"
    " FROM customers c JOIN health_current hc ON hc.customer_id = c.id"
    " LEFT JOIN health_overrides o ON o.customer_id = c.id AND o.until > ?1"
    " WHERE (?3 = 0 AND c.subscription_status = 'active') OR c.id = ?3";

static void read_entry(sqlite3_stmt *s, const struct tt_health_config *cfg,
                       struct tt_health_entry *e)
{
    memset(e, 0, sizeof *e);
    struct tt_customer *c = &e->customer;
    c->id = tt_col_int(s, 0);
    c->key = tt_col_text(s, 1);
    c->name = tt_col_text(s, 2);
    c->plan = tt_col_text(s, 3);
    c->mrr = sqlite3_column_double(s, 4);
    c->csm = tt_col_text(s, 5);
    c->subscription_status = tt_col_text(s, 6);
    read_row(s, 7, &e->cur);
    /* The effective score as of now: an override set or cleared since the last
     * run shows at once; the computed score is kept beside it. */
    if (sqlite3_column_type(s, 20) != SQLITE_NULL) {
        e->override_active = true;
        e->ov.score = sqlite3_column_int(s, 20);
        e->ov.reason = tt_col_text(s, 21);
        e->ov.by = tt_col_text(s, 22);
        e->ov.until = tt_col_int(s, 23);
        e->ov.set_at = tt_col_int(s, 24);
        e->cur.effective_score = e->ov.score;
        e->cur.effective_status = tt_health_status_of(cfg, e->ov.score);
        e->cur.overridden = true;
    } else {
        e->cur.effective_score = e->cur.score;
        e->cur.effective_status = e->cur.status;
        e->cur.overridden = false;
    }
    int first =
        sqlite3_column_type(s, 25) == SQLITE_NULL ? e->cur.score : sqlite3_column_int(s, 25);
    e->trend = e->cur.score - first;
}

static int cmp_score(const void *a, const void *b)
{
    const struct tt_health_entry *x = a, *y = b;
    if (x->cur.effective_score != y->cur.effective_score)
        return x->cur.effective_score < y->cur.effective_score ? -1 : 1;
    if (x->customer.mrr != y->customer.mrr)
        return x->customer.mrr > y->customer.mrr ? -1 : 1;
    return x->customer.id < y->customer.id ? -1 : x->customer.id > y->customer.id;
}

static int cmp_mrr_at_risk(const void *a, const void *b)
{
    const struct tt_health_entry *x = a, *y = b;
    bool rx = x->cur.effective_status != TT_HEALTH_HEALTHY;
    bool ry = y->cur.effective_status != TT_HEALTH_HEALTHY;
    if (rx != ry)
        return rx ? -1 : 1;
    if (x->customer.mrr != y->customer.mrr)
        return x->customer.mrr > y->customer.mrr ? -1 : 1;
    return cmp_score(a, b);
}

static int cmp_name(const void *a, const void *b)
{
    const struct tt_health_entry *x = a, *y = b;
    int c =
        strcmp(x->customer.name ? x->customer.name : "", y->customer.name ? y->customer.name : "");
    return c ? c : cmp_score(a, b);
}

int tt_store_health_list(struct tt_store *st, const struct tt_health_config *cfg,
                         const struct tt_health_query *q, struct tt_health_entry **out,
                         size_t *n_out, struct tt_err *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *s = tt_sql_prepare(st, list_sql, err);
    if (!s)
        return -1;
    char since[11];
    sqlite3_bind_int64(s, 1, q->now);
    sqlite3_bind_text(s, 2, tt_health_day(q->trend_since, since), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, q->customer_id);
    size_t n = 0, cap = 0;
    struct tt_health_entry *list = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            list = xrealloc(list, cap * sizeof *list);
        }
        read_entry(s, cfg, &list[n]);
        if (q->status >= 0 && list[n].cur.effective_status != (enum tt_health_status)q->status)
            tt_health_entry_clear(&list[n]);
        else
            n++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        tt_health_entry_list_free(list, n);
        return tt_sql_fail(st, err, "read customer health");
    }
    if (n > 1)
        qsort(list, n, sizeof *list,
              q->order == TT_HEALTH_BY_MRR_AT_RISK ? cmp_mrr_at_risk
              : q->order == TT_HEALTH_BY_NAME      ? cmp_name
                                                   : cmp_score);
    *out = list;
    *n_out = n;
    return 0;
}

int tt_store_health_get(struct tt_store *st, const struct tt_health_config *cfg,
                        int64_t customer_id, int64_t now, int64_t trend_since,
                        struct tt_health_entry *out, struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    if (customer_id <= 0)
        return 0;
    struct tt_health_query q = {
        .status = -1, .customer_id = customer_id, .now = now, .trend_since = trend_since};
    struct tt_health_entry *list;
    size_t n;
    if (tt_store_health_list(st, cfg, &q, &list, &n, err) < 0)
        return -1;
    if (n)
        *out = list[0];
    else
        free(list);
    if (n)
        free(list);
    return n ? 1 : 0;
}

int tt_store_health_history(struct tt_store *st, int64_t customer_id, int64_t since,
                            struct tt_health_row **out, size_t *n_out, struct tt_err *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *s = tt_sql_prepare(
        st,
        "SELECT " ROW_COLS " FROM health_history WHERE customer_id = ? AND day >= ? ORDER BY day",
        err);
    if (!s)
        return -1;
    char day[11];
    sqlite3_bind_int64(s, 1, customer_id);
    sqlite3_bind_text(s, 2, tt_health_day(since, day), -1, SQLITE_TRANSIENT);
    size_t n = 0, cap = 0;
    struct tt_health_row *list = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            list = xrealloc(list, cap * sizeof *list);
        }
        read_row(s, 0, &list[n++]);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(list);
        return tt_sql_fail(st, err, "read health history");
    }
    *out = list;
    *n_out = n;
    return 0;
}

int tt_store_health_find_customer(struct tt_store *st, const char *ref, struct tt_customer *out,
                                  struct tt_err *err)
{
    int rc = tt_store_customer_by_key(st, ref, out, err);
    if (rc != 0)
        return rc;
    char *end;
    long long id = strtoll(ref, &end, 10);
    if (*ref && !*end && id > 0) {
        rc = tt_store_customer_get(st, id, out, err);
        if (rc != 0)
            return rc;
    }
    sqlite3_stmt *s =
        tt_sql_prepare(st, "SELECT id FROM customers WHERE name = ? ORDER BY id", err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, ref);
    int64_t found = 0;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        found = sqlite3_column_int64(s, 0);
    if (step == SQLITE_ROW && sqlite3_step(s) == SQLITE_ROW) {
        sqlite3_finalize(s);
        return tt_errf(err, "customer \"%s\": several customers have that name; use the id", ref);
    }
    sqlite3_finalize(s);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return tt_sql_fail(st, err, "find customer");
    return found ? tt_store_customer_get(st, found, out, err) : 0;
}
