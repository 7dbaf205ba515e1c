/*
 * test_sync_outbox.c: queueing and sending writes to the fake Zendesk:
 * durable before the network, sent once even across a crash, held when the
 * ticket changed remotely, never losing the agent's text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync_fixture.h"
#include "testutil.h"
#include "ticketty/provider.h"
#include "ticketty/store_sync.h"
#include "ticketty/util.h"

static int64_t local_id(struct zfx *f, const char *ext)
{
    struct tt_ticket t;
    struct tt_err err;
    assert_int_equal(tt_store_ticket_by_external(f->st, f->account_id, ext, &t, &err), 1);
    int64_t id = t.id;
    tt_ticket_clear(&t);
    return id;
}

static struct zfx *synced(void)
{
    struct zfx *f = zfx_start(12, 2, 0);
    struct tt_sync_stats s;
    struct tt_err err;
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    return f;
}

static int push(struct zfx *f, struct tt_sync_stats *s)
{
    struct tt_err err;
    memset(s, 0, sizeof *s);
    return tt_sync_push(f->st, &f->acct, &f->opts, s, &err);
}

static void test_reply_is_sent_once(void **state)
{
    (void)state;
    struct zfx *f = synced();
    struct tt_err err;
    int64_t oid;
    int64_t t = local_id(f, "4");
    assert_int_equal(tt_outbox_queue(f->st, t, "reply", "We are on it.", 0, &oid, &err), 0);
    assert_int_equal(tu_outbox_state(f->st, oid, NULL), TT_OUT_PENDING);
    assert_int_equal(fs_requests_to(f->srv, "/api/v2/tickets/4"), 1); /* only the pull's */
    struct tt_sync_stats s;
    assert_int_equal(push(f, &s), 0);
    assert_int_equal(s.sent, 1);
    assert_int_equal(tu_outbox_state(f->st, oid, NULL), TT_OUT_SENT);
    assert_int_equal(fz_api_comments(f->z), 1);
    assert_int_equal(fz_comment_count(f->z, 4), 3);
    /* nothing left to send: no second post */
    assert_int_equal(push(f, &s), 0);
    assert_int_equal(fz_api_comments(f->z), 1);
    /* the reply comes back on the next pull as a public agent comment, once */
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM ticket_events WHERE body = 'We are on it.'"
                                " AND public = 1 AND author_role = 'agent'"),
                     1);
    zfx_stop(f);
}

static void test_crash_after_send_does_not_double_post(void **state)
{
    (void)state;
    struct zfx *f = synced();
    struct tt_err err;
    int64_t oid;
    assert_int_equal(
        tt_outbox_queue(f->st, local_id(f, "2"), "note", "Checked the logs.", 0, &oid, &err), 0);
    /* The server applies the write but the connection dies before the answer. */
    fs_fault(f->srv, "/api/v2/tickets/2", 1, FS_DROP, 1);
    struct tt_sync_stats s;
    assert_int_equal(push(f, &s), -1);
    char *e = NULL;
    assert_int_equal(tu_outbox_state(f->st, oid, &e), TT_OUT_FAILED);
    assert_non_null(e);
    free(e);
    assert_int_equal(fz_api_comments(f->z), 1);
    /* The agent's text is still there. */
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM outbox WHERE payload = 'Checked the logs.'"),
                     1);
    /* Retry: the remote already has a comment with the item's key -> sent, no repost. */
    assert_int_equal(tt_store_outbox_retry(f->st, oid, false, &err), 1);
    assert_int_equal(push(f, &s), 0);
    assert_int_equal(s.sent, 1);
    assert_int_equal(tu_outbox_state(f->st, oid, NULL), TT_OUT_SENT);
    assert_int_equal(fz_api_comments(f->z), 1);
    zfx_stop(f);
}

static void test_crash_before_send_sends(void **state)
{
    (void)state;
    struct zfx *f = synced();
    struct tt_err err;
    int64_t oid;
    assert_int_equal(tt_outbox_queue(f->st, local_id(f, "6"), "reply", "Fixed!", 0, &oid, &err), 0);
    /* ticketty died after marking the item `sending`, before the request left */
    assert_int_equal(tt_store_outbox_set_state(f->st, oid, TT_OUT_SENDING, NULL, 0, true, &err), 0);
    struct tt_sync_stats s;
    assert_int_equal(push(f, &s), 0);
    assert_int_equal(tu_outbox_state(f->st, oid, NULL), TT_OUT_SENT);
    assert_int_equal(fz_api_comments(f->z), 1);
    zfx_stop(f);
}

