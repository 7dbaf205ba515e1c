/*
 * tui_fixture.c: the console's headless test fixture (see tui_fixture.h).
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tui_fixture.h"
#include "ticketty/store.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

void tu_tui_open(struct tu_tui *t, const char *now_iso)
{
    memset(t, 0, sizeof *t);
    if (now_iso) {
        setenv("TICKETTY_NOW", now_iso, 1);
        t->now_set = true;
        assert_int_equal(tt_time_parse(now_iso, &t->now, NULL), 0);
    }
    t->dir = tu_tmpdir();
    t->db = xasprintf("%s/t.db", t->dir);
    struct tt_err err;
    t->st = tt_store_open(t->db, &err);
    if (!t->st)
        fail_msg("%s", err.msg);
}

void tu_tui_start(struct tu_tui *t, int rows, int cols)
{
    struct tt_err err;
    struct tt_app_opts o = {.store = t->st, .rows = rows, .cols = cols};
    t->app = tt_app_new(&o, &err);
    if (!t->app)
        fail_msg("%s", err.msg);
    t->c = tt_canvas_new(1, 1);
}

void tu_tui_close(struct tu_tui *t)
{
    tt_app_free(t->app);
    tt_canvas_free(t->c);
    tt_store_close(t->st);
    tu_rmtree(t->dir);
    free(t->dir);
    free(t->db);
    if (t->now_set)
        unsetenv("TICKETTY_NOW");
    memset(t, 0, sizeof *t);
}

int tu_tui_teardown(void **state)
{
    tu_tui_close(*state);
    free(*state);
    return 0;
}

char *tu_tui_render(struct tu_tui *t)
{
    tt_app_render(t->app, t->c);
    return tt_canvas_dump(t->c);
}
