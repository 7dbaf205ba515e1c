/*
 * intercom.c: the Intercom (API 2.16) driver.
 *
 * Every request carries Authorization: Bearer TOKEN, Intercom-Version: 2.16
 * and Accept: application/json.
 *
 * Pull: one page per call; the cursor "ic1 PHASE PAGE AFTER SINCE HWM" names
 * the phase, a page number or a starting_after cursor ("-" for none), the
 * lower bound of this run and the newest updated_at seen (unix seconds):
 *     admins -> teams -> companies -> contacts -> deleted -> conversations
 *   GET  /admins, GET /teams                         (agents, groups)
 *   POST /companies/list?page=P&per_page=N           (customers)
 *   POST /contacts/search   updated_at > SINCE-300, cursor paged
 *   GET  /conversations/deleted?page=P&per_page=60&order=desc  (newest first;
 *        an incremental run stops at the first page reaching before SINCE)
 *   POST /conversations/search  updated_at > SINCE-300, cursor paged by
 *        pages.next.starting_after, then per conversation
 *   GET  /conversations/{id}     (source + up to 500 parts: the full log)
 * Search is index-backed, so every run re-reads 5 minutes before SINCE and
 * relies on upserts.  The search/list POSTs only read, so the driver asks
 * again (up to 3 tries) when a connection drops before their answer, which
 * the net layer does not do for POSTs.  When conversations are drained the page is `done` and
 * its cursor starts the next incremental run at admins with SINCE = HWM.
 *
 * Push (every write names the admin it is made as: the account's admin_id,
 * else GET /me once):
 *   reply/note  POST /conversations/{id}/reply {message_type comment|note,
 *               type admin, admin_id, body}; the body carries the outbox key
 *               as an HTML comment that remote() looks for after a crash
 *   status      POST /conversations/{id}/parts: open|new -> open, pending|
 *               on_hold -> snoozed (snoozed_until now + 1 day), solved|closed
 *               -> close
 *   assignee    parts {message_type assignment, type admin, assignee_id}
 *   group       parts {message_type assignment, type team, assignee_id}
 *   priority    Intercom 2.16 has no writable priority: PUT /conversations/
 *               {id} {custom_attributes: {priority: NAME}} mirrors it
 *   tags        GET /tags (names -> ids; POST /tags creates a missing one),
 *               POST /conversations/{id}/tags {id, admin_id} adds,
 *               DELETE /conversations/{id}/tags/{tag_id} {admin_id} removes
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provjson.h"
#include "ticketty/http.h"
#include "ticketty/provmap.h"
#include "ticketty/util.h"

#define IC_OVERLAP      300
#define IC_SNOOZE       86400
#define IC_READ_RETRIES 3 /* read-only POSTs: tries after a lost answer */
/* Conversation requests in flight during a pull (as Zendesk comments). */
#define IC_PARALLEL 4

struct intercom {
    struct tt_provider base;
    char *account;
    char *admin_id;
    int per_page;
    int64_t start_time;
    struct tt_map_opts opts;
};

enum ic_phase { PH_ADMINS, PH_TEAMS, PH_COMPANIES, PH_CONTACTS, PH_DELETED, PH_CONVS, PH__N };
static const char *const phase_names[] = {"admins",   "teams",   "companies",
                                          "contacts", "deleted", "conversations"};

struct ic_cursor {
    enum ic_phase phase;
    int page;
    char after[200]; /* starting_after, "" = first page */
    int64_t since, hwm;
};

static char *cursor_text(const struct ic_cursor *c)
{
    return xasprintf("ic1 %s %d %s %lld %lld", phase_names[c->phase], c->page,
                     c->after[0] ? c->after : "-", (long long)c->since, (long long)c->hwm);
}

static bool cursor_token_ok(const char *s)
{
    if (!*s || strlen(s) >= 200)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("-_=+/.:", *s))
            return false;
    return true;
}

