/*
 * zendesk.c: the Zendesk Support driver.
 *
 * Pull (one page per call; the cursor names the phase):
 *   NULL / full  -> GET /api/v2/incremental/tickets/cursor?start_time=S&per_page=N
 *                       &include=users,groups,organizations,metric_sets
 *   "export:C"   -> GET /api/v2/incremental/tickets/cursor?cursor=C&per_page=N&include=...
 *                   then, per ticket, GET /api/v2/tickets/{id}/comments?page[size]=100
 *                   &include=users (cursor-paged by meta.after_cursor).
 *                   end_of_stream -> next phase "deleted:C:1"
 *   deleted      -> GET /api/v2/deleted_tickets?page=P&per_page=100 (soft-deleted
 *                   tickets)
 *   orgs         -> GET /api/v2/incremental/organizations?start_time=T (time-based;
 *                   next T = end_time)
 *   users        -> GET /api/v2/incremental/users/cursor?start_time=S[&cursor=U];
 *                   end_of_stream -> done; the next run starts at export again
 * (see struct zstate for the cursor's text form)
 * Next pages are always rebuilt from cursors on the account's base URL: the
 * after_url / links.next the server returns is never followed.
 *
 * Mapping (also in ticketty(1)):
 *   status   new->new open->open pending->pending hold->on_hold solved->solved
 *            closed->closed; "deleted" rows -> deleted=1 (status kept closed)
 *   priority low normal high urgent; null->normal
 *   author   user role end-user->end_user; agent/admin->agent; via.channel
 *            rule/system or author_id -1 -> bot
 *   public   comment.public (false = internal note)
 * Push: PUT /api/v2/tickets/{id} with comment/status/priority/assignee_id/
 * group_id; tags via PUT (add) / DELETE (remove) /api/v2/tickets/{id}/tags.
 * The outbox key travels as audit metadata ({"ticket":{"metadata":
 * {"ticketty_key":K}}}) and comes back in comment.metadata.custom, which
 * remote() checks after a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pjson.h"
#include "ticketty/http.h"
#include "ticketty/util.h"

struct zendesk {
    struct tt_provider base;
    char *account;
    int page_size;
    int parallel; /* comment requests in flight */
    /* The next export page, fetched alongside this page's comments: kept in
     * memory only, used when the next pull asks for exactly that cursor. */
    char *prefetch_cursor, *prefetch_body;
    int64_t start_time;
    char *field_plan, *field_mrr, *field_csm;
};

static int zd_get(struct zendesk *z, const char *path, const char *what, json_t **out, long *status,
                  int *requests, struct tt_err *err)
{
    struct tt_http_resp r;
    int rc = tt_http_request(z->base.http, "GET", path, NULL, &r, err);
    if (requests)
        *requests += r.attempts;
    if (status)
        *status = r.status;
    if (rc == 0) {
        *out = pj_parse(r.body, r.len, what, err);
        if (!*out)
            rc = -1;
    }
    tt_http_resp_clear(&r);
    return rc;
}

/* ---- mapping ------------------------------------------------------------- */

static enum tt_status map_status(const char *s)
{
    if (!s)
        return TT_STATUS_OPEN;
    if (!strcmp(s, "new"))
        return TT_STATUS_NEW;
    if (!strcmp(s, "pending"))
        return TT_STATUS_PENDING;
    if (!strcmp(s, "hold"))
        return TT_STATUS_ON_HOLD;
    if (!strcmp(s, "solved"))
        return TT_STATUS_SOLVED;
    if (!strcmp(s, "closed") || !strcmp(s, "deleted"))
        return TT_STATUS_CLOSED;
    return TT_STATUS_OPEN;
}

static const char *status_out(const char *common)
{
    int s = tt_status_from_name(common);
    switch (s) {
    case TT_STATUS_NEW:
    case TT_STATUS_OPEN:
        return "open";
    case TT_STATUS_PENDING:
        return "pending";
    case TT_STATUS_ON_HOLD:
        return "hold";
    case TT_STATUS_SOLVED:
    case TT_STATUS_CLOSED:
        return "solved"; /* Zendesk closes solved tickets by automation */
    default:
        return NULL;
    }
}

