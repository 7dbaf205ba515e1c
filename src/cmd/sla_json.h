/*
 * sla_json.h: the `sla eval` JSON contract as a function, so unit tests drive
 * the engine exactly as the command does (jansson stays in src/cmd).
 */
#ifndef TICKETTY_CMD_SLA_JSON_H
#define TICKETTY_CMD_SLA_JSON_H

#include <stddef.h>

#include "ticketty/err.h"

/* Evaluate the input document `text`; *out gets the output JSON (heap string,
 * compact or indented).  -1 + err naming the field on invalid input. */
int tt_sla_eval_json(const char *text, size_t len, int compact, char **out, struct tt_err *err);

#endif
