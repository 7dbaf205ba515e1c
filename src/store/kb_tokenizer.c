/*
 * kb_tokenizer.c: the FTS5 tokenizer "ticketty_cjk" behind kb_fts_grams, the
 * knowledge base's short-word index.
 *
 * Most Chinese words are two characters, and the trigram index (kb_fts_cjk)
 * cannot match anything shorter than three.  This tokenizer hands FTS5 the
 * tokens of tt_kb_grams (src/core/kb_text.c): per CJK character its unigram
 * with the following bigram colocated, so a one- or two-character word is one
 * token, BM25 counts its occurrences, and snippets highlight the original
 * text (offsets point into it; the index stores no rewritten copy).
 *
 * It is registered on every connection tt_store_open makes, before the
 * migrations run: the index, its triggers on kb_articles and migration 4's
 * rebuild all need it.  A bare sqlite3 shell can read the database but not
 * write kb_articles (the triggers name the tokenizer).
 */
#include <string.h>

#include "store_internal.h"
#include "ticketty/kbcore.h"

/* The tokenizer keeps no state: any non-NULL handle will do. */
static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)ctx;
    (void)argv;
    if (argc != 0) {
        *out = NULL;
        return SQLITE_ERROR;
    }
    static int handle;
    *out = (Fts5Tokenizer *)&handle;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
    (void)t;
}

struct tok_ctx {
    void *fts_ctx;
    int (*token)(void *ctx, int flags, const char *tok, int n, int start, int end);
};

static int tok_one(const struct tt_kb_gram *g, void *ud)
{
    struct tok_ctx *c = ud;
    return c->token(c->fts_ctx, g->colocated ? FTS5_TOKEN_COLOCATED : 0, g->text, (int)g->len,
                    (int)g->start, (int)g->end);
}

static int tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
                        int (*token)(void *ctx, int flags, const char *tok, int n, int start,
                                     int end))
{
    (void)t;
    struct tok_ctx c = {ctx, token};
    if (!text || len <= 0)
        return SQLITE_OK;
    /* Queries (with or without a prefix) tokenize a phrase; documents and
     * auxiliary functions (snippet, highlight) see every position. */
    return tt_kb_grams(text, (size_t)len, (flags & FTS5_TOKENIZE_QUERY) != 0, tok_one, &c);
}

int tt_store_kb_tokenizer_register(struct tt_store *st, struct tt_err *err)
{
    fts5_api *api = tt_store_fts5(st, err);
    if (!api)
        return -1;
    static fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
    if (api->xCreateTokenizer(api, "ticketty_cjk", NULL, &tok, NULL) != SQLITE_OK)
        return tt_sql_fail(st, err, "register the FTS5 tokenizer ticketty_cjk");
    return 0;
}
