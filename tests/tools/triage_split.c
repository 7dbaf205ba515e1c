/*
 * triage_split.c: a fixed stratified split of a labelled CSV file, for the
 * triage end-to-end tests and bench/triage.sh.
 *
 *   triage_split IN.csv OUTDIR [EVERY]
 *
 * Within each label, every EVERY-th example (default 5: a 80/20 split) in file
 * order goes to OUTDIR/test.csv, the rest to OUTDIR/train.csv.  The same
 * examples are also written in fastText's format (OUTDIR/train.ft, test.ft:
 * "__label__L text" on one line, lower-cased, punctuation split off) so both
 * classifiers see the same split.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/classifier.h"
#include "ticketty/csv.h"
#include "ticketty/util.h"

static void put_ft(struct tt_buf *b, const struct tt_clf_example *e)
{
    tt_buf_puts(b, "__label__");
    for (const char *p = e->label; *p; p++)
        tt_buf_putc(b, isspace((unsigned char)*p) ? '_' : *p);
    tt_buf_putc(b, ' ');
    for (const unsigned char *p = (const unsigned char *)e->text; *p; p++) {
        if (isspace(*p))
            tt_buf_putc(b, ' ');
        else if (*p < 0x80 && ispunct(*p)) {
            tt_buf_putc(b, ' ');
            tt_buf_putc(b, (char)*p);
            tt_buf_putc(b, ' ');
        } else
            tt_buf_putc(b, (char)tolower(*p));
    }
    tt_buf_putc(b, '\n');
}

static void save(const char *dir, const char *name, const struct tt_buf *b)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f || fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0) {
        fprintf(stderr, "triage_split: cannot write %s\n", path);
        exit(1);
    }
    free(path);
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: triage_split IN.csv OUTDIR [EVERY]\n");
        return 2;
    }
    int every = argc == 4 ? atoi(argv[3]) : 5;
    if (every < 2)
        every = 5;
    struct tt_err err;
    size_t len;
    char *data = tt_read_file(argv[1], &len, &err);
    struct tt_csv_table t;
    struct tt_clf_example *ex;
    size_t n;
    if (!data || tt_csv_table_parse(data, len, argv[1], &t, &err) < 0 ||
        tt_clf_examples_from_csv(&t, argv[1], NULL, &ex, &n, &err) < 0) {
        fprintf(stderr, "triage_split: %s\n", err.msg);
        return 1;
    }
    struct tt_buf tr = {0}, te = {0}, ftr = {0}, fte = {0};
    static const char *const head[] = {"text", "label"};
    tt_csv_put_row(&tr, head, 2);
    tt_csv_put_row(&te, head, 2);
    char **seen = NULL;
    size_t *count = NULL, n_seen = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l;
        for (l = 0; l < n_seen && strcmp(seen[l], ex[i].label) != 0; l++)
            ;
        if (l == n_seen) {
            seen = xrealloc(seen, (n_seen + 1) * sizeof *seen);
            count = xrealloc(count, (n_seen + 1) * sizeof *count);
            seen[n_seen] = (char *)ex[i].label;
            count[n_seen++] = 0;
        }
        int test = count[l]++ % (size_t)every == (size_t)every - 1;
        const char *row[] = {ex[i].text, ex[i].label};
        tt_csv_put_row(test ? &te : &tr, row, 2);
        put_ft(test ? &fte : &ftr, &ex[i]);
    }
    save(argv[2], "train.csv", &tr);
    save(argv[2], "test.csv", &te);
    save(argv[2], "train.ft", &ftr);
    save(argv[2], "test.ft", &fte);
    tt_buf_free(&tr);
    tt_buf_free(&te);
    tt_buf_free(&ftr);
    tt_buf_free(&fte);
    free(seen);
    free(count);
    free(ex);
    tt_csv_table_clear(&t);
    free(data);
    return 0;
}
