/*
 * test_triage_llm.c: the optional LLM classifier against a fake OpenAI-style
 * chat completions server on loopback: answers in plain JSON, in prose with a
 * code fence, percentages, labels outside the list, HTTP errors, the bearer
 * key, and triage with `classifier: llm` (confidence capped, the rule shown,
 * the built-in answer kept when the endpoint fails).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakesrv.h"
#include "testutil.h"
#include "ticketty/chat.h"
#include "ticketty/config.h"
#include "ticketty/store_triage.h"
#include "ticketty/triage.h"
#include "ticketty/util.h"

struct seen {
    int requests;
    char auth[128];
    char body[8192];
};

static void handler(void *ud, const struct fs_request *rq, struct fs_response *rs)
{
    struct seen *s = ud;
    s->requests++;
    snprintf(s->auth, sizeof s->auth, "%s", rq->auth ? rq->auth : "");
    snprintf(s->body, sizeof s->body, "%.*s", (int)rq->body_len, rq->body);
    const char *content;
    if (strcmp(rq->path, "/v1/chat/completions") != 0) {
        rs->status = 404;
        rs->body = xstrdup("{\"error\": {\"message\": \"no such route\"}}");
        return;
    }
    if (strstr(rq->body, "CASE-FENCE"))
        content = "Sure! Here it is:\\n```json\\n{\\\"label\\\": \\\"Login\\\", "
                  "\\\"confidence\\\": 87}\\n```";
    else if (strstr(rq->body, "CASE-UNKNOWN"))
        content = "{\\\"label\\\": \\\"weather\\\", \\\"confidence\\\": 0.99}";
    else if (strstr(rq->body, "CASE-PROSE"))
        content = "I think it is about money.";
    else if (strstr(rq->body, "CASE-401")) {
        rs->status = 401;
        rs->body = xstrdup("{\"error\": {\"message\": \"bad key\"}}");
        return;
    } else
        content = "{\\\"label\\\": \\\"billing\\\", \\\"confidence\\\": 0.97}";
    rs->body = xasprintf("{\"id\": \"x\", \"choices\": [{\"index\": 0, \"message\": "
                         "{\"role\": \"assistant\", \"content\": \"%s\"}}]}",
                         content);
}

static void test_classify(void **state)
{
    struct seen seen = {0};
    struct fakesrv *srv = fs_start(0, handler, &seen);
    assert_non_null(srv);
    char *base = xasprintf("%s/v1", fs_url(srv));
    struct tt_chat_req req = {.url = base, .model = "tiny", .key = "sk-test", .timeout_s = 5};
    static const char *const labels[] = {"billing", "login", "cancellation"};
    static const struct {
        const char *text;
        int rc, label;
        double conf;
        const char *err;
    } cases[] = {
        {"I was charged twice", 0, 0, 0.97, NULL},
        {"CASE-FENCE cannot log in", 0, 1, 0.87, NULL},
        {"CASE-UNKNOWN is it raining", -1, -1, 0, "names no label"},
        {"CASE-PROSE hmm", -1, -1, 0, "names no label"},
        {"CASE-401 x", -1, -1, 0, "HTTP 401: bad key"},
        {"", 0, 0, 0.97, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int label;
        double conf;
        struct tt_err err = {{0}};
        int rc = tt_chat_classify(&req, labels, 3, cases[i].text, &label, &conf, &err);
        if (rc != cases[i].rc || label != cases[i].label ||
            (rc == 0 && (conf < cases[i].conf - 1e-9 || conf > cases[i].conf + 1e-9)))
            fail_msg("case %zu: rc %d label %d conf %.3f (%s)", i, rc, label, conf, err.msg);
        if (cases[i].err && !strstr(err.msg, cases[i].err))
            fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, cases[i].err);
        /* The key never shows up in an error message. */
        assert_null(strstr(err.msg, "sk-test"));
    }
    assert_string_equal(seen.auth, "Bearer sk-test");
    assert_non_null(strstr(seen.body, "\"model\":\"tiny\""));
    assert_non_null(strstr(seen.body, "- cancellation"));
    /* A long Latin-1 body, cut inside the 4,000-byte limit, still goes out
     * (as valid UTF-8), and the model's answer comes back. */
    {
        char *big = xmalloc(5001);
        memset(big, 'a', 5000);
        big[0] = '\xe9';                   /* Latin-1 e-acute */
        memcpy(big + 3999, "\xc3\xa9", 2); /* UTF-8 e-acute across the cut */
        big[5000] = 0;
        int l;
        double cf;
        struct tt_err e = {{0}};
        if (tt_chat_classify(&req, labels, 3, big, &l, &cf, &e) != 0)
            fail_msg("long body: %s", e.msg);
        assert_int_equal(l, 0);
        free(big);
    }
    /* Plain http to a non-loopback host is refused before any request. */
    int before = seen.requests, label;
    double conf;
    struct tt_err err;
    struct tt_chat_req far = {.url = "http://example.com/v1", .model = "m"};
    assert_int_equal(tt_chat_classify(&far, labels, 3, "x", &label, &conf, &err), -1);
    assert_non_null(strstr(err.msg, "https is required"));
    assert_int_equal(seen.requests, before);
    free(base);
    fs_stop(srv);
}

