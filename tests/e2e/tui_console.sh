#!/bin/sh
# tui_console.sh: the console end to end.  A workspace is created, build/ticketty
# runs in a detached tmux session (private socket) at 120x40, keys are sent and
# the screen is read back with `tmux capture-pane -p`.  Every wait polls the
# pane until the expected text shows up (no fixed sleeps), with a timeout.
set -u
cd "$(dirname "$0")/../.."
root=$(pwd)
bin=$root/build/ticketty
tmp=$(mktemp -d)
sock=ticketty-test-$$
. tests/e2e/lib/console.sh
cleanup() {
    T kill-server >/dev/null 2>&1
    tmux -L "$sock-theme" kill-server >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

db=$tmp/ws/ticketty.db
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
mkdir -p "$tmp/ws"
"$bin" --db "$db" --kb "$tmp/ws/kb" demo init --tickets 300 --seed 7 --quiet \
    && ok "demo workspace with 300 tickets" || notok "demo workspace with 300 tickets"

check() { # check DESCRIPTION TEXT: wait for TEXT, report
    if wait_for "$2"; then ok "$1"; else notok "$1"; fi
}
keys() { T send-keys -t tt "$@"; }

# Expected rows come from the CLI (the same store), so the test does not
# depend on how the workspace was generated.
first_subject=$("$bin" --db "$db" ticket list --limit 1 --json | sed -n 's/.*"subject": *"\([^"]*\)".*/\1/p' | head -1)
# the queue's default order: next SLA breach first (tickets.next_breach_at)
first_id=$(sqlite3 "$db" "SELECT id FROM tickets ORDER BY next_breach_at IS NULL, next_breach_at, id LIMIT 1")
second_id=$(sqlite3 "$db" "SELECT id FROM tickets ORDER BY next_breach_at IS NULL, next_breach_at, id LIMIT 1 OFFSET 1")
last_id=$(sqlite3 "$db" "SELECT id FROM tickets ORDER BY next_breach_at IS NULL DESC, next_breach_at DESC, id DESC LIMIT 1")

# themes (on a server of their own): the default theme colours the screen;
# NO_COLOR selects monochrome
TT() { tmux -L "$sock-theme" "$@"; }
esc=$(printf '\033')
colour_re="$esc\\[(3[0-7]|4[0-7]|38;5;[0-9]+|48;5;[0-9]+)m"
TT new-session -d -s colour -x 100 -y 20 -e LANG=C.UTF-8 -e TERM=tmux-256color \
    "'$bin' --db '$db' 2>'$tmp/colour.err'; echo \"console exited \$?\"; sleep 600"
TT new-session -d -s mono -x 100 -y 20 -e LANG=C.UTF-8 -e TERM=tmux-256color -e NO_COLOR=1 \
    "'$bin' --db '$db' 2>'$tmp/mono.err'; echo \"console exited \$?\"; sleep 600"
settled() { # settled SESSION: wait until the queue rows are drawn
    i=0
    while [ $i -lt 200 ]; do
        TT capture-pane -p -t "$1" | grep -qF "Priority Status" && return 0
        i=$((i + 1)); sleep 0.05
    done
    return 1
}
if settled colour && TT capture-pane -e -p -t colour | grep -qE "$colour_re"; then
    ok "the default theme draws in colour"
else
    notok "the default theme draws in colour"
    TT capture-pane -p -t colour | sed 's/^/# | /'; sed 's/^/# err: /' "$tmp/colour.err"
fi
if settled mono && ! TT capture-pane -e -p -t mono | grep -qE "$colour_re"; then
    ok "NO_COLOR draws without colour (monochrome theme)"
else
    notok "NO_COLOR draws without colour (monochrome theme)"
fi
if TT capture-pane -e -p -t mono | grep -q "$esc\[[0-9;]*7m"; then
    ok "monochrome still marks the selection (reverse video)"
else
    notok "monochrome still marks the selection (reverse video)"
fi
TT kill-server >/dev/null 2>&1


T new-session -d -s tt -x 120 -y 40 -e LANG=C.UTF-8 -e TERM=tmux-256color \
    "'$bin' --db '$db'; echo \"console exited \$?\"; sleep 600"
T set-option -t tt remain-on-exit on >/dev/null 2>&1

check "queue shows the ticket count" "300 tickets"
check "queue has the column headers" "Priority Status"
wait_for "$first_id " >/dev/null
top=$(screen | sed -n '4p')
case "$top" in
" $first_id "*) ok "first row is the ticket that breaches next ($first_id)" ;;
*) notok "first row is the ticket that breaches next ($first_id): '$top'" ;;
esac
[ "$(screen | wc -l)" -eq 40 ] && ok "screen is 40 rows" || notok "screen is 40 rows"

