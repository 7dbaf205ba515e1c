/*
 * test_store_filter.c: the queue's text filter through the subject trigram
 * index (schemas 5 to 8) gives exactly what the scan gives: a table of filters
 * (case, non-ASCII case, CJK, LIKE's own characters, names, ticket numbers,
 * 1-2 character terms) over every order, status and window, before and after
 * subjects change and tickets go; case is folded beyond ASCII as
 * tt_text_fold folds it (Latin-1, Greek, Cyrillic, Armenian, fullwidth, the
 * KELVIN SIGN...) by both paths; and a database of schema 4 gets the index
 * built when it is opened, one of schema 6 gets it rebuilt folded, one of
 * schema 7 gets its backlog moved to the new table.  Real
 * SQLite file, the real demo writer.
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
    int64_t intl; /* the customer of the tickets with case beyond ASCII */
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

/* Subjects i01..i21 of the customer "Œuvre Ärzte AG"; i20's requester is
 * "Émile Zola". */
static const char *const intl_subjects[] = {
    "ÉMILE: le colis",             /* i01 Latin-1 */
    "émile a écrit",               /* i02 */
    "ДОСТАВКА задерживается",      /* i03 Cyrillic */
    "доставка пришла",             /* i04 */
    "ΟΔΥΣΣΕΥΣ ΣΤΟ ΣΠΙΤΙ",          /* i05 Greek capitals */
    "ο οδυσσευς ήρθε",             /* i06 final sigma */
    "ԲԱՐԵՎ ՁԵԶ",                   /* i07 Armenian */
    "բարեվ ձեզ",                   /* i08 */
    "ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ", /* i09 fullwidth Latin */
    "Straße gesperrt",             /* i10 */
    "STRASSE GESPERRT",            /* i11 ß is not ss */
    "STRA\u1e9eE ZU",              /* i12 capital sharp s: folds to ß */
    "数据 ＣＪＫ 退款",            /* i13 CJK has no case */
    "\u0130stanbul office",        /* i14 İ folds to i (FTS5 keeps it) */
    "\u0528 Cyrillic supplement",  /* i15 Ԩ (Unicode 7: FTS5 keeps it) */
    "Temperature 300 \u212a",      /* i16 KELVIN SIGN folds to k */
    "\u00b5-controller",           /* i17 MICRO SIGN folds to μ */
    "\u017ftrange long s",         /* i18 LONG S folds to s */
    "Ǆ digraph",                   /* i19 (title case ǅ, small ǆ) */
    "plain ASCII subject",         /* i20, whose requester is Émile Zola */
    "ⒶⒷⒸ circled",                 /* i21 FTS5 folds circled letters, the filter not */
};

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
    /* case beyond ASCII: one customer's tickets (unicode_cases below) */
    struct tt_customer c2 = {.key = "acme:10",
                             .account_id = f->acme,
                             .external_id = "10",
                             .name = "Œuvre Ärzte AG",
                             .plan = "pro"};
    assert_int_equal(tt_store_customer_upsert(f->st, &c2, &f->intl, &err), 0);
    struct tt_contact p2 = {.account_id = f->acme,
                            .external_id = "u2",
                            .name = "Émile Zola",
                            .email = "ez@oa.example",
                            .customer_id = f->intl};
    int64_t emile;
    assert_int_equal(tt_store_contact_upsert(f->st, &p2, &emile, &err), 0);
    for (size_t i = 0; i < TT_ARRAY_LEN(intl_subjects); i++) {
        char ext[8];
        snprintf(ext, sizeof ext, "i%02zu", i + 1);
        add_ticket(f, f->acme, ext, intl_subjects[i], i + 1 == 20 ? emile : 0, f->intl, false,
                   NULL);
    }
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
    "\xc3\x89", /* É */
    "ÉC",
    "\xe2\x84\xaa", /* KELVIN SIGN (folds to k) */
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

/* Case beyond ASCII, as tt_text_fold folds it: each filter and the
 * tickets of "Œuvre Ärzte AG" it must find (by subject, or by the requester's
 * or the organisation's name), by the scan, the index and the automatic
 * choice.  1-2 character filters go through the index's vocabulary. */
