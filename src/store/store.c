/*
 * store.c: opening the database, migrations and transactions.
 *
 * Migration N brings a database from user_version N-1 to N.  Each runs in one
 * transaction with the user_version bump, so a crash leaves the old version
 * intact.  Version 1 is the whole schema as the module fragments first
 * defined it; later versions are in `migrations` (a new database runs them all).
 * Triggers and indexes are then compared with this build's definitions
 * (store_objects.c), since fragments edited in place are no migration.
 */
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_internal.h"
#include "ticketty/util.h"

static const struct tt_schema_part schema_v1[] = {
    {"core", tt_schema_core}, {"sync", tt_schema_sync},     {"kb", tt_schema_kb},
    {"sla", tt_schema_sla},   {"triage", tt_schema_triage}, {"health", tt_schema_health},
};

/* Migration to `version` from version - 1, in order. */
static const struct {
    int version;
    struct tt_schema_part part;
} migrations[] = {
    {2, {"health", tt_schema_health_v2}}, {3, {"core", tt_schema_core_v3}},
    {4, {"kb", tt_schema_kb_v4}},         {5, {"filter", tt_schema_filter_v5}},
    {6, {"filter", tt_schema_filter_v6}}, {7, {"filter", tt_schema_filter_v7}},
    {8, {"filter", tt_schema_filter_v8}},
};

#define SCHEMA_VERSION 8

static struct tt_schema_part all_parts[TT_ARRAY_LEN(schema_v1) + TT_ARRAY_LEN(migrations)];
static pthread_once_t all_parts_once = PTHREAD_ONCE_INIT;

static void all_parts_fill(void)
{
    size_t k = 0;
    for (size_t i = 0; i < TT_ARRAY_LEN(schema_v1); i++)
        all_parts[k++] = schema_v1[i];
    for (size_t i = 0; i < TT_ARRAY_LEN(migrations); i++)
        all_parts[k++] = migrations[i].part;
}

const struct tt_schema_part *tt_schema_parts(size_t *n)
{
    pthread_once(&all_parts_once, all_parts_fill);
    *n = TT_ARRAY_LEN(all_parts);
    return all_parts;
}

int tt_store_schema_version(void)
{
    return SCHEMA_VERSION;
}

/* A write refused with SQLITE_READONLY on a connection that may write (the
 * database file is writable): SQLite's -wal or -shm file next to it is not
 * writable, typically made by another user's read-only open (a reader may
 * create them in a writable directory, and they stay, owned by that user).
 * SQLite's "attempt to write a readonly database" says none of this: name the
 * files, their owner and what to do.  Returns whether err was replaced. */
static bool explain_foreign_wal(struct tt_store *st, struct tt_err *err, const char *what)
{
    if ((sqlite3_extended_errcode(st->db) & 0xff) != SQLITE_READONLY ||
        sqlite3_db_readonly(st->db, "main") != 0 || access(st->path, W_OK) != 0)
        return false;
    static const char *const ext[] = {"-wal", "-shm"};
    bool stuck[2] = {false, false};
    uid_t owner[2] = {0, 0};
    for (size_t i = 0; i < 2; i++) {
        char *f = xasprintf("%s%s", st->path, ext[i]);
        struct stat sb;
        if (stat(f, &sb) == 0 && access(f, W_OK) != 0) {
            stuck[i] = true;
            owner[i] = sb.st_uid;
        }
        free(f);
    }
    if (!stuck[0] && !stuck[1])
        return false;
    struct tt_buf b = {0};
    for (size_t i = 0; i < 2; i++) {
        if (!stuck[i])
            continue;
        bool both = i == 0 && stuck[1] && owner[1] == owner[0];
        struct passwd *pw = getpwuid(owner[i]);
        char *who = pw ? xstrdup(pw->pw_name) : xasprintf("uid %lu", (unsigned long)owner[i]);
        if (both)
            tt_buf_printf(&b, "%s-wal and %s-shm are owned by %s and not writable", st->path,
                          st->path, who);
        else
            tt_buf_printf(&b, "%s%s%s is owned by %s and not writable", b.len ? "; " : "", st->path,
                          ext[i], who);
        free(who);
        if (both)
            break;
    }
    tt_errf(err,
            "database %s: %s%scannot write: %s (left by another user's read-only open): close "
            "the other user's ticketty and remove %s-wal and %s-shm, or make them writable",
            st->path, what ? what : "", what ? ": " : "", b.data, st->path, st->path);
    tt_buf_free(&b);
    return true;
}

