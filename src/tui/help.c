/*
 * help.c: the `?` screen, and `ticketty keys`: both are generated from the
 * binding tables, so they list exactly what the keys do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "ticketty/text.h"

struct help {
    struct tt_screen base;
    char **lines; /* the text, one entry per line */
    size_t n_lines;
    char **rows; /* the lines wrapped to rows_w columns, what is drawn */
    size_t n_rows;
    int rows_w;
    int scroll, view_h;
};

enum { ACT_DOWN = 1, ACT_UP, ACT_PGDN, ACT_PGUP, ACT_TOP, ACT_BOTTOM };
static const struct tt_binding help_keys[] = {
    {'j', ACT_DOWN, "scroll down"},
    {TT_KEY_DOWN, ACT_DOWN, "scroll down"},
    {'k', ACT_UP, "scroll up"},
    {TT_KEY_UP, ACT_UP, "scroll up"},
    {TT_KEY_PGDN, ACT_PGDN, "page down"},
    {' ', ACT_PGDN, "page down"},
    {TT_KEY_PGUP, ACT_PGUP, "page up"},
    {'g', ACT_TOP, "top"},
    {'G', ACT_BOTTOM, "end"},
    {0, 0, NULL},
};

static void screen_keys(const struct tt_screen_type *t, FILE *out)
{
    char *title = xasprintf("%s screen%s%s%s", t->title, t->usage ? " (:" : "",
                            t->usage ? t->name : "", t->usage ? ")" : "");
    if (t->usage) {
        free(title);
        title = xasprintf("%s screen (:%s %s)", t->title, t->name, t->usage);
    }
    tt_bindings_format(t->keys, title, out);
    free(title);
    if (t->list_keys)
        tt_bindings_format(tt_listview_keys, NULL, out);
    if (t->open_key) {
        char kb[32];
        fprintf(out, "  %-18s %s (from the queue)\n", tt_key_name(t->open_key, kb, sizeof kb),
                t->title);
    }
}

/* The screen types in listing order (.order); returns how many (at most 64). */
static size_t sorted_types(const struct tt_screen_type *sorted[64])
{
    size_t n = 0;
    for (size_t i = 0; i < tt_screen_types_count && n < 64; i++)
        sorted[n++] = tt_screen_types[i];
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && sorted[j]->order < sorted[j - 1]->order; j--) {
            const struct tt_screen_type *t = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = t;
        }
    return n;
}

static void print_all(FILE *out, const struct tt_screen_type *first)
{
    if (first) {
        screen_keys(first, out);
        fputc('\n', out);
    }
    tt_bindings_format(tt_global_keys, "Everywhere", out);
    fputc('\n', out);
    tt_app_print_commands(out);
    const struct tt_screen_type *sorted[64];
    size_t n = sorted_types(sorted);
    for (size_t i = 0; i < n; i++) {
        if (sorted[i] == first)
            continue;
        fputc('\n', out);
        screen_keys(sorted[i], out);
    }
}

void tt_tui_print_keys(FILE *out)
{
    print_all(out, NULL);
}

static void each_binding(const struct tt_binding *map, const char *screen, tt_tui_key_fn *fn,
                         void *arg)
{
    char kb[32];
    for (const struct tt_binding *b = map; b && b->key; b++)
        fn(arg, screen, tt_key_name(b->key, kb, sizeof kb), b->action, b->help);
}

struct cmd_arg {
    tt_tui_key_fn *fn;
    void *arg;
};

static void each_command(void *arg, const char *name, const char *help)
{
    struct cmd_arg *c = arg;
    c->fn(c->arg, "command", name, 0, help);
}

void tt_tui_each_key(tt_tui_key_fn *fn, void *arg)
{
    each_binding(tt_global_keys, "global", fn, arg);
    struct cmd_arg c = {fn, arg};
    tt_app_each_command(each_command, &c);
    const struct tt_screen_type *sorted[64];
    size_t n = sorted_types(sorted);
    for (size_t i = 0; i < n; i++) {
        const struct tt_screen_type *t = sorted[i];
        each_binding(t->keys, t->name, fn, arg);
        if (t->list_keys)
            each_binding(tt_listview_keys, t->name, fn, arg);
        if (t->open_key) {
            char kb[32], *help = xasprintf("%s (from the queue)", t->title);
            fn(arg, t->name, tt_key_name(t->open_key, kb, sizeof kb), 0, help);
            free(help);
        }
    }
}

