#!/bin/sh
# demo_outbox.sh: on the demo workspace (made as `make run` makes it, fresh
# XDG dirs) replies, notes and field changes go the whole loop: the demo's
# account is local (no helpdesk), so its outbox is delivered into the store
# (by reply/note/ticket set at once, by `ticketty sync`, by the console) and
# the conversation, the SLA clocks and the fields show it.  A ticket of an
# account removed from the configuration is not local: its items fail, saying
# why.  Prints "ok - ..." / "not ok - ...".
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/console.sh
console_env demoout
check() { # description, then a command that must succeed
    d=$1; shift
    if "$@" >/dev/null 2>&1; then ok "$d"; else notok "$d"; fi
}

# the workspace exactly as scripts/run-demo.sh (make run) creates it: its
# place under XDG_DATA_HOME and the bundled demo configuration
dir=$XDG_DATA_HOME/ticketty/demo
db=$dir/ticketty.db
cfg=$root/packaging/demo-config.yaml
if [ ! -f "$cfg" ]; then cfg=$tmp/empty.yaml; : >"$cfg"; fi
tt() { "$bin" --config "$cfg" --db "$db" --kb "$dir/kb" "$@"; }
tt demo init >/dev/null 2>&1
check "demo init creates the workspace make run opens" test -f "$db"

# new tickets nobody has answered yet (first reply still due)
sqlite3 "$db" "select id from tickets where status='new' and first_response_at is null
               order by id limit 3" >"$tmp/ids"
t1=$(sed -n 1p "$tmp/ids") t2=$(sed -n 2p "$tmp/ids") t3=$(sed -n 3p "$tmp/ids")
check "the demo has unanswered new tickets" test -n "$t3"
check "first reply is still due before the reply" sh -c "'$bin' --db '$db' sla explain $t1 | grep -A4 '^first reply' | grep -q 'state      active'"

tt reply "$t1" -m "Hi, here is how to add the board." >"$tmp/out" 2>&1
check "reply on a demo ticket succeeds" test $? -eq 0
check "it says the reply was delivered to the local store" grep -q "demo: local account, delivered to the local store: 1 sent, 0 failed" "$tmp/out"
check "the reply is in the conversation" sh -c "'$bin' --db '$db' ticket show $t1 | grep -q 'Hi, here is how to add the board.'"
check "the outbox item is sent" sh -c "test \"\$(sqlite3 '$db' \"select state from outbox where payload like 'Hi, here is how%'\")\" = sent"
check "the first-reply target is fulfilled" sh -c "'$bin' --db '$db' sla explain $t1 | grep -A4 '^first reply' | grep -q 'state      fulfilled'"
check "the agent's reply opened the new ticket" sh -c "'$bin' --db '$db' ticket show $t1 --json | python3 -c 'import json,sys; t=json.load(sys.stdin); assert t[\"status\"] == \"open\" and t[\"first_response_at\"]'"
check "the SLA cache the queue sorts by moved on" sh -c "test \"\$(sqlite3 '$db' \"select next_metric from sla_clock where ticket_id=$t1\")\" != first_reply"
check "the outbox list shows nothing waiting" sh -c "test \"\$('$bin' --db '$db' outbox)\" = 'the outbox is empty'"

