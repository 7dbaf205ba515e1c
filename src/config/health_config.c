/*
 * health_config.c: the `health:` configuration section, its defaults (the
 * seed's) and its validation.  Every error names file:line and the key.
 *
 *   health:
 *     core_features: [tickets, knowledge_base, automations, reports, integrations]
 *     status: {healthy: 70, at_risk: 40}
 *     failing_below: 40
 *     alert_mrr: 1000
 *     history_days: 730
 *     signals:
 *       product_usage: {weight: 0.3, days: 30, multiplier: 1.5}
 *       feature_adoption: {weight: 0.2}
 *       support_sentiment: {weight: 0.15, no_tickets: 70}
 *       expansion_signals:
 *         weight: 0.15
 *         bands: [{above: 1.2, score: 100}, {above: 1.0, score: 70}, {above: 0.8, score: 40}]
 *         otherwise: 10
 *       payment_health:
 *         weight: 0.2
 *         bands: [{above: 2, score: 20}, {above: 0, score: 60}]
 *         otherwise: 100
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/health.h"
#include "ticketty/util.h"

static const char *const default_features[] = {"tickets", "knowledge_base", "automations",
                                               "reports", "integrations"};

void tt_health_config_default(struct tt_health_config *c)
{
    memset(c, 0, sizeof *c);
    c->weight[TT_SIG_PRODUCT_USAGE] = 0.3;
    c->weight[TT_SIG_FEATURE_ADOPTION] = 0.2;
    c->weight[TT_SIG_SUPPORT_SENTIMENT] = 0.15;
    c->weight[TT_SIG_EXPANSION] = 0.15;
    c->weight[TT_SIG_PAYMENT] = 0.2;
    c->usage_days = 30;
    c->usage_multiplier = 1.5;
    c->n_core_features = TT_ARRAY_LEN(default_features);
    c->core_features = xcalloc(c->n_core_features, sizeof *c->core_features);
    for (size_t i = 0; i < c->n_core_features; i++)
        c->core_features[i] = xstrdup(default_features[i]);
    c->no_tickets_score = 70;
    c->expansion = (struct tt_health_bands){
        .band = {{1.2, 100}, {1.0, 70}, {0.8, 40}}, .n = 3, .otherwise = 10};
    c->payment = (struct tt_health_bands){.band = {{2, 20}, {0, 60}}, .n = 2, .otherwise = 100};
    c->healthy_min = 70;
    c->at_risk_min = 40;
    c->failing_below = 40;
    c->alert_mrr = 1000;
    c->history_days = 730;
    c->n_notify = 2;
    c->notify = xcalloc(2, sizeof *c->notify);
    c->notify[0] = xstrdup("csm");
    c->notify[1] = xstrdup("webhook");
}

void tt_health_config_clear(struct tt_health_config *c)
{
    for (size_t i = 0; i < c->n_core_features; i++)
        free(c->core_features[i]);
    free(c->core_features);
    for (size_t i = 0; i < c->n_notify; i++)
        free(c->notify[i]);
    free(c->notify);
    memset(c, 0, sizeof *c);
}

/* "csm", "webhook", an http(s) URL, or e-mail addresses (mailto: optional,
 * comma-separated); the notifier checks addresses in detail when sending. */
static bool dest_ok(const char *d)
{
    if (strcmp(d, "csm") == 0 || strcmp(d, "webhook") == 0)
        return true;
    if (tt_has_prefix(d, "http://") || tt_has_prefix(d, "https://"))
        return d[strcspn(d, " \t")] == '\0' && strlen(d) > 8;
    const char *at = strchr(d, '@');
    return at && at > d && at[1] && !strchr(d, '\n');
}

/* The validators' error, number and allowed-key helpers are shared:
 * tt_conf_fail, tt_conf_num and tt_conf_only_keys (src/config/conf_check.c). */

static int expect_map(struct tt_conf_ctx *x, const struct tt_conf_node *n, const char *key)
{
    return n->kind == TT_CONF_MAP ? 0 : tt_conf_fail(x, n, key, "expected a mapping");
}

