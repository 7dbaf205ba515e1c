/*
 * triage_rules.c: from the model's suggestion and the customer to a triage
 * outcome (priority, churn risk, group, tags, draft), recording each rule that
 * fired.  Order matters and is fixed:
 *
 *   ticket priority --(priority model, confident)--> base
 *        --(elevation: largest `levels` of the matching MRR / plan rules)-->
 *        --(churn intent: phrase or churn category)--> urgent + tag
 *        --> routing (first match on category and final priority)
 *        --> draft (category confidence above the threshold, template found)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ticketty/triage.h"
#include "ticketty/util.h"

#define PRIORITY_MODEL_MIN 0.6 /* a priority model's suggestion counts from here */

void tt_triage_outcome_clear(struct tt_triage_outcome *o)
{
    free(o->group);
    free(o->tags);
    free(o->rules);
    free(o->draft);
    memset(o, 0, sizeof *o);
}

/* Lower-case ASCII and collapse runs of white space (and curly apostrophes
 * to straight ones) so phrases match however the customer typed them. */
static char *fold(const char *s)
{
    struct tt_buf b = {0};
    int space = 1;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            if (!space)
                tt_buf_putc(&b, ' ');
            space = 1;
            continue;
        }
        space = 0;
        if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0x99) { /* U+2019 */
            tt_buf_putc(&b, '\'');
            p += 2;
            continue;
        }
        tt_buf_putc(&b, (char)(*p >= 'A' && *p <= 'Z' ? *p + 'a' - 'A' : *p));
    }
    return tt_buf_steal(&b);
}

const char *tt_triage_churn_phrase(const struct tt_triage_config *cfg, const char *text)
{
    char *t = fold(text);
    const char *hit = NULL;
    for (size_t i = 0; i < cfg->n_churn_phrases && !hit; i++) {
        char *p = fold(cfg->churn_phrases[i]);
        if (*p && strstr(t, p))
            hit = cfg->churn_phrases[i];
        free(p);
    }
    free(t);
    return hit;
}

static bool is_churn_label(const struct tt_triage_config *cfg, const char *label)
{
    for (size_t i = 0; label && i < cfg->n_churn_labels; i++)
        if (strcasecmp(cfg->churn_labels[i], label) == 0)
            return true;
    return false;
}

static const char *template_for(const struct tt_triage_config *cfg, const char *category)
{
    const char *any = NULL;
    for (size_t i = 0; i < cfg->n_templates; i++) {
        if (strcmp(cfg->templates[i].category, "*") == 0)
            any = cfg->templates[i].text;
        else if (category && strcasecmp(cfg->templates[i].category, category) == 0)
            return cfg->templates[i].text;
    }
    return any;
}

/* Expand {name}, {subject}, {category}; other braces stay as written. */
static char *expand(const char *tpl, const struct tt_triage_input *in)
{
    struct tt_buf b = {0};
    for (const char *p = tpl; *p; p++) {
        const char *val = NULL;
        size_t skip = 0;
        if (strncmp(p, "{name}", 6) == 0)
            val = in->requester && *in->requester ? in->requester : "there", skip = 6;
        else if (strncmp(p, "{subject}", 9) == 0)
            val = in->subject ? in->subject : "", skip = 9;
        else if (strncmp(p, "{category}", 10) == 0)
            val = in->category ? in->category : "", skip = 10;
        if (val) {
            tt_buf_puts(&b, val);
            p += skip - 1;
        } else {
            tt_buf_putc(&b, *p);
        }
    }
    return tt_buf_steal(&b);
}

void tt_triage_decide(const struct tt_triage_config *cfg, const struct tt_triage_input *in,
                      struct tt_triage_outcome *out)
{
    memset(out, 0, sizeof *out);
    struct tt_buf rules = {0}, tags = {0};
    int p = in->priority >= 0 && in->priority < TT_PRIORITY__COUNT ? (int)in->priority
                                                                   : TT_PRIORITY_NORMAL;
    if (in->model_priority >= 0 && in->model_priority < TT_PRIORITY__COUNT &&
        in->priority_confidence >= PRIORITY_MODEL_MIN && in->model_priority != p) {
        tt_buf_printf(&rules, "priority model: %s -> %s (confidence %.2f)\n",
                      tt_priority_name((enum tt_priority)p),
                      tt_priority_name((enum tt_priority)in->model_priority),
                      in->priority_confidence);
        p = in->model_priority;
    }

