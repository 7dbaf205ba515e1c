/*
 * health.c: the console's customer-health screen (`:health`) and the ticket
 * screen's health panel.
 *
 * The screen lists every scored active customer, worst score first (s: MRR at
 * risk first), with score, status, a 30-day trend and sparkline; the selected
 * customer's signal breakdown and any CSM override sit below the list.  Enter
 * opens the queue filtered to that customer.  Data comes from the last
 * `ticketty health update` (store_health.h); overrides show at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "ticketty/store_health.h"
#include "ticketty/text.h"

#define SPARK_DAYS 30
#define DETAIL_H   8 /* rule + override line + 5 signals + blank */

/* The list's columns.  On a narrow terminal the name keeps 14 cells: the
 * customer key goes first, then the sparkline, trend, MRR and status; the
 * score stays. */
enum { COL_KEY, COL_NAME, COL_MRR, COL_SCORE, COL_STATUS, COL_TREND, COL_SPARK, COL__COUNT };
static const struct tt_col_spec health_cols[COL__COUNT] = {
    [COL_KEY] = {.width = 12, .drop = 50},           [COL_NAME] = {.width = 0, .min_width = 14},
    [COL_MRR] = {.width = 10, .drop = 20},           [COL_SCORE] = {.width = 6},
    [COL_STATUS] = {.width = 9, .drop = 10},         [COL_TREND] = {.width = 6, .drop = 30},
    [COL_SPARK] = {.width = SPARK_DAYS, .drop = 40},
};
static const struct {
    const char *title;
    bool right; /* numbers: the title sits over their right end */
} health_titles[COL__COUNT] = {
    [COL_KEY] = {"CUSTOMER", false},  [COL_NAME] = {"NAME", false},
    [COL_MRR] = {"MRR", true},        [COL_SCORE] = {"SCORE", true},
    [COL_STATUS] = {"STATUS", false}, [COL_TREND] = {"TREND", true},
    [COL_SPARK] = {"30 DAYS", false},
};

/* Rows of the detail pane below the list: all of DETAIL_H while the list
 * keeps as many rows, less on a short terminal, none under 3. */
static int detail_height(int rows)
{
    int avail = rows - 2;
    int d = avail / 2 < DETAIL_H ? avail / 2 : DETAIL_H;
    return d >= 3 ? d : 0;
}

enum {
    ACT_OPEN = 100,
    ACT_SORT,
    ACT_STATUS,
    ACT_RELOAD,
};

static const struct tt_binding health_keys[] = {
    {TT_KEY_ENTER, ACT_OPEN, "open the queue filtered to this customer"},
    {'s', ACT_SORT, "sort by score or by MRR at risk"},
    {'f', ACT_STATUS, "filter by status (all, critical, at-risk, healthy)"},
    {'r', ACT_RELOAD, "reload from the database"},
    {0, 0, NULL},
};

struct health_screen {
    struct tt_screen base;
    struct tt_health_config cfg;
    struct tt_health_entry *rows;
    int **spark; /* per row, loaded when first drawn; spark_n[i] entries */
    size_t *spark_n;
    size_t n_rows;
    struct tt_listview lv;
    enum tt_health_order order;
    int status; /* filter, -1 = all */
    bool stale;
    int64_t follow_id; /* a re-read keeps the cursor on this customer */
    int64_t loaded_at;
    char *error;
};

static enum tt_role status_role(enum tt_health_status s)
{
    return s == TT_HEALTH_HEALTHY   ? TT_ROLE_HEALTH_GOOD
           : s == TT_HEALTH_AT_RISK ? TT_ROLE_HEALTH_AT_RISK
                                    : TT_ROLE_HEALTH_CRITICAL;
}

static void drop_rows(struct health_screen *h)
{
    for (size_t i = 0; i < h->n_rows; i++)
        free(h->spark[i]);
    free(h->spark);
    free(h->spark_n);
    tt_health_entry_list_free(h->rows, h->n_rows);
    h->rows = NULL;
    h->spark = NULL;
    h->spark_n = NULL;
    h->n_rows = 0;
}

/* Re-read at the next draw with the cursor kept on its customer (a new
 * day's scores or an override may reorder the list). */
static void reread(struct health_screen *h)
{
    h->follow_id =
        h->lv.cur >= 0 && h->lv.cur < (int64_t)h->n_rows ? h->rows[h->lv.cur].customer.id : 0;
    h->stale = true;
}

