/*
 * sync_console.c: queueing writes from the ticket screen, the outbox and
 * sync status-line slots, and the background sync child (see tui_sync.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ticketty/compose.h"
#include "ticketty/store_sync.h"
#include "ticketty/sync.h"
#include "ticketty/text.h"
#include "ticketty/tui_sync.h"
#include "ticketty/util.h"

/* ---- background sync -------------------------------------------------------- */

static pid_t child;
static int64_t last_start, last_local;
static bool soon, local_due;

static void reap(void)
{
    if (child > 0 && waitpid(child, NULL, WNOHANG) == child)
        child = 0;
}

void tt_tui_sync_stop(void)
{
    reap();
    if (child <= 0)
        return;
    /* the child is a session leader (setsid): signal its whole group */
    kill(-child, SIGTERM);
    kill(child, SIGTERM);
    for (int i = 0; i < 300; i++) { /* 3 s in 10 ms steps */
        pid_t r = waitpid(child, NULL, WNOHANG);
        if (r == child || (r < 0 && errno != EINTR)) {
            child = 0;
            return;
        }
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    kill(-child, SIGKILL);
    kill(child, SIGKILL);
    while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
        ;
    child = 0;
}

/* Local accounts (the demo) have no helpdesk: their outbox is delivered into
 * the store right here, the same push `ticketty sync` runs for them
 * (src/providers/outbox.c), so a reply shows in the conversation at once. */
static void deliver_local(struct tt_app *app)
{
    struct tt_sync_stats s = {0};
    struct tt_err err;
    tt_err_clear(&err);
    if (tt_sync_push_local(tt_app_store(app), 0, tt_app_config(app), &s, &err) < 0)
        tt_app_message(app, TT_ROLE_ERROR, "%s", err.msg);
    else if (s.failed)
        tt_app_message(app, TT_ROLE_ERROR,
                       "%lld outbox item%s could not be delivered to the local store (see the "
                       "Outbox panel)",
                       (long long)s.failed, s.failed == 1 ? "" : "s");
}

static void start_sync(struct tt_app *app)
{
    reap();
    if (local_due) {
        local_due = false;
        deliver_local(app);
    }
    if (child > 0 || !tt_app_has_terminal(app) || getenv("TICKETTY_NO_BACKGROUND_SYNC"))
        return;
    const struct tt_config *cfg = tt_app_config(app);
    const char *cfgpath = cfg ? tt_config_path(cfg) : NULL;
    struct stat sb;
    if (!cfgpath || stat(cfgpath, &sb) < 0 || !tt_config_section(cfg, "accounts"))
        return; /* no accounts: nothing to sync */
    const char *db = tt_store_path(tt_app_store(app));
    last_start = tt_now();
    soon = false;
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
        }
        setsid(); /* no terminal signals from the console's keys */
        execl("/proc/self/exe", "ticketty", "--db", db, "--config", cfgpath, "sync", (char *)NULL);
        _exit(127);
    }
    if (pid > 0)
        child = pid;
}

void tt_tui_sync_soon(struct tt_app *app)
{
    soon = true;
    local_due = true;
    start_sync(app);
}

static void maybe_sync(struct tt_app *app)
{
    const struct tt_config *cfg = tt_app_config(app);
    int64_t every = cfg ? tt_config_int(cfg, "sync.interval_seconds") : 300;
    reap();
    if (every > 0 && tt_now() - last_local >= every) {
        last_local = tt_now(); /* what local accounts still have due (queued elsewhere) */
        local_due = true;
    }
    if (soon || local_due || (every > 0 && tt_now() - last_start >= every))
        start_sync(app);
}

/* ---- status line ------------------------------------------------------------------ */

static bool outbox_text(struct tt_app *app, char *buf, size_t size, enum tt_role *role)
{
    int64_t n[TT_OUT__COUNT];
    if (tt_store_outbox_counts(tt_app_store(app), n, NULL) < 0)
        return false;
    int64_t waiting = n[TT_OUT_PENDING] + n[TT_OUT_SENDING];
    if (!waiting && !n[TT_OUT_FAILED] && !n[TT_OUT_HELD])
        return false;
    size_t k = (size_t)snprintf(buf, size, "outbox:");
    if (waiting && k < size)
        k += (size_t)snprintf(buf + k, size - k, " %lld pending", (long long)waiting);
    if (n[TT_OUT_FAILED] && k < size)
        k += (size_t)snprintf(buf + k, size - k, " %lld failed", (long long)n[TT_OUT_FAILED]);
    if (n[TT_OUT_HELD] && k < size)
        snprintf(buf + k, size - k, " %lld held", (long long)n[TT_OUT_HELD]);
    *role = n[TT_OUT_FAILED] || n[TT_OUT_HELD] ? TT_ROLE_ERROR : TT_ROLE_STATUS_LINE;
    return true;
}

