/*
 * text.c: sanitising untrusted text and measuring terminal columns.
 *
 * The sanitiser is a small state machine over code points:
 *
 *   TEXT --ESC--> ESC --'['--> CSI (params until a final byte 0x40-0x7e) --> TEXT
 *                     --']','P','X','^','_'--> STRING (until BEL or ESC '\') --> TEXT
 *                     --other--> TEXT (the two-byte sequence is dropped)
 *
 * C1 controls (U+0080-U+009F) are dropped too: 0x9b is an 8-bit CSI and some
 * terminals honour it.  Bidi embedding/override/isolate characters are dropped
 * because they can make a ticket line read differently from what it contains.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ticketty/text.h"
#include "ticketty/util.h"

size_t tt_utf8_decode(const char *str, size_t len, unsigned int *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned int c = s[0];
    size_t n;
    unsigned int min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xe0) == 0xc0) {
        n = 2, c &= 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3, c &= 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        n = 4, c &= 0x07, min = 0x10000;
    } else {
        *cp = 0xfffd;
        return 1;
    }
    if (len < n) {
        *cp = 0xfffd;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            *cp = 0xfffd;
            return 1;
        }
        c = (c << 6) | (s[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
        *cp = 0xfffd;
        return n;
    }
    *cp = c;
    return n;
}

char *tt_utf8_valid(const char *s)
{
    if (!s)
        s = "";
    size_t len = strlen(s);
    struct tt_buf b = {0};
    for (size_t i = 0; i < len;) {
        unsigned int cp;
        size_t n = tt_utf8_decode(s + i, len - i, &cp);
        if (cp == 0xfffd)
            tt_buf_puts(&b, "\xef\xbf\xbd");
        else
            tt_buf_append(&b, s + i, n);
        i += n;
    }
    return tt_buf_steal(&b);
}

static void put_utf8(struct tt_buf *b, unsigned int cp)
{
    char out[4];
    size_t n;
    if (cp < 0x80) {
        out[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6)), out[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12)), out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
    } else {
        out[0] = (char)(0xf0 | (cp >> 18)), out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3f)), out[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
    }
    tt_buf_append(b, out, n);
}

static int is_bidi_control(unsigned int cp)
{
    return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
           cp == 0x200f || cp == 0x061c;
}

char *tt_sanitize(const char *s, int flags)
{
    enum { TEXT, ESC, CSI, STR, STR_ESC } st = TEXT;
    struct tt_buf b = {0};
    tt_buf_reserve(&b, s ? strlen(s) : 0);
    if (!s)
        return tt_buf_steal(&b);
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned int cp;
        i += tt_utf8_decode(s + i, len - i, &cp);
        switch (st) {
        case ESC:
            if (cp == '[')
                st = CSI;
            else if (cp == ']' || cp == 'P' || cp == 'X' || cp == '^' || cp == '_')
                st = STR;
            else
                st = TEXT;
            continue;
        case CSI:
            if (cp >= 0x40 && cp <= 0x7e)
                st = TEXT;
            else if (cp < 0x20 || cp > 0x7e)
                st = TEXT; /* malformed: stop swallowing */
            continue;
        case STR:
            if (cp == 0x07)
                st = TEXT;
            else if (cp == 0x1b)
                st = STR_ESC;
            continue;
        case STR_ESC:
            st = cp == '\\' ? TEXT : STR;
            continue;
        case TEXT:
            break;
        }
        if (cp == 0x1b) {
            st = ESC;
        } else if (cp == '\n') {
            tt_buf_putc(&b, (flags & TT_SAN_KEEP_NEWLINES) ? '\n' : ' ');
        } else if (cp == '\t') {
            tt_buf_putc(&b, ' ');
        } else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || is_bidi_control(cp)) {
            /* dropped */
        } else {
            put_utf8(&b, cp);
        }
    }
    return tt_buf_steal(&b);
}

/* East Asian Wide and Fullwidth ranges, for when the C library's locale has no
 * width data (wcwidth returns -1 outside a UTF-8 locale). */
static int cp_width_fallback(unsigned int cp)
{
    static const unsigned int wide[][2] = {
        {0x1100, 0x115f},   {0x2e80, 0x303e},   {0x3041, 0x33ff},   {0x3400, 0x4dbf},
        {0x4e00, 0x9fff},   {0xa000, 0xa4cf},   {0xac00, 0xd7a3},   {0xf900, 0xfaff},
        {0xfe30, 0xfe4f},   {0xff00, 0xff60},   {0xffe0, 0xffe6},   {0x1f300, 0x1f64f},
        {0x1f900, 0x1f9ff}, {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
    };
    if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) ||
        (cp >= 0xfe00 && cp <= 0xfe0f))
        return 0;
    for (size_t i = 0; i < TT_ARRAY_LEN(wide); i++)
        if (cp >= wide[i][0] && cp <= wide[i][1])
            return 2;
    return 1;
}

static int cp_width(unsigned int cp)
{
    if (cp < 0x20 || cp == 0x7f)
        return 0;
    if (cp < 0x7f)
        return 1;
    int w = wcwidth((wchar_t)cp);
    if (w >= 0)
        return w;
    return cp_width_fallback(cp);
}

int tt_text_width(const char *s)
{
    int cols = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned int cp;
        i += tt_utf8_decode(s + i, len - i, &cp);
        cols += cp_width(cp);
    }
    return cols;
}

size_t tt_text_fit(const char *s, int max_cols, int *cols_out)
{
    /* reads only as far as the columns go: callers wrap long texts a line at
     * a time, and a strlen per line made that quadratic */
    int cols = 0;
    size_t i = 0;
    while (s[i]) {
        unsigned int cp;
        size_t n = tt_utf8_decode(s + i, strnlen(s + i, 4), &cp);
        int w = cp_width(cp);
        if (cols + w > max_cols)
            break;
        cols += w;
        i += n;
    }
    if (cols_out)
        *cols_out = cols;
    return i;
}

char *tt_text_truncate(const char *s, int max_cols)
{
    if (max_cols <= 0)
        return xstrdup("");
    if (tt_text_width(s) <= max_cols)
        return xstrdup(s);
    size_t n = tt_text_fit(s, max_cols - 1, NULL);
    struct tt_buf b = {0};
    tt_buf_append(&b, s, n);
    tt_buf_puts(&b, "\xe2\x80\xa6");
    return tt_buf_steal(&b);
}
