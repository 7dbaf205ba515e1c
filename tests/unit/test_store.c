/*
 * test_store.c: migrations, upserts and windowed queries on a real SQLite file.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/store_health.h"
#include "ticketty/store.h"
#include "ticketty/util.h"

struct fx {
    char *dir;
    char *db;
    struct tt_store *st;
    int64_t acct;
};

static int setup(void **state)
{
    struct fx *f = xcalloc(1, sizeof *f);
    tu_store_fixture("sub/dir/t.db", &f->dir, &f->db, &f->st, &f->acct);
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

static int64_t add_ticket(struct fx *f, const char *ext, const char *subject, enum tt_status s,
                          int64_t updated)
{
    struct tt_ticket t = {0};
    t.account_id = f->acct;
    t.external_id = (char *)ext;
    t.subject = (char *)subject;
    t.status = s;
    t.priority = TT_PRIORITY_NORMAL;
    t.created_at = updated - 100;
    t.updated_at = updated;
    int64_t id = 0;
    struct tt_err err;
    if (tt_store_ticket_upsert(f->st, &t, &id, &err) < 0)
        fail_msg("%s", err.msg);
    return id;
}

static void test_migrated_and_reopen(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    add_ticket(f, "1", "hello", TT_STATUS_OPEN, 1000);
    tt_store_close(f->st);
    f->st = tt_store_open(f->db, &err); /* second open: no migration, data kept */
    assert_non_null(f->st);
    struct tt_ticket_filter flt;
    tt_ticket_filter_init(&flt);
    int64_t n;
    assert_int_equal(tt_store_ticket_count(f->st, &flt, &n, &err), 0);
    assert_int_equal(n, 1);
}

/* A pragma's value, read from the database file by a connection of its own
 * (heap copy, caller frees). */
static char *pragma_of(const char *path, const char *pragma)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *sql = xasprintf("PRAGMA %s", pragma);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    char *v = xstrdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    free(sql);
    return v;
}

static int user_version(const char *path)
{
    char *v = pragma_of(path, "user_version");
    int n = atoi(v);
    free(v);
    return n;
}

static void assert_journal_mode(const char *path, const char *want)
{
    char *v = pragma_of(path, "journal_mode");
    assert_string_equal(v, want);
    free(v);
}

/* A database of schema 1 (before health_alert_deliveries and the queue's
 * breach-order index) is brought to the current version on open, data kept. */
static void test_v1_migrated(void **state)
{
    struct fx *f = *state;
    add_ticket(f, "1", "hello", TT_STATUS_OPEN, 1000);
    tt_store_close(f->st);
    f->st = NULL;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "DROP TABLE health_alert_deliveries;"
                                  "DROP INDEX tickets_breach_queue;"
                                  "CREATE INDEX tickets_next_breach ON tickets(next_breach_at);"
                                  "DROP INDEX sla_clock_due;"
                                  "CREATE INDEX sla_clock_warn ON sla_clock(warn_at)"
                                  " WHERE warn_at IS NOT NULL;"
                                  "PRAGMA user_version = 1;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    struct tt_err err;
    f->st = tt_store_open(f->db, &err);
    if (!f->st)
        fail_msg("%s", err.msg);
    assert_int_equal(user_version(f->db), tt_store_schema_version());
    assert_true(tt_store_schema_version() >= 3);
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    sqlite3_stmt *s;
    sqlite3_prepare_v2(db,
                       "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master"
                       " WHERE type = 'index' AND name IN ('tickets_next_breach',"
                       " 'tickets_breach_queue', 'sla_clock_warn', 'sla_clock_due')"
                       " ORDER BY name)",
                       -1, &s, NULL);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0),
                        "sla_clock_due,tickets_breach_queue");
    sqlite3_finalize(s);
    sqlite3_close(db);
    assert_int_equal(tt_store_health_alert_delivered(f->st, 1, "webhook", 5, &err), -1);
    assert_non_null(strstr(err.msg, "FOREIGN KEY")); /* the table is there; no alert 1 */
    struct tt_ticket_filter flt;
    tt_ticket_filter_init(&flt);
    int64_t n;
    assert_int_equal(tt_store_ticket_count(f->st, &flt, &n, &err), 0);
    assert_int_equal(n, 1);
}

