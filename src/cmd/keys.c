/*
 * keys.c: `ticketty keys`: every key of the console, from the same tables the
 * console's `?` help is made from.
 */
#include <stdio.h>

#include "ticketty/cmd.h"
#include "ticketty/tui.h"

extern const struct tt_cmd tt_cmd_keys;

static int keys_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    if (argc > 1)
        return tt_cmd_usage(&tt_cmd_keys, "unexpected argument '%s'", argv[1]);
    tt_tui_print_keys(stdout);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_keys = {
    .name = "keys",
    .usage = "",
    .summary = "list the console's keys and : commands",
    .help = "Prints the key bindings of every console screen and the `:` commands.",
    .exec = keys_exec,
};
