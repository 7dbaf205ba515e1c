#!/bin/sh
# Customer health end to end: import (CSV and JSON, bad rows by line), scoring
# runs, history, overrides, backtest, and CSM alerts delivered to the loopback
# webhook and SMTP receivers (build/tools/notify_sink): one per transition,
# none on a second run, retried after a failed delivery.
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
export TICKETTY_DB="$tmp/t.db" TICKETTY_CONFIG="$tmp/config.yaml"
unset TICKETTY_NOW
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
    from: "ticketty@example.com"
    tls: none
health:
  alert_mrr: 1000
${3:-}
YAML
}
count() { ls "$1" 2>/dev/null | grep -c "^$2-" ; }

cat >"$tmp/c.csv" <<'CSV'
id,name,plan,mrr,csm,subscription_status,login_days_last_30,features_used,tickets_last_90_days,resolved_tickets_last_90_days,current_month_usage,previous_month_usage,failed_payments_last_90_days
C-1,Acme Corp,enterprise,5000,ann@example.com,active,25,tickets;reports;automations;knowledge_base;integrations,10,9,130,100,0
C-2,"Globex, Inc.",pro,1200,bob@example.com,active,28,tickets;reports;automations,4,4,110,100,0
C-3,Initech,pro,abc,bob@example.com,active,5,,,,10,10,0
C-4,Tiny,free,50,,active,0,,3,0,0,100,3
"C-5",Hooli,pro,9000,ann@example.com,cancelled,0,,,,,,
CSV
"$bin" import customers "$tmp/c.csv" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 3 ] && ok "import: exit 3 when some rows are rejected" || nok "import: exit $rc"
grep -q 'c.csv:4: mrr: "abc" is not a number' "$tmp/err" && ok "import: bad row reported with its line" \
    || nok "import: bad row line ($(cat "$tmp/err"))"
grep -q 'imported 4 customers' "$tmp/out" && ok "import: good rows still load" || nok "import: $(cat "$tmp/out")"
cat >"$tmp/c.json" <<'JSON'
[{"id": "J-1", "name": "Json Ltd", "mrr": 300, "features_used": ["tickets", "reports"],
  "login_days_last_30": 15, "subscription_status": "active"},
 {"id": "J-2", "login_days_last_30": "many"}]
JSON
"$bin" import customers "$tmp/c.json" --json >"$tmp/out" 2>&1
python3 - "$tmp/out" <<'PY' && ok "import: JSON file, rejected item reported in --json" || nok "import: JSON ($(cat "$tmp/out"))"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["imported"] == 1, d
assert d["rejected"] == [{"item": 2, "line": 3, "error": 'login_days_last_30: "many" is not a number'}], d
PY

# Header problems name the file and line 1.
printf 'name,plan\nx,pro\n' >"$tmp/nohdr.csv"
TICKETTY_DB="$tmp/hdr.db" "$bin" import customers "$tmp/nohdr.csv" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] && grep -q 'nohdr.csv:1: the header has no "id" column' "$tmp/err" \
    && ok "import: a header without id is an invalid document (2) at line 1" || nok "import: no id header rc $rc ($(cat "$tmp/err"))"
printf 'id,name,mrr,id\nD-1,Dup,5,D-2\n' >"$tmp/dup.csv"
TICKETTY_DB="$tmp/hdr.db" "$bin" import customers "$tmp/dup.csv" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] && grep -q 'dup.csv:1: the column "id" appears twice' "$tmp/err" \
    && ok "import: a column named twice is an invalid document (2)" || nok "import: duplicate column rc $rc ($(cat "$tmp/err"))"
printf 'id,name,mrr\nM-1,"Multi\nline name",5\nM-2,Bad,x\n' >"$tmp/multi.csv"
TICKETTY_DB="$tmp/hdr.db" "$bin" import customers "$tmp/multi.csv" >/dev/null 2>"$tmp/err"
grep -q 'multi.csv:4: mrr' "$tmp/err" \
    && ok "import: line numbers count the lines inside quoted fields" || nok "import: multi-line ($(cat "$tmp/err"))"

printf '[{"id": "K-1", "bogus": 1}, {"id": "K-2", "bogus": 2, "other": 3}]' >"$tmp/k.json"
TICKETTY_DB="$tmp/hdr.db" "$bin" import customers "$tmp/k.json" >/dev/null 2>"$tmp/err"
[ "$(grep -c 'ignoring unknown key' "$tmp/err")" -eq 2 ] && grep -q 'k.json: item 2: ignoring unknown key "other"' "$tmp/err" \
    && ok "import: unknown JSON keys are reported once each, like unknown CSV columns" || nok "import: unknown JSON keys ($(cat "$tmp/err"))"

