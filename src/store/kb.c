/*
 * kb.c: the knowledge base's queries: articles, full-text search, vectors,
 * the built-in model's terms, votes, the search log and index state.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "ticketty/kbcore.h"
#include "ticketty/store_kb.h"
#include "ticketty/util.h"

/* ---- state ---------------------------------------------------------------- */

static const char sql_state_get[] = "SELECT value FROM kb_state WHERE key = ?";

int tt_store_kb_state_get(struct tt_store *st, const char *key, char **out, struct tt_err *err)
{
    *out = NULL;
    sqlite3_stmt *s = tt_sql_cached(st, sql_state_get, err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, key);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = tt_col_text(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "read kb state");
    return 0;
}

int tt_store_kb_state_set(struct tt_store *st, const char *key, const char *value,
                          struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(st,
                                     "INSERT INTO kb_state(key, value) VALUES (?, ?)"
                                     " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                     err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, key);
    tt_bind_text(s, 2, value);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "write kb state");
}

int64_t tt_store_kb_generation(struct tt_store *st)
{
    char *v = NULL;
    if (tt_store_kb_state_get(st, "generation", &v, NULL) < 0 || !v)
        return 0;
    int64_t g = strtoll(v, NULL, 10);
    free(v);
    return g;
}

int tt_store_kb_bump_generation(struct tt_store *st, struct tt_err *err)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)tt_store_kb_generation(st) + 1);
    return tt_store_kb_state_set(st, "generation", buf, err);
}

/* ---- articles ------------------------------------------------------------- */

void tt_kb_article_clear(struct tt_kb_article *a)
{
    free(a->id);
    free(a->slug);
    free(a->path);
    free(a->title);
    free(a->excerpt);
    free(a->category);
    free(a->subcategory);
    free(a->tags);
    free(a->audience);
    free(a->visibility);
    free(a->related);
    free(a->author);
    free(a->owner);
    free(a->markdown);
    free(a->text);
    free(a->blob);
    free(a->content_hash);
    memset(a, 0, sizeof *a);
}

void tt_kb_article_list_free(struct tt_kb_article *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tt_kb_article_clear(&list[i]);
    free(list);
}

static const char sql_article_upsert[] =
    "INSERT INTO kb_articles(article_id, path, blob, slug, title, excerpt, category,"
    " subcategory, tags, audience, visibility, related, author, owner, reviewed_at,"
    " review_every, markdown, body, content_hash, indexed_at)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)"
    " ON CONFLICT(article_id) DO UPDATE SET path = excluded.path, blob = excluded.blob,"
    " slug = excluded.slug, title = excluded.title, excerpt = excluded.excerpt,"
    " category = excluded.category, subcategory = excluded.subcategory, tags = excluded.tags,"
    " audience = excluded.audience, visibility = excluded.visibility,"
    " related = excluded.related, author = excluded.author, owner = excluded.owner,"
    " reviewed_at = excluded.reviewed_at, review_every = excluded.review_every,"
    " markdown = excluded.markdown, body = excluded.body,"
    " content_hash = excluded.content_hash, indexed_at = excluded.indexed_at";

int tt_store_kb_article_upsert(struct tt_store *st, const struct tt_kb_article *a,
                               struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_article_upsert, err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, a->id);
    tt_bind_text(s, 2, a->path);
    tt_bind_text(s, 3, a->blob ? a->blob : "");
    tt_bind_text(s, 4, a->slug);
    tt_bind_text(s, 5, a->title);
    tt_bind_text(s, 6, a->excerpt ? a->excerpt : "");
    tt_bind_text(s, 7, a->category ? a->category : "");
    tt_bind_text(s, 8, a->subcategory ? a->subcategory : "");
    tt_bind_text(s, 9, a->tags ? a->tags : "");
    tt_bind_text(s, 10, a->audience);
    tt_bind_text(s, 11, a->visibility);
    tt_bind_text(s, 12, a->related ? a->related : "");
    tt_bind_text(s, 13, a->author);
    tt_bind_text(s, 14, a->owner);
    tt_bind_time(s, 15, a->reviewed_at);
    sqlite3_bind_int(s, 16, a->review_every);
    tt_bind_text(s, 17, a->markdown ? a->markdown : "");
    tt_bind_text(s, 18, a->text ? a->text : "");
    tt_bind_text(s, 19, a->content_hash ? a->content_hash : "");
    sqlite3_bind_int64(s, 20, tt_now());
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "save article");
    return 0;
}

