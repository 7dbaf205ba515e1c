/*
 * ticket.c: one ticket: header fields, the conversation in order, and the
 * side column of panels (customer first; other modules add theirs, see
 * struct tt_panel in tui.h).
 *
 * The conversation is laid out as lines for the current width (re-wrapped
 * when the width changes) and scrolled by line.  Every string from the store
 * is sanitised before it is laid out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "ticketty/tui_sync.h"
#include "ticketty/text.h"

enum {
    ACT_DOWN = 1,
    ACT_UP,
    ACT_PGDN,
    ACT_PGUP,
    ACT_TOP,
    ACT_BOTTOM,
    ACT_PANEL,
    ACT_NEXT,
    ACT_PREV,
    ACT_PANELS_DOWN,
    ACT_PANELS_UP,
    /* handed to the sync module (tui_sync.h), which takes the key itself */
    ACT_REPLY,
    ACT_NOTE,
    ACT_STATUS,
    ACT_PRIORITY,
    ACT_ASSIGN,
    ACT_TAGS,
    ACT_RETRY,
    ACT_TRIAGE_ACCEPT,
    ACT_TRIAGE_OVERRIDE,
    ACT_KB,
};

static const struct tt_binding ticket_keys[] = {
    {'j', ACT_DOWN, "scroll down"},
    {TT_KEY_DOWN, ACT_DOWN, "scroll down"},
    {'k', ACT_UP, "scroll up"},
    {TT_KEY_UP, ACT_UP, "scroll up"},
    {TT_KEY_PGDN, ACT_PGDN, "page down"},
    {' ', ACT_PGDN, "page down"},
    {TT_KEY_PGUP, ACT_PGUP, "page up"},
    {'g', ACT_TOP, "top of the conversation"},
    {TT_KEY_HOME, ACT_TOP, "top of the conversation"},
    {'G', ACT_BOTTOM, "end of the conversation"},
    {TT_KEY_END, ACT_BOTTOM, "end of the conversation"},
    {'p', ACT_PANEL, "show or hide the side panels"},
    {']', ACT_PANELS_DOWN, "scroll the side panels down (when they do not all fit)"},
    {'[', ACT_PANELS_UP, "scroll the side panels up"},
    {'r', ACT_REPLY, "reply to the customer (opens $EDITOR; queued in the outbox)"},
    {'n', ACT_NOTE, "internal note (opens $EDITOR; queued in the outbox)"},
    {'s', ACT_STATUS, "set the status (:status S)"},
    {'P', ACT_PRIORITY, "set the priority (:priority P)"},
    {'a', ACT_ASSIGN, "assign to an agent (:assign AGENT_ID)"},
    {'t', ACT_TAGS, "add or remove tags (:tags +add -remove)"},
    {'R', ACT_RETRY, "retry this ticket's failed or held outbox items"},
    {'A', ACT_TRIAGE_ACCEPT, "accept the triage suggestion"},
    {'O', ACT_TRIAGE_OVERRIDE, "override the triage (choose category or priority)"},
    {'K', ACT_KB, "search the knowledge base from this ticket (subject prefilled)"},
    {'h', TT_ACT_BACK, "back to the queue"},
    {TT_KEY_LEFT, TT_ACT_BACK, "back to the queue"},
    {0, 0, NULL},
};

#define MAX_PANELS 16
#define PANEL_W    38
#define HEADER_H   5

struct line {
    char *text;
    enum tt_role role;
    int indent;
};

struct ticket_screen {
    struct tt_screen base;
    struct tt_ticket t;
    struct tt_event *ev;
    size_t n_ev;
    struct line *lines;
    size_t n_lines, cap_lines;
    int wrap_w;
    int scroll;
    int view_h;
    bool hide_panels;
    int panel_scroll, panel_h; /* the side column's first row shown, its height */
    int64_t data_version;
    const struct tt_panel *panels[MAX_PANELS];
    void *state[MAX_PANELS];
    size_t n_panels;
};

static void add_line(struct ticket_screen *ts, const char *text, enum tt_role role, int indent)
{
    if (ts->n_lines == ts->cap_lines) {
        ts->cap_lines = ts->cap_lines ? ts->cap_lines * 2 : 64;
        ts->lines = xrealloc(ts->lines, ts->cap_lines * sizeof *ts->lines);
    }
    ts->lines[ts->n_lines++] = (struct line){xstrdup(text), role, indent};
}

