/*
 * sla_eval.c: `ticketty sla eval FILE|-`: the SLA engine on one ticket
 * described as JSON (schedule, policy, events, now), printing every target's
 * clock.  The contract is ../shared/SLA.md; invalid input names the field and
 * exits with status 2.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "json_keys.h"
#include "sla_json.h"
#include "ticketty/cmd.h"
#include "ticketty/sla.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_sla_eval;

static const char *const day_keys[7][2] = {
    {"mon", "monday"}, {"tue", "tuesday"},  {"wed", "wednesday"}, {"thu", "thursday"},
    {"fri", "friday"}, {"sat", "saturday"}, {"sun", "sunday"},
};

/* The documented input shape (../shared/SLA.md), with the aliases the parser
 * accepts, for the unknown-key warnings.  "ticket" is not checked: callers
 * pass whole ticket objects of their own and only its priority is read. */
static const struct tt_json_key overrides_keys[] = {
    {"date", TT_JK_LEAF, NULL}, {"hours", TT_JK_LEAF, NULL}, {"intervals", TT_JK_LEAF, NULL}, {0}};
static const struct tt_json_key schedule_keys[] = {
    {"timezone", TT_JK_LEAF, NULL},           {"weekly", TT_JK_LEAF, NULL},
    {"calendar", TT_JK_LEAF, NULL},           {"holidays", TT_JK_LEAF, NULL},
    {"overrides", TT_JK_MAP, overrides_keys}, {0}};
static const struct tt_json_key target_keys[] = {{"metric", TT_JK_LEAF, NULL},
                                                 {"minutes", TT_JK_LEAF, NULL},
                                                 {"mode", TT_JK_LEAF, NULL},
                                                 {"warn_before_minutes", TT_JK_LEAF, NULL},
                                                 {"warn_percent", TT_JK_LEAF, NULL},
                                                 {"warn_at_percent", TT_JK_LEAF, NULL},
                                                 {"warn_percentage", TT_JK_LEAF, NULL},
                                                 {"priority", TT_JK_LEAF, NULL},
                                                 {0}};
static const struct tt_json_key policy_keys[] = {{"pause_statuses", TT_JK_LEAF, NULL},
                                                 {"human_only", TT_JK_LEAF, NULL},
                                                 {"targets", TT_JK_SHAPE, target_keys},
                                                 {0}};
static const struct tt_json_key event_keys[] = {
    {"at", TT_JK_LEAF, NULL},     {"type", TT_JK_LEAF, NULL},
    {"status", TT_JK_LEAF, NULL}, {"priority", TT_JK_LEAF, NULL},
    {"author", TT_JK_LEAF, NULL}, {"public", TT_JK_LEAF, NULL},
    {"value", TT_JK_LEAF, NULL},  {"new_value", TT_JK_LEAF, NULL},
    {"to", TT_JK_LEAF, NULL},     {0}};
const struct tt_json_key tt_sla_eval_shape[] = {{"now", TT_JK_LEAF, NULL},
                                                {"schedule", TT_JK_SHAPE, schedule_keys},
                                                {"policy", TT_JK_SHAPE, policy_keys},
                                                {"events", TT_JK_SHAPE, event_keys},
                                                {"priority", TT_JK_LEAF, NULL},
                                                {"ticket", TT_JK_LEAF, NULL},
                                                {0}};

static int parse_date_day(const char *s, int64_t *day)
{
    int64_t t;
    if (!s || strlen(s) != 10 || tt_time_parse(s, &t, NULL) < 0)
        return -1;
    *day = t / 86400;
    return 0;
}

