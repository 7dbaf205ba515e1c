/*
 * health.h: customer health scoring (pure functions; owned by the health module).
 *
 * A customer's health is a weighted sum of five signals, each scored 0..100
 * from the customer's inputs (struct tt_customer in model.h).  The defaults are
 * exactly the seed's "Pattern 3: Customer Health Scoring":
 *
 *   product_usage     0.3   min(100, login_days_last_30 / 30 * 100 * 1.5)
 *   feature_adoption  0.2   core features used / core features * 100
 *   support_sentiment 0.15  70 with no tickets, else resolved / tickets * 100
 *   expansion_signals 0.15  growth = current / (previous || 1):
 *                           > 1.2 -> 100, > 1.0 -> 70, > 0.8 -> 40, else 10
 *   payment_health    0.2   failed payments > 2 -> 20, > 0 -> 60, else 100
 *
 * score = Math.round(weighted sum) (JavaScript rounding: .5 goes up, also for
 * negatives); the status compares the UNROUNDED sum: healthy >= 70, at-risk
 * >= 40, else critical.  Everything is configurable (config `health:`, parsed
 * and validated by tt_health_config_from_node).
 *
 * Decisions beyond the seed:
 *  - Weights that do not sum to 1 are normalised (the sum is divided by the sum
 *    of the weights), so a team may set one weight to 0 to drop a signal.  When
 *    they sum to 1 (within 1e-9) nothing is divided, so results are bit-exact
 *    with the seed.  Negative weights and an all-zero set are rejected.
 *  - Unknown inputs (-1 in struct tt_customer) count as 0: no logins, no
 *    tickets (neutral 70), no usage, no failed payments.
 *  - A core feature named several times in features_used counts once (the
 *    seed's filter would count it twice and could exceed 100).  Names are
 *    compared exactly after trimming spaces.
 *  - Bands: the first band whose `above` is below the value wins, else
 *    `otherwise` (the seed's if-chain).
 */
#ifndef TICKETTY_HEALTH_H
#define TICKETTY_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/config.h"
#include "ticketty/err.h"
#include "ticketty/model.h"

enum tt_health_status {
    TT_HEALTH_HEALTHY,
    TT_HEALTH_AT_RISK,
    TT_HEALTH_CRITICAL,
    TT_HEALTH__COUNT
};
const char *tt_health_status_name(enum tt_health_status s); /* healthy, at-risk, critical */
int tt_health_status_from_name(const char *name);           /* -1 if unknown */

enum tt_health_signal {
    TT_SIG_PRODUCT_USAGE,
    TT_SIG_FEATURE_ADOPTION,
    TT_SIG_SUPPORT_SENTIMENT,
    TT_SIG_EXPANSION,
    TT_SIG_PAYMENT,
    TT_SIG__COUNT
};
const char *tt_health_signal_name(enum tt_health_signal s); /* "product_usage", ... */
int tt_health_signal_from_name(const char *name);           /* -1 if unknown */

#define TT_HEALTH_MAX_BANDS 8
struct tt_health_band {
    double above; /* value > above ... */
    double score; /* ... scores this */
};
struct tt_health_bands {
    struct tt_health_band band[TT_HEALTH_MAX_BANDS]; /* `above` strictly decreasing */
    size_t n;
    double otherwise;
};

struct tt_health_config {
    double weight[TT_SIG__COUNT];
    double usage_days;       /* product_usage.days (30) */
    double usage_multiplier; /* product_usage.multiplier (1.5) */
    char **core_features;    /* owned */
    size_t n_core_features;
    double no_tickets_score;          /* support_sentiment.no_tickets (70) */
    struct tt_health_bands expansion; /* on growth = current / (previous || 1) */
    struct tt_health_bands payment;   /* on failed payments in the last 90 days */
    double healthy_min;               /* status.healthy (70) */
    double at_risk_min;               /* status.at_risk (40) */
    double failing_below;             /* a signal below this is named in alerts (40) */
    double alert_mrr;                 /* alert CSMs for customers with mrr >= this (1000) */
    int history_days; /* history_days: rows older than this are pruned (730; 0 = keep all) */
    /* Where CSM alerts go (health.notify): "csm" = the customer's CSM when it
     * is an e-mail address, "webhook" = notify.webhook_url, an http(s) URL, or
     * e-mail addresses.  Default: csm, webhook.  Unconfigured ones are skipped. */
    char **notify; /* owned */
    size_t n_notify;
};

/* The seed's configuration. */
void tt_health_config_default(struct tt_health_config *c);
/* Defaults overlaid with the `health:` section `node` (NULL = defaults only).
 * Errors name "file:line: health.KEY: ...".  On error c holds the defaults. */
int tt_health_config_from_node(struct tt_health_config *c, const struct tt_conf_node *node,
                               const char *file, struct tt_err *err);
