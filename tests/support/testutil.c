/*
 * testutil.c: see testutil.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "ticketty/store.h"
#include "ticketty/util.h"

char *tu_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char *tmpl = xasprintf("%s/ticketty-test-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpl))
        tt_fatal("mkdtemp failed");
    return tmpl;
}

void tu_rmtree(const char *dir)
{
    if (!dir || strncmp(dir, "/tmp/", 5) != 0)
        return; /* refuse to remove anything outside /tmp */
    char *cmd = xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "warning: could not remove %s\n", dir);
    free(cmd);
}

char *tu_write_file(const char *dir, const char *name, const char *text)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        tt_fatal("cannot write %s", path);
    fputs(text, f);
    fclose(f);
    return path;
}

const char *tu_repo_root(void)
{
    static char root[4096];
    if (!root[0]) {
        const char *env = getenv("TICKETTY_ROOT");
        if (env)
            snprintf(root, sizeof root, "%s", env);
        else if (!getcwd(root, sizeof root))
            snprintf(root, sizeof root, ".");
    }
    return root;
}

void tu_store_fixture(const char *name, char **dir, char **db, struct tt_store **st, int64_t *acct)
{
    *dir = tu_tmpdir();
    *db = xasprintf("%s/%s", *dir, name);
    struct tt_err err;
    *st = tt_store_open(*db, &err);
    if (!*st)
        fail_msg("%s", err.msg);
    if (acct && tt_store_account_upsert(*st, "local", "local", NULL, acct, &err) < 0)
        fail_msg("%s", err.msg);
}

void tu_store_fixture_free(char *dir, char *db, struct tt_store *st)
{
    tt_store_close(st);
    tu_rmtree(dir);
    free(dir);
    free(db);
}