printf '{"meta": [1, 2], "customers": [\n  {"id": "L-1", "mrr": "bad"},\n  {"id": "L-2"},\n\n  {"name": "no ] id \\" {["}]}\n' >"$tmp/lines.json"
TICKETTY_DB="$tmp/hdr.db" "$bin" import customers "$tmp/lines.json" >/dev/null 2>"$tmp/err"
grep -q 'lines.json:2: item 1: mrr' "$tmp/err" && grep -q 'lines.json:5: item 3: id: missing' "$tmp/err" \
    && ok "import: JSON rows are reported with the line they start on" || nok "import: JSON lines ($(cat "$tmp/err"))"

# Day 1: C-4 is critical but below the MRR threshold; nobody alerts.
start_sink "$tmp/s1"
TICKETTY_NOW=2026-11-20T06:00:00Z "$bin" health update >"$tmp/out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q 'scored 4 customers' "$tmp/out" && ok "update: scores active customers only" \
    || nok "update: rc $rc $(cat "$tmp/out")"
[ "$(count "$tmp/s1" webhook)" -eq 0 ] && ok "update: no alert below alert_mrr" || nok "update: unexpected alert"
TICKETTY_NOW=2026-11-20T07:00:00Z "$bin" health list --json >"$tmp/list.json"
python3 - "$tmp/list.json" <<'PY' && ok "list --json: contract shape and worst first" || nok "list --json shape"
import json, sys
a = json.load(open(sys.argv[1]))
assert [c["customer_id"] for c in a][0] == "C-4", a
for c in a:
    for k in ("customer_id", "name", "mrr", "score", "status", "signals"):
        assert k in c, (k, c)
    assert [s["name"] for s in c["signals"]] == ["product_usage", "feature_adoption",
        "support_sentiment", "expansion_signals", "payment_health"]
    assert all(set(s) == {"name", "score", "weight"} for s in c["signals"])
acme = [c for c in a if c["customer_id"] == "C-1"][0]
assert acme["score"] == 99 and acme["status"] == "healthy", acme
assert [s["weight"] for s in acme["signals"]] == [0.3, 0.2, 0.15, 0.15, 0.2]
PY

# Day 2: Globex (MRR 1200) collapses: one alert, by webhook and to its CSM.
cat >"$tmp/g.csv" <<'CSV'
id,login_days_last_30,features_used,tickets_last_90_days,resolved_tickets_last_90_days,current_month_usage,previous_month_usage,failed_payments_last_90_days
C-2,1,tickets;reports;automations,6,1,40,100,3
CSV
"$bin" import customers "$tmp/g.csv" >/dev/null
TICKETTY_NOW=2026-11-21T06:00:00Z "$bin" health update --json >"$tmp/out" 2>&1
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["alerts_queued"]==1 and d["alerts_sent"]==1, d' \
    "$tmp/out" && ok "update: transition to critical queues and sends one alert" || nok "update: $(cat "$tmp/out")"
[ "$(count "$tmp/s1" webhook)" -eq 1 ] && ok "alert: one webhook delivery" || nok "alert: webhooks $(count "$tmp/s1" webhook)"
grep -q 'Globex, Inc. is critical' "$tmp/s1/webhook-1.json" && grep -q 'payment_health 20' "$tmp/s1/webhook-1.json" \
    && ok "alert: names the customer and the failing signals" || nok "alert body: $(cat "$tmp/s1/webhook-1.json")"
grep -q 'payment_health 20' "$tmp/s1/webhook-1.json" && ! grep -q 'feature_adoption' "$tmp/s1/webhook-1.json" \
    && ok "alert: only signals below 40 are named" || nok "alert: failing signals"
[ "$(count "$tmp/s1" mail)" -eq 1 ] && grep -q 'RCPT TO:<bob@example.com>' "$tmp/s1/mail-1.eml" \
    && ok "alert: e-mail to the customer's CSM" || nok "alert: CSM mail"
TICKETTY_NOW=2026-11-21T18:00:00Z "$bin" health update >"$tmp/out" 2>&1
[ "$(count "$tmp/s1" webhook)" -eq 1 ] && grep -q '0 new alerts' "$tmp/out" \
    && ok "alert: a second run the same day sends nothing new" || nok "alert: second run $(cat "$tmp/out")"
