/*
 * keys.c: key names, binding tables and the help generated from them.
 *
 * A binding row is (key, action, help).  Rows that share an action are one
 * help line ("j, Down  move down"), so help, `ticketty keys` and the man page
 * cannot drift from what the keys do.
 */
#include <stdio.h>
#include <string.h>

#include "ticketty/tui.h"
#include "ticketty/util.h"

const struct tt_binding tt_global_keys[] = {
    {'q', TT_ACT_BACK, "close the screen (on the queue: quit)"},
    {TT_KEY_ESC, TT_ACT_BACK, "close the screen (on the queue: clear the filter; never quits)"},
    {'Q', TT_ACT_QUIT, "quit ticketty"},
    {'?', TT_ACT_HELP, "help: the keys of this screen"},
    {TT_KEY_F1, TT_ACT_HELP, "help: the keys of this screen"},
    {':', TT_ACT_COMMAND, "command line (:q, :N, :ticket N, :sort ..., :help)"},
    {TT_KEY_CTRL('l'), TT_ACT_REDRAW, "redraw the screen"},
    {TT_KEY_CTRL('c'), TT_ACT_INTERRUPT,
     "in a prompt: cancel it (like Esc); elsewhere: ask \"Quit ticketty?\" (y or C-c quits)"},
    {0, 0, NULL},
};

const char *tt_key_name(int key, char *buf, size_t size)
{
    static const struct {
        int key;
        const char *name;
    } names[] = {
        {TT_KEY_TAB, "Tab"},     {TT_KEY_ENTER, "Enter"},
        {TT_KEY_ESC, "Esc"},     {TT_KEY_BACKSPACE, "BS"},
        {TT_KEY_UP, "Up"},       {TT_KEY_DOWN, "Down"},
        {TT_KEY_LEFT, "Left"},   {TT_KEY_RIGHT, "Right"},
        {TT_KEY_PGUP, "PgUp"},   {TT_KEY_PGDN, "PgDn"},
        {TT_KEY_HOME, "Home"},   {TT_KEY_END, "End"},
        {TT_KEY_DELETE, "Del"},  {TT_KEY_RESIZE, "(resize)"},
        {TT_KEY_TICK, "(tick)"}, {TT_KEY_F1, "F1"},
        {' ', "Space"},
    };
    if (key > 0 && (key & TT_KEY_ALT_BIT)) {
        char inner[24];
        snprintf(buf, size, "M-%s", tt_key_name(key & ~TT_KEY_ALT_BIT, inner, sizeof inner));
        return buf;
    }
    for (size_t i = 0; i < TT_ARRAY_LEN(names); i++)
        if (names[i].key == key) {
            snprintf(buf, size, "%s", names[i].name);
            return buf;
        }
    if (key > 0 && key < 0x20) {
        snprintf(buf, size, "C-%c", key + 'a' - 1);
        return buf;
    }
    if (key >= 0x20 && key < 0x110000) {
        char u[5] = {0};
        unsigned c = (unsigned)key;
        if (c < 0x80) {
            u[0] = (char)c;
        } else if (c < 0x800) {
            u[0] = (char)(0xc0 | (c >> 6));
            u[1] = (char)(0x80 | (c & 0x3f));
        } else if (c < 0x10000) {
            u[0] = (char)(0xe0 | (c >> 12));
            u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
            u[2] = (char)(0x80 | (c & 0x3f));
        } else {
            u[0] = (char)(0xf0 | (c >> 18));
            u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
            u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
            u[3] = (char)(0x80 | (c & 0x3f));
        }
        snprintf(buf, size, "%s", u);
        return buf;
    }
    snprintf(buf, size, "key-%d", key);
    return buf;
}

int tt_binding_find(const struct tt_binding *map, int key)
{
    for (; map && map->key; map++)
        if (map->key == key)
            return map->action;
    return 0;
}

