/*
 * test_cli_keys.c: the unknown-key checker of JSON input documents
 * (src/cmd/json_keys.c) against the `sla eval` shape, and the "did you mean"
 * suggestions (src/core/suggest.c), table-driven.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cmd/json_keys.h"
#include "../../src/cmd/sla_json.h"
#include "testutil.h"
#include "ticketty/suggest.h"
#include "ticketty/util.h"

struct dist_case {
    const char *a, *b;
    size_t want;
};

static void test_edit_distance(void **state)
{
    (void)state;
    static const struct dist_case cases[] = {
        {"", "", 0},
        {"abc", "", 3},
        {"", "abc", 3},
        {"policy", "policy", 0},
        {"polcy", "policy", 1},      /* deletion */
        {"schedul", "schedule", 1},  /* missing last letter */
        {"shcedule", "schedule", 1}, /* adjacent transposition */
        {"Policy", "policy", 0},     /* case-insensitive */
        {"minuts", "minutes", 1},
        {"kitten", "sitting", 3},
        {"events", "evnets", 1},
        {"warn_before", "warn_before_minutes", 8},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        size_t d = tt_edit_distance(cases[i].a, cases[i].b);
        if (d != cases[i].want)
            fail_msg("distance(\"%s\", \"%s\") = %zu, want %zu", cases[i].a, cases[i].b, d,
                     cases[i].want);
    }
}

struct suggest_case {
    const char *word;
    const char *want; /* NULL: no suggestion */
};

static void test_suggest(void **state)
{
    (void)state;
    static const char *const target[] = {
        "metric",          "minutes",         "mode",    "warn_before_minutes", "warn_percent",
        "warn_at_percent", "warn_percentage", "priority"};
    static const struct suggest_case cases[] = {
        {"warn_before", "warn_before_minutes"}, /* prefix */
        {"minuts", "minutes"},
        {"metrics", "metric"},
        {"Mode", "mode"},
        {"prority", "priority"},
        {"warn_percnt", "warn_percent"},
        {"x-extra", NULL},
        {"source", NULL},
        {"id", NULL},
        {"", NULL},
        {"war", NULL}, /* a prefix shorter than 4 is no hint */
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        const char *got = tt_suggest(cases[i].word, target, TT_ARRAY_LEN(target));
        if (!tt_streq(got, cases[i].want))
            fail_msg("suggest(\"%s\") = %s, want %s", cases[i].word, got ? got : "(none)",
                     cases[i].want ? cases[i].want : "(none)");
    }
}

/* Unknown keys collected as "path>suggestion" joined by ';'. */
static void collect(const char *path, const char *suggestion, void *arg)
{
    struct tt_buf *b = arg;
    if (b->len)
        tt_buf_putc(b, ';');
    tt_buf_printf(b, "%s>%s", path, suggestion ? suggestion : "");
}

struct keys_case {
    const char *doc;
    const char *want;
};

