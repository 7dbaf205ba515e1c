/*
 * config.h: the configuration file (YAML, read with libyaml) and its options.
 *
 * One table (src/config/options_table.c) lists every scalar key with its type,
 * default and help text; `ticketty config show` and the man page come from it.
 * Keys are dotted paths ("kb.review.min_votes" is kb: review: min_votes:).
 * Structured sections (accounts, SLA schedules and policies, health signals,
 * triage rules) are TT_OPT_SECTION rows: the loader hands their subtree to the
 * owning module's validate function at load time, so every error in the file
 * is reported with file, line and key before any command runs.
 */
#ifndef TICKETTY_CONFIG_H
#define TICKETTY_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ticketty/err.h"

/* A parsed YAML node.  Map entries carry their key; line is 1-based. */
enum tt_conf_kind { TT_CONF_SCALAR, TT_CONF_MAP, TT_CONF_SEQ };
struct tt_conf_node {
    enum tt_conf_kind kind;
    char *key;   /* key of this node in its parent map, else NULL */
    char *value; /* scalars only */
    int line;
    struct tt_conf_node *items; /* map entries or sequence items */
    size_t n_items;
};
/* Helpers for section validators (src/config/conf_check.c): errors read
 * "FILE:LINE: SECTION.KEY: message" (just "SECTION" when key is ""). */
struct tt_conf_ctx {
    const char *file;    /* config file name for messages */
    const char *section; /* "triage", "health" */
    struct tt_err *err;
};
/* Fill x->err for node n and return -1. */
int tt_conf_fail(struct tt_conf_ctx *x, const struct tt_conf_node *n, const char *key,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A scalar number within [lo, hi] into *out; 0, or -1 with x->err set. */
int tt_conf_num(struct tt_conf_ctx *x, const struct tt_conf_node *n, const char *key, double lo,
                double hi, double *out);
/* n must be a map whose keys are all in the NULL-terminated list `allowed`;
 * an unknown key is reported as KEY.CHILD.  0, or -1 with x->err set. */
int tt_conf_only_keys(struct tt_conf_ctx *x, const struct tt_conf_node *n, const char *key,
                      const char *const *allowed);
/* Child of a map by key, or NULL. */
const struct tt_conf_node *tt_conf_get(const struct tt_conf_node *map, const char *key);
/* Parse a YAML document from memory into a tree; `name` labels errors.
 * An empty document gives an empty map.  Free with tt_conf_node_free. */
struct tt_conf_node *tt_conf_parse(const char *text, size_t len, const char *name,
                                   struct tt_err *err);
void tt_conf_node_free(struct tt_conf_node *n);

enum tt_opt_type {
    TT_OPT_STRING,
    TT_OPT_INT,
    TT_OPT_DOUBLE,
    TT_OPT_BOOL,
    TT_OPT_ENUM,    /* one of `choices`, '|'-separated */
    TT_OPT_SECTION, /* structured subtree, checked by `validate` */
};

struct tt_option {
    const char *name;
    enum tt_opt_type type;
    const char *def; /* default as text; NULL = unset */
    const char *choices;
    double min, max; /* numeric bounds when min < max */
    const char *help;
    /* Sections: check the subtree; the error should name file:line (node->line). */
    int (*validate)(const struct tt_conf_node *node, const char *file, struct tt_err *err);
};
extern const struct tt_option tt_options[];
extern const size_t tt_options_count;

struct tt_config;

/* Load path.  A missing file is an empty configuration unless must_exist. */
struct tt_config *tt_config_load(const char *path, bool must_exist, struct tt_err *err);
void tt_config_free(struct tt_config *cfg);
const char *tt_config_path(const struct tt_config *cfg);

/* Effective values (file, else default).  Asking for a key not in the table is
 * a programming error and aborts. */
const char *tt_config_str(const struct tt_config *cfg, const char *name); /* NULL if unset */
int64_t tt_config_int(const struct tt_config *cfg, const char *name);
double tt_config_double(const struct tt_config *cfg, const char *name);
bool tt_config_bool(const struct tt_config *cfg, const char *name);
/* Where a value came from: "file:line" or "default". */
const char *tt_config_origin(const struct tt_config *cfg, const char *name, char *buf, size_t size);
/* The subtree of a section from the file, or NULL when the file has none. */
const struct tt_conf_node *tt_config_section(const struct tt_config *cfg, const char *name);

/* Print the effective configuration as YAML with origins as comments. */
void tt_config_dump(const struct tt_config *cfg, FILE *out);

/* Default locations, following XDG.  Returned strings are heap copies. */
char *tt_default_config_path(void);
char *tt_default_data_dir(void); /* $XDG_DATA_HOME/ticketty */
char *tt_default_db_path(void);

#endif
