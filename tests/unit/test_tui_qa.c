/*
 * test_tui_qa.c: regressions found by driving the console as an agent would
 * (a QA pass over the full-screen console): each test reproduces one defect
 * on a real SQLite file through the headless app.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tui_fixture.h"
#include "tui_seed.h"
#include "ticketty/store_sla.h"
#include "ticketty/store_sync.h"
#include "ticketty/text.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

#define NOW_ISO "2026-05-04T12:00:00Z"

/* 30 local tickets (1..30), then ticket 31 of a helpdesk account, which the
 * outbox accepts writes for. */
static int setup(void **state)
{
    struct tu_tui *f = xcalloc(1, sizeof *f);
    tu_tui_open(f, NOW_ISO);
    struct tt_err err;
    if (tu_tui_seed(f->st, 30, f->now, 0, &err) < 0)
        fail_msg("%s", err.msg);
    int64_t acct, id;
    if (tt_store_account_upsert(f->st, "acme", "zendesk", "https://acme.zendesk.com", &acct, &err) <
        0)
        fail_msg("%s", err.msg);
    struct tt_ticket t = {.account_id = acct,
                          .external_id = "501",
                          .subject = "Refund for a double charge",
                          .description = "I was charged twice.",
                          .status = TT_STATUS_OPEN,
                          .priority = TT_PRIORITY_NORMAL,
                          .created_at = f->now - 3600,
                          .updated_at = f->now - 3600};
    if (tt_store_ticket_upsert(f->st, &t, &id, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(id, 31);
    tu_tui_start(f, 24, 100);
    *state = f;
    return 0;
}

/* The payload of the newest outbox item of `kind` (heap), or NULL. */
static char *last_payload(struct tu_tui *f, const char *kind)
{
    struct tt_outbox_item *l;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_outbox_list(f->st, 0, true, &l, &n, &err), 0);
    char *got = NULL;
    int64_t best = 0;
    for (size_t i = 0; i < n; i++)
        if (tt_streq(l[i].kind, kind) && l[i].id > best) {
            best = l[i].id;
            free(got);
            got = xstrdup(l[i].payload);
        }
    tt_outbox_list_free(l, n);
    return got;
}

/* `:reply TEXT` and `:note TEXT` queue the whole text, however many words
 * (the command line used to keep only the first 15 words after the verb). */
static void test_command_keeps_every_word(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":ticket 31\n");
    const char *text = "one two three four five six seven eight nine ten eleven twelve "
                       "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty";
    char *line = xasprintf(":reply %s\n", text);
    tt_app_keys(f->app, line);
    free(line);
    char *got = last_payload(f, "reply");
    assert_non_null(got);
    assert_string_equal(got, text);
    free(got);
    line = xasprintf(":note %s and more\n", text);
    tt_app_keys(f->app, line);
    free(line);
    got = last_payload(f, "note");
    assert_non_null(got);
    assert_non_null(strstr(got, "twenty and more"));
    free(got);
    /* the queue filter takes every word too */
    tt_app_keys(f->app, "q:filter a b c d e f g h i j k l m n o p q r s t okta\n");
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "filter: a b c d e f g h i j k l m n o p q r s t okta"));
    free(s);
}

/* The role of the cell where `text` starts on row y (-1 when absent). */
static int role_at(const struct tt_canvas *c, int y, const char *text)
{
    char *row = tt_canvas_row(c, y);
    char *hit = strstr(row, text);
    int col = -1;
    if (hit) {
        *hit = '\0';
        col = tt_text_width(row);
    }
    free(row);
    return col < 0 ? -1 : c->cells[(size_t)y * (size_t)c->cols + (size_t)col].role;
}

/* Status-line slots are drawn in the role they pick: a breached SLA count
 * and a failed outbox stand out (they were all drawn as plain status line). */
static void test_status_slot_roles(void **state)
{
    struct tu_tui *f = *state;
    tt_app_resize(f->app, 24, 160);
    tt_app_status_set(f->app, "outbox", TT_ROLE_ERROR, "outbox: 1 failed");
    char *s = tu_tui_render(f);
    int last = f->c->rows - 1;
    assert_int_equal(role_at(f->c, last, "SLA 4 breached"), TT_ROLE_SLA_BREACHED);
    assert_int_equal(role_at(f->c, last, "outbox: 1 failed"), TT_ROLE_ERROR);
    assert_int_equal(role_at(f->c, last, " | "), TT_ROLE_STATUS_LINE);
    assert_int_equal(role_at(f->c, last, "? help"), TT_ROLE_STATUS_LINE);
    free(s);
    /* too long for half the line: cut with an ellipsis, within the width */
    tt_app_status_set(f->app, "outbox", TT_ROLE_ERROR,
                      "outbox: 1 failed and a very long explanation that cannot fit at all "
                      "in half of a hundred and sixty columns, not even close to fitting in it");
    s = tu_tui_render(f);
    char *row = tt_canvas_row(f->c, last);
    assert_non_null(strstr(row, "\xe2\x80\xa6"));
    assert_true(tt_text_width(row) <= f->c->cols);
    assert_int_equal(role_at(f->c, last, "outbox: 1 failed"), TT_ROLE_ERROR);
    free(row);
    free(s);
}

