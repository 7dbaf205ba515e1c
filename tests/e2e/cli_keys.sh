#!/bin/sh
# Unknown keys of JSON input documents: `sla eval` and `import customers` name
# each one on stderr by its path (with the closest known key), and standard
# output and the exit status stay what they are without the key.
set -u
cd "$(dirname "$0")/../.."
bin=${TICKETTY_BIN:-build/ticketty}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }

# The same ticket twice: exactly as documented, and with misspelled and extra keys.
cat >"$tmp/clean.json" <<'JSON'
{"now": "2026-05-04T13:00:00Z",
 "policy": {"targets": [{"metric": "first_reply", "minutes": 240, "mode": "calendar"}]},
 "events": [{"at": "2026-05-04T10:00:00Z", "type": "created"}]}
JSON
cat >"$tmp/extra.json" <<'JSON'
{"now": "2026-05-04T13:00:00Z", "schedul": {"timezone": "Europe/Berlin",
   "weekly": {"mon": [["09:00","17:00"]]}, "holiday": ["2026-05-01"]},
 "polcy": {"human_only": false},
 "policy": {"targets": [{"metric": "first_reply", "minutes": 240, "mode": "calendar",
                         "warn_before": 200, "x_source": "crm"}]},
 "events": [{"at": "2026-05-04T10:00:00Z", "type": "created", "autor": "agent"}],
 "request_id": "abc"}
JSON
"$bin" sla eval --compact "$tmp/clean.json" >"$tmp/clean.out" 2>"$tmp/clean.err"
rc_clean=$?
"$bin" sla eval --compact "$tmp/extra.json" >"$tmp/extra.out" 2>"$tmp/extra.err"
rc_extra=$?
[ "$rc_clean" -eq 0 ] && [ "$rc_extra" -eq 0 ] && ok "sla eval: unknown keys do not change the exit status" \
    || nok "sla eval: exit status $rc_clean / $rc_extra"
[ -s "$tmp/clean.out" ] && cmp -s "$tmp/clean.out" "$tmp/extra.out" && ok "sla eval: unknown keys do not change stdout" \
    || nok "sla eval: stdout differs ($(cat "$tmp/clean.out") vs $(cat "$tmp/extra.out"))"
[ ! -s "$tmp/clean.err" ] && ok "sla eval: a document of known keys warns about nothing" \
    || nok "sla eval: warnings on a clean document ($(cat "$tmp/clean.err"))"
f="$tmp/extra.json"
expect() {
    grep -qxF "$1" "$tmp/extra.err" && ok "sla eval warns: $2" || nok "sla eval warns: $2 (stderr: $(cat "$tmp/extra.err"))"
}
expect "ticketty: sla eval: $f: ignoring unknown key \"schedul\" (did you mean \"schedule\"?)" "top-level misspelling with a suggestion"
expect "ticketty: sla eval: $f: ignoring unknown key \"polcy\" (did you mean \"policy\"?)" "polcy -> policy"
expect "ticketty: sla eval: $f: ignoring unknown key \"policy.targets[0].warn_before\" (did you mean \"warn_before_minutes\"?)" "a target key by its path, prefix suggestion"
expect "ticketty: sla eval: $f: ignoring unknown key \"policy.targets[0].x_source\"" "an extra key without a suggestion"
expect "ticketty: sla eval: $f: ignoring unknown key \"events[0].autor\" (did you mean \"author\"?)" "an event key"
expect "ticketty: sla eval: $f: ignoring unknown key \"request_id\"" "an extra top-level key"
[ "$(wc -l <"$tmp/extra.err")" -eq 6 ] && ok "sla eval: one line per unknown key (keys under an unknown key are not walked)" \
    || nok "sla eval: $(wc -l <"$tmp/extra.err") warning lines"
# Inside a known schedule the schedule's keys are checked.
sed 's/"schedul"/"schedule"/' "$tmp/extra.json" >"$tmp/sched.json"
"$bin" sla eval --compact - <"$tmp/sched.json" >/dev/null 2>"$tmp/sched.err"
grep -qxF 'ticketty: sla eval: standard input: ignoring unknown key "schedule.holiday" (did you mean "holidays"?)' "$tmp/sched.err" \
    && ok "sla eval: schedule keys checked, standard input named as such" || nok "sla eval: schedule keys ($(cat "$tmp/sched.err"))"
# From stdin, the error names the input as the warnings do.
echo '{"now":"2026-05-04T13:00:00Z","polcy":{}}' | "$bin" sla eval - >/dev/null 2>"$tmp/stdin.err"
grep -qxF 'ticketty: sla eval: standard input: ignoring unknown key "polcy" (did you mean "policy"?)' "$tmp/stdin.err" \
    && grep -q '^ticketty: standard input: policy' "$tmp/stdin.err" \
    && ok "sla eval: standard input named alike in the warning and the error" || nok "sla eval: stdin naming ($(cat "$tmp/stdin.err"))"
# A misspelling that makes the document invalid: the hint comes with the error, status 2.
echo '{"polcy": {"targets": []}}' >"$tmp/bad.json"
"$bin" sla eval "$tmp/bad.json" >"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
[ "$rc" -eq 2 ] && grep -q 'did you mean "policy"' "$tmp/bad.err" && [ ! -s "$tmp/bad.out" ] \
    && ok "sla eval: invalid document still exits 2, with the hint" || nok "sla eval: invalid document rc $rc ($(cat "$tmp/bad.err"))"

