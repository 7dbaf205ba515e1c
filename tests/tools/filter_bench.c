/*
 * filter_bench.c: the queue text filter's cost in the store, without the
 * console.  `filter_bench DB RUNS TERM...` times, for each term, what one
 * console refresh asks of the store: the first 50 tickets in breach order
 * and the count up to 1,000; first with the scan (text_index -1, what every
 * 1-2 character term did before schema 6), then with the automatic choice
 * (text_index 0: the index or the scan).  Before each run another text is
 * filtered, so the choice is made again each time.  Prints one line per term
 * and path: rows, count, median and best of RUNS, in milliseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ticketty/store.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int runs = argc > 2 ? atoi(argv[2]) : 0;
    if (argc < 4 || runs < 1 || runs > 100) {
        fprintf(stderr, "usage: filter_bench DB RUNS(1..100) TERM...\n");
        return 2;
    }
    struct tt_err err;
    struct tt_store *st = tt_store_open(argv[1], &err);
    if (!st) {
        fprintf(stderr, "filter_bench: %s\n", err.msg);
        return 1;
    }
    double ms[100];
    for (int mode = -1; mode <= 0; mode++) {
        for (int a = 3; a < argc; a++) {
            int64_t n = 0;
            size_t rows = 0;
            for (int r = 0; r < runs; r++) {
                struct tt_ticket_filter other, f;
                tt_ticket_filter_init(&other);
                other.text = "another text first";
                int64_t k;
                tt_ticket_filter_init(&f);
                f.text = argv[a];
                f.order = TT_ORDER_NEXT_BREACH;
                f.text_index = mode;
                struct tt_ticket *l = NULL;
                if (tt_store_ticket_count_upto(st, &other, 1, &k, &err) < 0)
                    goto fail;
                double t0 = now_ms();
                if (tt_store_ticket_list(st, &f, 0, 50, &l, &rows, &err) < 0 ||
                    tt_store_ticket_count_upto(st, &f, 1000, &n, &err) < 0)
                    goto fail;
                ms[r] = now_ms() - t0;
                tt_ticket_list_free(l, rows);
            }
            qsort(ms, (size_t)runs, sizeof ms[0], cmp);
            printf("filter %-4s %-12s rows %3zu  count(<=1000) %5lld  median %8.2f ms  best "
                   "%8.2f ms\n",
                   mode < 0 ? "scan" : "auto", argv[a], rows, (long long)n, ms[runs / 2], ms[0]);
        }
    }
    tt_store_close(st);
    return 0;
fail:
    fprintf(stderr, "filter_bench: %s\n", err.msg);
    tt_store_close(st);
    return 1;
}