tt ticket set "$t1" --status pending --priority urgent --tags "+vip" --assignee "Maria Santos" >"$tmp/out" 2>&1
check "ticket set on a demo ticket succeeds" test $? -eq 0
check "status, priority, tags and assignee change" sh -c "'$bin' --db '$db' ticket show $t1 --json | python3 -c 'import json,sys; t=json.load(sys.stdin); assert (t[\"status\"], t[\"priority\"], t[\"assignee\"]) == (\"pending\", \"urgent\", \"Maria Santos\") and \"vip\" in t[\"tags\"], t'"
check "each change is in the ticket's log" sh -c "test \"\$(sqlite3 '$db' \"select group_concat(type || '=' || new_value, ' ') from (select type, new_value from ticket_events where ticket_id=$t1 and type in ('status','priority','tags','assignee') order by id desc limit 4)\")\" != ''"
check "the pending status pauses resolution" sh -c "'$bin' --db '$db' sla explain $t1 | grep -q 'paused'"
check "an unknown agent is refused and nothing is queued" sh -c "! '$bin' --db '$db' ticket set $t1 --assignee 'Nobody Atall' 2>&1 | grep -q queued && test \$(sqlite3 '$db' \"select count(*) from outbox where payload='Nobody Atall'\") = 0"
# a field set to the value it has is no change: said on stderr, exit 0,
# nothing queued, updated_at and the ticket's log as they were
n0=$(sqlite3 "$db" "select count(*) from outbox")
u0=$(sqlite3 "$db" "select updated_at || '/' || (select count(*) from ticket_events where ticket_id=$t1) from tickets where id=$t1")
tt ticket set "$t1" --assignee "maria santos" --priority URGENT --status pending >"$tmp/out" 2>"$tmp/err"
check "ticket set to the values the ticket has exits 0" test $? -eq 0
check "and says each is no change" sh -c "grep -q 'already assigned to Maria Santos: nothing queued' '$tmp/err' && grep -q 'priority is already urgent' '$tmp/err' && grep -q 'status is already pending' '$tmp/err'"
check "nothing is queued, updated_at and the log unchanged" sh -c "test \$(sqlite3 '$db' 'select count(*) from outbox') = $n0 && test \"\$(sqlite3 '$db' \"select updated_at || '/' || (select count(*) from ticket_events where ticket_id=$t1) from tickets where id=$t1\")\" = '$u0' && ! grep -q queued '$tmp/out'"
tt ticket set "$t1" --status pending --priority high >"$tmp/out" 2>"$tmp/err"
check "a real change next to a no-op is queued, the no-op is not" sh -c "grep -q 'queued priority' '$tmp/out' && grep -q 'status is already' '$tmp/err' && test \$(sqlite3 '$db' 'select count(*) from outbox') = $((n0 + 1))"
tt ticket set "$t2" --priority HIGH --status On-Hold >"$tmp/out" 2>&1
check "ticket set takes priority and status names in any case" test $? -eq 0
check "and sets them under their canonical names" sh -c "test \"\$(sqlite3 '$db' \"select status || ' ' || priority from tickets where id=$t2\")\" = 'on_hold high'"
tt note "$t2" -m "Internal: check the IdP logs." >/dev/null 2>&1
check "a note is delivered as a private comment" sh -c "test \"\$(sqlite3 '$db' \"select public from ticket_events where ticket_id=$t2 and body='Internal: check the IdP logs.'\")\" = 0"

# a closed ticket takes no reply or note (Zendesk refuses any update of a
# closed ticket): refused up front, naming the ticket, nothing queued; a
# solved one takes a reply and stays solved, as on Zendesk
tc=$(sqlite3 "$db" "select id from tickets where status='closed' order by id limit 1")
ts=$(sqlite3 "$db" "select id from tickets where status='solved' order by id limit 1")
check "the demo has closed and solved tickets" test -n "$tc" -a -n "$ts"
n0=$(sqlite3 "$db" "select count(*) from outbox")
tt reply "$tc" -m "Reply to a closed ticket." >"$tmp/out" 2>"$tmp/err"
rc=$?
check "reply to a closed demo ticket is refused (exit 1), naming the ticket" \
    sh -c "test $rc = 1 && grep -q '^ticketty: ticket #$tc is closed: ' '$tmp/err'"
echo "Note from a pipe." | tt note "$tc" >/dev/null 2>"$tmp/err"
rc=$?
check "a note to it is refused the same way, before its text is read" \
    sh -c "test $rc = 1 && grep -q 'ticket #$tc is closed: ' '$tmp/err'"