/* [["09:00","17:00"], ...] into h. */
static int parse_hours(json_t *v, struct tt_sla_day_hours *h, const char *field, struct tt_err *err)
{
    if (!json_is_array(v))
        return tt_errf(err, "%s: expected a list of [\"HH:MM\",\"HH:MM\"] intervals", field);
    size_t i;
    json_t *iv;
    json_array_foreach(v, i, iv)
    {
        int a, b;
        const char *str = json_string_value(iv);
        if (str && strlen(str) == 11 && str[5] == '-') { /* "09:00-17:00" */
            char x[6], y[6];
            memcpy(x, str, 5);
            memcpy(y, str + 6, 5);
            x[5] = y[5] = '\0';
            a = tt_sla_parse_hhmm(x);
            b = tt_sla_parse_hhmm(y);
        } else if (json_is_array(iv) && json_array_size(iv) == 2 &&
                   json_is_string(json_array_get(iv, 0)) && json_is_string(json_array_get(iv, 1))) {
            a = tt_sla_parse_hhmm(json_string_value(json_array_get(iv, 0)));
            b = tt_sla_parse_hhmm(json_string_value(json_array_get(iv, 1)));
        } else {
            return tt_errf(err, "%s[%zu]: expected [\"HH:MM\",\"HH:MM\"]", field, i);
        }
        if (a < 0 || b < 0 || a == 1440)
            return tt_errf(err, "%s[%zu]: times must be HH:MM between 00:00 and 24:00", field, i);
        if (b <= a)
            return tt_errf(err, "%s[%zu]: the interval ends before it starts", field, i);
        tt_sla_hours_add(h, a, b);
    }
    return 0;
}

static int parse_schedule(json_t *js, struct tt_sla_schedule *s, struct tt_err *err)
{
    if (!json_is_object(js))
        return tt_errf(err, "schedule: expected an object");
    json_t *tz = json_object_get(js, "timezone");
    if (tz && !json_is_string(tz) && !json_is_null(tz))
        return tt_errf(err, "schedule.timezone: expected an IANA zone name");
    s->timezone = xstrdup(json_is_string(tz) ? json_string_value(tz) : "UTC");
    json_t *weekly = json_object_get(js, "weekly");
    json_t *cal = json_object_get(js, "calendar");
    if (cal && !json_is_boolean(cal))
        return tt_errf(err, "schedule.calendar: expected true or false");
    if (!weekly || json_is_true(cal)) {
        /* no weekly hours (or calendar: true): open around the clock */
        for (int d = 0; d < 7; d++)
            tt_sla_hours_add(&s->weekly[d], 0, 1440);
        weekly = NULL;
    } else if (!json_is_object(weekly))
        return tt_errf(err, "schedule.weekly: expected an object keyed by day (mon..sun)");
    const char *key;
    json_t *v;
    if (weekly) {
        json_object_foreach(weekly, key, v)
        {
            int d = -1;
            for (int i = 0; i < 7; i++)
                if (strcasecmp(key, day_keys[i][0]) == 0 || strcasecmp(key, day_keys[i][1]) == 0)
                    d = i;
            /* the key as the warnings show it: escaped, never cut inside a character */
            char *shown = tt_json_key_display(key);
            char *field = xasprintf("schedule.weekly.%s", shown);
            free(shown);
            int rc = d < 0 ? tt_errf(err, "%s: unknown day (use mon, tue, wed, thu, fri, sat, sun)",
                                     field)
                           : parse_hours(v, &s->weekly[d], field, err);
            free(field);
            if (rc < 0)
                return -1;
        }
    }
    json_t *hol = json_object_get(js, "holidays");
    if (hol && !json_is_null(hol)) {
        if (!json_is_array(hol))
            return tt_errf(err, "schedule.holidays: expected a list of YYYY-MM-DD dates");
        size_t i;
        json_array_foreach(hol, i, v)
        {
            int64_t day;
            if (parse_date_day(json_string_value(v), &day) < 0)
                return tt_errf(err, "schedule.holidays[%zu]: expected a date YYYY-MM-DD", i);
            tt_sla_schedule_add_holiday(s, day);
        }
    }
    json_t *ov = json_object_get(js, "overrides");
    if (ov && !json_is_null(ov)) {
        if (json_is_object(ov)) {
            json_object_foreach(ov, key, v)
            {
                char *shown = tt_json_key_display(key);
                char *field = xasprintf("schedule.overrides.%s", shown);
                free(shown);
                int64_t day;
                int rc = 0;
                if (parse_date_day(key, &day) < 0) {
                    rc = tt_errf(err, "%s: expected a date YYYY-MM-DD as the key", field);
                } else { /* null: the day is closed */
                    struct tt_sla_override *o = tt_sla_schedule_override(s, day);
                    if (!json_is_null(v))
                        rc = parse_hours(v, &o->hours, field, err);
                }
                free(field);
                if (rc < 0)
                    return -1;
            }
        } else if (json_is_array(ov)) {
            size_t i;
            json_array_foreach(ov, i, v)
            {
                char field[64];
                snprintf(field, sizeof field, "schedule.overrides[%zu]", i);
                int64_t day;
                json_t *date = json_object_get(v, "date");
                if (!json_is_object(v) || parse_date_day(json_string_value(date), &day) < 0)
                    return tt_errf(err, "%s.date: expected a date YYYY-MM-DD", field);
                struct tt_sla_override *o = tt_sla_schedule_override(s, day);
                json_t *hours = json_object_get(v, "hours");
                if (!hours)
                    hours = json_object_get(v, "intervals");
                char hf[80];
                snprintf(hf, sizeof hf, "%s.hours", field);
                if (hours && !json_is_null(hours) && parse_hours(hours, &o->hours, hf, err) < 0)
                    return -1;
            }
        } else {
            return tt_errf(err, "schedule.overrides: expected an object keyed by date");
        }
    }
    return tt_sla_schedule_load(s, "schedule", err);
}

