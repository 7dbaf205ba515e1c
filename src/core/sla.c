/*
 * sla.c: the clocks of one ticket, computed from its event log.
 *
 * The log is first replayed into a status timeline (segments of constant
 * status) with the status map applied: an end-user comment on pending, on-hold
 * or solved reopens the ticket to open; a closed ticket is final and later
 * events are ignored.  Each target then becomes one metric instance: a start,
 * an end (the fulfilling event, or none yet) and the set of statuses during
 * which its clock runs.  Counted time is open schedule time inside running
 * segments; the deadline is the instant the count reaches the target (or, when
 * the count has not reached it yet and the clock runs now, that instant
 * projected forward through open hours).
 *
 *   instance:  start ---running---|paused (pending)|---running---> end/now
 *   counted:   open hours inside the running parts only
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ticketty/sla.h"
#include "ticketty/util.h"

static const char *const metric_names[TT_SLA_METRIC__COUNT] = {
    "first_reply",    "next_reply", "periodic_update",  "pausable_update",
    "requester_wait", "agent_work", "first_resolution", "full_resolution",
};
static const char *const metric_labels[TT_SLA_METRIC__COUNT] = {
    "first reply",    "next reply", "periodic update",  "pausable update",
    "requester wait", "agent work", "first resolution", "full resolution",
};

const char *tt_sla_metric_name(enum tt_sla_metric m)
{
    return (unsigned)m < TT_SLA_METRIC__COUNT ? metric_names[m] : "?";
}

const char *tt_sla_metric_label(enum tt_sla_metric m)
{
    return (unsigned)m < TT_SLA_METRIC__COUNT ? metric_labels[m] : "?";
}

int tt_sla_metric_from_name(const char *name)
{
    for (int i = 0; name && i < TT_SLA_METRIC__COUNT; i++)
        if (strcmp(name, metric_names[i]) == 0)
            return i;
    return -1;
}

const char *tt_sla_state_name(enum tt_sla_state s)
{
    switch (s) {
    case TT_SLA_ACTIVE:
        return "active";
    case TT_SLA_PAUSED:
        return "paused";
    case TT_SLA_FULFILLED:
        return "fulfilled";
    }
    return "?";
}

/* ---- policies ------------------------------------------------------------ */

static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void tt_sla_policy_clear(struct tt_sla_policy *p)
{
    if (!p)
        return;
    free(p->name);
    strv_free(p->when.plans, p->when.n_plans);
    strv_free(p->when.organizations, p->when.n_organizations);
    strv_free(p->when.tags, p->when.n_tags);
    strv_free(p->when.channels, p->when.n_channels);
    strv_free(p->when.groups, p->when.n_groups);
    free(p->targets);
    for (size_t i = 0; i < p->n_levels; i++) {
        for (size_t k = 0; k < p->ladder[i].n_actions; k++)
            free(p->ladder[i].actions[k].to);
        free(p->ladder[i].actions);
    }
    free(p->ladder);
    memset(p, 0, sizeof *p);
}

struct tt_sla_target *tt_sla_policy_add_target(struct tt_sla_policy *p)
{
    p->targets = xrealloc(p->targets, (p->n_targets + 1) * sizeof *p->targets);
    struct tt_sla_target *t = &p->targets[p->n_targets++];
    *t = (struct tt_sla_target){.priority = -1, .warn_before = TT_SLA_DEFAULT_WARN_MINUTES};
    return t;
}

struct tt_sla_level *tt_sla_policy_add_level(struct tt_sla_policy *p)
{
    p->ladder = xrealloc(p->ladder, (p->n_levels + 1) * sizeof *p->ladder);
    struct tt_sla_level *l = &p->ladder[p->n_levels++];
    memset(l, 0, sizeof *l);
    return l;
}

struct tt_sla_action *tt_sla_level_add_action(struct tt_sla_level *l)
{
    l->actions = xrealloc(l->actions, (l->n_actions + 1) * sizeof *l->actions);
    struct tt_sla_action *a = &l->actions[l->n_actions++];
    *a = (struct tt_sla_action){.priority = -1};
    return a;
}