TICKETTY_NOW=2026-11-22T06:00:00Z "$bin" health update >/dev/null 2>&1
[ "$(count "$tmp/s1" webhook)" -eq 1 ] && ok "alert: staying critical sends nothing" || nok "alert: repeat"
stop_sink

# Override: shown as such, kept by the next run, the computed score beside it.
"$bin" health override C-2 --score 72 --reason "renewal signed" --until 2026-12-01 --by ann >/dev/null
TICKETTY_NOW=2026-11-23T06:00:00Z "$bin" health update >/dev/null 2>&1
TICKETTY_NOW=2026-11-23T07:00:00Z "$bin" health show C-2 --json >"$tmp/show.json"
python3 - "$tmp/show.json" <<'PY' && ok "override: effective score, reason, computed score kept" || nok "override: $(cat "$tmp/show.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["score"] == 72 and d["status"] == "healthy", d
assert d["override"]["reason"] == "renewal signed" and d["override"]["by"] == "ann", d
assert d["computed_status"] == "critical", d
days = [h["day"] for h in d["history"]]
assert days == ["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"], days
assert d["history"][-1]["overridden"] is True and d["history"][-1]["score"] == 72
assert len(d["alerts"]) == 1 and d["alerts"][0]["sent_at"] is not None
PY
# A --days larger than the calendar means all history (days * 86400 must not overflow).
a=$(TICKETTY_NOW=2026-11-23T07:00:00Z "$bin" health show C-2 --days 9223372036854775807 --json 2>&1 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["history"]))' 2>&1)
b=$(TICKETTY_NOW=2026-11-23T07:00:00Z "$bin" health show C-2 --days 100000 --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["history"]))')
[ "$a" = "$b" ] && [ "$b" -eq 4 ] && ok "show --days beyond the calendar lists all history" || nok "show --days huge: $a rows, not $b"
TICKETTY_NOW=2026-11-23T07:00:00Z "$bin" health list | grep -q '^C-2 .* 72\* healthy' \
    && ok "list: override marked with *" || nok "list: override mark"
"$bin" health override C-2 --clear >/dev/null

# A failed delivery stays pending and is retried once, not duplicated.
"$bin" import customers "$tmp/c.csv" >/dev/null 2>&1 # C-1 ... as before
printf 'id,login_days_last_30,features_used,tickets_last_90_days,resolved_tickets_last_90_days,current_month_usage,previous_month_usage,failed_payments_last_90_days\nC-1,0,,5,0,0,100,3\n' >"$tmp/a.csv"
"$bin" import customers "$tmp/a.csv" >/dev/null
start_sink "$tmp/s2" 500 "  notify: webhook"
# A Slack-style URL carries its secret in the path: never in stderr or the database.
sed -i 's|^\(  webhook_url: "[^"]*\)"|\1/services/T1/B2/SECRET"|' "$TICKETTY_CONFIG"
TICKETTY_NOW=2026-11-24T06:00:00Z "$bin" health update >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 3 ] && grep -q '1 failed' "$tmp/out" && ok "alert: failed delivery exits 3" || nok "alert: failed delivery rc $rc $(cat "$tmp/out")"
grep -q 'HTTP 500' "$tmp/err" && ! grep -q SECRET "$tmp/err" \
    && [ -n "$(sqlite3 "$TICKETTY_DB" "select last_error from health_alerts where last_error like '%HTTP 500%'")" ] \
    && [ -z "$(sqlite3 "$TICKETTY_DB" "select last_error from health_alerts where last_error like '%SECRET%'")" ] \
    && ok "alert: the webhook's secret path is not in stderr or health_alerts.last_error" \
    || nok "alert: webhook secret leaked ($(cat "$tmp/err"))"
stop_sink
start_sink "$tmp/s3" 200 "  notify: webhook"
TICKETTY_NOW=2026-11-24T07:00:00Z "$bin" health update >"$tmp/out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && [ "$(count "$tmp/s3" webhook)" -eq 1 ] && grep -q 'Acme Corp' "$tmp/s3/webhook-1.json" \
    && ok "alert: retried on the next run" || nok "alert: retry rc $rc $(cat "$tmp/out")"
