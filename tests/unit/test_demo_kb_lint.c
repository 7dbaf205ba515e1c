/*
 * test_demo_kb_lint.c: the demo knowledge base in kb/ and the labelled query
 * set tests/data/kb_queries.csv stay consistent: every article has the front
 * matter the kb indexer reads, ids and slugs are unique, the deliberate review
 * cases exist, and every query points at a real article.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/csv.h"
#include "ticketty/util.h"

#define MAX_ARTICLES 512
#define TODAY        "2026-11-24" /* the reference date for "due for review" */

struct article {
    char *path; /* relative to kb/ */
    char *keys[16], *values[16];
    int n;
    char *body;
};

static struct article arts[MAX_ARTICLES];
static size_t n_arts;
static size_t kb_prefix;

static const char *get(const struct article *a, const char *key)
{
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->keys[i], key) == 0)
            return a->values[i];
    return NULL;
}

static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

static void parse_article(struct article *a, char *text)
{
    if (strncmp(text, "---\n", 4) != 0)
        fail_msg("%s: no front matter", a->path);
    char *p = text + 4;
    for (;;) {
        char *nl = strchr(p, '\n');
        if (!nl)
            fail_msg("%s: unterminated front matter", a->path);
        *nl = '\0';
        if (strcmp(p, "---") == 0) {
            a->body = xstrdup(nl + 1);
            return;
        }
        char *colon = strchr(p, ':');
        if (!colon)
            fail_msg("%s: front-matter line without a key: %s", a->path, p);
        *colon = '\0';
        char *v = trim(colon + 1);
        char *hash = strstr(v, "  #"); /* trailing comment */
        if (hash)
            *hash = '\0';
        v = trim(v);
        size_t vl = strlen(v);
        if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
            v[vl - 1] = '\0';
            v++;
        } else if (strstr(v, ": ") || strstr(v, " #") || (vl && strchr("&*!|>%@`'{", v[0]))) {
            /* YAML would misread this plain scalar: quote it. */
            fail_msg("%s: the value of '%s' needs quotes in YAML: %s", a->path, trim(p), v);
        }
        if (a->n >= 16)
            fail_msg("%s: too many keys", a->path);
        a->keys[a->n] = xstrdup(trim(p));
        a->values[a->n++] = xstrdup(v);
        p = nl + 1;
    }
}

static int visit(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    size_t len = strlen(path);
    if (flag != FTW_F || len < 3 || strcmp(path + len - 3, ".md") != 0)
        return 0;
    if (n_arts == MAX_ARTICLES)
        return 1;
    struct article *a = &arts[n_arts++];
    a->path = xstrdup(path + kb_prefix);
    struct tt_err err;
    char *text = tt_read_file(path, NULL, &err);
    if (!text)
        fail_msg("%s", err.msg);
    parse_article(a, text);
    free(text);
    return 0;
}

static int load(void **state)
{
    (void)state;
    char *kb = xasprintf("%s/kb", tu_repo_root());
    kb_prefix = strlen(kb) + 1;
    int rc = nftw(kb, visit, 16, FTW_PHYS);
    free(kb);
    return rc == 0 ? 0 : -1;
}

static int unload(void **state)
{
    (void)state;
    for (size_t i = 0; i < n_arts; i++) {
        free(arts[i].path);
        free(arts[i].body);
        for (int k = 0; k < arts[i].n; k++) {
            free(arts[i].keys[k]);
            free(arts[i].values[k]);
        }
    }
    n_arts = 0;
    return 0;
}

static const struct article *by_id(const char *id)
{
    for (size_t i = 0; i < n_arts; i++)
        if (tt_streq(get(&arts[i], "id"), id))
            return &arts[i];
    return NULL;
}

static bool has_cjk(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0xe4 && *p <= 0xe9)
            return true;
    return false;
}

