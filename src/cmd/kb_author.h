/*
 * kb_author.h: what kb new and kb edit share (src/cmd/kb_author.c).
 */
#ifndef TICKETTY_KB_AUTHOR_H
#define TICKETTY_KB_AUTHOR_H

#include "ticketty/cmd.h"

/* Run the editor loop for ref (NULL = new), commit, re-index; print the outcome. */
int tt_kb_author_run(const struct tt_cmd *cmd, struct tt_ctx *ctx, const char *ref,
                     const char *category);

#endif
