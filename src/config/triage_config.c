/*
 * triage_config.c: the `triage:` configuration section, its defaults and its
 * validation.  Every error names file:line and the key.
 *
 *   triage:
 *     mode: suggest                 # or apply: set fields through the outbox
 *     apply_min_confidence: 0.9     # apply mode sets the category only at/above
 *     elevate:                      # replaces the default list; levels of the
 *       - {mrr_at_least: 5000, levels: 1}   #  matching rules: the largest counts
 *       - {plan: enterprise, levels: 1}
 *     churn:
 *       phrases: ["pull the plug"]  # added to the built-in English/Chinese list
 *       builtin_phrases: true
 *       labels: [cancellation]      # model categories meaning churn intent
 *       min_confidence: 0.5
 *       tag: churn-risk
 *     routing:                      # first match wins; omitted keys match any
 *       - {category: billing, group: Billing}
 *       - {priority: urgent, group: Escalations}
 *       - {group: Support}
 *     auto_response:
 *       min_confidence: 0.9         # drafts only above this
 *       send: false                 # true: the draft may be sent (explicit opt-in)
 *       templates:
 *         billing: "Hi {name}, thanks for reaching out about {subject} ..."
 *         "*": "..."                # any other category
 *     classifier: builtin           # or llm (an OpenAI-compatible endpoint)
 *     llm:
 *       url: http://127.0.0.1:11434/v1
 *       model: llama3.1
 *       key_env: OPENAI_API_KEY     # the API key is read from this variable
 *       timeout: 30
 *       labels: [billing, login]    # when no built-in model is trained
 *       max_confidence: 0.9         # the LLM's confidence is not calibrated
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ticketty/triage.h"
#include "ticketty/util.h"

static const char *const default_phrases[] = {
    /* English */
    "cancel my subscription", "cancel our subscription", "cancel the subscription",
    "cancel subscription", "cancel my account", "cancel our account", "cancel my plan",
    "cancel our plan", "cancel our contract", "cancel my membership", "close my account",
    "close our account", "delete my account", "terminate our contract", "terminate my account",
    "terminate the contract", "unsubscribe", "not renew", "won't renew", "will not be renewing",
    "won't be renewing", "switching to a competitor", "switch to a competitor",
    "moving to a competitor", "we are leaving", "we're leaving", "looking for alternatives",
    "churn",
    /* Chinese */
    "取消订阅", "取消账户", "取消账号", "取消服务", "取消套餐", "注销账户", "注销账号", "关闭账户",
    "关闭账号", "销户", "退订", "解约", "终止合同", "终止合作", "不再续费", "不续费", "不再续约",
    "不续约", "停止使用", "换到其他", "转用其他", "改用其他"};

static const char *const default_labels[] = {"cancellation", "cancel", "churn", "terminate_account",
                                             "close_account"};

static const char default_template[] =
    "Hi {name},\n\nthanks for contacting us about \"{subject}\". We have filed it as {category} "
    "and an agent is looking at it now; we will reply as soon as we can.";