static void test_front_matter(void **state)
{
    (void)state;
    static const char *const required[] = {
        "id",       "slug",       "title",   "excerpt", "category", "subcategory", "tags",
        "audience", "visibility", "related", "author",  "owner",    "reviewed_at", "review_every"};
    assert_true(n_arts >= 45);
    size_t chinese = 0, internal = 0;
    for (size_t i = 0; i < n_arts; i++) {
        const struct article *a = &arts[i];
        for (size_t k = 0; k < TT_ARRAY_LEN(required); k++)
            if (!get(a, required[k]) || !*get(a, required[k]))
                fail_msg("%s: missing %s", a->path, required[k]);
        const char *id = get(a, "id");
        if (strlen(id) != 7 || strncmp(id, "kb-", 3) != 0 || strspn(id + 3, "0123456789") != 4)
            fail_msg("%s: bad id %s", a->path, id);
        for (size_t j = 0; j < i; j++) {
            if (strcmp(get(&arts[j], "id"), id) == 0)
                fail_msg("%s and %s share id %s", a->path, arts[j].path, id);
            if (strcmp(get(&arts[j], "slug"), get(a, "slug")) == 0)
                fail_msg("%s and %s share a slug", a->path, arts[j].path);
        }
        /* kb/<category>/<slug>.md */
        char *want = xasprintf("%s/%s.md", get(a, "category"), get(a, "slug"));
        if (strcmp(want, a->path) != 0)
            fail_msg("%s: path should be %s", a->path, want);
        free(want);
        const char *aud = get(a, "audience"), *vis = get(a, "visibility");
        if (!tt_streq(aud, "customer") && !tt_streq(aud, "internal") && !tt_streq(aud, "both"))
            fail_msg("%s: bad audience %s", a->path, aud);
        if (!tt_streq(vis, "public") && !tt_streq(vis, "authenticated") &&
            !tt_streq(vis, "internal"))
            fail_msg("%s: bad visibility %s", a->path, vis);
        if (tt_streq(aud, "internal")) {
            assert_string_equal(vis, "internal");
            internal++;
        }
        for (const char *k = "tags"; k; k = strcmp(k, "tags") == 0 ? "related" : NULL) {
            const char *v = get(a, k);
            if (v[0] != '[' || v[strlen(v) - 1] != ']')
                fail_msg("%s: %s must be a [list]", a->path, k);
        }
        int64_t t;
        struct tt_err err;
        if (strlen(get(a, "reviewed_at")) != 10 || tt_time_parse(get(a, "reviewed_at"), &t, &err))
            fail_msg("%s: reviewed_at must be YYYY-MM-DD", a->path);
        if (atoi(get(a, "review_every")) <= 0)
            fail_msg("%s: review_every must be a positive number of days", a->path);
        if (!strstr(a->body, "\n# ") && strncmp(a->body, "# ", 2) != 0)
            fail_msg("%s: body has no heading", a->path);
        if (strlen(a->body) < 400)
            fail_msg("%s: body is too short to be useful", a->path);
        chinese += has_cjk(get(a, "title"));
    }
    assert_true(chinese >= 5);
    assert_true(internal >= 3);
}

static void test_review_cases(void **state)
{
    (void)state;
    int64_t today;
    struct tt_err err;
    assert_int_equal(tt_time_parse(TODAY, &today, &err), 0);
    size_t due = 0, dangling = 0;
    for (size_t i = 0; i < n_arts; i++) {
        const struct article *a = &arts[i];
        int64_t reviewed;
        assert_int_equal(tt_time_parse(get(a, "reviewed_at"), &reviewed, &err), 0);
        if (reviewed + (int64_t)atoi(get(a, "review_every")) * 86400 < today)
            due++;
        char *list = xstrdup(get(a, "related") + 1);
        list[strlen(list) - 1] = '\0';
        for (char *save = NULL, *tok = strtok_r(list, ", ", &save); tok;
             tok = strtok_r(NULL, ", ", &save)) {
            if (strcmp(tok, get(a, "id")) == 0)
                fail_msg("%s: related to itself", a->path);
            if (!by_id(tok))
                dangling++;
        }
        free(list);
    }
    /* Deliberate: a few articles overdue for review and exactly one dead link. */
    assert_true(due >= 3 && due <= 10);
    assert_int_equal(dangling, 1);
}

static void test_queries(void **state)
{
    (void)state;
    char *path = xasprintf("%s/tests/data/kb_queries.csv", tu_repo_root());
    struct tt_err err;
    size_t len;
    char *data = tt_read_file(path, &len, &err);
    if (!data)
        fail_msg("%s", err.msg);
    struct tt_csv_table t;
    if (tt_csv_table_parse(data, len, path, &t, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(t.header.n, 2);
    assert_string_equal(t.header.fields[0], "query");
    assert_string_equal(t.header.fields[1], "article_id");
    assert_true(t.n_rows >= 170);
    size_t chinese = 0;
    for (size_t i = 0; i < t.n_rows; i++) {
        const char *q = t.rows[i].fields[0], *id = t.rows[i].fields[1];
        if (!*q)
            fail_msg("%s:%d: empty query", path, t.rows[i].line);
        const struct article *a = by_id(id);
        if (!a)
            fail_msg("%s:%d: no article %s", path, t.rows[i].line, id);
        if (has_cjk(q)) {
            chinese++;
            assert_true(has_cjk(get(a, "title"))); /* Chinese queries find Chinese articles */
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(t.rows[j].fields[0], q) == 0)
                fail_msg("%s:%d: duplicate query", path, t.rows[i].line);
    }
    assert_true(chinese >= 15);
    /* Every article is the answer to at least one query. */
    for (size_t a = 0; a < n_arts; a++) {
        bool found = false;
        for (size_t i = 0; i < t.n_rows && !found; i++)
            found = strcmp(t.rows[i].fields[1], get(&arts[a], "id")) == 0;
        if (!found)
            fail_msg("no query for %s", arts[a].path);
    }
    tt_csv_table_clear(&t);
    free(data);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_front_matter),
        cmocka_unit_test(test_review_cases),
        cmocka_unit_test(test_queries),
    };
    return cmocka_run_group_tests(tests, load, unload);
}
