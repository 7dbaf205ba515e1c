/*
 * testutil.h: helpers for the cmocka suites: temporary directories that are
 * removed afterwards, and running the built binary.
 */
#ifndef TICKETTY_TESTUTIL_H
#define TICKETTY_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* mkdtemp under $TMPDIR; caller frees the path and calls tu_rmtree. */
char *tu_tmpdir(void);
void tu_rmtree(const char *dir);
/* Write text to dir/name; returns the heap path. */
char *tu_write_file(const char *dir, const char *name, const char *text);
/* A store fixture: a new temporary dir (*dir), the database dir/NAME (*db,
 * NAME may hold sub-directories), opened (*st), with the account "local"
 * (*acct; acct NULL: no account).  Fails the test on error.  Free with
 * tu_store_fixture_free. */
struct tt_store;
void tu_store_fixture(const char *name, char **dir, char **db, struct tt_store **st, int64_t *acct);
/* Close st, remove dir, free dir and db. */
void tu_store_fixture_free(char *dir, char *db, struct tt_store *st);
/* Path of the repository root (for build/ticketty and ../shared). */
const char *tu_repo_root(void);

#endif
