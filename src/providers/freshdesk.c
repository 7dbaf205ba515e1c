/*
 * freshdesk.c: the Freshdesk (API v2) driver.
 *
 * Pull: one page per call; the cursor "fd1 PHASE PAGE SINCE HWM SEEN" names
 * the phase, its page number, the updated_since of this run, the newest
 * updated_at seen so far (unix seconds) and the ids stored at SINCE.  A run
 * walks
 *     agents -> groups -> companies -> [contacts, full runs only] -> deleted
 *     -> spam -> tickets
 * with per_page=100 pages (a short page ends a phase):
 *   GET /api/v2/agents?per_page=N&page=P, /api/v2/groups, /api/v2/companies,
 *       /api/v2/contacts
 *   GET /api/v2/tickets?filter=deleted|spam&updated_since=S&per_page=N&page=P
 *   GET /api/v2/tickets?updated_since=S&order_by=updated_at&order_type=asc
 *       &per_page=N&page=P&include=requester,stats
 *       then per ticket GET /api/v2/tickets/{id}/conversations?per_page=100&page=P
 * Ticket pages are keyset pages: each asks from the newest updated_at seen
 * so far (page 1 again), so concurrent updates never make a ticket slip
 * between pages and Freshdesk's 300-page limit is never hit; the tickets at
 * the boundary second come again and are skipped by id (the cursor carries
 * the ids stored at that second; with too many to carry they are upserted).
 * When tickets are drained the page is `done` and its cursor starts the next
 * incremental run at agents with SINCE = HWM (inclusive, so a ticket updated
 * in the same second as the last one seen is never missed).
 *
 * Push: reply POST /api/v2/tickets/{id}/reply, note POST .../notes
 * (private), status/priority/assignee/group PUT /api/v2/tickets/{id} with
 * status 2-5 (or the configured custom code), priority 1-4, responder_id,
 * group_id; tags: GET the ticket, apply the +/- edits, PUT the whole list.
 * Reply and note bodies carry the outbox key as an HTML comment
 * (<!-- ticketty:KEY -->), which remote() looks for after a crash.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provjson.h"
#include "ticketty/http.h"
#include "ticketty/provmap.h"
#include "ticketty/util.h"

#define FD_MAX_PAGE 300
/* Conversation requests in flight during a pull (as Zendesk comments). */
#define FD_PARALLEL 4

struct freshdesk {
    struct tt_provider base;
    char *account;
    int per_page;
    int64_t start_time;
    struct tt_map_opts opts;
    /* Agent names from this run's agents phase, to name conversation authors
     * (Freshdesk conversations carry only the agent's user_id). */
    char **agent_id, **agent_name;
    size_t n_agents;
};

static void remember_agents(struct freshdesk *f, const struct tt_pull_page *page)
{
    for (size_t i = 0; i < page->n_agents; i++) {
        if (!page->agents[i].name)
            continue;
        f->agent_id = xrealloc(f->agent_id, (f->n_agents + 1) * sizeof *f->agent_id);
        f->agent_name = xrealloc(f->agent_name, (f->n_agents + 1) * sizeof *f->agent_name);
        f->agent_id[f->n_agents] = xstrdup(page->agents[i].external_id);
        f->agent_name[f->n_agents++] = xstrdup(page->agents[i].name);
    }
}

static void forget_agents(struct freshdesk *f)
{
    for (size_t i = 0; i < f->n_agents; i++) {
        free(f->agent_id[i]);
        free(f->agent_name[i]);
    }
    free(f->agent_id);
    free(f->agent_name);
    f->agent_id = f->agent_name = NULL;
    f->n_agents = 0;
}

