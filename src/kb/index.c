/*
 * index.c: `kb index`: read the KB repository through libgit2 and bring the
 * store up to date.
 *
 * The first run (or --full) walks the whole tree at HEAD.  Later runs diff the
 * tree of the last indexed commit against HEAD and parse only changed blobs, so
 * a one-article edit costs one parse, one upsert and one embedding.  A broken
 * article (bad front matter, duplicate id) is recorded with its path and line
 * and left out; everything else is indexed.  --check parses the staged tree
 * (the git index, as a pre-commit hook sees it; HEAD in a bare repository) and
 * writes nothing.
 */
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kb_internal.h"
#include "ticketty/store_kb.h"
#include "ticketty/util.h"

void tt_kb_git_init(void)
{
    static int done;
    if (!done) {
        git_libgit2_init();
        done = 1;
    }
}

const char *tt_kb_git_errmsg(void)
{
    const git_error *e = git_error_last();
    return e && e->message ? e->message : "unknown libgit2 error";
}

char *tt_kb_embed_text(const struct tt_kb_article *a)
{
    return xasprintf("%s\n%s\n%s\n%s", a->title ? a->title : "", a->tags ? a->tags : "",
                     a->excerpt ? a->excerpt : "", a->text ? a->text : "");
}

void tt_kb_content_hash(struct tt_kb_article *a)
{
    tt_kb_git_init();
    char *t = tt_kb_embed_text(a);
    git_oid oid;
    char hex[GIT_OID_HEXSZ + 1];
    if (git_odb_hash(&oid, t, strlen(t), GIT_OBJECT_BLOB) == 0) {
        git_oid_tostr(hex, sizeof hex, &oid);
        free(a->content_hash);
        a->content_hash = xstrdup(hex);
    }
    free(t);
}

void tt_kb_index_opts_init(struct tt_kb_index_opts *o)
{
    memset(o, 0, sizeof *o);
    o->embed = true;
}

void tt_kb_index_report_clear(struct tt_kb_index_report *r)
{
    for (size_t i = 0; i < r->n_problems; i++) {
        free(r->problems[i].path);
        free(r->problems[i].message);
    }
    free(r->problems);
    memset(r, 0, sizeof *r);
}

static void add_problem(struct tt_kb_index_report *r, const char *path, int line, const char *msg)
{
    r->problems = xrealloc(r->problems, (r->n_problems + 1) * sizeof *r->problems);
    struct tt_kb_problem *p = &r->problems[r->n_problems++];
    p->path = xstrdup(path);
    p->line = line;
    p->message = xstrdup(msg);
}

/* One article file to (re)index: path and blob. */
struct entry {
    char *path;
    git_oid oid;
    struct tt_kb_article art;
    bool ok;
};

struct walk {
    struct entry *e;
    size_t n, cap;
};

static void walk_add(struct walk *w, const char *path, const git_oid *oid)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 256;
        w->e = xrealloc(w->e, w->cap * sizeof *w->e);
    }
    struct entry *e = &w->e[w->n++];
    memset(e, 0, sizeof *e);
    e->path = xstrdup(path);
    git_oid_cpy(&e->oid, oid);
}

static void walk_free(struct walk *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->e[i].path);
        tt_kb_article_clear(&w->e[i].art);
    }
    free(w->e);
}

static int tree_cb(const char *root, const git_tree_entry *te, void *payload)
{
    if (git_tree_entry_type(te) != GIT_OBJECT_BLOB)
        return 0;
    char *path = xasprintf("%s%s", root, git_tree_entry_name(te));
    if (tt_kb_is_article_path(path))
        walk_add(payload, path, git_tree_entry_id(te));
    free(path);
    return 0;
}

/* Parse every entry; mark duplicates of ids within the set. */
static void parse_entries(git_repository *repo, struct walk *w, struct tt_kb_index_report *r)
{
    for (size_t i = 0; i < w->n; i++) {
        struct entry *e = &w->e[i];
        git_blob *blob = NULL;
        if (git_blob_lookup(&blob, repo, &e->oid) < 0) {
            add_problem(r, e->path, 1, tt_kb_git_errmsg());
            continue;
        }
        const char *raw = git_blob_rawcontent(blob);
        size_t len = (size_t)git_blob_rawsize(blob);
        int line = 1;
        struct tt_err perr;
        if (tt_kb_article_parse(e->path, raw, len, &e->art, &line, &perr) < 0) {
            add_problem(r, e->path, line, perr.msg);
        } else {
            char hex[GIT_OID_HEXSZ + 1];
            git_oid_tostr(hex, sizeof hex, &e->oid);
            e->art.blob = xstrdup(hex);
            e->ok = true;
        }
        git_blob_free(blob);
    }
}

