#!/bin/sh
# Emit the console's registries from definitions that start a line in the given
# source files (src/tui/registry.c expands them), so a module adds a screen,
# a queue column, a ticket-screen panel or a status-line slot without editing
# a shared list:
#   const struct tt_screen_type tt_screen_NAME = {   -> TT_TUI_SCREEN(NAME)
#   const struct tt_queue_column tt_qcol_NAME = {    -> TT_TUI_QCOL(NAME)
#   const struct tt_panel tt_panel_NAME = {          -> TT_TUI_PANEL(NAME)
#   const struct tt_status_slot tt_slot_NAME = {     -> TT_TUI_SLOT(NAME)
grep -ho '^const struct tt_screen_type tt_screen_[a-z0-9_]*' "$@" | sed 's/.*tt_screen_\(.*\)/TT_TUI_SCREEN(\1)/' | sort
grep -ho '^const struct tt_queue_column tt_qcol_[a-z0-9_]*' "$@" | sed 's/.*tt_qcol_\(.*\)/TT_TUI_QCOL(\1)/' | sort
grep -ho '^const struct tt_panel tt_panel_[a-z0-9_]*' "$@" | sed 's/.*tt_panel_\(.*\)/TT_TUI_PANEL(\1)/' | sort
grep -ho '^const struct tt_status_slot tt_slot_[a-z0-9_]*' "$@" | sed 's/.*tt_slot_\(.*\)/TT_TUI_SLOT(\1)/' | sort
exit 0
