/*
 * kb.h: the knowledge base: a git repository of Markdown articles, indexed
 * into the store and searched by full text, by meaning, or both.
 *
 * Owned by the kb module (src/kb/, the only libgit2 and md4c caller).  An
 * article is one Markdown file with YAML front matter; tt_kb_index() reads the
 * tree at HEAD, diffs it against the last indexed commit and re-parses only the
 * changed blobs.  tt_kb_search() is the API the console, the CLI and triage's
 * suggested articles share: lexical (FTS5 BM25, trigram for CJK), semantic (an
 * embedder: the built-in LSA model trained from the KB and resolved tickets, or
 * an OpenAI-compatible /v1/embeddings server) and hybrid (reciprocal rank fusion
 * of the two).  A "customer" audience search never returns internal articles.
 *
 * Ownership: every struct filled here owns its strings; release with the
 * matching *_clear / *_free function.
 */
#ifndef TICKETTY_KB_H
#define TICKETTY_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/config.h"
#include "ticketty/err.h"
#include "ticketty/store.h"

/* Defaults applied to missing front-matter fields (documented in ticketty(1)). */
#define TT_KB_DEFAULT_AUDIENCE     "both"
#define TT_KB_DEFAULT_VISIBILITY   "public"
#define TT_KB_DEFAULT_REVIEW_EVERY 180 /* days */

/* One article, as parsed from its file or read back from the store. */
struct tt_kb_article {
    int64_t rowid;     /* store row; 0 when only parsed */
    char *id;          /* front matter id (stable across renames) */
    char *slug;        /* default: the file name without .md */
    char *path;        /* relative to the KB root */
    char *title;       /* default: the first heading of the body */
    char *excerpt;     /* default: the start of the first paragraph */
    char *category;    /* default: the first directory of path, else "general" */
    char *subcategory; /* default: "" */
    char *tags;        /* comma-separated */
    char *audience;    /* customer | internal | both */
    char *visibility;  /* public | authenticated | internal */
    char *related;     /* space-separated article ids */
    char *author;
    char *owner;
    int64_t reviewed_at; /* 0 = never */
    int review_every;    /* days */
    char *markdown;      /* the body after the front matter */
    char *text;          /* the body as plain text (for indexing and embedding) */
    char *blob;          /* git blob id of the file, when read from git */
    char *content_hash;  /* hash of the embedded text (vector cache key) */
    /* Filled by store reads only. */
    int64_t helpful, not_helpful;
};
void tt_kb_article_clear(struct tt_kb_article *a);

/* Parse one article file.  On error returns -1 with *line_out set to the
 * 1-based line of the problem (1 when the whole file is wrong) and err holding
 * the message without the path prefix. */
int tt_kb_article_parse(const char *path, const char *text, size_t len, struct tt_kb_article *out,
                        int *line_out, struct tt_err *err);

/* Whether a path in the KB tree is an article file (*.md, not README.md, not
 * under a directory starting with '.' or '_'). */
bool tt_kb_is_article_path(const char *path);

/* ---- indexing ----------------------------------------------------------- */

struct tt_kb_problem {
    char *path;
    int line;
    char *message;
};

struct tt_kb_index_report {
    char commit[41]; /* HEAD that was indexed */
    bool full;       /* full walk (first index or --full) vs tree diff */
    size_t added, updated, removed, unchanged, embedded;
    bool retrained;                 /* the built-in embedder model was (re)trained */
    struct tt_kb_problem *problems; /* broken articles, skipped */
    size_t n_problems;
    double seconds;
};
void tt_kb_index_report_clear(struct tt_kb_index_report *r);

struct tt_kb_index_opts {
    bool full;    /* ignore the last indexed commit: re-read the whole tree */
    bool check;   /* validate only: write nothing to the store */
    bool retrain; /* retrain the built-in embedder even if the corpus barely changed */
    bool embed;   /* compute vectors (default true via tt_kb_index_opts_init) */
    const struct tt_config *config; /* embedder settings; NULL = built-in defaults */
};
void tt_kb_index_opts_init(struct tt_kb_index_opts *o);