check "nothing was queued or delivered for the closed ticket" sh -c "test \$(sqlite3 '$db' 'select count(*) from outbox') = $n0 && ! '$bin' --db '$db' ticket show $tc | grep -q 'closed ticket.'"
# a field change too (Zendesk answers 422 to any update of a closed ticket;
# the local provider imitates it): refused up front, exit 1, nothing queued
p0=$(sqlite3 "$db" "select priority from tickets where id=$tc")
tt ticket set "$tc" --priority "$([ "$p0" = high ] && echo low || echo high)" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "ticket set --priority on a closed demo ticket is refused (exit 1), naming the ticket" \
    sh -c "test $rc = 1 && grep -q '^ticketty: ticket #$tc is closed: ' '$tmp/err' && ! grep -q queued '$tmp/out'"
tt ticket set "$tc" --status open --tags +again >/dev/null 2>&1
rc=$?
check "... so is reopening it or tagging it, and nothing was queued or changed" \
    sh -c "test $rc = 1 && test \$(sqlite3 '$db' 'select count(*) from outbox') = $n0 && test \"\$(sqlite3 '$db' \"select status || ' ' || priority from tickets where id=$tc\")\" = 'closed $p0'"
tt reply "$ts" -m "Reply to a solved ticket." >"$tmp/out" 2>&1
rc=$?
check "a reply to a solved demo ticket is delivered and the ticket stays solved" \
    sh -c "test $rc = 0 && test \"\$(sqlite3 '$db' \"select status from tickets where id=$ts\")\" = solved && '$bin' --db '$db' ticket show $ts | grep -q 'Reply to a solved ticket.'"
# queued before the ticket was closed (an older ticketty): its delivery fails, saying why
sqlite3 "$db" "insert into outbox(account_id, ticket_id, kind, payload, idempotency_key)
               select account_id, id, 'reply', 'Queued before closing.', 'e2e-closed' from tickets where id=$tc"
tt sync >"$tmp/out" 2>"$tmp/err"
rc=$?
check "a reply queued before the ticket closed fails its item: sync exits 3, FAILED" \
    sh -c "test $rc = 3 && grep -q 'demo: .*1 failed - FAILED' '$tmp/out'"
check "... the item's error names the closed ticket" \
    sh -c "sqlite3 '$db' \"select last_error from outbox where idempotency_key='e2e-closed'\" | grep -q 'ticket #$tc is closed: '"
check "... and nothing was delivered into the closed ticket" sh -c "! '$bin' --db '$db' ticket show $tc | grep -q 'Queued before closing.'"
sqlite3 "$db" "delete from outbox where idempotency_key='e2e-closed'"

# an item queued but not delivered yet (by an older ticketty, or killed
# before delivery): `ticketty sync` delivers it
sqlite3 "$db" "insert into outbox(account_id, ticket_id, kind, payload, idempotency_key)
               select account_id, id, 'reply', 'Delivered by sync.', 'tt-e2e-1' from tickets where id=$t3"
tt sync >"$tmp/out" 2>&1
check "ticketty sync on the demo succeeds without any helpdesk account" test $? -eq 0
check "sync reports the local delivery" grep -q "demo: local account (no helpdesk): outbox: 1 delivered to the local store" "$tmp/out"
check "the synced reply is in the conversation" sh -c "'$bin' --db '$db' ticket show $t3 | grep -q 'Delivered by sync.'"
tt sync >/dev/null 2>&1
check "a second sync records it only once" sh -c "test \$(sqlite3 '$db' \"select count(*) from ticket_events where body='Delivered by sync.'\") = 1"
check "sync --json keeps its shape" sh -c "'$bin' --db '$db' sync --json | python3 -c 'import json,sys; a=json.load(sys.stdin); assert a[0][\"account\"] == \"demo\" and a[0][\"ok\"] and a[0][\"error\"] is None'"

# an item whose ticket is gone: failed, and sync says so on stderr, not only "FAILED"
sqlite3 "$db" "insert into outbox(account_id, ticket_id, kind, payload, idempotency_key)
               select id, NULL, 'reply', 'Orphan reply.', 'qa-orphan' from accounts where name='demo'"
