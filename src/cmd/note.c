/*
 * note.c: `ticketty note TICKET`: queue an internal note in the outbox.
 */
#include "cmd_queue.h"

extern const struct tt_cmd tt_cmd_note;

static int note_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    return tt_cmd_queue_text(ctx, &tt_cmd_note, "note", argc, argv);
}

const struct tt_cmd tt_cmd_note = {
    .name = "note",
    .usage = "TICKET [--message TEXT | --file FILE] [--send]",
    .summary = "queue an internal note (agents only) on a ticket in the outbox",
    .help = "Like `ticketty reply`, but the comment is private to agents.",
    .exec = note_exec,
};
