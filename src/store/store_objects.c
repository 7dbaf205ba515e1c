/*
 * store_objects.c: keeping a database's triggers and indexes at the current
 * definitions.
 *
 * Tables change through numbered migrations (store.c), but the schema
 * fragments are also edited in place before a release, and CREATE TRIGGER /
 * CREATE INDEX never replace an object that already exists: a database
 * created by an earlier build would keep its old triggers (say an SLA trigger
 * that no longer marks a ticket stale) and indexes for good.  So the store
 * records a fingerprint of the trigger and index statements of the schema it
 * was brought up to (table store_meta), and when it opens a database whose
 * fingerprint differs from this build's (or after a migration), it compares
 * every trigger and index with the definitions of a freshly built schema
 * (an in-memory database): in one transaction it drops and recreates the ones
 * whose SQL differs or that are missing (on a table the database has), drops
 * triggers the current schema does not have and indexes an earlier
 * fingerprint recorded as ticketty's, then records the new fingerprint.  Rows
 * are never touched.  The same happens when the fingerprint matches but a
 * trigger or index of the object list recorded with it is missing (dropped by
 * hand).  An open with a matching fingerprint and every listed object there
 * costs one SELECT and writes nothing.  A read-only connection skips all this
 * (tt_store_open): the triggers only matter to writers, and the next writable
 * open brings the database up to date.
 *
 * Ownership: every trigger of a ticketty database is ticketty's (a trigger
 * left from an earlier build would otherwise keep firing); an index the
 * current schema does not define is dropped only when an earlier build
 * recorded it as its own, so indexes a user added for reporting stay.
 * Databases of other programs never get here: tt_store_open refuses them
 * before (refuse_foreign in store.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store_internal.h"
#include "ticketty/util.h"

#define META_TABLE                                                                                 \
    "CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
#define KEY_FP   "objects_fingerprint"
#define KEY_LIST "objects"

/* FNV-1a, 64 bits: a fingerprint, not a defence against anyone. */
static void fnv(uint64_t *h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        *h ^= (unsigned char)s[i];
        *h *= 1099511628211ull;
    }
}

/* Whether stmt creates or drops a trigger or an index. */
static bool object_stmt(const char *stmt)
{
    static const char *const heads[][3] = {
        {"CREATE", "TRIGGER", NULL}, {"CREATE", "INDEX", NULL}, {"CREATE", "UNIQUE", "INDEX"},
        {"DROP", "TRIGGER", NULL},   {"DROP", "INDEX", NULL},
    };
    char w[3][16] = {{0}};
    const char *p = stmt;
    for (int i = 0; i < 3; i++) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        size_t n = 0;
        while (p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != '\n' && p[n] != '(' && n < 15)
            n++;
        memcpy(w[i], p, n);
        p += n;
    }
    for (size_t h = 0; h < TT_ARRAY_LEN(heads); h++) {
        bool match = true;
        for (int i = 0; i < 3 && heads[h][i]; i++)
            match = match && strcasecmp(w[i], heads[h][i]) == 0;
        if (match)
            return true;
    }
    return false;
}

/* Hash the trigger and index statements of one schema fragment, split into
 * statements as SQLite would (sqlite3_complete knows BEGIN ... END). */
static void hash_fragment(uint64_t *h, const char *sql)
{
    struct tt_buf stmt = {0};
    const char *start = sql;
    for (const char *p = sql; *p; p++) {
        if (*p != ';')
            continue;
        stmt.len = 0;
        tt_buf_append(&stmt, start, (size_t)(p - start + 1));
        if (!sqlite3_complete(tt_buf_str(&stmt)))
            continue;
        if (object_stmt(stmt.data))
            fnv(h, stmt.data, stmt.len);
        start = p + 1;
    }
    /* a last statement without its ';' counts too */
    if (object_stmt(start))
        fnv(h, start, strlen(start));
    tt_buf_free(&stmt);
}

static char fingerprint[24];
static pthread_once_t fingerprint_once = PTHREAD_ONCE_INIT;

static void fingerprint_compute(void)
{
    uint64_t h = 14695981039346656037ull;
    fnv(&h, "objects-1", 9); /* the scheme itself: a new one re-checks every database */
    size_t n;
    const struct tt_schema_part *parts = tt_schema_parts(&n);
    for (size_t i = 0; i < n; i++)
        hash_fragment(&h, parts[i].sql);
    snprintf(fingerprint, sizeof fingerprint, "%016llx", (unsigned long long)h);
}

const char *tt_store_objects_fingerprint(void)
{
    pthread_once(&fingerprint_once, fingerprint_compute);
    return fingerprint;
}

