/*
 * options_table.c: every configuration key ticketty understands.
 *
 * Grouped by module.  Scalar rows are validated by type and bounds; section rows
 * hand their subtree to the module's validator.  Keep help texts short: they are
 * printed by `ticketty config show` and copied into ticketty(1).
 */
#include "ticketty/config.h"
#include "ticketty/health.h"
#include "ticketty/sla.h"

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

    /* --- sla ---------------------------------------------------------------- */
    {.name = "sla", .type = TT_OPT_SECTION, .validate = tt_sla_config_validate,
     .help = "SLA schedules (timezone, weekdays/weekly, holidays, overrides) and ordered"
             " policies (when, schedule, mode, pause_statuses, human_only, targets,"
             " escalation); see ticketty(1)"},

    /* --- triage ------------------------------------------------------------- */

    /* --- health ------------------------------------------------------------- */
    {.name = "health", .type = TT_OPT_SECTION, .validate = tt_health_config_validate,
     .help = "customer health: core_features, signals (weight, bands), status thresholds,"
             " failing_below, alert_mrr (see ticketty(1))"},

    /* --- notifications ------------------------------------------------------ */
    {.name = "notify.webhook_url", .type = TT_OPT_STRING,
     .help = "Slack-compatible incoming webhook for alerts (destination \"webhook\")"},
    {.name = "notify.smtp.url", .type = TT_OPT_STRING,
     .help = "SMTP server for e-mail alerts: smtp://host:587 or smtps://host:465"},
    {.name = "notify.smtp.from", .type = TT_OPT_STRING,
     .help = "sender address of e-mail alerts"},
    {.name = "notify.smtp.user", .type = TT_OPT_STRING,
     .help = "SMTP AUTH user name (unset: no authentication)"},
    {.name = "notify.smtp.password_env", .type = TT_OPT_STRING, .def = "TICKETTY_SMTP_PASSWORD",
     .help = "environment variable holding the SMTP password (never put it in the file)"},
    {.name = "notify.smtp.tls", .type = TT_OPT_ENUM, .def = "try", .choices = "none|try|required",
     .help = "STARTTLS on smtp:// URLs: none, try (use when offered) or required"},
    {.name = "notify.timeout_seconds", .type = TT_OPT_INT, .def = "20", .min = 1, .max = 600,
     .help = "timeout of one webhook or SMTP delivery"},
};

const size_t tt_options_count = sizeof tt_options / sizeof tt_options[0];
