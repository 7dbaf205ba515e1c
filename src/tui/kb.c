/*
 * kb.c: the console's knowledge-base screen (`:kb [QUERY]`, K on a ticket).
 *
 * Search as you type: the `/` prompt re-runs the hybrid search on every edit
 * (the last word matches as a prefix) and lists titles with snippets, the
 * matched words highlighted.  Enter opens the article, rendered from Markdown
 * (src/kb/render.c) and scrolled by line, with + / - to vote and H for its git
 * history.  Opened from a ticket (`:kb #ID`), the search starts from the
 * ticket's subject, shows customer articles only (a toggles), and i writes a
 * reply with a link to the article in the editor, queued in the outbox.
 * Searches are logged when a result is opened or the screen is left, so
 * `kb gaps` sees what agents looked for.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "ticketty/compose.h"
#include "ticketty/kb.h"
#include "ticketty/store_kb.h"
#include "ticketty/sync.h"
#include "ticketty/text.h"
#include "ticketty/tui_sync.h"

enum {
    ACT_OPEN = 100,
    ACT_SEARCH,
    ACT_AUDIENCE,
    ACT_INSERT,
    ACT_HELPFUL,
    ACT_NOT_HELPFUL,
    ACT_HISTORY,
    ACT_CLOSE,
};

static const struct tt_binding kb_keys[] = {
    {TT_KEY_ENTER, ACT_OPEN, "open the selected article"},
    {'/', ACT_SEARCH, "edit the search (results update as you type)"},
    {'a', ACT_AUDIENCE, "customer articles only, or all (internal too)"},
    {'i', ACT_INSERT, "reply to the ticket with a link to the article (opens $EDITOR)"},
    {'+', ACT_HELPFUL, "article view: vote helpful"},
    {'-', ACT_NOT_HELPFUL, "article view: vote not helpful"},
    {'H', ACT_HISTORY, "article view: show or hide the article's git history"},
    {'q', ACT_CLOSE, "article view: back to the results; results: close"},
    {TT_KEY_ESC, ACT_CLOSE, "article view: back to the results; results: close"},
    {0, 0, NULL},
};

struct kb_screen {
    struct tt_screen base;
    char *query;
    bool customer_only;
    struct tt_ticket ticket; /* id 0 when not opened from a ticket */
    struct tt_kb_result *res;
    size_t n_res;
    struct tt_listview lv;
    char *error;
    bool logged;  /* the current query is in the search log */
    bool indexed; /* `kb index` has run on this database */
    /* Article view. */
    bool viewing;
    struct tt_kb_article art;
    struct tt_kb_render rendered;
    int render_w;
    int64_t scroll;
    int body_h;
    bool show_history;
    struct tt_kb_commit *history;
    size_t n_history;
};

static void clear_results(struct kb_screen *k)
{
    tt_kb_results_free(k->res, k->n_res);
    k->res = NULL;
    k->n_res = 0;
}

static void close_article(struct kb_screen *k)
{
    tt_kb_article_clear(&k->art);
    tt_kb_render_free(&k->rendered);
    tt_kb_commits_free(k->history, k->n_history);
    k->history = NULL;
    k->n_history = 0;
    k->viewing = false;
    k->show_history = false;
    k->render_w = 0;
    k->scroll = 0;
}

static void run_search(struct kb_screen *k, struct tt_app *app)
{
    clear_results(k);
    free(k->error);
    k->error = NULL;
    k->logged = false;
    struct tt_kb_search_opts o;
    tt_kb_search_opts_init(&o);
    o.audience = k->customer_only ? "customer" : NULL;
    o.limit = 50;
    o.prefix = true;
    o.log = false; /* logged once the agent opens a result or leaves */
    o.config = tt_app_config(app);
    struct tt_err err;
    if (tt_kb_search(tt_app_store(app), k->query, &o, &k->res, &k->n_res, &err) < 0) {
        k->error = tt_sanitize(err.msg, 0);
        k->n_res = 0;
    }
    k->lv.cur = k->lv.top = 0;
    k->lv.total = (int64_t)k->n_res;
}