int tt_store_kb_article_delete_path(struct tt_store *st, const char *path, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(st, "DELETE FROM kb_articles WHERE path = ?", err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, path);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "delete article");
}

#define ARTICLE_COLS                                                                               \
    "a.id, a.article_id, a.path, a.blob, a.slug, a.title, a.excerpt, a.category,"                  \
    " a.subcategory, a.tags, a.audience, a.visibility, a.related, a.author, a.owner,"              \
    " a.reviewed_at, a.review_every, %s, a.content_hash,"                                          \
    " (SELECT count(*) FROM kb_votes v WHERE v.article_id = a.article_id AND v.helpful),"          \
    " (SELECT count(*) FROM kb_votes v WHERE v.article_id = a.article_id AND NOT v.helpful)"

static void read_article(sqlite3_stmt *s, struct tt_kb_article *a, bool body)
{
    memset(a, 0, sizeof *a);
    a->rowid = tt_col_int(s, 0);
    a->id = tt_col_text(s, 1);
    a->path = tt_col_text(s, 2);
    a->blob = tt_col_text(s, 3);
    a->slug = tt_col_text(s, 4);
    a->title = tt_col_text(s, 5);
    a->excerpt = tt_col_text(s, 6);
    a->category = tt_col_text(s, 7);
    a->subcategory = tt_col_text(s, 8);
    a->tags = tt_col_text(s, 9);
    a->audience = tt_col_text(s, 10);
    a->visibility = tt_col_text(s, 11);
    a->related = tt_col_text(s, 12);
    a->author = tt_col_text(s, 13);
    a->owner = tt_col_text(s, 14);
    a->reviewed_at = tt_col_int(s, 15);
    a->review_every = (int)tt_col_int(s, 16);
    if (body) {
        a->markdown = tt_col_text(s, 17);
        a->text = tt_col_text(s, 18);
    }
    a->content_hash = tt_col_text(s, body ? 19 : 17);
    a->helpful = tt_col_int(s, body ? 20 : 18);
    a->not_helpful = tt_col_int(s, body ? 21 : 19);
}

int tt_store_kb_article_get(struct tt_store *st, const char *ref, struct tt_kb_article *out,
                            struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    char *cols = xasprintf(ARTICLE_COLS, "a.markdown, a.body");
    char *sql = xasprintf("SELECT %s FROM kb_articles a WHERE a.article_id = ?1"
                          " UNION ALL SELECT %s FROM kb_articles a WHERE a.slug = ?1"
                          " UNION ALL SELECT %s FROM kb_articles a WHERE a.path = ?1 LIMIT 1",
                          cols, cols, cols);
    free(cols);
    sqlite3_stmt *s = tt_sql_prepare(st, sql, err);
    free(sql);
    if (!s)
        return -1;
    tt_bind_text(s, 1, ref);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        read_article(s, out, true);
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "read article");
}

int tt_store_kb_path_of_id(struct tt_store *st, const char *id, char **out, struct tt_err *err)
{
    *out = NULL;
    sqlite3_stmt *s = tt_sql_prepare(st, "SELECT path FROM kb_articles WHERE article_id = ?", err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = tt_col_text(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "find article");
}

/* Step s to the end, appending every row to *out / *n, and finalize it.  On
 * failure the partial list is freed and *out / *n are reset. */
static int collect_articles(struct tt_store *st, sqlite3_stmt *s, bool with_body,
                            struct tt_kb_article **out, size_t *n, const char *what,
                            struct tt_err *err)
{
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        read_article(s, &(*out)[(*n)++], with_body);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        tt_kb_article_list_free(*out, *n);
        *out = NULL;
        *n = 0;
        return tt_sql_fail(st, err, what);
    }
    return 0;
}

