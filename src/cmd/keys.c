/*
 * keys.c: `ticketty keys`: every key of the console, from the same tables the
 * console's `?` help is made from.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmd_json.h"
#include "ticketty/cmd.h"
#include "ticketty/tui.h"

extern const struct tt_cmd tt_cmd_keys;

static void add_key(void *arg, const char *screen, const char *key, int action, const char *help)
{
    json_t *o = json_object();
    json_object_set_new(o, "screen", tt_json_str(screen));
    json_object_set_new(o, "key", tt_json_str(key));
    json_object_set_new(o, "action", action ? json_integer(action) : json_null());
    json_object_set_new(o, "help", tt_json_str(help));
    json_array_append_new(arg, o);
}

static int keys_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {0, 0, 0, 0},
    };
    int json = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'j')
            json = 1;
        else
            return tt_cmd_usage(&tt_cmd_keys, "unknown option '%s'", argv[optind - 1]);
    }
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_keys, "unexpected argument '%s'", argv[optind]);
    if (json) {
        json_t *a = json_array();
        tt_tui_each_key(add_key, a);
        return tt_json_print(a, 0) == 0 ? TT_EXIT_OK : TT_EXIT_FAIL;
    }
    tt_tui_print_keys(stdout);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_keys = {
    .name = "keys",
    .usage = "[--json]",
    .summary = "list the console's keys and : commands",
    .help = "Prints the key bindings of every console screen and the `:` commands.\n"
            "\n"
            "--json   a JSON array of {screen, key, action, help}, one object per key:\n"
            "         screen is \"global\" (every screen), \"command\" (the `:` commands,\n"
            "         key is the command as typed) or a screen name; keys of one screen\n"
            "         with the same action number are aliases (action is null for `:`\n"
            "         commands and for the queue keys that open a screen).",
    .exec = keys_exec,
};
