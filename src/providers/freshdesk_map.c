/*
 * freshdesk_map.c: Freshdesk API v2 JSON -> common model (pure; see provmap.h).
 *
 * Freshdesk sends integer codes (status 2..5 plus account-defined >= 6,
 * priority 1..4, source channel codes), ISO 8601 UTC times and numeric ids.
 * A ticket's first message is its description (description_text with
 * include=description or on older accounts); the conversation list holds
 * replies (incoming=true: from the requester) and notes (private=true).
 */
#include <stdlib.h>
#include <string.h>

#include "provjson.h"
#include "ticketty/provmap.h"
#include "ticketty/util.h"

#define PROVIDER "freshdesk"

static const char *const fd_status_names[] = {NULL, NULL, "open", "pending", "resolved", "closed"};

enum tt_status tt_fd_status_to_common(int64_t code, const struct tt_map_opts *o, char **raw_out)
{
    static const enum tt_status base[] = {TT_STATUS_OPEN,    TT_STATUS_OPEN,   TT_STATUS_OPEN,
                                          TT_STATUS_PENDING, TT_STATUS_SOLVED, TT_STATUS_CLOSED};
    if (code >= 2 && code <= 5) {
        if (raw_out)
            *raw_out = xstrdup(fd_status_names[code]);
        return base[code];
    }
    if (raw_out)
        *raw_out = xasprintf("status %lld", (long long)code);
    /* Account-defined: look "N=name" up in the configured list. */
    const char *m = o ? o->custom_status : NULL;
    while (m && *m) {
        char *end;
        long long n = strtoll(m, &end, 10);
        const char *comma = strchr(m, ',');
        size_t len = comma ? (size_t)(comma - m) : strlen(m);
        if (end > m && *end == '=' && n == code) {
            char *name = xstrndup(end + 1, len - (size_t)(end + 1 - m));
            int s = tt_status_from_name(name);
            free(name);
            if (s >= 0)
                return (enum tt_status)s;
        }
        m = comma ? comma + 1 : NULL;
    }
    return TT_STATUS_ON_HOLD;
}

int tt_fd_status_from_common(enum tt_status s, const struct tt_map_opts *o)
{
    switch (s) {
    case TT_STATUS_NEW:
    case TT_STATUS_OPEN:
        return 2;
    case TT_STATUS_PENDING:
        return 3;
    case TT_STATUS_SOLVED:
        return 4;
    case TT_STATUS_CLOSED:
        return 5;
    case TT_STATUS_ON_HOLD:
    default:
        break;
    }
    /* on_hold: the first custom status configured as on_hold, else pending. */
    const char *m = o ? o->custom_status : NULL;
    while (m && *m) {
        char *end;
        long long n = strtoll(m, &end, 10);
        if (end > m && *end == '=' && n >= 6 && tt_has_prefix(end + 1, "on_hold") &&
            (end[8] == ',' || end[8] == '\0'))
            return (int)n;
        m = strchr(m, ',');
        m = m ? m + 1 : NULL;
    }
    return 3;
}

enum tt_priority tt_fd_priority_to_common(int64_t code)
{
    switch (code) {
    case 1:
        return TT_PRIORITY_LOW;
    case 3:
        return TT_PRIORITY_HIGH;
    case 4:
        return TT_PRIORITY_URGENT;
    default:
        return TT_PRIORITY_NORMAL;
    }
}

int tt_fd_priority_from_common(enum tt_priority p)
{
    switch (p) {
    case TT_PRIORITY_LOW:
        return 1;
    case TT_PRIORITY_HIGH:
        return 3;
    case TT_PRIORITY_URGENT:
        return 4;
    default:
        return 2;
    }
}

static const char *fd_channel(int64_t source)
{
    switch (source) {
    case 1:
    case 10:
        return "email";
    case 2:
    case 9:
        return "web";
    case 3:
        return "phone";
    case 7:
        return "chat";
    default:
        return "other";
    }
}

