/*
 * sla_check.c: `ticketty sla check [--dry-run] [--json]`: evaluate every open
 * ticket, record new warnings and breaches, and run each policy's escalation
 * ladder (notify through the notifier; reassign and raise priority through
 * the outbox, or directly for tickets of the local account).
 *
 * De-duplication: every warning, breach and escalation level is recorded
 * under a key naming the ticket, the metric and the start of the clock's
 * instance (a new customer turn is a new instance), and every action under
 * the level's key plus its index.  A recorded level never fires again; an
 * action that failed (webhook down, SMTP refused) is retried by the next run,
 * the others never repeat.  So a second run with nothing new sends nothing.
 * Levels are skipped for targets that are fulfilled, and for paused targets
 * that have not breached (their deadline is undefined).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "sla_util.h"
#include "ticketty/cmd.h"
#include "ticketty/notify.h"
#include "ticketty/store_sla.h"
#include "ticketty/sync.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_sla_check;

struct run {
    struct tt_store *st;
    struct tt_notify_config nc;
    int64_t now;
    bool dry, json;
    json_t *warnings, *breaches, *escalations;
    int64_t checked, n_warn, n_breach, n_esc, sent, queued, applied, failed, skipped;
    bool changed;         /* a local ticket was changed: refresh afterwards */
    int64_t *changed_ids; /* ... and check it again, its targets may have moved */
    size_t n_changed;
};

static void note_changed(struct run *x, int64_t id)
{
    x->changed = true;
    for (size_t i = 0; i < x->n_changed; i++)
        if (x->changed_ids[i] == id)
            return;
    x->changed_ids = xrealloc(x->changed_ids, (x->n_changed + 1) * sizeof *x->changed_ids);
    x->changed_ids[x->n_changed++] = id;
}

static void key_base(char *buf, size_t size, const struct tt_sla_ticket *e,
                     const struct tt_sla_result *r)
{
    snprintf(buf, size, "%lld:%s:%lld", (long long)e->ticket.id, tt_sla_metric_name(r->metric),
             (long long)r->start);
}

static void describe(struct tt_buf *b, const struct tt_sla_ticket *e, const struct tt_sla_result *r,
                     int64_t now)
{
    char *subj = tt_sanitize(e->ticket.subject, 0);
    char when[96], d[32];
    tt_buf_printf(b, "Ticket %lld: %s\n", (long long)e->ticket.id, subj);
    free(subj);
    tt_buf_printf(b, "Priority %s, status %s, policy %s", tt_priority_name(e->ticket.priority),
                  tt_status_name(e->ticket.status), e->policy->name);
    if (e->ticket.organization) {
        char *org = tt_sanitize(e->ticket.organization, 0);
        tt_buf_printf(b, ", %s", org);
        free(org);
    }
    if (e->ticket.group) {
        char *g = tt_sanitize(e->ticket.group, 0);
        tt_buf_printf(b, ", group %s", g);
        free(g);
    }
    sla_fmt_when(r->breached ? r->breached_at : r->deadline, r->target, when, sizeof when);
    tt_buf_printf(b, "\n%s target %lld min: deadline %s", tt_sla_metric_label(r->metric),
                  (long long)r->target->minutes, when);
    if (r->breached) {
        sla_fmt_dur(now - r->breached_at, d, sizeof d);
        tt_buf_printf(b, " (breached %s ago)", d);
    } else if (r->deadline) {
        sla_fmt_dur(r->deadline - now, d, sizeof d);
        tt_buf_printf(b, " (%s left)", d);
    }
}

