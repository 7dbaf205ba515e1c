/*
 * suggest.h: "did you mean ...?" for names a user misspelled (pure, no I/O).
 *
 * Used where unknown keys of an input document are reported (src/cmd): the
 * closest known name is offered only when it is plausibly what was meant, so
 * an unrelated extra key gets a plain warning and no misleading hint.
 */
#ifndef TICKETTY_SUGGEST_H
#define TICKETTY_SUGGEST_H

#include <stddef.h>

/* Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions), ASCII case-insensitive.  Names longer than 64 bytes are
 * compared on their first 64 bytes. */
size_t tt_edit_distance(const char *a, const char *b);

/* The candidate closest to word, or NULL when none is close: a case-only
 * difference, an edit distance of at most 1 for names up to 4 characters, 2 up
 * to 8 and 3 beyond; or word being a prefix of the candidate (or the reverse)
 * of at least 4 characters ("warn_before" -> "warn_before_minutes").  Ties go to
 * the earlier candidate.  The result points into cands. */
const char *tt_suggest(const char *word, const char *const *cands, size_t n);

#endif
