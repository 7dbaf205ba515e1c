/*
 * fake_zendesk.c: see fake_zendesk.h.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_zendesk.h"
#include "ticketty/http.h"
#include "ticketty/util.h"

#define T0 1700000000LL /* created_at of ticket 0 */

struct zcomment {
    int64_t id;
    int64_t author;
    bool public;
    char *body;
    char *key; /* metadata.custom.ticketty_key */
    int64_t at;
};

struct zticket {
    int64_t seq;
    char *status;
    char *priority; /* NULL = null */
    char *tags;
    int64_t assignee, group;
    int64_t updated_at;
    bool deleted;
    struct zcomment *extra;
    int n_extra;
};

struct fake_zendesk {
    struct fz_opts o;
    char *auth;
    struct zticket *t; /* 1-based */
    int64_t *order;    /* order[seq] = ticket id */
    int64_t maxseq, cap;
    int64_t clock;
    int api_comments;
    int64_t next_comment_id;
    int64_t *org_updated; /* per organisation (index n = id - 500000) */
    char **org_plan;      /* NULL = generated */
    pthread_mutex_t mu;
};

static const char *const statuses[] = {"new", "open", "pending", "hold", "solved", "closed"};
static const char *const priorities[] = {"low", "normal", "high", "urgent", NULL};

static bool merged_source(int i)
{
    return i % 97 == 0;
}

struct fake_zendesk *fz_new(const struct fz_opts *o)
{
    struct fake_zendesk *z = xcalloc(1, sizeof *z);
    z->o = *o;
    if (z->o.comments < 1)
        z->o.comments = 1;
    if (z->o.users < 1)
        z->o.users = 50;
    if (z->o.orgs < 1)
        z->o.orgs = 10;
    char *cred = xasprintf("%s/token:%s", o->email, o->token);
    char *b = tt_base64(cred, strlen(cred));
    z->auth = xasprintf("Basic %s", b);
    free(b);
    free(cred);
    z->t = xcalloc((size_t)o->tickets + 1, sizeof *z->t);
    z->cap = o->tickets * 2 + 16;
    z->order = xcalloc((size_t)z->cap, sizeof *z->order);
    for (int i = 1; i <= o->tickets; i++) {
        struct zticket *t = &z->t[i];
        t->seq = i;
        z->order[i] = i;
        t->status = xstrdup(statuses[i % 6]);
        t->priority = xstrdup(priorities[i % 5]);
        t->tags =
            merged_source(i) ? xasprintf("closed_by_merge t%d", i % 7) : xasprintf("t%d", i % 7);
        if (merged_source(i)) {
            free(t->status);
            t->status = xstrdup("closed");
        }
        t->assignee = i % 4 ? 900000 + i % 5 : 0;
        t->group = 700000 + i % 3;
        t->updated_at = T0 + (int64_t)i * 60 + 3600;
    }
    z->maxseq = o->tickets;
    z->clock = T0 + (int64_t)o->tickets * 60 + 7200;
    z->next_comment_id = 900000000;
    z->org_updated = xcalloc((size_t)z->o.orgs, sizeof *z->org_updated);
    z->org_plan = xcalloc((size_t)z->o.orgs, sizeof *z->org_plan);
    for (int n = 0; n < z->o.orgs; n++)
        z->org_updated[n] = T0 - 86400 + n;
    pthread_mutex_init(&z->mu, NULL);
    return z;
}

void fz_free(struct fake_zendesk *z)
{
    if (!z)
        return;
    for (int i = 1; i <= z->o.tickets; i++) {
        struct zticket *t = &z->t[i];
        free(t->status);
        free(t->priority);
        free(t->tags);
        for (int k = 0; k < t->n_extra; k++) {
            free(t->extra[k].body);
            free(t->extra[k].key);
        }
        free(t->extra);
    }
    free(z->t);
    free(z->order);
    for (int n = 0; n < z->o.orgs; n++)
        free(z->org_plan[n]);
    free(z->org_plan);
    free(z->org_updated);
    free(z->auth);
    pthread_mutex_destroy(&z->mu);
    free(z);
}