/* Record the current query in the search log (once); returns its id. */
static int64_t log_query(struct kb_screen *k, struct tt_app *app)
{
    if (k->logged || !k->query || !*k->query)
        return 0;
    struct tt_buf top = {0};
    for (size_t i = 0; i < k->n_res && i < 10; i++)
        tt_buf_printf(&top, "%s%s", i ? " " : "", k->res[i].id);
    int64_t id = 0;
    tt_store_kb_log_search(tt_app_store(app), k->query, k->customer_only ? "customer" : NULL,
                           k->n_res, tt_buf_str(&top), tt_now(), &id, NULL);
    tt_buf_free(&top);
    k->logged = true;
    return id;
}

static struct tt_screen *kb_open(struct tt_app *app, const char *arg, struct tt_err *err)
{
    extern const struct tt_screen_type tt_screen_kb;
    struct kb_screen *k = xcalloc(1, sizeof *k);
    k->base.type = &tt_screen_kb;
    k->lv.height = 1;
    char *root = NULL; /* kept by kb index: none until the KB was indexed once */
    tt_store_kb_state_get(tt_app_store(app), "root", &root, NULL);
    k->indexed = root != NULL;
    free(root);
    if (arg && arg[0] == '#') {
        char *end;
        errno = 0;
        long long id = strtoll(arg + 1, &end, 10);
        bool digits = end != arg + 1;
        while (*end == ' ')
            end++;
        if (!digits || *end || id <= 0 || errno == ERANGE) {
            tt_errf(err, "usage: :kb #N (a ticket number, not '%s')", arg + 1);
            free(k);
            return NULL;
        }
        int found = tt_store_ticket_get(tt_app_store(app), id, &k->ticket, err);
        if (found <= 0) {
            if (found == 0)
                tt_errf(err, "no ticket #%lld", id);
            free(k);
            return NULL;
        }
        /* the subject is the customer's text: no escape sequence in the query */
        k->query = tt_sanitize(k->ticket.subject, 0);
        k->customer_only = true; /* replies go to customers */
    } else {
        k->query = xstrdup(arg ? arg : "");
    }
    run_search(k, app);
    tt_app_filter_start(app, k->query);
    return &k->base;
}

static void kb_free(struct tt_screen *s)
{
    struct kb_screen *k = (struct kb_screen *)s;
    clear_results(k);
    close_article(k);
    tt_ticket_clear(&k->ticket);
    free(k->query);
    free(k->error);
    free(k);
}

static void kb_filter(struct tt_screen *s, struct tt_app *app, const char *text)
{
    struct kb_screen *k = (struct kb_screen *)s;
    if (k->viewing)
        close_article(k);
    if (tt_streq(text, k->query))
        return;
    free(k->query);
    k->query = xstrdup(text);
    run_search(k, app);
}

/* Snippet text with [marked] words drawn in the match role. */
static void draw_snippet(struct tt_canvas *c, struct tt_rect r, int y, int x, const char *s)
{
    char *clean = tt_sanitize(s, 0);
    int max = r.w - x;
    const char *p = clean;
    bool mark = false;
    while (*p && max > 0) {
        size_t len = strcspn(p, mark ? "]" : "[");
        char *part = xstrndup(p, len);
        int used = tt_draw_text_cut(c, r, y, x, max, mark ? TT_ROLE_MATCH : TT_ROLE_MUTED, part);
        free(part);
        x += used;
        max -= used;
        p += len;
        if (*p) {
            p++;
            mark = !mark;
        }
    }
    free(clean);
}

