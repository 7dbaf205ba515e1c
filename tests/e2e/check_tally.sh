#!/bin/sh
# The test tally of make check: a skipped unit test (cmocka skip(), e.g. a
# provider fixture from ../shared that was not found) is reported as skipped
# with its name and never counted as a pass; a checkout beside ../shared (a
# clean clone, not a worktree) finds the fixtures, so nothing skips there.
set -u
cd "$(dirname "$0")/../.."
root=$PWD
t=$root/build/tests/test_providers_freshdesk
tmp=$(mktemp -d /tmp/ticketty-e2e-tally.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
unset TICKETTY_SHARED TICKETTY_ROOT
fails=0
check() { # description, then a command that must succeed
    d=$1; shift
    if "$@" >/dev/null 2>&1; then echo "ok - $d"; else echo "not ok - $d"; fails=$((fails + 1)); fi
}
shared=$root/../shared
[ -d "$shared/providers" ] || shared=$(dirname "$(git rev-parse --path-format=absolute --git-common-dir)")/../shared
if [ ! -x "$t" ] || [ ! -d "$shared/providers" ]; then
    echo "not ok - needs build/tests/test_providers_freshdesk (make unit) and ../shared/providers"
    exit 1
fi

# No ../shared anywhere above the checkout: the fixture tests skip.
mkdir -p "$tmp/alone/ticketty"
(cd "$tmp/alone/ticketty" && sh "$root/scripts/run-tests.sh" "$t") >"$tmp/skip.out" 2>&1
check "run-tests.sh without ../shared exits 0" test $? -eq 0
check "skipped fixture tests are counted as skipped" grep -Eq '^unit: [0-9]+ passed, 0 failed, [1-9][0-9]* skipped$' "$tmp/skip.out"
check "skipped tests are named" grep -q 'skipped: .*test_ticket_fixture' "$tmp/skip.out"
total=$(CMOCKA_MESSAGE_OUTPUT=stdout "$t" 2>&1 | sed -n 's/^\[==========\] Running \([0-9]*\) test.*/\1/p')
p=$(sed -n 's/^unit: \([0-9]*\) passed.*/\1/p' "$tmp/skip.out")
s=$(sed -n 's/^unit: .* \([0-9]*\) skipped$/\1/p' "$tmp/skip.out")
check "passed + skipped = tests run, so no skip counts as a pass" test "$((p + s))" -eq "${total:-0}" -a "$s" -gt 0

# A clean clone sits beside ../shared: the same tests run and none skips.
mkdir -p "$tmp/work/ticketty"
ln -s "$(cd "$shared" && pwd)" "$tmp/work/shared"
(cd "$tmp/work/ticketty" && sh "$root/scripts/run-tests.sh" "$t") >"$tmp/clone.out" 2>&1
check "a checkout beside ../shared runs the fixture tests" grep -Eq '^unit: [1-9][0-9]* passed, 0 failed, 0 skipped$' "$tmp/clone.out"

# check.sh adds the skipped column to its final line.
check "check.sh reports skips on their own line" grep -q 'echo "$total_s skipped"' scripts/check.sh
check "check.sh ends with exactly 'N passed, N failed'" sh -c 'tail -3 scripts/check.sh | grep -q "^echo \"\$total_p passed, \$total_f failed\"$"'
exit $((fails != 0))
