#!/bin/sh
# End-to-end: `ticketty account add` + `ticketty sync` for Freshdesk and
# Intercom accounts against the loopback fake servers (build/tools/
# sync2_fakeprov): full pull, incremental pull after remote changes, a sync
# SIGKILLed mid-way and resumed, faults (429, 500, dropped connection,
# truncated and malformed JSON, 401), each time checking the database through
# `ticketty ticket list/show --json`: every ticket exactly once, the comments
# exactly once, clear errors.  Prints "ok - ..." / "not ok - ..." per check.
set -u
cd "$(dirname "$0")/../.."
bin=$PWD/build/ticketty
fake=$PWD/build/tools/sync2_fakeprov
tmp=$(mktemp -d /tmp/ticketty-e2e-sync2.XXXXXX)
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    for p in $pids; do wait "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
unset TICKETTY_DB TICKETTY_KB TICKETTY_CONFIG TICKETTY_NOW
export S2_TOKEN=e2e-token
fails=0
ok() { echo "ok - $1"; }
bad() {
    echo "not ok - $1"
    fails=$((fails + 1))
}
check() { # description, command
    d=$1
    shift
    if "$@" >"$tmp/out" 2>&1; then ok "$d"; else
        bad "$d"
        tail -5 "$tmp/out"
    fi
}
for need in "$bin" "$fake"; do
    [ -x "$need" ] || {
        echo "not ok - $need is built (make all tools)"
        exit 1
    }
done

# serve NAME PROVIDER [fakeprov options]: start a fake; sets $port.
serve() {
    name=$1 prov=$2
    shift 2
    "$fake" --provider "$prov" --token "$S2_TOKEN" "$@" >"$tmp/$name.port" 2>"$tmp/$name.log" &
    pids="$pids $!"
    i=0
    while ! grep -q '^port ' "$tmp/$name.port" 2>/dev/null; do
        i=$((i + 1))
        [ $i -gt 200 ] && return 1
        sleep 0.05
    done
    port=$(sed -n 's/^port //p' "$tmp/$name.port")
}

# Store assertions read the database directly (python3's sqlite3, read-only).
db=$XDG_DATA_HOME/ticketty/ticketty.db
q() { # SQL with ? params -> first row, space-separated
    sql=$1
    shift
    python3 - "$db" "$sql" "$@" <<'PY'
import sqlite3, sys
c = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
row = c.execute(sys.argv[2], sys.argv[3:]).fetchone()
print(" ".join(str(v) for v in row))
PY
}
count() { # account -> "rows distinct-external-ids"
    q "SELECT count(*), count(DISTINCT t.external_id) FROM tickets t JOIN accounts a
       ON a.id = t.account_id WHERE a.name = ?" "$1"
}
comments() { # account external_id -> comment events (and distinct external ids)
    q "SELECT count(*), count(DISTINCT e.external_id) FROM ticket_events e JOIN tickets t
       ON t.id = e.ticket_id JOIN accounts a ON a.id = t.account_id
       WHERE a.name = ? AND t.external_id = ? AND e.type = 'comment'" "$1" "$2"
}
deleted() { # account external_id -> 0/1
    q "SELECT t.deleted FROM tickets t JOIN accounts a ON a.id = t.account_id
       WHERE a.name = ? AND t.external_id = ?" "$1" "$2"
}