static enum tt_priority map_priority(const char *s)
{
    int p = s ? tt_priority_from_name(s) : -1;
    return p < 0 ? TT_PRIORITY_NORMAL : (enum tt_priority)p;
}

/* Users side-loaded with a response, added to the page and indexed by id. */
static void take_users(struct zendesk *z, struct tt_pull_page *page, json_t *users, json_t *index)
{
    size_t i;
    json_t *u;
    json_array_foreach(users, i, u)
    {
        char *id = pj_id(u, "id");
        if (!id)
            continue;
        if (json_object_get(index, id)) {
            free(id);
            continue;
        }
        json_object_set(index, id, u);
        const char *role = pj_str(u, "role");
        if (role && (!strcmp(role, "agent") || !strcmp(role, "admin"))) {
            struct tt_pull_agent *a = pj_page_agent(page);
            a->external_id = id;
            a->name = pj_strdup(u, "name");
            a->email = pj_strdup(u, "email");
            a->group_ext = pj_id(u, "default_group_id");
        } else {
            struct tt_contact *c = pj_page_contact(page, pj_id(u, "organization_id"));
            c->external_id = id;
            c->name = pj_strdup(u, "name");
            c->email = pj_strdup(u, "email");
        }
    }
    (void)z;
}

static void take_orgs(struct zendesk *z, struct tt_pull_page *page, json_t *orgs)
{
    size_t i;
    json_t *o;
    json_array_foreach(orgs, i, o)
    {
        char *id = pj_id(o, "id");
        if (!id)
            continue;
        struct tt_customer *c = pj_page_customer(page);
        c->external_id = id;
        c->name = pj_strdup(o, "name");
        json_t *domains = json_object_get(o, "domain_names");
        if (json_is_array(domains) && json_array_size(domains) > 0 &&
            json_is_string(json_array_get(domains, 0)))
            c->domain = xstrdup(json_string_value(json_array_get(domains, 0)));
        json_t *f = json_object_get(o, "organization_fields");
        if (json_is_object(f)) {
            c->plan = pj_strdup(f, z->field_plan);
            c->mrr = pj_num(f, z->field_mrr, 0);
            c->csm = pj_strdup(f, z->field_csm);
        }
        c->created_at = pj_time(o, "created_at");
    }
}

static void take_groups(struct tt_pull_page *page, json_t *groups)
{
    size_t i;
    json_t *g;
    json_array_foreach(groups, i, g)
    {
        char *id = pj_id(g, "id");
        if (!id)
            continue;
        struct tt_pull_group *pg = pj_page_group(page);
        pg->external_id = id;
        pg->name = pj_strdup(g, "name");
    }
}

static enum tt_author_role author_role(json_t *users, json_t *comment)
{
    json_t *via = json_object_get(comment, "via");
    const char *channel = pj_str(via, "channel");
    if (pj_int(comment, "author_id", 0) < 0 ||
        (channel && (!strcmp(channel, "rule") || !strcmp(channel, "system"))))
        return TT_AUTHOR_BOT;
    char *id = pj_id(comment, "author_id");
    json_t *u = id ? json_object_get(users, id) : NULL;
    free(id);
    const char *role = pj_str(u, "role");
    if (role && strcmp(role, "end-user") != 0)
        return TT_AUTHOR_AGENT;
    return u ? TT_AUTHOR_END_USER : TT_AUTHOR_AGENT;
}

/* "This request was closed and merged into request #123 ..." */
static char *merged_target(const char *body)
{
    const char *m = body ? strstr(body, "merged into request #") : NULL;
    if (!m)
        return NULL;
    m += strlen("merged into request #");
    size_t n = strspn(m, "0123456789");
    return n ? xstrndup(m, n) : NULL;
}

/* Add one page of comments to pt; returns the next page's cursor (escaped,
 * heap) or NULL when this was the last. */