void tt_bindings_format(const struct tt_binding *map, const char *title, FILE *out)
{
    if (title)
        fprintf(out, "%s\n", title);
    for (const struct tt_binding *b = map; b && b->key; b++) {
        bool seen = false;
        for (const struct tt_binding *e = map; e < b; e++)
            if (e->action == b->action && tt_streq(e->help, b->help))
                seen = true;
        if (seen)
            continue;
        char keys[64] = "", kb[32];
        for (const struct tt_binding *e = b; e->key; e++) {
            if (e->action != b->action || !tt_streq(e->help, b->help))
                continue;
            if (keys[0])
                strncat(keys, ", ", sizeof keys - strlen(keys) - 1);
            strncat(keys, tt_key_name(e->key, kb, sizeof kb), sizeof keys - strlen(keys) - 1);
        }
        fprintf(out, "  %-18s %s\n", keys, b->help);
    }
}

/* ---- list view ---------------------------------------------------------- */

const struct tt_binding tt_listview_keys[] = {
    {'j', TT_LV_DOWN, "move down"},
    {TT_KEY_DOWN, TT_LV_DOWN, "move down"},
    {'k', TT_LV_UP, "move up"},
    {TT_KEY_UP, TT_LV_UP, "move up"},
    {TT_KEY_PGDN, TT_LV_PGDN, "page down"},
    {' ', TT_LV_PGDN, "page down"},
    {TT_KEY_CTRL('f'), TT_LV_PGDN, "page down"},
    {TT_KEY_PGUP, TT_LV_PGUP, "page up"},
    {TT_KEY_CTRL('b'), TT_LV_PGUP, "page up"},
    {'g', TT_LV_HOME, "first row"},
    {TT_KEY_HOME, TT_LV_HOME, "first row"},
    {'G', TT_LV_END, "last row"},
    {TT_KEY_END, TT_LV_END, "last row"},
    {0, 0, NULL},
};

void tt_listview_clamp(struct tt_listview *lv, int64_t known)
{
    int64_t n = lv->total >= 0 ? lv->total : known;
    int h = lv->height > 0 ? lv->height : 1;
    if (lv->cur >= n)
        lv->cur = n - 1;
    if (lv->cur < 0)
        lv->cur = 0;
    if (lv->top > lv->cur)
        lv->top = lv->cur;
    if (lv->cur >= lv->top + h)
        lv->top = lv->cur - h + 1;
    if (lv->total >= 0 && lv->top > lv->total - h)
        lv->top = lv->total - h;
    if (lv->top < 0)
        lv->top = 0;
}

void tt_listview_move(struct tt_listview *lv, int how, int64_t known)
{
    int h = lv->height > 0 ? lv->height : 1;
    switch (how) {
    case TT_LV_DOWN:
        lv->cur++;
        break;
    case TT_LV_UP:
        lv->cur--;
        break;
    case TT_LV_PGDN:
        lv->cur += h;
        lv->top += h;
        break;
    case TT_LV_PGUP:
        lv->cur -= h;
        lv->top -= h;
        break;
    case TT_LV_HOME:
        lv->cur = 0;
        lv->top = 0;
        break;
    case TT_LV_END:
        lv->cur = (lv->total >= 0 ? lv->total : known) - 1;
        break;
    }
    if (lv->top < 0)
        lv->top = 0;
    int64_t n = lv->total >= 0 ? lv->total : known;
    /* PgDn past the end keeps the last page full */
    if (how == TT_LV_PGDN && lv->top > n - h)
        lv->top = n - h > 0 ? n - h : 0;
    tt_listview_clamp(lv, known);
}

void tt_listview_draw(struct tt_listview *lv, int64_t known, struct tt_canvas *c, struct tt_rect r,
                      void (*row)(void *ud, int64_t index, struct tt_canvas *c,
                                  struct tt_rect line),
                      void *ud)
{
    lv->height = r.h > 0 ? r.h : 1;
    tt_listview_clamp(lv, known);
    int64_t n = lv->total >= 0 ? lv->total : known;
    for (int y = 0; y < r.h && lv->top + y < n; y++) {
        struct tt_rect line = {r.y + y, r.x, 1, r.w};
        row(ud, lv->top + y, c, line);
        if (lv->top + y == lv->cur)
            tt_draw_role(c, line, TT_ROLE_SELECTION);
    }
}
