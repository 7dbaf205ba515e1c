/*
 * render.c: an article's Markdown laid out for a terminal of a given width,
 * with md4c: headings, paragraphs with emphasis, inline code and links,
 * bullet and numbered lists (nested), block quotes, code blocks and tables
 * (aligned columns).  The result is lines of sanitised text with styled
 * spans; the console maps styles to theme roles.  Pure apart from md4c.
 */
#include <md4c.h>
#include <stdlib.h>
#include <string.h>

#include "kb_internal.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

struct run {
    char *text;
    enum tt_kb_style style;
};

struct cell {
    struct run *runs;
    size_t n;
};

struct rstate {
    struct tt_kb_render *out;
    int width;
    /* The block being collected. */
    struct run *runs;
    size_t n_runs;
    int span_emph, span_strong, span_code, span_link;
    struct tt_buf link_url;
    /* Nesting. */
    int list_depth, quote_depth;
    bool ordered[16];
    unsigned number[16];
    bool item_start; /* the next paragraph starts a list item */
    int heading;     /* level of the heading being collected, 0 = none */
    bool in_code;
    /* Tables. */
    bool in_table, in_cell;
    struct cell *cells; /* row-major, cols per row */
    size_t n_cells, cols, row_cells;
    bool head_row;
    size_t head_rows;
};

static void add_line(struct tt_kb_render *r, struct tt_buf *text, struct tt_kb_span *spans,
                     size_t n)
{
    r->lines = xrealloc(r->lines, (r->n + 1) * sizeof *r->lines);
    struct tt_kb_line *l = &r->lines[r->n++];
    l->text = text->data ? tt_buf_steal(text) : xstrdup("");
    l->spans = spans;
    l->n_spans = n;
}

static void blank(struct rstate *s)
{
    if (s->out->n && s->out->lines[s->out->n - 1].text[0] != '\0') {
        struct tt_buf b = {0};
        add_line(s->out, &b, NULL, 0);
    }
}

/* Lay runs out in lines of s->width columns: first line after `first`, the
 * rest after `cont` (both prefixes of equal width, drawn in `pstyle`). */
static void layout(struct rstate *s, const struct run *runs, size_t n, const char *first,
                   const char *cont, enum tt_kb_style pstyle)
{
    struct tt_buf line = {0};
    struct tt_kb_span *spans = NULL;
    size_t ns = 0;
    int col = 0, pw = tt_text_width(first);
    bool have_word = false, pending_space = false;
#define START_LINE(prefix)                                                                         \
    do {                                                                                           \
        if (*(prefix)) {                                                                           \
            spans = xrealloc(spans, (ns + 1) * sizeof *spans);                                     \
            spans[ns++] = (struct tt_kb_span){0, strlen(prefix), pstyle};                          \
        }                                                                                          \
        tt_buf_puts(&line, prefix);                                                                \
        col = pw;                                                                                  \
        have_word = false;                                                                         \
    } while (0)
    START_LINE(first);
    for (size_t i = 0; i < n; i++) {
        const char *p = runs[i].text;
        while (*p) {
            if (*p == ' ' || *p == '\n') {
                pending_space = have_word;
                p++;
                continue;
            }
            size_t wl = strcspn(p, " \n");
            char *word = xstrndup(p, wl);
            p += wl;
            const char *w = word;
            while (*w) {
                int ww = tt_text_width(w);
                int avail = s->width - col - (pending_space ? 1 : 0);
                if (have_word && ww > avail) {
                    add_line(s->out, &line, spans, ns);
                    spans = NULL;
                    ns = 0;
                    START_LINE(cont);
                    pending_space = false;
                    avail = s->width - col;
                }
                if (pending_space) {
                    tt_buf_putc(&line, ' ');
                    col++;
                    pending_space = false;
                }
                int used;
                size_t take =
                    ww <= avail ? strlen(w) : tt_text_fit(w, avail > 0 ? avail : 1, &used);
                if (take == 0) /* a wide character in a one-column gap */
                    take = tt_text_fit(w, 2, &used);
                if (ww <= avail)
                    used = ww;
                spans = xrealloc(spans, (ns + 1) * sizeof *spans);
                spans[ns++] = (struct tt_kb_span){line.len, take, runs[i].style};
                tt_buf_append(&line, w, take);
                col += used;
                have_word = true;
                w += take;
                if (*w) {
                    add_line(s->out, &line, spans, ns);
                    spans = NULL;
                    ns = 0;
                    START_LINE(cont);
                }
            }
            free(word);
        }
    }
#undef START_LINE
    add_line(s->out, &line, spans, ns);
}

static void clear_runs(struct run *runs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(runs[i].text);
    free(runs);
}

