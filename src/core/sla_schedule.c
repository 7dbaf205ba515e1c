/*
 * sla_schedule.c: business hours.  A schedule is read in its own local time:
 * each local date has open intervals (a dated override, else nothing on a
 * holiday, else the weekday's hours) whose ends are converted to instants with
 * the zone in force on that date, so a day with a daylight-saving change is
 * 23 or 25 hours long and 09:00-17:00 stays 09:00-17:00 on the wall clock.
 */
#include <stdlib.h>
#include <string.h>

#include "ticketty/sla.h"
#include "ticketty/util.h"

/* Ten years of closed days ends the search for the next open instant. */
#define MAX_SCAN_DAYS 3660

void tt_sla_hours_add(struct tt_sla_day_hours *h, int start, int end)
{
    if (end <= start)
        return;
    h->iv = xrealloc(h->iv, (h->n + 1) * sizeof *h->iv);
    size_t i = h->n;
    while (i > 0 && h->iv[i - 1].start > start) {
        h->iv[i] = h->iv[i - 1];
        i--;
    }
    h->iv[i] = (struct tt_sla_interval){start, end};
    h->n++;
    /* merge overlapping or touching intervals */
    size_t w = 0;
    for (size_t r = 1; r < h->n; r++) {
        if (h->iv[r].start <= h->iv[w].end) {
            if (h->iv[r].end > h->iv[w].end)
                h->iv[w].end = h->iv[r].end;
        } else {
            h->iv[++w] = h->iv[r];
        }
    }
    h->n = w + 1;
}

static void hours_clear(struct tt_sla_day_hours *h)
{
    free(h->iv);
    h->iv = NULL;
    h->n = 0;
}

void tt_sla_schedule_clear(struct tt_sla_schedule *s)
{
    if (!s)
        return;
    free(s->name);
    free(s->timezone);
    tt_tz_free(s->tz);
    for (int i = 0; i < 7; i++)
        hours_clear(&s->weekly[i]);
    free(s->holidays);
    for (size_t i = 0; i < s->n_overrides; i++)
        hours_clear(&s->overrides[i].hours);
    free(s->overrides);
    free(s->flat);
    memset(s, 0, sizeof *s);
}

void tt_sla_schedule_add_holiday(struct tt_sla_schedule *s, int64_t day)
{
    size_t i = s->n_holidays;
    for (size_t k = 0; k < s->n_holidays; k++)
        if (s->holidays[k] == day)
            return;
    s->holidays = xrealloc(s->holidays, (s->n_holidays + 1) * sizeof *s->holidays);
    while (i > 0 && s->holidays[i - 1] > day) {
        s->holidays[i] = s->holidays[i - 1];
        i--;
    }
    s->holidays[i] = day;
    s->n_holidays++;
}

struct tt_sla_override *tt_sla_schedule_override(struct tt_sla_schedule *s, int64_t day)
{
    size_t i = s->n_overrides;
    for (size_t k = 0; k < s->n_overrides; k++)
        if (s->overrides[k].day == day)
            return &s->overrides[k];
    s->overrides = xrealloc(s->overrides, (s->n_overrides + 1) * sizeof *s->overrides);
    while (i > 0 && s->overrides[i - 1].day > day) {
        s->overrides[i] = s->overrides[i - 1];
        i--;
    }
    s->overrides[i] = (struct tt_sla_override){.day = day};
    s->n_overrides++;
    return &s->overrides[i];
}

