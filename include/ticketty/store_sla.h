/*
 * store_sla.h: the SLA engine applied to stored tickets, and the sla tables
 * (src/store/schema_sla.c describes them; queries in src/store/sla*.c).
 *
 * Clocks are always computed from a ticket's event log (tt_sla_ticket_eval);
 * the stored next breach (tickets.next_breach_at and the sla_clock row) is a
 * cache for sorting and for the console's SLA column.  Triggers mark a ticket
 * dirty whenever its events or SLA-relevant fields change, so writers (sync,
 * demo, the outbox) only call tt_sla_refresh_dirty() after a batch; a changed
 * SLA configuration (fingerprinted) re-dirties every ticket.
 *
 * When a ticket's log is sparse (imported tickets without events), the engine
 * is fed a created event at created_at, the current status from updated_at
 * (resolved_at for solved/closed) and a first public agent reply at
 * first_response_at.
 */
#ifndef TICKETTY_STORE_SLA_H
#define TICKETTY_STORE_SLA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/config.h"
#include "ticketty/err.h"
#include "ticketty/model.h"
#include "ticketty/sla.h"
#include "ticketty/store.h"

/* One ticket evaluated: owns ticket, customer fields and results. */
struct tt_sla_ticket {
    struct tt_ticket ticket;
    char *plan;
    double mrr;
    const struct tt_sla_policy *policy; /* NULL: no policy matches; points into the config */
    char why[256];                      /* why that policy (or why none) */
    struct tt_sla_result *results;
    size_t n_results;
    int64_t next_breach; /* 0 = none */
};
void tt_sla_ticket_clear(struct tt_sla_ticket *t);

/* Evaluate one stored ticket at `now`.  1 found, 0 absent, -1 error. */
int tt_sla_ticket_eval(struct tt_store *st, const struct tt_sla_config *cfg, int64_t ticket_id,
                       int64_t now, struct tt_sla_ticket *out, struct tt_err *err);
/* Engine events for a stored log (synthesising what a sparse log lacks);
 * *initial_priority gets the priority before the first priority change. */
void tt_sla_events_from_store(const struct tt_ticket *t, const struct tt_event *ev, size_t n,
                              struct tt_sla_event **out, size_t *n_out, int *initial_priority);

/* Recompute one ticket's cache (next_breach_at, sla_clock) and clear its dirty mark. */
int tt_sla_refresh(struct tt_store *st, const struct tt_sla_config *cfg, int64_t ticket_id,
                   int64_t now, struct tt_err *err);
/* Recompute every dirty ticket (all tickets when the configuration changed
 * since the caches were made); *n_out gets how many.  One transaction. */
int tt_sla_refresh_dirty(struct tt_store *st, const struct tt_sla_config *cfg, int64_t now,
                         int64_t *n_out, struct tt_err *err);
/* Mark every ticket dirty (sla refresh --all). */
int tt_store_sla_mark_all_dirty(struct tt_store *st, struct tt_err *err);
/* For writers (demo init, sync): load the `sla` section of config (NULL =
 * built-in) and refresh the dirty tickets. */
int tt_sla_refresh_pending(struct tt_store *st, const struct tt_config *config, struct tt_err *err);

/* The cache row the console's SLA column reads.  found = false when none. */
struct tt_sla_clock_row {
    bool found;
    int64_t next_breach_at;   /* 0 = no active target */
    int64_t warn_at;          /* 0 = none */
    int64_t paused_remaining; /* seconds; -1 = nothing paused */
    char next_metric[24];
    char policy[64];
    int n_targets;
};
int tt_store_sla_clock(struct tt_store *st, int64_t ticket_id, struct tt_sla_clock_row *out,
                       struct tt_err *err);

/* Open tickets whose next target is breached (next breach <= now) and whose
 * warning has started (warn_at <= now < next breach). */
int tt_store_sla_counts(struct tt_store *st, int64_t now, int64_t *breached, int64_t *warning,
                        struct tt_err *err);
/* Open tickets ordered by next breach (none last): ids into a new array. */
int tt_store_sla_open_ids(struct tt_store *st, int64_t **ids, size_t *n, struct tt_err *err);
/* Ticket ids created at or after since (0 = all), any status. */
int tt_store_sla_ticket_ids_since(struct tt_store *st, int64_t since, int64_t **ids, size_t *n,
                                  struct tt_err *err);

/* ---- monitoring: warnings, breaches, escalations ---------------------------- */

enum tt_sla_event_kind { TT_SLA_EV_WARNING, TT_SLA_EV_BREACH, TT_SLA_EV_ESCALATION };

/* Record once by dedup_key.  Returns 1 and *id_out when new, 0 (and the
 * existing id) when it was already recorded, -1 on error. */
int tt_store_sla_event_record(struct tt_store *st, const char *dedup_key, int64_t ticket_id,
                              const char *metric, int64_t instance_start,
                              enum tt_sla_event_kind kind, int level, int64_t deadline,
                              const char *policy, int64_t at, int64_t *id_out, struct tt_err *err);
/* Whether an event with this key exists (1/0, -1 error). */
int tt_store_sla_event_exists(struct tt_store *st, const char *dedup_key, struct tt_err *err);

/* An action's state by its key: 1 found (*state filled: sent, queued,
 * applied, failed, skipped), 0 none. */
int tt_store_sla_action_state(struct tt_store *st, const char *dedup_key, char state[16],
                              struct tt_err *err);
/* Insert or update (a retried failure) an action's outcome. */
int tt_store_sla_action_set(struct tt_store *st, const char *dedup_key, int64_t event_id,
                            const char *action, const char *target, const char *state,
                            const char *detail, int64_t at, struct tt_err *err);

/* Group lookups for escalation actions. */
int tt_store_sla_group_email(struct tt_store *st, int64_t group_id, char **email,
                             struct tt_err *err); /* 1 found (email may be NULL), 0 absent */
int tt_store_sla_group_by_name(struct tt_store *st, int64_t account_id, const char *name,
                               int64_t *id, char **external_id, struct tt_err *err);

/* Apply a change to a ticket of the local account directly (priority or
 * group; priority -1 = change the group), recorded in the event log as an
 * automation (author "ticketty sla", role bot). */
int tt_store_sla_local_change(struct tt_store *st, int64_t ticket_id, int priority,
                              int64_t group_id, const char *group_name, int64_t at,
                              struct tt_err *err);

/* Recorded SLA events of a ticket, newest last (for explain). */
struct tt_sla_record {
    char *metric;
    enum tt_sla_event_kind kind;
    int level;
    int64_t deadline, at;
    char *actions; /* "notify webhook: sent; reassign Tier 2: queued" */
};
int tt_store_sla_records(struct tt_store *st, int64_t ticket_id, struct tt_sla_record **out,
                         size_t *n, struct tt_err *err);
void tt_sla_records_free(struct tt_sla_record *r, size_t n);

#endif
