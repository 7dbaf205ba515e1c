/*
 * demo_kb.c: the demo knowledge base as a git repository with a history.
 *
 * The articles shipped in kb/ are committed in the order a real help centre
 * grows: an import of the basics, then SSO guides, integrations,
 * troubleshooting, Chinese translations and internal runbooks, each by its
 * author on a past date; three articles first land in a shorter version and
 * are expanded by later commits, so `kb log` has real diffs to show.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ticketty/kbgit.h"
#include "ticketty/util.h"

#define DAY         86400
#define DEMO_MARKER "ticketty-demo"

struct author {
    const char *name, *email;
};
static const struct author dana = {"Dana Whitfield", "dana.whitfield@orbitly.io"};
static const struct author tom = {"Tom Becker", "tom.becker@orbitly.io"};
static const struct author sofia = {"Sofia Laurent", "sofia.laurent@orbitly.io"};
static const struct author marco = {"Marco Ruiz", "marco.ruiz@orbitly.io"};
static const struct author liwei = {"李伟", "li.wei@orbitly.io"};
static const struct author priya = {"Priya Natarajan", "priya.natarajan@orbitly.io"};

/* The topic commits: files whose top directory matches `dir` (NULL: the rest). */
static const struct bucket {
    const char *dir;
    const struct author *who;
    int days_ago;
    const char *message;
} buckets[] = {
    {NULL, &dana, 420,
     "Import help centre articles\n\nGetting started, billing and account security, "
     "moved over from the old help desk and converted to Markdown."},
    {"sso", &tom, 330, "Add SSO guides: SAML, Okta, Entra ID, Google Workspace, SCIM"},
    {"integrations", &sofia, 240, "Add integration guides (Slack, GitHub, calendar, API)"},
    {"troubleshooting", &marco, 150, "Add troubleshooting section"},
    {"zh", &liwei, 95, "添加中文翻译:入门、账号安全、账单、单点登录、通知"},
    {"internal", &tom, 60, "Add internal agent runbooks (refunds, takeover, escalation, SSO)"},
};

/* Articles committed short first and completed by a later commit. */
static const struct edit {
    const char *path;
    const struct author *who;
    int days_ago;
    const char *message;
} edits[] = {
    {"account-security/two-factor-authentication.md", &dana, 21,
     "2FA: explain what to do before changing phones"},
    {"sso/troubleshoot-saml-errors.md", &tom, 12,
     "SAML troubleshooting: add the lockout section and bypass URL"},
    {"billing/plans-and-pricing.md", &priya, 4, "Pricing: non-profit and education discount"},
};

bool tt_kb_demo_is_demo(const char *dir)
{
    char *marker = xasprintf("%s/.git/" DEMO_MARKER, dir);
    struct stat sb;
    bool yes = stat(marker, &sb) == 0;
    free(marker);
    return yes;
}

char *tt_kb_demo_source(struct tt_err *err)
{
    struct stat sb;
    const char *env = getenv("TICKETTY_DATADIR");
    if (env && *env) {
        char *p = xasprintf("%s/kb", env);
        if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
            return p;
        tt_errf(err, "TICKETTY_DATADIR is set but %s is not a directory", p);
        free(p);
        return NULL;
    }
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char *p = xasprintf("%s/../kb", exe);
            char *real = realpath(p, NULL);
            free(p);
            if (real && stat(real, &sb) == 0 && S_ISDIR(sb.st_mode))
                return real;
            free(real);
        }
    }
    char *p = xstrdup(TT_DATADIR "/kb");
    if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
        return p;
    tt_errf(err,
            "demo knowledge base not found: set TICKETTY_DATADIR to the directory "
            "holding kb/, or install ticketty (looked in %s)",
            p);
    free(p);
    return NULL;
}

struct file_list {
    char **paths;
    size_t n, cap;
};

static int collect(const char *root, const char *rel, struct file_list *fl, struct tt_err *err)
{
    char *dir = *rel ? xasprintf("%s/%s", root, rel) : xstrdup(root);
    DIR *d = opendir(dir);
    if (!d) {
        tt_errf(err, "cannot read %s: %s", dir, strerror(errno));
        free(dir);
        return -1;
    }
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue; /* ., .., .git and hidden files */
        char *sub = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
        char *full = xasprintf("%s/%s", root, sub);
        struct stat sb;
        if (stat(full, &sb) != 0) {
            rc = tt_errf(err, "cannot read %s: %s", full, strerror(errno));
        } else if (S_ISDIR(sb.st_mode)) {
            rc = collect(root, sub, fl, err);
        } else if (S_ISREG(sb.st_mode)) {
            if (fl->n == fl->cap) {
                fl->cap = fl->cap ? fl->cap * 2 : 64;
                fl->paths = xrealloc(fl->paths, fl->cap * sizeof *fl->paths);
            }
            fl->paths[fl->n++] = sub;
            sub = NULL;
        }
        free(sub);
        free(full);
    }
    closedir(d);
    free(dir);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t bucket_of(const char *path)
{
    size_t len = strlen(path);
    if (len > 6 && strcmp(path + len - 6, "-zh.md") == 0)
        return 4;
    for (size_t b = 1; b < TT_ARRAY_LEN(buckets); b++) {
        size_t dl = strlen(buckets[b].dir);
        if (strncmp(path, buckets[b].dir, dl) == 0 && path[dl] == '/')
            return b;
    }
    return 0;
}

