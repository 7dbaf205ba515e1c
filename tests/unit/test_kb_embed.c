/*
 * test_kb_embed.c: the built-in embedder learns from the KB and resolved
 * tickets, so a query that shares no word with an article still finds it;
 * vectors are cached by content hash; the OpenAI-compatible client talks to a
 * loopback fake server (libmicrohttpd) with the key sent but never echoed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_fake_embed.h"
#include "kb_fixture.h"
#include "testutil.h"
#include "ticketty/embeddings.h"
#include "ticketty/kb.h"
#include "ticketty/store_kb.h"
#include "ticketty/util.h"

static void add_ticket(struct tt_store *st, int64_t acct, int n, const char *subject,
                       const char *body)
{
    struct tt_ticket t = {0};
    char ext[16];
    snprintf(ext, sizeof ext, "T%d", n);
    t.account_id = acct;
    t.external_id = ext;
    t.subject = (char *)subject;
    t.description = (char *)body;
    t.status = TT_STATUS_SOLVED;
    t.priority = TT_PRIORITY_NORMAL;
    t.created_at = 1700000000 + n;
    struct tt_err err;
    if (tt_store_ticket_upsert(st, &t, NULL, &err) < 0)
        fail_msg("%s", err.msg);
}

static int setup(void **state)
{
    struct tu_kb_env *f = tu_kb_env_new(false);
    tu_kb_article(f->repo, "billing/refund.md", "id: A\ntitle: Request a refund\n",
                  "Open Billing and choose Request refund. The money goes back to your card "
                  "within ten days. Annual plans are prorated.\n");
    tu_kb_article(f->repo, "account/password.md", "id: B\ntitle: Reset your password\n",
                  "Click Forgot password on the sign-in page and follow the email link.\n");
    tu_kb_article(f->repo, "apps/slack.md", "id: C\ntitle: Connect Slack\n",
                  "Pick a Slack channel for project notifications.\n");
    if (tu_git(f->repo, "add -A") != 0 || tu_git(f->repo, "commit -q -m init") != 0)
        fail_msg("git commit failed in %s", f->repo);
    /* Resolved tickets: customers' words next to the agents' (and articles') words. */
    static const char *const t[][2] = {
        {"reimbursement please", "I was charged twice, I want a reimbursement. Refund issued."},
        {"reimbursement for annual plan", "Reimbursement of the unused months: refund prorated."},
        {"where is my reimbursement", "The refund goes back to your card within ten days."},
        {"credentials rejected", "My credentials do not work. Sent the reset password link."},
        {"lost credentials", "Forgot my credentials; use Forgot password and the email link."},
        {"credentials not accepted", "Credentials fail at sign-in: reset your password."},
        {"chat alerts", "Alerts in our chat tool: connect Slack and pick a channel."},
        {"chat alerts missing", "No chat alerts: check the Slack channel notifications."},
        {"reimbursement status", "Asked for a reimbursement; the refund is on its way."},
        {"credentials expired", "Credentials expired: the reset password email link fixes it."},
        {"chat alerts setup", "Chat alerts for the project: Slack channel integration."},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(t); i++)
        add_ticket(f->st, f->acct, (int)i, t[i][0], t[i][1]);
    tt_kb_search_cache_reset();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    tu_kb_env_free(*state);
    return 0;
}

static const char *top(struct tu_kb_env *f, const char *q, enum tt_kb_mode mode)
{
    static char id[32];
    struct tt_kb_search_opts o;
    tt_kb_search_opts_init(&o);
    o.mode = mode;
    o.log = false;
    struct tt_kb_result *r;
    size_t n;
    struct tt_err err;
    if (tt_kb_search(f->st, q, &o, &r, &n, &err) < 0)
        fail_msg("%s", err.msg);
    snprintf(id, sizeof id, "%s", n ? r[0].id : "-");
    tt_kb_results_free(r, n);
    return id;
}