static void free_lines(struct ticket_screen *ts)
{
    for (size_t i = 0; i < ts->n_lines; i++)
        free(ts->lines[i].text);
    ts->n_lines = 0;
}

/* "2026-05-04 13:00" (UTC). */
static void when(int64_t t, char out[20])
{
    char iso[21];
    tt_time_iso(t, iso);
    snprintf(out, 20, "%.10s %.5s", iso, iso + 11);
}

static enum tt_role author_role(enum tt_author_role r)
{
    switch (r) {
    case TT_AUTHOR_END_USER:
        return TT_ROLE_AUTHOR_END_USER;
    case TT_AUTHOR_BOT:
        return TT_ROLE_AUTHOR_BOT;
    default:
        return TT_ROLE_AUTHOR_AGENT;
    }
}

static const char *role_label(enum tt_author_role r)
{
    switch (r) {
    case TT_AUTHOR_END_USER:
        return "end-user";
    case TT_AUTHOR_BOT:
        return "bot";
    default:
        return "agent";
    }
}

static void add_body(struct ticket_screen *ts, const char *body, int width, enum tt_role role)
{
    char *clean = tt_sanitize(body, TT_SAN_KEEP_NEWLINES);
    /* trim trailing blank lines */
    size_t len = strlen(clean);
    while (len > 0 && (clean[len - 1] == '\n' || clean[len - 1] == ' '))
        clean[--len] = '\0';
    char **wl;
    size_t n = tt_wrap(clean, width - 2, &wl);
    for (size_t i = 0; i < n; i++)
        add_line(ts, wl[i], role, 2);
    tt_wrap_free(wl, n);
    free(clean);
}

/* A one-paragraph line (a change event) wrapped with a hanging indent: the
 * first line at the margin like a comment's heading, the rest 2 columns in
 * like a comment's text, so each event's start stands out. */
static void add_hanging(struct ticket_screen *ts, const char *text, int width, enum tt_role role)
{
    char **wl;
    size_t n = tt_wrap(text, width, &wl);
    if (n > 1) {
        /* the rest after the first line, re-wrapped to the narrower width
         * (the first line is a prefix of text: tt_wrap cuts at blanks) */
        const char *rest = text + strlen(wl[0]);
        while (*rest == ' ')
            rest++;
        char **more;
        size_t m = tt_wrap(rest, width - 2, &more);
        add_line(ts, wl[0], role, 0);
        for (size_t k = 0; k < m; k++)
            add_line(ts, more[k], role, 2);
        tt_wrap_free(more, m);
    } else if (n == 1) {
        add_line(ts, wl[0], role, 0);
    }
    tt_wrap_free(wl, n);
}

static void layout(struct ticket_screen *ts, int width)
{
    free_lines(ts);
    ts->wrap_w = width;
    if (width < 4)
        width = 4;
    size_t comments = 0;
    for (size_t i = 0; i < ts->n_ev; i++)
        if (ts->ev[i].type == TT_EV_COMMENT)
            comments++;
    char at[20];
    if (comments == 0 && ts->t.description && *ts->t.description) {
        char *who = tt_sanitize(ts->t.requester ? ts->t.requester : "requester", 0);
        when(ts->t.created_at, at);
        char *head = xasprintf("%s (end-user) \xc2\xb7 public \xc2\xb7 %s", who, at);
        add_line(ts, head, TT_ROLE_AUTHOR_END_USER, 0);
        free(head);
        free(who);
        add_body(ts, ts->t.description, width, TT_ROLE_NORMAL);
        add_line(ts, "", TT_ROLE_NORMAL, 0);
    }
    for (size_t i = 0; i < ts->n_ev; i++) {
        const struct tt_event *e = &ts->ev[i];
        when(e->at, at);
        char *who = tt_sanitize(e->author && *e->author ? e->author : "(unknown)", 0);
        if (e->type == TT_EV_COMMENT) {
            char *head =
                xasprintf("%s (%s) \xc2\xb7 %s \xc2\xb7 %s", who, role_label(e->author_role),
                          e->public ? "public" : "internal", at);
            add_line(ts, head, e->public ? author_role(e->author_role) : TT_ROLE_INTERNAL_NOTE, 0);
            free(head);
            add_body(ts, e->body, width, e->public ? TT_ROLE_NORMAL : TT_ROLE_INTERNAL_NOTE);
            add_line(ts, "", TT_ROLE_NORMAL, 0);
        } else if (e->type != TT_EV_CREATED) {
            char *ov = tt_sanitize(e->old_value ? e->old_value : "-", 0);
            char *nv = tt_sanitize(e->new_value ? e->new_value : "-", 0);
            char *l = xasprintf("%s  %s: %s \xe2\x86\x92 %s  (%s)", at, tt_event_type_name(e->type),
                                ov, nv, who);
            add_hanging(ts, l, width, TT_ROLE_MUTED);
            free(l);
            free(ov);
            free(nv);
        }
        free(who);
    }
    if (ts->n_lines == 0)
        add_line(ts, "(no conversation yet)", TT_ROLE_MUTED, 0);
}

