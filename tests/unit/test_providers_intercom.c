/*
 * test_providers_intercom.c: Intercom JSON -> common model, table-driven,
 * against the examples of the mock spec in ../shared/providers/intercom and
 * crafted, hostile and malformed documents.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync2_shared.h"
#include "testutil.h"
#include "ticketty/provmap.h"
#include "ticketty/util.h"

#define URL "POST /conversations/search"

static json_t *spec;

static int load_spec(void **state)
{
    size_t len;
    char *s = s2_shared_read("providers/intercom/mock/api.intercom.io.2.16.mock.json", &len);
    if (s) {
        json_error_t je;
        spec = json_loadb(s, len, 0, &je);
        free(s);
    }
    return 0;
}

static int free_spec(void **state)
{
    json_decref(spec);
    return 0;
}

/* The first example of a 200 response, as text (skips without ../shared). */
static char *example(const char *path, const char *method)
{
    if (!spec)
        skip();
    json_t *resp = json_object_get(
        json_object_get(
            json_object_get(
                json_object_get(
                    json_object_get(json_object_get(json_object_get(spec, "paths"), path), method),
                    "responses"),
                "200"),
            "content"),
        "application/json");
    json_t *exs = json_object_get(resp, "examples");
    const char *k;
    json_t *v;
    json_object_foreach(exs, k, v)
    {
        return json_dumps(json_object_get(v, "value"), 0);
    }
    fail_msg("no example for %s %s", method, path);
    return NULL;
}

