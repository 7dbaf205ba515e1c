/*
 * test_demo_gen.c: the demo generator's pure functions: determinism,
 * timeline consistency, hostile and Chinese tickets, customers' health inputs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/demo.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

#define NOW 1795000000 /* 2026-11-19 */

static struct tt_demo_opts opts(uint64_t seed)
{
    struct tt_demo_opts o = {.tickets = 2000, .customers = 200, .seed = seed, .now = NOW};
    return o;
}

static void test_rng(void **state)
{
    (void)state;
    struct tt_rng a, b;
    tt_rng_seed(&a, 1, 0);
    tt_rng_seed(&b, 1, 0);
    for (int i = 0; i < 100; i++)
        assert_true(tt_rng_next(&a) == tt_rng_next(&b));
    tt_rng_seed(&b, 1, 1);
    assert_true(tt_rng_next(&a) != tt_rng_next(&b));
    int seen[7] = {0};
    for (int i = 0; i < 7000; i++) {
        uint32_t v = tt_rng_below(&a, 7);
        assert_true(v < 7);
        seen[v]++;
        double d = tt_rng_unit(&a);
        assert_true(d >= 0 && d < 1);
        int64_t x = tt_rng_range(&a, -3, 3);
        assert_true(x >= -3 && x <= 3);
    }
    for (int i = 0; i < 7; i++)
        assert_true(seen[i] > 800);
    assert_int_equal(tt_rng_below(&a, 0), 0);
}

static void test_expand(void **state)
{
    (void)state;
    struct {
        const char *tmpl, *want;
    } cases[] = {
        {"Hi {req}, from {agent}", "Hi Ana, from Maria"},
        {"#{id} {n} {card}", "#77 12 0042"},
        {"{kbtitle} https://help.orbitly.io/{kb}", "Reset https://help.orbitly.io/kb-0052"},
        {"{unknown} and {", "{unknown} and {"},
        {"{org}{org}", "AcmeAcme"},
        {"", ""},
    };
    struct tt_demo_vars v = {.req = "Ana",
                             .agent = "Maria",
                             .org = "Acme",
                             .id = "77",
                             .kb = "kb-0052",
                             .kbtitle = "Reset",
                             .n = 12,
                             .card = 42};
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char *got = tt_demo_expand(cases[i].tmpl, &v);
        assert_string_equal(got, cases[i].want);
        free(got);
    }
}

static void assert_same_ticket(const struct tt_demo_ticket *a, const struct tt_demo_ticket *b)
{
    assert_string_equal(a->t.subject, b->t.subject);
    assert_string_equal(a->t.description, b->t.description);
    assert_string_equal(a->t.tags, b->t.tags);
    assert_int_equal(a->t.status, b->t.status);
    assert_int_equal(a->t.priority, b->t.priority);
    assert_int_equal(a->t.created_at, b->t.created_at);
    assert_int_equal(a->t.updated_at, b->t.updated_at);
    assert_int_equal(a->customer, b->customer);
    assert_int_equal(a->n_events, b->n_events);
    for (size_t i = 0; i < a->n_events; i++) {
        assert_int_equal(a->events[i].at, b->events[i].at);
        assert_int_equal(a->events[i].type, b->events[i].type);
        assert_true(tt_streq(a->events[i].body, b->events[i].body));
    }
}

static void test_same_seed_same_data(void **state)
{
    (void)state;
    struct tt_demo_opts o = opts(7);
    struct tt_demo_world w1, w2, w3;
    tt_demo_world_init(&w1, &o);
    tt_demo_world_init(&w2, &o);
    for (int i = 0; i < w1.n_customers; i++) {
        assert_string_equal(w1.customers[i].c.name, w2.customers[i].c.name);
        assert_true(w1.customers[i].c.mrr == w2.customers[i].c.mrr);
        assert_string_equal(w1.customers[i].c.features_used, w2.customers[i].c.features_used);
    }
    for (long i = 0; i < 300; i++) {
        struct tt_demo_ticket a, b;
        tt_demo_ticket_gen(&w1, i, &a);
        tt_demo_ticket_gen(&w2, i, &b);
        assert_same_ticket(&a, &b);
        tt_demo_ticket_clear(&a);
        tt_demo_ticket_clear(&b);
    }
    /* Another seed gives other data. */
    struct tt_demo_opts o3 = opts(8);
    tt_demo_world_init(&w3, &o3);
    int differ = 0;
    for (long i = 0; i < 50; i++) {
        struct tt_demo_ticket a, c;
        tt_demo_ticket_gen(&w1, i, &a);
        tt_demo_ticket_gen(&w3, i, &c);
        differ += strcmp(a.t.description, c.t.description) != 0 || a.t.created_at != c.t.created_at;
        tt_demo_ticket_clear(&a);
        tt_demo_ticket_clear(&c);
    }
    assert_true(differ > 40);
    tt_demo_world_clear(&w1);
    tt_demo_world_clear(&w2);
    tt_demo_world_clear(&w3);
}

