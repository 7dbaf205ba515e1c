/*
 * test_sync_http.c: the net layer against fake servers on loopback: retries,
 * rate limits, budgets, credentials kept on the account's origin, redaction.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fakesrv.h"
#include "testutil.h"
#include "ticketty/http.h"
#include "ticketty/util.h"

static char *redirect_to; /* for the redirecting handler */

static void ok_handler(void *ud, const struct fs_request *rq, struct fs_response *rs)
{
    (void)ud;
    if (redirect_to && !strcmp(rq->path, "/redirect")) {
        rs->status = 302;
        fs_response_header(rs, "Location: %s", redirect_to);
        return;
    }
    if (!strcmp(rq->path, "/last-of-budget")) { /* Intercom-style: reset is a Unix time */
        fs_response_header(rs, "X-RateLimit-Remaining: 0");
        fs_response_header(rs, "X-RateLimit-Reset: %lld", (long long)time(NULL) + 1);
    }
    if (!strcmp(rq->path, "/local-redirect")) {
        rs->status = 301;
        fs_response_header(rs, "Location: /hello");
        return;
    }
    rs->body = xasprintf("{\"path\":\"%s\",\"method\":\"%s\",\"auth\":%s}", rq->path, rq->method,
                         rq->auth ? "true" : "false");
}

struct waits {
    int n[3];
};

static void on_wait(void *ud, enum tt_http_wait why, int64_t ms, const char *detail)
{
    (void)ms;
    (void)detail;
    ((struct waits *)ud)->n[why]++;
}

static struct tt_http *client(struct fakesrv *s, struct waits *w, int budget)
{
    struct tt_http_opts o = {.base_url = fs_url(s),
                             .backoff_ms = 5,
                             .budget_per_minute = budget,
                             .on_wait = on_wait,
                             .ud = w};
    struct tt_err err;
    struct tt_http *h = tt_http_new(&o, &err);
    if (!h)
        fail_msg("%s", err.msg);
    tt_http_set_auth(h, "Bearer TOPSECRET");
    return h;
}

static void test_get_and_headers(void **state)
{
    (void)state;
    struct fakesrv *s = fs_start(0, ok_handler, NULL);
    struct waits w = {0};
    struct tt_http *h = client(s, &w, 0);
    struct tt_http_resp r;
    struct tt_err err;
    assert_int_equal(tt_http_request(h, "GET", "/hello?x=1", NULL, &r, &err), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"path\":\"/hello\",\"method\":\"GET\",\"auth\":true}");
    tt_http_resp_clear(&r);
    /* a full URL on the same origin is fine, a same-origin redirect is followed */
    char *url = xasprintf("%s/again", fs_url(s));
    assert_int_equal(tt_http_request(h, "GET", url, NULL, &r, &err), 0);
    tt_http_resp_clear(&r);
    free(url);
    assert_int_equal(tt_http_request(h, "GET", "/local-redirect", NULL, &r, &err), 0);
    assert_non_null(strstr(r.body, "/hello"));
    tt_http_resp_clear(&r);
    assert_int_equal(tt_http_requests(h), 4);
    tt_http_free(h);
    fs_stop(s);
}

/* Echo the Authorization header the server saw. */
static void auth_echo(void *ud, const struct fs_request *rq, struct fs_response *rs)
{
    (void)ud;
    rs->body = xstrdup(rq->auth ? rq->auth : "(none)");
}

/* The drivers' two credential forms, as the server receives them. */
static void test_basic_and_bearer_auth(void **state)
{
    (void)state;
    struct fakesrv *s = fs_start(0, auth_echo, NULL);
    struct tt_http_opts o = {.base_url = fs_url(s), .backoff_ms = 5};
    struct tt_err err;
    struct tt_http *h = tt_http_new(&o, &err);
    if (!h)
        fail_msg("%s", err.msg);
    struct tt_http_resp r;
    /* Zendesk's API-token form: "agent@example.com/token:s3cret" */
    tt_http_set_basic_auth(h, "agent@example.com/token", "s3cret");
    assert_int_equal(tt_http_request(h, "GET", "/x", NULL, &r, &err), 0);
    assert_string_equal(r.body, "Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46czNjcmV0");
    tt_http_resp_clear(&r);
    tt_http_set_bearer_auth(h, "tok-123");
    assert_int_equal(tt_http_request(h, "GET", "/x", NULL, &r, &err), 0);
    assert_string_equal(r.body, "Bearer tok-123");
    tt_http_resp_clear(&r);
    tt_http_free(h);
    fs_stop(s);
}

