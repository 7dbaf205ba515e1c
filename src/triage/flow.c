/*
 * flow.c: triage of stored tickets (see triage.h, "in the flow").
 *
 * One ticket:  ticket + customer --classify (category, priority models)-->
 *              --rules--> outcome --KB search--> articles --> triage_results
 *              [apply mode: ticket fields + outbox]
 * Everything for one ticket is written in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ticketty/chat.h"
#include "ticketty/classifier.h"
#include "ticketty/config.h"
#include "ticketty/kb.h"
#include "ticketty/store_sync.h"
#include "ticketty/store_triage.h"
#include "ticketty/sync.h"
#include "ticketty/triage.h"
#include "ticketty/util.h"

#define N_TERMS         5
#define N_ARTICLES      3
#define PENDING_BATCH   256
#define BOOTSTRAP_LIMIT 10000 /* most recent labelled tickets a first model learns from */
#define MEMO_SLOTS      1024  /* texts remembered per triager (direct-mapped) */

/* What the category model and the KB said about one exact text: tickets with
 * the same subject and body (form letters, monitoring alerts, the templated
 * demo) are classified, explained and searched once per run. */
struct memo {
    uint64_t hash;
    char *text; /* NULL: empty slot */
    int label;
    double confidence;
    char *terms, *articles;
};

struct tt_triager {
    struct tt_triage_config cfg;
    const struct tt_config *config;
    struct tt_clf *category, *priority;
    int64_t category_version;
    struct memo *memo; /* MEMO_SLOTS */
    size_t memo_hits;
};

static uint64_t text_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static void memo_clear(struct memo *m)
{
    free(m->text);
    free(m->terms);
    free(m->articles);
    memset(m, 0, sizeof *m);
}

static struct tt_clf *load_model(struct tt_store *st, const char *field, int64_t *version,
                                 struct tt_err *err, int *rc)
{
    struct tt_triage_model_row row;
    int found = tt_store_triage_model_get(st, field, true, &row, err);
    *rc = found < 0 ? -1 : 0;
    if (found <= 0)
        return NULL;
    struct tt_clf *m = tt_clf_load(row.weights, row.weights_len, err);
    if (!m) {
        tt_err_prefix(err, "triage %s model version %lld", field, (long long)row.version);
        *rc = -1;
    }
    if (version)
        *version = row.version;
    tt_triage_model_row_clear(&row);
    return m;
}

struct tt_triager *tt_triager_open(struct tt_store *st, const struct tt_config *cfg,
                                   struct tt_err *err)
{
    struct tt_triager *t = xcalloc(1, sizeof *t);
    t->config = cfg;
    t->memo = xcalloc(MEMO_SLOTS, sizeof *t->memo);
    const struct tt_conf_node *node = cfg ? tt_config_section(cfg, "triage") : NULL;
    if (tt_triage_config_from_node(&t->cfg, node, cfg ? tt_config_path(cfg) : NULL, err) < 0) {
        free(t);
        return NULL;
    }
    int rc;
    t->category = load_model(st, "category", &t->category_version, err, &rc);
    if (rc == 0)
        t->priority = load_model(st, "priority", NULL, err, &rc);
    if (rc < 0) {
        tt_triager_free(t);
        return NULL;
    }
    return t;
}

void tt_triager_free(struct tt_triager *t)
{
    if (!t)
        return;
    tt_triage_config_clear(&t->cfg);
    for (size_t i = 0; i < MEMO_SLOTS; i++)
        memo_clear(&t->memo[i]);
    free(t->memo);
    tt_clf_free(t->category);
    tt_clf_free(t->priority);
    free(t);
}

/* The category from the LLM endpoint (triage.classifier: llm), choosing among
 * the built-in model's labels or triage.llm.labels.  Returns the line for the
 * rules ("category from the LLM ..." or why it was not used); on failure the
 * built-in model's answer (if any) stands. */
