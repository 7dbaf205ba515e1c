/*
 * test_triage_rules.c: the triage rules, table-driven (elevation by MRR and
 * plan, churn intent in English and Chinese by phrase and by category,
 * routing, drafts only above the confidence threshold; empty, CJK and hostile
 * text), and the `triage:` configuration section with errors at file:line.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/config.h"
#include "ticketty/triage.h"
#include "ticketty/util.h"

static const char conf_yaml[] = "mode: apply\n"
                                "elevate:\n"
                                "  - {mrr_at_least: 5000, levels: 1}\n"
                                "  - {plan: Enterprise, levels: 2}\n"
                                "churn:\n"
                                "  phrases: [\"Pull The Plug\"]\n"
                                "  labels: [cancellation]\n"
                                "  min_confidence: 0.6\n"
                                "routing:\n"
                                "  - {category: billing, group: Billing}\n"
                                "  - {priority: urgent, group: Escalations}\n"
                                "  - {group: Support}\n"
                                "auto_response:\n"
                                "  min_confidence: 0.9\n"
                                "  templates:\n"
                                "    billing: \"Hi {name}, about {subject}: {category} {x}\"\n";

static void load(struct tt_triage_config *c, const char *yaml)
{
    struct tt_err err;
    struct tt_conf_node *n = tt_conf_parse(yaml, strlen(yaml), "t.yaml", &err);
    if (!n)
        fail_msg("%s", err.msg);
    if (tt_triage_config_from_node(c, n, "t.yaml", &err) < 0)
        fail_msg("%s", err.msg);
    tt_conf_node_free(n);
}

static void test_rules_table(void **state)
{
    struct tt_triage_config cfg;
    load(&cfg, conf_yaml);
    static const struct {
        const char *subject, *body, *plan;
        enum tt_priority prio;
        double mrr;
        const char *category;
        double conf;
        enum tt_priority want;
        bool churn;
        const char *group; /* NULL = none */
        bool draft;
        const char *rule; /* substring of the rules, NULL = no rules */
    } cases[] = {
        /* plain ticket, small customer: nothing fires but the catch-all route */
        {"Printer", "it jams", "free", TT_PRIORITY_NORMAL, 10, "hardware", 0.5, TT_PRIORITY_NORMAL,
         false, "Support", false, "route 3"},
        /* seed rule: MRR >= 5000 elevates one level */
        {"Slow", "reports are slow", "pro", TT_PRIORITY_NORMAL, 5000, "performance", 0.7,
         TT_PRIORITY_HIGH, false, "Support", false, "MRR 5000 >= 5000: priority normal -> high"},
        /* plan rule (case-insensitive) elevates two; the larger step wins */
        {"Slow", "reports", "enterprise", TT_PRIORITY_LOW, 9000, NULL, 0, TT_PRIORITY_HIGH, false,
         "Support", false, "plan Enterprise: priority low -> high"},
        /* elevation stops at urgent */
        {"Down", "all down", "enterprise", TT_PRIORITY_HIGH, 0, NULL, 0, TT_PRIORITY_URGENT, false,
         "Escalations", false, "priority high -> urgent"},
        /* English churn phrase, any case and spacing */
        {"Account", "We want to CANCEL   our\nsubscription today", "pro", TT_PRIORITY_LOW, 0,
         "billing", 0.95, TT_PRIORITY_URGENT, true, "Billing", true, "phrase \"cancel our"},
        /* configured phrase */
        {"Pull the plug", "", NULL, TT_PRIORITY_NORMAL, 0, NULL, 0, TT_PRIORITY_URGENT, true,
         "Escalations", false, "phrase \"pull the plug\""},
        /* Chinese churn phrases */
        {"账户问题", "我们想取消订阅，下个月不再续费", NULL, TT_PRIORITY_NORMAL, 0, NULL, 0,
         TT_PRIORITY_URGENT, true, "Escalations", false, "取消订阅"},
        {"", "请帮我注销账号", NULL, TT_PRIORITY_LOW, 0, NULL, 0, TT_PRIORITY_URGENT, true,
         "Escalations", false, "注销账号"},
        /* churn by the model's category, above its threshold only */
        {"Question", "how do I leave", NULL, TT_PRIORITY_NORMAL, 0, "Cancellation", 0.7,
         TT_PRIORITY_URGENT, true, "Escalations", false, "category Cancellation"},
        {"Question", "how do I leave", NULL, TT_PRIORITY_NORMAL, 0, "cancellation", 0.55,
         TT_PRIORITY_NORMAL, false, "Support", false, "route 3"},
        /* "cancel" alone (an order, a transfer) is not churn */
        {"Cancel transfer", "cancel the transfer I made", NULL, TT_PRIORITY_NORMAL, 0, NULL, 0,
         TT_PRIORITY_NORMAL, false, "Support", false, "route 3"},
        /* draft only strictly above 0.9 */
        {"Invoice", "wrong amount", NULL, TT_PRIORITY_NORMAL, 0, "billing", 0.9, TT_PRIORITY_NORMAL,
         false, "Billing", false, "route 1"},
        {"Invoice", "wrong amount", NULL, TT_PRIORITY_NORMAL, 0, "billing", 0.91,
         TT_PRIORITY_NORMAL, false, "Billing", true, "auto-response draft (for the agent"},
        /* empty everything */
        {"", "", NULL, TT_PRIORITY_NORMAL, 0, NULL, 0, TT_PRIORITY_NORMAL, false, "Support", false,
         "route 3"},
        {NULL, NULL, NULL, TT_PRIORITY_LOW, 0, NULL, 0, TT_PRIORITY_LOW, false, "Support", false,
         "route 3"},
        /* hostile text: escapes and invalid UTF-8 do not disturb matching */
        {"\x1b]0;pwned\x07", "\xff\xfe cancel my account \x1b[2J", NULL, TT_PRIORITY_NORMAL, 0,
         NULL, 0, TT_PRIORITY_URGENT, true, "Escalations", false, "cancel my account"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tt_triage_input in = {
            .subject = cases[i].subject,
            .body = cases[i].body,
            .requester = "Ana",
            .priority = cases[i].prio,
            .plan = cases[i].plan,
            .mrr = cases[i].mrr,
            .category = cases[i].category,
            .category_confidence = cases[i].conf,
            .model_priority = -1,
        };
        struct tt_triage_outcome o;
        tt_triage_decide(&cfg, &in, &o);
        if (o.priority != cases[i].want || o.churn != cases[i].churn)
            fail_msg("case %zu: priority %s churn %d; rules:\n%s", i, tt_priority_name(o.priority),
                     o.churn, o.rules);
        if (!tt_streq(o.group, cases[i].group))
            fail_msg("case %zu: group %s", i, o.group ? o.group : "(none)");
        if ((o.draft != NULL) != cases[i].draft)
            fail_msg("case %zu: draft %s", i, o.draft ? o.draft : "(none)");
        if (cases[i].rule && !strstr(o.rules, cases[i].rule))
            fail_msg("case %zu: rules lack '%s':\n%s", i, cases[i].rule, o.rules);
        assert_string_equal(o.tags, o.churn ? "churn-risk" : "");
        tt_triage_outcome_clear(&o);
    }
    tt_triage_config_clear(&cfg);
}

