/*
 * csv.h: an RFC 4180 CSV reader over a buffer in memory (pure, no I/O).
 *
 * Fields are separated by commas; a field may be quoted with '"', and inside
 * quotes '""' is one quote and commas and line breaks are data.  Records end
 * with CRLF, LF or a bare CR (classic Mac line ends; inside quotes a CR is data)
 * (a last record without a line break is fine).  A UTF-8 BOM at
 * the start is skipped.  Lines that are completely empty are skipped.  Errors
 * (an unterminated quote, text after a closing quote) name the line.
 *
 * Ownership: the reader borrows the buffer; a record owns its field strings
 * (release with tt_csv_record_clear, which also makes it reusable).
 * Used by `import customers` (health), the triage importers and backtests.
 */
#ifndef TICKETTY_CSV_H
#define TICKETTY_CSV_H

#include <stddef.h>

#include "ticketty/err.h"

struct tt_csv {
    const char *p, *end;
    const char *name; /* file name for error messages */
    int line;         /* line of the next character (1-based) */
};

struct tt_csv_record {
    char **fields;
    size_t n, cap;
    int line; /* line where the record starts (1-based) */
};

void tt_csv_init(struct tt_csv *r, const char *data, size_t len, const char *name);
/* Read the next record into rec (cleared first): 1 read, 0 at end of input,
 * -1 on a syntax error ("FILE:LINE: ..."); after an error the reader resumes
 * at the next line, so callers may report the error and go on. */
int tt_csv_next(struct tt_csv *r, struct tt_csv_record *rec, struct tt_err *err);
void tt_csv_record_clear(struct tt_csv_record *rec);
/* Index of the column named `name` in a header record (exact match after
 * trimming spaces, case-insensitive), or -1. */
int tt_csv_column(const struct tt_csv_record *header, const char *name);

/* --- whole tables and writing (used by triage) -------------------------------
 *
 * A table is a whole document read at once: the first record is the header,
 * every data record must have as many fields ("NAME:LINE: expected N fields").
 * The table owns its records; tt_csv_table_clear frees them. */
struct tt_csv_table {
    struct tt_csv_record header;
    struct tt_csv_record *rows;
    size_t n_rows;
};
int tt_csv_table_parse(const char *data, size_t len, const char *name, struct tt_csv_table *out,
                       struct tt_err *err);
void tt_csv_table_clear(struct tt_csv_table *t);

struct tt_buf;
/* Append one field, quoted when it holds a comma, quote, CR or LF. */
void tt_csv_put_field(struct tt_buf *b, const char *s);
/* Append a whole record (fields joined by commas) ending in CRLF. */
void tt_csv_put_row(struct tt_buf *b, const char *const *fields, size_t n);

#endif
