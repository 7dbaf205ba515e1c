/*
 * test_health_score.c: the health score's pure functions, table-driven: every
 * signal's edges, rounding, status on the unrounded score, weights, the
 * configuration validator, alert transitions, trend, sparkline and AUC.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/health.h"
#include "ticketty/util.h"

static struct tt_customer cust(int login, const char *features, int tickets, int resolved,
                               double cur, double prev, int failed)
{
    struct tt_customer c = {0};
    c.login_days_last_30 = login;
    c.features_used = (char *)features;
    c.tickets_last_90_days = tickets;
    c.resolved_tickets_last_90_days = resolved;
    c.current_month_usage = cur;
    c.previous_month_usage = prev;
    c.failed_payments_last_90_days = failed;
    c.mrr = 0;
    return c;
}

struct sig_case {
    const char *what;
    enum tt_health_signal sig;
    int login;
    const char *features;
    int tickets, resolved;
    double cur, prev;
    int failed;
    double want;
};

/* Expected values are what the seed's JavaScript computes (IEEE doubles). */
static const struct sig_case sig_cases[] = {
    {"no login", TT_SIG_PRODUCT_USAGE, 0, NULL, 0, 0, 0, 0, 0, 0.0},
    {"unknown logins count as none", TT_SIG_PRODUCT_USAGE, -1, NULL, 0, 0, 0, 0, 0, 0.0},
    {"1 login day", TT_SIG_PRODUCT_USAGE, 1, NULL, 0, 0, 0, 0, 0, 5.0},
    {"10 login days (float as JS)", TT_SIG_PRODUCT_USAGE, 10, NULL, 0, 0, 0, 0, 0,
     49.99999999999999},
    {"20 login days just under the cap", TT_SIG_PRODUCT_USAGE, 20, NULL, 0, 0, 0, 0, 0,
     99.99999999999999},
    {"30 login days capped", TT_SIG_PRODUCT_USAGE, 30, NULL, 0, 0, 0, 0, 0, 100.0},
    {"no features", TT_SIG_FEATURE_ADOPTION, 0, NULL, 0, 0, 0, 0, 0, 0.0},
    {"empty features", TT_SIG_FEATURE_ADOPTION, 0, "", 0, 0, 0, 0, 0, 0.0},
    {"two of five", TT_SIG_FEATURE_ADOPTION, 0, "tickets;reports", 0, 0, 0, 0, 0, 40.0},
    {"spaces trimmed", TT_SIG_FEATURE_ADOPTION, 0, " tickets ; reports ", 0, 0, 0, 0, 0, 40.0},
    {"duplicates count once", TT_SIG_FEATURE_ADOPTION, 0, "tickets;tickets", 0, 0, 0, 0, 0, 20.0},
    {"non-core ignored", TT_SIG_FEATURE_ADOPTION, 0, "chat;tickets;sso", 0, 0, 0, 0, 0, 20.0},
    {"case matters", TT_SIG_FEATURE_ADOPTION, 0, "Tickets", 0, 0, 0, 0, 0, 0.0},
    {"all features", TT_SIG_FEATURE_ADOPTION, 0,
     "integrations;reports;automations;knowledge_base;tickets", 0, 0, 0, 0, 0, 100.0},
    {"no tickets is neutral", TT_SIG_SUPPORT_SENTIMENT, 0, NULL, 0, 0, 0, 0, 0, 70.0},
    {"unknown tickets neutral", TT_SIG_SUPPORT_SENTIMENT, 0, NULL, -1, -1, 0, 0, 0, 70.0},
    {"all resolved", TT_SIG_SUPPORT_SENTIMENT, 0, NULL, 10, 10, 0, 0, 0, 100.0},
    {"half resolved", TT_SIG_SUPPORT_SENTIMENT, 0, NULL, 10, 5, 0, 0, 0, 50.0},
    {"none resolved", TT_SIG_SUPPORT_SENTIMENT, 0, NULL, 4, 0, 0, 0, 0, 0.0},
    {"one of three", TT_SIG_SUPPORT_SENTIMENT, 0, NULL, 3, 1, 0, 0, 0, 33.33333333333333},
    {"no usage at all", TT_SIG_EXPANSION, 0, NULL, 0, 0, 0, 0, 0, 10.0},
    {"no previous usage: growth = current", TT_SIG_EXPANSION, 0, NULL, 0, 0, 2, 0, 0, 100.0},
    {"no previous, current 1", TT_SIG_EXPANSION, 0, NULL, 0, 0, 1, 0, 0, 40.0},
    {"growth exactly 1.2", TT_SIG_EXPANSION, 0, NULL, 0, 0, 120, 100, 0, 70.0},
    {"growth 1.21", TT_SIG_EXPANSION, 0, NULL, 0, 0, 121, 100, 0, 100.0},
    {"growth exactly 1.0", TT_SIG_EXPANSION, 0, NULL, 0, 0, 100, 100, 0, 40.0},
    {"growth 1.01", TT_SIG_EXPANSION, 0, NULL, 0, 0, 101, 100, 0, 70.0},
    {"growth exactly 0.8", TT_SIG_EXPANSION, 0, NULL, 0, 0, 80, 100, 0, 10.0},
    {"growth 0.81", TT_SIG_EXPANSION, 0, NULL, 0, 0, 81, 100, 0, 40.0},
    {"usage dropped to 0", TT_SIG_EXPANSION, 0, NULL, 0, 0, 0, 100, 0, 10.0},
    {"no failed payments", TT_SIG_PAYMENT, 0, NULL, 0, 0, 0, 0, 0, 100.0},
    {"unknown failed payments", TT_SIG_PAYMENT, 0, NULL, 0, 0, 0, 0, -1, 100.0},
    {"one failed", TT_SIG_PAYMENT, 0, NULL, 0, 0, 0, 0, 1, 60.0},
    {"two failed", TT_SIG_PAYMENT, 0, NULL, 0, 0, 0, 0, 2, 60.0},
    {"three failed", TT_SIG_PAYMENT, 0, NULL, 0, 0, 0, 0, 3, 20.0},
};

