/*
 * test_store_filter.c: the queue's text filter through the subject trigram
 * index (schemas 5 and 6) gives exactly what the scan gives: a table of filters
 * (case, non-ASCII case, CJK, LIKE's own characters, names, ticket numbers,
 * 1-2 character terms) over every order, status and window, before and after
 * subjects change and tickets go; and a database of schema 4 gets the index
 * built when it is opened.  Real SQLite file, the real demo writer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/store.h"
#include "ticketty/store_demo.h"
#include "ticketty/util.h"

#define NOW 1795000000

struct fx {
    char *dir, *db;
    struct tt_store *st;
    int64_t acme, local_501;
};

static void add_ticket(struct fx *f, int64_t acct, const char *ext, const char *subject,
                       int64_t requester, int64_t customer, bool deleted, int64_t *id)
{
    struct tt_err err;
    struct tt_ticket t = {.account_id = acct,
                          .external_id = (char *)ext,
                          .subject = (char *)subject,
                          .status = TT_STATUS_OPEN,
                          .priority = TT_PRIORITY_NORMAL,
                          .requester_id = requester,
                          .customer_id = customer,
                          .created_at = NOW - 7200,
                          .updated_at = NOW - 3600,
                          .deleted = deleted};
    if (tt_store_ticket_upsert(f->st, &t, id, &err) < 0)
        fail_msg("%s", err.msg);
}

static int setup(void **state)
{
    struct fx *f = xcalloc(1, sizeof *f);
    tu_store_fixture("filter.db", &f->dir, &f->db, &f->st, NULL);
    struct tt_err err;
    /* the demo: English and Chinese subjects, hostile ones, 12 contacts a customer */
    struct tt_demo_opts o = {.tickets = 1500, .customers = 40, .seed = 11, .now = NOW};
    if (tt_demo_populate(f->st, &o, NULL, NULL, NULL, &err) < 0)
        fail_msg("%s", err.msg);
    /* and a helpdesk account with subjects made to tell the paths apart */
    assert_int_equal(tt_store_account_upsert(f->st, "acme", "zendesk", "https://acme.zendesk.com",
                                             &f->acme, &err),
                     0);
    struct tt_customer c = {.key = "acme:9",
                            .account_id = f->acme,
                            .external_id = "9",
                            .name = "Zebra Quartz GmbH",
                            .plan = "pro"};
    int64_t cust, who;
    assert_int_equal(tt_store_customer_upsert(f->st, &c, &cust, &err), 0);
    struct tt_contact p = {.account_id = f->acme,
                           .external_id = "u1",
                           .name = "Ophélie Durand",
                           .email = "o@zq.example",
                           .customer_id = cust};
    assert_int_equal(tt_store_contact_upsert(f->st, &p, &who, &err), 0);
    add_ticket(f, f->acme, "501", "ÉCOLE: accents in upper case", who, cust, false, NULL);
    add_ticket(f, f->acme, "502", "école: accents in lower case", 0, 0, false, NULL);
    add_ticket(f, f->acme, "503", "50% discount_code not applied \\ twice", 0, 0, false, NULL);
    add_ticket(f, f->acme, "504", "REFUND the DOUBLE charge", 0, 0, false, NULL);
    add_ticket(f, f->acme, "505", "退款申请: 数据区域", 0, 0, false, NULL);
    add_ticket(f, f->acme, "506", "deleted refund ticket zzqx", 0, 0, true, NULL);
    add_ticket(f, f->acme, "x-77", "\"quoted\" AND OR NOT * ^ fts syntax", 0, 0, false, NULL);
    add_ticket(f, f->acme, "508", "KELVIN \xe2\x84\xaa sign and ß sharp", 0, 0, false, NULL);
    /* 1-2 character terms at a subject's end, and subjects shorter than a trigram */
    add_ticket(f, f->acme, "509", "a quiz that ends in Zq", 0, 0, false, NULL);
    add_ticket(f, f->acme, "510", "zQ", 0, 0, false, NULL);
    add_ticket(f, f->acme, "511", "\xc3\xa9", 0, 0, false, NULL); /* é */
    add_ticket(f, f->acme, "512", "", 0, 0, false, NULL);
    add_ticket(f, f->acme, "513", "\"*", 0, 0, false, NULL);
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

