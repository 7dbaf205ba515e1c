/*
 * store_health.h: the health module's tables (schema_health.c) and queries
 * (src/store/health*.c): scoring runs with history, overrides and CSM alerts.
 *
 * A run (tt_store_health_update) scores every customer whose
 * subscription_status is "active", in one transaction:
 *   - support figures not given on the customer (tickets_last_90_days NULL)
 *     are counted from the store's tickets created in the last 90 days
 *     (resolved = resolved_at set or status solved/closed);
 *   - writes the day's history row (replacing a same-day row) and the current
 *     row; an active override replaces the effective score and status, the
 *     computed ones are kept beside it;
 *   - queues a CSM alert when the effective status becomes critical and MRR >=
 *     alert_mrr (tt_health_should_alert).  Staying critical queues nothing, so
 *     a second run the same day sends nothing new.  Queued alerts stay pending
 *     until marked sent (tt_store_health_alert_done), so a failed delivery is
 *     retried by the next run and never duplicated;
 *   - prunes each scored customer's history rows older than history_days
 *     (a primary-key range per customer, no table scan).  Customers no longer
 *     active keep theirs: `health backtest` learns from churned customers.
 * Ownership: filled structs own their strings; free lists with the *_free.
 */
#ifndef TICKETTY_STORE_HEALTH_H
#define TICKETTY_STORE_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/health.h"
#include "ticketty/store.h"

/* One scoring of one customer (a history row or the current state). */
struct tt_health_row {
    char day[11]; /* YYYY-MM-DD UTC */
    int64_t at;
    double raw;                   /* computed weighted score, unrounded */
    int score;                    /* computed, rounded */
    enum tt_health_status status; /* computed */
    int effective_score;          /* the override's score while one was active, else score */
    enum tt_health_status effective_status;
    bool overridden;
    double signal[TT_SIG__COUNT];
};

struct tt_health_update_stats {
    size_t scored;
    size_t overridden;
    size_t by_status[TT_HEALTH__COUNT]; /* effective statuses */
    size_t alerts_queued;
    size_t history_pruned; /* rows older than cfg->history_days removed */
    char day[11];
};
int tt_store_health_update(struct tt_store *st, const struct tt_health_config *cfg, int64_t now,
                           struct tt_health_update_stats *stats, struct tt_err *err);

/* The demo workspace's past: `days` daily history rows (the days before now)
 * for every active customer, scored with cfg from inputs drifting from a
 * state drawn with `seed` to the current inputs, so trends and sparklines
 * have something to show.  Existing rows are kept; health_current and alerts
 * are untouched (run tt_store_health_update for today).  Deterministic.
 * Large books get fewer days: at most about TT_HEALTH_DEMO_MAX_ROWS rows
 * (at least one day each). */
#define TT_HEALTH_DEMO_MAX_ROWS 1000000
int tt_store_health_demo_history(struct tt_store *st, const struct tt_health_config *cfg,
                                 int64_t now, int days, uint64_t seed, struct tt_err *err);

/* A CSM alert (pending or sent). */
struct tt_health_alert {
    int64_t id;
    int64_t customer_id;
    char *customer_key;
    char *customer_name;
    char *csm;
    double mrr;
    int score;
    char *previous_status; /* NULL when the customer had never been scored */
    char *failing;         /* "product_usage=0;payment_health=20" */
    int64_t at;
    int attempts;
    char *last_error;
    int64_t sent_at; /* 0 = pending */
};
void tt_health_alert_list_free(struct tt_health_alert *list, size_t n);
/* Pending alerts, oldest first. */
int tt_store_health_alerts_pending(struct tt_store *st, struct tt_health_alert **out, size_t *n_out,
                                   struct tt_err *err);
/* Alerts of one customer (customer_id > 0) or all, newest first, at most limit. */
int tt_store_health_alerts(struct tt_store *st, int64_t customer_id, int64_t limit,
                           struct tt_health_alert **out, size_t *n_out, struct tt_err *err);
/* Record a delivery attempt: sent_at > 0 marks it sent, else error is kept. */
int tt_store_health_alert_done(struct tt_store *st, int64_t id, int64_t sent_at, const char *error,
                               struct tt_err *err);
/* One destination of alert id accepted it at `at` (idempotent). */
int tt_store_health_alert_delivered(struct tt_store *st, int64_t id, const char *destination,
                                    int64_t at, struct tt_err *err);
/* *yes = destination already accepted alert id. */
int tt_store_health_alert_was_delivered(struct tt_store *st, int64_t id, const char *destination,
                                        bool *yes, struct tt_err *err);

/* Overrides.  set replaces any existing one for the customer. */
int tt_store_health_override_set(struct tt_store *st, int64_t customer_id,
                                 const struct tt_health_override *o, struct tt_err *err);
/* 1 removed, 0 there was none, -1 error. */
int tt_store_health_override_clear(struct tt_store *st, int64_t customer_id, struct tt_err *err);
/* 1 found (active or expired), 0 none, -1 error. */
int tt_store_health_override_get(struct tt_store *st, int64_t customer_id,
                                 struct tt_health_override *out, struct tt_err *err);

/* A customer with its current health, as the list, show and console see it. */
struct tt_health_entry {
    struct tt_customer customer; /* id, key, name, plan, mrr, csm, subscription_status */
    struct tt_health_row cur;    /* last run; effective fields reflect overrides as of now */
    bool override_active;
    struct tt_health_override ov; /* the active override (when override_active) */
    int trend; /* computed score now minus the first computed one in the window */
};
void tt_health_entry_clear(struct tt_health_entry *e);
void tt_health_entry_list_free(struct tt_health_entry *list, size_t n);

enum tt_health_order {
    TT_HEALTH_BY_SCORE,       /* lowest effective score first, then MRR */
    TT_HEALTH_BY_MRR_AT_RISK, /* at-risk and critical first, by MRR, highest first */
    TT_HEALTH_BY_NAME,
};
struct tt_health_query {
    int status;          /* enum tt_health_status (effective), or -1 for any */
    int64_t customer_id; /* 0 = every active customer with a score */
    enum tt_health_order order;
    int64_t now;         /* overrides active at this time */
    int64_t trend_since; /* first day of the trend window */
};
int tt_store_health_list(struct tt_store *st, const struct tt_health_config *cfg,
                         const struct tt_health_query *q, struct tt_health_entry **out,
                         size_t *n_out, struct tt_err *err);
/* Current health of one customer: 1 found, 0 never scored, -1 error. */
int tt_store_health_get(struct tt_store *st, const struct tt_health_config *cfg,
                        int64_t customer_id, int64_t now, int64_t trend_since,
                        struct tt_health_entry *out, struct tt_err *err);
/* Daily history of one customer from `since` on, oldest first. */
int tt_store_health_history(struct tt_store *st, int64_t customer_id, int64_t since,
                            struct tt_health_row **out, size_t *n_out, struct tt_err *err);

/* Every customer (any subscription status) with its inputs, support figures
 * derived from tickets as in a run; for backtests.  Free with
 * tt_health_customer_list_free. */
int tt_store_health_customers(struct tt_store *st, int64_t now, bool active_only,
                              struct tt_customer **out, size_t *n_out, struct tt_err *err);
void tt_health_customer_list_free(struct tt_customer *list, size_t n);

/* Find a customer by key, else by numeric id, else by exact name: 1/0/-1. */
int tt_store_health_find_customer(struct tt_store *st, const char *ref, struct tt_customer *out,
                                  struct tt_err *err);

#endif