static void test_signals(void **state)
{
    (void)state;
    struct tt_health_config cfg;
    tt_health_config_default(&cfg);
    for (size_t i = 0; i < TT_ARRAY_LEN(sig_cases); i++) {
        const struct sig_case *k = &sig_cases[i];
        struct tt_customer c =
            cust(k->login, k->features, k->tickets, k->resolved, k->cur, k->prev, k->failed);
        double got = tt_health_signal_score(&cfg, k->sig, &c);
        if (got != k->want)
            fail_msg("%s (%s): got %.17g, want %.17g", k->what, tt_health_signal_name(k->sig), got,
                     k->want);
    }
    tt_health_config_clear(&cfg);
}

struct round_case {
    double in, want;
};
static const struct round_case round_cases[] = {
    {0, 0},
    {0.4, 0},
    {0.5, 1},
    {1.5, 2},
    {2.5, 3},
    {69.5, 70},
    {39.5, 40},
    {-0.4, 0},
    {-0.5, 0},
    {-2.5, -2},
    {-2.6, -3},
    {99.99999999999999, 100},
    {0.49999999999999994, 0},
    {100, 100},
};

static void test_round_like_js(void **state)
{
    (void)state;
    for (size_t i = 0; i < TT_ARRAY_LEN(round_cases); i++) {
        double got = tt_health_round(round_cases[i].in);
        if (got != round_cases[i].want)
            fail_msg("round(%.17g) = %g, want %g", round_cases[i].in, got, round_cases[i].want);
    }
}

struct score_case {
    const char *what;
    struct tt_customer c;
    double raw;
    int score;
    enum tt_health_status status;
};

