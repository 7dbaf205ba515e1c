/*
 * sync2_fake.c: loopback fake Freshdesk / Intercom servers (sync2_fake.h).
 */
#include "sync2_fake.h"

#include "fakesrv.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ticketty/provmap.h"
#include "ticketty/util.h"

struct conv {
    int64_t id, at;
    char *body; /* HTML as posted */
    bool incoming, priv;
    const char *author_type; /* intercom: user, admin, bot */
    const char *part_type;   /* intercom: comment, note, close, open, snoozed, assignment */
    char *assigned_to;
};

struct tk {
    char id[24];
    int64_t created, updated, deleted_at;
    int status;        /* Freshdesk code; Intercom: 2 open, 3 snoozed, 4 closed */
    int priority;      /* 1..4 */
    char assignee[24]; /* "" = none */
    char group[24];
    json_t *tags; /* array of names */
    int requester;
    bool deleted;
    bool spam; /* Freshdesk: listed only under filter=spam */
    struct conv *convs;
    int n_convs;
    json_t *custom; /* intercom custom_attributes */
};

struct hit {
    char *line; /* "METHOD /path?query" */
    char *body;
};

struct fault {
    enum s2_fault kind;
    char *match;
    int times;
};

struct s2_fake {
    struct s2_fake_opts o;
    struct fakesrv *srv;
    char url[64];
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct tk *t;
    int n;
    struct hit *hits;
    int n_hits;
    struct fault faults[16];
    int n_faults;
    int64_t next_conv_id, clock;
    int hold_after; /* -1 = off */
    int held;
    bool stopping;
    json_t *tag_names; /* intercom tag registry: array of names, id = index + 100 */
    char *token;
};

/* ---- data ------------------------------------------------------------------ */

static void tk_add_conv(struct s2_fake *f, struct tk *t, const char *body, bool incoming, bool priv,
                        const char *author, const char *part, int64_t at)
{
    t->convs = xrealloc(t->convs, (size_t)(t->n_convs + 1) * sizeof *t->convs);
    struct conv *c = &t->convs[t->n_convs++];
    memset(c, 0, sizeof *c);
    c->id = f->next_conv_id++;
    c->at = at;
    c->body = xstrdup(body);
    c->incoming = incoming;
    c->priv = priv;
    c->author_type = author;
    c->part_type = part;
}

static void build(struct s2_fake *f)
{
    f->t = xcalloc((size_t)f->o.tickets + 1, sizeof *f->t);
    f->n = f->o.tickets;
    f->next_conv_id = 1;
    for (int i = 0; i < f->n; i++) {
        struct tk *t = &f->t[i];
        snprintf(t->id, sizeof t->id, "%d", 1001 + i);
        t->updated = f->o.base_time + 10 * (int64_t)i;
        t->created = t->updated - 3600;
        t->status = 2 + i % 5;
        if (f->o.provider == S2_INTERCOM)
            t->status = 2 + i % 3;
        t->priority = 1 + i % 4;
        if (i % 3)
            snprintf(t->assignee, sizeof t->assignee, "%d", 11 + i % 2);
        snprintf(t->group, sizeof t->group, "%d", 21 + i % 2);
        t->tags = json_pack("[ss]", "fake", i % 2 ? "odd" : "even");
        t->requester = i % (f->o.contacts ? f->o.contacts : 1);
        t->custom = json_object();
        for (int k = 0; k < f->o.comments; k++) {
            char *b = xasprintf("<p>Message %d of ticket %s &amp; more</p>", k + 1, t->id);
            bool cust = k % 2 == 0;
            tk_add_conv(f, t, b, cust, !cust && k % 4 == 3, cust ? "user" : "admin",
                        !cust && k % 4 == 3 ? "note" : "comment", t->created + 60 * (k + 1));
            free(b);
        }
    }
}

static int64_t tick(struct s2_fake *f)
{
    int64_t m = f->o.base_time + 10 * (int64_t)f->n;
    for (int i = 0; i < f->n; i++)
        if (f->t[i].updated >= m)
            m = f->t[i].updated + 1;
    if (f->clock < m)
        f->clock = m;
    return ++f->clock;
}

static json_t *js_iso(int64_t t)
{
    char b[21];
    return json_string(tt_time_iso(t, b));
}

static json_t *id_or_null(const char *s)
{
    return s && *s ? json_integer(strtoll(s, NULL, 10)) : json_null();
}

static const char *company_plan(int k)
{
    static const char *const plans[] = {"Free", "Pro", "Enterprise"};
    return plans[k % 3];
}

/* ---- Freshdesk documents ---------------------------------------------------- */

static json_t *fd_ticket(struct s2_fake *f, struct tk *t, bool include)
{
    int comp = t->requester % (f->o.companies ? f->o.companies : 1);
    json_t *o = json_pack(
        "{s:I,s:s,s:s,s:s,s:i,s:i,s:i,s:s,s:I,s:o,s:o,s:o,s:O,s:o,s:o,s:b,s:b,s:o,s:o}", "id",
        (json_int_t)strtoll(t->id, NULL, 10), "subject", "Fake subject", "description",
        "<div>The first message &lt;here&gt;</div>", "description_text", "The first message <here>",
        "status", t->status, "priority", t->priority, "source", 1 + (int)(t->updated % 3), "type",
        "Question", "requester_id", (json_int_t)(5000 + t->requester), "responder_id",
        id_or_null(t->assignee), "group_id", id_or_null(t->group), "company_id",
        f->o.companies ? json_integer(700 + comp) : json_null(), "tags", t->tags, "created_at",
        js_iso(t->created), "updated_at", js_iso(t->updated), "spam", 0, "is_escalated", 0,
        "custom_fields", json_object(), "fr_due_by", js_iso(t->created + 3600));
    if (include) {
        json_object_set_new(
            o, "stats",
            json_pack("{s:o,s:o,s:n}", "first_responded_at",
                      t->n_convs > 1 ? js_iso(t->convs[1].at) : json_null(), "resolved_at",
                      t->status >= 4 && t->status <= 5 ? js_iso(t->updated) : json_null(),
                      "closed_at"));
        char *name = xasprintf("Customer %d", t->requester);
        char *mail = xasprintf("customer%d@example.com", t->requester);
        json_object_set_new(o, "requester",
                            json_pack("{s:I,s:s,s:s,s:n,s:n}", "id",
                                      (json_int_t)(5000 + t->requester), "name", name, "email",
                                      mail, "mobile", "phone"));
        free(name);
        free(mail);
    }
    return o;
}