# Hostile keys and file names: nothing reaches the terminal raw (no ESC, no
# 8-bit CSI, no bidi override), and a key is shown escaped, not shortened.
esc=$(printf '\033')
hostile="$tmp/$(printf 'x\033[31mred').json"
printf '{"now":"2026-05-04T13:00:00Z","policy":{"targets":[]},"events":[],"sched\\u009bule":{},"a\\u001b]0;T\\u0007b":1,"\\u202ec":1}' >"$hostile"
"$bin" sla eval --compact "$hostile" >"$tmp/h.out" 2>"$tmp/h.err"
rc=$?
[ "$rc" -eq 0 ] && ! grep -q "$esc" "$tmp/h.err" && ! grep -q "$(printf '\302\233')" "$tmp/h.err" \
    && ! grep -q "$(printf '\342\200\256')" "$tmp/h.err" \
    && ok "sla eval: no control characters of a key or file name reach stderr" || nok "sla eval: raw controls on stderr ($rc: $(od -c "$tmp/h.err" | head -5))"
grep -qF 'ignoring unknown key "sched\u009bule" (did you mean "schedule"?)' "$tmp/h.err" \
    && grep -qF 'ignoring unknown key "a\u001b]0;T\u0007b"' "$tmp/h.err" && grep -qF 'ignoring unknown key "\u202ec"' "$tmp/h.err" \
    && ok "sla eval: a hostile key is shown escaped" || nok "sla eval: hostile keys shown as ($(cat -v "$tmp/h.err"))"
printf 'id,name,x\033]0;T\007y\nc9,Z,1\n' >"$hostile.csv"
"$bin" --db "$tmp/h.db" import customers "$hostile.csv" >/dev/null 2>"$tmp/hc.err"
! grep -q "$esc" "$tmp/hc.err" && grep -qF 'ignoring unknown column "x\u001b]0;T\u0007y"' "$tmp/hc.err" \
    && ok "import customers: a hostile column and file name are shown escaped" || nok "import customers: hostile column ($(cat -v "$tmp/hc.err"))"

# A repeated key: JSON keeps the last value without a word, so say so (first
# repeat, with its line); stdout and the exit status stay the same.
printf '{"now": "2026-05-04T13:00:00Z",\n "policy": {"targets": [{"metric": "first_reply", "minutes": 240}]},\n "policy": {"targets": []},\n "events": [{"at": "2026-05-04T10:00:00Z", "type": "created"}]}\n' >"$tmp/dup.json"
"$bin" sla eval --compact "$tmp/dup.json" >"$tmp/dup.out" 2>"$tmp/dup.err"
rc=$?
[ "$rc" -eq 0 ] && [ "$(cat "$tmp/dup.out")" = '{"targets":[]}' ] \
    && grep -qxF "ticketty: sla eval: $tmp/dup.json: line 3: duplicate object key near '\"policy\"' (only its last value is used)" "$tmp/dup.err" \
    && ok "sla eval: a repeated key is named with its line (the last value counts, as before)" || nok "sla eval duplicate ($rc: $(cat "$tmp/dup.out" "$tmp/dup.err"))"
"$bin" sla eval --compact "$tmp/clean.json" 2>&1 >/dev/null | grep -q duplicate \
    && nok "sla eval: duplicate warning on a clean document" || ok "sla eval: no duplicate warning without a repeat"
printf '[{"id": "c7", "name": "Seven",\n  "mrr": 10, "mrr": 20}]' >"$tmp/cdup.json"
"$bin" --db "$tmp/dup.db" import customers "$tmp/cdup.json" >/dev/null 2>"$tmp/cdup.err"
rc=$?
[ "$rc" -eq 0 ] && grep -qF "cdup.json: line 2: duplicate object key near '\"mrr\"'" "$tmp/cdup.err" \
    && ok "import customers: a repeated key is named with its line" || nok "import customers duplicate ($rc: $(cat "$tmp/cdup.err"))"

# import customers: the same hints for CSV columns and JSON keys.
db="$tmp/t.db"
printf 'id,nmae,mrr,notes\nc1,Acme,100,x\n' >"$tmp/c.csv"
"$bin" --db "$db" import customers "$tmp/c.csv" >"$tmp/ic.out" 2>"$tmp/ic.err"
rc=$?
[ "$rc" -eq 0 ] && grep -qF 'ignoring unknown column "nmae" (did you mean "name"?)' "$tmp/ic.err" \
    && grep -qxF "ticketty: $tmp/c.csv:1: ignoring unknown column \"notes\"" "$tmp/ic.err" \
    && ok "import customers: unknown CSV columns named, with a hint when close" || nok "import customers CSV ($rc: $(cat "$tmp/ic.err"))"
printf '{"customers": [{"id": "c2", "plna": "pro"}], "costumers": []}' >"$tmp/c.json"
"$bin" --db "$db" import customers "$tmp/c.json" >"$tmp/ic.out" 2>"$tmp/ic.err"
rc=$?
[ "$rc" -eq 0 ] && grep -qF "ignoring unknown key \"costumers\" (did you mean \"customers\"?)" "$tmp/ic.err" \
    && grep -qF 'item 1: ignoring unknown key "plna" (did you mean "plan"?)' "$tmp/ic.err" \
    && grep -qx "imported 1 customer from $tmp/c.json" "$tmp/ic.out" \
    && ok "import customers: unknown JSON keys named, with a hint" || nok "import customers JSON ($rc: $(cat "$tmp/ic.out" "$tmp/ic.err"))"

[ "$fails" -eq 0 ]