static void test_sla_eval_keys(void **state)
{
    (void)state;
    static const struct keys_case cases[] = {
        /* the documented shape: nothing to report */
        {"{\"now\":\"2026-05-04T13:00:00Z\",\"schedule\":{\"timezone\":\"UTC\","
         "\"weekly\":{\"mon\":[[\"09:00\",\"17:00\"]]},\"holidays\":[\"2026-05-01\"]},"
         "\"policy\":{\"pause_statuses\":[\"pending\"],\"human_only\":true,\"targets\":["
         "{\"metric\":\"first_reply\",\"minutes\":60,\"mode\":\"business\","
         "\"warn_before_minutes\":15}]},\"events\":[{\"at\":\"2026-05-04T09:00:00Z\","
         "\"type\":\"created\"},{\"at\":\"2026-05-04T10:00:00Z\",\"type\":\"comment\","
         "\"author\":\"agent\",\"public\":true}]}",
         ""},
        /* top level */
        {"{\"schedul\":{},\"polcy\":{},\"source\":\"x\"}", "schedul>schedule;polcy>policy;source>"},
        /* schedule, including free-named maps (days, dates) that are not checked */
        {"{\"schedule\":{\"timezon\":\"UTC\",\"weekly\":{\"monday\":[]},"
         "\"overrides\":{\"2026-05-01\":null}}}",
         "schedule.timezon>timezone"},
        /* overrides as a list of objects are checked */
        {"{\"schedule\":{\"overrides\":[{\"date\":\"2026-05-01\",\"hour\":[]}]}}",
         "schedule.overrides[0].hour>hours"},
        /* policy and targets, by index */
        {"{\"policy\":{\"pause_status\":[],\"targets\":[{\"metric\":\"x\"},"
         "{\"metric\":\"y\",\"warn_before\":30,\"note\":\"z\"}]}}",
         "policy.pause_status>pause_statuses;policy.targets[1].warn_before>warn_before_minutes;"
         "policy.targets[1].note>"},
        /* events; the aliases of the new value are known */
        {"{\"events\":[{\"at\":\"x\",\"type\":\"status\",\"to\":\"open\"},"
         "{\"at\":\"x\",\"typ\":\"comment\",\"autor\":\"agent\"}]}",
         "events[1].typ>type;events[1].autor>author"},
        /* a key extra in every item of a list: once, at its first item; another
         * extra key of a later item is still reported */
        {"{\"events\":[{\"at\":\"x\",\"id\":1},{\"at\":\"y\",\"id\":2},"
         "{\"at\":\"z\",\"id\":3,\"via\":\"web\"}],"
         "\"policy\":{\"targets\":[{\"id\":1},{\"id\":2}]}}",
         "events[0].id>;events[2].via>;policy.targets[0].id>"},
        /* ticket is passed through by callers and not checked */
        {"{\"ticket\":{\"id\":7,\"priority\":\"high\",\"subject\":\"s\"}}", ""},
        /* values of the wrong type are the parser's business, not the checker's */
        {"{\"policy\":[1,2],\"events\":{\"at\":1},\"schedule\":\"x\"}", ""},
        {"[1,2,3]", ""},
        /* hostile keys are shown escaped, never raw and never silently shortened:
         * ESC/OSC, an 8-bit CSI, a bidi override, a zero-width space, quotes */
        {"{\"x\\u001b]0;T\\u0007y\":1,\"sched\\u009bule\":{},\"\\u202eabc\":1,"
         "\"even\\u200bts\":1,\"a\\\"b\\\\c\":1,\"policy\":{\"targets\":[{\"\\r\":1}]},"
         "\"\u00e9v\u00e9nements\":1}",
         "x\\u001b]0;T\\u0007y>;sched\\u009bule>schedule;\\u202eabc>;even\\u200bts>events;"
         "a\\\"b\\\\c>;policy.targets[0].\\u000d>;\u00e9v\u00e9nements>"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        json_error_t je;
        json_t *doc = json_loads(cases[i].doc, 0, &je);
        if (!doc)
            fail_msg("case %zu: %s", i, je.text);
        struct tt_buf b = {0};
        size_t n = tt_json_check_keys(doc, tt_sla_eval_shape, collect, &b);
        if (strcmp(tt_buf_str(&b), cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, tt_buf_str(&b), cases[i].want);
        size_t want_n = 0;
        for (const char *p = cases[i].want; *p; p++)
            want_n += *p == '>';
        assert_int_equal(n, want_n);
        tt_buf_free(&b);
        json_decref(doc);
    }
}

/* Warnings never change the result: the same output with and without them. */
static void test_warnings_leave_output(void **state)
{
    (void)state;
    const char *in = "{\"now\":\"2026-05-05T09:30:00Z\",\"polcy\":{},\"policy\":{\"targets\":["
                     "{\"metric\":\"first_reply\",\"minutes\":60,\"warn_before\":50}]},"
                     "\"events\":[{\"at\":\"2026-05-05T09:00:00Z\",\"type\":\"created\"}]}";
    char *plain = NULL, *warned = NULL;
    struct tt_err err;
    struct tt_buf b = {0};
    assert_int_equal(tt_sla_eval_json(in, strlen(in), 1, &plain, &err), 0);
    assert_int_equal(tt_sla_eval_json_warn(in, strlen(in), 1, &warned, collect, &b, &err), 0);
    assert_string_equal(plain, warned);
    assert_string_equal(tt_buf_str(&b),
                        "polcy>policy;policy.targets[0].warn_before>warn_before_minutes");
    /* the default warn-before (15) applies, not the misspelled 50 */
    assert_non_null(strstr(plain, "\"warning\":false"));
    free(plain);
    free(warned);
    tt_buf_free(&b);
    /* an invalid document still fails the same way, after the warnings */
    const char *bad = "{\"polcy\":{}}";
    b = (struct tt_buf){0};
    assert_int_equal(tt_sla_eval_json_warn(bad, strlen(bad), 1, &warned, collect, &b, &err), -1);
    assert_non_null(strstr(err.msg, "policy"));
    assert_string_equal(tt_buf_str(&b), "polcy>policy");
    tt_buf_free(&b);
}

/* tt_json_key_display: what a warning shows of a key. */
static void test_key_display(void **state)
{
    (void)state;
    static const struct {
        const char *key, *want;
    } cases[] = {
        {"plain", "plain"},
        {"caf\u00e9 \u9000\u6b3e \U0001f600", "caf\u00e9 \u9000\u6b3e \U0001f600"},
        {"\x1b[31mred", "\\u001b[31mred"},
        {"bad\xff\xc3", "bad\\xff\\xc3"},
        {"\xef\xbf\xbd", "\xef\xbf\xbd"},
        {"tab\there\x7f", "tab\\u0009here\\u007f"},
        {"\xe2\x80\xae"
         "rtl",
         "\\u202ertl"},
        {"\xd8\x9c"
         "alm",
         "\\u061calm"}, /* U+061C ARABIC LETTER MARK, a bidi control as tt_sanitize's */
        {"q\"b\\", "q\\\"b\\\\"},
        {"", ""},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char *got = tt_json_key_display(cases[i].key);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].want);
        free(got);
    }
}

