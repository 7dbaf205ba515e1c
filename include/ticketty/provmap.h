/*
 * provmap.h: the Freshdesk and Intercom drivers, and the pure functions that
 * map those providers' JSON documents onto the common model.
 *
 * The mapping functions take a response body as text (with the URL it came
 * from, for error messages) and append records to a struct tt_pull_page or a
 * struct tt_pull_ticket (provider.h).  They never do I/O, so they are tested
 * table-driven against the providers' fixtures and hostile documents; every
 * malformed document gives an error naming the provider, the URL and the JSON
 * field ("freshdesk: GET /api/v2/tickets?page=2: [3].status: expected an
 * integer, got a string"), never a crash and never a half-filled record.
 *
 * Mapping (documented in ticketty(1), "Accounts, sync and the outbox"):
 *   Freshdesk status 2 open, 3 pending, 4 resolved -> solved, 5 closed, >= 6
 *   account-defined (opts->custom_status, default on_hold); priority 1-4 ->
 *   low, normal, high, urgent; conversation incoming -> end user, else agent;
 *   private -> internal note.  Intercom state open -> open, snoozed ->
 *   pending, closed -> solved; priority "priority"/high/urgent/low/none...;
 *   part author user/lead/contact -> end user, admin/team -> agent, bot -> bot;
 *   part_type note -> internal note, comment -> public reply, open/close/
 *   snoozed -> status events, *assignment -> assignee events.
 *   The first message (Freshdesk description, Intercom source) becomes the
 *   first public comment, so every provider's conversation reads the same.
 *
 * Owner: the sync2 helper (src/providers/freshdesk*.c, intercom*.c, provjson.c).
 */
#ifndef TICKETTY_PROVMAP_H
#define TICKETTY_PROVMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/err.h"
#include "ticketty/model.h"
#include "ticketty/provider.h"

/* Account-specific mapping choices (from the account's configuration). */
struct tt_map_opts {
    /* Company field names for the customer's plan, MRR and CSM.  Looked up in
     * custom_fields / custom_attributes first, then at the top level of the
     * company object.  NULL = a field named plan / mrr / csm, else the
     * provider's own (Freshdesk: account_tier; Intercom: plan.name and
     * monthly_spend). */
    const char *plan_field;
    const char *mrr_field;
    const char *csm_field;
    /* Freshdesk statuses >= 6: "6=on_hold,7=pending" (common status names);
     * unlisted custom values map to on_hold. */
    const char *custom_status;
};
/* The account's field names and status map copied from cfg into o; o owns
 * the copies until tt_map_opts_clear (options written by hand, as in tests,
 * are not cleared). */
void tt_map_opts_from_config(struct tt_map_opts *o, const struct tt_provider_config *cfg);
void tt_map_opts_clear(struct tt_map_opts *o);

/* Release a pulled ticket (what tt_pull_page_clear does for each ticket). */
void tt_pull_ticket_clear(struct tt_pull_ticket *t);

/* Same text after collapsing whitespace runs and trimming (reply bodies as
 * the provider echoes them back). */
bool tt_text_same(const char *a, const char *b);

/* HTML to plain text: tags dropped, block ends become newlines, entities
 * decoded, runs of blank lines collapsed.  Heap string; NULL in -> NULL. */
char *tt_html_to_text(const char *html);

/* Plain text to the HTML body Freshdesk and Intercom expect, wrapped in <tag>
 * (escaped, newlines as <br>), followed by the outbox key as an HTML comment
 * "<!-- ticketty:KEY -->" when key is set.  The crash check finds a sent reply
 * by tt_push_marker(key), so both always agree on the key's spelling. */
char *tt_text_to_html(const char *text, const char *tag, const char *key);
/* "ticketty:KEY" with the key reduced to [A-Za-z0-9._:-]; NULL for no key. */
char *tt_push_marker(const char *key);

/* --- Freshdesk (API v2) ------------------------------------------------- */

/* Common status <-> Freshdesk status code.  fd_status_to_common returns the
 * common status and writes the raw name ("open", "resolved", "status 7"). */
enum tt_status tt_fd_status_to_common(int64_t code, const struct tt_map_opts *o, char **raw_out);
int tt_fd_status_from_common(enum tt_status s, const struct tt_map_opts *o);
enum tt_priority tt_fd_priority_to_common(int64_t code);
int tt_fd_priority_from_common(enum tt_priority p);

/* GET /api/v2/tickets (array; include=requester,stats): append tickets and
 * the embedded requesters (as contacts) to page.  *max_updated is raised to
 * the newest updated_at seen; *count gets the number of array items. */