static int cursor_parse(const char *s, struct ic_cursor *c, struct tt_err *err)
{
    char phase[32], after[256];
    long long since, hwm;
    int page;
    if (sscanf(s, "ic1 %31s %d %255s %lld %lld", phase, &page, after, &since, &hwm) != 5 ||
        page < 1 || since < 0 || hwm < 0 || !cursor_token_ok(after))
        return tt_errf(err, "intercom: unreadable sync cursor \"%.60s\" (run sync --full)", s);
    if (strcmp(after, "-") == 0)
        c->after[0] = '\0';
    else
        memcpy(c->after, after, strlen(after) + 1); /* < 200: cursor_token_ok */
    for (int i = 0; i < PH__N; i++)
        if (strcmp(phase, phase_names[i]) == 0) {
            c->phase = (enum ic_phase)i;
            c->page = page;
            c->since = since;
            c->hwm = hwm;
            return 0;
        }
    return tt_errf(err, "intercom: unknown phase in sync cursor \"%.60s\" (run sync --full)", s);
}

static int ic_req(struct intercom *ic, const char *method, const char *path, json_t *body,
                  struct tt_http_resp *resp, int *requests, struct tt_err *err)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    /* Search and list POSTs only read: the net layer does not resend a POST
     * whose answer was lost, but these are safe to ask again. */
    bool read_only = !strcmp(method, "POST") && (tt_has_prefix(path, "/conversations/search") ||
                                                 tt_has_prefix(path, "/contacts/search") ||
                                                 tt_has_prefix(path, "/companies/list"));
    int rc;
    for (int attempt = 1;; attempt++) {
        rc = tt_http_request(ic->base.http, method, path, text, resp, err);
        if (requests)
            *requests += resp->attempts;
        if (rc == 0 || !read_only || resp->fail != TT_HTTP_NETWORK || attempt >= IC_READ_RETRIES)
            break;
        tt_http_resp_clear(resp);
        if (tt_http_sleep(500LL * attempt, NULL) < 0)
            break;
    }
    free(text);
    if (rc < 0)
        tt_err_prefix(err, "intercom account %s", ic->account);
    return rc;
}

static bool safe_id(const char *s)
{
    if (!s || !*s || strlen(s) > 64)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
            return false;
    return true;
}

static json_t *search_body(int64_t since, int per_page, const char *after)
{
    int64_t from = since > IC_OVERLAP ? since - IC_OVERLAP : 0;
    json_t *pg = json_pack("{s:i}", "per_page", per_page);
    if (after && *after)
        json_object_set_new(pg, "starting_after", json_string(after));
    return json_pack("{s:{s:s,s:[{s:s,s:s,s:I}]},s:o}", "query", "operator", "AND", "value",
                     "field", "updated_at", "operator", ">", "value", (json_int_t)from,
                     "pagination", pg);
}

struct conv_job {
    struct intercom *ic;
    struct tt_pull_page *page;
    bool *gone; /* per conversation: 404, deleted since the search listed it */
};

/* One conversation's full log (tt_http_get_many calls this per path). */
static int conv_done(void *ud, size_t i, int rc, struct tt_http_resp *r, struct tt_err *err)
{
    struct conv_job *job = ud;
    struct tt_pull_ticket *t = &job->page->tickets[i];
    job->page->requests += r->attempts;
    if (rc < 0) {
        if (r->status == 404) { /* the search index lags */
            job->gone[i] = true;
            tt_err_clear(err);
            return 0;
        }
        tt_err_prefix(err, "intercom account %s", job->ic->account);
        return -1;
    }
    char *what = xasprintf("GET /conversations/%s", t->ticket.external_id);
    rc = tt_ic_map_conversation(r->body, r->len, what, &job->ic->opts, t, err);
    free(what);
    return rc < 0 ? -1 : 0;
}

/* Every listed conversation, IC_PARALLEL requests in flight (serial when the
 * account has a request budget); conversations deleted meanwhile become
 * tombstones.  The page is stored only after all of them (sync.c). */