static char *take_comment_page(struct zendesk *z, struct tt_pull_page *page,
                               struct tt_pull_ticket *pt, json_t *users, json_t *j)
{
    take_users(z, page, json_object_get(j, "users"), users);
    json_t *comments = json_object_get(j, "comments");
    size_t i;
    json_t *c;
    json_array_foreach(comments, i, c)
    {
        char *id = pj_id(c, "id");
        if (!id)
            continue;
        struct tt_event *e = pj_ticket_event(pt);
        e->external_id = id;
        e->type = TT_EV_COMMENT;
        e->at = pj_time(c, "created_at");
        e->public = pj_bool(c, "public", 1);
        const char *body = pj_str(c, "plain_body");
        e->body = xstrdup(body ? body : pj_str(c, "body"));
        e->author_role = author_role(users, c);
        char *aid = pj_id(c, "author_id");
        json_t *u = aid ? json_object_get(users, aid) : NULL;
        free(aid);
        e->author = xstrdup(pj_str(u, "name"));
        if (!e->public && pt->ticket.tags && strstr(pt->ticket.tags, "closed_by_merge")) {
            char *m = merged_target(e->body);
            if (m) {
                free(pt->ticket.merged_into);
                pt->ticket.merged_into = m;
            }
        }
    }
    json_t *meta = json_object_get(j, "meta");
    if (pj_bool(meta, "has_more", 0) && pj_str(meta, "after_cursor"))
        return tt_url_escape(pj_str(meta, "after_cursor"));
    return NULL;
}

static char *comments_path(const char *ticket, const char *after)
{
    return xasprintf("/api/v2/tickets/%s/comments?page[size]=100&include=users%s%s", ticket,
                     after ? "&page[after]=" : "", after ? after : "");
}

/* The comment pages of pt after `after` (owned), one request at a time. */
static int fetch_comments(struct zendesk *z, struct tt_pull_page *page, struct tt_pull_ticket *pt,
                          json_t *users, char *after, struct tt_err *err)
{
    while (after) {
        char *path = comments_path(pt->ticket.external_id, after);
        char *what = xasprintf("Zendesk comments of ticket %s", pt->ticket.external_id);
        json_t *j = NULL;
        long status = 0;
        int rc = zd_get(z, path, what, &j, &status, &page->requests, err);
        free(path);
        free(what);
        free(after);
        after = NULL;
        if (rc < 0) {
            if (status == 404) { /* deleted since the export listed it */
                tt_err_clear(err);
                return 0;
            }
            return -1;
        }
        after = take_comment_page(z, page, pt, users, j);
        json_decref(j);
    }
    pt->events_complete = true;
    return 0;
}

struct comments_job {
    struct zendesk *z;
    struct tt_pull_page *page;
    json_t *users;
    size_t prefetch_index; /* index of the next export page in the batch, or SIZE_MAX */
    const char *prefetch_cursor;
};

/* One ticket's first comment page arrived (tt_http_get_many). */
static int comments_done(void *ud, size_t i, int rc, struct tt_http_resp *r, struct tt_err *err)
{
    struct comments_job *job = ud;
    if (i == job->prefetch_index) {
        /* Only a clean answer is kept; anything else is redone (with its
         * retries and errors) when the next page is pulled. */
        if (rc == 0) {
            free(job->z->prefetch_cursor);
            free(job->z->prefetch_body);
            job->z->prefetch_cursor = xstrdup(job->prefetch_cursor);
            job->z->prefetch_body = xstrdup(r->body);
        }
        tt_err_clear(err);
        return 0;
    }
    struct tt_pull_ticket *pt = &job->page->tickets[i];
    job->page->requests += r->attempts;
    if (rc < 0) {
        if (r->status == 404) { /* deleted since the export listed it */
            tt_err_clear(err);
            return 0;
        }
        return -1;
    }
    char *what = xasprintf("Zendesk comments of ticket %s", pt->ticket.external_id);
    json_t *j = pj_parse(r->body, r->len, what, err);
    free(what);
    if (!j)
        return -1;
    char *after = take_comment_page(job->z, job->page, pt, job->users, j);
    json_decref(j);
    if (after)
        return fetch_comments(job->z, job->page, pt, job->users, after, err);
    pt->events_complete = true;
    return 0;
}

