/*
 * conf_check.c: the helpers the config section validators (triage, health)
 * share: an error naming file, line and key, and a bounded number.  Pure.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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
