/*
 * provider.h: the driver interface every helpdesk (Zendesk, Freshdesk,
 * Intercom) implements, and the provider-neutral shapes drivers produce.
 *
 * A driver turns the helpdesk's HTTP API into pages of common-model records
 * (model.h) that refer to each other by the provider's external ids; the sync
 * engine (not the driver) resolves those ids to local rows and stores a page
 * together with its cursor in one transaction, so an interrupted sync resumes
 * exactly where it stopped.  Drivers never touch the store; they talk HTTP only
 * through the net layer and parse JSON only in src/providers/.
 *
 * Ownership: everything inside a struct tt_pull_page is owned by the page and
 * released by tt_pull_page_clear().
 */
#ifndef TICKETTY_PROVIDER_H
#define TICKETTY_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/err.h"
#include "ticketty/model.h"

/* A ticket as pulled: the ticket plus external references still to resolve. */
struct tt_pull_ticket {
    struct tt_ticket ticket;  /* account_id/external_id set; *_id fields unset */
    char *requester_ext;      /* external id of the requester contact, or NULL */
    char *organization_ext;   /* external id of the organisation/company, or NULL */
    char *assignee_ext;       /* external id of the assigned agent, or NULL */
    char *group_ext;          /* external id of the group/team, or NULL */
    struct tt_event *events;  /* comments and changes pulled with the ticket */
    size_t n_events;
    bool events_complete;     /* events hold the full conversation (not a delta) */
};

/* Agents and groups as pulled. */
struct tt_pull_agent {
    char *external_id, *name, *email, *group_ext;
};
struct tt_pull_group {
    char *external_id, *name, *email;
};

/* One page of a pull.  Customers are organisations/companies (key unset: the
 * engine derives "account:external_id"); contacts reference their organisation
 * through organization_ext. */
struct tt_pull_page {
    struct tt_customer *customers;
    size_t n_customers;
    struct tt_contact *contacts;
    char **contact_org_ext; /* parallel to contacts: organisation external id or NULL */
    size_t n_contacts;
    struct tt_pull_agent *agents;
    size_t n_agents;
    struct tt_pull_group *groups;
    size_t n_groups;
    struct tt_pull_ticket *tickets;
    size_t n_tickets;
    char **deleted_ext; /* external ids of tickets deleted remotely */
    size_t n_deleted;
    char *next_cursor;  /* opaque; saved with the page; NULL = stream finished */
    bool done;          /* no more pages right now */
    int requests;       /* HTTP requests this page cost (for progress and benchmarks) */
};
void tt_pull_page_clear(struct tt_pull_page *p);

/* A write to the provider, from the outbox. */
enum tt_push_kind {
    TT_PUSH_REPLY,    /* public comment */
    TT_PUSH_NOTE,     /* internal note */
    TT_PUSH_STATUS,
    TT_PUSH_PRIORITY,
    TT_PUSH_ASSIGNEE,
    TT_PUSH_GROUP,
    TT_PUSH_TAGS,
};
struct tt_push {
    enum tt_push_kind kind;
    const char *ticket_ext;      /* provider's ticket id */
    const char *body;            /* reply/note text */
    const char *value;           /* status/priority name, assignee/group external id, tags */
    const char *idempotency_key; /* stable across retries of the same outbox item */
};

/* Remote state of one ticket, for the stale-reply guard and the crash check. */
struct tt_remote_ticket {
    int64_t updated_at;
    enum tt_status status;
    char *assignee_ext;
    int n_comments;
    bool has_idempotency_key; /* a comment carrying the push's key already exists */
};

struct tt_provider;

struct tt_provider_ops {
    const char *name; /* "zendesk", "freshdesk", "intercom" */
    /* Fetch the page after `cursor` (NULL = start; full = ignore saved state). */
    int (*pull)(struct tt_provider *p, const char *cursor, bool full, struct tt_pull_page *page,
                struct tt_err *err);
    /* Perform one write; 0 only when the provider confirmed it. */
    int (*push)(struct tt_provider *p, const struct tt_push *push, struct tt_err *err);
    /* Read the remote state of a ticket; key may be NULL. */
    int (*remote)(struct tt_provider *p, const char *ticket_ext, const char *idempotency_key,
                  struct tt_remote_ticket *out, struct tt_err *err);
    void (*free)(struct tt_provider *p);
};

#endif
