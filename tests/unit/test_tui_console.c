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

#include "kb_fixture.h"
#include "testutil.h"
#include "tui_fixture.h"
#include "tui_seed.h"
#include "ticketty/kb.h"
#include "ticketty/store_health.h"
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

/* Backspace in a prompt takes a whole character as drawn: 👩‍💻 and é with a
 * combining accent go in one key (it took a code point: 👩‍ stayed). */
static void test_prompt_backspace_cluster(void **state)
{
    struct tu_tui *f = start_n(5, 24, 100);
    tt_app_keys(f->app, "/ab👩‍💻");
    assert_true(status_has(f, "/ab👩‍💻"));
    tt_app_key(f->app, TT_KEY_BACKSPACE);
    char *row = status_line(f);
    assert_non_null(strstr(row, "/ab"));
    assert_null(strstr(row, "👩"));
    free(row);
    tt_app_keys(f->app, "e\xcc\x81");
    assert_true(status_has(f, "/abe\xcc\x81"));
    tt_app_key(f->app, TT_KEY_BACKSPACE);
    row = status_line(f);
    assert_non_null(strstr(row, "/ab"));
    assert_null(strstr(row, "/abe"));
    free(row);
    stop(f);
    (void)state;
}

/* ---- narrow and short terminals ------------------------------------------ */