static int get_int(json_t *o, const char *key, int64_t def, int64_t *out, const char *field,
                   struct tt_err *err)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        *out = def;
        return 0;
    }
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
    } else if (json_is_real(v) && json_real_value(v) == (double)(int64_t)json_real_value(v)) {
        *out = (int64_t)json_real_value(v);
    } else {
        return tt_errf(err, "%s.%s: expected a whole number of minutes", field, key);
    }
    if (*out < 0)
        return tt_errf(err, "%s.%s: must not be negative", field, key);
    if (*out > 100000000) /* the configuration's limit (about 190 years) */
        return tt_errf(err, "%s.%s: must be at most 100000000", field, key);
    return 0;
}

static int parse_policy(json_t *jp, const struct tt_sla_schedule *sched, struct tt_sla_policy *p,
                        struct tt_err *err)
{
    if (!jp)
        return tt_errf(err, "policy: missing");
    if (!json_is_object(jp))
        return tt_errf(err, "policy: expected an object");
    json_t *ps = json_object_get(jp, "pause_statuses");
    p->pause_mask = 1u << TT_STATUS_PENDING;
    if (ps && !json_is_null(ps)) {
        if (!json_is_array(ps))
            return tt_errf(err, "policy.pause_statuses: expected a list of statuses");
        p->pause_mask = 0;
        size_t i;
        json_t *v;
        json_array_foreach(ps, i, v)
        {
            int st = tt_status_from_name(json_string_value(v));
            if (st < 0)
                return tt_errf(err,
                               "policy.pause_statuses[%zu]: unknown status (new, open, pending, "
                               "on_hold, solved, closed)",
                               i);
            p->pause_mask |= 1u << st;
        }
    }
    json_t *ho = json_object_get(jp, "human_only");
    if (ho && !json_is_null(ho)) {
        if (!json_is_boolean(ho))
            return tt_errf(err, "policy.human_only: expected true or false");
        p->human_only = json_is_true(ho);
    }
    json_t *targets = json_object_get(jp, "targets");
    if (!targets)
        return tt_errf(err, "policy.targets: missing");
    if (!json_is_array(targets))
        return tt_errf(err, "policy.targets: expected a list");
    size_t i;
    json_t *jt;
    json_array_foreach(targets, i, jt)
    {
        char field[48];
        snprintf(field, sizeof field, "policy.targets[%zu]", i);
        if (!json_is_object(jt))
            return tt_errf(err, "%s: expected an object", field);
        struct tt_sla_target *t = tt_sla_policy_add_target(p);
        json_t *m = json_object_get(jt, "metric");
        if (!m)
            return tt_errf(err, "%s.metric: missing", field);
        int metric = tt_sla_metric_from_name(json_string_value(m));
        if (metric < 0)
            return tt_errf(err,
                           "%s.metric: unknown metric (first_reply, next_reply, periodic_update, "
                           "pausable_update, requester_wait, agent_work, first_resolution, "
                           "full_resolution)",
                           field);
        t->metric = metric;
        if (!json_object_get(jt, "minutes"))
            return tt_errf(err, "%s.minutes: missing", field);
        if (get_int(jt, "minutes", 0, &t->minutes, field, err) < 0)
            return -1;
        if (get_int(jt, "warn_before_minutes", TT_SLA_DEFAULT_WARN_MINUTES, &t->warn_before, field,
                    err) < 0)
            return -1;
        json_t *pct = json_object_get(jt, "warn_percent");
        if (!pct)
            pct = json_object_get(jt, "warn_at_percent");
        if (!pct)
            pct = json_object_get(jt, "warn_percentage");
        if (pct && !json_is_null(pct)) {
            if (!json_is_number(pct) || json_number_value(pct) < 0 || json_number_value(pct) > 100)
                return tt_errf(err, "%s.warn_percent: expected a number from 0 to 100", field);
            t->warn_percent = json_number_value(pct);
        }
        json_t *mode = json_object_get(jt, "mode");
        if (!mode || json_is_null(mode)) {
            t->mode = sched ? TT_SLA_BUSINESS : TT_SLA_CALENDAR;
        } else if (tt_streq(json_string_value(mode), "calendar")) {
            t->mode = TT_SLA_CALENDAR;
        } else if (tt_streq(json_string_value(mode), "business")) {
            if (!sched)
                return tt_errf(err, "%s.mode: business mode needs a schedule", field);
            t->mode = TT_SLA_BUSINESS;
        } else {
            return tt_errf(err, "%s.mode: expected \"calendar\" or \"business\"", field);
        }
        t->schedule = sched;
        json_t *pr = json_object_get(jt, "priority");
        if (pr && !json_is_null(pr)) {
            t->priority = tt_priority_from_name(json_string_value(pr));
            if (t->priority < 0)
                return tt_errf(err, "%s.priority: expected low, normal, high or urgent", field);
        }
    }
    return 0;
}

