/*
 * kb_author.c: the part of kb new and kb edit after option parsing.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kb_author.h"
#include "ticketty/kb.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

static void show_error(void *ud, int line, const char *msg)
{
    char *m = tt_sanitize(msg, 0);
    fprintf(stderr, "ticketty: line %d: %s (re-opening the editor)\n", line, m);
    free(m);
}

int tt_kb_author_run(const struct tt_cmd *cmd, struct tt_ctx *ctx, const char *ref,
                     const char *category)
{
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    const char *kb = tt_ctx_kb_path(ctx);
    struct tt_kb_edit_opts o = {0};
    o.category = category;
    o.on_error = show_error;
    struct tt_kb_edit_result res;
    if (tt_kb_edit(st, kb, ref, &o, &res, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (res.cancelled) {
        printf("unchanged: nothing committed\n");
        tt_kb_edit_result_clear(&res);
        return TT_EXIT_OK;
    }
    char *path = tt_sanitize(res.path, 0), *id = tt_sanitize(res.id, 0);
    printf("committed %.12s: %s (%s)\n", res.commit, path, id);
    free(path);
    free(id);
    tt_kb_edit_result_clear(&res);
    struct tt_kb_index_opts io;
    tt_kb_index_opts_init(&io);
    io.config = ctx->config;
    struct tt_kb_index_report r;
    int rc = tt_kb_index(st, kb, &io, &r, &err);
    tt_kb_index_report_clear(&r);
    if (rc < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    return TT_EXIT_OK;
}
