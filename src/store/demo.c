/*
 * demo.c: saving the generated demo workspace (see store_demo.h).
 *
 * Everything but the purge goes through the public store API; the purge
 * deletes events and tickets by account explicitly (one indexed pass each)
 * before dropping the account, which is much faster than letting a million
 * cascades run row by row.
 */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "ticketty/store_demo.h"
#include "ticketty/util.h"

int tt_store_demo_exists(struct tt_store *st, struct tt_err *err)
{
    struct tt_account a;
    int rc = tt_store_account_get(st, TT_DEMO_ACCOUNT, &a, err);
    tt_account_clear(&a);
    return rc;
}

static int exec_bound(struct tt_store *st, const char *sql, int64_t id, const char *text,
                      struct tt_err *err, const char *what)
{
    sqlite3_stmt *s = tt_sql_prepare(st, sql, err);
    if (!s)
        return -1;
    if (text)
        tt_bind_text(s, 1, text);
    else
        sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, what);
}

int tt_store_demo_purge(struct tt_store *st, struct tt_err *err)
{
    struct tt_account a;
    int found = tt_store_account_get(st, TT_DEMO_ACCOUNT, &a, err);
    if (found < 0)
        return -1;
    if (tt_store_begin(st, err) < 0) {
        tt_account_clear(&a);
        return -1;
    }
    int rc = 0;
    if (found) {
        rc = exec_bound(st,
                        "DELETE FROM ticket_events WHERE ticket_id IN"
                        " (SELECT id FROM tickets WHERE account_id = ?)",
                        a.id, NULL, err, "delete demo ticket events");
        if (rc == 0)
            rc = exec_bound(st, "DELETE FROM tickets WHERE account_id = ?", a.id, NULL, err,
                            "delete demo tickets");
        if (rc == 0)
            rc = tt_store_account_delete(st, TT_DEMO_ACCOUNT, err);
    }
    if (rc == 0)
        rc = exec_bound(st, "DELETE FROM customers WHERE substr(key, 1, length(?1)) = ?1", 0,
                        TT_DEMO_CUSTOMER_KEY_PREFIX, err, "delete demo customers");
    tt_account_clear(&a);
    if (rc < 0) {
        tt_store_rollback(st);
        return tt_err_prefix(err, "removing the demo workspace");
    }
    if (tt_store_commit(st, err) < 0)
        return -1;
    return tt_store_ticket_filter_refresh(st, err); /* the subjects leave the filter index */
}

static int plan_index(const char *plan)
{
    return plan[0] == 'f' ? 0 : plan[0] == 'p' ? 1 : 2;
}

int tt_demo_populate(struct tt_store *st, const struct tt_demo_opts *opts,
                     tt_demo_progress_fn progress, void *ud, struct tt_demo_stats *stats_out,
                     struct tt_err *err)
{
    struct tt_demo_stats stats;
    memset(&stats, 0, sizeof stats);
    struct tt_demo_world w;
    tt_demo_world_init(&w, opts);
    int64_t group_ids[8] = {0}, agent_ids[32] = {0};
    int64_t *cust_ids = xcalloc((size_t)w.n_customers, sizeof *cust_ids);
    size_t *contact_off = xcalloc((size_t)w.n_customers + 1, sizeof *contact_off);
    int *t90 = xcalloc((size_t)w.n_customers, sizeof *t90);
    int *r90 = xcalloc((size_t)w.n_customers, sizeof *r90);
    int64_t *contact_ids = NULL;
    int64_t acct = 0;
    bool in_tx = false;
    int64_t since90 = opts->now - 90 * 86400;

