/*
 * sla.c: the SLA module's parts of the console: the queue's SLA column (time
 * left on the ticket's next target, coloured ok / warning / breached / paused,
 * ticking with the refresh timer), the ticket screen's SLA panel (every target
 * with its state and deadline), the "Breaching soon" screen (B on the queue,
 * or `:breaching [WINDOW]`) and a status-line count of breached and warning
 * tickets.
 *
 * The column and the status line read the per-ticket cache (sla_clock: next
 * breach, warning start, paused remainder) that writers refresh, so a tick
 * costs one indexed lookup per visible row and no engine run; the panel
 * evaluates the open ticket from its event log on load, when the database
 * changes, once a minute and as soon as an active deadline passes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/store_sla.h"
#include "ticketty/text.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

/* "45m", "3h05m", "2d4h" (rounded up to the minute). */
static void fmt_left(int64_t s, char *buf, size_t size)
{
    const char *sign = s < 0 ? "-" : "";
    if (s < 0)
        s = -s;
    int64_t m = (s + 59) / 60, h = m / 60, d = h / 24;
    if (d > 0)
        snprintf(buf, size, "%s%lldd%lldh", sign, (long long)d, (long long)(h % 24));
    else if (h > 0)
        snprintf(buf, size, "%s%lldh%02lldm", sign, (long long)h, (long long)(m % 60));
    else
        snprintf(buf, size, "%s%lldm", sign, (long long)m);
}

/* The state of a cached clock at now: the text and role of the SLA column. */
static bool clock_cell(const struct tt_sla_clock_row *k, int64_t now, char *buf, size_t size,
                       enum tt_role *role)
{
    if (!k->found || (!k->next_breach_at && k->paused_remaining < 0))
        return false;
    char left[24];
    if (k->next_breach_at) {
        fmt_left(k->next_breach_at - now, left, sizeof left);
        snprintf(buf, size, "%s", left);
        *role = now >= k->next_breach_at          ? TT_ROLE_SLA_BREACHED
                : k->warn_at && now >= k->warn_at ? TT_ROLE_SLA_WARNING
                                                  : TT_ROLE_SLA_OK;
    } else {
        fmt_left(k->paused_remaining, left, sizeof left);
        snprintf(buf, size, "\xe2\x80\x96%s", left); /* ‖ paused */
        *role = TT_ROLE_SLA_PAUSED;
    }
    return true;
}

static void cell_sla(struct tt_app *app, const struct tt_ticket *t, char *buf, size_t size,
                     enum tt_role *role)
{
    struct tt_sla_clock_row k;
    struct tt_err err;
    if (tt_store_sla_clock(tt_app_store(app), t->id, &k, &err) < 0 ||
        !clock_cell(&k, tt_app_now(app), buf, size, role)) {
        snprintf(buf, size, "-");
        *role = TT_ROLE_MUTED;
    }
}

const struct tt_queue_column tt_qcol_sla = {
    .name = "sla", .title = "SLA", .order = 70, .width = 8, .drop = 2, .cell = cell_sla};

/* ---- status line ------------------------------------------------------------- */

static bool slot_sla(struct tt_app *app, char *buf, size_t size, enum tt_role *role)
{
    int64_t breached, warning;
    struct tt_err err;
    if (tt_store_sla_counts(tt_app_store(app), tt_app_now(app), &breached, &warning, &err) < 0 ||
        (!breached && !warning))
        return false;
    snprintf(buf, size, "SLA %lld breached, %lld warning", (long long)breached, (long long)warning);
    *role = breached ? TT_ROLE_SLA_BREACHED : TT_ROLE_SLA_WARNING;
    return true;
}

const struct tt_status_slot tt_slot_sla = {.name = "sla", .order = 20, .text = slot_sla};

/* ---- ticket panel ------------------------------------------------------------- */

struct panel_state {
    struct tt_sla_config cfg;
    bool cfg_ok;
    struct tt_sla_ticket e;
    bool found;
    int64_t at; /* the `now` of the evaluation */
    char *error;
};

