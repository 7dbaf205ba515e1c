/*
 * kb_vote.c: `ticketty kb vote ARTICLE --helpful | --not-helpful`: the
 * feedback that kb review reads.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd_json.h"
#include "kb_ref.h"
#include "ticketty/cmd.h"
#include "ticketty/kb.h"
#include "ticketty/store_kb.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_kb_vote;

static int kb_vote_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"helpful", no_argument, NULL, 'h'},
        {"not-helpful", no_argument, NULL, 'n'},
        {"comment", required_argument, NULL, 'c'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    int helpful = -1, json = 0, c;
    const char *comment = NULL;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
        case 'n':
            if (helpful >= 0 && helpful != (c == 'h'))
                return tt_cmd_usage(&tt_cmd_kb_vote, "--helpful and --not-helpful exclude "
                                                     "each other");
            helpful = c == 'h';
            break;
        case 'c':
            comment = optarg;
            break;
        case 'j':
            json = 1;
            break;
        default:
            return tt_cmd_usage(&tt_cmd_kb_vote, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        }
    }
    if (optind + 1 != argc)
        return tt_cmd_usage(&tt_cmd_kb_vote, "expected one ARTICLE (id, slug or path)");
    if (helpful < 0)
        return tt_cmd_usage(&tt_cmd_kb_vote, "give --helpful or --not-helpful");
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_kb_article a;
    char *ref = tt_kb_ref(tt_ctx_kb_path(ctx), argv[optind]);
    int found = tt_store_kb_article_get(st, ref, &a, &err);
    free(ref);
    if (found < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (!found) {
        tt_errf(&err, "no article \"%s\" in the index (id, slug or path; run kb index?)",
                argv[optind]);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    int64_t yes, no;
    if (tt_store_kb_vote_add(st, a.id, helpful, comment, tt_now(), &err) < 0 ||
        tt_store_kb_vote_counts(st, a.id, &yes, &no, &err) < 0) {
        tt_kb_article_clear(&a);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "id", tt_json_str(a.id));
        json_object_set_new(o, "helpful", json_integer(yes));
        json_object_set_new(o, "not_helpful", json_integer(no));
        tt_json_print(o, 0);
    } else {
        char *id = tt_sanitize(a.id, 0);
        printf("%s: %lld helpful, %lld not helpful\n", id, (long long)yes, (long long)no);
        free(id);
    }
    tt_kb_article_clear(&a);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_kb_vote = {
    .name = "kb vote",
    .usage = "ARTICLE --helpful | --not-helpful [--comment TEXT] [--json]",
    .summary = "record whether an article helped",
    .help = "ARTICLE is an id, slug or path.  Prints the article's vote counts;\n"
            "--json {\"id\", \"helpful\", \"not_helpful\"}.",
    .exec = kb_vote_exec,
};
