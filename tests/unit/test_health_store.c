/*
 * test_health_store.c: scoring runs on a real SQLite file: history per day,
 * support figures derived from tickets, overrides, transitions into critical
 * and alert de-duplication, list order and filters, customer import rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/health.h"
#include "ticketty/store_health.h"
#include "ticketty/util.h"

#define DAY 86400
#define T0  1795478400 /* 2026-11-24T00:00:00Z */

struct fx {
    char *dir;
    struct tt_store *st;
    struct tt_health_config cfg;
    int64_t acct;
};

static int setup(void **state)
{
    struct fx *f = xcalloc(1, sizeof *f);
    f->dir = tu_tmpdir();
    char *db = xasprintf("%s/t.db", f->dir);
    struct tt_err err;
    f->st = tt_store_open(db, &err);
    free(db);
    if (!f->st)
        fail_msg("%s", err.msg);
    assert_int_equal(tt_store_account_upsert(f->st, "local", "local", NULL, &f->acct, &err), 0);
    tt_health_config_default(&f->cfg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    tt_store_close(f->st);
    tt_health_config_clear(&f->cfg);
    tu_rmtree(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* Upsert a customer from import-style values; returns its id. */
static int64_t add(struct fx *f, const char *key, double mrr, int login, const char *features,
                   int tickets, int resolved, double cur, double prev, int failed)
{
    struct tt_customer c = {0};
    c.key = (char *)key;
    c.name = (char *)key;
    c.mrr = mrr;
    c.csm = "csm@example.com";
    c.login_days_last_30 = login;
    c.features_used = (char *)features;
    c.tickets_last_90_days = tickets;
    c.resolved_tickets_last_90_days = resolved;
    c.current_month_usage = cur;
    c.previous_month_usage = prev;
    c.failed_payments_last_90_days = failed;
    int64_t id;
    struct tt_err err;
    if (tt_store_customer_upsert(f->st, &c, &id, &err) < 0)
        fail_msg("%s", err.msg);
    return id;
}

/* Customer key (new or existing) with a cancelled subscription, inputs unknown. */
static void cancel(struct fx *f, const char *key)
{
    struct tt_customer c = {.key = (char *)key,
                            .name = (char *)key,
                            .subscription_status = "cancelled",
                            .login_days_last_30 = -1,
                            .tickets_last_90_days = -1,
                            .resolved_tickets_last_90_days = -1,
                            .current_month_usage = -1,
                            .previous_month_usage = -1,
                            .failed_payments_last_90_days = -1};
    struct tt_err err;
    if (tt_store_customer_upsert(f->st, &c, NULL, &err) < 0)
        fail_msg("%s", err.msg);
}

static void run(struct fx *f, int64_t now, struct tt_health_update_stats *stats)
{
    struct tt_err err;
    if (tt_store_health_update(f->st, &f->cfg, now, stats, &err) < 0)
        fail_msg("%s", err.msg);
}

static size_t pending(struct fx *f)
{
    struct tt_health_alert *a;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_health_alerts_pending(f->st, &a, &n, &err), 0);
    tt_health_alert_list_free(a, n);
    return n;
}

static const char *ALL = "tickets;knowledge_base;automations;reports;integrations";

static void test_history_one_row_per_day(void **state)
{
    struct fx *f = *state;
    int64_t id = add(f, "A", 5000, 30, ALL, 0, 0, 130, 100, 0);
    struct tt_health_update_stats s;
    run(f, T0 + 3600, &s);
    assert_int_equal(s.scored, 1);
    assert_int_equal(s.by_status[TT_HEALTH_HEALTHY], 1);
    assert_string_equal(s.day, "2026-11-24");
    run(f, T0 + 7200, &s); /* same day: replaces the row */
    run(f, T0 + DAY + 60, &s);
    struct tt_health_row *h;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_health_history(f->st, id, T0 - 10 * DAY, &h, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].day, "2026-11-24");
    assert_int_equal(h[0].at, T0 + 7200);
    assert_string_equal(h[1].day, "2026-11-25");
    assert_int_equal(h[1].score, 96);
    assert_false(h[1].overridden);
    free(h);
}

static size_t history_len(struct fx *f, int64_t id)
{
    struct tt_health_row *h;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_health_history(f->st, id, 0, &h, &n, &err), 0);
    free(h);
    return n;
}