static void load(struct health_screen *h, struct tt_app *app)
{
    int64_t follow = h->follow_id;
    h->follow_id = 0;
    drop_rows(h);
    free(h->error);
    h->error = NULL;
    struct tt_health_query q = {.status = h->status,
                                .order = h->order,
                                .now = tt_app_now(app),
                                .trend_since = tt_app_now(app) - SPARK_DAYS * 86400};
    struct tt_err err;
    if (tt_store_health_list(tt_app_store(app), &h->cfg, &q, &h->rows, &h->n_rows, &err) < 0) {
        h->error = tt_sanitize(err.msg, 0);
        h->n_rows = 0;
    }
    h->spark = xcalloc(h->n_rows + 1, sizeof *h->spark);
    h->spark_n = xcalloc(h->n_rows + 1, sizeof *h->spark_n);
    h->lv.total = (int64_t)h->n_rows;
    for (size_t i = 0; follow && i < h->n_rows; i++)
        if (h->rows[i].customer.id == follow)
            h->lv.cur = (int64_t)i;
    tt_listview_clamp(&h->lv, h->lv.total);
    h->stale = false;
    h->loaded_at = tt_app_now(app);
}

static void load_spark(struct health_screen *h, struct tt_app *app, size_t i)
{
    if (h->spark[i])
        return;
    struct tt_health_row *rows;
    size_t n;
    struct tt_err err;
    if (tt_store_health_history(tt_app_store(app), h->rows[i].customer.id,
                                tt_app_now(app) - SPARK_DAYS * 86400, &rows, &n, &err) < 0)
        n = 0, rows = NULL;
    h->spark[i] = xcalloc(n + 1, sizeof **h->spark);
    for (size_t k = 0; k < n; k++)
        h->spark[i][k] = rows[k].score;
    h->spark_n[i] = n;
    free(rows);
}

static struct tt_screen *health_open(struct tt_app *app, const char *arg, struct tt_err *err)
{
    extern const struct tt_screen_type tt_screen_health;
    struct health_screen *h = xcalloc(1, sizeof *h);
    h->base.type = &tt_screen_health;
    h->status = -1;
    h->lv.height = 1;
    const struct tt_config *cfg = tt_app_config(app);
    if (tt_health_config_from_node(&h->cfg, cfg ? tt_config_section(cfg, "health") : NULL,
                                   cfg ? tt_config_path(cfg) : "config", err) < 0) {
        tt_health_config_clear(&h->cfg);
        free(h);
        return NULL;
    }
    if (arg && *arg) {
        h->status = tt_health_status_from_name(arg);
        if (h->status < 0) {
            tt_errf(err, "unknown status '%s' (healthy, at-risk, critical)", arg);
            tt_health_config_clear(&h->cfg);
            free(h);
            return NULL;
        }
    }
    h->stale = true;
    return &h->base;
}

static void health_free(struct tt_screen *s)
{
    struct health_screen *h = (struct health_screen *)s;
    drop_rows(h);
    tt_health_config_clear(&h->cfg);
    free(h->error);
    free(h);
}

static void health_resize(struct tt_screen *s, struct tt_app *app, int rows, int cols)
{
    struct health_screen *h = (struct health_screen *)s;
    int list_h = rows - 2 - detail_height(rows);
    h->lv.height = list_h > 1 ? list_h : 1;
    tt_listview_clamp(&h->lv, h->lv.total);
}

