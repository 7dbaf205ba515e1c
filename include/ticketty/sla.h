/*
 * sla.h: the SLA engine: schedules, policies and the clocks of one ticket.
 *
 * Pure functions over plain structs (src/core/sla*.c): no I/O except reading
 * the system's compiled time-zone files (TZif, /usr/share/zoneinfo or $TZDIR)
 * once, when a schedule is prepared.  Clocks are computed from a ticket's event
 * log on every read; nothing is counted incrementally, so an edited schedule
 * or policy recomputes cleanly.  Semantics: ../shared/SLA.md and ticketty(1).
 *
 * Time zones: a loaded struct tt_tz is immutable, so any number of threads may
 * convert with it at once; no TZ environment variable, no tzset(), no
 * localtime() is involved.  Local wall times that do not exist (the spring-
 * forward gap) are read with the offset before the gap (02:30 -> 03:30), and
 * ambiguous ones (the autumn overlap) as the first occurrence.
 *
 * Ownership: schedules and policies own their arrays and strings (freed by
 * *_clear); a policy target points at a schedule it does not own.  Results own
 * their pause lists (tt_sla_result_clear).
 */
#ifndef TICKETTY_SLA_H
#define TICKETTY_SLA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/config.h"
#include "ticketty/err.h"
#include "ticketty/model.h"

/* ---- time zones ----------------------------------------------------------- */

struct tt_tz;
/* Load zone `name` ("Europe/Berlin", "UTC") from $TZDIR or /usr/share/zoneinfo
 * (the file reading lives in src/config/tz_load.c, not in core). */
struct tt_tz *tt_tz_load(const char *name, struct tt_err *err);
/* Pure: a zone from the bytes of its TZif file (version 2+); NULL and err set
 * when they are not one.  name is only used in the message. */
struct tt_tz *tt_tz_parse(const char *name, const void *tzif, size_t len, struct tt_err *err);
/* Is name a safe zone name (letters, digits, / _ - +; no "..", no leading /)? */
bool tt_tz_name_valid(const char *name);
void tt_tz_free(struct tt_tz *tz);
/* UTC offset (seconds east) in force at instant t. */
int32_t tt_tz_offset(const struct tt_tz *tz, int64_t t);
/* The instant of local wall time `local` (seconds since the epoch as if the
 * wall clock were UTC); see the gap/overlap rule above. */
int64_t tt_tz_from_local(const struct tt_tz *tz, int64_t local);

/* Days since 1970-01-01 of a civil date, and back. */
int64_t tt_days_from_civil(int64_t y, unsigned m, unsigned d);
void tt_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

/* ---- schedules --------------------------------------------------------------- */

struct tt_sla_interval {
    int start, end; /* minutes after local midnight, 0 <= start < end <= 1440 */
};
struct tt_sla_day_hours {
    struct tt_sla_interval *iv;
    size_t n;
};
struct tt_sla_override {
    int64_t day;                   /* local date as days since the epoch */
    struct tt_sla_day_hours hours; /* n == 0: closed all day */
};

struct tt_sla_schedule {
    char *name;
    char *timezone;
    struct tt_tz *tz;                  /* loaded by tt_sla_schedule_load */
    struct tt_sla_day_hours weekly[7]; /* 0 = Monday .. 6 = Sunday */
    int64_t *holidays;                 /* local dates (days since the epoch), sorted */
    size_t n_holidays;
    struct tt_sla_override *overrides; /* sorted by day */
    size_t n_overrides;
    /* Filled by prepare, read-only afterwards: the open intervals as UTC
     * instants for the local days [flat_first, flat_last] (three years either
     * side of preparation), so lookups are a binary search instead of zone
     * arithmetic; instants outside fall back to computing. */
    int64_t (*flat)[2];
    size_t n_flat;
    int64_t flat_first, flat_last;
};
void tt_sla_schedule_clear(struct tt_sla_schedule *s);
/* Add an interval to a day's hours (kept sorted, overlaps merged). */
void tt_sla_hours_add(struct tt_sla_day_hours *h, int start, int end);
void tt_sla_schedule_add_holiday(struct tt_sla_schedule *s, int64_t day);
/* Returns the override for day (creating an empty = closed one). */
struct tt_sla_override *tt_sla_schedule_override(struct tt_sla_schedule *s, int64_t day);
/* Pure: build the lookup table of a schedule whose zone is in s->tz; fails
 * when s->tz is unset or the schedule has no open hour in any week.  `where`
 * prefixes errors. */
