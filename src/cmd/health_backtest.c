/*
 * health_backtest.c: `ticketty health backtest --outcome FILE.csv`: how well
 * the configured score (and each signal alone) separates the customers who
 * churned from those who stayed, as the area under the ROC curve.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "health_util.h"
#include "ticketty/csv.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_health_backtest;

static int cmp_key(const void *a, const void *b)
{
    const struct tt_customer *x = a, *y = b;
    return strcmp(x->key, y->key);
}

static json_t *auc_json(int rc, double auc)
{
    return rc == 0 ? json_real(auc) : json_null();
}

static int health_backtest_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"outcome", required_argument, NULL, 'o'},
                                             {"json", no_argument, NULL, 'j'},
                                             {NULL, 0, NULL, 0}};
    const char *file = NULL;
    int json = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'o')
            file = optarg;
        else if (c == 'j')
            json = 1;
        else
            return tt_cmd_usage(&tt_cmd_health_backtest, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
    }
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_health_backtest, "unexpected argument '%s'", argv[optind]);
    if (!file)
        return tt_cmd_usage(&tt_cmd_health_backtest, "--outcome FILE.csv is required");
    struct tt_err err;
    size_t len;
    char *text = tt_read_file(file, &len, &err);
    if (!text)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    file = tt_input_name(file); /* "-": messages say "standard input" */
    struct tt_health_config cfg;
    if (tt_health_cmd_config(ctx, &cfg, &err) < 0) {
        free(text);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    struct tt_store *st = tt_ctx_store(ctx, &err);
    struct tt_customer *custs = NULL;
    size_t nc = 0;
    int64_t now = tt_now();
    int rc = TT_EXIT_OK;
    double *score = NULL, *sig[TT_SIG__COUNT] = {0};
    unsigned char *churned = NULL;
    int *first_line = NULL; /* per customer: the line that listed it */
    size_t n = 0, unmatched = 0, bad = 0;
    struct tt_csv r;
    struct tt_csv_record h = {0}, rec = {0};
    if (!st || tt_store_health_customers(st, now, false, &custs, &nc, &err) < 0) {
        rc = tt_cmd_fail(&err, TT_EXIT_FAIL);
        goto out;
    }
    if (nc > 1)
        qsort(custs, nc, sizeof *custs, cmp_key);
    first_line = xcalloc(nc ? nc : 1, sizeof *first_line);
    tt_csv_init(&r, text, len, file);
    int hrc = tt_csv_next(&r, &h, &err);
    int cid = hrc > 0 ? tt_csv_column(&h, "id") : -1;
    int cch = hrc > 0 ? tt_csv_column(&h, "churned") : -1;
    if (hrc <= 0 || cid < 0 || cch < 0) {
        if (hrc >= 0)
            tt_errf(&err, "%s:1: expected a header with the columns id and churned", file);
        rc = tt_cmd_fail(&err, TT_EXIT_USAGE);
        goto out;
    }
    size_t cap = 0;
    for (;;) {
        struct tt_err rerr;
        int k = tt_csv_next(&r, &rec, &rerr);
        if (k == 0)
            break;
        if (k < 0) {
            fprintf(stderr, "ticketty: %s\n", rerr.msg);
            bad++;
            continue;
        }
        if ((size_t)cid >= rec.n || (size_t)cch >= rec.n) {
            fprintf(stderr, "ticketty: %s:%d: missing fields\n", file, rec.line);
            bad++;
            continue;
        }
        const char *ch = rec.fields[cch];
        if (strcmp(ch, "0") != 0 && strcmp(ch, "1") != 0) {
            char *clean = tt_sanitize(ch, 0);
            fprintf(stderr, "ticketty: %s:%d: churned: \"%s\" is not 0 or 1\n", file, rec.line,
                    clean);
            free(clean);
            bad++;
            continue;
        }
        struct tt_customer key = {.key = rec.fields[cid]};
        const struct tt_customer *cu = nc ? bsearch(&key, custs, nc, sizeof *custs, cmp_key) : NULL;
        if (!cu) {
            unmatched++;
            continue;
        }
        /* A customer listed twice (a join gone wrong) would count twice, maybe
         * as both churned and retained: the repeat is a rejected row. */
        size_t ci = (size_t)(cu - custs);
        if (first_line[ci]) {
            char *clean = tt_sanitize(rec.fields[cid], 0);
            fprintf(stderr, "ticketty: %s:%d: id \"%s\" repeated (first on line %d)\n", file,
                    rec.line, clean, first_line[ci]);
            free(clean);
            bad++;
            continue;
        }
        first_line[ci] = rec.line;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            score = xrealloc(score, cap * sizeof *score);
            churned = xrealloc(churned, cap);
            for (int i = 0; i < TT_SIG__COUNT; i++)
                sig[i] = xrealloc(sig[i], cap * sizeof *sig[i]);
        }
        struct tt_health_result res;
        tt_health_score(&cfg, cu, &res);
        score[n] = res.score;
        for (int i = 0; i < TT_SIG__COUNT; i++)
            sig[i][n] = res.signal[i];
        churned[n++] = ch[0] == '1';
    }
    if (!n && !unmatched && !bad) {
        /* a header and nothing else is no outcome list (an invalid document) */
        tt_errf(&err, "%s:%d: no outcome rows after the header line", file, h.line);
        rc = tt_cmd_fail(&err, TT_EXIT_USAGE);
        goto out;
    }
    size_t n_churned = 0;
    for (size_t i = 0; i < n; i++)
        n_churned += churned[i];
    double auc = 0, sauc[TT_SIG__COUNT] = {0};
    int arc = tt_health_auc(score, churned, n, &auc), src[TT_SIG__COUNT];
    for (int i = 0; i < TT_SIG__COUNT; i++)
        src[i] = tt_health_auc(sig[i], churned, n, &sauc[i]);
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "customers", json_integer((json_int_t)n));
        json_object_set_new(o, "churned", json_integer((json_int_t)n_churned));
        json_object_set_new(o, "retained", json_integer((json_int_t)(n - n_churned)));
        json_object_set_new(o, "unmatched", json_integer((json_int_t)unmatched));
        json_object_set_new(o, "rejected", json_integer((json_int_t)bad));
        json_object_set_new(o, "auc", auc_json(arc, auc));
        json_t *a = json_array();
        for (int i = 0; i < TT_SIG__COUNT; i++) {
            json_t *s = json_object();
            json_object_set_new(s, "name",
                                json_string(tt_health_signal_name((enum tt_health_signal)i)));
            json_object_set_new(s, "weight", json_real(cfg.weight[i]));
            json_object_set_new(s, "auc", auc_json(src[i], sauc[i]));
            json_array_append_new(a, s);
        }
        json_object_set_new(o, "signals", a);
        tt_health_json_print(o);
    } else {
        printf("%zu customer%s: %zu churned, %zu retained", n, n == 1 ? "" : "s", n_churned,
               n - n_churned);
        if (unmatched)
            printf("; %zu id%s not in the store", unmatched, unmatched == 1 ? "" : "s");
        if (bad)
            printf("; %zu row%s rejected", bad, bad == 1 ? "" : "s");
        printf("\n");
        if (arc < 0)
            printf("AUC undefined: the outcomes need both churned and retained customers\n");
        else
            printf("%-20s AUC %.3f\n", "score", auc);
        for (int i = 0; i < TT_SIG__COUNT && arc == 0; i++)
            printf("%-20s AUC %.3f  (weight %.2f)\n",
                   tt_health_signal_name((enum tt_health_signal)i), sauc[i], cfg.weight[i]);
        if (arc == 0)
            printf("1.0 = the score ranks every retained customer above every churned one; "
                   "0.5 = no better than chance\n");
    }
    if (arc < 0)
        rc = TT_EXIT_FAIL;
    else if (bad)
        rc = TT_EXIT_PARTIAL;