static void take_ticket(struct zendesk *z, struct tt_pull_page *page, json_t *t, json_t *metrics)
{
    char *id = pj_id(t, "id");
    if (!id)
        return;
    const char *status = pj_str(t, "status");
    if (status && !strcmp(status, "deleted")) {
        pj_page_deleted(page, id);
        return;
    }
    struct tt_pull_ticket *pt = pj_page_ticket(page);
    struct tt_ticket *k = &pt->ticket;
    k->external_id = id;
    k->subject = pj_strdup(t, "subject");
    k->description = pj_strdup(t, "description");
    k->status = map_status(status);
    k->raw_status = xstrdup(status ? status : "open");
    k->priority = map_priority(pj_str(t, "priority"));
    k->tags = pj_join(json_object_get(t, "tags"));
    k->channel = xstrdup(pj_str(json_object_get(t, "via"), "channel"));
    k->created_at = pj_time(t, "created_at");
    k->updated_at = pj_time(t, "updated_at");
    pt->requester_ext = pj_id(t, "requester_id");
    pt->organization_ext = pj_id(t, "organization_id");
    pt->assignee_ext = pj_id(t, "assignee_id");
    pt->group_ext = pj_id(t, "group_id");
    json_t *m = json_object_get(metrics, id);
    if (m) {
        int64_t mins = pj_int(json_object_get(m, "reply_time_in_minutes"), "calendar", -1);
        if (mins >= 0)
            k->first_response_at = k->created_at + mins * 60;
        k->resolved_at = pj_time(m, "solved_at");
    }
    if (!k->resolved_at && (k->status == TT_STATUS_SOLVED || k->status == TT_STATUS_CLOSED))
        k->resolved_at = k->updated_at;
    (void)z;
}

/* Where a pull stands; saved as the page cursor
 * "PHASE|e:EXPORT_CURSOR|n:DELETED_PAGE|o:ORG_TIME|u:USER_CURSOR"
 * (Zendesk cursors are base64: they never hold '|').  Phases run
 * export -> deleted -> orgs -> users -> (done) export. */
struct zstate {
    char phase[12];
    char *e, *u;
    int n;
    int64_t o;
    bool o_set;
};

static void zstate_clear(struct zstate *st)
{
    free(st->e);
    free(st->u);
    memset(st, 0, sizeof *st);
}

static char *zstate_format(const struct zstate *st)
{
    return xasprintf("%s|e:%s|n:%d|o:%lld|u:%s", st->phase, st->e ? st->e : "", st->n,
                     st->o_set ? (long long)st->o : -1LL, st->u ? st->u : "");
}

static int zstate_parse(const char *c, struct zstate *st)
{
    memset(st, 0, sizeof *st);
    if (tt_has_prefix(c, "export:")) { /* the first cursor format */
        snprintf(st->phase, sizeof st->phase, "export");
        st->e = xstrdup(c + 7);
        return 0;
    }
    char *copy = xstrdup(c);
    int rc = 0, k = 0;
    for (char *sv = NULL, *w = strtok_r(copy, "|", &sv); w; w = strtok_r(NULL, "|", &sv), k++) {
        if (k == 0) {
            if (strcmp(w, "export") && strcmp(w, "deleted") && strcmp(w, "orgs") &&
                strcmp(w, "users"))
                rc = -1;
            snprintf(st->phase, sizeof st->phase, "%s", w);
        } else if (tt_has_prefix(w, "e:")) {
            st->e = *(w + 2) ? xstrdup(w + 2) : NULL;
        } else if (tt_has_prefix(w, "u:")) {
            st->u = *(w + 2) ? xstrdup(w + 2) : NULL;
        } else if (tt_has_prefix(w, "n:")) {
            st->n = atoi(w + 2);
        } else if (tt_has_prefix(w, "o:")) {
            st->o = strtoll(w + 2, NULL, 10);
            st->o_set = st->o >= 0;
        } else {
            rc = -1;
        }
    }
    free(copy);
    if (k == 0)
        rc = -1;
    return rc;
}

