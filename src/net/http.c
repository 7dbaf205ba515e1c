/*
 * http.c: the libcurl layer (see http.h for what it guarantees).
 *
 * One easy handle per account keeps its connection alive.  Every request goes
 * through the same loop:
 *
 *     budget wait -> send -> 2xx            -> done
 *                         -> 3xx same origin -> send again (max 5)
 *                         -> 3xx elsewhere  -> refuse (credential stays home)
 *                         -> 429            -> wait Retry-After/reset -> send
 *                         -> 5xx / network  -> backoff + jitter -> send
 *                         -> other 4xx      -> fail
 */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "net_internal.h"
#include "ticketty/http.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

struct tt_http {
    CURL *curl;
    char *base_url;
    char *scheme, *host;
    long port;
    char *auth;
    char **headers;
    size_t n_headers;
    struct tt_http_opts o;
    int64_t last_request_ms;
    int64_t requests;
    unsigned int seed;
    /* Rate-limit state from the last response. */
    long remaining; /* -1 = unknown */
    int64_t reset_ms;
    enum tt_http_fail last_fail;
    CURLM *multi; /* tt_http_get_many: its own connection pool */
    CURL *slots[TT_HTTP_MAX_PARALLEL];
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The cancel flag may be set by another thread (the sync engine's storing
 * thread stops its fetch thread through it): read it atomically. */
static bool is_cancelled(volatile int *cancel)
{
    return cancel && __atomic_load_n(cancel, __ATOMIC_ACQUIRE) != 0;
}

int tt_http_sleep(int64_t ms, volatile int *cancel)
{
    int64_t end = mono_ms() + ms;
    for (;;) {
        if (is_cancelled(cancel))
            return -1;
        int64_t left = end - mono_ms();
        if (left <= 0)
            return 0;
        if (left > 100)
            left = 100;
        struct timespec ts = {left / 1000, (left % 1000) * 1000000};
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
            ;
    }
}

void tt_http_resp_clear(struct tt_http_resp *r)
{
    free(r->body);
    memset(r, 0, sizeof *r);
}

/* Split a URL into scheme, host and port; -1 when it does not parse. */
static int url_origin(const char *url, char **scheme, char **host, long *port)
{
    CURLU *u = curl_url();
    char *s = NULL, *h = NULL, *p = NULL;
    int rc = -1;
    if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &s, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) == CURLUE_OK) {
        *scheme = xstrdup(s);
        *host = xstrdup(h);
        for (char *c = *host; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        *port = strtol(p, NULL, 10);
        rc = 0;
    }
    curl_free(s);
    curl_free(h);
    curl_free(p);
    curl_url_cleanup(u);
    return rc;
}

static bool host_is_loopback(const char *host)
{
    /* 127.x.y.z only as a numeric address: 127.0.0.1.example.com is a DNS name */
    return strcmp(host, "localhost") == 0 ||
           (strncmp(host, "127.", 4) == 0 && host[strspn(host, "0123456789.")] == '\0') ||
           strcmp(host, "[::1]") == 0 || strcmp(host, "::1") == 0;
}

bool tt_http_is_loopback_url(const char *url)
{
    char *s, *h;
    long port;
    if (url_origin(url, &s, &h, &port) < 0)
        return false;
    bool r = host_is_loopback(h);
    free(s);
    free(h);
    return r;
}

bool tt_http_same_origin(const struct tt_http *h, const char *url)
{
    char *s, *host;
    long port;
    if (url_origin(url, &s, &host, &port) < 0)
        return false;
    bool r = strcasecmp(s, h->scheme) == 0 && strcmp(host, h->host) == 0 && port == h->port;
    free(s);
    free(host);
    return r;
}