static void test_newer_version_refused(void **state)
{
    struct fx *f = *state;
    tt_store_close(f->st);
    f->st = NULL;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    char sql[96];
    /* a newer ticketty that went back to a rollback journal */
    snprintf(sql, sizeof sql, "PRAGMA journal_mode = DELETE; PRAGMA user_version = %d",
             tt_store_schema_version() + 1);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    size_t before_len, after_len;
    char *before = tt_read_file(f->db, &before_len, NULL);
    assert_non_null(before);
    struct tt_err err;
    f->st = tt_store_open(f->db, &err);
    assert_null(f->st);
    assert_non_null(strstr(err.msg, "newer") ? err.msg : strstr(err.msg, "upgrade ticketty"));
    assert_non_null(strstr(err.msg, f->db));
    /* The refused database is untouched, byte for byte: still the newer
     * version, still in its own journal mode. */
    char *after = tt_read_file(f->db, &after_len, NULL);
    assert_non_null(after);
    assert_true(before_len == after_len && memcmp(before, after, before_len) == 0);
    free(before);
    free(after);
    assert_int_equal(user_version(f->db), tt_store_schema_version() + 1);
    assert_journal_mode(f->db, "delete");
    /* Reopen for teardown with a fresh file. */
    free(f->db);
    f->db = xasprintf("%s/other.db", f->dir);
    f->st = tt_store_open(f->db, &err);
    assert_non_null(f->st);
}

/* A database of another program (tables, no ticketty schema version) is
 * refused and left as it was: no tables added, journal mode unchanged. */
static void test_foreign_database_refused(void **state)
{
    struct fx *f = *state;
    char *path = xasprintf("%s/places.sqlite", f->dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT);",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    struct tt_err err;
    struct tt_store *st = tt_store_open(path, &err);
    if (st)
        fail_msg("a foreign database was opened (and migrated)");
    assert_non_null(strstr(err.msg, "not a ticketty database"));
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *s;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &s, NULL);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 1);
    sqlite3_finalize(s);
    sqlite3_close(db);
    assert_journal_mode(path, "delete");
    free(path);
}

static void test_upsert_idempotent(void **state)
{
    struct fx *f = *state;
    int64_t a = add_ticket(f, "42", "first", TT_STATUS_NEW, 1000);
    int64_t other = add_ticket(f, "43", "other", TT_STATUS_NEW, 1500);
    int64_t b = add_ticket(f, "42", "second", TT_STATUS_OPEN, 2000);
    assert_int_equal(a, b); /* an update gives the row's id, not the last insert's */
    assert_true(other != a);
    /* contacts the same way */
    struct tt_contact c = {.account_id = f->acct, .external_id = "c1", .name = "Ann"};
    int64_t c1, c2, c3;
    struct tt_err cerr;
    assert_int_equal(tt_store_contact_upsert(f->st, &c, &c1, &cerr), 0);
    c.external_id = "c2";
    assert_int_equal(tt_store_contact_upsert(f->st, &c, &c2, &cerr), 0);
    c.external_id = "c1";
    c.email = "ann@example.com";
    assert_int_equal(tt_store_contact_upsert(f->st, &c, &c3, &cerr), 0);
    assert_true(c1 > 0 && c2 > 0 && c1 != c2);
    assert_int_equal(c3, c1);
    struct tt_ticket t;
    struct tt_err err;
    assert_int_equal(tt_store_ticket_get(f->st, a, &t, &err), 1);
    assert_string_equal(t.subject, "second");
    assert_int_equal(t.status, TT_STATUS_OPEN);
    assert_string_equal(t.account, "local");
    tt_ticket_clear(&t);
    assert_int_equal(tt_store_ticket_get(f->st, 999, &t, &err), 0);
    assert_int_equal(tt_store_ticket_by_external(f->st, f->acct, "42", &t, &err), 1);
    assert_int_equal(t.id, a);
    tt_ticket_clear(&t);
}