static void test_retries_5xx_and_drops(void **state)
{
    (void)state;
    struct fakesrv *s = fs_start(0, ok_handler, NULL);
    fs_fault(s, "/a", 0, FS_500, 2);
    fs_fault(s, "/b", 0, FS_DROP, 1);
    struct waits w = {0};
    struct tt_http *h = client(s, &w, 0);
    struct tt_http_resp r;
    struct tt_err err;
    assert_int_equal(tt_http_request(h, "GET", "/a", NULL, &r, &err), 0);
    assert_int_equal(r.attempts, 3);
    tt_http_resp_clear(&r);
    assert_int_equal(tt_http_request(h, "GET", "/b", NULL, &r, &err), 0);
    assert_int_equal(r.attempts, 2);
    tt_http_resp_clear(&r);
    assert_int_equal(w.n[TT_WAIT_RETRY], 3);
    /* exhausted retries: a clear error with the URL and status */
    fs_fault(s, "/c", 0, FS_500, 100);
    assert_int_equal(tt_http_request(h, "GET", "/c", NULL, &r, &err), -1);
    assert_int_equal(r.fail, TT_HTTP_SERVER);
    assert_int_equal(r.attempts, 6);
    assert_non_null(strstr(err.msg, "/c: HTTP 500"));
    tt_http_resp_clear(&r);
    /* non-idempotent writes are not retried after the server saw them */
    fs_fault(s, "/post", 0, FS_500, 1);
    assert_int_equal(tt_http_request(h, "POST", "/post", "{}", &r, &err), -1);
    assert_int_equal(r.attempts, 1);
    tt_http_resp_clear(&r);
    tt_http_free(h);
    fs_stop(s);
}

static void test_429_waits_retry_after(void **state)
{
    (void)state;
    struct fakesrv *s = fs_start(0, ok_handler, NULL);
    fs_fault(s, "/limited", 0, FS_429, 1);
    struct waits w = {0};
    struct tt_http *h = client(s, &w, 0);
    struct tt_http_resp r;
    struct tt_err err;
    assert_int_equal(tt_http_request(h, "PUT", "/limited", "{}", &r, &err), 0);
    assert_int_equal(r.attempts, 2);
    assert_int_equal(w.n[TT_WAIT_RATE_LIMIT], 1);
    tt_http_resp_clear(&r);
    tt_http_free(h);
    fs_stop(s);
}

static void test_exhausted_budget_pauses(void **state)
{
    (void)state;
    struct fakesrv *s = fs_start(0, ok_handler, NULL);
    struct waits w = {0};
    struct tt_http *h = client(s, &w, 0);
    struct tt_http_resp r;
    struct tt_err err;
    assert_int_equal(tt_http_request(h, "GET", "/last-of-budget", NULL, &r, &err), 0);
    tt_http_resp_clear(&r);
    assert_int_equal(w.n[TT_WAIT_RATE_LIMIT], 0);
    /* the provider said 0 remaining until the reset: the next request waits first */
    assert_int_equal(tt_http_request(h, "GET", "/x", NULL, &r, &err), 0);
    tt_http_resp_clear(&r);
    assert_int_equal(w.n[TT_WAIT_RATE_LIMIT], 1);
    tt_http_free(h);
    fs_stop(s);
}

static void test_401_is_not_retried(void **state)
{
    (void)state;
    struct fakesrv *s = fs_start(0, ok_handler, NULL);
    fs_fault(s, "/", 0, FS_401, 1);
    struct waits w = {0};
    struct tt_http *h = client(s, &w, 0);
    struct tt_http_resp r;
    struct tt_err err;
    assert_int_equal(tt_http_request(h, "GET", "/x", NULL, &r, &err), -1);
    assert_int_equal(r.fail, TT_HTTP_AUTH);
    assert_int_equal(tt_http_last_fail(h), TT_HTTP_AUTH);
    assert_int_equal(fs_requests(s), 1);
    assert_null(strstr(err.msg, "TOPSECRET"));
    tt_http_resp_clear(&r);
    tt_http_free(h);
    fs_stop(s);
}

static void test_budget_spaces_requests(void **state)
{
    (void)state;
    struct fakesrv *s = fs_start(0, ok_handler, NULL);
    struct waits w = {0};
    struct tt_http *h = client(s, &w, 1200); /* one request per 50 ms */
    struct tt_http_resp r;
    struct tt_err err;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(tt_http_request(h, "GET", "/x", NULL, &r, &err), 0);
        tt_http_resp_clear(&r);
    }
    assert_true(w.n[TT_WAIT_BUDGET] >= 1);
    tt_http_free(h);
    fs_stop(s);
}

