/*
 * json_keys.h: warnings for unknown keys of a JSON input document.
 *
 * Commands that read a documented JSON shape (sla eval, import customers)
 * accept extra keys, since other tools send them, but a misspelled key would
 * otherwise fall back to a default without a word.  A shape is a table of the
 * known keys at each level; tt_json_check_keys walks a document against it and
 * reports every key it does not know by its JSON path
 * ("policy.targets[0].warn_before") with the closest known key, if one is
 * close (ticketty/suggest.h).  Reporting only: the document is not changed and
 * nothing is refused.
 */
#ifndef TICKETTY_JSON_KEYS_H
#define TICKETTY_JSON_KEYS_H

#include <jansson.h>
#include <stddef.h>

/* How the value under a known key is checked. */
enum tt_json_kind {
    TT_JK_LEAF,  /* any value; not looked into */
    TT_JK_SHAPE, /* an object with the keys `members`, or a list of such objects */
    TT_JK_MAP,   /* an object keyed by free names (dates, days): keys not checked;
                    a list of objects with the keys `members` */
};

struct tt_json_key {
    const char *name; /* NULL ends a table */
    enum tt_json_kind kind;
    const struct tt_json_key *members; /* TT_JK_SHAPE / TT_JK_MAP: the keys of the objects */
};

/* Called once per unknown key, in document order.  path is the key's JSON
 * path; suggestion the closest known key of its object, or NULL.  Both are
 * borrowed for the call only (path is rewritten for the next key): copy
 * what you keep.  A key extra in several items of one list is reported once,
 * at the first item ("events[0].id" for an id on every event). */
typedef void (*tt_json_unknown_fn)(const char *path, const char *suggestion, void *arg);

/* Check doc (an object, else nothing is reported) against the top-level keys
 * `shape`; returns how many unknown keys were reported. */
size_t tt_json_check_keys(json_t *doc, const struct tt_json_key *shape, tt_json_unknown_fn fn,
                          void *arg);

/* A key as a warning shows it (heap copy, caller frees): control characters,
 * bidi controls and invisible format characters as JSON escapes (\u001b),
 * invalid UTF-8 bytes as \xNN, '"' and '\\' escaped; the rest as it is.
 * A hostile key can neither drive the terminal nor read as another key.  The
 * paths passed to a tt_json_unknown_fn hold their keys in this form. */
char *tt_json_key_display(const char *key);

/* A tt_json_unknown_fn printing to stderr
 * "ticketty: <arg>: ignoring unknown key "PATH" (did you mean "KEY"?)",
 * arg being a const char * such as "sla eval: input.json"; arg, path and key
 * pass through tt_sanitize. */
void tt_json_warn_unknown(const char *path, const char *suggestion, void *arg);

/* JSON lets an object repeat a key and the parser keeps the last value
 * without a word (a second "policy" replaces the first).  Report the first
 * repeated key of text on stderr: "ticketty: WHERE: line N: duplicate object
 * key near '"KEY"' (only its last value is used)"; 1 when one was reported,
 * 0 otherwise (also when text is invalid for another reason). */
int tt_json_warn_duplicate(const char *text, size_t len, const char *where);

#endif
