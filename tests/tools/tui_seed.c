/*
 * tui_seed.c: `build/tools/tui_seed DB N [--light]`: fill DB with N
 * deterministic tickets for the console's end-to-end test and benchmark.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui_seed.h"
#include "ticketty/util.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: tui_seed DB N [--light]\n");
        return 2;
    }
    struct tt_err err;
    struct tt_store *st = tt_store_open(argv[1], &err);
    if (!st) {
        fprintf(stderr, "tui_seed: %s\n", err.msg);
        return 1;
    }
    int light = argc > 3 && strcmp(argv[3], "--light") == 0;
    if (tu_tui_seed(st, atoll(argv[2]), tt_now(), light, &err) < 0) {
        fprintf(stderr, "tui_seed: %s\n", err.msg);
        tt_store_close(st);
        return 1;
    }
    tt_store_close(st);
    return 0;
}
