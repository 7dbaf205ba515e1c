/*
 * reply.c: `ticketty reply TICKET`: queue a public reply in the outbox.
 */
#include "cmd_queue.h"

extern const struct tt_cmd tt_cmd_reply;

static int reply_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    return tt_cmd_queue_text(ctx, &tt_cmd_reply, "reply", argc, argv);
}

const struct tt_cmd tt_cmd_reply = {
    .name = "reply",
    .usage = "TICKET [--message TEXT | --file FILE] [--send]",
    .summary = "queue a public reply to a ticket in the outbox",
    .help = "The text comes from --message, --file (- = standard input), a pipe on\n"
            "standard input, or\n"
            "else $VISUAL/$EDITOR opened on a template quoting the latest customer\n"
            "message (lines starting with '#' are dropped; an empty text cancels).\n"
            "The reply is stored in the outbox before anything is sent, and sent by the\n"
            "next `ticketty sync` (or at once with --send).  If the ticket changed on the\n"
            "helpdesk since it was last synced, the reply is held for review (see\n"
            "`ticketty outbox`).  A ticket of a local account (the demo workspace) has\n"
            "no helpdesk: the reply is delivered into the local store at once and shows\n"
            "in the conversation (first reply fulfilled, a new ticket opened).",
    .exec = reply_exec,
};
