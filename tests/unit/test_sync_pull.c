/*
 * test_sync_pull.c: the sync engine and the Zendesk driver against the fake
 * Zendesk on loopback, with faults: after each run the store must hold every
 * ticket exactly once, the right cursor, and a clear error when it failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync_fixture.h"
#include "testutil.h"
#include "ticketty/store_sync.h"
#include "ticketty/util.h"

#define N 240
#define C 3

static void assert_complete(struct zfx *f, int tickets, int comments_each)
{
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets"), tickets);
    assert_int_equal(zfx_sql(f, "SELECT count(DISTINCT external_id) FROM tickets"), tickets);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM ticket_events WHERE type = 'comment'"),
                     (long long)tickets * comments_each);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM (SELECT ticket_id, external_id FROM "
                                "ticket_events GROUP BY 1, 2 HAVING count(*) > 1)"),
                     0);
}

/* The saved pull cursor starts with prefix ("export|e:s40|": 40 tickets in). */
static void assert_cursor(struct zfx *f, const char *prefix)
{
    char *c = NULL;
    struct tt_err err;
    assert_int_equal(tt_store_sync_cursor(f->st, f->account_id, "pull", &c, &err), 0);
    if (!c || !tt_has_prefix(c, prefix))
        fail_msg("cursor %s, expected %s...", c ? c : "(none)", prefix);
    free(c);
}

static void test_full_pull_maps_everything(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(N, C, 100);
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_complete(f, N, C);
    assert_int_equal(s.tickets, N);
    assert_int_equal(s.pages, 7); /* 3 export pages of 100, deleted, orgs, 2 of users */
    assert_cursor(f, "export|e:s240|");
    /* status mapping (ticket i has status i % 6: new open pending hold solved closed) */
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets WHERE external_id = '3' AND "
                                "status = 'on_hold' AND raw_status = 'hold'"),
                     1);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets WHERE external_id = '6' AND "
                                "status = 'new'"),
                     1);
    /* priority null -> normal (i % 5 == 4) */
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets WHERE external_id = '4' AND "
                                "priority = 'normal'"),
                     1);
    /* merged: tickets 97 and 194 point at the next one */
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets WHERE merged_into IS NOT NULL"), 2);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets WHERE external_id = '97' AND "
                                "merged_into = '98'"),
                     1);
    /* authors and private notes: comment 2 is an agent's, comment 1 the customer's */
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM ticket_events WHERE external_id = '5001' "
                                "AND author_role = 'end_user' AND public = 1"),
                     1);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM ticket_events WHERE external_id = '6002' "
                                "AND author_role = 'agent' AND author = 'Agent Smith'"),
                     1);
    /* customers keyed ACCOUNT:ext with plan/MRR/CSM from organization_fields */
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM customers WHERE key = 'acme:500002' AND "
                                "plan = 'enterprise' AND mrr = 200 AND csm = 'csm@company.com'"),
                     1);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets t JOIN contacts c ON c.id = "
                                "t.requester_id JOIN customers o ON o.id = t.customer_id WHERE "
                                "t.external_id = '7' AND c.name = 'Customer 7' AND "
                                "o.name = 'Org 7 Inc'"),
                     1);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets t JOIN agents a ON a.id = "
                                "t.assignee_id WHERE t.external_id = '1'"),
                     1);
    /* first response from metric_sets (even tickets: 30 minutes) */
    assert_int_equal(zfx_sql(f, "SELECT first_response_at - created_at FROM tickets WHERE "
                                "external_id = '2'"),
                     1800);
    assert_int_equal(zfx_sql(f, "SELECT state FROM sync_status") != -1, 1);
    zfx_stop(f);
}

static void test_incremental_nothing_changed(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(50, 2, 0);
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    size_t before = fs_requests(f->srv);
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_int_equal(s.tickets, 0);
    /* export, deleted tickets, organisations, users: one request each */
    assert_int_equal(fs_requests(f->srv) - before, 4);
    assert_complete(f, 50, 2);
    zfx_stop(f);
}