static json_t *parse_array(struct mj *c, const char *body, size_t len)
{
    json_t *root = mj_parse(c, body, len);
    if (root && !json_is_array(root)) {
        mj_fail(c, "", "(document)", "expected an array, got %s", mj_type_name(root));
        json_decref(root);
        return NULL;
    }
    return root;
}

static int check_object(struct mj *c, json_t *v, const char *where)
{
    if (!json_is_object(v))
        return mj_fail(c, where, NULL, "expected an object, got %s", mj_type_name(v));
    return 0;
}

/* What the mappers below do with one element of a list: v is an object and
 * w its place in the document ("[3]"). */
typedef int (*item_fn)(struct mj *c, json_t *v, const char *w, void *ud);

/* Every list response the same way: the body is an array (or, with wrap_key,
 * may be an object holding it under that key), each element must be an
 * object, fn maps it; the first failure stops the walk.  *count (optional)
 * is the number of elements in the document, to decide about a next page. */
static int each_object(struct mj *c, const char *body, size_t len, const char *wrap_key, item_fn fn,
                       void *ud, size_t *count)
{
    json_t *root = mj_parse(c, body, len);
    if (!root)
        return -1;
    json_t *arr = root;
    if (wrap_key && json_is_object(root) && json_is_array(json_object_get(root, wrap_key)))
        arr = json_object_get(root, wrap_key);
    if (!json_is_array(arr)) {
        mj_fail(c, "", "(document)", "expected an array, got %s", mj_type_name(root));
        json_decref(root);
        return -1;
    }
    size_t i;
    json_t *v;
    int rc = 0;
    json_array_foreach(arr, i, v)
    {
        char w[48];
        snprintf(w, sizeof w, "[%zu]", i);
        if (check_object(c, v, w) < 0 || fn(c, v, w, ud) < 0) {
            rc = -1;
            break;
        }
    }
    if (count)
        *count = json_array_size(arr);
    json_decref(root);
    return rc;
}

/* Tags array -> space-separated string (tags with spaces get '_'). */
static int join_tags(struct mj *c, json_t *obj, const char *where, char **out)
{
    *out = NULL;
    json_t *tags;
    if (mj_array(c, obj, where, "tags", &tags) < 0)
        return -1;
    if (!tags)
        return 0;
    struct tt_buf b = {0};
    size_t i;
    json_t *v;
    json_array_foreach(tags, i, v)
    {
        if (!json_is_string(v)) {
            tt_buf_free(&b);
            char w[256];
            snprintf(w, sizeof w, "%s.tags[%zu]", where, i);
            return mj_fail(c, w, NULL, "expected a string, got %s", mj_type_name(v));
        }
        if (b.len)
            tt_buf_putc(&b, ' ');
        for (const char *s = json_string_value(v); *s; s++)
            tt_buf_putc(&b, (*s == ' ' || *s == '\t' || *s == '\n') ? '_' : *s);
    }
    *out = tt_buf_steal(&b);
    return 0;
}

/* One ticket object (each_object checked it is one) -> t, and its embedded
 * requester -> page contacts. */
static int map_ticket(struct mj *c, json_t *o, const char *w, const struct tt_map_opts *opts,
                      struct tt_pull_page *page, struct tt_pull_ticket *t)
{
    struct tt_ticket *tk = &t->ticket;
    int64_t status = 2, priority = 2, source = 0;
    bool has;
    char *desc_html = NULL;
    if (mj_id(c, o, w, "id", true, &tk->external_id) < 0 ||
        mj_str(c, o, w, "subject", false, &tk->subject) < 0 ||
        mj_int(c, o, w, "status", true, &status, NULL) < 0 ||
        mj_int(c, o, w, "priority", false, &priority, &has) < 0 ||
        mj_int(c, o, w, "source", false, &source, NULL) < 0 ||
        mj_str(c, o, w, "type", false, &tk->category) < 0 ||
        mj_str(c, o, w, "description_text", false, &tk->description) < 0 ||
        mj_str(c, o, w, "description", false, &desc_html) < 0 ||
        mj_time_iso(c, o, w, "created_at", true, &tk->created_at) < 0 ||
        mj_time_iso(c, o, w, "updated_at", true, &tk->updated_at) < 0 ||
        mj_id(c, o, w, "requester_id", false, &t->requester_ext) < 0 ||
        mj_id(c, o, w, "company_id", false, &t->organization_ext) < 0 ||
        mj_id(c, o, w, "responder_id", false, &t->assignee_ext) < 0 ||
        mj_id(c, o, w, "group_id", false, &t->group_ext) < 0 || join_tags(c, o, w, &tk->tags) < 0)
        goto fail;
    if (!tk->description && desc_html)
        tk->description = tt_html_to_text(desc_html);
    free(desc_html);
    desc_html = NULL;
    tk->status = tt_fd_status_to_common(status, opts, &tk->raw_status);
    tk->priority = tt_fd_priority_to_common(priority);
    tk->channel = xstrdup(fd_channel(source));
    bool spam = false, deleted = false;
    if (mj_bool(c, o, w, "spam", &spam) < 0 || mj_bool(c, o, w, "deleted", &deleted) < 0)
        goto fail;
    tk->deleted = spam || deleted;

