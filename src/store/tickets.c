/*
 * tickets.c: tickets and their event log.
 *
 * Upserts key on (account, external id) so a page pulled twice writes each
 * ticket once.  Lists read only the requested window: the queue of a million
 * tickets costs one indexed range scan per screenful.
 */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

static const char sql_ticket_upsert[] =
    "INSERT INTO tickets(account_id, external_id, subject, description, status, raw_status,"
    " priority, category, tags, channel, requester_id, customer_id, assignee_id, group_id,"
    " created_at, updated_at, first_response_at, resolved_at, deleted, merged_into)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)"
    " ON CONFLICT(account_id, external_id) DO UPDATE SET subject = excluded.subject,"
    " description = excluded.description, status = excluded.status,"
    " raw_status = excluded.raw_status, priority = excluded.priority,"
    " category = coalesce(excluded.category, category), tags = excluded.tags,"
    " channel = coalesce(excluded.channel, channel),"
    " requester_id = coalesce(excluded.requester_id, requester_id),"
    " customer_id = coalesce(excluded.customer_id, customer_id),"
    " assignee_id = excluded.assignee_id, group_id = excluded.group_id,"
    " created_at = excluded.created_at, updated_at = excluded.updated_at,"
    " first_response_at = coalesce(excluded.first_response_at, first_response_at),"
    " resolved_at = excluded.resolved_at, deleted = excluded.deleted,"
    " merged_into = excluded.merged_into";
/* No RETURNING above: it costs a temporary b-tree per row, and a sync
 * upserts every ticket.  A new row's id is the last insert rowid; an updated
 * one's is looked up by its key. */
static const char sql_ticket_id[] =
    "SELECT id FROM tickets WHERE account_id = ? AND external_id = ?";

int tt_store_ticket_upsert(struct tt_store *st, const struct tt_ticket *t, int64_t *id_out,
                           struct tt_err *err)
{
    if (!t->account_id || !t->external_id)
        return tt_errf(err, "ticket without an account or external id");
    sqlite3_stmt *s = tt_sql_cached(st, sql_ticket_upsert, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, t->account_id);
    tt_bind_text(s, 2, t->external_id);
    tt_bind_text(s, 3, t->subject ? t->subject : "");
    tt_bind_text(s, 4, t->description ? t->description : "");
    tt_bind_text(s, 5, tt_status_name(t->status));
    tt_bind_text(s, 6, t->raw_status);
    tt_bind_text(s, 7, tt_priority_name(t->priority));
    tt_bind_text(s, 8, t->category);
    tt_bind_text(s, 9, t->tags ? t->tags : "");
    tt_bind_text(s, 10, t->channel);
    tt_bind_id(s, 11, t->requester_id);
    tt_bind_id(s, 12, t->customer_id);
    tt_bind_id(s, 13, t->assignee_id);
    tt_bind_id(s, 14, t->group_id);
    sqlite3_bind_int64(s, 15, t->created_at);
    sqlite3_bind_int64(s, 16, t->updated_at ? t->updated_at : t->created_at);
    tt_bind_time(s, 17, t->first_response_at);
    tt_bind_time(s, 18, t->resolved_at);
    sqlite3_bind_int(s, 19, t->deleted);
    tt_bind_text(s, 20, t->merged_into);
    sqlite3_set_last_insert_rowid(st->db, 0);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "save ticket");
    int64_t id = sqlite3_last_insert_rowid(st->db); /* 0: the row was updated */
    if (id || !id_out) {
        if (id_out)
            *id_out = id;
        return 0;
    }
    s = tt_sql_cached(st, sql_ticket_id, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, t->account_id);
    tt_bind_text(s, 2, t->external_id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id_out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : tt_sql_fail(st, err, "find saved ticket");
}

#define TICKET_COLS                                                                                \
    "t.id, t.account_id, a.name, t.external_id, t.subject, %s, t.status, t.raw_status,"            \
    " t.priority, t.category, t.tags, t.channel, t.requester_id, r.name, r.email,"                 \
    " t.customer_id, c.name, t.assignee_id, ag.name, t.group_id, g.name, t.created_at,"            \
    " t.updated_at, t.first_response_at, t.resolved_at, t.deleted, t.merged_into"
