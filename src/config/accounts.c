/*
 * accounts.c: the `accounts` configuration section: checking it, reading it,
 * fetching tokens, and editing the section in the file (see accounts.h).
 *
 * Editing works on lines: the section is the top-level `accounts:` line and
 * every following line that is blank, a comment or indented; an account is its
 * `  NAME:` line and the deeper-indented lines after it.  Everything outside the
 * edited account is copied unchanged; the new file replaces the old by rename.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ticketty/accounts.h"
#include "ticketty/model.h"
#include "ticketty/util.h"

static const char *const providers[] = {"zendesk", "freshdesk", "intercom"};
static const char *const keys[] = {"provider",  "url",    "email",     "token_env",
                                   "token_cmd", "budget", "page_size", "start_time",
                                   "admin_id",  "fields", "statuses"};

void tt_account_conf_clear(struct tt_account_conf *a)
{
    free(a->name);
    free(a->provider);
    free(a->url);
    free(a->email);
    free(a->token_env);
    free(a->token_cmd);
    free(a->admin_id);
    free(a->field_plan);
    free(a->field_mrr);
    free(a->field_csm);
    free(a->status_map);
    memset(a, 0, sizeof *a);
}

static bool valid_name(const char *s)
{
    if (!s || !*s || strlen(s) > 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
            return false;
    return true;
}

static int parse_int(const struct tt_conf_node *n, const char *file, const char *acct, long lo,
                     long hi, int *out, struct tt_err *err)
{
    char *end;
    errno = 0;
    long v = n->kind == TT_CONF_SCALAR ? strtol(n->value, &end, 10) : 0;
    if (n->kind != TT_CONF_SCALAR || end == n->value || *end || errno || v < lo || v > hi)
        return tt_errf(err, "%s:%d: accounts.%s.%s: expected a number from %ld to %ld", file,
                       n->line, acct, n->key, lo, hi);
    *out = (int)v;
    return 0;
}

/* Check one account map and fill *a (a may be NULL to only check). */
static int read_account(const struct tt_conf_node *m, const char *file, struct tt_account_conf *a,
                        struct tt_err *err)
{
    const char *name = m->key;
    if (!valid_name(name))
        return tt_errf(err,
                       "%s:%d: accounts: '%s' is not a valid account name (letters, digits, "
                       "'-', '_', '.')",
                       file, m->line, name);
    if (m->kind != TT_CONF_MAP)
        return tt_errf(err, "%s:%d: accounts.%s: expected a map of settings", file, m->line, name);
    struct tt_account_conf tmp = {0};
    struct tt_account_conf *c = a ? a : &tmp;
    memset(c, 0, sizeof *c);
    c->name = xstrdup(name);
    c->line = m->line;
    int rc = -1;
    for (size_t i = 0; i < m->n_items; i++) {
        const struct tt_conf_node *n = &m->items[i];
        bool known = false;
        for (size_t k = 0; k < TT_ARRAY_LEN(keys); k++)
            known |= strcmp(n->key, keys[k]) == 0;
        if (!known) {
            tt_errf(err,
                    "%s:%d: accounts.%s: unknown setting '%s' (provider, url, email, "
                    "token_env, token_cmd, budget, page_size, start_time, admin_id, fields, "
                    "statuses)",
                    file, n->line, name, n->key);
            goto out;
        }
        if (strcmp(n->key, "fields") == 0) {
            if (n->kind != TT_CONF_MAP) {
                tt_errf(err, "%s:%d: accounts.%s.fields: expected a map (plan, mrr, csm)", file,
                        n->line, name);
                goto out;
            }
            for (size_t j = 0; j < n->n_items; j++) {
                const struct tt_conf_node *f = &n->items[j];
                char **dst = !strcmp(f->key, "plan")  ? &c->field_plan
                             : !strcmp(f->key, "mrr") ? &c->field_mrr
                             : !strcmp(f->key, "csm") ? &c->field_csm
                                                      : NULL;
                if (!dst || f->kind != TT_CONF_SCALAR) {
                    tt_errf(err,
                            "%s:%d: accounts.%s.fields.%s: expected plan, mrr or csm with a "
                            "field name",
                            file, f->line, name, f->key);
                    goto out;
                }
                free(*dst);
                *dst = xstrdup(f->value);
            }
            continue;
        }
        if (strcmp(n->key, "statuses") == 0) { /* Freshdesk: {6: on_hold, 7: pending} */
            struct tt_buf sm = {0};
            bool bad = n->kind != TT_CONF_MAP;
            for (size_t j = 0; !bad && j < n->n_items; j++) {
                const struct tt_conf_node *f = &n->items[j];
                char *end;
                long code = strtol(f->key, &end, 10);
                if (*end || code < 6 || code > 9999 || f->kind != TT_CONF_SCALAR ||
                    tt_status_from_name(f->value) < 0) {
                    tt_errf(err,
                            "%s:%d: accounts.%s.statuses.%s: expected a Freshdesk custom status "
                            "code (6 or more) mapped to new, open, pending, on_hold, solved or "
                            "closed",
                            file, f->line, name, f->key);
                    tt_buf_free(&sm);
                    goto out;
                }
                tt_buf_printf(&sm, "%s%ld=%s", sm.len ? "," : "", code,
                              tt_status_name((enum tt_status)tt_status_from_name(f->value)));
            }
            if (bad) {
                tt_errf(err, "%s:%d: accounts.%s.statuses: expected a map of status codes", file,
                        n->line, name);
                goto out;
            }
            free(c->status_map);
            c->status_map = tt_buf_steal(&sm);
            continue;
        }
        if (n->kind != TT_CONF_SCALAR) {
            tt_errf(err, "%s:%d: accounts.%s.%s: expected a single value", file, n->line, name,
                    n->key);
            goto out;
        }
        const char *v = n->value;
        if (!strcmp(n->key, "provider")) {
            bool ok = false;
            for (size_t k = 0; k < TT_ARRAY_LEN(providers); k++)
                ok |= strcmp(v, providers[k]) == 0;
            if (!ok) {
                tt_errf(err,
                        "%s:%d: accounts.%s.provider: unknown provider '%s' (zendesk, "
                        "freshdesk, intercom)",
                        file, n->line, name, v);
                goto out;
            }
            c->provider = xstrdup(v);
        } else if (!strcmp(n->key, "url")) {
            if (!tt_has_prefix(v, "https://") && !tt_has_prefix(v, "http://")) {
                tt_errf(err, "%s:%d: accounts.%s.url: expected an https:// URL, not '%s'", file,
                        n->line, name, v);
                goto out;
            }
            c->url = xstrdup(v);
        } else if (!strcmp(n->key, "email")) {
            c->email = xstrdup(v);
        } else if (!strcmp(n->key, "token_env")) {
            c->token_env = xstrdup(v);
        } else if (!strcmp(n->key, "token_cmd")) {
            c->token_cmd = xstrdup(v);
        } else if (!strcmp(n->key, "admin_id")) {
            c->admin_id = xstrdup(v);
        } else if (!strcmp(n->key, "budget")) {
            if (parse_int(n, file, name, 0, 100000, &c->budget, err) < 0)
                goto out;
        } else if (!strcmp(n->key, "page_size")) {
            if (parse_int(n, file, name, 1, 1000, &c->page_size, err) < 0)
                goto out;
        } else if (!strcmp(n->key, "start_time")) {
            char *end;
            long long t = strtoll(v, &end, 10);
            if (*end || end == v) {
                int64_t tt;
                if (tt_time_parse(v, &tt, NULL) < 0) {
                    tt_errf(err,
                            "%s:%d: accounts.%s.start_time: expected a date or Unix time, "
                            "not '%s'",
                            file, n->line, name, v);
                    goto out;
                }
                t = tt;
            }
            c->start_time = t;
        }
    }
    if (!c->provider) {
        tt_errf(err, "%s:%d: accounts.%s: 'provider' is required", file, m->line, name);
        goto out;
    }
    if (!c->url) {
        tt_errf(err, "%s:%d: accounts.%s: 'url' is required", file, m->line, name);
        goto out;
    }
    if (!c->token_env == !c->token_cmd) {
        tt_errf(err, "%s:%d: accounts.%s: exactly one of 'token_env' or 'token_cmd' is required",
                file, m->line, name);
        goto out;
    }
    rc = 0;
out:
    if (!a || rc < 0)
        tt_account_conf_clear(c);
    return rc;
}