static void draw_detail(struct health_screen *h, const struct tt_health_entry *e,
                        struct tt_canvas *c, struct tt_rect r)
{
    tt_draw_hline(c, r, 0, TT_ROLE_BORDER);
    char *name = tt_sanitize(e->customer.name, 0);
    int x = 1;
    x += tt_draw_text_cut(c, r, 1, x, 40, TT_ROLE_TITLE, name);
    free(name);
    if (e->override_active) {
        char *reason = tt_sanitize(e->ov.reason, 0), *by = tt_sanitize(e->ov.by, 0);
        char until[21];
        tt_time_iso(e->ov.until, until);
        until[10] = '\0';
        tt_draw_printf(c, r, 1, x + 2, -1, TT_ROLE_SLA_WARNING,
                       "override %d by %s until %s (computed %d %s): %s", e->ov.score,
                       *by ? by : "?", until, e->cur.score, tt_health_status_name(e->cur.status),
                       reason);
        free(reason);
        free(by);
    } else {
        tt_draw_printf(c, r, 1, x + 2, -1, TT_ROLE_MUTED, "raw %.2f, scored %s", e->cur.raw,
                       e->cur.day);
    }
    /* the bar is 20 cells, fewer on a narrow terminal so the value shows */
    int bw = r.w - 24 - 2 - 6;
    bw = bw > 20 ? 20 : bw < 4 ? 0 : bw;
    int vx = bw ? 24 + bw + 2 : 24;
    for (int i = 0; i < TT_SIG__COUNT && 2 + i < r.h; i++) {
        double v = e->cur.signal[i];
        bool failing = v < h->cfg.failing_below;
        tt_draw_printf(c, r, 2 + i, 3, 20, TT_ROLE_LABEL, "%s",
                       tt_health_signal_name((enum tt_health_signal)i));
        int bar = (int)(v * bw / 100 + 0.5); /* 0..bw cells */
        char bars[64] = "";
        for (int k = 0; k < bw && k < bar; k++)
            strcat(bars, "\xe2\x96\x88");
        if (bw)
            tt_draw_text(c, r, 2 + i, 24, bw,
                         failing ? TT_ROLE_HEALTH_CRITICAL : TT_ROLE_HEALTH_GOOD, bars);
        tt_draw_printf(c, r, 2 + i, vx, -1, failing ? TT_ROLE_HEALTH_CRITICAL : TT_ROLE_NORMAL,
                       "%5.1f  weight %.2f%s", v, h->cfg.weight[i], failing ? "  failing" : "");
    }
}

