/*
 * sync.c: queries of the sync module: cursors, sync status, id resolution,
 * tombstones and the outbox (see store_sync.h).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_internal.h"
#include "ticketty/text.h"
#include "ticketty/store_sync.h"
#include "ticketty/util.h"

/* ---- cursors ------------------------------------------------------------- */

static const char sql_cursor_get[] =
    "SELECT cursor FROM sync_state WHERE account_id = ? AND resource = ?";
static const char sql_cursor_set[] =
    "INSERT INTO sync_state(account_id, resource, cursor, updated_at) VALUES (?,?,?,?)"
    " ON CONFLICT(account_id, resource) DO UPDATE SET cursor = excluded.cursor,"
    " updated_at = excluded.updated_at";

int tt_store_sync_cursor(struct tt_store *st, int64_t account_id, const char *resource, char **out,
                         struct tt_err *err)
{
    *out = NULL;
    sqlite3_stmt *s = tt_sql_cached(st, sql_cursor_get, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, account_id);
    tt_bind_text(s, 2, resource);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = tt_col_text(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "read sync cursor");
}

int tt_store_sync_cursor_set(struct tt_store *st, int64_t account_id, const char *resource,
                             const char *cursor, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_cursor_set, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, account_id);
    tt_bind_text(s, 2, resource);
    tt_bind_text(s, 3, cursor);
    sqlite3_bind_int64(s, 4, tt_now());
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "save sync cursor");
}

int tt_store_sync_bulk(struct tt_store *st, struct tt_err *err)
{
    /* 32 MB of page cache: the ticket and event indexes of a large pull stay
     * in memory instead of being re-read for every insert. */
    return tt_sql_exec(st, "PRAGMA cache_size = -32768", err);
}

/* ---- status -------------------------------------------------------------- */

static const char *const state_names[] = {"idle",    "syncing",     "waiting",
                                          "offline", "auth_failed", "error"};

const char *tt_sync_state_name(enum tt_sync_state s)
{
    return (unsigned)s < TT_SYNC__COUNT ? state_names[s] : "idle";
}

static enum tt_sync_state state_from(const char *n)
{
    for (int i = 0; i < TT_SYNC__COUNT; i++)
        if (tt_streq(n, state_names[i]))
            return (enum tt_sync_state)i;
    return TT_SYNC_IDLE;
}

void tt_sync_status_clear(struct tt_sync_status *s)
{
    free(s->account);
    free(s->detail);
    memset(s, 0, sizeof *s);
}

static const char sql_status_set[] =
    "INSERT INTO sync_status(account_id, state, detail, items, pages, requests, started_at,"
    " finished_at, last_ok_at, heartbeat) VALUES (?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT(account_id) DO UPDATE SET state = excluded.state, detail = excluded.detail,"
    " items = excluded.items, pages = excluded.pages, requests = excluded.requests,"
    " started_at = excluded.started_at, finished_at = excluded.finished_at,"
    " last_ok_at = coalesce(excluded.last_ok_at, last_ok_at), heartbeat = excluded.heartbeat";

int tt_store_sync_status_set(struct tt_store *st, const struct tt_sync_status *x,
                             struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_status_set, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, x->account_id);
    tt_bind_text(s, 2, tt_sync_state_name(x->state));
    tt_bind_text(s, 3, x->detail);
    sqlite3_bind_int64(s, 4, x->items);
    sqlite3_bind_int64(s, 5, x->pages);
    sqlite3_bind_int64(s, 6, x->requests);
    tt_bind_time(s, 7, x->started_at);
    tt_bind_time(s, 8, x->finished_at);
    tt_bind_time(s, 9, x->last_ok_at);
    sqlite3_bind_int64(s, 10, tt_now());
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "save sync status");
}