static void push_run(struct run **runs, size_t *n, const char *text, size_t len,
                     enum tt_kb_style st)
{
    char *raw = xstrndup(text, len);
    char *clean = tt_sanitize(raw, 0);
    free(raw);
    *runs = xrealloc(*runs, (*n + 1) * sizeof **runs);
    (*runs)[(*n)++] = (struct run){clean, st};
}

static enum tt_kb_style cur_style(struct rstate *s)
{
    if (s->heading)
        return TT_KB_STYLE_HEADING;
    if (s->span_code)
        return TT_KB_STYLE_CODE;
    if (s->span_link)
        return TT_KB_STYLE_LINK;
    if (s->span_strong)
        return TT_KB_STYLE_STRONG;
    if (s->span_emph)
        return TT_KB_STYLE_EMPH;
    if (s->quote_depth)
        return TT_KB_STYLE_QUOTE;
    return TT_KB_STYLE_NORMAL;
}

/* Prefixes for the current nesting: "  " per list level, "│ " per quote. */
static void prefixes(struct rstate *s, struct tt_buf *first, struct tt_buf *cont)
{
    for (int q = 0; q < s->quote_depth; q++) {
        tt_buf_puts(first, "│ ");
        tt_buf_puts(cont, "│ ");
    }
    for (int d = 0; d < s->list_depth; d++) {
        bool last = d == s->list_depth - 1;
        if (last && s->item_start) {
            char mark[16];
            if (s->ordered[d])
                snprintf(mark, sizeof mark, "%u. ", s->number[d]);
            else
                snprintf(mark, sizeof mark, "• ");
            tt_buf_puts(first, mark);
            for (int i = tt_text_width(mark); i > 0; i--)
                tt_buf_putc(cont, ' ');
        } else {
            const char *ind = s->ordered[d] ? "   " : "  ";
            tt_buf_puts(first, ind);
            tt_buf_puts(cont, ind);
        }
    }
}

static void flush_block(struct rstate *s)
{
    if (!s->n_runs)
        return;
    struct tt_buf first = {0}, cont = {0};
    prefixes(s, &first, &cont);
    layout(s, s->runs, s->n_runs, tt_buf_str(&first), tt_buf_str(&cont),
           s->quote_depth ? TT_KB_STYLE_QUOTE : TT_KB_STYLE_BULLET);
    s->item_start = false;
    tt_buf_free(&first);
    tt_buf_free(&cont);
    clear_runs(s->runs, s->n_runs);
    s->runs = NULL;
    s->n_runs = 0;
}

static char *cell_text(const struct cell *c)
{
    struct tt_buf b = {0};
    for (size_t i = 0; i < c->n; i++)
        tt_buf_puts(&b, c->runs[i].text);
    return b.data ? tt_buf_steal(&b) : xstrdup("");
}

static void flush_table(struct rstate *s)
{
    size_t cols = s->cols ? s->cols : 1, rows = s->n_cells / cols;
    int *w = xcalloc(cols, sizeof *w);
    char **txt = xcalloc(s->n_cells + 1, sizeof *txt);
    for (size_t i = 0; i < s->n_cells; i++) {
        txt[i] = cell_text(&s->cells[i]);
        int cw = tt_text_width(txt[i]);
        if (cw > w[i % cols])
            w[i % cols] = cw;
    }
    /* Shrink the widest columns until the row fits (" │ " between columns). */
    int total = 0;
    for (size_t c = 0; c < cols; c++)
        total += w[c];
    total += (int)(cols - 1) * 3;
    while (total > s->width) {
        size_t big = 0;
        for (size_t c = 1; c < cols; c++)
            if (w[c] > w[big])
                big = c;
        if (w[big] <= 3)
            break;
        w[big]--;
        total--;
    }
    for (size_t r = 0; r < rows; r++) {
        struct tt_buf line = {0};
        struct tt_kb_span *spans = NULL;
        size_t ns = 0;
        for (size_t c = 0; c < cols; c++) {
            if (c) {
                spans = xrealloc(spans, (ns + 1) * sizeof *spans);
                spans[ns++] = (struct tt_kb_span){line.len, strlen(" │ "), TT_KB_STYLE_TABLE};
                tt_buf_puts(&line, " │ ");
            }
            char *cut = tt_text_truncate(txt[r * cols + c], w[c]);
            spans = xrealloc(spans, (ns + 1) * sizeof *spans);
            spans[ns++] = (struct tt_kb_span){
                line.len, strlen(cut), r < s->head_rows ? TT_KB_STYLE_STRONG : TT_KB_STYLE_NORMAL};
            tt_buf_puts(&line, cut);
            for (int pad = w[c] - tt_text_width(cut); pad > 0 && c + 1 < cols; pad--)
                tt_buf_putc(&line, ' ');
            free(cut);
        }
        add_line(s->out, &line, spans, ns);
        if (r + 1 == s->head_rows) {
            struct tt_buf rule = {0};
            for (size_t c = 0; c < cols; c++) {
                if (c)
                    tt_buf_puts(&rule, "─┼─");
                for (int k = 0; k < w[c]; k++)
                    tt_buf_puts(&rule, "─");
            }
            struct tt_kb_span *sp = xmalloc(sizeof *sp);
            *sp = (struct tt_kb_span){0, rule.len, TT_KB_STYLE_TABLE};
            add_line(s->out, &rule, sp, 1);
        }
    }
    for (size_t i = 0; i < s->n_cells; i++) {
        free(txt[i]);
        clear_runs(s->cells[i].runs, s->cells[i].n);
    }
    free(txt);
    free(w);
    free(s->cells);
    s->cells = NULL;
    s->n_cells = s->cols = 0;
}