/* "user 11" (an agent's conversation without a sender) -> the agent's name. */
static void name_authors(struct freshdesk *f, struct tt_pull_ticket *t, size_t from)
{
    for (size_t i = from; i < t->n_events; i++) {
        struct tt_event *e = &t->events[i];
        if (e->author_role != TT_AUTHOR_AGENT || !e->author || !tt_has_prefix(e->author, "user "))
            continue;
        for (size_t k = 0; k < f->n_agents; k++)
            if (strcmp(f->agent_id[k], e->author + 5) == 0) {
                free(e->author);
                e->author = xstrdup(f->agent_name[k]);
                break;
            }
    }
}

enum fd_phase {
    PH_AGENTS,
    PH_GROUPS,
    PH_COMPANIES,
    PH_CONTACTS,
    PH_DELETED,
    PH_SPAM,
    PH_TICKETS,
    PH__N
};
static const char *const phase_names[] = {"agents",  "groups", "companies", "contacts",
                                          "deleted", "spam",   "tickets"};

#define FD_SEEN_MAX 1000 /* bytes of boundary ids kept in the cursor */

struct fd_cursor {
    enum fd_phase phase;
    int page;
    int64_t since, hwm;
    bool full; /* this run includes the contacts phase */
    /* Ids of tickets already stored whose updated_at is exactly `since`
     * (",1,2,"): updated_since is inclusive, so they come again and are
     * skipped instead of being fetched twice.  Empty when too many. */
    char seen[FD_SEEN_MAX + 2];
};

static char *cursor_text(const struct fd_cursor *c)
{
    return xasprintf("fd1 %s%s %d %lld %lld %s", phase_names[c->phase], c->full ? "+" : "", c->page,
                     (long long)c->since, (long long)c->hwm, c->seen[0] ? c->seen : "-");
}

static bool seen_has(const struct fd_cursor *c, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = strstr(c->seen, id); p; p = strstr(p + 1, id))
        if (p > c->seen && p[-1] == ',' && p[n] == ',')
            return true;
    return false;
}

static void seen_add(struct fd_cursor *c, const char *id)
{
    size_t len = strlen(c->seen), n = strlen(id);
    if (!c->seen[0] && len + n + 2 <= FD_SEEN_MAX) {
        snprintf(c->seen, sizeof c->seen, ",%s,", id);
    } else if (c->seen[0] && len + n + 1 <= FD_SEEN_MAX) {
        memcpy(c->seen + len, id, n);
        c->seen[len + n] = ',';
        c->seen[len + n + 1] = '\0';
    } else {
        c->seen[0] = '\0'; /* too many at one instant: take the duplicates */
        c->seen[1] = 'X';  /* and remember that the list overflowed */
    }
}

static int cursor_parse(const char *s, struct fd_cursor *c, struct tt_err *err)
{
    char phase[32], seen[FD_SEEN_MAX + 2] = "-";
    long long since, hwm;
    int page;
    int got = sscanf(s, "fd1 %31s %d %lld %lld %1001s", phase, &page, &since, &hwm, seen);
    if (got < 4 || page < 1 || since < 0 || hwm < 0)
        return tt_errf(err, "freshdesk: unreadable sync cursor \"%.60s\" (run sync --full)", s);
    c->seen[0] = '\0';
    if (strcmp(seen, "-") != 0) {
        if (seen[0] != ',' || strspn(seen, ",0123456789") != strlen(seen))
            return tt_errf(err, "freshdesk: unreadable sync cursor \"%.60s\" (run sync --full)", s);
        memcpy(c->seen, seen, strlen(seen) + 1);
    }
    size_t n = strlen(phase);
    c->full = n && phase[n - 1] == '+';
    if (c->full)
        phase[n - 1] = '\0';
    for (int i = 0; i < PH__N; i++)
        if (strcmp(phase, phase_names[i]) == 0) {
            c->phase = (enum fd_phase)i;
            c->page = page;
            c->since = since;
            c->hwm = hwm;
            return 0;
        }
    return tt_errf(err, "freshdesk: unknown phase in sync cursor \"%.60s\" (run sync --full)", s);
}

