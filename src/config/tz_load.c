/*
 * tz_load.c: read a time zone's TZif file for the SLA schedules (and load a
 * schedule's zone before core prepares it).  The file
 * I/O lives here, outside src/core; the parsing is core's tt_tz_parse.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/sla.h"
#include "ticketty/util.h"

struct tt_tz *tt_tz_load(const char *name, struct tt_err *err)
{
    if (!tt_tz_name_valid(name)) {
        tt_errf(err, "'%s' is not a time zone name", name ? name : "");
        return NULL;
    }
    const char *dir = getenv("TZDIR");
    char *path = xasprintf("%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        tt_errf(err, "unknown time zone '%s' (%s: %s)", name, path, strerror(errno));
        free(path);
        return NULL;
    }
    struct tt_buf b = {0};
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (1u << 20))
        tt_buf_append(&b, chunk, got);
    fclose(f);
    struct tt_tz *tz = tt_tz_parse(name, b.data, b.len, NULL);
    if (!tz)
        tt_errf(err, "time zone '%s': %s is not a TZif file", name, path);
    tt_buf_free(&b);
    free(path);
    return tz;
}

int tt_sla_schedule_load(struct tt_sla_schedule *s, const char *where, struct tt_err *err)
{
    if (!s->tz) {
        s->tz = tt_tz_load(s->timezone ? s->timezone : "UTC", err);
        if (!s->tz)
            return tt_err_prefix(err, "%s.timezone", where);
    }
    return tt_sla_schedule_prepare(s, where, err);
}
