/*
 * test_providers_pjson.c: the drivers' JSON reader (pj_loadb) accepts and
 * rejects exactly what jansson's json_loadb(..., JSON_ALLOW_NUL) does and
 * builds equal values: hand-written edge cases, then thousands of mutations
 * of real response shapes compared parser against parser.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/providers/pjson.h"
#include "testutil.h"
#include "ticketty/util.h"

/* Both parsers on the same bytes: same verdict, equal values. */
static void agree(const char *what, const char *text, size_t len)
{
    json_error_t je1, je2;
    json_t *a = json_loadb(text, len, JSON_ALLOW_NUL, &je1);
    json_t *b = pj_loadb(text, len, &je2);
    if (!a != !b)
        fail_msg("%s: jansson %s (%s), pj_loadb %s (%s): %.*s", what, a ? "accepts" : "rejects",
                 a ? "" : je1.text, b ? "accepts" : "rejects", b ? "" : je2.text,
                 (int)(len > 2000 ? 2000 : len), text);
    if (a && !json_equal(a, b)) {
        char *x = json_dumps(a, JSON_ENCODE_ANY), *y = json_dumps(b, JSON_ENCODE_ANY);
        fail_msg("%s: values differ: %s vs %s", what, x, y);
    }
    if (!b)
        assert_true(je2.line >= 1 && je2.text[0]);
    json_decref(a);
    json_decref(b);
}

static void test_edge_cases_agree_with_jansson(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "{}",
        "[]",
        " \t\r\n{ } ",
        "{\"a\":1}",
        "[1,2,3]",
        "[1,]",
        "[,1]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{a:1}",
        "{\"a\":1}x",
        "{\"a\":1}}",
        "[",
        "{",
        "",
        "   ",
        "1",
        "\"s\"",
        "true",
        "null",
        "[true,false,null]",
        "[tru]",
        "[nul]",
        "[falsey]",
        /* numbers */
        "[0]",
        "[-0]",
        "[01]",
        "[-]",
        "[1.]",
        "[.5]",
        "[1.5e3]",
        "[1E+2]",
        "[1e-2]",
        "[1e]",
        "[-1.25]",
        "[9223372036854775807]",
        "[-9223372036854775808]",
        "[9223372036854775808]",
        "[-9223372036854775809]",
        "[123456789012345678901234567890]",
        "[1e400]",
        "[-1e400]",
        "[1e-400]",
        "[0.1]",
        "[2.5e-308]",
        "[1.7976931348623157e308]",
        "[+1]",
        "[0x10]",
        "[1.0]",
        "[100000000000000000000.0]",
        /* strings and escapes */
        "[\"\"]",
        "[\"a\\\"b\"]",
        "[\"\\\\ \\/ \\b \\f \\n \\r \\t\"]",
        "[\"\\u00e9\"]",
        "[\"\\u0000\"]",
        "[\"a\\u0000b\"]",
        "{\"\\u0000\":1}",
        "{\"a\\u0000\":1}",
        "[\"\\ud83d\\ude00\"]",
        "[\"\\ud83d\"]",
        "[\"\\ude00\"]",
        "[\"\\ud83dx\"]",
        "[\"\\ud83d\\u0041\"]",
        "[\"\\u12\"]",
        "[\"\\u12g4\"]",
        "[\"\\x\"]",
        "[\"\\\"]",
        "[\"abc]",
        "[\"tab\there\"]",
        "[\"nl\nhere\"]",
        "[\"\\uFFFF\"]",
        "[\"\\uDBFF\\uDFFF\"]",
        /* UTF-8 */
        "[\"caf\xc3\xa9\"]",
        "[\"\xe2\x82\xac\"]",
        "[\"\xf0\x9f\x98\x80\"]",
        "[\"\xc3\"]",
        "[\"\xc0\xaf\"]",
        "[\"\xe0\x80\xaf\"]",
        "[\"\xed\xa0\x80\"]",
        "[\"\xf4\x90\x80\x80\"]",
        "[\"\xf5\x80\x80\x80\"]",
        "[\"\x80\"]",
        "[\"\xff\"]",
        "{\"k\xc3\xa9y\":\"v\"}",
        "[\xc3\xa9]",
        /* objects: duplicate keys keep the last value */
        "{\"a\":1,\"a\":2}",
        "{\"a\":{\"b\":[{\"c\":null}]}}",
        "{\"\":0}",
        "{\"id\":1,\"tags\":[\"x\",\"y\"],\"via\":{\"channel\":\"email\"}}",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char what[32];
        snprintf(what, sizeof what, "case %zu", i);
        agree(what, cases[i], strlen(cases[i]));
    }
    /* a raw NUL byte, and a string running past the given length */
    agree("raw NUL", "[\"a\0b\"]", 7);
    agree("cut", "{\"a\":\"bcd\"}", 7);
}

