/*
 * author.c: `kb new` and `kb edit`: the article goes to $VISUAL/$EDITOR as a
 * temporary file; on save it is validated like `kb index` does (front matter,
 * unique id), and an invalid file is re-opened with the error written at the
 * top of its front matter as a YAML comment.  A valid article is written into
 * the KB working tree and committed with the user's git identity (user.name /
 * user.email from git config), then indexed.  Saving the file unchanged
 * cancels.
 */
#include <ctype.h>
#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kb_internal.h"
#include "ticketty/kbgit.h"
#include "ticketty/store_kb.h"
#include "ticketty/util.h"

#define ERR_MARK "# ticketty: "

void tt_kb_edit_result_clear(struct tt_kb_edit_result *r)
{
    free(r->id);
    free(r->path);
    memset(r, 0, sizeof *r);
}

int tt_kb_git_identity(const char *kb_path, char **name, char **email, struct tt_err *err)
{
    *name = *email = NULL;
    tt_kb_git_init();
    git_repository *repo = NULL;
    git_signature *sig = NULL;
    if (git_repository_open_ext(&repo, kb_path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
        return tt_errf(err, "knowledge base %s: not a git repository (%s)", kb_path,
                       tt_kb_git_errmsg());
    int rc = git_signature_default(&sig, repo);
    if (rc < 0) {
        git_repository_free(repo);
        return tt_errf(err,
                       "knowledge base %s: no git identity: set it with `git config --global "
                       "user.name NAME` and `git config --global user.email EMAIL`",
                       kb_path);
    }
    *name = xstrdup(sig->name);
    *email = xstrdup(sig->email);
    git_signature_free(sig);
    git_repository_free(repo);
    return 0;
}

/* Remove our error comment lines. */
static char *strip_marks(const char *text)
{
    struct tt_buf b = {0};
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
        if (strncmp(p, ERR_MARK, strlen(ERR_MARK)) != 0)
            tt_buf_append(&b, p, len);
        p += len;
    }
    return b.data ? tt_buf_steal(&b) : xstrdup("");
}

/* The text with "# ticketty: MESSAGE" lines after the opening "---". */
static char *with_mark(const char *text, int line, const char *msg)
{
    struct tt_buf b = {0};
    const char *p = text;
    bool fm = strncmp(p, "---", 3) == 0;
    if (fm) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
        tt_buf_append(&b, p, len);
        if (!nl)
            tt_buf_putc(&b, '\n');
        p += len;
    }
    /* Lines below the mark move down by its two lines in the editor. */
    tt_buf_printf(&b, ERR_MARK "line %d: ", line > 1 && fm ? line + 2 : line);
    for (const char *m = msg; *m; m++)
        tt_buf_putc(&b, *m == '\n' ? ' ' : *m);
    tt_buf_puts(&b, "\n" ERR_MARK "fix it and save; save unchanged to cancel\n");
    tt_buf_puts(&b, p);
    return tt_buf_steal(&b);
}

static int write_file(const char *path, const char *text, struct tt_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return tt_errf(err, "cannot write %s: %s", path, strerror(errno));
    fputs(text, f);
    if (fclose(f) != 0)
        return tt_errf(err, "cannot write %s: %s", path, strerror(errno));
    return 0;
}

static int run_editor(const struct tt_kb_edit_opts *o, const char *path, struct tt_err *err)
{
    const char *ed = o && o->editor ? o->editor : getenv("VISUAL");
    if (!ed || !*ed)
        ed = getenv("EDITOR");
    if (!ed || !*ed)
        ed = "vi";
    if (o && o->before_editor)
        o->before_editor(o->ud);
    /* sh -c 'EDITOR "$1"': the editor setting may carry arguments ("code -w"). */
    char *script = xasprintf("%s \"$1\"", ed);
    pid_t pid = fork();
    int status = -1;
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", script, "sh", path, (char *)NULL);
        _exit(127);
    }
    if (pid > 0)
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
    free(script);
    if (o && o->after_editor)
        o->after_editor(o->ud);
    if (pid < 0)
        return tt_errf(err, "cannot start the editor: %s", strerror(errno));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return tt_errf(err, "the editor (%s) failed; nothing committed", ed);
    return 0;
}

/* Next id after the highest PREFIX-NNNN in the store ("kb-0001" when none). */
static char *next_id(struct tt_store *st)
{
    struct tt_kb_article *list = NULL;
    size_t n = 0;
    long best = 0;
    int width = 4;
    char prefix[32] = "kb-";
    if (st && tt_store_kb_article_list(st, false, &list, &n, NULL) == 0) {
        for (size_t i = 0; i < n; i++) {
            const char *id = list[i].id;
            size_t len = strlen(id), d = len;
            while (d > 0 && isdigit((unsigned char)id[d - 1]))
                d--;
            if (d == len || d >= sizeof prefix)
                continue;
            long v = strtol(id + d, NULL, 10);
            if (v > best) {
                best = v;
                width = (int)(len - d);
                memcpy(prefix, id, d);
                prefix[d] = '\0';
            }
        }
    }
    tt_kb_article_list_free(list, n);
    return xasprintf("%s%0*ld", prefix, width, best + 1);
}

static char *template_for(struct tt_store *st, const char *category, const char *author)
{
    char *id = next_id(st);
    char day[21];
    tt_time_iso(tt_now(), day);
    day[10] = '\0';
    char *t =
        xasprintf("---\n"
                  "id: %s\n"
                  "title: \n"
                  "excerpt: \n"
                  "category: %s\n"
                  "subcategory: \n"
                  "tags: []\n"
                  "audience: customer\n"
                  "visibility: public\n"
                  "related: []\n"
                  "author: %s\n"
                  "owner: \n"
                  "reviewed_at: %s\n"
                  "review_every: %d\n"
                  "---\n"
                  "# \n\n",
                  id, category ? category : "general", author, day, TT_KB_DEFAULT_REVIEW_EVERY);
    free(id);
    return t;
}

