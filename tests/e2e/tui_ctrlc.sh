#!/bin/sh
# tui_ctrlc.sh: C-c in the console on a real terminal (tmux, private socket).
# C-c in a prompt cancels the prompt and the console goes on, with the keys
# typed after it handled (none flushed away); C-c elsewhere asks "Quit
# ticketty?" (another key stays, C-c again quits); a SIGINT sent with kill
# asks the same; SIGTERM quits cleanly; a paste of thousands of keys arrives
# whole, and a pasted text of several lines stays text.  Every way out leaves the terminal as it was: the interrupt character
# is ^C again, canonical input and echo on.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/console.sh
console_env ctrlc
console_need "console C-c checks" tmux

console_demo 20

# start SESSION: the console in its own session; after it exits the shell
# prints its status and the terminal settings it left
start() {
    T new-session -d -s "$1" -x 100 -y 30 \
        "LANG=C.UTF-8 TERM=xterm-256color '$bin' --db '$db' --kb '$tmp/kb' console; \
         echo \"console exited \$?\"; stty -a; sleep 600"
}
# the console's pid (the child of the session's shell)
console_pid() { pgrep -P "$(T display -p -t "$pane" '#{pane_pid}')" ticketty; }
# the terminal after the console: ^C interrupts, lines and echo are back
restored() {
    screen | grep -q 'intr = ^C;' && screen | grep -qw icanon && ! screen | grep -qw -- -icanon \
        && screen | grep -qw echo && ! screen | grep -qw -- -echo
}

pane=tt
start tt
wait_for "Priority" 15 && ok "the console starts" || notok "the console starts"

# Esc on the queue never quits; Alt-q (ESC q at once) is one key, not Esc then q
T send-keys -t tt Escape
if wait_for "q quits" && screen | grep -q "Priority"; then
    ok "Esc on the queue does not quit: the status line says q quits"
else
    notok "Esc on the queue does not quit: the status line says q quits"
fi
T send-keys -t tt M-q
if wait_for "M-q: no such key" && screen | grep -q "Priority"; then
    ok "Alt-q on the queue is one key (M-q), not Esc then q: the console stays"
else
    notok "Alt-q on the queue is one key (M-q), not Esc then q: the console stays"
fi

T send-keys -t tt / z z z q
wait_for "/zzzq" && ok "the / prompt shows what is typed" || notok "the / prompt shows what is typed"
T send-keys -t tt C-c
if wait_gone "/zzzq" && screen | grep -q "Priority"; then
    ok "C-c cancels the / prompt and the console goes on"
else
    notok "C-c cancels the / prompt and the console goes on"
fi

# a half-typed command, C-c, then at once another command: nothing typed is lost
T send-keys -t tt : t i c k e t Space 1 C-c : 3 Enter
if wait_for "Ticket #3" && ! screen | grep -q "Ticket #1 "; then
    ok "C-c cancels the : prompt; the keys typed after it are handled"
else
    notok "C-c cancels the : prompt; the keys typed after it are handled"
fi

T send-keys -t tt C-c
wait_for "Quit ticketty?" && ok "C-c outside a prompt asks before quitting" \
    || notok "C-c outside a prompt asks before quitting"
T send-keys -t tt n
if wait_gone "Quit ticketty?" && screen | grep -q "Ticket #3"; then
    ok "another key answers no: the console stays on its screen"
else
    notok "another key answers no: the console stays on its screen"
fi

# keys typed ahead (a paste) are all handled, however many: the console
# reads them in batches of 256 and used to drop the key after each batch
note=$(awk 'BEGIN { for (i = 0; i < 700; i++) printf "%sw%d", i ? " " : "", i }')
T send-keys -t tt :
T send-keys -t tt -l "note $note"
T send-keys -t tt Enter
if wait_for "delivered" \
    && "$bin" --db "$db" --kb "$tmp/kb" outbox list --all --json | grep -qF "\"payload\": \"$note\""; then
    ok "a pasted note of ${#note} characters arrives whole"
else
    notok "a pasted note of ${#note} characters arrives whole"
    "$bin" --db "$db" --kb "$tmp/kb" outbox list --all --json | grep payload | cut -c1-400 | sed 's/^/# /'
fi

# a pasted text of several lines (bracketed paste, as terminals send it) is
# text: it joins into the prompt instead of running its lines as keys
T set-buffer -b multi "note first line
qQ second line
third line"
T send-keys -t tt :
T paste-buffer -p -b multi -t tt
if wait_for ":note first line qQ second line third line" && screen | grep -q "Ticket #3"; then
    ok "a pasted multi-line text joins into the : prompt; no line runs as keys"
else
    notok "a pasted multi-line text joins into the : prompt; no line runs as keys"
fi
T send-keys -t tt Enter
if wait_for "delivered" && "$bin" --db "$db" --kb "$tmp/kb" outbox list --all --json \
    | grep -qF '"payload": "first line qQ second line third line"'; then
    ok "and Enter sends it as one note"
else
    notok "and Enter sends it as one note"
fi

pid=$(console_pid)
if [ -n "$pid" ] && kill -INT "$pid" && wait_for "Quit ticketty?"; then
    ok "a SIGINT from kill asks the same question"
else
    notok "a SIGINT from kill asks the same question"
fi
T send-keys -t tt x
wait_gone "Quit ticketty?" && screen | grep -q "Ticket #3" \
    && ok "and the console stays after no" || notok "and the console stays after no"

T send-keys -t tt C-c
wait_for "Quit ticketty?" >/dev/null
T send-keys -t tt C-c
wait_for "console exited 0" && ok "C-c twice quits with status 0" \
    || notok "C-c twice quits with status 0"
restored && ok "the terminal is restored after C-c C-c" \
    || { notok "the terminal is restored after C-c C-c"; screen | sed 's/^/# | /'; }

pane=term
start term
wait_for "Priority" 15 >/dev/null
T send-keys -t term / a b c
wait_for "/abc" >/dev/null
pid=$(console_pid)
if [ -n "$pid" ] && kill -TERM "$pid" && wait_for "console exited 0"; then
    ok "SIGTERM (in the middle of a prompt) quits cleanly"
else
    notok "SIGTERM (in the middle of a prompt) quits cleanly"
fi
restored && ok "the terminal is restored after SIGTERM" \
    || { notok "the terminal is restored after SIGTERM"; screen | sed 's/^/# | /'; }

# C-z, then fg from an interactive bash: bash turns bracketed paste off when
# it runs fg, so the console turns it back on when it continues (SIGCONT);
# a multi-line paste after it is text again, not keys
if command -v bash >/dev/null 2>&1; then
    pane=job
    T new-session -d -s job -x 100 -y 30 "bash --norc --noprofile -i"
    T send-keys -t job "LANG=C.UTF-8 TERM=xterm-256color '$bin' --db '$db' --kb '$tmp/kb' console" Enter
    wait_for "Priority" 15 >/dev/null
    T send-keys -t job C-z
    wait_re "Stopped|\\$ *$" >/dev/null
    T send-keys -t job "fg" Enter
    wait_for "Priority" 15 >/dev/null
    sleep 1.2 # SIGCONT is taken at the next turn of the loop: a tick (1 s) at the latest
    T send-keys -t job :
    T paste-buffer -p -b multi -t job
    if wait_for ":note first line qQ second line third line"; then
        ok "after C-z and fg a multi-line paste is still text"
    else
        notok "after C-z and fg a multi-line paste is still text"
    fi
    T send-keys -t job Escape
    T send-keys -t job C-c
    T send-keys -t job C-c
fi

[ "$failed" -eq 0 ]
