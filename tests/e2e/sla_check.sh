#!/bin/sh
# SLA monitoring end to end on a demo workspace: sla refresh fills the
# next-breach cache, sla check --dry-run records and sends nothing, sla check
# notifies the loopback webhook receiver and SMTP sink (build/tools/notify_sink)
# once per escalation level, a second run sends nothing new, failed deliveries
# are retried by the next run; sla explain and sla report.
set -u
cd "$(dirname "$0")/../.."
bin=${TICKETTY_BIN:-build/ticketty}
sink=build/tools/notify_sink
tmp=$(mktemp -d)
spid=
stop_sink() { [ -n "$spid" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null; spid=; }
trap 'stop_sink; rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }
export TICKETTY_DB="$tmp/t.db" TICKETTY_CONFIG="$tmp/config.yaml" TICKETTY_KB="$tmp/kb"
export TICKETTY_NOW=2026-05-06T12:00:00Z
: >"$TICKETTY_CONFIG"

start_sink() { # DIR [STATUS]
    mkdir -p "$1"
    "$sink" "$1" ${2:-200} &
    spid=$!
    i=0
    while [ ! -s "$1/urls" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    webhook=$(sed -n 's/^webhook_url=//p' "$1/urls")
    smtp=$(sed -n 's/^smtp_url=//p' "$1/urls")
    cat >"$TICKETTY_CONFIG" <<YAML
notify:
  webhook_url: "$webhook"
  smtp:
    url: "$smtp"
    from: "sla@example.com"
    tls: none
sla:
  policies:
    - name: everyone
      pause_statuses: [pending]
      targets:
        first_reply: {urgent: 30, high: 120, normal: 480, low: 1440}
        full_resolution: {urgent: 240, high: 480, normal: 1440, low: 4320}
      escalation:
        - offset_minutes: 0
          notify: [webhook, lead@example.com]
YAML
}
count() { ls "$1" 2>/dev/null | grep -c "^$2-"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

"$bin" demo init --tickets 300 --customers 30 --seed 7 --quiet || nok "demo init"
start_sink "$tmp/s1" 500

open=$(sqlite3 "$TICKETTY_DB" "select count(*) from tickets where status in ('new','open','pending','on_hold')")
cached=$(sqlite3 "$TICKETTY_DB" "select count(*) from sla_clock")
all=$(sqlite3 "$TICKETTY_DB" "select count(*) from tickets")
[ "$cached" -eq "$all" ] && ok "demo init fills the SLA cache ($cached tickets)" \
    || nok "demo init fills the SLA cache ($cached of $all)"
n=$("$bin" sla refresh --json | json 'd["refreshed"]')
[ "$n" -eq "$all" ] && ok "sla refresh: the changed configuration recomputes all $n" \
    || nok "sla refresh after a config change: $n of $all"
n=$("$bin" sla refresh --json | json 'd["refreshed"]')
[ "$n" -eq 0 ] && ok "sla refresh: nothing changed, nothing recomputed" || nok "sla refresh again: $n"

"$bin" sla check --dry-run --json >"$tmp/dry.json"
rc=$?
esc=$(json 'len(d["escalations"])' <"$tmp/dry.json")
[ "$rc" -eq 0 ] && [ "$esc" -gt 0 ] && [ "$(count "$tmp/s1" webhook)" -eq 0 ] \
    && [ "$(sqlite3 "$TICKETTY_DB" 'select count(*) from sla_events')" -eq 0 ] \
    && ok "check --dry-run: $esc escalations shown, nothing recorded or sent" \
    || nok "check --dry-run (rc $rc, $esc escalations)"

# The webhook answers 500: deliveries fail (exit 3), mail goes through.
"$bin" sla check --json >"$tmp/c1.json"
rc=$?
failed=$(json 'd["actions"]["failed"]' <"$tmp/c1.json")
sent=$(json 'd["actions"]["sent"]' <"$tmp/c1.json")
levels=$(json 'len(d["escalations"])' <"$tmp/c1.json")
[ "$rc" -eq 3 ] && [ "$failed" -eq "$levels" ] && [ "$sent" -eq "$levels" ] \
    && [ "$(count "$tmp/s1" mail)" -eq "$levels" ] \
    && ok "check: $levels levels; webhook failures exit 3, $sent mails sent" \
    || nok "check with a failing webhook (rc $rc, failed $failed, sent $sent, levels $levels)"
breaches=$(json 'len(d["breaches"])' <"$tmp/c1.json")
[ "$breaches" -gt 0 ] && ok "check records $breaches breaches" || nok "no breaches recorded"
grep -q "RCPT TO:<lead@example.com>" "$tmp/s1/mail-1.eml" && grep -q "^Subject: \[breach\] SLA" "$tmp/s1/mail-1.eml" \
    && ok "the mail goes to the ladder's address with the breach in the subject" \
    || nok "mail content"
stop_sink

# A working webhook: the next run retries exactly the failed deliveries.
start_sink "$tmp/s2"
"$bin" sla check --json >"$tmp/c2.json"
rc=$?
sent=$(json 'd["actions"]["sent"]' <"$tmp/c2.json")
[ "$rc" -eq 0 ] && [ "$sent" -eq "$failed" ] && [ "$(count "$tmp/s2" webhook)" -eq "$failed" ] \
    && [ "$(count "$tmp/s2" mail)" -eq 0 ] \
    && ok "next run retries the $failed failed webhook deliveries only" \
    || nok "retry (rc $rc, sent $sent of $failed)"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['username']=='ticketty' and 'SLA breach' in d['text']" \
    "$tmp/s2/webhook-1.json" && ok "webhook payload is Slack-compatible JSON" || nok "webhook payload"

"$bin" sla check >"$tmp/c3.txt"
rc=$?
[ "$rc" -eq 0 ] && [ "$(count "$tmp/s2" webhook)" -eq "$failed" ] \
    && grep -q "0 new warnings, 0 new breaches, 0 escalation levels; actions: 0 sent" "$tmp/c3.txt" \
    && ok "a second run sends nothing new" || nok "second run: $(tail -1 "$tmp/c3.txt")"

# Two hours later: new breaches fire their level once.
TICKETTY_NOW=2026-05-06T14:00:00Z "$bin" sla check --json >"$tmp/c4.json"
new=$(json 'len(d["escalations"])' <"$tmp/c4.json")
TICKETTY_NOW=2026-05-06T14:00:00Z "$bin" sla check --json >"$tmp/c5.json"
again=$(json 'len(d["escalations"])' <"$tmp/c5.json")
[ "$again" -eq 0 ] && ok "later run: $new new levels, then none" || nok "later rerun: $again"

id=$(sqlite3 "$TICKETTY_DB" "select ticket_id from sla_events where kind='breach' order by id limit 1")
"$bin" sla explain "$id" >"$tmp/explain.txt"
grep -q 'Policy "everyone" applies' "$tmp/explain.txt" && grep -q "BREACHED" "$tmp/explain.txt" \
    && grep -q "Recorded by sla check" "$tmp/explain.txt" \
    && grep -q "escalation level 1: notify webhook: sent; notify lead@example.com: sent" "$tmp/explain.txt" \
    && ok "sla explain: policy, breach and what check recorded" || nok "sla explain ($(cat "$tmp/explain.txt"))"
"$bin" sla explain "$id" --json | json 'd["targets"][0]["metric"]' >/dev/null \
    && ok "sla explain --json" || nok "sla explain --json"
# "counted" in words rounds down like elapsed_minutes in --json (the manual:
# minutes shown round the elapsed time down).
bad=0
for t in $(sqlite3 "$TICKETTY_DB" "select id from tickets order by id limit 40"); do
    "$bin" sla explain "$t" >"$tmp/ex.txt" 2>/dev/null || continue
    "$bin" sla explain "$t" --json >"$tmp/ex.json" 2>/dev/null || continue
    python3 - "$tmp/ex.txt" "$tmp/ex.json" <<'PY' || bad=$((bad + 1))
import json, re, sys
words = re.findall(r'^  counted +(\S+) of', open(sys.argv[1]).read(), re.M)
mins = [t['elapsed_minutes'] for t in json.load(open(sys.argv[2]))['targets']]
def m(w):
    d = re.fullmatch(r'(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?', w)
    return int(d[1] or 0) * 1440 + int(d[2] or 0) * 60 + int(d[3] or 0), bool(d[1])
for w, e in zip(words, mins):
    v, days = m(w)
    # "2d4h" drops the minutes: compare at the hour then
    if (e // 60 * 60 if days else e) != v:
        sys.exit(1)
sys.exit(0 if len(words) == len(mins) else 1)
PY
done
[ "$bad" -eq 0 ] && ok "sla explain: counted time in words matches elapsed_minutes" \
    || nok "sla explain: counted time differs from elapsed_minutes on $bad tickets"
# Every key of the sla commands' --json is documented in their help and the manual.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' packaging/ticketty.1 >"$tmp/man.txt"
undoc=""
for c in "explain $id" "check --dry-run" "report --by group" "refresh"; do
    # shellcheck disable=SC2086
    "$bin" sla $c --json >"$tmp/k.json" 2>/dev/null
    "$bin" help sla ${c%% *} >"$tmp/h.txt"
    u=$(python3 - "$tmp/k.json" "$tmp/h.txt" "$tmp/man.txt" <<'PY'
import json, re, sys
def keys(v, acc):
    if isinstance(v, dict):
        for k, x in v.items():
            acc.add(k)
            keys(x, acc)
    elif isinstance(v, list):
        for x in v:
            keys(x, acc)
acc = set()
keys(json.load(open(sys.argv[1])), acc)
acc.discard("group")  # the --by key, named by the option
for doc in sys.argv[2:]:
    text = open(doc).read()
    miss = sorted(k for k in acc if not re.search(r"(?<![A-Za-z_])%s(?![A-Za-z_])" % k, text))
    if miss:
        print(doc.rsplit("/", 1)[-1], miss)
PY
)
    [ -n "$u" ] && undoc="$undoc [sla ${c%% *}: $u]"
done
[ -z "$undoc" ] && ok "every key of sla explain/check/report/refresh --json is in help and manual" \
    || nok "undocumented --json keys:$undoc"
"$bin" sla explain "$id" --json | json 'all(list(r) == ["metric", "kind", "deadline", "at", "level", "actions"] for r in d["records"]) and len(d["records"]) > 0' | grep -q True \
    && ok "sla explain --json: every record has the same keys (level null unless an escalation)" \
    || nok "sla explain --json records: $("$bin" sla explain "$id" --json | json 'd["records"]')"
"$bin" sla explain 999999 >/dev/null 2>&1
[ $? -eq 1 ] && ok "sla explain: unknown ticket fails" || nok "sla explain unknown ticket"
"$bin" sla report --since 2026-01-01 --by priority --json >"$tmp/r.json"
rows=$(json 'len(d["rows"])' <"$tmp/r.json")
[ "$rows" -gt 0 ] && ok "sla report --by priority: $rows rows" || nok "sla report"
"$bin" sla report --since 2026-01-01 --json >"$tmp/r0.json"
json '"by" in d and d["by"] is None and list(d) == ["since", "by", "tickets", "without_policy", "rows"]' \
    <"$tmp/r0.json" | grep -q True && ok "sla report --json without --by has \"by\": null (the manual's keys)" \
    || nok "sla report --json without --by ($(head -c 200 "$tmp/r0.json"))"
"$bin" sla report --by colour >/dev/null 2>&1
[ $? -eq 2 ] && ok "sla report: bad --by is a usage error" || nok "sla report --by colour"
# A group name from a provider with invalid UTF-8 keeps its key in --json (U+FFFD).
g=$(sqlite3 "$TICKETTY_DB" "SELECT group_id FROM tickets WHERE group_id IS NOT NULL LIMIT 1")
gname=$(sqlite3 "$TICKETTY_DB" "SELECT name FROM groups WHERE id = $g")
sqlite3 "$TICKETTY_DB" "UPDATE groups SET name = CAST(X'4361668E' AS TEXT) WHERE id = $g"
"$bin" sla report --since 2026-01-01 --by group --json >"$tmp/rg.json"
json 'all("group" in r for r in d["rows"]) and any(r["group"] == "Caf\ufffd" for r in d["rows"])' \
    <"$tmp/rg.json" | grep -q True && ok "sla report --json keeps a group name with invalid UTF-8" \
    || nok "sla report --json group with invalid UTF-8 ($(head -c 300 "$tmp/rg.json"))"
sqlite3 "$TICKETTY_DB" "UPDATE groups SET name = '$gname' WHERE id = $g"
# Tickets without a category form the null group in --json (a category named "(none)" stays itself).
sqlite3 "$TICKETTY_DB" "UPDATE tickets SET category = NULL WHERE id IN (SELECT id FROM tickets ORDER BY id LIMIT 20)"
"$bin" sla report --since 2026-01-01 --by category --json >"$tmp/rc.json"
json 'any(r["category"] is None for r in d["rows"]) and not any(r["category"] == "(none)" for r in d["rows"]) and d["rows"][-1]["category"] is None' \
    <"$tmp/rc.json" | grep -q True && ok "sla report --json: tickets without a category are the null group, listed last" \
    || nok "sla report --by category null group ($(head -c 300 "$tmp/rc.json"))"
"$bin" sla report --since 2026-01-01 --by category | grep -q '^(none) ' && ok "sla report: the null group reads (none) in text" || nok "sla report text (none)"
# A helpdesk ticket: reassign and raise priority go through the outbox.
sqlite3 "$TICKETTY_DB" "INSERT INTO accounts(name, provider, base_url) VALUES ('acme', 'zendesk', 'https://acme.zendesk.com');
INSERT INTO groups(account_id, external_id, name, email) SELECT id, '76', 'Tier 1', 't1@example.com' FROM accounts WHERE name = 'acme';
INSERT INTO groups(account_id, external_id, name, email) SELECT id, '77', 'Tier 2', 't2@example.com' FROM accounts WHERE name = 'acme';
INSERT INTO tickets(account_id, external_id, subject, status, priority, group_id, created_at, updated_at)
  SELECT a.id, 'Z-1', 'Remote ticket', 'open', 'normal', g.id, strftime('%s', '2026-05-06T13:00:00Z'), strftime('%s', '2026-05-06T13:00:00Z')
  FROM accounts a JOIN groups g ON g.account_id = a.id AND g.name = 'Tier 1' WHERE a.name = 'acme';"
zid=$(sqlite3 "$TICKETTY_DB" "SELECT id FROM tickets WHERE external_id = 'Z-1'")
cat >>"$TICKETTY_CONFIG" <<'YAML'
    - name: remote
      when: {group: [nobody]}
      targets: {first_reply: 5}
YAML
sed -i 's/^    - name: everyone$/    - name: acme-escalation\n      when: {priority: [normal]}\n      targets: {first_reply: 30}\n      escalation:\n        - {offset_minutes: 0, raise_priority: true, reassign: Tier 2, notify: [group]}\n    - name: everyone/' "$TICKETTY_CONFIG"
TICKETTY_NOW=2026-05-06T14:00:00Z "$bin" sla check --json >"$tmp/c6.json"
out=$(sqlite3 "$TICKETTY_DB" "SELECT kind || '=' || payload FROM outbox WHERE ticket_id = $zid ORDER BY id" | tr '\n' ' ')
[ "$out" = "priority=high group=77 " ] && ok "remote ticket: raise priority and reassign queued in the outbox" \
    || nok "remote ticket outbox: '$out' ($(python3 -c 'import json,sys; print([e for e in json.load(open(sys.argv[1]))["escalations"] if e["ticket"]=='"$zid"'])' "$tmp/c6.json"))"
grep -l "RCPT TO:<t1@example.com>" "$tmp"/s2/mail-*.eml >/dev/null 2>&1 \
    && ok "notify group: mail to the ticket group's address" || nok "notify group mail"
TICKETTY_NOW=2026-05-06T14:00:00Z "$bin" sla check >/dev/null
n=$(sqlite3 "$TICKETTY_DB" "SELECT count(*) FROM outbox WHERE ticket_id = $zid")
[ "$n" -eq 2 ] && ok "a second run queues nothing new" || nok "outbox rows after rerun: $n"
[ "$fails" -eq 0 ]