static json_t *fd_conv(struct tk *t, struct conv *c)
{
    char *text = tt_html_to_text(c->body);
    json_t *o =
        json_pack("{s:I,s:s,s:s,s:b,s:b,s:I,s:I,s:o,s:o,s:[],s:[],s:i}", "id", (json_int_t)c->id,
                  "body", c->body, "body_text", text, "incoming", c->incoming, "private", c->priv,
                  "user_id", (json_int_t)(c->incoming ? 5000 + t->requester : 11), "ticket_id",
                  (json_int_t)strtoll(t->id, NULL, 10), "created_at", js_iso(c->at), "updated_at",
                  js_iso(c->at), "to_emails", "attachments", "source", 0);
    free(text);
    return o;
}

/* ---- Intercom documents ---------------------------------------------------- */

static const char *ic_state(int s)
{
    return s == 3 ? "snoozed" : s >= 4 ? "closed" : "open";
}

static json_t *ic_tag(struct s2_fake *f, const char *name)
{
    size_t i;
    json_t *v;
    json_array_foreach(f->tag_names, i, v) if (strcmp(json_string_value(v), name) == 0) break;
    if (i == json_array_size(f->tag_names))
        json_array_append_new(f->tag_names, json_string(name));
    char id[16];
    snprintf(id, sizeof id, "%zu", i + 100);
    return json_pack("{s:s,s:s,s:s}", "type", "tag", "id", id, "name", name);
}

static json_t *ic_conv(struct s2_fake *f, struct tk *t, bool parts)
{
    static const char *const prio[] = {"low", "none", "high", "urgent"};
    json_t *tags = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(t->tags, i, v) json_array_append_new(tags, ic_tag(f, json_string_value(v)));
    char cid[24], sid[32], name[32], mail[48];
    snprintf(cid, sizeof cid, "c%d", t->requester);
    snprintf(sid, sizeof sid, "s%s", t->id);
    snprintf(name, sizeof name, "Customer %d", t->requester);
    snprintf(mail, sizeof mail, "customer%d@example.com", t->requester);
    json_t *o = json_pack(
        "{s:s,s:s,s:I,s:I,s:s,s:b,s:s,s:o,s:o,s:n,s:{s:s,s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s,s:s}},"
        "s:{s:s,s:[{s:s,s:s}]},s:{s:s,s:o},s:O}",
        "type", "conversation", "id", t->id, "created_at", (json_int_t)t->created, "updated_at",
        (json_int_t)t->updated, "state", ic_state(t->status), "open", t->status == 2, "priority",
        prio[(t->priority - 1) & 3], "admin_assignee_id",
        t->assignee[0] ? json_integer(strtoll(t->assignee, NULL, 10)) : json_null(),
        "team_assignee_id", t->group[0] ? json_string(t->group) : json_null(), "title", "source",
        "type", "conversation", "id", sid, "delivered_as", "customer_initiated", "subject", "",
        "body", "<p>Help with the fake product</p>", "author", "type", "user", "id", cid, "name",
        name, "email", mail, "contacts", "type", "contact.list", "contacts", "type", "contact",
        "id", cid, "tags", "type", "tag.list", "tags", tags, "custom_attributes", t->custom);
    if (parts) {
        json_t *list = json_array();
        for (int k = 0; k < t->n_convs; k++) {
            struct conv *c = &t->convs[k];
            char pid[24];
            snprintf(pid, sizeof pid, "%lld", (long long)c->id);
            bool user = strcmp(c->author_type, "user") == 0;
            json_array_append_new(
                list, json_pack("{s:s,s:s,s:s,s:s?,s:I,s:I,s:{s:s,s:s,s:s,s:s},s:o,s:[],s:b}",
                                "type", "conversation_part", "id", pid, "part_type", c->part_type,
                                "body", c->body, "created_at", (json_int_t)c->at, "updated_at",
                                (json_int_t)c->at, "author", "type", c->author_type, "id",
                                user ? cid : "11", "name", user ? name : "Agent Eleven", "email",
                                user ? mail : "agent11@vendor.io", "assigned_to",
                                c->assigned_to
                                    ? json_pack("{s:s,s:s}", "type", "admin", "id", c->assigned_to)
                                    : json_null(),
                                "attachments", "redacted", 0));
        }
        json_object_set_new(o, "conversation_parts",
                            json_pack("{s:s,s:o,s:i}", "type", "conversation_part.list",
                                      "conversation_parts", list, "total_count", t->n_convs));
    }
    return o;
}

/* ---- request helpers ----------------------------------------------------------- */

static const char *arg(const struct fs_request *c, const char *k)
{
    return fs_arg(c, k);
}