int tt_store_kb_article_list(struct tt_store *st, bool with_body, struct tt_kb_article **out,
                             size_t *n, struct tt_err *err)
{
    *out = NULL;
    *n = 0;
    char *cols = xasprintf(ARTICLE_COLS, with_body ? "a.markdown, a.body" : "NULL");
    /* Without the body there is one column less: drop the placeholder. */
    char *sql;
    if (with_body) {
        sql = xasprintf("SELECT %s FROM kb_articles a ORDER BY a.article_id", cols);
    } else {
        char *p = strstr(cols, "NULL, ");
        if (p)
            memmove(p, p + 6, strlen(p + 6) + 1);
        sql = xasprintf("SELECT %s FROM kb_articles a ORDER BY a.article_id", cols);
    }
    free(cols);
    sqlite3_stmt *s = tt_sql_prepare(st, sql, err);
    free(sql);
    if (!s)
        return -1;
    return collect_articles(st, s, with_body, out, n, "list articles", err);
}

int tt_store_kb_articles_unembedded(struct tt_store *st, const char *model,
                                    struct tt_kb_article **out, size_t *n, struct tt_err *err)
{
    *out = NULL;
    *n = 0;
    /* The hash index alone answers which rows lack a vector (no row reads);
     * only those rows are then loaded. */
    char *cols = xasprintf(ARTICLE_COLS, "a.markdown, a.body");
    char *sql = xasprintf("SELECT %s FROM kb_articles a WHERE a.id IN (SELECT x.id FROM"
                          " kb_articles x INDEXED BY kb_articles_hash WHERE NOT EXISTS (SELECT 1"
                          " FROM kb_vectors v WHERE v.model = ?1 AND v.hash = x.content_hash))"
                          " ORDER BY a.article_id",
                          cols);
    free(cols);
    sqlite3_stmt *s = tt_sql_prepare(st, sql, err);
    free(sql);
    if (!s)
        return -1;
    tt_bind_text(s, 1, model);
    return collect_articles(st, s, true, out, n, "articles without vectors", err);
}

int tt_store_kb_paths(struct tt_store *st, char ***out, size_t *n, struct tt_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = tt_sql_prepare(st, "SELECT path FROM kb_articles ORDER BY path", err);
    if (!s)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        (*out)[(*n)++] = tt_col_text(s, 0);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "list article paths");
}

int64_t tt_store_kb_article_count(struct tt_store *st)
{
    sqlite3_stmt *s = tt_sql_prepare(st, "SELECT count(*) FROM kb_articles", NULL);
    if (!s)
        return 0;
    int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return n;
}

/* ---- broken articles ------------------------------------------------------ */

int tt_store_kb_broken_set(struct tt_store *st, const char *path, int line, const char *msg,
                           struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(
        st,
        "INSERT INTO kb_broken(path, line, message) VALUES (?, ?, ?) ON CONFLICT(path)"
        " DO UPDATE SET line = excluded.line, message = excluded.message",
        err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, path);
    sqlite3_bind_int(s, 2, line);
    tt_bind_text(s, 3, msg);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "record broken article");
}

int tt_store_kb_broken_clear(struct tt_store *st, const char *path, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(
        st, path ? "DELETE FROM kb_broken WHERE path = ?" : "DELETE FROM kb_broken", err);
    if (!s)
        return -1;
    if (path)
        tt_bind_text(s, 1, path);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "clear broken article");
}

int tt_store_kb_broken_list(struct tt_store *st, struct tt_kb_problem **out, size_t *n,
                            struct tt_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s =
        tt_sql_prepare(st, "SELECT path, line, message FROM kb_broken ORDER BY path", err);
    if (!s)
        return -1;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = xrealloc(*out, (*n + 1) * sizeof **out);
        struct tt_kb_problem *p = &(*out)[(*n)++];
        p->path = tt_col_text(s, 0);
        p->line = (int)tt_col_int(s, 1);
        p->message = tt_col_text(s, 2);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "list broken articles");
}

/* ---- full-text search ----------------------------------------------------- */

/* The SQL twin of tt_kb_filter_allows (kbcore.h). */
/* Every filter combination as its own static statement (table x audience x
 * visibility x category), so tt_sql_cached keeps each one prepared: triage
 * searches the KB for every new ticket after a sync. */
#define FTS_HEAD(tbl)                                                                              \
    "SELECT a.id, a.article_id, a.slug, a.path, a.title, a.excerpt, a.category,"                   \
    " t.rank FROM (SELECT rowid, rank FROM " tbl " WHERE " tbl " MATCH :q"                         \
    " ORDER BY rank LIMIT :inner) t JOIN kb_articles a ON a.id = t.rowid WHERE 1"
