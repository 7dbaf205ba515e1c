/*
 * kb_ref.c: see kb_ref.h.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "kb_ref.h"
#include "ticketty/util.h"

char *tt_kb_ref(const char *kb_path, const char *ref)
{
    if (ref[0] == '/' && kb_path) {
        char root[PATH_MAX], full[PATH_MAX];
        if (realpath(kb_path, root) && realpath(ref, full)) {
            size_t n = strlen(root);
            if (strncmp(full, root, n) == 0 && full[n] == '/')
                return xstrdup(full + n + 1);
        }
        return xstrdup(ref);
    }
    while (ref[0] == '.' && ref[1] == '/') {
        ref += 2;
        while (*ref == '/')
            ref++;
    }
    return xstrdup(ref);
}