static int arg_int(const struct fs_request *c, const char *k, int def)
{
    const char *v = arg(c, k);
    return v && *v ? atoi(v) : def;
}

struct reply {
    unsigned status;
    char *body; /* owned */
    const char *extra[8];
};

static void set_json(struct reply *r, unsigned status, json_t *doc)
{
    r->status = status;
    r->body = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
}

static void set_error(struct s2_fake *f, struct reply *r, unsigned status, const char *code,
                      const char *msg)
{
    if (f->o.provider == S2_INTERCOM)
        set_json(r, status,
                 json_pack("{s:s,s:[{s:s,s:s}]}", "type", "error.list", "errors", "code", code,
                           "message", msg));
    else
        set_json(r, status,
                 json_pack("{s:s,s:[{s:s,s:s}]}", "description", msg, "errors", "code", code,
                           "message", msg));
}

static struct tk *find(struct s2_fake *f, const char *id)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->t[i].id, id) == 0 && !f->t[i].deleted)
            return &f->t[i];
    return NULL;
}

static int cmp_updated(const void *a, const void *b)
{
    const struct tk *x = *(struct tk *const *)a, *y = *(struct tk *const *)b;
    if (x->updated != y->updated)
        return x->updated < y->updated ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* Tickets matching, sorted by updated_at then id. */
static struct tk **select_tickets(struct s2_fake *f, int64_t since, bool strict, bool deleted,
                                  int *n_out)
{
    struct tk **v = xcalloc((size_t)f->n + 1, sizeof *v);
    int n = 0;
    for (int i = 0; i < f->n; i++) {
        struct tk *t = &f->t[i];
        if (t->deleted != deleted)
            continue;
        if (strict ? t->updated > since : t->updated >= since)
            v[n++] = t;
    }
    qsort(v, (size_t)n, sizeof *v, cmp_updated);
    *n_out = n;
    return v;
}

/* ---- Freshdesk routes ------------------------------------------------------------- */

static void fd_route(struct s2_fake *f, const struct fs_request *c, const char *method,
                     const char *url, json_t *body, struct reply *r)
{
    int per = arg_int(c, "per_page", 30), page = arg_int(c, "page", 1);
    if (per < 1 || per > 100 || page < 1) {
        set_error(f, r, 400, "invalid_value", "per_page/page out of range");
        return;
    }
    int off = (page - 1) * per;
    char id[32];
    char tail[32] = "";
    if (!strcmp(method, "GET") && !strcmp(url, "/api/v2/tickets")) {
        const char *us = arg(c, "updated_since");
        int64_t since = 0;
        if (us && tt_time_parse(us, &since, NULL) < 0) {
            set_error(f, r, 400, "invalid_value", "updated_since");
            return;
        }
        const char *filter = arg(c, "filter");
        bool deleted = filter && !strcmp(filter, "deleted");
        bool spam = filter && !strcmp(filter, "spam");
        int n;
        struct tk **v = select_tickets(f, since, false, deleted, &n);
        int k = 0;
        for (int i = 0; i < n; i++) /* spam only under filter=spam */
            if (v[i]->spam == spam)
                v[k++] = v[i];
        n = k;
        json_t *arr = json_array();
        const char *inc = arg(c, "include");
        for (int i = off; i < n && i < off + per; i++)
            json_array_append_new(arr, fd_ticket(f, v[i], inc && strstr(inc, "stats")));
        free(v);
        set_json(r, 200, arr);
        return;
    }
    if (!strcmp(method, "GET") &&
        (!strcmp(url, "/api/v2/contacts") || !strcmp(url, "/api/v2/companies") ||
         !strcmp(url, "/api/v2/agents") || !strcmp(url, "/api/v2/groups"))) {
        json_t *arr = json_array();
        bool contacts = strstr(url, "contacts"), companies = strstr(url, "companies");
        int total = contacts ? f->o.contacts : companies ? f->o.companies : 2;
        for (int i = off; i < total && i < off + per; i++) {
            char name[48], mail[64];
            if (contacts) {
                snprintf(name, sizeof name, "Customer %d", i);
                snprintf(mail, sizeof mail, "customer%d@example.com", i);
                json_array_append_new(
                    arr,
                    json_pack("{s:i,s:s,s:s,s:o,s:b}", "id", 5000 + i, "name", name, "email", mail,
                              "company_id",
                              f->o.companies ? json_integer(700 + i % f->o.companies) : json_null(),
                              "active", 1));
            } else if (companies) {
                snprintf(name, sizeof name, "Company %d", i);
                snprintf(mail, sizeof mail, "company%d.example", i);
                char *csm = xasprintf("csm%d@vendor.io", i % 2);
                json_array_append_new(arr, json_pack("{s:i,s:s,s:[s],s:{s:s,s:i,s:s},s:s}", "id",
                                                     700 + i, "name", name, "domains", mail,
                                                     "custom_fields", "plan", company_plan(i),
                                                     "mrr", 100 * (i + 1), "csm", csm, "created_at",
                                                     "2024-01-01T00:00:00Z"));
                free(csm);
            } else if (strstr(url, "agents")) {
                snprintf(name, sizeof name, "Agent %d", 11 + i);
                snprintf(mail, sizeof mail, "agent%d@vendor.io", 11 + i);
                json_array_append_new(arr,
                                      json_pack("{s:i,s:{s:s,s:s},s:[i]}", "id", 11 + i, "contact",
                                                "name", name, "email", mail, "group_ids", 21 + i));
            } else {
                snprintf(name, sizeof name, "Group %d", 21 + i);
                json_array_append_new(arr, json_pack("{s:i,s:s}", "id", 21 + i, "name", name));
            }
        }
        set_json(r, 200, arr);
        return;
    }
    if (sscanf(url, "/api/v2/tickets/%31[0-9]/%31s", id, tail) < 1) {
        set_error(f, r, 404, "not_found", "no such route");
        return;
    }
    struct tk *t = find(f, id);
    if (!t) {
        set_error(f, r, 404, "not_found", "no such ticket");
        return;
    }
    if (!strcmp(method, "GET") && !tail[0]) {
        set_json(r, 200, fd_ticket(f, t, false));
    } else if (!strcmp(method, "GET") && !strcmp(tail, "conversations")) {
        json_t *arr = json_array();
        for (int i = off; i < t->n_convs && i < off + per; i++)
            json_array_append_new(arr, fd_conv(t, &t->convs[i]));
        set_json(r, 200, arr);
    } else if (!strcmp(method, "POST") && (!strcmp(tail, "reply") || !strcmp(tail, "notes"))) {
        const char *b = json_string_value(json_object_get(body, "body"));
        if (!b || !*b) {
            set_error(f, r, 400, "missing_field", "body");
            return;
        }
        json_t *pv = json_object_get(body, "private");
        bool priv = !strcmp(tail, "notes") && (!pv || json_is_true(pv));
        t->updated = tick(f);
        tk_add_conv(f, t, b, false, priv, "admin", priv ? "note" : "comment", t->updated);
        set_json(r, 201, fd_conv(t, &t->convs[t->n_convs - 1]));
    } else if (!strcmp(method, "PUT") && !tail[0]) {
        if (!json_is_object(body) || json_object_size(body) == 0) {
            set_error(f, r, 400, "missing_field", "no field to update");
            return;
        }
        const char *k;
        json_t *v;
        json_object_foreach(body, k, v)
        {
            if (!strcmp(k, "status") && json_is_integer(v) && json_integer_value(v) >= 2)
                t->status = (int)json_integer_value(v);
            else if (!strcmp(k, "priority") && json_is_integer(v) && json_integer_value(v) >= 1 &&
                     json_integer_value(v) <= 4)
                t->priority = (int)json_integer_value(v);
            else if ((!strcmp(k, "responder_id") || !strcmp(k, "group_id")) &&
                     (json_is_integer(v) || json_is_null(v)))
                snprintf(!strcmp(k, "group_id") ? t->group : t->assignee, sizeof t->group, "%lld",
                         (long long)json_integer_value(v));
            else if (!strcmp(k, "tags") && json_is_array(v))
                json_decref(t->tags), t->tags = json_deep_copy(v);
            else {
                char *m = xasprintf("invalid value for %s", k);
                set_error(f, r, 400, "invalid_value", m);
                free(m);
                return;
            }
            if ((!strcmp(k, "responder_id") || !strcmp(k, "group_id")) && json_is_null(v))
                (!strcmp(k, "group_id") ? t->group : t->assignee)[0] = '\0';
        }
        t->updated = tick(f);
        set_json(r, 200, fd_ticket(f, t, false));
    } else {
        set_error(f, r, 404, "not_found", "no such route");
    }
}

/* ---- Intercom routes --------------------------------------------------------------- */

static json_t *ic_pages(int page, int per, int total, const char *next_after)
{
    json_t *p = json_pack("{s:s,s:i,s:i,s:i}", "type", "pages", "page", page, "per_page", per,
                          "total_pages", per ? (total + per - 1) / per : 0);
    if (next_after)
        json_object_set_new(p, "next",
                            json_pack("{s:i,s:s}", "per_page", per, "starting_after", next_after));
    return p;
}

/* A search body: {query:{operator:AND,value:[{field:updated_at,operator:">",value:N}]},
 * pagination:{per_page,starting_after}} -> since, per, offset. */
static int search_args(json_t *body, int64_t *since, int *per, int *off)
{
    json_t *q = json_object_get(body, "query");
    json_t *vals = json_object_get(q, "value");
    json_t *f0 = json_is_array(vals) ? json_array_get(vals, 0) : q;
    json_t *v = json_object_get(f0, "value");
    if (!tt_streq(json_string_value(json_object_get(f0, "field")), "updated_at") ||
        !tt_streq(json_string_value(json_object_get(f0, "operator")), ">"))
        return -1;
    *since = json_is_integer(v)  ? json_integer_value(v)
             : json_is_string(v) ? strtoll(json_string_value(v), NULL, 10)
                                 : -1;
    json_t *pg = json_object_get(body, "pagination");
    *per = json_is_integer(json_object_get(pg, "per_page"))
               ? (int)json_integer_value(json_object_get(pg, "per_page"))
               : 20;
    const char *after = json_string_value(json_object_get(pg, "starting_after"));
    *off = after && !strncmp(after, "off-", 4) ? atoi(after + 4) : 0;
    return *since < 0 || *per < 1 || *per > 150 ? -1 : 0;
}

static void ic_route(struct s2_fake *f, const struct fs_request *c, const char *method,
                     const char *url, json_t *body, struct reply *r)
{
    char id[32], tail[64] = "";
    if (!strcmp(method, "POST") && !strcmp(url, "/conversations/search")) {
        int64_t since;
        int per, off, n;
        if (search_args(body, &since, &per, &off) < 0) {
            set_error(f, r, 400, "parameter_invalid", "bad search query");
            return;
        }
        struct tk **v = select_tickets(f, since, true, false, &n);
        json_t *arr = json_array();
        for (int i = off; i < n && i < off + per; i++)
            json_array_append_new(arr, ic_conv(f, v[i], false));
        free(v);
        char next[32];
        snprintf(next, sizeof next, "off-%d", off + per);
        set_json(r, 200,
                 json_pack("{s:s,s:o,s:i,s:o}", "type", "conversation.list", "conversations", arr,
                           "total_count", n, "pages",
                           ic_pages(off / per + 1, per, n, off + per < n ? next : NULL)));
        return;
    }
    if (!strcmp(method, "POST") && !strcmp(url, "/contacts/search")) {
        int64_t since;
        int per, off;
        if (search_args(body, &since, &per, &off) < 0) {
            set_error(f, r, 400, "parameter_invalid", "bad search query");
            return;
        }
        json_t *arr = json_array();
        int n = f->o.contacts;
        for (int i = off; i < n && i < off + per; i++) {
            char cid[24], name[32], mail[48], co[24];
            snprintf(cid, sizeof cid, "c%d", i);
            snprintf(name, sizeof name, "Customer %d", i);
            snprintf(mail, sizeof mail, "customer%d@example.com", i);
            snprintf(co, sizeof co, "co%d", f->o.companies ? i % f->o.companies : 0);
            json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:s,s:{s:s,s:[{s:s,s:s}]}}",
                                                 "type", "contact", "id", cid, "role", "user",
                                                 "name", name, "email", mail, "companies", "type",
                                                 "list", "data", "type", "company", "id", co));
        }
        char next[32];
        snprintf(next, sizeof next, "off-%d", off + per);
        set_json(r, 200,
                 json_pack("{s:s,s:o,s:i,s:o}", "type", "list", "data", arr, "total_count", n,
                           "pages", ic_pages(off / per + 1, per, n, off + per < n ? next : NULL)));
        return;
    }
    if (!strcmp(method, "POST") && !strcmp(url, "/companies/list")) {
        int per = arg_int(c, "per_page", 15), page = arg_int(c, "page", 1);
        json_t *arr = json_array();
        for (int i = (page - 1) * per; i < f->o.companies && i < page * per; i++) {
            char co[24], name[32], csm[32];
            snprintf(co, sizeof co, "co%d", i);
            snprintf(name, sizeof name, "Company %d", i);
            snprintf(csm, sizeof csm, "csm%d@vendor.io", i % 2);
            json_array_append_new(
                arr,
                json_pack("{s:s,s:s,s:s,s:s,s:i,s:i,s:{s:s,s:s,s:s},s:{s:s}}", "type", "company",
                          "id", co, "company_id", co, "name", name, "created_at", 1700000000,
                          "monthly_spend", 100 * (i + 1), "plan", "type", "plan", "id", "1", "name",
                          company_plan(i), "custom_attributes", "csm", csm));
        }
        set_json(r, 200,
                 json_pack("{s:s,s:o,s:i,s:o}", "type", "list", "data", arr, "total_count",
                           f->o.companies, "pages", ic_pages(page, per, f->o.companies, NULL)));
        return;
    }
    if (!strcmp(method, "GET") && !strcmp(url, "/admins")) {
        set_json(r, 200,
                 json_pack("{s:s,s:[{s:s,s:s,s:s,s:s,s:[i]},{s:s,s:s,s:s,s:s,s:[]}]}", "type",
                           "admin.list", "admins", "type", "admin", "id", "11", "name",
                           "Agent Eleven", "email", "agent11@vendor.io", "team_ids", 21, "type",
                           "admin", "id", "12", "name", "Agent Twelve", "email",
                           "agent12@vendor.io", "team_ids"));
        return;
    }
    if (!strcmp(method, "GET") && !strcmp(url, "/me")) {
        set_json(r, 200,
                 json_pack("{s:s,s:s,s:s,s:s}", "type", "admin", "id", "11", "name", "Agent Eleven",
                           "email", "agent11@vendor.io"));
        return;
    }
    if (!strcmp(method, "GET") && !strcmp(url, "/teams")) {
        set_json(r, 200,
                 json_pack("{s:s,s:[{s:s,s:s,s:s},{s:s,s:s,s:s}]}", "type", "team.list", "teams",
                           "type", "team", "id", "21", "name", "Billing", "type", "team", "id",
                           "22", "name", "Tech"));
        return;
    }
    if (!strcmp(method, "GET") && !strcmp(url, "/tags")) {
        json_t *arr = json_array();
        size_t i;
        json_t *v;
        json_array_foreach(f->tag_names, i, v)
        {
            char tid[16];
            snprintf(tid, sizeof tid, "%zu", i + 100);
            json_array_append_new(arr,
                                  json_pack("{s:s,s:s,s:O}", "type", "tag", "id", tid, "name", v));
        }
        set_json(r, 200, json_pack("{s:s,s:o}", "type", "list", "data", arr));
        return;
    }
    if (!strcmp(method, "POST") && !strcmp(url, "/tags")) {
        const char *name = json_string_value(json_object_get(body, "name"));
        if (!name || !*name) {
            set_error(f, r, 400, "parameter_invalid", "invalid tag parameters");
            return;
        }
        set_json(r, 200, ic_tag(f, name));
        return;
    }
    if (!strcmp(method, "GET") && !strcmp(url, "/conversations/deleted")) {
        int per = arg_int(c, "per_page", 20), page = arg_int(c, "page", 1);
        int n = 0;
        struct tk **v = xcalloc((size_t)f->n + 1, sizeof *v);
        for (int i = 0; i < f->n; i++)
            if (f->t[i].deleted)
                v[n++] = &f->t[i];
        for (int i = 0; i + 1 < n; i++) /* newest deletion first */
            for (int j = i + 1; j < n; j++)
                if (v[j]->deleted_at > v[i]->deleted_at) {
                    struct tk *x = v[i];
                    v[i] = v[j], v[j] = x;
                }
        json_t *arr = json_array();
        for (int i = (page - 1) * per; i < n && i < page * per; i++)
            json_array_append_new(
                arr, json_pack("{s:s,s:s,s:I,s:b}", "type", "conversation", "id", v[i]->id,
                               "deleted_at", (json_int_t)v[i]->deleted_at, "metrics_retained", 0));
        free(v);
        json_t *pages = ic_pages(page, per, n, NULL);
        if (page * per < n) {
            char *next =
                xasprintf("%s/conversations/deleted?per_page=%d&page=%d", f->url, per, page + 1);
            json_object_set_new(pages, "next", json_string(next));
            free(next);
        }
        set_json(r, 200,
                 json_pack("{s:s,s:i,s:o,s:o}", "type", "conversations.list", "total_count", n,
                           "pages", pages, "conversations", arr));
        return;
    }
    if (sscanf(url, "/conversations/%31[0-9]%63s", id, tail) < 1) {
        set_error(f, r, 404, "not_found", "Resource Not Found");
        return;
    }
    struct tk *t = find(f, id);
    if (!t) {
        set_error(f, r, 404, "not_found", "Resource Not Found");
        return;
    }
    const char *admin = json_string_value(json_object_get(body, "admin_id"));
    if (!strcmp(method, "GET") && !tail[0]) {
        set_json(r, 200, ic_conv(f, t, true));
        return;
    }
    if ((!strcmp(method, "POST") || !strcmp(method, "DELETE")) && (!admin || !*admin)) {
        set_error(f, r, 400, "parameter_invalid", "admin_id is required");
        return;
    }
    if (!strcmp(method, "POST") && !strcmp(tail, "/reply")) {
        const char *mt = json_string_value(json_object_get(body, "message_type"));
        const char *b = json_string_value(json_object_get(body, "body"));
        if (!mt || (strcmp(mt, "comment") && strcmp(mt, "note")) || !b || !*b) {
            set_error(f, r, 400, "parameter_invalid", "message_type/body");
            return;
        }
        t->updated = tick(f);
        tk_add_conv(f, t, b, false, !strcmp(mt, "note"), "admin",
                    !strcmp(mt, "note") ? "note" : "comment", t->updated);
        set_json(r, 200, ic_conv(f, t, true));
    } else if (!strcmp(method, "POST") && !strcmp(tail, "/parts")) {
        const char *mt = json_string_value(json_object_get(body, "message_type"));
        const char *part = NULL;
        char *assigned = NULL;
        if (tt_streq(mt, "open"))
            t->status = 2, part = "open";
        else if (tt_streq(mt, "close"))
            t->status = 4, part = "close";
        else if (tt_streq(mt, "snoozed") && json_is_integer(json_object_get(body, "snoozed_until")))
            t->status = 3, part = "snoozed";
        else if (tt_streq(mt, "assignment") &&
                 json_is_string(json_object_get(body, "assignee_id"))) {
            const char *who = json_string_value(json_object_get(body, "assignee_id"));
            bool team = tt_streq(json_string_value(json_object_get(body, "type")), "team");
            snprintf(team ? t->group : t->assignee, sizeof t->group, "%s",
                     strcmp(who, "0") ? who : "");
            part = "assignment";
            assigned = xstrdup(who);
        }
        if (!part) {
            set_error(f, r, 400, "parameter_invalid", "message_type");
            return;
        }
        t->updated = tick(f);
        tk_add_conv(f, t, "", false, false, "admin", part, t->updated);
        t->convs[t->n_convs - 1].assigned_to = assigned;
        set_json(r, 200, ic_conv(f, t, true));
    } else if (!strcmp(method, "PUT") && !tail[0]) {
        json_t *ca = json_object_get(body, "custom_attributes");
        if (!json_is_object(ca)) {
            set_error(f, r, 400, "parameter_invalid", "custom_attributes");
            return;
        }
        json_object_update(t->custom, ca);
        t->updated = tick(f);
        set_json(r, 200, ic_conv(f, t, false));
    } else if (!strcmp(method, "POST") && !strcmp(tail, "/tags")) {
        const char *tid = json_string_value(json_object_get(body, "id"));
        size_t k = tid ? (size_t)atoi(tid) - 100 : (size_t)-1;
        json_t *name = json_array_get(f->tag_names, k);
        if (!name) {
            set_error(f, r, 404, "not_found", "Tag not found");
            return;
        }
        size_t i;
        json_t *v;
        json_array_foreach(t->tags, i, v) if (json_equal(v, name)) break;
        if (i == json_array_size(t->tags))
            json_array_append(t->tags, name);
        t->updated = tick(f);
        set_json(r, 200, ic_tag(f, json_string_value(name)));
    } else if (!strcmp(method, "DELETE") && !strncmp(tail, "/tags/", 6)) {
        json_t *name = json_array_get(f->tag_names, (size_t)atoi(tail + 6) - 100);
        size_t i;
        json_t *v;
        bool found = false;
        json_array_foreach(t->tags, i, v) if (name && json_equal(v, name))
        {
            json_array_remove(t->tags, i);
            found = true;
            break;
        }
        if (!found) {
            set_error(f, r, 404, "not_found", "Tag not found");
            return;
        }
        t->updated = tick(f);
        set_json(r, 200, ic_tag(f, json_string_value(name)));
    } else {
        set_error(f, r, 404, "not_found", "Resource Not Found");
    }
}

