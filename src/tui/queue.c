/*
 * queue.c: the ticket queue, one row per ticket.
 *
 * Only the visible window is read from the store (LIMIT/OFFSET on an indexed
 * order), so a million tickets cost one small query per screenful.  The total
 * is never counted up front: the queue knows a lower bound (a count capped a
 * little past what is needed to move, or the end seen when a window comes
 * back short) and counts exactly only when asked to jump to the end (G).
 * A capped count asks for one row more than the cap, so "1,000+ tickets"
 * means more than 1,000 were found and exactly 1,000 reads "1,000 tickets".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "ticketty/text.h"

enum {
    ACT_OPEN = 100, /* above the list-view actions (TT_LV_*) */
    ACT_FILTER,
    ACT_CLEAR_FILTER,
    ACT_SORT_NEXT,
    ACT_RELOAD,
    ACT_ESC,
};

static const struct tt_binding queue_keys[] = {
    {TT_KEY_ENTER, ACT_OPEN, "open the ticket"},
    {'l', ACT_OPEN, "open the ticket"},
    {TT_KEY_RIGHT, ACT_OPEN, "open the ticket"},
    {'/', ACT_FILTER, "filter as you type (subject, requester, organisation, id)"},
    {'c', ACT_CLEAR_FILTER, "clear the filter"},
    {TT_KEY_ESC, ACT_ESC, "clear the filter; without one, nothing (Esc never quits: q does)"},
    {'s', ACT_SORT_NEXT, "next sort order (updated, breach, id)"},
    {'r', ACT_RELOAD, "reload from the database"},
    {0, 0, NULL},
};

#define COUNT_CAP 1000 /* first look: count at most this many matches */
#define MAX_COLS  32

struct queue {
    struct tt_screen base;
    struct tt_ticket_filter f;
    char *text; /* filter text (owned; f.text points here) */
    struct tt_listview lv;
    int64_t known;     /* rows known to exist while lv.total < 0 */
    int64_t more_than; /* a capped count found more rows than this (lv.total < 0) */
    struct tt_ticket *rows;
    size_t n_rows;
    int64_t rows_off;
    int rows_limit;
    bool stale;
    bool need_count;      /* learn the first lower bound at the next draw */
    int64_t data_version; /* of the store when the window was read */
    bool total_stale;     /* lv.total was counted before the store last changed */
    bool defer;           /* the filter changed: show the prompt first, query next frame */
    bool searching;       /* the last query gave way to a key: retried at the next draw */
    char *error;          /* last store error, shown in place of the rows */
    int64_t follow_id;    /* the selected ticket before a re-read: keep it selected */
    const struct tt_queue_column *cols[MAX_COLS];
    size_t n_cols;
};

static const char *order_name(enum tt_ticket_order o)
{
    switch (o) {
    case TT_ORDER_NEXT_BREACH:
        return "breach";
    case TT_ORDER_ID:
        return "id";
    default:
        return "updated";
    }
}

static void set_error(struct queue *q, const struct tt_err *err)
{
    free(q->error);
    q->error = tt_sanitize(err->msg, 0);
}

/* Learn whether at least `want` rows exist (lower bound, or the exact total).
 * Counting one row past `want` tells "exactly want" from "more than want". */
static void ensure_known(struct queue *q, struct tt_app *app, int64_t want)
{
    if (q->lv.total >= 0 || q->known >= want)
        return;
    struct tt_err err;
    int64_t n;
    tt_app_interruptible(app, true);
    int rc = tt_store_ticket_count_upto(tt_app_store(app), &q->f, want + 1, &n, &err);
    tt_app_interruptible(app, false);
    if (rc < 0) {
        if (tt_store_was_interrupted(tt_app_store(app)))
            q->searching = true;
        else
            set_error(q, &err);
        return;
    }
    if (n > q->known)
        q->known = n;
    if (n <= want) {
        q->lv.total = n;
        q->total_stale = false;
    } else if (want > q->more_than) {
        q->more_than = want;
    }
}

