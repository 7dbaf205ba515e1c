/*
 * test_tui_screens.c: golden-screen tests of the console: the queue and the
 * ticket screen rendered to memory from a real SQLite file, driven by keys.
 * Golden files live in tests/golden/; TT_UPDATE_GOLDEN=1 rewrites them.
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
#include "ticketty/store_sla.h"
#include "ticketty/util.h"

#define NOW_ISO "2026-05-04T12:00:00Z"

static int setup_n(void **state, int64_t n)
{
    struct tu_tui *f = xcalloc(1, sizeof *f);
    tu_tui_open(f, NOW_ISO);
    struct tt_err err;
    if (n > 0 && tu_tui_seed(f->st, n, f->now, 0, &err) < 0)
        fail_msg("%s", err.msg);
    tu_tui_start(f, 24, 100);
    *state = f;
    return 0;
}

static int setup(void **state)
{
    return setup_n(state, 30);
}

static int setup_empty(void **state)
{
    return setup_n(state, 0);
}

/* Every byte printable (or newline), valid UTF-8, every row within the width. */
static void assert_clean(const struct tt_canvas *c, const char *dump)
{
    for (const unsigned char *p = (const unsigned char *)dump; *p; p++)
        if (*p != '\n' && (*p < 0x20 || *p == 0x7f))
            fail_msg("control byte 0x%02x in the screen", *p);
    assert_null(strstr(dump, "\xc2\x9b")); /* C1 CSI */
    for (int y = 0; y < c->rows; y++) {
        char *row = tt_canvas_row(c, y);
        char *clean = tt_sanitize(row, 0);
        assert_string_equal(row, clean); /* nothing the sanitiser would change */
        assert_true(tt_text_width(row) <= c->cols);
        free(clean);
        free(row);
    }
}

static void golden(const char *name, const char *got)
{
    char *path = xasprintf("%s/tests/golden/%s", tu_repo_root(), name);
    const char *upd = getenv("TT_UPDATE_GOLDEN");
    if (upd && *upd) {
        FILE *fp = fopen(path, "w");
        assert_non_null(fp);
        fputs(got, fp);
        fclose(fp);
    }
    struct tt_err err;
    size_t len;
    char *want = tt_read_file(path, &len, &err);
    if (!want)
        fail_msg("%s (run with TT_UPDATE_GOLDEN=1 to create it)", err.msg);
    if (strcmp(want, got) != 0)
        fail_msg("screen differs from %s:\n--- want\n%s--- got\n%s", path, want, got);
    free(want);
    free(path);
}

static void test_queue_golden(void **state)
{
    struct tu_tui *f = *state;
    char *s = tu_tui_render(f);
    assert_clean(f->c, s);
    golden("tui_queue_100x24.txt", s);
    /* the cursor row carries the selection role */
    assert_int_equal(f->c->cells[3 * f->c->cols + 5].role, TT_ROLE_SELECTION);
    free(s);
}

static void test_queue_navigation(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":sort updated\n"); /* the default is next breach */
    tt_app_keys(f->app, "jjj");
    free(tu_tui_render(f)); /* draw once so the window is loaded */
    char *s = tu_tui_render(f);
    /* the 4th data row (ticket 4) is selected */
    assert_int_equal(f->c->cells[6 * f->c->cols + 2].role, TT_ROLE_SELECTION);
    assert_int_equal(f->c->cells[3 * f->c->cols + 2].role == TT_ROLE_SELECTION, 0);
    free(s);
    tt_app_key(f->app, TT_KEY_PGDN);
    tt_app_key(f->app, 'G');
    s = tu_tui_render(f);
    assert_non_null(strstr(s, " 30 ")); /* the last ticket is visible */
    assert_non_null(strstr(s, "30 tickets"));
    free(s);
    tt_app_key(f->app, 'g');
    s = tu_tui_render(f);
    char *row = tt_canvas_row(f->c, 3);
    assert_true(tt_has_prefix(row, " 1 "));
    free(row);
    free(s);
}

