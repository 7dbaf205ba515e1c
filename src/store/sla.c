/*
 * sla.c: queries on the sla tables (see schema_sla.c and store_sla.h):
 * the clock cache the console reads, recorded warnings/breaches/escalations
 * with their de-duplication keys, and the group lookups and local changes
 * escalation actions need.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "ticketty/store_sla.h"
#include "ticketty/util.h"

static const char sql_clock_get[] =
    "SELECT next_breach_at, warn_at, paused_remaining, next_metric, policy, n_targets"
    " FROM sla_clock WHERE ticket_id = ?";

int tt_store_sla_clock(struct tt_store *st, int64_t ticket_id, struct tt_sla_clock_row *out,
                       struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    out->paused_remaining = -1;
    sqlite3_stmt *s = tt_sql_cached(st, sql_clock_get, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, ticket_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->found = true;
        out->next_breach_at = tt_col_int(s, 0);
        out->warn_at = tt_col_int(s, 1);
        if (sqlite3_column_type(s, 2) != SQLITE_NULL)
            out->paused_remaining = sqlite3_column_int64(s, 2);
        const char *m = (const char *)sqlite3_column_text(s, 3);
        const char *p = (const char *)sqlite3_column_text(s, 4);
        snprintf(out->next_metric, sizeof out->next_metric, "%s", m ? m : "");
        snprintf(out->policy, sizeof out->policy, "%s", p ? p : "");
        out->n_targets = sqlite3_column_int(s, 5);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "read SLA clock");
    return 0;
}

int tt_store_sla_counts(struct tt_store *st, int64_t now, int64_t *breached, int64_t *warning,
                        struct tt_err *err)
{
    *breached = *warning = 0;
    /* next_breach_at is only set on open tickets (the cache leaves it NULL
     * for solved and closed ones), so both counts are index range scans; the
     * IS NULL term is the first column of tickets_breach_queue. */
    sqlite3_stmt *s =
        tt_sql_cached(st,
                      "SELECT count(*) FROM tickets WHERE (next_breach_at IS NULL) = 0"
                      " AND next_breach_at <= ?1 AND NOT deleted",
                      err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, now);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *breached = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return tt_sql_fail(st, err, "count SLA breaches");
    s = tt_sql_cached(
        st,
        "SELECT count(*) FROM sla_clock WHERE warn_at IS NOT NULL AND next_breach_at > ?1"
        " AND warn_at <= ?1",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, now);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *warning = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return tt_sql_fail(st, err, "count SLA warnings");
    return 0;
}

static int id_list(struct tt_store *st, const char *sql, int64_t bind, int64_t **ids, size_t *n,
                   struct tt_err *err)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *s = tt_sql_prepare(st, sql, err);
    if (!s)
        return -1;
    if (bind >= 0)
        sqlite3_bind_int64(s, 1, bind);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            *ids = xrealloc(*ids, cap * sizeof **ids);
        }
        (*ids)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return tt_sql_fail(st, err, "list tickets for SLA");
    }
    return 0;
}

int tt_store_sla_open_ids(struct tt_store *st, int64_t **ids, size_t *n, struct tt_err *err)
{
    return id_list(st,
                   "SELECT id FROM tickets WHERE NOT deleted AND status IN"
                   " ('new','open','pending','on_hold')"
                   " ORDER BY next_breach_at IS NULL, next_breach_at, id",
                   -1, ids, n, err);
}

int tt_store_sla_ticket_ids_since(struct tt_store *st, int64_t since, int64_t **ids, size_t *n,
                                  struct tt_err *err)
{
    return id_list(st, "SELECT id FROM tickets WHERE NOT deleted AND created_at >= ? ORDER BY id",
                   since, ids, n, err);
}

static const char *const kind_names[] = {"warning", "breach", "escalation"};

static const char sql_event_ins[] =
    "INSERT INTO sla_events(dedup_key, ticket_id, metric, instance_start, kind, level, deadline,"
    " policy, at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9) ON CONFLICT(dedup_key) DO NOTHING";
