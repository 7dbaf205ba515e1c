/*
 * sla_config.c: the `sla:` section of config.yaml (schedules and an ordered
 * list of policies) into engine structs, with errors as file:line: key.
 * The built-in default is itself YAML (tt_sla_default_yaml), parsed by the
 * same code, so what the manual shows is exactly what runs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/sla.h"
#include "ticketty/util.h"

const char tt_sla_default_yaml[] =
    "schedules:\n"
    "  office:\n"
    "    timezone: UTC\n"
    "    weekdays: \"09:00-17:00\"\n"
    "policies:\n"
    "  - name: enterprise\n"
    "    when:\n"
    "      plan: [enterprise]\n"
    "    human_only: true\n"
    "    pause_statuses: [pending]\n"
    "    mode: calendar\n"
    "    warn_before_minutes: 30\n"
    "    warn_percent: 75\n"
    "    targets:\n"
    "      first_reply:     {urgent: 15, high: 60, normal: 120, low: 240}\n"
    "      next_reply:      {urgent: 30, high: 120, normal: 240, low: 480}\n"
    "      full_resolution: {urgent: 120, high: 240, normal: 720, low: 1440}\n"
    "    escalation:\n"
    "      - offset_minutes: -30\n"
    "        notify: [webhook]\n"
    "      - offset_minutes: 0\n"
    "        notify: [webhook]\n"
    "        raise_priority: true\n"
    "      - offset_minutes: 60\n"
    "        notify: [webhook]\n"
    "        reassign: Enterprise\n"
    "  - name: standard\n"
    "    pause_statuses: [pending]\n"
    "    mode: calendar\n"
    "    targets:\n"
    "      first_reply:     {urgent: 30, high: 120, normal: 480, low: 1440}\n"
    "      full_resolution: {urgent: 240, high: 480, normal: 1440, low: 4320}\n"
    "    escalation:\n"
    "      - offset_minutes: -15\n"
    "        notify: [webhook]\n"
    "      - offset_minutes: 0\n"
    "        notify: [webhook]\n";

struct px {
    const char *file;
    struct tt_err *err;
};

/* A notify destination: webhook, group (the ticket group's address), an
 * http(s) URL, or e-mail addresses (mailto: optional, comma-separated). */
bool tt_sla_dest_valid(const char *d)
{
    if (!d || !*d)
        return false;
    if (!strcmp(d, "webhook") || !strcmp(d, "group") || tt_has_prefix(d, "http://") ||
        tt_has_prefix(d, "https://"))
        return true;
    if (tt_has_prefix(d, "mailto:"))
        d += 7;
    bool any = false;
    for (const char *p = d; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *e = p;
        int at = 0;
        while (*e && *e != ',') {
            if (*e == '@')
                at++;
            else if ((unsigned char)*e <= ' ' && *e != ' ')
                return false;
            else if (*e == '<' || *e == '>' || *e == '"')
                return false;
            e++;
        }
        const char *end = e;
        while (end > p && end[-1] == ' ')
            end--;
        if (end > p) {
            if (at != 1 || *p == '@' || end[-1] == '@' || memchr(p, ' ', (size_t)(end - p)))
                return false;
            any = true;
        }
        p = e;
    }
    return any;
}

static int fail(struct px *x, const struct tt_conf_node *n, const char *key, const char *msg,
                const char *arg)
{
    return tt_errf(x->err, "%s:%d: sla.%s: %s%s%s%s", x->file, n ? n->line : 0, key, msg,
                   arg ? " \"" : "", arg ? arg : "", arg ? "\"" : "");
}

static const struct tt_conf_node *get(const struct tt_conf_node *m, const char *k)
{
    return tt_conf_get(m, k);
}

/* A scalar or a sequence of scalars as a string list. */
static int str_list(struct px *x, const struct tt_conf_node *n, const char *key, char ***out,
                    size_t *n_out)
{
    if (n->kind == TT_CONF_SCALAR) {
        *out = xcalloc(1, sizeof **out);
        (*out)[0] = xstrdup(n->value);
        *n_out = 1;
        return 0;
    }
    if (n->kind != TT_CONF_SEQ)
        return fail(x, n, key, "expected a value or a list", NULL);
    *out = xcalloc(n->n_items ? n->n_items : 1, sizeof **out);
    *n_out = 0;
    for (size_t i = 0; i < n->n_items; i++) {
        if (n->items[i].kind != TT_CONF_SCALAR)
            return fail(x, &n->items[i], key, "expected a list of values", NULL);
        (*out)[(*n_out)++] = xstrdup(n->items[i].value);
    }
    return 0;
}

