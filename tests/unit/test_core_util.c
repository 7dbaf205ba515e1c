/*
 * test_core_util.c: tt_now() and TICKETTY_NOW (ISO 8601 or Unix seconds), and
 * the store writing tt_now() (not the wall clock) so demo data is reproducible.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"
#include "ticketty/store.h"
#include "ticketty/util.h"

static void test_now_forms(void **state)
{
    (void)state;
    static const struct {
        const char *env;
        int64_t want; /* -1: the wall clock */
    } cases[] = {
        {"2026-11-18T11:06:40Z", 1795000000},
        {"2026-11-18T12:06:40+01:00", 1795000000},
        {"1795000000", 1795000000},
        {"@1795000000", 1795000000},
        {"0", 0},
        {"tomorrow", -1},
        {"1795000000x", -1},
        {"@", -1},
        {"", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        setenv("TICKETTY_NOW", cases[i].env, 1);
        int64_t before = (int64_t)time(NULL);
        int64_t got = tt_now();
        int64_t after = (int64_t)time(NULL);
        if (cases[i].want >= 0) {
            if (got != cases[i].want)
                fail_msg("TICKETTY_NOW=%s: got %lld", cases[i].env, (long long)got);
        } else if (got < before || got > after) {
            fail_msg("TICKETTY_NOW=%s: expected the wall clock, got %lld", cases[i].env,
                     (long long)got);
        }
    }
    unsetenv("TICKETTY_NOW");
}

static int64_t one_int(const char *db, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return v;
}

/* tt_time_parse: dates that do not exist are refused, not rolled over into
 * the next month (2026-02-30 is not 2026-03-02). */
static void test_time_parse_calendar(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int64_t want; /* -1: refused */
    } cases[] = {
        {"2026-11-18T11:06:40Z", 1795000000},
        {"2026-11-18T12:06:40+01:00", 1795000000},
        {"2026-01-31", 1769817600},
        {"2024-02-29", 1709164800},
        {"2000-02-29", 951782400},
        {"2026-12-31T23:59:59Z", 1798761599},
        {"2026-02-29", -1},
        {"1900-02-29", -1},
        {"2026-02-30", -1},
        {"2026-04-31", -1},
        {"2026-06-31", -1},
        {"2026-09-31", -1},
        {"2026-11-31", -1},
        {"2026-13-01", -1},
        {"2026-00-10", -1},
        {"2026-01-00", -1},
        {"2026-01-01T24:00:00Z", -1},
        {"2026-01-01T10:00:00+24:00", -1},
        {"2026-01-01T10:00:00+01:60", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tt_err err;
        int64_t got = 0;
        int rc = tt_time_parse(cases[i].s, &got, &err);
        if (cases[i].want < 0 && rc == 0)
            fail_msg("%s: accepted as %lld", cases[i].s, (long long)got);
        if (cases[i].want >= 0 && (rc != 0 || got != cases[i].want))
            fail_msg("%s: rc %d, got %lld, want %lld", cases[i].s, rc, (long long)got,
                     (long long)cases[i].want);
    }
}

/* A directory given as a file says so (fopen succeeds, fread fails). */
static void test_read_file_directory(void **state)
{
    (void)state;
    struct tt_err err;
    size_t len;
    assert_null(tt_read_file("/", &len, &err));
    if (!strstr(err.msg, "Is a directory"))
        fail_msg("%s", err.msg);
}

static void test_store_times_follow_now(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *db = xasprintf("%s/t.db", dir);
    struct tt_err err;
    setenv("TICKETTY_NOW", "2026-01-02T03:04:05Z", 1);
    struct tt_store *st = tt_store_open(db, &err);
    assert_non_null(st);
    int64_t acct;
    assert_int_equal(tt_store_account_upsert(st, "demo", "local", NULL, &acct, &err), 0);
    struct tt_customer c = {.key = "k1",
                            .name = "K",
                            .mrr = 1,
                            .login_days_last_30 = -1,
                            .tickets_last_90_days = -1,
                            .resolved_tickets_last_90_days = -1,
                            .current_month_usage = -1,
                            .previous_month_usage = -1,
                            .failed_payments_last_90_days = -1};
    assert_int_equal(tt_store_customer_upsert(st, &c, NULL, &err), 0);
    tt_store_close(st);
    assert_int_equal(one_int(db, "SELECT created_at FROM accounts WHERE name = 'demo'"),
                     1767323045);
    assert_int_equal(one_int(db, "SELECT updated_at FROM customers WHERE key = 'k1'"), 1767323045);
    unsetenv("TICKETTY_NOW");
    tu_rmtree(dir);
    free(dir);
    free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_now_forms),
        cmocka_unit_test(test_time_parse_calendar),
        cmocka_unit_test(test_read_file_directory),
        cmocka_unit_test(test_store_times_follow_now),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
