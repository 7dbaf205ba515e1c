/*
 * fuzz_triage.c: libFuzzer target for the triage parsers of untrusted input:
 * ticket text through the classifier's tokenizer, explanation and the churn
 * phrase matcher, and classifier images (the input with a valid checksum
 * appended, so the structure checks behind the checksum are reached too).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/classifier.h"
#include "ticketty/triage.h"
#include "ticketty/util.h"

static struct tt_clf *model;
static struct tt_triage_config cfg;

static uint64_t fnv(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model) {
        static const struct tt_clf_example ex[] = {
            {"refund my invoice", "billing"}, {"charged twice", "billing"},
            {"cannot log in", "login"},       {"password reset", "login"},
            {"取消订阅", "cancel"},           {"close my account", "cancel"},
        };
        struct tt_err err;
        model = tt_clf_train(ex, sizeof ex / sizeof ex[0], NULL, &err);
        tt_triage_config_default(&cfg);
    }
    char *text = xstrndup((const char *)data, size);
    struct tt_clf_result r;
    tt_clf_predict(model, text, &r, NULL);
    struct tt_clf_term terms[5];
    tt_clf_explain(model, text, r.label, terms, 5);
    tt_triage_churn_phrase(&cfg, text);
    free(text);

    uint8_t *img = xmalloc(size + 8);
    memcpy(img, data, size);
    uint64_t h = fnv(data, size);
    for (int i = 0; i < 8; i++)
        img[size + (size_t)i] = (uint8_t)(h >> (8 * i));
    struct tt_err err;
    struct tt_clf *m = tt_clf_load(img, size + 8, &err);
    if (m) {
        tt_clf_predict(m, "refund", &r, NULL);
        tt_clf_free(m);
    }
    free(img);
    return 0;
}
