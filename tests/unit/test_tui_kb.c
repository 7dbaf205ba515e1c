/*
 * test_tui_kb.c: the console's KB screen driven by keys and rendered to
 * memory: search as you type, the rendered article, votes, history, the
 * customer filter from a ticket, and a reply with the article's link queued
 * in the outbox.  Real git repository, real SQLite file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_fixture.h"
#include "testutil.h"
#include "tui_fixture.h"
#include "ticketty/kb.h"
#include "ticketty/store_kb.h"
#include "ticketty/store_sync.h"
#include "ticketty/text.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

struct fx {
    struct tu_tui t;
    char *repo;
    int64_t ticket;
};

static int setup(void **state)
{
    struct fx *f = xcalloc(1, sizeof *f);
    tu_tui_open(&f->t, NULL);
    f->repo = tu_kb_repo_indexed(f->t.st, f->t.dir);
    struct tt_err err;
    int64_t acct;
    tt_store_account_upsert(f->t.st, "acme", "zendesk", "https://acme.zendesk.com", &acct, &err);
    struct tt_ticket t = {0};
    t.account_id = acct;
    t.external_id = "1";
    t.subject = "refund for a double charge";
    t.description = "I was charged twice.";
    t.status = TT_STATUS_OPEN;
    t.priority = TT_PRIORITY_NORMAL;
    t.created_at = t.updated_at = 1700000000;
    if (tt_store_ticket_upsert(f->t.st, &t, &f->ticket, &err) < 0)
        fail_msg("%s", err.msg);
    tu_tui_start(&f->t, 24, 100);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    tu_tui_close(&f->t);
    tt_kb_search_cache_reset();
    free(f->repo);
    free(f);
    return 0;
}

#define SEES(f, text)                                                                              \
    do {                                                                                           \
        char *d_ = tu_tui_render(&f->t);                                                           \
        if (!strstr(d_, text))                                                                     \
            fail_msg("screen lacks \"%s\":\n%s", text, d_);                                        \
        free(d_);                                                                                  \
    } while (0)
#define LACKS(f, text)                                                                             \
    do {                                                                                           \
        char *d_ = tu_tui_render(&f->t);                                                           \
        if (strstr(d_, text))                                                                      \
            fail_msg("screen shows \"%s\":\n%s", text, d_);                                        \
        free(d_);                                                                                  \
    } while (0)

static void test_search_as_you_type_and_article(void **state)
{
    struct fx *f = *state;
    tt_app_keys(f->t.app, ":kb\n");
    SEES(f, "Type / and a question");
    tt_app_keys(f->t.app, "refu"); /* the prompt is open: each key searches */
    SEES(f, "How to request a refund");
    SEES(f, "1 result");
    tt_app_key(f->t.app, TT_KEY_ENTER); /* leave the prompt */
    tt_app_key(f->t.app, TT_KEY_ENTER); /* open the article */
    SEES(f, "KB-001  billing/refunds.md");
    SEES(f, "• Refunds take 5-10 business days");
    SEES(f, "open Billing and choose Request refund"); /* emphasis without markers */
    LACKS(f, "**");
    tt_app_key(f->t.app, '+');
    SEES(f, "1 helpful / 0 not");
    tt_app_key(f->t.app, 'H');
    SEES(f, "History");
    SEES(f, "init");
    int64_t yes, no;
    struct tt_err err;
    assert_int_equal(tt_store_kb_vote_counts(f->t.st, "KB-001", &yes, &no, &err), 0);
    assert_int_equal(yes, 1);
    tt_app_key(f->t.app, 'q'); /* back to the results */
    SEES(f, "Search: refu");
    tt_app_key(f->t.app, 'q'); /* close */
    LACKS(f, "Search: refu");
    /* The search was logged with its opened article: no gap. */
    struct tt_kb_gap *g;
    size_t n;
    assert_int_equal(tt_store_kb_gaps(f->t.st, 0, 10, &g, &n, &err), 0);
    assert_int_equal(n, 0);
    tt_kb_gaps_free(g, n);
}

static void test_unanswered_search_is_a_gap(void **state)
{
    struct fx *f = *state;
    tt_app_keys(f->t.app, "Kquantum physics\n"); /* K on the queue opens the KB screen */
    SEES(f, "No article matches");
    tt_app_key(f->t.app, 'q');
    struct tt_kb_gap *g;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_kb_gaps(f->t.st, 0, 10, &g, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(g[0].query, "quantum physics");
    tt_kb_gaps_free(g, n);
}

static void test_from_ticket(void **state)
{
    struct fx *f = *state;
    char cmd[64];
    snprintf(cmd, sizeof cmd, ":%lld\n", (long long)f->ticket);
    tt_app_keys(f->t.app, cmd);
    tt_app_key(f->t.app, 'K');
    SEES(f, "Search: refund for a double charge");
    SEES(f, "customer articles");
    SEES(f, "How to request a refund");
    /* Customer only: the internal SAML article is hidden until a toggles. */
    tt_app_key(f->t.app, TT_KEY_CTRL('u'));
    tt_app_keys(f->t.app, "SAML");
    tt_app_key(f->t.app, TT_KEY_ENTER);
    LACKS(f, "SSO SAML configuration");
    tt_app_key(f->t.app, 'a');
    SEES(f, "SSO SAML configuration");
    tt_app_key(f->t.app, 'a');
    /* Reply with a link: the editor saves the template as is. */
    tt_app_key(f->t.app, '/');
    tt_app_key(f->t.app, TT_KEY_CTRL('u'));
    tt_app_keys(f->t.app, "refund");
    tt_app_key(f->t.app, TT_KEY_ENTER);
    setenv("VISUAL", "true", 1);
    tt_app_key(f->t.app, 'i');
    unsetenv("VISUAL");
    SEES(f, "reply with the article queued");
    struct tt_outbox_item *l;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_outbox_list(f->t.st, 0, true, &l, &n, &err), 0);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        found |= l[i].ticket_id == f->ticket && strstr(l[i].payload, "help article KB-001");
    tt_outbox_list_free(l, n);
    assert_true(found);
}