static void test_draft_and_priority_model(void **state)
{
    struct tt_triage_config cfg;
    load(&cfg, conf_yaml);
    struct tt_triage_input in = {.subject = "Invoice 42",
                                 .body = "wrong",
                                 .requester = "李雷",
                                 .priority = TT_PRIORITY_LOW,
                                 .category = "billing",
                                 .category_confidence = 0.97,
                                 .model_priority = TT_PRIORITY_HIGH,
                                 .priority_confidence = 0.8};
    struct tt_triage_outcome o;
    tt_triage_decide(&cfg, &in, &o);
    assert_string_equal(o.draft, "Hi 李雷, about Invoice 42: billing {x}");
    assert_int_equal(o.priority, TT_PRIORITY_HIGH);
    assert_non_null(strstr(o.rules, "priority model: low -> high (confidence 0.80)"));
    tt_triage_outcome_clear(&o);
    in.priority_confidence = 0.5; /* not confident: the ticket's priority stays */
    tt_triage_decide(&cfg, &in, &o);
    assert_int_equal(o.priority, TT_PRIORITY_LOW);
    tt_triage_outcome_clear(&o);
    tt_triage_config_clear(&cfg);

    /* Defaults: suggest mode, seed MRR rule, generic draft template, never sent. */
    tt_triage_config_default(&cfg);
    assert_int_equal(cfg.mode, TT_TRIAGE_SUGGEST);
    assert_false(cfg.draft_send);
    in.requester = NULL;
    in.model_priority = -1;
    in.mrr = 7500;
    tt_triage_decide(&cfg, &in, &o);
    assert_int_equal(o.priority, TT_PRIORITY_NORMAL);
    assert_non_null(o.draft);
    assert_non_null(strstr(o.draft, "Hi there,"));
    assert_null(o.group);
    tt_triage_outcome_clear(&o);
    tt_triage_config_clear(&cfg);
}

