/*
 * kb_log.c: `ticketty kb log ARTICLE`: the commits that changed an article.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "kb_ref.h"
#include "ticketty/cmd.h"
#include "ticketty/kb.h"
#include "ticketty/store_kb.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_kb_log;

static int kb_log_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"limit", required_argument, NULL, 'n'},
                                             {"json", no_argument, NULL, 'j'},
                                             {NULL, 0, NULL, 0}};
    int json = 0, c;
    long long limit = 0;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'j') {
            json = 1;
        } else if (c == 'n') {
            if (tt_parse_count(optarg, &limit) < 0)
                return tt_cmd_usage(&tt_cmd_kb_log, "--limit needs a number, not '%s'", optarg);
        } else {
            return tt_cmd_usage(&tt_cmd_kb_log, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind + 1 != argc)
        return tt_cmd_usage(&tt_cmd_kb_log, "expected one ARTICLE (id, slug or path)");
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    const char *ref = argv[optind];
    char *norm = tt_kb_ref(tt_ctx_kb_path(ctx), ref);
    struct tt_kb_article a;
    int found = tt_store_kb_article_get(st, norm, &a, &err);
    if (found < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    char *path = found ? xstrdup(a.path) : xstrdup(norm);
    free(norm);
    if (found)
        tt_kb_article_clear(&a);
    struct tt_kb_commit *log;
    size_t n;
    if (tt_kb_log(tt_ctx_kb_path(ctx), path, (size_t)limit, &log, &n, &err) < 0) {
        free(path);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    if (!n && !found) {
        tt_errf(&err, "no article \"%s\" (an indexed id or slug, or a path in the KB)", ref);
        free(path);
        tt_kb_commits_free(log, n);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_object();
            json_object_set_new(o, "commit", tt_json_str(log[i].id));
            json_object_set_new(o, "author", tt_json_str(log[i].author));
            json_object_set_new(o, "email", tt_json_str(log[i].email));
            json_object_set_new(o, "at", tt_json_time(log[i].at));
            json_object_set_new(o, "summary", tt_json_str(log[i].summary));
            json_array_append_new(arr, o);
        }
        tt_json_print(arr, 0);
    } else {
        for (size_t i = 0; i < n; i++) {
            char when[21];
            char *au = tt_sanitize(log[i].author, 0), *su = tt_sanitize(log[i].summary, 0);
            printf("%.10s  %.10s  %-20s %s\n", log[i].id, tt_time_iso(log[i].at, when), au, su);
            free(au);
            free(su);
        }
    }
    free(path);
    tt_kb_commits_free(log, n);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_kb_log = {
    .name = "kb log",
    .usage = "ARTICLE [--limit N] [--json]",
    .summary = "history of an article (the commits that changed its file)",
    .help = "ARTICLE is an indexed id or slug, or a path in the KB.  Newest first.\n"
            "--limit N  at most N commits (default all)\n"
            "--json     [{\"commit\", \"author\", \"email\", \"at\", \"summary\"}]",
    .exec = kb_log_exec,
};
