/*
 * test_sla_engine.c: the SLA engine against tables of cases: the worked
 * examples of ../shared/SLA.md, every metric, holidays, overrides,
 * daylight-saving changes both ways (Europe/Berlin, America/New_York), reopen,
 * priority change, pauses across a weekend, starts outside open hours,
 * human_only, closed tickets; plus the `sla eval` JSON contract.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cmd/sla_json.h"
#include "testutil.h"
#include "ticketty/sla.h"
#include "ticketty/util.h"

static int64_t T(const char *iso)
{
    int64_t t;
    if (tt_time_parse(iso, &t, NULL) < 0)
        fail_msg("bad time %s", iso);
    return t;
}

static char *iso(int64_t t, char buf[static 21])
{
    if (!t)
        return strcpy(buf, "null");
    return tt_time_iso(t, buf);
}

/* Schedules used by the cases: NULL name = calendar. */
static void make_schedule(struct tt_sla_schedule *s, const char *zone, const char *holidays,
                          const char *override)
{
    memset(s, 0, sizeof *s);
    s->timezone = xstrdup(zone);
    for (int d = 0; d < 5; d++)
        tt_sla_hours_add(&s->weekly[d], 9 * 60, 17 * 60);
    for (const char *p = holidays; p && *p; p += p[10] ? 11 : 10) {
        char day[11];
        memcpy(day, p, 10);
        day[10] = 0;
        tt_sla_schedule_add_holiday(s, T(day) / 86400);
    }
    if (override) { /* "YYYY-MM-DD HH:MM HH:MM" */
        char day[11];
        memcpy(day, override, 10);
        day[10] = 0;
        struct tt_sla_override *o = tt_sla_schedule_override(s, T(day) / 86400);
        if (strlen(override) > 10)
            tt_sla_hours_add(&o->hours, tt_sla_parse_hhmm(override + 11),
                             tt_sla_parse_hhmm(override + 17));
    }
    struct tt_err err;
    if (tt_sla_schedule_load(s, "test", &err) < 0)
        fail_msg("%s", err.msg);
}

/* ---- schedule arithmetic --------------------------------------------------- */

