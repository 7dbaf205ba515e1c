/*
 * search.c: kb search: lexical (FTS5 BM25; trigrams and, for words of one or
 * two characters, unigrams + bigrams for CJK), semantic
 * (brute-force cosine over the cached article vectors) and hybrid (reciprocal
 * rank fusion of the two).  Filters apply inside both rankings, so a customer
 * search never sees an internal article at any stage.
 *
 * The article vectors are loaded once per process and reused until the KB's
 * generation (bumped by every index) or the model changes: a search costs one
 * FTS query, one query embedding and one pass over n x dim floats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kb_internal.h"
#include "ticketty/kbcore.h"
#include "ticketty/store_kb.h"
#include "ticketty/util.h"

#define RRF_K 60.0
#define POOL  50
/* Below this cosine a semantic neighbour is noise, not a result. */
#define MIN_COSINE 0.20f

const char *tt_kb_mode_name(enum tt_kb_mode m)
{
    switch (m) {
    case TT_KB_LEXICAL:
        return "bm25";
    case TT_KB_SEMANTIC:
        return "semantic";
    case TT_KB_HYBRID:
        break;
    }
    return "hybrid";
}

int tt_kb_mode_from_name(const char *s)
{
    if (!s)
        return -1;
    if (strcmp(s, "hybrid") == 0)
        return TT_KB_HYBRID;
    if (strcmp(s, "bm25") == 0 || strcmp(s, "lexical") == 0 || strcmp(s, "fts") == 0)
        return TT_KB_LEXICAL;
    if (strcmp(s, "semantic") == 0)
        return TT_KB_SEMANTIC;
    return -1;
}

void tt_kb_search_opts_init(struct tt_kb_search_opts *o)
{
    memset(o, 0, sizeof *o);
    o->limit = 10;
    o->mode = TT_KB_HYBRID;
    o->log = true;
}

void tt_kb_results_free(struct tt_kb_result *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(r[i].id);
        free(r[i].slug);
        free(r[i].path);
        free(r[i].title);
        free(r[i].excerpt);
        free(r[i].category);
        free(r[i].snippet);
    }
    free(r);
}

/* ---- the vector cache ------------------------------------------------------ */

static struct {
    const struct tt_store *st;
    char *db;
    int64_t generation;
    char *model;
    int dim;
    struct tt_kb_vecrow *rows;
    float *vecs;
    size_t n;
} cache;

void tt_kb_search_cache_reset(void)
{
    for (size_t i = 0; i < cache.n; i++)
        free(cache.rows[i].category);
    free(cache.rows);
    free(cache.vecs);
    free(cache.model);
    free(cache.db);
    memset(&cache, 0, sizeof cache);
}

static int cache_load(struct tt_store *st, const char *model, int dim, struct tt_err *err)
{
    int64_t gen = tt_store_kb_generation(st);
    if (cache.st == st && cache.db && strcmp(cache.db, tt_store_path(st)) == 0 &&
        cache.generation == gen && cache.model && strcmp(cache.model, model) == 0 &&
        cache.dim == dim)
        return 0;
    tt_kb_search_cache_reset();
    if (tt_store_kb_vectors_load(st, model, dim, &cache.rows, &cache.vecs, &cache.n, err) < 0) {
        tt_kb_search_cache_reset();
        return -1;
    }
    cache.st = st;
    cache.db = xstrdup(tt_store_path(st));
    cache.generation = gen;
    cache.model = xstrdup(model);
    cache.dim = dim;
    return 0;
}

/* ---- the rankings ---------------------------------------------------------- */

/* The full-text expressions of one query, one per index (kbcore.h). */
struct lexq {
    char *words;      /* kb_fts */
    char *trigrams;   /* kb_fts_cjk: CJK runs of three characters or more */
    char *grams;      /* kb_fts_grams: CJK runs of one or two characters */
    char *grams_long; /* kb_fts_grams: those and the bigrams of longer runs */
    bool used_long;   /* grams_long was the one searched */
};

static void lexq_free(struct lexq *l)
{
    free(l->words);
    free(l->trigrams);
    free(l->grams);
    free(l->grams_long);
    memset(l, 0, sizeof *l);
}