static void iso(int64_t t, char out[static 21])
{
    tt_time_iso(t, out);
}

/* GET a path; body in *resp (caller clears).  Errors name method and URL. */
static int fd_get(struct freshdesk *f, const char *path, struct tt_http_resp *resp, int *requests,
                  struct tt_err *err)
{
    int rc = tt_http_request(f->base.http, "GET", path, NULL, resp, err);
    if (requests)
        *requests += resp->attempts;
    if (rc < 0)
        tt_err_prefix(err, "freshdesk account %s", f->account);
    return rc;
}

static bool numeric_id(const char *s)
{
    if (!s || !*s || strlen(s) > 20)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static char *conv_path(const char *ticket_ext, int page)
{
    return xasprintf("/api/v2/tickets/%s/conversations?per_page=100&page=%d", ticket_ext, page);
}

/* Map one page of a ticket's conversations (n: how many it held). */
static int conv_map(struct freshdesk *f, struct tt_pull_ticket *t, const char *path,
                    const struct tt_http_resp *r, size_t *n, struct tt_err *err)
{
    size_t before = t->n_events;
    char *what = xasprintf("GET %s", path);
    int rc = tt_fd_map_conversations(r->body, r->len, what, t, n, err);
    free(what);
    if (rc == 0)
        name_authors(f, t, before);
    return rc;
}

/* The conversation pages of one ticket from `first` on; 1 when the ticket is
 * gone (404). */
static int fetch_conversations(struct freshdesk *f, struct tt_pull_ticket *t, int first,
                               int *requests, struct tt_err *err)
{
    for (int page = first; page <= FD_MAX_PAGE; page++) {
        char *path = conv_path(t->ticket.external_id, page);
        struct tt_http_resp r;
        size_t n = 0;
        int rc = fd_get(f, path, &r, requests, err);
        if (rc < 0 && r.status == 404) { /* deleted since the list named it */
            tt_http_resp_clear(&r);
            free(path);
            return 1;
        }
        if (rc == 0)
            rc = conv_map(f, t, path, &r, &n, err);
        tt_http_resp_clear(&r);
        free(path);
        if (rc < 0)
            return -1;
        if (n < 100)
            break;
    }
    t->events_complete = true;
    return 0;
}

struct conv_job {
    struct freshdesk *f;
    struct tt_pull_page *page;
    bool *gone; /* per ticket: 404, deleted since the list named it */
};

/* First conversation page of ticket i (tt_http_get_many); further pages, rare,
 * are fetched right away, one at a time. */
static int conv_done(void *ud, size_t i, int rc, struct tt_http_resp *r, struct tt_err *err)
{
    struct conv_job *job = ud;
    struct tt_pull_ticket *t = &job->page->tickets[i];
    job->page->requests += r->attempts;
    if (rc < 0) {
        if (r->status == 404) {
            job->gone[i] = true;
            tt_err_clear(err);
            return 0;
        }
        tt_err_prefix(err, "freshdesk account %s", job->f->account);
        return -1;
    }
    size_t n = 0;
    char *path = conv_path(t->ticket.external_id, 1);
    rc = conv_map(job->f, t, path, r, &n, err);
    free(path);
    if (rc < 0)
        return -1;
    if (n < 100) {
        t->events_complete = true;
        return 0;
    }
    rc = fetch_conversations(job->f, t, 2, &job->page->requests, err);
    if (rc == 1)
        job->gone[i] = true;
    return rc < 0 ? -1 : 0;
}

/* Every ticket's conversations, FD_PARALLEL requests in flight (serial when
 * the account has a request budget); tickets deleted meanwhile become
 * tombstones.  The page is stored only after all of them (sync.c). */
static int fetch_all_conversations(struct freshdesk *f, struct tt_pull_page *page,
                                   struct tt_err *err)
{
    size_t n = page->n_tickets;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!numeric_id(page->tickets[i].ticket.external_id))
            return tt_errf(err, "freshdesk: ticket id \"%.40s\" is not numeric",
                           page->tickets[i].ticket.external_id);
    char **paths = xcalloc(n, sizeof *paths);
    for (size_t i = 0; i < n; i++)
        paths[i] = conv_path(page->tickets[i].ticket.external_id, 1);
    struct conv_job job = {f, page, xcalloc(n, sizeof *job.gone)};
    int rc = tt_http_get_many(f->base.http, (const char *const *)paths, n, FD_PARALLEL, conv_done,
                              &job, err);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    for (size_t i = n; rc == 0 && i-- > 0;)
        if (job.gone[i]) {
            mj_page_add_deleted(page, xstrdup(page->tickets[i].ticket.external_id));
            tt_pull_ticket_clear(&page->tickets[i]);
            page->tickets[i] = page->tickets[--page->n_tickets];
        }
    free(job.gone);
    return rc;
}