static void test_incremental_changes_and_deletions(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(60, 2, 0);
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    fz_touch(f->z, 10, "Any news?");
    fz_touch(f->z, 10, "Hello??");
    fz_delete(f->z, 20);
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_int_equal(s.tickets, 1);
    assert_int_equal(s.deleted, 1);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets"), 60);
    assert_int_equal(zfx_sql(f, "SELECT deleted FROM tickets WHERE external_id = '20'"), 1);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM ticket_events e JOIN tickets t ON t.id = "
                                "e.ticket_id WHERE t.external_id = '10'"),
                     4);
    assert_cursor(f, "export|e:s63|");
    zfx_stop(f);
}

static void test_organisation_changes_without_tickets(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(40, 1, 0);
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM customers WHERE key = 'acme:500003' AND "
                                "plan = 'free'"),
                     1);
    fz_org_update(f->z, 3, "enterprise"); /* an upgrade, no ticket touched */
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_int_equal(s.tickets, 0);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM customers WHERE key = 'acme:500003' AND "
                                "plan = 'enterprise'"),
                     1);
    /* users not referenced by any ticket come too (agents without tickets) */
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM agents"), 5);
    zfx_stop(f);
}

static void test_rate_limit_429_is_waited_out(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(30, 2, 0);
    fs_fault(f->srv, "/api/v2/incremental", 0, FS_429, 1);
    fs_fault(f->srv, "/api/v2/tickets/7/comments", 0, FS_429, 1);
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_true(s.waits >= 2);
    assert_complete(f, 30, 2);
    zfx_stop(f);
}

static void test_server_errors_and_drops_are_retried(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(30, 2, 10);
    fs_fault(f->srv, "/api/v2/incremental", 1, FS_500, 2);
    fs_fault(f->srv, "/api/v2/incremental", 0, FS_DROP, 1);
    fs_fault(f->srv, "/api/v2/tickets/3/comments", 0, FS_DROP, 1);
    fs_fault(f->srv, "/api/v2/deleted_tickets", 0, FS_500, 1);
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_complete(f, 30, 2);
    zfx_stop(f);
}

static void test_truncated_json_fails_cleanly_then_resumes(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(30, 2, 10);
    /* second export page arrives cut in half (a complete HTTP response) */
    fs_fault(f->srv, "/api/v2/incremental", 1, FS_TRUNCATE, 1);
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), -1);
    assert_non_null(strstr(err.msg, "malformed JSON"));
    assert_non_null(strstr(err.msg, "acme"));
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets"), 10); /* first page only */
    assert_cursor(f, "export|e:s10|");
    assert_int_equal(zfx_sql(f, "SELECT state = 'error' FROM sync_status"), 1);
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_complete(f, 30, 2);
    zfx_stop(f);
}

static void test_malformed_comments_fail_the_page(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(30, 2, 10);
    fs_fault(f->srv, "/api/v2/tickets/15/comments", 0, FS_MALFORMED, 1);
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), -1);
    assert_non_null(strstr(err.msg, "comments of ticket 15"));
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets"), 10); /* page 2 not stored */
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_complete(f, 30, 2);
    zfx_stop(f);
}

static void test_auth_failure_is_reported(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(10, 1, 0);
    setenv("TT_TEST_ZD_TOKEN", "wrong-token", 1);
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), -1);
    assert_int_equal(s.fail, TT_HTTP_AUTH);
    assert_non_null(strstr(err.msg, "HTTP 401"));
    assert_null(strstr(err.msg, "wrong-token"));
    assert_int_equal(fs_requests(f->srv), 1); /* 401 is not retried */
    assert_int_equal(zfx_sql(f, "SELECT state = 'auth_failed' FROM sync_status"), 1);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets"), 0);
    zfx_stop(f);
}

