/*
 * test_sla_store.c: the SLA engine on a real SQLite store: the next-breach
 * cache and its dirty marks (events, fields, customer plan, configuration),
 * sparse logs, queue order by next breach, de-duplicated records and local
 * escalation changes.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/store.h"
#include "ticketty/store_sla.h"
#include "ticketty/util.h"

struct fx {
    char *dir, *db;
    struct tt_store *st;
    int64_t acct, cust;
    struct tt_sla_config cfg;
};

static int64_t T(const char *iso)
{
    int64_t t;
    if (tt_time_parse(iso, &t, NULL) < 0)
        fail_msg("bad time %s", iso);
    return t;
}

static int setup(void **state)
{
    struct fx *f = xcalloc(1, sizeof *f);
    tu_store_fixture("t.db", &f->dir, &f->db, &f->st, &f->acct);
    struct tt_err err;
    struct tt_customer c = {.key = "acme", .name = "Acme", .plan = "pro", .mrr = 500};
    assert_int_equal(tt_store_customer_upsert(f->st, &c, &f->cust, &err), 0);
    assert_int_equal(tt_sla_config_from_node(&f->cfg, NULL, NULL, &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    tt_sla_config_clear(&f->cfg);
    tu_store_fixture_free(f->dir, f->db, f->st);
    free(f);
    return 0;
}

static int64_t add_ticket(struct fx *f, const char *ext, enum tt_priority p, enum tt_status s,
                          const char *created)
{
    struct tt_ticket t = {.account_id = f->acct,
                          .external_id = (char *)ext,
                          .subject = "help",
                          .status = s,
                          .priority = p,
                          .customer_id = f->cust,
                          .created_at = T(created),
                          .updated_at = T(created)};
    int64_t id;
    struct tt_err err;
    if (tt_store_ticket_upsert(f->st, &t, &id, &err) < 0)
        fail_msg("%s", err.msg);
    return id;
}

static void add_event(struct fx *f, int64_t id, const char *at, enum tt_event_type type,
                      enum tt_author_role role, bool pub, const char *value)
{
    struct tt_event e = {.ticket_id = id,
                         .at = T(at),
                         .type = type,
                         .author_role = role,
                         .public = pub,
                         .new_value = (char *)value};
    struct tt_err err;
    if (tt_store_event_add(f->st, &e, NULL, &err) < 0)
        fail_msg("%s", err.msg);
}

static int64_t refresh(struct fx *f, const char *now)
{
    int64_t n;
    struct tt_err err;
    if (tt_sla_refresh_dirty(f->st, &f->cfg, T(now), &n, &err) < 0)
        fail_msg("%s", err.msg);
    return n;
}

static int64_t next_breach(struct fx *f, int64_t id)
{
    struct tt_sla_clock_row r;
    struct tt_err err;
    assert_int_equal(tt_store_sla_clock(f->st, id, &r, &err), 0);
    assert_true(r.found);
    struct tt_ticket t;
    assert_int_equal(tt_store_ticket_get(f->st, id, &t, &err), 1);
    tt_ticket_clear(&t);
    return r.next_breach_at;
}

static void test_cache_follows_events(void **state)
{
    struct fx *f = *state;
    int64_t a = add_ticket(f, "a", TT_PRIORITY_URGENT, TT_STATUS_NEW, "2026-05-05T08:00:00Z");
    add_event(f, a, "2026-05-05T08:00:00Z", TT_EV_CREATED, TT_AUTHOR_END_USER, true, NULL);
    assert_int_equal(refresh(f, "2026-05-05T08:05:00Z"), 1);
    /* standard policy, urgent: first reply 30 min */
    assert_int_equal(next_breach(f, a), T("2026-05-05T08:30:00Z"));
    assert_int_equal(refresh(f, "2026-05-05T08:06:00Z"), 0); /* nothing changed */
    /* the agent replies: the next target is the 4 h resolution */
    add_event(f, a, "2026-05-05T08:10:00Z", TT_EV_COMMENT, TT_AUTHOR_AGENT, true, NULL);
    assert_int_equal(refresh(f, "2026-05-05T08:11:00Z"), 1);
    assert_int_equal(next_breach(f, a), T("2026-05-05T12:00:00Z"));
    /* pending pauses resolution: no next breach, the remainder is kept */
    add_event(f, a, "2026-05-05T09:00:00Z", TT_EV_STATUS, TT_AUTHOR_AGENT, false, "pending");
    struct tt_err err;
    struct tt_ticket t;
    assert_int_equal(tt_store_ticket_get(f->st, a, &t, &err), 1);
    t.status = TT_STATUS_PENDING;
    t.updated_at = T("2026-05-05T09:00:00Z");
    assert_int_equal(tt_store_ticket_upsert(f->st, &t, NULL, &err), 0);
    tt_ticket_clear(&t);
    assert_int_equal(refresh(f, "2026-05-05T09:30:00Z"), 1);
    struct tt_sla_clock_row r;
    assert_int_equal(tt_store_sla_clock(f->st, a, &r, &err), 0);
    assert_int_equal(r.next_breach_at, 0);
    assert_int_equal(r.paused_remaining, 3 * 3600);
    assert_string_equal(r.policy, "standard");
    /* the ticket row is the current status: a log that lags behind it (an
     * audit not fetched yet) gets the change at updated_at */
    assert_int_equal(tt_store_ticket_get(f->st, a, &t, &err), 1);
    t.status = TT_STATUS_OPEN;
    t.updated_at = T("2026-05-05T10:00:00Z");
    assert_int_equal(tt_store_ticket_upsert(f->st, &t, NULL, &err), 0);
    tt_ticket_clear(&t);
    assert_int_equal(refresh(f, "2026-05-05T10:30:00Z"), 1);
    assert_int_equal(next_breach(f, a), T("2026-05-05T13:00:00Z"));
}

