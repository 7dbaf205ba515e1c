/*
 * kb_show.c: `ticketty kb show ARTICLE`: one indexed article, and a note in
 * the search log that a search result was opened.
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

extern const struct tt_cmd tt_cmd_kb_show;

static void field(const char *label, const char *v)
{
    char *s = tt_sanitize(v ? v : "", 0);
    printf("%-12s %s\n", label, s);
    free(s);
}

static int kb_show_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"json", no_argument, NULL, 'j'},
                                             {"search", required_argument, NULL, 's'},
                                             {NULL, 0, NULL, 0}};
    int json = 0, c;
    long long search_id = 0;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'j') {
            json = 1;
        } else if (c == 's') {
            if (tt_parse_count(optarg, &search_id) < 0)
                return tt_cmd_usage(&tt_cmd_kb_show, "--search needs a search-log id");
        } else {
            return tt_cmd_usage(&tt_cmd_kb_show, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind + 1 != argc)
        return tt_cmd_usage(&tt_cmd_kb_show, "expected one ARTICLE (id, slug or path)");
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
        tt_errf(&err, "no article \"%s\" in the index (id, slug or path)", argv[optind]);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    if (tt_store_kb_log_opened(st, search_id, a.id, tt_now(), &err) < 0) {
        tt_kb_article_clear(&a);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "id", tt_json_str(a.id));
        json_object_set_new(o, "slug", tt_json_str(a.slug));
        json_object_set_new(o, "path", tt_json_str(a.path));
        json_object_set_new(o, "title", tt_json_str(a.title));
        json_object_set_new(o, "excerpt", tt_json_str(a.excerpt));
        json_object_set_new(o, "category", tt_json_str(a.category));
        json_object_set_new(o, "subcategory", tt_json_str(a.subcategory));
        json_t *tags = json_array();
        for (const char *p = a.tags; *p;) {
            size_t len = 0;
            while (p[len] && p[len] != ',')
                len++;
            const char *s = p;
            size_t l = len;
            while (l && *s == ' ')
                s++, l--;
            if (l)
                json_array_append_new(tags, json_stringn(s, l));
            p += len + (p[len] == ',');
        }
        json_object_set_new(o, "tags", tags);
        json_object_set_new(o, "audience", tt_json_str(a.audience));
        json_object_set_new(o, "visibility", tt_json_str(a.visibility));
        json_t *rel = json_array();
        for (const char *p = a.related; *p;) {
            while (*p == ' ')
                p++;
            size_t len = 0;
            while (p[len] && p[len] != ' ')
                len++;
            if (len)
                json_array_append_new(rel, json_stringn(p, len));
            p += len;
        }
        json_object_set_new(o, "related", rel);
        json_object_set_new(o, "author", tt_json_str(a.author));
        json_object_set_new(o, "owner", tt_json_str(a.owner));
        json_object_set_new(o, "reviewed_at", tt_json_time(a.reviewed_at));
        json_object_set_new(o, "review_every", json_integer(a.review_every));
        json_object_set_new(o, "helpful", json_integer(a.helpful));
        json_object_set_new(o, "not_helpful", json_integer(a.not_helpful));
        json_object_set_new(o, "markdown", tt_json_str(a.markdown));
        tt_json_print(o, 0);
    } else {
        field("id", a.id);
        field("title", a.title);
        field("path", a.path);
        field("category", a.category);
        field("audience", a.audience);
        field("visibility", a.visibility);
        field("tags", a.tags);
        printf("%-12s %lld helpful, %lld not helpful\n\n", "votes", (long long)a.helpful,
               (long long)a.not_helpful);
        char *body = tt_sanitize(a.markdown, TT_SAN_KEEP_NEWLINES);
        fputs(body, stdout);
        free(body);
    }
    tt_kb_article_clear(&a);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_kb_show = {
    .name = "kb show",
    .usage = "ARTICLE [--search ID] [--json]",
    .summary = "show an indexed article (and log it as opened)",
    .help = "ARTICLE is an id, slug or path.  The article counts as the opened result of\n"
            "search ID, or else of the latest search in the last 30 minutes that listed it.\n"
            "--json  {\"id\", \"slug\", \"path\", \"title\", \"excerpt\", \"category\",\n"
            "        \"subcategory\", \"tags\", \"audience\", \"visibility\", \"related\", "
            "\"author\",\n"
            "        \"owner\", \"reviewed_at\", \"review_every\", \"helpful\", \"not_helpful\",\n"
            "        \"markdown\"}",
    .exec = kb_show_exec,
};
