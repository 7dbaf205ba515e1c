/*
 * kb_ref.h: the ARTICLE argument of kb show, vote, log and edit as the index
 * stores it.  A path may be typed the way a shell completes it: "./x.md" from
 * inside the KB, or an absolute path into the KB; both become the path
 * relative to the KB root.  Ids and slugs pass through unchanged.
 */
#ifndef TICKETTY_CMD_KB_REF_H
#define TICKETTY_CMD_KB_REF_H

/* Heap copy of ref normalised against the KB directory kb_path. */
char *tt_kb_ref(const char *kb_path, const char *ref);

#endif