static void test_stale_reply_is_held(void **state)
{
    (void)state;
    struct zfx *f = synced();
    struct tt_err err;
    int64_t oid;
    assert_int_equal(
        tt_outbox_queue(f->st, local_id(f, "7"), "reply", "Please restart it.", 0, &oid, &err), 0);
    fz_touch(f->z, 7, "Never mind, it works now!"); /* the customer wrote meanwhile */
    struct tt_sync_stats s;
    assert_int_equal(push(f, &s), 0);
    assert_int_equal(s.held, 1);
    char *e = NULL;
    assert_int_equal(tu_outbox_state(f->st, oid, &e), TT_OUT_HELD);
    assert_non_null(strstr(e, "changed on the helpdesk"));
    free(e);
    assert_int_equal(fz_api_comments(f->z), 0);
    /* The agent reviews and confirms: retry clears the guard for held items. */
    assert_int_equal(tt_store_outbox_retry(f->st, oid, true, &err), 1);
    assert_int_equal(push(f, &s), 0);
    assert_int_equal(tu_outbox_state(f->st, oid, NULL), TT_OUT_SENT);
    assert_int_equal(fz_api_comments(f->z), 1);
    zfx_stop(f);
}

static void test_own_changes_do_not_trip_the_guard(void **state)
{
    (void)state;
    struct zfx *f = synced();
    struct tt_err err;
    int64_t a, b;
    int64_t t = local_id(f, "8");
    assert_int_equal(tt_outbox_queue(f->st, t, "status", "pending", 0, &a, &err), 0);
    assert_int_equal(tt_outbox_queue(f->st, t, "reply", "Waiting for you.", 0, &b, &err), 0);
    struct tt_sync_stats s;
    assert_int_equal(push(f, &s), 0);
    assert_int_equal(s.sent, 2);
    assert_string_equal(fz_status(f->z, 8), "pending");
    zfx_stop(f);
}

/* A reply saved in Latin-1 reaches the helpdesk with its body (U+FFFD for the
 * bad byte), never as an empty comment; a tag with a bad byte is kept too. */
static void test_invalid_utf8_reply_keeps_body(void **state)
{
    (void)state;
    struct zfx *f = synced();
    struct tt_err err;
    int64_t oid, tid;
    int64_t t = local_id(f, "4");
    assert_int_equal(tt_outbox_queue(f->st, t, "reply", "Caf\xe9 is open", 0, &oid, &err), 0);
    assert_int_equal(tt_outbox_queue(f->st, t, "tags", "+caf\xe9", 0, &tid, &err), 0);
    struct tt_sync_stats s;
    assert_int_equal(push(f, &s), 0);
    char *e1 = NULL, *e2 = NULL;
    enum tt_outbox_state s1 = tu_outbox_state(f->st, oid, &e1),
                         s2 = tu_outbox_state(f->st, tid, &e2);
    if (s1 != TT_OUT_SENT || s2 != TT_OUT_SENT)
        fail_msg("reply %s (%s), tags %s (%s)", tt_outbox_state_name(s1), e1 ? e1 : "",
                 tt_outbox_state_name(s2), e2 ? e2 : "");
    free(e1);
    free(e2);
    assert_int_equal(s.sent, 2);
    assert_int_equal(fz_api_comments(f->z), 1);
    assert_non_null(strstr(fz_tags(f->z, 4), "caf\xef\xbf\xbd"));
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM ticket_events WHERE body = "
                                "'Caf' || char(65533) || ' is open' AND author_role = 'agent'"),
                     1);
    zfx_stop(f);
}

