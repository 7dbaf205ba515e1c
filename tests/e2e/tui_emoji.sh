#!/bin/sh
# tui_emoji.sh: emoji sequences reach a real terminal (tmux, private socket)
# whole where the terminal draws them in the columns the console counts, and
# the text after them stays in its column either way.
#   Rows whose subjects are equally wide: emoji (👩‍💻🇩🇪👍🏽❤️ and 👨‍👩‍👧🇯🇵1️⃣🌍️,
#   8 columns each) and ASCII (abcdefgh): the marker after them must start in
#   the same terminal column on every row, in the queue and in the ticket view
#   (its header and a comment).  Columns are the terminal's own: tmux's copy
#   mode finds each marker and reports where its cursor is.
#   What tmux itself draws in how many columns is measured first (printf in a
#   pane, then the cursor column): a ZWJ sequence the terminal draws in 2
#   columns must arrive whole (not as its first emoji), and so must 👍🏽 where
#   the terminal draws it in 2 (tmux 3.3 draws it in 4: 👍 arrives, aligned),
#   and ❤️ where the terminal draws it in 1 (a blank follows).
set -u
cd "$(dirname "$0")/../.."
pane=em
. tests/e2e/lib/console.sh
console_env emoji
console_need "console emoji alignment" tmux sqlite3

console_demo 20
now=$(sqlite3 "$db" "SELECT max(at) + 60 FROM ticket_events")
sqlite3 "$db" "UPDATE tickets SET subject = '👩‍💻🇩🇪👍🏽❤️ END-A' WHERE id = 1;
               UPDATE tickets SET subject = 'abcdefgh END-B' WHERE id = 2;
               UPDATE tickets SET subject = 'Café crème e' || char(769) || 'x END-C' WHERE id = 3;
               UPDATE tickets SET subject = '👨‍👩‍👧🇯🇵1️⃣🌍️ END-D' WHERE id = 4;
               INSERT INTO ticket_events (ticket_id, at, type, author_role, author, body)
                 VALUES (1, $now, 'comment', 'agent', 'Alex', '👩‍💻🇩🇪👍🏽❤️ BODY-A'),
                        (2, $now, 'comment', 'agent', 'Alex', 'abcdefgh BODY-B');" \
    && ok "subjects and comments with emoji sequences and combining marks" \
    || notok "subjects and comments with emoji sequences and combining marks"

# How wide tmux draws each sample: print it in a pane, read the cursor column.
T new-session -d -s probe -x 40 -y 5 "LANG=C.UTF-8 sh"
drawn() {
    T send-keys -t probe "clear; printf '$1'; sleep 30" Enter
    i=0
    while [ $i -lt 40 ]; do
        x=$(T display -p -t probe '#{cursor_x}')
        [ "$x" != 0 ] && break
        i=$((i + 1))
        sleep 0.05
    done
    sleep 0.1
    T display -p -t probe '#{cursor_x}'
    T send-keys -t probe C-c
}
w_zwj=$(drawn '👩‍💻') w_mod=$(drawn '👍🏽') w_vs16=$(drawn '❤️')
echo "# tmux $(tmux -V | cut -d' ' -f2) draws 👩‍💻 in $w_zwj, 👍🏽 in $w_mod, ❤️ in $w_vs16 columns"

console_start em 120 30
T kill-session -t probe # after: the last session gone, the server would exit
wait_for "Priority" 15 && ok "the console starts" || notok "the console starts"
T send-keys -t em : s o r t Space i d Enter
wait_for "END-A" && wait_for "END-D" >/dev/null
screen >"$tmp/queue"

# col MARKER: the terminal column of MARKER (copy mode's cursor after a search)
col() {
    T copy-mode -t em
    T send-keys -t em -X history-top
    T send-keys -t em -X search-forward "$1"
    T display -p -t em '#{copy_cursor_y}:#{copy_cursor_x}'
    T send-keys -t em -X cancel
}
a=$(col END-A) b=$(col END-B) c=$(col END-C) d=$(col END-D)
echo "# queue (row:column): END-A $a, END-B $b, END-C $c, END-D $d"
if [ "${a#*:}" = "${b#*:}" ] && [ "${d#*:}" = "${b#*:}" ] && [ "${a%:*}" != "${b%:*}" ]; then
    ok "queue: after 👩‍💻🇩🇪👍🏽❤️ and 👨‍👩‍👧🇯🇵1️⃣🌍️ the text starts where it does after 8 ASCII columns"
