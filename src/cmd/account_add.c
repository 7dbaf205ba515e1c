/*
 * account_add.c: `ticketty account add NAME --provider P --url URL ...`:
 * add (or replace) a helpdesk account in the configuration file, keeping the
 * rest of the file as it is.  The token is never written: only the name of
 * the environment variable or the command that prints it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/accounts.h"
#include "ticketty/cmd.h"
#include "ticketty/http.h"
#include "ticketty/provider.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_account_add;

static bool utf8_ok(const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned int cp;
        size_t n = tt_utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD && !(n == 3 && !memcmp(s + i, "\xEF\xBF\xBD", 3)))
            return false;
        i += n;
    }
    return true;
}

static bool env_name_ok(const char *s)
{
    if (!*s || (*s >= '0' && *s <= '9'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return false;
    return true;
}

static int account_add_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"provider", required_argument, NULL, 'p'},
        {"url", required_argument, NULL, 'u'},
        {"email", required_argument, NULL, 'e'},
        {"token-env", required_argument, NULL, 't'},
        {"token-cmd", required_argument, NULL, 'c'},
        {"budget", required_argument, NULL, 'b'},
        {"admin-id", required_argument, NULL, 'a'},
        {"plan-field", required_argument, NULL, 'P'},
        {"mrr-field", required_argument, NULL, 'M'},
        {"csm-field", required_argument, NULL, 'C'},
        {NULL, 0, NULL, 0},
    };
    struct tt_account_conf a = {0};
    int c, rc;
    long long budget = 0;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        char **dst = NULL;
        switch (c) {
        case 'p':
            dst = &a.provider;
            break;
        case 'u':
            dst = &a.url;
            break;
        case 'e':
            dst = &a.email;
            break;
        case 't':
            dst = &a.token_env;
            break;
        case 'c':
            dst = &a.token_cmd;
            break;
        case 'a':
            dst = &a.admin_id;
            break;
        case 'P':
            dst = &a.field_plan;
            break;
        case 'M':
            dst = &a.field_mrr;
            break;
        case 'C':
            dst = &a.field_csm;
            break;
        case 'b':
            if (tt_parse_count(optarg, &budget) < 0 || budget > 100000) {
                tt_account_conf_clear(&a);
                return tt_cmd_usage(&tt_cmd_account_add,
                                    "--budget needs requests per minute (0-100000), not '%s'",
                                    optarg);
            }
            a.budget = (int)budget;
            break;
        default:
            tt_account_conf_clear(&a);
            return tt_cmd_usage(&tt_cmd_account_add, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        }
        if (dst) {
            free(*dst);
            *dst = xstrdup(optarg);
        }
    }
    const char *problem = NULL;
    if (optind >= argc)
        problem = "missing account NAME";
    else if (optind + 1 < argc)
        problem = "too many arguments";
    else if (!a.provider)
        problem = "--provider is required (zendesk, freshdesk, intercom)";
    else if (!tt_provider_known(a.provider))
        problem = "unknown --provider (zendesk, freshdesk, intercom)";
    else if (!a.url)
        problem = "--url is required";
    else if (!a.token_env == !a.token_cmd)
        problem = "give exactly one of --token-env VAR or --token-cmd CMD";
    else if (!tt_has_prefix(a.url, "https://") &&
             !(tt_has_prefix(a.url, "http://") && tt_http_is_loopback_url(a.url)))
        problem = "--url must be https:// (plain http only to loopback addresses)";
    if (!problem) {
        /* The file must read back: values are UTF-8 (YAML), a URL has no spaces or
         * control characters, an environment variable has a name a shell can set. */
        const char *vals[] = {a.url,      a.email,      a.token_env, a.token_cmd,
                              a.admin_id, a.field_plan, a.field_mrr, a.field_csm};
        for (size_t i = 0; i < TT_ARRAY_LEN(vals) && !problem; i++)
            if (vals[i] && !utf8_ok(vals[i]))
                problem = "option values must be UTF-8 text";
        for (const char *p = a.url; !problem && *p; p++)
            if ((unsigned char)*p <= ' ' || *p == 0x7f)
                problem = "--url must not contain spaces or control characters";
        if (!problem && a.token_env && !env_name_ok(a.token_env))
            problem = "--token-env needs an environment variable name (letters, digits, '_')";
    }
    if (problem) {
        tt_account_conf_clear(&a);
        return tt_cmd_usage(&tt_cmd_account_add, "%s", problem);
    }
    a.name = xstrdup(argv[optind]);
    for (const char *p = a.name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.')) {
            tt_account_conf_clear(&a);
            return tt_cmd_usage(&tt_cmd_account_add,
                                "account names use letters, digits, '-', '_' and '.'");
        }
    struct tt_err err;
    rc = tt_accounts_file_add(ctx->config_path, &a, &err);
    if (rc == 0) {
        /* Re-read the file so a mistake is reported now, not at the next sync. */
        struct tt_config *cfg = tt_config_load(ctx->config_path, true, &err);
        if (!cfg)
            rc = -1;
        tt_config_free(cfg);
    }
    if (rc == 0)
        printf("account %s (%s, %s) saved in %s\n", a.name, a.provider, a.url, ctx->config_path);
    tt_account_conf_clear(&a);
    return rc == 0 ? TT_EXIT_OK : tt_cmd_fail(&err, TT_EXIT_FAIL);
}

const struct tt_cmd tt_cmd_account_add = {
    .name = "account add",
    .usage = "NAME --provider P --url BASE_URL [--email ADDR] (--token-env VAR | --token-cmd CMD)"
             " [--budget N] [--admin-id ID] [--plan-field F] [--mrr-field F] [--csm-field F]",
    .summary = "add or replace a helpdesk account in the configuration file",
    .help = "Writes the account to the `accounts:` section of the configuration file,\n"
            "leaving the rest of the file unchanged.  The API token is never written:\n"
            "ticketty reads it from the environment variable or from the first line the\n"
            "command prints, each time it syncs.\n"
            "--provider P     zendesk, freshdesk or intercom\n"
            "--url BASE_URL   https://SUB.zendesk.com, https://DOMAIN.freshdesk.com,\n"
            "                 https://api.intercom.io (http only to loopback addresses)\n"
            "--email ADDR     Zendesk: the agent's email for API-token authentication\n"
            "                 (without it the token is sent as an OAuth bearer token)\n"
            "--token-env VAR  read the token from environment variable VAR\n"
            "--token-cmd CMD  run CMD (through sh) and use the first line it prints\n"
            "--budget N       at most N requests per minute from this ticketty, so several\n"
            "                 agents can share the account's rate limit (0 = no own limit)\n"
            "--admin-id ID    Intercom: the admin replies and notes are sent as\n"
            "--plan-field F, --mrr-field F, --csm-field F\n"
            "                 organisation/company custom fields holding the customer's\n"
            "                 plan, MRR and CSM (default: plan, mrr, csm)",
    .exec = account_add_exec,
};