/* Column layouts as text ("7 -1 20 8": widths, -1 dropped). */
static void test_columns_fit(void **state)
{
    /* the queue's standard columns: id, priority, status, subject, SLA, updated */
    static const struct tt_col_spec queue[] = {
        {.width = 7, .drop = 5},       {.width = 8, .drop = 10}, {.width = 8, .drop = 20},
        {.width = 0, .min_width = 18}, {.width = 8, .drop = 2},  {.width = 10, .drop = 30},
    };
    static const struct {
        int width;
        const char *want;
    } cases[] = {
        {120, "7 8 8 74 8 10"},   {80, "7 8 8 34 8 10"},     {64, "7 8 8 18 8 10"},
        {63, "7 8 8 28 8 -1"},    {48, "7 8 -1 22 8 -1"},    {40, "7 -1 -1 23 8 -1"},
        {38, "7 -1 -1 21 8 -1"},  {35, "7 -1 -1 18 8 -1"},   {34, "-1 -1 -1 25 8 -1"},
        {27, "-1 -1 -1 18 8 -1"}, {26, "-1 -1 -1 26 -1 -1"}, {18, "-1 -1 -1 18 -1 -1"},
        {5, "-1 -1 -1 5 -1 -1"},  {0, "-1 -1 -1 0 -1 -1"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        int w[6];
        tt_columns_fit(queue, 6, cases[i].width, w);
        char got[64];
        snprintf(got, sizeof got, "%d %d %d %d %d %d", w[0], w[1], w[2], w[3], w[4], w[5]);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("width %d: got \"%s\", want \"%s\"", cases[i].width, got, cases[i].want);
        int used = 0, shown = 0;
        for (int k = 0; k < 6; k++)
            if (w[k] >= 0)
                used += w[k], shown++;
        assert_true(used + (shown > 1 ? shown - 1 : 0) <= cases[i].width);
    }
    /* min_flex: a nice-to-have column shows only while the flexible one keeps
     * that much; kept columns without a flexible one are cut to the width */
    static const struct tt_col_spec extra[] = {{.width = 0, .min_width = 10},
                                               {.width = 16, .drop = 100, .min_flex = 30}};
    static const struct tt_col_spec fixed[] = {{.width = 30}, {.width = 8}};
    int w[2];
    tt_columns_fit(extra, 2, 47, w);
    assert_true(w[0] == 30 && w[1] == 16);
    tt_columns_fit(extra, 2, 46, w);
    assert_true(w[0] == 46 && w[1] == -1);
    tt_columns_fit(fixed, 2, 20, w);
    assert_true(w[0] == 20 && w[1] == -1);
    (void)state;
}

struct narrow {
    struct tu_tui t;
    char *repo;
};

/* 30 tickets with their SLA clocks, their 50 customers scored, a KB. */
static int setup_narrow(void **state)
{
    struct narrow *f = xcalloc(1, sizeof *f);
    tu_tui_open(&f->t, NOW_ISO);
    struct tt_err err;
    if (tu_tui_seed(f->t.st, 30, f->t.now, 0, &err) < 0)
        fail_msg("%s", err.msg);
    struct tt_health_config cfg;
    tt_health_config_default(&cfg);
    struct tt_health_update_stats hs;
    if (tt_store_health_update(f->t.st, &cfg, f->t.now, &hs, &err) < 0)
        fail_msg("%s", err.msg);
    tt_health_config_clear(&cfg);
    f->repo = tu_kb_repo_indexed(f->t.st, f->t.dir);
    *state = f;
    return 0;
}

static int teardown_narrow(void **state)
{
    struct narrow *f = *state;
    tu_tui_close(&f->t);
    tt_kb_search_cache_reset();
    free(f->repo);
    free(f);
    return 0;
}

/* The seed's subjects and customer names as drawn, each cut to `cols` cells
 * (what a readable column shows at least). */
static bool row_shows_one_of(const char *row, const char *const *texts, size_t n, int cols)
{
    for (size_t i = 0; i < n; i++) {
        char *clean = tt_sanitize(texts[i], 0);
        size_t len = tt_text_fit(clean, cols, NULL);
        clean[len] = '\0';
        bool hit = strstr(row, clean) != NULL;
        free(clean);
        if (hit)
            return true;
    }
    return false;
}

/* Every list screen at 120 down to 20 columns and 24, 20 and 12 rows: no row
 * wider than the screen, and each list row keeps its subject (or name, or
 * title) readable: at least 16 cells of it, or the whole width less the
 * margins.  Below 50 columns the queue's subject used to shrink to "…". */
static void test_list_screens_narrow(void **state)
{
    struct narrow *f = *state;
    static const int widths[] = {120, 100, 80, 60, 50, 40, 30, 20};
    static const int heights[] = {24, 20, 12};
    static const char *const screens[] = {"queue", "breaching", "health", "kb"};
    char names[TU_TUI_SEED_CUSTOMERS][64];
    const char *name_ptrs[TU_TUI_SEED_CUSTOMERS];
    for (int i = 0; i < TU_TUI_SEED_CUSTOMERS; i++) {
        tu_tui_seed_customer_name(i, names[i], sizeof names[i]);
        name_ptrs[i] = names[i];
    }
    for (size_t si = 0; si < TT_ARRAY_LEN(screens); si++)
        for (size_t hi = 0; hi < TT_ARRAY_LEN(heights); hi++)
            for (size_t wi = 0; wi < TT_ARRAY_LEN(widths); wi++) {
                int rows = heights[hi], cols = widths[wi];
                tu_tui_start(&f->t, rows, cols);
                if (tt_streq(screens[si], "breaching"))
                    tt_app_keys(f->t.app, ":breaching all\n");
                else if (tt_streq(screens[si], "health"))
                    tt_app_keys(f->t.app, ":health\n");
                else if (tt_streq(screens[si], "kb"))
                    tt_app_keys(f->t.app, ":kb\nrefund\n");
                char *dump = tu_tui_render(&f->t);
                int want = cols - 4 < 16 ? cols - 4 : 16;
                int list_rows = 0;
                for (int y = 0; y < rows; y++) {
                    char *row = tt_canvas_row(f->t.c, y);
                    if (tt_text_width(row) > cols)
                        fail_msg("%s %dx%d: row %d is wider than the screen:\n%s", screens[si],
                                 cols, rows, y, dump);
                    /* the list rows: after the info and header rows, before
                     * the status line (health: before its detail pane) */
                    bool body = y >= 3 && y < rows - 1 && row[0];
                    if (tt_streq(screens[si], "health") && strstr(dump, "\xe2\x94\x80")) {
                        const char *rule = strstr(dump, "\xe2\x94\x80\xe2\x94\x80");
                        int rule_y = 0;
                        for (const char *p = dump; p < rule; p++)
                            rule_y += *p == '\n';
                        body = body && y < rule_y;
                    }
                    if (tt_streq(screens[si], "kb"))
                        body = y == 3 && row[0]; /* the first result's title */
                    bool ok = true;
                    if (body && tt_streq(screens[si], "health"))
                        ok = row_shows_one_of(row, name_ptrs, TU_TUI_SEED_CUSTOMERS, want);
                    else if (body && tt_streq(screens[si], "kb"))
                        ok = row_shows_one_of(row, (const char *const[]){"How to request a refund"},
                                              1, want);
                    else if (body)
                        ok = row_shows_one_of(row, tu_tui_seed_subjects, tu_tui_seed_n_subjects,
                                              want);
                    if (!ok)
                        fail_msg("%s %dx%d: row %d shows less than %d cells of its text:\n%s",
                                 screens[si], cols, rows, y, want, dump);
                    list_rows += body;
                    free(row);
                }
                /* a short terminal still lists rows (health: its detail pane
                 * gives way) */
                if (list_rows < (rows >= 20 ? 5 : 1) && !tt_streq(screens[si], "kb"))
                    fail_msg("%s %dx%d: %d list rows:\n%s", screens[si], cols, rows, list_rows,
                             dump);
                free(dump);
                tt_app_free(f->t.app);
                tt_canvas_free(f->t.c);
                f->t.app = NULL;
                f->t.c = NULL;
            }
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_cap),
        cmocka_unit_test(test_ctrl_c_cancels_prompts),
        cmocka_unit_test(test_ctrl_c_asks_before_quitting),
        cmocka_unit_test(test_ctrl_c_in_help),
        cmocka_unit_test(test_prompt_backspace_cluster),
        cmocka_unit_test(test_columns_fit),
        cmocka_unit_test_setup_teardown(test_list_screens_narrow, setup_narrow, teardown_narrow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
