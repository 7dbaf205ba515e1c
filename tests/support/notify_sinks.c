/*
 * notify_sinks.c: see notify_sinks.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "notify_sinks.h"
#include "ticketty/util.h"

struct store {
    pthread_mutex_t mu;
    char **items;
    size_t n;
    char *dir;
    const char *prefix, *suffix;
};

static void store_add(struct store *s, char *item)
{
    pthread_mutex_lock(&s->mu);
    s->items = xrealloc(s->items, (s->n + 1) * sizeof *s->items);
    s->items[s->n++] = item;
    if (s->dir) {
        char *path = xasprintf("%s/%s-%zu.%s", s->dir, s->prefix, s->n, s->suffix);
        char *tmp = xasprintf("%s.tmp", path);
        FILE *f = fopen(tmp, "w");
        if (f) {
            fputs(item, f);
            fclose(f);
            rename(tmp, path);
        }
        free(tmp);
        free(path);
    }
    pthread_mutex_unlock(&s->mu);
}

static size_t store_count(struct store *s)
{
    pthread_mutex_lock(&s->mu);
    size_t n = s->n;
    pthread_mutex_unlock(&s->mu);
    return n;
}

static char *store_get(struct store *s, size_t i)
{
    pthread_mutex_lock(&s->mu);
    char *r = i < s->n ? xstrdup(s->items[i]) : NULL;
    pthread_mutex_unlock(&s->mu);
    return r;
}

static void store_free(struct store *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i]);
    free(s->items);
    free(s->dir);
    pthread_mutex_destroy(&s->mu);
}

/* ---- webhook ------------------------------------------------------------- */

struct tu_webhook {
    struct MHD_Daemon *d;
    unsigned status;
    char url[64];
    struct store st;
};

struct req {
    struct tt_buf body;
};

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    struct tu_webhook *w = cls;
    struct req *r = *con_cls;
    if (!r) {
        *con_cls = xcalloc(1, sizeof *r);
        return MHD_YES;
    }
    if (*upload_size) {
        tt_buf_append(&r->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    char *rec = xasprintf("%s", tt_buf_str(&r->body));
    if (strcmp(method, "POST") != 0 || !ct || !strstr(ct, "application/json")) {
        free(rec);
        rec = xasprintf("BAD %s %s", method, ct ? ct : "(no content type)");
    }
    store_add(&w->st, rec);
    static const char okmsg[] = "ok";
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(2, (void *)okmsg, MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(conn, w->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    struct req *r = *con_cls;
    if (r) {
        tt_buf_free(&r->body);
        free(r);
        *con_cls = NULL;
    }
}

struct tu_webhook *tu_webhook_start(unsigned status)
{
    struct tu_webhook *w = xcalloc(1, sizeof *w);
    pthread_mutex_init(&w->st.mu, NULL);
    w->st.prefix = "webhook";
    w->st.suffix = "json";
    w->status = status ? status : 200;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    w->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
                            on_request, w, MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_NOTIFY_COMPLETED,
                            on_done, w, MHD_OPTION_END);
    if (!w->d)
        tt_fatal("webhook receiver: cannot start");
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(w->d, MHD_DAEMON_INFO_BIND_PORT);
    snprintf(w->url, sizeof w->url, "http://127.0.0.1:%u/hook", (unsigned)info->port);
    return w;
}

const char *tu_webhook_url(const struct tu_webhook *w)
{
    return w->url;
}

size_t tu_webhook_count(struct tu_webhook *w)
{
    return store_count(&w->st);
}

char *tu_webhook_body(struct tu_webhook *w, size_t i)
{
    return store_get(&w->st, i);
}

void tu_webhook_set_dir(struct tu_webhook *w, const char *dir)
{
    pthread_mutex_lock(&w->st.mu);
    free(w->st.dir);
    w->st.dir = xstrdup(dir);
    pthread_mutex_unlock(&w->st.mu);
}

void tu_webhook_stop(struct tu_webhook *w)
{
    if (!w)
        return;
    MHD_stop_daemon(w->d);
    store_free(&w->st);
    free(w);
}

/* ---- SMTP ---------------------------------------------------------------- */

struct tu_smtp {
    int lfd, wake[2];
    pthread_t th;
    char url[64];
    struct store st;
};

static int send_line(int fd, const char *s)
{
    size_t len = strlen(s), off = 0;
    while (off < len) {
        ssize_t n = write(fd, s + off, len - off);
        if (n <= 0)
            return -1;
        off += (size_t)n;
    }
    return 0;
}

/* Read one CRLF line into line (without CRLF); buffered in *buf. 0 on EOF. */
static int read_line(int fd, struct tt_buf *buf, struct tt_buf *line)
{
    for (;;) {
        char *nl = buf->data ? memchr(buf->data, '\n', buf->len) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - buf->data) + 1;
            line->len = 0;
            tt_buf_append(line, buf->data, n - 1 - (n >= 2 && buf->data[n - 2] == '\r'));
            memmove(buf->data, buf->data + n, buf->len - n);
            buf->len -= n;
            buf->data[buf->len] = 0;
            return 1;
        }
        char chunk[4096];
        ssize_t got = read(fd, chunk, sizeof chunk);
        if (got <= 0)
            return 0;
        tt_buf_append(buf, chunk, (size_t)got);
    }
}

