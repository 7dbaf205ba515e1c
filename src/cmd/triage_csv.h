/*
 * triage_csv.h: loading labelled CSV files for the triage commands
 * (src/cmd only: reads files, then hands memory to the core parsers).
 */
#ifndef TICKETTY_TRIAGE_CSV_H
#define TICKETTY_TRIAGE_CSV_H

#include "ticketty/classifier.h"
#include "ticketty/csv.h"

struct tt_labelled {
    struct tt_csv_table table;
    struct tt_clf_example *ex;
    size_t n;
};

/* Read path as CSV with a `text` column and label_col (when given and
 * present), `label` or `category`.  0; -1 on an invalid document; -2 when
 * the file cannot be read. */
int tt_labelled_load(const char *path, const char *label_col, struct tt_labelled *out,
                     struct tt_err *err);
void tt_labelled_clear(struct tt_labelled *l);

/* Seconds on a monotonic clock. */
double tt_triage_clock(void);
/* CPU seconds (user + system) of this process, all threads. */
double tt_triage_cpu(void);

#endif