/* history_days keeps that many days up to today for customers still scored;
 * a customer who left keeps everything (health backtest learns from them). */
static void test_history_pruned(void **state)
{
    struct fx *f = *state;
    f->cfg.history_days = 3;
    int64_t a = add(f, "A", 5000, 30, ALL, 0, 0, 130, 100, 0);
    int64_t b = add(f, "B", 5000, 30, ALL, 0, 0, 130, 100, 0);
    struct tt_health_update_stats s;
    run(f, T0, &s);
    run(f, T0 + DAY, &s);
    cancel(f, "B");
    struct tt_err err;
    run(f, T0 + 2 * DAY, &s);
    assert_int_equal(s.history_pruned, 0);
    assert_int_equal(history_len(f, a), 3);
    run(f, T0 + 4 * DAY + 60, &s); /* days 0 and 1 fall out; day 3 was skipped */
    assert_int_equal(s.history_pruned, 2);
    struct tt_health_row *h;
    size_t n;
    assert_int_equal(tt_store_health_history(f->st, a, 0, &h, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].day, "2026-11-26");
    assert_string_equal(h[1].day, "2026-11-28");
    free(h);
    assert_int_equal(history_len(f, b), 2);

    f->cfg.history_days = 0; /* keep everything */
    run(f, T0 + 40 * DAY, &s);
    assert_int_equal(s.history_pruned, 0);
    assert_int_equal(history_len(f, a), 3);
}

static void test_only_active_customers(void **state)
{
    struct fx *f = *state;
    add(f, "A", 0, 30, ALL, 0, 0, 0, 0, 0);
    cancel(f, "B");
    struct tt_health_update_stats s;
    run(f, T0, &s);
    assert_int_equal(s.scored, 1);
}

static int64_t add_ticket(struct fx *f, int64_t customer, const char *ext, enum tt_status status,
                          int64_t created)
{
    struct tt_ticket t = {0};
    t.account_id = f->acct;
    t.external_id = (char *)ext;
    t.subject = "s";
    t.status = status;
    t.priority = TT_PRIORITY_NORMAL;
    t.customer_id = customer;
    t.created_at = created;
    t.updated_at = created;
    int64_t id;
    struct tt_err err;
    if (tt_store_ticket_upsert(f->st, &t, &id, &err) < 0)
        fail_msg("%s", err.msg);
    return id;
}

