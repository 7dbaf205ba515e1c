/*
 * sla_refresh.c: `ticketty sla refresh [--all] [--json]`: recompute the
 * next-breach cache of tickets whose events, fields, customer or SLA
 * configuration changed (all tickets with --all).
 */
#include <getopt.h>
#include <stdio.h>

#include "cmd_json.h"
#include "ticketty/cmd.h"
#include "ticketty/store_sla.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_sla_refresh;

static int sla_refresh_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"all", no_argument, NULL, 'a'}, {"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int all = 0, json = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'a')
            all = 1;
        else if (c == 'j')
            json = 1;
        else
            return tt_cmd_usage(&tt_cmd_sla_refresh, "unknown option '%s'", argv[optind - 1]);
    }
    if (optind != argc)
        return tt_cmd_usage(&tt_cmd_sla_refresh, "unexpected argument '%s'", argv[optind]);
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_sla_config cfg;
    if (tt_sla_config_load(&cfg, ctx->config, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    int64_t n = 0;
    int rc = 0;
    if (all)
        rc = tt_store_sla_mark_all_dirty(st, &err);
    if (rc == 0)
        rc = tt_sla_refresh_dirty(st, &cfg, tt_now(), &n, &err);
    tt_sla_config_clear(&cfg);
    if (rc < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (json)
        tt_json_print(json_pack("{s:I}", "refreshed", (json_int_t)n), 0);
    else
        printf("refreshed the SLA clocks of %lld ticket%s\n", (long long)n, n == 1 ? "" : "s");
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_sla_refresh = {
    .name = "sla refresh",
    .usage = "[--all] [--json]",
    .summary = "recompute the cached next SLA breach of changed tickets",
    .help = "Tickets are marked for recomputation whenever their events, status, priority,\n"
            "tags, group, channel or customer (plan, MRR) change, and all of them when the\n"
            "sla configuration changes.  This recomputes the marked ones (--all: every\n"
            "ticket).  Sync and demo init run it after writing; the console sorts by the\n"
            "result."
            "\n--json  {refreshed: N}",
    .exec = sla_refresh_exec,
};
