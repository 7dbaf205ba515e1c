/*
 * csv_table.c: whole CSV documents on top of the record reader (csv.h), and
 * the RFC 4180 writer.
 */
#include <stdlib.h>
#include <string.h>

#include "ticketty/csv.h"
#include "ticketty/util.h"

int tt_csv_table_parse(const char *data, size_t len, const char *name, struct tt_csv_table *out,
                       struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    struct tt_csv r;
    tt_csv_init(&r, data, len, name);
    int rc = tt_csv_next(&r, &out->header, err);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return tt_errf(err, "%s: empty file: expected a header row", name);
    size_t cap = 0;
    struct tt_csv_record rec = {0};
    while ((rc = tt_csv_next(&r, &rec, err)) > 0) {
        if (rec.n != out->header.n) {
            tt_errf(err, "%s:%d: expected %zu fields as in the header, found %zu", name, rec.line,
                    out->header.n, rec.n);
            tt_csv_record_clear(&rec);
            rc = -1;
            break;
        }
        if (out->n_rows == cap) {
            cap = cap ? 2 * cap : 64;
            out->rows = xrealloc(out->rows, cap * sizeof *out->rows);
        }
        out->rows[out->n_rows++] = rec;
        memset(&rec, 0, sizeof rec);
    }
    if (rc < 0) {
        tt_csv_table_clear(out);
        return -1;
    }
    return 0;
}

void tt_csv_table_clear(struct tt_csv_table *t)
{
    for (size_t i = 0; i < t->n_rows; i++)
        tt_csv_record_clear(&t->rows[i]);
    free(t->rows);
    tt_csv_record_clear(&t->header);
    memset(t, 0, sizeof *t);
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
