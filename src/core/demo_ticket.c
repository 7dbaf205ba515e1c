/*
 * demo_ticket.c: one demo ticket and its event log, from (seed, now, index).
 *
 * The final status is drawn first, then a timeline shaped around the SLA
 * targets of the ticket's priority (tt_demo_first_reply_min and
 * tt_demo_resolution_min), built as offsets from creation:
 *
 *   created ─ description ─ [bot] ─ assigned + new→open ─ [note] ─ first reply
 *     ─ [customer ↔ agent turns] ─ then by status:
 *       open     customer's reply waiting for the agent
 *       pending  agent asked a question, open→pending
 *       on_hold  internal note, open→on_hold
 *       solved   closing reply, open→solved
 *       closed   as solved, then solved→closed four days later
 *
 * Only then is the creation time chosen, so that the last event is in the past
 * and open tickets are anywhere from fresh to well past their targets; new
 * tickets (no reply yet) are placed around their first-reply deadline.
 * first_response_at is the first public agent comment, resolved_at the
 * solved change: both read from the same events the store gets.
 */
#include <stdlib.h>
#include <string.h>

#include "demo_internal.h"
#include "ticketty/util.h"

#define MINUTE        60
#define HOUR          3600
#define DAY           86400
#define STREAM_TICKET 0x300000000ULL
#define HOSTILE_EVERY 250
#define HOSTILE_AT    17

bool tt_demo_is_hostile(long index)
{
    return index % HOSTILE_EVERY == HOSTILE_AT;
}

static struct tt_event *ev_new(struct tt_demo_ticket *t, int64_t rel, enum tt_event_type type,
                               enum tt_author_role role, const char *author)
{
    if (t->n_events == t->cap_events) {
        t->cap_events = t->cap_events ? t->cap_events * 2 : 16;
        t->events = xrealloc(t->events, t->cap_events * sizeof *t->events);
    }
    struct tt_event *e = &t->events[t->n_events++];
    memset(e, 0, sizeof *e);
    e->at = rel;
    e->type = type;
    e->author_role = role;
    e->author = xstrdup(author);
    e->public = true;
    return e;
}

static void ev_comment(struct tt_demo_ticket *t, int64_t rel, enum tt_author_role role,
                       const char *author, bool pub, char *body)
{
    struct tt_event *e = ev_new(t, rel, TT_EV_COMMENT, role, author);
    e->public = pub;
    e->body = body;
}

static void ev_change(struct tt_demo_ticket *t, int64_t rel, enum tt_event_type type,
                      enum tt_author_role role, const char *author, const char *old_value,
                      const char *new_value)
{
    struct tt_event *e = ev_new(t, rel, type, role, author);
    e->old_value = xstrdup(old_value);
    e->new_value = xstrdup(new_value);
}

/* An agent's public reply: the scenario's text and the agent's sign-off. */
static char *reply_text(const char *tmpl, const struct tt_demo_phrases *ph,
                        const struct tt_demo_vars *v)
{
    char *body = tt_demo_expand(tmpl, v);
    char *sign = tt_demo_expand(ph->signoff, v);
    char *out = xasprintf("%s%s", body, sign);
    free(body);
    free(sign);
    return out;
}