int tt_store_sync_status_list(struct tt_store *st, struct tt_sync_status **out, size_t *n,
                              struct tt_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = tt_sql_prepare(
        st,
        "SELECT a.id, a.name, coalesce(s.state,'idle'), s.detail, coalesce(s.items,0),"
        " coalesce(s.pages,0), coalesce(s.requests,0), s.started_at, s.finished_at,"
        " s.last_ok_at, s.heartbeat FROM accounts a LEFT JOIN sync_status s ON s.account_id = a.id"
        " WHERE a.provider <> 'local' ORDER BY a.name",
        err);
    if (!s)
        return -1;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = xrealloc(*out, (*n + 1) * sizeof **out);
        struct tt_sync_status *x = &(*out)[(*n)++];
        memset(x, 0, sizeof *x);
        x->account_id = tt_col_int(s, 0);
        x->account = tt_col_text(s, 1);
        x->state = state_from((const char *)sqlite3_column_text(s, 2));
        x->detail = tt_col_text(s, 3);
        x->items = tt_col_int(s, 4);
        x->pages = tt_col_int(s, 5);
        x->requests = tt_col_int(s, 6);
        x->started_at = tt_col_int(s, 7);
        x->finished_at = tt_col_int(s, 8);
        x->last_ok_at = tt_col_int(s, 9);
        x->heartbeat = tt_col_int(s, 10);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        tt_sync_status_list_free(*out, *n);
        *out = NULL;
        *n = 0;
        return tt_sql_fail(st, err, "read sync status");
    }
    return 0;
}

void tt_sync_status_list_free(struct tt_sync_status *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tt_sync_status_clear(&l[i]);
    free(l);
}

/* ---- id resolution ----------------------------------------------------------- */

static int lookup_id(struct tt_store *st, const char *sql, int64_t a, const char *b, int64_t *id,
                     struct tt_err *err)
{
    *id = 0;
    sqlite3_stmt *s = tt_sql_cached(st, sql, err);
    if (!s)
        return -1;
    int i = 1;
    if (a)
        sqlite3_bind_int64(s, i++, a);
    tt_bind_text(s, i, b);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "resolve id");
}

static const char sql_contact_id[] =
    "SELECT id FROM contacts WHERE account_id = ? AND external_id = ?";
static const char sql_customer_id[] = "SELECT id FROM customers WHERE key = ?";

int tt_store_contact_id(struct tt_store *st, int64_t account_id, const char *ext, int64_t *id,
                        struct tt_err *err)
{
    return lookup_id(st, sql_contact_id, account_id, ext, id, err);
}

int tt_store_customer_id_by_key(struct tt_store *st, const char *key, int64_t *id,
                                struct tt_err *err)
{
    return lookup_id(st, sql_customer_id, 0, key, id, err);
}

static const char sql_customer_ensure[] =
    "INSERT INTO customers(key, account_id, external_id, name) VALUES (?1,?2,?3,?1)"
    " ON CONFLICT(key) DO UPDATE SET key = key RETURNING id";

int tt_store_customer_ensure(struct tt_store *st, int64_t account_id, const char *key,
                             const char *ext, int64_t *id, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_customer_ensure, err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, key);
    tt_bind_id(s, 2, account_id);
    tt_bind_text(s, 3, ext);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : tt_sql_fail(st, err, "save customer");
}

static const char sql_customer_same[] =
    "SELECT id FROM customers WHERE key = ?1 AND account_id IS ?2 AND external_id IS ?3"
    " AND name IS ?4 AND (?5 IS NULL OR domain IS ?5) AND plan IS coalesce(?6,'free')"
    " AND mrr = ?7 AND (?8 IS NULL OR csm IS ?8)"
    " AND (?9 IS NULL OR created_at IS ?9)";

int tt_store_customer_sync(struct tt_store *st, const struct tt_customer *c, int64_t *id,
                           struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_customer_same, err);
    if (!s)
        return -1;
    tt_bind_customer(s, c);
    tt_bind_time(s, 9, c->created_at);
    int rc = sqlite3_step(s);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "read customer");
    if (*id)
        return 0; /* unchanged: no write, no triggers (SLA re-evaluation) */
    return tt_store_customer_upsert(st, c, id, err);
}

/* An agent or group of the account named by its external id (exactly), email
 * or name.  Case is folded here, not by SQL: lower() knows ASCII only, so
 * "émile" missed "Émile Zola" (tt_text_fold knows Latin, Greek, Cyrillic...).
 * An account has a few hundred agents at most: its rows are read and
 * compared, once per queued change. */