const struct tt_status_slot tt_slot_outbox = {
    .name = "outbox",
    .order = 40,
    .text = outbox_text,
};

static bool sync_text(struct tt_app *app, char *buf, size_t size, enum tt_role *role)
{
    maybe_sync(app); /* polled every tick: the background sync's clock */
    struct tt_sync_status *l;
    size_t n;
    if (tt_store_sync_status_list(tt_app_store(app), &l, &n, NULL) < 0 || !n)
        return false;
    size_t k = 0;
    buf[0] = '\0';
    bool bad = false;
    for (size_t i = 0; i < n && k < size; i++) {
        const char *state;
        switch (l[i].state) {
        case TT_SYNC_RUNNING:
            state = "syncing";
            break;
        case TT_SYNC_WAITING:
            state = "waiting for rate limit";
            break;
        case TT_SYNC_OFFLINE:
            state = "offline";
            bad = true;
            break;
        case TT_SYNC_AUTH:
            state = "auth failed";
            bad = true;
            break;
        case TT_SYNC_ERROR:
            state = "sync failed";
            bad = true;
            break;
        default:
            state = l[i].last_ok_at ? "synced" : "not synced";
        }
        /* a "running" status whose writer stopped beating is a dead sync */
        if ((l[i].state == TT_SYNC_RUNNING || l[i].state == TT_SYNC_WAITING) &&
            tt_now() - l[i].heartbeat > 900)
            state = "sync interrupted";
        char *name = tt_sanitize(l[i].account, 0);
        k += (size_t)snprintf(buf + k, size - k, "%s%s: %s", i ? " | " : "", name, state);
        free(name);
    }
    tt_sync_status_list_free(l, n);
    *role = bad ? TT_ROLE_ERROR : TT_ROLE_STATUS_LINE;
    return true;
}

const struct tt_status_slot tt_slot_sync = {
    .name = "sync",
    .order = 45,
    .text = sync_text,
};

/* ---- the ticket screen's outbox panel ---------------------------------------------- */

/* What this ticket has waiting in the outbox: replies, notes and changes not
 * yet sent, and why a failed or held one is stuck (R retries them).  Hidden
 * when nothing waits. */
struct outbox_panel {
    struct tt_outbox_item *l;
    size_t n;
};

static void *outbox_load(const struct tt_panel_ctx *cx)
{
    struct outbox_panel *p = xcalloc(1, sizeof *p);
    struct tt_outbox_item *l;
    size_t n;
    if (tt_store_outbox_list(cx->store, cx->ticket->account_id, false, &l, &n, NULL) < 0)
        return p;
    for (size_t i = 0; i < n; i++) {
        if (l[i].ticket_id != cx->ticket->id)
            continue;
        p->l = xrealloc(p->l, (p->n + 1) * sizeof *p->l);
        p->l[p->n++] = l[i];
        memset(&l[i], 0, sizeof l[i]);
    }
    tt_outbox_list_free(l, n);
    return p;
}

static int outbox_draw(const struct tt_panel_ctx *cx, void *state, struct tt_canvas *c,
                       struct tt_rect r)
{
    struct outbox_panel *p = state;
    int y = 0;
    for (size_t i = 0; i < p->n && y < r.h; i++) {
        const struct tt_outbox_item *it = &p->l[i];
        bool stuck = it->state == TT_OUT_FAILED || it->state == TT_OUT_HELD;
        const char *what =
            stuck && it->last_error && *it->last_error ? it->last_error : it->payload;
        if (!stuck && (!what || !*what))
            what = "(cleared)"; /* an assignee or group taken off */
        char *v = xasprintf("%s: %s", tt_outbox_state_name(it->state), what ? what : "");
        y += tt_panel_field(c, r, y, it->kind, stuck ? TT_ROLE_ERROR : TT_ROLE_NORMAL, v);
        free(v);
    }
    return y;
}

