/*
 * test_kb_grams.c: the short CJK word index's pure half (src/core/kb_text.c):
 * the segmentation its tokenizer feeds FTS5 (tt_kb_grams) and the MATCH
 * expressions built for it (tt_kb_fts_grams_query), table-driven.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/kbcore.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

struct render {
    const char *input;
    struct tt_buf out;
    int stop_after; /* 0: never */
    int seen;
};

/* Tokens as "tok" separated by spaces, a colocated one as "+tok"; checks that
 * every token's byte range lies in the input and that a CJK token is its range. */
static int render_one(const struct tt_kb_gram *g, void *ud)
{
    struct render *r = ud;
    size_t in_len = strlen(r->input);
    if (g->start >= g->end || g->end > in_len)
        fail_msg("token %.*s: bad range [%zu, %zu) in %zu bytes", (int)g->len, g->text, g->start,
                 g->end, in_len);
    unsigned int cp;
    tt_utf8_decode(g->text, g->len, &cp);
    if (tt_kb_is_cjk(cp) && g->text != r->input + g->start)
        fail_msg("CJK token %.*s does not point at its range", (int)g->len, g->text);
    if (r->out.len)
        tt_buf_putc(&r->out, ' ');
    if (g->colocated)
        tt_buf_putc(&r->out, '+');
    tt_buf_append(&r->out, g->text, g->len);
    r->seen++;
    return r->stop_after && r->seen == r->stop_after ? 7 : 0;
}

static char *render(const char *text, bool query)
{
    struct render r = {text, {0}, 0, 0};
    assert_int_equal(tt_kb_grams(text, strlen(text), query, render_one, &r), 0);
    return tt_buf_steal(&r.out);
}

static void test_segment_documents(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"", ""},
        {"退", "退"},                                  /* one character: its unigram */
        {"退款", "退 +退款 款"},                       /* a two-character word */
        {"申请退款", "申 +申请 请 +请退 退 +退款 款"}, /* overlapping bigrams */
        {"Refund 退款 API", "refund 退 +退款 款 api"}, /* mixed: words lower-cased */
        {"API密钥", "api 密 +密钥 钥"},                /* no space between scripts */
        {"退款，发票。", "退 +退款 款 发 +发票 票"},   /* full-width punctuation splits runs */
        {"退款 发票", "退 +退款 款 发 +发票 票"},      /* so does a space: no 款发 */
        {"ＡＰＩ密钥", "ＡＰＩ 密 +密钥 钥"},          /* full-width Latin is a word */
        {"（退款）", "退 +退款 款"},                   /* full-width brackets */
        {"パスワード", "パ +パス ス +スワ ワ +ワー ー +ード ド"}, /* katakana, long vowel mark */
        {"ひらがな", "ひ +ひら ら +らが が +がな な"},            /* hiragana */
        {"비밀번호", "비 +비밀 밀 +밀번 번 +번호 호"},            /* hangul */
        {"密码 reset-token 2FA", "密 +密码 码 reset token 2fa"},
        {"  ...!? ", ""}, /* punctuation only */
        {"Café crème", "café crème"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char *got = render(cases[i].text, false);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu (%s): got \"%s\" want \"%s\"", i, cases[i].text, got, cases[i].want);
        free(got);
    }
}

static void test_segment_queries(void **state)
{
    (void)state;
    /* A query run is a phrase: its bigrams at consecutive positions, which
     * line up with the document's colocated bigrams. */
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"", ""},
        {"退", "退"},
        {"退款", "退款"},
        {"申请退款", "申请 请退 退款"},
        {"退款，发票", "退款 发票"},
        {"API 密钥", "api 密钥"},
        {"退 款", "退 款"}, /* the snippet form: a phrase of unigrams */
        {"パスワード", "パス スワ ワー ード"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char *got = render(cases[i].text, true);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu (%s): got \"%s\" want \"%s\"", i, cases[i].text, got, cases[i].want);
        free(got);
    }
}

static void test_segment_limits(void **state)
{
    (void)state;
    /* A non-zero return stops the walk and is passed back. */
    struct render r = {"申请退款 refund", {0}, 3, 0};
    assert_int_equal(tt_kb_grams(r.input, strlen(r.input), false, render_one, &r), 7);
    assert_string_equal(tt_buf_str(&r.out), "申 +申请 请");
    tt_buf_free(&r.out);
    /* Only len bytes are read: the text need not end there. */
    char *got = NULL;
    struct render r2 = {"退款发票", {0}, 0, 0};
    assert_int_equal(tt_kb_grams(r2.input, 6, false, render_one, &r2), 0);
    got = tt_buf_steal(&r2.out);
    assert_string_equal(got, "退 +退款 款");
    free(got);
    /* A long word is cut at a character boundary, TT_KB_GRAM_MAX bytes at most. */
    struct tt_buf w = {0};
    for (int i = 0; i < 40; i++)
        tt_buf_puts(&w, "é");
    got = render(tt_buf_str(&w), false);
    assert_int_equal(strlen(got), TT_KB_GRAM_MAX);
    assert_memory_equal(got, tt_buf_str(&w), TT_KB_GRAM_MAX);
    free(got);
    tt_buf_free(&w);
    /* Invalid UTF-8 is skipped, not read past. */
    got = render("\xe9\x80 退款 \xff", false);
    assert_string_equal(got, "退 +退款 款");
    free(got);
}

static void test_grams_query(void **state)
{
    (void)state;
    static const struct {
        const char *q;
        bool long_runs, spaced;
        const char *want;
    } cases[] = {
        {"退款", false, false, "\"退款\""},
        {"退", false, false, "\"退\""},
        {"退款 发票 退款", false, false, "\"退款\" OR \"发票\""}, /* once each */
        {"退款 refund", false, false, "\"退款\""},                /* Latin goes elsewhere */
        {"API 密钥", false, false, "\"密钥\""},
        {"english only", false, false, NULL},
        {"", false, false, NULL},
        {"忘记密码", false, false, NULL}, /* three or more: the trigram index */
        {"忘记密码", true, false, "\"忘记\" OR \"记密\" OR \"密码\""},
        {"如何退款 退款", true, false, "\"如何\" OR \"何退\" OR \"退款\""},
        {"重置密码 退款", false, false, "\"退款\""},
        {"密\"码", false, false, "\"密\" OR \"码\""}, /* a quote splits, never leaks */
        {"退款，发票", false, false, "\"退款\" OR \"发票\""},
        {"パス", false, false, "\"パス\""},
        {"退款", false, true, "\"退 款\""},
        {"退款 退", false, true, "\"退 款\" OR \"退\""},
        {"忘记密码", true, true, "\"忘 记\" OR \"记 密\" OR \"密 码\""},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char *got = tt_kb_fts_grams_query(cases[i].q, cases[i].long_runs, cases[i].spaced);
        if (!cases[i].want) {
            if (got)
                fail_msg("case %zu (%s): got %s want NULL", i, cases[i].q, got);
        } else if (!got || strcmp(got, cases[i].want) != 0) {
            fail_msg("case %zu (%s): got %s want %s", i, cases[i].q, got ? got : "(null)",
                     cases[i].want);
        }
        free(got);
    }
    char *none = tt_kb_fts_grams_query(NULL, true, false);
    assert_null(none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_segment_documents),
        cmocka_unit_test(test_segment_queries),
        cmocka_unit_test(test_segment_limits),
        cmocka_unit_test(test_grams_query),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
