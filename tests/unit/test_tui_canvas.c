/*
 * test_tui_canvas.c: the console's drawing layer, word wrap, themes, key
 * tables and list-view arithmetic (pure logic, no terminal).
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/text.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

static char *row(struct tt_canvas *c, int y)
{
    return tt_canvas_row(c, y);
}

static void test_draw_cut_wide(void **state)
{
    static const struct {
        const char *text;
        int max;
        const char *want;
        int used;
    } cases[] = {
        {"hello", 10, "hello", 5},
        {"hello world", 5, "hello", 5},
        {"中文工单", 5, "中文", 4}, /* the third character would need columns 5-6 */
        {"中文工单", 4, "中文", 4},
        {"a中文", 2, "a", 1},
        {"a中文", 3, "a中", 3},
        {"x\x1b[31my\x07z", 10, "x[31myz",
         7}, /* controls dropped (the sanitiser removes the rest) */
        {"e\xcc\x81t\xc3\xa9", 10, "e\xcc\x81t\xc3\xa9", 3}, /* the mark stays with its e */
        {"\xcc\x81x", 10, "x", 1},                           /* a mark with no letter: dropped */
        {"a\xe2\x80\xae"
         "b\xe2\x80\x8b"
         "c",
         10, "abc", 3}, /* format characters: never in a cell */
        {"bad\xff", 10, "bad\xef\xbf\xbd", 4},
    };
    struct tt_canvas *c = tt_canvas_new(2, 20);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tt_canvas_clear(c);
        int used =
            tt_draw_text(c, tt_canvas_rect(c), 0, 0, cases[i].max, TT_ROLE_NORMAL, cases[i].text);
        char *got = row(c, 0);
        if (strcmp(got, cases[i].want) != 0 || used != cases[i].used)
            fail_msg("case %zu: got \"%s\" (%d cols), want \"%s\" (%d)", i, got, used,
                     cases[i].want, cases[i].used);
        free(got);
    }
    /* with an ellipsis, at odd widths */
    static const struct {
        const char *text;
        int max;
        const char *want;
    } cut[] = {
        {"中文工单系统", 7, "中文工…"},
        {"中文工单系统", 6, "中文…"},
        {"中文工单系统", 12, "中文工单系统"},
        {"abcdef", 4, "abc…"},
    };
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        tt_canvas_clear(c);
        tt_draw_text_cut(c, tt_canvas_rect(c), 1, 0, cut[i].max, TT_ROLE_NORMAL, cut[i].text);
        char *got = row(c, 1);
        if (strcmp(got, cut[i].want) != 0)
            fail_msg("cut %zu: got \"%s\", want \"%s\"", i, got, cut[i].want);
        assert_true(tt_text_width(got) <= cut[i].max);
        free(got);
    }
    tt_canvas_free(c);
}

/* A cell holds a whole grapheme cluster, as wide as a terminal draws it, so
 * what follows an emoji sequence, a flag, a skin tone or VS16 stays in its
 * column (each was measured a code point at a time: 👩‍💻 took 4). */
static void test_draw_clusters(void **state)
{
    static const struct {
        const char *text;
        int bar; /* the column where "|" lands */
    } cases[] = {
        {"👩‍💻|", 2},
        {"👨‍👩‍👧‍👦|", 2},
        {"🇩🇪|", 2},
        {"👍🏽|", 2},
        {"❤️|", 2},
        {"❤|", 1},
        {"1️⃣|", 2},
        {"e\xcc\x81|", 1},
        {"中文|", 4},
        {"🧑🏽‍💻ab|", 4},
        {"🏴󠁧󠁢󠁳󠁣󠁴󠁿|", 2},
        {"a\xe2\x80\x8d"
         "b|",
         2},
    };
    struct tt_canvas *c = tt_canvas_new(1, 20);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tt_canvas_clear(c);
        int used = tt_draw_text(c, tt_canvas_rect(c), 0, 0, -1, TT_ROLE_NORMAL, cases[i].text);
        if (used != cases[i].bar + 1 || !tt_streq(c->cells[cases[i].bar].ch, "|"))
            fail_msg("case %zu (%s): %d columns, '|' not at %d", i, cases[i].text, used,
                     cases[i].bar);
        assert_int_equal(used, tt_text_width(cases[i].text));
    }
    /* the cell keeps the whole cluster; the next column is its second half */
    tt_canvas_clear(c);
    tt_draw_text(c, tt_canvas_rect(c), 0, 0, -1, TT_ROLE_NORMAL, "👩‍💻x");
    assert_string_equal(c->cells[0].ch, "👩‍💻");
    assert_int_equal(c->cells[0].w, 2);
    assert_int_equal(c->cells[1].w, 0);
    assert_string_equal(c->cells[2].ch, "x");
    /* cut with an ellipsis at every width: never half a cluster */
    const char *row = "👩‍💻🇩🇪👍🏽❤️x";
    for (int max = 1; max <= 10; max++) {
        tt_canvas_clear(c);
        int used = tt_draw_text_cut(c, tt_canvas_rect(c), 0, 0, max, TT_ROLE_NORMAL, row);
        assert_true(used <= max);
        char *got = tt_canvas_row(c, 0);
        assert_true(tt_text_width(got) <= max);
        /* what was drawn before the ellipsis is a prefix of whole clusters */
        char *ell = strstr(got, "\xe2\x80\xa6");
        if (ell)
            *ell = '\0';
        size_t n = strlen(got);
        assert_memory_equal(got, row, n);
        size_t at = 0;
        while (at < n)
            at += tt_text_cluster(row + at, SIZE_MAX, NULL);
        assert_int_equal(at, n);
        free(got);
    }
    tt_canvas_free(c);
    (void)state;
}

