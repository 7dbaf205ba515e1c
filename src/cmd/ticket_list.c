/*
 * ticket_list.c: `ticketty ticket list`: tickets for scripts and pipes.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd_json.h"
#include "ticketty/cmd.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_ticket_list;

static int ticket_list_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"status", required_argument, NULL, 's'},
        {"priority", required_argument, NULL, 'p'},
        {"limit", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    struct tt_ticket_filter f;
    tt_ticket_filter_init(&f);
    long long limit = 50;
    int json = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (tt_streq(optarg, "open-all")) {
                f.open_only = true;
            } else if ((f.status = tt_status_from_name(optarg)) < 0) {
                return tt_cmd_usage(&tt_cmd_ticket_list,
                                    "unknown status '%s' (new, open, pending, on_hold, solved, "
                                    "closed, open-all)",
                                    optarg);
            }
            break;
        case 'p':
            if ((f.priority = tt_priority_from_name(optarg)) < 0)
                return tt_cmd_usage(&tt_cmd_ticket_list,
                                    "unknown priority '%s' (low, normal, high, urgent)", optarg);
            break;
        case 'n':
            if (tt_parse_count(optarg, &limit) < 0)
                return tt_cmd_usage(&tt_cmd_ticket_list, "--limit needs a number, not '%s'",
                                    optarg);
            break;
        case 'j':
            json = 1;
            break;
        default:
            return tt_cmd_usage(&tt_cmd_ticket_list, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        }
    }
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_ticket_list, "unexpected argument '%s'", argv[optind]);
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_ticket *list;
    size_t n;
    if (tt_store_ticket_list(st, &f, 0, limit ? limit : -1, &list, &n, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, tt_json_ticket(&list[i]));
        tt_json_print(a, 0);
    } else {
        for (size_t i = 0; i < n; i++) {
            const struct tt_ticket *t = &list[i];
            char when[21];
            char *subject = tt_sanitize(t->subject, 0);
            char *req = tt_sanitize(t->requester ? t->requester : "", 0);
            char *org = tt_sanitize(t->organization ? t->organization : "", 0);
            printf("%-7lld %-7s %-8s %s  %s  %s  %s\n", (long long)t->id,
                   tt_priority_name(t->priority), tt_status_name(t->status),
                   tt_time_iso(t->updated_at, when), subject, req, org);
            free(subject);
            free(req);
            free(org);
        }
    }
    tt_ticket_list_free(list, n);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_ticket_list = {
    .name = "ticket list",
    .usage = "[--status S] [--priority P] [--limit N] [--json]",
    .summary = "list tickets, most recently updated first",
    .help = "--status S    only tickets in status S (new, open, pending, on_hold, solved,\n"
            "              closed), or open-all for every unsolved status\n"
            "--priority P  only tickets of priority P (low, normal, high, urgent)\n"
            "--limit N     at most N tickets (default 50; 0 = all)\n"
            "--json        a JSON array of ticket objects",
    .exec = ticket_list_exec,
};
