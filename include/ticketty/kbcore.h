/*
 * kbcore.h: the knowledge base's pure logic (src/core/kb_*.c, src/core/lsa.c):
 * text features, FTS5 query building, audience filters, reciprocal rank
 * fusion, retrieval metrics, vector arithmetic and the truncated SVD behind the
 * built-in embedder.  No I/O and no library types: everything here is tested
 * table-driven in tests/unit/test_kb_core.c.  Owned by the kb module.
 */
#ifndef TICKETTY_KBCORE_H
#define TICKETTY_KBCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- filters ------------------------------------------------------------ */

enum { TT_KB_AUD_ANY = 0, TT_KB_AUD_CUSTOMER = 1, TT_KB_AUD_INTERNAL = 2 };
/* NULL/"any"/"all" -> ANY, "customer", "internal"; -1 for anything else. */
int tt_kb_audience_filter(const char *s);
/* Most private visibility a search may return: "public" 0, "authenticated" 1,
 * "internal" (or NULL/"any") 2; -1 for anything else. */
int tt_kb_visibility_level(const char *s);
/* Whether an article (audience 'c'/'i'/'b', visibility 'p'/'a'/'i') passes:
 * a customer search never sees internal audience or internal visibility. */
bool tt_kb_filter_allows(int audience_filter, int visibility_level, const char *category,
                         char art_audience, char art_visibility, const char *art_category);

/* ---- text --------------------------------------------------------------- */

/* Lower case, collapse whitespace, trim.  Heap string. */
char *tt_kb_normalize_query(const char *q);
bool tt_kb_is_cjk(unsigned int cp);
bool tt_kb_has_cjk(const char *s);
/* An FTS5 expression for the porter/unicode61 index: the query's words (English
 * stop words dropped unless nothing else is left), quoted and OR-ed; with
 * prefix the last word matches as a prefix.  NULL when there is no word. */
char *tt_kb_fts_query(const char *q, bool prefix);
/* An FTS5 expression for the trigram index: every three-character window of
 * each CJK run, quoted and OR-ed.  NULL when no run has three characters
 * (shorter runs go to the short-word index below). */
char *tt_kb_fts_cjk_query(const char *q);

/* The short-word index (kb_fts_grams, tokenizer "ticketty_cjk" in src/store):
 * CJK words of one or two characters, which the trigram index cannot match.
 * tt_kb_grams splits text into its tokens.  Document mode (query false): each
 * CJK character is one position holding its unigram and, colocated, the bigram
 * it starts within its run (no bigram across punctuation, spaces or other
 * scripts); a word of another script is one position (ASCII lower-cased,
 * at most TT_KB_GRAM_MAX bytes), so BM25's length is the article's length.
 * Query mode: a run of two or more characters gives its bigrams only, one
 * character its unigram, so a run matches as a phrase exactly where it occurs
 * as a substring.  text/len of a token point into the input (CJK) or at a
 * scratch buffer (words), valid during the call to fn only; [start, end) is
 * its byte range in the input.  A non-zero return of fn stops the walk and is
 * returned. */
#define TT_KB_GRAM_MAX 64
struct tt_kb_gram {
    const char *text;
    size_t len;
    size_t start, end;
    bool colocated; /* same position as the previous token */
};
typedef int (*tt_kb_gram_fn)(const struct tt_kb_gram *g, void *ud);
int tt_kb_grams(const char *text, size_t len, bool query, tt_kb_gram_fn fn, void *ud);
/* An FTS5 expression for the short-word index: each CJK run of one or two
 * characters, quoted and OR-ed (once each); with long_runs also every bigram of
 * the longer runs (for unspaced queries the trigrams do not find).  spaced
 * writes each term as a phrase of its characters ("退 款": unigrams at
 * consecutive positions, the same matches): the form for snippets, which
 * highlight a position by its first (unigram) token.  Heap string (caller
 * frees), NULL when there is no such term. */
char *tt_kb_fts_grams_query(const char *q, bool long_runs, bool spaced);