/* The new value of a status or priority event written generically. */
static json_t *value_alias(json_t *o)
{
    static const char *const keys[] = {"value", "new_value", "to"};
    for (size_t i = 0; i < TT_ARRAY_LEN(keys); i++) {
        json_t *v = json_object_get(o, keys[i]);
        if (v)
            return v;
    }
    return NULL;
}

struct ev_sort {
    struct tt_sla_event e;
    size_t order;
};

static int ev_cmp(const void *a, const void *b)
{
    const struct ev_sort *x = a, *y = b;
    if (x->e.at != y->e.at)
        return x->e.at < y->e.at ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int parse_events(json_t *je, struct tt_sla_event **out, size_t *n_out, struct tt_err *err)
{
    *out = NULL;
    *n_out = 0;
    if (!je || json_is_null(je))
        return 0;
    if (!json_is_array(je))
        return tt_errf(err, "events: expected a list");
    size_t n = json_array_size(je), i;
    struct ev_sort *v = xcalloc(n ? n : 1, sizeof *v);
    json_t *o;
    json_array_foreach(je, i, o)
    {
        struct tt_sla_event *e = &v[i].e;
        v[i].order = i;
        e->status = -1;
        e->priority = -1;
        e->public = true;
        if (!json_is_object(o)) {
            free(v);
            return tt_errf(err, "events[%zu]: expected an object", i);
        }
        json_t *at = json_object_get(o, "at");
        if (!at) {
            free(v);
            return tt_errf(err, "events[%zu].at: missing", i);
        }
        if (tt_time_parse(json_string_value(at), &e->at, NULL) < 0) {
            free(v);
            return tt_errf(err, "events[%zu].at: expected an ISO 8601 time", i);
        }
        const char *type = json_string_value(json_object_get(o, "type"));
        if (!json_object_get(o, "type")) {
            free(v);
            return tt_errf(err, "events[%zu].type: missing", i);
        }
        int ty = tt_event_type_from_name(type);
        if (ty != TT_EV_CREATED && ty != TT_EV_COMMENT && ty != TT_EV_STATUS &&
            ty != TT_EV_PRIORITY) {
            free(v);
            return tt_errf(err, "events[%zu].type: expected created, comment, status or priority",
                           i);
        }
        e->type = ty;
        json_t *st = json_object_get(o, "status");
        if (!st && ty == TT_EV_STATUS)
            st = value_alias(o);
        if (st && !json_is_null(st)) {
            e->status = tt_status_from_name(json_string_value(st));
            if (e->status < 0) {
                free(v);
                return tt_errf(err,
                               "events[%zu].status: unknown status (new, open, pending, on_hold, "
                               "solved, closed)",
                               i);
            }
        } else if (ty == TT_EV_STATUS) {
            free(v);
            return tt_errf(err, "events[%zu].status: missing", i);
        }
        json_t *pr = json_object_get(o, "priority");
        if (!pr && ty == TT_EV_PRIORITY)
            pr = value_alias(o);
        if (pr && !json_is_null(pr)) {
            e->priority = tt_priority_from_name(json_string_value(pr));
            if (e->priority < 0) {
                free(v);
                return tt_errf(err, "events[%zu].priority: expected low, normal, high or urgent",
                               i);
            }
        } else if (ty == TT_EV_PRIORITY) {
            free(v);
            return tt_errf(err, "events[%zu].priority: missing", i);
        }
        if (ty == TT_EV_COMMENT) {
            json_t *au = json_object_get(o, "author");
            if (!au) {
                free(v);
                return tt_errf(err, "events[%zu].author: missing", i);
            }
            int role = tt_author_role_from_name(json_string_value(au));
            if (role < 0) {
                free(v);
                return tt_errf(err, "events[%zu].author: expected agent, end_user or bot", i);
            }
            e->author = role;
            json_t *pub = json_object_get(o, "public");
            if (pub && !json_is_null(pub)) {
                if (!json_is_boolean(pub)) {
                    free(v);
                    return tt_errf(err, "events[%zu].public: expected true or false", i);
                }
                e->public = json_is_true(pub);
            }
        }
    }
    qsort(v, n, sizeof *v, ev_cmp);
    struct tt_sla_event *ev = xcalloc(n ? n : 1, sizeof *ev);
    for (i = 0; i < n; i++)
        ev[i] = v[i].e;
    free(v);
    *out = ev;
    *n_out = n;
    return 0;
}

static json_t *minutes_json(int64_t m)
{
    return m < 0 ? json_null() : json_integer(m);
}

/* Parse and evaluate; -1 + err on invalid input. */
static int eval_doc(json_t *doc, json_t **result, struct tt_err *err)
{
    struct tt_sla_schedule sched = {0};
    struct tt_sla_policy pol = {0};
    struct tt_sla_event *ev = NULL;
    size_t n_ev = 0;
    int rc = -1;
    if (!json_is_object(doc)) {
        tt_errf(err, "input: expected a JSON object");
        goto out;
    }
    int64_t now = tt_now();
    json_t *jn = json_object_get(doc, "now");
    if (jn && !json_is_null(jn) && tt_time_parse(json_string_value(jn), &now, NULL) < 0) {
        tt_errf(err, "now: expected an ISO 8601 time such as 2026-05-04T13:00:00Z");
        goto out;
    }
    json_t *js = json_object_get(doc, "schedule");
    bool has_sched = js && !json_is_null(js);
    if (has_sched && parse_schedule(js, &sched, err) < 0)
        goto out;
    if (parse_policy(json_object_get(doc, "policy"), has_sched ? &sched : NULL, &pol, err) < 0)
        goto out;
    if (parse_events(json_object_get(doc, "events"), &ev, &n_ev, err) < 0)
        goto out;
    int prio = TT_PRIORITY_NORMAL;
    json_t *jp = json_object_get(doc, "priority");
    if (!jp && json_is_object(json_object_get(doc, "ticket")))
        jp = json_object_get(json_object_get(doc, "ticket"), "priority");
    if (jp && !json_is_null(jp) && (prio = tt_priority_from_name(json_string_value(jp))) < 0) {
        tt_errf(err, "priority: expected low, normal, high or urgent");
        goto out;
    }
    struct tt_sla_result *res;
    size_t nr;
    tt_sla_evaluate(&pol, ev, n_ev, prio, now, &res, &nr);
    json_t *arr = json_array();
    for (size_t i = 0; i < nr; i++) {
        const struct tt_sla_result *r = &res[i];
        json_t *o = json_object();
        json_object_set_new(o, "metric", json_string(tt_sla_metric_name(r->metric)));
        json_object_set_new(o, "state", json_string(tt_sla_state_name(r->state)));
        json_object_set_new(o, "breached", json_boolean(r->breached));
        json_object_set_new(o, "warning", json_boolean(r->warning));
        json_object_set_new(o, "deadline",
                            r->deadline && r->deadline != INT64_MAX ? tt_json_time(r->deadline)
                                                                    : json_null());
        json_object_set_new(o, "elapsed_minutes", json_integer(tt_sla_elapsed_minutes(r)));
        json_object_set_new(o, "remaining_minutes", minutes_json(tt_sla_remaining_minutes(r)));
        json_array_append_new(arr, o);
    }
    tt_sla_results_free(res, nr);
    *result = json_pack("{s:o}", "targets", arr);
    rc = 0;
out:
    free(ev);
    tt_sla_policy_clear(&pol);
    tt_sla_schedule_clear(&sched);
    return rc;
}

int tt_sla_eval_json(const char *text, size_t len, int compact, char **out, struct tt_err *err)
{
    return tt_sla_eval_json_warn(text, len, compact, out, NULL, NULL, err);
}

int tt_sla_eval_json_warn(const char *text, size_t len, int compact, char **out,
                          tt_json_unknown_fn warn, void *warn_arg, struct tt_err *err)
{
    json_error_t jerr;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) { /* a UTF-8 byte order mark */
        text += 3;
        len -= 3;
    }
    json_t *doc = json_loadb(text, len, 0, &jerr);
    if (!doc)
        return tt_errf(err, "line %d column %d: invalid JSON: %s", jerr.line, jerr.column,
                       jerr.text);
    if (warn)
        tt_json_check_keys(doc, tt_sla_eval_shape, warn, warn_arg);
    json_t *res = NULL;
    int rc = eval_doc(doc, &res, err);
    json_decref(doc);
    if (rc < 0)
        return -1;
    *out = json_dumps(res, (compact ? JSON_COMPACT : JSON_INDENT(2)) | JSON_PRESERVE_ORDER);
    json_decref(res);
    if (!*out)
        tt_fatal("out of memory");
    return 0;
}