for prov in freshdesk intercom; do
    a=${prov}1
    n=40
    serve "$a" "$prov" --tickets $n --comments 2 || { bad "$prov: fake server starts"; continue; }
    check "$prov: account add" "$bin" account add "$a" --provider "$prov" \
        --url "http://127.0.0.1:$port" --token-env S2_TOKEN
    check "$prov: full sync exits 0" "$bin" sync "$a" --full
    check "$prov: every ticket exactly once after a full sync" test "$(count "$a")" = "$n $n"
    check "$prov: a ticket has its first message and conversation once" \
        test "$(comments "$a" 1001)" = "3 3"
    # Remote changes, then an incremental sync.
    curl -s "http://127.0.0.1:$port/__control?touch=0" >/dev/null
    curl -s "http://127.0.0.1:$port/__control?delete=5" >/dev/null
    check "$prov: incremental sync exits 0" "$bin" sync "$a"
    check "$prov: still every ticket exactly once" test "$(count "$a")" = "$n $n"
    check "$prov: the new customer message arrived once" test "$(comments "$a" 1001)" = "4 4"
    check "$prov: the remotely deleted ticket is marked, not dropped" test "$(deleted "$a" 1006)" = 1
    check "$prov: a third sync succeeds" "$bin" sync "$a"
    check "$prov: ... and keeps every ticket and message once" \
        test "$(count "$a") $(comments "$a" 1001)" = "$n $n 4 4"

    # Closed is not final here (only Zendesk and the local demo refuse updates
    # of a closed ticket): a reply and a note to a closed ticket are queued and
    # sent to the helpdesk.  Freshdesk: 1004 is Closed (5) on the fake.
    # Intercom has no closed state of ours (closed -> solved), so the agent
    # closes 1002 here first (queued; the local ticket shows closed at once).
    if [ "$prov" = freshdesk ]; then cx=1004 pri=low; else
        cx=1002 pri=urgent
        "$bin" ticket set "$(q "SELECT t.id FROM tickets t JOIN accounts a ON a.id = t.account_id
            WHERE a.name = ? AND t.external_id = ?" "$a" $cx)" --status closed >/dev/null 2>&1
    fi
    cid=$(q "SELECT t.id FROM tickets t JOIN accounts a ON a.id = t.account_id
        WHERE a.name = ? AND t.external_id = ?" "$a" $cx)
    before=$(comments "$a" $cx | cut -d' ' -f1)
    check "$prov: the ticket is closed locally" test "$(q "SELECT status FROM tickets WHERE id = ?" "$cid")" = closed
    check "$prov: reply to a closed ticket is queued (exit 0)" \
        "$bin" reply "$cid" -m "Following up on the closed ticket."
    check "$prov: note to a closed ticket is queued (exit 0)" \
        "$bin" note "$cid" -m "Internal note on the closed ticket."
    check "$prov: ticket set on a closed ticket is queued (exit 0)" \
        sh -c "'$bin' ticket set '$cid' --priority $pri | grep -q '^queued priority'"
    check "$prov: sync sends them to the helpdesk" "$bin" sync "$a"
    check "$prov: ... every item for the closed ticket is sent" \
        test "$(q "SELECT count(*), sum(state = 'sent') FROM outbox WHERE ticket_id = ?
                  AND kind IN ('reply', 'note', 'priority')" "$cid")" = "3 3"
    "$bin" sync "$a" >/dev/null 2>&1
    check "$prov: ... and the reply and note came back from the helpdesk" \
        test "$(comments "$a" $cx | cut -d' ' -f1)" = "$((before + 2))"

    # Kill a big sync mid-way (once some pages are stored), then resume.
    k=${prov}big
    big=4000
    serve "$k" "$prov" --tickets $big --comments 1 || { bad "$prov: big fake starts"; continue; }
    "$bin" account add "$k" --provider "$prov" --url "http://127.0.0.1:$port" \
        --token-env S2_TOKEN >/dev/null 2>&1
    "$bin" sync "$k" --full >/dev/null 2>&1 &
    spid=$!
    i=0
    while [ $i -lt 400 ]; do
        c=$(count "$k" 2>/dev/null | cut -d' ' -f1)
        [ "${c:-0}" -gt 0 ] && break
        kill -0 "$spid" 2>/dev/null || break
        sleep 0.02
        i=$((i + 1))
    done
    kill -9 "$spid" 2>/dev/null
    wait "$spid" 2>/dev/null
    partial=$(count "$k" | cut -d' ' -f1)
    check "$prov: the sync was killed mid-pull ($partial of $big tickets stored)" \
        test "$partial" -lt $big
    check "$prov: sync after a SIGKILL mid-pull exits 0" "$bin" sync "$k"
    check "$prov: after kill and resume every ticket exactly once" \
        test "$(count "$k")" = "$big $big"
    check "$prov: ... with every message once" test "$(q "SELECT count(*), count(DISTINCT
        e.ticket_id || '/' || e.external_id) FROM ticket_events e JOIN tickets t ON t.id =
        e.ticket_id JOIN accounts a ON a.id = t.account_id WHERE a.name = ? AND
        e.type = 'comment'" "$k")" = "$((big * 2)) $((big * 2))"

    # Faults: recovered by retries, or a clear error and a clean resume.
    # (Freshdesk's first /api/v2/tickets request is the deleted list.)
    if [ "$prov" = freshdesk ]; then list=/api/v2/tickets conv=/api/v2/tickets/1003/conversations skip=1
    else list=/conversations/search conv=/conversations/1003 skip=0; fi
    for fault in "429@$list:0:1" "500@$conv:0:2" "drop@$conv:0:1" "drop@$list:$skip:1"; do
        f=${prov}f$(echo "$fault" | tr -c 'a-z0-9\n' '_' | cut -c1-24)
        serve "$f" "$prov" --tickets 12 --comments 1 --fault "$fault" || { bad "$prov: fake starts"; continue; }
        "$bin" account add "$f" --provider "$prov" --url "http://127.0.0.1:$port" \
            --token-env S2_TOKEN >/dev/null 2>&1
        check "$prov: ${fault%%@*} is retried and the sync succeeds" "$bin" sync "$f" --full
        check "$prov: after ${fault%%@*} every ticket exactly once" test "$(count "$f")" = "12 12"
    done
    for fault in "truncate@$conv:0:1" "malformed@$list:$skip:1" "401@$list:0:1"; do
        kind=${fault%%@*}
        f=${prov}f$kind
        serve "$f" "$prov" --tickets 12 --comments 1 --fault "$fault" || { bad "$prov: fake starts"; continue; }
        "$bin" account add "$f" --provider "$prov" --url "http://127.0.0.1:$port" \
            --token-env S2_TOKEN >/dev/null 2>&1
        "$bin" sync "$f" --full >"$tmp/sync.out" 2>"$tmp/sync.err"
        rc=$?
        case $kind in 401) want='401' ;; *) want='malformed JSON' ;; esac
        check "$prov: $kind fails the sync (exit $rc) with a clear error" sh -c \
            "test $rc -ne 0 && grep -q '$want' '$tmp/sync.out' '$tmp/sync.err' 2>/dev/null"
        check "$prov: after $kind the next sync resumes and succeeds" "$bin" sync "$f"
        check "$prov: after $kind every ticket exactly once" test "$(count "$f")" = "12 12"
    done
done
[ "$fails" -eq 0 ]
