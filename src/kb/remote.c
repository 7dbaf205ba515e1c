/*
 * remote.c: an article's history (`kb log`) and syncing the KB repository with
 * its remote (`kb pull`, `kb push`) through libgit2, with the user's own git
 * credentials: the ssh agent for ssh remotes, git's credential helpers (`git
 * credential fill`) for https.  Nothing is ever stored or logged by ticketty.
 */
#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kb_internal.h"
#include "ticketty/util.h"

static int git_err(struct tt_err *err, const char *kb_path, const char *what)
{
    return tt_errf(err, "knowledge base %s: %s: %s", kb_path, what, tt_kb_git_errmsg());
}

static git_repository *open_repo(const char *kb_path, struct tt_err *err)
{
    tt_kb_git_init();
    git_repository *repo = NULL;
    if (git_repository_open_ext(&repo, kb_path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
        tt_errf(err, "knowledge base %s: not a git repository (%s)", kb_path, tt_kb_git_errmsg());
        return NULL;
    }
    return repo;
}

/* ---- kb log --------------------------------------------------------------- */

void tt_kb_commits_free(struct tt_kb_commit *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].author);
        free(c[i].email);
        free(c[i].summary);
    }
    free(c);
}

/* Blob id of path in commit c (zero when absent). */
static void blob_at(git_commit *c, const char *path, git_oid *out)
{
    memset(out, 0, sizeof *out);
    git_tree *tree = NULL;
    git_tree_entry *e = NULL;
    if (git_commit_tree(&tree, c) == 0 && git_tree_entry_bypath(&e, tree, path) == 0)
        git_oid_cpy(out, git_tree_entry_id(e));
    git_tree_entry_free(e);
    git_tree_free(tree);
}

/* When commit c (with parent) added `path` by renaming another file, the old
 * path (caller frees); else NULL.  libgit2's similarity detection, as git log
 * --follow uses: an article moved to another category keeps its history. */
static char *renamed_from(git_repository *repo, git_commit *c, git_commit *parent, const char *path)
{
    git_tree *a = NULL, *b = NULL;
    git_diff *diff = NULL;
    char *old = NULL;
    if (git_commit_tree(&a, parent) == 0 && git_commit_tree(&b, c) == 0 &&
        git_diff_tree_to_tree(&diff, repo, a, b, NULL) == 0) {
        git_diff_find_options fo;
        git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
        fo.flags = GIT_DIFF_FIND_RENAMES;
        if (git_diff_find_similar(diff, &fo) == 0) {
            for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
                const git_diff_delta *d = git_diff_get_delta(diff, i);
                if (d->status == GIT_DELTA_RENAMED && strcmp(d->new_file.path, path) == 0) {
                    old = xstrdup(d->old_file.path);
                    break;
                }
            }
        }
    }
    git_diff_free(diff);
    git_tree_free(a);
    git_tree_free(b);
    return old;
}