static void panel_eval(struct panel_state *s, const struct tt_panel_ctx *cx)
{
    struct tt_err err;
    tt_sla_ticket_clear(&s->e);
    memset(&s->e, 0, sizeof s->e);
    int rc = tt_sla_ticket_eval(cx->store, &s->cfg, cx->ticket->id, cx->now, &s->e, &err);
    if (rc < 0)
        s->error = tt_sanitize(err.msg, 0);
    s->found = rc == 1;
    s->at = cx->now;
}

static void *panel_load(const struct tt_panel_ctx *cx)
{
    struct panel_state *s = xcalloc(1, sizeof *s);
    struct tt_err err;
    if (tt_sla_config_load(&s->cfg, tt_app_config(cx->app), &err) < 0) {
        s->error = tt_sanitize(err.msg, 0);
        return s;
    }
    s->cfg_ok = true;
    panel_eval(s, cx);
    return s;
}

/* The states (warning, breached) were computed at s->at: evaluate again once
 * a minute, and at once when an active target's deadline has passed, so a
 * target that breaches while the ticket is open turns red with its countdown. */
static bool panel_stale(const struct panel_state *s, int64_t now)
{
    if (!s->cfg_ok || s->error || !s->found)
        return false;
    if (now - s->at >= 60 || now < s->at)
        return true;
    for (size_t i = 0; i < s->e.n_results; i++) {
        const struct tt_sla_result *res = &s->e.results[i];
        if (res->state == TT_SLA_ACTIVE && !res->breached && res->deadline && now >= res->deadline)
            return true;
    }
    return false;
}

static void panel_unload(void *state)
{
    struct panel_state *s = state;
    tt_sla_ticket_clear(&s->e);
    if (s->cfg_ok)
        tt_sla_config_clear(&s->cfg);
    free(s->error);
    free(s);
}

static int panel_draw(const struct tt_panel_ctx *cx, void *state, struct tt_canvas *c,
                      struct tt_rect r)
{
    struct panel_state *s = state;
    if (panel_stale(s, cx->now))
        panel_eval(s, cx);
    if (s->error) {
        tt_draw_text_cut(c, r, 0, 0, -1, TT_ROLE_ERROR, s->error);
        return 1;
    }
    if (!s->found)
        return 0;
    if (!s->e.policy) {
        tt_draw_text_cut(c, r, 0, 0, -1, TT_ROLE_MUTED, "no SLA policy applies");
        return 1;
    }
    int y = 0;
    y += tt_panel_field(c, r, y, "policy", TT_ROLE_NORMAL, s->e.policy->name);
    if (s->e.n_results == 0)
        y += tt_panel_field(c, r, y, "targets", TT_ROLE_MUTED, "none started");
    for (size_t i = 0; i < s->e.n_results && y < r.h; i++) {
        const struct tt_sla_result *res = &s->e.results[i];
        char val[96], left[24], when[21];
        enum tt_role role = TT_ROLE_SLA_OK;
        if (res->state == TT_SLA_FULFILLED) {
            snprintf(val, sizeof val, "%s", res->breached ? "met late" : "met");
            role = res->breached ? TT_ROLE_SLA_BREACHED : TT_ROLE_MUTED;
        } else if (res->state == TT_SLA_PAUSED) {
            fmt_left(res->remaining, left, sizeof left);
            int st = res->n_pauses ? res->pauses[res->n_pauses - 1].status : -1;
            snprintf(val, sizeof val, "%s%s paused (%s)", res->breached ? "breached, " : "", left,
                     st >= 0 ? tt_status_name(st) : "?");
            role = res->breached ? TT_ROLE_SLA_BREACHED : TT_ROLE_SLA_PAUSED;
        } else {
            fmt_left(res->deadline - cx->now, left, sizeof left);
            tt_time_iso(res->deadline, when);
            snprintf(val, sizeof val, "%s  due %.5s %.5s", left, when + 5, when + 11);
            role = res->breached  ? TT_ROLE_SLA_BREACHED
                   : res->warning ? TT_ROLE_SLA_WARNING
                                  : TT_ROLE_SLA_OK;
        }
        static const char *const short_label[TT_SLA_METRIC__COUNT] = {
            "first reply", "next reply", "update",         "update (paus.)",
            "req. wait",   "agent work", "1st resolution", "resolution"};
        y += tt_panel_field(c, r, y, short_label[res->metric], role, val);
    }
    return y;
}