/* Run one action; returns the state word and fills detail. */
static const char *do_action(struct run *x, const struct tt_sla_ticket *e,
                             const struct tt_sla_result *r, const struct tt_sla_action *a,
                             int level, char *detail, size_t dsize)
{
    struct tt_err err;
    tt_err_clear(&err);
    detail[0] = '\0';
    const struct tt_ticket *t = &e->ticket;
    if (a->kind == TT_SLA_ACT_NOTIFY) {
        const char *dest = a->to;
        char *group_mail = NULL;
        if (tt_streq(dest, "group")) {
            if (!t->group_id ||
                tt_store_sla_group_email(x->st, t->group_id, &group_mail, &err) <= 0 ||
                !group_mail || !*group_mail) {
                free(group_mail);
                snprintf(detail, dsize, "the ticket's group has no e-mail address");
                return "skipped";
            }
            dest = group_mail;
        }
        if (tt_streq(dest, "webhook") && !(x->nc.webhook_url && *x->nc.webhook_url)) {
            snprintf(detail, dsize, "notify.webhook_url is not set");
            return "skipped";
        }
        if (x->dry) {
            char *shown = tt_notify_redact(dest);
            snprintf(detail, dsize, "would notify %s", shown);
            free(shown);
            free(group_mail);
            return "dry-run";
        }
        struct tt_buf text = {0};
        describe(&text, e, r, x->now);
        char title[256];
        char *subj = tt_sanitize(t->subject, 0);
        snprintf(title, sizeof title, "SLA %s: ticket %lld %s (level %d) - %.120s",
                 r->breached ? "breach" : "warning", (long long)t->id,
                 tt_sla_metric_label(r->metric), level + 1, subj);
        free(subj);
        struct tt_notice n = {title, tt_buf_str(&text), r->breached ? "breach" : "warning"};
        int rc = tt_notify_send(&x->nc, dest, &n, &err);
        tt_buf_free(&text);
        free(group_mail);
        if (rc < 0) {
            snprintf(detail, dsize, "%.*s", (int)dsize - 1, err.msg);
            return "failed";
        }
        return "sent";
    }
    /* reassign / raise priority: through the outbox, or locally */
    struct tt_account acct = {0};
    int found = t->account ? tt_store_account_get(x->st, t->account, &acct, &err) : 0;
    bool local = found <= 0 || tt_streq(acct.provider, "local");
    tt_account_clear(&acct);
    if (a->kind == TT_SLA_ACT_PRIORITY) {
        int want = a->priority >= 0                   ? a->priority
                   : t->priority < TT_PRIORITY_URGENT ? (int)t->priority + 1
                                                      : TT_PRIORITY_URGENT;
        if (want <= (int)t->priority) {
            snprintf(detail, dsize, "priority is already %s", tt_priority_name(t->priority));
            return "skipped";
        }
        snprintf(detail, dsize, "%s -> %s", tt_priority_name(t->priority), tt_priority_name(want));
        if (x->dry)
            return "dry-run";
        if (local) {
            if (tt_store_sla_local_change(x->st, t->id, want, 0, NULL, x->now, &err) < 0)
                goto fail;
            note_changed(x, t->id);
            return "applied";
        }
        if (tt_outbox_queue(x->st, t->id, "priority", tt_priority_name(want), 0, NULL, &err) < 0)
            goto fail;
        return "queued";
    }
    /* reassign */
    int64_t gid;
    char *ext = NULL;
    int g = tt_store_sla_group_by_name(x->st, t->account_id, a->to, &gid, &ext, &err);
    if (g <= 0) {
        if (g == 0)
            tt_errf(&err, "no group \"%s\" in account %s", a->to, t->account ? t->account : "?");
        goto fail;
    }
    if (gid == t->group_id) {
        free(ext);
        snprintf(detail, dsize, "already in group %s", a->to);
        return "skipped";
    }
    snprintf(detail, dsize, "to group %s", a->to);
    if (x->dry) {
        free(ext);
        return "dry-run";
    }
    int rc = local ? tt_store_sla_local_change(x->st, t->id, -1, gid, a->to, x->now, &err)
                   : tt_outbox_queue(x->st, t->id, "group", ext, 0, NULL, &err);
    free(ext);
    if (rc < 0)
        goto fail;
    if (local) {
        note_changed(x, t->id);
        return "applied";
    }
    return "queued";
fail:
    snprintf(detail, dsize, "%.*s", (int)dsize - 1, err.msg);
    return "failed";
}