static char **strv_dup(const char *const *v, size_t n)
{
    char **out = xcalloc(n ? n : 1, sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = xstrdup(v[i]);
    return out;
}

static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void tt_triage_config_default(struct tt_triage_config *c)
{
    memset(c, 0, sizeof *c);
    c->mode = TT_TRIAGE_SUGGEST;
    c->apply_min_confidence = 0.9;
    c->n_elevate = 1;
    c->elevate = xcalloc(1, sizeof *c->elevate);
    c->elevate[0] = (struct tt_triage_elevate){.mrr_at_least = 5000, .plan = NULL, .levels = 1};
    c->n_churn_phrases = TT_ARRAY_LEN(default_phrases);
    c->churn_phrases = strv_dup(default_phrases, c->n_churn_phrases);
    c->n_churn_labels = TT_ARRAY_LEN(default_labels);
    c->churn_labels = strv_dup(default_labels, c->n_churn_labels);
    c->churn_min_confidence = 0.5;
    c->churn_tag = xstrdup("churn-risk");
    c->draft_min_confidence = 0.9;
    c->draft_send = false;
    c->n_templates = 1;
    c->templates = xcalloc(1, sizeof *c->templates);
    c->templates[0].category = xstrdup("*");
    c->templates[0].text = xstrdup(default_template);
    c->use_llm = false;
    c->llm_timeout = 30;
    c->llm_max_confidence = 0.9;
}

void tt_triage_config_clear(struct tt_triage_config *c)
{
    for (size_t i = 0; i < c->n_elevate; i++)
        free(c->elevate[i].plan);
    free(c->elevate);
    strv_free(c->churn_phrases, c->n_churn_phrases);
    strv_free(c->churn_labels, c->n_churn_labels);
    free(c->churn_tag);
    for (size_t i = 0; i < c->n_routes; i++) {
        free(c->routes[i].category);
        free(c->routes[i].group);
    }
    free(c->routes);
    for (size_t i = 0; i < c->n_templates; i++) {
        free(c->templates[i].category);
        free(c->templates[i].text);
    }
    free(c->templates);
    free(c->llm_url);
    free(c->llm_model);
    free(c->llm_key_env);
    strv_free(c->llm_labels, c->n_llm_labels);
    memset(c, 0, sizeof *c);
}

/* The validators' error and number helpers are shared: tt_conf_fail and
 * tt_conf_num (src/config/conf_check.c). */

static int boolean(struct tt_conf_ctx *x, const struct tt_conf_node *n, const char *key, bool *out)
{
    if (n->kind == TT_CONF_SCALAR) {
        const char *v = n->value;
        if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on")) {
            *out = true;
            return 0;
        }
        if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off")) {
            *out = false;
            return 0;
        }
    }
    return tt_conf_fail(x, n, key, "expected true or false");
}

static int text(struct tt_conf_ctx *x, const struct tt_conf_node *n, const char *key, char **out)
{
    if (n->kind != TT_CONF_SCALAR || !n->value[0])
        return tt_conf_fail(x, n, key, "expected a non-empty text");
    free(*out);
    *out = xstrdup(n->value);
    return 0;
}

/* A list of non-empty texts (a single text counts as a list of one). */
static int text_list(struct tt_conf_ctx *x, const struct tt_conf_node *n, const char *key,
                     char ***out, size_t *n_out, bool append)
{
    size_t count = n->kind == TT_CONF_SEQ ? n->n_items : 1;
    if (n->kind == TT_CONF_MAP)
        return tt_conf_fail(x, n, key, "expected a list of texts");
    for (size_t i = 0; i < count; i++) {
        const struct tt_conf_node *it = n->kind == TT_CONF_SEQ ? &n->items[i] : n;
        if (it->kind != TT_CONF_SCALAR || !it->value[0])
            return tt_conf_fail(x, it, key, "each entry is a non-empty text");
    }
    if (!append) {
        strv_free(*out, *n_out);
        *out = NULL;
        *n_out = 0;
    }
    *out = xrealloc(*out, (*n_out + count + 1) * sizeof **out);
    for (size_t i = 0; i < count; i++) {
        const struct tt_conf_node *it = n->kind == TT_CONF_SEQ ? &n->items[i] : n;
        /* Phrases and labels compare case-insensitively: keep them lower-case. */
        char *s = xstrdup(it->value);
        for (char *p = s; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p + 'a' - 'A');
        (*out)[(*n_out)++] = s;
    }
    return 0;
}

