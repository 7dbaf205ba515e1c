/*
 * test_kb_cjk.c: short CJK words through full-text search, over a real KB git
 * repository indexed into a real SQLite file: one- and two-character words
 * (退款, 发票, 密码, 退) found and ranked by BM25, mixed-script queries, the
 * filters, incremental updates, gaps, and a database from before the
 * short-word index (schema 3) migrated in place.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_fixture.h"
#include "testutil.h"
#include "ticketty/kb.h"
#include "ticketty/store_kb.h"
#include "ticketty/util.h"

static void add_cjk_articles(const char *repo)
{
    tu_kb_article(repo, "billing/refund_zh.md",
                  "id: KB-010\ntitle: 退款政策\ntags: [退款, 账单]\naudience: customer\n",
                  "如需退款，请在账单页面申请退款。退款会在五到十个工作日内原路退回。\n");
    tu_kb_article(repo, "billing/invoice_zh.md", "id: KB-011\ntitle: 发票与收据\n",
                  "您可以在账单页面下载发票和收据。如果发票抬头有误，请联系我们重开。"
                  "如果您同时需要退款，请先处理退款再开票。我们支持多种付款方式，包括信用卡"
                  "和银行转账。工作区管理员可以在设置中修改账单邮箱和公司地址。\n");
    tu_kb_article(repo, "account/api_zh.md",
                  "id: KB-012\ntitle: 创建 API 密钥\naudience: internal\n",
                  "管理员可以在设置中创建 API 密钥。请妥善保管密钥，不要分享给他人。\n");
    tu_kb_article(repo, "account/ja.md", "id: KB-013\ntitle: パスワードの変更\n",
                  "設定画面でパスワードを変更できます。\n");
}

static int setup(void **state)
{
    struct tu_kb_env *f = tu_kb_env_new(true);
    add_cjk_articles(f->repo);
    if (tu_git(f->repo, "add -A") != 0 || tu_git(f->repo, "commit -q -m cjk") != 0)
        fail_msg("git commit failed in %s", f->repo);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    tu_kb_env_free(*state);
    return 0;
}

static void test_short_words_found(void **state)
{
    struct tu_kb_env *f = *state;
    tu_kb_index(f, false, NULL);
    static const struct {
        const char *q, *audience, *want;
    } cases[] = {
        /* Two characters: the title, tags and three mentions in a short
         * article rank above two mentions in a longer one. */
        {"退款", NULL, "KB-010 KB-011"},
        {"发票", NULL, "KB-011"},
        {"密码", NULL, "KB-004"},
        {"密钥", NULL, "KB-012"},
        {"設定", NULL, "KB-013"}, /* Japanese kanji */
        {"变更", NULL, ""},       /* simplified 变 is not 変: nothing */
        {"鲸鱼", NULL, ""},
        /* The filters hold in the new index too. */
        {"密钥", "customer", ""},
        {"退款", "internal", "KB-011"},
        /* Several short words: each adds its matches, both rank first. */
        {"退款 发票", NULL, "KB-011 KB-010"},
        /* Latin words keep their index and behaviour. */
        {"refund", NULL, "KB-001"},
        {"SAML", NULL, "KB-003"},
        /* Three characters or more still go through the trigrams. */
        {"忘记密码怎么办", NULL, "KB-004"},
        /* An unspaced query the trigrams miss is tried as its bigrams. */
        {"怎样退款", NULL, "KB-010 KB-011"},
    };
    char ids[256];
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        tu_kb_search_ids(f->st, cases[i].q, cases[i].audience, TT_KB_LEXICAL, ids, sizeof ids,
                         NULL);
        if (strcmp(ids, cases[i].want) != 0)
            fail_msg("case %zu (%s): got \"%s\" want \"%s\"", i, cases[i].q, ids, cases[i].want);
    }
}