static int parse_number(struct px *x, const struct tt_conf_node *n, const char *key, double *out)
{
    if (n->kind != TT_CONF_SCALAR)
        return fail(x, n, key, "expected a number", NULL);
    char *end;
    *out = strtod(n->value, &end);
    if (end == n->value || *end || !isfinite(*out))
        return fail(x, n, key, "not a number:", n->value);
    return 0;
}

/* Minutes: 90, "90m", "8h", "3d" (a day is 24 hours of the target's mode, so
 * Intercom's "N days" of office hours is "Nd" in business mode). */
static int parse_minutes(struct px *x, const struct tt_conf_node *n, const char *key,
                         bool allow_negative, int64_t *out)
{
    if (n->kind != TT_CONF_SCALAR)
        return fail(x, n, key, "expected minutes (90, 90m, 8h or 3d)", NULL);
    char *end;
    double v = strtod(n->value, &end);
    double mult = 1;
    if (*end == 'm' || *end == 'h' || *end == 'd') {
        mult = *end == 'h' ? 60 : *end == 'd' ? 1440 : 1;
        end++;
    }
    if (end == n->value || *end || !isfinite(v) || (!allow_negative && v < 0) ||
        fabs(v * mult) > 1e8)
        return fail(x, n, key, "expected minutes (90, 90m, 8h or 3d), got", n->value);
    *out = (int64_t)llround(v * mult);
    return 0;
}

static int parse_bool(struct px *x, const struct tt_conf_node *n, const char *key, bool *out)
{
    if (n->kind == TT_CONF_SCALAR) {
        if (!strcmp(n->value, "true") || !strcmp(n->value, "yes") || !strcmp(n->value, "on")) {
            *out = true;
            return 0;
        }
        if (!strcmp(n->value, "false") || !strcmp(n->value, "no") || !strcmp(n->value, "off")) {
            *out = false;
            return 0;
        }
    }
    return fail(x, n, key, "expected true or false", NULL);
}

/* ---- schedules ------------------------------------------------------------ */

static const char *const day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

/* "09:00-17:00", or ["09:00","17:00"], or a list of either; "closed" or [] = none. */
static int parse_hours(struct px *x, const struct tt_conf_node *n, const char *key,
                       struct tt_sla_day_hours *h)
{
    if (n->kind == TT_CONF_SCALAR) {
        if (!strcmp(n->value, "closed") || !*n->value)
            return 0;
        const char *dash = strchr(n->value, '-');
        char a[8] = "", b[8] = "";
        if (dash && dash - n->value < 7 && strlen(dash + 1) < 7) {
            memcpy(a, n->value, (size_t)(dash - n->value));
            strcpy(b, dash + 1);
        }
        int s = tt_sla_parse_hhmm(a), e = tt_sla_parse_hhmm(b);
        if (s < 0 || e < 0 || s >= e)
            return fail(x, n, key, "expected HH:MM-HH:MM (00:00..24:00, start before end), got",
                        n->value);
        tt_sla_hours_add(h, s, e);
        return 0;
    }
    if (n->kind != TT_CONF_SEQ)
        return fail(x, n, key, "expected \"HH:MM-HH:MM\" or a list of them", NULL);
    if (n->n_items == 2 && n->items[0].kind == TT_CONF_SCALAR &&
        n->items[1].kind == TT_CONF_SCALAR && !strchr(n->items[0].value, '-')) {
        int s = tt_sla_parse_hhmm(n->items[0].value), e = tt_sla_parse_hhmm(n->items[1].value);
        if (s < 0 || e < 0 || s >= e)
            return fail(x, n, key, "expected [\"HH:MM\", \"HH:MM\"] with start before end", NULL);
        tt_sla_hours_add(h, s, e);
        return 0;
    }
    for (size_t i = 0; i < n->n_items; i++)
        if (parse_hours(x, &n->items[i], key, h) < 0)
            return -1;
    return 0;
}