static int has_agent_public_comment(const struct tt_demo_ticket *t)
{
    for (size_t i = 0; i < t->n_events; i++)
        if (t->events[i].type == TT_EV_COMMENT && t->events[i].author_role == TT_AUTHOR_AGENT &&
            t->events[i].public)
            return 1;
    return 0;
}

static void test_timeline_consistent(void **state)
{
    (void)state;
    struct tt_demo_opts o = opts(42);
    struct tt_demo_world w;
    tt_demo_world_init(&w, &o);
    long by_status[TT_STATUS__COUNT] = {0}, past_first = 0, near_first = 0, old = 0;
    for (long i = 0; i < o.tickets; i++) {
        struct tt_demo_ticket t;
        tt_demo_ticket_gen(&w, i, &t);
        const struct tt_ticket *k = &t.t;
        by_status[k->status]++;
        assert_true(t.n_events >= 2);
        assert_int_equal(t.events[0].type, TT_EV_CREATED);
        assert_int_equal(t.events[0].at, k->created_at);
        assert_int_equal(t.events[t.n_events - 1].at, k->updated_at);
        assert_true(k->updated_at <= NOW);
        assert_true(k->created_at <= k->updated_at);
        int64_t first_reply = 0, solved = 0;
        const char *status = "new";
        for (size_t e = 0; e < t.n_events; e++) {
            const struct tt_event *ev = &t.events[e];
            if (e)
                assert_true(ev->at >= t.events[e - 1].at); /* time order */
            if (!first_reply && ev->type == TT_EV_COMMENT && ev->public &&
                ev->author_role == TT_AUTHOR_AGENT)
                first_reply = ev->at;
            if (ev->type == TT_EV_STATUS) {
                assert_string_equal(ev->old_value, status); /* changes chain */
                status = ev->new_value;
                if (strcmp(status, "solved") == 0)
                    solved = ev->at;
            }
            if (ev->type == TT_EV_PRIORITY)
                assert_true(tt_priority_from_name(ev->new_value) >= 0);
        }
        assert_string_equal(status, tt_status_name(k->status));
        assert_int_equal(k->first_response_at, first_reply);
        assert_int_equal(k->resolved_at, solved);
        if (k->status == TT_STATUS_NEW) {
            assert_false(has_agent_public_comment(&t));
            assert_int_equal(t.agent, -1);
            int64_t target = (int64_t)tt_demo_first_reply_min[k->priority] * 60;
            if (NOW - k->created_at > target)
                past_first++;
            else if (NOW - k->created_at > target / 2)
                near_first++;
        } else {
            assert_true(t.agent >= 0);
            assert_true(k->first_response_at > k->created_at);
        }
        if (k->status == TT_STATUS_SOLVED || k->status == TT_STATUS_CLOSED)
            assert_true(k->resolved_at > k->first_response_at);
        if (k->status == TT_STATUS_CLOSED && NOW - k->created_at > 180 * 86400)
            old++;
        tt_demo_ticket_clear(&t);
    }
    for (int s = 0; s < TT_STATUS__COUNT; s++)
        assert_true(by_status[s] > 20); /* every status is represented */
    assert_true(past_first > 5);        /* some new tickets already breached */
    assert_true(near_first > 5);        /* and some are close */
    assert_true(old > 20);              /* and some were solved long ago */
    tt_demo_world_clear(&w);
}