static struct tt_screen *help_open(struct tt_app *app, const char *arg, struct tt_err *err)
{
    struct help *h = xcalloc(1, sizeof *h);
    extern const struct tt_screen_type tt_screen_help;
    h->base.type = &tt_screen_help;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        tt_fatal("help: out of memory");
    const struct tt_screen_type *first = tt_screen_type_find(arg && *arg ? arg : "queue");
    if (first == &tt_screen_help)
        first = NULL;
    print_all(mem, first);
    fclose(mem);
    /* one canvas line per text line */
    size_t cap = 0;
    const char *p = text;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (h->n_lines == cap) {
            cap = cap ? cap * 2 : 64;
            h->lines = xrealloc(h->lines, cap * sizeof *h->lines);
        }
        h->lines[h->n_lines++] = xstrndup(p, n);
        p = nl ? nl + 1 : p + n;
    }
    free(text);
    return &h->base;
}

static void free_rows(struct help *h)
{
    for (size_t i = 0; i < h->n_rows; i++)
        free(h->rows[i]);
    free(h->rows);
    h->rows = NULL;
    h->n_rows = 0;
}

static void add_row(struct help *h, size_t *cap, char *row)
{
    if (h->n_rows == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        h->rows = xrealloc(h->rows, *cap * sizeof *h->rows);
    }
    h->rows[h->n_rows++] = row;
}

/* Wrap the lines to w columns: a key's description goes on under its own
 * column ("  KEY<blanks>description": it starts after the first run of two
 * blanks or more past the key), a heading as more heading rows, so nothing
 * is lost behind an ellipsis.  Too narrow for that (under 16 columns of
 * description), key lines are cut. */
static void wrap_rows(struct help *h, int w)
{
    free_rows(h);
    h->rows_w = w;
    size_t cap = 0;
    for (size_t i = 0; i < h->n_lines; i++) {
        const char *l = h->lines[i];
        size_t key = strspn(l, " ");
        const char *gap = l[0] == ' ' ? strstr(l + key, "  ") : NULL;
        size_t indent = gap ? (size_t)(gap - l) + strspn(gap, " ") : 0;
        if (l[0] && l[0] != ' ' && tt_text_width(l) > w) { /* a heading: rows of headings */
            char **wl;
            size_t n = tt_wrap(l, w, &wl);
            for (size_t k = 0; k < n; k++)
                add_row(h, &cap, xstrdup(wl[k]));
            tt_wrap_free(wl, n);
            continue;
        }
        if (!gap || !l[indent] || tt_text_width(l) <= w || w - (int)indent < 16) {
            add_row(h, &cap, xstrdup(l));
            continue;
        }
        char **wl;
        size_t n = tt_wrap(l + indent, w - (int)indent, &wl);
        for (size_t k = 0; k < n; k++)
            add_row(h, &cap,
                    k ? xasprintf("%*s%s", (int)indent, "", wl[k])
                      : xasprintf("%.*s%s", (int)indent, l, wl[k]));
        tt_wrap_free(wl, n);
    }
}

static void help_draw(struct tt_screen *s, struct tt_app *app, struct tt_canvas *c,
                      struct tt_rect r)
{
    struct help *h = (struct help *)s;
    if (!h->rows || h->rows_w != r.w - 1)
        wrap_rows(h, r.w - 1);
    h->view_h = r.h;
    int max = (int)h->n_rows - r.h;
    if (h->scroll > max)
        h->scroll = max;
    if (h->scroll < 0)
        h->scroll = 0;
    for (int y = 0; y < r.h && h->scroll + y < (int)h->n_rows; y++) {
        const char *l = h->rows[h->scroll + y];
        bool heading = l[0] && l[0] != ' ';
        tt_draw_text_cut(c, r, y, 1, -1, heading ? TT_ROLE_HEADER : TT_ROLE_NORMAL, l);
    }
}

static bool help_action(struct tt_screen *s, struct tt_app *app, int action)
{
    struct help *h = (struct help *)s;
    int page = h->view_h > 1 ? h->view_h - 1 : 1;
    switch (action) {
    case ACT_DOWN:
        h->scroll++;
        break;
    case ACT_UP:
        h->scroll--;
        break;
    case ACT_PGDN:
        h->scroll += page;
        break;
    case ACT_PGUP:
        h->scroll -= page;
        break;
    case ACT_TOP:
        h->scroll = 0;
        break;
    case ACT_BOTTOM:
        h->scroll = (int)(h->n_rows > h->n_lines ? h->n_rows : h->n_lines);
        break;
    default:
        return false;
    }
    return true;
}

static void help_free(struct tt_screen *s)
{
    struct help *h = (struct help *)s;
    for (size_t i = 0; i < h->n_lines; i++)
        free(h->lines[i]);
    free(h->lines);
    free_rows(h);
    free(h);
}

const struct tt_screen_type tt_screen_help = {
    .name = "help",
    .title = "Help",
    .keys = help_keys,
    .order = 90,
    .open = help_open,
    .draw = help_draw,
    .action = help_action,
    .free = help_free,
};
