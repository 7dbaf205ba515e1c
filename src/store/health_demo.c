/*
 * health_demo.c: the demo workspace's health history (see store_health.h).
 * Past daily scorings are made with the real scoring functions from inputs
 * that drift, day by day, from a seeded earlier state to the customer's
 * current inputs: customers scoring badly today were mostly doing better two
 * weeks ago, so the health screen shows believable trends.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "ticketty/store_health.h"
#include "ticketty/util.h"

#define DAY 86400

/* splitmix64: a small deterministic mixer (seed, customer, day) -> bits. */
static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* Uniform in [lo, hi] from bits. */
static double uniform(uint64_t bits, double lo, double hi)
{
    return lo + (double)(bits >> 11) / 9007199254740992.0 * (hi - lo);
}

static int clampi(double v, int lo, int hi)
{
    long r = lround(v);
    return r < lo ? lo : r > hi ? hi : (int)r;
}

/* The inputs of customer c `k` days ago (k = 1..days). */
static void past_inputs(const struct tt_customer *c, enum tt_health_status now_status,
                        uint64_t seed, int k, int days, struct tt_customer *p)
{
    *p = *c; /* borrowed strings: p is only scored */
    uint64_t base = mix(seed ^ mix((uint64_t)c->id));
    /* How different the customer was at the start of the window: those in
     * trouble today were mostly better off, the healthy ones wander. */
    double login_shift = now_status == TT_HEALTH_HEALTHY ? uniform(mix(base + 1), -6, 6)
                                                         : uniform(mix(base + 1), -2, 10);
    double usage_shift = now_status == TT_HEALTH_HEALTHY ? uniform(mix(base + 2), -0.3, 0.3)
                                                         : uniform(mix(base + 2), -0.1, 0.5);
    double frac = (double)k / days;
    double noise = uniform(mix(base + 100 + (uint64_t)k), -1.5, 1.5);
    if (c->login_days_last_30 >= 0)
        p->login_days_last_30 = clampi(c->login_days_last_30 + login_shift * frac + noise, 0, 30);
    if (c->current_month_usage >= 0) {
        double prev = c->previous_month_usage > 0 ? c->previous_month_usage : 1;
        double cur = c->current_month_usage + usage_shift * frac * prev;
        p->current_month_usage = cur < 0 ? 0 : cur;
    }
    /* A failed payment seen today may not have happened yet early on. */
    if (c->failed_payments_last_90_days > 0 && frac > 0.5 && (mix(base + 3) & 1))
        p->failed_payments_last_90_days = c->failed_payments_last_90_days - 1;
}

static const char demo_history_sql[] =
    "INSERT OR IGNORE INTO health_history(customer_id, day, at, raw, score, status,"
    " effective_score, effective_status, overridden, product_usage, feature_adoption,"
    " support_sentiment, expansion_signals, payment_health)"
    " VALUES (?1,?2,?3,?4,?5,?6,?5,?6,0,?7,?8,?9,?10,?11)";

int tt_store_health_demo_history(struct tt_store *st, const struct tt_health_config *cfg,
                                 int64_t now, int days, uint64_t seed, struct tt_err *err)
{
    struct tt_customer *list;
    size_t n;
    if (days <= 0)
        return 0;
    if (tt_store_health_customers(st, now, true, &list, &n, err) < 0)
        return -1;
    /* A benchmark-sized book (--customers 1000000) gets fewer days, so the
     * history stays under about TT_HEALTH_DEMO_MAX_ROWS rows. */
    if (n && (size_t)days * n > TT_HEALTH_DEMO_MAX_ROWS)
        days = n >= TT_HEALTH_DEMO_MAX_ROWS ? 1 : (int)(TT_HEALTH_DEMO_MAX_ROWS / n);
    if (tt_store_begin(st, err) < 0) {
        tt_health_customer_list_free(list, n);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        struct tt_health_result today;
        tt_health_score(cfg, &list[i], &today);
        for (int k = days; k >= 1; k--) {
            struct tt_customer p;
            struct tt_health_result r;
            past_inputs(&list[i], today.status, seed, k, days, &p);
            tt_health_score(cfg, &p, &r);
            int64_t at = now - (int64_t)k * DAY;
            char day[11];
            tt_health_day(at, day);
            sqlite3_stmt *s = tt_sql_cached(st, demo_history_sql, err);
            if (!s)
                goto fail;
            sqlite3_bind_int64(s, 1, list[i].id);
            sqlite3_bind_text(s, 2, day, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(s, 3, at);
            sqlite3_bind_double(s, 4, r.raw);
            sqlite3_bind_int(s, 5, r.score);
            sqlite3_bind_text(s, 6, tt_health_status_name(r.status), -1, SQLITE_STATIC);
            for (int j = 0; j < TT_SIG__COUNT; j++)
                sqlite3_bind_double(s, 7 + j, r.signal[j]);
            if (sqlite3_step(s) != SQLITE_DONE) {
                tt_sql_fail(st, err, "save demo health history");
                goto fail;
            }
        }
    }
    tt_health_customer_list_free(list, n);
    return tt_store_commit(st, err);
fail:
    tt_store_rollback(st);
    tt_health_customer_list_free(list, n);
    return -1;
}