/* Drop the tickets already stored at the boundary second, and record the
 * boundary of this page for the next one. */
static void skip_seen(struct fd_cursor *c, struct tt_pull_page *page)
{
    size_t k = 0;
    for (size_t i = 0; i < page->n_tickets; i++) {
        struct tt_pull_ticket *t = &page->tickets[i];
        if (t->ticket.updated_at == c->since && c->seen[0] && seen_has(c, t->ticket.external_id)) {
            tt_pull_ticket_clear(t);
            continue;
        }
        if (k != i)
            page->tickets[k] = *t;
        k++;
    }
    page->n_tickets = k;
    /* The next request asks from hwm: remember who is stored at hwm. */
    if (c->hwm > c->since)
        c->seen[0] = c->seen[1] = '\0';
    bool overflowed = !c->seen[0] && c->seen[1] == 'X';
    for (size_t i = 0; i < page->n_tickets && !overflowed; i++)
        if (page->tickets[i].ticket.updated_at == c->hwm &&
            !(c->seen[0] && seen_has(c, page->tickets[i].ticket.external_id))) {
            seen_add(c, page->tickets[i].ticket.external_id);
            overflowed = !c->seen[0];
        }
}

static int fd_pull(struct tt_provider *p, const char *cursor, bool full, struct tt_pull_page *page,
                   struct tt_err *err)
{
    struct freshdesk *f = (struct freshdesk *)p;
    struct fd_cursor c = {.phase = PH_AGENTS, .page = 1};
    memset(page, 0, sizeof *page);
    if (!cursor || full) {
        c.full = true;
        c.since = c.hwm = f->start_time;
    } else if (cursor_parse(cursor, &c, err) < 0) {
        return -1;
    }
    char since[21];
    iso(c.since, since);
    char *path;
    int pp = f->per_page;
    switch (c.phase) {
    case PH_AGENTS:
    case PH_GROUPS:
    case PH_COMPANIES:
    case PH_CONTACTS:
        path = xasprintf("/api/v2/%s?per_page=%d&page=%d", phase_names[c.phase], pp, c.page);
        break;
    case PH_DELETED:
    case PH_SPAM: /* both leave the normal list: tombstone them */
        path = xasprintf("/api/v2/tickets?filter=%s&updated_since=%s&per_page=%d&page=%d",
                         phase_names[c.phase], since, pp, c.page);
        break;
    default:
        path = xasprintf("/api/v2/tickets?updated_since=%s&order_by=updated_at&order_type=asc"
                         "&per_page=%d&page=%d&include=requester,stats",
                         since, pp, c.page);
        break;
    }
    struct tt_http_resp r;
    size_t n = 0;
    int rc = fd_get(f, path, &r, &page->requests, err);
    char *what = xasprintf("GET %s", path);
    if (rc == 0) {
        switch (c.phase) {
        case PH_AGENTS:
            if (c.page == 1)
                forget_agents(f);
            rc = tt_fd_map_agents(r.body, r.len, what, page, &n, err);
            if (rc == 0)
                remember_agents(f, page);
            break;
        case PH_GROUPS:
            rc = tt_fd_map_groups(r.body, r.len, what, page, &n, err);
            break;
        case PH_COMPANIES:
            rc = tt_fd_map_companies(r.body, r.len, what, &f->opts, page, &n, err);
            break;
        case PH_CONTACTS:
            rc = tt_fd_map_contacts(r.body, r.len, what, page, &n, err);
            break;
        case PH_DELETED:
        case PH_SPAM:
            rc = tt_fd_map_deleted(r.body, r.len, what, page, NULL, &n, err);
            break;
        default:
            rc = tt_fd_map_tickets(r.body, r.len, what, &f->opts, page, &c.hwm, &n, err);
            break;
        }
    }
    tt_http_resp_clear(&r);
    free(what);
    free(path);
    if (rc == 0 && c.phase == PH_TICKETS)
        skip_seen(&c, page);
    if (rc == 0)
        rc = fetch_all_conversations(f, page, err);
    if (rc < 0) {
        int req = page->requests;
        tt_pull_page_clear(page);
        page->requests = req;
        return -1;
    }
    /* Where the next call starts.  Tickets are keyset-paged: the next page
     * asks again from the newest updated_at seen (page 1), so tickets that
     * move to the end of the list while we page are never skipped and the
     * 300-page limit is never reached; only when a whole page shares one
     * updated_at second does the page number advance. */
    if (c.phase == PH_TICKETS && n >= (size_t)pp && c.hwm > c.since) {
        c.since = c.hwm;
        c.page = 1;
    } else if (n >= (size_t)pp && c.page < FD_MAX_PAGE) {
        c.page++;
    } else if (c.phase == PH_TICKETS) {
        c.phase = PH_AGENTS;
        c.page = 1;
        c.since = c.hwm;
        c.full = false;
        page->done = true;
    } else {
        c.phase = (enum fd_phase)(c.phase + 1);
        if (c.phase == PH_CONTACTS && !c.full)
            c.phase = PH_DELETED;
        c.page = 1;
    }
    page->next_cursor = cursor_text(&c);
    return 0;
}