int tt_accounts_validate(const struct tt_conf_node *node, const char *file, struct tt_err *err)
{
    if (node->kind == TT_CONF_SCALAR && (!node->value || !*node->value))
        return 0; /* "accounts:" with nothing under it */
    if (node->kind != TT_CONF_MAP)
        return tt_errf(err, "%s:%d: accounts: expected a map of account names", file, node->line);
    for (size_t i = 0; i < node->n_items; i++)
        if (read_account(&node->items[i], file, NULL, err) < 0)
            return -1;
    return 0;
}

int tt_accounts_load(const struct tt_config *cfg, struct tt_account_conf **out, size_t *n,
                     struct tt_err *err)
{
    *out = NULL;
    *n = 0;
    const struct tt_conf_node *node = cfg ? tt_config_section(cfg, "accounts") : NULL;
    if (!node || node->kind != TT_CONF_MAP)
        return 0;
    const char *file = tt_config_path(cfg);
    *out = xcalloc(node->n_items ? node->n_items : 1, sizeof **out);
    for (size_t i = 0; i < node->n_items; i++) {
        if (read_account(&node->items[i], file ? file : "config", &(*out)[i], err) < 0) {
            tt_accounts_free(*out, i);
            *out = NULL;
            return -1;
        }
        (*n)++;
    }
    return 0;
}