static int r_enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    struct rstate *s = ud;
    switch (type) {
    case MD_BLOCK_H:
        flush_block(s);
        blank(s);
        s->heading = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
        break;
    case MD_BLOCK_P:
        flush_block(s);
        if (!s->item_start && !s->in_table)
            blank(s);
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        flush_block(s);
        if (s->list_depth == 0)
            blank(s);
        if (s->list_depth < 15) {
            s->ordered[s->list_depth] = type == MD_BLOCK_OL;
            s->number[s->list_depth] =
                type == MD_BLOCK_OL ? ((MD_BLOCK_OL_DETAIL *)detail)->start : 0;
        }
        s->list_depth++;
        break;
    case MD_BLOCK_LI:
        flush_block(s);
        s->item_start = true;
        break;
    case MD_BLOCK_QUOTE:
        flush_block(s);
        blank(s);
        s->quote_depth++;
        break;
    case MD_BLOCK_CODE:
        flush_block(s);
        blank(s);
        s->in_code = true;
        break;
    case MD_BLOCK_HR: {
        flush_block(s);
        blank(s);
        struct tt_buf b = {0};
        for (int i = 0; i < s->width && i < 40; i++)
            tt_buf_puts(&b, "─");
        struct tt_kb_span *sp = xmalloc(sizeof *sp);
        *sp = (struct tt_kb_span){0, b.len, TT_KB_STYLE_TABLE};
        add_line(s->out, &b, sp, 1);
        break;
    }
    case MD_BLOCK_TABLE:
        flush_block(s);
        blank(s);
        s->in_table = true;
        s->cols = ((MD_BLOCK_TABLE_DETAIL *)detail)->col_count;
        s->head_rows = ((MD_BLOCK_TABLE_DETAIL *)detail)->head_row_count;
        break;
    case MD_BLOCK_TR:
        s->row_cells = 0;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        s->in_cell = true;
        s->cells = xrealloc(s->cells, (s->n_cells + 1) * sizeof *s->cells);
        s->cells[s->n_cells++] = (struct cell){NULL, 0};
        s->row_cells++;
        break;
    default:
        break;
    }
    return 0;
}

static int r_leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    struct rstate *s = ud;
    switch (type) {
    case MD_BLOCK_H:
        flush_block(s);
        s->heading = 0;
        break;
    case MD_BLOCK_P:
        flush_block(s);
        break;
    case MD_BLOCK_LI:
        if (s->item_start && !s->n_runs) {
            /* An empty item still shows its bullet. */
            push_run(&s->runs, &s->n_runs, "", 0, TT_KB_STYLE_NORMAL);
        }
        flush_block(s);
        if (s->list_depth > 0 && s->list_depth <= 15 && s->ordered[s->list_depth - 1])
            s->number[s->list_depth - 1]++;
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        flush_block(s);
        s->list_depth--;
        break;
    case MD_BLOCK_QUOTE:
        flush_block(s);
        s->quote_depth--;
        break;
    case MD_BLOCK_CODE: {
        /* Code lines verbatim (cut at the width), indented two columns. */
        struct tt_buf all = {0};
        for (size_t i = 0; i < s->n_runs; i++)
            tt_buf_puts(&all, s->runs[i].text);
        clear_runs(s->runs, s->n_runs);
        s->runs = NULL;
        s->n_runs = 0;
        const char *p = tt_buf_str(&all);
        while (*p) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            char *raw = xstrndup(p, len);
            char *cut = tt_text_truncate(raw, s->width > 3 ? s->width - 2 : 1);
            struct tt_buf b = {0};
            tt_buf_puts(&b, "  ");
            tt_buf_puts(&b, cut);
            struct tt_kb_span *sp = xmalloc(sizeof *sp);
            *sp = (struct tt_kb_span){2, strlen(cut), TT_KB_STYLE_CODE};
            add_line(s->out, &b, sp, 1);
            free(cut);
            free(raw);
            p += len + (nl != NULL);
        }
        tt_buf_free(&all);
        s->in_code = false;
        break;
    }
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        s->in_cell = false;
        break;
    case MD_BLOCK_TR:
        /* Rows with fewer cells than columns are padded. */
        while (s->cols && s->row_cells < s->cols) {
            s->cells = xrealloc(s->cells, (s->n_cells + 1) * sizeof *s->cells);
            s->cells[s->n_cells++] = (struct cell){NULL, 0};
            s->row_cells++;
        }
        break;
    case MD_BLOCK_TABLE:
        s->in_table = false;
        flush_table(s);
        break;
    default:
        break;
    }
    return 0;
}

