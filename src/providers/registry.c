/*
 * registry.c: provider name -> driver constructor, and the page helpers every
 * driver shares.  A new driver adds one row to tt_provider_drivers[].
 */
#include <stdlib.h>
#include <string.h>

#include "ticketty/provider.h"
#include "ticketty/util.h"

const struct tt_provider_driver tt_provider_drivers[] = {
    {"zendesk", tt_provider_new_zendesk, .closed_is_final = true},
    {"freshdesk", tt_provider_new_freshdesk, .closed_is_final = false},
    {"intercom", tt_provider_new_intercom, .closed_is_final = false},
};
const size_t tt_provider_drivers_count = TT_ARRAY_LEN(tt_provider_drivers);

/* Every provider ticketty knows about, built in or not yet. */
static const char *const known[] = {"zendesk", "freshdesk", "intercom"};

bool tt_provider_known(const char *name)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(known); i++)
        if (tt_streq(name, known[i]))
            return true;
    for (size_t i = 0; i < tt_provider_drivers_count; i++)
        if (tt_streq(name, tt_provider_drivers[i].name))
            return true;
    return false;
}

bool tt_provider_closed_is_final(const char *name)
{
    for (size_t i = 0; i < tt_provider_drivers_count; i++)
        if (tt_streq(name, tt_provider_drivers[i].name))
            return tt_provider_drivers[i].closed_is_final;
    /* the local provider (demo, imports) delivers writes as Zendesk takes them */
    return tt_streq(name, "local");
}

struct tt_provider *tt_provider_new(const char *name, const struct tt_provider_config *cfg,
                                    struct tt_http *http, struct tt_err *err)
{
    for (size_t i = 0; i < tt_provider_drivers_count; i++)
        if (tt_streq(name, tt_provider_drivers[i].name))
            return tt_provider_drivers[i].create(cfg, http, err);
    if (tt_provider_known(name))
        return tt_errf(err, "provider '%s' is not built into this ticketty", name), NULL;
    return tt_errf(err, "unknown provider '%s' (zendesk, freshdesk, intercom)", name ? name : ""),
           NULL;
}

void tt_provider_free(struct tt_provider *p)
{
    if (p)
        p->ops->free(p);
}

void tt_remote_ticket_clear(struct tt_remote_ticket *r)
{
    free(r->assignee_ext);
    memset(r, 0, sizeof *r);
}

void tt_pull_page_clear(struct tt_pull_page *p)
{
    for (size_t i = 0; i < p->n_customers; i++)
        tt_customer_clear(&p->customers[i]);
    free(p->customers);
    for (size_t i = 0; i < p->n_contacts; i++) {
        tt_contact_clear(&p->contacts[i]);
        if (p->contact_org_ext)
            free(p->contact_org_ext[i]);
    }
    free(p->contacts);
    free(p->contact_org_ext);
    for (size_t i = 0; i < p->n_agents; i++) {
        free(p->agents[i].external_id);
        free(p->agents[i].name);
        free(p->agents[i].email);
        free(p->agents[i].group_ext);
    }
    free(p->agents);
    for (size_t i = 0; i < p->n_groups; i++) {
        free(p->groups[i].external_id);
        free(p->groups[i].name);
        free(p->groups[i].email);
    }
    free(p->groups);
    for (size_t i = 0; i < p->n_tickets; i++) {
        struct tt_pull_ticket *t = &p->tickets[i];
        tt_ticket_clear(&t->ticket);
        free(t->requester_ext);
        free(t->organization_ext);
        free(t->assignee_ext);
        free(t->group_ext);
        for (size_t j = 0; j < t->n_events; j++)
            tt_event_clear(&t->events[j]);
        free(t->events);
    }
    free(p->tickets);
    for (size_t i = 0; i < p->n_deleted; i++)
        free(p->deleted_ext[i]);
    free(p->deleted_ext);
    free(p->next_cursor);
    memset(p, 0, sizeof *p);
}
