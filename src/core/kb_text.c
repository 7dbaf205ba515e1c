/*
 * kb_text.c: the knowledge base's text handling: audience filters, query
 * normalisation, FTS5 query building and the embedder's features.  Pure.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/kbcore.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

/* ---- filters -------------------------------------------------------------- */

int tt_kb_audience_filter(const char *s)
{
    if (!s || !*s || strcmp(s, "any") == 0 || strcmp(s, "all") == 0)
        return TT_KB_AUD_ANY;
    if (strcmp(s, "customer") == 0)
        return TT_KB_AUD_CUSTOMER;
    if (strcmp(s, "internal") == 0)
        return TT_KB_AUD_INTERNAL;
    return -1;
}

int tt_kb_visibility_level(const char *s)
{
    if (!s || !*s || strcmp(s, "any") == 0 || strcmp(s, "internal") == 0)
        return 2;
    if (strcmp(s, "public") == 0)
        return 0;
    if (strcmp(s, "authenticated") == 0)
        return 1;
    return -1;
}

bool tt_kb_filter_allows(int audience_filter, int visibility_level, const char *category,
                         char art_audience, char art_visibility, const char *art_category)
{
    if (audience_filter == TT_KB_AUD_CUSTOMER && (art_audience == 'i' || art_visibility == 'i'))
        return false;
    if (audience_filter == TT_KB_AUD_INTERNAL && art_audience == 'c')
        return false;
    int vis = art_visibility == 'p' ? 0 : art_visibility == 'a' ? 1 : 2;
    if (vis > visibility_level)
        return false;
    if (category && *category && (!art_category || strcasecmp(category, art_category) != 0))
        return false;
    return true;
}

/* ---- characters ----------------------------------------------------------- */

bool tt_kb_is_cjk(unsigned int cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || /* kana */
           (cp >= 0x3400 && cp <= 0x4DBF) || /* CJK extension A */
           (cp >= 0x4E00 && cp <= 0x9FFF) || /* CJK unified ideographs */
           (cp >= 0xAC00 && cp <= 0xD7AF) || /* hangul */
           (cp >= 0xF900 && cp <= 0xFAFF) || /* compatibility ideographs */
           (cp >= 0x20000 && cp <= 0x2FA1F); /* extensions B.. */
}

/* Word characters besides CJK: ASCII letters and digits and non-ASCII letters
 * outside the punctuation and symbol blocks. */
static bool is_word_cp(unsigned int cp)
{
    if (cp < 0x80)
        return isalnum((int)cp) != 0;
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
        return false; /* Latin-1 punctuation and symbols */
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
        (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
        (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0xFFFD)
        return false;
    return !tt_kb_is_cjk(cp);
}

bool tt_kb_has_cjk(const char *s)
{
    size_t len = s ? strlen(s) : 0;
    for (size_t i = 0; i < len;) {
        unsigned int cp;
        i += tt_utf8_decode(s + i, len - i, &cp);
        if (tt_kb_is_cjk(cp))
            return true;
    }
    return false;
}

char *tt_kb_normalize_query(const char *q)
{
    struct tt_buf b = {0};
    bool space = false;
    for (const char *p = q ? q : ""; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (isspace(c)) {
            space = b.len > 0;
            continue;
        }
        if (space)
            tt_buf_putc(&b, ' ');
        space = false;
        tt_buf_putc(&b, (char)tolower(c));
    }
    return b.data ? tt_buf_steal(&b) : xstrdup("");
}

/* ---- stop words and stemming -------------------------------------------- */

static const char *const stopwords[] = {
    "a",      "about", "after", "all",  "also",   "am",     "an",    "and",  "any",   "are",
    "as",     "at",    "be",    "been", "being",  "but",    "by",    "can",  "could", "did",
    "do",     "does",  "doing", "for",  "from",   "get",    "got",   "had",  "has",   "have",
    "having", "he",    "her",   "here", "him",    "his",    "how",   "i",    "if",    "in",
    "into",   "is",    "it",    "its",  "just",   "me",     "my",    "no",   "not",   "of",
    "on",     "or",    "our",   "out",  "please", "should", "so",    "some", "than",  "that",
    "the",    "their", "them",  "then", "there",  "these",  "they",  "this", "those", "to",
    "too",    "up",    "us",    "very", "was",    "we",     "were",  "what", "when",  "where",
    "which",  "while", "who",   "why",  "will",   "with",   "would", "you",  "your",  "im",
    "ive",    "dont",  "cant",  "s",    "t",
};

bool tt_kb_is_stopword(const char *w, size_t len)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(stopwords); i++)
        if (strlen(stopwords[i]) == len && memcmp(stopwords[i], w, len) == 0)
            return true;
    return false;
}