static void test_triage_with_llm(void **state)
{
    struct seen seen = {0};
    struct fakesrv *srv = fs_start(0, handler, &seen);
    assert_non_null(srv);
    char *dir = tu_tmpdir();
    char *db = xasprintf("%s/t.db", dir);
    struct tt_err err;
    struct tt_store *st = tt_store_open(db, &err);
    assert_non_null(st);
    int64_t acct, a, b;
    assert_int_equal(tt_store_account_upsert(st, "local", "local", NULL, &acct, &err), 0);
    struct tt_ticket t = {.account_id = acct,
                          .external_id = "1",
                          .subject = "Invoice",
                          .description = "charged twice",
                          .status = TT_STATUS_NEW,
                          .priority = TT_PRIORITY_NORMAL,
                          .created_at = 1,
                          .updated_at = 1};
    assert_int_equal(tt_store_ticket_upsert(st, &t, &a, &err), 0);
    t.external_id = "2";
    t.description = "CASE-401 please";
    assert_int_equal(tt_store_ticket_upsert(st, &t, &b, &err), 0);
    char *yaml = xasprintf("triage:\n  classifier: llm\n  llm:\n    url: %s/v1\n    model: tiny\n"
                           "    labels: [billing, login]\n    max_confidence: 0.8\n",
                           fs_url(srv));
    char *path = tu_write_file(dir, "config.yaml", yaml);
    struct tt_config *cfg = tt_config_load(path, true, &err);
    if (!cfg)
        fail_msg("%s", err.msg);
    int64_t done;
    assert_int_equal(tt_triage_pending(st, cfg, 0, &done, &err), 0);
    assert_int_equal(done, 2);
    struct tt_triage_result r;
    assert_int_equal(tt_store_triage_result_get(st, a, &r, &err), 1);
    assert_string_equal(r.category, "billing");
    assert_true(r.confidence > 0.79 && r.confidence < 0.81); /* 0.97 capped at 0.8 */
    assert_non_null(strstr(r.rules, "category from the LLM tiny: billing"));
    assert_null(r.draft); /* 0.8 is not above 0.9 */
    tt_triage_result_clear(&r);
    assert_int_equal(tt_store_triage_result_get(st, b, &r, &err), 1);
    assert_null(r.category); /* no built-in model to fall back on */
    assert_non_null(strstr(r.rules, "LLM classifier failed"));
    tt_triage_result_clear(&r);
    /* classifier: llm without a URL is a configuration error at file:line. */
    char *bad = tu_write_file(dir, "bad.yaml", "triage:\n  classifier: llm\n");
    assert_null(tt_config_load(bad, true, &err));
    assert_non_null(strstr(err.msg, "bad.yaml:2: triage.classifier: llm needs triage.llm.url"));
    free(bad);
    tt_config_free(cfg);
    free(path);
    free(yaml);
    tt_store_close(st);
    free(db);
    tu_rmtree(dir);
    free(dir);
    fs_stop(srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_triage_with_llm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
