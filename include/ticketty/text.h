/*
 * text.h: making untrusted text safe and measuring it for the terminal.
 *
 * Ticket bodies, article text and provider JSON are attacker-controlled.  Before
 * anything reaches a terminal it goes through tt_sanitize(), which removes C0/C1
 * control characters and escape sequences (CSI, OSC, DCS, ...), replaces invalid
 * UTF-8 with U+FFFD and drops bidi overrides, so no ticket can drive the agent's
 * terminal.  Width functions count terminal columns (CJK = 2) with wcwidth().
 */
#ifndef TICKETTY_TEXT_H
#define TICKETTY_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Flags for tt_sanitize. */
#define TT_SAN_KEEP_NEWLINES 0x1 /* keep '\n' (multi-line bodies); tabs become spaces */

/* Return a sanitised heap copy of s (NULL -> ""). Caller frees. */
char *tt_sanitize(const char *s, int flags);

/* Decode one UTF-8 code point at s (len bytes available); returns bytes used
 * (>=1) and sets *cp (U+FFFD on invalid input). */
size_t tt_utf8_decode(const char *s, size_t len, unsigned int *cp);

/* Heap copy of s (NULL -> "") that is valid UTF-8: each invalid byte becomes
 * U+FFFD, everything else (controls included) is kept.  For JSON encoders
 * that refuse invalid UTF-8 (jansson) and for request bodies. */
char *tt_utf8_valid(const char *s);

/* Columns the (sanitised) string occupies. */
int tt_text_width(const char *s);

/* Byte length of the longest prefix of s fitting in max_cols columns; the
 * columns it takes go to *cols_out (may be NULL).  Never splits a character. */
size_t tt_text_fit(const char *s, int max_cols, int *cols_out);

/* Heap copy of s cut to max_cols columns, ending with "…" when cut. */
char *tt_text_truncate(const char *s, int max_cols);

#endif
