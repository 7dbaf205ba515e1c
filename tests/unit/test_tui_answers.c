/*
 * test_tui_answers.c: the terminal's answers to the console's start-up
 * questions told apart from keys (src/tui/answers.c): cursor position reports
 * and device attributes are answers, whole or begun; Esc, M-x, arrows, F3,
 * C-Up, a paste's markers and typed text are keys and pass as they came.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

static const char *kind_name(enum tt_term_answer k)
{
    switch (k) {
    case TT_ANSWER_NONE:
        return "none";
    case TT_ANSWER_PARTIAL:
        return "partial";
    case TT_ANSWER_CPR:
        return "cpr";
    case TT_ANSWER_DA:
        return "da";
    }
    return "?";
}

static void test_answer_kinds(void **state)
{
    static const struct {
        const char *in;
        enum tt_term_answer kind;
        size_t used;
        int row, col;
    } cases[] = {
        /* answers */
        {"\033[1;3R", TT_ANSWER_CPR, 6, 1, 3}, /* also xterm's Alt-F3 */
        {"\033[1;5R", TT_ANSWER_CPR, 6, 1, 5},
        {"\033[12;140R", TT_ANSWER_CPR, 9, 12, 140},
        {"\033[1;3Rjk", TT_ANSWER_CPR, 6, 1, 3}, /* keys after it are not its */
        {"\033[?62;22c", TT_ANSWER_DA, 9, 0, 0},
        {"\033[?1;2c", TT_ANSWER_DA, 7, 0, 0},
        {"\033[?6c", TT_ANSWER_DA, 5, 0, 0},
        {"\033[62;1c", TT_ANSWER_DA, 7, 0, 0},
        /* an answer begun: the rest may still come */
        {"\033", TT_ANSWER_PARTIAL, 0, 0, 0}, /* Esc alone, too: the key path waits a little */
        {"\033[", TT_ANSWER_PARTIAL, 0, 0, 0},
        {"\033[1", TT_ANSWER_PARTIAL, 0, 0, 0},
        {"\033[1;", TT_ANSWER_PARTIAL, 0, 0, 0},
        {"\033[1;3", TT_ANSWER_PARTIAL, 0, 0, 0},
        {"\033[?", TT_ANSWER_PARTIAL, 0, 0, 0},
        {"\033[?62;2", TT_ANSWER_PARTIAL, 0, 0, 0},
        /* keys */
        {"x", TT_ANSWER_NONE, 0, 0, 0},
        {"?", TT_ANSWER_NONE, 0, 0, 0},
        {"c", TT_ANSWER_NONE, 0, 0, 0},
        {"\xc3\xa9", TT_ANSWER_NONE, 0, 0, 0},  /* é */
        {"\033x", TT_ANSWER_NONE, 0, 0, 0},     /* M-x */
        {"\033q", TT_ANSWER_NONE, 0, 0, 0},     /* M-q */
        {"\033[", TT_ANSWER_PARTIAL, 0, 0, 0},  /* M-[ is ESC [ : the start of one */
        {"\033\033", TT_ANSWER_NONE, 0, 0, 0},  /* Esc Esc */
        {"\033[A", TT_ANSWER_NONE, 0, 0, 0},    /* Up (normal mode) */
        {"\033OA", TT_ANSWER_NONE, 0, 0, 0},    /* Up (application mode) */
        {"\033[B", TT_ANSWER_NONE, 0, 0, 0},    /* Down */
        {"\033OR", TT_ANSWER_NONE, 0, 0, 0},    /* F3 */
        {"\033OP", TT_ANSWER_NONE, 0, 0, 0},    /* F1 */
        {"\033[13~", TT_ANSWER_NONE, 0, 0, 0},  /* F3 (rxvt) */
        {"\033[1;5A", TT_ANSWER_NONE, 0, 0, 0}, /* C-Up */
        {"\033[1;3P", TT_ANSWER_NONE, 0, 0, 0}, /* Alt-F1 */
        {"\033[3~", TT_ANSWER_NONE, 0, 0, 0},   /* Delete */
        {"\033[5~", TT_ANSWER_NONE, 0, 0, 0},   /* PgUp */
        {"\033[200~", TT_ANSWER_NONE, 0, 0, 0}, /* paste begins */
        {"\033[201~", TT_ANSWER_NONE, 0, 0, 0}, /* paste ends */
        {"\033[M !!", TT_ANSWER_NONE, 0, 0, 0}, /* a mouse report */
        /* no answer of the shape asked for */
        {"\033[1R", TT_ANSWER_NONE, 0, 0, 0},
        {"\033[;3R", TT_ANSWER_NONE, 0, 0, 0},
        {"\033[1;R", TT_ANSWER_NONE, 0, 0, 0},
        {"\033[1;2;3R", TT_ANSWER_NONE, 0, 0, 0},
        {"\033[?1;3R", TT_ANSWER_NONE, 0, 0, 0},
        {"\033[11111111111111111111111111111111111;1R", TT_ANSWER_NONE, 0, 0, 0},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        size_t used = 0;
        int row = 0, col = 0;
        enum tt_term_answer k = tt_term_answer(cases[i].in, strlen(cases[i].in), &used, &row, &col);
        if (k != cases[i].kind || used != cases[i].used || row != cases[i].row ||
            col != cases[i].col)
            fail_msg("case %zu (ESC%s): %s used %zu row %d col %d, want %s used %zu row %d col %d",
                     i, cases[i].in + (cases[i].in[0] == '\033'), kind_name(k), used, row, col,
                     kind_name(cases[i].kind), cases[i].used, cases[i].row, cases[i].col);
    }
    /* only the bytes given are read */
    assert_int_equal(tt_term_answer("\033[1;3R", 5, NULL, NULL, NULL), TT_ANSWER_PARTIAL);
    assert_int_equal(tt_term_answer("", 0, NULL, NULL, NULL), TT_ANSWER_NONE);
    (void)state;
}