static void load_panels(struct ticket_screen *ts, struct tt_app *app)
{
    struct tt_panel_ctx cx = {app, tt_app_store(app), &ts->t, tt_app_now(app)};
    for (size_t i = 0; i < ts->n_panels; i++) {
        if (ts->panels[i]->unload && ts->state[i])
            ts->panels[i]->unload(ts->state[i]);
        ts->state[i] = ts->panels[i]->load ? ts->panels[i]->load(&cx) : NULL;
    }
}

static int load(struct ticket_screen *ts, struct tt_app *app, int64_t id, struct tt_err *err)
{
    struct tt_store *st = tt_app_store(app);
    int rc = tt_store_ticket_get(st, id, &ts->t, err);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return tt_errf(err, "no ticket %lld", (long long)id);
    if (tt_store_event_list(st, id, &ts->ev, &ts->n_ev, err) < 0)
        return -1;
    return 0;
}

/* Read the ticket and its events again, keeping the scroll position. */
static void reload(struct ticket_screen *ts, struct tt_app *app)
{
    struct tt_ticket t;
    struct tt_event *ev = NULL;
    size_t n_ev = 0;
    struct tt_err err;
    struct tt_store *st = tt_app_store(app);
    if (tt_store_ticket_get(st, ts->t.id, &t, &err) != 1)
        return;
    if (tt_store_event_list(st, t.id, &ev, &n_ev, &err) < 0) {
        tt_ticket_clear(&t);
        return;
    }
    tt_ticket_clear(&ts->t);
    tt_event_list_free(ts->ev, ts->n_ev);
    ts->t = t;
    ts->ev = ev;
    ts->n_ev = n_ev;
    ts->wrap_w = -1;
}

static struct tt_screen *ticket_open(struct tt_app *app, const char *arg, struct tt_err *err)
{
    while (*arg == ' ' || *arg == '#')
        arg++;
    char *end;
    errno = 0;
    long long id = strtoll(arg, &end, 10);
    while (*end == ' ')
        end++;
    if (!*arg || *end || id <= 0 || errno == ERANGE) {
        tt_errf(err, "usage: :ticket N (a ticket number, not '%s')", arg);
        return NULL;
    }
    struct ticket_screen *ts = xcalloc(1, sizeof *ts);
    extern const struct tt_screen_type tt_screen_ticket;
    ts->base.type = &tt_screen_ticket;
    if (load(ts, app, id, err) < 0) {
        tt_ticket_clear(&ts->t);
        tt_event_list_free(ts->ev, ts->n_ev);
        free(ts);
        return NULL;
    }
    for (size_t i = 0; i < tt_panels_count && ts->n_panels < MAX_PANELS; i++)
        ts->panels[ts->n_panels++] = tt_panels[i];
    for (size_t i = 1; i < ts->n_panels; i++)
        for (size_t j = i; j > 0 && ts->panels[j]->order < ts->panels[j - 1]->order; j--) {
            const struct tt_panel *t = ts->panels[j];
            ts->panels[j] = ts->panels[j - 1];
            ts->panels[j - 1] = t;
        }
    tt_store_data_version(tt_app_store(app), &ts->data_version, err);
    load_panels(ts, app);
    return &ts->base;
}

static void ticket_free(struct tt_screen *s)
{
    struct ticket_screen *ts = (struct ticket_screen *)s;
    for (size_t i = 0; i < ts->n_panels; i++)
        if (ts->panels[i]->unload && ts->state[i])
            ts->panels[i]->unload(ts->state[i]);
    free_lines(ts);
    free(ts->lines);
    tt_ticket_clear(&ts->t);
    tt_event_list_free(ts->ev, ts->n_ev);
    free(ts);
}

