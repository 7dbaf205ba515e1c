/*
 * classifier.h: the triage text classifier (core: pure computation, no I/O).
 *
 * A linear model over TF-IDF features: word unigrams and bigrams, pairs of
 * the content words of a text (light-stemmed), plus character 2..5-grams
 * inside words (CJK text is split into single characters, so its bigrams act
 * as words).  A spelling map learnt from the training texts and kept in the
 * model lets a rare word one edit away from a frequent one count as that word
 * too ("recieve" as "receive").  Features are identified by 64-bit hashes and
 * kept when they occur in at least `min_df` training texts.  Training fits a
 * multinomial logistic regression with L2 regularisation by stochastic
 * gradient descent.  Confidence is calibrated: the data is dealt into
 * stratified folds, one model per fold is trained without it (in parallel
 * with the model kept) and a softmax temperature is fitted on these
 * out-of-fold scores, so a prediction made at confidence 0.9 is right about
 * nine times in ten or more (the fit is nudged towards caution when the
 * out-of-fold predictions at >= 0.9 fall short of that).  Half of each
 * label's training frequency is then taken out of the scores (`balance`), so
 * rare categories are not drowned by common ones.
 *
 * A model is immutable after training and safe to use from several threads.
 * tt_clf_save() gives a portable byte image (little-endian) for the store;
 * tt_clf_load() checks it before use.  The caller owns everything it passes in
 * and everything returned (free with tt_clf_free / free()).
 */
#ifndef TICKETTY_CLASSIFIER_H
#define TICKETTY_CLASSIFIER_H

#include <stddef.h>
#include <stdint.h>

#include "ticketty/csv.h"
#include "ticketty/err.h"

struct tt_clf;

/* One labelled text; the strings are only read during training. */
struct tt_clf_example {
    const char *text;
    const char *label;
};

struct tt_clf_params {
    int epochs;     /* passes of SGD over the data */
    double l2;      /* L2 penalty per example */
    double rate;    /* initial learning rate (falls linearly to zero) */
    double holdout; /* each calibration model leaves out this fraction: 1/holdout folds */
    int threads;    /* 1 trains the calibration model after the main one */
    int min_df;     /* 0 = automatic (1 for small sets, 2 from 2000 examples) */
    double balance; /* 0..1: how much of the labels' training frequency is
                     * taken out of the scores (0 keeps it, 1 removes it) */
    uint64_t seed;
};
void tt_clf_params_default(struct tt_clf_params *p);

/* Train on n examples (at least one label with text).  NULL + err on failure. */
struct tt_clf *tt_clf_train(const struct tt_clf_example *ex, size_t n,
                            const struct tt_clf_params *p, struct tt_err *err);
void tt_clf_free(struct tt_clf *m);

size_t tt_clf_n_labels(const struct tt_clf *m);
const char *tt_clf_label(const struct tt_clf *m, size_t i);
int tt_clf_label_index(const struct tt_clf *m, const char *name); /* -1 if unknown */
size_t tt_clf_n_features(const struct tt_clf *m);
size_t tt_clf_train_size(const struct tt_clf *m);
double tt_clf_temperature(const struct tt_clf *m);
/* The image format the model was trained for: 2 (current), or 1 for a model
 * loaded from a "TTCLF001" image (no spelling map, the older stem in the
 * pairs); such a model classifies as it always did and is saved as format 1. */
int tt_clf_format(const struct tt_clf *m);

/* The spelling map: how many words it keeps (lower-case ASCII words of 4 or
 * more letters seen more than twice in training, and of 3 letters seen at
 * least 5 times; 0 for format 1), and the frequent word that `word` (one
 * token: lower-case, as the tokenizer gives it) is also read as, or NULL when
 * it is read only as itself. */
size_t tt_clf_spelling_words(const struct tt_clf *m);
const char *tt_clf_spelling(const struct tt_clf *m, const char *word);

/* The stem the word pairs use (format 2) of a NUL-terminated word, into out
 * (cap bytes, NUL-terminated, never longer than the word); returns its length.
 * "charges", "charged", "charging" and "charge" all give "charg". */
size_t tt_clf_stem(const char *word, char *out, size_t cap);

struct tt_clf_result {
    int label;         /* index of the most probable label */
    double confidence; /* its calibrated probability */
    int second;        /* runner-up (-1 with a single label) */
    double second_confidence;
};
/* Classify text (NULL is the empty text).  probs, when not NULL, receives
 * tt_clf_n_labels() calibrated probabilities. */
void tt_clf_predict(const struct tt_clf *m, const char *text, struct tt_clf_result *out,
                    double *probs);

/* The words that weighed most for `label`: each distinct word's share of the
 * label's score (the drop when the word is removed), largest first.  Returns
 * how many were written (at most max). */
struct tt_clf_term {
    char word[48];
    double weight;
};
size_t tt_clf_explain(const struct tt_clf *m, const char *text, int label, struct tt_clf_term *out,
                      size_t max);

/* Serialized image; *len gets its size.  Caller frees. */
unsigned char *tt_clf_save(const struct tt_clf *m, size_t *len);
struct tt_clf *tt_clf_load(const void *data, size_t len, struct tt_err *err);

/* --- labelled data and evaluation ------------------------------------------ */

/* Labelled examples from a CSV table with a `text` column and a label column:
 * label_col when given and present, else `label`, else `category`.  The array
 * points into the table (which must outlive it); free the array only.  An
 * empty label is an error naming NAME:LINE. */
int tt_clf_examples_from_csv(const struct tt_csv_table *t, const char *name, const char *label_col,
                             struct tt_clf_example **out, size_t *n_out, struct tt_err *err);

struct tt_clf_metrics {
    size_t examples;
    double accuracy;
    double macro_f1;            /* over labels seen in gold or predictions */
    double confident_precision; /* accuracy of predictions with confidence >= threshold */
    double confident_coverage;  /* share of predictions with confidence >= threshold */
    double threshold;
    double ece; /* expected calibration error, 10 bins */
};
/* gold[i], pred[i] are label indices below n_labels (give a gold label the
 * model never saw an index of its own past the model's labels: it counts as
 * wrong); conf[i] is the confidence of pred[i]. */
/* Figures for a model trained on this data: every 5th example of each label
 * is held out, a model trained on the rest is measured on it.  With fewer than
 * 50 examples or a single label nothing is measured (out->examples = 0). */
int tt_clf_holdout_metrics(const struct tt_clf_example *ex, size_t n, const struct tt_clf_params *p,
                           double threshold, struct tt_clf_metrics *out, struct tt_err *err);

void tt_clf_metrics_compute(const int *gold, const int *pred, const double *conf, size_t n,
                            size_t n_labels, double threshold, struct tt_clf_metrics *out);

#endif