static int parse_date(const char *s, int64_t *day)
{
    int64_t t;
    if (!s || strlen(s) != 10 || tt_time_parse(s, &t, NULL) < 0)
        return -1;
    *day = t / 86400;
    return 0;
}

static int parse_schedule(struct px *x, const struct tt_conf_node *n, struct tt_sla_schedule *s)
{
    char key[160];
    snprintf(key, sizeof key, "schedules.%.100s", n->key);
    s->name = xstrdup(n->key);
    if (n->kind != TT_CONF_MAP)
        return fail(x, n, key, "expected a mapping (timezone, weekly, holidays, overrides)", NULL);
    for (size_t i = 0; i < n->n_items; i++) {
        const struct tt_conf_node *c = &n->items[i];
        char sub[256];
        snprintf(sub, sizeof sub, "%.120s.%.120s", key, c->key);
        if (!strcmp(c->key, "timezone")) {
            if (c->kind != TT_CONF_SCALAR)
                return fail(x, c, sub, "expected an IANA zone name", NULL);
            free(s->timezone);
            s->timezone = xstrdup(c->value);
        } else if (!strcmp(c->key, "weekdays") || !strcmp(c->key, "every_day")) {
            int last = !strcmp(c->key, "weekdays") ? 5 : 7;
            for (int d = 0; d < last; d++)
                if (parse_hours(x, c, sub, &s->weekly[d]) < 0)
                    return -1;
        } else if (!strcmp(c->key, "weekly")) {
            if (c->kind != TT_CONF_MAP)
                return fail(x, c, sub, "expected a mapping of mon..sun to hours", NULL);
            for (size_t k = 0; k < c->n_items; k++) {
                const struct tt_conf_node *d = &c->items[k];
                char dk[384];
                snprintf(dk, sizeof dk, "%.250s.%.120s", sub, d->key);
                int day = -1;
                for (int w = 0; w < 7; w++)
                    if (!strncasecmp(d->key, day_names[w], 3) && strlen(d->key) >= 3)
                        day = w;
                if (day < 0)
                    return fail(x, d, dk, "unknown day (mon, tue, wed, thu, fri, sat, sun)", NULL);
                if (parse_hours(x, d, dk, &s->weekly[day]) < 0)
                    return -1;
            }
        } else if (!strcmp(c->key, "holidays")) {
            char **v = NULL;
            size_t nv = 0;
            int rc = str_list(x, c, sub, &v, &nv);
            for (size_t k = 0; rc == 0 && k < nv; k++) {
                int64_t day;
                if (parse_date(v[k], &day) < 0)
                    rc = fail(x, c, sub, "expected dates YYYY-MM-DD, got", v[k]);
                else
                    tt_sla_schedule_add_holiday(s, day);
            }
            for (size_t k = 0; k < nv; k++)
                free(v[k]);
            free(v);
            if (rc < 0)
                return -1;
        } else if (!strcmp(c->key, "overrides")) {
            if (c->kind != TT_CONF_MAP)
                return fail(x, c, sub, "expected a mapping of YYYY-MM-DD to hours", NULL);
            for (size_t k = 0; k < c->n_items; k++) {
                const struct tt_conf_node *d = &c->items[k];
                char dk[384];
                snprintf(dk, sizeof dk, "%.250s.%.120s", sub, d->key);
                int64_t day;
                if (parse_date(d->key, &day) < 0)
                    return fail(x, d, dk, "expected a date YYYY-MM-DD as the key", NULL);
                struct tt_sla_override *o = tt_sla_schedule_override(s, day);
                if (parse_hours(x, d, dk, &o->hours) < 0)
                    return -1;
            }
        } else {
            return fail(x, c, sub, "unknown key (timezone, weekdays, weekly, holidays, overrides)",
                        NULL);
        }
    }
    struct tt_err e2;
    if (tt_sla_schedule_load(s, key, &e2) < 0)
        return tt_errf(x->err, "%s:%d: sla.%s", x->file, n->line, e2.msg);
    return 0;
}

/* ---- policies ---------------------------------------------------------------- */

