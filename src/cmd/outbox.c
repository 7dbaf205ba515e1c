/*
 * outbox.c: `ticketty outbox [list | retry ID | drop ID] [--all] [--json]`.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "ticketty/cmd.h"
#include "ticketty/store_sync.h"
#include "ticketty/sync.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_outbox;

static json_t *item_json(const struct tt_outbox_item *it)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(it->id));
    json_object_set_new(o, "account", tt_json_str(it->account));
    json_object_set_new(o, "ticket_id", it->ticket_id ? json_integer(it->ticket_id) : json_null());
    json_object_set_new(o, "ticket_external_id", tt_json_str(it->ticket_ext));
    json_object_set_new(o, "kind", json_string(it->kind));
    json_object_set_new(o, "payload", tt_json_str(it->payload));
    json_object_set_new(o, "state", json_string(tt_outbox_state_name(it->state)));
    json_object_set_new(o, "attempts", json_integer(it->attempts));
    json_object_set_new(o, "error", tt_json_str(it->last_error));
    json_object_set_new(o, "next_attempt_at", tt_json_time(it->next_attempt_at));
    json_object_set_new(o, "created_at", tt_json_time(it->created_at));
    json_object_set_new(o, "updated_at", tt_json_time(it->updated_at));
    return o;
}

static int outbox_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'}, {"all", no_argument, NULL, 'a'}, {NULL, 0, NULL, 0}};
    bool json = false, all = false;
    int c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'j')
            json = true;
        else if (c == 'a')
            all = true;
        else
            return tt_cmd_usage(&tt_cmd_outbox, "unknown option '%s'", argv[optind - 1]);
    }
    const char *verb = optind < argc ? argv[optind++] : "list";
    long long id = 0;
    if (!strcmp(verb, "retry") || !strcmp(verb, "drop")) {
        if (optind != argc - 1 || tt_parse_count(argv[optind], &id) < 0 || !id)
            return tt_cmd_usage(&tt_cmd_outbox, "%s needs one outbox item ID", verb);
    } else if (strcmp(verb, "list") != 0) {
        return tt_cmd_usage(&tt_cmd_outbox, "unknown action '%s' (list, retry, drop)", verb);
    } else if (optind < argc) {
        return tt_cmd_usage(&tt_cmd_outbox, "unexpected argument '%s'", argv[optind]);
    }
    struct tt_err err;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (id) {
        struct tt_outbox_item it;
        int found = tt_store_outbox_get(st, id, &it, &err);
        if (found < 0)
            return tt_cmd_fail(&err, TT_EXIT_FAIL);
        if (!found) {
            tt_errf(&err, "no outbox item %lld", id);
            return tt_cmd_fail(&err, TT_EXIT_FAIL);
        }
        /* a reply or note to a ticket closed since (any item to a deleted
         * one) would only fail again: say so instead of queueing it */
        if (!strcmp(verb, "retry") && (it.state == TT_OUT_FAILED || it.state == TT_OUT_HELD)) {
            struct tt_ticket t;
            int got = tt_store_ticket_get(st, it.ticket_id, &t, &err);
            /* -1 error, 0 refused, 1 go on (also when the ticket is gone:
             * the retry fails it again with that reason, as before) */
            int ok = got < 0    ? -1
                     : got == 0 ? 1
                                : tt_outbox_check_comment(st, &t, it.kind, &err) + 1;
            if (got > 0)
                tt_ticket_clear(&t);
            if (ok == 0) {
                char *why = xstrdup(err.msg);
                tt_errf(&err, "outbox item %lld: %s; drop it with `ticketty outbox drop %lld`", id,
                        why, id);
                free(why);
            }
            if (ok <= 0) {
                tt_outbox_item_clear(&it);
                return tt_cmd_fail(&err, TT_EXIT_FAIL);
            }
        }
        int rc;
        if (!strcmp(verb, "retry"))
            rc = tt_store_outbox_retry(st, id, it.state == TT_OUT_HELD, &err);
        else
            rc = tt_store_outbox_drop(st, id, &err);
        enum tt_outbox_state was = it.state;
        int64_t acct = it.account_id;
        int local =
            rc > 0 && !strcmp(verb, "retry") ? tt_sync_account_is_local(st, it.account, &err) : 0;
        tt_outbox_item_clear(&it);
        if (rc < 0 || local < 0)
            return tt_cmd_fail(&err, TT_EXIT_FAIL);
        if (rc == 0) {
            tt_errf(&err, "outbox item %lld is %s: %s", id, tt_outbox_state_name(was),
                    !strcmp(verb, "retry") ? "only failed or held items can be retried"
                                           : "sent or sending items cannot be dropped");
            return tt_cmd_fail(&err, TT_EXIT_FAIL);
        }
        /* a local account has no helpdesk to wait for: deliver it now */
        struct tt_sync_stats s = {0};
        if (local && tt_sync_push_local(st, acct, ctx->config, &s, &err) < 0)
            return tt_cmd_fail(&err, TT_EXIT_FAIL);
        if (json)
            tt_json_print(json_pack("{s:I,s:s}", "id", (json_int_t)id, "action", verb), 0);
        else if (local)
            printf("outbox item %lld queued again and %s\n", id,
                   s.failed ? "failed again (see `ticketty outbox`)"
                            : "delivered to the local store (a local account)");
        else
            printf("outbox item %lld %s\n", id,
                   !strcmp(verb, "retry") ? "queued again; it is sent by the next `ticketty sync`"
                                          : "dropped");
        return local && s.failed ? TT_EXIT_PARTIAL : TT_EXIT_OK;
    }
    struct tt_outbox_item *l;
    size_t n;
    if (tt_store_outbox_list(st, 0, all, &l, &n, &err) < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, item_json(&l[i]));
        tt_json_print(a, 0);
    } else {
        for (size_t i = 0; i < n; i++) {
            char when[21];
            char *payload = tt_sanitize(l[i].payload, 0);
            char *short_p = tt_text_truncate(payload, 50);
            printf("%-5lld %-8s %-10s %-8s ticket %-7lld %s  %s\n", (long long)l[i].id,
                   tt_outbox_state_name(l[i].state), l[i].account, l[i].kind,
                   (long long)l[i].ticket_id, tt_time_iso(l[i].created_at, when), short_p);
            if (l[i].last_error) {
                char *e = tt_sanitize(l[i].last_error, 0);
                printf("      error: %s\n", e);
                free(e);
            }
            free(payload);
            free(short_p);
        }
        if (!n)
            printf("the outbox is empty\n");
    }
    tt_outbox_list_free(l, n);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_outbox = {
    .name = "outbox",
    .usage = "[list | retry ID | drop ID] [--all] [--json]",
    .summary = "show queued replies, notes and field changes; retry or drop one",
    .help = "list (default)  items not yet sent, oldest first, with the last error; --all\n"
            "                includes sent ones\n"
            "retry ID        send a failed or held item again at the next sync (for a held\n"
            "                reply this confirms you reviewed the ticket's new activity;\n"
            "                an item of a local account is delivered into the store at once;\n"
            "                a reply or note to a closed Zendesk or local ticket, or any\n"
            "                item of a deleted one, is refused: it would only fail again)\n"
            "drop ID         delete a pending, failed or held item (its text is lost)\n"
            "States: pending, sending, sent, failed, held.\n"
            "--json          list: an array of {id, account, ticket_id, ticket_external_id,\n"
            "                kind, payload, state, attempts, error, next_attempt_at,\n"
            "                created_at, updated_at}; retry and drop: {id, action}",
    .exec = outbox_exec,
};
