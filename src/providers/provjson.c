/*
 * provjson.c: typed, error-reporting access to provider JSON (see provjson.h),
 * growth of pulled pages, and HTML-to-text for comment bodies.
 */
#include "provjson.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/provmap.h"
#include "ticketty/util.h"

json_t *mj_parse(struct mj *c, const char *body, size_t len)
{
    if (!body || len == 0) {
        tt_errf(c->err, "%s: %s: empty response body (expected JSON)", c->provider, c->url);
        return NULL;
    }
    json_error_t je;
    json_t *root = json_loadb(body, len, JSON_ALLOW_NUL, &je);
    if (!root)
        tt_errf(c->err, "%s: %s: malformed JSON at line %d, column %d: %s", c->provider, c->url,
                je.line, je.column, je.text);
    return root;
}

int mj_fail(struct mj *c, const char *where, const char *key, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return tt_errf(c->err, "%s: %s: %s%s%s: %s", c->provider, c->url, where ? where : "",
                   key && where && *where ? "." : "", key ? key : "", msg);
}

const char *mj_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "?";
}

json_t *mj_get(json_t *obj, const char *key)
{
    if (!json_is_object(obj))
        return NULL;
    json_t *v = json_object_get(obj, key);
    return json_is_null(v) ? NULL : v;
}

static int missing(struct mj *c, const char *where, const char *key)
{
    return mj_fail(c, where, key, "required field is missing");
}

int mj_str(struct mj *c, json_t *obj, const char *where, const char *key, bool required, char **out)
{
    *out = NULL;
    json_t *v = mj_get(obj, key);
    if (!v)
        return required ? missing(c, where, key) : 0;
    if (!json_is_string(v))
        return mj_fail(c, where, key, "expected a string, got %s", mj_type_name(v));
    *out = xstrndup(json_string_value(v), json_string_length(v));
    return 0;
}

int mj_id(struct mj *c, json_t *obj, const char *where, const char *key, bool required, char **out)
{
    *out = NULL;
    json_t *v = mj_get(obj, key);
    if (!v)
        return required ? missing(c, where, key) : 0;
    if (json_is_integer(v)) {
        *out = xasprintf("%lld", (long long)json_integer_value(v));
        return 0;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (!*s || strlen(s) != json_string_length(v) || strlen(s) > 200)
            return mj_fail(c, where, key, "invalid id");
        for (const char *p = s; *p; p++)
            if ((unsigned char)*p < 0x21 || *p == '/' || *p == '?' || *p == '#' || *p == '%')
                return mj_fail(c, where, key, "invalid character in id");
        *out = xstrdup(s);
        return 0;
    }
    return mj_fail(c, where, key, "expected an id (string or integer), got %s", mj_type_name(v));
}

int mj_int(struct mj *c, json_t *obj, const char *where, const char *key, bool required,
           int64_t *out, bool *present)
{
    if (present)
        *present = false;
    json_t *v = mj_get(obj, key);
    if (!v)
        return required ? missing(c, where, key) : 0;
    if (!json_is_integer(v))
        return mj_fail(c, where, key, "expected an integer, got %s", mj_type_name(v));
    *out = json_integer_value(v);
    if (present)
        *present = true;
    return 0;
}

int mj_bool(struct mj *c, json_t *obj, const char *where, const char *key, bool *out)
{
    json_t *v = mj_get(obj, key);
    if (!v)
        return 0;
    if (!json_is_boolean(v))
        return mj_fail(c, where, key, "expected a boolean, got %s", mj_type_name(v));
    *out = json_is_true(v);
    return 0;
}

int mj_num(struct mj *c, json_t *obj, const char *where, const char *key, double *out,
           bool *present)
{
    *present = false;
    json_t *v = mj_get(obj, key);
    if (!v)
        return 0;
    if (json_is_number(v)) {
        *out = json_number_value(v);
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        char *end;
        while (*s == ' ' || *s == '$')
            s++;
        double d = strtod(s, &end);
        if (end == s || *end)
            return mj_fail(c, where, key, "expected a number, got \"%.40s\"", json_string_value(v));
        *out = d;
    } else {
        return mj_fail(c, where, key, "expected a number, got %s", mj_type_name(v));
    }
    *present = true;
    return 0;
}

