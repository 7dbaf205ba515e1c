#!/bin/sh
# make check: unit tests, the unit tests again under ASan+UBSan, then the
# end-to-end scenarios in tests/e2e/.  Ends with one line
# "N passed, N failed, N skipped": a skipped test (cmocka skip(), TAP
# "ok - ... # skip") is never counted as a pass.
set -u
cd "$(dirname "$0")/.."
total_p=0 total_f=0 total_s=0
tally() { # parse "...: N passed, N failed, N skipped" from the last line of a log
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
    p=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) passed.*/\1/p')
    f=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p')
    k=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) skipped.*/\1/p')
    total_p=$((total_p + ${p:-0})) total_f=$((total_f + ${f:-1})) total_s=$((total_s + ${k:-0}))
}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== unit tests"
make --no-print-directory unit 2>&1 | tee "$log"; tally "$log"

echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
if make --no-print-directory asan >"$log.build" 2>&1; then
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        scripts/run-tests.sh $(ls build-asan/tests/test_* | grep -v "\.d$") 2>&1 | sed 's/^unit:/asan:/' | tee "$log"
    tally "$log"
else
    tail -30 "$log.build"; echo "asan: build failed"; total_f=$((total_f + 1))
fi
rm -f "$log.build"

echo "== end-to-end tests"
for s in tests/e2e/*.sh; do
    [ -e "$s" ] || continue
    sh "$s" >"$log" 2>&1
    rc=$?
    # "ok - ... # skip REASON" (TAP) is a skip, not a pass.
    k=$(grep '^ok ' "$log" | grep -ci '# skip')
    p=$(($(grep -c '^ok ' "$log") - k)) f=$(grep -c '^not ok ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    total_p=$((total_p + p)) total_f=$((total_f + f)) total_s=$((total_s + k))
    if [ "$f" -ne 0 ]; then
        tail -40 "$log"; echo "FAIL $s"
    else
        extra=
        [ "$k" -gt 0 ] && extra=", $k skipped"
        echo "ok   $s: $p passed$extra"
    fi
done

# The last line is exactly "N passed, N failed" (scripts and CI read it);
# skips are reported on the line before it.
echo "$total_s skipped"
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
