/*
 * embed.c: the embedders behind semantic search.
 *
 * The built-in embedder is latent semantic analysis trained on this KB and on
 * resolved ticket text in the store: TF-IDF over stemmed words, character
 * n-grams and CJK characters/bigrams, reduced by truncated SVD (src/core/lsa.c)
 * to kb.embedder.dims dimensions.  Words that co-occur in articles and tickets
 * ("refund" with "money back", "charged twice") end up close, which is how a
 * query finds an article it shares no word with.  It needs no network and no
 * downloaded model; the model (feature -> idf, projection row) lives in
 * kb_lsa_terms and a text is embedded by summing its features' rows.
 *
 * The OpenAI-compatible embedder posts to kb.embeddings.url (src/net/).
 * Vectors are cached in kb_vectors by (model, content hash).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kb_internal.h"
#include "ticketty/embeddings.h"
#include "ticketty/kbcore.h"
#include "ticketty/store_kb.h"
#include "ticketty/util.h"

#define BUILTIN_DIMS   128
#define MAX_VOCAB      40000
#define MAX_TRAIN_DOCS 4000
#define MAX_TICKETS    5000
#define POWER_ITERS    2
/* Dimension j of the projection is scaled by sigma_j^-SIGMA_POWER.  0 keeps
 * plain LSA (a text maps to U^T x, so documents sit at Sigma V^T); on the demo
 * query set 0 beat whitening (0.5, 1) and sharpening (-0.5, -1): see README. */
#define SIGMA_POWER 0.0

/* ---- a string -> index hash map ------------------------------------------- */

struct smap {
    char **keys;
    uint32_t *vals;
    size_t cap, n;
};