static void test_scores_and_status_on_unrounded(void **state)
{
    (void)state;
    const char *all = "tickets;knowledge_base;automations;reports;integrations";
    const struct score_case cases[] = {
        {"perfect", cust(30, all, 0, 0, 130, 100, 0), 30 + 20 + 10.5 + 15 + 20, 96,
         TT_HEALTH_HEALTHY},
        {"nothing known", cust(-1, NULL, -1, -1, -1, -1, -1), 0 + 0 + 10.5 + 1.5 + 20, 32,
         TT_HEALTH_CRITICAL},
        {"69.5 rounds to 70 but is at-risk", cust(3, all, 3, 2, 121, 100, 0), 69.5, 70,
         TT_HEALTH_AT_RISK},
        {"exactly 70 is healthy", cust(3, all, 0, 0, 121, 100, 0), 70, 70, TT_HEALTH_HEALTHY},
        {"39.5 rounds to 40 but is critical", cust(0, "tickets", 3, 1, 110, 100, 0), 39.5, 40,
         TT_HEALTH_CRITICAL},
        {"exactly 40 is at-risk", cust(0, NULL, 3, 1, 121, 100, 0), 40, 40, TT_HEALTH_AT_RISK},
    };
    struct tt_health_config cfg;
    tt_health_config_default(&cfg);
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        struct tt_health_result r;
        tt_health_score(&cfg, &cases[i].c, &r);
        if (fabs(r.raw - cases[i].raw) > 1e-9 || r.score != cases[i].score ||
            r.status != cases[i].status)
            fail_msg("%s: raw %.17g score %d %s; want %.17g %d %s", cases[i].what, r.raw, r.score,
                     tt_health_status_name(r.status), cases[i].raw, cases[i].score,
                     tt_health_status_name(cases[i].status));
    }
    tt_health_config_clear(&cfg);
}

/* Load a config text and return the health section parsed into cfg. */
static int load_cfg(const char *yaml, struct tt_health_config *cfg, struct tt_err *err)
{
    struct tt_conf_node *root = tt_conf_parse(yaml, strlen(yaml), "c.yaml", err);
    if (!root)
        fail_msg("yaml: %s", err->msg);
    int rc = tt_health_config_from_node(cfg, tt_conf_get(root, "health"), "c.yaml", err);
    tt_conf_node_free(root);
    return rc;
}

static void test_weights_not_summing_to_one_are_normalised(void **state)
{
    (void)state;
    struct tt_err err;
    struct tt_health_config def, dbl, one;
    tt_health_config_default(&def);
    assert_int_equal(load_cfg("health:\n  signals:\n"
                              "    product_usage: {weight: 3}\n"
                              "    feature_adoption: {weight: 2}\n"
                              "    support_sentiment: {weight: 1.5}\n"
                              "    expansion_signals: {weight: 1.5}\n"
                              "    payment_health: {weight: 2}\n",
                              &dbl, &err),
                     0);
    assert_int_equal(load_cfg("health:\n  signals:\n"
                              "    feature_adoption: {weight: 0}\n"
                              "    support_sentiment: {weight: 0}\n"
                              "    expansion_signals: {weight: 0}\n"
                              "    payment_health: {weight: 0}\n",
                              &one, &err),
                     0);
    struct tt_customer c = cust(12, "tickets;reports", 5, 4, 90, 100, 1);
    struct tt_health_result a, b, o;
    tt_health_score(&def, &c, &a);
    tt_health_score(&dbl, &c, &b);
    tt_health_score(&one, &c, &o);
    assert_true(fabs(a.raw - b.raw) < 1e-9); /* ten times the weights: same score */
    assert_int_equal(a.score, b.score);
    assert_true(fabs(o.raw - o.signal[TT_SIG_PRODUCT_USAGE]) < 1e-9); /* only usage counts */
    assert_int_equal(o.score, 60);
    /* A zero-weight signal is never named as failing. */
    assert_int_equal(tt_health_failing(&one, &o), 0);
    assert_int_equal(tt_health_failing(&def, &a), 0);
    tt_health_config_clear(&def);
    tt_health_config_clear(&dbl);
    tt_health_config_clear(&one);
}

