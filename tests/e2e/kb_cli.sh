#!/bin/sh
# kb_cli.sh: kb index / search / check end to end on a real git repository.
set -u
cd "$(dirname "$0")/../.."
T=$PWD/build/ticketty
D=$(mktemp -d /tmp/ticketty-e2e-kb.XXXXXX)
trap 'rm -rf "$D"' EXIT
fails=0
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }
git_() { (cd "$D/kb" && git -c user.name=T -c user.email=t@example.com "$@" >/dev/null 2>&1); }
art() { mkdir -p "$D/kb/$(dirname "$1")"; printf -- '---\n%b---\n%b' "$2" "$3" >"$D/kb/$1"; }

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
[ $fails -eq 0 ]
