/*
 * accounts.c: accounts, customers and contacts.
 */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "ticketty/store_sync.h"
#include "ticketty/util.h"

void tt_account_clear(struct tt_account *a)
{
    free(a->name);
    free(a->provider);
    free(a->base_url);
    memset(a, 0, sizeof *a);
}

int tt_store_account_upsert(struct tt_store *st, const char *name, const char *provider,
                            const char *base_url, int64_t *id_out, struct tt_err *err)
{
    sqlite3_stmt *s =
        tt_sql_prepare(st,
                       "INSERT INTO accounts(name, provider, base_url, created_at) VALUES (?,?,?,?)"
                       " ON CONFLICT(name) DO UPDATE SET provider = excluded.provider,"
                       " base_url = excluded.base_url RETURNING id",
                       err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, name);
    tt_bind_text(s, 2, provider);
    tt_bind_text(s, 3, base_url);
    sqlite3_bind_int64(s, 4, tt_now()); /* TICKETTY_NOW: demo init is reproducible */
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && id_out)
        *id_out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : tt_sql_fail(st, err, "save account");
}

int tt_store_account_get(struct tt_store *st, const char *name, struct tt_account *out,
                         struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s =
        tt_sql_prepare(st, "SELECT id, name, provider, base_url FROM accounts WHERE name = ?", err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, name);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->id = tt_col_int(s, 0);
        out->name = tt_col_text(s, 1);
        out->provider = tt_col_text(s, 2);
        out->base_url = tt_col_text(s, 3);
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "read account");
}

int tt_store_account_delete(struct tt_store *st, const char *name, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(st, "DELETE FROM accounts WHERE name = ?", err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, name);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "delete account");
}

int tt_store_account_list(struct tt_store *st, struct tt_account **out, size_t *n,
                          struct tt_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s =
        tt_sql_prepare(st, "SELECT id, name, provider, base_url FROM accounts ORDER BY name", err);
    if (!s)
        return -1;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = xrealloc(*out, (*n + 1) * sizeof **out);
        struct tt_account *a = &(*out)[(*n)++];
        a->id = tt_col_int(s, 0);
        a->name = tt_col_text(s, 1);
        a->provider = tt_col_text(s, 2);
        a->base_url = tt_col_text(s, 3);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        tt_account_list_free(*out, *n);
        *out = NULL;
        *n = 0;
        return tt_sql_fail(st, err, "list accounts");
    }
    return 0;
}

void tt_account_list_free(struct tt_account *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tt_account_clear(&l[i]);
    free(l);
}

