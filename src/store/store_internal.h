/*
 * store_internal.h: what the store's own files share.  Never included outside
 * src/store/: sqlite3 types stay inside this layer.
 */
#ifndef TICKETTY_STORE_INTERNAL_H
#define TICKETTY_STORE_INTERNAL_H

#include <sqlite3.h>

#include "ticketty/store.h"

struct tt_store {
    sqlite3 *db;
    char *path;
    int tx_depth;
    /* tt_store_set_interrupt: long reads give way to the user's next key */
    bool (*interrupt)(void *arg);
    void *interrupt_arg;
    bool interrupted;
    bool tx_failed;
    /* The queue filter's last text and whether it went through the indexes
     * (tickets.c): the console lists and counts every refresh with the same
     * text, and either path gives the same rows, so the choice is made once. */
    char *filter_text;
    int filter_path;
    bool filter_vocab; /* temp.tickets_subject_vocab made on this connection */
    /* Prepared statements reused on hot paths, keyed by the SQL string's address. */
    struct {
        const char *sql;
        sqlite3_stmt *stmt;
    } cache[256];
};

/* The schema, as one fragment per module; migration 1 runs them in order. */
struct tt_schema_part {
    const char *module;
    const char *sql;
};
extern const char tt_schema_core[];
extern const char tt_schema_core_v3[];
extern const char tt_schema_kb[];
extern const char tt_schema_kb_v4[];
extern const char tt_schema_sla[];
extern const char tt_schema_triage[];
extern const char tt_schema_health[];
extern const char tt_schema_health_v2[];
extern const char tt_schema_sync[];
extern const char tt_schema_filter_v5[];
extern const char tt_schema_filter_v6[];
extern const char tt_schema_filter_v7[];
extern const char tt_schema_filter_v8[];

/* Every fragment in the order a new database runs them: migration 1's, then
 * each later migration's (store.c). */
const struct tt_schema_part *tt_schema_parts(size_t *n);

/* Triggers and indexes at the current definitions (store_objects.c).  The
 * fingerprint is a hash of the trigger and index statements of every
 * fragment.  sync compares it with the one recorded in the database and, when
 * it differs (or force), recreates in one transaction what differs from a
 * fresh schema's definitions; *changed (may be NULL) gets the number of
 * statements run.  record stores the current fingerprint and object list (for
 * a schema just built; inside the caller's transaction). */
const char *tt_store_objects_fingerprint(void);
int tt_store_objects_sync(struct tt_store *st, bool force, size_t *changed, struct tt_err *err);
int tt_store_objects_record(struct tt_store *st, struct tt_err *err);

/* The connection's FTS5 API (version 2 or later), or NULL with err filled. */
fts5_api *tt_store_fts5(struct tt_store *st, struct tt_err *err);

/* The kb's FTS5 tokenizer "ticketty_cjk" (kb_tokenizer.c), registered on
 * every connection before the migrations run. */
int tt_store_kb_tokenizer_register(struct tt_store *st, struct tt_err *err);

/* The SQL functions tt_fold(X) and tt_fold_contains(X, Y), case folded as
 * tt_text_fold folds it (fold.c), registered on every connection before the
 * migrations run. */
int tt_store_fold_register(struct tt_store *st, struct tt_err *err);

/* Prepare sql or fill err (naming the statement's purpose). */
sqlite3_stmt *tt_sql_prepare(struct tt_store *st, const char *sql, struct tt_err *err);
/* A cached statement for a static SQL string, reset and unbound, ready to bind.
 * Do not finalize it; call sqlite3_reset when done if it may hold a read lock. */
sqlite3_stmt *tt_sql_cached(struct tt_store *st, const char *sql, struct tt_err *err);
/* Run SQL without results (may hold several statements). */
int tt_sql_exec(struct tt_store *st, const char *sql, struct tt_err *err);
int tt_sql_fail(struct tt_store *st, struct tt_err *err, const char *what);

/* Bind helpers: NULL strings and 0 ids bind SQL NULL. */
void tt_bind_text(sqlite3_stmt *s, int i, const char *v);
void tt_bind_id(sqlite3_stmt *s, int i, int64_t v);
void tt_bind_time(sqlite3_stmt *s, int i, int64_t v);
struct tt_customer;
/* ?1..?8 of a customer statement: key, account_id, external_id, name (the
 * key when unnamed), domain, plan, mrr, csm (accounts.c). */
void tt_bind_customer(sqlite3_stmt *s, const struct tt_customer *c);
/* Column helpers: heap copy (NULL for SQL NULL), and 0 for NULL ints. */
char *tt_col_text(sqlite3_stmt *s, int i);
int64_t tt_col_int(sqlite3_stmt *s, int i);

#endif