#define TICKET_JOINS                                                                               \
    " JOIN accounts a ON a.id = t.account_id"                                                      \
    " LEFT JOIN contacts r ON r.id = t.requester_id"                                               \
    " LEFT JOIN customers c ON c.id = t.customer_id"                                               \
    " LEFT JOIN agents ag ON ag.id = t.assignee_id"                                                \
    " LEFT JOIN groups g ON g.id = t.group_id"
#define TICKET_FROM " FROM tickets t" TICKET_JOINS

static void read_ticket(sqlite3_stmt *s, struct tt_ticket *t)
{
    memset(t, 0, sizeof *t);
    t->id = tt_col_int(s, 0);
    t->account_id = tt_col_int(s, 1);
    t->account = tt_col_text(s, 2);
    t->external_id = tt_col_text(s, 3);
    t->subject = tt_col_text(s, 4);
    t->description = tt_col_text(s, 5);
    const char *status = (const char *)sqlite3_column_text(s, 6);
    int v = tt_status_from_name(status);
    t->status = v < 0 ? TT_STATUS_OPEN : (enum tt_status)v;
    t->raw_status = tt_col_text(s, 7);
    v = tt_priority_from_name((const char *)sqlite3_column_text(s, 8));
    t->priority = v < 0 ? TT_PRIORITY_NORMAL : (enum tt_priority)v;
    t->category = tt_col_text(s, 9);
    t->tags = tt_col_text(s, 10);
    t->channel = tt_col_text(s, 11);
    t->requester_id = tt_col_int(s, 12);
    t->requester = tt_col_text(s, 13);
    t->requester_email = tt_col_text(s, 14);
    t->customer_id = tt_col_int(s, 15);
    t->organization = tt_col_text(s, 16);
    t->assignee_id = tt_col_int(s, 17);
    t->assignee = tt_col_text(s, 18);
    t->group_id = tt_col_int(s, 19);
    t->group = tt_col_text(s, 20);
    t->created_at = tt_col_int(s, 21);
    t->updated_at = tt_col_int(s, 22);
    t->first_response_at = tt_col_int(s, 23);
    t->resolved_at = tt_col_int(s, 24);
    t->deleted = tt_col_int(s, 25) != 0;
    t->merged_into = tt_col_text(s, 26);
}

/* The two single-ticket reads, as static strings so they stay prepared
 * (tt_sql_cached): SLA and triage read a ticket per synced ticket. */
#define TICKET_COLS_DESC                                                                           \
    "t.id, t.account_id, a.name, t.external_id, t.subject, t.description, t.status,"               \
    " t.raw_status, t.priority, t.category, t.tags, t.channel, t.requester_id, r.name, r.email,"   \
    " t.customer_id, c.name, t.assignee_id, ag.name, t.group_id, g.name, t.created_at,"            \
    " t.updated_at, t.first_response_at, t.resolved_at, t.deleted, t.merged_into"
static const char sql_ticket_by_id[] = "SELECT " TICKET_COLS_DESC TICKET_FROM " WHERE t.id = ?1";
static const char sql_ticket_by_ext[] =
    "SELECT " TICKET_COLS_DESC TICKET_FROM " WHERE t.account_id = ?1 AND t.external_id = ?2";

static int ticket_query_one(struct tt_store *st, const char *sql, int64_t a, const char *b,
                            struct tt_ticket *out, struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = tt_sql_cached(st, sql, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, a);
    if (b)
        tt_bind_text(s, 2, b);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        read_ticket(s, out);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "read ticket");
}

int tt_store_ticket_get(struct tt_store *st, int64_t id, struct tt_ticket *out, struct tt_err *err)
{
    return ticket_query_one(st, sql_ticket_by_id, id, NULL, out, err);
}

int tt_store_ticket_by_external(struct tt_store *st, int64_t account_id, const char *external_id,
                                struct tt_ticket *out, struct tt_err *err)
{
    return ticket_query_one(st, sql_ticket_by_ext, account_id, external_id, out, err);
}

