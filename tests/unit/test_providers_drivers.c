/*
 * test_providers_drivers.c: the Freshdesk and Intercom drivers end to end:
 * the real sync engine, a real SQLite file and real HTTP over loopback
 * against the fake servers (sync2_fake.h).  Every scenario runs for both
 * providers: full pull, incremental pull, kill-and-resume (a child process
 * SIGKILLed mid-pull), every fault (429, 500, dropped connection, truncated
 * and malformed JSON, 401), every push with the crash check and the
 * stale-reply guard.  After each: every ticket exactly once, the events
 * exactly once, the cursor where it should be, and clear errors.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fakesrv.h"
#include "sync2_fake.h"
#include "sync_fixture.h"
#include "testutil.h"
#include "ticketty/accounts.h"
#include "ticketty/config.h"
#include "ticketty/store.h"
#include "ticketty/store_sync.h"
#include "ticketty/sync.h"
#include "ticketty/util.h"

#define N_TICKETS  25
#define N_COMMENTS 3
#define PAGE       10

struct fx {
    enum s2_provider prov;
    char *dir, *db;
    struct s2_fake *fake;
    struct tt_account_conf conf;
    struct tt_store *st;
    int64_t acct;
};

static int setup(void **state, enum s2_provider prov)
{
    struct fx *f = xcalloc(1, sizeof *f);
    f->prov = prov;
    f->dir = tu_tmpdir();
    f->db = xasprintf("%s/t.db", f->dir);
    struct s2_fake_opts o = {.provider = prov,
                             .tickets = N_TICKETS,
                             .comments = N_COMMENTS,
                             .contacts = 7,
                             .companies = 3,
                             .token = "s3cret"};
    f->fake = s2_fake_start(&o);
    setenv("S2_TEST_TOKEN", "s3cret", 1);
    f->conf.name = xstrdup(prov == S2_FRESHDESK ? "fd" : "ic");
    f->conf.provider = xstrdup(prov == S2_FRESHDESK ? "freshdesk" : "intercom");
    f->conf.url = xstrdup(s2_fake_url(f->fake));
    f->conf.token_env = xstrdup("S2_TEST_TOKEN");
    f->conf.page_size = PAGE;
    struct tt_err err;
    f->st = tt_store_open(f->db, &err);
    if (!f->st)
        fail_msg("%s", err.msg);
    if (tt_sync_account_id(f->st, &f->conf, &f->acct, &err) < 0)
        fail_msg("%s", err.msg);
    *state = f;
    return 0;
}

static int setup_fd(void **state)
{
    return setup(state, S2_FRESHDESK);
}

static int setup_ic(void **state)
{
    return setup(state, S2_INTERCOM);
}

static int teardown(void **state)
{
    struct fx *f = *state;
    if (f->st)
        tt_store_close(f->st);
    s2_fake_stop(f->fake);
    tt_account_conf_clear(&f->conf);
    tu_rmtree(f->dir);
    free(f->dir);
    free(f->db);
    free(f);
    return 0;
}

static int pull(struct fx *f, bool full, struct tt_sync_stats *s, struct tt_err *err)
{
    struct tt_sync_opts o = {.full = full};
    memset(s, 0, sizeof *s);
    return tt_sync_pull(f->st, &f->conf, &o, s, err);
}

static void pull_ok(struct fx *f, bool full)
{
    struct tt_sync_stats s;
    struct tt_err err;
    if (pull(f, full, &s, &err) < 0)
        fail_msg("%s pull: %s", f->conf.provider, err.msg);
}

static int64_t count_tickets(struct fx *f)
{
    int64_t n = -1;
    struct tt_err err;
    if (tt_store_ticket_count_account(f->st, f->acct, &n, &err) < 0)
        fail_msg("%s", err.msg);
    return n;
}

/* The stored ticket for fake ticket i (must exist). */
static void get_ticket(struct fx *f, int i, struct tt_ticket *t)
{
    struct tt_err err;
    int rc = tt_store_ticket_by_external(f->st, f->acct, s2_fake_ticket_id(f->fake, i), t, &err);
    if (rc != 1)
        fail_msg("ticket %s not stored (%d): %s", s2_fake_ticket_id(f->fake, i), rc,
                 rc < 0 ? err.msg : "");
}

