/*
 * triage_show.c: `ticketty triage show TICKET`: the triage of one ticket
 * (triaging it now if it has none) with its explanation and suggestions.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "ticketty/cmd.h"
#include "ticketty/store_triage.h"
#include "ticketty/text.h"
#include "ticketty/triage.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_triage_show;

/* Lines of s as a JSON array of strings. */
static json_t *lines_json(const char *s)
{
    json_t *a = json_array();
    while (s && *s) {
        size_t n = strcspn(s, "\n");
        json_array_append_new(a, json_stringn(s, n));
        s += n + (s[n] == '\n');
    }
    return a;
}

static json_t *result_json(const struct tt_triage_result *r, bool send)
{
    json_t *o = json_object();
    json_object_set_new(o, "ticket_id", json_integer(r->ticket_id));
    json_object_set_new(o, "model_version", json_integer(r->model_version));
    json_object_set_new(o, "category", tt_json_str(r->category));
    json_object_set_new(o, "confidence", json_real(r->confidence));
    json_object_set_new(o, "priority", tt_json_str(r->priority));
    json_object_set_new(o, "group", tt_json_str(r->group));
    json_t *tags = json_array();
    for (const char *p = r->tags; p && *p;) {
        size_t n = strcspn(p, " ");
        if (n)
            json_array_append_new(tags, json_stringn(p, n));
        p += n + (p[n] == ' ');
    }
    json_object_set_new(o, "tags", tags);
    json_object_set_new(o, "rules", lines_json(r->rules));
    json_t *terms = json_array();
    for (const char *p = r->terms; p && *p;) {
        size_t n = strcspn(p, "\n");
        const char *sp = memchr(p, ' ', n);
        if (sp) {
            json_t *t = json_object();
            json_object_set_new(t, "word", json_stringn(p, (size_t)(sp - p)));
            json_object_set_new(t, "weight", json_real(strtod(sp + 1, NULL)));
            json_array_append_new(terms, t);
        }
        p += n + (p[n] == '\n');
    }
    json_object_set_new(o, "terms", terms);
    json_object_set_new(o, "draft", tt_json_str(r->draft));
    json_object_set_new(o, "draft_send", json_boolean(r->draft && send));
    json_t *arts = json_array();
    for (const char *p = r->articles; p && *p;) {
        size_t n = strcspn(p, "\n");
        const char *tab = memchr(p, '\t', n);
        json_t *a = json_object();
        json_object_set_new(a, "id", json_stringn(p, tab ? (size_t)(tab - p) : n));
        json_object_set_new(
            a, "title", tab ? json_stringn(tab + 1, n - (size_t)(tab + 1 - p)) : json_string(""));
        json_array_append_new(arts, a);
        p += n + (p[n] == '\n');
    }
    json_object_set_new(o, "articles", arts);
    json_object_set_new(o, "state", tt_json_str(r->state));
    json_object_set_new(o, "created_at", tt_json_time(r->created_at));
    json_object_set_new(o, "decided_at", tt_json_time(r->decided_at));
    return o;
}

static void print_block(const char *title, const char *s)
{
    if (!s || !*s)
        return;
    printf("%s\n", title);
    char *c = tt_sanitize(s, TT_SAN_KEEP_NEWLINES);
    for (char *p = c; *p;) {
        size_t n = strcspn(p, "\n");
        printf("  %.*s\n", (int)n, p);
        p += n + (p[n] == '\n');
    }
    free(c);
}

static int triage_show_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'}, {"refresh", no_argument, NULL, 'r'}, {NULL, 0, NULL, 0}};
    int json = 0, refresh = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'j')
            json = 1;
        else if (c == 'r')
            refresh = 1;
        else
            return tt_cmd_usage(&tt_cmd_triage_show, "unknown option '%s'", argv[optind - 1]);
    }
    if (optind != argc - 1)
        return tt_cmd_usage(&tt_cmd_triage_show, "expected one ticket ID");
    long long id;
    if (tt_parse_count(argv[optind], &id) < 0 || id == 0)
        return tt_cmd_usage(&tt_cmd_triage_show, "'%s' is not a ticket id", argv[optind]);
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_triager *tr = tt_triager_open(st, ctx->config, &err);
    if (!tr)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_triage_result r;
    int rc = tt_triage_ticket(st, tr, id, refresh, &r, &err);
    tt_triager_free(tr);
    if (rc < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (!r.state) {
        tt_errf(&err, "no ticket %lld", id);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    if (rc == 1 && tt_store_readonly(st))
        fprintf(stderr, "ticketty: triage of ticket %lld not saved: read-only database\n", id);
    struct tt_triage_config cfg;
    const struct tt_conf_node *node = tt_config_section(ctx->config, "triage");
    bool send = false;
    if (tt_triage_config_from_node(&cfg, node, tt_config_path(ctx->config), &err) == 0)
        send = cfg.draft_send;
    tt_triage_config_clear(&cfg);
    if (json) {
        tt_json_print(result_json(&r, send), 0);
    } else {
        char *cat = tt_sanitize(r.category ? r.category : "(no model trained)", 0);
        printf("ticket        %lld\n", id);
        if (r.category)
            printf("category      %s (confidence %.2f, model version %lld)\n", cat, r.confidence,
                   (long long)r.model_version);
        else
            printf("category      %s\n", cat);
        free(cat);
        char *g = tt_sanitize(r.group ? r.group : "-", 0), *tg = tt_sanitize(r.tags, 0);
        printf("priority      %s\ngroup         %s\ntags          %s\nstate         %s\n",
               r.priority, g, *tg ? tg : "-", r.state);
        free(g);
        free(tg);
        print_block("rules fired", r.rules);
        print_block("words that weighed most", r.terms);
        print_block("suggested articles", r.articles);
        if (r.draft)
            print_block(send ? "auto-response draft (sending is enabled)"
                             : "auto-response draft (shown to the agent, not sent)",
                        r.draft);
    }
    tt_triage_result_clear(&r);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_triage_show = {
    .name = "triage show",
    .usage = "TICKET [--refresh] [--json]",
    .summary = "a ticket's triage: category, confidence, rules fired, words, articles",
    .help = "Shows the stored triage of a ticket; a ticket not yet triaged is triaged now.\n"
            "--refresh  triage again with the current model and rules\n"
            "--json     one object: ticket_id, model_version, category, confidence,\n"
            "           priority, group, tags [..], rules [..], terms [{word, weight}],\n"
            "           draft, draft_send, articles [{id, title}], state (suggested,\n"
            "           applied, accepted, overridden), created_at, decided_at",
    .exec = triage_show_exec,
};