static void test_conversation_example(void **state)
{
    char *doc = example("/conversations/{conversation_id}", "get");
    struct tt_pull_ticket t = {0};
    struct tt_err err;
    if (tt_ic_map_conversation(doc, strlen(doc), "GET /conversations/503", NULL, &t, &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(t.ticket.external_id, "503");
    assert_int_equal(t.ticket.status, TT_STATUS_SOLVED);
    assert_string_equal(t.ticket.raw_status, "closed");
    assert_int_equal(t.ticket.priority, TT_PRIORITY_NORMAL);
    assert_string_equal(t.assignee_ext, "991267715");
    assert_string_equal(t.group_ext, "5017691");
    assert_string_equal(t.requester_ext, "6762f1261bb69f9f2193bba7");
    assert_string_equal(t.ticket.tags, "Test_tag");
    assert_string_equal(t.ticket.subject, "this is the message body");
    assert_int_equal(t.ticket.created_at, 1734537511);
    assert_int_equal(t.ticket.resolved_at, t.ticket.updated_at);
    assert_true(t.events_complete);
    /* source (admin-initiated) + the one comment part; the custom-action and
     * attribute parts are not agent-visible events. */
    assert_int_equal(t.n_events, 2);
    assert_string_equal(t.events[0].external_id, "source-403918334");
    assert_int_equal(t.events[0].author_role, TT_AUTHOR_AGENT);
    assert_string_equal(t.events[0].body, "this is the message body");
    assert_string_equal(t.events[1].external_id, "1");
    assert_string_equal(t.events[1].body, "Okay!");
    assert_true(t.events[1].public);
    tt_pull_ticket_clear(&t);
    free(doc);
}

static void test_search_example_and_paging(void **state)
{
    char *doc = example("/conversations/search", "post");
    struct tt_pull_page page = {0};
    struct tt_err err;
    char *next = NULL;
    int64_t maxu = 0;
    size_t n;
    if (tt_ic_map_search(doc, strlen(doc), URL, NULL, &page, &next, &maxu, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(n, 1);
    assert_int_equal(page.n_tickets, 1);
    assert_null(next); /* the example has no pages.next: one page */
    assert_int_equal(maxu, 1734537546);
    free(doc);
    const char *paged =
        "{\"type\":\"conversation.list\",\"conversations\":[{\"id\":\"7\",\"state\":\"snoozed\","
        "\"created_at\":100,\"updated_at\":200,\"priority\":\"priority\",\"admin_assignee_id\":"
        "null,"
        "\"team_assignee_id\":\"0\",\"title\":\"Refund\",\"source\":{\"type\":\"email\",\"id\":"
        "\"s7\","
        "\"body\":\"<p>Where is my refund?</p>\",\"author\":{\"type\":\"user\",\"name\":\"Zoe\"}},"
        "\"contacts\":{\"contacts\":[{\"id\":\"c1\"}]},\"company\":{\"id\":\"co9\"}}],"
        "\"pages\":{\"type\":\"pages\",\"next\":{\"per_page\":150,\"starting_after\":\"WzE3MzQ1\"}}"
        "}";
    if (tt_ic_map_search(paged, strlen(paged), URL, NULL, &page, &next, &maxu, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(next, "WzE3MzQ1");
    struct tt_pull_ticket *t = &page.tickets[1];
    assert_int_equal(t->ticket.status, TT_STATUS_PENDING);
    assert_int_equal(t->ticket.priority, TT_PRIORITY_HIGH);
    assert_null(t->group_ext); /* "0" = unassigned */
    assert_string_equal(t->ticket.subject, "Refund");
    assert_string_equal(t->ticket.channel, "email");
    assert_string_equal(t->organization_ext, "co9");
    assert_int_equal(t->events[0].author_role, TT_AUTHOR_END_USER);
    assert_int_equal(maxu, 1734537546);
    free(next);
    tt_pull_page_clear(&page);
}

static void test_parts_table(void **state)
{
    static const struct {
        const char *part_type, *author;
        bool kept;
        enum tt_event_type type;
        enum tt_author_role role;
        bool pub;
        const char *new_value;
    } rows[] = {
        {"comment", "user", true, TT_EV_COMMENT, TT_AUTHOR_END_USER, true, NULL},
        {"comment", "lead", true, TT_EV_COMMENT, TT_AUTHOR_END_USER, true, NULL},
        {"comment", "admin", true, TT_EV_COMMENT, TT_AUTHOR_AGENT, true, NULL},
        {"comment", "bot", true, TT_EV_COMMENT, TT_AUTHOR_BOT, true, NULL},
        {"note", "admin", true, TT_EV_COMMENT, TT_AUTHOR_AGENT, false, NULL},
        {"close", "admin", true, TT_EV_STATUS, TT_AUTHOR_AGENT, true, "solved"},
        {"open", "user", true, TT_EV_STATUS, TT_AUTHOR_END_USER, true, "open"},
        {"snoozed", "admin", true, TT_EV_STATUS, TT_AUTHOR_AGENT, true, "pending"},
        {"assignment", "admin", true, TT_EV_ASSIGNEE, TT_AUTHOR_AGENT, true, "42"},
        {"default_assignment", "bot", true, TT_EV_ASSIGNEE, TT_AUTHOR_BOT, true, "42"},
        {"conversation_attribute_updated_by_admin", "admin", false, 0, 0, false, NULL},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(rows); i++) {
        char *doc = xasprintf(
            "{\"type\":\"conversation\",\"id\":\"1\",\"state\":\"open\",\"created_at\":1,"
            "\"updated_at\":2,\"conversation_parts\":{\"conversation_parts\":[{\"id\":\"p%zu\","
            "\"part_type\":\"%s\",\"body\":\"<p>text %zu</p>\",\"created_at\":5,"
            "\"author\":{\"type\":\"%s\",\"id\":\"9\",\"name\":\"N\"},"
            "\"assigned_to\":{\"type\":\"admin\",\"id\":\"42\"}}]}}",
            i, rows[i].part_type, i, rows[i].author);
        struct tt_pull_ticket t = {0};
        struct tt_err err;
        if (tt_ic_map_conversation(doc, strlen(doc), "u", NULL, &t, &err) < 0)
            fail_msg("row %zu: %s", i, err.msg);
        if (!rows[i].kept) {
            assert_int_equal(t.n_events, 0);
        } else {
            assert_int_equal(t.n_events, 1);
            struct tt_event *e = &t.events[0];
            assert_int_equal(e->type, rows[i].type);
            assert_int_equal(e->author_role, rows[i].role);
            assert_int_equal(e->public, rows[i].pub);
            assert_int_equal(e->at, 5);
            if (rows[i].new_value)
                assert_string_equal(e->new_value, rows[i].new_value);
            if (e->type == TT_EV_COMMENT) {
                char want[32];
                snprintf(want, sizeof want, "text %zu", i);
                assert_string_equal(e->body, want);
            }
        }
        tt_pull_ticket_clear(&t);
        free(doc);
    }
    /* State and priority tables. */
    assert_int_equal(tt_ic_state_to_common("open"), TT_STATUS_OPEN);
    assert_int_equal(tt_ic_state_to_common("snoozed"), TT_STATUS_PENDING);
    assert_int_equal(tt_ic_state_to_common("closed"), TT_STATUS_SOLVED);
    static const struct {
        const char *in;
        enum tt_priority want;
    } prios[] = {{"priority", TT_PRIORITY_HIGH}, {"not_priority", TT_PRIORITY_NORMAL},
                 {"none", TT_PRIORITY_NORMAL},   {"low", TT_PRIORITY_LOW},
                 {"medium", TT_PRIORITY_NORMAL}, {"high", TT_PRIORITY_HIGH},
                 {"urgent", TT_PRIORITY_URGENT}, {NULL, TT_PRIORITY_NORMAL}};
    for (size_t i = 0; i < TT_ARRAY_LEN(prios); i++)
        assert_int_equal(tt_ic_priority_to_common(prios[i].in), prios[i].want);
}

static void test_people_companies_deleted(void **state)
{
    struct tt_pull_page page = {0};
    struct tt_err err;
    size_t n;
    bool more;
    char *doc = example("/companies/list", "post");
    if (tt_ic_map_companies(doc, strlen(doc), "u", NULL, &page, &more, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(n >= 1);
    assert_string_equal(page.customers[0].name, "IntercomQATest1");
    assert_null(page.customers[0].plan); /* plan: {} */
    free(doc);
    const char *crafted =
        "{\"type\":\"list\",\"data\":[{\"id\":\"co1\",\"name\":\"Acme\",\"created_at\":10,"
        "\"monthly_spend\":99.5,\"plan\":{\"name\":\"Pro\"},\"website\":\"https://acme.io/x\","
        "\"custom_attributes\":{\"csm\":\"ann@vendor.io\",\"arr\":\"2400\",\"tier\":\"Gold\"}}],"
        "\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":1,\"total_pages\":3}}";
    size_t base = page.n_customers;
    if (tt_ic_map_companies(crafted, strlen(crafted), "u", NULL, &page, &more, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(more);
    struct tt_customer *c = &page.customers[base];
    assert_string_equal(c->plan, "pro");
    assert_true(c->mrr == 99.5);
    assert_string_equal(c->csm, "ann@vendor.io");
    assert_string_equal(c->domain, "acme.io");
    struct tt_map_opts o = {.plan_field = "tier", .mrr_field = "arr"};
    if (tt_ic_map_companies(crafted, strlen(crafted), "u", &o, &page, &more, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(page.customers[base + 1].plan, "gold");
    assert_true(page.customers[base + 1].mrr == 2400);
    /* Unconfigured, but custom attributes named plan and mrr: those win. */
    const char *named = "{\"data\":[{\"id\":\"co2\",\"monthly_spend\":1,\"plan\":{\"name\":"
                        "\"Free\"},\"custom_attributes\":{\"plan\":\"Scale\",\"mrr\":750}}]}";
    if (tt_ic_map_companies(named, strlen(named), "u", NULL, &page, &more, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(page.customers[base + 2].plan, "scale");
    assert_true(page.customers[base + 2].mrr == 750);

    doc = example("/admins", "get");
    if (tt_ic_map_admins(doc, strlen(doc), "u", &page, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(page.n_agents >= 1);
    assert_non_null(page.agents[0].email);
    free(doc);
    const char *teams = "{\"type\":\"team.list\",\"teams\":[{\"id\":\"t1\",\"name\":\"Billing\"}]}";
    if (tt_ic_map_teams(teams, strlen(teams), "u", &page, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(page.groups[0].name, "Billing");
    doc = example("/conversations/deleted", "get");
    int64_t oldest = 0;
    if (tt_ic_map_deleted(doc, strlen(doc), "u", 1, &page, &more, &oldest, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(page.n_deleted >= 1);
    assert_true(more);
    assert_int_equal(oldest, 1734537400);
    /* The same page served for page 2: no more pages (a static mock). */
    if (tt_ic_map_deleted(doc, strlen(doc), "u", 2, &page, &more, NULL, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_false(more);
    free(doc);
    const char *contacts =
        "{\"type\":\"list\",\"data\":[{\"id\":\"c1\",\"name\":\"Zoe\",\"email\":\"z@x.io\","
        "\"companies\":{\"type\":\"list\",\"data\":[{\"id\":\"co1\"}]}},{\"id\":\"c2\"}],"
        "\"pages\":{\"next\":{\"starting_after\":\"abc\"}}}";
    char *next = NULL;
    if (tt_ic_map_contacts(contacts, strlen(contacts), "u", &page, &next, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(next, "abc");
    assert_int_equal(page.n_contacts, 2);
    assert_string_equal(page.contact_org_ext[0], "co1");
    assert_null(page.contact_org_ext[1]);
    free(next);
    tt_pull_page_clear(&page);
}

static void test_malformed(void **state)
{
    static const struct {
        int kind; /* 0 search, 1 conversation, 2 contacts, 3 companies */
        const char *doc, *want;
    } rows[] = {
        {0, "", "empty response body"},
        {0, "{\"conversations\":[", "malformed JSON"},
        {0, "[]", "(document): expected an object, got an array"},
        {0,
         "{\"type\":\"error.list\",\"errors\":[{\"code\":\"unauthorized\",\"message\":\"Access "
         "Token Invalid\"}]}",
         "the provider returned an error: Access Token Invalid"},
        {0, "{\"type\":\"conversation.list\"}", "conversations: required list is missing"},
        {0, "{\"conversations\":{}}", "conversations: expected an array, got an object"},
        {0,
         "{\"conversations\":[{\"id\":\"1\",\"state\":\"weird\",\"created_at\":1,\"updated_at\":1}]"
         "}",
         "conversations[0].state: unknown conversation state \"weird\""},
        {0,
         "{\"conversations\":[{\"id\":\"1\",\"state\":\"open\",\"created_at\":\"2024-01-01\","
         "\"updated_at\":1}]}",
         "conversations[0].created_at: expected a unix time (integer), got a string"},
        {0, "{\"conversations\":[{\"id\":[1],\"state\":\"open\"}]}",
         "conversations[0].id: expected an id"},
        {0,
         "{\"conversations\":[{\"id\":\"1\",\"state\":\"open\",\"created_at\":1,\"updated_at\":1,"
         "\"contacts\":{\"contacts\":\"c1\"}}]}",
         "conversations[0].contacts.contacts: expected an array, got a string"},
        {0, "{\"conversations\":[],\"pages\":{\"next\":{\"starting_after\":5}}}",
         "pages.next.starting_after: expected a string, got an integer"},
        {1,
         "{\"id\":\"1\",\"state\":\"open\",\"created_at\":1,\"updated_at\":1,"
         "\"conversation_parts\":{\"conversation_parts\":[{\"id\":\"p1\",\"created_at\":3}]}}",
         "conversation_parts[0].part_type: required field is missing"},
        {1,
         "{\"id\":\"1\",\"state\":\"open\",\"created_at\":1,\"updated_at\":1,"
         "\"conversation_parts\":{\"conversation_parts\":[null]}}",
         "conversation_parts[0]: expected an object, got null"},
        {1, "{\"id\":\"1\",\"state\":\"open\",\"created_at\":1,\"updated_at\":-5}",
         "updated_at: negative time"},
        {2, "{\"data\":[{\"id\":\"c\",\"email\":7}]}", "data[0].email: expected a string"},
        {3, "{\"data\":[{\"id\":\"co\",\"monthly_spend\":\"much\"}]}",
         "data[0].monthly_spend: MRR field: expected a non-negative number"},
        {3, "{\"data\":[{\"id\":\"co\",\"plan\":\"pro\"}]}", "data[0].plan: expected an object"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(rows); i++) {
        struct tt_pull_page page = {0};
        struct tt_pull_ticket t = {0};
        struct tt_err err = {{0}};
        char *next = NULL;
        bool more;
        const char *d = rows[i].doc;
        int rc = rows[i].kind == 0
                     ? tt_ic_map_search(d, strlen(d), URL, NULL, &page, &next, NULL, NULL, &err)
                 : rows[i].kind == 1 ? tt_ic_map_conversation(d, strlen(d), URL, NULL, &t, &err)
                 : rows[i].kind == 2
                     ? tt_ic_map_contacts(d, strlen(d), URL, &page, &next, NULL, &err)
                     : tt_ic_map_companies(d, strlen(d), URL, NULL, &page, &more, NULL, &err);
        assert_int_equal(rc, -1);
        if (!strstr(err.msg, rows[i].want) || !strstr(err.msg, "intercom: " URL))
            fail_msg("row %zu: got \"%s\", want \"%s\"", i, err.msg, rows[i].want);
        assert_int_equal(page.n_tickets + page.n_contacts + page.n_customers, 0);
        assert_int_equal(t.n_events, 0);
        assert_null(t.ticket.external_id);
        free(next);
        tt_pull_page_clear(&page);
    }
}

static void test_remote(void **state)
{
    const char *doc = "{\"id\":\"1\",\"state\":\"snoozed\",\"created_at\":1,\"updated_at\":99,"
                      "\"admin_assignee_id\":5,\"conversation_parts\":{\"conversation_parts\":["
                      "{\"id\":\"p1\",\"part_type\":\"comment\",\"body\":\"<p>Thanks,  we are on "
                      "it</p><!-- ticketty:key-1 -->\","
                      "\"created_at\":3,\"author\":{\"type\":\"admin\"}},"
                      "{\"id\":\"p2\",\"part_type\":\"close\",\"created_at\":4}]}}";
    struct tt_remote_ticket r;
    struct tt_err err;
    if (tt_ic_map_remote(doc, strlen(doc), "u", "key-1", "Thanks, we are on it", &r, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(r.updated_at, 99);
    assert_int_equal(r.status, TT_STATUS_PENDING);
    assert_string_equal(r.assignee_ext, "5");
    assert_int_equal(r.n_comments, 1);
    assert_true(r.has_idempotency_key);
    free(r.assignee_ext);
    if (tt_ic_map_remote(doc, strlen(doc), "u", "key-2", "other", &r, &err) < 0)
        fail_msg("%s", err.msg);
    assert_false(r.has_idempotency_key);
    free(r.assignee_ext);
    if (tt_ic_map_remote(doc, strlen(doc), "u", "key-1", NULL, &r, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(r.has_idempotency_key); /* by the key alone */
    free(r.assignee_ext);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conversation_example),
        cmocka_unit_test(test_search_example_and_paging),
        cmocka_unit_test(test_parts_table),
        cmocka_unit_test(test_people_companies_deleted),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_remote),
    };
    return cmocka_run_group_tests(tests, load_spec, free_spec);
}
