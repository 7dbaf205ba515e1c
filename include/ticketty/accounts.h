/*
 * accounts.h: helpdesk accounts as the configuration file describes them
 * (the `accounts:` section; src/config/accounts.c), and editing that section
 * in place for `ticketty account add/remove` without disturbing the rest of
 * the file (comments, order and other sections are kept byte for byte).
 *
 *   accounts:
 *     acme:
 *       provider: zendesk            # zendesk | freshdesk | intercom
 *       url: https://acme.zendesk.com
 *       email: agent@acme.com        # Zendesk API-token auth
 *       token_env: ACME_ZD_TOKEN     # or token_cmd: "pass show acme/zendesk"
 *       budget: 200                  # requests per minute (0 = no own limit)
 *       page_size: 1000
 *       start_time: 2024-01-01       # first pull fetches changes since then
 *       admin_id: "123"              # Intercom: admin the writes are made as
 *       fields: {plan: plan, mrr: mrr, csm: csm}  # organisation custom fields
 *       statuses: {6: on_hold, 7: pending}  # Freshdesk custom status codes
 *
 * The token itself is never in the file: it is read from the environment
 * variable or the first line of the command's output each time it is needed,
 * and never written, logged or shown.  Owner: the sync helper.
 */
#ifndef TICKETTY_ACCOUNTS_H
#define TICKETTY_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "ticketty/config.h"
#include "ticketty/err.h"

struct tt_account_conf {
    char *name;
    char *provider;
    char *url;
    char *email;
    char *token_env;
    char *token_cmd;
    char *admin_id;
    int budget;    /* requests per minute, 0 = none */
    int page_size; /* 0 = driver default */
    int64_t start_time;
    char *field_plan, *field_mrr, *field_csm;
    char *status_map; /* Freshdesk custom statuses "6=on_hold,7=pending" (statuses: map) */
    int line;         /* where it is defined in the file */
};
void tt_account_conf_clear(struct tt_account_conf *a);

/* The `accounts` section validator (options_table.c). */
int tt_accounts_validate(const struct tt_conf_node *node, const char *file, struct tt_err *err);

/* Accounts of the loaded configuration, in file order. */
int tt_accounts_load(const struct tt_config *cfg, struct tt_account_conf **out, size_t *n,
                     struct tt_err *err);
void tt_accounts_free(struct tt_account_conf *l, size_t n);

/* The secret, from token_env or token_cmd.  Caller wipes and frees. */
int tt_account_token(const struct tt_account_conf *a, char **token, struct tt_err *err);

/* Add (or replace) / remove one account in the file at path, keeping the rest
 * of the file.  remove returns 1 when removed, 0 when there was no such account. */
int tt_accounts_file_add(const char *path, const struct tt_account_conf *a, struct tt_err *err);
int tt_accounts_file_remove(const char *path, const char *name, struct tt_err *err);

#endif
