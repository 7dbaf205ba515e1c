/*
 * test_demo_outbox.c: writes to the demo workspace go the whole loop.  The
 * demo's account is local (no helpdesk), so its outbox is delivered into the
 * store by the same push `ticketty sync` runs: the reply shows in the
 * conversation, the first-reply target is fulfilled, fields change with their
 * events, and the item is sent.  A ticket of an account removed from the
 * configuration is not local: its items fail with an error saying so.
 * Real SQLite file, the real demo writer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_fixture.h"
#include "sync_fixture.h"
#include "testutil.h"
#include "ticketty/sla.h"
#include "ticketty/store.h"
#include "ticketty/store_demo.h"
#include "ticketty/store_sla.h"
#include "ticketty/store_sync.h"
#include "ticketty/sync.h"
#include "ticketty/util.h"

#define NOW 1795000000 /* the demo's clock; deliveries happen at NOW + 60 */

struct fx {
    char *dir, *db;
    struct tt_store *st;
};

static int setup(void **state)
{
    struct fx *f = xcalloc(1, sizeof *f);
    tu_store_fixture("demo.db", &f->dir, &f->db, &f->st, NULL);
    tu_demo_workspace(f->st, 300, 30, 5, NOW);
    setenv("TICKETTY_NOW", "1795000060", 1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    unsetenv("TICKETTY_NOW");
    tu_store_fixture_free(f->dir, f->db, f->st);
    free(f);
    return 0;
}

static const struct tt_sla_result *find_metric(const struct tt_sla_ticket *t, enum tt_sla_metric m)
{
    for (size_t i = 0; i < t->n_results; i++)
        if (t->results[i].metric == m)
            return &t->results[i];
    return NULL;
}

/* How many events of `type` the ticket has whose body (comments) or new
 * value (changes) is `what`. */
static int count_events(struct fx *f, int64_t ticket, enum tt_event_type type, const char *what,
                        struct tt_event *last)
{
    struct tt_event *ev;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_event_list(f->st, ticket, &ev, &n, &err), 0);
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *v = type == TT_EV_COMMENT ? ev[i].body : ev[i].new_value;
        if (ev[i].type == type && tt_streq(v, what)) {
            k++;
            if (last) {
                tt_event_clear(last);
                *last = ev[i];
                memset(&ev[i], 0, sizeof ev[i]);
            }
        }
    }
    tt_event_list_free(ev, n);
    return k;
}

