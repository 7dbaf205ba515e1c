/*
 * compose.h: writing a reply or internal note in the agent's editor.
 *
 * tt_compose_template() (src/core/compose.c, pure) builds the text the editor
 * opens: comment lines starting with "#" that say what is being written and
 * quote the latest customer message, then an empty area for the text.
 * tt_compose_parse() takes the saved text back: "#" lines are dropped, and an
 * empty result means the agent cancelled.  tt_compose_edit()
 * (src/cmd/compose_edit.c) runs $VISUAL / $EDITOR (default vi) on a private
 * temporary file; the console calls it after leaving curses mode, the `reply`
 * and `note` commands call it when no text is given.  Owner: the sync helper.
 */
#ifndef TICKETTY_COMPOSE_H
#define TICKETTY_COMPOSE_H

#include <stddef.h>

#include "ticketty/err.h"
#include "ticketty/model.h"

/* kind: "reply" or "note".  events: the ticket's log (any order). Heap string. */
char *tt_compose_template(const char *kind, const struct tt_ticket *t,
                          const struct tt_event *events, size_t n_events);
/* The message in an edited template; NULL when nothing was written. */
char *tt_compose_parse(const char *text);

/* Run the editor on `initial`; *out gets the saved text (caller frees).
 * -1 + err when the editor could not run or exited non-zero. */
int tt_compose_edit(const char *initial, char **out, struct tt_err *err);

/* Keep a text written in the editor that could not be queued (the ticket
 * was closed or deleted while the agent wrote): a new private file (0600) in
 * $TMPDIR or /tmp, "ticketty-unsent-<random>.txt", holding the text.  Its path
 * (caller frees), or NULL when it could not be written.  Callers say where
 * it is: the agent's words are never lost. */
char *tt_compose_keep(const char *text);

#endif
