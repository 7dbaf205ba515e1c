/*
 * cmd_queue.h: what `reply`, `note` and `ticket set` share: finding a ticket's
 * account and, with --send (always for a local account), pushing that
 * account's outbox at once.
 */
#ifndef TICKETTY_CMD_QUEUE_H
#define TICKETTY_CMD_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "ticketty/cmd.h"

/* After queueing: send now when asked (--send) or when the ticket's account
 * is local (no helpdesk: its outbox is delivered into the store at once);
 * prints a summary line.  Returns an exit status. */
int tt_cmd_after_queue(struct tt_ctx *ctx, int64_t ticket_id, bool send);
/* Queue a reply or note: text from --message/--file, a pipe, or the editor. */
int tt_cmd_queue_text(struct tt_ctx *ctx, const struct tt_cmd *cmd, const char *kind, int argc,
                      char **argv);

#endif
