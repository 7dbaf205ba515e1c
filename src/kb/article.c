/*
 * article.c: one KB article file: YAML front matter (read with the config
 * module's YAML tree, so errors carry the file's own line numbers) and a
 * Markdown body parsed with md4c into plain text for indexing.
 */
#include <ctype.h>
#include <md4c.h>
#include <stdlib.h>
#include <string.h>

#include "kb_internal.h"
#include "ticketty/config.h"
#include "ticketty/kb.h"
#include "ticketty/util.h"

bool tt_kb_is_article_path(const char *path)
{
    size_t n = strlen(path);
    if (n < 4 || strcmp(path + n - 3, ".md") != 0)
        return false;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strcasecmp(base, "README.md") == 0 || strcasecmp(base, "CONTRIBUTING.md") == 0)
        return false;
    for (const char *p = path; p;) {
        if (*p == '.' || *p == '_')
            return false;
        p = strchr(p, '/');
        if (p)
            p++;
    }
    return true;
}

/* ---- Markdown to plain text --------------------------------------------- */

struct plain {
    struct tt_buf text;
    struct tt_buf heading; /* first heading */
    struct tt_buf para;    /* first paragraph */
    int in_heading, in_para, depth_quote;
    bool have_heading, have_para;
};

static int p_enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    struct plain *p = ud;
    if (type == MD_BLOCK_H && !p->have_heading)
        p->in_heading = 1;
    if (type == MD_BLOCK_P && !p->have_para && !p->in_heading)
        p->in_para = 1;
    if (type == MD_BLOCK_LI)
        tt_buf_puts(&p->text, "- ");
    return 0;
}

static int p_leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    struct plain *p = ud;
    if (type == MD_BLOCK_H && p->in_heading) {
        p->in_heading = 0;
        p->have_heading = p->heading.len > 0;
    }
    if (type == MD_BLOCK_P && p->in_para) {
        p->in_para = 0;
        p->have_para = p->para.len > 0;
    }
    if (type == MD_BLOCK_TD || type == MD_BLOCK_TH)
        tt_buf_puts(&p->text, " | ");
    else if (type != MD_BLOCK_DOC && type != MD_BLOCK_UL && type != MD_BLOCK_OL &&
             type != MD_BLOCK_TABLE && type != MD_BLOCK_THEAD && type != MD_BLOCK_TBODY)
        tt_buf_putc(&p->text, '\n');
    return 0;
}

static int p_span(MD_SPANTYPE type, void *detail, void *ud)
{
    return 0;
}

static int p_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *ud)
{
    struct plain *p = ud;
    const char *s = text;
    size_t n = size;
    if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR) {
        s = " ";
        n = 1;
    } else if (type == MD_TEXT_NULLCHAR) {
        return 0;
    } else if (type == MD_TEXT_HTML) {
        return 0;
    }
    tt_buf_append(&p->text, s, n);
    if (p->in_heading)
        tt_buf_append(&p->heading, s, n);
    if (p->in_para)
        tt_buf_append(&p->para, s, n);
    return 0;
}

int tt_kb_markdown_plain(const char *md, size_t len, char **text, char **first_heading,
                         char **first_para)
{
    struct plain p = {0};
    MD_PARSER parser = {0};
    parser.flags = MD_DIALECT_GITHUB;
    parser.enter_block = p_enter_block;
    parser.leave_block = p_leave_block;
    parser.enter_span = p_span;
    parser.leave_span = p_span;
    parser.text = p_text;
    int rc = md_parse(md, (MD_SIZE)len, &parser, &p);
    *text = tt_buf_steal(&p.text);
    if (!*text)
        *text = xstrdup("");
    if (first_heading)
        *first_heading = p.heading.len ? tt_buf_steal(&p.heading) : NULL;
    if (first_para)
        *first_para = p.para.len ? tt_buf_steal(&p.para) : NULL;
    tt_buf_free(&p.heading);
    tt_buf_free(&p.para);
    return rc == 0 ? 0 : -1;
}

/* ---- front matter ------------------------------------------------------- */

#define FAIL_AT(l, ...) (*line_out = (l), tt_errf(err, __VA_ARGS__))

static char *trimmed(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return xstrndup(s, n);
}