static void test_raw_nul_is_rejected(void **state)
{
    (void)state;
    json_error_t je;
    assert_null(pj_loadb("[1\0]", 4, &je));
    assert_null(pj_loadb("{\"a\":1\0}", 8, &je));
    assert_null(pj_loadb("{\"a\":\"b\0c\"}", 11, &je));
    json_t *v = pj_loadb("[\"b\\u0000c\"]", 12, &je); /* escaped: fine */
    assert_non_null(v);
    assert_int_equal(json_string_length(json_array_get(v, 0)), 3);
    json_decref(v);
}

static void test_nesting_limit(void **state)
{
    (void)state;
    for (int depth = 2047; depth <= 2049; depth++) {
        char *t = xmalloc((size_t)depth * 2 + 1);
        memset(t, '[', (size_t)depth);
        memset(t + depth, ']', (size_t)depth);
        t[depth * 2] = '\0';
        agree("deep", t, (size_t)depth * 2);
        free(t);
    }
}

static void test_errors_name_line_and_column(void **state)
{
    (void)state;
    json_error_t je;
    assert_null(pj_loadb("{\n  \"a\": 1,\n  \"b\": x\n}", 22, &je));
    assert_int_equal(je.line, 3);
    assert_int_equal(je.column, 8);
    assert_string_equal(je.text, "invalid token");
}

/* Response shapes the drivers read, mutated byte by byte. */
static const char *const seeds[] = {
    "{\"comments\":[{\"id\":1001,\"type\":\"Comment\",\"author_id\":100001,\"body\":\"Customer "
    "message 1.1\",\"html_body\":\"<p>Customer message 1.1</p>\",\"public\":true,\"created_at\":"
    "\"2023-11-14T22:14:20Z\",\"attachments\":[],\"via\":{\"channel\":\"web\"},\"metadata\":{"
    "\"system\":{\"client\":\"fake\"}}}],\"meta\":{\"has_more\":false,\"after_cursor\":\"a2\","
    "\"before_cursor\":null},\"users\":[{\"id\":100001,\"name\":\"Customer 1\",\"email\":"
    "\"c1@example1.com\",\"role\":\"end-user\",\"organization_id\":500001}]}",
    "{\"tickets\":[{\"id\":7,\"subject\":\"Caf\xc3\xa9 \\u00fcber \\ud83d\\ude00\",\"status\":"
    "\"open\",\"priority\":null,\"tags\":[\"t1\",\"vip\"],\"custom\":{\"mrr\":1234.5,\"n\":-17,"
    "\"big\":1.5e10}}],\"after_cursor\":\"MTcwMDAw\",\"end_of_stream\":false,\"count\":1}",
    "[{\"id\":\"x\\\"y\\\\z\",\"v\":[0,-0.5,1e-3,true,false,null,{},[]],\"s\":\"tab\\tnl\\n\"}]",
};

static void test_mutations_agree_with_jansson(void **state)
{
    (void)state;
    /* No raw NUL among them: jansson drops one that follows a number
     * ("[1\0]" parses as [1]) where pj_loadb rejects it, as RFC 8259 does
     * (test_raw_nul_is_rejected). */
    static const char bytes[] = "\"\\{}[],:0-e.u \n\xc3\xa9\xed\xa0\x80\xff"
                                "1fntx";
    unsigned seed = 12345;
    int checked = 0;
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        size_t n = strlen(seeds[s]);
        agree("seed", seeds[s], n);
        char *buf = xmalloc(n + 8);
        for (int round = 0; round < 20000; round++) {
            memcpy(buf, seeds[s], n);
            size_t len = n;
            int edits = 1 + (int)(rand_r(&seed) % 3);
            for (int e = 0; e < edits && len > 0; e++) {
                size_t at = (size_t)rand_r(&seed) % len;
                char b = bytes[(size_t)rand_r(&seed) % (sizeof bytes - 1)];
                switch (rand_r(&seed) % 4) {
                case 0: /* replace */
                    buf[at] = b;
                    break;
                case 1: /* insert */
                    if (len < n + 7) {
                        memmove(buf + at + 1, buf + at, len - at);
                        buf[at] = b;
                        len++;
                    }
                    break;
                case 2: /* delete */
                    memmove(buf + at, buf + at + 1, len - at - 1);
                    len--;
                    break;
                default: /* truncate */
                    len = at;
                    break;
                }
            }
            agree("mutation", buf, len);
            checked++;
        }
        free(buf);
    }
    assert_int_equal(checked, 60000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edge_cases_agree_with_jansson),
        cmocka_unit_test(test_raw_nul_is_rejected),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_errors_name_line_and_column),
        cmocka_unit_test(test_mutations_agree_with_jansson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