void tt_ticket_filter_init(struct tt_ticket_filter *f)
{
    memset(f, 0, sizeof *f);
    f->status = -1;
    f->priority = -1;
    f->order = TT_ORDER_UPDATED_DESC;
}

/* WHERE clause for a filter; parameters are bound by bind_filter in the same order. */
static void filter_where(const struct tt_ticket_filter *f, struct tt_buf *b)
{
    tt_buf_puts(b, " WHERE 1");
    if (!f->include_deleted)
        tt_buf_puts(b, " AND t.deleted = 0");
    if (f->status >= 0)
        tt_buf_puts(b, " AND t.status = :status");
    if (f->open_only)
        tt_buf_puts(b, " AND t.status IN ('new','open','pending','on_hold')");
    if (f->priority >= 0)
        tt_buf_puts(b, " AND t.priority = :priority");
    if (f->customer_id)
        tt_buf_puts(b, " AND t.customer_id = :customer");
    if (f->requester_id)
        tt_buf_puts(b, " AND t.requester_id = :requester");
    /* Text: case folded beyond ASCII as tt_text_fold folds it (LIKE and
     * lower() fold ASCII only), by tt_fold_contains (fold.c), which folds the
     * text once per statement; names are matched once in the small
     * contacts/customers tables, so the scan of tickets tests only its own
     * columns (the console filters 1M rows). */
    if (f->text && *f->text)
        tt_buf_puts(b, " AND (tt_fold_contains(t.subject, :text)"
                       " OR t.requester_id IN (SELECT id FROM contacts"
                       "   WHERE tt_fold_contains(name, :text))"
                       " OR t.customer_id IN (SELECT id FROM customers"
                       "   WHERE tt_fold_contains(name, :text))"
                       " OR t.external_id = :text OR t.id = :idnum)");
}

/* The text filter through indexes (schemas 5 and 6, src/store/schema_filter.c):
 * every ticket the text could match, by the subject trigram index and the
 * indexes on requester, organisation, external and local id, and the tickets
 * written since the trigram index was last refreshed.  A superset:
 * filter_where's predicate is applied to these rows exactly as to a scan.
 * SUBJECTS is the trigram index's part: BY_TRIGRAMS or BY_PREFIX. */
#define FILTER_CANDIDATES(UNION, SUBJECTS)                                                         \
    SUBJECTS " " UNION " SELECT id FROM tickets WHERE requester_id IN"                             \
             "   (SELECT id FROM contacts WHERE tt_fold_contains(name, :text))"                    \
             " " UNION " SELECT id FROM tickets WHERE customer_id IN"                              \
             "   (SELECT id FROM customers WHERE tt_fold_contains(name, :text))"                   \
             " " UNION " SELECT id FROM tickets WHERE account_id IN (SELECT id FROM accounts)"     \
             "   AND external_id = :text"                                                          \
             " " UNION " SELECT :idnum WHERE :idnum IS NOT NULL"                                   \
             " " UNION " SELECT id FROM tickets_filter_backlog" /* not (re)indexed yet */

/* A term of 3 characters or more: the subjects with all of its trigrams
 * (trigram_query binds :fts; the index holds the subjects folded by tt_fold,
 * schema_filter.c, and the term is folded so too). */
#define BY_TRIGRAMS                                                                                \
    "SELECT rowid AS id FROM tickets_subject_fts WHERE tickets_subject_fts MATCH :fts"
/* A term of 1-2 characters: the subjects with a trigram that starts with it
 * as tt_fold and the index fold it (:lo, prefix_fold; :hi is :lo and two
 * U+10FFFF): one
 * range of the index's terms, read with their documents (each indexed
 * subject ends in two U+0001, so every occurrence of the term starts a
 * trigram).  The vocabulary table is made per connection, in memory. */
#define BY_PREFIX                                                                                  \
    "SELECT doc AS id FROM temp.tickets_subject_vocab WHERE term >= :lo AND term <= :hi"