static void bump(struct fake_zendesk *z, int i)
{
    if (z->maxseq + 1 >= z->cap) {
        z->order = xrealloc(z->order, (size_t)z->cap * 2 * sizeof *z->order);
        memset(z->order + z->cap, 0, (size_t)z->cap * sizeof *z->order);
        z->cap *= 2;
    }
    z->t[i].seq = ++z->maxseq;
    z->order[z->maxseq] = i;
    z->t[i].updated_at = ++z->clock;
}

static void add_comment(struct fake_zendesk *z, int i, int64_t author, bool pub, const char *body,
                        const char *key)
{
    struct zticket *t = &z->t[i];
    t->extra = xrealloc(t->extra, (size_t)(t->n_extra + 1) * sizeof *t->extra);
    t->extra[t->n_extra++] = (struct zcomment){z->next_comment_id++, author,       pub,
                                               xstrdup(body),        xstrdup(key), z->clock + 1};
    bump(z, i);
}

void fz_touch(struct fake_zendesk *z, int i, const char *body)
{
    pthread_mutex_lock(&z->mu);
    add_comment(z, i, 100000 + i % z->o.users, true, body, NULL);
    pthread_mutex_unlock(&z->mu);
}

void fz_delete(struct fake_zendesk *z, int i)
{
    pthread_mutex_lock(&z->mu);
    z->t[i].deleted = true;
    bump(z, i);
    pthread_mutex_unlock(&z->mu);
}

int fz_api_comments(struct fake_zendesk *z)
{
    pthread_mutex_lock(&z->mu);
    int n = z->api_comments;
    pthread_mutex_unlock(&z->mu);
    return n;
}

int fz_comment_count(struct fake_zendesk *z, int i)
{
    pthread_mutex_lock(&z->mu);
    int n = z->o.comments + z->t[i].n_extra;
    pthread_mutex_unlock(&z->mu);
    return n;
}

const char *fz_status(struct fake_zendesk *z, int i)
{
    return z->t[i].status;
}
const char *fz_tags(struct fake_zendesk *z, int i)
{
    return z->t[i].tags;
}

/* ---- JSON shapes ------------------------------------------------------------ */

static json_t *iso(int64_t t)
{
    char b[21];
    return json_string(tt_time_iso(t, b));
}

static json_t *maybe_id(int64_t v)
{
    return v ? json_integer(v) : json_null();
}

static int64_t requester_of(struct fake_zendesk *z, int i)
{
    return 100000 + i % z->o.users;
}
static int64_t org_of(struct fake_zendesk *z, int i)
{
    return 500000 + i % z->o.orgs;
}

static json_t *ticket_json(struct fake_zendesk *z, int i)
{
    struct zticket *t = &z->t[i];
    json_t *tags = json_array();
    char *copy = xstrdup(t->tags);
    for (char *sv = NULL, *w = strtok_r(copy, " ", &sv); w; w = strtok_r(NULL, " ", &sv))
        json_array_append_new(tags, json_string(w));
    free(copy);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(i));
    json_object_set_new(o, "url", json_string("https://company.zendesk.com/api/v2/tickets.json"));
    json_object_set_new(o, "subject", json_sprintf("Ticket %d: printer on fire", i));
    json_object_set_new(o, "description", json_sprintf("Customer message %d.1", i));
    json_object_set_new(o, "status", json_string(t->deleted ? "deleted" : t->status));
    json_object_set_new(o, "priority", t->priority ? json_string(t->priority) : json_null());
    json_object_set_new(o, "type", json_string("question"));
    json_object_set_new(o, "tags", tags);
    json_object_set_new(o, "requester_id", json_integer(requester_of(z, i)));
    json_object_set_new(o, "submitter_id", json_integer(requester_of(z, i)));
    json_object_set_new(o, "organization_id", json_integer(org_of(z, i)));
    json_object_set_new(o, "assignee_id", maybe_id(t->assignee));
    json_object_set_new(o, "group_id", maybe_id(t->group));
    json_object_set_new(o, "via", json_pack("{s:s}", "channel", i % 3 ? "email" : "web"));
    json_object_set_new(o, "created_at", iso(T0 + (int64_t)i * 60));
    json_object_set_new(o, "updated_at", iso(t->updated_at));
    json_object_set_new(o, "generated_timestamp", json_integer(t->updated_at));
    return o;
}

