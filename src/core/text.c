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
 *
 * Widths are measured per extended grapheme cluster (UAX #29, the parts that
 * matter on a terminal), the way tmux 3.3+, kitty, wezterm and VTE draw them:
 *
 *   base  (Extend | ZWJ)*          combining marks, variation selectors,
 *                                  tags and ZWNJ add nothing: the base's width
 *   Pict Extend* ZWJ Pict ...      an emoji ZWJ sequence (👩‍💻): 2
 *   RI RI                          a flag (🇩🇪): 2; a lone RI keeps its width
 *   Pict Modifier                  a skin tone (👍🏽) joins its emoji: 2
 *   base VS16                      emoji presentation (❤️, 1️⃣): 2
 *
 * Format characters (ZWSP, bidi marks, BOM) are clusters of their own, never
 * Extend, so a cut between clusters can never hide one inside another.
 */
#include <stdbool.h>
#include <stdint.h>
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

/* cp as UTF-8 at out (4 bytes available); returns the bytes written. */
static size_t encode_utf8(char *out, unsigned int cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6)), out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12)), out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18)), out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f)), out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

static void put_utf8(struct tt_buf *b, unsigned int cp)
{
    char out[4];
    tt_buf_append(b, out, encode_utf8(out, cp));
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
        {0x1f680, 0x1f6ff}, {0x1f900, 0x1f9ff}, {0x1fa70, 0x1faff}, {0x20000, 0x2fffd},
        {0x30000, 0x3fffd},
    };
    if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1ab0 && cp <= 0x1aff) ||
        (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x200b && cp <= 0x200f) ||
        (cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0xfe00 && cp <= 0xfe0f) ||
        (cp >= 0xfe20 && cp <= 0xfe2f) || (cp >= 0xe0000 && cp <= 0xe01ef))
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

/* ---- grapheme clusters -------------------------------------------------- */

static bool is_regional_indicator(unsigned int cp)
{
    return cp >= 0x1f1e6 && cp <= 0x1f1ff;
}

static bool is_emoji_modifier(unsigned int cp)
{
    return cp >= 0x1f3fb && cp <= 0x1f3ff;
}

/* Extended_Pictographic, by its blocks: what an emoji ZWJ sequence, a skin
 * tone or VS16 attaches to. */
static bool is_pictographic(unsigned int cp)
{
    static const unsigned int pict[][2] = {
        {0x00a9, 0x00a9},   {0x00ae, 0x00ae},   {0x203c, 0x203c},   {0x2049, 0x2049},
        {0x2122, 0x2122},   {0x2139, 0x2139},   {0x2194, 0x2199},   {0x21a9, 0x21aa},
        {0x231a, 0x231b},   {0x2328, 0x2328},   {0x2388, 0x2388},   {0x23cf, 0x23cf},
        {0x23e9, 0x23f3},   {0x23f8, 0x23fa},   {0x24c2, 0x24c2},   {0x25aa, 0x25ab},
        {0x25b6, 0x25b6},   {0x25c0, 0x25c0},   {0x25fb, 0x25fe},   {0x2600, 0x27bf},
        {0x2934, 0x2935},   {0x2b05, 0x2b07},   {0x2b1b, 0x2b1c},   {0x2b50, 0x2b50},
        {0x2b55, 0x2b55},   {0x3030, 0x3030},   {0x303d, 0x303d},   {0x3297, 0x3297},
        {0x3299, 0x3299},   {0x1f000, 0x1f0ff}, {0x1f10d, 0x1f10f}, {0x1f12f, 0x1f12f},
        {0x1f16c, 0x1f171}, {0x1f17e, 0x1f17f}, {0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a},
        {0x1f1ad, 0x1f1e5}, {0x1f201, 0x1f20f}, {0x1f21a, 0x1f21a}, {0x1f22f, 0x1f22f},
        {0x1f232, 0x1f23a}, {0x1f23c, 0x1f23f}, {0x1f249, 0x1f3fa}, {0x1f400, 0x1f53d},
        {0x1f546, 0x1f64f}, {0x1f680, 0x1f6ff}, {0x1f774, 0x1f77f}, {0x1f7d5, 0x1f7ff},
        {0x1f80c, 0x1f80f}, {0x1f848, 0x1f84f}, {0x1f85a, 0x1f85f}, {0x1f888, 0x1f88f},
        {0x1f8ae, 0x1f8ff}, {0x1f90c, 0x1f93a}, {0x1f93c, 0x1f945}, {0x1f947, 0x1faff},
        {0x1fc00, 0x1fffd},
    };
    if (cp < 0xa9)
        return false;
    /* every non-ASCII cluster base asks: a binary search over the sorted blocks */
    size_t lo = 0, hi = TT_ARRAY_LEN(pict);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < pict[mid][0])
            hi = mid;
        else if (cp > pict[mid][1])
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

