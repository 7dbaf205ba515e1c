/*
 * account_remove.c: `ticketty account remove NAME [--purge]`.
 */
#include <getopt.h>
#include <stdio.h>

#include "ticketty/accounts.h"
#include "ticketty/cmd.h"
#include "ticketty/store.h"
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
    /* --purge also works for an account already gone from the file (removed
     * earlier without --purge): its data would otherwise stay for good. */
    int in_db = 0;
    struct tt_store *st = NULL;
    if (purge) {
        struct tt_account a;
        st = tt_ctx_store(ctx, &err);
        in_db = st ? tt_store_account_get(st, name, &a, &err) : -1;
        if (in_db < 0)
            return tt_cmd_fail(&err, TT_EXIT_FAIL);
        if (in_db)
            tt_account_clear(&a);
    }
    if (rc == 0 && !in_db) {
        tt_errf(&err, "no account named '%s' in %s%s", name, ctx->config_path,
                purge ? " or in the database" : "");
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    if (in_db && tt_store_account_delete(st, name, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (rc)
        printf("account %s removed from %s", name, ctx->config_path);
    else
        printf("account %s was not in %s", name, ctx->config_path);
    printf("%s\n", in_db ? "; its local tickets, contacts and outbox were deleted" : "");
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_account_remove = {
    .name = "account remove",
    .usage = "NAME [--purge]",
    .summary = "remove a helpdesk account from the configuration file",
    .help = "Removes the account's entry from the configuration file, keeping the rest\n"
            "of the file.  The tickets already pulled stay in the local database unless\n"
            "--purge is given, which also deletes the account's tickets, contacts, cursors\n"
            "and outbox items (unsent replies included), also for an account already\n"
            "removed from the file.",
    .exec = account_remove_exec,
};