/* ---- server ------------------------------------------------------------------ */

static bool authorized(struct s2_fake *f, const struct fs_request *rq)
{
    const char *h = rq->auth;
    if (!h)
        return false;
    bool ok;
    if (f->o.provider == S2_FRESHDESK) {
        char *cred = xasprintf("%s:X", f->token);
        struct tt_buf b = {0};
        static const char tbl[] =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        size_t n = strlen(cred);
        for (size_t i = 0; i < n; i += 3) { /* base64 of "key:X" */
            unsigned v = (unsigned char)cred[i] << 16;
            if (i + 1 < n)
                v |= (unsigned char)cred[i + 1] << 8;
            if (i + 2 < n)
                v |= (unsigned char)cred[i + 2];
            tt_buf_putc(&b, tbl[(v >> 18) & 63]);
            tt_buf_putc(&b, tbl[(v >> 12) & 63]);
            tt_buf_putc(&b, i + 1 < n ? tbl[(v >> 6) & 63] : '=');
            tt_buf_putc(&b, i + 2 < n ? tbl[v & 63] : '=');
        }
        char *want = xasprintf("Basic %s", tt_buf_str(&b));
        ok = strcmp(h, want) == 0;
        free(want);
        free(cred);
        tt_buf_free(&b);
    } else {
        char *want = xasprintf("Bearer %s", f->token);
        ok = strcmp(h, want) == 0;
        free(want);
        if (ok && !tt_streq(fs_header(rq, "Intercom-Version"), "2.16"))
            ok = false;
    }
    return ok;
}

