/*
 * text.h: making untrusted text safe and measuring it for the terminal.
 *
 * Ticket bodies, article text and provider JSON are attacker-controlled.  Before
 * anything reaches a terminal it goes through tt_sanitize(), which removes C0/C1
 * control characters and escape sequences (CSI, OSC, DCS, ...), replaces invalid
 * UTF-8 with U+FFFD and drops bidi overrides, so no ticket can drive the agent's
 * terminal.  Width functions count terminal columns (CJK = 2) per extended
 * grapheme cluster, as modern terminals draw them: combining marks add
 * nothing, an emoji ZWJ sequence (👩‍💻), a flag (🇩🇪), an emoji with a skin
 * tone (👍🏽) and a symbol with VS16 (❤️) take 2.  The cut functions never
 * split a cluster.
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

/* The extended grapheme cluster at s: its byte length (0 at the end; reads
 * at most len bytes and stops at a NUL, so SIZE_MAX is fine for a C string)
 * and its columns in *cols (may be NULL).  A control or format character is
 * a cluster of its own with 0 columns. */
size_t tt_text_cluster(const char *s, size_t len, int *cols);

/* Byte length of the longest prefix of s fitting in max_cols columns; the
 * columns it takes go to *cols_out (may be NULL).  Never splits a grapheme
 * cluster (a zero-width one at the cut goes with the prefix). */
size_t tt_text_fit(const char *s, int max_cols, int *cols_out);

/* Heap copy of s cut to max_cols columns, ending with "…" when cut. */
char *tt_text_truncate(const char *s, int max_cols);

/* Copy s into dst, a buffer of size bytes (NUL-terminated when size > 0), by
 * whole grapheme clusters: when s does not fit, the copy is the clusters that
 * fit together with a closing "…" (no ellipsis below 4 bytes).  A cut by bytes
 * (snprintf) can split a UTF-8 sequence, shown as U+FFFD, or a cluster (a 200-
 * byte emoji ZWJ chain, a letter with 100 marks).  Returns the bytes copied. */
size_t tt_text_copy(char *dst, size_t size, const char *s);

/* Heap copy of s (NULL -> "") with every letter in lower case, for matching
 * names without regard to case: ASCII, Latin-1, Latin Extended-A/B and
 * Additional, Greek (final sigma folds to sigma), Cyrillic, Armenian,
 * Georgian and fullwidth Latin, by a table of their own (no locale, so
 * "Émile" matches "émile" under LANG=C too).  Not a normalisation: "é" and
 * "e" + U+0301 stay different, and letters keep their accents. */
char *tt_text_fold(const char *s);
/* tt_text_fold of the len bytes at s into dst, without allocating (the store
 * folds every subject a filter scans); returns the bytes written, no NUL
 * added.  Folding never lengthens text (KELVIN SIGN, 3 bytes, folds to k), so
 * dst needs len bytes.  With `valid` each invalid sequence becomes U+FFFD
 * instead of being copied, so the result is valid UTF-8 (dst needs 3 * len
 * bytes). */
size_t tt_text_fold_into(char *dst, const char *s, size_t len, bool valid);

#endif
