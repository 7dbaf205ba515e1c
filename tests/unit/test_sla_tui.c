/*
 * test_sla_tui.c: the SLA parts of the console rendered to memory: the queue's
 * SLA column (states as theme roles, ticking with the clock), the ticket
 * screen's SLA panel, the "Breaching soon" screen and the status-line count.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tui_fixture.h"
#include "tui_seed.h"
#include "ticketty/store_sla.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

#define NOW_ISO "2026-05-04T12:00:00Z"

static int setup(void **state)
{
    setlocale(LC_ALL, "C.UTF-8");
    struct tu_tui *f = xcalloc(1, sizeof *f);
    tu_tui_open(f, NOW_ISO);
    struct tt_err err;
    if (tu_tui_seed(f->st, 30, f->now, 0, &err) < 0)
        fail_msg("%s", err.msg);
    tu_tui_start(f, 24, 110);
    *state = f;
    return 0;
}

/* Row y of the screen that starts with " ID " and the role at column x. */
static int find_row(struct tu_tui *f, int64_t id)
{
    char want[32];
    snprintf(want, sizeof want, " %lld ", (long long)id);
    for (int y = 0; y < f->c->rows; y++) {
        char *row = tt_canvas_row(f->c, y);
        bool hit = tt_has_prefix(row, want);
        free(row);
        if (hit)
            return y;
    }
    return -1;
}

/* The SLA column's text and role for ticket id. */
static enum tt_role sla_cell(struct tu_tui *f, int64_t id, char *text, size_t size)
{
    char *hdr = tt_canvas_row(f->c, 2);
    char *p = strstr(hdr, "SLA");
    assert_non_null(p);
    int x = (int)(p - hdr); /* the header is ASCII: bytes = columns */
    free(hdr);
    int y = find_row(f, id);
    if (y < 0)
        fail_msg("ticket %lld not on screen", (long long)id);
    size_t n = 0;
    for (int i = x; i < x + 8 && n + 8 < size; i++) {
        const char *ch = f->c->cells[y * f->c->cols + i].ch;
        if (*ch == ' ' && n)
            break;
        size_t l = strlen(ch);
        memcpy(text + n, ch, l);
        n += l;
    }
    text[n] = 0;
    return (enum tt_role)f->c->cells[y * f->c->cols + x].role;
}

static void test_column_states_and_ticking(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, "j"); /* the selection off the first row */
    free(tu_tui_render(f));
    char s[64];
    /* the seed's tickets under the built-in policies, at 12:00 */
    static const struct {
        int64_t id;
        const char *text;
        enum tt_role role;
    } cases[] = {
        {15, "-2h30m", TT_ROLE_SLA_BREACHED}, /* urgent, 4 h resolution long gone */
        {7, "50m", TT_ROLE_SLA_OK},
        {1, "21h50m", TT_ROLE_SLA_OK},
        {2,
         "\xe2\x80\x96"
         "2h00m",
         TT_ROLE_SLA_PAUSED},    /* pending: 2 h left, paused */
        {4, "-", TT_ROLE_MUTED}, /* solved: no clock */
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        enum tt_role r = sla_cell(f, cases[i].id, s, sizeof s);
        if (strcmp(s, cases[i].text) != 0 || r != cases[i].role)
            fail_msg("ticket %lld: \"%s\" role %d, want \"%s\" role %d", (long long)cases[i].id, s,
                     r, cases[i].text, cases[i].role);
    }
    /* 40 minutes later ticket 7 (urgent) is within its 30-minute warning... */
    setenv("TICKETTY_NOW", "2026-05-04T12:40:00Z", 1);
    tt_app_key(f->app, TT_KEY_TICK);
    free(tu_tui_render(f));
    assert_int_equal(sla_cell(f, 7, s, sizeof s), TT_ROLE_SLA_WARNING);
    assert_string_equal(s, "10m");
    /* ...and breached ten minutes after that, with nothing recomputed */
    setenv("TICKETTY_NOW", "2026-05-04T13:00:00Z", 1);
    tt_app_key(f->app, TT_KEY_TICK);
    char *dump = tu_tui_render(f);
    assert_int_equal(sla_cell(f, 7, s, sizeof s), TT_ROLE_SLA_BREACHED);
    assert_string_equal(s, "-10m");
    char *status = tt_canvas_row(f->c, f->c->rows - 1);
    if (!strstr(status, "SLA 6 breached, 0 warning"))
        fail_msg("status line: %s", status);
    free(status);
    free(dump);
}

static void test_breaching_screen(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":breaching 2h\n");
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "Breaching soon (2h00m)"));
    assert_non_null(strstr(s, "7 tickets  4 breached  next breach within 2h00m"));
    /* soonest first: the breached ones lead */
    char *row = tt_canvas_row(f->c, 3);
    assert_true(tt_has_prefix(row, " -2h30m   15 "));
    free(row);
    free(s);
    tt_app_keys(f->app, "w"); /* 4h */
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "next breach within 4h00m"));
    free(s);
    tt_app_keys(f->app, "\n"); /* open the first */
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "Ticket #15"));
    assert_non_null(strstr(s, "SLA")); /* the panel */
    assert_non_null(strstr(s, "resolution    -2h30m"));
    free(s);
    tt_app_keys(f->app, "qq"); /* back to the queue: B opens it with 4 h */
    tt_app_keys(f->app, "B");
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "Breaching soon (4h00m)"));
    free(s);
    tt_app_keys(f->app, ":breaching soon\n");
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "'soon' is not a window"));
    free(s);
}

static void test_panel_states(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":ticket 2\n"); /* pending: resolution paused */
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "policy        enterprise"));
    assert_non_null(strstr(s, "next reply    met"));
    assert_non_null(strstr(s, "first reply   met"));
    assert_non_null(strstr(s, "resolution    2h00m paused (pending)"));
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_column_states_and_ticking, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_breaching_screen, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_panel_states, setup, tu_tui_teardown),
    };
    return cmocka_run_group_tests_name("sla_tui", tests, NULL, NULL);
}