static json_t *user_json(struct fake_zendesk *z, int64_t id)
{
    if (id >= 900000) /* agents */
        return json_pack("{s:I,s:s+,s:s+,s:s,s:I}", "id", (json_int_t)id, "name", "Agent ",
                         id == 900000 ? "Zero" : "Smith", "email", "agent", "@company.com", "role",
                         id == 900001 ? "admin" : "agent", "default_group_id", (json_int_t)700000);
    int64_t n = id - 100000;
    json_t *u = json_object();
    json_object_set_new(u, "id", json_integer(id));
    json_object_set_new(u, "name", json_sprintf("Customer %lld", (long long)n));
    json_object_set_new(
        u, "email",
        json_sprintf("c%lld@example%lld.com", (long long)n, (long long)(n % z->o.orgs)));
    json_object_set_new(u, "role", json_string("end-user"));
    json_object_set_new(u, "organization_id", json_integer(500000 + n % z->o.orgs));
    return u;
}

static json_t *org_json(struct fake_zendesk *z, int64_t id)
{
    int64_t n = id - 500000;
    static const char *const plans[] = {"free", "pro", "enterprise"};
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(id));
    json_object_set_new(o, "name", json_sprintf("Org %lld Inc", (long long)n));
    json_object_set_new(o, "domain_names",
                        json_pack("[o]", json_sprintf("example%lld.com", (long long)n)));
    json_object_set_new(o, "created_at", iso(T0 - 86400 * 100));
    json_object_set_new(o, "updated_at", iso(z->org_updated[n]));
    json_object_set_new(o, "organization_fields",
                        json_pack("{s:s,s:f,s:s}", "plan",
                                  z->org_plan[n] ? z->org_plan[n] : plans[n % 3], "mrr",
                                  (double)(n * 100), "csm", "csm@company.com"));
    return o;
}

/* Comment k (0-based) of ticket i, over generated and added ones. */
static json_t *comment_json(struct fake_zendesk *z, int i, int k)
{
    json_t *c = json_object();
    int64_t id, author, at;
    bool pub;
    const char *key = NULL;
    char *body;
    if (k < z->o.comments) {
        id = (int64_t)i * 1000 + k + 1;
        bool last = k == z->o.comments - 1;
        if (merged_source(i) && last && k > 0) {
            author = 900000;
            pub = false;
            body = xasprintf("This request was closed and merged into request #%d.", i + 1);
        } else {
            author = k % 2 == 0 ? requester_of(z, i) : 900000 + i % 5;
            pub = !(k % 2 == 1 && k == 3);
            body = xasprintf("%s message %d.%d", k % 2 ? "Agent" : "Customer", i, k + 1);
        }
        at = T0 + (int64_t)i * 60 + k * 10;
    } else {
        struct zcomment *e = &z->t[i].extra[k - z->o.comments];
        id = e->id;
        author = e->author;
        pub = e->public;
        body = xstrdup(e->body);
        key = e->key;
        at = e->at;
    }
    json_object_set_new(c, "id", json_integer(id));
    json_object_set_new(c, "type", json_string("Comment"));
    json_object_set_new(c, "author_id", json_integer(author));
    json_object_set_new(c, "body", json_string(body));
    json_object_set_new(c, "plain_body", json_string(body));
    json_object_set_new(c, "html_body", json_sprintf("<p>%s</p>", body));
    json_object_set_new(c, "public", json_boolean(pub));
    json_object_set_new(c, "created_at", iso(at));
    json_object_set_new(c, "attachments", json_array());
    json_object_set_new(c, "via", json_pack("{s:s}", "channel", "web"));
    json_t *meta = json_pack("{s:{s:s}}", "system", "client", "fake");
    if (key)
        json_object_set_new(meta, "custom", json_pack("{s:s}", "ticketty_key", key));
    json_object_set_new(c, "metadata", meta);
    free(body);
    return c;
}

/* ---- handlers ----------------------------------------------------------------- */

static void reply(struct fs_response *rs, int status, json_t *j)
{
    rs->status = status;
    rs->body = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    fs_response_header(rs, "X-Rate-Limit: 700");
    fs_response_header(rs, "X-Rate-Limit-Remaining: 699");
}

