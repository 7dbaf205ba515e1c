/*
 * pjson_load.c: pj_loadb(), the JSON parser behind the drivers' response
 * parsing (see pjson.h).
 *
 * Why not json_loadb(): a sync parses every byte the helpdesk sends (about
 * 1.5 KB per Zendesk ticket with its comments), and jansson's reader takes
 * each byte through a callback, a UTF-8 state machine and a growing token
 * buffer: it was the largest single cost of a full pull.  This reader scans
 * the buffer in place, copies a string only when it has escapes, and builds
 * the same jansson values (objects, arrays, strings, integers, reals, true,
 * false, null), so drivers keep the jansson API they use everywhere else.
 *
 * It accepts exactly what json_loadb(buf, len, JSON_ALLOW_NUL, err) accepts:
 * RFC 8259 JSON with an object or array at the top, valid UTF-8 only (no
 * overlong forms, surrogates or code points past U+10FFFF), escaped \u0000
 * allowed inside strings but not inside object keys, integers that fit in
 * json_int_t (larger ones are errors, as with jansson), reals that do not
 * overflow, nesting up to 2048 levels, nothing but white space after the
 * value.  Duplicate keys keep the last value.  The unit suite
 * test_providers_pjson compares both parsers on hand-written and mutated
 * documents.
 */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pjson.h"
#include "ticketty/util.h"

#define MAX_DEPTH 2048

struct jp {
    const char *start, *p, *end;
    int depth;
    bool failed;
    json_error_t *je;
    char *buf; /* decoded strings with escapes */
    size_t cap;
};

static void fail(struct jp *j, const char *msg)
{
    if (j->failed)
        return;
    j->failed = true;
    if (!j->je)
        return;
    int line = 1, col = 0;
    for (const char *q = j->start; q < j->p && q < j->end; q++) {
        if (*q == '\n') {
            line++;
            col = 0;
        } else {
            col++;
        }
    }
    j->je->line = line;
    j->je->column = col + 1;
    j->je->position = (int)(j->p - j->start);
    snprintf(j->je->source, sizeof j->je->source, "<buffer>");
    snprintf(j->je->text, sizeof j->je->text, "%s", msg);
}

static void skip_ws(struct jp *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
        j->p++;
}