static int lexical(struct tt_store *st, struct lexq *lq, const struct tt_kb_search_opts *o,
                   size_t want, size_t pool, struct tt_kb_result **out, size_t *n,
                   struct tt_err *err)
{
    *out = NULL;
    *n = 0;
    const char *q = lq->words;
    struct tt_kb_result *r[3] = {NULL, NULL, NULL};
    size_t nr[3] = {0, 0, 0};
    struct tt_kb_result *a = NULL;
    size_t na = 0;
    /* All words first: with common words an OR query matches most of the KB
     * and ranking every match is what costs.  Too few hits: any word. */
    if (q && strstr(q, " OR ")) {
        struct tt_buf all = {0};
        for (const char *p = q; *p;) {
            const char * or = strstr(p, " OR ");
            size_t len = or ? (size_t)(or -p) : strlen(p);
            tt_buf_append(&all, p, len);
            if (or)
                tt_buf_putc(&all, ' ');
            p += len + (or ? 4 : 0);
        }
        int rc = tt_store_kb_fts(st, all.data, TT_KB_FTS_WORDS, o, pool, &a, &na, err);
        tt_buf_free(&all);
        if (rc < 0)
            return -1;
        if (na < want) {
            tt_kb_results_free(a, na);
            a = NULL;
            na = 0;
        }
    }
    if (!na && tt_store_kb_fts(st, q, TT_KB_FTS_WORDS, o, pool, &a, &na, err) < 0)
        return -1;
    r[0] = a;
    nr[0] = na;
    if (lq->trigrams &&
        tt_store_kb_fts(st, lq->trigrams, TT_KB_FTS_TRIGRAM, o, pool, &r[1], &nr[1], err) < 0)
        goto fail;
    /* Short CJK words; an unspaced query ("如何退款") the trigrams miss
     * entirely is tried as its bigrams. */
    lq->used_long = lq->trigrams && !nr[1] && lq->grams_long;
    const char *g = lq->used_long ? lq->grams_long : lq->grams;
    if (g && tt_store_kb_fts(st, g, TT_KB_FTS_GRAMS, o, pool, &r[2], &nr[2], err) < 0)
        goto fail;
    size_t lists = 0, only = 0;
    for (size_t k = 0; k < 3; k++) {
        if (nr[k]) {
            lists++;
            only = k;
        }
    }
    if (lists <= 1) {
        for (size_t k = 0; k < 3; k++) {
            if (k == only) {
                *out = r[k];
                *n = nr[k];
            } else {
                tt_kb_results_free(r[k], nr[k]);
            }
        }
        return 0;
    }
    /* Several indexes matched (a mixed query: "退款 refund", "API 密钥",
     * short and long CJK words): fuse their rankings. */
    int64_t *ids_in[3] = {NULL, NULL, NULL};
    const int64_t *lp[3];
    size_t lens[3], m_lists = 0, total = 0;
    for (size_t k = 0; k < 3; k++) {
        if (!nr[k])
            continue;
        ids_in[k] = xmalloc(nr[k] * sizeof *ids_in[k]);
        for (size_t i = 0; i < nr[k]; i++)
            ids_in[k][i] = r[k][i].rowid;
        lp[m_lists] = ids_in[k];
        lens[m_lists++] = nr[k];
        total += nr[k];
    }
    int64_t *ids = xmalloc(total * sizeof *ids);
    double *scores = xmalloc(total * sizeof *scores);
    size_t m = tt_kb_rrf(lp, lens, m_lists, RRF_K, ids, scores, pool);
    struct tt_kb_result *res = xcalloc(m ? m : 1, sizeof *res);
    for (size_t i = 0; i < m; i++) {
        struct tt_kb_result *src = NULL;
        for (size_t k = 0; k < 3 && !src; k++)
            for (size_t j = 0; j < nr[k] && !src; j++)
                if (r[k][j].rowid == ids[i])
                    src = &r[k][j];
        res[i] = *src;
        memset(src, 0, sizeof *src); /* moved */
        res[i].score = scores[i];
    }
    for (size_t k = 0; k < 3; k++) {
        tt_kb_results_free(r[k], nr[k]);
        free(ids_in[k]);
    }
    free(ids);
    free(scores);
    *out = res;
    *n = m;
    return 0;
fail:
    for (size_t k = 0; k < 3; k++)
        tt_kb_results_free(r[k], nr[k]);
    return -1;
}