static int pick_customer(const struct tt_demo_world *w, struct tt_rng *r)
{
    double x = tt_rng_unit(r) * w->cum_weight[w->n_customers - 1];
    int lo = 0, hi = w->n_customers - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (w->cum_weight[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static enum tt_status pick_status(struct tt_rng *r, enum tt_demo_health profile)
{
    double open_share = profile == TT_DEMO_CRITICAL  ? 0.45
                        : profile == TT_DEMO_AT_RISK ? 0.36
                                                     : 0.28;
    double u = tt_rng_unit(r);
    if (u < open_share) {
        double v = tt_rng_unit(r);
        return v < 0.25   ? TT_STATUS_NEW
               : v < 0.60 ? TT_STATUS_OPEN
               : v < 0.85 ? TT_STATUS_PENDING
                          : TT_STATUS_ON_HOLD;
    }
    return tt_rng_unit(r) < 0.3 ? TT_STATUS_SOLVED : TT_STATUS_CLOSED;
}

static int pick_group(struct tt_rng *r, const char *category, const char *plan)
{
    if (plan[0] == 'e' && tt_rng_unit(r) < 0.5)
        return 3;
    if (strcmp(category, "billing") == 0)
        return 1;
    if (strcmp(category, "sso") == 0 || strcmp(category, "integrations") == 0 ||
        strcmp(category, "bug") == 0 || strcmp(category, "performance") == 0 ||
        strcmp(category, "security") == 0)
        return tt_rng_unit(r) < 0.8 ? 2 : 0;
    return 0;
}

static int pick_agent(struct tt_rng *r, int group)
{
    int members[16], n = 0;
    for (size_t i = 0; i < tt_demo_agents_count && n < 16; i++)
        if (tt_demo_agents[i].group == group)
            members[n++] = (int)i;
    return members[tt_rng_below(r, (uint32_t)n)];
}

static int64_t span(struct tt_rng *r, int64_t lo, int64_t hi)
{
    return tt_rng_range(r, lo, hi);
}

static int64_t frac(struct tt_rng *r, int64_t base, double lo, double hi)
{
    return (int64_t)((double)base * (lo + (hi - lo) * tt_rng_unit(r)));
}

void tt_demo_ticket_gen(const struct tt_demo_world *w, long index, struct tt_demo_ticket *out)
{
    memset(out, 0, sizeof *out);
    struct tt_rng r;
    tt_rng_seed(&r, w->opts.seed, STREAM_TICKET + (uint64_t)index);
    struct tt_ticket *t = &out->t;

    out->customer = pick_customer(w, &r);
    const struct tt_demo_customer *cust = &w->customers[out->customer];
    out->contact = (int)tt_rng_below(&r, (uint32_t)cust->n_contacts);
    out->hostile = tt_demo_is_hostile(index);
    out->chinese = cust->chinese ? tt_rng_unit(&r) < 0.9 : tt_rng_unit(&r) < 0.015;
    const struct tt_demo_scenario *sc =
        out->chinese
            ? &tt_demo_scenarios_zh[tt_rng_below(&r, (uint32_t)tt_demo_scenarios_zh_count)]
            : &tt_demo_scenarios_en[tt_rng_below(&r, (uint32_t)tt_demo_scenarios_en_count)];
    const struct tt_demo_phrases *ph = out->chinese ? &tt_demo_phrases_zh : &tt_demo_phrases_en;

    struct tt_contact who;
    tt_demo_contact(w, out->customer, out->contact, &who);
    /* Chinese names are addressed in full, English ones by first name. */
    char *req_first =
        cust->chinese ? xstrdup(who.name) : xstrndup(who.name, strcspn(who.name, " "));

    enum tt_status status = pick_status(&r, cust->profile);
    double u = tt_rng_unit(&r);
    int prio = u < 0.22 ? 0 : u < 0.72 ? 1 : u < 0.93 ? 2 : 3;
    if (tt_rng_unit(&r) < 0.6)
        prio += sc->priority_bias;
    if (cust->c.plan[0] == 'e' && tt_rng_unit(&r) < 0.2)
        prio++;
    prio = prio < 0 ? 0 : prio > 3 ? 3 : prio;
    int prio0 = prio; /* priority at creation */
    u = tt_rng_unit(&r);
    if (u < 0.12 && prio > 0)
        prio0 = prio - 1; /* escalated after a look */
    else if (u > 0.96 && prio < 3)
        prio0 = prio + 1; /* downgraded */
    int64_t fr = (int64_t)tt_demo_first_reply_min[prio] * MINUTE;
    int64_t res = (int64_t)tt_demo_resolution_min[prio] * MINUTE;

    out->group = pick_group(&r, sc->category, cust->c.plan);
    out->agent = pick_agent(&r, out->group);
    const char *agent = tt_demo_agents[out->agent].name;
    char *agent_first = xstrndup(agent, strcspn(agent, " "));

    t->external_id = xasprintf("%ld", index + 1);
    struct tt_demo_vars v = {
        .req = req_first,
        .agent = agent_first,
        .org = cust->c.name,
        .id = t->external_id,
        .kb = sc->kb,
        .kbtitle = sc->kbtitle,
        .n = (int)tt_rng_range(&r, 2, 40),
        .card = (int)tt_rng_range(&r, 1000, 9999),
    };
    int variant = (int)tt_rng_below(&r, 2);
    char *desc = tt_demo_expand(sc->description[variant], &v);
    if (out->hostile) {
        size_t k = (size_t)(index / HOSTILE_EVERY) % tt_demo_hostile_count;
        t->subject = xstrdup(tt_demo_hostile_subjects[k]);
        t->description = xasprintf("%s\n\n%s", tt_demo_hostile_bodies[k], desc);
        free(desc);
    } else {
        t->subject = tt_demo_expand(sc->subject[tt_rng_below(&r, 3)], &v);
        t->description = desc;
    }
    t->category = xstrdup(sc->category);
    struct tt_buf tags = {0};
    tt_buf_printf(&tags, "%s plan_%s", sc->tags, cust->c.plan);
    if (cust->c.mrr >= 5000)
        tt_buf_puts(&tags, " vip");
    if (out->hostile)
        tt_buf_puts(&tags, " security-test");
    t->tags = tt_buf_steal(&tags);
    u = tt_rng_unit(&r);
    t->channel = xstrdup(u < 0.55 ? "email" : u < 0.80 ? "web" : u < 0.95 ? "chat" : "api");
    t->priority = (enum tt_priority)prio;
    t->status = status;

    /* --- the timeline, as offsets from creation --------------------------- */
    const char *req = who.name;
    ev_change(out, 0, TT_EV_CREATED, TT_AUTHOR_END_USER, req, NULL, "new");
    ev_comment(out, 0, TT_AUTHOR_END_USER, req, true, xstrdup(t->description));
    int64_t cur = 0;
    if (tt_rng_unit(&r) < (strcmp(t->channel, "email") == 0 ? 0.25 : 0.6)) {
        cur = span(&r, 5, 40);
        ev_comment(out, cur, TT_AUTHOR_BOT, ph->bot_name, true, tt_demo_expand(ph->bot, &v));
    }
    int64_t age = 0; /* now - created, chosen below */
    int64_t first_reply = 0, solved = 0;
    if (status == TT_STATUS_NEW) {
        out->agent = -1;
        if (prio0 != prio)
            ev_change(out, cur += span(&r, 60, 600), TT_EV_PRIORITY, TT_AUTHOR_AGENT,
                      tt_demo_agents[0].name, tt_priority_name((enum tt_priority)prio0),
                      tt_priority_name((enum tt_priority)prio));
        /* Around the first-reply deadline: some fresh, some due soon, some late. */
        age = frac(&r, fr, 0.05, 1.7);
        if (age < cur + 30)
            age = cur + 30 + span(&r, 0, 600);
    } else {
        bool historic = status == TT_STATUS_SOLVED || status == TT_STATUS_CLOSED;
        int64_t t_fr = frac(&r, fr, 0.05, historic ? 1.15 : 1.3);
        if (t_fr < cur + 120)
            t_fr = cur + 120 + span(&r, 0, 900);
        int64_t t_assign = cur + (t_fr - cur) * (30 + (int64_t)tt_rng_below(&r, 65)) / 100;
        ev_change(out, t_assign, TT_EV_ASSIGNEE, TT_AUTHOR_AGENT, agent, NULL, agent);
        ev_change(out, t_assign + 1, TT_EV_STATUS, TT_AUTHOR_AGENT, agent, "new", "open");
        if (prio0 != prio)
            ev_change(out, t_assign + 2, TT_EV_PRIORITY, TT_AUTHOR_AGENT, agent,
                      tt_priority_name((enum tt_priority)prio0),
                      tt_priority_name((enum tt_priority)prio));
        if (tt_rng_unit(&r) < 0.3)
            ev_comment(out, (t_assign + t_fr) / 2 + 3, TT_AUTHOR_AGENT, agent, false,
                       tt_demo_expand(sc->note, &v));
        ev_comment(out, t_fr, TT_AUTHOR_AGENT, agent, true, reply_text(sc->reply[variant], ph, &v));
        first_reply = t_fr;
        cur = t_fr;
        const char *st_now = "open";
        bool turn =
            status == TT_STATUS_OPEN || (status != TT_STATUS_ON_HOLD && tt_rng_unit(&r) < 0.55);
        if (turn) {
            if (tt_rng_unit(&r) < 0.4) { /* the agent waited for the customer */
                ev_change(out, cur + 1, TT_EV_STATUS, TT_AUTHOR_AGENT, agent, "open", "pending");
                st_now = "pending";
            }
            cur += span(&r, 20 * MINUTE, 8 * HOUR);
            ev_comment(out, cur, TT_AUTHOR_END_USER, req, true, tt_demo_expand(sc->followup, &v));
            if (strcmp(st_now, "pending") == 0) {
                ev_change(out, cur + 1, TT_EV_STATUS, TT_AUTHOR_END_USER, req, "pending", "open");
                st_now = "open";
            }
            if (status == TT_STATUS_OPEN && tt_rng_unit(&r) < 0.25) {
                cur += span(&r, 4 * HOUR, DAY);
                ev_comment(out, cur, TT_AUTHOR_END_USER, req, true, xstrdup(ph->more_info));
            } else if (status != TT_STATUS_OPEN) {
                cur += span(&r, 10 * MINUTE, fr + 10 * MINUTE);
                ev_comment(out, cur, TT_AUTHOR_AGENT, agent, true, reply_text(sc->reply2, ph, &v));
            }
        }
        switch (status) {
        case TT_STATUS_OPEN:
            age = frac(&r, res, 0.3, 1.5);
            if (age < cur + 5 * MINUTE)
                age = cur + span(&r, 5 * MINUTE, 2 * HOUR);
            break;
        case TT_STATUS_PENDING:
            ev_change(out, cur + 1, TT_EV_STATUS, TT_AUTHOR_AGENT, agent, st_now, "pending");
            cur += 1;
            age = cur + span(&r, HOUR, 5 * DAY);
            break;
        case TT_STATUS_ON_HOLD:
            cur += span(&r, 10 * MINUTE, 3 * HOUR);
            ev_comment(out, cur, TT_AUTHOR_AGENT, agent, false, tt_demo_expand(sc->note, &v));
            ev_comment(out, cur + 1, TT_AUTHOR_AGENT, agent, false, xstrdup(ph->hold_note));
            ev_change(out, cur + 2, TT_EV_STATUS, TT_AUTHOR_AGENT, agent, st_now, "on_hold");
            cur += 2;
            age = cur + span(&r, 2 * HOUR, 8 * DAY);
            break;
        default: { /* solved or closed */
            int64_t t_res = frac(&r, res, 0.2, 1.4);
            if (t_res < cur + 10 * MINUTE)
                t_res = cur + span(&r, 10 * MINUTE, 6 * HOUR);
            ev_comment(out, t_res, TT_AUTHOR_AGENT, agent, true,
                       reply_text(sc->resolution, ph, &v));
            ev_change(out, t_res + 1, TT_EV_STATUS, TT_AUTHOR_AGENT, agent, st_now, "solved");
            solved = t_res + 1;
            cur = solved;
            if (status == TT_STATUS_SOLVED) {
                age = cur + span(&r, 30 * MINUTE, 3 * DAY + 12 * HOUR);
            } else {
                cur = solved + 4 * DAY;
                ev_change(out, cur, TT_EV_STATUS, TT_AUTHOR_BOT, "Orbitly automation", "solved",
                          "closed");
                double x = tt_rng_unit(&r);
                age = cur + HOUR + (int64_t)(x * x * 360.0 * DAY);
            }
            break;
        }
        }
    }

    /* Stable insertion sort by time: turns may interleave with notes. */
    for (size_t i = 1; i < out->n_events; i++) {
        struct tt_event e = out->events[i];
        size_t j = i;
        while (j > 0 && out->events[j - 1].at > e.at) {
            out->events[j] = out->events[j - 1];
            j--;
        }
        out->events[j] = e;
    }
    int64_t created = w->opts.now - age;
    int64_t last = 0;
    for (size_t i = 0; i < out->n_events; i++) {
        if (out->events[i].at > last)
            last = out->events[i].at;
        out->events[i].at += created;
    }
    t->created_at = created;
    t->updated_at = created + last;
    t->first_response_at = first_reply ? created + first_reply : 0;
    t->resolved_at = solved ? created + solved : 0;
    t->status = status;

    free(req_first);
    free(agent_first);
    tt_contact_clear(&who);
}

void tt_demo_ticket_clear(struct tt_demo_ticket *t)
{
    tt_ticket_clear(&t->t);
    for (size_t i = 0; i < t->n_events; i++)
        tt_event_clear(&t->events[i]);
    free(t->events);
    memset(t, 0, sizeof *t);
}
