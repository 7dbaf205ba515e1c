/*
 * app.c: the console without a terminal: a stack of screens, the key
 * dispatcher, the `:` command line, the `/` filter prompt and the status line.
 *
 * Keys go to the top screen's table, then the list keys (screens that want
 * them), then the global table.  C-c is never a screen's: in a prompt it
 * cancels the prompt as Esc does, elsewhere it asks "Quit ticketty?" in the
 * status line, which y or a second C-c answers (a stray C-c, meant to copy
 * text, costs nothing; any other key is swallowed and the console stays).  Rendering draws the
 * title bar, the top screen's rectangle and the status line into a canvas; term.c puts that on the
 * terminal and tests compare it with golden text.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

struct tt_app *tt_app_new(const struct tt_app_opts *o, struct tt_err *err)
{
    struct tt_app *app = xcalloc(1, sizeof *app);
    app->store = o->store;
    app->config = o->config;
    app->theme = o->theme;
    app->rows = o->rows > 0 ? o->rows : 24;
    app->cols = o->cols > 0 ? o->cols : 80;
    app->now = tt_now();
    app->running = true;
    const struct tt_screen_type *q = tt_screen_type_find("queue");
    struct tt_screen *s = q ? q->open(app, "", err) : NULL;
    if (!s) {
        if (!q)
            tt_errf(err, "console: no queue screen");
        free(app);
        return NULL;
    }
    tt_app_push(app, s);
    return app;
}

void tt_app_free(struct tt_app *app)
{
    if (!app)
        return;
    while (app->top) {
        struct tt_screen *s = app->top;
        app->top = s->below;
        s->type->free(s);
    }
    for (size_t i = 0; i < app->n_dyn; i++) {
        free(app->dyn[i].name);
        free(app->dyn[i].text);
    }
    free(app->dyn);
    free(app->message);
    free(app->prompt_saved);
    tt_buf_free(&app->prompt);
    free(app);
}

bool tt_app_redraw_soon(struct tt_app *app)
{
    if (!app->input_pending)
        return false;
    app->again = true;
    return true;
}

void tt_app_interruptible(struct tt_app *app, bool on)
{
    if (!app->input_pending || !app->store)
        return;
    tt_store_set_interrupt(app->store, on ? app->input_pending : NULL, app->input_arg);
}

bool tt_app_running(const struct tt_app *app)
{
    return app->running;
}

struct tt_store *tt_app_store(struct tt_app *app)
{
    return app->store;
}

const struct tt_config *tt_app_config(struct tt_app *app)
{
    return app->config;
}

int64_t tt_app_now(struct tt_app *app)
{
    return app->now;
}

struct tt_rect tt_app_content_rect(const struct tt_app *app)
{
    int h = app->rows - 2;
    return (struct tt_rect){1, 0, h > 0 ? h : 0, app->cols};
}

void tt_app_push(struct tt_app *app, struct tt_screen *s)
{
    s->below = app->top;
    app->top = s;
    struct tt_rect r = tt_app_content_rect(app);
    if (s->type->resize)
        s->type->resize(s, app, r.h, r.w);
}

static void pop(struct tt_app *app)
{
    struct tt_screen *s = app->top;
    if (!s)
        return;
    app->top = s->below;
    s->type->free(s);
    if (!app->top) {
        app->running = false;
        return;
    }
    /* the screen below may have missed a resize while covered, and what the
     * screen above wrote (a triage override, a vote) */
    struct tt_rect r = tt_app_content_rect(app);
    if (app->top->type->resize)
        app->top->type->resize(app->top, app, r.h, r.w);
    if (app->top->type->tick)
        app->top->type->tick(app->top, app);
}

bool tt_app_open(struct tt_app *app, const char *name, const char *arg)
{
    const struct tt_screen_type *t = tt_screen_type_find(name);
    if (!t) {
        tt_app_message(app, TT_ROLE_ERROR, "no screen '%s' (:help lists the commands)", name);
        return false;
    }
    struct tt_err err;
    tt_err_clear(&err);
    struct tt_screen *s = t->open(app, arg ? arg : "", &err);
    if (!s) {
        tt_app_message(app, TT_ROLE_ERROR, "%s", err.msg[0] ? err.msg : "cannot open");
        return false;
    }
    tt_app_push(app, s);
    return true;
}

