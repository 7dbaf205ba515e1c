/*
 * sync2_shared.h: finding ../shared (provider specs and fixtures) from a test,
 * and reading a file from it.  The repository may be a git worktree, whose
 * ../shared is the main checkout's sibling; TICKETTY_SHARED overrides.
 */
#ifndef TICKETTY_SYNC2_SHARED_H
#define TICKETTY_SYNC2_SHARED_H

#include <stddef.h>

/* Directory of ../shared, or NULL when not present (tests then skip). */
const char *s2_shared_dir(void);
/* Contents of shared/<rel> (heap, NUL-terminated), or NULL. */
char *s2_shared_read(const char *rel, size_t *len);

#endif
