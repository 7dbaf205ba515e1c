/*
 * triage_decide.c: `ticketty triage accept` and `ticketty triage override`:
 * the agent's decision on a triage suggestion, from the command line (the
 * console's triage panel does the same with one key).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "ticketty/cmd.h"
#include "ticketty/store.h"
#include "ticketty/sync.h"
#include "ticketty/triage.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_triage_accept;
extern const struct tt_cmd tt_cmd_triage_override;

static int ticket_arg(const struct tt_cmd *cmd, int argc, char **argv, long long *id)
{
    if (optind != argc - 1)
        return tt_cmd_usage(cmd, "expected one ticket ID");
    if (tt_parse_count(argv[optind], id) < 0 || *id == 0)
        return tt_cmd_usage(cmd, "'%s' is not a ticket id", argv[optind]);
    return 0;
}

/* A local account's (the demo's) ticket: deliver what the decision queued
 * into the store now, as `ticketty reply` does (src/providers/outbox.c). */
static int deliver_local(struct tt_ctx *ctx, struct tt_store *st, long long id)
{
    struct tt_err err;
    struct tt_ticket t;
    int found = tt_store_ticket_get(st, id, &t, &err);
    if (found < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    int local = found ? tt_sync_account_is_local(st, t.account, &err) : 0;
    struct tt_sync_stats s = {0};
    if (local > 0)
        local = tt_sync_push_local(st, t.account_id, ctx->config, &s, &err) < 0 ? -1 : 1;
    if (found)
        tt_ticket_clear(&t);
    if (local < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (s.failed) {
        fprintf(stderr,
                "ticketty: %lld change%s could not be delivered to the local store (see "
                "`ticketty outbox list`)\n",
                (long long)s.failed, s.failed == 1 ? "" : "s");
        return TT_EXIT_PARTIAL;
    }
    return TT_EXIT_OK;
}

static int triage_accept_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{NULL, 0, NULL, 0}};
    int c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
        return tt_cmd_usage(&tt_cmd_triage_accept, "unknown option '%s'", argv[optind - 1]);
    long long id;
    int u = ticket_arg(&tt_cmd_triage_accept, argc, argv, &id);
    if (u)
        return u;
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st || tt_triage_accept(st, id, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    printf("ticket %lld: triage accepted\n", id);
    return deliver_local(ctx, st, id);
}

static int triage_override_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"category", required_argument, NULL, 'c'},
                                             {"priority", required_argument, NULL, 'p'},
                                             {NULL, 0, NULL, 0}};
    const char *category = NULL, *priority = NULL;
    int c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'c')
            category = optarg;
        else if (c == 'p')
            priority = optarg;
        else
            return tt_cmd_usage(&tt_cmd_triage_override, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
    }
    if (!category && !priority)
        return tt_cmd_usage(&tt_cmd_triage_override, "give --category or --priority");
    if (priority && tt_priority_from_name(priority) < 0)
        return tt_cmd_usage(&tt_cmd_triage_override,
                            "unknown priority '%s' (low, normal, high, urgent)", priority);
    long long id;
    int u = ticket_arg(&tt_cmd_triage_override, argc, argv, &id);
    if (u)
        return u;
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (category && tt_triage_override(st, id, "category", category, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (priority && tt_triage_override(st, id, "priority", priority, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    printf("ticket %lld: override recorded (used as training data by `triage train`)\n", id);
    return deliver_local(ctx, st, id);
}

const struct tt_cmd tt_cmd_triage_accept = {
    .name = "triage accept",
    .usage = "TICKET",
    .summary = "accept a ticket's triage suggestion",
    .help = "Marks the suggestion accepted, records its category as a confirmed label for\n"
            "training, and (unless already applied) sets the suggested priority, group and\n"
            "tags on the ticket, through the outbox for helpdesk accounts (a local\n"
            "account's, the demo's, are delivered into the store at once).",
    .exec = triage_accept_exec,
};

const struct tt_cmd tt_cmd_triage_override = {
    .name = "triage override",
    .usage = "TICKET [--category C] [--priority P]",
    .summary = "override a ticket's triage suggestion",
    .help = "Records the agent's category and/or priority instead of the suggestion; the\n"
            "override is training data for the next `triage train`.  A priority override\n"
            "is also set on the ticket (through the outbox for helpdesk accounts).\n"
            "--category C  the right category\n"
            "--priority P  the right priority (low, normal, high, urgent)",
    .exec = triage_override_exec,
};
