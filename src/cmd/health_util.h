/*
 * health_util.h: what the health commands share (configuration, customer
 * lookup and the JSON shapes of `health list` and `health show`).
 */
#ifndef TICKETTY_HEALTH_UTIL_H
#define TICKETTY_HEALTH_UTIL_H

#include <jansson.h>

#include "ticketty/cmd.h"
#include "ticketty/store_health.h"

/* The health configuration of this invocation (defaults + config file). */
int tt_health_cmd_config(struct tt_ctx *ctx, struct tt_health_config *cfg, struct tt_err *err);
/* The trend window: 30 days before now. */
int64_t tt_health_trend_since(int64_t now);
/* {customer_id, name, mrr, score, status, signals[{name, score, weight}], computed_score,
 *  computed_status, raw, override, trend, plan, csm, scored_at} */
json_t *tt_health_json_entry(const struct tt_health_config *cfg, const struct tt_health_entry *e);
json_t *tt_health_json_row(const struct tt_health_row *r);
json_t *tt_health_json_alert(const struct tt_health_alert *a);

/* Print v (stealing it) indented, reals with 15 significant digits. */
int tt_health_json_print(json_t *v);

/* Deliver every pending CSM alert (new ones and earlier failures) to the
 * destinations of health.notify through the notifier (notify.h) and record
 * each attempt.  An alert counts as sent when every configured destination
 * took it; until then it stays pending and the next run retries only the
 * destinations that failed (each acceptance is recorded).  With no destination
 * configured it stays pending (counted in unconfigured).
 * -1 only when the store fails. */
struct tt_health_alert_report {
    size_t sent, failed, unconfigured;
};
int tt_health_send_alerts(struct tt_ctx *ctx, struct tt_store *st,
                          const struct tt_health_config *hc, int64_t now,
                          struct tt_health_alert_report *rep, struct tt_err *err);

/* For `demo init`: two weeks of demo history (tt_store_health_demo_history)
 * and today's scoring run (tt_store_health_update), so the health screen and
 * the customer panel are populated.  Alerts it queues are left for the next
 * `health update` to send. */
#define TT_HEALTH_DEMO_DAYS 14
int tt_health_demo_seed(struct tt_ctx *ctx, struct tt_store *st, uint64_t seed,
                        struct tt_health_update_stats *stats, struct tt_err *err);

#endif