static void test_credential_stays_on_origin(void **state)
{
    (void)state;
    struct fakesrv *home = fs_start(0, ok_handler, NULL);
    struct fakesrv *evil = fs_start(0, ok_handler, NULL);
    struct waits w = {0};
    struct tt_http *h = client(home, &w, 0);
    struct tt_http_resp r;
    struct tt_err err;
    char *url = xasprintf("%s/steal", fs_url(evil));
    assert_int_equal(tt_http_request(h, "GET", url, NULL, &r, &err), -1);
    assert_int_equal(r.fail, TT_HTTP_REFUSED);
    assert_non_null(strstr(err.msg, "refusing to send the account's credential"));
    tt_http_resp_clear(&r);
    /* a redirect to the other host is refused too */
    redirect_to = url;
    assert_int_equal(tt_http_request(h, "GET", "/redirect", NULL, &r, &err), -1);
    assert_non_null(strstr(err.msg, "not the account's base URL"));
    tt_http_resp_clear(&r);
    redirect_to = NULL;
    assert_int_equal(fs_requests(evil), 0);
    free(url);
    tt_http_free(h);
    fs_stop(home);
    fs_stop(evil);
}

static void test_insecure_urls_refused(void **state)
{
    (void)state;
    struct tt_err err;
    struct tt_http_opts o = {.base_url = "http://example.com"};
    assert_null(tt_http_new(&o, &err));
    assert_non_null(strstr(err.msg, "only https"));
    o.base_url = "http://localhost:8080";
    struct tt_http *h = tt_http_new(&o, &err);
    assert_non_null(h);
    tt_http_free(h);
    o.base_url = "https://acme.zendesk.com";
    h = tt_http_new(&o, &err);
    assert_non_null(h);
    assert_true(tt_http_same_origin(h, "https://ACME.zendesk.com:443/api"));
    assert_false(tt_http_same_origin(h, "https://acme.zendesk.com.evil.io/api"));
    assert_false(tt_http_same_origin(h, "http://acme.zendesk.com/api"));
    assert_false(tt_http_same_origin(h, "https://acme.zendesk.com:8443/api"));
    tt_http_free(h);
}

static void test_verbose_log_redacts(void **state)
{
    (void)state;
    struct fakesrv *s = fs_start(0, ok_handler, NULL);
    char *dir = tu_tmpdir();
    char *log = xasprintf("%s/log", dir);
    fflush(stderr);
    int saved = dup(2);
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
    struct tt_http_opts o = {.base_url = fs_url(s), .verbose = true};
    struct tt_err err;
    struct tt_http *h = tt_http_new(&o, &err);
    tt_http_set_auth(h, "Bearer TOPSECRET");
    struct tt_http_resp r;
    int rc = tt_http_request(h, "GET", "/x", NULL, &r, &err);
    tt_http_resp_clear(&r);
    tt_http_free(h);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    assert_int_equal(rc, 0);
    char *text = tt_read_file(log, NULL, &err);
    assert_non_null(text);
    assert_non_null(strstr(text, "GET "));
    assert_non_null(strstr(text, "Authorization: [redacted]"));
    assert_null(strstr(text, "TOPSECRET"));
    free(text);
    free(log);
    tu_rmtree(dir);
    free(dir);
    fs_stop(s);
}

struct many {
    int seen[40];
    int failed;
    int stop_at; /* index whose completion aborts, -1 = none */
};

static int many_done(void *ud, size_t i, int rc, struct tt_http_resp *r, struct tt_err *err)
{
    struct many *m = ud;
    m->seen[i]++;
    if (rc < 0)
        m->failed++;
    else if (!strstr(r->body, "/p"))
        return tt_errf(err, "wrong body for %zu", i);
    if ((int)i == m->stop_at)
        return tt_errf(err, "stop at %zu", i);
    return 0;
}