static void test_ticket_golden(void **state)
{
    struct tu_tui *f = *state;
    tt_app_resize(f->app, 30, 110);
    tt_app_keys(f->app, ":sort updated\njj\n"); /* ticket 3 */
    char *s = tu_tui_render(f);
    assert_clean(f->c, s);
    golden("tui_ticket_110x30.txt", s);
    free(s);
    /* back to the queue, cursor kept */
    tt_app_key(f->app, 'q');
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "Queue"));
    assert_null(strstr(s, "Ticket"));
    assert_int_equal(f->c->cells[5 * f->c->cols + 2].role, TT_ROLE_SELECTION);
    free(s);
    /* q on the queue quits */
    assert_false(tt_app_key(f->app, 'q'));
}

static void test_hostile_text(void **state)
{
    struct tu_tui *f = *state;
    /* ticket 7 has escape sequences in its subject and ticket 8's body */
    tt_app_keys(f->app, ":7\n");
    char *s = tu_tui_render(f);
    assert_clean(f->c, s);
    assert_non_null(strstr(s, "#7  Hostile red subject"));
    free(s);
    tt_app_key(f->app, 'q');
    tt_app_keys(f->app, ":8\n");
    s = tu_tui_render(f);
    assert_clean(f->c, s);
    assert_non_null(strstr(s, "Hello click here  and  bell."));
    assert_null(strstr(s, "evil.example"));
    free(s);
}

static void test_cjk_cut_odd_widths(void **state)
{
    struct tu_tui *f = *state;
    for (int cols = 61; cols <= 101; cols += 3) {
        tt_app_resize(f->app, 24, cols);
        char *s = tu_tui_render(f);
        assert_clean(f->c, s);
        /* ticket 1's organisation is Chinese: never half a character */
        for (int y = 0; y < f->c->rows; y++)
            for (int x = 0; x < f->c->cols; x++) {
                const struct tt_cell *cell = &f->c->cells[y * f->c->cols + x];
                if (cell->w == 2)
                    assert_true(x + 1 < f->c->cols && f->c->cells[y * f->c->cols + x + 1].w == 0);
                if (cell->w == 0)
                    assert_true(x > 0 && f->c->cells[y * f->c->cols + x - 1].w == 2);
            }
        free(s);
    }
    /* and in the ticket screen, wrapped at an odd width */
    tt_app_resize(f->app, 24, 77);
    tt_app_keys(f->app, ":4\n");
    char *s = tu_tui_render(f);
    assert_clean(f->c, s);
    assert_non_null(strstr(s, "导出报表时出现乱码"));
    free(s);
}

static void test_filter_and_commands(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, "/okta");
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "/okta"));
    assert_non_null(strstr(s, "3 tickets")); /* 3, 13, 23 */
    assert_null(strstr(s, "VAT"));
    free(s);
    tt_app_key(f->app, TT_KEY_ENTER);
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "filter: okta"));
    free(s);
    tt_app_key(f->app, 'c');
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "30 tickets"));
    free(s);
    /* Esc in the filter prompt restores the previous filter */
    tt_app_keys(f->app, "/VAT");
    tt_app_key(f->app, TT_KEY_ESC);
    s = tu_tui_render(f);
    assert_null(strstr(s, "filter:"));
    free(s);
    tt_app_keys(f->app, ":sort id\n");
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "sorted by id"));
    free(s);
    tt_app_keys(f->app, ":bogus\n");
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "unknown command ':bogus'"));
    free(s);
    tt_app_keys(f->app, ":ticket 999\n");
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "no ticket 999"));
    free(s);
    tt_app_keys(f->app, ":ticket 12\n");
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "#12  Invoice shows the wrong VAT number"));
    free(s);
    tt_app_key(f->app, '?');
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "Ticket screen"));
    assert_non_null(strstr(s, "scroll down"));
    free(s);
    tt_app_keys(f->app, ":q\n");
    assert_false(tt_app_running(f->app));
}

static void test_resize_ticket(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, "\n");
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "Customer"));
    free(s);
    tt_app_resize(f->app, 20, 60); /* too narrow for the side panel */
    s = tu_tui_render(f);
    assert_clean(f->c, s);
    assert_null(strstr(s, "Customer"));
    assert_int_equal(f->c->cols, 60);
    free(s);
    tt_app_key(f->app, 'G');
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "ten minutes."));
    free(s);
}