static bool ends(const char *s, size_t n, const char *suf)
{
    size_t m = strlen(suf);
    return n >= m && memcmp(s + n - m, suf, m) == 0;
}

char *tt_kb_stem(char *s)
{
    size_t n = strlen(s);
    if (n <= 3)
        return s;
    if (ends(s, n, "ies") && n > 4) {
        strcpy(s + n - 3, "y");
    } else if (ends(s, n, "ing") && n > 5) {
        s[n - 3] = '\0';
    } else if (ends(s, n, "ed") && n > 4) {
        s[n - 2] = '\0';
    } else if (ends(s, n, "ly") && n > 5) {
        s[n - 2] = '\0';
    } else if (ends(s, n, "es") && n > 4 &&
               (ends(s, n - 2, "s") || ends(s, n - 2, "x") || ends(s, n - 2, "ch") ||
                ends(s, n - 2, "sh"))) {
        s[n - 2] = '\0';
    } else if (ends(s, n, "s") && !ends(s, n, "ss") && !ends(s, n, "us") && !ends(s, n, "is")) {
        s[n - 1] = '\0';
    }
    n = strlen(s);
    /* "refunded" -> "refund", "cancelled" -> "cancel": undouble a final consonant. */
    if (n > 4 && s[n - 1] == s[n - 2] && !strchr("aeiouls", s[n - 1]))
        s[n - 1] = '\0';
    if (n > 4 && ends(s, n, "ll") && ends(s, n - 2, "e"))
        s[n - 1] = '\0';
    return s;
}

/* ---- tokens --------------------------------------------------------------- */

enum tok_kind { TOK_WORD, TOK_CJK };
typedef void (*tok_fn)(enum tok_kind kind, const char *s, size_t len, void *ud);

/* Split text into words (lower-cased ASCII, other letters kept) and CJK runs. */
static void tokenize(const char *text, tok_fn fn, void *ud)
{
    size_t len = text ? strlen(text) : 0;
    struct tt_buf w = {0};
    size_t cjk_start = 0;
    bool in_cjk = false;
    for (size_t i = 0; i <= len;) {
        unsigned int cp = 0;
        size_t used = 1;
        if (i < len)
            used = tt_utf8_decode(text + i, len - i, &cp);
        bool cjk = i < len && tt_kb_is_cjk(cp);
        bool word = i < len && !cjk && is_word_cp(cp);
        if (!cjk && in_cjk) {
            fn(TOK_CJK, text + cjk_start, i - cjk_start, ud);
            in_cjk = false;
        }
        if (!word && w.len) {
            fn(TOK_WORD, w.data, w.len, ud);
            w.len = 0;
            w.data[0] = '\0';
        }
        if (cjk && !in_cjk) {
            in_cjk = true;
            cjk_start = i;
        }
        if (word) {
            if (cp < 0x80)
                tt_buf_putc(&w, (char)tolower((int)cp));
            else
                tt_buf_append(&w, text + i, used);
        }
        if (i == len)
            break;
        i += used;
    }
    tt_buf_free(&w);
}

/* ---- FTS5 queries --------------------------------------------------------- */

struct words {
    char **w;
    size_t n;
    bool cjk;
};

static void collect_word(enum tok_kind kind, const char *s, size_t len, void *ud)
{
    struct words *ws = ud;
    if (kind == TOK_CJK) {
        ws->cjk = true;
        return;
    }
    ws->w = xrealloc(ws->w, (ws->n + 1) * sizeof *ws->w);
    ws->w[ws->n++] = xstrndup(s, len);
}

static void quote_into(struct tt_buf *b, const char *s, size_t len)
{
    tt_buf_putc(b, '"');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            tt_buf_putc(b, '"');
        tt_buf_putc(b, s[i]);
    }
    tt_buf_putc(b, '"');
}

char *tt_kb_fts_query(const char *q, bool prefix)
{
    struct words ws = {0};
    tokenize(q, collect_word, &ws);
    bool trailing_space = q && *q && isspace((unsigned char)q[strlen(q) - 1]);
    size_t content = 0;
    for (size_t i = 0; i < ws.n; i++)
        if (!tt_kb_is_stopword(ws.w[i], strlen(ws.w[i])))
            content++;
    struct tt_buf b = {0};
    for (size_t i = 0; i < ws.n; i++) {
        bool last = i + 1 == ws.n;
        bool pre = prefix && last && !trailing_space;
        if (content && !pre && tt_kb_is_stopword(ws.w[i], strlen(ws.w[i])))
            continue;
        /* Duplicates add nothing to an OR. */
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            dup = strcmp(ws.w[j], ws.w[i]) == 0;
        if (dup && !pre)
            continue;
        if (b.len)
            tt_buf_puts(&b, " OR ");
        quote_into(&b, ws.w[i], strlen(ws.w[i]));
        if (pre)
            tt_buf_putc(&b, '*');
    }
    for (size_t i = 0; i < ws.n; i++)
        free(ws.w[i]);
    free(ws.w);
    return b.len ? tt_buf_steal(&b) : NULL;
}