struct tt_http *tt_http_new(const struct tt_http_opts *opts, struct tt_err *err)
{
    tt_net_curl_init();
    if (!opts->base_url || !*opts->base_url)
        return tt_errf(err, "account has no base URL"), NULL;
    struct tt_http *h = xcalloc(1, sizeof *h);
    h->o = *opts;
    h->base_url = xstrdup(opts->base_url);
    size_t n = strlen(h->base_url);
    while (n > 0 && h->base_url[n - 1] == '/')
        h->base_url[--n] = '\0';
    h->o.base_url = h->base_url;
    if (url_origin(h->base_url, &h->scheme, &h->host, &h->port) < 0) {
        tt_errf(err, "base URL '%s' is not a valid URL", opts->base_url);
        tt_http_free(h);
        return NULL;
    }
    if (strcasecmp(h->scheme, "https") != 0) {
        if (strcasecmp(h->scheme, "http") != 0 || !host_is_loopback(h->host)) {
            tt_errf(err,
                    "base URL '%s': only https is allowed (plain http only to loopback addresses)",
                    opts->base_url);
            tt_http_free(h);
            return NULL;
        }
    }
    if (!h->o.timeout_seconds)
        h->o.timeout_seconds = 120;
    if (!h->o.max_retries)
        h->o.max_retries = 5;
    if (!h->o.backoff_ms)
        h->o.backoff_ms = 500;
    if (!h->o.max_wait_seconds)
        h->o.max_wait_seconds = 900;
    h->remaining = -1;
    h->seed = (unsigned int)(mono_ms() ^ (uintptr_t)h);
    h->curl = curl_easy_init();
    if (!h->curl) {
        tt_errf(err, "libcurl could not start");
        tt_http_free(h);
        return NULL;
    }
    return h;
}

/* Overwrite then free a string that held a secret. */
static void free_secret(char *s)
{
    if (s) {
        memset(s, 0, strlen(s));
        free(s);
    }
}

void tt_http_free(struct tt_http *h)
{
    if (!h)
        return;
    if (h->curl)
        curl_easy_cleanup(h->curl);
    for (int i = 0; i < TT_HTTP_MAX_PARALLEL; i++)
        if (h->slots[i])
            curl_easy_cleanup(h->slots[i]);
    if (h->multi)
        curl_multi_cleanup(h->multi);
    free_secret(h->auth);
    for (size_t i = 0; i < h->n_headers; i++)
        free(h->headers[i]);
    free(h->headers);
    free(h->base_url);
    free(h->scheme);
    free(h->host);
    free(h);
}

void tt_http_set_auth(struct tt_http *h, const char *authorization)
{
    free_secret(h->auth);
    h->auth = authorization ? xasprintf("Authorization: %s", authorization) : NULL;
}

void tt_http_set_basic_auth(struct tt_http *h, const char *user, const char *password)
{
    char *cred = xasprintf("%s:%s", user, password);
    char *b64 = tt_base64(cred, strlen(cred));
    char *value = xasprintf("Basic %s", b64);
    tt_http_set_auth(h, value);
    free_secret(cred);
    free_secret(b64);
    free_secret(value);
}

void tt_http_set_bearer_auth(struct tt_http *h, const char *token)
{
    char *value = xasprintf("Bearer %s", token);
    tt_http_set_auth(h, value);
    free_secret(value);
}

void tt_http_add_header(struct tt_http *h, const char *header)
{
    h->headers = xrealloc(h->headers, (h->n_headers + 1) * sizeof *h->headers);
    h->headers[h->n_headers++] = xstrdup(header);
}

int64_t tt_http_requests(const struct tt_http *h)
{
    return h->requests;
}
enum tt_http_fail tt_http_last_fail(const struct tt_http *h)
{
    return h->last_fail;
}
const char *tt_http_base_url(const struct tt_http *h)
{
    return h->base_url;
}

/* ---- one exchange --------------------------------------------------------- */

struct exchange {
    struct tt_buf body;
    long retry_after; /* seconds, -1 = absent */
    long remaining;   /* -1 = absent */
    int64_t reset;    /* raw reset header value, -1 = absent */
    char *location;
};

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
    struct exchange *x = ud;
    tt_buf_append(&x->body, p, size * nmemb);
    return size * nmemb;
}

