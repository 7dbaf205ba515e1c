/*
 * test_text.c: the sanitiser against hostile strings, and column widths.
 */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

static void test_sanitize_table(void **state)
{
    static const struct {
        const char *in;
        int flags;
        const char *want;
    } cases[] = {
        {"plain text", 0, "plain text"},
        {"red \x1b[31mALERT\x1b[0m done", 0, "red ALERT done"},
        {"title \x1b]0;pwned\x07 after", 0, "title  after"},
        {"osc st \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ end", 0, "osc st link end"},
        {"dcs \x1bPq#0;2;0;0;0\x1b\\ x", 0, "dcs  x"},
        {"c1 csi \xc2\x9b"
         "31m red",
         0, "c1 csi 31m red"},
        {"bell\x07 bs\x08 del\x7f", 0, "bell bs del"},
        {"cr\rlf\nend", 0, "crlf end"},
        {"keep\nlines", TT_SAN_KEEP_NEWLINES, "keep\nlines"},
        {"tab\there", 0, "tab here"},
        {"bidi \xe2\x80\xae"
         "evil\xe2\x80\xac x",
         0, "bidi evil x"},
        {"bad utf8 \xff\xfe end", 0, "bad utf8 \xef\xbf\xbd\xef\xbf\xbd end"},
        {"overlong \xc0\xaf", 0, "overlong \xef\xbf\xbd"},
        {"truncated \xe4\xb8", 0, "truncated \xef\xbf\xbd\xef\xbf\xbd"},
        {"中文工单 ok", 0, "中文工单 ok"},
        {"esc at end \x1b", 0, "esc at end "},
        {"csi unterminated \x1b[12;", 0, "csi unterminated "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = tt_sanitize(cases[i].in, cases[i].flags);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].want);
        for (const unsigned char *p = (const unsigned char *)got; *p; p++)
            assert_true(*p >= 0x20 || (*p == '\n' && cases[i].flags));
        free(got);
    }
    char *n = tt_sanitize(NULL, 0);
    assert_string_equal(n, "");
    free(n);
}

static void test_width(void **state)
{
    assert_int_equal(tt_text_width("abc"), 3);
    assert_int_equal(tt_text_width("中文"), 4);
    assert_int_equal(tt_text_width("a中b"), 4);
    assert_int_equal(tt_text_width(""), 0);
    int cols;
    /* A wide character that does not fit is not split. */
    assert_int_equal(tt_text_fit("a中文", 2, &cols), 1);
    assert_int_equal(cols, 1);
    assert_int_equal(tt_text_fit("a中文", 3, &cols), 4);
    assert_int_equal(cols, 3);
    char *t = tt_text_truncate("中文工单标题", 7);
    assert_string_equal(t, "中文工\xe2\x80\xa6");
    assert_true(tt_text_width(t) <= 7);
    free(t);
    t = tt_text_truncate("short", 10);
    assert_string_equal(t, "short");
    free(t);
    t = tt_text_truncate("abcdef", 0);
    assert_string_equal(t, "");
    free(t);
}

