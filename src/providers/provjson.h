/*
 * provjson.h: JSON reading helpers shared by the Freshdesk and Intercom
 * mappers (internal to src/providers/; jansson stays inside this module).
 *
 * Every accessor checks the JSON type and, on a mismatch, writes an error
 * naming the provider, the URL and the field path ("[3].stats.resolved_at"),
 * then returns -1.  Optional fields accept null and absence.
 */
#ifndef TT_PROVJSON_H
#define TT_PROVJSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "ticketty/err.h"
#include "ticketty/provider.h"

struct mj {
    const char *provider; /* "freshdesk" */
    const char *url;      /* where the document came from */
    struct tt_err *err;
};

/* Parse a response body; NULL with an error naming line/column on failure. */
json_t *mj_parse(struct mj *c, const char *body, size_t len);
/* Error "provider: url: where.key: msg"; returns -1. */
int mj_fail(struct mj *c, const char *where, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
const char *mj_type_name(const json_t *v);

/* Present and non-null? */
json_t *mj_get(json_t *obj, const char *key);

int mj_str(struct mj *c, json_t *obj, const char *where, const char *key, bool required,
           char **out);
/* An id: JSON string or integer, as text. */
int mj_id(struct mj *c, json_t *obj, const char *where, const char *key, bool required, char **out);
int mj_int(struct mj *c, json_t *obj, const char *where, const char *key, bool required,
           int64_t *out, bool *present);
int mj_bool(struct mj *c, json_t *obj, const char *where, const char *key, bool *out);
/* A number given as integer, real or numeric string; *present false when absent. */
int mj_num(struct mj *c, json_t *obj, const char *where, const char *key, double *out,
           bool *present);
/* ISO 8601 string -> unix seconds (0 when absent/null). */
int mj_time_iso(struct mj *c, json_t *obj, const char *where, const char *key, bool required,
                int64_t *out);
/* Unix seconds integer -> (0 when absent/null). */
int mj_time_unix(struct mj *c, json_t *obj, const char *where, const char *key, bool required,
                 int64_t *out);
/* An array member (absent/null -> NULL, wrong type -> error). */
int mj_array(struct mj *c, json_t *obj, const char *where, const char *key, json_t **out);
int mj_object(struct mj *c, json_t *obj, const char *where, const char *key, json_t **out);
/* Scalar (string/number/bool) as text; NULL for null/absent/containers. */
char *mj_scalar_text(json_t *v);

/* A provider tag name equals a local one (pulled tags have spaces as '_'). */
bool mj_tag_eq(const char *remote, const char *local);

/* Page growth helpers. */
struct tt_pull_ticket *mj_page_add_ticket(struct tt_pull_page *p);
struct tt_contact *mj_page_add_contact(struct tt_pull_page *p, char *org_ext);
struct tt_customer *mj_page_add_customer(struct tt_pull_page *p);
struct tt_pull_agent *mj_page_add_agent(struct tt_pull_page *p);
struct tt_pull_group *mj_page_add_group(struct tt_pull_page *p);
void mj_page_add_deleted(struct tt_pull_page *p, char *ext);
struct tt_event *mj_ticket_add_event(struct tt_pull_ticket *t);
/* Drop the last ticket added (on a mapping error). */
void mj_page_drop_last_ticket(struct tt_pull_page *p);

/* Customer fields from a company object: name lookups in `custom` (object or
 * NULL) and then the top level. */
json_t *mj_field(json_t *obj, json_t *custom, const char *name);

#endif
