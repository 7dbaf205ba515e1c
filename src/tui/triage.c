/*
 * triage.c: the console's side of triage.
 *
 *   - The ticket screen's triage panel: the suggested category with its
 *     confidence, priority, group, tags, the rules that fired, the words that
 *     weighed most, suggested articles and the draft, with the keys to act.
 *     A ticket opened before it was triaged is triaged on first view.
 *   - `A` on the ticket screen accepts the suggestion (tt_triage_accept).
 *   - `O` opens the override chooser (`:triage N`): the model's categories and
 *     the four priorities; Enter records the agent's choice as an override,
 *     which is training data for the next `triage train`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "ticketty/classifier.h"
#include "ticketty/store_triage.h"
#include "ticketty/text.h"
#include "ticketty/triage.h"
#include "ticketty/tui.h"
#include "ticketty/tui_sync.h"
#include "ticketty/util.h"

/* ---- the panel ------------------------------------------------------------ */

struct triage_state {
    bool found;
    struct tt_triage_result r;
    char *error;
};

static void *triage_load(const struct tt_panel_ctx *cx)
{
    struct triage_state *s = xcalloc(1, sizeof *s);
    struct tt_err err;
    int rc = tt_store_triage_result_get(cx->store, cx->ticket->id, &s->r, &err);
    if (rc == 0) {
        /* Not triaged yet (it arrived before triage ran): triage it now. */
        struct tt_triager *tr = tt_triager_open(cx->store, tt_app_config(cx->app), &err);
        rc = tr ? tt_triage_ticket(cx->store, tr, cx->ticket->id, false, &s->r, &err) : -1;
        tt_triager_free(tr);
        if (rc >= 0)
            rc = s->r.state != NULL;
    }
    if (rc < 0)
        s->error = tt_sanitize(err.msg, 0);
    s->found = rc == 1;
    return s;
}

static void triage_unload(void *state)
{
    struct triage_state *s = state;
    tt_triage_result_clear(&s->r);
    free(s->error);
    free(s);
}

/* Draw the lines of text (at most max) indented under a label row. */
static int draw_lines(struct tt_canvas *c, struct tt_rect r, int y, const char *label,
                      const char *text, int max, enum tt_role role, bool first_word_only)
{
    if (!text || !*text || y >= r.h)
        return 0;
    int used = 0;
    tt_draw_text_cut(c, r, y + used++, 0, -1, TT_ROLE_LABEL, label);
    char *clean = tt_sanitize(text, TT_SAN_KEEP_NEWLINES);
    for (char *p = clean; *p && used <= max && y + used < r.h;) {
        size_t n = strcspn(p, "\n");
        char save = p[n];
        p[n] = '\0';
        char *shown = p;
        if (first_word_only) {
            char *sp = strchr(p, ' ');
            if (sp)
                *sp = '\0';
        } else {
            char *tab = strchr(p, '\t');
            if (tab)
                shown = tab + 1; /* articles: "id\ttitle" -> title */
        }
        tt_draw_text_cut(c, r, y + used++, 2, -1, role, shown);
        p[n] = save;
        p += n + (save == '\n');
    }
    free(clean);
    return used;
}

