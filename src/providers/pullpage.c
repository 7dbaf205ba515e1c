/*
 * pullpage.c: releasing a pulled page (provider.h).  Weak: the sync engine's
 * registry (src/providers/registry.c) carries the definition the program
 * uses once it is in the tree; this one only stands in until then.
 */
#include <stdlib.h>
#include <string.h>

#include "provjson.h"
#include "ticketty/provider.h"
#include "ticketty/provmap.h"

__attribute__((weak)) void tt_pull_page_clear(struct tt_pull_page *p)
{
    for (size_t i = 0; i < p->n_customers; i++)
        tt_customer_clear(&p->customers[i]);
    free(p->customers);
    for (size_t i = 0; i < p->n_contacts; i++) {
        tt_contact_clear(&p->contacts[i]);
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
    for (size_t i = 0; i < p->n_tickets; i++)
        tt_pull_ticket_clear(&p->tickets[i]);
    free(p->tickets);
    for (size_t i = 0; i < p->n_deleted; i++)
        free(p->deleted_ext[i]);
    free(p->deleted_ext);
    free(p->next_cursor);
    memset(p, 0, sizeof *p);
}