/* Length of the valid UTF-8 sequence at p (lead byte >= 0x80), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    size_t n;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0; /* continuation byte, overlong lead (C0, C1) or past U+10FFFF */
    }
    if ((size_t)(end - p) < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static void buf_put(struct jp *j, size_t *len, const char *s, size_t n)
{
    if (*len + n + 1 > j->cap) {
        size_t cap = j->cap ? j->cap : 256;
        while (*len + n + 1 > cap)
            cap *= 2;
        j->buf = xrealloc(j->buf, cap);
        j->cap = cap;
    }
    memcpy(j->buf + *len, s, n);
    *len += n;
}

static int hex4(const char *p, const char *end)
{
    if (end - p < 4)
        return -1;
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

static size_t utf8_put(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Bytes that end a run of plain string text: control characters, the quote,
 * the backslash and every non-ASCII byte (checked as UTF-8). */
static const unsigned char stops[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* The string starting at the opening quote j->p.  *s points into the input
 * when it has no escapes, else into j->buf; *n is its length in bytes. */
static int scan_string(struct jp *j, const char **s, size_t *n)
{
    const char *p = ++j->p, *run = p;
    const char *end = j->end;
    bool copied = false;
    size_t len = 0;
    for (;;) {
        while (p < end && !stops[(unsigned char)*p])
            p++;
        if (p >= end) {
            j->p = p;
            fail(j, "premature end of input in a string");
            return -1;
        }
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            break;
        if (c < 0x20) {
            j->p = p;
            fail(j, "control character in a string");
            return -1;
        }
        if (c >= 0x80) {
            size_t k = utf8_len((const unsigned char *)p, (const unsigned char *)end);
            if (!k) {
                j->p = p;
                fail(j, "invalid UTF-8 in a string");
                return -1;
            }
            p += k;
            continue;
        }
        /* a backslash: keep what came before, then decode the escape */
        if (!copied) {
            copied = true;
            len = 0;
        }
        buf_put(j, &len, run, (size_t)(p - run));
        if (end - p < 2) {
            j->p = p;
            fail(j, "premature end of input in a string");
            return -1;
        }
        char e = p[1], one;
        p += 2;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            one = e;
            break;
        case 'b':
            one = '\b';
            break;
        case 'f':
            one = '\f';
            break;
        case 'n':
            one = '\n';
            break;
        case 'r':
            one = '\r';
            break;
        case 't':
            one = '\t';
            break;
        case 'u': {
            int v = hex4(p, end);
            if (v < 0) {
                j->p = p;
                fail(j, "invalid \\u escape");
                return -1;
            }
            p += 4;
            unsigned cp = (unsigned)v;
            if (cp >= 0xDC00 && cp <= 0xDFFF) {
                j->p = p;
                fail(j, "invalid Unicode: a low surrogate without a high one");
                return -1;
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                int lo = end - p >= 6 && p[0] == '\\' && p[1] == 'u' ? hex4(p + 2, end) : -1;
                if (lo < 0xDC00 || lo > 0xDFFF) {
                    j->p = p;
                    fail(j, "invalid Unicode: a high surrogate without a low one");
                    return -1;
                }
                p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + ((unsigned)lo - 0xDC00);
            }
            char u[4];
            buf_put(j, &len, u, utf8_put(u, cp));
            run = p;
            continue;
        }
        default:
            j->p = p - 1;
            fail(j, "invalid escape in a string");
            return -1;
        }
        buf_put(j, &len, &one, 1);
        run = p;
    }
    if (copied) {
        buf_put(j, &len, run, (size_t)(p - run));
        *s = j->buf;
        *n = len;
    } else {
        *s = run;
        *n = (size_t)(p - run);
    }
    j->p = p + 1;
    return 0;
}

static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static locale_t c_locale;
static void c_locale_init(void)
{
    c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

static json_t *scan_number(struct jp *j)
{
    const char *p = j->p, *end = j->end, *s = p;
    bool neg = false, real = false;
    if (*p == '-') {
        neg = true;
        p++;
    }
    if (p >= end || *p < '0' || *p > '9') {
        j->p = p;
        fail(j, "invalid number");
        return NULL;
    }
    if (*p == '0') {
        p++;
    } else {
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < end && *p == '.') {
        real = true;
        p++;
        if (p >= end || *p < '0' || *p > '9') {
            j->p = p;
            fail(j, "invalid number");
            return NULL;
        }
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        real = true;
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (p >= end || *p < '0' || *p > '9') {
            j->p = p;
            fail(j, "invalid number");
            return NULL;
        }
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    }
    if (!real) {
        /* json_int_t is long long: accumulate as a negative number so that
         * the most negative value fits too. */
        long long v = 0;
        for (const char *q = s + neg; q < p; q++) {
            int d = *q - '0';
            if (v < (LLONG_MIN + d) / 10) {
                fail(j, neg ? "too big negative integer" : "too big integer");
                return NULL;
            }
            v = v * 10 - d;
        }
        if (!neg) {
            if (v == LLONG_MIN) {
                fail(j, "too big integer");
                return NULL;
            }
            v = -v;
        }
        j->p = p;
        return json_integer((json_int_t)v);
    }
    char small[64], *text = small;
    size_t n = (size_t)(p - s);
    if (n >= sizeof small)
        text = xmalloc(n + 1);
    memcpy(text, s, n);
    text[n] = '\0';
    pthread_once(&c_locale_once, c_locale_init);
    errno = 0;
    double d = c_locale ? strtod_l(text, NULL, c_locale) : strtod(text, NULL);
    bool overflow = errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL);
    if (text != small)
        free(text);
    if (overflow) {
        fail(j, "real number overflow");
        return NULL;
    }
    j->p = p;
    return json_real(d);
}

static json_t *parse_value(struct jp *j);

static bool literal(struct jp *j, const char *word, size_t n)
{
    if ((size_t)(j->end - j->p) >= n && memcmp(j->p, word, n) == 0) {
        j->p += n;
        return true;
    }
    fail(j, "invalid token");
    return false;
}

static json_t *parse_object(struct jp *j)
{
    j->p++;
    json_t *o = json_object();
    skip_ws(j);
    if (j->p < j->end && *j->p == '}') {
        j->p++;
        return o;
    }
    for (;;) {
        skip_ws(j);
        if (j->p >= j->end || *j->p != '"') {
            fail(j, "string or '}' expected");
            break;
        }
        const char *k;
        size_t kn;
        if (scan_string(j, &k, &kn) < 0)
            break;
        if (memchr(k, '\0', kn)) {
            fail(j, "NUL byte in object key not supported");
            break;
        }
        /* the key may live in j->buf, which the value's strings reuse */
        char kbuf[128], *key = kn < sizeof kbuf ? kbuf : xmalloc(kn + 1);
        memcpy(key, k, kn);
        key[kn] = '\0';
        skip_ws(j);
        json_t *v = NULL;
        if (j->p >= j->end || *j->p != ':')
            fail(j, "':' expected");
        else {
            j->p++;
            v = parse_value(j);
        }
        if (v)
            json_object_setn_new_nocheck(o, key, kn, v);
        if (key != kbuf)
            free(key);
        if (!v)
            break;
        skip_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == '}') {
            j->p++;
            return o;
        }
        fail(j, "'}' expected");
        break;
    }
    json_decref(o);
    return NULL;
}

static json_t *parse_array(struct jp *j)
{
    j->p++;
    json_t *a = json_array();
    skip_ws(j);
    if (j->p < j->end && *j->p == ']') {
        j->p++;
        return a;
    }
    for (;;) {
        json_t *v = parse_value(j);
        if (!v)
            break;
        json_array_append_new(a, v);
        skip_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == ']') {
            j->p++;
            return a;
        }
        fail(j, "']' expected");
        break;
    }
    json_decref(a);
    return NULL;
}

static json_t *parse_value(struct jp *j)
{
    skip_ws(j);
    if (j->p >= j->end) {
        fail(j, "premature end of input");
        return NULL;
    }
    switch (*j->p) {
    case '{':
    case '[': {
        if (++j->depth > MAX_DEPTH) {
            fail(j, "maximum parsing depth reached");
            return NULL;
        }
        json_t *v = *j->p == '{' ? parse_object(j) : parse_array(j);
        j->depth--;
        return v;
    }
    case '"': {
        const char *s;
        size_t n;
        if (scan_string(j, &s, &n) < 0)
            return NULL;
        return json_stringn_nocheck(s, n);
    }
    case 't':
        return literal(j, "true", 4) ? json_true() : NULL;
    case 'f':
        return literal(j, "false", 5) ? json_false() : NULL;
    case 'n':
        return literal(j, "null", 4) ? json_null() : NULL;
    default:
        if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9'))
            return scan_number(j);
        fail(j, "invalid token");
        return NULL;
    }
}

json_t *pj_loadb(const char *text, size_t len, json_error_t *je)
{
    struct jp j = {.start = text, .p = text, .end = text + len, .je = je};
    if (je)
        memset(je, 0, sizeof *je);
    json_t *v = NULL;
    skip_ws(&j);
    if (j.p >= j.end || (*j.p != '{' && *j.p != '['))
        fail(&j, "'[' or '{' expected");
    else
        v = parse_value(&j);
    if (v) {
        skip_ws(&j);
        if (j.p != j.end) {
            fail(&j, "end of file expected");
            json_decref(v);
            v = NULL;
        }
    }
    free(j.buf);
    return v;
}