static void s2_handle(void *ud, const struct fs_request *rq, struct fs_response *rs)
{
    struct s2_fake *f = ud;
    pthread_mutex_lock(&f->mu);
    while (f->hold_after == 0 && !f->stopping) {
        f->held++;
        pthread_cond_broadcast(&f->cv);
        pthread_cond_wait(&f->cv, &f->mu);
        f->held--;
    }
    if (f->hold_after > 0)
        f->hold_after--;
    if (!strcmp(rq->path, "/__control")) { /* the standalone tool's data changes */
        const char *t = fs_arg(rq, "touch"), *d = fs_arg(rq, "delete");
        int64_t now = tick(f);
        if (t && atoi(t) >= 0 && atoi(t) < f->n) {
            struct tk *k = &f->t[atoi(t)];
            k->updated = now;
            tk_add_conv(f, k, "<p>A customer follow-up</p>", true, false, "user", "comment", now);
        }
        if (d && atoi(d) >= 0 && atoi(d) < f->n)
            f->t[atoi(d)].deleted = true, f->t[atoi(d)].deleted_at = f->t[atoi(d)].updated = now;
        rs->body = xstrdup("{}");
        pthread_mutex_unlock(&f->mu);
        return;
    }
    char *line = xasprintf("%s %s", rq->method, rq->path);
    f->hits = xrealloc(f->hits, (size_t)(f->n_hits + 1) * sizeof *f->hits);
    f->hits[f->n_hits].line = xstrdup(line);
    f->hits[f->n_hits].body = xstrndup(rq->body, rq->body_len);
    f->n_hits++;

    struct reply r = {0};
    int fault = -1;
    for (int i = 0; i < f->n_faults; i++) {
        struct fault *ft = &f->faults[i];
        if (ft->times > 0 && (!ft->match || strstr(line, ft->match))) {
            ft->times--;
            fault = (int)ft->kind;
            break;
        }
    }
    free(line);
    json_t *body = rq->body_len ? json_loadb(rq->body, rq->body_len, 0, NULL) : NULL;
    if (fault == S2_F_401 || !authorized(f, rq)) {
        set_error(f, &r, 401, f->o.provider == S2_INTERCOM ? "unauthorized" : "invalid_credentials",
                  f->o.provider == S2_INTERCOM
                      ? "Access Token Invalid"
                      : "You have to be logged in to perform this action.");
    } else if (fault == S2_F_429) {
        set_error(f, &r, 429, "rate_limit_exceeded", "Rate limit exceeded");
    } else if (fault == S2_F_404) {
        set_error(f, &r, 404, "not_found", "Resource Not Found");
    } else if (fault == S2_F_500) {
        set_error(f, &r, 500, "internal_error", "Something went wrong");
    } else if (rq->body_len && !body) {
        set_error(f, &r, 400, "invalid_json", "request body is not JSON");
    } else if (f->o.provider == S2_FRESHDESK) {
        fd_route(f, rq, rq->method, rq->path, body, &r);
    } else {
        ic_route(f, rq, rq->method, rq->path, body, &r);
    }
    json_decref(body);
    if (fault == S2_F_TRUNCATE)
        rs->fault = FS_TRUNCATE;
    else if (fault == S2_F_DROP)
        rs->fault = FS_DROP;
    else if (fault == S2_F_MALFORMED && r.status == 200) {
        free(r.body);
        r.body = xstrdup("<html><body><h1>502 Bad Gateway</h1></body></html>");
    }
    rs->status = r.status ? (int)r.status : 500;
    rs->body = r.body;
    if (f->o.provider == S2_FRESHDESK) {
        fs_response_header(rs, "X-RateLimit-Total: 400");
        fs_response_header(rs, "X-RateLimit-Remaining: %s", fault == S2_F_429 ? "0" : "399");
        fs_response_header(rs, "X-RateLimit-Used-CurrentRequest: 1");
        if (fault == S2_F_429)
            fs_response_header(rs, "Retry-After: 1");
    } else {
        /* Intercom documents no Retry-After: clients wait for the reset time. */
        fs_response_header(rs, "X-RateLimit-Limit: 10000");
        fs_response_header(rs, "X-RateLimit-Remaining: %s", fault == S2_F_429 ? "0" : "9999");
        fs_response_header(rs, "X-RateLimit-Reset: %lld", (long long)time(NULL) + 1);
    }
    pthread_mutex_unlock(&f->mu);
}