static const char *const filters[] = {
    "refund",
    "REFUND",
    "Refund",
    "fund the",
    "zzzq",
    "zzqx",
    "école",
    "ÉCOLE",
    "cole",
    "COLE:",
    "accents in",
    "50%",
    "% d",
    "discount_code",
    "t_c",
    "\\ tw",
    "退款",
    "退款申请",
    "数据区域",
    "区",
    "r",
    "re",
    "ref",
    "  ",
    "the",
    "\"quoted\"",
    "AND OR",
    "* ^",
    "kelvin k",
    "\xe2\x84\xaa s",
    "ss",
    "ß s",
    "501",
    "5",
    "x-77",
    "77",
    "ophélie",
    "OPHÉLIE",
    "Durand",
    "zebra",
    "quartz gmbh",
    "Grace",
    "Teams",
    "password",
    "密码",
    "\x1b[",
    "sso",
    "ΣΑΣ",
    "a b c",
    "\xff\xfe\x61\x62", /* invalid UTF-8: the scan */
    "\xef\xbf\xbd\xef\xbf\xbd\x78",
    "ref\xc3",
    /* 1-2 characters: through the index's vocabulary (schema 6) */
    "zq",
    "ZQ",
    "q",
    "Q",
    "\xc3\xa9", /* é */
    "\xc3\x89", /* É: LIKE tells it from é, the index does not */
    "\xc3\x89"
    "C",            /* ÉC */
    "\xe2\x84\xaa", /* KELVIN SIGN (folds to k in the index) */
    "k",
    "\xc3\x9f", /* ß */
    "\"",
    "\"*",
    "*",
    "%",
    "_",
    "\\",
    "' ",
    "\xe9\x80\x80",             /* 退 */
    "\xe7\x94\xb3\xe8\xaf\xb7", /* 申请 */
    "\xf0\x9f\x91\x8d",         /* 👍 */
    "\x01",
    "a\x01",
    "50",
    " z",
};

/* Every id of the filter's order, by windows read from the start or the end. */
static size_t list_ids(struct fx *f, const struct tt_ticket_filter *flt, bool tail, int64_t **out)
{
    struct tt_err err;
    int64_t *ids = NULL;
    size_t n = 0;
    for (int64_t off = 0;; off += 37) {
        struct tt_ticket *l;
        size_t k;
        int rc = tail ? tt_store_ticket_list_tail(f->st, flt, off, 37, &l, &k, &err)
                      : tt_store_ticket_list(f->st, flt, off, 37, &l, &k, &err);
        if (rc < 0)
            fail_msg("%s", err.msg);
        ids = xrealloc(ids, (n + k + 1) * sizeof *ids);
        for (size_t i = 0; i < k; i++) /* a tail window is in order; windows go backwards */
            ids[n + i] = l[i].id;
        n += k;
        tt_ticket_list_free(l, k);
        if (k < 37)
            break;
    }
    *out = ids;
    return n;
}

/* The indexed and scan paths agree on one filter: lists, tails, counts. */
static void compare(struct fx *f, struct tt_ticket_filter flt, const char *what)
{
    struct tt_err err;
    struct tt_ticket_filter scan = flt, idx = flt;
    scan.text_index = -1;
    idx.text_index = 1;
    int64_t n1, n2;
    assert_int_equal(tt_store_ticket_count(f->st, &scan, &n1, &err), 0);
    assert_int_equal(tt_store_ticket_count(f->st, &idx, &n2, &err), 0);
    if (n1 != n2)
        fail_msg("filter \"%s\" (%s): scan counts %lld, index %lld", flt.text, what, (long long)n1,
                 (long long)n2);
    assert_int_equal(tt_store_ticket_count_upto(f->st, &scan, 5, &n1, &err), 0);
    assert_int_equal(tt_store_ticket_count_upto(f->st, &idx, 5, &n2, &err), 0);
    assert_int_equal(n1, n2);
    for (int tail = 0; tail < 2; tail++) {
        int64_t *a, *b;
        size_t na = list_ids(f, &scan, tail, &a), nb = list_ids(f, &idx, tail, &b);
        if (na != nb || (na && memcmp(a, b, na * sizeof *a) != 0))
            fail_msg("filter \"%s\" (%s, %s): %zu rows by scan, %zu by index, or another order",
                     flt.text, what, tail ? "tail" : "list", na, nb);
        free(a);
        free(b);
    }
}

