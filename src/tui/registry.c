/*
 * registry.c: the console's screens, queue columns, panels and status slots,
 * collected by the build from definitions anywhere in src/ (see
 * scripts/gen-tui-list.sh).  Arrays end with NULL; counts exclude it.
 */
#include <stdlib.h>

#include "ticketty/tui.h"
#include "ticketty/util.h"

#define TT_TUI_SCREEN(n) extern const struct tt_screen_type tt_screen_##n;
#define TT_TUI_QCOL(n)   extern const struct tt_queue_column tt_qcol_##n;
#define TT_TUI_PANEL(n)  extern const struct tt_panel tt_panel_##n;
#define TT_TUI_SLOT(n)   extern const struct tt_status_slot tt_slot_##n;
#include "tui_list.h"
#undef TT_TUI_SCREEN
#undef TT_TUI_QCOL
#undef TT_TUI_PANEL
#undef TT_TUI_SLOT

#define TT_TUI_QCOL(n)
#define TT_TUI_PANEL(n)
#define TT_TUI_SLOT(n)
#define TT_TUI_SCREEN(n) &tt_screen_##n,
const struct tt_screen_type *const tt_screen_types[] = {
#include "tui_list.h"
    NULL};
#undef TT_TUI_SCREEN
#define TT_TUI_SCREEN(n)
const size_t tt_screen_types_count = TT_ARRAY_LEN(tt_screen_types) - 1;

#undef TT_TUI_QCOL
#define TT_TUI_QCOL(n) &tt_qcol_##n,
const struct tt_queue_column *const tt_queue_columns[] = {
#include "tui_list.h"
    NULL};
#undef TT_TUI_QCOL
#define TT_TUI_QCOL(n)
const size_t tt_queue_columns_count = TT_ARRAY_LEN(tt_queue_columns) - 1;

#undef TT_TUI_PANEL
#define TT_TUI_PANEL(n) &tt_panel_##n,
const struct tt_panel *const tt_panels[] = {
#include "tui_list.h"
    NULL};
#undef TT_TUI_PANEL
#define TT_TUI_PANEL(n)
const size_t tt_panels_count = TT_ARRAY_LEN(tt_panels) - 1;

#undef TT_TUI_SLOT
#define TT_TUI_SLOT(n) &tt_slot_##n,
const struct tt_status_slot *const tt_status_slots[] = {
#include "tui_list.h"
    NULL};
#undef TT_TUI_SLOT
const size_t tt_status_slots_count = TT_ARRAY_LEN(tt_status_slots) - 1;

const struct tt_screen_type *tt_screen_type_find(const char *name)
{
    for (size_t i = 0; i < tt_screen_types_count; i++)
        if (tt_streq(tt_screen_types[i]->name, name))
            return tt_screen_types[i];
    return NULL;
}
