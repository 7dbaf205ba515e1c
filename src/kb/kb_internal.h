/*
 * kb_internal.h: what the kb module's own files share (src/kb/ only).
 */
#ifndef TICKETTY_KB_INTERNAL_H
#define TICKETTY_KB_INTERNAL_H

#include <stddef.h>

#include "ticketty/config.h"
#include "ticketty/kb.h"
#include "ticketty/store.h"

/* libgit2 initialised once per process. */
void tt_kb_git_init(void);
/* The last libgit2 error as text. */
const char *tt_kb_git_errmsg(void);

/* Markdown -> plain text, with the first heading and first paragraph. */
int tt_kb_markdown_plain(const char *md, size_t len, char **text, char **first_heading,
                         char **first_para);
/* The text an embedder sees for an article (title, tags, excerpt, body). */
char *tt_kb_embed_text(const struct tt_kb_article *a);
/* Set a->content_hash from tt_kb_embed_text (git's SHA-1 of the text). */
void tt_kb_content_hash(struct tt_kb_article *a);

/* Bring vectors up to date after articles changed: train the built-in model
 * when it is missing, stale (changed > max(20, 25%) of its corpus) or when
 * retrain; then embed every article whose content hash has no vector. */
int tt_kb_embed_sync(struct tt_store *st, const struct tt_config *cfg, size_t changed, bool retrain,
                     struct tt_kb_index_report *r, struct tt_err *err);

/* The built-in embedder over the store's current model. */
struct tt_kb_embedder *tt_kb_builtin_open(struct tt_store *st, bool *missing, struct tt_err *err);
/* The OpenAI-compatible embedder from kb.embeddings.* settings. */
struct tt_kb_embedder *tt_kb_openai_open(const struct tt_config *cfg, struct tt_err *err);

#endif
