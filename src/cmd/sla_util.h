/*
 * sla_util.h: what the sla commands share: durations in words, a target's
 * JSON, and loading the configuration with the store.
 */
#ifndef TICKETTY_CMD_SLA_UTIL_H
#define TICKETTY_CMD_SLA_UTIL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/sla.h"

/* "45m", "3h05m", "2d4h"; negative values get a leading '-'. */
void sla_fmt_dur(int64_t seconds, char *buf, size_t size);
/* "2026-05-04 10:00 UTC", with " (Europe/Berlin 12:00)" for a business target. */
void sla_fmt_when(int64_t t, const struct tt_sla_target *target, char *buf, size_t size);
/* The target object of --json outputs (the sla eval keys plus details). */
json_t *sla_result_json(const struct tt_sla_result *r);
/* Where the clock of a metric starts, in words. */
const char *sla_start_words(enum tt_sla_metric m);

#endif