static bool ieq(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

static bool in_list(char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (ieq(v[i], s))
            return true;
    return false;
}

/* Whether the space-separated tag string has one of v. */
static const char *has_tag(char **v, size_t n, const char *tags)
{
    if (!tags)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(v[i]);
        for (const char *p = tags; *p;) {
            while (*p == ' ' || *p == ',')
                p++;
            const char *e = p;
            while (*e && *e != ' ' && *e != ',')
                e++;
            if ((size_t)(e - p) == len && strncasecmp(p, v[i], len) == 0)
                return v[i];
            p = e;
        }
    }
    return NULL;
}

/* Append "a b c" (as a phrase of a list) to why. */
static void why_add(char *why, size_t size, const char *a, const char *b, const char *c)
{
    if (!why || size == 0)
        return;
    size_t len = strlen(why);
    if (len + 3 >= size)
        return;
    snprintf(why + len, size - len, "%s%s%s%s", len ? ", " : "", a, b ? b : "(none)", c);
}

bool tt_sla_policy_matches(const struct tt_sla_policy *p, const struct tt_sla_subject *s, char *why,
                           size_t why_size)
{
    const struct tt_sla_conditions *c = &p->when;
    if (why && why_size)
        why[0] = '\0';
#define MISS(a, b, c)                                                                              \
    do {                                                                                           \
        if (why && why_size) {                                                                     \
            why[0] = '\0';                                                                         \
            why_add(why, why_size, a, b, c);                                                       \
        }                                                                                          \
        return false;                                                                              \
    } while (0)
    const char *prio = s->priority >= 0 ? tt_priority_name((enum tt_priority)s->priority) : "?";
    if (c->priority_mask) {
        if (s->priority < 0 || !(c->priority_mask & (1u << s->priority)))
            MISS("priority ", prio, " not listed");
        why_add(why, why_size, "priority ", prio, "");
    }
    if (c->n_plans) {
        if (!in_list(c->plans, c->n_plans, s->plan))
            MISS("plan ", s->plan ? s->plan : "(none)", " not listed");
        why_add(why, why_size, "plan ", s->plan, "");
    }
    if (c->has_mrr) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.0f", s->mrr);
        if (s->mrr < c->mrr_min || (c->mrr_max > 0 && s->mrr >= c->mrr_max))
            MISS("MRR ", buf, " outside the band");
        why_add(why, why_size, "MRR ", buf, " in band");
    }
    if (c->n_organizations) {
        if (!in_list(c->organizations, c->n_organizations, s->organization))
            MISS("organisation ", s->organization ? s->organization : "(none)", " not listed");
        why_add(why, why_size, "organisation ", s->organization, "");
    }
    if (c->n_tags) {
        const char *t = has_tag(c->tags, c->n_tags, s->tags);
        if (!t)
            MISS("", "no listed tag", "");
        why_add(why, why_size, "tag ", t, "");
    }
    if (c->n_channels) {
        if (!in_list(c->channels, c->n_channels, s->channel))
            MISS("channel ", s->channel ? s->channel : "(none)", " not listed");
        why_add(why, why_size, "channel ", s->channel, "");
    }
    if (c->n_groups) {
        if (!in_list(c->groups, c->n_groups, s->group))
            MISS("group ", s->group ? s->group : "(none)", " not listed");
        why_add(why, why_size, "group ", s->group, "");
    }
#undef MISS
    if (why && why_size && !why[0])
        snprintf(why, why_size, "no conditions (matches every ticket)");
    return true;
}

/* ---- the status timeline ------------------------------------------------- */

struct seg {
    int64_t from;
    int status;
};

