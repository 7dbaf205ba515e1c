#!/bin/sh
# tui_late_answers.sh: the terminal's answers to the console's start-up
# questions (where the cursor went after each emoji sample, ESC [ 1 ; col R,
# then the device attributes, ESC [ ? ... c) coming after the console stopped
# waiting for them (250 ms; a slow ssh link, a loaded machine) are not keys:
# the help screen does not open ('?'), the filter stays (Esc, 'c'), no "no
# such key" message, and the emoji measured late are used once all answers
# are in.  The console runs in tmux under tests/e2e/lib/slowlink.py, a pty
# relay that holds tmux's answers back (keys pass at once) and lets them go
# whole, or one byte at a time 60 ms apart (an answer cut anywhere, after its
# ESC too); then from the start, one byte at a time (the console's wait ends
# in the middle of an answer).  Keys typed while answers are expected (M-x,
# Esc, F1) still act; keys typed before the console reads them (é, 日本 at
# the / prompt) come back as the characters.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/console.sh
console_env late
console_need "console late terminal answers" tmux python3 sqlite3

console_demo 20
sqlite3 "$db" "UPDATE tickets SET subject = '👩‍💻 LATE-A' WHERE id = 1" \
    && ok "a ticket whose subject starts with 👩‍💻" || notok "a ticket whose subject starts with 👩‍💻"

# How wide tmux draws 👩‍💻 (as tui_emoji.sh): print it, read the cursor column.
T new-session -d -s probe -x 40 -y 5 "LANG=C.UTF-8 sh"
T send-keys -t probe "clear; printf '👩‍💻'; sleep 30" Enter
i=0
while [ $i -lt 40 ] && [ "$(T display -p -t probe '#{cursor_x}')" = 0 ]; do
    i=$((i + 1))
    sleep 0.05
done
sleep 0.1
w_zwj=$(T display -p -t probe '#{cursor_x}')
echo "# tmux $(tmux -V | cut -d' ' -f2) draws 👩‍💻 in $w_zwj columns"

# start S PRE RELAY-ARGS...: the console on $db in session S under the relay
# (log $tmp/S.log, release file $tmp/S.go); PRE runs before the console
start() {
    _s=$1 _pre=$2
    shift 2
    T new-session -d -s "$_s" -x 100 -y 24 \
        "LANG=C.UTF-8 TERM=xterm-256color python3 '$root/tests/e2e/lib/slowlink.py' $* \
         --log '$tmp/$_s.log' -- sh -c \"$_pre exec '$bin' --db '$db' --kb '$tmp/kb' console\"; \
         sleep 600"
}
logged() { # S TEXT [SECONDS]: wait for the relay to log TEXT
    _n=$((${3:-10} * 20))
    while [ $_n -gt 0 ]; do
        grep -qF -- "$2" "$tmp/$1.log" 2>/dev/null && return 0
        _n=$((_n - 1))
        sleep 0.05
    done
    echo "# the relay did not log '$2'"
    return 1
}
# never REGEX SECONDS: no line of the pane matches REGEX at any time for that
# long (polled every 50 ms: a message stays until the next key)
never() {
    _n=$(($2 * 20))
    while [ $_n -gt 0 ]; do
        if screen | grep -qE -- "$1"; then
            screen | sed 's/^/# | /'
            return 1
        fi
        _n=$((_n - 1))
        sleep 0.05
    done
    return 0
}
bad='no such key|filter cleared|q quits|Help|^[:/]'
title() { screen | head -1; }
row_a() { screen | grep -F 'LATE-A' | head -1; }
caps_check() { # WHAT: after every answer, 👩‍💻 goes out whole where tmux draws it in 2
    if [ "$w_zwj" = 2 ]; then
        wait_re '👩‍💻 +LATE-A' 5 && ok "$1: measured late, 👩‍💻 goes out whole" \
            || notok "$1: measured late, 👩‍💻 goes out whole"
    else
        row_a | grep -qF '👩‍💻' && notok "$1: 👩‍💻 held back (tmux draws it in $w_zwj)" \
            || ok "$1: 👩‍💻 held back (tmux draws it in $w_zwj)"
    fi
}

