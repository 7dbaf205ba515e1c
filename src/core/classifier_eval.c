/*
 * classifier_eval.c: labelled examples from CSV tables and the figures an
 * evaluation reports (accuracy, macro-F1, precision and coverage of confident
 * predictions, expected calibration error).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/classifier.h"
#include "ticketty/util.h"

int tt_clf_examples_from_csv(const struct tt_csv_table *t, const char *name, const char *label_col,
                             struct tt_clf_example **out, size_t *n_out, struct tt_err *err)
{
    *out = NULL;
    *n_out = 0;
    int tc = tt_csv_column(&t->header, "text");
    int lc = label_col ? tt_csv_column(&t->header, label_col) : -1;
    if (lc < 0)
        lc = tt_csv_column(&t->header, "label");
    if (lc < 0)
        lc = tt_csv_column(&t->header, "category");
    if (tc < 0 || lc < 0)
        return tt_errf(err,
                       "%s:1: the header needs a `text` column and a `label` (or "
                       "`category`) column",
                       name);
    struct tt_clf_example *ex = xmalloc((t->n_rows ? t->n_rows : 1) * sizeof *ex);
    for (size_t i = 0; i < t->n_rows; i++) {
        const char *label = t->rows[i].fields[lc];
        while (*label == ' ')
            label++;
        if (!*label) {
            free(ex);
            return tt_errf(err, "%s:%d: empty label", name, t->rows[i].line);
        }
        ex[i].text = t->rows[i].fields[tc];
        ex[i].label = t->rows[i].fields[lc];
    }
    *out = ex;
    *n_out = t->n_rows;
    return 0;
}

void tt_clf_metrics_compute(const int *gold, const int *pred, const double *conf, size_t n,
                            size_t n_labels, double threshold, struct tt_clf_metrics *out)
{
    memset(out, 0, sizeof *out);
    out->examples = n;
    out->threshold = threshold;
    if (n == 0)
        return;
    size_t *tp = xcalloc(n_labels, sizeof *tp), *fp = xcalloc(n_labels, sizeof *fp),
           *fn = xcalloc(n_labels, sizeof *fn);
    size_t hit = 0, conf_n = 0, conf_hit = 0;
    double bin_conf[10] = {0}, bin_hit[10] = {0};
    size_t bin_n[10] = {0};
    for (size_t i = 0; i < n; i++) {
        int ok = gold[i] == pred[i];
        hit += (size_t)ok;
        if (ok) {
            tp[gold[i]]++;
        } else {
            fp[pred[i]]++;
            fn[gold[i]]++;
        }
        if (conf[i] >= threshold) {
            conf_n++;
            conf_hit += (size_t)ok;
        }
        int b = (int)(conf[i] * 10);
        b = b < 0 ? 0 : b > 9 ? 9 : b;
        bin_n[b]++;
        bin_conf[b] += conf[i];
        bin_hit[b] += ok;
    }
    double f1sum = 0;
    size_t labels = 0;
    for (size_t c = 0; c < n_labels; c++) {
        if (tp[c] + fp[c] + fn[c] == 0)
            continue;
        labels++;
        f1sum += 2.0 * (double)tp[c] / (double)(2 * tp[c] + fp[c] + fn[c]);
    }
    out->accuracy = (double)hit / (double)n;
    out->macro_f1 = labels ? f1sum / (double)labels : 0;
    out->confident_coverage = (double)conf_n / (double)n;
    out->confident_precision = conf_n ? (double)conf_hit / (double)conf_n : 0;
    for (int b = 0; b < 10; b++)
        if (bin_n[b])
            out->ece += fabs(bin_conf[b] - bin_hit[b]) / (double)n;
    free(tp);
    free(fp);
    free(fn);
}

int tt_clf_holdout_metrics(const struct tt_clf_example *ex, size_t n, const struct tt_clf_params *p,
                           double threshold, struct tt_clf_metrics *out, struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    out->threshold = threshold;
    if (n < 50)
        return 0;
    struct tt_clf_example *tr = xmalloc(n * sizeof *tr), *te = xmalloc(n * sizeof *te);
    size_t ntr = 0, nte = 0;
    /* Per-label counters by linear search over distinct labels seen so far. */
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
        if (count[l]++ % 5 == 4)
            te[nte++] = ex[i];
        else
            tr[ntr++] = ex[i];
    }
    free(seen);
    free(count);
    int rc = 0;
    if (n_seen >= 2 && nte > 0) {
        struct tt_clf *m = tt_clf_train(tr, ntr, p, err);
        if (!m) {
            rc = -1;
        } else {
            size_t C = tt_clf_n_labels(m);
            int *gold = xmalloc(nte * sizeof *gold), *pred = xmalloc(nte * sizeof *pred);
            double *conf = xmalloc(nte * sizeof *conf);
            for (size_t i = 0; i < nte; i++) {
                struct tt_clf_result r;
                tt_clf_predict(m, te[i].text, &r, NULL);
                int g = tt_clf_label_index(m, te[i].label);
                gold[i] = g >= 0 ? g : (int)C; /* a label only in the held-out part */
                pred[i] = r.label;
                conf[i] = r.confidence;
            }
            tt_clf_metrics_compute(gold, pred, conf, nte, C + 1, threshold, out);
            free(gold);
            free(pred);
            free(conf);
            tt_clf_free(m);
        }
    }
    free(tr);
    free(te);
    return rc;
}
