/*
 * health_update.c: `ticketty health update`: the scheduled scoring run (cron or
 * a systemd timer): scores every active customer, stores the day's history
 * and sends the CSM alerts it queued.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd_json.h"
#include "health_util.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_health_update;

static int health_update_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int json = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 'j')
            return tt_cmd_usage(&tt_cmd_health_update, "unknown option '%s'", argv[optind - 1]);
        json = 1;
    }
    if (optind != argc)
        return tt_cmd_usage(&tt_cmd_health_update, "unexpected argument '%s'", argv[optind]);
    struct tt_err err;
    struct tt_health_config cfg;
    if (tt_health_cmd_config(ctx, &cfg, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st) {
        tt_health_config_clear(&cfg);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    int64_t now = tt_now();
    struct tt_health_update_stats stats;
    if (tt_store_health_update(st, &cfg, now, &stats, &err) < 0) {
        tt_health_config_clear(&cfg);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    struct tt_health_alert_report rep;
    int arc = tt_health_send_alerts(ctx, st, &cfg, now, &rep, &err);
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "day", json_string(stats.day));
        json_object_set_new(o, "scored", json_integer((json_int_t)stats.scored));
        json_t *by = json_object();
        for (int i = 0; i < TT_HEALTH__COUNT; i++)
            json_object_set_new(by, tt_health_status_name((enum tt_health_status)i),
                                json_integer((json_int_t)stats.by_status[i]));
        json_object_set_new(o, "by_status", by);
        json_object_set_new(o, "overridden", json_integer((json_int_t)stats.overridden));
        json_object_set_new(o, "alerts_queued", json_integer((json_int_t)stats.alerts_queued));
        json_object_set_new(o, "alerts_sent", json_integer((json_int_t)rep.sent));
        json_object_set_new(o, "alerts_failed", json_integer((json_int_t)rep.failed));
        json_object_set_new(o, "alerts_unconfigured", json_integer((json_int_t)rep.unconfigured));
        json_object_set_new(o, "history_pruned", json_integer((json_int_t)stats.history_pruned));
        tt_health_json_print(o);
    } else {
        printf("%s: scored %zu customers: %zu healthy, %zu at-risk, %zu critical", stats.day,
               stats.scored, stats.by_status[TT_HEALTH_HEALTHY], stats.by_status[TT_HEALTH_AT_RISK],
               stats.by_status[TT_HEALTH_CRITICAL]);
        if (stats.overridden)
            printf(" (%zu overridden)", stats.overridden);
        printf("; %zu new alert%s, %zu sent, %zu failed", stats.alerts_queued,
               stats.alerts_queued == 1 ? "" : "s", rep.sent, rep.failed);
        if (rep.unconfigured)
            printf(", %zu waiting for a notifier (set notify.webhook_url or notify.smtp.url)",
                   rep.unconfigured);
        if (stats.history_pruned)
            printf("; %zu history rows older than %d days pruned", stats.history_pruned,
                   cfg.history_days);
        printf("\n");
    }
    tt_health_config_clear(&cfg);
    if (arc < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    return rep.failed ? TT_EXIT_PARTIAL : TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_health_update = {
    .name = "health update",
    .usage = "[--json]",
    .summary = "score every active customer, store the day's history, alert CSMs",
    .help = "Scores every customer whose subscription_status is active, stores one history\n"
            "row per customer and day (a second run the same day replaces it), and alerts\n"
            "the customer's CSM when a customer with MRR >= health.alert_mrr becomes\n"
            "critical (one alert per transition, naming the signals below\n"
            "health.failing_below), through the notifier the SLA alerts use.  A second\n"
            "run the same day sends nothing new; an alert that could not be delivered is\n"
            "retried by the next run (exit status 3 while some fail).  History rows\n"
            "older than health.history_days (730; 0 keeps all) are pruned.  For cron:\n"
            "  15 6 * * *  ticketty health update >>/var/log/ticketty-health.log 2>&1\n"
            "--json   {day, scored, by_status{healthy, at-risk, critical}, overridden,\n"
            "          alerts_queued, alerts_sent, alerts_failed, alerts_unconfigured,\n"
            "          history_pruned}",
    .exec = health_update_exec,
};
