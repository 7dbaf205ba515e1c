/*
 * sla_tz.c: time zones for SLA schedules, read from the system's TZif files.
 *
 * Why not localtime_r: converting in another zone means setting TZ and calling
 * tzset(), which is process-global and races with the console's refresh.  A
 * struct tt_tz is loaded once (version-2+ TZif: 64-bit transition times, then
 * the POSIX TZ footer that extends the rules past the last transition) and is
 * read-only afterwards, so conversions need no locks and no global state.
 * This file does no I/O (core layer): tt_tz_parse takes the TZif bytes, and
 * tt_tz_load in src/config/tz_load.c reads them from the zoneinfo directory.
 */
#include <stdlib.h>
#include <string.h>

#include "ticketty/sla.h"
#include "ticketty/util.h"

/* A POSIX TZ rule date: Mm.w.d, Jn (1..365, no Feb 29) or n (0..365). */
struct tz_rule_date {
    char kind; /* 'M', 'J', 'D' */
    int m, w, d, n;
    int32_t time; /* seconds after local midnight (may be negative or > 24h) */
};

struct tt_tz {
    size_t n_trans;
    int64_t *trans; /* transition instants */
    uint8_t *idx;   /* type index in force from trans[i] */
    size_t n_types;
    int32_t *offsets;  /* utc offset of each type */
    int32_t first_off; /* before the first transition */
    /* footer rule */
    bool has_rule, rule_dst;
    int32_t std_off, dst_off; /* seconds east of UTC */
    struct tz_rule_date start, end;
};

int64_t tt_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void tt_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int64_t floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* ---- POSIX TZ footer ----------------------------------------------------- */

static const char *parse_name(const char *p)
{
    if (*p == '<') {
        while (*p && *p != '>')
            p++;
        return *p ? p + 1 : NULL;
    }
    const char *s = p;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
        p++;
    return p - s >= 3 ? p : NULL;
}

/* [+-]hh[:mm[:ss]] -> seconds; hours up to 167 for rule times. */
static const char *parse_hms(const char *p, int32_t *out)
{
    int sign = 1;
    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    if (*p < '0' || *p > '9')
        return NULL;
    long h = strtol(p, (char **)&p, 10), m = 0, s = 0;
    if (*p == ':') {
        m = strtol(p + 1, (char **)&p, 10);
        if (*p == ':')
            s = strtol(p + 1, (char **)&p, 10);
    }
    if (h > 167 || m > 59 || s > 59)
        return NULL;
    *out = (int32_t)(sign * (h * 3600 + m * 60 + s));
    return p;
}

static const char *parse_rule_date(const char *p, struct tz_rule_date *r)
{
    memset(r, 0, sizeof *r);
    r->time = 7200;
    if (*p == 'M') {
        r->kind = 'M';
        r->m = (int)strtol(p + 1, (char **)&p, 10);
        if (*p++ != '.')
            return NULL;
        r->w = (int)strtol(p, (char **)&p, 10);
        if (*p++ != '.')
            return NULL;
        r->d = (int)strtol(p, (char **)&p, 10);
        if (r->m < 1 || r->m > 12 || r->w < 1 || r->w > 5 || r->d < 0 || r->d > 6)
            return NULL;
    } else if (*p == 'J') {
        r->kind = 'J';
        r->n = (int)strtol(p + 1, (char **)&p, 10);
    } else if (*p >= '0' && *p <= '9') {
        r->kind = 'D';
        r->n = (int)strtol(p, (char **)&p, 10);
    } else {
        return NULL;
    }
    if (*p == '/') {
        p = parse_hms(p + 1, &r->time);
        if (!p)
            return NULL;
    }
    return p;
}

static bool parse_footer(struct tt_tz *tz, const char *s)
{
    const char *p = parse_name(s);
    int32_t off;
    if (!p || !(p = parse_hms(p, &off)))
        return false;
    tz->std_off = -off;
    tz->has_rule = true;
    if (!*p)
        return true;
    if (!(p = parse_name(p)))
        return false;
    tz->dst_off = tz->std_off + 3600;
    if (*p && *p != ',') {
        if (!(p = parse_hms(p, &off)))
            return false;
        tz->dst_off = -off;
    }
    if (*p != ',')
        return false; /* DST without rules: treat as unknown */
    if (!(p = parse_rule_date(p + 1, &tz->start)) || *p != ',')
        return false;
    if (!(p = parse_rule_date(p + 1, &tz->end)) || *p)
        return false;
    tz->rule_dst = true;
    return true;
}

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Local midnight (as days) of a rule date in year y. */
static int64_t rule_day(const struct tz_rule_date *r, int64_t y)
{
    if (r->kind == 'J') {
        int64_t day = tt_days_from_civil(y, 1, 1) + r->n - 1;
        if (is_leap(y) && r->n >= 60)
            day++;
        return day;
    }
    if (r->kind == 'D')
        return tt_days_from_civil(y, 1, 1) + r->n;
    int64_t first = tt_days_from_civil(y, (unsigned)r->m, 1);
    int wd = (int)((first % 7 + 7 + 4) % 7); /* 1970-01-01 was a Thursday (4) */
    int64_t day = first + (r->d - wd + 7) % 7 + (int64_t)(r->w - 1) * 7;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int dim = mdays[r->m - 1] + (r->m == 2 && is_leap(y));
    while (day >= first + dim)
        day -= 7;
    return day;
}