static void test_empty_queue(void **state)
{
    struct tu_tui *f = *state;
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "0 tickets"));
    assert_non_null(strstr(s, "No tickets yet"));
    free(s);
    tt_app_keys(f->app, "jjG\n");
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "no ticket here"));
    free(s);
}

static bool slot_text(struct tt_app *app, char *buf, size_t size, enum tt_role *role)
{
    snprintf(buf, size, "sync: ok");
    return true;
}

static void test_status_slots(void **state)
{
    struct tu_tui *f = *state;
    tt_app_status_set(f->app, "outbox", TT_ROLE_STATUS_LINE, "outbox: 2 \x1b[31mpending");
    char *s = tu_tui_render(f);
    char *last = tt_canvas_row(f->c, f->c->rows - 1);
    assert_non_null(strstr(last, "outbox: 2 pending"));
    free(last);
    free(s);
    tt_app_status_set(f->app, "outbox", TT_ROLE_STATUS_LINE, NULL);
    s = tu_tui_render(f);
    last = tt_canvas_row(f->c, f->c->rows - 1);
    assert_null(strstr(last, "outbox"));
    free(last);
    free(s);
    (void)slot_text;
}

/* What another connection (sync) writes shows up at the next tick. */
static void test_tick_reload(void **state)
{
    struct tu_tui *f = *state;
    struct tt_err err;
    struct tt_store *other = tt_store_open(f->db, &err);
    assert_non_null(other);
    tt_app_keys(f->app, ":sort updated\n"); /* newest first: the synced ticket on top */
    char *s = tu_tui_render(f);
    free(s);
    struct tt_account acct;
    assert_int_equal(tt_store_account_get(other, "local", &acct, &err), 1);
    int64_t now = tt_now();
    struct tt_ticket t = {.account_id = acct.id,
                          .external_id = "NEW-1",
                          .subject = "Fresh from sync",
                          .status = TT_STATUS_NEW,
                          .priority = TT_PRIORITY_URGENT,
                          .created_at = now,
                          .updated_at = now};
    int64_t id;
    assert_int_equal(tt_store_ticket_upsert(other, &t, &id, &err), 0);
    assert_int_equal(tt_sla_refresh_pending(other, NULL, &err), 0); /* as sync does */
    s = tu_tui_render(f);
    assert_null(strstr(s, "Fresh from sync")); /* not before the tick */
    free(s);
    tt_app_key(f->app, TT_KEY_TICK);
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "Fresh from sync"));
    free(s);
    /* the cursor stayed on the ticket it was on (now second): g goes up to
     * the new one; the ticket screen re-reads its conversation */
    tt_app_keys(f->app, "g\n");
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "(no conversation yet)"));
    free(s);
    struct tt_event e = {.ticket_id = id,
                         .at = now + 1,
                         .type = TT_EV_COMMENT,
                         .author_role = TT_AUTHOR_END_USER,
                         .author = "Sam",
                         .public = true,
                         .body = "Any news?"};
    assert_int_equal(tt_store_event_add(other, &e, NULL, &err), 0);
    tt_app_key(f->app, TT_KEY_TICK);
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "Any news?"));
    assert_non_null(strstr(s, "Ticket #31"));
    free(s);
    tt_account_clear(&acct);
    tt_store_close(other);
}

static bool always(void *arg)
{
    (*(int *)arg)++;
    return true;
}