static void test_config_overrides(void **state)
{
    (void)state;
    struct tt_err err;
    struct tt_health_config cfg;
    assert_int_equal(load_cfg("health:\n"
                              "  core_features: [a, b]\n"
                              "  status: {healthy: 80, at_risk: 50}\n"
                              "  alert_mrr: 500\n"
                              "  history_days: 90\n"
                              "  failing_below: 30\n"
                              "  notify: [csm, \"https://hooks.example.com/x\", ops@example.com]\n"
                              "  signals:\n"
                              "    support_sentiment: {no_tickets: 50}\n"
                              "    product_usage: {days: 20, multiplier: 1}\n"
                              "    payment_health:\n"
                              "      bands: [{above: 0, score: 0}]\n"
                              "      otherwise: 90\n",
                              &cfg, &err),
                     0);
    struct tt_customer c = cust(10, "b;c", 0, 0, 0, 0, 1);
    assert_true(tt_health_signal_score(&cfg, TT_SIG_FEATURE_ADOPTION, &c) == 50);
    assert_true(tt_health_signal_score(&cfg, TT_SIG_SUPPORT_SENTIMENT, &c) == 50);
    assert_true(tt_health_signal_score(&cfg, TT_SIG_PRODUCT_USAGE, &c) == 50);
    assert_true(tt_health_signal_score(&cfg, TT_SIG_PAYMENT, &c) == 0);
    c.failed_payments_last_90_days = 0;
    assert_true(tt_health_signal_score(&cfg, TT_SIG_PAYMENT, &c) == 90);
    assert_int_equal(tt_health_status_of(&cfg, 79.9), TT_HEALTH_AT_RISK);
    assert_int_equal(tt_health_status_of(&cfg, 49.9), TT_HEALTH_CRITICAL);
    assert_true(cfg.alert_mrr == 500 && cfg.failing_below == 30);
    assert_int_equal(cfg.history_days, 90);
    assert_int_equal(cfg.n_notify, 3);
    assert_string_equal(cfg.notify[2], "ops@example.com");
    tt_health_config_clear(&cfg);
}

struct bad_case {
    const char *yaml;
    const char *want; /* substring of the error */
};
static const struct bad_case bad_cases[] = {
    {"health: 3\n", "c.yaml:1: health: expected a mapping"},
    {"health:\n  colour: red\n", "c.yaml:2: health.colour: unknown key"},
    {"health:\n  status: [1]\n", "c.yaml:2: health.status: expected a mapping"},
    {"health:\n  signals:\n    product_usage: 5\n",
     "c.yaml:3: health.signals.product_usage: expected a mapping"},
    {"health:\n  core_features: []\n", "c.yaml:2: health.core_features"},
    {"health:\n  core_features: [a, a]\n", "listed twice"},
    {"health:\n  core_features: [\"a;b\"]\n", "without ';'"},
    {"health:\n  status:\n    healthy: 30\n    at_risk: 40\n", "at_risk must be below healthy"},
    {"health:\n  status: {healthy: 101}\n", "health.status.healthy: 101 is out of range"},
    {"health:\n  alert_mrr: lots\n", "c.yaml:2: health.alert_mrr: \"lots\" is not a number"},
    {"health:\n  history_days: 1.5\n", "c.yaml:2: health.history_days: expected a whole number"},
    {"health:\n  history_days: -1\n", "c.yaml:2: health.history_days: -1 is out of range"},
    {"health:\n  signals:\n    happiness: {weight: 1}\n",
     "c.yaml:3: health.signals.happiness: unknown signal"},
    {"health:\n  signals:\n    product_usage: {weight: -1}\n",
     "health.signals.product_usage.weight: -1 is out of range"},
    {"health:\n  signals:\n    product_usage: {bands: []}\n",
     "health.signals.product_usage.bands: unknown key"},
    {"health:\n  signals:\n    product_usage: {weight: 0}\n    feature_adoption: {weight: 0}\n"
     "    support_sentiment: {weight: 0}\n    expansion_signals: {weight: 0}\n"
     "    payment_health: {weight: 0}\n",
     "at least one weight must be above 0"},
    {"health:\n  signals:\n    expansion_signals:\n      bands:\n        - {above: 1, score: 50}\n"
     "        - {above: 2, score: 60}\n",
     "c.yaml:6: health.signals.expansion_signals.bands[1]: bands must be listed with `above` "
     "decreasing"},
    {"health:\n  signals:\n    payment_health:\n      bands: [{above: 1}]\n",
     "a band needs both above and score"},
    {"health:\n  signals:\n    payment_health:\n      bands: [{above: 1, score: 120}]\n",
     "bands[0].score: 120 is out of range"},
    {"health:\n  signals:\n    product_usage: {days: 0}\n", "days: 0 is out of range"},
    {"health:\n  notify: [webhook, nobody]\n",
     "c.yaml:2: health.notify: \"nobody\" is not a destination"},
    {"health:\n  notify: {to: x}\n", "health.notify: expected a destination"},
};