static int meta_get(struct tt_store *st, const char *key, char **out)
{
    *out = NULL;
    sqlite3_stmt *s = NULL;
    /* No store_meta yet (a database of an earlier build): no value. */
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM store_meta WHERE key = ?1", -1, &s, NULL) !=
        SQLITE_OK)
        return 0;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = tt_col_text(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Whether the database is at this build's triggers and indexes: its recorded
 * fingerprint is this build's, and every trigger and index of the object
 * list recorded with it is still there (one dropped by hand, or lost, is
 * restored by the next open).  The list is what the last update left (the
 * current schema's objects on the tables the database has), so an object
 * that could not be made there does not send every open back to the update.
 * Two SELECTs, about 35 us on the demo database (one SQL statement doing the
 * same with instr() took twice that). */
static int objects_current(struct tt_store *st, const char *fp, bool *current)
{
    *current = false;
    sqlite3_stmt *s = NULL;
    /* No store_meta yet (a database of an earlier build): not current. */
    if (sqlite3_prepare_v2(st->db,
                           "SELECT f.value = ?1, l.value FROM store_meta f"
                           " LEFT JOIN store_meta l ON l.key = '" KEY_LIST "'"
                           " WHERE f.key = '" KEY_FP "'",
                           -1, &s, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(s, 1, fp, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    struct tt_buf list = {0}; /* "\nTYPE NAME\nTYPE NAME\n" */
    int64_t listed = 0, found = 0;
    if (rc == SQLITE_ROW && sqlite3_column_int(s, 0) && sqlite3_column_type(s, 1) != SQLITE_NULL) {
        const char *l = (const char *)sqlite3_column_text(s, 1);
        tt_buf_printf(&list, "\n%s\n", l);
        for (const char *p = l; *p; p++)
            listed += *p == '\n';
        listed += *l != '\0';
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return -1;
    if (!list.data)
        return 0;
    s = tt_sql_prepare(st,
                       "SELECT char(10) || type || ' ' || name || char(10) FROM sqlite_master"
                       " WHERE type IN ('trigger', 'index')",
                       NULL);
    if (!s) {
        tt_buf_free(&list);
        return -1;
    }
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        found += strstr(list.data, (const char *)sqlite3_column_text(s, 0)) != NULL;
    sqlite3_finalize(s);
    tt_buf_free(&list);
    *current = found == listed;
    return rc == SQLITE_DONE ? 0 : -1;
}

static int meta_set(struct tt_store *st, const char *key, const char *value, struct tt_err *err)
{
    if (tt_sql_exec(st, META_TABLE, err) < 0)
        return -1;
    sqlite3_stmt *s = tt_sql_prepare(st,
                                     "INSERT INTO store_meta(key, value) VALUES (?1, ?2) ON "
                                     "CONFLICT(key) DO UPDATE SET value = excluded.value",
                                     err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "record the schema fingerprint");
}

/* The triggers and indexes of a database, from sqlite_master. */
struct object {
    char *type, *name, *table, *sql;
};
struct objects {
    struct object *v;
    size_t n;
};

static void objects_free(struct objects *o)
{
    for (size_t i = 0; i < o->n; i++) {
        free(o->v[i].type);
        free(o->v[i].name);
        free(o->v[i].table);
        free(o->v[i].sql);
    }
    free(o->v);
    o->v = NULL;
    o->n = 0;
}

static int objects_read(struct tt_store *st, struct objects *out, struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s =
        tt_sql_prepare(st,
                       "SELECT type, name, tbl_name, sql FROM sqlite_master"
                       " WHERE type IN ('trigger', 'index') AND sql IS NOT NULL"
                       " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
                       err);
    if (!s)
        return -1;
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 64;
            out->v = xrealloc(out->v, cap * sizeof *out->v);
        }
        out->v[out->n++] = (struct object){tt_col_text(s, 0), tt_col_text(s, 1), tt_col_text(s, 2),
                                           tt_col_text(s, 3)};
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        objects_free(out);
        return tt_sql_fail(st, err, "read the schema");
    }
    return 0;
}

static const struct object *objects_find(const struct objects *o, const char *type,
                                         const char *name)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->v[i].type, type) == 0 && strcasecmp(o->v[i].name, name) == 0)
            return &o->v[i];
    return NULL;
}

/* Whether the manifest (lines "TYPE NAME") recorded by an earlier build holds the object. */
static bool listed(const char *list, const char *type, const char *name)
{
    if (!list)
        return false;
    char *want = xasprintf("%s %s", type, name);
    size_t n = strlen(want);
    bool found = false;
    for (const char *p = list; *p && !found;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        found = len == n && strncasecmp(p, want, n) == 0;
        p += len + (e != NULL);
    }
    free(want);
    return found;
}

/* Whether the database has the table (an object on a table that is not
 * there is the migrations' business, not this one's). */
static int table_exists(struct tt_store *st, const char *table, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(
        st, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1 COLLATE NOCASE", err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "read the schema");
    return rc == SQLITE_ROW;
}

static int drop(struct tt_store *st, const struct object *o, struct tt_err *err)
{
    char *q = sqlite3_mprintf("DROP %s IF EXISTS \"%w\"",
                              strcmp(o->type, "index") ? "TRIGGER" : "INDEX", o->name);
    int rc = tt_sql_exec(st, q, err);
    sqlite3_free(q);
    return rc < 0 ? tt_err_prefix(err, "drop the outdated %s %s", o->type, o->name) : 0;
}

static int create(struct tt_store *st, const struct object *o, struct tt_err *err)
{
    if (tt_sql_exec(st, o->sql, err) < 0)
        return tt_err_prefix(err, "recreate the %s %s", o->type, o->name);
    return 0;
}

/* Bring st's triggers and indexes to the definitions of cur; inside a transaction. */
static int converge(struct tt_store *st, const struct objects *cur, const char *old_list,
                    size_t *changed, struct tt_err *err)
{
    struct objects have;
    if (objects_read(st, &have, err) < 0)
        return -1;
    int rc = 0;
    /* Drop: triggers first (they may use an index), anything outdated, and
     * what the current schema no longer has. */
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        const char *type = pass == 0 ? "trigger" : "index";
        for (size_t i = 0; i < have.n && rc == 0; i++) {
            const struct object *o = &have.v[i];
            if (strcmp(o->type, type) != 0)
                continue;
            const struct object *want = objects_find(cur, o->type, o->name);
            bool gone = !want && (pass == 0 || listed(old_list, o->type, o->name));
            if (gone || (want && strcmp(want->sql, o->sql) != 0)) {
                rc = drop(st, o, err);
                ++*changed;
            }
        }
    }
    objects_free(&have);
    if (rc < 0 || objects_read(st, &have, err) < 0)
        return -1;
    /* Create: indexes first, then the triggers. */
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        const char *type = pass == 0 ? "index" : "trigger";
        for (size_t i = 0; i < cur->n && rc == 0; i++) {
            const struct object *o = &cur->v[i];
            if (strcmp(o->type, type) != 0 || objects_find(&have, o->type, o->name))
                continue;
            int there = table_exists(st, o->table, err);
            if (there < 0)
                rc = -1;
            else if (there) {
                rc = create(st, o, err);
                ++*changed;
            }
        }
    }
    objects_free(&have);
    return rc;
}