static int triage_draw(const struct tt_panel_ctx *cx, void *state, struct tt_canvas *c,
                       struct tt_rect r)
{
    struct triage_state *s = state;
    if (s->error) {
        tt_draw_text_cut(c, r, 0, 0, -1, TT_ROLE_ERROR, s->error);
        return 1;
    }
    if (!s->found) {
        tt_draw_text_cut(c, r, 0, 0, -1, TT_ROLE_MUTED, "not triaged");
        return 1;
    }
    int y = 0;
    char buf[128];
    if (s->r.category) {
        char *cat = tt_sanitize(s->r.category, 0);
        snprintf(buf, sizeof buf, "%s (%.0f%%)", cat, s->r.confidence * 100);
        free(cat);
        y += tt_panel_field(c, r, y, "category",
                            s->r.confidence >= 0.9 ? TT_ROLE_NORMAL : TT_ROLE_MUTED, buf);
    } else {
        y += tt_panel_field(c, r, y, "category", TT_ROLE_MUTED, "no model (triage train)");
    }
    int p = tt_priority_from_name(s->r.priority);
    y += tt_panel_field(c, r, y, "priority",
                        p >= 0 ? tt_priority_role((enum tt_priority)p) : TT_ROLE_NORMAL,
                        s->r.priority);
    if (s->r.group)
        y += tt_panel_field(c, r, y, "group", TT_ROLE_NORMAL, s->r.group);
    if (s->r.tags && *s->r.tags)
        y += tt_panel_field(c, r, y, "tags", TT_ROLE_SLA_WARNING, s->r.tags);
    y += tt_panel_field(c, r, y, "state", TT_ROLE_MUTED, s->r.state);
    y += draw_lines(c, r, y, "why", s->r.rules, 4, TT_ROLE_NORMAL, false);
    y += draw_lines(c, r, y, "words", s->r.terms, 3, TT_ROLE_MATCH, true);
    y += draw_lines(c, r, y, "articles", s->r.articles, 3, TT_ROLE_NORMAL, false);
    if (s->r.draft && y < r.h)
        y += draw_lines(c, r, y, "draft (not sent)", s->r.draft, 2, TT_ROLE_MUTED, false);
    if (y < r.h && (tt_streq(s->r.state, "suggested") || tt_streq(s->r.state, "applied")))
        tt_draw_text_cut(c, r, y++, 0, -1, TT_ROLE_MUTED, "A accept \xc2\xb7 O override");
    return y;
}

const struct tt_panel tt_panel_triage = {
    .name = "triage",
    .title = "Triage",
    .order = 20,
    .load = triage_load,
    .draw = triage_draw,
    .unload = triage_unload,
};

bool tt_tui_triage_accept(struct tt_app *app, int64_t ticket_id)
{
    struct tt_err err;
    if (tt_triage_accept(tt_app_store(app), ticket_id, &err) < 0) {
        tt_app_message(app, TT_ROLE_ERROR, "%s", err.msg);
        return false;
    }
    tt_app_message(app, TT_ROLE_NORMAL, "triage accepted for ticket %lld", (long long)ticket_id);
    tt_tui_sync_soon(app); /* a local account's (the demo's) changes are delivered now */
    return true;
}

/* ---- the override chooser -------------------------------------------------- */

enum { ACT_CHOOSE = 1, ACT_DOWN, ACT_UP };

static const struct tt_binding chooser_keys[] = {
    {TT_KEY_ENTER, ACT_CHOOSE, "record this as the right category or priority"},
    {'j', ACT_DOWN, "next choice"},
    {TT_KEY_DOWN, ACT_DOWN, "next choice"},
    {'k', ACT_UP, "previous choice"},
    {TT_KEY_UP, ACT_UP, "previous choice"},
    {0, 0, NULL},
};

struct choice {
    const char *field; /* category | priority */
    char *value;
};

struct chooser {
    struct tt_screen base;
    int64_t ticket_id;
    struct choice *c;
    size_t n;
    size_t cur;
    int top;
    char *done; /* what was recorded, shown until the screen closes */
};

static void add_choice(struct chooser *ch, const char *field, const char *value)
{
    for (size_t i = 0; i < ch->n; i++)
        if (tt_streq(ch->c[i].field, field) && tt_streq(ch->c[i].value, value))
            return;
    ch->c = xrealloc(ch->c, (ch->n + 1) * sizeof *ch->c);
    ch->c[ch->n].field = field;
    ch->c[ch->n].value = xstrdup(value);
    ch->n++;
}

