/*
 * csv.c: an RFC 4180 reader and writer over memory buffers.
 *
 * The reader is a loop over bytes with two states, inside or outside quotes:
 *
 *   FIELD START --'"'--> QUOTED --'"' '"'--> QUOTED (literal quote)
 *                                  --'"' then ',' / EOL / EOF--> field ends
 *                                  --'"' then anything else--> error
 *               --other--> UNQUOTED (until ',' / EOL / EOF; a '"' is an error)
 *
 * Line numbers count LF bytes so an embedded line break inside quotes moves the
 * next record's line on, as an editor would show it.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ticketty/csv.h"
#include "ticketty/util.h"

struct rec {
    char **f;
    size_t n, cap;
};

static void rec_push(struct rec *r, struct tt_buf *field)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 8;
        r->f = xrealloc(r->f, r->cap * sizeof *r->f);
    }
    r->f[r->n++] = field->data ? tt_buf_steal(field) : xstrdup("");
}

static void rec_free(struct rec *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->f[i]);
    free(r->f);
    memset(r, 0, sizeof *r);
}

/* Read one record starting at *pos.  Returns 1 with a record, 0 at end of input,
 * -1 on error.  *line is the current line and advances past the record. */
static int read_record(const char *d, size_t len, size_t *pos, int *line, int *start_line,
                       const char *name, struct rec *r, struct tt_err *err)
{
    size_t i = *pos;
    struct tt_buf field = {0};
    memset(r, 0, sizeof *r);
    /* Skip blank lines between records. */
    while (i < len && (d[i] == '\n' || (d[i] == '\r' && i + 1 < len && d[i + 1] == '\n'))) {
        if (d[i] == '\r')
            i++;
        i++;
        (*line)++;
    }
    if (i >= len) {
        *pos = i;
        return 0;
    }
    *start_line = *line;
    for (;;) {
        /* At the start of a field. */
        if (i < len && d[i] == '"') {
            int opened = *line;
            i++;
            for (;;) {
                if (i >= len) {
                    tt_buf_free(&field);
                    rec_free(r);
                    return tt_errf(err, "%s:%d: quoted field is never closed", name, opened);
                }
                if (d[i] == '"') {
                    if (i + 1 < len && d[i + 1] == '"') {
                        tt_buf_putc(&field, '"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (d[i] == '\n')
                    (*line)++;
                tt_buf_putc(&field, d[i]);
                i++;
            }
            if (i < len && d[i] != ',' && d[i] != '\n' &&
                !(d[i] == '\r' && (i + 1 >= len || d[i + 1] == '\n'))) {
                tt_buf_free(&field);
                rec_free(r);
                return tt_errf(err, "%s:%d: unexpected text after a closing quote", name, *line);
            }
        } else {
            size_t start = i;
            while (i < len && d[i] != ',' && d[i] != '\n' &&
                   !(d[i] == '\r' && (i + 1 >= len || d[i + 1] == '\n'))) {
                if (d[i] == '"') {
                    tt_buf_free(&field);
                    rec_free(r);
                    return tt_errf(err,
                                   "%s:%d: quote inside an unquoted field (quote the whole "
                                   "field and double the quote)",
                                   name, *line);
                }
                i++;
            }
            tt_buf_append(&field, d + start, i - start);
        }
        rec_push(r, &field);
        if (i < len && d[i] == ',') {
            i++;
            continue;
        }
        /* End of record: CRLF, LF, lone CR at end of input, or EOF. */
        if (i < len && d[i] == '\r')
            i++;
        if (i < len && d[i] == '\n') {
            i++;
            (*line)++;
        }
        break;
    }
    *pos = i;
    return 1;
}

int tt_csv_parse(const char *data, size_t len, const char *name, struct tt_csv_table *out,
                 struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    size_t pos = 0;
    int line = 1, start = 1;
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    struct rec r;
    int rc = read_record(data, len, &pos, &line, &start, name, &r, err);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return tt_errf(err, "%s: empty file: expected a header row", name);
    out->header = r.f;
    out->n_cols = r.n;
    size_t cap = 0;
    for (;;) {
        rc = read_record(data, len, &pos, &line, &start, name, &r, err);
        if (rc < 0)
            goto fail;
        if (rc == 0)
            break;
        if (r.n != out->n_cols) {
            size_t n = r.n;
            rec_free(&r);
            tt_errf(err, "%s:%d: expected %zu fields as in the header, found %zu", name, start,
                    out->n_cols, n);
            goto fail;
        }
        if (out->n_rows == cap) {
            cap = cap ? 2 * cap : 64;
            out->rows = xrealloc(out->rows, cap * sizeof *out->rows);
        }
        out->rows[out->n_rows].fields = r.f;
        out->rows[out->n_rows].line = start;
        out->n_rows++;
    }
    return 0;
fail:
    tt_csv_table_clear(out);
    return -1;
}

void tt_csv_table_clear(struct tt_csv_table *t)
{
    for (size_t i = 0; i < t->n_rows; i++) {
        for (size_t j = 0; j < t->n_cols; j++)
            free(t->rows[i].fields[j]);
        free(t->rows[i].fields);
    }
    free(t->rows);
    for (size_t j = 0; j < t->n_cols; j++)
        free(t->header[j]);
    free(t->header);
    memset(t, 0, sizeof *t);
}

int tt_csv_column(const struct tt_csv_table *t, const char *name)
{
    for (size_t j = 0; j < t->n_cols; j++) {
        const char *h = t->header[j];
        while (*h == ' ')
            h++;
        size_t n = strlen(h);
        while (n && h[n - 1] == ' ')
            n--;
        if (n == strlen(name) && strncasecmp(h, name, n) == 0)
            return (int)j;
    }
    return -1;
}

void tt_csv_put_field(struct tt_buf *b, const char *s)
{
    if (!s)
        s = "";
    if (!strpbrk(s, ",\"\r\n")) {
        tt_buf_puts(b, s);
        return;
    }
    tt_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            tt_buf_putc(b, '"');
        tt_buf_putc(b, *s);
    }
    tt_buf_putc(b, '"');
}

void tt_csv_put_row(struct tt_buf *b, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            tt_buf_putc(b, ',');
        tt_csv_put_field(b, fields[i]);
    }
    tt_buf_puts(b, "\r\n");
}