static void test_ranking_and_snippets(void **state)
{
    struct tu_kb_env *f = *state;
    tu_kb_index(f, false, NULL);
    char ids[256];
    struct tt_kb_result *r;
    /* BM25 scores, best first, the matched word marked in the snippet. */
    size_t n = tu_kb_search_ids(f->st, "退款", NULL, TT_KB_LEXICAL, ids, sizeof ids, &r);
    assert_int_equal(n, 2);
    assert_true(r[0].score > r[1].score);
    assert_true(r[1].score > 0);
    assert_non_null(r[0].snippet);
    assert_non_null(strstr(r[0].snippet, "[退款]"));
    assert_non_null(strstr(r[1].snippet, "[退款]"));
    tt_kb_results_free(r, n);
    /* One character: every article holding it, the one with most first. */
    n = tu_kb_search_ids(f->st, "退", NULL, TT_KB_LEXICAL, ids, sizeof ids, &r);
    assert_int_equal(n, 2);
    assert_string_equal(ids, "KB-010 KB-011");
    assert_non_null(strstr(r[0].snippet, "[退]款"));
    tt_kb_results_free(r, n);
    /* Mixed scripts: both indexes answer and are fused; the article that
     * matches both words comes first. */
    n = tu_kb_search_ids(f->st, "API 密钥", NULL, TT_KB_LEXICAL, ids, sizeof ids, NULL);
    assert_true(n >= 1);
    assert_string_equal(ids, "KB-012");
    n = tu_kb_search_ids(f->st, "退款 refund", NULL, TT_KB_LEXICAL, ids, sizeof ids, NULL);
    assert_int_equal(n, 3);
    assert_non_null(strstr(ids, "KB-001"));
    assert_non_null(strstr(ids, "KB-010"));
    /* Hybrid ranks the full-text hit first as well. */
    tu_kb_search_ids(f->st, "退款", NULL, TT_KB_HYBRID, ids, sizeof ids, NULL);
    assert_memory_equal(ids, "KB-010", 6);
}

static void test_index_follows_edits(void **state)
{
    struct tu_kb_env *f = *state;
    tu_kb_index(f, false, NULL);
    char ids[256];
    /* Rewrite the refund article without the word; delete the invoice one. */
    tu_kb_article(f->repo, "billing/refund_zh.md", "id: KB-010\ntitle: 退货政策\n",
                  "收到商品后七天内可以申请退货。\n");
    tu_git(f->repo, "rm -q billing/invoice_zh.md");
    tu_git(f->repo, "add -A");
    tu_git(f->repo, "commit -q -m edit");
    tu_kb_index(f, false, NULL);
    assert_int_equal(tu_kb_search_ids(f->st, "退款", NULL, TT_KB_LEXICAL, ids, sizeof ids, NULL),
                     0);
    assert_int_equal(tu_kb_search_ids(f->st, "发票", NULL, TT_KB_LEXICAL, ids, sizeof ids, NULL),
                     0);
    tu_kb_search_ids(f->st, "退货", NULL, TT_KB_LEXICAL, ids, sizeof ids, NULL);
    assert_string_equal(ids, "KB-010");
}

static void test_gaps(void **state)
{
    struct tu_kb_env *f = *state;
    tu_kb_index(f, false, NULL);
    char ids[256];
    /* A short CJK word the KB has is not a gap; one it lacks still is. */
    assert_int_equal(tu_kb_search_ids(f->st, "退款", NULL, TT_KB_LEXICAL, ids, sizeof ids, NULL),
                     2);
    assert_int_equal(tu_kb_search_ids(f->st, "鲸鱼", NULL, TT_KB_LEXICAL, ids, sizeof ids, NULL),
                     0);
    struct tt_kb_gap *g;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_kb_gaps(f->st, 0, 10, &g, &n, &err), 0);
    bool whale = false, refund = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(g[i].query, "鲸鱼") == 0) {
            whale = true;
            assert_int_equal(g[i].no_results, 1);
        }
        if (strcmp(g[i].query, "退款") == 0) {
            refund = true;
            assert_int_equal(g[i].no_results, 0); /* found, only not opened yet */
        }
    }
    tt_kb_gaps_free(g, n);
    assert_true(whale);
    assert_true(refund);
}