static const struct edit *edit_of(const char *path)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(edits); i++)
        if (strcmp(edits[i].path, path) == 0)
            return &edits[i];
    return NULL;
}

/* The earlier version of an edited article: without its last "## " section. */
static size_t shorter_len(const char *text, size_t len)
{
    const char *last = NULL;
    for (const char *p = strstr(text, "\n## "); p; p = strstr(p + 1, "\n## "))
        last = p;
    return last ? (size_t)(last - text) + 1 : len;
}

int tt_kb_demo_create(const char *src, const char *dst, int64_t now, struct tt_kb_demo_stats *stats,
                      struct tt_err *err)
{
    struct tt_kb_demo_stats st = {0, 0};
    struct file_list fl = {0};
    struct tt_kbgit *g = NULL;
    char **texts = NULL;
    size_t *lens = NULL;
    int rc = -1;
    struct stat sb;
    if (stat(dst, &sb) == 0) {
        DIR *d = opendir(dst);
        struct dirent *e;
        bool empty = true;
        while (d && (e = readdir(d)))
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                empty = false;
        if (d)
            closedir(d);
        if (!d || !empty) {
            tt_errf(err, "%s already exists and is not empty", dst);
            goto out;
        }
    }
    if (collect(src, "", &fl, err) < 0)
        goto out;
    if (fl.n == 0) {
        tt_errf(err, "no articles found in %s", src);
        goto out;
    }
    qsort(fl.paths, fl.n, sizeof *fl.paths, cmp_str);
    texts = xcalloc(fl.n, sizeof *texts);
    lens = xcalloc(fl.n, sizeof *lens);
    for (size_t i = 0; i < fl.n; i++) {
        char *full = xasprintf("%s/%s", src, fl.paths[i]);
        texts[i] = tt_read_file(full, &lens[i], err);
        free(full);
        if (!texts[i])
            goto out;
    }
    if (!(g = tt_kbgit_open(dst, err)))
        goto out;
    for (size_t b = 0; b < TT_ARRAY_LEN(buckets); b++) {
        long written = 0;
        for (size_t i = 0; i < fl.n; i++) {
            if (bucket_of(fl.paths[i]) != b)
                continue;
            size_t len = edit_of(fl.paths[i]) ? shorter_len(texts[i], lens[i]) : lens[i];
            if (tt_kbgit_write(g, fl.paths[i], texts[i], len, err) < 0)
                goto out;
            written++;
        }
        if (!written)
            continue;
        const struct bucket *k = &buckets[b];
        if (tt_kbgit_commit(g, k->who->name, k->who->email, now - (int64_t)k->days_ago * DAY,
                            k->message, NULL, err) < 0)
            goto out;
        st.commits++;
    }
    for (size_t e = 0; e < TT_ARRAY_LEN(edits); e++) {
        for (size_t i = 0; i < fl.n; i++) {
            if (strcmp(fl.paths[i], edits[e].path) != 0 ||
                shorter_len(texts[i], lens[i]) == lens[i])
                continue;
            if (tt_kbgit_write(g, fl.paths[i], texts[i], lens[i], err) < 0 ||
                tt_kbgit_commit(g, edits[e].who->name, edits[e].who->email,
                                now - (int64_t)edits[e].days_ago * DAY, edits[e].message, NULL,
                                err) < 0)
                goto out;
            st.commits++;
        }
    }
    char *marker = xasprintf("%s/.git/" DEMO_MARKER, dst);
    FILE *f = fopen(marker, "w");
    if (f) {
        fputs("created by ticketty demo init; demo init --force may replace this repository\n", f);
        fclose(f);
    }
    free(marker);
    if (!f) {
        tt_errf(err, "cannot write %s/.git/" DEMO_MARKER ": %s", dst, strerror(errno));
        goto out;
    }
    st.files = (long)fl.n;
    rc = 0;
out:
    tt_kbgit_close(g);
    for (size_t i = 0; i < fl.n; i++) {
        free(fl.paths[i]);
        if (texts)
            free(texts[i]);
    }
    free(fl.paths);
    free(texts);
    free(lens);
    if (stats)
        *stats = st;
    return rc;
}
