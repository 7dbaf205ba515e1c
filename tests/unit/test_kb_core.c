/*
 * test_kb_core.c: the knowledge base's pure logic, table-driven: filters,
 * query building, features, rank fusion, metrics, vectors and the SVD.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/kbcore.h"
#include "ticketty/util.h"

static void test_filters(void **state)
{
    static const struct {
        const char *aud, *vis, *cat;
        char a_aud, a_vis;
        const char *a_cat;
        bool want;
    } cases[] = {
        {"customer", NULL, NULL, 'c', 'p', "billing", true},
        {"customer", NULL, NULL, 'b', 'p', "billing", true},
        {"customer", NULL, NULL, 'i', 'p', "billing", false}, /* internal audience */
        {"customer", NULL, NULL, 'b', 'i', "billing", false}, /* internal visibility */
        {"customer", NULL, NULL, 'c', 'a', "billing", true},
        {"customer", "public", NULL, 'c', 'a', "billing", false},
        {"internal", NULL, NULL, 'c', 'p', "billing", false},
        {"internal", NULL, NULL, 'i', 'i', "billing", true},
        {NULL, NULL, NULL, 'i', 'i', "billing", true},
        {"any", "authenticated", NULL, 'b', 'a', "x", true},
        {"any", "authenticated", NULL, 'b', 'i', "x", false},
        {NULL, NULL, "Billing", 'b', 'p', "billing", true},
        {NULL, NULL, "account", 'b', 'p', "billing", false},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        int a = tt_kb_audience_filter(cases[i].aud);
        int v = tt_kb_visibility_level(cases[i].vis);
        assert_true(a >= 0 && v >= 0);
        bool got =
            tt_kb_filter_allows(a, v, cases[i].cat, cases[i].a_aud, cases[i].a_vis, cases[i].a_cat);
        if (got != cases[i].want)
            fail_msg("case %zu: got %d", i, got);
    }
    assert_int_equal(tt_kb_audience_filter("everyone"), -1);
    assert_int_equal(tt_kb_visibility_level("secret"), -1);
}