static enum tt_role style_role(enum tt_kb_style st)
{
    switch (st) {
    case TT_KB_STYLE_HEADING:
        return TT_ROLE_TITLE;
    case TT_KB_STYLE_STRONG:
        return TT_ROLE_LABEL;
    case TT_KB_STYLE_EMPH:
    case TT_KB_STYLE_LINK:
        return TT_ROLE_MATCH;
    case TT_KB_STYLE_CODE:
        return TT_ROLE_PROMPT;
    case TT_KB_STYLE_URL:
    case TT_KB_STYLE_QUOTE:
    case TT_KB_STYLE_TABLE:
    case TT_KB_STYLE_BULLET:
        return TT_ROLE_MUTED;
    case TT_KB_STYLE_NORMAL:
        break;
    }
    return TT_ROLE_NORMAL;
}

static void draw_article(struct kb_screen *k, struct tt_app *app, struct tt_canvas *c,
                         struct tt_rect r)
{
    char *title = tt_sanitize(k->art.title, 0);
    tt_draw_text_cut(c, r, 0, 1, r.w - 2, TT_ROLE_TITLE, title);
    free(title);
    char *id = tt_sanitize(k->art.id, 0), *path = tt_sanitize(k->art.path, 0);
    tt_draw_printf(c, r, 1, 1, r.w - 2, TT_ROLE_MUTED,
                   "%s  %s  audience %s, %s  %lld helpful / %lld not  (+/- vote, H history)", id,
                   path, k->art.audience, k->art.visibility, (long long)k->art.helpful,
                   (long long)k->art.not_helpful);
    free(id);
    free(path);
    tt_draw_hline(c, r, 2, TT_ROLE_BORDER);
    int hist_h = 0;
    if (k->show_history)
        hist_h = (int)(k->n_history < 8 ? k->n_history : 8) + 2;
    int body_h = r.h - 3 - hist_h;
    if (body_h < 1)
        body_h = 1;
    k->body_h = body_h;
    int w = r.w - 2;
    if (w != k->render_w) {
        tt_kb_render_free(&k->rendered);
        tt_kb_render_markdown(k->art.markdown ? k->art.markdown : "",
                              k->art.markdown ? strlen(k->art.markdown) : 0, w, &k->rendered);
        k->render_w = w;
    }
    int64_t max_scroll = (int64_t)k->rendered.n - body_h;
    if (k->scroll > max_scroll)
        k->scroll = max_scroll;
    if (k->scroll < 0)
        k->scroll = 0;
    struct tt_rect body = {r.y + 3, r.x + 1, body_h, w};
    for (int i = 0; i < body_h && k->scroll + i < (int64_t)k->rendered.n; i++) {
        const struct tt_kb_line *l = &k->rendered.lines[k->scroll + i];
        int x = 0;
        size_t at = 0;
        for (size_t sp = 0; sp < l->n_spans; sp++) {
            if (l->spans[sp].off > at) { /* unstyled text between spans */
                char *gap = xstrndup(l->text + at, l->spans[sp].off - at);
                x += tt_draw_text(c, body, i, x, -1, TT_ROLE_NORMAL, gap);
                free(gap);
            }
            char *part = xstrndup(l->text + l->spans[sp].off, l->spans[sp].len);
            x += tt_draw_text(c, body, i, x, -1, style_role(l->spans[sp].style), part);
            free(part);
            at = l->spans[sp].off + l->spans[sp].len;
        }
        if (l->text[at])
            tt_draw_text(c, body, i, x, -1, TT_ROLE_NORMAL, l->text + at);
    }
    if (hist_h) {
        struct tt_rect h = {r.y + 3 + body_h, r.x, hist_h, r.w};
        tt_draw_hline(c, h, 0, TT_ROLE_BORDER);
        tt_draw_text(c, h, 0, 2, -1, TT_ROLE_PANEL_TITLE, " History ");
        if (!k->n_history)
            tt_draw_text(c, h, 1, 2, -1, TT_ROLE_MUTED, "no commits found for this file");
        for (int i = 0; i < hist_h - 2 && i < (int)k->n_history; i++) {
            char when[21];
            tt_time_iso(k->history[i].at, when);
            char *au = tt_sanitize(k->history[i].author, 0);
            char *su = tt_sanitize(k->history[i].summary, 0);
            /* the author in 18 columns, cut between characters (not bytes) */
            int aw;
            size_t an = tt_text_fit(au, 18, &aw);
            tt_draw_printf(c, h, 1 + i, 2, r.w - 3, TT_ROLE_NORMAL, "%.8s  %.10s  %.*s%*s %s",
                           k->history[i].id, when, (int)an, au, 18 - aw, "", su);
            free(au);
            free(su);
        }
    }
}

