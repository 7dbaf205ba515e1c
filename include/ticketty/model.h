/*
 * model.h: the common ticket model every provider maps onto.
 *
 * Plain structs, no library types.  Strings in these structs are owned by the
 * struct (heap copies) and released by the matching *_clear function, which
 * also zeroes the struct so it can be reused.
 */
#ifndef TICKETTY_MODEL_H
#define TICKETTY_MODEL_H

#include <stdbool.h>
#include <stdint.h>

enum tt_status {
    TT_STATUS_NEW,
    TT_STATUS_OPEN,
    TT_STATUS_PENDING,
    TT_STATUS_ON_HOLD,
    TT_STATUS_SOLVED,
    TT_STATUS_CLOSED,
    TT_STATUS__COUNT
};

enum tt_priority {
    TT_PRIORITY_LOW,
    TT_PRIORITY_NORMAL,
    TT_PRIORITY_HIGH,
    TT_PRIORITY_URGENT,
    TT_PRIORITY__COUNT
};

enum tt_author_role { TT_AUTHOR_AGENT, TT_AUTHOR_END_USER, TT_AUTHOR_BOT, TT_AUTHOR__COUNT };

enum tt_event_type {
    TT_EV_CREATED,
    TT_EV_COMMENT,
    TT_EV_STATUS,
    TT_EV_PRIORITY,
    TT_EV_ASSIGNEE,
    TT_EV_GROUP,
    TT_EV_TAGS,
    TT_EV_POLICY,
    TT_EV__COUNT
};

/* Name <-> enum; *_from_name takes a name in any case ("URGENT", "Pending")
 * and returns -1 for an unknown name. */
const char *tt_status_name(enum tt_status s);
int tt_status_from_name(const char *name);
bool tt_status_is_open(enum tt_status s); /* new, open, pending, on_hold */
const char *tt_priority_name(enum tt_priority p);
int tt_priority_from_name(const char *name);
const char *tt_author_role_name(enum tt_author_role r);
int tt_author_role_from_name(const char *name);
const char *tt_event_type_name(enum tt_event_type t);
int tt_event_type_from_name(const char *name);

/* A ticket as the store and the screens see it.  Joined names (requester,
 * organization, assignee, group, account) are filled by store reads and
 * ignored on writes, which use the *_id fields. */
struct tt_ticket {
    int64_t id;         /* local id (store rowid); 0 before insert */
    int64_t account_id; /* owning account (provider connection) */
    char *account;      /* account name (read only) */
    char *external_id;  /* provider's ticket id */
    char *subject;
    char *description;
    enum tt_status status;
    char *raw_status; /* provider's own status word, kept for display */
    enum tt_priority priority;
    char *category;
    char *tags;    /* space-separated */
    char *channel; /* email, web, chat, api, ... */
    int64_t requester_id;
    char *requester; /* requester name (read only) */
    char *requester_email;
    int64_t customer_id; /* organisation */
    char *organization;  /* organisation name (read only) */
    int64_t assignee_id;
    char *assignee;
    int64_t group_id;
    char *group;
    int64_t created_at, updated_at;
    int64_t first_response_at; /* 0 = none yet */
    int64_t resolved_at;       /* 0 = not resolved */
    bool deleted;
    char *merged_into; /* external id of the ticket this was merged into */
};
void tt_ticket_clear(struct tt_ticket *t);

/* One entry of a ticket's event log: comments and field changes. */
struct tt_event {
    int64_t id;
    int64_t ticket_id;
    char *external_id; /* provider's id of the comment/audit, for dedup */
    int64_t at;
    enum tt_event_type type;
    enum tt_author_role author_role;
    char *author;    /* display name */
    bool public;     /* comments: public reply vs internal note */
    char *body;      /* comment text (plain) */
    char *old_value; /* field changes: previous and new value names */
    char *new_value;
};
void tt_event_clear(struct tt_event *e);

/* An organisation / company: the unit health scores and plans apply to. */
struct tt_customer {
    int64_t id;
    char *key;          /* stable id: import id, or "account:external" */
    int64_t account_id; /* 0 when imported or demo */
    char *external_id;
    char *name;
    char *domain;
    char *plan; /* free, pro, enterprise, ... */
    double mrr;
    char *csm;                 /* CSM name or email */
    char *subscription_status; /* active, trialing, cancelled, ... */
    int64_t created_at;        /* account age is computed from this */
    /* Health inputs (the seed's Customer); -1 = unknown. */
    int login_days_last_30;
    char *features_used; /* ';'-separated */
    int tickets_last_90_days;
    int resolved_tickets_last_90_days;
    double current_month_usage;
    double previous_month_usage;
    int failed_payments_last_90_days;
};
void tt_customer_clear(struct tt_customer *c);

/* A person who files tickets (requester). */
struct tt_contact {
    int64_t id;
    int64_t account_id;
    char *external_id;
    char *name;
    char *email;
    int64_t customer_id;
};
void tt_contact_clear(struct tt_contact *c);

#endif
