/*
 * kb_eval.c: `ticketty kb eval FILE`: search quality on a labelled query set.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmd_json.h"
#include "ticketty/cmd.h"
#include "ticketty/kb.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_kb_eval;

static int kb_eval_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int json = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 'j')
            return tt_cmd_usage(&tt_cmd_kb_eval, "unknown option '%s'", argv[optind - 1]);
        json = 1;
    }
    if (optind + 1 != argc)
        return tt_cmd_usage(&tt_cmd_kb_eval, "expected one CSV FILE (query,article_id)");
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_kb_eval_result r;
    int rc = tt_kb_eval(st, argv[optind], ctx->config, &r, &err);
    if (rc < 0) /* a CSV that is no query set is an invalid input document */
        return tt_cmd_fail(&err, rc == TT_KB_EVAL_INVALID ? TT_EXIT_USAGE : TT_EXIT_FAIL);
    if (r.queries == 0) {
        /* Figures of nothing would read as a search that finds nothing. */
        tt_errf(&err, "%s: no query to evaluate (%zu skipped: labelled article not indexed)",
                tt_input_name(argv[optind]), r.skipped);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "queries", json_integer((json_int_t)r.queries));
        json_object_set_new(o, "skipped", json_integer((json_int_t)r.skipped));
        for (int k = 0; k < 3; k++) {
            json_t *m = json_object();
            json_object_set_new(m, "hit1", json_real(r.modes[k].hit1));
            json_object_set_new(m, "hit5", json_real(r.modes[k].hit5));
            json_object_set_new(m, "mrr", json_real(r.modes[k].mrr));
            json_object_set_new(m, "mean_ms", json_real(r.modes[k].mean_ms));
            json_object_set_new(o, tt_kb_mode_name(r.modes[k].mode), m);
        }
        tt_json_print(o, 0);
    } else {
        printf("%zu quer%s (%zu skipped: labelled article not indexed)\n", r.queries,
               r.queries == 1 ? "y" : "ies", r.skipped);
        printf("%-9s %7s %7s %7s %9s\n", "mode", "hit@1", "hit@5", "MRR", "mean ms");
        for (int k = 0; k < 3; k++)
            printf("%-9s %7.3f %7.3f %7.3f %9.2f\n", tt_kb_mode_name(r.modes[k].mode),
                   r.modes[k].hit1, r.modes[k].hit5, r.modes[k].mrr, r.modes[k].mean_ms);
    }
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_kb_eval = {
    .name = "kb eval",
    .usage = "FILE [--json]",
    .summary = "search quality (hit@1, hit@5, MRR) of bm25, semantic and hybrid",
    .help = "FILE is a CSV with the columns query and article_id (for example\n"
            "tests/data/kb_queries.csv).  Each query is searched in the three modes\n"
            "(limit 10, not logged); a query whose article is not indexed is skipped\n"
            "(exit status 1 when no query is left).  A FILE that is not such a CSV\n"
            "(syntax, a missing column, no row) exits 2 naming FILE:LINE; one that\n"
            "cannot be read exits 1.\n"
            "--json  {\"queries\", \"skipped\", \"bm25\"|\"semantic\"|\"hybrid\":\n"
            "        {\"hit1\", \"hit5\", \"mrr\", \"mean_ms\"}}",
    .exec = kb_eval_exec,
};
