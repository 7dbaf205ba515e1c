/*
 * fuzz_sanitize.c: libFuzzer target for the terminal sanitiser and width code.
 * Invariant: the output never holds a control character (but '\n' when kept)
 * and fits the width it was cut to; grapheme clusters tile the text (each at
 * least a byte, never past the end, widths summing to the text's width) and a
 * cut always falls between two of them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/text.h"
#include "ticketty/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = xstrndup((const char *)data, size);
    for (int flags = 0; flags <= TT_SAN_KEEP_NEWLINES; flags++) {
        char *clean = tt_sanitize(s, flags);
        for (const unsigned char *p = (const unsigned char *)clean; *p; p++)
            if ((*p < 0x20 && !(*p == '\n' && flags)) || *p == 0x7f)
                abort();
        /* C1 controls (U+0080..U+009F, encoded C2 80..C2 9F) must be gone too. */
        for (const unsigned char *p = (const unsigned char *)clean; p[0] && p[1]; p++)
            if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
                abort();
        for (int w = 0; w < 12; w++) {
            char *cut = tt_text_truncate(clean, w);
            if (tt_text_width(cut) > w)
                abort();
            free(cut);
        }
        size_t len = strlen(clean), at = 0;
        int sum = 0;
        char *bound = calloc(len + 1, 1);
        while (at < len) {
            int cw;
            size_t n = tt_text_cluster(clean + at, len - at, &cw);
            if (n == 0 || n > len - at || cw < 0 || cw > 2)
                abort();
            bound[at] = 1;
            sum += cw;
            at += n;
        }
        bound[len] = 1;
        if (sum != tt_text_width(clean))
            abort();
        for (int w = 0; w < 12; w++) {
            int cols;
            size_t fit = tt_text_fit(clean, w, &cols);
            if (fit > len || !bound[fit] || cols > w)
                abort();
        }
        free(bound);
        free(clean);
    }
    free(s);
    return 0;
}
