/*
 * outbox.c: queueing writes and sending them (see store_sync.h for the states
 * and sync.h for the guarantees).
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

int tt_outbox_queue(struct tt_store *st, int64_t ticket_id, const char *kind, const char *value,
                    int64_t base_updated_at, int64_t *id_out, struct tt_err *err)
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
    if (tt_streq(t.account, "local") || !t.external_id) {
        rc = tt_errf(err,
                     "ticket %lld belongs to no helpdesk account (account '%s'); nothing "
                     "to send it to",
                     (long long)ticket_id, t.account ? t.account : "");
    } else if (k == TT_PUSH_REPLY || k == TT_PUSH_NOTE) {
        const char *p = v;
        while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
            p++;
        if (!*p)
            rc = tt_errf(err, "empty %s: nothing queued", kind);
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
    /* Agents and groups may be named by email or name as well as by id. */
    char *resolved = NULL;
    if (rc == 0 && (k == TT_PUSH_ASSIGNEE || k == TT_PUSH_GROUP) && *v) {
        rc = k == TT_PUSH_ASSIGNEE ? tt_store_agent_lookup(st, t.account_id, v, &resolved, err)
                                   : tt_store_group_lookup(st, t.account_id, v, &resolved, err);
        if (rc == 0 && resolved)
            v = resolved;
    }
    if (rc == 0) {
        int64_t base = 0;
        if (k == TT_PUSH_REPLY || k == TT_PUSH_NOTE)
            base = base_updated_at ? base_updated_at : t.updated_at;
        rc = tt_store_outbox_add(st, t.account_id, ticket_id, kind, v, base, id_out, err);
    }
    /* Show the change locally at once; the next pull brings the remote truth. */
    if (rc == 0 && (k == TT_PUSH_STATUS || k == TT_PUSH_PRIORITY || k == TT_PUSH_TAGS)) {
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

static void record_failure(struct tt_store *st, struct tt_outbox_item *it, struct tt_http *h,
                           int attempts, int max_attempts, const char *msg)
{
    enum tt_http_fail f = tt_http_last_fail(h);
    bool transient = f == TT_HTTP_NETWORK || f == TT_HTTP_SERVER || f == TT_HTTP_RATE;
    int64_t next = transient && attempts < max_attempts ? tt_now() + retry_delay(attempts) : 0;
    tt_store_outbox_set_state(st, it->id, TT_OUT_FAILED, msg, next, false, NULL);
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
                record_failure(st, it, h, it->attempts, max_attempts, e.msg);
                s->failed++;
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
            record_failure(st, it, h, it->attempts + 1, max_attempts, e.msg);
            s->failed++;
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