static void test_overwrite_half_wide(void **state)
{
    struct tt_canvas *c = tt_canvas_new(1, 10);
    struct tt_rect r = tt_canvas_rect(c);
    tt_draw_text(c, r, 0, 0, -1, TT_ROLE_NORMAL, "中文中文");
    tt_draw_text(c, r, 0, 1, -1, TT_ROLE_NORMAL, "x"); /* lands on 中's second half */
    char *got = row(c, 0);
    assert_string_equal(got, " x文中文");
    free(got);
    tt_draw_text(c, r, 0, 2, -1, TT_ROLE_NORMAL, "y"); /* lands on 文's first half */
    got = row(c, 0);
    assert_string_equal(got, " xy 中文");
    free(got);
    /* a wide character at the last column is not drawn half */
    tt_canvas_clear(c);
    tt_draw_text(c, r, 0, 9, -1, TT_ROLE_NORMAL, "中");
    got = row(c, 0);
    assert_string_equal(got, "");
    free(got);
    /* clipping to a rectangle */
    struct tt_rect box = {0, 2, 1, 3};
    assert_int_equal(tt_draw_text(c, box, 0, 0, -1, TT_ROLE_MUTED, "abcdef"), 3);
    got = row(c, 0);
    assert_string_equal(got, "  abc");
    assert_int_equal(c->cells[2].role, TT_ROLE_MUTED);
    free(got);
    assert_int_equal(tt_draw_text(c, box, 1, 0, -1, TT_ROLE_MUTED, "x"), 0); /* below the box */
    tt_canvas_free(c);
}

