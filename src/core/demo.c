/*
 * demo.c: the demo generator's PRNG, template expansion, support team and
 * customers (with contacts and health inputs).
 *
 * Customer i is drawn from its own PRNG stream, so customers do not change
 * when the ticket count does.  Each customer is drawn for a health profile
 * (healthy, at-risk, critical) and its inputs are drawn to match, so the
 * health views have all three to show.  Tickets are in demo_ticket.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_internal.h"
#include "ticketty/util.h"

/* --- PRNG: splitmix64 to seed xoshiro256** ------------------------------- */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void tt_rng_seed(struct tt_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t tt_rng_next(struct tt_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint32_t tt_rng_below(struct tt_rng *r, uint32_t n)
{
    if (n == 0)
        return 0;
    return (uint32_t)(((tt_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

double tt_rng_unit(struct tt_rng *r)
{
    return (double)(tt_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

int64_t tt_rng_range(struct tt_rng *r, int64_t lo, int64_t hi)
{
    if (hi <= lo)
        return lo;
    uint64_t span = (uint64_t)(hi - lo) + 1;
    return lo + (int64_t)(tt_rng_next(r) % span);
}

/* --- templates ------------------------------------------------------------ */

char *tt_demo_expand(const char *tmpl, const struct tt_demo_vars *v)
{
    struct tt_buf b = {0};
    const char *p = tmpl;
    while (*p) {
        const char *open = strchr(p, '{');
        if (!open) {
            tt_buf_puts(&b, p);
            break;
        }
        tt_buf_append(&b, p, (size_t)(open - p));
        const char *close = strchr(open, '}');
        if (!close) {
            tt_buf_puts(&b, open);
            break;
        }
        size_t n = (size_t)(close - open - 1);
        const char *name = open + 1;
#define IS(s) (n == sizeof(s) - 1 && memcmp(name, s, n) == 0)
        if (IS("req"))
            tt_buf_puts(&b, v->req ? v->req : "");
        else if (IS("agent"))
            tt_buf_puts(&b, v->agent ? v->agent : "");
        else if (IS("org"))
            tt_buf_puts(&b, v->org ? v->org : "");
        else if (IS("id"))
            tt_buf_puts(&b, v->id ? v->id : "");
        else if (IS("kb"))
            tt_buf_puts(&b, v->kb ? v->kb : "");
        else if (IS("kbtitle"))
            tt_buf_puts(&b, v->kbtitle ? v->kbtitle : "");
        else if (IS("n"))
            tt_buf_printf(&b, "%d", v->n);
        else if (IS("card"))
            tt_buf_printf(&b, "%04d", v->card);
        else
            tt_buf_append(&b, open, n + 2); /* not a placeholder: keep as written */
#undef IS
        p = close + 1;
    }
    return tt_buf_steal(&b);
}

/* --- the support team ------------------------------------------------------ */

const struct tt_demo_group tt_demo_groups[] = {
    {"g-tier1", "Tier 1", "support@orbitly.io"},
    {"g-billing", "Billing", "billing@orbitly.io"},
    {"g-technical", "Technical", "tech-support@orbitly.io"},
    {"g-enterprise", "Enterprise", "enterprise-support@orbitly.io"},
};
const size_t tt_demo_groups_count = TT_ARRAY_LEN(tt_demo_groups);

const struct tt_demo_agent tt_demo_agents[] = {
    {"a-01", "Maria Santos", "maria.santos@orbitly.io", 0},
    {"a-02", "Kevin O'Brien", "kevin.obrien@orbitly.io", 0},
    {"a-03", "Aisha Bello", "aisha.bello@orbitly.io", 0},
    {"a-04", "Lukas Weber", "lukas.weber@orbitly.io", 0},
    {"a-05", "Mei Lin", "mei.lin@orbitly.io", 0},
    {"a-06", "Hannah Cole", "hannah.cole@orbitly.io", 1},
    {"a-07", "Diego Alvarez", "diego.alvarez@orbitly.io", 1},
    {"a-08", "Priya Raman", "priya.raman@orbitly.io", 2},
    {"a-09", "Tomasz Nowak", "tomasz.nowak@orbitly.io", 2},
    {"a-10", "Yuki Sato", "yuki.sato@orbitly.io", 2},
    {"a-11", "Grace Liu", "grace.liu@orbitly.io", 3},
    {"a-12", "Daniel Meyer", "daniel.meyer@orbitly.io", 3},
};
const size_t tt_demo_agents_count = TT_ARRAY_LEN(tt_demo_agents);

/* The first five are the health module's default core features. */
const char *const tt_demo_features[] = {
    "tickets", "knowledge_base", "automations", "reports", "integrations",
    "boards",  "docs",           "timeline",    "guests",  "api"};
const size_t tt_demo_features_count = TT_ARRAY_LEN(tt_demo_features);
#define CORE_FEATURES 5

const int tt_demo_first_reply_min[TT_PRIORITY__COUNT] = {1440, 480, 120, 30};
const int tt_demo_resolution_min[TT_PRIORITY__COUNT] = {4320, 1440, 480, 240};

/* --- customers ------------------------------------------------------------- */

#define DAY 86400

/* PRNG streams: customers, contacts and tickets never share one. */
#define STREAM_CUSTOMER 0x100000000ULL
#define STREAM_CONTACT  0x200000000ULL

static void lower_alnum(struct tt_buf *b, const char *s)
{
    for (; *s; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            tt_buf_putc(b, c);
    }
}

/* A feature subset: `core` of the core features and `extra` of the others. */
static char *draw_features(struct tt_rng *r, int core, int extra)
{
    struct tt_buf b = {0};
    int order[TT_ARRAY_LEN(tt_demo_features)];
    for (size_t i = 0; i < tt_demo_features_count; i++)
        order[i] = (int)i;
    /* Partial Fisher-Yates within each half. */
    for (int i = 0; i < CORE_FEATURES; i++) {
        int j = i + (int)tt_rng_below(r, (uint32_t)(CORE_FEATURES - i));
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    int n_extra = (int)tt_demo_features_count - CORE_FEATURES;
    for (int i = 0; i < n_extra; i++) {
        int j = i + (int)tt_rng_below(r, (uint32_t)(n_extra - i));
        int t = order[CORE_FEATURES + i];
        order[CORE_FEATURES + i] = order[CORE_FEATURES + j];
        order[CORE_FEATURES + j] = t;
    }
    for (int i = 0; i < core && i < CORE_FEATURES; i++)
        tt_buf_printf(&b, "%s%s", b.len ? ";" : "", tt_demo_features[order[i]]);
    for (int i = 0; i < extra && i < n_extra; i++)
        tt_buf_printf(&b, "%s%s", b.len ? ";" : "", tt_demo_features[order[CORE_FEATURES + i]]);
    return tt_buf_steal(&b);
}

static void gen_customer(const struct tt_demo_opts *o, int i, struct tt_demo_customer *out)
{
    struct tt_rng r;
    tt_rng_seed(&r, o->seed, STREAM_CUSTOMER + (uint64_t)i);
    memset(out, 0, sizeof *out);
    struct tt_customer *c = &out->c;
    out->chinese = tt_rng_unit(&r) < 0.075;

    /* Names are unique: index -> a permutation of the name grid, then a number. */
    struct tt_buf name = {0}, domain = {0};
    uint32_t off = (uint32_t)(o->seed % 97);
    if (out->chinese) {
        size_t grid =
            tt_demo_org_city_zh_count * tt_demo_org_word_zh_count * tt_demo_org_suffix_zh_count;
        size_t k = ((size_t)i * 7 + off) % grid;
        size_t city = k % tt_demo_org_city_zh_count;
        size_t word = (k / tt_demo_org_city_zh_count) % tt_demo_org_word_zh_count;
        size_t suf = k / (tt_demo_org_city_zh_count * tt_demo_org_word_zh_count);
        tt_buf_printf(&name, "%s%s%s", tt_demo_org_city_zh[city], tt_demo_org_word_zh[word],
                      tt_demo_org_suffix_zh[suf]);
        tt_buf_printf(&domain, "%s-%zu%zu", tt_demo_org_word_zh_pinyin[word], city, suf);
        if ((size_t)i >= grid) {
            tt_buf_printf(&name, " %zu", (size_t)i / grid + 1);
            tt_buf_printf(&domain, "-%zu", (size_t)i / grid + 1);
        }
        tt_buf_puts(&domain, ".cn");
    } else {
        size_t grid = tt_demo_org_root_count * tt_demo_org_suffix_count;
        size_t k = ((size_t)i * 7 + off) % grid;
        const char *root = tt_demo_org_root[k % tt_demo_org_root_count];
        const char *suf = tt_demo_org_suffix[k / tt_demo_org_root_count];
        tt_buf_printf(&name, "%s %s", root, suf);
        lower_alnum(&domain, root);
        lower_alnum(&domain, suf);
        if ((size_t)i >= grid) {
            tt_buf_printf(&name, " %zu", (size_t)i / grid + 1);
            tt_buf_printf(&domain, "%zu", (size_t)i / grid + 1);
        }
        tt_buf_puts(&domain, ".com");
    }
    c->name = tt_buf_steal(&name);
    c->domain = tt_buf_steal(&domain);
    c->key = xasprintf(TT_DEMO_CUSTOMER_KEY_PREFIX "c%04d", i + 1);
    c->external_id = xasprintf("c%04d", i + 1);

    double u = tt_rng_unit(&r);
    const char *plan = u < 0.45 ? "free" : u < 0.85 ? "pro" : "enterprise";
    c->plan = xstrdup(plan);
    if (plan[0] == 'f') {
        c->mrr = 0;
        out->n_contacts = 1 + (int)tt_rng_below(&r, 3);
    } else if (plan[0] == 'p') {
        /* Seats at $12 (yearly) or $15 (monthly), within the Pro range. */
        int seats = 4 + (int)(56.0 * pow(tt_rng_unit(&r), 1.6));
        double mrr = seats * (tt_rng_unit(&r) < 0.6 ? 12.0 : 15.0);
        c->mrr = mrr < 50 ? 50 : mrr > 900 ? 900 : mrr;
        out->n_contacts = 2 + (int)tt_rng_below(&r, 5);
    } else {
        double lo = log(1000.0), hi = log(20000.0);
        c->mrr = round(exp(lo + (hi - lo) * tt_rng_unit(&r)) / 10.0) * 10.0;
        out->n_contacts = 4 + (int)tt_rng_below(&r, 9);
    }
    if (plan[0] != 'f')
        c->csm = xstrdup(tt_demo_csms[tt_rng_below(&r, (uint32_t)tt_demo_csms_count)]);

    u = tt_rng_unit(&r);
    out->profile = u < 0.55 ? TT_DEMO_HEALTHY : u < 0.85 ? TT_DEMO_AT_RISK : TT_DEMO_CRITICAL;
    c->created_at = o->now - tt_rng_range(&r, 20, 1800) * DAY - tt_rng_range(&r, 0, DAY - 1);

    double prev = (plan[0] == 'f'   ? 50.0
                   : plan[0] == 'p' ? 400.0
                                    : 4000.0) *
                  (0.5 + 2.0 * tt_rng_unit(&r));
    double growth;
    switch (out->profile) {
    case TT_DEMO_HEALTHY:
        c->login_days_last_30 = (int)tt_rng_range(&r, 18, 30);
        c->features_used =
            draw_features(&r, 4 + (int)tt_rng_below(&r, 2), 2 + (int)tt_rng_below(&r, 4));
        growth = 1.0 + 0.5 * tt_rng_unit(&r);
        c->failed_payments_last_90_days = 0;
        break;
    case TT_DEMO_AT_RISK:
        c->login_days_last_30 = (int)tt_rng_range(&r, 8, 19);
        c->features_used =
            draw_features(&r, 2 + (int)tt_rng_below(&r, 2), 1 + (int)tt_rng_below(&r, 3));
        growth = 0.8 + 0.3 * tt_rng_unit(&r);
        c->failed_payments_last_90_days = tt_rng_unit(&r) < 0.3 ? 1 : 0;
        break;
    default:
        c->login_days_last_30 = (int)tt_rng_range(&r, 0, 7);
        c->features_used = draw_features(&r, (int)tt_rng_below(&r, 2), (int)tt_rng_below(&r, 2));
        growth = 0.3 + 0.55 * tt_rng_unit(&r);
        c->failed_payments_last_90_days = (int)tt_rng_range(&r, 1, 4);
        break;
    }
    if (plan[0] == 'f')
        c->failed_payments_last_90_days = 0; /* nothing to charge */
    c->previous_month_usage = round(prev);
    c->current_month_usage = round(prev * growth);

    /* Mostly active (the health views score active customers); a few are
     * in dunning, cancelled or on a trial. */
    double st = tt_rng_unit(&r);
    if (c->failed_payments_last_90_days >= 3 && st < 0.4)
        c->subscription_status = xstrdup("past_due");
    else if (out->profile == TT_DEMO_CRITICAL && plan[0] != 'f' && st > 0.9)
        c->subscription_status = xstrdup("cancelled");
    else if (plan[0] != 'e' && tt_rng_unit(&r) < 0.04)
        c->subscription_status = xstrdup("trialing");
    else
        c->subscription_status = xstrdup("active");
    /* Filled from the generated tickets by the writer. */
    c->tickets_last_90_days = -1;
    c->resolved_tickets_last_90_days = -1;
}

void tt_demo_customer_clear(struct tt_demo_customer *c)
{
    tt_customer_clear(&c->c);
    memset(c, 0, sizeof *c);
}

void tt_demo_world_init(struct tt_demo_world *w, const struct tt_demo_opts *opts)
{
    memset(w, 0, sizeof *w);
    w->opts = *opts;
    w->n_customers = opts->customers > 0 ? opts->customers : 1;
    w->customers = xcalloc((size_t)w->n_customers, sizeof *w->customers);
    w->cum_weight = xcalloc((size_t)w->n_customers, sizeof *w->cum_weight);
    double total = 0;
    for (int i = 0; i < w->n_customers; i++) {
        struct tt_demo_customer *c = &w->customers[i];
        gen_customer(opts, i, c);
        /* Bigger customers write more tickets; struggling ones a little more. */
        double weight = c->c.plan[0] == 'f' ? 1.0 : c->c.plan[0] == 'p' ? 2.0 : 4.0;
        if (c->profile == TT_DEMO_CRITICAL)
            weight *= 1.5;
        total += weight;
        w->cum_weight[i] = total;
    }
}

void tt_demo_world_clear(struct tt_demo_world *w)
{
    for (int i = 0; i < w->n_customers; i++)
        tt_demo_customer_clear(&w->customers[i]);
    free(w->customers);
    free(w->cum_weight);
    memset(w, 0, sizeof *w);
}

void tt_demo_contact(const struct tt_demo_world *w, int ci, int k, struct tt_contact *out)
{
    memset(out, 0, sizeof *out);
    const struct tt_demo_customer *c = &w->customers[ci];
    struct tt_rng r;
    tt_rng_seed(&r, w->opts.seed, STREAM_CONTACT + (uint64_t)ci * 64 + (uint64_t)k);
    out->external_id = xasprintf("%s-u%02d", c->c.external_id, k + 1);
    if (c->chinese) {
        size_t s = tt_rng_below(&r, (uint32_t)tt_demo_surname_zh_count);
        size_t g = tt_rng_below(&r, (uint32_t)tt_demo_given_zh_count);
        out->name = xasprintf("%s%s", tt_demo_surname_zh[s], tt_demo_given_zh[g]);
        out->email = xasprintf("%s.%s%d@%s", tt_demo_given_zh_pinyin[g],
                               tt_demo_surname_zh_pinyin[s], k + 1, c->c.domain);
    } else {
        const char *first = tt_demo_first_en[tt_rng_below(&r, (uint32_t)tt_demo_first_en_count)];
        const char *last = tt_demo_last_en[tt_rng_below(&r, (uint32_t)tt_demo_last_en_count)];
        out->name = xasprintf("%s %s", first, last);
        struct tt_buf e = {0};
        lower_alnum(&e, first);
        tt_buf_putc(&e, '.');
        lower_alnum(&e, last);
        tt_buf_printf(&e, "%d@%s", k + 1, c->c.domain);
        out->email = tt_buf_steal(&e);
    }
}