/* Widths of extended grapheme clusters as modern terminals draw them. */
static void test_cluster_widths(void **state)
{
    static const struct {
        const char *text;
        int width;
        int clusters;
    } cases[] = {
        {"abc", 3, 3},
        {"中文", 4, 2},                                 /* CJK */
        {"ｶﾀｶﾅ", 4, 4},                                 /* halfwidth */
        {"e\xcc\x81", 1, 1},                            /* e + combining acute */
        {"Ame\xcc\x81lie", 6, 6},                       /* decomposed é */
        {"e\xcc\x81\xcc\x82\xcc\xa3", 1, 1},            /* stacked marks */
        {"\xcc\x81", 0, 1},                             /* a mark alone */
        {"क\xe0\xa5\x8d", 1, 1},                        /* virama: Extend */
        {"한", 2, 1},                                   /* precomposed Hangul */
        {"\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", 2, 1}, /* conjoining jamo */
        {"👩‍💻", 2, 1},                          /* ZWJ sequence */
        {"👨‍👩‍👧‍👦", 2, 1},            /* family */
        {"🧑🏽‍💻", 2, 1},                      /* skin tone inside a ZWJ sequence */
        {"❤️‍🔥", 2, 1},                        /* text-default base, VS16, ZWJ */
        {"🇩🇪", 2, 1},                                   /* flag */
        {"🇩🇪🇫🇷", 4, 2},
        {"🇩🇪🇫", 3, 2},      /* a third, unpaired RI */
        {"🇩", 1, 1},        /* lone regional indicator */
        {"👍🏽", 2, 1}, /* skin-tone modifier */
        {"🏽", 2, 1},     /* a modifier alone */
        {"a🏽", 3, 2},    /* after a letter: its own */
        {"❤️", 2, 1},   /* VS16: emoji presentation */
        {"❤", 1, 1},
        {"☺︎", 1, 1},                       /* VS15: text presentation */
        {"1️⃣", 2, 1},                      /* keycap */
        {"x\xef\xb8\x8f", 1, 1},                /* VS16 on a letter: nothing */
        {"🏴󠁧󠁢󠁳󠁣󠁴󠁿", 2, 1}, /* tag sequence (Scotland) */
        {"a\xe2\x80\x8d"
         "b",
         2, 2}, /* ZWJ between letters joins nothing */
        {"💻\xe2\x80\x8d"
         "a",
         3, 2},                   /* ZWJ then a letter */
        {"x\xe2\x80\x8by", 2, 3}, /* ZWSP: a cluster of its own */
        {"|👍🏽|🇩🇪|👩‍💻|", 10, 7},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *s = cases[i].text;
        int w = tt_text_width(s), n = 0, sum = 0;
        for (size_t at = 0, len = strlen(s); at < len; n++) {
            int cw;
            size_t k = tt_text_cluster(s + at, len - at, &cw);
            assert_true(k > 0);
            at += k, sum += cw;
        }
        if (w != cases[i].width || n != cases[i].clusters || sum != w)
            fail_msg("case %zu (%s): width %d in %d clusters, want %d in %d", i, s, w, n,
                     cases[i].width, cases[i].clusters);
        /* fit and truncate at every width: whole clusters, within the width */
        for (int max = 0; max <= w + 1; max++) {
            int cols;
            size_t fit = tt_text_fit(s, max, &cols);
            assert_true(cols <= max);
            size_t at = 0;
            while (at < fit)
                at += tt_text_cluster(s + at, SIZE_MAX, NULL);
            if (at != fit)
                fail_msg("case %zu (%s): fit to %d splits a cluster at byte %zu", i, s, max, fit);
            char *pre = strndup(s, fit);
            assert_int_equal(tt_text_width(pre), cols);
            free(pre);
            char *t = tt_text_truncate(s, max);
            assert_true(tt_text_width(t) <= max);
            free(t);
        }
    }
    int cols;
    assert_int_equal(tt_text_fit("👩‍💻x", 1, &cols), 0);
    assert_int_equal(cols, 0);
    assert_int_equal(tt_text_fit("👩‍💻x", 2, &cols), strlen("👩‍💻"));
    assert_int_equal(tt_text_fit("e\xcc\x81x", 1, &cols), 3); /* the mark goes with its e */
    char *t = tt_text_truncate("👩‍💻👩‍💻👩‍💻", 5);
    assert_string_equal(t, "👩‍💻👩‍💻\xe2\x80\xa6");
    free(t);
    t = tt_text_truncate("🇩🇪🇫🇷🇮🇹", 4);
    assert_string_equal(t, "🇩🇪\xe2\x80\xa6");
    free(t);
    assert_int_equal(tt_text_cluster("", 0, NULL), 0);
    assert_int_equal(tt_text_cluster("ab", 1, NULL), 1); /* never past len */
    (void)state;
}

/* The sanitiser still strips what hides inside an emoji sequence: escape
 * sequences and bidi overrides go, the ZWJ that joins the emoji stays. */
