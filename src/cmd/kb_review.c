/*
 * kb_review.c: `ticketty kb review`: articles that need an author's attention
 * and why: low helpful rate, overdue review, related links to nowhere, broken.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "ticketty/cmd.h"
#include "ticketty/kb.h"
#include "ticketty/kbcore.h"
#include "ticketty/store_kb.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_kb_review;

static bool id_known(const struct tt_kb_article *list, size_t n, const char *id, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i].id) == len && strncmp(list[i].id, id, len) == 0)
            return true;
    return false;
}

static int kb_review_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int json = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 'j')
            return tt_cmd_usage(&tt_cmd_kb_review, "unknown option '%s'", argv[optind - 1]);
        json = 1;
    }
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_kb_review, "unexpected argument '%s'", argv[optind]);
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_kb_article *list;
    size_t n;
    if (tt_store_kb_article_list(st, false, &list, &n, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_kb_problem *broken;
    size_t nb;
    if (tt_store_kb_broken_list(st, &broken, &nb, &err) < 0) {
        tt_kb_article_list_free(list, n);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    int64_t min_votes = tt_config_int(ctx->config, "kb.review.min_votes");
    double min_rate = tt_config_double(ctx->config, "kb.review.min_helpful_rate");
    int64_t now = tt_now();
    json_t *arr = json ? json_array() : NULL;
    size_t flagged = 0;
    for (size_t i = 0; i < n; i++) {
        const struct tt_kb_article *a = &list[i];
        int flags = tt_kb_review_flags(a->helpful, a->not_helpful, a->reviewed_at, a->review_every,
                                       now, min_votes, min_rate);
        /* Related ids that point nowhere. */
        struct tt_buf missing = {0};
        for (const char *p = a->related; p && *p;) {
            while (*p == ' ')
                p++;
            size_t len = strcspn(p, " ");
            if (len && !id_known(list, n, p, len)) {
                if (missing.len)
                    tt_buf_putc(&missing, ' ');
                tt_buf_append(&missing, p, len);
            }
            p += len;
        }
        if (!flags && !missing.len) {
            tt_buf_free(&missing);
            continue;
        }
        flagged++;
        json_t *reasons = json_array();
        int64_t total = a->helpful + a->not_helpful;
        char day[21];
        if (flags & TT_KB_REVIEW_LOW_RATE)
            json_array_append_new(reasons,
                                  json_sprintf("helpful rate %.0f%% below %.0f%% over %lld votes",
                                               100.0 * (double)a->helpful / (double)total,
                                               100.0 * min_rate, (long long)total));
        if (flags & TT_KB_REVIEW_STALE)
            json_array_append_new(reasons,
                                  json_sprintf("last reviewed %.10s, review due every %d days",
                                               tt_time_iso(a->reviewed_at, day), a->review_every));
        if (flags & TT_KB_REVIEW_NEVER)
            json_array_append_new(reasons, json_string("never reviewed (no reviewed_at)"));
        if (missing.len)
            json_array_append_new(reasons,
                                  json_sprintf("related articles not found: %s", missing.data));
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "id", tt_json_str(a->id));
            json_object_set_new(o, "path", tt_json_str(a->path));
            json_object_set_new(o, "title", tt_json_str(a->title));
            json_object_set_new(o, "owner", tt_json_str(a->owner));
            json_object_set_new(o, "helpful", json_integer(a->helpful));
            json_object_set_new(o, "not_helpful", json_integer(a->not_helpful));
            json_object_set_new(o, "reviewed_at", tt_json_time(a->reviewed_at));
            json_object_set_new(o, "reasons", reasons);
            json_array_append_new(arr, o);
        } else {
            char *id = tt_sanitize(a->id, 0), *title = tt_sanitize(a->title, 0);
            char *owner = tt_sanitize(a->owner ? a->owner : "-", 0);
            printf("%s  %s  (owner %s)\n", id, title, owner);
            for (size_t r = 0; r < json_array_size(reasons); r++) {
                char *s = tt_sanitize(json_string_value(json_array_get(reasons, r)), 0);
                printf("    - %s\n", s);
                free(s);
            }
            free(id);
            free(title);
            free(owner);
            json_decref(reasons);
        }
        tt_buf_free(&missing);
    }
    for (size_t i = 0; i < nb; i++) {
        flagged++;
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "id", json_null());
            json_object_set_new(o, "path", tt_json_str(broken[i].path));
            /* The keys of an indexed article: nothing is known but the path. */
            json_object_set_new(o, "title", json_null());
            json_object_set_new(o, "owner", json_null());
            json_object_set_new(o, "helpful", json_integer(0));
            json_object_set_new(o, "not_helpful", json_integer(0));
            json_object_set_new(o, "reviewed_at", json_null());
            json_t *reasons = json_array();
            json_array_append_new(
                reasons, json_sprintf("broken (line %d): %s", broken[i].line, broken[i].message));
            json_object_set_new(o, "reasons", reasons);
            json_array_append_new(arr, o);
        } else {
            char *p = tt_sanitize(broken[i].path, 0), *m = tt_sanitize(broken[i].message, 0);
            printf("%s  (not indexed)\n    - broken (line %d): %s\n", p, broken[i].line, m);
            free(p);
            free(m);
        }
        free(broken[i].path);
        free(broken[i].message);
    }
    free(broken);
    if (json)
        tt_json_print(arr, 0);
    else if (!flagged)
        printf("no article needs review\n");
    tt_kb_article_list_free(list, n);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_kb_review = {
    .name = "kb review",
    .usage = "[--json]",
    .summary = "list articles needing review, with the reasons",
    .help = "Reasons: a helpful rate below kb.review.min_helpful_rate (0.5) with more than\n"
            "kb.review.min_votes (10) votes; reviewed_at older than review_every days;\n"
            "never reviewed; related ids that match no article; broken files.\n"
            "--json  [{\"id\", \"path\", \"title\", \"owner\", \"helpful\", \"not_helpful\",\n"
            "        \"reviewed_at\", \"reasons\": [text]}] (broken files:\n"
            "        id, title, owner, reviewed_at null)",
    .exec = kb_review_exec,
};