/* What a screen on top wrote shows on the screen below when it is back: the
 * triage panel of the ticket after an override (it kept "suggested" and
 * offered A accept), the queue after the ticket screen accepted triage. */
static void test_screen_below_sees_writes(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":ticket 31\n");
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "suggested"));
    free(s);
    tt_app_key(f->app, 'O');
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "Override the triage of ticket 31"));
    free(s);
    tt_app_key(f->app, TT_KEY_ENTER);
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "recorded:"));
    free(s);
    tt_app_key(f->app, 'q');
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "Ticket #31"));
    assert_non_null(strstr(s, "overridden"));
    assert_null(strstr(s, "suggested"));
    free(s);
}

/* The scroll position of a long conversation is shown on the rule above it;
 * it used to be drawn over the end of the last visible line, hiding text. */
static void test_scroll_percent_hides_no_text(void **state)
{
    struct tu_tui *f = *state;
    struct tt_buf b = {0};
    for (int i = 0; i < 400; i++)
        tt_buf_printf(&b, "w%03d ", i);
    struct tt_event e = {.ticket_id = 31,
                         .at = f->now - 60,
                         .type = TT_EV_COMMENT,
                         .author_role = TT_AUTHOR_END_USER,
                         .author = "Sam",
                         .public = true,
                         .body = (char *)tt_buf_str(&b)};
    struct tt_err err;
    assert_int_equal(tt_store_event_add(f->st, &e, NULL, &err), 0);
    tt_app_keys(f->app, ":ticket 31\n");
    char *s = tu_tui_render(f);
    /* rows: title, 4 header rows, the rule (row 5), the conversation */
    char *rule = tt_canvas_row(f->c, 5);
    assert_non_null(strstr(rule, "%"));
    free(rule);
    char *last = tt_canvas_row(f->c, f->c->rows - 2);
    assert_null(strstr(last, "%"));
    /* the line is whole: it ends with a complete word, as wrapped */
    char *bar = strstr(last, "\xe2\x94\x82"); /* the side column's border */
    assert_non_null(bar);
    *bar = '\0';
    size_t n = strlen(last);
    while (n > 0 && last[n - 1] == ' ')
        last[--n] = '\0';
    assert_true(n >= 4);
    assert_true(last[n - 4] == 'w' && strspn(last + n - 3, "0123456789") == 3);
    free(last);
    free(s);
    tt_buf_free(&b);
}

/* K on a ticket whose subject holds escape sequences: the KB search and its
 * prompt get the sanitised subject (the prompt showed "[31;1mRED..."). */
static void test_kb_from_hostile_subject(void **state)
{
    struct tu_tui *f = *state;
    struct tt_err err;
    int64_t acct, id;
    assert_int_equal(
        tt_store_account_upsert(f->st, "acme", "zendesk", "https://acme.zendesk.com", &acct, &err),
        0);
    struct tt_ticket t = {.account_id = acct,
                          .external_id = "502",
                          .subject = "\x1b[31;1mRED ALERT\x1b[0m login \x1b]0;pwned\x07"
                                     "broken",
                          .status = TT_STATUS_OPEN,
                          .priority = TT_PRIORITY_NORMAL,
                          .created_at = f->now - 60,
                          .updated_at = f->now - 60};
    assert_int_equal(tt_store_ticket_upsert(f->st, &t, &id, &err), 0);
    char *cmd = xasprintf(":ticket %lld\n", (long long)id);
    tt_app_keys(f->app, cmd);
    free(cmd);
    tt_app_key(f->app, 'K');
    char *s = tu_tui_render(f);
    char *last = tt_canvas_row(f->c, f->c->rows - 1);
    assert_non_null(strstr(last, "/RED ALERT login broken"));
    assert_null(strstr(last, "[31"));
    assert_null(strstr(s, "[0m"));
    assert_null(strstr(s, "pwned"));
    free(last);
    free(s);
    /* the `s` key's command prompt keeps its trailing blank */
    tt_app_key(f->app, TT_KEY_ESC);
    tt_app_key(f->app, 'q');
    tt_app_key(f->app, 's');
    s = tu_tui_render(f);
    last = tt_canvas_row(f->c, f->c->rows - 1);
    assert_non_null(strstr(last, ":status"));
    free(last);
    free(s);
    tt_app_keys(f->app, "pending\n"); /* ticket 31 is open: open would change nothing */
    char *got = last_payload(f, "status");
    assert_non_null(got);
    assert_string_equal(got, "pending");
    free(got);
}

/* A message is shown whole when it fits the line: the status-line slots
 * give way (the editor's error naming the kept draft was cut at half). */