static json_t *target_ref(const struct tt_sla_ticket *e, const struct tt_sla_result *r)
{
    return json_pack("{s:I,s:s,s:s,s:o,s:o}", "ticket", (json_int_t)e->ticket.id, "metric",
                     tt_sla_metric_name(r->metric), "policy", e->policy->name, "deadline",
                     tt_json_time(r->breached ? r->breached_at : r->deadline), "started_at",
                     tt_json_time(r->start));
}

static int record(struct run *x, const char *key, const struct tt_sla_ticket *e,
                  const struct tt_sla_result *r, enum tt_sla_event_kind kind, int level,
                  int64_t *id, struct tt_err *err)
{
    int64_t deadline = r->breached ? r->breached_at : r->deadline;
    if (x->dry) {
        int ex = tt_store_sla_event_exists(x->st, key, err);
        return ex < 0 ? -1 : !ex;
    }
    return tt_store_sla_event_record(x->st, key, e->ticket.id, tt_sla_metric_name(r->metric),
                                     r->start, kind, level, deadline, e->policy->name, x->now, id,
                                     err);
}

static int check_ticket(struct run *x, const struct tt_sla_ticket *e, struct tt_err *err)
{
    const struct tt_sla_policy *p = e->policy;
    for (size_t i = 0; i < e->n_results; i++) {
        const struct tt_sla_result *r = &e->results[i];
        if (r->state == TT_SLA_FULFILLED)
            continue;
        char base[96], key[128];
        key_base(base, sizeof base, e, r);
        char d[32];
        if (r->warning) {
            snprintf(key, sizeof key, "warning:%s", base);
            int rc = record(x, key, e, r, TT_SLA_EV_WARNING, 0, NULL, err);
            if (rc < 0)
                return -1;
            if (rc) {
                x->n_warn++;
                json_array_append_new(x->warnings, target_ref(e, r));
                if (!x->json) {
                    sla_fmt_dur(r->deadline - x->now, d, sizeof d);
                    printf("warning     ticket %lld %s: %s left\n", (long long)e->ticket.id,
                           tt_sla_metric_label(r->metric), d);
                }
            }
        }
        if (r->breached) {
            snprintf(key, sizeof key, "breach:%s", base);
            int rc = record(x, key, e, r, TT_SLA_EV_BREACH, 0, NULL, err);
            if (rc < 0)
                return -1;
            if (rc) {
                x->n_breach++;
                json_array_append_new(x->breaches, target_ref(e, r));
                if (!x->json) {
                    sla_fmt_dur(x->now - r->breached_at, d, sizeof d);
                    printf("breach      ticket %lld %s: %s overdue\n", (long long)e->ticket.id,
                           tt_sla_metric_label(r->metric), d);
                }
            }
        }
        int64_t deadline = r->breached ? r->breached_at : r->deadline;
        if (!deadline || deadline == INT64_MAX)
            continue; /* paused before breaching: no deadline to escalate from */
        for (size_t l = 0; l < p->n_levels; l++) {
            const struct tt_sla_level *lv = &p->ladder[l];
            if (x->now < deadline + lv->offset_minutes * 60)
                continue;
            snprintf(key, sizeof key, "escalation:%s:%zu", base, l);
            int64_t ev_id = 0;
            int rc = record(x, key, e, r, TT_SLA_EV_ESCALATION, (int)l, &ev_id, err);
            if (rc < 0)
                return -1;
            /* An old level still runs its failed actions again. */
            json_t *acts = json_array();
            bool any = false;
            for (size_t k = 0; k < lv->n_actions; k++) {
                const struct tt_sla_action *a = &lv->actions[k];
                char akey[160], prev[16] = "";
                snprintf(akey, sizeof akey, "%s:%zu", key, k);
                int had = tt_store_sla_action_state(x->st, akey, prev, err);
                if (had < 0) {
                    json_decref(acts);
                    return -1;
                }
                if (had && strcmp(prev, "failed") != 0)
                    continue;
                if (!rc && !had)
                    continue; /* level recorded by an older run that predates the action */
                char detail[512];
                const char *state = do_action(x, e, r, a, (int)l, detail, sizeof detail);
                /* a webhook target carries its secret in the URL: never stored or shown */
                char *target = a->to ? tt_notify_redact(a->to) : NULL;
                const char *aname = a->kind == TT_SLA_ACT_NOTIFY     ? "notify"
                                    : a->kind == TT_SLA_ACT_REASSIGN ? "reassign"
                                                                     : "raise_priority";
                if (!x->dry &&
                    tt_store_sla_action_set(x->st, akey, ev_id, aname, target, state,
                                            detail[0] ? detail : NULL, x->now, err) < 0) {
                    free(target);
                    json_decref(acts);
                    return -1;
                }
                any = true;
                if (!strcmp(state, "sent"))
                    x->sent++;
                else if (!strcmp(state, "queued"))
                    x->queued++;
                else if (!strcmp(state, "applied"))
                    x->applied++;
                else if (!strcmp(state, "failed"))
                    x->failed++;
                else if (!strcmp(state, "skipped"))
                    x->skipped++;
                json_array_append_new(acts,
                                      json_pack("{s:s,s:o,s:s,s:o}", "action", aname, "target",
                                                tt_json_str(target), "state", state, "detail",
                                                tt_json_str(detail[0] ? detail : NULL)));
                if (!x->json) {
                    char *safe = tt_sanitize(detail, 0);
                    printf("escalation  ticket %lld %s level %zu (%+lld min): %s %s: %s%s%s\n",
                           (long long)e->ticket.id, tt_sla_metric_label(r->metric), l + 1,
                           (long long)lv->offset_minutes, aname, target ? target : "", state,
                           safe[0] ? " - " : "", safe);
                    free(safe);
                }
                free(target);
            }
            if (rc || any) {
                if (rc)
                    x->n_esc++;
                json_t *o = target_ref(e, r);
                json_object_set_new(o, "level", json_integer((json_int_t)l + 1));
                json_object_set_new(o, "offset_minutes", json_integer(lv->offset_minutes));
                json_object_set_new(o, "actions", acts);
                json_array_append_new(x->escalations, o);
            } else {
                json_decref(acts);
            }
        }
    }
    return 0;
}