static size_t count_events(struct fx *f, int i, int type)
{
    struct tt_ticket t;
    get_ticket(f, i, &t);
    struct tt_event *ev;
    size_t n, k = 0;
    struct tt_err err;
    if (tt_store_event_list(f->st, t.id, &ev, &n, &err) < 0)
        fail_msg("%s", err.msg);
    for (size_t j = 0; j < n; j++)
        if (type < 0 || (int)ev[j].type == type)
            k++;
    tt_event_list_free(ev, n);
    tt_ticket_clear(&t);
    return k;
}

/* Every ticket exactly once with its whole conversation exactly once. */
static void assert_store_complete(struct fx *f)
{
    assert_int_equal(count_tickets(f), N_TICKETS);
    for (int i = 0; i < N_TICKETS; i++) {
        size_t want = (size_t)s2_fake_comments(f->fake, i) + 1; /* + first message */
        size_t got = count_events(f, i, TT_EV_COMMENT);
        if (got != want)
            fail_msg("%s ticket %d: %zu comments stored, want %zu", f->conf.provider, i, got, want);
    }
}

static char *cursor(struct fx *f)
{
    char *c = NULL;
    struct tt_err err;
    if (tt_store_sync_cursor(f->st, f->acct, "pull", &c, &err) < 0)
        fail_msg("%s", err.msg);
    return c;
}

static void test_full_pull(void **state)
{
    struct fx *f = *state;
    pull_ok(f, true);
    assert_store_complete(f);
    /* Mapping through the engine: statuses, priorities, people, customers. */
    struct tt_ticket t;
    /* Freshdesk ticket 3 has status 5 (closed); Intercom's 2 is state closed (solved). */
    int closed = f->prov == S2_FRESHDESK ? 3 : 2;
    get_ticket(f, closed, &t);
    assert_int_equal(t.status, f->prov == S2_FRESHDESK ? TT_STATUS_CLOSED : TT_STATUS_SOLVED);
    assert_string_equal(t.raw_status, "closed");
    assert_non_null(t.requester);
    assert_string_equal(t.requester, f->prov == S2_FRESHDESK ? "Customer 3" : "Customer 2");
    assert_true(t.resolved_at > 0);
    tt_ticket_clear(&t);
    get_ticket(f, 1, &t); /* assigned to agent 12 in group 22; snoozed/pending */
    assert_int_equal(t.status, TT_STATUS_PENDING);
    assert_non_null(t.assignee);
    assert_string_equal(t.assignee, f->prov == S2_FRESHDESK ? "Agent 12" : "Agent Twelve");
    {
        struct tt_event *ev;
        size_t n;
        struct tt_err err;
        assert_int_equal(tt_store_event_list(f->st, t.id, &ev, &n, &err), 0);
        assert_true(n >= 3);
        /* The agent's message is named after the agent, the customer's after them. */
        assert_int_equal(ev[2].author_role, TT_AUTHOR_AGENT);
        assert_string_equal(ev[2].author, f->prov == S2_FRESHDESK ? "Agent 11" : "Agent Eleven");
        assert_int_equal(ev[1].author_role, TT_AUTHOR_END_USER);
        assert_string_equal(ev[1].author, "Customer 1");
        tt_event_list_free(ev, n);
    }
    assert_non_null(t.group);
    tt_ticket_clear(&t);
    get_ticket(f, 0, &t);
    assert_int_equal(t.status, TT_STATUS_OPEN);
    assert_int_equal(t.priority, TT_PRIORITY_LOW);
    assert_string_equal(t.tags, "fake even");
    assert_int_equal(t.resolved_at, 0);
    int64_t cust = t.customer_id;
    tt_ticket_clear(&t);
    if (f->prov == S2_FRESHDESK) { /* Intercom conversations name no company */
        struct tt_customer c;
        struct tt_err err;
        assert_int_equal(tt_store_customer_get(f->st, cust, &c, &err), 1);
        assert_string_equal(c.name, "Company 0");
        assert_string_equal(c.plan, "free");
        assert_true(c.mrr == 100);
        assert_string_equal(c.csm, "csm0@vendor.io");
        tt_customer_clear(&c);
    }
    /* Drained: the cursor starts the next incremental run. */
    char *c = cursor(f);
    assert_non_null(c);
    assert_true(tt_has_prefix(c, f->prov == S2_FRESHDESK ? "fd1 agents 1 " : "ic1 admins 1 - "));
    free(c);
}