static void export(struct fake_zendesk *z, const struct fs_request *rq, struct fs_response *rs)
{
    int64_t from = 0;
    const char *cursor = fs_arg(rq, "cursor");
    if (cursor) {
        if (cursor[0] != 's' || (from = strtoll(cursor + 1, NULL, 10)) < 0) {
            reply(rs, 400, json_pack("{s:s}", "error", "InvalidCursor"));
            return;
        }
    } else if (!fs_arg(rq, "start_time")) {
        reply(rs, 400, json_pack("{s:s}", "error", "start_time or cursor required"));
        return;
    }
    int per = fs_arg(rq, "per_page") ? atoi(fs_arg(rq, "per_page")) : 1000;
    if (per < 1 || per > 1000)
        per = 1000;
    json_t *tickets = json_array(), *users = json_array(), *orgs = json_array(),
           *groups = json_array(), *metrics = json_array();
    json_t *seen = json_object();
    int64_t seq = from, last = from;
    int n = 0;
    while (n < per && seq < z->maxseq) {
        seq++;
        int64_t i = z->order[seq];
        if (!i || z->t[i].seq != seq)
            continue;
        json_array_append_new(tickets, ticket_json(z, (int)i));
        last = seq;
        n++;
        int64_t refs[3] = {requester_of(z, (int)i), z->t[i].assignee, 0};
        for (int k = 0; k < 2; k++) {
            char key[32];
            snprintf(key, sizeof key, "u%lld", (long long)refs[k]);
            if (refs[k] && !json_object_get(seen, key)) {
                json_object_set_new(seen, key, json_true());
                json_array_append_new(users, user_json(z, refs[k]));
            }
        }
        char key[32];
        snprintf(key, sizeof key, "o%lld", (long long)org_of(z, (int)i));
        if (!json_object_get(seen, key)) {
            json_object_set_new(seen, key, json_true());
            json_array_append_new(orgs, org_json(z, org_of(z, (int)i)));
        }
        snprintf(key, sizeof key, "g%lld", (long long)z->t[i].group);
        if (z->t[i].group && !json_object_get(seen, key)) {
            json_object_set_new(seen, key, json_true());
            json_array_append_new(groups,
                                  json_pack("{s:I,s:s+}", "id", (json_int_t)z->t[i].group, "name",
                                            "Tier ", z->t[i].group == 700000 ? "1" : "2"));
        }
        if (i % 2 == 0)
            json_array_append_new(metrics, json_pack("{s:I,s:{s:i,s:i}}", "ticket_id",
                                                     (json_int_t)i, "reply_time_in_minutes",
                                                     "calendar", 30, "business", 30));
    }
    /* skip holes to know whether the stream ended */
    int64_t probe = last;
    bool more = false;
    while (probe < z->maxseq) {
        probe++;
        int64_t i = z->order[probe];
        if (i && z->t[i].seq == probe) {
            more = true;
            break;
        }
    }
    json_decref(seen);
    char *after = xasprintf("s%lld", (long long)last);
    const char *base = z->o.foreign_base ? z->o.foreign_base : "https://company.zendesk.com";
    json_t *j = json_object();
    json_object_set_new(j, "tickets", tickets);
    json_object_set_new(j, "users", users);
    json_object_set_new(j, "organizations", orgs);
    json_object_set_new(j, "groups", groups);
    json_object_set_new(j, "metric_sets", metrics);
    json_object_set_new(j, "after_cursor", json_string(after));
    json_object_set_new(
        j, "after_url",
        json_sprintf("%s/api/v2/incremental/tickets/cursor?cursor=%s", base, after));
    json_object_set_new(j, "before_cursor", json_null());
    json_object_set_new(j, "before_url", json_null());
    json_object_set_new(j, "end_of_stream", json_boolean(!more));
    free(after);
    reply(rs, 200, j);
}

static int ticket_from_path(struct fake_zendesk *z, const char *p, const char **rest)
{
    const char *pre = "/api/v2/tickets/";
    if (!tt_has_prefix(p, pre))
        return 0;
    char *end;
    long i = strtol(p + strlen(pre), &end, 10);
    if (end == p + strlen(pre) || i < 1 || i > z->o.tickets)
        return -1;
    *rest = end;
    return (int)i;
}

