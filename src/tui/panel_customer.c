/*
 * panel_customer.c: the ticket screen's customer panel: who this is, what
 * they pay, how long they have been with us and how often they write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/text.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

struct customer_state {
    bool found;
    struct tt_customer c;
    int64_t tickets; /* all tickets of the organisation, -1 unknown */
    char *error;
};

static void *customer_load(const struct tt_panel_ctx *cx)
{
    struct customer_state *s = xcalloc(1, sizeof *s);
    s->tickets = -1;
    if (!cx->ticket->customer_id)
        return s;
    struct tt_err err;
    int rc = tt_store_customer_get(cx->store, cx->ticket->customer_id, &s->c, &err);
    if (rc < 0) {
        s->error = tt_sanitize(err.msg, 0);
        return s;
    }
    s->found = rc == 1;
    if (s->found &&
        tt_store_customer_ticket_count(cx->store, cx->ticket->customer_id, &s->tickets, &err) < 0)
        s->tickets = -1;
    return s;
}

static void customer_unload(void *state)
{
    struct customer_state *s = state;
    tt_customer_clear(&s->c);
    free(s->error);
    free(s);
}

int tt_panel_field(struct tt_canvas *c, struct tt_rect r, int y, const char *label,
                   enum tt_role role, const char *value)
{
    tt_draw_text_cut(c, r, y, 0, 13, TT_ROLE_LABEL, label);
    char *clean = tt_sanitize(value ? value : "-", 0);
    tt_draw_text_cut(c, r, y, 14, -1, role, clean);
    free(clean);
    return 1;
}

/* "3y 2m", "5m 12d", "20 days". */
static void account_age(int64_t now, int64_t since, char *buf, size_t size)
{
    if (since <= 0 || since > now) {
        snprintf(buf, size, "-");
        return;
    }
    int64_t days = (now - since) / 86400;
    if (days < 60)
        snprintf(buf, size, "%lld day%s", (long long)days, days == 1 ? "" : "s");
    else if (days < 365)
        snprintf(buf, size, "%lldm %lldd", (long long)(days / 30), (long long)(days % 30));
    else
        snprintf(buf, size, "%lldy %lldm", (long long)(days / 365), (long long)((days % 365) / 30));
}

static int customer_draw(const struct tt_panel_ctx *cx, void *state, struct tt_canvas *c,
                         struct tt_rect r)
{
    struct customer_state *s = state;
    if (s->error) {
        tt_draw_text_cut(c, r, 0, 0, -1, TT_ROLE_ERROR, s->error);
        return 1;
    }
    if (!s->found) {
        tt_draw_text_cut(c, r, 0, 0, -1, TT_ROLE_MUTED, "no organisation on file");
        return 1;
    }
    int y = 0;
    char buf[64];
    y += tt_panel_field(c, r, y, "name", TT_ROLE_NORMAL, s->c.name);
    y += tt_panel_field(c, r, y, "plan", TT_ROLE_NORMAL, s->c.plan);
    snprintf(buf, sizeof buf, "$%.0f/month", s->c.mrr);
    y += tt_panel_field(c, r, y, "MRR", TT_ROLE_NORMAL, buf);
    account_age(cx->now, s->c.created_at, buf, sizeof buf);
    y += tt_panel_field(c, r, y, "account age", TT_ROLE_NORMAL, buf);
    if (s->tickets >= 0) {
        int64_t prev = s->tickets > 0 ? s->tickets - 1 : 0;
        snprintf(buf, sizeof buf, "%lld", (long long)prev);
    } else {
        snprintf(buf, sizeof buf, "-");
    }
    y += tt_panel_field(c, r, y, "prev. tickets", TT_ROLE_NORMAL, buf);
    y += tt_panel_field(c, r, y, "subscription",
                        tt_streq(s->c.subscription_status, "active") ? TT_ROLE_NORMAL
                                                                     : TT_ROLE_SLA_WARNING,
                        s->c.subscription_status);
    if (s->c.csm && *s->c.csm)
        y += tt_panel_field(c, r, y, "CSM", TT_ROLE_NORMAL, s->c.csm);
    if (s->c.domain && *s->c.domain)
        y += tt_panel_field(c, r, y, "domain", TT_ROLE_MUTED, s->c.domain);
    return y;
}

const struct tt_panel tt_panel_customer = {
    .name = "customer",
    .title = "Customer",
    .order = 10,
    .load = customer_load,
    .draw = customer_draw,
    .unload = customer_unload,
};
