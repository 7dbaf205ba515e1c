/*
 * health_show.c: `ticketty health show CUSTOMER`: one customer's health with
 * the signal breakdown, override, history, trend and alerts.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "health_util.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_health_show;

static void print_clean(const char *label, const char *s)
{
    char *c = tt_sanitize(s ? s : "", 0);
    printf("%-14s %s\n", label, c);
    free(c);
}

static int health_show_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"days", required_argument, NULL, 'd'},
                                             {"json", no_argument, NULL, 'j'},
                                             {NULL, 0, NULL, 0}};
    int json = 0, c;
    long long days = 90;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'j') {
            json = 1;
        } else if (c == 'd') {
            if (tt_parse_count(optarg, &days) < 0 || days < 1)
                return tt_cmd_usage(&tt_cmd_health_show, "--days needs a number from 1, not '%s'",
                                    optarg);
        } else {
            return tt_cmd_usage(&tt_cmd_health_show, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return tt_cmd_usage(&tt_cmd_health_show, "expected one CUSTOMER (id or name)");
    struct tt_err err;
    struct tt_health_config cfg;
    if (tt_health_cmd_config(ctx, &cfg, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_store *st = tt_ctx_store(ctx, &err);
    struct tt_customer cust;
    int found = st ? tt_store_health_find_customer(st, argv[optind], &cust, &err) : -1;
    if (found <= 0) {
        tt_health_config_clear(&cfg);
        if (found == 0) {
            char *ref = tt_sanitize(argv[optind], 0);
            fprintf(stderr, "ticketty: no customer \"%s\"\n", ref);
            free(ref);
            return TT_EXIT_FAIL;
        }
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    int64_t now = tt_now();
    struct tt_health_entry e;
    struct tt_health_row *hist = NULL;
    struct tt_health_alert *alerts = NULL;
    size_t nh = 0, na = 0;
    int scored = tt_store_health_get(st, &cfg, cust.id, now, tt_health_trend_since(now), &e, &err);
    int rc = TT_EXIT_OK;
    /* More days than since 1970 is all history (and days * 86400 must not overflow). */
    int64_t from = days > now / 86400 ? 0 : now - (int64_t)days * 86400;
    if (scored < 0 || tt_store_health_history(st, cust.id, from, &hist, &nh, &err) < 0 ||
        tt_store_health_alerts(st, cust.id, 20, &alerts, &na, &err) < 0) {
        rc = tt_cmd_fail(&err, TT_EXIT_FAIL);
        goto out;
    }
    int *series = xcalloc(nh + 1, sizeof *series);
    for (size_t i = 0; i < nh; i++)
        series[i] = hist[i].score; /* the trend follows the computed score */
    if (json) {
        json_t *o;
        if (scored) {
            o = tt_health_json_entry(&cfg, &e);
        } else {
            o = json_object();
            json_object_set_new(o, "customer_id", tt_json_str(cust.key));
            json_object_set_new(o, "name", tt_json_str(cust.name));
            json_object_set_new(o, "mrr", json_real(cust.mrr));
            /* The keys of a scored customer, null until `health update` runs. */
            json_object_set_new(o, "score", json_null());
            json_object_set_new(o, "status", json_null());
            json_object_set_new(o, "signals", json_array());
            json_object_set_new(o, "computed_score", json_null());
            json_object_set_new(o, "computed_status", json_null());
            json_object_set_new(o, "raw_score", json_null());
            json_object_set_new(o, "override", json_null());
            json_object_set_new(o, "trend", json_null());
            json_object_set_new(o, "plan", tt_json_str(cust.plan));
            json_object_set_new(o, "csm", tt_json_str(cust.csm));
            json_object_set_new(o, "scored_at", json_null());
        }
        json_object_set_new(o, "trend_word",
                            json_string(tt_health_trend_word(scored ? e.trend : 0)));
        json_t *h = json_array();
        for (size_t i = 0; i < nh; i++)
            json_array_append_new(h, tt_health_json_row(&hist[i]));
        json_object_set_new(o, "history", h);
        json_t *a = json_array();
        for (size_t i = 0; i < na; i++)
            json_array_append_new(a, tt_health_json_alert(&alerts[i]));
        json_object_set_new(o, "alerts", a);
        tt_health_json_print(o);
    } else {
        print_clean("customer", cust.key);
        print_clean("name", cust.name);
        printf("%-14s %.2f\n", "mrr", cust.mrr);
        print_clean("plan", cust.plan);
        print_clean("csm", cust.csm);
        print_clean("subscription", cust.subscription_status);
        if (!scored) {
            printf("%-14s not scored yet (run `ticketty health update`)\n", "score");
        } else {
            char when[21];
            printf("%-14s %d %s%s (scored %s)\n", "score", e.cur.effective_score,
                   tt_health_status_name(e.cur.effective_status),
                   e.override_active ? ", OVERRIDE" : "", tt_time_iso(e.cur.at, when));
            if (e.override_active) {
                char *reason = tt_sanitize(e.ov.reason, 0), *by = tt_sanitize(e.ov.by, 0);
                printf("%-14s %d by %s until %s: %s\n", "override", e.ov.score,
                       *by ? by : "(unknown)", tt_time_iso(e.ov.until, when), reason);
                printf("%-14s %d %s (raw %.2f)\n", "computed", e.cur.score,
                       tt_health_status_name(e.cur.status), e.cur.raw);
                free(reason);
                free(by);
            }
            char spark[256];
            tt_health_sparkline(series, nh, spark, sizeof spark);
            printf("%-14s %+d %s over 30 days  %s\n", "trend", e.trend,
                   tt_health_trend_word(e.trend), spark);
            printf("signals\n");
            for (int i = 0; i < TT_SIG__COUNT; i++)
                printf("  %-18s %6.1f  weight %.2f%s\n",
                       tt_health_signal_name((enum tt_health_signal)i), e.cur.signal[i],
                       cfg.weight[i], e.cur.signal[i] < cfg.failing_below ? "  failing" : "");
        }
        if (nh) {
            printf("history\n");
            for (size_t i = nh; i-- > 0;)
                printf("  %s  %3d %-8s%s\n", hist[i].day, hist[i].effective_score,
                       tt_health_status_name(hist[i].effective_status),
                       hist[i].overridden ? "  (override)" : "");
        }
        if (na) {
            printf("alerts\n");
            for (size_t i = 0; i < na; i++) {
                char when[21];
                char *failing = tt_sanitize(alerts[i].failing, 0);
                printf("  %s  score %d  %s  %s\n", tt_time_iso(alerts[i].at, when), alerts[i].score,
                       alerts[i].sent_at ? "sent" : "pending", failing);
                free(failing);
            }
        }
    }
    free(series);
out:
    free(hist);
    tt_health_alert_list_free(alerts, na);
    if (scored > 0)
        tt_health_entry_clear(&e);
    tt_customer_clear(&cust);
    tt_health_config_clear(&cfg);
    return rc;
}

const struct tt_cmd tt_cmd_health_show = {
    .name = "health show",
    .usage = "CUSTOMER [--days N] [--json]",
    .summary = "one customer's health: signals, override, history, trend, alerts",
    .help = "CUSTOMER is the customer's id (as imported), its number or its exact name.\n"
            "--days N   history of the last N days (default 90)\n"
            "--json     the object of `health list --json` plus trend_word, history\n"
            "           [{day, score, status, computed_score, computed_status, overridden,\n"
            "           signals[{name, score}]}] (oldest first) and alerts [{id, customer_id,\n"
            "           name, csm, mrr, score, previous_status, failing_signals[{name,\n"
            "           score}], at, sent_at, attempts, last_error}]; not scored yet:\n"
            "           the same keys, scores and scored_at null, signals empty",
    .exec = health_show_exec,
};
