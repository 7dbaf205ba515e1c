/*
 * suggest.c: edit distance and the closest known name for "did you mean".
 */
#include <string.h>

#include "ticketty/suggest.h"

enum { SUGGEST_MAX = 64 };

static char fold(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

size_t tt_edit_distance(const char *a, const char *b)
{
    size_t n = strnlen(a, SUGGEST_MAX), m = strnlen(b, SUGGEST_MAX);
    /* d[i][j]: distance between the first i bytes of a and j bytes of b */
    size_t d[SUGGEST_MAX + 1][SUGGEST_MAX + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            size_t cost = fold(a[i - 1]) != fold(b[j - 1]);
            size_t v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
                fold(a[i - 2]) == fold(b[j - 1]) && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[n][m];
}

static int prefix_of(const char *shorter, const char *longer)
{
    size_t k = strlen(shorter);
    if (k < 4 || strlen(longer) <= k)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (fold(shorter[i]) != fold(longer[i]))
            return 0;
    return 1;
}

const char *tt_suggest(const char *word, const char *const *cands, size_t n)
{
    if (!word || !*word)
        return NULL;
    size_t len = strlen(word);
    size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t d = tt_edit_distance(word, cands[i]);
        if (d <= limit && d < best_d) {
            best = cands[i];
            best_d = d;
        }
    }
    if (best)
        return best;
    for (size_t i = 0; i < n; i++)
        if (prefix_of(word, cands[i]) || prefix_of(cands[i], word))
            return cands[i];
    return NULL;
}