static void test_message_before_slots(void **state)
{
    struct tu_tui *f = *state;
    tt_app_resize(f->app, 24, 140);
    tt_app_status_set(f->app, "outbox", TT_ROLE_ERROR, "outbox: 1 failed");
    const char *msg = "the editor (false) failed; the draft is kept in "
                      "/tmp/ticketty-AbCdEf.txt (and a few more words)";
    tt_app_message(f->app, TT_ROLE_ERROR, "%s", msg);
    char *s = tu_tui_render(f);
    char *last = tt_canvas_row(f->c, f->c->rows - 1);
    assert_non_null(strstr(last, msg));
    assert_true(tt_text_width(last) <= f->c->cols);
    free(last);
    free(s);
    /* after the next key the slots are back in full */
    tt_app_key(f->app, 'j');
    s = tu_tui_render(f);
    last = tt_canvas_row(f->c, f->c->rows - 1);
    assert_non_null(strstr(last, "outbox: 1 failed"));
    free(last);
    free(s);
}

/* w on the breaching screen widens the window, also from a custom one
 * (`:breaching 6h` then w went back to 4h, and 30m skipped 1h). */
static void test_breaching_w_widens(void **state)
{
    struct tu_tui *f = *state;
    static const struct {
        const char *open, *after_w;
    } cases[] = {
        {"6h", "(8h00m)"}, {"30m", "(1h00m)"}, {"4h", "(8h00m)"},
        {"1d", "(all)"},   {"2d", "(all)"},    {"all", "(1h00m)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *cmd = xasprintf(":breaching %s\n", cases[i].open);
        tt_app_keys(f->app, cmd);
        free(cmd);
        tt_app_key(f->app, 'w');
        char *s = tu_tui_render(f);
        char *title = tt_canvas_row(f->c, 0);
        if (!strstr(title, cases[i].after_w))
            fail_msg(":breaching %s then w: title '%s', want %s", cases[i].open, title,
                     cases[i].after_w);
        free(title);
        free(s);
        tt_app_key(f->app, 'q');
    }
}

/* A ticket number that is not one gets the usage, not a lookup of another
 * number ("no ticket 9223372036854775807", "no ticket #0"). */
static void test_ticket_number_arguments(void **state)
{
    struct tu_tui *f = *state;
    static const struct {
        const char *cmd, *want;
    } cases[] = {
        {":ticket 99999999999999999999\n", "usage: :ticket N"},
        {":99999999999999999999\n", "usage: :ticket N"},
        {":triage 99999999999999999999\n", "usage: :triage N"},
        {":kb #abc\n", "usage: :kb #N"},
        {":kb #\n", "usage: :kb #N"},
        {":kb #99999999999999999999\n", "usage: :kb #N"},
        {":kb #12x\n", "usage: :kb #N"},
        {":kb #999 \n", "no ticket #999"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tt_app_keys(f->app, cases[i].cmd);
        char *s = tu_tui_render(f);
        char *last = tt_canvas_row(f->c, f->c->rows - 1);
        if (!strstr(last, cases[i].want))
            fail_msg("%s: status line '%s', want '%s'", cases[i].cmd, last, cases[i].want);
        free(last);
        char *title = tt_canvas_row(f->c, 0);
        assert_null(strstr(title, "Ticket #")); /* nothing opened */
        free(title);
        free(s);
    }
    tt_app_keys(f->app, ":kb #31 \n"); /* a real one, with a trailing blank */
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "Knowledge base"));
    free(s);
}

/* The role of the value in the ticket's SLA panel row labelled `label`. */
static int panel_value_role(const struct tt_canvas *c, const char *label, char *text, size_t size)
{
    for (int y = 0; y < c->rows; y++) {
        char *row = tt_canvas_row(c, y);
        char *hit = strstr(row, label);
        if (!hit) {
            free(row);
            continue;
        }
        *hit = '\0';
        int col = tt_text_width(row) + 14; /* panel fields: label 13 wide, value at 14 */
        snprintf(text, size, "%s", hit + 14);
        free(row);
        return c->cells[(size_t)y * (size_t)c->cols + (size_t)col].role;
    }
    return -1;
}

/* The SLA panel of an open ticket turns to warning and then breached as the
 * clock runs (it kept the role of when the ticket was opened, a green "-10m"). */
static void test_sla_panel_follows_the_clock(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":ticket 7\n"); /* urgent: 50 minutes of resolution left at 12:00 */
    char text[128];
    free(tu_tui_render(f));
    assert_int_equal(panel_value_role(f->c, "resolution    ", text, sizeof text), TT_ROLE_SLA_OK);
    assert_true(tt_has_prefix(text, "50m"));
    setenv("TICKETTY_NOW", "2026-05-04T12:40:00Z", 1);
    tt_app_key(f->app, TT_KEY_TICK);
    free(tu_tui_render(f));
    assert_int_equal(panel_value_role(f->c, "resolution    ", text, sizeof text),
                     TT_ROLE_SLA_WARNING);
    assert_true(tt_has_prefix(text, "10m"));
    setenv("TICKETTY_NOW", "2026-05-04T13:00:00Z", 1);
    tt_app_key(f->app, TT_KEY_TICK);
    free(tu_tui_render(f));
    assert_int_equal(panel_value_role(f->c, "resolution    ", text, sizeof text),
                     TT_ROLE_SLA_BREACHED);
    assert_true(tt_has_prefix(text, "-10m"));
}