static void test_hostile_and_chinese(void **state)
{
    (void)state;
    struct tt_demo_opts o = opts(42);
    struct tt_demo_world w;
    tt_demo_world_init(&w, &o);
    long hostile = 0, chinese = 0;
    for (long i = 0; i < o.tickets; i++) {
        struct tt_demo_ticket t;
        tt_demo_ticket_gen(&w, i, &t);
        if (t.hostile) {
            hostile++;
            assert_true(strchr(t.t.subject, '\x1b') || strstr(t.t.subject, "\xe2\x80") ||
                        strstr(t.t.subject, "\xe2\x81") || strstr(t.t.subject, "\xc2\x9b") ||
                        strchr(t.t.subject, '\a'));
            char *clean = tt_sanitize(t.t.subject, 0);
            assert_null(strchr(clean, '\x1b'));
            assert_null(strchr(clean, '\a'));
            assert_null(strstr(clean, "\xe2\x80\xae")); /* no RLO left */
            free(clean);
            clean = tt_sanitize(t.t.description, TT_SAN_KEEP_NEWLINES);
            assert_null(strchr(clean, '\x1b'));
            free(clean);
        }
        if (t.chinese) {
            chinese++;
            int wide = 0;
            for (const unsigned char *p = (const unsigned char *)t.t.subject; *p; p++)
                wide += *p >= 0xe4 && *p <= 0xe9; /* lead bytes of CJK ideographs */
            assert_true(wide > 0 || t.hostile);
        }
        tt_demo_ticket_clear(&t);
    }
    assert_int_equal(hostile, 8);                  /* one in 250 */
    assert_true(chinese >= 100 && chinese <= 300); /* about 10% */
    tt_demo_world_clear(&w);
}

static void test_customers(void **state)
{
    (void)state;
    struct tt_demo_opts o = opts(42);
    struct tt_demo_world w;
    tt_demo_world_init(&w, &o);
    assert_int_equal(w.n_customers, 200);
    int plans[3] = {0}, profiles[3] = {0};
    for (int i = 0; i < w.n_customers; i++) {
        const struct tt_customer *c = &w.customers[i].c;
        for (int j = 0; j < i; j++)
            assert_true(strcmp(c->name, w.customers[j].c.name) != 0); /* names unique */
        assert_true(tt_has_prefix(c->key, TT_DEMO_CUSTOMER_KEY_PREFIX));
        assert_non_null(c->domain);
        profiles[w.customers[i].profile]++;
        if (strcmp(c->plan, "free") == 0) {
            plans[0]++;
            assert_true(c->mrr == 0);
            assert_null(c->csm);
        } else if (strcmp(c->plan, "pro") == 0) {
            plans[1]++;
            assert_true(c->mrr >= 50 && c->mrr <= 900);
            assert_non_null(c->csm);
        } else {
            assert_string_equal(c->plan, "enterprise");
            plans[2]++;
            assert_true(c->mrr >= 1000 && c->mrr <= 20000);
            assert_non_null(c->csm);
        }
        assert_true(c->login_days_last_30 >= 0 && c->login_days_last_30 <= 30);
        assert_non_null(c->features_used);
        assert_true(c->current_month_usage >= 0 && c->previous_month_usage > 0);
        assert_true(c->failed_payments_last_90_days >= 0);
        assert_non_null(c->subscription_status);
        assert_true(c->created_at < NOW && c->created_at > NOW - 6 * 365 * 86400LL);
        assert_true(w.customers[i].n_contacts >= 1);
        struct tt_contact ct;
        tt_demo_contact(&w, i, 0, &ct);
        assert_non_null(strchr(ct.email, '@'));
        assert_true(strstr(ct.email, c->domain) != NULL);
        tt_contact_clear(&ct);
    }
    for (int i = 0; i < 3; i++) {
        assert_true(plans[i] > 10);
        assert_true(profiles[i] > 10);
    }
    tt_demo_world_clear(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng),
        cmocka_unit_test(test_expand),
        cmocka_unit_test(test_same_seed_same_data),
        cmocka_unit_test(test_timeline_consistent),
        cmocka_unit_test(test_hostile_and_chinese),
        cmocka_unit_test(test_customers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