static char *llm_category(struct tt_triager *tr, const char *text, struct tt_triage_input *in)
{
    const struct tt_triage_config *c = &tr->cfg;
    size_t n = tr->category ? tt_clf_n_labels(tr->category) : c->n_llm_labels;
    if (n == 0)
        return xstrdup("LLM classifier: no labels (train a model or set triage.llm.labels)");
    const char **labels = xmalloc(n * sizeof *labels);
    for (size_t i = 0; i < n; i++)
        labels[i] = tr->category ? tt_clf_label(tr->category, i) : c->llm_labels[i];
    struct tt_chat_req req = {.url = c->llm_url,
                              .model = c->llm_model,
                              .key = c->llm_key_env ? getenv(c->llm_key_env) : NULL,
                              .timeout_s = c->llm_timeout};
    int label;
    double conf;
    struct tt_err err;
    char *note;
    if (tt_chat_classify(&req, labels, n, text, &label, &conf, &err) < 0) {
        note = xasprintf("LLM classifier failed (%s)%s", err.msg,
                         tr->category ? "; the built-in model's category stands" : "");
    } else {
        if (conf > c->llm_max_confidence)
            conf = c->llm_max_confidence;
        /* The label must outlive this call: it points into the model or the config. */
        in->category =
            tr->category ? tt_clf_label(tr->category, (size_t)label) : c->llm_labels[label];
        in->category_confidence = conf;
        note = xasprintf("category from the LLM %s: %s (its own confidence, capped at %.2f)",
                         c->llm_model ? c->llm_model : "", in->category, c->llm_max_confidence);
    }
    free(labels);
    return note;
}

/* The top customer-facing articles as "id\ttitle" lines; failures leave it empty
 * (suggestions are a help, never a reason to fail triage). */
static char *suggest_articles(struct tt_store *st, const struct tt_config *cfg, const char *query)
{
    struct tt_kb_search_opts o;
    tt_kb_search_opts_init(&o);
    o.audience = "customer";
    o.limit = N_ARTICLES;
    o.log = false;
    o.config = cfg;
    struct tt_kb_result *res = NULL;
    size_t n = 0;
    struct tt_err err;
    struct tt_buf b = {0};
    if (tt_kb_search(st, query, &o, &res, &n, &err) == 0) {
        for (size_t i = 0; i < n && i < N_ARTICLES; i++)
            tt_buf_printf(&b, "%s%s\t%s", i ? "\n" : "", res[i].id ? res[i].id : "",
                          res[i].title ? res[i].title : "");
        tt_kb_results_free(res, n);
    }
    return tt_buf_steal(&b);
}

static bool local_account(struct tt_store *st, const char *account)
{
    struct tt_account a;
    struct tt_err err;
    if (tt_streq(account, "local"))
        return true;
    if (tt_store_account_get(st, account, &a, &err) != 1)
        return true; /* unknown account: nothing to send to */
    bool local = tt_streq(a.provider, "local");
    tt_account_clear(&a);
    return local;
}

/* Queue priority, group (by external id) and tag edits for the ticket. */
static int queue_fields(struct tt_store *st, const struct tt_ticket *t, int prio,
                        const char *group_ext, const char *tag, struct tt_err *err)
{
    if (prio >= 0 && tt_outbox_queue(st, t->id, "priority",
                                     tt_priority_name((enum tt_priority)prio), 0, NULL, err) < 0)
        return -1;
    if (group_ext && tt_outbox_queue(st, t->id, "group", group_ext, 0, NULL, err) < 0)
        return -1;
    if (tag) {
        char *edit = xasprintf("+%s", tag);
        int rc = tt_outbox_queue(st, t->id, "tags", edit, 0, NULL, err);
        free(edit);
        return rc;
    }
    return 0;
}

/* Set priority (< 0: keep), group (NULL: keep) and a tag (NULL: none) on the
 * ticket, locally and, for helpdesk accounts, through the outbox.  An agent's
 * decision (`decided`: accept, override) on a ticket of a local account (the
 * demo) goes only through the outbox, as `P` and `:status` do: the local
 * delivery (tt_sync_push_local, which the console and the command run at once)
 * writes the fields with their change events and updated_at and recomputes
 * the SLA clocks.  Apply mode on a local account writes the row directly (a
 * pull's batch, whose sync refreshes the SLA cache after it). */
