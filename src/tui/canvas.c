/*
 * canvas.c: the in-memory cell grid every screen draws into.
 *
 * The terminal backend (term.c) copies the grid to curses; tests dump it as
 * text.  Drawing is clipped to a rectangle, measures grapheme clusters with
 * the same width rules as text.h (CJK = 2 columns, an emoji sequence = 2, a
 * combining mark stays with its letter), never splits a wide character or a
 * cluster, and drops control characters so nothing but printable text
 * reaches a cell.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/text.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

struct tt_canvas *tt_canvas_new(int rows, int cols)
{
    struct tt_canvas *c = xcalloc(1, sizeof *c);
    tt_canvas_resize(c, rows, cols);
    return c;
}

void tt_canvas_resize(struct tt_canvas *c, int rows, int cols)
{
    if (rows < 1)
        rows = 1;
    if (cols < 1)
        cols = 1;
    if (c->cells && rows == c->rows && cols == c->cols)
        return;
    free(c->cells);
    c->rows = rows;
    c->cols = cols;
    c->cells = xcalloc((size_t)rows * (size_t)cols, sizeof *c->cells);
    tt_canvas_clear(c);
}

void tt_canvas_free(struct tt_canvas *c)
{
    if (!c)
        return;
    free(c->cells);
    free(c);
}

struct tt_rect tt_canvas_rect(const struct tt_canvas *c)
{
    return (struct tt_rect){0, 0, c->rows, c->cols};
}

static void blank(struct tt_cell *cell, enum tt_role role)
{
    cell->ch[0] = ' ';
    cell->ch[1] = '\0';
    cell->w = 1;
    cell->role = (uint8_t)role;
}

void tt_canvas_clear(struct tt_canvas *c)
{
    for (int i = 0; i < c->rows * c->cols; i++)
        blank(&c->cells[i], TT_ROLE_NORMAL);
}

/* Intersect r with the canvas. */
static struct tt_rect clip(const struct tt_canvas *c, struct tt_rect r)
{
    if (r.x < 0) {
        r.w += r.x;
        r.x = 0;
    }
    if (r.y < 0) {
        r.h += r.y;
        r.y = 0;
    }
    if (r.x + r.w > c->cols)
        r.w = c->cols - r.x;
    if (r.y + r.h > c->rows)
        r.h = c->rows - r.y;
    if (r.w < 0)
        r.w = 0;
    if (r.h < 0)
        r.h = 0;
    return r;
}

static struct tt_cell *at(struct tt_canvas *c, int y, int x)
{
    return &c->cells[(size_t)y * (size_t)c->cols + (size_t)x];
}

/* Before overwriting the cell at (y, x): if it is half of a wide character,
 * blank the other half so no orphan half remains. */
static void unlink_wide(struct tt_canvas *c, int y, int x)
{
    struct tt_cell *cell = at(c, y, x);
    if (cell->w == 0 && x > 0)
        blank(at(c, y, x - 1), at(c, y, x - 1)->role);
    else if (cell->w == 2 && x + 1 < c->cols)
        blank(at(c, y, x + 1), at(c, y, x + 1)->role);
}

void tt_draw_fill(struct tt_canvas *c, struct tt_rect r, enum tt_role role)
{
    r = clip(c, r);
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++) {
            unlink_wide(c, y, x);
            blank(at(c, y, x), role);
        }
}

void tt_draw_role(struct tt_canvas *c, struct tt_rect r, enum tt_role role)
{
    r = clip(c, r);
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            at(c, y, x)->role = (uint8_t)role;
}

