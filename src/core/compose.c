/*
 * compose.c: the reply/note template and reading it back (see compose.h).
 */
#include <stdlib.h>
#include <string.h>

#include "ticketty/compose.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

static void quote(struct tt_buf *b, const char *text)
{
    char *clean = tt_sanitize(text, TT_SAN_KEEP_NEWLINES);
    const char *p = clean;
    int lines = 0;
    while (*p && lines < 40) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        tt_buf_puts(b, "# > ");
        tt_buf_append(b, p, len);
        tt_buf_putc(b, '\n');
        lines++;
        p += len + (nl ? 1 : 0);
    }
    if (*p)
        tt_buf_puts(b, "# > ...\n");
    free(clean);
}

char *tt_compose_template(const char *kind, const struct tt_ticket *t,
                          const struct tt_event *events, size_t n_events)
{
    struct tt_buf b = {0};
    bool note = tt_streq(kind, "note");
    char *subject = tt_sanitize(t->subject ? t->subject : "", 0);
    char *who = tt_sanitize(t->requester ? t->requester : "the customer", 0);
    tt_buf_printf(&b, "\n\n# %s to ticket %lld (%s): %s\n",
                  note ? "Internal NOTE (agents only)" : "Public REPLY", (long long)t->id,
                  t->external_id ? t->external_id : "-", subject);
    if (!note)
        tt_buf_printf(&b, "# The customer (%s) will see this.\n", who);
    tt_buf_puts(&b, "# Lines starting with '#' are ignored.  Save an empty message to cancel.\n");
    const struct tt_event *latest = NULL;
    for (size_t i = 0; i < n_events; i++) {
        const struct tt_event *e = &events[i];
        if (e->type == TT_EV_COMMENT && e->author_role == TT_AUTHOR_END_USER && e->public &&
            (!latest || e->at >= latest->at))
            latest = e;
    }
    if (latest) {
        char when[21];
        char *author = tt_sanitize(latest->author ? latest->author : "customer", 0);
        tt_buf_printf(&b, "#\n# Latest customer message, %s, %s:\n", author,
                      tt_time_iso(latest->at, when));
        quote(&b, latest->body ? latest->body : "");
        free(author);
    } else if (t->description && *t->description) {
        tt_buf_puts(&b, "#\n# The request:\n");
        quote(&b, t->description);
    }
    free(subject);
    free(who);
    return tt_buf_steal(&b);
}

char *tt_compose_parse(const char *text)
{
    struct tt_buf b = {0};
    const char *p = text ? text : "";
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (p[0] != '#') {
            tt_buf_append(&b, p, len);
            tt_buf_putc(&b, '\n');
        }
        p += len + (nl ? 1 : 0);
    }
    /* trim blank lines and spaces at both ends */
    const char *start = tt_buf_str(&b);
    while (*start == '\n' || *start == ' ' || *start == '\t' || *start == '\r')
        start++;
    size_t n = strlen(start);
    while (n > 0 && (start[n - 1] == '\n' || start[n - 1] == ' ' || start[n - 1] == '\t' ||
                     start[n - 1] == '\r'))
        n--;
    char *r = n ? xstrndup(start, n) : NULL;
    tt_buf_free(&b);
    return r;
}