static void test_field_changes(void **state)
{
    (void)state;
    struct zfx *f = synced();
    struct tt_err err;
    int64_t id;
    int64_t t = local_id(f, "9");
    assert_int_equal(tt_outbox_queue(f->st, t, "status", "on_hold", 0, &id, &err), 0);
    assert_int_equal(tt_outbox_queue(f->st, t, "priority", "urgent", 0, &id, &err), 0);
    assert_int_equal(tt_outbox_queue(f->st, t, "tags", "+vip -t2", 0, &id, &err), 0);
    assert_int_equal(tt_outbox_queue(f->st, t, "assignee", "900003", 0, &id, &err), 0);
    /* shown locally at once */
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets WHERE external_id = '9' AND "
                                "status = 'on_hold' AND priority = 'urgent' AND tags = 'vip'"),
                     1);
    /* invalid values are refused before anything is queued */
    assert_int_equal(tt_outbox_queue(f->st, t, "status", "bogus", 0, &id, &err), -1);
    assert_non_null(strstr(err.msg, "unknown status"));
    assert_int_equal(tt_outbox_queue(f->st, t, "reply", "  \n", 0, &id, &err), -1);
    /* a tag with an escape sequence or a line break is not a tag */
    assert_int_equal(tt_outbox_queue(f->st, t, "tags", "+ok +\x1b[31mred", 0, &id, &err), -1);
    assert_non_null(strstr(err.msg, "control character"));
    assert_int_equal(tt_outbox_queue(f->st, t, "tags", "+a\nb", 0, &id, &err), -1);
    /* edits that name no tag, and a blank group, queue nothing */
    assert_int_equal(tt_outbox_queue(f->st, t, "tags", " ", 0, &id, &err), -1);
    assert_int_equal(tt_outbox_queue(f->st, t, "tags", "+ -", 0, &id, &err), -1);
    assert_non_null(strstr(err.msg, "no tag changes"));
    assert_int_equal(tt_outbox_queue(f->st, t, "group", "  ", 0, &id, &err), -1);
    struct tt_sync_stats s;
    assert_int_equal(push(f, &s), 0);
    assert_int_equal(s.sent, 4);
    assert_string_equal(fz_status(f->z, 9), "hold");
    assert_string_equal(fz_tags(f->z, 9), "vip");
    assert_int_equal(zfx_pull(f, &s, &err), 0);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM tickets t JOIN agents a ON a.id = "
                                "t.assignee_id WHERE t.external_id = '9' AND a.external_id = "
                                "'900003' AND t.raw_status = 'hold' AND t.priority = 'urgent'"),
                     1);
    zfx_stop(f);
}

