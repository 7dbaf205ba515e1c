#!/bin/sh
# triage in the flow: demo init triages open tickets with a model trained from
# the demo tickets; triage show (text and JSON), accept, override, retraining
# with the override as data, and a config error reported at file:line.
set -u
cd "$(dirname "$0")/../.."
bin=${TICKETTY_BIN:-build/ticketty}
tmp=$(mktemp -d /tmp/ticketty-e2e-triage-flow-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export TICKETTY_DB="$tmp/t.db" TICKETTY_KB="$tmp/kb" TICKETTY_CONFIG="$tmp/config.yaml"
export TICKETTY_NOW=2026-05-04T13:00:00Z
fails=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }
q() { sqlite3 "$TICKETTY_DB" "$1"; }

: > "$TICKETTY_CONFIG"
"$bin" demo init --tickets 600 --customers 60 > "$tmp/demo.out" 2>&1
grep -q "triage .*category model trained.* open tickets triaged" "$tmp/demo.out" \
    && ok "demo init trains a model and triages the open tickets" \
    || nok "demo init triage: $(tail -3 "$tmp/demo.out")"
open=$(q "SELECT count(*) FROM tickets WHERE status IN ('new','open','pending','on_hold')")
res=$(q "SELECT count(*) FROM triage_results")
[ "$open" -gt 0 ] && [ "$open" = "$res" ] && ok "every open ticket has a triage result ($res)" \
    || nok "triage results $res for $open open tickets"

arts=$(q "SELECT count(*) FROM triage_results WHERE articles <> ''")
[ "$arts" -gt 0 ] && ok "suggested KB articles for $arts of $res tickets" || nok "no article suggestions"
[ "$(q "SELECT count(*) FROM triage_results WHERE articles LIKE '%' || char(10) || '%' || char(10) || '%' || char(10) || '%'")" = 0 ] \
    && ok "at most 3 articles per ticket" || nok "article count"
id=$(q "SELECT ticket_id FROM triage_results ORDER BY ticket_id LIMIT 1")
"$bin" triage show "$id" --json > "$tmp/show.json" || nok "triage show --json exit status"
python3 - "$tmp/show.json" <<'PY' && ok "triage show --json has the explanation fields" || nok "triage show JSON"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("ticket_id", "category", "confidence", "priority", "group", "tags", "rules", "terms",
          "draft", "draft_send", "articles", "state"):
    assert k in d, k
assert d["category"] and 0 < d["confidence"] <= 1
assert isinstance(d["rules"], list) and isinstance(d["terms"], list) and d["terms"]
assert all("word" in t and "weight" in t for t in d["terms"])
assert d["state"] == "suggested" and d["draft_send"] is False
PY
"$bin" triage show "$id" > "$tmp/show.txt" && grep -q "^words that weighed most" "$tmp/show.txt" \
    && ok "triage show prints the words that weighed most" || nok "triage show text"

# Churn: a Chinese cancellation ticket gets urgent + churn-risk.
acct=$(q "SELECT id FROM accounts WHERE name = 'demo'")
q "INSERT INTO tickets(account_id, external_id, subject, description, status, priority, created_at, updated_at) VALUES ($acct, 'e2e-1', '账户', '我们决定取消订阅，下个月不再续费', 'new', 'low', 1, 1)"
new=$(q "SELECT id FROM tickets WHERE external_id = 'e2e-1'")
"$bin" triage run > "$tmp/run.out" && grep -q "triaged 1 ticket" "$tmp/run.out" \
    && ok "triage run triages the new ticket" || nok "triage run: $(cat "$tmp/run.out")"
[ "$(q "SELECT priority || ' ' || tags FROM triage_results WHERE ticket_id = $new")" = "urgent churn-risk" ] \
    && ok "Chinese cancellation intent: urgent and churn-risk" \
    || nok "churn: $(q "SELECT priority, tags, rules FROM triage_results WHERE ticket_id = $new")"

"$bin" triage override "$new" --category cancellation > /dev/null \
    && [ "$(q "SELECT state FROM triage_results WHERE ticket_id = $new")" = overridden ] \
    && [ "$(q "SELECT chosen FROM triage_overrides WHERE ticket_id = $new")" = cancellation ] \
    && ok "override recorded" || nok "override"
"$bin" triage accept "$id" > /dev/null \
    && [ "$(q "SELECT state FROM triage_results WHERE ticket_id = $id")" = accepted ] \
    && ok "accept recorded" || nok "accept"
"$bin" triage train --json > "$tmp/train.json" \
    && python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['version']==2 and d['labels']>=10, d" "$tmp/train.json" \
    && ok "retraining replaces the model and learns the override's label" \
    || nok "retrain: $(cat "$tmp/train.json")"
[ "$(q "SELECT count(*) FROM triage_models WHERE field = 'category'")" = 1 ] \
    && ok "one model row per field after retraining" || nok "model rows"

printf 'triage:\n  routing:\n    - {category: billing}\n' > "$TICKETTY_CONFIG"
"$bin" triage run > /dev/null 2> "$tmp/err"
[ $? -ne 0 ] && grep -q "config.yaml:3: triage.routing\[0\]: a route needs a group" "$tmp/err" \
    && ok "a bad triage rule is reported at file:line" || nok "config error: $(cat "$tmp/err")"
: > "$TICKETTY_CONFIG"
"$bin" triage show 999999 > /dev/null 2>&1
[ $? -eq 1 ] && ok "triage show of a missing ticket fails" || nok "missing ticket"

# A database whose model an earlier ticketty stored (image "TTCLF001", before
# the spelling map; labels billing, login, cancel) keeps triaging with it;
# training again stores the current format.
[ "$(q "SELECT CAST(substr(weights, 1, 8) AS TEXT) FROM triage_models WHERE field = 'category'")" = TTCLF002 ] \
    && ok "a model trained now is stored as TTCLF002" || nok "stored image format"
q "UPDATE triage_models SET weights = readfile('tests/data/triage_model_v1.bin'), labels = 3, features = 650 WHERE field = 'category'"
q "INSERT INTO tickets(account_id, external_id, subject, description, status, priority, created_at, updated_at) VALUES ($acct, 'e2e-2', 'Refund', 'I want a refund, charged twice', 'new', 'normal', 1, 1)"
old=$(q "SELECT id FROM tickets WHERE external_id = 'e2e-2'")
"$bin" triage run > "$tmp/run2.out" 2>&1 \
    && [ "$(q "SELECT category FROM triage_results WHERE ticket_id = $old")" = billing ] \
    && ok "a model stored in the older image format still triages" \
    || nok "old model: $(cat "$tmp/run2.out") $(q "SELECT category, confidence FROM triage_results WHERE ticket_id = $old")"
"$bin" triage show "$old" > "$tmp/show2.txt" && grep -q "^words that weighed most" "$tmp/show2.txt" \
    && ok "and explains its suggestion" || nok "old model show: $(cat "$tmp/show2.txt")"
"$bin" triage train > /dev/null \
    && [ "$(q "SELECT CAST(substr(weights, 1, 8) AS TEXT) FROM triage_models WHERE field = 'category'")" = TTCLF002 ] \
    && ok "triage train replaces it with the current format" || nok "retrain after old model"
exit $fails