int tt_sla_schedule_prepare(struct tt_sla_schedule *s, const char *where, struct tt_err *err);
/* tt_tz_load(s->timezone, or UTC) unless s->tz is set, then
 * tt_sla_schedule_prepare (src/config/tz_load.c: it reads the zone file). */
int tt_sla_schedule_load(struct tt_sla_schedule *s, const char *where, struct tt_err *err);
/* "HH:MM" (00:00..24:00) -> minutes; -1 when malformed. */
int tt_sla_parse_hhmm(const char *s);

/* The first open interval [*os, *oe) with *oe > t, clipped to start at >= t.
 * NULL schedule = always open.  Returns false when nothing opens within ten
 * years (cannot happen for a prepared schedule). */
bool tt_sla_next_open(const struct tt_sla_schedule *s, int64_t t, int64_t *os, int64_t *oe);
/* Open seconds in [a, b). */
int64_t tt_sla_open_between(const struct tt_sla_schedule *s, int64_t a, int64_t b);
/* The earliest t >= from with open_between(from, t) == seconds. */
int64_t tt_sla_advance(const struct tt_sla_schedule *s, int64_t from, int64_t seconds);

/* ---- policies ---------------------------------------------------------------- */

enum tt_sla_metric {
    TT_SLA_FIRST_REPLY,
    TT_SLA_NEXT_REPLY,
    TT_SLA_PERIODIC_UPDATE,
    TT_SLA_PAUSABLE_UPDATE,
    TT_SLA_REQUESTER_WAIT,
    TT_SLA_AGENT_WORK,
    TT_SLA_FIRST_RESOLUTION,
    TT_SLA_FULL_RESOLUTION,
    TT_SLA_METRIC__COUNT
};
const char *tt_sla_metric_name(enum tt_sla_metric m);  /* "first_reply" */
int tt_sla_metric_from_name(const char *name);         /* -1 when unknown */
const char *tt_sla_metric_label(enum tt_sla_metric m); /* "first reply" */

enum tt_sla_mode { TT_SLA_CALENDAR, TT_SLA_BUSINESS };

#define TT_SLA_DEFAULT_WARN_MINUTES 15

struct tt_sla_target {
    enum tt_sla_metric metric;
    int priority; /* enum tt_priority, or -1 for every priority */
    int64_t minutes;
    enum tt_sla_mode mode;
    int64_t warn_before;                    /* minutes */
    double warn_percent;                    /* warn once this % of the target elapsed; 0 = off */
    const struct tt_sla_schedule *schedule; /* business mode; not owned */
};

enum tt_sla_action_kind { TT_SLA_ACT_NOTIFY, TT_SLA_ACT_REASSIGN, TT_SLA_ACT_PRIORITY };
struct tt_sla_action {
    enum tt_sla_action_kind kind;
    char *to;     /* notify: "webhook", an e-mail address or "group"; reassign: group */
    int priority; /* raise priority: the new priority (-1 = one step up) */
};
struct tt_sla_level {
    int64_t offset_minutes; /* from the deadline; negative = before it */
    struct tt_sla_action *actions;
    size_t n_actions;
};

/* Conditions: each set field must match; lists match when any entry does. */
struct tt_sla_conditions {
    unsigned priority_mask; /* bit per enum tt_priority; 0 = any */
    char **plans;           /* customer plan/tier */
    size_t n_plans;
    double mrr_min, mrr_max; /* band [min, max); max <= 0 = no upper bound */
    bool has_mrr;
    char **organizations;
    size_t n_organizations;
    char **tags; /* any of these tags */
    size_t n_tags;
    char **channels;
    size_t n_channels;
    char **groups;
    size_t n_groups;
};

struct tt_sla_policy {
    char *name;
    struct tt_sla_conditions when;
    unsigned pause_mask; /* bit per enum tt_status paused for resolution metrics */
    bool human_only;
    struct tt_sla_target *targets;
    size_t n_targets;
    struct tt_sla_level *ladder;
    size_t n_levels;
};
void tt_sla_policy_clear(struct tt_sla_policy *p);
struct tt_sla_target *tt_sla_policy_add_target(struct tt_sla_policy *p);
struct tt_sla_level *tt_sla_policy_add_level(struct tt_sla_policy *p);
struct tt_sla_action *tt_sla_level_add_action(struct tt_sla_level *l);

/* What a policy is matched against. */
struct tt_sla_subject {
    int priority;
    const char *plan, *organization, *tags, *channel, *group; /* NULL = unknown */
    double mrr;
};
/* Whether p matches; when why is non-NULL it gets a phrase explaining it
 * ("priority urgent, plan enterprise") or why not. */