/* `:reply TEXT` typed at the prompt keeps a reply longer than 200 bytes
 * (the prompt stopped taking keys there, silently cutting the reply). */
static void test_long_reply_at_the_prompt(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":ticket 31\n");
    struct tt_buf b = {0};
    for (int i = 0; i < 60; i++)
        tt_buf_printf(&b, "word%02d ", i);
    tt_buf_puts(&b, "end.");
    char *line = xasprintf(":reply %s\n", tt_buf_str(&b));
    tt_app_keys(f->app, line);
    free(line);
    char *got = last_payload(f, "reply");
    assert_non_null(got);
    assert_string_equal(got, tt_buf_str(&b));
    free(got);
    /* the filter prompt still stops at a few hundred bytes */
    tt_app_key(f->app, 'q');
    tt_app_key(f->app, '/');
    for (int i = 0; i < 400; i++)
        tt_app_key(f->app, 'z');
    tt_app_key(f->app, TT_KEY_ENTER);
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "filter: zzzz"));
    free(s);
    tt_buf_free(&b);
}

/* How many outbox items of `kind` there are. */
static size_t count_kind(struct tu_tui *f, const char *kind)
{
    struct tt_outbox_item *l;
    size_t n, k = 0;
    struct tt_err err;
    assert_int_equal(tt_store_outbox_list(f->st, 0, true, &l, &n, &err), 0);
    for (size_t i = 0; i < n; i++)
        k += tt_streq(l[i].kind, kind);
    tt_outbox_list_free(l, n);
    return k;
}

/* a then Enter on an empty prompt queued an unassignment for the helpdesk;
 * it now asks for an agent id, and ":assign -" unassigns. */
static void test_empty_assign_does_not_unassign(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":ticket 31\n");
    tt_app_key(f->app, 'a');
    char *s = tu_tui_render(f);
    char *last = tt_canvas_row(f->c, f->c->rows - 1);
    assert_non_null(strstr(last, ":assign"));
    free(last);
    free(s);
    tt_app_key(f->app, TT_KEY_ENTER);
    s = tu_tui_render(f);
    last = tt_canvas_row(f->c, f->c->rows - 1);
    assert_non_null(strstr(last, ":assign needs an agent id"));
    free(last);
    free(s);
    assert_int_equal(count_kind(f, "assignee"), 0);
    /* ticket 31 has no assignee: ":assign -" alone would change nothing */
    tt_app_keys(f->app, ":assign 900001\n");
    assert_int_equal(count_kind(f, "assignee"), 1);
    tt_app_keys(f->app, ":assign -\n");
    assert_int_equal(count_kind(f, "assignee"), 2);
    char *got = last_payload(f, "assignee");
    assert_non_null(got);
    assert_string_equal(got, "");
    free(got);
    char *s2 = tu_tui_render(f);
    assert_non_null(strstr(s2, "assignee      pending: (cleared)"));
    free(s2);
}

/* The ticket screen shows what the ticket has waiting in the outbox, and why
 * a send failed (R retries it); nothing showed either before. */
static void test_outbox_panel(void **state)
{
    struct tu_tui *f = *state;
    tt_app_resize(f->app, 30, 140);
    tt_app_keys(f->app, ":ticket 31\n");
    char *s = tu_tui_render(f);
    assert_null(strstr(s, "Outbox"));
    free(s);
    tt_app_keys(f->app, ":reply We refunded the second charge.\n");
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "Outbox (R retries)"));
    assert_non_null(strstr(s, "reply         pending: We refunded"));
    free(s);
    struct tt_outbox_item *l;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_outbox_list(f->st, 0, false, &l, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(tt_store_outbox_set_state(f->st, l[0].id, TT_OUT_FAILED,
                                               "HTTP 422: \x1b[31mclosed", 0, true, &err),
                     0);
    tt_outbox_list_free(l, n);
    tt_app_key(f->app, TT_KEY_TICK);
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "reply         failed: HTTP 422: closed"));
    assert_int_equal(panel_value_role(f->c, "reply         ", (char[64]){0}, 64), TT_ROLE_ERROR);
    free(s);
    tt_app_key(f->app, 'R');
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "reply         pending: We refunded"));
    free(s);
}

/* The queue filter finds a ticket by the number its # column shows (the
 * local id) as well as by the helpdesk's id: ticket 31 is acme's #501, and
 * "/31" found nothing of it. */
