/*
 * test_store_objects.c: a database created by an earlier build gets the
 * current triggers and indexes when it is opened (src/store/store_objects.c),
 * on a real SQLite file edited behind the store's back with the sqlite3 API.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/store.h"
#include "ticketty/util.h"

struct fx {
    char *dir, *db, *fresh;
    struct tt_store *st;
    int64_t acct;
};

static int setup(void **state)
{
    struct fx *f = xcalloc(1, sizeof *f);
    tu_store_fixture("t.db", &f->dir, &f->db, &f->st, &f->acct);
    /* A second database from this build: the reference definitions. */
    f->fresh = xasprintf("%s/fresh.db", f->dir);
    struct tt_err err;
    struct tt_store *st = tt_store_open(f->fresh, &err);
    if (!st)
        fail_msg("%s", err.msg);
    tt_store_close(st);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    tu_store_fixture_free(f->dir, f->db, f->st);
    free(f->fresh);
    free(f);
    return 0;
}

static void exec_sql(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

/* The first column of the first row of sql on path, as a heap string ("" for
 * no row, "NULL" for SQL NULL). */
static char *query(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    char *out;
    if (sqlite3_step(s) == SQLITE_ROW)
        out = xstrdup(sqlite3_column_type(s, 0) == SQLITE_NULL
                          ? "NULL"
                          : (const char *)sqlite3_column_text(s, 0));
    else
        out = xstrdup("");
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

static char *object_sql(const char *path, const char *name)
{
    char *q = xasprintf("SELECT sql FROM sqlite_master WHERE name = '%s'", name);
    char *v = query(path, q);
    free(q);
    return v;
}

static void assert_same_sql(struct fx *f, const char *name)
{
    char *want = object_sql(f->fresh, name), *got = object_sql(f->db, name);
    assert_true(strlen(want) > 0);
    assert_string_equal(got, want);
    free(want);
    free(got);
}

/* Everything the schema changes make visible: the schema cookie (bumped by
 * any CREATE/DROP), the recorded fingerprint and the object list. */
static char *schema_state(const char *path)
{
    char *cookie = query(path, "PRAGMA schema_version");
    char *meta = query(path, "SELECT group_concat(key || '=' || value, ';') FROM store_meta");
    char *s = xasprintf("%s|%s", cookie, meta);
    free(cookie);
    free(meta);
    return s;
}

static int64_t add_ticket(struct fx *f, const char *ext)
{
    struct tt_ticket t = {0};
    t.account_id = f->acct;
    t.external_id = (char *)ext;
    t.subject = (char *)"hello";
    t.status = TT_STATUS_OPEN;
    t.priority = TT_PRIORITY_NORMAL;
    t.created_at = 1000;
    t.updated_at = 2000;
    int64_t id = 0;
    struct tt_err err;
    if (tt_store_ticket_upsert(f->st, &t, &id, &err) < 0)
        fail_msg("%s", err.msg);
    return id;
}

static void add_comment(struct fx *f, int64_t ticket, const char *ext)
{
    struct tt_event e = {0};
    e.ticket_id = ticket;
    e.external_id = (char *)ext;
    e.at = 3000;
    e.type = TT_EV_COMMENT;
    e.author_role = TT_AUTHOR_AGENT;
    e.public = true;
    e.body = (char *)"hi";
    struct tt_err err;
    if (tt_store_event_add(f->st, &e, NULL, &err) < 0)
        fail_msg("%s", err.msg);
}

/* Close the store and run sql on its file with the sqlite3 API, as an earlier
 * build (or the user) would have left it; reopen(f) opens it again. */
static void edit_closed(struct fx *f, const char *sql)
{
    tt_store_close(f->st);
    f->st = NULL;
    exec_sql(f->db, sql);
}

static void reopen(struct fx *f)
{
    tt_store_close(f->st);
    struct tt_err err;
    f->st = tt_store_open(f->db, &err);
    if (!f->st)
        fail_msg("%s", err.msg);
}

/* What an earlier build left: an SLA trigger that no longer marks the ticket
 * stale, a trigger the current schema dropped, an index with another
 * definition, and an index of the user's own. */
static const char outdated[] =
    "DROP TRIGGER sla_dirty_event;"
    "CREATE TRIGGER sla_dirty_event AFTER INSERT ON ticket_events BEGIN SELECT 1; END;"
    "CREATE TRIGGER tickets_old_audit AFTER UPDATE ON tickets BEGIN SELECT 1; END;"
    "DROP INDEX tickets_status;"
    "CREATE INDEX tickets_status ON tickets(status);"
    "CREATE INDEX my_report ON tickets(subject);";

static void test_outdated_objects_replaced(void **state)
{
    struct fx *f = *state;
    int64_t id = add_ticket(f, "1");
    add_comment(f, id, "c1");
    edit_closed(f, outdated);
    exec_sql(f->db, "UPDATE store_meta SET value = 'earlier' WHERE key = 'objects_fingerprint'");
    char *before = object_sql(f->db, "sla_dirty_event");
    assert_non_null(strstr(before, "SELECT 1"));
    free(before);

    reopen(f);
    assert_same_sql(f, "sla_dirty_event");
    assert_same_sql(f, "tickets_status");
    char *gone = object_sql(f->db, "tickets_old_audit");
    assert_string_equal(gone, ""); /* triggers of a ticketty database are ticketty's */
    free(gone);
    char *mine = object_sql(f->db, "my_report");
    assert_string_equal(mine, "CREATE INDEX my_report ON tickets(subject)"); /* kept */
    free(mine);
    /* Every trigger and index of this build is there with its SQL. */
    char *diff = xasprintf("ATTACH '%s' AS ref;"
                           "SELECT count(*) FROM ref.sqlite_master r WHERE r.type IN"
                           " ('trigger','index') AND r.sql IS NOT NULL AND NOT EXISTS (SELECT 1"
                           " FROM main.sqlite_master m WHERE m.name = r.name AND m.sql = r.sql)",
                           f->fresh);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    char *semi = strchr(diff, ';');
    *semi = '\0';
    assert_int_equal(sqlite3_exec(db, diff, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, semi + 1, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    free(diff);
    /* The data is intact, and the restored trigger works again. */
    char *n = query(f->db, "SELECT count(*) || ',' || (SELECT count(*) FROM ticket_events)"
                           " FROM tickets");
    assert_string_equal(n, "1,1");
    free(n);
    exec_sql(f->db, "DELETE FROM sla_dirty");
    add_comment(f, id, "c2");
    char *dirty = query(f->db, "SELECT group_concat(ticket_id) FROM sla_dirty");
    char *want = xasprintf("%lld", (long long)id);
    assert_string_equal(dirty, want);
    free(dirty);
    free(want);
    char *fp = query(f->db, "SELECT value FROM store_meta WHERE key = 'objects_fingerprint'");
    char *fp_fresh =
        query(f->fresh, "SELECT value FROM store_meta WHERE key = 'objects_fingerprint'");
    assert_string_equal(fp, fp_fresh);
    free(fp);
    free(fp_fresh);
}

/* Once up to date, opening again rewrites nothing: schema cookie and
 * recorded fingerprint unchanged. */
static void test_second_open_writes_nothing(void **state)
{
    struct fx *f = *state;
    add_ticket(f, "1");
    edit_closed(f, outdated);
    exec_sql(f->db, "UPDATE store_meta SET value = 'earlier' WHERE key = 'objects_fingerprint'");
    reopen(f); /* brings it up to date */
    char *s1 = schema_state(f->db);
    reopen(f);
    char *s2 = schema_state(f->db);
    assert_string_equal(s1, s2);
    reopen(f);
    char *s3 = schema_state(f->db);
    assert_string_equal(s1, s3);
    free(s1);
    free(s2);
    free(s3);
    /* A database from this build is never rewritten either. */
    char *a = schema_state(f->fresh);
    struct tt_err err;
    struct tt_store *st = tt_store_open(f->fresh, &err);
    assert_non_null(st);
    tt_store_close(st);
    char *b = schema_state(f->fresh);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* A database from before the fingerprint existed (no store_meta at all). */
static void test_database_without_fingerprint(void **state)
{
    struct fx *f = *state;
    add_ticket(f, "1");
    edit_closed(f, outdated);
    exec_sql(f->db, "DROP TABLE store_meta");
    reopen(f);
    assert_same_sql(f, "sla_dirty_event");
    assert_same_sql(f, "tickets_status");
    char *fp = query(f->db, "SELECT value FROM store_meta WHERE key = 'objects_fingerprint'");
    assert_true(strlen(fp) == 16);
    free(fp);
}

/* An index an earlier build recorded as its own and the current schema no
 * longer defines is dropped; the user's own index is not. */
static void test_recorded_obsolete_index_dropped(void **state)
{
    struct fx *f = *state;
    edit_closed(f, "CREATE INDEX tickets_old_order ON tickets(updated_at);"
                   "CREATE INDEX my_report ON tickets(subject);"
                   "UPDATE store_meta SET value = value || char(10) || 'index tickets_old_order'"
                   " WHERE key = 'objects';"
                   "UPDATE store_meta SET value = 'earlier' WHERE key = 'objects_fingerprint'");
    reopen(f);
    char *old = object_sql(f->db, "tickets_old_order");
    assert_string_equal(old, "");
    free(old);
    char *mine = object_sql(f->db, "my_report");
    assert_true(strlen(mine) > 0);
    free(mine);
}

/* When an object cannot be recreated (here a unique index over rows that
 * are no longer unique), the open fails naming it and nothing is changed:
 * the whole update is one transaction. */
static void test_failed_update_rolls_back(void **state)
{
    struct fx *f = *state;
    int64_t id = add_ticket(f, "1");
    add_comment(f, id, "c1");
    edit_closed(f, outdated);
    char *dup = xasprintf("DROP INDEX ticket_events_external;"
                          "INSERT INTO ticket_events(ticket_id, external_id, at, type)"
                          " VALUES (%lld, 'c1', 3000, 'comment');"
                          "UPDATE store_meta SET value = 'earlier' WHERE key ="
                          " 'objects_fingerprint'",
                          (long long)id);
    exec_sql(f->db, dup);
    free(dup);
    char *before = schema_state(f->db);
    struct tt_err err;
    struct tt_store *st = tt_store_open(f->db, &err);
    if (st) {
        tt_store_close(st);
        fail_msg("opened a database whose index could not be recreated");
    }
    assert_non_null(strstr(err.msg, "ticket_events_external"));
    char *after = schema_state(f->db);
    assert_string_equal(before, after);
    char *trig = object_sql(f->db, "sla_dirty_event");
    assert_non_null(strstr(trig, "SELECT 1")); /* still the old one: rolled back */
    free(trig);
    free(before);
    free(after);
}

/* With the current fingerprint, a trigger and an index dropped by hand are
 * restored by the next open (with this build's SQL, the trigger working
 * again), and the open after that writes nothing. */
static void test_dropped_objects_restored(void **state)
{
    struct fx *f = *state;
    int64_t id = add_ticket(f, "1");
    char *fp_before =
        query(f->db, "SELECT value FROM store_meta WHERE key = 'objects_fingerprint'");
    edit_closed(f, "DROP TRIGGER sla_dirty_event; DROP INDEX tickets_status;");
    char *gone = object_sql(f->db, "sla_dirty_event");
    assert_string_equal(gone, "");
    free(gone);

    reopen(f);
    assert_same_sql(f, "sla_dirty_event");
    assert_same_sql(f, "tickets_status");
    char *fp = query(f->db, "SELECT value FROM store_meta WHERE key = 'objects_fingerprint'");
    assert_string_equal(fp, fp_before);
    free(fp);
    free(fp_before);
    exec_sql(f->db, "DELETE FROM sla_dirty");
    add_comment(f, id, "c1");
    char *dirty = query(f->db, "SELECT group_concat(ticket_id) FROM sla_dirty");
    char *want = xasprintf("%lld", (long long)id);
    assert_string_equal(dirty, want);
    free(dirty);
    free(want);

    char *s1 = schema_state(f->db);
    reopen(f);
    char *s2 = schema_state(f->db);
    assert_string_equal(s1, s2);
    free(s1);
    free(s2);
}

/* An index of the user's own that was there when the list was recorded and
 * is dropped later costs one update (the list is recorded again without
 * it), not one at every open; so does an object whose table is gone (it
 * cannot be made, and the list no longer names it). */
static void test_unrestorable_objects_settle(void **state)
{
    struct fx *f = *state;
    edit_closed(f, "CREATE INDEX my_report ON tickets(subject);"
                   "UPDATE store_meta SET value = 'earlier' WHERE key = 'objects_fingerprint'");
    reopen(f); /* records a list naming my_report */
    char *list = query(f->db, "SELECT value FROM store_meta WHERE key = 'objects'");
    assert_non_null(strstr(list, "index my_report"));
    free(list);
    edit_closed(f, "DROP INDEX my_report; DROP TABLE kb_votes;");
    reopen(f);
    char *mine = object_sql(f->db, "my_report");
    assert_string_equal(mine, ""); /* not recreated: not this build's */
    free(mine);
    list = query(f->db, "SELECT value FROM store_meta WHERE key = 'objects'");
    assert_null(strstr(list, "my_report"));
    assert_null(strstr(list, "kb_votes_article"));
    assert_non_null(strstr(list, "trigger sla_dirty_event"));
    free(list);
    char *s1 = schema_state(f->db);
    reopen(f);
    char *s2 = schema_state(f->db);
    assert_string_equal(s1, s2);
    free(s1);
    free(s2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_outdated_objects_replaced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_open_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_database_without_fingerprint, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recorded_obsolete_index_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_update_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dropped_objects_restored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unrestorable_objects_settle, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
