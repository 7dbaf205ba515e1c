/*
 * test_demo_store.c: demo init's writer on a real SQLite file, and the demo
 * KB as a real git repository with history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/kbgit.h"
#include "ticketty/store.h"
#include "ticketty/store_demo.h"
#include "ticketty/util.h"

#define NOW 1795000000

struct fx {
    char *dir, *db;
    struct tt_store *st;
};

static int setup(void **state)
{
    struct fx *f = xcalloc(1, sizeof *f);
    tu_store_fixture("t.db", &f->dir, &f->db, &f->st, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    tu_store_fixture_free(f->dir, f->db, f->st);
    free(f);
    return 0;
}

static long progress_calls;
static void count_progress(long done, long total, void *ud)
{
    (void)ud;
    assert_true(done <= total);
    progress_calls++;
}

static void test_populate_counts(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    struct tt_demo_opts o = {.tickets = 7000, .customers = 40, .seed = 3, .now = NOW};
    struct tt_demo_stats s;
    assert_int_equal(tt_store_demo_exists(f->st, &err), 0);
    progress_calls = 0;
    if (tt_demo_populate(f->st, &o, count_progress, NULL, &s, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(progress_calls, 2); /* batches of 5000: 5000 and 7000 */
    assert_int_equal(s.tickets, 7000);
    assert_int_equal(s.customers, 40);
    assert_int_equal(tt_store_demo_exists(f->st, &err), 1);

    struct tt_ticket_filter flt;
    tt_ticket_filter_init(&flt);
    int64_t n;
    assert_int_equal(tt_store_ticket_count(f->st, &flt, &n, &err), 0);
    assert_int_equal(n, 7000);
    long sum = 0;
    for (int i = 0; i < TT_STATUS__COUNT; i++) {
        flt.status = i;
        assert_int_equal(tt_store_ticket_count(f->st, &flt, &n, &err), 0);
        assert_int_equal(n, s.by_status[i]);
        sum += n;
    }
    assert_int_equal(sum, 7000);

    /* Every customer carries every health input, support ones from the tickets. */
    long t90 = 0;
    for (int i = 1; i <= 40; i++) {
        char key[32];
        snprintf(key, sizeof key, TT_DEMO_CUSTOMER_KEY_PREFIX "c%04d", i);
        struct tt_customer c;
        assert_int_equal(tt_store_customer_by_key(f->st, key, &c, &err), 1);
        assert_true(c.login_days_last_30 >= 0);
        assert_non_null(c.features_used);
        assert_true(c.tickets_last_90_days >= 0);
        assert_true(c.resolved_tickets_last_90_days >= 0);
        assert_true(c.resolved_tickets_last_90_days <= c.tickets_last_90_days);
        assert_true(c.current_month_usage >= 0 && c.previous_month_usage >= 0);
        assert_true(c.failed_payments_last_90_days >= 0);
        assert_true(c.created_at > 0);
        assert_non_null(c.subscription_status);
        t90 += c.tickets_last_90_days;
        tt_customer_clear(&c);
    }
    assert_true(t90 > 0);
    struct tt_customer none;
    assert_int_equal(
        tt_store_customer_by_key(f->st, TT_DEMO_CUSTOMER_KEY_PREFIX "c0041", &none, &err), 0);

    /* A ticket read back equals the generated one, events included. */
    struct tt_demo_world w;
    tt_demo_world_init(&w, &o);
    struct tt_demo_ticket dt;
    tt_demo_ticket_gen(&w, 1233, &dt);
    struct tt_account acct;
    assert_int_equal(tt_store_account_get(f->st, TT_DEMO_ACCOUNT, &acct, &err), 1);
    struct tt_ticket t;
    assert_int_equal(tt_store_ticket_by_external(f->st, acct.id, "1234", &t, &err), 1);
    assert_string_equal(t.subject, dt.t.subject);
    assert_int_equal(t.created_at, dt.t.created_at);
    assert_int_equal(t.first_response_at, dt.t.first_response_at);
    assert_int_equal(t.resolved_at, dt.t.resolved_at);
    assert_string_equal(t.organization, w.customers[dt.customer].c.name);
    struct tt_event *ev;
    size_t nev;
    assert_int_equal(tt_store_event_list(f->st, t.id, &ev, &nev, &err), 0);
    assert_int_equal(nev, dt.n_events);
    for (size_t i = 0; i < nev; i++) {
        assert_int_equal(ev[i].at, dt.events[i].at);
        assert_int_equal(ev[i].type, dt.events[i].type);
    }
    tt_event_list_free(ev, nev);
    tt_ticket_clear(&t);
    tt_account_clear(&acct);
    tt_demo_ticket_clear(&dt);
    tt_demo_world_clear(&w);

    /* Purge removes the demo and only the demo. */
    int64_t other;
    assert_int_equal(tt_store_account_upsert(f->st, "other", "local", NULL, &other, &err), 0);
    struct tt_customer keep = {.key = "acme",
                               .name = "Acme",
                               .login_days_last_30 = -1,
                               .tickets_last_90_days = -1,
                               .resolved_tickets_last_90_days = -1,
                               .current_month_usage = -1,
                               .previous_month_usage = -1,
                               .failed_payments_last_90_days = -1};
    assert_int_equal(tt_store_customer_upsert(f->st, &keep, NULL, &err), 0);
    if (tt_store_demo_purge(f->st, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(tt_store_demo_exists(f->st, &err), 0);
    flt.status = -1;
    assert_int_equal(tt_store_ticket_count(f->st, &flt, &n, &err), 0);
    assert_int_equal(n, 0);
    struct tt_customer c;
    assert_int_equal(tt_store_customer_by_key(f->st, "acme", &c, &err), 1);
    tt_customer_clear(&c);
    assert_int_equal(tt_store_customer_by_key(f->st, TT_DEMO_CUSTOMER_KEY_PREFIX "c0001", &c, &err),
                     0);
    struct tt_account a;
    assert_int_equal(tt_store_account_get(f->st, "other", &a, &err), 1);
    tt_account_clear(&a);
}

static void test_same_seed_same_database(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    struct tt_demo_opts o = {.tickets = 400, .customers = 30, .seed = 11, .now = NOW};
    char *db2 = xasprintf("%s/second.db", f->dir);
    struct tt_store *st2 = tt_store_open(db2, &err);
    free(db2);
    assert_non_null(st2);
    assert_int_equal(tt_demo_populate(f->st, &o, NULL, NULL, NULL, &err), 0);
    assert_int_equal(tt_demo_populate(st2, &o, NULL, NULL, NULL, &err), 0);
    struct tt_ticket_filter flt;
    tt_ticket_filter_init(&flt);
    flt.order = TT_ORDER_ID;
    struct tt_ticket *a, *b;
    size_t na, nb;
    assert_int_equal(tt_store_ticket_list(f->st, &flt, 0, -1, &a, &na, &err), 0);
    assert_int_equal(tt_store_ticket_list(st2, &flt, 0, -1, &b, &nb, &err), 0);
    assert_int_equal(na, 400);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_string_equal(a[i].subject, b[i].subject);
        assert_string_equal(a[i].requester, b[i].requester);
        assert_int_equal(a[i].updated_at, b[i].updated_at);
        assert_int_equal(a[i].status, b[i].status);
    }
    tt_ticket_list_free(a, na);
    tt_ticket_list_free(b, nb);
    tt_store_close(st2);
}