void tt_accounts_free(struct tt_account_conf *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tt_account_conf_clear(&l[i]);
    free(l);
}

int tt_account_token(const struct tt_account_conf *a, char **token, struct tt_err *err)
{
    *token = NULL;
    if (a->token_env) {
        const char *v = getenv(a->token_env);
        if (!v || !*v)
            return tt_errf(err, "account %s: environment variable %s (token_env) is not set",
                           a->name, a->token_env);
        *token = xstrdup(v);
        return 0;
    }
    if (!a->token_cmd)
        return tt_errf(err, "account %s: no token_env or token_cmd configured", a->name);
    fflush(NULL);
    FILE *p = popen(a->token_cmd, "r");
    if (!p)
        return tt_errf(err, "account %s: cannot run token_cmd: %s", a->name, strerror(errno));
    char line[4096];
    bool got = fgets(line, sizeof line, p) != NULL;
    while (fgetc(p) != EOF) /* drain */
        ;
    int st = pclose(p);
    if (st != 0 || !got) {
        memset(line, 0, sizeof line);
        return tt_errf(err, "account %s: token_cmd %s", a->name,
                       st != 0 ? "failed (non-zero exit status)" : "printed nothing");
    }
    line[strcspn(line, "\r\n")] = '\0';
    if (!*line)
        return tt_errf(err, "account %s: token_cmd printed an empty line", a->name);
    *token = xstrdup(line);
    memset(line, 0, sizeof line);
    return 0;
}

/* ---- editing the file ------------------------------------------------------- */

struct lines {
    char **v;
    size_t n;
};

static void lines_split(const char *text, struct lines *l)
{
    l->v = NULL;
    l->n = 0;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
        l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
        l->v[l->n++] = xstrndup(p, len);
        p += len;
    }
}

