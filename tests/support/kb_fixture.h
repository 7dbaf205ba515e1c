/*
 * kb_fixture.h: a real KB git repository for the kb tests (see kb_fixture.c).
 */
#ifndef TICKETTY_KB_FIXTURE_H
#define TICKETTY_KB_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/kb.h"

/* Run `git ARGS` in dir with a fixed identity and dates; returns the status. */
int tu_git(const char *dir, const char *args);
/* Write repo/path as front matter (YAML lines) + body. */
void tu_kb_article(const char *repo, const char *path, const char *front, const char *body);
/* dir/kb: a committed repository with four articles (KB-001..KB-004) and a
 * README; heap path. */
char *tu_kb_repo(const char *dir);

/* One kb test's world: a temporary dir, a KB git repository dir/kb and the
 * database dir/t.db, opened, with the account "local" (tu_store_fixture).
 * Every field is owned by the struct; tu_kb_env_free closes the store,
 * removes dir and frees it all. */
struct tu_kb_env {
    char *dir, *repo, *db;
    struct tt_store *st;
    int64_t acct;
};
/* sample: the repository holds tu_kb_repo's committed articles; otherwise it
 * is an empty `git init`, for the test to fill and commit.  Resets the KB
 * search cache (it outlives a store).  Fails the test on error. */
struct tu_kb_env *tu_kb_env_new(bool sample);
void tu_kb_env_free(struct tu_kb_env *e);
/* Index e->repo into e->st (full: every article, not only the changed
 * ones); the report goes to *r when r is not NULL (the caller clears it),
 * else it is cleared here.  Fails the test when indexing fails. */
void tu_kb_index(struct tu_kb_env *e, bool full, struct tt_kb_index_report *r);
/* tu_kb_repo(dir), indexed into st (the KB search cache reset first), for
 * suites with a store of their own (the console's); heap path.  Fails the
 * test when indexing fails. */
char *tu_kb_repo_indexed(struct tt_store *st, const char *dir);
/* Search st for q (audience NULL: any); write the ids found, space-separated,
 * into ids and return how many.  The results go to *out when out is not
 * NULL (the caller frees them with tt_kb_results_free).  Fails the test when
 * the search fails. */
size_t tu_kb_search_ids(struct tt_store *st, const char *q, const char *audience,
                        enum tt_kb_mode mode, char *ids, size_t ids_size,
                        struct tt_kb_result **out);

#endif