static void comments(struct fake_zendesk *z, int i, const struct fs_request *rq,
                     struct fs_response *rs)
{
    int total = z->o.comments + z->t[i].n_extra;
    int size = fs_arg(rq, "page[size]") ? atoi(fs_arg(rq, "page[size]")) : 100;
    if (size < 1 || size > 100)
        size = 100;
    int from = fs_arg(rq, "page[after]") ? atoi(fs_arg(rq, "page[after]") + 1) : 0;
    bool desc = tt_streq(fs_arg(rq, "sort"), "-created_at");
    json_t *arr = json_array(), *users = json_array(), *seen = json_object();
    int k = from;
    for (; k < total && k < from + size; k++) {
        json_t *c = comment_json(z, i, desc ? total - 1 - k : k);
        char key[32];
        snprintf(key, sizeof key, "%lld",
                 (long long)json_integer_value(json_object_get(c, "author_id")));
        if (!json_object_get(seen, key)) {
            json_object_set_new(seen, key, json_true());
            json_array_append_new(
                users, user_json(z, json_integer_value(json_object_get(c, "author_id"))));
        }
        json_array_append_new(arr, c);
    }
    json_decref(seen);
    bool more = k < total;
    char after[32];
    snprintf(after, sizeof after, "a%d", k);
    const char *base = z->o.foreign_base ? z->o.foreign_base : "https://company.zendesk.com";
    json_t *j = json_pack(
        "{s:o,s:{s:b,s:s,s:n},s:{s:o,s:n}}", "comments", arr, "meta", "has_more", more,
        "after_cursor", after, "before_cursor", "links", "next",
        more ? json_sprintf("%s/api/v2/tickets/%d/comments?page[after]=%s", base, i, after)
             : json_null(),
        "prev");
    if (fs_arg(rq, "include") && strstr(fs_arg(rq, "include"), "users"))
        json_object_set_new(j, "users", users);
    else
        json_decref(users);
    reply(rs, 200, j);
}

static json_t *parse_body(const struct fs_request *rq)
{
    return json_loadb(rq->body, rq->body_len, 0, NULL);
}

static void update_ticket(struct fake_zendesk *z, int i, const struct fs_request *rq,
                          struct fs_response *rs)
{
    json_t *b = parse_body(rq);
    json_t *t = json_object_get(b, "ticket");
    if (!json_is_object(t)) {
        json_decref(b);
        reply(rs, 400, json_pack("{s:s}", "error", "RecordInvalid"));
        return;
    }
    struct zticket *zt = &z->t[i];
    if (!strcmp(zt->status, "closed")) {
        json_decref(b);
        reply(rs, 422,
              json_pack("{s:s,s:s}", "error", "RecordInvalid", "description",
                        "Status: closed prevents ticket update"));
        return;
    }
    json_t *v;
    if ((v = json_object_get(t, "status")) && json_is_string(v)) {
        const char *s = json_string_value(v);
        bool ok = false;
        for (int k = 0; k < 5; k++)
            ok |= !strcmp(s, statuses[k]);
        if (!ok) {
            json_decref(b);
            reply(rs, 422, json_pack("{s:s}", "error", "RecordInvalid"));
            return;
        }
        free(zt->status);
        zt->status = xstrdup(s);
    }
    if ((v = json_object_get(t, "priority")) && json_is_string(v)) {
        free(zt->priority);
        zt->priority = xstrdup(json_string_value(v));
    }
    if ((v = json_object_get(t, "assignee_id")))
        zt->assignee = json_is_integer(v) ? json_integer_value(v) : 0;
    if ((v = json_object_get(t, "group_id")))
        zt->group = json_is_integer(v) ? json_integer_value(v) : 0;
    json_t *c = json_object_get(t, "comment");
    if (json_is_object(c)) {
        const char *key =
            json_string_value(json_object_get(json_object_get(t, "metadata"), "ticketty_key"));
        add_comment(z, i, 900000,
                    json_is_true(json_object_get(c, "public")) || !json_object_get(c, "public"),
                    json_string_value(json_object_get(c, "body")), key);
        z->api_comments++;
    } else {
        bump(z, i);
    }
    json_decref(b);
    reply(rs, 200,
          json_pack("{s:o,s:{s:I}}", "ticket", ticket_json(z, i), "audit", "id",
                    (json_int_t)z->clock));
}

