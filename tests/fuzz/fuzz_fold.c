/*
 * fuzz_fold.c: libFuzzer target for case folding (tt_text_fold_into), which
 * the queue filter applies to every subject and name it tests.  Invariants:
 * the output is never longer than the input (3 bytes an invalid byte with
 * `valid`), with `valid` it is valid UTF-8 and folding it again changes
 * nothing, without it it equals tt_text_fold; and folding commutes with
 * cutting between characters: the fold of any run of whole characters of the
 * input is found in the fold of the input (what lets the filter compare a
 * folded term with a folded subject).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/text.h"
#include "ticketty/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    char *kept = xmalloc(size + 1), *valid = xmalloc(3 * size + 1);
    size_t nk = tt_text_fold_into(kept, s, size, false);
    size_t nv = tt_text_fold_into(valid, s, size, true);
    if (nk > size || nv > 3 * size)
        abort();
    valid[nv] = '\0';
    char *again = xmalloc(nv + 1);
    if (memchr(valid, '\0', nv) == NULL) {
        char *v = tt_utf8_valid(valid);
        if (strcmp(v, valid) != 0)
            abort();
        free(v);
    }
    if (tt_text_fold_into(again, valid, nv, true) != nv || memcmp(again, valid, nv) != 0)
        abort();
    if (memchr(s, '\0', size) == NULL) {
        char *z = xstrndup(s, size), *f = tt_text_fold(z);
        if (strlen(f) != nk || memcmp(f, kept, nk) != 0)
            abort();
        free(f);
        free(z);
    }
    /* the characters' offsets as the folding reads them */
    size_t *at = xmalloc((size + 1) * sizeof *at), k = 0;
    for (size_t i = 0; i < size; k++) {
        unsigned int cp;
        at[k] = i;
        i += tt_utf8_decode(s + i, size - i, &cp);
    }
    at[k] = size;
    for (size_t a = 0; a < k; a += 1 + a / 3) {
        for (size_t b = a + 1; b <= k; b += 1 + (b - a) / 3) {
            char *part = xmalloc(3 * (at[b] - at[a]) + 1);
            size_t np = tt_text_fold_into(part, s + at[a], at[b] - at[a], true);
            if (np > nv || memmem(valid, nv, part, np) == NULL)
                abort();
            free(part);
        }
    }
    free(at);
    free(again);
    free(valid);
    free(kept);
    return 0;
}