/* A sequence or a comma-separated scalar, joined with sep. */
static int join_list(const struct tt_conf_node *n, const char *sep, char **out, int *line_out,
                     struct tt_err *err)
{
    struct tt_buf b = {0};
    if (n->kind == TT_CONF_SEQ) {
        for (size_t i = 0; i < n->n_items; i++) {
            if (n->items[i].kind != TT_CONF_SCALAR) {
                tt_buf_free(&b);
                *line_out = n->items[i].line;
                return tt_errf(err, "%s: items must be plain values", n->key);
            }
            char *t = trimmed(n->items[i].value);
            if (*t) {
                if (b.len)
                    tt_buf_puts(&b, sep);
                tt_buf_puts(&b, t);
            }
            free(t);
        }
    } else if (n->kind == TT_CONF_SCALAR) {
        const char *p = n->value;
        while (*p) {
            const char *e = strchr(p, ',');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            char *raw = xstrndup(p, len);
            char *t = trimmed(raw);
            free(raw);
            if (*t) {
                if (b.len)
                    tt_buf_puts(&b, sep);
                tt_buf_puts(&b, t);
            }
            free(t);
            p = e ? e + 1 : p + len;
        }
    } else {
        *line_out = n->line;
        return tt_errf(err, "%s: expected a list", n->key);
    }
    *out = b.data ? tt_buf_steal(&b) : xstrdup("");
    return 0;
}

static const char *scalar(const struct tt_conf_node *fm, const char *key, int *line,
                          struct tt_err *err, int *bad)
{
    const struct tt_conf_node *n = tt_conf_get(fm, key);
    if (!n)
        return NULL;
    if (n->kind != TT_CONF_SCALAR) {
        *line = n->line;
        tt_errf(err, "%s: expected a single value", key);
        *bad = 1;
        return NULL;
    }
    return n->value;
}