static void tags(struct fake_zendesk *z, int i, const struct fs_request *rq, struct fs_response *rs)
{
    json_t *b = parse_body(rq);
    json_t *arr = json_object_get(b, "tags");
    struct zticket *zt = &z->t[i];
    size_t k;
    json_t *v;
    json_array_foreach(arr, k, v)
    {
        const char *tag = json_string_value(v);
        if (!tag)
            continue;
        /* rebuild the space-separated list without tag */
        struct tt_buf nb = {0};
        char *copy = xstrdup(zt->tags);
        for (char *sv = NULL, *w = strtok_r(copy, " ", &sv); w; w = strtok_r(NULL, " ", &sv)) {
            if (!strcmp(w, tag))
                continue;
            if (nb.len)
                tt_buf_putc(&nb, ' ');
            tt_buf_puts(&nb, w);
        }
        free(copy);
        if (!strcmp(rq->method, "PUT")) {
            if (nb.len)
                tt_buf_putc(&nb, ' ');
            tt_buf_puts(&nb, tag);
        }
        free(zt->tags);
        zt->tags = nb.data ? tt_buf_steal(&nb) : xstrdup("");
    }
    json_decref(b);
    bump(z, i);
    json_t *t = ticket_json(z, i);
    reply(rs, 200, json_pack("{s:O}", "tags", json_object_get(t, "tags")));
    json_decref(t);
}

static void deleted(struct fake_zendesk *z, const struct fs_request *rq, struct fs_response *rs)
{
    int page = fs_arg(rq, "page") ? atoi(fs_arg(rq, "page")) : 1;
    int per = fs_arg(rq, "per_page") ? atoi(fs_arg(rq, "per_page")) : 100;
    if (page < 1)
        page = 1;
    if (per < 1 || per > 100)
        per = 100;
    json_t *arr = json_array();
    int seen = 0, total = 0;
    for (int i = 1; i <= z->o.tickets; i++) {
        if (!z->t[i].deleted)
            continue;
        total++;
        if (seen++ < (page - 1) * per || (int)json_array_size(arr) >= per)
            continue;
        json_array_append_new(arr, json_pack("{s:i,s:s,s:o,s:s,s:{s:i,s:s}}", "id", i, "subject",
                                             "deleted", "deleted_at", iso(z->t[i].updated_at),
                                             "previous_state", "open", "actor", "id", 900000,
                                             "name", "Agent Zero"));
    }
    bool more = page * per < total;
    json_t *j = json_pack("{s:o,s:i,s:n}", "deleted_tickets", arr, "count", total, "previous_page");
    json_object_set_new(j, "next_page",
                        more ? json_sprintf("https://company.zendesk.com/api/v2/deleted_tickets"
                                            "?page=%d&per_page=%d",
                                            page + 1, per)
                             : json_null());
    reply(rs, 200, j);
}

void fz_org_update(struct fake_zendesk *z, int n, const char *plan)
{
    pthread_mutex_lock(&z->mu);
    free(z->org_plan[n]);
    z->org_plan[n] = xstrdup(plan);
    int64_t latest = 0;
    for (int k = 0; k < z->o.orgs; k++)
        if (z->org_updated[k] > latest)
            latest = z->org_updated[k];
    z->org_updated[n] = latest + 1;
    pthread_mutex_unlock(&z->mu);
}

/* Time-based: organisations updated after start_time (strictly, so a client
 * continuing from end_time never sees one twice), oldest first. */
static void org_export(struct fake_zendesk *z, const struct fs_request *rq, struct fs_response *rs)
{
    const char *st = fs_arg(rq, "start_time");
    if (!st) {
        reply(rs, 400, json_pack("{s:s}", "error", "start_time required"));
        return;
    }
    int64_t from = strtoll(st, NULL, 10);
    int per = fs_arg(rq, "per_page") ? atoi(fs_arg(rq, "per_page")) : 1000;
    if (per < 1 || per > 1000)
        per = 1000;
    /* organisations sorted by updated_at: a selection over the pool */
    json_t *arr = json_array();
    int64_t last = from;
    int taken = 0;
    bool more = false;
    for (;;) {
        int best = -1;
        for (int n = 0; n < z->o.orgs; n++)
            if (z->org_updated[n] > last && (best < 0 || z->org_updated[n] < z->org_updated[best]))
                best = n;
        if (best < 0)
            break;
        if (taken == per) {
            more = true;
            break;
        }
        json_array_append_new(arr, org_json(z, 500000 + best));
        last = z->org_updated[best];
        taken++;
    }
    json_t *j = json_pack("{s:o,s:i,s:b,s:I}", "organizations", arr, "count", taken,
                          "end_of_stream", !more, "end_time", (json_int_t)last);
    json_object_set_new(j, "next_page",
                        json_sprintf("https://company.zendesk.com/api/v2/incremental/"
                                     "organizations?start_time=%lld",
                                     (long long)last));
    reply(rs, 200, j);
}

