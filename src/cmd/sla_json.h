/*
 * sla_json.h: the `sla eval` JSON contract as a function, so unit tests drive
 * the engine exactly as the command does (jansson stays in src/cmd).
 */
#ifndef TICKETTY_CMD_SLA_JSON_H
#define TICKETTY_CMD_SLA_JSON_H

#include <stddef.h>

#include "json_keys.h"
#include "ticketty/err.h"

/* The keys the input document may have, at every level (for warnings). */
extern const struct tt_json_key tt_sla_eval_shape[];

/* Evaluate the input document `text`; *out gets the output JSON (heap string,
 * compact or indented).  -1 + err naming the field on invalid input. */
int tt_sla_eval_json(const char *text, size_t len, int compact, char **out, struct tt_err *err);
/* The same, calling warn (when not NULL) for every key of a parsed document
 * that the input contract does not define, before evaluating it.  Warnings
 * change neither *out nor the result. */
int tt_sla_eval_json_warn(const char *text, size_t len, int compact, char **out,
                          tt_json_unknown_fn warn, void *warn_arg, struct tt_err *err);

#endif