static int lookup_ext(struct tt_store *st, const char *sql, int64_t account_id, const char *text,
                      char **ext, int64_t *id, struct tt_err *err)
{
    *ext = NULL;
    if (id)
        *id = 0;
    if (!text || !*text)
        return 0;
    sqlite3_stmt *s = tt_sql_prepare(st, sql, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, account_id);
    char *want = tt_text_fold(text);
    int64_t row = 0;
    int rc = SQLITE_DONE, n = 0;
    while (n < 2 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *e = (const char *)sqlite3_column_text(s, 0);
        bool match = e && strcmp(e, text) == 0;
        for (int col = 2; col <= 3 && !match; col++) {
            const char *v = (const char *)sqlite3_column_text(s, col);
            if (v) {
                char *folded = tt_text_fold(v);
                match = strcmp(folded, want) == 0;
                free(folded);
            }
        }
        if (match && n++ == 0) {
            *ext = tt_col_text(s, 0);
            row = sqlite3_column_int64(s, 1);
        }
    }
    if (n == 2)
        rc = SQLITE_DONE; /* the rest need not be read */
    sqlite3_finalize(s);
    free(want);
    if (n > 1) { /* ambiguous */
        free(*ext);
        *ext = NULL;
        row = 0;
    }
    if (id)
        *id = row;
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "look up");
}

int tt_store_agent_lookup(struct tt_store *st, int64_t account_id, const char *text, char **ext,
                          int64_t *id, struct tt_err *err)
{
    return lookup_ext(st, "SELECT external_id, id, email, name FROM agents WHERE account_id = ?1",
                      account_id, text, ext, id, err);
}

int tt_store_group_lookup(struct tt_store *st, int64_t account_id, const char *text, char **ext,
                          int64_t *id, struct tt_err *err)
{
    return lookup_ext(st, "SELECT external_id, id, NULL, name FROM groups WHERE account_id = ?1",
                      account_id, text, ext, id, err);
}

int tt_store_ticket_assigned_ext(struct tt_store *st, int64_t ticket_id, char **agent_ext,
                                 char **group_ext, struct tt_err *err)
{
    *agent_ext = *group_ext = NULL;
    sqlite3_stmt *s = tt_sql_prepare(st,
                                     "SELECT ag.external_id, g.external_id FROM tickets t"
                                     " LEFT JOIN agents ag ON ag.id = t.assignee_id"
                                     " LEFT JOIN groups g ON g.id = t.group_id WHERE t.id = ?",
                                     err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, ticket_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *agent_ext = tt_col_text(s, 0);
        *group_ext = tt_col_text(s, 1);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "read assignment");
}

int tt_store_outbox_unsent(struct tt_store *st, int64_t ticket_id, const char *kind, int64_t *n,
                           struct tt_err *err)
{
    *n = 0;
    sqlite3_stmt *s = tt_sql_prepare(
        st, "SELECT count(*) FROM outbox WHERE ticket_id = ? AND kind = ? AND state <> 'sent'",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, ticket_id);
    tt_bind_text(s, 2, kind);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : tt_sql_fail(st, err, "count unsent outbox items");
}

static const char sql_mark_deleted[] =
    "UPDATE tickets SET deleted = 1 WHERE account_id = ? AND external_id = ? AND NOT deleted";

int tt_store_ticket_mark_deleted(struct tt_store *st, int64_t account_id, const char *ext,
                                 struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_mark_deleted, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, account_id);
    tt_bind_text(s, 2, ext);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "mark ticket deleted");
    return sqlite3_changes(st->db) > 0 ? 1 : 0;
}

int tt_store_ticket_count_account(struct tt_store *st, int64_t account_id, int64_t *n,
                                  struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(st, "SELECT count(*) FROM tickets WHERE account_id = ?", err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, account_id);
    int rc = sqlite3_step(s);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : tt_sql_fail(st, err, "count tickets");
}

/* ---- outbox -------------------------------------------------------------- */