static void test_incremental(void **state)
{
    struct fx *f = *state;
    pull_ok(f, true);
    int before = s2_fake_hits(f->fake, NULL);
    /* Nothing changed: no ticket's conversation is fetched again except the
     * boundary one(s) the inclusive/overlapping window re-reads. */
    pull_ok(f, false);
    int quiet = s2_fake_hits(f->fake, NULL) - before;
    /* Freshdesk: agents, groups, companies, deleted, spam, tickets (the boundary
     * ticket is skipped by id); Intercom re-reads its 5-minute overlap. */
    if (f->prov == S2_FRESHDESK)
        assert_int_equal(quiet, 6);
    else
        assert_true(quiet <= 6 + 31);
    assert_store_complete(f);

    int64_t later = 1700000000 + 10 * N_TICKETS + 1000;
    s2_fake_touch(f->fake, 2, later, true);
    s2_fake_touch(f->fake, 17, later + 1, true);
    s2_fake_delete(f->fake, 9, later + 2);
    if (f->prov == S2_FRESHDESK)
        s2_fake_spam(f->fake, 7, later + 3);
    pull_ok(f, false);
    assert_store_complete(f); /* the touched ones have their new comment, once */
    struct tt_ticket t;
    get_ticket(f, 9, &t);
    assert_true(t.deleted);
    tt_ticket_clear(&t);
    if (f->prov == S2_FRESHDESK) { /* spam leaves the list: tombstoned too */
        get_ticket(f, 7, &t);
        assert_true(t.deleted);
        tt_ticket_clear(&t);
    }
    get_ticket(f, 2, &t);
    assert_int_equal(t.updated_at, later);
    tt_ticket_clear(&t);
    /* Again: still once each. */
    pull_ok(f, false);
    assert_store_complete(f);

    /* Changed, listed, then gone before its conversation is read (404):
     * the pull goes on and the ticket is marked deleted. */
    s2_fake_touch(f->fake, 3, later + 50, false);
    s2_fake_fault(f->fake, S2_F_404,
                  f->prov == S2_FRESHDESK ? "/api/v2/tickets/1004/conversations"
                                          : "GET /conversations/1004",
                  1);
    pull_ok(f, false);
    get_ticket(f, 3, &t);
    assert_true(t.deleted);
    tt_ticket_clear(&t);
    assert_int_equal(count_tickets(f), N_TICKETS);

    /* A bulk update: more tickets than a page share one updated_at second. */
    for (int i = 10; i < 10 + PAGE + 5; i++)
        s2_fake_touch(f->fake, i, later + 100, true);
    int convs = s2_fake_hits(f->fake, "/conversations");
    pull_ok(f, false);
    assert_store_complete(f);
    if (f->prov == S2_FRESHDESK) /* each touched ticket's conversation fetched once */
        assert_int_equal(s2_fake_hits(f->fake, "/conversations") - convs, PAGE + 5);
    convs = s2_fake_hits(f->fake, "/conversations");
    pull_ok(f, false);
    assert_store_complete(f);
    if (f->prov == S2_FRESHDESK) /* ... and not again: all of them are the boundary */
        assert_int_equal(s2_fake_hits(f->fake, "/conversations") - convs, 0);
}

static void test_kill_and_resume(void **state)
{
    struct fx *f = *state;
    for (int stop_after = 3; stop_after <= 30; stop_after += 9) {
        tt_store_close(f->st);
        f->st = NULL;
        s2_fake_hold_after(f->fake, stop_after);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            struct tt_err err;
            struct tt_store *st = tt_store_open(f->db, &err);
            struct tt_sync_opts o = {.full = false};
            struct tt_sync_stats s = {0};
            if (st)
                tt_sync_pull(st, &f->conf, &o, &s, &err);
            _exit(0);
        }
        while (s2_fake_held(f->fake) == 0) {
            int status;
            if (waitpid(pid, &status, WNOHANG) == pid) {
                pid = -1; /* finished before the hold point */
                break;
            }
            usleep(2000);
        }
        if (pid > 0) {
            kill(pid, SIGKILL); /* mid-request, mid-pull */
            waitpid(pid, NULL, 0);
        }
        s2_fake_hold_after(f->fake, -1);
        struct tt_err err;
        f->st = tt_store_open(f->db, &err);
        assert_non_null(f->st);
    }
    pull_ok(f, false);
    pull_ok(f, false);
    assert_store_complete(f);
}

