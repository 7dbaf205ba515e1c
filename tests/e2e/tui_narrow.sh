#!/bin/sh
# tui_narrow.sh: the console's lists in a narrow tmux pane (private socket).
# At 40 columns the queue keeps id, subject and SLA with the subject readable
# (it used to shrink to "…" below about 50 columns), at 30 subject and SLA;
# resizing re-lays the columns; breaching and health keep their subject and
# name.  (That nothing is drawn past the edge is checked on the canvas, in
# test_tui_console: a tmux pane clips whatever it is sent.)
set -u
cd "$(dirname "$0")/../.."
pane=nw
. tests/e2e/lib/console.sh
console_env narrow
console_need "console on a narrow terminal" tmux sqlite3

console_demo 40
# one subject to look for, whatever the order
sqlite3 "$db" "UPDATE tickets SET subject = 'Invoice export fails every Monday' WHERE id = 1;"
console_start nw 40 20
wait_for "Subject" 15 && ok "the console starts at 40x20" || notok "the console starts at 40x20"
T send-keys -t nw : s o r t Space i d Enter
if wait_re '^ #  *Subject  *SLA' && wait_for "Invoice export fails"; then
    ok "40 columns: id, subject (readable) and SLA"
else
    notok "40 columns: id, subject (readable) and SLA"
fi
T resize-window -t nw -x 30 -y 20 >/dev/null 2>&1
if wait_re '^ Subject  *SLA' && wait_for "Invoice export fa"; then
    ok "30 columns: subject and SLA"
else
    notok "30 columns: subject and SLA"
fi
T resize-window -t nw -x 100 -y 20 >/dev/null 2>&1
wait_re '^ #  *Priority  *Status  *Subject' && ok "back at 100 columns, the columns come back" \
    || notok "back at 100 columns, the columns come back"
T resize-window -t nw -x 40 -y 20 >/dev/null 2>&1
T send-keys -t nw B
if wait_re '^ LEFT  *#  *SUBJECT'; then
    ok "breaching at 40 columns keeps the subject"
else
    notok "breaching at 40 columns keeps the subject"
fi
T send-keys -t nw q H
if wait_re '^ NAME  *SCORE STATUS'; then
    ok "health at 40 columns keeps name, score and status"
else
    notok "health at 40 columns keeps name, score and status"
fi
T send-keys -t nw Q
[ "$failed" -eq 0 ]