/* ---- push ----------------------------------------------------------------- */

static int fd_send(struct freshdesk *f, const char *method, const char *path, json_t *body,
                   struct tt_http_resp *resp, struct tt_err *err)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    int rc = tt_http_request(f->base.http, method, path, text, resp, err);
    free(text);
    if (rc < 0)
        tt_err_prefix(err, "freshdesk account %s", f->account);
    return rc;
}

static int parse_int_id(const char *v, const char *what, json_int_t *out, struct tt_err *err)
{
    if (!numeric_id(v))
        return tt_errf(err, "freshdesk: %s \"%.40s\" is not a numeric Freshdesk id", what,
                       v ? v : "");
    *out = (json_int_t)strtoll(v, NULL, 10);
    return 0;
}

/* Current tags of a ticket, then +/- edits -> the new full list. */
static int edited_tags(struct freshdesk *f, const char *ticket, const char *edits, json_t **out,
                       struct tt_err *err)
{
    *out = NULL;
    char *path = xasprintf("/api/v2/tickets/%s", ticket);
    struct tt_http_resp r;
    int rc = fd_get(f, path, &r, NULL, err);
    json_t *root = NULL;
    if (rc == 0) {
        char *what = xasprintf("GET %s", path);
        struct mj c = {"freshdesk", what, err};
        root = mj_parse(&c, r.body, r.len);
        json_t *tags = NULL;
        if (!root || mj_array(&c, root, "", "tags", &tags) < 0)
            rc = -1;
        free(what);
        if (rc == 0) {
            *out = json_array();
            size_t i;
            json_t *v;
            json_array_foreach(tags, i, v) if (json_is_string(v)) json_array_append(*out, v);
        }
    }
    tt_http_resp_clear(&r);
    free(path);
    json_decref(root);
    if (rc < 0)
        return -1;
    const char *s = edits ? edits : "";
    while (*s) {
        while (*s == ' ')
            s++;
        size_t n = strcspn(s, " ");
        if (!n)
            break;
        bool remove = *s == '-';
        const char *name = (*s == '-' || *s == '+') ? s + 1 : s;
        size_t m = n - (size_t)(name - s);
        char *tag = xstrndup(name, m);
        size_t i, found = (size_t)-1;
        json_t *v;
        json_array_foreach(*out, i, v) if (mj_tag_eq(json_string_value(v), tag)) found = i;
        if (remove && found != (size_t)-1)
            json_array_remove(*out, found);
        else if (!remove && found == (size_t)-1 && *tag)
            json_array_append_new(*out, json_string(tag));
        free(tag);
        s += n;
    }
    return 0;
}