static int set_fields(struct tt_store *st, const struct tt_ticket *t, int prio, const char *group,
                      const char *tag, bool decided, struct tt_err *err)
{
    if (prio == (int)t->priority)
        prio = -1;
    if (group && tt_streq(group, t->group))
        group = NULL;
    if (tag && t->tags) {
        char *padded = xasprintf(" %s ", t->tags), *want = xasprintf(" %s ", tag);
        if (strstr(padded, want))
            tag = NULL; /* already tagged */
        free(padded);
        free(want);
    }
    if (prio < 0 && !group && !tag)
        return 0;
    char *group_ext = NULL;
    if (decided) {
        int delivered = tt_sync_account_is_local(st, t->account, err);
        if (delivered < 0)
            return -1;
        if (delivered) {
            if (group && tt_store_triage_group_find(st, t->id, group, &group_ext, err) < 0)
                return -1;
            int rc = queue_fields(st, t, prio, group_ext, tag, err);
            free(group_ext);
            return rc;
        }
    }
    if (tt_store_triage_apply_local(st, t->id, prio, group, tag, &group_ext, err) < 0)
        return -1;
    int rc = local_account(st, t->account) ? 0 : queue_fields(st, t, prio, group_ext, tag, err);
    free(group_ext);
    return rc;
}

int tt_triage_ticket(struct tt_store *st, struct tt_triager *tr, int64_t ticket_id, bool force,
                     struct tt_triage_result *out, struct tt_err *err)
{
    if (out)
        memset(out, 0, sizeof *out);
    struct tt_triage_result r;
    int have = tt_store_triage_result_get(st, ticket_id, &r, err);
    if (have < 0)
        return -1;
    if (have && !force) {
        if (out)
            *out = r;
        else
            tt_triage_result_clear(&r);
        return 0;
    }
    /* Re-triage starts from the priority the ticket had when first triaged,
     * so an applied elevation is not elevated again. */
    int base = have && r.base_priority ? tt_priority_from_name(r.base_priority) : -1;
    tt_triage_result_clear(&r);
    struct tt_ticket t;
    int found = tt_store_ticket_get(st, ticket_id, &t, err);
    if (found <= 0)
        return found;
    struct tt_customer cust = {0};
    bool have_cust = false;
    if (t.customer_id) {
        int c = tt_store_customer_get(st, t.customer_id, &cust, err);
        if (c < 0) {
            tt_ticket_clear(&t);
            return -1;
        }
        have_cust = c == 1;
    }
    char *text =
        xasprintf("%s\n%s", t.subject ? t.subject : "", t.description ? t.description : "");

    struct tt_triage_input in = {
        .subject = t.subject,
        .body = t.description,
        .requester = t.requester,
        .priority = base >= 0 ? (enum tt_priority)base : t.priority,
        .plan = have_cust ? cust.plan : NULL,
        .mrr = have_cust ? cust.mrr : 0,
        .model_priority = -1,
    };
    struct tt_buf terms = {0};
    char *llm_note = NULL;
    uint64_t th = text_hash(text);
    struct memo *mo = &tr->memo[th % MEMO_SLOTS];
    bool hit = mo->text && mo->hash == th && strcmp(mo->text, text) == 0;
    if (hit) {
        tr->memo_hits++;
        if (tr->category) {
            in.category = tt_clf_label(tr->category, (size_t)mo->label);
            in.category_confidence = mo->confidence;
            tt_buf_puts(&terms, mo->terms);
        }
    } else if (tr->category) {
        struct tt_clf_result cr;
        tt_clf_predict(tr->category, text, &cr, NULL);
        in.category = tt_clf_label(tr->category, (size_t)cr.label);
        in.category_confidence = cr.confidence;
        struct tt_clf_term tv[N_TERMS];
        size_t nt = tt_clf_explain(tr->category, text, cr.label, tv, N_TERMS);
        for (size_t i = 0; i < nt; i++)
            tt_buf_printf(&terms, "%s%s %.3f", i ? "\n" : "", tv[i].word, tv[i].weight);
        memo_clear(mo);
        mo->label = cr.label;
        mo->confidence = cr.confidence;
        mo->terms = xstrdup(terms.data ? terms.data : "");
    } else {
        memo_clear(mo);
        mo->terms = xstrdup("");
    }
    if (tr->cfg.use_llm) {
        const char *before = in.category;
        llm_note = llm_category(tr, text, &in);
        int li = tr->category && in.category != before
                     ? tt_clf_label_index(tr->category, in.category)
                     : -1;
        if (li >= 0) {
            /* Explain the LLM's label with the built-in model's weights. */
            tt_buf_free(&terms);
            struct tt_clf_term tv[N_TERMS];
            size_t nt = tt_clf_explain(tr->category, text, li, tv, N_TERMS);
            for (size_t i = 0; i < nt; i++)
                tt_buf_printf(&terms, "%s%s %.3f", i ? "\n" : "", tv[i].word, tv[i].weight);
        }
    }
    if (tr->priority) {
        struct tt_clf_result pr;
        tt_clf_predict(tr->priority, text, &pr, NULL);
        in.model_priority = tt_priority_from_name(tt_clf_label(tr->priority, (size_t)pr.label));
        in.priority_confidence = pr.confidence;
    }
    struct tt_triage_outcome o;
    tt_triage_decide(&tr->cfg, &in, &o);

