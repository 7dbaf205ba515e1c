/*
 * util.c: allocation, growable buffers, ISO 8601 time and small file helpers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ticketty/util.h"

void (*tt_fatal_hook)(void);

_Noreturn void tt_fatal(const char *fmt, ...)
{
    if (tt_fatal_hook)
        tt_fatal_hook();
    va_list ap;
    va_start(ap, fmt);
    fputs("ticketty: fatal: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(70);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        tt_fatal("out of memory (%zu bytes)", n);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        tt_fatal("out of memory (%zu x %zu bytes)", n, size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        tt_fatal("out of memory (%zu bytes)", n);
    return q;
}

char *xstrdup(const char *s)
{
    return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    struct tt_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    tt_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return tt_buf_steal(&b);
}

void tt_buf_reserve(struct tt_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
    b->data[b->len] = '\0';
}

void tt_buf_append(struct tt_buf *b, const char *s, size_t n)
{
    tt_buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void tt_buf_puts(struct tt_buf *b, const char *s)
{
    tt_buf_append(b, s, strlen(s));
}

void tt_buf_putc(struct tt_buf *b, char c)
{
    tt_buf_append(b, &c, 1);
}

void tt_buf_vprintf(struct tt_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    tt_buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void tt_buf_printf(struct tt_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tt_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *tt_buf_str(const struct tt_buf *b)
{
    return b->data ? b->data : "";
}

char *tt_buf_steal(struct tt_buf *b)
{
    char *s = b->data ? b->data : xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void tt_buf_free(struct tt_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

bool tt_streq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

bool tt_has_prefix(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

int64_t tt_now(void)
{
    const char *fixed = getenv("TICKETTY_NOW");
    int64_t t;
    if (fixed && *fixed && tt_time_parse(fixed, &t, NULL) == 0)
        return t;
    /* Unix seconds ("1795000000", or "@1795000000" as date(1) writes them). */
    if (fixed && *fixed) {
        const char *p = fixed + (*fixed == '@');
        char *end;
        errno = 0;
        long long v = strtoll(p, &end, 10);
        if (*p >= '0' && *p <= '9' && !*end && !errno)
            return (int64_t)v;
    }
    return (int64_t)time(NULL);
}

char *tt_time_iso(int64_t t, char out[static 21])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return out;
}

static int parse_digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if ((*p)[i] < '0' || (*p)[i] > '9')
            return -1;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

int tt_time_parse(const char *s, int64_t *out, struct tt_err *err)
{
    const char *p = s;
    int y, mo, d, h = 0, mi = 0, sec = 0, off = 0;
    if (!s || parse_digits(&p, 4, &y) || *p++ != '-' || parse_digits(&p, 2, &mo) || *p++ != '-' ||
        parse_digits(&p, 2, &d))
        goto bad;
    if (*p == 'T' || *p == ' ') {
        p++;
        if (parse_digits(&p, 2, &h) || *p++ != ':' || parse_digits(&p, 2, &mi))
            goto bad;
        if (*p == ':') {
            p++;
            if (parse_digits(&p, 2, &sec))
                goto bad;
            if (*p == '.') {
                p++;
                while (*p >= '0' && *p <= '9')
                    p++;
            }
        }
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int sign = *p == '-' ? -1 : 1, oh, om = 0;
            p++;
            if (parse_digits(&p, 2, &oh))
                goto bad;
            if (*p == ':')
                p++;
            if (*p && parse_digits(&p, 2, &om))
                goto bad;
            if (oh > 23 || om > 59)
                goto bad;
            off = sign * (oh * 3600 + om * 60);
        }
    }
    if (*p != '\0' || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 60)
        goto bad;
    /* A day the month does not have is an error, not the next month's. */
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap))
        goto bad;
    /* days_from_civil (H. Hinnant): exact for the proleptic Gregorian calendar. */
    int yy = y - (mo <= 2);
    int era = (yy >= 0 ? yy : yy - 399) / 400;
    unsigned yoe = (unsigned)(yy - era * 400);
    unsigned doy = (153 * (unsigned)(mo + (mo > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = (int64_t)era * 146097 + (int64_t)doe - 719468;
    *out = days * 86400 + h * 3600 + mi * 60 + sec - off;
    return 0;
bad:
    return tt_errf(err, "invalid time \"%s\" (expected ISO 8601 such as 2026-05-04T13:00:00Z)",
                   s ? s : "(null)");
}

const char *tt_input_name(const char *path)
{
    return path && strcmp(path, "-") == 0 ? "standard input" : path;
}

char *tt_read_file(const char *path, size_t *len_out, struct tt_err *err)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        tt_errf(err, "%s: %s", tt_input_name(path), strerror(errno));
        return NULL;
    }
    struct tt_buf b = {0};
    char chunk[65536];
    size_t n;
    errno = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        tt_buf_append(&b, chunk, n);
    int failed = ferror(f), why = errno;
    if (f != stdin)
        fclose(f);
    if (failed) {
        tt_buf_free(&b);
        /* "Is a directory" says more than "read error". */
        tt_errf(err, "%s: %s", tt_input_name(path), why ? strerror(why) : "read error");
        return NULL;
    }
    if (len_out)
        *len_out = b.len;
    return tt_buf_steal(&b);
}

int tt_mkdir_p(const char *dir, struct tt_err *err)
{
    char *p = xstrdup(dir);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            tt_errf(err, "cannot create directory %s: %s", p, strerror(errno));
            free(p);
            return -1;
        }
        *s = '/';
    }
    if (mkdir(p, 0755) != 0 && errno != EEXIST) {
        tt_errf(err, "cannot create directory %s: %s", p, strerror(errno));
        free(p);
        return -1;
    }
    free(p);
    return 0;
}

int tt_mkdir_parents(const char *path, struct tt_err *err)
{
    char *p = xstrdup(path);
    char *slash = strrchr(p, '/');
    int rc = 0;
    if (slash && slash != p) {
        *slash = '\0';
        rc = tt_mkdir_p(p, err);
    }
    free(p);
    return rc;
}
