/*
 * kb_fixture.c: a small real KB git repository for the kb tests, built with
 * the git command line (the code under test reads it through libgit2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_fixture.h"
#include "testutil.h"
#include "ticketty/util.h"

int tu_git(const char *dir, const char *args)
{
    char *cmd = xasprintf("cd '%s' && GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' "
                          "GIT_COMMITTER_DATE='2026-01-01T00:00:00Z' git -c user.name=Test "
                          "-c user.email=test@example.com -c init.defaultBranch=main %s "
                          ">/dev/null 2>&1",
                          dir, args);
    int rc = system(cmd);
    free(cmd);
    return rc;
}

void tu_kb_article(const char *repo, const char *path, const char *front, const char *body)
{
    char *full = xasprintf("%s/%s", repo, path);
    struct tt_err err;
    if (tt_mkdir_parents(full, &err) < 0)
        tt_fatal("%s", err.msg);
    FILE *f = fopen(full, "w");
    if (!f)
        tt_fatal("cannot write %s", full);
    fprintf(f, "---\n%s---\n%s", front, body);
    fclose(f);
    free(full);
}

char *tu_kb_repo(const char *dir)
{
    char *repo = xasprintf("%s/kb", dir);
    struct tt_err err;
    if (tt_mkdir_p(repo, &err) < 0)
        tt_fatal("%s", err.msg);
    if (tu_git(repo, "init -q") != 0)
        tt_fatal("git init failed in %s", repo);
    tu_kb_article(repo, "billing/refunds.md",
                  "id: KB-001\ntitle: How to request a refund\ntags: [billing, refund]\n"
                  "audience: customer\nvisibility: public\nrelated: [KB-002]\n",
                  "# How to request a refund\n\nIf you were charged twice or want your money "
                  "back, open **Billing** and choose *Request refund*.\n\n- Refunds take 5-10 "
                  "business days\n- Annual plans are prorated\n");
    tu_kb_article(repo, "account/password.md", "id: KB-002\ntags: account, login\n",
                  "# Reset your password\n\nForgot your password? Click Forgot password on the "
                  "sign-in page and follow the email link.\n");
    tu_kb_article(repo, "account/sso.md",
                  "id: KB-003\ntitle: SSO SAML configuration\naudience: internal\n"
                  "visibility: internal\n",
                  "Configure SAML single sign-on with Okta. Internal notes for engineers.\n");
    tu_kb_article(repo, "account/zh.md", "id: KB-004\ntitle: 如何重置密码\n",
                  "如果您忘记了密码，请在登录页面点击忘记密码，然后按照邮件中的链接操作。\n");
    tu_kb_article(repo, "README.md", "id: not-an-article\n", "Not indexed.\n");
    if (tu_git(repo, "add -A") != 0 || tu_git(repo, "commit -q -m init") != 0)
        tt_fatal("git commit failed in %s", repo);
    return repo;
}

struct tu_kb_env *tu_kb_env_new(bool sample)
{
    struct tu_kb_env *e = xcalloc(1, sizeof *e);
    tu_store_fixture("t.db", &e->dir, &e->db, &e->st, &e->acct);
    if (sample) {
        e->repo = tu_kb_repo(e->dir);
    } else {
        e->repo = xasprintf("%s/kb", e->dir);
        struct tt_err err;
        if (tt_mkdir_p(e->repo, &err) < 0)
            fail_msg("%s", err.msg);
        if (tu_git(e->repo, "init -q") != 0)
            fail_msg("git init failed in %s", e->repo);
    }
    tt_kb_search_cache_reset();
    return e;
}

void tu_kb_env_free(struct tu_kb_env *e)
{
    if (!e)
        return;
    tu_store_fixture_free(e->dir, e->db, e->st);
    tt_kb_search_cache_reset();
    free(e->repo);
    free(e);
}

static void index_into(struct tt_store *st, const char *repo, bool full,
                       struct tt_kb_index_report *r)
{
    struct tt_kb_index_opts o;
    tt_kb_index_opts_init(&o);
    o.full = full;
    struct tt_kb_index_report mine;
    struct tt_err err;
    if (tt_kb_index(st, repo, &o, r ? r : &mine, &err) < 0)
        fail_msg("%s", err.msg);
    if (!r)
        tt_kb_index_report_clear(&mine);
}

void tu_kb_index(struct tu_kb_env *e, bool full, struct tt_kb_index_report *r)
{
    index_into(e->st, e->repo, full, r);
}

char *tu_kb_repo_indexed(struct tt_store *st, const char *dir)
{
    char *repo = tu_kb_repo(dir);
    tt_kb_search_cache_reset();
    index_into(st, repo, false, NULL);
    return repo;
}

size_t tu_kb_search_ids(struct tt_store *st, const char *q, const char *audience,
                        enum tt_kb_mode mode, char *ids, size_t ids_size, struct tt_kb_result **out)
{
    struct tt_kb_search_opts o;
    tt_kb_search_opts_init(&o);
    o.audience = audience;
    o.mode = mode;
    struct tt_kb_result *r;
    size_t n;
    struct tt_err err;
    if (tt_kb_search(st, q, &o, &r, &n, &err) < 0)
        fail_msg("%s: %s", q, err.msg);
    ids[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(ids);
        snprintf(ids + l, ids_size - l, "%s%s", i ? " " : "", r[i].id);
    }
    if (out)
        *out = r;
    else
        tt_kb_results_free(r, n);
    return n;
}