# held SESSION WHAT GAP: answers held until the filter is typed, then let go
held() {
    pane=$1
    start "$1" "" --hold-until "'$tmp/$1.go'" --gap "$3"
    wait_for "Priority" 15 && logged "$1" "answers held" 5 \
        && ok "$2: the console starts with the answers held back" \
        || notok "$2: the console starts with the answers held back"
    row_a | grep -qF '👩‍💻' && notok "$2: before the answers, 👩‍💻 is not sent whole" \
        || ok "$2: before the answers, 👩‍💻 is not sent whole"
    T send-keys -t "$1" / l a t e - a Enter
    wait_for "filter: late-a" && ok "$2: a filter typed" || notok "$2: a filter typed"
    touch "$tmp/$1.go"
    logged "$1" "answers passed" 10 || notok "$2: the answers reach the console"
    never "$bad" 1 && ok "$2: no key message, no help screen, no prompt after the answers" \
        || notok "$2: no key message, no help screen, no prompt after the answers"
    # keys after the answers are handled after them
    T send-keys -t "$1" : s o r t Space i d Enter
    wait_for "sorted by id" && ok "$2: a command typed after the answers runs" \
        || notok "$2: a command typed after the answers runs"
    screen | grep -qF "filter: late-a" && ok "$2: the filter is untouched" \
        || notok "$2: the filter is untouched"
    title | grep -q "Help" && notok "$2: the help screen did not open" \
        || ok "$2: the help screen did not open"
    caps_check "$2"
    T send-keys -t "$1" Q
}

held whole "answers whole, 2 s late" 0
held bytes "answers byte by byte, 60 ms apart, late" 60

# From the start, one byte every 60 ms: the 250 ms wait ends inside an answer.
pane=trickle
start trickle "" --gap 60
wait_for "Priority" 15 && ok "answers trickling: the console starts" \
    || notok "answers trickling: the console starts"
logged trickle "answers passed" 10 || notok "answers trickling: the answers reach the console"
never "$bad" 1 && ok "answers trickling: no key message, no help screen, no prompt" \
    || notok "answers trickling: no key message, no help screen, no prompt"
caps_check "answers trickling"
T send-keys -t trickle / L A T E - A Enter
wait_for "filter: LATE-A" && ok "answers trickling: keys after them work" \
    || notok "answers trickling: keys after them work"
T send-keys -t trickle Q

# Answers that never come: for the 5 s the console expects them, keys are
# keys (M-x, Esc alone after its short wait, F1, an arrow).
pane=never
start never "" --hold-until "'$tmp/never.go'"
wait_for "Priority" 15 && logged never "answers held" 5 || notok "no answers: the console starts"
T send-keys -t never M-x
wait_for "M-x: no such key" && ok "no answers yet: M-x is M-x" || notok "no answers yet: M-x is M-x"
T send-keys -t never Escape
wait_for "Esc does not quit here" && ok "no answers yet: Esc is Esc" || notok "no answers yet: Esc is Esc"
T send-keys -t never F1
wait_for "Queue › Help" && ok "no answers yet: F1 opens the help" \
    || notok "no answers yet: F1 opens the help"
T send-keys -t never q
wait_gone "Queue › Help" >/dev/null
id2=$(screen | sed -n 5p | awk '{print $1}') # the second row's ticket
T send-keys -t never Down Enter
wait_for "Ticket #$id2" && ok "no answers yet: q closes the help, Down and Enter open the second row" \
    || notok "no answers yet: q closes the help, Down and Enter open the second row"
T send-keys -t never Q

# Keys typed before the console reads them (during its start-up questions):
# é and 日本 come back whole, not as bytes.
pane=ahead
start ahead "sleep 1;" --hold-until "'$tmp/ahead.go'"
logged ahead ready 5
T send-keys -t ahead -l "/café日本"
wait_for "Priority" 15 && logged ahead "answers held" 5 || notok "typeahead: the console starts"
if wait_re '^/café日本' 5; then
    ok "typeahead: é and 日本 typed during the start-up questions reach the / prompt whole"
else
    notok "typeahead: é and 日本 typed during the start-up questions reach the / prompt whole"
fi
touch "$tmp/ahead.go"
logged ahead "answers passed" 10
T send-keys -t ahead Enter
wait_for "filter: café日本" && ok "typeahead: the filter is what was typed" \
    || notok "typeahead: the filter is what was typed"
T send-keys -t ahead Q
[ "$failed" -eq 0 ]
