/*
 * notify_sink.c: the webhook receiver and SMTP sink as a program, for
 * end-to-end scripts.  `notify_sink DIR [STATUS]` starts both on loopback,
 * writes DIR/urls (two lines: webhook_url=..., smtp_url=...), records each
 * delivery as DIR/webhook-N.json or DIR/mail-N.eml, and runs until it gets
 * SIGTERM or SIGINT.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "notify_sinks.h"
#include "ticketty/util.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    stop = 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: notify_sink DIR [HTTP-STATUS]\n");
        return 2;
    }
    unsigned status = argc > 2 ? (unsigned)atoi(argv[2]) : 200;
    struct tu_webhook *w = tu_webhook_start(status);
    struct tu_smtp *s = tu_smtp_start();
    tu_webhook_set_dir(w, argv[1]);
    tu_smtp_set_dir(s, argv[1]);
    char *path = xasprintf("%s/urls", argv[1]), *tmp = xasprintf("%s/urls.tmp", argv[1]);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        perror(tmp);
        return 1;
    }
    fprintf(f, "webhook_url=%s\nsmtp_url=%s\n", tu_webhook_url(w), tu_smtp_url(s));
    fclose(f);
    rename(tmp, path);
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    while (!stop)
        pause();
    tu_smtp_stop(s);
    tu_webhook_stop(w);
    free(path);
    free(tmp);
    return 0;
}
