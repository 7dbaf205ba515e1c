/*
 * outbox.c: queueing writes and sending them (see store_sync.h for the states
 * and sync.h for the guarantees).
 *
 * One path for every write, whoever owns the ticket: tt_outbox_queue() checks
 * it and puts it in the outbox (durable), and a push delivers it and marks it
 * sent.  For a helpdesk account the push is the driver's HTTP call and the
 * echo (the comment, the new status) comes back with the next pull.  An
 * account whose provider is "local" (the demo workspace, imports) has no
 * helpdesk, so its push (tt_sync_push_local) writes that echo into the store
 * itself, in the item's own transaction with "sent":
 *   reply/note  a comment event (public for a reply) by the ticket's assignee,
 *               keyed by the item's idempotency key (never recorded twice); a
 *               reply sets first_response_at if unset; an agent's comment on
 *               a new ticket opens it (status event new -> open), as Zendesk does;
 *               on a closed ticket it fails ("ticket #N is closed"), as Zendesk
 *               refuses it (the local provider's closed_is_final); a solved
 *               ticket takes it and stays solved
 *   status, priority, assignee, group, tags
 *               the field on the ticket and its change event (old -> new
 *               value; names for assignee and group), resolved_at set on
 *               solved/closed and cleared on reopening
 *   every kind  updated_at = now
 * and the SLA cache of the tickets touched is recomputed, so the clocks react
 * as they do after a pull.  Nothing is shown "at once" before delivery for a
 * local account: delivery follows queueing straight away (reply, note and
 * ticket set send a local account's outbox themselves; the console does
 * after queueing), and `ticketty sync` delivers whatever is still due.
 * A ticket of an account removed from the configuration (not purged) is NOT
 * local: nothing can send its items, and they are failed saying so
 * (tt_sync_fail_unconfigured) instead of being delivered locally.
 *
 * Per due item:
 *   reply/note that may already have been sent (found in `sending` after a
 *   crash, or a previous attempt failed mid-way): ask the remote whether a
 *   comment with the item's idempotency key exists -> sent without resending.
 *   reply/note with a baseline: remote changed since the agent looked -> held.
 *   mark sending (+1 attempt, committed) -> push -> sent | failed(+backoff).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "push_utf8.h"
#include "sync_internal.h"
#include "ticketty/store_sla.h"
#include "ticketty/store_sync.h"
#include "ticketty/util.h"

static const char *const kinds[] = {"reply",    "note",  "status", "priority",
                                    "assignee", "group", "tags"};

static int kind_of(const char *k)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(kinds); i++)
        if (tt_streq(k, kinds[i]))
            return (int)i; /* same order as enum tt_push_kind */
    return -1;
}

