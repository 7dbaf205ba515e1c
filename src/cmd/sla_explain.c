/*
 * sla_explain.c: `ticketty sla explain TICKET [--json]`: each SLA clock of a
 * ticket in words: the policy that applies and why, and for every target when
 * its clock started, when it was paused and resumed (and by which status),
 * its deadline, and whether and when it breached; then what `sla check`
 * recorded for the ticket.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd_json.h"
#include "sla_util.h"
#include "ticketty/cmd.h"
#include "ticketty/store_sla.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_sla_explain;

static void print_target(const struct tt_sla_result *r, int64_t now)
{
    const struct tt_sla_target *t = r->target;
    char a[96], b[96], d[32];
    printf("\n%s: %lld minutes, %s", tt_sla_metric_label(r->metric), (long long)t->minutes,
           t->mode == TT_SLA_BUSINESS ? "business hours" : "calendar time");
    if (t->mode == TT_SLA_BUSINESS && t->schedule)
        printf(" (schedule %s, %s)", t->schedule->name ? t->schedule->name : "-",
               t->schedule->timezone ? t->schedule->timezone : "UTC");
    if (t->priority >= 0)
        printf(", for %s priority", tt_priority_name(t->priority));
    printf("\n");
    sla_fmt_when(r->start, t, a, sizeof a);
    printf("  started    %s (%s)\n", a, sla_start_words(r->metric));
    for (size_t i = 0; i < r->n_pauses; i++) {
        const struct tt_sla_pause *p = &r->pauses[i];
        sla_fmt_when(p->from, t, a, sizeof a);
        if (p->to) {
            sla_fmt_when(p->to, t, b, sizeof b);
            sla_fmt_dur(p->to - p->from, d, sizeof d);
            printf("  paused     %s by status %s; resumed %s (%s)\n", a, tt_status_name(p->status),
                   b, d);
        } else {
            printf("  paused     %s by status %s; still paused\n", a, tt_status_name(p->status));
        }
    }
    /* Counted time rounds down, as elapsed_minutes does (sla_fmt_dur rounds up). */
    sla_fmt_dur(r->elapsed - r->elapsed % 60, d, sizeof d);
    printf("  counted    %s of %lld minutes\n", d, (long long)t->minutes);
    if (r->state == TT_SLA_PAUSED) {
        sla_fmt_dur(r->remaining, d, sizeof d);
        printf("  deadline   none while paused; %s left, the deadline moves out by the pause\n", d);
    } else {
        sla_fmt_when(r->deadline, t, a, sizeof a);
        printf("  deadline   %s\n", a);
    }
    if (r->state == TT_SLA_FULFILLED) {
        sla_fmt_when(r->fulfilled_at, t, a, sizeof a);
        printf("  state      fulfilled %s", a);
        if (r->breached) {
            sla_fmt_dur(r->fulfilled_at - r->deadline, d, sizeof d);
            printf(", BREACHED (%s after the deadline)", d);
        } else {
            printf(", in time");
        }
        printf("\n");
    } else {
        printf("  state      %s", tt_sla_state_name(r->state));
        if (r->breached) {
            sla_fmt_when(r->breached_at, t, a, sizeof a);
            sla_fmt_dur(now - r->breached_at, d, sizeof d);
            printf(", BREACHED at %s (%s ago)", a, d);
        } else if (r->state == TT_SLA_ACTIVE) {
            sla_fmt_dur(r->deadline - now, d, sizeof d);
            printf(", %s to the deadline%s", d, r->warning ? ", WARNING" : "");
        }
        printf("\n");
    }
}