static int r_enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
    struct rstate *s = ud;
    if (type == MD_SPAN_EM)
        s->span_emph++;
    else if (type == MD_SPAN_STRONG)
        s->span_strong++;
    else if (type == MD_SPAN_CODE)
        s->span_code++;
    else if (type == MD_SPAN_A) {
        s->span_link++;
        MD_SPAN_A_DETAIL *a = detail;
        s->link_url.len = 0;
        tt_buf_append(&s->link_url, a->href.text, a->href.size);
    }
    return 0;
}

static int r_leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
    struct rstate *s = ud;
    if (type == MD_SPAN_EM)
        s->span_emph--;
    else if (type == MD_SPAN_STRONG)
        s->span_strong--;
    else if (type == MD_SPAN_CODE)
        s->span_code--;
    else if (type == MD_SPAN_A) {
        s->span_link--;
        /* Show where the link goes, unless the text already is the URL. */
        struct run *last = s->in_cell ? NULL : s->n_runs ? &s->runs[s->n_runs - 1] : NULL;
        if (s->link_url.len && !(last && strcmp(last->text, tt_buf_str(&s->link_url)) == 0)) {
            char *u = xasprintf(" <%s>", tt_buf_str(&s->link_url));
            if (s->in_cell) {
                struct cell *c = &s->cells[s->n_cells - 1];
                push_run(&c->runs, &c->n, u, strlen(u), TT_KB_STYLE_URL);
            } else {
                push_run(&s->runs, &s->n_runs, u, strlen(u), TT_KB_STYLE_URL);
            }
            free(u);
        }
    }
    return 0;
}

static int r_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *ud)
{
    struct rstate *s = ud;
    const char *t = text;
    size_t n = size;
    if (type == MD_TEXT_NULLCHAR)
        return 0;
    if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR) {
        t = s->in_code ? "\n" : " ";
        n = 1;
    }
    if (type == MD_TEXT_HTML && !s->in_code)
        return 0;
    if (s->in_code) {
        /* Keep newlines: sanitising per line happens at layout. */
        char *raw = xstrndup(t, n);
        char *clean = tt_sanitize(raw, TT_SAN_KEEP_NEWLINES);
        free(raw);
        s->runs = xrealloc(s->runs, (s->n_runs + 1) * sizeof *s->runs);
        s->runs[s->n_runs++] = (struct run){clean, TT_KB_STYLE_CODE};
        return 0;
    }
    if (s->in_cell) {
        struct cell *c = &s->cells[s->n_cells - 1];
        push_run(&c->runs, &c->n, t, n, cur_style(s));
        return 0;
    }
    push_run(&s->runs, &s->n_runs, t, n, cur_style(s));
    return 0;
}

int tt_kb_render_markdown(const char *md, size_t len, int width, struct tt_kb_render *out)
{
    memset(out, 0, sizeof *out);
    struct rstate s = {0};
    s.out = out;
    s.width = width > 8 ? width : 8;
    MD_PARSER p = {0};
    p.flags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML;
    p.enter_block = r_enter_block;
    p.leave_block = r_leave_block;
    p.enter_span = r_enter_span;
    p.leave_span = r_leave_span;
    p.text = r_text;
    int rc = md_parse(md, (MD_SIZE)len, &p, &s);
    flush_block(&s);
    if (s.cells)
        flush_table(&s);
    tt_buf_free(&s.link_url);
    /* No leading blank line. */
    if (out->n && out->lines[0].text[0] == '\0') {
        free(out->lines[0].text);
        free(out->lines[0].spans);
        memmove(out->lines, out->lines + 1, (out->n - 1) * sizeof *out->lines);
        out->n--;
    }
    return rc == 0 ? 0 : -1;
}

void tt_kb_render_free(struct tt_kb_render *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->lines[i].text);
        free(r->lines[i].spans);
    }
    free(r->lines);
    memset(r, 0, sizeof *r);
}