static void test_events_dedup_and_order(void **state)
{
    struct fx *f = *state;
    int64_t id = add_ticket(f, "7", "events", TT_STATUS_OPEN, 1000);
    struct tt_event e = {.ticket_id = id, .type = TT_EV_COMMENT, .public = true};
    struct tt_err err;
    int64_t e1, e2, e3;
    e.at = 500;
    e.external_id = "c1";
    e.body = "later";
    assert_int_equal(tt_store_event_add(f->st, &e, &e1, &err), 0);
    assert_int_equal(tt_store_event_add(f->st, &e, &e2, &err), 0);
    assert_int_equal(e1, e2);
    e.at = 100;
    e.external_id = NULL;
    e.body = "earlier";
    e.author_role = TT_AUTHOR_END_USER;
    assert_int_equal(tt_store_event_add(f->st, &e, &e3, &err), 0);
    struct tt_event *list;
    size_t n;
    assert_int_equal(tt_store_event_list(f->st, id, &list, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].body, "earlier");
    assert_int_equal(list[0].author_role, TT_AUTHOR_END_USER);
    assert_string_equal(list[1].body, "later");
    tt_event_list_free(list, n);
}

static void test_list_window_and_filters(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    assert_int_equal(tt_store_begin(f->st, &err), 0);
    for (int i = 0; i < 100; i++) {
        char ext[16], subj[32];
        snprintf(ext, sizeof ext, "%d", i);
        snprintf(subj, sizeof subj, "%s ticket %d", i % 10 == 0 ? "Billing" : "Login", i);
        add_ticket(f, ext, subj, i % 2 ? TT_STATUS_OPEN : TT_STATUS_SOLVED, 1000 + i);
    }
    assert_int_equal(tt_store_commit(f->st, &err), 0);
    struct tt_ticket_filter flt;
    tt_ticket_filter_init(&flt);
    struct tt_ticket *list;
    size_t n;
    assert_int_equal(tt_store_ticket_list(f->st, &flt, 10, 5, &list, &n, &err), 0);
    assert_int_equal(n, 5);
    assert_string_equal(list[0].external_id, "89"); /* newest first, skipping 10 */
    assert_null(list[0].description);               /* lists do not load bodies */
    tt_ticket_list_free(list, n);
    flt.status = TT_STATUS_OPEN;
    int64_t cnt;
    assert_int_equal(tt_store_ticket_count(f->st, &flt, &cnt, &err), 0);
    assert_int_equal(cnt, 50);
    tt_ticket_filter_init(&flt);
    flt.text = "billing";
    assert_int_equal(tt_store_ticket_count(f->st, &flt, &cnt, &err), 0);
    assert_int_equal(cnt, 10);
    assert_int_equal(tt_store_ticket_list(f->st, &flt, 0, 100, &list, &n, &err), 0);
    assert_int_equal(n, 10);
    tt_ticket_list_free(list, n);
}

/* Every window read from the end (tt_store_ticket_list_tail) is the window
 * read from the start, for each order: ties on updated_at and tickets with
 * and without a next breach included. */
static void test_list_tail_matches_head(void **state)
{
    struct fx *f = *state;
    enum { N = 23 };
    for (int i = 0; i < N; i++) {
        char ext[16];
        snprintf(ext, sizeof ext, "t%d", i);
        add_ticket(f, ext, "s", TT_STATUS_OPEN, 1000 + (i % 5) * 10);
    }
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE tickets SET next_breach_at = 5000 - (id % 7) * 100"
                                  " WHERE id % 3 <> 0",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    const enum tt_ticket_order orders[] = {TT_ORDER_NEXT_BREACH, TT_ORDER_ID,
                                           TT_ORDER_UPDATED_DESC};
    for (size_t o = 0; o < TT_ARRAY_LEN(orders); o++) {
        struct tt_ticket_filter flt;
        tt_ticket_filter_init(&flt);
        flt.order = orders[o];
        for (int off = 0; off < N; off += 4) {
            for (int lim = 1; lim <= 9; lim += 4) {
                struct tt_ticket *a, *b;
                size_t na, nb;
                struct tt_err err;
                assert_int_equal(tt_store_ticket_list(f->st, &flt, off, lim, &a, &na, &err), 0);
                int end = off + lim < N ? off + lim : N;
                assert_int_equal(
                    tt_store_ticket_list_tail(f->st, &flt, N - end, end - off, &b, &nb, &err), 0);
                assert_int_equal(na, nb);
                for (size_t i = 0; i < na; i++)
                    assert_int_equal(a[i].id, b[i].id);
                tt_ticket_list_free(a, na);
                tt_ticket_list_free(b, nb);
            }
        }
    }
}