/* A whole ticket's text as the query (triage): its first TT_KB_QUERY_MAX
 * bytes are searched and logged, cut between two characters, so a 100,000
 * character ticket costs what a 4 KB one does. */
static void test_long_query_cut(void **state)
{
    struct tu_kb_env *f = *state;
    tu_kb_index(f, false, NULL);
    struct tt_buf q = {0};
    tt_buf_puts(&q, "\xe9\x80\x80\xe6\xac\xbe ab"); /* 退款 ab: 9 bytes */
    while (q.len < 300000)
        tt_buf_puts(&q, "\xe9\xb2\xb8"); /* 鲸, 3 bytes: 4096 falls inside one */
    char ids[256];
    assert_true(
        tu_kb_search_ids(f->st, tt_buf_str(&q), NULL, TT_KB_LEXICAL, ids, sizeof ids, NULL) >= 1);
    assert_non_null(strstr(ids, "KB-010"));
    struct tt_kb_gap *g;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_kb_gaps(f->st, 0, 10, &g, &n, &err), 0);
    size_t logged = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(g[i].query, "\xe9\x80\x80\xe6\xac\xbe ab", 9) == 0)
            logged = strlen(g[i].query);
    tt_kb_gaps_free(g, n);
    assert_int_equal(logged, 9 + 3 * ((TT_KB_QUERY_MAX - 9) / 3));
    tt_buf_free(&q);
}

/* The kb tables as schema 1 created them (src/store/schema_kb.c): a database
 * from before the short-word index. */
extern const char tt_schema_kb[];
extern const char tt_schema_core[]; /* later migrations index the tickets too */

static void test_schema3_database_migrates(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *db = xasprintf("%s/old.db", dir);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(h, tt_schema_core, NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(h, tt_schema_kb, NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(h,
                          "INSERT INTO kb_articles(article_id, path, slug, title, audience,"
                          " visibility, indexed_at, body) VALUES"
                          " ('KB-010', 'billing/refund_zh.md', 'refund_zh', '退款政策',"
                          "  'customer', 'public', 1, '如需退款，请在账单页面申请退款。'),"
                          " ('KB-011', 'billing/invoice_zh.md', 'invoice_zh', '发票与收据',"
                          "  'both', 'public', 1, '您可以在账单页面下载发票。'),"
                          " ('KB-001', 'billing/refunds.md', 'refunds', 'Refunds',"
                          "  'both', 'public', 1, 'Open Billing and request a refund.');"
                          "PRAGMA user_version = 3;",
                          NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("old database: %s", msg ? msg : "?");
    sqlite3_close(h);

    /* Opening it migrates: the short-word index is built from the rows the
     * database already holds, without a `kb index`. */
    struct tt_err err;
    struct tt_store *st = tt_store_open(db, &err);
    if (!st)
        fail_msg("%s", err.msg);
    char ids[128];
    tt_kb_search_cache_reset();
    tu_kb_search_ids(st, "退款", NULL, TT_KB_LEXICAL, ids, sizeof ids, NULL);
    assert_string_equal(ids, "KB-010");
    tu_kb_search_ids(st, "发票", NULL, TT_KB_LEXICAL, ids, sizeof ids, NULL);
    assert_string_equal(ids, "KB-011");
    tu_kb_search_ids(st, "refund", NULL, TT_KB_LEXICAL, ids, sizeof ids, NULL);
    assert_string_equal(ids, "KB-001");
    tt_store_close(st);

    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    sqlite3_stmt *s;
    sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &s, NULL);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), tt_store_schema_version());
    sqlite3_finalize(s);
    sqlite3_close(h);
    tt_kb_search_cache_reset();
    tu_rmtree(dir);
    free(dir);
    free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_short_words_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ranking_and_snippets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_follows_edits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gaps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_query_cut, setup, teardown),
        cmocka_unit_test(test_schema3_database_migrates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