TICKETTY_NOW=2026-11-24T08:00:00Z "$bin" health update >/dev/null 2>&1
[ "$(count "$tmp/s3" webhook)" -eq 1 ] && ok "alert: delivered alert not sent again" || nok "alert: duplicate after retry"
stop_sink

# Backtest.
printf 'id,churned\nC-1,1\nC-4,1\nJ-1,0\nNOPE,0\n' >"$tmp/o.csv"
"$bin" health backtest --outcome "$tmp/o.csv" --json >"$tmp/bt.json" 2>&1
python3 - "$tmp/bt.json" <<'PY' && ok "backtest: AUC of the score and of each signal" || nok "backtest: $(cat "$tmp/bt.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["customers"] == 3 and d["churned"] == 2 and d["unmatched"] == 1, d
assert d["auc"] == 1.0, d
assert len(d["signals"]) == 5 and all("auc" in s for s in d["signals"])
PY
# A customer id from an import is untrusted text: override's confirmation is sanitised.
printf 'id,name,subscription_status\nE\033[2J-1,Esc Co,active\n' >"$tmp/esc.csv"
"$bin" import customers "$tmp/esc.csv" >/dev/null 2>&1
"$bin" health override "$(printf 'E\033[2J-1')" --score 50 --reason r --until 2099-01-01 >"$tmp/ov.out" 2>&1
"$bin" health override "$(printf 'E\033[2J-1')" --clear >>"$tmp/ov.out" 2>&1
grep -q 'score 50' "$tmp/ov.out" && grep -q 'cleared' "$tmp/ov.out" && ! grep -q "$(printf '\033')" "$tmp/ov.out" \
    && ok "override: a customer id with an escape sequence is printed sanitised" || nok "override output: $(cat -v "$tmp/ov.out")"
printf '\357\273\277[{"id": "BOM-1", "name": "Bom Co"}]' >"$tmp/bom.json"
"$bin" import customers "$tmp/bom.json" >"$tmp/bom.out" 2>&1 && grep -q 'imported 1 customer' "$tmp/bom.out" \
    && ok "import: a JSON file with a byte order mark loads (like a CSV file)" || nok "import BOM JSON: $(cat "$tmp/bom.out")"
printf 'id,churned\nC-1,1\nC-4,1\nJ-1,0\nC-1,0\n' >"$tmp/dup.csv"
"$bin" health backtest --outcome "$tmp/dup.csv" --json >"$tmp/dup.json" 2>"$tmp/dup.err"
rc=$?
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if (d["customers"], d["churned"], d["rejected"]) == (3, 2, 1) else 1)' "$tmp/dup.json" \
    && [ $rc -eq 3 ] && grep -q 'dup.csv:5: id "C-1" repeated (first on line 2)' "$tmp/dup.err" \
    && ok "backtest: a customer listed twice is a rejected row, not counted twice" \
    || nok "backtest duplicate id: rc $rc, $(cat "$tmp/dup.json" "$tmp/dup.err" | head -c 300)"
printf 'id,name,plan,subscription_status\nNEW-1,New Co,pro,active\n' >"$tmp/new.csv"
"$bin" import customers "$tmp/new.csv" >/dev/null 2>&1
"$bin" health show C-2 --json >"$tmp/scored.json" 2>&1
"$bin" health show NEW-1 --json >"$tmp/unscored.json" 2>&1
python3 - "$tmp/scored.json" "$tmp/unscored.json" <<'PY' && ok "show --json: a customer not scored yet has the same keys (null)" || nok "show --json unscored keys: $(cat "$tmp/unscored.json" | head -c 300)"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
assert list(a) == list(b), (list(a), list(b))
assert b["score"] is None and b["scored_at"] is None and b["plan"] == "pro", b
PY
"$bin" health override C-2 --score 50 --reason "   " --until 2099-01-01 >/dev/null 2>&1
[ $? -eq 2 ] && ok "override: a blank --reason is refused like a missing one" || nok "override accepted a blank reason"
"$bin" health list --status bogus >/dev/null 2>&1
[ $? -eq 2 ] && ok "list: unknown status is a usage error" || nok "list: bad status"
printf 'health:\n  signals:\n    product_usage: {weight: lots}\n' >"$TICKETTY_CONFIG"
"$bin" health list >/dev/null 2>"$tmp/err"
grep -q 'config.yaml:3: health.signals.product_usage.weight' "$tmp/err" \
    && ok "config: bad health key reported with file:line:key" || nok "config: $(cat "$tmp/err")"
[ "$fails" -eq 0 ]
