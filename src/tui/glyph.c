/*
 * glyph.c: what of a cell's grapheme cluster the terminal backend sends.
 *
 * The canvas measures a cluster as a modern terminal draws it (text.h): an
 * emoji ZWJ sequence, a skin tone, a flag and ❤️ take 2 columns.  curses
 * counts a cell as wide as its first character (wcwidth) and sends every
 * character stored in it, but the terminal moves its cursor by what it draws:
 * where the two disagree, every later character of the row lands in the
 * wrong column.  So a cluster goes out whole only where the terminal is known
 * to advance exactly as far as curses counts; otherwise its first character
 * and its combining marks go out and the cell's other column is padded:
 *
 *   cluster                  curses counts   sent whole when
 *   é (e + U+0301), 🌍️       the base        always: marks and VS16 take no column
 *   👩‍💻 (ZWJ sequence)        2               the terminal draws 👩‍💻 in 2 columns
 *   👍🏽 (skin tone)           2               the terminal draws 👍🏽 in 2 columns
 *   ❤️ (narrow base + VS16)  1 + a blank     the terminal draws ❤️ in 1 column
 *   🇩🇪 (flag)                1 + 1           never in one cell: its halves go to
 *                                            the cell and its second column, and
 *                                            reach the terminal together
 *
 * A cluster of more code points than a curses cell holds (CCHARW_MAX, 5 in
 * ncurses 6: 👨‍👩‍👧 fits, 👨‍👩‍👧‍👦 does not) goes out as its first
 * character. What the terminal draws is measured at start-up (term.c asks for the cursor position
 * after each sample); not measured = not sent whole.
 */
#include <string.h>
#include <wchar.h>

#include "ticketty/text.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

const char *const tt_glyph_samples[TT_GLYPH__COUNT] = {
    [TT_GLYPH_ZWJ] = "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", /* 👩‍💻 */
    [TT_GLYPH_MOD] = "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",             /* 👍🏽 */
    [TT_GLYPH_VS16] = "\xe2\x9d\xa4\xef\xb8\x8f",                    /* ❤️ */
};

static bool is_ri(unsigned int cp)
{
    return cp >= 0x1f1e6 && cp <= 0x1f1ff;
}

void tt_glyph_of(const char *cluster, int width, const struct tt_glyph_caps *caps, size_t max,
                 struct tt_glyph *g)
{
    unsigned int cps[TT_GLYPH_MAX + 1];
    size_t n = 0, len = strlen(cluster);
    for (size_t i = 0; i < len && n < TT_ARRAY_LEN(cps);) {
        unsigned int cp;
        i += tt_utf8_decode(cluster + i, len - i, &cp);
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
            cp = ' '; /* the canvas never holds these; belt and braces */
        cps[n++] = cp;
    }
    if (max > TT_GLYPH_MAX)
        max = TT_GLYPH_MAX;
    if (n == 0)
        cps[n++] = ' ';
    int base_w = wcwidth((wchar_t)cps[0]);
    if (base_w < 1)
        base_w = 1;
    /* what follows the base: characters curses counts as columns (the joined
     * emoji of a ZWJ sequence, a skin tone, a flag's second half), VS16 */
    bool spacing = false, zwj = false, mod = false, vs16 = false;
    for (size_t i = 1; i < n; i++) {
        zwj |= cps[i] == 0x200d;
        mod |= cps[i] >= 0x1f3fb && cps[i] <= 0x1f3ff;
        vs16 |= cps[i] == 0xfe0f;
        spacing |= wcwidth((wchar_t)cps[i]) != 0;
    }
    bool flag = n >= 2 && is_ri(cps[0]) && is_ri(cps[1]);
    bool whole;
    if (n > max || flag)
        whole = false;
    else if (!spacing)
        /* marks only: curses counts the base, and so does the terminal,
         * unless VS16 turns a narrow symbol into a wide emoji (❤️) */
        whole = !(vs16 && base_w < width) || (caps && caps->adv[TT_GLYPH_VS16] == base_w);
    else
        whole = base_w == width && caps && (!zwj || caps->adv[TT_GLYPH_ZWJ] == width) &&
                (!mod || caps->adv[TT_GLYPH_MOD] == width);
    g->n = 0;
    if (whole) {
        for (size_t i = 0; i < n; i++)
            g->cp[g->n++] = cps[i];
    } else {
        /* the first character and the combining marks right after it */
        g->cp[g->n++] = cps[0];
        for (size_t i = 1; i < n && g->n < max; i++) {
            if (cps[i] == 0x200d || cps[i] == 0xfe0f || cps[i] == 0xfe0e ||
                wcwidth((wchar_t)cps[i]) != 0)
                break;
            g->cp[g->n++] = cps[i];
        }
    }
    g->adv = base_w;
    g->pad = flag && !whole ? cps[1] : ' ';
}
