/*
 * test_triage_classifier.c: the classifier on small generated data sets:
 * learning, calibration bounds, explanations, CJK and hostile text, image
 * round trips and damaged images, the pairs' stem, the spelling map, images
 * of the older format (tests/data/triage_model_v1.bin, saved by the
 * classifier before the spelling map), and the evaluation figures.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/classifier.h"
#include "ticketty/util.h"

/* Texts built from a label's own words plus shared filler, deterministic. */
static const char *const vocab[][6] = {
    {"refund", "money back", "charged twice", "reimburse", "return my payment", "overcharged"},
    {"password", "log in", "locked out", "reset link", "two-factor code", "sign in"},
    {"cancel", "close my account", "unsubscribe", "stop my plan", "terminate", "leave"},
    {"退款", "退钱", "扣款两次", "返还费用", "多收费", "退回款项"},
};
static const char *const labels[] = {"billing", "login", "cancel", "refund_zh"};
static const char *const filler[] = {"please help", "hi team", "urgent", "thanks",
                                     "I need to",   "can you", "today",  "my order"};

struct dataset {
    struct tt_clf_example *ex;
    char **texts;
    size_t n;
};

static void make_data(struct dataset *d, size_t per_label)
{
    size_t L = sizeof labels / sizeof labels[0];
    d->n = per_label * L;
    d->ex = xcalloc(d->n, sizeof *d->ex);
    d->texts = xcalloc(d->n, sizeof *d->texts);
    size_t k = 0;
    for (size_t i = 0; i < per_label; i++) {
        for (size_t l = 0; l < L; l++, k++) {
            d->texts[k] = xasprintf("%s %s %s %s", filler[(i * 3 + l) % 8], vocab[l][i % 6],
                                    filler[(i + 5 * l) % 8], vocab[l][(i / 6 + 1) % 6]);
            d->ex[k].text = d->texts[k];
            d->ex[k].label = labels[l];
        }
    }
}

static void free_data(struct dataset *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->texts[i]);
    free(d->texts);
    free(d->ex);
}

static struct tt_clf *train(const struct dataset *d)
{
    struct tt_err err;
    struct tt_clf_params p;
    tt_clf_params_default(&p);
    struct tt_clf *m = tt_clf_train(d->ex, d->n, &p, &err);
    if (!m)
        fail_msg("train: %s", err.msg);
    return m;
}