static int by_id(const void *a, const void *b)
{
    const struct entry *const *x = a, *const *y = b;
    int c = strcmp((*x)->art.id, (*y)->art.id);
    return c ? c : strcmp((*x)->path, (*y)->path);
}

/* Mark all but one article of each id as duplicates: the one the store
 * already has at that path wins (so adding a clash never evicts the original),
 * else the first by path. */
static void mark_duplicates(struct tt_store *st, struct walk *w, struct tt_kb_index_report *r)
{
    struct entry **ok = xmalloc((w->n ? w->n : 1) * sizeof *ok);
    size_t n = 0;
    for (size_t i = 0; i < w->n; i++)
        if (w->e[i].ok)
            ok[n++] = &w->e[i];
    qsort(ok, n, sizeof *ok, by_id);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && strcmp(ok[j]->art.id, ok[i]->art.id) == 0)
            j++;
        if (j - i > 1) {
            size_t keep = i;
            char *known = NULL;
            if (st && tt_store_kb_path_of_id(st, ok[i]->art.id, &known, NULL) == 0 && known)
                for (size_t k = i; k < j; k++)
                    if (strcmp(ok[k]->path, known) == 0)
                        keep = k;
            free(known);
            for (size_t k = i; k < j; k++) {
                if (k == keep)
                    continue;
                char *msg = xasprintf("duplicate id \"%s\" (also used by %s)", ok[k]->art.id,
                                      ok[keep]->path);
                add_problem(r, ok[k]->path, 2, msg);
                free(msg);
                ok[k]->ok = false;
            }
        }
        i = j;
    }
    free(ok);
}