#define PREFIX_HI "\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF"
#define VOCAB_CREATE                                                                               \
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.tickets_subject_vocab USING"                          \
    " fts5vocab(main, tickets_subject_fts, instance)"
/* What follows each subject in the index (schema_filter.c, migration 6). */
#define FILTER_PAD_SQL "char(1, 1)"
#define FILTER_PAD     "\x01\x01"

/* Up to this many candidates the indexed path wins: each is read by id
 * (a random row of the wide table) and they are sorted.  Beyond it the text
 * is common enough that the scan in the queue's order meets a screenful of
 * matches after a short walk of the covering index, and stops there (1 match
 * in 330 tickets: 80 rows within 27,000 index entries).  Measured on the
 * 1M-ticket demo: a term with 8,600 matches took 42 ms through the index
 * (twice 8,600 row reads: the window and the count) against 28 ms scanning. */
#define FILTER_INDEX_MAX 3000
#define STR_(x)          #x
#define STR(x)           STR_(x)

/* How the filter text is looked up: the scan of every ticket, or the
 * candidates of the trigram index by the term's trigrams or by its prefix. */
enum text_path { PATH_SCAN, PATH_TRIGRAMS, PATH_PREFIX };

/* The path a term allows: trigrams for 3 characters or more of valid UTF-8,
 * the prefix for 1-2 characters without control characters (U+0001 pads the
 * subjects), else the scan (a term with invalid bytes, rare, is left to it). */
static enum text_path text_path_for(const char *text)
{
    size_t n = strlen(text), chars = 0;
    bool ctrl = false;
    for (size_t i = 0; i < n; chars++) {
        unsigned int cp;
        size_t k = tt_utf8_decode(text + i, n - i, &cp);
        if (cp == 0xFFFD && (k != 3 || memcmp(text + i, "\xEF\xBF\xBD", 3) != 0))
            return PATH_SCAN;
        ctrl = ctrl || cp < 0x20;
        i += k;
    }
    if (chars >= 3)
        return PATH_TRIGRAMS;
    return chars >= 1 && !ctrl ? PATH_PREFIX : PATH_SCAN;
}

/* The FTS5 query for a term (folded by tt_fold): each of its trigrams as a
 * quoted token, all required ("ref" "efu" "fun" "und").  Every subject
 * containing the term contains them all, so this answers from the index
 * alone (no phrase query: the index keeps no positions) a superset the
 * caller's predicate then narrows. */
static char *trigram_query(const char *text)
{
    size_t n = strlen(text), k = 0;
    size_t *at = xmalloc((n + 1) * sizeof *at); /* byte offset of each character */
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            at[k++] = i;
    at[k] = n;
    struct tt_buf b = {0};
    for (size_t i = 0; i + 3 <= k; i++) {
        tt_buf_puts(&b, i ? " \"" : "\"");
        for (size_t j = at[i]; j < at[i + 3]; j++) {
            if (text[j] == '"')
                tt_buf_putc(&b, '"');
            tt_buf_putc(&b, text[j]);
        }
        tt_buf_putc(&b, '"');
    }
    free(at);
    return tt_buf_steal(&b);
}

static int first_token(void *ctx, int flags, const char *tok, int n, int start, int end)
{
    (void)flags;
    (void)start;
    (void)end;
    char **first = ctx;
    if (!*first)
        *first = xstrndup(tok, (size_t)n);
    return SQLITE_OK;
}

/* A 1-2 character term (folded by tt_fold) as the index keeps it (FTS5
 * folds case again, by its own table): the first trigram FTS5's own
 * tokenizer makes of the term padded as the subjects are, without the
 * padding.  Every subject the filter accepts has a trigram starting with
 * this (schema_filter.c). */