    r.ticket_id = ticket_id;
    r.model_version = tr->category ? tr->category_version : 0;
    r.category = in.category ? xstrdup(in.category) : NULL;
    r.confidence = in.category ? in.category_confidence : 0;
    r.priority = xstrdup(tt_priority_name(o.priority));
    r.base_priority = xstrdup(tt_priority_name(in.priority));
    r.group = o.group ? xstrdup(o.group) : NULL;
    r.tags = xstrdup(o.tags);
    r.rules =
        llm_note ? xasprintf("%s%s%s", llm_note, *o.rules ? "\n" : "", o.rules) : xstrdup(o.rules);
    free(llm_note);
    r.terms = tt_buf_steal(&terms);
    r.draft = o.draft ? xstrdup(o.draft) : NULL;
    if (hit) {
        r.articles = xstrdup(mo->articles);
    } else {
        r.articles = suggest_articles(st, tr->config, text);
        mo->articles = xstrdup(r.articles ? r.articles : "");
        mo->hash = th;
        mo->text = xstrdup(text);
    }
    r.created_at = tt_now();
    /* Apply mode: rules that do not rest on the model (MRR, plan, churn
     * phrases) always apply; the route follows the category only when the
     * category is confident. */
    bool confident = !in.category || in.category_confidence >= tr->cfg.apply_min_confidence;
    /* A read-only database (a reader's `triage show` or console): the
     * result is computed for the caller, and neither applied nor stored. */
    bool transient = out && tt_store_readonly(st);
    bool applying = !transient && tr->cfg.mode == TT_TRIAGE_APPLY &&
                    (confident || o.churn || o.priority != t.priority);
    r.state = xstrdup(applying ? "applied" : "suggested");

    int rc = 0;
    if (!transient) {
        rc = tt_store_begin(st, err);
        if (rc == 0 && applying)
            rc = set_fields(st, &t, (int)o.priority, confident ? o.group : NULL,
                            o.churn ? tr->cfg.churn_tag : NULL, false, err);
        if (rc == 0)
            rc = tt_store_triage_result_save(st, &r, err);
        if (rc == 0)
            rc = tt_store_commit(st, err);
        else
            tt_store_rollback(st);
        if (rc < 0)
            tt_err_prefix(err, "triage of ticket %lld", (long long)ticket_id);
    }

    tt_triage_outcome_clear(&o);
    free(text);
    tt_customer_clear(&cust);
    tt_ticket_clear(&t);
    if (rc == 0 && out)
        *out = r;
    else
        tt_triage_result_clear(&r);
    return rc < 0 ? -1 : 1;
}