static bool header_is(const char *line, size_t len, const char *name, const char **value)
{
    size_t n = strlen(name);
    if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
        return false;
    const char *v = line + n + 1;
    while (*v == ' ' || *v == '\t')
        v++;
    *value = v;
    return true;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *ud)
{
    struct exchange *x = ud;
    size_t len = size * nmemb;
    char line[1024];
    size_t n = len < sizeof line - 1 ? len : sizeof line - 1;
    memcpy(line, p, n);
    line[n] = '\0';
    while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == '\n'))
        line[--n] = '\0';
    if (strncmp(line, "HTTP/", 5) == 0) { /* a new response (after 100-continue) */
        x->retry_after = x->remaining = x->reset = -1;
        return len;
    }
    const char *v;
    if (header_is(line, n, "Retry-After", &v)) {
        char *end;
        long s = strtol(v, &end, 10);
        if (end != v && s >= 0)
            x->retry_after = s;
    } else if (header_is(line, n, "X-Rate-Limit-Remaining", &v) ||
               header_is(line, n, "X-RateLimit-Remaining", &v) ||
               header_is(line, n, "ratelimit-remaining", &v)) {
        long r = strtol(v, NULL, 10);
        if (x->remaining < 0 || r < x->remaining)
            x->remaining = r;
    } else if (header_is(line, n, "X-RateLimit-Reset", &v) ||
               header_is(line, n, "ratelimit-reset", &v)) {
        x->reset = strtoll(v, NULL, 10);
    } else if (header_is(line, n, "Location", &v)) {
        free(x->location);
        x->location = xstrdup(v);
    }
    return len;
}

/* Abort a transfer in flight once the client is cancelled, so that a stopped
 * sync does not wait for a slow answer (curl asks at least once a second). */
static int on_xfer(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                   curl_off_t ulnow)
{
    struct tt_http *h = ud;
    return is_cancelled(h->o.cancel) ? 1 : 0;
}

static void log_request(struct tt_http *h, const char *method, const char *url,
                        struct curl_slist *hdrs)
{
    fprintf(stderr, "http: > %s %s\n", method, url);
    for (struct curl_slist *s = hdrs; s; s = s->next) {
        if (strncasecmp(s->data, "Authorization:", 14) == 0)
            fprintf(stderr, "http: > Authorization: [redacted]\n");
        else
            fprintf(stderr, "http: > %s\n", s->data);
    }
}

/* Configure an easy handle for one request; returns the header list to free
 * after the transfer. */
static struct curl_slist *setup_easy(struct tt_http *h, CURL *c, const char *method,
                                     const char *url, const char *body, struct exchange *x)
{
    struct curl_slist *hdrs = NULL;
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    if (h->auth)
        hdrs = curl_slist_append(hdrs, h->auth);
    for (size_t i = 0; i < h->n_headers; i++)
        hdrs = curl_slist_append(hdrs, h->headers[i]);
    if (body)
        hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    hdrs = curl_slist_append(hdrs, "Expect:");
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)h->o.timeout_seconds);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "ticketty/" TT_VERSION);
    if (h->o.cancel) {
        curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_xfer);
        curl_easy_setopt(c, CURLOPT_XFERINFODATA, h);
    }
    if (h->o.verbose)
        log_request(h, method, url, hdrs);
    return hdrs;
}

/* Milliseconds to wait after a 429 or an exhausted budget, from the headers. */
static int64_t rate_wait_ms(const struct exchange *x)
{
    if (x->retry_after >= 0)
        return x->retry_after * 1000;
    if (x->reset >= 0) {
        if (x->reset > 1000000000) { /* absolute Unix time (Intercom, Freshdesk) */
            int64_t d = (x->reset - (int64_t)time(NULL)) * 1000;
            return d > 0 ? d : 1000;
        }
        return x->reset * 1000; /* seconds from now (Zendesk ratelimit-reset) */
    }
    return -1;
}

