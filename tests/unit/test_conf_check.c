/*
 * test_conf_check.c: the section validators' shared helpers (tt_conf_fail,
 * tt_conf_num), and the triage and health validators reporting through them
 * with file, line, section and key.
 */
#include <string.h>

#include "testutil.h"
#include "ticketty/config.h"
#include "ticketty/health.h"
#include "ticketty/triage.h"
#include "ticketty/util.h"

static struct tt_conf_node *parse(const char *yaml)
{
    struct tt_err err;
    struct tt_conf_node *n = tt_conf_parse(yaml, strlen(yaml), "t.yaml", &err);
    if (!n)
        fail_msg("%s", err.msg);
    return n;
}

static void test_num(void **state)
{
    (void)state;
    static const struct {
        const char *value;
        double lo, hi;
        int rc;
        double want;
        const char *msg; /* expected error, when rc < 0 */
    } cases[] = {
        {"0.5", 0, 1, 0, 0.5, NULL},
        {"1", 0, 1, 0, 1, NULL},
        {"-3", -5, 5, 0, -3, NULL},
        {"2", 0, 1, -1, 0, "t.yaml:1: triage.x: 2 is out of range (0..1)"},
        {"abc", 0, 1, -1, 0, "t.yaml:1: triage.x: \"abc\" is not a number"},
        {"1e999", 0, 1, -1, 0, "t.yaml:1: triage.x: \"1e999\" is not a number"},
        {"nan", 0, 1, -1, 0, "t.yaml:1: triage.x: \"nan\" is not a number"},
        {"0.5x", 0, 1, -1, 0, "t.yaml:1: triage.x: \"0.5x\" is not a number"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char yaml[64];
        snprintf(yaml, sizeof yaml, "x: %s\n", cases[i].value);
        struct tt_conf_node *root = parse(yaml);
        struct tt_err err = {0};
        struct tt_conf_ctx x = {.file = "t.yaml", .section = "triage", .err = &err};
        double v = -99;
        int rc = tt_conf_num(&x, tt_conf_get(root, "x"), "x", cases[i].lo, cases[i].hi, &v);
        if (rc != cases[i].rc)
            fail_msg("case %zu (%s): rc %d", i, cases[i].value, rc);
        if (rc == 0 && v != cases[i].want)
            fail_msg("case %zu: got %g", i, v);
        if (rc < 0 && strcmp(err.msg, cases[i].msg) != 0)
            fail_msg("case %zu: message '%s'", i, err.msg);
        tt_conf_node_free(root);
    }
    /* a mapping where a number is expected */
    struct tt_conf_node *root = parse("a: 1\nx:\n  y: 2\n");
    struct tt_err err = {0};
    struct tt_conf_ctx x = {.file = "t.yaml", .section = "health", .err = &err};
    double v;
    assert_int_equal(tt_conf_num(&x, tt_conf_get(root, "x"), "x", 0, 1, &v), -1);
    assert_non_null(strstr(err.msg, "health.x: expected a number"));
    assert_int_equal(strncmp(err.msg, "t.yaml:", 7), 0);
    assert_int_equal(tt_conf_fail(&x, root, "", "expected %s", "a mapping"), -1);
    assert_string_equal(err.msg, "t.yaml:1: health: expected a mapping");
    tt_conf_node_free(root);
}

static void test_validators_use_it(void **state)
{
    (void)state;
    /* each section names itself and the key's line */
    struct tt_conf_node *root = parse("triage:\n  auto_response:\n    min_confidence: seven\n");
    struct tt_err err = {0};
    assert_int_equal(tt_triage_config_validate(tt_conf_get(root, "triage"), "c.yaml", &err), -1);
    assert_non_null(strstr(err.msg, "c.yaml:3: triage.auto_response.min_confidence"));
    assert_non_null(strstr(err.msg, "\"seven\" is not a number"));
    tt_conf_node_free(root);
    root = parse("health:\n  weights: 3\n");
    assert_int_equal(tt_health_config_validate(tt_conf_get(root, "health"), "c.yaml", &err), -1);
    assert_non_null(strstr(err.msg, "c.yaml:2: health.weights"));
    tt_conf_node_free(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_num),
        cmocka_unit_test(test_validators_use_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
