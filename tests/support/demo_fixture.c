/*
 * demo_fixture.c: see demo_fixture.h.
 */
#include <stdio.h>
#include <stdlib.h>

#include "demo_fixture.h"
#include "testutil.h"
#include "ticketty/store.h"
#include "ticketty/store_demo.h"
#include "ticketty/store_sla.h"

void tu_demo_workspace(struct tt_store *st, long tickets, int customers, uint64_t seed, int64_t now)
{
    struct tt_demo_opts o = {.tickets = tickets, .customers = customers, .seed = seed, .now = now};
    struct tt_err err;
    if (tt_demo_populate(st, &o, NULL, NULL, NULL, &err) < 0 ||
        tt_sla_refresh_pending(st, NULL, &err) < 0)
        fail_msg("%s", err.msg);
}

int64_t tu_demo_new_ticket(struct tt_store *st)
{
    struct tt_ticket_filter flt;
    tt_ticket_filter_init(&flt);
    flt.status = TT_STATUS_NEW;
    struct tt_ticket *l;
    size_t n;
    struct tt_err err;
    assert_int_equal(tt_store_ticket_list(st, &flt, 0, 50, &l, &n, &err), 0);
    int64_t id = 0;
    for (size_t i = 0; i < n && !id; i++)
        if (!l[i].first_response_at)
            id = l[i].id;
    tt_ticket_list_free(l, n);
    assert_true(id > 0);
    return id;
}