struct s2_fake *s2_fake_start(const struct s2_fake_opts *o)
{
    struct s2_fake *f = xcalloc(1, sizeof *f);
    f->o = *o;
    f->token = xstrdup(o->token ? o->token : "secret-token");
    f->o.token = f->token;
    if (!f->o.base_time)
        f->o.base_time = 1700000000;
    f->hold_after = -1;
    f->tag_names = json_array();
    pthread_mutex_init(&f->mu, NULL);
    pthread_cond_init(&f->cv, NULL);
    build(f);
    f->srv = fs_start(o->port, s2_handle, f);
    if (!f->srv) {
        fprintf(stderr, "sync2_fake: cannot start the server\n");
        abort();
    }
    snprintf(f->url, sizeof f->url, "%s", fs_url(f->srv));
    return f;
}

void s2_fake_stop(struct s2_fake *f)
{
    if (!f)
        return;
    pthread_mutex_lock(&f->mu);
    f->stopping = true;
    pthread_cond_broadcast(&f->cv);
    pthread_mutex_unlock(&f->mu);
    fs_stop(f->srv);
    for (int i = 0; i < f->n; i++) {
        for (int k = 0; k < f->t[i].n_convs; k++) {
            free(f->t[i].convs[k].body);
            free(f->t[i].convs[k].assigned_to);
        }
        free(f->t[i].convs);
        json_decref(f->t[i].tags);
        json_decref(f->t[i].custom);
    }
    free(f->t);
    for (int i = 0; i < f->n_hits; i++) {
        free(f->hits[i].line);
        free(f->hits[i].body);
    }
    free(f->hits);
    for (int i = 0; i < f->n_faults; i++)
        free(f->faults[i].match);
    json_decref(f->tag_names);
    free(f->token);
    pthread_mutex_destroy(&f->mu);
    pthread_cond_destroy(&f->cv);
    free(f);
}

