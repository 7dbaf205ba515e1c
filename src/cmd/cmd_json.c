/*
 * cmd_json.c: JSON shapes shared by the --json outputs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

json_t *tt_json_time(int64_t t)
{
    if (!t)
        return json_null();
    char buf[21];
    return json_string(tt_time_iso(t, buf));
}

json_t *tt_json_str(const char *s)
{
    if (!s)
        return json_null();
    json_t *j = json_string(s);
    if (j)
        return j;
    /* Not valid UTF-8 (a provider or a file sent bytes): jansson refuses it,
     * and a NULL value would silently drop the key.  Keep the text with each
     * invalid byte replaced by U+FFFD. */
    size_t len = strlen(s);
    struct tt_buf b = {0};
    for (size_t i = 0; i < len;) {
        unsigned int cp;
        size_t n = tt_utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD)
            tt_buf_puts(&b, "\xEF\xBF\xBD");
        else
            tt_buf_append(&b, s + i, n);
        i += n;
    }
    j = json_string(tt_buf_str(&b));
    tt_buf_free(&b);
    return j ? j : json_string("");
}

static json_t *tags_array(const char *tags)
{
    json_t *a = json_array();
    if (!tags)
        return a;
    const char *p = tags;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if (e > p) {
            char *one = xstrndup(p, (size_t)(e - p));
            json_array_append_new(a, tt_json_str(one));
            free(one);
        }
        p = e;
    }
    return a;
}

json_t *tt_json_ticket(const struct tt_ticket *t)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(t->id));
    json_object_set_new(o, "account", tt_json_str(t->account));
    json_object_set_new(o, "external_id", tt_json_str(t->external_id));
    json_object_set_new(o, "subject", tt_json_str(t->subject));
    if (t->description)
        json_object_set_new(o, "description", tt_json_str(t->description));
    json_object_set_new(o, "status", json_string(tt_status_name(t->status)));
    json_object_set_new(o, "raw_status", tt_json_str(t->raw_status));
    json_object_set_new(o, "priority", json_string(tt_priority_name(t->priority)));
    json_object_set_new(o, "category", tt_json_str(t->category));
    json_object_set_new(o, "tags", tags_array(t->tags));
    json_object_set_new(o, "channel", tt_json_str(t->channel));
    json_object_set_new(o, "requester", tt_json_str(t->requester));
    json_object_set_new(o, "requester_email", tt_json_str(t->requester_email));
    json_object_set_new(o, "organization", tt_json_str(t->organization));
    json_object_set_new(o, "assignee", tt_json_str(t->assignee));
    json_object_set_new(o, "group", tt_json_str(t->group));
    json_object_set_new(o, "created_at", tt_json_time(t->created_at));
    json_object_set_new(o, "updated_at", tt_json_time(t->updated_at));
    json_object_set_new(o, "first_response_at", tt_json_time(t->first_response_at));
    json_object_set_new(o, "resolved_at", tt_json_time(t->resolved_at));
    json_object_set_new(o, "deleted", json_boolean(t->deleted));
    json_object_set_new(o, "merged_into", tt_json_str(t->merged_into));
    return o;
}

int tt_json_print(json_t *v, int compact)
{
    /* 15 significant digits: 0.3 prints as 0.3, not 0.29999999999999999. */
    size_t flags = JSON_REAL_PRECISION(15) | (compact ? JSON_COMPACT : JSON_INDENT(2));
    char *s = json_dumps(v, flags | JSON_PRESERVE_ORDER);
    json_decref(v);
    if (!s)
        return -1;
    puts(s);
    free(s);
    return 0;
}