struct timeline {
    int64_t created, closed_at; /* closed_at 0 = not closed */
    struct seg *segs;
    size_t n_segs;
    int64_t *agent; /* qualifying public agent replies */
    size_t n_agent;
    int64_t *user; /* end-user public comments */
    size_t n_user;
    int64_t first_solve, last_solve; /* 0 = never */
    int status;                      /* at now */
    int priority;                    /* at now */
};

static void push_i64(int64_t **v, size_t *n, int64_t x)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = x;
}

static void set_status(struct timeline *tl, int64_t at, int st)
{
    if (tl->n_segs && tl->segs[tl->n_segs - 1].status == st)
        return;
    bool was_done = tl->n_segs && tl->segs[tl->n_segs - 1].status == TT_STATUS_SOLVED;
    if (tl->n_segs && tl->segs[tl->n_segs - 1].from == at) {
        tl->segs[tl->n_segs - 1].status = st;
    } else {
        tl->segs = xrealloc(tl->segs, (tl->n_segs + 1) * sizeof *tl->segs);
        tl->segs[tl->n_segs++] = (struct seg){at, st};
    }
    if ((st == TT_STATUS_SOLVED || st == TT_STATUS_CLOSED) && !was_done) {
        if (!tl->first_solve)
            tl->first_solve = at;
        tl->last_solve = at;
    }
    if (st == TT_STATUS_CLOSED)
        tl->closed_at = at;
    tl->status = st;
}

static void build_timeline(struct timeline *tl, const struct tt_sla_event *ev, size_t n,
                           int priority, bool human_only, int64_t now)
{
    memset(tl, 0, sizeof *tl);
    tl->priority = priority;
    size_t i = 0;
    for (size_t k = 0; k < n; k++)
        if (ev[k].type == TT_EV_CREATED) {
            i = k;
            break;
        }
    tl->created = n ? ev[i].at : now;
    int st = TT_STATUS_NEW;
    if (n && ev[i].type == TT_EV_CREATED) {
        if (ev[i].status >= 0 && ev[i].status < TT_STATUS__COUNT)
            st = ev[i].status;
        if (ev[i].priority >= 0)
            tl->priority = ev[i].priority;
    }
    set_status(tl, tl->created, st);
    for (size_t k = 0; k < n; k++) {
        const struct tt_sla_event *e = &ev[k];
        if (k == i && e->type == TT_EV_CREATED)
            continue;
        if (e->at > now || tl->closed_at)
            break;
        int64_t at = e->at < tl->created ? tl->created : e->at;
        switch (e->type) {
        case TT_EV_STATUS:
            if (e->status >= 0 && e->status < TT_STATUS__COUNT)
                set_status(tl, at, e->status);
            break;
        case TT_EV_PRIORITY:
            if (e->priority >= 0)
                tl->priority = e->priority;
            break;
        case TT_EV_COMMENT:
            if (e->author == TT_AUTHOR_END_USER) {
                if (e->public)
                    push_i64(&tl->user, &tl->n_user, at);
                if (tl->status == TT_STATUS_PENDING || tl->status == TT_STATUS_ON_HOLD ||
                    tl->status == TT_STATUS_SOLVED)
                    set_status(tl, at, TT_STATUS_OPEN);
            } else if (e->public && (e->author == TT_AUTHOR_AGENT || !human_only)) {
                push_i64(&tl->agent, &tl->n_agent, at);
            }
            break;
        default:
            break;
        }
    }
}

static void timeline_free(struct timeline *tl)
{
    free(tl->segs);
    free(tl->agent);
    free(tl->user);
}

/* ---- one metric instance ------------------------------------------------- */

#define ST(s)   (1u << (s))
#define RUN_ANY 0xffffu

struct instance {
    bool started;
    int64_t start, end; /* end 0 = not fulfilled */
    unsigned run_mask;  /* statuses during which the clock runs */
};

static int64_t first_after(const int64_t *v, size_t n, int64_t t)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] >= t)
            return v[i];
    return 0;
}