static void test_get_many(void **state)
{
    (void)state;
    struct fakesrv *s = fs_start(0, ok_handler, NULL);
    fs_fault(s, "/p7", 0, FS_500, 1);  /* retried on the careful path */
    fs_fault(s, "/p9", 0, FS_DROP, 1); /* idem */
    fs_fault(s, "/p11", 0, FS_401, 1); /* reported to the callback */
    struct waits w = {0};
    struct tt_http *h = client(s, &w, 0);
    char *paths[40];
    for (int i = 0; i < 40; i++)
        paths[i] = xasprintf("/p%d", i);
    struct many m = {.stop_at = -1};
    struct tt_err err;
    assert_int_equal(tt_http_get_many(h, (const char *const *)paths, 40, 4, many_done, &m, &err),
                     0);
    for (int i = 0; i < 40; i++)
        assert_int_equal(m.seen[i], 1);
    assert_int_equal(m.failed, 1);
    /* a callback error stops the batch and is returned */
    struct many m2 = {.stop_at = 5};
    assert_int_equal(tt_http_get_many(h, (const char *const *)paths, 40, 4, many_done, &m2, &err),
                     -1);
    assert_non_null(strstr(err.msg, "stop at 5"));
    int total = 0;
    for (int i = 0; i < 40; i++)
        total += m2.seen[i];
    assert_true(total < 40);
    /* with a request budget it runs one at a time, still complete */
    struct tt_http *hb = client(s, &w, 60000);
    struct many m3 = {.stop_at = -1};
    assert_int_equal(tt_http_get_many(hb, (const char *const *)paths, 10, 4, many_done, &m3, &err),
                     0);
    for (int i = 0; i < 10; i++)
        assert_int_equal(m3.seen[i], 1);
    for (int i = 0; i < 40; i++)
        free(paths[i]);
    tt_http_free(hb);
    tt_http_free(h);
    fs_stop(s);
}

/* A request in flight ends when the client is cancelled from another thread,
 * even if the server never answers (the sync engine stops its fetch thread
 * so): the error says "cancelled", not a timeout. */
static void *cancel_soon(void *arg)
{
    struct timespec ts = {0, 300 * 1000000L};
    nanosleep(&ts, NULL);
    __atomic_store_n((volatile int *)arg, 1, __ATOMIC_RELEASE);
    return NULL;
}

static int pass_rc(void *ud, size_t i, int rc, struct tt_http_resp *r, struct tt_err *err)
{
    (void)ud;
    (void)i;
    (void)r;
    (void)err;
    return rc;
}

static void test_cancel_ends_a_request_in_flight(void **state)
{
    (void)state;
    /* a listening socket that never accepts: connections complete, no answer */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(fd, 4), 0);
    socklen_t alen = sizeof a;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    char *url = xasprintf("http://127.0.0.1:%d", ntohs(a.sin_port));
    volatile int cancel = 0;
    struct tt_http_opts o = {.base_url = url, .timeout_seconds = 60, .cancel = &cancel};
    struct tt_err err;
    struct tt_http *h = tt_http_new(&o, &err);
    assert_non_null(h);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, cancel_soon, (void *)&cancel), 0);
    struct tt_http_resp r;
    assert_int_equal(tt_http_request(h, "GET", "/slow", NULL, &r, &err), -1);
    pthread_join(th, NULL);
    assert_non_null(strstr(err.msg, "cancelled"));
    assert_int_equal(r.fail, TT_HTTP_REFUSED);
    tt_http_resp_clear(&r);
    /* and a batch the same way */
    cancel = 0;
    const char *paths[] = {"/a", "/b", "/c"};
    assert_int_equal(pthread_create(&th, NULL, cancel_soon, (void *)&cancel), 0);
    assert_int_equal(tt_http_get_many(h, paths, 3, 2, pass_rc, NULL, &err), -1);
    pthread_join(th, NULL);
    assert_non_null(strstr(err.msg, "cancelled"));
    tt_http_free(h);
    free(url);
    close(fd);
}

static void test_base64(void **state)
{
    (void)state;
    const struct {
        const char *in, *out;
    } cases[] = {{"", ""},
                 {"f", "Zg=="},
                 {"fo", "Zm8="},
                 {"foo", "Zm9v"},
                 {"a@b.c/token:T", "YUBiLmMvdG9rZW46VA=="}};
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char *b = tt_base64(cases[i].in, strlen(cases[i].in));
        assert_string_equal(b, cases[i].out);
        free(b);
    }
    char *e = tt_url_escape("a b/c=d&é");
    assert_string_equal(e, "a%20b%2Fc%3Dd%26%C3%A9");
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_and_headers),
        cmocka_unit_test(test_basic_and_bearer_auth),
        cmocka_unit_test(test_retries_5xx_and_drops),
        cmocka_unit_test(test_429_waits_retry_after),
        cmocka_unit_test(test_exhausted_budget_pauses),
        cmocka_unit_test(test_401_is_not_retried),
        cmocka_unit_test(test_budget_spaces_requests),
        cmocka_unit_test(test_credential_stays_on_origin),
        cmocka_unit_test(test_insecure_urls_refused),
        cmocka_unit_test(test_verbose_log_redacts),
        cmocka_unit_test(test_get_many),
        cmocka_unit_test(test_cancel_ends_a_request_in_flight),
        cmocka_unit_test(test_base64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
