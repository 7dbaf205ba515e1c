/*
 * test_tui_console.c: console defects from the second QA pass, each driven
 * through the headless app on a real SQLite file: the queue's match count at
 * its cap, Ctrl-C in and out of prompts, and list screens on narrow and short
 * terminals.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tui_fixture.h"
#include "tui_seed.h"
#include "ticketty/text.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

#define NOW_ISO "2026-05-04T12:00:00Z"

static struct tu_tui *start_n(int64_t n, int rows, int cols)
{
    struct tu_tui *f = xcalloc(1, sizeof *f);
    tu_tui_open(f, NOW_ISO);
    struct tt_err err;
    if (n > 0 && tu_tui_seed(f->st, n, f->now, 1, &err) < 0)
        fail_msg("%s", err.msg);
    tu_tui_start(f, rows, cols);
    return f;
}

static void stop(struct tu_tui *f)
{
    tu_tui_close(f);
    free(f);
}

/* The queue's first count stops at 1,000 matches; "+" means more were found
 * than counted, so exactly 1,000 is "1,000 tickets" (it showed "1,000+"). */
static void test_count_cap(void **state)
{
    static const struct {
        int64_t n;
        const char *want;
    } cases[] = {
        {999, "999 tickets"},
        {1000, "1,000 tickets"},
        {1001, "1,000+ tickets"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        struct tu_tui *f = start_n(cases[i].n, 24, 100);
        char *s = tu_tui_render(f);
        char *info = tt_canvas_row(f->c, 1);
        if (!strstr(info, cases[i].want))
            fail_msg("%lld tickets: info line '%s', want '%s'", (long long)cases[i].n, info,
                     cases[i].want);
        /* "+" only when the count stopped short */
        if ((strchr(info, '+') != NULL) != (cases[i].n > 1000))
            fail_msg("%lld tickets: info line '%s'", (long long)cases[i].n, info);
        free(info);
        free(s);
        /* G counts them all: the exact figure, never a "+" */
        tt_app_key(f->app, 'G');
        s = tu_tui_render(f);
        info = tt_canvas_row(f->c, 1);
        char exact[32];
        if (cases[i].n >= 1000)
            snprintf(exact, sizeof exact, "1,%03lld tickets", (long long)(cases[i].n - 1000));
        else
            snprintf(exact, sizeof exact, "%lld tickets", (long long)cases[i].n);
        if (!strstr(info, exact) || strchr(info, '+'))
            fail_msg("%lld tickets after G: info line '%s', want '%s'", (long long)cases[i].n, info,
                     exact);
        free(info);
        free(s);
        stop(f);
    }
    (void)state;
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
