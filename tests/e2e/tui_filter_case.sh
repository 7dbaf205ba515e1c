#!/bin/sh
# tui_filter_case.sh: the queue filter ignores case beyond ASCII, in the
# console (tmux, private socket) on a demo workspace.  Subjects in Cyrillic,
# Greek and German and a requester named "Émile Zola" are written with the
# sqlite3 shell (as a sync would leave them: the filter index is behind);
# `/ДОСТАВКА` must keep exactly the two tickets about "доставка", `/émile` the
# requester's tickets, `/οδυσσευς` the Greek subject in capitals (final
# sigma), and `/straße` the subject written with capital sharp s.  The build
# before kept none of them.  The
# expected tickets are the ones written here, so the test does not depend on
# the demo's own subjects (English and Chinese).
set -u
cd "$(dirname "$0")/../.."
pane=fc
. tests/e2e/lib/console.sh
console_env filtercase
console_need "console filter case" tmux sqlite3

console_demo 60
emile_tickets=$(sqlite3 "$db" "SELECT count(*) FROM tickets WHERE deleted = 0 AND requester_id =
                                 (SELECT requester_id FROM tickets WHERE id = 5)")
sqlite3 "$db" "UPDATE tickets SET subject = 'ДОСТАВКА задерживается' WHERE id = 1;
               UPDATE tickets SET subject = 'доставка пришла' WHERE id = 2;
               UPDATE tickets SET subject = 'ΟΔΥΣΣΕΥΣ ΣΤΟ ΣΠΙΤΙ' WHERE id = 3;
               UPDATE tickets SET subject = 'STRAẞE GESPERRT' WHERE id = 4;
               UPDATE contacts SET name = 'Émile Zola'
                 WHERE id = (SELECT requester_id FROM tickets WHERE id = 5);
               UPDATE tickets SET deleted = 0 WHERE id BETWEEN 1 AND 5;" \
    && ok "Cyrillic, Greek and German subjects, a requester Émile Zola (tickets: $emile_tickets)" \
    || notok "Cyrillic, Greek and German subjects, a requester Émile Zola"

console_start "$pane" 120 30
wait_for "Priority" >/dev/null || notok "the console starts"

# filter TEXT WANT_COUNT IDS...: type /TEXT, Enter; the queue says how many
# and shows each id in the # column
filter() {
    text=$1 want=$2
    shift 2
    T send-keys -t "$pane" /
    T send-keys -t "$pane" -l "$text"
    T send-keys -t "$pane" Enter
    if wait_re "filter: $text" 5 >/dev/null && wait_re "(^| )$want tickets?( |$)" 5 >/dev/null; then
        missing=
        for id in "$@"; do
            screen | grep -qE "^ +$id +" || missing="$missing $id"
        done
        if [ -z "$missing" ]; then
            ok "/$text keeps $want ticket(s): #$*"
        else
            notok "/$text: ticket(s)$missing not shown"
        fi
    else
        notok "/$text keeps $want ticket(s)"
        screen | sed 's/^/# | /'
    fi
    T send-keys -t "$pane" c
    wait_gone "filter: $text" 5 >/dev/null
}

filter "ДОСТАВКА" 2 1 2
filter "доставка" 2 1 2
filter "οδυσσευς" 1 3
filter "straße" 1 4
filter "émile" "$emile_tickets" 5
filter "στο σπιτι" 1 3

T send-keys -t "$pane" q
[ "$failed" -eq 0 ]