static char *prefix_fold(struct tt_store *st, const char *text, struct tt_err *err)
{
    fts5_api *api = tt_store_fts5(st, err);
    if (!api)
        return NULL;
    void *ud = NULL;
    fts5_tokenizer tk;
    Fts5Tokenizer *t = NULL;
    if (api->xFindTokenizer(api, "trigram", &ud, &tk) != SQLITE_OK ||
        tk.xCreate(ud, NULL, 0, &t) != SQLITE_OK) {
        tt_errf(err, "database %s: SQLite has no FTS5 trigram tokenizer", st->path);
        return NULL;
    }
    char *padded = xasprintf("%s" FILTER_PAD, text);
    char *tok = NULL;
    int rc = tk.xTokenize(t, &tok, FTS5_TOKENIZE_QUERY, padded, (int)strlen(padded), first_token);
    tk.xDelete(t);
    free(padded);
    size_t n = tok ? strlen(tok) : 0;
    while (n > 0 && tok[n - 1] == '\x01')
        tok[--n] = '\0';
    if (rc != SQLITE_OK || n == 0) {
        free(tok);
        tt_errf(err, "database %s: the trigram tokenizer did not fold the filter text", st->path);
        return NULL;
    }
    return tok;
}

static void bind_filter(sqlite3_stmt *s, const struct tt_ticket_filter *f, const char *fold);

/* How to look the text up (see FILTER_INDEX_MAX); *fold (PATH_PREFIX; free
 * it) binds :lo.  The choice is made once per text (st->filter_text), not
 * for both the list and the count of every refresh: a choice gone stale
 * while tickets arrive costs time, never rows.  The candidates themselves
 * are read at every query. */
static int text_path(struct tt_store *st, const struct tt_ticket_filter *f, enum text_path *path,
                     char **fold, struct tt_err *err)
{
    *path = PATH_SCAN;
    *fold = NULL;
    if (!f->text || !*f->text || f->text_index < 0)
        return 0;
    enum text_path want = text_path_for(f->text);
    if (want == PATH_SCAN)
        return 0;
    bool cached = f->text_index == 0 && st->filter_text && strcmp(st->filter_text, f->text) == 0;
    if (cached && st->filter_path == PATH_SCAN)
        return 0;
    if (want == PATH_PREFIX) {
        if (!st->filter_vocab && tt_sql_exec(st, VOCAB_CREATE, err) < 0)
            return -1;
        st->filter_vocab = true;
        char *folded = tt_text_fold(f->text);
        *fold = prefix_fold(st, folded, err);
        free(folded);
        if (!*fold)
            return -1;
    }
    if (f->text_index > 0 || cached) {
        *path = want;
        return 0;
    }
    static const char sql_trigrams[] = "SELECT count(*) FROM (" FILTER_CANDIDATES(
        "UNION ALL", BY_TRIGRAMS) " LIMIT " STR(FILTER_INDEX_MAX) ")";
    static const char sql_prefix[] = "SELECT count(*) FROM (" FILTER_CANDIDATES(
        "UNION ALL", BY_PREFIX) " LIMIT " STR(FILTER_INDEX_MAX) ")";
    sqlite3_stmt *s = tt_sql_cached(st, want == PATH_PREFIX ? sql_prefix : sql_trigrams, err);
    if (!s)
        goto fail;
    bind_filter(s, f, *fold);
    int rc = sqlite3_step(s);
    int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (rc != SQLITE_ROW) {
        tt_sql_fail(st, err, "look up the filter text");
        goto fail;
    }
    *path = n < FILTER_INDEX_MAX ? want : PATH_SCAN;
    free(st->filter_text);
    st->filter_text = xstrdup(f->text);
    st->filter_path = *path;
    return 0;
fail:
    free(*fold);
    *fold = NULL;
    return -1;
}

/* FROM clause: every ticket, or the candidates first (CROSS JOIN keeps that
 * order, so the big table is never walked). */
static void filter_from(enum text_path path, struct tt_buf *b)
{
    static const char trigrams[] =
        " FROM (" FILTER_CANDIDATES("UNION", BY_TRIGRAMS) ") m CROSS JOIN tickets t ON t.id = m.id";
    static const char prefix[] =
        " FROM (" FILTER_CANDIDATES("UNION", BY_PREFIX) ") m CROSS JOIN tickets t ON t.id = m.id";
    tt_buf_puts(b, path == PATH_TRIGRAMS ? trigrams
                   : path == PATH_PREFIX ? prefix
                                         : " FROM tickets t");
}

