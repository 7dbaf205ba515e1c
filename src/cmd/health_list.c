/*
 * health_list.c: `ticketty health list`: every active customer's current
 * health, worst first.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "health_util.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_health_list;

static int health_list_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"status", required_argument, NULL, 's'},
        {"sort", required_argument, NULL, 'o'},
        {"limit", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    struct tt_health_query q = {.status = -1, .order = TT_HEALTH_BY_SCORE};
    long long limit = 0;
    int json = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            if ((q.status = tt_health_status_from_name(optarg)) < 0)
                return tt_cmd_usage(&tt_cmd_health_list,
                                    "unknown status '%s' (healthy, at-risk, critical)", optarg);
            break;
        case 'o':
            if (tt_streq(optarg, "score"))
                q.order = TT_HEALTH_BY_SCORE;
            else if (tt_streq(optarg, "mrr"))
                q.order = TT_HEALTH_BY_MRR_AT_RISK;
            else if (tt_streq(optarg, "name"))
                q.order = TT_HEALTH_BY_NAME;
            else
                return tt_cmd_usage(&tt_cmd_health_list, "unknown sort '%s' (score, mrr, name)",
                                    optarg);
            break;
        case 'n':
            if (tt_parse_count(optarg, &limit) < 0)
                return tt_cmd_usage(&tt_cmd_health_list, "--limit needs a number, not '%s'",
                                    optarg);
            break;
        case 'j':
            json = 1;
            break;
        default:
            return tt_cmd_usage(&tt_cmd_health_list, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        }
    }
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_health_list, "unexpected argument '%s'", argv[optind]);
    struct tt_err err;
    struct tt_health_config cfg;
    if (tt_health_cmd_config(ctx, &cfg, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_store *st = tt_ctx_store(ctx, &err);
    struct tt_health_entry *list = NULL;
    size_t n = 0;
    q.now = tt_now();
    q.trend_since = tt_health_trend_since(q.now);
    if (!st || tt_store_health_list(st, &cfg, &q, &list, &n, &err) < 0) {
        tt_health_config_clear(&cfg);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    size_t total = n;
    if (limit > 0 && (size_t)limit < n)
        n = (size_t)limit;
    if (json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, tt_health_json_entry(&cfg, &list[i]));
        tt_health_json_print(a);
    } else {
        if (!n)
            fprintf(stderr, "ticketty: no scored customers (run `ticketty health update`)\n");
        for (size_t i = 0; i < n; i++) {
            const struct tt_health_entry *e = &list[i];
            char *key = tt_sanitize(e->customer.key, 0);
            char *name = tt_sanitize(e->customer.name, 0);
            char *kcut = tt_text_truncate(key, 12), *ncut = tt_text_truncate(name, 28);
            int pad = 28 - tt_text_width(ncut);
            printf("%-12s %s%*s %10.2f %3d%s %-8s %+4d %s\n", kcut, ncut, pad > 0 ? pad : 0, "",
                   e->customer.mrr, e->cur.effective_score, e->override_active ? "*" : " ",
                   tt_health_status_name(e->cur.effective_status), e->trend,
                   tt_health_trend_word(e->trend));
            free(key);
            free(name);
            free(kcut);
            free(ncut);
        }
    }
    tt_health_entry_list_free(list, total);
    tt_health_config_clear(&cfg);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_health_list = {
    .name = "health list",
    .usage = "[--status S] [--sort score|mrr|name] [--limit N] [--json]",
    .summary = "customers with their health score, worst first",
    .help = "Lists every active customer scored by `health update`: id, name, MRR, score\n"
            "(* = a CSM's override is in effect), status, and the trend over 30 days.\n"
            "--status S   only healthy, at-risk or critical customers\n"
            "--sort K     score (lowest first, default), mrr (MRR at risk: at-risk and\n"
            "             critical customers first, highest MRR first) or name\n"
            "--limit N    at most N customers (default all)\n"
            "--json       an array of {customer_id, name, mrr, score, status,\n"
            "             signals: [{name, score, weight}], computed_score, computed_status,\n"
            "             raw_score, override (null or {score, reason, by, until, set_at}),\n"
            "             trend, plan, csm, scored_at}",
    .exec = health_list_exec,
};