static int fd_push(struct tt_provider *p, const struct tt_push *push, struct tt_err *err)
{
    struct freshdesk *f = (struct freshdesk *)p;
    if (!numeric_id(push->ticket_ext))
        return tt_errf(err, "freshdesk: ticket id \"%.40s\" is not numeric",
                       push->ticket_ext ? push->ticket_ext : "");
    json_t *body = NULL;
    const char *method = "PUT";
    char *path = NULL;
    json_int_t id = 0;
    switch (push->kind) {
    case TT_PUSH_REPLY:
    case TT_PUSH_NOTE: {
        if (!push->body || !*push->body)
            return tt_errf(err, "freshdesk: empty %s",
                           push->kind == TT_PUSH_REPLY ? "reply" : "note");
        char *html = tt_text_to_html(push->body, "div", push->idempotency_key);
        method = "POST";
        if (push->kind == TT_PUSH_REPLY) {
            path = xasprintf("/api/v2/tickets/%s/reply", push->ticket_ext);
            body = json_pack("{s:s}", "body", html);
        } else {
            path = xasprintf("/api/v2/tickets/%s/notes", push->ticket_ext);
            body = json_pack("{s:s,s:b}", "body", html, "private", 1);
        }
        free(html);
        break;
    }
    case TT_PUSH_STATUS: {
        int s = tt_status_from_name(push->value);
        if (s < 0)
            return tt_errf(err, "freshdesk: unknown status \"%.40s\"",
                           push->value ? push->value : "");
        body = json_pack("{s:i}", "status", tt_fd_status_from_common((enum tt_status)s, &f->opts));
        break;
    }
    case TT_PUSH_PRIORITY: {
        int pr = tt_priority_from_name(push->value);
        if (pr < 0)
            return tt_errf(err, "freshdesk: unknown priority \"%.40s\"",
                           push->value ? push->value : "");
        body = json_pack("{s:i}", "priority", tt_fd_priority_from_common((enum tt_priority)pr));
        break;
    }
    case TT_PUSH_ASSIGNEE:
    case TT_PUSH_GROUP: {
        const char *field = push->kind == TT_PUSH_ASSIGNEE ? "responder_id" : "group_id";
        if (!push->value || !*push->value) {
            body = json_pack("{s:n}", field);
        } else {
            if (parse_int_id(push->value, push->kind == TT_PUSH_ASSIGNEE ? "agent id" : "group id",
                             &id, err) < 0)
                return -1;
            body = json_pack("{s:I}", field, id);
        }
        break;
    }
    case TT_PUSH_TAGS: {
        json_t *tags = NULL;
        if (edited_tags(f, push->ticket_ext, push->value, &tags, err) < 0)
            return -1;
        body = json_pack("{s:o}", "tags", tags);
        break;
    }
    default:
        return tt_errf(err, "freshdesk: unsupported write");
    }
    if (!path)
        path = xasprintf("/api/v2/tickets/%s", push->ticket_ext);
    struct tt_http_resp r;
    int rc = fd_send(f, method, path, body, &r, err);
    if (rc == 0) {
        /* Confirmation: the created conversation or the updated ticket. */
        char *what = xasprintf("%s %s", method, path);
        struct mj c = {"freshdesk", what, err};
        json_t *root = mj_parse(&c, r.body, r.len);
        char *rid = NULL;
        if (!root || mj_id(&c, root, "", "id", true, &rid) < 0)
            rc = -1;
        free(rid);
        json_decref(root);
        free(what);
    }
    tt_http_resp_clear(&r);
    free(path);
    return rc;
}