static void test_kill_and_resume(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(95, 3, 20);
    struct tt_sync_stats s;
    struct tt_err err;
    f->opts.max_pages = 2; /* "killed" after two committed pages */
    assert_int_equal(zfx_pull(f, &s, &err), -1);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets"), 40);
    assert_cursor(f, "export|e:s40|");
    /* the world moves on meanwhile: an already-pulled ticket changes */
    fz_touch(f->z, 5, "still broken");
    f->opts.max_pages = 0;
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_int_equal(s.tickets, 56); /* 55 not yet pulled + ticket 5 again */
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets"), 95);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM ticket_events"), 95 * 3 + 1);
    zfx_stop(f);
}

/* The fetch thread runs a page ahead of the store: a failure on page 3 must
 * leave exactly pages 1 and 2 stored with page 2's cursor, whatever the fetch
 * thread had already done, and the next run resumes from there. */
static void test_auth_failure_mid_pull_keeps_stored_pages(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(50, 2, 10);
    /* twice: the driver fetches page 3 along with page 2's comments and
     * asks again for it when that early answer was not a clean one */
    fs_fault(f->srv, "/api/v2/incremental", 2, FS_401, 2);
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), -1);
    assert_int_equal(s.fail, TT_HTTP_AUTH);
    assert_int_equal(s.pages, 2);
    assert_non_null(strstr(err.msg, "HTTP 401"));
    assert_non_null(strstr(err.msg, "acme"));
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets"), 20);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM ticket_events"), 40);
    assert_cursor(f, "export|e:s20|");
    assert_int_equal(zfx_sql(f, "SELECT state = 'auth_failed' FROM sync_status"), 1);
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_int_equal(s.tickets, 30);
    assert_complete(f, 50, 2);
    zfx_stop(f);
}

static void test_malformed_page_mid_pull_keeps_stored_pages(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(50, 2, 10);
    fs_fault(f->srv, "/api/v2/incremental", 2, FS_MALFORMED, 1);
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), -1);
    assert_int_equal(s.pages, 2);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets"), 20);
    assert_cursor(f, "export|e:s20|");
    assert_int_equal(zfx_sql(f, "SELECT state = 'error' FROM sync_status"), 1);
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_complete(f, 50, 2);
    zfx_stop(f);
}

/* A page limit stops the fetch thread too: it asks for no page beyond it. */
static void test_page_limit_fetches_no_further(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(50, 1, 10);
    struct tt_sync_stats s;
    struct tt_err err;
    f->opts.max_pages = 2;
    assert_int_equal(zfx_pull(f, &s, &err), -1);
    assert_non_null(strstr(err.msg, "stopped after 2 pages"));
    /* two export pages and their 20 comment lists, plus page 3 of the export
     * that the driver fetches along with page 2's comments; no page 3 pull */
    assert_int_equal(fs_requests_to(f->srv, "/api/v2/incremental"), 3);
    assert_int_equal(fs_requests_to(f->srv, "/api/v2/tickets/"), 20);
    assert_int_equal(fs_requests(f->srv), 23);
    assert_int_equal(s.requests, 23);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets"), 20);
    zfx_stop(f);
}

struct seen {
    int pages, waits;
    int64_t waits_counted;
    volatile int *cancel_after_page; /* set it once this many pages were stored */
    int cancel_at;
};

static void record_progress(void *ud, const char *account, const struct tt_sync_stats *s,
                            const char *what)
{
    struct seen *sn = ud;
    (void)account;
    if (strcmp(what, "page") == 0) {
        sn->pages++;
        if (sn->cancel_after_page && sn->pages == sn->cancel_at)
            *sn->cancel_after_page = 1;
    } else {
        sn->waits++;
        sn->waits_counted = s->waits;
    }
}

/* Waits happen on the fetch thread; the caller still hears of each one. */
static void test_waits_are_reported_while_pipelined(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(30, 1, 10);
    fs_fault(f->srv, "/api/v2/incremental", 1, FS_429, 1);
    struct seen sn = {0};
    f->opts.on_progress = record_progress;
    f->opts.ud = &sn;
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_true(sn.waits >= 1);
    assert_true(sn.waits_counted >= 1);
    assert_int_equal(s.waits, sn.waits_counted);
    assert_int_equal(sn.pages, s.pages);
    assert_complete(f, 30, 1);
    zfx_stop(f);
}