int tt_sql_fail(struct tt_store *st, struct tt_err *err, const char *what)
{
    if (explain_foreign_wal(st, err, what))
        return -1;
    return tt_errf(err, "database %s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

sqlite3_stmt *tt_sql_prepare(struct tt_store *st, const char *sql, struct tt_err *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        tt_sql_fail(st, err, "prepare");
        return NULL;
    }
    return s;
}

sqlite3_stmt *tt_sql_cached(struct tt_store *st, const char *sql, struct tt_err *err)
{
    size_t i;
    for (i = 0; i < TT_ARRAY_LEN(st->cache) && st->cache[i].sql; i++) {
        if (st->cache[i].sql == sql) {
            sqlite3_reset(st->cache[i].stmt);
            sqlite3_clear_bindings(st->cache[i].stmt);
            return st->cache[i].stmt;
        }
    }
    sqlite3_stmt *s = tt_sql_prepare(st, sql, err);
    if (s && i < TT_ARRAY_LEN(st->cache)) {
        st->cache[i].sql = sql;
        st->cache[i].stmt = s;
    }
    /* A full cache is a programming error worth seeing, not silently leaking. */
    if (s && i == TT_ARRAY_LEN(st->cache))
        tt_fatal("statement cache full");
    return s;
}

int tt_sql_exec(struct tt_store *st, const char *sql, struct tt_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        if (!explain_foreign_wal(st, err, NULL))
            tt_errf(err, "database %s: %s", st->path, msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

void tt_bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

void tt_bind_id(sqlite3_stmt *s, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

void tt_bind_time(sqlite3_stmt *s, int i, int64_t v)
{
    tt_bind_id(s, i, v);
}

char *tt_col_text(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? xstrdup((const char *)t) : NULL;
}

int64_t tt_col_int(sqlite3_stmt *s, int i)
{
    return sqlite3_column_int64(s, i);
}

fts5_api *tt_store_fts5(struct tt_store *st, struct tt_err *err)
{
    fts5_api *api = NULL;
    sqlite3_stmt *s = tt_sql_prepare(st, "SELECT fts5(?1)", err);
    if (!s)
        return NULL;
    sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
    if (sqlite3_step(s) != SQLITE_ROW) {
        tt_sql_fail(st, err, "look up the FTS5 API");
        sqlite3_finalize(s);
        return NULL;
    }
    sqlite3_finalize(s);
    if (!api || api->iVersion < 2) {
        tt_errf(err, "database %s: SQLite has no FTS5 (fts5_api v2)", st->path);
        return NULL;
    }
    return api;
}

static int get_user_version(struct tt_store *st, int *v, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(st, "PRAGMA user_version", err);
    if (!s)
        return -1;
    if (sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_finalize(s);
        return tt_sql_fail(st, err, "read user_version");
    }
    *v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return 0;
}

/* *upgraded: set when an existing database was brought forward (its
 * triggers and indexes are then checked whatever its fingerprint says). */
static int refuse_newer(struct tt_store *st, int v, struct tt_err *err)
{
    if (v <= SCHEMA_VERSION)
        return 0;
    return tt_errf(err,
                   "database %s has schema version %d, but this ticketty (%s) "
                   "understands up to %d: upgrade ticketty or use another --db; "
                   "nothing was changed",
                   st->path, v, TT_VERSION, SCHEMA_VERSION);
}

static int migrate(struct tt_store *st, bool *upgraded, struct tt_err *err)
{
    int v;
    *upgraded = false;
    if (get_user_version(st, &v, err) < 0)
        return -1;
    if (refuse_newer(st, v, err) < 0)
        return -1;
    if (v == SCHEMA_VERSION)
        return 0;
    if (tt_sql_exec(st, "BEGIN IMMEDIATE", err) < 0)
        return -1;
    /* Re-read inside the write lock: another process may have migrated. */
    if (get_user_version(st, &v, err) < 0 || refuse_newer(st, v, err) < 0)
        goto fail;
    bool created = v == 0;
    *upgraded = !created && v < SCHEMA_VERSION;
    if (v == 0) {
        for (size_t i = 0; i < TT_ARRAY_LEN(schema_v1); i++) {
            if (tt_sql_exec(st, schema_v1[i].sql, err) < 0) {
                tt_err_prefix(err, "schema migration 1 (%s)", schema_v1[i].module);
                goto fail;
            }
        }
        v = 1;
    }
    for (size_t i = 0; i < TT_ARRAY_LEN(migrations); i++) {
        if (migrations[i].version != v + 1)
            continue;
        if (tt_sql_exec(st, migrations[i].part.sql, err) < 0) {
            tt_err_prefix(err, "schema migration %d (%s)", migrations[i].version,
                          migrations[i].part.module);
            goto fail;
        }
        v = migrations[i].version;
    }
    /* A schema built here has the current triggers and indexes. */
    if (created && tt_store_objects_record(st, err) < 0)
        goto fail;
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v);
    if (tt_sql_exec(st, pragma, err) < 0 || tt_sql_exec(st, "COMMIT", err) < 0)
        goto fail;
    return 0;
fail:
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

/* A read-only connection reads a database of this schema version only: its
 * tables cannot be brought forward. */
static int refuse_readonly_migration(struct tt_store *st, struct tt_err *err)
{
    int v;
    if (get_user_version(st, &v, err) < 0)
        return -1;
    if (v == SCHEMA_VERSION)
        return 0;
    return tt_errf(err,
                   "database %s is read-only and has schema version %d, but this ticketty (%s) "
                   "reads version %d: open it once with write access to upgrade it",
                   st->path, v, TT_VERSION, SCHEMA_VERSION);
}

/* Before anything writes (even the switch to WAL): a database of another
 * program -- tables but no ticketty schema version, say a --db typo naming
 * some application's .sqlite file -- is refused and left untouched.  A
 * ticketty database always has a version: migration 1 sets it in the same
 * transaction that creates the tables.  So is one of a newer ticketty, whose
 * journal mode, triggers and indexes are its own business. */
static int refuse_foreign(struct tt_store *st, struct tt_err *err)
{
    int v;
    if (get_user_version(st, &v, err) < 0)
        return -1;
    if (refuse_newer(st, v, err) < 0)
        return -1;
    if (v != 0)
        return 0;
    sqlite3_stmt *s = tt_sql_prepare(
        st, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'", err);
    if (!s)
        return -1;
    int rc = sqlite3_step(s);
    int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW)
        return tt_sql_fail(st, err, "read the schema");
    if (n > 0)
        return tt_errf(err,
                       "database %s is not a ticketty database (it holds other tables and no "
                       "ticketty schema version); nothing was changed: use another --db",
                       st->path);
    return 0;
}

/* Process-wide SQLite settings, before the library initialises: no memory
 * statistics (they cost a global mutex on every allocation). */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;
static void sqlite_setup(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* An open that failed because SQLite could not make the -wal and -shm files
 * a WAL database is read with (its directory is not writable and they are not
 * there), or the database itself (it does not exist): say so, naming the
 * directory, instead of SQLite's "attempt to write a readonly database" for a
 * command that only reads. */
static void explain_open_failure(struct tt_store *st, struct tt_err *err)
{
    int code = sqlite3_extended_errcode(st->db) & 0xff;
    if (code != SQLITE_READONLY && code != SQLITE_CANTOPEN)
        return;
    const char *slash = strrchr(st->path, '/');
    char *dir = slash ? xstrndup(st->path, slash == st->path ? 1 : (size_t)(slash - st->path))
                      : xstrdup(".");
    char *shm = xasprintf("%s-shm", st->path);
    if (access(dir, W_OK) != 0 && access(st->path, F_OK) != 0)
        tt_errf(err, "cannot create database %s: its directory %s is not writable", st->path, dir);
    else if (access(dir, W_OK) != 0 && access(shm, F_OK) != 0)
        tt_errf(err,
                "database %s: its directory %s is not writable, and SQLite needs to make %s-wal "
                "and %s-shm there to read it (WAL mode): make the directory writable, or copy "
                "the database to one that is",
                st->path, dir, st->path, st->path);
    free(shm);
    free(dir);
}

struct tt_store *tt_store_open(const char *path, struct tt_err *err)
{
    pthread_once(&sqlite_once, sqlite_setup);
    struct tt_store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    if (strcmp(path, ":memory:") != 0 && tt_mkdir_parents(path, err) < 0)
        goto fail;
    /* NOMUTEX: a store is used by one thread at a time (the sync engine's
     * fetch thread never touches it), so SQLite need not lock every call. */
    if (sqlite3_open_v2(path, &st->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        tt_errf(err, "cannot open database %s: %s", path,
                st->db ? sqlite3_errmsg(st->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(st->db, 5000);
    sqlite3_extended_result_codes(st->db, 1);
    if (refuse_foreign(st, err) < 0)
        goto fail;
    /* A file the user may only read (SQLite then opens it read-only) is read
     * as it is: nothing is written, not even the journal mode. */
    bool readonly = sqlite3_db_readonly(st->db, "main") == 1;
    if (tt_sql_exec(st,
                    readonly ? "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
                             : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                               "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;",
                    err) < 0)
        goto fail;
    bool upgraded = false;
    if (tt_store_kb_tokenizer_register(st, err) < 0 || tt_store_fold_register(st, err) < 0 ||
        (readonly ? refuse_readonly_migration(st, err) : migrate(st, &upgraded, err)) < 0)
        goto fail;
    /* A database of an earlier build keeps the triggers and indexes it was
     * created with unless they are brought up to date (store_objects.c).
     * Not on a read-only connection: they only matter to writers, and the
     * next writable open brings them up to date. */
    if (!readonly && tt_store_objects_sync(st, upgraded, NULL, err) < 0)
        goto fail;
    return st;
fail:
    if (st->db)
        explain_open_failure(st, err);
    tt_store_close(st);
    return NULL;
}

static int progress_cb(void *arg)
{
    struct tt_store *st = arg;
    if (st->interrupt && st->interrupt(st->interrupt_arg)) {
        st->interrupted = true;
        return 1;
    }
    return 0;
}

void tt_store_set_interrupt(struct tt_store *st, bool (*check)(void *arg), void *arg)
{
    st->interrupt = check;
    st->interrupt_arg = arg;
    sqlite3_progress_handler(st->db, check ? 10000 : 0, check ? progress_cb : NULL, st);
}

int tt_store_data_version(struct tt_store *st, int64_t *out, struct tt_err *err)
{
    static const char sql[] = "PRAGMA data_version";
    sqlite3_stmt *s = tt_sql_cached(st, sql, err);
    if (!s)
        return -1;
    int rc = sqlite3_step(s);
    /* data_version moves only for other connections' commits; the rows this
     * connection changed (the console's own triage accept, override, ...)
     * count too, so a screen below sees them when it is shown again */
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0) + (int64_t)sqlite3_total_changes64(st->db);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : tt_sql_fail(st, err, "read data_version");
}

bool tt_store_was_interrupted(struct tt_store *st)
{
    bool was = st->interrupted;
    st->interrupted = false;
    return was;
}

void tt_store_close(struct tt_store *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < TT_ARRAY_LEN(st->cache) && st->cache[i].sql; i++)
        sqlite3_finalize(st->cache[i].stmt);
    if (st->db)
        sqlite3_close_v2(st->db);
    free(st->path);
    free(st->filter_text);
    free(st);
}

const char *tt_store_path(const struct tt_store *st)
{
    return st->path;
}

bool tt_store_readonly(struct tt_store *st)
{
    return sqlite3_db_readonly(st->db, "main") == 1;
}

int tt_store_begin(struct tt_store *st, struct tt_err *err)
{
    if (st->tx_depth++ > 0)
        return 0;
    st->tx_failed = false;
    if (tt_sql_exec(st, "BEGIN IMMEDIATE", err) < 0) {
        st->tx_depth = 0;
        return -1;
    }
    return 0;
}

int tt_store_commit(struct tt_store *st, struct tt_err *err)
{
    if (st->tx_depth <= 0)
        return tt_errf(err, "database %s: commit without a transaction", st->path);
    if (--st->tx_depth > 0)
        return 0;
    if (st->tx_failed) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return tt_errf(err, "database %s: transaction rolled back after an earlier error",
                       st->path);
    }
    if (tt_sql_exec(st, "COMMIT", err) < 0) {
        /* A failed COMMIT (busy, disk full, a deferred constraint) can leave
         * the transaction open: its writes would stay visible here and every
         * later BEGIN would fail.  Nothing of it may survive. */
        if (!sqlite3_get_autocommit(st->db))
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}

void tt_store_rollback(struct tt_store *st)
{
    if (st->tx_depth <= 0)
        return;
    if (--st->tx_depth > 0) {
        st->tx_failed = true; /* the outermost commit turns into a rollback */
        return;
    }
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}
