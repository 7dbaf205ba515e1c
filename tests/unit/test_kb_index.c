/*
 * test_kb_index.c: indexing a real git repository into a real SQLite file,
 * incremental updates by tree diff, broken articles, and search over the
 * result (filters, CJK, empty KB, search log, votes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_fixture.h"
#include "testutil.h"
#include "ticketty/kb.h"
#include "ticketty/store_kb.h"
#include "ticketty/util.h"

static int setup(void **state)
{
    *state = tu_kb_env_new(true);
    return 0;
}

static int teardown(void **state)
{
    tu_kb_env_free(*state);
    return 0;
}

static void test_full_then_incremental(void **state)
{
    struct tu_kb_env *f = *state;
    struct tt_kb_index_report r;
    tu_kb_index(f, false, &r);
    assert_true(r.full);
    assert_int_equal(r.added, 4);
    assert_int_equal(r.n_problems, 0);
    assert_true(r.retrained);
    assert_int_equal(r.embedded, 4);
    tt_kb_index_report_clear(&r);

    /* Defaults: title from the heading, slug from the file, category from the dir. */
    struct tt_kb_article a;
    struct tt_err err;
    assert_int_equal(tt_store_kb_article_get(f->st, "KB-002", &a, &err), 1);
    assert_string_equal(a.title, "Reset your password");
    assert_string_equal(a.slug, "password");
    assert_string_equal(a.category, "account");
    assert_string_equal(a.audience, "both");
    assert_string_equal(a.visibility, "public");
    assert_string_equal(a.tags, "account, login");
    tt_kb_article_clear(&a);

    /* Nothing changed: an incremental run touches nothing. */
    tu_kb_index(f, false, &r);
    assert_false(r.full);
    assert_int_equal(r.added + r.updated + r.removed, 0);
    assert_int_equal(r.embedded, 0);
    tt_kb_index_report_clear(&r);

    /* Edit one, delete one, add a broken one and a duplicate id. */
    tu_kb_article(f->repo, "account/password.md", "id: KB-002\ntitle: Change your password\n",
                  "Open settings and pick a new password.\n");
    tu_git(f->repo, "rm -q account/zh.md");
    tu_kb_article(f->repo, "billing/bad.md", "id: KB-009\nvisibility: secret\n", "# Bad\n");
    tu_kb_article(f->repo, "billing/dup.md", "id: KB-001\n", "# Duplicate\n");
    tu_git(f->repo, "add -A");
    tu_git(f->repo, "commit -q -m edit");
    tu_kb_index(f, false, &r);
    assert_false(r.full);
    assert_int_equal(r.updated, 1);
    assert_int_equal(r.removed, 1);
    assert_int_equal(r.embedded, 1);
    assert_int_equal(r.n_problems, 2);
    assert_string_equal(r.problems[0].path, "billing/bad.md");
    assert_int_equal(r.problems[0].line, 3);
    assert_non_null(strstr(r.problems[0].message, "visibility"));
    assert_string_equal(r.problems[1].path, "billing/dup.md");
    assert_non_null(strstr(r.problems[1].message, "duplicate id \"KB-001\""));
    tt_kb_index_report_clear(&r);
    assert_int_equal(tt_store_kb_article_get(f->st, "KB-002", &a, &err), 1);
    assert_string_equal(a.title, "Change your password");
    tt_kb_article_clear(&a);
    assert_int_equal(tt_store_kb_article_get(f->st, "KB-004", &a, &err), 0);
    assert_int_equal(tt_store_kb_article_count(f->st), 3);

    /* A full re-walk agrees with the incremental state. */
    tu_kb_index(f, true, &r);
    assert_int_equal(r.unchanged, 3);
    assert_int_equal(r.n_problems, 2);
    tt_kb_index_report_clear(&r);
}

static void test_check_mode(void **state)
{
    struct tu_kb_env *f = *state;
    tu_kb_article(f->repo, "billing/bad.md", "id: KB-009\ntitle: a: b\n", "body\n");
    tu_git(f->repo, "add -A");
    struct tt_kb_index_opts o;
    tt_kb_index_opts_init(&o);
    o.check = true;
    struct tt_kb_index_report r;
    struct tt_err err;
    assert_int_equal(tt_kb_index(NULL, f->repo, &o, &r, &err), 0);
    assert_int_equal(r.added, 4);
    assert_int_equal(r.n_problems, 1);
    assert_string_equal(r.problems[0].path, "billing/bad.md");
    assert_int_equal(r.problems[0].line, 3);
    tt_kb_index_report_clear(&r);
}

