/*
 * sla_bench.c: the SLA engine's speed.  `sla_bench [N]` generates N open
 * tickets (default 100,000) with deterministic event logs (customer turns,
 * agent and bot replies, pending/on-hold spells, priority changes over up to
 * two weeks), then times:
 *   - evaluating every clock under the built-in calendar policies,
 *   - the same under a business-hours policy with all eight metrics
 *     (Europe/Berlin, Mon-Fri 09:00-17:00, holidays),
 *   - one console tick's re-sort: the next breach of every ticket sorted.
 * Prints one line per figure; best of 3 runs each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ticketty/sla.h"
#include "ticketty/util.h"

struct tk {
    struct tt_sla_event *ev;
    size_t n;
    int priority;
};

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static double secs(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void gen(struct tk *t, int64_t now)
{
    size_t cap = 16;
    t->ev = xcalloc(cap, sizeof *t->ev);
    t->priority = (int)(next() % TT_PRIORITY__COUNT);
    int64_t at = now - (int64_t)(next() % (14 * 86400));
    t->ev[t->n++] =
        (struct tt_sla_event){.at = at, .type = TT_EV_CREATED, .status = -1, .priority = -1};
    int steps = 2 + (int)(next() % 11);
    for (int i = 0; i < steps && t->n < cap; i++) {
        at += (int64_t)(next() % 14400);
        if (at >= now)
            break;
        struct tt_sla_event e = {.at = at, .status = -1, .priority = -1, .public = true};
        switch (next() % 8) {
        case 0:
        case 1:
            e.type = TT_EV_COMMENT;
            e.author = TT_AUTHOR_END_USER;
            break;
        case 2:
        case 3:
            e.type = TT_EV_COMMENT;
            e.author = TT_AUTHOR_AGENT;
            e.public = next() % 4 != 0;
            break;
        case 4:
            e.type = TT_EV_COMMENT;
            e.author = TT_AUTHOR_BOT;
            break;
        case 5:
            e.type = TT_EV_STATUS;
            e.status = TT_STATUS_PENDING;
            break;
        case 6:
            e.type = TT_EV_STATUS;
            e.status = next() % 2 ? TT_STATUS_OPEN : TT_STATUS_ON_HOLD;
            break;
        default:
            e.type = TT_EV_PRIORITY;
            e.priority = (int)(next() % TT_PRIORITY__COUNT);
        }
        t->ev[t->n++] = e;
    }
}

static const char business_yaml[] =
    "schedules:\n"
    "  berlin:\n"
    "    timezone: Europe/Berlin\n"
    "    weekdays: \"09:00-17:00\"\n"
    "    holidays: [2026-01-01, 2026-04-03, 2026-04-06, 2026-05-01, 2026-05-14, 2026-05-25,\n"
    "               2026-10-03, 2026-12-25, 2026-12-26]\n"
    "policies:\n"
    "  - name: business\n"
    "    schedule: berlin\n"
    "    human_only: true\n"
    "    warn_percent: 75\n"
    "    targets:\n"
    "      first_reply: {urgent: 30, high: 60, normal: 240, low: 480}\n"
    "      next_reply: {urgent: 60, high: 120, normal: 480, low: 960}\n"
    "      periodic_update: 1d\n"
    "      pausable_update: 1d\n"
    "      requester_wait: 3d\n"
    "      agent_work: 2d\n"
    "      first_resolution: {urgent: 4h, high: 8h, normal: 3d, low: 5d}\n"
    "      full_resolution: {urgent: 8h, high: 2d, normal: 5d, low: 10d}\n";

struct nb {
    int64_t at;
    size_t i;
};

static int nb_cmp(const void *a, const void *b)
{
    const struct nb *x = a, *y = b;
    int64_t p = x->at ? x->at : INT64_MAX, q = y->at ? y->at : INT64_MAX;
    if (p != q)
        return p < q ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Evaluate all; returns the best wall time of 3 runs and fills next breach. */
static double run(const struct tt_sla_policy *p, struct tk *t, size_t n, int64_t now,
                  struct nb *out, size_t *targets)
{
    double best = 1e9;
    for (int r = 0; r < 3; r++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        size_t nt = 0;
        for (size_t i = 0; i < n; i++) {
            struct tt_sla_result *res;
            size_t nr;
            tt_sla_evaluate(p, t[i].ev, t[i].n, t[i].priority, now, &res, &nr);
            out[i] = (struct nb){tt_sla_next_breach(res, nr), i};
            nt += nr;
            tt_sla_results_free(res, nr);
        }
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (secs(&a, &b) < best)
            best = secs(&a, &b);
        *targets = nt;
    }
    return best;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 100000;
    if (n == 0)
        n = 1;
    int64_t now;
    tt_time_parse("2026-05-06T12:00:00Z", &now, NULL);
    struct tk *t = xcalloc(n, sizeof *t);
    for (size_t i = 0; i < n; i++)
        gen(&t[i], now);
    struct tt_err err;
    struct tt_sla_config builtin, business;
    if (tt_sla_config_from_node(&builtin, NULL, NULL, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    struct tt_conf_node *node = tt_conf_parse(business_yaml, strlen(business_yaml), "bench", &err);
    if (!node || tt_sla_config_from_node(&business, node, "bench", &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    tt_conf_node_free(node);
    struct nb *order = xcalloc(n, sizeof *order);
    size_t targets;
    double cal = run(&builtin.policies[1], t, n, now, order, &targets);
    printf("calendar policy (first reply + resolution): %zu tickets, %zu targets in %.3f s "
           "(%.0f tickets/s)\n",
           n, targets, cal, (double)n / cal);
    double bus = run(&business.policies[0], t, n, now, order, &targets);
    printf("business hours, 8 metrics, Europe/Berlin:  %zu tickets, %zu targets in %.3f s "
           "(%.0f tickets/s)\n",
           n, targets, bus, (double)n / bus);
    double best = 1e9;
    for (int r = 0; r < 3; r++) {
        struct nb *copy = xcalloc(n, sizeof *copy);
        memcpy(copy, order, n * sizeof *copy);
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        qsort(copy, n, sizeof *copy, nb_cmp);
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (secs(&a, &b) < best)
            best = secs(&a, &b);
        free(copy);
    }
    printf("queue re-sort by next breach (one tick):   %zu tickets in %.1f ms\n", n, best * 1000);
    for (size_t i = 0; i < n; i++)
        free(t[i].ev);
    free(t);
    free(order);
    tt_sla_config_clear(&builtin);
    tt_sla_config_clear(&business);
    return 0;
}
