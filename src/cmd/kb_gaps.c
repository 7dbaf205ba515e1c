/*
 * kb_gaps.c: `ticketty kb gaps`: what people searched for and did not find,
 * from the search log: queries with no result or whose results were never
 * opened, most frequent first.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd_json.h"
#include "ticketty/cmd.h"
#include "ticketty/store_kb.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_kb_gaps;

static int kb_gaps_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"since", required_argument, NULL, 's'},
        {"limit", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    int json = 0, c;
    int64_t since = 0;
    long long limit = 20;
    struct tt_err err;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (tt_time_parse(optarg, &since, &err) < 0)
                return tt_cmd_usage(&tt_cmd_kb_gaps, "--since needs a date (YYYY-MM-DD), not '%s'",
                                    optarg);
            break;
        case 'n':
            if (tt_parse_count(optarg, &limit) < 0)
                return tt_cmd_usage(&tt_cmd_kb_gaps, "--limit needs a number, not '%s'", optarg);
            break;
        case 'j':
            json = 1;
            break;
        default:
            return tt_cmd_usage(&tt_cmd_kb_gaps, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        }
    }
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_kb_gaps, "unexpected argument '%s'", argv[optind]);
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_kb_gap *g;
    size_t n;
    if (tt_store_kb_gaps(st, since, limit ? (size_t)limit : (size_t)-1 / 2, &g, &n, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_object();
            json_object_set_new(o, "query", tt_json_str(g[i].query));
            json_object_set_new(o, "searches", json_integer(g[i].searches));
            json_object_set_new(o, "no_results", json_integer(g[i].no_results));
            json_object_set_new(o, "not_opened", json_integer(g[i].not_opened));
            json_object_set_new(o, "last_at", tt_json_time(g[i].last_at));
            json_array_append_new(a, o);
        }
        tt_json_print(a, 0);
    } else if (!n) {
        printf("no gaps: every logged query found something that was opened\n");
    } else {
        printf("%-8s %-10s %-10s %s\n", "SEARCHES", "NO RESULT", "UNOPENED", "QUERY");
        for (size_t i = 0; i < n; i++) {
            char *q = tt_sanitize(g[i].query, 0);
            printf("%-8lld %-10lld %-10lld %s\n", (long long)g[i].searches,
                   (long long)g[i].no_results, (long long)g[i].not_opened, q);
            free(q);
        }
    }
    tt_kb_gaps_free(g, n);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_kb_gaps = {
    .name = "kb gaps",
    .usage = "[--since DATE] [--limit N] [--json]",
    .summary = "top searches that found nothing or whose results were never opened",
    .help =
        "Queries are grouped case- and space-insensitively; a query counts as a gap\n"
        "when none of its searches led to an opened article (kb show, the console).\n"
        "--since DATE  only searches from DATE on (YYYY-MM-DD or ISO 8601)\n"
        "--limit N     at most N queries (default 20; 0 = all)\n"
        "--json        [{\"query\", \"searches\", \"no_results\", \"not_opened\", \"last_at\"}]",
    .exec = kb_gaps_exec,
};