void tt_app_message(struct tt_app *app, enum tt_role role, const char *fmt, ...)
{
    struct tt_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    tt_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    free(app->message);
    app->message = tt_sanitize(tt_buf_str(&b), 0);
    app->message_role = role;
    tt_buf_free(&b);
}

void tt_app_status_set(struct tt_app *app, const char *name, enum tt_role role, const char *text)
{
    for (size_t i = 0; i < app->n_dyn; i++) {
        if (!tt_streq(app->dyn[i].name, name))
            continue;
        free(app->dyn[i].text);
        if (text) {
            app->dyn[i].text = tt_sanitize(text, 0);
            app->dyn[i].role = role;
        } else {
            free(app->dyn[i].name);
            app->dyn[i] = app->dyn[--app->n_dyn];
        }
        return;
    }
    if (!text)
        return;
    app->dyn = xrealloc(app->dyn, (app->n_dyn + 1) * sizeof *app->dyn);
    app->dyn[app->n_dyn].name = xstrdup(name);
    app->dyn[app->n_dyn].text = tt_sanitize(text, 0);
    app->dyn[app->n_dyn].role = role;
    app->n_dyn++;
}

void tt_app_resize(struct tt_app *app, int rows, int cols)
{
    app->rows = rows > 3 ? rows : 3;
    app->cols = cols > 10 ? cols : 10;
    struct tt_rect r = tt_app_content_rect(app);
    if (app->top && app->top->type->resize)
        app->top->type->resize(app->top, app, r.h, r.w);
}

/* ---- prompt ------------------------------------------------------------- */

/* The prompt starts from text a screen hands over (a ticket's subject, say):
 * sanitised, as if it had been typed. */
void tt_app_filter_start(struct tt_app *app, const char *current)
{
    app->prompt_mode = TT_PROMPT_FILTER;
    tt_buf_free(&app->prompt);
    char *clean = tt_sanitize(current, 0);
    tt_buf_puts(&app->prompt, clean);
    free(app->prompt_saved);
    app->prompt_saved = xstrdup(current ? current : "");
    free(clean);
}

void tt_app_command_start(struct tt_app *app, const char *text)
{
    app->prompt_mode = TT_PROMPT_COMMAND;
    tt_buf_free(&app->prompt);
    char *clean = tt_sanitize(text, 0);
    tt_buf_puts(&app->prompt, clean);
    free(clean);
}

int tt_app_external(struct tt_app *app, int (*fn)(void *ud), void *ud)
{
    if (app->suspend)
        app->suspend(app, true);
    int rc = fn(ud);
    if (app->suspend)
        app->suspend(app, false);
    app->redraw = true;
    return rc;
}

bool tt_app_has_terminal(const struct tt_app *app)
{
    return app->suspend != NULL;
}

static void prompt_utf8(struct tt_buf *b, int key)
{
    unsigned c = (unsigned)key;
    if (c < 0x80) {
        tt_buf_putc(b, (char)c);
    } else if (c < 0x800) {
        tt_buf_putc(b, (char)(0xc0 | (c >> 6)));
        tt_buf_putc(b, (char)(0x80 | (c & 0x3f)));
    } else if (c < 0x10000) {
        tt_buf_putc(b, (char)(0xe0 | (c >> 12)));
        tt_buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
        tt_buf_putc(b, (char)(0x80 | (c & 0x3f)));
    } else {
        tt_buf_putc(b, (char)(0xf0 | (c >> 18)));
        tt_buf_putc(b, (char)(0x80 | ((c >> 12) & 0x3f)));
        tt_buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
        tt_buf_putc(b, (char)(0x80 | (c & 0x3f)));
    }
}

/* Backspace takes the last character as the agent sees it: a whole grapheme
 * cluster (é with its accent, 👩‍💻), not the last code point of it. */