/* The answers as text ("cpr 1;3 da"); the DA answer ends them. */
static bool collect(void *arg, enum tt_term_answer kind, int row, int col)
{
    struct tt_buf *b = arg;
    if (b->len)
        tt_buf_putc(b, ' ');
    if (kind == TT_ANSWER_CPR)
        tt_buf_printf(b, "cpr %d;%d", row, col);
    else
        tt_buf_puts(b, kind_name(kind));
    return kind != TT_ANSWER_DA;
}

static void test_answers_take(void **state)
{
    static const struct {
        const char *in;
        const char *keys;    /* bytes that pass as keys */
        const char *answers; /* what fn was given */
        size_t rest;         /* bytes left (an answer begun, or after the DA) */
    } cases[] = {
        {"\033[1;3R\033[1;5R\033[1;2R\033[?1;2c", "", "cpr 1;3 cpr 1;5 cpr 1;2 da", 0},
        {"/late\033[1;3Rx\033[?62;22c", "/latex", "cpr 1;3 da", 0},
        {"\033[?62;22cq", "", "da", 1},         /* keys after the DA: the caller's */
        {"\033[1;3R\033", "", "cpr 1;3", 1},    /* ESC: the next answer, or Esc */
        {"\033[1;3R\033[1;", "", "cpr 1;3", 4}, /* cut: the rest comes later */
        {"caf\xc3\xa9\033[1;3R\xe6\x97\xa5", "caf\xc3\xa9\xe6\x97\xa5", "cpr 1;3", 0},
        {"\033x\033[A\033OA\033OR", "\033x\033[A\033OA\033OR", "", 0}, /* M-x, Up, Up, F3 */
        {"\033[1;5A\033[200~hi\033[201~", "\033[1;5A\033[200~hi\033[201~", "", 0},
        {"\033\033[1;3R", "\033", "cpr 1;3", 0},             /* Esc, then an answer */
        {"\033[13~\033[1;2R?c", "\033[13~?c", "cpr 1;2", 0}, /* F3, an answer, ? and c typed */
        {"", "", "", 0},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        struct tt_buf keys = {0}, got = {0};
        size_t len = strlen(cases[i].in);
        size_t used = tt_term_answers_take(cases[i].in, len, &keys, collect, &got);
        if (keys.len != strlen(cases[i].keys) ||
            (keys.len && memcmp(keys.data, cases[i].keys, keys.len) != 0) ||
            !tt_streq(tt_buf_str(&got), cases[i].answers) || len - used != cases[i].rest)
            fail_msg("case %zu: keys '%.*s' (%zu bytes) answers '%s' rest %zu; want '%s' '%s' %zu",
                     i, (int)keys.len, keys.data ? keys.data : "", keys.len, tt_buf_str(&got),
                     len - used, cases[i].keys, cases[i].answers, cases[i].rest);
        tt_buf_free(&keys);
        tt_buf_free(&got);
    }
    (void)state;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_answer_kinds),
        cmocka_unit_test(test_answers_take),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