/* Keys of the free-named maps (days, dates) named in an error are shown as
 * the warnings show keys: escaped, whole (not cut inside a character). */
static void test_map_keys_in_errors(void **state)
{
    (void)state;
    static const struct {
        const char *doc, *want;
    } cases[] = {
        {"{\"schedule\":{\"weekly\":{\"mon\\u001b\":[]}}}",
         "schedule.weekly.mon\\u001b: unknown day"},
        {"{\"schedule\":{\"overrides\":{\"2026-05-01\\u202e\":null}}}",
         "schedule.overrides.2026-05-01\\u202e: expected a date"},
        {"{\"schedule\":{\"weekly\":{\"\u65e5\u65e5\u65e5\u65e5\u65e5\u65e5\u65e5\":[]}}}",
         "schedule.weekly.\u65e5\u65e5\u65e5\u65e5\u65e5\u65e5\u65e5: unknown day"},
        {"{\"schedule\":{\"overrides\":{\"2026-05-01\":[[\"x\",\"y\"]]}}}",
         "schedule.overrides.2026-05-01[0]: times must be"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char *out = NULL;
        struct tt_err err;
        tt_err_clear(&err);
        assert_int_equal(tt_sla_eval_json(cases[i].doc, strlen(cases[i].doc), 1, &out, &err), -1);
        if (!strstr(err.msg, cases[i].want))
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, err.msg, cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edit_distance), cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_sla_eval_keys), cmocka_unit_test(test_warnings_leave_output),
        cmocka_unit_test(test_key_display),   cmocka_unit_test(test_map_keys_in_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
