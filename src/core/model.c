/*
 * model.c: names of the common model's enums and the struct destructors.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ticketty/model.h"

static const char *const status_names[] = {"new", "open", "pending", "on_hold", "solved", "closed"};
static const char *const priority_names[] = {"low", "normal", "high", "urgent"};
static const char *const role_names[] = {"agent", "end_user", "bot"};
static const char *const event_names[] = {"created",  "comment", "status", "priority",
                                          "assignee", "group",   "tags",   "policy"};

/* Names match in any case: an agent types ":priority URGENT" or "Pending". */
static int lookup(const char *const *names, int n, const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcasecmp(names[i], name) == 0)
            return i;
    return -1;
}

const char *tt_status_name(enum tt_status s)
{
    return (unsigned)s < TT_STATUS__COUNT ? status_names[s] : "?";
}

int tt_status_from_name(const char *name)
{
    int r = lookup(status_names, TT_STATUS__COUNT, name);
    if (r < 0 && name && strcasecmp(name, "on-hold") == 0)
        r = TT_STATUS_ON_HOLD;
    return r;
}

bool tt_status_is_open(enum tt_status s)
{
    return s == TT_STATUS_NEW || s == TT_STATUS_OPEN || s == TT_STATUS_PENDING ||
           s == TT_STATUS_ON_HOLD;
}

const char *tt_priority_name(enum tt_priority p)
{
    return (unsigned)p < TT_PRIORITY__COUNT ? priority_names[p] : "?";
}

int tt_priority_from_name(const char *name)
{
    return lookup(priority_names, TT_PRIORITY__COUNT, name);
}

const char *tt_author_role_name(enum tt_author_role r)
{
    return (unsigned)r < TT_AUTHOR__COUNT ? role_names[r] : "?";
}

int tt_author_role_from_name(const char *name)
{
    return lookup(role_names, TT_AUTHOR__COUNT, name);
}

const char *tt_event_type_name(enum tt_event_type t)
{
    return (unsigned)t < TT_EV__COUNT ? event_names[t] : "?";
}

int tt_event_type_from_name(const char *name)
{
    return lookup(event_names, TT_EV__COUNT, name);
}

void tt_ticket_clear(struct tt_ticket *t)
{
    char **strs[] = {&t->account,    &t->external_id,     &t->subject,      &t->description,
                     &t->raw_status, &t->category,        &t->tags,         &t->channel,
                     &t->requester,  &t->requester_email, &t->organization, &t->assignee,
                     &t->group,      &t->merged_into};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(*strs[i]);
    memset(t, 0, sizeof *t);
}

void tt_event_clear(struct tt_event *e)
{
    free(e->external_id);
    free(e->author);
    free(e->body);
    free(e->old_value);
    free(e->new_value);
    memset(e, 0, sizeof *e);
}

void tt_customer_clear(struct tt_customer *c)
{
    free(c->key);
    free(c->external_id);
    free(c->name);
    free(c->domain);
    free(c->plan);
    free(c->csm);
    free(c->subscription_status);
    free(c->features_used);
    memset(c, 0, sizeof *c);
}

void tt_contact_clear(struct tt_contact *c)
{
    free(c->external_id);
    free(c->name);
    free(c->email);
    memset(c, 0, sizeof *c);
}