const char *s2_fake_url(const struct s2_fake *f)
{
    return f->url;
}

void s2_fake_fault(struct s2_fake *f, enum s2_fault kind, const char *match, int times)
{
    pthread_mutex_lock(&f->mu);
    if (f->n_faults < (int)TT_ARRAY_LEN(f->faults)) {
        f->faults[f->n_faults].kind = kind;
        f->faults[f->n_faults].match = xstrdup(match);
        f->faults[f->n_faults].times = times;
        f->n_faults++;
    }
    pthread_mutex_unlock(&f->mu);
}

int s2_fake_hits(struct s2_fake *f, const char *match)
{
    pthread_mutex_lock(&f->mu);
    int n = 0;
    for (int i = 0; i < f->n_hits; i++)
        if (!match || strstr(f->hits[i].line, match))
            n++;
    pthread_mutex_unlock(&f->mu);
    return n;
}

char *s2_fake_last_body(struct s2_fake *f, const char *match)
{
    pthread_mutex_lock(&f->mu);
    char *r = NULL;
    for (int i = f->n_hits - 1; i >= 0 && !r; i--)
        if (!match || strstr(f->hits[i].line, match))
            r = xstrdup(f->hits[i].body);
    pthread_mutex_unlock(&f->mu);
    return r;
}

