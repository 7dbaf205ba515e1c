/*
 * health_util.c: see health_util.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "health_util.h"
#include "ticketty/notify.h"
#include "ticketty/util.h"

int tt_health_cmd_config(struct tt_ctx *ctx, struct tt_health_config *cfg, struct tt_err *err)
{
    const char *path = ctx->config ? tt_config_path(ctx->config) : NULL;
    return tt_health_config_from_node(cfg,
                                      ctx->config ? tt_config_section(ctx->config, "health") : NULL,
                                      path ? path : "config", err);
}

int64_t tt_health_trend_since(int64_t now)
{
    return now - 30 * 86400;
}

static json_t *signals_json(const struct tt_health_config *cfg, const double *signal)
{
    json_t *a = json_array();
    for (int i = 0; i < TT_SIG__COUNT; i++) {
        json_t *s = json_object();
        json_object_set_new(s, "name",
                            json_string(tt_health_signal_name((enum tt_health_signal)i)));
        json_object_set_new(s, "score", json_real(signal[i]));
        if (cfg)
            json_object_set_new(s, "weight", json_real(cfg->weight[i]));
        json_array_append_new(a, s);
    }
    return a;
}

json_t *tt_health_json_entry(const struct tt_health_config *cfg, const struct tt_health_entry *e)
{
    const struct tt_customer *c = &e->customer;
    json_t *o = json_object();
    json_object_set_new(o, "customer_id", tt_json_str(c->key));
    json_object_set_new(o, "name", tt_json_str(c->name));
    json_object_set_new(o, "mrr", json_real(c->mrr));
    json_object_set_new(o, "score", json_integer(e->cur.effective_score));
    json_object_set_new(o, "status", json_string(tt_health_status_name(e->cur.effective_status)));
    json_object_set_new(o, "signals", signals_json(cfg, e->cur.signal));
    json_object_set_new(o, "computed_score", json_integer(e->cur.score));
    json_object_set_new(o, "computed_status", json_string(tt_health_status_name(e->cur.status)));
    json_object_set_new(o, "raw_score", json_real(e->cur.raw));
    if (e->override_active) {
        json_t *ov = json_object();
        json_object_set_new(ov, "score", json_integer(e->ov.score));
        json_object_set_new(ov, "reason", tt_json_str(e->ov.reason));
        json_object_set_new(ov, "by", tt_json_str(e->ov.by));
        json_object_set_new(ov, "until", tt_json_time(e->ov.until));
        json_object_set_new(ov, "set_at", tt_json_time(e->ov.set_at));
        json_object_set_new(o, "override", ov);
    } else {
        json_object_set_new(o, "override", json_null());
    }
    json_object_set_new(o, "trend", json_integer(e->trend));
    json_object_set_new(o, "plan", tt_json_str(c->plan));
    json_object_set_new(o, "csm", tt_json_str(c->csm));
    json_object_set_new(o, "scored_at", tt_json_time(e->cur.at));
    return o;
}

json_t *tt_health_json_row(const struct tt_health_row *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "day", json_string(r->day));
    json_object_set_new(o, "score", json_integer(r->effective_score));
    json_object_set_new(o, "status", json_string(tt_health_status_name(r->effective_status)));
    json_object_set_new(o, "computed_score", json_integer(r->score));
    json_object_set_new(o, "computed_status", json_string(tt_health_status_name(r->status)));
    json_object_set_new(o, "overridden", json_boolean(r->overridden));
    json_object_set_new(o, "signals", signals_json(NULL, r->signal));
    return o;
}

json_t *tt_health_json_alert(const struct tt_health_alert *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "customer_id", tt_json_str(a->customer_key));
    json_object_set_new(o, "name", tt_json_str(a->customer_name));
    json_object_set_new(o, "csm", tt_json_str(a->csm));
    json_object_set_new(o, "mrr", json_real(a->mrr));
    json_object_set_new(o, "score", json_integer(a->score));
    json_object_set_new(o, "previous_status", tt_json_str(a->previous_status));
    json_t *f = json_array();
    const char *p = a->failing;
    while (p && *p) {
        const char *e = strchr(p, ';');
        char *one = e ? xstrndup(p, (size_t)(e - p)) : xstrdup(p);
        char *eq = strchr(one, '=');
        if (eq) {
            *eq = '\0';
            json_t *s = json_object();
            json_object_set_new(s, "name", json_string(one));
            json_object_set_new(s, "score", json_real(strtod(eq + 1, NULL)));
            json_array_append_new(f, s);
        }
        free(one);
        p = e ? e + 1 : NULL;
    }
    json_object_set_new(o, "failing_signals", f);
    json_object_set_new(o, "at", tt_json_time(a->at));
    json_object_set_new(o, "sent_at", tt_json_time(a->sent_at));
    json_object_set_new(o, "attempts", json_integer(a->attempts));
    json_object_set_new(o, "last_error", tt_json_str(a->last_error));
    return o;
}

int tt_health_json_print(json_t *v)
{
    /* 15 significant digits: weights print as 0.3, not 0.29999999999999999. */
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(v);
    if (!s)
        return -1;
    puts(s);
    free(s);
    return 0;
}