static void test_reply_delivered_locally(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    int64_t tid = tu_demo_new_ticket(f->st);
    struct tt_sla_config cfg;
    assert_int_equal(tt_sla_config_load(&cfg, NULL, &err), 0);
    struct tt_sla_ticket before;
    assert_int_equal(tt_sla_ticket_eval(f->st, &cfg, tid, NOW + 60, &before, &err), 1);
    const struct tt_sla_result *fr = find_metric(&before, TT_SLA_FIRST_REPLY);
    assert_non_null(fr);
    assert_int_equal(fr->state, TT_SLA_ACTIVE);
    tt_sla_ticket_clear(&before);

    int64_t oid;
    assert_int_equal(tt_outbox_queue(f->st, tid, "reply", "Here is how to do it.", 0, &oid, &err),
                     0);
    assert_int_equal(tu_outbox_state(f->st, oid, NULL), TT_OUT_PENDING); /* durable first */
    assert_int_equal(count_events(f, tid, TT_EV_COMMENT, "Here is how to do it.", NULL), 0);

    /* what `ticketty sync` and the console run for local accounts */
    struct tt_sync_stats s = {0};
    if (tt_sync_push_local(f->st, 0, NULL, &s, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(s.sent, 1);
    assert_int_equal(s.failed, 0);
    assert_int_equal(tu_outbox_state(f->st, oid, NULL), TT_OUT_SENT);

    struct tt_event c = {0};
    assert_int_equal(count_events(f, tid, TT_EV_COMMENT, "Here is how to do it.", &c), 1);
    assert_true(c.public);
    assert_int_equal(c.author_role, TT_AUTHOR_AGENT);
    assert_int_equal(c.at, NOW + 60);
    tt_event_clear(&c);
    /* an agent's comment opens a new ticket, as the helpdesks do */
    assert_int_equal(count_events(f, tid, TT_EV_STATUS, "open", NULL), 1);
    struct tt_ticket t;
    assert_int_equal(tt_store_ticket_get(f->st, tid, &t, &err), 1);
    assert_int_equal(t.status, TT_STATUS_OPEN);
    assert_int_equal(t.first_response_at, NOW + 60);
    assert_int_equal(t.updated_at, NOW + 60);
    tt_ticket_clear(&t);

    /* the SLA engine sees the reply: first reply fulfilled */
    struct tt_sla_ticket after;
    assert_int_equal(tt_sla_ticket_eval(f->st, &cfg, tid, NOW + 120, &after, &err), 1);
    fr = find_metric(&after, TT_SLA_FIRST_REPLY);
    assert_non_null(fr);
    assert_int_equal(fr->state, TT_SLA_FULFILLED);
    assert_int_equal(fr->fulfilled_at, NOW + 60);
    tt_sla_ticket_clear(&after);
    /* and so does the cache the queue reads (refreshed by the delivery) */
    struct tt_sla_clock_row row;
    assert_int_equal(tt_store_sla_clock(f->st, tid, &row, &err), 0);
    assert_true(row.found);
    assert_string_not_equal(row.next_metric, "first_reply");
    tt_sla_config_clear(&cfg);

    /* a second run finds nothing due and records nothing twice */
    memset(&s, 0, sizeof s);
    assert_int_equal(tt_sync_push_local(f->st, 0, NULL, &s, &err), 0);
    assert_int_equal(s.sent, 0);
    assert_int_equal(count_events(f, tid, TT_EV_COMMENT, "Here is how to do it.", NULL), 1);
}

static void test_fields_delivered_locally(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    int64_t tid = tu_demo_new_ticket(f->st);
    struct tt_ticket t;
    assert_int_equal(tt_store_ticket_get(f->st, tid, &t, &err), 1);
    enum tt_priority was = t.priority;
    tt_ticket_clear(&t);
    const char *to = was == TT_PRIORITY_LOW ? "high" : "low";
    int64_t ids[5];
    assert_int_equal(tt_outbox_queue(f->st, tid, "status", "solved", 0, &ids[0], &err), 0);
    assert_int_equal(tt_outbox_queue(f->st, tid, "priority", to, 0, &ids[1], &err), 0);
    assert_int_equal(tt_outbox_queue(f->st, tid, "tags", "+vip", 0, &ids[2], &err), 0);
    /* agents and groups by name, as an agent types them; ids are stored */
    assert_int_equal(
        tt_outbox_queue(f->st, tid, "assignee", tt_demo_agents[1].name, 0, &ids[3], &err), 0);
    assert_int_equal(tt_outbox_queue(f->st, tid, "group", tt_demo_groups[2].name, 0, &ids[4], &err),
                     0);
    /* a local account knows all its agents: an unknown one is refused, not queued */
    assert_int_equal(tt_outbox_queue(f->st, tid, "assignee", "Nobody Atall", 0, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "no agent 'Nobody Atall' in account demo"));
    /* nothing shows before delivery: the change and its event come together */
    assert_int_equal(tt_store_ticket_get(f->st, tid, &t, &err), 1);
    assert_int_equal(t.status, TT_STATUS_NEW);
    tt_ticket_clear(&t);

    struct tt_sync_stats s = {0};
    assert_int_equal(tt_sync_push_local(f->st, 0, NULL, &s, &err), 0);
    assert_int_equal(s.sent, 5);
    for (int i = 0; i < 5; i++)
        assert_int_equal(tu_outbox_state(f->st, ids[i], NULL), TT_OUT_SENT);
    assert_int_equal(tt_store_ticket_get(f->st, tid, &t, &err), 1);
    assert_int_equal(t.status, TT_STATUS_SOLVED);
    assert_int_equal(t.resolved_at, NOW + 60);
    assert_string_equal(tt_priority_name(t.priority), to);
    assert_non_null(strstr(t.tags, "vip"));
    assert_string_equal(t.assignee, tt_demo_agents[1].name);
    assert_string_equal(t.group, tt_demo_groups[2].name);
    tt_ticket_clear(&t);
    struct tt_event e = {0};
    assert_int_equal(count_events(f, tid, TT_EV_STATUS, "solved", &e), 1);
    assert_string_equal(e.old_value, "new");
    assert_int_equal(count_events(f, tid, TT_EV_PRIORITY, to, &e), 1);
    assert_string_equal(e.old_value, tt_priority_name(was));
    assert_int_equal(count_events(f, tid, TT_EV_ASSIGNEE, tt_demo_agents[1].name, NULL), 1);
    assert_int_equal(count_events(f, tid, TT_EV_GROUP, tt_demo_groups[2].name, NULL), 1);
    tt_event_clear(&e);

    /* the resolution clocks stop at the solve */
    struct tt_sla_config cfg;
    assert_int_equal(tt_sla_config_load(&cfg, NULL, &err), 0);
    struct tt_sla_ticket ev;
    assert_int_equal(tt_sla_ticket_eval(f->st, &cfg, tid, NOW + 120, &ev, &err), 1);
    const struct tt_sla_result *r = find_metric(&ev, TT_SLA_FULL_RESOLUTION);
    assert_non_null(r);
    assert_int_equal(r->state, TT_SLA_FULFILLED);
    assert_int_equal(r->fulfilled_at, NOW + 60);
    tt_sla_ticket_clear(&ev);
    tt_sla_config_clear(&cfg);

    /* reopening clears resolved_at */
    int64_t oid;
    assert_int_equal(tt_outbox_queue(f->st, tid, "status", "open", 0, &oid, &err), 0);
    assert_int_equal(tt_sync_push_local(f->st, 0, NULL, &s, &err), 0);
    assert_int_equal(tt_store_ticket_get(f->st, tid, &t, &err), 1);
    assert_int_equal(t.status, TT_STATUS_OPEN);
    assert_int_equal(t.resolved_at, 0);
    tt_ticket_clear(&t);
}

/* A ticket whose account was removed from the configuration (not purged) is
 * not local: its writes are never "delivered" into the store; they fail with
 * an error that says what happened and what to do. */
static void test_removed_account_not_delivered(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    int64_t acct, tid;
    assert_int_equal(
        tt_store_account_upsert(f->st, "acme", "zendesk", "https://acme.zendesk.com", &acct, &err),
        0);
    struct tt_ticket t = {.account_id = acct,
                          .external_id = "77",
                          .subject = "Pulled before the account was removed",
                          .status = TT_STATUS_OPEN,
                          .priority = TT_PRIORITY_NORMAL,
                          .created_at = NOW - 600,
                          .updated_at = NOW - 600};
    assert_int_equal(tt_store_ticket_upsert(f->st, &t, &tid, &err), 0);
    int64_t oid;
    assert_int_equal(tt_outbox_queue(f->st, tid, "reply", "On it.", 0, &oid, &err), 0);

    struct tt_sync_stats s = {0};
    assert_int_equal(tt_sync_push_local(f->st, 0, NULL, &s, &err), 0); /* every local account */
    assert_int_equal(s.sent, 0);
    assert_int_equal(tu_outbox_state(f->st, oid, NULL), TT_OUT_PENDING);
    assert_int_equal(tt_sync_push_local(f->st, acct, NULL, &s, &err), -1); /* asked by name */
    assert_non_null(strstr(err.msg, "acme"));
    assert_int_equal(count_events(f, tid, TT_EV_COMMENT, "On it.", NULL), 0);

    /* what `ticketty sync` does with an account it has no configuration for */
    assert_int_equal(tt_sync_fail_unconfigured(f->st, acct, &s, &err), 0);
    assert_int_equal(s.failed, 1);
    char *why = NULL;
    assert_int_equal(tu_outbox_state(f->st, oid, &why), TT_OUT_FAILED);
    assert_non_null(why);
    assert_non_null(strstr(why, "account acme is no longer configured"));
    assert_non_null(strstr(why, "ticketty outbox retry"));
    free(why);
    assert_int_equal(count_events(f, tid, TT_EV_COMMENT, "On it.", NULL), 0);
    /* failed for good: the next sync does not fail it again (nothing is due) */
    memset(&s, 0, sizeof s);
    assert_int_equal(tt_sync_fail_unconfigured(f->st, acct, &s, &err), 0);
    assert_int_equal(s.failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reply_delivered_locally, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fields_delivered_locally, setup, teardown),
        cmocka_unit_test_setup_teardown(test_removed_account_not_delivered, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
