/*
 * kb_push.c: `ticketty kb push`: push the KB's current branch to its remote.
 */
#include <getopt.h>
#include <stdio.h>

#include "ticketty/cmd.h"
#include "ticketty/kb.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_kb_push;

static int kb_push_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{NULL, 0, NULL, 0}};
    int c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
        return tt_cmd_usage(&tt_cmd_kb_push, "unknown option '%s'", argv[optind - 1]);
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_kb_push, "unexpected argument '%s'", argv[optind]);
    struct tt_err err;
    const char *remote = tt_config_str(ctx->config, "kb.remote");
    struct tt_kb_sync_result r;
    if (tt_kb_push(tt_ctx_kb_path(ctx), remote ? remote : "origin", &r, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    printf("pushed %.12s (%zu new commit(s))\n", r.after, r.commits);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_kb_push = {
    .name = "kb push",
    .usage = "",
    .summary = "push the KB's current branch to its remote",
    .help = "Pushes the current branch to kb.remote (default origin) with your git\n"
            "credentials (ssh agent, git credential helpers).  A rejected push (the remote\n"
            "moved on) is an error: kb pull first.",
    .exec = kb_push_exec,
};
