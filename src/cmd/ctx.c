/*
 * ctx.c: the state shared by one invocation: paths, configuration and the
 * database, opened lazily so commands that need no database never create one.
 */
#include <stdlib.h>
#include <string.h>

#include "ticketty/cmd.h"
#include "ticketty/util.h"

struct tt_store *tt_ctx_store(struct tt_ctx *ctx, struct tt_err *err)
{
    if (!ctx->store)
        ctx->store = tt_store_open(ctx->db_path, err);
    return ctx->store;
}

const char *tt_ctx_kb_path(struct tt_ctx *ctx)
{
    if (!ctx->kb_path) {
        const char *cfg = tt_config_str(ctx->config, "kb.path");
        if (cfg && *cfg) {
            ctx->kb_path = xstrdup(cfg);
        } else {
            /* The demo KB lives next to the database: "kb" in the same directory. */
            char *dir = xstrdup(ctx->db_path);
            char *slash = strrchr(dir, '/');
            if (slash)
                *slash = '\0';
            ctx->kb_path = slash ? xasprintf("%s/kb", dir) : xstrdup("kb");
            free(dir);
        }
    }
    return ctx->kb_path;
}
