/*
 * health_util.c: see health_util.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "health_util.h"
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