static void test_assignee_by_name(void **state)
{
    (void)state;
    struct zfx *f = synced();
    struct tt_err err;
    int64_t id;
    assert_int_equal(
        tt_outbox_queue(f->st, local_id(f, "2"), "assignee", "agent zero", 0, &id, &err), 0);
    assert_int_equal(zfx_sql(f, "SELECT payload = '900000' FROM outbox"), 1);
    /* ambiguous names stay as typed (and the helpdesk will refuse them) */
    assert_int_equal(
        tt_outbox_queue(f->st, local_id(f, "2"), "assignee", "Agent Smith", 0, &id, &err), 0);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM outbox WHERE payload = 'Agent Smith'"), 1);
    /* case beyond ASCII: the name typed in another case finds its agent (the
     * console's :assign and `ticket set --assignee` both come through here) */
    int64_t acct = zfx_sql(f, "SELECT account_id FROM tickets WHERE external_id = '2'");
    static const struct {
        const char *ext, *name, *typed;
    } agents[] = {
        {"77001", "Émile Zola", "émile zola"},
        {"77002", "Ольга Ёлкина", "ОЛЬГА ЁЛКИНА"},
        {"77003", "Σίσυφος Νικολάου", "ΣΊΣΥΦΟΣ νικολάου"},
        {"77004", "Ærøskøbing Ångström", "ÆRØSKØBING ÅNGSTRÖM"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(agents); i++) {
        assert_int_equal(
            tt_store_agent_upsert(f->st, acct, agents[i].ext, agents[i].name, NULL, 0, NULL, &err),
            0);
        assert_int_equal(
            tt_outbox_queue(f->st, local_id(f, "2"), "assignee", agents[i].typed, 0, &id, &err), 0);
        char *q = xasprintf("SELECT payload = '%s' FROM outbox WHERE id = %lld", agents[i].ext,
                            (long long)id);
        if (zfx_sql(f, q) != 1)
            fail_msg("'%s' did not resolve to agent %s (%s)", agents[i].typed, agents[i].ext,
                     agents[i].name);
        free(q);
    }
    assert_int_equal(tt_store_group_upsert(f->st, acct, "88001", "Équipe Été", NULL, NULL, &err),
                     0);
    assert_int_equal(tt_outbox_queue(f->st, local_id(f, "2"), "group", "équipe été", 0, &id, &err),
                     0);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM outbox WHERE payload = '88001'"), 1);
    zfx_stop(f);
}

static void test_rejected_write_keeps_text(void **state)
{
    (void)state;
    struct zfx *f = synced();
    struct tt_err err;
    int64_t oid;
    /* ticket 11 is closed on the fake (i % 6 == 5): Zendesk refuses updates.
     * A reply or note to it is refused before it is queued, naming the ticket; */
    int64_t t11 = local_id(f, "11");
    char want[64];
    snprintf(want, sizeof want, "ticket #%lld is closed: ", (long long)t11);
    assert_int_equal(tt_outbox_queue(f->st, t11, "reply", "One more thing", 0, &oid, &err), -1);
    assert_non_null(strstr(err.msg, want));
    assert_int_equal(tt_outbox_queue(f->st, t11, "note", "internal", 0, &oid, &err), -1);
    assert_non_null(strstr(err.msg, want));
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM outbox"), 0);
    /* a reply queued before the ticket closed there is refused by the helpdesk */
    assert_int_equal(
        zfx_sql(f, "UPDATE tickets SET status = 'open' WHERE external_id = '11' RETURNING 1"), 1);
    assert_int_equal(tt_outbox_queue(f->st, t11, "reply", "One more thing", 0, &oid, &err), 0);
    struct tt_sync_stats s;
    assert_int_equal(push(f, &s), 0);
    assert_int_equal(s.failed, 1);
    assert_int_equal(s.retrying, 0);
    struct tt_outbox_item it;
    assert_int_equal(tt_store_outbox_get(f->st, oid, &it, &err), 1);
    assert_int_equal(it.state, TT_OUT_FAILED);
    assert_string_equal(it.payload, "One more thing");
    assert_non_null(strstr(it.last_error, "HTTP 422"));
    assert_int_equal(it.next_attempt_at, 0); /* permanent: waits for the agent */
    tt_outbox_item_clear(&it);
    /* 401: the account is unreachable; the item stays queued with the error */
    int64_t o2;
    assert_int_equal(tt_outbox_queue(f->st, local_id(f, "3"), "note", "n", 0, &o2, &err), 0);
    setenv("TT_TEST_ZD_TOKEN", "bad", 1);
    assert_int_equal(push(f, &s), -1);
    assert_int_equal(tu_outbox_state(f->st, o2, NULL), TT_OUT_FAILED);
    /* ... not the item's fault: it is retried (due at once), not failed for
     * good, so the next sync with a good token sends it */
    assert_int_equal(s.failed, 0);
    assert_int_equal(s.retrying, 1);
    assert_int_equal(tt_store_outbox_get(f->st, o2, &it, &err), 1);
    assert_true(it.next_attempt_at > 0);
    tt_outbox_item_clear(&it);
    setenv("TT_TEST_ZD_TOKEN", "s3cret-zd-token", 1);
    assert_int_equal(push(f, &s), 0);
    assert_int_equal(s.sent, 1);
    assert_int_equal(tu_outbox_state(f->st, o2, NULL), TT_OUT_SENT);
    /* drop and retry rules */
    assert_int_equal(tt_store_outbox_drop(f->st, oid, &err), 1);
    assert_int_equal(tt_store_outbox_drop(f->st, oid, &err), 0);
    zfx_stop(f);
}

/* Status and priority names are taken in any case and queued in their
 * canonical form (":priority URGENT" was refused as an unknown priority). */
static void test_field_names_any_case(void **state)
{
    (void)state;
    struct zfx *f = synced();
    static const struct {
        const char *kind, *typed, *queued;
    } cases[] = {
        {"priority", "URGENT", "urgent"}, {"priority", "High", "high"},
        {"priority", "lOw", "low"},       {"status", "Pending", "pending"},
        {"status", "ON_HOLD", "on_hold"}, {"status", "On-Hold", "on_hold"},
        {"status", "SOLVED", "solved"},   {"status", "Open", "open"},
    };
    int64_t t = local_id(f, "9");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tt_err err;
        int64_t id = 0;
        if (tt_outbox_queue(f->st, t, cases[i].kind, cases[i].typed, 0, &id, &err) != 0)
            fail_msg("%s %s: %s", cases[i].kind, cases[i].typed, err.msg);
        struct tt_outbox_item it;
        assert_int_equal(tt_store_outbox_get(f->st, id, &it, &err), 1);
        assert_string_equal(it.payload, cases[i].queued);
        tt_outbox_item_clear(&it);
        char *q = xasprintf("SELECT count(*) FROM tickets WHERE external_id = '9' AND %s = '%s'",
                            cases[i].kind, cases[i].queued);
        assert_int_equal(zfx_sql(f, q), 1);
        free(q);
    }
    struct tt_err err;
    int64_t id;
    assert_int_equal(tt_outbox_queue(f->st, t, "priority", "URGENTLY", 0, &id, &err), -1);
    assert_non_null(strstr(err.msg, "unknown priority"));
    zfx_stop(f);
}