static char *manifest(const struct objects *o)
{
    struct tt_buf b = {0};
    for (size_t i = 0; i < o->n; i++)
        tt_buf_printf(&b, "%s%s %s", i ? "\n" : "", o->v[i].type, o->v[i].name);
    return b.data ? tt_buf_steal(&b) : xstrdup("");
}

int tt_store_objects_record(struct tt_store *st, struct tt_err *err)
{
    struct objects cur;
    if (objects_read(st, &cur, err) < 0)
        return -1;
    char *list = manifest(&cur);
    objects_free(&cur);
    int rc = meta_set(st, KEY_LIST, list, err);
    free(list);
    if (rc == 0)
        rc = meta_set(st, KEY_FP, tt_store_objects_fingerprint(), err);
    return rc;
}

int tt_store_objects_sync(struct tt_store *st, bool force, size_t *changed, struct tt_err *err)
{
    size_t n_changed = 0;
    if (changed)
        *changed = 0;
    const char *fp = tt_store_objects_fingerprint();
    bool current = false;
    if (!force) {
        if (objects_current(st, fp, &current) < 0)
            return tt_sql_fail(st, err, "read the schema fingerprint");
        if (current)
            return 0;
    }
    /* The current definitions: a fresh schema in memory (it records its own
     * fingerprint when built, so this does not recurse). */
    struct tt_store *ref = tt_store_open(":memory:", err);
    if (!ref)
        return tt_err_prefix(err, "build the current schema");
    struct objects cur;
    int rc = objects_read(ref, &cur, err);
    tt_store_close(ref);
    if (rc < 0)
        return -1;
    if (tt_sql_exec(st, "BEGIN IMMEDIATE", err) < 0) {
        objects_free(&cur);
        return -1;
    }
    /* Re-read inside the write lock: another process may have done it. */
    char *list = NULL;
    if ((!force && objects_current(st, fp, &current) < 0) || meta_get(st, KEY_LIST, &list) < 0) {
        rc = tt_sql_fail(st, err, "read the schema fingerprint");
        goto out;
    }
    if (!force && current)
        goto out;
    rc = converge(st, &cur, list, &n_changed, err);
    if (rc == 0)
        rc = tt_store_objects_record(st, err);
out:
    free(list);
    objects_free(&cur);
    if (rc == 0 && tt_sql_exec(st, "COMMIT", err) == 0) {
        if (changed)
            *changed = n_changed;
        return 0;
    }
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return tt_err_prefix(err, "database %s: bring triggers and indexes up to date", st->path);
}