static int parse_elevate(struct tt_conf_ctx *x, struct tt_triage_config *c,
                         const struct tt_conf_node *n)
{
    if (n->kind != TT_CONF_SEQ)
        return tt_conf_fail(x, n, "elevate", "expected a list of {mrr_at_least | plan, levels}");
    for (size_t i = 0; i < c->n_elevate; i++)
        free(c->elevate[i].plan);
    free(c->elevate);
    c->n_elevate = 0;
    c->elevate = xcalloc(n->n_items ? n->n_items : 1, sizeof *c->elevate);
    for (size_t i = 0; i < n->n_items; i++) {
        const struct tt_conf_node *it = &n->items[i], *v;
        char k[64];
        snprintf(k, sizeof k, "elevate[%zu]", i);
        static const char *const keys[] = {"mrr_at_least", "plan", "levels", NULL};
        if (tt_conf_only_keys(x, it, k, keys) < 0)
            return -1;
        struct tt_triage_elevate *e = &c->elevate[c->n_elevate++];
        e->mrr_at_least = -1;
        e->levels = 1;
        if ((v = tt_conf_get(it, "mrr_at_least")) &&
            tt_conf_num(x, v, k, 0, 1e15, &e->mrr_at_least) < 0)
            return -1;
        if ((v = tt_conf_get(it, "plan")) && text(x, v, k, &e->plan) < 0)
            return -1;
        double lv = 1;
        if ((v = tt_conf_get(it, "levels")) && tt_conf_num(x, v, k, 1, 3, &lv) < 0)
            return -1;
        if (lv != floor(lv))
            return tt_conf_fail(x, v, k, "levels is a whole number (1..3)");
        e->levels = (int)lv;
        if ((e->mrr_at_least < 0) == (e->plan == NULL))
            return tt_conf_fail(x, it, k, "a rule needs exactly one of mrr_at_least or plan");
    }
    return 0;
}

static int parse_routing(struct tt_conf_ctx *x, struct tt_triage_config *c,
                         const struct tt_conf_node *n)
{
    if (n->kind != TT_CONF_SEQ)
        return tt_conf_fail(x, n, "routing", "expected a list of {category, priority, group}");
    c->routes = xcalloc(n->n_items ? n->n_items : 1, sizeof *c->routes);
    for (size_t i = 0; i < n->n_items; i++) {
        const struct tt_conf_node *it = &n->items[i], *v;
        char k[64];
        snprintf(k, sizeof k, "routing[%zu]", i);
        static const char *const keys[] = {"category", "priority", "group", NULL};
        if (tt_conf_only_keys(x, it, k, keys) < 0)
            return -1;
        struct tt_triage_route *r = &c->routes[c->n_routes++];
        r->priority = -1;
        if ((v = tt_conf_get(it, "category")) && text(x, v, k, &r->category) < 0)
            return -1;
        if ((v = tt_conf_get(it, "priority"))) {
            if (v->kind != TT_CONF_SCALAR || (r->priority = tt_priority_from_name(v->value)) < 0)
                return tt_conf_fail(x, v, k, "priority is low, normal, high or urgent");
        }
        if (!(v = tt_conf_get(it, "group")))
            return tt_conf_fail(x, it, k, "a route needs a group");
        if (text(x, v, k, &r->group) < 0)
            return -1;
    }
    return 0;
}

static int parse_auto(struct tt_conf_ctx *x, struct tt_triage_config *c,
                      const struct tt_conf_node *n)
{
    static const char *const keys[] = {"min_confidence", "send", "templates", NULL};
    if (tt_conf_only_keys(x, n, "auto_response", keys) < 0)
        return -1;
    const struct tt_conf_node *v;
    if ((v = tt_conf_get(n, "min_confidence")) &&
        tt_conf_num(x, v, "auto_response.min_confidence", 0.5, 1, &c->draft_min_confidence) < 0)
        return -1;
    if ((v = tt_conf_get(n, "send")) && boolean(x, v, "auto_response.send", &c->draft_send) < 0)
        return -1;
    if ((v = tt_conf_get(n, "templates"))) {
        if (v->kind != TT_CONF_MAP)
            return tt_conf_fail(x, v, "auto_response.templates", "expected category: text entries");
        for (size_t i = 0; i < c->n_templates; i++) {
            free(c->templates[i].category);
            free(c->templates[i].text);
        }
        free(c->templates);
        c->n_templates = 0;
        c->templates = xcalloc(v->n_items ? v->n_items : 1, sizeof *c->templates);
        for (size_t i = 0; i < v->n_items; i++) {
            const struct tt_conf_node *it = &v->items[i];
            char k[256];
            snprintf(k, sizeof k, "auto_response.templates.%s", it->key);
            struct tt_triage_template *t = &c->templates[c->n_templates++];
            t->category = xstrdup(it->key);
            if (text(x, it, k, &t->text) < 0)
                return -1;
        }
    }
    return 0;
}