/* Resolve a (possibly relative) Location against the request URL. */
static char *resolve_url(const char *base, const char *loc)
{
    CURLU *u = curl_url();
    char *out = NULL, *r = NULL;
    if (curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_URL, loc, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_URL, &out, 0) == CURLUE_OK)
        r = xstrdup(out);
    curl_free(out);
    curl_url_cleanup(u);
    return r ? r : xstrdup(loc);
}

static bool curl_retryable(CURLcode c, bool idempotent)
{
    switch (c) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return true; /* nothing was sent */
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_BAD_CONTENT_ENCODING:
        return idempotent;
    default:
        return false;
    }
}

static int64_t backoff_ms(struct tt_http *h, int attempt)
{
    int64_t base = (int64_t)h->o.backoff_ms << (attempt < 16 ? attempt : 16);
    if (base > 30000)
        base = 30000;
    /* Full jitter in [base/2, base*3/2). */
    return base / 2 + (int64_t)(rand_r(&h->seed) % (base > 0 ? base : 1));
}

static int wait_for(struct tt_http *h, enum tt_http_wait why, int64_t ms, const char *detail)
{
    if (ms <= 0)
        return 0;
    if (h->o.on_wait)
        h->o.on_wait(h->o.ud, why, ms, detail);
    if (h->o.verbose)
        fprintf(stderr, "http: waiting %lld ms (%s)\n", (long long)ms, detail);
    return tt_http_sleep(ms, h->o.cancel);
}

static char *error_excerpt(const char *body)
{
    if (!body || !*body)
        return xstrdup("");
    char cut[201];
    snprintf(cut, sizeof cut, "%s", body);
    char *s = tt_sanitize(cut, 0);
    char *r = xasprintf(": %s", s);
    free(s);
    return r;
}

/* Fill resp->fail and err for a non-2xx answer that is final. */
static void classify_failure(const char *method, const char *url, long status,
                             struct tt_http_resp *resp, struct tt_err *err)
{
    char *ex = error_excerpt(resp->body);
    if (status == 401 || status == 403) {
        resp->fail = TT_HTTP_AUTH;
        tt_errf(err, "%s %s: HTTP %ld: authentication failed; check the account's token%s", method,
                url, status, ex);
    } else if (status == 429) {
        resp->fail = TT_HTTP_RATE;
        tt_errf(err, "%s %s: HTTP 429: rate limited beyond the longest wait allowed%s", method, url,
                ex);
    } else if (status >= 500) {
        resp->fail = TT_HTTP_SERVER;
        tt_errf(err, "%s %s: HTTP %ld (after %d attempt%s)%s", method, url, status, resp->attempts,
                resp->attempts == 1 ? "" : "s", ex);
    } else {
        resp->fail = TT_HTTP_CLIENT;
        tt_errf(err, "%s %s: HTTP %ld%s", method, url, status, ex);
    }
    free(ex);
}