static void test_support_figures_derived_from_tickets(void **state)
{
    struct fx *f = *state;
    int64_t derived = add(f, "D", 0, 30, ALL, -1, -1, 130, 100, 0);
    int64_t given = add(f, "G", 0, 30, ALL, 2, 2, 130, 100, 0);
    add_ticket(f, derived, "1", TT_STATUS_SOLVED, T0 - 10 * DAY);
    add_ticket(f, derived, "2", TT_STATUS_CLOSED, T0 - 20 * DAY);
    add_ticket(f, derived, "3", TT_STATUS_OPEN, T0 - 30 * DAY);
    add_ticket(f, derived, "4", TT_STATUS_OPEN, T0 - 40 * DAY);
    add_ticket(f, derived, "old", TT_STATUS_OPEN, T0 - 100 * DAY); /* outside 90 days */
    add_ticket(f, given, "5", TT_STATUS_OPEN, T0 - DAY);           /* ignored: figures given */
    struct tt_health_update_stats s;
    run(f, T0, &s);
    struct tt_health_row *h;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_health_history(f->st, derived, 0, &h, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_true(h[0].signal[TT_SIG_SUPPORT_SENTIMENT] == 50); /* 2 of 4 resolved */
    free(h);
    assert_int_equal(tt_store_health_history(f->st, given, 0, &h, &n, &err), 0);
    assert_true(h[0].signal[TT_SIG_SUPPORT_SENTIMENT] == 100);
    free(h);
    /* The same derivation feeds backtests. */
    struct tt_customer *cs;
    assert_int_equal(tt_store_health_customers(f->st, T0, false, &cs, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(cs[0].tickets_last_90_days, 4);
    assert_int_equal(cs[0].resolved_tickets_last_90_days, 2);
    tt_health_customer_list_free(cs, n);
}

static void test_alert_once_per_transition(void **state)
{
    struct fx *f = *state;
    int64_t big = add(f, "BIG", 1000, 30, ALL, 0, 0, 130, 100, 0); /* healthy */
    add(f, "SMALL", 999, 0, NULL, 5, 0, 0, 100, 3);                /* critical, low MRR */
    struct tt_health_update_stats s;
    run(f, T0, &s);
    assert_int_equal(s.alerts_queued, 0);
    assert_int_equal(s.by_status[TT_HEALTH_CRITICAL], 1);
    /* BIG turns critical. */
    add(f, "BIG", 1000, 0, NULL, 5, 0, 0, 100, 3);
    run(f, T0 + DAY, &s);
    assert_int_equal(s.alerts_queued, 1);
    run(f, T0 + DAY + 600, &s); /* second run the same day */
    assert_int_equal(s.alerts_queued, 0);
    run(f, T0 + 2 * DAY, &s); /* still critical the next day */
    assert_int_equal(s.alerts_queued, 0);
    struct tt_health_alert *a;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_health_alerts_pending(f->st, &a, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(a[0].customer_id, big);
    assert_string_equal(a[0].customer_key, "BIG");
    assert_string_equal(a[0].csm, "csm@example.com");
    assert_string_equal(a[0].previous_status, "healthy");
    /* features_used was not given again, so the stored ones are kept (adoption 100). */
    assert_string_equal(
        a[0].failing, "product_usage=0;support_sentiment=0;expansion_signals=10;payment_health=20");
    assert_int_equal(a[0].score, 26); /* 0 + 20 + 0 + 1.5 + 4 = 25.5, rounded up */
    /* A failed delivery stays pending; a sent one does not come back. */
    assert_int_equal(tt_store_health_alert_done(f->st, a[0].id, 0, "connection refused", &err), 0);
    assert_int_equal(pending(f), 1);
    assert_int_equal(tt_store_health_alert_done(f->st, a[0].id, T0 + 2 * DAY, NULL, &err), 0);
    assert_int_equal(pending(f), 0);
    tt_health_alert_list_free(a, n);
    /* Recovery, then critical again: a new transition, a new alert. */
    add(f, "BIG", 1000, 30, ALL, 0, 0, 130, 100, 0);
    run(f, T0 + 3 * DAY, &s);
    assert_int_equal(s.alerts_queued, 0);
    add(f, "BIG", 1000, 0, NULL, 5, 0, 0, 100, 3);
    run(f, T0 + 4 * DAY, &s);
    assert_int_equal(s.alerts_queued, 1);
    assert_int_equal(tt_store_health_alerts(f->st, big, 0, &a, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(a[1].attempts, 2); /* newest first: the older one had two attempts */
    tt_health_alert_list_free(a, n);
}

static void test_first_scoring_critical_alerts(void **state)
{
    struct fx *f = *state;
    add(f, "NEW", 2000, 0, NULL, 5, 0, 0, 100, 3);
    struct tt_health_update_stats s;
    run(f, T0, &s);
    assert_int_equal(s.alerts_queued, 1);
    struct tt_health_alert *a;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_health_alerts_pending(f->st, &a, &n, &err), 0);
    assert_null(a[0].previous_status);
    tt_health_alert_list_free(a, n);
}

static void test_override_kept_and_expires(void **state)
{
    struct fx *f = *state;
    int64_t id = add(f, "O", 5000, 0, NULL, 5, 0, 0, 100, 3); /* critical */
    struct tt_err err;
    struct tt_health_override ov = {
        .score = 75, .reason = "renewal signed", .by = "ann", .until = T0 + 2 * DAY, .set_at = T0};
    assert_int_equal(tt_store_health_override_set(f->st, id, &ov, &err), 0);
    struct tt_health_update_stats s;
    run(f, T0 + 3600, &s);
    assert_int_equal(s.overridden, 1);
    assert_int_equal(s.by_status[TT_HEALTH_HEALTHY], 1);
    assert_int_equal(s.alerts_queued, 0); /* effective status is healthy */
    struct tt_health_entry e;
    assert_int_equal(tt_store_health_get(f->st, &f->cfg, id, T0 + 3600, T0 - 30 * DAY, &e, &err),
                     1);
    assert_true(e.override_active);
    assert_int_equal(e.cur.effective_score, 75);
    assert_int_equal(e.cur.effective_status, TT_HEALTH_HEALTHY);
    assert_int_equal(e.cur.score, 6); /* 1.5 + 4 = 5.5: the computed score is kept beside it */
    assert_int_equal(e.cur.status, TT_HEALTH_CRITICAL);
    assert_string_equal(e.ov.reason, "renewal signed");
    tt_health_entry_clear(&e);
    /* The next run does not overwrite it. */
    run(f, T0 + DAY, &s);
    struct tt_health_override got;
    assert_int_equal(tt_store_health_override_get(f->st, id, &got, &err), 1);
    assert_int_equal(got.score, 75);
    tt_health_override_clear(&got);
    /* Expired: the computed score is back, and the fall into critical alerts. */
    run(f, T0 + 2 * DAY, &s);
    assert_int_equal(s.overridden, 0);
    assert_int_equal(s.alerts_queued, 1);
    assert_int_equal(tt_store_health_get(f->st, &f->cfg, id, T0 + 2 * DAY, 0, &e, &err), 1);
    assert_false(e.override_active);
    assert_int_equal(e.cur.effective_score, 6);
    tt_health_entry_clear(&e);
    struct tt_health_row *h;
    size_t n;
    assert_int_equal(tt_store_health_history(f->st, id, 0, &h, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_true(h[0].overridden && h[0].effective_score == 75 && h[0].score == 6);
    assert_false(h[2].overridden);
    free(h);
    /* Clearing. */
    assert_int_equal(tt_store_health_override_clear(f->st, id, &err), 1);
    assert_int_equal(tt_store_health_override_clear(f->st, id, &err), 0);
}

static void test_list_orders_filters_trend(void **state)
{
    struct fx *f = *state;
    add(f, "H", 100, 30, ALL, 0, 0, 130, 100, 0);         /* 96 healthy */
    add(f, "R1", 3000, 10, "tickets", 0, 0, 100, 100, 1); /* at-risk */
    add(f, "C1", 500, 0, NULL, 5, 0, 0, 100, 3);          /* critical */
    add(f, "C2", 8000, 0, NULL, 5, 0, 0, 100, 3);         /* critical */
    struct tt_health_update_stats s;
    run(f, T0 - 10 * DAY, &s);
    add(f, "H", 100, 20, ALL, 0, 0, 130, 100, 0); /* drops a little */
    run(f, T0, &s);
    struct tt_health_query q = {
        .status = -1, .order = TT_HEALTH_BY_SCORE, .now = T0, .trend_since = T0 - 30 * DAY};
    struct tt_health_entry *l;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_health_list(f->st, &f->cfg, &q, &l, &n, &err), 0);
    assert_int_equal(n, 4);
    assert_string_equal(l[0].customer.key, "C2"); /* same score: higher MRR first */
    assert_string_equal(l[1].customer.key, "C1");
    assert_string_equal(l[2].customer.key, "R1");
    assert_string_equal(l[3].customer.key, "H");
    assert_int_equal(l[3].trend, 96 - 96); /* 20 login days: still capped near 100 */
    tt_health_entry_list_free(l, n);
    q.order = TT_HEALTH_BY_MRR_AT_RISK;
    assert_int_equal(tt_store_health_list(f->st, &f->cfg, &q, &l, &n, &err), 0);
    assert_string_equal(l[0].customer.key, "C2");
    assert_string_equal(l[1].customer.key, "R1");
    assert_string_equal(l[2].customer.key, "C1");
    assert_string_equal(l[3].customer.key, "H");
    tt_health_entry_list_free(l, n);
    q.status = TT_HEALTH_CRITICAL;
    assert_int_equal(tt_store_health_list(f->st, &f->cfg, &q, &l, &n, &err), 0);
    assert_int_equal(n, 2);
    tt_health_entry_list_free(l, n);
}

static void test_trend_down(void **state)
{
    struct fx *f = *state;
    int64_t id = add(f, "T", 100, 30, ALL, 0, 0, 130, 100, 0);
    struct tt_health_update_stats s;
    run(f, T0 - 20 * DAY, &s);
    add(f, "T", 100, 5, ALL, 0, 0, 130, 100, 0);
    run(f, T0, &s);
    struct tt_health_entry e;
    struct tt_err err;
    assert_int_equal(tt_store_health_get(f->st, &f->cfg, id, T0, T0 - 30 * DAY, &e, &err), 1);
    assert_int_equal(e.trend, 73 - 96); /* 7.5 + 20 + 10.5 + 15 + 20 */
    tt_health_entry_clear(&e);
    /* Outside the window the old score does not count. */
    assert_int_equal(tt_store_health_get(f->st, &f->cfg, id, T0, T0 - 5 * DAY, &e, &err), 1);
    assert_int_equal(e.trend, 0);
    tt_health_entry_clear(&e);
}

/* demo init's history: `days` rows before today per active customer, real
 * scores of drifted inputs, deterministic for a seed, nothing else touched. */
static void test_demo_history(void **state)
{
    struct fx *f = *state;
    int64_t bad = add(f, "D1", 5000, 3, "tickets", 10, 2, 50, 100, 3);
    int64_t good = add(f, "D2", 100, 30, ALL, 0, 0, 130, 100, 0);
    struct tt_err err;
    assert_int_equal(tt_store_health_demo_history(f->st, &f->cfg, T0, 14, 7, &err), 0);
    struct tt_health_row *h, *h2;
    size_t n, n2;
    assert_int_equal(tt_store_health_history(f->st, bad, T0 - 30 * DAY, &h, &n, &err), 0);
    assert_int_equal(n, 14);
    assert_string_equal(h[0].day, "2026-11-10");
    assert_string_equal(h[13].day, "2026-11-23");
    for (size_t i = 0; i < n; i++) {
        assert_true(h[i].score >= 0 && h[i].score <= 100);
        assert_int_equal(h[i].score, (int)tt_health_round(h[i].raw));
        assert_false(h[i].overridden);
    }
    /* No current row and no alert yet: today's run does that. */
    struct tt_health_entry e;
    assert_int_equal(tt_store_health_get(f->st, &f->cfg, bad, T0, T0 - 30 * DAY, &e, &err), 0);
    assert_int_equal(pending(f), 0);
    struct tt_health_update_stats s;
    run(f, T0 + 3600, &s);
    assert_int_equal(pending(f), 1); /* D1 is critical with MRR >= 1000 */
    assert_int_equal(tt_store_health_get(f->st, &f->cfg, bad, T0 + 3600, T0 - 30 * DAY, &e, &err),
                     1);
    /* The customer in trouble today was better off two weeks ago. */
    assert_true(e.trend < 0);
    tt_health_entry_clear(&e);
    /* A second call keeps the existing rows; another database with the same
     * seed gets the same rows. */
    assert_int_equal(tt_store_health_demo_history(f->st, &f->cfg, T0, 14, 99, &err), 0);
    assert_int_equal(tt_store_health_history(f->st, bad, T0 - 30 * DAY, &h2, &n2, &err), 0);
    assert_int_equal(n2, 15);
    for (size_t i = 0; i < n; i++)
        assert_true(h[i].raw == h2[i].raw);
    free(h2);
    assert_int_equal(tt_store_health_history(f->st, good, T0 - 30 * DAY, &h2, &n2, &err), 0);
    assert_int_equal(n2, 15);
    free(h2);
    free(h);
}

static void test_find_customer(void **state)
{
    struct fx *f = *state;
    int64_t id = add(f, "K-1", 0, 1, NULL, 0, 0, 0, 0, 0);
    struct tt_customer c;
    struct tt_err err;
    assert_int_equal(tt_store_health_find_customer(f->st, "K-1", &c, &err), 1);
    assert_int_equal(c.id, id);
    tt_customer_clear(&c);
    char num[32];
    snprintf(num, sizeof num, "%lld", (long long)id);
    assert_int_equal(tt_store_health_find_customer(f->st, num, &c, &err), 1);
    tt_customer_clear(&c);
    assert_int_equal(tt_store_health_find_customer(f->st, "nobody", &c, &err), 0);
}

struct row_case {
    const char *v[TT_CCOL__COUNT];
    const char *err; /* NULL = accepted */
};

static void test_import_rows(void **state)
{
    (void)state;
    const struct row_case cases[] = {
        {{"C1", "Acme", "pro", "10.5", "ann", "Active", "12", " a ; b;;c ", "3", "2", "5", "4",
          "0"},
         NULL},
        {{"C2"}, NULL},
        {{"", "x"}, "id: missing"},
        {{"C3", NULL, NULL, "-5"}, "mrr: -5 is negative"},
        {{"C3", NULL, NULL, "12abc"}, "mrr: \"12abc\" is not a number"},
        {{"C3", NULL, NULL, NULL, NULL, NULL, "2.5"}, "login_days_last_30: 2.5 is not a whole"},
        {{"C3", NULL, NULL, NULL, NULL, NULL, "32"}, "login_days_last_30: 32 is more than 31"},
        {{"C3", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "2", "3"},
         "resolved_tickets_last_90_days: 3 is more than"},
        {{"C3", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "2"}, "together"},
        {{"C3", NULL, NULL, NULL, NULL, "on hold"}, "subscription_status: \"on hold\""},
        {{"C3", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "x"},
         "failed_payments_last_90_days: \"x\" is not a number"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        struct tt_customer c;
        struct tt_err err = {{0}};
        int rc = tt_customer_from_columns(cases[i].v, &c, &err);
        if (cases[i].err) {
            if (rc == 0 || !strstr(err.msg, cases[i].err))
                fail_msg("case %zu: rc %d, error \"%s\", want \"%s\"", i, rc, err.msg,
                         cases[i].err);
            continue;
        }
        if (rc < 0)
            fail_msg("case %zu rejected: %s", i, err.msg);
        if (i == 0) {
            assert_string_equal(c.features_used, "a;b;c");
            assert_string_equal(c.subscription_status, "active");
            assert_true(c.mrr == 10.5 && c.login_days_last_30 == 12 &&
                        c.tickets_last_90_days == 3 && c.resolved_tickets_last_90_days == 2 &&
                        c.current_month_usage == 5 && c.previous_month_usage == 4 &&
                        c.failed_payments_last_90_days == 0);
        } else {
            assert_true(c.mrr == -1 && c.login_days_last_30 == -1 && !c.features_used &&
                        c.tickets_last_90_days == -1);
        }
        tt_customer_clear(&c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_history_one_row_per_day, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_pruned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_only_active_customers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_support_figures_derived_from_tickets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alert_once_per_transition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_scoring_critical_alerts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_override_kept_and_expires, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_orders_filters_trend, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trend_down, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_find_customer, setup, teardown),
        cmocka_unit_test(test_import_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
