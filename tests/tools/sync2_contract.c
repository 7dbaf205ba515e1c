/*
 * sync2_contract.c: drive one provider account through a full pull and every
 * kind of push, printing one TAP line per step ("ok - ..." / "not ok - ...").
 * The contract test (tests/e2e/sync_contract.sh) points it at Prism serving
 * the provider's mock-ready OpenAPI description, so every request ticketty
 * sends is validated against the provider's own API description (a full
 * pull, then an incremental one from the saved cursor): a request
 * Prism rejects (401, 415, 422) fails the step with Prism's answer.
 *
 *   sync2_contract --db PATH --provider P --url URL [--email E] [--admin-id ID]
 * The token comes from $S2_CONTRACT_TOKEN.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/accounts.h"
#include "ticketty/store.h"
#include "ticketty/store_sync.h"
#include "ticketty/sync.h"
#include "ticketty/util.h"

int main(int argc, char **argv)
{
    static const struct option lo[] = {
        {"db", required_argument, NULL, 'd'},       {"provider", required_argument, NULL, 'p'},
        {"url", required_argument, NULL, 'u'},      {"email", required_argument, NULL, 'e'},
        {"admin-id", required_argument, NULL, 'a'}, {NULL, 0, NULL, 0},
    };
    struct tt_account_conf a = {0};
    const char *db = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'p':
            a.provider = xstrdup(optarg);
            break;
        case 'u':
            a.url = xstrdup(optarg);
            break;
        case 'e':
            a.email = xstrdup(optarg);
            break;
        case 'a':
            a.admin_id = xstrdup(optarg);
            break;
        default:
            fprintf(stderr, "usage: sync2_contract --db PATH --provider P --url URL "
                            "[--email E] [--admin-id ID]\n");
            return 2;
        }
    }
    if (!db || !a.provider || !a.url) {
        fprintf(stderr, "sync2_contract: --db, --provider and --url are required\n");
        return 2;
    }
    a.name = xasprintf("contract-%s", a.provider);
    a.token_env = xstrdup("S2_CONTRACT_TOKEN");
    int failed = 0;
    struct tt_err err;
    struct tt_store *st = tt_store_open(db, &err);
    if (!st) {
        printf("not ok - %s: open the store: %s\n", a.provider, err.msg);
        return 1;
    }
    struct tt_sync_opts o = {.full = true, .max_pages = 200};
    struct tt_sync_stats s = {0};
    if (tt_sync_pull(st, &a, &o, &s, &err) < 0) {
        printf("not ok - %s: full pull validated by the API description: %s\n", a.provider,
               err.msg);
        failed++;
    } else {
        printf("ok - %s: full pull validated by the API description (%lld pages, %lld tickets, "
               "%lld requests)\n",
               a.provider, (long long)s.pages, (long long)s.tickets, (long long)s.requests);
    }
    /* An incremental pull from the saved cursor: its requests differ (a real
     * updated_since / search bound, the phases of a later run). */
    struct tt_sync_opts io = {.full = false, .max_pages = 200};
    memset(&s, 0, sizeof s);
    if (tt_sync_pull(st, &a, &io, &s, &err) < 0) {
        printf("not ok - %s: incremental pull validated by the API description: %s\n", a.provider,
               err.msg);
        failed++;
    } else {
        printf("ok - %s: incremental pull validated by the API description (%lld requests)\n",
               a.provider, (long long)s.requests);
    }
    struct tt_ticket_filter flt;
    tt_ticket_filter_init(&flt);
    flt.include_deleted = true;
    struct tt_ticket *list = NULL;
    size_t n = 0;
    if (tt_store_ticket_list(st, &flt, 0, 50, &list, &n, &err) < 0 || n == 0) {
        printf("not ok - %s: a pulled ticket to write to: %s\n", a.provider,
               n ? err.msg : "none stored");
        tt_store_close(st);
        return 1;
    }
    static const struct {
        const char *kind, *value;
    } pushes[] = {
        {"reply", "Thanks for the report: a fix ships on Monday."},
        {"note", "Internal: checked the logs."},
        {"status", "pending"},
        {"status", "solved"},
        {"status", "open"},
        {"priority", "high"},
        {"assignee", "12"},
        {"group", "22"},
        {"tags", "+contract -foo -Manual_tag_1"},
    };
    /* a closed ticket takes no reply or note, a deleted one nothing
     * (tt_outbox_check_comment): write to another */
    size_t w = 0;
    while (w + 1 < n && (list[w].status == TT_STATUS_CLOSED || list[w].deleted))
        w++;
    /* the mock's only ticket may be a deleted one (Freshdesk's example): the
     * requests' shapes are what is checked here, so take it as not deleted */
    if (list[w].deleted) {
        list[w].deleted = false;
        if (tt_store_ticket_upsert(st, &list[w], NULL, &err) < 0)
            printf("not ok - %s: undelete the ticket to write to: %s\n", a.provider, err.msg);
    }
    int64_t ids[TT_ARRAY_LEN(pushes)];
    for (size_t i = 0; i < TT_ARRAY_LEN(pushes); i++)
        if (tt_outbox_queue(st, list[w].id, pushes[i].kind, pushes[i].value, 0, &ids[i], &err) <
            0) {
            printf("not ok - %s: queue %s: %s\n", a.provider, pushes[i].kind, err.msg);
            ids[i] = 0;
            failed++;
        }
    struct tt_sync_opts po = {0};
    struct tt_sync_stats ps = {0};
    if (tt_sync_push(st, &a, &po, &ps, &err) < 0)
        fprintf(stderr, "%s: push: %s\n", a.provider, err.msg);
    for (size_t i = 0; i < TT_ARRAY_LEN(pushes); i++) {
        if (!ids[i])
            continue;
        struct tt_outbox_item it;
        if (tt_store_outbox_get(st, ids[i], &it, &err) != 1) {
            printf("not ok - %s: push %s %s: item lost\n", a.provider, pushes[i].kind,
                   pushes[i].value);
            failed++;
            continue;
        }
        bool ok = it.state == TT_OUT_SENT;
        printf("%s - %s: push %s %s validated by the API description%s%s\n", ok ? "ok" : "not ok",
               a.provider, pushes[i].kind,
               (pushes[i].kind[0] == 'r' || pushes[i].kind[0] == 'n') ? "(text)" : pushes[i].value,
               ok ? "" : ": ",
               ok ? "" : (it.last_error ? it.last_error : tt_outbox_state_name(it.state)));
        failed += !ok;
        tt_outbox_item_clear(&it);
    }
    tt_ticket_list_free(list, n);
    tt_store_close(st);
    tt_account_conf_clear(&a);
    return failed ? 1 : 0;
}