#define FTS_AUD_CUSTOMER " AND a.audience IN ('customer','both') AND a.visibility <> 'internal'"
#define FTS_AUD_INTERNAL " AND a.audience IN ('internal','both')"
#define FTS_VIS_PUBLIC   " AND a.visibility = 'public'"
#define FTS_VIS_AUTH     " AND a.visibility IN ('public','authenticated')"
#define FTS_CATEGORY     " AND a.category = :category COLLATE NOCASE"
#define FTS_TAIL         " ORDER BY t.rank LIMIT :limit"
#define FTS_CAT(t, a, v)                                                                           \
    {                                                                                              \
        FTS_HEAD(t) a v FTS_TAIL, FTS_HEAD(t) a v FTS_CATEGORY FTS_TAIL                            \
    }
#define FTS_VIS(t, a)                                                                              \
    {                                                                                              \
        FTS_CAT(t, a, ""), FTS_CAT(t, a, FTS_VIS_PUBLIC), FTS_CAT(t, a, FTS_VIS_AUTH)              \
    }
#define FTS_AUD(t)                                                                                 \
    {                                                                                              \
        FTS_VIS(t, ""), FTS_VIS(t, FTS_AUD_CUSTOMER), FTS_VIS(t, FTS_AUD_INTERNAL)                 \
    }
static const char *const sql_fts[3][3][3][2] = {FTS_AUD("kb_fts"), FTS_AUD("kb_fts_cjk"),
                                                FTS_AUD("kb_fts_grams")};

static const char *fts_sql(enum tt_kb_fts_index index, const struct tt_kb_search_opts *f)
{
    int aud = 0, vis = 0, cat = 0;
    if (f) {
        int a = tt_kb_audience_filter(f->audience);
        aud = a == TT_KB_AUD_CUSTOMER ? 1 : a == TT_KB_AUD_INTERNAL ? 2 : 0;
        int v = tt_kb_visibility_level(f->visibility);
        vis = v == 0 ? 1 : v == 1 ? 2 : 0;
        cat = f->category && *f->category;
    }
    return sql_fts[index][aud][vis][cat];
}

static int fts_once(struct tt_store *st, const char *fts_query, enum tt_kb_fts_index index,
                    const struct tt_kb_search_opts *filter, size_t inner, size_t limit,
                    struct tt_kb_result **out, size_t *n, struct tt_err *err)
{
    /* FTS5 ranks and cuts first (its own fast path), the filters join after. */
    sqlite3_stmt *s = tt_sql_cached(st, fts_sql(index, filter), err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":q"), fts_query, -1, SQLITE_STATIC);
    int i = sqlite3_bind_parameter_index(s, ":category");
    if (i)
        sqlite3_bind_text(s, i, filter->category, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":inner"), (sqlite3_int64)inner);
    sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":limit"), (sqlite3_int64)limit);
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        struct tt_kb_result *r = &(*out)[(*n)++];
        memset(r, 0, sizeof *r);
        r->rowid = tt_col_int(s, 0);
        r->id = tt_col_text(s, 1);
        r->slug = tt_col_text(s, 2);
        r->path = tt_col_text(s, 3);
        r->title = tt_col_text(s, 4);
        r->excerpt = tt_col_text(s, 5);
        r->category = tt_col_text(s, 6);
        r->score = -sqlite3_column_double(s, 7);
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s); /* :q and :category point at the caller's strings */
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "full-text search");
    return 0;
}