int tt_kb_log(const char *kb_path, const char *path_now, size_t limit, struct tt_kb_commit **out,
              size_t *n, struct tt_err *err)
{
    *out = NULL;
    *n = 0;
    git_repository *repo = open_repo(kb_path, err);
    if (!repo)
        return -1;
    char *path = xstrdup(path_now); /* older commits may know it by another name */
    git_revwalk *walk = NULL;
    int rc = -1;
    if (git_revwalk_new(&walk, repo) < 0 || git_revwalk_push_head(walk) < 0) {
        git_err(err, kb_path, "history");
        goto out;
    }
    git_revwalk_sorting(walk, GIT_SORT_TIME);
    git_oid oid;
    while (git_revwalk_next(&oid, walk) == 0 && (!limit || *n < limit)) {
        git_commit *c = NULL, *parent = NULL;
        if (git_commit_lookup(&c, repo, &oid) < 0)
            continue;
        git_oid mine, theirs, zero;
        memset(&zero, 0, sizeof zero);
        blob_at(c, path, &mine);
        memset(&theirs, 0, sizeof theirs);
        if (git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) == 0)
            blob_at(parent, path, &theirs);
        if (parent && !git_oid_equal(&mine, &zero) && git_oid_equal(&theirs, &zero)) {
            char *old = renamed_from(repo, c, parent, path);
            if (old) {
                free(path);
                path = old;
            }
        }
        if (!git_oid_equal(&mine, &theirs)) {
            *out = xrealloc(*out, (*n + 1) * sizeof **out);
            struct tt_kb_commit *k = &(*out)[(*n)++];
            git_oid_tostr(k->id, sizeof k->id, &oid);
            const git_signature *a = git_commit_author(c);
            k->author = xstrdup(a->name);
            k->email = xstrdup(a->email);
            k->at = (int64_t)a->when.time;
            const char *s = git_commit_summary(c);
            k->summary = xstrdup(s ? s : "");
        }
        git_commit_free(parent);
        git_commit_free(c);
    }
    rc = 0;
out:
    git_revwalk_free(walk);
    git_repository_free(repo);
    free(path);
    return rc;
}

/* ---- credentials ------------------------------------------------------------ */

struct creds {
    int attempts;
    bool tried_agent, tried_helper;
};

