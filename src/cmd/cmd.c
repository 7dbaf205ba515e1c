/*
 * cmd.c: the command table and dispatch helpers.  The table is generated from
 * the tt_cmd_* definitions in src/cmd/ (see cmd.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/cmd.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

#define TT_CMD(n) extern const struct tt_cmd tt_cmd_##n;
#include "cmd_list.h"
#undef TT_CMD

const struct tt_cmd *const tt_commands[] = {
#define TT_CMD(n) &tt_cmd_##n,
#include "cmd_list.h"
#undef TT_CMD
};
const size_t tt_commands_count = sizeof tt_commands / sizeof tt_commands[0];

const struct tt_cmd *tt_cmd_find(int argc, char **argv, int *used)
{
    const struct tt_cmd *best = NULL;
    int best_words = 0;
    for (size_t i = 0; i < tt_commands_count; i++) {
        const char *name = tt_commands[i]->name;
        /* Match the command's words against argv[0], argv[1], ... */
        int w = 0;
        const char *p = name;
        bool ok = true;
        while (*p) {
            const char *sp = strchr(p, ' ');
            size_t len = sp ? (size_t)(sp - p) : strlen(p);
            if (w >= argc || strlen(argv[w]) != len || strncmp(argv[w], p, len) != 0) {
                ok = false;
                break;
            }
            w++;
            p = sp ? sp + 1 : p + len;
        }
        if (ok && w > best_words) {
            best = tt_commands[i];
            best_words = w;
        }
    }
    *used = best_words;
    return best;
}

int tt_cmd_usage(const struct tt_cmd *cmd, const char *fmt, ...)
{
    if (fmt) {
        /* Messages quote what was typed or read: sanitised for the terminal. */
        va_list ap;
        va_start(ap, fmt);
        char *msg = NULL;
        if (vasprintf(&msg, fmt, ap) < 0)
            msg = NULL;
        va_end(ap);
        char *safe = tt_sanitize(msg ? msg : fmt, TT_SAN_KEEP_NEWLINES);
        fprintf(stderr, "ticketty: %s\n", safe);
        free(safe);
        free(msg);
    }
    if (cmd)
        fprintf(stderr, "usage: ticketty %s%s%s\n", cmd->name, cmd->usage && *cmd->usage ? " " : "",
                cmd->usage ? cmd->usage : "");
    fprintf(stderr, "Try 'ticketty help%s%s'.\n", cmd ? " " : "", cmd ? cmd->name : "");
    return TT_EXIT_USAGE;
}

int tt_cmd_fail(const struct tt_err *err, int code)
{
    /* Errors quote files, fields and server replies: sanitised for the terminal. */
    char *safe = tt_sanitize(err->msg, TT_SAN_KEEP_NEWLINES);
    fprintf(stderr, "ticketty: %s\n", safe);
    free(safe);
    return code;
}

/* Width of the name column: the longest name ("import customers") plus two
 * spaces before the summary. */
static int name_width(void)
{
    size_t w = 0;
    for (size_t i = 0; i < tt_commands_count; i++)
        if (strlen(tt_commands[i]->name) > w)
            w = strlen(tt_commands[i]->name);
    return (int)w + 1;
}

void tt_cmd_print_list(FILE *out)
{
    int w = name_width();
    for (size_t i = 0; i < tt_commands_count; i++)
        fprintf(out, "  %-*s %s\n", w, tt_commands[i]->name, tt_commands[i]->summary);
}

int tt_cmd_print_group(FILE *out, const char *group)
{
    int found = 0;
    size_t n = strlen(group);
    for (size_t i = 0; i < tt_commands_count; i++) {
        const struct tt_cmd *c = tt_commands[i];
        if (strncmp(c->name, group, n) == 0 && c->name[n] == ' ') {
            if (out)
                fprintf(out, "  %-*s %s\n", name_width(), c->name, c->summary);
            found++;
        }
    }
    return found;
}

int tt_cmd_print_help(FILE *out, const char *name)
{
    int found = 0;
    size_t n = strlen(name);
    for (size_t i = 0; i < tt_commands_count; i++) {
        const struct tt_cmd *c = tt_commands[i];
        bool exact = strcmp(c->name, name) == 0;
        bool group = strncmp(c->name, name, n) == 0 && c->name[n] == ' ';
        if (!exact && !group)
            continue;
        if (found++)
            fputc('\n', out);
        fprintf(out, "usage: ticketty %s%s%s\n\n%s\n", c->name, c->usage && *c->usage ? " " : "",
                c->usage ? c->usage : "", c->summary);
        if (c->help && *c->help)
            fprintf(out, "\n%s\n", c->help);
    }
    return found ? 0 : -1;
}

void tt_getopt_reset(void)
{
    optind = 0;
    opterr = 0;
}

int tt_parse_count(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < 0)
        return -1;
    *out = v;
    return 0;
}
