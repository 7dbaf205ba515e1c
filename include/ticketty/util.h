/*
 * util.h: allocation, growable strings and time helpers shared by every layer.
 *
 * Allocation failure is fatal (tt_fatal restores the terminal first through the
 * hook the TUI installs), so the x* functions never return NULL.
 * Times are int64 seconds since the Unix epoch, UTC, everywhere in ticketty;
 * text forms are ISO 8601 UTC ("2026-05-04T13:00:00Z").
 */
#ifndef TICKETTY_UTIL_H
#define TICKETTY_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/err.h"

#define TT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s); /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called by tt_fatal before exiting (the TUI sets it to endwin). */
extern void (*tt_fatal_hook)(void);
_Noreturn void tt_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NUL-terminated byte buffer.  Zero-initialise, then append. */
struct tt_buf {
    char *data;
    size_t len;
    size_t cap;
};
void tt_buf_reserve(struct tt_buf *b, size_t extra);
void tt_buf_append(struct tt_buf *b, const char *s, size_t n);
void tt_buf_puts(struct tt_buf *b, const char *s);
void tt_buf_putc(struct tt_buf *b, char c);
void tt_buf_printf(struct tt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tt_buf_vprintf(struct tt_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
const char *tt_buf_str(const struct tt_buf *b); /* never NULL */
char *tt_buf_steal(struct tt_buf *b);           /* caller owns the result; b is reset */
void tt_buf_free(struct tt_buf *b);

bool tt_streq(const char *a, const char *b); /* NULL-safe */
bool tt_has_prefix(const char *s, const char *prefix);

/* Time. */
int64_t tt_now(void); /* honours TICKETTY_NOW (ISO 8601 or Unix seconds) for reproducible tests */
/* Format t as ISO 8601 UTC into out (at least 21 bytes); returns out. */
char *tt_time_iso(int64_t t, char out[static 21]);
/* Parse "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS][.fff](Z|+hh:mm)"; -1 on error. */
int tt_time_parse(const char *s, int64_t *out, struct tt_err *err);

/* Read a whole file (or "-" for standard input) into a NUL-terminated buffer;
 * errors name the input as tt_input_name() does. */
char *tt_read_file(const char *path, size_t *len_out, struct tt_err *err);
/* How messages name an input given as path: "standard input" for "-" (the
 * argument that reads it), else path itself.  One name in every message. */
const char *tt_input_name(const char *path);
/* mkdir -p for the parent directory of path. */
int tt_mkdir_parents(const char *path, struct tt_err *err);
int tt_mkdir_p(const char *dir, struct tt_err *err);

#endif