static void exact_count(struct queue *q, struct tt_app *app)
{
    if (q->lv.total >= 0)
        return;
    struct tt_err err;
    int64_t n;
    if (tt_store_ticket_count(tt_app_store(app), &q->f, &n, &err) < 0) {
        set_error(q, &err);
        return;
    }
    q->lv.total = n;
    q->known = n;
    q->total_stale = false;
}

static void reset(struct queue *q, struct tt_app *app)
{
    q->lv.cur = q->lv.top = 0;
    q->lv.total = -1;
    q->known = 0;
    q->more_than = 0;
    q->stale = true;
    free(q->error);
    q->error = NULL;
    q->need_count = true; /* counted at the next draw, not on every typed key */
}

/* Read the visible window if it moved or is stale. */
static void fetch(struct queue *q, struct tt_app *app)
{
    int h = q->lv.height > 0 ? q->lv.height : 1;
    if (!q->stale && q->rows_off == q->lv.top && q->rows_limit == h)
        return;
    tt_ticket_list_free(q->rows, q->n_rows);
    q->rows = NULL;
    q->n_rows = 0;
    struct tt_err err;
    tt_app_interruptible(app, true);
    int rc;
    if (q->lv.total >= 0 && q->lv.top > q->lv.total / 2 && q->total_stale) {
        /* counting from the end needs the end where it is now */
        q->lv.total = -1;
        exact_count(q, app);
    }
    int64_t total = q->lv.total;
    if (total >= 0 && q->lv.top > total / 2) {
        /* Nearer the end: read from there rather than skip q->lv.top rows. */
        int64_t end = q->lv.top + h < total ? q->lv.top + h : total;
        rc = tt_store_ticket_list_tail(tt_app_store(app), &q->f, total - end, end - q->lv.top,
                                       &q->rows, &q->n_rows, &err);
    } else {
        rc = tt_store_ticket_list(tt_app_store(app), &q->f, q->lv.top, h, &q->rows, &q->n_rows,
                                  &err);
    }
    tt_app_interruptible(app, false);
    if (rc < 0) {
        if (tt_store_was_interrupted(tt_app_store(app)))
            q->searching = true; /* stale stays set: retried at the next draw */
        else
            set_error(q, &err);
        return;
    }
    q->searching = false;
    q->rows_off = q->lv.top;
    q->rows_limit = h;
    q->stale = false;
    /* rows came in above it (a sync, a newer update): the cursor stays on the
     * ticket it was on, not on whatever moved into its row */
    for (size_t i = 0; q->follow_id && i < q->n_rows; i++)
        if (q->rows[i].id == q->follow_id)
            q->lv.cur = q->rows_off + (int64_t)i;
    q->follow_id = 0;
    int64_t end = q->lv.top + (int64_t)q->n_rows;
    if (end > q->known)
        q->known = end;
    if ((int)q->n_rows < h && (q->n_rows > 0 || q->lv.top == 0)) {
        q->lv.total = end;
        q->total_stale = false;
    }
}

static void layout_columns(struct queue *q)
{
    q->n_cols = 0;
    for (size_t i = 0; i < tt_queue_columns_count && q->n_cols < MAX_COLS; i++)
        q->cols[q->n_cols++] = tt_queue_columns[i];
    for (size_t i = 1; i < q->n_cols; i++)
        for (size_t j = i; j > 0 && q->cols[j]->order < q->cols[j - 1]->order; j--) {
            const struct tt_queue_column *t = q->cols[j];
            q->cols[j] = q->cols[j - 1];
            q->cols[j - 1] = t;
        }
}

