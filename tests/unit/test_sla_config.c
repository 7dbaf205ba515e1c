/*
 * test_sla_config.c: the `sla:` configuration section: the built-in default
 * (the seed's table plus an enterprise tier), parsing schedules and policies,
 * policy order and matching, and errors that name file:line: key.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/sla.h"
#include "ticketty/util.h"

static const struct tt_sla_target *find_target(const struct tt_sla_policy *p, int metric, int prio)
{
    for (size_t i = 0; i < p->n_targets; i++)
        if ((int)p->targets[i].metric == metric && p->targets[i].priority == prio)
            return &p->targets[i];
    return NULL;
}

static void test_builtin_default(void **state)
{
    struct tt_sla_config c;
    struct tt_err err;
    if (tt_sla_config_from_node(&c, NULL, NULL, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(c.n_policies, 2);
    assert_string_equal(c.policies[0].name, "enterprise");
    assert_string_equal(c.policies[1].name, "standard");
    /* the seed's table, minutes of first reply / resolution */
    static const struct {
        int prio;
        int64_t first, resolution;
    } seed[] = {{TT_PRIORITY_URGENT, 30, 240},
                {TT_PRIORITY_HIGH, 120, 480},
                {TT_PRIORITY_NORMAL, 480, 1440},
                {TT_PRIORITY_LOW, 1440, 4320}};
    const struct tt_sla_policy *std = &c.policies[1];
    for (size_t i = 0; i < TT_ARRAY_LEN(seed); i++) {
        const struct tt_sla_target *f = find_target(std, TT_SLA_FIRST_REPLY, seed[i].prio);
        const struct tt_sla_target *r = find_target(std, TT_SLA_FULL_RESOLUTION, seed[i].prio);
        assert_non_null(f);
        assert_non_null(r);
        assert_int_equal(f->minutes, seed[i].first);
        assert_int_equal(r->minutes, seed[i].resolution);
        assert_int_equal(f->mode, TT_SLA_CALENDAR);
    }
    assert_int_equal(std->pause_mask, 1u << TT_STATUS_PENDING);
    assert_int_equal(std->n_levels, 2);
    assert_int_equal(std->ladder[0].offset_minutes, -15);
    /* enterprise customers match the first policy, everyone else the second */
    char why[200];
    struct tt_sla_subject ent = {.priority = TT_PRIORITY_HIGH, .plan = "enterprise"};
    struct tt_sla_subject pro = {.priority = TT_PRIORITY_HIGH, .plan = "pro"};
    assert_ptr_equal(tt_sla_config_match(&c, &ent, why, sizeof why), &c.policies[0]);
    assert_string_equal(why, "plan enterprise");
    assert_ptr_equal(tt_sla_config_match(&c, &pro, why, sizeof why), &c.policies[1]);
    const struct tt_sla_policy *e = &c.policies[0];
    assert_true(e->human_only);
    assert_int_equal(find_target(e, TT_SLA_FIRST_REPLY, TT_PRIORITY_URGENT)->minutes, 15);
    assert_int_equal(e->n_levels, 3);
    assert_int_equal(e->ladder[2].actions[1].kind, TT_SLA_ACT_REASSIGN);
    assert_string_equal(e->ladder[2].actions[1].to, "Enterprise");
    assert_int_equal(e->ladder[1].actions[1].kind, TT_SLA_ACT_PRIORITY);
    tt_sla_config_clear(&c);
}

static const char full_yaml[] =
    "schedules:\n"
    "  berlin:\n"
    "    timezone: Europe/Berlin\n"
    "    weekdays: \"09:00-17:00\"\n"
    "    weekly:\n"
    "      sat: [\"10:00-12:00\", \"13:00-14:00\"]\n"
    "    holidays: [2026-05-01, 2026-12-25]\n"
    "    overrides:\n"
    "      2026-12-24: \"09:00-12:00\"\n"
    "      2026-12-31: closed\n"
    "policies:\n"
    "  - name: vip-orgs\n"
    "    when: {organization: [Acme GmbH], tags: vip}\n"
    "    schedule: berlin\n"
    "    targets:\n"
    "      first_reply: 1h\n"
    "      periodic_update: {any: 2d}\n"
    "  - name: big-mrr\n"
    "    when: {mrr_min: 1000, mrr_max: 50000, priority: [high, urgent], group: Tier 2}\n"
    "    mode: calendar\n"
    "    warn_percent: 80\n"
    "    targets:\n"
    "      next_reply: {urgent: 20, high: 40}\n"
    "    escalation:\n"
    "      - offset_minutes: -10\n"
    "        notify: [webhook, lead@example.com]\n"
    "      - offset_minutes: 1h\n"
    "        reassign: Tier 3\n"
    "        raise_priority: urgent\n"
    "  - name: rest\n"
    "    targets: {first_reply: 480}\n";

