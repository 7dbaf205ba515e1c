/*
 * sync.c: `ticketty sync [NAME] [--full]`: send each account's outbox, then
 * pull what changed, with progress on a terminal and a summary at the end.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd_json.h"
#include "ticketty/accounts.h"
#include "ticketty/cmd.h"
#include "ticketty/store_sync.h"
#include "ticketty/sync.h"
#include "ticketty/triage.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_sync;

struct prog {
    bool tty;
    bool shown;
};

static void on_progress(void *ud, const char *account, const struct tt_sync_stats *s,
                        const char *what)
{
    struct prog *pg = ud;
    if (!pg->tty)
        return;
    fprintf(stderr, "\r\033[K%s: %lld pages, %lld tickets, %lld comments, %lld requests", account,
            (long long)s->pages, (long long)s->tickets, (long long)s->events,
            (long long)s->requests);
    if (what && strcmp(what, "page") != 0)
        fprintf(stderr, " - %s", what);
    fflush(stderr);
    pg->shown = true;
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* How the accounts fared; the exit status follows from it (see the help). */
struct tally {
    int good;     /* synced, every outbox item of this run delivered, held or to retry */
    int partial;  /* synced, but some outbox items failed */
    int outright; /* the push or pull stopped with an error (nothing synced), or the
                   * account is no longer configured (nothing of it can be) */
};

/* Count one account and say what failed: NULL when nothing did, else the
 * error for --json (the caller frees it), also said on stderr with the
 * account's name.  why: the push or pull error, NULL when both ran; removed:
 * the account is no longer configured (its items failed for that reason). */
static char *outcome(struct tally *t, const char *name, const char *why,
                     const struct tt_sync_stats *s, bool removed)
{
    char *items = NULL;
    if (removed && s->failed)
        items = xasprintf("account %s is no longer configured: %lld outbox item%s failed (see "
                          "`ticketty outbox`)",
                          name, (long long)s->failed, s->failed == 1 ? "" : "s");
    else if (s->failed)
        items = xasprintf("%lld outbox item%s failed (see `ticketty outbox`)", (long long)s->failed,
                          s->failed == 1 ? "" : "s");
    if (why || removed)
        t->outright++;
    else if (items)
        t->partial++;
    else
        t->good++;
    if (items && !removed)
        fprintf(stderr, "ticketty: account %s: %s\n", name, items);
    else if (items)
        fprintf(stderr, "ticketty: %s\n", items);
    if (!why)
        return items;
    char *e = items ? xasprintf("%s; %s", why, items) : xstrdup(why);
    free(items);
    return e;
}

/* One element of the --json array (error: NULL when the account is ok). */
static json_t *account_json(const char *name, const struct tt_sync_stats *s, double seconds,
                            const char *error)
{
    json_t *j = json_pack(
        "{s:o,s:b,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:f}", "account", tt_json_str(name),
        "ok", !error, "pages", (json_int_t)s->pages, "tickets", (json_int_t)s->tickets, "comments",
        (json_int_t)s->events, "contacts", (json_int_t)s->contacts, "deleted",
        (json_int_t)s->deleted, "requests", (json_int_t)s->requests, "rate_limit_waits",
        (json_int_t)s->waits, "sent", (json_int_t)s->sent, "failed", (json_int_t)s->failed, "held",
        (json_int_t)s->held, "retrying", (json_int_t)s->retrying, "seconds", seconds);
    json_object_set_new(j, "error", error ? tt_json_str(error) : json_null());
    return j;
}