static void smtp_session(struct tu_smtp *s, int fd)
{
    struct tt_buf in = {0}, line = {0}, env = {0};
    send_line(fd, "220 ticketty-test-sink ESMTP\r\n");
    while (read_line(fd, &in, &line)) {
        const char *l = tt_buf_str(&line);
        if (!strncasecmp(l, "EHLO", 4)) {
            send_line(fd, "250-ticketty-test-sink\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n");
        } else if (!strncasecmp(l, "HELO", 4)) {
            send_line(fd, "250 ticketty-test-sink\r\n");
        } else if (!strncasecmp(l, "MAIL FROM:", 10)) {
            env.len = 0;
            tt_buf_printf(&env, "%s\n", l);
            send_line(fd, "250 OK\r\n");
        } else if (!strncasecmp(l, "RCPT TO:", 8)) {
            tt_buf_printf(&env, "%s\n", l);
            send_line(fd, "250 OK\r\n");
        } else if (!strncasecmp(l, "DATA", 4)) {
            send_line(fd, "354 end with <CRLF>.<CRLF>\r\n");
            struct tt_buf msg = {0};
            tt_buf_printf(&msg, "%s\n", tt_buf_str(&env));
            while (read_line(fd, &in, &line)) {
                const char *d = tt_buf_str(&line);
                if (strcmp(d, ".") == 0)
                    break;
                tt_buf_printf(&msg, "%s\n", d[0] == '.' ? d + 1 : d);
            }
            store_add(&s->st, tt_buf_steal(&msg));
            send_line(fd, "250 OK queued\r\n");
        } else if (!strncasecmp(l, "RSET", 4) || !strncasecmp(l, "NOOP", 4)) {
            send_line(fd, "250 OK\r\n");
        } else if (!strncasecmp(l, "QUIT", 4)) {
            send_line(fd, "221 bye\r\n");
            break;
        } else {
            send_line(fd, "502 command not implemented\r\n");
        }
    }
    tt_buf_free(&in);
    tt_buf_free(&line);
    tt_buf_free(&env);
}

static void *smtp_thread(void *arg)
{
    struct tu_smtp *s = arg;
    for (;;) {
        struct pollfd p[2] = {{s->lfd, POLLIN, 0}, {s->wake[0], POLLIN, 0}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (p[1].revents)
            break;
        int fd = accept(s->lfd, NULL, NULL);
        if (fd < 0)
            continue;
        smtp_session(s, fd);
        close(fd);
    }
    return NULL;
}

struct tu_smtp *tu_smtp_start(void)
{
    struct tu_smtp *s = xcalloc(1, sizeof *s);
    pthread_mutex_init(&s->st.mu, NULL);
    s->st.prefix = "mail";
    s->st.suffix = "eml";
    s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t sl = sizeof sa;
    if (s->lfd < 0 || bind(s->lfd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
        listen(s->lfd, 16) < 0 || getsockname(s->lfd, (struct sockaddr *)&sa, &sl) < 0 ||
        pipe(s->wake) < 0)
        tt_fatal("smtp sink: cannot listen: %s", strerror(errno));
    snprintf(s->url, sizeof s->url, "smtp://127.0.0.1:%u", (unsigned)ntohs(sa.sin_port));
    if (pthread_create(&s->th, NULL, smtp_thread, s) != 0)
        tt_fatal("smtp sink: cannot start thread");
    return s;
}

const char *tu_smtp_url(const struct tu_smtp *s)
{
    return s->url;
}

size_t tu_smtp_count(struct tu_smtp *s)
{
    return store_count(&s->st);
}

char *tu_smtp_message(struct tu_smtp *s, size_t i)
{
    return store_get(&s->st, i);
}

void tu_smtp_set_dir(struct tu_smtp *s, const char *dir)
{
    pthread_mutex_lock(&s->st.mu);
    free(s->st.dir);
    s->st.dir = xstrdup(dir);
    pthread_mutex_unlock(&s->st.mu);
}

void tu_smtp_stop(struct tu_smtp *s)
{
    if (!s)
        return;
    if (write(s->wake[1], "x", 1) < 0)
        perror("smtp sink");
    pthread_join(s->th, NULL);
    close(s->lfd);
    close(s->wake[0]);
    close(s->wake[1]);
    store_free(&s->st);
    free(s);
}