static const char *const out_names[] = {"pending", "sending", "sent", "failed", "held"};

const char *tt_outbox_state_name(enum tt_outbox_state s)
{
    return (unsigned)s < TT_OUT__COUNT ? out_names[s] : "pending";
}

static enum tt_outbox_state out_from(const char *n)
{
    for (int i = 0; i < TT_OUT__COUNT; i++)
        if (tt_streq(n, out_names[i]))
            return (enum tt_outbox_state)i;
    return TT_OUT_PENDING;
}

void tt_outbox_item_clear(struct tt_outbox_item *it)
{
    free(it->account);
    free(it->ticket_ext);
    free(it->kind);
    free(it->payload);
    free(it->idempotency_key);
    free(it->last_error);
    memset(it, 0, sizeof *it);
}

static char *new_key(void)
{
    unsigned char r[16];
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, r, sizeof r) != (ssize_t)sizeof r)
        tt_fatal("cannot read /dev/urandom for an idempotency key");
    close(fd);
    char *k = xmalloc(2 * sizeof r + 4);
    memcpy(k, "tt-", 3);
    for (size_t i = 0; i < sizeof r; i++)
        snprintf(k + 3 + 2 * i, 3, "%02x", r[i]);
    return k;
}

int tt_store_outbox_add(struct tt_store *st, int64_t account_id, int64_t ticket_id,
                        const char *kind, const char *payload, int64_t base_updated_at,
                        int64_t *id_out, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(
        st,
        "INSERT INTO outbox(account_id, ticket_id, kind, payload, idempotency_key,"
        " base_updated_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?7) RETURNING id",
        err);
    if (!s)
        return -1;
    char *key = new_key();
    sqlite3_bind_int64(s, 1, account_id);
    tt_bind_id(s, 2, ticket_id);
    tt_bind_text(s, 3, kind);
    tt_bind_text(s, 4, payload ? payload : "");
    tt_bind_text(s, 5, key);
    tt_bind_time(s, 6, base_updated_at);
    sqlite3_bind_int64(s, 7, tt_now());
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && id_out)
        *id_out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    free(key);
    return rc == SQLITE_ROW ? 0 : tt_sql_fail(st, err, "queue outbox item");
}

#define OUTBOX_SELECT                                                                              \
    "SELECT o.id, o.account_id, a.name, o.ticket_id, t.external_id, o.kind, o.payload, o.state,"   \
    " o.idempotency_key, o.attempts, o.last_error, o.base_updated_at, o.next_attempt_at,"          \
    " o.created_at, o.updated_at FROM outbox o JOIN accounts a ON a.id = o.account_id"             \
    " LEFT JOIN tickets t ON t.id = o.ticket_id"

static void read_item(sqlite3_stmt *s, struct tt_outbox_item *it)
{
    memset(it, 0, sizeof *it);
    it->id = tt_col_int(s, 0);
    it->account_id = tt_col_int(s, 1);
    it->account = tt_col_text(s, 2);
    it->ticket_id = tt_col_int(s, 3);
    it->ticket_ext = tt_col_text(s, 4);
    it->kind = tt_col_text(s, 5);
    it->payload = tt_col_text(s, 6);
    it->state = out_from((const char *)sqlite3_column_text(s, 7));
    it->idempotency_key = tt_col_text(s, 8);
    it->attempts = (int)tt_col_int(s, 9);
    it->last_error = tt_col_text(s, 10);
    it->base_updated_at = tt_col_int(s, 11);
    it->next_attempt_at = tt_col_int(s, 12);
    it->created_at = tt_col_int(s, 13);
    it->updated_at = tt_col_int(s, 14);
}

static int read_items(struct tt_store *st, sqlite3_stmt *s, struct tt_outbox_item **out, size_t *n,
                      struct tt_err *err)
{
    *out = NULL;
    *n = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = xrealloc(*out, (*n + 1) * sizeof **out);
        read_item(s, &(*out)[(*n)++]);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        tt_outbox_list_free(*out, *n);
        *out = NULL;
        *n = 0;
        return tt_sql_fail(st, err, "read outbox");
    }
    return 0;
}