static void test_filter_by_shown_id(void **state)
{
    struct tu_tui *f = *state;
    static const char *const finds[] = {"31", "501"};
    for (size_t i = 0; i < 2; i++) {
        tt_app_key(f->app, '/');
        tt_app_keys(f->app, finds[i]);
        tt_app_key(f->app, TT_KEY_ENTER);
        char *s = tu_tui_render(f);
        if (!strstr(s, "Refund for a double charge"))
            fail_msg("filter '%s' does not list ticket 31:\n%s", finds[i], s);
        free(s);
        tt_app_key(f->app, 'c');
    }
    /* digits inside other text are not an id */
    tt_app_keys(f->app, "/31x\n");
    char *s = tu_tui_render(f);
    assert_null(strstr(s, "Refund for a double charge"));
    free(s);
}

/* The ticket id at column `at` of the selected row (0 when none): the queue's
 * # column is at 0; the breaching screen's LEFT column (8 wide) comes first. */
static int64_t selected_id_at(const struct tt_canvas *c, int at)
{
    for (int y = 3; y < c->rows - 1; y++)
        if (c->cells[(size_t)y * (size_t)c->cols + 1].role == TT_ROLE_SELECTION) {
            char *row = tt_canvas_row(c, y);
            int64_t id = strtoll(row + at, NULL, 10);
            free(row);
            return id;
        }
    return 0;
}

static int64_t selected_id(const struct tt_canvas *c)
{
    return selected_id_at(c, 0);
}

/* A ticket synced in above the selected row (another connection writes, the
 * tick re-reads) leaves the cursor on the ticket it was on; it used to stay
 * on the row index, so Enter opened whatever had moved into it. */
static void test_queue_cursor_follows_ticket(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":sort updated\n");
    tt_app_keys(f->app, "jjj");
    free(tu_tui_render(f));
    int64_t before = selected_id(f->c);
    assert_true(before > 0);
    struct tt_err err;
    struct tt_store *other = tt_store_open(f->db, &err);
    assert_non_null(other);
    int64_t acct, id;
    assert_int_equal(
        tt_store_account_upsert(other, "acme", "zendesk", "https://acme.zendesk.com", &acct, &err),
        0);
    struct tt_ticket t = {.account_id = acct,
                          .external_id = "777",
                          .subject = "Brand new from sync",
                          .status = TT_STATUS_NEW,
                          .priority = TT_PRIORITY_HIGH,
                          .created_at = f->now,
                          .updated_at = f->now + 60};
    assert_int_equal(tt_store_ticket_upsert(other, &t, &id, &err), 0);
    tt_store_close(other);
    tt_app_key(f->app, TT_KEY_TICK);
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "Brand new from sync"));
    free(s);
    assert_int_equal(selected_id(f->c), before);
    /* r (reload) keeps it too */
    tt_app_key(f->app, 'r');
    free(tu_tui_render(f));
    assert_int_equal(selected_id(f->c), before);
    /* a key that moves, typed before the re-read shows, wins over following */
    other = tt_store_open(f->db, &err);
    assert_non_null(other);
    t.external_id = "778";
    t.subject = "Another from sync";
    t.updated_at = f->now + 120;
    assert_int_equal(tt_store_ticket_upsert(other, &t, &id, &err), 0);
    tt_store_close(other);
    tt_app_key(f->app, TT_KEY_TICK);
    tt_app_key(f->app, 'g');
    free(tu_tui_render(f));
    assert_int_equal(selected_id(f->c), id);
    tt_app_keys(f->app, "jjjjj"); /* past 778, 777, 1, 2 and 3: back on it */
    free(tu_tui_render(f));
    assert_int_equal(selected_id(f->c), before);
    /* and Enter opens that ticket */
    tt_app_key(f->app, TT_KEY_ENTER);
    s = tu_tui_render(f);
    char *want = xasprintf("Ticket #%lld", (long long)before);
    assert_non_null(strstr(s, want));
    free(want);
    free(s);
}

/* The same on the breaching screen: a ticket that breaches first arrives
 * (a sync) and the cursor stays on its ticket. */
static void test_breaching_cursor_follows_ticket(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":breaching all\njj");
    free(tu_tui_render(f));
    int64_t before = selected_id_at(f->c, 10);
    assert_true(before > 0);
    struct tt_err err;
    struct tt_store *other = tt_store_open(f->db, &err);
    assert_non_null(other);
    int64_t acct, id;
    assert_int_equal(tt_store_account_upsert(other, "local", "local", NULL, &acct, &err), 0);
    struct tt_ticket t = {.account_id = acct,
                          .external_id = "LATE-1",
                          .subject = "Long overdue",
                          .status = TT_STATUS_OPEN,
                          .priority = TT_PRIORITY_URGENT,
                          .created_at = f->now - 30 * 86400,
                          .updated_at = f->now - 30 * 86400};
    assert_int_equal(tt_store_ticket_upsert(other, &t, &id, &err), 0);
    assert_int_equal(tt_sla_refresh_pending(other, NULL, &err), 0);
    tt_store_close(other);
    tt_app_key(f->app, TT_KEY_TICK);
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "Long overdue"));
    assert_int_equal(selected_id_at(f->c, 10), before);
    free(s);
}

/* A database whose KB was never indexed says so on the KB screen, instead
 * of "No article matches (kb gaps will list this search)" for every search. */
