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
 *
 * Writing a driver (src/providers/<name>.c):
 *   - define  struct tt_provider *tt_provider_new_<name>(const struct
 *     tt_provider_config *cfg, struct tt_http *http, struct tt_err *err);
 *     allocate your own struct whose FIRST member is a struct tt_provider
 *     (fill .ops and .http), copy what you keep from cfg (it may be freed after
 *     the call), and install your credential with tt_http_set_auth() and any
 *     fixed headers with tt_http_add_header().  The http client is owned by the
 *     caller (the sync engine) and outlives the driver.
 *   - add one row to the table in src/providers/registry.c.
 *   - every request goes through tt_http_request() with a PATH on the base URL
 *     ("/api/v2/..."): rebuild next pages from cursors, never follow a URL the
 *     server handed out unless tt_http_same_origin() says it is the account's.
 *   - JSON helpers for drivers: src/providers/pjson.h (jansson, providers only).
 *   - pull(): one page per call.  `cursor` is the string the previous page
 *     returned in next_cursor (the engine saves it with the page in one
 *     transaction), NULL on the very first run or with full=true.  Encode every
 *     phase of your pull (tickets, contacts, deleted, ...) in that one string.
 *     Return page->done=true when the stream is drained; its next_cursor is
 *     saved and handed back on the next incremental run.
 *   - push()/remote(): see struct tt_push and struct tt_remote_ticket.
 *   - the engine retries nothing itself: the net layer already retried
 *     network errors, 5xx and 429; a -1 from pull() fails this account's sync
 *     (the last saved cursor stays, so the next run resumes there).
 */
#ifndef TICKETTY_PROVIDER_H
#define TICKETTY_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/err.h"
#include "ticketty/model.h"

struct tt_http;

/* What a driver is given (strings may be freed after the constructor returns). */
struct tt_provider_config {
    const char *account;  /* account name, for messages and customer keys */
    const char *base_url; /* https://acme.zendesk.com, https://acme.freshdesk.com, ... */
    const char *email;    /* Zendesk API-token auth ("email/token:TOKEN"); else NULL */
    const char *token;    /* the secret: never log it, never store it */
    const char *admin_id; /* Intercom: the admin writes are made as; else NULL */
    int page_size;        /* 0 = the driver's default */
    int64_t start_time;   /* first/full pull fetches changes since this (0 = all) */
    /* Custom fields on organisations/companies that hold plan, MRR and CSM
     * (configurable per account; NULL = the driver's default names). */
    const char *field_plan, *field_mrr, *field_csm;
    /* Freshdesk: account-defined status codes -> common status names,
     * "6=on_hold,7=pending" (NULL = all custom codes are on_hold). */
    const char *status_map;
};

/* A ticket as pulled: the ticket plus external references still to resolve. */
struct tt_pull_ticket {
    struct tt_ticket ticket; /* account_id/external_id set; *_id fields unset */
    char *requester_ext;     /* external id of the requester contact, or NULL */
    char *organization_ext;  /* external id of the organisation/company, or NULL */
    char *assignee_ext;      /* external id of the assigned agent, or NULL */
    char *group_ext;         /* external id of the group/team, or NULL */
    struct tt_event *events; /* comments and changes pulled with the ticket */
    size_t n_events;
    bool events_complete; /* events hold the full conversation (not a delta) */
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
    char *next_cursor; /* opaque; saved with the page; NULL = stream finished */
    bool done;         /* no more pages right now */
    int requests;      /* HTTP requests this page cost (for progress and benchmarks) */
};
void tt_pull_page_clear(struct tt_pull_page *p);

/* A write to the provider, from the outbox.
 *   reply, note: body is plain text (drivers may wrap it in HTML).
 *   status:      value is a common status name (tt_status_name).
 *   priority:    value is a common priority name.
 *   assignee:    value is the agent's external id ("" = unassign).
 *   group:       value is the group's external id.
 *   tags:        value is space-separated edits: "+tag" adds, "-tag" removes
 *                (a bare word adds).
 * Texts arrive as valid UTF-8: the outbox engine replaces invalid bytes with
 * U+FFFD first (push_utf8.h), since jansson refuses them.
 * push() returns 0 only when the provider confirmed the write.  For replies
 * and notes, record idempotency_key with the comment where the API allows
 * (Zendesk: audit metadata) so that remote() can find it after a crash. */
enum tt_push_kind {
    TT_PUSH_REPLY, /* public comment */
    TT_PUSH_NOTE,  /* internal note */
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
    int n_comments;           /* filled only when a key was asked for */
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

/* The common head of every driver object. */
struct tt_provider {
    const struct tt_provider_ops *ops;
    struct tt_http *http; /* not owned */
};

void tt_remote_ticket_clear(struct tt_remote_ticket *r);

/* ---- registry (src/providers/registry.c) -------------------------------- */

typedef struct tt_provider *(*tt_provider_ctor)(const struct tt_provider_config *cfg,
                                                struct tt_http *http, struct tt_err *err);
struct tt_provider_driver {
    const char *name; /* "zendesk" */
    tt_provider_ctor create;
    /* closed is terminal on this helpdesk: it refuses every update of a closed
     * ticket (Zendesk answers 422; a follow-up is a new ticket), so ticketty
     * refuses a reply, note or change to one up front.  Freshdesk takes
     * replies to a closed ticket; Intercom has no terminal state (a closed
     * conversation is our solved and reopens on reply). */
    bool closed_is_final;
};
extern const struct tt_provider_driver tt_provider_drivers[];
extern const size_t tt_provider_drivers_count;

/* Known provider name?  ("zendesk", "freshdesk", "intercom") */
bool tt_provider_known(const char *name);
/* Whether provider `name` treats closed as final (the driver's
 * closed_is_final).  The demo/import provider "local" has no driver but
 * imitates Zendesk (src/providers/outbox.c): true.  Unknown names: false. */
bool tt_provider_closed_is_final(const char *name);
/* Construct the driver for `name`; NULL + err for an unknown name. */
struct tt_provider *tt_provider_new(const char *name, const struct tt_provider_config *cfg,
                                    struct tt_http *http, struct tt_err *err);
void tt_provider_free(struct tt_provider *p);

struct tt_provider *tt_provider_new_zendesk(const struct tt_provider_config *cfg,
                                            struct tt_http *http, struct tt_err *err);
struct tt_provider *tt_provider_new_freshdesk(const struct tt_provider_config *cfg,
                                              struct tt_http *http, struct tt_err *err);
struct tt_provider *tt_provider_new_intercom(const struct tt_provider_config *cfg,
                                             struct tt_http *http, struct tt_err *err);

#endif