static int sla_check_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"dry-run", no_argument, NULL, 'n'}, {"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    struct run x = {0};
    int c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'n')
            x.dry = true;
        else if (c == 'j')
            x.json = true;
        else
            return tt_cmd_usage(&tt_cmd_sla_check, "unknown option '%s'", argv[optind - 1]);
    }
    if (optind != argc)
        return tt_cmd_usage(&tt_cmd_sla_check, "unexpected argument '%s'", argv[optind]);
    struct tt_err err;
    x.st = tt_ctx_store(ctx, &err);
    if (!x.st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_sla_config cfg;
    if (tt_sla_config_load(&cfg, ctx->config, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    tt_notify_config_load(&x.nc, ctx->config);
    x.now = tt_now();
    x.warnings = json_array();
    x.breaches = json_array();
    x.escalations = json_array();
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = x.dry ? 0 : tt_sla_refresh_dirty(x.st, &cfg, x.now, NULL, &err);
    if (rc == 0)
        rc = tt_store_sla_open_ids(x.st, &ids, &n, &err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct tt_sla_ticket e;
        int f = tt_sla_ticket_eval(x.st, &cfg, ids[i], x.now, &e, &err);
        if (f < 0) {
            rc = -1;
            break;
        }
        if (f && e.policy) {
            x.checked++;
            rc = check_ticket(&x, &e, &err);
        }
        tt_sla_ticket_clear(&e);
    }
    free(ids);
    /* Tickets this run changed (a raised priority has stricter targets) are
     * checked again until nothing moves, so the next run finds nothing new. */
    for (int round = 0; rc == 0 && x.changed && !x.dry && round < TT_PRIORITY__COUNT; round++) {
        x.changed = false;
        ids = x.changed_ids;
        n = x.n_changed;
        x.changed_ids = NULL;
        x.n_changed = 0;
        rc = tt_sla_refresh_dirty(x.st, &cfg, x.now, NULL, &err);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            struct tt_sla_ticket e;
            int f = tt_sla_ticket_eval(x.st, &cfg, ids[i], x.now, &e, &err);
            if (f < 0)
                rc = -1;
            else if (f && e.policy && tt_status_is_open(e.ticket.status))
                rc = check_ticket(&x, &e, &err);
            tt_sla_ticket_clear(&e);
        }
        free(ids);
    }
    free(x.changed_ids);
    if (rc == 0 && x.changed && !x.dry)
        rc = tt_sla_refresh_dirty(x.st, &cfg, x.now, NULL, &err);
    tt_sla_config_clear(&cfg);
    if (rc < 0) {
        json_decref(x.warnings);
        json_decref(x.breaches);
        json_decref(x.escalations);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    if (x.json) {
        json_t *o = json_object();
        json_object_set_new(o, "now", tt_json_time(x.now));
        json_object_set_new(o, "dry_run", json_boolean(x.dry));
        json_object_set_new(o, "checked", json_integer(x.checked));
        json_object_set_new(o, "warnings", x.warnings);
        json_object_set_new(o, "breaches", x.breaches);
        json_object_set_new(o, "escalations", x.escalations);
        json_object_set_new(o, "actions",
                            json_pack("{s:I,s:I,s:I,s:I,s:I}", "sent", (json_int_t)x.sent, "queued",
                                      (json_int_t)x.queued, "applied", (json_int_t)x.applied,
                                      "failed", (json_int_t)x.failed, "skipped",
                                      (json_int_t)x.skipped));
        tt_json_print(o, 0);
    } else {
        json_decref(x.warnings);
        json_decref(x.breaches);
        json_decref(x.escalations);
        printf("%schecked %lld open tickets: %lld new warnings, %lld new breaches, %lld "
               "escalation levels; actions: %lld sent, %lld queued, %lld applied, %lld failed, "
               "%lld skipped\n",
               x.dry ? "dry run (nothing recorded or sent): " : "", (long long)x.checked,
               (long long)x.n_warn, (long long)x.n_breach, (long long)x.n_esc, (long long)x.sent,
               (long long)x.queued, (long long)x.applied, (long long)x.failed,
               (long long)x.skipped);
    }
    return x.failed ? TT_EXIT_PARTIAL : TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_sla_check = {
    .name = "sla check",
    .usage = "[--dry-run] [--json]",
    .summary = "record SLA warnings and breaches and run escalation ladders",
    .help = "Evaluates the SLA clocks of every open ticket, records new warnings and breaches,\n"
            "and runs each policy's escalation ladder: a level fires once its offset from the\n"
            "deadline has passed (negative offsets fire before it), at most once per target\n"
            "and never for a target already fulfilled.  notify sends to the webhook, a URL,\n"
            "e-mail addresses or the ticket group's address; reassign and raise_priority go\n"
            "through the outbox (applied directly to tickets of the local account).  Every\n"
            "record is de-duplicated, so a second run sends nothing new; failed deliveries\n"
            "are retried by the next run.  --dry-run shows what would happen without\n"
            "recording or sending.  Exit status 3 when an action failed.  Meant for cron:\n"
            "*/5 * * * * ticketty sla check"
            "\n--json  {now, dry_run, checked, warnings, breaches, escalations, actions}:\n"
            "        items {ticket, metric, policy, deadline, started_at[, level,\n"
            "        offset_minutes, actions [{action, target, state, detail}]]}, actions\n"
            "        the counts {sent, queued, applied, failed, skipped}",
    .exec = sla_check_exec,
};