int tt_triage_pending(struct tt_store *st, const struct tt_config *cfg, int64_t limit,
                      int64_t *n_done, struct tt_err *err)
{
    if (n_done)
        *n_done = 0;
    int64_t *ids;
    size_t n;
    if (tt_store_triage_untriaged(st, limit, &ids, &n, err) < 0)
        return -1;
    if (n == 0) {
        free(ids);
        return 0;
    }
    struct tt_triager *tr = tt_triager_open(st, cfg, err);
    if (!tr) {
        free(ids);
        return -1;
    }
    /* Batches of tickets share a transaction (each ticket's own nests in it):
     * one commit per batch instead of one per ticket. */
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i += PENDING_BATCH) {
        if (tt_store_begin(st, err) < 0) {
            rc = -1;
            break;
        }
        int64_t batch = 0;
        for (size_t j = i; rc == 0 && j < n && j < i + PENDING_BATCH; j++) {
            int r = tt_triage_ticket(st, tr, ids[j], false, NULL, err);
            if (r < 0)
                rc = -1;
            else
                batch += r;
        }
        if (rc == 0 && tt_store_commit(st, err) == 0) {
            if (n_done)
                *n_done += batch;
        } else {
            if (rc == 0)
                rc = -1; /* the commit failed */
            else
                tt_store_rollback(st);
        }
    }
    tt_triager_free(tr);
    free(ids);
    return rc;
}

int tt_triage_accept(struct tt_store *st, int64_t ticket_id, struct tt_err *err)
{
    struct tt_triage_result r;
    int found = tt_store_triage_result_get(st, ticket_id, &r, err);
    if (found < 0)
        return -1;
    if (!found)
        return tt_errf(err, "ticket %lld has not been triaged", (long long)ticket_id);
    struct tt_ticket t;
    found = tt_store_ticket_get(st, ticket_id, &t, err);
    if (found <= 0) {
        tt_triage_result_clear(&r);
        return found < 0 ? -1 : tt_errf(err, "no ticket %lld", (long long)ticket_id);
    }
    int rc = tt_store_begin(st, err);
    if (rc == 0 && r.category)
        rc = tt_store_triage_override_add(st, ticket_id, "category", r.category, r.category, err);
    if (rc == 0 && !tt_streq(r.state, "applied"))
        rc = set_fields(st, &t, tt_priority_from_name(r.priority), r.group,
                        r.tags && *r.tags ? r.tags : NULL, true, err);
    if (rc == 0)
        rc = tt_store_triage_result_state(st, ticket_id, "accepted", err);
    if (rc == 0)
        rc = tt_store_commit(st, err);
    else
        tt_store_rollback(st);
    tt_ticket_clear(&t);
    tt_triage_result_clear(&r);
    return rc;
}

int tt_triage_override(struct tt_store *st, int64_t ticket_id, const char *field, const char *value,
                       struct tt_err *err)
{
    if (!tt_streq(field, "category") && !tt_streq(field, "priority"))
        return tt_errf(err, "cannot override '%s' (category, priority)", field ? field : "");
    if (!value || !*value)
        return tt_errf(err, "override of %s needs a value", field);
    if (tt_streq(field, "priority") && tt_priority_from_name(value) < 0)
        return tt_errf(err, "unknown priority '%s' (low, normal, high, urgent)", value);
    struct tt_triage_result r;
    int found = tt_store_triage_result_get(st, ticket_id, &r, err);
    if (found < 0)
        return -1;
    if (!found)
        return tt_errf(err, "ticket %lld has not been triaged", (long long)ticket_id);
    const char *suggested = tt_streq(field, "category") ? r.category : r.priority;
    struct tt_ticket t;
    found = tt_store_ticket_get(st, ticket_id, &t, err);
    if (found <= 0) {
        tt_triage_result_clear(&r);
        return found < 0 ? -1 : tt_errf(err, "no ticket %lld", (long long)ticket_id);
    }
    int rc = tt_store_begin(st, err);
    if (rc == 0)
        rc = tt_store_triage_override_add(st, ticket_id, field, suggested, value, err);
    if (rc == 0 && tt_streq(field, "priority"))
        rc = set_fields(st, &t, tt_priority_from_name(value), NULL, NULL, true, err);
    if (rc == 0)
        rc = tt_store_triage_result_state(st, ticket_id, "overridden", err);
    if (rc == 0)
        rc = tt_store_commit(st, err);
    else
        tt_store_rollback(st);
    tt_ticket_clear(&t);
    tt_triage_result_clear(&r);
    return rc;
}