/* Cursor-based: the user pool (end users, then agents), "u<index>". */
static void user_export(struct fake_zendesk *z, const struct fs_request *rq, struct fs_response *rs)
{
    int from = 0;
    const char *c = fs_arg(rq, "cursor");
    if (c)
        from = c[0] == 'u' ? atoi(c + 1) : -1;
    else if (!fs_arg(rq, "start_time")) {
        reply(rs, 400, json_pack("{s:s}", "error", "start_time or cursor required"));
        return;
    }
    if (from < 0) {
        reply(rs, 400, json_pack("{s:s}", "error", "InvalidCursor"));
        return;
    }
    int per = fs_arg(rq, "per_page") ? atoi(fs_arg(rq, "per_page")) : 1000;
    if (per < 1 || per > 1000)
        per = 1000;
    int total = z->o.users + 5;
    json_t *arr = json_array();
    int k = from;
    for (; k < total && k < from + per; k++)
        json_array_append_new(
            arr, user_json(z, k < z->o.users ? 100000 + k : 900000 + (k - z->o.users)));
    char after[32];
    snprintf(after, sizeof after, "u%d", k);
    json_t *j = json_pack("{s:o,s:s,s:b,s:n,s:n}", "users", arr, "after_cursor", after,
                          "end_of_stream", k >= total, "before_cursor", "before_url");
    json_object_set_new(j, "after_url",
                        json_sprintf("https://company.zendesk.com/api/v2/incremental/users/"
                                     "cursor?cursor=%s",
                                     after));
    reply(rs, 200, j);
}

void fz_handle(void *ud, const struct fs_request *rq, struct fs_response *rs)
{
    struct fake_zendesk *z = ud;
    if (!tt_streq(rq->auth, z->auth)) {
        reply(rs, 401, json_pack("{s:s}", "error", "Couldn't authenticate you"));
        return;
    }
    pthread_mutex_lock(&z->mu);
    const char *rest = NULL;
    int i;
    if (!strcmp(rq->path, "/api/v2/incremental/tickets/cursor") && !strcmp(rq->method, "GET")) {
        export(z, rq, rs);
    } else if (!strcmp(rq->path, "/api/v2/incremental/organizations")) {
        org_export(z, rq, rs);
    } else if (!strcmp(rq->path, "/api/v2/incremental/users/cursor")) {
        user_export(z, rq, rs);
    } else if (!strcmp(rq->path, "/api/v2/deleted_tickets")) {
        deleted(z, rq, rs);
    } else if ((i = ticket_from_path(z, rq->path, &rest)) != 0) {
        if (i < 0 || z->t[i].deleted)
            reply(rs, 404, json_pack("{s:s}", "error", "RecordNotFound"));
        else if (!strcmp(rest, "/comments") && !strcmp(rq->method, "GET"))
            comments(z, i, rq, rs);
        else if (!strcmp(rest, "/tags") &&
                 (!strcmp(rq->method, "PUT") || !strcmp(rq->method, "DELETE")))
            tags(z, i, rq, rs);
        else if (!*rest && !strcmp(rq->method, "GET"))
            reply(rs, 200, json_pack("{s:o}", "ticket", ticket_json(z, i)));
        else if (!*rest && !strcmp(rq->method, "PUT"))
            update_ticket(z, i, rq, rs);
        else
            reply(rs, 404, json_pack("{s:s}", "error", "InvalidEndpoint"));
    } else {
        reply(rs, 404, json_pack("{s:s}", "error", "InvalidEndpoint"));
    }
    pthread_mutex_unlock(&z->mu);
}