static int panel_width(const struct ticket_screen *ts, int w)
{
    if (ts->hide_panels || ts->n_panels == 0 || w < 70)
        return 0;
    return w >= 110 ? PANEL_W + 4 : PANEL_W;
}

/* "label: value" at x; when the label and a column of the value do not fit,
 * "…" says the row goes on (a cut label read like a field of its own). */
static int field(struct tt_canvas *c, struct tt_rect r, int y, int x, const char *label,
                 enum tt_role role, const char *value)
{
    if (x >= r.w)
        return 0;
    if (x + tt_text_width(label) + 3 > r.w) { /* and the fields after it stay off */
        tt_draw_text(c, r, y, x, -1, TT_ROLE_LABEL, "\xe2\x80\xa6");
        return r.w - x;
    }
    int n = tt_draw_text(c, r, y, x, -1, TT_ROLE_LABEL, label);
    n += tt_draw_text(c, r, y, x + n, -1, TT_ROLE_LABEL, ": ");
    char *clean = tt_sanitize(value ? value : "-", 0);
    n += tt_draw_text_cut(c, r, y, x + n, -1, role, clean);
    free(clean);
    return n + 3;
}

/* The header's rows: all five (subject, status, requester, assignee, rule),
 * or on a short terminal (a split of under 14 rows) the subject, the status
 * row and the rule, so the conversation keeps rows of its own. */
static int header_h(int h)
{
    return h >= 12 ? HEADER_H : 3;
}

static void draw_header(struct ticket_screen *ts, struct tt_app *app, struct tt_canvas *c,
                        struct tt_rect r)
{
    bool compact = header_h(r.h) < HEADER_H;
    const struct tt_ticket *t = &ts->t;
    char *subject = tt_sanitize(t->subject, 0);
    int x = tt_draw_printf(c, r, 0, 1, -1, TT_ROLE_HEADER, "#%lld", (long long)t->id);
    tt_draw_text_cut(c, r, 0, x + 3, -1, TT_ROLE_HEADER, subject);
    free(subject);
    x = 1;
    x += field(c, r, 1, x, "status", tt_status_role(t->status), tt_status_name(t->status));
    x +=
        field(c, r, 1, x, "priority", tt_priority_role(t->priority), tt_priority_name(t->priority));
    x += field(c, r, 1, x, "channel", TT_ROLE_NORMAL, t->channel);
    char *ext =
        xasprintf("%s %s", t->account ? t->account : "", t->external_id ? t->external_id : "");
    x += field(c, r, 1, x, "source", TT_ROLE_NORMAL, ext);
    free(ext);
    if (compact) {
        tt_draw_hline(c, r, 2, TT_ROLE_BORDER);
        return;
    }
    x = 1;
    char *req = t->requester_email && *t->requester_email
                    ? xasprintf("%s <%s>", t->requester ? t->requester : "", t->requester_email)
                    : xstrdup(t->requester ? t->requester : "-");
    x += field(c, r, 2, x, "requester", TT_ROLE_NORMAL, req);
    free(req);
    x += field(c, r, 2, x, "organisation", TT_ROLE_NORMAL, t->organization);
    x = 1;
    x += field(c, r, 3, x, "assignee", TT_ROLE_NORMAL, t->assignee);
    x += field(c, r, 3, x, "group", TT_ROLE_NORMAL, t->group);
    char at[20], age[32];
    when(t->created_at, at);
    x += field(c, r, 3, x, "created", TT_ROLE_NORMAL, at);
    tt_format_age(tt_app_now(app), t->updated_at, age, sizeof age);
    x += field(c, r, 3, x, "updated", TT_ROLE_NORMAL, age);
    if (t->tags && *t->tags)
        x += field(c, r, 3, x, "tags", TT_ROLE_MUTED, t->tags);
    tt_draw_hline(c, r, 4, TT_ROLE_BORDER);
}

/* The side column: the panels one under the other, drawn into a column of
 * their own and shown from panel_scroll down (] and [ scroll it), so the
 * panels below the first screenful (SLA, Triage on an 80x24 terminal) can be
 * seen; a mark on the last row says more is below, on the first that more is
 * above. */
#define PANELS_MAX_H 160