static void compare_all(struct fx *f)
{
    static const enum tt_ticket_order orders[] = {TT_ORDER_UPDATED_DESC, TT_ORDER_NEXT_BREACH,
                                                  TT_ORDER_ID};
    for (size_t i = 0; i < TT_ARRAY_LEN(filters); i++) {
        for (size_t o = 0; o < TT_ARRAY_LEN(orders); o++) {
            struct tt_ticket_filter flt;
            tt_ticket_filter_init(&flt);
            flt.text = filters[i];
            flt.order = orders[o];
            compare(f, flt, "all");
            flt.include_deleted = true;
            compare(f, flt, "with deleted");
        }
        struct tt_ticket_filter flt;
        tt_ticket_filter_init(&flt);
        flt.text = filters[i];
        flt.open_only = true;
        flt.priority = TT_PRIORITY_NORMAL;
        compare(f, flt, "open, normal");
    }
}

/* Spot checks that the table above exercises what it claims (not vacuous). */
static int64_t count(struct fx *f, const char *text, int index, bool deleted)
{
    struct tt_ticket_filter flt;
    tt_ticket_filter_init(&flt);
    flt.text = text;
    flt.text_index = index;
    flt.include_deleted = deleted;
    int64_t n;
    struct tt_err err;
    assert_int_equal(tt_store_ticket_count(f->st, &flt, &n, &err), 0);
    return n;
}

static void test_index_matches_scan(void **state)
{
    struct fx *f = *state;
    /* LIKE folds ASCII case only: "ÉCOLE" finds the upper-case subject alone,
     * although the trigram index (Unicode folding) proposes both */
    assert_int_equal(count(f, "ÉCOLE", 1, false), 1);
    assert_int_equal(count(f, "école", 1, false), 1);
    assert_int_equal(count(f, "cole:", 1, false), 2);
    assert_int_equal(count(f, "\xe2\x84\xaa s", 1, false), 1); /* KELVIN SIGN is not k */
    assert_int_equal(count(f, "kelvin k", 1, false), 0);
    assert_int_equal(count(f, "50%", 1, false), 1);
    assert_int_equal(count(f, "zzqx", 1, false), 0); /* deleted */
    assert_int_equal(count(f, "zzqx", 1, true), 1);
    assert_int_equal(count(f, "ophélie", 1, false), 1);     /* requester's name */
    assert_int_equal(count(f, "quartz gmbh", 1, false), 1); /* organisation's name */
    assert_int_equal(count(f, "x-77", 1, false), 1);        /* the helpdesk's id */
    assert_true(count(f, "refund", 1, false) > 10);
    assert_true(count(f, "Grace", 1, false) > 0);
    assert_true(count(f, "数据区域", 1, false) >= 1);
    compare_all(f); /* acme's tickets not indexed yet: candidates from the backlog */
    struct tt_err err;
    assert_int_equal(tt_store_ticket_filter_refresh(f->st, &err), 0);
    assert_int_equal(count(f, "ÉCOLE", 1, false), 1);
    assert_int_equal(count(f, "quartz gmbh", 1, false), 1);
    compare_all(f); /* and from the trigram index */
}

/* Terms of 1-2 characters are answered from the index (schema 6), not by a
 * scan: a ticket taken out of the index behind the store's back (and not in
 * the backlog) is missing from what the index path finds, while the scan
 * still finds it.  The subjects are the fixture's acme tickets, one with the
 * term at its end, one of the term alone. */
static void test_short_terms_through_index(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    assert_int_equal(tt_store_ticket_filter_refresh(f->st, &err), 0);
    assert_int_equal(count(f, "zq", -1, false), 2);
    assert_int_equal(count(f, "zq", 1, false), 2);
    assert_int_equal(count(f, "ZQ", 1, false), 2);
    assert_int_equal(count(f, "\xc3\xa9", -1, false), count(f, "\xc3\xa9", 1, false));
    assert_true(count(f, "\xc3\xa9", 1, false) >= 3); /* école, the subject é alone */
    assert_int_equal(count(f, "\xc3\x89", 1, false), count(f, "\xc3\x89", -1, false));
    char *cmd = xasprintf("sqlite3 '%s' \"DELETE FROM tickets_subject_fts WHERE rowid IN"
                          " (SELECT id FROM tickets WHERE external_id IN ('510', '511'))\"",
                          f->db);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    assert_int_equal(count(f, "zq", -1, false), 2);
    assert_int_equal(count(f, "zq", 1, false), 1); /* the subject zQ is not in the index */
    assert_int_equal(count(f, "\xc3\xa9", 1, false), count(f, "\xc3\xa9", -1, false) - 1);
    /* the automatic choice takes the index for a rare short term too */
    assert_int_equal(count(f, "zq", 0, false), 1);
}