/* Setting a field to the value it has (tt_outbox_set: the console and
 * `ticket set`) queues nothing and leaves updated_at alone, saying why; it
 * queued an item that changed nothing.  Once a change of that kind is
 * unsent, another one is queued (it is the last word). */
static void test_same_value_is_no_change(void **state)
{
    (void)state;
    struct zfx *f = synced();
    struct tt_err err;
    int64_t id = -1;
    int64_t t = local_id(f, "9");
    struct tt_ticket before;
    assert_int_equal(tt_store_ticket_get(f->st, t, &before, &err), 1);
    char *agent, *group;
    assert_int_equal(tt_store_ticket_assigned_ext(f->st, t, &agent, &group, &err), 0);
    assert_non_null(agent);
    char *upper = xstrdup(tt_priority_name(before.priority));
    for (char *p = upper; *p; p++)
        *p = (char)(*p - 'a' + 'A');
    char *tag_edit = xasprintf("-no-such-tag%s%s", before.tags && *before.tags ? " +" : "",
                               before.tags && *before.tags ? before.tags : "");
    const struct {
        const char *kind, *value, *msg;
    } same[] = {
        {"status", tt_status_name(before.status), "status is already"},
        {"priority", upper, "priority is already"},
        {"assignee", agent, "already assigned to"},
        {"tags", tag_edit, "tags are already"},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        id = -1;
        if (tt_outbox_set(f->st, t, same[i].kind, same[i].value, 0, &id, &err) != 1)
            fail_msg("%s %s: not a no-op", same[i].kind, same[i].value);
        assert_int_equal(id, 0);
        if (!strstr(err.msg, same[i].msg))
            fail_msg("%s: '%s' does not say '%s'", same[i].kind, err.msg, same[i].msg);
    }
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM outbox"), 0);
    char *q = xasprintf("SELECT updated_at = %lld FROM tickets WHERE id = %lld",
                        (long long)before.updated_at, (long long)t);
    assert_int_equal(zfx_sql(f, q), 1);
    free(q);
    /* a real change is queued; the same value again while it is unsent too */
    const char *other = before.priority == TT_PRIORITY_LOW ? "high" : "low";
    assert_int_equal(tt_outbox_set(f->st, t, "priority", other, 0, &id, &err), 0);
    assert_true(id > 0);
    assert_int_equal(tt_outbox_set(f->st, t, "priority", other, 0, &id, &err), 0);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM outbox"), 2);
    /* once sent, it is the ticket's value: no change again */
    struct tt_sync_stats st;
    memset(&st, 0, sizeof st);
    assert_int_equal(tt_sync_push(f->st, &f->acct, &f->opts, &st, &err), 0);
    assert_int_equal(tt_outbox_set(f->st, t, "priority", other, 0, &id, &err), 1);
    /* tt_outbox_queue (triage writes the row first) always queues */
    assert_int_equal(tt_outbox_queue(f->st, t, "priority", other, 0, &id, &err), 0);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM outbox"), 3);
    free(upper);
    free(tag_edit);
    free(agent);
    free(group);
    tt_ticket_clear(&before);
    zfx_stop(f);
}

/* A ticket deleted on the helpdesk (marked deleted by the pull) takes
 * nothing: a reply, a note or a field change is refused before it is queued,
 * naming the ticket, instead of failing later with the helpdesk's 404. */