static int semantic(struct tt_store *st, const char *query, const struct tt_kb_search_opts *o,
                    size_t pool, struct tt_kb_result **out, size_t *n, struct tt_err *err)
{
    *out = NULL;
    *n = 0;
    bool missing;
    struct tt_err eerr;
    struct tt_kb_embedder *e = tt_kb_embedder_open(st, o->config, &missing, &eerr);
    if (!e) {
        if (missing)
            return 0; /* no model yet: semantic ranking is empty, not an error */
        tt_errf(err, "%s", eerr.msg);
        return -1;
    }
    float *qv = xmalloc(e->dim * sizeof *qv);
    int rc = e->embed(e, &query, 1, qv, err);
    if (rc == 0)
        rc = cache_load(st, e->model, e->dim, err);
    bool zero = true;
    for (int j = 0; j < e->dim && zero; j++)
        zero = qv[j] == 0.0f;
    if (rc < 0 || zero || !cache.n) {
        free(qv);
        tt_kb_embedder_free(e);
        return rc;
    }
    int aud = tt_kb_audience_filter(o->audience);
    int vis = tt_kb_visibility_level(o->visibility);
    float *scores = xmalloc(cache.n * sizeof *scores);
    bool *keep = xmalloc(cache.n * sizeof *keep);
    for (size_t i = 0; i < cache.n; i++) {
        const struct tt_kb_vecrow *r = &cache.rows[i];
        keep[i] =
            tt_kb_filter_allows(aud, vis, o->category, r->audience, r->visibility, r->category);
        scores[i] = keep[i] ? tt_vec_dot(qv, cache.vecs + i * e->dim, e->dim) : 0.0f;
        if (scores[i] < MIN_COSINE)
            keep[i] = false;
    }
    size_t *idx = xmalloc(pool * sizeof *idx);
    size_t m = tt_vec_topk(scores, keep, cache.n, pool, idx);
    struct tt_kb_result *res = xcalloc(m ? m : 1, sizeof *res);
    for (size_t i = 0; i < m; i++) {
        res[i].rowid = cache.rows[idx[i]].rowid;
        res[i].score = scores[idx[i]];
    }
    free(idx);
    free(scores);
    free(keep);
    free(qv);
    tt_kb_embedder_free(e);
    *out = res;
    *n = m;
    return 0;
}

static int fill(struct tt_store *st, struct tt_kb_result *r, size_t n, struct tt_err *err)
{
    for (size_t i = 0; i < n; i++)
        if (!r[i].id && tt_store_kb_result_fill(st, &r[i], err) < 0)
            return -1;
    return 0;
}