static void set_phase(struct zstate *st, const char *phase)
{
    snprintf(st->phase, sizeof st->phase, "%s", phase);
}

static char *export_path(struct zendesk *z, const char *cursor)
{
    if (!cursor)
        return xasprintf("/api/v2/incremental/tickets/cursor?start_time=%lld&per_page=%d"
                         "&include=users,groups,organizations,metric_sets",
                         (long long)z->start_time, z->page_size);
    char *c = tt_url_escape(cursor);
    char *path = xasprintf("/api/v2/incremental/tickets/cursor?cursor=%s&per_page=%d"
                           "&include=users,groups,organizations,metric_sets",
                           c, z->page_size);
    free(c);
    return path;
}

static int pull_export(struct zendesk *z, struct zstate *st, struct tt_pull_page *page,
                       struct tt_err *err)
{
    const char *cursor = st->e;
    json_t *j = NULL;
    int rc;
    if (cursor && tt_streq(cursor, z->prefetch_cursor)) {
        j = pj_parse(z->prefetch_body, strlen(z->prefetch_body),
                     "Zendesk incremental ticket export", err);
        rc = j ? 0 : -1;
    } else {
        char *path = export_path(z, cursor);
        rc = zd_get(z, path, "Zendesk incremental ticket export", &j, NULL, &page->requests, err);
        free(path);
    }
    free(z->prefetch_cursor);
    free(z->prefetch_body);
    z->prefetch_cursor = z->prefetch_body = NULL;
    if (rc < 0)
        return -1;
    json_t *tickets = json_object_get(j, "tickets");
    if (!json_is_array(tickets)) {
        json_decref(j);
        return tt_errf(err, "Zendesk incremental ticket export: response has no 'tickets' array");
    }
    json_t *users = json_object();
    take_users(z, page, json_object_get(j, "users"), users);
    take_orgs(z, page, json_object_get(j, "organizations"));
    take_groups(page, json_object_get(j, "groups"));
    json_t *metrics = json_object();
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(j, "metric_sets"), i, v)
    {
        char *tid = pj_id(v, "ticket_id");
        if (tid)
            json_object_set(metrics, tid, v);
        free(tid);
    }
    json_array_foreach(tickets, i, v) take_ticket(z, page, v, metrics);
    json_decref(metrics);
    /* Every ticket's conversation, a few requests in flight at a time. */
    /* ... and, when more pages are announced, the next export page with them. */
    size_t n = page->n_tickets;
    char **paths = xcalloc(n + 2, sizeof *paths);
    for (size_t k = 0; k < n; k++)
        paths[k] = comments_path(page->tickets[k].ticket.external_id, NULL);
    struct comments_job job = {z, page, users, SIZE_MAX, NULL};
    const char *next = pj_str(j, "after_cursor");
    if (next && !pj_bool(j, "end_of_stream", 1) && n > 0) {
        job.prefetch_index = n;
        job.prefetch_cursor = next;
        paths[n++] = export_path(z, next);
    }
    rc = tt_http_get_many(z->base.http, (const char *const *)paths, n, z->parallel, comments_done,
                          &job, err);
    for (size_t k = 0; k < n; k++)
        free(paths[k]);
    free(paths);
    json_decref(users);
    if (rc < 0) {
        json_decref(j);
        return -1;
    }
    const char *after = pj_str(j, "after_cursor");
    bool eos = pj_bool(j, "end_of_stream", 1);
    if (!after && !eos) {
        json_decref(j);
        return tt_errf(err, "Zendesk incremental ticket export: more pages announced but no "
                            "after_cursor given");
    }
    if (after) { /* else nothing new: keep the position */
        free(st->e);
        st->e = xstrdup(after);
    }
    if (eos) {
        set_phase(st, "deleted");
        st->n = 1;
    }
    json_decref(j);
    return 0;
}

