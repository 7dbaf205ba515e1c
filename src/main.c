/*
 * main.c: global options, configuration, and dispatch to a subcommand.
 * With no command, ticketty opens the console (the "console" command).
 */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/cmd.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

static void usage(FILE *out)
{
    fputs("usage: ticketty [--db PATH] [--kb DIR] [--config FILE] [COMMAND [ARGS]]\n"
          "       ticketty --version | --help | help COMMAND\n\n"
          "With no command, ticketty opens the full-screen console.\n\n"
          "Global options (also TICKETTY_DB, TICKETTY_KB, TICKETTY_CONFIG):\n"
          "  --db PATH      SQLite database (default $XDG_DATA_HOME/ticketty/ticketty.db)\n"
          "  --kb DIR       knowledge-base git repository (default kb.path, else DIR-of-db/kb)\n"
          "  --config FILE  configuration (default $XDG_CONFIG_HOME/ticketty/config.yaml)\n\n"
          "Commands:\n",
          out);
    tt_cmd_print_list(out);
    fputs("\nSee ticketty(1) for details.\n", out);
}

/* Output that never reached its file (a full disk, a closed pipe with SIGPIPE
 * ignored) is a failure, not a silent success. */
static int flushed(int code)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ticketty: error writing the output: %s\n", strerror(errno));
        if (code == TT_EXIT_OK)
            code = TT_EXIT_FAIL;
    }
    return code;
}

/* TICKETTY_NOW pins the clock for reproducible runs; a value tt_now() cannot
 * read means the wall clock, which must not happen silently. */
static void check_now(void)
{
    const char *fixed = getenv("TICKETTY_NOW");
    if (!fixed || !*fixed)
        return;
    int64_t t;
    if (tt_time_parse(fixed, &t, NULL) == 0)
        return;
    const char *p = fixed + (*fixed == '@');
    char *end;
    errno = 0;
    (void)strtoll(p, &end, 10);
    if (*p >= '0' && *p <= '9' && !*end && !errno)
        return;
    char *v = tt_sanitize(fixed, 0);
    fprintf(stderr,
            "ticketty: TICKETTY_NOW '%s' is neither ISO 8601 nor Unix seconds; using the "
            "clock\n",
            v);
    free(v);
}

static bool is_help(const char *a)
{
    return strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0;
}

/* Whether path can be opened and read (a directory cannot). */
static bool readable(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    (void)fgetc(f);
    bool ok = !ferror(f);
    fclose(f);
    return ok;
}