static int search_logged(struct tt_store *st, const char *query,
                         const struct tt_kb_search_opts *opts, struct tt_kb_result **out, size_t *n,
                         int64_t *search_id, struct tt_err *err)
{
    *out = NULL;
    *n = 0;
    if (search_id)
        *search_id = 0;
    struct tt_kb_search_opts o;
    if (opts)
        o = *opts;
    else
        tt_kb_search_opts_init(&o);
    if (tt_kb_audience_filter(o.audience) < 0)
        return tt_errf(err, "audience \"%s\" is not one of customer, internal, any", o.audience);
    if (tt_kb_visibility_level(o.visibility) < 0)
        return tt_errf(err, "visibility \"%s\" is not one of public, authenticated, internal",
                       o.visibility);
    size_t limit = o.limit ? o.limit : 10;
    size_t pool = limit > POOL ? limit : POOL;
    char *norm = tt_kb_normalize_query(query);
    bool empty = !*norm;
    free(norm);
    if (empty)
        return 0;

    struct tt_kb_result *lex = NULL, *sem = NULL, *res = NULL;
    size_t nl = 0, ns = 0, nr = 0, nlex = 0;
    int64_t *lexids = NULL;
    struct lexq lq = {
        .words = tt_kb_fts_query(query, o.prefix),
        .trigrams = tt_kb_fts_cjk_query(query),
        .grams = tt_kb_fts_grams_query(query, false, false),
        .grams_long = tt_kb_fts_grams_query(query, true, false),
    };
    char *gsnip = NULL;
    if (o.mode != TT_KB_SEMANTIC && lexical(st, &lq, &o, limit, pool, &lex, &nl, err) < 0)
        goto fail;
    if (o.mode != TT_KB_LEXICAL && semantic(st, query, &o, pool, &sem, &ns, err) < 0) {
        if (o.mode == TT_KB_SEMANTIC)
            goto fail;
        /* Hybrid with the embeddings server down: full text alone still helps. */
        sem = NULL;
        ns = 0;
        tt_err_clear(err);
    }
    /* Which results full text found (they get snippets). */
    lexids = xmalloc((nl ? nl : 1) * sizeof *lexids);
    nlex = nl;
    for (size_t i = 0; i < nl; i++)
        lexids[i] = lex[i].rowid;
    if (o.mode == TT_KB_LEXICAL) {
        res = lex;
        nr = nl;
        lex = NULL;
        nl = 0;
    } else if (o.mode == TT_KB_SEMANTIC) {
        res = sem;
        nr = ns;
        sem = NULL;
        ns = 0;
    } else {
        int64_t *il = xmalloc((nl ? nl : 1) * sizeof *il),
                *is = xmalloc((ns ? ns : 1) * sizeof *is);
        for (size_t i = 0; i < nl; i++)
            il[i] = lex[i].rowid;
        for (size_t i = 0; i < ns; i++)
            is[i] = sem[i].rowid;
        const int64_t *lists[2] = {il, is};
        size_t lens[2] = {nl, ns};
        int64_t *ids = xmalloc((nl + ns + 1) * sizeof *ids);
        double *scores = xmalloc((nl + ns + 1) * sizeof *scores);
        nr = tt_kb_rrf(lists, lens, 2, RRF_K, ids, scores, limit);
        res = xcalloc(nr ? nr : 1, sizeof *res);
        for (size_t i = 0; i < nr; i++) {
            res[i].rowid = ids[i];
            res[i].score = scores[i];
            for (size_t j = 0; j < nl; j++) {
                if (lex[j].rowid == ids[i]) {
                    res[i].snippet = lex[j].snippet;
                    lex[j].snippet = NULL;
                    break;
                }
            }
        }
        free(il);
        free(is);
        free(ids);
        free(scores);
    }
    tt_kb_results_free(lex, nl);
    tt_kb_results_free(sem, ns);
    lex = sem = NULL;
    nl = ns = 0;
    if (nr > limit) {
        for (size_t i = limit; i < nr; i++) {
            struct tt_kb_result *r = &res[i];
            free(r->id);
            free(r->slug);
            free(r->path);
            free(r->title);
            free(r->excerpt);
            free(r->category);
            free(r->snippet);
        }
        nr = limit;
    }
    if (fill(st, res, nr, err) < 0)
        goto fail;
    /* Snippets for what is shown only: the matched words in context. */
    for (size_t i = 0; i < nr; i++) {
        bool hit = false;
        for (size_t j = 0; j < nlex && !hit; j++)
            hit = lexids[j] == res[i].rowid;
        if (!hit)
            continue;
        if (!res[i].snippet && tt_store_kb_snippet(st, lq.words, TT_KB_FTS_WORDS, res[i].rowid,
                                                   &res[i].snippet, err) < 0)
            goto fail;
        if (!res[i].snippet && lq.trigrams &&
            tt_store_kb_snippet(st, lq.trigrams, TT_KB_FTS_TRIGRAM, res[i].rowid, &res[i].snippet,
                                err) < 0)
            goto fail;
        if (!res[i].snippet && (lq.grams || lq.used_long) && !gsnip)
            gsnip = tt_kb_fts_grams_query(query, lq.used_long, true);
        if (!res[i].snippet && gsnip &&
            tt_store_kb_snippet(st, gsnip, TT_KB_FTS_GRAMS, res[i].rowid, &res[i].snippet, err) < 0)
            goto fail;
    }
    free(gsnip);
    gsnip = NULL;
    free(lexids);
    lexids = NULL;
    lexq_free(&lq);
    if (o.log) {
        struct tt_buf top = {0};
        for (size_t i = 0; i < nr; i++) {
            if (top.len)
                tt_buf_putc(&top, ' ');
            tt_buf_puts(&top, res[i].id);
        }
        int64_t id = 0;
        int rc =
            tt_store_kb_log_search(st, query, o.audience, nr, tt_buf_str(&top), tt_now(), &id, err);
        tt_buf_free(&top);
        if (rc < 0) {
            tt_kb_results_free(res, nr);
            return -1;
        }
        if (search_id)
            *search_id = id;
    }
    *out = res;
    *n = nr;
    return 0;
fail:
    free(lexids);
    tt_kb_results_free(lex, nl);
    tt_kb_results_free(sem, ns);
    tt_kb_results_free(res, nr);
    lexq_free(&lq);
    free(gsnip);
    return -1;
}

/* The work per query grows faster than its length (the OR of every word and
 * CJK bigram, the embedder's features), and triage searches with a whole
 * ticket's text, which a sync brings from anyone: a query is its first
 * TT_KB_QUERY_MAX bytes, cut at a character boundary (100,000 CJK characters
 * took 10 s and 270 MB per ticket). */
size_t tt_kb_query_len(const char *query)
{
    size_t len = strlen(query);
    if (len <= TT_KB_QUERY_MAX)
        return len;
    len = TT_KB_QUERY_MAX;
    while (len > 0 && ((unsigned char)query[len] & 0xC0) == 0x80)
        len--;
    return len;
}

int tt_kb_search_logged(struct tt_store *st, const char *query,
                        const struct tt_kb_search_opts *opts, struct tt_kb_result **out, size_t *n,
                        int64_t *search_id, struct tt_err *err)
{
    size_t len = query ? tt_kb_query_len(query) : 0;
    if (!query || !query[len]) /* short enough: searched as it is */
        return search_logged(st, query, opts, out, n, search_id, err);
    char *cut = xstrndup(query, len);
    int rc = search_logged(st, cut, opts, out, n, search_id, err);
    free(cut);
    return rc;
}

int tt_kb_search(struct tt_store *st, const char *query, const struct tt_kb_search_opts *opts,
                 struct tt_kb_result **out, size_t *n, struct tt_err *err)
{
    return tt_kb_search_logged(st, query, opts, out, n, NULL, err);
}