static int pull_deleted(struct zendesk *z, struct zstate *st, struct tt_pull_page *page,
                        struct tt_err *err)
{
    int pageno = st->n > 0 ? st->n : 1;
    char *path = xasprintf("/api/v2/deleted_tickets?page=%d&per_page=100", pageno);
    json_t *j = NULL;
    int rc = zd_get(z, path, "Zendesk deleted tickets", &j, NULL, &page->requests, err);
    free(path);
    if (rc < 0)
        return -1;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(j, "deleted_tickets"), i, v)
    {
        char *id = pj_id(v, "id");
        if (id)
            pj_page_deleted(page, id);
    }
    if (json_is_string(json_object_get(j, "next_page")) && pageno < 10000) {
        st->n = pageno + 1;
    } else {
        st->n = 0;
        set_phase(st, "orgs");
    }
    json_decref(j);
    return 0;
}

/* Organisations changed since o (time-based export: start_time, end_time). */
static int pull_orgs(struct zendesk *z, struct zstate *st, struct tt_pull_page *page,
                     struct tt_err *err)
{
    int64_t from = st->o_set ? st->o : z->start_time;
    char *path = xasprintf("/api/v2/incremental/organizations?start_time=%lld&per_page=%d",
                           (long long)from, z->page_size);
    json_t *j = NULL;
    int rc =
        zd_get(z, path, "Zendesk incremental organization export", &j, NULL, &page->requests, err);
    free(path);
    if (rc < 0)
        return -1;
    json_t *orgs = json_object_get(j, "organizations");
    if (!json_is_array(orgs)) {
        json_decref(j);
        return tt_errf(err, "Zendesk incremental organization export: response has no "
                            "'organizations' array");
    }
    take_orgs(z, page, orgs);
    int64_t end = pj_int(j, "end_time", -1);
    bool eos = pj_bool(j, "end_of_stream", 1);
    if (end >= 0) {
        if (!eos && end <= from) { /* a page of one instant: would never advance */
            json_decref(j);
            return tt_errf(err,
                           "Zendesk incremental organization export: end_time does not "
                           "advance past %lld",
                           (long long)from);
        }
        st->o = end;
        st->o_set = true;
    }
    if (eos)
        set_phase(st, "users");
    json_decref(j);
    return 0;
}

/* Users (requesters and agents) changed since the saved cursor. */
static int pull_users(struct zendesk *z, struct zstate *st, struct tt_pull_page *page,
                      struct tt_err *err)
{
    char *path;
    if (st->u) {
        char *c = tt_url_escape(st->u);
        /* the API description requires start_time on follow-ups too */
        path = xasprintf("/api/v2/incremental/users/cursor?start_time=%lld&cursor=%s&per_page=%d",
                         (long long)z->start_time, c, z->page_size);
        free(c);
    } else {
        path = xasprintf("/api/v2/incremental/users/cursor?start_time=%lld&per_page=%d",
                         (long long)z->start_time, z->page_size);
    }
    json_t *j = NULL;
    int rc = zd_get(z, path, "Zendesk incremental user export", &j, NULL, &page->requests, err);
    free(path);
    if (rc < 0)
        return -1;
    json_t *users = json_object_get(j, "users");
    if (!json_is_array(users)) {
        json_decref(j);
        return tt_errf(err, "Zendesk incremental user export: response has no 'users' array");
    }
    json_t *index = json_object();
    take_users(z, page, users, index);
    json_decref(index);
    const char *after = pj_str(j, "after_cursor");
    bool eos = pj_bool(j, "end_of_stream", 1);
    if (!after && !eos) {
        json_decref(j);
        return tt_errf(err, "Zendesk incremental user export: more pages announced but no "
                            "after_cursor given");
    }
    if (after) {
        free(st->u);
        st->u = xstrdup(after);
    }
    if (eos) {
        set_phase(st, "export");
        page->done = true;
    }
    json_decref(j);
    return 0;
}