const struct tt_panel tt_panel_sla = {
    .name = "sla",
    .title = "SLA",
    .order = 20,
    .load = panel_load,
    .draw = panel_draw,
    .unload = panel_unload,
};

/* ---- the "Breaching soon" screen ---------------------------------------------- */

enum { ACT_OPEN = 100, ACT_WIDER, ACT_RELOAD };

static const struct tt_binding breaching_keys[] = {
    {TT_KEY_ENTER, ACT_OPEN, "open the ticket"},
    {'w', ACT_WIDER, "next window (1h, 4h, 8h, 24h, all)"},
    {'r', ACT_RELOAD, "reload from the database"},
    {0, 0, NULL},
};

static const int64_t windows[] = {3600, 4 * 3600, 8 * 3600, 24 * 3600, 0};

struct brow {
    struct tt_ticket t;
    struct tt_sla_clock_row k;
};

struct breaching {
    struct tt_screen base;
    int64_t window; /* seconds ahead; 0 = every open ticket with a clock */
    struct brow *rows;
    size_t n;
    struct tt_listview lv;
    bool stale;
    int64_t loaded_at, data_version;
    char *error;
};

static void drop(struct breaching *b)
{
    for (size_t i = 0; i < b->n; i++)
        tt_ticket_clear(&b->rows[i].t);
    free(b->rows);
    b->rows = NULL;
    b->n = 0;
}

#define MAX_ROWS 2000

static void load(struct breaching *b, struct tt_app *app)
{
    /* keep the cursor on its ticket when rows come or go above it */
    int64_t follow = b->lv.cur >= 0 && b->lv.cur < (int64_t)b->n ? b->rows[b->lv.cur].t.id : 0;
    drop(b);
    free(b->error);
    b->error = NULL;
    struct tt_store *st = tt_app_store(app);
    int64_t now = tt_app_now(app), limit = b->window ? now + b->window : INT64_MAX;
    struct tt_ticket_filter f;
    tt_ticket_filter_init(&f);
    f.open_only = true;
    f.order = TT_ORDER_NEXT_BREACH;
    struct tt_err err;
    bool done = false;
    for (int64_t off = 0; !done && b->n < MAX_ROWS; off += 200) {
        struct tt_ticket *page;
        size_t n;
        if (tt_store_ticket_list(st, &f, off, 200, &page, &n, &err) < 0) {
            b->error = tt_sanitize(err.msg, 0);
            break;
        }
        size_t i = 0;
        for (; i < n; i++) {
            struct tt_sla_clock_row k;
            if (tt_store_sla_clock(st, page[i].id, &k, &err) < 0 || !k.next_breach_at ||
                k.next_breach_at > limit || b->n >= MAX_ROWS) {
                done = true;
                break;
            }
            b->rows = xrealloc(b->rows, (b->n + 1) * sizeof *b->rows);
            b->rows[b->n].t = page[i];
            b->rows[b->n].k = k;
            memset(&page[i], 0, sizeof page[i]);
            b->n++;
        }
        tt_ticket_list_free(page, n);
        if (n < 200)
            done = true;
    }
    b->lv.total = (int64_t)b->n;
    for (size_t i = 0; follow && i < b->n; i++)
        if (b->rows[i].t.id == follow)
            b->lv.cur = (int64_t)i;
    tt_listview_clamp(&b->lv, b->lv.total);
    b->stale = false;
    b->loaded_at = now;
    tt_store_data_version(st, &b->data_version, &err);
}

/* "2h", "30m", "1d", "all" -> seconds (0 = all); -1 when malformed. */
static int64_t parse_window(const char *s)
{
    if (!s || !*s)
        return 4 * 3600;
    if (!strcmp(s, "all"))
        return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || v <= 0 || v > 100000)
        return -1;
    int64_t mult = *end == 'm' ? 60 : *end == 'd' ? 86400 : 3600;
    if (*end && (end[1] || !strchr("mhd", *end)))
        return -1;
    return v * mult;
}