void s2_fake_hold_after(struct s2_fake *f, int n)
{
    pthread_mutex_lock(&f->mu);
    f->hold_after = n < 0 ? -1 : n;
    pthread_cond_broadcast(&f->cv);
    pthread_mutex_unlock(&f->mu);
}

int s2_fake_held(struct s2_fake *f)
{
    pthread_mutex_lock(&f->mu);
    int n = f->held;
    pthread_mutex_unlock(&f->mu);
    return n;
}

void s2_fake_touch(struct s2_fake *f, int i, int64_t updated_at, bool add_comment)
{
    pthread_mutex_lock(&f->mu);
    struct tk *t = &f->t[i];
    t->updated = updated_at;
    if (add_comment)
        tk_add_conv(f, t, "<p>A customer follow-up</p>", true, false, "user", "comment",
                    updated_at);
    pthread_mutex_unlock(&f->mu);
}

void s2_fake_spam(struct s2_fake *f, int i, int64_t at)
{
    pthread_mutex_lock(&f->mu);
    f->t[i].spam = true;
    f->t[i].updated = at;
    pthread_mutex_unlock(&f->mu);
}

void s2_fake_delete(struct s2_fake *f, int i, int64_t at)
{
    pthread_mutex_lock(&f->mu);
    f->t[i].deleted = true;
    f->t[i].deleted_at = at;
    f->t[i].updated = at;
    pthread_mutex_unlock(&f->mu);
}

const char *s2_fake_ticket_id(struct s2_fake *f, int i)
{
    return f->t[i].id;
}

int s2_fake_comments(struct s2_fake *f, int i)
{
    pthread_mutex_lock(&f->mu);
    int n = f->t[i].n_convs;
    pthread_mutex_unlock(&f->mu);
    return n;
}

char *s2_fake_ticket_json(struct s2_fake *f, int i)
{
    pthread_mutex_lock(&f->mu);
    json_t *o =
        f->o.provider == S2_FRESHDESK ? fd_ticket(f, &f->t[i], false) : ic_conv(f, &f->t[i], true);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    pthread_mutex_unlock(&f->mu);
    return s;
}

struct fakesrv *s2_fake_server(struct s2_fake *f)
{
    return f->srv;
}