static int sla_explain_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int json = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 'j')
            return tt_cmd_usage(&tt_cmd_sla_explain, "unknown option '%s'", argv[optind - 1]);
        json = 1;
    }
    if (optind != argc - 1)
        return tt_cmd_usage(&tt_cmd_sla_explain, "expected one ticket ID");
    long long id;
    if (tt_parse_count(argv[optind], &id) < 0)
        return tt_cmd_usage(&tt_cmd_sla_explain, "'%s' is not a ticket id", argv[optind]);
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_sla_config cfg;
    if (tt_sla_config_load(&cfg, ctx->config, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    int64_t now = tt_now();
    struct tt_sla_ticket e;
    int found = tt_sla_ticket_eval(st, &cfg, id, now, &e, &err);
    if (found <= 0) {
        tt_sla_config_clear(&cfg);
        if (found < 0)
            return tt_cmd_fail(&err, TT_EXIT_FAIL);
        fprintf(stderr, "ticketty: no ticket %lld\n", id);
        return TT_EXIT_FAIL;
    }
    struct tt_sla_record *rec = NULL;
    size_t n_rec = 0;
    int rc = tt_store_sla_records(st, id, &rec, &n_rec, &err);
    if (rc < 0) {
        tt_sla_ticket_clear(&e);
        tt_sla_config_clear(&cfg);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "ticket", json_integer(id));
        json_object_set_new(o, "now", tt_json_time(now));
        json_object_set_new(o, "priority", json_string(tt_priority_name(e.ticket.priority)));
        json_object_set_new(o, "status", json_string(tt_status_name(e.ticket.status)));
        json_object_set_new(o, "policy", tt_json_str(e.policy ? e.policy->name : NULL));
        json_object_set_new(o, "why", tt_json_str(e.why));
        json_object_set_new(o, "next_breach", tt_json_time(e.next_breach));
        json_t *a = json_array();
        for (size_t i = 0; i < e.n_results; i++)
            json_array_append_new(a, sla_result_json(&e.results[i]));
        json_object_set_new(o, "targets", a);
        json_t *r = json_array();
        static const char *const kinds[] = {"warning", "breach", "escalation"};
        for (size_t i = 0; i < n_rec; i++) {
            json_t *x =
                json_pack("{s:s,s:s,s:o,s:o}", "metric", rec[i].metric, "kind", kinds[rec[i].kind],
                          "deadline", tt_json_time(rec[i].deadline), "at", tt_json_time(rec[i].at));
            json_object_set_new(x, "level",
                                rec[i].kind == TT_SLA_EV_ESCALATION ? json_integer(rec[i].level + 1)
                                                                    : json_null());
            json_object_set_new(x, "actions", tt_json_str(rec[i].actions));
            json_array_append_new(r, x);
        }
        json_object_set_new(o, "records", r);
        tt_json_print(o, 0);
    } else {
        char *subj = tt_sanitize(e.ticket.subject, 0);
        printf("Ticket %lld: %s\n", id, subj);
        free(subj);
        printf("Priority %s, status %s\n", tt_priority_name(e.ticket.priority),
               tt_status_name(e.ticket.status));
        if (!e.policy) {
            printf("No SLA policy applies (%s).\n", e.why);
        } else {
            const struct tt_sla_policy *p = &*e.policy;
            printf("Policy \"%s\" applies: %s.\n", p->name, e.why);
            printf("Resolution clocks pause while:");
            for (int s = 0; s < TT_STATUS__COUNT; s++)
                if (p->pause_mask & (1u << s))
                    printf(" %s", tt_status_name(s));
            printf("%s\nReplies by bots and automations %s.\n", p->pause_mask ? "" : " (never)",
                   p->human_only ? "do not count" : "count");
            if (e.n_results == 0)
                printf("\nNo target has started for this ticket's %s priority.\n",
                       tt_priority_name(e.ticket.priority));
            for (size_t i = 0; i < e.n_results; i++)
                print_target(&e.results[i], now);
            if (e.next_breach && tt_status_is_open(e.ticket.status)) {
                char a[96];
                sla_fmt_when(e.next_breach, NULL, a, sizeof a);
                printf("\nNext breach: %s\n", a);
            }
        }
        if (n_rec) {
            printf("\nRecorded by sla check:\n");
            static const char *const kinds[] = {"warning", "breach", "escalation"};
            for (size_t i = 0; i < n_rec; i++) {
                char a[96];
                sla_fmt_when(rec[i].at, NULL, a, sizeof a);
                printf("  %s  %s %s", a,
                       tt_sla_metric_label(tt_sla_metric_from_name(rec[i].metric)),
                       kinds[rec[i].kind]);
                if (rec[i].kind == TT_SLA_EV_ESCALATION)
                    printf(" level %d", rec[i].level + 1);
                if (rec[i].actions)
                    printf(": %s", rec[i].actions);
                printf("\n");
            }
        }
    }
    tt_sla_records_free(rec, n_rec);
    tt_sla_ticket_clear(&e);
    tt_sla_config_clear(&cfg);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_sla_explain = {
    .name = "sla explain",
    .usage = "TICKET [--json]",
    .summary = "explain a ticket's SLA clocks in words",
    .help = "Shows the SLA policy that applies to the ticket and why it matched, then for\n"
            "each target: when its clock started, every pause (with the status that paused\n"
            "it) and resume, the time counted, the deadline and whether and when it was\n"
            "breached; and the warnings, breaches and escalations `sla check` recorded.\n"
            "Clocks are computed from the ticket's event log at the current time\n"
            "(TICKETTY_NOW overrides it)."
            "\n--json  {ticket, now, priority, status, policy, why, next_breach, targets\n"
            "        [{metric, state, breached, warning, deadline, elapsed_minutes,\n"
            "        remaining_minutes, target_minutes, mode, priority, started_at,\n"
            "        fulfilled_at, breached_at, pauses [{from, to, status}]}], records\n"
            "        [{metric, kind, deadline, at, level, actions}]}",
    .exec = sla_explain_exec,
};