static int parse_statuses(struct px *x, const struct tt_conf_node *n, const char *key,
                          unsigned *mask)
{
    char **v = NULL;
    size_t nv = 0;
    int rc = str_list(x, n, key, &v, &nv);
    *mask = 0;
    for (size_t i = 0; rc == 0 && i < nv; i++) {
        int st = tt_status_from_name(v[i]);
        if (st < 0)
            rc = fail(x, n, key, "unknown status (new, open, pending, on_hold, solved):", v[i]);
        else
            *mask |= 1u << st;
    }
    for (size_t i = 0; i < nv; i++)
        free(v[i]);
    free(v);
    return rc;
}

static int parse_when(struct px *x, const struct tt_conf_node *n, const char *key,
                      struct tt_sla_conditions *c)
{
    if (n->kind != TT_CONF_MAP)
        return fail(x, n, key, "expected a mapping of conditions", NULL);
    for (size_t i = 0; i < n->n_items; i++) {
        const struct tt_conf_node *k = &n->items[i];
        char sub[256];
        snprintf(sub, sizeof sub, "%.120s.%.120s", key, k->key);
        int rc = 0;
        if (!strcmp(k->key, "priority")) {
            char **v = NULL;
            size_t nv = 0;
            rc = str_list(x, k, sub, &v, &nv);
            for (size_t j = 0; rc == 0 && j < nv; j++) {
                int p = tt_priority_from_name(v[j]);
                if (p < 0)
                    rc = fail(x, k, sub, "unknown priority (low, normal, high, urgent):", v[j]);
                else
                    c->priority_mask |= 1u << p;
            }
            for (size_t j = 0; j < nv; j++)
                free(v[j]);
            free(v);
        } else if (!strcmp(k->key, "plan") || !strcmp(k->key, "tier")) {
            rc = str_list(x, k, sub, &c->plans, &c->n_plans);
        } else if (!strcmp(k->key, "organization") || !strcmp(k->key, "organisation")) {
            rc = str_list(x, k, sub, &c->organizations, &c->n_organizations);
        } else if (!strcmp(k->key, "tags")) {
            rc = str_list(x, k, sub, &c->tags, &c->n_tags);
        } else if (!strcmp(k->key, "channel")) {
            rc = str_list(x, k, sub, &c->channels, &c->n_channels);
        } else if (!strcmp(k->key, "group")) {
            rc = str_list(x, k, sub, &c->groups, &c->n_groups);
        } else if (!strcmp(k->key, "mrr_min")) {
            c->has_mrr = true;
            rc = parse_number(x, k, sub, &c->mrr_min);
        } else if (!strcmp(k->key, "mrr_max")) {
            c->has_mrr = true;
            rc = parse_number(x, k, sub, &c->mrr_max);
            if (rc == 0 && c->mrr_max <= 0)
                rc = fail(x, k, sub, "must be above 0", NULL);
        } else {
            rc = fail(x, k, sub,
                      "unknown condition (priority, plan, mrr_min, mrr_max, organization, tags, "
                      "channel, group)",
                      NULL);
        }
        if (rc < 0)
            return -1;
    }
    if (c->has_mrr && c->mrr_max > 0 && c->mrr_max <= c->mrr_min)
        return fail(x, n, key, "mrr_max must be above mrr_min", NULL);
    return 0;
}

struct defaults {
    enum tt_sla_mode mode;
    int64_t warn_before;
    double warn_percent;
    const struct tt_sla_schedule *schedule;
};

static int add_target(struct px *x, const struct tt_conf_node *n, const char *key,
                      struct tt_sla_policy *p, int metric, int priority, const struct defaults *d)
{
    struct tt_sla_target *t = tt_sla_policy_add_target(p);
    t->metric = metric;
    t->priority = priority;
    t->mode = d->mode;
    t->warn_before = d->warn_before;
    t->warn_percent = d->warn_percent;
    t->schedule = d->schedule;
    if (parse_minutes(x, n, key, false, &t->minutes) < 0)
        return -1;
    if (t->mode == TT_SLA_BUSINESS && !t->schedule)
        return fail(x, n, key, "business mode needs the policy's schedule", NULL);
    return 0;
}