int mj_time_iso(struct mj *c, json_t *obj, const char *where, const char *key, bool required,
                int64_t *out)
{
    *out = 0;
    json_t *v = mj_get(obj, key);
    if (!v)
        return required ? missing(c, where, key) : 0;
    if (!json_is_string(v))
        return mj_fail(c, where, key, "expected an ISO 8601 time, got %s", mj_type_name(v));
    struct tt_err e;
    if (tt_time_parse(json_string_value(v), out, &e) < 0)
        return mj_fail(c, where, key, "%s", e.msg);
    return 0;
}

int mj_time_unix(struct mj *c, json_t *obj, const char *where, const char *key, bool required,
                 int64_t *out)
{
    *out = 0;
    json_t *v = mj_get(obj, key);
    if (!v)
        return required ? missing(c, where, key) : 0;
    if (!json_is_integer(v))
        return mj_fail(c, where, key, "expected a unix time (integer), got %s", mj_type_name(v));
    *out = json_integer_value(v);
    if (*out < 0)
        return mj_fail(c, where, key, "negative time");
    return 0;
}

int mj_array(struct mj *c, json_t *obj, const char *where, const char *key, json_t **out)
{
    *out = NULL;
    json_t *v = mj_get(obj, key);
    if (!v)
        return 0;
    if (!json_is_array(v))
        return mj_fail(c, where, key, "expected an array, got %s", mj_type_name(v));
    *out = v;
    return 0;
}

int mj_object(struct mj *c, json_t *obj, const char *where, const char *key, json_t **out)
{
    *out = NULL;
    json_t *v = mj_get(obj, key);
    if (!v)
        return 0;
    if (!json_is_object(v))
        return mj_fail(c, where, key, "expected an object, got %s", mj_type_name(v));
    *out = v;
    return 0;
}

char *mj_scalar_text(json_t *v)
{
    if (json_is_string(v))
        return xstrndup(json_string_value(v), json_string_length(v));
    if (json_is_integer(v))
        return xasprintf("%lld", (long long)json_integer_value(v));
    if (json_is_real(v))
        return xasprintf("%g", json_real_value(v));
    if (json_is_boolean(v))
        return xstrdup(json_is_true(v) ? "true" : "false");
    return NULL;
}

json_t *mj_field(json_t *obj, json_t *custom, const char *name)
{
    if (!name || !*name)
        return NULL;
    json_t *v = mj_get(custom, name);
    if (!v)
        v = mj_get(obj, name);
    return v;
}

#define GROW(arr, n) ((arr) = xrealloc((arr), ((n) + 1) * sizeof *(arr)))

struct tt_pull_ticket *mj_page_add_ticket(struct tt_pull_page *p)
{
    GROW(p->tickets, p->n_tickets);
    struct tt_pull_ticket *t = &p->tickets[p->n_tickets++];
    memset(t, 0, sizeof *t);
    return t;
}

void tt_pull_ticket_clear(struct tt_pull_ticket *t)
{
    tt_ticket_clear(&t->ticket);
    free(t->requester_ext);
    free(t->organization_ext);
    free(t->assignee_ext);
    free(t->group_ext);
    for (size_t i = 0; i < t->n_events; i++)
        tt_event_clear(&t->events[i]);
    free(t->events);
    memset(t, 0, sizeof *t);
}

void mj_page_drop_last_ticket(struct tt_pull_page *p)
{
    if (p->n_tickets)
        tt_pull_ticket_clear(&p->tickets[--p->n_tickets]);
}

struct tt_contact *mj_page_add_contact(struct tt_pull_page *p, char *org_ext)
{
    GROW(p->contacts, p->n_contacts);
    GROW(p->contact_org_ext, p->n_contacts);
    struct tt_contact *c = &p->contacts[p->n_contacts];
    memset(c, 0, sizeof *c);
    p->contact_org_ext[p->n_contacts++] = org_ext;
    return c;
}

struct tt_customer *mj_page_add_customer(struct tt_pull_page *p)
{
    GROW(p->customers, p->n_customers);
    struct tt_customer *c = &p->customers[p->n_customers++];
    memset(c, 0, sizeof *c);
    c->login_days_last_30 = -1;
    c->tickets_last_90_days = -1;
    c->resolved_tickets_last_90_days = -1;
    c->current_month_usage = -1;
    c->previous_month_usage = -1;
    c->failed_payments_last_90_days = -1;
    return c;
}