static int entry_path_cmp(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

static struct entry *find_entry(struct walk *w, const char *path)
{
    struct entry key;
    key.path = (char *)path;
    return bsearch(&key, w->e, w->n, sizeof *w->e, entry_path_cmp);
}

static int art_path_cmp(const void *a, const void *b)
{
    return strcmp(((const struct tt_kb_article *)a)->path, ((const struct tt_kb_article *)b)->path);
}

static int problems_cmp(const void *a, const void *b)
{
    const struct tt_kb_problem *x = a, *y = b;
    return strcmp(x->path, y->path);
}

/* --check: the staged tree (git index), or HEAD of a bare repository. */
static int check_only(git_repository *repo, git_tree *head_tree, struct tt_kb_index_report *r,
                      struct tt_err *err)
{
    struct walk w = {0};
    git_index *idx = NULL;
    if (!git_repository_is_bare(repo) && git_repository_index(&idx, repo) == 0) {
        size_t n = git_index_entrycount(idx);
        for (size_t i = 0; i < n; i++) {
            const git_index_entry *ie = git_index_get_byindex(idx, i);
            if (ie && tt_kb_is_article_path(ie->path) && GIT_INDEX_ENTRY_STAGE(ie) == 0)
                walk_add(&w, ie->path, &ie->id);
        }
        git_index_free(idx);
    } else if (head_tree) {
        git_tree_walk(head_tree, GIT_TREEWALK_PRE, tree_cb, &w);
    } else {
        return tt_errf(err, "knowledge base has no commits and no staged files");
    }
    parse_entries(repo, &w, r);
    mark_duplicates(NULL, &w, r);
    for (size_t i = 0; i < w.n; i++)
        if (w.e[i].ok)
            r->added++;
    walk_free(&w);
    return 0;
}

/* Store one parsed entry; a clash with an article elsewhere is a problem. */
static int store_entry(struct tt_store *st, struct entry *e, struct tt_kb_index_report *r,
                       bool *added, struct tt_err *err)
{
    char *other = NULL;
    if (tt_store_kb_path_of_id(st, e->art.id, &other, err) < 0)
        return -1;
    if (other && strcmp(other, e->path) != 0) {
        char *msg = xasprintf("duplicate id \"%s\" (also used by %s)", e->art.id, other);
        free(other);
        if (tt_store_kb_article_delete_path(st, e->path, err) < 0 ||
            tt_store_kb_broken_set(st, e->path, 2, msg, err) < 0) {
            free(msg);
            return -1;
        }
        free(msg);
        return 0;
    }
    *added = other == NULL;
    free(other);
    /* The path may hold an article whose id changed: drop that row first. */
    struct tt_kb_article old;
    int found = tt_store_kb_article_get(st, e->path, &old, err);
    if (found < 0)
        return -1;
    if (found && strcmp(old.path, e->path) == 0 && strcmp(old.id, e->art.id) != 0) {
        if (tt_store_kb_article_delete_path(st, e->path, err) < 0) {
            tt_kb_article_clear(&old);
            return -1;
        }
    }
    tt_kb_article_clear(&old);
    if (tt_store_kb_article_upsert(st, &e->art, err) < 0 ||
        tt_store_kb_broken_clear(st, e->path, err) < 0)
        return tt_err_prefix(err, "%s", e->path);
    if (*added)
        r->added++;
    else
        r->updated++;
    return 0;
}

static int diff_cb(const git_diff_delta *d, float progress, void *payload)
{
    struct walk *w = payload;
    /* Deletions are recorded with a zero oid; the new side re-adds. */
    if (d->status == GIT_DELTA_DELETED || d->status == GIT_DELTA_RENAMED ||
        d->status == GIT_DELTA_TYPECHANGE || d->status == GIT_DELTA_MODIFIED) {
        if (tt_kb_is_article_path(d->old_file.path) &&
            (d->status != GIT_DELTA_MODIFIED || d->new_file.mode != GIT_FILEMODE_BLOB)) {
            git_oid zero;
            memset(&zero, 0, sizeof zero);
            walk_add(w, d->old_file.path, &zero);
        }
    }
    if ((d->status == GIT_DELTA_ADDED || d->status == GIT_DELTA_MODIFIED ||
         d->status == GIT_DELTA_RENAMED || d->status == GIT_DELTA_COPIED ||
         d->status == GIT_DELTA_TYPECHANGE) &&
        (d->new_file.mode == GIT_FILEMODE_BLOB ||
         d->new_file.mode == GIT_FILEMODE_BLOB_EXECUTABLE) &&
        tt_kb_is_article_path(d->new_file.path))
        walk_add(w, d->new_file.path, &d->new_file.id);
    return 0;
}

int tt_kb_index(struct tt_store *st, const char *kb_path, const struct tt_kb_index_opts *opts,
                struct tt_kb_index_report *r, struct tt_err *err)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(r, 0, sizeof *r);
    tt_kb_git_init();
    git_repository *repo = NULL;
    git_object *head = NULL;
    git_commit *commit = NULL, *last_commit = NULL;
    git_tree *tree = NULL, *last_tree = NULL;
    git_diff *diff = NULL;
    struct walk w = {0};
    char *last = NULL;
    int rc = -1;
    bool in_tx = false;

    if (git_repository_open_ext(&repo, kb_path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
        tt_errf(err, "knowledge base %s: not a git repository (%s)", kb_path, tt_kb_git_errmsg());
        goto out;
    }
    if (git_revparse_single(&head, repo, "HEAD^{commit}") == 0) {
        commit = (git_commit *)head;
        head = NULL;
        if (git_commit_tree(&tree, commit) < 0) {
            tt_errf(err, "knowledge base %s: %s", kb_path, tt_kb_git_errmsg());
            goto out;
        }
        git_oid_tostr(r->commit, sizeof r->commit, git_commit_id(commit));
    } else if (!opts->check) {
        tt_errf(err, "knowledge base %s has no commits yet (commit an article first)", kb_path);
        goto out;
    }
    if (opts->check) {
        r->full = true;
        rc = check_only(repo, tree, r, err);
        goto out;
    }

    if (tt_store_kb_state_get(st, "commit", &last, err) < 0)
        goto out;
    char *last_root = NULL;
    if (tt_store_kb_state_get(st, "root", &last_root, err) < 0)
        goto out;
    bool same_root = last_root && strcmp(last_root, kb_path) == 0;
    free(last_root);
    r->full = opts->full || !last || !same_root;
    if (!r->full) {
        git_oid oid;
        if (git_oid_fromstr(&oid, last) < 0 || git_commit_lookup(&last_commit, repo, &oid) < 0 ||
            git_commit_tree(&last_tree, last_commit) < 0)
            r->full = true; /* history rewritten: walk everything */
    }
    if (tt_store_begin(st, err) < 0)
        goto out;
    in_tx = true;

    size_t changed = 0;
    if (r->full) {
        git_tree_walk(tree, GIT_TREEWALK_PRE, tree_cb, &w);
        if (w.n)
            qsort(w.e, w.n, sizeof *w.e, entry_path_cmp);
        parse_entries(repo, &w, r);
        mark_duplicates(st, &w, r);
        if (tt_store_kb_broken_clear(st, NULL, err) < 0)
            goto out;
        for (size_t i = 0; i < r->n_problems; i++)
            if (tt_store_kb_broken_set(st, r->problems[i].path, r->problems[i].line,
                                       r->problems[i].message, err) < 0)
                goto out;
        /* Deletions first: paths gone from the tree or now broken. */
        char **paths;
        size_t np;
        if (tt_store_kb_paths(st, &paths, &np, err) < 0)
            goto out;
        struct tt_kb_article *old = NULL;
        size_t nold = 0;
        if (tt_store_kb_article_list(st, false, &old, &nold, err) < 0) {
            for (size_t i = 0; i < np; i++)
                free(paths[i]);
            free(paths);
            goto out;
        }
        if (nold)
            qsort(old, nold, sizeof *old, art_path_cmp);
        int drc = 0;
        for (size_t i = 0; i < np && drc == 0; i++) {
            struct entry *e = find_entry(&w, paths[i]);
            if (!e || !e->ok) {
                drc = tt_store_kb_article_delete_path(st, paths[i], err);
                r->removed++;
            }
        }
        for (size_t i = 0; i < np; i++)
            free(paths[i]);
        free(paths);
        if (drc < 0) {
            tt_kb_article_list_free(old, nold);
            goto out;
        }
        for (size_t j = 0; j < w.n; j++) {
            struct entry *e = &w.e[j];
            if (!e->ok)
                continue;
            /* Unchanged blob at the same path: nothing to do. */
            struct tt_kb_article key = {0};
            key.path = e->path;
            const struct tt_kb_article *o =
                nold ? bsearch(&key, old, nold, sizeof *old, art_path_cmp) : NULL;
            if (o && strcmp(o->blob, e->art.blob) == 0 && strcmp(o->id, e->art.id) == 0) {
                r->unchanged++;
                continue;
            }
            bool added;
            if (store_entry(st, e, r, &added, err) < 0) {
                tt_kb_article_list_free(old, nold);
                goto out;
            }
        }
        tt_kb_article_list_free(old, nold);
        changed = r->added + r->updated + r->removed;
    } else {
        git_diff_options dopts;
        git_diff_options_init(&dopts, GIT_DIFF_OPTIONS_VERSION);
        if (git_diff_tree_to_tree(&diff, repo, last_tree, tree, &dopts) < 0) {
            tt_errf(err, "knowledge base %s: diff %s..HEAD: %s", kb_path, last, tt_kb_git_errmsg());
            goto out;
        }
        git_diff_foreach(diff, diff_cb, NULL, NULL, NULL, &w);
        /* Deletions (zero oid) first. */
        for (size_t i = 0; i < w.n; i++) {
            if (!git_oid_is_zero(&w.e[i].oid))
                continue;
            if (tt_store_kb_article_delete_path(st, w.e[i].path, err) < 0 ||
                tt_store_kb_broken_clear(st, w.e[i].path, err) < 0)
                goto out;
            r->removed++;
        }
        struct walk add = {0};
        for (size_t i = 0; i < w.n; i++)
            if (!git_oid_is_zero(&w.e[i].oid))
                walk_add(&add, w.e[i].path, &w.e[i].oid);
        struct tt_kb_index_report tmp = {0};
        parse_entries(repo, &add, &tmp);
        mark_duplicates(st, &add, &tmp);
        for (size_t i = 0; i < tmp.n_problems; i++) {
            if (tt_store_kb_article_delete_path(st, tmp.problems[i].path, err) < 0 ||
                tt_store_kb_broken_set(st, tmp.problems[i].path, tmp.problems[i].line,
                                       tmp.problems[i].message, err) < 0) {
                tt_kb_index_report_clear(&tmp);
                walk_free(&add);
                goto out;
            }
        }
        tt_kb_index_report_clear(&tmp);
        for (size_t i = 0; i < add.n; i++) {
            bool added;
            if (add.e[i].ok && store_entry(st, &add.e[i], r, &added, err) < 0) {
                walk_free(&add);
                goto out;
            }
        }
        walk_free(&add);
        changed = r->added + r->updated + r->removed;
        /* Problems to show: every article still broken, old ones included. */
    }
    /* Report every broken article currently on record. */
    for (size_t i = 0; i < r->n_problems; i++) {
        free(r->problems[i].path);
        free(r->problems[i].message);
    }
    free(r->problems);
    r->problems = NULL;
    r->n_problems = 0;
    if (tt_store_kb_broken_list(st, &r->problems, &r->n_problems, err) < 0)
        goto out;

    if (opts->embed && tt_kb_embed_sync(st, opts->config, changed, opts->retrain, r, err) < 0)
        goto out;
    if (tt_store_kb_state_set(st, "commit", r->commit, err) < 0 ||
        tt_store_kb_state_set(st, "root", kb_path, err) < 0 ||
        tt_store_kb_bump_generation(st, err) < 0)
        goto out;
    in_tx = false;
    if (tt_store_commit(st, err) < 0)
        goto out;
    rc = 0;
out:
    if (in_tx)
        tt_store_rollback(st);
    if (r->problems)
        qsort(r->problems, r->n_problems, sizeof *r->problems, problems_cmp);
    walk_free(&w);
    free(last);
    git_diff_free(diff);
    git_tree_free(tree);
    git_tree_free(last_tree);
    git_commit_free(commit);
    git_commit_free(last_commit);
    git_object_free(head);
    git_repository_free(repo);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return rc;
}
