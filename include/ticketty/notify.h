/*
 * notify.h: alerts to people: a Slack-compatible incoming webhook (HTTP POST
 * of {"text": ...}) and e-mail over SMTP, both through libcurl (src/net/ is
 * the only libcurl caller).  Shared by SLA escalations and health (CSM)
 * alerts: callers decide what to say and de-duplicate; this module only
 * delivers, once per call, and reports failures with the destination named.
 *
 * Configuration (the `notifications` rows of the options table):
 *   notify.webhook_url          default webhook ("webhook" destinations)
 *   notify.smtp.url             smtp://host:port or smtps://host:port
 *   notify.smtp.from            envelope and From: address
 *   notify.smtp.user            SMTP AUTH user (the password is read from the
 *   notify.smtp.password_env    environment variable named here, never the file)
 *   notify.smtp.tls             none | try | required (STARTTLS on smtp://)
 *   notify.timeout_seconds      per delivery
 * Secrets are never logged: webhook URLs carry their secret in the path, so
 * messages show a URL as scheme://host[:port]/... only (tt_notify_redact).
 * With notify.smtp.user set and a non-loopback smtp:// server, STARTTLS is
 * required whatever notify.smtp.tls says, and tls: none is refused.
 */
#ifndef TICKETTY_NOTIFY_H
#define TICKETTY_NOTIFY_H

#include <stdbool.h>

#include "ticketty/config.h"
#include "ticketty/err.h"

enum tt_notify_tls { TT_NOTIFY_TLS_NONE, TT_NOTIFY_TLS_TRY, TT_NOTIFY_TLS_REQUIRED };

struct tt_notify_config {
    const char *webhook_url;
    const char *smtp_url;
    const char *smtp_from;
    const char *smtp_user;
    const char *smtp_password; /* from the environment; may be NULL */
    enum tt_notify_tls tls;
    long timeout_seconds;
};
/* Fill from the configuration (strings point into cfg / the environment). */
void tt_notify_config_load(struct tt_notify_config *nc, const struct tt_config *cfg);

/* What to say.  title is one line; text may have several. */
struct tt_notice {
    const char *title;
    const char *text;
    const char *severity; /* "info", "warning", "breach"... shown in the subject */
};

/* POST the Slack-compatible payload to url (NULL = notify.webhook_url). */
int tt_notify_webhook(const struct tt_notify_config *nc, const char *url, const struct tt_notice *n,
                      struct tt_err *err);
/* Send a plain-text UTF-8 e-mail to one or more comma-separated addresses. */
int tt_notify_email(const struct tt_notify_config *nc, const char *to, const struct tt_notice *n,
                    struct tt_err *err);
/* Deliver to a destination as written in configuration:
 *   "webhook"            the configured webhook
 *   "http(s)://..."      that webhook
 *   "mailto:a@b" / "a@b" e-mail (comma-separated lists allowed) */
int tt_notify_send(const struct tt_notify_config *nc, const char *dest, const struct tt_notice *n,
                   struct tt_err *err);
/* Whether dest is one of the forms above (for config validators). */
bool tt_notify_dest_valid(const char *dest);

/* dest as it may be shown in errors, logs and the database: a URL becomes
 * scheme://[***@]host[:port]/... (no path, query or credentials); anything
 * else is copied.  Heap string. */
char *tt_notify_redact(const char *dest);

/* The webhook body for n (heap string), exposed for tests and --dry-run. */
char *tt_notify_webhook_payload(const struct tt_notice *n);

#endif
