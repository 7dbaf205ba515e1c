/*
 * config_show.c: `ticketty config show`: the effective configuration.
 */
#include <getopt.h>

#include "ticketty/cmd.h"

extern const struct tt_cmd tt_cmd_config_show;

static int config_show_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{NULL, 0, NULL, 0}};
    tt_getopt_reset();
    if (getopt_long(argc, argv, "", longopts, NULL) != -1)
        return tt_cmd_usage(&tt_cmd_config_show, "unknown option '%s'", argv[optind - 1]);
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_config_show, "unexpected argument '%s'", argv[optind]);
    printf("# database: %s\n# knowledge base: %s\n", ctx->db_path, tt_ctx_kb_path(ctx));
    tt_config_dump(ctx->config, stdout);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_config_show = {
    .name = "config show",
    .usage = "",
    .summary = "print the effective configuration with where each value comes from",
    .help = "Every key of the options table is printed as YAML with its value, its origin\n"
            "(file:line or default) and its help text.",
    .exec = config_show_exec,
};