static int sla_eval_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"compact", no_argument, NULL, 'c'},
                                             {NULL, 0, NULL, 0}};
    int compact = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 'c')
            return tt_cmd_usage(&tt_cmd_sla_eval, "unknown option '%s'", argv[optind - 1]);
        compact = 1;
    }
    if (optind != argc - 1)
        return tt_cmd_usage(&tt_cmd_sla_eval, "expected one input FILE (or - for standard input)");
    struct tt_err err;
    size_t len;
    char *text = tt_read_file(argv[optind], &len, &err);
    if (!text)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    char *out = NULL;
    /* the warnings and the error name the input alike ("standard input" for -) */
    const char *name = tt_input_name(argv[optind]);
    char *where = xasprintf("sla eval: %s", name);
    tt_json_warn_duplicate(text, len, where);
    int rc = tt_sla_eval_json_warn(text, len, compact, &out, tt_json_warn_unknown, where, &err);
    free(where);
    free(text);
    if (rc < 0) {
        tt_err_prefix(&err, "%s", name);
        return tt_cmd_fail(&err, TT_EXIT_USAGE);
    }
    puts(out);
    free(out);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_sla_eval = {
    .name = "sla eval",
    .usage = "[--compact] FILE|-",
    .summary = "evaluate SLA clocks of one ticket described as JSON",
    .help = "Reads a JSON document with \"now\", an optional \"schedule\" (timezone, weekly,\n"
            "holidays, overrides), a \"policy\" (pause_statuses, human_only, targets) and the\n"
            "ticket's \"events\", and prints {\"targets\": [...]} with each target's state,\n"
            "breached, warning, deadline, elapsed_minutes and remaining_minutes.  Invalid\n"
            "input is reported with the field's path and exit status 2.  Keys the\n"
            "document does not define are ignored with a warning on stderr naming the\n"
            "key's path (and the closest known key when one is close); the output and\n"
            "exit status do not change.",
    .exec = sla_eval_exec,
};
