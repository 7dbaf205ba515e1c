/*
 * fuzz_pjson.c: libFuzzer target for the drivers' JSON reader (pj_loadb).
 * Invariants: it agrees with jansson's json_loadb(..., JSON_ALLOW_NUL) on
 * what is valid and builds equal values; its errors carry a position.
 * Inputs with a raw NUL byte are only parsed, not compared: jansson drops a
 * raw NUL that follows a number where pj_loadb rejects it (RFC 8259 does).
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/providers/pjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t je;
    json_t *b = pj_loadb((const char *)data, size, &je);
    if (!b && (je.line < 1 || !je.text[0]))
        abort();
    if (!memchr(data, 0, size)) {
        json_t *a = json_loadb((const char *)data, size, JSON_ALLOW_NUL, NULL);
        if (!a != !b || (a && !json_equal(a, b)))
            abort();
        json_decref(a);
    }
    json_decref(b);
    return 0;
}
