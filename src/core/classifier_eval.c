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

int tt_clf_examples_from_csv(const struct tt_csv_table *t, const char *name,
                             struct tt_clf_example **out, size_t *n_out, struct tt_err *err)
{
    *out = NULL;
    *n_out = 0;
    int tc = tt_csv_column(&t->header, "text");
    int lc = tt_csv_column(&t->header, "label");
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
