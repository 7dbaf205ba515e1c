/*
 * help.c: `ticketty help [COMMAND]`.
 */
#include <string.h>

#include "ticketty/cmd.h"
#include "ticketty/util.h"

static int help_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    if (argc < 2) {
        printf("usage: ticketty [--db PATH] [--kb DIR] [--config FILE] [COMMAND [ARGS]]\n\n"
               "Commands:\n");
        tt_cmd_print_list(stdout);
        return TT_EXIT_OK;
    }
    struct tt_buf name = {0};
    for (int i = 1; i < argc; i++) {
        if (i > 1)
            tt_buf_putc(&name, ' ');
        tt_buf_puts(&name, argv[i]);
    }
    int rc = tt_cmd_print_help(stdout, tt_buf_str(&name));
    if (rc < 0)
        fprintf(stderr, "ticketty: no such command '%s'\n", tt_buf_str(&name));
    tt_buf_free(&name);
    return rc < 0 ? TT_EXIT_USAGE : TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_help = {
    .name = "help",
    .usage = "[COMMAND]",
    .summary = "show the commands, or the help of one command or group",
    .help = "With a group name (for example 'ticketty help kb') every command of the group\n"
            "is described.",
    .exec = help_exec,
};
