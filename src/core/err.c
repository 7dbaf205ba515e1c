/*
 * err.c: filling struct tt_err.  See err.h for the convention.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ticketty/err.h"

int tt_errf(struct tt_err *err, const char *fmt, ...)
{
    if (!err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

int tt_err_prefix(struct tt_err *err, const char *fmt, ...)
{
    if (!err)
        return -1;
    char prefix[TT_ERR_MAX], old[TT_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    /* Concatenate by hand: the result is cut at TT_ERR_MAX on purpose. */
    size_t n = strlen(prefix);
    if (n > TT_ERR_MAX - 3)
        n = TT_ERR_MAX - 3;
    memcpy(err->msg, prefix, n);
    memcpy(err->msg + n, ": ", 2);
    size_t rest = TT_ERR_MAX - n - 3, m = strnlen(old, rest);
    memcpy(err->msg + n + 2, old, m);
    err->msg[n + 2 + m] = '\0';
    return -1;
}