static void health_draw(struct tt_screen *s, struct tt_app *app, struct tt_canvas *c,
                        struct tt_rect r)
{
    struct health_screen *h = (struct health_screen *)s;
    if (h->stale)
        load(h, app);
    size_t counts[TT_HEALTH__COUNT] = {0};
    double at_risk_mrr = 0;
    for (size_t i = 0; i < h->n_rows; i++) {
        counts[h->rows[i].cur.effective_status]++;
        if (h->rows[i].cur.effective_status != TT_HEALTH_HEALTHY)
            at_risk_mrr += h->rows[i].customer.mrr;
    }
    int x = 1;
    x += tt_draw_printf(c, r, 0, x, -1, TT_ROLE_LABEL, "%zu customer%s", h->n_rows,
                        h->n_rows == 1 ? "" : "s");
    x += tt_draw_printf(c, r, 0, x, -1, TT_ROLE_HEALTH_CRITICAL, "  %zu critical",
                        counts[TT_HEALTH_CRITICAL]);
    x += tt_draw_printf(c, r, 0, x, -1, TT_ROLE_HEALTH_AT_RISK, "  %zu at-risk",
                        counts[TT_HEALTH_AT_RISK]);
    x += tt_draw_printf(c, r, 0, x, -1, TT_ROLE_HEALTH_GOOD, "  %zu healthy",
                        counts[TT_HEALTH_HEALTHY]);
    x += tt_draw_printf(c, r, 0, x, -1, TT_ROLE_MUTED, "  MRR at risk $%.0f  sorted by %s%s%s",
                        at_risk_mrr, h->order == TT_HEALTH_BY_MRR_AT_RISK ? "MRR at risk" : "score",
                        h->status >= 0 ? "  only " : "",
                        h->status >= 0 ? tt_health_status_name(h->status) : "");
    tt_draw_fill(c, (struct tt_rect){r.y + 1, r.x, 1, r.w}, TT_ROLE_HEADER);
    int w[COL__COUNT], cx[COL__COUNT];
    tt_columns_fit(health_cols, COL__COUNT, r.w - 2, w);
    x = 1;
    for (int k = 0; k < COL__COUNT; k++) {
        cx[k] = x;
        if (w[k] < 0)
            continue;
        int tw = tt_text_width(health_titles[k].title);
        int tx = health_titles[k].right && tw < w[k] ? x + w[k] - tw : x;
        tt_draw_text_cut(c, r, 1, tx, w[k] - (tx - x), TT_ROLE_HEADER, health_titles[k].title);
        x += w[k] + 1;
    }
    int list_h = r.h - 2 - detail_height(r.h);
    if (list_h < 1)
        list_h = r.h - 2;
    h->lv.height = list_h > 1 ? list_h : 1;
    struct tt_rect body = {r.y + 2, r.x, list_h, r.w};
    if (h->error) {
        tt_draw_text_cut(c, body, 0, 1, -1, TT_ROLE_ERROR, h->error);
        return;
    }
    if (!h->n_rows) {
        tt_draw_text(c, body, 1, 2, -1, TT_ROLE_MUTED,
                     h->status >= 0 ? "No customer with that status (f changes the filter)."
                                    : "No scores yet: run `ticketty health update`.");
        return;
    }
    tt_listview_clamp(&h->lv, h->lv.total);
    for (int i = 0; i < body.h && h->lv.top + i < (int64_t)h->n_rows; i++) {
        size_t k = (size_t)(h->lv.top + i);
        const struct tt_health_entry *e = &h->rows[k];
        char *key = tt_sanitize(e->customer.key, 0), *name = tt_sanitize(e->customer.name, 0);
        enum tt_role role = status_role(e->cur.effective_status);
        if (w[COL_KEY] >= 0)
            tt_draw_text_cut(c, body, i, cx[COL_KEY], w[COL_KEY], TT_ROLE_NORMAL, key);
        tt_draw_text_cut(c, body, i, cx[COL_NAME], w[COL_NAME], TT_ROLE_NORMAL, name);
        if (w[COL_MRR] >= 0)
            tt_draw_printf(c, body, i, cx[COL_MRR], w[COL_MRR], TT_ROLE_NORMAL, "%*.0f", w[COL_MRR],
                           e->customer.mrr);
        if (w[COL_SCORE] >= 0)
            tt_draw_printf(c, body, i, cx[COL_SCORE], w[COL_SCORE], role, "%5d%s",
                           e->cur.effective_score, e->override_active ? "*" : "");
        if (w[COL_STATUS] >= 0)
            tt_draw_text(c, body, i, cx[COL_STATUS], w[COL_STATUS], role,
                         tt_health_status_name(e->cur.effective_status));
        if (w[COL_TREND] >= 0)
            tt_draw_printf(c, body, i, cx[COL_TREND], w[COL_TREND],
                           e->trend <= -3  ? TT_ROLE_HEALTH_CRITICAL
                           : e->trend >= 3 ? TT_ROLE_HEALTH_GOOD
                                           : TT_ROLE_MUTED,
                           "%+6d", e->trend);
        if (w[COL_SPARK] >= 0) {
            load_spark(h, app, k);
            char spark[SPARK_DAYS * 3 + 8];
            tt_health_sparkline(h->spark[k], h->spark_n[k], spark, sizeof spark);
            tt_draw_text(c, body, i, cx[COL_SPARK], w[COL_SPARK], role, spark);
        }
        free(key);
        free(name);
        if (h->lv.top + i == h->lv.cur)
            tt_draw_role(c, (struct tt_rect){body.y + i, body.x, 1, body.w}, TT_ROLE_SELECTION);
    }
    if (r.h - 2 - list_h >= 3 && h->lv.cur < (int64_t)h->n_rows)
        draw_detail(h, &h->rows[h->lv.cur], c,
                    (struct tt_rect){r.y + 2 + list_h, r.x, r.h - 2 - list_h, r.w});
}

static bool health_action(struct tt_screen *s, struct tt_app *app, int action)
{
    struct health_screen *h = (struct health_screen *)s;
    if (h->stale)
        load(h, app); /* keys may come before the first draw */
    switch (action) {
    case TT_LV_DOWN:
    case TT_LV_UP:
    case TT_LV_PGDN:
    case TT_LV_PGUP:
    case TT_LV_HOME:
    case TT_LV_END:
        tt_listview_move(&h->lv, action, h->lv.total);
        return true;
    case ACT_OPEN:
        if (h->lv.cur < (int64_t)h->n_rows && h->rows[h->lv.cur].customer.name)
            tt_app_open(app, "queue", h->rows[h->lv.cur].customer.name);
        return true;
    case ACT_SORT:
        h->order = h->order == TT_HEALTH_BY_SCORE ? TT_HEALTH_BY_MRR_AT_RISK : TT_HEALTH_BY_SCORE;
        h->lv.cur = h->lv.top = 0;
        h->stale = true;
        return true;
    case ACT_STATUS:
        h->status = h->status < 0                     ? TT_HEALTH_CRITICAL
                    : h->status == TT_HEALTH_CRITICAL ? TT_HEALTH_AT_RISK
                    : h->status == TT_HEALTH_AT_RISK  ? TT_HEALTH_HEALTHY
                                                      : -1;
        h->lv.cur = h->lv.top = 0;
        h->stale = true;
        return true;
    case ACT_RELOAD:
        reread(h);
        return true;
    }
    return false;
}

