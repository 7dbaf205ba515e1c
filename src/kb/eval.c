/*
 * eval.c: search quality on a labelled query set (CSV "query,article_id"):
 * hit@1, hit@5 and MRR for BM25 only, semantic only and hybrid, with the mean
 * latency of each.  Nothing is logged.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kb_internal.h"
#include "ticketty/csv.h"
#include "ticketty/kbcore.h"
#include "ticketty/store_kb.h"
#include "ticketty/util.h"

int tt_kb_eval(struct tt_store *st, const char *csv_path, const struct tt_config *cfg,
               struct tt_kb_eval_result *out, struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    size_t len;
    char *data = tt_read_file(csv_path, &len, err);
    if (!data)
        return TT_KB_EVAL_UNREADABLE;
    struct tt_csv_table t;
    csv_path = tt_input_name(csv_path); /* "-": messages say "standard input" */
    if (tt_csv_table_parse(data, len, csv_path, &t, err) < 0) {
        free(data);
        return TT_KB_EVAL_INVALID;
    }
    free(data);
    int qc = tt_csv_column(&t.header, "query"), ac = tt_csv_column(&t.header, "article_id");
    if (qc < 0 || ac < 0) {
        int line = t.header.line ? t.header.line : 1;
        tt_csv_table_clear(&t);
        tt_errf(err, "%s:%d: expected the columns query and article_id", csv_path, line);
        return TT_KB_EVAL_INVALID;
    }
    if (t.n_rows == 0) {
        tt_csv_table_clear(&t);
        tt_errf(err, "%s: no query after the header line", csv_path);
        return TT_KB_EVAL_INVALID;
    }
    static const enum tt_kb_mode modes[3] = {TT_KB_LEXICAL, TT_KB_SEMANTIC, TT_KB_HYBRID};
    struct tt_kb_metrics m[3] = {{0}};
    double ms[3] = {0};
    int rc = 0;
    for (size_t i = 0; i < t.n_rows && rc == 0; i++) {
        const char *q = t.rows[i].fields[qc], *want = t.rows[i].fields[ac];
        char *path = NULL;
        if (tt_store_kb_path_of_id(st, want, &path, err) < 0) {
            rc = -1;
            break;
        }
        if (!path) {
            out->skipped++;
            continue;
        }
        free(path);
        out->queries++;
        for (int k = 0; k < 3; k++) {
            struct tt_kb_search_opts o;
            tt_kb_search_opts_init(&o);
            o.mode = modes[k];
            o.limit = 10;
            o.log = false;
            o.config = cfg;
            struct tt_kb_result *r;
            size_t n;
            struct timespec a, b;
            clock_gettime(CLOCK_MONOTONIC, &a);
            if (tt_kb_search(st, q, &o, &r, &n, err) < 0) {
                rc = -1;
                break;
            }
            clock_gettime(CLOCK_MONOTONIC, &b);
            ms[k] += (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
            size_t rank = 0;
            for (size_t j = 0; j < n && !rank; j++)
                if (strcmp(r[j].id, want) == 0)
                    rank = j + 1;
            tt_kb_metrics_add(&m[k], rank);
            tt_kb_results_free(r, n);
        }
    }
    for (int k = 0; k < 3; k++) {
        out->modes[k].mode = modes[k];
        out->modes[k].hit1 = tt_kb_metrics_hit1(&m[k]);
        out->modes[k].hit5 = tt_kb_metrics_hit5(&m[k]);
        out->modes[k].mrr = tt_kb_metrics_mrr(&m[k]);
        out->modes[k].mean_ms = out->queries ? ms[k] / (double)out->queries : 0;
    }
    tt_csv_table_clear(&t);
    return rc;
}