static void draw_panels(struct ticket_screen *ts, struct tt_app *app, struct tt_canvas *c,
                        struct tt_rect r)
{
    if (r.h < 1 || r.w < 1)
        return;
    struct tt_canvas *col = tt_canvas_new(PANELS_MAX_H, r.w);
    struct tt_rect all = tt_canvas_rect(col);
    struct tt_panel_ctx cx = {app, tt_app_store(app), &ts->t, tt_app_now(app)};
    int y = 0;
    for (size_t i = 0; i < ts->n_panels && y < all.h - 1; i++) {
        const struct tt_panel *p = ts->panels[i];
        struct tt_rect body = {y + 1, 0, all.h - y - 1, all.w};
        int used = p->draw(&cx, ts->state[i], col, body);
        if (used <= 0)
            continue;
        tt_draw_text_cut(col, all, y, 0, -1, TT_ROLE_PANEL_TITLE, p->title);
        y += used + 2;
    }
    int total = y > 0 ? y - 1 : 0; /* no blank after the last panel */
    ts->panel_h = r.h;
    int max = total - r.h;
    if (ts->panel_scroll > max)
        ts->panel_scroll = max;
    if (ts->panel_scroll < 0)
        ts->panel_scroll = 0;
    struct tt_rect cr = tt_canvas_rect(c);
    for (int row = 0; row < r.h && ts->panel_scroll + row < all.h; row++) {
        int ty = r.y + row;
        if (ty < cr.y || ty >= cr.h)
            continue;
        for (int x = 0; x < r.w && r.x + x < cr.w; x++)
            c->cells[(size_t)ty * (size_t)c->cols + (size_t)(r.x + x)] =
                col->cells[(size_t)(ts->panel_scroll + row) * (size_t)col->cols + (size_t)x];
    }
    tt_canvas_free(col);
    struct tt_rect mark = {r.y, r.x, r.h, r.w};
    if (ts->panel_scroll > 0) {
        tt_draw_fill(c, (struct tt_rect){r.y, r.x, 1, r.w}, TT_ROLE_NORMAL);
        tt_draw_text_cut(c, mark, 0, 0, -1, TT_ROLE_MUTED, "\xe2\x96\xb4 [ more");
    }
    if (ts->panel_scroll + r.h < total && r.h > 1) {
        tt_draw_fill(c, (struct tt_rect){r.y + r.h - 1, r.x, 1, r.w}, TT_ROLE_NORMAL);
        tt_draw_text_cut(c, mark, r.h - 1, 0, -1, TT_ROLE_MUTED, "\xe2\x96\xbe ] more");
    }
}

static void ticket_draw(struct tt_screen *s, struct tt_app *app, struct tt_canvas *c,
                        struct tt_rect r)
{
    struct ticket_screen *ts = (struct ticket_screen *)s;
    draw_header(ts, app, c, r);
    int pw = panel_width(ts, r.w);
    int cw = r.w - (pw ? pw + 1 : 0);
    int hh = header_h(r.h);
    struct tt_rect conv = {r.y + hh, r.x + 1, r.h - hh, cw - 2};
    if (conv.h < 1)
        return;
    if (ts->wrap_w != conv.w)
        layout(ts, conv.w);
    ts->view_h = conv.h;
    int max_scroll = (int)ts->n_lines - conv.h;
    if (ts->scroll > max_scroll)
        ts->scroll = max_scroll;
    if (ts->scroll < 0)
        ts->scroll = 0;
    for (int y = 0; y < conv.h && ts->scroll + y < (int)ts->n_lines; y++) {
        const struct line *l = &ts->lines[ts->scroll + y];
        tt_draw_text_cut(c, conv, y, l->indent, -1, l->role, l->text);
    }
    if ((int)ts->n_lines > conv.h) {
        /* on the rule above the conversation, not over its last line */
        int pct = (int)((ts->scroll + conv.h) * 100 / (int)ts->n_lines);
        tt_draw_printf(c, (struct tt_rect){r.y + hh - 1, r.x, 1, cw}, 0, cw - 7, 6, TT_ROLE_MUTED,
                       " %3d%% ", pct);
    }
    if (pw) {
        struct tt_rect sep = {r.y + hh, r.x + cw, r.h - hh, 1};
        for (int y = 0; y < sep.h; y++)
            tt_draw_text(c, sep, y, 0, 1, TT_ROLE_BORDER, "\xe2\x94\x82");
        draw_panels(ts, app, c, (struct tt_rect){r.y + hh, r.x + cw + 2, r.h - hh, pw - 2});
    }
}

