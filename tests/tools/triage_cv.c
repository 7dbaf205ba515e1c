/*
 * triage_cv.c: stratified k-fold cross-validation of the triage classifier,
 * the figure to judge classifier changes by (one split is too noisy).
 *
 *   triage_cv IN.csv [FOLDS [EPOCHS L2 RATE]]
 *   triage_cv IN.csv --balanced PER [ROUNDS]
 *
 * Within each label the i-th example (file order) belongs to fold i % FOLDS.
 * Each fold is held out once; a model trained on the others (default
 * parameters unless given) is measured on it.  Prints one line per fold and
 * the mean: accuracy, macro-F1, precision and coverage at confidence >= 0.9,
 * expected calibration error and training wall time.
 *
 * --balanced holds out PER examples of every label instead (a seeded draw per
 * round, ROUNDS rounds, default 5): a test set with every label equally
 * common, as published intent benchmarks have (banking77's has 40 per
 * intent) while the training data does not.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ticketty/classifier.h"
#include "ticketty/csv.h"
#include "ticketty/util.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int balanced = argc >= 3 && strcmp(argv[2], "--balanced") == 0;
    if (balanced ? argc != 4 && argc != 5 : argc != 2 && argc != 3 && argc != 6) {
        fprintf(stderr, "usage: triage_cv IN.csv [FOLDS [EPOCHS L2 RATE]]\n"
                        "       triage_cv IN.csv --balanced PER [ROUNDS]\n");
        return 2;
    }
    int per = balanced ? atoi(argv[3]) : 0;
    int k = balanced ? (argc == 5 ? atoi(argv[4]) : 5) : argc >= 3 ? atoi(argv[2]) : 5;
    if (k < 1 || (!balanced && k < 2))
        k = 5;
    if (balanced && per < 1) {
        fprintf(stderr, "triage_cv: --balanced wants a count of at least 1\n");
        return 2;
    }
    struct tt_clf_params p;
    tt_clf_params_default(&p);
    if (argc == 6 && !balanced) {
        p.epochs = atoi(argv[3]);
        p.l2 = atof(argv[4]);
        p.rate = atof(argv[5]);
    }
    struct tt_err err;
    size_t len;
    char *data = tt_read_file(argv[1], &len, &err);
    struct tt_csv_table t;
    struct tt_clf_example *ex;
    size_t n;
    if (!data || tt_csv_table_parse(data, len, argv[1], &t, &err) < 0 ||
        tt_clf_examples_from_csv(&t, argv[1], NULL, &ex, &n, &err) < 0) {
        fprintf(stderr, "triage_cv: %s\n", err.msg);
        return 1;
    }
    int *fold = xmalloc(n * sizeof *fold);
    size_t *lab = xmalloc(n * sizeof *lab);
    const char **seen = NULL;
    size_t *count = NULL, n_seen = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l;
        for (l = 0; l < n_seen && strcmp(seen[l], ex[i].label) != 0; l++)
            ;
        if (l == n_seen) {
            seen = xrealloc(seen, (n_seen + 1) * sizeof *seen);
            count = xrealloc(count, (n_seen + 1) * sizeof *count);
            seen[n_seen] = ex[i].label;
            count[n_seen++] = 0;
        }
        lab[i] = l;
        fold[i] = (int)(count[l]++ % (size_t)k);
    }
    size_t *order = xmalloc(n * sizeof *order), *taken = xmalloc(n_seen * sizeof *taken);
    struct tt_clf_example *tr = xmalloc(n * sizeof *tr);
    int *gold = xmalloc(n * sizeof *gold), *pred = xmalloc(n * sizeof *pred);
    double *conf = xmalloc(n * sizeof *conf);
    double sum_acc = 0, sum_f1 = 0, sum_prec = 0, sum_cov = 0, sum_ece = 0, sum_t = 0;
    double min_prec = 1;
    for (int f = 0; f < k; f++) {
        if (balanced) {
            /* Round f: a seeded shuffle, then the first PER of each label
             * are the test set (fold f), the rest train. */
            uint64_t rng = 0x9e3779b97f4a7c15ULL * (uint64_t)(f + 1);
            for (size_t i = 0; i < n; i++)
                order[i] = i;
            for (size_t i = n; i > 1; i--) {
                rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
                size_t r = (size_t)(rng % i), tmp = order[i - 1];
                order[i - 1] = order[r];
                order[r] = tmp;
            }
            memset(taken, 0, n_seen * sizeof *taken);
            for (size_t q = 0; q < n; q++) {
                size_t i = order[q];
                /* a label needs at least one example left to train on */
                int test = taken[lab[i]] < (size_t)per && taken[lab[i]] + 1 < count[lab[i]];
                taken[lab[i]] += (size_t)test;
                fold[i] = test ? f : -1;
            }
        }
        size_t ntr = 0, nte = 0;
        for (size_t i = 0; i < n; i++)
            if (fold[i] != f)
                tr[ntr++] = ex[i];
        double t0 = now();
        struct tt_clf *m = tt_clf_train(tr, ntr, &p, &err);
        double secs = now() - t0;
        if (!m) {
            fprintf(stderr, "triage_cv: %s\n", err.msg);
            return 1;
        }
        size_t C = tt_clf_n_labels(m);
        for (size_t i = 0; i < n; i++) {
            if (fold[i] != f)
                continue;
            struct tt_clf_result r;
            tt_clf_predict(m, ex[i].text, &r, NULL);
            int g = tt_clf_label_index(m, ex[i].label);
            gold[nte] = g >= 0 ? g : (int)C;
            pred[nte] = r.label;
            conf[nte] = r.confidence;
            nte++;
        }
        struct tt_clf_metrics mt;
        tt_clf_metrics_compute(gold, pred, conf, nte, C + 1, 0.9, &mt);
        printf("fold %d: accuracy %.4f macro-F1 %.4f P@0.9 %.4f cov %.3f ece %.4f T %.3f "
               "train %.2f s\n",
               f, mt.accuracy, mt.macro_f1, mt.confident_precision, mt.confident_coverage, mt.ece,
               tt_clf_temperature(m), secs);
        fflush(stdout);
        sum_acc += mt.accuracy;
        sum_f1 += mt.macro_f1;
        sum_prec += mt.confident_precision;
        sum_cov += mt.confident_coverage;
        sum_ece += mt.ece;
        sum_t += secs;
        if (mt.confident_precision < min_prec)
            min_prec = mt.confident_precision;
        tt_clf_free(m);
    }
    printf("mean: accuracy %.4f macro-F1 %.4f P@0.9 %.4f (worst %.4f) cov %.3f ece %.4f "
           "train %.2f s\n",
           sum_acc / k, sum_f1 / k, sum_prec / k, min_prec, sum_cov / k, sum_ece / k, sum_t / k);
    free(fold);
    free(lab);
    free(order);
    free(taken);
    free(seen);
    free(count);
    free(tr);
    free(gold);
    free(pred);
    free(conf);
    free(ex);
    tt_csv_table_clear(&t);
    free(data);
    return 0;
}