static const char sql_event_key[] = "SELECT id FROM sla_events WHERE dedup_key = ?";

int tt_store_sla_event_exists(struct tt_store *st, const char *dedup_key, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_event_key, err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, dedup_key);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "look up SLA event");
    return rc == SQLITE_ROW;
}

int tt_store_sla_event_record(struct tt_store *st, const char *dedup_key, int64_t ticket_id,
                              const char *metric, int64_t instance_start,
                              enum tt_sla_event_kind kind, int level, int64_t deadline,
                              const char *policy, int64_t at, int64_t *id_out, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_event_ins, err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, dedup_key);
    sqlite3_bind_int64(s, 2, ticket_id);
    tt_bind_text(s, 3, metric);
    sqlite3_bind_int64(s, 4, instance_start);
    tt_bind_text(s, 5, kind_names[kind]);
    if (kind == TT_SLA_EV_ESCALATION)
        sqlite3_bind_int(s, 6, level);
    else
        sqlite3_bind_null(s, 6);
    tt_bind_time(s, 7, deadline);
    tt_bind_text(s, 8, policy);
    sqlite3_bind_int64(s, 9, at);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "record SLA event");
    bool inserted = sqlite3_changes(st->db) > 0;
    if (inserted) {
        if (id_out)
            *id_out = sqlite3_last_insert_rowid(st->db);
        return 1;
    }
    if (id_out) {
        s = tt_sql_cached(st, sql_event_key, err);
        if (!s)
            return -1;
        tt_bind_text(s, 1, dedup_key);
        *id_out = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
        sqlite3_reset(s);
    }
    return 0;
}

int tt_store_sla_action_state(struct tt_store *st, const char *dedup_key, char state[16],
                              struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, "SELECT state FROM sla_actions WHERE dedup_key = ?", err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, dedup_key);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        snprintf(state, 16, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "look up SLA action");
    return rc == SQLITE_ROW;
}

static const char sql_action_set[] =
    "INSERT INTO sla_actions(dedup_key, event_id, action, target, state, detail, at)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7) ON CONFLICT(dedup_key) DO UPDATE SET"
    " state = excluded.state, detail = excluded.detail, at = excluded.at,"
    " attempts = attempts + 1";

int tt_store_sla_action_set(struct tt_store *st, const char *dedup_key, int64_t event_id,
                            const char *action, const char *target, const char *state,
                            const char *detail, int64_t at, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_action_set, err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, dedup_key);
    sqlite3_bind_int64(s, 2, event_id);
    tt_bind_text(s, 3, action);
    tt_bind_text(s, 4, target);
    tt_bind_text(s, 5, state);
    tt_bind_text(s, 6, detail);
    sqlite3_bind_int64(s, 7, at);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "record SLA action");
}

int tt_store_sla_group_email(struct tt_store *st, int64_t group_id, char **email,
                             struct tt_err *err)
{
    *email = NULL;
    sqlite3_stmt *s = tt_sql_cached(st, "SELECT email FROM groups WHERE id = ?", err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, group_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *email = tt_col_text(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "look up group");
    return rc == SQLITE_ROW;
}

int tt_store_sla_group_by_name(struct tt_store *st, int64_t account_id, const char *name,
                               int64_t *id, char **external_id, struct tt_err *err)
{
    *id = 0;
    *external_id = NULL;
    sqlite3_stmt *s = tt_sql_cached(
        st, "SELECT id, external_id FROM groups WHERE account_id = ? AND name = ? COLLATE NOCASE",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, account_id);
    tt_bind_text(s, 2, name);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        *external_id = tt_col_text(s, 1);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "look up group");
    return rc == SQLITE_ROW;
}

