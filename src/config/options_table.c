/*
 * options_table.c: every configuration key ticketty understands.
 *
 * Grouped by module.  Scalar rows are validated by type and bounds; section rows
 * hand their subtree to the module's validator.  Keep help texts short: they are
 * printed by `ticketty config show` and copied into ticketty(1).
 */
#include "ticketty/accounts.h"
#include "ticketty/config.h"

const struct tt_option tt_options[] = {
    /* --- core ------------------------------------------------------------ */
    {.name = "db", .type = TT_OPT_STRING,
     .help = "SQLite database path (default $XDG_DATA_HOME/ticketty/ticketty.db)"},
    {.name = "kb.path", .type = TT_OPT_STRING,
     .help = "knowledge-base git repository (default: the demo KB)"},

    /* --- console ---------------------------------------------------------- */
    {.name = "ui.theme", .type = TT_OPT_STRING, .def = "default",
     .help = "theme name (a file NAME.theme in themes/) or a path to a theme file"},
    {.name = "ui.tick_seconds", .type = TT_OPT_INT, .def = "1", .min = 1, .max = 3600,
     .help = "seconds between console refreshes (SLA countdowns tick at this rate)"},

    /* --- kb ---------------------------------------------------------------- */

    /* --- sync and providers ------------------------------------------------- */
    {.name = "accounts", .type = TT_OPT_SECTION,
     .help = "helpdesk accounts: NAME: {provider, url, email, token_env|token_cmd, budget, "
             "page_size, start_time, admin_id, fields: {plan, mrr, csm}}",
     .validate = tt_accounts_validate},
    {.name = "sync.interval_seconds", .type = TT_OPT_INT, .def = "300", .min = 0, .max = 86400,
     .help = "console: seconds between background syncs (0 = never)"},
    {.name = "sync.timeout_seconds", .type = TT_OPT_INT, .def = "120", .min = 1, .max = 3600,
     .help = "longest time one HTTP request may take"},
    {.name = "sync.retries", .type = TT_OPT_INT, .def = "5", .min = 1, .max = 50,
     .help = "retries of a request after a network error or 5xx"},
    {.name = "sync.backoff_ms", .type = TT_OPT_INT, .def = "500", .min = 1, .max = 60000,
     .help = "first retry delay; doubles per retry, with jitter"},
    {.name = "sync.max_wait_seconds", .type = TT_OPT_INT, .def = "900", .min = 1, .max = 86400,
     .help = "longest rate-limit wait (Retry-After) honoured before giving up"},
    {.name = "sync.outbox_max_attempts", .type = TT_OPT_INT, .def = "5", .min = 1, .max = 100,
     .help = "automatic send attempts of an outbox item before it waits for `outbox retry`"},

    /* --- sla ---------------------------------------------------------------- */

    /* --- triage ------------------------------------------------------------- */

    /* --- health ------------------------------------------------------------- */

    /* --- notifications ------------------------------------------------------ */
};

const size_t tt_options_count = sizeof tt_options / sizeof tt_options[0];
