/*
 * demo_init.c: `ticketty demo init`: fill the --db and --kb locations with
 * the demo workspace (generated tickets and customers; the demo KB as a git
 * repository with history).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "health_util.h"
#include "ticketty/cmd.h"
#include "ticketty/store_sla.h"
#include "ticketty/demo.h"
#include "ticketty/kb.h"
#include "ticketty/kbgit.h"
#include "ticketty/store_demo.h"
#include "ticketty/triage.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_demo_init;

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

struct progress {
    struct timespec t0;
};

static void show_progress(long done, long total, void *ud)
{
    struct progress *p = ud;
    double s = seconds_since(&p->t0);
    fprintf(stderr, "\r  tickets %ld / %ld (%3.0f%%)  %.1f s  ", done, total,
            total ? 100.0 * (double)done / (double)total : 100.0, s);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || *s == '-')
        return -1;
    *out = v;
    return 0;
}

static void print_summary(const char *db, const char *kb, const char *kb_note,
                          const struct tt_demo_stats *s, double secs)
{
    printf("Demo workspace created in %.1f s\n", secs);
    printf("  database   %s (account \"%s\", provider %s)\n", db, TT_DEMO_ACCOUNT,
           TT_DEMO_PROVIDER);
    printf("  customers  %ld: free %ld, pro %ld, enterprise %ld; drawn healthy %ld, at-risk "
           "%ld, critical %ld\n",
           s->customers, s->customers_by_plan[0], s->customers_by_plan[1], s->customers_by_plan[2],
           s->customers_by_health[0], s->customers_by_health[1], s->customers_by_health[2]);
    printf("  contacts   %ld\n", s->contacts);
    printf("  team       %ld agents in %ld groups\n", s->agents, s->groups);
    printf("  tickets    %ld:", s->tickets);
    for (int i = 0; i < TT_STATUS__COUNT; i++)
        printf(" %s %ld%s", tt_status_name((enum tt_status)i), s->by_status[i],
               i + 1 < TT_STATUS__COUNT ? "," : "\n");
    printf("             priority:");
    for (int i = TT_PRIORITY__COUNT - 1; i >= 0; i--)
        printf(" %s %ld%s", tt_priority_name((enum tt_priority)i), s->by_priority[i],
               i ? "," : "\n");
    printf("             %ld in Chinese, %ld hostile (escape sequences for the sanitiser), "
           "%ld new past their first-reply target\n",
           s->chinese, s->hostile, s->open_past_first_reply);
    printf("  events     %ld (comments, notes, status, priority and assignment changes)\n",
           s->events);
    printf("  kb         %s: %s\n", kb, kb_note);
}

static int demo_init_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"tickets", required_argument, NULL, 't'}, {"customers", required_argument, NULL, 'c'},
        {"seed", required_argument, NULL, 's'},    {"force", no_argument, NULL, 'f'},
        {"quiet", no_argument, NULL, 'q'},         {NULL, 0, NULL, 0},
    };
    long long tickets = TT_DEMO_DEFAULT_TICKETS, customers = TT_DEMO_DEFAULT_CUSTOMERS;
    uint64_t seed = TT_DEMO_DEFAULT_SEED;
    bool force = false, quiet = false;
    int c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (tt_parse_count(optarg, &tickets) < 0 || tickets > 100000000)
                return tt_cmd_usage(&tt_cmd_demo_init,
                                    "--tickets needs a number from 0 to 100000000, not '%s'",
                                    optarg);
            break;
        case 'c':
            if (tt_parse_count(optarg, &customers) < 0 || customers < 1 || customers > 1000000)
                return tt_cmd_usage(&tt_cmd_demo_init,
                                    "--customers needs a number from 1 to 1000000, not '%s'",
                                    optarg);
            break;
        case 's':
            if (parse_u64(optarg, &seed) < 0)
                return tt_cmd_usage(&tt_cmd_demo_init,
                                    "--seed needs a non-negative integer, not '%s'", optarg);
            break;
        case 'f':
            force = true;
            break;
        case 'q':
            quiet = true;
            break;
        default:
            return tt_cmd_usage(&tt_cmd_demo_init, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        }
    }
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_demo_init, "unexpected argument '%s'", argv[optind]);

    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    int exists = tt_store_demo_exists(st, &err);
    if (exists < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (exists && !force) {
        tt_errf(&err,
                "the database %s already holds the demo workspace (account \"%s\"); "
                "use `ticketty demo init --force` to replace it",
                tt_store_path(st), TT_DEMO_ACCOUNT);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }

    /* The KB first: it is quick and can fail on a path the user must fix. */
    const char *kb = tt_ctx_kb_path(ctx);
    char kb_note[256];
    if (force && tt_kbgit_is_repo(kb) && !tt_kb_demo_is_demo(kb)) {
        tt_errf(&err,
                "%s is a git repository that demo init did not create: not replacing it "
                "(choose another --kb for the demo)",
                kb);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    if (tt_kbgit_is_repo(kb) && !force) {
        long n = 0;
        if (tt_kbgit_count_commits(kb, &n, &err) < 0)
            return tt_cmd_fail(&err, TT_EXIT_FAIL);
        snprintf(kb_note, sizeof kb_note,
                 "existing repository kept (%ld commits; --force replaces it)", n);
    } else {
        char *src = tt_kb_demo_source(&err);
        if (!src)
            return tt_cmd_fail(&err, TT_EXIT_FAIL);
        struct tt_kb_demo_stats ks;
        if ((force && tt_kbgit_remove(kb, &err) < 0) ||
            tt_kb_demo_create(src, kb, tt_now(), &ks, &err) < 0) {
            free(src);
            tt_err_prefix(&err, "demo knowledge base");
            return tt_cmd_fail(&err, TT_EXIT_FAIL);
        }
        snprintf(kb_note, sizeof kb_note, "%ld files from %s, %ld commits", ks.files, src,
                 ks.commits);
        free(src);
    }

    if (exists && tt_store_demo_purge(st, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_demo_opts opts = {
        .tickets = (long)tickets, .customers = (int)customers, .seed = seed, .now = tt_now()};
    struct progress prog = {t0};
    struct tt_demo_stats stats;
    bool tty = !quiet && isatty(STDERR_FILENO);
    if (tt_demo_populate(st, &opts, tty ? show_progress : NULL, &prog, &stats, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    /* SLA clocks of the new tickets: the queue sorts by their next breach. */
    if (tt_sla_refresh_pending(st, ctx->config, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (!quiet)
        print_summary(tt_store_path(st), kb, kb_note, &stats, seconds_since(&t0));
    /* Triage (owned by the triage module): the demo KB indexed so suggestions
     * can name articles, a first model from the demo tickets, then the open
     * tickets triaged as if they had just arrived. */
    struct tt_kb_index_opts io;
    tt_kb_index_opts_init(&io);
    io.config = ctx->config;
    struct tt_kb_index_report ir = {0};
    struct tt_err kerr;
    if (tt_kb_index(st, kb, &io, &ir, &kerr) < 0 && !quiet)
        fprintf(stderr, "ticketty: warning: demo KB not indexed (no article suggestions): %s\n",
                kerr.msg);
    tt_kb_index_report_clear(&ir);
    int trained = 0;
    int64_t triaged = 0;
    if (tt_triage_bootstrap(st, ctx->config, TT_TRIAGE_ARRIVALS, &trained, &triaged, &err) < 0) {
        tt_err_prefix(&err, "triage of the demo tickets");
        return tt_cmd_fail(&err, TT_EXIT_PARTIAL);
    }
    if (!quiet)
        printf("  triage     %s%lld open tickets triaged (`ticketty triage show ID`)\n",
               trained ? "category model trained from the tickets; " : "", (long long)triaged);
    /* Health (owned by the health module): two weeks of history and today's
     * scores, so the health screen and the customer panel are populated. */
    struct tt_health_update_stats hs;
    if (tt_health_demo_seed(ctx, st, seed, &hs, &err) < 0) {
        tt_err_prefix(&err, "health scores of the demo customers");
        return tt_cmd_fail(&err, TT_EXIT_PARTIAL);
    }
    if (!quiet)
        printf("  health     %zu customers scored (healthy %zu, at-risk %zu, critical %zu), "
               "%d days of history\n",
               hs.scored, hs.by_status[TT_HEALTH_HEALTHY], hs.by_status[TT_HEALTH_AT_RISK],
               hs.by_status[TT_HEALTH_CRITICAL], TT_HEALTH_DEMO_DAYS);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_demo_init = {
    .name = "demo init",
    .usage = "[--tickets N] [--customers N] [--seed S] [--force] [--quiet]",
    .summary = "create the demo workspace (tickets, customers, KB repository)",
    .help = "Fills the database (--db) and the knowledge-base directory (--kb) with the demo\n"
            "workspace of the fictional product Orbitly: customers on free, pro and\n"
            "enterprise plans with health inputs, their contacts, a support team, and\n"
            "tickets with whole conversations in English and Chinese, timed relative to\n"
            "now so some open tickets are near or past their SLA.  The KB articles are\n"
            "copied into a git repository with a history of several commits.\n"
            "The same seed (and TICKETTY_NOW) gives the same data.\n"
            "\n"
            "--tickets N    tickets to generate (default 2000; 1000000 works for benchmarks)\n"
            "--customers N  customers (default 200)\n"
            "--seed S       random seed (default 42)\n"
            "--force        replace an existing demo workspace and demo KB repository\n"
            "--quiet        no progress and no summary",
    .exec = demo_init_exec,
};