static bool has_word(const char *list, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = list; p && (p = strstr(p, w)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

/* Whether an edit list ("+a -b") names at least one tag: " " or "+ -" does not. */
static bool names_a_tag(const char *edits)
{
    for (const char *p = edits; *p;) {
        p += strspn(p, " ");
        if (*p == '+' || *p == '-')
            p++;
        if (*p && *p != ' ')
            return true;
        p += strcspn(p, " ");
    }
    return false;
}

/* A C0 control character or DEL (escape sequences, line breaks, tabs). */
static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

/* "a b" + "+c -a" -> "b c" */
static char *apply_tag_edits(const char *tags, const char *edits)
{
    struct tt_buf b = {0};
    char *copy = xstrdup(tags ? tags : "");
    for (char *sv = NULL, *w = strtok_r(copy, " ", &sv); w; w = strtok_r(NULL, " ", &sv)) {
        char *minus = xasprintf("-%s", w);
        bool removed = has_word(edits, minus);
        free(minus);
        if (!removed) {
            if (b.len)
                tt_buf_putc(&b, ' ');
            tt_buf_puts(&b, w);
        }
    }
    free(copy);
    copy = xstrdup(edits);
    for (char *sv = NULL, *w = strtok_r(copy, " ", &sv); w; w = strtok_r(NULL, " ", &sv)) {
        if (*w == '-')
            continue;
        const char *tag = *w == '+' ? w + 1 : w;
        if (!*tag || has_word(tt_buf_str(&b), tag))
            continue;
        if (b.len)
            tt_buf_putc(&b, ' ');
        tt_buf_puts(&b, tag);
    }
    free(copy);
    return b.data ? tt_buf_steal(&b) : xstrdup("");
}

/* 1 when ticket t already has field k = v (err says so: "priority is already
 * high"), 0 when the change changes something or one of its kind is still
 * unsent, -1 on a store error. */
static int already(struct tt_store *st, const struct tt_ticket *t, int k, const char *v,
                   struct tt_err *err)
{
    int64_t unsent;
    if (tt_store_outbox_unsent(st, t->id, kinds[k], &unsent, err) < 0)
        return -1;
    if (unsent > 0)
        return 0;
    int same = 0;
    if (k == TT_PUSH_STATUS && (int)t->status == tt_status_from_name(v)) {
        same = 1;
        tt_errf(err, "status is already %s", v);
    } else if (k == TT_PUSH_PRIORITY && (int)t->priority == tt_priority_from_name(v)) {
        same = 1;
        tt_errf(err, "priority is already %s", v);
    } else if (k == TT_PUSH_TAGS) {
        char *tags = apply_tag_edits(t->tags, v);
        if (tt_streq(tags, t->tags ? t->tags : "")) {
            same = 1;
            tt_errf(err, "tags are already %s%s%s", *tags ? "\"" : "(none)", tags,
                    *tags ? "\"" : "");
        }
        free(tags);
    } else if (k == TT_PUSH_ASSIGNEE || k == TT_PUSH_GROUP) {
        char *agent, *group;
        if (tt_store_ticket_assigned_ext(st, t->id, &agent, &group, err) < 0)
            return -1;
        const char *cur = k == TT_PUSH_ASSIGNEE ? agent : group;
        const char *name = k == TT_PUSH_ASSIGNEE ? t->assignee : t->group;
        if (k == TT_PUSH_ASSIGNEE && !*v && !cur && !t->assignee_id) {
            same = 1;
            tt_errf(err, "already unassigned");
        } else if (*v && cur && tt_streq(cur, v)) {
            same = 1;
            tt_errf(err, k == TT_PUSH_ASSIGNEE ? "already assigned to %s" : "already in group %s",
                    name && *name ? name : v);
        }
        free(agent);
        free(group);
    }
    return same;
}

static int queue_change(struct tt_store *st, int64_t ticket_id, const char *kind, const char *value,
                        int64_t base_updated_at, bool skip_same, int64_t *id_out,
                        struct tt_err *err);

/* 1 when t is closed and its account's provider treats closed as final
 * (Zendesk, local), 0 when not, -1 on a store error. */
static int closed_final(struct tt_store *st, const struct tt_ticket *t, char **provider,
                        struct tt_err *err)
{
    *provider = NULL;
    if (t->status != TT_STATUS_CLOSED || !t->account)
        return 0;
    struct tt_account a;
    int found = tt_store_account_get(st, t->account, &a, err);
    if (found < 0)
        return -1;
    int final = found && tt_provider_closed_is_final(a.provider);
    if (final)
        *provider = xstrdup(a.provider);
    if (found)
        tt_account_clear(&a);
    return final;
}

static int check_write(struct tt_store *st, const struct tt_ticket *t, bool comment,
                       struct tt_err *err)
{
    if (t->deleted) /* the helpdesk answers 404 to anything sent to it */
        return tt_errf(err,
                       "ticket #%lld was deleted: it takes no more replies, notes or changes "
                       "(nothing queued)",
                       (long long)t->id);
    char *provider;
    int final = closed_final(st, t, &provider, err);
    if (final <= 0)
        return final;
    tt_errf(err,
            "ticket #%lld is closed: on %s a closed ticket takes no more %s (a follow-up needs "
            "a new ticket)",
            (long long)t->id, provider, comment ? "replies or notes" : "changes");
    free(provider);
    return -1;
}

int tt_outbox_check_comment(struct tt_store *st, const struct tt_ticket *t, const char *kind,
                            struct tt_err *err)
{
    int k = kind_of(kind);
    if (k != TT_PUSH_REPLY && k != TT_PUSH_NOTE)
        return t->deleted ? check_write(st, t, false, err) : 0;
    return check_write(st, t, true, err);
}

int tt_outbox_check_change(struct tt_store *st, const struct tt_ticket *t, struct tt_err *err)
{
    return check_write(st, t, false, err);
}

int tt_outbox_queue(struct tt_store *st, int64_t ticket_id, const char *kind, const char *value,
                    int64_t base_updated_at, int64_t *id_out, struct tt_err *err)
{
    return queue_change(st, ticket_id, kind, value, base_updated_at, false, id_out, err);
}

int tt_outbox_set(struct tt_store *st, int64_t ticket_id, const char *kind, const char *value,
                  int64_t base_updated_at, int64_t *id_out, struct tt_err *err)
{
    return queue_change(st, ticket_id, kind, value, base_updated_at, true, id_out, err);
}

static int queue_change(struct tt_store *st, int64_t ticket_id, const char *kind, const char *value,
                        int64_t base_updated_at, bool skip_same, int64_t *id_out,
                        struct tt_err *err)
{
    int k = kind_of(kind);
    if (k < 0)
        return tt_errf(err,
                       "unknown change '%s' (reply, note, status, priority, assignee, "
                       "group, tags)",
                       kind ? kind : "");
    struct tt_ticket t;
    int found = tt_store_ticket_get(st, ticket_id, &t, err);
    if (found < 0)
        return -1;
    if (!found)
        return tt_errf(err, "no ticket %lld", (long long)ticket_id);
    int rc = 0;
    const char *v = value ? value : "";
    int local = tt_sync_account_is_local(st, t.account, err);
    if (local < 0) {
        rc = -1;
    } else if (!t.external_id) {
        rc = tt_errf(err, "ticket %lld has no id in account '%s'; nothing to send it to",
                     (long long)ticket_id, t.account ? t.account : "");
    } else if (t.deleted) {
        rc = tt_outbox_check_comment(st, &t, kind, err);
    } else if (k == TT_PUSH_REPLY || k == TT_PUSH_NOTE) {
        const char *p = v;
        while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
            p++;
        if (!*p)
            rc = tt_errf(err, "empty %s: nothing queued", kind);
        else
            rc = tt_outbox_check_comment(st, &t, kind, err);
    } else if (k == TT_PUSH_STATUS && tt_status_from_name(v) < 0) {
        rc = tt_errf(err, "unknown status '%s' (new, open, pending, on_hold, solved, closed)", v);
    } else if (k == TT_PUSH_PRIORITY && tt_priority_from_name(v) < 0) {
        rc = tt_errf(err, "unknown priority '%s' (low, normal, high, urgent)", v);
    } else if (k == TT_PUSH_TAGS && !names_a_tag(v)) {
        rc = tt_errf(err, "no tag changes given (\"+tag\" adds, \"-tag\" removes)");
    } else if (k == TT_PUSH_TAGS && has_control(v)) {
        rc = tt_errf(err, "tag changes \"%s\": a tag cannot hold a control character", v);
    } else if (k == TT_PUSH_GROUP && !v[strspn(v, " \t")]) {
        rc = tt_errf(err, "no group given");
    }
    /* Status and priority names in any case ("URGENT", "On-Hold") go out in
     * their canonical form. */
    if (rc == 0 && k == TT_PUSH_STATUS)
        v = tt_status_name((enum tt_status)tt_status_from_name(v));
    else if (rc == 0 && k == TT_PUSH_PRIORITY)
        v = tt_priority_name((enum tt_priority)tt_priority_from_name(v));
    /* Agents and groups may be named by email or name as well as by id. */
    char *resolved = NULL;
    if (rc == 0 && (k == TT_PUSH_ASSIGNEE || k == TT_PUSH_GROUP) && *v) {
        rc = k == TT_PUSH_ASSIGNEE
                 ? tt_store_agent_lookup(st, t.account_id, v, &resolved, NULL, err)
                 : tt_store_group_lookup(st, t.account_id, v, &resolved, NULL, err);
        if (rc == 0 && resolved)
            v = resolved;
        /* a helpdesk may know an agent not pulled yet; a local account knows all */
        else if (rc == 0 && local)
            rc = tt_errf(err, "no %s '%s' in account %s", k == TT_PUSH_ASSIGNEE ? "agent" : "group",
                         v, t.account);
    }
    /* A field set to the value it has is no change: nothing is queued (it
     * queued an item and bumped updated_at with no event).  Unless an unsent
     * item of the same kind is queued: then this one is the last word. */
    if (rc == 0 && skip_same && k != TT_PUSH_REPLY && k != TT_PUSH_NOTE) {
        int same = already(st, &t, k, v, err);
        if (same < 0)
            rc = -1;
        else if (same) {
            free(resolved);
            tt_ticket_clear(&t);
            if (id_out)
                *id_out = 0;
            return 1;
        }
    }
    if (rc == 0) {
        int64_t base = 0;
        if (k == TT_PUSH_REPLY || k == TT_PUSH_NOTE)
            base = base_updated_at ? base_updated_at : t.updated_at;
        rc = tt_store_outbox_add(st, t.account_id, ticket_id, kind, v, base, id_out, err);
    }
    /* Show the change locally at once; the next pull brings the remote truth.
     * A local account's delivery writes it, with its event, instead. */
    if (rc == 0 && !local && (k == TT_PUSH_STATUS || k == TT_PUSH_PRIORITY || k == TT_PUSH_TAGS)) {
        if (k == TT_PUSH_STATUS)
            t.status = (enum tt_status)tt_status_from_name(v);
        else if (k == TT_PUSH_PRIORITY)
            t.priority = (enum tt_priority)tt_priority_from_name(v);
        else {
            char *tags = apply_tag_edits(t.tags, v);
            free(t.tags);
            t.tags = tags;
        }
        rc = tt_store_ticket_upsert(st, &t, NULL, err);
    }
    free(resolved);
    tt_ticket_clear(&t);
    return rc;
}

static int64_t retry_delay(int attempts)
{
    int64_t d = 30;
    for (int i = 1; i < attempts && d < 3600; i++)
        d *= 2;
    return d > 3600 ? 3600 : d;
}

/* A failed attempt: transient ones (network, 5xx, 429) with attempts left
 * get a retry time and count as retrying, the rest as failed for good.  An
 * authentication failure is the account's, not the item's (the push stops
 * there and the account fails): the item is due again at once, so the first
 * sync after the token is fixed sends it, whatever its attempts. */
static void record_failure(struct tt_store *st, struct tt_outbox_item *it, struct tt_http *h,
                           int attempts, int max_attempts, const char *msg, struct tt_sync_stats *s)
{
    enum tt_http_fail f = tt_http_last_fail(h);
    bool transient = f == TT_HTTP_NETWORK || f == TT_HTTP_SERVER || f == TT_HTTP_RATE;
    int64_t next = f == TT_HTTP_AUTH                      ? tt_now()
                   : transient && attempts < max_attempts ? tt_now() + retry_delay(attempts)
                                                          : 0;
    tt_store_outbox_set_state(st, it->id, TT_OUT_FAILED, msg, next, false, NULL);
    if (next)
        s->retrying++;
    else
        s->failed++;
}

int tt_sync_push_items(struct tt_store *st, struct tt_provider *p, struct tt_http *h, int64_t acct,
                       int max_attempts, struct tt_sync_stats *s, struct tt_err *err)
{
    struct tt_outbox_item *due;
    size_t n;
    if (tt_store_outbox_due(st, acct, tt_now(), &due, &n, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        struct tt_outbox_item *it = &due[i];
        struct tt_err e;
        tt_err_clear(&e);
        int kind = kind_of(it->kind);
        if (!it->ticket_ext || kind < 0) {
            tt_store_outbox_set_state(st, it->id, TT_OUT_FAILED,
                                      "the ticket is no longer in the local store", 0, false, NULL);
            s->failed++;
            continue;
        }
        bool text = kind == TT_PUSH_REPLY || kind == TT_PUSH_NOTE;
        int64_t before = tt_http_requests(h);
        if (text && (it->state == TT_OUT_SENDING || it->attempts > 0 || it->base_updated_at)) {
            struct tt_remote_ticket rt;
            bool maybe_sent = it->state == TT_OUT_SENDING || it->attempts > 0;
            if (p->ops->remote(p, it->ticket_ext, maybe_sent ? it->idempotency_key : NULL, &rt,
                               &e) < 0) {
                s->requests += tt_http_requests(h) - before;
                record_failure(st, it, h, it->attempts, max_attempts, e.msg, s);
                if (tt_http_last_fail(h) == TT_HTTP_NETWORK ||
                    tt_http_last_fail(h) == TT_HTTP_AUTH) {
                    rc = tt_errf(err, "%s", e.msg);
                    break; /* the account is unreachable: stop, keep the rest queued */
                }
                continue;
            }
            bool already = rt.has_idempotency_key;
            int64_t remote_updated = rt.updated_at;
            tt_remote_ticket_clear(&rt);
            if (already) {
                tt_store_outbox_set_state(st, it->id, TT_OUT_SENT, NULL, 0, false, NULL);
                s->sent++;
                continue;
            }
            if (it->base_updated_at && remote_updated > it->base_updated_at) {
                char a[21], b[21];
                char *msg = xasprintf(
                    "the ticket changed on the helpdesk since you opened it (remote update %s, "
                    "you saw %s): review it, then `ticketty outbox retry %lld` to send anyway "
                    "or `ticketty outbox drop %lld`",
                    tt_time_iso(remote_updated, a), tt_time_iso(it->base_updated_at, b),
                    (long long)it->id, (long long)it->id);
                tt_store_outbox_set_state(st, it->id, TT_OUT_HELD, msg, 0, false, NULL);
                free(msg);
                s->held++;
                continue;
            }
        }
        if (tt_store_outbox_set_state(st, it->id, TT_OUT_SENDING, NULL, 0, true, err) < 0) {
            rc = -1;
            break;
        }
        struct tt_push push = {
            .kind = (enum tt_push_kind)kind,
            .ticket_ext = it->ticket_ext,
            .body = text ? it->payload : NULL,
            .value = text ? NULL : it->payload,
            .idempotency_key = it->idempotency_key,
        };
        /* jansson refuses invalid UTF-8: drivers get texts with U+FFFD instead */
        struct tt_push_utf8 valid;
        int prc = p->ops->push(p, tt_push_utf8(&push, &valid), &e);
        tt_push_utf8_free(&valid);
        s->requests += tt_http_requests(h) - before;
        if (prc < 0) {
            record_failure(st, it, h, it->attempts + 1, max_attempts, e.msg, s);
            enum tt_http_fail f = tt_http_last_fail(h);
            if (f == TT_HTTP_NETWORK || f == TT_HTTP_AUTH) {
                rc = tt_errf(err, "%s", e.msg);
                break;
            }
            continue;
        }
        tt_store_outbox_set_state(st, it->id, TT_OUT_SENT, NULL, 0, false, NULL);
        s->sent++;
        /* Our own write moved the remote updated_at: move later guards with it. */
        bool later = false;
        for (size_t j = i + 1; j < n; j++)
            later |= due[j].ticket_id == it->ticket_id && due[j].base_updated_at;
        if (later) {
            struct tt_remote_ticket rt;
            if (p->ops->remote(p, it->ticket_ext, NULL, &rt, &e) == 0) {
                for (size_t j = i + 1; j < n; j++)
                    if (due[j].ticket_id == it->ticket_id && due[j].base_updated_at &&
                        rt.updated_at > due[j].base_updated_at) {
                        due[j].base_updated_at = rt.updated_at;
                        tt_store_outbox_set_base(st, due[j].id, rt.updated_at, NULL);
                    }
                tt_remote_ticket_clear(&rt);
            }
        }
    }
    tt_outbox_list_free(due, n);
    return rc;
}

/* ---- accounts without a helpdesk (see the top of this file) ------------------------ */

int tt_sync_account_is_local(struct tt_store *st, const char *account, struct tt_err *err)
{
    if (!account)
        return 0;
    struct tt_account a;
    int found = tt_store_account_get(st, account, &a, err);
    if (found < 0)
        return -1;
    int local = found && tt_streq(a.provider, "local");
    tt_account_clear(&a);
    return local;
}

/* A status a ticket reaches: resolved_at follows it. */
static void set_status(struct tt_ticket *t, enum tt_status to, int64_t now)
{
    bool was_resolved = t->status == TT_STATUS_SOLVED || t->status == TT_STATUS_CLOSED;
    if (to == TT_STATUS_SOLVED || to == TT_STATUS_CLOSED) {
        if (!was_resolved || !t->resolved_at)
            t->resolved_at = now;
    } else {
        t->resolved_at = 0;
    }
    t->status = to;
}

/* Record a field change.  Setting a field to the value it has changes
 * nothing, and a helpdesk records nothing for it either. */
static int change_event(struct tt_store *st, struct tt_event *e, enum tt_event_type type,
                        const char *old, const char *new, struct tt_err *err)
{
    if (tt_streq(old ? old : "", new ? new : ""))
        return 0;
    e->type = type;
    e->public = false;
    e->body = NULL;
    e->external_id = NULL;
    e->old_value = (char *)old;
    e->new_value = (char *)new;
    return tt_store_event_add(st, e, NULL, err);
}

/* The local id of an agent or group named by its external id (the outbox
 * holds external ids), 0 when the account has none by that id. */
static int member_id(struct tt_store *st, int64_t acct, bool agent, const char *ext, int64_t *id,
                     struct tt_err *err)
{
    char *found = NULL;
    int rc = agent ? tt_store_agent_lookup(st, acct, ext, &found, id, err)
                   : tt_store_group_lookup(st, acct, ext, &found, id, err);
    free(found);
    return rc;
}

/* Write the echo of one item into the store (inside the caller's transaction). */
static int apply_local(struct tt_store *st, const struct tt_outbox_item *it, int kind,
                       struct tt_err *err)
{
    struct tt_ticket t;
    int found = tt_store_ticket_get(st, it->ticket_id, &t, err);
    if (found <= 0)
        return found < 0 ? -1 : tt_errf(err, "the ticket is no longer in the local store");
    int64_t now = tt_now();
    char *author = xstrdup(t.assignee && *t.assignee ? t.assignee : "you");
    struct tt_event e = {
        .ticket_id = t.id, .at = now, .author_role = TT_AUTHOR_AGENT, .author = author};
    const char *v = it->payload ? it->payload : "";
    int rc = 0;
    char *old = NULL;
    switch ((enum tt_push_kind)kind) {
    case TT_PUSH_REPLY:
    case TT_PUSH_NOTE:
        /* queued before the ticket closed: refused as Zendesk refuses it */
        if ((rc = tt_outbox_check_comment(st, &t, it->kind, err)) < 0)
            break;
        e.type = TT_EV_COMMENT;
        e.public = kind == TT_PUSH_REPLY;
        e.body = (char *)v;
        e.external_id = it->idempotency_key; /* delivered twice, recorded once */
        rc = tt_store_event_add(st, &e, NULL, err);
        if (rc == 0 && kind == TT_PUSH_REPLY && !t.first_response_at)
            t.first_response_at = now;
        if (rc == 0 && t.status == TT_STATUS_NEW) {
            set_status(&t, TT_STATUS_OPEN, now);
            rc = change_event(st, &e, TT_EV_STATUS, "new", "open", err);
        }
        break;
    case TT_PUSH_STATUS: {
        int to = tt_status_from_name(v);
        if (to < 0) {
            rc = tt_errf(err, "unknown status '%s'", v);
            break;
        }
        old = xstrdup(tt_status_name(t.status));
        set_status(&t, (enum tt_status)to, now);
        rc = change_event(st, &e, TT_EV_STATUS, old, v, err);
        break;
    }
    case TT_PUSH_PRIORITY: {
        int to = tt_priority_from_name(v);
        if (to < 0) {
            rc = tt_errf(err, "unknown priority '%s'", v);
            break;
        }
        old = xstrdup(tt_priority_name(t.priority));
        t.priority = (enum tt_priority)to;
        rc = change_event(st, &e, TT_EV_PRIORITY, old, v, err);
        break;
    }
    case TT_PUSH_ASSIGNEE:
    case TT_PUSH_GROUP: {
        bool agent = kind == TT_PUSH_ASSIGNEE;
        int64_t id = 0;
        if (*v && member_id(st, t.account_id, agent, v, &id, err) < 0) {
            rc = -1;
            break;
        }
        if (*v && !id) {
            rc = tt_errf(err, "no %s '%s' in account %s", agent ? "agent" : "group", v,
                         t.account ? t.account : "?");
            break;
        }
        if (!agent && !id) {
            rc = tt_errf(err, "no group given");
            break;
        }
        old =
            agent ? (t.assignee ? xstrdup(t.assignee) : NULL) : (t.group ? xstrdup(t.group) : NULL);
        if (agent)
            t.assignee_id = id;
        else
            t.group_id = id;
        break; /* the event, with the new name, once the ticket is saved */
    }
    case TT_PUSH_TAGS: {
        char *tags = apply_tag_edits(t.tags, v);
        old = t.tags;
        t.tags = tags;
        rc = change_event(st, &e, TT_EV_TAGS, old ? old : "", tags, err);
        break;
    }
    }
    if (rc == 0) {
        if (now > t.updated_at)
            t.updated_at = now;
        rc = tt_store_ticket_upsert(st, &t, NULL, err);
    }
    if (rc == 0 && (kind == TT_PUSH_ASSIGNEE || kind == TT_PUSH_GROUP)) {
        struct tt_ticket after;
        rc = tt_store_ticket_get(st, t.id, &after, err) == 1 ? 0 : -1;
        if (rc == 0) {
            const char *name = kind == TT_PUSH_ASSIGNEE ? after.assignee : after.group;
            rc = change_event(st, &e, kind == TT_PUSH_ASSIGNEE ? TT_EV_ASSIGNEE : TT_EV_GROUP, old,
                              name, err);
            tt_ticket_clear(&after);
        } else if (!err->msg[0]) {
            tt_errf(err, "the ticket is no longer in the local store");
        }
    }
    free(old);
    free(author);
    tt_ticket_clear(&t);
    return rc;
}

/* Deliver one item: 1 sent, 0 failed (recorded on the item), -1 store error. */
static int deliver_local(struct tt_store *st, int64_t id, struct tt_sync_stats *s,
                         struct tt_err *err)
{
    if (tt_store_begin(st, err) < 0) /* BEGIN IMMEDIATE: no other writer until commit */
        return -1;
    struct tt_outbox_item it;
    int found = tt_store_outbox_get(st, id, &it, err);
    if (found <= 0) {
        tt_store_rollback(st);
        return found < 0 ? -1 : 0;
    }
    /* another process (the console's background sync) may have delivered it */
    bool due = it.state == TT_OUT_PENDING || it.state == TT_OUT_SENDING ||
               (it.state == TT_OUT_FAILED && it.next_attempt_at && it.next_attempt_at <= tt_now());
    if (!due) {
        tt_outbox_item_clear(&it);
        tt_store_rollback(st);
        return 0;
    }
    struct tt_err e;
    tt_err_clear(&e);
    int kind = kind_of(it.kind);
    int rc = kind < 0        ? tt_errf(&e, "unknown change '%s'", it.kind)
             : !it.ticket_id ? tt_errf(&e, "the ticket is no longer in the local store")
                             : apply_local(st, &it, kind, &e);
    if (rc == 0)
        rc = tt_store_outbox_set_state(st, it.id, TT_OUT_SENT, NULL, 0, true, &e);
    if (rc == 0 && tt_store_commit(st, err) == 0) {
        s->sent++;
        tt_outbox_item_clear(&it);
        return 1;
    }
    if (rc < 0)
        tt_store_rollback(st);
    /* nothing to wait for: a local failure does not heal by itself (no retry time) */
    char *msg =
        xasprintf("could not be delivered to the local store: %s", e.msg[0] ? e.msg : err->msg);
    int frc = tt_store_outbox_set_state(st, it.id, TT_OUT_FAILED, msg, 0, true, err);
    free(msg);
    tt_outbox_item_clear(&it);
    s->failed++;
    return frc < 0 ? -1 : 0;
}

int tt_sync_push_local(struct tt_store *st, int64_t account_id, const struct tt_config *config,
                       struct tt_sync_stats *s, struct tt_err *err)
{
    struct tt_outbox_item *l;
    size_t n;
    if (tt_store_outbox_list(st, account_id, false, &l, &n, err) < 0)
        return -1;
    int rc = 0;
    int64_t sent = s->sent;
    /* per account name: 1 local, 0 not (the list is ordered by id, accounts interleave) */
    char *last_name = NULL;
    int last_local = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const struct tt_outbox_item *it = &l[i];
        if (!last_name || !tt_streq(last_name, it->account)) {
            free(last_name);
            last_name = xstrdup(it->account ? it->account : "");
            last_local = tt_sync_account_is_local(st, it->account, err);
            if (last_local < 0) {
                rc = -1;
                break;
            }
            if (account_id && !last_local) {
                rc = tt_errf(err, "account %s has a helpdesk: its outbox goes there by sync",
                             it->account);
                break;
            }
        }
        if (!last_local)
            continue;
        if (it->state == TT_OUT_HELD || (it->state == TT_OUT_FAILED &&
                                         (!it->next_attempt_at || it->next_attempt_at > tt_now())))
            continue;
        if (deliver_local(st, it->id, s, err) < 0)
            rc = -1;
    }
    free(last_name);
    tt_outbox_list_free(l, n);
    /* the SLA clocks of the tickets just changed (marked dirty by triggers) */
    if (s->sent > sent) {
        struct tt_err serr;
        if (tt_sla_refresh_pending(st, config, &serr) < 0 && rc == 0)
            rc = tt_errf(err, "SLA refresh after delivering locally: %s", serr.msg);
    }
    return rc;
}

int tt_sync_fail_unconfigured(struct tt_store *st, int64_t account_id, struct tt_sync_stats *s,
                              struct tt_err *err)
{
    struct tt_outbox_item *due;
    size_t n;
    if (tt_store_outbox_due(st, account_id, tt_now(), &due, &n, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char *msg = xasprintf(
            "account %s is no longer configured (removed from the configuration file?), so "
            "this cannot be sent; add the account back with `ticketty account add %s ...` and "
            "`ticketty outbox retry %lld`, or `ticketty outbox drop %lld`",
            due[i].account, due[i].account, (long long)due[i].id, (long long)due[i].id);
        rc = tt_store_outbox_set_state(st, due[i].id, TT_OUT_FAILED, msg, 0, false, err);
        free(msg);
        if (rc == 0)
            s->failed++;
    }
    tt_outbox_list_free(due, n);
    return rc;
}