static void bind_filter(sqlite3_stmt *s, const struct tt_ticket_filter *f, const char *fold)
{
    int i;
    if ((i = sqlite3_bind_parameter_index(s, ":status")))
        sqlite3_bind_text(s, i, tt_status_name((enum tt_status)f->status), -1, SQLITE_STATIC);
    if ((i = sqlite3_bind_parameter_index(s, ":priority")))
        sqlite3_bind_text(s, i, tt_priority_name((enum tt_priority)f->priority), -1, SQLITE_STATIC);
    if ((i = sqlite3_bind_parameter_index(s, ":customer")))
        sqlite3_bind_int64(s, i, f->customer_id);
    if ((i = sqlite3_bind_parameter_index(s, ":requester")))
        sqlite3_bind_int64(s, i, f->requester_id);
    if ((i = sqlite3_bind_parameter_index(s, ":text")))
        sqlite3_bind_text(s, i, f->text, -1, SQLITE_TRANSIENT);
    /* the number the console shows in its # column (the local id) finds the
     * ticket as well as the helpdesk's own id (external_id); NULL matches none */
    if ((i = sqlite3_bind_parameter_index(s, ":idnum"))) {
        size_t nd = strspn(f->text, "0123456789");
        if (nd > 0 && nd <= 18 && !f->text[nd])
            sqlite3_bind_int64(s, i, strtoll(f->text, NULL, 10));
        else
            sqlite3_bind_null(s, i);
    }
    if ((i = sqlite3_bind_parameter_index(s, ":fts"))) {
        char *folded = tt_text_fold(f->text);
        char *q = trigram_query(folded);
        sqlite3_bind_text(s, i, q, -1, SQLITE_TRANSIENT);
        free(q);
        free(folded);
    }
    if ((i = sqlite3_bind_parameter_index(s, ":lo")))
        sqlite3_bind_text(s, i, fold, -1, SQLITE_TRANSIENT);
    if ((i = sqlite3_bind_parameter_index(s, ":hi"))) {
        char *hi = xasprintf("%s" PREFIX_HI, fold);
        sqlite3_bind_text(s, i, hi, -1, SQLITE_TRANSIENT);
        free(hi);
    }
}

/* The window `offset` rows into the filter's order, or with `reverse` into
 * the exact reverse of it (every order ends with the unique id, so reversing
 * it is reading the same sequence from the other end). */
static int ticket_list(struct tt_store *st, const struct tt_ticket_filter *f, int64_t offset,
                       int64_t limit, bool reverse, struct tt_ticket **out, size_t *n_out,
                       struct tt_err *err)
{
    *out = NULL;
    *n_out = 0;
    enum text_path path;
    char *fold;
    if (text_path(st, f, &path, &fold, err) < 0)
        return -1;
    struct tt_buf sql = {0};
    char *cols = xasprintf(TICKET_COLS, "NULL");
    tt_buf_printf(&sql, "SELECT %s", cols);
    free(cols);
    filter_from(path, &sql);
    tt_buf_puts(&sql, TICKET_JOINS);
    filter_where(f, &sql);
    switch (f->order) {
    case TT_ORDER_NEXT_BREACH:
        tt_buf_puts(&sql, reverse ? " ORDER BY t.next_breach_at IS NULL DESC,"
                                    " t.next_breach_at DESC, t.id DESC"
                                  : " ORDER BY t.next_breach_at IS NULL, t.next_breach_at, t.id");
        break;
    case TT_ORDER_ID:
        tt_buf_puts(&sql, reverse ? " ORDER BY t.id DESC" : " ORDER BY t.id");
        break;
    case TT_ORDER_UPDATED_DESC:
        tt_buf_puts(&sql, reverse ? " ORDER BY t.updated_at, t.id"
                                  : " ORDER BY t.updated_at DESC, t.id DESC");
        break;
    }
    tt_buf_puts(&sql, " LIMIT ? OFFSET ?");
    sqlite3_stmt *s = tt_sql_prepare(st, tt_buf_str(&sql), err);
    tt_buf_free(&sql);
    if (!s) {
        free(fold);
        return -1;
    }
    bind_filter(s, f, fold);
    free(fold);
    int np = sqlite3_bind_parameter_count(s);
    sqlite3_bind_int64(s, np - 1, limit < 0 ? -1 : limit);
    sqlite3_bind_int64(s, np, offset);
    size_t cap = 0, n = 0;
    struct tt_ticket *list = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            list = xrealloc(list, cap * sizeof *list);
        }
        read_ticket(s, &list[n++]);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        tt_ticket_list_free(list, n);
        return tt_sql_fail(st, err, "list tickets");
    }
    for (size_t i = 0; reverse && i < n / 2; i++) {
        struct tt_ticket t = list[i];
        list[i] = list[n - 1 - i];
        list[n - 1 - i] = t;
    }
    *out = list;
    *n_out = n;
    return 0;
}