static void test_nested_rollback(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    assert_int_equal(tt_store_begin(f->st, &err), 0);
    add_ticket(f, "a", "kept?", TT_STATUS_OPEN, 1);
    assert_int_equal(tt_store_begin(f->st, &err), 0);
    tt_store_rollback(f->st); /* inner failure dooms the whole transaction */
    assert_int_equal(tt_store_commit(f->st, &err), -1);
    struct tt_ticket_filter flt;
    tt_ticket_filter_init(&flt);
    int64_t cnt;
    assert_int_equal(tt_store_ticket_count(f->st, &flt, &cnt, &err), 0);
    assert_int_equal(cnt, 0);
}

/* COMMIT itself can fail (here a deferred foreign key, like SQLITE_BUSY or a
 * full disk) and leave SQLite's transaction open: the store must roll it back,
 * or the failed writes stay visible to this connection and every later BEGIN
 * fails with "cannot start a transaction within a transaction". */
static void test_failed_commit_rolls_back(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    tt_store_close(f->st);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE t_parent(id INTEGER PRIMARY KEY);"
                                  "CREATE TABLE t_child(p INTEGER REFERENCES t_parent(id)"
                                  " DEFERRABLE INITIALLY DEFERRED);"
                                  "CREATE TRIGGER t_orphan AFTER INSERT ON tickets"
                                  " WHEN new.subject = 'doomed'"
                                  " BEGIN INSERT INTO t_child VALUES (42); END",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    f->st = tt_store_open(f->db, &err);
    assert_non_null(f->st);

    assert_int_equal(tt_store_begin(f->st, &err), 0);
    add_ticket(f, "d", "doomed", TT_STATUS_OPEN, 1);
    assert_int_equal(tt_store_commit(f->st, &err), -1);
    assert_non_null(strstr(err.msg, "FOREIGN KEY"));

    struct tt_ticket_filter flt;
    tt_ticket_filter_init(&flt);
    int64_t cnt;
    assert_int_equal(tt_store_ticket_count(f->st, &flt, &cnt, &err), 0);
    assert_int_equal(cnt, 0); /* the failed transaction's row is gone */
    assert_int_equal(tt_store_begin(f->st, &err), 0);
    add_ticket(f, "k", "kept", TT_STATUS_OPEN, 2);
    assert_int_equal(tt_store_commit(f->st, &err), 0);
    assert_int_equal(tt_store_ticket_count(f->st, &flt, &cnt, &err), 0);
    assert_int_equal(cnt, 1);
}

static void test_customer_upsert(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    struct tt_customer c = {.key = "acme",
                            .name = "Acme",
                            .plan = "enterprise",
                            .mrr = 5000,
                            .login_days_last_30 = 20,
                            .tickets_last_90_days = -1,
                            .resolved_tickets_last_90_days = -1,
                            .current_month_usage = -1,
                            .previous_month_usage = -1,
                            .failed_payments_last_90_days = 0};
    int64_t id1, id2;
    assert_int_equal(tt_store_customer_upsert(f->st, &c, &id1, &err), 0);
    c.mrr = 6000;
    c.login_days_last_30 = -1; /* unknown keeps the stored value */
    assert_int_equal(tt_store_customer_upsert(f->st, &c, &id2, &err), 0);
    assert_int_equal(id1, id2);
    struct tt_customer got;
    assert_int_equal(tt_store_customer_by_key(f->st, "acme", &got, &err), 1);
    assert_true(got.mrr == 6000);
    assert_int_equal(got.login_days_last_30, 20);
    assert_int_equal(got.tickets_last_90_days, -1);
    tt_customer_clear(&got);
    assert_int_equal(tt_store_customer_by_key(f->st, "nobody", &got, &err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_migrated_and_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_v1_migrated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_version_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_database_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_upsert_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_dedup_and_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_window_and_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_tail_matches_head, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_rollback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_commit_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_customer_upsert, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
