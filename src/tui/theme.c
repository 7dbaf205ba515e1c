/*
 * theme.c: semantic roles and the theme files that colour them.
 *
 * A theme file has one line per role:  `role = fg bg [attr ...]`, where fg and
 * bg are a colour name (black red green yellow blue magenta cyan white, with
 * an optional "bright" prefix), a palette number 0-255, or "default", and
 * attrs are bold, underline, reverse, dim, italic, standout (or none).
 * `#` starts a comment.  Roles a file leaves out keep the built-in look.
 * Errors name file:line.  No curses here: term.c turns styles into pairs.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ticketty/tui.h"
#include "ticketty/util.h"

static const char *const role_names[] = {
#define TT_ROLE_NAME(id, name) name,
    TT_ROLES(TT_ROLE_NAME)
#undef TT_ROLE_NAME
};

const char *tt_role_name(enum tt_role r)
{
    return (unsigned)r < TT_ROLE__COUNT ? role_names[r] : "?";
}

int tt_role_from_name(const char *name)
{
    for (int i = 0; i < TT_ROLE__COUNT; i++)
        if (tt_streq(role_names[i], name))
            return i;
    return -1;
}

enum { BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE };
#define DEF (-1)

struct tt_theme *tt_theme_builtin(void)
{
    struct tt_theme *t = xcalloc(1, sizeof *t);
    t->name = xstrdup("built-in");
    for (int i = 0; i < TT_ROLE__COUNT; i++)
        t->roles[i] = (struct tt_style){DEF, DEF, 0};
    struct tt_style *r = t->roles;
    r[TT_ROLE_TITLE] = (struct tt_style){WHITE, BLUE, TT_ATTR_BOLD};
    r[TT_ROLE_HEADER] = (struct tt_style){DEF, DEF, TT_ATTR_BOLD | TT_ATTR_UNDERLINE};
    r[TT_ROLE_SELECTION] = (struct tt_style){BLACK, CYAN, 0};
    r[TT_ROLE_STATUS_LINE] = (struct tt_style){BLACK, WHITE, 0};
    r[TT_ROLE_PROMPT] = (struct tt_style){YELLOW, DEF, TT_ATTR_BOLD};
    r[TT_ROLE_MUTED] = (struct tt_style){DEF, DEF, TT_ATTR_DIM};
    r[TT_ROLE_ERROR] = (struct tt_style){WHITE, RED, TT_ATTR_BOLD};
    r[TT_ROLE_LABEL] = (struct tt_style){CYAN, DEF, 0};
    r[TT_ROLE_PANEL_TITLE] = (struct tt_style){CYAN, DEF, TT_ATTR_BOLD};
    r[TT_ROLE_BORDER] = (struct tt_style){BLUE, DEF, 0};
    r[TT_ROLE_PRIORITY_URGENT] = (struct tt_style){RED, DEF, TT_ATTR_BOLD};
    r[TT_ROLE_PRIORITY_HIGH] = (struct tt_style){YELLOW, DEF, TT_ATTR_BOLD};
    r[TT_ROLE_PRIORITY_LOW] = (struct tt_style){DEF, DEF, TT_ATTR_DIM};
    r[TT_ROLE_STATUS_NEW] = (struct tt_style){MAGENTA, DEF, TT_ATTR_BOLD};
    r[TT_ROLE_STATUS_OPEN] = (struct tt_style){RED, DEF, 0};
    r[TT_ROLE_STATUS_PENDING] = (struct tt_style){BLUE, DEF, 0};
    r[TT_ROLE_STATUS_SOLVED] = (struct tt_style){DEF, DEF, TT_ATTR_DIM};
    r[TT_ROLE_SLA_OK] = (struct tt_style){GREEN, DEF, 0};
    r[TT_ROLE_SLA_WARNING] = (struct tt_style){YELLOW, DEF, TT_ATTR_BOLD};
    r[TT_ROLE_SLA_BREACHED] = (struct tt_style){WHITE, RED, TT_ATTR_BOLD};
    r[TT_ROLE_SLA_PAUSED] = (struct tt_style){DEF, DEF, TT_ATTR_DIM};
    r[TT_ROLE_AUTHOR_AGENT] = (struct tt_style){GREEN, DEF, TT_ATTR_BOLD};
    r[TT_ROLE_AUTHOR_END_USER] = (struct tt_style){CYAN, DEF, TT_ATTR_BOLD};
    r[TT_ROLE_AUTHOR_BOT] = (struct tt_style){MAGENTA, DEF, TT_ATTR_BOLD};
    r[TT_ROLE_INTERNAL_NOTE] = (struct tt_style){YELLOW, DEF, 0};
    r[TT_ROLE_HEALTH_GOOD] = (struct tt_style){GREEN, DEF, 0};
    r[TT_ROLE_HEALTH_AT_RISK] = (struct tt_style){YELLOW, DEF, TT_ATTR_BOLD};
    r[TT_ROLE_HEALTH_CRITICAL] = (struct tt_style){RED, DEF, TT_ATTR_BOLD};
    r[TT_ROLE_MATCH] = (struct tt_style){DEF, DEF, TT_ATTR_BOLD | TT_ATTR_UNDERLINE};
    return t;
}

void tt_theme_free(struct tt_theme *t)
{
    if (!t)
        return;
    free(t->name);
    free(t->path);
    free(t);
}

static int parse_colour(const char *w, short *out)
{
    static const char *const names[] = {"black", "red",     "green", "yellow",
                                        "blue",  "magenta", "cyan",  "white"};
    if (tt_streq(w, "default") || tt_streq(w, "-")) {
        *out = DEF;
        return 0;
    }
    int bright = 0;
    if (tt_has_prefix(w, "bright")) {
        bright = 8;
        w += 6;
        if (*w == '-' || *w == '_')
            w++;
    }
    for (int i = 0; i < 8; i++)
        if (tt_streq(w, names[i])) {
            *out = (short)(i + bright);
            return 0;
        }
    if (!bright && *w) {
        char *end;
        errno = 0;
        long v = strtol(w, &end, 10);
        if (!*end && !errno && v >= 0 && v <= 255) {
            *out = (short)v;
            return 0;
        }
    }
    return -1;
}

static int parse_attr(const char *w, unsigned *attrs)
{
    static const struct {
        const char *name;
        unsigned bit;
    } tab[] = {{"bold", TT_ATTR_BOLD},
               {"underline", TT_ATTR_UNDERLINE},
               {"reverse", TT_ATTR_REVERSE},
               {"dim", TT_ATTR_DIM},
               {"italic", TT_ATTR_ITALIC},
               {"standout", TT_ATTR_STANDOUT},
               {"none", 0}};
    for (size_t i = 0; i < TT_ARRAY_LEN(tab); i++)
        if (tt_streq(w, tab[i].name)) {
            *attrs |= tab[i].bit;
            return 0;
        }
    return -1;
}

static void compute_mono(struct tt_theme *t)
{
    t->monochrome = true;
    for (int i = 0; i < TT_ROLE__COUNT; i++)
        if (t->roles[i].fg != DEF || t->roles[i].bg != DEF)
            t->monochrome = false;
}

struct tt_theme *tt_theme_parse(const char *text, const char *file, struct tt_err *err)
{
    struct tt_theme *t = tt_theme_builtin();
    const char *p = text;
    for (int line = 1; *p; line++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *l = xstrndup(p, len);
        p = nl ? nl + 1 : p + len;
        char *hash = strchr(l, '#');
        if (hash)
            *hash = '\0';
        char *eq = strchr(l, '=');
        char *save = NULL, *name = strtok_r(l, " \t\r=", &save);
        if (!name) {
            free(l);
            continue;
        }
        if (!eq) {
            tt_errf(err, "%s:%d: expected 'role = fg bg [attributes]'", file, line);
            goto fail_line;
        }
        int role = tt_role_from_name(name);
        if (role < 0) {
            tt_errf(err, "%s:%d: unknown role '%s'", file, line, name);
            goto fail_line;
        }
        char *words[16];
        int nw = 0;
        char *w;
        save = NULL;
        for (w = strtok_r(eq + 1, " \t\r,", &save); w && nw < 16;
             w = strtok_r(NULL, " \t\r,", &save))
            words[nw++] = w;
        if (nw < 2) {
            tt_errf(err, "%s:%d: role '%s' needs a foreground and a background colour", file, line,
                    name);
            goto fail_line;
        }
        struct tt_style st = {DEF, DEF, 0};
        if (parse_colour(words[0], &st.fg) < 0) {
            tt_errf(err, "%s:%d: unknown colour '%s'", file, line, words[0]);
            goto fail_line;
        }
        if (parse_colour(words[1], &st.bg) < 0) {
            tt_errf(err, "%s:%d: unknown colour '%s'", file, line, words[1]);
            goto fail_line;
        }
        for (int i = 2; i < nw; i++)
            if (parse_attr(words[i], &st.attrs) < 0) {
                tt_errf(err,
                        "%s:%d: unknown attribute '%s' (bold, underline, reverse, dim, "
                        "italic, standout, none)",
                        file, line, words[i]);
                goto fail_line;
            }
        t->roles[role] = st;
        free(l);
        continue;
    fail_line:
        free(l);
        tt_theme_free(t);
        return NULL;
    }
    compute_mono(t);
    return t;
}

static bool is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

char *tt_themes_dir(void)
{
    const char *env = getenv("TICKETTY_THEMES");
    if (env && *env)
        return xstrdup(env);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char *d = xasprintf("%s/../themes", exe);
            if (is_dir(d))
                return d;
            free(d);
        }
    }
    return xstrdup(TT_DATADIR "/themes");
}

struct tt_theme *tt_theme_load(const char *name, struct tt_err *err)
{
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color)
        name = "monochrome";
    if (!name || !*name)
        name = "default";
    char *path;
    if (strchr(name, '/')) {
        path = xstrdup(name);
    } else {
        char *dir = tt_themes_dir();
        path = xasprintf("%s/%s.theme", dir, name);
        free(dir);
    }
    size_t len;
    char *text = tt_read_file(path, &len, err);
    if (!text) {
        tt_err_prefix(err, "theme '%s'", name);
        free(path);
        return NULL;
    }
    struct tt_theme *t = tt_theme_parse(text, path, err);
    free(text);
    if (t) {
        free(t->name);
        t->name = xstrdup(name);
        t->path = path;
    } else {
        free(path);
    }
    return t;
}