static void test_learns(void **state)
{
    struct dataset d;
    make_data(&d, 40);
    struct tt_clf *m = train(&d);
    assert_int_equal(tt_clf_n_labels(m), 4);
    assert_int_equal(tt_clf_train_size(m), d.n);
    assert_true(tt_clf_n_features(m) > 50);
    assert_true(tt_clf_temperature(m) > 0);
    static const struct {
        const char *text;
        const char *want;
    } cases[] = {
        {"I was charged twice, I want a refund", "billing"},
        {"cannot log in, the reset link does not work", "login"},
        {"Please CANCEL and close my account", "cancel"},
        {"我要退款，你们多收费了", "refund_zh"},
        {"OVERCHARGED!!! refund refund", "billing"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tt_clf_result r;
        double probs[4];
        tt_clf_predict(m, cases[i].text, &r, probs);
        if (strcmp(tt_clf_label(m, (size_t)r.label), cases[i].want) != 0)
            fail_msg("case %zu: '%s' -> %s (%.3f)", i, cases[i].text,
                     tt_clf_label(m, (size_t)r.label), r.confidence);
        double sum = 0;
        for (int c = 0; c < 4; c++)
            sum += probs[c];
        assert_true(fabs(sum - 1.0) < 1e-6);
        assert_true(r.confidence >= r.second_confidence);
        assert_true(r.second >= 0 && r.second != r.label);
    }
    tt_clf_free(m);
    free_data(&d);
}

/* Empty, whitespace-only, hostile and binary-ish texts classify without
 * crashing and with a valid, not overconfident, distribution. */
static void test_odd_texts(void **state)
{
    struct dataset d;
    make_data(&d, 30);
    struct tt_clf *m = train(&d);
    static const char *const texts[] = {
        NULL,
        "",
        "   \t\r\n  ",
        "\x1b[31mred\x1b[0m \x1b]0;title\x07",
        "\xff\xfe\xfd invalid utf8 \xc0\xaf",
        "'''\"\"\",,,;;;",
        "0000 1234 5678 9999",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "😀😀 emoji only 😀",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct tt_clf_result r;
        tt_clf_predict(m, texts[i], &r, NULL);
        assert_true(r.label >= 0 && r.label < 4);
        assert_true(r.confidence > 0 && r.confidence <= 1.0);
        struct tt_clf_term terms[5];
        size_t nt = tt_clf_explain(m, texts[i], r.label, terms, 5);
        assert_true(nt <= 5);
    }
    /* A text with no known feature is not a confident prediction. */
    struct tt_clf_result r;
    tt_clf_predict(m, "", &r, NULL);
    assert_true(r.confidence < 0.9);
    tt_clf_free(m);
    free_data(&d);
}

static void test_explain(void **state)
{
    struct dataset d;
    make_data(&d, 40);
    struct tt_clf *m = train(&d);
    const char *text = "hi team, I am locked out again";
    struct tt_clf_result r;
    tt_clf_predict(m, text, &r, NULL);
    assert_string_equal(tt_clf_label(m, (size_t)r.label), "login");
    struct tt_clf_term terms[3];
    size_t nt = tt_clf_explain(m, text, r.label, terms, 3);
    assert_true(nt >= 1);
    /* "locked" or "out" carries the label, not the filler. */
    assert_true(strcmp(terms[0].word, "locked") == 0 || strcmp(terms[0].word, "out") == 0);
    for (size_t i = 1; i < nt; i++)
        assert_true(terms[i - 1].weight >= terms[i].weight);
    assert_int_equal(tt_clf_explain(m, text, 99, terms, 3), 0);
    tt_clf_free(m);
    free_data(&d);
}

static void test_roundtrip(void **state)
{
    struct dataset d;
    make_data(&d, 30);
    struct tt_clf *m = train(&d);
    size_t len;
    unsigned char *img = tt_clf_save(m, &len);
    struct tt_err err;
    struct tt_clf *m2 = tt_clf_load(img, len, &err);
    if (!m2)
        fail_msg("load: %s", err.msg);
    assert_int_equal(tt_clf_n_labels(m2), tt_clf_n_labels(m));
    assert_int_equal(tt_clf_n_features(m2), tt_clf_n_features(m));
    assert_true(tt_clf_temperature(m2) == tt_clf_temperature(m));
    assert_int_equal(tt_clf_format(m), 2);
    assert_int_equal(tt_clf_format(m2), 2);
    assert_memory_equal(img, "TTCLF002", 8);
    for (size_t i = 0; i < d.n; i++) {
        struct tt_clf_result a, b;
        tt_clf_predict(m, d.ex[i].text, &a, NULL);
        tt_clf_predict(m2, d.ex[i].text, &b, NULL);
        assert_int_equal(a.label, b.label);
        assert_true(a.confidence == b.confidence);
    }
    /* Damaged images are refused, never trusted. */
    unsigned char *bad = xmalloc(len);
    memcpy(bad, img, len);
    bad[len / 2] ^= 0x40;
    assert_null(tt_clf_load(bad, len, &err));
    assert_non_null(strstr(err.msg, "damaged"));
    assert_null(tt_clf_load(img, len - 9, &err));
    assert_null(tt_clf_load("TTCLF001", 8, &err));
    assert_null(tt_clf_load("TTCLF002", 8, &err));
    assert_null(tt_clf_load("not a model at all, just text....", 33, &err));
    /* A format from a later ticketty: refused, saying how to get a model. */
    memcpy(bad, img, len);
    memcpy(bad, "TTCLF003", 8);
    assert_null(tt_clf_load(bad, len, &err));
    assert_non_null(strstr(err.msg, "ticketty triage train"));
    free(bad);
    free(img);
    tt_clf_free(m2);
    tt_clf_free(m);
    free_data(&d);
}

/* The stem of the word pairs: suffixes off, doubled consonants undone, a
 * final e dropped, so the forms of a verb or noun meet.  It is a light
 * stem, not a dictionary: "apply" loses -ly ("app") while "applies" and
 * "applied" give "apply", as measured. */
static void test_stem(void **state)
{
    static const struct {
        const char *word, *stem;
    } cases[] = {
        {"charge", "charg"},
        {"charges", "charg"},
        {"charged", "charg"},
        {"charging", "charg"},
        {"refund", "refund"},
        {"refunds", "refund"},
        {"refunded", "refund"},
        {"refunding", "refund"},
        {"transferred", "transfer"},
        {"transfer", "transfer"},
        {"topping", "top"},
        {"applies", "apply"},
        {"applied", "apply"},
        {"apply", "app"},
        {"cards", "card"},
        {"fees", "fee"},
        {"fee", "fee"},
        {"free", "fre"},
        {"quickly", "quick"},
        {"access", "acces"},
        {"address", "addres"},
        {"yes", "yes"},
        {"bus", "bus"},
        {"is", "is"},
        {"", ""},
        {"0000s", "0000s"},
        {"Cards", "Cards"},
        {"café", "café"},
        {"退款", "退款"},
        {"charges2", "charges2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64];
        size_t n = tt_clf_stem(cases[i].word, out, sizeof out);
        if (strcmp(out, cases[i].stem) != 0 || n != strlen(cases[i].stem))
            fail_msg("stem '%s' -> '%s' (%zu), want '%s'", cases[i].word, out, n, cases[i].stem);
    }
    /* The output is cut to its buffer, never past it. */
    char small[4];
    assert_int_equal(tt_clf_stem("refunding", small, sizeof small), 3);
    assert_string_equal(small, "ref");
    assert_int_equal(tt_clf_stem("refund", small, 0), 0);
}

/* Training texts for the spelling map: frequent words (seen 6 or more
 * times), a few misspellings seen once or twice, a near word seen 3 times
 * (kept as itself), short, digit and CJK words. */
static void spell_data(struct dataset *d, size_t card, size_t cart)
{
    static const char *const once[] = {
        "pasword reset please", "passwrd not accepted", "refnud my order", "the refnud is late",
        "my apps crashed",      "lgo in fails",         "退歀 please",     "passwords all gone",
        "passwords again",      "passwords expired",
    };
    size_t n = 0, cap = 200;
    d->ex = xcalloc(cap, sizeof *d->ex);
    d->texts = xcalloc(cap, sizeof *d->texts);
    for (size_t i = 0; i < 8; i++) {
        d->texts[n] = xasprintf("password reset for login %zu", i);
        d->ex[n].label = "login";
        d->texts[n + 1] = xasprintf("refund my order with the app %zu", i);
        d->ex[n + 1].label = "billing";
        d->texts[n + 2] = xasprintf("log in fails, 退款 0000 %zu", i);
        d->ex[n + 2].label = "login";
        n += 3;
    }
    for (size_t i = 0; i < card; i++, n++) {
        d->texts[n] = xasprintf("lost card %zu", i);
        d->ex[n].label = "cards";
    }
    for (size_t i = 0; i < cart; i++, n++) {
        d->texts[n] = xasprintf("empty cart %zu", i);
        d->ex[n].label = "billing";
    }
    for (size_t i = 0; i < sizeof once / sizeof once[0]; i++, n++) {
        d->texts[n] = xstrdup(once[i]);
        d->ex[n].label = i % 2 ? "login" : "billing";
    }
    for (size_t i = 0; i < n; i++)
        d->ex[i].text = d->texts[i];
    d->n = n;
}

static void test_spelling(void **state)
{
    struct dataset d;
    spell_data(&d, 6, 6);
    struct tt_clf *m = train(&d);
    assert_true(tt_clf_spelling_words(m) > 5);
    static const struct {
        const char *word, *want; /* NULL: read only as itself */
    } cases[] = {
        {"pasword", "password"},   /* seen once, a letter missing */
        {"passwrod", "password"},  /* never seen, two letters swapped */
        {"passsword", "password"}, /* a letter too many */
        {"pessword", "password"},  /* a letter changed */
        {"refnud", "refund"},      /* seen twice */
        {"apps", "app"},           /* the frequent word may have 3 letters */
        {"password", NULL},        /* frequent words are never read as another */
        {"refund", NULL},
        {"card", NULL},      /* one edit from "cart", but frequent */
        {"passwords", NULL}, /* seen 3 times: itself */
        {"lgo", NULL},       /* fewer than 4 letters */
        {"logn", "log"},     /* "log" and "login", 8 times each: the first in byte order */
        {"0000", NULL},      /* digits */
        {"passw0rd", NULL},
        {"Pasword", NULL}, /* not a token: tokens are lower-case */
        {"退歀", NULL},    /* CJK */
        {"退款", NULL},
        {"résumé", NULL},
        {"", NULL},
        {"xyzzy", NULL}, /* nothing near */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = tt_clf_spelling(m, cases[i].word);
        if (cases[i].want ? !got || strcmp(got, cases[i].want) != 0 : got != NULL)
            fail_msg("spelling '%s' -> '%s', want '%s'", cases[i].word, got ? got : "(itself)",
                     cases[i].want ? cases[i].want : "(itself)");
    }
    assert_null(tt_clf_spelling(m, NULL));
    tt_clf_free(m);
    free_data(&d);

    /* "carx" is one edit from "card" and "cart": the more frequent wins, and
     * at equal counts the first in byte order, whatever the texts' order. */
    static const struct {
        size_t card, cart;
        const char *want;
    } ties[] = {{6, 6, "card"}, {6, 9, "cart"}, {9, 6, "card"}, {3, 6, "cart"}};
    for (size_t i = 0; i < sizeof ties / sizeof ties[0]; i++) {
        spell_data(&d, ties[i].card, ties[i].cart);
        m = train(&d);
        const char *got = tt_clf_spelling(m, "carx");
        if (!got || strcmp(got, ties[i].want) != 0)
            fail_msg("card %zu cart %zu: carx -> %s, want %s", ties[i].card, ties[i].cart,
                     got ? got : "(itself)", ties[i].want);
        tt_clf_free(m);
        free_data(&d);
    }
}

/* The map travels in the image: the loaded model reads words as the trained
 * one does and classifies the same; training twice gives the same bytes. */
static void test_spelling_roundtrip(void **state)
{
    struct dataset d;
    spell_data(&d, 6, 6);
    struct tt_clf *m = train(&d), *again = train(&d);
    size_t len, len2;
    unsigned char *img = tt_clf_save(m, &len), *img2 = tt_clf_save(again, &len2);
    assert_int_equal(len, len2);
    assert_memory_equal(img, img2, len);
    struct tt_err err;
    struct tt_clf *back = tt_clf_load(img, len, &err);
    if (!back)
        fail_msg("load: %s", err.msg);
    assert_int_equal(tt_clf_spelling_words(back), tt_clf_spelling_words(m));
    static const char *const words[] = {"pasword", "passwrod", "refnud", "apps", "carx", "card"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        const char *a = tt_clf_spelling(m, words[i]), *b = tt_clf_spelling(back, words[i]);
        assert_true(a ? b && strcmp(a, b) == 0 : !b);
    }
    static const char *const texts[] = {"pasword resett plese", "refnud for my ordr",
                                        "carx is empty", "退歀", ""};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct tt_clf_result a, b;
        tt_clf_predict(m, texts[i], &a, NULL);
        tt_clf_predict(back, texts[i], &b, NULL);
        assert_int_equal(a.label, b.label);
        assert_true(a.confidence == b.confidence);
    }
    unsigned char *img3 = tt_clf_save(back, &len2);
    assert_int_equal(len, len2);
    assert_memory_equal(img, img3, len);
    /* A spelling part out of order or with a word the map cannot hold is
     * refused (the checksum is made to match, as a bad writer would). */
    size_t off = 8 + 4 + 4 + 8 + 8;
    for (size_t c = 0; c < tt_clf_n_labels(m); c++)
        off += 4 + strlen(tt_clf_label(m, c));
    off += 4; /* the spelling map's word count */
    for (int k = 0; k < 2; k++) {
        memcpy(img3, img, len);
        if (k == 0)
            img3[off + 1] = 'Z'; /* first word: not lower-case */
        else
            img3[off + 1] = 0x7f; /* first word now sorts after the second */
        uint64_t h = 0xcbf29ce484222325ULL;
        for (size_t i = 0; i < len - 8; i++) {
            h ^= img3[i];
            h *= 0x100000001b3ULL;
        }
        for (int i = 0; i < 8; i++)
            img3[len - 8 + (size_t)i] = (unsigned char)(h >> (8 * i));
        assert_null(tt_clf_load(img3, len, &err));
        assert_non_null(strstr(err.msg, "truncated or inconsistent"));
    }
    free(img);
    free(img2);
    free(img3);
    tt_clf_free(back);
    tt_clf_free(again);
    tt_clf_free(m);
    free_data(&d);
}

/* An image saved before the spelling map ("TTCLF001", a model stored by an
 * earlier ticketty) still loads and classifies exactly as it did then: the
 * labels and confidences below were printed by that classifier.  Saving it
 * again gives the same bytes. */
static void test_old_image(void **state)
{
    char *path = xasprintf("%s/tests/data/triage_model_v1.bin", tu_repo_root());
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    unsigned char *img = xmalloc(1 << 16);
    size_t len = fread(img, 1, 1 << 16, f);
    fclose(f);
    free(path);
    assert_memory_equal(img, "TTCLF001", 8);
    struct tt_err err;
    struct tt_clf *m = tt_clf_load(img, len, &err);
    if (!m)
        fail_msg("load: %s", err.msg);
    assert_int_equal(tt_clf_format(m), 1);
    assert_int_equal(tt_clf_spelling_words(m), 0);
    assert_int_equal(tt_clf_n_labels(m), 3);
    assert_int_equal(tt_clf_n_features(m), 650);
    assert_null(tt_clf_spelling(m, "pasword"));
    static const struct {
        const char *text, *label;
        double confidence;
    } cases[] = {
        {"I want a refund, charged twice", "billing", 0.87043157310656261},
        {"pasword reset please", "login", 0.44925479235915333},
        {"cancel my subscription", "cancel", 0.87523151301080171},
        {"取消", "cancel", 0.7037439567881496},
        {"", "cancel", 0.38397009153469108},
        {"the card charge is wrong", "billing", 0.79880844830894093},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tt_clf_result r;
        tt_clf_predict(m, cases[i].text, &r, NULL);
        if (strcmp(tt_clf_label(m, (size_t)r.label), cases[i].label) != 0 ||
            fabs(r.confidence - cases[i].confidence) > 1e-9)
            fail_msg("'%s' -> %s %.17g, want %s %.17g", cases[i].text,
                     tt_clf_label(m, (size_t)r.label), r.confidence, cases[i].label,
                     cases[i].confidence);
        struct tt_clf_term terms[3];
        assert_true(tt_clf_explain(m, cases[i].text, r.label, terms, 3) <= 3);
    }
    size_t len2;
    unsigned char *again = tt_clf_save(m, &len2);
    assert_int_equal(len2, len);
    assert_memory_equal(again, img, len);
    /* Damaged old images are refused like new ones. */
    img[len / 2] ^= 0x10;
    assert_null(tt_clf_load(img, len, &err));
    assert_non_null(strstr(err.msg, "damaged"));
    free(again);
    free(img);
    tt_clf_free(m);
}

static void test_train_errors(void **state)
{
    struct tt_err err;
    assert_null(tt_clf_train(NULL, 0, NULL, &err));
    assert_non_null(strstr(err.msg, "no training examples"));
    struct tt_clf_example ex[] = {{"text", "a"}, {"more", ""}};
    assert_null(tt_clf_train(ex, 2, NULL, &err));
    assert_non_null(strstr(err.msg, "example 2"));
    /* One label, tiny data: trains, predicts that label. */
    struct tt_clf_example one[] = {{"only this", "solo"}};
    struct tt_clf *m = tt_clf_train(one, 1, NULL, &err);
    assert_non_null(m);
    struct tt_clf_result r;
    tt_clf_predict(m, "anything", &r, NULL);
    assert_int_equal(r.label, 0);
    assert_int_equal(r.second, -1);
    tt_clf_free(m);
}

static void test_metrics(void **state)
{
    static const struct {
        int gold[6], pred[6];
        double conf[6];
        size_t n, labels;
        double acc, f1, cprec, ccov;
    } cases[] = {
        {{0, 1, 2, 0}, {0, 1, 2, 0}, {0.95, 0.99, 0.5, 0.91}, 4, 3, 1.0, 1.0, 1.0, 0.75},
        {{0, 0, 1, 1},
         {0, 1, 1, 1},
         {0.95, 0.95, 0.2, 0.3},
         4,
         2,
         0.75,
         (2.0 / 3 + 0.8) / 2,
         0.5,
         0.5},
        {{0, 1}, {1, 0}, {0.1, 0.2}, 2, 2, 0.0, 0.0, 0.0, 0.0},
        /* gold label 2 unseen by the model: always wrong, still in macro-F1 */
        {{2, 0}, {0, 0}, {0.95, 0.95}, 2, 3, 0.5, (2.0 / 3 + 0) / 2, 0.5, 1.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tt_clf_metrics mt;
        tt_clf_metrics_compute(cases[i].gold, cases[i].pred, cases[i].conf, cases[i].n,
                               cases[i].labels, 0.9, &mt);
        if (fabs(mt.accuracy - cases[i].acc) > 1e-9 || fabs(mt.macro_f1 - cases[i].f1) > 1e-9 ||
            fabs(mt.confident_precision - cases[i].cprec) > 1e-9 ||
            fabs(mt.confident_coverage - cases[i].ccov) > 1e-9)
            fail_msg("case %zu: acc %.3f f1 %.3f prec %.3f cov %.3f", i, mt.accuracy, mt.macro_f1,
                     mt.confident_precision, mt.confident_coverage);
        assert_int_equal(mt.examples, cases[i].n);
    }
}

/* The same texts under a common label (90%) and a rare one (10%): the model
 * can only tell them apart by how often each occurs, so `balance` alone
 * decides how much that frequency counts. */
static void test_balance(void **state)
{
    static const char *const texts[] = {"where is my order", "order status please",
                                        "my parcel has not arrived", "tracking number?",
                                        "when will it ship"};
    struct tt_clf_example ex[200];
    for (size_t i = 0; i < 200; i++) {
        ex[i].text = texts[i % 5];
        ex[i].label = (i / 5) % 10 == 9 ? "rare" : "common";
    }
    static const struct {
        double balance;
        double lo, hi; /* bounds of P(common) for "where is my order" */
    } cases[] = {
        {0.0, 0.70, 1.00},
        {0.5, 0.55, 0.85},
        {1.0, 0.30, 0.65},
    };
    double last = 2;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tt_clf_params p;
        struct tt_err err;
        tt_clf_params_default(&p);
        p.balance = cases[i].balance;
        struct tt_clf *m = tt_clf_train(ex, 200, &p, &err);
        if (!m)
            fail_msg("train: %s", err.msg);
        double probs[2];
        struct tt_clf_result r;
        tt_clf_predict(m, texts[0], &r, probs);
        int common = tt_clf_label_index(m, "common");
        assert_true(common >= 0);
        double pc = probs[common];
        if (pc < cases[i].lo || pc > cases[i].hi)
            fail_msg("balance %.1f: P(common) %.3f not in [%.2f, %.2f]", cases[i].balance, pc,
                     cases[i].lo, cases[i].hi);
        assert_true(pc < last);
        last = pc;
        tt_clf_free(m);
    }
}

/* A small set is usually all right out of fold; a temperature fitted on it
 * would claim certainty.  Below 100 out-of-fold scores the model stays
 * cautious; from there on the temperature is measured. */
static void test_small_set_cautious(void **state)
{
    static const struct {
        size_t per_label;
        int fitted;
    } cases[] = {{5, 0}, {15, 0}, {24, 0}, {25, 1}, {40, 1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct dataset d;
        make_data(&d, cases[i].per_label);
        struct tt_clf *m = train(&d);
        double T = tt_clf_temperature(m);
        if (cases[i].fitted ? T == 1.5 : T != 1.5)
            fail_msg("%zu examples: temperature %.3f", d.n, T);
        struct tt_clf_result r;
        tt_clf_predict(m, "I was charged twice, I want a refund", &r, NULL);
        if (!cases[i].fitted && !(r.confidence < 0.999))
            fail_msg("%zu examples: confidence %.6f", d.n, r.confidence);
        tt_clf_free(m);
        free_data(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_learns),
        cmocka_unit_test(test_odd_texts),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_train_errors),
        cmocka_unit_test(test_metrics),
        cmocka_unit_test(test_balance),
        cmocka_unit_test(test_small_set_cautious),
        cmocka_unit_test(test_stem),
        cmocka_unit_test(test_spelling),
        cmocka_unit_test(test_spelling_roundtrip),
        cmocka_unit_test(test_old_image),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