    /* Team, customers and contacts: one transaction. */
    if (tt_store_begin(st, err) < 0)
        goto fail;
    in_tx = true;
    if (tt_store_account_upsert(st, TT_DEMO_ACCOUNT, TT_DEMO_PROVIDER, NULL, &acct, err) < 0)
        goto fail;
    for (size_t i = 0; i < tt_demo_groups_count; i++)
        if (tt_store_group_upsert(st, acct, tt_demo_groups[i].external_id, tt_demo_groups[i].name,
                                  tt_demo_groups[i].email, &group_ids[i], err) < 0)
            goto fail;
    for (size_t i = 0; i < tt_demo_agents_count; i++)
        if (tt_store_agent_upsert(st, acct, tt_demo_agents[i].external_id, tt_demo_agents[i].name,
                                  tt_demo_agents[i].email, group_ids[tt_demo_agents[i].group],
                                  &agent_ids[i], err) < 0)
            goto fail;
    stats.groups = (long)tt_demo_groups_count;
    stats.agents = (long)tt_demo_agents_count;
    for (int i = 0; i < w.n_customers; i++)
        contact_off[i + 1] = contact_off[i] + (size_t)w.customers[i].n_contacts;
    contact_ids = xcalloc(contact_off[w.n_customers] + 1, sizeof *contact_ids);
    for (int i = 0; i < w.n_customers; i++) {
        struct tt_demo_customer *c = &w.customers[i];
        c->c.account_id = acct;
        if (tt_store_customer_upsert(st, &c->c, &cust_ids[i], err) < 0)
            goto fail;
        stats.customers_by_plan[plan_index(c->c.plan)]++;
        stats.customers_by_health[c->profile]++;
        for (int k = 0; k < c->n_contacts; k++) {
            struct tt_contact ct;
            tt_demo_contact(&w, i, k, &ct);
            ct.account_id = acct;
            ct.customer_id = cust_ids[i];
            int rc =
                tt_store_contact_upsert(st, &ct, &contact_ids[contact_off[i] + (size_t)k], err);
            tt_contact_clear(&ct);
            if (rc < 0)
                goto fail;
        }
    }
    stats.customers = w.n_customers;
    stats.contacts = (long)contact_off[w.n_customers];
    if (tt_store_commit(st, err) < 0) {
        in_tx = false;
        goto fail;
    }
    in_tx = false;

    /* Tickets in batches. */
    for (long i = 0; i < opts->tickets; i++) {
        if (!in_tx) {
            if (tt_store_begin(st, err) < 0)
                goto fail;
            in_tx = true;
        }
        struct tt_demo_ticket dt;
        tt_demo_ticket_gen(&w, i, &dt);
        dt.t.account_id = acct;
        dt.t.customer_id = cust_ids[dt.customer];
        dt.t.requester_id = contact_ids[contact_off[dt.customer] + (size_t)dt.contact];
        dt.t.group_id = group_ids[dt.group];
        dt.t.assignee_id = dt.agent >= 0 ? agent_ids[dt.agent] : 0;
        int64_t tid = 0;
        int rc = tt_store_ticket_upsert(st, &dt.t, &tid, err);
        for (size_t k = 0; rc == 0 && k < dt.n_events; k++) {
            dt.events[k].ticket_id = tid;
            rc = tt_store_event_add(st, &dt.events[k], NULL, err);
        }
        if (rc < 0) {
            tt_err_prefix(err, "demo ticket %ld", i + 1);
            tt_demo_ticket_clear(&dt);
            goto fail;
        }
        stats.tickets++;
        stats.events += (long)dt.n_events;
        stats.by_status[dt.t.status]++;
        stats.by_priority[dt.t.priority]++;
        stats.chinese += dt.chinese;
        stats.hostile += dt.hostile;
        if (dt.t.status == TT_STATUS_NEW &&
            opts->now - dt.t.created_at > tt_demo_first_reply_min[dt.t.priority] * 60)
            stats.open_past_first_reply++;
        if (dt.t.created_at >= since90) {
            t90[dt.customer]++;
            if (dt.t.resolved_at)
                r90[dt.customer]++;
        }
        tt_demo_ticket_clear(&dt);
        if ((i + 1) % TT_DEMO_BATCH == 0 || i + 1 == opts->tickets) {
            in_tx = false;
            if (tt_store_commit(st, err) < 0 || tt_store_ticket_filter_refresh(st, err) < 0)
                goto fail;
            if (progress)
                progress(i + 1, opts->tickets, ud);
        }
    }

    /* The customers' support inputs, from the tickets just written. */
    if (tt_store_begin(st, err) < 0)
        goto fail;
    in_tx = true;
    for (int i = 0; i < w.n_customers; i++) {
        w.customers[i].c.tickets_last_90_days = t90[i];
        w.customers[i].c.resolved_tickets_last_90_days = r90[i];
        if (tt_store_customer_upsert(st, &w.customers[i].c, NULL, err) < 0)
            goto fail;
    }
    in_tx = false;
    if (tt_store_commit(st, err) < 0)
        goto fail;

    if (stats_out)
        *stats_out = stats;
    free(cust_ids);
    free(contact_off);
    free(contact_ids);
    free(t90);
    free(r90);
    tt_demo_world_clear(&w);
    return 0;
fail:
    if (in_tx)
        tt_store_rollback(st);
    free(cust_ids);
    free(contact_off);
    free(contact_ids);
    free(t90);
    free(r90);
    tt_demo_world_clear(&w);
    return -1;
}
