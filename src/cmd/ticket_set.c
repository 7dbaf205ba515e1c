/*
 * ticket_set.c: `ticketty ticket set TICKET --status S ...`: queue field
 * changes in the outbox (one outbox item per field).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_queue.h"
#include "ticketty/store_sync.h"
#include "ticketty/sync.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_ticket_set;

static int ticket_set_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"status", required_argument, NULL, 's'},
        {"priority", required_argument, NULL, 'p'},
        {"assignee", required_argument, NULL, 'a'},
        {"group", required_argument, NULL, 'g'},
        {"tags", required_argument, NULL, 't'},
        {"send", no_argument, NULL, 'S'},
        {NULL, 0, NULL, 0},
    };
    const char *vals[5] = {0};
    static const char *const kinds[5] = {"status", "priority", "assignee", "group", "tags"};
    bool send = false;
    int c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        const char *p = strchr("spagt", c);
        if (c == 'S')
            send = true;
        else if (p && c)
            vals[p - "spagt"] = optarg;
        else
            return tt_cmd_usage(&tt_cmd_ticket_set, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
    }
    if (optind != argc - 1)
        return tt_cmd_usage(&tt_cmd_ticket_set, "expected one ticket ID");
    long long id;
    if (tt_parse_count(argv[optind], &id) < 0 || id == 0)
        return tt_cmd_usage(&tt_cmd_ticket_set, "'%s' is not a ticket id", argv[optind]);
    bool any = false;
    for (int i = 0; i < 5; i++)
        any |= vals[i] != NULL;
    if (!any)
        return tt_cmd_usage(&tt_cmd_ticket_set, "nothing to change");
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    /* A missing, deleted or (Zendesk, local) closed ticket is no bad argument (exit 1, as reply and
     * ticket show); a bad value for it is (exit 2, below). */
    struct tt_ticket t;
    int found = tt_store_ticket_get(st, id, &t, &err);
    if (found == 0)
        tt_errf(&err, "no ticket %lld", id);
    /* a deleted ticket, or a closed one where closed is final (Zendesk, local) */
    int ok = found > 0 && tt_outbox_check_change(st, &t, &err) == 0;
    if (found > 0)
        tt_ticket_clear(&t);
    if (!ok)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    /* All or nothing: one transaction for the whole command. */
    if (tt_store_begin(st, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    int64_t ids[5] = {0};
    char *same[5] = {0}; /* the field has that value already: why nothing is queued */
    int queued = 0;
    for (int i = 0; i < 5; i++) {
        int rc = vals[i] ? tt_outbox_set(st, id, kinds[i], vals[i], 0, &ids[i], &err) : 0;
        if (rc < 0) {
            tt_store_rollback(st);
            for (int j = 0; j < i; j++)
                free(same[j]);
            return tt_cmd_fail(&err, TT_EXIT_USAGE);
        }
        if (rc == 1)
            same[i] = tt_sanitize(err.msg, 0);
        else if (vals[i])
            queued++;
    }
    if (tt_store_commit(st, &err) < 0) {
        for (int i = 0; i < 5; i++)
            free(same[i]);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    for (int i = 0; i < 5; i++) {
        if (same[i]) {
            fprintf(stderr, "ticket %lld: %s: nothing queued\n", id, same[i]);
            free(same[i]);
            continue;
        }
        if (!vals[i])
            continue;
        /* the value as queued (a status or priority in its canonical name) */
        struct tt_outbox_item it;
        char *v;
        if (tt_store_outbox_get(st, ids[i], &it, NULL) == 1) {
            v = tt_sanitize(it.payload ? it.payload : "", 0);
            tt_outbox_item_clear(&it);
        } else {
            v = tt_sanitize(vals[i], 0);
        }
        printf("queued %s #%lld for ticket %lld: %s\n", kinds[i], (long long)ids[i], id, v);
        free(v);
    }
    return queued || send ? tt_cmd_after_queue(ctx, id, send) : TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_ticket_set = {
    .name = "ticket set",
    .usage = "TICKET [--status S] [--priority P] [--assignee AGENT] [--group GROUP]"
             " [--tags \"+ADD -REMOVE\"] [--send]",
    .summary = "queue status, priority, assignee, group or tag changes in the outbox",
    .help = "Each change becomes one outbox item, sent by the next `ticketty sync` (or at\n"
            "once with --send).  The local ticket shows the new status, priority and\n"
            "tags at once.  A ticket of a local account (the demo workspace) has no\n"
            "helpdesk: its changes are delivered into the local store at once, with\n"
            "their events, as a helpdesk's would come back with the next pull.\n"
            "A field set to the value it already has is no change: nothing is queued\n"
            "for it and stderr says so (\"priority is already high\"); exit 0.\n"
            "A closed ticket of a Zendesk or local account (closed is final there)\n"
            "takes no change: refused up front, \"ticket #N is closed: ...\" (exit 1).\n"
            "--status S        new, open, pending, on_hold, solved, closed (any case)\n"
            "--priority P      low, normal, high, urgent (any case)\n"
            "--assignee AGENT  the agent's id on the helpdesk (\"\" = unassign)\n"
            "--group GROUP     the group's id on the helpdesk\n"
            "--tags EDITS      space-separated: +tag adds, -tag removes\n"
            "--send            send the account's outbox now",
    .exec = ticket_set_exec,
};
