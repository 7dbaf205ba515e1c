#!/bin/sh
# sync_console_quit.sh: quitting the console stops its background sync child.
# The account's helpdesk is a loopback listener that accepts connections and
# never answers, so the console's sync child hangs in its first request; after
# `q` the child must be gone (SIGTERM, reaped) instead of lingering.
set -u
cd "$(dirname "$0")/../.."
root=$(pwd)
bin=$root/build/ticketty
tmp=$(mktemp -d /tmp/ticketty-e2e-syncquit.XXXXXX)
sock=ticketty-syncquit-$$
. tests/e2e/lib/console.sh
lpid=""
cleanup() {
    T kill-server >/dev/null 2>&1
    [ -n "$lpid" ] && kill "$lpid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
unset TICKETTY_DB TICKETTY_KB TICKETTY_CONFIG TICKETTY_NO_BACKGROUND_SYNC
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"

# a helpdesk that never answers: accept, read, hold the connection open
python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0)); s.listen(16)
print(s.getsockname()[1], flush=True)
held = []
while True:
    c, _ = s.accept(); held.append(c)
' >"$tmp/port" &
lpid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$tmp/port")
cfg=$tmp/config.yaml
db=$tmp/t.db
printf 'sync:\n  interval_seconds: 600\n' >"$cfg"
export ZD_TOKEN=quit-token
"$bin" --config "$cfg" --db "$db" account add acme --provider zendesk \
    --url "http://127.0.0.1:$port" --email agent@example.com --token-env ZD_TOKEN >/dev/null 2>&1 \
    && ok "account on a helpdesk that never answers" || notok "account on a helpdesk that never answers"

# the sync child's command line names this test's private database
sync_pids() { pgrep -f -- "--db $db --config $cfg sync" 2>/dev/null; }

T new-session -d -s tt -x 120 -y 40 -e LANG=C.UTF-8 -e TERM=tmux-256color -e ZD_TOKEN=quit-token \
    "'$bin' --config '$cfg' --db '$db' console; echo \"console exited \$?\"; sleep 600"
wait_for "Priority" && ok "the console starts" || notok "the console starts"
i=0
while [ -z "$(sync_pids)" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
pids=$(sync_pids)
[ -n "$pids" ] && ok "the console starts a background sync" || notok "the console starts a background sync"
sleep 0.5
[ -n "$(sync_pids)" ] && ok "the sync child hangs on the silent helpdesk" \
    || notok "the sync child hangs on the silent helpdesk"
T send-keys -t tt q
wait_for "console exited 0" && ok "q quits the console with status 0" || notok "q quits the console with status 0"
left=$(sync_pids)
if [ -z "$left" ]; then
    ok "no sync child is left running after quit"
else
    notok "no sync child is left running after quit (pids $left)"
    for p in $left; do kill "$p" 2>/dev/null; done # only the children of this test's console
fi
[ "$failed" -eq 0 ]