static int fetch_conversations(struct intercom *ic, struct tt_pull_page *page, struct tt_err *err)
{
    size_t n = page->n_tickets;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!safe_id(page->tickets[i].ticket.external_id))
            return tt_errf(err, "intercom: conversation id \"%.40s\" is not a plain id",
                           page->tickets[i].ticket.external_id);
    char **paths = xcalloc(n, sizeof *paths);
    for (size_t i = 0; i < n; i++)
        paths[i] = xasprintf("/conversations/%s", page->tickets[i].ticket.external_id);
    struct conv_job job = {ic, page, xcalloc(n, sizeof *job.gone)};
    int rc = tt_http_get_many(ic->base.http, (const char *const *)paths, n, IC_PARALLEL, conv_done,
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

static int ic_pull(struct tt_provider *p, const char *cursor, bool full, struct tt_pull_page *page,
                   struct tt_err *err)
{
    struct intercom *ic = (struct intercom *)p;
    struct ic_cursor c = {.phase = PH_ADMINS, .page = 1};
    bool first_run = !cursor || full;
    memset(page, 0, sizeof *page);
    if (first_run) {
        c.since = c.hwm = ic->start_time;
    } else if (cursor_parse(cursor, &c, err) < 0) {
        return -1;
    }
    char *path = NULL, *method = "GET";
    json_t *body = NULL;
    int pp = ic->per_page;
    switch (c.phase) {
    case PH_ADMINS:
        path = xstrdup("/admins");
        break;
    case PH_TEAMS:
        path = xstrdup("/teams");
        break;
    case PH_COMPANIES:
        method = "POST";
        path = xasprintf("/companies/list?page=%d&per_page=%d", c.page, pp > 60 ? 60 : pp);
        break;
    case PH_CONTACTS:
        method = "POST";
        path = xstrdup("/contacts/search");
        body = search_body(c.since, pp, c.after);
        break;
    case PH_DELETED:
        path = xasprintf("/conversations/deleted?page=%d&per_page=60&order=desc", c.page);
        break;
    default:
        method = "POST";
        path = xstrdup("/conversations/search");
        body = search_body(c.since, pp, c.after);
        break;
    }
    struct tt_http_resp r;
    size_t n = 0;
    bool more = false;
    char *next = NULL;
    int64_t oldest = 0;
    int rc = ic_req(ic, method, path, body, &r, &page->requests, err);
    char *what = xasprintf("%s %s", method, path);
    if (rc == 0) {
        switch (c.phase) {
        case PH_ADMINS:
            rc = tt_ic_map_admins(r.body, r.len, what, page, &n, err);
            break;
        case PH_TEAMS:
            rc = tt_ic_map_teams(r.body, r.len, what, page, &n, err);
            break;
        case PH_COMPANIES:
            rc = tt_ic_map_companies(r.body, r.len, what, &ic->opts, page, &more, &n, err);
            break;
        case PH_CONTACTS:
            rc = tt_ic_map_contacts(r.body, r.len, what, page, &next, &n, err);
            break;
        case PH_DELETED:
            rc = tt_ic_map_deleted(r.body, r.len, what, c.page, page, &more, &oldest, &n, err);
            break;
        default:
            rc = tt_ic_map_search(r.body, r.len, what, &ic->opts, page, &next, &c.hwm, &n, err);
            break;
        }
    }
    tt_http_resp_clear(&r);
    free(what);
    free(path);
    if (rc == 0 && c.phase == PH_CONVS)
        rc = fetch_conversations(ic, page, err);
    if (rc == 0 && next && !cursor_token_ok(next))
        rc = tt_errf(err, "intercom: the server's paging cursor \"%.40s\" is not a plain token",
                     next);
    if (rc < 0) {
        free(next);
        int req = page->requests;
        tt_pull_page_clear(page);
        page->requests = req;
        return -1;
    }
    /* Where the next call starts. */
    if (c.phase == PH_DELETED && more && !first_run && c.since && oldest &&
        oldest < c.since - IC_OVERLAP)
        more = false; /* older deletions were seen by earlier runs */
    if ((c.phase == PH_CONTACTS || c.phase == PH_CONVS) && next) {
        snprintf(c.after, sizeof c.after, "%s", next);
    } else if ((c.phase == PH_COMPANIES || c.phase == PH_DELETED) && more && n > 0 &&
               c.page < 10000) {
        c.page++;
    } else if (c.phase == PH_CONVS) {
        c.phase = PH_ADMINS;
        c.page = 1;
        c.after[0] = '\0';
        c.since = c.hwm;
        page->done = true;
    } else {
        c.phase = (enum ic_phase)(c.phase + 1);
        c.page = 1;
        c.after[0] = '\0';
    }
    free(next);
    page->next_cursor = cursor_text(&c);
    return 0;
}

/* ---- push ----------------------------------------------------------------- */

/* Parse a 2xx body and check it is an object of the expected type. */
static int confirm(const char *method, const char *path, struct tt_http_resp *r, json_t **out,
                   struct tt_err *err)
{
    char *what = xasprintf("%s %s", method, path);
    struct mj c = {"intercom", what, err};
    json_t *root = mj_parse(&c, r->body, r->len);
    int rc = 0;
    if (!root) {
        rc = -1;
    } else if (!json_is_object(root)) {
        rc = mj_fail(&c, "", "(document)", "expected an object, got %s", mj_type_name(root));
    } else if (tt_streq(json_string_value(json_object_get(root, "type")), "error.list")) {
        const char *m = json_string_value(
            json_object_get(json_array_get(json_object_get(root, "errors"), 0), "message"));
        rc = mj_fail(&c, "", "(document)", "the provider returned an error: %.200s",
                     m ? m : "(no message)");
    }
    free(what);
    if (rc < 0 || !out)
        json_decref(root);
    else
        *out = root;
    return rc;
}

static int admin(struct intercom *ic, const char **out, struct tt_err *err)
{
    if (!ic->admin_id) {
        struct tt_http_resp r;
        json_t *me = NULL;
        int rc = ic_req(ic, "GET", "/me", NULL, &r, NULL, err);
        if (rc == 0)
            rc = confirm("GET", "/me", &r, &me, err);
        tt_http_resp_clear(&r);
        if (rc < 0)
            return tt_err_prefix(err, "intercom: finding the admin writes are made as "
                                      "(set admin_id on the account)");
        struct mj c = {"intercom", "GET /me", err};
        rc = mj_id(&c, me, "", "id", true, &ic->admin_id);
        json_decref(me);
        if (rc < 0)
            return -1;
    }
    *out = ic->admin_id;
    return 0;
}

static int send_json(struct intercom *ic, const char *method, const char *path, json_t *body,
                     json_t **out, struct tt_err *err)
{
    struct tt_http_resp r;
    int rc = ic_req(ic, method, path, body, &r, NULL, err);
    if (rc == 0)
        rc = confirm(method, path, &r, out, err);
    tt_http_resp_clear(&r);
    return rc;
}

/* Tag name -> id through GET /tags; create it with POST /tags when asked. */
static int tag_id(struct intercom *ic, json_t **tags, const char *name, bool create, char **out,
                  struct tt_err *err)
{
    *out = NULL;
    if (!*tags && send_json(ic, "GET", "/tags", NULL, tags, err) < 0)
        return -1;
    json_t *data = json_object_get(*tags, "data");
    size_t i;
    json_t *v;
    json_array_foreach(data, i, v)
    {
        if (mj_tag_eq(json_string_value(json_object_get(v, "name")), name)) {
            *out = mj_scalar_text(json_object_get(v, "id"));
            return 0;
        }
    }
    if (!create)
        return 0;
    json_t *made = NULL;
    if (send_json(ic, "POST", "/tags", json_pack("{s:s}", "name", name), &made, err) < 0)
        return -1;
    *out = mj_scalar_text(json_object_get(made, "id"));
    json_decref(made);
    if (!*out || !safe_id(*out)) {
        free(*out);
        *out = NULL;
        return tt_errf(err, "intercom: POST /tags: the new tag \"%.40s\" came back without an id",
                       name);
    }
    return 0;
}

static int push_tags(struct intercom *ic, const char *conv, const char *edits, const char *adm,
                     struct tt_err *err)
{
    json_t *tags = NULL;
    int rc = 0;
    const char *s = edits ? edits : "";
    while (rc == 0 && *s) {
        while (*s == ' ')
            s++;
        size_t n = strcspn(s, " ");
        if (!n)
            break;
        bool remove = *s == '-';
        const char *name = (*s == '-' || *s == '+') ? s + 1 : s;
        char *tag = xstrndup(name, n - (size_t)(name - s));
        s += n;
        char *id = NULL;
        if (!*tag) {
            free(tag);
            continue;
        }
        rc = tag_id(ic, &tags, tag, !remove, &id, err);
        if (rc == 0 && id && !safe_id(id))
            rc = tt_errf(err, "intercom: tag \"%.40s\" has an unusable id", tag);
        if (rc == 0 && id) {
            char *path = remove ? xasprintf("/conversations/%s/tags/%s", conv, id)
                                : xasprintf("/conversations/%s/tags", conv);
            json_t *body = remove ? json_pack("{s:s}", "admin_id", adm)
                                  : json_pack("{s:s,s:s}", "id", id, "admin_id", adm);
            rc = send_json(ic, remove ? "DELETE" : "POST", path, body, NULL, err);
            free(path);
        }
        free(id);
        free(tag);
    }
    json_decref(tags);
    return rc;
}

static int ic_push(struct tt_provider *p, const struct tt_push *push, struct tt_err *err)
{
    struct intercom *ic = (struct intercom *)p;
    if (!safe_id(push->ticket_ext))
        return tt_errf(err, "intercom: conversation id \"%.40s\" is not a plain id",
                       push->ticket_ext ? push->ticket_ext : "");
    const char *adm = NULL;
    if (admin(ic, &adm, err) < 0)
        return -1;
    json_t *body = NULL;
    const char *method = "POST";
    char *path = NULL;
    switch (push->kind) {
    case TT_PUSH_REPLY:
    case TT_PUSH_NOTE: {
        if (!push->body || !*push->body)
            return tt_errf(err, "intercom: empty %s",
                           push->kind == TT_PUSH_REPLY ? "reply" : "note");
        char *html = tt_text_to_html(push->body, "p", push->idempotency_key);
        path = xasprintf("/conversations/%s/reply", push->ticket_ext);
        body = json_pack("{s:s,s:s,s:s,s:s}", "message_type",
                         push->kind == TT_PUSH_REPLY ? "comment" : "note", "type", "admin",
                         "admin_id", adm, "body", html);
        free(html);
        break;
    }
    case TT_PUSH_STATUS: {
        int s = tt_status_from_name(push->value);
        if (s < 0)
            return tt_errf(err, "intercom: unknown status \"%.40s\"",
                           push->value ? push->value : "");
        path = xasprintf("/conversations/%s/parts", push->ticket_ext);
        if (s == TT_STATUS_NEW || s == TT_STATUS_OPEN)
            body = json_pack("{s:s,s:s}", "message_type", "open", "admin_id", adm);
        else if (s == TT_STATUS_PENDING || s == TT_STATUS_ON_HOLD)
            body = json_pack("{s:s,s:s,s:I}", "message_type", "snoozed", "admin_id", adm,
                             "snoozed_until", (json_int_t)(tt_now() + IC_SNOOZE));
        else
            body = json_pack("{s:s,s:s,s:s}", "message_type", "close", "type", "admin", "admin_id",
                             adm);
        break;
    }
    case TT_PUSH_PRIORITY: {
        int pr = tt_priority_from_name(push->value);
        if (pr < 0)
            return tt_errf(err, "intercom: unknown priority \"%.40s\"",
                           push->value ? push->value : "");
        method = "PUT";
        path = xasprintf("/conversations/%s", push->ticket_ext);
        body = json_pack("{s:{s:s}}", "custom_attributes", "priority",
                         tt_priority_name((enum tt_priority)pr));
        break;
    }
    case TT_PUSH_ASSIGNEE:
    case TT_PUSH_GROUP: {
        const char *who = push->value && *push->value ? push->value : "0";
        if (!safe_id(who))
            return tt_errf(err, "intercom: %s id \"%.40s\" is not a plain id",
                           push->kind == TT_PUSH_ASSIGNEE ? "admin" : "team", who);
        path = xasprintf("/conversations/%s/parts", push->ticket_ext);
        body = json_pack("{s:s,s:s,s:s,s:s}", "message_type", "assignment", "type",
                         push->kind == TT_PUSH_ASSIGNEE ? "admin" : "team", "admin_id", adm,
                         "assignee_id", who);
        break;
    }
    case TT_PUSH_TAGS:
        return push_tags(ic, push->ticket_ext, push->value, adm, err);
    default:
        return tt_errf(err, "intercom: unsupported write");
    }
    json_t *resp = NULL;
    int rc = send_json(ic, method, path, body, &resp, err);
    if (rc == 0 && !json_object_get(resp, "id"))
        rc = tt_errf(err, "intercom: %s %s: the confirmation has no id", method, path);
    json_decref(resp);
    free(path);
    return rc;
}

static int ic_remote(struct tt_provider *p, const char *ticket_ext, const char *key,
                     struct tt_remote_ticket *out, struct tt_err *err)
{
    struct intercom *ic = (struct intercom *)p;
    memset(out, 0, sizeof *out);
    if (!safe_id(ticket_ext))
        return tt_errf(err, "intercom: conversation id \"%.40s\" is not a plain id",
                       ticket_ext ? ticket_ext : "");
    char *path = xasprintf("/conversations/%s", ticket_ext);
    struct tt_http_resp r;
    int rc = ic_req(ic, "GET", path, NULL, &r, NULL, err);
    if (rc == 0) {
        char *what = xasprintf("GET %s", path);
        char *marker = tt_push_marker(key);
        rc = tt_ic_map_remote(r.body, r.len, what, marker, NULL, out, err);
        free(marker);
        free(what);
    }
    tt_http_resp_clear(&r);
    free(path);
    return rc;
}

static void ic_free(struct tt_provider *p)
{
    struct intercom *ic = (struct intercom *)p;
    if (!ic)
        return;
    free(ic->account);
    free(ic->admin_id);
    tt_map_opts_clear(&ic->opts);
    free(ic);
}

static const struct tt_provider_ops intercom_ops = {
    .name = "intercom",
    .pull = ic_pull,
    .push = ic_push,
    .remote = ic_remote,
    .free = ic_free,
};

struct tt_provider *tt_provider_new_intercom(const struct tt_provider_config *cfg,
                                             struct tt_http *http, struct tt_err *err)
{
    if (!cfg->token || !*cfg->token)
        return tt_errf(err, "intercom account %s: no access token",
                       cfg->account ? cfg->account : ""),
               NULL;
    if (cfg->admin_id && !safe_id(cfg->admin_id))
        return tt_errf(err, "intercom account %s: admin_id \"%.40s\" is not a plain id",
                       cfg->account ? cfg->account : "", cfg->admin_id),
               NULL;
    struct intercom *ic = xcalloc(1, sizeof *ic);
    ic->base.ops = &intercom_ops;
    ic->base.http = http;
    ic->account = xstrdup(cfg->account ? cfg->account : "intercom");
    ic->admin_id = xstrdup(cfg->admin_id);
    ic->per_page = cfg->page_size > 0 && cfg->page_size <= 150 ? cfg->page_size : 150;
    ic->start_time = cfg->start_time > 0 ? cfg->start_time : 0;
    tt_map_opts_from_config(&ic->opts, cfg);
    tt_http_set_bearer_auth(http, cfg->token);
    tt_http_add_header(http, "Intercom-Version: 2.16");
    tt_http_add_header(http, "Accept: application/json");
    return &ic->base;
}