static int parse_bands(struct tt_conf_ctx *x, const struct tt_conf_node *sig, const char *key,
                       struct tt_health_bands *b)
{
    char k[256];
    const struct tt_conf_node *n = tt_conf_get(sig, "bands");
    if (n) {
        snprintf(k, sizeof k, "%s.bands", key);
        if (n->kind != TT_CONF_SEQ)
            return tt_conf_fail(x, n, k, "expected a list of {above, score}");
        if (n->n_items > TT_HEALTH_MAX_BANDS)
            return tt_conf_fail(x, n, k, "at most 8 bands");
        b->n = 0;
        for (size_t i = 0; i < n->n_items; i++) {
            const struct tt_conf_node *it = &n->items[i];
            static const char *const keys[] = {"above", "score", NULL};
            snprintf(k, sizeof k, "%s.bands[%zu]", key, i);
            if (tt_conf_only_keys(x, it, k, keys) < 0)
                return -1;
            const struct tt_conf_node *a = tt_conf_get(it, "above"), *s = tt_conf_get(it, "score");
            if (!a || !s)
                return tt_conf_fail(x, it, k, "a band needs both above and score");
            struct tt_health_band band;
            char ka[300];
            snprintf(ka, sizeof ka, "%s.above", k);
            if (tt_conf_num(x, a, ka, -1e12, 1e12, &band.above) < 0)
                return -1;
            snprintf(ka, sizeof ka, "%s.score", k);
            if (tt_conf_num(x, s, ka, 0, 100, &band.score) < 0)
                return -1;
            if (i && !(band.above < b->band[i - 1].above))
                return tt_conf_fail(x, a, k, "bands must be listed with `above` decreasing");
            b->band[b->n++] = band;
        }
    }
    n = tt_conf_get(sig, "otherwise");
    if (n) {
        snprintf(k, sizeof k, "%s.otherwise", key);
        if (tt_conf_num(x, n, k, 0, 100, &b->otherwise) < 0)
            return -1;
    }
    return 0;
}

static int parse_signal(struct tt_conf_ctx *x, struct tt_health_config *c,
                        const struct tt_conf_node *n, int sig)
{
    char key[128];
    snprintf(key, sizeof key, "signals.%s", n->key);
    static const char *const k_usage[] = {"weight", "days", "multiplier", NULL};
    static const char *const k_plain[] = {"weight", NULL};
    static const char *const k_support[] = {"weight", "no_tickets", NULL};
    static const char *const k_bands[] = {"weight", "bands", "otherwise", NULL};
    const char *const *allowed = sig == TT_SIG_PRODUCT_USAGE       ? k_usage
                                 : sig == TT_SIG_FEATURE_ADOPTION  ? k_plain
                                 : sig == TT_SIG_SUPPORT_SENTIMENT ? k_support
                                                                   : k_bands;
    if (tt_conf_only_keys(x, n, key, allowed) < 0)
        return -1;
    char k[256];
    const struct tt_conf_node *v;
    if ((v = tt_conf_get(n, "weight"))) {
        snprintf(k, sizeof k, "%s.weight", key);
        if (tt_conf_num(x, v, k, 0, 1000, &c->weight[sig]) < 0)
            return -1;
    }
    if ((v = tt_conf_get(n, "days"))) {
        snprintf(k, sizeof k, "%s.days", key);
        if (tt_conf_num(x, v, k, 1, 366, &c->usage_days) < 0)
            return -1;
    }
    if ((v = tt_conf_get(n, "multiplier"))) {
        snprintf(k, sizeof k, "%s.multiplier", key);
        if (tt_conf_num(x, v, k, 0, 1000, &c->usage_multiplier) < 0)
            return -1;
    }
    if ((v = tt_conf_get(n, "no_tickets"))) {
        snprintf(k, sizeof k, "%s.no_tickets", key);
        if (tt_conf_num(x, v, k, 0, 100, &c->no_tickets_score) < 0)
            return -1;
    }
    if (sig == TT_SIG_EXPANSION)
        return parse_bands(x, n, key, &c->expansion);
    if (sig == TT_SIG_PAYMENT)
        return parse_bands(x, n, key, &c->payment);
    return 0;
}