int tt_sla_parse_hhmm(const char *s)
{
    if (!s || strlen(s) != 5 || s[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        return -1;
    return h * 60 + m;
}

static const struct tt_sla_day_hours *hours_for(const struct tt_sla_schedule *s, int64_t day)
{
    size_t lo = 0, hi = s->n_overrides;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->overrides[mid].day == day)
            return &s->overrides[mid].hours;
        if (s->overrides[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    lo = 0, hi = s->n_holidays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->holidays[mid] == day)
            return NULL;
        if (s->holidays[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    int64_t wd = ((day % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday; 0 = Monday */
    return &s->weekly[wd];
}

static int64_t floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

#define FLAT_DAYS (3 * 366)

/* Open intervals of local day `day` as instants, in order, into out (room for
 * the day's intervals); returns how many. */
static size_t day_intervals(const struct tt_sla_schedule *s, int64_t day, int64_t (*out)[2])
{
    const struct tt_sla_day_hours *h = hours_for(s, day);
    size_t k = 0;
    for (size_t i = 0; h && i < h->n; i++) {
        int64_t b = tt_tz_from_local(s->tz, day * 86400 + (int64_t)h->iv[i].start * 60);
        int64_t e = tt_tz_from_local(s->tz, day * 86400 + (int64_t)h->iv[i].end * 60);
        if (e > b) {
            out[k][0] = b;
            out[k][1] = e;
            k++;
        }
    }
    return k;
}

static void build_flat(struct tt_sla_schedule *s)
{
    free(s->flat);
    s->flat = NULL;
    s->n_flat = 0;
    int64_t today = floordiv(tt_now(), 86400);
    s->flat_first = today - FLAT_DAYS;
    s->flat_last = today + FLAT_DAYS;
    size_t cap = 0;
    for (int64_t day = s->flat_first; day <= s->flat_last; day++) {
        const struct tt_sla_day_hours *h = hours_for(s, day);
        if (!h || !h->n)
            continue;
        if (s->n_flat + h->n > cap) {
            cap = cap ? cap * 2 : 1024;
            while (cap < s->n_flat + h->n)
                cap *= 2;
            s->flat = xrealloc(s->flat, cap * sizeof *s->flat);
        }
        int64_t(*iv)[2] = s->flat + s->n_flat;
        size_t k = day_intervals(s, day, iv);
        /* keep the array sorted and disjoint (a DST day may touch the next) */
        for (size_t i = 0; i < k; i++) {
            int64_t lo = s->n_flat ? s->flat[s->n_flat - 1][1] : INT64_MIN;
            int64_t b = iv[i][0] < lo ? lo : iv[i][0], e = iv[i][1];
            if (e > b) {
                s->flat[s->n_flat][0] = b;
                s->flat[s->n_flat][1] = e;
                s->n_flat++;
            }
        }
    }
}

int tt_sla_schedule_prepare(struct tt_sla_schedule *s, const char *where, struct tt_err *err)
{
    if (!s->tz)
        return tt_errf(err, "%s.timezone: the time zone %s is not loaded", where,
                       s->timezone ? s->timezone : "UTC");
    bool open = false;
    for (int i = 0; i < 7; i++)
        open |= s->weekly[i].n > 0;
    for (size_t i = 0; i < s->n_overrides; i++)
        open |= s->overrides[i].hours.n > 0;
    if (!open)
        return tt_errf(err, "%s.weekly: the schedule has no open hours", where);
    build_flat(s);
    return 0;
}

bool tt_sla_next_open(const struct tt_sla_schedule *s, int64_t t, int64_t *os, int64_t *oe)
{
    if (!s) {
        *os = t;
        *oe = INT64_MAX;
        return true;
    }
    /* Inside the precomputed window (with two days of margin for zones). */
    if (s->n_flat && t >= (s->flat_first + 2) * 86400 && t < (s->flat_last - 2) * 86400) {
        size_t lo = 0, hi = s->n_flat; /* first interval ending after t */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (s->flat[mid][1] <= t)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < s->n_flat && s->flat[lo][1] < (s->flat_last - 1) * 86400) {
            *os = s->flat[lo][0] > t ? s->flat[lo][0] : t;
            *oe = s->flat[lo][1];
            return true;
        }
    }
    int64_t d0 = floordiv(t + tt_tz_offset(s->tz, t), 86400);
    for (int64_t day = d0 - 1; day <= d0 + MAX_SCAN_DAYS; day++) {
        const struct tt_sla_day_hours *h = hours_for(s, day);
        if (!h)
            continue;
        for (size_t i = 0; i < h->n; i++) {
            int64_t e = tt_tz_from_local(s->tz, day * 86400 + (int64_t)h->iv[i].end * 60);
            if (e <= t)
                continue;
            int64_t b = tt_tz_from_local(s->tz, day * 86400 + (int64_t)h->iv[i].start * 60);
            if (e <= b)
                continue;
            *os = b > t ? b : t;
            *oe = e;
            return true;
        }
    }
    return false;
}

int64_t tt_sla_open_between(const struct tt_sla_schedule *s, int64_t a, int64_t b)
{
    if (b <= a)
        return 0;
    if (!s)
        return b - a;
    int64_t sum = 0, os, oe;
    while (a < b && tt_sla_next_open(s, a, &os, &oe) && os < b) {
        sum += (oe < b ? oe : b) - os;
        a = oe;
    }
    return sum;
}

int64_t tt_sla_advance(const struct tt_sla_schedule *s, int64_t from, int64_t seconds)
{
    if (seconds <= 0)
        return from;
    if (!s)
        return from + seconds;
    int64_t os, oe, t = from;
    while (tt_sla_next_open(s, t, &os, &oe)) {
        if (seconds <= oe - os)
            return os + seconds;
        seconds -= oe - os;
        t = oe;
    }
    return INT64_MAX;
}
