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

int tt_compose_edit(const char *initial, char **out, struct tt_err *err)
{
    *out = NULL;
    const char *tmpdir = getenv("TMPDIR");
    char *path = xasprintf("%s/ticketty-XXXXXX.txt", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemps(path, 4); /* mode 0600: the draft is private */
    if (fd < 0) {
        tt_errf(err, "cannot create a draft file: %s", strerror(errno));
        free(path);
        return -1;
    }
    size_t len = strlen(initial);
    bool ok = write(fd, initial, len) == (ssize_t)len;
    close(fd);
    if (!ok) {
        tt_errf(err, "%s: cannot write the draft", path);
        unlink(path);
        free(path);
        return -1;
    }
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
    const char *tmpdir = getenv("TMPDIR");
    char *path = xasprintf("%s/ticketty-unsent-XXXXXX.txt", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemps(path, 4); /* mode 0600, as the draft */
    if (fd < 0) {
        free(path);
        return NULL;
    }
    size_t len = strlen(text);
    bool ok = write(fd, text, len) == (ssize_t)len && write(fd, "\n", 1) == 1;
    if (close(fd) != 0 || !ok) {
        unlink(path);
        free(path);
        return NULL;
    }
    return path;
}
