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

/* The status line (last row) as text (heap). */
static char *status_line(struct tu_tui *f)
{
    free(tu_tui_render(f));
    return tt_canvas_row(f->c, f->c->rows - 1);
}

static bool status_has(struct tu_tui *f, const char *text)
{
    char *row = status_line(f);
    bool has = strstr(row, text) != NULL;
    free(row);
    return has;
}

static bool screen_has(struct tu_tui *f, const char *text)
{
    char *s = tu_tui_render(f);
    bool has = strstr(s, text) != NULL;
    free(s);
    return has;
}

#define CTRL_C TT_KEY_CTRL('c')

/* C-c in a prompt cancels the prompt, as Esc does; the console goes on (C-c
 * used to end the whole session, half-typed prompt and all). */
static void test_ctrl_c_cancels_prompts(void **state)
{
    struct tu_tui *f = start_n(30, 24, 100);
    /* the `/` filter: the typed text is dropped, the filter before it is back */
    tt_app_keys(f->app, ":filter Okta\n");
    assert_true(screen_has(f, "filter: Okta"));
    tt_app_keys(f->app, "/ refund");
    assert_true(status_has(f, "/Okta refund"));
    assert_true(tt_app_key(f->app, CTRL_C));
    assert_true(tt_app_running(f->app));
    assert_false(status_has(f, "/Okta"));
    assert_true(screen_has(f, "filter: Okta"));
    assert_false(screen_has(f, "Okta refund"));
    /* the `:` command line: nothing runs */
    tt_app_keys(f->app, ":ticket 3");
    assert_true(status_has(f, ":ticket 3"));
    assert_true(tt_app_key(f->app, CTRL_C));
    assert_false(status_has(f, ":ticket 3"));
    assert_false(status_has(f, "Quit ticketty?"));
    assert_false(screen_has(f, "Ticket #3"));
    /* a prompt a key opened on the ticket screen (s: `:status `) */
    tt_app_keys(f->app, ":ticket 2\n");
    assert_true(screen_has(f, "Ticket #2"));
    tt_app_keys(f->app, ":reply half a thought");
    assert_true(tt_app_key(f->app, CTRL_C));
    assert_true(screen_has(f, "Ticket #2"));
    assert_false(status_has(f, "half a thought"));
    /* after a cancelled prompt, keys work as before */
    tt_app_key(f->app, 'q');
    assert_false(screen_has(f, "Ticket #2"));
    assert_true(tt_app_running(f->app));
    stop(f);
    (void)state;
}

/* C-c outside a prompt asks "Quit ticketty?": y or a second C-c quits, any
 * other key is swallowed and the console stays where it was. */
static void test_ctrl_c_asks_before_quitting(void **state)
{
    struct tu_tui *f = start_n(30, 24, 100);
    assert_true(tt_app_key(f->app, CTRL_C));
    assert_true(status_has(f, "Quit ticketty?"));
    /* the refresh timer does not answer for the agent */
    assert_true(tt_app_key(f->app, TT_KEY_TICK));
    assert_true(tt_app_key(f->app, TT_KEY_RESIZE));
    assert_true(status_has(f, "Quit ticketty?"));
    /* any other key: stay, and that key does nothing else (q would quit) */
    assert_true(tt_app_key(f->app, 'q'));
    assert_true(tt_app_running(f->app));
    assert_false(status_has(f, "Quit ticketty?"));
    assert_false(status_has(f, "no such key"));
    /* the next keys are the screen's again */
    tt_app_keys(f->app, ":ticket 4\n");
    assert_true(screen_has(f, "Ticket #4"));
    /* on another screen too; n stays there */
    tt_app_key(f->app, CTRL_C);
    assert_true(status_has(f, "Quit ticketty?"));
    tt_app_key(f->app, 'n');
    assert_true(screen_has(f, "Ticket #4"));
    assert_true(tt_app_running(f->app));
    /* y quits */
    tt_app_key(f->app, CTRL_C);
    assert_false(tt_app_key(f->app, 'y'));
    assert_false(tt_app_running(f->app));
    stop(f);
    /* a second C-c quits */
    f = start_n(5, 24, 100);
    assert_true(tt_app_key(f->app, CTRL_C));
    assert_false(tt_app_key(f->app, CTRL_C));
    assert_false(tt_app_running(f->app));
    stop(f);
    /* C-c in a prompt, then C-c: the prompt is gone, then the question */
    f = start_n(5, 24, 100);
    tt_app_keys(f->app, "/abc");
    assert_true(tt_app_key(f->app, CTRL_C));
    assert_true(tt_app_key(f->app, CTRL_C));
    assert_true(status_has(f, "Quit ticketty?"));
    assert_false(tt_app_key(f->app, 'Y'));
    stop(f);
    (void)state;
}

/* ? help, `ticketty keys` and the man page list C-c (one binding row). */
static void test_ctrl_c_in_help(void **state)
{
    assert_int_equal(tt_binding_find(tt_global_keys, CTRL_C), TT_ACT_INTERRUPT);
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    tt_bindings_format(tt_global_keys, NULL, fp);
    fclose(fp);
    assert_non_null(strstr(buf, "C-c"));
    assert_non_null(strstr(buf, "Quit ticketty?"));
    free(buf);
    (void)state;
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_cap),
        cmocka_unit_test(test_ctrl_c_cancels_prompts),
        cmocka_unit_test(test_ctrl_c_asks_before_quitting),
        cmocka_unit_test(test_ctrl_c_in_help),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