static void test_advance_table(void **state)
{
    static const struct {
        const char *zone, *holidays, *override, *from;
        int64_t minutes;
        const char *want;
    } cases[] = {
        /* SLA.md worked example 1: Thu 15:00 + 4 business hours -> Fri 11:00 */
        {"UTC", NULL, NULL, "2026-04-30T15:00:00Z", 240, "2026-05-01T11:00:00Z"},
        /* worked example 2: Fri 16:00 + 4 business hours -> Mon 12:00 */
        {"UTC", NULL, NULL, "2026-05-01T16:00:00Z", 240, "2026-05-04T12:00:00Z"},
        /* ending exactly at closing time stays on that day */
        {"UTC", NULL, NULL, "2026-04-30T15:00:00Z", 120, "2026-04-30T17:00:00Z"},
        /* start outside hours: Saturday counts from Monday 09:00 */
        {"UTC", NULL, NULL, "2026-05-09T10:00:00Z", 60, "2026-05-11T10:00:00Z"},
        /* start before opening */
        {"UTC", NULL, NULL, "2026-05-05T06:00:00Z", 30, "2026-05-05T09:30:00Z"},
        /* holiday Friday 1 May is skipped */
        {"UTC", "2026-05-01", NULL, "2026-04-30T16:00:00Z", 120, "2026-05-04T10:00:00Z"},
        /* two holidays in a row */
        {"UTC", "2026-05-01,2026-05-04", NULL, "2026-04-30T16:00:00Z", 120, "2026-05-05T10:00:00Z"},
        /* dated override: Friday open 09:00-12:00 only */
        {"UTC", NULL, "2026-05-01 09:00 12:00", "2026-05-01T10:00:00Z", 180,
         "2026-05-04T10:00:00Z"},
        /* dated override: a closed Thursday */
        {"UTC", NULL, "2026-04-30", "2026-04-30T10:00:00Z", 60, "2026-05-01T10:00:00Z"},
        /* Berlin spring forward (Sun 29 Mar 2026): Fri 16:00 CET + 4h -> Mon 12:00 CEST */
        {"Europe/Berlin", NULL, NULL, "2026-03-27T15:00:00Z", 240, "2026-03-30T10:00:00Z"},
        /* Berlin fall back (Sun 25 Oct 2026): Fri 16:00 CEST + 4h -> Mon 12:00 CET */
        {"Europe/Berlin", NULL, NULL, "2026-10-23T14:00:00Z", 240, "2026-10-26T11:00:00Z"},
        /* New York spring forward (Sun 8 Mar 2026): Fri 16:00 EST + 4h -> Mon 12:00 EDT */
        {"America/New_York", NULL, NULL, "2026-03-06T21:00:00Z", 240, "2026-03-09T16:00:00Z"},
        /* New York fall back (Sun 1 Nov 2026): Fri 16:00 EDT + 4h -> Mon 12:00 EST */
        {"America/New_York", NULL, NULL, "2026-10-30T20:00:00Z", 240, "2026-11-02T17:00:00Z"},
        /* Berlin in 2100, past the zone file's transitions (POSIX footer rule) */
        {"Europe/Berlin", NULL, NULL, "2100-07-01T13:00:00Z", 180, "2100-07-02T08:00:00Z"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        struct tt_sla_schedule s;
        make_schedule(&s, cases[i].zone, cases[i].holidays, cases[i].override);
        char got[21];
        int64_t from = T(cases[i].from);
        int64_t d = tt_sla_advance(&s, from, cases[i].minutes * 60);
        tt_time_iso(d, got);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got %s, want %s", i, got, cases[i].want);
        /* and back: the open time between start and deadline is the target */
        assert_int_equal(tt_sla_open_between(&s, from, d), cases[i].minutes * 60);
        tt_sla_schedule_clear(&s);
    }
}

static void test_dst_day_lengths(void **state)
{
    static const struct {
        const char *zone, *day_start_utc, *day_end_utc;
        int64_t hours;
    } cases[] = {
        /* a Sunday open 00:00-24:00 local: 23 h in spring, 25 h in autumn */
        {"Europe/Berlin", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", 23},
        {"Europe/Berlin", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", 25},
        {"America/New_York", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", 23},
        {"America/New_York", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z", 25},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        struct tt_sla_schedule s = {.timezone = xstrdup(cases[i].zone)};
        tt_sla_hours_add(&s.weekly[6], 0, 1440);
        struct tt_err err;
        assert_int_equal(tt_sla_schedule_load(&s, "t", &err), 0);
        int64_t a = T(cases[i].day_start_utc), b = T(cases[i].day_end_utc);
        /* the whole Sunday is open, and nothing around it */
        assert_int_equal(tt_sla_open_between(&s, a - 86400, b + 86400), cases[i].hours * 3600);
        int64_t os, oe;
        assert_true(tt_sla_next_open(&s, a - 3600, &os, &oe));
        assert_int_equal(os, a);
        assert_int_equal(oe, b);
        tt_sla_schedule_clear(&s);
    }
}

/* The precomputed interval table answers exactly as the zone arithmetic. */
static void test_flat_table_matches(void **state)
{
    static const char *const zones[] = {"Europe/Berlin", "America/New_York", "Australia/Sydney"};
    for (size_t z = 0; z < TT_ARRAY_LEN(zones); z++) {
        struct tt_sla_schedule s;
        make_schedule(&s, zones[z], "2026-05-01,2026-12-25", "2026-03-28 10:00 14:00");
        tt_sla_hours_add(&s.weekly[6], 0, 1440); /* Sundays 24 h: the DST days */
        struct tt_err err;
        assert_int_equal(tt_sla_schedule_load(&s, "t", &err), 0); /* rebuilds the table */
        assert_true(s.n_flat > 0);
        size_t n_flat = s.n_flat;
        for (int64_t t = T("2026-01-01T00:00:00Z"); t < T("2027-01-01T00:00:00Z"); t += 2221) {
            int64_t a0, a1, b0, b1;
            s.n_flat = n_flat;
            bool fa = tt_sla_next_open(&s, t, &a0, &a1);
            s.n_flat = 0; /* force the computed path */
            bool fb = tt_sla_next_open(&s, t, &b0, &b1);
            if (fa != fb || a0 != b0 || a1 != b1)
                fail_msg("%s at %lld: table [%lld,%lld) computed [%lld,%lld)", zones[z],
                         (long long)t, (long long)a0, (long long)a1, (long long)b0, (long long)b1);
        }
        s.n_flat = n_flat;
        tt_sla_schedule_clear(&s);
    }
}

static void test_tz_offsets(void **state)
{
    static const struct {
        const char *zone, *at;
        int32_t offset;
    } cases[] = {
        {"Europe/Berlin", "2026-01-15T12:00:00Z", 3600},
        {"Europe/Berlin", "2026-03-29T00:59:59Z", 3600},
        {"Europe/Berlin", "2026-03-29T01:00:00Z", 7200},
        {"Europe/Berlin", "2026-10-25T00:59:59Z", 7200},
        {"Europe/Berlin", "2026-10-25T01:00:00Z", 3600},
        {"Europe/Berlin", "2099-07-01T00:00:00Z", 7200},
        {"Europe/Berlin", "2099-12-01T00:00:00Z", 3600},
        {"America/New_York", "2026-03-08T06:59:59Z", -18000},
        {"America/New_York", "2026-03-08T07:00:00Z", -14400},
        {"America/New_York", "2026-11-01T06:00:00Z", -18000},
        {"Australia/Sydney", "2026-01-15T00:00:00Z", 39600},
        {"Australia/Sydney", "2026-07-15T00:00:00Z", 36000},
        {"Asia/Kolkata", "2026-07-15T00:00:00Z", 19800},
        {"UTC", "2026-07-15T00:00:00Z", 0},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        struct tt_err err;
        struct tt_tz *tz = tt_tz_load(cases[i].zone, &err);
        if (!tz)
            fail_msg("%s", err.msg);
        if (tt_tz_offset(tz, T(cases[i].at)) != cases[i].offset)
            fail_msg("case %zu: %s at %s: got %d want %d", i, cases[i].zone, cases[i].at,
                     tt_tz_offset(tz, T(cases[i].at)), cases[i].offset);
        tt_tz_free(tz);
    }
    /* local -> UTC: gap moves forward, overlap takes the first occurrence */
    struct tt_err err;
    struct tt_tz *tz = tt_tz_load("Europe/Berlin", &err);
    assert_non_null(tz);
    assert_int_equal(tt_tz_from_local(tz, T("2026-03-29T02:30:00Z")), T("2026-03-29T01:30:00Z"));
    assert_int_equal(tt_tz_from_local(tz, T("2026-10-25T02:30:00Z")), T("2026-10-25T00:30:00Z"));
    assert_int_equal(tt_tz_from_local(tz, T("2026-07-01T09:00:00Z")), T("2026-07-01T07:00:00Z"));
    tt_tz_free(tz);
    assert_null(tt_tz_load("Mars/Olympus", &err));
    assert_non_null(strstr(err.msg, "Mars/Olympus"));
    assert_null(tt_tz_load("../../etc/passwd", &err));
}

/* ---- clocks ------------------------------------------------------------------ */

/* Events as text: "TIME KIND [ARG]" with KIND created|agent|user|bot|note|status|priority. */
static size_t parse_events(const char *const *spec, struct tt_sla_event *ev)
{
    size_t n = 0;
    for (; spec[n]; n++) {
        char when[32], kind[16], arg[16] = "";
        if (sscanf(spec[n], "%31s %15s %15s", when, kind, arg) < 2)
            fail_msg("bad event %s", spec[n]);
        struct tt_sla_event *e = &ev[n];
        *e = (struct tt_sla_event){.at = T(when), .status = -1, .priority = -1, .public = true};
        if (!strcmp(kind, "created")) {
            e->type = TT_EV_CREATED;
            if (arg[0])
                e->priority = tt_priority_from_name(arg);
        } else if (!strcmp(kind, "agent") || !strcmp(kind, "note")) {
            e->type = TT_EV_COMMENT;
            e->author = TT_AUTHOR_AGENT;
            e->public = !strcmp(kind, "agent");
        } else if (!strcmp(kind, "user")) {
            e->type = TT_EV_COMMENT;
            e->author = TT_AUTHOR_END_USER;
        } else if (!strcmp(kind, "bot")) {
            e->type = TT_EV_COMMENT;
            e->author = TT_AUTHOR_BOT;
        } else if (!strcmp(kind, "status")) {
            e->type = TT_EV_STATUS;
            e->status = tt_status_from_name(arg);
        } else if (!strcmp(kind, "priority")) {
            e->type = TT_EV_PRIORITY;
            e->priority = tt_priority_from_name(arg);
        } else {
            fail_msg("bad event kind %s", kind);
        }
    }
    return n;
}

struct want {
    const char *metric, *state;
    bool breached, warning;
    const char *deadline;       /* "null" while paused */
    int64_t elapsed, remaining; /* remaining -1 = null */
};

struct clock_case {
    const char *name;
    const char *zone; /* NULL = calendar targets */
    const char *holidays;
    unsigned pause_mask;
    bool human_only;
    struct {
        const char *metric;
        int64_t minutes;
        int priority;
        double warn_percent;
    } targets[4];
    const char *events[10];
    const char *now;
    struct want want[4];
};

#define PENDING (1u << TT_STATUS_PENDING)

static const struct clock_case clock_cases[] = {
    {"SLA.md example 3: calendar resolution paused while pending",
     NULL,
     NULL,
     PENDING,
     false,
     {{"full_resolution", 120, -1, 0}},
     {"2026-05-05T08:00:00Z created", "2026-05-05T09:00:00Z status pending",
      "2026-05-05T10:05:00Z status open"},
     "2026-05-05T10:30:00Z",
     {{"full_resolution", "active", false, false, "2026-05-05T11:05:00Z", 85, 35}}},
    {"example 3 while still pending: paused, no deadline",
     NULL,
     NULL,
     PENDING,
     false,
     {{"full_resolution", 120, -1, 0}},
     {"2026-05-05T08:00:00Z created", "2026-05-05T09:00:00Z status pending"},
     "2026-05-05T09:30:00Z",
     {{"full_resolution", "paused", false, false, "null", 60, 60}}},
    {"SLA.md example 4: next reply from the oldest unanswered comment",
     NULL,
     NULL,
     PENDING,
     false,
     {{"next_reply", 120, -1, 0}},
     {"2026-05-05T09:00:00Z created", "2026-05-05T10:00:00Z user", "2026-05-05T10:30:00Z user",
      "2026-05-05T11:00:00Z agent"},
     "2026-05-05T12:00:00Z",
     {{"next_reply", "fulfilled", false, false, "2026-05-05T12:00:00Z", 60, -1}}},
    {"SLA.md example 5: first reply at 65 of 60 minutes is fulfilled, breached",
     NULL,
     NULL,
     PENDING,
     false,
     {{"first_reply", 60, -1, 0}},
     {"2026-05-05T09:00:00Z created", "2026-05-05T10:05:00Z agent"},
     "2026-05-05T12:00:00Z",
     {{"first_reply", "fulfilled", true, false, "2026-05-05T10:00:00Z", 65, -1}}},
    {"first reply in time; a private note does not fulfil",
     NULL,
     NULL,
     PENDING,
     false,
     {{"first_reply", 60, -1, 0}, {"first_reply", 30, -1, 0}},
     {"2026-05-05T09:00:00Z created", "2026-05-05T09:10:00Z note", "2026-05-05T09:20:00Z agent"},
     "2026-05-05T12:00:00Z",
     {{"first_reply", "fulfilled", false, false, "2026-05-05T10:00:00Z", 20, -1},
      {"first_reply", "fulfilled", false, false, "2026-05-05T09:30:00Z", 20, -1}}},
    {"warning within warn-before (15 minutes)",
     NULL,
     NULL,
     PENDING,
     false,
     {{"first_reply", 60, -1, 0}},
     {"2026-05-05T09:00:00Z created"},
     "2026-05-05T09:45:00Z",
     {{"first_reply", "active", false, true, "2026-05-05T10:00:00Z", 45, 15}}},
    {"warning by percentage elapsed",
     NULL,
     NULL,
     PENDING,
     false,
     {{"first_reply", 100, -1, 50}},
     {"2026-05-05T09:00:00Z created"},
     "2026-05-05T10:00:00Z",
     {{"first_reply", "active", false, true, "2026-05-05T10:40:00Z", 60, 40}}},
    {"human_only: a bot reply does not count",
     NULL,
     NULL,
     PENDING,
     true,
     {{"first_reply", 60, -1, 0}},
     {"2026-05-05T09:00:00Z created", "2026-05-05T09:05:00Z bot"},
     "2026-05-05T09:30:00Z",
     {{"first_reply", "active", false, false, "2026-05-05T10:00:00Z", 30, 30}}},
    {"without human_only a bot reply fulfils",
     NULL,
     NULL,
     PENDING,
     false,
     {{"first_reply", 60, -1, 0}},
     {"2026-05-05T09:00:00Z created", "2026-05-05T09:05:00Z bot"},
     "2026-05-05T09:30:00Z",
     {{"first_reply", "fulfilled", false, false, "2026-05-05T10:00:00Z", 5, -1}}},
    {"next reply active from the oldest unanswered comment; none started is omitted",
     NULL,
     NULL,
     PENDING,
     false,
     {{"next_reply", 60, -1, 0}, {"periodic_update", 60, -1, 0}},
     {"2026-05-05T09:00:00Z created", "2026-05-05T09:30:00Z user", "2026-05-05T09:50:00Z user"},
     "2026-05-05T10:00:00Z",
     {{"next_reply", "active", false, false, "2026-05-05T10:30:00Z", 30, 30}}},
    {"next reply: the latest answered turn",
     NULL,
     NULL,
     PENDING,
     false,
     {{"next_reply", 60, -1, 0}},
     {"2026-05-05T09:00:00Z created", "2026-05-05T09:30:00Z user", "2026-05-05T09:40:00Z agent",
      "2026-05-05T10:00:00Z user", "2026-05-05T11:30:00Z agent"},
     "2026-05-05T12:00:00Z",
     {{"next_reply", "fulfilled", true, false, "2026-05-05T11:00:00Z", 90, -1}}},
    {"periodic update counts while pending; pausable update pauses",
     NULL,
     NULL,
     PENDING,
     false,
     {{"periodic_update", 60, -1, 0}, {"pausable_update", 60, -1, 0}},
     {"2026-05-05T09:00:00Z created", "2026-05-05T09:30:00Z status open",
      "2026-05-05T10:00:00Z agent", "2026-05-05T10:10:00Z status pending"},
     "2026-05-05T11:00:00Z",
     {{"periodic_update", "active", true, false, "2026-05-05T11:00:00Z", 60, 0},
      {"pausable_update", "paused", false, false, "null", 10, 50}}},
    {"requester wait counts new/open/on-hold; agent work only new/open",
     NULL,
     NULL,
     PENDING,
     false,
     {{"requester_wait", 180, -1, 0}, {"agent_work", 180, -1, 0}},
     {"2026-05-05T08:00:00Z created", "2026-05-05T08:30:00Z status open",
      "2026-05-05T09:00:00Z status on_hold", "2026-05-05T10:00:00Z status pending"},
     "2026-05-05T11:00:00Z",
     {{"requester_wait", "paused", false, false, "null", 120, 60},
      {"agent_work", "paused", false, false, "null", 60, 120}}},
    {"requester wait fulfilled at solve",
     NULL,
     NULL,
     PENDING,
     false,
     {{"requester_wait", 180, -1, 0}, {"agent_work", 30, -1, 0}},
     {"2026-05-05T08:00:00Z created", "2026-05-05T09:00:00Z status solved"},
     "2026-05-05T11:00:00Z",
     {{"requester_wait", "fulfilled", false, false, "2026-05-05T11:00:00Z", 60, -1},
      {"agent_work", "fulfilled", true, false, "2026-05-05T08:30:00Z", 60, -1}}},
    {"reopen: first resolution keeps the first solve; full resolution re-activates",
     NULL,
     NULL,
     PENDING,
     false,
     {{"first_resolution", 120, -1, 0}, {"full_resolution", 120, -1, 0}},
     {"2026-05-05T08:00:00Z created", "2026-05-05T09:00:00Z status solved",
      "2026-05-05T10:00:00Z user"},
     "2026-05-05T10:30:00Z",
     {{"first_resolution", "fulfilled", false, false, "2026-05-05T10:00:00Z", 60, -1},
      {"full_resolution", "active", true, false, "2026-05-05T10:00:00Z", 150, 0}}},
    {"reopen then solve again: full resolution measures to the latest solve",
     NULL,
     NULL,
     PENDING,
     false,
     {{"first_resolution", 120, -1, 0}, {"full_resolution", 240, -1, 0}},
     {"2026-05-05T08:00:00Z created", "2026-05-05T09:00:00Z status solved",
      "2026-05-05T10:00:00Z user", "2026-05-05T11:00:00Z status solved"},
     "2026-05-05T12:00:00Z",
     {{"first_resolution", "fulfilled", false, false, "2026-05-05T10:00:00Z", 60, -1},
      {"full_resolution", "fulfilled", false, false, "2026-05-05T12:00:00Z", 180, -1}}},
    {"solved in pause_statuses: time solved before a reopen does not count",
     NULL,
     NULL,
     PENDING | (1u << TT_STATUS_SOLVED),
     false,
     {{"full_resolution", 120, -1, 0}},
     {"2026-05-05T08:00:00Z created", "2026-05-05T09:00:00Z status solved",
      "2026-05-05T10:00:00Z user", "2026-05-05T11:00:00Z status solved"},
     "2026-05-05T12:00:00Z",
     {{"full_resolution", "fulfilled", false, false, "2026-05-05T11:00:00Z", 120, -1}}},
    {"closed tickets do not reopen: later comments are ignored",
     NULL,
     NULL,
     PENDING,
     false,
     {{"full_resolution", 120, -1, 0}, {"next_reply", 60, -1, 0}},
     {"2026-05-05T08:00:00Z created", "2026-05-05T09:00:00Z status solved",
      "2026-05-05T09:30:00Z status closed", "2026-05-05T10:00:00Z user"},
     "2026-05-05T12:00:00Z",
     {{"full_resolution", "fulfilled", false, false, "2026-05-05T10:00:00Z", 60, -1}}},
    {"an end-user comment reopens on-hold; the wait resumes",
     NULL,
     NULL,
     PENDING | (1u << TT_STATUS_ON_HOLD),
     false,
     {{"full_resolution", 120, -1, 0}},
     {"2026-05-05T08:00:00Z created", "2026-05-05T08:30:00Z status on_hold",
      "2026-05-05T09:30:00Z user"},
     "2026-05-05T10:00:00Z",
     {{"full_resolution", "active", false, false, "2026-05-05T11:00:00Z", 60, 60}}},
    {"priority change mid-way switches the targets",
     NULL,
     NULL,
     PENDING,
     false,
     {{"first_reply", 30, TT_PRIORITY_URGENT, 0}, {"first_reply", 480, TT_PRIORITY_NORMAL, 0}},
     {"2026-05-05T08:00:00Z created normal", "2026-05-05T08:10:00Z priority urgent"},
     "2026-05-05T08:20:00Z",
     {{"first_reply", "active", false, true, "2026-05-05T08:30:00Z", 20, 10}}},
    {"before the priority change the normal target applies",
     NULL,
     NULL,
     PENDING,
     false,
     {{"first_reply", 30, TT_PRIORITY_URGENT, 0}, {"first_reply", 480, TT_PRIORITY_NORMAL, 0}},
     {"2026-05-05T08:00:00Z created normal", "2026-05-05T08:10:00Z priority urgent"},
     "2026-05-05T08:05:00Z",
     {{"first_reply", "active", false, false, "2026-05-05T16:00:00Z", 5, 475}}},
    {"now before the ticket was created: nothing counted yet",
     NULL,
     NULL,
     PENDING,
     false,
     {{"first_reply", 60, -1, 0}},
     {"2026-05-05T10:00:00Z created"},
     "2026-05-05T09:00:00Z",
     {{"first_reply", "active", false, false, "2026-05-05T11:00:00Z", 0, 60}}},
    {"business hours: pause across a weekend",
     "UTC",
     NULL,
     PENDING,
     false,
     {{"full_resolution", 480, -1, 0}},
     {"2026-05-08T09:00:00Z created", "2026-05-08T13:00:00Z status pending",
      "2026-05-12T10:00:00Z user"},
     "2026-05-12T12:00:00Z",
     {{"full_resolution", "active", false, false, "2026-05-12T14:00:00Z", 360, 120}}},
    {"business hours: created on Saturday counts from Monday",
     "UTC",
     NULL,
     PENDING,
     false,
     {{"first_reply", 60, -1, 0}},
     {"2026-05-09T10:00:00Z created"},
     "2026-05-11T09:50:00Z",
     {{"first_reply", "active", false, true, "2026-05-11T10:00:00Z", 50, 10}}},
    {"business hours with a holiday",
     "UTC",
     "2026-05-01",
     PENDING,
     false,
     {{"first_reply", 120, -1, 0}},
     {"2026-04-30T16:00:00Z created"},
     "2026-05-04T09:00:00Z",
     {{"first_reply", "active", false, false, "2026-05-04T10:00:00Z", 60, 60}}},
    {"business hours across Berlin's spring-forward weekend",
     "Europe/Berlin",
     NULL,
     PENDING,
     false,
     {{"first_reply", 240, -1, 0}},
     {"2026-03-27T15:00:00Z created"},
     "2026-03-30T08:00:00Z",
     {{"first_reply", "active", false, false, "2026-03-30T10:00:00Z", 120, 120}}},
    {"business hours across New York's fall-back weekend",
     "America/New_York",
     NULL,
     PENDING,
     false,
     {{"first_reply", 240, -1, 0}},
     {"2026-10-30T20:00:00Z created", "2026-11-02T16:00:00Z agent"},
     "2026-11-02T18:00:00Z",
     {{"first_reply", "fulfilled", false, false, "2026-11-02T17:00:00Z", 180, -1}}},
};

static void test_clock_table(void **state)
{
    for (size_t c = 0; c < TT_ARRAY_LEN(clock_cases); c++) {
        const struct clock_case *k = &clock_cases[c];
        struct tt_sla_schedule sched;
        if (k->zone)
            make_schedule(&sched, k->zone, k->holidays, NULL);
        struct tt_sla_policy pol = {.pause_mask = k->pause_mask, .human_only = k->human_only};
        for (size_t i = 0; i < 4 && k->targets[i].metric; i++) {
            struct tt_sla_target *t = tt_sla_policy_add_target(&pol);
            t->metric = tt_sla_metric_from_name(k->targets[i].metric);
            t->minutes = k->targets[i].minutes;
            t->priority = k->targets[i].priority;
            t->warn_percent = k->targets[i].warn_percent;
            t->mode = k->zone ? TT_SLA_BUSINESS : TT_SLA_CALENDAR;
            t->schedule = k->zone ? &sched : NULL;
        }
        struct tt_sla_event ev[10];
        size_t n = parse_events(k->events, ev);
        struct tt_sla_result *r;
        size_t nr;
        tt_sla_evaluate(&pol, ev, n, TT_PRIORITY_NORMAL, T(k->now), &r, &nr);
        size_t nw = 0;
        while (nw < 4 && k->want[nw].metric)
            nw++;
        if (nr != nw)
            fail_msg("%s: %zu results, want %zu", k->name, nr, nw);
        for (size_t i = 0; i < nr; i++) {
            const struct want *w = &k->want[i];
            char dl[21];
            iso(r[i].deadline, dl);
            if (strcmp(tt_sla_metric_name(r[i].metric), w->metric) ||
                strcmp(tt_sla_state_name(r[i].state), w->state) || r[i].breached != w->breached ||
                r[i].warning != w->warning || strcmp(dl, w->deadline) ||
                tt_sla_elapsed_minutes(&r[i]) != w->elapsed ||
                tt_sla_remaining_minutes(&r[i]) != w->remaining)
                fail_msg("%s [%zu]: got %s %s breached=%d warning=%d deadline=%s elapsed=%lld "
                         "remaining=%lld",
                         k->name, i, tt_sla_metric_name(r[i].metric), tt_sla_state_name(r[i].state),
                         r[i].breached, r[i].warning, dl, (long long)tt_sla_elapsed_minutes(&r[i]),
                         (long long)tt_sla_remaining_minutes(&r[i]));
        }
        tt_sla_results_free(r, nr);
        tt_sla_policy_clear(&pol);
        if (k->zone)
            tt_sla_schedule_clear(&sched);
    }
}

static void test_pauses_and_next_breach(void **state)
{
    struct tt_sla_policy pol = {.pause_mask = PENDING};
    struct tt_sla_target *t = tt_sla_policy_add_target(&pol);
    t->metric = TT_SLA_FULL_RESOLUTION;
    t->minutes = 120;
    t = tt_sla_policy_add_target(&pol);
    t->metric = TT_SLA_FIRST_REPLY;
    t->minutes = 60;
    const char *spec[] = {"2026-05-05T08:00:00Z created", "2026-05-05T08:30:00Z status pending",
                          "2026-05-05T08:45:00Z status open", NULL};
    struct tt_sla_event ev[4];
    size_t n = parse_events(spec, ev);
    struct tt_sla_result *r;
    size_t nr;
    tt_sla_evaluate(&pol, ev, n, TT_PRIORITY_NORMAL, T("2026-05-05T09:00:00Z"), &r, &nr);
    assert_int_equal(nr, 2);
    assert_int_equal(r[0].n_pauses, 1);
    assert_int_equal(r[0].pauses[0].from, T("2026-05-05T08:30:00Z"));
    assert_int_equal(r[0].pauses[0].to, T("2026-05-05T08:45:00Z"));
    assert_int_equal(r[0].pauses[0].status, TT_STATUS_PENDING);
    assert_int_equal(r[0].deadline, T("2026-05-05T10:15:00Z"));
    assert_int_equal(r[1].n_pauses, 0); /* first reply counts in any status */
    assert_int_equal(tt_sla_next_breach(r, nr), T("2026-05-05T09:00:00Z"));
    tt_sla_results_free(r, nr);
    tt_sla_policy_clear(&pol);
}

static void test_policy_conditions(void **state)
{
    struct tt_sla_policy p = {0};
    p.when.priority_mask = 1u << TT_PRIORITY_URGENT | 1u << TT_PRIORITY_HIGH;
    p.when.plans = xcalloc(1, sizeof(char *));
    p.when.plans[0] = xstrdup("enterprise");
    p.when.n_plans = 1;
    p.when.has_mrr = true;
    p.when.mrr_min = 1000;
    p.when.tags = xcalloc(1, sizeof(char *));
    p.when.tags[0] = xstrdup("vip");
    p.when.n_tags = 1;
    static const struct {
        int priority;
        const char *plan, *tags;
        double mrr;
        bool match;
        const char *why;
    } cases[] = {
        {TT_PRIORITY_URGENT, "enterprise", "vip billing", 5000, true,
         "priority urgent, plan enterprise, MRR 5000 in band, tag vip"},
        {TT_PRIORITY_NORMAL, "enterprise", "vip", 5000, false, "priority normal not listed"},
        {TT_PRIORITY_HIGH, "free", "vip", 5000, false, "plan free not listed"},
        {TT_PRIORITY_HIGH, "Enterprise", "vip", 10, false, "MRR 10 outside the band"},
        {TT_PRIORITY_HIGH, "enterprise", "vipx", 5000, false, "no listed tag"},
        {TT_PRIORITY_HIGH, NULL, NULL, 0, false, "plan (none) not listed"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        struct tt_sla_subject s = {.priority = cases[i].priority,
                                   .plan = cases[i].plan,
                                   .tags = cases[i].tags,
                                   .mrr = cases[i].mrr};
        char why[256];
        bool m = tt_sla_policy_matches(&p, &s, why, sizeof why);
        if (m != cases[i].match || strcmp(why, cases[i].why) != 0)
            fail_msg("case %zu: got %d \"%s\"", i, m, why);
    }
    tt_sla_policy_clear(&p);
    struct tt_sla_policy any = {0};
    struct tt_sla_subject s = {.priority = TT_PRIORITY_LOW};
    char why[128];
    assert_true(tt_sla_policy_matches(&any, &s, why, sizeof why));
    assert_string_equal(why, "no conditions (matches every ticket)");
}

/* ---- the sla eval contract ---------------------------------------------------- */

static const char eval_example[] =
    "{\"now\": \"2026-05-04T13:00:00Z\","
    " \"schedule\": {\"timezone\": \"Europe/Berlin\","
    "   \"weekly\": {\"mon\": [[\"09:00\",\"17:00\"]], \"tue\": [[\"09:00\",\"17:00\"]],"
    "     \"wed\": [[\"09:00\",\"17:00\"]], \"thu\": [[\"09:00\",\"17:00\"]],"
    "     \"fri\": [[\"09:00\",\"17:00\"]]},"
    "   \"holidays\": [\"2026-05-01\"]},"
    " \"policy\": {\"pause_statuses\": [\"pending\"], \"human_only\": true,"
    "   \"targets\": ["
    "     {\"metric\": \"first_reply\", \"minutes\": 240, \"mode\": \"business\","
    "      \"warn_before_minutes\": 15},"
    "     {\"metric\": \"full_resolution\", \"minutes\": 1440, \"mode\": \"calendar\"}]},"
    " \"events\": ["
    "   {\"at\": \"2026-04-30T14:00:00Z\", \"type\": \"created\"},"
    "   {\"at\": \"2026-04-30T15:00:00Z\", \"type\": \"comment\", \"author\": \"bot\","
    "    \"public\": true},"
    "   {\"at\": \"2026-05-04T10:00:00Z\", \"type\": \"status\", \"status\": \"pending\"},"
    "   {\"at\": \"2026-05-04T11:00:00Z\", \"type\": \"comment\", \"author\": \"end_user\","
    "    \"public\": true},"
    "   {\"at\": \"2026-05-04T11:30:00Z\", \"type\": \"comment\", \"author\": \"agent\","
    "    \"public\": false}]}";

static void test_eval_example(void **state)
{
    char *out = NULL;
    struct tt_err err;
    if (tt_sla_eval_json(eval_example, strlen(eval_example), 1, &out, &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(
        out, "{\"targets\":[{\"metric\":\"first_reply\",\"state\":\"active\",\"breached\":true,"
             "\"warning\":false,\"deadline\":\"2026-05-04T10:00:00Z\",\"elapsed_minutes\":420,"
             "\"remaining_minutes\":0},{\"metric\":\"full_resolution\",\"state\":\"active\","
             "\"breached\":true,\"warning\":false,\"deadline\":\"2026-05-01T14:00:00Z\","
             "\"elapsed_minutes\":5640,\"remaining_minutes\":0}]}");
    free(out);
}

static void test_eval_paused_and_fulfilled_json(void **state)
{
    const char *in =
        "{\"now\":\"2026-05-05T09:30:00Z\",\"policy\":{\"targets\":["
        "{\"metric\":\"full_resolution\",\"minutes\":120},"
        "{\"metric\":\"first_reply\",\"minutes\":60}]},\"events\":["
        "{\"at\":\"2026-05-05T09:00:00Z\",\"type\":\"status\",\"status\":\"pending\"},"
        "{\"at\":\"2026-05-05T08:00:00Z\",\"type\":\"created\"},"
        "{\"at\":\"2026-05-05T08:10:00Z\",\"type\":\"comment\",\"author\":\"agent\"}]}";
    char *out = NULL;
    struct tt_err err;
    if (tt_sla_eval_json(in, strlen(in), 1, &out, &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(
        out,
        "{\"targets\":[{\"metric\":\"full_resolution\",\"state\":\"paused\",\"breached\":false,"
        "\"warning\":false,\"deadline\":null,\"elapsed_minutes\":60,\"remaining_minutes\":60},"
        "{\"metric\":\"first_reply\",\"state\":\"fulfilled\",\"breached\":false,"
        "\"warning\":false,\"deadline\":\"2026-05-05T09:00:00Z\",\"elapsed_minutes\":10,"
        "\"remaining_minutes\":null}]}");
    free(out);
}

static void test_eval_schedule_without_weekly(void **state)
{
    /* no weekly hours: open around the clock, holidays still closed */
    const char *in = "{\"now\":\"2026-05-09T12:00:00Z\",\"schedule\":{\"timezone\":"
                     "\"Europe/Berlin\",\"holidays\":[\"2026-05-09\"]},\"policy\":{\"targets\":["
                     "{\"metric\":\"first_reply\",\"minutes\":60}]},\"events\":[{\"at\":"
                     "\"2026-05-09T11:30:00Z\",\"type\":\"created\"}]}";
    char *out = NULL;
    struct tt_err err;
    if (tt_sla_eval_json(in, strlen(in), 1, &out, &err) < 0)
        fail_msg("%s", err.msg);
    assert_non_null(strstr(out, "\"deadline\":\"2026-05-09T23:00:00Z\",\"elapsed_minutes\":0"));
    free(out);
}

static void test_eval_invalid_fields(void **state)
{
    static const struct {
        const char *in, *field;
    } cases[] = {
        {"[1]", "input"},
        {"{\"policy\":{}}", "policy.targets"},
        {"{}", "policy"},
        {"{\"now\":\"yesterday\",\"policy\":{\"targets\":[]}}", "now"},
        {"{\"policy\":{\"targets\":[{\"metric\":\"first_reply\"}]}}", "policy.targets[0].minutes"},
        {"{\"policy\":{\"targets\":[{\"metric\":\"first_reply\",\"minutes\":-5}]}}",
         "policy.targets[0].minutes"},
        {"{\"policy\":{\"targets\":[{\"metric\":\"fast\",\"minutes\":5}]}}",
         "policy.targets[0].metric"},
        {"{\"policy\":{\"targets\":[{\"metric\":\"first_reply\",\"minutes\":5,\"mode\":"
         "\"business\"}]}}",
         "policy.targets[0].mode"},
        {"{\"policy\":{\"pause_statuses\":[\"sleeping\"],\"targets\":[]}}",
         "policy.pause_statuses[0]"},
        {"{\"policy\":{\"human_only\":\"yes\",\"targets\":[]}}", "policy.human_only"},
        {"{\"schedule\":{\"timezone\":\"Nowhere/City\",\"weekly\":{\"mon\":[[\"09:00\","
         "\"17:00\"]]}},\"policy\":{\"targets\":[]}}",
         "schedule.timezone"},
        {"{\"schedule\":{\"weekly\":{\"funday\":[]}},\"policy\":{\"targets\":[]}}",
         "schedule.weekly.funday"},
        {"{\"schedule\":{\"weekly\":{\"mon\":[[\"17:00\",\"09:00\"]]}},\"policy\":{\"targets\":[]}"
         "}",
         "schedule.weekly.mon[0]"},
        {"{\"schedule\":{\"weekly\":{\"mon\":[[\"09:00\",\"25:00\"]]}},\"policy\":{\"targets\":[]}"
         "}",
         "schedule.weekly.mon[0]"},
        {"{\"schedule\":{\"weekly\":{}},\"policy\":{\"targets\":[]}}", "schedule.weekly"},
        {"{\"schedule\":{\"weekly\":{\"mon\":[[\"09:00\",\"17:00\"]]},\"holidays\":[\"May 1\"]},"
         "\"policy\":{\"targets\":[]}}",
         "schedule.holidays[0]"},
        {"{\"policy\":{\"targets\":[]},\"events\":[{\"type\":\"created\"}]}", "events[0].at"},
        {"{\"policy\":{\"targets\":[]},\"events\":[{\"at\":\"2026-05-05T08:00:00Z\","
         "\"type\":\"merge\"}]}",
         "events[0].type"},
        {"{\"policy\":{\"targets\":[]},\"events\":[{\"at\":\"2026-05-05T08:00:00Z\","
         "\"type\":\"status\",\"status\":\"gone\"}]}",
         "events[0].status"},
        {"{\"policy\":{\"targets\":[]},\"events\":[{\"at\":\"2026-05-05T08:00:00Z\","
         "\"type\":\"comment\",\"author\":\"cat\"}]}",
         "events[0].author"},
        {"{\"policy\":{\"targets\":[]},\"events\":[{\"at\":\"2026-05-05T08:00:00Z\","
         "\"type\":\"comment\"}]}",
         "events[0].author"},
        {"{\"policy\":{\"targets\":[]},\"events\":[{\"at\":\"2026-05-05T08:00:00Z\","
         "\"type\":\"priority\",\"priority\":\"whenever\"}]}",
         "events[0].priority"},
        {"{\"policy\": ", "invalid JSON"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char *out = NULL;
        struct tt_err err;
        if (tt_sla_eval_json(cases[i].in, strlen(cases[i].in), 1, &out, &err) == 0)
            fail_msg("case %zu accepted: %s", i, out);
        if (strncmp(err.msg, cases[i].field, strlen(cases[i].field)) != 0 &&
            !strstr(err.msg, cases[i].field))
            fail_msg("case %zu: error \"%s\" does not name %s", i, err.msg, cases[i].field);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_advance_table),
        cmocka_unit_test(test_dst_day_lengths),
        cmocka_unit_test(test_tz_offsets),
        cmocka_unit_test(test_flat_table_matches),
        cmocka_unit_test(test_clock_table),
        cmocka_unit_test(test_pauses_and_next_breach),
        cmocka_unit_test(test_policy_conditions),
        cmocka_unit_test(test_eval_example),
        cmocka_unit_test(test_eval_paused_and_fulfilled_json),
        cmocka_unit_test(test_eval_schedule_without_weekly),
        cmocka_unit_test(test_eval_invalid_fields),
    };
    return cmocka_run_group_tests_name("sla_engine", tests, NULL, NULL);
}
