/*
 * fakesrv.h: plumbing for fake HTTP servers on loopback (libmicrohttpd), used
 * by the provider tests and by tests/tools/ programs.  A handler turns a
 * request into a response; the server adds fault injection on top:
 *
 *   fs_fault(srv, "/api/v2/incremental", 1, FS_429, 2)
 *       lets 1 matching request through, then answers the next 2 with 429.
 *
 * Faults: FS_429 (Retry-After: 1 and X-Rate-Limit-Remaining: 0), FS_500,
 * FS_401, FS_DROP (connection closed mid-body), FS_TRUNCATE (a complete HTTP
 * response whose body is cut in half), FS_MALFORMED (body replaced by broken
 * JSON).  The server counts requests, and requests that carried an
 * Authorization header, so tests can prove a credential never went somewhere.
 * Handlers run on the server's single thread, one at a time.
 */
#ifndef TICKETTY_FAKESRV_H
#define TICKETTY_FAKESRV_H

#include <stdbool.h>
#include <stddef.h>

enum fs_fault_kind { FS_NONE, FS_429, FS_500, FS_401, FS_DROP, FS_TRUNCATE, FS_MALFORMED };

struct fs_request {
    const char *method;
    const char *path; /* without the query */
    const char *auth; /* Authorization header or NULL */
    const char *body; /* "" when none */
    size_t body_len;
    void *conn; /* internal */
};
/* A decoded query argument, or NULL. */
const char *fs_arg(const struct fs_request *rq, const char *name);
/* A request header, or NULL. */
const char *fs_header(const struct fs_request *rq, const char *name);

struct fs_response {
    int status;       /* default 200 */
    char *body;       /* heap; NULL = empty */
    char *headers[8]; /* heap "Name: value" */
    int n_headers;
    enum fs_fault_kind fault; /* a handler may inject a fault too */
};
void fs_response_header(struct fs_response *rs, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

typedef void (*fs_handler)(void *ud, const struct fs_request *rq, struct fs_response *rs);

struct fakesrv;
/* Start on 127.0.0.1 (port 0 = any free port). NULL on failure. */
struct fakesrv *fs_start(int port, fs_handler h, void *ud);
void fs_stop(struct fakesrv *s);
int fs_port(const struct fakesrv *s);
const char *fs_url(const struct fakesrv *s); /* "http://127.0.0.1:PORT" */

/* Inject `times` faults of kind into requests whose path starts with prefix,
 * after letting `skip` matching requests through. */
void fs_fault(struct fakesrv *s, const char *prefix, int skip, enum fs_fault_kind kind, int times);
void fs_faults_clear(struct fakesrv *s);
/* Parse "KIND@PREFIX[:SKIP[:TIMES]]" (kind: 429, 500, 401, drop, truncate, malformed). */
int fs_fault_parse(struct fakesrv *s, const char *spec);

size_t fs_requests(struct fakesrv *s);      /* all requests so far */
size_t fs_auth_requests(struct fakesrv *s); /* those carrying Authorization */
/* Requests whose path starts with prefix. */
size_t fs_requests_to(struct fakesrv *s, const char *prefix);

#endif
