/*
 * store_kb.h: the knowledge base's tables (src/store/schema_kb.c) and queries
 * (src/store/kb*.c).  Owned by the kb module; only src/kb/ and the kb commands
 * call these.
 *
 * Articles are keyed by their front-matter id and unique by path; three FTS5
 * indexes follow them by trigger (porter + unicode61 for Latin scripts, trigram
 * for CJK, and CJK unigrams + bigrams for the one- and two-character words the
 * trigrams cannot match).  Vectors are cached by (model, content hash) so
 * re-indexing an unchanged text never re-embeds it.  Votes and the search log
 * are keyed by the article id, so they survive renames and re-indexing.
 */
#ifndef TICKETTY_STORE_KB_H
#define TICKETTY_STORE_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/kb.h"
#include "ticketty/store.h"

/* Key/value state: "commit" (last indexed HEAD), "generation" (bumped on every
 * change of articles or vectors), "model" (current built-in model id), ... */
int tt_store_kb_state_get(struct tt_store *st, const char *key, char **out, struct tt_err *err);
int tt_store_kb_state_set(struct tt_store *st, const char *key, const char *value,
                          struct tt_err *err);
int64_t tt_store_kb_generation(struct tt_store *st); /* 0 when never indexed or on error */
int tt_store_kb_bump_generation(struct tt_store *st, struct tt_err *err);

/* Articles. */
int tt_store_kb_article_upsert(struct tt_store *st, const struct tt_kb_article *a,
                               struct tt_err *err);
int tt_store_kb_article_delete_path(struct tt_store *st, const char *path, struct tt_err *err);
/* By id, else slug, else path.  1 found, 0 absent, -1 error.  Fills vote counts. */
int tt_store_kb_article_get(struct tt_store *st, const char *ref, struct tt_kb_article *out,
                            struct tt_err *err);
/* Path of the article with this id, or NULL (*out) when none. */
int tt_store_kb_path_of_id(struct tt_store *st, const char *id, char **out, struct tt_err *err);
/* Every article (markdown not loaded unless with_body), ordered by id. */
int tt_store_kb_article_list(struct tt_store *st, bool with_body, struct tt_kb_article **out,
                             size_t *n, struct tt_err *err);
void tt_kb_article_list_free(struct tt_kb_article *list, size_t n);
/* Articles (with bodies) whose content hash has no vector of model. */
int tt_store_kb_articles_unembedded(struct tt_store *st, const char *model,
                                    struct tt_kb_article **out, size_t *n, struct tt_err *err);
/* All indexed paths (for the full re-walk's deletions). */
int tt_store_kb_paths(struct tt_store *st, char ***out, size_t *n, struct tt_err *err);
int64_t tt_store_kb_article_count(struct tt_store *st);

/* Broken articles from the last index, kept until the file is fixed or removed. */
int tt_store_kb_broken_set(struct tt_store *st, const char *path, int line, const char *msg,
                           struct tt_err *err);
int tt_store_kb_broken_clear(struct tt_store *st, const char *path, struct tt_err *err);
int tt_store_kb_broken_list(struct tt_store *st, struct tt_kb_problem **out, size_t *n,
                            struct tt_err *err);

/* The full-text indexes, each queried with its own expression (kbcore.h):
 * tt_kb_fts_query, tt_kb_fts_cjk_query, tt_kb_fts_grams_query. */
enum tt_kb_fts_index {
    TT_KB_FTS_WORDS = 0,   /* kb_fts: porter + unicode61 */
    TT_KB_FTS_TRIGRAM = 1, /* kb_fts_cjk: CJK runs of three characters or more */
    TT_KB_FTS_GRAMS = 2,   /* kb_fts_grams: CJK words of one or two characters */
};
/* Full-text search.  fts_query is an FTS5 MATCH expression for index.
 * score = -bm25 (higher is better); no snippets. */
int tt_store_kb_fts(struct tt_store *st, const char *fts_query, enum tt_kb_fts_index index,
                    const struct tt_kb_search_opts *filter, size_t limit, struct tt_kb_result **out,
                    size_t *n, struct tt_err *err);