/* Cancelling between pages stops both threads; what was stored stays. */
static void test_cancel_stops_the_fetch_thread(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(50, 1, 10);
    volatile int cancel = 0;
    struct seen sn = {.cancel_after_page = &cancel, .cancel_at = 1};
    f->opts.on_progress = record_progress;
    f->opts.ud = &sn;
    f->opts.cancel = &cancel;
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), -1);
    assert_non_null(strstr(err.msg, "cancelled"));
    assert_int_equal(s.pages, 1);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets"), 10);
    assert_cursor(f, "export|e:s10|");
    cancel = 0;
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_complete(f, 50, 1);
    zfx_stop(f);
}

/* A page the store cannot save stops the pull and its fetch thread: what was
 * stored before stays, with its cursor, and the next run resumes there. */
static void test_store_failure_mid_pull(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(50, 1, 10);
    zfx_sql(f, "CREATE TRIGGER test_full_disk BEFORE INSERT ON tickets "
               "WHEN NEW.external_id = '25' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), -1);
    assert_non_null(strstr(err.msg, "disk full"));
    assert_non_null(strstr(err.msg, "ticket 25"));
    assert_int_equal(s.pages, 2);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets"), 20);
    assert_cursor(f, "export|e:s20|");
    assert_int_equal(zfx_sql(f, "SELECT state = 'error' FROM sync_status"), 1);
    zfx_sql(f, "DROP TRIGGER test_full_disk");
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_complete(f, 50, 1);
    zfx_stop(f);
}

static void test_long_conversations_are_paged(void **state)
{
    (void)state;
    struct zfx *f = zfx_start(3, 230, 0);
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_complete(f, 3, 230);
    assert_int_equal(fs_requests_to(f->srv, "/api/v2/tickets/2/comments"), 3);
    zfx_stop(f);
}

static void test_token_never_goes_to_foreign_host(void **state)
{
    (void)state;
    /* The fake hands out after_url / links.next on another origin. */
    struct fakesrv *other = fs_start(0, fz_handle, NULL);
    assert_non_null(other);
    struct zfx *f = zfx_start(1, 1, 0);
    zfx_stop(f);
    struct fz_opts o = {.tickets = 25,
                        .comments = 120,
                        .email = "agent@example.com",
                        .token = "s3cret-zd-token",
                        .foreign_base = fs_url(other)};
    f = zfx_start(1, 1, 10);
    fs_stop(f->srv);
    fz_free(f->z);
    f->z = fz_new(&o);
    f->srv = fs_start(0, fz_handle, f->z);
    free(f->acct.url);
    f->acct.url = xstrdup(fs_url(f->srv));
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_complete(f, 25, 120);
    assert_int_equal(fs_requests(other), 0);
    zfx_stop(f);
    fs_stop(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_pull_maps_everything),
        cmocka_unit_test(test_incremental_nothing_changed),
        cmocka_unit_test(test_incremental_changes_and_deletions),
        cmocka_unit_test(test_organisation_changes_without_tickets),
        cmocka_unit_test(test_rate_limit_429_is_waited_out),
        cmocka_unit_test(test_server_errors_and_drops_are_retried),
        cmocka_unit_test(test_truncated_json_fails_cleanly_then_resumes),
        cmocka_unit_test(test_malformed_comments_fail_the_page),
        cmocka_unit_test(test_auth_failure_is_reported),
        cmocka_unit_test(test_kill_and_resume),
        cmocka_unit_test(test_auth_failure_mid_pull_keeps_stored_pages),
        cmocka_unit_test(test_malformed_page_mid_pull_keeps_stored_pages),
        cmocka_unit_test(test_page_limit_fetches_no_further),
        cmocka_unit_test(test_waits_are_reported_while_pipelined),
        cmocka_unit_test(test_cancel_stops_the_fetch_thread),
        cmocka_unit_test(test_store_failure_mid_pull),
        cmocka_unit_test(test_long_conversations_are_paged),
        cmocka_unit_test(test_token_never_goes_to_foreign_host),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