struct tt_pull_agent *mj_page_add_agent(struct tt_pull_page *p)
{
    GROW(p->agents, p->n_agents);
    struct tt_pull_agent *a = &p->agents[p->n_agents++];
    memset(a, 0, sizeof *a);
    return a;
}

struct tt_pull_group *mj_page_add_group(struct tt_pull_page *p)
{
    GROW(p->groups, p->n_groups);
    struct tt_pull_group *g = &p->groups[p->n_groups++];
    memset(g, 0, sizeof *g);
    return g;
}

void mj_page_add_deleted(struct tt_pull_page *p, char *ext)
{
    GROW(p->deleted_ext, p->n_deleted);
    p->deleted_ext[p->n_deleted++] = ext;
}

struct tt_event *mj_ticket_add_event(struct tt_pull_ticket *t)
{
    GROW(t->events, t->n_events);
    struct tt_event *e = &t->events[t->n_events++];
    memset(e, 0, sizeof *e);
    return e;
}

/* --- HTML to text --------------------------------------------------------- */

static const struct {
    const char *name;
    const char *text;
} entities[] = {
    {"amp", "&"},   {"lt", "<"},    {"gt", ">"},    {"quot", "\""},  {"apos", "'"},
    {"nbsp", " "},  {"mdash", "—"}, {"ndash", "–"}, {"hellip", "…"}, {"rsquo", "’"},
    {"lsquo", "‘"}, {"rdquo", "”"}, {"ldquo", "“"}, {"copy", "©"},
};

static void put_cp(struct tt_buf *b, unsigned long cp)
{
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6)), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12)), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18)), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    }
    tt_buf_append(b, u, n);
}

/* Tag names after which a line ends. */
static bool is_block(const char *tag, size_t n)
{
    static const char *const blocks[] = {"p",  "div",        "br",  "li",    "tr", "h1",
                                         "h2", "h3",         "h4",  "h5",    "h6", "ul",
                                         "ol", "blockquote", "pre", "table", "hr"};
    for (size_t i = 0; i < TT_ARRAY_LEN(blocks); i++)
        if (strlen(blocks[i]) == n && strncasecmp(blocks[i], tag, n) == 0)
            return true;
    return false;
}

char *tt_html_to_text(const char *html)
{
    if (!html)
        return NULL;
    struct tt_buf b = {0};
    const char *p = html;
    bool skip = false; /* inside <script> or <style> */
    while (*p) {
        if (*p == '<') {
            if (strncmp(p, "<!--", 4) == 0) {
                const char *e = strstr(p + 4, "-->");
                p = e ? e + 3 : p + strlen(p);
                continue;
            }
            const char *q = p + 1;
            bool closing = *q == '/';
            if (closing)
                q++;
            const char *name = q;
            while (isalnum((unsigned char)*q))
                q++;
            size_t n = (size_t)(q - name);
            const char *e = strchr(q, '>');
            if (n == 0) { /* a lone '<' is text */
                if (!skip)
                    tt_buf_putc(&b, '<');
                p++;
                continue;
            }
            if ((n == 6 && strncasecmp(name, "script", 6) == 0) ||
                (n == 5 && strncasecmp(name, "style", 5) == 0))
                skip = !closing;
            bool li = n == 2 && strncasecmp(name, "li", 2) == 0;
            bool brk =
                n == 2 && (strncasecmp(name, "br", 2) == 0 || strncasecmp(name, "hr", 2) == 0);
            if (!skip && is_block(name, n) && ((closing && !li) || brk || (li && !closing)))
                tt_buf_putc(&b, '\n');
            p = e ? e + 1 : p + strlen(p);
            continue;
        }
        if (skip) {
            p++;
            continue;
        }
        if (*p == '&') {
            const char *semi = strchr(p, ';');
            if (semi && semi - p <= 10) {
                const char *ent = p + 1;
                size_t n = (size_t)(semi - ent);
                bool done = false;
                if (n >= 2 && ent[0] == '#') {
                    char *end;
                    unsigned long cp = (ent[1] == 'x' || ent[1] == 'X')
                                           ? strtoul(ent + 2, &end, 16)
                                           : strtoul(ent + 1, &end, 10);
                    if (end == semi) {
                        put_cp(&b, cp);
                        done = true;
                    }
                } else {
                    for (size_t i = 0; i < TT_ARRAY_LEN(entities); i++)
                        if (strlen(entities[i].name) == n &&
                            strncmp(entities[i].name, ent, n) == 0) {
                            tt_buf_puts(&b, entities[i].text);
                            done = true;
                            break;
                        }
                }
                if (done) {
                    p = semi + 1;
                    continue;
                }
            }
        }
        if (*p == '\r') {
            p++;
            continue;
        }
        tt_buf_putc(&b, *p++);
    }
    /* Trim trailing spaces per line, collapse blank-line runs, trim ends. */
    const char *s = tt_buf_str(&b);
    struct tt_buf o = {0};
    int newlines = 0;
    bool started = false;
    while (*s) {
        const char *eol = strchr(s, '\n');
        size_t n = eol ? (size_t)(eol - s) : strlen(s);
        size_t m = n;
        while (m && (s[m - 1] == ' ' || s[m - 1] == '\t'))
            m--;
        size_t lead = 0;
        while (lead < m && (s[lead] == ' ' || s[lead] == '\t'))
            lead++;
        if (m > lead) {
            if (started)
                tt_buf_append(&o, "\n\n", newlines > 1 ? 2 : 1);
            tt_buf_append(&o, s + lead, m - lead);
            started = true;
            newlines = 0;
        }
        newlines++;
        s += n + (eol ? 1 : 0);
        if (!eol)
            break;
    }
    tt_buf_free(&b);
    char *r = tt_buf_steal(&o);
    return r ? r : xstrdup("");
}

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return s;
}