static void test_wrap(void **state)
{
    static const struct {
        const char *text;
        int width;
        const char *want; /* lines joined with '|' */
    } cases[] = {
        {"the quick brown fox", 9, "the quick|brown fox"},
        {"the quick brown fox", 10, "the quick|brown fox"},
        {"supercalifragilistic", 8, "supercal|ifragili|stic"},
        {"一二三四五六七", 5, "一二|三四|五六|七"},
        {"一二三四五六七", 6, "一二三|四五六|七"},
        {"para one\n\npara two", 20, "para one||para two"},
        {"", 10, ""},
        {"中", 1, "中"},
        {"mixed 中文 text here", 8, "mixed|中文|text|here"},
        /* grapheme clusters are never split between lines */
        {"👩‍💻👩‍💻👩‍💻", 3, "👩‍💻|👩‍💻|👩‍💻"},
        {"🇩🇪🇫🇷🇮🇹", 5, "🇩🇪🇫🇷|🇮🇹"},
        {"ae\xcc\x81io", 2, "ae\xcc\x81|io"},
        {"👍🏽", 1, "👍🏽"}, /* wider than the width: the whole cluster anyway */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char **lines;
        size_t n = tt_wrap(cases[i].text, cases[i].width, &lines);
        struct tt_buf b = {0};
        for (size_t k = 0; k < n; k++) {
            tt_buf_printf(&b, "%s%s", k ? "|" : "", lines[k]);
            if (cases[i].width > 1)
                assert_true(tt_text_width(lines[k]) <= cases[i].width);
        }
        if (strcmp(tt_buf_str(&b), cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, tt_buf_str(&b), cases[i].want);
        tt_buf_free(&b);
        tt_wrap_free(lines, n);
    }
}

static void test_theme_parse(void **state)
{
    struct tt_err err;
    struct tt_theme *t = tt_theme_parse("# comment\n"
                                        "selection = black cyan bold\n"
                                        "\n"
                                        "sla_breached = bright-white 196 bold, underline\n",
                                        "x.theme", &err);
    if (!t)
        fail_msg("%s", err.msg);
    assert_int_equal(t->roles[TT_ROLE_SELECTION].fg, 0);
    assert_int_equal(t->roles[TT_ROLE_SELECTION].bg, 6);
    assert_int_equal(t->roles[TT_ROLE_SELECTION].attrs, TT_ATTR_BOLD);
    assert_int_equal(t->roles[TT_ROLE_SLA_BREACHED].fg, 15);
    assert_int_equal(t->roles[TT_ROLE_SLA_BREACHED].bg, 196);
    assert_int_equal(t->roles[TT_ROLE_SLA_BREACHED].attrs, TT_ATTR_BOLD | TT_ATTR_UNDERLINE);
    assert_false(t->monochrome);
    tt_theme_free(t);

    static const struct {
        const char *text, *want;
    } bad[] = {
        {"normal = default default\nselektion = red blue\n", "x.theme:2: unknown role 'selektion'"},
        {"selection = red\n", "x.theme:1: role 'selection' needs a foreground and a background"},
        {"\n\nselection = purple blue\n", "x.theme:3: unknown colour 'purple'"},
        {"selection = red 300\n", "x.theme:1: unknown colour '300'"},
        {"selection = red blue blink\n", "x.theme:1: unknown attribute 'blink'"},
        {"selection red blue\n", "x.theme:1: expected 'role = fg bg [attributes]'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tt_err_clear(&err);
        assert_null(tt_theme_parse(bad[i].text, "x.theme", &err));
        if (!tt_has_prefix(err.msg, bad[i].want))
            fail_msg("case %zu: got \"%s\", want \"%s...\"", i, err.msg, bad[i].want);
    }
    /* every role has a name and back */
    for (int r = 0; r < TT_ROLE__COUNT; r++)
        assert_int_equal(tt_role_from_name(tt_role_name((enum tt_role)r)), r);
}

static void test_theme_files(void **state)
{
    /* the shipped themes parse and name every role */
    char *dir = xasprintf("%s/themes", tu_repo_root());
    setenv("TICKETTY_THEMES", dir, 1);
    unsetenv("NO_COLOR");
    struct tt_err err;
    static const char *const names[] = {"default", "monochrome"};
    for (size_t i = 0; i < 2; i++) {
        struct tt_theme *t = tt_theme_load(names[i], &err);
        if (!t)
            fail_msg("%s", err.msg);
        size_t len;
        char *path = xasprintf("%s/%s.theme", dir, names[i]);
        char *text = tt_read_file(path, &len, &err);
        assert_non_null(text);
        for (int r = 0; r < TT_ROLE__COUNT; r++) {
            char *key = xasprintf("\n%s ", tt_role_name((enum tt_role)r));
            if (!strstr(text, key))
                fail_msg("%s does not set role %s", path, tt_role_name((enum tt_role)r));
            free(key);
        }
        assert_int_equal(t->monochrome, i == 1);
        free(text);
        free(path);
        tt_theme_free(t);
    }
    /* NO_COLOR selects monochrome whatever the configuration says */
    setenv("NO_COLOR", "1", 1);
    struct tt_theme *t = tt_theme_load("default", &err);
    assert_non_null(t);
    assert_true(t->monochrome);
    assert_string_equal(t->name, "monochrome");
    tt_theme_free(t);
    unsetenv("NO_COLOR");
    assert_null(tt_theme_load("no-such-theme", &err));
    assert_non_null(strstr(err.msg, "no-such-theme"));
    unsetenv("TICKETTY_THEMES");
    free(dir);
}

static void test_keys_and_help(void **state)
{
    char kb[32];
    assert_string_equal(tt_key_name('j', kb, sizeof kb), "j");
    assert_string_equal(tt_key_name(TT_KEY_PGDN, kb, sizeof kb), "PgDn");
    assert_string_equal(tt_key_name(TT_KEY_CTRL('l'), kb, sizeof kb), "C-l");
    assert_string_equal(tt_key_name(TT_KEY_ENTER, kb, sizeof kb), "Enter");
    assert_string_equal(tt_key_name(0x4e2d, kb, sizeof kb), "中");
    static const struct tt_binding map[] = {
        {'j', 1, "move down"}, {TT_KEY_DOWN, 1, "move down"}, {'x', 2, "delete"}, {0, 0, NULL}};
    assert_int_equal(tt_binding_find(map, TT_KEY_DOWN), 1);
    assert_int_equal(tt_binding_find(map, 'z'), 0);
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    tt_bindings_format(map, "T", fp);
    fclose(fp);
    assert_string_equal(text, "T\n  j, Down            move down\n  x                  delete\n");
    free(text);
    /* the full key listing names every screen and the : commands */
    fp = open_memstream(&text, &len);
    tt_tui_print_keys(fp);
    fclose(fp);
    assert_non_null(strstr(text, "Queue screen"));
    assert_non_null(strstr(text, "Ticket screen"));
    assert_non_null(strstr(text, ":sort updated|breach|id"));
    assert_non_null(strstr(text, "filter as you type"));
    free(text);
    /* a screen's open_key is free on the queue and unique */
    const struct tt_screen_type *queue = tt_screen_type_find("queue");
    assert_non_null(queue);
    for (size_t i = 0; i < tt_screen_types_count; i++) {
        int k = tt_screen_types[i]->open_key;
        if (!k)
            continue;
        if (tt_binding_find(queue->keys, k) || tt_binding_find(tt_listview_keys, k) ||
            tt_binding_find(tt_global_keys, k))
            fail_msg("%s: open key %s is already bound on the queue", tt_screen_types[i]->name,
                     tt_key_name(k, kb, sizeof kb));
        for (size_t j = i + 1; j < tt_screen_types_count; j++)
            if (tt_screen_types[j]->open_key == k)
                fail_msg("%s and %s share the open key %s", tt_screen_types[i]->name,
                         tt_screen_types[j]->name, tt_key_name(k, kb, sizeof kb));
    }
    /* no key is bound twice within one screen's table */
    for (size_t i = 0; i < tt_screen_types_count; i++) {
        const struct tt_binding *k = tt_screen_types[i]->keys;
        for (const struct tt_binding *a = k; a && a->key; a++)
            for (const struct tt_binding *b = a + 1; b->key; b++)
                if (a->key == b->key)
                    fail_msg("%s: key %s bound twice", tt_screen_types[i]->name,
                             tt_key_name(a->key, kb, sizeof kb));
    }
}

static void test_listview(void **state)
{
    struct tt_listview lv = {.cur = 0, .top = 0, .total = 100, .height = 10};
    tt_listview_move(&lv, TT_LV_UP, 100);
    assert_int_equal(lv.cur, 0);
    for (int i = 0; i < 12; i++)
        tt_listview_move(&lv, TT_LV_DOWN, 100);
    assert_int_equal(lv.cur, 12);
    assert_int_equal(lv.top, 3);
    tt_listview_move(&lv, TT_LV_PGDN, 100);
    assert_int_equal(lv.cur, 22);
    assert_int_equal(lv.top, 13);
    tt_listview_move(&lv, TT_LV_END, 100);
    assert_int_equal(lv.cur, 99);
    assert_int_equal(lv.top, 90);
    tt_listview_move(&lv, TT_LV_PGDN, 100);
    assert_int_equal(lv.cur, 99);
    assert_int_equal(lv.top, 90);
    tt_listview_move(&lv, TT_LV_PGUP, 100);
    assert_int_equal(lv.cur, 89);
    assert_int_equal(lv.top, 80);
    tt_listview_move(&lv, TT_LV_HOME, 100);
    assert_int_equal(lv.cur, 0);
    assert_int_equal(lv.top, 0);
    /* unknown total: bounded by what is known */
    struct tt_listview u = {.cur = 0, .top = 0, .total = -1, .height = 10};
    tt_listview_move(&u, TT_LV_PGDN, 15);
    assert_int_equal(u.cur, 10);
    tt_listview_move(&u, TT_LV_PGDN, 15);
    assert_int_equal(u.cur, 14);
    /* an empty list */
    struct tt_listview e = {.cur = 0, .top = 0, .total = 0, .height = 10};
    tt_listview_move(&e, TT_LV_DOWN, 0);
    tt_listview_move(&e, TT_LV_END, 0);
    assert_int_equal(e.cur, 0);
    assert_int_equal(e.top, 0);
}

static void draw_row(void *ud, int64_t index, struct tt_canvas *c, struct tt_rect line)
{
    tt_draw_printf(c, line, 0, 0, -1, TT_ROLE_NORMAL, "%s %lld", (const char *)ud,
                   (long long)index);
}

static void test_listview_draw(void **state)
{
    struct tt_canvas *c = tt_canvas_new(6, 12);
    struct tt_listview lv = {.cur = 7, .top = 0, .total = 10, .height = 1};
    tt_listview_draw(&lv, 10, c, (struct tt_rect){1, 0, 4, 12}, draw_row, "row");
    assert_int_equal(lv.height, 4);
    assert_int_equal(lv.top, 4); /* scrolled so the cursor shows */
    char *dump = tt_canvas_dump(c);
    assert_string_equal(dump, "\nrow 4\nrow 5\nrow 6\nrow 7\n\n");
    free(dump);
    assert_int_equal(c->cells[4 * 12 + 0].role, TT_ROLE_SELECTION); /* row 7, screen row 4 */
    assert_int_equal(c->cells[4 * 12 + 11].role, TT_ROLE_SELECTION);
    assert_int_equal(c->cells[3 * 12 + 0].role, TT_ROLE_NORMAL);
    tt_canvas_free(c);
}

static void test_format_age(void **state)
{
    char buf[32];
    int64_t now = 1777896000; /* 2026-05-04T12:00:00Z */
    tt_format_age(now, now - 30, buf, sizeof buf);
    assert_string_equal(buf, "30s ago");
    tt_format_age(now, now - 300, buf, sizeof buf);
    assert_string_equal(buf, "5m ago");
    tt_format_age(now, now - 7200, buf, sizeof buf);
    assert_string_equal(buf, "2h ago");
    tt_format_age(now, now - 3 * 86400, buf, sizeof buf);
    assert_string_equal(buf, "3d ago");
    tt_format_age(now, now - 90 * 86400, buf, sizeof buf);
    assert_string_equal(buf, "2026-02-03");
    tt_format_age(now, 0, buf, sizeof buf);
    assert_string_equal(buf, "-");
}

/* A cluster longer than a cell (31 bytes) keeps as many of its characters as
 * fit: é with 100 acute accents stays é (it used to show a bare e, another
 * letter), and a long emoji ZWJ chain is cut between code points. */
static void test_draw_long_cluster(void **state)
{
    struct tt_canvas *c = tt_canvas_new(1, 10);
    struct tt_buf b = {0};
    tt_buf_putc(&b, 'e');
    for (int i = 0; i < 100; i++)
        tt_buf_puts(&b, "\xcc\x81");
    tt_buf_putc(&b, 'x');
    assert_int_equal(tt_draw_text(c, tt_canvas_rect(c), 0, 0, -1, TT_ROLE_NORMAL, tt_buf_str(&b)),
                     2);
    const char *ch = c->cells[0].ch;
    assert_int_equal(strncmp(ch, "e\xcc\x81", 3), 0);
    assert_true(strlen(ch) < sizeof c->cells[0].ch);
    assert_int_equal(strlen(ch) % 2, 1); /* e and whole two-byte marks */
    assert_string_equal(c->cells[1].ch, "x");
    tt_buf_free(&b);
    /* a chain of 12 families: 👨 then whole code points, as wide as the chain */
    const char *fam = "👨\xe2\x80\x8d👩\xe2\x80\x8d👧\xe2\x80\x8d👦";
    for (int i = 0; i < 12; i++)
        tt_buf_printf(&b, "%s%s", i ? "\xe2\x80\x8d" : "", fam);
    tt_canvas_clear(c);
    assert_int_equal(tt_draw_text(c, tt_canvas_rect(c), 0, 0, -1, TT_ROLE_NORMAL, tt_buf_str(&b)),
                     2);
    ch = c->cells[0].ch;
    assert_int_equal(strncmp(ch, "👨", 4), 0);
    assert_int_equal(c->cells[0].w, 2);
    size_t len = strlen(ch);
    assert_true(len < sizeof c->cells[0].ch);
    for (size_t at = 0; at < len;) { /* whole code points: every one decodes */
        unsigned int cp;
        at += tt_utf8_decode(ch + at, len - at, &cp);
        assert_int_not_equal(cp, 0xfffd);
    }
    tt_buf_free(&b);
    tt_canvas_free(c);
    (void)state;
}

/* What the terminal backend sends of a cell: a whole cluster only where the
 * terminal was measured to advance as far as curses counts (tmux 3.3 draws
 * 👩‍💻 in 2 columns, 👍🏽 in 4 and ❤️ in 1; kitty 2, 2 and 2), else its first
 * character and marks, padded to the canvas width. */
static void test_glyph_of(void **state)
{
    static const struct tt_glyph_caps tmux = {{2, 4, 1}}, modern = {{2, 2, 2}};
    static const struct {
        const char *cluster;
        int w;
        const struct tt_glyph_caps *caps;
        const char *sent; /* the code points in the cell, UTF-8 */
        int adv;
        const char *pad;
    } cases[] = {
        {"a", 1, NULL, "a", 1, " "},
        {"中", 2, NULL, "中", 2, " "},
        {"e\xcc\x81", 1, NULL, "e\xcc\x81", 1, " "},
        /* five marks: the base and four fill the cell */
        {"e\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85", 1, &tmux, "e\xcc\x81\xcc\x82\xcc\x83\xcc\x84",
         1, " "},
        {"👩‍💻", 2, &tmux, "👩‍💻", 2, " "},
        {"👩‍💻", 2, &modern, "👩‍💻", 2, " "},
        {"👩‍💻", 2, NULL, "👩", 2, " "},
        {"👨‍👩‍👧", 2, &tmux, "👨‍👩‍👧", 2, " "}, /* five code points: fits */
        {"👨‍👩‍👧‍👦", 2, &modern, "👨", 2, " "},         /* seven: the first only */
        {"👍🏽", 2, &tmux, "👍", 2, " "}, /* tmux 3.3 would take 4 columns */
        {"👍🏽", 2, &modern, "👍🏽", 2, " "},
        {"👩🏽‍💻", 2, &tmux, "👩", 2, " "},
        {"👩🏽‍💻", 2, &modern, "👩🏽‍💻", 2, " "},
        {"❤️", 2, &tmux, "❤️", 1, " "}, /* ❤️ in 1 column and a blank */
        {"❤️", 2, &modern, "❤", 1, " "},    /* ❤️ in 2 would push the row */
        {"❤️", 2, NULL, "❤", 1, " "},
        {"1\xef\xb8\x8f\xe2\x83\xa3", 2, &tmux, "1\xef\xb8\x8f\xe2\x83\xa3", 1, " "}, /* 1️⃣ */
        {"🌍\xef\xb8\x8f", 2, NULL, "🌍\xef\xb8\x8f", 2, " "}, /* VS16 on a wide emoji */
        {"🇩🇪", 2, &modern, "🇩", 1, "🇪"},                     /* halves in adjacent cells */
        {"🇩🇪", 2, NULL, "🇩", 1, "🇪"},
        {"🏳️‍🌈", 2, &modern, "🏳", 1, " "}, /* narrow base, joined: first only */
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        struct tt_glyph g;
        tt_glyph_of(cases[i].cluster, cases[i].w, cases[i].caps, 5, &g);
        char got[64] = "", pad[8] = "";
        size_t at = 0;
        for (size_t k = 0; k < g.n; k++)
            at += (size_t)wctomb(got + at, (wchar_t)g.cp[k]);
        got[at] = '\0';
        pad[wctomb(pad, (wchar_t)g.pad)] = '\0';
        if (strcmp(got, cases[i].sent) != 0 || g.adv != cases[i].adv ||
            strcmp(pad, cases[i].pad) != 0)
            fail_msg("case %zu '%s': sent '%s' adv %d pad '%s', want '%s' adv %d pad '%s'", i,
                     cases[i].cluster, got, g.adv, pad, cases[i].sent, cases[i].adv, cases[i].pad);
    }
    (void)state;
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_glyph_of),      cmocka_unit_test(test_draw_cut_wide),
        cmocka_unit_test(test_draw_clusters), cmocka_unit_test(test_overwrite_half_wide),
        cmocka_unit_test(test_wrap),          cmocka_unit_test(test_theme_parse),
        cmocka_unit_test(test_theme_files),   cmocka_unit_test(test_keys_and_help),
        cmocka_unit_test(test_listview),      cmocka_unit_test(test_listview_draw),
        cmocka_unit_test(test_format_age),    cmocka_unit_test(test_draw_long_cluster),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