tt sync >"$tmp/out" 2>"$tmp/err"
rc=$?
check "sync names the undelivered local item on stderr" grep -q "account demo: 1 outbox item failed (see .ticketty outbox.)" "$tmp/err"
check "an undelivered local item fails the account, as a refused item does a helpdesk's (exit 3, FAILED)" \
    sh -c "test $rc = 3 && grep -q '^demo: local account (no helpdesk): outbox: 0 delivered to the local store, 1 failed - FAILED\$' '$tmp/out'"
sqlite3 "$db" "update outbox set state='pending', last_error=null where idempotency_key='qa-orphan'"
check "in --json the local account is not ok and says what failed" sh -c "'$bin' --db '$db' sync --json 2>/dev/null | python3 -c 'import json,sys; a=json.load(sys.stdin); assert a[0][\"ok\"] is False and a[0][\"failed\"] == 1 and a[0][\"error\"] == \"1 outbox item failed (see \`ticketty outbox\`)\", a'"
sqlite3 "$db" "delete from outbox where idempotency_key='qa-orphan'"

# a failed local item (its ticket was gone, say) retried: delivered at once, once
sqlite3 "$db" "update outbox set state='failed', last_error='test' where payload='Delivered by sync.'"
rid=$(sqlite3 "$db" "select id from outbox where payload='Delivered by sync.'")
tt outbox retry "$rid" >"$tmp/out" 2>&1
check "outbox retry of a local item delivers it at once" grep -q "queued again and delivered to the local store" "$tmp/out"
check "and the comment is still there once (idempotency key)" sh -c "test \$(sqlite3 '$db' \"select count(*) from ticket_events where body='Delivered by sync.'\") = 1"

# a helpdesk account removed from the configuration (not purged): never local
# (a configuration file of its own: account add/remove edit the file)
cp "$cfg" "$tmp/acme.yaml"
tt() { "$bin" --config "$tmp/acme.yaml" --db "$db" --kb "$dir/kb" "$@"; }
ACME_TOKEN=x tt account add acme --provider zendesk --url https://acme.zendesk.com \
    --email agent@acme.example --token-env ACME_TOKEN >/dev/null 2>&1
sqlite3 "$db" "insert into accounts(name, provider, base_url) values ('acme','zendesk','https://acme.zendesk.com')
                 on conflict(name) do nothing;
               insert into tickets(account_id, external_id, subject, status, priority, created_at, updated_at)
                 select id, '900', 'Pulled from acme', 'open', 'normal', 1700000000, 1700000000 from accounts where name='acme'"
acme_t=$(sqlite3 "$db" "select t.id from tickets t join accounts a on a.id=t.account_id where a.name='acme'")
tt account remove acme >/dev/null 2>&1
tt reply "$acme_t" -m "This cannot reach acme." >/dev/null 2>&1
check "a reply to a removed account's ticket is queued, not delivered" sh -c "test \"\$(sqlite3 '$db' \"select state from outbox where payload='This cannot reach acme.'\")\" = pending"
tt sync >"$tmp/out" 2>&1
check "sync fails the removed account's item (exit 3)" test $? -eq 3
check "the outbox says why and what to do" sh -c "'$bin' --db '$db' outbox | grep -q 'account acme is no longer configured.*outbox retry'"
check "nothing was delivered locally for it" sh -c "! '$bin' --db '$db' ticket show $acme_t | grep -q 'This cannot reach acme.'"
tt sync >/dev/null 2>&1
check "the next sync is clean again (failed for good, not re-failed)" test $? -eq 0

