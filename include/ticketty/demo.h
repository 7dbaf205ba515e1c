/*
 * demo.h: the demo workspace generator (pure functions, src/core/demo*.c).
 *
 * `ticketty demo init` fills a database with a believable support operation
 * for the fictional SaaS product "Orbitly" (whose help centre is the demo KB in
 * kb/): customers on free/pro/enterprise plans with health inputs, their
 * contacts, agents in groups, and tickets with full conversations and field
 * changes, in English and about 10% in Chinese, plus a few hostile tickets
 * that exercise the sanitiser.
 *
 * Everything is a function of (seed, now, index): customer i and ticket i are
 * generated from their own PRNG stream, so the same seed and clock give the
 * same data, a ticket can be regenerated alone (tests), and generation needs no
 * memory proportional to the ticket count.  Timestamps are relative to `now`
 * so open tickets are near or past their SLA targets whenever the demo is made.
 *
 * Writing to the database is done by tt_demo_populate (store_demo.h) through
 * the store API; the structs here own their strings (free with *_clear).
 */
#ifndef TICKETTY_DEMO_H
#define TICKETTY_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/model.h"

/* A small, fast, seedable PRNG (splitmix64 seeding + xoshiro256**). */
struct tt_rng {
    uint64_t s[4];
};
void tt_rng_seed(struct tt_rng *r, uint64_t seed, uint64_t stream);
uint64_t tt_rng_next(struct tt_rng *r);
uint32_t tt_rng_below(struct tt_rng *r, uint32_t n); /* uniform in [0, n); 0 when n == 0 */
double tt_rng_unit(struct tt_rng *r);                /* uniform in [0, 1) */
int64_t tt_rng_range(struct tt_rng *r, int64_t lo, int64_t hi); /* uniform in [lo, hi] */

#define TT_DEMO_ACCOUNT             "demo"
#define TT_DEMO_PROVIDER            "local"
#define TT_DEMO_DEFAULT_TICKETS     2000
#define TT_DEMO_DEFAULT_CUSTOMERS   200
#define TT_DEMO_DEFAULT_SEED        42
#define TT_DEMO_CUSTOMER_KEY_PREFIX "demo:" /* customers' keys: "demo:c0001" */

struct tt_demo_opts {
    long tickets;
    int customers;
    uint64_t seed;
    int64_t now; /* the clock every timestamp is relative to */
};

enum tt_demo_health { TT_DEMO_HEALTHY, TT_DEMO_AT_RISK, TT_DEMO_CRITICAL };

/* Product features customers may use (features_used is a ';'-joined subset). */
extern const char *const tt_demo_features[];
extern const size_t tt_demo_features_count;

/* SLA targets the demo's timelines are shaped around (minutes, by priority
 * low..urgent), matching the default policy of the SLA module. */
extern const int tt_demo_first_reply_min[TT_PRIORITY__COUNT];
extern const int tt_demo_resolution_min[TT_PRIORITY__COUNT];

struct tt_demo_customer {
    struct tt_customer c; /* key, name, domain, plan, mrr, csm, health inputs */
    int n_contacts;
    bool chinese;                /* a Chinese-speaking customer: most tickets in Chinese */
    enum tt_demo_health profile; /* the health the inputs were drawn for */
};
void tt_demo_customer_clear(struct tt_demo_customer *c);

/* Groups and agents are fixed tables (the same support team in every demo). */
struct tt_demo_group {
    const char *external_id, *name, *email;
};
struct tt_demo_agent {
    const char *external_id, *name, *email;
    int group; /* index into tt_demo_groups */
};
extern const struct tt_demo_group tt_demo_groups[];
extern const size_t tt_demo_groups_count;
extern const struct tt_demo_agent tt_demo_agents[];
extern const size_t tt_demo_agents_count;

/* The generated world: every customer (small: customers are few), with the
 * cumulative ticket weights used to pick a ticket's customer. */
struct tt_demo_world {
    struct tt_demo_opts opts;
    struct tt_demo_customer *customers;
    double *cum_weight;
    int n_customers;
};
void tt_demo_world_init(struct tt_demo_world *w, const struct tt_demo_opts *opts);
void tt_demo_world_clear(struct tt_demo_world *w);

/* Contact k (0 <= k < n_contacts) of customer ci: external id, name, email. */
void tt_demo_contact(const struct tt_demo_world *w, int ci, int k, struct tt_contact *out);

/* One generated ticket with its event log in time order.  The ticket's *_id
 * fields are left 0: the writer maps the indices below to store ids. */
struct tt_demo_ticket {
    struct tt_ticket t;
    int customer; /* index into world->customers */
    int contact;  /* index of the requester among the customer's contacts */
    int group;    /* index into tt_demo_groups */
    int agent;    /* index into tt_demo_agents, -1 = unassigned */
    bool chinese, hostile;
    struct tt_event *events;
    size_t n_events, cap_events;
};
void tt_demo_ticket_gen(const struct tt_demo_world *w, long index, struct tt_demo_ticket *out);
void tt_demo_ticket_clear(struct tt_demo_ticket *t);

/* Whether ticket `index` is one of the hostile ones (escape sequences, bidi). */
bool tt_demo_is_hostile(long index);

/* Expand {req} {agent} {org} {id} {n} {card} {kb} {kbtitle} in a template. */
struct tt_demo_vars {
    const char *req, *agent, *org, *id, *kb, *kbtitle;
    int n;
    int card;
};
char *tt_demo_expand(const char *tmpl, const struct tt_demo_vars *v);

#endif