static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* FNV-1a over bytes, continuing from h (the model id's hash). */
static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void smap_grow(struct smap *m);

/* Index of key, inserting it with value n (the insertion order) if absent. */
static uint32_t smap_get_or_add(struct smap *m, const char *key, size_t len, bool *added)
{
    if ((m->n + 1) * 2 > m->cap)
        smap_grow(m);
    size_t i = fnv(key, len) & (m->cap - 1);
    while (m->keys[i]) {
        if (strncmp(m->keys[i], key, len) == 0 && m->keys[i][len] == '\0') {
            if (added)
                *added = false;
            return m->vals[i];
        }
        i = (i + 1) & (m->cap - 1);
    }
    m->keys[i] = xstrndup(key, len);
    m->vals[i] = (uint32_t)m->n++;
    if (added)
        *added = true;
    return m->vals[i];
}

static void smap_grow(struct smap *m)
{
    size_t ocap = m->cap;
    char **okeys = m->keys;
    uint32_t *ovals = m->vals;
    m->cap = ocap ? ocap * 2 : 1024;
    m->keys = xcalloc(m->cap, sizeof *m->keys);
    m->vals = xcalloc(m->cap, sizeof *m->vals);
    for (size_t i = 0; i < ocap; i++) {
        if (!okeys[i])
            continue;
        size_t j = fnv(okeys[i], strlen(okeys[i])) & (m->cap - 1);
        while (m->keys[j])
            j = (j + 1) & (m->cap - 1);
        m->keys[j] = okeys[i];
        m->vals[j] = ovals[i];
    }
    free(okeys);
    free(ovals);
}

static void smap_free(struct smap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---- bag of features of one text ------------------------------------------- */

struct bag {
    struct smap map;
    float *tf; /* by map value */
    size_t cap;
};

static void bag_add(const char *f, size_t len, float w, void *ud)
{
    struct bag *b = ud;
    bool added;
    uint32_t i = smap_get_or_add(&b->map, f, len, &added);
    if (i >= b->cap) {
        b->cap = b->cap ? b->cap * 2 : 256;
        b->tf = xrealloc(b->tf, b->cap * sizeof *b->tf);
    }
    if (added)
        b->tf[i] = 0;
    b->tf[i] += w;
}

static void bag_free(struct bag *b)
{
    smap_free(&b->map);
    free(b->tf);
    memset(b, 0, sizeof *b);
}

static float tf_weight(float tf)
{
    return logf(1.0f + tf);
}

/* ---- the built-in embedder ------------------------------------------------- */

struct builtin {
    struct tt_store *st;
    /* The whole model in memory, loaded for bulk embedding. */
    bool loaded;
    struct smap terms;
    float *idf, *rows;
    size_t cap;
    int dim;
};

static void load_term(const char *term, float idf, const float *row, void *ud)
{
    struct builtin *b = ud;
    bool added;
    uint32_t i = smap_get_or_add(&b->terms, term, strlen(term), &added);
    if (i >= b->cap) {
        b->cap = b->cap ? b->cap * 2 : 4096;
        b->idf = xrealloc(b->idf, b->cap * sizeof *b->idf);
        b->rows = xrealloc(b->rows, b->cap * (size_t)b->dim * sizeof *b->rows);
    }
    b->idf[i] = idf;
    memcpy(b->rows + (size_t)i * b->dim, row, b->dim * sizeof *row);
}

/* Look a term up in memory (when loaded) or in the store. */
static int term_get(struct builtin *b, const char *model, const char *term, float *idf, float *row,
                    struct tt_err *err)
{
    if (!b->loaded)
        return tt_store_kb_lsa_get(b->st, model, term, idf, row, b->dim, err);
    if (!b->terms.cap)
        return 0;
    size_t len = strlen(term);
    size_t i = fnv(term, len) & (b->terms.cap - 1);
    while (b->terms.keys[i]) {
        if (strcmp(b->terms.keys[i], term) == 0) {
            uint32_t v = b->terms.vals[i];
            *idf = b->idf[v];
            memcpy(row, b->rows + (size_t)v * b->dim, b->dim * sizeof *row);
            return 1;
        }
        i = (i + 1) & (b->terms.cap - 1);
    }
    return 0;
}

static int builtin_embed(struct tt_kb_embedder *e, const char *const *texts, size_t n, float *vecs,
                         struct tt_err *err)
{
    struct builtin *b = e->impl;
    /* Many texts (indexing): one pass over the model beats a lookup per term. */
    if (n > 16 && !b->loaded) {
        if (tt_store_kb_lsa_each(b->st, e->model, e->dim, load_term, b, err) < 0)
            return -1;
        b->loaded = true;
    }
    float *row = xmalloc(e->dim * sizeof *row);
    for (size_t t = 0; t < n; t++) {
        float *v = vecs + t * e->dim;
        memset(v, 0, e->dim * sizeof *v);
        struct bag bag = {0};
        tt_kb_features(texts[t], bag_add, &bag);
        /* Character n-grams only refine: a text none of whose words (or CJK
         * bigrams) the model knows gets no vector, so "quantum physics" does
         * not land next to whatever shares a few letters with it. */
        bool known_word = false;
        for (size_t i = 0; i < bag.map.cap; i++) {
            if (!bag.map.keys[i])
                continue;
            float idf;
            int found = term_get(b, e->model, bag.map.keys[i], &idf, row, err);
            if (found < 0) {
                bag_free(&bag);
                free(row);
                return -1;
            }
            if (!found)
                continue;
            const char *key = bag.map.keys[i];
            if (key[0] == 'w' || key[0] == 'k')
                known_word = true;
            float x = tf_weight(bag.tf[bag.map.vals[i]]) * idf;
            for (int j = 0; j < e->dim; j++)
                v[j] += x * row[j];
        }
        bag_free(&bag);
        if (!known_word)
            memset(v, 0, e->dim * sizeof *v);
        tt_vec_normalize(v, e->dim);
    }
    free(row);
    return 0;
}

static void builtin_free(struct tt_kb_embedder *e)
{
    struct builtin *b = e->impl;
    smap_free(&b->terms);
    free(b->idf);
    free(b->rows);
    free(b);
}

struct tt_kb_embedder *tt_kb_builtin_open(struct tt_store *st, bool *missing, struct tt_err *err)
{
    *missing = false;
    char *model = NULL, *dims = NULL;
    if (tt_store_kb_state_get(st, "model", &model, err) < 0 ||
        tt_store_kb_state_get(st, "model_dims", &dims, err) < 0) {
        free(model);
        return NULL;
    }
    if (!model || !dims) {
        free(model);
        free(dims);
        *missing = true;
        tt_errf(err, "the built-in embedder has no model yet: run `ticketty kb index`");
        return NULL;
    }
    struct tt_kb_embedder *e = xcalloc(1, sizeof *e);
    e->model = model;
    e->dim = atoi(dims);
    free(dims);
    e->embed = builtin_embed;
    e->free = builtin_free;
    struct builtin *b = xcalloc(1, sizeof *b);
    b->st = st;
    b->dim = e->dim;
    e->impl = b;
    return e;
}

/* ---- training -------------------------------------------------------------- */

struct trainer {
    struct smap vocab; /* feature -> index */
    uint32_t *df;
    size_t df_cap;
    /* CSR rows (documents) over raw feature indices, tf in val. */
    size_t *ptr;
    uint32_t *term;
    float *val;
    size_t n_docs, nnz, cap_nnz;
};

static void trainer_add_doc(struct trainer *t, const char *text)
{
    struct bag bag = {0};
    tt_kb_features(text, bag_add, &bag);
    t->ptr = xrealloc(t->ptr, (t->n_docs + 2) * sizeof *t->ptr);
    if (t->n_docs == 0)
        t->ptr[0] = 0;
    for (size_t i = 0; i < bag.map.cap; i++) {
        if (!bag.map.keys[i])
            continue;
        const char *k = bag.map.keys[i];
        uint32_t id = smap_get_or_add(&t->vocab, k, strlen(k), NULL);
        if (id >= t->df_cap) {
            size_t old = t->df_cap;
            t->df_cap = t->df_cap ? t->df_cap * 2 : 4096;
            while (id >= t->df_cap)
                t->df_cap *= 2;
            t->df = xrealloc(t->df, t->df_cap * sizeof *t->df);
            memset(t->df + old, 0, (t->df_cap - old) * sizeof *t->df);
        }
        t->df[id]++;
        if (t->nnz == t->cap_nnz) {
            t->cap_nnz = t->cap_nnz ? t->cap_nnz * 2 : 65536;
            t->term = xrealloc(t->term, t->cap_nnz * sizeof *t->term);
            t->val = xrealloc(t->val, t->cap_nnz * sizeof *t->val);
        }
        t->term[t->nnz] = id;
        t->val[t->nnz] = bag.tf[bag.map.vals[i]];
        t->nnz++;
    }
    bag_free(&bag);
    t->ptr[++t->n_docs] = t->nnz;
}

static void trainer_free(struct trainer *t)
{
    smap_free(&t->vocab);
    free(t->df);
    free(t->ptr);
    free(t->term);
    free(t->val);
}

/* Sections of an article as extra training documents: co-occurrence within a
 * few paragraphs (under the article's title) is sharper than over a whole page. */
#define CHUNK_WORDS 80
static void add_chunks(struct trainer *t, const struct tt_kb_article *a)
{
    if (!CHUNK_WORDS || !a->text)
        return;
    struct tt_buf b = {0};
    size_t words = 0, chunks = 0;
    const char *p = a->text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (!b.len) {
            tt_buf_puts(&b, a->title ? a->title : "");
            tt_buf_putc(&b, '\n');
        }
        tt_buf_append(&b, p, len);
        tt_buf_putc(&b, '\n');
        for (size_t i = 0; i < len; i++)
            if (p[i] == ' ')
                words++;
        words++;
        if (words >= CHUNK_WORDS) {
            trainer_add_doc(t, b.data);
            chunks++;
            b.len = 0;
            words = 0;
        }
        p += len + (nl != NULL);
    }
    if (b.len && words >= CHUNK_WORDS / 4 && chunks)
        trainer_add_doc(t, b.data);
    tt_buf_free(&b);
}

struct dfrank {
    uint32_t id, df;
};

static int dfrank_cmp(const void *a, const void *b)
{
    const struct dfrank *x = a, *y = b;
    if (x->df != y->df)
        return x->df > y->df ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Train and store a new model; returns its id in *model_out. */
static int train(struct tt_store *st, struct tt_kb_article *arts, size_t n_arts, char **model_out,
                 int *dim_out, struct tt_err *err)
{
    struct trainer t = {0};
    char **tickets = NULL;
    size_t n_tickets = 0;
    if (tt_store_kb_ticket_corpus(st, MAX_TICKETS, &tickets, &n_tickets, err) < 0)
        return -1;
    /* Sample evenly when the corpus is large: the model needs co-occurrence,
     * not every document. */
    size_t total = n_arts + n_tickets;
    size_t step_num = total > MAX_TRAIN_DOCS ? total : MAX_TRAIN_DOCS;
    size_t acc = 0;
    for (size_t i = 0; i < total; i++) {
        acc += MAX_TRAIN_DOCS;
        if (acc < step_num && total > MAX_TRAIN_DOCS)
            continue;
        acc -= step_num;
        if (i < n_arts) {
            char *txt = tt_kb_embed_text(&arts[i]);
            trainer_add_doc(&t, txt);
            free(txt);
            add_chunks(&t, &arts[i]);
        } else {
            trainer_add_doc(&t, tickets[i - n_arts]);
        }
    }
    for (size_t i = 0; i < n_tickets; i++)
        free(tickets[i]);
    free(tickets);

    /* Vocabulary: features seen in two documents or more, most frequent first. */
    size_t nv = t.vocab.n;
    struct dfrank *rank = xmalloc((nv ? nv : 1) * sizeof *rank);
    size_t kept = 0;
    uint32_t min_df = t.n_docs >= 8 ? 2 : 1;
    for (uint32_t i = 0; i < nv; i++)
        if (t.df[i] >= min_df)
            rank[kept++] = (struct dfrank){i, t.df[i]};
    qsort(rank, kept, sizeof *rank, dfrank_cmp);
    if (kept > MAX_VOCAB)
        kept = MAX_VOCAB;
    uint32_t *remap = xmalloc((nv ? nv : 1) * sizeof *remap);
    for (size_t i = 0; i < nv; i++)
        remap[i] = UINT32_MAX;
    float *idf = xmalloc((kept ? kept : 1) * sizeof *idf);
    for (size_t i = 0; i < kept; i++) {
        remap[rank[i].id] = (uint32_t)i;
        idf[i] = (float)(log((double)(t.n_docs + 1) / (double)(rank[i].df + 1)) + 1.0);
    }
    /* Weighted, normalised rows over the kept vocabulary. */
    size_t w = 0;
    for (size_t d = 0; d < t.n_docs; d++) {
        size_t start = w;
        double norm = 0;
        for (size_t p = t.ptr[d]; p < t.ptr[d + 1]; p++) {
            uint32_t nid = remap[t.term[p]];
            if (nid == UINT32_MAX)
                continue;
            float x = tf_weight(t.val[p]) * idf[nid];
            t.term[w] = nid;
            t.val[w] = x;
            norm += (double)x * x;
            w++;
        }
        norm = sqrt(norm);
        for (size_t p = start; p < w && norm > 0; p++)
            t.val[p] = (float)(t.val[p] / norm);
        t.ptr[d] = start;
    }
    if (t.n_docs)
        t.ptr[t.n_docs] = w;
    /* ptr[d] now holds starts; shift into CSR offsets (start of d, end = start of d+1). */
    /* Truncation is what makes LSA semantic: at full rank it reproduces plain
     * TF-IDF cosine.  Keep about a quarter of the corpus' rank. */
    int k = BUILTIN_DIMS;
    const double kfrac = 0.25;
    if ((double)t.n_docs * kfrac < k)
        k = (int)((double)t.n_docs * kfrac);
    if (k < 2)
        k = 2;
    float *u = xcalloc((kept ? kept : 1) * (size_t)k, sizeof *u);
    double sigma[BUILTIN_DIMS];
    struct tt_lsa_matrix m = {t.n_docs, kept, t.ptr, t.term, t.val};
    size_t zero_ptr[1] = {0};
    if (!t.n_docs)
        m.doc_ptr = zero_ptr;
    int rank_found = tt_lsa_train(&m, k, POWER_ITERS, 0x5eed, u, sigma);
    /* Collect the feature names by their kept index. */
    const char **names = xcalloc(kept ? kept : 1, sizeof *names);
    for (size_t i = 0; i < t.vocab.cap; i++) {
        if (!t.vocab.keys[i])
            continue;
        uint32_t nid = remap[t.vocab.vals[i]];
        if (nid != UINT32_MAX)
            names[nid] = t.vocab.keys[i];
    }
    /* Store: model id, terms with their scaled rows.  The id names what was
     * learnt (a hash of the vocabulary, weights and factors), not when: the
     * same training input gives the same id, so demo init is reproducible,
     * and a changed corpus gives a new id, so cached vectors are redone. */
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < kept; i++) {
        const char *name = names[i] ? names[i] : "";
        h = fnv1a(h, name, strlen(name) + 1);
        h = fnv1a(h, &idf[i], sizeof idf[i]);
        h = fnv1a(h, &u[i * (size_t)k], (size_t)k * sizeof *u);
    }
    h = fnv1a(h, sigma, (size_t)(rank_found > 0 ? rank_found : 0) * sizeof *sigma);
    char *model = xasprintf("builtin-lsa-%d-%016llx-%zu", k, (unsigned long long)h, t.n_docs);
    int rc = -1;
    if (tt_store_kb_lsa_clear(st, err) < 0) {
        free(names);
        goto out;
    }
    float *row = xmalloc(k * sizeof *row);
    for (size_t i = 0; i < kept; i++) {
        for (int j = 0; j < k; j++) {
            double s = j < rank_found && sigma[j] > 0 ? pow(sigma[j], -SIGMA_POWER) : 0.0;
            row[j] = (float)(u[i * (size_t)k + j] * s);
        }
        if (tt_store_kb_lsa_put(st, model, names[i], idf[i], row, k, err) < 0) {
            free(row);
            free(names);
            goto out;
        }
    }
    free(row);
    free(names);
    char dims[16];
    snprintf(dims, sizeof dims, "%d", k);
    if (tt_store_kb_state_set(st, "model", model, err) < 0 ||
        tt_store_kb_state_set(st, "model_dims", dims, err) < 0)
        goto out;
    char docs[32];
    snprintf(docs, sizeof docs, "%zu", n_arts);
    if (tt_store_kb_state_set(st, "model_articles", docs, err) < 0 ||
        tt_store_kb_state_set(st, "changed_since_train", "0", err) < 0)
        goto out;
    *model_out = model;
    model = NULL;
    *dim_out = k;
    rc = 0;
out:
    free(model);
    free(u);
    free(idf);
    free(remap);
    free(rank);
    trainer_free(&t);
    return rc;
}

/* ---- keeping vectors current ------------------------------------------------ */

static const char *embedder_kind(const struct tt_config *cfg)
{
    const char *k = cfg ? tt_config_str(cfg, "kb.embedder") : NULL;
    return k ? k : "builtin";
}

struct tt_kb_embedder *tt_kb_embedder_open(struct tt_store *st, const struct tt_config *cfg,
                                           bool *missing, struct tt_err *err)
{
    *missing = false;
    if (strcmp(embedder_kind(cfg), "openai") == 0)
        return tt_kb_openai_open(cfg, err);
    return tt_kb_builtin_open(st, missing, err);
}

void tt_kb_embedder_free(struct tt_kb_embedder *e)
{
    if (!e)
        return;
    if (e->free)
        e->free(e);
    free(e->model);
    free(e);
}

int tt_kb_embed_sync(struct tt_store *st, const struct tt_config *cfg, size_t changed, bool retrain,
                     struct tt_kb_index_report *r, struct tt_err *err)
{
    bool builtin = strcmp(embedder_kind(cfg), "openai") != 0;
    struct tt_kb_article *arts = NULL;
    size_t n = 0, total = (size_t)tt_store_kb_article_count(st);
    int rc = -1;
    struct tt_kb_embedder *e = NULL;
    char *vmodel = NULL;
    if (builtin) {
        char *model = NULL, *v = NULL, *trained = NULL;
        if (tt_store_kb_state_get(st, "model", &model, err) < 0 ||
            tt_store_kb_state_get(st, "changed_since_train", &v, err) < 0 ||
            tt_store_kb_state_get(st, "model_articles", &trained, err) < 0) {
            free(model);
            free(v);
            free(trained);
            goto out;
        }
        size_t since = (v ? (size_t)strtoull(v, NULL, 10) : 0) + changed;
        size_t base = trained ? (size_t)strtoull(trained, NULL, 10) : 0;
        size_t limit = base / 4 > 20 ? base / 4 : 20;
        free(v);
        free(trained);
        bool need = retrain || !model || since > limit;
        free(model);
        if (need && total > 0) {
            /* Training reads every article; embedding below only the new ones. */
            if (tt_store_kb_article_list(st, true, &arts, &n, err) < 0)
                goto out;
            char *m;
            int dim;
            int trc = train(st, arts, n, &m, &dim, err);
            tt_kb_article_list_free(arts, n);
            arts = NULL;
            n = 0;
            if (trc < 0)
                goto out;
            free(m);
            r->retrained = true;
        } else {
            char buf[32];
            snprintf(buf, sizeof buf, "%zu", since);
            if (tt_store_kb_state_set(st, "changed_since_train", buf, err) < 0)
                goto out;
        }
    }
    if (total == 0) {
        rc = 0;
        goto out;
    }
    bool missing;
    e = tt_kb_embedder_open(st, cfg, &missing, err);
    if (!e)
        goto out;
    if (tt_store_kb_articles_unembedded(st, e->model, &arts, &n, err) < 0)
        goto out;
    /* Embed in batches. */
    const size_t batch = 32;
    const char **texts = xmalloc(batch * sizeof *texts);
    float *vecs = xmalloc(batch * e->dim * sizeof *vecs);
    bool failed = false;
    for (size_t i = 0; i < n && !failed; i += batch) {
        size_t nb = n - i < batch ? n - i : batch;
        for (size_t j = 0; j < nb; j++)
            texts[j] = tt_kb_embed_text(&arts[i + j]);
        failed = e->embed(e, texts, nb, vecs, err) < 0;
        for (size_t j = 0; j < nb && !failed; j++) {
            if (tt_store_kb_vector_put(st, e->model, arts[i + j].content_hash, vecs + j * e->dim,
                                       e->dim, err) < 0)
                failed = true;
            else
                r->embedded++;
        }
        for (size_t j = 0; j < nb; j++)
            free((char *)texts[j]);
    }
    free(texts);
    free(vecs);
    if (failed)
        goto out;
    /* Vectors of an older model are dead weight: drop them when it changes. */
    if (tt_store_kb_state_get(st, "vector_model", &vmodel, err) < 0)
        goto out;
    if (!vmodel || strcmp(vmodel, e->model) != 0) {
        if (tt_store_kb_vector_prune(st, e->model, err) < 0 ||
            tt_store_kb_state_set(st, "vector_model", e->model, err) < 0)
            goto out;
    }
    rc = 0;
out:
    free(vmodel);
    tt_kb_embedder_free(e);
    tt_kb_article_list_free(arts, n);
    return rc;
}