static struct instance make_instance(const struct tt_sla_policy *p, enum tt_sla_metric m,
                                     const struct timeline *tl)
{
    struct instance in = {.started = true, .start = tl->created, .run_mask = RUN_ANY};
    unsigned resolution_mask = RUN_ANY & ~p->pause_mask;
    bool done = tl->status == TT_STATUS_SOLVED || tl->status == TT_STATUS_CLOSED;
    switch (m) {
    case TT_SLA_FIRST_REPLY:
        in.end = first_after(tl->agent, tl->n_agent, tl->created);
        break;
    case TT_SLA_NEXT_REPLY: {
        int64_t pending = 0, ls = 0, le = 0;
        size_t a = 0;
        for (size_t u = 0; u < tl->n_user; u++) {
            while (a < tl->n_agent && tl->agent[a] < tl->user[u]) {
                if (pending) {
                    ls = pending, le = tl->agent[a];
                    pending = 0;
                }
                a++;
            }
            if (!pending)
                pending = tl->user[u];
        }
        if (pending && a < tl->n_agent)
            ls = pending, le = tl->agent[a], pending = 0;
        if (pending)
            in.start = pending, in.end = 0;
        else if (ls)
            in.start = ls, in.end = le;
        else
            in.started = false;
        break;
    }
    case TT_SLA_PERIODIC_UPDATE:
    case TT_SLA_PAUSABLE_UPDATE:
        if (!tl->n_agent) {
            in.started = false;
            break;
        }
        in.start = tl->agent[tl->n_agent - 1];
        if (m == TT_SLA_PAUSABLE_UPDATE)
            in.run_mask = ST(TT_STATUS_NEW) | ST(TT_STATUS_OPEN) | ST(TT_STATUS_ON_HOLD);
        break;
    case TT_SLA_REQUESTER_WAIT:
        in.run_mask = ST(TT_STATUS_NEW) | ST(TT_STATUS_OPEN) | ST(TT_STATUS_ON_HOLD);
        in.end = done ? tl->last_solve : 0;
        break;
    case TT_SLA_AGENT_WORK:
        in.run_mask = ST(TT_STATUS_NEW) | ST(TT_STATUS_OPEN);
        in.end = done ? tl->last_solve : 0;
        break;
    case TT_SLA_FIRST_RESOLUTION:
        in.run_mask = resolution_mask;
        in.end = tl->first_solve;
        break;
    case TT_SLA_FULL_RESOLUTION:
        in.run_mask = resolution_mask;
        in.end = done ? tl->last_solve : 0;
        break;
    default:
        in.started = false;
    }
    /* A closed ticket is final: what is still running ends when it closed. */
    if (in.started && !in.end && tl->closed_at)
        in.end = tl->closed_at;
    return in;
}

static void add_pause(struct tt_sla_result *r, int64_t from, int64_t to, int status)
{
    r->pauses = xrealloc(r->pauses, (r->n_pauses + 1) * sizeof *r->pauses);
    r->pauses[r->n_pauses++] = (struct tt_sla_pause){from, to, status};
}