static void test_kb_not_indexed(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":kb password reset\n");
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "The knowledge base has not been indexed: run `ticketty kb index`"));
    assert_null(strstr(s, "kb gaps will list this search"));
    free(s);
}

/* The : prompt takes room from the status slots too: a long command stays
 * readable while it is typed (it showed only its last ~45 columns). */
static void test_prompt_before_slots(void **state)
{
    struct tu_tui *f = *state;
    const char *cmd = "reply thanks, the refund for the double charge is on its way to you";
    tt_app_key(f->app, ':');
    tt_app_keys(f->app, cmd);
    char *s = tu_tui_render(f);
    char *last = tt_canvas_row(f->c, f->c->rows - 1);
    char *want = xasprintf(":%s", cmd);
    if (!strstr(last, want))
        fail_msg("status line '%s' lacks '%s'", last, want);
    free(want);
    free(last);
    free(s);
    tt_app_key(f->app, TT_KEY_ESC);
    s = tu_tui_render(f);
    last = tt_canvas_row(f->c, f->c->rows - 1);
    assert_non_null(strstr(last, "SLA 4 breached"));
    free(last);
    free(s);
}

/* A subject longer than the queue's 512-byte cell buffer was cut by bytes:
 * inside a UTF-8 sequence (the row showed U+FFFD, text the ticket does not
 * have) or inside a cluster (a letter with 300 marks lost the text after it
 * with no sign of a cut).  Now the cell ends between clusters, with "…". */
static void test_queue_long_clusters(void **state)
{
    struct tu_tui *f = *state;
    const char *fam = "👨\xe2\x80\x8d👩\xe2\x80\x8d👧\xe2\x80\x8d👦"; /* 25 bytes */
    struct tt_buf chain = {0};
    for (int i = 0; i < 12; i++)
        tt_buf_printf(&chain, "%s%s", i ? "\xe2\x80\x8d" : "", fam);
    struct tt_buf subj[2] = {{0}, {0}};
    tt_buf_printf(&subj[0], "%s %s end", tt_buf_str(&chain), tt_buf_str(&chain));
    tt_buf_putc(&subj[1], 'e');
    for (int i = 0; i < 300; i++)
        tt_buf_puts(&subj[1], "\xcc\x81");
    tt_buf_puts(&subj[1], "xyz");
    struct tt_err err;
    for (int k = 0; k < 2; k++) {
        struct tt_ticket t = {.account_id = 1,
                              .external_id = k ? "long-2" : "long-1",
                              .subject = (char *)tt_buf_str(&subj[k]),
                              .status = TT_STATUS_OPEN,
                              .priority = TT_PRIORITY_NORMAL,
                              .created_at = f->now,
                              .updated_at = f->now};
        int64_t id;
        if (tt_store_ticket_upsert(f->st, &t, &id, &err) < 0)
            fail_msg("%s", err.msg);
    }
    tt_app_keys(f->app, ":sort id\n");
    tt_app_key(f->app, 'G'); /* the two new tickets at the end */
    char *s = tu_tui_render(f);
    int rows = 0;
    for (int y = 3; y < f->c->rows - 1; y++) {
        char *row = tt_canvas_row(f->c, y);
        if (strncmp(row, " 32 ", 4) == 0 || strncmp(row, " 33 ", 4) == 0) {
            rows++;
            if (strstr(row, "\xef\xbf\xbd"))
                fail_msg("row shows U+FFFD the subject does not have: %s\n%s", row, s);
            if (!strstr(row, "\xe2\x80\xa6"))
                fail_msg("row hides that the subject was cut: %s\n%s", row, s);
        }
        free(row);
    }
    if (rows != 2)
        fail_msg("%d rows of tickets 32 and 33:\n%s", rows, s);
    free(s);
    tt_buf_free(&chain);
    tt_buf_free(&subj[0]);
    tt_buf_free(&subj[1]);
}

/* The ticket header on a narrow terminal: a field that does not fit ends the
 * row with "…"; its label was cut instead ("assignee: -   group: -   crea"),
 * reading like a field of its own. */
static void test_header_fields_cut_whole(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":ticket 31\n");
    for (int w = 12; w <= 100; w++) {
        tt_app_resize(f->app, 24, w);
        char *s = tu_tui_render(f);
        for (int y = 2; y <= 4; y++) { /* status, requester, assignee rows */
            char *row = tt_canvas_row(f->c, y);
            /* the last field: after the last three-blank gap */
            const char *last = row;
            for (const char *g = strstr(row, "   "); g; g = strstr(g + 1, "   "))
                last = g + 3;
            while (*last == ' ')
                last++;
            size_t n = strlen(last);
            bool ellipsis = n >= 3 && strcmp(last + n - 3, "\xe2\x80\xa6") == 0;
            if (*last && !ellipsis && !strstr(last, ": "))
                fail_msg("width %d, row %d ends with a cut label \"%s\":\n%s", w, y, last, s);
            free(row);
        }
        free(s);
    }
}