/* Index the repository at kb_path into st.  Broken articles are reported in
 * r->problems and skipped; that is not a failure (-1 is for I/O, git, database
 * errors).  With opts->check nothing is written. */
int tt_kb_index(struct tt_store *st, const char *kb_path, const struct tt_kb_index_opts *opts,
                struct tt_kb_index_report *r, struct tt_err *err);

/* ---- search ------------------------------------------------------------- */

enum tt_kb_mode { TT_KB_HYBRID, TT_KB_LEXICAL, TT_KB_SEMANTIC };
const char *tt_kb_mode_name(enum tt_kb_mode m);
int tt_kb_mode_from_name(const char *s); /* -1 if unknown */

struct tt_kb_search_opts {
    const char *audience;   /* NULL/"any": all; "customer": customer+both, never internal
                               visibility; "internal": internal+both */
    const char *visibility; /* NULL: any; else the most private level returned:
                               public < authenticated < internal */
    const char *category;   /* NULL: any */
    size_t limit;           /* 0: 10 */
    enum tt_kb_mode mode;
    bool prefix;                    /* treat the last word as a prefix (search as you type) */
    bool log;                       /* record the search in the search log */
    const struct tt_config *config; /* embedder settings; NULL = built-in */
};
void tt_kb_search_opts_init(struct tt_kb_search_opts *o); /* hybrid, limit 10, log */

struct tt_kb_result {
    int64_t rowid;
    char *id, *slug, *path, *title, *excerpt, *category;
    char *snippet; /* body text around the matched words, marked with [ ]; may be NULL */
    double score;  /* BM25 (lexical, higher is better), cosine (semantic) or RRF */
};

/* Bytes of a query that are searched (and logged): a longer one (a whole
 * ticket's text) is cut at the last character boundary before. */
#define TT_KB_QUERY_MAX 4096
/* How many bytes of query are searched: all of it, or the first
 * TT_KB_QUERY_MAX cut back to the start of a character. */
size_t tt_kb_query_len(const char *query);

/* Search the indexed KB.  *out is a new array of *n results, best first
 * (free with tt_kb_results_free).  An empty query or empty KB gives 0 results.
 * *search_id (may be NULL) gets the search-log row when opts->log. */
int tt_kb_search(struct tt_store *st, const char *query, const struct tt_kb_search_opts *opts,
                 struct tt_kb_result **out, size_t *n, struct tt_err *err);
int tt_kb_search_logged(struct tt_store *st, const char *query,
                        const struct tt_kb_search_opts *opts, struct tt_kb_result **out, size_t *n,
                        int64_t *search_id, struct tt_err *err);
void tt_kb_results_free(struct tt_kb_result *r, size_t n);

/* Drop cached vectors of this process (after re-indexing from elsewhere). */
void tt_kb_search_cache_reset(void);

/* ---- embedders ---------------------------------------------------------- */

/* A text embedder.  vec gets dim floats, L2-normalised (all zero when the
 * text has no known feature). */
struct tt_kb_embedder {
    char *model; /* identity of the vector space: vectors of other models never mix */
    int dim;
    int (*embed)(struct tt_kb_embedder *e, const char *const *texts, size_t n, float *vecs,
                 struct tt_err *err);
    void (*free)(struct tt_kb_embedder *e);
    void *impl;
};

/* The embedder the configuration selects (kb.embedder: builtin | openai).
 * The built-in one needs a trained model in the store (kb index trains it);
 * returns NULL with *missing = true when there is none yet. */
struct tt_kb_embedder *tt_kb_embedder_open(struct tt_store *st, const struct tt_config *cfg,
                                           bool *missing, struct tt_err *err);
void tt_kb_embedder_free(struct tt_kb_embedder *e);

/* ---- authoring and history ---------------------------------------------- */

struct tt_kb_edit_opts {
    const char *editor;   /* NULL: $VISUAL, else $EDITOR, else vi */
    const char *category; /* kb new: the template's category */
    /* The console suspends the screen around the editor. */
    void (*before_editor)(void *ud);
    void (*after_editor)(void *ud);
    /* Told about each validation error before the editor re-opens. */
    void (*on_error)(void *ud, int line, const char *msg);
    void *ud;
};
struct tt_kb_edit_result {
    bool committed, cancelled;
    char *id, *path;
    char commit[41];
};
void tt_kb_edit_result_clear(struct tt_kb_edit_result *r);
/* Edit the article ref (id, slug or path; NULL = a new article from a
 * template) in the editor until it validates, then commit it to the KB
 * repository with the user's git identity.  Saving unchanged cancels
 * (res->cancelled).  The caller re-indexes afterwards. */