int tt_http_request(struct tt_http *h, const char *method, const char *target, const char *body,
                    struct tt_http_resp *resp, struct tt_err *err)
{
    memset(resp, 0, sizeof *resp);
    char *url;
    if (target[0] == '/') {
        url = xasprintf("%s%s", h->base_url, target);
    } else if (tt_http_same_origin(h, target)) {
        url = xstrdup(target);
    } else {
        resp->fail = h->last_fail = TT_HTTP_REFUSED;
        resp->body = xstrdup("");
        char *s = tt_sanitize(target, 0);
        tt_errf(err,
                "refusing to send the account's credential to %s: not on the account's base URL "
                "%s",
                s, h->base_url);
        free(s);
        return -1;
    }
    bool idempotent = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    int net_tries = 0, rate_tries = 0, redirects = 0;
    int rc = -1;
    for (;;) {
        if (is_cancelled(h->o.cancel)) {
            resp->fail = TT_HTTP_REFUSED;
            tt_errf(err, "%s %s: cancelled", method, url);
            break;
        }
        /* Budgets: the account's own, then the provider's remaining count. */
        int64_t now = mono_ms();
        if (h->o.budget_per_minute > 0 && h->last_request_ms) {
            int64_t gap = 60000 / h->o.budget_per_minute;
            int64_t due = h->last_request_ms + gap;
            if (due > now && wait_for(h, TT_WAIT_BUDGET, due - now, "request budget") < 0)
                continue;
        }
        if (h->remaining == 0 && h->reset_ms > mono_ms()) {
            if (wait_for(h, TT_WAIT_RATE_LIMIT, h->reset_ms - mono_ms(),
                         "provider rate limit exhausted") < 0)
                continue;
            h->remaining = -1;
        }

        struct exchange x = {.retry_after = -1, .remaining = -1, .reset = -1};
        CURL *c = h->curl;
        struct curl_slist *hdrs = setup_easy(h, c, method, url, body, &x);
        int64_t t0 = mono_ms();
        h->last_request_ms = t0;
        h->requests++;
        resp->attempts++;
        CURLcode cc = curl_easy_perform(c);
        curl_slist_free_all(hdrs);
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        if (h->o.verbose)
            fprintf(stderr, "http: < %ld %zu bytes %lld ms%s%s\n", status, x.body.len,
                    (long long)(mono_ms() - t0), cc ? " error: " : "",
                    cc ? curl_easy_strerror(cc) : "");
        if (x.remaining >= 0) {
            h->remaining = x.remaining;
            int64_t w = rate_wait_ms(&x);
            h->reset_ms = w > 0 ? mono_ms() + w : mono_ms() + 1000;
        }

        if (cc != CURLE_OK && is_cancelled(h->o.cancel)) {
            resp->fail = TT_HTTP_REFUSED;
            tt_buf_free(&x.body);
            free(x.location);
            tt_errf(err, "%s %s: cancelled", method, url);
            break;
        }
        if (cc != CURLE_OK) {
            bool again = curl_retryable(cc, idempotent) && net_tries < h->o.max_retries;
            if (again) {
                char d[200];
                snprintf(d, sizeof d, "retrying after network error: %s", curl_easy_strerror(cc));
                int64_t w = backoff_ms(h, net_tries++);
                tt_buf_free(&x.body);
                free(x.location);
                if (wait_for(h, TT_WAIT_RETRY, w, d) < 0)
                    continue;
                continue;
            }
            resp->fail = TT_HTTP_NETWORK;
            resp->body = tt_buf_steal(&x.body);
            tt_errf(err, "%s %s: %s (after %d attempt%s)", method, url, curl_easy_strerror(cc),
                    resp->attempts, resp->attempts == 1 ? "" : "s");
            free(x.location);
            break;
        }
        resp->status = status;
        if (status >= 300 && status < 400 && x.location) {
            char *next = resolve_url(url, x.location);
            if (!tt_http_same_origin(h, next) || redirects >= 5) {
                resp->fail = TT_HTTP_REFUSED;
                char *s = tt_sanitize(next, 0);
                tt_errf(err,
                        "%s %s: redirected to %s, which is not the account's base URL; the "
                        "credential was not sent there",
                        method, url, s);
                free(s);
                free(next);
                free(x.location);
                resp->body = tt_buf_steal(&x.body);
                break;
            }
            free(url);
            url = next;
            redirects++;
            free(x.location);
            tt_buf_free(&x.body);
            continue;
        }
        free(x.location);
        if (status == 429 && rate_tries < 10) {
            int64_t w = rate_wait_ms(&x);
            if (w < 0)
                w = backoff_ms(h, rate_tries);
            if (w <= (int64_t)h->o.max_wait_seconds * 1000) {
                rate_tries++;
                tt_buf_free(&x.body);
                char d[64];
                snprintf(d, sizeof d, "rate limited (429), waiting %llds",
                         (long long)((w + 999) / 1000));
                wait_for(h, TT_WAIT_RATE_LIMIT, w, d);
                h->remaining = -1;
                continue;
            }
        }
        if (status >= 500 && idempotent && net_tries < h->o.max_retries) {
            char d[64];
            snprintf(d, sizeof d, "retrying after HTTP %ld", status);
            int64_t w = backoff_ms(h, net_tries++);
            tt_buf_free(&x.body);
            wait_for(h, TT_WAIT_RETRY, w, d);
            continue;
        }
        resp->body = x.body.data ? tt_buf_steal(&x.body) : xstrdup("");
        resp->len = strlen(resp->body);
        if (status >= 200 && status < 300) {
            resp->fail = TT_HTTP_OK;
            rc = 0;
            break;
        }
        classify_failure(method, url, status, resp, err);
        break;
    }
    if (!resp->body)
        resp->body = xstrdup("");
    resp->len = strlen(resp->body);
    h->last_fail = resp->fail;
    free(url);
    return rc;
}

