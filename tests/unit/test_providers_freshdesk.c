/*
 * test_providers_freshdesk.c: Freshdesk JSON -> common model, table-driven,
 * against the python-freshdesk fixtures and the mock spec's examples in
 * ../shared/providers/freshdesk, plus hostile and malformed documents.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync2_shared.h"
#include "testutil.h"
#include "ticketty/provmap.h"
#include "ticketty/util.h"

#define FIX "providers/freshdesk/fixtures/"
#define URL "GET /api/v2/tickets?page=2"

static char *fixture(const char *name, size_t *len)
{
    char *rel = xasprintf(FIX "%s", name);
    char *s = s2_shared_read(rel, len);
    free(rel);
    if (!s)
        skip();
    return s;
}

/* A fixture object wrapped into a one-element array (a list page). */
static char *as_list(const char *obj)
{
    return xasprintf("[%s]", obj);
}

static int64_t iso(const char *s)
{
    int64_t t;
    struct tt_err e;
    assert_int_equal(tt_time_parse(s, &t, &e), 0);
    return t;
}

static void test_ticket_fixture(void **state)
{
    size_t len;
    char *obj = fixture("ticket_1.json", &len);
    char *doc = as_list(obj);
    struct tt_pull_page page = {0};
    struct tt_err err;
    int64_t maxu = 0;
    size_t n = 0;
    if (tt_fd_map_tickets(doc, strlen(doc), URL, NULL, &page, &maxu, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(n, 1);
    assert_int_equal(page.n_tickets, 1);
    struct tt_pull_ticket *t = &page.tickets[0];
    assert_string_equal(t->ticket.external_id, "1");
    assert_string_equal(t->ticket.subject, "This is a sample ticket");
    assert_int_equal(t->ticket.status, TT_STATUS_OPEN);
    assert_string_equal(t->ticket.raw_status, "open");
    assert_int_equal(t->ticket.priority, TT_PRIORITY_LOW);
    assert_string_equal(t->ticket.tags, "foo bar");
    assert_string_equal(t->ticket.channel, "web");
    assert_string_equal(t->ticket.category, "Question");
    assert_string_equal(t->requester_ext, "6012691534");
    assert_string_equal(t->assignee_ext, "6010396333");
    assert_null(t->group_ext);
    assert_null(t->organization_ext);
    assert_int_equal(t->ticket.created_at, iso("2016-05-18T04:36:04Z"));
    assert_int_equal(t->ticket.updated_at, iso("2016-05-18T23:42:50Z"));
    assert_int_equal(maxu, t->ticket.updated_at);
    assert_int_equal(t->ticket.first_response_at, iso("2020-06-17T20:23:43Z"));
    assert_int_equal(t->ticket.resolved_at, 0); /* open: not resolved */
    assert_string_equal(t->ticket.requester_email, "dummyname@example.com");
    assert_false(t->ticket.deleted);
    /* The description is the first public comment, by the requester. */
    assert_int_equal(t->n_events, 1);
    assert_int_equal(t->events[0].type, TT_EV_COMMENT);
    assert_int_equal(t->events[0].author_role, TT_AUTHOR_END_USER);
    assert_true(t->events[0].public);
    assert_string_equal(t->events[0].body, "This is a sample ticket, feel free to delete it.");
    /* The embedded requester becomes a contact. */
    assert_int_equal(page.n_contacts, 1);
    assert_string_equal(page.contacts[0].external_id, "43026449322");
    assert_string_equal(page.contacts[0].name, "Dummyname");
    /* The same requester on a second ticket of the page: one contact. */
    char *two = xasprintf("[%s,%s]", obj, obj);
    tt_pull_page_clear(&page);
    if (tt_fd_map_tickets(two, strlen(two), URL, NULL, &page, NULL, NULL, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(page.n_tickets, 2);
    assert_int_equal(page.n_contacts, 1);
    free(two);
    tt_pull_page_clear(&page);
    free(doc);
    free(obj);
}

static void test_ticket_updated_fixture(void **state)
{
    size_t len;
    char *obj = fixture("ticket_1_updated.json", &len);
    char *doc = as_list(obj);
    struct tt_pull_page page = {0};
    struct tt_err err;
    if (tt_fd_map_tickets(doc, strlen(doc), URL, NULL, &page, NULL, NULL, &err) < 0)
        fail_msg("%s", err.msg);
    struct tt_pull_ticket *t = &page.tickets[0];
    assert_int_equal(t->ticket.status, TT_STATUS_SOLVED);
    assert_string_equal(t->ticket.raw_status, "resolved");
    assert_int_equal(t->ticket.priority, TT_PRIORITY_HIGH);
    assert_string_equal(t->ticket.tags, "hello world");
    assert_int_equal(t->ticket.resolved_at, t->ticket.updated_at); /* no stats: updated_at */
    assert_int_equal(page.n_contacts, 0);
    tt_pull_page_clear(&page);
    free(doc);
    free(obj);
}

static void test_status_priority_table(void **state)
{
    static const struct {
        int64_t code;
        const char *custom;
        enum tt_status want;
        const char *raw;
    } rows[] = {
        {2, NULL, TT_STATUS_OPEN, "open"},
        {3, NULL, TT_STATUS_PENDING, "pending"},
        {4, NULL, TT_STATUS_SOLVED, "resolved"},
        {5, NULL, TT_STATUS_CLOSED, "closed"},
        {6, NULL, TT_STATUS_ON_HOLD, "status 6"},
        {7, "6=pending,7=open", TT_STATUS_OPEN, "status 7"},
        {6, "6=pending,7=open", TT_STATUS_PENDING, "status 6"},
        {8, "6=pending,7=open", TT_STATUS_ON_HOLD, "status 8"},
        {9, "9=bogus", TT_STATUS_ON_HOLD, "status 9"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(rows); i++) {
        struct tt_map_opts o = {.custom_status = rows[i].custom};
        char *raw = NULL;
        assert_int_equal(tt_fd_status_to_common(rows[i].code, &o, &raw), rows[i].want);
        assert_string_equal(raw, rows[i].raw);
        free(raw);
    }
    /* Writes: every common status has a Freshdesk code. */
    struct tt_map_opts hold = {.custom_status = "6=pending,7=on_hold"};
    assert_int_equal(tt_fd_status_from_common(TT_STATUS_NEW, NULL), 2);
    assert_int_equal(tt_fd_status_from_common(TT_STATUS_OPEN, NULL), 2);
    assert_int_equal(tt_fd_status_from_common(TT_STATUS_PENDING, NULL), 3);
    assert_int_equal(tt_fd_status_from_common(TT_STATUS_SOLVED, NULL), 4);
    assert_int_equal(tt_fd_status_from_common(TT_STATUS_CLOSED, NULL), 5);
    assert_int_equal(tt_fd_status_from_common(TT_STATUS_ON_HOLD, NULL), 3);
    assert_int_equal(tt_fd_status_from_common(TT_STATUS_ON_HOLD, &hold), 7);
    static const enum tt_priority prios[] = {TT_PRIORITY_NORMAL, TT_PRIORITY_LOW,
                                             TT_PRIORITY_NORMAL, TT_PRIORITY_HIGH,
                                             TT_PRIORITY_URGENT, TT_PRIORITY_NORMAL};
    for (int code = 0; code <= 5; code++)
        assert_int_equal(tt_fd_priority_to_common(code), prios[code]);
    for (int p = 0; p < TT_PRIORITY__COUNT; p++)
        assert_int_equal(tt_fd_priority_to_common(tt_fd_priority_from_common(p)), p);
}

static void test_conversations_fixture(void **state)
{
    size_t len;
    char *doc = fixture("conversations.json", &len);
    struct tt_pull_ticket t = {0};
    t.requester_ext = xstrdup("77");
    struct tt_err err;
    size_t n;
    if (tt_fd_map_conversations(doc, len, "GET /api/v2/tickets/1/conversations", &t, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(n, 2);
    assert_int_equal(t.n_events, 2);
    assert_string_equal(t.events[0].external_id, "1");
    assert_false(t.events[0].public); /* private note */
    assert_int_equal(t.events[0].author_role, TT_AUTHOR_AGENT);
    assert_string_equal(t.events[0].body, "This is a private note");
    assert_true(t.events[1].public);
    assert_int_equal(t.events[1].author_role, TT_AUTHOR_AGENT);
    assert_string_equal(t.events[1].author, "Rachel <rachel@freshdesk.com>");
    assert_int_equal(t.events[1].at, iso("2016-05-19T05:36:14Z"));
    /* Incoming, and a portal reply by the requester's own user id. */
    const char *more = "[{\"id\":9,\"incoming\":true,\"private\":false,\"body\":\"<p>Hi &amp; "
                       "thanks</p>\",\"created_at\":\"2016-05-20T00:00:00Z\"},"
                       "{\"id\":10,\"incoming\":false,\"private\":false,\"user_id\":77,"
                       "\"body_text\":\"me again\",\"created_at\":\"2016-05-21T00:00:00Z\"}]";
    if (tt_fd_map_conversations(more, strlen(more), "u", &t, NULL, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(t.n_events, 4);
    assert_int_equal(t.events[2].author_role, TT_AUTHOR_END_USER);
    assert_string_equal(t.events[2].body, "Hi & thanks");
    assert_int_equal(t.events[3].author_role, TT_AUTHOR_END_USER);
    tt_pull_ticket_clear(&t);
    free(doc);
}

static void test_companies_contacts_agents_groups(void **state)
{
    size_t len;
    char *doc = fixture("companies.json", &len);
    struct tt_pull_page page = {0};
    struct tt_err err;
    size_t n;
    if (tt_fd_map_companies(doc, len, "GET /api/v2/companies", NULL, &page, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(page.n_customers, 2);
    assert_string_equal(page.customers[0].external_id, "1");
    assert_string_equal(page.customers[0].name, "Super Nova");
    assert_string_equal(page.customers[0].plan, "premium"); /* account_tier by default */
    assert_string_equal(page.customers[0].domain, "supernova");
    assert_null(page.customers[0].key); /* the engine derives the key */
    free(doc);
    /* Configured custom fields: plan, MRR (number or numeric text), CSM. */
    const char *custom = "[{\"id\":5,\"name\":\"Acme\",\"custom_fields\":{\"tier\":\"Enterprise\","
                         "\"mrr_usd\":\"1200.50\",\"owner\":\"dana@vendor.io\"}},"
                         "{\"id\":6,\"name\":\"Beta\",\"tier\":\"pro\",\"mrr_usd\":99}]";
    struct tt_map_opts o = {.plan_field = "tier", .mrr_field = "mrr_usd", .csm_field = "owner"};
    if (tt_fd_map_companies(custom, strlen(custom), "u", &o, &page, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(page.n_customers, 4);
    assert_string_equal(page.customers[2].plan, "enterprise");
    assert_true(page.customers[2].mrr > 1200.49 && page.customers[2].mrr < 1200.51);
    assert_string_equal(page.customers[2].csm, "dana@vendor.io");
    assert_string_equal(page.customers[3].plan, "pro");
    assert_true(page.customers[3].mrr == 99);
    /* Unconfigured: a custom field named plan beats account_tier. */
    const char *named = "[{\"id\":7,\"account_tier\":\"Basic\",\"custom_fields\":{\"plan\":"
                        "\"Growth\",\"mrr\":10}}]";
    if (tt_fd_map_companies(named, strlen(named), "u", NULL, &page, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(page.customers[4].plan, "growth");
    assert_true(page.customers[4].mrr == 10);
    page.n_customers--;
    tt_customer_clear(&page.customers[4]);
    /* search/companies wraps results. */
    doc = fixture("search_companies.json", &len);
    if (tt_fd_map_companies(doc, len, "u", NULL, &page, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(page.n_customers, 6);
    assert_string_equal(page.customers[4].domain, "lexcorp.org");
    free(doc);

    doc = fixture("agents.json", &len);
    if (tt_fd_map_agents(doc, len, "u", &page, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(page.n_agents, 2);
    assert_string_equal(page.agents[1].external_id, "432");
    assert_string_equal(page.agents[1].name, "Clark Kent");
    assert_string_equal(page.agents[1].email, "superman@freshdesk.com");
    free(doc);
    doc = fixture("groups.json", &len);
    if (tt_fd_map_groups(doc, len, "u", &page, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(page.n_groups, 2);
    assert_string_equal(page.groups[1].name, "Helpdesk");
    free(doc);

    const char *contacts =
        "[{\"id\":11,\"name\":\"Ann\",\"email\":\"ann@acme.io\",\"company_id\":5},"
        "{\"id\":12,\"name\":\"Bob\",\"email\":null,\"company_id\":null}]";
    if (tt_fd_map_contacts(contacts, strlen(contacts), "u", &page, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(page.n_contacts, 2);
    assert_string_equal(page.contact_org_ext[0], "5");
    assert_null(page.contact_org_ext[1]);
    assert_null(page.contacts[1].email);

    const char *deleted = "[{\"id\":40,\"updated_at\":\"2024-01-02T00:00:00Z\"},{\"id\":41}]";
    int64_t maxu = 0;
    if (tt_fd_map_deleted(deleted, strlen(deleted), "u", &page, &maxu, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(page.n_deleted, 2);
    assert_string_equal(page.deleted_ext[1], "41");
    assert_int_equal(maxu, iso("2024-01-02T00:00:00Z"));
    tt_pull_page_clear(&page);
}

/* The mock spec's own examples (what Prism serves) map cleanly. */
static void test_mock_spec_examples(void **state)
{
    size_t len;
    char *spec =
        s2_shared_read("providers/freshdesk/mock/freshdesk-rest-api-openapi.mock.json", &len);
    if (!spec)
        skip();
    json_error_t je;
    json_t *root = json_loadb(spec, len, 0, &je);
    assert_non_null(root);
    json_t *paths = json_object_get(root, "paths");
    static const char *const lists[][2] = {
        {"/api/v2/tickets", "get"},
        {"/api/v2/tickets/{ticket_id}/conversations", "get"},
        {"/api/v2/companies", "get"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(lists); i++) {
        json_t *ex = json_object_get(
            json_object_get(
                json_object_get(
                    json_object_get(
                        json_object_get(
                            json_object_get(json_object_get(paths, lists[i][0]), lists[i][1]),
                            "responses"),
                        "200"),
                    "content"),
                "application/json"),
            "example");
        assert_non_null(ex);
        char *doc = json_dumps(ex, 0);
        struct tt_pull_page page = {0};
        struct tt_pull_ticket t = {0};
        struct tt_err err;
        size_t n = 0;
        int rc = i == 0   ? tt_fd_map_tickets(doc, strlen(doc), "u", NULL, &page, NULL, &n, &err)
                 : i == 1 ? tt_fd_map_conversations(doc, strlen(doc), "u", &t, &n, &err)
                          : tt_fd_map_companies(doc, strlen(doc), "u", NULL, &page, &n, &err);
        if (rc < 0)
            fail_msg("%s: %s", lists[i][0], err.msg);
        assert_true(n >= 1);
        if (i == 0) {
            assert_int_equal(page.n_tickets, n);
            assert_non_null(page.tickets[0].ticket.subject);
        }
        tt_pull_ticket_clear(&t);
        tt_pull_page_clear(&page);
        free(doc);
    }
    json_decref(root);
    free(spec);
}

/* Malformed and hostile documents: a clear error naming the URL and field,
 * nothing half-mapped left in the page. */
static void test_malformed(void **state)
{
    static const struct {
        const char *doc;
        const char *want;
    } rows[] = {
        {"", "empty response body"},
        {"[{\"id\":1,", "malformed JSON at line 1"},
        {"[{\"id\":1,\"status\":2,\"created_at\":\"2016-05-18T04:36:04Z\",\"upda",
         "malformed JSON"},
        {"{\"tickets\":[]}", "(document): expected an array, got an object"},
        {"[5]", "[0]: expected an object, got an integer"},
        {"[{\"status\":2,\"created_at\":\"2016-05-18T04:36:04Z\",\"updated_at\":\"2016-05-18T04:36:"
         "04Z\"}]",
         "[0].id: required field is missing"},
        {"[{\"id\":true,\"status\":2}]",
         "[0].id: expected an id (string or integer), got a boolean"},
        {"[{\"id\":\"../../x\",\"status\":2}]", "[0].id: invalid character in id"},
        {"[{\"id\":1,\"status\":\"2\"}]", "[0].status: expected an integer, got a string"},
        {"[{\"id\":1,\"status\":2,\"created_at\":\"yesterday\",\"updated_at\":\"x\"}]",
         "[0].created_at"},
        {"[{\"id\":1,\"status\":2,\"created_at\":1463546164,\"updated_at\":1}]",
         "[0].created_at: expected an ISO 8601 time, got an integer"},
        {"[{\"id\":1,\"status\":2,\"created_at\":\"2016-05-18T04:36:04Z\",\"updated_at\":"
         "\"2016-05-18T04:36:04Z\",\"tags\":[\"ok\",7]}]",
         "[0].tags[1]: expected a string, got an integer"},
        {"[{\"id\":1,\"status\":2,\"created_at\":\"2016-05-18T04:36:04Z\",\"updated_at\":"
         "\"2016-05-18T04:36:04Z\",\"stats\":[]}]",
         "[0].stats: expected an object, got an array"},
        {"[{\"id\":1,\"status\":2,\"created_at\":\"2016-05-18T04:36:04Z\",\"updated_at\":"
         "\"2016-05-18T04:36:04Z\",\"stats\":{\"resolved_at\":false}}]",
         "[0].stats.resolved_at: expected an ISO 8601 time, got a boolean"},
        {"[{\"id\":1,\"status\":2,\"created_at\":\"2016-05-18T04:36:04Z\",\"updated_at\":"
         "\"2016-05-18T04:36:04Z\",\"requester\":{\"name\":\"x\"}}]",
         "[0].requester.id: required field is missing"},
        {"<html><body>502 Bad Gateway</body></html>", "malformed JSON"},
        /* Hostile: numbers beyond int64, ids as reals, invalid UTF-8, NUL in ids. */
        {"[{\"id\":99999999999999999999999,\"status\":2}]", "malformed JSON"},
        {"[{\"id\":1e30,\"status\":2}]",
         "[0].id: expected an id (string or integer), got a number"},
        {"[{\"id\":\"\xff\xfe\",\"status\":2}]", "malformed JSON"},
        {"[{\"id\":\"a\\u0000b\",\"status\":2}]", "[0].id: invalid id"},
        {"[{\"id\":\"\",\"status\":2}]", "[0].id: invalid id"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(rows); i++) {
        struct tt_pull_page page = {0};
        struct tt_err err = {{0}};
        assert_int_equal(
            tt_fd_map_tickets(rows[i].doc, strlen(rows[i].doc), URL, NULL, &page, NULL, NULL, &err),
            -1);
        if (!strstr(err.msg, rows[i].want) || !strstr(err.msg, "freshdesk: " URL))
            fail_msg("row %zu: got \"%s\", want \"%s\"", i, err.msg, rows[i].want);
        assert_int_equal(page.n_tickets, 0);
        assert_int_equal(page.n_contacts, 0);
        tt_pull_page_clear(&page);
    }
    /* Deeply nested garbage is refused by the parser, not by the stack. */
    {
        size_t depth = 100000;
        char *deep = xmalloc(2 * depth + 1);
        memset(deep, '[', depth);
        memset(deep + depth, ']', depth);
        deep[2 * depth] = '\0';
        struct tt_pull_page page = {0};
        struct tt_err err;
        assert_int_equal(tt_fd_map_tickets(deep, 2 * depth, URL, NULL, &page, NULL, NULL, &err),
                         -1);
        assert_non_null(strstr(err.msg, "malformed JSON"));
        free(deep);
    }
    /* A good ticket then a bad one: the good one stays, the bad one is gone. */
    const char *mixed = "[{\"id\":1,\"status\":2,\"created_at\":\"2016-05-18T04:36:04Z\","
                        "\"updated_at\":\"2016-05-18T04:36:04Z\",\"requester\":{\"id\":3}},"
                        "{\"id\":2,\"status\":2,\"created_at\":\"2016-05-18T04:36:04Z\","
                        "\"updated_at\":\"2016-05-18T04:36:04Z\",\"requester\":{\"id\":4},"
                        "\"priority\":\"high\"}]";
    struct tt_pull_page page = {0};
    struct tt_err err;
    assert_int_equal(tt_fd_map_tickets(mixed, strlen(mixed), URL, NULL, &page, NULL, NULL, &err),
                     -1);
    assert_non_null(strstr(err.msg, "[1].priority: expected an integer"));
    assert_int_equal(page.n_tickets, 1);
    assert_int_equal(page.n_contacts, 1);
    tt_pull_page_clear(&page);

    /* Conversations, companies, remote: same treatment. */
    static const struct {
        int kind;
        const char *doc;
        const char *want;
    } more[] = {
        {0, "[{\"id\":1,\"private\":\"yes\",\"created_at\":\"2016-05-19T05:36:12Z\"}]",
         "[0].private: expected a boolean, got a string"},
        {0, "[{\"id\":1}]", "[0].created_at: required field is missing"},
        {1, "[{\"id\":1,\"custom_fields\":{\"mrr\":\"lots\"}}]",
         "[0].mrr: MRR field: expected a number"},
        {1, "[{\"id\":1,\"custom_fields\":[1]}]", "[0].custom_fields: expected an object"},
        {1, "{\"results\":7}", "expected an array, got an object"},
        {2, "{\"status\":\"open\",\"updated_at\":\"2016-05-19T05:36:12Z\"}",
         "status: expected an integer"},
        {2, "[]", "expected an object, got an array"},
        {3, "[{\"id\":{}}]", "[0].id: expected an id"},
        {4, "[{\"name\":\"x\"}]", "[0].id: required field is missing"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(more); i++) {
        struct tt_pull_ticket t = {0};
        struct tt_remote_ticket r;
        struct tt_err e2 = {{0}};
        const char *d = more[i].doc;
        int rc = more[i].kind == 0 ? tt_fd_map_conversations(d, strlen(d), URL, &t, NULL, &e2)
                 : more[i].kind == 1
                     ? tt_fd_map_companies(d, strlen(d), URL, NULL, &page, NULL, &e2)
                 : more[i].kind == 2 ? tt_fd_map_remote(d, strlen(d), URL, NULL, &r, &e2)
                 : more[i].kind == 3 ? tt_fd_map_contacts(d, strlen(d), URL, &page, NULL, &e2)
                                     : tt_fd_map_groups(d, strlen(d), URL, &page, NULL, &e2);
        assert_int_equal(rc, -1);
        if (!strstr(e2.msg, more[i].want))
            fail_msg("more %zu: got \"%s\", want \"%s\"", i, e2.msg, more[i].want);
        assert_int_equal(t.n_events, 0);
        assert_int_equal(page.n_customers + page.n_contacts + page.n_groups, 0);
    }
    tt_pull_page_clear(&page);
}

static void test_remote_and_key(void **state)
{
    size_t len;
    char *doc = fixture("ticket_1_updated.json", &len);
    struct tt_remote_ticket r;
    struct tt_err err;
    if (tt_fd_map_remote(doc, len, "u", NULL, &r, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(r.status, TT_STATUS_SOLVED);
    assert_string_equal(r.assignee_ext, "6010396333");
    assert_int_equal(r.updated_at, iso("2016-05-18T23:42:50Z"));
    free(r.assignee_ext);
    free(doc);
    doc = fixture("conversations.json", &len);
    int n = 0;
    bool found = false;
    assert_int_equal(
        tt_fd_map_find_key(doc, len, "u", "k-123", "This  is a\nreply ", &n, &found, &err), 0);
    assert_int_equal(n, 2);
    assert_true(found);
    n = 0, found = false;
    assert_int_equal(tt_fd_map_find_key(doc, len, "u", "k-123", "another text", &n, &found, &err),
                     0);
    assert_false(found);
    free(doc);
}

static void test_html_to_text(void **state)
{
    static const struct {
        const char *in, *want;
    } rows[] = {
        {"<div>Hello</div>", "Hello"},
        {"<p>a</p><p>b</p>", "a\nb"},
        {"line<br>next<br/>last", "line\nnext\nlast"},
        {"x &lt;y&gt; &amp; &quot;z&quot; &#65;&#x42; &nbsp;", "x <y> & \"z\" AB"},
        {"<script>alert(1)</script>ok<style>p{}</style>", "ok"},
        {"a <!-- hidden --> b", "a  b"},
        {"<ul><li>one</li><li>two</li></ul>", "one\ntwo"},
        {"1 < 2 and &bogus; &#0; stays", "1 < 2 and &bogus; \xef\xbf\xbd stays"},
        {"<p>para</p>\n\n\n<p>two</p>", "para\n\ntwo"},
        {"unterminated <b", "unterminated"},
        {"", ""},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(rows); i++) {
        char *got = tt_html_to_text(rows[i].in);
        if (strcmp(got, rows[i].want) != 0)
            fail_msg("row %zu: got \"%s\", want \"%s\"", i, got, rows[i].want);
        free(got);
    }
    assert_null(tt_html_to_text(NULL));
    assert_true(tt_text_same(" a  b\n", "a b"));
    assert_false(tt_text_same("a b", "ab"));
    assert_false(tt_text_same("a", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ticket_fixture),
        cmocka_unit_test(test_ticket_updated_fixture),
        cmocka_unit_test(test_status_priority_table),
        cmocka_unit_test(test_conversations_fixture),
        cmocka_unit_test(test_companies_contacts_agents_groups),
        cmocka_unit_test(test_mock_spec_examples),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_remote_and_key),
        cmocka_unit_test(test_html_to_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