static void test_deleted_ticket_takes_nothing(void **state)
{
    (void)state;
    struct zfx *f = synced();
    struct tt_err err;
    int64_t oid = 0;
    int64_t t = local_id(f, "4");
    assert_int_equal(
        zfx_sql(f, "UPDATE tickets SET deleted = 1 WHERE external_id = '4' RETURNING 1"), 1);
    char want[64];
    snprintf(want, sizeof want, "ticket #%lld was deleted", (long long)t);
    static const char *const kinds[][2] = {{"reply", "Hello?"},
                                           {"note", "internal"},
                                           {"status", "open"},
                                           {"priority", "low"},
                                           {"tags", "+x"}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        assert_int_equal(tt_outbox_queue(f->st, t, kinds[i][0], kinds[i][1], 0, &oid, &err), -1);
        assert_non_null(strstr(err.msg, want));
        assert_int_equal(tt_outbox_set(f->st, t, kinds[i][0], kinds[i][1], 0, &oid, &err), -1);
        assert_non_null(strstr(err.msg, want));
    }
    struct tt_ticket tk;
    assert_int_equal(tt_store_ticket_get(f->st, t, &tk, &err), 1);
    assert_int_equal(tt_outbox_check_comment(f->st, &tk, "reply", &err), -1);
    assert_non_null(strstr(err.msg, want));
    tt_ticket_clear(&tk);
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM outbox"), 0);
    zfx_stop(f);
}

/* Closed is final only where the helpdesk says so (the driver table's
 * closed_is_final): Zendesk, and the local provider that imitates it. */
static void test_closed_is_final_by_provider(void **state)
{
    (void)state;
    static const struct {
        const char *provider;
        bool final;
    } cases[] = {
        {"zendesk", true},   {"local", true}, {"freshdesk", false},
        {"intercom", false}, {"", false},     {NULL, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(tt_provider_closed_is_final(cases[i].provider), cases[i].final);
}

/* The same closed ticket: refused on a Zendesk account, taken on a Freshdesk
 * or Intercom one (replies, notes and field changes). */
static void test_closed_ticket_by_provider(void **state)
{
    (void)state;
    struct zfx *f = synced();
    struct tt_err err;
    int64_t oid;
    int64_t t11 = local_id(f, "11"); /* closed on the fake (i % 6 == 5) */
    struct tt_ticket tk;
    assert_int_equal(tt_store_ticket_get(f->st, t11, &tk, &err), 1);
    assert_int_equal(tk.status, TT_STATUS_CLOSED);
    char want[96];
    snprintf(want, sizeof want, "ticket #%lld is closed: on zendesk ", (long long)t11);
    assert_int_equal(tt_outbox_check_change(f->st, &tk, &err), -1);
    assert_non_null(strstr(err.msg, want));
    assert_non_null(strstr(err.msg, "no more changes"));
    assert_int_equal(tt_outbox_check_comment(f->st, &tk, "note", &err), -1);
    assert_non_null(strstr(err.msg, "no more replies or notes"));
    assert_int_equal(tt_outbox_check_comment(f->st, &tk, "priority", &err), 0);
    static const char *const open_ended[] = {"freshdesk", "intercom"};
    for (size_t i = 0; i < 2; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "UPDATE accounts SET provider = '%s' RETURNING 1", open_ended[i]);
        assert_int_equal(zfx_sql(f, sql), 1);
        assert_int_equal(tt_outbox_check_comment(f->st, &tk, "reply", &err), 0);
        assert_int_equal(tt_outbox_check_change(f->st, &tk, &err), 0);
        assert_int_equal(tt_outbox_queue(f->st, t11, "reply", "One more thing", 0, &oid, &err), 0);
        assert_int_equal(tt_outbox_queue(f->st, t11, "note", "internal", 0, &oid, &err), 0);
    }
    assert_int_equal(zfx_sql(f, "SELECT count(*) FROM outbox"), 4);
    tt_ticket_clear(&tk);
    zfx_stop(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reply_is_sent_once),
        cmocka_unit_test(test_crash_after_send_does_not_double_post),
        cmocka_unit_test(test_crash_before_send_sends),
        cmocka_unit_test(test_stale_reply_is_held),
        cmocka_unit_test(test_own_changes_do_not_trip_the_guard),
        cmocka_unit_test(test_field_changes),
        cmocka_unit_test(test_field_names_any_case),
        cmocka_unit_test(test_same_value_is_no_change),
        cmocka_unit_test(test_invalid_utf8_reply_keeps_body),
        cmocka_unit_test(test_assignee_by_name),
        cmocka_unit_test(test_rejected_write_keeps_text),
        cmocka_unit_test(test_deleted_ticket_takes_nothing),
        cmocka_unit_test(test_closed_is_final_by_provider),
        cmocka_unit_test(test_closed_ticket_by_provider),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