    json_t *stats;
    char sw[256];
    snprintf(sw, sizeof sw, "%s.stats", w);
    int64_t closed_at = 0;
    if (mj_object(c, o, w, "stats", &stats) < 0)
        goto fail;
    if (stats &&
        (mj_time_iso(c, stats, sw, "first_responded_at", false, &tk->first_response_at) < 0 ||
         mj_time_iso(c, stats, sw, "resolved_at", false, &tk->resolved_at) < 0 ||
         mj_time_iso(c, stats, sw, "closed_at", false, &closed_at) < 0))
        goto fail;
    if (!tk->resolved_at && closed_at)
        tk->resolved_at = closed_at;
    if (!tt_status_is_open(tk->status) && !tk->resolved_at)
        tk->resolved_at = tk->updated_at;
    if (tt_status_is_open(tk->status))
        tk->resolved_at = 0;

    json_t *req;
    snprintf(sw, sizeof sw, "%s.requester", w);
    if (mj_object(c, o, w, "requester", &req) < 0)
        goto fail;
    if (req) {
        struct tt_contact tmp = {0};
        if (mj_id(c, req, sw, "id", true, &tmp.external_id) < 0 ||
            mj_str(c, req, sw, "name", false, &tmp.name) < 0 ||
            mj_str(c, req, sw, "email", false, &tmp.email) < 0) {
            tt_contact_clear(&tmp);
            goto fail;
        }
        tk->requester_email = xstrdup(tmp.email);
        tk->requester = xstrdup(tmp.name);
        if (!t->requester_ext)
            t->requester_ext = xstrdup(tmp.external_id);
        bool dup = false; /* one requester files many tickets: once per page */
        for (size_t i = 0; i < page->n_contacts && !dup; i++)
            dup = tt_streq(page->contacts[i].external_id, tmp.external_id);
        if (dup) {
            tt_contact_clear(&tmp);
        } else {
            struct tt_contact *ct = mj_page_add_contact(page, xstrdup(t->organization_ext));
            *ct = tmp;
        }
    }
    /* The description is the first public message, from the requester. */
    if (tk->description && *tk->description) {
        struct tt_event *e = mj_ticket_add_event(t);
        e->external_id = xasprintf("description-%s", tk->external_id);
        e->at = tk->created_at;
        e->type = TT_EV_COMMENT;
        e->author_role = TT_AUTHOR_END_USER;
        e->author = xstrdup(tk->requester);
        e->public = true;
        e->body = xstrdup(tk->description);
    }
    return 0;
fail:
    free(desc_html);
    return -1;
}

struct tickets_ud {
    const struct tt_map_opts *opts;
    struct tt_pull_page *page;
    int64_t *max_updated;
};