static int parse_llm(struct tt_conf_ctx *x, struct tt_triage_config *c,
                     const struct tt_conf_node *n)
{
    static const char *const keys[] = {"url",    "model",          "key_env", "timeout",
                                       "labels", "max_confidence", NULL};
    if (tt_conf_only_keys(x, n, "llm", keys) < 0)
        return -1;
    const struct tt_conf_node *v;
    if ((v = tt_conf_get(n, "url"))) {
        if (text(x, v, "llm.url", &c->llm_url) < 0)
            return -1;
        if (strncmp(c->llm_url, "https://", 8) != 0 && strncmp(c->llm_url, "http://", 7) != 0)
            return tt_conf_fail(x, v, "llm.url", "expected an http(s) URL");
    }
    if ((v = tt_conf_get(n, "model")) && text(x, v, "llm.model", &c->llm_model) < 0)
        return -1;
    if ((v = tt_conf_get(n, "key_env")) && text(x, v, "llm.key_env", &c->llm_key_env) < 0)
        return -1;
    double t = c->llm_timeout;
    if ((v = tt_conf_get(n, "timeout")) && tt_conf_num(x, v, "llm.timeout", 1, 600, &t) < 0)
        return -1;
    c->llm_timeout = (int)t;
    if ((v = tt_conf_get(n, "labels"))) {
        /* Labels keep their case: they are the categories the LLM must name. */
        size_t count = v->kind == TT_CONF_SEQ ? v->n_items : 0;
        if (v->kind != TT_CONF_SEQ || count == 0)
            return tt_conf_fail(x, v, "llm.labels", "expected a non-empty list of labels");
        for (size_t i = 0; i < count; i++)
            if (v->items[i].kind != TT_CONF_SCALAR || !v->items[i].value[0])
                return tt_conf_fail(x, &v->items[i], "llm.labels",
                                    "each label is a non-empty text");
        strv_free(c->llm_labels, c->n_llm_labels);
        c->llm_labels = xcalloc(count, sizeof *c->llm_labels);
        c->n_llm_labels = count;
        for (size_t i = 0; i < count; i++)
            c->llm_labels[i] = xstrdup(v->items[i].value);
    }
    if ((v = tt_conf_get(n, "max_confidence")) &&
        tt_conf_num(x, v, "llm.max_confidence", 0, 1, &c->llm_max_confidence) < 0)
        return -1;
    return 0;
}

