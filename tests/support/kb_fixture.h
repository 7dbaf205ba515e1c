/*
 * kb_fixture.h: a real KB git repository for the kb tests (see kb_fixture.c).
 */
#ifndef TICKETTY_KB_FIXTURE_H
#define TICKETTY_KB_FIXTURE_H

/* Run `git ARGS` in dir with a fixed identity and dates; returns the status. */
int tu_git(const char *dir, const char *args);
/* Write repo/path as front matter (YAML lines) + body. */
void tu_kb_article(const char *repo, const char *path, const char *front, const char *body);
/* dir/kb: a committed repository with four articles (KB-001..KB-004) and a
 * README; heap path. */
char *tu_kb_repo(const char *dir);

#endif
