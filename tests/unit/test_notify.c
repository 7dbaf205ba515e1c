/*
 * test_notify.c: webhook and SMTP delivery against the loopback receivers in
 * tests/support/notify_sinks.c (real HTTP and real SMTP through libcurl).
 */
#include <stdlib.h>
#include <string.h>

#include "notify_sinks.h"
#include "testutil.h"
#include "ticketty/notify.h"
#include "ticketty/util.h"

static void test_payload_table(void **state)
{
    static const struct {
        struct tt_notice n;
        const char *want;
    } cases[] = {
        {{"SLA breach #12", "first reply overdue", "breach"},
         "{\"text\":\"[breach] *SLA breach #12*\\nfirst reply "
         "overdue\",\"username\":\"ticketty\"}"},
        {{"quote \" and \\ slash", NULL, NULL},
         "{\"text\":\"*quote \\\" and \\\\ slash*\",\"username\":\"ticketty\"}"},
        {{"ctl\x01", "tab\there", ""},
         "{\"text\":\"*ctl\\u0001*\\ntab\\there\",\"username\":\"ticketty\"}"},
        {{"中文 ✓", "", NULL}, "{\"text\":\"*中文 ✓*\",\"username\":\"ticketty\"}"},
        {{"Jos\xe9", NULL, NULL}, "{\"text\":\"*Jos\xef\xbf\xbd*\",\"username\":\"ticketty\"}"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char *got = tt_notify_webhook_payload(&cases[i].n);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got %s", i, got);
        free(got);
    }
}

static void test_dest_valid(void **state)
{
    static const struct {
        const char *dest;
        bool ok;
    } cases[] = {
        {"webhook", true},
        {"https://hooks.slack.com/services/T/B/X", true},
        {"http://127.0.0.1:9/x", true},
        {"oncall@example.com", true},
        {"mailto:lead@example.com", true},
        {"a@example.com, b@example.com", true},
        {"", false},
        {NULL, false},
        {"nobody", false},
        {"a@b@c", false},
        {"evil@example.com\r\nBcc: x@y", false},
        {"<a@example.com>", false},
        {"ftp://example.com", false},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++)
        if (tt_notify_dest_valid(cases[i].dest) != cases[i].ok)
            fail_msg("case %zu (%s)", i, cases[i].dest ? cases[i].dest : "NULL");
}

static void test_webhook_delivery(void **state)
{
    struct tu_webhook *w = tu_webhook_start(200);
    struct tt_notify_config nc = {.webhook_url = tu_webhook_url(w), .timeout_seconds = 10};
    struct tt_notice n = {"SLA warning: ticket 7", "next reply due in 10 minutes", "warning"};
    struct tt_err err;
    if (tt_notify_send(&nc, "webhook", &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(tu_webhook_count(w), 1);
    char *body = tu_webhook_body(w, 0), *want = tt_notify_webhook_payload(&n);
    assert_string_equal(body, want);
    free(body);
    free(want);
    /* an explicit URL destination */
    if (tt_notify_send(&nc, tu_webhook_url(w), &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(tu_webhook_count(w), 2);
    tu_webhook_stop(w);
}

static void test_webhook_failures(void **state)
{
    struct tu_webhook *w = tu_webhook_start(500);
    struct tt_notify_config nc = {.webhook_url = tu_webhook_url(w), .timeout_seconds = 10};
    struct tt_notice n = {"t", "x", NULL};
    struct tt_err err;
    assert_int_equal(tt_notify_webhook(&nc, NULL, &n, &err), -1);
    assert_non_null(strstr(err.msg, "HTTP 500"));
    /* scheme://host:port/... only: the path of a webhook URL is its secret */
    char *origin =
        xasprintf("%.*s/\xe2\x80\xa6", (int)(strrchr(tu_webhook_url(w), '/') - tu_webhook_url(w)),
                  tu_webhook_url(w));
    assert_non_null(strstr(err.msg, origin));
    assert_null(strstr(err.msg, "/hook"));
    free(origin);
    char *url = xstrdup(tu_webhook_url(w));
    tu_webhook_stop(w);
    /* nobody listening any more; credentials in the URL are not shown */
    char *cred = xasprintf("http://user:s3cret@%s", url + 7);
    assert_int_equal(tt_notify_webhook(&nc, cred, &n, &err), -1);
    assert_null(strstr(err.msg, "s3cret"));
    assert_non_null(strstr(err.msg, "***@127.0.0.1"));
    free(cred);
    free(url);
    struct tt_notify_config none = {0};
    assert_int_equal(tt_notify_send(&none, "webhook", &n, &err), -1);
    assert_non_null(strstr(err.msg, "notify.webhook_url"));
}

static void test_redact_table(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"https://hooks.slack.com/services/T1/B2/SECRET", "https://hooks.slack.com/\xe2\x80\xa6"},
        {"https://discord.com/api/webhooks/1/SECRET?wait=true", "https://discord.com/\xe2\x80\xa6"},
        {"https://example.com?token=SECRET", "https://example.com/\xe2\x80\xa6"},
        {"http://u:SECRET@127.0.0.1:8080/x", "http://***@127.0.0.1:8080/\xe2\x80\xa6"},
        {"smtp://u:SECRET@mail.example.com:587", "smtp://***@mail.example.com:587"},
        {"smtps://mail.example.com", "smtps://mail.example.com"},
        {"lead@example.com", "lead@example.com"},
        {"webhook", "webhook"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char *got = tt_notify_redact(cases[i].in);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got %s", i, got);
        free(got);
    }
}

/* A Slack-style webhook keeps its secret in the path: no delivery error,
 * whatever the failure, may contain it. */
static void test_webhook_secret_not_in_errors(void **state)
{
    struct tu_webhook *w = tu_webhook_start(404);
    const char *base = tu_webhook_url(w); /* http://127.0.0.1:PORT/hook */
    char *url = xasprintf("%.*s/services/T1/B2/SECRET", (int)(strrchr(base, '/') - base), base);
    struct tt_notify_config nc = {.webhook_url = url, .timeout_seconds = 10};
    struct tt_notice n = {"t", "x", NULL};
    struct tt_err err;
    assert_int_equal(tt_notify_send(&nc, "webhook", &n, &err), -1);
    assert_non_null(strstr(err.msg, "HTTP 404"));
    assert_null(strstr(err.msg, "SECRET"));
    assert_null(strstr(err.msg, "services"));
    assert_int_equal(tt_notify_send(&nc, url, &n, &err), -1);
    assert_null(strstr(err.msg, "SECRET"));
    tu_webhook_stop(w);
    /* connection refused */
    assert_int_equal(tt_notify_send(&nc, url, &n, &err), -1);
    assert_non_null(strstr(err.msg, "127.0.0.1"));
    assert_null(strstr(err.msg, "SECRET"));
    free(url);
}

/* AUTH to a remote server never goes in clear: tls none is refused before any
 * connection is made (192.0.2.1 is TEST-NET-1, never reached). */
static void test_smtp_auth_requires_tls(void **state)
{
    struct tt_notify_config nc = {.smtp_url = "smtp://192.0.2.1:587",
                                  .smtp_from = "a@example.com",
                                  .smtp_user = "bot",
                                  .smtp_password = "SECRET",
                                  .tls = TT_NOTIFY_TLS_NONE,
                                  .timeout_seconds = 1};
    struct tt_notice n = {"t", "x", NULL};
    struct tt_err err;
    assert_int_equal(tt_notify_email(&nc, "b@example.com", &n, &err), -1);
    assert_non_null(strstr(err.msg, "in clear"));
    assert_non_null(strstr(err.msg, "notify.smtp.tls"));
    assert_null(strstr(err.msg, "SECRET"));
    /* on loopback (a local relay) the user is allowed without TLS */
    struct tu_smtp *s = tu_smtp_start();
    nc.smtp_url = tu_smtp_url(s);
    nc.smtp_user = NULL;
    nc.timeout_seconds = 10;
    if (tt_notify_email(&nc, "b@example.com", &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(tu_smtp_count(s), 1);
    tu_smtp_stop(s);
}

static void test_smtp_delivery(void **state)
{
    struct tu_smtp *s = tu_smtp_start();
    struct tt_notify_config nc = {.smtp_url = tu_smtp_url(s),
                                  .smtp_from = "sla@ticketty.example",
                                  .tls = TT_NOTIFY_TLS_NONE,
                                  .timeout_seconds = 10};
    struct tt_notice n = {"Breach on #42\r\nBcc: victim@example.com",
                          "First reply is overdue.\n.dot line stays\nbye", "breach"};
    struct tt_err err;
    if (tt_notify_send(&nc, "lead@example.com, group-l2@example.com", &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(tu_smtp_count(s), 1);
    char *m = tu_smtp_message(s, 0);
    assert_non_null(strstr(m, "MAIL FROM:<sla@ticketty.example>"));
    assert_non_null(strstr(m, "RCPT TO:<lead@example.com>"));
    assert_non_null(strstr(m, "RCPT TO:<group-l2@example.com>"));
    assert_non_null(strstr(m, "To: lead@example.com, group-l2@example.com\n"));
    /* the injected header stays inside the subject line */
    assert_non_null(strstr(m, "Subject: [breach] Breach on #42  Bcc: victim@example.com\n"));
    assert_null(strstr(m, "\nBcc:"));
    assert_non_null(strstr(m, "Content-Type: text/plain; charset=utf-8"));
    assert_non_null(strstr(m, "\n\nFirst reply is overdue.\n.dot line stays\nbye\n"));
    free(m);
    /* non-ASCII subjects are encoded words */
    struct tt_notice u = {"客户 waiting", "body", NULL};
    if (tt_notify_email(&nc, "mailto:lead@example.com", &u, &err) < 0)
        fail_msg("%s", err.msg);
    m = tu_smtp_message(s, 1);
    assert_non_null(strstr(m, "Subject: =?UTF-8?B?5a6i5oi3IHdhaXRpbmc=?="));
    free(m);
    assert_int_equal(tt_notify_email(&nc, "not-an-address", &u, &err), -1);
    assert_non_null(strstr(err.msg, "not-an-address"));
    assert_int_equal(tu_smtp_count(s), 2);
    tu_smtp_stop(s);
}

static void test_smtp_unreachable(void **state)
{
    struct tu_smtp *s = tu_smtp_start();
    char *url = xstrdup(tu_smtp_url(s));
    tu_smtp_stop(s);
    struct tt_notify_config nc = {
        .smtp_url = url, .smtp_from = "a@example.com", .timeout_seconds = 5};
    struct tt_notice n = {"t", "x", NULL};
    struct tt_err err;
    assert_int_equal(tt_notify_email(&nc, "b@example.com", &n, &err), -1);
    assert_non_null(strstr(err.msg, url));
    free(url);
    struct tt_notify_config none = {.smtp_from = "a@example.com"};
    assert_int_equal(tt_notify_email(&none, "b@example.com", &n, &err), -1);
    assert_non_null(strstr(err.msg, "notify.smtp.url"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_payload_table),
        cmocka_unit_test(test_dest_valid),
        cmocka_unit_test(test_webhook_delivery),
        cmocka_unit_test(test_webhook_failures),
        cmocka_unit_test(test_smtp_delivery),
        cmocka_unit_test(test_smtp_unreachable),
        cmocka_unit_test(test_redact_table),
        cmocka_unit_test(test_webhook_secret_not_in_errors),
        cmocka_unit_test(test_smtp_auth_requires_tls),
    };
    return cmocka_run_group_tests_name("notify", tests, NULL, NULL);
}