static int parse(struct tt_conf_ctx *x, struct tt_triage_config *c, const struct tt_conf_node *node)
{
    if (node->kind != TT_CONF_MAP)
        return tt_errf(x->err, "%s:%d: triage: expected a mapping", x->file, node->line);
    static const char *const top[] = {"mode",    "apply_min_confidence", "elevate",    "churn",
                                      "routing", "auto_response",        "classifier", "llm",
                                      NULL};
    if (tt_conf_only_keys(x, node, "", top) < 0)
        return -1;
    const struct tt_conf_node *n, *v;
    if ((n = tt_conf_get(node, "mode"))) {
        if (n->kind == TT_CONF_SCALAR && strcmp(n->value, "suggest") == 0)
            c->mode = TT_TRIAGE_SUGGEST;
        else if (n->kind == TT_CONF_SCALAR && strcmp(n->value, "apply") == 0)
            c->mode = TT_TRIAGE_APPLY;
        else
            return tt_conf_fail(x, n, "mode", "expected suggest or apply");
    }
    if ((n = tt_conf_get(node, "apply_min_confidence")) &&
        tt_conf_num(x, n, "apply_min_confidence", 0, 1, &c->apply_min_confidence) < 0)
        return -1;
    if ((n = tt_conf_get(node, "elevate")) && parse_elevate(x, c, n) < 0)
        return -1;
    if ((n = tt_conf_get(node, "churn"))) {
        static const char *const keys[] = {
            "phrases", "builtin_phrases", "labels", "min_confidence", "tag", NULL};
        if (tt_conf_only_keys(x, n, "churn", keys) < 0)
            return -1;
        bool builtin = true;
        if ((v = tt_conf_get(n, "builtin_phrases")) &&
            boolean(x, v, "churn.builtin_phrases", &builtin) < 0)
            return -1;
        if (!builtin) {
            strv_free(c->churn_phrases, c->n_churn_phrases);
            c->churn_phrases = NULL;
            c->n_churn_phrases = 0;
        }
        if ((v = tt_conf_get(n, "phrases")) &&
            text_list(x, v, "churn.phrases", &c->churn_phrases, &c->n_churn_phrases, true) < 0)
            return -1;
        if ((v = tt_conf_get(n, "labels")) &&
            text_list(x, v, "churn.labels", &c->churn_labels, &c->n_churn_labels, false) < 0)
            return -1;
        if ((v = tt_conf_get(n, "min_confidence")) &&
            tt_conf_num(x, v, "churn.min_confidence", 0, 1, &c->churn_min_confidence) < 0)
            return -1;
        if ((v = tt_conf_get(n, "tag"))) {
            if (text(x, v, "churn.tag", &c->churn_tag) < 0)
                return -1;
            if (strpbrk(c->churn_tag, " \t\n"))
                return tt_conf_fail(x, v, "churn.tag", "a tag has no spaces");
        }
    }
    if ((n = tt_conf_get(node, "routing")) && parse_routing(x, c, n) < 0)
        return -1;
    if ((n = tt_conf_get(node, "auto_response")) && parse_auto(x, c, n) < 0)
        return -1;
    if ((n = tt_conf_get(node, "llm")) && parse_llm(x, c, n) < 0)
        return -1;
    if ((n = tt_conf_get(node, "classifier"))) {
        if (n->kind == TT_CONF_SCALAR && strcmp(n->value, "builtin") == 0)
            c->use_llm = false;
        else if (n->kind == TT_CONF_SCALAR && strcmp(n->value, "llm") == 0)
            c->use_llm = true;
        else
            return tt_conf_fail(x, n, "classifier", "expected builtin or llm");
        if (c->use_llm && !c->llm_url)
            return tt_conf_fail(x, n, "classifier", "llm needs triage.llm.url");
    }
    return 0;
}

int tt_triage_config_from_node(struct tt_triage_config *c, const struct tt_conf_node *node,
                               const char *file, struct tt_err *err)
{
    tt_triage_config_default(c);
    if (!node)
        return 0;
    struct tt_conf_ctx x = {.file = file ? file : "config", .section = "triage", .err = err};
    if (parse(&x, c, node) < 0) {
        tt_triage_config_clear(c);
        tt_triage_config_default(c);
        return -1;
    }
    return 0;
}

int tt_triage_config_validate(const struct tt_conf_node *node, const char *file, struct tt_err *err)
{
    struct tt_triage_config c;
    int rc = tt_triage_config_from_node(&c, node, file, err);
    tt_triage_config_clear(&c);
    return rc;
}