/* ---- concurrent reads -------------------------------------------------------- */

struct slot {
    CURL *c;
    struct exchange x;
    struct curl_slist *hdrs;
    char *url;
    size_t idx;
    bool busy;
};

static void slot_release(struct tt_http *h, struct slot *sl)
{
    if (sl->busy)
        curl_multi_remove_handle(h->multi, sl->c);
    curl_slist_free_all(sl->hdrs);
    tt_buf_free(&sl->x.body);
    free(sl->x.location);
    free(sl->url);
    sl->hdrs = NULL;
    sl->x.location = NULL;
    sl->url = NULL;
    sl->busy = false;
}

int tt_http_get_many(struct tt_http *h, const char *const *paths, size_t n, int parallel,
                     tt_http_many_fn done, void *ud, struct tt_err *err)
{
    if (parallel > TT_HTTP_MAX_PARALLEL)
        parallel = TT_HTTP_MAX_PARALLEL;
    /* Serial when asked, or when the account paces its own requests. */
    if (parallel < 2 || n < 2 || h->o.budget_per_minute > 0) {
        for (size_t i = 0; i < n; i++) {
            struct tt_http_resp r;
            struct tt_err e;
            tt_err_clear(&e);
            int rc = tt_http_request(h, "GET", paths[i], NULL, &r, &e);
            rc = done(ud, i, rc, &r, &e);
            tt_http_resp_clear(&r);
            if (rc < 0)
                return tt_errf(err, "%s", e.msg);
        }
        return 0;
    }
    if (!h->multi) {
        h->multi = curl_multi_init();
        if (!h->multi)
            return tt_errf(err, "libcurl could not start");
        curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)parallel);
    }
    struct slot sl[TT_HTTP_MAX_PARALLEL];
    memset(sl, 0, sizeof sl);
    for (int i = 0; i < parallel; i++) {
        if (!h->slots[i])
            h->slots[i] = curl_easy_init();
        sl[i].c = h->slots[i];
    }
    size_t next = 0;
    int in_flight = 0, rc = 0;
    while (rc == 0 && (next < n || in_flight)) {
        if (is_cancelled(h->o.cancel)) {
            rc = tt_errf(err, "cancelled");
            break;
        }
        if (h->remaining == 0 && h->reset_ms > mono_ms() && in_flight == 0) {
            if (wait_for(h, TT_WAIT_RATE_LIMIT, h->reset_ms - mono_ms(),
                         "provider rate limit exhausted") < 0)
                continue;
            h->remaining = -1;
        }
        for (int i = 0; i < parallel && next < n && h->remaining != 0; i++) {
            if (sl[i].busy)
                continue;
            sl[i].x = (struct exchange){.retry_after = -1, .remaining = -1, .reset = -1};
            sl[i].idx = next;
            sl[i].url = xasprintf("%s%s", h->base_url, paths[next++]);
            sl[i].hdrs = setup_easy(h, sl[i].c, "GET", sl[i].url, NULL, &sl[i].x);
            curl_easy_setopt(sl[i].c, CURLOPT_PRIVATE, &sl[i]);
            curl_multi_add_handle(h->multi, sl[i].c);
            sl[i].busy = true;
            in_flight++;
            h->requests++;
            h->last_request_ms = mono_ms();
        }
        int running = 0;
        curl_multi_perform(h->multi, &running);
        CURLMsg *m;
        int q;
        while (rc == 0 && (m = curl_multi_info_read(h->multi, &q))) {
            if (m->msg != CURLMSG_DONE)
                continue;
            struct slot *s = NULL;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&s);
            CURLcode cc = m->data.result;
            long status = 0;
            curl_easy_getinfo(s->c, CURLINFO_RESPONSE_CODE, &status);
            if (h->o.verbose)
                fprintf(stderr, "http: < %ld %zu bytes (concurrent)%s%s\n", status, s->x.body.len,
                        cc ? " error: " : "", cc ? curl_easy_strerror(cc) : "");
            if (s->x.remaining >= 0) {
                h->remaining = s->x.remaining;
                int64_t w = rate_wait_ms(&s->x);
                h->reset_ms = w > 0 ? mono_ms() + w : mono_ms() + 1000;
            }
            size_t idx = s->idx;
            struct tt_http_resp r = {0};
            struct tt_err e;
            tt_err_clear(&e);
            int drc;
            if (cc == CURLE_OK && status >= 200 && status < 300) {
                r.status = status;
                r.body = s->x.body.data ? tt_buf_steal(&s->x.body) : xstrdup("");
                r.len = strlen(r.body);
                r.attempts = 1;
                h->last_fail = TT_HTTP_OK;
                slot_release(h, s);
                in_flight--;
                drc = done(ud, idx, 0, &r, &e);
            } else if (cc == CURLE_OK && status >= 400 && status < 500 && status != 429) {
                /* A final answer (401, 404, 422...): no point asking again. */
                r.status = status;
                r.body = s->x.body.data ? tt_buf_steal(&s->x.body) : xstrdup("");
                r.len = strlen(r.body);
                r.attempts = 1;
                classify_failure("GET", s->url, status, &r, &e);
                h->last_fail = r.fail;
                slot_release(h, s);
                in_flight--;
                drc = done(ud, idx, -1, &r, &e);
            } else {
                /* Anything else takes the careful road: retries, waits, errors. */
                slot_release(h, s);
                in_flight--;
                int xrc = tt_http_request(h, "GET", paths[idx], NULL, &r, &e);
                drc = done(ud, idx, xrc, &r, &e);
            }
            tt_http_resp_clear(&r);
            if (drc < 0)
                rc = tt_errf(err, "%s", e.msg);
        }
        if (rc == 0 && in_flight)
            curl_multi_poll(h->multi, NULL, 0, 100, NULL);
    }
    for (int i = 0; i < parallel; i++)
        if (sl[i].busy || sl[i].url)
            slot_release(h, &sl[i]);
    return rc;
}