static void kb_draw(struct tt_screen *s, struct tt_app *app, struct tt_canvas *c, struct tt_rect r)
{
    struct kb_screen *k = (struct kb_screen *)s;
    if (k->viewing) {
        draw_article(k, app, c, r);
        return;
    }
    char *q = tt_sanitize(k->query, 0);
    int x = 1;
    x += tt_draw_text(c, r, 0, x, -1, TT_ROLE_LABEL, "Search: ");
    x += tt_draw_text_cut(c, r, 0, x, r.w / 2, TT_ROLE_NORMAL, *q ? q : "(type / to search)");
    free(q);
    tt_draw_printf(c, r, 0, x + 2, -1, TT_ROLE_MUTED, "%zu result%s  %s%s", k->n_res,
                   k->n_res == 1 ? "" : "s",
                   k->customer_only ? "customer articles" : "all articles",
                   k->ticket.id ? "  (i: reply with a link)" : "");
    tt_draw_hline(c, r, 1, TT_ROLE_BORDER);
    struct tt_rect body = {r.y + 2, r.x, r.h - 2, r.w};
    int per = 2;
    k->lv.height = body.h / per > 0 ? body.h / per : 1;
    if (k->error) {
        tt_draw_text_cut(c, body, 0, 1, -1, TT_ROLE_ERROR, k->error);
        return;
    }
    if (!k->n_res) {
        tt_draw_text_cut(c, body, 1, 2, -1, TT_ROLE_MUTED,
                         !k->indexed ? "The knowledge base has not been indexed: run `ticketty kb "
                                       "index` (or `ticketty demo init`)."
                         : *k->query ? "No article matches (kb gaps will list this search)."
                                     : "Type / and a question; results appear as you type.");
        return;
    }
    tt_listview_clamp(&k->lv, k->lv.total);
    for (int i = 0; i < k->lv.height && k->lv.top + i < (int64_t)k->n_res; i++) {
        const struct tt_kb_result *res = &k->res[k->lv.top + i];
        int y = i * per;
        char *title = tt_sanitize(res->title, 0), *id = tt_sanitize(res->id, 0);
        /* the id follows the title while the title keeps 18 cells; on a
         * narrow terminal the title has the row */
        int room = r.w - 2 - tt_text_width(id) - 2;
        bool show_id = room >= 18;
        int tx =
            1 + tt_draw_text_cut(c, body, y, 1, show_id ? room : r.w - 2, TT_ROLE_TITLE, title);
        if (show_id)
            tt_draw_text_cut(c, body, y, tx + 2, -1, TT_ROLE_MUTED, id);
        free(title);
        free(id);
        const char *snip = res->snippet && *res->snippet ? res->snippet : res->excerpt;
        if (snip)
            draw_snippet(c, body, y + 1, 3, snip);
        if (k->lv.top + i == k->lv.cur)
            tt_draw_role(c, (struct tt_rect){body.y + y, body.x, 1, body.w}, TT_ROLE_SELECTION);
    }
}

