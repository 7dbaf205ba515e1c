/*
 * test_health_alerts.c: CSM alerts from scoring runs delivered to the loopback
 * webhook receiver (tests/support/notify_sinks.c): one per transition into
 * critical, nothing on a second run, a failed delivery retried once, and with
 * two destinations only the one that failed is retried.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cmd/health_util.h"
#include "notify_sinks.h"
#include "testutil.h"
#include "ticketty/util.h"

#define DAY 86400
#define T0  1795478400 /* 2026-11-24T00:00:00Z */

struct fx {
    char *dir;
    struct tt_ctx ctx;
    struct tt_store *st;
    struct tt_health_config cfg;
    struct tu_webhook *hook;
};

/* Load yaml as the configuration of f (and its health section). */
static void use_config(struct fx *f, const char *yaml)
{
    char *path = tu_write_file(f->dir, "config.yaml", yaml);
    struct tt_err err;
    tt_config_free(f->ctx.config);
    f->ctx.config = tt_config_load(path, true, &err);
    if (!f->ctx.config)
        fail_msg("%s", err.msg);
    tt_health_config_clear(&f->cfg);
    if (tt_health_cmd_config(&f->ctx, &f->cfg, &err) < 0)
        fail_msg("%s", err.msg);
    free(path);
}

static void use_webhook(struct fx *f, unsigned status)
{
    if (f->hook)
        tu_webhook_stop(f->hook);
    f->hook = tu_webhook_start(status);
    char *yaml = xasprintf("notify:\n  webhook_url: \"%s\"\nhealth:\n  notify: webhook\n",
                           tu_webhook_url(f->hook));
    use_config(f, yaml);
    free(yaml);
}

/* notify.webhook_url is f->hook, health.notify lists it and `second`. */
static void use_two_webhooks(struct fx *f, struct tu_webhook *second)
{
    char *yaml = xasprintf("notify:\n  webhook_url: \"%s\"\nhealth:\n  notify: [webhook, \"%s\"]\n",
                           tu_webhook_url(f->hook), tu_webhook_url(second));
    use_config(f, yaml);
    free(yaml);
}