/* ---- helpers ------------------------------------------------------------- */

char *tt_base64(const char *data, size_t len)
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *d = (const unsigned char *)data;
    char *out = xmalloc(4 * ((len + 2) / 3) + 1), *o = out;
    size_t i = 0;
    for (; i + 2 < len; i += 3) {
        *o++ = tbl[d[i] >> 2];
        *o++ = tbl[((d[i] & 3) << 4) | (d[i + 1] >> 4)];
        *o++ = tbl[((d[i + 1] & 15) << 2) | (d[i + 2] >> 6)];
        *o++ = tbl[d[i + 2] & 63];
    }
    if (i < len) {
        *o++ = tbl[d[i] >> 2];
        if (i + 1 < len) {
            *o++ = tbl[((d[i] & 3) << 4) | (d[i + 1] >> 4)];
            *o++ = tbl[(d[i + 1] & 15) << 2];
        } else {
            *o++ = tbl[(d[i] & 3) << 4];
            *o++ = '=';
        }
        *o++ = '=';
    }
    *o = '\0';
    return out;
}

char *tt_url_escape(const char *s)
{
    struct tt_buf b = {0};
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~')
            tt_buf_putc(&b, (char)*p);
        else
            tt_buf_printf(&b, "%%%02X", *p);
    }
    return tt_buf_steal(&b);
}