int tt_kb_article_parse(const char *path, const char *text, size_t len, struct tt_kb_article *out,
                        int *line_out, struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    *line_out = 1;
    if (memchr(text, '\0', len))
        return tt_errf(err, "not a text file (contains NUL bytes)");
    /* The front matter: "---" on the first line up to the next "---" line. */
    const char *p = text;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3; /* byte order mark */
    if (strncmp(p, "---", 3) != 0 || (p[3] != '\n' && p[3] != '\r'))
        return tt_errf(err, "missing front matter (the file must start with a line \"---\")");
    const char *fm_start = strchr(p, '\n') + 1;
    const char *q = fm_start, *fm_end = NULL, *body = NULL;
    int line = 2;
    while (q < text + len) {
        const char *nl = memchr(q, '\n', (size_t)(text + len - q));
        size_t ll = nl ? (size_t)(nl - q) : (size_t)(text + len - q);
        if (ll && q[ll - 1] == '\r')
            ll--;
        if ((ll == 3 && memcmp(q, "---", 3) == 0) || (ll == 3 && memcmp(q, "...", 3) == 0)) {
            fm_end = q;
            body = nl ? nl + 1 : text + len;
            break;
        }
        if (!nl)
            break;
        q = nl + 1;
        line++;
    }
    if (!fm_end)
        return tt_errf(err, "front matter is not closed (no \"---\" line after it)");
    int body_line = line + 1;
    /* Parse "#\n" + YAML so the YAML's line numbers are the file's. */
    size_t ylen = (size_t)(fm_end - fm_start);
    char *y = xmalloc(ylen + 3);
    y[0] = '#';
    y[1] = '\n';
    memcpy(y + 2, fm_start, ylen);
    y[ylen + 2] = '\0';
    struct tt_err yerr;
    struct tt_conf_node *fm = tt_conf_parse(y, ylen + 2, "@", &yerr);
    free(y);
    if (!fm) {
        /* "@:LINE: message" */
        const char *m = yerr.msg;
        if (m[0] == '@' && m[1] == ':') {
            char *end;
            long l = strtol(m + 2, &end, 10);
            if (end != m + 2 && *end == ':') {
                *line_out = (int)l;
                m = end + 1;
                while (*m == ' ')
                    m++;
            } else {
                m += 2;
            }
        }
        return tt_errf(err, "front matter: %s", m);
    }
    int rc = -1, bad = 0;
    if (fm->kind != TT_CONF_MAP) {
        *line_out = 2;
        tt_errf(err, "front matter must be a mapping of keys");
        goto out;
    }
    out->path = xstrdup(path);
    const char *v;
    /* id */
    v = scalar(fm, "id", line_out, err, &bad);
    if (bad)
        goto out;
    if (!v || !*v) {
        const struct tt_conf_node *n = tt_conf_get(fm, "id");
        FAIL_AT(n ? n->line : 2, "missing id (every article needs a unique id)");
        goto out;
    }
    for (const char *c = v; *c; c++) {
        if (isspace((unsigned char)*c) || *c == ',' || iscntrl((unsigned char)*c)) {
            FAIL_AT(tt_conf_get(fm, "id")->line,
                    "id \"%s\" must not contain spaces, commas or control characters", v);
            goto out;
        }
    }
    out->id = xstrdup(v);
    /* Plain strings. */
    static const struct {
        const char *key;
        size_t off;
    } strs[] = {
        {"slug", offsetof(struct tt_kb_article, slug)},
        {"title", offsetof(struct tt_kb_article, title)},
        {"excerpt", offsetof(struct tt_kb_article, excerpt)},
        {"category", offsetof(struct tt_kb_article, category)},
        {"subcategory", offsetof(struct tt_kb_article, subcategory)},
        {"author", offsetof(struct tt_kb_article, author)},
        {"owner", offsetof(struct tt_kb_article, owner)},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(strs); i++) {
        v = scalar(fm, strs[i].key, line_out, err, &bad);
        if (bad)
            goto out;
        if (v && *v)
            *(char **)((char *)out + strs[i].off) = trimmed(v);
    }
    /* Enumerations. */
    v = scalar(fm, "audience", line_out, err, &bad);
    if (bad)
        goto out;
    if (v && strcmp(v, "customer") && strcmp(v, "internal") && strcmp(v, "both")) {
        FAIL_AT(tt_conf_get(fm, "audience")->line,
                "audience \"%s\" is not one of customer, internal, both", v);
        goto out;
    }
    out->audience = xstrdup(v ? v : TT_KB_DEFAULT_AUDIENCE);
    v = scalar(fm, "visibility", line_out, err, &bad);
    if (bad)
        goto out;
    if (v && strcmp(v, "public") && strcmp(v, "authenticated") && strcmp(v, "internal")) {
        FAIL_AT(tt_conf_get(fm, "visibility")->line,
                "visibility \"%s\" is not one of public, authenticated, internal", v);
        goto out;
    }
    out->visibility = xstrdup(v ? v : TT_KB_DEFAULT_VISIBILITY);
    /* Lists. */
    const struct tt_conf_node *n = tt_conf_get(fm, "tags");
    if (n && join_list(n, ", ", &out->tags, line_out, err) < 0)
        goto out;
    n = tt_conf_get(fm, "related");
    if (n && join_list(n, " ", &out->related, line_out, err) < 0)
        goto out;
    if (out->related)
        for (char *c = out->related; *c; c++)
            if (*c == '\t')
                *c = ' ';
    /* Dates and numbers. */
    v = scalar(fm, "reviewed_at", line_out, err, &bad);
    if (bad)
        goto out;
    if (v && *v && strcmp(v, "null") != 0 && strcmp(v, "~") != 0) {
        struct tt_err terr;
        if (tt_time_parse(v, &out->reviewed_at, &terr) < 0) {
            FAIL_AT(tt_conf_get(fm, "reviewed_at")->line,
                    "reviewed_at \"%s\" is not a date (YYYY-MM-DD)", v);
            goto out;
        }
    }
    out->review_every = TT_KB_DEFAULT_REVIEW_EVERY;
    v = scalar(fm, "review_every", line_out, err, &bad);
    if (bad)
        goto out;
    if (v && *v) {
        char *end;
        long d = strtol(v, &end, 10);
        while (*end == ' ')
            end++;
        if (strcmp(end, "d") == 0 || strcmp(end, "days") == 0)
            end += strlen(end);
        if (end == v || *end || d <= 0 || d > 100000) {
            FAIL_AT(tt_conf_get(fm, "review_every")->line,
                    "review_every \"%s\" is not a number of days", v);
            goto out;
        }
        out->review_every = (int)d;
    }
    /* The body. */
    size_t blen = (size_t)(text + len - body);
    out->markdown = xstrndup(body, blen);
    char *heading = NULL, *para = NULL;
    tt_kb_markdown_plain(body, blen, &out->text, &heading, &para);
    if (!out->title && heading)
        out->title = trimmed(heading);
    if (!out->title || !*out->title) {
        free(heading);
        free(para);
        *line_out = body_line;
        tt_errf(err, "no title (set title: in the front matter or start the body with a heading)");
        goto out;
    }
    if (!out->excerpt && para) {
        char *t = trimmed(para);
        if (strlen(t) > 200) {
            /* Cut at a word boundary, keeping UTF-8 intact. */
            size_t cut = 200;
            while (cut > 100 && t[cut] != ' ')
                cut--;
            while (cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80)
                cut--;
            t[cut] = '\0';
            char *e = xasprintf("%s…", t);
            free(t);
            t = e;
        }
        out->excerpt = t;
    }
    free(heading);
    free(para);
    if (!out->excerpt)
        out->excerpt = xstrdup("");
    if (!out->slug) {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        size_t bl = strlen(base);
        out->slug = xstrndup(base, bl > 3 ? bl - 3 : bl);
    }
    if (!out->category) {
        const char *slash = strchr(path, '/');
        out->category = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("general");
    }
    if (!out->subcategory)
        out->subcategory = xstrdup("");
    if (!out->tags)
        out->tags = xstrdup("");
    if (!out->related)
        out->related = xstrdup("");
    tt_kb_content_hash(out);
    rc = 0;
out:
    tt_conf_node_free(fm);
    if (rc < 0) {
        int l = *line_out;
        tt_kb_article_clear(out);
        *line_out = l;
    }
    return rc;
}