static void eval_instance(const struct tt_sla_target *t, const struct instance *in,
                          const struct timeline *tl, int64_t now, struct tt_sla_result *r)
{
    const struct tt_sla_schedule *sched = t->mode == TT_SLA_BUSINESS ? t->schedule : NULL;
    int64_t need = t->minutes * 60;
    int64_t h = in->end ? in->end : now;
    if (h < in->start)
        h = in->start;
    r->start = in->start;
    int64_t acc = 0, reached = 0;
    bool found = false, running_at_h = true;
    for (size_t i = 0; i < tl->n_segs; i++) {
        int64_t a = tl->segs[i].from, b = i + 1 < tl->n_segs ? tl->segs[i + 1].from : h;
        if (a < in->start)
            a = in->start;
        if (b > h)
            b = h;
        bool runs = (in->run_mask & ST(tl->segs[i].status)) != 0;
        if (tl->segs[i].from <= h && (i + 1 == tl->n_segs || tl->segs[i + 1].from > h))
            running_at_h = runs;
        if (b <= a)
            continue;
        if (!runs) {
            add_pause(r, a, b == h && !in->end ? 0 : b, tl->segs[i].status);
            continue;
        }
        int64_t len = tt_sla_open_between(sched, a, b);
        if (!found && acc + len >= need) {
            reached = tt_sla_advance(sched, a, need - acc);
            found = true;
        }
        acc += len;
    }
    if (!found && need == 0) {
        reached = in->start;
        found = true;
    }
    r->elapsed = acc;
    if (in->end) {
        r->state = TT_SLA_FULFILLED;
        r->fulfilled_at = in->end;
        r->deadline = found ? reached : tt_sla_advance(sched, in->end, need - acc);
        r->breached = found && reached < in->end;
        r->remaining = -1;
    } else {
        r->state = running_at_h ? TT_SLA_ACTIVE : TT_SLA_PAUSED;
        r->breached = found;
        if (r->state == TT_SLA_PAUSED)
            r->deadline = 0;
        else
            r->deadline = found ? reached : tt_sla_advance(sched, now > h ? now : h, need - acc);
        r->remaining = need > acc ? need - acc : 0;
    }
    if (r->breached)
        r->breached_at = reached;
    if (r->state == TT_SLA_ACTIVE && !r->breached) {
        int64_t rem_min = tt_sla_remaining_minutes(r);
        bool pct = t->warn_percent > 0 && (double)acc >= (double)need * t->warn_percent / 100.0;
        r->warning = rem_min <= t->warn_before || pct;
    }
}

void tt_sla_evaluate(const struct tt_sla_policy *policy, const struct tt_sla_event *ev, size_t n,
                     int initial_priority, int64_t now, struct tt_sla_result **out, size_t *n_out)
{
    struct timeline tl;
    build_timeline(&tl, ev, n, initial_priority < 0 ? TT_PRIORITY_NORMAL : initial_priority,
                   policy->human_only, now);
    struct tt_sla_result *res = xcalloc(policy->n_targets ? policy->n_targets : 1, sizeof *res);
    size_t nr = 0;
    for (size_t i = 0; i < policy->n_targets; i++) {
        const struct tt_sla_target *t = &policy->targets[i];
        if (t->priority >= 0 && t->priority != tl.priority)
            continue;
        if (t->priority < 0) {
            /* A target for the ticket's own priority beats a catch-all one. */
            bool specific = false;
            for (size_t k = 0; k < policy->n_targets; k++)
                specific |= policy->targets[k].metric == t->metric &&
                            policy->targets[k].priority == tl.priority;
            if (specific)
                continue;
        }
        struct instance in = make_instance(policy, t->metric, &tl);
        if (!in.started)
            continue;
        struct tt_sla_result *r = &res[nr++];
        r->target = t;
        r->metric = t->metric;
        eval_instance(t, &in, &tl, now, r);
    }
    timeline_free(&tl);
    *out = res;
    *n_out = nr;
}

int64_t tt_sla_next_breach(const struct tt_sla_result *r, size_t n)
{
    int64_t best = 0;
    for (size_t i = 0; i < n; i++)
        if (r[i].state == TT_SLA_ACTIVE && r[i].deadline && (!best || r[i].deadline < best))
            best = r[i].deadline;
    return best;
}

int64_t tt_sla_elapsed_minutes(const struct tt_sla_result *r)
{
    return r->elapsed / 60;
}

int64_t tt_sla_remaining_minutes(const struct tt_sla_result *r)
{
    if (r->remaining < 0)
        return -1;
    int64_t m = r->target->minutes - tt_sla_elapsed_minutes(r);
    return m > 0 ? m : 0;
}

void tt_sla_result_clear(struct tt_sla_result *r)
{
    if (!r)
        return;
    free(r->pauses);
    memset(r, 0, sizeof *r);
}

void tt_sla_results_free(struct tt_sla_result *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++)
        tt_sla_result_clear(&r[i]);
    free(r);
}