static struct tt_screen *breaching_open(struct tt_app *app, const char *arg, struct tt_err *err)
{
    extern const struct tt_screen_type tt_screen_breaching;
    int64_t w = parse_window(arg);
    if (w < 0) {
        tt_errf(err, "'%s' is not a window (such as 30m, 4h, 2d or all)", arg);
        return NULL;
    }
    struct breaching *b = xcalloc(1, sizeof *b);
    b->base.type = &tt_screen_breaching;
    b->window = w;
    b->lv.height = 1;
    b->stale = true;
    return &b->base;
}

static void breaching_free(struct tt_screen *s)
{
    struct breaching *b = (struct breaching *)s;
    drop(b);
    free(b->error);
    free(b);
}

/* The breaching list's columns.  On a narrow terminal the subject keeps 18
 * cells: the target goes first, then the priority and the id; the time left
 * stays. */
enum { BC_LEFT, BC_ID, BC_PRIORITY, BC_TARGET, BC_SUBJECT, BC__COUNT };
static const struct tt_col_spec breaching_cols[BC__COUNT] = {
    [BC_LEFT] = {.width = 8},
    [BC_ID] = {.width = 7, .drop = 10},
    [BC_PRIORITY] = {.width = 8, .drop = 20},
    [BC_TARGET] = {.width = 16, .drop = 30},
    [BC_SUBJECT] = {.width = 0, .min_width = 18},
};
static const char *const breaching_titles[BC__COUNT] = {"LEFT", "#", "PRIORITY", "TARGET",
                                                        "SUBJECT"};

static void breaching_draw(struct tt_screen *s, struct tt_app *app, struct tt_canvas *c,
                           struct tt_rect r)
{
    struct breaching *b = (struct breaching *)s;
    if (b->stale)
        load(b, app);
    int64_t now = tt_app_now(app);
    size_t breached = 0;
    for (size_t i = 0; i < b->n; i++)
        breached += now >= b->rows[i].k.next_breach_at;
    char w[24];
    if (b->window)
        fmt_left(b->window, w, sizeof w);
    int x = 1;
    x += tt_draw_printf(c, r, 0, x, -1, TT_ROLE_LABEL, "%zu ticket%s", b->n, b->n == 1 ? "" : "s");
    x += tt_draw_printf(c, r, 0, x, -1, TT_ROLE_SLA_BREACHED, "  %zu breached", breached);
    tt_draw_printf(c, r, 0, x, -1, TT_ROLE_MUTED, "  next breach within %s%s",
                   b->window ? w : "any time", b->n >= MAX_ROWS ? " (first 2000)" : "");
    tt_draw_fill(c, (struct tt_rect){r.y + 1, r.x, 1, r.w}, TT_ROLE_HEADER);
    int cw[BC__COUNT], cx[BC__COUNT];
    tt_columns_fit(breaching_cols, BC__COUNT, r.w - 2, cw);
    for (int k = 0, at = 1; k < BC__COUNT; k++) {
        cx[k] = at;
        if (cw[k] >= 0) {
            tt_draw_text_cut(c, r, 1, at, cw[k], TT_ROLE_HEADER, breaching_titles[k]);
            at += cw[k] + 1;
        }
    }
    struct tt_rect body = {r.y + 2, r.x, r.h - 2, r.w};
    b->lv.height = body.h > 1 ? body.h : 1;
    if (b->error) {
        tt_draw_text_cut(c, body, 0, 1, -1, TT_ROLE_ERROR, b->error);
        return;
    }
    if (!b->n) {
        tt_draw_text(c, body, 1, 2, -1, TT_ROLE_MUTED,
                     "Nothing breaches in this window (w widens it).");
        return;
    }
    tt_listview_clamp(&b->lv, b->lv.total);
    for (int i = 0; i < body.h && b->lv.top + i < (int64_t)b->n; i++) {
        const struct brow *row = &b->rows[b->lv.top + i];
        char left[24];
        enum tt_role role = TT_ROLE_SLA_OK;
        if (!clock_cell(&row->k, now, left, sizeof left, &role))
            snprintf(left, sizeof left, "-");
        tt_draw_text(c, body, i, cx[BC_LEFT], cw[BC_LEFT], role, left);
        if (cw[BC_ID] >= 0)
            tt_draw_printf(c, body, i, cx[BC_ID], cw[BC_ID], TT_ROLE_NORMAL, "%lld",
                           (long long)row->t.id);
        if (cw[BC_PRIORITY] >= 0)
            tt_draw_text(c, body, i, cx[BC_PRIORITY], cw[BC_PRIORITY],
                         tt_priority_role(row->t.priority), tt_priority_name(row->t.priority));
        int m = tt_sla_metric_from_name(row->k.next_metric);
        if (cw[BC_TARGET] >= 0)
            tt_draw_text_cut(c, body, i, cx[BC_TARGET], cw[BC_TARGET], TT_ROLE_NORMAL,
                             m >= 0 ? tt_sla_metric_label((enum tt_sla_metric)m) : "-");
        char *subj = tt_sanitize(row->t.subject, 0);
        tt_draw_text_cut(c, body, i, cx[BC_SUBJECT], cw[BC_SUBJECT], TT_ROLE_NORMAL, subj);
        free(subj);
        if (b->lv.top + i == b->lv.cur)
            tt_draw_role(c, (struct tt_rect){body.y + i, body.x, 1, body.w}, TT_ROLE_SELECTION);
    }
}

