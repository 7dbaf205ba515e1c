/*
 * csv.c: the RFC 4180 reader described in csv.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ticketty/csv.h"
#include "ticketty/util.h"

void tt_csv_init(struct tt_csv *r, const char *data, size_t len, const char *name)
{
    r->p = data;
    r->end = data + len;
    r->name = name ? name : "csv";
    r->line = 1;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r->p += 3;
}

void tt_csv_record_clear(struct tt_csv_record *rec)
{
    for (size_t i = 0; i < rec->n; i++)
        free(rec->fields[i]);
    free(rec->fields);
    memset(rec, 0, sizeof *rec);
}

static void push_field(struct tt_csv_record *rec, struct tt_buf *b)
{
    if (rec->n == rec->cap) {
        rec->cap = rec->cap ? rec->cap * 2 : 16;
        rec->fields = xrealloc(rec->fields, rec->cap * sizeof *rec->fields);
    }
    rec->fields[rec->n++] = b->data ? tt_buf_steal(b) : xstrdup("");
}

/* Whether p starts a line break: LF, CRLF or a bare CR (classic Mac line
 * ends, as Excel for Mac still writes "CSV (Macintosh)"); its length. */
static size_t line_break(const struct tt_csv *r, const char *p)
{
    if (p >= r->end)
        return 0;
    if (*p == '\n')
        return 1;
    if (*p == '\r')
        return p + 1 < r->end && p[1] == '\n' ? 2 : 1;
    return 0;
}

/* Skip to just after the next line break (error recovery). */
static void skip_line(struct tt_csv *r)
{
    while (r->p < r->end && !line_break(r, r->p))
        r->p++;
    if (r->p < r->end) {
        r->p += line_break(r, r->p);
        r->line++;
    }
}

int tt_csv_next(struct tt_csv *r, struct tt_csv_record *rec, struct tt_err *err)
{
    tt_csv_record_clear(rec);
    /* Skip empty lines. */
    for (size_t k; (k = line_break(r, r->p)) > 0;) {
        r->p += k;
        r->line++;
    }
    if (r->p >= r->end)
        return 0;
    rec->line = r->line;
    struct tt_buf b = {0};
    for (;;) {
        /* One field. */
        if (r->p < r->end && *r->p == '"') {
            int qline = r->line;
            r->p++;
            for (;;) {
                if (r->p >= r->end) {
                    tt_buf_free(&b);
                    tt_csv_record_clear(rec);
                    return tt_errf(err, "%s:%d: unterminated quoted field", r->name, qline);
                }
                char c = *r->p++;
                if (c == '"') {
                    if (r->p < r->end && *r->p == '"') {
                        tt_buf_putc(&b, '"');
                        r->p++;
                        continue;
                    }
                    break;
                }
                if (c == '\n' || (c == '\r' && (r->p >= r->end || *r->p != '\n')))
                    r->line++;
                tt_buf_putc(&b, c);
            }
            if (r->p < r->end && *r->p != ',' && !line_break(r, r->p)) {
                int line = r->line;
                tt_buf_free(&b);
                tt_csv_record_clear(rec);
                skip_line(r);
                return tt_errf(err, "%s:%d: text after a closing quote", r->name, line);
            }
        } else {
            const char *s = r->p;
            while (r->p < r->end && *r->p != ',' && !line_break(r, r->p)) {
                if (*r->p == '"') {
                    int line = r->line;
                    tt_buf_free(&b);
                    tt_csv_record_clear(rec);
                    skip_line(r);
                    return tt_errf(err, "%s:%d: quote inside an unquoted field", r->name, line);
                }
                r->p++;
            }
            tt_buf_append(&b, s, (size_t)(r->p - s));
        }
        if (b.len && memchr(b.data, '\0', b.len)) {
            /* The field would end at the NUL as a C string (and a UTF-16 file
             * has one in every character): an error, not a silent cut. */
            int line = r->line;
            tt_buf_free(&b);
            tt_csv_record_clear(rec);
            skip_line(r);
            return tt_errf(err, "%s:%d: a NUL byte (UTF-16 or binary? save the file as UTF-8)",
                           r->name, line);
        }
        push_field(rec, &b);
        if (r->p >= r->end)
            return 1;
        size_t k = line_break(r, r->p);
        if (k) {
            r->p += k;
            r->line++;
            return 1;
        }
        r->p++; /* the comma */
        if (r->p >= r->end) {
            push_field(rec, &b); /* "a,": a last empty field */
            return 1;
        }
    }
}

int tt_csv_column(const struct tt_csv_record *header, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < header->n; i++) {
        const char *f = header->fields[i];
        while (*f == ' ' || *f == '\t')
            f++;
        size_t len = strlen(f);
        while (len && (f[len - 1] == ' ' || f[len - 1] == '\t'))
            len--;
        if (len == n && strncasecmp(f, name, n) == 0)
            return (int)i;
    }
    return -1;
}
