/*
 * sync2_shared.c: locate ../shared for the provider tests (sync2_shared.h).
 */
#include "sync2_shared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"
#include "ticketty/util.h"

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *s2_shared_dir(void)
{
    static char dir[4096];
    static int done;
    if (done)
        return dir[0] ? dir : NULL;
    done = 1;
    const char *env = getenv("TICKETTY_SHARED");
    if (env && is_dir(env)) {
        snprintf(dir, sizeof dir, "%s", env);
        return dir;
    }
    const char *root = tu_repo_root();
    snprintf(dir, sizeof dir, "%s/../shared", root);
    if (is_dir(dir))
        return dir;
    /* A worktree: .git is a file "gitdir: <main>/.git/worktrees/<name>". */
    char *gitfile = xasprintf("%s/.git", root);
    FILE *f = fopen(gitfile, "r");
    free(gitfile);
    dir[0] = '\0';
    if (f) {
        char line[2048];
        if (fgets(line, sizeof line, f) && strncmp(line, "gitdir: ", 8) == 0) {
            char *cut = strstr(line, "/.git/worktrees/");
            if (cut) {
                *cut = '\0';
                snprintf(dir, sizeof dir, "%s/../shared", line + 8);
                if (!is_dir(dir))
                    dir[0] = '\0';
            }
        }
        fclose(f);
    }
    return dir[0] ? dir : NULL;
}

char *s2_shared_read(const char *rel, size_t *len)
{
    const char *d = s2_shared_dir();
    if (!d)
        return NULL;
    char *p = xasprintf("%s/%s", d, rel);
    struct tt_err err;
    char *s = tt_read_file(p, len, &err);
    free(p);
    return s;
}