/* Format characters that are clusters of their own (Grapheme_Cluster_Break
 * Control), though they take no column. */
static bool is_format(unsigned int cp)
{
    return cp == 0x00ad || cp == 0x061c || cp == 0x180e || cp == 0x200b ||
           (cp >= 0x200e && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
           (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff || (cp >= 0xfff0 && cp <= 0xfffb);
}

static bool is_control_cp(unsigned int cp)
{
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
}

/* Does cp extend the cluster before it?  Zero-width marks do (combining
 * marks, variation selectors, tags, ZWNJ, Hangul vowel and final jamo);
 * a skin tone does after an emoji. */
static bool is_extend(unsigned int cp, bool after_pict)
{
    if (is_control_cp(cp) || is_format(cp) || cp < 0x300)
        return false;
    if (is_emoji_modifier(cp))
        return after_pict;
    return cp_width(cp) == 0;
}

/* The cluster starting at s: bytes (0 at the end or at a NUL), columns in
 * *cols.  Reads at most len bytes and stops at a NUL, so callers may pass
 * SIZE_MAX for a NUL-terminated string without measuring it first. */
static size_t cluster_at(const char *s, size_t len, int *cols)
{
    *cols = 0;
    if (len == 0 || !s[0])
        return 0;
    unsigned int base, cp;
    size_t i = tt_utf8_decode(s, strnlen(s, len < 4 ? len : 4), &base);
    if (is_control_cp(base) || is_format(base))
        return i; /* a cluster of its own, no column */
    int w = cp_width(base);
    bool pict = is_pictographic(base), joined = false, vs16 = false, zwj = false;
    bool ri = is_regional_indicator(base);
    while (i < len && s[i]) {
        size_t left = len - i;
        size_t n = tt_utf8_decode(s + i, strnlen(s + i, left < 4 ? left : 4), &cp);
        if (ri && is_regional_indicator(cp)) { /* the second half of a flag */
            ri = false;
            w = 2;
        } else if (cp == 0x200d) {
            zwj = true;
        } else if (zwj && pict && is_pictographic(cp)) {
            joined = true; /* an emoji ZWJ sequence goes on */
            zwj = false;
        } else if (is_extend(cp, pict)) {
            vs16 |= cp == 0xfe0f;
            zwj = false;
        } else {
            break;
        }
        if (cp != 0x200d && !is_regional_indicator(cp))
            ri = false;
        i += n;
    }
    bool keycap = base == '#' || base == '*' || (base >= '0' && base <= '9');
    if (joined || (vs16 && (pict || keycap)))
        w = 2;
    *cols = w;
    return i;
}

size_t tt_text_cluster(const char *s, size_t len, int *cols)
{
    int w;
    size_t n = cluster_at(s, len, &w);
    if (cols)
        *cols = w;
    return n;
}

int tt_text_width(const char *s)
{
    int cols = 0;
    for (size_t i = 0; s[i];) {
        int w;
        i += cluster_at(s + i, SIZE_MAX, &w);
        cols += w;
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
        int w;
        size_t n = cluster_at(s + i, SIZE_MAX, &w);
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

size_t tt_text_copy(char *dst, size_t size, const char *s)
{
    if (size == 0)
        return 0;
    if (!s)
        s = "";
    size_t len = strlen(s);
    if (len < size) {
        memcpy(dst, s, len + 1);
        return len;
    }
    static const char ellipsis[] = "\xe2\x80\xa6";
    size_t room = size >= sizeof ellipsis ? size - sizeof ellipsis : size - 1, at = 0;
    for (;;) {
        int w;
        size_t n = cluster_at(s + at, len - at, &w);
        if (n == 0 || at + n > room)
            break;
        at += n;
    }
    memcpy(dst, s, at);
    if (size >= sizeof ellipsis) {
        memcpy(dst + at, ellipsis, sizeof ellipsis);
        return at + sizeof ellipsis - 1;
    }
    dst[at] = '\0';
    return at;
}

/* ---- case folding ------------------------------------------------------- */

/* Simple lower-case mapping of one code point (UnicodeData.txt's lower case,
 * with CaseFolding.txt's choices where they differ: ς, µ, ſ fold too).
 * Blocks where capital and small letters alternate are ranges with a parity;
 * the rest are offsets. */
static unsigned int fold_cp(unsigned int cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    /* capital .. capital of a run mapped by a fixed offset */
    static const struct {
        unsigned int lo, hi;
        int delta;
    } shift[] = {
        {0x00c0, 0x00d6, 32}, {0x00d8, 0x00de, 32}, {0x0386, 0x0386, 38},
        {0x0388, 0x038a, 37}, {0x038c, 0x038c, 64}, {0x038e, 0x038f, 63},
        {0x0391, 0x03a1, 32}, {0x03a3, 0x03ab, 32}, {0x0400, 0x040f, 80},
        {0x0410, 0x042f, 32}, {0x0531, 0x0556, 48}, {0x10a0, 0x10c5, 0x2d00 - 0x10a0},
        {0xff21, 0xff3a, 32},
    };
    /* runs where each even (or odd) code point is a capital and the next its
     * small letter */
    static const struct {
        unsigned int lo, hi, parity;
    } pairs[] = {
        {0x0100, 0x012f, 0}, {0x0132, 0x0137, 0}, {0x0139, 0x0148, 1}, {0x014a, 0x0177, 0},
        {0x0179, 0x017e, 1}, {0x0182, 0x0185, 0}, {0x01a0, 0x01a5, 0}, {0x01cd, 0x01dc, 1},
        {0x01de, 0x01ef, 0}, {0x01f8, 0x021f, 0}, {0x0222, 0x0233, 0}, {0x0246, 0x024f, 0},
        {0x03d8, 0x03ef, 0}, {0x0460, 0x0481, 0}, {0x048a, 0x04bf, 0}, {0x04c1, 0x04ce, 1},
        {0x04d0, 0x052f, 0}, {0x1e00, 0x1e95, 0}, {0x1ea0, 0x1eff, 0},
    };
    /* single letters */
    static const unsigned int one[][2] = {
        {0x00b5, 0x03bc}, /* micro sign: μ */
        {0x0130, 0x0069}, /* İ: i */
        {0x0178, 0x00ff}, /* Ÿ */
        {0x017f, 0x0073}, /* long s */
        {0x01c4, 0x01c6}, {0x01c5, 0x01c6}, {0x01c7, 0x01c9}, {0x01c8, 0x01c9}, {0x01ca, 0x01cc},
        {0x01cb, 0x01cc}, {0x01f1, 0x01f3}, {0x01f2, 0x01f3}, {0x03c2, 0x03c3}, /* final sigma: σ */
        {0x04c0, 0x04cf},                                                       /* palochka */
        {0x1e9e, 0x00df}, /* capital sharp s: ß */
        {0x2126, 0x03c9}, /* ohm sign: ω */
        {0x212a, 0x006b}, /* kelvin sign: k */
        {0x212b, 0x00e5}, /* angstrom sign: å */
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(shift); i++)
        if (cp >= shift[i].lo && cp <= shift[i].hi)
            return (unsigned int)((int)cp + shift[i].delta);
    for (size_t i = 0; i < TT_ARRAY_LEN(pairs); i++)
        if (cp >= pairs[i].lo && cp <= pairs[i].hi)
            return (cp & 1) == pairs[i].parity ? cp + 1 : cp;
    for (size_t i = 0; i < TT_ARRAY_LEN(one); i++)
        if (cp == one[i][0])
            return one[i][1];
    return cp;
}

size_t tt_text_fold_into(char *dst, const char *s, size_t len, bool valid)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { /* most text: no decoding */
            dst[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        unsigned int cp;
        size_t n = tt_utf8_decode(s + i, len - i, &cp);
        if (cp != 0xfffd) {
            o += encode_utf8(dst + o, fold_cp(cp));
        } else if (!valid) {
            memcpy(dst + o, s + i, n); /* invalid bytes stay as they are */
            o += n;
        } else {
            memcpy(dst + o, "\xef\xbf\xbd", 3);
            o += 3;
        }
        i += n;
    }
    return o;
}

char *tt_text_fold(const char *s)
{
    if (!s)
        s = "";
    size_t len = strlen(s);
    char *out = xmalloc(len + 1);
    out[tt_text_fold_into(out, s, len, false)] = '\0';
    return out;
}