out:
    tt_csv_record_clear(&h);
    tt_csv_record_clear(&rec);
    free(score);
    free(churned);
    free(first_line);
    for (int i = 0; i < TT_SIG__COUNT; i++)
        free(sig[i]);
    tt_health_customer_list_free(custs, nc);
    tt_health_config_clear(&cfg);
    free(text);
    return rc;
}

const struct tt_cmd tt_cmd_health_backtest = {
    .name = "health backtest",
    .usage = "--outcome FILE.csv [--json]",
    .summary = "AUC of the health score (and of each signal) against real churn",
    .help = "FILE.csv has a header and the columns id (the customer id as imported) and\n"
            "churned (0 or 1).  Each customer is scored now with the configured weights and\n"
            "bands (any subscription status, so churned customers count), and the area\n"
            "under the ROC curve is printed for the score and for each signal alone: the\n"
            "probability that a retained customer scores higher than a churned one, ties\n"
            "counting half (1.0 perfect, 0.5 chance).  Unknown ids are counted and skipped;\n"
            "a bad row or a customer listed again is rejected with its line (exit 3);\n"
            "a header and no row is an invalid file (exit 2).\n"
            "--json   {customers, churned, retained, unmatched, rejected, auc,\n"
            "          signals: [{name, weight, auc}]} (auc null when undefined)",
    .exec = health_backtest_exec,
};
