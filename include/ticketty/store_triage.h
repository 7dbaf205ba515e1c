/*
 * store_triage.h: the triage module's tables (src/store/schema_triage.c).
 *
 *   triage_models     one trained classifier per field (category, priority):
 *                     version, training size, evaluation figures and the
 *                     serialized weights.  Saving a model replaces the
 *                     field's previous one in one transaction.
 *   triage_results    the latest triage of a ticket and what the agent did.
 *   triage_overrides  agents' corrections, kept with the ticket text so they
 *                     train the next model even if the ticket goes away.
 *
 * Structs filled here own their strings; free with the *_clear functions.
 */
#ifndef TICKETTY_STORE_TRIAGE_H
#define TICKETTY_STORE_TRIAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ticketty/err.h"
#include "ticketty/store.h"
#include "ticketty/triage.h"

struct tt_triage_model_row {
    char *field; /* category | priority */
    int64_t version;
    char *source; /* "tickets" or the CSV path */
    int64_t train_size, labels, features;
    int64_t eval_examples; /* 0 when too little data to hold any out */
    double accuracy, macro_f1, confident_precision, confident_coverage;
    double train_seconds, temperature;
    int64_t created_at;
    unsigned char *weights; /* serialized classifier (tt_clf_save) */
    size_t weights_len;
};
void tt_triage_model_row_clear(struct tt_triage_model_row *m);

/* Replace the field's model atomically; row->version is ignored and the new
 * version (previous + 1) goes to *version_out. */
int tt_store_triage_model_save(struct tt_store *st, const struct tt_triage_model_row *row,
                               int64_t *version_out, struct tt_err *err);
/* 1 found, 0 none trained, -1 error.  Weights are loaded only if asked. */
int tt_store_triage_model_get(struct tt_store *st, const char *field, bool with_weights,
                              struct tt_triage_model_row *out, struct tt_err *err);

/* Labelled texts for training a field from the store: each ticket's subject
 * and body with its category (or priority), the agent's latest override
 * taking precedence (the most recently updated `limit` tickets; 0 = all),
 * plus overrides of tickets since deleted.  Parallel heap arrays; free with
 * tt_triage_texts_free. */
struct tt_triage_texts {
    char **text, **label;
    size_t n;
};
int tt_store_triage_training_texts(struct tt_store *st, const char *field, int64_t limit,
                                   struct tt_triage_texts *out, struct tt_err *err);
void tt_triage_texts_free(struct tt_triage_texts *t);

/* Results: one per ticket, replaced on re-triage. */
int tt_store_triage_result_save(struct tt_store *st, const struct tt_triage_result *r,
                                struct tt_err *err);
int tt_store_triage_result_get(struct tt_store *st, int64_t ticket_id, struct tt_triage_result *out,
                               struct tt_err *err); /* 1/0/-1 */
/* Mark the result accepted / overridden / applied (decided_at = now). */
int tt_store_triage_result_state(struct tt_store *st, int64_t ticket_id, const char *state,
                                 struct tt_err *err);
/* Record an override of `field` (category | priority) on a ticket. */
int tt_store_triage_override_add(struct tt_store *st, int64_t ticket_id, const char *field,
                                 const char *suggested, const char *chosen, struct tt_err *err);
/* Apply a triage outcome to the local ticket row: priority (< 0 keeps it),
 * the group called group_name in the ticket's account (NULL or a name the
 * account does not have keeps it), and a tag added to the ticket's tags (NULL:
 * none).  *group_ext (may be NULL) gets the group's external id (heap) for the
 * outbox, NULL when the group was not found. */
int tt_store_triage_apply_local(struct tt_store *st, int64_t ticket_id, int priority,
                                const char *group_name, const char *add_tag, char **group_ext,
                                struct tt_err *err);
/* The external id (heap, in *group_ext) of the group called group_name in the
 * ticket's account: 1 found, 0 not (*group_ext NULL), -1 on error. */
int tt_store_triage_group_find(struct tt_store *st, int64_t ticket_id, const char *group_name,
                               char **group_ext, struct tt_err *err);
/* Open tickets (new, open, pending, on hold) without a triage result, most
 * recently updated first (the queue's order), for catching up. */
int tt_store_triage_untriaged(struct tt_store *st, int64_t limit, int64_t **ids, size_t *n,
                              struct tt_err *err);

#endif