static void test_sanitize_clusters(void **state)
{
    static const struct {
        const char *in, *want;
        int width;
    } cases[] = {
        {"👩\xe2\x80\x8d\x1b[31m💻", "👩‍💻", 2},
        {"👍\x1b]0;pwned\x07🏽", "👍🏽", 2},
        {"🇩\xe2\x80\xae🇪", "🇩🇪", 2},
        {"e\x07\xcc\x81", "e\xcc\x81", 1},
        {"❤\xc2\x9b"
         "31m\xef\xb8\x8f",
         "❤31m\xef\xb8\x8f", 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = tt_sanitize(cases[i].in, 0);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].want);
        assert_int_equal(tt_text_width(got), cases[i].width);
        free(got);
    }
    (void)state;
}

/* tt_text_copy cuts between clusters, never inside a UTF-8 sequence or a
 * cluster, and says it cut with "…" (the queue's cells are 512-byte buffers). */
static void test_text_copy(void **state)
{
    static const struct {
        const char *in;
        size_t size;
        const char *want;
    } cases[] = {
        {"abc", 8, "abc"},
        {"abcdefgh", 8, "abcd…"},
        {"abcdefg", 8, "abcdefg"},
        {"发票发票", 8, "发…"},                 /* not 发 plus half of 票 */
        {"e\xcc\x81\xcc\x81\xcc\x81x", 8, "…"}, /* the 7-byte é̈́́ does not fit with … */
        {"ae\xcc\x81\xcc\x81x", 7, "a…"},
        {"👩\xe2\x80\x8d💻 x", 8, "…"}, /* an 11-byte ZWJ sequence is one piece */
        {"ab👍🏽", 8, "ab…"},
        {"abc", 3, "ab"}, /* below 4 bytes: no room for … */
        {"a发", 3, "a"},
        {"", 1, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[16];
        memset(buf, 'Z', sizeof buf);
        size_t n = tt_text_copy(buf, cases[i].size, cases[i].in);
        if (strcmp(buf, cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, buf, cases[i].want);
        assert_int_equal(n, strlen(cases[i].want));
        assert_true(n < cases[i].size);
        assert_int_equal(buf[cases[i].size], 'Z'); /* nothing written past size */
    }
    char one = 'Z';
    assert_int_equal(tt_text_copy(&one, 0, "abc"), 0);
    assert_int_equal(one, 'Z');
    (void)state;
}

/* Whether a and b are equal ignoring case as tt_text_fold folds it (NULL
 * equals nothing), as the agent and group lookup compares names. */
static bool fold_eq(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    char *fa = tt_text_fold(a), *fb = tt_text_fold(b);
    bool eq = strcmp(fa, fb) == 0;
    free(fa);
    free(fb);
    return eq;
}

/* Case-insensitive name matching beyond ASCII, the same under every locale. */
static void test_fold_table(void **state)
{
    static const struct {
        const char *a, *b;
        bool eq;
    } cases[] = {
        {"Émile Zola", "émile zola", true},
        {"ÉMILE ZOLA", "émile zola", true},
        {"Émile", "emile", false},         /* accents stay */
        {"Émile", "E\xcc\x81mile", false}, /* no normalisation: e + U+0301 differs */
        {"Ångström ÆØ Þór", "ångström æø þór", true},
        {"×", "÷", false}, /* Latin-1 signs are not letters */
        {"ŁUKASZ ŻÓŁW", "łukasz żółw", true},
        {"ČEŠKÝ ŘEŽ", "češký řež", true},
        {"ŸVES", "ÿves", true},
        {"STRAẞE", "straße", true},
        {"ΣΊΣΥΦΟΣ", "σίσυφος", true}, /* final sigma */
        {"ΩΜΈΓΑ ΆΛΦΑ", "ωμέγα άλφα", true},
        {"Ωμέγα", "ΩΜΕΓΑ", false}, /* tonos stays */
        {"ОЛЬГА ЁЛКИНА", "ольга ёлкина", true},
        {"ЇЖАК Ґанок", "їжак ґанок", true},
        {"ՀԱՅԿ", "հայկ", true},
        {"ＡＢＣ", "ａｂｃ", true},
        {"李小龙", "李小龙", true},
        {"Alex Agent", "ALEX AGENT", true},
        {"Alex", "Alexa", false},
        {"", "", true},
        {"a\xffZ", "A\xffz", true}, /* invalid bytes compare as bytes */
        {NULL, "x", false},
    };
    static const char *const locales[] = {"C.UTF-8", "C"};
    for (size_t l = 0; l < TT_ARRAY_LEN(locales); l++) {
        setlocale(LC_ALL, locales[l]);
        for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++)
            if (fold_eq(cases[i].a, cases[i].b) != cases[i].eq)
                fail_msg("locale %s: '%s' vs '%s': want %s", locales[l],
                         cases[i].a ? cases[i].a : "(null)", cases[i].b,
                         cases[i].eq ? "equal" : "different");
    }
    setlocale(LC_ALL, "C.UTF-8");
    char *f = tt_text_fold("ÀÉÎ Ωmega Жук");
    assert_string_equal(f, "àéî ωmega жук");
    free(f);
    (void)state;
}

/* cp as UTF-8 at out; returns its length. */
static size_t utf8(char *out, unsigned int cp)
{
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    static const unsigned char lead[] = {0, 0, 0xc0, 0xe0, 0xf0};
    for (size_t i = n - 1; i > 0; i--, cp >>= 6)
        out[i] = (char)(0x80 | (cp & 0x3f));
    out[0] = (char)(lead[n] | cp);
    return n;
}

/* tt_text_fold_into: never longer than its input (every code point, so the
 * store may fold into a buffer of the input's size), the same as
 * tt_text_fold, a fixed point (folding folded text changes nothing), and
 * with `valid` each invalid sequence is one U+FFFD. */
static void test_fold_into(void **state)
{
    char in[8], out[8], again[8];
    for (unsigned int cp = 1; cp <= 0x10ffff; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff)
            continue;
        size_t n = utf8(in, cp);
        size_t k = tt_text_fold_into(out, in, n, true);
        if (k > n)
            fail_msg("U+%04X folds to %zu bytes, more than its %zu", cp, k, n);
        if (tt_text_fold_into(again, out, k, true) != k || memcmp(again, out, k) != 0)
            fail_msg("U+%04X: folding its fold changes it", cp);
        in[n] = '\0';
        char *f = tt_text_fold(in);
        if (strlen(f) != k || memcmp(f, out, k) != 0)
            fail_msg("U+%04X: tt_text_fold and tt_text_fold_into differ", cp);
        free(f);
    }
    static const struct {
        const char *in, *kept, *valid;
    } cases[] = {
        {"a\xffZ", "a\xffz", "a\xef\xbf\xbdz"},
        {"\xc0\xafX", "\xc0\xafx", "\xef\xbf\xbdx"},          /* overlong: one U+FFFD */
        {"\xe2\x84", "\xe2\x84", "\xef\xbf\xbd\xef\xbf\xbd"}, /* cut short: each byte */
        {"\xe2\x84\xaa\xff", "k\xff", "k\xef\xbf\xbd"},       /* KELVIN SIGN */
        {"\xef\xbf\xbd", "\xef\xbf\xbd", "\xef\xbf\xbd"},     /* U+FFFD itself */
        {"Straße ẞ İ", "straße ß i", "straße ß i"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char buf[64];
        size_t len = strlen(cases[i].in);
        size_t k = tt_text_fold_into(buf, cases[i].in, len, false);
        assert_true(k <= len);
        buf[k] = '\0';
        assert_string_equal(buf, cases[i].kept);
        k = tt_text_fold_into(buf, cases[i].in, len, true);
        buf[k] = '\0';
        assert_string_equal(buf, cases[i].valid);
    }
    (void)state;
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanitize_table), cmocka_unit_test(test_width),
        cmocka_unit_test(test_cluster_widths), cmocka_unit_test(test_sanitize_clusters),
        cmocka_unit_test(test_text_copy),      cmocka_unit_test(test_fold_table),
        cmocka_unit_test(test_fold_into),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