bool tt_sla_policy_matches(const struct tt_sla_policy *p, const struct tt_sla_subject *s, char *why,
                           size_t why_size);

/* ---- clocks ------------------------------------------------------------------ */

/* One entry of the event log as the engine sees it. */
struct tt_sla_event {
    int64_t at;
    enum tt_event_type type;    /* created, comment, status, priority; others ignored */
    enum tt_author_role author; /* comments */
    bool public;                /* comments */
    int status;                 /* status events, and created (-1 = new) */
    int priority;               /* priority events, and created (-1 = keep) */
};

enum tt_sla_state { TT_SLA_ACTIVE, TT_SLA_PAUSED, TT_SLA_FULFILLED };
const char *tt_sla_state_name(enum tt_sla_state s);

struct tt_sla_pause {
    int64_t from, to; /* to = 0 while still paused */
    int status;       /* the status that paused the clock */
};

struct tt_sla_result {
    const struct tt_sla_target *target;
    enum tt_sla_metric metric;
    enum tt_sla_state state;
    bool breached, warning;
    int64_t start;               /* when this instance's clock started */
    int64_t fulfilled_at;        /* 0 unless fulfilled */
    int64_t deadline;            /* 0 while paused */
    int64_t breached_at;         /* when the deadline passed, 0 if not breached */
    int64_t elapsed;             /* counted seconds */
    int64_t remaining;           /* counted seconds, >= 0; -1 once fulfilled */
    struct tt_sla_pause *pauses; /* pauses of this instance, in order */
    size_t n_pauses;
};
void tt_sla_result_clear(struct tt_sla_result *r);
void tt_sla_results_free(struct tt_sla_result *r, size_t n);

/* Evaluate every target of `policy` that applies to the ticket's priority at
 * `now` (targets with priority -1 always apply).  `ev` must be in time order
 * (stable for equal times); events after `now` are ignored.  Targets whose
 * metric has not started (no end-user comment for next reply, no agent
 * comment for the update metrics) produce no result.  *out is a new array. */
void tt_sla_evaluate(const struct tt_sla_policy *policy, const struct tt_sla_event *ev, size_t n,
                     int initial_priority, int64_t now, struct tt_sla_result **out, size_t *n_out);

/* The earliest deadline over active, not fulfilled targets; 0 when none. */
int64_t tt_sla_next_breach(const struct tt_sla_result *r, size_t n);

/* Minutes as the JSON and the console show them: elapsed rounds down,
 * remaining = target - elapsed (never negative). */
int64_t tt_sla_elapsed_minutes(const struct tt_sla_result *r);
int64_t tt_sla_remaining_minutes(const struct tt_sla_result *r);

/* ---- configuration (the `sla:` section) --------------------------------------- */

/* Schedules and the ordered policies; the first policy whose conditions match
 * a ticket applies.  Policies' targets point into `schedules` (or, for the
 * built-in policies, `extra_schedules`). */
struct tt_sla_config {
    struct tt_sla_schedule *schedules;
    size_t n_schedules;
    struct tt_sla_policy *policies;
    size_t n_policies;
    struct tt_sla_schedule *extra_schedules;
    size_t n_extra_schedules;
};
/* The built-in section (used when the file defines no policies). */
extern const char tt_sla_default_yaml[];
/* Build from a section node (NULL = built-in); errors are "file:line: sla.key: ...". */
int tt_sla_config_from_node(struct tt_sla_config *c, const struct tt_conf_node *node,
                            const char *file, struct tt_err *err);
/* From the loaded configuration's `sla` section. */
int tt_sla_config_load(struct tt_sla_config *c, const struct tt_config *cfg, struct tt_err *err);
void tt_sla_config_clear(struct tt_sla_config *c);
/* The options-table validator of the `sla` section. */
int tt_sla_config_validate(const struct tt_conf_node *node, const char *file, struct tt_err *err);
/* First matching policy (NULL when none); why explains the match. */
const struct tt_sla_policy *tt_sla_config_match(const struct tt_sla_config *c,
                                                const struct tt_sla_subject *s, char *why,
                                                size_t why_size);
/* A hash of everything in c that changes a clock (cache invalidation). */
uint64_t tt_sla_config_fingerprint(const struct tt_sla_config *c);
/* Whether d is a notify destination: webhook, group, an http(s) URL, e-mail. */
bool tt_sla_dest_valid(const char *d);

#endif