static const struct tt_sla_schedule *find_schedule(const struct tt_sla_config *cfg,
                                                   const char *name)
{
    for (size_t i = 0; i < cfg->n_schedules; i++)
        if (!strcmp(cfg->schedules[i].name, name))
            return &cfg->schedules[i];
    return NULL;
}

static int parse_targets(struct px *x, const struct tt_conf_node *n, const char *key,
                         struct tt_sla_policy *p, const struct defaults *d)
{
    if (n->kind != TT_CONF_MAP)
        return fail(x, n, key, "expected a mapping of metric to minutes", NULL);
    for (size_t i = 0; i < n->n_items; i++) {
        const struct tt_conf_node *m = &n->items[i];
        char sub[256];
        snprintf(sub, sizeof sub, "%.120s.%.120s", key, m->key);
        int metric = tt_sla_metric_from_name(m->key);
        if (metric < 0)
            return fail(x, m, sub,
                        "unknown metric (first_reply, next_reply, periodic_update, "
                        "pausable_update, requester_wait, agent_work, first_resolution, "
                        "full_resolution)",
                        NULL);
        if (m->kind == TT_CONF_SCALAR) {
            if (add_target(x, m, sub, p, metric, -1, d) < 0)
                return -1;
            continue;
        }
        if (m->kind != TT_CONF_MAP)
            return fail(x, m, sub, "expected minutes or a mapping of priority to minutes", NULL);
        for (size_t k = 0; k < m->n_items; k++) {
            const struct tt_conf_node *v = &m->items[k];
            char pk[384];
            snprintf(pk, sizeof pk, "%.250s.%.120s", sub, v->key);
            int prio = strcmp(v->key, "any") == 0 ? -1 : tt_priority_from_name(v->key);
            if (prio < 0 && strcmp(v->key, "any") != 0)
                return fail(x, v, pk, "unknown priority (low, normal, high, urgent, any)", NULL);
            if (add_target(x, v, pk, p, metric, prio, d) < 0)
                return -1;
        }
    }
    return 0;
}

static int parse_ladder(struct px *x, const struct tt_conf_node *n, const char *key,
                        struct tt_sla_policy *p)
{
    if (n->kind != TT_CONF_SEQ)
        return fail(x, n, key, "expected a list of levels", NULL);
    for (size_t i = 0; i < n->n_items; i++) {
        const struct tt_conf_node *l = &n->items[i];
        char sub[256];
        snprintf(sub, sizeof sub, "%.200s[%zu]", key, i);
        if (l->kind != TT_CONF_MAP)
            return fail(x, l, sub,
                        "expected a mapping (offset_minutes, notify, reassign, "
                        "raise_priority)",
                        NULL);
        struct tt_sla_level *lv = tt_sla_policy_add_level(p);
        const struct tt_conf_node *off = get(l, "offset_minutes");
        if (!off)
            return fail(x, l, sub, "missing offset_minutes (negative = before the deadline)", NULL);
        for (size_t k = 0; k < l->n_items; k++) {
            const struct tt_conf_node *c = &l->items[k];
            char ck[384];
            snprintf(ck, sizeof ck, "%.250s.%.120s", sub, c->key);
            if (!strcmp(c->key, "offset_minutes")) {
                if (parse_minutes(x, c, ck, true, &lv->offset_minutes) < 0)
                    return -1;
            } else if (!strcmp(c->key, "notify")) {
                char **v = NULL;
                size_t nv = 0;
                int rc = str_list(x, c, ck, &v, &nv);
                for (size_t j = 0; j < nv; j++) {
                    if (rc == 0 && !tt_sla_dest_valid(v[j]))
                        rc = fail(x, c, ck,
                                  "not a destination (webhook, an http(s) URL, an e-mail "
                                  "address or group):",
                                  v[j]);
                    struct tt_sla_action *a = tt_sla_level_add_action(lv);
                    a->kind = TT_SLA_ACT_NOTIFY;
                    a->to = v[j];
                }
                free(v);
                if (rc < 0)
                    return -1;
            } else if (!strcmp(c->key, "reassign")) {
                if (c->kind != TT_CONF_SCALAR || !*c->value)
                    return fail(x, c, ck, "expected a group name", NULL);
                struct tt_sla_action *a = tt_sla_level_add_action(lv);
                a->kind = TT_SLA_ACT_REASSIGN;
                a->to = xstrdup(c->value);
            } else if (!strcmp(c->key, "raise_priority")) {
                int prio = -1;
                bool b;
                if (c->kind == TT_CONF_SCALAR && (prio = tt_priority_from_name(c->value)) >= 0) {
                    /* to that priority */
                } else if (parse_bool(x, c, ck, &b) < 0) {
                    tt_err_prefix(x->err, "or a priority name");
                    return -1;
                } else if (!b) {
                    continue;
                }
                struct tt_sla_action *a = tt_sla_level_add_action(lv);
                a->kind = TT_SLA_ACT_PRIORITY;
                a->priority = prio;
            } else {
                return fail(x, c, ck,
                            "unknown key (offset_minutes, notify, reassign, raise_priority)", NULL);
            }
        }
    }
    return 0;
}

