/*
 * console.c: `ticketty console` (also `ticketty` with no command): the
 * full-screen console on the database.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "ticketty/cmd.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_console;

static int console_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"ticket", required_argument, NULL, 't'},
                                             {NULL, 0, NULL, 0}};
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long long ticket = 0;
    int c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 't')
            return tt_cmd_usage(&tt_cmd_console, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        if (tt_parse_count(optarg, &ticket) < 0)
            return tt_cmd_usage(&tt_cmd_console, "--ticket needs a ticket id, not '%s'", optarg);
    }
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_console, "unexpected argument '%s'", argv[optind]);
    const char *bench = getenv("TICKETTY_BENCH_FRAMES");
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "ticketty: the console needs a terminal; for scripts use "
                        "`ticketty ticket list` (see `ticketty --help`)\n");
        return TT_EXIT_USAGE;
    }
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_err theme_err;
    tt_err_clear(&theme_err);
    struct tt_theme *theme = tt_theme_load(tt_config_str(ctx->config, "ui.theme"), &theme_err);
    if (!theme) {
        theme = tt_theme_builtin();
        const char *nc = getenv("NO_COLOR");
        if (nc && *nc) { /* still honour NO_COLOR without the theme files */
            for (int i = 0; i < TT_ROLE__COUNT; i++)
                theme->roles[i].fg = theme->roles[i].bg = -1;
            theme->monochrome = true;
        }
    }
    struct tt_tui_opts o = {
        .store = st,
        .config = ctx->config,
        .theme = theme,
        .message = theme_err.msg[0] ? theme_err.msg : NULL,
        .open_ticket = ticket,
        .bench_t0_ns = bench && *bench ? (int64_t)t0.tv_sec * 1000000000 + t0.tv_nsec : 0,
    };
    int rc = tt_tui_run(&o, &err);
    tt_theme_free(theme);
    if (rc < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_console = {
    .name = "console",
    .usage = "[--ticket ID]",
    .summary = "the full-screen console (the default command)",
    .help = "Opens the ticket queue full-screen; `?` lists the keys of each screen and\n"
            "`ticketty keys` prints them all.\n"
            "--ticket ID   open this ticket over the queue\n"
            "The theme comes from ui.theme (themes/NAME.theme); NO_COLOR selects the\n"
            "monochrome theme.  The screen refreshes every ui.tick_seconds.",
    .exec = console_exec,
};