/* The help screen wraps a long description under its own column instead of
 * cutting it: "C-c ... (y or C-c quits)" lost its end at 100 columns and most
 * lines at 80; the keys the agent is looking for were behind an ellipsis. */
static void test_help_wraps(void **state)
{
    struct tu_tui *f = *state;
    tt_app_resize(f->app, 200, 100);
    tt_app_key(f->app, '?');
    for (int w = 100; w >= 50; w -= 10) {
        tt_app_resize(f->app, 200, w);
        char *s = tu_tui_render(f);
        for (int y = 1; y < f->c->rows - 1; y++) { /* the help, not the status line */
            char *row = tt_canvas_row(f->c, y);
            if (strstr(row, "\xe2\x80\xa6"))
                fail_msg("help cut at %d columns: %s", w, row);
            free(row);
        }
        assert_non_null(strstr(s, "quits)")); /* the end of C-c's description */
        free(s);
    }
    tt_app_resize(f->app, 200, 80);
    char *s = tu_tui_render(f);
    const char *at = strstr(s, "   C-c   ");
    assert_non_null(at);
    const char *nl = strchr(at, '\n');
    assert_non_null(nl);
    /* the next row goes on with C-c's description, under its column */
    assert_int_equal(strspn(nl + 1, " "), 1 + 2 + 18 + 1);
    assert_non_null(strstr(s, "quits)")); /* the end of C-c's description */
    free(s);
}

/* A pasted multi-line text (bracketed paste: the terminal marks its start and
 * end) is text, never keys: pasted into `:reply ` its lines join into the
 * prompt; pasted outside a prompt it does nothing.  Its newlines used to be
 * Enter: the first line was sent and the rest ran as commands ('h' back, 'a'
 * assign, ':' ...). */
static void test_paste_is_text(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":ticket 31\n");
    tt_app_key(f->app, ':');
    tt_app_key(f->app, TT_KEY_PASTE_START);
    tt_app_keys(f->app, "reply Hi Sam,\nThanks for waiting.\r\nRegards\tAna\n");
    tt_app_key(f->app, TT_KEY_PASTE_END);
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "Ticket #31")); /* still there: no key ran */
    free(s);
    assert_null(last_payload(f, "reply"));
    tt_app_key(f->app, TT_KEY_ENTER); /* the agent sends it */
    char *got = last_payload(f, "reply");
    assert_non_null(got);
    assert_non_null(strstr(got, "Hi Sam, Thanks for waiting."));
    assert_non_null(strstr(got, "Regards Ana"));
    assert_null(strchr(got, '\n'));
    free(got);
    /* outside a prompt a paste is not a stream of commands */
    tt_app_key(f->app, TT_KEY_PASTE_START);
    tt_app_keys(f->app, "q:queue\nh");
    tt_app_key(f->app, TT_KEY_PASTE_END);
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "Ticket #31"));
    assert_non_null(strstr(s, "paste"));
    free(s);
    assert_true(tt_app_running(f->app));
    /* a line copied with its line break filters for the line, not for it and
     * a blank ("charge " missed the subject ending in "charge") */
    tt_app_keys(f->app, "h/");
    tt_app_key(f->app, TT_KEY_PASTE_START);
    tt_app_keys(f->app, "charge\n");
    tt_app_key(f->app, TT_KEY_PASTE_END);
    tt_app_key(f->app, TT_KEY_ENTER);
    s = tu_tui_render(f);
    if (!strstr(s, "Refund for a double charge"))
        fail_msg("pasted filter line found nothing:\n%s", s);
    free(s);
}

/* A short terminal (a tmux split of 7-12 rows) keeps the conversation on the
 * ticket screen: the header shrinks to the subject and status rows.  The five
 * header rows used to take it all (no conversation below 8 rows). */
static void test_ticket_short_terminal(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":ticket 31\n");
    for (int rows = 7; rows <= 14; rows++) {
        tt_app_resize(f->app, rows, 100);
        char *s = tu_tui_render(f);
        if (!strstr(s, "Refund for a double charge") || !strstr(s, "status: open") ||
            !strstr(s, "I was charged twice."))
            fail_msg("%d rows: subject, status or conversation missing:\n%s", rows, s);
        free(s);
    }
    tt_app_resize(f->app, 24, 100); /* tall again: the whole header */
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "assignee: "));
    free(s);
}

/* On an 80x24 terminal the side column holds the customer and health panels
 * and little more: the SLA and Triage panels (what `A` accepts, and the "A
 * accept" hint) could not be seen.  ] and [ scroll the side column; a mark
 * says there is more. */
