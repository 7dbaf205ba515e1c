#!/bin/sh
# sla eval end to end: the SLA.md example through the binary, and exit status 2
# with the field named on invalid input.
set -u
cd "$(dirname "$0")/../.."
bin=${TICKETTY_BIN:-build/ticketty}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }

cat >"$tmp/in.json" <<'JSON'
{"now": "2026-05-04T13:00:00Z",
 "schedule": {"timezone": "Europe/Berlin",
   "weekly": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
              "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]},
   "holidays": ["2026-05-01"]},
 "policy": {"pause_statuses": ["pending"], "human_only": true,
   "targets": [{"metric": "first_reply", "minutes": 240, "mode": "business", "warn_before_minutes": 15},
               {"metric": "full_resolution", "minutes": 1440, "mode": "calendar"}]},
 "events": [
   {"at": "2026-04-30T14:00:00Z", "type": "created"},
   {"at": "2026-04-30T15:00:00Z", "type": "comment", "author": "bot", "public": true},
   {"at": "2026-05-04T10:00:00Z", "type": "status", "status": "pending"},
   {"at": "2026-05-04T11:00:00Z", "type": "comment", "author": "end_user", "public": true},
   {"at": "2026-05-04T11:30:00Z", "type": "comment", "author": "agent", "public": false}]}
JSON
want='{"targets":[{"metric":"first_reply","state":"active","breached":true,"warning":false,"deadline":"2026-05-04T10:00:00Z","elapsed_minutes":420,"remaining_minutes":0},{"metric":"full_resolution","state":"active","breached":true,"warning":false,"deadline":"2026-05-01T14:00:00Z","elapsed_minutes":5640,"remaining_minutes":0}]}'
got=$("$bin" sla eval --compact "$tmp/in.json")
[ "$got" = "$want" ] && ok "sla eval: SLA.md example from a file" || nok "sla eval: SLA.md example ($got)"
got=$("$bin" sla eval --compact - <"$tmp/in.json")
[ "$got" = "$want" ] && ok "sla eval: the same from stdin" || nok "sla eval: stdin ($got)"
"$bin" sla eval "$tmp/in.json" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d["targets"])==2' \
    && ok "sla eval: indented output is JSON" || nok "sla eval: indented output is JSON"

echo '{"policy":{"targets":[{"metric":"first_reply","minutes":"soon"}]}}' >"$tmp/bad.json"
"$bin" sla eval "$tmp/bad.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] && ok "sla eval: invalid input exits 2" || nok "sla eval: invalid input exit $rc"
grep -q 'policy.targets\[0\].minutes' "$tmp/err" && ok "sla eval: error names the field" \
    || nok "sla eval: error names the field ($(cat "$tmp/err"))"
[ ! -s "$tmp/out" ] && ok "sla eval: nothing on stdout on error" || nok "sla eval: stdout on error"
# Minutes the configuration would refuse (more than 1e8) never reach the engine:
# a deadline past year 9999 could not be printed and vanished from the output.
echo '{"now":"2026-01-02T00:00:00Z","policy":{"targets":[{"metric":"first_reply","minutes":99999999999999999}]},"events":[{"at":"2026-01-01T00:00:00Z","type":"created"}]}' \
    | "$bin" sla eval - >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] && grep -q 'policy.targets\[0\].minutes' "$tmp/err" && ok "sla eval: absurd minutes exit 2 naming the field" \
    || nok "sla eval: absurd minutes (rc $rc, $(cat "$tmp/out" "$tmp/err"))"
# A UTF-8 byte order mark (PowerShell and Notepad write one) is not an error.
{ printf '\357\273\277'; cat "$tmp/in.json"; } >"$tmp/bom.json"
got=$("$bin" sla eval --compact "$tmp/bom.json" 2>&1)
[ "$got" = "$want" ] && ok "sla eval: a leading byte order mark is skipped" || nok "sla eval: BOM ($got)"
echo '{not json' | "$bin" sla eval - >/dev/null 2>&1
rc=$?
[ "$rc" -eq 2 ] && ok "sla eval: malformed JSON exits 2" || nok "sla eval: malformed JSON exit $rc"
[ "$fails" -eq 0 ]
