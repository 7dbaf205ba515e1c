/*
 * fakesrv.c: see fakesrv.h.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakesrv.h"
#include "ticketty/util.h"

struct fault {
    char *prefix;
    int skip, times;
    enum fs_fault_kind kind;
};

struct fakesrv {
    struct MHD_Daemon *d;
    fs_handler h;
    void *ud;
    int port;
    char url[64];
    pthread_mutex_t mu;
    struct fault *faults;
    size_t n_faults;
    size_t requests, auth_requests;
    char **paths;
    size_t n_paths;
};

struct upload {
    struct tt_buf body;
};

const char *fs_arg(const struct fs_request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *fs_header(const struct fs_request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

void fs_response_header(struct fs_response *rs, const char *fmt, ...)
{
    if (rs->n_headers >= 8)
        return;
    va_list ap;
    va_start(ap, fmt);
    struct tt_buf b = {0};
    tt_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    rs->headers[rs->n_headers++] = tt_buf_steal(&b);
}

struct dropper {
    char *body;
    size_t len, sent;
};

static ssize_t drop_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct dropper *d = cls;
    size_t half = d->len / 2;
    if (pos >= half)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    size_t n = half - pos < max ? half - pos : max;
    memcpy(buf, d->body + pos, n);
    return (ssize_t)n;
}

static void drop_free(void *cls)
{
    struct dropper *d = cls;
    free(d->body);
    free(d);
}

static enum fs_fault_kind take_fault(struct fakesrv *s, const char *path)
{
    enum fs_fault_kind k = FS_NONE;
    pthread_mutex_lock(&s->mu);
    for (size_t i = 0; i < s->n_faults; i++) {
        struct fault *f = &s->faults[i];
        if (f->times <= 0 || !tt_has_prefix(path, f->prefix))
            continue;
        if (f->skip > 0) {
            f->skip--;
            continue;
        }
        f->times--;
        k = f->kind;
        break;
    }
    pthread_mutex_unlock(&s->mu);
    return k;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    struct fakesrv *s = cls;
    if (!*con_cls) {
        *con_cls = xcalloc(1, sizeof(struct upload));
        return MHD_YES;
    }
    struct upload *up = *con_cls;
    if (*upload_size) {
        tt_buf_append(&up->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    struct fs_request rq = {
        .method = method,
        .path = url,
        .auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization"),
        .body = tt_buf_str(&up->body),
        .body_len = up->body.len,
        .conn = conn,
    };
    pthread_mutex_lock(&s->mu);
    s->requests++;
    if (rq.auth)
        s->auth_requests++;
    s->paths = xrealloc(s->paths, (s->n_paths + 1) * sizeof *s->paths);
    s->paths[s->n_paths++] = xstrdup(url);
    pthread_mutex_unlock(&s->mu);

    struct fs_response rs = {.status = 200};
    enum fs_fault_kind fault = take_fault(s, url);
    if (fault == FS_429) {
        rs.status = 429;
        rs.body = xstrdup("{\"error\":\"TooManyRequests\"}");
        fs_response_header(&rs, "Retry-After: 1");
        fs_response_header(&rs, "X-Rate-Limit-Remaining: 0");
    } else if (fault == FS_500) {
        rs.status = 500;
        rs.body = xstrdup("{\"error\":\"InternalServerError\"}");
    } else if (fault == FS_401) {
        rs.status = 401;
        rs.body = xstrdup("{\"error\":\"Couldn't authenticate you\"}");
    } else {
        s->h(s->ud, &rq, &rs);
        if (fault == FS_NONE)
            fault = rs.fault;
    }
    if (!rs.body)
        rs.body = xstrdup("");
    size_t len = strlen(rs.body);
    if (fault == FS_TRUNCATE) {
        len /= 2;
        rs.body[len] = '\0';
    } else if (fault == FS_MALFORMED) {
        free(rs.body);
        rs.body = xstrdup("{\"tickets\": [ {\"id\": 1, \"subject\": \"x\" ,,, ]");
        len = strlen(rs.body);
    }
    struct MHD_Response *r;
    if (fault == FS_DROP) {
        struct dropper *d = xcalloc(1, sizeof *d);
        d->body = rs.body;
        d->len = len;
        rs.body = NULL;
        r = MHD_create_response_from_callback(len, 4096, drop_reader, d, drop_free);
    } else {
        r = MHD_create_response_from_buffer(len, rs.body, MHD_RESPMEM_MUST_FREE);
        rs.body = NULL;
    }
    MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
    for (int i = 0; i < rs.n_headers; i++) {
        char *colon = strchr(rs.headers[i], ':');
        if (colon) {
            *colon = '\0';
            const char *v = colon + 1;
            while (*v == ' ')
                v++;
            MHD_add_response_header(r, rs.headers[i], v);
        }
        free(rs.headers[i]);
    }
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)rs.status, r);
    MHD_destroy_response(r);
    (void)version;
    return ret;
}

static void on_done(void *cls, struct MHD_Connection *conn, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    struct upload *up = *con_cls;
    if (up) {
        tt_buf_free(&up->body);
        free(up);
        *con_cls = NULL;
    }
    (void)cls;
    (void)conn;
    (void)toe;
}

struct fakesrv *fs_start(int port, fs_handler h, void *ud)
{
    struct fakesrv *s = xcalloc(1, sizeof *s);
    s->h = h;
    s->ud = ud;
    pthread_mutex_init(&s->mu, NULL);
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port, NULL, NULL, on_request,
                            s, MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_NOTIFY_COMPLETED, on_done, s,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_END);
    if (!s->d) {
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : port;
    snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d", s->port);
    return s;
}

void fs_stop(struct fakesrv *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->d);
    fs_faults_clear(s);
    for (size_t i = 0; i < s->n_paths; i++)
        free(s->paths[i]);
    free(s->paths);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

int fs_port(const struct fakesrv *s)
{
    return s->port;
}
const char *fs_url(const struct fakesrv *s)
{
    return s->url;
}

void fs_fault(struct fakesrv *s, const char *prefix, int skip, enum fs_fault_kind kind, int times)
{
    pthread_mutex_lock(&s->mu);
    s->faults = xrealloc(s->faults, (s->n_faults + 1) * sizeof *s->faults);
    s->faults[s->n_faults++] = (struct fault){xstrdup(prefix), skip, times, kind};
    pthread_mutex_unlock(&s->mu);
}

void fs_faults_clear(struct fakesrv *s)
{
    pthread_mutex_lock(&s->mu);
    for (size_t i = 0; i < s->n_faults; i++)
        free(s->faults[i].prefix);
    free(s->faults);
    s->faults = NULL;
    s->n_faults = 0;
    pthread_mutex_unlock(&s->mu);
}

int fs_fault_parse(struct fakesrv *s, const char *spec)
{
    static const struct {
        const char *name;
        enum fs_fault_kind k;
    } kinds[] = {{"429", FS_429},   {"500", FS_500},           {"401", FS_401},
                 {"drop", FS_DROP}, {"truncate", FS_TRUNCATE}, {"malformed", FS_MALFORMED}};
    const char *at = strchr(spec, '@');
    if (!at)
        return -1;
    enum fs_fault_kind k = FS_NONE;
    for (size_t i = 0; i < TT_ARRAY_LEN(kinds); i++)
        if (strlen(kinds[i].name) == (size_t)(at - spec) &&
            !strncmp(spec, kinds[i].name, (size_t)(at - spec)))
            k = kinds[i].k;
    if (k == FS_NONE)
        return -1;
    char *prefix = xstrdup(at + 1);
    int skip = 0, times = 1;
    char *c = strchr(prefix, ':');
    if (c) {
        *c = '\0';
        sscanf(c + 1, "%d:%d", &skip, &times);
    }
    fs_fault(s, prefix, skip, k, times);
    free(prefix);
    return 0;
}

size_t fs_requests(struct fakesrv *s)
{
    pthread_mutex_lock(&s->mu);
    size_t n = s->requests;
    pthread_mutex_unlock(&s->mu);
    return n;
}

size_t fs_auth_requests(struct fakesrv *s)
{
    pthread_mutex_lock(&s->mu);
    size_t n = s->auth_requests;
    pthread_mutex_unlock(&s->mu);
    return n;
}

size_t fs_requests_to(struct fakesrv *s, const char *prefix)
{
    pthread_mutex_lock(&s->mu);
    size_t n = 0;
    for (size_t i = 0; i < s->n_paths; i++)
        n += tt_has_prefix(s->paths[i], prefix);
    pthread_mutex_unlock(&s->mu);
    return n;
}