int tt_triage_train(struct tt_store *st, const char *field, const struct tt_clf_example *ex,
                    size_t n, int64_t limit, const char *source, bool eval, int64_t *version_out,
                    struct tt_clf_metrics *metrics, size_t *n_out, struct tt_err *err)
{
    struct tt_triage_texts texts = {0};
    struct tt_clf_example *own = NULL;
    if (metrics)
        memset(metrics, 0, sizeof *metrics);
    if (n_out)
        *n_out = 0;
    if (!tt_streq(field, "category") && !tt_streq(field, "priority"))
        return tt_errf(err, "no field '%s' to train (category, priority)", field ? field : "");
    if (!ex) {
        if (tt_store_triage_training_texts(st, field, limit, &texts, err) < 0)
            return -1;
        own = xmalloc((texts.n ? texts.n : 1) * sizeof *own);
        for (size_t i = 0; i < texts.n; i++) {
            own[i].text = texts.text[i];
            own[i].label = texts.label[i];
        }
        ex = own;
        n = texts.n;
        source = "tickets";
    }
    int rc = 0;
    if (n == 0)
        rc = tt_errf(err, "no labelled %s to train the %s model on%s", own ? "tickets" : "rows",
                     field, own ? " (tickets need a category; or use --from FILE.csv)" : "");
    for (size_t i = 0; rc == 0 && tt_streq(field, "priority") && i < n; i++)
        if (tt_priority_from_name(ex[i].label) < 0)
            rc = tt_errf(err, "%s: example %zu: priority '%s' is not low, normal, high or urgent",
                         source, i + 1, ex[i].label);
    struct tt_clf_params params;
    tt_clf_params_default(&params);
    struct tt_clf_metrics mt = {0};
    if (rc == 0 && eval && tt_clf_holdout_metrics(ex, n, &params, 0.9, &mt, err) < 0)
        rc = -1;
    struct tt_clf *m = NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (rc == 0 && !(m = tt_clf_train(ex, n, &params, err)))
        rc = -1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc == 0) {
        struct tt_triage_model_row row = {0};
        row.field = (char *)field;
        row.source = (char *)(source ? source : "");
        row.train_size = (int64_t)n;
        row.labels = (int64_t)tt_clf_n_labels(m);
        row.features = (int64_t)tt_clf_n_features(m);
        row.eval_examples = (int64_t)mt.examples;
        row.accuracy = mt.accuracy;
        row.macro_f1 = mt.macro_f1;
        row.confident_precision = mt.confident_precision;
        row.confident_coverage = mt.confident_coverage;
        row.train_seconds =
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        row.temperature = tt_clf_temperature(m);
        row.weights = tt_clf_save(m, &row.weights_len);
        rc = tt_store_triage_model_save(st, &row, version_out, err);
        free(row.weights);
    }
    tt_clf_free(m);
    if (rc == 0 && metrics)
        *metrics = mt;
    if (rc == 0 && n_out)
        *n_out = n;
    free(own);
    tt_triage_texts_free(&texts);
    return rc;
}

int tt_triage_bootstrap(struct tt_store *st, const struct tt_config *cfg, int64_t limit,
                        int *trained, int64_t *n_done, struct tt_err *err)
{
    if (trained)
        *trained = 0;
    if (n_done)
        *n_done = 0;
    struct tt_triage_model_row row;
    int have = tt_store_triage_model_get(st, "category", false, &row, err);
    if (have < 0)
        return -1;
    tt_triage_model_row_clear(&row);
    if (!have) {
        struct tt_triage_texts texts;
        if (tt_store_triage_training_texts(st, "category", BOOTSTRAP_LIMIT, &texts, err) < 0)
            return -1;
        size_t labelled = texts.n;
        tt_triage_texts_free(&texts);
        if (labelled >= 20) {
            if (tt_triage_train(st, "category", NULL, 0, BOOTSTRAP_LIMIT, "tickets", false, NULL,
                                NULL, NULL, err) < 0)
                return -1;
            if (trained)
                *trained = 1;
        }
    }
    return tt_triage_pending(st, cfg, limit, n_done, err);
}