static int ticket_item(struct mj *c, json_t *v, const char *w, void *ud)
{
    struct tickets_ud *u = ud;
    struct tt_pull_page *page = u->page;
    size_t n_contacts = page->n_contacts;
    struct tt_pull_ticket *t = mj_page_add_ticket(page);
    if (map_ticket(c, v, w, u->opts, page, t) < 0) {
        mj_page_drop_last_ticket(page);
        while (page->n_contacts > n_contacts) {
            tt_contact_clear(&page->contacts[--page->n_contacts]);
            free(page->contact_org_ext[page->n_contacts]);
        }
        return -1;
    }
    if (u->max_updated && t->ticket.updated_at > *u->max_updated)
        *u->max_updated = t->ticket.updated_at;
    return 0;
}

int tt_fd_map_tickets(const char *body, size_t len, const char *url, const struct tt_map_opts *o,
                      struct tt_pull_page *page, int64_t *max_updated, size_t *count,
                      struct tt_err *err)
{
    struct mj c = {PROVIDER, url, err};
    struct tickets_ud u = {o, page, max_updated};
    return each_object(&c, body, len, NULL, ticket_item, &u, count);
}

static int conversation_item(struct mj *c, json_t *v, const char *w, void *ud)
{
    struct tt_pull_ticket *t = ud;
    struct tt_event tmp = {0};
    bool incoming = false, priv = false;
    char *html = NULL, *user = NULL;
    if (mj_id(c, v, w, "id", true, &tmp.external_id) < 0 ||
        mj_bool(c, v, w, "incoming", &incoming) < 0 || mj_bool(c, v, w, "private", &priv) < 0 ||
        mj_str(c, v, w, "body_text", false, &tmp.body) < 0 ||
        mj_str(c, v, w, "body", false, &html) < 0 || mj_id(c, v, w, "user_id", false, &user) < 0 ||
        mj_str(c, v, w, "from_email", false, &tmp.author) < 0 ||
        mj_time_iso(c, v, w, "created_at", true, &tmp.at) < 0) {
        free(html);
        free(user);
        tt_event_clear(&tmp);
        return -1;
    }
    if (!tmp.body)
        tmp.body = tt_html_to_text(html ? html : "");
    free(html);
    tmp.type = TT_EV_COMMENT;
    tmp.public = !priv;
    /* Incoming messages come from the requester; a message by the
     * requester's own user id is theirs too (portal replies). */
    bool by_requester =
        incoming || (user && t->requester_ext && strcmp(user, t->requester_ext) == 0);
    tmp.author_role = by_requester ? TT_AUTHOR_END_USER : TT_AUTHOR_AGENT;
    if (!tmp.author)
        tmp.author = by_requester && t->ticket.requester
                         ? xstrdup(t->ticket.requester)
                         : (user ? xasprintf("user %s", user) : NULL);
    free(user);
    *mj_ticket_add_event(t) = tmp;
    return 0;
}

int tt_fd_map_conversations(const char *body, size_t len, const char *url, struct tt_pull_ticket *t,
                            size_t *count, struct tt_err *err)
{
    struct mj c = {PROVIDER, url, err};
    size_t before = t->n_events;
    int rc = each_object(&c, body, len, NULL, conversation_item, t, count);
    if (rc < 0) /* all or nothing: a page of the conversation never half-lands */
        while (t->n_events > before)
            tt_event_clear(&t->events[--t->n_events]);
    return rc;
}

static int contact_item(struct mj *c, json_t *v, const char *w, void *ud)
{
    struct tt_contact tmp = {0};
    char *org = NULL;
    if (mj_id(c, v, w, "id", true, &tmp.external_id) < 0 ||
        mj_str(c, v, w, "name", false, &tmp.name) < 0 ||
        mj_str(c, v, w, "email", false, &tmp.email) < 0 ||
        mj_id(c, v, w, "company_id", false, &org) < 0) {
        tt_contact_clear(&tmp);
        free(org);
        return -1;
    }
    *mj_page_add_contact(ud, org) = tmp;
    return 0;
}

int tt_fd_map_contacts(const char *body, size_t len, const char *url, struct tt_pull_page *page,
                       size_t *count, struct tt_err *err)
{
    struct mj c = {PROVIDER, url, err};
    return each_object(&c, body, len, NULL, contact_item, page, count);
}

