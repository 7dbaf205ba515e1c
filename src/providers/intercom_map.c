/*
 * intercom_map.c: Intercom API 2.16 JSON -> common model (pure; provmap.h).
 *
 * Intercom conversations carry a state (open, snoozed, closed), string ids
 * (some examples use integers, so ids are read as either), unix times, the
 * opening message in `source` and, on the single GET only, up to 500
 * conversation_parts.  Parts are comments, notes and events (open, close,
 * snoozed, assignment, attribute updates, ...); only the ones that mean
 * something to an agent are kept.
 */
#include <stdlib.h>
#include <string.h>

#include "provjson.h"
#include "ticketty/provmap.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

#define PROVIDER "intercom"

enum tt_status tt_ic_state_to_common(const char *state)
{
    if (tt_streq(state, "snoozed"))
        return TT_STATUS_PENDING;
    if (tt_streq(state, "closed"))
        return TT_STATUS_SOLVED;
    return TT_STATUS_OPEN;
}

enum tt_priority tt_ic_priority_to_common(const char *p)
{
    if (tt_streq(p, "low"))
        return TT_PRIORITY_LOW;
    if (tt_streq(p, "high") || tt_streq(p, "priority"))
        return TT_PRIORITY_HIGH;
    if (tt_streq(p, "urgent"))
        return TT_PRIORITY_URGENT;
    return TT_PRIORITY_NORMAL; /* none, medium, not_priority, absent */
}

enum tt_author_role tt_ic_author_role(const char *type)
{
    if (tt_streq(type, "admin") || tt_streq(type, "team"))
        return TT_AUTHOR_AGENT;
    if (tt_streq(type, "bot"))
        return TT_AUTHOR_BOT;
    return TT_AUTHOR_END_USER; /* user, lead, contact */
}