int tt_store_sla_local_change(struct tt_store *st, int64_t ticket_id, int priority,
                              int64_t group_id, const char *group_name, int64_t at,
                              struct tt_err *err)
{
    struct tt_ticket t;
    int found = tt_store_ticket_get(st, ticket_id, &t, err);
    if (found <= 0)
        return found < 0 ? -1 : tt_errf(err, "no ticket %lld", (long long)ticket_id);
    struct tt_event e = {.ticket_id = ticket_id,
                         .at = at,
                         .author_role = TT_AUTHOR_BOT,
                         .author = "ticketty sla",
                         .public = false};
    int rc = 0;
    if (tt_store_begin(st, err) < 0) {
        tt_ticket_clear(&t);
        return -1;
    }
    sqlite3_stmt *s;
    if (priority >= 0) {
        s = tt_sql_cached(st, "UPDATE tickets SET priority = ?2, updated_at = ?3 WHERE id = ?1",
                          err);
        rc = s ? 0 : -1;
        if (s) {
            sqlite3_bind_int64(s, 1, ticket_id);
            tt_bind_text(s, 2, tt_priority_name(priority));
            sqlite3_bind_int64(s, 3, at);
            if (sqlite3_step(s) != SQLITE_DONE)
                rc = tt_sql_fail(st, err, "raise priority");
            sqlite3_reset(s);
        }
        e.type = TT_EV_PRIORITY;
        e.old_value = (char *)tt_priority_name(t.priority);
        e.new_value = (char *)tt_priority_name(priority);
    } else {
        s = tt_sql_cached(st, "UPDATE tickets SET group_id = ?2, updated_at = ?3 WHERE id = ?1",
                          err);
        rc = s ? 0 : -1;
        if (s) {
            sqlite3_bind_int64(s, 1, ticket_id);
            sqlite3_bind_int64(s, 2, group_id);
            sqlite3_bind_int64(s, 3, at);
            if (sqlite3_step(s) != SQLITE_DONE)
                rc = tt_sql_fail(st, err, "reassign group");
            sqlite3_reset(s);
        }
        e.type = TT_EV_GROUP;
        e.old_value = t.group;
        e.new_value = (char *)group_name;
    }
    if (rc == 0)
        rc = tt_store_event_add(st, &e, NULL, err);
    if (rc == 0)
        rc = tt_store_commit(st, err);
    else
        tt_store_rollback(st);
    tt_ticket_clear(&t);
    return rc;
}

int tt_store_sla_records(struct tt_store *st, int64_t ticket_id, struct tt_sla_record **out,
                         size_t *n_out, struct tt_err *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *s = tt_sql_prepare(
        st,
        "SELECT e.metric, e.kind, coalesce(e.level, -1), coalesce(e.deadline, 0), e.at,"
        " (SELECT group_concat(a.action || coalesce(' ' || a.target, '') || ': ' || a.state,"
        "  '; ') FROM sla_actions a WHERE a.event_id = e.id)"
        " FROM sla_events e WHERE e.ticket_id = ? ORDER BY e.at, e.id",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, ticket_id);
    size_t cap = 0, n = 0;
    struct tt_sla_record *v = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            v = xrealloc(v, cap * sizeof *v);
        }
        struct tt_sla_record *r = &v[n++];
        r->metric = tt_col_text(s, 0);
        const char *k = (const char *)sqlite3_column_text(s, 1);
        r->kind = tt_streq(k, "warning")  ? TT_SLA_EV_WARNING
                  : tt_streq(k, "breach") ? TT_SLA_EV_BREACH
                                          : TT_SLA_EV_ESCALATION;
        r->level = sqlite3_column_int(s, 2);
        r->deadline = sqlite3_column_int64(s, 3);
        r->at = sqlite3_column_int64(s, 4);
        r->actions = tt_col_text(s, 5);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        tt_sla_records_free(v, n);
        return tt_sql_fail(st, err, "list SLA events");
    }
    *out = v;
    *n_out = n;
    return 0;
}

void tt_sla_records_free(struct tt_sla_record *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++) {
        free(r[i].metric);
        free(r[i].actions);
    }
    free(r);
}