static void lines_free(struct lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static int indent_of(const char *s)
{
    int i = 0;
    while (s[i] == ' ')
        i++;
    return i;
}

static bool blank_or_comment(const char *s)
{
    s += indent_of(s);
    return *s == '\0' || *s == '\n' || *s == '\r' || *s == '#';
}

/* Find the top-level "accounts:" line and the end of its block. */
static int find_section(const struct lines *l, size_t *start, size_t *end, const char *path,
                        struct tt_err *err)
{
    *start = *end = l->n;
    for (size_t i = 0; i < l->n; i++) {
        if (strncmp(l->v[i], "accounts:", 9) == 0) {
            const char *rest = l->v[i] + 9;
            rest += strspn(rest, " \t");
            if (*rest && *rest != '\n' && *rest != '#' && *rest != '\r')
                return tt_errf(err,
                               "%s:%zu: accounts: is written inline; move it to block form "
                               "before using `ticketty account`",
                               path, i + 1);
            *start = i;
            size_t j = i + 1, last = i + 1;
            for (; j < l->n; j++) {
                if (blank_or_comment(l->v[j]))
                    continue;
                if (indent_of(l->v[j]) == 0)
                    break;
                last = j + 1;
            }
            *end = last;
            return 0;
        }
    }
    return 0;
}

/* Lines [*a, *b) of account `name` within the section, or *a == *b == 0. */
static int find_account(const struct lines *l, size_t s, size_t e, const char *name, size_t *a,
                        size_t *b)
{
    *a = *b = 0;
    int base = -1;
    for (size_t i = s + 1; i < e; i++) {
        if (blank_or_comment(l->v[i]))
            continue;
        int ind = indent_of(l->v[i]);
        if (base < 0)
            base = ind;
        if (ind != base)
            continue;
        const char *k = l->v[i] + ind;
        size_t nl = strlen(name);
        bool quoted = (k[0] == '"' || k[0] == '\'') && strncmp(k + 1, name, nl) == 0 &&
                      k[nl + 1] == k[0] && k[nl + 2] == ':';
        if ((strncmp(k, name, nl) == 0 && k[nl] == ':') || quoted) {
            size_t j = i + 1, last = i + 1;
            for (; j < e; j++) {
                if (blank_or_comment(l->v[j]))
                    continue;
                if (indent_of(l->v[j]) <= base)
                    break;
                last = j + 1;
            }
            *a = i;
            *b = last;
            return base;
        }
    }
    return base < 0 ? 2 : base;
}

/* A double-quoted YAML scalar that reads back as v: quotes, backslashes and
 * control characters escaped (a raw line break would fold into a space, other
 * controls are a YAML error that breaks the whole file). */
static void yaml_scalar(struct tt_buf *b, const char *v)
{
    tt_buf_putc(b, '"');
    for (const char *p = v; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '"' || ch == '\\') {
            tt_buf_putc(b, '\\');
            tt_buf_putc(b, *p);
        } else if (ch == '\n') {
            tt_buf_puts(b, "\\n");
        } else if (ch == '\t') {
            tt_buf_puts(b, "\\t");
        } else if (ch < 0x20 || ch == 0x7f) {
            tt_buf_printf(b, "\\x%02x", ch);
        } else {
            tt_buf_putc(b, *p);
        }
    }
    tt_buf_putc(b, '"');
}

