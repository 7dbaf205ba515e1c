/*
 * pjson.h: small jansson helpers shared by the drivers in src/providers/
 * (jansson never leaves this directory and src/cmd/).  Parse errors name the
 * request they came from.  Appending to page arrays grows them one by one.
 */
#ifndef TICKETTY_PJSON_H
#define TICKETTY_PJSON_H

#include <jansson.h>
#include <stdint.h>

#include "ticketty/err.h"
#include "ticketty/provider.h"

/* Parse a response body; NULL + err ("what: malformed JSON at line L: ...").
 * A body that is not an object is an error too. */
json_t *pj_parse(const char *body, size_t len, const char *what, struct tt_err *err);
/* Borrowed string member or NULL (also NULL for non-strings). */
const char *pj_str(const json_t *o, const char *key);
/* Heap copy of a string member, or NULL. */
char *pj_strdup(const json_t *o, const char *key);
/* An id member (integer or string) as a heap string, or NULL when absent/null. */
char *pj_id(const json_t *o, const char *key);
/* Integer member (numbers, numeric strings), or def. */
int64_t pj_int(const json_t *o, const char *key, int64_t def);
double pj_num(const json_t *o, const char *key, double def);
/* A time member: ISO 8601 string or Unix seconds; 0 when absent or bad. */
int64_t pj_time(const json_t *o, const char *key);
int pj_bool(const json_t *o, const char *key, int def);
/* A JSON array of strings joined by single spaces (heap); "" for none. */
char *pj_join(const json_t *arr);

/* Append a zeroed element to the page's arrays; returns it. */
struct tt_pull_ticket *pj_page_ticket(struct tt_pull_page *p);
struct tt_customer *pj_page_customer(struct tt_pull_page *p);
struct tt_contact *pj_page_contact(struct tt_pull_page *p, char *org_ext /* owned */);
struct tt_pull_agent *pj_page_agent(struct tt_pull_page *p);
struct tt_pull_group *pj_page_group(struct tt_pull_page *p);
void pj_page_deleted(struct tt_pull_page *p, char *ext /* owned */);
struct tt_event *pj_ticket_event(struct tt_pull_ticket *t);

#endif