static void test_config_errors_name_file_line_key(void **state)
{
    (void)state;
    for (size_t i = 0; i < TT_ARRAY_LEN(bad_cases); i++) {
        struct tt_err err = {{0}};
        struct tt_health_config cfg;
        if (load_cfg(bad_cases[i].yaml, &cfg, &err) == 0)
            fail_msg("case %zu accepted: %s", i, bad_cases[i].yaml);
        if (!strstr(err.msg, bad_cases[i].want))
            fail_msg("case %zu: error \"%s\" lacks \"%s\"", i, err.msg, bad_cases[i].want);
        /* On error the configuration is the defaults. */
        assert_true(cfg.weight[TT_SIG_PRODUCT_USAGE] == 0.3 && cfg.n_core_features == 5);
        tt_health_config_clear(&cfg);
    }
}

static void test_validator_in_options_table(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *path = tu_write_file(dir, "config.yaml",
                               "ui:\n  theme: default\nhealth:\n  signals:\n"
                               "    product_usage: {weight: x}\n");
    struct tt_err err;
    struct tt_config *cfg = tt_config_load(path, true, &err);
    assert_null(cfg);
    char want[600];
    snprintf(want, sizeof want, "%s:5: health.signals.product_usage.weight", path);
    if (!strstr(err.msg, want))
        fail_msg("error \"%s\" lacks \"%s\"", err.msg, want);
    free(path);
    path = tu_write_file(dir, "ok.yaml", "health:\n  alert_mrr: 250\n");
    cfg = tt_config_load(path, true, &err);
    assert_non_null(cfg);
    struct tt_health_config h;
    assert_int_equal(tt_health_config_from_node(&h, tt_config_section(cfg, "health"), path, &err),
                     0);
    assert_true(h.alert_mrr == 250);
    tt_health_config_clear(&h);
    tt_config_free(cfg);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

struct alert_case {
    int prev;
    enum tt_health_status now;
    double mrr;
    bool want;
};
static const struct alert_case alert_cases[] = {
    {-1, TT_HEALTH_CRITICAL, 1000, true},                   /* first scoring, critical */
    {TT_HEALTH_HEALTHY, TT_HEALTH_CRITICAL, 5000, true},    /* becomes critical */
    {TT_HEALTH_AT_RISK, TT_HEALTH_CRITICAL, 1000, true},    /* MRR exactly the threshold */
    {TT_HEALTH_AT_RISK, TT_HEALTH_CRITICAL, 999.99, false}, /* below the threshold */
    {TT_HEALTH_CRITICAL, TT_HEALTH_CRITICAL, 5000, false},  /* stays critical: no repeat */
    {TT_HEALTH_CRITICAL, TT_HEALTH_AT_RISK, 5000, false},   /* recovers */
    {TT_HEALTH_HEALTHY, TT_HEALTH_AT_RISK, 5000, false},    /* at-risk never alerts */
};

static void test_alert_transitions(void **state)
{
    (void)state;
    struct tt_health_config cfg;
    tt_health_config_default(&cfg);
    for (size_t i = 0; i < TT_ARRAY_LEN(alert_cases); i++) {
        const struct alert_case *k = &alert_cases[i];
        if (tt_health_should_alert(&cfg, k->prev, k->now, k->mrr) != k->want)
            fail_msg("alert case %zu", i);
    }
    /* Failing signals are those below 40. */
    struct tt_customer c = cust(0, "tickets;reports", 3, 1, 0, 0, 3);
    struct tt_health_result r;
    tt_health_score(&cfg, &c, &r);
    unsigned bits = tt_health_failing(&cfg, &r);
    assert_int_equal(bits, (1u << TT_SIG_PRODUCT_USAGE) | (1u << TT_SIG_SUPPORT_SENTIMENT) |
                               (1u << TT_SIG_EXPANSION) | (1u << TT_SIG_PAYMENT));
    tt_health_config_clear(&cfg);
}

static void test_override_trend_sparkline_day(void **state)
{
    (void)state;
    struct tt_health_override o = {.score = 80, .until = 1000};
    assert_true(tt_health_override_active(&o, 999));
    assert_false(tt_health_override_active(&o, 1000)); /* expiry is exclusive */
    assert_false(tt_health_override_active(NULL, 0));
    int s[] = {50, 60, 40, 72};
    assert_int_equal(tt_health_trend(s, 4), 22);
    assert_int_equal(tt_health_trend(s, 1), 0);
    assert_string_equal(tt_health_trend_word(22), "up");
    assert_string_equal(tt_health_trend_word(-3), "down");
    assert_string_equal(tt_health_trend_word(2), "flat");
    int sp[] = {0, 50, 100, -5, 130};
    char buf[64];
    tt_health_sparkline(sp, 5, buf, sizeof buf);
    assert_string_equal(buf, "\u2581\u2584\u2588\u2581\u2588");
    tt_health_sparkline(sp, 5, buf, 7); /* room for two blocks only */
    assert_string_equal(buf, "\u2581\u2584");
    char day[11];
    assert_string_equal(tt_health_day(1795478400 + 86399, day), "2026-11-24");
    assert_int_equal(tt_health_status_from_name("at-risk"), TT_HEALTH_AT_RISK);
    assert_int_equal(tt_health_status_from_name("at_risk"), TT_HEALTH_AT_RISK);
    assert_int_equal(tt_health_status_from_name("fine"), -1);
}

struct auc_case {
    const char *what;
    double score[6];
    unsigned char churned[6];
    size_t n;
    double want; /* -1: undefined */
};
static const struct auc_case auc_cases[] = {
    {"perfect", {90, 80, 30, 20}, {0, 0, 1, 1}, 4, 1.0},
    {"inverted", {10, 20, 70, 80}, {0, 0, 1, 1}, 4, 0.0},
    {"all tied", {50, 50, 50, 50}, {0, 1, 0, 1}, 4, 0.5},
    {"one tie across classes", {90, 50, 50, 10}, {0, 0, 1, 1}, 4, 0.875},
    {"mixed", {0.9, 0.8, 0.7, 0.6, 0.55, 0.4}, {0, 1, 0, 0, 1, 1}, 6, 7.0 / 9.0},
    {"only retained", {1, 2}, {0, 0}, 2, -1},
    {"only churned", {1, 2}, {1, 1}, 2, -1},
};

static void test_auc(void **state)
{
    (void)state;
    for (size_t i = 0; i < TT_ARRAY_LEN(auc_cases); i++) {
        const struct auc_case *k = &auc_cases[i];
        double auc = -1;
        int rc = tt_health_auc(k->score, k->churned, k->n, &auc);
        if (k->want < 0) {
            if (rc != -1)
                fail_msg("%s: expected undefined", k->what);
        } else if (rc != 0 || fabs(auc - k->want) > 1e-12) {
            fail_msg("%s: got %g, want %g", k->what, auc, k->want);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signals),
        cmocka_unit_test(test_round_like_js),
        cmocka_unit_test(test_scores_and_status_on_unrounded),
        cmocka_unit_test(test_weights_not_summing_to_one_are_normalised),
        cmocka_unit_test(test_config_overrides),
        cmocka_unit_test(test_config_errors_name_file_line_key),
        cmocka_unit_test(test_validator_in_options_table),
        cmocka_unit_test(test_alert_transitions),
        cmocka_unit_test(test_override_trend_sparkline_day),
        cmocka_unit_test(test_auc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
