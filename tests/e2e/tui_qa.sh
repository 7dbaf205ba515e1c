#!/bin/sh
# tui_qa.sh: console regressions that need the real terminal (tmux, private
# socket): a ticket whose conversation holds a 16 MB comment (a pasted log)
# opens and scrolls to its end promptly; wrapping it used to cost a strlen of
# the rest of the paragraph per line, minutes for a body this size.  And a
# console under a locale that is not UTF-8 says why text shows as blanks, and
# one on a terminal that cannot move the cursor (TERM=dumb) is refused.
set -u
cd "$(dirname "$0")/../.."
pane=qa
. tests/e2e/lib/console.sh
console_env tuiqa
console_need "console QA checks" tmux sqlite3

console_demo 20
# one paragraph of 2 million words ("logline"), then a last word to look for
sqlite3 "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000)
  INSERT INTO ticket_events (ticket_id, at, type, author_role, author, public, body)
  SELECT 5, strftime('%s', 'now'), 'comment', 'end_user', 'Pasted Log', 1,
         (SELECT group_concat('logline', ' ') FROM n) || ' THE-LAST-WORD';" \
    && ok "a 16 MB comment on ticket 5" || notok "a 16 MB comment on ticket 5"

console_start qa 120 30 --ticket 5
if wait_for "Ticket #5" 15 && wait_for "0%" 5; then
    ok "the ticket with the 16 MB comment opens"
else
    notok "the ticket with the 16 MB comment opens"
fi
T send-keys -t qa G
if wait_for "THE-LAST-WORD" 15; then
    ok "G shows the end of the 16 MB comment"
else
    notok "G shows the end of the 16 MB comment"
fi
T resize-window -t qa -x 90 -y 30 >/dev/null 2>&1
T send-keys -t qa G
if wait_for "THE-LAST-WORD" 15; then
    ok "re-wrapped at a new width, the end is still there"
else
    notok "re-wrapped at a new width, the end is still there"
fi
T send-keys -t qa Q

# Under a locale that is not UTF-8 (LANG unset in a container) curses shows
# every non-ASCII character as a blank: the console says so at start.
T new-session -d -s c -x 120 -y 20 \
    "env -u LC_ALL -u LC_CTYPE LANG=C TERM=xterm-256color '$bin' --db '$db' --kb '$tmp/kb'"
pane=c
if wait_for "the locale is not UTF-8"; then
    ok "a console under LANG=C says the locale is not UTF-8"
else
    notok "a console under LANG=C says the locale is not UTF-8"
fi
T send-keys -t c Q
T new-session -d -s u -x 120 -y 20 \
    "env -u LC_ALL -u LC_CTYPE LANG=C.UTF-8 TERM=xterm-256color '$bin' --db '$db' --kb '$tmp/kb'"
pane=u
if wait_for "? help" && ! screen | grep -qF "not UTF-8"; then
    ok "a console under LANG=C.UTF-8 shows no locale warning"
else
    notok "a console under LANG=C.UTF-8 shows no locale warning"
fi
T send-keys -t u Q

# TERM=dumb (an editor's shell buffer) cannot move the cursor: the console
# refuses it by name with exit 1 instead of running on a blank screen.
T new-session -d -s d -x 120 -y 20 \
    "TERM=dumb '$bin' --db '$db' --kb '$tmp/kb' 2>'$tmp/dumb.out'; echo \$? >'$tmp/dumb.rc'"
i=0
while [ $i -lt 200 ] && [ ! -s "$tmp/dumb.rc" ]; do
    i=$((i + 1))
    sleep 0.05
done
if [ "$(cat "$tmp/dumb.rc" 2>/dev/null)" = 1 ] &&
    grep -q "terminal type 'dumb' cannot move the cursor" "$tmp/dumb.out"; then
    ok "TERM=dumb is refused by name with exit 1"
else
    notok "TERM=dumb is refused by name with exit 1"
    T send-keys -t d Q >/dev/null 2>&1
fi
exit $failed
