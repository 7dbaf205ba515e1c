#!/bin/sh
# kb_cli.sh: kb index / search / check end to end on a real git repository.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/kb.sh
kb_env kb

mkdir -p "$D/kb" && git_ init -q
art billing/refunds.md 'id: KB-001\ntitle: How to request a refund\naudience: customer\n' \
    'If you were charged twice, open Billing and choose Request refund.\n'
art account/password.md 'id: KB-002\n' '# Reset your password\n\nClick Forgot password.\n'
art internal/sso.md 'id: KB-003\ntitle: SAML setup\naudience: internal\nvisibility: internal\n' \
    'Configure SAML with Okta.\n'
git_ add -A && git_ commit -qm init
K="$T --db $D/t.db --kb $D/kb"

out=$($K kb index 2>&1)
check "kb index indexes three articles" 'echo "$out" | grep -q "3 added"'
out=$($K kb search --json refund)
check "kb search --json shape" 'echo "$out" | python3 -c "
import json,sys; o=json.load(sys.stdin); r=o[\"results\"][0]
assert o[\"query\"]==\"refund\" and set(r)=={\"id\",\"slug\",\"path\",\"title\",\"excerpt\",\"score\"}
assert r[\"id\"]==\"KB-001\" and r[\"path\"]==\"billing/refunds.md\""'
check "a whole query is not marked truncated" 'echo "$out" | python3 -c "
import json,sys; assert json.load(sys.stdin)[\"query_truncated\"] is False"'
# A query longer than the 4096 bytes searched: the JSON gives the text searched,
# cut between two characters (8 + 3 * 1362 bytes), and says it was cut.
long="refund  $(python3 -c 'print("\u9cb8" * 2000)')"
out=$($K kb search --json "$long")
check "kb search --json gives the query as searched, cut between characters" 'echo "$out" | python3 -c "
import json,sys; o=json.load(sys.stdin); q=o[\"query\"]
assert o[\"query_truncated\"] is True and len(q.encode())==4094 and q==\"refund  \"+\"\u9cb8\"*1362, len(q)
assert o[\"results\"][0][\"id\"]==\"KB-001\""'
out=$(printf '%s\n' "$long" | $K kb search)
check "batch mode says so too" 'echo "$out" | python3 -c "
import json,sys; o=json.load(sys.stdin); assert o[\"query_truncated\"] is True and len(o[\"query\"].encode())==4094"'
$K kb search "$long" >"$D/out" 2>"$D/err"
check "text output: one line on stderr when the query was cut" \
    '[ "$(wc -l <"$D/err")" -eq 1 ] && grep -q "first 4094 bytes were searched (of 6008)" "$D/err" && grep -q KB-001 "$D/out"'
$K kb search refund >/dev/null 2>"$D/err"
check "no note for a whole query" '[ ! -s "$D/err" ]'
out=$(printf 'refund\nSAML\n' | $K kb search --audience customer)
check "batch mode: one JSON line per query" '[ "$(echo "$out" | wc -l)" -eq 2 ]'
check "customer audience never sees internal" '! echo "$out" | grep -q KB-003'
out=$($K kb search SAML)
check "text output lists the internal article for agents" 'echo "$out" | grep -q "KB-003"'

art billing/bad.md 'id: KB-004\naudience: everyone\n' 'x\n'
git_ add -A
$K kb index --check >/dev/null 2>"$D/err"; rc=$?
check "kb index --check fails on a broken article" '[ $rc -eq 1 ]'
check "--check names path and line" 'grep -q "^billing/bad.md:3: audience" "$D/err"'
git_ commit -qm bad
out=$($K kb index 2>"$D/err")
check "incremental index skips the broken article" 'echo "$out" | grep -q "incremental" && grep -q "billing/bad.md:3" "$D/err"'
$K kb search --limit 0 x >/dev/null 2>&1; rc=$?
check "bad --limit is a usage error" '[ $rc -eq 2 ]'

# Feedback loop: votes, review, gaps.
i=0
while [ $i -lt 11 ]; do $K kb vote KB-002 --not-helpful >/dev/null; i=$((i + 1)); done
out=$($K kb vote password --helpful --json)
check "kb vote by slug counts votes" 'echo "$out" | grep -q "\"not_helpful\": 11"'
out=$($K kb review --json)
check "kb review flags the low helpful rate" 'echo "$out" | python3 -c "
import json,sys; a=json.load(sys.stdin); r=[x for x in a if x[\"id\"]==\"KB-002\"][0]
assert any(\"helpful rate\" in s for s in r[\"reasons\"])"'
check "kb review lists the broken file" 'echo "$out" | grep -q "billing/bad.md"'
check "kb review --json: a broken file has the same keys (id null)" 'echo "$out" | python3 -c "
import json,sys; a=json.load(sys.stdin); keys=[list(x) for x in a]
assert all(k == keys[0] for k in keys), keys
b=[x for x in a if x[\"id\"] is None][0]; assert b[\"path\"] == \"billing/bad.md\" and b[\"title\"] is None and b[\"helpful\"] == 0, b"'
$K kb search "quantum teleportation" >/dev/null
$K kb search refund >/dev/null
$K kb show KB-001 >/dev/null
out=$($K kb gaps --json)
check "kb gaps lists the query with no result" 'echo "$out" | grep -q "quantum teleportation"'
check "kb gaps drops a query whose result was opened" '! echo "$out" | grep -q "\"refund\""'
$K kb vote KB-404 --helpful >/dev/null 2>&1; rc=$?
check "voting for an unknown article fails" '[ $rc -eq 1 ]'

# --json keys survive invalid UTF-8 (an editor saving Latin-1): U+FFFD, not a missing key.
art billing/latin1.md 'id: KB-009\n' '# Caf\0351 menu\n\nPrices at the caf\0351.\n'
git_ add -A && git_ commit -qm latin1
$K kb index >/dev/null 2>&1
out=$($K kb show KB-009 --json)
check "kb show --json keeps a title with invalid UTF-8 (U+FFFD)" 'printf "%s\n" "$out" | python3 -c "
import json,sys; o=json.load(sys.stdin)
assert o[\"title\"]==\"Caf\\ufffd menu\", o.get(\"title\")
assert \"\\ufffd\" in o[\"markdown\"] and \"\\ufffd\" in o[\"excerpt\"]"'
out=$($K kb search --json "$(printf 'caf\351')")
check "kb search --json keeps a query with invalid UTF-8" 'printf "%s\n" "$out" | python3 -c "
import json,sys; o=json.load(sys.stdin); assert o[\"query\"]==\"caf\\ufffd\", o"'
$K kb search "$(printf 'zqxv\351')" >/dev/null
out=$($K kb gaps --json)
check "kb gaps --json keeps a query with invalid UTF-8" 'printf "%s\n" "$out" | python3 -c "
import json,sys; a=json.load(sys.stdin)
assert all(\"query\" in g for g in a) and any(g[\"query\"]==\"zqxv\\ufffd\" for g in a), a"'
# kb eval with no evaluable query fails by name instead of printing zeros.
printf 'query,article_id\nrefund,KB-999\n' >"$D/none.csv"
$K kb eval "$D/none.csv" --json >"$D/out" 2>"$D/err"; rc=$?
check "kb eval with every article unknown exits 1 naming the file" '[ $rc -eq 1 ] && [ ! -s "$D/out" ] && grep -q "none.csv: no query to evaluate (1 skipped" "$D/err"'
# The default mode is the configuration's, as help says.
printf 'kb:\n  search:\n    mode: bm25\n' >"$D/mode.yaml"
out=$($K --config "$D/mode.yaml" kb search --json refund 2>/dev/null)
check "kb search without --mode follows kb.search.mode (bm25 scores), and help says so" 'echo "$out" | python3 -c "
import json,sys; r=json.load(sys.stdin)[\"results\"]; assert r and r[0][\"score\"] > 0.5, r" && $T help kb search | grep -q "default kb.search.mode"'
# A path as a shell completes it: ./path from inside the KB, or absolute.
out=$(cd "$D/kb" && $K kb show ./billing/refunds.md --json 2>&1)
check "kb show takes ./PATH typed inside the KB" 'echo "$out" | grep -q "\"id\": \"KB-001\""'
out=$($K kb log "$D/kb/billing/refunds.md" --json 2>&1)
check "kb log takes an absolute path into the KB" 'echo "$out" | grep -q "\"commit\""'
$K kb show /etc/passwd >/dev/null 2>&1; rc=$?
check "a path outside the KB is still no article" '[ $rc -eq 1 ]'
[ $fails -eq 0 ]
