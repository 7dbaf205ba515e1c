/*
 * fuzz_config.c: libFuzzer target for the YAML configuration parser.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ticketty/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tt_err err;
    struct tt_conf_node *n = tt_conf_parse((const char *)data, size, "fuzz.yaml", &err);
    tt_conf_node_free(n);
    return 0;
}