static void test_config_errors(void **state)
{
    static const struct {
        const char *yaml;
        const char *want;
    } cases[] = {
        {"mode: sometimes\n", "t.yaml:1: triage.mode: expected suggest or apply"},
        {"colour: red\n", "t.yaml:1: triage.colour: unknown key"},
        {"llm: x\n", "t.yaml:1: triage.llm: expected a mapping"},
        {"churn:\n  colour: red\n", "t.yaml:2: triage.churn.colour: unknown key"},
        {"elevate:\n  - {levels: 1}\n", "t.yaml:2: triage.elevate[0]: a rule needs exactly one"},
        {"elevate:\n  - {mrr_at_least: lots}\n", "\"lots\" is not a number"},
        {"elevate:\n  - {plan: pro, levels: 9}\n", "out of range"},
        {"churn:\n  tag: churn risk\n", "t.yaml:2: triage.churn.tag: a tag has no spaces"},
        {"churn:\n  phrases: {a: b}\n", "t.yaml:2: triage.churn.phrases: expected a list"},
        {"routing:\n  - {category: billing}\n",
         "t.yaml:2: triage.routing[0]: a route needs a group"},
        {"routing:\n  - {priority: asap, group: X}\n", "priority is low, normal, high or urgent"},
        {"auto_response:\n  send: maybe\n", "t.yaml:2: triage.auto_response.send: expected true"},
        {"auto_response:\n  min_confidence: 0.2\n", "out of range"},
        {"- a\n- b\n", "triage: expected a mapping"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tt_err err = {{0}};
        struct tt_conf_node *n =
            tt_conf_parse(cases[i].yaml, strlen(cases[i].yaml), "t.yaml", &err);
        if (!n)
            fail_msg("case %zu: yaml: %s", i, err.msg);
        if (tt_triage_config_validate(n, "t.yaml", &err) == 0)
            fail_msg("case %zu: accepted", i);
        if (!strstr(err.msg, cases[i].want))
            fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, cases[i].want);
        tt_conf_node_free(n);
    }
}

static void test_config_file(void **state)
{
    char *dir = tu_tmpdir();
    char *path = tu_write_file(dir, "config.yaml",
                               "triage:\n  mode: apply\n  routing:\n    - {group: 7}\n"
                               "    - {category: x}\n");
    struct tt_err err;
    struct tt_config *cfg = tt_config_load(path, true, &err);
    assert_null(cfg);
    assert_non_null(strstr(err.msg, "config.yaml:5: triage.routing[1]: a route needs a group"));
    free(path);
    path = tu_write_file(dir, "ok.yaml", "triage:\n  mode: apply\n");
    cfg = tt_config_load(path, true, &err);
    assert_non_null(cfg);
    struct tt_triage_config tc;
    assert_int_equal(tt_triage_config_from_node(&tc, tt_config_section(cfg, "triage"), path, &err),
                     0);
    assert_int_equal(tc.mode, TT_TRIAGE_APPLY);
    tt_triage_config_clear(&tc);
    tt_config_free(cfg);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_table),
        cmocka_unit_test(test_draft_and_priority_model),
        cmocka_unit_test(test_config_errors),
        cmocka_unit_test(test_config_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