    /* Elevation: the largest step among the matching rules. */
    int levels = 0;
    const struct tt_triage_elevate *why = NULL;
    for (size_t i = 0; i < cfg->n_elevate; i++) {
        const struct tt_triage_elevate *e = &cfg->elevate[i];
        bool match = e->plan ? (in->plan && strcasecmp(in->plan, e->plan) == 0)
                             : (e->mrr_at_least >= 0 && in->mrr >= e->mrr_at_least);
        if (match && e->levels > levels) {
            levels = e->levels;
            why = e;
        }
    }
    if (levels > 0 && p < TT_PRIORITY_URGENT) {
        int np = p + levels > TT_PRIORITY_URGENT ? TT_PRIORITY_URGENT : p + levels;
        if (why->plan)
            tt_buf_printf(&rules, "plan %s: priority %s -> %s\n", why->plan,
                          tt_priority_name((enum tt_priority)p),
                          tt_priority_name((enum tt_priority)np));
        else
            tt_buf_printf(&rules, "MRR %.0f >= %.0f: priority %s -> %s\n", in->mrr,
                          why->mrr_at_least, tt_priority_name((enum tt_priority)p),
                          tt_priority_name((enum tt_priority)np));
        p = np;
    }

    /* Churn intent: a phrase in the subject or body, or a churn category. */
    char *both = xasprintf("%s\n%s", in->subject ? in->subject : "", in->body ? in->body : "");
    const char *phrase = tt_triage_churn_phrase(cfg, both);
    free(both);
    bool by_model =
        is_churn_label(cfg, in->category) && in->category_confidence >= cfg->churn_min_confidence;
    if (phrase || by_model) {
        out->churn = true;
        if (phrase)
            tt_buf_printf(&rules, "churn intent: phrase \"%s\"", phrase);
        else
            tt_buf_printf(&rules, "churn intent: category %s (confidence %.2f)", in->category,
                          in->category_confidence);
        tt_buf_printf(&rules, ": priority %s -> urgent, tag %s\n",
                      tt_priority_name((enum tt_priority)p), cfg->churn_tag);
        p = TT_PRIORITY_URGENT;
        tt_buf_puts(&tags, cfg->churn_tag);
    }
    out->priority = (enum tt_priority)p;

    for (size_t i = 0; i < cfg->n_routes; i++) {
        const struct tt_triage_route *r = &cfg->routes[i];
        if (r->category && !(in->category && strcasecmp(r->category, in->category) == 0))
            continue;
        if (r->priority >= 0 && r->priority != p)
            continue;
        out->group = xstrdup(r->group);
        tt_buf_printf(&rules, "route %zu", i + 1);
        if (r->category)
            tt_buf_printf(&rules, " (category %s)", r->category);
        if (r->priority >= 0)
            tt_buf_printf(&rules, " (priority %s)", tt_priority_name((enum tt_priority)p));
        tt_buf_printf(&rules, ": group %s\n", r->group);
        break;
    }

    if (in->category && in->category_confidence > cfg->draft_min_confidence) {
        const char *tpl = template_for(cfg, in->category);
        if (tpl) {
            out->draft = expand(tpl, in);
            tt_buf_printf(&rules, "confidence %.2f > %.2f: auto-response draft (%s)\n",
                          in->category_confidence, cfg->draft_min_confidence,
                          cfg->draft_send ? "may be sent" : "for the agent, not sent");
        }
    }
    /* Drop the last newline. */
    if (rules.len && rules.data[rules.len - 1] == '\n')
        rules.data[--rules.len] = '\0';
    out->rules = tt_buf_steal(&rules);
    out->tags = tt_buf_steal(&tags);
}