int tt_store_kb_fts(struct tt_store *st, const char *fts_query, enum tt_kb_fts_index index,
                    const struct tt_kb_search_opts *filter, size_t limit, struct tt_kb_result **out,
                    size_t *n, struct tt_err *err)
{
    *out = NULL;
    *n = 0;
    if (!fts_query || !*fts_query)
        return 0;
    bool filtered = filter && (tt_kb_audience_filter(filter->audience) != TT_KB_AUD_ANY ||
                               tt_kb_visibility_level(filter->visibility) != 2 ||
                               (filter->category && *filter->category));
    /* Filters may drop rows after the cut: fetch more, and all when short. */
    size_t inner = filtered ? limit * 4 : limit;
    int rc = fts_once(st, fts_query, index, filter, inner, limit, out, n, err);
    if (rc == 0 && filtered && *n < limit) {
        tt_kb_results_free(*out, *n);
        *out = NULL;
        *n = 0;
        rc = fts_once(st, fts_query, index, filter, (size_t)INT64_MAX, limit, out, n, err);
    }
    if (rc < 0) {
        tt_kb_results_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

static const char sql_snippet[] =
    "SELECT snippet(kb_fts, 2, '[', ']', '…', 14) FROM kb_fts WHERE kb_fts MATCH ?1 AND rowid = ?2";
static const char sql_snippet_cjk[] = "SELECT snippet(kb_fts_cjk, 1, '[', ']', '…', 14)"
                                      " FROM kb_fts_cjk WHERE kb_fts_cjk MATCH ?1 AND rowid = ?2";
/* 14 characters of context as the trigram snippet has (a character is one
 * position here too). */
static const char sql_snippet_grams[] =
    "SELECT snippet(kb_fts_grams, 2, '[', ']', '…', 14)"
    " FROM kb_fts_grams WHERE kb_fts_grams MATCH ?1 AND rowid = ?2";

int tt_store_kb_snippet(struct tt_store *st, const char *fts_query, enum tt_kb_fts_index index,
                        int64_t rowid, char **out, struct tt_err *err)
{
    *out = NULL;
    if (!fts_query || !*fts_query)
        return 0;
    static const char *const sql[] = {sql_snippet, sql_snippet_cjk, sql_snippet_grams};
    sqlite3_stmt *s = tt_sql_cached(st, sql[index], err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, fts_query, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, rowid);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = tt_col_text(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "snippet");
    return 0;
}

static const char sql_result_fill[] =
    "SELECT article_id, slug, path, title, excerpt, category FROM kb_articles WHERE id = ?";

int tt_store_kb_result_fill(struct tt_store *st, struct tt_kb_result *r, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_result_fill, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, r->rowid);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        r->id = tt_col_text(s, 0);
        r->slug = tt_col_text(s, 1);
        r->path = tt_col_text(s, 2);
        r->title = tt_col_text(s, 3);
        r->excerpt = tt_col_text(s, 4);
        r->category = tt_col_text(s, 5);
    }
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "read search result");
}

/* ---- vectors -------------------------------------------------------------- */

static const char sql_vec_get[] = "SELECT dim, vec FROM kb_vectors WHERE model = ? AND hash = ?";
static const char sql_vec_put[] =
    "INSERT OR REPLACE INTO kb_vectors(model, hash, dim, vec) VALUES (?, ?, ?, ?)";

int tt_store_kb_vector_get(struct tt_store *st, const char *model, const char *hash, float *vec,
                           int dim, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_vec_get, err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, model);
    tt_bind_text(s, 2, hash);
    int rc = sqlite3_step(s), found = 0;
    if (rc == SQLITE_ROW && sqlite3_column_int(s, 0) == dim &&
        sqlite3_column_bytes(s, 1) == (int)(dim * sizeof(float))) {
        memcpy(vec, sqlite3_column_blob(s, 1), dim * sizeof(float));
        found = 1;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "read vector");
    return found;
}

int tt_store_kb_vector_put(struct tt_store *st, const char *model, const char *hash,
                           const float *vec, int dim, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_vec_put, err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, model);
    tt_bind_text(s, 2, hash);
    sqlite3_bind_int(s, 3, dim);
    sqlite3_bind_blob(s, 4, vec, (int)(dim * sizeof(float)), SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "save vector");
}

int tt_store_kb_vector_prune(struct tt_store *st, const char *keep_model, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(st, "DELETE FROM kb_vectors WHERE model <> ?", err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, keep_model);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "prune vectors");
}