static void test_customer_plan_and_config_redirty(void **state)
{
    struct fx *f = *state;
    int64_t a = add_ticket(f, "a", TT_PRIORITY_HIGH, TT_STATUS_OPEN, "2026-05-05T08:00:00Z");
    /* upserting a ticket that is already marked (sync re-reading a page) */
    assert_int_equal(add_ticket(f, "a", TT_PRIORITY_HIGH, TT_STATUS_OPEN, "2026-05-05T08:00:00Z"),
                     a);
    struct tt_customer same = {.key = "acme", .name = "Acme", .plan = "pro", .mrr = 600};
    int64_t cid;
    struct tt_err e0;
    assert_int_equal(tt_store_customer_upsert(f->st, &same, &cid, &e0), 0);
    assert_int_equal(refresh(f, "2026-05-05T08:01:00Z"), 1);
    /* standard, high: first reply 120 min */
    assert_int_equal(next_breach(f, a), T("2026-05-05T10:00:00Z"));
    /* the customer becomes enterprise: 60 min first reply */
    struct tt_customer c = {.key = "acme", .name = "Acme", .plan = "enterprise", .mrr = 500};
    struct tt_err err;
    int64_t id;
    assert_int_equal(tt_store_customer_upsert(f->st, &c, &id, &err), 0);
    assert_int_equal(refresh(f, "2026-05-05T08:02:00Z"), 1);
    assert_int_equal(next_breach(f, a), T("2026-05-05T09:00:00Z"));
    /* an edited configuration recomputes everything */
    const char *yaml = "policies:\n  - targets: {first_reply: 15}\n";
    struct tt_conf_node *n = tt_conf_parse(yaml, strlen(yaml), "c.yaml", &err);
    struct tt_sla_config other;
    assert_int_equal(tt_sla_config_from_node(&other, n, "c.yaml", &err), 0);
    tt_conf_node_free(n);
    tt_sla_config_clear(&f->cfg);
    f->cfg = other;
    assert_int_equal(refresh(f, "2026-05-05T08:03:00Z"), 1);
    assert_int_equal(next_breach(f, a), T("2026-05-05T08:15:00Z"));
}

