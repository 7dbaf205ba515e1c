/*
 * health.c: the customer health score (see health.h for the formulas and the
 * decisions beyond the seed).  Pure: no I/O, no library types.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ticketty/health.h"
#include "ticketty/util.h"

static const char *const status_names[TT_HEALTH__COUNT] = {"healthy", "at-risk", "critical"};
static const char *const signal_names[TT_SIG__COUNT] = {"product_usage", "feature_adoption",
                                                        "support_sentiment", "expansion_signals",
                                                        "payment_health"};

const char *tt_health_status_name(enum tt_health_status s)
{
    return (unsigned)s < TT_HEALTH__COUNT ? status_names[s] : "?";
}

int tt_health_status_from_name(const char *name)
{
    for (int i = 0; i < TT_HEALTH__COUNT; i++)
        if (tt_streq(name, status_names[i]))
            return i;
    if (tt_streq(name, "at_risk"))
        return TT_HEALTH_AT_RISK;
    return -1;
}

const char *tt_health_signal_name(enum tt_health_signal s)
{
    return (unsigned)s < TT_SIG__COUNT ? signal_names[s] : "?";
}

int tt_health_signal_from_name(const char *name)
{
    for (int i = 0; i < TT_SIG__COUNT; i++)
        if (tt_streq(name, signal_names[i]))
            return i;
    return -1;
}

double tt_health_round(double x)
{
    double f = floor(x);
    return x - f >= 0.5 ? f + 1 : f;
}

static double known(double v)
{
    return v < 0 ? 0 : v;
}

static double band_score(const struct tt_health_bands *b, double v)
{
    for (size_t i = 0; i < b->n; i++)
        if (v > b->band[i].above)
            return b->band[i].score;
    return b->otherwise;
}

/* Is the core feature `f` among the ';'-separated names in `used`? */
static bool feature_used(const char *used, const char *f)
{
    size_t fl = strlen(f);
    const char *p = used;
    while (p && *p) {
        const char *e = strchr(p, ';');
        const char *end = e ? e : p + strlen(p);
        const char *s = p;
        while (s < end && (*s == ' ' || *s == '\t'))
            s++;
        const char *t = end;
        while (t > s && (t[-1] == ' ' || t[-1] == '\t'))
            t--;
        if ((size_t)(t - s) == fl && memcmp(s, f, fl) == 0)
            return true;
        p = e ? e + 1 : NULL;
    }
    return false;
}

double tt_health_signal_score(const struct tt_health_config *cfg, enum tt_health_signal s,
                              const struct tt_customer *c)
{
    switch (s) {
    case TT_SIG_PRODUCT_USAGE: {
        double weekly_active = known(c->login_days_last_30) / cfg->usage_days * 100;
        return fmin(100, weekly_active * cfg->usage_multiplier);
    }
    case TT_SIG_FEATURE_ADOPTION: {
        if (!cfg->n_core_features)
            return 0;
        size_t adopted = 0;
        for (size_t i = 0; i < cfg->n_core_features; i++)
            if (feature_used(c->features_used, cfg->core_features[i]))
                adopted++;
        return (double)adopted / (double)cfg->n_core_features * 100;
    }
    case TT_SIG_SUPPORT_SENTIMENT: {
        double tickets = known(c->tickets_last_90_days);
        if (tickets == 0)
            return cfg->no_tickets_score;
        return known(c->resolved_tickets_last_90_days) / tickets * 100;
    }
    case TT_SIG_EXPANSION: {
        double prev = known(c->previous_month_usage);
        double growth = known(c->current_month_usage) / (prev != 0 ? prev : 1);
        return band_score(&cfg->expansion, growth);
    }
    case TT_SIG_PAYMENT:
        return band_score(&cfg->payment, known(c->failed_payments_last_90_days));
    case TT_SIG__COUNT:
        break;
    }
    return 0;
}

enum tt_health_status tt_health_status_of(const struct tt_health_config *cfg, double score)
{
    if (score >= cfg->healthy_min)
        return TT_HEALTH_HEALTHY;
    if (score >= cfg->at_risk_min)
        return TT_HEALTH_AT_RISK;
    return TT_HEALTH_CRITICAL;
}