static bool is_control(unsigned int cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

int tt_draw_text(struct tt_canvas *c, struct tt_rect r, int y, int x, int max_cols,
                 enum tt_role role, const char *text)
{
    if (!text || y < 0 || y >= r.h || x < 0 || x >= r.w)
        return 0;
    struct tt_rect cr = clip(c, r);
    int ay = r.y + y;
    if (ay < cr.y || ay >= cr.y + cr.h)
        return 0;
    int right = r.x + r.w; /* exclusive, absolute */
    if (max_cols >= 0 && r.x + x + max_cols < right)
        right = r.x + x + max_cols;
    if (right > cr.x + cr.w)
        right = cr.x + cr.w;
    int ax = r.x + x;
    if (ax < cr.x)
        return 0;
    int start = ax;
    size_t len = strlen(text);
    for (size_t i = 0; i < len && ax < right;) {
        unsigned int cp;
        tt_utf8_decode(text + i, len - i, &cp);
        int w;
        size_t n = tt_text_cluster(text + i, len - i, &w);
        const char *one = text + i;
        i += n;
        if (is_control(cp))
            continue;
        if (w == 0)
            continue; /* a lone mark or a zero-width character: nothing to show */
        if (w > 2)
            w = 2;
        if (ax + w > right)
            break;
        unlink_wide(c, ay, ax);
        struct tt_cell *cell = at(c, ay, ax);
        if (cp == 0xfffd) { /* invalid input (or U+FFFD itself): the replacement char */
            memcpy(cell->ch, "\xef\xbf\xbd", 4);
        } else {
            /* the whole cluster, or as many of its characters as the cell
             * holds (é with 100 accents stays é, not e) */
            size_t keep = n;
            if (keep >= sizeof cell->ch) {
                keep = 0;
                for (size_t k; keep < n; keep += k) {
                    k = tt_utf8_decode(one + keep, n - keep, &cp);
                    if (keep + k >= sizeof cell->ch)
                        break;
                }
            }
            memcpy(cell->ch, one, keep);
            cell->ch[keep] = '\0';
        }
        cell->w = (uint8_t)w;
        cell->role = (uint8_t)role;
        if (w == 2) {
            unlink_wide(c, ay, ax + 1);
            struct tt_cell *next = at(c, ay, ax + 1);
            next->ch[0] = '\0';
            next->w = 0;
            next->role = (uint8_t)role;
        }
        ax += w;
    }
    return ax - start;
}

int tt_draw_text_cut(struct tt_canvas *c, struct tt_rect r, int y, int x, int max_cols,
                     enum tt_role role, const char *text)
{
    if (!text)
        return 0;
    int avail = r.w - x;
    if (max_cols >= 0 && max_cols < avail)
        avail = max_cols;
    if (avail <= 0)
        return 0;
    if (tt_text_width(text) <= avail)
        return tt_draw_text(c, r, y, x, avail, role, text);
    char *cut = tt_text_truncate(text, avail);
    int n = tt_draw_text(c, r, y, x, avail, role, cut);
    free(cut);
    return n;
}

int tt_draw_printf(struct tt_canvas *c, struct tt_rect r, int y, int x, int max_cols,
                   enum tt_role role, const char *fmt, ...)
{
    struct tt_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    tt_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    int n = tt_draw_text_cut(c, r, y, x, max_cols, role, tt_buf_str(&b));
    tt_buf_free(&b);
    return n;
}

void tt_draw_hline(struct tt_canvas *c, struct tt_rect r, int y, enum tt_role role)
{
    for (int x = 0; x < r.w; x++)
        tt_draw_text(c, r, y, x, 1, role, "\xe2\x94\x80");
}

char *tt_canvas_row(const struct tt_canvas *c, int y)
{
    struct tt_buf b = {0};
    size_t keep = 0;
    if (y >= 0 && y < c->rows) {
        for (int x = 0; x < c->cols; x++) {
            const struct tt_cell *cell = &c->cells[(size_t)y * (size_t)c->cols + (size_t)x];
            if (cell->w == 0)
                continue;
            tt_buf_puts(&b, cell->ch);
            if (!(cell->ch[0] == ' ' && cell->ch[1] == '\0'))
                keep = b.len;
        }
    }
    tt_buf_reserve(&b, 1);
    b.len = keep;
    b.data[keep] = '\0';
    return tt_buf_steal(&b);
}

char *tt_canvas_dump(const struct tt_canvas *c)
{
    struct tt_buf b = {0};
    for (int y = 0; y < c->rows; y++) {
        char *row = tt_canvas_row(c, y);
        tt_buf_puts(&b, row);
        tt_buf_putc(&b, '\n');
        free(row);
    }
    return tt_buf_steal(&b);
}

/* ---- word wrap ---------------------------------------------------------- */

static void push_line(char ***lines, size_t *n, size_t *cap, const char *s, size_t len)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *lines = xrealloc(*lines, *cap * sizeof **lines);
    }
    /* drop trailing blanks */
    while (len > 0 && s[len - 1] == ' ')
        len--;
    (*lines)[(*n)++] = xstrndup(s, len);
}

size_t tt_wrap(const char *text, int width, char ***lines_out)
{
    char **lines = NULL;
    size_t n = 0, cap = 0;
    if (width < 1)
        width = 1;
    const char *p = text ? text : "";
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t plen = nl ? (size_t)(nl - p) : strlen(p);
        char *para = xstrndup(p, plen);
        const char *s = para;
        size_t rest = plen; /* bytes left in the paragraph: no strlen per line */
        if (!*s)
            push_line(&lines, &n, &cap, "", 0);
        while (*s) {
            int cols;
            size_t fit = tt_text_fit(s, width, &cols);
            if (fit >= rest) {
                push_line(&lines, &n, &cap, s, rest);
                break;
            }
            /* break at the last blank inside the fitting prefix, if any */
            size_t brk = fit;
            if (s[fit] != ' ') {
                size_t j = fit;
                while (j > 0 && s[j - 1] != ' ')
                    j--;
                if (j > 0)
                    brk = j;
            }
            if (brk == 0) /* a character wider than the width: take it anyway, whole */
                brk = tt_text_cluster(s, rest, NULL);
            push_line(&lines, &n, &cap, s, brk);
            s += brk;
            rest -= brk;
            while (*s == ' ')
                s++, rest--;
        }
        free(para);
        if (!nl)
            break;
        p = nl + 1;
    }
    *lines_out = lines;
    return n;
}

void tt_wrap_free(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}
