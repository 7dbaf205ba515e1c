/*
 * sla_util.c: see sla_util.h.
 */
#include <stdio.h>
#include <string.h>

#include "cmd_json.h"
#include "sla_util.h"
#include "ticketty/util.h"

void sla_fmt_dur(int64_t s, char *buf, size_t size)
{
    const char *sign = s < 0 ? "-" : "";
    if (s < 0)
        s = -s;
    int64_t m = (s + 59) / 60, h = m / 60, d = h / 24;
    if (d > 0)
        snprintf(buf, size, "%s%lldd%lldh", sign, (long long)d, (long long)(h % 24));
    else if (h > 0)
        snprintf(buf, size, "%s%lldh%02lldm", sign, (long long)h, (long long)(m % 60));
    else
        snprintf(buf, size, "%s%lldm", sign, (long long)m);
}

void sla_fmt_when(int64_t t, const struct tt_sla_target *target, char *buf, size_t size)
{
    if (!t || t == INT64_MAX) {
        snprintf(buf, size, "-");
        return;
    }
    char iso[21];
    tt_time_iso(t, iso);
    int n = snprintf(buf, size, "%.10s %.5s UTC", iso, iso + 11);
    const struct tt_sla_schedule *s =
        target && target->mode == TT_SLA_BUSINESS ? target->schedule : NULL;
    if (s && s->tz && n > 0 && (size_t)n < size && !tt_streq(s->timezone, "UTC")) {
        char loc[21];
        tt_time_iso(t + tt_tz_offset(s->tz, t), loc);
        snprintf(buf + n, size - (size_t)n, " (%s %.5s)", s->timezone, loc + 11);
    }
}

const char *sla_start_words(enum tt_sla_metric m)
{
    switch (m) {
    case TT_SLA_NEXT_REPLY:
        return "oldest unanswered customer comment";
    case TT_SLA_PERIODIC_UPDATE:
    case TT_SLA_PAUSABLE_UPDATE:
        return "last public agent reply";
    default:
        return "ticket created";
    }
}

json_t *sla_result_json(const struct tt_sla_result *r)
{
    const struct tt_sla_target *t = r->target;
    json_t *o = json_object();
    json_object_set_new(o, "metric", json_string(tt_sla_metric_name(r->metric)));
    json_object_set_new(o, "state", json_string(tt_sla_state_name(r->state)));
    json_object_set_new(o, "breached", json_boolean(r->breached));
    json_object_set_new(o, "warning", json_boolean(r->warning));
    json_object_set_new(o, "deadline",
                        r->deadline == INT64_MAX ? json_null() : tt_json_time(r->deadline));
    json_object_set_new(o, "elapsed_minutes", json_integer(tt_sla_elapsed_minutes(r)));
    int64_t rem = tt_sla_remaining_minutes(r);
    json_object_set_new(o, "remaining_minutes", rem < 0 ? json_null() : json_integer(rem));
    json_object_set_new(o, "target_minutes", json_integer(t->minutes));
    json_object_set_new(o, "mode",
                        json_string(t->mode == TT_SLA_BUSINESS ? "business" : "calendar"));
    json_object_set_new(o, "priority",
                        t->priority < 0 ? json_null() : json_string(tt_priority_name(t->priority)));
    json_object_set_new(o, "started_at", tt_json_time(r->start));
    json_object_set_new(o, "fulfilled_at", tt_json_time(r->fulfilled_at));
    json_object_set_new(o, "breached_at", tt_json_time(r->breached_at));
    json_t *p = json_array();
    for (size_t i = 0; i < r->n_pauses; i++)
        json_array_append_new(p, json_pack("{s:o,s:o,s:s}", "from", tt_json_time(r->pauses[i].from),
                                           "to", tt_json_time(r->pauses[i].to), "status",
                                           tt_status_name(r->pauses[i].status)));
    json_object_set_new(o, "pauses", p);
    return o;
}