static void test_faults(void **state)
{
    struct fx *f = *state;
    bool fd = f->prov == S2_FRESHDESK;
    /* The list of changed tickets and one ticket's conversation. */
    const char *list = fd ? "GET /api/v2/tickets" : "POST /conversations/search";
    const char *one = fd ? "/api/v2/tickets/1005/conversations" : "GET /conversations/1005";
    static const struct {
        enum s2_fault kind;
        bool second;   /* on the single-ticket fetch */
        bool fails;    /* the pull fails (then the next one recovers) */
        bool fails_ic; /* ... for Intercom */
        const char *msg;
    } rows[] = {
        {S2_F_429, false, false, false, NULL},
        {S2_F_500, true, false, false, NULL},
        {S2_F_DROP, true, false, false, NULL},
        {S2_F_DROP, false, false, false, NULL}, /* Intercom: its read-only search POST */
        {S2_F_TRUNCATE, true, true, true, "malformed JSON"},
        {S2_F_MALFORMED, false, true, true, "malformed JSON"},
        {S2_F_401, false, true, true, "401"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(rows); i++) {
        s2_fake_fault(f->fake, rows[i].kind, rows[i].second ? one : list, 1);
        struct tt_sync_stats s;
        struct tt_err err = {{0}};
        int rc = pull(f, true, &s, &err);
        if (fd ? rows[i].fails : rows[i].fails_ic) {
            if (rc != -1)
                fail_msg("%s fault row %zu: the pull did not fail", f->conf.provider, i);
            if (!strstr(err.msg, rows[i].msg) || !strstr(err.msg, f->conf.provider))
                fail_msg("%s fault row %zu: unclear error \"%s\"", f->conf.provider, i, err.msg);
            if (rows[i].kind == S2_F_401)
                assert_int_equal(s.fail, TT_HTTP_AUTH);
            else
                assert_non_null(strstr(err.msg, rows[i].second ? one + (one[0] == 'G' ? 4 : 0)
                                                               : list + (fd ? 4 : 5)));
            pull_ok(f, false); /* the fault is gone: resumes from the saved cursor */
            pull_ok(f, false);
        } else if (rc < 0) {
            fail_msg("%s fault row %zu: %s", f->conf.provider, i, err.msg);
        }
        assert_store_complete(f);
    }
    /* A wrong token: 401, named as an authentication failure, nothing stored twice. */
    setenv("S2_TEST_TOKEN", "wrong", 1);
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(pull(f, false, &s, &err), -1);
    assert_int_equal(s.fail, TT_HTTP_AUTH);
    setenv("S2_TEST_TOKEN", "s3cret", 1);
    pull_ok(f, false);
    assert_store_complete(f);
}

static int64_t queue(struct fx *f, int i, const char *kind, const char *value, int64_t base)
{
    struct tt_ticket t;
    get_ticket(f, i, &t);
    int64_t id = 0;
    struct tt_err err;
    if (tt_outbox_queue(f->st, t.id, kind, value, base, &id, &err) < 0)
        fail_msg("queue %s: %s", kind, err.msg);
    tt_ticket_clear(&t);
    return id;
}

static void push_ok(struct fx *f)
{
    struct tt_sync_opts o = {0};
    struct tt_sync_stats s = {0};
    struct tt_err err;
    if (tt_sync_push(f->st, &f->conf, &o, &s, &err) < 0)
        fail_msg("push: %s", err.msg);
}

static void test_push(void **state)
{
    struct fx *f = *state;
    bool fd = f->prov == S2_FRESHDESK;
    pull_ok(f, true);
    int c0 = s2_fake_comments(f->fake, 0);
    int64_t ids[] = {
        queue(f, 0, "reply", "Thanks <Ann> & welcome\nsecond line", 0),
        queue(f, 0, "note", "internal only", 0),
        queue(f, 0, "status", "pending", 0),
        queue(f, 0, "priority", "urgent", 0),
        queue(f, 0, "assignee", "12", 0),
        queue(f, 0, "group", "22", 0),
        queue(f, 0, "tags", "+vip -even", 0),
    };
    push_ok(f);
    for (size_t i = 0; i < TT_ARRAY_LEN(ids); i++) {
        char *e = NULL;
        enum tt_outbox_state s = tu_outbox_state(f->st, ids[i], &e);
        if (s != TT_OUT_SENT)
            fail_msg("%s item %zu: %s (%s)", f->conf.provider, i, tt_outbox_state_name(s),
                     e ? e : "");
        free(e);
    }
    char *doc = s2_fake_ticket_json(f->fake, 0);
    if (fd) {
        assert_non_null(strstr(doc, "\"status\":3"));
        assert_non_null(strstr(doc, "\"priority\":4"));
        assert_non_null(strstr(doc, "\"responder_id\":12"));
        assert_non_null(strstr(doc, "\"group_id\":22"));
        assert_non_null(strstr(doc, "\"tags\":[\"fake\",\"vip\"]"));
        char *b = s2_fake_last_body(f->fake, "/reply");
        assert_non_null(strstr(b, "Thanks &lt;Ann&gt; &amp; welcome<br>second line"));
        free(b);
        b = s2_fake_last_body(f->fake, "/notes");
        assert_non_null(strstr(b, "\"private\":true"));
        free(b);
    } else {
        assert_non_null(strstr(doc, "\"state\":\"snoozed\""));
        assert_non_null(strstr(doc, "\"admin_assignee_id\":12"));
        assert_non_null(strstr(doc, "\"team_assignee_id\":\"22\""));
        assert_non_null(strstr(doc, "\"priority\":\"urgent\"")); /* custom attribute */
        assert_non_null(strstr(doc, "\"name\":\"vip\""));
        assert_null(strstr(doc, "\"name\":\"even\""));
        char *b = s2_fake_last_body(f->fake, "/reply");
        assert_non_null(strstr(b, "\"message_type\":\"note\""));
        assert_non_null(strstr(b, "\"admin_id\":\"11\"")); /* from GET /me */
        free(b);
    }
    free(doc);
    /* Intercom's status change is a part too, so it counts beyond the two texts. */
    int c1 = s2_fake_comments(f->fake, 0);
    assert_true(c1 >= c0 + 2);

    /* Crash check: a reply that reached the provider, but the process died
     * before marking it sent (item left in `sending`), is not posted again. */
    int64_t id = queue(f, 1, "reply", "sent once only", 0);
    struct tt_err err;
    assert_int_equal(tt_store_outbox_set_state(f->st, id, TT_OUT_SENDING, NULL, 0, true, &err), 0);
    int before = s2_fake_comments(f->fake, 1);
    push_ok(f); /* nothing reached the provider yet: remote check, then a send */
    assert_int_equal(tu_outbox_state(f->st, id, NULL), TT_OUT_SENT);
    assert_int_equal(s2_fake_comments(f->fake, 1), before + 1);
    assert_int_equal(tt_store_outbox_set_state(f->st, id, TT_OUT_SENDING, NULL, 0, true, &err), 0);
    push_ok(f); /* the key is on the remote now: marked sent, not posted again */
    assert_int_equal(tu_outbox_state(f->st, id, NULL), TT_OUT_SENT);
    assert_int_equal(s2_fake_comments(f->fake, 1), before + 1);

    /* Stale-reply guard: the customer wrote after the agent opened the ticket. */
    struct tt_ticket t;
    get_ticket(f, 4, &t);
    int64_t seen = t.updated_at;
    tt_ticket_clear(&t);
    s2_fake_touch(f->fake, 4, seen + 500, true);
    id = queue(f, 4, "reply", "answering an old question", seen);
    push_ok(f);
    char *e = NULL;
    assert_int_equal(tu_outbox_state(f->st, id, &e), TT_OUT_HELD);
    assert_non_null(strstr(e, "changed on the helpdesk"));
    free(e);

    /* A failed write keeps the text and the provider's error. */
    s2_fake_fault(f->fake, S2_F_401, "/reply", 1);
    id = queue(f, 5, "reply", "kept on failure", 0);
    struct tt_sync_opts o = {0};
    struct tt_sync_stats s = {0};
    tt_sync_push(f->st, &f->conf, &o, &s, &err);
    assert_int_equal(tu_outbox_state(f->st, id, &e), TT_OUT_FAILED);
    assert_non_null(strstr(e, "401"));
    free(e);

    /* Invalid UTF-8 (a reply saved in Latin-1): sent with U+FFFD, never without its body. */
    id = queue(f, 6, "reply", "Caf\xe9 is open", 0);
    int64_t tid = queue(f, 6, "tags", "+caf\xe9", 0);
    push_ok(f);
    for (int k = 0; k < 2; k++) {
        e = NULL;
        enum tt_outbox_state st = tu_outbox_state(f->st, k ? tid : id, &e);
        if (st != TT_OUT_SENT)
            fail_msg("%s item %d: %s (%s)", f->conf.provider, k, tt_outbox_state_name(st),
                     e ? e : "");
        free(e);
    }
    char *b = s2_fake_last_body(f->fake, "/reply");
    assert_non_null(b);
    if (!strstr(b, "Caf\xef\xbf\xbd is open"))
        fail_msg("%s reply body: %s", f->conf.provider, b);
    free(b);
    doc = s2_fake_ticket_json(f->fake, 6);
    if (!strstr(doc, fd ? "\"caf\xef\xbf\xbd\"" : "\"name\":\"caf\xef\xbf\xbd\""))
        fail_msg("%s tags: %s", f->conf.provider, doc);
    free(doc);
}

/* Freshdesk custom statuses: the accounts section's statuses map reaches the
 * driver; a bad entry is reported with file and line. */
static void test_statuses_config(void **state)
{
    struct fx *f = *state;
    char *path = tu_write_file(f->dir, "config.yaml",
                               "accounts:\n"
                               "  fd:\n"
                               "    provider: freshdesk\n"
                               "    url: http://127.0.0.1:9\n"
                               "    token_env: S2_TEST_TOKEN\n"
                               "    statuses:\n"
                               "      6: pending\n"
                               "      7: on_hold\n");
    struct tt_err err;
    struct tt_config *cfg = tt_config_load(path, true, &err);
    if (!cfg)
        fail_msg("%s", err.msg);
    struct tt_account_conf *l;
    size_t n;
    assert_int_equal(tt_accounts_load(cfg, &l, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(l[0].status_map, "6=pending,7=on_hold");
    free(f->conf.status_map);
    f->conf.status_map = xstrdup(l[0].status_map);
    tt_accounts_free(l, n);
    tt_config_free(cfg);
    free(path);
    pull_ok(f, true);
    struct tt_ticket t;
    get_ticket(f, 4, &t); /* Freshdesk status 6 */
    assert_int_equal(t.status, TT_STATUS_PENDING);
    assert_string_equal(t.raw_status, "status 6");
    tt_ticket_clear(&t);
    /* Writing on_hold uses the code configured for it. */
    int64_t id = queue(f, 0, "status", "on_hold", 0);
    push_ok(f);
    assert_int_equal(tu_outbox_state(f->st, id, NULL), TT_OUT_SENT);
    char *doc = s2_fake_ticket_json(f->fake, 0);
    assert_non_null(strstr(doc, "\"status\":7"));
    free(doc);

    /* `account add` keeps the map when it writes the account. */
    char *out = xasprintf("%s/written.yaml", f->dir);
    assert_int_equal(tt_accounts_file_add(out, &f->conf, &err), 0);
    cfg = tt_config_load(out, true, &err);
    if (!cfg)
        fail_msg("%s", err.msg);
    assert_int_equal(tt_accounts_load(cfg, &l, &n, &err), 0);
    assert_string_equal(l[0].status_map, "6=pending,7=on_hold");
    tt_accounts_free(l, n);
    tt_config_free(cfg);
    free(out);

    static const char *const bad[] = {"      5: pending\n", "      6: waiting\n",
                                      "      x: open\n"};
    for (size_t i = 0; i < TT_ARRAY_LEN(bad); i++) {
        char *text = xasprintf("accounts:\n  fd:\n    provider: freshdesk\n"
                               "    url: http://127.0.0.1:9\n    statuses:\n%s",
                               bad[i]);
        path = tu_write_file(f->dir, "bad.yaml", text);
        cfg = tt_config_load(path, true, &err);
        assert_null(cfg);
        assert_non_null(strstr(err.msg, "bad.yaml:6: accounts.fd.statuses."));
        free(path);
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_full_pull, setup_fd, teardown),
        cmocka_unit_test_setup_teardown(test_full_pull, setup_ic, teardown),
        cmocka_unit_test_setup_teardown(test_incremental, setup_fd, teardown),
        cmocka_unit_test_setup_teardown(test_incremental, setup_ic, teardown),
        cmocka_unit_test_setup_teardown(test_kill_and_resume, setup_fd, teardown),
        cmocka_unit_test_setup_teardown(test_kill_and_resume, setup_ic, teardown),
        cmocka_unit_test_setup_teardown(test_faults, setup_fd, teardown),
        cmocka_unit_test_setup_teardown(test_faults, setup_ic, teardown),
        cmocka_unit_test_setup_teardown(test_push, setup_fd, teardown),
        cmocka_unit_test_setup_teardown(test_push, setup_ic, teardown),
        cmocka_unit_test_setup_teardown(test_statuses_config, setup_fd, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