static void open_selected(struct kb_screen *k, struct tt_app *app)
{
    if (k->lv.cur >= (int64_t)k->n_res)
        return;
    const struct tt_kb_result *res = &k->res[k->lv.cur];
    struct tt_err err;
    close_article(k);
    int found = tt_store_kb_article_get(tt_app_store(app), res->id, &k->art, &err);
    if (found <= 0) {
        tt_app_message(app, TT_ROLE_ERROR, "%s", found < 0 ? err.msg : "article gone: re-index");
        return;
    }
    int64_t sid = log_query(k, app);
    tt_store_kb_log_opened(tt_app_store(app), sid, k->art.id, tt_now(), NULL);
    k->viewing = true;
}

static void vote(struct kb_screen *k, struct tt_app *app, bool helpful)
{
    struct tt_err err;
    if (tt_store_kb_vote_add(tt_app_store(app), k->art.id, helpful, NULL, tt_now(), &err) < 0) {
        tt_app_message(app, TT_ROLE_ERROR, "%s", err.msg);
        return;
    }
    tt_store_kb_vote_counts(tt_app_store(app), k->art.id, &k->art.helpful, &k->art.not_helpful,
                            NULL);
    tt_app_message(app, TT_ROLE_STATUS_LINE, "voted %s", helpful ? "helpful" : "not helpful");
}

/* The repository the index was built from (kept by kb index). Heap or NULL. */
static char *kb_dir(struct tt_app *app)
{
    char *root = NULL;
    tt_store_kb_state_get(tt_app_store(app), "root", &root, NULL);
    return root;
}

struct reply_job {
    char *template;
    char *out;
    struct tt_err err;
};

static int reply_editor(void *ud)
{
    struct reply_job *j = ud;
    return tt_compose_edit(j->template, &j->out, &j->err);
}

/* The link line for an article: kb.link_url + slug, else title and id. */
static char *kb_link(const struct tt_config *cfg, const char *title, const char *id,
                     const char *slug)
{
    const char *base = cfg ? tt_config_str(cfg, "kb.link_url") : NULL;
    if (base && *base)
        return xasprintf("%s: %s%s", title, base, slug);
    return xasprintf("%s (help article %s)", title, id);
}

static void insert_link(struct kb_screen *k, struct tt_app *app)
{
    if (!k->ticket.id) {
        tt_app_message(app, TT_ROLE_ERROR, "open the KB from a ticket (K) to reply with a link");
        return;
    }
    const char *id = NULL, *title = NULL, *slug = NULL;
    if (k->viewing) {
        id = k->art.id, title = k->art.title, slug = k->art.slug;
    } else if (k->lv.cur < (int64_t)k->n_res) {
        const struct tt_kb_result *r = &k->res[k->lv.cur];
        id = r->id, title = r->title, slug = r->slug;
        int64_t sid = log_query(k, app);
        tt_store_kb_log_opened(tt_app_store(app), sid, id, tt_now(), NULL);
    }
    if (!id)
        return;
    struct tt_err cerr;
    if (tt_outbox_check_comment(tt_app_store(app), &k->ticket, "reply", &cerr) <
        0) { /* before the editor */
        tt_app_message(app, TT_ROLE_ERROR, "%s", cerr.msg);
        return;
    }
    struct tt_event *ev = NULL;
    size_t n = 0;
    tt_store_event_list(tt_app_store(app), k->ticket.id, &ev, &n, NULL);
    char *tpl = tt_compose_template("reply", &k->ticket, ev, n);
    tt_event_list_free(ev, n);
    char *link = kb_link(tt_app_config(app), title, id, slug);
    struct reply_job j = {0};
    j.template = xasprintf("%s\n%s\n", tpl, link);
    free(tpl);
    free(link);
    int rc = tt_app_external(app, reply_editor, &j);
    free(j.template);
    if (rc < 0) {
        tt_app_message(app, TT_ROLE_ERROR, "%s", j.err.msg);
        return;
    }
    char *body = tt_compose_parse(j.out);
    free(j.out);
    if (!body) {
        tt_app_message(app, TT_ROLE_STATUS_LINE, "empty reply: cancelled");
        return;
    }
    struct tt_err err;
    int64_t oid;
    if (tt_outbox_queue(tt_app_store(app), k->ticket.id, "reply", body, k->ticket.updated_at, &oid,
                        &err) < 0) {
        /* closed or deleted while the agent wrote: the text is kept, not lost */
        char *kept = tt_compose_keep(body);
        if (kept)
            tt_app_message(app, TT_ROLE_ERROR, "reply not queued, kept in %s: %s", kept, err.msg);
        else
            tt_app_message(app, TT_ROLE_ERROR, "%s", err.msg);
        free(kept);
    } else {
        tt_app_message(app, TT_ROLE_STATUS_LINE, "reply with the article queued (#%lld)",
                       (long long)oid);
        tt_tui_sync_soon(app); /* sent (or, for a local account, delivered) at once */
    }
    free(body);
}