void tt_health_score(const struct tt_health_config *cfg, const struct tt_customer *c,
                     struct tt_health_result *out)
{
    double total = 0, wsum = 0;
    for (int i = 0; i < TT_SIG__COUNT; i++) {
        out->signal[i] = tt_health_signal_score(cfg, (enum tt_health_signal)i, c);
        total = total + out->signal[i] * cfg->weight[i]; /* the seed's reduce, in order */
        wsum += cfg->weight[i];
    }
    if (wsum > 0 && fabs(wsum - 1) > 1e-9)
        total /= wsum;
    out->raw = total;
    out->score = (int)tt_health_round(total);
    out->status = tt_health_status_of(cfg, total);
}

unsigned tt_health_failing(const struct tt_health_config *cfg, const struct tt_health_result *r)
{
    unsigned bits = 0;
    for (int i = 0; i < TT_SIG__COUNT; i++)
        if (cfg->weight[i] > 0 && r->signal[i] < cfg->failing_below)
            bits |= 1u << i;
    return bits;
}

bool tt_health_should_alert(const struct tt_health_config *cfg, int prev, enum tt_health_status now,
                            double mrr)
{
    return now == TT_HEALTH_CRITICAL && prev != TT_HEALTH_CRITICAL && mrr >= cfg->alert_mrr;
}

void tt_health_override_clear(struct tt_health_override *o)
{
    free(o->reason);
    free(o->by);
    memset(o, 0, sizeof *o);
}

bool tt_health_override_active(const struct tt_health_override *o, int64_t now)
{
    return o && o->until > now;
}

int tt_health_trend(const int *scores, size_t n)
{
    return n < 2 ? 0 : scores[n - 1] - scores[0];
}

const char *tt_health_trend_word(int delta)
{
    return delta >= 3 ? "up" : delta <= -3 ? "down" : "flat";
}

void tt_health_sparkline(const int *scores, size_t n, char *out, size_t size)
{
    static const char *const blocks[8] = {"\u2581", "\u2582", "\u2583", "\u2584",
                                          "\u2585", "\u2586", "\u2587", "\u2588"};
    size_t len = 0;
    if (!size)
        return;
    for (size_t i = 0; i < n && len + 3 < size; i++) {
        int s = scores[i] < 0 ? 0 : scores[i] > 100 ? 100 : scores[i];
        int level = s * 8 / 101; /* 0..100 -> 0..7 */
        memcpy(out + len, blocks[level], 3);
        len += 3;
    }
    out[len] = '\0';
}

char *tt_health_day(int64_t t, char out[static 11])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
    return out;
}

/* ---- AUC (Mann-Whitney U with average ranks for ties) ---------------------- */

struct auc_item {
    double score;
    unsigned char churned;
};

static int cmp_item(const void *a, const void *b)
{
    double x = ((const struct auc_item *)a)->score, y = ((const struct auc_item *)b)->score;
    return (x > y) - (x < y);
}

int tt_health_auc(const double *score, const unsigned char *churned, size_t n, double *auc_out)
{
    size_t n_ret = 0, n_churn = 0;
    for (size_t i = 0; i < n; i++)
        churned[i] ? n_churn++ : n_ret++;
    if (!n_ret || !n_churn)
        return -1;
    struct auc_item *it = xmalloc(n * sizeof *it);
    for (size_t i = 0; i < n; i++)
        it[i] = (struct auc_item){score[i], churned[i] ? 1 : 0};
    qsort(it, n, sizeof *it, cmp_item);
    double rank_sum = 0; /* ranks (1-based, averaged over ties) of retained customers */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && it[j].score == it[i].score)
            j++;
        double avg = ((double)(i + 1) + (double)j) / 2;
        for (size_t k = i; k < j; k++)
            if (!it[k].churned)
                rank_sum += avg;
        i = j;
    }
    free(it);
    double u = rank_sum - (double)n_ret * ((double)n_ret + 1) / 2;
    *auc_out = u / ((double)n_ret * (double)n_churn);
    return 0;
}
