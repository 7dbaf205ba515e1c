/*
 * test_providers_html.c: the reply body both HTML providers receive, and the
 * marker the crash check looks for, come from one place and agree.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/provmap.h"

static void test_text_to_html_table(void **state)
{
    static const struct {
        const char *text, *tag, *key, *want;
    } cases[] = {
        {"hi", "p", NULL, "<p>hi</p>"},
        {"a & b < c > \"d\"", "div", NULL, "<div>a &amp; b &lt; c &gt; &quot;d&quot;</div>"},
        {"line1\r\nline2", "p", "", "<p>line1<br>line2</p>"},
        {"x", "p", "k-1.2:3_z", "<p>x</p><!-- ticketty:k-1.2:3_z -->"},
        /* A key can never close the comment early or inject markup. */
        {"x", "div", "ab--> <script>", "<div>x</div><!-- ticketty:ab--script -->"},
        {NULL, "p", NULL, "<p></p>"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = tt_text_to_html(cases[i].text, cases[i].tag, cases[i].key);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got %s, want %s", i, got, cases[i].want);
        free(got);
    }
}

static void test_marker_matches_body(void **state)
{
    const char *keys[] = {"0f3a-77", "ab--> <x>", "outbox:42:reply"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char *html = tt_text_to_html("hello", "div", keys[i]);
        char *marker = tt_push_marker(keys[i]);
        assert_non_null(marker);
        assert_non_null(strstr(html, marker));
        free(html);
        free(marker);
    }
    assert_null(tt_push_marker(NULL));
    assert_null(tt_push_marker(""));
}

static void test_round_trip_text(void **state)
{
    const char *text = "Refunds & credits <annual>\n\"quoted\" line";
    char *html = tt_text_to_html(text, "p", "key1");
    char *back = tt_html_to_text(html);
    assert_true(tt_text_same(back, text));
    free(html);
    free(back);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_to_html_table),
        cmocka_unit_test(test_marker_matches_body),
        cmocka_unit_test(test_round_trip_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
