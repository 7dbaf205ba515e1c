/*
 * columns.c: fitting the columns of a list screen into the terminal's width.
 *
 * List screens (the queue, breaching, health) describe their columns as
 * (width, min_width, drop) and draw them where tt_columns_fit says.  On a
 * narrow terminal (a tmux split, 40 columns) the flexible column (a subject,
 * a name) keeps a readable width: lower-value columns are dropped first, in
 * the order their `drop` ranks give, and nothing is laid out past the edge.
 */
#include "ticketty/tui.h"

static int flex_min(const struct tt_col_spec *c)
{
    return c->min_width > 0 ? c->min_width : 10;
}

/* Cells the shown columns need: fixed widths, flexible minimums (raised to
 * what a shown column's min_flex asks), blanks. */
static int needed(const struct tt_col_spec *spec, size_t n, const int *w)
{
    int need = 0, shown = 0, floor = 0;
    for (size_t i = 0; i < n; i++)
        if (w[i] >= 0 && spec[i].min_flex > floor)
            floor = spec[i].min_flex;
    for (size_t i = 0; i < n; i++) {
        if (w[i] < 0)
            continue;
        shown++;
        if (spec[i].width > 0)
            need += spec[i].width;
        else
            need += flex_min(&spec[i]) > floor ? flex_min(&spec[i]) : floor;
    }
    return need + (shown > 1 ? shown - 1 : 0);
}

void tt_columns_fit(const struct tt_col_spec *spec, size_t n, int width, int *w)
{
    if (width < 0)
        width = 0;
    for (size_t i = 0; i < n; i++)
        w[i] = spec[i].width > 0 ? spec[i].width : 0;
    /* drop ranked columns, highest drop first, the rightmost of a tie */
    while (needed(spec, n, w) > width) {
        int drop = -1;
        for (size_t i = 0; i < n; i++)
            if (w[i] >= 0 && spec[i].drop > 0 && (drop < 0 || spec[i].drop >= spec[drop].drop))
                drop = (int)i;
        if (drop < 0)
            break;
        w[drop] = -1;
    }
    /* still too narrow: fixed columns go, the rightmost first, while one is
     * left beside a flexible column (or, without one, while over the width) */
    bool has_flex = false;
    for (size_t i = 0; i < n; i++)
        has_flex |= spec[i].width <= 0;
    while (needed(spec, n, w) > width) {
        int drop = -1, shown = 0;
        for (size_t i = 0; i < n; i++) {
            if (w[i] < 0)
                continue;
            shown++;
            if (spec[i].width > 0)
                drop = (int)i;
        }
        if (drop < 0 || (!has_flex && shown == 1))
            break;
        w[drop] = -1;
    }
    /* share the rest among the flexible columns; a lone column left wider
     * than the screen is cut to it */
    int used = 0, flex = 0, shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] < 0)
            continue;
        shown++;
        if (spec[i].width > 0)
            used += w[i];
        else
            flex++;
    }
    int spare = width - used - (shown > 1 ? shown - 1 : 0);
    for (size_t i = 0; i < n; i++) {
        if (w[i] < 0)
            continue;
        if (spec[i].width <= 0) {
            int share = flex > 0 ? spare / flex : 0;
            w[i] = share > 0 ? share : 0;
            spare -= w[i];
            flex--;
        } else if (w[i] > width) {
            w[i] = width;
        }
    }
}