struct cjkq {
    struct tt_buf b;
};

static void collect_trigrams(enum tok_kind kind, const char *s, size_t len, void *ud)
{
    struct cjkq *c = ud;
    if (kind != TOK_CJK)
        return;
    /* Offsets of each character in the run. */
    size_t offs[512], n = 0;
    for (size_t i = 0; i < len && n < TT_ARRAY_LEN(offs) - 1;) {
        unsigned int cp;
        offs[n++] = i;
        i += tt_utf8_decode(s + i, len - i, &cp);
    }
    offs[n] = len;
    for (size_t i = 0; i + 3 <= n; i++) {
        if (c->b.len)
            tt_buf_puts(&c->b, " OR ");
        quote_into(&c->b, s + offs[i], offs[i + 3] - offs[i]);
    }
}

char *tt_kb_fts_cjk_query(const char *q)
{
    struct cjkq c = {{0}};
    tokenize(q, collect_trigrams, &c);
    return c.b.len ? tt_buf_steal(&c.b) : NULL;
}

/* ---- the short-word index -------------------------------------------------- */

static int emit_gram(tt_kb_gram_fn fn, void *ud, const char *text, size_t start, size_t end,
                     bool colocated)
{
    struct tt_kb_gram g = {text + start, end - start, start, end, colocated};
    return fn(&g, ud);
}

/* One CJK run [start, ...): its grams; *next is where the run ends. */
static int grams_run(const char *text, size_t len, size_t start, bool query, tt_kb_gram_fn fn,
                     void *ud, size_t *next)
{
    unsigned int cp;
    size_t cs = start, ce = start + tt_utf8_decode(text + start, len - start, &cp);
    bool first = true;
    for (;;) {
        /* The character after [cs, ce), when the run goes on. */
        size_t ne = ce;
        if (ce < len) {
            size_t used = tt_utf8_decode(text + ce, len - ce, &cp);
            if (tt_kb_is_cjk(cp))
                ne = ce + used;
        }
        int rc = 0;
        if (!query) {
            rc = emit_gram(fn, ud, text, cs, ce, false);
            if (!rc && ne > ce)
                rc = emit_gram(fn, ud, text, cs, ne, true);
        } else if (ne > ce) {
            rc = emit_gram(fn, ud, text, cs, ne, false);
        } else if (first) {
            rc = emit_gram(fn, ud, text, cs, ce, false);
        }
        if (rc)
            return rc;
        if (ne == ce)
            break;
        first = false;
        cs = ce;
        ce = ne;
    }
    *next = ce;
    return 0;
}

int tt_kb_grams(const char *text, size_t len, bool query, tt_kb_gram_fn fn, void *ud)
{
    char word[TT_KB_GRAM_MAX];
    for (size_t i = 0; text && i < len;) {
        unsigned int cp;
        size_t used = tt_utf8_decode(text + i, len - i, &cp);
        if (tt_kb_is_cjk(cp)) {
            int rc = grams_run(text, len, i, query, fn, ud, &i);
            if (rc)
                return rc;
            continue;
        }
        if (!is_word_cp(cp)) {
            i += used;
            continue;
        }
        /* A word: lower-cased ASCII, cut at a character boundary when long. */
        size_t start = i, wl = 0;
        while (i < len) {
            used = tt_utf8_decode(text + i, len - i, &cp);
            if (tt_kb_is_cjk(cp) || !is_word_cp(cp))
                break;
            if (wl + used <= sizeof word) {
                if (cp < 0x80)
                    word[wl++] = (char)tolower((int)cp);
                else
                    for (size_t k = 0; k < used; k++)
                        word[wl++] = text[i + k];
            }
            i += used;
        }
        struct tt_kb_gram g = {word, wl, start, i, false};
        int rc = fn(&g, ud);
        if (rc)
            return rc;
    }
    return 0;
}

struct gramsq {
    struct tt_buf b;
    bool long_runs, spaced;
};