/* plan / MRR / CSM from configured fields. */
static int customer_fields(struct mj *c, json_t *o, json_t *custom, const char *w,
                           const struct tt_map_opts *opts, const char *def_plan,
                           const char *def_mrr, struct tt_customer *cu)
{
    /* Unconfigured: a field named plan, else the provider's own (account_tier). */
    const char *pf = opts && opts->plan_field ? opts->plan_field : "plan";
    const char *mf = opts && opts->mrr_field ? opts->mrr_field : def_mrr;
    const char *cf = opts && opts->csm_field ? opts->csm_field : "csm";
    json_t *v = mj_field(o, custom, pf);
    if (!v && !(opts && opts->plan_field) && def_plan) {
        pf = def_plan;
        v = mj_field(o, custom, pf);
    }
    if (v) {
        cu->plan = mj_scalar_text(v);
        if (!cu->plan)
            return mj_fail(c, w, pf, "plan field: expected text, got %s", mj_type_name(v));
        for (char *s = cu->plan; *s; s++)
            if (*s >= 'A' && *s <= 'Z')
                *s = (char)(*s - 'A' + 'a');
    }
    v = mj_field(o, custom, mf);
    if (v) {
        json_t *wrap = json_object();
        json_object_set(wrap, "v", v);
        double d = 0;
        bool has;
        int r = mj_num(c, wrap, w, "v", &d, &has);
        json_decref(wrap);
        if (r < 0)
            return mj_fail(c, w, mf, "MRR field: expected a number, got %s", mj_type_name(v));
        if (d < 0)
            return mj_fail(c, w, mf, "MRR field: negative value %g", d);
        cu->mrr = d;
    }
    v = mj_field(o, custom, cf);
    if (v) {
        cu->csm = mj_scalar_text(v);
        if (!cu->csm)
            return mj_fail(c, w, cf, "CSM field: expected text, got %s", mj_type_name(v));
    }
    return 0;
}

struct companies_ud {
    const struct tt_map_opts *opts;
    struct tt_pull_page *page;
};

static int company_item(struct mj *c, json_t *v, const char *w, void *ud)
{
    struct companies_ud *u = ud;
    struct tt_customer *cu = mj_page_add_customer(u->page);
    json_t *custom = NULL, *domains = NULL;
    if (mj_id(c, v, w, "id", true, &cu->external_id) < 0 ||
        mj_str(c, v, w, "name", false, &cu->name) < 0 ||
        mj_time_iso(c, v, w, "created_at", false, &cu->created_at) < 0 ||
        mj_object(c, v, w, "custom_fields", &custom) < 0 ||
        mj_array(c, v, w, "domains", &domains) < 0 ||
        customer_fields(c, v, custom, w, u->opts, "account_tier", "mrr", cu) < 0) {
        tt_customer_clear(cu);
        u->page->n_customers--;
        return -1;
    }
    json_t *d0 = json_array_get(domains, 0);
    if (json_is_string(d0))
        cu->domain = xstrdup(json_string_value(d0));
    return 0;
}

int tt_fd_map_companies(const char *body, size_t len, const char *url, const struct tt_map_opts *o,
                        struct tt_pull_page *page, size_t *count, struct tt_err *err)
{
    struct mj c = {PROVIDER, url, err};
    struct companies_ud u = {o, page};
    /* "results": the search/companies shape */
    return each_object(&c, body, len, "results", company_item, &u, count);
}

static int agent_item(struct mj *c, json_t *v, const char *w, void *ud)
{
    struct tt_pull_page *page = ud;
    char cw[64];
    snprintf(cw, sizeof cw, "%s.contact", w);
    struct tt_pull_agent *a = mj_page_add_agent(page);
    json_t *contact = NULL, *groups = NULL;
    if (mj_id(c, v, w, "id", true, &a->external_id) < 0 ||
        mj_object(c, v, w, "contact", &contact) < 0 ||
        mj_array(c, v, w, "group_ids", &groups) < 0 ||
        (contact && (mj_str(c, contact, cw, "name", false, &a->name) < 0 ||
                     mj_str(c, contact, cw, "email", false, &a->email) < 0))) {
        free(a->external_id), free(a->name), free(a->email);
        page->n_agents--;
        return -1;
    }
    json_t *g0 = json_array_get(groups, 0);
    if (g0)
        a->group_ext = mj_scalar_text(g0);
    return 0;
}

