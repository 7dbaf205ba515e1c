/*
 * kbgit.h: writing a knowledge-base git repository (src/kb/gitrepo.c), and
 * creating the demo KB with its history (src/kb/demo_kb.c).
 *
 * A small, self-contained layer over libgit2 for code that needs to create
 * repositories and commits: initialise (or open) a repository with a working
 * tree, write files into the tree and the index, and commit them with a given
 * author and date.  libgit2 types stay inside src/kb/.  The handle owns its
 * repository and index; close it with tt_kbgit_close.
 */
#ifndef TICKETTY_KBGIT_H
#define TICKETTY_KBGIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/err.h"

struct tt_kbgit;

/* Whether dir is the top of a git repository (no search upwards). */
bool tt_kbgit_is_repo(const char *dir);
/* Open the repository at dir, or create it (and dir) with branch "main". */
struct tt_kbgit *tt_kbgit_open(const char *dir, struct tt_err *err);
void tt_kbgit_close(struct tt_kbgit *g);
/* Write relpath (parent directories created) in the working tree and stage it. */
int tt_kbgit_write(struct tt_kbgit *g, const char *relpath, const char *data, size_t len,
                   struct tt_err *err);
/* Commit the index on HEAD as author (also committer) at time `when` (Unix
 * seconds, UTC); oid_out (41 bytes, may be NULL) gets the commit id in hex. */
int tt_kbgit_commit(struct tt_kbgit *g, const char *name, const char *email, int64_t when,
                    const char *message, char *oid_out, struct tt_err *err);
/* Number of commits reachable from HEAD (0 for an empty repository). */
int tt_kbgit_count_commits(const char *dir, long *n_out, struct tt_err *err);
/* Delete a repository directory and everything in it.  Refuses a directory
 * that is neither a git repository nor empty, so a wrong path cannot wipe
 * unrelated files. */
int tt_kbgit_remove(const char *dir, struct tt_err *err);

/* --- the demo knowledge base ------------------------------------------------ */

/* Where the shipped demo articles are: $TICKETTY_DATADIR/kb, else kb/ next to
 * the build directory of the running binary (<exe dir>/../kb), else the
 * installed TT_DATADIR/kb.  Heap string, or NULL (err filled) when none exists. */
char *tt_kb_demo_source(struct tt_err *err);

struct tt_kb_demo_stats {
    long files;   /* files copied */
    long commits; /* commits created */
};
/* Copy the articles under src into a new repository at dst as a history of
 * several commits by different authors at dates before `now` (an import, then
 * sections added by topic, translations, runbooks and a few edits).  dst must
 * not exist or be empty. */
int tt_kb_demo_create(const char *src, const char *dst, int64_t now, struct tt_kb_demo_stats *stats,
                      struct tt_err *err);
/* Whether dir is a repository made by tt_kb_demo_create (it leaves a marker
 * inside .git), so --force replaces only what demo init created. */
bool tt_kb_demo_is_demo(const char *dir);

#endif