static int parse_policy(struct px *x, const struct tt_conf_node *n, size_t idx,
                        const struct tt_sla_config *cfg, struct tt_sla_policy *p)
{
    char key[64];
    snprintf(key, sizeof key, "policies[%zu]", idx);
    if (n->kind != TT_CONF_MAP)
        return fail(x, n, key, "expected a mapping", NULL);
    const struct tt_conf_node *name = get(n, "name");
    p->name = name && name->kind == TT_CONF_SCALAR ? xstrdup(name->value)
                                                   : xasprintf("policy %zu", idx + 1);
    p->pause_mask = 1u << TT_STATUS_PENDING;
    struct defaults d = {.mode = TT_SLA_CALENDAR, .warn_before = TT_SLA_DEFAULT_WARN_MINUTES};
    /* Policy-wide settings first: targets use them whatever the key order. */
    for (size_t i = 0; i < n->n_items; i++) {
        const struct tt_conf_node *c = &n->items[i];
        char sub[256];
        snprintf(sub, sizeof sub, "%.120s.%.120s", key, c->key);
        if (!strcmp(c->key, "schedule")) {
            if (c->kind != TT_CONF_SCALAR || !(d.schedule = find_schedule(cfg, c->value)))
                return fail(x, c, sub, "no such schedule (define it under sla.schedules):",
                            c->kind == TT_CONF_SCALAR ? c->value : NULL);
            d.mode = TT_SLA_BUSINESS;
        }
    }
    for (size_t i = 0; i < n->n_items; i++) {
        const struct tt_conf_node *c = &n->items[i];
        char sub[256];
        snprintf(sub, sizeof sub, "%.120s.%.120s", key, c->key);
        if (!strcmp(c->key, "mode")) {
            if (c->kind == TT_CONF_SCALAR && !strcmp(c->value, "calendar"))
                d.mode = TT_SLA_CALENDAR;
            else if (c->kind == TT_CONF_SCALAR && !strcmp(c->value, "business"))
                d.mode = TT_SLA_BUSINESS;
            else
                return fail(x, c, sub, "expected calendar or business", NULL);
            if (d.mode == TT_SLA_BUSINESS && !d.schedule)
                return fail(x, c, sub, "business mode needs a schedule (policy key schedule)",
                            NULL);
        } else if (!strcmp(c->key, "warn_before_minutes")) {
            if (parse_minutes(x, c, sub, false, &d.warn_before) < 0)
                return -1;
        } else if (!strcmp(c->key, "warn_percent")) {
            if (parse_number(x, c, sub, &d.warn_percent) < 0)
                return -1;
            if (d.warn_percent < 0 || d.warn_percent > 100)
                return fail(x, c, sub, "expected a percentage from 0 to 100", NULL);
        }
    }
    bool has_targets = false;
    for (size_t i = 0; i < n->n_items; i++) {
        const struct tt_conf_node *c = &n->items[i];
        char sub[256];
        snprintf(sub, sizeof sub, "%.120s.%.120s", key, c->key);
        int rc = 0;
        if (!strcmp(c->key, "name") || !strcmp(c->key, "schedule") || !strcmp(c->key, "mode") ||
            !strcmp(c->key, "warn_before_minutes") || !strcmp(c->key, "warn_percent")) {
            continue;
        } else if (!strcmp(c->key, "when")) {
            rc = parse_when(x, c, sub, &p->when);
        } else if (!strcmp(c->key, "pause_statuses")) {
            rc = parse_statuses(x, c, sub, &p->pause_mask);
        } else if (!strcmp(c->key, "human_only")) {
            rc = parse_bool(x, c, sub, &p->human_only);
        } else if (!strcmp(c->key, "targets")) {
            has_targets = true;
            rc = parse_targets(x, c, sub, p, &d);
        } else if (!strcmp(c->key, "escalation")) {
            rc = parse_ladder(x, c, sub, p);
        } else {
            rc = fail(x, c, sub,
                      "unknown key (name, when, schedule, mode, pause_statuses, human_only, "
                      "warn_before_minutes, warn_percent, targets, escalation)",
                      NULL);
        }
        if (rc < 0)
            return -1;
    }
    if (!has_targets)
        return fail(x, n, key, "missing targets", NULL);
    return 0;
}