int tt_store_kb_vectors_load(struct tt_store *st, const char *model, int dim,
                             struct tt_kb_vecrow **rows, float **vecs, size_t *n,
                             struct tt_err *err)
{
    *rows = NULL;
    *vecs = NULL;
    *n = 0;
    sqlite3_stmt *s =
        tt_sql_prepare(st,
                       "SELECT a.id, a.audience, a.visibility, a.category, v.vec FROM kb_articles a"
                       " JOIN kb_vectors v ON v.model = ?1 AND v.hash = a.content_hash"
                       " WHERE v.dim = ?2 ORDER BY a.id",
                       err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, model);
    sqlite3_bind_int(s, 2, dim);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (sqlite3_column_bytes(s, 4) != (int)(dim * sizeof(float)))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            *rows = xrealloc(*rows, cap * sizeof **rows);
            *vecs = xrealloc(*vecs, cap * dim * sizeof **vecs);
        }
        struct tt_kb_vecrow *r = &(*rows)[*n];
        r->rowid = tt_col_int(s, 0);
        const char *aud = (const char *)sqlite3_column_text(s, 1);
        const char *vis = (const char *)sqlite3_column_text(s, 2);
        r->audience = aud ? aud[0] : 'b';
        r->visibility = vis ? vis[0] : 'p';
        r->category = tt_col_text(s, 3);
        memcpy(*vecs + *n * dim, sqlite3_column_blob(s, 4), dim * sizeof(float));
        (*n)++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "load vectors");
    return 0;
}

/* ---- the built-in model --------------------------------------------------- */

int tt_store_kb_lsa_clear(struct tt_store *st, struct tt_err *err)
{
    return tt_sql_exec(st, "DELETE FROM kb_lsa_terms", err);
}

static const char sql_lsa_put[] =
    "INSERT OR REPLACE INTO kb_lsa_terms(model, term, idf, vec) VALUES (?, ?, ?, ?)";
static const char sql_lsa_get[] = "SELECT idf, vec FROM kb_lsa_terms WHERE model = ? AND term = ?";

int tt_store_kb_lsa_put(struct tt_store *st, const char *model, const char *term, float idf,
                        const float *row, int dim, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_lsa_put, err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, model);
    tt_bind_text(s, 2, term);
    sqlite3_bind_double(s, 3, idf);
    sqlite3_bind_blob(s, 4, row, (int)(dim * sizeof(float)), SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "save model term");
}

int tt_store_kb_lsa_get(struct tt_store *st, const char *model, const char *term, float *idf,
                        float *row, int dim, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_lsa_get, err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, model);
    tt_bind_text(s, 2, term);
    int rc = sqlite3_step(s), found = 0;
    if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 1) == (int)(dim * sizeof(float))) {
        *idf = (float)sqlite3_column_double(s, 0);
        memcpy(row, sqlite3_column_blob(s, 1), dim * sizeof(float));
        found = 1;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "read model term");
    return found;
}

int tt_store_kb_lsa_each(struct tt_store *st, const char *model, int dim, tt_kb_lsa_fn fn, void *ud,
                         struct tt_err *err)
{
    sqlite3_stmt *s =
        tt_sql_prepare(st, "SELECT term, idf, vec FROM kb_lsa_terms WHERE model = ?", err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, model);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (sqlite3_column_bytes(s, 2) == (int)(dim * sizeof(float)))
            fn((const char *)sqlite3_column_text(s, 0), (float)sqlite3_column_double(s, 1),
               sqlite3_column_blob(s, 2), ud);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "load model");
}

int tt_store_kb_ticket_corpus(struct tt_store *st, size_t limit, char ***texts, size_t *n,
                              struct tt_err *err)
{
    *texts = NULL;
    *n = 0;
    sqlite3_stmt *s =
        tt_sql_prepare(st,
                       "SELECT t.subject || char(10) || t.description || char(10) ||"
                       " coalesce((SELECT group_concat(e.body, char(10)) FROM ticket_events e"
                       "   WHERE e.ticket_id = t.id AND e.type = 'comment' AND e.public = 1), '')"
                       " FROM tickets t WHERE t.status IN ('solved','closed') AND t.deleted = 0"
                       " ORDER BY t.updated_at DESC LIMIT ?",
                       err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)limit);
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            *texts = xrealloc(*texts, cap * sizeof **texts);
        }
        (*texts)[(*n)++] = tt_col_text(s, 0);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "read resolved tickets");
}

/* ---- votes ---------------------------------------------------------------- */

