/*
 * kb_new.c: `ticketty kb new`: a new article from a template, in the editor.
 */
#include <getopt.h>

#include "kb_author.h"
#include "ticketty/cmd.h"

extern const struct tt_cmd tt_cmd_kb_new;

static int kb_new_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"category", required_argument, NULL, 'c'},
                                             {NULL, 0, NULL, 0}};
    const char *category = NULL;
    int c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 'c')
            return tt_cmd_usage(&tt_cmd_kb_new, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        category = optarg;
    }
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_kb_new, "unexpected argument '%s'", argv[optind]);
    return tt_kb_author_run(&tt_cmd_kb_new, ctx, NULL, category);
}

const struct tt_cmd tt_cmd_kb_new = {
    .name = "kb new",
    .usage = "[--category C]",
    .summary = "write a new article in $VISUAL/$EDITOR and commit it",
    .help = "Opens a template (next free id, today's reviewed_at, your git name as author)\n"
            "in $VISUAL, else $EDITOR, else vi.  On save the article is validated; if it is\n"
            "invalid the editor re-opens with the error at the top of the front matter.\n"
            "A valid article is written to CATEGORY/SLUG.md, committed with your git\n"
            "identity (user.name, user.email) and indexed.  Saving unchanged cancels.\n"
            "--category C  the template's category (default general)",
    .exec = kb_new_exec,
};