void tt_health_config_clear(struct tt_health_config *c);
/* Validator for the TT_OPT_SECTION row `health` of the options table. */
int tt_health_config_validate(const struct tt_conf_node *node, const char *file,
                              struct tt_err *err);

/* JavaScript's Math.round: the nearest integer, halves rounded up (2.5 -> 3,
 * -2.5 -> -2). */
double tt_health_round(double x);

/* One signal's score, 0..100 with the default bands. */
double tt_health_signal_score(const struct tt_health_config *cfg, enum tt_health_signal s,
                              const struct tt_customer *c);

struct tt_health_result {
    double signal[TT_SIG__COUNT]; /* each signal's score */
    double raw;                   /* the weighted sum, unrounded */
    int score;                    /* tt_health_round(raw) */
    enum tt_health_status status; /* from raw */
};
void tt_health_score(const struct tt_health_config *cfg, const struct tt_customer *c,
                     struct tt_health_result *out);
/* The status of a weighted score (healthy >= healthy_min, ...). */
enum tt_health_status tt_health_status_of(const struct tt_health_config *cfg, double score);
/* Bit (1u << signal) for each signal scoring below failing_below. */
unsigned tt_health_failing(const struct tt_health_config *cfg, const struct tt_health_result *r);

/* Whether a customer moving from status `prev` (-1: never scored) to `now`
 * raises a CSM alert: it becomes critical and its MRR is at least alert_mrr.
 * Staying critical raises nothing, so repeated runs send one alert per
 * transition. */
bool tt_health_should_alert(const struct tt_health_config *cfg, int prev, enum tt_health_status now,
                            double mrr);

/* A CSM's manual override: replaces the computed score until `until`
 * (exclusive).  The computed score is still stored next to it. */
struct tt_health_override {
    int score;
    char *reason;
    char *by;
    int64_t until;
    int64_t set_at;
};
void tt_health_override_clear(struct tt_health_override *o);
bool tt_health_override_active(const struct tt_health_override *o, int64_t now);

/* Trend over a series of daily scores, oldest first: last minus first
 * (0 for fewer than two).  */
int tt_health_trend(const int *scores, size_t n);
/* "up", "down" or "flat" for a trend delta (|delta| < 3 is flat). */
const char *tt_health_trend_word(int delta);
/* A sparkline of the scores (0..100, oldest first) with the block characters
 * U+2581..U+2588, one per score, into out (NUL-terminated, cut to fit). */
void tt_health_sparkline(const int *scores, size_t n, char *out, size_t size);

/* The UTC day "YYYY-MM-DD" of t. */
char *tt_health_day(int64_t t, char out[static 11]);

/* Area under the ROC curve of `score` as a predictor of staying (churned[i] ==
 * 0) versus churning (1): the probability that a random retained customer
 * scores higher than a random churned one, ties counting one half.  So 1.0 is
 * a perfect health score, 0.5 a useless one.  -1 when either class is empty. */
int tt_health_auc(const double *score, const unsigned char *churned, size_t n, double *auc_out);

/* ---- customer import rows -------------------------------------------------
 * The columns of `ticketty import customers` (CSV header names, JSON keys), in
 * this order: id, name, plan, mrr, csm, subscription_status, login_days_last_30,
 * features_used (';'-separated), tickets_last_90_days,
 * resolved_tickets_last_90_days, current_month_usage, previous_month_usage,
 * failed_payments_last_90_days.  Only id is required; an empty value is
 * "not given" (an update keeps the stored value; unknown support figures are
 * derived from the store's tickets when scoring). */
enum {
    TT_CCOL_ID,
    TT_CCOL_NAME,
    TT_CCOL_PLAN,
    TT_CCOL_MRR,
    TT_CCOL_CSM,
    TT_CCOL_SUBSCRIPTION_STATUS,
    TT_CCOL_LOGIN_DAYS,
    TT_CCOL_FEATURES,
    TT_CCOL_TICKETS,
    TT_CCOL_RESOLVED,
    TT_CCOL_CURRENT_USAGE,
    TT_CCOL_PREVIOUS_USAGE,
    TT_CCOL_FAILED_PAYMENTS,
    TT_CCOL__COUNT
};
extern const char *const tt_customer_columns[TT_CCOL__COUNT];
/* Check one row's values (NULL or "" = not given) and fill c (strings are heap
 * copies; release with tt_customer_clear).  The error names the column:
 * "mrr: \"abc\" is not a number".  Checks: id present, numbers are numbers >= 0,
 * counts are whole, login days 0..31, tickets and resolved given together
 * with resolved <= tickets,
 * subscription_status one word of [a-z_-].  mrr is -1 when not given (the
 * importer keeps the stored value, else 0). */
int tt_customer_from_columns(const char *const values[TT_CCOL__COUNT], struct tt_customer *c,
                             struct tt_err *err);

#endif
