/*
 * notify_sinks.h: receivers for notification tests, on loopback: a webhook
 * receiver (libmicrohttpd) that records each POST body, and a small SMTP sink
 * that speaks enough ESMTP for libcurl and records each message with its
 * envelope.  Tests start them, point notify.webhook_url / notify.smtp.url at
 * them, and stop them.  Thread-safe reads while running.
 */
#ifndef TICKETTY_NOTIFY_SINKS_H
#define TICKETTY_NOTIFY_SINKS_H

#include <stddef.h>

struct tu_webhook;
/* Start on 127.0.0.1 with a free port; every request is answered with status. */
struct tu_webhook *tu_webhook_start(unsigned status);
const char *tu_webhook_url(const struct tu_webhook *w); /* http://127.0.0.1:PORT/hook */
size_t tu_webhook_count(struct tu_webhook *w);
/* Body of request i (heap copy), or NULL. */
char *tu_webhook_body(struct tu_webhook *w, size_t i);
/* Directory where every body is also written as webhook-N.json (NULL = none). */
void tu_webhook_set_dir(struct tu_webhook *w, const char *dir);
void tu_webhook_stop(struct tu_webhook *w);

struct tu_smtp;
struct tu_smtp *tu_smtp_start(void);
const char *tu_smtp_url(const struct tu_smtp *s); /* smtp://127.0.0.1:PORT */
size_t tu_smtp_count(struct tu_smtp *s);
/* Message i: "MAIL FROM:<a>\nRCPT TO:<b>\n...\n\n" followed by the DATA (heap). */
char *tu_smtp_message(struct tu_smtp *s, size_t i);
void tu_smtp_set_dir(struct tu_smtp *s, const char *dir); /* mail-N.eml files */
void tu_smtp_stop(struct tu_smtp *s);

#endif