void tt_sla_config_clear(struct tt_sla_config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_policies; i++)
        tt_sla_policy_clear(&c->policies[i]);
    free(c->policies);
    for (size_t i = 0; i < c->n_schedules; i++)
        tt_sla_schedule_clear(&c->schedules[i]);
    free(c->schedules);
    for (size_t i = 0; i < c->n_extra_schedules; i++)
        tt_sla_schedule_clear(&c->extra_schedules[i]);
    free(c->extra_schedules);
    memset(c, 0, sizeof *c);
}

static int parse_section(struct px *x, const struct tt_conf_node *node, struct tt_sla_config *c)
{
    if (node->kind != TT_CONF_MAP)
        return tt_errf(x->err, "%s:%d: sla: expected a mapping (schedules, policies)", x->file,
                       node->line);
    const struct tt_conf_node *sch = get(node, "schedules");
    const struct tt_conf_node *pol = get(node, "policies");
    for (size_t i = 0; i < node->n_items; i++)
        if (strcmp(node->items[i].key, "schedules") && strcmp(node->items[i].key, "policies"))
            return fail(x, &node->items[i], node->items[i].key, "unknown key (schedules, policies)",
                        NULL);
    if (sch) {
        if (sch->kind != TT_CONF_MAP)
            return fail(x, sch, "schedules", "expected a mapping of name to schedule", NULL);
        /* Sized once: policies point into this array. */
        c->schedules = xcalloc(sch->n_items ? sch->n_items : 1, sizeof *c->schedules);
        for (size_t i = 0; i < sch->n_items; i++) {
            c->n_schedules++;
            if (parse_schedule(x, &sch->items[i], &c->schedules[i]) < 0)
                return -1;
        }
    }
    if (pol) {
        if (pol->kind != TT_CONF_SEQ || pol->n_items == 0)
            return fail(x, pol, "policies", "expected a non-empty list of policies", NULL);
        c->policies = xcalloc(pol->n_items, sizeof *c->policies);
        for (size_t i = 0; i < pol->n_items; i++) {
            c->n_policies++;
            if (parse_policy(x, &pol->items[i], i, c, &c->policies[i]) < 0)
                return -1;
        }
    }
    return 0;
}

int tt_sla_config_from_node(struct tt_sla_config *c, const struct tt_conf_node *node,
                            const char *file, struct tt_err *err)
{
    memset(c, 0, sizeof *c);
    struct px x = {.file = file ? file : "config", .err = err};
    if (node && parse_section(&x, node, c) < 0) {
        tt_sla_config_clear(c);
        return -1;
    }
    if (c->n_policies == 0) {
        /* The built-in policies (with any schedules the file defines unused). */
        struct tt_conf_node *def =
            tt_conf_parse(tt_sla_default_yaml, strlen(tt_sla_default_yaml), "built-in", err);
        if (!def)
            return -1;
        struct tt_sla_config b;
        memset(&b, 0, sizeof b);
        struct px bx = {.file = "built-in sla", .err = err};
        int rc = parse_section(&bx, def, &b);
        tt_conf_node_free(def);
        if (rc < 0) {
            tt_sla_config_clear(&b);
            tt_sla_config_clear(c);
            return -1;
        }
        if (c->n_schedules == 0) {
            tt_sla_config_clear(c);
            *c = b;
        } else {
            /* keep the file's schedules; the built-in policies use their own */
            c->policies = b.policies;
            c->n_policies = b.n_policies;
            c->extra_schedules = b.schedules;
            c->n_extra_schedules = b.n_schedules;
        }
    }
    return 0;
}

