/*
 * account_remove.c: `ticketty account remove NAME [--purge]`.
 */
#include <getopt.h>
#include <stdio.h>

#include "ticketty/accounts.h"
#include "ticketty/cmd.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_account_remove;

static int account_remove_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"purge", no_argument, NULL, 'p'}, {NULL, 0, NULL, 0}};
    bool purge = false;
    int c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 'p')
            return tt_cmd_usage(&tt_cmd_account_remove, "unknown option '%s'", argv[optind - 1]);
        purge = true;
    }
    if (optind + 1 != argc)
        return tt_cmd_usage(&tt_cmd_account_remove, "give exactly one account NAME");
    const char *name = argv[optind];
    struct tt_err err;
    int rc = tt_accounts_file_remove(ctx->config_path, name, &err);
    if (rc < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (rc == 0) {
        tt_errf(&err, "no account named '%s' in %s", name, ctx->config_path);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    if (purge) {
        struct tt_store *st = tt_ctx_store(ctx, &err);
        if (!st || tt_store_account_delete(st, name, &err) < 0)
            return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    printf("account %s removed from %s%s\n", name, ctx->config_path,
           purge ? "; its local tickets, contacts and outbox were deleted" : "");
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_account_remove = {
    .name = "account remove",
    .usage = "NAME [--purge]",
    .summary = "remove a helpdesk account from the configuration file",
    .help = "Removes the account's entry from the configuration file, keeping the rest\n"
            "of the file.  The tickets already pulled stay in the local database unless\n"
            "--purge is given, which also deletes the account's tickets, contacts, cursors\n"
            "and outbox items (unsent replies included).",
    .exec = account_remove_exec,
};
