/*
 * ticket_show.c: `ticketty ticket show ID`: one ticket with its conversation.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd_json.h"
#include "ticketty/cmd.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_ticket_show;

static void print_clean(const char *label, const char *s)
{
    char *c = tt_sanitize(s ? s : "", 0);
    printf("%-13s %s\n", label, c);
    free(c);
}

static int ticket_show_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int json = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 'j')
            return tt_cmd_usage(&tt_cmd_ticket_show, "unknown option '%s'", argv[optind - 1]);
        json = 1;
    }
    if (optind != argc - 1)
        return tt_cmd_usage(&tt_cmd_ticket_show, "expected one ticket ID");
    long long id;
    if (tt_parse_count(argv[optind], &id) < 0)
        return tt_cmd_usage(&tt_cmd_ticket_show, "'%s' is not a ticket id", argv[optind]);
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_ticket t;
    int found = tt_store_ticket_get(st, id, &t, &err);
    if (found < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (!found) {
        fprintf(stderr, "ticketty: no ticket %lld\n", id);
        return TT_EXIT_FAIL;
    }
    struct tt_event *ev;
    size_t n;
    if (tt_store_event_list(st, id, &ev, &n, &err) < 0) {
        tt_ticket_clear(&t);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    if (json) {
        json_t *o = tt_json_ticket(&t);
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *e = json_object();
            json_object_set_new(e, "at", tt_json_time(ev[i].at));
            json_object_set_new(e, "type", json_string(tt_event_type_name(ev[i].type)));
            json_object_set_new(e, "author_role",
                                json_string(tt_author_role_name(ev[i].author_role)));
            json_object_set_new(e, "author", tt_json_str(ev[i].author));
            json_object_set_new(e, "public", json_boolean(ev[i].public));
            if (ev[i].body)
                json_object_set_new(e, "body", tt_json_str(ev[i].body));
            if (ev[i].old_value)
                json_object_set_new(e, "old_value", tt_json_str(ev[i].old_value));
            if (ev[i].new_value)
                json_object_set_new(e, "new_value", tt_json_str(ev[i].new_value));
            json_array_append_new(a, e);
        }
        json_object_set_new(o, "events", a);
        tt_json_print(o, 0);
    } else {
        char buf[21];
        printf("%-13s %lld\n", "Ticket", (long long)t.id);
        print_clean("Subject", t.subject);
        printf("%-13s %s / %s\n", "Status", tt_status_name(t.status), tt_priority_name(t.priority));
        print_clean("Account", t.account);
        print_clean("External id", t.external_id);
        print_clean("Requester", t.requester);
        print_clean("Organization", t.organization);
        print_clean("Assignee", t.assignee);
        print_clean("Group", t.group);
        print_clean("Tags", t.tags);
        printf("%-13s %s\n", "Created", tt_time_iso(t.created_at, buf));
        printf("%-13s %s\n", "Updated", tt_time_iso(t.updated_at, buf));
        for (size_t i = 0; i < n; i++) {
            const struct tt_event *e = &ev[i];
            char *who = tt_sanitize(e->author ? e->author : tt_author_role_name(e->author_role), 0);
            if (e->type == TT_EV_COMMENT) {
                char *body = tt_sanitize(e->body, TT_SAN_KEEP_NEWLINES);
                printf("\n--- %s %s (%s)%s\n%s\n", tt_time_iso(e->at, buf), who,
                       tt_author_role_name(e->author_role), e->public ? "" : " [internal note]",
                       body);
                free(body);
            } else {
                char *nv = tt_sanitize(e->new_value ? e->new_value : "", 0);
                printf("\n--- %s %s: %s %s\n", tt_time_iso(e->at, buf), who,
                       tt_event_type_name(e->type), nv);
                free(nv);
            }
            free(who);
        }
    }
    tt_event_list_free(ev, n);
    tt_ticket_clear(&t);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_ticket_show = {
    .name = "ticket show",
    .usage = "ID [--json]",
    .summary = "show one ticket with its conversation and field changes",
    .help = "--json  one JSON object: the ticket fields plus \"events\", the event log",
    .exec = ticket_show_exec,
};