static int zd_pull(struct tt_provider *p, const char *cursor, bool full, struct tt_pull_page *page,
                   struct tt_err *err)
{
    struct zendesk *z = (struct zendesk *)p;
    memset(page, 0, sizeof *page);
    struct zstate st;
    if (full || !cursor || !*cursor) {
        memset(&st, 0, sizeof st);
        set_phase(&st, "export");
    } else if (zstate_parse(cursor, &st) < 0) {
        zstate_clear(&st);
        return tt_errf(err,
                       "account %s: saved Zendesk cursor '%s' is not understood; run "
                       "`ticketty sync %s --full`",
                       z->account, cursor, z->account);
    }
    int rc;
    if (!strcmp(st.phase, "deleted"))
        rc = pull_deleted(z, &st, page, err);
    else if (!strcmp(st.phase, "orgs"))
        rc = pull_orgs(z, &st, page, err);
    else if (!strcmp(st.phase, "users"))
        rc = pull_users(z, &st, page, err);
    else
        rc = pull_export(z, &st, page, err);
    if (rc == 0)
        page->next_cursor = zstate_format(&st);
    zstate_clear(&st);
    return rc;
}

/* ---- push ---------------------------------------------------------------- */

static int zd_send(struct zendesk *z, const char *method, const char *path, json_t *body,
                   struct tt_err *err)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    struct tt_http_resp r;
    int rc = tt_http_request(z->base.http, method, path, text, &r, err);
    free(text);
    if (rc == 0 && r.len) {
        json_t *j = pj_parse(r.body, r.len, "Zendesk update response", err);
        if (!j)
            rc = -1; /* not a confirmation we can trust */
        json_decref(j);
    }
    tt_http_resp_clear(&r);
    return rc;
}

static json_t *id_value(const char *v)
{
    if (!v || !*v)
        return json_null();
    char *end;
    long long n = strtoll(v, &end, 10);
    return *end ? json_string(v) : json_integer(n);
}

static int zd_push(struct tt_provider *p, const struct tt_push *push, struct tt_err *err)
{
    struct zendesk *z = (struct zendesk *)p;
    char *path = xasprintf("/api/v2/tickets/%s", push->ticket_ext);
    json_t *t = json_object();
    int rc;
    switch (push->kind) {
    case TT_PUSH_REPLY:
    case TT_PUSH_NOTE: {
        json_t *c = json_object();
        json_object_set_new(c, "body", json_string(push->body ? push->body : ""));
        json_object_set_new(c, "public", json_boolean(push->kind == TT_PUSH_REPLY));
        json_object_set_new(t, "comment", c);
        if (push->idempotency_key)
            json_object_set_new(t, "metadata",
                                json_pack("{s:s}", "ticketty_key", push->idempotency_key));
        break;
    }
    case TT_PUSH_STATUS: {
        const char *s = status_out(push->value);
        if (!s) {
            free(path);
            json_decref(t);
            return tt_errf(err, "unknown status '%s'", push->value ? push->value : "");
        }
        json_object_set_new(t, "status", json_string(s));
        break;
    }
    case TT_PUSH_PRIORITY:
        if (tt_priority_from_name(push->value) < 0) {
            free(path);
            json_decref(t);
            return tt_errf(err, "unknown priority '%s'", push->value ? push->value : "");
        }
        json_object_set_new(t, "priority", json_string(push->value));
        break;
    case TT_PUSH_ASSIGNEE:
        json_object_set_new(t, "assignee_id", id_value(push->value));
        break;
    case TT_PUSH_GROUP:
        json_object_set_new(t, "group_id", id_value(push->value));
        break;
    case TT_PUSH_TAGS: {
        json_decref(t);
        json_t *add = json_array(), *del = json_array();
        char *copy = xstrdup(push->value ? push->value : "");
        for (char *save = NULL, *w = strtok_r(copy, " ", &save); w;
             w = strtok_r(NULL, " ", &save)) {
            if (*w == '-' && w[1])
                json_array_append_new(del, json_string(w + 1));
            else if (*w != '-')
                json_array_append_new(add, json_string(*w == '+' ? w + 1 : w));
        }
        free(copy);
        char *tpath = xasprintf("%s/tags", path);
        rc = 0;
        if (json_array_size(add))
            rc = zd_send(z, "PUT", tpath, json_pack("{s:O}", "tags", add), err);
        if (rc == 0 && json_array_size(del))
            rc = zd_send(z, "DELETE", tpath, json_pack("{s:O}", "tags", del), err);
        json_decref(add);
        json_decref(del);
        free(tpath);
        free(path);
        return rc;
    }
    }
    rc = zd_send(z, "PUT", path, json_pack("{s:o}", "ticket", t), err);
    free(path);
    return rc;
}