static void test_paraphrase_without_shared_words(void **state)
{
    struct tu_kb_env *f = *state;
    struct tt_kb_index_opts o;
    tt_kb_index_opts_init(&o);
    struct tt_kb_index_report r;
    struct tt_err err;
    if (tt_kb_index(f->st, f->repo, &o, &r, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(r.retrained);
    tt_kb_index_report_clear(&r);
    static const struct {
        const char *q, *want;
    } cases[] = {
        {"reimbursement", "A"},
        {"credentials", "B"},
        {"chat alerts", "C"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        /* No article contains the word: full text finds nothing... */
        assert_string_equal(top(f, cases[i].q, TT_KB_LEXICAL), "-");
        /* ...the embedder, trained on tickets, finds the right one. */
        const char *got = top(f, cases[i].q, TT_KB_SEMANTIC);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("semantic '%s': got %s want %s", cases[i].q, got, cases[i].want);
        assert_string_equal(top(f, cases[i].q, TT_KB_HYBRID), cases[i].want);
    }
    /* Vectors are cached by content hash: re-indexing embeds nothing. */
    o.full = true;
    if (tt_kb_index(f->st, f->repo, &o, &r, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(r.embedded, 0);
    assert_false(r.retrained);
    tt_kb_index_report_clear(&r);
}

static void test_openai_client(void **state)
{
    struct tu_embed_server *fk = tu_embed_server_start();
    char *url = xasprintf("http://127.0.0.1:%d/v1", fk->port);
    struct tt_embeddings_req req = {url, "test-model", "sekret", 5};
    const char *texts[] = {"aaa", "banana!"};
    float out[6];
    int dim = 0;
    struct tt_err err;
    if (tt_embeddings_fetch(&req, texts, 2, out, 6, &dim, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(dim, 3);
    assert_true(out[0] == 3 && out[1] == 3 && out[2] == 1);
    assert_true(out[3] == 7 && out[4] == 3);
    assert_string_equal(fk->auth, "Bearer sekret");
    /* A size mismatch is an error naming the field. */
    dim = 4;
    assert_int_equal(tt_embeddings_fetch(&req, texts, 2, out, 6, &dim, &err), -1);
    assert_non_null(strstr(err.msg, "dimensions"));
    /* Server errors carry the server's message but never the key. */
    fk->status = 401;
    dim = 0;
    assert_int_equal(tt_embeddings_fetch(&req, texts, 1, out, 6, &dim, &err), -1);
    assert_non_null(strstr(err.msg, "HTTP 401: bad model"));
    assert_null(strstr(err.msg, "sekret"));
    /* Invalid UTF-8 is sent as U+FFFD, not dropped: every text keeps its vector. */
    fk->status = 0;
    const char *bad[] = {"aa", "Jos\xe9 caf\xc3", "aaaa"};
    dim = 0;
    float out3[9];
    if (tt_embeddings_fetch(&req, bad, 3, out3, 9, &dim, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(fk->inputs, 3);
    assert_true(out3[0] == 2 && out3[1] == 2);
    assert_true(out3[3] == 13 && out3[4] == 1); /* "Jos\ufffd caf\ufffd": 13 bytes */
    assert_true(out3[6] == 4 && out3[7] == 4);
    /* A server that returns fewer vectors than inputs is an error. */
    fk->drop = 1;
    assert_int_equal(tt_embeddings_fetch(&req, bad, 3, out3, 9, &dim, &err), -1);
    assert_non_null(strstr(err.msg, "sent 3 inputs, got 2 vectors"));
    fk->drop = 0;
    tu_embed_server_stop(fk);
    /* Plain http to a remote host would send the key in clear; other protocols are refused. */
    static const char *const refused[] = {"http://example.com/v1", "file:///etc/passwd",
                                          "ftp://127.0.0.1/v1", "http://127.0.0.1.example.com/v1"};
    for (size_t i = 0; i < TT_ARRAY_LEN(refused); i++) {
        struct tt_embeddings_req r2 = {refused[i], "m", "sekret", 5};
        if (tt_embeddings_fetch(&r2, texts, 1, out, 6, &dim, &err) != -1)
            fail_msg("%s accepted", refused[i]);
        assert_non_null(strstr(err.msg, "https is required"));
        assert_null(strstr(err.msg, "sekret"));
    }
    /* Nothing listening. */
    assert_int_equal(tt_embeddings_fetch(&req, texts, 1, out, 6, &dim, &err), -1);
    assert_non_null(strstr(err.msg, url));
    free(url);
}

static void test_openai_embedder_index(void **state)
{
    struct tu_kb_env *f = *state;
    struct tu_embed_server *fk = tu_embed_server_start();
    char *cfgtext = xasprintf("kb:\n  embedder: openai\n  embeddings:\n    url: "
                              "http://127.0.0.1:%d/v1\n    model: m\n    key_env: TT_TEST_KEY\n",
                              fk->port);
    char *cfgpath = tu_write_file(f->dir, "config.yaml", cfgtext);
    free(cfgtext);
    setenv("TT_TEST_KEY", "k123", 1);
    struct tt_err err;
    struct tt_config *cfg = tt_config_load(cfgpath, true, &err);
    if (!cfg)
        fail_msg("%s", err.msg);
    struct tt_kb_index_opts o;
    tt_kb_index_opts_init(&o);
    o.config = cfg;
    struct tt_kb_index_report r;
    if (tt_kb_index(f->st, f->repo, &o, &r, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(r.embedded, 3);
    tt_kb_index_report_clear(&r);
    assert_string_equal(fk->auth, "Bearer k123");
    struct tt_kb_search_opts so;
    tt_kb_search_opts_init(&so);
    so.mode = TT_KB_SEMANTIC;
    so.config = cfg;
    struct tt_kb_result *res;
    size_t n;
    if (tt_kb_search(f->st, "anything", &so, &res, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(n >= 1);
    tt_kb_results_free(res, n);
    tt_config_free(cfg);
    tu_embed_server_stop(fk);
    free(cfgpath);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_paraphrase_without_shared_words, setup, teardown),
        cmocka_unit_test(test_openai_client),
        cmocka_unit_test_setup_teardown(test_openai_embedder_index, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