static int setup(void **state)
{
    struct fx *f = xcalloc(1, sizeof *f);
    f->dir = tu_tmpdir();
    f->ctx.db_path = xasprintf("%s/t.db", f->dir);
    struct tt_err err;
    f->st = tt_ctx_store(&f->ctx, &err);
    if (!f->st)
        fail_msg("%s", err.msg);
    tt_health_config_default(&f->cfg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    if (f->hook)
        tu_webhook_stop(f->hook);
    tt_store_close(f->ctx.store);
    tt_config_free(f->ctx.config);
    tt_health_config_clear(&f->cfg);
    free(f->ctx.db_path);
    tu_rmtree(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static void set(struct fx *f, const char *key, double mrr, bool critical)
{
    struct tt_customer c = {0};
    c.key = (char *)key;
    c.name = (char *)key;
    c.mrr = mrr;
    c.csm = "csm@example.com";
    c.login_days_last_30 = critical ? 0 : 30;
    c.features_used = critical ? "" : "tickets;knowledge_base;automations;reports;integrations";
    c.tickets_last_90_days = critical ? 4 : 0;
    c.resolved_tickets_last_90_days = 0;
    c.current_month_usage = critical ? 0 : 130;
    c.previous_month_usage = 100;
    c.failed_payments_last_90_days = critical ? 3 : 0;
    struct tt_err err;
    if (tt_store_customer_upsert(f->st, &c, NULL, &err) < 0)
        fail_msg("%s", err.msg);
}

/* One scheduled run: score, then deliver.  Returns the report. */
static struct tt_health_alert_report run(struct fx *f, int64_t now)
{
    struct tt_health_update_stats stats;
    struct tt_health_alert_report rep = {0};
    struct tt_err err;
    if (tt_store_health_update(f->st, &f->cfg, now, &stats, &err) < 0 ||
        tt_health_send_alerts(&f->ctx, f->st, &f->cfg, now, &rep, &err) < 0)
        fail_msg("%s", err.msg);
    return rep;
}

static void test_one_alert_per_transition(void **state)
{
    struct fx *f = *state;
    use_webhook(f, 200);
    set(f, "BIG", 2500, false);
    set(f, "SMALL", 10, true);
    struct tt_health_alert_report r = run(f, T0);
    assert_int_equal(r.sent, 0);
    assert_int_equal(tu_webhook_count(f->hook), 0);
    set(f, "BIG", 2500, true);
    r = run(f, T0 + DAY);
    assert_int_equal(r.sent, 1);
    assert_int_equal(tu_webhook_count(f->hook), 1);
    char *body = tu_webhook_body(f->hook, 0);
    assert_non_null(strstr(body, "BIG is critical"));
    assert_non_null(strstr(body, "payment_health 20"));
    assert_non_null(strstr(body, "healthy -> critical"));
    free(body);
    r = run(f, T0 + DAY + 3600); /* the same day again */
    assert_int_equal(r.sent, 0);
    r = run(f, T0 + 2 * DAY); /* still critical */
    assert_int_equal(tu_webhook_count(f->hook), 1);
    set(f, "BIG", 2500, false);
    run(f, T0 + 3 * DAY);
    set(f, "BIG", 2500, true);
    r = run(f, T0 + 4 * DAY); /* a new transition */
    assert_int_equal(r.sent, 1);
    assert_int_equal(tu_webhook_count(f->hook), 2);
}

static void test_failed_delivery_retried_once(void **state)
{
    struct fx *f = *state;
    use_webhook(f, 503);
    set(f, "X", 5000, true);
    struct tt_health_alert_report r = run(f, T0);
    assert_int_equal(r.failed, 1);
    assert_int_equal(r.sent, 0);
    assert_int_equal(tu_webhook_count(f->hook), 1); /* attempted, refused */
    use_webhook(f, 200);
    r = run(f, T0 + 600);
    assert_int_equal(r.sent, 1);
    assert_int_equal(tu_webhook_count(f->hook), 1);
    r = run(f, T0 + 1200);
    assert_int_equal(r.sent + r.failed, 0);
    assert_int_equal(tu_webhook_count(f->hook), 1);
    struct tt_health_alert *a;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_health_alerts(f->st, 0, 0, &a, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(a[0].attempts, 2);
    assert_int_equal(a[0].sent_at, T0 + 600);
    tt_health_alert_list_free(a, n);
}

/* Two webhooks: the first accepts, the second fails; the retry goes only to
 * the second, and the alert is sent once both have it. */
static void test_retry_only_failed_destination(void **state)
{
    struct fx *f = *state;
    use_webhook(f, 200);
    struct tu_webhook *other = tu_webhook_start(503);
    use_two_webhooks(f, other);
    set(f, "X", 5000, true);
    struct tt_health_alert_report r = run(f, T0);
    assert_int_equal(r.failed, 1);
    assert_int_equal(tu_webhook_count(f->hook), 1);
    assert_int_equal(tu_webhook_count(other), 1);
    r = run(f, T0 + 600); /* still failing: only the second is tried again */
    assert_int_equal(r.failed, 1);
    assert_int_equal(tu_webhook_count(f->hook), 1);
    assert_int_equal(tu_webhook_count(other), 2);
    /* The second destination comes back (at a new URL, as the sink cannot
     * change its answer): it gets the alert, the first does not again. */
    struct tu_webhook *fixed = tu_webhook_start(200);
    use_two_webhooks(f, fixed);
    r = run(f, T0 + 1200);
    assert_int_equal(r.sent, 1);
    assert_int_equal(tu_webhook_count(f->hook), 1);
    assert_int_equal(tu_webhook_count(fixed), 1);
    r = run(f, T0 + 1800);
    assert_int_equal(r.sent + r.failed, 0);
    struct tt_health_alert *a;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_health_alerts(f->st, 0, 0, &a, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(a[0].attempts, 3);
    assert_int_equal(a[0].sent_at, T0 + 1200);
    tt_health_alert_list_free(a, n);
    tu_webhook_stop(other);
    tu_webhook_stop(fixed);
}

static void test_no_notifier_keeps_alert_pending(void **state)
{
    struct fx *f = *state; /* no configuration: no webhook, no SMTP */
    set(f, "X", 5000, true);
    struct tt_health_alert_report r = run(f, T0);
    assert_int_equal(r.unconfigured, 1);
    assert_int_equal(r.sent + r.failed, 0);
    use_webhook(f, 200); /* configured later: the waiting alert goes out */
    r = run(f, T0 + 60);
    assert_int_equal(r.sent, 1);
    assert_int_equal(tu_webhook_count(f->hook), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_one_alert_per_transition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_delivery_retried_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retry_only_failed_destination, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_notifier_keeps_alert_pending, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
