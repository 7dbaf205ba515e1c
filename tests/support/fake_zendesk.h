/*
 * fake_zendesk.h: an in-memory Zendesk Support account served through
 * fakesrv, shaped like the real API (zendesk/mock spec examples): cursor-based
 * incremental ticket export with side-loads (users, groups, organizations,
 * metric_sets), cursor-paged ticket comments with users, offset-paged deleted
 * tickets, the time-based organization export, the cursor-based user export, GET/PUT one ticket,
 * PUT/DELETE tags.  Data is generated deterministically from the sizes given; every change bumps
 * the ticket to the end of the export stream like Zendesk's generated_timestamp does. Requests
 * without the right Basic credential get 401.
 */
#ifndef TICKETTY_FAKE_ZENDESK_H
#define TICKETTY_FAKE_ZENDESK_H

#include <stdbool.h>
#include <stdint.h>

#include "fakesrv.h"

struct fz_opts {
    int tickets;     /* ids 1..tickets */
    int comments;    /* generated comments per ticket (>= 1) */
    int users, orgs; /* end-user and organisation pools */
    const char *email, *token;
    const char *foreign_base; /* after_url / links.next point here when set */
};

struct fake_zendesk;
struct fake_zendesk *fz_new(const struct fz_opts *o);
void fz_free(struct fake_zendesk *z);
/* The fakesrv handler (ud = the fake_zendesk). */
void fz_handle(void *ud, const struct fs_request *rq, struct fs_response *rs);

/* Changes from "other agents": a new public comment from the requester. */
void fz_touch(struct fake_zendesk *z, int ticket, const char *body);
/* Soft-delete a ticket (export reports status "deleted"; deleted_tickets lists it). */
void fz_delete(struct fake_zendesk *z, int ticket);
/* Change organisation n's plan (bumps its updated_at). */
void fz_org_update(struct fake_zendesk *z, int n, const char *plan);
/* Comments created through the API (PUT with a comment) so far. */
int fz_api_comments(struct fake_zendesk *z);
/* Comments a ticket has now (generated + added). */
int fz_comment_count(struct fake_zendesk *z, int ticket);
const char *fz_status(struct fake_zendesk *z, int ticket);
/* Tags of a ticket, space-separated (borrowed until the next change). */
const char *fz_tags(struct fake_zendesk *z, int ticket);

#endif