static void test_sparse_log_and_order(void **state)
{
    struct fx *f = *state;
    /* no events at all: created_at, status and first_response_at stand in */
    int64_t a = add_ticket(f, "a", TT_PRIORITY_LOW, TT_STATUS_OPEN, "2026-05-05T08:00:00Z");
    int64_t b = add_ticket(f, "b", TT_PRIORITY_URGENT, TT_STATUS_OPEN, "2026-05-05T08:00:00Z");
    int64_t c = add_ticket(f, "c", TT_PRIORITY_NORMAL, TT_STATUS_SOLVED, "2026-05-05T08:00:00Z");
    refresh(f, "2026-05-05T09:00:00Z");
    assert_int_equal(next_breach(f, a), T("2026-05-06T08:00:00Z")); /* low: 1440 min */
    assert_int_equal(next_breach(f, b), T("2026-05-05T08:30:00Z"));
    assert_int_equal(next_breach(f, c), 0); /* solved: nothing to breach */
    int64_t *ids;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_sla_open_ids(f->st, &ids, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], b);
    assert_int_equal(ids[1], a);
    free(ids);
    /* the queue's order by next breach reads the same cache */
    struct tt_ticket_filter flt;
    tt_ticket_filter_init(&flt);
    flt.order = TT_ORDER_NEXT_BREACH;
    struct tt_ticket *list;
    assert_int_equal(tt_store_ticket_list(f->st, &flt, 0, 10, &list, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(list[0].id, b);
    assert_int_equal(list[1].id, a);
    tt_ticket_list_free(list, n);
    /* first_response_at counts as the first reply */
    struct tt_sla_ticket e;
    struct tt_ticket t = {.account_id = f->acct,
                          .external_id = "a",
                          .subject = "help",
                          .status = TT_STATUS_OPEN,
                          .priority = TT_PRIORITY_LOW,
                          .customer_id = f->cust,
                          .created_at = T("2026-05-05T08:00:00Z"),
                          .updated_at = T("2026-05-05T08:00:00Z"),
                          .first_response_at = T("2026-05-05T08:20:00Z")};
    int64_t id;
    assert_int_equal(tt_store_ticket_upsert(f->st, &t, &id, &err), 0);
    assert_int_equal(tt_sla_ticket_eval(f->st, &f->cfg, a, T("2026-05-05T09:00:00Z"), &e, &err), 1);
    assert_int_equal(e.n_results, 2);
    assert_int_equal(e.results[0].metric, TT_SLA_FIRST_REPLY);
    assert_int_equal(e.results[0].state, TT_SLA_FULFILLED);
    assert_string_equal(e.why, "no conditions (matches every ticket)");
    tt_sla_ticket_clear(&e);
}

static void test_records_dedup_and_local_change(void **state)
{
    struct fx *f = *state;
    int64_t a = add_ticket(f, "a", TT_PRIORITY_NORMAL, TT_STATUS_OPEN, "2026-05-05T08:00:00Z");
    struct tt_err err;
    int64_t ev1, ev2;
    assert_int_equal(tt_store_sla_event_record(f->st, "k1", a, "first_reply", 1,
                                               TT_SLA_EV_ESCALATION, 0, 100, "standard", 5, &ev1,
                                               &err),
                     1);
    assert_int_equal(tt_store_sla_event_record(f->st, "k1", a, "first_reply", 1,
                                               TT_SLA_EV_ESCALATION, 0, 100, "standard", 6, &ev2,
                                               &err),
                     0);
    assert_int_equal(ev1, ev2);
    assert_int_equal(tt_store_sla_event_exists(f->st, "k1", &err), 1);
    assert_int_equal(tt_store_sla_event_exists(f->st, "k2", &err), 0);
    char state_s[16];
    assert_int_equal(tt_store_sla_action_state(f->st, "k1:0", state_s, &err), 0);
    assert_int_equal(
        tt_store_sla_action_set(f->st, "k1:0", ev1, "notify", "webhook", "failed", "x", 5, &err),
        0);
    assert_int_equal(
        tt_store_sla_action_set(f->st, "k1:0", ev1, "notify", "webhook", "sent", NULL, 6, &err), 0);
    assert_int_equal(tt_store_sla_action_state(f->st, "k1:0", state_s, &err), 1);
    assert_string_equal(state_s, "sent");
    struct tt_sla_record *r;
    size_t n;
    assert_int_equal(tt_store_sla_records(f->st, a, &r, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].actions, "notify webhook: sent");
    tt_sla_records_free(r, n);
    /* raise priority locally: recorded as an automation event, ticket re-dirtied */
    refresh(f, "2026-05-05T08:01:00Z");
    assert_int_equal(next_breach(f, a), T("2026-05-05T16:00:00Z"));
    assert_int_equal(tt_store_sla_local_change(f->st, a, TT_PRIORITY_URGENT, 0, NULL,
                                               T("2026-05-05T08:02:00Z"), &err),
                     0);
    assert_int_equal(refresh(f, "2026-05-05T08:03:00Z"), 1);
    assert_int_equal(next_breach(f, a), T("2026-05-05T08:30:00Z"));
    int64_t gid;
    assert_int_equal(
        tt_store_group_upsert(f->st, f->acct, "g2", "Tier 2", "t2@example.com", &gid, &err), 0);
    int64_t found_id;
    char *ext;
    assert_int_equal(tt_store_sla_group_by_name(f->st, f->acct, "tier 2", &found_id, &ext, &err),
                     1);
    assert_int_equal(found_id, gid);
    assert_string_equal(ext, "g2");
    free(ext);
    char *email;
    assert_int_equal(tt_store_sla_group_email(f->st, gid, &email, &err), 1);
    assert_string_equal(email, "t2@example.com");
    free(email);
    assert_int_equal(
        tt_store_sla_local_change(f->st, a, -1, gid, "Tier 2", T("2026-05-05T08:04:00Z"), &err), 0);
    struct tt_ticket t;
    assert_int_equal(tt_store_ticket_get(f->st, a, &t, &err), 1);
    assert_string_equal(t.group, "Tier 2");
    assert_int_equal(t.priority, TT_PRIORITY_URGENT);
    tt_ticket_clear(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cache_follows_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_customer_plan_and_config_redirty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sparse_log_and_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_records_dedup_and_local_change, setup, teardown),
    };
    return cmocka_run_group_tests_name("sla_store", tests, NULL, NULL);
}
