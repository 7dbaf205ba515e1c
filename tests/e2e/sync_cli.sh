#!/bin/sh
# End-to-end: accounts, sync, outbox and the queue commands against the fake
# Zendesk (build/tools/fakezd) on loopback.  Prints "ok - ..." / "not ok - ...".
set -u
cd "$(dirname "$0")/../.."
bin=$PWD/build/ticketty
fake=$PWD/build/tools/fakezd
tmp=$(mktemp -d /tmp/ticketty-e2e-sync.XXXXXX)
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
unset TICKETTY_DB TICKETTY_KB TICKETTY_CONFIG
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
fails=0
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; fails=$((fails + 1)); }
check() { d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$d"; else notok "$d"; fi; }

start_fake() { # start_fake NAME ARGS... -> sets port_NAME
    name=$1; shift
    "$fake" "$@" >"$tmp/$name.port" 2>"$tmp/$name.err" &
    pids="$pids $!"
    i=0
    while ! grep -q '^port ' "$tmp/$name.port" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    eval "port_$name=\$(awk '{print \$2}' \"\$tmp/\$name.port\")"
}

start_fake main --tickets 120 --comments 3 --token tok-main-123
start_fake faulty --tickets 40 --comments 2 --token tok-main-123 \
    --fault '500@/api/v2/incremental:0:2' --fault '429@/api/v2/tickets/7/comments:0:1' \
    --fault 'drop@/api/v2/tickets/9/comments:0:1'
start_fake busy --tickets 6 --comments 1 --token tok-main-123 --fault '500@/api/v2/tickets/4/tags:0:1000'

cfg=$tmp/config.yaml
printf '# shared team settings\nui:\n  theme: default   # keep me\nsync:\n  backoff_ms: 10\n' >"$cfg"
tt() { "$bin" --config "$cfg" --db "$tmp/t.db" "$@"; }
export ZD_TOKEN=tok-main-123

check "account add writes the account" tt account add acme --provider zendesk \
    --url "http://127.0.0.1:$port_main" --email agent@example.com --token-env ZD_TOKEN --budget 600
check "the rest of the config file is kept" grep -q "theme: default   # keep me" "$cfg"
check "the token is not in the config file" sh -c "! grep -q tok-main-123 '$cfg'"
check "account add refuses plain http to other hosts" test "$(tt account add x --provider zendesk \
    --url http://example.com --token-env T >/dev/null 2>&1; echo $?)" = 2
check "account add refuses an unknown provider" test "$(tt account add x --provider zenddesk \
    --url https://x --token-env T >/dev/null 2>&1; echo $?)" = 2
tt account list --json >"$tmp/accts.json"
check "account list --json shows the token source, not the token" \
    sh -c "grep -q '\"token\": \"env:ZD_TOKEN\"' '$tmp/accts.json' && ! grep -q tok-main '$tmp/accts.json'"

tt sync -v >"$tmp/sync1.out" 2>"$tmp/sync1.err"
rc=$?
check "first sync succeeds" test "$rc" = 0
check "first sync pulls every ticket" grep -q "acme: 120 tickets" "$tmp/sync1.out"
check "verbose HTTP log redacts the credential" \
    sh -c "grep -q 'Authorization: \[redacted\]' '$tmp/sync1.err' && ! grep -q 'tok-main-123' '$tmp/sync1.err' && ! grep -q 'dG9rLW1haW4' '$tmp/sync1.err'"
n=$(tt ticket list --limit 0 --json | grep -c '"external_id"')
check "every ticket stored exactly once (120)" test "$n" = 120

tt sync --json >"$tmp/sync2.json"
check "incremental sync with nothing changed: 4 requests, 0 tickets" \
    sh -c "grep -q '\"requests\": 4' '$tmp/sync2.json' && grep -q '\"tickets\": 0' '$tmp/sync2.json'"
check "sync --json: a synced account has every key of the manual, error null" \
    python3 -c "import json,sys; d=json.load(open(sys.argv[1]))[0]; sys.exit(0 if list(d) == ['account', 'ok', 'pages', 'tickets', 'comments', 'contacts', 'deleted', 'requests', 'rate_limit_waits', 'sent', 'failed', 'held', 'retrying', 'seconds', 'error'] and d['ok'] and d['error'] is None else 1)" "$tmp/sync2.json"

curl -s -o /dev/null "http://127.0.0.1:$port_main/__control?touch=17"
curl -s -o /dev/null "http://127.0.0.1:$port_main/__control?delete=18"
tt sync >"$tmp/sync3.out" 2>&1
check "changes and deletions are pulled" grep -q "acme: 1 tickets (1 deleted)" "$tmp/sync3.out"
check "deleted ticket is marked, not dropped" \
    sh -c "sqlite3 '$tmp/t.db' \"select deleted from tickets where external_id='18'\" | grep -qx 1"
id18=$(sqlite3 "$tmp/t.db" "select id from tickets where external_id='18'")
tt reply "$id18" --message "Still there?" >/dev/null 2>"$tmp/deleted.err"
rc=$?
tt ticket set "$id18" --status open >/dev/null 2>>"$tmp/deleted.err"
rc2=$?
check "a reply or change to a deleted ticket is refused up front (exit 1), naming it, nothing queued" \
    sh -c "test $rc = 1 && test $rc2 = 1 && test \$(grep -c '^ticketty: ticket #$id18 was deleted: ' '$tmp/deleted.err') = 2 && test \$(sqlite3 '$tmp/t.db' \"select count(*) from outbox where ticket_id=$id18\") = 0"
out=$(tt ticket set 999999 --status open 2>&1)
check "ticket set of a ticket that does not exist fails (exit 1), as reply does" \
    test "$? $out" = "1 ticketty: no ticket 999999"

id=$(sqlite3 "$tmp/t.db" "select id from tickets where external_id='20'")
check "reply --message queues" tt reply "$id" --message "We are looking into it."
check "note from stdin queues" sh -c "echo 'internal: check logs' | '$bin' --config '$cfg' --db '$tmp/t.db' note $id"
printf '\377\376H\000i\000\n\000' >"$tmp/utf16.txt"
check "reply --file refuses a file with NUL bytes (UTF-16) instead of sending its first bytes (exit 2: invalid input)" \
    sh -c "'$bin' --config '$cfg' --db '$tmp/t.db' reply $id --file '$tmp/utf16.txt' 2>&1 | grep -q 'NUL bytes' && test \"\$('$bin' --config '$cfg' --db '$tmp/t.db' reply $id --file '$tmp/utf16.txt' >/dev/null 2>&1; echo \$?)\" = 2"
# ticket 20 is pending on the helpdesk: pending again is no change, queued nothing
check "ticket set to the status a ticket has queues nothing, says so, exits 0" \
    sh -c "'$bin' --config '$cfg' --db '$tmp/t.db' ticket set $id --status Pending 2>&1 >/dev/null | grep -q 'status is already pending: nothing queued' && test \$(sqlite3 '$tmp/t.db' \"select count(*) from outbox where kind='status'\") = 0"
check "ticket set queues status and tags" tt ticket set "$id" --status open --tags "+vip -t6"
check "ticket set rejects a bad status" test "$(tt ticket set "$id" --status bogus >/dev/null 2>&1; echo $?)" = 2
check "outbox lists 4 pending items" test "$(tt outbox --json | grep -c '"state": "pending"')" = 4
check "local ticket shows the new status at once" \
    sh -c "sqlite3 '$tmp/t.db' \"select status from tickets where id=$id\" | grep -qx open"
tt sync >"$tmp/sync4.out" 2>&1
check "sync sends the outbox" grep -q "outbox: 4 sent, 0 failed, 0 held" "$tmp/sync4.out"
check "the reply comes back once from the helpdesk" \
    test "$(sqlite3 "$tmp/t.db" "select count(*) from ticket_events where body='We are looking into it.'")" = 1
check "the note comes back private" \
    test "$(sqlite3 "$tmp/t.db" "select public from ticket_events where body='internal: check logs'")" = 0
check "outbox is empty after sending" sh -c "tt_out=\$('$bin' --config '$cfg' --db '$tmp/t.db' outbox); echo \"\$tt_out\" | grep -q 'outbox is empty'"

# stale guard: the customer writes after the agent's last sync
id21=$(sqlite3 "$tmp/t.db" "select id from tickets where external_id='21'")
tt reply "$id21" --message "Have you tried turning it off and on?" >/dev/null
curl -s -o /dev/null "http://127.0.0.1:$port_main/__control?touch=21"
tt sync >"$tmp/sync5.out" 2>&1
check "a reply to a ticket that changed remotely is held" grep -q "1 held" "$tmp/sync5.out"
oid=$(tt outbox --json | sed -n 's/.*"id": \([0-9]*\).*/\1/p' | head -1)
check "held reply keeps its text and says why" sh -c "'$bin' --config '$cfg' --db '$tmp/t.db' outbox | grep -q 'changed on the helpdesk'"
check "outbox retry re-queues the held reply ({id, action} with --json)" sh -c "'$bin' --config '$cfg' --db '$tmp/t.db' outbox retry $oid --json | python3 -c \"import json,sys; sys.exit(0 if json.load(sys.stdin) == {'id': $oid, 'action': 'retry'} else 1)\""
tt sync >"$tmp/sync6.out" 2>&1
check "after review the reply is sent" grep -q "1 sent" "$tmp/sync6.out"
check "outbox drop refuses a sent item" test "$(tt outbox drop "$oid" >/dev/null 2>&1; echo $?)" = 1
check "outbox drop and retry of a sent item say why, each for itself" sh -c "'$bin' --config '$cfg' --db '$tmp/t.db' outbox drop $oid 2>&1 | grep -qx 'ticketty: outbox item $oid is sent: sent or sending items cannot be dropped' && '$bin' --config '$cfg' --db '$tmp/t.db' outbox retry $oid 2>&1 | grep -qx 'ticketty: outbox item $oid is sent: only failed or held items can be retried'"

# an outbox item the helpdesk refuses for good (a reply queued before the
# ticket was closed there: Zendesk answers 422): the pull is fine, the item
# failed, so the account is not ok and the command exits 3 (partial)
id23=$(sqlite3 "$tmp/t.db" "select id from tickets where external_id='23'")
tt reply "$id23" --message "Anything else?" >/dev/null 2>"$tmp/closed.err"
rc=$?
check "reply to a closed helpdesk ticket is refused up front (exit 1), naming it, nothing queued" \
    sh -c "test $rc = 1 && grep -q '^ticketty: ticket #$id23 is closed: ' '$tmp/closed.err' && test \$(sqlite3 '$tmp/t.db' \"select count(*) from outbox where ticket_id=$id23\") = 0"
tt ticket set "$id23" --priority high >"$tmp/closed.out" 2>"$tmp/closed.err"
rc=$?
check "ticket set on a closed Zendesk ticket is refused up front (exit 1), naming it, nothing queued" \
    sh -c "test $rc = 1 && grep -q '^ticketty: ticket #$id23 is closed: on zendesk ' '$tmp/closed.err' && ! grep -q queued '$tmp/closed.out' && test \$(sqlite3 '$tmp/t.db' \"select count(*) from outbox where ticket_id=$id23\") = 0"
# the ticket closes (another process's sync) while the agent writes in the
# editor: the reply cannot be queued, and its text is kept in a file named
id22=$(sqlite3 "$tmp/t.db" "select id from tickets where external_id='22'")
cat >"$tmp/editor.sh" <<ED
#!/bin/sh
sqlite3 '$tmp/t.db' "update tickets set status='closed' where id=$id22"
printf 'A long answer written while it closed.\n' >"\$1"
ED
chmod +x "$tmp/editor.sh"
if command -v script >/dev/null 2>&1; then
    TMPDIR=$tmp EDITOR=$tmp/editor.sh VISUAL= script -qec "'$bin' --config '$cfg' --db '$tmp/t.db' reply $id22" /dev/null >"$tmp/kept.out" 2>&1
    rc=$?
    kept=$(sed -n 's/.*reply not queued, kept in \([^:]*\): ticket #[0-9]* is closed: .*/\1/p' "$tmp/kept.out" | head -1)
    check "a reply written while its ticket closed is not queued (exit 1) but kept in a file named in the message" \
        sh -c "test $rc = 1 && test -n '$kept' && grep -qx 'A long answer written while it closed.' '$kept' && test \$(sqlite3 '$tmp/t.db' \"select count(*) from outbox where ticket_id=$id22 and payload like 'A long answer%'\") = 0"
else
    ok "a reply written while its ticket closed is kept # skip no script(1)"
fi
sqlite3 "$tmp/t.db" "insert into outbox(account_id, ticket_id, kind, payload, idempotency_key)
                     select account_id, id, 'reply', 'Queued before it closed.', 'e2e-closed-1' from tickets where id=$id23"
tt sync --json >"$tmp/sync-refused.json" 2>"$tmp/sync-refused.err"
rc=$?
check "an outbox item refused for good makes sync exit 3 (pull fine, item failed)" test "$rc" = 3
check "... the account is reported not ok, with an error counting the failed items" \
    python3 -c "import json,sys; d=json.load(open(sys.argv[1]))[0]; sys.exit(0 if d['ok'] is False and d['failed'] == 1 and d['error'] == '1 outbox item failed (see \`ticketty outbox\`)' and d['tickets'] >= 0 else 1)" "$tmp/sync-refused.json"
check "... and said on stderr with the account's name" grep -q "ticketty: account acme: 1 outbox item failed" "$tmp/sync-refused.err"
check "... the item is failed with the helpdesk's error" sh -c "'$bin' --config '$cfg' --db '$tmp/t.db' outbox | grep -q 'HTTP 422'"
tt sync >"$tmp/sync-after.out" 2>&1
rc=$?
check "the next sync does not count it again (exit 0)" test "$rc" = 0
check "... and the text summary has no FAILED" sh -c "! grep -q FAILED '$tmp/sync-after.out'"
oid23=$(sqlite3 "$tmp/t.db" "select id from outbox where idempotency_key='e2e-closed-1'")
out=$(tt outbox retry "$oid23" 2>&1)
check "outbox retry of a reply to a closed ticket is refused (exit 1), saying why and to drop it" \
    sh -c "test $? = 1 && echo \"\$1\" | grep -q '^ticketty: outbox item $oid23: ticket #$id23 is closed: .*ticketty outbox drop $oid23' && test \$(sqlite3 '$tmp/t.db' \"select state from outbox where id=$oid23\") = failed" sh "$out"
sqlite3 "$tmp/t.db" "update outbox set state='pending', next_attempt_at=NULL where id=$oid23"
tt sync >"$tmp/sync-text.out" 2>/dev/null
rc=$?
check "in text the account is marked FAILED (and the exit is 3)" sh -c "test $rc = 3 && grep -q '^acme: .*outbox: 0 sent, 1 failed, 0 held, 0 to retry - FAILED\$' '$tmp/sync-text.out'"
tt outbox drop "$oid23" >/dev/null 2>&1

# faults on another account: 500s, 429 and a dropped connection are absorbed
check "second account added" tt account add flaky --provider zendesk \
    --url "http://127.0.0.1:$port_faulty" --email agent@example.com --token-env ZD_TOKEN
tt sync flaky >"$tmp/sync7.out" 2>&1
check "sync survives 500, 429 and a dropped connection" sh -c "grep -q 'flaky: 40 tickets' '$tmp/sync7.out'"
check "the account's tickets are there exactly once" \
    test "$(sqlite3 "$tmp/t.db" "select count(distinct external_id) || '/' || count(*) from tickets t join accounts a on a.id=t.account_id where a.name='flaky'")" = "40/40"

# an item the helpdesk answers 500 to (for now): retried later, not a failure
check "fourth account whose tag updates of ticket 4 fail with 500" tt account add retry --provider zendesk \
    --url "http://127.0.0.1:$port_busy" --email agent@example.com --token-env ZD_TOKEN
tt sync retry >/dev/null 2>&1
id4=$(sqlite3 "$tmp/t.db" "select t.id from tickets t join accounts a on a.id=t.account_id where a.name='retry' and t.external_id='4'")
tt ticket set "$id4" --tags +later >/dev/null 2>&1
tt sync retry --json >"$tmp/sync-retry.json" 2>"$tmp/sync-retry.err"
rc=$?
check "an item to be retried (HTTP 500) is not a failure: sync exits 0" test "$rc" = 0
check "... the account is ok and counts it as retrying, not failed" \
    python3 -c "import json,sys; d=json.load(open(sys.argv[1]))[0]; sys.exit(0 if d['ok'] and d['retrying'] == 1 and d['failed'] == 0 and d['error'] is None else 1)" "$tmp/sync-retry.json"
check "... and the item waits with a retry time" \
    test "$(sqlite3 "$tmp/t.db" "select state || ' ' || (next_attempt_at > 0) from outbox where ticket_id=$id4")" = "failed 1"
tt account remove retry >/dev/null 2>&1
sqlite3 "$tmp/t.db" "delete from outbox where ticket_id=$id4"

# one account failing: exit 3 (partial); auth failure is named
check "third account with a wrong token" tt account add broken --provider zendesk \
    --url "http://127.0.0.1:$port_main" --email agent@example.com --token-env BROKEN_TOKEN
BROKEN_TOKEN=wrong tt sync >"$tmp/sync8.out" 2>"$tmp/sync8.err"
rc=$?
check "a failed account makes sync exit 3 (partial)" test "$rc" = 3
BROKEN_TOKEN=wrong tt sync broken >/dev/null 2>&1
rc=$?
check "every account (here the only one) failing outright makes sync exit 1" test "$rc" = 1
check "the error says authentication failed" grep -q "authentication failed" "$tmp/sync8.err"
check "account list shows auth_failed" sh -c "'$bin' --config '$cfg' --db '$tmp/t.db' account list | grep broken | grep -q auth_failed"
check "the wrong token is not printed" sh -c "! grep -q wrong '$tmp/sync8.err'"
check "sync of an unknown account fails" test "$(tt sync nosuch >/dev/null 2>&1; echo $?)" = 1

check "account remove deletes only that account" tt account remove broken
check "config keeps the other accounts and settings" \
    sh -c "grep -q 'acme:' '$cfg' && grep -q 'flaky:' '$cfg' && ! grep -q 'broken' '$cfg' && grep -q '# keep me' '$cfg'"
check "account remove of a missing account fails" test "$(tt account remove broken >/dev/null 2>&1; echo $?)" = 1

# every account removed from the configuration (another config file here):
# sync still fails their due items, saying why, instead of "no accounts"
id30=$(sqlite3 "$tmp/t.db" "select t.id from tickets t join accounts a on a.id=t.account_id where a.name='acme' and t.external_id='30'")
tt reply "$id30" --message "Queued for a removed account." >/dev/null 2>&1
: >"$tmp/none.yaml"
"$bin" --config "$tmp/none.yaml" --db "$tmp/t.db" sync >"$tmp/none.out" 2>"$tmp/none.err"
rc=$?
check "sync with every account removed fails their due items (exit 1), naming the account" \
    sh -c "test $rc = 1 && grep -q '^acme: not configured: outbox: 1 failed - FAILED' '$tmp/none.out' && grep -q 'account acme is no longer configured' '$tmp/none.err' && test \"\$(sqlite3 '$tmp/t.db' \"select state from outbox where payload='Queued for a removed account.'\")\" = failed"
"$bin" --config "$tmp/none.yaml" --db "$tmp/t.db" sync >/dev/null 2>"$tmp/none2.err"
rc=$?
check "... and with nothing left due says there are no accounts (exit 1)" \
    sh -c "test $rc = 1 && grep -q 'no accounts configured' '$tmp/none2.err'"

[ "$fails" -eq 0 ]
