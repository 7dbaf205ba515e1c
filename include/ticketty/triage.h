/*
 * triage.h: what happens to a new ticket before an agent reads it (core:
 * pure decisions, no I/O).
 *
 * The classifier (classifier.h) suggests a category (and, when a priority
 * model is trained, a priority) with a calibrated confidence.  The rules here
 * turn that into a triage outcome:
 *   - priority elevation by the customer's MRR and plan tier (seed: MRR >= 5000
 *     raises one level);
 *   - cancellation / churn intent, from English and Chinese phrase lists plus
 *     the model's category, sets urgent and tags churn-risk;
 *   - routing: the first rule matching category and priority names the group;
 *   - an auto-response draft, only when the category confidence is above
 *     auto_response.min_confidence (0.9) and a template exists for it.  It is
 *     shown to the agent; sending it needs auto_response.send: true.
 * Each rule that fires adds a line to `rules` so the agent sees why.
 *
 * Configuration is the `triage:` section (see tt_triage_config_from_node for
 * the keys); every error names file:line.  The caller owns the config and the
 * outcome (free with *_clear).
 */
#ifndef TICKETTY_TRIAGE_H
#define TICKETTY_TRIAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/config.h"
#include "ticketty/err.h"
#include "ticketty/model.h"

enum tt_triage_mode {
    TT_TRIAGE_SUGGEST, /* store the suggestion; the agent accepts or overrides */
    TT_TRIAGE_APPLY,   /* also set fields (through the outbox) when confident */
};

struct tt_triage_elevate {
    double mrr_at_least; /* < 0: not an MRR rule */
    char *plan;          /* NULL: not a plan rule (case-insensitive match) */
    int levels;
};

struct tt_triage_route {
    char *category; /* NULL = any */
    int priority;   /* enum tt_priority, -1 = any */
    char *group;
};

struct tt_triage_template {
    char *category;
    char *text; /* may use {name}, {subject}, {category} */
};

struct tt_triage_config {
    enum tt_triage_mode mode;
    double apply_min_confidence; /* apply mode: set the category only at/above */
    struct tt_triage_elevate *elevate;
    size_t n_elevate;
    char **churn_phrases; /* lower-case; matched as substrings (case-insensitive) */
    size_t n_churn_phrases;
    char **churn_labels; /* model categories that mean churn intent */
    size_t n_churn_labels;
    double churn_min_confidence; /* for the model's churn labels */
    char *churn_tag;
    struct tt_triage_route *routes;
    size_t n_routes;
    double draft_min_confidence; /* drafts only when confidence > this */
    bool draft_send;             /* explicit opt-in to sending drafts */
    struct tt_triage_template *templates;
    size_t n_templates;
    /* Optional LLM classifier (classifier: llm): an OpenAI-compatible chat
     * completions endpoint picks the category; the built-in model is the
     * fallback and still explains. */
    bool use_llm;
    char *llm_url, *llm_model, *llm_key_env;
    int llm_timeout;
    char **llm_labels; /* labels when no built-in model is trained */
    size_t n_llm_labels;
    double llm_max_confidence; /* the LLM's own confidence is capped here */
};

/* Built-in defaults: suggest mode, MRR >= 5000 elevates one level, enterprise
 * plan one level, churn phrases in English and Chinese, no routes, drafts
 * above 0.9 with a generic acknowledgement template, never sent. */
void tt_triage_config_default(struct tt_triage_config *c);
/* Defaults overridden by a `triage:` subtree (NULL = defaults only). */
int tt_triage_config_from_node(struct tt_triage_config *c, const struct tt_conf_node *node,
                               const char *file, struct tt_err *err);
void tt_triage_config_clear(struct tt_triage_config *c);
/* The options-table validator for the `triage` section. */
int tt_triage_config_validate(const struct tt_conf_node *node, const char *file,
                              struct tt_err *err);

/* What the rules look at. */
struct tt_triage_input {
    const char *subject, *body;
    const char *requester;     /* for drafts */
    enum tt_priority priority; /* the ticket's priority when it arrived */
    const char *plan;          /* customer plan, NULL when unknown */
    double mrr;                /* customer MRR, 0 when unknown */
    const char *category;      /* model's category, NULL when no model */
    double category_confidence;
    int model_priority; /* enum tt_priority from a priority model, -1 = none */
    double priority_confidence;
};

struct tt_triage_outcome {
    enum tt_priority priority; /* suggested */
    bool churn;
    char *group; /* routing target, NULL when no rule matched */
    char *tags;  /* tags to add, space-separated ("" for none) */
    char *rules; /* one line per rule that fired */
    char *draft; /* auto-response draft, NULL when none */
};
void tt_triage_outcome_clear(struct tt_triage_outcome *o);