static void health_tick(struct tt_screen *s, struct tt_app *app)
{
    /* A run or an override may have landed; scores change daily, so a
     * reload a minute is plenty even for a large book of customers. */
    struct health_screen *h = (struct health_screen *)s;
    if (tt_app_now(app) - h->loaded_at >= 60)
        reread(h);
}

const struct tt_screen_type tt_screen_health = {
    .name = "health",
    .title = "Customer health",
    .usage = "[healthy|at-risk|critical]",
    .keys = health_keys,
    .list_keys = true,
    .open_key = 'H', /* from the queue; also ':health' */
    .order = 60,
    .open = health_open,
    .draw = health_draw,
    .action = health_action,
    .resize = health_resize,
    .tick = health_tick,
    .free = health_free,
};

/* ---- the ticket screen's health panel ------------------------------------ */

struct panel_state {
    int found; /* 1 scored, 0 never scored, -1 error */
    struct tt_health_entry e;
    int spark[SPARK_DAYS + 1];
    size_t n_spark;
};

static void *panel_load(const struct tt_panel_ctx *cx)
{
    struct panel_state *p = xcalloc(1, sizeof *p);
    if (!cx->ticket->customer_id)
        return p;
    struct tt_health_config cfg;
    const struct tt_config *conf = tt_app_config(cx->app);
    struct tt_err err;
    if (tt_health_config_from_node(&cfg, conf ? tt_config_section(conf, "health") : NULL,
                                   conf ? tt_config_path(conf) : "config", &err) < 0) {
        p->found = -1;
        return p;
    }
    int64_t since = cx->now - SPARK_DAYS * 86400;
    p->found =
        tt_store_health_get(cx->store, &cfg, cx->ticket->customer_id, cx->now, since, &p->e, &err);
    tt_health_config_clear(&cfg);
    struct tt_health_row *rows;
    size_t n;
    if (p->found == 1 &&
        tt_store_health_history(cx->store, cx->ticket->customer_id, since, &rows, &n, &err) == 0) {
        for (size_t i = n > SPARK_DAYS ? n - SPARK_DAYS : 0; i < n; i++)
            p->spark[p->n_spark++] = rows[i].score;
        free(rows);
    }
    return p;
}

static int panel_draw(const struct tt_panel_ctx *cx, void *state, struct tt_canvas *c,
                      struct tt_rect r)
{
    struct panel_state *p = state;
    if (!cx->ticket->customer_id || p->found != 1)
        return 0; /* hidden until `health update` has scored the customer */
    const struct tt_health_entry *e = &p->e;
    char buf[128];
    snprintf(buf, sizeof buf, "%d %s%s", e->cur.effective_score,
             tt_health_status_name(e->cur.effective_status),
             e->override_active ? " (override)" : "");
    int y = tt_panel_field(c, r, 0, "score", status_role(e->cur.effective_status), buf);
    char spark[SPARK_DAYS * 3 + 8];
    tt_health_sparkline(p->spark, p->n_spark, spark, sizeof spark);
    snprintf(buf, sizeof buf, "%+d %s", e->trend, tt_health_trend_word(e->trend));
    y += tt_panel_field(c, r, y, "trend 30d",
                        e->trend <= -3 ? TT_ROLE_HEALTH_CRITICAL : TT_ROLE_NORMAL, buf);
    tt_draw_text_cut(c, r, y, 14, -1, status_role(e->cur.effective_status), spark);
    y++;
    if (e->override_active)
        y += tt_panel_field(c, r, y, "reason", TT_ROLE_MUTED, e->ov.reason);
    return y;
}

static void panel_unload(void *state)
{
    struct panel_state *p = state;
    if (p->found == 1)
        tt_health_entry_clear(&p->e);
    free(p);
}

const struct tt_panel tt_panel_health = {
    .name = "health",
    .title = "Health",
    .order = 15,
    .load = panel_load,
    .draw = panel_draw,
    .unload = panel_unload,
};
