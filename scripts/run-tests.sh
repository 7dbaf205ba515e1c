#!/bin/sh
# Run cmocka test binaries; print each one's result and a tally line
# "unit: N passed, N failed, N skipped" that scripts/check.sh adds up.  A
# cmocka skip() (e.g. a fixture from ../shared that was not found) is counted
# as skipped, never as passed, and its name is printed.
set -u
passed=0 failed=0 skipped=0
for t in "$@"; do
    out=$(CMOCKA_MESSAGE_OUTPUT=stdout "$t" 2>&1)
    rc=$?
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    s=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -1)
    p=${p:-0} f=${f:-0} s=${s:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed or aborted before cmocka's summary
    fi
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    if [ "$f" -ne 0 ]; then
        printf '%s\n' "$out" | grep -v '^\[ \(RUN\|       OK\) ' | tail -40
        echo "FAIL $(basename "$t"): $p passed, $f failed"
    elif [ "$s" -ne 0 ]; then
        names=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([^ ]*\)$/\1/p' | sort -u | tr '\n' ' ')
        echo "ok   $(basename "$t"): $p passed, $s skipped: $names"
    else
        echo "ok   $(basename "$t"): $p passed"
    fi
done
echo "unit: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