int tt_store_ticket_list(struct tt_store *st, const struct tt_ticket_filter *f, int64_t offset,
                         int64_t limit, struct tt_ticket **out, size_t *n_out, struct tt_err *err)
{
    return ticket_list(st, f, offset, limit, false, out, n_out, err);
}

int tt_store_ticket_list_tail(struct tt_store *st, const struct tt_ticket_filter *f, int64_t skip,
                              int64_t limit, struct tt_ticket **out, size_t *n_out,
                              struct tt_err *err)
{
    return ticket_list(st, f, skip, limit, true, out, n_out, err);
}

static int ticket_count(struct tt_store *st, const struct tt_ticket_filter *f, int64_t cap,
                        int64_t *n_out, struct tt_err *err)
{
    enum text_path path;
    char *fold;
    if (text_path(st, f, &path, &fold, err) < 0)
        return -1;
    struct tt_buf sql = {0};
    tt_buf_puts(&sql, cap >= 0 ? "SELECT count(*) FROM (SELECT 1" : "SELECT count(*)");
    filter_from(path, &sql);
    filter_where(f, &sql);
    if (cap >= 0)
        tt_buf_puts(&sql, " LIMIT :cap)");
    sqlite3_stmt *s = tt_sql_prepare(st, tt_buf_str(&sql), err);
    tt_buf_free(&sql);
    if (!s) {
        free(fold);
        return -1;
    }
    bind_filter(s, f, fold);
    free(fold);
    if (cap >= 0)
        sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":cap"), cap);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *n_out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : tt_sql_fail(st, err, "count tickets");
}

int tt_store_ticket_count(struct tt_store *st, const struct tt_ticket_filter *f, int64_t *n_out,
                          struct tt_err *err)
{
    return ticket_count(st, f, -1, n_out, err);
}

int tt_store_ticket_count_upto(struct tt_store *st, const struct tt_ticket_filter *f, int64_t cap,
                               int64_t *n_out, struct tt_err *err)
{
    return ticket_count(st, f, cap < 0 ? 0 : cap, n_out, err);
}

void tt_ticket_list_free(struct tt_ticket *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tt_ticket_clear(&list[i]);
    free(list);
}

static const char sql_event_add[] =
    "INSERT INTO ticket_events(ticket_id, external_id, at, type, author_role, author, public,"
    " body, old_value, new_value) VALUES (?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT(ticket_id, type, external_id) WHERE external_id IS NOT NULL DO NOTHING";
static const char sql_event_find[] =
    "SELECT id FROM ticket_events WHERE ticket_id = ? AND type = ? AND external_id = ?";

int tt_store_event_add(struct tt_store *st, const struct tt_event *e, int64_t *id_out,
                       struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_event_add, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, e->ticket_id);
    tt_bind_text(s, 2, e->external_id);
    sqlite3_bind_int64(s, 3, e->at);
    tt_bind_text(s, 4, tt_event_type_name(e->type));
    tt_bind_text(s, 5, tt_author_role_name(e->author_role));
    tt_bind_text(s, 6, e->author);
    sqlite3_bind_int(s, 7, e->public);
    tt_bind_text(s, 8, e->body);
    tt_bind_text(s, 9, e->old_value);
    tt_bind_text(s, 10, e->new_value);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "save ticket event");
    if (!id_out)
        return 0;
    if (sqlite3_changes(st->db) > 0 || !e->external_id) {
        *id_out = sqlite3_last_insert_rowid(st->db);
        return 0;
    }
    s = tt_sql_cached(st, sql_event_find, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, e->ticket_id);
    tt_bind_text(s, 2, tt_event_type_name(e->type));
    tt_bind_text(s, 3, e->external_id);
    rc = sqlite3_step(s);
    *id_out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    return 0;
}