static struct tt_screen *queue_open(struct tt_app *app, const char *arg, struct tt_err *err)
{
    struct queue *q = xcalloc(1, sizeof *q);
    extern const struct tt_screen_type tt_screen_queue;
    q->base.type = &tt_screen_queue;
    tt_ticket_filter_init(&q->f);
    q->f.order = TT_ORDER_NEXT_BREACH; /* what breaches next first (the SLA cache) */
    q->lv.height = 1;
    layout_columns(q);
    reset(q, app);
    if (arg && *arg) {
        q->text = xstrdup(arg);
        q->f.text = q->text;
        reset(q, app);
    }
    return &q->base;
}

static void queue_free(struct tt_screen *s)
{
    struct queue *q = (struct queue *)s;
    tt_ticket_list_free(q->rows, q->n_rows);
    free(q->text);
    free(q->error);
    free(q);
}

static void queue_resize(struct tt_screen *s, struct tt_app *app, int rows, int cols)
{
    struct queue *q = (struct queue *)s;
    q->lv.height = rows - 2 > 1 ? rows - 2 : 1;
    tt_listview_clamp(&q->lv, q->known);
}

static void format_count(int64_t n, char *buf, size_t size)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)n);
    size_t len = strlen(digits), o = 0;
    for (size_t i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

/* Widths of the columns that fit in `width`; dropped columns get -1.  The
 * optional columns go first (highest order first), and are shown only while
 * the subject still gets OPTIONAL_ROOM cells; then columns go by their .drop
 * while the subject would get less than its min_width. */
#define OPTIONAL_ROOM 30
static void column_widths(struct queue *q, int width, int *w)
{
    struct tt_col_spec spec[MAX_COLS];
    for (size_t i = 0; i < q->n_cols; i++) {
        const struct tt_queue_column *col = q->cols[i];
        spec[i] = (struct tt_col_spec){
            .width = col->width,
            .min_width = col->min_width,
            .drop = col->optional ? 1000 + col->order : col->drop,
            .min_flex = col->optional ? OPTIONAL_ROOM : 0,
        };
    }
    tt_columns_fit(spec, q->n_cols, width, w);
}

static void queue_draw(struct tt_screen *s, struct tt_app *app, struct tt_canvas *c,
                       struct tt_rect r)
{
    struct queue *q = (struct queue *)s;
    q->searching = false;
    if (q->defer && tt_app_redraw_soon(app))
        q->searching = true; /* this frame shows the typed text; the next one searches */
    else
        fetch(q, app);
    q->defer = false;
    if (q->need_count && !q->searching) {
        ensure_known(q, app, COUNT_CAP);
        q->need_count = q->searching; /* retried if it gave way to a key */
    }
    tt_listview_clamp(&q->lv, q->known);
    if (!q->searching)
        fetch(q, app);
    /* info line */
    char count[64], num[32];
    if (q->lv.total >= 0) {
        format_count(q->lv.total, num, sizeof num);
        snprintf(count, sizeof count, "%s ticket%s", num, q->lv.total == 1 ? "" : "s");
    } else if (q->more_than > 0) {
        format_count(q->more_than, num, sizeof num);
        snprintf(count, sizeof count, "%s+ tickets", num);
    } else {
        /* only windows seen so far (the count gave way to a key) */
        format_count(q->known, num, sizeof num);
        snprintf(count, sizeof count, "at least %s tickets", num);
    }
    if (q->searching)
        snprintf(count, sizeof count, "searching\xe2\x80\xa6");
    int x =
        tt_draw_printf(c, r, 0, 1, -1, q->searching ? TT_ROLE_PROMPT : TT_ROLE_LABEL, "%s", count);
    x +=
        tt_draw_printf(c, r, 0, 1 + x, -1, TT_ROLE_MUTED, "  sorted by %s", order_name(q->f.order));
    if (q->text && *q->text) {
        char *clean = tt_sanitize(q->text, 0);
        x += tt_draw_text(c, r, 0, 1 + x, -1, TT_ROLE_MUTED, "  filter: ");
        tt_draw_text_cut(c, r, 0, 1 + x, -1, TT_ROLE_MATCH, clean);
        free(clean);
    }
    /* column headers */
    int w[MAX_COLS];
    column_widths(q, r.w - 2, w);
    tt_draw_fill(c, (struct tt_rect){r.y + 1, r.x, 1, r.w}, TT_ROLE_HEADER);
    x = 1;
    for (size_t i = 0; i < q->n_cols; i++) {
        if (w[i] < 0)
            continue;
        tt_draw_text_cut(c, r, 1, x, w[i], TT_ROLE_HEADER, q->cols[i]->title);
        x += w[i] + 1;
    }
    struct tt_rect body = {r.y + 2, r.x, r.h - 2, r.w};
    if (q->error) {
        tt_draw_text_cut(c, body, 0, 1, -1, TT_ROLE_ERROR, q->error);
        return;
    }
    if (q->searching)
        return; /* rows of the previous filter would mislead */
    if (q->n_rows == 0) {
        if (q->text && *q->text)
            tt_draw_text(c, body, 1, 2, -1, TT_ROLE_MUTED,
                         "No ticket matches the filter (c clears it).");
        else
            tt_draw_text(c, body, 1, 2, -1, TT_ROLE_MUTED,
                         "No tickets yet: `ticketty demo init` makes a demo workspace.");
        return;
    }
    for (size_t i = 0; i < q->n_rows && (int)i < body.h; i++) {
        const struct tt_ticket *t = &q->rows[i];
        bool sel = q->rows_off + (int64_t)i == q->lv.cur;
        x = 1;
        for (size_t k = 0; k < q->n_cols; k++) {
            if (w[k] < 0)
                continue;
            char buf[512];
            buf[0] = '\0';
            enum tt_role role = TT_ROLE_NORMAL;
            q->cols[k]->cell(app, t, buf, sizeof buf, &role);
            tt_draw_text_cut(c, body, (int)i, x, w[k], role, buf);
            x += w[k] + 1;
        }
        if (sel)
            tt_draw_role(c, (struct tt_rect){body.y + (int)i, body.x, 1, body.w},
                         TT_ROLE_SELECTION);
    }
}

static const struct tt_ticket *current(struct queue *q)
{
    int64_t i = q->lv.cur - q->rows_off;
    if (i < 0 || i >= (int64_t)q->n_rows)
        return NULL;
    return &q->rows[i];
}

static void set_filter(struct queue *q, struct tt_app *app, const char *text)
{
    free(q->text);
    q->text = text && *text ? xstrdup(text) : NULL;
    q->f.text = q->text;
    reset(q, app);
    q->defer = true;
}

static bool queue_action(struct tt_screen *s, struct tt_app *app, int action)
{
    struct queue *q = (struct queue *)s;
    int h = q->lv.height > 0 ? q->lv.height : 1;
    if (action >= TT_LV_DOWN && action <= TT_LV_END)
        q->follow_id = 0; /* the agent moved: a pending re-read must not move back */
    switch (action) {
    case TT_LV_DOWN:
    case TT_LV_UP:
    case TT_LV_PGDN:
    case TT_LV_PGUP:
    case TT_LV_HOME:
        ensure_known(q, app, q->lv.cur + 2 * (int64_t)h + 1);
        tt_listview_move(&q->lv, action, q->known);
        return true;
    case TT_LV_END:
        exact_count(q, app);
        tt_listview_move(&q->lv, action, q->known);
        return true;
    case ACT_OPEN: {
        fetch(q, app);
        const struct tt_ticket *t = current(q);
        if (!t) {
            tt_app_message(app, TT_ROLE_MUTED, "no ticket here");
            return true;
        }
        char id[32];
        snprintf(id, sizeof id, "%lld", (long long)t->id);
        tt_app_open(app, "ticket", id);
        return true;
    }
    case ACT_FILTER:
        tt_app_filter_start(app, q->text);
        return true;
    case ACT_CLEAR_FILTER:
        set_filter(q, app, NULL);
        return true;
    case ACT_ESC:
        /* Esc (and a stray ESC from an Alt key) never quits from the queue:
         * it clears the filter, or only says how to quit.  A queue opened
         * over another screen goes back as Esc does elsewhere. */
        if (s->below)
            return false;
        if (q->text) {
            set_filter(q, app, NULL);
            tt_app_message(app, TT_ROLE_MUTED, "filter cleared");
        } else {
            tt_app_message(app, TT_ROLE_MUTED, "Esc does not quit here: q quits");
        }
        return true;
    case ACT_SORT_NEXT:
        q->f.order = q->f.order == TT_ORDER_UPDATED_DESC  ? TT_ORDER_NEXT_BREACH
                     : q->f.order == TT_ORDER_NEXT_BREACH ? TT_ORDER_ID
                                                          : TT_ORDER_UPDATED_DESC;
        q->lv.cur = q->lv.top = 0;
        q->stale = true;
        return true;
    case ACT_RELOAD: {
        int64_t cur = q->lv.cur;
        const struct tt_ticket *t = current(q);
        int64_t follow = t ? t->id : 0;
        reset(q, app);
        q->follow_id = follow;
        ensure_known(q, app, cur + 1);
        q->lv.cur = cur;
        tt_listview_clamp(&q->lv, q->known);
        return true;
    }
    }
    return false;
}

static int queue_command(struct tt_screen *s, struct tt_app *app, int argc, char **argv)
{
    struct queue *q = (struct queue *)s;
    if (tt_streq(argv[0], "sort")) {
        if (argc != 2) {
            tt_app_message(app, TT_ROLE_ERROR, "usage: :sort updated|breach|id");
            return -1;
        }
        if (tt_streq(argv[1], "updated"))
            q->f.order = TT_ORDER_UPDATED_DESC;
        else if (tt_streq(argv[1], "breach") || tt_streq(argv[1], "sla"))
            q->f.order = TT_ORDER_NEXT_BREACH;
        else if (tt_streq(argv[1], "id"))
            q->f.order = TT_ORDER_ID;
        else {
            tt_app_message(app, TT_ROLE_ERROR, "unknown order '%s' (updated, breach, id)", argv[1]);
            return -1;
        }
        q->lv.cur = q->lv.top = 0;
        q->stale = true;
        return 1;
    }
    if (tt_streq(argv[0], "filter")) {
        struct tt_buf b = {0};
        for (int i = 1; i < argc; i++)
            tt_buf_printf(&b, "%s%s", i > 1 ? " " : "", argv[i]);
        set_filter(q, app, tt_buf_str(&b));
        tt_buf_free(&b);
        return 1;
    }
    return 0;
}

static void queue_filter(struct tt_screen *s, struct tt_app *app, const char *text)
{
    set_filter((struct queue *)s, app, text);
}

static void queue_tick(struct tt_screen *s, struct tt_app *app)
{
    struct queue *q = (struct queue *)s;
    /* re-read the window only when another connection (sync) wrote */
    struct tt_err err;
    int64_t v;
    if (tt_store_data_version(tt_app_store(app), &v, &err) == 0 && v != q->data_version) {
        q->data_version = v;
        q->stale = true;
        q->total_stale = true;
        const struct tt_ticket *t = current(q);
        q->follow_id = t ? t->id : 0;
    }
}

const struct tt_screen_type tt_screen_queue = {
    .name = "queue",
    .title = "Queue",
    .usage = "[FILTER]",
    .keys = queue_keys,
    .list_keys = true,
    .order = 10,
    .open = queue_open,
    .draw = queue_draw,
    .action = queue_action,
    .command = queue_command,
    .resize = queue_resize,
    .tick = queue_tick,
    .filter = queue_filter,
    .free = queue_free,
};