static char *pick(const char *opt, const char *env)
{
    if (opt)
        return xstrdup(opt);
    const char *v = getenv(env);
    return v && *v ? xstrdup(v) : NULL;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},     {"kb", required_argument, NULL, 'k'},
        {"config", required_argument, NULL, 'c'}, {"version", no_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *kb = NULL, *config = NULL;
    int c;
    opterr = 0;
    /* '+' stops at the first non-option: the command's own options follow it. */
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'k':
            kb = optarg;
            break;
        case 'c':
            config = optarg;
            break;
        case 'V':
            printf("ticketty %s\n", TT_VERSION);
            return flushed(TT_EXIT_OK);
        case 'h':
            usage(stdout);
            return flushed(TT_EXIT_OK);
        default: {
            char *a = tt_sanitize(argv[optind - 1], 0);
            fprintf(stderr, "ticketty: unknown or incomplete option '%s'\n", a);
            free(a);
        }
            usage(stderr);
            return TT_EXIT_USAGE;
        }
    }
    /* An empty path would open SQLite's throw-away temporary database, or
     * the current directory as the KB: refuse it. */
    const char *empty = db && !*db           ? "--db"
                        : kb && !*kb         ? "--kb"
                        : config && !*config ? "--config"
                                             : NULL;
    if (empty) {
        fprintf(stderr, "ticketty: %s needs a non-empty path\n", empty);
        fprintf(stderr, "Try 'ticketty --help'.\n");
        return TT_EXIT_USAGE;
    }
    int rest = argc - optind;
    char **args = argv + optind;
    check_now();
    /* COMMAND --help (or -h) right after the command or last, and GROUP --help:
     * the help `ticketty help COMMAND` prints, even with a broken configuration. */
    if (rest > 1) {
        int u = 0;
        const struct tt_cmd *hc = tt_cmd_find(rest, args, &u);
        const char *first = hc ? args[u < rest ? u : rest - 1] : args[1];
        if (hc && u < rest && (is_help(first) || is_help(args[rest - 1]))) {
            tt_cmd_print_help(stdout, hc->name);
            return flushed(TT_EXIT_OK);
        }
        if (!hc && is_help(args[1]) && tt_cmd_print_group(NULL, args[0]) > 0) {
            tt_cmd_print_help(stdout, args[0]);
            return flushed(TT_EXIT_OK);
        }
    }

    struct tt_ctx ctx = {0};
    ctx.config_path = pick(config, "TICKETTY_CONFIG");
    ctx.config_explicit = ctx.config_path != NULL;
    if (!ctx.config_path)
        ctx.config_path = tt_default_config_path();
    struct tt_err err;
    ctx.config = tt_config_load(ctx.config_path, ctx.config_explicit, &err);
    if (!ctx.config && argc - optind > 0 && strcmp(argv[optind], "help") == 0) {
        /* Help works even with a broken configuration (to fix it, one reads it). */
        ctx.config = tt_config_load(NULL, false, &err);
    }
    if (!ctx.config) {
        /* As for every input file (ticketty(1), EXIT STATUS): one that cannot
         * be read is an I/O failure, one that is not a valid configuration a
         * usage error. */
        int code = readable(ctx.config_path) ? TT_EXIT_USAGE : TT_EXIT_FAIL;
        free(ctx.config_path);
        return tt_cmd_fail(&err, code);
    }
    ctx.db_path = pick(db, "TICKETTY_DB");
    if (!ctx.db_path) {
        const char *v = tt_config_str(ctx.config, "db");
        ctx.db_path = v && *v ? xstrdup(v) : tt_default_db_path();
    }
    ctx.kb_path = pick(kb, "TICKETTY_KB");

    int code;
    int used = 0;
    const struct tt_cmd *cmd = NULL;
    if (rest == 0) {
        char *console[] = {"console", NULL};
        cmd = tt_cmd_find(1, console, &used);
        if (!cmd) {
            usage(stderr);
            code = TT_EXIT_USAGE;
            goto out;
        }
        code = cmd->exec(&ctx, 1, console);
        goto out;
    }
    cmd = tt_cmd_find(rest, args, &used);
    if (!cmd) {
        char *a = tt_sanitize(args[0], 0);
        if (tt_cmd_print_group(NULL, args[0]) > 0) {
            /* A group ("ticket") without, or with an unknown, subcommand. */
            if (rest > 1) {
                char *b = tt_sanitize(args[1], 0);
                fprintf(stderr, "ticketty: unknown command '%s %s'; the %s commands are:\n", a, b,
                        a);
                free(b);
            } else {
                fprintf(stderr, "ticketty: '%s' needs a subcommand:\n", a);
            }
            tt_cmd_print_group(stderr, args[0]);
            fprintf(stderr, "Try 'ticketty help %s'.\n", a);
        } else {
            fprintf(stderr, "ticketty: unknown command '%s'\n", a);
            usage(stderr);
        }
        free(a);
        code = TT_EXIT_USAGE;
        goto out;
    }
    code = cmd->exec(&ctx, rest - used + 1, args + used - 1);
out:
    tt_store_close(ctx.store);
    tt_config_free(ctx.config);
    free(ctx.db_path);
    free(ctx.kb_path);
    free(ctx.config_path);
    return flushed(code);
}
