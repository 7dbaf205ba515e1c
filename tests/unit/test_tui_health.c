/*
 * test_tui_health.c: the console's health screen and the ticket screen's
 * health panel rendered to memory from a real SQLite file, driven by keys.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tui_fixture.h"
#include "ticketty/store_health.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

#define NOW_ISO "2026-11-24T12:00:00Z"
#define DAY     86400

struct fx {
    struct tu_tui t; /* t.now is NOW_ISO */
    int64_t ticket;
};

static int64_t customer(struct fx *f, const char *key, const char *name, double mrr, int login,
                        int failed)
{
    struct tt_customer c = {0};
    c.key = (char *)key;
    c.name = (char *)name;
    c.mrr = mrr;
    c.login_days_last_30 = login;
    c.features_used = "tickets;reports";
    c.tickets_last_90_days = -1;
    c.resolved_tickets_last_90_days = -1;
    c.current_month_usage = 100;
    c.previous_month_usage = 100;
    c.failed_payments_last_90_days = failed;
    int64_t id;
    struct tt_err err;
    if (tt_store_customer_upsert(f->t.st, &c, &id, &err) < 0)
        fail_msg("%s", err.msg);
    return id;
}

static void update(struct fx *f, int64_t at)
{
    struct tt_health_config cfg;
    tt_health_config_default(&cfg);
    struct tt_health_update_stats s;
    struct tt_err err;
    if (tt_store_health_update(f->t.st, &cfg, at, &s, &err) < 0)
        fail_msg("%s", err.msg);
    tt_health_config_clear(&cfg);
}

static int setup(void **state)
{
    setlocale(LC_ALL, "C.UTF-8");
    struct fx *f = xcalloc(1, sizeof *f);
    tu_tui_open(&f->t, NOW_ISO);
    struct tt_err err;
    int64_t globex = customer(f, "C-2", "Globex", 1200, 30, 0);
    customer(f, "C-1", "Acme", 5000, 30, 0);
    customer(f, "C-3", "Initech", 300, 10, 1);
    update(f, f->t.now - 20 * DAY);
    customer(f, "C-2", "Globex", 1200, 2, 3); /* Globex falls */
    update(f, f->t.now - DAY);
    int64_t acct;
    assert_int_equal(tt_store_account_upsert(f->t.st, "local", "local", NULL, &acct, &err), 0);
    struct tt_ticket t = {0};
    t.account_id = acct;
    t.external_id = "1";
    t.subject = "Invoices fail to export";
    t.status = TT_STATUS_OPEN;
    t.priority = TT_PRIORITY_HIGH;
    t.customer_id = globex;
    t.created_at = t.updated_at = f->t.now - 3600;
    assert_int_equal(tt_store_ticket_upsert(f->t.st, &t, &f->ticket, &err), 0);
    tu_tui_start(&f->t, 30, 110);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    tu_tui_close(&f->t);
    free(f);
    return 0;
}

static void command(struct fx *f, const char *cmd)
{
    tt_app_key(f->t.app, ':');
    tt_app_keys(f->t.app, cmd);
    tt_app_key(f->t.app, TT_KEY_ENTER);
}

static void expect(const char *dump, const char *want)
{
    if (!strstr(dump, want))
        fail_msg("screen lacks \"%s\":\n%s", want, dump);
}

/* The row of the dump that contains `needle` (static buffer). */
static const char *row_with(const char *dump, const char *needle)
{
    static char line[1024];
    const char *p = strstr(dump, needle);
    if (!p)
        return "";
    const char *s = p;
    while (s > dump && s[-1] != '\n')
        s--;
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    snprintf(line, sizeof line, "%.*s", (int)n, s);
    return line;
}

