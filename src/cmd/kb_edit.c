/*
 * kb_edit.c: `ticketty kb edit ARTICLE`: edit, validate, commit.
 */
#include <getopt.h>
#include <stdlib.h>

#include "kb_author.h"
#include "kb_ref.h"
#include "ticketty/cmd.h"

extern const struct tt_cmd tt_cmd_kb_edit;

static int kb_edit_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{NULL, 0, NULL, 0}};
    int c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
        return tt_cmd_usage(&tt_cmd_kb_edit, "unknown option '%s'", argv[optind - 1]);
    if (optind + 1 != argc)
        return tt_cmd_usage(&tt_cmd_kb_edit, "expected one ARTICLE (id, slug or path)");
    char *ref = tt_kb_ref(tt_ctx_kb_path(ctx), argv[optind]);
    int rc = tt_kb_author_run(&tt_cmd_kb_edit, ctx, ref, NULL);
    free(ref);
    return rc;
}

const struct tt_cmd tt_cmd_kb_edit = {
    .name = "kb edit",
    .usage = "ARTICLE",
    .summary = "edit an article in $VISUAL/$EDITOR and commit it",
    .help = "ARTICLE is an indexed id or slug, or a path in the KB.  Validation, the\n"
            "re-opened editor on errors, the commit with your git identity and the index\n"
            "update work as for kb new.  Saving unchanged cancels.",
    .exec = kb_edit_exec,
};