/* The body snippet of one matched article (matched words in [ ]); NULL when
 * the query does not match it. */
int tt_store_kb_snippet(struct tt_store *st, const char *fts_query, enum tt_kb_fts_index index,
                        int64_t rowid, char **out, struct tt_err *err);
/* Fill the display fields (id, slug, path, title, excerpt, category) of r by rowid;
 * 1 found, 0 absent, -1 error. */
int tt_store_kb_result_fill(struct tt_store *st, struct tt_kb_result *r, struct tt_err *err);

/* Vectors cached by (model, content hash).  get: 1 found, 0 absent, -1 error. */
int tt_store_kb_vector_get(struct tt_store *st, const char *model, const char *hash, float *vec,
                           int dim, struct tt_err *err);
int tt_store_kb_vector_put(struct tt_store *st, const char *model, const char *hash,
                           const float *vec, int dim, struct tt_err *err);
/* Drop vectors of models other than keep_model. */
int tt_store_kb_vector_prune(struct tt_store *st, const char *keep_model, struct tt_err *err);

/* The vectors of every indexed article for model, with what filtering needs. */
struct tt_kb_vecrow {
    int64_t rowid;
    char audience;   /* 'c', 'i', 'b' */
    char visibility; /* 'p', 'a', 'i' */
    char *category;
};
int tt_store_kb_vectors_load(struct tt_store *st, const char *model, int dim,
                             struct tt_kb_vecrow **rows, float **vecs, size_t *n,
                             struct tt_err *err);

/* The built-in LSA model: one row per feature with its idf and projection row. */
int tt_store_kb_lsa_clear(struct tt_store *st, struct tt_err *err);
int tt_store_kb_lsa_put(struct tt_store *st, const char *model, const char *term, float idf,
                        const float *row, int dim, struct tt_err *err);
/* 1 found, 0 absent, -1 error. */
int tt_store_kb_lsa_get(struct tt_store *st, const char *model, const char *term, float *idf,
                        float *row, int dim, struct tt_err *err);

/* Every term of model, for loading the model into memory. */
typedef void (*tt_kb_lsa_fn)(const char *term, float idf, const float *row, void *ud);
int tt_store_kb_lsa_each(struct tt_store *st, const char *model, int dim, tt_kb_lsa_fn fn, void *ud,
                         struct tt_err *err);

/* Training text besides the articles: resolved tickets' subject, description
 * and public comments, newest first, at most limit tickets. */
int tt_store_kb_ticket_corpus(struct tt_store *st, size_t limit, char ***texts, size_t *n,
                              struct tt_err *err);

/* Votes. */
int tt_store_kb_vote_add(struct tt_store *st, const char *article_id, bool helpful,
                         const char *comment, int64_t at, struct tt_err *err);
int tt_store_kb_vote_counts(struct tt_store *st, const char *article_id, int64_t *helpful,
                            int64_t *not_helpful, struct tt_err *err);

/* The search log.  On a read-only database (tt_store_readonly) both are
 * no-ops returning 0 (*id_out 0): searching it is reading it. */
int tt_store_kb_log_search(struct tt_store *st, const char *query, const char *audience,
                           size_t results, const char *top_ids, int64_t at, int64_t *id_out,
                           struct tt_err *err);
/* Record that a result was opened: in search_id when non-zero, else in the
 * latest search within the last 30 minutes whose results listed the article. */
int tt_store_kb_log_opened(struct tt_store *st, int64_t search_id, const char *article_id,
                           int64_t at, struct tt_err *err);

struct tt_kb_gap {
    char *query; /* normalised (lower case, single spaces) */
    int64_t searches, no_results, not_opened;
    int64_t last_at;
};
/* Queries since `since` that found nothing or whose results were never opened,
 * most frequent first. */
int tt_store_kb_gaps(struct tt_store *st, int64_t since, size_t limit, struct tt_kb_gap **out,
                     size_t *n, struct tt_err *err);
void tt_kb_gaps_free(struct tt_kb_gap *g, size_t n);

#endif
