/*
 * account_list.c: `ticketty account list [--json]`: configured accounts with
 * their sync state.  Shows where the token comes from, never the token.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd_json.h"
#include "ticketty/accounts.h"
#include "ticketty/cmd.h"
#include "ticketty/store_sync.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_account_list;

static int account_list_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    bool json = false;
    int c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 'j')
            return tt_cmd_usage(&tt_cmd_account_list, "unknown option '%s'", argv[optind - 1]);
        json = true;
    }
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_account_list, "unexpected argument '%s'", argv[optind]);
    struct tt_err err;
    struct tt_account_conf *a;
    size_t n;
    if (tt_accounts_load(ctx->config, &a, &n, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_sync_status *ss = NULL;
    size_t nss = 0;
    struct tt_store *st = n ? tt_ctx_store(ctx, &err) : NULL;
    if (st && tt_store_sync_status_list(st, &ss, &nss, &err) < 0) {
        tt_accounts_free(a, n);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    json_t *arr = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        const struct tt_sync_status *s = NULL;
        for (size_t k = 0; k < nss; k++)
            if (tt_streq(ss[k].account, a[i].name))
                s = &ss[k];
        char *src = a[i].token_env ? xasprintf("env:%s", a[i].token_env) : xstrdup("command");
        const char *state = s ? tt_sync_state_name(s->state) : "never synced";
        if (s && !s->last_ok_at && s->state == TT_SYNC_IDLE)
            state = "never synced";
        if (arr) {
            json_t *o = json_pack("{s:s,s:s,s:s,s:o,s:s,s:i,s:s,s:o,s:o}", "name", a[i].name,
                                  "provider", a[i].provider, "url", a[i].url, "email",
                                  tt_json_str(a[i].email), "token", src, "budget", a[i].budget,
                                  "sync_state", s ? tt_sync_state_name(s->state) : "idle",
                                  "last_sync", tt_json_time(s ? s->last_ok_at : 0), "last_error",
                                  tt_json_str(s && s->state != TT_SYNC_IDLE ? s->detail : NULL));
            json_array_append_new(arr, o);
        } else {
            char when[21] = "-";
            if (s && s->last_ok_at)
                tt_time_iso(s->last_ok_at, when);
            /* The file may be shared by a team: its URL and variable are text. */
            char *url = tt_sanitize(a[i].url, 0), *from = tt_sanitize(src, 0);
            printf("%-12s %-9s %-36s token from %-18s %-12s last ok %s\n", a[i].name, a[i].provider,
                   url, from, state, when);
            free(url);
            free(from);
            if (s && s->state != TT_SYNC_IDLE && s->detail) {
                char *d = tt_sanitize(s->detail, 0);
                printf("             %s\n", d);
                free(d);
            }
        }
        free(src);
    }
    if (arr)
        tt_json_print(arr, 0);
    else if (!n)
        printf("no accounts; add one with `ticketty account add`\n");
    tt_sync_status_list_free(ss, nss);
    tt_accounts_free(a, n);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_account_list = {
    .name = "account list",
    .usage = "[--json]",
    .summary = "list helpdesk accounts and their sync state",
    .help = "One line per configured account: name, provider, base URL, where the token\n"
            "comes from (never the token), sync state (idle, syncing, waiting, offline,\n"
            "auth_failed, error) and the time of the last successful sync.\n"
            "--json   an array of {name, provider, url, email, token, budget, sync_state,\n"
            "         last_sync, last_error}",
    .exec = account_list_exec,
};
