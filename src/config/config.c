/*
 * config.c: reading config.yaml with libyaml and checking it against the
 * options table.  Errors name file, line and the dotted key.
 */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <yaml.h>

#include "ticketty/config.h"
#include "ticketty/util.h"

struct tt_config {
    char *path;
    struct tt_conf_node *root;
    /* Parallel to tt_options: the scalar node set in the file, or NULL. */
    const struct tt_conf_node **set;
};

/* ---- YAML tree ---------------------------------------------------------- */

/* Nodes embed their children in an array, so freeing is two-level. */
static void node_free_contents(struct tt_conf_node *n)
{
    for (size_t i = 0; i < n->n_items; i++)
        node_free_contents(&n->items[i]);
    free(n->items);
    free(n->key);
    free(n->value);
}

void tt_conf_node_free(struct tt_conf_node *n)
{
    if (!n)
        return;
    node_free_contents(n);
    free(n);
}

const struct tt_conf_node *tt_conf_get(const struct tt_conf_node *map, const char *key)
{
    if (!map || map->kind != TT_CONF_MAP)
        return NULL;
    for (size_t i = 0; i < map->n_items; i++)
        if (strcmp(map->items[i].key, key) == 0)
            return &map->items[i];
    return NULL;
}

struct parser {
    yaml_parser_t p;
    const char *name;
    const char *text; /* the input, for the line of a reader error */
    size_t len;
    struct tt_err *err;
};

static int next_event(struct parser *ps, yaml_event_t *ev)
{
    if (!yaml_parser_parse(&ps->p, ev)) {
        size_t line = ps->p.problem_mark.line + 1;
        if (ps->p.error == YAML_READER_ERROR) {
            /* Control characters and invalid UTF-8: libyaml gives the byte
             * offset only (problem_mark stays at the start). */
            line = 1;
            for (size_t i = 0; i < ps->p.problem_offset && i < ps->len; i++)
                line += ps->text[i] == '\n';
        }
        return tt_errf(ps->err, "%s:%zu: YAML syntax error: %s", ps->name, line,
                       ps->p.problem ? ps->p.problem : "?");
    }
    return 0;
}

static void push_item(struct tt_conf_node *parent, struct tt_conf_node *child)
{
    parent->items = xrealloc(parent->items, (parent->n_items + 1) * sizeof *parent->items);
    parent->items[parent->n_items++] = *child;
}

/* Parse the node that starts with ev (already consumed) into *out. */
static int parse_node(struct parser *ps, yaml_event_t *ev, struct tt_conf_node *out, int depth)
{
    memset(out, 0, sizeof *out);
    out->line = (int)ev->start_mark.line + 1;
    if (depth > 64)
        return tt_errf(ps->err, "%s:%d: nesting too deep", ps->name, out->line);
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        out->kind = TT_CONF_SCALAR;
        out->value = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
        return 0;
    case YAML_ALIAS_EVENT:
        return tt_errf(ps->err, "%s:%d: YAML aliases are not supported", ps->name, out->line);
    case YAML_SEQUENCE_START_EVENT:
        out->kind = TT_CONF_SEQ;
        for (;;) {
            yaml_event_t e;
            if (next_event(ps, &e) < 0)
                return -1;
            if (e.type == YAML_SEQUENCE_END_EVENT) {
                yaml_event_delete(&e);
                return 0;
            }
            struct tt_conf_node child;
            int rc = parse_node(ps, &e, &child, depth + 1);
            yaml_event_delete(&e);
            push_item(out, &child);
            if (rc < 0)
                return -1;
        }
    case YAML_MAPPING_START_EVENT:
        out->kind = TT_CONF_MAP;
        for (;;) {
            yaml_event_t k;
            if (next_event(ps, &k) < 0)
                return -1;
            if (k.type == YAML_MAPPING_END_EVENT) {
                yaml_event_delete(&k);
                return 0;
            }
            if (k.type != YAML_SCALAR_EVENT) {
                int line = (int)k.start_mark.line + 1;
                yaml_event_delete(&k);
                return tt_errf(ps->err, "%s:%d: mapping keys must be plain scalars", ps->name,
                               line);
            }
            char *key = xstrndup((const char *)k.data.scalar.value, k.data.scalar.length);
            int kline = (int)k.start_mark.line + 1;
            yaml_event_delete(&k);
            for (size_t i = 0; i < out->n_items; i++) {
                if (strcmp(out->items[i].key, key) == 0) {
                    tt_errf(ps->err, "%s:%d: duplicate key \"%s\"", ps->name, kline, key);
                    free(key);
                    return -1;
                }
            }
            yaml_event_t v;
            if (next_event(ps, &v) < 0) {
                free(key);
                return -1;
            }
            struct tt_conf_node child;
            int rc = parse_node(ps, &v, &child, depth + 1);
            yaml_event_delete(&v);
            child.key = key;
            push_item(out, &child);
            if (rc < 0)
                return -1;
        }
    default:
        return tt_errf(ps->err, "%s:%d: unexpected YAML event", ps->name, out->line);
    }
}