static void prompt_backspace(struct tt_buf *b)
{
    size_t last = 0;
    for (size_t at = 0; at < b->len;) {
        last = at;
        at += tt_text_cluster(b->data + at, b->len - at, NULL);
    }
    b->len = last;
    if (b->data)
        b->data[b->len] = '\0';
}

static void filter_changed(struct tt_app *app, const char *text)
{
    if (app->top && app->top->type->filter)
        app->top->type->filter(app->top, app, text);
}

static const struct {
    const char *name, *help;
} app_commands[] = {
    {":q, :quit", "quit ticketty"},
    {":N, :ticket N", "open ticket N"},
    {":help", "the keys of the current screen"},
    {":sort updated|breach|id", "queue order: last updated, next SLA breach, ticket id"},
    {":filter TEXT", "queue filter (like /); :filter alone clears it"},
    {":NAME [ARG]", "open the screen NAME (the screens are listed below)"},
};

void tt_app_each_command(void (*fn)(void *arg, const char *name, const char *help), void *arg)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(app_commands); i++)
        fn(arg, app_commands[i].name, app_commands[i].help);
}

void tt_app_print_commands(FILE *out)
{
    fprintf(out, "Commands (after ':')\n");
    for (size_t i = 0; i < TT_ARRAY_LEN(app_commands); i++)
        fprintf(out, "  %-25s %s\n", app_commands[i].name, app_commands[i].help);
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

/* Run a `:` command line. */
static void run_command(struct tt_app *app, const char *line)
{
    char *copy = xstrdup(line);
    /* every word: `:reply TEXT` and `:filter TEXT` take the whole line */
    char **argv = xmalloc((strlen(line) / 2 + 2) * sizeof *argv);
    int argc = 0;
    char *save = NULL;
    for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
        argv[argc++] = w;
    argv[argc] = NULL;
    if (argc == 0)
        goto out;
    /* the rest of the line after the first word, for screens taking text */
    const char *rest = line;
    while (*rest == ' ' || *rest == '\t')
        rest++;
    rest += strlen(argv[0]);
    while (*rest == ' ' || *rest == '\t')
        rest++;
    if (tt_streq(argv[0], "q") || tt_streq(argv[0], "quit") || tt_streq(argv[0], "q!") ||
        tt_streq(argv[0], "qa")) {
        app->running = false;
        goto out;
    }
    if (tt_streq(argv[0], "help") || tt_streq(argv[0], "h")) {
        tt_app_open(app, "help", app->top ? app->top->type->name : "queue");
        goto out;
    }
    if (all_digits(argv[0])) {
        tt_app_open(app, "ticket", argv[0]);
        goto out;
    }
    if (app->top && app->top->type->command) {
        int rc = app->top->type->command(app->top, app, argc, argv);
        if (rc != 0)
            goto out;
    }
    /* the queue understands sort and filter even when another screen is on top */
    for (struct tt_screen *s = app->top ? app->top->below : NULL; s; s = s->below)
        if (tt_streq(s->type->name, "queue") && s->type->command &&
            (tt_streq(argv[0], "sort") || tt_streq(argv[0], "filter"))) {
            if (s->type->command(s, app, argc, argv) != 0)
                goto out;
        }
    if (tt_screen_type_find(argv[0])) {
        tt_app_open(app, argv[0], rest);
        goto out;
    }
    tt_app_message(app, TT_ROLE_ERROR, "unknown command ':%s' (:help lists the commands)", argv[0]);
out:
    free(argv);
    free(copy);
}

static const char quit_question[] = "Quit ticketty? y or C-c quits, any other key stays";

static void prompt_key(struct tt_app *app, int key)
{
    if (app->prompt_mode == TT_PROMPT_QUIT) {
        app->prompt_mode = TT_PROMPT_NONE;
        if (key == 'y' || key == 'Y' || key == TT_KEY_CTRL('c'))
            app->running = false;
        return;
    }
    bool filter = app->prompt_mode == TT_PROMPT_FILTER;
    switch (key) {
    case TT_KEY_ENTER:
    case '\n': {
        char *text = xstrdup(tt_buf_str(&app->prompt));
        app->prompt_mode = TT_PROMPT_NONE;
        if (!filter)
            run_command(app, text);
        free(text);
        return;
    }
    case TT_KEY_ESC:
    case TT_KEY_CTRL('c'):
        app->prompt_mode = TT_PROMPT_NONE;
        if (filter)
            filter_changed(app, app->prompt_saved ? app->prompt_saved : "");
        return;
    case TT_KEY_BACKSPACE:
    case 8:
        if (app->prompt.len == 0) {
            app->prompt_mode = TT_PROMPT_NONE;
            return;
        }
        prompt_backspace(&app->prompt);
        break;
    case TT_KEY_CTRL('u'):
        tt_buf_free(&app->prompt);
        break;
    case TT_KEY_TICK:
    case TT_KEY_RESIZE:
        return;
    default:
        if (key < 0x20 || key >= 0x110000 || key == 0x7f || (key >= 0x80 && key < 0xa0))
            return;
        /* a filter is a few words; a command may carry a reply (:reply TEXT) */
        if (app->prompt.len > (filter ? 200u : 8000u))
            return;
        prompt_utf8(&app->prompt, key);
        break;
    }
    if (filter)
        filter_changed(app, tt_buf_str(&app->prompt));
}

/* ---- keys --------------------------------------------------------------- */

bool tt_app_key(struct tt_app *app, int key)
{
    if (!app->running)
        return false;
    if (key == TT_KEY_TICK) {
        app->now = tt_now();
        if (app->top && app->top->type->tick)
            app->top->type->tick(app->top, app);
        return app->running;
    }
    if (key == TT_KEY_RESIZE)
        return app->running;
    if (key == TT_KEY_PASTE_START) {
        app->pasting = true;
        app->paste_from = app->prompt.len;
        return app->running;
    }
    if (key == TT_KEY_PASTE_END) {
        /* a copied line ends with its line break: no trailing blank from it
         * ("charge " would filter for a word followed by a blank) */
        bool typing = app->prompt_mode == TT_PROMPT_COMMAND || app->prompt_mode == TT_PROMPT_FILTER;
        size_t len = app->prompt.len;
        while (app->pasting && typing && len > app->paste_from && app->prompt.data[len - 1] == ' ')
            len--;
        if (len < app->prompt.len) {
            app->prompt.len = len;
            app->prompt.data[len] = '\0';
            if (app->prompt_mode == TT_PROMPT_FILTER)
                filter_changed(app, tt_buf_str(&app->prompt));
        }
        app->pasting = false;
        return app->running;
    }
    /* Pasted text is text: in a `:` or `/` prompt (one line) its line breaks
     * and tabs are blanks, so a pasted reply stays in the prompt until Enter;
     * anywhere else it is not a stream of commands (a reply pasted on the
     * ticket screen would quit, assign, accept the triage...) and is dropped. */
    if (app->pasting) {
        bool typing = app->prompt_mode == TT_PROMPT_COMMAND || app->prompt_mode == TT_PROMPT_FILTER;
        if (!typing) {
            tt_app_message(app, TT_ROLE_MUTED,
                           "pasted text ignored: paste into a prompt (: or /), or into $EDITOR");
            return app->running;
        }
        if (key == TT_KEY_ENTER || key == '\n' || key == '\t')
            key = ' ';
        else if (key < 0x20 || key == 0x7f || key >= 0x110000)
            return app->running; /* Esc, Backspace, C-c... in a paste are not editing */
    }
    free(app->message);
    app->message = NULL;
    if (app->prompt_mode != TT_PROMPT_NONE) {
        prompt_key(app, key);
        return app->running;
    }
    struct tt_screen *s = app->top;
    int action = tt_binding_find(s->type->keys, key);
    if (action > 0 && action < TT_ACT_BACK && s->type->action(s, app, action))
        return app->running;
    if (!action && s->type->list_keys && (action = tt_binding_find(tt_listview_keys, key)) &&
        s->type->action(s, app, action))
        return app->running;
    /* on the queue, a screen's .open_key opens it */
    if (!action && tt_streq(s->type->name, "queue")) {
        for (size_t i = 0; i < tt_screen_types_count; i++)
            if (tt_screen_types[i]->open_key == key) {
                tt_app_open(app, tt_screen_types[i]->name, "");
                return app->running;
            }
    }
    /* a screen may bind a key to an app action (h = back on the ticket screen) */
    if (action < TT_ACT_BACK)
        action = tt_binding_find(tt_global_keys, key);
    switch (action) {
    case TT_ACT_BACK:
        pop(app);
        break;
    case TT_ACT_QUIT:
        app->running = false;
        break;
    case TT_ACT_HELP:
        if (!tt_streq(s->type->name, "help"))
            tt_app_open(app, "help", s->type->name);
        break;
    case TT_ACT_COMMAND:
        app->prompt_mode = TT_PROMPT_COMMAND;
        tt_buf_free(&app->prompt);
        break;
    case TT_ACT_REDRAW:
        app->redraw = true;
        break;
    case TT_ACT_INTERRUPT:
        app->prompt_mode = TT_PROMPT_QUIT;
        tt_buf_free(&app->prompt);
        break;
    default:
        if (key > 0 && key != TT_KEY_RESIZE) {
            char kb[32];
            tt_app_message(app, TT_ROLE_MUTED, "%s: no such key here (? for help)",
                           tt_key_name(key, kb, sizeof kb));
        }
        break;
    }
    return app->running;
}

bool tt_app_keys(struct tt_app *app, const char *keys)
{
    size_t len = strlen(keys);
    for (size_t i = 0; i < len;) {
        unsigned int cp;
        i += tt_utf8_decode(keys + i, len - i, &cp);
        if (cp == '\n')
            cp = TT_KEY_ENTER;
        if (!tt_app_key(app, (int)cp))
            return false;
    }
    return app->running;
}

/* ---- render ------------------------------------------------------------- */

static void draw_status(struct tt_app *app, struct tt_canvas *c)
{
    struct tt_rect line = {app->rows - 1, 0, 1, app->cols};
    tt_draw_fill(c, line, TT_ROLE_STATUS_LINE);
    /* right side: registered slots, then run-time ones, each in its own role
     * (a breached SLA count or a failed outbox stands out) */
    const struct tt_status_slot *slots[64];
    size_t ns = 0;
    for (size_t i = 0; i < tt_status_slots_count && ns < 64; i++)
        slots[ns++] = tt_status_slots[i];
    for (size_t i = 1; i < ns; i++) /* insertion sort by order */
        for (size_t j = i; j > 0 && slots[j]->order < slots[j - 1]->order; j--) {
            const struct tt_status_slot *t = slots[j];
            slots[j] = slots[j - 1];
            slots[j - 1] = t;
        }
    struct segment {
        char *text;
        enum tt_role role;
    } *seg = xmalloc((ns + app->n_dyn + 1) * sizeof *seg);
    size_t nseg = 0;
    int rw = 0;
    for (size_t i = 0; i < ns; i++) {
        char buf[128];
        enum tt_role role = TT_ROLE_STATUS_LINE;
        buf[0] = '\0';
        if (!slots[i]->text(app, buf, sizeof buf, &role) || !buf[0])
            continue;
        seg[nseg++] = (struct segment){tt_sanitize(buf, 0), role};
    }
    for (size_t i = 0; i < app->n_dyn; i++)
        seg[nseg++] = (struct segment){xstrdup(app->dyn[i].text), app->dyn[i].role};
    for (size_t i = 0; i < nseg; i++)
        rw += (i ? 3 : 0) + tt_text_width(seg[i].text);
    if (rw > app->cols / 2)
        rw = app->cols / 2;
    /* a message is shown once, until the next key (an error naming the file
     * that keeps a draft, say): it takes the room it needs from the slots */
    bool asking = app->prompt_mode == TT_PROMPT_QUIT;
    const char *msg = asking ? quit_question : app->message;
    if ((app->prompt_mode == TT_PROMPT_NONE || asking) && msg) {
        int room = app->cols - 3 - tt_text_width(msg);
        if (rw > room)
            rw = room >= 10 ? room : 0;
    }
    /* so does what the agent is typing (":" or "/", the text, the cursor) */
    if (app->prompt_mode != TT_PROMPT_NONE && !asking) {
        int room = app->cols - 4 - tt_text_width(tt_buf_str(&app->prompt));
        if (rw > room)
            rw = room >= 10 ? room : 0;
    }
    int left_w = app->cols - rw - (rw ? 2 : 0);
    if (app->prompt_mode != TT_PROMPT_NONE && !asking) {
        const char *lead = app->prompt_mode == TT_PROMPT_FILTER ? "/" : ":";
        int n = tt_draw_text(c, line, 0, 0, left_w, TT_ROLE_PROMPT, lead);
        /* show the end of a long prompt (one pass: a pasted reply is 8,000
         * bytes, and measuring the rest after each cluster took seconds) */
        const char *p = tt_buf_str(&app->prompt);
        int pw = tt_text_width(p);
        while (pw > left_w - n - 1 && *p) {
            int w;
            p += tt_text_cluster(p, SIZE_MAX, &w);
            pw -= w;
        }
        n += tt_draw_text(c, line, 0, n, left_w - n, TT_ROLE_PROMPT, p);
        tt_draw_text(c, line, 0, n, 1, TT_ROLE_SELECTION, " ");
        app->cursor_x = n;
    } else if (msg) {
        tt_draw_text_cut(c, line, 0, 1, left_w - 1, asking ? TT_ROLE_PROMPT : app->message_role,
                         msg);
    } else {
        tt_draw_text_cut(c, line, 0, 1, left_w - 1, TT_ROLE_STATUS_LINE,
                         "? help  : command  q back");
    }
    int x = app->cols - rw - 1, used = 0;
    for (size_t i = 0; i < nseg; i++) {
        /* the first piece that does not fit ends with "…" and ends the line */
        const char *piece[2] = {i ? " | " : "", seg[i].text};
        enum tt_role role[2] = {TT_ROLE_STATUS_LINE, seg[i].role};
        for (int k = 0; k < 2 && used < rw; k++) {
            bool fits = tt_text_width(piece[k]) <= rw - used;
            used += tt_draw_text_cut(c, line, 0, x + used, rw - used, role[k], piece[k]);
            if (!fits)
                used = rw;
        }
        free(seg[i].text);
    }
    free(seg);
}

void tt_app_render(struct tt_app *app, struct tt_canvas *c)
{
    tt_canvas_resize(c, app->rows, app->cols);
    tt_canvas_clear(c);
    struct tt_rect title = {0, 0, 1, app->cols};
    tt_draw_fill(c, title, TT_ROLE_TITLE);
    struct tt_buf t = {0};
    tt_buf_puts(&t, " ticketty");
    /* breadcrumb: bottom of the stack first */
    const struct tt_screen *stack[32];
    int n = 0;
    for (const struct tt_screen *s = app->top; s && n < 32; s = s->below)
        stack[n++] = s;
    for (int i = n - 1; i >= 0; i--) {
        char label[128];
        snprintf(label, sizeof label, "%s", stack[i]->type->title);
        if (stack[i]->type->label)
            stack[i]->type->label((struct tt_screen *)stack[i], label, sizeof label);
        char *clean = tt_sanitize(label, 0);
        tt_buf_printf(&t, " \xe2\x80\xba %s", clean);
        free(clean);
    }
    tt_draw_text_cut(c, title, 0, 0, app->cols, TT_ROLE_TITLE, tt_buf_str(&t));
    tt_buf_free(&t);
    app->cursor_x = -1;
    if (app->top)
        app->top->type->draw(app->top, app, c, tt_app_content_rect(app));
    draw_status(app, c);
}