const struct tt_sla_policy *tt_sla_config_match(const struct tt_sla_config *c,
                                                const struct tt_sla_subject *s, char *why,
                                                size_t why_size)
{
    for (size_t i = 0; i < c->n_policies; i++)
        if (tt_sla_policy_matches(&c->policies[i], s, why, why_size))
            return &c->policies[i];
    if (why && why_size)
        snprintf(why, why_size, "no policy matches");
    return NULL;
}

int tt_sla_config_validate(const struct tt_conf_node *node, const char *file, struct tt_err *err)
{
    struct tt_sla_config c;
    int rc = tt_sla_config_from_node(&c, node, file, err);
    tt_sla_config_clear(&c);
    return rc;
}

int tt_sla_config_load(struct tt_sla_config *c, const struct tt_config *cfg, struct tt_err *err)
{
    return tt_sla_config_from_node(c, cfg ? tt_config_section(cfg, "sla") : NULL,
                                   cfg ? tt_config_path(cfg) : NULL, err);
}

/* FNV-1a over everything that changes a clock. */
static void fp_bytes(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        *h ^= b[i];
        *h *= 1099511628211ull;
    }
}

static void fp_str(uint64_t *h, const char *s)
{
    fp_bytes(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

static void fp_i64(uint64_t *h, int64_t v)
{
    fp_bytes(h, &v, sizeof v);
}

static void fp_hours(uint64_t *h, const struct tt_sla_day_hours *d)
{
    fp_i64(h, (int64_t)d->n);
    for (size_t i = 0; i < d->n; i++) {
        fp_i64(h, d->iv[i].start);
        fp_i64(h, d->iv[i].end);
    }
}

static void fp_schedule(uint64_t *h, const struct tt_sla_schedule *s)
{
    if (!s) {
        fp_str(h, "-");
        return;
    }
    fp_str(h, s->name);
    fp_str(h, s->timezone);
    for (int d = 0; d < 7; d++)
        fp_hours(h, &s->weekly[d]);
    for (size_t i = 0; i < s->n_holidays; i++)
        fp_i64(h, s->holidays[i]);
    for (size_t i = 0; i < s->n_overrides; i++) {
        fp_i64(h, s->overrides[i].day);
        fp_hours(h, &s->overrides[i].hours);
    }
}

static void fp_strv(uint64_t *h, char **v, size_t n)
{
    fp_i64(h, (int64_t)n);
    for (size_t i = 0; i < n; i++)
        fp_str(h, v[i]);
}

uint64_t tt_sla_config_fingerprint(const struct tt_sla_config *c)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < c->n_policies; i++) {
        const struct tt_sla_policy *p = &c->policies[i];
        fp_str(&h, p->name);
        fp_i64(&h, p->when.priority_mask);
        fp_strv(&h, p->when.plans, p->when.n_plans);
        fp_strv(&h, p->when.organizations, p->when.n_organizations);
        fp_strv(&h, p->when.tags, p->when.n_tags);
        fp_strv(&h, p->when.channels, p->when.n_channels);
        fp_strv(&h, p->when.groups, p->when.n_groups);
        fp_i64(&h, p->when.has_mrr);
        fp_bytes(&h, &p->when.mrr_min, sizeof(double));
        fp_bytes(&h, &p->when.mrr_max, sizeof(double));
        fp_i64(&h, p->pause_mask);
        fp_i64(&h, p->human_only);
        for (size_t k = 0; k < p->n_targets; k++) {
            const struct tt_sla_target *t = &p->targets[k];
            fp_i64(&h, t->metric);
            fp_i64(&h, t->priority);
            fp_i64(&h, t->minutes);
            fp_i64(&h, t->mode);
            fp_i64(&h, t->warn_before);
            fp_bytes(&h, &t->warn_percent, sizeof(double));
            fp_schedule(&h, t->mode == TT_SLA_BUSINESS ? t->schedule : NULL);
        }
    }
    return h;
}