static bool breaching_action(struct tt_screen *s, struct tt_app *app, int action)
{
    struct breaching *b = (struct breaching *)s;
    if (b->stale)
        load(b, app);
    switch (action) {
    case TT_LV_DOWN:
    case TT_LV_UP:
    case TT_LV_PGDN:
    case TT_LV_PGUP:
    case TT_LV_HOME:
    case TT_LV_END:
        tt_listview_move(&b->lv, action, b->lv.total);
        return true;
    case ACT_OPEN:
        if (b->lv.cur < (int64_t)b->n) {
            char id[32];
            snprintf(id, sizeof id, "%lld", (long long)b->rows[b->lv.cur].t.id);
            tt_app_open(app, "ticket", id);
        }
        return true;
    case ACT_WIDER: {
        /* the next wider window (a custom one from `:breaching 6h` too);
         * after "all", back to the narrowest */
        size_t i = 0;
        while (b->window && i + 1 < TT_ARRAY_LEN(windows) && windows[i] <= b->window)
            i++;
        b->window = windows[i];
        b->lv.cur = b->lv.top = 0;
        b->stale = true;
        return true;
    }
    case ACT_RELOAD:
        b->stale = true;
        return true;
    }
    return false;
}

static void breaching_tick(struct tt_screen *s, struct tt_app *app)
{
    /* The countdowns tick on every draw; the list itself is re-read when
     * another connection wrote, or once a minute as tickets enter the window. */
    struct breaching *b = (struct breaching *)s;
    int64_t v;
    struct tt_err err;
    if ((tt_store_data_version(tt_app_store(app), &v, &err) == 0 && v != b->data_version) ||
        tt_app_now(app) - b->loaded_at >= 60)
        b->stale = true;
}

static void breaching_label(struct tt_screen *s, char *buf, size_t size)
{
    struct breaching *b = (struct breaching *)s;
    char w[24];
    if (b->window) {
        fmt_left(b->window, w, sizeof w);
        snprintf(buf, size, "Breaching soon (%s)", w);
    } else {
        snprintf(buf, size, "Breaching soon (all)");
    }
}

const struct tt_screen_type tt_screen_breaching = {
    .name = "breaching",
    .title = "Breaching soon",
    .usage = "[WINDOW: 30m, 4h (default), 2d, all]",
    .keys = breaching_keys,
    .list_keys = true,
    .open_key = 'B', /* from the queue; also ':breaching [WINDOW]' */
    .order = 30,
    .open = breaching_open,
    .draw = breaching_draw,
    .action = breaching_action,
    .tick = breaching_tick,
    .free = breaching_free,
    .label = breaching_label,
};