bool tt_text_same(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    a = skip_ws(a);
    b = skip_ws(b);
    while (*a && *b) {
        bool wa = *a == ' ' || *a == '\t' || *a == '\n' || *a == '\r';
        bool wb = *b == ' ' || *b == '\t' || *b == '\n' || *b == '\r';
        if (wa || wb) {
            if (!(wa && wb))
                return false;
            a = skip_ws(a);
            b = skip_ws(b);
            continue;
        }
        if (*a++ != *b++)
            return false;
    }
    return !*skip_ws(a) && !*skip_ws(b);
}

bool mj_tag_eq(const char *remote, const char *local)
{
    if (!remote || !local)
        return false;
    for (; *remote && *local; remote++, local++) {
        char a = *remote == ' ' ? '_' : *remote, b = *local == ' ' ? '_' : *local;
        if (a != b)
            return false;
    }
    return !*remote && !*local;
}

char *tt_push_marker(const char *key)
{
    if (!key || !*key)
        return NULL;
    struct tt_buf b = {0};
    tt_buf_puts(&b, "ticketty:");
    /* Only characters that cannot end an HTML comment or be rewritten by the
     * provider's sanitiser. */
    for (const char *s = key; *s; s++)
        if (isalnum((unsigned char)*s) || *s == '-' || *s == '_' || *s == '.' || *s == ':')
            tt_buf_putc(&b, *s);
    return tt_buf_steal(&b);
}

char *tt_text_to_html(const char *text, const char *tag, const char *key)
{
    struct tt_buf b = {0};
    tt_buf_printf(&b, "<%s>", tag);
    for (const char *s = text ? text : ""; *s; s++) {
        switch (*s) {
        case '&':
            tt_buf_puts(&b, "&amp;");
            break;
        case '<':
            tt_buf_puts(&b, "&lt;");
            break;
        case '>':
            tt_buf_puts(&b, "&gt;");
            break;
        case '"':
            tt_buf_puts(&b, "&quot;");
            break;
        case '\n':
            tt_buf_puts(&b, "<br>");
            break;
        case '\r':
            break;
        default:
            tt_buf_putc(&b, *s);
        }
    }
    tt_buf_printf(&b, "</%s>", tag);
    char *marker = tt_push_marker(key);
    if (marker)
        tt_buf_printf(&b, "<!-- %s -->", marker);
    free(marker);
    return tt_buf_steal(&b);
}

void tt_map_opts_from_config(struct tt_map_opts *o, const struct tt_provider_config *cfg)
{
    o->plan_field = xstrdup(cfg->field_plan);
    o->mrr_field = xstrdup(cfg->field_mrr);
    o->csm_field = xstrdup(cfg->field_csm);
    o->custom_status = xstrdup(cfg->status_map);
}

void tt_map_opts_clear(struct tt_map_opts *o)
{
    free((char *)o->plan_field);
    free((char *)o->mrr_field);
    free((char *)o->csm_field);
    free((char *)o->custom_status);
    memset(o, 0, sizeof *o);
}