static int fd_remote(struct tt_provider *p, const char *ticket_ext, const char *key,
                     struct tt_remote_ticket *out, struct tt_err *err)
{
    struct freshdesk *f = (struct freshdesk *)p;
    memset(out, 0, sizeof *out);
    if (!numeric_id(ticket_ext))
        return tt_errf(err, "freshdesk: ticket id \"%.40s\" is not numeric",
                       ticket_ext ? ticket_ext : "");
    char *path = xasprintf("/api/v2/tickets/%s", ticket_ext);
    struct tt_http_resp r;
    int rc = fd_get(f, path, &r, NULL, err);
    if (rc == 0) {
        char *what = xasprintf("GET %s", path);
        rc = tt_fd_map_remote(r.body, r.len, what, &f->opts, out, err);
        free(what);
    }
    tt_http_resp_clear(&r);
    free(path);
    char *marker = tt_push_marker(key);
    for (int page = 1; rc == 0 && page <= FD_MAX_PAGE; page++) {
        path = xasprintf("/api/v2/tickets/%s/conversations?per_page=100&page=%d", ticket_ext, page);
        int before = out->n_comments;
        rc = fd_get(f, path, &r, NULL, err);
        if (rc == 0) {
            char *what = xasprintf("GET %s", path);
            rc = tt_fd_map_find_key(r.body, r.len, what, marker, NULL, &out->n_comments,
                                    &out->has_idempotency_key, err);
            free(what);
        }
        tt_http_resp_clear(&r);
        free(path);
        if (out->n_comments - before < 100)
            break;
    }
    free(marker);
    if (rc < 0) {
        free(out->assignee_ext);
        memset(out, 0, sizeof *out);
    }
    return rc;
}

static void fd_free(struct tt_provider *p)
{
    struct freshdesk *f = (struct freshdesk *)p;
    if (!f)
        return;
    free(f->account);
    tt_map_opts_clear(&f->opts);
    forget_agents(f);
    free(f);
}

static const struct tt_provider_ops freshdesk_ops = {
    .name = "freshdesk",
    .pull = fd_pull,
    .push = fd_push,
    .remote = fd_remote,
    .free = fd_free,
};

struct tt_provider *tt_provider_new_freshdesk(const struct tt_provider_config *cfg,
                                              struct tt_http *http, struct tt_err *err)
{
    if (!cfg->token || !*cfg->token)
        return tt_errf(err, "freshdesk account %s: no API key", cfg->account ? cfg->account : ""),
               NULL;
    struct freshdesk *f = xcalloc(1, sizeof *f);
    f->base.ops = &freshdesk_ops;
    f->base.http = http;
    f->account = xstrdup(cfg->account ? cfg->account : "freshdesk");
    f->per_page = cfg->page_size > 0 && cfg->page_size <= 100 ? cfg->page_size : 100;
    f->start_time = cfg->start_time > 0 ? cfg->start_time : 0;
    tt_map_opts_from_config(&f->opts, cfg);
    /* API key as the user name, any password (Freshdesk's documented form). */
    tt_http_set_basic_auth(http, cfg->token, "X");
    tt_http_add_header(http, "Accept: application/json");
    return &f->base;
}
