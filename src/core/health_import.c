/*
 * health_import.c: checking one row of a customer import (CSV or JSON) and
 * turning it into a struct tt_customer.  Pure; the command reads the file.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/health.h"
#include "ticketty/util.h"

const char *const tt_customer_columns[TT_CCOL__COUNT] = {
    "id",
    "name",
    "plan",
    "mrr",
    "csm",
    "subscription_status",
    "login_days_last_30",
    "features_used",
    "tickets_last_90_days",
    "resolved_tickets_last_90_days",
    "current_month_usage",
    "previous_month_usage",
    "failed_payments_last_90_days",
};

static bool given(const char *v)
{
    return v && *v;
}

/* Heap copy of v without surrounding spaces, NULL when empty. */
static char *trimmed(const char *v)
{
    if (!v)
        return NULL;
    while (*v == ' ' || *v == '\t')
        v++;
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--;
    return n ? xstrndup(v, n) : NULL;
}

static int number(const char *col, const char *v, double max, double *out, struct tt_err *err)
{
    char *t = trimmed(v), *end;
    if (!t) {
        *out = -1;
        return 0;
    }
    errno = 0;
    double x = strtod(t, &end);
    int rc = 0;
    if (errno || end == t || *end || !isfinite(x))
        rc = tt_errf(err, "%s: \"%s\" is not a number", col, t);
    else if (x < 0)
        rc = tt_errf(err, "%s: %s is negative", col, t);
    else if (x > max)
        rc = tt_errf(err, "%s: %s is more than %g", col, t, max);
    else
        *out = x;
    free(t);
    return rc;
}

static int count(const char *col, const char *v, int max, int *out, struct tt_err *err)
{
    double x;
    if (number(col, v, max, &x, err) < 0)
        return -1;
    if (x >= 0 && x != floor(x))
        return tt_errf(err, "%s: %g is not a whole number", col, x);
    *out = x < 0 ? -1 : (int)x;
    return 0;
}

int tt_customer_from_columns(const char *const v[TT_CCOL__COUNT], struct tt_customer *c,
                             struct tt_err *err)
{
    memset(c, 0, sizeof *c);
    c->key = trimmed(v[TT_CCOL_ID]);
    if (!c->key)
        return tt_errf(err, "id: missing");
    c->name = trimmed(v[TT_CCOL_NAME]);
    c->plan = trimmed(v[TT_CCOL_PLAN]);
    c->csm = trimmed(v[TT_CCOL_CSM]);
    c->subscription_status = trimmed(v[TT_CCOL_SUBSCRIPTION_STATUS]);
    if (c->subscription_status) {
        for (char *p = c->subscription_status; *p; p++) {
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
            if (!((*p >= 'a' && *p <= 'z') || *p == '_' || *p == '-')) {
                tt_errf(err,
                        "subscription_status: \"%s\" is not a status word (active, "
                        "trialing, cancelled, ...)",
                        c->subscription_status);
                goto fail;
            }
        }
    }
    double mrr;
    if (number("mrr", v[TT_CCOL_MRR], 1e12, &mrr, err) < 0)
        goto fail;
    c->mrr = mrr; /* -1: not given */
    if (count("login_days_last_30", v[TT_CCOL_LOGIN_DAYS], 31, &c->login_days_last_30, err) < 0 ||
        count("tickets_last_90_days", v[TT_CCOL_TICKETS], 1000000000, &c->tickets_last_90_days,
              err) < 0 ||
        count("resolved_tickets_last_90_days", v[TT_CCOL_RESOLVED], 1000000000,
              &c->resolved_tickets_last_90_days, err) < 0 ||
        number("current_month_usage", v[TT_CCOL_CURRENT_USAGE], 1e15, &c->current_month_usage,
               err) < 0 ||
        number("previous_month_usage", v[TT_CCOL_PREVIOUS_USAGE], 1e15, &c->previous_month_usage,
               err) < 0 ||
        count("failed_payments_last_90_days", v[TT_CCOL_FAILED_PAYMENTS], 1000000,
              &c->failed_payments_last_90_days, err) < 0)
        goto fail;
    if (c->tickets_last_90_days >= 0 &&
        c->resolved_tickets_last_90_days > c->tickets_last_90_days) {
        tt_errf(err, "resolved_tickets_last_90_days: %d is more than tickets_last_90_days (%d)",
                c->resolved_tickets_last_90_days, c->tickets_last_90_days);
        goto fail;
    }
    if ((c->resolved_tickets_last_90_days >= 0) != (c->tickets_last_90_days >= 0)) {
        tt_errf(err,
                "%s: give tickets_last_90_days and resolved_tickets_last_90_days together "
                "(or neither, to count them from the store's tickets)",
                c->tickets_last_90_days >= 0 ? "resolved_tickets_last_90_days"
                                             : "tickets_last_90_days");
        goto fail;
    }
    /* Features: trim each name, drop empty ones, keep ';' as the separator. */
    if (given(v[TT_CCOL_FEATURES])) {
        struct tt_buf b = {0};
        const char *p = v[TT_CCOL_FEATURES];
        while (p) {
            const char *e = strchr(p, ';');
            char *one = e ? xstrndup(p, (size_t)(e - p)) : xstrdup(p);
            char *t = trimmed(one);
            if (t) {
                if (b.len)
                    tt_buf_putc(&b, ';');
                tt_buf_puts(&b, t);
            }
            free(t);
            free(one);
            p = e ? e + 1 : NULL;
        }
        c->features_used = b.data ? tt_buf_steal(&b) : xstrdup("");
    }
    return 0;
fail:
    tt_customer_clear(c);
    return -1;
}
