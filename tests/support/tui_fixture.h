/*
 * tui_fixture.h: the console's headless test fixture shared by the TUI suites:
 * a temporary directory with a real SQLite file, a tt_app on it and a canvas
 * to render into, with TICKETTY_NOW pinned for reproducible screens.
 */
#ifndef TICKETTY_TEST_TUI_FIXTURE_H
#define TICKETTY_TEST_TUI_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

struct tt_store;
struct tt_app;
struct tt_canvas;

struct tu_tui {
    char *dir, *db; /* temporary dir (removed by close) and dir/t.db */
    struct tt_store *st;
    struct tt_app *app; /* NULL until tu_tui_start */
    struct tt_canvas *c;
    int64_t now;  /* now_iso as Unix seconds; 0 without one */
    bool now_set; /* open set TICKETTY_NOW; close unsets it */
};

/* Zero t, make a temporary dir and open the store dir/t.db.  With now_iso,
 * set TICKETTY_NOW to it and parse it into t->now.  Seed t->st, then call
 * tu_tui_start.  Fails the test on error. */
void tu_tui_open(struct tu_tui *t, const char *now_iso);
/* The console on t->st at rows x cols (built-in config and theme), and a
 * 1x1 canvas that rendering resizes.  Fails the test on error. */
void tu_tui_start(struct tu_tui *t, int rows, int cols);
/* Free the app, canvas and store, remove the dir, free the paths, unset
 * TICKETTY_NOW if open set it.  t itself is not freed. */
void tu_tui_close(struct tu_tui *t);
/* For cmocka: *state is a heap struct tu_tui; close and free it. */
int tu_tui_teardown(void **state);
/* Render the app into t->c; the screen as text (heap, one line per row). */
char *tu_tui_render(struct tu_tui *t);

#endif