static void test_render_markdown(void **state)
{
    const char *md = "# Title\n\nSome *emphasis*, **strong** and `code` with a "
                     "[link](https://x.example/a).\n\n"
                     "1. first\n2. second\n   - nested\n\n"
                     "> quoted\n\n"
                     "```\nline one\n  line two\n```\n\n"
                     "| Plan | Price |\n|------|-------|\n| Pro | $10 |\n| 企业版 | 联系我们 |\n";
    struct tt_kb_render r;
    assert_int_equal(tt_kb_render_markdown(md, strlen(md), 40, &r), 0);
    struct tt_buf b = {0};
    for (size_t i = 0; i < r.n; i++)
        tt_buf_printf(&b, "%s\n", r.lines[i].text);
    const char *want = "Title\n"
                       "\n"
                       "Some emphasis, strong and code with a\n"
                       "link <https://x.example/a>.\n"
                       "\n"
                       "1. first\n"
                       "2. second\n"
                       "   • nested\n"
                       "\n"
                       "│ quoted\n"
                       "\n"
                       "  line one\n"
                       "    line two\n"
                       "\n"
                       "Plan   │ Price\n"
                       "───────┼─────────\n"
                       "Pro    │ $10\n"
                       "企业版 │ 联系我们\n";
    if (strcmp(tt_buf_str(&b), want) != 0)
        fail_msg("got:\n%s", tt_buf_str(&b));
    /* The heading and the code are styled. */
    assert_int_equal(r.lines[0].spans[0].style, TT_KB_STYLE_HEADING);
    assert_int_equal(r.lines[11].spans[0].style, TT_KB_STYLE_CODE);
    tt_buf_free(&b);
    tt_kb_render_free(&r);
    /* Narrow widths wrap and never overflow; escape sequences are removed. */
    const char *hostile = "A \x1b]0;pwn\x07 title that is long enough to wrap twice here\n";
    assert_int_equal(tt_kb_render_markdown(hostile, strlen(hostile), 12, &r), 0);
    for (size_t i = 0; i < r.n; i++) {
        assert_true(tt_text_width(r.lines[i].text) <= 12);
        assert_null(strchr(r.lines[i].text, '\x1b'));
    }
    tt_kb_render_free(&r);
}

/* The History panel's author column was printf's %-18.18s: cut by bytes (an
 * accented name showed U+FFFD where its 18th byte fell inside a letter) and
 * padded by bytes (a Chinese name's summary started columns earlier). */
static void test_history_authors_by_columns(void **state)
{
    struct fx *f = *state;
    static const char *const authors[] = {"Renée Öströmm Ålander", "王小明"};
    for (int i = 0; i < 2; i++) {
        char *line = xasprintf("Edit %d.", i);
        char *path = xasprintf("%s/billing/refunds.md", f->repo);
        struct tt_err err;
        char *old = tt_read_file(path, NULL, &err);
        assert_non_null(old);
        char *text = xasprintf("%s\n%s\n", old, line);
        free(tu_write_file(f->repo, "billing/refunds.md", text));
        char *args =
            xasprintf("commit -qam 'edit %d' --author='%s <a%d@example.com>'", i, authors[i], i);
        assert_int_equal(tu_git(f->repo, args), 0);
        free(args);
        free(text);
        free(old);
        free(path);
        free(line);
    }
    tt_app_keys(f->t.app, ":kb\n");
    tt_app_keys(f->t.app, "refu");
    tt_app_key(f->t.app, TT_KEY_ENTER);
    tt_app_key(f->t.app, TT_KEY_ENTER);
    tt_app_key(f->t.app, 'H');
    char *s = tu_tui_render(&f->t);
    int at[2] = {-1, -1};
    for (int y = 0; y < f->t.c->rows; y++) {
        char *row = tt_canvas_row(f->t.c, y);
        for (int i = 0; i < 2; i++) {
            const char *want = i ? "edit 1" : "edit 0";
            char *hit = strstr(row, want);
            if (!hit)
                continue;
            if (strstr(row, "\xef\xbf\xbd"))
                fail_msg("history row shows U+FFFD: %s\n%s", row, s);
            *hit = '\0';
            at[i] = tt_text_width(row); /* the column the summary starts at */
        }
        free(row);
    }
    if (at[0] < 0 || at[0] != at[1])
        fail_msg("summaries at columns %d and %d:\n%s", at[0], at[1], s);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_search_as_you_type_and_article, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unanswered_search_is_a_gap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_from_ticket, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_authors_by_columns, setup, teardown),
        cmocka_unit_test(test_render_markdown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
