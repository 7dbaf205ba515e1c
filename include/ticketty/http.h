/*
 * http.h: the net layer, ticketty's only libcurl user (src/net/http.c).
 *
 * One struct tt_http per helpdesk account.  It keeps one connection alive
 * across requests (keep-alive, gzip), verifies TLS always, allows plain http
 * only to loopback addresses (tests and local mocks), takes proxies from the
 * environment (http_proxy, https_proxy, no_proxy), and:
 *   - retries network errors and 5xx with exponential backoff and jitter
 *     (idempotent methods only; POST is retried only when the request surely
 *     never reached the server: connection refused, DNS failure, 429);
 *   - honours 429 + Retry-After, and slows down before a budget runs out using
 *     X-Rate-Limit-Remaining / X-RateLimit-Remaining / X-RateLimit-Reset /
 *     ratelimit-reset;
 *   - spaces requests to stay within a per-account budget (requests/minute);
 *   - sends the credential ONLY to the account's base URL origin (scheme, host
 *     and port): a full URL on another origin is refused before any byte is
 *     sent, and redirects are never followed automatically (a redirect to the
 *     same origin is followed, to another origin is refused with an error).
 *     Drivers rebuild next-page requests from cursors on the base URL.
 *   - logs (when verbose) method, URL, status and timing, never the credential.
 *
 * Owner: the sync helper.  Drivers (src/providers/) use it; nothing else does.
 */
#ifndef TICKETTY_HTTP_H
#define TICKETTY_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/err.h"

struct tt_http;

/* Why the layer is waiting (reported through on_wait). */
enum tt_http_wait {
    TT_WAIT_RATE_LIMIT, /* 429 / Retry-After / remaining budget exhausted */
    TT_WAIT_BUDGET,     /* the account's own requests-per-minute budget */
    TT_WAIT_RETRY,      /* backoff before retrying a network error or 5xx */
};

struct tt_http_opts {
    const char *base_url;  /* "https://acme.zendesk.com" (path prefix allowed) */
    int budget_per_minute; /* 0 = unlimited */
    int timeout_seconds;   /* whole request; 0 = 120 */
    int max_retries;       /* 0 = 5 */
    int backoff_ms;        /* first backoff step; 0 = 500 */
    int max_wait_seconds;  /* longest single rate-limit wait honoured; 0 = 900 */
    bool verbose;          /* log requests to stderr (credential redacted) */
    /* Progress: called before each wait with its length in milliseconds. */
    void (*on_wait)(void *ud, enum tt_http_wait why, int64_t ms, const char *detail);
    void *ud;
    /* Cancellation: when *cancel becomes non-zero, waits end and requests fail.
     * It is read atomically: another thread may set it with __atomic_store_n. */
    volatile int *cancel;
};

/* Error classes, so callers can tell "try later" from "fix the account". */
enum tt_http_fail {
    TT_HTTP_OK,
    TT_HTTP_NETWORK, /* could not connect / dropped / timed out, after retries */
    TT_HTTP_AUTH,    /* 401/403 */
    TT_HTTP_RATE,    /* 429 beyond max_wait_seconds or retries */
    TT_HTTP_SERVER,  /* 5xx after retries */
    TT_HTTP_CLIENT,  /* other 4xx */
    TT_HTTP_REFUSED, /* foreign origin, insecure URL, cancelled */
};

struct tt_http_resp {
    long status;
    char *body; /* NUL-terminated, owned; "" when empty */
    size_t len;
    enum tt_http_fail fail;
    int attempts; /* HTTP requests actually sent for this call */
};
void tt_http_resp_clear(struct tt_http_resp *r);

/* Create a client for one account.  The base URL must be https, or http on a
 * loopback host (127.0.0.0/8, ::1, localhost). */
struct tt_http *tt_http_new(const struct tt_http_opts *opts, struct tt_err *err);
void tt_http_free(struct tt_http *h);

/* The credential header value, e.g. "Basic dXNlcjp0b2tlbg==" or "Bearer t".
 * Copied; sent as Authorization only to the base origin; never logged. */
void tt_http_set_auth(struct tt_http *h, const char *authorization);
/* "Basic base64(user:password)" and "Bearer token" through tt_http_set_auth;
 * every temporary copy of the secret is wiped before it is freed. */
void tt_http_set_basic_auth(struct tt_http *h, const char *user, const char *password);
void tt_http_set_bearer_auth(struct tt_http *h, const char *token);
/* An extra header for every request ("Intercom-Version: 2.16"); copied. */
void tt_http_add_header(struct tt_http *h, const char *header);

/* Perform a request.  target is a path ("/api/v2/tickets?x=1", joined to the
 * base URL) or a full URL on the base origin.  body may be NULL; JSON bodies
 * get Content-Type: application/json.  Returns 0 for a 2xx response, -1 with
 * err (naming method, URL and status, and the response's error text) and
 * resp->fail set otherwise; resp is filled in both cases. */
int tt_http_request(struct tt_http *h, const char *method, const char *target, const char *body,
                    struct tt_http_resp *resp, struct tt_err *err);

/* Fetch many GET paths (on the base URL) with up to `parallel` requests in
 * flight on kept-alive connections, so the server works while ticketty
 * parses.  done(ud, i, rc, resp, err) is called once per path, in completion
 * order, with what tt_http_request would have returned (a failed or unusual
 * answer is redone through tt_http_request, with its retries and waits);
 * a -1 from done stops the batch and is returned with done's message.
 * Serial when parallel < 2 or the account has a request budget. */
#define TT_HTTP_MAX_PARALLEL 8
typedef int (*tt_http_many_fn)(void *ud, size_t i, int rc, struct tt_http_resp *resp,
                               struct tt_err *err);
int tt_http_get_many(struct tt_http *h, const char *const *paths, size_t n, int parallel,
                     tt_http_many_fn done, void *ud, struct tt_err *err);

/* Requests sent so far by this client (for progress and benchmarks). */
int64_t tt_http_requests(const struct tt_http *h);
/* Failure class of the last tt_http_request (TT_HTTP_OK after a success). */
enum tt_http_fail tt_http_last_fail(const struct tt_http *h);
/* Base URL as given (without trailing slash). */
const char *tt_http_base_url(const struct tt_http *h);

/* True when url is on the same origin as the client's base URL. */
bool tt_http_same_origin(const struct tt_http *h, const char *url);
/* True when url's host is a loopback address. */
bool tt_http_is_loopback_url(const char *url);

/* Helpers for drivers. */
char *tt_base64(const char *data, size_t len); /* heap string */
char *tt_url_escape(const char *s);            /* percent-encode a query value */

/* Sleep ms, waking early when *cancel is set; -1 when cancelled. */
int tt_http_sleep(int64_t ms, volatile int *cancel);

#endif