static void test_fts_query(void **state)
{
    static const struct {
        const char *q;
        bool prefix;
        const char *want; /* NULL = no query */
    } cases[] = {
        {"How do I get a refund?", false, "\"refund\""},
        {"refund money", false, "\"refund\" OR \"money\""},
        {"the", false, "\"the\""}, /* only stop words: keep them */
        {"", false, NULL},
        {"   ?!", false, NULL},
        {"pass", true, "\"pass\"*"},
        {"reset pass", true, "\"reset\" OR \"pass\"*"},
        {"reset pass ", true, "\"reset\" OR \"pass\""},
        {"say \"hi\" hi", false, "\"say\" OR \"hi\""},
        {"Café crème", false, "\"café\" OR \"crème\""},
        {"忘记密码", false, NULL}, /* CJK goes to the trigram index */
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char *got = tt_kb_fts_query(cases[i].q, cases[i].prefix);
        if (!cases[i].want)
            assert_null(got);
        else if (!got || strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got %s want %s", i, got ? got : "(null)", cases[i].want);
        free(got);
    }
}

static void test_cjk_query(void **state)
{
    static const struct {
        const char *q, *want;
    } cases[] = {
        {"忘记密码", "\"忘记密\" OR \"记密码\""},
        {"密码", NULL}, /* too short for trigrams */
        {"reset 重置密码 now", "\"重置密\" OR \"置密码\""},
        {"english only", NULL},
        {"如何退款？怎么办", "\"如何退\" OR \"何退款\" OR \"怎么办\""},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char *got = tt_kb_fts_cjk_query(cases[i].q);
        if (!cases[i].want)
            assert_null(got);
        else if (!got || strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got %s", i, got ? got : "(null)");
        free(got);
    }
    assert_true(tt_kb_has_cjk("abc 密码"));
    assert_false(tt_kb_has_cjk("abc déf"));
}

static void test_normalize_and_stem(void **state)
{
    char *n = tt_kb_normalize_query("  Reset   MY\tPassword ");
    assert_string_equal(n, "reset my password");
    free(n);
    static const struct {
        const char *in, *out;
    } stems[] = {
        {"refunds", "refund"},  {"refunded", "refund"},  {"charging", "charg"},
        {"policies", "policy"}, {"cancelled", "cancel"}, {"boxes", "box"},
        {"status", "status"},   {"pass", "pass"},        {"sso", "sso"},
        {"quickly", "quick"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(stems); i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s", stems[i].in);
        tt_kb_stem(buf);
        if (strcmp(buf, stems[i].out) != 0)
            fail_msg("stem %s: got %s want %s", stems[i].in, buf, stems[i].out);
    }
}

struct featlist {
    char buf[4096];
};

static void collect(const char *f, size_t len, float w, void *ud)
{
    struct featlist *l = ud;
    size_t n = strlen(l->buf);
    snprintf(l->buf + n, sizeof l->buf - n, "%.*s;", (int)len, f);
}

static void test_features(void **state)
{
    struct featlist l = {{0}};
    tt_kb_features("The refunds", collect, &l);
    assert_non_null(strstr(l.buf, "w:refund;"));
    assert_null(strstr(l.buf, "w:the;")); /* stop word */
    assert_non_null(strstr(l.buf, "c:<re;"));
    assert_non_null(strstr(l.buf, "c:nd>;"));
    memset(&l, 0, sizeof l);
    tt_kb_features("退款", collect, &l);
    assert_string_equal(l.buf, "h:退;h:款;k:退款;");
    memset(&l, 0, sizeof l);
    tt_kb_features("", collect, &l);
    assert_string_equal(l.buf, "");
}

static void test_rrf(void **state)
{
    const int64_t a[] = {1, 2, 3}, b[] = {3, 4};
    const int64_t *lists[] = {a, b};
    size_t lens[] = {3, 2};
    int64_t ids[8];
    double sc[8];
    size_t n = tt_kb_rrf(lists, lens, 2, 60, ids, sc, 8);
    assert_int_equal(n, 4);
    assert_int_equal(ids[0], 3); /* in both lists */
    assert_true(fabs(sc[0] - (1.0 / 63 + 1.0 / 61)) < 1e-12);
    assert_int_equal(ids[1], 1);
    assert_int_equal(ids[2], 2); /* 1/62 ties with 4 (1/62): first appearance wins */
    assert_int_equal(ids[3], 4);
    /* Empty inputs. */
    size_t zero[] = {0, 0};
    assert_int_equal(tt_kb_rrf(lists, zero, 2, 60, ids, sc, 8), 0);
    assert_int_equal(tt_kb_rrf(lists, lens, 0, 60, ids, sc, 8), 0);
    /* Max cuts. */
    assert_int_equal(tt_kb_rrf(lists, lens, 2, 60, ids, sc, 1), 1);
    assert_int_equal(ids[0], 3);
}

static void test_metrics(void **state)
{
    static const struct {
        size_t ranks[5];
        size_t n;
        double hit1, hit5, mrr;
    } cases[] = {
        {{0}, 0, 0, 0, 0}, /* no queries */
        {{1, 1}, 2, 1, 1, 1},
        {{1, 2, 0, 5}, 4, 0.25, 0.75, (1 + 0.5 + 0.2) / 4},
        {{6, 0}, 2, 0, 0, (1.0 / 6) / 2},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        struct tt_kb_metrics m = {0};
        for (size_t j = 0; j < cases[i].n; j++)
            tt_kb_metrics_add(&m, cases[i].ranks[j]);
        assert_true(fabs(tt_kb_metrics_hit1(&m) - cases[i].hit1) < 1e-12);
        assert_true(fabs(tt_kb_metrics_hit5(&m) - cases[i].hit5) < 1e-12);
        assert_true(fabs(tt_kb_metrics_mrr(&m) - cases[i].mrr) < 1e-12);
    }
    double v[] = {5, 1, 3, 2, 4};
    assert_true(fabs(tt_kb_percentile(v, 5, 50) - 3) < 1e-12);
    assert_true(fabs(tt_kb_percentile(v, 5, 100) - 5) < 1e-12);
    assert_true(tt_kb_percentile(v, 0, 50) == 0);
}

static void test_vectors(void **state)
{
    float v[3] = {3, 4, 0};
    assert_true(fabs(tt_vec_normalize(v, 3) - 5) < 1e-6);
    assert_true(fabs(tt_vec_dot(v, v, 3) - 1) < 1e-6);
    float z[2] = {0, 0};
    assert_true(tt_vec_normalize(z, 2) == 0);
    float scores[] = {0.1f, 0.9f, 0.5f, 0.9f, 0.7f};
    bool keep[] = {true, true, true, true, false};
    size_t idx[3];
    assert_int_equal(tt_vec_topk(scores, keep, 5, 3, idx), 3);
    assert_int_equal(idx[0], 1);
    assert_int_equal(idx[1], 3);
    assert_int_equal(idx[2], 2);
    assert_int_equal(tt_vec_topk(scores, NULL, 5, 0, idx), 0);
    assert_int_equal(tt_vec_topk(scores, NULL, 0, 3, idx), 0);
}

static void test_eigen(void **state)
{
    double a[9] = {2, 1, 0, 1, 2, 0, 0, 0, 5};
    double w[3], v[9];
    tt_sym_eigen(a, 3, w, v);
    assert_true(fabs(w[0] - 5) < 1e-9);
    assert_true(fabs(w[1] - 3) < 1e-9);
    assert_true(fabs(w[2] - 1) < 1e-9);
    assert_true(fabs(fabs(v[2 * 3 + 0]) - 1) < 1e-9); /* e3 for eigenvalue 5 */
}

static void test_lsa(void **state)
{
    /* Two topics: terms 0-2 co-occur, terms 3-5 co-occur.  Term 0 and term 2
     * never share a document but are related through term 1. */
    static const size_t ptr[] = {0, 2, 4, 6, 8, 10, 12};
    static const uint32_t term[] = {0, 1, 1, 2, 0, 1, 3, 4, 4, 5, 3, 5};
    static const float val[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    struct tt_lsa_matrix m = {6, 6, ptr, term, val};
    float u[6 * 4];
    double sigma[4];
    int r = tt_lsa_train(&m, 4, 2, 42, u, sigma);
    assert_true(r >= 2);
    assert_true(sigma[0] >= sigma[1] && sigma[1] > 0);
    /* Columns are orthonormal. */
    for (int a = 0; a < r; a++) {
        for (int b = 0; b < r; b++) {
            double s = 0;
            for (int t = 0; t < 6; t++)
                s += (double)u[t * 4 + a] * u[t * 4 + b];
            assert_true(fabs(s - (a == b)) < 1e-4);
        }
    }
    /* In the top-2 space, term 0 is close to term 2 and far from term 4. */
    float t0[2] = {u[0], u[1]}, t2[2] = {u[8], u[9]}, t4[2] = {u[16], u[17]};
    tt_vec_normalize(t0, 2);
    tt_vec_normalize(t2, 2);
    tt_vec_normalize(t4, 2);
    assert_true(tt_vec_dot(t0, t2, 2) > 0.9f);
    assert_true(fabs(tt_vec_dot(t0, t4, 2)) < 0.2f);
    /* Empty matrix: rank 0, zeros. */
    static const size_t eptr[] = {0};
    struct tt_lsa_matrix e = {0, 6, eptr, NULL, NULL};
    assert_int_equal(tt_lsa_train(&e, 4, 2, 1, u, sigma), 0);
    assert_true(u[0] == 0 && sigma[0] == 0);
}

static void test_review_flags(void **state)
{
    const int64_t day = 86400, now = 1000 * day;
    static const struct {
        int64_t yes, no, reviewed;
        int every;
        int want;
    } cases[] = {
        {0, 0, 990, 180, 0},                     /* zero votes, fresh */
        {2, 9, 990, 180, TT_KB_REVIEW_LOW_RATE}, /* 11 votes, 18% */
        {1, 9, 990, 180, 0},                     /* exactly 10 votes: not more than 10 */
        {6, 5, 990, 180, 0},                     /* 55% helpful */
        {5, 6, 990, 180, TT_KB_REVIEW_LOW_RATE}, /* 45% */
        {0, 0, 700, 180, TT_KB_REVIEW_STALE},    /* 300 days ago */
        {0, 0, 820, 180, 0},                     /* exactly 180 days: not older */
        {0, 0, 0, 180, TT_KB_REVIEW_NEVER},
        {0, 20, 0, 30, TT_KB_REVIEW_NEVER | TT_KB_REVIEW_LOW_RATE},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        int got = tt_kb_review_flags(cases[i].yes, cases[i].no,
                                     cases[i].reviewed ? cases[i].reviewed * day : 0,
                                     cases[i].every, now, 10, 0.5);
        if (got != cases[i].want)
            fail_msg("case %zu: got %d want %d", i, got, cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filters),      cmocka_unit_test(test_fts_query),
        cmocka_unit_test(test_cjk_query),    cmocka_unit_test(test_normalize_and_stem),
        cmocka_unit_test(test_features),     cmocka_unit_test(test_rrf),
        cmocka_unit_test(test_metrics),      cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_eigen),        cmocka_unit_test(test_lsa),
        cmocka_unit_test(test_review_flags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