static char *slugify(const char *s)
{
    struct tt_buf b = {0};
    bool dash = false;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c)) {
            if (dash && b.len)
                tt_buf_putc(&b, '-');
            tt_buf_putc(&b, (char)tolower(c));
            dash = false;
        } else {
            dash = true;
        }
        if (b.len >= 60)
            break;
    }
    return b.len ? tt_buf_steal(&b) : xstrdup("article");
}

static bool exists_in(const char *kb_path, const char *rel)
{
    char *p = xasprintf("%s/%s", kb_path, rel);
    bool e = access(p, F_OK) == 0;
    free(p);
    return e;
}

int tt_kb_edit(struct tt_store *st, const char *kb_path, const char *ref,
               const struct tt_kb_edit_opts *o, struct tt_kb_edit_result *res, struct tt_err *err)
{
    memset(res, 0, sizeof *res);
    char *name = NULL, *email = NULL, *orig = NULL, *path = NULL, *tmp = NULL, *text = NULL;
    int rc = -1;
    if (tt_kb_git_identity(kb_path, &name, &email, err) < 0)
        return -1;
    if (ref) {
        struct tt_kb_article a;
        int found = st ? tt_store_kb_article_get(st, ref, &a, err) : 0;
        if (found < 0)
            goto out;
        if (found) {
            path = xstrdup(a.path);
            tt_kb_article_clear(&a);
        } else if (tt_kb_is_article_path(ref) && exists_in(kb_path, ref)) {
            path = xstrdup(ref);
        } else {
            tt_errf(err, "no article \"%s\" (an indexed id or slug, or a path in %s)", ref,
                    kb_path);
            goto out;
        }
        char *full = xasprintf("%s/%s", kb_path, path);
        orig = tt_read_file(full, NULL, err);
        free(full);
        if (!orig)
            goto out;
    } else {
        orig = template_for(st, o ? o->category : NULL, name);
    }
    const char *tdir = getenv("TMPDIR");
    tmp = xasprintf("%s/ticketty-article-XXXXXX.md", tdir && *tdir ? tdir : "/tmp");
    int fd = mkstemps(tmp, 3);
    if (fd < 0) {
        tt_errf(err, "cannot create a temporary file: %s", strerror(errno));
        free(tmp);
        tmp = NULL;
        goto out;
    }
    close(fd);
    char *shown = xstrdup(orig);
    struct tt_kb_article art = {0};
    for (int round = 0;; round++) {
        if (write_file(tmp, shown, err) < 0 || run_editor(o, tmp, err) < 0) {
            free(shown);
            goto out;
        }
        free(text);
        text = tt_read_file(tmp, NULL, err);
        if (!text) {
            free(shown);
            goto out;
        }
        if (strcmp(text, shown) == 0 || !*text) {
            /* Saved unchanged (or emptied): cancel. */
            free(shown);
            res->cancelled = true;
            rc = 0;
            goto out;
        }
        char *clean = strip_marks(text);
        free(text);
        text = clean;
        /* Validate: parse, then the id must be free or this article's. */
        const char *vpath = path ? path : "new.md";
        int line = 1;
        struct tt_err perr;
        tt_kb_article_clear(&art);
        int ok = tt_kb_article_parse(vpath, text, strlen(text), &art, &line, &perr) == 0;
        if (ok && st) {
            char *other = NULL;
            if (tt_store_kb_path_of_id(st, art.id, &other, err) < 0) {
                free(shown);
                goto out;
            }
            if (other && (!path || strcmp(other, path) != 0)) {
                tt_errf(&perr, "id \"%s\" is already used by %s", art.id, other);
                line = 2;
                ok = 0;
            }
            free(other);
        }
        if (ok)
            break;
        free(shown);
        shown = with_mark(text, line, perr.msg);
        if (o && o->on_error)
            o->on_error(o->ud, line, perr.msg);
    }
    free(shown);
    if (!path) {
        /* A new article: CATEGORY/SLUG.md, made unique. */
        char *slug = slugify(art.slug && strcmp(art.slug, "new") != 0 ? art.slug : art.title);
        const char *cat = art.category && strcmp(art.category, "general") != 0 ? art.category
                          : o && o->category                                   ? o->category
                                                                               : "general";
        char *catslug = slugify(cat);
        path = xasprintf("%s/%s.md", catslug, slug);
        for (int i = 2; exists_in(kb_path, path) && i < 1000; i++) {
            free(path);
            path = xasprintf("%s/%s-%d.md", catslug, slug, i);
        }
        free(slug);
        free(catslug);
    }
    struct tt_kbgit *g = tt_kbgit_open(kb_path, err);
    if (!g) {
        tt_kb_article_clear(&art);
        goto out;
    }
    char *msg = xasprintf("kb: %s %s (%s)\n", ref ? "edit" : "add", art.title, art.id);
    if (tt_kbgit_write(g, path, text, strlen(text), err) < 0 ||
        tt_kbgit_commit(g, name, email, tt_now(), msg, res->commit, err) < 0) {
        free(msg);
        tt_kbgit_close(g);
        tt_kb_article_clear(&art);
        goto out;
    }
    free(msg);
    tt_kbgit_close(g);
    res->id = xstrdup(art.id);
    res->path = xstrdup(path);
    res->committed = true;
    tt_kb_article_clear(&art);
    rc = 0;
out:
    if (tmp) {
        unlink(tmp);
        free(tmp);
    }
    free(text);
    free(orig);
    free(path);
    free(name);
    free(email);
    return rc;
}