static void test_search_filters(void **state)
{
    struct tu_kb_env *f = *state;
    struct tt_kb_index_report r;
    tu_kb_index(f, false, &r);
    tt_kb_index_report_clear(&r);
    char ids[256];
    assert_int_equal(tu_kb_search_ids(f->st, "refund", NULL, TT_KB_LEXICAL, ids, sizeof ids, NULL),
                     1);
    assert_string_equal(ids, "KB-001");
    /* Internal articles never reach a customer search, in any mode. */
    for (int m = 0; m < 3; m++) {
        tu_kb_search_ids(f->st, "SAML single sign-on Okta", "customer", (enum tt_kb_mode)m, ids,
                         sizeof ids, NULL);
        assert_null(strstr(ids, "KB-003"));
    }
    tu_kb_search_ids(f->st, "SAML", "internal", TT_KB_LEXICAL, ids, sizeof ids, NULL);
    assert_string_equal(ids, "KB-003");
    /* CJK through the trigram index. */
    tu_kb_search_ids(f->st, "忘记密码怎么办", NULL, TT_KB_LEXICAL, ids, sizeof ids, NULL);
    assert_string_equal(ids, "KB-004");
    /* Empty query: no results, no error. */
    assert_int_equal(tu_kb_search_ids(f->st, "   ", NULL, TT_KB_HYBRID, ids, sizeof ids, NULL), 0);
    /* FTS syntax in the query is quoted away. */
    tu_kb_search_ids(f->st, "refund\" OR NEAR(", NULL, TT_KB_HYBRID, ids, sizeof ids, NULL);
    assert_non_null(strstr(ids, "KB-001"));
}

static void test_empty_kb_and_log(void **state)
{
    struct tu_kb_env *f = *state;
    char ids[64];
    /* Nothing indexed yet: searches return nothing in every mode. */
    for (int m = 0; m < 3; m++)
        assert_int_equal(
            tu_kb_search_ids(f->st, "refund", NULL, (enum tt_kb_mode)m, ids, sizeof ids, NULL), 0);
    struct tt_kb_gap *g;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_kb_gaps(f->st, 0, 10, &g, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(g[0].query, "refund");
    assert_int_equal(g[0].searches, 3);
    assert_int_equal(g[0].no_results, 3);
    tt_kb_gaps_free(g, n);
    /* An opened result removes the query from the gaps. */
    struct tt_kb_index_report r;
    tu_kb_index(f, false, &r);
    tt_kb_index_report_clear(&r);
    tu_kb_search_ids(f->st, "Refund", NULL, TT_KB_HYBRID, ids, sizeof ids, NULL);
    assert_int_equal(tt_store_kb_log_opened(f->st, 0, "KB-001", tt_now(), &err), 0);
    assert_int_equal(tt_store_kb_gaps(f->st, 0, 10, &g, &n, &err), 0);
    assert_int_equal(n, 0);
    tt_kb_gaps_free(g, n);
}

static void test_rename_and_id_change(void **state)
{
    struct tu_kb_env *f = *state;
    struct tt_kb_index_report r;
    tu_kb_index(f, false, &r);
    tt_kb_index_report_clear(&r);
    struct tt_err err;
    assert_int_equal(tt_store_kb_vote_add(f->st, "KB-001", true, NULL, 1, &err), 0);
    /* Move KB-001 to another directory; give KB-002's file a new id. */
    tu_git(f->repo, "mv billing/refunds.md account/refunds.md");
    tu_kb_article(f->repo, "account/password.md", "id: KB-020\n", "# Reset your password\n");
    tu_git(f->repo, "add -A");
    tu_git(f->repo, "commit -q -m move");
    tu_kb_index(f, false, &r);
    assert_int_equal(r.n_problems, 0);
    tt_kb_index_report_clear(&r);
    struct tt_kb_article a;
    assert_int_equal(tt_store_kb_article_get(f->st, "KB-001", &a, &err), 1);
    assert_string_equal(a.path, "account/refunds.md");
    assert_int_equal(a.helpful, 1); /* votes follow the id, not the file */
    tt_kb_article_clear(&a);
    assert_int_equal(tt_store_kb_article_get(f->st, "KB-002", &a, &err), 0);
    assert_int_equal(tt_store_kb_article_get(f->st, "KB-020", &a, &err), 1);
    assert_string_equal(a.path, "account/password.md");
    tt_kb_article_clear(&a);
    assert_int_equal(tt_store_kb_article_count(f->st), 4);
    char ids[64];
    tu_kb_search_ids(f->st, "refund", NULL, TT_KB_LEXICAL, ids, sizeof ids, NULL);
    assert_string_equal(ids, "KB-001");
}

/* An id is a plain token: no spaces, commas or control characters (a YAML
 * "\e" escape would put an escape sequence into every listing and URL). */
static void test_article_id_is_a_token(void **state)
{
    (void)state;
    static const struct {
        const char *id;
        bool ok;
    } cases[] = {
        {"kb-0001", true},       {"\"kb-\\e[2Jx\"", false}, {"\"kb\\tx\"", false},
        {"\"kb\\x7fx\"", false}, {"kb 1", false},           {"kb,1", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = xasprintf("---\nid: %s\ntitle: T\n---\nBody.\n", cases[i].id);
        struct tt_kb_article a = {0};
        struct tt_err err = {{0}};
        int line = 0;
        int rc = tt_kb_article_parse("x.md", text, strlen(text), &a, &line, &err);
        if ((rc == 0) != cases[i].ok)
            fail_msg("id %s: rc %d (%s)", cases[i].id, rc, err.msg);
        if (rc < 0 && line != 2)
            fail_msg("id %s: line %d, not 2", cases[i].id, line);
        tt_kb_article_clear(&a);
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_full_then_incremental, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_kb_and_log, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rename_and_id_change, setup, teardown),
        cmocka_unit_test(test_article_id_is_a_token),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