/* The queue's long reads give way to a waiting key: the store stops them. */
static void test_store_interrupt(void **state)
{
    struct tu_tui *f = *state;
    int calls = 0;
    struct tt_ticket_filter flt;
    tt_ticket_filter_init(&flt);
    flt.text = "no such words anywhere";
    struct tt_ticket *list;
    size_t n;
    struct tt_err err;
    tt_store_set_interrupt(f->st, always, &calls);
    /* enough rows that the progress handler runs */
    int64_t cnt;
    int rc = tt_store_ticket_count(f->st, &flt, &cnt, &err);
    assert_true(calls > 0);
    assert_int_equal(rc, -1);
    assert_true(tt_store_was_interrupted(f->st));
    assert_false(tt_store_was_interrupted(f->st)); /* reported once */
    tt_store_set_interrupt(f->st, NULL, NULL);
    assert_int_equal(tt_store_ticket_list(f->st, &flt, 0, 10, &list, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_false(tt_store_was_interrupted(f->st));
    tt_ticket_list_free(list, n);
}

/* The text filter: case-insensitive substring of subject, requester or
 * organisation, or the external id; % and _ are literal. */
static void test_filter_text(void **state)
{
    struct tu_tui *f = *state;
    static const struct {
        const char *text;
        size_t want;
    } cases[] = {
        {"okta", 3},     {"OKTA", 3}, {"导出报表", 3}, {"person 21", 1},
        {"北京数据", 1}, {"T17", 1},  {"%", 0},        {"_", 0},
        {"o_ta", 0},     {"\\", 0},   {"org 0", 4},    {"nothing", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tt_ticket_filter flt;
        tt_ticket_filter_init(&flt);
        flt.text = cases[i].text;
        struct tt_ticket *list;
        size_t n;
        struct tt_err err;
        assert_int_equal(tt_store_ticket_list(f->st, &flt, 0, -1, &list, &n, &err), 0);
        int64_t cnt;
        assert_int_equal(tt_store_ticket_count(f->st, &flt, &cnt, &err), 0);
        if (n != cases[i].want || (size_t)cnt != n)
            fail_msg("filter '%s': %zu listed, %lld counted, want %zu", cases[i].text, n,
                     (long long)cnt, cases[i].want);
        tt_ticket_list_free(list, n);
    }
}

/* A change event too long for the conversation wraps like a comment's text:
 * the first line at the margin, every continuation 2 columns in (a hanging
 * indent), so the next event's start stands out. */
static void test_event_hanging_indent(void **state)
{
    struct tu_tui *f = *state;
    struct tt_err err;
    struct tt_event e = {.ticket_id = 1,
                         .at = f->now,
                         .type = TT_EV_STATUS,
                         .author_role = TT_AUTHOR_AGENT,
                         .author = "Maximiliana Wrapsalot-Continuation of the Night Shift Desk",
                         .old_value = "open",
                         .new_value = "pending"};
    assert_int_equal(tt_store_event_add(f->st, &e, NULL, &err), 0);
    tt_app_resize(f->app, 30, 60); /* no side column: the conversation is 58 wide */
    tt_app_keys(f->app, ":sort id\n\n");
    tt_app_key(f->app, 'G');
    char *s = tu_tui_render(f);
    assert_clean(f->c, s);
    int head = -1;
    for (int y = 0; y < f->c->rows && head < 0; y++) {
        char *row = tt_canvas_row(f->c, y);
        if (strstr(row, "status: open \xe2\x86\x92 pending"))
            head = y;
        free(row);
    }
    if (head < 0)
        fail_msg("no status event on the screen:\n%s", s);
    char *first = tt_canvas_row(f->c, head);
    assert_true(tt_has_prefix(first, " 2026-")); /* at the margin (column 1) */
    int cont = 0;
    for (int y = head + 1; y < f->c->rows; y++) {
        char *row = tt_canvas_row(f->c, y);
        bool more = tt_has_prefix(row, "   ") && row[3] != ' ';
        if (more) {
            cont++;
            assert_true(tt_text_width(row) <= 58 + 1);
        }
        free(row);
        if (!more)
            break;
    }
    if (cont < 1) {
        fputs(s, stderr);
        fail_msg("the event's continuation is not indented by 2 (screen above)");
    }
    char *last = tt_canvas_row(f->c, head + cont);
    assert_non_null(strstr(last, "Shift Desk)"));
    free(last);
    free(first);
    free(s);
}

static int setup_big(void **state)
{
    return setup_n(state, 3000);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_queue_golden, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_queue_navigation, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_ticket_golden, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_hostile_text, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_cjk_cut_odd_widths, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_filter_and_commands, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_resize_ticket, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_empty_queue, setup_empty, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_status_slots, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_store_interrupt, setup_big, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_filter_text, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_tick_reload, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_event_hanging_indent, setup, tu_tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