/* The embedder's features of a text: stemmed words ("w:"), character 3- and
 * 4-grams of words ("c:"), CJK characters ("h:") and CJK bigrams ("k:"), each
 * with a weight.  fn is called once per occurrence. */
typedef void (*tt_kb_feature_fn)(const char *feature, size_t len, float weight, void *ud);
void tt_kb_features(const char *text, tt_kb_feature_fn fn, void *ud);
/* Light English stemmer used for "w:" features (in place; returns s). */
char *tt_kb_stem(char *s);
bool tt_kb_is_stopword(const char *w, size_t len);

/* ---- ranking ------------------------------------------------------------ */

/* Reciprocal rank fusion: lists[i] are ids best first (lens[i] each); fused
 * score of an id = sum over lists of 1 / (k + rank), rank from 1.  Writes up to
 * max ids (best first, ties by first appearance) and their scores; returns the
 * count. */
size_t tt_kb_rrf(const int64_t *const *lists, const size_t *lens, size_t n_lists, double k,
                 int64_t *out_ids, double *out_scores, size_t max);

/* Retrieval metrics accumulated over queries. */
struct tt_kb_metrics {
    size_t queries;
    size_t hit1, hit5;
    double rr_sum;
};
/* Add one query whose wanted item appeared at rank (1-based; 0 = not found). */
void tt_kb_metrics_add(struct tt_kb_metrics *m, size_t rank);
double tt_kb_metrics_hit1(const struct tt_kb_metrics *m);
double tt_kb_metrics_hit5(const struct tt_kb_metrics *m);
double tt_kb_metrics_mrr(const struct tt_kb_metrics *m);

/* Percentile (0..100) of n samples, sorted in place; 0 when n == 0. */
double tt_kb_percentile(double *v, size_t n, double pct);

/* ---- review ------------------------------------------------------------- */

#define TT_KB_REVIEW_LOW_RATE 0x1 /* more than min_votes votes, helpful rate below min_rate */
#define TT_KB_REVIEW_STALE    0x2 /* reviewed_at older than review_every days */
#define TT_KB_REVIEW_NEVER    0x4 /* never reviewed (no reviewed_at) */
/* Why an article needs review (0 = it does not). */
int tt_kb_review_flags(int64_t helpful, int64_t not_helpful, int64_t reviewed_at,
                       int review_every_days, int64_t now, int64_t min_votes, double min_rate);

/* ---- vectors ------------------------------------------------------------ */

/* Scale v to unit length; returns the original norm (0 leaves v as is). */
double tt_vec_normalize(float *v, int dim);
float tt_vec_dot(const float *a, const float *b, int dim);
/* The best k of n scores (indices, best first; ties by lower index); returns
 * the count written (min(k, n) minus entries where keep[i] is false). */
size_t tt_vec_topk(const float *scores, const bool *keep, size_t n, size_t k, size_t *idx_out);

/* ---- truncated SVD (latent semantic analysis) ---------------------------- */

/* A sparse documents x terms matrix in CSR form. */
struct tt_lsa_matrix {
    size_t n_docs, n_terms;
    const size_t *doc_ptr; /* n_docs + 1 offsets into term/val */
    const uint32_t *term;
    const float *val;
};
/* Randomized truncated SVD (Halko et al.) of the terms x documents matrix:
 * fills u (n_terms x k, row-major: the projection of a term-space vector is
 * u^T x) and sigma (k, descending).  Deterministic for a seed.  Returns the
 * rank actually found (<= k, <= min(n_docs, n_terms)); columns beyond it are 0. */
int tt_lsa_train(const struct tt_lsa_matrix *m, int k, int power_iters, uint64_t seed, float *u,
                 double *sigma);
/* Eigen-decomposition of a symmetric n x n matrix a (row-major, destroyed):
 * eigenvalues descending into w, eigenvectors as columns of v (row-major). */
void tt_sym_eigen(double *a, int n, double *w, double *v);

#endif