int tt_fd_map_tickets(const char *body, size_t len, const char *url, const struct tt_map_opts *o,
                      struct tt_pull_page *page, int64_t *max_updated, size_t *count,
                      struct tt_err *err);
/* GET /api/v2/tickets/{id}/conversations: append events to t. */
int tt_fd_map_conversations(const char *body, size_t len, const char *url, struct tt_pull_ticket *t,
                            size_t *count, struct tt_err *err);
/* GET /api/v2/contacts, /api/v2/companies, /api/v2/agents, /api/v2/groups. */
int tt_fd_map_contacts(const char *body, size_t len, const char *url, struct tt_pull_page *page,
                       size_t *count, struct tt_err *err);
int tt_fd_map_companies(const char *body, size_t len, const char *url, const struct tt_map_opts *o,
                        struct tt_pull_page *page, size_t *count, struct tt_err *err);
int tt_fd_map_agents(const char *body, size_t len, const char *url, struct tt_pull_page *page,
                     size_t *count, struct tt_err *err);
int tt_fd_map_groups(const char *body, size_t len, const char *url, struct tt_pull_page *page,
                     size_t *count, struct tt_err *err);
/* GET /api/v2/tickets?filter=deleted (or spam): ids go to page->deleted_ext. */
int tt_fd_map_deleted(const char *body, size_t len, const char *url, struct tt_pull_page *page,
                      int64_t *max_updated, size_t *count, struct tt_err *err);
/* GET /api/v2/tickets/{id} into a remote state (comments counted separately). */
int tt_fd_map_remote(const char *body, size_t len, const char *url, const struct tt_map_opts *o,
                     struct tt_remote_ticket *out, struct tt_err *err);
/* GET /api/v2/tickets/{id}/conversations for the crash check: counts the
 * conversations into *n_comments and sets *found when one contains key or
 * has the same text as `text`. */
int tt_fd_map_find_key(const char *body, size_t len, const char *url, const char *key,
                       const char *text, int *n_comments, bool *found, struct tt_err *err);

/* --- Intercom (API 2.16) ------------------------------------------------ */

enum tt_status tt_ic_state_to_common(const char *state);
enum tt_priority tt_ic_priority_to_common(const char *priority); /* NULL -> normal */
enum tt_author_role tt_ic_author_role(const char *type);

/* POST /conversations/search: append the conversations (without parts) as
 * tickets; *next_after gets pages.next.starting_after (NULL on the last
 * page); *max_updated is raised to the newest updated_at. */
int tt_ic_map_search(const char *body, size_t len, const char *url, const struct tt_map_opts *o,
                     struct tt_pull_page *page, char **next_after, int64_t *max_updated,
                     size_t *count, struct tt_err *err);
/* GET /conversations/{id}: fill t (ticket fields and the full event list). */
int tt_ic_map_conversation(const char *body, size_t len, const char *url,
                           const struct tt_map_opts *o, struct tt_pull_ticket *t,
                           struct tt_err *err);
/* POST /contacts/search (cursor paged) and POST /companies/list (page paged);
 * *next_after / *more tell whether another page follows. */
int tt_ic_map_contacts(const char *body, size_t len, const char *url, struct tt_pull_page *page,
                       char **next_after, size_t *count, struct tt_err *err);
int tt_ic_map_companies(const char *body, size_t len, const char *url, const struct tt_map_opts *o,
                        struct tt_pull_page *page, bool *more, size_t *count, struct tt_err *err);
/* GET /admins and GET /teams. */
int tt_ic_map_admins(const char *body, size_t len, const char *url, struct tt_pull_page *page,
                     size_t *count, struct tt_err *err);
int tt_ic_map_teams(const char *body, size_t len, const char *url, struct tt_pull_page *page,
                    size_t *count, struct tt_err *err);
/* GET /conversations/deleted?page=page_no ({conversations:[{id,deleted_at}]}):
 * ids to page->deleted_ext; *more = pages.next present (and pages.page is
 * page_no); *oldest (may be NULL) is
 * lowered to the oldest deleted_at seen. */
int tt_ic_map_deleted(const char *body, size_t len, const char *url, int page_no,
                      struct tt_pull_page *page, bool *more, int64_t *oldest, size_t *count,
                      struct tt_err *err);
/* GET /conversations/{id} into a remote state; key (may be NULL) is looked
 * for in the parts' raw bodies, text (may be NULL) compared with their text. */
int tt_ic_map_remote(const char *body, size_t len, const char *url, const char *key,
                     const char *text, struct tt_remote_ticket *out, struct tt_err *err);

#endif
