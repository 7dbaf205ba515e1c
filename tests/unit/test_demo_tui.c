/*
 * test_demo_tui.c: the console on the demo workspace (a local account, no
 * helpdesk): `:reply` and `:status` on a demo ticket are delivered into the
 * store by the console itself, so the conversation and the fields show them
 * at once and nothing stays pending in the Outbox panel.  Real SQLite file,
 * the real demo writer, the console rendered headless.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_fixture.h"
#include "testutil.h"
#include "tui_fixture.h"
#include "ticketty/store.h"
#include "ticketty/store_demo.h"
#include "ticketty/sla.h"
#include "ticketty/store_sla.h"
#include "ticketty/store_sync.h"
#include "ticketty/store_triage.h"
#include "ticketty/triage.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

#define NOW_ISO "2026-11-20T12:00:00Z"

static int setup(void **state)
{
    struct tu_tui *f = xcalloc(1, sizeof *f);
    tu_tui_open(f, NOW_ISO);
    tu_demo_workspace(f->st, 200, 20, 4, f->now);
    tu_tui_start(f, 40, 160);
    *state = f;
    return 0;
}

static void test_console_reply_and_status_delivered(void **state)
{
    struct tu_tui *f = *state;
    int64_t id = tu_demo_new_ticket(f->st);
    char cmd[64];
    snprintf(cmd, sizeof cmd, ":ticket %lld\n", (long long)id);
    tt_app_keys(f->app, cmd);
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "status: new"));
    free(s);

    tt_app_keys(f->app, ":reply Thanks, the fix is live.\n");
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "Thanks, the fix is live."));            /* in the conversation */
    assert_non_null(strstr(s, "delivered (demo is a local account)")); /* and said so */
    assert_null(strstr(s, "Outbox (R retries)"));                      /* nothing waits */
    assert_non_null(strstr(s, "status: open")); /* the agent's reply opened it */
    free(s);

    tt_app_keys(f->app, ":status pending\n");
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "status: pending"));
    assert_null(strstr(s, "Outbox (R retries)"));
    free(s);

    struct tt_outbox_item *l;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_outbox_list(f->st, 0, true, &l, &n, &err), 0);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(l[i].state, TT_OUT_SENT);
    tt_outbox_list_free(l, n);
    struct tt_ticket t;
    assert_int_equal(tt_store_ticket_get(f->st, id, &t, &err), 1);
    assert_int_equal(t.status, TT_STATUS_PENDING);
    assert_int_equal(t.first_response_at, f->now);
    tt_ticket_clear(&t);
}

/* An item left pending (queued by an older ticketty, say) is delivered by
 * the console's local delivery: every sync.interval_seconds from the first
 * tick (not testable here: TICKETTY_NOW stands still), and on `:sync`. */
static void test_console_delivers_leftovers(void **state)
{
    struct tu_tui *f = *state;
    int64_t id = tu_demo_new_ticket(f->st);
    struct tt_ticket t;
    struct tt_err err;
    assert_int_equal(tt_store_ticket_get(f->st, id, &t, &err), 1);
    int64_t oid;
    assert_int_equal(
        tt_store_outbox_add(f->st, t.account_id, id, "note", "Left over.", 0, &oid, &err), 0);
    tt_ticket_clear(&t);
    char cmd[64];
    snprintf(cmd, sizeof cmd, ":ticket %lld\n", (long long)id);
    tt_app_keys(f->app, cmd);
    tt_app_keys(f->app, ":sync\n");
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "Left over."));
    free(s);
    struct tt_outbox_item it;
    assert_int_equal(tt_store_outbox_get(f->st, oid, &it, &err), 1);
    assert_int_equal(it.state, TT_OUT_SENT);
    tt_outbox_item_clear(&it);
}

/* `A` on the Triage panel of a demo ticket: the suggested priority and group
 * are delivered like `P` (change events in the conversation, updated_at, the
 * SLA clocks recomputed), not written behind the conversation's back with the
 * SLA cache left stale. */
static void test_console_triage_accept_delivered(void **state)
{
    struct tu_tui *f = *state;
    int64_t id = tu_demo_new_ticket(f->st);
    struct tt_ticket t;
    struct tt_err err;
    assert_int_equal(tt_store_ticket_get(f->st, id, &t, &err), 1);
    const char *to_prio = t.priority == TT_PRIORITY_URGENT ? "low" : "urgent";
    const char *to_group = tt_streq(t.group, "Billing") ? "Technical" : "Billing";
    char *from_prio = xstrdup(tt_priority_name(t.priority));
    tt_ticket_clear(&t);
    struct tt_triage_result r = {.ticket_id = id,
                                 .category = "billing",
                                 .confidence = 0.95,
                                 .priority = (char *)to_prio,
                                 .base_priority = from_prio,
                                 .group = (char *)to_group,
                                 .tags = "",
                                 .rules = "",
                                 .terms = "",
                                 .state = "suggested",
                                 .created_at = f->now};
    assert_int_equal(tt_store_triage_result_save(f->st, &r, &err), 0);

    char cmd[64];
    snprintf(cmd, sizeof cmd, ":ticket %lld\n", (long long)id);
    tt_app_keys(f->app, cmd);
    tt_app_keys(f->app, "A");
    char *s = tu_tui_render(f);
    char want[96];
    snprintf(want, sizeof want, "priority: %s", to_prio);
    assert_non_null(strstr(s, want)); /* the field */
    snprintf(want, sizeof want, "priority: %s \xe2\x86\x92 %s", from_prio, to_prio);
    assert_non_null(strstr(s, want)); /* and its change in the conversation */
    assert_null(strstr(s, "Outbox (R retries)"));
    free(s);

    assert_int_equal(tt_store_ticket_get(f->st, id, &t, &err), 1);
    assert_string_equal(tt_priority_name(t.priority), to_prio);
    assert_string_equal(t.group, to_group);
    assert_int_equal(t.updated_at, f->now);
    tt_ticket_clear(&t);
    /* the SLA cache follows the new priority: nothing is left dirty */
    struct tt_sla_config sc;
    assert_int_equal(tt_sla_config_load(&sc, NULL, &err), 0);
    int64_t dirty = -1;
    assert_int_equal(tt_sla_refresh_dirty(f->st, &sc, f->now, &dirty, &err), 0);
    assert_int_equal(dirty, 0);
    tt_sla_config_clear(&sc);
    struct tt_outbox_item *l;
    size_t n;
    assert_int_equal(tt_store_outbox_list(f->st, 0, true, &l, &n, &err), 0);
    assert_int_equal(n, 2); /* priority and group, both delivered */
    for (size_t i = 0; i < n; i++)
        assert_int_equal(l[i].state, TT_OUT_SENT);
    tt_outbox_list_free(l, n);
    free(from_prio);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_console_reply_and_status_delivered, setup,
                                        tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_console_delivers_leftovers, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_console_triage_accept_delivered, setup,
                                        tu_tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
