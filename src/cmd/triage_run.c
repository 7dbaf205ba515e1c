/*
 * triage_run.c: `ticketty triage run`: triage tickets that have no triage yet
 * (what sync and demo init do after writing tickets), or re-triage given ones.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd_json.h"
#include "ticketty/cmd.h"
#include "ticketty/triage.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_triage_run;

static int triage_run_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"limit", required_argument, NULL, 'n'},
                                             {"json", no_argument, NULL, 'j'},
                                             {NULL, 0, NULL, 0}};
    long long limit = 0;
    int json = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'n') {
            if (tt_parse_count(optarg, &limit) < 0)
                return tt_cmd_usage(&tt_cmd_triage_run, "--limit needs a number, not '%s'", optarg);
        } else if (c == 'j') {
            json = 1;
        } else {
            return tt_cmd_usage(&tt_cmd_triage_run, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        }
    }
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    int64_t done = 0;
    int rc = TT_EXIT_OK;
    if (optind == argc) {
        if (tt_triage_pending(st, ctx->config, limit, &done, &err) < 0)
            rc = tt_cmd_fail(&err, done ? TT_EXIT_PARTIAL : TT_EXIT_FAIL);
    } else {
        struct tt_triager *tr = tt_triager_open(st, ctx->config, &err);
        if (!tr)
            return tt_cmd_fail(&err, TT_EXIT_FAIL);
        for (int i = optind; i < argc; i++) {
            long long id;
            if (tt_parse_count(argv[i], &id) < 0 || id == 0) {
                tt_triager_free(tr);
                return tt_cmd_usage(&tt_cmd_triage_run, "'%s' is not a ticket id", argv[i]);
            }
            int r = tt_triage_ticket(st, tr, id, true, NULL, &err);
            if (r < 0) {
                rc = tt_cmd_fail(&err, done ? TT_EXIT_PARTIAL : TT_EXIT_FAIL);
                break;
            }
            if (r == 0) {
                tt_errf(&err, "no ticket %lld", id);
                rc = tt_cmd_fail(&err, done ? TT_EXIT_PARTIAL : TT_EXIT_FAIL);
                break;
            }
            done++;
        }
        tt_triager_free(tr);
    }
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "triaged", json_integer(done));
        tt_json_print(o, 0);
    } else {
        printf("triaged %lld ticket%s\n", (long long)done, done == 1 ? "" : "s");
    }
    return rc;
}

const struct tt_cmd tt_cmd_triage_run = {
    .name = "triage run",
    .usage = "[TICKET...] [--limit N] [--json]",
    .summary = "triage tickets not yet triaged (or again, the given ones)",
    .help = "Without TICKET, triages every open ticket that has no triage yet, newest first\n"
            "(sync and demo init do this for new tickets).  With TICKET ids, triages those again\n"
            "with the current model and rules.\n"
            "--limit N  at most N tickets (default all)\n"
            "--json     {\"triaged\": N}",
    .exec = triage_run_exec,
};