static bool ticket_action(struct tt_screen *s, struct tt_app *app, int action)
{
    struct ticket_screen *ts = (struct ticket_screen *)s;
    int page = ts->view_h > 1 ? ts->view_h - 1 : 1;
    switch (action) {
    case ACT_DOWN:
        ts->scroll++;
        return true;
    case ACT_UP:
        ts->scroll--;
        return true;
    case ACT_PGDN:
        ts->scroll += page;
        return true;
    case ACT_PGUP:
        ts->scroll -= page;
        return true;
    case ACT_TOP:
        ts->scroll = 0;
        return true;
    case ACT_BOTTOM:
        ts->scroll = (int)ts->n_lines;
        return true;
    case ACT_PANEL:
        ts->hide_panels = !ts->hide_panels;
        ts->wrap_w = -1;
        return true;
    case ACT_PANELS_DOWN:
    case ACT_PANELS_UP: {
        int step = ts->panel_h > 3 ? ts->panel_h - 2 : 1;
        ts->panel_scroll += action == ACT_PANELS_DOWN ? step : -step;
        return true; /* the draw keeps it within the panels */
    }
    case ACT_KB: {
        char arg[32];
        snprintf(arg, sizeof arg, "#%lld", (long long)ts->t.id);
        tt_app_open(app, "kb", arg);
        return true;
    }
    case ACT_REPLY:
    case ACT_NOTE:
    case ACT_STATUS:
    case ACT_PRIORITY:
    case ACT_ASSIGN:
    case ACT_TAGS:
    case ACT_RETRY:
        if (tt_tui_sync_key(app, &ts->t, "rnsPatR"[action - ACT_REPLY])) {
            reload(ts, app);
            load_panels(ts, app); /* the outbox panel shows what was queued */
        }
        return true;
    case ACT_TRIAGE_ACCEPT:
        if (tt_tui_triage_accept(app, ts->t.id)) {
            reload(ts, app); /* the ticket's priority and tags may have changed */
            load_panels(ts, app);
        }
        return true;
    case ACT_TRIAGE_OVERRIDE: {
        char arg[32];
        snprintf(arg, sizeof arg, "%lld", (long long)ts->t.id);
        tt_app_open(app, "triage", arg);
        return true;
    }
    }
    if (ts->scroll < 0)
        ts->scroll = 0;
    return false; /* TT_ACT_BACK falls through to the global table */
}

static void ticket_resize(struct tt_screen *s, struct tt_app *app, int rows, int cols)
{
    struct ticket_screen *ts = (struct ticket_screen *)s;
    ts->wrap_w = -1; /* re-wrap at the next draw */
}

static void ticket_tick(struct tt_screen *s, struct tt_app *app)
{
    struct ticket_screen *ts = (struct ticket_screen *)s;
    struct tt_err err;
    int64_t v;
    if (tt_store_data_version(tt_app_store(app), &v, &err) < 0 || v == ts->data_version)
        return;
    /* another connection (a background sync) wrote: re-read the ticket, its
     * events and the panels */
    ts->data_version = v;
    reload(ts, app);
    load_panels(ts, app);
}

/* `:status S`, `:reply`, ... go to the sync module. */
static int ticket_command(struct tt_screen *s, struct tt_app *app, int argc, char **argv)
{
    struct ticket_screen *ts = (struct ticket_screen *)s;
    int rc = tt_tui_sync_command(app, &ts->t, argc, argv);
    if (rc > 0) {
        reload(ts, app);
        load_panels(ts, app);
    }
    return rc;
}

static void ticket_label(struct tt_screen *s, char *buf, size_t size)
{
    struct ticket_screen *ts = (struct ticket_screen *)s;
    snprintf(buf, size, "Ticket #%lld", (long long)ts->t.id);
}

const struct tt_screen_type tt_screen_ticket = {
    .name = "ticket",
    .title = "Ticket",
    .usage = "N",
    .keys = ticket_keys,
    .order = 20,
    .open = ticket_open,
    .draw = ticket_draw,
    .action = ticket_action,
    .resize = ticket_resize,
    .tick = ticket_tick,
    .command = ticket_command,
    .free = ticket_free,
    .label = ticket_label,
};
