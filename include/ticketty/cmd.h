/*
 * cmd.h: subcommands of the ticketty command line.
 *
 * Each subcommand is one file in src/cmd/ defining
 *     const struct tt_cmd tt_cmd_<name> = { .name = "kb search", ... };
 * The build collects these into the command table (scripts/gen-cmd-list.sh),
 * so adding a command never touches a shared list.  Names may have two words
 * ("kb search"); the dispatcher matches the longest name.  `help` and the man
 * page are written from the same rows.
 *
 * exec gets argv with argv[0] = the last word of the command name, ready for
 * getopt_long (call tt_getopt_reset() first).  It returns an enum tt_exit.
 */
#ifndef TICKETTY_CMD_H
#define TICKETTY_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "ticketty/config.h"
#include "ticketty/err.h"
#include "ticketty/store.h"

struct tt_ctx {
    char *db_path;     /* --db, TICKETTY_DB, config db, XDG default */
    char *kb_path;     /* --kb, TICKETTY_KB, config kb.path, demo KB; see tt_ctx_kb_path */
    char *config_path; /* --config, TICKETTY_CONFIG, XDG default */
    bool config_explicit;
    struct tt_config *config; /* loaded before any command runs */
    struct tt_store *store;   /* opened on first use by tt_ctx_store */
};

/* The database, opened (and migrated) on first use.  NULL + err on failure. */
struct tt_store *tt_ctx_store(struct tt_ctx *ctx, struct tt_err *err);
/* The KB repository directory. */
const char *tt_ctx_kb_path(struct tt_ctx *ctx);

struct tt_cmd {
    const char *name;    /* "ticket list" */
    const char *usage;   /* arguments after the name: "[--status S] [--json]" */
    const char *summary; /* one line for the command list */
    const char *help;    /* paragraphs for `ticketty help NAME` and the man page */
    int (*exec)(struct tt_ctx *ctx, int argc, char **argv);
};

extern const struct tt_cmd *const tt_commands[];
extern const size_t tt_commands_count;

/* Find the command for argv (longest match); *used gets the words consumed. */
const struct tt_cmd *tt_cmd_find(int argc, char **argv, int *used);

/* Print "ticketty: <msg>" and the usage line to stderr; returns TT_EXIT_USAGE. */
int tt_cmd_usage(const struct tt_cmd *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print "ticketty: <err>" to stderr; returns code. */
int tt_cmd_fail(const struct tt_err *err, int code);
/* Print the help of one command (or a group, for a prefix such as "kb"). */
int tt_cmd_print_help(FILE *out, const char *name);
/* List the commands of a group ("ticket": ticket list, ticket show, ...) with
 * their summaries to out (NULL: only count); returns how many (0: not a group). */
int tt_cmd_print_group(FILE *out, const char *group);
void tt_cmd_print_list(FILE *out);

/* Reset getopt for a new argv (glibc needs optind = 0 for a full reset). */
void tt_getopt_reset(void);

/* Parse a non-negative integer option value, for limits and counts. */
int tt_parse_count(const char *s, long long *out);

#endif