static void bind_opt_int(sqlite3_stmt *s, int i, int v)
{
    if (v >= 0)
        sqlite3_bind_int(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

static void bind_opt_real(sqlite3_stmt *s, int i, double v)
{
    if (v >= 0)
        sqlite3_bind_double(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

void tt_bind_customer(sqlite3_stmt *s, const struct tt_customer *c)
{
    tt_bind_text(s, 1, c->key);
    tt_bind_id(s, 2, c->account_id);
    tt_bind_text(s, 3, c->external_id);
    tt_bind_text(s, 4, c->name ? c->name : c->key);
    tt_bind_text(s, 5, c->domain);
    tt_bind_text(s, 6, c->plan);
    sqlite3_bind_double(s, 7, c->mrr);
    tt_bind_text(s, 8, c->csm);
}

int tt_store_customer_upsert(struct tt_store *st, const struct tt_customer *c, int64_t *id_out,
                             struct tt_err *err)
{
    if (!c->key || !*c->key)
        return tt_errf(err, "customer without a key");
    sqlite3_stmt *s = tt_sql_cached(
        st,
        "INSERT INTO customers(key, account_id, external_id, name, domain, plan, mrr, csm,"
        " subscription_status, created_at, login_days_last_30, features_used,"
        " tickets_last_90_days, resolved_tickets_last_90_days, current_month_usage,"
        " previous_month_usage, failed_payments_last_90_days, updated_at)"
        " VALUES (?1,?2,?3,?4,?5,coalesce(?6,'free'),?7,?8,coalesce(?9,'active'),?10,?11,?12,?13,"
        "?14,?15,?16,?17,?18)"
        " ON CONFLICT(key) DO UPDATE SET account_id = excluded.account_id,"
        " external_id = excluded.external_id, name = excluded.name,"
        " domain = coalesce(excluded.domain, domain), plan = excluded.plan, mrr = excluded.mrr,"
        " csm = coalesce(excluded.csm, csm), subscription_status = excluded.subscription_status,"
        " created_at = coalesce(excluded.created_at, created_at),"
        " login_days_last_30 = coalesce(excluded.login_days_last_30, login_days_last_30),"
        " features_used = coalesce(excluded.features_used, features_used),"
        " tickets_last_90_days = coalesce(excluded.tickets_last_90_days, tickets_last_90_days),"
        " resolved_tickets_last_90_days = coalesce(excluded.resolved_tickets_last_90_days,"
        "   resolved_tickets_last_90_days),"
        " current_month_usage = coalesce(excluded.current_month_usage, current_month_usage),"
        " previous_month_usage = coalesce(excluded.previous_month_usage, previous_month_usage),"
        " failed_payments_last_90_days = coalesce(excluded.failed_payments_last_90_days,"
        "   failed_payments_last_90_days),"
        " updated_at = excluded.updated_at RETURNING id",
        err);
    if (!s)
        return -1;
    tt_bind_customer(s, c);
    tt_bind_text(s, 9, c->subscription_status);
    tt_bind_time(s, 10, c->created_at);
    bind_opt_int(s, 11, c->login_days_last_30);
    tt_bind_text(s, 12, c->features_used);
    bind_opt_int(s, 13, c->tickets_last_90_days);
    bind_opt_int(s, 14, c->resolved_tickets_last_90_days);
    bind_opt_real(s, 15, c->current_month_usage);
    bind_opt_real(s, 16, c->previous_month_usage);
    bind_opt_int(s, 17, c->failed_payments_last_90_days);
    sqlite3_bind_int64(s, 18, tt_now()); /* TICKETTY_NOW: demo init is reproducible */
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && id_out)
        *id_out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : tt_sql_fail(st, err, "save customer");
}

#define CUSTOMER_COLS                                                                              \
    "id, key, account_id, external_id, name, domain, plan, mrr, csm, subscription_status,"         \
    " created_at, coalesce(login_days_last_30,-1), features_used,"                                 \
    " coalesce(tickets_last_90_days,-1), coalesce(resolved_tickets_last_90_days,-1),"              \
    " coalesce(current_month_usage,-1), coalesce(previous_month_usage,-1),"                        \
    " coalesce(failed_payments_last_90_days,-1)"

static void read_customer(sqlite3_stmt *s, struct tt_customer *c)
{
    c->id = tt_col_int(s, 0);
    c->key = tt_col_text(s, 1);
    c->account_id = tt_col_int(s, 2);
    c->external_id = tt_col_text(s, 3);
    c->name = tt_col_text(s, 4);
    c->domain = tt_col_text(s, 5);
    c->plan = tt_col_text(s, 6);
    c->mrr = sqlite3_column_double(s, 7);
    c->csm = tt_col_text(s, 8);
    c->subscription_status = tt_col_text(s, 9);
    c->created_at = tt_col_int(s, 10);
    c->login_days_last_30 = sqlite3_column_int(s, 11);
    c->features_used = tt_col_text(s, 12);
    c->tickets_last_90_days = sqlite3_column_int(s, 13);
    c->resolved_tickets_last_90_days = sqlite3_column_int(s, 14);
    c->current_month_usage = sqlite3_column_double(s, 15);
    c->previous_month_usage = sqlite3_column_double(s, 16);
    c->failed_payments_last_90_days = sqlite3_column_int(s, 17);
}

/* Static strings so the reads stay prepared (tt_sql_cached). */
static const char sql_customer_by_id[] = "SELECT " CUSTOMER_COLS " FROM customers WHERE id = ?";
static const char sql_customer_by_key[] = "SELECT " CUSTOMER_COLS " FROM customers WHERE key = ?";

static int customer_query(struct tt_store *st, const char *sql, int64_t id, const char *key,
                          struct tt_customer *out, struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = tt_sql_cached(st, sql, err);
    if (!s)
        return -1;
    if (key)
        tt_bind_text(s, 1, key);
    else
        sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        read_customer(s, out);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "read customer");
}

int tt_store_customer_get(struct tt_store *st, int64_t id, struct tt_customer *out,
                          struct tt_err *err)
{
    return customer_query(st, sql_customer_by_id, id, NULL, out, err);
}

int tt_store_customer_by_key(struct tt_store *st, const char *key, struct tt_customer *out,
                             struct tt_err *err)
{
    return customer_query(st, sql_customer_by_key, 0, key, out, err);
}

int tt_store_contact_upsert(struct tt_store *st, const struct tt_contact *c, int64_t *id_out,
                            struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(
        st,
        "INSERT INTO contacts(account_id, external_id, name, email, customer_id)"
        " VALUES (?,?,?,?,?) ON CONFLICT(account_id, external_id) DO UPDATE SET"
        " name = coalesce(excluded.name, name), email = coalesce(excluded.email, email),"
        " customer_id = coalesce(excluded.customer_id, customer_id)",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, c->account_id);
    tt_bind_text(s, 2, c->external_id);
    tt_bind_text(s, 3, c->name);
    tt_bind_text(s, 4, c->email);
    tt_bind_id(s, 5, c->customer_id);
    /* Not RETURNING (a temporary b-tree per row; sync saves every contact):
     * the new rowid, or the updated row's id by its key. */
    sqlite3_set_last_insert_rowid(st->db, 0);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "save contact");
    int64_t id = sqlite3_last_insert_rowid(st->db);
    if (!id_out || id) {
        if (id_out)
            *id_out = id;
        return 0;
    }
    return tt_store_contact_id(st, c->account_id, c->external_id, id_out, err);
}

int tt_store_customer_ticket_count(struct tt_store *st, int64_t customer_id, int64_t *n_out,
                                   struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(
        st, "SELECT count(*) FROM tickets WHERE customer_id = ? AND NOT deleted", err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, customer_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *n_out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : tt_sql_fail(st, err, "count tickets");
}

int tt_store_group_upsert(struct tt_store *st, int64_t account_id, const char *external_id,
                          const char *name, const char *email, int64_t *id_out, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(
        st,
        "INSERT INTO groups(account_id, external_id, name, email) VALUES (?,?,coalesce(?3,?2),?)"
        " ON CONFLICT(account_id, external_id) DO UPDATE SET name = coalesce(?3, name),"
        " email = coalesce(excluded.email, email) RETURNING id",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, account_id);
    tt_bind_text(s, 2, external_id);
    tt_bind_text(s, 3, name);
    tt_bind_text(s, 4, email);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && id_out)
        *id_out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : tt_sql_fail(st, err, "save group");
}

int tt_store_agent_upsert(struct tt_store *st, int64_t account_id, const char *external_id,
                          const char *name, const char *email, int64_t group_id, int64_t *id_out,
                          struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(
        st,
        "INSERT INTO agents(account_id, external_id, name, email, group_id) VALUES (?,?,?,?,?)"
        " ON CONFLICT(account_id, external_id) DO UPDATE SET name = coalesce(excluded.name, name),"
        " email = coalesce(excluded.email, email),"
        " group_id = coalesce(excluded.group_id, group_id) RETURNING id",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, account_id);
    tt_bind_text(s, 2, external_id);
    tt_bind_text(s, 3, name);
    tt_bind_text(s, 4, email);
    tt_bind_id(s, 5, group_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && id_out)
        *id_out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : tt_sql_fail(st, err, "save agent");
}
