/*
 * sla_report.c: `ticketty sla report [--since DATE] [--by priority|category|group]
 * [--json]`: SLA achievement per metric (and per priority, category or group)
 * over the tickets created since DATE (default: the last 30 days), computed
 * from the event logs at the current time, so an edited policy reports cleanly.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "ticketty/cmd.h"
#include "ticketty/store_sla.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_sla_report;

struct row {
    char *group;
    int metric;
    int64_t achieved, breached, active;
};

static struct row *find_row(struct row **rows, size_t *n, const char *group, int metric)
{
    for (size_t i = 0; i < *n; i++)
        if ((*rows)[i].metric == metric && tt_streq((*rows)[i].group, group))
            return &(*rows)[i];
    *rows = xrealloc(*rows, (*n + 1) * sizeof **rows);
    struct row *r = &(*rows)[(*n)++];
    *r = (struct row){.group = group ? xstrdup(group) : NULL, .metric = metric};
    return r;
}

static int row_cmp(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    /* Tickets without the grouped field (NULL) sort last. */
    int c = !x->group || !y->group ? (!x->group) - (!y->group) : strcmp(x->group, y->group);
    return c ? c : x->metric - y->metric;
}

static int sla_report_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"since", required_argument, NULL, 's'},
                                             {"by", required_argument, NULL, 'b'},
                                             {"json", no_argument, NULL, 'j'},
                                             {NULL, 0, NULL, 0}};
    int json = 0, c;
    const char *by = NULL;
    int64_t now = tt_now(), since = now - 30 * 86400;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'j') {
            json = 1;
        } else if (c == 's') {
            if (tt_time_parse(optarg, &since, NULL) < 0)
                return tt_cmd_usage(&tt_cmd_sla_report,
                                    "--since needs a date such as 2026-05-01, not '%s'", optarg);
        } else if (c == 'b') {
            if (strcmp(optarg, "priority") && strcmp(optarg, "category") && strcmp(optarg, "group"))
                return tt_cmd_usage(&tt_cmd_sla_report,
                                    "--by takes priority, category or group, not '%s'", optarg);
            by = optarg;
        } else {
            return tt_cmd_usage(&tt_cmd_sla_report, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return tt_cmd_usage(&tt_cmd_sla_report, "unexpected argument '%s'", argv[optind]);
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_sla_config cfg;
    if (tt_sla_config_load(&cfg, ctx->config, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    int64_t *ids;
    size_t n;
    if (tt_store_sla_ticket_ids_since(st, since, &ids, &n, &err) < 0) {
        tt_sla_config_clear(&cfg);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    struct row *rows = NULL;
    size_t nr = 0;
    int64_t tickets = 0, no_policy = 0;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        struct tt_sla_ticket e;
        int f = tt_sla_ticket_eval(st, &cfg, ids[i], now, &e, &err);
        if (f < 0) {
            rc = -1;
            break;
        }
        if (!f)
            continue;
        tickets++;
        if (!e.policy)
            no_policy++;
        const char *g = "all";
        if (by && !strcmp(by, "priority"))
            g = tt_priority_name(e.ticket.priority);
        else if (by && !strcmp(by, "category"))
            g = e.ticket.category;
        else if (by)
            g = e.ticket.group;
        for (size_t k = 0; k < e.n_results; k++) {
            const struct tt_sla_result *r = &e.results[k];
            struct row *row = find_row(&rows, &nr, g, r->metric);
            if (r->breached)
                row->breached++;
            else if (r->state == TT_SLA_FULFILLED)
                row->achieved++;
            else
                row->active++;
        }
        tt_sla_ticket_clear(&e);
    }
    free(ids);
    tt_sla_config_clear(&cfg);
    if (rc < 0) {
        for (size_t i = 0; i < nr; i++)
            free(rows[i].group);
        free(rows);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    qsort(rows, nr, sizeof *rows, row_cmp);
    if (json) {
        json_t *a = json_array();
        for (size_t i = 0; i < nr; i++) {
            const struct row *r = &rows[i];
            int64_t done = r->achieved + r->breached;
            json_t *o = json_object();
            if (by)
                json_object_set_new(o, by, tt_json_str(r->group));
            json_object_set_new(o, "metric", json_string(tt_sla_metric_name(r->metric)));
            json_object_set_new(o, "achieved", json_integer(r->achieved));
            json_object_set_new(o, "breached", json_integer(r->breached));
            json_object_set_new(o, "in_progress", json_integer(r->active));
            json_object_set_new(o, "achievement_percent",
                                done ? json_real((double)r->achieved * 100.0 / (double)done)
                                     : json_null());
            json_array_append_new(a, o);
        }
        char s[21];
        tt_json_print(json_pack("{s:s,s:o,s:I,s:I,s:o}", "since", tt_time_iso(since, s), "by",
                                by ? json_string(by) : json_null(), "tickets", (json_int_t)tickets,
                                "without_policy", (json_int_t)no_policy, "rows", a),
                      0);
    } else {
        char s[21];
        printf("SLA achievement for %lld tickets created since %.10s", (long long)tickets,
               tt_time_iso(since, s));
        if (no_policy)
            printf(" (%lld without a matching policy)", (long long)no_policy);
        printf("\n\n");
        if (by)
            printf("%-16s ", by);
        printf("%-17s %9s %9s %11s %9s\n", "metric", "achieved", "breached", "in progress",
               "achieved%");
        for (size_t i = 0; i < nr; i++) {
            const struct row *r = &rows[i];
            if (by) {
                char *g = tt_text_truncate(r->group ? r->group : "(none)", 16);
                char *safe = tt_sanitize(g, 0);
                printf("%-*s ", 16 + (int)(strlen(safe) - (size_t)tt_text_width(safe)), safe);
                free(safe);
                free(g);
            }
            int64_t done = r->achieved + r->breached;
            printf("%-17s %9lld %9lld %11lld ", tt_sla_metric_label(r->metric),
                   (long long)r->achieved, (long long)r->breached, (long long)r->active);
            if (done)
                printf("%8.1f%%\n", (double)r->achieved * 100.0 / (double)done);
            else
                printf("%9s\n", "-");
        }
        if (!nr)
            printf("(no SLA targets in this period)\n");
    }
    for (size_t i = 0; i < nr; i++)
        free(rows[i].group);
    free(rows);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_sla_report = {
    .name = "sla report",
    .usage = "[--since DATE] [--by priority|category|group] [--json]",
    .summary = "SLA achieved vs breached per metric",
    .help = "Counts, for the tickets created since DATE (default: 30 days ago), every SLA\n"
            "target that was achieved (fulfilled in time), breached (sticky: fulfilled late\n"
            "or overdue) or is still in progress, per metric and optionally per priority,\n"
            "category or group.  achieved% = achieved / (achieved + breached).  Computed from\n"
            "the event logs with the current configuration."
            "\n--json  {since, by (null without --by), tickets, without_policy, rows\n"
            "        [{metric, <by>, achieved, breached, in_progress, achievement_percent}]}\n"
            "        (<by> null for tickets without a category or group)",
    .exec = sla_report_exec,
};