static int root_object(struct mj *c, const char *body, size_t len, json_t **out)
{
    *out = mj_parse(c, body, len);
    if (!*out)
        return -1;
    if (!json_is_object(*out)) {
        mj_fail(c, "", "(document)", "expected an object, got %s", mj_type_name(*out));
        json_decref(*out);
        *out = NULL;
        return -1;
    }
    json_t *type = json_object_get(*out, "type");
    if (json_is_string(type) && strcmp(json_string_value(type), "error.list") == 0) {
        json_t *e0 = json_array_get(json_object_get(*out, "errors"), 0);
        const char *msg = json_string_value(json_object_get(e0, "message"));
        mj_fail(c, "", "(document)", "the provider returned an error: %.200s",
                msg ? msg : "(no message)");
        json_decref(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

static int items(struct mj *c, json_t *root, const char *key, json_t **out)
{
    if (mj_array(c, root, "", key, out) < 0)
        return -1;
    if (!*out)
        return mj_fail(c, "", key, "required list is missing");
    return 0;
}

/* What the mappers below do with one element of a list: v is an object and
 * w its place in the document ("data[3]"). */
typedef int (*item_fn)(struct mj *c, json_t *v, const char *w, void *ud);

/* Every list response the same way: the required list under `key` of the
 * response object, each element an object that fn maps; the first failure
 * stops the walk.  The caller keeps root for the paging fields.  *count
 * (optional) is the length of the list. */
static int each_object(struct mj *c, json_t *root, const char *key, item_fn fn, void *ud,
                       size_t *count)
{
    json_t *list = NULL;
    int rc = items(c, root, key, &list);
    size_t i;
    json_t *v;
    if (rc == 0)
        json_array_foreach(list, i, v)
        {
            char w[64];
            snprintf(w, sizeof w, "%s[%zu]", key, i);
            if (!json_is_object(v)) {
                rc = mj_fail(c, w, NULL, "expected an object, got %s", mj_type_name(v));
                break;
            }
            if (fn(c, v, w, ud) < 0) {
                rc = -1;
                break;
            }
        }
    if (count)
        *count = list ? json_array_size(list) : 0;
    return rc;
}

/* pages.next.starting_after (cursor paging), or NULL. */
static int next_cursor(struct mj *c, json_t *root, char **out)
{
    *out = NULL;
    json_t *pages, *next;
    if (mj_object(c, root, "", "pages", &pages) < 0)
        return -1;
    if (!pages)
        return 0;
    next = mj_get(pages, "next");
    if (!next)
        return 0;
    if (json_is_string(next)) /* page-number lists carry a URL here */
        return 0;
    if (!json_is_object(next))
        return mj_fail(c, "pages", "next", "expected an object, got %s", mj_type_name(next));
    return mj_str(c, next, "pages.next", "starting_after", false, out);
}

static char *first_line(const char *text, int max)
{
    if (!text)
        return NULL;
    while (*text == '\n' || *text == ' ')
        text++;
    const char *nl = strchr(text, '\n');
    char *line = xstrndup(text, nl ? (size_t)(nl - text) : strlen(text));
    char *cut = tt_text_truncate(line, max);
    free(line);
    return cut;
}

/* Conversation fields common to the search result and the single GET. */
static int map_conversation(struct mj *c, json_t *o, const char *w, const struct tt_map_opts *opts,
                            struct tt_pull_ticket *t)
{
    (void)opts;
    struct tt_ticket *tk = &t->ticket;
    char *state = NULL, *prio = NULL, *html = NULL, *subject = NULL;
    json_t *source = NULL, *contacts = NULL, *tags = NULL, *stats = NULL, *company = NULL;
    char sw[256];
    int rc = -1;
    if (!json_is_object(o)) {
        mj_fail(c, w, NULL, "expected an object, got %s", mj_type_name(o));
        goto out;
    }
    json_t *prio_v = mj_get(o, "priority");
    if (mj_id(c, o, w, "id", true, &tk->external_id) < 0 ||
        mj_str(c, o, w, "state", true, &state) < 0 ||
        (prio_v && mj_str(c, o, w, "priority", false, &prio) < 0) ||
        mj_str(c, o, w, "title", false, &tk->subject) < 0 ||
        mj_time_unix(c, o, w, "created_at", true, &tk->created_at) < 0 ||
        mj_time_unix(c, o, w, "updated_at", true, &tk->updated_at) < 0 ||
        mj_id(c, o, w, "admin_assignee_id", false, &t->assignee_ext) < 0 ||
        mj_id(c, o, w, "team_assignee_id", false, &t->group_ext) < 0 ||
        mj_object(c, o, w, "source", &source) < 0 ||
        mj_object(c, o, w, "contacts", &contacts) < 0 || mj_object(c, o, w, "tags", &tags) < 0 ||
        mj_object(c, o, w, "statistics", &stats) < 0 || mj_object(c, o, w, "company", &company) < 0)
        goto out;
    if (strcmp(state, "open") && strcmp(state, "closed") && strcmp(state, "snoozed")) {
        mj_fail(c, w, "state", "unknown conversation state \"%.40s\"", state);
        goto out;
    }
    tk->status = tt_ic_state_to_common(state);
    tk->raw_status = state;
    state = NULL;
    tk->priority = tt_ic_priority_to_common(prio);
    /* "0" means unassigned in Intercom's API. */
    if (tt_streq(t->assignee_ext, "0"))
        free(t->assignee_ext), t->assignee_ext = NULL;
    if (tt_streq(t->group_ext, "0"))
        free(t->group_ext), t->group_ext = NULL;

    if (source) {
        snprintf(sw, sizeof sw, "%s.source", w);
        char *stype = NULL, *delivered = NULL;
        json_t *author = NULL;
        if (mj_str(c, source, sw, "subject", false, &subject) < 0 ||
            mj_str(c, source, sw, "body", false, &html) < 0 ||
            mj_str(c, source, sw, "type", false, &stype) < 0 ||
            mj_str(c, source, sw, "delivered_as", false, &delivered) < 0 ||
            mj_object(c, source, sw, "author", &author) < 0) {
            free(stype), free(delivered);
            goto out;
        }
        tk->channel = xstrdup(tt_streq(stype, "email")                                    ? "email"
                              : tt_streq(stype, "twitter") || tt_streq(stype, "facebook") ? "social"
                                                                                          : "chat");
        char *body = tt_html_to_text(html);
        tk->description = xstrdup(body);
        if (body && *body) {
            struct tt_event *e = mj_ticket_add_event(t);
            char *sid = NULL;
            char aw[300];
            snprintf(aw, sizeof aw, "%s.author", sw);
            char *atype = NULL;
            if (mj_id(c, source, sw, "id", false, &sid) < 0 ||
                (author && (mj_str(c, author, aw, "type", false, &atype) < 0 ||
                            mj_str(c, author, aw, "name", false, &e->author) < 0))) {
                free(sid), free(atype), free(body), free(stype), free(delivered);
                goto out;
            }
            e->external_id =
                sid ? xasprintf("source-%s", sid) : xasprintf("source-of-%s", tk->external_id);
            free(sid);
            e->at = tk->created_at;
            e->type = TT_EV_COMMENT;
            e->author_role = atype ? tt_ic_author_role(atype) : TT_AUTHOR_END_USER;
            free(atype);
            e->public = true;
            e->body = body;
            body = NULL;
        }
        free(body);
        free(stype);
        free(delivered);
    }
    if (!tk->subject || !*tk->subject) {
        free(tk->subject);
        tk->subject =
            subject && *subject ? tt_html_to_text(subject) : first_line(tk->description, 80);
        if (!tk->subject || !*tk->subject) {
            free(tk->subject);
            tk->subject = xasprintf("Conversation %s", tk->external_id);
        }
    }
    if (contacts) {
        json_t *list;
        snprintf(sw, sizeof sw, "%s.contacts", w);
        if (mj_array(c, contacts, sw, "contacts", &list) < 0)
            goto out;
        json_t *c0 = json_array_get(list, 0);
        if (c0) {
            snprintf(sw, sizeof sw, "%s.contacts.contacts[0]", w);
            if (!json_is_object(c0)) {
                mj_fail(c, sw, NULL, "expected an object, got %s", mj_type_name(c0));
                goto out;
            }
            if (mj_id(c, c0, sw, "id", true, &t->requester_ext) < 0)
                goto out;
        }
    }
    if (company) {
        snprintf(sw, sizeof sw, "%s.company", w);
        if (mj_id(c, company, sw, "id", false, &t->organization_ext) < 0)
            goto out;
    }
    if (tags) {
        json_t *list;
        snprintf(sw, sizeof sw, "%s.tags", w);
        if (mj_array(c, tags, sw, "tags", &list) < 0)
            goto out;
        struct tt_buf b = {0};
        size_t i;
        json_t *tg;
        json_array_foreach(list, i, tg)
        {
            const char *name = json_string_value(json_object_get(tg, "name"));
            if (!name) {
                tt_buf_free(&b);
                char tw[256];
                snprintf(tw, sizeof tw, "%s.tags.tags[%zu]", w, i);
                mj_fail(c, tw, "name", "expected a string");
                goto out;
            }
            if (b.len)
                tt_buf_putc(&b, ' ');
            for (; *name; name++)
                tt_buf_putc(&b, *name == ' ' ? '_' : *name);
        }
        tk->tags = tt_buf_steal(&b);
    }
    if (stats) {
        snprintf(sw, sizeof sw, "%s.statistics", w);
        int64_t last_close = 0;
        if (mj_time_unix(c, stats, sw, "first_admin_reply_at", false, &tk->first_response_at) < 0 ||
            mj_time_unix(c, stats, sw, "last_close_at", false, &last_close) < 0)
            goto out;
        if (tk->status == TT_STATUS_SOLVED)
            tk->resolved_at = last_close;
    }
    if (tk->status == TT_STATUS_SOLVED && !tk->resolved_at)
        tk->resolved_at = tk->updated_at;
    rc = 0;
out:
    free(state);
    free(prio);
    free(html);
    free(subject);
    return rc;
}

struct search_ud {
    const struct tt_map_opts *opts;
    struct tt_pull_page *page;
    int64_t *max_updated;
};

static int search_item(struct mj *c, json_t *v, const char *w, void *ud)
{
    struct search_ud *u = ud;
    struct tt_pull_ticket *t = mj_page_add_ticket(u->page);
    if (map_conversation(c, v, w, u->opts, t) < 0) {
        mj_page_drop_last_ticket(u->page);
        return -1;
    }
    if (u->max_updated && t->ticket.updated_at > *u->max_updated)
        *u->max_updated = t->ticket.updated_at;
    return 0;
}

int tt_ic_map_search(const char *body, size_t len, const char *url, const struct tt_map_opts *o,
                     struct tt_pull_page *page, char **next_after, int64_t *max_updated,
                     size_t *count, struct tt_err *err)
{
    struct mj c = {PROVIDER, url, err};
    json_t *root;
    *next_after = NULL;
    if (root_object(&c, body, len, &root) < 0)
        return -1;
    struct search_ud u = {o, page, max_updated};
    int rc = each_object(&c, root, "conversations", search_item, &u, count);
    if (rc == 0)
        rc = next_cursor(&c, root, next_after);
    json_decref(root);
    return rc;
}

static int map_part(struct mj *c, json_t *p, const char *w, struct tt_pull_ticket *t)
{
    char *type = NULL, *html = NULL, *atype = NULL, *id = NULL;
    json_t *author = NULL, *assigned = NULL;
    int64_t at = 0;
    int rc = -1;
    char aw[256];
    snprintf(aw, sizeof aw, "%s.author", w);
    if (!json_is_object(p)) {
        mj_fail(c, w, NULL, "expected an object, got %s", mj_type_name(p));
        goto out;
    }
    if (mj_id(c, p, w, "id", true, &id) < 0 || mj_str(c, p, w, "part_type", true, &type) < 0 ||
        mj_str(c, p, w, "body", false, &html) < 0 ||
        mj_time_unix(c, p, w, "created_at", true, &at) < 0 ||
        mj_object(c, p, w, "author", &author) < 0 ||
        mj_object(c, p, w, "assigned_to", &assigned) < 0 ||
        (author && mj_str(c, author, aw, "type", false, &atype) < 0))
        goto out;
    enum tt_event_type et;
    const char *newv = NULL;
    bool pub = true;
    if (!strcmp(type, "comment") || !strcmp(type, "quick_reply")) {
        et = TT_EV_COMMENT;
    } else if (!strcmp(type, "note")) {
        et = TT_EV_COMMENT;
        pub = false;
    } else if (!strcmp(type, "close")) {
        et = TT_EV_STATUS, newv = "solved";
    } else if (!strcmp(type, "open")) {
        et = TT_EV_STATUS, newv = "open";
    } else if (!strcmp(type, "snoozed")) {
        et = TT_EV_STATUS, newv = "pending";
    } else if (strstr(type, "assignment")) {
        et = TT_EV_ASSIGNEE;
    } else {
        rc = 0; /* attribute updates, custom actions, ... are not shown */
        goto out;
    }
    struct tt_event *e = mj_ticket_add_event(t);
    e->external_id = id;
    id = NULL;
    e->at = at;
    e->type = et;
    e->author_role = tt_ic_author_role(atype);
    if (author)
        mj_str(c, author, aw, "name", false, &e->author);
    e->public = pub;
    char *text = tt_html_to_text(html);
    if (et == TT_EV_COMMENT) {
        e->body = text;
    } else {
        if (text && *text) /* a close or assignment may carry a message */
            e->body = text;
        else
            free(text);
        if (newv)
            e->new_value = xstrdup(newv);
        else if (assigned)
            e->new_value = mj_scalar_text(json_object_get(assigned, "id"));
    }
    rc = 0;
out:
    free(type);
    free(html);
    free(atype);
    free(id);
    return rc;
}

int tt_ic_map_conversation(const char *body, size_t len, const char *url,
                           const struct tt_map_opts *o, struct tt_pull_ticket *t,
                           struct tt_err *err)
{
    struct mj c = {PROVIDER, url, err};
    json_t *root;
    if (root_object(&c, body, len, &root) < 0)
        return -1;
    struct tt_pull_ticket tmp = {0};
    int rc = map_conversation(&c, root, "", o, &tmp);
    json_t *parts = NULL, *list = NULL;
    if (rc == 0 && (rc = mj_object(&c, root, "", "conversation_parts", &parts)) == 0 && parts)
        rc = mj_array(&c, parts, "conversation_parts", "conversation_parts", &list);
    size_t i;
    json_t *v;
    if (rc == 0 && list)
        json_array_foreach(list, i, v)
        {
            char w[48];
            snprintf(w, sizeof w, "conversation_parts[%zu]", i);
            if ((rc = map_part(&c, v, w, &tmp)) < 0)
                break;
        }
    json_decref(root);
    if (rc < 0) {
        tt_pull_ticket_clear(&tmp);
        return -1;
    }
    tmp.events_complete = true;
    tt_pull_ticket_clear(t);
    *t = tmp;
    return 0;
}

static int contact_item(struct mj *c, json_t *v, const char *w, void *ud)
{
    char cw[96];
    snprintf(cw, sizeof cw, "%s.companies", w);
    struct tt_contact tmp = {0};
    json_t *companies = NULL, *clist = NULL;
    char *org = NULL;
    if (mj_id(c, v, w, "id", true, &tmp.external_id) < 0 ||
        mj_str(c, v, w, "name", false, &tmp.name) < 0 ||
        mj_str(c, v, w, "email", false, &tmp.email) < 0 ||
        mj_object(c, v, w, "companies", &companies) < 0 ||
        (companies && mj_array(c, companies, cw, "data", &clist) < 0)) {
        tt_contact_clear(&tmp);
        return -1;
    }
    json_t *c0 = json_array_get(clist, 0);
    if (c0 && mj_id(c, c0, cw, "data[0].id", false, &org) < 0) {
        tt_contact_clear(&tmp);
        return -1;
    }
    if (c0 && !org)
        mj_id(c, c0, cw, "id", false, &org);
    *mj_page_add_contact(ud, org) = tmp;
    return 0;
}

int tt_ic_map_contacts(const char *body, size_t len, const char *url, struct tt_pull_page *page,
                       char **next_after, size_t *count, struct tt_err *err)
{
    struct mj c = {PROVIDER, url, err};
    json_t *root;
    *next_after = NULL;
    if (root_object(&c, body, len, &root) < 0)
        return -1;
    int rc = each_object(&c, root, "data", contact_item, page, count);
    if (rc == 0)
        rc = next_cursor(&c, root, next_after);
    json_decref(root);
    return rc;
}

struct companies_ud {
    const struct tt_map_opts *opts;
    struct tt_pull_page *page;
};

static int company_item(struct mj *c, json_t *v, const char *w, void *ud)
{
    struct companies_ud *u = ud;
    const struct tt_map_opts *o = u->opts;
    int rc = 0;
    struct tt_customer *cu = mj_page_add_customer(u->page);
    json_t *custom = NULL, *plan = NULL;
    /* Unconfigured: custom attributes plan / mrr, else Intercom's own
     * plan.name and monthly_spend. */
    const char *pf = o && o->plan_field ? o->plan_field : NULL;
    const char *mf = o && o->mrr_field ? o->mrr_field : "monthly_spend";
    if (!pf && mj_get(mj_get(v, "custom_attributes"), "plan"))
        pf = "plan";
    if (!(o && o->mrr_field) && mj_get(mj_get(v, "custom_attributes"), "mrr"))
        mf = "mrr";
    const char *cf = o && o->csm_field ? o->csm_field : "csm";
    if (mj_id(c, v, w, "id", true, &cu->external_id) < 0 ||
        mj_str(c, v, w, "name", false, &cu->name) < 0 ||
        mj_time_unix(c, v, w, "created_at", false, &cu->created_at) < 0 ||
        mj_object(c, v, w, "custom_attributes", &custom) < 0) {
        rc = -1;
    } else if (pf) {
        json_t *pv = mj_field(v, custom, pf);
        if (pv && !(cu->plan = mj_scalar_text(pv)))
            rc = mj_fail(c, w, pf, "plan field: expected text, got %s", mj_type_name(pv));
    } else if (mj_object(c, v, w, "plan", &plan) < 0) {
        rc = -1;
    } else if (plan && mj_str(c, plan, "plan", "name", false, &cu->plan) < 0) {
        rc = -1;
    }
    if (rc == 0) {
        json_t *mv = mj_field(v, custom, mf);
        if (mv) {
            double d = json_is_number(mv) ? json_number_value(mv) : -1;
            if (json_is_string(mv)) {
                char *end;
                d = strtod(json_string_value(mv), &end);
                if (end == json_string_value(mv) || *end)
                    d = -1;
            }
            if (d < 0)
                rc = mj_fail(c, w, mf, "MRR field: expected a non-negative number");
            else
                cu->mrr = d;
        }
        json_t *csm = mj_field(v, custom, cf);
        if (rc == 0 && csm && !(cu->csm = mj_scalar_text(csm)))
            rc = mj_fail(c, w, cf, "CSM field: expected text, got %s", mj_type_name(csm));
        char *web = NULL;
        if (rc == 0 && mj_str(c, v, w, "website", false, &web) < 0)
            rc = -1;
        if (web) {
            const char *h = strstr(web, "://");
            h = h ? h + 3 : web;
            cu->domain = xstrndup(h, strcspn(h, "/:"));
            free(web);
        }
    }
    if (cu->plan)
        for (char *s = cu->plan; *s; s++)
            if (*s >= 'A' && *s <= 'Z')
                *s = (char)(*s - 'A' + 'a');
    if (rc < 0) {
        tt_customer_clear(cu);
        u->page->n_customers--;
    }
    return rc;
}

int tt_ic_map_companies(const char *body, size_t len, const char *url, const struct tt_map_opts *o,
                        struct tt_pull_page *page, bool *more, size_t *count, struct tt_err *err)
{
    struct mj c = {PROVIDER, url, err};
    json_t *root;
    *more = false;
    if (root_object(&c, body, len, &root) < 0)
        return -1;
    struct companies_ud u = {o, page};
    int rc = each_object(&c, root, "data", company_item, &u, count);
    json_t *pages = mj_get(root, "pages");
    if (rc == 0 && json_is_object(pages)) {
        int64_t pg = 0, total = 0;
        json_t *pp = json_object_get(pages, "page"), *tp = json_object_get(pages, "total_pages");
        if (json_is_integer(pp) && json_is_integer(tp)) {
            pg = json_integer_value(pp);
            total = json_integer_value(tp);
            *more = pg < total;
        }
        if (mj_get(pages, "next"))
            *more = true;
    }
    json_decref(root);
    return rc;
}

struct people_ud {
    struct tt_pull_page *page;
    bool team;
};

static int person_item(struct mj *c, json_t *v, const char *w, void *ud)
{
    struct people_ud *u = ud;
    char *id = NULL, *name = NULL, *email = NULL;
    if (mj_id(c, v, w, "id", true, &id) < 0 || mj_str(c, v, w, "name", false, &name) < 0 ||
        (!u->team && mj_str(c, v, w, "email", false, &email) < 0)) {
        free(id), free(name), free(email);
        return -1;
    }
    if (u->team) {
        struct tt_pull_group *g = mj_page_add_group(u->page);
        g->external_id = id, g->name = name;
    } else {
        struct tt_pull_agent *a = mj_page_add_agent(u->page);
        a->external_id = id, a->name = name, a->email = email;
        json_t *teams = json_object_get(v, "team_ids");
        json_t *t0 = json_array_get(teams, 0);
        if (t0)
            a->group_ext = mj_scalar_text(t0);
    }
    return 0;
}

static int map_people(const char *body, size_t len, const char *url, const char *key,
                      struct tt_pull_page *page, bool team, size_t *count, struct tt_err *err)
{
    struct mj c = {PROVIDER, url, err};
    json_t *root;
    if (root_object(&c, body, len, &root) < 0)
        return -1;
    struct people_ud u = {page, team};
    int rc = each_object(&c, root, key, person_item, &u, count);
    json_decref(root);
    return rc;
}

int tt_ic_map_admins(const char *body, size_t len, const char *url, struct tt_pull_page *page,
                     size_t *count, struct tt_err *err)
{
    return map_people(body, len, url, "admins", page, false, count, err);
}

int tt_ic_map_teams(const char *body, size_t len, const char *url, struct tt_pull_page *page,
                    size_t *count, struct tt_err *err)
{
    return map_people(body, len, url, "teams", page, true, count, err);
}

struct deleted_ud {
    struct tt_pull_page *page;
    int64_t *oldest;
};

static int deleted_item(struct mj *c, json_t *v, const char *w, void *ud)
{
    struct deleted_ud *u = ud;
    char *id = NULL;
    int64_t at = 0;
    if (mj_id(c, v, w, "id", true, &id) < 0 ||
        mj_time_unix(c, v, w, "deleted_at", false, &at) < 0) {
        free(id);
        return -1;
    }
    mj_page_add_deleted(u->page, id);
    if (u->oldest && at && (!*u->oldest || at < *u->oldest))
        *u->oldest = at;
    return 0;
}

int tt_ic_map_deleted(const char *body, size_t len, const char *url, int page_no,
                      struct tt_pull_page *page, bool *more, int64_t *oldest, size_t *count,
                      struct tt_err *err)
{
    struct mj c = {PROVIDER, url, err};
    json_t *root;
    *more = false;
    if (root_object(&c, body, len, &root) < 0)
        return -1;
    struct deleted_ud u = {page, oldest};
    int rc = each_object(&c, root, "conversations", deleted_item, &u, count);
    /* More only when the server really served the page asked for (a static
     * mock answering page 1 to every request would otherwise loop). */
    json_t *pages = mj_get(root, "pages");
    json_t *pg = mj_get(pages, "page");
    if (rc == 0 && mj_get(pages, "next") &&
        (!pg || (json_is_integer(pg) && json_integer_value(pg) == page_no)))
        *more = true;
    json_decref(root);
    return rc;
}

int tt_ic_map_remote(const char *body, size_t len, const char *url, const char *key,
                     const char *text, struct tt_remote_ticket *out, struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    struct tt_pull_ticket t = {0};
    if (tt_ic_map_conversation(body, len, url, NULL, &t, err) < 0)
        return -1;
    out->updated_at = t.ticket.updated_at;
    out->status = t.ticket.status;
    out->assignee_ext = t.assignee_ext;
    t.assignee_ext = NULL;
    for (size_t i = 0; i < t.n_events; i++) {
        struct tt_event *e = &t.events[i];
        if (e->type != TT_EV_COMMENT)
            continue;
        out->n_comments++;
        if (e->body && tt_text_same(e->body, text))
            out->has_idempotency_key = true;
    }
    tt_pull_ticket_clear(&t);
    /* The key travels in the HTML (a comment the text form drops). */
    if (key && *key) {
        json_t *root = json_loadb(body, len, 0, NULL);
        json_t *parts =
            json_object_get(json_object_get(root, "conversation_parts"), "conversation_parts");
        size_t i;
        json_t *v;
        json_array_foreach(parts, i, v)
        {
            const char *b = json_string_value(json_object_get(v, "body"));
            if (b && strstr(b, key))
                out->has_idempotency_key = true;
        }
        json_decref(root);
    }
    return 0;
}