static void test_side_panels_scroll(void **state)
{
    struct tu_tui *f = *state;
    tt_app_resize(f->app, 24, 80);
    tt_app_keys(f->app, ":ticket 1\n");
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "Customer"));
    assert_null(strstr(s, "A accept")); /* the end of the Triage panel */
    assert_non_null(strstr(s, "] more"));
    free(s);
    int presses = 0;
    for (; presses < 10; presses++) {
        s = tu_tui_render(f);
        bool seen = strstr(s, "A accept") != NULL;
        free(s);
        if (seen)
            break;
        tt_app_key(f->app, ']');
    }
    if (presses == 10)
        fail_msg("] never showed the end of the Triage panel");
    s = tu_tui_render(f);
    assert_null(strstr(s, "no such key"));
    assert_non_null(strstr(s, "Ticket #1")); /* the ticket screen stays */
    free(s);
    for (int i = 0; i < 12; i++)
        tt_app_key(f->app, '[');
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "Customer"));
    free(s);
}

/* Esc on the queue never quits (it quit at once, without the question C-c
 * asks): with a filter it clears the filter, without one it says how to
 * quit; an Alt key (M-q, read as one key) is no key here.  Esc still goes
 * back from other screens, and q on the queue still quits. */
static void test_esc_on_queue_does_not_quit(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, "/Refund\n");
    char *s = tu_tui_render(f);
    assert_non_null(strstr(s, "filter: Refund"));
    free(s);
    assert_true(tt_app_key(f->app, TT_KEY_ESC));
    s = tu_tui_render(f);
    assert_null(strstr(s, "filter: Refund"));
    assert_non_null(strstr(s, "filter cleared"));
    free(s);
    assert_true(tt_app_key(f->app, TT_KEY_ESC));
    assert_true(tt_app_running(f->app));
    s = tu_tui_render(f);
    char *last = tt_canvas_row(f->c, f->c->rows - 1);
    assert_non_null(strstr(last, "q quits"));
    free(last);
    free(s);
    assert_true(tt_app_key(f->app, TT_KEY_ALT('q')));
    s = tu_tui_render(f);
    last = tt_canvas_row(f->c, f->c->rows - 1);
    assert_non_null(strstr(last, "M-q: no such key here"));
    free(last);
    free(s);
    tt_app_keys(f->app, ":ticket 31\n");
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "Ticket #31"));
    free(s);
    assert_true(tt_app_key(f->app, TT_KEY_ESC));
    s = tu_tui_render(f);
    assert_null(strstr(s, "Ticket #31"));
    free(s);
    assert_false(tt_app_key(f->app, 'q'));
}

/* `:priority URGENT` and `:status Pending` are taken (names in any case) and
 * queued in canonical form; they were refused as unknown values. */
static void test_field_values_any_case(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":ticket 31\n:priority URGENT\n");
    char *got = last_payload(f, "priority");
    assert_non_null(got);
    assert_string_equal(got, "urgent");
    free(got);
    tt_app_keys(f->app, ":status Pending\n");
    got = last_payload(f, "status");
    assert_non_null(got);
    assert_string_equal(got, "pending");
    free(got);
    char *s = tu_tui_render(f);
    assert_null(strstr(s, "unknown"));
    free(s);
}

/* Setting a field to the value it has is no change: the console says so and
 * queues nothing (it queued an item that changed nothing). */
static void test_same_value_queues_nothing(void **state)
{
    struct tu_tui *f = *state;
    tt_app_keys(f->app, ":ticket 31\n");
    static const struct {
        const char *keys, *msg;
    } same[] = {
        {":priority Normal\n", "priority is already normal: nothing queued"},
        {":status open\n", "status is already open: nothing queued"},
        {":assign -\n", "already unassigned: nothing queued"},
        {":tags -vip\n", "tags are already (none): nothing queued"},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        tt_app_keys(f->app, same[i].keys);
        char *s = tu_tui_render(f);
        char *last = tt_canvas_row(f->c, f->c->rows - 1);
        if (!strstr(last, same[i].msg))
            fail_msg("%s: status line '%s'", same[i].keys, last);
        free(last);
        free(s);
    }
    struct tt_outbox_item *l;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_outbox_list(f->st, 0, true, &l, &n, &err), 0);
    assert_int_equal(n, 0);
    tt_outbox_list_free(l, n);
    tt_app_keys(f->app, ":priority high\n");
    assert_int_equal(count_kind(f, "priority"), 1);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_command_keeps_every_word, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_status_slot_roles, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_screen_below_sees_writes, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_scroll_percent_hides_no_text, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_kb_from_hostile_subject, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_message_before_slots, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_breaching_w_widens, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_ticket_number_arguments, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_sla_panel_follows_the_clock, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_long_reply_at_the_prompt, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_empty_assign_does_not_unassign, setup,
                                        tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_outbox_panel, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_filter_by_shown_id, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_queue_cursor_follows_ticket, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_breaching_cursor_follows_ticket, setup,
                                        tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_kb_not_indexed, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_prompt_before_slots, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_queue_long_clusters, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_header_fields_cut_whole, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_help_wraps, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_paste_is_text, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_ticket_short_terminal, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_side_panels_scroll, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_esc_on_queue_does_not_quit, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_field_values_any_case, setup, tu_tui_teardown),
        cmocka_unit_test_setup_teardown(test_same_value_queues_nothing, setup, tu_tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