static struct tt_screen *chooser_open(struct tt_app *app, const char *arg, struct tt_err *err)
{
    while (*arg == ' ' || *arg == '#')
        arg++;
    char *end;
    errno = 0;
    long long id = strtoll(arg, &end, 10);
    if (!*arg || *end || id <= 0 || errno == ERANGE) {
        tt_errf(err, "usage: :triage N (a ticket number, not '%s')", arg);
        return NULL;
    }
    struct tt_store *st = tt_app_store(app);
    struct tt_triage_result r;
    int rc = tt_store_triage_result_get(st, id, &r, err);
    if (rc <= 0) {
        if (rc == 0)
            tt_errf(err, "ticket %lld has not been triaged", id);
        return NULL;
    }
    struct chooser *ch = xcalloc(1, sizeof *ch);
    extern const struct tt_screen_type tt_screen_triage;
    ch->base.type = &tt_screen_triage;
    ch->ticket_id = id;
    /* The suggestion's runner-ups first would need the text again; the
     * model's labels in its own order are enough to pick from. */
    struct tt_triage_model_row row;
    if (tt_store_triage_model_get(st, "category", true, &row, err) == 1) {
        struct tt_clf *m = tt_clf_load(row.weights, row.weights_len, err);
        for (size_t i = 0; m && i < tt_clf_n_labels(m); i++)
            add_choice(ch, "category", tt_clf_label(m, i));
        tt_clf_free(m);
        tt_triage_model_row_clear(&row);
    }
    for (int p = TT_PRIORITY__COUNT - 1; p >= 0; p--)
        add_choice(ch, "priority", tt_priority_name((enum tt_priority)p));
    /* Start on the suggested category. */
    for (size_t i = 0; i < ch->n; i++)
        if (r.category && tt_streq(ch->c[i].field, "category") &&
            tt_streq(ch->c[i].value, r.category))
            ch->cur = i;
    tt_triage_result_clear(&r);
    return &ch->base;
}

static void chooser_draw(struct tt_screen *s, struct tt_app *app, struct tt_canvas *c,
                         struct tt_rect r)
{
    struct chooser *ch = (struct chooser *)s;
    tt_draw_printf(c, r, 0, 1, -1, TT_ROLE_HEADER,
                   "Override the triage of ticket %lld: Enter records the choice, q goes back",
                   (long long)ch->ticket_id);
    if (ch->done)
        tt_draw_text_cut(c, r, 1, 1, -1, TT_ROLE_SLA_OK, ch->done);
    int h = r.h - 3;
    if (h < 1)
        return;
    if ((int)ch->cur < ch->top)
        ch->top = (int)ch->cur;
    if ((int)ch->cur >= ch->top + h)
        ch->top = (int)ch->cur - h + 1;
    for (int y = 0; y < h && ch->top + y < (int)ch->n; y++) {
        const struct choice *k = &ch->c[ch->top + y];
        char *v = tt_sanitize(k->value, 0);
        bool sel = (size_t)(ch->top + y) == ch->cur;
        tt_draw_printf(c, r, 3 + y, 1, -1, sel ? TT_ROLE_SELECTION : TT_ROLE_NORMAL, "%-9s %s",
                       k->field, v);
        if (sel)
            tt_draw_role(c, (struct tt_rect){r.y + 3 + y, r.x, 1, r.w}, TT_ROLE_SELECTION);
        free(v);
    }
}

static bool chooser_action(struct tt_screen *s, struct tt_app *app, int action)
{
    struct chooser *ch = (struct chooser *)s;
    switch (action) {
    case ACT_DOWN:
        if (ch->cur + 1 < ch->n)
            ch->cur++;
        return true;
    case ACT_UP:
        if (ch->cur > 0)
            ch->cur--;
        return true;
    case ACT_CHOOSE: {
        if (ch->n == 0)
            return true;
        const struct choice *k = &ch->c[ch->cur];
        struct tt_err err;
        if (tt_triage_override(tt_app_store(app), ch->ticket_id, k->field, k->value, &err) < 0) {
            tt_app_message(app, TT_ROLE_ERROR, "%s", err.msg);
            return true;
        }
        free(ch->done);
        char *v = tt_sanitize(k->value, 0);
        ch->done = xasprintf("recorded: %s %s (training data for the next model)", k->field, v);
        free(v);
        tt_app_message(app, TT_ROLE_NORMAL, "override recorded: %s %s", k->field, k->value);
        tt_tui_sync_soon(app); /* as after accepting */
        return true;
    }
    }
    return false;
}

static void chooser_free(struct tt_screen *s)
{
    struct chooser *ch = (struct chooser *)s;
    for (size_t i = 0; i < ch->n; i++)
        free(ch->c[i].value);
    free(ch->c);
    free(ch->done);
    free(ch);
}

const struct tt_screen_type tt_screen_triage = {
    .name = "triage",
    .title = "Triage override",
    .usage = "N",
    .keys = chooser_keys,
    .order = 25,
    .open = chooser_open,
    .draw = chooser_draw,
    .action = chooser_action,
    .free = chooser_free,
};