int tt_fd_map_agents(const char *body, size_t len, const char *url, struct tt_pull_page *page,
                     size_t *count, struct tt_err *err)
{
    struct mj c = {PROVIDER, url, err};
    return each_object(&c, body, len, NULL, agent_item, page, count);
}

static int group_item(struct mj *c, json_t *v, const char *w, void *ud)
{
    struct tt_pull_page *page = ud;
    struct tt_pull_group *g = mj_page_add_group(page);
    if (mj_id(c, v, w, "id", true, &g->external_id) < 0 ||
        mj_str(c, v, w, "name", false, &g->name) < 0) {
        free(g->external_id), free(g->name);
        page->n_groups--;
        return -1;
    }
    return 0;
}

int tt_fd_map_groups(const char *body, size_t len, const char *url, struct tt_pull_page *page,
                     size_t *count, struct tt_err *err)
{
    struct mj c = {PROVIDER, url, err};
    return each_object(&c, body, len, NULL, group_item, page, count);
}

struct deleted_ud {
    struct tt_pull_page *page;
    int64_t *max_updated;
};

static int deleted_item(struct mj *c, json_t *v, const char *w, void *ud)
{
    struct deleted_ud *u = ud;
    char *id = NULL;
    int64_t upd = 0;
    if (mj_id(c, v, w, "id", true, &id) < 0 ||
        mj_time_iso(c, v, w, "updated_at", false, &upd) < 0) {
        free(id);
        return -1;
    }
    mj_page_add_deleted(u->page, id);
    if (u->max_updated && upd > *u->max_updated)
        *u->max_updated = upd;
    return 0;
}

int tt_fd_map_deleted(const char *body, size_t len, const char *url, struct tt_pull_page *page,
                      int64_t *max_updated, size_t *count, struct tt_err *err)
{
    struct mj c = {PROVIDER, url, err};
    struct deleted_ud u = {page, max_updated};
    return each_object(&c, body, len, NULL, deleted_item, &u, count);
}

int tt_fd_map_remote(const char *body, size_t len, const char *url, const struct tt_map_opts *o,
                     struct tt_remote_ticket *out, struct tt_err *err)
{
    struct mj c = {PROVIDER, url, err};
    memset(out, 0, sizeof *out);
    json_t *root = mj_parse(&c, body, len);
    if (!root)
        return -1;
    int64_t status = 2;
    int rc = 0;
    if (check_object(&c, root, "") < 0 || mj_int(&c, root, "", "status", true, &status, NULL) < 0 ||
        mj_time_iso(&c, root, "", "updated_at", true, &out->updated_at) < 0 ||
        mj_id(&c, root, "", "responder_id", false, &out->assignee_ext) < 0) {
        free(out->assignee_ext);
        out->assignee_ext = NULL;
        rc = -1;
    } else {
        out->status = tt_fd_status_to_common(status, o, NULL);
    }
    json_decref(root);
    return rc;
}

int tt_fd_map_find_key(const char *body, size_t len, const char *url, const char *key,
                       const char *text, int *n_comments, bool *found, struct tt_err *err)
{
    struct mj c = {PROVIDER, url, err};
    json_t *root = parse_array(&c, body, len);
    if (!root)
        return -1;
    size_t i;
    json_t *v;
    json_array_foreach(root, i, v)
    {
        if (!json_is_object(v))
            continue;
        (*n_comments)++;
        const char *b = json_string_value(json_object_get(v, "body"));
        const char *bt = json_string_value(json_object_get(v, "body_text"));
        if (key && *key && ((b && strstr(b, key)) || (bt && strstr(bt, key))))
            *found = true;
        if (text && *text && bt && tt_text_same(bt, text))
            *found = true;
    }
    json_decref(root);
    return 0;
}