static void test_parse_full(void **state)
{
    struct tt_err err;
    struct tt_conf_node *n = tt_conf_parse(full_yaml, strlen(full_yaml), "t.yaml", &err);
    assert_non_null(n);
    struct tt_sla_config c;
    if (tt_sla_config_from_node(&c, n, "t.yaml", &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(c.n_schedules, 1);
    const struct tt_sla_schedule *s = &c.schedules[0];
    assert_int_equal(s->weekly[0].n, 1);
    assert_int_equal(s->weekly[5].n, 2);
    assert_int_equal(s->weekly[6].n, 0);
    assert_int_equal(s->n_holidays, 2);
    assert_int_equal(s->n_overrides, 2);
    assert_int_equal(c.n_policies, 3);
    const struct tt_sla_policy *v = &c.policies[0];
    assert_int_equal(v->targets[0].minutes, 60);
    assert_int_equal(v->targets[0].mode, TT_SLA_BUSINESS);
    assert_ptr_equal(v->targets[0].schedule, s);
    /* Intercom's "2 days" = 48 office hours */
    assert_int_equal(v->targets[1].minutes, 2880);
    assert_int_equal(v->targets[1].priority, -1);
    const struct tt_sla_policy *b = &c.policies[1];
    assert_int_equal(b->targets[0].mode, TT_SLA_CALENDAR);
    assert_true(b->targets[0].warn_percent == 80);
    assert_int_equal(b->ladder[1].offset_minutes, 60);
    assert_int_equal(b->ladder[1].actions[1].priority, TT_PRIORITY_URGENT);

    static const struct {
        struct tt_sla_subject s;
        const char *policy;
    } cases[] = {
        {{.priority = TT_PRIORITY_LOW, .organization = "acme gmbh", .tags = "x vip"}, "vip-orgs"},
        {{.priority = TT_PRIORITY_LOW, .organization = "Acme GmbH", .tags = "x"}, "rest"},
        {{.priority = TT_PRIORITY_HIGH, .mrr = 1000, .group = "Tier 2"}, "big-mrr"},
        {{.priority = TT_PRIORITY_HIGH, .mrr = 50000, .group = "Tier 2"}, "rest"},
        {{.priority = TT_PRIORITY_NORMAL, .mrr = 2000, .group = "Tier 2"}, "rest"},
        {{.priority = TT_PRIORITY_URGENT, .mrr = 2000, .group = "Tier 1"}, "rest"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        const struct tt_sla_policy *p = tt_sla_config_match(&c, &cases[i].s, NULL, 0);
        if (!p || strcmp(p->name, cases[i].policy) != 0)
            fail_msg("case %zu: got %s", i, p ? p->name : "none");
    }
    tt_sla_config_clear(&c);
    tt_conf_node_free(n);
}

static void test_errors_name_line_and_key(void **state)
{
    static const struct {
        const char *yaml, *want;
    } cases[] = {
        {"policies: []\n", "t.yaml:1: sla.policies: expected a non-empty list"},
        {"bogus: 1\n", "t.yaml:1: sla.bogus: unknown key"},
        {"schedules:\n  a:\n    timezone: Mars/Base\n    weekdays: \"09:00-17:00\"\n",
         "t.yaml:3: sla.schedules.a.timezone: unknown time zone 'Mars/Base'"},
        {"schedules:\n  a:\n    weekdays: \"17:00-09:00\"\n",
         "t.yaml:3: sla.schedules.a.weekdays: expected HH:MM-HH:MM"},
        {"schedules:\n  a:\n    weekly:\n      funday: \"09:00-10:00\"\n",
         "t.yaml:4: sla.schedules.a.weekly.funday: unknown day"},
        {"schedules:\n  a:\n    timezone: UTC\n", "sla.schedules.a.weekly: the schedule has no"},
        {"schedules:\n  a:\n    weekdays: \"09:00-17:00\"\n    holidays: [tomorrow]\n",
         "t.yaml:4: sla.schedules.a.holidays: expected dates YYYY-MM-DD, got \"tomorrow\""},
        {"policies:\n  - name: x\n", "t.yaml:2: sla.policies[0]: missing targets"},
        {"policies:\n  - targets:\n      first_reply: soon\n",
         "t.yaml:3: sla.policies[0].targets.first_reply: expected minutes"},
        {"policies:\n  - targets:\n      fastest: 5\n",
         "t.yaml:3: sla.policies[0].targets.fastest: unknown metric"},
        {"policies:\n  - targets:\n      first_reply: {asap: 5}\n",
         "t.yaml:3: sla.policies[0].targets.first_reply.asap: unknown priority"},
        {"policies:\n  - mode: business\n    targets: {first_reply: 5}\n",
         "t.yaml:2: sla.policies[0].mode: business mode needs a schedule"},
        {"policies:\n  - schedule: nowhere\n    targets: {first_reply: 5}\n",
         "t.yaml:2: sla.policies[0].schedule: no such schedule"},
        {"policies:\n  - when: {plan: [a], colour: red}\n    targets: {first_reply: 5}\n",
         "t.yaml:2: sla.policies[0].when.colour: unknown condition"},
        {"policies:\n  - when: {priority: [sometimes]}\n    targets: {first_reply: 5}\n",
         "t.yaml:2: sla.policies[0].when.priority: unknown priority"},
        {"policies:\n  - pause_statuses: [napping]\n    targets: {first_reply: 5}\n",
         "t.yaml:2: sla.policies[0].pause_statuses: unknown status"},
        {"policies:\n  - targets: {first_reply: 5}\n    escalation:\n      - notify: [webhook]\n",
         "t.yaml:4: sla.policies[0].escalation[0]: missing offset_minutes"},
        {"policies:\n  - targets: {first_reply: 5}\n    escalation:\n      - offset_minutes: 0\n"
         "        notify: [pager]\n",
         "t.yaml:5: sla.policies[0].escalation[0].notify: not a destination"},
        {"policies:\n  - targets: {first_reply: 5}\n    escalation:\n      - offset_minutes: 0\n"
         "        raise_priority: maybe\n",
         "sla.policies[0].escalation[0].raise_priority: expected true or false"},
        {"policies:\n  - targets: {first_reply: 5}\n    warn_percent: 150\n",
         "t.yaml:3: sla.policies[0].warn_percent: expected a percentage"},
        {"policies:\n  - targets: {first_reply: 5}\n    when: {mrr_min: 10, mrr_max: 5}\n",
         "sla.policies[0].when: mrr_max must be above mrr_min"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        struct tt_err err;
        struct tt_conf_node *n =
            tt_conf_parse(cases[i].yaml, strlen(cases[i].yaml), "t.yaml", &err);
        if (!n)
            fail_msg("case %zu: yaml: %s", i, err.msg);
        assert_int_equal(tt_sla_config_validate(n, "t.yaml", &err), -1);
        if (!strstr(err.msg, cases[i].want))
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, err.msg, cases[i].want);
        tt_conf_node_free(n);
    }
}

static void test_config_file_integration(void **state)
{
    char *dir = tu_tmpdir();
    char *path = tu_write_file(dir, "config.yaml",
                               "notify:\n  webhook_url: http://127.0.0.1:9/x\n"
                               "sla:\n  policies:\n    - targets:\n        first_reply: -5\n");
    struct tt_err err;
    assert_null(tt_config_load(path, true, &err));
    char *want = xasprintf("%s:6: sla.policies[0].targets.first_reply", path);
    if (!strstr(err.msg, want))
        fail_msg("got %s", err.msg);
    free(want);
    free(path);
    path = tu_write_file(dir, "ok.yaml", "sla:\n  policies:\n    - targets: {agent_work: 90}\n");
    struct tt_config *cfg = tt_config_load(path, true, &err);
    if (!cfg)
        fail_msg("%s", err.msg);
    struct tt_sla_config c;
    assert_int_equal(tt_sla_config_load(&c, cfg, &err), 0);
    assert_int_equal(c.n_policies, 1);
    assert_int_equal(c.policies[0].targets[0].metric, TT_SLA_AGENT_WORK);
    tt_sla_config_clear(&c);
    tt_config_free(cfg);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_default),
        cmocka_unit_test(test_parse_full),
        cmocka_unit_test(test_errors_name_line_and_key),
        cmocka_unit_test(test_config_file_integration),
    };
    return cmocka_run_group_tests_name("sla_config", tests, NULL, NULL);
}
