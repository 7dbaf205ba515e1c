/*
 * triage_csv.c: labelled CSV files for `triage eval` and `triage train`.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "triage_csv.h"
#include "ticketty/util.h"

int tt_labelled_load(const char *path, const char *label_col, struct tt_labelled *out,
                     struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    size_t len;
    char *data = tt_read_file(path, &len, err);
    if (!data)
        return -2;              /* could not read: I/O, not a bad document */
    path = tt_input_name(path); /* "-": messages say "standard input" */
    int rc = tt_csv_table_parse(data, len, path, &out->table, err);
    free(data);
    if (rc < 0)
        return -1;
    if (tt_clf_examples_from_csv(&out->table, path, label_col, &out->ex, &out->n, err) < 0) {
        tt_csv_table_clear(&out->table);
        return -1;
    }
    if (out->n == 0) {
        /* An empty test file would "score" 0 and an empty training file fail
         * deep in the trainer: say which file it is. */
        tt_labelled_clear(out);
        return tt_errf(err, "%s: no examples after the header row", path);
    }
    return 0;
}

void tt_labelled_clear(struct tt_labelled *l)
{
    free(l->ex);
    tt_csv_table_clear(&l->table);
    memset(l, 0, sizeof *l);
}

double tt_triage_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double tt_triage_cpu(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}
