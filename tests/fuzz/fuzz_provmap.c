/*
 * fuzz_provmap.c: libFuzzer target for the Freshdesk and Intercom JSON
 * mappers (and the HTML-to-text converter): provider responses are untrusted
 * input.  The first byte picks the mapper; any error is fine, a crash or a
 * leak is not.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/provmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    struct tt_map_opts o = {0};
    struct tt_pull_page page = {0};
    struct tt_pull_ticket t = {0};
    struct tt_err err;
    int64_t max_updated = 0;
    size_t count = 0;
    const char *url = "GET http://127.0.0.1/fuzz";
    bool more = false;
    int64_t oldest = 0;
    int n = 0;
    bool found = false;
    struct tt_remote_ticket rt;
    switch (data[0] % 16) {
    case 0:
        tt_fd_map_tickets(body, len, url, &o, &page, &max_updated, &count, &err);
        break;
    case 1:
        tt_fd_map_conversations(body, len, url, &t, &count, &err);
        break;
    case 2:
        tt_fd_map_companies(body, len, url, &o, &page, &count, &err);
        break;
    case 3:
        tt_fd_map_contacts(body, len, url, &page, &count, &err);
        break;
    case 4: {
        char *next = NULL;
        tt_ic_map_search(body, len, url, &o, &page, &next, &max_updated, &count, &err);
        free(next);
        break;
    }
    case 5:
        tt_ic_map_conversation(body, len, url, &o, &t, &err);
        break;
    case 6:
        tt_fd_map_agents(body, len, url, &page, &count, &err);
        break;
    case 7:
        tt_fd_map_groups(body, len, url, &page, &count, &err);
        break;
    case 8:
        tt_fd_map_deleted(body, len, url, &page, &max_updated, &count, &err);
        break;
    case 9:
        if (tt_fd_map_remote(body, len, url, &o, &rt, &err) == 0)
            free(rt.assignee_ext);
        tt_fd_map_find_key(body, len, url, "k", "text", &n, &found, &err);
        break;
    case 10: {
        char *next = NULL;
        tt_ic_map_contacts(body, len, url, &page, &next, &count, &err);
        free(next);
        break;
    }
    case 11:
        tt_ic_map_companies(body, len, url, &o, &page, &more, &count, &err);
        break;
    case 12:
        tt_ic_map_admins(body, len, url, &page, &count, &err);
        tt_ic_map_teams(body, len, url, &page, &count, &err);
        break;
    case 13:
        tt_ic_map_deleted(body, len, url, 1, &page, &more, &oldest, &count, &err);
        break;
    case 14:
        if (tt_ic_map_remote(body, len, url, "k", "text", &rt, &err) == 0)
            free(rt.assignee_ext);
        break;
    case 15: {
        char *text = malloc(len + 1);
        memcpy(text, body, len);
        text[len] = '\0';
        free(tt_html_to_text(text));
        free(text);
        break;
    }
    }
    tt_pull_ticket_clear(&t);
    tt_pull_page_clear(&page);
    return 0;
}
