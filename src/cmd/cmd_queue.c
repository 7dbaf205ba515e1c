/*
 * cmd_queue.c: see cmd_queue.h.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_queue.h"
#include "ticketty/accounts.h"
#include "ticketty/compose.h"
#include "ticketty/store_sync.h"
#include "ticketty/sync.h"
#include "ticketty/util.h"

/* The ticket and whether its account is local (no helpdesk), read once for
 * both the decision to send and the sending.  On TT_EXIT_OK the caller owns
 * *t (tt_ticket_clear). */
static int load_ticket(struct tt_ctx *ctx, int64_t ticket_id, struct tt_store **st,
                       struct tt_ticket *t, int *local)
{
    struct tt_err err;
    *local = 0;
    *st = tt_ctx_store(ctx, &err);
    if (!*st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    int found = tt_store_ticket_get(*st, ticket_id, t, &err);
    if (found <= 0) {
        if (found == 0)
            tt_errf(&err, "no ticket %lld", (long long)ticket_id);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    *local = tt_sync_account_is_local(*st, t->account, &err);
    if (*local < 0) {
        tt_ticket_clear(t);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    return TT_EXIT_OK;
}

/* Send the outbox of t's account now; t stays the caller's. */
static int send_loaded(struct tt_ctx *ctx, struct tt_store *st, const struct tt_ticket *t,
                       int local)
{
    struct tt_err err;
    struct tt_sync_stats s = {0};
    int rc = TT_EXIT_OK;
    if (local) { /* no helpdesk: the outbox is delivered into the store (outbox.c) */
        if (tt_sync_push_local(st, t->account_id, ctx->config, &s, &err) < 0)
            rc = tt_cmd_fail(&err, TT_EXIT_FAIL);
        printf("%s: local account, delivered to the local store: %lld sent, %lld failed\n",
               t->account, (long long)s.sent, (long long)s.failed);
        if (rc == TT_EXIT_OK && s.failed)
            rc = TT_EXIT_PARTIAL;
        return rc;
    }
    struct tt_account_conf *a;
    size_t n;
    if (tt_accounts_load(ctx->config, &a, &n, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    size_t i = 0;
    while (i < n && !tt_streq(a[i].name, t->account))
        i++;
    if (i == n) {
        /* removed from the configuration: fail its items, saying why (never local) */
        if (tt_sync_fail_unconfigured(st, t->account_id, &s, &err) == 0)
            tt_errf(&err,
                    "account '%s' is not configured: %lld outbox item%s failed (see `ticketty "
                    "outbox`)",
                    t->account ? t->account : "", (long long)s.failed, s.failed == 1 ? "" : "s");
        rc = tt_cmd_fail(&err, TT_EXIT_FAIL);
    } else {
        struct tt_sync_opts o = {.config = ctx->config};
        if (tt_sync_push(st, &a[i], &o, &s, &err) < 0)
            rc = tt_cmd_fail(&err, TT_EXIT_FAIL);
        printf("%s: outbox: %lld sent, %lld failed, %lld held, %lld to retry\n", a[i].name,
               (long long)s.sent, (long long)s.failed, (long long)s.held, (long long)s.retrying);
        if (rc == TT_EXIT_OK && (s.failed || s.held || s.retrying))
            rc = TT_EXIT_PARTIAL;
    }
    tt_accounts_free(a, n);
    return rc;
}

int tt_cmd_after_queue(struct tt_ctx *ctx, int64_t ticket_id, bool send)
{
    struct tt_store *st;
    struct tt_ticket t;
    int local;
    /* queued, but whether it goes out now is unknown: say so, not "done" */
    int rc = load_ticket(ctx, ticket_id, &st, &t, &local);
    if (rc != TT_EXIT_OK)
        return rc;
    if (send || local)
        rc = send_loaded(ctx, st, &t, local);
    tt_ticket_clear(&t);
    return rc;
}

int tt_cmd_queue_text(struct tt_ctx *ctx, const struct tt_cmd *cmd, const char *kind, int argc,
                      char **argv)
{
    static const struct option longopts[] = {
        {"message", required_argument, NULL, 'm'},
        {"file", required_argument, NULL, 'f'},
        {"send", no_argument, NULL, 's'},
        {NULL, 0, NULL, 0},
    };
    const char *message = NULL, *file = NULL;
    bool send = false;
    int c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "m:f:", longopts, NULL)) != -1) {
        switch (c) {
        case 'm':
            message = optarg;
            break;
        case 'f':
            file = optarg;
            break;
        case 's':
            send = true;
            break;
        default:
            return tt_cmd_usage(cmd, "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return tt_cmd_usage(cmd, "expected one ticket ID");
    long long id;
    if (tt_parse_count(argv[optind], &id) < 0 || id == 0)
        return tt_cmd_usage(cmd, "'%s' is not a ticket id", argv[optind]);
    if (message && file)
        return tt_cmd_usage(cmd, "give --message or --file, not both");
    if (message && !message[strspn(message, " \t\r\n")])
        return tt_cmd_usage(cmd, "empty %s: nothing queued", kind); /* a bad argument */
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_ticket t;
    int found = tt_store_ticket_get(st, id, &t, &err);
    if (found < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (!found) {
        tt_errf(&err, "no ticket %lld", id);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    /* refused before the text is read or the editor opens */
    if (tt_outbox_check_comment(st, &t, kind, &err) < 0) {
        tt_ticket_clear(&t);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    char *text = NULL;
    bool edited_here = false; /* the text was written in the editor (kept if not queued) */
    int rc = 0, code = TT_EXIT_FAIL;
    if (message) {
        text = xstrdup(message);
    } else if (file || !isatty(0)) {
        size_t len = 0;
        char *raw = tt_read_file(file ? file : "-", &len, &err);
        if (!raw) {
            rc = -1;
        } else if (memchr(raw, '\0', len)) {
            /* The text would end at the first NUL: a UTF-16 file would go out as
             * two bytes of garbage, and anything after a NUL would be lost. */
            tt_errf(&err, "%s: contains NUL bytes (UTF-16 or binary?); save the %s as UTF-8 text",
                    tt_input_name(file ? file : "-"), kind);
            free(raw);
            raw = NULL;
            rc = -1;
            code = TT_EXIT_USAGE; /* read, but no text: an invalid input document */
        } else {
            /* a UTF-8 byte order mark (Windows editors) is not part of the
             * message, nor are trailing newlines of files and pipes */
            if (len >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3))
                memmove(raw, raw + 3, (len -= 3) + 1);
            for (size_t n = strlen(raw); n > 0 && strchr("\n\r \t", raw[n - 1]); n--)
                raw[n - 1] = '\0';
            if (!raw[strspn(raw, "\n\r \t")]) {
                /* an empty document is an invalid one (EXIT STATUS) */
                tt_errf(&err, "%s: empty %s: nothing queued", tt_input_name(file ? file : "-"),
                        kind);
                free(raw);
                raw = NULL;
                rc = -1;
                code = TT_EXIT_USAGE;
            }
        }
        text = raw;
    } else {
        struct tt_event *ev = NULL;
        size_t nev = 0;
        tt_store_event_list(st, id, &ev, &nev, NULL);
        char *tpl = tt_compose_template(kind, &t, ev, nev);
        tt_event_list_free(ev, nev);
        char *edited = NULL;
        edited_here = true;
        rc = tt_compose_edit(tpl, &edited, &err);
        free(tpl);
        if (rc == 0) {
            text = tt_compose_parse(edited);
            free(edited);
            if (!text) {
                printf("empty %s: nothing queued\n", kind);
                tt_ticket_clear(&t);
                return TT_EXIT_OK;
            }
        }
    }
    int64_t oid = 0;
    if (rc == 0)
        rc = tt_outbox_queue(st, id, kind, text, t.updated_at, &oid, &err);
    if (rc < 0 && text && edited_here) {
        /* closed or deleted while the agent wrote: the text is kept, not lost */
        char *kept = tt_compose_keep(text);
        if (kept) {
            char *why = xstrdup(err.msg);
            tt_errf(&err, "%s not queued, kept in %s: %s", kind, kept, why);
            free(why);
            free(kept);
        }
    }
    free(text);
    tt_ticket_clear(&t);
    if (rc < 0)
        return tt_cmd_fail(&err, code);
    printf("queued %s #%lld for ticket %lld\n", kind, (long long)oid, id);
    return tt_cmd_after_queue(ctx, id, send);
}