static int sync_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"full", no_argument, NULL, 'f'},      {"verbose", no_argument, NULL, 'v'},
        {"json", no_argument, NULL, 'j'},      {"max-pages", required_argument, NULL, 'm'},
        {"push-only", no_argument, NULL, 'p'}, {NULL, 0, NULL, 0},
    };
    struct tt_sync_opts o = {.config = ctx->config};
    bool json = false, push_only = false;
    int c;
    long long maxp = 0;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "v", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            o.full = true;
            break;
        case 'v':
            o.verbose = true;
            break;
        case 'j':
            json = true;
            break;
        case 'p':
            push_only = true;
            break;
        case 'm':
            if (tt_parse_count(optarg, &maxp) < 0)
                return tt_cmd_usage(&tt_cmd_sync, "--max-pages needs a number, not '%s'", optarg);
            o.max_pages = (int)maxp;
            break;
        default:
            return tt_cmd_usage(&tt_cmd_sync, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        }
    }
    const char *only = optind < argc ? argv[optind++] : NULL;
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_sync, "unexpected argument '%s'", argv[optind]);
    struct tt_err err;
    struct tt_account_conf *accts;
    size_t n;
    if (tt_accounts_load(ctx->config, &accts, &n, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st) {
        tt_accounts_free(accts, n);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    /* Accounts in the store that no configured one names: local ones (the
     * demo: no helpdesk, the outbox is delivered into the store) and helpdesk
     * accounts removed from the configuration (their outbox is failed). */
    struct tt_account *known;
    size_t nknown;
    if (tt_store_account_list(st, &known, &nknown, &err) < 0) {
        tt_accounts_free(accts, n);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    size_t selected = 0;
    for (size_t i = 0; i < n; i++)
        selected += !only || tt_streq(only, accts[i].name);
    for (size_t i = 0; i < nknown; i++) {
        bool configured = false;
        for (size_t j = 0; j < n; j++)
            configured |= tt_streq(accts[j].name, known[i].name);
        if (configured || (only && !tt_streq(only, known[i].name))) {
            known[i].id = 0; /* not ours to handle here */
            continue;
        }
        if (tt_streq(known[i].provider, "local")) {
            selected++;
            continue;
        }
        /* removed from the configuration: something to do when items of it
         * are due (they are failed below), even with no account left */
        struct tt_outbox_item *due = NULL;
        size_t ndue = 0;
        if (tt_store_outbox_due(st, known[i].id, tt_now(), &due, &ndue, &err) < 0) {
            tt_accounts_free(accts, n);
            tt_account_list_free(known, nknown);
            return tt_cmd_fail(&err, TT_EXIT_FAIL);
        }
        selected += ndue > 0;
        tt_outbox_list_free(due, ndue);
    }
    if (!selected) {
        if (only)
            tt_errf(&err, "no account named '%s' in %s (see `ticketty account list`)", only,
                    tt_config_path(ctx->config) ? tt_config_path(ctx->config)
                                                : "the configuration");
        else
            tt_errf(&err, "no accounts configured; add one with `ticketty account add`");
        tt_accounts_free(accts, n);
        tt_account_list_free(known, nknown);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    struct prog pg = {.tty = isatty(2) && !o.verbose};
    o.on_progress = on_progress;
    o.ud = &pg;
    struct tally t = {0};
    int pulled = 0;
    json_t *out = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        const struct tt_account_conf *a = &accts[i];
        if (only && !tt_streq(only, a->name))
            continue;
        struct tt_sync_stats s = {0};
        double t0 = mono();
        struct tt_err perr, xerr;
        tt_err_clear(&perr);
        tt_err_clear(&xerr);
        int prc = tt_sync_push(st, a, &o, &s, &perr);
        int xrc = push_only ? 0 : tt_sync_pull(st, a, &o, &s, &xerr);
        double dt = mono() - t0;
        if (pg.shown) {
            fprintf(stderr, "\r\033[K");
            pg.shown = false;
        }
        if (!push_only && xrc == 0)
            pulled++;
        if (prc)
            fprintf(stderr, "ticketty: %s\n", perr.msg);
        if (xrc)
            fprintf(stderr, "ticketty: %s\n", xerr.msg);
        char *error = outcome(&t, a->name, prc ? perr.msg : xrc ? xerr.msg : NULL, &s, false);
        if (out) {
            json_array_append_new(out, account_json(a->name, &s, dt, error));
        } else {
            printf("%s: %lld tickets (%lld deleted), %lld comments, %lld contacts in %lld pages; "
                   "%lld requests, %lld rate-limit waits, %.1fs",
                   a->name, (long long)s.tickets, (long long)s.deleted, (long long)s.events,
                   (long long)s.contacts, (long long)s.pages, (long long)s.requests,
                   (long long)s.waits, dt);
            if (s.sent || s.failed || s.held || s.retrying)
                printf("; outbox: %lld sent, %lld failed, %lld held, %lld to retry",
                       (long long)s.sent, (long long)s.failed, (long long)s.held,
                       (long long)s.retrying);
            printf("%s\n", error ? " - FAILED" : "");
        }
        free(error);
    }
    for (size_t i = 0; i < nknown; i++) {
        const struct tt_account *k = &known[i];
        if (!k->id)
            continue;
        bool local = tt_streq(k->provider, "local");
        struct tt_sync_stats s = {0};
        struct tt_err perr;
        tt_err_clear(&perr);
        double t0 = mono();
        int prc = local ? tt_sync_push_local(st, k->id, ctx->config, &s, &perr)
                        : tt_sync_fail_unconfigured(st, k->id, &s, &perr);
        if (!local && prc == 0 && !s.failed)
            continue; /* a removed account with nothing waiting: nothing to say */
        if (prc)
            fprintf(stderr, "ticketty: %s\n", perr.msg);
        char *error = outcome(&t, k->name, prc ? perr.msg : NULL, &s, !local);
        if (out) {
            json_array_append_new(out, account_json(k->name, &s, mono() - t0, error));
        } else if (local) {
            printf("%s: local account (no helpdesk): outbox: %lld delivered to the local store, "
                   "%lld failed%s\n",
                   k->name, (long long)s.sent, (long long)s.failed, error ? " - FAILED" : "");
        } else {
            printf("%s: not configured: outbox: %lld failed - FAILED\n", k->name,
                   (long long)s.failed);
        }
        free(error);
    }
    tt_account_list_free(known, nknown);
    /* New tickets are triaged as they arrive (owned by the triage module). */
    int triage_failed = 0;
    if (!push_only && pulled) {
        int trained = 0;
        int64_t triaged = 0;
        struct tt_err terr;
        if (tt_triage_bootstrap(st, ctx->config, TT_TRIAGE_ARRIVALS, &trained, &triaged, &terr) <
            0) {
            fprintf(stderr, "ticketty: triage: %s\n", terr.msg);
            triage_failed = 1;
        } else if (!out && (triaged || trained)) {
            printf("triage: %s%lld new tickets triaged\n",
                   trained ? "category model trained from the tickets; " : "", (long long)triaged);
        }
    }
    if (out)
        tt_json_print(out, 0);
    tt_accounts_free(accts, n);
    if (!t.partial && !t.outright)
        return triage_failed ? TT_EXIT_PARTIAL : TT_EXIT_OK;
    return t.good || t.partial ? TT_EXIT_PARTIAL : TT_EXIT_FAIL;
}

const struct tt_cmd tt_cmd_sync = {
    .name = "sync",
    .usage = "[NAME] [--full] [--push-only] [--max-pages N] [--verbose] [--json]",
    .summary = "send the outbox and pull what changed from each helpdesk account",
    .help = "For each configured account (or only NAME): send the outbox's due items,\n"
            "then pull tickets, comments, contacts and organisations changed since the\n"
            "last sync.  Each page is stored together with its cursor, so an interrupted\n"
            "sync resumes where it stopped.  On a terminal, progress (pages, tickets,\n"
            "requests, rate-limit waits) is shown on stderr; a summary line per account\n"
            "goes to stdout.\n"
            "A local account (provider local: the demo workspace) has no helpdesk: its\n"
            "outbox is delivered into the local store (the comment or change recorded as\n"
            "a helpdesk's echo would be, the item marked sent).  The outbox of an account\n"
            "removed from the configuration but still in the database is failed with an\n"
            "error saying so; `outbox retry` after adding the account back sends it.\n"
            "--full        ignore the saved cursor and pull everything again\n"
            "--push-only   only send the outbox\n"
            "--max-pages N stop each account after N pages (the next sync goes on from\n"
            "              there; the account is reported as not finished)\n"
            "--verbose     log every HTTP request on stderr (credentials redacted)\n"
            "--json        the summary as a JSON array of {account, ok, pages, tickets,\n"
            "              comments, contacts, deleted, requests, rate_limit_waits, sent,\n"
            "              failed, held, retrying, seconds, error}\n"
            "An account fails (\"ok\": false and an error in JSON, \"- FAILED\" in text)\n"
            "when its push or pull stopped with an error, or when an outbox item of it\n"
            "failed in this run (refused by the helpdesk or undeliverable: see `ticketty\n"
            "outbox`); items held by the stale-reply guard or to be retried after a\n"
            "network error, 5xx, 429 or 401 (the account fails then) are not failures.\n"
            "Exit status: 0 nothing failed; 1 every account failed outright (push or pull\n"
            "error, or no longer configured: nothing synced); 3 something failed but\n"
            "something else succeeded (an account synced but some of its outbox items\n"
            "failed, or some accounts failed and others synced).",
    .exec = sync_exec,
};
