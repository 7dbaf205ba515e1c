/*
 * pjson.c: see pjson.h.
 */
#include <stdlib.h>
#include <string.h>

#include "pjson.h"
#include "ticketty/util.h"

json_t *pj_parse(const char *body, size_t len, const char *what, struct tt_err *err)
{
    json_error_t je;
    json_t *j = json_loadb(body ? body : "", body ? len : 0, JSON_ALLOW_NUL, &je);
    if (!j)
        return tt_errf(err, "%s: malformed JSON at line %d column %d: %s", what, je.line, je.column,
                       je.text),
               NULL;
    if (!json_is_object(j)) {
        json_decref(j);
        return tt_errf(err, "%s: expected a JSON object", what), NULL;
    }
    return j;
}

const char *pj_str(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

char *pj_strdup(const json_t *o, const char *key)
{
    return xstrdup(pj_str(o, key));
}

/* Decimal text of n (ids are formatted for every record a sync pulls:
 * cheaper than a printf). */
static char *int_text(long long n)
{
    char b[24], *p = b + sizeof b;
    unsigned long long u = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
    *--p = '\0';
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (n < 0)
        *--p = '-';
    return xstrdup(p);
}

char *pj_id(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (json_is_integer(v))
        return int_text((long long)json_integer_value(v));
    if (json_is_string(v) && *json_string_value(v))
        return xstrdup(json_string_value(v));
    return NULL;
}

int64_t pj_int(const json_t *o, const char *key, int64_t def)
{
    json_t *v = json_object_get(o, key);
    if (json_is_integer(v))
        return json_integer_value(v);
    if (json_is_real(v))
        return (int64_t)json_real_value(v);
    if (json_is_string(v)) {
        char *end;
        long long n = strtoll(json_string_value(v), &end, 10);
        if (end != json_string_value(v) && !*end)
            return n;
    }
    return def;
}

double pj_num(const json_t *o, const char *key, double def)
{
    json_t *v = json_object_get(o, key);
    if (json_is_number(v))
        return json_number_value(v);
    if (json_is_string(v)) {
        char *end;
        double d = strtod(json_string_value(v), &end);
        if (end != json_string_value(v))
            return d;
    }
    return def;
}

int64_t pj_time(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (json_is_integer(v))
        return json_integer_value(v);
    if (json_is_string(v)) {
        int64_t t;
        if (tt_time_parse(json_string_value(v), &t, NULL) == 0)
            return t;
    }
    return 0;
}

int pj_bool(const json_t *o, const char *key, int def)
{
    json_t *v = json_object_get(o, key);
    return json_is_boolean(v) ? json_is_true(v) : def;
}

char *pj_join(const json_t *arr)
{
    struct tt_buf b = {0};
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (!json_is_string(v))
            continue;
        if (b.len)
            tt_buf_putc(&b, ' ');
        tt_buf_puts(&b, json_string_value(v));
    }
    return b.data ? tt_buf_steal(&b) : xstrdup("");
}

#define GROW(arr, n)                                                                               \
    ((arr) = xrealloc((arr), ((n) + 1) * sizeof *(arr)), memset(&(arr)[(n)], 0, sizeof *(arr)),    \
     &(arr)[(n)++])

struct tt_pull_ticket *pj_page_ticket(struct tt_pull_page *p)
{
    return GROW(p->tickets, p->n_tickets);
}
struct tt_customer *pj_page_customer(struct tt_pull_page *p)
{
    struct tt_customer *c = GROW(p->customers, p->n_customers);
    c->login_days_last_30 = c->tickets_last_90_days = c->resolved_tickets_last_90_days = -1;
    c->failed_payments_last_90_days = -1;
    c->current_month_usage = c->previous_month_usage = -1;
    return c;
}
struct tt_contact *pj_page_contact(struct tt_pull_page *p, char *org_ext)
{
    p->contact_org_ext = xrealloc(p->contact_org_ext, (p->n_contacts + 1) * sizeof(char *));
    p->contact_org_ext[p->n_contacts] = org_ext;
    return GROW(p->contacts, p->n_contacts);
}
struct tt_pull_agent *pj_page_agent(struct tt_pull_page *p)
{
    return GROW(p->agents, p->n_agents);
}
struct tt_pull_group *pj_page_group(struct tt_pull_page *p)
{
    return GROW(p->groups, p->n_groups);
}
void pj_page_deleted(struct tt_pull_page *p, char *ext)
{
    p->deleted_ext = xrealloc(p->deleted_ext, (p->n_deleted + 1) * sizeof(char *));
    p->deleted_ext[p->n_deleted++] = ext;
}
struct tt_event *pj_ticket_event(struct tt_pull_ticket *t)
{
    return GROW(t->events, t->n_events);
}