/* The index follows the tickets: new subjects, changed ones, deleted tickets. */
static void test_index_follows_writes(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    int64_t id;
    assert_int_equal(tt_store_ticket_filter_refresh(f->st, &err), 0);
    add_ticket(f, f->acme, "600", "Quokka stampede in the billing page", 0, 0, false, &id);
    assert_int_equal(count(f, "quokka", 1, false), 1); /* before the refresh */
    assert_int_equal(tt_store_ticket_filter_refresh(f->st, &err), 0);
    assert_int_equal(count(f, "quokka", 1, false), 1); /* and after */
    /* a sync rewriting the same subject keeps it; a new subject replaces it */
    add_ticket(f, f->acme, "600", "Quokka stampede in the billing page", 0, 0, false, NULL);
    assert_int_equal(count(f, "quokka", 1, false), 1);
    add_ticket(f, f->acme, "600", "Wombat migration in the billing page", 0, 0, false, NULL);
    assert_int_equal(count(f, "quokka", 1, false), 0);
    assert_int_equal(count(f, "wombat", 1, false), 1);
    assert_int_equal(tt_store_ticket_filter_refresh(f->st, &err), 0);
    assert_int_equal(count(f, "quokka", 1, false), 0);
    assert_int_equal(count(f, "wombat", 1, false), 1);
    /* an id used again after the ticket holding it went (no AUTOINCREMENT) */
    char *sql =
        xasprintf("sqlite3 '%s' 'DELETE FROM tickets WHERE id = %lld'", f->db, (long long)id);
    assert_int_equal(system(sql), 0);
    free(sql);
    assert_int_equal(count(f, "wombat", 1, false), 0);
    int64_t again;
    add_ticket(f, f->acme, "601", "Echidna in the reports", 0, 0, false, &again);
    assert_int_equal(again, id);
    assert_int_equal(tt_store_ticket_filter_refresh(f->st, &err), 0);
    assert_int_equal(count(f, "wombat", 1, false), 0);
    assert_int_equal(count(f, "echidna", 1, false), 1);
    /* the demo replaced: its tickets leave the index with it */
    int64_t before = count(f, "refund", 1, true);
    assert_true(before > 10);
    assert_int_equal(tt_store_demo_purge(f->st, &err), 0);
    assert_int_equal(count(f, "refund", 1, true), 2); /* acme's 504 and 506 */
    assert_int_equal(count(f, "refund", -1, true), 2);
    compare_all(f);
}

/* The automatic choice: a rare term goes through the index, a common one
 * scans; both give the scan's answer (compare_all), this checks the choice
 * changes nothing a caller sees. */
static void test_auto_choice(void **state)
{
    struct fx *f = *state;
    assert_int_equal(count(f, "zzzq", 0, false), 0);
    assert_int_equal(count(f, "ÉCOLE", 0, false), 1);
    assert_int_equal(count(f, "the", 0, false), count(f, "the", -1, false));
    assert_int_equal(count(f, "re", 0, false), count(f, "re", -1, false));
}

/* A database made before the index (schema 4) gets it, built from its
 * tickets, when this build opens it. */
static void test_old_database_gets_index(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    int64_t want = count(f, "refund", -1, true);
    tt_store_close(f->st);
    /* take the database back to schema 4 (with the sqlite3 shell, as a user could not) */
    char *cmd = xasprintf("sqlite3 '%s' \"DROP TRIGGER tickets_subject_stale_insert;"
                          " DROP TRIGGER tickets_subject_stale_delete;"
                          " DROP TRIGGER tickets_subject_stale_update;"
                          " DROP TABLE tickets_subject_stale;"
                          " DROP TABLE tickets_subject_fts; PRAGMA user_version = 4;\"",
                          f->db);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    f->st = tt_store_open(f->db, &err);
    if (!f->st)
        fail_msg("%s", err.msg);
    assert_int_equal(count(f, "refund", 1, true), want);
    assert_int_equal(count(f, "ÉCOLE", 1, false), 1);
    int64_t id;
    add_ticket(f, f->acme, "700", "Platypus after the upgrade", 0, 0, false, &id);
    assert_int_equal(count(f, "platypus", 1, false), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_index_matches_scan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_follows_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_auto_choice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_terms_through_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_old_database_gets_index, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