static int zd_remote(struct tt_provider *p, const char *ticket_ext, const char *key,
                     struct tt_remote_ticket *out, struct tt_err *err)
{
    struct zendesk *z = (struct zendesk *)p;
    memset(out, 0, sizeof *out);
    char *path = xasprintf("/api/v2/tickets/%s", ticket_ext);
    json_t *j = NULL;
    int rc = zd_get(z, path, "Zendesk ticket", &j, NULL, NULL, err);
    free(path);
    if (rc < 0)
        return -1;
    json_t *t = json_object_get(j, "ticket");
    out->updated_at = pj_time(t, "updated_at");
    out->status = map_status(pj_str(t, "status"));
    out->assignee_ext = pj_id(t, "assignee_id");
    json_decref(j);
    if (!key)
        return 0;
    /* Count comments and look for the key, newest first. */
    char *after = NULL;
    for (int pages = 0; pages < 50; pages++) {
        path = xasprintf("/api/v2/tickets/%s/comments?page[size]=100&sort=-created_at%s%s",
                         ticket_ext, after ? "&page[after]=" : "", after ? after : "");
        free(after);
        after = NULL;
        rc = zd_get(z, path, "Zendesk comments", &j, NULL, NULL, err);
        free(path);
        if (rc < 0)
            return -1;
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(j, "comments"), i, c)
        {
            out->n_comments++;
            const char *k =
                pj_str(json_object_get(json_object_get(c, "metadata"), "custom"), "ticketty_key");
            if (key && k && !strcmp(k, key))
                out->has_idempotency_key = true;
        }
        json_t *meta = json_object_get(j, "meta");
        if (pj_bool(meta, "has_more", 0) && pj_str(meta, "after_cursor"))
            after = tt_url_escape(pj_str(meta, "after_cursor"));
        json_decref(j);
        if (!after)
            break;
    }
    free(after);
    return 0;
}

static void zd_free(struct tt_provider *p)
{
    struct zendesk *z = (struct zendesk *)p;
    free(z->prefetch_cursor);
    free(z->prefetch_body);
    free(z->account);
    free(z->field_plan);
    free(z->field_mrr);
    free(z->field_csm);
    free(z);
}

static const struct tt_provider_ops zendesk_ops = {
    .name = "zendesk",
    .pull = zd_pull,
    .push = zd_push,
    .remote = zd_remote,
    .free = zd_free,
};

struct tt_provider *tt_provider_new_zendesk(const struct tt_provider_config *cfg,
                                            struct tt_http *http, struct tt_err *err)
{
    if (!cfg->token || !*cfg->token)
        return tt_errf(err, "account %s: no API token", cfg->account), NULL;
    struct zendesk *z = xcalloc(1, sizeof *z);
    z->base.ops = &zendesk_ops;
    z->base.http = http;
    z->account = xstrdup(cfg->account);
    z->page_size = cfg->page_size > 0 ? cfg->page_size : 1000;
    z->parallel = 4;
    z->start_time = cfg->start_time;
    z->field_plan = xstrdup(cfg->field_plan ? cfg->field_plan : "plan");
    z->field_mrr = xstrdup(cfg->field_mrr ? cfg->field_mrr : "mrr");
    z->field_csm = xstrdup(cfg->field_csm ? cfg->field_csm : "csm");
    if (cfg->email && *cfg->email) { /* API token: "{email}/token:{token}" */
        char *user = xasprintf("%s/token", cfg->email);
        tt_http_set_basic_auth(http, user, cfg->token);
        free(user);
    } else { /* OAuth access token */
        tt_http_set_bearer_auth(http, cfg->token);
    }
    return &z->base;
}
