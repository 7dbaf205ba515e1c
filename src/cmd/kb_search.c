/*
 * kb_search.c: `ticketty kb search`: one query from the arguments, or one
 * query per line of standard input (batch mode: one JSON line per query).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "ticketty/cmd.h"
#include "ticketty/kb.h"
#include "ticketty/kbcore.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_kb_search;

/* "query" is the text searched: the first TT_KB_QUERY_MAX bytes of a longer
 * one (cut between two characters), with "query_truncated" saying so. */
static json_t *results_json(const char *query, const struct tt_kb_result *r, size_t n)
{
    json_t *o = json_object();
    size_t len = tt_kb_query_len(query);
    char *searched = xstrndup(query, len);
    json_object_set_new(o, "query", tt_json_str(searched));
    json_object_set_new(o, "query_truncated", json_boolean(query[len] != '\0'));
    free(searched);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_object();
        json_object_set_new(x, "id", tt_json_str(r[i].id));
        json_object_set_new(x, "slug", tt_json_str(r[i].slug));
        json_object_set_new(x, "path", tt_json_str(r[i].path));
        json_object_set_new(x, "title", tt_json_str(r[i].title));
        json_object_set_new(x, "excerpt", tt_json_str(r[i].excerpt));
        json_object_set_new(x, "score", json_real(r[i].score));
        json_array_append_new(a, x);
    }
    json_object_set_new(o, "results", a);
    return o;
}

static void print_text(const struct tt_kb_result *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *title = tt_sanitize(r[i].title, 0);
        char *id = tt_sanitize(r[i].id, 0);
        char *path = tt_sanitize(r[i].path, 0);
        printf("%2zu. %s  [%s] %s  (%.4f)\n", i + 1, title, id, path, r[i].score);
        const char *body = r[i].snippet && *r[i].snippet ? r[i].snippet : r[i].excerpt;
        if (body && *body) {
            char *s = tt_sanitize(body, 0);
            char *cut = tt_text_truncate(s, 150);
            printf("    %s\n", cut);
            free(cut);
            free(s);
        }
        free(title);
        free(id);
        free(path);
    }
}

static int kb_search_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"audience", required_argument, NULL, 'a'},
        {"visibility", required_argument, NULL, 'v'},
        {"category", required_argument, NULL, 'c'},
        {"limit", required_argument, NULL, 'n'},
        {"mode", required_argument, NULL, 'm'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    struct tt_kb_search_opts o;
    tt_kb_search_opts_init(&o);
    o.config = ctx->config;
    o.limit = (size_t)tt_config_int(ctx->config, "kb.search.limit");
    int mode = tt_kb_mode_from_name(tt_config_str(ctx->config, "kb.search.mode"));
    o.mode = mode < 0 ? TT_KB_HYBRID : (enum tt_kb_mode)mode;
    int json = 0, c;
    long long limit;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'a':
            if (tt_kb_audience_filter(optarg) < 0)
                return tt_cmd_usage(&tt_cmd_kb_search,
                                    "unknown audience '%s' (customer, internal, any)", optarg);
            o.audience = optarg;
            break;
        case 'v':
            if (tt_kb_visibility_level(optarg) < 0)
                return tt_cmd_usage(&tt_cmd_kb_search,
                                    "unknown visibility '%s' (public, authenticated, internal)",
                                    optarg);
            o.visibility = optarg;
            break;
        case 'c':
            o.category = optarg;
            break;
        case 'n':
            if (tt_parse_count(optarg, &limit) < 0 || limit < 1 || limit > 1000)
                return tt_cmd_usage(&tt_cmd_kb_search, "--limit needs a number 1..1000, not '%s'",
                                    optarg);
            o.limit = (size_t)limit;
            break;
        case 'm':
            if ((mode = tt_kb_mode_from_name(optarg)) < 0)
                return tt_cmd_usage(&tt_cmd_kb_search, "unknown mode '%s' (hybrid, bm25, semantic)",
                                    optarg);
            o.mode = (enum tt_kb_mode)mode;
            break;
        case 'j':
            json = 1;
            break;
        default:
            return tt_cmd_usage(&tt_cmd_kb_search, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        }
    }
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_kb_result *r;
    size_t n;
    if (optind < argc) {
        struct tt_buf q = {0};
        for (int i = optind; i < argc; i++) {
            if (q.len)
                tt_buf_putc(&q, ' ');
            tt_buf_puts(&q, argv[i]);
        }
        if (tt_kb_search(st, tt_buf_str(&q), &o, &r, &n, &err) < 0) {
            tt_buf_free(&q);
            return tt_cmd_fail(&err, TT_EXIT_FAIL);
        }
        size_t searched = tt_kb_query_len(tt_buf_str(&q));
        if (!json && searched < q.len)
            fprintf(stderr,
                    "ticketty: kb search: only the query's first %zu bytes were searched "
                    "(of %zu)\n",
                    searched, q.len);
        if (json)
            tt_json_print(results_json(tt_buf_str(&q), r, n), 0);
        else if (n == 0)
            printf("no articles match\n");
        else
            print_text(r, n);
        tt_kb_results_free(r, n);
        tt_buf_free(&q);
        return TT_EXIT_OK;
    }
    /* Batch mode. */
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = TT_EXIT_OK;
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (tt_kb_search(st, line, &o, &r, &n, &err) < 0) {
            rc = tt_cmd_fail(&err, TT_EXIT_FAIL);
            break;
        }
        tt_json_print(results_json(line, r, n), 1);
        fflush(stdout);
        tt_kb_results_free(r, n);
    }
    free(line);
    return rc;
}

const struct tt_cmd tt_cmd_kb_search = {
    .name = "kb search",
    .usage = "[QUERY...] [--audience A] [--visibility V] [--category C] [--limit N] "
             "[--mode M] [--json]",
    .summary = "search the knowledge base (full text + semantic, fused)",
    .help =
        "Without QUERY, reads one query per line from standard input and prints one\n"
        "JSON line per query (batch mode).  Every search is recorded in the search log.\n"
        "--audience A    customer (never internal articles), internal, or any (default)\n"
        "--visibility V  most private visibility shown: public, authenticated, internal\n"
        "--category C    only articles of category C\n"
        "--limit N       at most N results (default kb.search.limit, 10)\n"
        "--mode M        hybrid, bm25 or semantic (default kb.search.mode, hybrid)\n"
        "--json          {\"query\": Q, \"query_truncated\": B, \"results\": [{\"id\", \"slug\",\n"
        "                \"path\", \"title\", \"excerpt\", \"score\"}]}, path relative to the KB\n"
        "                root; Q is the text searched (a query's first 4096 bytes), B true\n"
        "                when it was cut",
    .exec = kb_search_exec,
};