# the console as make run opens it (scripts/run-demo.sh: the workspace exists,
# so it opens the console on it): :reply and :status on a demo ticket
t4=$(sqlite3 "$db" "select id from tickets where status='new' and first_response_at is null order by id limit 1")
subj4=$(sqlite3 "$db" "select subject from tickets where id=$t4")
T new-session -d -s tt -x 140 -y 45 -e LANG=C.UTF-8 -e TERM=tmux-256color -e EDITOR=true -e VISUAL=true \
    -e XDG_DATA_HOME="$XDG_DATA_HOME" -e XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
    "sh '$root/scripts/run-demo.sh'; echo \"console exited \$?\"; sleep 600"
keys() { T send-keys -t tt "$@"; }
wait_for "SLA" 15 >/dev/null
keys ":ticket $t4" Enter
if wait_for "$subj4" 15 && wait_for "status: new" 5; then ok "the console opens the demo ticket"; else notok "the console opens the demo ticket"; fi
keys ":reply Answered from the console" Enter
if wait_for "Answered from the console" 10 && wait_for "delivered (demo is a local account)" 5; then
    ok "a console reply shows in the conversation at once"
else
    notok "a console reply shows in the conversation at once"
fi
check "the console's reply is sent, not pending" sh -c "test \"\$(sqlite3 '$db' \"select state from outbox where payload='Answered from the console'\")\" = sent"
if screen | grep -q "Outbox (R retries)"; then notok "no Outbox panel left over"; else ok "no Outbox panel left over"; fi
keys ":status solved" Enter
if wait_for "status: solved" 10; then ok "a console status change shows"; else notok "a console status change shows"; fi
check "the status change is in the store with its event" sh -c "test \"\$(sqlite3 '$db' \"select status from tickets where id=$t4\")\" = solved && test \$(sqlite3 '$db' \"select count(*) from ticket_events where ticket_id=$t4 and type='status' and new_value='solved'\") = 1"
keys ":status closed" Enter
wait_for "status: closed" 10 >/dev/null
keys ":reply After closing" Enter
if wait_for "ticket #$t4 is closed: on local a closed ticket takes no more replies" 10; then ok "a console :reply on a closed ticket is refused, naming it"; else notok "a console :reply on a closed ticket is refused, naming it"; fi
# a field change too (the local provider imitates Zendesk: closed is final);
# its message also clears the status line for the next check
keys ":priority urgent" Enter
if wait_for "ticket #$t4 is closed: on local a closed ticket takes no more changes" 10; then
    ok "a console :priority on a closed ticket is refused, naming it"
else
    notok "a console :priority on a closed ticket is refused, naming it"
fi
keys r
if wait_for "ticket #$t4 is closed: on local a closed ticket takes no more replies" 10 && ! screen | grep -q "empty reply"; then
    ok "r on a closed ticket says so instead of opening the editor"
else
    notok "r on a closed ticket says so instead of opening the editor"
fi
check "nothing was queued from the console for the closed ticket" sh -c "test \$(sqlite3 '$db' \"select count(*) from outbox where payload='After closing' or (ticket_id=$t4 and kind='priority')\") = 0"
# a reply that failed before the ticket closed: :retry says why instead of queueing it again
sqlite3 "$db" "insert into outbox(account_id, ticket_id, kind, payload, idempotency_key, state, last_error)
               select account_id, id, 'reply', 'Failed earlier', 'e2e-retry-closed', 'failed', 'x' from tickets where id=$t4"
keys ":status open" Enter # another message in the status line first
wait_for "takes no more changes" 10 >/dev/null
keys ":retry" Enter
if wait_for "ticket #$t4 is closed: on local a closed ticket takes no more replies" 10 && test "$(sqlite3 "$db" "select state from outbox where idempotency_key='e2e-retry-closed'")" = failed; then
    ok ":retry of a failed reply to a closed ticket says why and leaves it failed"
else
    notok ":retry of a failed reply to a closed ticket says why and leaves it failed"
fi
keys q
wait_gone "$subj4" 5 >/dev/null
keys q
if wait_for "console exited 0" 10; then ok "the console exits cleanly"; else notok "the console exits cleanly"; fi
[ "$failed" -eq 0 ]