keys j Enter
check "j then Enter opens the second ticket" "#$second_id  "
check "ticket screen shows the conversation header" "(end-user) · public"
check "ticket screen shows the customer panel" "prev. tickets"
keys q
wait_gone "prev. tickets" && ok "q goes back to the queue" || notok "q goes back to the queue"
keys k Enter
check "k then Enter opens the first ticket" "#$first_id  "
keys Escape
wait_gone "prev. tickets" && ok "Esc goes back to the queue" || notok "Esc goes back to the queue"

keys G
wait_re "^ $last_id +[a-z]" && ok "G jumps to the last ticket ($last_id)" \
    || notok "G jumps to the last ticket ($last_id)"
keys g
wait_re "^ $first_id +[a-z]" && ok "g jumps back to the first ticket" \
    || notok "g jumps back to the first ticket"
row4=$(screen | sed -n '4p')
keys PageDown
wait_gone "$row4" && ok "PgDn shows the next page" || notok "PgDn shows the next page"
keys PageUp
wait_re "^ $first_id +[a-z]" && ok "PgUp shows the first page again" \
    || notok "PgUp shows the first page again"

word=$(printf '%s\n' "$first_subject" | awk '{print $NF}')
keys / $word
check "/ shows the filter prompt as you type" "/$word"
keys Enter
check "the filter is applied" "filter: $word"
if screen | sed -n '4,38p' | grep -v -i -- "$word" | grep -q '^ [0-9]'; then
    notok "every row matches the filter '$word'"
else
    ok "every row matches the filter '$word'"
fi
keys c
wait_gone "filter: $word" && ok "c clears the filter" || notok "c clears the filter"

keys : "$second_id" Enter
check ":N opens ticket N" "#$second_id  "
keys q
keys : "sort id" Enter
check ":sort id changes the order" "sorted by id"
keys : "sort updated" Enter
check ":sort updated restores it" "sorted by updated"

keys ?
check "? opens the help" "Queue screen"
check "help lists the : commands" ":sort updated|breach|id"
keys q

# wide characters: a Chinese subject from the store is shown whole or cut
# with an ellipsis, never as half a character.
cjk=$("$bin" --db "$db" ticket list --limit 0 | grep -m1 -P '[\x{4e00}-\x{9fff}]' | awk '{print $1}')
if [ -n "$cjk" ]; then
    keys : "$cjk" Enter
    if wait_for "#$cjk  "; then
        if screen | grep -q "$(printf '\357\277\275')"; then
            notok "Chinese text renders without replacement characters"
        else
            ok "Chinese text renders without replacement characters"
        fi
    else
        notok "opening a ticket with Chinese text"
    fi
    keys q
fi

# hostile text must not drive the terminal: the pane title stays ours
title=$(T display-message -p -t tt '#{pane_title}')
case "$title" in
*pwned*) notok "escape sequences in tickets do not reach the terminal (title '$title')" ;;
*) ok "escape sequences in tickets do not reach the terminal" ;;
esac

T resize-window -t tt -x 80 -y 24 >/dev/null 2>&1
wait_gone "Organisation" && ok "resize to 80x24 drops the organisation column" \
    || notok "resize to 80x24 drops the organisation column"
[ "$(screen | wc -l)" -eq 24 ] && ok "screen follows the resize" || notok "screen follows the resize"
T resize-window -t tt -x 120 -y 40 >/dev/null 2>&1
check "resize back to 120x40" "Organisation"

keys q
check "q on the queue quits with status 0" "console exited 0"

T kill-server >/dev/null 2>&1

# the man page's CONSOLE section lists every key and command `ticketty keys` prints
missing=$("$bin" keys | sed -n 's/^  .*  \([^ ].*\)$/\1/p' | while IFS= read -r help; do
    pat=$(printf '%s' "$help" | sed 's/-/\\-/g')
    grep -qF -- "$pat" packaging/ticketty.1 || echo "$help"
done)
[ -z "$missing" ] && ok "the man page documents every console key" \
    || notok "the man page documents every console key (run scripts/man-console-keys.sh; missing: $missing)"
[ "$failed" -eq 0 ]
