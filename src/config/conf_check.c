/*
 * conf_check.c: the helpers the config section validators (triage, health)
 * share: an error naming file, line and key, a bounded number and a map's
 * allowed keys.  Pure.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/config.h"
#include "ticketty/err.h"

int tt_conf_fail(struct tt_conf_ctx *x, const struct tt_conf_node *n, const char *key,
                 const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return tt_errf(x->err, "%s:%d: %s%s%s: %s", x->file, n->line, x->section, *key ? "." : "", key,
                   msg);
}

int tt_conf_num(struct tt_conf_ctx *x, const struct tt_conf_node *n, const char *key, double lo,
                double hi, double *out)
{
    if (n->kind != TT_CONF_SCALAR)
        return tt_conf_fail(x, n, key, "expected a number");
    char *end;
    errno = 0;
    double v = strtod(n->value, &end);
    if (errno || end == n->value || *end || !isfinite(v))
        return tt_conf_fail(x, n, key, "\"%s\" is not a number", n->value);
    if (v < lo || v > hi)
        return tt_conf_fail(x, n, key, "%s is out of range (%g..%g)", n->value, lo, hi);
    *out = v;
    return 0;
}

int tt_conf_only_keys(struct tt_conf_ctx *x, const struct tt_conf_node *n, const char *key,
                      const char *const *allowed)
{
    if (n->kind != TT_CONF_MAP)
        return tt_conf_fail(x, n, key, "expected a mapping");
    for (size_t i = 0; i < n->n_items; i++) {
        int ok = 0;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, n->items[i].key) == 0;
        if (!ok) {
            char k[256];
            snprintf(k, sizeof k, "%s%s%s", key, *key ? "." : "", n->items[i].key);
            return tt_conf_fail(x, &n->items[i], k, "unknown key");
        }
    }
    return 0;
}
