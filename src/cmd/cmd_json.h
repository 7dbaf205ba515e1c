/*
 * cmd_json.h: JSON output shared by commands (jansson stays at this edge).
 */
#ifndef TICKETTY_CMD_JSON_H
#define TICKETTY_CMD_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "ticketty/model.h"

/* New reference: the ticket object of every --json output. */
json_t *tt_json_ticket(const struct tt_ticket *t);
/* ISO 8601 UTC string, or JSON null for 0. */
json_t *tt_json_time(int64_t t);
json_t *tt_json_str(const char *s); /* null for NULL; invalid UTF-8 bytes become U+FFFD */
/* Print v (stealing the reference) followed by a newline; 0 or -1. */
int tt_json_print(json_t *v, int compact);

#endif