static void outbox_unload(void *state)
{
    struct outbox_panel *p = state;
    tt_outbox_list_free(p->l, p->n);
    free(p);
}

const struct tt_panel tt_panel_outbox = {
    .name = "outbox",
    .title = "Outbox (R retries)",
    .order = 12,
    .load = outbox_load,
    .draw = outbox_draw,
    .unload = outbox_unload,
};

/* ---- actions ------------------------------------------------------------------------ */

struct edit_job {
    const char *template;
    char *out;
    struct tt_err err;
};

static int run_editor(void *ud)
{
    struct edit_job *j = ud;
    return tt_compose_edit(j->template, &j->out, &j->err);
}

/* written: value is a text written in the editor, kept in a file if it
 * cannot be queued (the ticket closed or was deleted meanwhile). */
static bool queue_text(struct tt_app *app, const struct tt_ticket *t, const char *kind,
                       const char *value, bool written)
{
    struct tt_err err;
    int64_t id;
    /* a closed ticket on a helpdesk where closed is final (Zendesk, local)
     * takes no change: refused here, as `ticket set` refuses it */
    if (!tt_streq(kind, "reply") && !tt_streq(kind, "note") &&
        tt_outbox_check_change(tt_app_store(app), t, &err) < 0) {
        tt_app_message(app, TT_ROLE_ERROR, "%s", err.msg);
        return false;
    }
    int rc = tt_outbox_set(tt_app_store(app), t->id, kind, value, t->updated_at, &id, &err);
    char *kept = rc < 0 && written ? tt_compose_keep(value) : NULL;
    if (kept) { /* where the text is first: the rest may not fit the line */
        tt_app_message(app, TT_ROLE_ERROR, "%s not queued, kept in %s: %s", kind, kept, err.msg);
        free(kept);
        return false;
    }
    if (rc < 0) {
        tt_app_message(app, TT_ROLE_ERROR, "%s", err.msg);
        return false;
    }
    if (rc == 1) { /* the ticket has that value already: nothing queued */
        tt_app_message(app, TT_ROLE_MUTED, "%s: nothing queued", err.msg);
        return true;
    }
    tt_app_message(app, TT_ROLE_STATUS_LINE, "%s queued in the outbox (#%lld); sending", kind,
                   (long long)id);
    tt_tui_sync_soon(app);
    struct tt_outbox_item it;
    if (tt_store_outbox_get(tt_app_store(app), id, &it, NULL) == 1) {
        if (it.state == TT_OUT_SENT) /* a local account: already in the conversation */
            tt_app_message(app, TT_ROLE_STATUS_LINE, "%s #%lld delivered (%s is a local account)",
                           kind, (long long)id, it.account ? it.account : "");
        tt_outbox_item_clear(&it);
    }
    return true;
}

static bool queue(struct tt_app *app, const struct tt_ticket *t, const char *kind,
                  const char *value)
{
    return queue_text(app, t, kind, value, false);
}

static bool compose(struct tt_app *app, const struct tt_ticket *t, const char *kind)
{
    struct tt_err err;
    if (tt_outbox_check_comment(tt_app_store(app), t, kind, &err) <
        0) { /* before the editor opens */
        tt_app_message(app, TT_ROLE_ERROR, "%s", err.msg);
        return false;
    }
    struct tt_event *ev = NULL;
    size_t n = 0;
    tt_store_event_list(tt_app_store(app), t->id, &ev, &n, NULL);
    char *tpl = tt_compose_template(kind, t, ev, n);
    tt_event_list_free(ev, n);
    struct edit_job j = {.template = tpl};
    int rc = tt_app_external(app, run_editor, &j);
    free(tpl);
    if (rc < 0) {
        tt_app_message(app, TT_ROLE_ERROR, "%s", j.err.msg);
        return false;
    }
    char *body = tt_compose_parse(j.out);
    free(j.out);
    if (!body) {
        tt_app_message(app, TT_ROLE_STATUS_LINE, "empty %s: cancelled", kind);
        return false;
    }
    bool ok = queue_text(app, t, kind, body, true);
    free(body);
    return ok;
}