static int write_lines(const char *path, const struct lines *l, size_t skip_a, size_t skip_b,
                       size_t insert_at, const char *insert, struct tt_err *err)
{
    if (tt_mkdir_parents(path, err) < 0)
        return -1;
    char *tmp = xasprintf("%s.tmp.%d", path, (int)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) {
        tt_errf(err, "%s: cannot write: %s", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    struct stat sb;
    if (stat(path, &sb) == 0)
        fchmod(fileno(f), sb.st_mode & 07777);
    for (size_t i = 0; i <= l->n; i++) {
        if (i == insert_at && insert)
            fputs(insert, f);
        if (i < l->n && (i < skip_a || i >= skip_b))
            fputs(l->v[i], f);
    }
    bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) < 0) {
        tt_errf(err, "%s: cannot save: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

static char *read_or_empty(const char *path, struct tt_err *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return xstrdup("");
        tt_errf(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    fclose(f);
    return tt_read_file(path, NULL, err);
}

int tt_accounts_file_add(const char *path, const struct tt_account_conf *a, struct tt_err *err)
{
    char *text = read_or_empty(path, err);
    if (!text)
        return -1;
    struct lines l;
    lines_split(text, &l);
    free(text);
    size_t s, e;
    if (find_section(&l, &s, &e, path, err) < 0) {
        lines_free(&l);
        return -1;
    }
    struct tt_buf b = {0};
    bool need_header = s == l.n;
    if (need_header) {
        if (l.n && l.v[l.n - 1][strlen(l.v[l.n - 1]) - 1] != '\n')
            tt_buf_putc(&b, '\n');
        tt_buf_puts(&b, "accounts:\n");
    }
    size_t aa = 0, ab = 0;
    int ind = need_header ? 2 : find_account(&l, s, e, a->name, &aa, &ab);
    if (!need_header && s + 1 == e && !aa)
        ind = 2;
    tt_buf_printf(&b, "%*s%s:\n", ind, "", a->name);
    const char *kv[][2] = {{"provider", a->provider},   {"url", a->url},
                           {"email", a->email},         {"token_env", a->token_env},
                           {"token_cmd", a->token_cmd}, {"admin_id", a->admin_id}};
    for (size_t i = 0; i < TT_ARRAY_LEN(kv); i++) {
        if (!kv[i][1])
            continue;
        tt_buf_printf(&b, "%*s%s: ", ind + 2, "", kv[i][0]);
        yaml_scalar(&b, kv[i][1]);
        tt_buf_putc(&b, '\n');
    }
    if (a->budget)
        tt_buf_printf(&b, "%*sbudget: %d\n", ind + 2, "", a->budget);
    if (a->field_plan || a->field_mrr || a->field_csm) {
        tt_buf_printf(&b, "%*sfields:\n", ind + 2, "");
        const char *fv[][2] = {
            {"plan", a->field_plan}, {"mrr", a->field_mrr}, {"csm", a->field_csm}};
        for (size_t i = 0; i < 3; i++)
            if (fv[i][1]) {
                tt_buf_printf(&b, "%*s%s: ", ind + 4, "", fv[i][0]);
                yaml_scalar(&b, fv[i][1]);
                tt_buf_putc(&b, '\n');
            }
    }
    if (a->status_map && *a->status_map) { /* "6=on_hold,7=pending" */
        tt_buf_printf(&b, "%*sstatuses:\n", ind + 2, "");
        for (const char *sm = a->status_map; *sm;) {
            size_t n = strcspn(sm, ",");
            const char *eq = memchr(sm, '=', n);
            if (eq)
                tt_buf_printf(&b, "%*s%.*s: %.*s\n", ind + 4, "", (int)(eq - sm), sm,
                              (int)(n - (size_t)(eq - sm) - 1), eq + 1);
            sm += n + (sm[n] == ',');
        }
    }
    int rc;
    if (need_header)
        rc = write_lines(path, &l, 0, 0, l.n, tt_buf_str(&b), err);
    else if (aa) /* replace the existing account in place */
        rc = write_lines(path, &l, aa, ab, aa, tt_buf_str(&b), err);
    else
        rc = write_lines(path, &l, 0, 0, e, tt_buf_str(&b), err);
    tt_buf_free(&b);
    lines_free(&l);
    return rc;
}

int tt_accounts_file_remove(const char *path, const char *name, struct tt_err *err)
{
    char *text = read_or_empty(path, err);
    if (!text)
        return -1;
    struct lines l;
    lines_split(text, &l);
    free(text);
    size_t s, e, aa = 0, ab = 0;
    int rc = find_section(&l, &s, &e, path, err);
    if (rc == 0 && s < l.n)
        find_account(&l, s, e, name, &aa, &ab);
    if (rc == 0 && aa)
        rc = write_lines(path, &l, aa, ab, l.n + 1, NULL, err) < 0 ? -1 : 1;
    lines_free(&l);
    return rc;
}
