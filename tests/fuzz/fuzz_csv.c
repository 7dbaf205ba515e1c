/*
 * fuzz_csv.c: libFuzzer target for the RFC 4180 reader and table parser.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ticketty/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tt_err err;
    struct tt_csv r;
    struct tt_csv_record rec = {0};
    tt_csv_init(&r, (const char *)data, size, "fuzz.csv");
    int guard = 0, rc;
    while ((rc = tt_csv_next(&r, &rec, &err)) != 0 && guard++ < 100000)
        ;
    tt_csv_record_clear(&rec);
    struct tt_csv_table t;
    if (tt_csv_table_parse((const char *)data, size, "fuzz.csv", &t, &err) == 0)
        tt_csv_table_clear(&t);
    return 0;
}