struct tt_conf_node *tt_conf_parse(const char *text, size_t len, const char *name,
                                   struct tt_err *err)
{
    struct parser ps = {.name = name, .text = text, .len = len, .err = err};
    struct tt_conf_node *root = xcalloc(1, sizeof *root);
    root->kind = TT_CONF_MAP;
    root->line = 1;
    if (!yaml_parser_initialize(&ps.p))
        tt_fatal("libyaml initialisation failed");
    yaml_parser_set_input_string(&ps.p, (const unsigned char *)text, len);
    int rc = -1, done = 0, docs = 0;
    while (!done) {
        yaml_event_t ev;
        if (next_event(&ps, &ev) < 0)
            goto out;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
        case YAML_SCALAR_EVENT:
            if (docs++ > 0) {
                yaml_event_delete(&ev);
                tt_errf(err, "%s: more than one YAML document", name);
                goto out;
            }
            tt_conf_node_free(root);
            root = xcalloc(1, sizeof *root);
            if (parse_node(&ps, &ev, root, 0) < 0) {
                yaml_event_delete(&ev);
                goto out;
            }
            if (root->kind == TT_CONF_SCALAR && root->value[0] == '\0') {
                root->kind = TT_CONF_MAP; /* an empty document */
            }
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    rc = 0;
out:
    yaml_parser_delete(&ps.p);
    if (rc < 0) {
        tt_conf_node_free(root);
        return NULL;
    }
    return root;
}

/* ---- options ------------------------------------------------------------ */

static int find_option(const char *name)
{
    for (size_t i = 0; i < tt_options_count; i++)
        if (strcmp(tt_options[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0)
            return *out = true, 0;
        if (strcasecmp(v, no[i]) == 0)
            return *out = false, 0;
    }
    return -1;
}

static int check_scalar(const struct tt_option *o, const char *v, const char *where,
                        struct tt_err *err)
{
    char *end;
    switch (o->type) {
    case TT_OPT_STRING:
        return 0;
    case TT_OPT_INT: {
        errno = 0;
        long long x = strtoll(v, &end, 10);
        if (errno || end == v || *end)
            return tt_errf(err, "%s: %s: \"%s\" is not an integer", where, o->name, v);
        if (o->min < o->max && (x < o->min || x > o->max))
            return tt_errf(err, "%s: %s: %s is out of range (%g..%g)", where, o->name, v, o->min,
                           o->max);
        return 0;
    }
    case TT_OPT_DOUBLE: {
        errno = 0;
        double x = strtod(v, &end);
        if (errno || end == v || *end)
            return tt_errf(err, "%s: %s: \"%s\" is not a number", where, o->name, v);
        if (o->min < o->max && (x < o->min || x > o->max))
            return tt_errf(err, "%s: %s: %s is out of range (%g..%g)", where, o->name, v, o->min,
                           o->max);
        return 0;
    }
    case TT_OPT_BOOL: {
        bool b;
        if (parse_bool(v, &b) < 0)
            return tt_errf(err, "%s: %s: \"%s\" is not true or false", where, o->name, v);
        return 0;
    }
    case TT_OPT_ENUM: {
        const char *c = o->choices;
        size_t n = strlen(v);
        while (c && *c) {
            const char *bar = strchr(c, '|');
            size_t len = bar ? (size_t)(bar - c) : strlen(c);
            if (len == n && strncmp(c, v, n) == 0)
                return 0;
            c = bar ? bar + 1 : NULL;
        }
        return tt_errf(err, "%s: %s: \"%s\" is not one of %s", where, o->name, v, o->choices);
    }
    case TT_OPT_SECTION:
        break;
    }
    return 0;
}

/* Is `prefix` ("kb" for "kb.review.min_votes") a parent of any option? */
static bool is_option_parent(const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < tt_options_count; i++)
        if (strncmp(tt_options[i].name, prefix, n) == 0 && tt_options[i].name[n] == '.')
            return true;
    return false;
}

static int walk(struct tt_config *cfg, const struct tt_conf_node *map, const char *prefix,
                struct tt_err *err)
{
    for (size_t i = 0; i < map->n_items; i++) {
        const struct tt_conf_node *n = &map->items[i];
        char *name = *prefix ? xasprintf("%s.%s", prefix, n->key) : xstrdup(n->key);
        char where[512];
        snprintf(where, sizeof where, "%s:%d", cfg->path, n->line);
        int oi = find_option(name);
        int rc = 0;
        if (oi >= 0) {
            const struct tt_option *o = &tt_options[oi];
            if (o->type == TT_OPT_SECTION) {
                cfg->set[oi] = n;
                if (o->validate && o->validate(n, cfg->path, err) < 0)
                    rc = -1;
            } else if (n->kind != TT_CONF_SCALAR) {
                rc = tt_errf(err, "%s: %s: expected a single value", where, name);
            } else if (check_scalar(o, n->value, where, err) < 0) {
                rc = -1;
            } else {
                cfg->set[oi] = n;
            }
        } else if (n->kind == TT_CONF_MAP && is_option_parent(name)) {
            rc = walk(cfg, n, name, err);
        } else if (is_option_parent(name)) {
            /* "ui:" with nothing under it (all commented out) sets nothing. */
            if (n->kind != TT_CONF_SCALAR || (n->value && *n->value && !tt_streq(n->value, "~") &&
                                              strcasecmp(n->value, "null") != 0))
                rc = tt_errf(err, "%s: %s: expected a mapping of keys (%s.KEY: VALUE)", where, name,
                             name);
        } else {
            rc = tt_errf(err, "%s: unknown key \"%s\"", where, name);
        }
        free(name);
        if (rc < 0)
            return -1;
    }
    return 0;
}

struct tt_config *tt_config_load(const char *path, bool must_exist, struct tt_err *err)
{
    struct tt_config *cfg = xcalloc(1, sizeof *cfg);
    cfg->path = xstrdup(path);
    cfg->set = xcalloc(tt_options_count, sizeof *cfg->set);
    size_t len = 0;
    struct tt_err rerr;
    char *text = path ? tt_read_file(path, &len, &rerr) : NULL;
    if (!text) {
        if (path && (must_exist || errno != ENOENT)) {
            tt_errf(err, "config %s", rerr.msg);
            tt_config_free(cfg);
            return NULL;
        }
        cfg->root = xcalloc(1, sizeof *cfg->root);
        cfg->root->kind = TT_CONF_MAP;
        return cfg;
    }
    cfg->root = tt_conf_parse(text, len, path, err);
    free(text);
    if (!cfg->root) {
        tt_config_free(cfg);
        return NULL;
    }
    if (cfg->root->kind != TT_CONF_MAP) {
        tt_errf(err, "%s:%d: the configuration must be a mapping of keys", path, cfg->root->line);
        tt_config_free(cfg);
        return NULL;
    }
    if (walk(cfg, cfg->root, "", err) < 0) {
        tt_config_free(cfg);
        return NULL;
    }
    return cfg;
}

void tt_config_free(struct tt_config *cfg)
{
    if (!cfg)
        return;
    tt_conf_node_free(cfg->root);
    free(cfg->set);
    free(cfg->path);
    free(cfg);
}

const char *tt_config_path(const struct tt_config *cfg)
{
    return cfg->path;
}

static int need_option(const char *name)
{
    int oi = find_option(name);
    if (oi < 0)
        tt_fatal("configuration key \"%s\" is not in the options table", name);
    return oi;
}

const char *tt_config_str(const struct tt_config *cfg, const char *name)
{
    int oi = need_option(name);
    if (cfg && cfg->set[oi] && cfg->set[oi]->kind == TT_CONF_SCALAR)
        return cfg->set[oi]->value;
    return tt_options[oi].def;
}

int64_t tt_config_int(const struct tt_config *cfg, const char *name)
{
    const char *v = tt_config_str(cfg, name);
    return v ? strtoll(v, NULL, 10) : 0;
}

double tt_config_double(const struct tt_config *cfg, const char *name)
{
    const char *v = tt_config_str(cfg, name);
    return v ? strtod(v, NULL) : 0.0;
}

bool tt_config_bool(const struct tt_config *cfg, const char *name)
{
    const char *v = tt_config_str(cfg, name);
    bool b = false;
    if (v)
        parse_bool(v, &b);
    return b;
}

const char *tt_config_origin(const struct tt_config *cfg, const char *name, char *buf, size_t size)
{
    int oi = need_option(name);
    if (cfg && cfg->set[oi])
        snprintf(buf, size, "%s:%d", cfg->path, cfg->set[oi]->line);
    else
        snprintf(buf, size, "default");
    return buf;
}

const struct tt_conf_node *tt_config_section(const struct tt_config *cfg, const char *name)
{
    int oi = need_option(name);
    return cfg ? cfg->set[oi] : NULL;
}

/* A YAML double-quoted scalar: quotes, backslashes and control characters
 * escaped, so the dump is valid YAML and prints nothing raw to a terminal. */
static void put_quoted(const char *v, FILE *out)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void dump_node(const struct tt_conf_node *n, int indent, FILE *out)
{
    for (size_t i = 0; i < n->n_items; i++) {
        const struct tt_conf_node *c = &n->items[i];
        fprintf(out, "%*s", indent, "");
        if (n->kind == TT_CONF_SEQ)
            fputs("- ", out);
        else
            fprintf(out, "%s:", c->key);
        if (c->kind == TT_CONF_SCALAR) {
            if (n->kind != TT_CONF_SEQ)
                fputc(' ', out);
            put_quoted(c->value ? c->value : "", out);
            fputc('\n', out);
        } else {
            fputc('\n', out);
            dump_node(c, indent + 2, out);
        }
    }
}

void tt_config_dump(const struct tt_config *cfg, FILE *out)
{
    fprintf(out, "# effective configuration (file: %s)\n", cfg ? cfg->path : "none");
    for (size_t i = 0; i < tt_options_count; i++) {
        const struct tt_option *o = &tt_options[i];
        char origin[512];
        tt_config_origin(cfg, o->name, origin, sizeof origin);
        if (o->type == TT_OPT_SECTION) {
            const struct tt_conf_node *n = tt_config_section(cfg, o->name);
            fprintf(out, "%s:%s  # %s; %s\n", o->name, n ? "" : " (built-in defaults)", origin,
                    o->help);
            if (n && n->kind != TT_CONF_SCALAR)
                dump_node(n, 2, out);
            continue;
        }
        const char *v = tt_config_str(cfg, o->name);
        if (v && (o->type == TT_OPT_INT || o->type == TT_OPT_DOUBLE || o->type == TT_OPT_BOOL)) {
            fprintf(out, "%s: %s  # %s; %s\n", o->name, v, origin, o->help); /* validated */
        } else if (v) {
            fprintf(out, "%s: ", o->name);
            put_quoted(v, out);
            fprintf(out, "  # %s; %s\n", origin, o->help);
        } else
            fprintf(out, "%s: null  # unset; %s\n", o->name, o->help);
    }
}

static char *xdg_dir(const char *var, const char *fallback)
{
    const char *v = getenv(var);
    if (v && *v == '/')
        return xstrdup(v);
    const char *home = getenv("HOME");
    if (!home || *home != '/') {
        /* No HOME (some cron and service environments): the passwd entry. */
        struct passwd *pw = getpwuid(getuid());
        home = pw && pw->pw_dir && *pw->pw_dir == '/' ? pw->pw_dir : ".";
    }
    return xasprintf("%s/%s", home, fallback);
}

char *tt_default_config_path(void)
{
    char *d = xdg_dir("XDG_CONFIG_HOME", ".config");
    char *p = xasprintf("%s/ticketty/config.yaml", d);
    free(d);
    return p;
}

char *tt_default_data_dir(void)
{
    char *d = xdg_dir("XDG_DATA_HOME", ".local/share");
    char *p = xasprintf("%s/ticketty", d);
    free(d);
    return p;
}

char *tt_default_db_path(void)
{
    char *d = tt_default_data_dir();
    char *p = xasprintf("%s/ticketty.db", d);
    free(d);
    return p;
}