static const struct {
    const char *text, *want;
} unicode_cases[] = {
    {"émile", "i01 i02 i20"},
    {"ÉMILE", "i01 i02 i20"},
    {"Émile", "i01 i02 i20"},
    {"ZOLA", "i20"},
    {"œuvre ärzte", "*"},
    {"ŒUVRE", "*"},
    {"доставка", "i03 i04"},
    {"ДОСТАВКА", "i03 i04"},
    {"Доставка", "i03 i04"},
    {"οδυσσευς", "i05 i06"},
    {"ΟΔΥΣΣΕΥΣ", "i05 i06"},
    {"οδυσσευσ", "i05 i06"},
    {"υς", "i05 i06"},
    {"Σ", "i05 i06"},
    {"ς", "i05 i06"},
    {"բարեվ", "i07 i08"},
    {"ԲԱՐԵՎ", "i07 i08"},
    {"ձ", "i07 i08"},
    {"ｆｕｌｌｗｉｄｔｈ", "i09"},
    {"ＴＥＸＴ", "i09"},
    {"ｆ", "i09"},
    {"fullwidth", ""},
    {"straße", "i10 i12"},
    {"STRA\u1e9eE", "i10 i12"},
    {"ß", "i10 i12"},
    {"\u1e9e", "i10 i12"},
    {"strasse", "i11"},
    {"ss", "i11"},
    {"数据", "i13"},
    {"退款", "i13"},
    {"ｃｊｋ", "i13"},
    {"istanbul", "i14"},
    {"İSTANBUL", "i14"},
    {"\u0130S", "i01 i14"}, /* colis */
    {"ist", "i14"},
    {"\u0529", "i15"},
    {"\u0528 cyr", "i15"},
    {"300 k", "i16"},
    {"300 \u212a", "i16"},
    {"k", "i16"},
    {"\u212a", "i16"},
    {"μ-contr", "i17"},
    {"Μ-CONTROLLER", "i17"},
    {"\u00b5", "i17"},
    {"strange", "i18"},
    {"STRANGE", "i18"},
    {"ǆ", "i19"},
    {"ǅ digraph", "i19"},
    {"plain ascii", "i20"},
    {"PLAIN", "i20"},
    {"ⓐⓑⓒ", ""},
    {"ⒶⒷⒸ", "i21"},
    {"circled", "i21"},
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
    size_t n = TT_ARRAY_LEN(filters) + TT_ARRAY_LEN(unicode_cases);
    for (size_t i = 0; i < n; i++) {
        const char *text =
            i < TT_ARRAY_LEN(filters) ? filters[i] : unicode_cases[i - TT_ARRAY_LEN(filters)].text;
        for (size_t o = 0; o < TT_ARRAY_LEN(orders); o++) {
            struct tt_ticket_filter flt;
            tt_ticket_filter_init(&flt);
            flt.text = text;
            flt.order = orders[o];
            compare(f, flt, "all");
            flt.include_deleted = true;
            compare(f, flt, "with deleted");
        }
        struct tt_ticket_filter flt;
        tt_ticket_filter_init(&flt);
        flt.text = text;
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
    /* case folded beyond ASCII (tt_text_fold): "ÉCOLE" finds both subjects */
    assert_int_equal(count(f, "ÉCOLE", 1, false), 2);
    assert_int_equal(count(f, "école", 1, false), 2);
    assert_int_equal(count(f, "cole:", 1, false), 2);
    assert_true(count(f, "\xe2\x84\xaa s", 1, false) >= 1); /* KELVIN SIGN folds to k */
    assert_int_equal(count(f, "\xe2\x84\xaa s", 1, false), count(f, "k s", -1, false));
    assert_int_equal(count(f, "kelvin k", 1, false), 1);
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
    assert_int_equal(count(f, "ÉCOLE", 1, false), 2);
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
    assert_int_equal(count(f, "ÉCOLE", 0, false), 2);
    assert_int_equal(count(f, "the", 0, false), count(f, "the", -1, false));
    assert_int_equal(count(f, "re", 0, false), count(f, "re", -1, false));
}

/* The external ids of the intl customer's tickets the filter finds, in id
 * order, space separated ("*" when it is all of them). */
static char *intl_found(struct fx *f, const char *text, int index)
{
    struct tt_ticket_filter flt;
    tt_ticket_filter_init(&flt);
    flt.text = text;
    flt.text_index = index;
    flt.customer_id = f->intl;
    flt.order = TT_ORDER_ID;
    struct tt_err err;
    struct tt_ticket *l;
    size_t n;
    if (tt_store_ticket_list(f->st, &flt, 0, 100, &l, &n, &err) < 0)
        fail_msg("%s", err.msg);
    int64_t counted;
    assert_int_equal(tt_store_ticket_count(f->st, &flt, &counted, &err), 0);
    assert_int_equal(counted, (int64_t)n);
    struct tt_buf b = {0};
    for (size_t i = 0; i < n; i++)
        tt_buf_printf(&b, "%s%s", i ? " " : "", l[i].external_id);
    tt_ticket_list_free(l, n);
    if (n == TT_ARRAY_LEN(intl_subjects)) {
        tt_buf_free(&b);
        return xstrdup("*");
    }
    return tt_buf_steal(&b);
}

static void check_unicode_cases(struct fx *f)
{
    int bad = 0;
    for (size_t i = 0; i < TT_ARRAY_LEN(unicode_cases); i++) {
        static const struct {
            int index;
            const char *name;
        } paths[] = {{-1, "scan"}, {1, "index"}, {0, "auto"}};
        for (size_t p = 0; p < TT_ARRAY_LEN(paths); p++) {
            char *got = intl_found(f, unicode_cases[i].text, paths[p].index);
            if (strcmp(got, unicode_cases[i].want) != 0) {
                print_message("filter \"%s\" by %s: found [%s], want [%s]\n", unicode_cases[i].text,
                              paths[p].name, got, unicode_cases[i].want);
                bad++;
            }
            free(got);
        }
    }
    if (bad)
        fail_msg("%d of %zu filter x path cases differ", bad, 3 * TT_ARRAY_LEN(unicode_cases));
}

static void test_unicode_case(void **state)
{
    struct fx *f = *state;
    check_unicode_cases(f); /* the intl tickets in the backlog, not indexed yet */
    struct tt_err err;
    assert_int_equal(tt_store_ticket_filter_refresh(f->st, &err), 0);
    check_unicode_cases(f); /* through the trigram index */
}

/* The backlog as a database of schema 5 to 7 has it (before migration 8
 * moved it): table tickets_subject_stale and the triggers writing to it, as
 * the schema 5 fragment made them. */
#define OLD_BACKLOG_SQL                                                                            \
    "DROP TRIGGER tickets_filter_backlog_insert; DROP TRIGGER tickets_filter_backlog_update;"      \
    " DROP TRIGGER tickets_filter_backlog_delete;"                                                 \
    " CREATE TABLE tickets_subject_stale (id INTEGER PRIMARY KEY);"                                \
    " INSERT INTO tickets_subject_stale SELECT id FROM tickets_filter_backlog;"                    \
    " DROP TABLE tickets_filter_backlog;"                                                          \
    " CREATE TRIGGER tickets_subject_stale_insert AFTER INSERT ON tickets BEGIN"                   \
    "  INSERT INTO tickets_subject_stale(id) VALUES (new.id) ON CONFLICT(id) DO NOTHING; END;"     \
    " CREATE TRIGGER tickets_subject_stale_update AFTER UPDATE OF subject ON tickets"              \
    "  WHEN old.subject IS NOT new.subject BEGIN"                                                  \
    "  INSERT INTO tickets_subject_stale(id) VALUES (new.id) ON CONFLICT(id) DO NOTHING; END;"     \
    " CREATE TRIGGER tickets_subject_stale_delete AFTER DELETE ON tickets BEGIN"                   \
    "  INSERT INTO tickets_subject_stale(id) VALUES (old.id) ON CONFLICT(id) DO NOTHING; END;"

/* The first line the sqlite3 shell prints for sql on db (its exit status in
 * *rc), without the newline. */
static char *shell(const char *db, const char *sql, int *rc)
{
    char *cmd = xasprintf("sqlite3 '%s' \"%s\" 2>&1", db, sql);
    FILE *p = popen(cmd, "r");
    free(cmd);
    assert_non_null(p);
    char line[256] = "";
    if (!fgets(line, sizeof line, p))
        line[0] = 0;
    line[strcspn(line, "\n")] = 0;
    int st = pclose(p);
    if (rc)
        *rc = st;
    return xstrdup(line);
}

/* A database of schema 6 indexed the subjects as they are: FTS5 keeps İ, so
 * the index path missed "İstanbul" for "istanbul".  Opened by this build it
 * gets them folded (migration 7), and the index path finds it. */
static void test_schema6_index_refolded(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    assert_int_equal(tt_store_ticket_filter_refresh(f->st, &err), 0);
    tt_store_close(f->st);
    f->st = NULL;
    char *cmd = xasprintf("sqlite3 '%s' \"DELETE FROM tickets_subject_fts;"
                          " INSERT INTO tickets_subject_fts(rowid, subject)"
                          "   SELECT id, subject || char(1, 1) FROM tickets;" OLD_BACKLOG_SQL ";"
                          " PRAGMA user_version = 6;\"",
                          f->db);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    /* opened as schema 6 by hand: the raw index, read without migrating */
    cmd = xasprintf("sqlite3 '%s' \"SELECT count(*) FROM tickets_subject_fts"
                    " WHERE tickets_subject_fts MATCH 'ist sta tan anb nbu bul'\"",
                    f->db);
    FILE *p = popen(cmd, "r");
    free(cmd);
    assert_non_null(p);
    char line[32] = "";
    assert_non_null(fgets(line, sizeof line, p));
    assert_int_equal(pclose(p), 0);
    assert_string_equal(line, "0\n"); /* the trigrams of "istanbul": İstanbul lacks "ist" */
    f->st = tt_store_open(f->db, &err);
    if (!f->st)
        fail_msg("%s", err.msg);
    assert_int_equal(count(f, "istanbul", 1, false), 1);
    assert_int_equal(count(f, "\u0528 cyr", 1, false), 1);
    check_unicode_cases(f);
    compare_all(f);
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
    char *cmd = xasprintf("sqlite3 '%s' \"DROP TRIGGER tickets_filter_backlog_insert;"
                          " DROP TRIGGER tickets_filter_backlog_delete;"
                          " DROP TRIGGER tickets_filter_backlog_update;"
                          " DROP TABLE tickets_filter_backlog;"
                          " DROP TABLE tickets_subject_fts; PRAGMA user_version = 4;\"",
                          f->db);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    f->st = tt_store_open(f->db, &err);
    if (!f->st)
        fail_msg("%s", err.msg);
    assert_int_equal(count(f, "refund", 1, true), want);
    assert_int_equal(count(f, "ÉCOLE", 1, false), 2);
    int64_t id;
    add_ticket(f, f->acme, "700", "Platypus after the upgrade", 0, 0, false, &id);
    assert_int_equal(count(f, "platypus", 1, false), 1);
}

/* Schema 8 moved the backlog to tickets_filter_backlog, so that a console of
 * an earlier build left open across the upgrade fails to re-index with its
 * own (unpadded, unfolded) statements instead of writing a wrong index.  A
 * database of schema 7 with a subject changed and not re-indexed yet keeps
 * that ticket in the backlog, and the filter finds it; the old table is gone,
 * so the old re-index statement fails ("no such table"). */
static void test_schema7_backlog_moved(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    assert_int_equal(tt_store_ticket_filter_refresh(f->st, &err), 0);
    tt_store_close(f->st);
    f->st = NULL;
    int rc;
    char *out = shell(f->db,
                      OLD_BACKLOG_SQL "; PRAGMA user_version = 7;"
                                      " UPDATE tickets SET subject = 'Wombat in the server room'"
                                      "   WHERE id = (SELECT min(id) FROM tickets);"
                                      " SELECT count(*) FROM tickets_subject_stale;",
                      &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(out, "1"); /* noted by the schema 7 trigger, not re-indexed */
    free(out);
    f->st = tt_store_open(f->db, &err);
    if (!f->st)
        fail_msg("%s", err.msg);
    out = shell(f->db,
                "SELECT (SELECT count(*) FROM tickets_filter_backlog WHERE id = (SELECT min(id)"
                " FROM tickets)) || '/' || (SELECT count(*) FROM tickets_filter_backlog), (SELECT "
                "count(*) FROM sqlite_master WHERE name LIKE"
                " 'tickets_subject_stale%'), (SELECT count(*) FROM sqlite_master WHERE type ="
                " 'trigger' AND name LIKE 'tickets_filter_backlog_%')",
                &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(out, "1/1|0|3"); /* the pending row kept; no old table or trigger */
    free(out);
    assert_int_equal(tt_store_schema_version(), 8);
    /* the filter finds the pending ticket before and after the re-index */
    assert_int_equal(count(f, "wombat", 1, false), 1);
    assert_int_equal(tt_store_ticket_filter_refresh(f->st, &err), 0);
    assert_int_equal(count(f, "wombat", 1, false), 1);
    /* an earlier build's re-index statement fails loudly */
    out = shell(f->db,
                "DELETE FROM tickets_subject_fts WHERE rowid IN"
                " (SELECT id FROM tickets_subject_stale)",
                &rc);
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(out, "no such table: tickets_subject_stale"));
    free(out);
    /* and the new triggers note a retitled ticket in the new backlog */
    int64_t id;
    add_ticket(f, f->acme, "701", "Numbat after the upgrade", 0, 0, false, &id);
    out = shell(f->db, "SELECT count(*) FROM tickets_filter_backlog", &rc);
    assert_string_equal(out, "1");
    free(out);
    assert_int_equal(count(f, "numbat", 1, false), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_index_matches_scan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_follows_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_auto_choice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_terms_through_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_old_database_gets_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unicode_case, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema6_index_refolded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema7_backlog_moved, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