static void test_health_screen(void **state)
{
    struct fx *f = *state;
    command(f, "health");
    char *d = tu_tui_render(&f->t);
    expect(d, "3 customers  1 critical  1 at-risk  1 healthy");
    expect(d, "CUSTOMER     NAME");
    /* Worst first: Globex (critical, falling), then Initech, then Acme. */
    const char *g = strstr(d, "C-2"), *i = strstr(d, "C-3"), *a = strstr(d, "C-1");
    assert_true(g && i && a && g < i && i < a);
    expect(row_with(d, "C-2"), "critical");
    expect(row_with(d, "C-2"), "-");            /* falling trend */
    expect(row_with(d, "C-2"), "\u2586\u2583"); /* sparkline: 75 then 32 */
    /* Breakdown of the selected customer (Globex). */
    expect(d, "payment_health");
    expect(row_with(d, "payment_health"), "20.0");
    expect(row_with(d, "payment_health"), "failing");
    free(d);
    /* j moves to Initech; the breakdown follows. */
    tt_app_key(f->t.app, 'j');
    d = tu_tui_render(&f->t);
    expect(row_with(d, "payment_health"), "60.0");
    free(d);
    /* s sorts by MRR at risk: Globex (1200) before Initech (300); f filters. */
    tt_app_key(f->t.app, 's');
    d = tu_tui_render(&f->t);
    expect(d, "sorted by MRR at risk");
    free(d);
    tt_app_key(f->t.app, 'f');
    d = tu_tui_render(&f->t);
    expect(d, "1 customer  1 critical");
    assert_null(strstr(d, "C-1 "));
    free(d);
}

static void test_override_shown(void **state)
{
    struct fx *f = *state;
    struct tt_customer c;
    struct tt_err err;
    assert_int_equal(tt_store_customer_by_key(f->t.st, "C-2", &c, &err), 1);
    struct tt_health_override ov = {.score = 71,
                                    .reason = "exec sponsor engaged",
                                    .by = "ann",
                                    .until = f->t.now + 5 * DAY,
                                    .set_at = f->t.now};
    assert_int_equal(tt_store_health_override_set(f->t.st, c.id, &ov, &err), 0);
    tt_customer_clear(&c);
    command(f, "health");
    tt_app_key(f->t.app, 'j'); /* Initech 52, Globex 71 by override, Acme 75 */
    char *d = tu_tui_render(&f->t);
    expect(row_with(d, "C-2"), "71*");
    expect(d, "override 71 by ann");
    expect(d, "exec sponsor engaged");
    free(d);
}

/* r (or the minute's re-read) keeps the cursor on its customer when the
 * order changed: it stayed on the row, another customer's. */
static void test_reread_keeps_customer(void **state)
{
    struct fx *f = *state;
    command(f, "health");
    tt_app_key(f->t.app, 'j'); /* Initech, second after Globex */
    char *d = tu_tui_render(&f->t);
    expect(row_with(d, "payment_health"), "60.0");
    free(d);
    struct tt_customer c;
    struct tt_err err;
    assert_int_equal(tt_store_customer_by_key(f->t.st, "C-2", &c, &err), 1);
    struct tt_health_override ov = {
        .score = 71, .reason = "renewed", .by = "ann", .until = f->t.now + DAY, .set_at = f->t.now};
    assert_int_equal(tt_store_health_override_set(f->t.st, c.id, &ov, &err), 0);
    tt_customer_clear(&c);
    tt_app_key(f->t.app, 'r'); /* now Initech 52, Globex 71, Acme 75 */
    d = tu_tui_render(&f->t);
    const char *i = strstr(d, "C-3"), *g = strstr(d, "C-2");
    assert_true(i && g && i < g);
    expect(row_with(d, "payment_health"), "60.0"); /* still Initech's breakdown */
    free(d);
}

static void test_ticket_panel(void **state)
{
    struct fx *f = *state;
    char cmd[64];
    snprintf(cmd, sizeof cmd, "ticket %lld", (long long)f->ticket);
    command(f, cmd);
    char *d = tu_tui_render(&f->t);
    expect(d, "Health");
    expect(row_with(d, "score"), "critical");
    expect(d, "trend 30d");
    free(d);
}

static void test_empty_and_bad_arg(void **state)
{
    struct fx *f = *state;
    command(f, "health healthy");
    char *d = tu_tui_render(&f->t);
    expect(d, "only healthy");
    free(d);
    command(f, "health nonsense");
    d = tu_tui_render(&f->t);
    expect(d, "unknown status 'nonsense'");
    free(d);
}

/* H on the queue opens the health screen; q goes back to the queue. */
static void test_open_key_from_queue(void **state)
{
    struct fx *f = *state;
    char *d = tu_tui_render(&f->t);
    assert_null(strstr(d, "3 customers  1 critical"));
    free(d);
    tt_app_key(f->t.app, 'H');
    d = tu_tui_render(&f->t);
    expect(d, "3 customers  1 critical  1 at-risk  1 healthy");
    free(d);
    tt_app_key(f->t.app, 'q');
    d = tu_tui_render(&f->t);
    assert_null(strstr(d, "3 customers  1 critical"));
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_health_screen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_override_shown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reread_keeps_customer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ticket_panel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_bad_arg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_key_from_queue, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
