#!/bin/sh
# sync_console.sh: the console's sync side in a real terminal (tmux): `r` opens
# $EDITOR on the reply template, saving queues the reply, the background sync
# sends it to the fake Zendesk; `:status` queues a field change; the status
# line shows the account's sync state.  Prints "ok - ..." / "not ok - ...".
set -u
cd "$(dirname "$0")/../.."
root=$(pwd)
bin=$root/build/ticketty
fake=$root/build/tools/fakezd
tmp=$(mktemp -d /tmp/ticketty-e2e-synctui.XXXXXX)
sock=ticketty-sync-$$
. tests/e2e/lib/console.sh
fpid=""
cleanup() { T kill-server >/dev/null 2>&1; [ -n "$fpid" ] && kill "$fpid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
unset TICKETTY_DB TICKETTY_KB TICKETTY_CONFIG
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"

"$fake" --tickets 30 --comments 3 --token tui-token >"$tmp/port" 2>/dev/null &
fpid=$!
i=0
while ! grep -q '^port ' "$tmp/port" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
port=$(awk '{print $2}' "$tmp/port")
cfg=$tmp/config.yaml
db=$tmp/t.db
printf 'sync:\n  interval_seconds: 2\n' >"$cfg"
export ZD_TOKEN=tui-token
"$bin" --config "$cfg" --db "$db" account add acme --provider zendesk \
    --url "http://127.0.0.1:$port" --email agent@example.com --token-env ZD_TOKEN >/dev/null
"$bin" --config "$cfg" --db "$db" sync >/dev/null 2>&1 && ok "initial sync" || notok "initial sync"
id=$(sqlite3 "$db" "select id from tickets where external_id='8'")

# the "editor": writes the reply above the template, keeps the template (# lines)
cat >"$tmp/editor.sh" <<'ED'
#!/bin/sh
cp "$1" "$TT_TEMPLATE_COPY"
# with a mark: the ticket closes while the agent writes (another process's sync)
[ -f "$TT_TEMPLATE_COPY.close" ] && sqlite3 "$(cat "$TT_TEMPLATE_COPY.close")" "update tickets set status='closed' where external_id='8'"
{ printf 'Thanks, this is fixed in 2.3.\n'; cat "$TT_TEMPLATE_COPY"; } >"$1"
ED
chmod +x "$tmp/editor.sh"

check() { if wait_for "$2" "${3:-10}"; then ok "$1"; else notok "$1"; fi; }
keys() { T send-keys -t tt "$@"; }
poll_sql() { # poll_sql SQL EXPECTED SECONDS
    i=0
    while [ $i -lt $(( $3 * 10 )) ]; do
        [ "$(sqlite3 "$db" "$1" 2>/dev/null)" = "$2" ] && return 0
        i=$((i + 1)); sleep 0.1
    done
    return 1
}

T new-session -d -s tt -x 120 -y 40 -e LANG=C.UTF-8 -e TERM=tmux-256color \
    -e EDITOR="$tmp/editor.sh" -e VISUAL= -e TT_TEMPLATE_COPY="$tmp/template.txt" -e ZD_TOKEN=tui-token \
    "'$bin' --config '$cfg' --db '$db' console --ticket $id; echo \"console exited \$?\"; sleep 600"
check "the ticket screen opens" "Ticket 8: printer on fire"
check "the status line shows the account's sync state" "acme: synced" 15
keys r
check "r queues the edited reply" "reply queued in the outbox"
if grep -q "^# Latest customer message" "$tmp/template.txt" && grep -q "^# > " "$tmp/template.txt"; then
    ok "the template quotes the latest customer message"
else
    notok "the template quotes the latest customer message"
fi
if poll_sql "select state from outbox where payload='Thanks, this is fixed in 2.3.'" sent 20; then
    ok "the background sync sends it"
else
    notok "the background sync sends it"
fi
if poll_sql "select count(*) from ticket_events e join tickets t on t.id=e.ticket_id where t.external_id='8' and e.body='Thanks, this is fixed in 2.3.'" 1 20; then
    ok "the sent reply comes back into the conversation once"
else
    notok "the sent reply comes back into the conversation once"
fi
check "the conversation shows it without leaving the screen" "Thanks, this is fixed in 2.3." 10
# ticket 8 is pending on the helpdesk: pending again is no change
keys :status Space Pending Enter
check ":status with the status the ticket has queues nothing and says so" "status is already pending: nothing queued"
keys s
check "s opens the prompt for the status" ":status "
keys open Enter
check ":status queues the change" "status queued in the outbox"
if poll_sql "select state from outbox where kind='status'" sent 20; then
    ok "the status change is sent"
else
    notok "the status change is sent"
fi
keys :status Space bogus Enter
check "a bad status is refused with a message" "unknown status 'bogus'"
# the ticket closes while the reply is written: not queued, the text kept
echo "$db" >"$tmp/template.txt.close"
keys r
if wait_for "reply not queued, kept in " 10 >/dev/null; then
    kept=$(screen | sed -n 's/.*reply not queued, kept in \([^:]*\): .*/\1/p' | head -1)
    if [ -f "$kept" ] && grep -q 'Thanks, this is fixed in 2.3.' "$kept"; then
        ok "a reply written while its ticket closed is kept in a file named in the status line"
    else
        notok "a reply written while its ticket closed is kept ($kept)"
    fi
    rm -f "$kept"
else
    notok "a reply written while its ticket closed is kept in a file named in the status line"
fi
keys q
check "q leaves the ticket" "Priority"
keys q
check "the console exits cleanly" "console exited 0"
[ "$failed" -eq 0 ]
