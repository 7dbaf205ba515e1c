/*
 * answers.c: the terminal's answers to the backend's start-up questions,
 * told apart from keys (no curses here: term.c reads, this decides).
 *
 * term.c asks where the cursor went after each emoji sample (CPR, ESC [ 6 n,
 * answered ESC [ row ; col R) and then for the device attributes (ESC [ c,
 * answered ESC [ ? params c).  The answers come in on the keyboard's input;
 * over a slow link they come after the backend stopped waiting, between keys,
 * and must not act as keys ('?' of a DA would open the help, its 'c' clear
 * the filter).  Keys begin with ESC too (M-x, arrows ESC [ A or ESC O A,
 * F3 ESC O R, C-Up ESC [ 1 ; 5 A, paste ESC [ 200 ~), and one collides: xterm's
 * Alt-F3 is ESC [ 1 ; 3 R, a CPR.  While answers are expected the backend
 * takes such a CPR for one (it binds no F-key with a modifier anyway).
 */
#include <string.h>

#include "ticketty/tui.h"
#include "ticketty/util.h"

/* An answer's parameters are a few numbers: a longer run is no answer. */
#define MAX_PARAMS 32

enum tt_term_answer tt_term_answer(const char *s, size_t len, size_t *used, int *row, int *col)
{
    if (len == 0 || s[0] != '\033')
        return TT_ANSWER_NONE;
    if (len == 1)
        return TT_ANSWER_PARTIAL;
    if (s[1] != '[')
        return TT_ANSWER_NONE;
    size_t i = 2;
    bool query = i < len && s[i] == '?';
    if (query)
        i++;
    size_t from = i;
    while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == ';'))
        if (++i - from > MAX_PARAMS)
            return TT_ANSWER_NONE;
    if (i == len)
        return TT_ANSWER_PARTIAL;
    if (s[i] == 'c') {
        if (used)
            *used = i + 1;
        return TT_ANSWER_DA;
    }
    if (s[i] != 'R' || query)
        return TT_ANSWER_NONE;
    /* exactly digits ; digits */
    int nums[2] = {0, 0}, k = 0;
    size_t digits = 0;
    for (size_t j = from; j < i; j++) {
        if (s[j] == ';') {
            if (k == 1 || digits == 0)
                return TT_ANSWER_NONE;
            k++;
            digits = 0;
        } else {
            if (nums[k] < 100000)
                nums[k] = nums[k] * 10 + (s[j] - '0');
            digits++;
        }
    }
    if (k != 1 || digits == 0)
        return TT_ANSWER_NONE;
    if (used)
        *used = i + 1;
    if (row)
        *row = nums[0];
    if (col)
        *col = nums[1];
    return TT_ANSWER_CPR;
}

size_t tt_term_answers_take(const char *in, size_t len, struct tt_buf *keys,
                            bool (*fn)(void *arg, enum tt_term_answer kind, int row, int col),
                            void *arg)
{
    size_t i = 0;
    while (i < len) {
        size_t used = 0;
        int row = 0, col = 0;
        enum tt_term_answer kind = tt_term_answer(in + i, len - i, &used, &row, &col);
        if (kind == TT_ANSWER_PARTIAL)
            break; /* the rest when it comes */
        if (kind == TT_ANSWER_NONE) {
            tt_buf_putc(keys, in[i++]); /* a key's byte (its ESC: the rest follow) */
            continue;
        }
        i += used;
        if (!fn(arg, kind, row, col))
            break;
    }
    return i;
}