int tt_store_outbox_get(struct tt_store *st, int64_t id, struct tt_outbox_item *out,
                        struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = tt_sql_prepare(st, OUTBOX_SELECT " WHERE o.id = ?", err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        read_item(s, out);
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "read outbox item");
}

int tt_store_outbox_list(struct tt_store *st, int64_t account_id, bool all_states,
                         struct tt_outbox_item **out, size_t *n, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(st,
                                     OUTBOX_SELECT " WHERE (?1 = 0 OR o.account_id = ?1)"
                                                   " AND (?2 OR o.state <> 'sent') ORDER BY o.id",
                                     err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, account_id);
    sqlite3_bind_int(s, 2, all_states);
    return read_items(st, s, out, n, err);
}

int tt_store_outbox_due(struct tt_store *st, int64_t account_id, int64_t now,
                        struct tt_outbox_item **out, size_t *n, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(
        st,
        OUTBOX_SELECT " WHERE o.account_id = ?1 AND (o.state IN ('pending','sending')"
                      " OR (o.state = 'failed' AND o.next_attempt_at IS NOT NULL"
                      " AND o.next_attempt_at <= ?2)) ORDER BY o.id",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, account_id);
    sqlite3_bind_int64(s, 2, now);
    return read_items(st, s, out, n, err);
}

void tt_outbox_list_free(struct tt_outbox_item *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tt_outbox_item_clear(&l[i]);
    free(l);
}

int tt_store_outbox_set_state(struct tt_store *st, int64_t id, enum tt_outbox_state state,
                              const char *error, int64_t next_attempt_at, bool attempts_inc,
                              struct tt_err *err)
{
    sqlite3_stmt *s =
        tt_sql_prepare(st,
                       "UPDATE outbox SET state = ?2, last_error = ?3, next_attempt_at = ?4,"
                       " attempts = attempts + ?5, updated_at = ?6 WHERE id = ?1",
                       err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    tt_bind_text(s, 2, tt_outbox_state_name(state));
    tt_bind_text(s, 3, error);
    tt_bind_time(s, 4, next_attempt_at);
    sqlite3_bind_int(s, 5, attempts_inc ? 1 : 0);
    sqlite3_bind_int64(s, 6, tt_now());
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "update outbox item");
}

int tt_store_outbox_set_base(struct tt_store *st, int64_t id, int64_t base_updated_at,
                             struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(st, "UPDATE outbox SET base_updated_at = ? WHERE id = ?", err);
    if (!s)
        return -1;
    tt_bind_time(s, 1, base_updated_at);
    sqlite3_bind_int64(s, 2, id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "update outbox item");
}

int tt_store_outbox_retry(struct tt_store *st, int64_t id, bool clear_guard, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(
        st,
        "UPDATE outbox SET state = 'pending', next_attempt_at = NULL, updated_at = ?3,"
        " base_updated_at = CASE WHEN ?2 THEN NULL ELSE base_updated_at END"
        " WHERE id = ?1 AND state IN ('failed','held')",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int(s, 2, clear_guard);
    sqlite3_bind_int64(s, 3, tt_now());
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "retry outbox item");
    return sqlite3_changes(st->db) > 0 ? 1 : 0;
}

int tt_store_outbox_drop(struct tt_store *st, int64_t id, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(
        st, "DELETE FROM outbox WHERE id = ? AND state IN ('pending','failed','held')", err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "drop outbox item");
    return sqlite3_changes(st->db) > 0 ? 1 : 0;
}

int tt_store_outbox_counts(struct tt_store *st, int64_t counts[TT_OUT__COUNT], struct tt_err *err)
{
    for (int i = 0; i < TT_OUT__COUNT; i++)
        counts[i] = 0;
    sqlite3_stmt *s = tt_sql_prepare(st, "SELECT state, count(*) FROM outbox GROUP BY state", err);
    if (!s)
        return -1;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        counts[out_from((const char *)sqlite3_column_text(s, 0))] = sqlite3_column_int64(s, 1);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "count outbox");
}