/* `git credential fill` for url: the user's configured helpers (and prompt). */
static int credential_fill(const char *url, char **user, char **pass)
{
    int in[2], outp[2];
    if (pipe(in) < 0)
        return -1;
    if (pipe(outp) < 0) {
        close(in[0]);
        close(in[1]);
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(outp[1], 1);
        close(in[1]);
        close(outp[0]);
        execlp("git", "git", "credential", "fill", (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(outp[1]);
    if (pid < 0) {
        close(in[1]);
        close(outp[0]);
        return -1;
    }
    char *req = xasprintf("url=%s\n\n", url);
    ssize_t w = write(in[1], req, strlen(req));
    free(req);
    close(in[1]);
    struct tt_buf b = {0};
    char buf[512];
    ssize_t r;
    while ((r = read(outp[0], buf, sizeof buf)) > 0)
        tt_buf_append(&b, buf, (size_t)r);
    close(outp[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    int rc = -1;
    if (w > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && b.data) {
        for (char *line = strtok(b.data, "\n"); line; line = strtok(NULL, "\n")) {
            if (strncmp(line, "username=", 9) == 0)
                *user = xstrdup(line + 9);
            else if (strncmp(line, "password=", 9) == 0)
                *pass = xstrdup(line + 9);
        }
        rc = *user && *pass ? 0 : -1;
    }
    if (b.data)
        memset(b.data, 0, b.len);
    tt_buf_free(&b);
    return rc;
}

static int cred_cb(git_credential **out, const char *url, const char *user_from_url,
                   unsigned int allowed, void *payload)
{
    struct creds *cs = payload;
    if (cs->attempts++ >= 4) {
        git_error_set_str(GIT_ERROR_NET, "authentication failed (ssh agent / credential helper)");
        return GIT_EAUTH;
    }
    if ((allowed & GIT_CREDENTIAL_SSH_KEY) && !cs->tried_agent) {
        cs->tried_agent = true;
        return git_credential_ssh_key_from_agent(out, user_from_url ? user_from_url : "git");
    }
    if ((allowed & GIT_CREDENTIAL_USERNAME) && user_from_url)
        return git_credential_username_new(out, user_from_url);
    if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) && !cs->tried_helper) {
        cs->tried_helper = true;
        char *user = NULL, *pass = NULL;
        int rc = GIT_PASSTHROUGH;
        if (credential_fill(url, &user, &pass) == 0)
            rc = git_credential_userpass_plaintext_new(out, user, pass);
        if (pass) {
            memset(pass, 0, strlen(pass));
            free(pass);
        }
        free(user);
        return rc;
    }
    if (allowed & GIT_CREDENTIAL_DEFAULT)
        return git_credential_default_new(out);
    return GIT_PASSTHROUGH;
}

/* ---- pull and push ----------------------------------------------------------- */

struct branch {
    git_reference *head;
    const char *name; /* shorthand, owned by head */
};

static int current_branch(git_repository *repo, const char *kb_path, struct branch *b,
                          struct tt_err *err)
{
    memset(b, 0, sizeof *b);
    if (git_repository_head(&b->head, repo) < 0)
        return git_err(err, kb_path, "no current branch (no commits yet?)");
    if (!git_reference_is_branch(b->head)) {
        git_reference_free(b->head);
        b->head = NULL;
        return tt_errf(err, "knowledge base %s: HEAD is detached; check out a branch first",
                       kb_path);
    }
    b->name = git_reference_shorthand(b->head);
    return 0;
}

int tt_kb_pull(const char *kb_path, const char *remote_name, struct tt_kb_sync_result *r,
               struct tt_err *err)
{
    memset(r, 0, sizeof *r);
    git_repository *repo = open_repo(kb_path, err);
    if (!repo)
        return -1;
    git_remote *remote = NULL;
    git_reference *up = NULL;
    git_commit *target = NULL;
    struct branch br = {0};
    int rc = -1;
    if (current_branch(repo, kb_path, &br, err) < 0)
        goto out;
    if (git_remote_lookup(&remote, repo, remote_name) < 0) {
        tt_errf(err, "knowledge base %s: no remote \"%s\" (set kb.remote or `git remote add`)",
                kb_path, remote_name);
        goto out;
    }
    struct creds cs = {0};
    git_fetch_options fo;
    git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
    fo.callbacks.credentials = cred_cb;
    fo.callbacks.payload = &cs;
    if (git_remote_fetch(remote, NULL, &fo, "kb pull") < 0) {
        tt_errf(err, "knowledge base %s: fetch from %s (%s): %s", kb_path, remote_name,
                git_remote_url(remote), tt_kb_git_errmsg());
        goto out;
    }
    if (git_branch_upstream(&up, br.head) < 0) {
        char *ref = xasprintf("refs/remotes/%s/%s", remote_name, br.name);
        int lrc = git_reference_lookup(&up, repo, ref);
        free(ref);
        if (lrc < 0) {
            tt_errf(err, "knowledge base %s: remote %s has no branch %s", kb_path, remote_name,
                    br.name);
            goto out;
        }
    }
    const git_oid *local = git_reference_target(br.head), *theirs = git_reference_target(up);
    git_oid_tostr(r->before, sizeof r->before, local);
    size_t ahead = 0, behind = 0;
    if (git_graph_ahead_behind(&ahead, &behind, repo, local, theirs) < 0) {
        git_err(err, kb_path, "compare with the remote");
        goto out;
    }
    if (behind == 0) {
        memcpy(r->after, r->before, sizeof r->after);
        rc = 0;
        goto out;
    }
    if (ahead > 0) {
        tt_errf(err,
                "knowledge base %s: %s has %zu local commit(s) not on %s, which has %zu new: "
                "the histories diverged; merge or rebase with git, then kb push",
                kb_path, br.name, ahead, remote_name, behind);
        goto out;
    }
    /* Fast-forward: update the working tree safely, then move the branch. */
    if (git_commit_lookup(&target, repo, theirs) < 0) {
        git_err(err, kb_path, "read the remote commit");
        goto out;
    }
    git_checkout_options co;
    git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
    co.checkout_strategy = GIT_CHECKOUT_SAFE;
    if (git_checkout_tree(repo, (const git_object *)target, &co) < 0) {
        git_err(err, kb_path, "update the working tree (local changes in the way?)");
        goto out;
    }
    git_reference *moved = NULL;
    if (git_reference_set_target(&moved, br.head, theirs, "kb pull: fast-forward") < 0) {
        git_err(err, kb_path, "move the branch");
        goto out;
    }
    git_reference_free(moved);
    git_oid_tostr(r->after, sizeof r->after, theirs);
    r->commits = behind;
    rc = 0;
out:
    git_commit_free(target);
    git_reference_free(up);
    git_reference_free(br.head);
    git_remote_free(remote);
    git_repository_free(repo);
    return rc;
}

struct push_state {
    char *rejected;
};

static int push_ref_cb(const char *refname, const char *status, void *data)
{
    struct push_state *ps = data;
    if (status && !ps->rejected)
        ps->rejected = xasprintf("%s: %s", refname, status);
    return 0;
}

struct push_cb {
    struct creds cs;
    struct push_state ps;
};

static int cred_cb_push(git_credential **out, const char *url, const char *user,
                        unsigned int allowed, void *payload)
{
    return cred_cb(out, url, user, allowed, &((struct push_cb *)payload)->cs);
}

static int push_ref_cb_push(const char *refname, const char *status, void *data)
{
    return push_ref_cb(refname, status, &((struct push_cb *)data)->ps);
}

int tt_kb_push(const char *kb_path, const char *remote_name, struct tt_kb_sync_result *r,
               struct tt_err *err)
{
    memset(r, 0, sizeof *r);
    git_repository *repo = open_repo(kb_path, err);
    if (!repo)
        return -1;
    git_remote *remote = NULL;
    struct branch br = {0};
    struct push_cb pc = {{0}, {0}};
    int rc = -1;
    if (current_branch(repo, kb_path, &br, err) < 0)
        goto out;
    if (git_remote_lookup(&remote, repo, remote_name) < 0) {
        tt_errf(err, "knowledge base %s: no remote \"%s\" (set kb.remote or `git remote add`)",
                kb_path, remote_name);
        goto out;
    }
    const git_oid *local = git_reference_target(br.head);
    git_oid_tostr(r->before, sizeof r->before, local);
    memcpy(r->after, r->before, sizeof r->after);
    /* How many commits the remote-tracking branch lacks (before pushing). */
    char *tracking = xasprintf("refs/remotes/%s/%s", remote_name, br.name);
    git_reference *tr = NULL;
    if (git_reference_lookup(&tr, repo, tracking) == 0) {
        size_t ahead = 0, behind = 0;
        if (git_graph_ahead_behind(&ahead, &behind, repo, local, git_reference_target(tr)) == 0)
            r->commits = ahead;
        git_reference_free(tr);
    } else {
        git_revwalk *w = NULL;
        git_oid o;
        if (git_revwalk_new(&w, repo) == 0 && git_revwalk_push(w, local) == 0)
            while (git_revwalk_next(&o, w) == 0)
                r->commits++;
        git_revwalk_free(w);
    }
    free(tracking);
    char *spec = xasprintf("refs/heads/%s:refs/heads/%s", br.name, br.name);
    char *specs[1] = {spec};
    git_strarray refspecs = {specs, 1};
    git_push_options po;
    git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
    po.callbacks.credentials = cred_cb_push;
    po.callbacks.push_update_reference = push_ref_cb_push;
    po.callbacks.payload = &pc;
    int prc = git_remote_push(remote, &refspecs, &po);
    free(spec);
    if (prc < 0) {
        tt_errf(err, "knowledge base %s: push to %s (%s): %s", kb_path, remote_name,
                git_remote_url(remote), tt_kb_git_errmsg());
        goto out;
    }
    if (pc.ps.rejected) {
        tt_errf(err, "knowledge base %s: %s rejected %s (kb pull first)", kb_path, remote_name,
                pc.ps.rejected);
        goto out;
    }
    rc = 0;
out:
    free(pc.ps.rejected);
    git_reference_free(br.head);
    git_remote_free(remote);
    git_repository_free(repo);
    return rc;
}
