/*
 * kb_index.c: `ticketty kb index`: bring the store up to date with the KB
 * repository (incremental by tree diff), or validate it with --check.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd_json.h"
#include "ticketty/cmd.h"
#include "ticketty/kb.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_kb_index;

static void print_problems(const struct tt_kb_index_report *r)
{
    for (size_t i = 0; i < r->n_problems; i++) {
        char *p = tt_sanitize(r->problems[i].path, 0);
        char *m = tt_sanitize(r->problems[i].message, 0);
        fprintf(stderr, "%s:%d: %s\n", p, r->problems[i].line, m);
        free(p);
        free(m);
    }
}

static int kb_index_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"full", no_argument, NULL, 'f'},
        {"check", no_argument, NULL, 'c'},
        {"retrain", no_argument, NULL, 'r'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    struct tt_kb_index_opts o;
    tt_kb_index_opts_init(&o);
    o.config = ctx->config;
    int json = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            o.full = true;
            break;
        case 'c':
            o.check = true;
            break;
        case 'r':
            o.retrain = true;
            break;
        case 'j':
            json = 1;
            break;
        default:
            return tt_cmd_usage(&tt_cmd_kb_index, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        }
    }
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_kb_index, "unexpected argument '%s'", argv[optind]);
    struct tt_err err;
    struct tt_store *st = NULL;
    if (!o.check && !(st = tt_ctx_store(ctx, &err)))
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_kb_index_report r;
    if (tt_kb_index(st, tt_ctx_kb_path(ctx), &o, &r, &err) < 0) {
        print_problems(&r);
        tt_kb_index_report_clear(&r);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    if (json) {
        json_t *obj = json_object();
        json_object_set_new(obj, "commit", tt_json_str(r.commit));
        json_object_set_new(obj, "full", json_boolean(r.full));
        json_object_set_new(obj, "check", json_boolean(o.check));
        json_object_set_new(obj, "added", json_integer((json_int_t)r.added));
        json_object_set_new(obj, "updated", json_integer((json_int_t)r.updated));
        json_object_set_new(obj, "removed", json_integer((json_int_t)r.removed));
        json_object_set_new(obj, "unchanged", json_integer((json_int_t)r.unchanged));
        json_object_set_new(obj, "embedded", json_integer((json_int_t)r.embedded));
        json_object_set_new(obj, "retrained", json_boolean(r.retrained));
        json_object_set_new(obj, "seconds", json_real(r.seconds));
        json_t *a = json_array();
        for (size_t i = 0; i < r.n_problems; i++) {
            json_t *p = json_object();
            json_object_set_new(p, "path", tt_json_str(r.problems[i].path));
            json_object_set_new(p, "line", json_integer(r.problems[i].line));
            json_object_set_new(p, "message", tt_json_str(r.problems[i].message));
            json_array_append_new(a, p);
        }
        json_object_set_new(obj, "problems", a);
        tt_json_print(obj, 0);
    } else {
        print_problems(&r);
        if (o.check)
            printf("%zu articles valid, %zu broken\n", r.added, r.n_problems);
        else
            printf("indexed %.12s (%s): %zu added, %zu updated, %zu removed, %zu unchanged, "
                   "%zu broken; %zu embedded%s in %.3f s\n",
                   r.commit, r.full ? "full" : "incremental", r.added, r.updated, r.removed,
                   r.unchanged, r.n_problems, r.embedded,
                   r.retrained ? " (embedder retrained)" : "", r.seconds);
    }
    int rc = o.check && r.n_problems ? TT_EXIT_FAIL : TT_EXIT_OK;
    tt_kb_index_report_clear(&r);
    return rc;
}

const struct tt_cmd tt_cmd_kb_index = {
    .name = "kb index",
    .usage = "[--full] [--check] [--retrain] [--json]",
    .summary = "index the knowledge-base repository (incremental), or validate it",
    .help = "Reads the articles at HEAD of the KB repository and updates the database.\n"
            "Only blobs changed since the last indexed commit are parsed.  A broken\n"
            "article is printed as PATH:LINE: MESSAGE on stderr and skipped.\n"
            "--full     re-read the whole tree\n"
            "--check    validate the staged articles (the git index; HEAD when bare)\n"
            "           and write nothing; exit status 1 when any article is broken\n"
            "--retrain  retrain the built-in embedder now\n"
            "--json     {\"commit\", \"full\", \"check\", \"added\", \"updated\", \"removed\",\n"
            "           \"unchanged\", \"embedded\", \"retrained\", \"seconds\",\n"
            "           \"problems\": [{\"path\", \"line\", \"message\"}]}",
    .exec = kb_index_exec,
};