static void gramsq_add(struct gramsq *c, const char *s, size_t len)
{
    struct tt_buf t = {0};
    if (c->spaced) {
        /* "退 款": two one-character runs, so a phrase of unigrams. */
        struct tt_buf sp = {0};
        for (size_t i = 0; i < len;) {
            unsigned int cp;
            size_t used = tt_utf8_decode(s + i, len - i, &cp);
            if (i)
                tt_buf_putc(&sp, ' ');
            tt_buf_append(&sp, s + i, used);
            i += used;
        }
        quote_into(&t, sp.data, sp.len);
        tt_buf_free(&sp);
    } else {
        quote_into(&t, s, len);
    }
    /* Once each: a repeated term adds nothing to an OR.  The terms are
     * quoted, so look for the quoted form. */
    const char *data = tt_buf_str(&c->b);
    bool dup = false;
    for (const char *p = strstr(data, t.data); p && !dup; p = strstr(p + 1, t.data))
        dup = (p == data || p[-1] == ' ') && (p[t.len] == '\0' || p[t.len] == ' ');
    if (!dup) {
        if (c->b.len)
            tt_buf_puts(&c->b, " OR ");
        tt_buf_append(&c->b, t.data, t.len);
    }
    tt_buf_free(&t);
}

static void collect_grams(enum tok_kind kind, const char *s, size_t len, void *ud)
{
    struct gramsq *c = ud;
    if (kind != TOK_CJK)
        return;
    size_t n = 0;
    for (size_t i = 0; i < len && n < 3; n++) {
        unsigned int cp;
        i += tt_utf8_decode(s + i, len - i, &cp);
    }
    if (n <= 2) {
        gramsq_add(c, s, len);
        return;
    }
    if (!c->long_runs)
        return;
    /* Every bigram of a longer run. */
    size_t a = 0;
    unsigned int cp;
    size_t b = tt_utf8_decode(s, len, &cp);
    while (b < len) {
        size_t e = b + tt_utf8_decode(s + b, len - b, &cp);
        gramsq_add(c, s + a, e - a);
        a = b;
        b = e;
    }
}

char *tt_kb_fts_grams_query(const char *q, bool long_runs, bool spaced)
{
    struct gramsq c = {{0}, long_runs, spaced};
    tokenize(q, collect_grams, &c);
    return c.b.len ? tt_buf_steal(&c.b) : NULL;
}

/* ---- embedder features ------------------------------------------------------ */

struct featctx {
    tt_kb_feature_fn fn;
    void *ud;
};

#define W_WORD 1.0f
#define W_CHAR 0.2f
#define W_HAN  0.4f
#define W_HAN2 1.0f

static void emit_features(enum tok_kind kind, const char *s, size_t len, void *ud)
{
    struct featctx *f = ud;
    char buf[256];
    if (kind == TOK_WORD) {
        if (len > 60 || tt_kb_is_stopword(s, len))
            return;
        memcpy(buf + 2, s, len);
        buf[0] = 'w';
        buf[1] = ':';
        buf[2 + len] = '\0';
        tt_kb_stem(buf + 2);
        size_t sl = strlen(buf + 2);
        if (sl >= 2)
            f->fn(buf, 2 + sl, W_WORD, f->ud);
        /* Character n-grams of the bracketed stem catch spelling variants. */
        char g[70];
        g[0] = '<';
        memcpy(g + 1, buf + 2, sl);
        g[1 + sl] = '>';
        size_t gl = sl + 2;
        for (size_t n = 3; n <= 4; n++) {
            for (size_t i = 0; i + n <= gl; i++) {
                if (n == 3 && gl == 3)
                    break;
                buf[0] = 'c';
                buf[1] = ':';
                memcpy(buf + 2, g + i, n);
                f->fn(buf, 2 + n, W_CHAR, f->ud);
            }
        }
        return;
    }
    /* CJK: characters and bigrams. */
    size_t prev = (size_t)-1;
    for (size_t i = 0; i < len;) {
        unsigned int cp;
        size_t used = tt_utf8_decode(s + i, len - i, &cp);
        if (used <= 8) {
            buf[0] = 'h';
            buf[1] = ':';
            memcpy(buf + 2, s + i, used);
            f->fn(buf, 2 + used, W_HAN, f->ud);
            if (prev != (size_t)-1 && i + used - prev <= 16) {
                buf[0] = 'k';
                memcpy(buf + 2, s + prev, i + used - prev);
                f->fn(buf, 2 + i + used - prev, W_HAN2, f->ud);
            }
        }
        prev = i;
        i += used;
    }
}

void tt_kb_features(const char *text, tt_kb_feature_fn fn, void *ud)
{
    struct featctx f = {fn, ud};
    tokenize(text, emit_features, &f);
}