int tt_kb_edit(struct tt_store *st, const char *kb_path, const char *ref,
               const struct tt_kb_edit_opts *o, struct tt_kb_edit_result *res, struct tt_err *err);
/* user.name and user.email as git resolves them for the KB repository. */
int tt_kb_git_identity(const char *kb_path, char **name, char **email, struct tt_err *err);

struct tt_kb_commit {
    char id[41];
    char *author, *email, *summary;
    int64_t at;
};
/* Commits from HEAD that changed path (newest first, at most limit; 0 = all),
 * following it back through renames (an article moved to another folder). */
int tt_kb_log(const char *kb_path, const char *path, size_t limit, struct tt_kb_commit **out,
              size_t *n, struct tt_err *err);
void tt_kb_commits_free(struct tt_kb_commit *c, size_t n);

struct tt_kb_sync_result {
    char before[41], after[41]; /* HEAD before and after */
    size_t commits;             /* commits fast-forwarded or pushed (0 = up to date) */
};
/* Fetch `remote` and fast-forward the current branch to its upstream (or
 * REMOTE/BRANCH).  Diverged histories are an error: merge with git. */
int tt_kb_pull(const char *kb_path, const char *remote, struct tt_kb_sync_result *r,
               struct tt_err *err);
/* Push the current branch to `remote`. */
int tt_kb_push(const char *kb_path, const char *remote, struct tt_kb_sync_result *r,
               struct tt_err *err);

/* ---- rendering ------------------------------------------------------------- */

/* Styles of rendered article text; the console maps them to theme roles. */
enum tt_kb_style {
    TT_KB_STYLE_NORMAL,
    TT_KB_STYLE_HEADING,
    TT_KB_STYLE_STRONG,
    TT_KB_STYLE_EMPH,
    TT_KB_STYLE_CODE,
    TT_KB_STYLE_LINK,
    TT_KB_STYLE_URL,
    TT_KB_STYLE_BULLET,
    TT_KB_STYLE_QUOTE,
    TT_KB_STYLE_TABLE,
};
struct tt_kb_span {
    size_t off, len; /* bytes of the line's text */
    enum tt_kb_style style;
};
struct tt_kb_line {
    char *text; /* sanitised; fits the width in terminal columns */
    struct tt_kb_span *spans;
    size_t n_spans;
};
struct tt_kb_render {
    struct tt_kb_line *lines;
    size_t n;
};
/* Lay Markdown out in lines of at most width columns (md4c, GitHub dialect,
 * raw HTML dropped): headings, paragraphs, emphasis, code, links (with their
 * URL), nested lists, quotes, code blocks and tables as aligned columns. */
int tt_kb_render_markdown(const char *md, size_t len, int width, struct tt_kb_render *out);
void tt_kb_render_free(struct tt_kb_render *r);

/* ---- quality ------------------------------------------------------------ */

struct tt_kb_eval_mode_result {
    enum tt_kb_mode mode;
    double hit1, hit5, mrr;
    double mean_ms;
};
struct tt_kb_eval_result {
    size_t queries, skipped; /* skipped: labelled article not in the index */
    struct tt_kb_eval_mode_result modes[3];
};
/* Evaluate every mode on a CSV file with header "query,article_id".  0; -1 when
 * a search or the database fails; TT_KB_EVAL_UNREADABLE when the file cannot
 * be read; TT_KB_EVAL_INVALID when it is no such CSV (a syntax error, a row of
 * the wrong width, a missing column, no query): err names FILE:LINE. */
#define TT_KB_EVAL_UNREADABLE (-2)
#define TT_KB_EVAL_INVALID    (-3)
int tt_kb_eval(struct tt_store *st, const char *csv_path, const struct tt_config *cfg,
               struct tt_kb_eval_result *out, struct tt_err *err);

#endif