static int parse(struct tt_conf_ctx *x, struct tt_health_config *c, const struct tt_conf_node *node)
{
    if (node->kind != TT_CONF_MAP)
        return tt_errf(x->err, "%s:%d: health: expected a mapping", x->file, node->line);
    static const char *const top[] = {"core_features", "status",  "failing_below", "alert_mrr",
                                      "history_days",  "signals", "notify",        NULL};
    if (tt_conf_only_keys(x, node, "", top) < 0)
        return -1;
    const struct tt_conf_node *n;
    if ((n = tt_conf_get(node, "core_features"))) {
        if (n->kind != TT_CONF_SEQ || n->n_items == 0)
            return tt_conf_fail(x, n, "core_features",
                                "expected a non-empty list of feature names");
        for (size_t i = 0; i < n->n_items; i++) {
            const struct tt_conf_node *it = &n->items[i];
            if (it->kind != TT_CONF_SCALAR || !it->value[0] || strchr(it->value, ';'))
                return tt_conf_fail(x, it, "core_features",
                                    "each feature is a non-empty name without ';'");
            for (size_t j = 0; j < i; j++)
                if (strcmp(n->items[j].value, it->value) == 0)
                    return tt_conf_fail(x, it, "core_features", "\"%s\" is listed twice",
                                        it->value);
        }
        for (size_t i = 0; i < c->n_core_features; i++)
            free(c->core_features[i]);
        free(c->core_features);
        c->n_core_features = n->n_items;
        c->core_features = xcalloc(n->n_items, sizeof *c->core_features);
        for (size_t i = 0; i < n->n_items; i++)
            c->core_features[i] = xstrdup(n->items[i].value);
    }
    if ((n = tt_conf_get(node, "status"))) {
        static const char *const keys[] = {"healthy", "at_risk", NULL};
        if (tt_conf_only_keys(x, n, "status", keys) < 0)
            return -1;
        const struct tt_conf_node *v;
        if ((v = tt_conf_get(n, "healthy")) &&
            tt_conf_num(x, v, "status.healthy", 0, 100, &c->healthy_min) < 0)
            return -1;
        if ((v = tt_conf_get(n, "at_risk")) &&
            tt_conf_num(x, v, "status.at_risk", 0, 100, &c->at_risk_min) < 0)
            return -1;
        if (!(c->at_risk_min < c->healthy_min))
            return tt_conf_fail(x, n, "status", "at_risk must be below healthy");
    }
    if ((n = tt_conf_get(node, "failing_below")) &&
        tt_conf_num(x, n, "failing_below", 0, 100, &c->failing_below) < 0)
        return -1;
    if ((n = tt_conf_get(node, "alert_mrr")) &&
        tt_conf_num(x, n, "alert_mrr", 0, 1e15, &c->alert_mrr) < 0)
        return -1;
    double days;
    if ((n = tt_conf_get(node, "history_days"))) {
        if (tt_conf_num(x, n, "history_days", 0, 36500, &days) < 0)
            return -1;
        if (days != (int)days)
            return tt_conf_fail(x, n, "history_days", "expected a whole number of days");
        c->history_days = (int)days;
    }
    if ((n = tt_conf_get(node, "notify"))) {
        size_t count = n->kind == TT_CONF_SEQ ? n->n_items : 1;
        if (n->kind == TT_CONF_MAP)
            return tt_conf_fail(x, n, "notify", "expected a destination or a list of them");
        for (size_t i = 0; i < count; i++) {
            const struct tt_conf_node *it = n->kind == TT_CONF_SEQ ? &n->items[i] : n;
            if (it->kind != TT_CONF_SCALAR || !dest_ok(it->value))
                return tt_conf_fail(
                    x, it, "notify",
                    "\"%s\" is not a destination (csm, webhook, an http(s) URL or an "
                    "e-mail address)",
                    it->kind == TT_CONF_SCALAR ? it->value : "");
        }
        for (size_t i = 0; i < c->n_notify; i++)
            free(c->notify[i]);
        free(c->notify);
        c->n_notify = count;
        c->notify = xcalloc(count ? count : 1, sizeof *c->notify);
        for (size_t i = 0; i < count; i++)
            c->notify[i] = xstrdup(n->kind == TT_CONF_SEQ ? n->items[i].value : n->value);
    }
    if ((n = tt_conf_get(node, "signals"))) {
        if (expect_map(x, n, "signals") < 0)
            return -1;
        for (size_t i = 0; i < n->n_items; i++) {
            int sig = tt_health_signal_from_name(n->items[i].key);
            if (sig < 0) {
                char k[256];
                snprintf(k, sizeof k, "signals.%s", n->items[i].key);
                return tt_conf_fail(x, &n->items[i], k,
                                    "unknown signal (product_usage, feature_adoption, "
                                    "support_sentiment, expansion_signals, payment_health)");
            }
            if (parse_signal(x, c, &n->items[i], sig) < 0)
                return -1;
        }
        double sum = 0;
        for (int i = 0; i < TT_SIG__COUNT; i++)
            sum += c->weight[i];
        if (sum <= 0)
            return tt_conf_fail(x, n, "signals", "at least one weight must be above 0");
    }
    return 0;
}

int tt_health_config_from_node(struct tt_health_config *c, const struct tt_conf_node *node,
                               const char *file, struct tt_err *err)
{
    tt_health_config_default(c);
    if (!node)
        return 0;
    struct tt_conf_ctx x = {.file = file ? file : "config", .section = "health", .err = err};
    if (parse(&x, c, node) < 0) {
        tt_health_config_clear(c);
        tt_health_config_default(c);
        return -1;
    }
    return 0;
}

int tt_health_config_validate(const struct tt_conf_node *node, const char *file, struct tt_err *err)
{
    struct tt_health_config c;
    int rc = tt_health_config_from_node(&c, node, file, err);
    tt_health_config_clear(&c);
    return rc;
}