int tt_store_kb_vote_add(struct tt_store *st, const char *article_id, bool helpful,
                         const char *comment, int64_t at, struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_prepare(
        st, "INSERT INTO kb_votes(article_id, helpful, comment, at) VALUES (?, ?, ?, ?)", err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, article_id);
    sqlite3_bind_int(s, 2, helpful);
    tt_bind_text(s, 3, comment && *comment ? comment : NULL);
    sqlite3_bind_int64(s, 4, at);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "save vote");
}

int tt_store_kb_vote_counts(struct tt_store *st, const char *article_id, int64_t *helpful,
                            int64_t *not_helpful, struct tt_err *err)
{
    *helpful = *not_helpful = 0;
    sqlite3_stmt *s = tt_sql_prepare(
        st,
        "SELECT coalesce(sum(helpful), 0), coalesce(sum(NOT helpful), 0) FROM kb_votes"
        " WHERE article_id = ?",
        err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, article_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *helpful = sqlite3_column_int64(s, 0);
        *not_helpful = sqlite3_column_int64(s, 1);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : tt_sql_fail(st, err, "count votes");
}

/* ---- search log ----------------------------------------------------------- */

static const char sql_log_add[] =
    "INSERT INTO kb_search_log(at, query, norm, audience, results, top_ids)"
    " VALUES (?, ?, ?, ?, ?, ?)";

int tt_store_kb_log_search(struct tt_store *st, const char *query, const char *audience,
                           size_t results, const char *top_ids, int64_t at, int64_t *id_out,
                           struct tt_err *err)
{
    if (id_out)
        *id_out = 0;
    if (tt_store_readonly(st))
        return 0; /* a database the user may only read is searched, not logged */
    sqlite3_stmt *s = tt_sql_cached(st, sql_log_add, err);
    if (!s)
        return -1;
    char *norm = tt_kb_normalize_query(query);
    sqlite3_bind_int64(s, 1, at);
    tt_bind_text(s, 2, query);
    tt_bind_text(s, 3, norm);
    tt_bind_text(s, 4, audience);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)results);
    tt_bind_text(s, 6, top_ids ? top_ids : "");
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    free(norm);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "log search");
    if (id_out)
        *id_out = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int tt_store_kb_log_opened(struct tt_store *st, int64_t search_id, const char *article_id,
                           int64_t at, struct tt_err *err)
{
    if (tt_store_readonly(st))
        return 0; /* read, not logged (tt_store_kb_log_search) */
    sqlite3_stmt *s;
    if (search_id) {
        s = tt_sql_prepare(st,
                           "UPDATE kb_search_log SET opened_article = ?1, opened_at = ?2"
                           " WHERE id = ?3",
                           err);
        if (!s)
            return -1;
        sqlite3_bind_int64(s, 3, search_id);
    } else {
        s = tt_sql_prepare(
            st,
            "UPDATE kb_search_log SET opened_article = ?1, opened_at = ?2 WHERE id ="
            " (SELECT id FROM kb_search_log WHERE at >= ?2 - 1800 AND opened_article IS NULL"
            "  AND (' ' || top_ids || ' ') LIKE ('% ' || ?1 || ' %') ORDER BY id DESC LIMIT 1)",
            err);
        if (!s)
            return -1;
    }
    tt_bind_text(s, 1, article_id);
    sqlite3_bind_int64(s, 2, at);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "log opened article");
}

int tt_store_kb_gaps(struct tt_store *st, int64_t since, size_t limit, struct tt_kb_gap **out,
                     size_t *n, struct tt_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s =
        tt_sql_prepare(st,
                       "SELECT norm, count(*), sum(results = 0),"
                       " sum(results > 0 AND opened_article IS NULL), max(at) FROM kb_search_log"
                       " WHERE at >= ? AND norm <> '' GROUP BY norm"
                       " HAVING sum(opened_article IS NOT NULL) = 0"
                       " ORDER BY count(*) DESC, max(at) DESC, norm LIMIT ?",
                       err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, since);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = xrealloc(*out, (*n + 1) * sizeof **out);
        struct tt_kb_gap *g = &(*out)[(*n)++];
        g->query = tt_col_text(s, 0);
        g->searches = tt_col_int(s, 1);
        g->no_results = tt_col_int(s, 2);
        g->not_opened = tt_col_int(s, 3);
        g->last_at = tt_col_int(s, 4);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "gap report");
}

void tt_kb_gaps_free(struct tt_kb_gap *g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(g[i].query);
    free(g);
}