static void test_demo_kb_repository(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    char *src = xasprintf("%s/kb", tu_repo_root());
    char *dst = xasprintf("%s/kb", f->dir);
    struct tt_kb_demo_stats ks;
    if (tt_kb_demo_create(src, dst, NOW, &ks, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(ks.files >= 45);
    assert_true(tt_kbgit_is_repo(dst));
    assert_true(tt_kb_demo_is_demo(dst)); /* marked, so --force may replace it */
    assert_false(tt_kb_demo_is_demo(f->dir));
    long n = 0;
    assert_int_equal(tt_kbgit_count_commits(dst, &n, &err), 0);
    assert_int_equal(n, ks.commits);
    assert_true(n > 1);
    /* The same history, seen by git itself: several authors, clean tree. */
    char *cmd = xasprintf("git -C '%s' log --format=%%an | sort -u | wc -l", dst);
    FILE *p = popen(cmd, "r");
    free(cmd);
    assert_non_null(p);
    int authors = 0;
    assert_int_equal(fscanf(p, "%d", &authors), 1);
    pclose(p);
    assert_true(authors >= 3);
    cmd = xasprintf("git -C '%s' status --porcelain | wc -l", dst);
    p = popen(cmd, "r");
    free(cmd);
    int dirty = -1;
    assert_int_equal(fscanf(p, "%d", &dirty), 1);
    pclose(p);
    assert_int_equal(dirty, 0);
    /* An existing, non-empty directory is refused; --force's removal works. */
    assert_int_equal(tt_kb_demo_create(src, dst, NOW, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "not empty"));
    assert_int_equal(tt_kbgit_remove(dst, &err), 0);
    assert_false(tt_kbgit_is_repo(dst));
    /* A plain directory with files is never removed. */
    char *plain = xasprintf("%s/plain", f->dir);
    assert_int_equal(tt_mkdir_p(plain, &err), 0);
    free(tu_write_file(plain, "notes.txt", "keep me"));
    assert_int_equal(tt_kbgit_remove(plain, &err), -1);
    free(plain);
    free(src);
    free(dst);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_populate_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_seed_same_database, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_kb_repository, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