int tt_store_event_list(struct tt_store *st, int64_t ticket_id, struct tt_event **out,
                        size_t *n_out, struct tt_err *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *s = tt_sql_cached(st,
                                    "SELECT id, ticket_id, external_id, at, type, author_role,"
                                    " author, public, body, old_value, new_value"
                                    " FROM ticket_events WHERE ticket_id = ? ORDER BY at, id",
                                    err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, ticket_id);
    size_t cap = 0, n = 0;
    struct tt_event *list = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            list = xrealloc(list, cap * sizeof *list);
        }
        struct tt_event *e = &list[n++];
        memset(e, 0, sizeof *e);
        e->id = tt_col_int(s, 0);
        e->ticket_id = tt_col_int(s, 1);
        e->external_id = tt_col_text(s, 2);
        e->at = tt_col_int(s, 3);
        int v = tt_event_type_from_name((const char *)sqlite3_column_text(s, 4));
        e->type = v < 0 ? TT_EV_COMMENT : (enum tt_event_type)v;
        v = tt_author_role_from_name((const char *)sqlite3_column_text(s, 5));
        e->author_role = v < 0 ? TT_AUTHOR_AGENT : (enum tt_author_role)v;
        e->author = tt_col_text(s, 6);
        e->public = sqlite3_column_int(s, 7) != 0;
        e->body = tt_col_text(s, 8);
        e->old_value = tt_col_text(s, 9);
        e->new_value = tt_col_text(s, 10);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        tt_event_list_free(list, n);
        return tt_sql_fail(st, err, "list ticket events");
    }
    *out = list;
    *n_out = n;
    return 0;
}

void tt_event_list_free(struct tt_event *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tt_event_clear(&list[i]);
    free(list);
}

int tt_store_ticket_filter_refresh(struct tt_store *st, struct tt_err *err)
{
    static const char any[] = "SELECT EXISTS (SELECT 1 FROM tickets_filter_backlog)";
    sqlite3_stmt *s = tt_sql_cached(st, any, err);
    if (!s)
        return -1;
    int rc = sqlite3_step(s);
    bool stale = rc == SQLITE_ROW && sqlite3_column_int(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return tt_sql_fail(st, err, "read the filter index's backlog");
    if (!stale)
        return 0; /* no write, no lock: callers may call it after every batch */
    /* CROSS JOIN: the backlog drives; the planner would otherwise walk every
     * ticket and look each up in the backlog (it knows no sizes) */
    static const char drop[] =
        "DELETE FROM tickets_subject_fts WHERE rowid IN (SELECT id FROM tickets_filter_backlog)";
    static const char add[] =
        "INSERT INTO tickets_subject_fts(rowid, subject) SELECT t.id,"
        " tt_fold(t.subject) || " FILTER_PAD_SQL " FROM tickets_filter_backlog x"
        " CROSS JOIN tickets t ON t.id = x.id";
    static const char done[] = "DELETE FROM tickets_filter_backlog";
    static const char *const steps[] = {drop, add, done};
    if (tt_store_begin(st, err) < 0)
        return -1;
    for (size_t i = 0; i < TT_ARRAY_LEN(steps); i++) {
        s = tt_sql_cached(st, steps[i], err);
        if (!s || sqlite3_step(s) != SQLITE_DONE) {
            if (s) { /* tt_sql_cached filled err when !s */
                tt_sql_fail(st, err, "refresh the filter index");
                sqlite3_reset(s);
            }
            tt_store_rollback(st);
            return -1;
        }
        sqlite3_reset(s);
    }
    return tt_store_commit(st, err);
}