static bool retry(struct tt_app *app, const struct tt_ticket *t)
{
    struct tt_outbox_item *l;
    size_t n;
    struct tt_err err;
    if (tt_store_outbox_list(tt_app_store(app), t->account_id, false, &l, &n, &err) < 0) {
        tt_app_message(app, TT_ROLE_ERROR, "%s", err.msg);
        return false;
    }
    int done = 0, refused = 0;
    struct tt_err why;
    for (size_t i = 0; i < n; i++) {
        if (l[i].ticket_id != t->id || (l[i].state != TT_OUT_FAILED && l[i].state != TT_OUT_HELD))
            continue;
        /* a reply or note to a closed ticket (anything to a deleted one)
         * would only fail again (`ticketty outbox retry` says the same) */
        if (tt_outbox_check_comment(tt_app_store(app), t, l[i].kind, &why) < 0)
            refused++;
        else if (tt_store_outbox_retry(tt_app_store(app), l[i].id, l[i].state == TT_OUT_HELD,
                                       NULL) > 0)
            done++;
    }
    tt_outbox_list_free(l, n);
    if (refused && !done) {
        tt_app_message(app, TT_ROLE_ERROR, "%s (drop the item with `ticketty outbox drop ID`)",
                       why.msg);
        return false;
    }
    if (done) {
        tt_app_message(app, TT_ROLE_STATUS_LINE, "%d outbox item%s queued again", done,
                       done == 1 ? "" : "s");
        tt_tui_sync_soon(app);
    } else {
        tt_app_message(app, TT_ROLE_STATUS_LINE, "no failed or held outbox items for this ticket");
    }
    return done > 0;
}

bool tt_tui_sync_key(struct tt_app *app, const struct tt_ticket *t, int key)
{
    switch (key) {
    case 'r':
        return compose(app, t, "reply");
    case 'n':
        return compose(app, t, "note");
    case 's':
        tt_app_command_start(app, "status ");
        return false;
    case 'P':
        tt_app_command_start(app, "priority ");
        return false;
    case 'a':
        tt_app_command_start(app, "assign ");
        return false;
    case 't':
        tt_app_command_start(app, "tags ");
        return false;
    case 'R':
        return retry(app, t);
    }
    return false;
}

int tt_tui_sync_command(struct tt_app *app, const struct tt_ticket *t, int argc, char **argv)
{
    const char *cmd = argv[0];
    if (tt_streq(cmd, "reply") || tt_streq(cmd, "note")) {
        if (argc > 1) { /* :reply TEXT queues the text as is */
            struct tt_buf b = {0};
            for (int i = 1; i < argc; i++)
                tt_buf_printf(&b, "%s%s", i > 1 ? " " : "", argv[i]);
            bool ok = queue(app, t, cmd, tt_buf_str(&b));
            tt_buf_free(&b);
            return ok ? 1 : -1;
        }
        return compose(app, t, cmd) ? 1 : -1;
    }
    if (tt_streq(cmd, "retry"))
        return retry(app, t) ? 1 : -1;
    if (tt_streq(cmd, "sync")) {
        tt_tui_sync_soon(app);
        tt_app_message(app, TT_ROLE_STATUS_LINE, "sync started");
        return 1;
    }
    const char *kind = tt_streq(cmd, "status")     ? "status"
                       : tt_streq(cmd, "priority") ? "priority"
                       : tt_streq(cmd, "assign")   ? "assignee"
                       : tt_streq(cmd, "group")    ? "group"
                       : tt_streq(cmd, "tags")     ? "tags"
                                                   : NULL;
    if (!kind)
        return 0;
    /* an empty prompt (a, then Enter) must not unassign: that takes ":assign -" */
    if (argc < 2) {
        if (tt_streq(kind, "assignee"))
            tt_app_message(app, TT_ROLE_ERROR, ":assign needs an agent id (:assign - unassigns)");
        else
            tt_app_message(app, TT_ROLE_ERROR, ":%s needs a value", cmd);
        return -1;
    }
    struct tt_buf b = {0};
    bool unassign = tt_streq(kind, "assignee") && argc == 2 && tt_streq(argv[1], "-");
    for (int i = 1; i < argc && !unassign; i++)
        tt_buf_printf(&b, "%s%s", i > 1 ? " " : "", argv[i]);
    bool ok = queue(app, t, kind, tt_buf_str(&b));
    tt_buf_free(&b);
    return ok ? 1 : -1;
}