static int32_t rule_offset(const struct tt_tz *tz, int64_t t)
{
    if (!tz->rule_dst)
        return tz->std_off;
    int64_t y;
    unsigned m, d;
    tt_civil_from_days(floordiv(t + tz->std_off, 86400), &y, &m, &d);
    int64_t start = rule_day(&tz->start, y) * 86400 + tz->start.time - tz->std_off;
    int64_t end = rule_day(&tz->end, y) * 86400 + tz->end.time - tz->dst_off;
    bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
    return dst ? tz->dst_off : tz->std_off;
}

/* ---- TZif ---------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

bool tt_tz_name_valid(const char *name)
{
    if (!name || !*name || name[0] == '/' || strlen(name) > 200)
        return false;
    for (const char *p = name; *p; p++) {
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '/' || *p == '_' || *p == '-' || *p == '+'))
            return false;
        if (p[0] == '/' && p[1] == '/')
            return false;
    }
    return strstr(name, "..") == NULL;
}

static bool parse_tzif(struct tt_tz *tz, const unsigned char *b, size_t len)
{
    if (len < 44 || memcmp(b, "TZif", 4) != 0)
        return false;
    int version = b[4] ? b[4] - '0' : 1;
    const unsigned char *h = b;
    size_t tsize = 4, pos = 0;
    if (version >= 2) {
        /* Skip the 32-bit block. */
        uint32_t isut = be32(h + 20), isstd = be32(h + 24), leap = be32(h + 28);
        uint32_t timecnt = be32(h + 32), typecnt = be32(h + 36), charcnt = be32(h + 40);
        pos = 44 + (size_t)timecnt * 5 + (size_t)typecnt * 6 + charcnt + (size_t)leap * 8 + isstd +
              isut;
        if (pos + 44 > len || memcmp(b + pos, "TZif", 4) != 0)
            return false;
        h = b + pos;
        tsize = 8;
    }
    uint32_t isut = be32(h + 20), isstd = be32(h + 24), leap = be32(h + 28);
    uint32_t timecnt = be32(h + 32), typecnt = be32(h + 36), charcnt = be32(h + 40);
    size_t data = (size_t)(h - b) + 44;
    size_t need = (size_t)timecnt * (tsize + 1) + (size_t)typecnt * 6 + charcnt +
                  (size_t)leap * (tsize + 4) + isstd + isut;
    if (typecnt == 0 || typecnt > 256 || data + need > len)
        return false;
    const unsigned char *p = b + data;
    tz->n_trans = timecnt;
    tz->trans = xcalloc(timecnt ? timecnt : 1, sizeof *tz->trans);
    tz->idx = xcalloc(timecnt ? timecnt : 1, 1);
    for (uint32_t i = 0; i < timecnt; i++, p += tsize)
        tz->trans[i] = tsize == 8 ? be64(p) : (int64_t)(int32_t)be32(p);
    for (uint32_t i = 0; i < timecnt; i++, p++) {
        if (*p >= typecnt)
            return false;
        tz->idx[i] = *p;
    }
    tz->n_types = typecnt;
    tz->offsets = xcalloc(typecnt, sizeof *tz->offsets);
    int first_std = -1;
    for (uint32_t i = 0; i < typecnt; i++, p += 6) {
        tz->offsets[i] = (int32_t)be32(p);
        if (first_std < 0 && p[4] == 0)
            first_std = (int)i;
    }
    tz->first_off = tz->offsets[first_std >= 0 ? first_std : 0];
    p += charcnt + (size_t)leap * (tsize + 4) + isstd + isut;
    if (version >= 2 && p < b + len && *p == '\n') {
        const unsigned char *e = memchr(p + 1, '\n', (size_t)(b + len - p - 1));
        if (e && e > p + 1) {
            char *footer = xstrndup((const char *)p + 1, (size_t)(e - p - 1));
            if (!parse_footer(tz, footer))
                tz->has_rule = tz->rule_dst = false;
            free(footer);
        }
    }
    return true;
}

struct tt_tz *tt_tz_parse(const char *name, const void *tzif, size_t len, struct tt_err *err)
{
    struct tt_tz *tz = xcalloc(1, sizeof *tz);
    if (!tzif || !parse_tzif(tz, tzif, len)) {
        tt_errf(err, "time zone '%s': not a TZif file", name ? name : "");
        tt_tz_free(tz);
        return NULL;
    }
    return tz;
}

void tt_tz_free(struct tt_tz *tz)
{
    if (!tz)
        return;
    free(tz->trans);
    free(tz->idx);
    free(tz->offsets);
    free(tz);
}

int32_t tt_tz_offset(const struct tt_tz *tz, int64_t t)
{
    if (!tz)
        return 0;
    if (tz->n_trans == 0)
        return tz->has_rule ? rule_offset(tz, t) : tz->first_off;
    if (t < tz->trans[0])
        return tz->first_off;
    if (t >= tz->trans[tz->n_trans - 1] && tz->has_rule)
        return rule_offset(tz, t);
    size_t lo = 0, hi = tz->n_trans; /* last i with trans[i] <= t */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (tz->trans[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return tz->offsets[tz->idx[lo]];
}

int64_t tt_tz_from_local(const struct tt_tz *tz, int64_t local)
{
    if (!tz)
        return local;
    /* Offsets a day and a half either side cover any transition near local. */
    int32_t before = tt_tz_offset(tz, local - 129600);
    int32_t after = tt_tz_offset(tz, local + 129600);
    int64_t best = INT64_MAX;
    if (tt_tz_offset(tz, local - before) == before)
        best = local - before;
    if (tt_tz_offset(tz, local - after) == after && local - after < best)
        best = local - after;
    if (best != INT64_MAX)
        return best;
    return local - before; /* in a gap: read with the offset before it */
}