/* Run the rules.  Never fails: missing inputs simply fire no rule. */
void tt_triage_decide(const struct tt_triage_config *cfg, const struct tt_triage_input *in,
                      struct tt_triage_outcome *out);

/* Does text contain one of the churn phrases (case-insensitive for ASCII)?
 * Returns the phrase or NULL. */
const char *tt_triage_churn_phrase(const struct tt_triage_config *cfg, const char *text);

/* A stored triage result: the suggestion, why, and what the agent did. */
struct tt_triage_result {
    int64_t ticket_id;
    int64_t model_version; /* 0 when no model was trained */
    char *category;        /* NULL without a model */
    double confidence;
    char *priority;      /* suggested priority name */
    char *base_priority; /* the ticket's priority at its first triage: rules start there */
    char *group;
    char *tags;
    char *rules; /* lines */
    char *terms; /* "word weight" lines: the words that weighed most */
    char *draft;
    char *articles; /* "id\ttitle" lines: suggested KB articles */
    char *state;    /* suggested, applied, accepted, overridden */
    int64_t created_at, decided_at;
};
void tt_triage_result_clear(struct tt_triage_result *r);

/* ---- in the flow (src/triage/flow.c: store, classifier, KB search) --------
 *
 * tt_triage_ticket() classifies a stored ticket with the trained models (none
 * trained: the rules still run), applies the rules with the customer's plan
 * and MRR, finds the top 3 customer-audience KB articles for subject + body,
 * and stores the result with its explanation.  In apply mode it also sets the
 * priority, group and churn tag on the ticket and queues the same changes in
 * the outbox for the helpdesk (tickets of local accounts are changed locally
 * only); the category is never written to the ticket, so the model does not
 * train on its own guesses.  Sync and demo init call tt_triage_pending()
 * after writing tickets. */
struct tt_store;
struct tt_config;
struct tt_triager; /* models and rules loaded once, for many tickets */
struct tt_triager *tt_triager_open(struct tt_store *st, const struct tt_config *cfg,
                                   struct tt_err *err);
void tt_triager_free(struct tt_triager *t);
/* 1 triaged, 0 skipped (already triaged and !force, or no such ticket), -1 error.
 * out (may be NULL) receives the stored result.  On a read-only store
 * (tt_store_readonly) with out set, the result is computed into out and
 * neither applied nor stored (state "suggested"). */
int tt_triage_ticket(struct tt_store *st, struct tt_triager *tr, int64_t ticket_id, bool force,
                     struct tt_triage_result *out, struct tt_err *err);
/* Triage open tickets that have no result yet, most recently updated first
 * (up to limit; 0 = all).  Tickets with the same subject and body are
 * classified and searched once per call. */
int tt_triage_pending(struct tt_store *st, const struct tt_config *cfg, int64_t limit,
                      int64_t *n_done, struct tt_err *err);
/* Train a field's model (category | priority) on ex[0..n), or when ex is NULL
 * on the store's labelled tickets (the `limit` most recent; 0 = all) and the
 * agents' overrides; measure it on a held-out part when eval; store it,
 * replacing the field's previous model.  *version_out / *metrics (may be
 * NULL) get the stored version and the held-out figures (examples = 0 when
 * not measured); *n_out the number of training examples.  A field without
 * any labelled example is an error. */
struct tt_clf_example;
struct tt_clf_metrics;
int tt_triage_train(struct tt_store *st, const char *field, const struct tt_clf_example *ex,
                    size_t n, int64_t limit, const char *source, bool eval, int64_t *version_out,
                    struct tt_clf_metrics *metrics, size_t *n_out, struct tt_err *err);
/* Demo and sync: train the category model from the tickets when none exists
 * yet (and at least 20 are labelled; it learns from the 10,000 most recently
 * updated of them), then triage up to `limit` pending tickets, most recently
 * updated first (TT_TRIAGE_ARRIVALS: a huge first import is not
 * triaged in one go; the rest follow on the next run or `triage run`).
 * *trained gets 1 when a model was trained. */
#define TT_TRIAGE_ARRIVALS 5000
int tt_triage_bootstrap(struct tt_store *st, const struct tt_config *cfg, int64_t limit,
                        int *trained, int64_t *n_done, struct tt_err *err);
/* The agent's decision on a suggestion.  Accepting records the suggested
 * category as a confirmed label; overriding records the agent's choice (both
 * train the next model) and, for priority, sets it on the ticket.  On a
 * ticket of a local account (the demo) the changes are queued in the outbox
 * for tt_sync_push_local to deliver (the caller runs it after this returns). */
int tt_triage_accept(struct tt_store *st, int64_t ticket_id, struct tt_err *err);
int tt_triage_override(struct tt_store *st, int64_t ticket_id, const char *field, const char *value,
                       struct tt_err *err);

#endif