/* "product_usage 10, payment_health 20" from "product_usage=10;payment_health=20". */
static char *failing_words(const char *failing)
{
    struct tt_buf b = {0};
    for (const char *p = failing ? failing : ""; *p;) {
        const char *e = strchr(p, ';');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (b.len)
            tt_buf_puts(&b, ", ");
        for (size_t i = 0; i < n; i++)
            tt_buf_putc(&b, p[i] == '=' ? ' ' : p[i]);
        p += n + (e ? 1 : 0);
    }
    return b.data ? tt_buf_steal(&b) : xstrdup("none below the threshold");
}

int tt_health_send_alerts(struct tt_ctx *ctx, struct tt_store *st,
                          const struct tt_health_config *hc, int64_t now,
                          struct tt_health_alert_report *rep, struct tt_err *err)
{
    memset(rep, 0, sizeof *rep);
    struct tt_health_alert *list;
    size_t n;
    if (tt_store_health_alerts_pending(st, &list, &n, err) < 0)
        return -1;
    struct tt_notify_config nc;
    tt_notify_config_load(&nc, ctx->config);
    bool have_webhook = nc.webhook_url && *nc.webhook_url;
    bool have_smtp = nc.smtp_url && *nc.smtp_url;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const struct tt_health_alert *a = &list[i];
        const char *name = a->customer_name ? a->customer_name : a->customer_key;
        char *title = xasprintf("Customer health: %s is critical (score %d)", name, a->score);
        char *failing = failing_words(a->failing);
        char *text = xasprintf("%s (%s), MRR %.2f, CSM %s\n"
                               "Status: %s -> critical, score %d\n"
                               "Failing signals: %s\n"
                               "Details: ticketty health show %s",
                               name, a->customer_key, a->mrr, a->csm ? a->csm : "none",
                               a->previous_status ? a->previous_status : "new", a->score, failing,
                               a->customer_key);
        struct tt_notice notice = {.title = title, .text = text, .severity = "critical"};
        size_t tried = 0, delivered = 0;
        struct tt_buf errors = {0};
        for (size_t d = 0; d < hc->n_notify && rc == 0; d++) {
            const char *dest = hc->notify[d];
            if (strcmp(dest, "csm") == 0) {
                if (!have_smtp || !a->csm || !strchr(a->csm, '@'))
                    continue;
                dest = a->csm;
            } else if (strcmp(dest, "webhook") == 0) {
                if (!have_webhook)
                    continue;
            } else if (!tt_has_prefix(dest, "http://") && !tt_has_prefix(dest, "https://") &&
                       !have_smtp) {
                continue;
            }
            tried++;
            bool done;
            if (tt_store_health_alert_was_delivered(st, a->id, dest, &done, err) < 0) {
                rc = -1;
                break;
            }
            if (done) { /* accepted on an earlier run: only the others are retried */
                delivered++;
                continue;
            }
            struct tt_err e;
            if (tt_notify_send(&nc, dest, &notice, &e) == 0) {
                delivered++;
                if (tt_store_health_alert_delivered(st, a->id, dest, now, err) < 0)
                    rc = -1;
            } else {
                if (errors.len)
                    tt_buf_puts(&errors, "; ");
                tt_buf_puts(&errors, e.msg);
            }
        }
        if (rc < 0) {
            /* the store failed: leave the alert pending as it is */
        } else if (!tried) {
            rep->unconfigured++;
        } else {
            bool all = delivered == tried;
            if (all)
                rep->sent++;
            else
                rep->failed++;
            if (errors.len)
                fprintf(stderr, "ticketty: health alert for %s: %s\n", a->customer_key,
                        tt_buf_str(&errors));
            rc = tt_store_health_alert_done(st, a->id, all ? now : 0,
                                            errors.len ? tt_buf_str(&errors) : NULL, err);
        }
        tt_buf_free(&errors);
        free(title);
        free(text);
        free(failing);
    }
    tt_health_alert_list_free(list, n);
    return rc;
}

int tt_health_demo_seed(struct tt_ctx *ctx, struct tt_store *st, uint64_t seed,
                        struct tt_health_update_stats *stats, struct tt_err *err)
{
    struct tt_health_config cfg;
    if (tt_health_cmd_config(ctx, &cfg, err) < 0)
        return -1;
    int64_t now = tt_now();
    int rc = tt_store_health_demo_history(st, &cfg, now, TT_HEALTH_DEMO_DAYS, seed, err);
    if (rc == 0)
        rc = tt_store_health_update(st, &cfg, now, stats, err);
    tt_health_config_clear(&cfg);
    return rc;
}