static bool kb_action(struct tt_screen *s, struct tt_app *app, int action)
{
    struct kb_screen *k = (struct kb_screen *)s;
    if (k->viewing) {
        int page = k->body_h > 1 ? k->body_h - 1 : 1;
        switch (action) {
        case TT_LV_DOWN:
            k->scroll++;
            return true;
        case TT_LV_UP:
            k->scroll--;
            return true;
        case TT_LV_PGDN:
            k->scroll += page;
            return true;
        case TT_LV_PGUP:
            k->scroll -= page;
            return true;
        case TT_LV_HOME:
            k->scroll = 0;
            return true;
        case TT_LV_END:
            k->scroll = (int64_t)k->rendered.n;
            return true;
        case ACT_HELPFUL:
        case ACT_NOT_HELPFUL:
            vote(k, app, action == ACT_HELPFUL);
            return true;
        case ACT_HISTORY:
            k->show_history = !k->show_history;
            if (k->show_history && !k->history) {
                char *dir = kb_dir(app);
                struct tt_err err;
                if (!dir || tt_kb_log(dir, k->art.path, 20, &k->history, &k->n_history, &err) < 0)
                    tt_app_message(app, TT_ROLE_ERROR, "%s",
                                   dir ? err.msg : "the KB has not been indexed yet");
                free(dir);
            }
            return true;
        case ACT_INSERT:
            insert_link(k, app);
            return true;
        case ACT_CLOSE:
            close_article(k);
            return true;
        case ACT_SEARCH:
            close_article(k);
            tt_app_filter_start(app, k->query);
            return true;
        }
        return false;
    }
    switch (action) {
    case TT_LV_DOWN:
    case TT_LV_UP:
    case TT_LV_PGDN:
    case TT_LV_PGUP:
    case TT_LV_HOME:
    case TT_LV_END:
        tt_listview_move(&k->lv, action, k->lv.total);
        return true;
    case ACT_OPEN:
        open_selected(k, app);
        return true;
    case ACT_SEARCH:
        tt_app_filter_start(app, k->query);
        return true;
    case ACT_AUDIENCE:
        k->customer_only = !k->customer_only;
        run_search(k, app);
        return true;
    case ACT_INSERT:
        insert_link(k, app);
        return true;
    case ACT_CLOSE:
        log_query(k, app); /* a search left without opening anything is a gap */
        return false;      /* the global q / Esc closes the screen */
    }
    return false;
}

static void kb_resize(struct tt_screen *s, struct tt_app *app, int rows, int cols)
{
    struct kb_screen *k = (struct kb_screen *)s;
    k->render_w = 0; /* re-render at the next draw */
}

const struct tt_screen_type tt_screen_kb = {
    .name = "kb",
    .title = "Knowledge base",
    .usage = "[QUERY | #TICKET]",
    .keys = kb_keys,
    .list_keys = true,
    .open_key = 'K', /* from the queue (also ':kb'); K on a ticket searches for it */
    .order = 40,
    .open = kb_open,
    .draw = kb_draw,
    .action = kb_action,
    .resize = kb_resize,
    .filter = kb_filter,
    .free = kb_free,
};
