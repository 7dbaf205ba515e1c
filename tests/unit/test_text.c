/*
 * test_text.c: the sanitiser against hostile strings, and column widths.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/text.h"

static void test_sanitize_table(void **state)
{
    static const struct {
        const char *in;
        int flags;
        const char *want;
    } cases[] = {
        {"plain text", 0, "plain text"},
        {"red \x1b[31mALERT\x1b[0m done", 0, "red ALERT done"},
        {"title \x1b]0;pwned\x07 after", 0, "title  after"},
        {"osc st \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ end", 0, "osc st link end"},
        {"dcs \x1bPq#0;2;0;0;0\x1b\\ x", 0, "dcs  x"},
        {"c1 csi \xc2\x9b"
         "31m red",
         0, "c1 csi 31m red"},
        {"bell\x07 bs\x08 del\x7f", 0, "bell bs del"},
        {"cr\rlf\nend", 0, "crlf end"},
        {"keep\nlines", TT_SAN_KEEP_NEWLINES, "keep\nlines"},
        {"tab\there", 0, "tab here"},
        {"bidi \xe2\x80\xae"
         "evil\xe2\x80\xac x",
         0, "bidi evil x"},
        {"bad utf8 \xff\xfe end", 0, "bad utf8 \xef\xbf\xbd\xef\xbf\xbd end"},
        {"overlong \xc0\xaf", 0, "overlong \xef\xbf\xbd"},
        {"truncated \xe4\xb8", 0, "truncated \xef\xbf\xbd\xef\xbf\xbd"},
        {"中文工单 ok", 0, "中文工单 ok"},
        {"esc at end \x1b", 0, "esc at end "},
        {"csi unterminated \x1b[12;", 0, "csi unterminated "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = tt_sanitize(cases[i].in, cases[i].flags);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].want);
        for (const unsigned char *p = (const unsigned char *)got; *p; p++)
            assert_true(*p >= 0x20 || (*p == '\n' && cases[i].flags));
        free(got);
    }
    char *n = tt_sanitize(NULL, 0);
    assert_string_equal(n, "");
    free(n);
}

static void test_width(void **state)
{
    assert_int_equal(tt_text_width("abc"), 3);
    assert_int_equal(tt_text_width("中文"), 4);
    assert_int_equal(tt_text_width("a中b"), 4);
    assert_int_equal(tt_text_width(""), 0);
    int cols;
    /* A wide character that does not fit is not split. */
    assert_int_equal(tt_text_fit("a中文", 2, &cols), 1);
    assert_int_equal(cols, 1);
    assert_int_equal(tt_text_fit("a中文", 3, &cols), 4);
    assert_int_equal(cols, 3);
    char *t = tt_text_truncate("中文工单标题", 7);
    assert_string_equal(t, "中文工\xe2\x80\xa6");
    assert_true(tt_text_width(t) <= 7);
    free(t);
    t = tt_text_truncate("short", 10);
    assert_string_equal(t, "short");
    free(t);
    t = tt_text_truncate("abcdef", 0);
    assert_string_equal(t, "");
    free(t);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanitize_table),
        cmocka_unit_test(test_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