else
    notok "queue: after 👩‍💻🇩🇪👍🏽❤️ and 👨‍👩‍👧🇯🇵1️⃣🌍️ the text starts where it does after 8 ASCII columns"
fi
# "Café crème éx " is 14 columns, 5 more than "abcdefgh "
if [ "${c#*:}" -eq $((${b#*:} + 5)) ]; then
    ok "a combining accent takes no column"
else
    notok "a combining accent takes no column"
fi
# the columns after the subject: every requester starts in one column
r1=$(col "$(sqlite3 "$db" "SELECT c.name FROM tickets t JOIN contacts c ON c.id = t.requester_id WHERE t.id = 1")")
r2=$(col "$(sqlite3 "$db" "SELECT c.name FROM tickets t JOIN contacts c ON c.id = t.requester_id WHERE t.id = 2")")
n1=$(sqlite3 "$db" "SELECT length(c.name) FROM tickets t JOIN contacts c ON c.id = t.requester_id WHERE t.id = 1")
n2=$(sqlite3 "$db" "SELECT length(c.name) FROM tickets t JOIN contacts c ON c.id = t.requester_id WHERE t.id = 2")
[ $((${r1#*:} - n1)) -eq $((${r2#*:} - n2)) ] && ok "queue: the requester column stays aligned" \
    || notok "queue: the requester column stays aligned (${r1#*:}-$n1 vs ${r2#*:}-$n2)"

row_of() { grep -F -- "$1" "$2" | head -1; }
whole() { # WHAT WANT SHOWN
    if [ "$2" = yes ]; then
        echo "$3" | grep -qF -- "$1" && ok "$1 arrives whole" || notok "$1 arrives whole"
    else
        echo "$3" | grep -qF -- "$1" && notok "$1 is held back: tmux draws it wider than its cell" \
            || ok "$1 is held back: tmux draws it wider than its cell"
    fi
}
rowa=$(row_of END-A "$tmp/queue") rowd=$(row_of END-D "$tmp/queue")
zwj=no mod=no vs16=no
[ "$w_zwj" = 2 ] && zwj=yes
[ "$w_mod" = 2 ] && mod=yes
[ "$w_vs16" = 1 ] && vs16=yes
whole '👩‍💻' $zwj "$rowa"
whole '👨‍👩‍👧' $zwj "$rowd"
whole '👍🏽' $mod "$rowa"
whole '❤️' $vs16 "$rowa"
echo "$rowa" | grep -qF '🇩🇪' && echo "$rowd" | grep -qF '🇯🇵' \
    && ok "flags arrive whole (their halves side by side)" || notok "flags arrive whole (their halves side by side)"
echo "$rowd" | grep -qF '🌍️' && ok "🌍️ (VS16 on a wide emoji) arrives whole" \
    || notok "🌍️ (VS16 on a wide emoji) arrives whole"

# the ticket view: the subject in the header, the comment in the conversation
T send-keys -t em : 1 Enter
wait_for "Ticket #1" >/dev/null
T send-keys -t em G
wait_for "BODY-A" || notok "the comment shows"
ta=$(col END-A) ba=$(col BODY-A)
screen >"$tmp/ticket1"
T send-keys -t em q : 2 Enter
wait_for "Ticket #2" >/dev/null
T send-keys -t em G
wait_for "BODY-B" || notok "the comment shows"
tb=$(col END-B) bb=$(col BODY-B)
echo "# ticket view: END-A $ta, END-B $tb, BODY-A $ba, BODY-B $bb"
[ "${ta#*:}" = "${tb#*:}" ] && [ "${ta#*:}" -gt 0 ] && ok "ticket view: the subject after emoji stays aligned" \
    || notok "ticket view: the subject after emoji stays aligned"
[ "${ba#*:}" = "${bb#*:}" ] && [ "${ba#*:}" -gt 0 ] && ok "ticket view: a comment's text after emoji stays aligned" \
    || notok "ticket view: a comment's text after emoji stays aligned"
whole '👩‍💻' $zwj "$(row_of BODY-A "$tmp/ticket1")"
T send-keys -t em q Q
[ "$failed" -eq 0 ]
