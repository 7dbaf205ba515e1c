/*
 * compose_edit.c: running the agent's editor on a template (see compose.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ticketty/compose.h"
#include "ticketty/util.h"

/* A new private file (mode 0600) "ticketty-KIND-<random>.txt" in $TMPDIR or
 * /tmp holding text, then tail: its path (caller frees), or NULL + err. */
static char *private_file(const char *kind, const char *text, const char *tail, struct tt_err *err)
{
    const char *tmpdir = getenv("TMPDIR");
    char *path = xasprintf("%s/ticketty-%s-XXXXXX.txt", tmpdir && *tmpdir ? tmpdir : "/tmp", kind);
    int fd = mkstemps(path, 4);
    if (fd < 0) {
        tt_errf(err, "cannot create a %s file: %s", kind, strerror(errno));
        free(path);
        return NULL;
    }
    size_t len = strlen(text), tlen = strlen(tail);
    bool ok = write(fd, text, len) == (ssize_t)len && write(fd, tail, tlen) == (ssize_t)tlen;
    if (close(fd) != 0 || !ok) {
        tt_errf(err, "%s: cannot write the %s file", path, kind);
        unlink(path);
        free(path);
        return NULL;
    }
    return path;
}

int tt_compose_edit(const char *initial, char **out, struct tt_err *err)
{
    *out = NULL;
    char *path = private_file("draft", initial, "", err);
    if (!path)
        return -1;
    const char *ed = getenv("VISUAL");
    if (!ed || !*ed)
        ed = getenv("EDITOR");
    if (!ed || !*ed)
        ed = "vi";
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        /* through sh so EDITOR may carry arguments ("code --wait") */
        execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", ed, path, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    int rc = 0;
    if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        rc = tt_errf(err, "the editor (%s) failed; the draft is kept in %s", ed, path);
    } else {
        *out = tt_read_file(path, NULL, err);
        if (!*out)
            rc = -1;
        else
            unlink(path);
    }
    free(path);
    return rc;
}

char *tt_compose_keep(const char *text)
{
    struct tt_err err;
    return private_file("unsent", text, "\n", &err);
}
