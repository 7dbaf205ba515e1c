/*
 * kb_pull.c: `ticketty kb pull`: fetch the KB remote and fast-forward, then index.
 */
#include <getopt.h>
#include <stdio.h>

#include "ticketty/cmd.h"
#include "ticketty/kb.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_kb_pull;

static int kb_pull_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{NULL, 0, NULL, 0}};
    int c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
        return tt_cmd_usage(&tt_cmd_kb_pull, "unknown option '%s'", argv[optind - 1]);
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_kb_pull, "unexpected argument '%s'", argv[optind]);
    struct tt_err err;
    const char *remote = tt_config_str(ctx->config, "kb.remote");
    struct tt_kb_sync_result r;
    if (tt_kb_pull(tt_ctx_kb_path(ctx), remote ? remote : "origin", &r, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (!r.commits) {
        printf("already up to date (%.12s)\n", r.after);
        return TT_EXIT_OK;
    }
    printf("fast-forwarded %zu commit(s): %.12s..%.12s\n", r.commits, r.before, r.after);
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_kb_index_opts io;
    tt_kb_index_opts_init(&io);
    io.config = ctx->config;
    struct tt_kb_index_report ir;
    int rc = tt_kb_index(st, tt_ctx_kb_path(ctx), &io, &ir, &err);
    if (rc == 0)
        printf("indexed: %zu added, %zu updated, %zu removed, %zu broken\n", ir.added, ir.updated,
               ir.removed, ir.n_problems);
    tt_kb_index_report_clear(&ir);
    return rc < 0 ? tt_cmd_fail(&err, TT_EXIT_FAIL) : TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_kb_pull = {
    .name = "kb pull",
    .usage = "",
    .summary = "fetch the KB remote and fast-forward, then index",
    .help = "Fetches kb.remote (default origin) with your git credentials (ssh agent, git\n"
            "credential helpers) and fast-forwards the current branch; diverged histories\n"
            "are an error (merge with git).  Then indexes the new commits.",
    .exec = kb_pull_exec,
};
