/*
 * gitrepo.c: create repositories and commits with libgit2 (see kbgit.h).
 *
 * Files are written to the working tree and then staged with
 * git_index_add_bypath, so the index carries real stat data and `git status`
 * in the repository is clean after a commit.
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ticketty/kbgit.h"
#include "ticketty/util.h"

struct tt_kbgit {
    git_repository *repo;
    git_index *index;
    char *dir;
};

static int git_fail(struct tt_err *err, const char *dir, const char *what)
{
    const git_error *e = git_error_last();
    return tt_errf(err, "git repository %s: %s: %s", dir, what,
                   e && e->message ? e->message : "failed");
}

bool tt_kbgit_is_repo(const char *dir)
{
    git_libgit2_init();
    git_repository *repo = NULL;
    int rc = git_repository_open_ext(&repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
    git_repository_free(repo);
    git_libgit2_shutdown();
    return rc == 0;
}

struct tt_kbgit *tt_kbgit_open(const char *dir, struct tt_err *err)
{
    git_libgit2_init();
    struct tt_kbgit *g = xcalloc(1, sizeof *g);
    g->dir = xstrdup(dir);
    if (git_repository_open_ext(&g->repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) != 0) {
        if (tt_mkdir_p(dir, err) < 0)
            goto fail;
        git_repository_init_options opts;
        git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
        opts.flags = GIT_REPOSITORY_INIT_MKPATH;
        opts.initial_head = "main";
        if (git_repository_init_ext(&g->repo, dir, &opts) != 0) {
            git_fail(err, dir, "cannot create");
            goto fail;
        }
    }
    if (git_repository_index(&g->index, g->repo) != 0) {
        git_fail(err, dir, "cannot read the index");
        goto fail;
    }
    return g;
fail:
    tt_kbgit_close(g);
    return NULL;
}

void tt_kbgit_close(struct tt_kbgit *g)
{
    if (!g)
        return;
    git_index_free(g->index);
    git_repository_free(g->repo);
    free(g->dir);
    free(g);
    git_libgit2_shutdown();
}

int tt_kbgit_write(struct tt_kbgit *g, const char *relpath, const char *data, size_t len,
                   struct tt_err *err)
{
    if (!*relpath || relpath[0] == '/' || strstr(relpath, "..") || strcmp(relpath, ".git") == 0 ||
        tt_has_prefix(relpath, ".git/"))
        return tt_errf(err, "git repository %s: refusing to write path '%s'", g->dir, relpath);
    char *path = xasprintf("%s/%s", g->dir, relpath);
    int rc = tt_mkdir_parents(path, err);
    FILE *f = rc == 0 ? fopen(path, "wb") : NULL;
    if (rc == 0 && !f)
        rc = tt_errf(err, "cannot write %s: %s", path, strerror(errno));
    if (f) {
        if (fwrite(data, 1, len, f) != len)
            rc = tt_errf(err, "cannot write %s: %s", path, strerror(errno));
        if (fclose(f) != 0 && rc == 0)
            rc = tt_errf(err, "cannot write %s: %s", path, strerror(errno));
    }
    free(path);
    if (rc == 0 && git_index_add_bypath(g->index, relpath) != 0)
        rc = git_fail(err, g->dir, relpath);
    return rc;
}

int tt_kbgit_commit(struct tt_kbgit *g, const char *name, const char *email, int64_t when,
                    const char *message, char *oid_out, struct tt_err *err)
{
    git_oid tree_id, commit_id;
    git_tree *tree = NULL;
    git_signature *sig = NULL;
    git_commit *parent = NULL;
    git_reference *head = NULL;
    int rc = -1;
    if (git_index_write(g->index) != 0 || git_index_write_tree(&tree_id, g->index) != 0) {
        git_fail(err, g->dir, "cannot write the index");
        goto out;
    }
    if (git_tree_lookup(&tree, g->repo, &tree_id) != 0) {
        git_fail(err, g->dir, "cannot read the new tree");
        goto out;
    }
    if (git_signature_new(&sig, name, email, (git_time_t)when, 0) != 0) {
        git_fail(err, g->dir, "bad author");
        goto out;
    }
    int hrc = git_repository_head(&head, g->repo);
    if (hrc == 0) {
        if (git_reference_peel((git_object **)&parent, head, GIT_OBJECT_COMMIT) != 0) {
            git_fail(err, g->dir, "cannot read HEAD");
            goto out;
        }
    } else if (hrc != GIT_EUNBORNBRANCH && hrc != GIT_ENOTFOUND) {
        git_fail(err, g->dir, "cannot read HEAD");
        goto out;
    }
    const git_commit *parents[1] = {parent};
    if (git_commit_create(&commit_id, g->repo, "HEAD", sig, sig, NULL, message, tree,
                          parent ? 1 : 0, parents) != 0) {
        git_fail(err, g->dir, "cannot commit");
        goto out;
    }
    if (oid_out)
        git_oid_tostr(oid_out, 41, &commit_id);
    rc = 0;
out:
    git_commit_free(parent);
    git_reference_free(head);
    git_signature_free(sig);
    git_tree_free(tree);
    return rc;
}

int tt_kbgit_count_commits(const char *dir, long *n_out, struct tt_err *err)
{
    *n_out = 0;
    git_libgit2_init();
    git_repository *repo = NULL;
    git_revwalk *walk = NULL;
    int rc = -1;
    if (git_repository_open_ext(&repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) != 0) {
        git_fail(err, dir, "cannot open");
        goto out;
    }
    if (git_repository_head_unborn(repo) == 1) {
        rc = 0;
        goto out;
    }
    if (git_revwalk_new(&walk, repo) != 0 || git_revwalk_push_head(walk) != 0) {
        git_fail(err, dir, "cannot walk the history");
        goto out;
    }
    git_oid oid;
    while (git_revwalk_next(&oid, walk) == 0)
        (*n_out)++;
    rc = 0;
out:
    git_revwalk_free(walk);
    git_repository_free(repo);
    git_libgit2_shutdown();
    return rc;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static bool dir_is_empty(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    struct dirent *e;
    bool empty = true;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            empty = false;
            break;
        }
    closedir(d);
    return empty;
}

int tt_kbgit_remove(const char *dir, struct tt_err *err)
{
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return errno == ENOENT ? 0 : tt_errf(err, "%s: %s", dir, strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return tt_errf(err, "%s is not a directory", dir);
    if (!tt_kbgit_is_repo(dir) && !dir_is_empty(dir))
        return tt_errf(err, "%s is not a git repository: not removing it", dir);
    if (nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
        return tt_errf(err, "cannot remove %s: %s", dir, strerror(errno));
    return 0;
}
