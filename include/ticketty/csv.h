/*
 * csv.h: RFC 4180 CSV documents, read from memory (core: no I/O).
 *
 * The reader takes a whole document: fields separated by commas, records by
 * CRLF or LF; quoted fields may hold commas, line breaks and doubled quotes.
 * A UTF-8 byte-order mark at the start is skipped and blank lines are ignored.
 * Every record remembers the line it starts on, so errors (an unterminated
 * quote, text after a closing quote, a quote inside an unquoted field, a record
 * with the wrong number of fields) name "NAME:LINE".  The first record is the
 * header.  The table owns all its strings; tt_csv_table_clear frees them.
 */
#ifndef TICKETTY_CSV_H
#define TICKETTY_CSV_H

#include <stddef.h>

#include "ticketty/err.h"
#include "ticketty/util.h"

struct tt_csv_row {
    char **fields; /* n_cols NUL-terminated strings */
    int line;      /* 1-based line where the record starts */
};

struct tt_csv_table {
    char **header;
    size_t n_cols;
    struct tt_csv_row *rows; /* data records (after the header) */
    size_t n_rows;
};

/* Parse data[0..len) into out (zeroed first).  name labels errors. */
int tt_csv_parse(const char *data, size_t len, const char *name, struct tt_csv_table *out,
                 struct tt_err *err);
void tt_csv_table_clear(struct tt_csv_table *t);
/* Index of the header column called name (exact, case-insensitive), or -1. */
int tt_csv_column(const struct tt_csv_table *t, const char *name);

/* Append one field, quoted when it holds a comma, quote, CR or LF. */
void tt_csv_put_field(struct tt_buf *b, const char *s);
/* Append a whole record (fields joined by commas) ending in CRLF. */
void tt_csv_put_row(struct tt_buf *b, const char *const *fields, size_t n);

#endif
