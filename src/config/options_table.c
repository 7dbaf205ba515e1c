/*
 * options_table.c: every configuration key ticketty understands.
 *
 * Grouped by module.  Scalar rows are validated by type and bounds; section rows
 * hand their subtree to the module's validator.  Keep help texts short: they are
 * printed by `ticketty config show` and copied into ticketty(1).
 */
#include "ticketty/accounts.h"
#include "ticketty/config.h"
#include "ticketty/health.h"
#include "ticketty/sla.h"
#include "ticketty/triage.h"

/* One row a key, laid out by hand: a table reads better than one field a line. */
// clang-format off
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
    {.name = "kb.remote", .type = TT_OPT_STRING, .def = "origin",
     .help = "git remote that kb pull and kb push sync with"},
    {.name = "kb.link_url", .type = TT_OPT_STRING,
     .help = "public help-centre URL that an article's slug is appended to in replies"},
    {.name = "kb.search.limit", .type = TT_OPT_INT, .def = "10", .min = 1, .max = 1000,
     .help = "results of kb search when --limit is not given"},
    {.name = "kb.search.mode", .type = TT_OPT_ENUM, .def = "hybrid",
     .choices = "hybrid|bm25|semantic",
     .help = "ranking of kb search: full text (bm25), embeddings (semantic) or both fused"},
    {.name = "kb.review.min_votes", .type = TT_OPT_INT, .def = "10", .min = 0, .max = 1000000,
     .help = "kb review flags a low helpful rate only with more votes than this"},
    {.name = "kb.review.min_helpful_rate", .type = TT_OPT_DOUBLE, .def = "0.5", .min = 0,
     .max = 1, .help = "kb review flags articles whose helpful rate is below this"},
    {.name = "kb.embedder", .type = TT_OPT_ENUM, .def = "builtin", .choices = "builtin|openai",
     .help = "embedder for semantic search: builtin (LSA trained on the KB and resolved "
             "tickets, no network) or openai (an OpenAI-compatible /v1/embeddings server)"},
    {.name = "kb.embeddings.url", .type = TT_OPT_STRING,
     .help = "base URL of the embeddings server, e.g. http://localhost:11434/v1 "
             "(https unless loopback)"},
    {.name = "kb.embeddings.model", .type = TT_OPT_STRING,
     .help = "embedding model name sent to the server"},
    {.name = "kb.embeddings.key_env", .type = TT_OPT_STRING,
     .help = "environment variable holding the API key (never logged)"},
    {.name = "kb.embeddings.key_cmd", .type = TT_OPT_STRING,
     .help = "command printing the API key on its first line (used when key_env is unset)"},
    {.name = "kb.embeddings.dims", .type = TT_OPT_INT, .def = "0", .min = 0, .max = 65536,
     .help = "vector size; 0 asks the server once"},
    {.name = "kb.embeddings.timeout", .type = TT_OPT_INT, .def = "30", .min = 1, .max = 600,
     .help = "seconds before an embeddings request fails"},

    /* --- sync and providers ------------------------------------------------- */
    {.name = "accounts", .type = TT_OPT_SECTION,
     .help = "helpdesk accounts: NAME: {provider, url, email, token_env|token_cmd, budget, "
             "page_size, start_time, admin_id, fields: {plan, mrr, csm}, statuses: {CODE: status}}",
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
    {.name = "sla", .type = TT_OPT_SECTION, .validate = tt_sla_config_validate,
     .help = "SLA schedules (timezone, weekdays/weekly, holidays, overrides) and ordered"
             " policies (when, schedule, mode, pause_statuses, human_only, targets,"
             " escalation); see ticketty(1)"},

    /* --- triage ------------------------------------------------------------- */
    {.name = "triage", .type = TT_OPT_SECTION, .validate = tt_triage_config_validate,
     .help = "triage rules: mode (suggest|apply), apply_min_confidence, elevate (mrr_at_least"
             " | plan, levels), churn (phrases, builtin_phrases, labels, min_confidence, tag),"
             " routing (category, priority, group), auto_response (min_confidence, send,"
             " templates)"},

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
     .help = "STARTTLS on smtp:// URLs: none, try (use when offered) or required; "
             "with a user and a non-loopback server, always required"},
    {.name = "notify.timeout_seconds", .type = TT_OPT_INT, .def = "20", .min = 1, .max = 600,
     .help = "timeout of one webhook or SMTP delivery"},
};
// clang-format on

const size_t tt_options_count = sizeof tt_options / sizeof tt_options[0];
